"""The trust's structure: :class:`Organisation`, its clusters (or hubs) and its schools, with dated facts.

A trust reviews its schools, ties support to a school's category, and must
"diagnose the needs of new joiners" (1B.v) and "differentiate ... from its
weakest to its strongest schools" (1B.iv). An organisation records what
those need: each school's URN, name, phase, the date it joined, its cluster,
and facts that change over time (the trust's own category or support tier),
each dated from when it holds, so that a school's tier on any day can be
looked up and its history kept.

Objects are immutable; make a changed copy with :func:`attrs.evolve`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator

import attrs

from matframework.errors import Problem, UnknownIdError, ValidationError
from matframework.model._checks import (
    constraint,
    instance,
    meets,
    optional,
    optional_text,
    text,
    tuple_of,
)
from matframework.model._display import attach, repr_html
from matframework.model._lookup import nearest

__all__ = ["TIER", "Cluster", "Fact", "Organisation", "School"]


def __dir__() -> list[str]:
    return __all__


TIER = "tier"
"""The name of the fact that holds a school's support tier or category (the trust's own words)."""


@attrs.frozen(kw_only=True)
class Cluster:
    """A cluster or hub of the trust's schools.

    Attributes:
        id: A short identifier the schools refer to, e.g. ``"north"``.
        name: Its name, e.g. ``"North hub"``.
        lead: Who leads it, if recorded.

    Example:
        >>> Cluster(id="north", name="North hub").name
        'North hub'

    .. versionadded:: 0.2.0
    """

    id: str = attrs.field(
        validator=[text, meets],
        metadata=constraint(
            pattern="[A-Za-z0-9][A-Za-z0-9_.-]*", expected="a short id such as north or hub-1"
        ),
    )
    name: str = attrs.field(validator=text)
    lead: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class Fact:
    """Something true of a school from a date until the next fact of the same name: a tier, a category.

    Attributes:
        name: What the fact is about, e.g. ``"tier"`` (see :data:`~matframework.model.organisation.TIER`).
        value: Its value from ``since``, e.g. ``"targeted support"``.
        since: The date from which it holds.
        note: Why, if recorded (e.g. "after the spring review").

    Example:
        >>> Fact(name="tier", value="targeted support", since=dt.date(2026, 1, 5)).value
        'targeted support'

    .. versionadded:: 0.2.0
    """

    name: str = attrs.field(validator=[text, meets], metadata=constraint(non_blank=True, expected="a name"))
    value: str = attrs.field(validator=[text, meets], metadata=constraint(non_blank=True, expected="a value"))
    since: dt.date = attrs.field(validator=instance(dt.date))
    note: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class School:
    """One of the trust's schools.

    Attributes:
        urn: Its Unique Reference Number (six or seven digits).
        name: Its name.
        phase: Its phase of education, in GIAS's words (``"Primary"``,
            ``"Secondary"``, ``"All-through"``, ...), if recorded.
        joined_on: The date it joined the trust, if recorded.
        left_on: The date it left, if it has.
        cluster: The id of its cluster, if the trust has clusters.
        ukprn: Its UK Provider Reference Number (eight digits), if recorded.
        facts: Dated facts (a tier, a category), in any order; see :meth:`fact`.

    Example:
        >>> s = School(urn="999101", name="Ash Primary", phase="Primary", facts=(
        ...     Fact(name="tier", value="universal", since=dt.date(2024, 9, 1)),
        ...     Fact(name="tier", value="targeted", since=dt.date(2026, 1, 5))))
        >>> s.fact("tier", on=dt.date(2025, 6, 1)), s.fact("tier")
        ('universal', 'targeted')

    .. versionadded:: 0.2.0
    """

    urn: str = attrs.field(
        validator=[text, meets], metadata=constraint(pattern="[0-9]{6,7}", expected="six or seven digits")
    )
    name: str = attrs.field(validator=[text, meets], metadata=constraint(non_blank=True, expected="a name"))
    phase: str | None = attrs.field(default=None, validator=optional_text)
    joined_on: dt.date | None = attrs.field(default=None, validator=optional(dt.date))
    left_on: dt.date | None = attrs.field(default=None, validator=optional(dt.date))
    cluster: str | None = attrs.field(default=None, validator=optional_text)
    ukprn: str | None = attrs.field(
        default=None,
        validator=[optional_text, meets],
        metadata=constraint(pattern="[0-9]{8}", expected="eight digits"),
    )
    facts: tuple[Fact, ...] = attrs.field(default=(), validator=tuple_of(Fact))

    def history(self, name: str) -> tuple[Fact, ...]:
        """The facts called ``name``, oldest first."""
        return tuple(sorted((f for f in self.facts if f.name == name), key=lambda f: f.since))

    def fact(self, name: str, *, on: dt.date | None = None) -> str | None:
        """The value of fact ``name`` on a date (the latest one by default); ``None`` if none held yet."""
        held = None
        for found in self.history(name):
            if on is not None and found.since > on:
                break
            held = found.value
        return held

    def member_on(self, day: dt.date) -> bool:
        """Whether the school was in the trust on ``day`` (an unknown joining date counts as always)."""
        return (self.joined_on is None or self.joined_on <= day) and (
            self.left_on is None or day < self.left_on
        )


@attrs.frozen(kw_only=True, repr=False)
class Organisation:
    """A trust's structure: its clusters and schools.

    Attributes:
        name: The trust's name (may be left empty while a template is filled in).
        trust_reference: Its reference in GIAS (a ``TR`` number), if recorded.
        companies_house_number: Its company number, if recorded.
        clusters: Its clusters or hubs (may be empty).
        schools: Its schools, past and present.
        as_of: The date the record was last checked, if recorded.

    Making an organisation checks it: each URN appears once, each cluster id
    once, each school's cluster is one of the clusters, no school leaves
    before it joins, and no fact of one name is given twice for one day.

    Example:
        >>> from matframework import examples
        >>> org = examples.organisation()
        >>> len(org.schools), [c.name for c in org.clusters]
        (12, ['North hub', 'South hub'])
        >>> org.school("999104").name
        'Elm Secondary (fictional)'

    .. versionadded:: 0.2.0
    """

    name: str = attrs.field(validator=text)
    trust_reference: str | None = attrs.field(default=None, validator=optional_text)
    companies_house_number: str | None = attrs.field(default=None, validator=optional_text)
    clusters: tuple[Cluster, ...] = attrs.field(default=(), validator=tuple_of(Cluster))
    schools: tuple[School, ...] = attrs.field(default=(), validator=tuple_of(School))
    as_of: dt.date | None = attrs.field(default=None, validator=optional(dt.date))

    _repr_html_ = repr_html

    def __attrs_post_init__(self) -> None:
        problems = list(self._own_problems())
        if problems:
            raise ValidationError(problems)

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r}: {len(self.schools)} schools in {len(self.clusters)} clusters>"

    @functools.cached_property
    def _by_urn(self) -> dict[str, School]:
        return {school.urn: school for school in self.schools}

    def school(self, urn: str) -> School:
        """Return the school with URN ``urn``.

        Raises:
            UnknownIdError: No school has that URN (it is also a KeyError); near ones are suggested.
        """
        found = self._by_urn.get(urn)
        if found is None:
            raise UnknownIdError(
                urn,
                kind="school URN",
                suggestions=nearest(str(urn), tuple(self._by_urn)),
                within="this organisation",
            )
        return found

    def find(self, urn: str | None) -> School | None:
        """Return the school with URN ``urn``, or ``None`` (also for ``None``)."""
        return self._by_urn.get(urn) if urn is not None else None

    def cluster(self, cluster_id: str) -> Cluster:
        """Return the cluster ``cluster_id``.

        Raises:
            UnknownIdError: No such cluster (it is also a KeyError).
        """
        for found in self.clusters:
            if found.id == cluster_id:
                return found
        raise UnknownIdError(
            cluster_id,
            kind="cluster",
            suggestions=nearest(cluster_id, tuple(c.id for c in self.clusters)),
            within="this organisation",
        )

    def schools_on(self, day: dt.date) -> tuple[School, ...]:
        """The schools in the trust on ``day``."""
        return tuple(school for school in self.schools if school.member_on(day))

    def _own_problems(self) -> Iterator[Problem]:
        cluster_ids: set[str] = set()
        for index, cluster in enumerate(self.clusters):
            if cluster.id in cluster_ids:
                yield Problem(
                    path=("clusters", index, "id"), message=f"cluster {cluster.id!r} is listed twice"
                )
            cluster_ids.add(cluster.id)
        urns: set[str] = set()
        for index, school in enumerate(self.schools):
            path = ("schools", index)
            if school.urn in urns:
                yield Problem(
                    path=(*path, "urn"),
                    message=f"URN {school.urn} is listed twice",
                    expected="one entry per school",
                )
            urns.add(school.urn)
            if school.cluster is not None and school.cluster not in cluster_ids:
                named = ", ".join(sorted(cluster_ids)) or "none: add the cluster under clusters"
                yield Problem(
                    path=(*path, "cluster"),
                    message=f"{school.name} is in cluster {school.cluster!r}, which is not listed",
                    expected=f"one of the clusters' ids ({named})",
                )
            if (
                school.joined_on is not None
                and school.left_on is not None
                and school.left_on < school.joined_on
            ):
                yield Problem(
                    path=(*path, "left_on"),
                    message=f"{school.name} leaves ({school.left_on}) before it joins ({school.joined_on})",
                    expected=f"a date on or after {school.joined_on}",
                )
            seen: set[tuple[str, dt.date]] = set()
            for number, fact in enumerate(school.facts):
                if (fact.name, fact.since) in seen:
                    yield Problem(
                        path=(*path, "facts", number),
                        message=f"{school.name} has two {fact.name!r} facts from {fact.since}",
                        expected="one value of a fact per date",
                    )
                seen.add((fact.name, fact.since))


attach(Cluster, Fact, School)  # the notebook display hook (matframework.views.notebook)
