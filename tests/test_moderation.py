"""Tests for matframework.analysis.moderation, with the krippendorff package as the reference."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matframework import Assessment, Rating, Subject, SubjectKind, UnknownElementError, assurance_framework
from matframework.analysis.moderation import krippendorff_alpha_ordinal, moderate
from tests.strategies import ratings

FW = assurance_framework()
BLANK = Assessment.blank(FW, subject=Subject(name="Oak", kind=SubjectKind.TRUST))


def by_rater(table: dict[str, dict[str, Rating]]) -> dict[str, Assessment]:
    result = {}
    for rater, mapping in table.items():
        a = BLANK
        for code, rating in mapping.items():
            a = a.with_rating(code, rating)
        result[rater] = a
    return result


def reference_alpha(units: list[list[int | None]]) -> float:
    """Alpha from the krippendorff package (raters as rows, units as columns)."""
    raters = max(len(u) for u in units)
    data = np.array(
        [[np.nan if u[r] is None else u[r] for u in units] for r in range(raters)],
        dtype=float,
    )
    return float(
        krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal", value_domain=[1, 2, 3, 4])
    )


class TestAlpha:
    def test_published_example(self) -> None:
        """Krippendorff's own example data give his published ordinal alpha, .815."""
        c_data: list[list[int | None]] = [
            [1, 1, None, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
            [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [None, 5, 5, 5], [None, None, 1, 1], [None, 3, None, None],
        ]  # fmt: skip
        alpha = krippendorff_alpha_ordinal([[v for v in unit if v is not None] for unit in c_data])
        assert alpha is not None
        assert 0.815 == round(alpha, 3)

    @given(st.lists(st.lists(st.none() | st.integers(1, 4), min_size=3, max_size=3), min_size=2, max_size=14))
    def test_matches_reference_package(self, units: list[list[int | None]]) -> None:
        """On any ratings, the result equals the krippendorff package's (or both are undefined)."""
        ours = krippendorff_alpha_ordinal([[v for v in u if v is not None] for u in units])
        pairable = [u for u in units if sum(v is not None for v in u) >= 2]
        values = {v for u in pairable for v in u if v is not None}
        if ours is None:
            assert len(values) <= 1
            return
        assert math.isclose(reference_alpha(units), ours, abs_tol=1e-9)

    def test_undefined_cases(self) -> None:
        """No pairable values, or no variation, leave alpha undefined."""
        assert krippendorff_alpha_ordinal([]) is None
        assert krippendorff_alpha_ordinal([[1], [2]]) is None
        assert krippendorff_alpha_ordinal([[3, 3], [3, 3, 3]]) is None


class TestModerate:
    def test_worked_example(self) -> None:
        """Three raters: agreement per element, disagreements two or more apart, consensus, alpha."""
        table = {
            "Ann": {"1A": Rating.GREEN, "3B": Rating.RED, "4B": Rating.AMBER_RED},
            "Bob": {"1A": Rating.GREEN, "3B": Rating.AMBER_GREEN, "4B": Rating.AMBER_RED},
            "Cat": {"1A": Rating.AMBER_GREEN, "3B": Rating.AMBER_RED, "4B": Rating.AMBER_RED},
        }
        m = moderate(by_rater(table))
        assert ("Ann", "Bob", "Cat") == m.raters
        assert ("3B",) == m.disagreements
        assert Rating.AMBER_RED is m.consensus["3B"]
        assert Rating.GREEN is m.consensus["1A"]
        assert pytest.approx(1 / 3) == m.element("1A").pairwise_agreement
        assert 1.0 == m.element("4B").pairwise_agreement
        assert (2, 3) == (m.element("3B").spread, m.element("3B").counted)
        assert m.element("2A").consensus is None
        expected = reference_alpha([[4, 4, 3], [1, 3, 2], [2, 2, 2]])
        assert m.alpha is not None
        assert pytest.approx(expected) == m.alpha
        assert m.alpha_note is None
        assert "3 raters over 14 elements: alpha" in repr(m)

    def test_split_median(self) -> None:
        """With two raters a level apart, the lower level is suggested and the split is flagged."""
        m = moderate(by_rater({"Ann": {"1A": Rating.RED}, "Bob": {"1A": Rating.AMBER_RED}}))
        assert Rating.RED is m.consensus["1A"]
        assert m.element("1A").split
        assert not m.element("2A").split

    def test_no_variation(self) -> None:
        """Identical single-level ratings leave alpha undefined, with the reason."""
        m = moderate(
            by_rater(
                {"Ann": {"1A": Rating.RED, "1B": Rating.RED}, "Bob": {"1A": Rating.RED, "1B": Rating.RED}}
            )
        )
        assert m.alpha is None
        assert "no variation" in (m.alpha_note or "")
        assert "alpha undefined" in repr(m)

    def test_nothing_paired(self) -> None:
        """Raters who rated different elements cannot be compared."""
        m = moderate(by_rater({"Ann": {"1A": Rating.RED}, "Bob": {"1B": Rating.GREEN}}))
        assert (None, "no element was rated by two or more raters") == (m.alpha, m.alpha_note)

    def test_needs_two_raters(self) -> None:
        """One rater is not a moderation."""
        with pytest.raises(ValueError, match="at least two raters"):
            moderate(by_rater({"Ann": {"1A": Rating.RED}}))

    def test_not_applicable_left_out(self) -> None:
        """A rater's not-applicable element does not count as a rating."""
        raters = by_rater({"Ann": {"6B": Rating.RED}, "Bob": {}})
        raters["Bob"] = raters["Bob"].with_rating("6B", None, not_applicable="n/a")
        assert (Rating.RED, None) == moderate(raters).element("6B").ratings

    def test_unknown_element(self) -> None:
        """Asking for an element not moderated is an UnknownElementError (a KeyError)."""
        with pytest.raises(UnknownElementError, match="no element '9Z'"):
            moderate(by_rater({"Ann": {}, "Bob": {}})).element("9Z")

    @given(st.dictionaries(st.sampled_from(FW.element_codes), ratings, min_size=1), st.integers(2, 5))
    def test_identical_raters_agree_perfectly(self, mapping: dict[str, Rating], count: int) -> None:
        """Raters who agree everywhere: no disagreements, full pairwise agreement, alpha 1 or undefined."""
        m = moderate(by_rater({f"R{i}": mapping for i in range(count)}))
        assert () == m.disagreements
        assert all(m.element(code).pairwise_agreement == 1.0 for code in mapping)
        assert all(m.consensus[code] is rating for code, rating in mapping.items())
        if len(set(mapping.values())) > 1:
            assert m.alpha is not None
            assert pytest.approx(1.0) == m.alpha
        else:
            assert m.alpha is None


def test_leans_are_shown_beside_the_ratings_not_averaged() -> None:
    """Each rater's leans come back per element, in rater order; the consensus is still the median rating."""
    from matframework import Rating, examples, moderate  # noqa: PLC0415
    from matframework.model.assessment import CriterionLean  # noqa: PLC0415
    from matframework.model.evidence import Lean  # noqa: PLC0415

    raters = dict(examples.rater_assessments())
    first = next(iter(raters))
    lean = (CriterionLean(numeral="ii", lean=Lean.GREEN),)
    raters[first] = raters[first].with_rating("2A", raters[first].rating("2A"), leans=lean)
    m = moderate(raters)
    assert (lean, (), ()) == m.element("2A").leans
    assert () == m.element("1A").leans
    assert Rating.AMBER_RED is m.consensus["2A"]
