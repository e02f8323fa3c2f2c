"""Tests for matframework.exchange.collection: a folder of documents as the embedded store."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matframework import (
    Assessment,
    FileError,
    Organisation,
    ValidationError,
    assurance_framework,
    dump,
    dumps,
    examples,
    to_csv,
    to_workbook,
)
from matframework.exchange.collection import Collection
from matframework.model.evidence import EvidenceFile

FOLDER = Path(__file__).parent.parent / "examples" / "oak-valley"


def copy(tmp_path: Path) -> Path:
    target = tmp_path / "trust"
    shutil.copytree(FOLDER, target)
    return target


class TestExampleFolder:
    def test_tells_the_examples_story(self) -> None:
        """The example folder holds exactly the example trust: organisation, rounds, perspectives, reviews."""
        trust = Collection.open(FOLDER)
        assert [] == list(trust.problems)
        assert examples.organisation() == trust.organisation()
        assert [examples.evidence_file()] == trust.documents(EvidenceFile)
        assert list(examples.trust_assessments()) == trust.assessments(kind="trust", perspective=None)
        assert set(examples.perspective_assessments()) == set(
            trust.assessments(round="2026/27 autumn", kind="trust")
        ) - {examples.trust_assessments()[-1]}
        assert set(examples.school_assessments()) == set(trust.assessments(kind="school"))
        assert ("README.md",) == trust.ignored
        assert ("executive leaders", "headteachers", "trustees") == trust.perspectives()
        assert (
            "2024/25 autumn",
            "2025/26 autumn",
            "2025/26 spring",
            "2025/26 summer",
            "2026/27 autumn",
        ) == trust.rounds()


class TestReading:
    def test_every_bad_file_is_reported_and_the_rest_read(self, tmp_path: Path) -> None:
        """Two bad files give their own problems, with file and line; the good ones still read."""
        folder = copy(tmp_path)
        bad = folder / "trust" / "2025-26-autumn.yaml"
        bad.write_text(bad.read_text("utf-8").replace("rating: Red", "rating: Rde", 1), encoding="utf-8")
        (folder / "schools" / "reviews-2025-26-spring.csv").write_text(
            "schema,matframework/assessment-csv@1\nnot,the,columns\n", encoding="utf-8"
        )
        trust = Collection.open(folder)
        assert 2 == len(trust.errors)
        assert {"trust/2025-26-autumn.yaml", "schools/reviews-2025-26-spring.csv"} == {
            f.path for f in trust.files if f.problems
        }
        line = next(i for i, text in enumerate(bad.read_text("utf-8").splitlines(), 1) if "Rde" in text)
        assert any(f"2025-26-autumn.yaml:{line}:" in error for error in trust.errors)
        assert 2 == len(trust.assessments(kind="trust", perspective=None))
        with pytest.raises(ValidationError) as info:
            trust.check()
        assert 2 <= len(info.value.problems)

    def test_other_files_are_ignored(self, tmp_path: Path) -> None:
        """Untagged YAML, a GIAS extract, a plain workbook and hidden folders are not read as documents."""
        (tmp_path / "config.yaml").write_text("theme: dark\n", encoding="utf-8")
        shutil.copy(
            Path(__file__).parent / "sources" / "gias-trust-membership-sample.csv", tmp_path / "gias.csv"
        )
        book = openpyxl.Workbook()
        book.active["A1"] = "budget"
        book.save(tmp_path / "budget.xlsx")
        (tmp_path / ".git").mkdir()
        dump(examples.trust_assessments()[0], tmp_path / ".git" / "hidden.yaml")
        to_workbook(assurance_framework(), [examples.trust_assessments()[0]], tmp_path / "ours.xlsx")
        trust = Collection.open(tmp_path)
        assert ("budget.xlsx", "config.yaml", "gias.csv") == trust.ignored
        assert [examples.trust_assessments()[0]] == trust.assessments()

    def test_an_unknown_tag_is_a_problem(self, tmp_path: Path) -> None:
        """A file that names a matframework tag the library does not know is a problem, not ignored."""
        (tmp_path / "x.yaml").write_text("schema: matframework/plan@9\n", encoding="utf-8")
        assert ["x.yaml"] == [f.path for f in Collection.open(tmp_path).files if f.problems]

    def test_two_organisations_are_refused(self, tmp_path: Path) -> None:
        """A folder with two organisation files does not pick one."""
        for name in ("a.yaml", "b.yaml"):
            dump(examples.organisation(), tmp_path / name)
        with pytest.raises(ValidationError, match=r"2 organisation files \(a.yaml, b.yaml\)"):
            Collection.open(tmp_path).organisation()
        assert 2 == len(Collection.open(tmp_path).documents(Organisation))

    def test_limits(self, tmp_path: Path) -> None:
        """Too many files, a file over the byte limit, and a path that is not a folder are refused clearly."""
        for i in range(5):
            (tmp_path / f"{i}.txt").write_text("x", encoding="utf-8")
        with pytest.raises(ValidationError, match="more than 4 files"):
            Collection.open(tmp_path, max_files=4)
        dump(examples.trust_assessments()[0], tmp_path / "a.yaml")
        assert "over the limit" in Collection.open(tmp_path, max_bytes=100).errors[0]
        with pytest.raises(FileError, match="not a folder"):
            Collection.open(tmp_path / "a.yaml")
        with pytest.raises(FileError, match="not a folder"):
            Collection.open(tmp_path / "missing")


class TestCache:
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(touched=st.integers(0, 5))
    def test_reopen_reparses_only_what_changed(self, tmp_path: Path, touched: int) -> None:
        """After one file changes, a re-open reads that one file again and takes the rest from the cache."""
        folder = tmp_path / f"run-{touched}-{os.urandom(4).hex()}"
        folder.mkdir()
        rounds = examples.school_assessments()[:6]
        for index, assessment in enumerate(rounds):
            dump(assessment, folder / f"{index}.yaml")
        first = Collection.open(folder)
        assert 6 == first.parsed
        assert 0 == first.reopen().parsed
        path = folder / f"{touched}.yaml"
        changed = rounds[touched].with_rating("1A", None, not_applicable="changed in the edit")
        path.write_text(dumps(changed) + "# edited\n", encoding="utf-8")
        again = first.reopen()
        assert 1 == again.parsed
        assert changed in again.assessments()
        assert rounds[touched] not in again.assessments()

    def test_csv_and_workbook_change_is_seen(self, tmp_path: Path) -> None:
        """A rewritten CSV file is read again, though its name is the same."""
        to_csv(examples.school_assessments()[:2], tmp_path / "a.csv")
        assert 2 == len(Collection.open(tmp_path).assessments())
        to_csv(examples.school_assessments()[:3], tmp_path / "a.csv")
        reopened = Collection.open(tmp_path)
        assert (1, 3) == (reopened.parsed, len(reopened.assessments()))
        assert isinstance(reopened.assessments()[0], Assessment)
