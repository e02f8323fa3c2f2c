"""Tests for matframework.model.framework: the model, look-ups and integrity rules."""

from __future__ import annotations

import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matframework import (
    Criterion,
    Element,
    Framework,
    FrameworkIntegrityError,
    Heading,
    Stage,
    UnknownCriterionError,
    UnknownElementError,
    UnknownIdError,
    assurance_framework,
)
from matframework.model.framework import roman
from tests.strategies import frameworks


def small_framework(**changes: Any) -> Framework:
    """Return a valid two-heading framework built from the bundled one, with ``changes`` applied."""
    fw = assurance_framework()
    fields: dict[str, Any] = {
        "id": "small",
        "title": "Small",
        "version": "1",
        "source": fw.source,
        "scale": fw.scale,
        "headings": fw.headings[:2],
    }
    fields.update(changes)
    return Framework(**fields)


def with_element(heading: Heading, index: int, **changes: Any) -> Heading:
    elements = list(heading.elements)
    elements[index] = attrs.evolve(elements[index], **changes)
    return attrs.evolve(heading, elements=tuple(elements))


def with_criterion(element: Element, index: int, **changes: Any) -> Element:
    criteria = list(element.criteria)
    criteria[index] = attrs.evolve(criteria[index], **changes)
    return attrs.evolve(element, criteria=tuple(criteria))


def integrity_error(**changes: Any) -> FrameworkIntegrityError:
    with pytest.raises(FrameworkIntegrityError) as info:
        small_framework(**changes)
    return info.value


class TestRoman:
    @given(st.integers(min_value=1, max_value=3999))
    def test_roman_is_lower_case_and_unique(self, n: int) -> None:
        """Numerals are lower case and differ for different numbers."""
        assert roman(n) == roman(n).lower()
        assert roman(n) != roman(n + 1)

    def test_roman_known_values(self) -> None:
        """The numerals the framework uses."""
        assert ["i", "ii", "iii", "iv", "v", "vi", "xl", "mcmxc"] == [
            roman(n) for n in (1, 2, 3, 4, 5, 6, 40, 1990)
        ]

    def test_roman_rejects_zero(self) -> None:
        """There is no numeral for zero."""
        with pytest.raises(ValueError, match="start at 1"):
            roman(0)


class TestLookups:
    def test_element_by_code(self) -> None:
        """element() finds each element by its code."""
        fw = assurance_framework()
        for element in fw.elements:
            assert element is fw.element(element.code)

    def test_criterion_by_id(self) -> None:
        """criterion() finds each criterion by its id."""
        fw = assurance_framework()
        for criterion in fw.criteria:
            assert criterion is fw.criterion(criterion.id)
            assert criterion is fw.element(criterion.element_code).criterion(criterion.numeral)

    def test_unknown_element_suggests_nearest(self) -> None:
        """An unknown code raises a LookupError naming the nearest codes."""
        with pytest.raises(UnknownElementError) as info:
            assurance_framework().element("3b")
        assert isinstance(info.value, LookupError)
        assert "3B" == info.value.suggestions[0]
        assert "'3B'" in str(info.value)
        assert "element" == info.value.kind
        assert "3b" == info.value.id

    def test_unknown_criterion_suggests_nearest(self) -> None:
        """An unknown criterion id names the nearest ids."""
        with pytest.raises(UnknownCriterionError) as info:
            assurance_framework().criterion("3B.IV")
        assert "3B.iv" == info.value.suggestions[0]
        with pytest.raises(UnknownCriterionError) as info:
            assurance_framework().criterion("6A.vi")
        assert {"6A.i", "6A.ii", "6A.iii", "6A.iv"} >= set(info.value.suggestions)
        with pytest.raises(UnknownCriterionError) as info:
            assurance_framework().criterion("9Z.i")
        assert 3 == len(info.value.suggestions)

    def test_unknown_numeral_on_element(self) -> None:
        """Element.criterion() raises for a numeral the element does not have."""
        with pytest.raises(UnknownCriterionError, match=r"6A\.vii"):
            assurance_framework().element("6A").criterion("vii")

    def test_heading_lookup(self) -> None:
        """heading() counts from 1 and raises a LookupError beyond the last."""
        fw = assurance_framework()
        assert "Governance capability" == fw.heading(6).title
        with pytest.raises(UnknownIdError) as info:
            fw.heading(7)
        assert isinstance(info.value, LookupError)

    def test_heading_number_of_element(self) -> None:
        """An element knows its heading number from its code."""
        assert [e.code[0] for e in assurance_framework().elements] == [
            str(e.heading_number) for e in assurance_framework().elements
        ]
        with pytest.raises(ValueError, match="heading number"):
            _ = Element(code="X", title="t", focus_areas=(), criteria=()).heading_number

    def test_criteria_at_stage(self) -> None:
        """criteria_at() splits an element's criteria by stage, in order."""
        element = assurance_framework().element("2B")
        assert ["i", "ii", "iii", "iv"] == [c.numeral for c in element.criteria_at(Stage.START)]
        assert ["v", "vi"] == [c.numeral for c in element.criteria_at(Stage.ADDITIONAL)]

    def test_stage_labels(self) -> None:
        """Stages carry the framework's headings for them."""
        assert ["Questions to start with", "Additional questions"] == [s.label for s in Stage]


class TestModel:
    def test_immutable(self) -> None:
        """Frameworks and their parts cannot be changed in place."""
        fw = assurance_framework()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            fw.title = "x"  # type: ignore[misc]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            fw.element("1A").criteria[0].red = "x"  # type: ignore[misc]
        assert isinstance(fw.headings, tuple)
        assert isinstance(fw.element("1A").focus_areas, tuple)

    def test_hashable_and_equal(self) -> None:
        """Equal frameworks hash equal, so they can be set members and dict keys."""
        assert hash(small_framework()) == hash(small_framework())
        assert small_framework() == small_framework()
        assert small_framework() != small_framework(title="Other")

    def test_reprs_are_short(self) -> None:
        """Plain reprs stay readable: counts, not the whole text."""
        fw = assurance_framework()
        assert (
            "<Framework 'mat-assurance-framework' version '1': 6 headings, 14 elements, 76 criteria>"
            == repr(fw)
        )
        assert "criteria=<6 criteria>" in repr(fw.element("1A"))
        assert "elements=('1A', '1B', '1C')" in repr(fw.heading(1))
        assert len(repr(fw.element("1A"))) < 400

    def test_type_validators(self) -> None:
        """Fields check their types when objects are made in Python."""
        with pytest.raises(TypeError):
            Criterion(element_code="1A", numeral="i", stage="start", question="q", red="r", green="g")  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            Element(code="1A", title="t", focus_areas=["a"], criteria=())  # type: ignore[arg-type]

    @given(frameworks())
    def test_generated_frameworks_are_consistent(self, fw: Framework) -> None:
        """Every criterion can be found by its id, and elements come in heading order."""
        assert len(fw.criteria) == sum(len(e.criteria) for e in fw.elements)
        for criterion in fw.criteria:
            assert criterion is fw.criterion(criterion.id)
        assert sorted(fw.elements, key=lambda e: (e.heading_number, e.code)) == list(fw.elements)

    @given(frameworks())
    def test_pickle_round_trip(self, fw: Framework) -> None:
        """Frameworks pickle and unpickle to an equal object."""
        assert fw == pickle.loads(pickle.dumps(fw))


class TestIntegrity:
    """Each structural rule, broken once, is reported with its path and what was expected."""

    def test_valid_small_framework(self) -> None:
        """The unchanged small framework is valid."""
        assert 5 == len(small_framework().elements)

    def test_headings_numbered_from_one(self) -> None:
        """Headings are numbered 1, 2, … in order."""
        fw = assurance_framework()
        error = integrity_error(headings=(fw.heading(2), fw.heading(1)))
        paths = [p.path for p in error.problems]
        assert ("headings", 0, "number") in paths
        assert ("headings", 1, "number") in paths
        assert "expected 1 (headings are numbered from 1, in order)" in str(error)

    def test_no_headings(self) -> None:
        """A framework has at least one heading."""
        error = integrity_error(headings=())
        assert ("headings",) == error.path

    def test_duplicate_element_code(self) -> None:
        """Element codes are unique."""
        h1 = assurance_framework().heading(1)
        heading = attrs.evolve(h1, elements=(h1.elements[0], h1.elements[0]))
        error = integrity_error(headings=(heading,))
        assert any("used twice" in p.message for p in error.problems)
        assert any(p.path == ("headings", 0, "elements", 1, "code") for p in error.problems)

    def test_element_code_matches_heading(self) -> None:
        """An element under heading 1 has a code starting with 1."""
        h1 = assurance_framework().heading(1)
        element = h1.elements[0]
        moved = attrs.evolve(
            element, code="2A", criteria=tuple(attrs.evolve(c, element_code="2A") for c in element.criteria)
        )
        error = integrity_error(headings=(attrs.evolve(h1, elements=(moved,)),))
        assert ("headings", 0, "elements", 0, "code") == error.path
        assert "a code that starts with 1, like '1A'" == error.expected

    def test_element_code_format(self) -> None:
        """Codes are a heading number and one capital letter."""
        h1 = assurance_framework().heading(1)
        error = integrity_error(headings=(with_element(h1, 0, code="1a"),))
        assert ("headings", 0, "elements", 0, "code") == error.problems[0].path
        assert "'1a' is not an element code" == error.problems[0].message

    def test_element_letters_in_order(self) -> None:
        """Letters go up within a heading (gaps are allowed: a trust may drop an element)."""
        h1 = assurance_framework().heading(1)
        a, b, c = h1.elements
        error = integrity_error(headings=(attrs.evolve(h1, elements=(b, a, c)),))
        assert "comes after 1B" in error.problems[0].message
        small_framework(headings=(attrs.evolve(h1, elements=(a, c)), assurance_framework().heading(2)))

    def test_numerals_contiguous_from_i(self) -> None:
        """Criteria are numbered i, ii, iii, … without gaps."""
        h1 = assurance_framework().heading(1)
        element = with_criterion(h1.elements[0], 2, numeral="iv")
        error = integrity_error(headings=(with_element(h1, 0, criteria=element.criteria),))
        assert ("headings", 0, "elements", 0, "criteria", 2, "numeral") == error.path
        assert "'iii'" in (error.expected or "")

    def test_criterion_element_code_matches(self) -> None:
        """A criterion's element code is the code of the element holding it."""
        h1 = assurance_framework().heading(1)
        element = with_criterion(h1.elements[0], 0, element_code="1B")
        error = integrity_error(headings=(with_element(h1, 0, criteria=element.criteria),))
        assert ("headings", 0, "elements", 0, "criteria", 0, "element_code") == error.path

    @pytest.mark.parametrize("part", ["question", "red", "green"])
    def test_question_red_green_paired(self, part: str) -> None:
        """Every criterion has a question, a Red and a Green text."""
        h1 = assurance_framework().heading(1)
        element = with_criterion(h1.elements[1], 3, **{part: "  "})
        error = integrity_error(headings=(with_element(h1, 1, criteria=element.criteria),))
        assert ("headings", 0, "elements", 1, "criteria", 3, part) == error.path
        assert f"criterion 1B.iv has no {part} text" == error.problems[0].message

    def test_start_before_additional(self) -> None:
        """Questions to start with come before additional questions."""
        h1 = assurance_framework().heading(1)
        element = with_criterion(h1.elements[0], 4, stage=Stage.START)
        error = integrity_error(headings=(with_element(h1, 0, criteria=element.criteria),))
        assert ("headings", 0, "elements", 0, "criteria", 4, "stage") == error.path
        assert "questions to start with before additional questions" == error.expected

    def test_empty_texts(self) -> None:
        """Titles, focus areas and the framework's id cannot be blank."""
        h1 = assurance_framework().heading(1)
        h1 = attrs.evolve(with_element(h1, 0, title="", focus_areas=("ok", " ")), title=" ")
        error = integrity_error(id="", headings=(h1,))
        assert {
            ("id",),
            ("headings", 0, "title"),
            ("headings", 0, "elements", 0, "title"),
            ("headings", 0, "elements", 0, "focus_areas", 1),
        } == {p.path for p in error.problems}

    def test_empty_heading_and_element(self) -> None:
        """A heading has elements and an element has criteria."""
        h1 = assurance_framework().heading(1)
        h2 = attrs.evolve(assurance_framework().heading(2), elements=())
        error = integrity_error(headings=(with_element(h1, 0, criteria=()), h2))
        assert {("headings", 0, "elements", 0, "criteria"), ("headings", 1, "elements")} == {
            p.path for p in error.problems
        }

    def test_every_problem_reported_at_once(self) -> None:
        """Several broken rules give one error listing all of them."""
        h1 = assurance_framework().heading(1)
        element = with_criterion(with_criterion(h1.elements[0], 0, red=""), 5, numeral="x")
        h1 = with_element(h1, 0, criteria=element.criteria)
        error = integrity_error(version=" ", headings=(attrs.evolve(h1, number=2),))
        assert [
            ("version",),
            ("headings", 0, "number"),
            ("headings", 0, "elements", 0, "code"),
            ("headings", 0, "elements", 0, "criteria", 0, "red"),
            ("headings", 0, "elements", 0, "criteria", 5, "numeral"),
            ("headings", 0, "elements", 1, "code"),
            ("headings", 0, "elements", 2, "code"),
        ] == [p.path for p in error.problems]
        assert isinstance(error, ValueError)
        assert "7 problems found" in str(error)
