"""Excel workbooks a trust can fill in, and reading the ratings back (needs the ``excel`` extra).

:func:`to_workbook` writes a ``Framework`` sheet with every criterion (question,
Red and Green), protected so the authors' text cannot be changed by accident,
and one sheet per assessment (a blank one if none is given): the assessment's
details at the top, then one row per element with a drop-down of the four
ratings, RAG colours, and columns for the target, evidence, next steps (one
per line) and notes (``iv: …``, one per line). Headers are frozen; only the
cells meant for input are unlocked.

:func:`read_workbook` reads every assessment sheet back into
:class:`~matframework.Assessment` objects with the same checks as documents; each
problem names the sheet, the cell and the field. openpyxl is imported only
when these functions are called.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from matframework._files import replacing
from matframework._optional import require
from matframework.errors import Location, PathPart, Problem, ValidationError
from matframework.exchange._flat import HEAD, Record, column_of, document, flatten, structure_records
from matframework.model.assessment import Assessment, Status, SubjectKind
from matframework.model.framework import Framework
from matframework.model.rating import Rating

__all__ = ["WORKBOOK_TAG", "read_workbook", "to_workbook"]


def __dir__() -> list[str]:
    return __all__


WORKBOOK_TAG = "matframework/assessment-workbook@1"
"""The tag in cell B1 of every assessment sheet."""

_DETAILS = (
    ("schema", "Format (do not change)"),
    ("subject", "Name of the trust, school or cluster"),
    ("subject_kind", "trust, school or cluster"),
    ("urn", "URN (schools)"),
    ("ukprn", "UKPRN"),
    ("trust_reference", "Trust reference"),
    ("framework_id", "Framework (do not change)"),
    ("framework_version", "Framework version (do not change)"),
    ("assessed_on", "Date of the assessment"),
    ("round", "Round, e.g. 2026/27 autumn"),
    ("raters", "Raters, one per line"),
    ("status", "draft or final"),
)
_TABLE = (
    "Heading",
    "Code",
    "Element",
    "Rating",
    "Target",
    "Not applicable (reason)",
    "Evidence",
    "Next steps",
    "Notes",
)
_HEADER_ROW = len(_DETAILS) + 2
_FIRST_ROW = _HEADER_ROW + 1
_COLUMN = {name: index for index, name in enumerate(_TABLE, start=1)}


def _openpyxl() -> Any:
    return require("openpyxl", extra="excel", feature="matframework workbooks")


def _text(cell: Any, value: str | None) -> None:
    """Write text as text, even when it starts with '=' (never as a formula)."""
    cell.value = value
    if value is not None:
        cell.data_type = "s"


def _lines(values: Iterable[str]) -> str | None:
    joined = "\n".join(values)
    return joined or None


def _framework_sheet(book: Any, framework: Framework) -> None:
    styles = require("openpyxl.styles", extra="excel", feature="matframework workbooks")
    sheet = book.active
    sheet.title = "Framework"
    sheet.append(
        [
            "Code",
            "Element",
            "Criterion",
            "Stage",
            "Question",
            "Red (weak) looks like",
            "Green (strong) looks like",
        ]
    )
    for element in framework.elements:
        for c in element.criteria:
            row = [element.code, element.title, c.id, c.stage.label, c.question, c.red, c.green]
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                _text(cell, str(cell.value))
                cell.alignment = styles.Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = styles.Font(bold=True)
    for letter, width in zip("ABCDEFG", (7, 28, 10, 22, 50, 50, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.protection.sheet = True


def _rating_inputs(sheet: Any, framework: Framework, last: int) -> None:
    """A drop-down of the four ratings and RAG colours on the rating and target columns."""
    styles = require("openpyxl.styles", extra="excel", feature="matframework workbooks")
    validation = require("openpyxl.worksheet.datavalidation", extra="excel", feature="matframework workbooks")
    formatting = require("openpyxl.formatting.rule", extra="excel", feature="matframework workbooks")
    choices = validation.DataValidation(
        type="list",
        formula1='"' + ",".join(r.label for r in Rating) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not a rating",
        error="Choose Red, Amber Red, Amber Green or Green.",
    )
    sheet.add_data_validation(choices)
    for letter in ("D", "E"):
        choices.add(f"{letter}{_FIRST_ROW}:{letter}{last}")
        for level in framework.scale.levels:
            fill = styles.PatternFill(
                start_color=level.colour[1:], end_color=level.colour[1:], fill_type="solid"
            )
            sheet.conditional_formatting.add(
                f"{letter}{_FIRST_ROW}:{letter}{last}",
                formatting.CellIsRule(operator="equal", formula=[f'"{level.label}"'], fill=fill),
            )


_ENTRY_COLUMNS = {
    "rating": "Rating",
    "target": "Target",
    "not_applicable": "Not applicable (reason)",
    "evidence": "Evidence",
    "next_steps": "Next steps",
    "notes": "Notes",
}
"""The table column of each entry field."""

_LOCKED = ("schema", "framework_id", "framework_version")


def _blank_head(framework: Framework) -> dict[str, Any]:
    return {
        **dict.fromkeys(HEAD),
        "subject": "",
        "subject_kind": SubjectKind.TRUST.value,
        "framework_id": framework.id,
        "framework_version": framework.version,
        "status": Status.DRAFT.value,
    }


def _entry_cells(entry: dict[str, Any]) -> dict[str, str | None]:
    """An entry's cells: lists one item per line, notes as ``numeral: text`` lines."""
    notes = entry.get("notes") or {}
    return {
        "Rating": entry.get("rating"),
        "Target": entry.get("target"),
        "Not applicable (reason)": entry.get("not_applicable"),
        "Evidence": entry.get("evidence"),
        "Next steps": _lines(entry.get("next_steps") or ()),
        "Notes": _lines(f"{numeral}: {text}" for numeral, text in notes.items()),
    }


def _details(sheet: Any, values: dict[str, Any], bold: Any, unlocked: Any) -> None:
    """The assessment's details at the top of its sheet: key, value, what to write."""
    for row, (key, label) in enumerate(_DETAILS, start=1):
        sheet.cell(row=row, column=1, value=key).font = bold
        sheet.cell(row=row, column=3, value=label)
        cell = sheet.cell(row=row, column=2)
        value = values[key]
        if isinstance(value, dt.date):
            cell.value = value
            cell.number_format = "yyyy-mm-dd"
        else:
            _text(cell, value)
        if key not in _LOCKED:
            cell.protection = unlocked


def _assessment_sheet(book: Any, framework: Framework, assessment: Assessment | None, title: str) -> None:
    styles = require("openpyxl.styles", extra="excel", feature="matframework workbooks")
    sheet = book.create_sheet(title)
    unlocked = styles.Protection(locked=False)
    bold = styles.Font(bold=True)
    if assessment is None:
        head = _blank_head(framework)
        entries: list[tuple[str, dict[str, Any]]] = [(code, {}) for code in framework.element_codes]
    else:
        head, entries = flatten(assessment)
    values: dict[str, Any] = {"schema": WORKBOOK_TAG, **head, "raters": _lines(head["raters"] or ())}
    if values["assessed_on"] is not None:
        values["assessed_on"] = dt.date.fromisoformat(values["assessed_on"])
    _details(sheet, values, bold, unlocked)
    for column, name in enumerate(_TABLE, start=1):
        sheet.cell(row=_HEADER_ROW, column=column, value=name).font = bold
    titles = {e.code: (h, e) for h in framework.headings for e in h.elements}
    for offset, (code, entry) in enumerate(entries):
        row = _FIRST_ROW + offset
        heading, element = titles.get(code, (None, None))
        cells = {
            "Heading": f"{heading.number}. {heading.title}" if heading else None,
            "Code": code,
            "Element": element.title if element else None,
            **_entry_cells(entry),
        }
        for name, value in cells.items():
            cell = sheet.cell(row=row, column=_COLUMN[name])
            _text(cell, value)
            cell.alignment = styles.Alignment(wrap_text=True, vertical="top")
            if name not in ("Heading", "Code", "Element"):
                cell.protection = unlocked
    _rating_inputs(sheet, framework, _FIRST_ROW + max(len(entries), 1) - 1)
    for letter, width in zip("ABCDEFGHI", (30, 7, 34, 14, 14, 24, 50, 40, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"D{_FIRST_ROW}"
    sheet.protection.sheet = True


def to_workbook(
    framework: Framework, assessments: Iterable[Assessment] = (), path: str | os.PathLike[str] | None = None
) -> Any:
    """Return (and save to ``path``, if given) a workbook to fill in, or holding ``assessments``.

    Args:
        framework: The framework: its criteria go on the protected ``Framework`` sheet.
        assessments: One sheet each; with none, one blank assessment sheet.
        path: Save the workbook here (``.xlsx``).

    Returns:
        The openpyxl ``Workbook``.

    Example:
        >>> from matframework import assurance_framework, examples
        >>> book = to_workbook(assurance_framework(), examples.trust_assessments()[-2:])
        >>> book.sheetnames
        ['Framework', 'Assessment 1', 'Assessment 2']

    .. versionadded:: 0.1.0
    """
    openpyxl = _openpyxl()
    book = openpyxl.Workbook()
    _framework_sheet(book, framework)
    group = list(assessments)
    if not group:
        _assessment_sheet(book, framework, None, "Assessment")
    for number, assessment in enumerate(group, start=1):
        _assessment_sheet(book, framework, assessment, f"Assessment {number}")
    if path is not None:
        file = Path(os.fspath(path))
        with replacing(file) as temporary:
            book.save(temporary)
    return book


class _Sheet:
    """One assessment sheet, read into the plain document of its assessment."""

    def __init__(self, sheet: Any, problems: list[Problem]) -> None:
        self.sheet = sheet
        self.problems = problems
        self.row_of: dict[str, int] = {}

    def where(self, cell: Any) -> Location:
        return Location(sheet=self.sheet.title, cell=cell.coordinate)

    def problem(
        self, cell: Any, path: tuple[PathPart, ...], message: str, expected: str | None = None
    ) -> None:
        self.problems.append(
            Problem(path=path, message=message, expected=expected, location=self.where(cell))
        )

    @staticmethod
    def value(cell: Any) -> Any:
        """A cell's plain value: ``None`` when empty; numbers typed into a text cell read as their digits."""
        value = cell.value
        if value is None or value == "":
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)  # identifiers typed as numbers (a URN) read as their digits
        if isinstance(value, dt.datetime):
            return value.date() if value.time() == dt.time() else value
        return value

    def lines(self, cell: Any) -> list[Any] | None:
        value = self.value(cell)
        return value.splitlines() if isinstance(value, str) else value

    def notes(self, cell: Any, code: str) -> Any:
        value = self.value(cell)
        if not isinstance(value, str):
            return value
        notes: dict[str, str] = {}
        for line in value.splitlines():
            numeral, sep, note = line.partition(": ")
            if not sep:
                self.problem(
                    cell, ("ratings", code, "notes"), f"{line!r} has no numeral", "lines like 'iv: the note'"
                )
            elif numeral in notes:
                self.problem(cell, ("ratings", code, "notes", numeral), f"two notes on criterion {numeral}")
            else:
                notes[numeral] = note
        return notes

    def record(self) -> Record | None:
        sheet = self.sheet
        for row, (key, _) in enumerate(_DETAILS, start=1):
            if sheet.cell(row=row, column=1).value != key:
                self.problem(
                    sheet.cell(row=row, column=1), HEAD.get(key, ()), "a detail row was moved or deleted", key
                )
                return None
        cells = {key: sheet.cell(row=row, column=2) for row, (key, _) in enumerate(_DETAILS, start=1)}
        head = {column: self.value(cells[column]) for column in HEAD}
        head["raters"] = self.lines(cells["raters"])
        entries = []
        for row in range(_FIRST_ROW, sheet.max_row + 1):
            code_cell = sheet.cell(row=row, column=_COLUMN["Code"])
            code = self.value(code_cell)
            if code is None:
                if any(
                    sheet.cell(row=row, column=c).value not in (None, "") for c in range(4, len(_TABLE) + 1)
                ):
                    self.problem(
                        code_cell, ("ratings",), "a row has ratings but no element code", "the element's code"
                    )
                continue
            code = str(code)
            if code in self.row_of:
                self.problem(
                    code_cell,
                    ("ratings", code),
                    f"element {code} is listed twice (first on row {self.row_of[code]})",
                    "one row per element",
                )
                continue
            self.row_of[code] = row
            body = {
                field: self.value(self.cell(row, field))
                for field in ("rating", "target", "not_applicable", "evidence")
            }
            body["next_steps"] = self.lines(self.cell(row, "next_steps"))
            body["notes"] = self.notes(self.cell(row, "notes"), code)
            entries.append((code, body))
        return Record(document(head, entries), self.locate)

    def cell(self, row: int, field: str) -> Any:
        return self.sheet.cell(row=row, column=_COLUMN[_ENTRY_COLUMNS[field]])

    def locate(self, path: tuple[PathPart, ...]) -> Location:
        column = column_of(path)
        if path[:1] == ("ratings",) and len(path) > 1 and str(path[1]) in self.row_of:
            row = self.row_of[str(path[1])]
            field = _ENTRY_COLUMNS.get(column or "")
            return self.where(self.sheet.cell(row=row, column=_COLUMN[field] if field else _COLUMN["Code"]))
        keys = [key for key, _ in _DETAILS]
        return self.where(self.sheet.cell(row=keys.index(column) + 1 if column in keys else 1, column=2))


def read_workbook(path: str | os.PathLike[str]) -> list[Assessment]:
    """Read the assessments from a workbook made by :func:`to_workbook` (and filled in).

    Every sheet whose B1 holds the workbook tag is read; other sheets are
    ignored. Ratings typed by hand are read forgivingly (``amber-red``).

    Raises:
        ValidationError: Every problem, its path naming the sheet, the cell
            and the field (``Assessment 1``, ``D17``, ``rating``).

    Example:
        >>> import pathlib, tempfile
        >>> from matframework import assurance_framework, examples
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "ours.xlsx"
        >>> _ = to_workbook(assurance_framework(), [examples.trust_assessments()[-1]], path)
        >>> read_workbook(path) == [examples.trust_assessments()[-1]]
        True

    .. versionadded:: 0.1.0
    """
    openpyxl = _openpyxl()
    file = os.fspath(path)
    try:
        book = openpyxl.load_workbook(file)
    except Exception as exc:  # noqa: BLE001 - whatever openpyxl raises for a file it cannot read
        raise ValidationError([Problem(message=f"not an Excel workbook: {exc}")], file=file) from None
    problems: list[Problem] = []
    sheets = [
        _Sheet(sheet, problems)
        for sheet in book.worksheets
        if sheet.cell(row=1, column=2).value == WORKBOOK_TAG
    ]
    records = [record for sheet in sheets if (record := sheet.record()) is not None]
    try:
        result = structure_records(records, problems)
    except ValidationError as error:
        raise error.with_file(file) from None
    if not sheets:
        raise ValidationError(
            [Problem(message="no assessment sheet found", expected=f"a sheet with {WORKBOOK_TAG} in B1")],
            file=file,
        )
    return result
