"""Interventions and the evidence of their impact: :class:`Intervention`, :class:`Scores`, :class:`ImpactCheck`.

An intervention is something a school or the trust tries in order to improve
(a reading programme, a coaching model). The MAT improvement framework's tips
for assessing impact become a checklist on each intervention
(:class:`ImpactCheck`), and the pupils' assessment scores at the start and end
(:class:`Scores`) feed :func:`matframework.effect_size`. An evaluation plan
(:class:`~matframework.EvaluationPlan`) set down before the start, results for
groups of pupils (:class:`SubgroupScores`) and a follow-up test feed
:func:`matframework.evaluate`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from matframework.errors import Problem, ValidationError
from matframework.model._checks import (
    constraint,
    instance,
    meets,
    numbers,
    optional,
    optional_number,
    optional_text,
    optional_whole,
    text,
    texts,
    tuple_of,
)
from matframework.model._display import attach
from matframework.model.evaluation import EvaluationPlan, PupilGroup
from matframework.model.improvement import ImprovementFramework, ReviewStatus

__all__ = ["ImpactCheck", "Intervention", "Scores", "SubgroupScores"]


def __dir__() -> list[str]:
    return __all__


_SCORE = constraint(finite=True, expected="a finite number", message="{value!r} is not a score")


@attrs.frozen(kw_only=True)
class Scores:
    """A group's assessment results at the start and end of an intervention.

    Give either the raw scores (``start`` and ``end``, one pair per pupil, in
    the same order) or summary statistics (``n``, ``start_mean``,
    ``start_sd``, ``end_mean``, ``end_sd``, and ``gain_sd`` if the standard
    deviation of the pupils' gains is known). Attendance (per cent) at the
    start and end may be added to either, and ``started``: how many pupils
    sat the pre-test, when some of them have no end score (the attrition).

    Example:
        >>> s = Scores(start=(10, 12, 14), end=(13, 14, 18))
        >>> s.count, s.raw
        (3, True)
        >>> Scores(n=30, start_mean=50.0, start_sd=10.0, end_mean=56.0, end_sd=11.0).raw
        False

    .. versionadded:: 0.1.0
    """

    start: tuple[float, ...] = attrs.field(default=(), validator=[numbers, meets], metadata=_SCORE)
    end: tuple[float, ...] = attrs.field(default=(), validator=[numbers, meets], metadata=_SCORE)
    n: int | None = attrs.field(
        default=None, validator=[optional_whole, meets], metadata=constraint(minimum=0, expected="0 or more")
    )
    start_mean: float | None = attrs.field(default=None, validator=[optional_number, meets], metadata=_SCORE)
    start_sd: float | None = attrs.field(default=None, validator=[optional_number, meets], metadata=_SCORE)
    end_mean: float | None = attrs.field(default=None, validator=[optional_number, meets], metadata=_SCORE)
    end_sd: float | None = attrs.field(default=None, validator=[optional_number, meets], metadata=_SCORE)
    gain_sd: float | None = attrs.field(default=None, validator=[optional_number, meets], metadata=_SCORE)
    attendance_start: float | None = attrs.field(
        default=None, validator=[optional_number, meets], metadata=_SCORE
    )
    attendance_end: float | None = attrs.field(
        default=None, validator=[optional_number, meets], metadata=_SCORE
    )
    started: int | None = attrs.field(
        default=None, validator=[optional_whole, meets], metadata=constraint(minimum=0, expected="0 or more")
    )

    def __attrs_post_init__(self) -> None:
        summary = (self.n, self.start_mean, self.start_sd, self.end_mean, self.end_sd)
        problems: list[Problem] = []
        if self.started is not None and self.started < self.count:
            problems.append(
                Problem(
                    path=("started",),
                    message=f"{self.started} pupils started but {self.count} have end scores",
                    expected=f"{self.count} or more (those who sat the pre-test)",
                )
            )
        if self.start or self.end:
            if any(v is not None for v in (*summary, self.gain_sd)):
                problems.append(
                    Problem(message="give raw scores or summary statistics, not both", expected="one of them")
                )
            if len(self.start) != len(self.end):
                problems.append(
                    Problem(
                        path=("end",),
                        message=f"{len(self.start)} start scores but {len(self.end)} end scores",
                        expected="a start and an end score for every pupil",
                    )
                )
        elif any(v is None for v in summary):
            names = ("n", "start_mean", "start_sd", "end_mean", "end_sd")
            problems.extend(
                Problem(path=(name,), message="is required for summary statistics", expected="a number")
                for name, value in zip(names, summary, strict=True)
                if value is None
            )
        if problems:
            raise ValidationError(problems)

    @property
    def raw(self) -> bool:
        """Whether the pupils' raw scores are given (rather than summary statistics)."""
        return bool(self.start)

    @property
    def count(self) -> int:
        """How many pupils."""
        return len(self.start) if self.raw else (self.n or 0)


@attrs.frozen(kw_only=True)
class ImpactCheck:
    """How far one of the article's impact tips has been followed for an intervention.

    Attributes:
        tip: The tip's key (the ``key`` of one of ``ImprovementFramework.impact_tips``).
        status: Yes, partly or no; ``None`` until considered.
        evidence: What shows it.

    Example:
        >>> ImpactCheck(tip="feedback", status=ReviewStatus.YES, evidence="Pupil survey, July").status.value
        'yes'

    .. versionadded:: 0.1.0
    """

    tip: str = attrs.field(validator=text)
    status: ReviewStatus | None = attrs.field(default=None, validator=optional(ReviewStatus))
    evidence: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class SubgroupScores:
    """The results of one group of pupils (SEND, pupil premium, ...) within an intervention.

    Attributes:
        group: Which group.
        scores: The group's pupils in the intervention.
        comparison: The group's pupils in the comparison group, when there is one.

    Example:
        >>> s = SubgroupScores(group=PupilGroup.EAL, scores=Scores(start=(9, 11), end=(12, 13)))
        >>> s.group.value, s.scores.count
        ('EAL', 2)

    .. versionadded:: 0.2.0
    """

    group: PupilGroup = attrs.field(validator=instance(PupilGroup))
    scores: Scores = attrs.field(validator=instance(Scores))
    comparison: Scores | None = attrs.field(default=None, validator=optional(Scores))


def _too_many(
    part: Scores | None, whole: Scores | None, path: tuple[str | int, ...], what: str
) -> list[Problem]:
    if part is None or whole is None or part.count <= whole.count:
        return []
    return [
        Problem(
            path=path,
            message=f"{part.count} pupils, more than the {whole.count} of the whole {what}",
            expected=f"at most {whole.count} pupils",
        )
    ]


@attrs.frozen(kw_only=True)
class Intervention:
    """An intervention a trust or school runs, and the evidence of its impact.

    Attributes:
        title: What it is called.
        schools: The schools taking part.
        elements: Codes of the framework elements it serves (e.g. ``"3B"``).
        intended_outcome: What it should achieve.
        monitoring: How its delivery is monitored.
        starts_on: When it starts.
        ends_on: When it ends.
        cost: What it costs in total (in pounds).
        pupils_reached: How many pupils it reaches.
        checklist: The impact-evaluation checklist, one item per tip.
        evaluation: How its impact is to be found out, set down before the start.
        scores: The intervention group's start and end results.
        comparison: A comparison group's results, when there is one.
        subgroups: The results of groups of pupils within both groups.
        follow_up: The intervention group's pre-test and follow-up results (``end`` is the
            follow-up test), when a follow-up test was sat.
        comparison_follow_up: The comparison group's, likewise.

    Example:
        >>> from matframework import improvement_framework
        >>> i = Intervention.planned(improvement_framework(), title="Reading for pleasure", elements=("3A",))
        >>> [c.tip for c in i.checklist][:2], i.open_checks()[0].tip
        (['outcome-and-monitoring', 'feedback'], 'outcome-and-monitoring')

    .. versionadded:: 0.1.0
    """

    title: str = attrs.field(validator=text)
    schools: tuple[str, ...] = attrs.field(default=(), validator=texts)
    elements: tuple[str, ...] = attrs.field(default=(), validator=texts)
    intended_outcome: str | None = attrs.field(default=None, validator=optional_text)
    monitoring: str | None = attrs.field(default=None, validator=optional_text)
    starts_on: dt.date | None = attrs.field(default=None, validator=optional(dt.date))
    ends_on: dt.date | None = attrs.field(default=None, validator=optional(dt.date))
    cost: float | None = attrs.field(
        default=None,
        validator=[optional_number, meets],
        metadata=constraint(
            finite=True,
            minimum=0,
            expected="0 or more (a finite number)",
            message="a cost cannot be negative",
        ),
    )
    pupils_reached: int | None = attrs.field(
        default=None,
        validator=[optional_whole, meets],
        metadata=constraint(minimum=0, expected="0 or more"),
    )
    checklist: tuple[ImpactCheck, ...] = attrs.field(
        default=(),
        validator=tuple_of(ImpactCheck),
    )
    evaluation: EvaluationPlan | None = attrs.field(default=None, validator=optional(EvaluationPlan))
    scores: Scores | None = attrs.field(default=None, validator=optional(Scores))
    comparison: Scores | None = attrs.field(default=None, validator=optional(Scores))
    subgroups: tuple[SubgroupScores, ...] = attrs.field(default=(), validator=tuple_of(SubgroupScores))
    follow_up: Scores | None = attrs.field(default=None, validator=optional(Scores))
    comparison_follow_up: Scores | None = attrs.field(default=None, validator=optional(Scores))

    def __attrs_post_init__(self) -> None:
        problems = self._evaluation_problems()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            problems.append(
                Problem(
                    path=("ends_on",),
                    message="the intervention ends before it starts",
                    expected="a later date",
                )
            )
        tips = [c.tip for c in self.checklist]
        problems.extend(
            Problem(path=("checklist", index, "tip"), message=f"tip {tip!r} is listed twice")
            for index, tip in enumerate(tips)
            if tip in tips[:index]
        )
        if problems:
            raise ValidationError(problems)

    def _evaluation_problems(self) -> list[Problem]:
        """What contradicts itself among the plan, the groups' scores, the subgroups and the follow-up."""
        problems: list[Problem] = []
        design = self.evaluation.design if self.evaluation else None
        if design is not None and not design.has_comparison and self.comparison is not None:
            problems.append(
                Problem(
                    path=("comparison",),
                    message="the evaluation plan's design is pre/post only, but a comparison group is given",
                    expected="no comparison group, or a design with one",
                )
            )
        for index, sub in enumerate(self.subgroups):
            where: tuple[str | int, ...] = ("subgroups", index)
            if sub.group in [s.group for s in self.subgroups[:index]]:
                problems.append(
                    Problem(path=(*where, "group"), message=f"{sub.group.value!r} is listed twice")
                )
            if self.scores is None:
                problems.append(
                    Problem(
                        path=(*where,),
                        message="a subgroup's scores without the whole group's",
                        expected="scores",
                    )
                )
            if sub.comparison is not None and self.comparison is None:
                problems.append(
                    Problem(
                        path=(*where, "comparison"),
                        message="a subgroup's comparison scores without a comparison group",
                        expected="a comparison group",
                    )
                )
            problems += _too_many(sub.scores, self.scores, (*where, "scores"), "intervention group")
            problems += _too_many(sub.comparison, self.comparison, (*where, "comparison"), "comparison group")
        if self.comparison_follow_up is not None and self.follow_up is None:
            problems.append(
                Problem(
                    path=("comparison_follow_up",),
                    message="the comparison group's follow-up without the intervention group's",
                    expected="follow_up as well",
                )
            )
        if self.follow_up is not None and self.scores is None:
            problems.append(
                Problem(
                    path=("follow_up",), message="a follow-up without the first results", expected="scores"
                )
            )
        for name, later, first in (
            ("follow_up", self.follow_up, self.scores),
            ("comparison_follow_up", self.comparison_follow_up, self.comparison),
        ):
            if (
                later is not None
                and first is not None
                and first.started is not None
                and later.count > first.started
            ):
                problems.append(
                    Problem(
                        path=(name,),
                        message=f"{later.count} pupils at the follow-up, more than the {first.started} who started",
                        expected=f"at most {first.started} pupils",
                    )
                )
        return problems

    @classmethod
    def planned(cls, reference: ImprovementFramework, *, title: str, **fields: Any) -> Intervention:
        """Return an intervention with an empty checklist item for every impact tip of ``reference``.

        Args:
            reference: The :class:`~matframework.ImprovementFramework` whose tips to use.
            title: The intervention's title.
            **fields: Any other fields.
        """
        return cls(
            title=title, checklist=tuple(ImpactCheck(tip=t.key) for t in reference.impact_tips), **fields
        )

    def check(self, tip: str) -> ImpactCheck | None:
        """Return the checklist item for ``tip``, if there is one."""
        return next((c for c in self.checklist if c.tip == tip), None)

    def open_checks(self) -> tuple[ImpactCheck, ...]:
        """The checklist items not yet fully met (status other than yes)."""
        return tuple(c for c in self.checklist if c.status is not ReviewStatus.YES)


attach(
    ImpactCheck, Intervention, Scores, SubgroupScores
)  # the notebook display hook (matframework.views.notebook)
