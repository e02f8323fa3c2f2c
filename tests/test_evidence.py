"""Tests for evidence records, confidence and leans (matframework.model.evidence) and evidence_coverage."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import jsonschema
import pytest
from hypothesis import given

from matframework import (
    Assessment,
    Rating,
    ValidationError,
    assurance_framework,
    dumps,
    examples,
    json_schema,
    loads,
    read_csv,
    to_csv,
)
from matframework.analysis.evidence import evidence_coverage
from matframework.model.assessment import CriterionLean
from matframework.model.evidence import Confidence, Evidence, EvidenceFile, EvidenceKind, Lean, Strand
from tests.strategies import evidence_files

DAY = dt.date(2026, 11, 2)
BASE = attrs.evolve(
    examples.trust_assessments()[-1], ratings=examples.trust_assessments()[-1].ratings[:1]
)  # 1A only


def record(id_: str, kind: EvidenceKind, *supports: str, review_by: dt.date | None = None) -> Evidence:
    return Evidence(id=id_, title=f"record {id_}", kind=kind, supports=supports, review_by=review_by)


def only_1a(**changes: object) -> Assessment:
    return BASE.with_rating("1A", Rating.GREEN, **changes)


class TestRecords:
    @given(evidence_files())
    def test_evidence_files_round_trip(self, shared: EvidenceFile) -> None:
        """Shared evidence files survive YAML and JSON, and their JSON form passes the schema."""
        assert shared == loads(dumps(shared), into=EvidenceFile)
        text = dumps(shared, format="json")
        assert shared == loads(text, into=EvidenceFile)
        validator = jsonschema.Draft202012Validator(
            json_schema(EvidenceFile), format_checker=jsonschema.FormatChecker()
        )
        assert [] == [e.message for e in validator.iter_errors(json.loads(text))]

    def test_the_example_survives_every_text_format(self) -> None:
        """The evidenced example round-trips through YAML, JSON and CSV, ids, confidence, leans and records included."""
        a = attrs.evolve(examples.evidenced_assessment(), evidence=examples.evidence_file().records[:2])
        assert a == loads(dumps(a), into=Assessment)
        assert a == loads(dumps(a, format="json"), into=Assessment)
        assert [a] == read_csv(to_csv(a))

    def test_checks(self) -> None:
        """An id twice, a bad id, a bad lean and a lean on an unknown criterion are refused by place."""
        with pytest.raises(ValidationError, match="evidence 'E1' is listed twice"):
            EvidenceFile(
                owner="Oak", records=(record("E1", EvidenceKind.POLICY), record("E1", EvidenceKind.POLICY))
            )
        with pytest.raises(ValidationError, match="a short id"):
            record("not an id", EvidenceKind.POLICY)
        text = dumps(only_1a(leans=(CriterionLean(numeral="ii", lean=Lean.GREEN),)))
        with pytest.raises(ValidationError, match="'greenish' is not a lean") as info:
            loads(text.replace("ii: green", "ii: greenish"), into=Assessment)
        assert ("ratings", "1A", "leans", "ii") == info.value.path
        with pytest.raises(ValidationError, match="two leans of criterion ii"):
            only_1a(
                leans=(
                    CriterionLean(numeral="ii", lean=Lean.RED),
                    CriterionLean(numeral="ii", lean=Lean.GREEN),
                )
            )
        off = only_1a(leans=(CriterionLean(numeral="ix", lean=Lean.RED),))
        assert ("ratings", "1A", "leans", "ix") in [p.path for p in off.problems(assurance_framework())]

    def test_leans_keep_criterion_order_and_never_move_the_rating(self) -> None:
        """Leans read in any order are kept in criterion order; the rating is what was written."""
        a = only_1a(
            leans=(CriterionLean(numeral="iii", lean=Lean.RED), CriterionLean(numeral="i", lean=Lean.RED))
        )
        assert (["i", "iii"], Rating.GREEN) == (
            [lean.numeral for lean in a.entries["1A"].leans],
            a.rating("1A"),
        )


class TestCoverage:
    def test_each_rule_fires_alone(self) -> None:
        """No evidence, stale evidence, an unresolved id, low confidence and a missing strand are each reported alone."""
        quantitative = record("Q", EvidenceKind.PERFORMANCE_DATA, "1A")
        qualitative = record("L", EvidenceKind.LEARNING_WALK, "1A")
        voice = record("V", EvidenceKind.PARENT_VOICE, "1A")
        full = evidence_coverage(only_1a(), evidence=[quantitative, qualitative, voice], as_of=DAY)
        assert ((), (), (), (), (), 1.0) == (
            full.unevidenced,
            full.stale,
            full.untriangulated,
            full.low_confidence,
            full.unresolved,
            full.share_evidenced,
        )
        assert ("1A",) == evidence_coverage(only_1a(), as_of=DAY).unevidenced
        old = attrs.evolve(voice, review_by=dt.date(2026, 1, 1))
        stale = evidence_coverage(only_1a(), evidence=[quantitative, qualitative, old], as_of=DAY)
        assert (("1A",), ("1A",), frozenset({Strand.VOICE})) == (
            stale.stale,
            stale.untriangulated,
            stale.element("1A").missing,
        )
        ids = evidence_coverage(
            only_1a(evidence_ids=("Q", "nope")), evidence=[quantitative, qualitative, voice], as_of=DAY
        )
        assert (("1A:nope",), ()) == (ids.unresolved, ids.untriangulated)
        low = evidence_coverage(
            only_1a(confidence=Confidence.LOW), evidence=[quantitative, qualitative, voice], as_of=DAY
        )
        assert (("1A",), ()) == (low.low_confidence, low.untriangulated)

    def test_as_of_changes_staleness_only(self) -> None:
        """Moving as_of past a review date makes that record stale and changes nothing else."""
        a, shared = examples.evidenced_assessment(), examples.evidence_file()
        before = evidence_coverage(a, evidence=shared, as_of=DAY)
        after = evidence_coverage(a, evidence=shared, as_of=dt.date(2027, 1, 2))  # E6 reviewed by 2026-12-31
        assert ("4B",) == tuple(sorted(set(after.stale) - set(before.stale)))
        assert [e.records for e in before.elements] == [e.records for e in after.elements]
        assert before.low_confidence == after.low_confidence

    def test_the_5b_ii_rule(self) -> None:
        """A rule of numbers against lived experience passes with performance data and pupil voice alone."""
        shared = [
            record("Q", EvidenceKind.PERFORMANCE_DATA, "1A"),
            record("V", EvidenceKind.PUPIL_VOICE, "1A"),
        ]
        assert ("1A",) == evidence_coverage(only_1a(), evidence=shared, as_of=DAY).untriangulated
        kpis = evidence_coverage(
            only_1a(), evidence=shared, as_of=DAY, rule={Strand.QUANTITATIVE, Strand.VOICE}
        )
        assert () == kpis.untriangulated

    def test_refusals(self) -> None:
        """A missing date, an empty rule, and an id in both the assessment and the shared file are refused."""
        shared = [record("E1", EvidenceKind.POLICY, "1A")]
        with pytest.raises(ValidationError, match="a date"):
            evidence_coverage(only_1a(), as_of="2026-11-02")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="names no strands"):
            evidence_coverage(only_1a(), as_of=DAY, rule=())
        with pytest.raises(ValidationError, match="'E1' is listed twice"):
            evidence_coverage(attrs.evolve(only_1a(), evidence=tuple(shared)), evidence=shared, as_of=DAY)
