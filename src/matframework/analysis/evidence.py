"""How well an assessment's ratings are evidenced: :func:`evidence_coverage`.

For each rated element: the evidence behind it (records its entry cites by
id, and records that name it in ``supports``), which of them are stale on a
given day, whether together they triangulate (by default one quantitative,
one qualitative and one stakeholder-voice kind: the 5B.ii test, as a rule
that can be changed), and how confident the raters were. Ids that match no
record are reported, never skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from matframework.errors import Problem, ValidationError
from matframework.model._display import attach, repr_html
from matframework.model._lookup import find_code
from matframework.model.assessment import Assessment
from matframework.model.evidence import Confidence, Evidence, EvidenceFile, Strand, duplicate_ids

__all__ = ["TRIANGULATION", "ElementEvidence", "EvidenceCoverage", "evidence_coverage"]


def __dir__() -> list[str]:
    return __all__


TRIANGULATION: frozenset[Strand] = frozenset(Strand)
"""The default rule (an element is triangulated when its evidence has a kind of every strand)."""


@attrs.frozen(kw_only=True)
class ElementEvidence:
    """The evidence behind one rated element.

    Attributes:
        code: The element code.
        records: The ids of the records behind it, cited or naming it, in order.
        stale: Those of them past their review date.
        unresolved: Ids its entry cites that match no record.
        strands: The strands its current (not stale) evidence covers.
        missing: The strands the rule asks for that it lacks.
        confidence: The raters' confidence, if recorded.

    Example:
        >>> from matframework import examples
        >>> import datetime as dt
        >>> e = evidence_coverage(examples.evidenced_assessment(), evidence=examples.evidence_file(),
        ...                       as_of=dt.date(2026, 11, 2)).element("5B")
        >>> e.records, e.triangulated
        (('E2', 'E4', 'E7', 'E1'), True)

    .. versionadded:: 0.2.0
    """

    code: str
    records: tuple[str, ...]
    stale: tuple[str, ...]
    unresolved: tuple[str, ...]
    strands: frozenset[Strand]
    missing: frozenset[Strand]
    confidence: Confidence | None

    @property
    def evidenced(self) -> bool:
        """Whether any current (not stale) record is behind it."""
        return len(self.records) > len(self.stale)

    @property
    def triangulated(self) -> bool:
        """Whether its current evidence covers every strand the rule asks for."""
        return not self.missing


@attrs.frozen(kw_only=True)
class EvidenceCoverage:
    """How well one assessment's rated elements are evidenced, on a given day.

    Attributes:
        as_of: The day staleness is judged on.
        rule: The strands triangulation asks for.
        elements: One :class:`ElementEvidence` per rated element, in order.

    Example:
        >>> from matframework import examples
        >>> import datetime as dt
        >>> cover = evidence_coverage(examples.evidenced_assessment(), evidence=examples.evidence_file(),
        ...                           as_of=dt.date(2026, 11, 2))
        >>> cover.share_evidenced, cover.unevidenced, cover.stale
        (0.85, ('1A', '6A'), ('1A', '6A'))
        >>> [e.code for e in cover.elements if e.triangulated], cover.low_confidence
        (['5B'], ('2A',))

    .. versionadded:: 0.2.0
    """

    as_of: dt.date
    rule: frozenset[Strand]
    elements: tuple[ElementEvidence, ...]

    _repr_html_ = repr_html

    def element(self, code: str) -> ElementEvidence:
        """Return the evidence of element ``code``.

        Raises:
            UnknownElementError: It is not a rated element of the assessment (it is also a KeyError).
        """
        return find_code(self.elements, code)

    @property
    def unevidenced(self) -> tuple[str, ...]:
        """Rated elements with no current evidence."""
        return tuple(e.code for e in self.elements if not e.evidenced)

    @property
    def stale(self) -> tuple[str, ...]:
        """Rated elements with at least one stale record."""
        return tuple(e.code for e in self.elements if e.stale)

    @property
    def untriangulated(self) -> tuple[str, ...]:
        """Rated elements whose current evidence lacks a strand the rule asks for."""
        return tuple(e.code for e in self.elements if not e.triangulated)

    @property
    def low_confidence(self) -> tuple[str, ...]:
        """Rated elements the raters marked low confidence."""
        return tuple(e.code for e in self.elements if e.confidence is Confidence.LOW)

    @property
    def unresolved(self) -> tuple[str, ...]:
        """Cited ids that match no record, as ``code:id``."""
        return tuple(f"{e.code}:{i}" for e in self.elements for i in e.unresolved)

    @property
    def share_evidenced(self) -> float | None:
        """The share of rated elements with current evidence, to two places; ``None`` with none rated."""
        if not self.elements:
            return None
        return round(sum(1 for e in self.elements if e.evidenced) / len(self.elements), 2)

    def __repr__(self) -> str:
        share = "–" if self.share_evidenced is None else f"{self.share_evidenced:.0%}"
        return (
            f"<EvidenceCoverage on {self.as_of}: {share} of {len(self.elements)} rated elements evidenced; "
            f"{len(self.untriangulated)} not triangulated, {len(self.stale)} with stale evidence>"
        )


def evidence_coverage(
    assessment: Assessment,
    *,
    as_of: dt.date,
    evidence: EvidenceFile | Iterable[Evidence] = (),
    rule: Iterable[Strand] = TRIANGULATION,
) -> EvidenceCoverage:
    """Say, for each rated element, what evidence is behind it and what is missing.

    Args:
        assessment: The assessment.
        as_of: The day staleness is judged on (a record is stale after its ``review_by``).
        evidence: A shared evidence file (or records) besides the assessment's own.
        rule: The strands triangulation asks for; by default quantitative,
            qualitative and stakeholder voice. ``{Strand.QUANTITATIVE, Strand.VOICE}``
            is the 5B.ii test of KPIs against lived experience alone.

    Example:
        >>> from matframework import examples
        >>> import datetime as dt
        >>> later = evidence_coverage(examples.evidenced_assessment(), evidence=examples.evidence_file(),
        ...                           as_of=dt.date(2027, 1, 4))
        >>> later.stale  # the writing moderation behind 4B was due for review by the end of 2026
        ('1A', '4B', '6A')

    Raises:
        ValidationError: ``as_of`` is not a date, the rule is empty, or a record
            id is in both the assessment and the shared file.

    .. versionadded:: 0.2.0
    """
    shared = evidence.records if isinstance(evidence, EvidenceFile) else tuple(evidence)
    strands = frozenset(rule)
    problems = []
    if type(as_of) is not dt.date:
        problems.append(Problem(path=("as_of",), message=f"as_of={as_of!r}", expected="a date"))
    if not strands or not strands <= set(Strand):
        problems.append(
            Problem(path=("rule",), message="the rule names no strands", expected="one or more Strand")
        )
    problems += duplicate_ids((*assessment.evidence, *shared), ("evidence",))
    if problems:
        raise ValidationError(problems)
    records = {r.id: r for r in (*assessment.evidence, *shared)}
    naming: dict[str, list[str]] = {}
    for record in records.values():
        for code in record.elements:
            naming.setdefault(code, []).append(record.id)
    elements = []
    for entry in assessment.ratings:
        if entry.rating is None or not entry.applicable:
            continue
        ids = list(dict.fromkeys([*entry.evidence_ids, *naming.get(entry.code, [])]))
        found = [records[i] for i in ids if i in records]
        current = [r for r in found if not r.stale(on=as_of)]
        have = frozenset(r.kind.strand for r in current)
        elements.append(
            ElementEvidence(
                code=entry.code,
                records=tuple(r.id for r in found),
                stale=tuple(r.id for r in found if r.stale(on=as_of)),
                unresolved=tuple(i for i in entry.evidence_ids if i not in records),
                strands=have,
                missing=strands - have,
                confidence=entry.confidence,
            )
        )
    return EvidenceCoverage(as_of=as_of, rule=strands, elements=tuple(elements))


attach(ElementEvidence)  # the notebook display hook (matframework.views.notebook)
