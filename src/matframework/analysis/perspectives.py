"""Perspectives: how separate groups (executive leaders, headteachers, middle leaders, trustees) see the same trust.

DfE's "how to use" guide has groups rate the framework separately and then
compare: the discussion of where they differ is the point. :func:`perspectives`
keeps the gaps. Per element, each group's median, range and count; per group,
how far its own members agree (Krippendorff's alpha, ordinal, where defined);
between groups, the gap in scale steps; and the gaps of two steps or more
named in a sentence.

This is not :func:`~matframework.moderate`: moderation looks for the one
rating that raters of one truth agree on, while perspectives report how the
groups' views differ and leave the difference in place.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import attrs

from matframework.analysis._seams import group_codes, one_framework, subject_key
from matframework.analysis.distributions import median_rating
from matframework.analysis.moderation import krippendorff_alpha_ordinal
from matframework.errors import IncomparableError, Problem, ValidationError
from matframework.model._display import attach, repr_html
from matframework.model._lookup import find_code
from matframework.model.assessment import Assessment
from matframework.model.framework import Framework
from matframework.model.rating import Rating

__all__ = [
    "ElementPerspectives",
    "GroupRating",
    "GroupView",
    "PerceptionGap",
    "Perspectives",
    "perspectives",
]


def __dir__() -> list[str]:
    return __all__


_NUMBERS = {1: "one step", 2: "two steps", 3: "three steps"}


@attrs.frozen(kw_only=True)
class GroupRating:
    """One group's ratings of one element.

    Attributes:
        perspective: The group.
        median: The median of its members' ratings (the lower middle one for an
            even count); ``None`` when none rated the element.
        lowest: The lowest rating given.
        highest: The highest rating given.
        counted: How many of its members rated the element.

    Example:
        >>> g = GroupRating(perspective="trustees", median=Rating.AMBER_GREEN,
        ...                 lowest=Rating.AMBER_RED, highest=Rating.GREEN, counted=3)
        >>> g.spread
        2

    .. versionadded:: 0.2.0
    """

    perspective: str
    median: Rating | None
    lowest: Rating | None
    highest: Rating | None
    counted: int

    @property
    def spread(self) -> int | None:
        """Steps between the lowest and highest rating given; ``None`` when none was given."""
        if self.lowest is None or self.highest is None:
            return None
        return self.highest.ordinal - self.lowest.ordinal


@attrs.frozen(kw_only=True)
class ElementPerspectives:
    """How each group rated one element, and the gap between the groups.

    Attributes:
        code: The element code.
        groups: One :class:`GroupRating` per group, in the order the groups
            were first met.

    Example:
        >>> e = ElementPerspectives(code="3B", groups=(
        ...     GroupRating(perspective="executive leaders", median=Rating.GREEN,
        ...                 lowest=Rating.GREEN, highest=Rating.GREEN, counted=2),
        ...     GroupRating(perspective="middle leaders", median=Rating.AMBER_RED,
        ...                 lowest=Rating.RED, highest=Rating.AMBER_GREEN, counted=5)))
        >>> e.gap, e.highest, e.lowest
        (2, 'executive leaders', 'middle leaders')

    .. versionadded:: 0.2.0
    """

    code: str
    groups: tuple[GroupRating, ...]

    def group(self, perspective: str) -> GroupRating:
        """Return the ratings of ``perspective``.

        Raises:
            KeyError: No group of that name rated; the message lists those that did.
        """
        for found in self.groups:
            if found.perspective == perspective:
                return found
        named = ", ".join(repr(g.perspective) for g in self.groups)
        msg = f"no group {perspective!r} rated {self.code}; the groups are {named}"
        raise KeyError(msg)

    @property
    def _levels(self) -> list[tuple[int, GroupRating]]:
        """Each rating group's median level, in group order; empty with fewer than two (no gap to measure)."""
        rated = [(g.median.ordinal, g) for g in self.groups if g.median is not None]
        return rated if len(rated) > 1 else []

    @property
    def gap(self) -> int | None:
        """Steps between the highest and the lowest group median; ``None`` with fewer than two groups rating it."""
        levels = [level for level, _ in self._levels]
        return max(levels) - min(levels) if levels else None

    @property
    def highest(self) -> str | None:
        """The group whose median is highest (the first met, on a tie); ``None`` without a gap."""
        levels = self._levels
        return max(levels, key=lambda pair: pair[0])[1].perspective if levels else None

    @property
    def lowest(self) -> str | None:
        """The group whose median is lowest (the first met, on a tie); ``None`` without a gap."""
        levels = self._levels
        return min(levels, key=lambda pair: pair[0])[1].perspective if levels else None


@attrs.frozen(kw_only=True)
class GroupView:
    """One group over all elements: who is in it and how far its members agree.

    Attributes:
        perspective: The group.
        members: How many assessments the group gave (one agreed assessment,
            or one per member).
        alpha: Krippendorff's alpha (ordinal) among the group's members over
            all elements, or ``None`` when undefined (see ``alpha_note``).
        alpha_note: Why alpha is ``None``, in words; ``None`` when it is defined.

    Example:
        >>> from matframework import examples
        >>> heads = perspectives(examples.perspective_assessments()).groups[1]
        >>> heads.perspective, heads.members, round(heads.alpha, 2)
        ('headteachers', 4, 0.66)

    .. versionadded:: 0.2.0
    """

    perspective: str
    members: int
    alpha: float | None
    alpha_note: str | None


@attrs.frozen(kw_only=True)
class PerceptionGap:
    """A named pattern: one group rates an element some steps above another.

    Attributes:
        code: The element code.
        higher: The group that rates it higher.
        lower: The group that rates it lower.
        steps: Steps between the two groups' medians.
        sentence: The pattern in words, e.g. "executive leaders rate 3B
            (Leadership of teaching) two steps above middle leaders".

    Example:
        >>> from matframework import examples
        >>> gap = perspectives(examples.perspective_assessments()).gaps[0]
        >>> gap.higher, gap.lower, gap.steps
        ('trustees', 'headteachers', 2)

    .. versionadded:: 0.2.0
    """

    code: str
    higher: str
    lower: str
    steps: int
    sentence: str


@attrs.frozen(kw_only=True)
class Perspectives:
    """How separate groups rated one subject in one round: their views side by side, and the gaps.

    Attributes:
        subject: The subject's name.
        round: The round's label (``None`` when the assessments give none).
        groups: One :class:`GroupView` per group, in the order first met.
        elements: One :class:`ElementPerspectives` per element, in order.
        gaps: The gaps of at least ``min_gap`` steps between two groups'
            medians, largest first (then in element order).
        min_gap: The smallest gap named in ``gaps``.

    Example:
        >>> from matframework import examples
        >>> views = perspectives(examples.perspective_assessments())
        >>> [g.perspective for g in views.groups]
        ['executive leaders', 'headteachers', 'trustees']

    .. versionadded:: 0.2.0
    """

    subject: str
    round: str | None
    groups: tuple[GroupView, ...]
    elements: tuple[ElementPerspectives, ...]
    gaps: tuple[PerceptionGap, ...]
    min_gap: int

    _repr_html_ = repr_html

    def element(self, code: str) -> ElementPerspectives:
        """Return the groups' ratings of element ``code``.

        Raises:
            UnknownElementError: No such element was rated; the nearest codes are suggested (it is also a KeyError).
        """
        return find_code(self.elements, code)

    @property
    def perspectives(self) -> tuple[str, ...]:
        """The groups' names, in order."""
        return tuple(g.perspective for g in self.groups)

    def __repr__(self) -> str:
        return (
            f"<Perspectives of {self.subject!r}: {len(self.groups)} groups over {len(self.elements)} elements; "
            f"{len(self.gaps)} gaps of {self.min_gap} or more steps>"
        )


def _steps(steps: int) -> str:
    return _NUMBERS.get(steps, f"{steps} steps")


def perspectives(
    assessments: Iterable[Assessment], *, framework: Framework | None = None, min_gap: int = 2
) -> Perspectives:
    """Set side by side how separate groups rated one subject in one round.

    Each assessment names its group in :attr:`~matframework.Assessment.perspective`;
    a group may give one agreed assessment or one per member. Ratings are
    ordinal, so each group is summarised by its median and range, and gaps are
    counted in steps of the scale (Red to Amber Red is one step).

    Args:
        assessments: The groups' assessments of one subject in one round.
        framework: The framework they rate, for element order and titles in
            the sentences; without it, codes in order of first appearance.
        min_gap: The smallest gap between two groups' medians that is named
            in :attr:`Perspectives.gaps` (two steps by default).

    Raises:
        ValidationError: An assessment names no perspective, fewer than two
            groups are given, or ``min_gap`` is below one.
        IncomparableError: The assessments are of different subjects, rounds
            or frameworks.

    Example:
        >>> from matframework import assurance_framework, examples
        >>> views = perspectives(examples.perspective_assessments(), framework=assurance_framework())
        >>> views.element("3B").gap, views.element("3B").highest
        (2, 'trustees')
        >>> views.gaps[0].sentence
        'trustees rate 2A (Building capacity for improvement) two steps above headteachers'

    .. versionadded:: 0.2.0
    """
    group = list(assessments)
    _check(group, min_gap)
    one_framework(group, framework)
    by_group: dict[str, list[Assessment]] = {}
    for assessment in group:
        by_group.setdefault(str(assessment.perspective), []).append(assessment)
    codes = group_codes(group, framework)
    elements = tuple(
        ElementPerspectives(
            code=code, groups=tuple(_group_rating(name, members, code) for name, members in by_group.items())
        )
        for code in codes
    )
    titles = {element.code: element.title for element in framework.elements} if framework is not None else {}
    gaps = sorted(
        (gap for element in elements for gap in _gaps(element, min_gap, titles.get(element.code))),
        key=lambda gap: (-gap.steps, codes.index(gap.code)),
    )
    return Perspectives(
        subject=group[0].subject.name,
        round=group[0].round,
        groups=tuple(_group_view(name, members, codes) for name, members in by_group.items()),
        elements=elements,
        gaps=tuple(gaps),
        min_gap=min_gap,
    )


def _check(group: list[Assessment], min_gap: int) -> None:
    problems = [
        Problem(
            path=(index, "perspective"),
            message=f"the assessment of {a.subject.name!r} names no perspective",
            expected="the group whose view it is, e.g. trustees",
        )
        for index, a in enumerate(group)
        if a.perspective is None
    ]
    if type(min_gap) is not int or min_gap < 1:
        problems.append(
            Problem(
                path=("min_gap",),
                message=f"min_gap={min_gap!r}",
                expected="a whole number of steps, 1 or more",
            )
        )
    if problems:
        raise ValidationError(problems)
    if len({a.perspective for a in group}) < 2:  # noqa: PLR2004 - a comparison needs two groups
        named = ", ".join(sorted({repr(a.perspective) for a in group})) or "none"
        message = f"perspectives compares two or more groups; got {named}"
        raise ValidationError(
            [Problem(message=message, expected="assessments from two or more perspectives")]
        )
    first = group[0]
    for other in group[1:]:
        if subject_key(other) != subject_key(first):
            msg = (
                f"the assessments are of different subjects ({first.subject.name!r} and {other.subject.name!r}); "
                "perspectives compares groups' views of one subject"
            )
            raise IncomparableError(msg)
        if other.round != first.round:
            msg = (
                f"the assessments are of different rounds ({first.round!r} and {other.round!r}); "
                "compare the groups of one round (history() follows rounds)"
            )
            raise IncomparableError(msg)


def _group_rating(name: str, members: list[Assessment], code: str) -> GroupRating:
    given = []
    for member in members:
        entry = member.entries.get(code)
        if entry is not None and entry.applicable and entry.rating is not None:
            given.append(entry.rating)
    return GroupRating(
        perspective=name,
        median=median_rating(given),
        lowest=min(given) if given else None,
        highest=max(given) if given else None,
        counted=len(given),
    )


def _group_view(name: str, members: list[Assessment], codes: list[str]) -> GroupView:
    if len(members) < 2:  # noqa: PLR2004 - agreement needs a pair
        return GroupView(
            perspective=name, members=len(members), alpha=None, alpha_note="the group gave one assessment"
        )
    units = []
    for code in codes:
        values = []
        for member in members:
            entry = member.entries.get(code)
            if entry is not None and entry.applicable and entry.rating is not None:
                values.append(entry.rating.ordinal)
        units.append(values)
    alpha = krippendorff_alpha_ordinal(units)
    note = None
    if alpha is None:
        pairable = sum(len(u) for u in units if len(u) >= 2)  # noqa: PLR2004 - a pair
        note = (
            "no element was rated by two or more of its members"
            if pairable < 2  # noqa: PLR2004 - a pair
            else "every rating its members gave is the same level, so there is no variation to agree about"
        )
    return GroupView(perspective=name, members=len(members), alpha=alpha, alpha_note=note)


def _gaps(element: ElementPerspectives, min_gap: int, title: str | None) -> list[PerceptionGap]:
    rated = [(g, g.median.ordinal) for g in element.groups if g.median is not None]
    named = f"{element.code} ({title})" if title else element.code
    found = []
    for (a, a_level), (b, b_level) in itertools.combinations(rated, 2):
        steps = a_level - b_level
        if abs(steps) < min_gap:
            continue
        higher, lower = (a, b) if steps > 0 else (b, a)
        found.append(
            PerceptionGap(
                code=element.code,
                higher=higher.perspective,
                lower=lower.perspective,
                steps=abs(steps),
                sentence=f"{higher.perspective} rate {named} {_steps(abs(steps))} above {lower.perspective}",
            )
        )
    return found


attach(
    ElementPerspectives, GroupRating, GroupView, PerceptionGap
)  # the notebook display hook (matframework.views.notebook)
