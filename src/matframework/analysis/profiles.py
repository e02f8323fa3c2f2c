"""One assessment's profile: by element, by heading and overall, with strengths and priorities.

Elements marked not applicable are left out of every count and denominator,
and every result says how many elements it counted. Where a mean of the
ordinals 1–4 is offered, it is named as such.
"""

from __future__ import annotations

import functools
import statistics
from collections.abc import Sequence

import attrs

from matframework.analysis.distributions import Distribution, Tally, sum_tallies, tally_entries
from matframework.model._checks import constraint, meets, optional_whole
from matframework.model._display import attach, repr_html
from matframework.model._lookup import find_code
from matframework.model.assessment import Assessment, require_framework
from matframework.model.framework import Framework
from matframework.model.rating import Rating

__all__ = ["ElementScore", "ExtremesRule", "HeadingProfile", "Profile", "profile"]


def __dir__() -> list[str]:
    return __all__


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
        >>> heading = profile(a.with_rating("3B", Rating.RED), framework=fw).headings[2]
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
    limit: int | None = attrs.field(
        default=None,
        validator=[optional_whole, meets],
        metadata=constraint(minimum=1, expected="1 or more (or None for no limit)"),
    )

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
        >>> profile(a.with_rating("1A", Rating.GREEN), framework=fw)
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
            UnknownElementError: The profile has no such element; the nearest codes are suggested (it is also a KeyError).
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


_DEFAULT_RULE = ExtremesRule()

# A year of profiles holds millions of scores but only a few hundred distinct ones: the same
# element at the same rating and target. Scores, headings and distributions are immutable, so
# profiles share equal ones. That makes profiling quicker, and it leaves the garbage collector a
# few objects per profile to walk instead of thirty-three, so the time per profile stays flat as a
# year's worth accumulate. The caches are bounded; a miss only builds a new object.
_SHARED = 8192


@functools.lru_cache(maxsize=_SHARED)
def _score(
    code: str, heading: int, rating: Rating | None, target: Rating | None, *, not_applicable: bool
) -> ElementScore:
    return ElementScore(
        code=code, heading=heading, rating=rating, target=target, not_applicable=not_applicable
    )


@functools.lru_cache(maxsize=_SHARED)
def _distribution(counts: tuple[int, ...], unrated: int, not_applicable: int) -> Distribution:
    return Distribution(counts=counts, unrated=unrated, not_applicable=not_applicable)


@functools.lru_cache(maxsize=_SHARED)
def _heading(number: int, title: str | None, codes: tuple[str, ...], tally: Tally) -> HeadingProfile:
    return HeadingProfile(number=number, title=title, codes=codes, distribution=_distribution(*tally))


def profile(
    assessment: Assessment, *, framework: Framework | None = None, rule: ExtremesRule | None = None
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

    Profiles share equal scores, heading profiles and distributions (they are
    immutable), so a year of profiles holds a few objects each.

    Example:
        >>> from matframework import Rating, Subject, SubjectKind, assurance_framework
        >>> fw = assurance_framework()
        >>> a = Assessment.blank(fw, subject=Subject(name="T", kind=SubjectKind.TRUST))
        >>> for code, r in [("1A", Rating.GREEN), ("3B", Rating.RED), ("5A", Rating.GREEN)]:
        ...     a = a.with_rating(code, r)
        >>> p = profile(a, framework=fw)
        >>> p.strengths, p.priorities, p.counted, len(p.unrated)
        (('1A', '5A'), ('3B',), 3, 11)
        >>> p.headings[0].distribution.as_dict()
        {'Red': 0, 'Amber Red': 0, 'Amber Green': 0, 'Green': 1, 'unrated': 2, 'not applicable': 0}

    .. versionadded:: 0.1.0
    """
    rule = rule or _DEFAULT_RULE
    if framework is not None:
        require_framework([assessment], framework)
    entries = assessment.entries
    elements: list[ElementScore] = []
    headings: list[HeadingProfile] = []
    tallies: list[Tally] = []
    for number, title, codes in _layout(assessment, framework):
        heading_entries = [entries.get(code) for code in codes]
        for code, entry in zip(codes, heading_entries, strict=True):
            if entry is None:
                elements.append(_score(code, number, None, None, not_applicable=False))
            else:
                elements.append(
                    _score(code, number, entry.rating, entry.target, not_applicable=not entry.applicable)
                )
        tallies.append(tally_entries(heading_entries))
        headings.append(_heading(number, title, tuple(codes), tallies[-1]))
    overall = _distribution(*sum_tallies(tallies))  # each entry counted once
    return Profile(
        elements=tuple(elements),
        headings=tuple(headings),
        distribution=overall,
        strengths=rule.pick(elements, rule.strengths),
        priorities=rule.pick(elements, rule.priorities),
        unrated=tuple(s.code for s in elements if s.rating is None and not s.not_applicable),
        rule=rule,
    )


attach(ElementScore, ExtremesRule, HeadingProfile)  # the notebook display hook (matframework.views.notebook)
