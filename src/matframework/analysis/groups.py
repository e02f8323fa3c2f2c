"""Groups: the distribution of ratings across schools or trusts, and where one stands in a group.

Only group members rated on an element count towards its shares, and every
result says how many were counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from matframework.analysis.distributions import Distribution
from matframework.errors import IncomparableError, UnknownElementError
from matframework.model._display import repr_html
from matframework.model._lookup import find_code, nearest
from matframework.model.assessment import Assessment, require_framework
from matframework.model.framework import Framework
from matframework.model.rating import Rating

__all__ = ["Aggregate", "Benchmark", "BenchmarkPosition", "aggregate", "benchmark"]


def __dir__() -> list[str]:
    return __all__


@attrs.frozen(kw_only=True)
class Aggregate:
    """The distribution of ratings across a group, element by element.

    Attributes:
        size: How many assessments the group has.
        codes: The elements, in order.
        distributions: One :class:`Distribution` per element; its ``total``
            is always ``size`` (an assessment that leaves an element out
            counts it as unrated).

    Example:
        >>> from matframework import Assessment, Rating, Subject, SubjectKind, assurance_framework
        >>> fw = assurance_framework()
        >>> a = Assessment.blank(fw, subject=Subject(name="T", kind=SubjectKind.TRUST))
        >>> aggregate([a, a.with_rating("1A", Rating.GREEN)], framework=fw)
        <Aggregate of 2 assessments over 14 elements>

    .. versionadded:: 0.1.0
    """

    size: int
    codes: tuple[str, ...]
    distributions: tuple[Distribution, ...]

    _repr_html_ = repr_html

    def distribution(self, code: str) -> Distribution:
        """Return the distribution of element ``code``.

        Raises:
            UnknownElementError: The group has no such element; the nearest codes are suggested (it is also a KeyError).
        """
        if code in self.codes:
            return self.distributions[self.codes.index(code)]
        raise UnknownElementError(code, kind="element", suggestions=nearest(str(code).upper(), self.codes))

    def __repr__(self) -> str:
        return f"<Aggregate of {self.size} assessments over {len(self.codes)} elements>"


def _one_framework(assessments: Sequence[Assessment], framework: Framework | None) -> None:
    """Every assessment rates ``framework``, or (without one) they all rate the same framework."""
    if framework is not None:
        require_framework(assessments, framework)
        return
    refs = {(a.framework.id, a.framework.version) for a in assessments}
    if len(refs) > 1:
        named = ", ".join(f"{id_} version {version}" for id_, version in sorted(refs))
        msg = f"the assessments rate different frameworks ({named}); group assessments of one framework"
        raise IncomparableError(msg)


def _group_codes(assessments: Sequence[Assessment], framework: Framework | None) -> list[str]:
    if framework is not None:
        return list(framework.element_codes)
    codes: dict[str, None] = {}
    for assessment in assessments:
        codes.update(dict.fromkeys(assessment.codes))
    return list(codes)


def aggregate(assessments: Iterable[Assessment], *, framework: Framework | None = None) -> Aggregate:
    """Count, for each element, how a group of schools or trusts is rated.

    Args:
        assessments: The group, one assessment per subject.
        framework: Take the elements (and their order) from it; by default,
            every element any assessment lists, in order of first appearance.

    Example:
        >>> from matframework import Rating, Subject, SubjectKind, assurance_framework
        >>> fw = assurance_framework()
        >>> blank = Assessment.blank(fw, subject=Subject(name="A", kind=SubjectKind.SCHOOL))
        >>> group = [blank.with_rating("3B", r) for r in (Rating.RED, Rating.RED, Rating.GREEN)]
        >>> aggregate(group).distribution("3B").as_dict()
        {'Red': 2, 'Amber Red': 0, 'Amber Green': 0, 'Green': 1, 'unrated': 0, 'not applicable': 0}

    .. versionadded:: 0.1.0
    """
    group = list(assessments)
    _one_framework(group, framework)
    codes = _group_codes(group, framework)
    lookups = [a.entries for a in group]
    return Aggregate(
        size=len(group),
        codes=tuple(codes),
        distributions=tuple(
            Distribution.of_entries(lookup.get(code) for lookup in lookups) for code in codes
        ),
    )


@attrs.frozen(kw_only=True)
class BenchmarkPosition:
    """Where one subject's rating of an element stands in a group.

    Attributes:
        code: The element code.
        rating: The subject's rating (``None`` when unrated or not applicable).
        below: Share of the rated group rated lower.
        equal: Share rated the same.
        above: Share rated higher.
        counted: How many of the group were rated on this element (the denominator).

    The shares are ``None`` when the subject is unrated or no one in the group is rated.

    Example:
        >>> from matframework import Assessment, Rating, Subject, SubjectKind, assurance_framework
        >>> fw = assurance_framework()
        >>> a = Assessment.blank(fw, subject=Subject(name="T", kind=SubjectKind.TRUST))
        >>> group = [a.with_rating("1A", Rating.RED), a.with_rating("1A", Rating.GREEN)]
        >>> benchmark(a.with_rating("1A", Rating.GREEN), group).position("1A")
        BenchmarkPosition(code='1A', rating=<Rating.GREEN: 'Green'>, below=0.5, equal=0.5, above=0.0, counted=2)

    .. versionadded:: 0.1.0
    """

    code: str
    rating: Rating | None
    below: float | None
    equal: float | None
    above: float | None
    counted: int


@attrs.frozen(kw_only=True)
class Benchmark:
    """Where one subject stands against a group, element by element.

    Example:
        >>> from matframework import Assessment, Rating, Subject, SubjectKind, assurance_framework
        >>> fw = assurance_framework()
        >>> a = Assessment.blank(fw, subject=Subject(name="T", kind=SubjectKind.TRUST))
        >>> benchmark(a, [a, a, a])
        <Benchmark against a group of 3 over 14 elements>

    .. versionadded:: 0.1.0
    """

    positions: tuple[BenchmarkPosition, ...]
    group_size: int

    _repr_html_ = repr_html

    def position(self, code: str) -> BenchmarkPosition:
        """Return the position on element ``code``.

        Raises:
            UnknownElementError: No such element was benchmarked; the nearest codes are suggested (it is also a KeyError).
        """
        return find_code(self.positions, code)

    def __repr__(self) -> str:
        return f"<Benchmark against a group of {self.group_size} over {len(self.positions)} elements>"


def benchmark(
    assessment: Assessment, group: Iterable[Assessment], *, framework: Framework | None = None
) -> Benchmark:
    """Place one subject against a group on each element: the shares of the group below, equal and above.

    Only group members rated on an element count towards its shares
    (unrated and not-applicable ones are left out, and ``counted`` says how
    many remain). Include the subject in ``group`` or not, as the question
    needs; nothing is removed.

    Example:
        >>> from matframework import Rating, Subject, SubjectKind, assurance_framework
        >>> fw = assurance_framework()
        >>> blank = Assessment.blank(fw, subject=Subject(name="A", kind=SubjectKind.SCHOOL))
        >>> group = [blank.with_rating("3B", r) for r in (Rating.RED, Rating.AMBER_RED, Rating.GREEN, Rating.GREEN)]
        >>> p = benchmark(blank.with_rating("3B", Rating.AMBER_RED), group).position("3B")
        >>> p.below, p.equal, p.above, p.counted
        (0.25, 0.25, 0.5, 4)

    .. versionadded:: 0.1.0
    """
    members = list(group)
    _one_framework([assessment, *members], framework)
    agg = aggregate(members, framework=framework)
    own = assessment.entries
    codes = list(agg.codes) + [code for code in own if code not in agg.codes and framework is None]
    positions: list[BenchmarkPosition] = []
    for code in codes:
        entry = own.get(code)
        rating = entry.rating if entry is not None and entry.applicable else None
        dist = agg.distribution(code) if code in agg.codes else Distribution()
        n = dist.counted
        if rating is None or n == 0:
            positions.append(
                BenchmarkPosition(code=code, rating=rating, below=None, equal=None, above=None, counted=n)
            )
            continue
        below = sum(dist.count(r) for r in Rating if r < rating)
        equal = dist.count(rating)
        positions.append(
            BenchmarkPosition(
                code=code,
                rating=rating,
                below=below / n,
                equal=equal / n,
                above=(n - below - equal) / n,
                counted=n,
            )
        )
    return Benchmark(positions=tuple(positions), group_size=len(members))
