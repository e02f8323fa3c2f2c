"""One converter under every format: a bad value gets the YAML path's message, placed in each format's own terms."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from matframework import (
    Assessment,
    Framework,
    Location,
    Problem,
    ValidationError,
    assurance_framework,
    examples,
    from_case,
    loads,
    read_csv,
    read_workbook,
    schema_tag,
    to_case,
    to_csv,
    to_frame,
    to_workbook,
)
from matframework.documents import _yaml
from matframework.documents.converters import unstructure
from matframework.exchange.csvfile import CSV_COLUMNS
from matframework.exchange.frames import frame_to_assessments

ASSESSMENT = examples.trust_assessments()[-1]
HEAD_ROW = {"subject": 2, "subject_kind": 3, "urn": 4, "assessed_on": 9, "status": 13}

# (field path in the document, the bad value, the flat column it lives in)
MISTAKES: list[tuple[tuple[str, ...], str, str]] = [
    (("ratings", "3B", "rating"), "Gren", "rating"),
    (("ratings", "2A", "target"), "amber", "target"),
    (("ratings", "4B", "not_applicable"), " ", "not_applicable"),
    (("status",), "done", "status"),
    (("subject", "kind"), "academy", "subject_kind"),
    (("subject", "urn"), "12345", "urn"),
    (("assessed_on",), "14/10/2026", "assessed_on"),
]
IDS = [".".join(path) for path, _, _ in MISTAKES]


def yaml_problems(path: tuple[str, ...], value: str) -> list[tuple[tuple[Any, ...], str]]:
    """What reading the assessment's YAML with ``value`` at ``path`` reports: field paths and messages."""
    data = unstructure(ASSESSMENT)
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    with pytest.raises(ValidationError) as info:
        loads(_yaml.dump({"schema": schema_tag(Assessment), **data}), Assessment)
    return [(p.path, p.message) for p in info.value.problems]


def csv_problems(path: tuple[str, ...], value: str, column: str) -> list[Problem]:
    rows = list(csv.reader(io.StringIO(to_csv(ASSESSMENT))))
    index = CSV_COLUMNS.index(column)
    for row in rows[2:]:
        if path[0] != "ratings" or row[CSV_COLUMNS.index("element")] == path[1]:
            row[index] = value
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    with pytest.raises(ValidationError) as info:
        read_csv(buffer.getvalue())
    return list(info.value.problems)


def workbook_problems(path: tuple[str, ...], value: str, column: str, tmp_path: Path) -> list[Problem]:
    file = tmp_path / "ours.xlsx"
    to_workbook(assurance_framework(), [ASSESSMENT], file)
    book = openpyxl.load_workbook(file)
    sheet = book["Assessment 1"]
    if path[0] == "ratings":
        row = next(r for r in range(16, sheet.max_row + 1) if sheet.cell(row=r, column=2).value == path[1])
        letter = {"rating": "D", "target": "E", "not_applicable": "F"}[column]
        sheet[f"{letter}{row}"] = value
        if column == "not_applicable":
            sheet[f"D{row}"] = None
    else:
        sheet[f"D{HEAD_ROW[column]}"] = value
    book.save(file)
    with pytest.raises(ValidationError) as info:
        read_workbook(file)
    return list(info.value.problems)


def frame_problems(path: tuple[str, ...], value: str, column: str) -> list[Problem]:
    frame = to_frame(ASSESSMENT)
    name = "not_applicable_reason" if column == "not_applicable" else column
    frame[name] = frame[name].astype(object)
    if path[0] == "ratings":
        frame.loc[frame.element == path[1], name] = value
        if column == "not_applicable":
            frame["rating"] = frame["rating"].astype(object)
            frame.loc[frame.element == path[1], "rating"] = None
    else:
        frame[name] = value
    with pytest.raises(ValidationError) as info:
        frame_to_assessments(frame)
    return list(info.value.problems)


def not_applicable_yaml(path: tuple[str, ...], value: str) -> list[tuple[tuple[Any, ...], str]]:
    """As :func:`yaml_problems`, with the element's rating removed (a reason replaces the rating)."""
    data = unstructure(ASSESSMENT)
    entry = data["ratings"][path[1]]
    entry.pop("rating", None)
    entry["not_applicable"] = value
    with pytest.raises(ValidationError) as info:
        loads(_yaml.dump({"schema": schema_tag(Assessment), **data}), Assessment)
    return [(p.path, p.message) for p in info.value.problems]


def expected(path: tuple[str, ...], value: str) -> list[tuple[tuple[Any, ...], str]]:
    return not_applicable_yaml(path, value) if path[-1] == "not_applicable" else yaml_problems(path, value)


def messages(problems: list[Problem]) -> list[tuple[tuple[Any, ...], str]]:
    return [(p.path, p.message) for p in problems]


@pytest.mark.parametrize(("path", "value", "column"), MISTAKES, ids=IDS)
def test_csv_says_what_yaml_says(path: tuple[str, ...], value: str, column: str) -> None:
    """A bad CSV cell gets the YAML message for the same field, placed at its row and column."""
    problems = csv_problems(path, value, column)
    assert expected(path, value) == messages(problems)
    assert all(p.location is not None and p.location.field == column for p in problems)
    assert all(p.location is not None and p.location.row is not None for p in problems)


@pytest.mark.parametrize(("path", "value", "column"), MISTAKES, ids=IDS)
def test_workbook_says_what_yaml_says(path: tuple[str, ...], value: str, column: str, tmp_path: Path) -> None:
    """A bad workbook cell gets the YAML message for the same field, placed at its sheet and cell."""
    problems = workbook_problems(path, value, column, tmp_path)
    assert expected(path, value) == messages(problems)
    cell = f"D{HEAD_ROW[column]}" if path[0] != "ratings" else None
    for problem in problems:
        assert problem.location is not None
        assert "Assessment 1" == problem.location.sheet
        assert cell is None or cell == problem.location.cell


@pytest.mark.parametrize(("path", "value", "column"), MISTAKES, ids=IDS)
def test_frame_says_what_yaml_says(path: tuple[str, ...], value: str, column: str) -> None:
    """A bad DataFrame value gets the YAML message for the same field, placed at its row and column."""
    problems = frame_problems(path, value, column)
    assert expected(path, value) == messages(problems)
    name = "not_applicable_reason" if column == "not_applicable" else column
    assert all(p.location is not None and p.location.field == name for p in problems)


def test_the_places_are_the_right_ones(tmp_path: Path) -> None:
    """The location of a bad rating is the cell the user typed it in, in every format."""
    path, value, column = MISTAKES[0]
    frame = to_frame(ASSESSMENT)
    row = int(frame.index[frame.element == "3B"][0])
    [csv_problem] = csv_problems(path, value, column)
    [workbook_problem] = workbook_problems(path, value, column, tmp_path)
    [frame_problem] = frame_problems(path, value, column)
    csv_row = 3 + ASSESSMENT.codes.index("3B")
    assert Location(row=csv_row, field="rating") == csv_problem.location
    assert (
        Location(sheet="Assessment 1", cell=f"D{17 + ASSESSMENT.codes.index('3B')}")
        == workbook_problem.location
    )
    assert Location(row=row, field="rating") == frame_problem.location


def test_case_says_what_yaml_says() -> None:
    """A broken framework in a CASE package gets the YAML message, placed at its CASE record."""
    framework = assurance_framework()
    package = to_case(framework)
    item = next(i for i, record in enumerate(package["CFItems"]) if record["humanCodingScheme"] == "1A.ii")
    package["CFItems"][item]["listEnumeration"] = "iii"
    with pytest.raises(ValidationError) as from_package:
        from_case(package)
    text = _yaml.dump({"schema": schema_tag(Framework), **unstructure(framework)}).replace(
        "numeral: ii\n", "numeral: iii\n", 1
    )
    with pytest.raises(ValidationError) as from_yaml:
        loads(text, Framework)
    assert messages(list(from_yaml.value.problems)) == messages(list(from_package.value.problems))
    assert type(from_yaml.value) is type(from_package.value)
    assert Location(pointer=f"CFItems[{item}].listEnumeration") == from_package.value.problems[0].location
