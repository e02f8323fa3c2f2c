"""Tests for the improvement framework model, trust classifications, reviews and interventions."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from matframework import (
    FrameworkReview,
    ImprovementFramework,
    ImprovementMode,
    Intervention,
    ModeClassification,
    ModeDecision,
    Rating,
    ReviewAnswer,
    ReviewStatus,
    Scores,
    UnknownIdError,
    ValidationError,
    dump,
    dumps,
    improvement_framework,
    load,
    loads,
)
from matframework.documents.converters import structure, unstructure
from matframework.documents.files import update_document
from tests.strategies import framework_reviews, interventions, mode_classifications

IMP = improvement_framework()

CLASSIFICATION = """\
# Oak Valley Learning Trust (fictional): our agreed columns, June 2026.
schema: matframework/classification@1
owner: Oak Valley Learning Trust (fictional)
decisions:
  - area: Reports to parents
    mode: align    # schools write their own, to a shared frame
    rationale: Parents asked for reports in each school's own voice.
    agreed_on: 2026-06-20
  - area: Safeguarding procedures
    mode: standardise
  # our own addition
  - area: Trust-wide reading programme
    mode:
"""


class TestImprovementFramework:
    def test_contents(self) -> None:
        """Drivers, priorities, areas, tips, domains and checklist, in the article's order."""
        assert ["top-down", "bottom-up", "peer-to-peer"] == [d.key for d in IMP.drivers]
        assert "Pupil mastery of core skills" == IMP.vision_priorities[0]
        assert (10, 8, 7) == tuple(len(IMP.areas_in(m)) for m in ImprovementMode)
        assert (
            "Initiating interventions to meet the individual school’s needs and challenges"
            == IMP.practice_areas[-1].area
        )
        assert "causality-caution" == IMP.impact_tips[-1].key
        assert 4 == len(IMP.pd_domains)
        assert (
            IMP.review_checklist[0] == "How clearly have you defined your MAT’s education mission and values?"
        )
        assert "The Key" == IMP.source.publisher

    def test_modes_described_in_the_articles_words(self) -> None:
        """Each mode carries the article's meaning and its column heading."""
        autonomy = IMP.mode(ImprovementMode.AUTONOMY)
        assert "Let individual academies determine their own practice" == autonomy.meaning
        assert autonomy.column.startswith("Areas where academies might have autonomy")

    def test_area_lookup(self) -> None:
        """Areas are found by name; an unknown one suggests the nearest."""
        assert ImprovementMode.ALIGN is IMP.area("Moderating judgements on progress").mode
        with pytest.raises(UnknownIdError) as info:
            IMP.area("Moderating judgements")
        assert "Moderating judgements on progress" == info.value.suggestions[0]
        assert IMP.reference_mode("Our own area") is None

    def test_cached_and_immutable(self) -> None:
        """improvement_framework() is cached and frozen."""
        assert IMP is improvement_framework()
        with pytest.raises(AttributeError):
            IMP.title = "x"  # type: ignore[misc]
        assert "<ImprovementFramework 'mat-improvement-framework' version '1'" in repr(IMP)

    def test_round_trip(self) -> None:
        """The bundled framework survives YAML and JSON."""
        for fmt in ("yaml", "json"):
            assert IMP == loads(dumps(IMP, format=fmt), into=ImprovementFramework)


class TestModeClassification:
    def test_reference_is_the_table(self) -> None:
        """The reference classification has every practice area in its table column."""
        ref = IMP.reference
        assert [(a.area, a.mode) for a in IMP.practice_areas] == [(d.area, d.mode) for d in ref.decisions]
        assert () == ref.undecided(IMP)
        assert () == ref.differences(IMP)

    def test_helpers(self) -> None:
        """Undecided areas (the table's and the trust's own), differences and own areas."""
        ours = loads(CLASSIFICATION, into=ModeClassification)
        assert 23 + 1 == len(ours.undecided(IMP))
        assert "Trust-wide reading programme" == ours.undecided(IMP)[-1]
        [(decision, table)] = ours.differences(IMP)
        assert ("Reports to parents", ImprovementMode.ALIGN, ImprovementMode.STANDARDISE) == (
            decision.area,
            decision.mode,
            table,
        )
        assert ("Trust-wide reading programme",) == ours.own_areas(IMP)
        assert dt.date(2026, 6, 20) == ours.decision("Reports to parents").agreed_on  # type: ignore[union-attr]
        assert ours.decision("Nothing") is None

    def test_duplicates_refused(self) -> None:
        """An area decided twice is refused with its path."""
        with pytest.raises(ValidationError) as info:
            ModeClassification(owner="x", decisions=(ModeDecision(area="a"), ModeDecision(area="a")))
        assert ("decisions", 1, "area") == info.value.path

    def test_bad_mode_named(self) -> None:
        """A mode the library does not know is reported with the allowed ones."""
        with pytest.raises(
            ValidationError,
            match="'centralise' is not an improvement mode; use one of standardise, align, autonomy",
        ):
            loads(CLASSIFICATION.replace("mode: standardise", "mode: centralise"), into=ModeClassification)

    def test_edit_keeps_comments(self, tmp_path: Path) -> None:
        """Deciding an area in place keeps the file's comments and changes one line."""
        path = tmp_path / "modes.yaml"
        path.write_text(CLASSIFICATION, encoding="utf-8")
        ours = update_document(
            path, ModeClassification, {("decisions", 2, "mode"): ImprovementMode.STANDARDISE}
        )
        assert ImprovementMode.STANDARDISE is ours.decisions[2].mode
        after = path.read_text("utf-8")
        changed = [
            line
            for line in difflib.ndiff(CLASSIFICATION.splitlines(), after.splitlines())
            if line[:2] in ("+ ", "- ")
        ]
        assert ["-     mode:", "+     mode: standardise"] == [line.rstrip() for line in changed]
        assert "mode: align    # schools write their own, to a shared frame" in after

    def test_edit_bad_path(self, tmp_path: Path) -> None:
        """A path that does not fit the document is refused and nothing is written."""
        path = tmp_path / "modes.yaml"
        path.write_text(CLASSIFICATION, encoding="utf-8")
        with pytest.raises(ValidationError, match="cannot set"):
            update_document(path, ModeClassification, {("decisions", 7, "mode"): "align"})
        with pytest.raises(ValidationError, match="empty path"):
            update_document(path, ModeClassification, {(): "align"})
        assert CLASSIFICATION == path.read_text("utf-8")

    @given(mode_classifications())
    def test_round_trip(self, c: ModeClassification) -> None:
        """Classifications survive the converter, YAML and JSON."""
        assert c == structure(unstructure(c), ModeClassification)
        assert c == loads(dumps(c), into=ModeClassification)
        assert c == loads(dumps(c, format="json"), into=ModeClassification)


class TestFrameworkReview:
    def test_blank_and_answers(self) -> None:
        """A blank review lists the six questions; answered ones leave the unanswered list."""
        review = FrameworkReview.blank(IMP, owner="Oak")
        assert IMP.review_checklist == tuple(a.question for a in review.answers)
        answered = FrameworkReview(
            owner="Oak",
            answers=(
                ReviewAnswer(
                    question=IMP.review_checklist[0], status=ReviewStatus.YES, evidence="Vision statement"
                ),
                ReviewAnswer(question=IMP.review_checklist[1], rating=Rating.AMBER_GREEN),
                ReviewAnswer(question=IMP.review_checklist[2]),
            ),
        )
        assert (IMP.review_checklist[2],) == tuple(a.question for a in answered.unanswered())

    def test_status_or_rating(self) -> None:
        """An answer has a status or a rating, not both."""
        with pytest.raises(ValidationError, match="not both"):
            ReviewAnswer(question="q", status=ReviewStatus.NO, rating=Rating.RED)

    @given(framework_reviews())
    def test_round_trip(self, review: FrameworkReview) -> None:
        """Reviews survive YAML and JSON."""
        assert review == loads(dumps(review), into=FrameworkReview)
        assert review == loads(dumps(review, format="json"), into=FrameworkReview)


class TestIntervention:
    def test_planned_has_every_tip(self) -> None:
        """A planned intervention has an open checklist item for every tip."""
        i = Intervention.planned(IMP, title="Coaching", schools=("Elm Primary",))
        assert [t.key for t in IMP.impact_tips] == [c.tip for c in i.checklist]
        assert 7 == len(i.open_checks())
        assert i.check("feedback") is not None
        assert i.check("nothing") is None

    @pytest.mark.parametrize(
        ("fields", "path"),
        [
            ({"starts_on": dt.date(2026, 9, 1), "ends_on": dt.date(2026, 1, 1)}, ("ends_on",)),
            ({"cost": -5.0}, ("cost",)),
        ],
    )
    def test_rules(self, fields: dict[str, Any], path: tuple[str, ...]) -> None:
        """Dates run forwards and costs are not negative."""
        with pytest.raises(ValidationError) as info:
            Intervention(title="x", **fields)
        assert path == info.value.path

    def test_duplicate_tips(self) -> None:
        """A tip appears once in a checklist."""
        planned = Intervention.planned(IMP, title="x")
        with pytest.raises(ValidationError, match="listed twice"):
            Intervention(title="x", checklist=planned.checklist + planned.checklist[:1])

    def test_file_errors_name_the_field(self) -> None:
        """A score that is not a number is reported at its position in the file."""
        text = dumps(Intervention(title="x", scores=Scores(start=(1.0, 2.0), end=(2.0, 3.0))))
        with pytest.raises(ValidationError) as info:
            loads(text.replace("- 2.0\n", "- two\n", 1), into=Intervention)
        assert ("scores", "start", 1) == info.value.path
        assert info.value.line is not None

    @given(interventions())
    def test_round_trip(self, i: Intervention) -> None:
        """Interventions survive the converter, YAML and JSON."""
        assert i == structure(unstructure(i), Intervention)
        assert i == loads(dumps(i), into=Intervention)
        assert i == loads(dumps(i, format="json"), into=Intervention)

    def test_file_round_trip(self, tmp_path: Path) -> None:
        """An intervention written to a file reads back equal."""
        i = Intervention.planned(
            IMP, title="Reading", scores=Scores(n=40, start_mean=1.0, start_sd=1.0, end_mean=2.0, end_sd=1.0)
        )
        dump(i, tmp_path / "i.yaml")
        assert i == load(tmp_path / "i.yaml", Intervention)
