"""A matched comparison group, as the EEF's DIY evaluation guide builds one by hand.

The pupils who had the intervention are taken in order of their pre-test
score; each is paired with the nearest pupil in the pool who has not been
paired yet, if one is within the margin (ties go to the pupil listed first).
Pupils with no partner within the margin are left out and listed, never
paired further apart. How well the two groups match at the start is the
pre-test effect size of the matched groups (Hedges' g, as
:func:`~matframework.effect_size` gives it): near zero is a good match.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping

import attrs

from matframework.analysis.effects import _hedges, _pooled
from matframework.errors import Problem, ValidationError
from matframework.model._display import attach

__all__ = ["Matching", "match_pupils"]


def __dir__() -> list[str]:
    return __all__


@attrs.frozen(kw_only=True)
class Matching:
    """The pairs of a matched comparison group, who could not be matched, and the balance at the start.

    Attributes:
        pairs: (intervention pupil, comparison pupil, gap between their pre-test scores), in the
            order the intervention pupils were matched (lowest pre-test first).
        unmatched: Intervention pupils with no comparison pupil within the margin.
        within: The margin used.
        balance: Hedges' g of the pre-test, matched intervention minus matched comparison
            (``None`` with fewer than two pairs).

    Example:
        >>> m = match_pupils({"t1": 95, "t2": 110}, {"c1": 96, "c2": 130, "c3": 111}, within=3)
        >>> m.pairs, m.unmatched
        ((('t1', 'c1', 1.0), ('t2', 'c3', 1.0)), ())

    .. versionadded:: 0.2.0
    """

    pairs: tuple[tuple[str, str, float], ...]
    unmatched: tuple[str, ...]
    within: float
    balance: float | None

    def __repr__(self) -> str:
        balance = f"; pre-test g {self.balance:+.2f}" if self.balance is not None else ""
        return f"<Matching of {len(self.pairs)} pairs within {self.within:g}, {len(self.unmatched)} unmatched{balance}>"


def _scores(name: str, scores: Mapping[str, float]) -> dict[str, float]:
    found = {}
    for pupil, score in scores.items():
        value: object = score
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ValidationError(
                [Problem(path=(name, pupil), message=f"{score!r}", expected="a finite pre-test score")]
            )
        found[str(pupil)] = float(value)
    return found


def match_pupils(treated: Mapping[str, float], pool: Mapping[str, float], *, within: float) -> Matching:
    """Pair each intervention pupil with the nearest unpaired pupil of ``pool`` on the pre-test, within a margin.

    Args:
        treated: Each intervention pupil's pre-test score, by pupil.
        pool: Each possible comparison pupil's pre-test score, by pupil (not the same pupils).
        within: The largest gap allowed between the pair's pre-test scores.

    Raises:
        ValidationError: A score that is not a finite number, a negative margin, or a pupil in both groups.

    Example:
        >>> m = match_pupils({"a": 10, "b": 12, "c": 30}, {"x": 11, "y": 12.5, "z": 50}, within=2)
        >>> [pair[:2] for pair in m.pairs], m.unmatched
        ([('a', 'x'), ('b', 'y')], ('c',))

    .. versionadded:: 0.2.0
    """
    if not (math.isfinite(within) and within >= 0):
        raise ValidationError(
            [Problem(path=("within",), message=f"{within!r}", expected="a margin of 0 or more")]
        )
    ours = _scores("treated", treated)
    theirs = _scores("pool", pool)
    both = sorted(set(ours) & set(theirs))
    if both:
        message = f"{len(both)} pupils are in both groups ({', '.join(both[:5])})"
        raise ValidationError(
            [Problem(path=("pool",), message=message, expected="a comparison pool of other pupils")]
        )
    free = dict(theirs)  # in the order given, so ties go to the pupil listed first
    pairs: list[tuple[str, str, float]] = []
    unmatched: list[str] = []
    for pupil, score in sorted(ours.items(), key=lambda item: item[1]):
        best = min(free, key=lambda other: abs(free[other] - score), default=None)
        if best is None or abs(free[best] - score) > within:
            unmatched.append(pupil)
            continue
        pairs.append((pupil, best, abs(free.pop(best) - score)))
    balance = None
    if len(pairs) >= 2:  # noqa: PLR2004 - a standard deviation needs two
        a = [ours[p] for p, _, _ in pairs]
        b = [theirs[c] for _, c, _ in pairs]
        spread = _pooled(len(a), statistics.stdev(a), len(b), statistics.stdev(b))
        balance = (
            _hedges(statistics.fmean(a), statistics.fmean(b), spread, len(a), len(b))[1]
            if spread > 0
            else 0.0
        )
    return Matching(pairs=tuple(pairs), unmatched=tuple(unmatched), within=within, balance=balance)


attach(Matching)  # the notebook display hook (matframework.views.notebook)
