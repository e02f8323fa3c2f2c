"""A trust's self-assessment against a framework: :class:`Assessment` and its parts.

An assessment records who is assessed (:class:`Subject`), when, by whom,
against which framework (:class:`FrameworkRef`), whether it is a draft or
final (:class:`Status`), and one :class:`ElementRating` per element: the
:class:`~matframework.Rating`, the evidence, notes per criterion, agreed next
steps and an optional target. An element may be marked not applicable, with
a reason; that is different from leaving it unrated.

Objects are immutable; make a changed copy with :func:`attrs.evolve` or
:meth:`Assessment.with_rating`.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import types
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from matframework.errors import IncomparableError, PathPart, Problem, UnknownElementError, ValidationError
from matframework.model._checks import (
    constraint,
    implied,
    instance,
    meets,
    optional,
    optional_text,
    text,
    texts,
    tuple_of,
)
from matframework.model._display import attach, repr_html
from matframework.model._lookup import nearest
from matframework.model.evidence import Confidence, Evidence, Lean, duplicate_ids
from matframework.model.framework import Framework, roman
from matframework.model.rating import Rating
from matframework.model.signoff import Approval, Change

__all__ = [
    "SUGGESTED_PERSPECTIVES",
    "Assessment",
    "CriterionLean",
    "CriterionNote",
    "ElementRating",
    "FrameworkRef",
    "Status",
    "Subject",
    "SubjectKind",
    "require_framework",
]


def __dir__() -> list[str]:
    return __all__


class SubjectKind(enum.Enum):
    """What is being assessed: a whole trust, one school, or a cluster of schools.

    Example:
        >>> SubjectKind("school")
        <SubjectKind.SCHOOL: 'school'>

    .. versionadded:: 0.1.0
    """

    TRUST = "trust"
    SCHOOL = "school"
    CLUSTER = "cluster"


class Status(enum.Enum):
    """Whether an assessment is still being filled in or has been agreed.

    A draft may leave elements unrated; a final assessment may not.

    Example:
        >>> Status("final")
        <Status.FINAL: 'final'>

    .. versionadded:: 0.1.0
    """

    DRAFT = "draft"
    FINAL = "final"


SUGGESTED_PERSPECTIVES: tuple[str, ...] = ("executive leaders", "headteachers", "middle leaders", "trustees")
"""Perspectives the fill-in template and the docs suggest: the groups DfE's "how to use" guide asks to rate separately.

The wording of the labels is matframework's own; a trust may use any label
(``"the chair"``, ``"hub leads"``). Labels are compared exactly as written.
"""


@attrs.frozen(kw_only=True)
class Subject:
    """Who is assessed.

    Attributes:
        name: The trust's, school's or cluster's name (may be left empty in a
            draft).
        kind: A trust, a school or a cluster.
        urn: A school's Unique Reference Number (six or seven digits), if any.
        ukprn: The UK Provider Reference Number (eight digits), if any.
        trust_reference: The trust's reference (e.g. a ``TR`` number or a
            company number), if any.

    Example:
        >>> Subject(name="Oak Learning Trust", kind=SubjectKind.TRUST, ukprn="10012345").kind
        <SubjectKind.TRUST: 'trust'>

    .. versionadded:: 0.1.0
    """

    name: str = attrs.field(validator=text)
    kind: SubjectKind = attrs.field(validator=instance(SubjectKind))
    urn: str | None = attrs.field(
        default=None,
        validator=[optional_text, meets],
        metadata=constraint(pattern="[0-9]{6,7}", expected="six or seven digits"),
    )
    ukprn: str | None = attrs.field(
        default=None,
        validator=[optional_text, meets],
        metadata=constraint(pattern="[0-9]{8}", expected="eight digits"),
    )
    trust_reference: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class FrameworkRef:
    """Which framework, and which version of it, an assessment rates against.

    Example:
        >>> from matframework import assurance_framework
        >>> FrameworkRef.to(assurance_framework())
        FrameworkRef(id='mat-assurance-framework', version='1')

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field(validator=text)
    version: str = attrs.field(validator=text)

    @classmethod
    def to(cls, framework: Framework) -> FrameworkRef:
        """Return a reference to ``framework``."""
        return cls(id=framework.id, version=framework.version)


@attrs.frozen(kw_only=True)
class CriterionNote:
    """A note on one criterion of an element, by its numeral.

    Example:
        >>> er = ElementRating(code="4B", notes=(CriterionNote(numeral="iii", text="Moderation termly"),))
        >>> er.note("iii")
        'Moderation termly'

    .. versionadded:: 0.1.0
    """

    numeral: str = attrs.field(validator=text)
    text: str = attrs.field(validator=text)


@attrs.frozen(kw_only=True)
class CriterionLean:
    """Where one criterion of an element leans, by its numeral: the basis of the element's rating.

    Example:
        >>> from matframework.model.evidence import Lean
        >>> CriterionLean(numeral="ii", lean=Lean.CLOSER_TO_RED).lean.value
        'closer to red'

    .. versionadded:: 0.2.0
    """

    numeral: str = attrs.field(validator=text)
    lean: Lean = attrs.field(validator=instance(Lean))


_ROMAN_DIGITS = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _roman_value(numeral: str) -> int | None:
    """The number a lower-case roman numeral stands for (``"iv"`` → 4), or ``None`` if it is not one."""
    if not numeral or any(char not in _ROMAN_DIGITS for char in numeral):
        return None
    values = [_ROMAN_DIGITS[char] for char in numeral]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if roman(total) == numeral else None


def _in_criterion_order(notes: object) -> object:
    """Notes (or leans) in the order of their criteria (i, ii, iii, …); numerals that are not roman keep their order, last.

    Notes are keyed by criterion, so two entries with the same notes are equal whatever order
    they were written in, and every format writes them in the same order.
    """
    if not isinstance(notes, tuple) or len(notes) < 2:  # noqa: PLR2004 - none or one is in order
        return notes  # (anything but a tuple: the validator says what is wrong)
    if not all(isinstance(note, (CriterionNote, CriterionLean)) for note in notes):
        return notes

    def key(item: tuple[int, CriterionNote | CriterionLean]) -> tuple[int, int]:
        value = _roman_value(item[1].numeral)
        return (value if value is not None else 10_000, item[0])

    return tuple(note for _, note in sorted(enumerate(notes), key=key))


@attrs.frozen(kw_only=True)
class ElementRating:
    """The rating of one element, with what supports it.

    Attributes:
        code: The element's code, e.g. ``"3B"``.
        rating: The rating agreed, or ``None`` while unrated.
        target: The rating the trust aims for, if recorded.
        evidence: The evidence and rationale for the rating.
        notes: Notes on particular criteria, by numeral.
        next_steps: Agreed next steps.
        not_applicable: Why the element does not apply, when it does not;
            such an element has no rating and is left out of every count.
        evidence_ids: The ids of the evidence records behind the rating (in
            the assessment's ``evidence`` list or a shared evidence file).
        confidence: How sure the raters are of the rating, if recorded.
        leans: Where particular criteria lean between Red and Green, by numeral:
            the basis of the rating, shown beside it and never averaged into it.

    Example:
        >>> er = ElementRating(code="3B", rating=Rating.AMBER_GREEN, target=Rating.GREEN)
        >>> er.rated, er.gap_to_target
        (True, 1)

    .. versionadded:: 0.1.0
    """

    code: str = attrs.field(validator=text, metadata=implied(by="its key in the assessment's ratings"))
    rating: Rating | None = attrs.field(default=None, validator=optional(Rating))
    target: Rating | None = attrs.field(default=None, validator=optional(Rating))
    evidence: str | None = attrs.field(default=None, validator=optional_text)
    notes: tuple[CriterionNote, ...] = attrs.field(
        default=(),
        converter=_in_criterion_order,
        validator=tuple_of(CriterionNote),
    )
    next_steps: tuple[str, ...] = attrs.field(default=(), validator=texts)
    not_applicable: str | None = attrs.field(
        default=None,
        validator=[optional_text, meets],
        metadata=constraint(
            non_blank=True,
            expected="the reason it does not apply",
            message="an element marked not applicable needs a reason",
        ),
    )
    evidence_ids: tuple[str, ...] = attrs.field(default=(), validator=texts)
    confidence: Confidence | None = attrs.field(default=None, validator=optional(Confidence))
    leans: tuple[CriterionLean, ...] = attrs.field(
        default=(),
        converter=_in_criterion_order,
        validator=tuple_of(CriterionLean),
    )

    @property
    def rated(self) -> bool:
        """Whether the element has a rating."""
        return self.rating is not None

    @property
    def applicable(self) -> bool:
        """Whether the element applies (it has not been marked not applicable)."""
        return self.not_applicable is None

    @property
    def gap_to_target(self) -> int | None:
        """Levels still to climb to the target (0 when met or passed); ``None`` without both."""
        if self.rating is None or self.target is None:
            return None
        return max(0, self.target.ordinal - self.rating.ordinal)

    def note(self, numeral: str) -> str | None:
        """Return the note on criterion ``numeral``, if there is one."""
        for note in self.notes:
            if note.numeral == numeral:
                return note.text
        return None


@attrs.frozen(kw_only=True, repr=False)
class Assessment:
    """One self-assessment of a trust, school or cluster against a framework.

    Attributes:
        subject: Who is assessed.
        framework: The framework (id and version) rated against.
        assessed_on: The date of the assessment (may be left out of a draft).
        round: A label for the round, e.g. ``"2026/27 autumn"``.
        raters: Who rated.
        perspective: The group whose view this is, when several groups rate
            separately (``"trustees"``, ``"middle leaders"``; see
            :data:`SUGGESTED_PERSPECTIVES`); ``None`` for a single agreed view.
        status: :attr:`~matframework.Status.DRAFT` or :attr:`~matframework.Status.FINAL`.
        ratings: One :class:`ElementRating` per element, in framework order.
        evidence: Evidence records held in the assessment itself (others may
            sit in a shared evidence file); each id appears once.
        changes: The change log: one entry per field changed by an in-place
            edit made with ``by=``, oldest first.
        approvals: Sign-offs of its content, each with the hash of what was approved.
        supersedes: The assessment this one corrects (its file name or reference), if any.

    Making an assessment checks it: element codes appear once, a rating and
    a not-applicable reason are not both given, and a final assessment has a
    date, a subject name, and every listed element rated or marked not
    applicable. :meth:`~matframework.Assessment.validate` checks it against a framework.

    Example:
        >>> from matframework import assurance_framework
        >>> fw = assurance_framework()
        >>> a = Assessment.blank(fw, subject=Subject(name="Oak Trust", kind=SubjectKind.TRUST))
        >>> a = a.with_rating("3B", Rating.AMBER_GREEN)
        >>> a.element_rating("3B").rating, len(a.unrated())
        (<Rating.AMBER_GREEN: 'Amber Green'>, 13)

    .. versionadded:: 0.1.0
    """

    subject: Subject = attrs.field(validator=instance(Subject))
    framework: FrameworkRef = attrs.field(validator=instance(FrameworkRef))
    assessed_on: dt.date | None = attrs.field(default=None, validator=optional(dt.date))
    round: str | None = attrs.field(default=None, validator=optional_text)
    raters: tuple[str, ...] = attrs.field(default=(), validator=texts)
    perspective: str | None = attrs.field(
        default=None,
        validator=[optional_text, meets],
        metadata=constraint(non_blank=True, expected="a group's name, e.g. trustees"),
    )
    status: Status = attrs.field(default=Status.DRAFT, validator=instance(Status))
    ratings: tuple[ElementRating, ...] = attrs.field(
        default=(),
        validator=tuple_of(ElementRating),
    )
    evidence: tuple[Evidence, ...] = attrs.field(default=(), validator=tuple_of(Evidence))
    changes: tuple[Change, ...] = attrs.field(default=(), validator=tuple_of(Change))
    approvals: tuple[Approval, ...] = attrs.field(default=(), validator=tuple_of(Approval))
    supersedes: str | None = attrs.field(default=None, validator=optional_text)

    _repr_html_ = repr_html

    def __attrs_post_init__(self) -> None:
        problems = list(self._own_problems())
        if problems:
            raise ValidationError(problems)

    def __repr__(self) -> str:
        when = self.assessed_on.isoformat() if self.assessed_on else "undated"
        rated = sum(1 for r in self.ratings if r.rated)
        view = f", by {self.perspective}" if self.perspective is not None else ""
        return (
            f"<Assessment of {self.subject.name!r} ({self.subject.kind.value}){view}, {when}, "
            f"{self.status.value}: {rated} of {len(self.ratings)} elements rated>"
        )

    @classmethod
    def blank(  # noqa: PLR0913 - keyword-only, one per field a blank carries
        cls,
        framework: Framework,
        *,
        subject: Subject,
        assessed_on: dt.date | None = None,
        round: str | None = None,  # noqa: A002 - the documented field name
        raters: tuple[str, ...] = (),
        perspective: str | None = None,
    ) -> Assessment:
        """Return a draft with an empty entry for every element of ``framework``."""
        return cls(
            subject=subject,
            framework=FrameworkRef.to(framework),
            assessed_on=assessed_on,
            round=round,
            raters=raters,
            perspective=perspective,
            ratings=tuple(ElementRating(code=code) for code in framework.element_codes),
        )

    @functools.cached_property
    def _by_code(self) -> dict[str, ElementRating]:
        return {r.code: r for r in self.ratings}

    @functools.cached_property
    def entries(self) -> Mapping[str, ElementRating]:
        """The entries by element code, in order (a read-only mapping).

        Example:
            >>> from matframework import examples
            >>> a = examples.trust_assessments()[-1]
            >>> a.entries["3B"].rating, "9Z" in a.entries
            (<Rating.AMBER_GREEN: 'Amber Green'>, False)
        """
        return types.MappingProxyType(self._by_code)

    def rates(self, framework: Framework) -> bool:
        """Whether this assessment names ``framework`` (its id and version) as the one it rates."""
        return self.framework.id == framework.id and self.framework.version == framework.version

    @property
    def codes(self) -> tuple[str, ...]:
        """The element codes listed, in order."""
        return tuple(r.code for r in self.ratings)

    def element_rating(self, code: str) -> ElementRating:
        """Return the entry for element ``code``.

        Raises:
            UnknownElementError: The assessment lists no such element.
        """
        found = self._by_code.get(code)
        if found is None:
            raise UnknownElementError(code, kind="element", suggestions=nearest(code.upper(), self.codes))
        return found

    def rating(self, code: str) -> Rating | None:
        """Return the rating of element ``code`` (``None`` if unrated or not applicable)."""
        return self.element_rating(code).rating

    def with_rating(self, code: str, rating: Rating | None, **changes: Any) -> Assessment:
        """Return a copy with element ``code`` rated ``rating`` (and any other fields changed).

        Example:
            >>> from matframework import assurance_framework
            >>> a = Assessment.blank(assurance_framework(), subject=Subject(name="T", kind=SubjectKind.TRUST))
            >>> a.with_rating("1A", Rating.GREEN, evidence="Vision published").element_rating("1A").evidence
            'Vision published'
        """
        updated = attrs.evolve(self.element_rating(code), rating=rating, **changes)
        return attrs.evolve(self, ratings=tuple(updated if r.code == code else r for r in self.ratings))

    def unrated(self, *, framework: Framework | None = None) -> tuple[str, ...]:
        """Return the codes of elements that still need a rating.

        Without ``framework``: the listed elements with neither a rating nor a
        not-applicable reason. With it: every element of the framework that
        is not rated or marked not applicable, listed or not.
        """
        if framework is None:
            return tuple(r.code for r in self.ratings if not r.rated and r.applicable)
        return tuple(
            code
            for code in framework.element_codes
            if (entry := self._by_code.get(code)) is None or (not entry.rated and entry.applicable)
        )

    def problems(self, framework: Framework) -> tuple[Problem, ...]:
        """Return every way this assessment does not fit ``framework`` (empty when it fits)."""
        found: list[Problem] = []
        if self.framework != FrameworkRef.to(framework):
            found.append(
                Problem(
                    path=("framework",),
                    message=f"the assessment is of {self.framework.id} version {self.framework.version}",
                    expected=f"{framework.id} version {framework.version}",
                )
            )
        known = set(framework.element_codes)
        for entry in self.ratings:
            if entry.code not in known:
                suggestions = ", ".join(nearest(entry.code.upper(), framework.element_codes))
                found.append(
                    Problem(
                        path=("ratings", entry.code),
                        message=f"the framework has no element {entry.code!r}",
                        expected=f"an element code such as {suggestions}",
                    )
                )
                continue
            numerals = {c.numeral for c in framework.element(entry.code).criteria}
            found.extend(
                Problem(
                    path=("ratings", entry.code, "notes", note.numeral),
                    message=f"element {entry.code} has no criterion {note.numeral!r}",
                    expected="one of " + ", ".join(c.numeral for c in framework.element(entry.code).criteria),
                )
                for note in entry.notes
                if note.numeral not in numerals
            )
            found.extend(
                Problem(
                    path=("ratings", entry.code, "leans", lean.numeral),
                    message=f"element {entry.code} has no criterion {lean.numeral!r}",
                    expected="one of " + ", ".join(c.numeral for c in framework.element(entry.code).criteria),
                )
                for lean in entry.leans
                if lean.numeral not in numerals
            )
        if self.status is Status.FINAL:
            found.extend(
                Problem(
                    path=("ratings", code),
                    message=f"a final assessment rates every element; {code} is missing",
                    expected="a rating, or not_applicable with a reason",
                )
                for code in framework.element_codes
                if code not in self._by_code
            )
        return tuple(found)

    def validate(self, framework: Framework) -> None:
        """Raise :class:`~matframework.ValidationError` listing every way the assessment does not fit.

        Reports element codes the framework does not know, notes on criteria
        it does not have, a different framework or version, and (for a final
        assessment) elements left out.
        """
        found = self.problems(framework)
        if found:
            raise ValidationError(found)

    def _own_problems(self) -> Iterator[Problem]:
        if self.evidence:
            yield from duplicate_ids(self.evidence, ("evidence",))
        seen: set[str] = set()
        final = self.status is Status.FINAL
        for index, entry in enumerate(self.ratings):
            if entry.code in seen:
                yield Problem(path=("ratings", index), message=f"element {entry.code} is listed twice")
            seen.add(entry.code)
            # Most entries are simply rated: skip the detailed checks when none can fail.
            if (
                entry.not_applicable is not None
                or len(entry.notes) > 1
                or len(entry.leans) > 1
                or (final and entry.rating is None)
            ):
                yield from _entry_problems(entry, final=final)
        if self.status is Status.FINAL:
            if self.assessed_on is None:
                yield Problem(
                    path=("assessed_on",), message="a final assessment has a date", expected="a date"
                )
            if not self.subject.name.strip():
                yield Problem(path=("subject", "name"), message="a final assessment names its subject")


def _entry_problems(entry: ElementRating, *, final: bool) -> Iterator[Problem]:
    path: tuple[PathPart, ...] = ("ratings", entry.code)
    if entry.not_applicable is not None and entry.rating is not None:
        yield Problem(
            path=(*path, "rating"),
            message=f"{entry.code} is marked not applicable and also rated",
            expected="either a rating or not_applicable, not both",
        )
    numerals = [note.numeral for note in entry.notes]
    for numeral in sorted({n for n in numerals if numerals.count(n) > 1}):
        yield Problem(path=(*path, "notes", numeral), message=f"two notes on criterion {numeral}")
    leaning = [lean.numeral for lean in entry.leans]
    for numeral in sorted({n for n in leaning if leaning.count(n) > 1}):
        yield Problem(path=(*path, "leans", numeral), message=f"two leans of criterion {numeral}")
    if final and not entry.rated and entry.applicable:
        yield Problem(
            path=(*path, "rating"),
            message=f"a final assessment rates every element; {entry.code} is unrated",
            expected="a rating, or not_applicable with a reason (or status: draft)",
        )


def require_framework(assessments: Iterable[Assessment], framework: Framework) -> None:
    """Check that every assessment rates ``framework`` (same id and version).

    Raises:
        IncomparableError: Some assessment names another framework; the message names it.
    """
    for assessment in assessments:
        if not assessment.rates(framework):
            msg = (
                f"the assessment of {assessment.subject.name!r} rates {assessment.framework.id} version "
                f"{assessment.framework.version}, not {framework.id} version {framework.version}; "
                "pass the framework it rates"
            )
            raise IncomparableError(msg)


attach(
    CriterionLean, CriterionNote, ElementRating, FrameworkRef, Subject
)  # the notebook display hook (matframework.views.notebook)
