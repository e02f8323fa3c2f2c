"""Tests for the change log of in-place edits and for approvals (matframework.documents.signoff)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matframework import (
    Assessment,
    Rating,
    Status,
    ValidationError,
    examples,
    load,
    update_document,
    update_ratings,
)
from matframework.documents.files import revise
from matframework.documents.signoff import approval_status, approve, content_hash
from matframework.model.improvement import ModeClassification
from matframework.model.signoff import Decision

EXAMPLE = Path(__file__).parent.parent / "examples" / "oak-valley-trust-2026-autumn.yaml"
DAY = dt.date(2027, 1, 10)


def copy(tmp_path: Path) -> Path:
    """The example trust's file as a draft (a final assessment is corrected by revision, not edited)."""
    path = tmp_path / "ours.yaml"
    path.write_text(EXAMPLE.read_text("utf-8").replace("status: final", "status: draft", 1), encoding="utf-8")
    return path


def replay(start: Assessment, log: tuple[object, ...]) -> Assessment:
    """Apply a rating change log to the assessment it started from."""
    result = start
    for change in log:
        _, code, field = change.field.split(".")  # type: ignore[attr-defined]
        if field == "rating":
            result = result.with_rating(code, Rating.from_label(change.new) if change.new else None)  # type: ignore[attr-defined]
        else:
            result = result.with_rating(code, result.rating(code), **{field: change.new})  # type: ignore[attr-defined]
    return result


class TestChangeLog:
    def test_each_changed_field_is_logged_with_old_new_and_why(self, tmp_path: Path) -> None:
        """An edit made with by= appends who, when, the field, old and new value and why; unchanged values are not logged."""
        path = copy(tmp_path)
        after = update_ratings(
            path, {"3B": "Amber Red", "1A": "Green"}, by="B. Example", reason="moderation", on=DAY
        )
        [change] = after.changes
        assert (DAY, "B. Example", "ratings.3B.rating", "Red", "Amber Red", "moderation") == (
            change.on,
            change.by,
            change.field,
            change.old,
            change.new,
            change.reason,
        )
        assert "# the central team is two people" in path.read_text("utf-8")  # comments survive the log
        (tmp_path / "plain").mkdir()
        assert () == update_ratings(copy(tmp_path / "plain"), {"3B": "Amber Red"}).changes  # no by=, no log

    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        st.lists(
            st.tuples(st.sampled_from(["1A", "2A", "3B", "5B"]), st.sampled_from(list(Rating))),
            min_size=1,
            max_size=5,
        )
    )
    def test_the_log_replays_to_the_final_document(
        self, tmp_path: Path, edits: list[tuple[str, Rating]]
    ) -> None:
        """Replaying the change log of a sequence of edits on the original gives the document as finally written."""
        folder = tmp_path / f"run-{len(edits)}-{abs(hash(tuple(edits)))}"
        folder.mkdir()
        path = copy(folder)
        start = load(path, Assessment)
        for code, rating in edits:
            final = update_ratings(path, {code: rating}, by="A. Example", on=DAY)
        final = load(path, Assessment)
        assert attrs.evolve(final, changes=()) == replay(start, final.changes)

    def test_a_type_without_a_log_refuses_by(self, tmp_path: Path) -> None:
        """A document type that keeps no change log says so rather than drop the record."""
        from matframework import dump, improvement_framework  # noqa: PLC0415

        path = tmp_path / "modes.yaml"
        dump(improvement_framework().reference, path)
        with pytest.raises(ValidationError, match="keeps no change log"):
            update_document(path, ModeClassification, {("decisions", 9, "mode"): "align"}, by="A. Example")


class TestApproval:
    def test_an_approved_assessment_edited_in_place_shows_it(self, tmp_path: Path) -> None:
        """Approve, save, edit in place: the status says approved on that day and changed since."""
        from matframework import dump  # noqa: PLC0415

        path = tmp_path / "signed.yaml"
        dump(
            approve(
                attrs.evolve(examples.trust_assessments()[-1], status=Status.DRAFT),
                role="Trust board",
                on=dt.date(2026, 11, 18),
                minute="TB 2026/41",
            ),
            path,
        )
        assert "approved by Trust board on 2026-11-18 (TB 2026/41); unchanged since" == approval_status(
            load(path, Assessment)
        )
        edited = update_ratings(path, {"3B": "Amber Red"}, by="B. Example", on=DAY)
        assert "approved by Trust board on 2026-11-18 (TB 2026/41); changed since" == approval_status(edited)

    def test_the_hash_is_of_the_content_only(self) -> None:
        """The hash ignores the change log and approvals, and changes with any rating."""
        a = examples.trust_assessments()[-1]
        signed = approve(a, role="Chair", on=DAY, decision=Decision.CHANGES_REQUESTED)
        assert content_hash(a) == content_hash(signed)
        assert content_hash(a) != content_hash(a.with_rating("1A", Rating.RED))
        assert approval_status(a) is None
        assert approval_status(signed).startswith("changes requested by Chair")  # type: ignore[union-attr]


class TestRevisions:
    def test_a_final_assessment_is_not_edited_in_place(self, tmp_path: Path) -> None:
        """Editing a final file in place is refused at its status line, and the file is left alone."""
        path = tmp_path / "final.yaml"
        shutil.copy(EXAMPLE, path)
        with pytest.raises(ValidationError, match="a final assessment is not edited in place") as info:
            update_ratings(path, {"3B": "Amber Red"})
        assert EXAMPLE.read_bytes() == path.read_bytes()
        line = next(
            i
            for i, text in enumerate(EXAMPLE.read_text("utf-8").splitlines(), 1)
            if text.startswith("status:")
        )
        assert line == info.value.problems[0].location.line  # type: ignore[union-attr]

    def test_a_correction_is_a_new_revision(self, tmp_path: Path) -> None:
        """Revise writes a new file naming the one it supersedes, logs the change, keeps comments, leaves the original."""
        original = tmp_path / "2026-autumn.yaml"
        shutil.copy(EXAMPLE, original)
        target = tmp_path / "2026-autumn-r2.yaml"
        revised = revise(original, {"3B": "Amber Red"}, to=target, by="A. Example", reason="typo", on=DAY)
        assert ("2026-autumn.yaml", Status.FINAL, "typo") == (
            revised.supersedes,
            revised.status,
            revised.changes[-1].reason,
        )
        assert EXAMPLE.read_bytes() == original.read_bytes()
        assert "# the central team is two people" in target.read_text("utf-8")
        with pytest.raises(FileExistsError):
            revise(original, {"3B": "Green"}, to=target, by="A. Example", reason="again")
        with pytest.raises(ValidationError, match="the framework has no element '3b'"):
            revise(original, {"3b": "Green"}, to=tmp_path / "r3.yaml", by="A. Example", reason="bad code")
        assert not (tmp_path / "r3.yaml").exists()
