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
from matframework.errors import Location, Problem, ValidationError
from matframework.model.assessment import (
    Assessment,
    CriterionNote,
    ElementRating,
    FrameworkRef,
    Status,
    Subject,
    SubjectKind,
)
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


def _assessment_sheet(book: Any, framework: Framework, assessment: Assessment | None, title: str) -> None:
    styles = require("openpyxl.styles", extra="excel", feature="matframework workbooks")
    sheet = book.create_sheet(title)
    unlocked = styles.Protection(locked=False)
    bold = styles.Font(bold=True)
    a = assessment
    values: dict[str, Any] = {
        "schema": WORKBOOK_TAG,
        "subject": a.subject.name if a else "",
        "subject_kind": a.subject.kind.value if a else SubjectKind.TRUST.value,
        "urn": a.subject.urn if a else None,
        "ukprn": a.subject.ukprn if a else None,
        "trust_reference": a.subject.trust_reference if a else None,
        "framework_id": a.framework.id if a else framework.id,
        "framework_version": a.framework.version if a else framework.version,
        "assessed_on": a.assessed_on if a else None,
        "round": a.round if a else None,
        "raters": _lines(a.raters) if a else None,
        "status": a.status.value if a else Status.DRAFT.value,
    }
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
        if key not in ("schema", "framework_id", "framework_version"):
            cell.protection = unlocked
    for column, name in enumerate(_TABLE, start=1):
        sheet.cell(row=_HEADER_ROW, column=column, value=name).font = bold
    entries = list(a.ratings) if a else [ElementRating(code=code) for code in framework.element_codes]
    titles = {e.code: (h, e) for h in framework.headings for e in h.elements}
    for offset, entry in enumerate(entries):
        row = _FIRST_ROW + offset
        heading, element = titles.get(entry.code, (None, None))
        cells = {
            "Heading": f"{heading.number}. {heading.title}" if heading else None,
            "Code": entry.code,
            "Element": element.title if element else None,
            "Rating": entry.rating.label if entry.rating else None,
            "Target": entry.target.label if entry.target else None,
            "Not applicable (reason)": entry.not_applicable,
            "Evidence": entry.evidence,
            "Next steps": _lines(entry.next_steps),
            "Notes": _lines(f"{n.numeral}: {n.text}" for n in entry.notes),
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
    def __init__(self, sheet: Any, problems: list[Problem]) -> None:
        self.sheet = sheet
        self.problems = problems
        self.before = len(problems)

    def problem(self, cell: Any, field: str, message: str, expected: str | None = None) -> None:
        self.problems.append(
            Problem(
                path=(self.sheet.title, cell.coordinate, field),
                message=message,
                expected=expected,
                location=Location(line=cell.row, column=cell.column),
            )
        )

    def text(self, cell: Any, field: str) -> str | None:
        value = cell.value
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)  # identifiers typed as numbers (a URN) read as their digits
        self.problem(cell, field, f"expected text, got {value!r}")
        return None

    def rating(self, cell: Any, field: str) -> Rating | None:
        text = self.text(cell, field)
        if text is None:
            return None
        try:
            return Rating.from_label(text)
        except ValueError as exc:
            self.problem(cell, field, str(exc))
            return None

    @property
    def failed(self) -> bool:
        return len(self.problems) > self.before


def _read_date(s: _Sheet, cell: Any) -> dt.date | None:
    if isinstance(cell.value, dt.datetime):
        return cell.value.date()
    if isinstance(cell.value, dt.date):
        return cell.value
    if cell.value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(cell.value).strip())
    except ValueError:
        s.problem(cell, "assessed_on", f"{cell.value!r} is not a date", "a date like 2026-10-01")
        return None


def _read_row(s: _Sheet, row: int) -> ElementRating | None:
    sheet = s.sheet
    code_cell = sheet.cell(row=row, column=_COLUMN["Code"])
    code = s.text(code_cell, "code")
    if code is None:
        if any(sheet.cell(row=row, column=c).value not in (None, "") for c in range(4, len(_TABLE) + 1)):
            s.problem(code_cell, "code", "a row has ratings but no element code", "the element's code")
        return None
    notes_cell = sheet.cell(row=row, column=_COLUMN["Notes"])
    notes = []
    for line in (s.text(notes_cell, "notes") or "").splitlines():
        numeral, sep, note = line.partition(": ")
        if sep:
            notes.append(CriterionNote(numeral=numeral, text=note))
        else:
            s.problem(notes_cell, "notes", f"{line!r} has no numeral", "lines like 'iv: the note'")
    steps = s.text(sheet.cell(row=row, column=_COLUMN["Next steps"]), "next_steps")
    return ElementRating(
        code=code,
        rating=s.rating(sheet.cell(row=row, column=_COLUMN["Rating"]), "rating"),
        target=s.rating(sheet.cell(row=row, column=_COLUMN["Target"]), "target"),
        not_applicable=s.text(
            sheet.cell(row=row, column=_COLUMN["Not applicable (reason)"]), "not_applicable"
        ),
        evidence=s.text(sheet.cell(row=row, column=_COLUMN["Evidence"]), "evidence"),
        notes=tuple(notes),
        next_steps=tuple(steps.splitlines()) if steps else (),
    )


def _choice(s: _Sheet, cell: Any, field: str, allowed: type[SubjectKind | Status]) -> str:
    value = s.text(cell, field) or ""
    if value not in {member.value for member in allowed}:
        choices = ", ".join(str(member.value) for member in allowed)
        s.problem(cell, field, f"{value!r} is not allowed here", f"one of {choices}")
    return value


def _read_sheet(sheet: Any, problems: list[Problem]) -> Assessment | None:
    s = _Sheet(sheet, problems)
    for row, (key, _) in enumerate(_DETAILS, start=1):
        if sheet.cell(row=row, column=1).value != key:
            s.problem(sheet.cell(row=row, column=1), key, "a detail row was moved or deleted", expected=key)
            return None
    details = {key: sheet.cell(row=row, column=2) for row, (key, _) in enumerate(_DETAILS, start=1)}
    kind = _choice(s, details["subject_kind"], "subject_kind", SubjectKind)
    status = _choice(s, details["status"], "status", Status)
    assessed_on = _read_date(s, details["assessed_on"])
    entries = [_read_row(s, row) for row in range(_FIRST_ROW, sheet.max_row + 1)]
    if s.failed:
        return None
    try:
        return Assessment(
            subject=Subject(
                name=s.text(details["subject"], "subject") or "",
                kind=SubjectKind(kind),
                urn=s.text(details["urn"], "urn"),
                ukprn=s.text(details["ukprn"], "ukprn"),
                trust_reference=s.text(details["trust_reference"], "trust_reference"),
            ),
            framework=FrameworkRef(
                id=s.text(details["framework_id"], "framework_id") or "",
                version=s.text(details["framework_version"], "framework_version") or "",
            ),
            assessed_on=assessed_on,
            round=s.text(details["round"], "round"),
            raters=tuple((s.text(details["raters"], "raters") or "").splitlines()),
            status=Status(status),
            ratings=tuple(e for e in entries if e is not None),
        )
    except ValidationError as error:
        for problem in error.problems:
            s.problem(_cell_for(sheet, problem.path), problem.dotted_path, problem.message, problem.expected)
        return None


def _cell_for(sheet: Any, path: tuple[Any, ...]) -> Any:
    """The cell where a problem of the assessment (by field path) shows on the sheet."""
    if path[:1] == ("ratings",) and len(path) >= 2:  # noqa: PLR2004 - ratings.CODE
        for row in range(_FIRST_ROW, sheet.max_row + 1):
            if sheet.cell(row=row, column=_COLUMN["Code"]).value == path[1]:
                column = (
                    _COLUMN["Not applicable (reason)"] if path[-1] == "not_applicable" else _COLUMN["Rating"]
                )
                return sheet.cell(row=row, column=column)
    keys = [key for key, _ in _DETAILS]
    field = path[-1] if path and path[-1] in keys else ("subject" if path[:1] == ("subject",) else "status")
    return sheet.cell(row=keys.index(field) + 1 if field in keys else 1, column=2)


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
    result = []
    for sheet in book.worksheets:
        if sheet.cell(row=1, column=2).value != WORKBOOK_TAG:
            continue
        assessment = _read_sheet(sheet, problems)
        if assessment is not None:
            result.append(assessment)
    if problems:
        raise ValidationError(problems, file=file)
    if not result and not problems:
        raise ValidationError(
            [Problem(message="no assessment sheet found", expected=f"a sheet with {WORKBOOK_TAG} in B1")],
            file=file,
        )
    return result
