"""Learning across schools: the same intervention's effects from several schools, pooled.

:func:`~matframework.pool` weights each school's effect by the inverse of its variance
(the square of its standard error, read from its 95% interval). The fixed
effect assumes one true effect everywhere; the random effects estimate
allows the true effect to differ from school to school, with the
between-school variance τ² estimated by DerSimonian and Laird (1986,
"Meta-analysis in clinical trials", *Controlled Clinical Trials* 7):

    Q = Σ wᵢ (yᵢ − ȳ)²,   τ² = max(0, (Q − (k − 1)) / (Σ wᵢ − Σ wᵢ² / Σ wᵢ))

I² = max(0, (Q − (k − 1)) / Q) is the share of the variation between
schools that is not chance (Higgins and Thompson, 2002). The 95% prediction
interval, where a new school's effect would fall, is
μ ± t(k − 2) · √(τ² + SE(μ)²) (Higgins, Thompson and Spiegelhalter, 2009),
given for three schools or more. A school whose own effect lies outside it
is named.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from statistics import NormalDist

import attrs

from matframework.analysis.effects import EffectKind, EffectSize
from matframework.analysis.evaluation import Evaluation
from matframework.errors import Problem, ValidationError
from matframework.model._display import attach

__all__ = ["PooledEffect", "pool", "t_quantile"]


def __dir__() -> list[str]:
    return __all__


_CONVERGED = 1e-16
_Z95 = 1.96  # the interval effect_size gives is g ± 1.96·SE, so SE is its width over 3.92


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the regularised incomplete beta function (modified Lentz's method)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 500):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= d * c
        if abs(d * c - 1) < _CONVERGED:
            break
    return result


def _incomplete_beta(a: float, b: float, x: float) -> float:
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(a, b, x) / a
    return 1 - front * _beta_fraction(b, a, 1 - x) / b


def _t_cdf(t: float, df: float) -> float:
    tail = 0.5 * _incomplete_beta(df / 2, 0.5, df / (df + t * t))
    return 1 - tail if t > 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The quantile of Student's t distribution with ``df`` degrees of freedom (by bisection on its CDF).

    Example:
        >>> round(t_quantile(0.975, 1), 4), round(t_quantile(0.975, 10), 4)
        (12.7062, 2.2281)

    .. versionadded:: 0.2.0
    """
    if not (0 < p < 1) or not (df > 0):
        raise ValidationError(
            [Problem(message=f"t_quantile({p!r}, {df!r})", expected="0 < p < 1 and df > 0")]
        )
    low, high = -1e8, 1e8
    for _ in range(400):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        if _t_cdf(middle, df) < p:
            low = middle
        else:
            high = middle
    return (low + high) / 2


@attrs.frozen(kw_only=True)
class PooledEffect:
    """The same intervention's effect in several schools, pooled.

    Attributes:
        schools: The schools (or trials), in the order given.
        effects: Each one's effect size (Hedges' g).
        standard_errors: Each one's standard error.
        fixed: The fixed-effect estimate (inverse-variance weighted mean).
        fixed_se: Its standard error.
        random: The random-effects estimate (DerSimonian-Laird).
        random_se: Its standard error.
        tau2: The between-school variance of the true effects, τ² (0 when none is found).
        q: Cochran's Q.
        i2: I², the share of the variation that is not chance (0 to 1).
        prediction: The 95% prediction interval for a new school (three schools or more), or ``None``.
        outside: The schools whose own effect lies outside the prediction interval.

    Example:
        >>> pooled = pool({"Ash": (0.30, 0.10), "Birch": (0.10, 0.12), "Cedar": (0.45, 0.15)})
        >>> pooled
        <PooledEffect of 3 schools: random effects 0.27 (95% CI 0.09 to 0.45), I² 43%>
        >>> [round(end, 2) for end in pooled.prediction]
        [-1.53, 2.07]

    .. versionadded:: 0.2.0
    """

    schools: tuple[str, ...]
    effects: tuple[float, ...]
    standard_errors: tuple[float, ...]
    fixed: float
    fixed_se: float
    random: float
    random_se: float
    tau2: float
    q: float
    i2: float
    prediction: tuple[float, float] | None
    outside: tuple[str, ...]

    def interval(self, *, random: bool = True) -> tuple[float, float]:
        """The 95% confidence interval of the random-effects (or fixed-effect) estimate."""
        centre, se = (self.random, self.random_se) if random else (self.fixed, self.fixed_se)
        z = NormalDist().inv_cdf(0.975)
        return centre - z * se, centre + z * se

    @property
    def notes(self) -> tuple[str, ...]:
        """What to bear in mind, in words."""
        found = []
        if len(self.schools) == 1:
            found.append("With one school there is nothing to pool: these are that school's own figures.")
        elif len(self.schools) < 3:  # noqa: PLR2004 - a prediction interval needs three
            found.append("With fewer than three schools there is no prediction interval for a new school.")
        if self.i2 >= 0.5:  # noqa: PLR2004 - Higgins and Thompson's "substantial"
            found.append(
                f"I² is {self.i2:.0%}: the effect differs between schools more than chance explains."
            )
        found.extend(
            f"{school}'s effect lies outside the range expected for a new school: look at what differed there."
            for school in self.outside
        )
        return tuple(found)

    def __repr__(self) -> str:
        low, high = self.interval()
        return (
            f"<PooledEffect of {len(self.schools)} schools: random effects {self.random:.2f} "
            f"(95% CI {low:.2f} to {high:.2f}), I² {self.i2:.0%}>"
        )


def _standard_error(name: str, effect: EffectSize | Evaluation | tuple[float, float]) -> tuple[float, float]:
    if isinstance(effect, Evaluation):
        se = effect.standard_error
        if se is None:
            why = (
                "no comparison group, so no interval to weight it by"
                if effect.effect.ci_low is None
                else "whole groups were allocated but the plan gives no ICC, so its standard error cannot be widened"
            )
            raise ValidationError(
                [
                    Problem(
                        path=(name,),
                        message=f"{name}'s evaluation has {why}",
                        expected="an effect with a known standard error",
                    )
                ]
            )
        return effect.effect.g, se
    if isinstance(effect, EffectSize):
        if effect.kind is not EffectKind.HEDGES_G or effect.ci_low is None or effect.ci_high is None:
            message = f"{name}'s effect has no comparison group, so no interval to weight it by"
            raise ValidationError(
                [Problem(path=(name,), message=message, expected="effects against a comparison group")]
            )
        return effect.g, (effect.ci_high - effect.ci_low) / (2 * _Z95)
    g, se = effect
    if not (math.isfinite(g) and math.isfinite(se) and se > 0):
        raise ValidationError(
            [
                Problem(
                    path=(name,),
                    message=f"({g!r}, {se!r})",
                    expected="a finite effect and a positive standard error",
                )
            ]
        )
    return float(g), float(se)


def pool(effects: Mapping[str, EffectSize | Evaluation | tuple[float, float]]) -> PooledEffect:
    """Pool one intervention's effects from several schools: fixed and random effects, τ², I², a prediction interval.

    Args:
        effects: Each school's effect, by school: an :class:`~matframework.Evaluation` (its
            standard error is widened by the design effect when whole classes or schools were
            allocated), an :class:`EffectSize` against a comparison group (its interval taken
            as it is), or an ``(effect, standard error)`` pair.

    Raises:
        ValidationError: No schools, an effect with no interval (no comparison group),
            or an evaluation of allocated groups with no ICC.

    Example:
        >>> pooled = pool({"Ash": (0.30, 0.10), "Birch": (0.10, 0.12), "Cedar": (0.45, 0.15)})
        >>> round(pooled.fixed, 3), round(pooled.random, 3), round(pooled.i2, 2)
        (0.266, 0.271, 0.43)

    .. versionadded:: 0.2.0
    """
    if not effects:
        raise ValidationError([Problem(message="no effects given", expected="one school or more")])
    names = tuple(effects)
    pairs = [_standard_error(name, effects[name]) for name in names]
    ys = [g for g, _ in pairs]
    ses = [se for _, se in pairs]
    weights = [1 / se**2 for se in ses]
    total = sum(weights)
    df = len(ys) - 1
    # One school is its own estimate, exactly (a weighted mean of one can be an ulp off it, and a
    # Q of 1e-31 would make I² 100%).
    fixed = sum(w * y for w, y in zip(weights, ys, strict=True)) / total if df else ys[0]
    q = sum(w * (y - fixed) ** 2 for w, y in zip(weights, ys, strict=True)) if df else 0.0
    c = total - sum(w * w for w in weights) / total
    tau2 = max(0.0, (q - df) / c) if df > 0 else 0.0
    random_weights = [1 / (se**2 + tau2) for se in ses]
    random_total = sum(random_weights)
    random = sum(w * y for w, y in zip(random_weights, ys, strict=True)) / random_total if df else ys[0]
    random_se = math.sqrt(1 / random_total)
    i2 = max(0.0, (q - df) / q) if q > 0 else 0.0  # one school: Q = 0, so I² and τ² are 0
    prediction = None
    outside: tuple[str, ...] = ()
    if len(ys) >= 3:  # noqa: PLR2004 - t with k - 2 degrees of freedom
        half = t_quantile(0.975, len(ys) - 2) * math.sqrt(tau2 + random_se**2)
        prediction = (random - half, random + half)
        outside = tuple(
            name for name, y in zip(names, ys, strict=True) if not prediction[0] <= y <= prediction[1]
        )
    return PooledEffect(
        schools=names,
        effects=tuple(ys),
        standard_errors=tuple(ses),
        fixed=fixed,
        fixed_se=math.sqrt(1 / total),
        random=random,
        random_se=random_se,
        tau2=tau2,
        q=q,
        i2=i2,
        prediction=prediction,
        outside=outside,
    )


attach(PooledEffect)  # the notebook display hook (matframework.views.notebook)
