"""Tests for matframework.model.assessment: the assessment record and its rules."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given

from matframework import (
    Assessment,
    CriterionNote,
    ElementRating,
    FrameworkRef,
    Rating,
    Status,
    Subject,
    SubjectKind,
    UnknownElementError,
    ValidationError,
    assurance_framework,
)
from tests.strategies import assessments

TRUST = Subject(name="Oak Valley Learning Trust", kind=SubjectKind.TRUST)


def blank(**changes: Any) -> Assessment:
    return attrs.evolve(Assessment.blank(assurance_framework(), subject=TRUST), **changes)


def rated_all(rating: Rating = Rating.AMBER_GREEN) -> Assessment:
    a = blank()
    for code in a.codes:
        a = a.with_rating(code, rating)
    return a


class TestElementRating:
    def test_gap_to_target(self) -> None:
        """The gap counts levels still to climb, never below zero."""
        assert 2 == ElementRating(code="1A", rating=Rating.RED, target=Rating.AMBER_GREEN).gap_to_target
        assert 0 == ElementRating(code="1A", rating=Rating.GREEN, target=Rating.AMBER_RED).gap_to_target
        assert ElementRating(code="1A", rating=Rating.GREEN).gap_to_target is None
        assert ElementRating(code="1A", target=Rating.GREEN).gap_to_target is None

    def test_not_applicable_is_not_unrated(self) -> None:
        """Not applicable and unrated are different states."""
        na = ElementRating(code="6B", not_applicable="No local bodies")
        assert (False, False) == (na.rated, na.applicable)
        unrated = ElementRating(code="6B")
        assert (False, True) == (unrated.rated, unrated.applicable)

    def test_notes(self) -> None:
        """Notes are found by numeral."""
        er = ElementRating(code="4B", notes=(CriterionNote(numeral="iii", text="t"),))
        assert "t" == er.note("iii")
        assert er.note("iv") is None


class TestAssessment:
    def test_blank_lists_every_element(self) -> None:
        """A blank assessment is a draft with every element unrated."""
        a = blank()
        assert assurance_framework().element_codes == a.codes
        assert a.codes == a.unrated()
        assert Status.DRAFT is a.status
        assert FrameworkRef(id="mat-assurance-framework", version="1") == a.framework

    def test_with_rating_is_a_copy(self) -> None:
        """with_rating returns a new assessment and leaves the old one alone."""
        a = blank()
        b = a.with_rating("3B", Rating.RED, target=Rating.AMBER_GREEN)
        assert a.rating("3B") is None
        assert Rating.RED is b.rating("3B")
        assert Rating.AMBER_GREEN is b.element_rating("3B").target
        assert "3B" not in b.unrated()

    def test_unknown_code(self) -> None:
        """Asking for an element the assessment does not list is a LookupError with suggestions."""
        with pytest.raises(UnknownElementError) as info:
            blank().element_rating("3b")
        assert "3B" == info.value.suggestions[0]

    def test_unrated_against_framework(self) -> None:
        """Against a framework, unrated() also lists elements missing from the assessment."""
        a = blank(ratings=(ElementRating(code="1A", rating=Rating.GREEN), ElementRating(code="1B")))
        assert ("1B",) == a.unrated()
        assert ("1B", "1C", "2A") == a.unrated(framework=assurance_framework())[:3]
        assert 13 == len(a.unrated(framework=assurance_framework()))

    def test_not_applicable_left_out_of_unrated(self) -> None:
        """An element marked not applicable is not waiting for a rating."""
        a = blank().with_rating("6B", None, not_applicable="Reviewed next year")
        assert "6B" not in a.unrated()
        assert "6B" not in a.unrated(framework=assurance_framework())

    def test_final_needs_every_rating(self) -> None:
        """A final assessment with an unrated element is refused, naming it."""
        with pytest.raises(ValidationError) as info:
            blank(status=Status.FINAL, assessed_on=dt.date(2026, 10, 1))
        assert 14 == len(info.value.problems)
        assert ("ratings", "1A", "rating") == info.value.path

    def test_final_needs_date_and_name(self) -> None:
        """A final assessment is dated and names its subject."""
        a = rated_all()
        with pytest.raises(ValidationError) as info:
            attrs.evolve(a, status=Status.FINAL, subject=Subject(name=" ", kind=SubjectKind.TRUST))
        assert {("assessed_on",), ("subject", "name")} == {p.path for p in info.value.problems}
        final = attrs.evolve(a, status=Status.FINAL, assessed_on=dt.date(2026, 10, 1))
        assert () == final.unrated()

    def test_rating_and_not_applicable_exclusive(self) -> None:
        """An element is rated or not applicable, never both; and not applicable needs a reason."""
        with pytest.raises(ValidationError) as info:
            blank(ratings=(ElementRating(code="1A", rating=Rating.RED, not_applicable="Infant school"),))
        assert [("ratings", "1A", "rating")] == [p.path for p in info.value.problems]
        with pytest.raises(ValidationError, match="needs a reason") as blank_reason:
            ElementRating(code="1A", not_applicable=" ")
        assert [("not_applicable",)] == [p.path for p in blank_reason.value.problems]

    def test_duplicates(self) -> None:
        """An element listed twice, or two notes on one criterion, are refused."""
        note = CriterionNote(numeral="i", text="x")
        with pytest.raises(ValidationError) as info:
            blank(ratings=(ElementRating(code="1A"), ElementRating(code="1A", notes=(note, note))))
        assert {("ratings", 1), ("ratings", "1A", "notes", "i")} == {p.path for p in info.value.problems}

    def test_identifiers_checked(self) -> None:
        """URNs and UKPRNs have the published number of digits."""
        with pytest.raises(ValidationError, match="urn: must be six or seven digits, got '12345'"):
            Subject(name="School", kind=SubjectKind.SCHOOL, urn="12345")
        with pytest.raises(ValidationError, match="ukprn: must be eight digits, got '1001234X'"):
            Subject(name="School", kind=SubjectKind.SCHOOL, ukprn="1001234X")

    def test_repr(self) -> None:
        """The repr says who, when, status and how much is rated."""
        a = attrs.evolve(blank().with_rating("1A", Rating.RED), assessed_on=dt.date(2026, 10, 1))
        assert (
            "<Assessment of 'Oak Valley Learning Trust' (trust), 2026-10-01, draft: 1 of 14 elements rated>"
            == repr(a)
        )


class TestValidateAgainstFramework:
    def test_fits(self) -> None:
        """A blank assessment of the framework fits it."""
        assert () == blank().problems(assurance_framework())
        blank().validate(assurance_framework())

    def test_unknown_codes_reported(self) -> None:
        """Every element code the framework does not know is reported, with suggestions."""
        a = blank(ratings=(ElementRating(code="7A"), ElementRating(code="3D"), ElementRating(code="1A")))
        with pytest.raises(ValidationError) as info:
            a.validate(assurance_framework())
        assert [("ratings", "7A"), ("ratings", "3D")] == [p.path for p in info.value.problems]
        assert "an element code such as 3A, 3B, 3C" == info.value.problems[1].expected

    def test_other_framework(self) -> None:
        """An assessment of another framework or version is reported."""
        a = blank(framework=FrameworkRef(id="mat-assurance-framework", version="2"))
        assert [("framework",)] == [p.path for p in a.problems(assurance_framework())]

    def test_notes_on_missing_criteria(self) -> None:
        """A note on a criterion the element does not have is reported."""
        a = blank().with_rating("6A", None, notes=(CriterionNote(numeral="vi", text="x"),))
        assert [("ratings", "6A", "notes", "vi")] == [p.path for p in a.problems(assurance_framework())]

    def test_final_missing_elements(self) -> None:
        """A final assessment that leaves elements out is reported against the framework."""
        a = Assessment(
            subject=TRUST,
            framework=FrameworkRef.to(assurance_framework()),
            assessed_on=dt.date(2026, 10, 1),
            status=Status.FINAL,
            ratings=(ElementRating(code="1A", rating=Rating.GREEN),),
        )
        assert 13 == len(a.problems(assurance_framework()))


class TestProperties:
    @given(assessments())
    def test_pickle(self, a: Assessment) -> None:
        """Assessments pickle to an equal object."""
        assert a == pickle.loads(pickle.dumps(a))

    @given(assessments())
    def test_unrated_never_includes_rated_or_not_applicable(self, a: Assessment) -> None:
        """unrated() lists exactly the applicable elements without a rating."""
        assert {r.code for r in a.ratings if r.rating is None and r.not_applicable is None} == set(
            a.unrated()
        )
