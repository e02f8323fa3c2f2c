"""Moderation: how far several leaders' independent ratings of the same trust agree.

Element 4B of the framework asks for shared moderation; this module supports
the conversation. :func:`moderate` measures agreement overall with
Krippendorff's alpha for ordinal data, shows per element how closely the
raters agree, lists the elements where raters are two or more levels apart,
and suggests a consensus (the median level) for a person to confirm.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import attrs

from matframework.analysis.distributions import median_rating
from matframework.errors import IncomparableError, Problem, ValidationError
from matframework.model._display import attach, repr_html
from matframework.model._lookup import find_code
from matframework.model.assessment import Assessment, CriterionLean
from matframework.model.rating import Rating

__all__ = ["ElementAgreement", "Moderation", "krippendorff_alpha_ordinal", "moderate"]


def __dir__() -> list[str]:
    return __all__


def krippendorff_alpha_ordinal(units: Sequence[Sequence[int]]) -> float | None:
    """Krippendorff's alpha for ordinal data, from each unit's values (missing ones left out).

    Built from the coincidence matrix: each unit with m ≥ 2 values adds
    1/(m − 1) for every ordered pair of its values; the ordinal distance
    between values c ≤ k is (Σ_{g=c..k} n_g − (n_c + n_k)/2)², with n_g the
    marginal count of value g; alpha = 1 − (n − 1)·Σ o_ck δ²_ck / Σ n_c n_k δ²_ck.

    Args:
        units: For each unit (element), the values the raters gave it.

    Returns:
        Alpha, or ``None`` when it is undefined: fewer than two pairable
        values, or every value the same (no variation to agree about).

    Example:
        >>> round(krippendorff_alpha_ordinal([[1, 1], [2, 2], [3, 4], [4, 4]]), 3)
        0.91
        >>> krippendorff_alpha_ordinal([[2, 2], [2, 2]]) is None
        True

    .. versionadded:: 0.1.0
    """
    pairable = [list(values) for values in units if len(values) >= 2]  # noqa: PLR2004 - a pair
    levels = sorted({v for values in pairable for v in values})
    if not levels:
        return None
    index = {v: i for i, v in enumerate(levels)}
    size = len(levels)
    coincidences = [[0.0] * size for _ in range(size)]
    for values in pairable:
        # Each ordered pair of the unit's values adds 1/(m - 1): with counts, n_c·n_k pairs
        # for c ≠ k and n_c·(n_c - 1) for c = k, so the cost does not grow with the square of m.
        weight = 1 / (len(values) - 1)
        counts = Counter(index[v] for v in values)
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                coincidences[c][k] += weight * (n_c * (n_k - 1) if c == k else n_c * n_k)
    marginals = [sum(row) for row in coincidences]
    n = sum(marginals)

    def delta(c: int, k: int) -> float:
        low, high = min(c, k), max(c, k)
        return (sum(marginals[low : high + 1]) - (marginals[low] + marginals[high]) / 2) ** 2

    observed = sum(coincidences[c][k] * delta(c, k) for c in range(size) for k in range(size))
    expected = sum(marginals[c] * marginals[k] * delta(c, k) for c in range(size) for k in range(size))
    if expected == 0:
        return None
    return 1 - (n - 1) * observed / expected


@attrs.frozen(kw_only=True)
class ElementAgreement:
    """How the raters rated one element.

    Attributes:
        code: The element code.
        ratings: Each rater's rating (``None`` where a rater left it unrated
            or marked it not applicable), in rater order.
        consensus: The median of the ratings given (the lower middle one for
            an even count): a suggestion for the moderators to confirm.
        spread: Levels between the lowest and highest rating given.
        pairwise_agreement: The share of pairs of raters who gave the same
            rating; ``None`` with fewer than two ratings.
        leans: Each rater's leans of the element's criteria (where each criterion
            leans between Red and Green), in rater order: the basis of each rating,
            shown beside it and never averaged into it.

    Example:
        >>> e = ElementAgreement(code="3B", ratings=(Rating.RED, Rating.AMBER_GREEN, None),
        ...                      consensus=Rating.RED, spread=2, pairwise_agreement=0.0)
        >>> e.counted, e.split
        (2, True)

    .. versionadded:: 0.1.0
    """

    code: str
    ratings: tuple[Rating | None, ...]
    consensus: Rating | None
    spread: int | None
    pairwise_agreement: float | None
    leans: tuple[tuple[CriterionLean, ...], ...] = ()

    @property
    def counted(self) -> int:
        """How many raters rated the element."""
        return sum(1 for r in self.ratings if r is not None)

    @property
    def split(self) -> bool:
        """Whether the two middle ratings differ (an even count with no single median level)."""
        given = sorted(r.ordinal for r in self.ratings if r is not None)
        half = len(given) // 2
        return len(given) % 2 == 0 and len(given) > 0 and given[half - 1] != given[half]


@attrs.frozen(kw_only=True)
class Moderation:
    """Agreement among raters who assessed the same subject independently.

    Attributes:
        raters: The raters, in the order given.
        elements: Agreement per element, in order.
        alpha: Krippendorff's alpha (ordinal) over all elements, or ``None``
            when undefined (see ``alpha_note``).
        alpha_note: Why alpha is ``None``, in words; ``None`` when it is defined.
        disagreements: Codes of elements whose raters are two or more levels apart.

    Example:
        >>> from matframework import Subject, SubjectKind, assurance_framework
        >>> a = Assessment.blank(assurance_framework(), subject=Subject(name="T", kind=SubjectKind.TRUST))
        >>> m = moderate({"Ann": a.with_rating("1A", Rating.RED), "Bob": a.with_rating("1A", Rating.RED)})
        >>> m.alpha, m.alpha_note
        (None, 'every rating given is the same level, so there is no variation to agree about')

    .. versionadded:: 0.1.0
    """

    raters: tuple[str, ...]
    elements: tuple[ElementAgreement, ...]
    alpha: float | None
    alpha_note: str | None
    disagreements: tuple[str, ...]

    _repr_html_ = repr_html

    @property
    def consensus(self) -> dict[str, Rating | None]:
        """The suggested consensus rating of each element (to be confirmed by people)."""
        return {e.code: e.consensus for e in self.elements}

    def element(self, code: str) -> ElementAgreement:
        """Return the agreement on element ``code``.

        Raises:
            UnknownElementError: No such element was moderated; the nearest codes are suggested (it is also a KeyError).
        """
        return find_code(self.elements, code)

    def __repr__(self) -> str:
        alpha = (
            f"alpha {self.alpha:.3f}" if self.alpha is not None else f"alpha undefined ({self.alpha_note})"
        )
        return (
            f"<Moderation of {len(self.raters)} raters over {len(self.elements)} elements: {alpha}; "
            f"{len(self.disagreements)} elements two or more levels apart>"
        )


def moderate(assessments_by_rater: Mapping[str, Assessment]) -> Moderation:
    """Measure agreement among raters who each rated the same subject against the same framework.

    Args:
        assessments_by_rater: Each rater's own assessment, by rater name.

    Returns:
        Agreement overall (Krippendorff's alpha, ordinal) and per element,
        the elements two or more levels apart, and a suggested consensus.

    Raises:
        ValidationError: Fewer than two raters were given.
        IncomparableError: The raters rated different subjects or frameworks.

    Example:
        >>> from matframework import Rating, Subject, SubjectKind, assurance_framework
        >>> fw = assurance_framework()
        >>> blank = Assessment.blank(fw, subject=Subject(name="T", kind=SubjectKind.TRUST))
        >>> ann = blank.with_rating("1A", Rating.GREEN).with_rating("3B", Rating.RED)
        >>> bob = blank.with_rating("1A", Rating.GREEN).with_rating("3B", Rating.AMBER_GREEN)
        >>> m = moderate({"Ann": ann, "Bob": bob})
        >>> m.disagreements, m.consensus["3B"], m.element("1A").pairwise_agreement
        (('3B',), <Rating.RED: 'Red'>, 1.0)

    .. versionadded:: 0.1.0
    """
    raters = tuple(assessments_by_rater)
    if len(raters) < 2:  # noqa: PLR2004 - moderation needs a pair
        message = f"moderation needs at least two raters, got {len(raters)}"
        raise ValidationError([Problem(message=message, expected="two or more raters")])
    first = assessments_by_rater[raters[0]]
    for rater in raters[1:]:
        other = assessments_by_rater[rater]
        if other.framework != first.framework or (other.subject.name, other.subject.kind) != (
            first.subject.name,
            first.subject.kind,
        ):
            msg = (
                f"{rater!r} rated {other.subject.name!r} against {other.framework.id} {other.framework.version}, "
                f"{raters[0]!r} rated {first.subject.name!r} against {first.framework.id} {first.framework.version}; "
                "moderation compares raters of one subject against one framework"
            )
            raise IncomparableError(msg)
    lookups = [assessments_by_rater[r].entries for r in raters]
    codes: dict[str, None] = {}
    for lookup in lookups:
        codes.update(dict.fromkeys(lookup))
    elements: list[ElementAgreement] = []
    for code in codes:
        given: list[Rating | None] = []
        leaning: list[tuple[CriterionLean, ...]] = []
        for lookup in lookups:
            entry = lookup.get(code)
            given.append(entry.rating if entry is not None and entry.applicable else None)
            leaning.append(entry.leans if entry is not None else ())
        rated = [r for r in given if r is not None]
        pairs = len(rated) * (len(rated) - 1) // 2
        agreeing = sum(n * (n - 1) // 2 for n in Counter(rated).values())
        elements.append(
            ElementAgreement(
                code=code,
                ratings=tuple(given),
                consensus=median_rating(rated),
                spread=(max(rated).ordinal - min(rated).ordinal) if rated else None,
                pairwise_agreement=agreeing / pairs if pairs else None,
                leans=tuple(leaning) if any(leaning) else (),
            )
        )
    units = [[r.ordinal for r in e.ratings if r is not None] for e in elements]
    alpha = krippendorff_alpha_ordinal(units)
    note = None
    if alpha is None:
        if sum(len(u) for u in units if len(u) >= 2) < 2:  # noqa: PLR2004 - a pair
            note = "no element was rated by two or more raters"
        else:
            note = "every rating given is the same level, so there is no variation to agree about"
    return Moderation(
        raters=raters,
        elements=tuple(elements),
        alpha=alpha,
        alpha_note=note,
        disagreements=tuple(e.code for e in elements if e.spread is not None and e.spread >= 2),  # noqa: PLR2004
    )


attach(ElementAgreement)  # the notebook display hook (matframework.views.notebook)
