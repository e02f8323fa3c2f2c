"""The trust's structure in analysis: schools grouped by cluster, phase or tier; new joiners; comparison groups.

These functions take an :class:`~matframework.model.organisation.Organisation`
and the assessments of its schools, matched by URN. An assessment whose
subject has no URN, or a URN the organisation does not list, is refused by
name rather than counted in the wrong place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Literal

import attrs

from matframework.errors import Problem, ValidationError
from matframework.model._display import attach
from matframework.model.assessment import Assessment, SubjectKind
from matframework.model.organisation import TIER, Organisation, School

__all__ = ["By", "SchoolGroup", "comparison_group", "group_key", "new_joiners", "school_of"]


def __dir__() -> list[str]:
    return __all__


By = Literal["cluster", "phase", "tier"]
"""What schools can be grouped on: their cluster, their phase, or their tier on the day assessed."""

_CHOICES = ("cluster", "phase", "tier")
NONE_RECORDED = "(none recorded)"
"""The group of schools for which the organisation records no cluster, phase or tier."""


def _check_by(by: object, name: str = "by") -> None:
    if by not in _CHOICES:
        message = f"{name}={by!r} is not a choice"
        raise ValidationError(
            [Problem(path=(name,), message=message, expected="'cluster', 'phase' or 'tier'")]
        )


def school_of(organisation: Organisation, assessment: Assessment) -> School:
    """The organisation's school that ``assessment`` is of, by its URN.

    Raises:
        ValidationError: The assessment is not of a school, has no URN, or its
            URN is not one of the organisation's schools.
    """
    subject = assessment.subject
    found = organisation.find(subject.urn)
    if subject.kind is SubjectKind.SCHOOL and found is not None:
        return found
    if subject.kind is not SubjectKind.SCHOOL:
        message = f"the assessment of {subject.name!r} is of a {subject.kind.value}, not a school"
    elif subject.urn is None:
        message = f"the assessment of {subject.name!r} has no URN to find the school by"
    else:
        message = f"{subject.name!r} (URN {subject.urn}) is not a school of {organisation.name!r}"
    raise ValidationError(
        [Problem(path=("subject", "urn"), message=message, expected="a URN the organisation lists")]
    )


def group_key(organisation: Organisation, school: School, by: str, on: dt.date | None) -> str:
    """The group a school falls in: its cluster's name, its phase, or its tier on ``on`` (the latest without it)."""
    _check_by(by)
    if by == "cluster":
        return organisation.cluster(school.cluster).name if school.cluster is not None else NONE_RECORDED
    if by == "phase":
        return school.phase or NONE_RECORDED
    return school.fact(TIER, on=on) or NONE_RECORDED


def new_joiners(
    organisation: Organisation,
    assessments: Iterable[Assessment],
    *,
    within: dt.timedelta | None = None,
    as_of: dt.date | None = None,
) -> tuple[School, ...]:
    """The schools with no assessment since they joined: the new joiners whose needs are still to diagnose (1B.v).

    Args:
        organisation: The trust's structure (only schools with a joining date count).
        assessments: The assessments so far, of any subjects; those of other
            trusts' schools are ignored here.
        within: Only schools that joined within this long before ``as_of``.
        as_of: The day to look from; by default the organisation's ``as_of``.
            Schools that have left by then are not listed.

    Returns:
        The schools, earliest joiner first.

    Raises:
        ValidationError: ``within`` is given with no date to count back from.

    Example:
        >>> from matframework import examples
        >>> [s.name for s in new_joiners(examples.organisation(), examples.school_assessments())]
        ['Hazel Primary (fictional)']

    .. versionadded:: 0.2.0
    """
    day = as_of or organisation.as_of
    if within is not None and day is None:
        message = "within= counts back from a date, and none was given"
        raise ValidationError(
            [Problem(path=("as_of",), message=message, expected="as_of=, or the organisation's as_of")]
        )
    latest: dict[str, dt.date] = {}
    for assessment in assessments:
        urn, when = assessment.subject.urn, assessment.assessed_on
        if urn is not None and when is not None and (day is None or when <= day):
            latest[urn] = max(when, latest.get(urn, when))
    found = [
        school
        for school in organisation.schools
        if school.joined_on is not None
        and (day is None or school.member_on(day))
        and (within is None or day is None or day - school.joined_on <= within)
        and latest.get(school.urn, dt.date.min) < school.joined_on
    ]
    return tuple(sorted(found, key=lambda s: s.joined_on or dt.date.min))


@attrs.frozen(kw_only=True)
class SchoolGroup:
    """Schools chosen to compare one school with, and what they share.

    Attributes:
        school: The school they are compared with.
        on: What they share with it (``("phase",)``, ``("phase", "tier")``).
        shared: The shared values, in the order of ``on`` (``("Primary",)``).
        schools: The schools of the group.

    Example:
        >>> from matframework import examples
        >>> group = comparison_group(examples.organisation(), "999104")
        >>> group.shared, [s.name for s in group.schools]
        (('Secondary',), ['Rowan Secondary (fictional)', 'Willow Academy (fictional)'])

    .. versionadded:: 0.2.0
    """

    school: School
    on: tuple[str, ...]
    shared: tuple[str, ...]
    schools: tuple[School, ...]

    @property
    def description(self) -> str:
        """The group in words, e.g. "the trust's other Primary schools (7)"."""
        return f"the trust's other {' '.join(self.shared)} schools ({len(self.schools)})"

    def assessments(self, assessments: Iterable[Assessment]) -> list[Assessment]:
        """The assessments of the group's schools, by URN (of any rounds; :func:`~matframework.benchmark` takes the latest)."""
        urns = {school.urn for school in self.schools}
        return [a for a in assessments if a.subject.kind is SubjectKind.SCHOOL and a.subject.urn in urns]


def comparison_group(
    organisation: Organisation,
    school: str | School,
    *,
    on: Sequence[By] = ("phase",),
    as_of: dt.date | None = None,
    include_self: bool = False,
) -> SchoolGroup:
    """The trust's schools like ``school`` (same phase, cluster or tier): a fair group to benchmark it against.

    Args:
        organisation: The trust's structure.
        school: The school, or its URN.
        on: What the group shares with the school.
        as_of: The day for tiers and membership; by default the organisation's ``as_of``.
        include_self: Whether the school is in its own group.

    Raises:
        ValidationError: ``on`` is empty or names something other than cluster, phase or tier.
        UnknownIdError: No school has that URN.

    Example:
        >>> from matframework import benchmark, examples
        >>> org = examples.organisation()
        >>> group = comparison_group(org, "999103", on=("phase", "cluster"))
        >>> group.description
        "the trust's other Primary North hub schools (4)"
        >>> reviews = examples.school_assessments()
        >>> cedar = [a for a in reviews if a.subject.urn == "999103"][-1]
        >>> benchmark(cedar, group.assessments(reviews)).group_size
        3

    .. versionadded:: 0.2.0
    """
    chosen = organisation.school(school) if isinstance(school, str) else school
    keys = tuple(on)
    if not keys:
        raise ValidationError(
            [Problem(path=("on",), message="on= is empty", expected="one or more of cluster, phase, tier")]
        )
    for key in keys:
        _check_by(key, "on")
    day = as_of or organisation.as_of
    shared = tuple(group_key(organisation, chosen, key, day) for key in keys)
    members = tuple(
        other
        for other in organisation.schools
        if (include_self or other.urn != chosen.urn)
        and (day is None or other.member_on(day))
        and tuple(group_key(organisation, other, key, day) for key in keys) == shared
    )
    return SchoolGroup(school=chosen, on=keys, shared=shared, schools=members)


attach(SchoolGroup)  # the notebook display hook (matframework.views.notebook)
