"""Evidence behind a rating: :class:`Evidence` records, their :class:`EvidenceKind`, and shared evidence files.

DfE's guide asks trusts to "record your ratings, along with the rationale
and evidence for each judgment", and the framework asks for triangulation:
"learning reviews ... to triangulate KPIs with the daily lived experience"
(5B.ii). An evidence record says what the evidence is, what kind, when it
was collected and by whom, when it goes stale, which elements or criteria it
supports, and where it is (a path or URL; never the file's bytes). Records
sit in an assessment's ``evidence`` list, or in a shared evidence file that
several rounds refer to by id.

The kinds are drawn from the framework's own text; the strand each kind
belongs to (numbers, what is seen, what people say), used to test
triangulation, is matframework's own grouping.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from matframework.errors import PathPart, Problem, ValidationError
from matframework.model._checks import (
    constraint,
    instance,
    meets,
    optional,
    optional_text,
    repeated_ids,
    text,
    texts,
    tuple_of,
)
from matframework.model._display import attach

__all__ = ["Confidence", "Evidence", "EvidenceFile", "EvidenceKind", "Lean", "Strand"]


def __dir__() -> list[str]:
    return __all__


class Strand(enum.Enum):
    """The three strands triangulation asks for (matframework's grouping of the kinds).

    Example:
        >>> EvidenceKind.STAFF_VOICE.strand
        <Strand.VOICE: 'stakeholder voice'>

    .. versionadded:: 0.2.0
    """

    QUANTITATIVE = "quantitative"
    QUALITATIVE = "qualitative"
    VOICE = "stakeholder voice"


class EvidenceKind(enum.Enum):
    """What sort of evidence a record is, in the framework's own terms.

    Example:
        >>> EvidenceKind("learning walk or lesson visit").strand
        <Strand.QUALITATIVE: 'qualitative'>

    .. versionadded:: 0.2.0
    """

    PERFORMANCE_DATA = "performance data"
    LEARNING_WALK = "learning walk or lesson visit"
    WORK_SCRUTINY = "work scrutiny"
    ASSESSMENT_MODERATION = "assessment moderation"
    PUPIL_VOICE = "pupil voice"
    PARENT_VOICE = "parent voice"
    STAFF_VOICE = "staff voice"
    PEER_REVIEW = "peer review"
    EXTERNAL_REVIEW = "external review"
    BOARD_PAPERS = "board or committee papers"
    POLICY = "policy or plan"

    @property
    def strand(self) -> Strand:
        """The strand of triangulation it belongs to (matframework's grouping)."""
        return _STRANDS[self]


_STRANDS = {
    EvidenceKind.PERFORMANCE_DATA: Strand.QUANTITATIVE,
    EvidenceKind.ASSESSMENT_MODERATION: Strand.QUANTITATIVE,
    EvidenceKind.LEARNING_WALK: Strand.QUALITATIVE,
    EvidenceKind.WORK_SCRUTINY: Strand.QUALITATIVE,
    EvidenceKind.PEER_REVIEW: Strand.QUALITATIVE,
    EvidenceKind.EXTERNAL_REVIEW: Strand.QUALITATIVE,
    EvidenceKind.BOARD_PAPERS: Strand.QUALITATIVE,
    EvidenceKind.POLICY: Strand.QUALITATIVE,
    EvidenceKind.PUPIL_VOICE: Strand.VOICE,
    EvidenceKind.PARENT_VOICE: Strand.VOICE,
    EvidenceKind.STAFF_VOICE: Strand.VOICE,
}


class Confidence(enum.Enum):
    """How sure the raters are of an element's rating.

    Example:
        >>> Confidence("low")
        <Confidence.LOW: 'low'>

    .. versionadded:: 0.2.0
    """

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Lean(enum.Enum):
    """Where one criterion leans between its Red and Green descriptions ("which end of the scale it is closer to").

    A lean records the basis of an element's rating; it is shown beside the
    rating and never averaged into it.

    Example:
        >>> Lean("closer to green")
        <Lean.CLOSER_TO_GREEN: 'closer to green'>

    .. versionadded:: 0.2.0
    """

    RED = "red"
    CLOSER_TO_RED = "closer to red"
    CLOSER_TO_GREEN = "closer to green"
    GREEN = "green"


_ID = constraint(pattern="[A-Za-z0-9][A-Za-z0-9_.-]*", expected="a short id such as E1 or ks2-results-2026")


@attrs.frozen(kw_only=True)
class Evidence:
    """One piece of evidence behind one or more ratings.

    Attributes:
        id: A short id that ratings refer to (``"E12"``).
        title: What it is, e.g. "KS2 results 2026 by pupil group".
        kind: What sort of evidence (:class:`EvidenceKind`).
        collected_on: When it was collected, if recorded.
        collected_by: Who collected it, if recorded.
        review_by: The date after which it is stale, if any.
        supports: The element codes (``"5B"``) or criterion ids (``"5B.ii"``) it supports.
        link: Where it is: a path or a URL (never the file itself).
        summary: What it shows, in a sentence or two.

    Example:
        >>> e = Evidence(id="E1", title="Learning walks, autumn", kind=EvidenceKind.LEARNING_WALK,
        ...              review_by=dt.date(2027, 3, 31), supports=("3A", "5B.ii"))
        >>> e.stale(on=dt.date(2027, 4, 1)), e.elements
        (True, ('3A', '5B'))

    .. versionadded:: 0.2.0
    """

    id: str = attrs.field(validator=[text, meets], metadata=_ID)
    title: str = attrs.field(validator=[text, meets], metadata=constraint(non_blank=True, expected="a title"))
    kind: EvidenceKind = attrs.field(validator=instance(EvidenceKind))
    collected_on: dt.date | None = attrs.field(default=None, validator=optional(dt.date))
    collected_by: str | None = attrs.field(default=None, validator=optional_text)
    review_by: dt.date | None = attrs.field(default=None, validator=optional(dt.date))
    supports: tuple[str, ...] = attrs.field(default=(), validator=texts)
    link: str | None = attrs.field(default=None, validator=optional_text)
    summary: str | None = attrs.field(default=None, validator=optional_text)

    @property
    def elements(self) -> tuple[str, ...]:
        """The element codes it supports (a criterion id counts for its element), in order, once each."""
        return tuple(dict.fromkeys(code.split(".", 1)[0] for code in self.supports))

    def stale(self, *, on: dt.date) -> bool:
        """Whether its review date has passed on ``on``."""
        return self.review_by is not None and self.review_by < on


@attrs.frozen(kw_only=True, repr=False)
class EvidenceFile:
    """A shared evidence file: records that several rounds' assessments refer to by id.

    Attributes:
        owner: Whose evidence it is (the trust's or school's name).
        records: The records; each id appears once.

    Example:
        >>> shared = EvidenceFile(owner="Oak", records=(
        ...     Evidence(id="E1", title="Staff survey 2026", kind=EvidenceKind.STAFF_VOICE),))
        >>> shared.record("E1").kind.strand
        <Strand.VOICE: 'stakeholder voice'>

    .. versionadded:: 0.2.0
    """

    owner: str = attrs.field(validator=text)
    records: tuple[Evidence, ...] = attrs.field(default=(), validator=tuple_of(Evidence))

    def __attrs_post_init__(self) -> None:
        problems = list(duplicate_ids(self.records, ("records",)))
        if problems:
            raise ValidationError(problems)

    def __repr__(self) -> str:
        return f"<EvidenceFile of {self.owner!r}: {len(self.records)} records>"

    def record(self, evidence_id: str) -> Evidence:
        """Return the record with id ``evidence_id``.

        Raises:
            KeyError: No record has that id.
        """
        for found in self.records:
            if found.id == evidence_id:
                return found
        msg = f"no evidence {evidence_id!r} in the evidence file of {self.owner!r}"
        raise KeyError(msg)


def duplicate_ids(records: tuple[Evidence, ...], path: tuple[PathPart, ...]) -> list[Problem]:
    """A problem for each record whose id an earlier record already has."""
    return repeated_ids(records, path, "evidence", expected="one record per id")


attach(Evidence, EvidenceFile)  # the notebook display hook (matframework.views.notebook)
