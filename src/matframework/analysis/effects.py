"""Impact figures for an intervention: effect sizes, confidence intervals and months of progress.

With a comparison group, :func:`effect_size` gives Hedges' g on the end
scores: Cohen's d with the pooled standard deviation, times the small-sample
correction J = 1 − 3/(4(n₁+n₂) − 9), with the 95% confidence interval
g ± 1.96·SE where SE = J·√((n₁+n₂)/(n₁n₂) + d²/(2(n₁+n₂))). It gives the same
on the pupils' gains (end − start), and the gap between the groups at the
start in standard-deviation units.

Without a comparison group it gives the standardised mean change (the mean
gain divided by the standard deviation of the start scores), labelled as
such: it includes the progress pupils would have made anyway.

:func:`months_of_progress` converts an effect size to months of additional
progress with the Education Endowment Foundation's table from its Teaching
and Learning Toolkit.
"""

from __future__ import annotations

import enum
import math
import statistics
from decimal import ROUND_HALF_UP, Decimal

import attrs

from matframework.errors import PathPart, Problem, ValidationError, shown
from matframework.model._display import repr_html
from matframework.model.impact import Intervention, Scores

__all__ = ["COST_BANDS", "EffectKind", "EffectSize", "cost_band", "effect_size", "months_of_progress"]


def __dir__() -> list[str]:
    return __all__


SMALL_GROUP = 30
"""Groups smaller than this get a caveat."""

START_GAP_LIMIT = 0.1
"""A start-score gap larger than this (in SD units) gets a caveat."""

# The EEF's conversion: the largest |effect size| (rounded to two decimals) for each month.
_MONTHS_UPPER_BOUNDS = (0.01, 0.09, 0.18, 0.26, 0.35, 0.44, 0.52, 0.61, 0.69, 0.78, 0.87, 0.95)


def _two_decimals(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


COST_BANDS = (
    (80.0, "very low"),
    (200.0, "low"),
    (720.0, "moderate"),
    (1200.0, "high"),
)
"""The highest cost, in pounds per pupil per year, of each of the EEF Toolkit's cost ratings.

From the EEF's page on the Toolkits' cost estimates: very low, less than £80 per pupil per year;
low, up to £200; moderate, up to £720; high, up to £1,200; very high, over £1,200 (the same
bands are given per class of 25). Earlier editions of the Toolkit used other figures; these are
the ones that page states.
"""


def cost_band(cost_per_pupil: float) -> str:
    """The EEF Toolkit's cost rating of a cost per pupil per year (see ``COST_BANDS``).

    Example:
        >>> cost_band(45), cost_band(200), cost_band(950), cost_band(1500)
        ('very low', 'low', 'high', 'very high')

    .. versionadded:: 0.2.0
    """
    if not (math.isfinite(cost_per_pupil) and cost_per_pupil >= 0):
        raise ValidationError(
            [Problem(message=f"{shown(cost_per_pupil)} per pupil", expected="a cost of £0 or more")]
        )
    if cost_per_pupil < COST_BANDS[0][0]:
        return COST_BANDS[0][1]
    return next((band for limit, band in COST_BANDS[1:] if cost_per_pupil <= limit), "very high")


def months_of_progress(effect: float | EffectSize) -> int:
    """Convert an effect size to months of additional progress (the EEF's Toolkit table).

    The effect size is first rounded to two decimals (half away from zero,
    on its decimal form), then its absolute value is looked up: up to 0.01 → 0 months;
    0.02–0.09 → 1; 0.10–0.18 → 2; 0.19–0.26 → 3; 0.27–0.35 → 4; 0.36–0.44 → 5;
    0.45–0.52 → 6; 0.53–0.61 → 7; 0.62–0.69 → 8; 0.70–0.78 → 9; 0.79–0.87 →
    10; 0.88–0.95 → 11; 0.96 and above → 12. Negative effects give negative
    months, mirrored.

    Args:
        effect: An effect size, or an :class:`EffectSize` (its ``g`` is used).

    Raises:
        ValueError: The effect size is not a finite number.

    Example:
        >>> months_of_progress(0.185), months_of_progress(0.184), months_of_progress(-0.4)
        (3, 2, -5)

    .. versionadded:: 0.1.0
    """
    value = effect.g if isinstance(effect, EffectSize) else effect
    if type(value) not in (int, float) or not math.isfinite(value):
        raise ValidationError(
            [Problem(message=f"{shown(value)} is not an effect size", expected="a finite number")]
        )
    if abs(value) >= 1:
        return -len(_MONTHS_UPPER_BOUNDS) if value < 0 else len(_MONTHS_UPPER_BOUNDS)
    size = abs(_two_decimals(value))
    months = sum(1 for bound in _MONTHS_UPPER_BOUNDS if size > Decimal(repr(bound)))
    return -months if value < 0 else months


class EffectKind(enum.Enum):
    """Which effect size was computed.

    Example:
        >>> EffectKind.HEDGES_G.label
        "Hedges' g against a comparison group"

    .. versionadded:: 0.1.0
    """

    HEDGES_G = "hedges_g"
    STANDARDISED_MEAN_CHANGE = "standardised_mean_change"

    @property
    def label(self) -> str:
        """The kind in words."""
        if self is EffectKind.HEDGES_G:
            return "Hedges' g against a comparison group"
        return "standardised mean change (no comparison group)"


@attrs.frozen(kw_only=True)
class EffectSize:
    """The impact figures of an intervention, with their caveats in words.

    Attributes:
        kind: Hedges' g against a comparison group, or the standardised mean
            change without one.
        g: The headline effect size: Hedges' g on the end scores, or the
            standardised mean change.
        ci_low: Lower end of the 95% confidence interval of ``g`` (``None``
            without a comparison group).
        ci_high: Upper end of the interval.
        months: Months of additional progress for ``g`` (EEF table).
        d: Cohen's d on the end scores (with a comparison group).
        gain_g: Hedges' g on the gains (end − start), when it can be computed.
        gain_ci_low: Lower end of its 95% interval.
        gain_ci_high: Upper end of its 95% interval.
        start_gap: The groups' difference at the start, in pooled standard
            deviations (intervention minus comparison).
        n: Pupils in the intervention group.
        n_comparison: Pupils in the comparison group.
        attendance_change: Change in the intervention group's attendance
            (end − start, percentage points), when given.
        cost_per_pupil: The intervention's cost divided by the pupils
            reached (or, failing that, by ``n``).
        cost_per_effect: The cost per pupil divided by ``g`` (what each
            standard deviation of effect cost per pupil); ``None`` unless ``g`` > 0.
        caveats: What to bear in mind, in words.

    Example:
        >>> es = effect_size(Scores(start=(10, 12, 11, 13), end=(12, 15, 13, 16)))
        >>> es
        <EffectSize standardised_mean_change 1.94: +12 months>
        >>> es.caveats[0][:31]
        'There is no comparison group: t'

    .. versionadded:: 0.1.0
    """

    kind: EffectKind
    g: float
    ci_low: float | None
    ci_high: float | None
    months: int
    d: float | None = None
    gain_g: float | None = None
    gain_ci_low: float | None = None
    gain_ci_high: float | None = None
    start_gap: float | None = None
    n: int
    n_comparison: int | None = None
    attendance_change: float | None = None
    cost_per_pupil: float | None = None
    cost_per_effect: float | None = None
    caveats: tuple[str, ...] = ()

    _repr_html_ = repr_html

    @property
    def cost_band(self) -> str | None:
        """The EEF Toolkit's cost rating of :attr:`cost_per_pupil` (``None`` without a cost)."""
        return cost_band(self.cost_per_pupil) if self.cost_per_pupil is not None else None

    def __repr__(self) -> str:
        interval = f", 95% CI {self.ci_low:.2f} to {self.ci_high:.2f}" if self.ci_low is not None else ""
        return f"<EffectSize {self.kind.value} {self.g:.2f}{interval}: {self.months:+d} months>"


@attrs.frozen
class _Summary:
    n: int
    start_mean: float
    start_sd: float
    end_mean: float
    end_sd: float
    gain_mean: float
    gain_sd: float | None


def _summarise(scores: Scores, path: tuple[PathPart, ...]) -> _Summary:
    problems: list[Problem] = []
    if scores.count < 2:  # noqa: PLR2004 - a standard deviation needs two pupils
        problems.append(Problem(path=path, message=f"{scores.count} pupil(s)", expected="at least 2 pupils"))
        raise ValidationError(problems)
    if scores.raw:
        gains = [e - s for s, e in zip(scores.start, scores.end, strict=True)]
        summary = _Summary(
            n=len(scores.start),
            start_mean=statistics.fmean(scores.start),
            start_sd=statistics.stdev(scores.start),
            end_mean=statistics.fmean(scores.end),
            end_sd=statistics.stdev(scores.end),
            gain_mean=statistics.fmean(gains),
            gain_sd=statistics.stdev(gains),
        )
    else:
        n, start_mean, start_sd = scores.n, scores.start_mean, scores.start_sd
        end_mean, end_sd = scores.end_mean, scores.end_sd
        if n is None or start_mean is None or start_sd is None or end_mean is None or end_sd is None:
            # Scores refuses to be made like this; kept for objects built around its checks.
            raise ValidationError([Problem(path=path, message="summary statistics are incomplete")])
        summary = _Summary(
            n=n,
            start_mean=start_mean,
            start_sd=start_sd,
            end_mean=end_mean,
            end_sd=end_sd,
            gain_mean=end_mean - start_mean,
            gain_sd=scores.gain_sd,
        )
    # A standard deviation whose square underflows to 0 (1e-190) is 0 for every formula here.
    problems.extend(
        Problem(
            path=(*path, name),
            message="the scores do not vary (standard deviation 0)",
            expected="scores that vary",
        )
        for name in ("start_sd", "end_sd")
        if not getattr(summary, name) ** 2 > 0
    )
    if summary.gain_sd is not None and not summary.gain_sd**2 > 0:
        summary = attrs.evolve(summary, gain_sd=None)  # gains that do not vary have no effect size
    if problems:
        raise ValidationError(problems)
    return summary


def _pooled(n1: int, sd1: float, n2: int, sd2: float) -> float:
    return math.sqrt(((n1 - 1) * sd1**2 + (n2 - 1) * sd2**2) / (n1 + n2 - 2))


def _hedges(mean1: float, mean2: float, pooled: float, n1: int, n2: int) -> tuple[float, float, float, float]:
    """Return d, g and the 95% interval of g."""
    d = (mean1 - mean2) / pooled
    j = 1 - 3 / (4 * (n1 + n2) - 9)
    g = j * d
    se = j * math.sqrt((n1 + n2) / (n1 * n2) + d**2 / (2 * (n1 + n2)))
    return d, g, g - 1.96 * se, g + 1.96 * se


def effect_size(intervention: Intervention | Scores, comparison: Scores | None = None) -> EffectSize:
    """Compute an intervention's effect size, interval, months of progress and costs, with caveats.

    Args:
        intervention: The intervention (its ``scores``, ``comparison``,
            ``cost`` and ``pupils_reached`` are used), or the intervention
            group's :class:`~matframework.Scores` directly.
        comparison: A comparison group's scores; by default the
            intervention's own ``comparison``, if any.

    Returns:
        Hedges' g (with a comparison group) or the standardised mean change
        (without), with the figures listed on :class:`EffectSize`.

    Raises:
        ValidationError: Scores are missing, a group has fewer than two
            pupils, or scores do not vary; never a NaN presented as a result.

    Example:
        >>> group = Scores(n=60, start_mean=100.0, start_sd=15.0, end_mean=112.0, end_sd=15.0)
        >>> others = Scores(n=60, start_mean=100.0, start_sd=15.0, end_mean=106.0, end_sd=15.0)
        >>> es = effect_size(group, others)
        >>> round(es.g, 3), round(es.ci_low, 2), round(es.ci_high, 2), es.months
        (0.397, 0.04, 0.76, 5)
        >>> effect_size(group).kind
        <EffectKind.STANDARDISED_MEAN_CHANGE: 'standardised_mean_change'>

    .. versionadded:: 0.1.0
    """
    cost = pupils = None
    if isinstance(intervention, Intervention):
        if intervention.scores is None:
            raise ValidationError(
                [
                    Problem(
                        path=("scores",),
                        message="the intervention has no scores",
                        expected="start and end scores",
                    )
                ]
            )
        scores, comparison = intervention.scores, comparison or intervention.comparison
        cost, pupils = intervention.cost, intervention.pupils_reached
    else:
        scores = intervention
    own = _summarise(scores, ("scores",))
    caveats: list[str] = []
    attendance = None
    if scores.attendance_start is not None and scores.attendance_end is not None:
        attendance = scores.attendance_end - scores.attendance_start
    if own.n < SMALL_GROUP:
        caveats.append(
            f"The intervention group is small ({own.n} pupils, under {SMALL_GROUP}): treat the figures with caution."
        )
    if comparison is None:
        g = own.gain_mean / own.start_sd
        caveats.insert(
            0,
            "There is no comparison group: this is the standardised mean change, and the gains include the "
            "progress pupils would have made anyway.",
        )
        result = EffectSize(
            kind=EffectKind.STANDARDISED_MEAN_CHANGE,
            g=g,
            ci_low=None,
            ci_high=None,
            months=months_of_progress(g),
            n=own.n,
        )
    else:
        other = _summarise(comparison, ("comparison",))
        pooled_end = _pooled(own.n, own.end_sd, other.n, other.end_sd)
        d, g, low, high = _hedges(own.end_mean, other.end_mean, pooled_end, own.n, other.n)
        start_gap = (own.start_mean - other.start_mean) / _pooled(
            own.n, own.start_sd, other.n, other.start_sd
        )
        gain = None
        if own.gain_sd and other.gain_sd:
            gain = _hedges(
                own.gain_mean,
                other.gain_mean,
                _pooled(own.n, own.gain_sd, other.n, other.gain_sd),
                own.n,
                other.n,
            )
        if other.n < SMALL_GROUP:
            caveats.append(f"The comparison group is small ({other.n} pupils, under {SMALL_GROUP}).")
        if abs(start_gap) > START_GAP_LIMIT:
            caveats.append(
                f"The groups differed at the start by {start_gap:+.2f} SD (more than {START_GAP_LIMIT}): "
                "the effect on end scores may reflect that gap; see the effect on gains."
            )
        if low <= 0 <= high:
            caveats.append("The 95% confidence interval spans zero: the data are consistent with no effect.")
        result = EffectSize(
            kind=EffectKind.HEDGES_G,
            g=g,
            ci_low=low,
            ci_high=high,
            months=months_of_progress(g),
            d=d,
            gain_g=gain[1] if gain else None,
            gain_ci_low=gain[2] if gain else None,
            gain_ci_high=gain[3] if gain else None,
            start_gap=start_gap,
            n=own.n,
            n_comparison=other.n,
        )
    caveats.append(
        "An effect size cannot prove the intervention caused the change: other factors are always at work."
    )
    cost_per_pupil = cost / (pupils or own.n) if cost is not None else None
    return attrs.evolve(
        result,
        attendance_change=attendance,
        cost_per_pupil=cost_per_pupil,
        cost_per_effect=cost_per_pupil / result.g if cost_per_pupil is not None and result.g > 0 else None,
        caveats=tuple(caveats),
    )
