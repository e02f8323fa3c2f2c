"""The whole cycle from the command line, with files only: every input format alike, no traceback."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from matframework import (
    Assessment,
    EvidenceFile,
    ImprovementPlan,
    Rating,
    assurance_framework,
    dump,
    examples,
    load,
    load_document,
    loads,
    to_csv,
)
from matframework.cli import main
from matframework.documents.registry import DOCUMENT_TYPES
from matframework.exchange.excel import read_workbook, to_workbook

FW = assurance_framework()
FORMATS = ("yaml", "json", "csv", "xlsx")


def run(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main([str(a) for a in args], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def written(assessments: list[Assessment], folder: Path, name: str, fmt: str) -> Path:
    """The assessments in one file of the format (YAML and JSON hold one)."""
    path = folder / f"{name}.{fmt}"
    if fmt == "csv":
        to_csv(assessments, path)
    elif fmt == "xlsx":
        to_workbook(FW, assessments, path)
    else:
        [one] = assessments
        dump(one, path, format=fmt)  # type: ignore[arg-type]
    return path


def filled(tmp_path: Path) -> Assessment:
    """A template from the command line, filled in as a person would, read back."""
    path = tmp_path / "ours.yaml"
    assert 0 == run("template", "-o", path)[0]
    text = path.read_text("utf-8").replace("subject:\n  name: ''", "subject:\n  name: Elm Trust")
    blank = loads(text, into=Assessment)
    latest = examples.trust_assessments()[-1]
    ours = blank
    for entry in latest.ratings:
        if entry.rating is not None:
            ours = ours.with_rating(entry.code, entry.rating)
    return ours


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_cycle_in_every_format(fmt: str, tmp_path: Path) -> None:
    """Template → fill → validate → summary → report → workbook → read back, for each input format."""
    ours = filled(tmp_path)
    source = written([ours], tmp_path, "filled", fmt)
    status, out, err = run("validate", source)
    assert (0, "") == (status, err)
    assert "valid" in out
    status, out, err = run("summary", source)
    assert (0, "") == (status, err)
    assert out.startswith(f"{ours.subject.name}, ")
    assert f"{sum(1 for e in ours.ratings if e.rating)} of 14 elements rated" in out
    status, out, _ = run("report", source, "-o", tmp_path / "report.html")
    assert 0 == status
    assert ours.subject.name in (tmp_path / "report.html").read_text("utf-8")
    book = tmp_path / "book.xlsx"
    status, out, _ = run("workbook", source, "-o", book)
    assert 0 == status
    assert [ours] == read_workbook(book)
    status, out, _ = run("workbook", "--read", book, "-o", tmp_path / "back")
    assert 0 == status
    assert ours == load(tmp_path / "back" / "assessment-1.yaml", Assessment)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_table_of_rounds_is_read_like_a_folder(fmt: str, tmp_path: Path) -> None:
    """A CSV file or workbook of the trust's rounds: summary takes the latest, compare the last two."""
    rounds = list(examples.trust_assessments())
    source = written(rounds, tmp_path, "trust", fmt)
    status, out, _ = run("summary", source)
    assert 0 == status
    assert f", {rounds[-1].round} (" in out.splitlines()[0]
    status, out, _ = run("compare", source)
    assert 0 == status
    assert out.startswith(f"{rounds[-2].round} to {rounds[-1].round}: 3 improved, 10 unchanged, 1 not rated")


def test_compare_prints_words_not_a_dict() -> None:
    status, out, _ = run("compare", "--example")
    assert 0 == status
    assert "{" not in out.splitlines()[0]
    status, out, _ = run("compare", "--example", "--format", "json")
    assert json.loads(out)["summary"]["improved"] == 3


def test_validate_names_each_document_of_a_table(tmp_path: Path) -> None:
    """A workbook's documents are each checked; an assessment that does not fit the framework is named."""
    book = tmp_path / "book.xlsx"
    to_workbook(FW, [examples.signed_assessment(), examples.improvement_plan()], book)
    status, out, _ = run("validate", book)
    assert (0, f"{book}: valid, 1 Assessment, 1 ImprovementPlan\n") == (status, out)
    unknown = examples.trust_assessments()[-1].with_rating("3B", Rating.RED)
    bad = tmp_path / "bad.csv"
    to_csv([unknown], bad)
    bad.write_text(bad.read_text("utf-8-sig").replace(",3B,", ",9Z,"), encoding="utf-8")
    status, _, err = run("validate", bad)
    assert 1 == status
    assert "9Z" in err
    assert "Oak Valley Learning Trust (fictional), 2026/27 autumn" in err


def test_workbook_of_a_folder_leaves_out_what_it_cannot_hold(tmp_path: Path) -> None:
    book = tmp_path / "trust.xlsx"
    status, out, _ = run("workbook", "examples/oak-valley", "-o", book)
    assert 0 == status
    assert "left out 1 Organisation" in out
    assert 1 == len(read_workbook(book, into=ImprovementPlan))
    assert 1 == len(read_workbook(book, into=EvidenceFile))
    status, _, err = run("workbook", "examples/oak-valley/organisation.yaml", "-o", tmp_path / "x.xlsx")
    assert 1 == status
    assert "this is an Organisation" in err
    status, _, err = run("workbook", "-o", book)
    assert (1, True) == (status, "exists; not overwriting it" in err)
    assert 2 == run("workbook")[0]  # no -o and no --read: a usage error


def test_moderate_several_raters_files(tmp_path: Path) -> None:
    """Each rater's file; raters are named by their assessments, and the disagreements are listed."""
    paths = []
    for index, assessment in enumerate(examples.rater_assessments().values()):
        path = tmp_path / f"rater-{index}.yaml"
        dump(assessment, path)
        paths.append(path)
    status, out, _ = run("moderate", *paths)
    assert 0 == status
    assert out.startswith("3 raters: ")
    assert "Two or more levels apart: 1B, 2A, 2B" in out
    status, out, _ = run("moderate", *paths, "--format", "json")
    assert json.loads(out)["consensus"]["1A"] == "Green"
    status, _, err = run("moderate", paths[0])
    assert 1 == status
    assert "at least two raters" in err
    assert 2 == run("moderate")[0]


@pytest.mark.parametrize("entry", DOCUMENT_TYPES, ids=lambda e: e.cli_name)
def test_a_template_for_every_type(entry: Any, tmp_path: Path) -> None:
    """``template --type`` writes every document type; each reads back as that type (blank or bundled)."""
    path = tmp_path / f"{entry.cli_name}.yaml"
    status, out, _ = run("template", "--type", entry.cli_name, "-o", path)
    assert (0, f"wrote {path}\n") == (status, out)
    assert (tmp_path / f"{entry.cli_name}.schema.json").exists()
    text = path.read_text("utf-8")
    if entry.cli_name == "assessment":
        text = text.replace("name: ''", "name: Elm")
    document = loads(text, into=Assessment) if entry.cli_name == "assessment" else load_document(path)
    assert isinstance(document, entry.cls)


def test_errors_never_quote_a_whole_file(tmp_path: Path) -> None:
    """A file of one long line, or a CSV named .yaml, gets a short message."""
    long = tmp_path / "long.yaml"
    long.write_text("x" * 50_000, encoding="utf-8")
    wrong = tmp_path / "trust.yaml"
    to_csv(examples.trust_assessments(), wrong)
    for path in (long, wrong):
        for command in ("summary", "validate", "report"):
            status, _, err = run(command, path)
            assert 1 == status
            assert len(err) < 500, err


def test_version_and_exit_codes() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "matframework", "--version"], capture_output=True, text=True, check=False
    )
    assert 0 == completed.returncode
    assert completed.stdout.startswith("matframework ")
    assert 2 == run("nonsense")[0]
    assert 1 == run("show", "9Z")[0]
