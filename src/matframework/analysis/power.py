"""Power before the start: the smallest effect a study can detect, and the pupils it needs for a given effect.

Both use the normal approximation for a two-group comparison of means (Bloom,
1995, "Minimum detectable effects", *Evaluation Review* 19(5)):

    MDES = M · √((1/n_T + 1/n_C) · DE · (1 − r²)),   M = z(1 − α/2) + z(power)

where r is the correlation between the pre-test and the outcome (a pre-test
used as a covariate removes r² of the outcome's variance) and DE is the design
effect of allocating whole groups (classes or schools) rather than pupils:

    DE = 1 + (m − 1) · ICC

with m the pupils per group and ICC the intra-class correlation (Kish, 1965,
*Survey Sampling*). With the usual α = 0.05 (two-sided) and 80% power, M is
2.80. Both functions solve the two-sided test's power exactly (the far tail
included, as statsmodels' ``NormalIndPower`` does), which differs from the
formula above only in the seventh decimal; the sample size for an effect d
inverts the same relation. The figures
are planning estimates, as the EEF's DIY evaluation guide uses them: with
small samples a t-distribution would ask for a few more pupils.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from statistics import NormalDist

from matframework.errors import Problem, ValidationError

__all__ = ["design_effect", "minimum_detectable_effect", "multiplier", "sample_size_for"]


def __dir__() -> list[str]:
    return __all__


def _check(name: str, value: float, low: float, high: float, *, closed: bool = True) -> None:
    inside = low <= value <= high if closed else low < value < high
    if not (math.isfinite(value) and inside):
        where = f"[{low}, {high}]" if closed else f"({low}, {high})"
        raise ValidationError(
            [Problem(path=(name,), message=f"{value!r} is outside {where}", expected=f"a number in {where}")]
        )


def multiplier(power: float = 0.8, alpha: float = 0.05) -> float:
    """M = z(1 − α/2) + z(power): how many standard errors the effect must be to be detected.

    Example:
        >>> round(multiplier(), 2)
        2.8

    .. versionadded:: 0.2.0
    """
    _check("power", power, 0.0, 1.0, closed=False)
    _check("alpha", alpha, 0.0, 1.0, closed=False)
    z = NormalDist().inv_cdf
    return z(1 - alpha / 2) + z(power)


def design_effect(icc: float = 0.0, cluster_size: float = 1.0) -> float:
    """DE = 1 + (m − 1) · ICC: how much allocating whole classes or schools inflates the variance.

    Example:
        >>> design_effect(icc=0.15, cluster_size=25)
        4.6

    .. versionadded:: 0.2.0
    """
    _check("icc", icc, 0.0, 1.0)
    if not (math.isfinite(cluster_size) and cluster_size >= 1):
        raise ValidationError(
            [
                Problem(
                    path=("cluster_size",), message=f"{cluster_size!r} pupils per group", expected="1 or more"
                )
            ]
        )
    return 1 + (cluster_size - 1) * icc


def _power(standardised: float, alpha: float) -> float:
    """The power of a two-sided z-test when the true effect is ``standardised`` standard errors (both tails)."""
    unit = NormalDist()
    critical = unit.inv_cdf(1 - alpha / 2)
    return unit.cdf(standardised - critical) + unit.cdf(-standardised - critical)


def _solve(power_at: Callable[[float], float], target: float, *, high: float) -> float:
    """The value at which an increasing power curve reaches ``target``, by bisection to full precision."""
    low = 0.0
    for _ in range(200):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        if power_at(middle) < target:
            low = middle
        else:
            high = middle
    return high


def _variance_factor(pretest_correlation: float, icc: float, cluster_size: float) -> float:
    _check("pretest_correlation", pretest_correlation, -1.0, 1.0, closed=False)
    return design_effect(icc, cluster_size) * (1 - pretest_correlation**2)


def minimum_detectable_effect(  # noqa: PLR0913 - the design's figures, each with the EEF guide's default
    n_treated: int,
    n_comparison: int,
    *,
    power: float = 0.8,
    alpha: float = 0.05,
    pretest_correlation: float = 0.0,
    icc: float = 0.0,
    cluster_size: float = 1.0,
) -> float:
    """The smallest effect size (in standard deviations) the study would detect with this power.

    Args:
        n_treated: Pupils in the intervention group.
        n_comparison: Pupils in the comparison group.
        power: The chance of detecting an effect of this size if it is there.
        alpha: The two-sided significance level.
        pretest_correlation: Correlation of the pre-test with the outcome, when the pre-test is
            used as a covariate (0 when it is not).
        icc: Intra-class correlation of the outcome within the groups allocated together.
        cluster_size: Pupils per group allocated together (1 when pupils are allocated one by one).

    Raises:
        ValidationError: A figure is out of range (a group of fewer than two pupils, a power of 1).

    Example:
        >>> round(minimum_detectable_effect(60, 60), 3)
        0.511
        >>> round(minimum_detectable_effect(60, 60, pretest_correlation=0.7), 3)
        0.365

    .. versionadded:: 0.2.0
    """
    for name, n in (("n_treated", n_treated), ("n_comparison", n_comparison)):
        number: object = n
        if isinstance(number, bool) or not isinstance(number, int) or number < 2:  # noqa: PLR2004 - two pupils
            raise ValidationError(
                [Problem(path=(name,), message=f"{n!r} pupils", expected="a whole number, 2 or more")]
            )
    factor = _variance_factor(pretest_correlation, icc, cluster_size)
    m = multiplier(power, alpha)  # also checks power and alpha
    se = math.sqrt((1 / n_treated + 1 / n_comparison) * factor)
    return _solve(lambda d: _power(d / se, alpha), power, high=se * (m + 10.0))


def sample_size_for(  # noqa: PLR0913 - the design's figures, as for minimum_detectable_effect
    effect: float,
    *,
    ratio: float = 1.0,
    power: float = 0.8,
    alpha: float = 0.05,
    pretest_correlation: float = 0.0,
    icc: float = 0.0,
    cluster_size: float = 1.0,
) -> tuple[int, int]:
    """The pupils needed in each group (intervention, comparison) to detect ``effect`` with this power.

    Each is rounded up, so the study's :func:`minimum_detectable_effect` is at most ``effect``.

    Args:
        effect: The effect size hoped for, in standard deviations (for example 0.2).
        ratio: Comparison pupils per intervention pupil.
        power: As for :func:`minimum_detectable_effect`.
        alpha: As for :func:`minimum_detectable_effect`.
        pretest_correlation: As for :func:`minimum_detectable_effect`.
        icc: As for :func:`minimum_detectable_effect`.
        cluster_size: As for :func:`minimum_detectable_effect`.

    Example:
        >>> sample_size_for(0.5)
        (63, 63)
        >>> sample_size_for(0.2, pretest_correlation=0.7, icc=0.15, cluster_size=25)
        (921, 921)

    .. versionadded:: 0.2.0
    """
    if not (math.isfinite(effect) and effect > 0):
        raise ValidationError(
            [Problem(path=("effect",), message=f"{effect!r}", expected="a positive effect size")]
        )
    if not (math.isfinite(ratio) and ratio > 0):
        raise ValidationError([Problem(path=("ratio",), message=f"{ratio!r}", expected="a positive ratio")])
    factor = _variance_factor(pretest_correlation, icc, cluster_size)
    guess = (multiplier(power, alpha) / effect) ** 2 * (1 + 1 / ratio) * factor
    treated = _solve(
        lambda n: _power(effect / math.sqrt((1 / n + 1 / (ratio * n)) * factor), alpha),
        power,
        high=2 * guess + 4,
    )
    n_treated = max(2, math.ceil(treated - 1e-9))
    n_comparison = max(2, math.ceil(ratio * n_treated - 1e-9))
    return n_treated, n_comparison
