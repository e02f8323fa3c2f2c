"""Reading an intervention's result honestly: the effect, its subgroups, attrition, a follow-up, and the threats.

:func:`~matframework.evaluate` takes an :class:`~matframework.Intervention`
with its scores (and, ideally, its :class:`~matframework.EvaluationPlan`) and
returns an :class:`Evaluation`:

- the effect on the outcome (:func:`~matframework.effect_size`);
- each group of pupils' own effect, with its interval and counts, or the
  reason it is withheld: fewer than ``min_subgroup`` pupils in a group;
- attrition: the share of the pupils who sat the pre-test but have no
  post-test score, in each group;
- the effect at the follow-up test, if one was sat;
- the smallest effect the study could have detected with the pupils it
  kept (:func:`~matframework.minimum_detectable_effect`);
- the threats to the result, in words: no comparison group, a minimum
  detectable effect larger than the effect seen, attrition above
  ``attrition_limit``, groups that differed at the start, small numbers, a
  measure of the school's own, and others the plan reveals.

It names threats and awards no security rating: the EEF's padlocks are given
by its reviewers, to studies whose full reports they have read. The defaults
``MIN_SUBGROUP`` and ``ATTRITION_LIMIT`` are ours.
"""

from __future__ import annotations

import enum
import math

import attrs

from matframework.analysis.effects import SMALL_GROUP, START_GAP_LIMIT, EffectKind, EffectSize, effect_size
from matframework.analysis.power import design_effect, minimum_detectable_effect
from matframework.errors import Problem, ValidationError
from matframework.model._display import attach
from matframework.model.evaluation import EvaluationPlan, MeasureKind, PupilGroup
from matframework.model.impact import Intervention, Scores

__all__ = [
    "ATTRITION_LIMIT",
    "MIN_SUBGROUP",
    "Attrition",
    "Evaluation",
    "SubgroupEffect",
    "Threat",
    "ThreatKind",
    "evaluate",
]


def __dir__() -> list[str]:
    return __all__


MIN_SUBGROUP = 10
"""The fewest pupils, in each group, for a subgroup's effect to be given (ours)."""

ATTRITION_LIMIT = 0.1
"""The share of pupils lost between pre- and post-test above which attrition is named as a threat (ours)."""


class ThreatKind(enum.Enum):
    """A kind of threat to an evaluation's result.

    Example:
        >>> ThreatKind("no comparison group").name
        'NO_COMPARISON'

    .. versionadded:: 0.2.0
    """

    NO_PLAN = "no evaluation plan"
    NO_COMPARISON = "no comparison group"
    UNDERPOWERED = "too small to detect"
    ATTRITION = "attrition"
    IMBALANCE = "imbalance at the start"
    SMALL_NUMBERS = "small numbers"
    OWN_MEASURE = "the school's own measure"
    SELECTION_TEST = "selected on the outcome test"
    NOT_BLIND = "marking not blind"
    CLUSTERED = "whole groups allocated"
    UNPLANNED_SUBGROUP = "subgroup not in the plan"


@attrs.frozen
class Threat:
    """One threat to an evaluation's result, in words.

    Example:
        >>> Threat(ThreatKind.SMALL_NUMBERS, "Only 12 pupils.").kind.value
        'small numbers'

    .. versionadded:: 0.2.0
    """

    kind: ThreatKind
    words: str

    def __str__(self) -> str:
        return self.words


@attrs.frozen(kw_only=True)
class Attrition:
    """Pupils lost between the pre-test and the post-test.

    Attributes:
        started: Intervention pupils who sat the pre-test.
        finished: Those with a post-test score.
        comparison_started: Comparison pupils who sat the pre-test (``None`` without a comparison group).
        comparison_finished: Those with a post-test score.

    Example:
        >>> a = Attrition(started=50, finished=44, comparison_started=50, comparison_finished=48)
        >>> round(a.overall, 2), round(a.differential, 2)
        (0.08, 0.08)

    .. versionadded:: 0.2.0
    """

    started: int
    finished: int
    comparison_started: int | None = None
    comparison_finished: int | None = None

    @property
    def share(self) -> float:
        """The share of intervention pupils lost."""
        return 1 - self.finished / self.started if self.started else 0.0

    @property
    def comparison_share(self) -> float | None:
        """The share of comparison pupils lost."""
        if self.comparison_started is None or self.comparison_finished is None:
            return None
        return 1 - self.comparison_finished / self.comparison_started if self.comparison_started else 0.0

    @property
    def overall(self) -> float:
        """The share of all pupils lost."""
        started = self.started + (self.comparison_started or 0)
        finished = self.finished + (self.comparison_finished or 0)
        return 1 - finished / started if started else 0.0

    @property
    def differential(self) -> float | None:
        """The difference between the groups' shares lost (intervention minus comparison)."""
        other = self.comparison_share
        return None if other is None else self.share - other


@attrs.frozen(kw_only=True)
class SubgroupEffect:
    """One group of pupils' own effect, or why it is withheld.

    Attributes:
        group: Which group.
        n: Its pupils in the intervention group.
        n_comparison: Its pupils in the comparison group (``None`` without one).
        effect: Its effect size with its interval, or ``None`` when withheld.
        withheld: Why the effect is not given, in words (``None`` when it is).
        planned: Whether the evaluation plan named this group before the start.

    Example:
        >>> SubgroupEffect(group=PupilGroup.EAL, n=4, n_comparison=5, effect=None,
        ...     withheld="4 pupils, fewer than 10").withheld
        '4 pupils, fewer than 10'

    .. versionadded:: 0.2.0
    """

    group: PupilGroup
    n: int
    n_comparison: int | None
    effect: EffectSize | None
    withheld: str | None = None
    planned: bool = True


@attrs.frozen(kw_only=True)
class Evaluation:
    """An intervention's result read honestly: the effect, its subgroups, attrition, follow-up and threats.

    Attributes:
        title: The intervention's title.
        effect: The effect on the outcome.
        minimum_detectable: The smallest effect the study could detect with the pupils it kept, for
            the analysis done (a difference of post-test means, so no pre-test correlation comes
            off; the plan's ICC and cluster size do apply), at the power and level asked for;
            ``None`` without a comparison group.
        planned_minimum: The minimum detectable effect by the plan's own figures (its pre-test
            correlation included) for every pupil who started; ``None`` without a plan or a
            comparison group.
        subgroups: Each reported group of pupils.
        missing_subgroups: Groups the plan named whose results are not given.
        attrition: Pupils lost between the tests, when the number who started is known.
        follow_up: The effect at the follow-up test, if one was sat.
        threats: The threats to the result, in words.
        design_effect: 1 + (m − 1)·ICC when whole classes or schools were allocated and the plan
            gives the ICC; 1 when pupils were; ``None`` when groups were allocated with no ICC.

    Example:
        >>> from matframework import examples
        >>> ev = evaluate(examples.reading_trials()[2])
        >>> ev
        <Evaluation of 'Read Together' (Cedar Primary (fictional)): g 0.24, 6 threats>
        >>> ev.threat(ThreatKind.ATTRITION).words[:40]
        '18% of the pupils who sat the pre-test h'

    .. versionadded:: 0.2.0
    """

    title: str
    school: str | None
    effect: EffectSize
    minimum_detectable: float | None
    planned_minimum: float | None
    subgroups: tuple[SubgroupEffect, ...]
    missing_subgroups: tuple[PupilGroup, ...]
    attrition: Attrition | None
    follow_up: EffectSize | None
    threats: tuple[Threat, ...]
    design_effect: float | None = 1.0

    @property
    def standard_error(self) -> float | None:
        """The effect's standard error, widened by the design effect when groups were allocated.

        ``None`` without a comparison group, or when groups were allocated and the plan gives no
        ICC (so the widening cannot be known). :func:`~matframework.pool` weights by it.
        """
        low, high = self.effect.ci_low, self.effect.ci_high
        if low is None or high is None or self.design_effect is None:
            return None
        return (high - low) / (2 * 1.96) * math.sqrt(self.design_effect)

    @property
    def interval(self) -> tuple[float, float] | None:
        """The effect's 95% interval with :attr:`standard_error` (wider than the effect's own when groups were allocated)."""
        se = self.standard_error
        return None if se is None else (self.effect.g - 1.96 * se, self.effect.g + 1.96 * se)

    def threat(self, kind: ThreatKind) -> Threat | None:
        """The threat of ``kind``, if it is named."""
        return next((t for t in self.threats if t.kind is kind), None)

    def __repr__(self) -> str:
        where = f" ({self.school})" if self.school else ""
        return f"<Evaluation of {self.title!r}{where}: g {self.effect.g:.2f}, {len(self.threats)} threats>"


def _subgroup(
    group: PupilGroup, scores: Scores, comparison: Scores | None, minimum: int, *, planned: bool
) -> SubgroupEffect:
    counts = [("the intervention group", scores.count)]
    if comparison is not None:
        counts.append(("the comparison group", comparison.count))
    few = [f"{n} in {which}" for which, n in counts if n < minimum]
    withheld = (
        f"{' and '.join(few)}, fewer than {minimum}: too few for an effect of their own" if few else None
    )
    return SubgroupEffect(
        group=group,
        n=scores.count,
        n_comparison=comparison.count if comparison is not None else None,
        effect=None if withheld else effect_size(scores, comparison),
        withheld=withheld,
        planned=planned,
    )


def _attrition(intervention: Intervention) -> Attrition | None:
    scores, comparison = intervention.scores, intervention.comparison
    if scores is None or (scores.started is None and (comparison is None or comparison.started is None)):
        return None
    return Attrition(
        started=scores.started if scores.started is not None else scores.count,
        finished=scores.count,
        comparison_started=(
            (comparison.started if comparison.started is not None else comparison.count)
            if comparison
            else None
        ),
        comparison_finished=comparison.count if comparison else None,
    )


def _check_settings(min_subgroup: int, attrition_limit: float) -> None:
    problems = []
    if type(min_subgroup) is not int or min_subgroup < 2:  # noqa: PLR2004 - an effect needs two pupils a group
        problems.append(
            Problem(path=("min_subgroup",), message=repr(min_subgroup), expected="a whole number, 2 or more")
        )
    limit: object = attrition_limit
    if isinstance(limit, bool) or not isinstance(limit, int | float) or not (0 <= limit < 1):
        problems.append(
            Problem(
                path=("attrition_limit",), message=repr(attrition_limit), expected="a share from 0 to below 1"
            )
        )
    if problems:
        raise ValidationError(problems)


def evaluate(
    intervention: Intervention,
    *,
    min_subgroup: int = MIN_SUBGROUP,
    attrition_limit: float = ATTRITION_LIMIT,
    power: float = 0.8,
    alpha: float = 0.05,
) -> Evaluation:
    """Read an intervention's result honestly: the effect, subgroups, attrition, follow-up and threats in words.

    Args:
        intervention: The intervention, with its scores and (ideally) its evaluation plan.
        min_subgroup: The fewest pupils in each group for a subgroup's effect to be given.
        attrition_limit: The share of pupils lost above which attrition is named as a threat.
        power: The power for the minimum detectable effect.
        alpha: The two-sided significance level for it.

    Raises:
        ValidationError: The intervention has no scores, or the settings are out of range.

    Example:
        >>> from matframework import examples
        >>> ev = evaluate(examples.reading_trials()[2])
        >>> [(s.group.value, s.n, s.withheld is None) for s in ev.subgroups]
        [('pupil premium', 11, True), ('EAL', 5, False)]
        >>> round(ev.attrition.overall, 3), round(ev.minimum_detectable, 2)
        (0.176, 0.75)
        >>> [t.kind.value for t in ev.threats]  # doctest: +NORMALIZE_WHITESPACE
        ['too small to detect', 'attrition', 'imbalance at the start', 'small numbers',
         "the school's own measure", 'marking not blind']

    .. versionadded:: 0.2.0
    """
    _check_settings(min_subgroup, attrition_limit)
    effect = effect_size(intervention)
    plan = intervention.evaluation
    threats: list[Threat] = []
    if plan is None:
        threats.append(
            Threat(
                ThreatKind.NO_PLAN,
                "There is no evaluation plan: the question, measure and design were not set down before the start, "
                "so the result cannot be checked against what was meant to be found out.",
            )
        )
    if effect.kind is EffectKind.STANDARDISED_MEAN_CHANGE:
        threats.append(
            Threat(
                ThreatKind.NO_COMPARISON,
                "There is no comparison group: the gain includes the progress the pupils would have made anyway.",
            )
        )
    attrition = _attrition(intervention)
    minimum = planned = None
    if effect.n_comparison is not None:
        clustering = {
            "icc": (plan.icc if plan else None) or 0.0,
            "cluster_size": (plan.cluster_size if plan else None) or 1,
            "power": power,
            "alpha": alpha,
        }
        # The effect is a difference of post-test means, not adjusted for the pre-test: no r² comes off.
        minimum = minimum_detectable_effect(effect.n, effect.n_comparison, **clustering)
        if plan is not None:
            started = (attrition.started, attrition.comparison_started) if attrition else (None, None)
            planned = minimum_detectable_effect(
                started[0] or effect.n,
                started[1] or effect.n_comparison,
                pretest_correlation=plan.pretest_correlation or 0.0,
                **clustering,
            )
        threats.extend(
            _power_threats(effect, minimum, planned, plan.expected_effect if plan else None, power)
        )
    threats.extend(_result_threats(effect, attrition, attrition_limit))
    if plan is not None:
        threats.extend(_plan_threats(plan))
    subgroups = tuple(
        _subgroup(
            sub.group,
            sub.scores,
            sub.comparison,
            min_subgroup,
            planned=plan is None or sub.group in plan.subgroups,
        )
        for sub in intervention.subgroups
    )
    unplanned = [s.group.value for s in subgroups if not s.planned]
    if unplanned:
        threats.append(
            Threat(
                ThreatKind.UNPLANNED_SUBGROUP,
                f"Results for {', '.join(unplanned)} are reported but the plan did not name them: a difference "
                "found after looking is a question for the next study, not an answer.",
            )
        )
    reported = {s.group for s in subgroups}
    follow_up = None
    if intervention.follow_up is not None:
        follow_up = effect_size(intervention.follow_up, intervention.comparison_follow_up)
    clustered = plan is not None and plan.allocation.clustered
    widening: float | None = 1.0
    if clustered and plan is not None:
        widening = design_effect(plan.icc, plan.cluster_size or 1) if plan.icc is not None else None
    return Evaluation(
        design_effect=widening,
        title=intervention.title,
        school=", ".join(intervention.schools) or None,
        effect=effect,
        minimum_detectable=minimum,
        planned_minimum=planned,
        subgroups=subgroups,
        missing_subgroups=tuple(g for g in (plan.subgroups if plan else ()) if g not in reported),
        attrition=attrition,
        follow_up=follow_up,
        threats=tuple(threats),
    )


def _result_threats(effect: EffectSize, attrition: Attrition | None, attrition_limit: float) -> list[Threat]:
    """Attrition, imbalance at the start and small numbers."""
    found: list[Threat] = []
    if attrition is not None and attrition.overall > attrition_limit:
        differential = attrition.differential
        apart = (
            f" (the intervention group lost {attrition.share:.0%}, the comparison group {attrition.comparison_share:.0%})"
            if differential is not None
            else ""
        )
        found.append(
            Threat(
                ThreatKind.ATTRITION,
                f"{attrition.overall:.0%} of the pupils who sat the pre-test have no post-test score{apart}, "
                f"more than {attrition_limit:.0%}: those who left may differ from those who stayed.",
            )
        )
    if effect.start_gap is not None and abs(effect.start_gap) > START_GAP_LIMIT:
        found.append(
            Threat(
                ThreatKind.IMBALANCE,
                f"The groups differed at the start by {effect.start_gap:+.2f} SD (more than {START_GAP_LIMIT}): "
                "part of the difference at the end may be that gap.",
            )
        )
    small = [
        f"{label} has {n} pupils"
        for label, n in (("the intervention group", effect.n), ("the comparison group", effect.n_comparison))
        if n is not None and n < SMALL_GROUP
    ]
    if small:
        found.append(
            Threat(
                ThreatKind.SMALL_NUMBERS,
                f"Small numbers: {' and '.join(small)} (under {SMALL_GROUP}); one or two pupils can move the result.",
            )
        )
    return found


def _power_threats(
    effect: EffectSize, minimum: float, planned: float | None, hoped: float | None, power: float
) -> list[Threat]:
    words = []
    if abs(effect.g) < minimum:
        words.append(
            f"The smallest effect this study could detect ({minimum:.2f} at {power:.0%} power) is larger than "
            f"the effect seen ({effect.g:.2f}): a real effect of this size would often be missed, "
            "and one study cannot tell it from chance."
        )
    if hoped is not None and planned is not None and hoped < planned:
        words.append(
            f"The plan hoped for an effect of {hoped:.2f}, but even by its own figures, with every pupil who "
            f"started, the smallest effect it could detect was {planned:.2f}."
        )
    return [Threat(ThreatKind.UNDERPOWERED, " ".join(words))] if words else []


def _plan_threats(plan: EvaluationPlan) -> list[Threat]:
    found: list[Threat] = []
    outcome = plan.outcome
    if outcome is not None and outcome.kind is MeasureKind.OWN:
        found.append(
            Threat(
                ThreatKind.OWN_MEASURE,
                f"The outcome is measured by the school's own test ({outcome.name}): it may be closer to what was "
                "taught than a standardised test, and its reliability is not known from elsewhere.",
            )
        )
    if outcome is not None and outcome.same_as_selection:
        found.append(
            Threat(
                ThreatKind.SELECTION_TEST,
                f"The pupils were chosen by the test that measures the outcome ({outcome.name}): pupils picked for "
                "low scores tend to score higher next time whatever is done (regression to the mean).",
            )
        )
    if plan.blind_marking is False and (outcome is None or outcome.kind is not MeasureKind.NATIONAL):
        found.append(
            Threat(
                ThreatKind.NOT_BLIND,
                "The markers knew which pupils had the intervention, which can tilt the marking.",
            )
        )
    if plan.allocation.clustered:
        words = (
            f"Whole {plan.allocation.value}es were allocated"
            if plan.allocation.value == "class"
            else f"Whole {plan.allocation.value}s were allocated"
        )
        icc = (
            f"the minimum detectable effect allows for an ICC of {plan.icc:g}"
            if plan.icc is not None
            else "no ICC is given, so the minimum detectable effect assumes none"
        )
        found.append(
            Threat(
                ThreatKind.CLUSTERED,
                f"{words}: the confidence interval treats pupils as independent and is too narrow; {icc}.",
            )
        )
    return found


attach(
    Attrition, Evaluation, SubgroupEffect, Threat
)  # the notebook display hook (matframework.views.notebook)
