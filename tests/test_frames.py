"""Tests for matframework.exchange.frames: tidy DataFrames and reading them back."""

from __future__ import annotations

import datetime as dt
import importlib

import attrs
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matframework import (
    Assessment,
    ElementRating,
    FrameworkRef,
    IncomparableError,
    MatFrameworkError,
    Rating,
    UnknownFrameworkError,
    ValidationError,
    assurance_framework,
    examples,
    frame_to_assessments,
    load,
    to_frame,
)
from matframework.errors import Location
from matframework.exchange.frames import COLUMNS
from tests.strategies import assessments

FW = assurance_framework()


class TestToFrame:
    def test_shape_and_columns(self) -> None:
        """One row per subject × round × element, with the documented columns."""
        df = to_frame(examples.school_assessments())
        assert 14 * len(examples.school_assessments()) == len(df)
        assert list(COLUMNS) == list(df.columns)

    def test_categoricals(self) -> None:
        """Ratings are an ordered categorical; elements follow framework order; ordinals are 1-4."""
        df = to_frame(examples.school_assessments())
        assert df.rating.cat.ordered
        assert ["Red", "Amber Red", "Amber Green", "Green"] == list(df.rating.cat.categories)
        assert list(FW.element_codes) == list(df.element.cat.categories)
        assert (df.rating.cat.codes + 1).tolist() == df.ordinal.astype(int).tolist()
        assert (df.rating >= "Amber Green").sum() == (df.ordinal >= 3).sum()
        assert "datetime64[ns]" == str(df.assessed_on.dtype)

    @pytest.mark.parametrize("filled", [True, False])
    def test_dtypes_do_not_depend_on_the_data(self, filled: bool) -> None:
        """Text columns are object columns whether every value is there or none is."""
        a = examples.school_assessments()[0]
        subject = attrs.evolve(
            a.subject, urn="123456" if filled else None, ukprn="12345678" if filled else None
        )
        rating = attrs.evolve(a.ratings[0], evidence="seen" if filled else None)
        df = to_frame(attrs.evolve(a, subject=subject, ratings=(rating,)))
        text = [
            "urn",
            "ukprn",
            "trust_reference",
            "raters",
            "not_applicable_reason",
            "evidence",
            "notes",
            "next_steps",
        ]
        assert ["object"] * len(text) == [str(df[c].dtype) for c in text]

    def test_values(self) -> None:
        """The example trust's row for 2A has its rating, target, notes and next steps."""
        a = load("examples/oak-valley-trust-2026-autumn.yaml", Assessment)
        row = to_frame(a).set_index("element").loc["2A"]
        assert ("Amber Red", 2, "Amber Green") == (row.rating, row.ordinal, row.target)
        assert {"ii": "No record of which schools are strong in which subjects."} == row.notes
        assert "People and partners" == row.heading_title
        assert to_frame(a).set_index("element").loc["6B"].not_applicable

    def test_unknown_codes_kept(self) -> None:
        """Elements the framework does not know are kept, after the framework's."""
        a = Assessment.blank(FW, subject=examples.trust_assessments()[0].subject)
        odd = attrs.evolve(a, ratings=(*a.ratings, ElementRating(code="7A", rating=Rating.RED)))
        df = to_frame(odd)
        assert "7A" == df.element.cat.categories[-1]
        last = df.iloc[-1]
        assert pd.isna(last.heading)
        assert pd.isna(last.heading_title)
        assert pd.isna(last.element_title)
        assert [odd] == frame_to_assessments(df)

    def test_assessment_without_ratings_keeps_a_row(self) -> None:
        """An assessment with no ratings between two others has one row with no element, in its place."""
        first, second = examples.trust_assessments()[:2]
        empty = attrs.evolve(first, ratings=())
        blank_code = attrs.evolve(
            second, ratings=(*second.ratings, ElementRating(code="", rating=Rating.RED))
        )
        df = to_frame([first, empty, blank_code])
        assert [14, 1, 15] == df.groupby("assessment").size().tolist()
        row = df[df.assessment == 1].iloc[0]
        assert pd.isna(row.element)
        assert pd.isna(row.heading)
        assert pd.isna(row.rating)
        assert "" == df[df.assessment == 2].element.iloc[-1]
        assert ["1A", "1B"] == df[df.assessment == 2].element.iloc[:2].tolist()
        assert "Clarity of purpose" == df[df.assessment == 2].element_title.iloc[0]


class TestRoundTrip:
    def test_examples(self) -> None:
        """The whole example dataset survives to_frame and back."""
        group = [*examples.school_assessments(), *examples.trust_assessments()]
        assert group == frame_to_assessments(to_frame(group))

    @settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
    @given(st.lists(assessments(), min_size=1, max_size=4))
    def test_property(self, group: list[Assessment]) -> None:
        """frame_to_assessments(to_frame(x)) == x for any assessments of one framework."""
        ref = FrameworkRef.to(assurance_framework())
        group = [attrs.evolve(a, framework=ref) for a in group]
        assert group == frame_to_assessments(to_frame(group))

    def test_another_framework_needs_passing(self) -> None:
        """Assessments of a framework that is not bundled are refused unless that framework is passed."""
        theirs = attrs.evolve(
            examples.trust_assessments()[-1], framework=FrameworkRef(id="ours", version="2")
        )
        with pytest.raises(UnknownFrameworkError, match="pass that framework"):
            to_frame(theirs)
        mixed = [theirs, examples.trust_assessments()[-1]]
        with pytest.raises(IncomparableError, match="rate different frameworks"):
            to_frame(mixed)

    def test_edit_in_pandas(self) -> None:
        """A rating changed in the frame (as a label, forgivingly) comes back in the assessment."""
        df = to_frame(examples.trust_assessments()[-1])
        df.loc[df.element == "3A", "rating"] = "Amber Green"
        df["target"] = df["target"].astype(object)
        df.loc[df.element == "3A", "target"] = "green"
        back = frame_to_assessments(df)[0]
        assert (Rating.AMBER_GREEN, Rating.GREEN) == (back.rating("3A"), back.element_rating("3A").target)
        assert dt.date(2026, 10, 14) == back.assessed_on

    def test_bad_label_names_row(self) -> None:
        """A rating pandas cannot read is reported with its row and column."""
        df = to_frame(examples.trust_assessments()[-1])
        df["rating"] = df["rating"].astype(object)
        df.loc[3, "rating"] = "Amber"
        with pytest.raises(ValidationError) as info:
            frame_to_assessments(df)
        assert ("ratings", "2A", "rating") == info.value.path
        assert Location(row=3, field="rating") == info.value.problems[0].location

    def test_missing_columns(self) -> None:
        """A frame without the expected columns is refused, naming them."""
        with pytest.raises(ValidationError, match="column is missing"):
            frame_to_assessments(pd.DataFrame({"subject": ["x"]}))


class TestWithoutTheExtra:
    def test_clear_error(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without pandas, the error names the extra to install."""
        real = importlib.import_module

        def fake(name: str, package: str | None = None) -> object:
            if name.startswith(("pandas", "matplotlib")):
                raise ImportError(name)
            return real(name, package)

        monkeypatch.setattr(importlib, "import_module", fake)
        with pytest.raises(MatFrameworkError, match=r'pip install "\.\[analysis\]"') as info:
            to_frame(examples.trust_assessments())
        assert isinstance(info.value, ImportError)
        from matframework import plot_heatmap  # noqa: PLC0415

        with pytest.raises(MatFrameworkError, match="needs matplotlib"):
            plot_heatmap(examples.trust_assessments())
