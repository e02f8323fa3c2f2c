"""Profiles, comparisons over time, group aggregates and benchmarks of assessments.

Ratings are ordinal: four ordered levels, not numbers. The helpers here
count ratings, take medians (which need only order) and compare levels;
where a mean of the ordinals 1–4 is offered, it is named as such. Elements
marked not applicable are left out of every count and denominator, and every
result says how many elements it counted.

All functions take objects, never files.
"""

from __future__ import annotations

import enum
import statistics
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

import attrs

from matframework._display import repr_html
from matframework.assessment import Assessment, ElementRating
from matframework.errors import MatFrameworkError
from matframework.framework import Framework
from matframework.rating import Rating

__all__ = [
    "Aggregate",
    "Benchmark",
    "BenchmarkPosition",
    "Comparison",
    "Direction",
    "Distribution",
    "ElementScore",
    "ExtremesRule",
    "HeadingProfile",
    "IncomparableError",
    "Movement",
    "Profile",
    "aggregate",
    "benchmark",
    "compare",
    "median_rating",
    "profile",
]


def __dir__() -> list[str]:
    return __all__


class IncomparableError(MatFrameworkError, ValueError):
    """Two assessments are of different frameworks or subjects and were not meant to be compared.

    .. versionadded:: 0.1.0
    """


class _Coded(Protocol):
    @property
    def code(self) -> str: ...


_C = TypeVar("_C", bound=_Coded)


def find_code(items: Iterable[_C], code: str) -> _C:
    """Return the item of ``items`` whose ``code`` is ``code``.

    Raises:
        KeyError: None has that code.
    """
    for item in items:
        if item.code == code:
            return item
    raise KeyError(code)


def median_rating(ratings: Iterable[Rating]) -> Rating | None:
    """Return the median of ``ratings`` (the lower middle one for an even count), or ``None`` if empty.

    The median needs only the order of the levels, so it suits ordinal
    ratings; the lower middle is taken so the result is always a level.

    Example:
        >>> median_rating([Rating.RED, Rating.GREEN, Rating.AMBER_GREEN])
        <Rating.AMBER_GREEN: 'Amber Green'>
        >>> median_rating([Rating.RED, Rating.GREEN]) is Rating.RED
        True

    .. versionadded:: 0.1.0
    """
    ordinals = sorted(r.ordinal for r in ratings)
    if not ordinals:
        return None
    return Rating.from_ordinal(statistics.median_low(ordinals))


@attrs.frozen(kw_only=True)
class Distribution:
    """How many elements got each rating, and how many were unrated or not applicable.

    Attributes:
        counts: The number rated at each level, from Red to Green.
        unrated: Applicable elements with no rating.
        not_applicable: Elements marked not applicable (left out of ``counted``).

    Example:
        >>> d = Distribution.of([Rating.RED, Rating.GREEN, Rating.GREEN, None])
        >>> d.count(Rating.GREEN), d.counted, d.unrated
        (2, 3, 1)

    .. versionadded:: 0.1.0
    """

    counts: tuple[int, ...] = attrs.field(
        default=(0, 0, 0, 0),
        validator=attrs.validators.and_(attrs.validators.min_len(4), attrs.validators.max_len(4)),
    )
    unrated: int = 0
    not_applicable: int = 0

    @classmethod
    def of(cls, ratings: Iterable[Rating | None], *, not_applicable: int = 0) -> Distribution:
        """Count ``ratings`` (``None`` counts as unrated)."""
        counts = [0, 0, 0, 0]
        unrated = 0
        for rating in ratings:
            if rating is None:
                unrated += 1
            else:
                counts[rating.ordinal - 1] += 1
        return cls(
            counts=tuple(counts),
            unrated=unrated,
            not_applicable=not_applicable,
        )

    @classmethod
    def of_entries(cls, entries: Iterable[ElementRating | None]) -> Distribution:
        """Count element entries: rated, unrated (``None`` or no rating) and not applicable."""
        listed = list(entries)
        skipped = sum(1 for e in listed if e is not None and not e.applicable)
        return cls.of(
            (e.rating if e else None for e in listed if e is None or e.applicable), not_applicable=skipped
        )

    def count(self, rating: Rating) -> int:
        """How many were rated ``rating``."""
        return self.counts[rating.ordinal - 1]

    @property
    def counted(self) -> int:
        """How many were rated (the denominator of shares)."""
        return sum(self.counts)

    @property
    def total(self) -> int:
        """The number of elements counted here, rated, unrated and not applicable."""
        return self.counted + self.unrated + self.not_applicable

    @property
    def median(self) -> Rating | None:
        """The median rating (lower middle for an even count); ``None`` when nothing is rated."""
        return median_rating(r for r in Rating for _ in range(self.count(r)))

    def share(self, rating: Rating) -> float | None:
        """The share of rated elements at ``rating``; ``None`` when nothing is rated."""
        return self.count(rating) / self.counted if self.counted else None

    def as_dict(self) -> dict[str, int]:
        """The counts by label, e.g. ``{"Red": 1, …, "unrated": 0, "not applicable": 0}``."""
        return {
            **{r.label: self.count(r) for r in Rating},
            "unrated": self.unrated,
            "not applicable": self.not_applicable,
        }


@attrs.frozen(kw_only=True)
class ElementScore:
    """One element's rating in a profile.

    Attributes:
        code: The element code.
        heading: The number of its heading.
        rating: The rating, or ``None``.
        target: The target, or ``None``.
        not_applicable: Whether the element was marked not applicable.

    Example:
        >>> ElementScore(code="3B", heading=3, rating=Rating.RED, target=Rating.AMBER_GREEN).gap_to_target
        2

    .. versionadded:: 0.1.0
    """

    code: str
    heading: int
    rating: Rating | None = None
    target: Rating | None = None
    not_applicable: bool = False

    @property
    def ordinal(self) -> int | None:
        """The rating's position, 1 (Red) to 4 (Green)."""
        return self.rating.ordinal if self.rating else None

    @property
    def gap_to_target(self) -> int | None:
        """Levels still to climb to the target (0 when met); ``None`` without both."""
        if self.rating is None or self.target is None or self.not_applicable:
            return None
        return max(0, self.target.ordinal - self.rating.ordinal)


@attrs.frozen(kw_only=True)
class HeadingProfile:
    """The ratings of one heading's elements.

    Example:
        >>> from matframework import Assessment, Rating, Subject, SubjectKind, assurance_framework
        >>> fw = assurance_framework()
        >>> a = Assessment.blank(fw, subject=Subject(name="T", kind=SubjectKind.TRUST))
        >>> heading = profile(a.with_rating("3B", Rating.RED), fw).headings[2]
        >>> heading.title, heading.codes, heading.median
        ('Teaching and learning', ('3A', '3B', '3C'), <Rating.RED: 'Red'>)

    .. versionadded:: 0.1.0
    """

    number: int
    title: str | None
    codes: tuple[str, ...]
    distribution: Distribution

    @property
    def median(self) -> Rating | None:
        """The median rating of the heading's rated elements."""
        return self.distribution.median


@attrs.frozen(kw_only=True)
class ExtremesRule:
    """How a profile picks its strengths and priorities.

    Strengths are taken from the levels in ``strengths`` and priorities from
    the levels in ``priorities``, most extreme level first. With
    ``cascade=True`` (the default) only the first level that has any elements
    is used: the Green elements, or if there are none the Amber Green ones
    (and Red, or else Amber Red, for priorities). With ``cascade=False`` every
    listed level is used, most extreme first. Within a level, elements keep
    framework order. ``limit`` keeps at most that many of each.

    Example:
        >>> ExtremesRule().strengths
        (<Rating.GREEN: 'Green'>, <Rating.AMBER_GREEN: 'Amber Green'>)

    .. versionadded:: 0.1.0
    """

    strengths: tuple[Rating, ...] = (Rating.GREEN, Rating.AMBER_GREEN)
    priorities: tuple[Rating, ...] = (Rating.RED, Rating.AMBER_RED)
    cascade: bool = True
    limit: int | None = attrs.field(default=None, validator=attrs.validators.optional(attrs.validators.ge(1)))

    def pick(self, scores: Sequence[ElementScore], levels: Sequence[Rating]) -> tuple[str, ...]:
        """Return the codes at ``levels`` under this rule, in order."""
        picked: list[str] = []
        for level in levels:
            at_level = [s.code for s in scores if s.rating is level]
            picked.extend(at_level)
            if self.cascade and at_level:
                break
        return tuple(picked[: self.limit] if self.limit is not None else picked)


@attrs.frozen(kw_only=True)
class Profile:
    """What one assessment says: ratings by element and heading, strengths, priorities, targets.

    Attributes:
        elements: Each element's score, in framework order.
        headings: Each heading's distribution and median.
        distribution: The distribution over the whole framework.
        strengths: Codes of the strongest elements (see :class:`ExtremesRule`).
        priorities: Codes of the weakest elements, the priorities for building capacity.
        unrated: Codes of applicable elements still unrated.
        rule: The rule that picked strengths and priorities.

    Example:
        >>> from matframework import Assessment, Rating, Subject, SubjectKind, assurance_framework
        >>> fw = assurance_framework()
        >>> a = Assessment.blank(fw, subject=Subject(name="T", kind=SubjectKind.TRUST))
        >>> profile(a.with_rating("1A", Rating.GREEN), fw)
        <Profile: 1 rated of 14 elements, median Green; strengths 1A; priorities none>

    .. versionadded:: 0.1.0
    """

    elements: tuple[ElementScore, ...]
    headings: tuple[HeadingProfile, ...]
    distribution: Distribution
    strengths: tuple[str, ...]
    priorities: tuple[str, ...]
    unrated: tuple[str, ...]
    rule: ExtremesRule

    _repr_html_ = repr_html

    @property
    def counted(self) -> int:
        """How many elements were rated (the denominator of every share)."""
        return self.distribution.counted

    @property
    def median(self) -> Rating | None:
        """The median rating over all rated elements."""
        return self.distribution.median

    @property
    def mean_ordinal(self) -> float | None:
        """The arithmetic mean of the ordinals 1–4 of rated elements, for analysts who want one.

        Ratings are ordinal, so a mean treats the steps between levels as
        equal; prefer the median and the distribution when reporting.
        """
        ordinals = [s.ordinal for s in self.elements if s.ordinal is not None]
        return statistics.fmean(ordinals) if ordinals else None

    @property
    def targets_counted(self) -> int:
        """How many elements have both a rating and a target (the target figures' base)."""
        return sum(1 for s in self.elements if s.gap_to_target is not None)

    @property
    def target_attainment(self) -> float | None:
        """The overall attainment of targets, 1 − Σ max(0, target − current) / Σ (target − 1).

        Over applicable elements with both a rating and a target; 1.0 when
        every target is met, lower the further ratings fall short. ``None``
        when no element counts (or every target is Red, leaving nothing to
        attain).
        """
        scored = [s for s in self.elements if s.gap_to_target is not None and s.target is not None]
        reach = sum(s.target.ordinal - 1 for s in scored if s.target is not None)
        if reach == 0:
            return None
        return 1 - sum(s.gap_to_target or 0 for s in scored) / reach

    def element(self, code: str) -> ElementScore:
        """Return the score of element ``code``.

        Raises:
            KeyError: The profile has no such element.
        """
        return find_code(self.elements, code)

    def __repr__(self) -> str:
        median = self.median.label if self.median else "none"
        return (
            f"<Profile: {self.counted} rated of {len(self.elements)} elements, median {median}; "
            f"strengths {', '.join(self.strengths) or 'none'}; priorities {', '.join(self.priorities) or 'none'}>"
        )


def _heading_of(code: str) -> int:
    digits = ""
    for char in code:
        if not char.isdigit():
            break
        digits += char
    return int(digits) if digits else 0


def _layout(assessment: Assessment, framework: Framework | None) -> list[tuple[int, str | None, list[str]]]:
    """Headings (number, title, codes) to profile: the framework's, or read from the element codes."""
    if framework is not None:
        return [(h.number, h.title, [e.code for e in h.elements]) for h in framework.headings]
    numbers: dict[int, list[str]] = {}
    for code in assessment.codes:
        numbers.setdefault(_heading_of(code), []).append(code)
    return [(number, None, codes) for number, codes in sorted(numbers.items())]


def profile(
    assessment: Assessment, framework: Framework | None = None, *, rule: ExtremesRule | None = None
) -> Profile:
    """Summarise one assessment: by element, by heading and overall, with strengths and priorities.

    Args:
        assessment: The assessment.
        framework: The framework it rates. With it, every framework element
            is profiled (those the assessment leaves out count as unrated) and
            headings carry their titles. Without it, the elements listed in
            the assessment are profiled and grouped into headings by the
            number their codes start with.
        rule: How strengths and priorities are picked; :class:`ExtremesRule`
            by default (Green, else Amber Green; Red, else Amber Red; framework
            order within a level).

    Example:
        >>> from matframework import Rating, Subject, SubjectKind, assurance_framework
        >>> fw = assurance_framework()
        >>> a = Assessment.blank(fw, subject=Subject(name="T", kind=SubjectKind.TRUST))
        >>> for code, r in [("1A", Rating.GREEN), ("3B", Rating.RED), ("5A", Rating.GREEN)]:
        ...     a = a.with_rating(code, r)
        >>> p = profile(a, fw)
        >>> p.strengths, p.priorities, p.counted, len(p.unrated)
        (('1A', '5A'), ('3B',), 3, 11)
        >>> p.headings[0].distribution.as_dict()
        {'Red': 0, 'Amber Red': 0, 'Amber Green': 0, 'Green': 1, 'unrated': 2, 'not applicable': 0}

    .. versionadded:: 0.1.0
    """
    rule = rule or ExtremesRule()
    entries = {entry.code: entry for entry in assessment.ratings}
    elements: list[ElementScore] = []
    headings: list[HeadingProfile] = []
    for number, title, codes in _layout(assessment, framework):
        heading_entries = [entries.get(code) for code in codes]
        for code, entry in zip(codes, heading_entries, strict=True):
            elements.append(
                ElementScore(
                    code=code,
                    heading=number,
                    rating=entry.rating if entry else None,
                    target=entry.target if entry else None,
                    not_applicable=bool(entry and not entry.applicable),
                )
            )
        headings.append(
            HeadingProfile(
                number=number,
                title=title,
                codes=tuple(codes),
                distribution=Distribution.of_entries(heading_entries),
            )
        )
    overall = Distribution.of_entries(entries.get(s.code) for s in elements)
    return Profile(
        elements=tuple(elements),
        headings=tuple(headings),
        distribution=overall,
        strengths=rule.pick(elements, rule.strengths),
        priorities=rule.pick(elements, rule.priorities),
        unrated=tuple(s.code for s in elements if s.rating is None and not s.not_applicable),
        rule=rule,
    )


class Direction(enum.Enum):
    """How an element's rating moved between two assessments.

    Example:
        >>> Direction("improved")
        <Direction.IMPROVED: 'improved'>

    .. versionadded:: 0.1.0
    """

    IMPROVED = "improved"
    DECLINED = "declined"
    UNCHANGED = "unchanged"
    NEW = "new"
    """Rated now, not rated before."""
    DROPPED = "dropped"
    """Rated before, not rated now."""
    NOT_RATED = "not rated"
    """Rated in neither (or not applicable in one of them)."""


@attrs.frozen(kw_only=True)
class Movement:
    """One element's change between two assessments.

    Attributes:
        code: The element code.
        before: The earlier rating.
        after: The later rating.
        direction: Improved, declined, unchanged, new, dropped or not rated.
        steps: Levels moved (positive up, negative down); ``None`` unless rated both times.

    Example:
        >>> from matframework import Assessment, Rating, Subject, SubjectKind, assurance_framework
        >>> fw = assurance_framework()
        >>> a = Assessment.blank(fw, subject=Subject(name="T", kind=SubjectKind.TRUST))
        >>> m = compare(a.with_rating("2A", Rating.GREEN), a.with_rating("2A", Rating.AMBER_RED)).movement("2A")
        >>> m.before.label, m.after.label, m.direction.value, m.steps
        ('Green', 'Amber Red', 'declined', -2)

    .. versionadded:: 0.1.0
    """

    code: str
    before: Rating | None
    after: Rating | None
    direction: Direction
    steps: int | None


@attrs.frozen(kw_only=True)
class Comparison:
    """What changed between two assessments, element by element.

    Example:
        >>> from matframework import Assessment, Rating, Subject, SubjectKind, assurance_framework
        >>> fw = assurance_framework()
        >>> a = Assessment.blank(fw, subject=Subject(name="T", kind=SubjectKind.TRUST))
        >>> compare(a, a.with_rating("2A", Rating.RED))
        <Comparison of 0 elements rated both times: 0 improved, 0 declined, 0 unchanged; 1 new, 0 dropped>

    .. versionadded:: 0.1.0
    """

    movements: tuple[Movement, ...]
    target_progress: float | None
    """Share of the baseline's distance to target closed: Σ min(gain, gap) / Σ gap, over elements
    below target at baseline (targets from the later assessment, else the earlier); ``None`` if none."""
    targets_counted: int
    """How many elements were below their target at baseline."""

    _repr_html_ = repr_html

    def movement(self, code: str) -> Movement:
        """Return the movement of element ``code``.

        Raises:
            KeyError: No such element was compared.
        """
        return find_code(self.movements, code)

    def codes(self, direction: Direction) -> tuple[str, ...]:
        """The codes of elements that moved in ``direction``."""
        return tuple(m.code for m in self.movements if m.direction is direction)

    @property
    def counted(self) -> int:
        """How many elements were rated both times (the base of improved/declined/unchanged)."""
        return sum(1 for m in self.movements if m.steps is not None)

    @property
    def summary(self) -> dict[str, int]:
        """How many elements moved each way."""
        return {d.value: len(self.codes(d)) for d in Direction}

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<Comparison of {self.counted} elements rated both times: {s['improved']} improved, "
            f"{s['declined']} declined, {s['unchanged']} unchanged; {s['new']} new, {s['dropped']} dropped>"
        )


def _direction(before: Rating | None, after: Rating | None) -> tuple[Direction, int | None]:
    if before is None and after is None:
        return Direction.NOT_RATED, None
    if before is None:
        return Direction.NEW, None
    if after is None:
        return Direction.DROPPED, None
    steps = after.ordinal - before.ordinal
    if steps > 0:
        return Direction.IMPROVED, steps
    if steps < 0:
        return Direction.DECLINED, steps
    return Direction.UNCHANGED, 0


def compare(before: Assessment, after: Assessment, *, allow_different: bool = False) -> Comparison:
    """Compare two assessments of the same subject against the same framework.

    Elements are taken in the order of ``before``, then any that only
    ``after`` lists. An element marked not applicable in either is "not rated"
    for the comparison.

    Args:
        before: The earlier assessment (the baseline).
        after: The later one.
        allow_different: Compare even if the subjects or frameworks differ.

    Raises:
        IncomparableError: The subjects or the frameworks differ and
            ``allow_different`` is false.

    Example:
        >>> from matframework import Rating, Subject, SubjectKind, assurance_framework
        >>> fw = assurance_framework()
        >>> a = Assessment.blank(fw, subject=Subject(name="T", kind=SubjectKind.TRUST))
        >>> a1 = a.with_rating("3B", Rating.RED, target=Rating.AMBER_GREEN).with_rating("1A", Rating.GREEN)
        >>> a2 = a.with_rating("3B", Rating.AMBER_RED, target=Rating.AMBER_GREEN).with_rating("1A", Rating.GREEN)
        >>> c = compare(a1, a2)
        >>> c.movement("3B").direction, c.movement("3B").steps, c.target_progress
        (<Direction.IMPROVED: 'improved'>, 1, 0.5)

    .. versionadded:: 0.1.0
    """
    if not allow_different:
        if before.framework != after.framework:
            msg = (
                f"the assessments rate different frameworks ({before.framework.id} {before.framework.version}, "
                f"{after.framework.id} {after.framework.version}); pass allow_different=True to compare anyway"
            )
            raise IncomparableError(msg)
        if (before.subject.name, before.subject.kind) != (after.subject.name, after.subject.kind):
            msg = (
                f"the assessments are of different subjects ({before.subject.name!r}, {after.subject.name!r}); "
                "pass allow_different=True to compare anyway"
            )
            raise IncomparableError(msg)
    earlier = {e.code: e for e in before.ratings}
    later = {e.code: e for e in after.ratings}
    codes = list(earlier) + [code for code in later if code not in earlier]
    movements: list[Movement] = []
    gained = reach = 0
    counted_targets = 0
    for code in codes:
        old, new = earlier.get(code), later.get(code)
        skip = (old is not None and not old.applicable) or (new is not None and not new.applicable)
        old_rating = None if skip or old is None else old.rating
        new_rating = None if skip or new is None else new.rating
        direction, steps = _direction(old_rating, new_rating)
        movements.append(
            Movement(code=code, before=old_rating, after=new_rating, direction=direction, steps=steps)
        )
        target = (new.target if new else None) or (old.target if old else None)
        if steps is not None and old_rating is not None and target is not None and target > old_rating:
            gap = target.ordinal - old_rating.ordinal
            gained += max(0, min(steps, gap))
            reach += gap
            counted_targets += 1
    return Comparison(
        movements=tuple(movements),
        target_progress=gained / reach if reach else None,
        targets_counted=counted_targets,
    )


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
        >>> aggregate([a, a.with_rating("1A", Rating.GREEN)], fw)
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
            KeyError: The group has no such element.
        """
        try:
            return self.distributions[self.codes.index(code)]
        except ValueError:
            raise KeyError(code) from None

    def __repr__(self) -> str:
        return f"<Aggregate of {self.size} assessments over {len(self.codes)} elements>"


def _group_codes(assessments: Sequence[Assessment], framework: Framework | None) -> list[str]:
    if framework is not None:
        return list(framework.element_codes)
    codes: dict[str, None] = {}
    for assessment in assessments:
        codes.update(dict.fromkeys(assessment.codes))
    return list(codes)


def aggregate(assessments: Iterable[Assessment], framework: Framework | None = None) -> Aggregate:
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
    codes = _group_codes(group, framework)
    lookups = [{e.code: e for e in a.ratings} for a in group]
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
            KeyError: No such element was benchmarked.
        """
        return find_code(self.positions, code)

    def __repr__(self) -> str:
        return f"<Benchmark against a group of {self.group_size} over {len(self.positions)} elements>"


def benchmark(
    assessment: Assessment, group: Iterable[Assessment], framework: Framework | None = None
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
    agg = aggregate(members, framework)
    own = {e.code: e for e in assessment.ratings}
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
