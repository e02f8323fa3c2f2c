"""Excel workbooks a trust can fill in, and reading the ratings back (needs the ``excel`` extra).

:func:`to_workbook` writes a ``Framework`` sheet with every criterion (question,
Red and Green), protected so the authors' text cannot be changed by accident,
and one sheet per assessment (a blank one if none is given): the assessment's
details at the top (key, what to write, value; raters one per cell along
their row), then one row per element with a drop-down of the four ratings,
RAG colours, and columns for the target, evidence, a note per criterion
(``Note iv``) and the next steps (``Next step 1``, …). Every item has a cell of
its own, so text with line breaks survives. Headers are frozen; only the cells
meant for input are unlocked. Text that could start a formula is marked as
text; text a cell cannot hold is refused, naming the field.

:func:`read_workbook` reads every assessment sheet back into
:class:`~matframework.Assessment` objects with the same checks as documents; each
problem names the sheet, the cell and the field. openpyxl is imported only
when these functions are called.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from matframework._files import DEFAULT_MAX_BYTES, read_bytes, replacing
from matframework.errors import Location, PathPart, Problem, ValidationError
from matframework.exchange._cells import openpyxl_part, text_cell, unescape
from matframework.exchange._flat import HEAD, Record, column_of, document, flatten, structure_records
from matframework.model.assessment import Assessment, Status, SubjectKind
from matframework.model.framework import Framework
from matframework.model.rating import Rating

__all__ = ["WORKBOOK_TAG", "read_workbook", "to_workbook"]


def __dir__() -> list[str]:
    return __all__


WORKBOOK_TAG = "matframework/assessment-workbook@3"
"""The tag in cell C1 of every assessment sheet."""

_OLDER_TAGS = ("matframework/assessment-workbook@1", "matframework/assessment-workbook@2")

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
    ("raters", "Raters, one per cell along the row"),
    ("perspective", "Perspective: the group rating, e.g. trustees (optional)"),
    ("status", "draft or final"),
)
_VALUE_COLUMN = 3  # A: the key, B: what to write, C (and on, for raters): the value
_FIXED = ("Heading", "Code", "Element", "Rating", "Target", "Not applicable (reason)", "Evidence")
_HEADER_ROW = len(_DETAILS) + 2
_FIRST_ROW = _HEADER_ROW + 1
_COLUMN = {name: index for index, name in enumerate(_FIXED, start=1)}
_NOTE = "Note "
_STEP = "Next step "
_MIN_STEPS = 3

MAX_ROWS = 5_000
"""Assessment sheets with more rows than this are refused before they are read (raise ``max_rows``)."""

MAX_UNCOMPRESSED = 100_000_000
"""Workbooks whose parts would unpack to more bytes than this are refused before they are opened."""


def _framework_sheet(book: Any, framework: Framework) -> None:
    styles = openpyxl_part("openpyxl.styles")
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
                text_cell(cell, str(cell.value), ("criteria", c.id))
                cell.alignment = styles.Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = styles.Font(bold=True)
    for letter, width in zip("ABCDEFG", (7, 28, 10, 22, 50, 50, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.protection.sheet = True


def _rating_inputs(sheet: Any, framework: Framework, last: int) -> None:
    """A drop-down of the four ratings and RAG colours on the rating and target columns."""
    styles = openpyxl_part("openpyxl.styles")
    validation = openpyxl_part("openpyxl.worksheet.datavalidation")
    formatting = openpyxl_part("openpyxl.formatting.rule")
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
}
"""The table column of each entry field held in one cell."""

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


def _details(sheet: Any, values: dict[str, Any], bold: Any, unlocked: Any) -> None:
    """The assessment's details at the top of its sheet: key, what to write, value (raters along the row)."""
    for row, (key, label) in enumerate(_DETAILS, start=1):
        sheet.cell(row=row, column=1, value=key).font = bold
        sheet.cell(row=row, column=2, value=label)
        items = values[key] if key == "raters" else [values[key]]
        for offset, value in enumerate(items or [None]):
            cell = sheet.cell(row=row, column=_VALUE_COLUMN + offset)
            if isinstance(value, dt.date):
                cell.value = value
                cell.number_format = "yyyy-mm-dd"
            else:
                text_cell(cell, value, (*HEAD.get(key, ("schema",)), *((offset,) if key == "raters" else ())))
            if key not in _LOCKED:
                cell.protection = unlocked
        if key == "raters":
            for offset in range(len(items or [None]), 8):  # room to add raters
                sheet.cell(row=row, column=_VALUE_COLUMN + offset).protection = unlocked


def _columns(framework: Framework, entries: Iterable[tuple[str, dict[str, Any]]]) -> list[str]:
    """The table's columns: the fixed ones, a note column per criterion numeral, next-step columns."""
    numerals: dict[str, None] = {}
    for element in framework.elements:
        numerals.update(dict.fromkeys(c.numeral for c in element.criteria))
    steps = _MIN_STEPS
    for _, entry in entries:
        numerals.update(dict.fromkeys(entry.get("notes") or {}))
        steps = max(steps, len(entry.get("next_steps") or ()))
    return [*_FIXED, *(f"{_NOTE}{n}" for n in numerals), *(f"{_STEP}{k}" for k in range(1, steps + 1))]


def _entry_cells(code: str, entry: dict[str, Any]) -> dict[str, tuple[str | None, tuple[PathPart, ...]]]:
    """An entry's cells by column, each with the field path it holds: one cell per note and per step."""
    cells: dict[str, tuple[str | None, tuple[PathPart, ...]]] = {
        column: (entry.get(field), ("ratings", code, field)) for field, column in _ENTRY_COLUMNS.items()
    }
    for numeral, text in (entry.get("notes") or {}).items():
        cells[f"{_NOTE}{numeral}"] = (text, ("ratings", code, "notes", numeral))
    for index, step in enumerate(entry.get("next_steps") or (), start=1):
        cells[f"{_STEP}{index}"] = (step, ("ratings", code, "next_steps", index - 1))
    return cells


def _assessment_sheet(book: Any, framework: Framework, assessment: Assessment | None, title: str) -> None:
    styles = openpyxl_part("openpyxl.styles")
    sheet = book.create_sheet(title)
    unlocked = styles.Protection(locked=False)
    bold = styles.Font(bold=True)
    if assessment is None:
        head = _blank_head(framework)
        entries: list[tuple[str, dict[str, Any]]] = [(code, {}) for code in framework.element_codes]
    else:
        head, entries = flatten(assessment)
    values: dict[str, Any] = {"schema": WORKBOOK_TAG, **head}
    if values["assessed_on"] is not None:
        values["assessed_on"] = dt.date.fromisoformat(values["assessed_on"])
    _details(sheet, values, bold, unlocked)
    columns = _columns(framework, entries)
    for column, name in enumerate(columns, start=1):
        sheet.cell(row=_HEADER_ROW, column=column, value=name).font = bold
    titles = {e.code: (h, e) for h in framework.headings for e in h.elements}
    for offset, (code, entry) in enumerate(entries):
        row = _FIRST_ROW + offset
        heading, element = titles.get(code, (None, None))
        cells = {
            "Heading": (f"{heading.number}. {heading.title}" if heading else None, ()),
            "Code": (code, ("ratings", code)),
            "Element": (element.title if element else None, ()),
            **_entry_cells(code, entry),
        }
        for column, name in enumerate(columns, start=1):
            value, path = cells.get(name, (None, ()))
            cell = sheet.cell(row=row, column=column)
            text_cell(cell, value, path)
            cell.alignment = styles.Alignment(wrap_text=True, vertical="top")
            if name not in ("Heading", "Code", "Element"):
                cell.protection = unlocked
    _rating_inputs(sheet, framework, _FIRST_ROW + max(len(entries), 1) - 1)
    widths = {"Heading": 30, "Code": 7, "Element": 34, "Rating": 14, "Target": 14}
    widths.update({"Not applicable (reason)": 24, "Evidence": 50})
    for column, name in enumerate(columns, start=1):
        letter = sheet.cell(row=_HEADER_ROW, column=column).column_letter
        sheet.column_dimensions[letter].width = widths.get(name, 30)
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
    openpyxl = openpyxl_part("openpyxl")
    book = openpyxl.Workbook()
    _framework_sheet(book, framework)
    group = list(assessments)
    _refuse_what_is_not_carried(group)
    if not group:
        _assessment_sheet(book, framework, None, "Assessment")
    for number, assessment in enumerate(group, start=1):
        _assessment_sheet(book, framework, assessment, f"Assessment {number}")
    if path is not None:
        file = Path(os.fspath(path))
        with replacing(file) as temporary:
            book.save(temporary)
    return book


def _refuse_what_is_not_carried(group: list[Assessment]) -> None:
    """The workbook has no place yet for evidence, confidence, leans, a change log or approvals: refuse, never drop."""
    expected = "an assessment without them, or YAML, JSON or CSV, which hold them"
    problems: list[Problem] = []
    for index, assessment in enumerate(group):
        problems.extend(
            Problem(path=(index, name), message=f"the workbook cannot hold {what} yet", expected=expected)
            for name, what in (
                ("evidence", "evidence records"),
                ("changes", "a change log"),
                ("approvals", "approvals"),
                ("supersedes", "what an assessment supersedes"),
            )
            if getattr(assessment, name)
        )
        for entry in assessment.ratings:
            problems.extend(
                Problem(
                    path=(index, "ratings", entry.code, name),
                    message=f"the workbook cannot hold {name} yet",
                    expected=expected,
                )
                for name in ("evidence_ids", "confidence", "leans")
                if getattr(entry, name)
            )
    if problems:
        raise ValidationError(problems)


class _Sheet:
    """One assessment sheet, read into the plain document of its assessment."""

    def __init__(self, sheet: Any, problems: list[Problem]) -> None:
        self.sheet = sheet
        self.problems = problems
        self.row_of: dict[str, int] = {}
        self.columns: dict[str, int] = {}

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
        return unescape(value) if isinstance(value, str) else value

    def _header(self) -> bool:
        """Find the table's columns by their headers; report a fixed one moved or missing."""
        for column in range(1, self.sheet.max_column + 1):
            name = self.sheet.cell(row=_HEADER_ROW, column=column).value
            if isinstance(name, str):
                self.columns.setdefault(name, column)
        for position, name in enumerate(_FIXED, start=1):
            if self.columns.get(name) != position:
                cell = self.sheet.cell(row=_HEADER_ROW, column=position)
                self.problem(cell, ("ratings",), "a column of the table was moved or deleted", name)
                return False
        return True

    def _stray_cells(self) -> None:
        """Report values typed outside the table's columns (they would otherwise be lost)."""
        last = max(self.columns.values(), default=len(_FIXED))
        cells = getattr(self.sheet, "_cells", {})  # the cells that exist, without making the rest
        for (row, column), cell in sorted(cells.items()):
            if row >= _HEADER_ROW and column > last and cell.value not in (None, ""):
                self.problem(
                    cell, ("ratings",), "a value outside the table's columns", "values under a column heading"
                )

    def _entry(self, row: int) -> dict[str, Any]:
        sheet = self.sheet
        body = {
            field: self.value(sheet.cell(row=row, column=self.columns[name]))
            for field, name in _ENTRY_COLUMNS.items()
        }
        notes = {}
        steps = []
        for name, column in self.columns.items():
            value = self.value(sheet.cell(row=row, column=column))
            if value is None:
                continue
            if name.startswith(_NOTE):
                notes[name.removeprefix(_NOTE)] = value
            elif name.startswith(_STEP):
                steps.append(value)
        body["notes"] = notes or None
        body["next_steps"] = steps or None
        return body

    def record(self, max_rows: int) -> Record | None:
        sheet = self.sheet
        for row, (key, _) in enumerate(_DETAILS, start=1):
            if sheet.cell(row=row, column=1).value != key:
                self.problem(
                    sheet.cell(row=row, column=1), HEAD.get(key, ()), "a detail row was moved or deleted", key
                )
                return None
        if sheet.max_row > max_rows:
            cell = sheet.cell(row=_FIRST_ROW, column=1)
            self.problem(
                cell,
                ("ratings",),
                f"the sheet has {sheet.max_row:,} rows",
                f"at most {max_rows:,} (raise max_rows)",
            )
            return None
        if not self._header():
            return None
        self._stray_cells()
        cells = {
            key: sheet.cell(row=row, column=_VALUE_COLUMN) for row, (key, _) in enumerate(_DETAILS, start=1)
        }
        head = {column: self.value(cells[column]) for column in HEAD if column in cells}
        raters_row = [key for key, _ in _DETAILS].index("raters") + 1
        raters = [
            self.value(sheet.cell(row=raters_row, column=c))
            for c in range(_VALUE_COLUMN, sheet.max_column + 1)
        ]
        head["raters"] = [r for r in raters if r is not None] or None
        entries = []
        for row in range(_FIRST_ROW, sheet.max_row + 1):
            code_cell = sheet.cell(row=row, column=_COLUMN["Code"])
            code = self.value(code_cell)
            if code is None:
                if any(
                    sheet.cell(row=row, column=c).value not in (None, "")
                    for c in range(4, sheet.max_column + 1)
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
            entries.append((code, self._entry(row)))
        return Record(document(head, entries), self.locate)

    def locate(self, path: tuple[PathPart, ...]) -> Location:
        column = column_of(path)
        if path[:1] == ("ratings",) and len(path) > 1 and str(path[1]) in self.row_of:
            row = self.row_of[str(path[1])]
            name = _ENTRY_COLUMNS.get(column or "")
            if column == "notes" and len(path) > 3:  # noqa: PLR2004 - ratings.CODE.notes.NUMERAL
                name = f"{_NOTE}{path[3]}"
            elif column == "next_steps" and len(path) > 3 and isinstance(path[3], int):  # noqa: PLR2004
                name = f"{_STEP}{path[3] + 1}"
            index = self.columns.get(name or "", _COLUMN["Code"])
            return self.where(self.sheet.cell(row=row, column=index))
        keys = [key for key, _ in _DETAILS]
        row = keys.index(column) + 1 if column in keys else 1
        offset = path[1] if column == "raters" and len(path) > 1 and isinstance(path[1], int) else 0
        return self.where(self.sheet.cell(row=row, column=_VALUE_COLUMN + offset))


def _workbook_bytes(file: str, max_bytes: int) -> io.BytesIO:
    """The workbook's bytes (read bounded), refused if its parts would unpack too large, before openpyxl sees them.

    openpyxl is given the bytes, not the path, so a file it cannot read is never left open.
    """
    raw = read_bytes(file, max_bytes=max_bytes)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ValidationError([Problem(message=f"not an Excel workbook: {error}")], file=file) from None
    if unpacked > MAX_UNCOMPRESSED:
        problem = Problem(
            message=f"the workbook would unpack to {unpacked:,} bytes",
            expected=f"at most {MAX_UNCOMPRESSED:,}",
        )
        raise ValidationError([problem], file=file)
    return io.BytesIO(raw)


def _older_tag(sheet: Any) -> tuple[str, str] | None:
    """The tag and cell of an older layout's sheet (its tag in B1 or C1), or ``None``."""
    for column, cell in ((2, "B1"), (_VALUE_COLUMN, "C1")):
        value = sheet.cell(row=1, column=column).value
        if value in _OLDER_TAGS:
            return str(value), cell
    return None


def read_workbook(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES, max_rows: int = MAX_ROWS
) -> list[Assessment]:
    """Read the assessments from a workbook made by :func:`to_workbook` (and filled in).

    Every sheet whose C1 holds the workbook tag is read; other sheets are
    ignored. Each sheet becomes the same plain document a YAML file holds and
    the one converter reads it. Ratings typed by hand are read forgivingly
    (``amber-red``). The file's size, the size its parts would unpack to, and
    each sheet's rows are checked before the work.

    Raises:
        ValidationError: Every problem, with its field path (``ratings.1C.rating``) and its
            place on the workbook (``Assessment 1!D17``).
        ~matframework.FileError: The file cannot be read.

    Example:
        >>> import pathlib, tempfile
        >>> from matframework import assurance_framework, examples
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "ours.xlsx"
        >>> _ = to_workbook(assurance_framework(), [examples.trust_assessments()[-1]], path)
        >>> read_workbook(path) == [examples.trust_assessments()[-1]]
        True

    .. versionadded:: 0.1.0
    """
    openpyxl = openpyxl_part("openpyxl")
    file = os.fspath(path)
    content = _workbook_bytes(file, max_bytes)
    try:
        book = openpyxl.load_workbook(content)
    except Exception as exc:  # noqa: BLE001 - whatever openpyxl raises for a file it cannot read
        raise ValidationError([Problem(message=f"not an Excel workbook: {exc}")], file=file) from None
    problems: list[Problem] = []
    sheets = []
    for sheet in book.worksheets:
        if sheet.cell(row=1, column=_VALUE_COLUMN).value == WORKBOOK_TAG:
            sheets.append(_Sheet(sheet, problems))
        elif (older := _older_tag(sheet)) is not None:
            tag, cell = older
            problems.append(
                Problem(
                    message=f"sheet {sheet.title!r} has an older layout ({tag})",
                    expected="a workbook made by this version of to_workbook (copy the ratings into a new one)",
                    location=Location(sheet=sheet.title, cell=cell),
                )
            )
    records = [record for sheet in sheets if (record := sheet.record(max_rows)) is not None]
    try:
        result = structure_records(records, problems)
    except ValidationError as error:
        raise error.with_file(file) from None
    if not sheets:
        raise ValidationError(
            [Problem(message="no assessment sheet found", expected=f"a sheet with {WORKBOOK_TAG} in C1")],
            file=file,
        )
    return result
