"""Excel workbooks a trust can fill in, and reading them back (needs the ``excel`` extra).

:func:`to_workbook` writes a ``Framework`` sheet with every criterion (question,
Red and Green), protected so the authors' text cannot be changed by accident,
then the sheets of each document:

- an assessment (a blank one if no document is given): its details at the top
  (key, what to write, value; raters one per cell along their row), then one
  row per element with a drop-down of the four ratings, RAG colours, and
  columns for the target, evidence, confidence, the ids of the evidence
  records, where each criterion leans (``Leans iv``), a note per criterion
  (``Note iv``) and the next steps (``Next step 1``, …); then a sheet of its
  evidence records and, if it has them, protected sheets of its change log
  and approvals;
- a plan: its details and priorities, then its actions;
- an evidence file: its records.

Every item has a cell of its own, so text with line breaks survives. Headers
are frozen; on an assessment sheet only the cells meant for input are
unlocked. Text that could start a formula is marked as text; text a cell
cannot hold is refused, naming the field. The record sheets are described in
``_sheets``.

:func:`read_workbook` reads the documents of one kind back with the same checks
as documents; each problem names the sheet, the cell and the field. openpyxl
is imported only when these functions are called.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar, overload

from matframework._files import DEFAULT_MAX_BYTES, read_bytes, replacing
from matframework.documents.converters import unstructure
from matframework.errors import Location, PathPart, Problem, ValidationError
from matframework.exchange._cells import (
    fit_rows,
    named_table,
    openpyxl_part,
    print_setup,
    text_cell,
    unescape,
)
from matframework.exchange._flat import HEAD, Record, column_of, document, flatten, structure_one
from matframework.exchange._records import ASSESSMENT_LAYOUT, ASSESSMENT_TABLES, LAYOUTS, Layout, layout_of
from matframework.exchange._sheets import TableSheet, header_row, write_table
from matframework.model._display import text_on
from matframework.model.assessment import Assessment, Status, SubjectKind
from matframework.model.evidence import Confidence, EvidenceFile, Lean
from matframework.model.framework import Framework
from matframework.model.plan import ImprovementPlan
from matframework.model.rating import Rating

__all__ = ["WORKBOOK_TAG", "read_workbook", "to_workbook"]


T = TypeVar("T")


def __dir__() -> list[str]:
    return __all__


WORKBOOK_TAG = "matframework/assessment-workbook@4"
"""The tag in cell D1 of every assessment sheet."""

_OLDER_TAGS = ("matframework/assessment-workbook@1", "matframework/assessment-workbook@2")

_DETAILS = (
    ("schema", "Format (do not change)"),
    ("subject", "Name: trust, school, cluster"),
    ("subject_kind", "Kind: trust, school, cluster"),
    ("urn", "URN (schools)"),
    ("ukprn", "UKPRN (UK provider number)"),
    ("trust_reference", "Trust reference"),
    ("framework_id", "Framework (do not change)"),
    ("framework_version", "Version (do not change)"),
    ("assessed_on", "Date of the assessment"),
    ("round", "Round, e.g. 2026/27 autumn"),
    ("raters", "Raters, one to a cell"),
    ("perspective", "Perspective (optional)"),
    ("status", "Status: draft or final"),
    ("supersedes", "Corrects (file or reference)"),
)
_FIXED = ("Heading", "Code", "Element", "Rating", "Target", "Not applicable (reason)", "Evidence")
_VALUE_COLUMN = 4  # A: the key, B: what to write (across C), D (and on, for raters): the value
_LABELS = dict(_DETAILS)
_READABLE = {
    WORKBOOK_TAG: (_DETAILS, _VALUE_COLUMN),
    "matframework/assessment-workbook@3": (_DETAILS[:-1], 3),
}
"""The detail rows and value column of each layout this version reads (layout 3 had no ``supersedes`` row and its
values in C)."""
_HEADER_ROW = len(_DETAILS) + 2
_FIRST_ROW = _HEADER_ROW + 1
_COLUMN = {name: index for index, name in enumerate(_FIXED, start=1)}
_NOTE = "Note "
_STEP = "Next step "
_LEANS = "Leans "
_EVIDENCE_ID = "Evidence id "
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
    for letter, width in zip("ABCDEFG", (6, 20, 9, 13, 45, 45, 45), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    fit_rows(sheet, range(2, sheet.max_row + 1))
    print_setup(sheet, header_row=1)
    named_table(sheet, f"A1:G{sheet.max_row}")
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
            font = styles.Font(color=text_on(level.colour))  # 4.5:1 or better on the fill
            sheet.conditional_formatting.add(
                f"{letter}{_FIRST_ROW}:{letter}{last}",
                formatting.CellIsRule(operator="equal", formula=[f'"{level.label}"'], fill=fill, font=font),
            )


def _choice_inputs(sheet: Any, columns: list[str], last: int, evidence_sheet: str) -> None:
    """Drop-downs on the confidence and lean columns; the evidence id columns offer the ids on the evidence sheet.

    An evidence id need not be on that sheet (it may be in a shared evidence file), so any id is accepted.
    """
    validation = openpyxl_part("openpyxl.worksheet.datavalidation")
    utils = openpyxl_part("openpyxl.utils")
    lists = {
        "Confidence": ",".join(c.value for c in Confidence),
        _LEANS: ",".join(lean.value for lean in Lean),
    }
    first_id = header_row(2) + 1  # the evidence sheet's first record row (below schema and part_of)
    quoted = evidence_sheet.replace("'", "''")
    ids = f"'{quoted}'!$A${first_id}:$A${first_id + 499}"
    rules: dict[str, Any] = {}
    for index, name in enumerate(columns, start=1):
        key = _LEANS if name.startswith(_LEANS) else _EVIDENCE_ID if name.startswith(_EVIDENCE_ID) else name
        if key not in (*lists, _EVIDENCE_ID):
            continue
        if key not in rules:
            strict = key in lists
            rules[key] = validation.DataValidation(
                type="list",
                formula1=f'"{lists[key]}"' if strict else ids,
                allow_blank=True,
                showErrorMessage=strict,
                errorTitle=f"Not a {key.strip().lower()}",
                error=f"Choose one of: {lists[key].replace(',', ', ')}" if strict else None,
            )
            sheet.add_data_validation(rules[key])
        letter = utils.get_column_letter(index)
        rules[key].add(f"{letter}{_FIRST_ROW}:{letter}{last}")


_ENTRY_COLUMNS = {
    "rating": "Rating",
    "target": "Target",
    "not_applicable": "Not applicable (reason)",
    "evidence": "Evidence",
    "confidence": "Confidence",
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
    """The assessment's details at the top of its sheet: key, what to write, value (raters along the row).

    The key (column A, grey) is the field's name for the reader; the label (B, bold) runs across the
    empty C; the value is in D, a column wide enough for a date.
    """
    styles = openpyxl_part("openpyxl.styles")
    grey = styles.Font(color="595959", size=9)
    for row, (key, label) in enumerate(_DETAILS, start=1):
        sheet.cell(row=row, column=1, value=key).font = grey
        label_cell = sheet.cell(row=row, column=2, value=label)
        label_cell.font = bold
        label_cell.alignment = sheet.cell(row=row, column=1).alignment = styles.Alignment(vertical="top")
        items = values[key] if key == "raters" else [values[key]]
        for offset, value in enumerate(items or [None]):
            cell = sheet.cell(row=row, column=_VALUE_COLUMN + offset)
            if isinstance(value, dt.date):
                cell.value = value
                cell.number_format = "yyyy-mm-dd"
            else:
                text_cell(cell, value, (*HEAD.get(key, ("schema",)), *((offset,) if key == "raters" else ())))
            cell.alignment = styles.Alignment(horizontal="left", wrap_text=key == "raters", vertical="top")
            if key not in _LOCKED:
                cell.protection = unlocked
        if key == "raters":
            for offset in range(len(items or [None]), 8):  # room to add raters
                sheet.cell(row=row, column=_VALUE_COLUMN + offset).protection = unlocked


def _columns(framework: Framework, entries: Iterable[tuple[str, dict[str, Any]]]) -> list[str]:
    """The table's columns: the fixed ones, confidence, evidence ids, a lean and a note per numeral, next steps."""
    numerals: dict[str, None] = {}
    for element in framework.elements:
        numerals.update(dict.fromkeys(c.numeral for c in element.criteria))
    steps = ids = _MIN_STEPS
    for _, entry in entries:
        numerals.update(dict.fromkeys(entry.get("notes") or {}))
        numerals.update(dict.fromkeys(entry.get("leans") or {}))
        steps = max(steps, len(entry.get("next_steps") or ()))
        ids = max(ids, len(entry.get("evidence_ids") or ()))
    return [
        *_FIXED,
        "Confidence",
        *(f"{_EVIDENCE_ID}{k}" for k in range(1, ids + 1)),
        *(f"{_LEANS}{n}" for n in numerals),
        *(f"{_NOTE}{n}" for n in numerals),
        *(f"{_STEP}{k}" for k in range(1, steps + 1)),
    ]


def _entry_cells(code: str, entry: dict[str, Any]) -> dict[str, tuple[str | None, tuple[PathPart, ...]]]:
    """An entry's cells by column, each with the field path it holds: one cell per note and per step."""
    cells: dict[str, tuple[str | None, tuple[PathPart, ...]]] = {
        column: (entry.get(field), ("ratings", code, field)) for field, column in _ENTRY_COLUMNS.items()
    }
    for numeral, text in (entry.get("notes") or {}).items():
        cells[f"{_NOTE}{numeral}"] = (text, ("ratings", code, "notes", numeral))
    for numeral, lean in (entry.get("leans") or {}).items():
        cells[f"{_LEANS}{numeral}"] = (lean, ("ratings", code, "leans", numeral))
    for index, step in enumerate(entry.get("next_steps") or (), start=1):
        cells[f"{_STEP}{index}"] = (step, ("ratings", code, "next_steps", index - 1))
    for index, ident in enumerate(entry.get("evidence_ids") or (), start=1):
        cells[f"{_EVIDENCE_ID}{index}"] = (ident, ("ratings", code, "evidence_ids", index - 1))
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
        heading = sheet.cell(row=_HEADER_ROW, column=column, value=name)
        heading.font = bold
        heading.alignment = styles.Alignment(wrap_text=True, vertical="bottom")
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
    _choice_inputs(sheet, columns, _FIRST_ROW + max(len(entries), 1) - 1, f"{title} evidence")
    for column, name in enumerate(columns, start=1):
        letter = sheet.cell(row=_HEADER_ROW, column=column).column_letter
        sheet.column_dimensions[letter].width = _width(name)
    _criteria_notes(sheet, framework, entries)
    last = _FIRST_ROW + max(len(entries), 1) - 1
    fit_rows(
        sheet, [_DETAILS.index(("raters", _LABELS["raters"])) + 1, _HEADER_ROW, *range(_FIRST_ROW, last + 1)]
    )
    letter = openpyxl_part("openpyxl.utils").get_column_letter
    printed = letter(columns.index("Confidence") + 1)
    print_setup(sheet, header_row=_HEADER_ROW, area=f"A1:{printed}{last}")
    if entries:
        named_table(sheet, f"A{_HEADER_ROW}:{letter(len(columns))}{last}")
    sheet.freeze_panes = f"D{_FIRST_ROW}"
    sheet.protection.sheet = True


_WIDTHS = {
    "Heading": 20,
    "Code": 6,
    "Element": 24,
    "Rating": 13,
    "Target": 13,
    "Not applicable (reason)": 16,
    "Evidence": 45,
    "Confidence": 11,
}


def _width(name: str) -> int:
    """A column's width: the printed columns fit landscape A4; ids and leans are narrow, notes and steps wide."""
    if name.startswith((_EVIDENCE_ID, _LEANS)):
        return 13
    return _WIDTHS.get(name, 30)


def _criteria_notes(sheet: Any, framework: Framework, entries: list[tuple[str, dict[str, Any]]]) -> None:
    """A note on each element's title with its questions, by numeral, and where its descriptors are."""
    comments = openpyxl_part("openpyxl.comments")
    rows = {c.id: index for index, c in enumerate(framework.criteria, start=2)}
    elements = {e.code: e for e in framework.elements}
    for offset, (code, _) in enumerate(entries):
        element = elements.get(code)
        if element is None or not element.criteria:
            continue
        lines = [f"{c.numeral}. {c.question}" for c in element.criteria]
        first, last = rows[element.criteria[0].id], rows[element.criteria[-1].id]
        lines.append(
            f"What Red (weak) and Green (strong) look like: the Framework sheet, rows {first} to {last}."
        )
        note = comments.Comment("\n".join(lines), "matframework")
        note.width, note.height = 420, min(600, 40 + 34 * len(lines))
        sheet.cell(row=_FIRST_ROW + offset, column=_COLUMN["Element"]).comment = note


Document = Assessment | EvidenceFile | ImprovementPlan
"""What a workbook holds: assessments, evidence files and improvement plans."""


def to_workbook(
    framework: Framework,
    documents: Document | Iterable[Document] = (),
    path: str | os.PathLike[str] | None = None,
) -> Any:
    """Return (and save to ``path``, if given) a workbook to fill in, or holding ``documents``.

    An assessment has a sheet of ratings (``Assessment 1``) and one for its
    evidence records (``Assessment 1 evidence``); its change log and
    approvals, if it has any, have protected sheets of their own. A plan
    has a sheet of its details and priorities (``Plan 1``) and one of its
    actions (``Plan 1 actions``); an evidence file has one sheet
    (``Evidence 1``). Each kind is numbered on its own, in the order given.

    Args:
        framework: The framework: its criteria go on the protected ``Framework`` sheet.
        documents: Assessments, improvement plans and evidence files, in any mix; with none,
            one blank assessment.
        path: Save the workbook here (``.xlsx``).

    Returns:
        The openpyxl ``Workbook``.

    Raises:
        ValidationError: Text a cell cannot hold, naming the document (by its place in
            ``documents``) and the field.
        TypeError: ``documents`` holds something else.

    Example:
        >>> from matframework import assurance_framework, examples
        >>> book = to_workbook(assurance_framework(), examples.trust_assessments()[-2:])
        >>> book.sheetnames
        ['Framework', 'Assessment 1', 'Assessment 1 evidence', 'Assessment 2', 'Assessment 2 evidence']
        >>> to_workbook(assurance_framework(), examples.improvement_plan()).sheetnames
        ['Framework', 'Plan 1', 'Plan 1 actions']

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Holds evidence, confidence, leans, change logs and approvals; plans and evidence files.
    """
    openpyxl = openpyxl_part("openpyxl")
    book = openpyxl.Workbook()
    _framework_sheet(book, framework)
    group: list[Any] = (
        [documents] if isinstance(documents, Assessment | EvidenceFile | ImprovementPlan) else list(documents)
    )
    if not group:
        _assessment_sheet(book, framework, None, "Assessment")
        _assessment_parts(book, None, "Assessment", ())
    numbers: dict[type[Any], int] = {}
    for index, item in enumerate(group):
        kind = type(item)
        numbers[kind] = number = numbers.get(kind, 0) + 1
        if kind is Assessment:
            title = f"Assessment {number}"
            _assessment_sheet(book, framework, item, title)
            _assessment_parts(book, item, title, (index,))
        else:
            _record_sheets(book, item, number, (index,))
    if path is not None:
        file = Path(os.fspath(path))
        with replacing(file) as temporary:
            book.save(temporary)
    return book


def _assessment_parts(
    book: Any, assessment: Assessment | None, title: str, prefix: tuple[PathPart, ...]
) -> None:
    """The sheets of an assessment's evidence records (always) and its change log and approvals (if any)."""
    data = unstructure(assessment) if assessment is not None else {}
    for table in ASSESSMENT_TABLES:
        records = data.get(table.key) or []
        if records or table.key == "evidence":
            tag = ASSESSMENT_LAYOUT.sheet_tag(table)
            locked = table.key != "evidence"  # the log and approvals are written by the library
            write_table(
                book, f"{title} {table.key}", tag, table, records, part_of=title, prefix=prefix, locked=locked
            )


def _record_sheets(book: Any, document: Any, number: int, prefix: tuple[PathPart, ...]) -> None:
    """The sheets of a plan or an evidence file: its details and first table, then a sheet per other table."""
    layout = layout_of(type(document))
    data = unstructure(document)
    title = f"{layout.title} {number}"
    first, *rest = layout.tables
    details = [(column, data.get(column.name)) for column in layout.head]
    records = data.get(first.key) or []
    write_table(book, title, layout.sheet_tag(first), first, records, details=details, prefix=prefix)
    for table in rest:
        tag = layout.sheet_tag(table)
        records = data.get(table.key) or []
        write_table(book, f"{title} {table.key}", tag, table, records, part_of=title, prefix=prefix)


class _Sheet:
    """One assessment sheet, read into the plain document of its assessment."""

    def __init__(
        self, sheet: Any, problems: list[Problem], layout: tuple[tuple[tuple[str, str], ...], int]
    ) -> None:
        self.sheet = sheet
        self.problems = problems
        self.details, self.value_column = layout
        self.header_row = len(self.details) + 2
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
            name = self.sheet.cell(row=self.header_row, column=column).value
            if isinstance(name, str):
                self.columns.setdefault(name, column)
        for position, name in enumerate(_FIXED, start=1):
            if self.columns.get(name) != position:
                cell = self.sheet.cell(row=self.header_row, column=position)
                self.problem(cell, ("ratings",), "a column of the table was moved or deleted", name)
                return False
        return True

    def _stray_cells(self) -> None:
        """Report values typed outside the table's columns (they would otherwise be lost)."""
        last = max(self.columns.values(), default=len(_FIXED))
        cells = getattr(self.sheet, "_cells", {})  # the cells that exist, without making the rest
        for (row, column), cell in sorted(cells.items()):
            if row >= self.header_row and column > last and cell.value not in (None, ""):
                self.problem(
                    cell, ("ratings",), "a value outside the table's columns", "values under a column heading"
                )

    def _entry(self, row: int) -> dict[str, Any]:
        sheet = self.sheet
        body = {
            field: self.value(sheet.cell(row=row, column=self.columns[name]))
            if name in self.columns
            else None
            for field, name in _ENTRY_COLUMNS.items()
        }
        notes = {}
        leans = {}
        steps = []
        ids = []
        for name, column in self.columns.items():
            value = self.value(sheet.cell(row=row, column=column))
            if value is None:
                continue
            if name.startswith(_NOTE):
                notes[name.removeprefix(_NOTE)] = value
            elif name.startswith(_LEANS):
                leans[name.removeprefix(_LEANS)] = value
            elif name.startswith(_STEP):
                steps.append(value)
            elif name.startswith(_EVIDENCE_ID):
                ids.append(value)
        body["notes"] = notes or None
        body["leans"] = leans or None
        body["next_steps"] = steps or None
        body["evidence_ids"] = ids or None
        return body

    def record(self, max_rows: int) -> Record | None:
        sheet = self.sheet
        for row, (key, _) in enumerate(self.details, start=1):
            if sheet.cell(row=row, column=1).value != key:
                self.problem(
                    sheet.cell(row=row, column=1), HEAD.get(key, ()), "a detail row was moved or deleted", key
                )
                return None
        if sheet.max_row > max_rows:
            cell = sheet.cell(row=self.header_row + 1, column=1)
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
            key: sheet.cell(row=row, column=self.value_column)
            for row, (key, _) in enumerate(self.details, start=1)
        }
        head = {column: self.value(cells[column]) for column in HEAD if column in cells}
        raters_row = [key for key, _ in self.details].index("raters") + 1
        raters = [
            self.value(sheet.cell(row=raters_row, column=c))
            for c in range(self.value_column, sheet.max_column + 1)
        ]
        head["raters"] = [r for r in raters if r is not None] or None
        entries = []
        for row in range(self.header_row + 1, sheet.max_row + 1):
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
            item = path[3] if len(path) > 3 else None  # noqa: PLR2004 - ratings.CODE.FIELD.ITEM
            if column in ("notes", "leans") and item is not None:
                name = f"{_NOTE if column == 'notes' else _LEANS}{item}"
            elif column in ("next_steps", "evidence_ids") and isinstance(item, int):
                name = f"{_STEP if column == 'next_steps' else _EVIDENCE_ID}{item + 1}"
            index = self.columns.get(name or "", _COLUMN["Code"])
            return self.where(self.sheet.cell(row=row, column=index))
        keys = [key for key, _ in self.details]
        row = keys.index(column) + 1 if column in keys else 1
        offset = path[1] if column == "raters" and len(path) > 1 and isinstance(path[1], int) else 0
        return self.where(self.sheet.cell(row=row, column=self.value_column + offset))


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


def _tag(sheet: Any) -> Any:
    """The tag of a sheet: in D1 on an assessment sheet, in C1 on one of layout 3 and on record sheets."""
    value = sheet.cell(row=1, column=_VALUE_COLUMN).value
    return value if value == WORKBOOK_TAG else sheet.cell(row=1, column=3).value


def _older_tag(sheet: Any) -> tuple[str, str] | None:
    """The tag and cell of an older layout's sheet (its tag in B1 or C1), or ``None``."""
    for column, cell in ((2, "B1"), (3, "C1")):
        value = sheet.cell(row=1, column=column).value
        if value in _OLDER_TAGS:
            return str(value), cell
    return None


_RECORD_SHEETS = {
    layout.sheet_tag(table): (layout, table)
    for layout in (*LAYOUTS.values(), ASSESSMENT_LAYOUT)
    for table in layout.tables
}
"""The tag of every record sheet, with the document layout and table it holds."""


class _Book:
    """The sheets of a workbook that hold documents, joined into one plain document each."""

    def __init__(self, book: Any, kinds: Iterable[type[Any]], max_rows: int) -> None:
        self.kinds = set(kinds)
        self.max_rows = max_rows
        self.problems: list[Problem] = []
        self.found = False  # whether any sheet of the library's was seen, of any kind
        self.heads: dict[str, tuple[type[Any], Any]] = {}
        self.parts: dict[str, list[TableSheet]] = {}
        loose: list[tuple[Layout, TableSheet]] = []
        for sheet in book.worksheets:
            tag = _tag(sheet)
            if tag in _READABLE or tag in _RECORD_SHEETS or _older_tag(sheet) is not None:
                self.found = True
            if tag in _READABLE and Assessment in self.kinds:
                self.heads[sheet.title] = (Assessment, _Sheet(sheet, self.problems, _READABLE[tag]))
            elif tag in _RECORD_SHEETS and _RECORD_SHEETS[tag][0].cls in self.kinds:
                layout, table = _RECORD_SHEETS[tag]
                if layout is not ASSESSMENT_LAYOUT and table is layout.tables[0]:
                    keys = [column.name for column in layout.head]
                    self.heads[sheet.title] = (layout.cls, TableSheet(sheet, table, keys, self.problems))
                else:
                    loose.append((layout, TableSheet(sheet, table, ["part_of"], self.problems)))
            elif (older := _older_tag(sheet)) is not None and Assessment in self.kinds:
                tag, cell = older
                self.problems.append(
                    Problem(
                        message=f"sheet {sheet.title!r} has an older layout ({tag})",
                        expected="a workbook made by this version of to_workbook (copy the ratings into a new one)",
                        location=Location(sheet=sheet.title, cell=cell),
                    )
                )
        for layout, part in loose:
            self._attach(layout, part)

    def _attach(self, layout: Layout, part: TableSheet) -> None:
        """Put a sheet of records with the document its ``part_of`` names, or report why it cannot go."""
        if not part.intact():
            return
        parent = part.detail("part_of")
        kind, _ = self.heads.get(str(parent), (None, None))
        cell = part.at("part_of")
        if kind is not layout.cls:
            kind_of = layout.title.lower()
            article = "an" if kind_of[0] in "aeiou" else "a"
            message = f"names {parent!r}, which is not {article} {kind_of} sheet in this workbook"
            expected = f"the title of the {kind_of} sheet this sheet's {part.table.key} belong to"
            self.problems.append(Problem(message=message, expected=expected, location=cell))
            return
        siblings = self.parts.setdefault(str(parent), [])
        if any(other.table is part.table for other in siblings):
            first = next(other.title for other in siblings if other.table is part.table)
            message = f"{parent!r} already has its {part.table.key} on sheet {first!r}"
            self.problems.append(Problem(message=message, expected="one sheet per table", location=cell))
            return
        siblings.append(part)

    def records(self) -> list[tuple[type[Any], Record]]:
        """Each document's class and its plain document, in the order of the workbook's sheets."""
        found: list[tuple[type[Any], Record]] = []
        for title, (kind, head) in self.heads.items():
            if kind is Assessment:
                record = head.record(self.max_rows)
            elif head.intact():
                layout = layout_of(kind)
                data = head.head(layout.head)
                data[head.table.key] = head.records(self.max_rows)
                record = Record(data, head.locate)
            else:
                record = None
            if record is not None:
                found.append((kind, self._joined(record, self.parts.get(title, []))))
        return found

    def _joined(self, record: Record, parts: list[TableSheet]) -> Record:
        """The document with the records of its other sheets; each path is located on the sheet it came from."""
        for part in parts:
            records = part.records(self.max_rows)
            if records:
                record.data[part.table.key] = records
        tables = {part.table.key: part for part in parts}
        locate = record.locate

        def joined(path: tuple[PathPart, ...]) -> Location:
            part = tables.get(str(path[0])) if path else None
            return part.locate(path) if part is not None else locate(path)

        return Record(record.data, joined)


def _open(file: str, max_bytes: int) -> Any:
    openpyxl = openpyxl_part("openpyxl")
    content = _workbook_bytes(file, max_bytes)
    try:
        return openpyxl.load_workbook(content)
    except Exception as exc:  # noqa: BLE001 - whatever openpyxl raises for a file it cannot read
        raise ValidationError([Problem(message=f"not an Excel workbook: {exc}")], file=file) from None


def _structured(book: _Book, file: str) -> list[Any]:
    records = book.records()
    problems = book.problems
    result = [
        found for kind, record in records if (found := structure_one(record, problems, kind)) is not None
    ]
    if problems:
        raise ValidationError(problems, file=file)
    return result


@overload
def read_workbook(
    path: str | os.PathLike[str], *, max_bytes: int = ..., max_rows: int = ...
) -> list[Assessment]: ...
@overload
def read_workbook(
    path: str | os.PathLike[str], *, into: type[T], max_bytes: int = ..., max_rows: int = ...
) -> list[T]: ...
def read_workbook(
    path: str | os.PathLike[str],
    *,
    into: type[Any] = Assessment,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_rows: int = MAX_ROWS,
) -> list[Any]:
    """Read the assessments (or, with ``into``, the plans or evidence files) from a workbook made by :func:`to_workbook`.

    Every sheet whose first row holds a tag of the kind asked for is read, with the
    sheets that name it in their ``part_of`` row (an assessment's evidence,
    a plan's actions); other sheets are ignored. Each document becomes the
    same plain document a YAML file holds and the one converter reads it.
    Ratings typed by hand are read forgivingly (``amber-red``). The file's
    size, the size its parts would unpack to, and each sheet's rows are
    checked before the work.

    Args:
        path: The workbook (``.xlsx``).
        into: :class:`~matframework.Assessment`, :class:`~matframework.ImprovementPlan`
            or :class:`~matframework.EvidenceFile`.
        max_bytes: Refuse a larger file.
        max_rows: Refuse a sheet with more rows.

    Raises:
        ValidationError: Every problem, with its field path (``ratings.1C.rating``) and its
            place on the workbook (``Assessment 1!D17``).
        ~matframework.FileError: The file cannot be read.
        TypeError: ``into`` is not a kind a workbook holds.

    Example:
        >>> import pathlib, tempfile
        >>> from matframework import ImprovementPlan, assurance_framework, examples
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "ours.xlsx"
        >>> _ = to_workbook(assurance_framework(), [examples.evidenced_assessment(), examples.improvement_plan()], path)
        >>> read_workbook(path) == [examples.evidenced_assessment()]
        True
        >>> read_workbook(path, into=ImprovementPlan) == [examples.improvement_plan()]
        True

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``into``: plans and evidence files.
    """
    if into is not Assessment:
        layout_of(into)
    file = os.fspath(path)
    book = _Book(_open(file, max_bytes), [into], max_rows)
    if not book.heads and not book.problems:
        tag = WORKBOOK_TAG if into is Assessment else layout_of(into).sheet_tag(layout_of(into).tables[0])
        name = "assessment" if into is Assessment else layout_of(into).title.lower()
        cell = "D1" if into is Assessment else "C1"
        raise ValidationError(
            [Problem(message=f"no {name} sheet found", expected=f"a sheet with {tag} in {cell}")], file=file
        )
    return _structured(book, file)


def workbook_documents(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES, max_rows: int = MAX_ROWS
) -> list[Any] | None:
    """Every document in a workbook, of every kind, in the order of its sheets; ``None`` if it holds none of ours."""
    file = os.fspath(path)
    book = _Book(_open(file, max_bytes), (Assessment, *LAYOUTS), max_rows)
    if not book.found:
        return None
    return _structured(book, file)
