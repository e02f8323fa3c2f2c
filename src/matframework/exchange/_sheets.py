"""Worksheets of records: an evidence file, a plan, and an assessment's evidence, changes and approvals.

Each list of records (a :class:`~matframework.exchange._records.Table`) has a
sheet of its own. The sheet says what it is in its first rows, as an
assessment sheet does (key in column A, what to write in B, the value in C):

- row 1, ``schema``: the sheet's tag (``matframework/plan-actions-sheet@1``);
- on the sheet that holds the document's first table, one row per field of
  the document's own (a plan's title, owner and dates);
- on the other sheets of a document, ``part_of``: the title of the sheet they
  belong to, so a plan's actions find their plan however the sheets are ordered.

A blank row, then the table: a header row and one row per record. A list
field has a numbered column per item (``Success criteria 1``, ``Success
criteria 2``, …), so each item keeps its own cell; dates are date cells,
numbers numbers, true or false a Boolean cell, and a field with a few choices
has a drop-down. Blank rows are skipped. Reading reports a value under a
heading the table does not have, or outside the table, instead of dropping
it, and every problem names the sheet and cell.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from matframework.errors import Location, PathPart, Problem, shown
from matframework.exchange._cells import (
    fit_rows,
    named_table,
    openpyxl_part,
    print_setup,
    text_cell,
    unescape,
)
from matframework.exchange._records import Column, Table, parse_bool, parse_number

__all__ = ["PART_OF", "SCHEMA", "TableSheet", "header_row", "list_columns", "write_table"]

SCHEMA = ("schema", "Format (do not change)")
PART_OF = ("part_of", "The sheet this table belongs to (do not change)")
VALUE_COLUMN = 3
MIN_ITEMS = 1
"""Numbered columns a list field gets at least; more items are added by typing the next numbered heading."""

_WIDTHS = {"text": 30, "date": 12, "number": 10, "bool": 11, "choice": 16, "list": 18}


def header_row(details: int) -> int:
    """The header row of a sheet with ``details`` rows above its table (``schema`` included) and a blank row."""
    return details + 2


def list_columns(header: str, count: int) -> list[str]:
    """The numbered headers of a list field's items (``Supports 1``, ``Supports 2``, …)."""
    return [f"{header} {k}" for k in range(1, max(count, MIN_ITEMS) + 1)]


def _headers(table: Table, records: Sequence[dict[str, Any]]) -> list[tuple[Column, str, int | None]]:
    """Every header of the table: (column, header, item index or ``None`` for a single-cell field)."""
    headers: list[tuple[Column, str, int | None]] = []
    for column in table.columns:
        if column.kind == "list":
            longest = max((len(r.get(column.name) or ()) for r in records), default=0)
            headers.extend((column, name, k) for k, name in enumerate(list_columns(column.header, longest)))
        else:
            headers.append((column, column.header, None))
    return headers


def _kept(number: float) -> bool:
    """Whether a number cell keeps ``number``'s value: openpyxl writes 16 significant digits (``%.16g``).

    A whole float comes back as an int of the same value (``12000.0`` as ``12000``), as from a spreadsheet.
    """
    return parse_number("%.16g" % number) == number  # noqa: UP031 - the very format openpyxl writes


def _write(cell: Any, column: Column, value: Any, path: tuple[PathPart, ...]) -> None:
    """One value in its cell by kind: a date cell, a number, a Boolean, or text (never a formula)."""
    if value is None:
        return
    if column.kind == "date":
        cell.value = dt.date.fromisoformat(value)
        cell.number_format = "yyyy-mm-dd"
    elif column.kind == "bool" or (column.kind == "number" and _kept(value)):
        cell.value = value
    elif column.kind == "number":
        text_cell(cell, repr(value), path)  # more digits than a number cell keeps: exact as text
    else:
        text_cell(cell, value, path)


def _choices(sheet: Any, column: Column, letter: str, first: int) -> None:
    validation = openpyxl_part("openpyxl.worksheet.datavalidation")
    choices = validation.DataValidation(
        type="list",
        formula1='"' + ",".join(column.choices) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=f"Not a {column.header.lower()}",
        error="Choose one of: " + ", ".join(column.choices),
    )
    sheet.add_data_validation(choices)
    choices.add(f"{letter}{first}:{letter}{first + 499}")


def _detail_rows(
    sheet: Any, rows: Sequence[tuple[str, str, Column | None, Any]], prefix: tuple[PathPart, ...], bold: Any
) -> None:
    """The rows above the table: key, what to write, value."""
    grey = openpyxl_part("openpyxl.styles").Font(color="595959", size=9)
    for number, (key, label, column, value) in enumerate(rows, start=1):
        sheet.cell(row=number, column=1, value=key).font = grey  # the field's name, for the reader
        sheet.cell(row=number, column=2, value=label).font = bold
        cell = sheet.cell(row=number, column=VALUE_COLUMN)
        if column is None:
            text_cell(cell, value)
        else:
            _write(cell, column, value, (*prefix, column.name))


def write_table(  # noqa: PLR0913 - the sheet's place, tag, table and records, and what it says of itself
    book: Any,
    title: str,
    tag: str,
    table: Table,
    records: Sequence[dict[str, Any]],
    *,
    details: Sequence[tuple[Column, Any]] = (),
    part_of: str | None = None,
    prefix: tuple[PathPart, ...] = (),
    locked: bool = False,
) -> None:
    """Add a sheet holding ``records`` (plain, as the converter writes them) of ``table``.

    ``details`` are the document's own fields with their plain values (on the
    sheet of its first table); ``part_of`` names the sheet the table belongs
    to; ``prefix`` is the path of the document in what was given (for errors);
    ``locked`` protects the whole sheet (a change log, approvals).
    """
    styles = openpyxl_part("openpyxl.styles")
    sheet = book.create_sheet(title)
    bold = styles.Font(bold=True)
    rows: list[tuple[str, str, Column | None, Any]] = [(*SCHEMA, None, tag)]
    if part_of is not None:
        rows.append((*PART_OF, None, part_of))
    rows.extend((column.name, column.header, column, value) for column, value in details)
    _detail_rows(sheet, rows, prefix, bold)
    heading = header_row(len(rows))
    headers = _headers(table, records)
    for index, (column, header, _) in enumerate(headers, start=1):
        cell = sheet.cell(row=heading, column=index, value=header)
        cell.font = bold
        cell.alignment = openpyxl_part("openpyxl.styles").Alignment(wrap_text=True, vertical="bottom")
        sheet.column_dimensions[cell.column_letter].width = 8 if column.name == "id" else _WIDTHS[column.kind]
        if column.choices:
            _choices(sheet, column, cell.column_letter, heading + 1)
    for offset, record in enumerate(records):
        row = heading + 1 + offset
        for index, (column, _, item) in enumerate(headers, start=1):
            cell = sheet.cell(row=row, column=index)
            cell.alignment = styles.Alignment(wrap_text=True, vertical="top")
            path = (*prefix, table.key, offset, column.name)
            value = record.get(column.name)
            if item is None:
                _write(cell, column, value, path)
            elif value is not None and item < len(value):
                text_cell(cell, value[item], (*path, item))
    sheet.column_dimensions["B"].width = max(sheet.column_dimensions["B"].width or 0, 30)
    sheet.freeze_panes = f"A{heading + 1}"
    last = heading + len(records)
    fit_rows(sheet, range(heading, last + 1))
    print_setup(sheet, header_row=heading)
    if records:
        named_table(sheet, f"A{heading}:{sheet.cell(row=heading, column=len(headers)).column_letter}{last}")
    if locked:
        sheet.protection.sheet = True


_NUMBERED = re.compile(r"(?P<header>.+) (?P<number>[1-9][0-9]*)")


class TableSheet:
    """One sheet of records, read into the plain records of its table and, on a document's first sheet, its fields.

    ``keys`` are the detail rows the sheet must have after ``schema`` (``part_of``,
    or the document's fields); a row moved or deleted is a problem at its cell.
    """

    def __init__(
        self,
        sheet: Any,
        table: Table,
        keys: Sequence[str],
        problems: list[Problem],
        *,
        prefix: tuple[PathPart, ...] = (),
    ) -> None:
        self.sheet = sheet
        self.table = table
        self.keys = ("schema", *keys)
        self.problems = problems
        self.prefix = prefix
        self.header_row = header_row(len(self.keys))
        self.row_of: dict[int, int] = {}
        self.columns: dict[str, int] = {}

    @property
    def title(self) -> str:
        return str(self.sheet.title)

    def where(self, row: int, column: int) -> Location:
        return Location(sheet=self.title, cell=self.sheet.cell(row=row, column=column).coordinate)

    def problem(
        self, row: int, column: int, path: tuple[PathPart, ...], message: str, expected: str | None
    ) -> None:
        self.problems.append(
            Problem(
                path=(*self.prefix, *path),
                message=message,
                expected=expected,
                location=self.where(row, column),
            )
        )

    def at(self, key: str) -> Location:
        """Where a detail row's value is (``part_of`` → C2)."""
        return self.where(self.keys.index(key) + 1, VALUE_COLUMN)

    def detail(self, key: str) -> Any:
        """The raw value of a detail row (``part_of``), or ``None``."""
        return self.sheet.cell(row=self.keys.index(key) + 1, column=VALUE_COLUMN).value

    def value(self, row: int, column: int, field: Column, path: tuple[PathPart, ...]) -> Any:
        """A cell's plain value by its field's kind (an ISO date, a number, text); ``None`` when empty."""
        value = self.sheet.cell(row=row, column=column).value
        if value is None or value == "":
            return None
        if isinstance(value, str):
            value = unescape(value)
        if field.kind == "date":
            return self._date(row, column, path, value)
        if field.kind == "number":
            number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
            if isinstance(value, str):
                number = parse_number(value.strip())
            if number is None:
                self.problem(
                    row, column, path, f"{shown(value)} is not a number", "a number such as 1500 or 99.5"
                )
            return number
        if field.kind == "bool":
            answer = (
                value if isinstance(value, bool) else parse_bool(value) if isinstance(value, str) else None
            )
            if answer is None:
                self.problem(row, column, path, f"{shown(value)} is not true or false", "TRUE or FALSE")
            return answer
        if isinstance(value, dt.datetime):
            return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
        return value if isinstance(value, str) else str(value)  # identifiers typed as numbers read as digits

    def _date(self, row: int, column: int, path: tuple[PathPart, ...], value: Any) -> Any:
        if isinstance(value, dt.datetime):
            if value.time() == dt.time():
                return value.date().isoformat()
            message = f"{value:%Y-%m-%d %H:%M} has a time of day"
            self.problem(row, column, path, message, "a date such as 2026-03-12")
            return None
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, str):
            return value.strip()  # the converter reads ISO dates and names any other text
        self.problem(row, column, path, f"{shown(value)} is not a date", "a date such as 2026-03-12")
        return None

    def intact(self) -> bool:
        """Whether the detail rows are where they belong (a row moved or deleted is a problem at its cell)."""
        for row, key in enumerate(self.keys, start=1):
            if self.sheet.cell(row=row, column=1).value != key:
                self.problem(row, 1, (), "a detail row was moved or deleted", key)
                return False
        return True

    def head(self, fields: Sequence[Column]) -> dict[str, Any]:
        """The values of the document's own fields on their detail rows (empty required text as ``""``)."""
        data: dict[str, Any] = {}
        for field in fields:
            row = self.keys.index(field.name) + 1
            value = self.value(row, VALUE_COLUMN, field, (field.name,))
            if value is None and field.required:
                value = ""
            if value is not None:
                data[field.name] = value
        return data

    def _header(self) -> dict[int, tuple[Column, int | None]]:
        """Each column of the table by its heading; a heading the table does not have is a problem."""
        known = {column.header: column for column in self.table.columns}
        found: dict[int, tuple[Column, int | None]] = {}
        for index in range(1, self.sheet.max_column + 1):
            name = self.sheet.cell(row=self.header_row, column=index).value
            if name is None or name == "":
                continue
            name = str(name).strip()
            column = known.get(name)
            item = None
            if column is None and (match := _NUMBERED.fullmatch(name)):
                column = known.get(match["header"])
                item = int(match["number"]) - 1
            if column is None or (column.kind == "list") != (item is not None):
                wanted = ", ".join(c.header for c in self.table.columns)
                self.problem(
                    self.header_row, index, (self.table.key,), f"{name!r} is not a column here", wanted
                )
                continue
            if name in self.columns:
                first = self.where(self.header_row, self.columns[name]).cell
                self.problem(
                    self.header_row,
                    index,
                    (self.table.key,),
                    f"{name!r} is already at {first}",
                    "each heading once",
                )
                continue
            self.columns[name] = index
            found[index] = (column, item)
        return found

    def records(self, max_rows: int) -> list[dict[str, Any]]:
        """The records of the table, blank rows skipped; problems go to the shared list."""
        sheet = self.sheet
        if sheet.max_row > max_rows:
            self.problem(
                self.header_row,
                1,
                (self.table.key,),
                f"the sheet has {sheet.max_row:,} rows",
                f"at most {max_rows:,} (raise max_rows)",
            )
            return []
        found = self._header()
        cells = getattr(sheet, "_cells", {})  # the cells that exist, without making the rest
        filled: dict[int, list[int]] = {}
        for (row, column), cell in sorted(cells.items()):
            if row > self.header_row and cell.value not in (None, ""):
                filled.setdefault(row, []).append(column)
        records: list[dict[str, Any]] = []
        for row, columns in filled.items():
            index = len(records)
            record: dict[str, Any] = {}
            items: dict[str, dict[int, Any]] = {}
            for column in columns:
                if column not in found:
                    self.problem(
                        row,
                        column,
                        (self.table.key, index),
                        "a value outside the table's columns",
                        "values under a column heading",
                    )
                    continue
                field, item = found[column]
                path: tuple[PathPart, ...] = (self.table.key, index, field.name)
                value = self.value(row, column, field, path if item is None else (*path, item))
                if value is None:
                    continue
                if item is None:
                    record[field.name] = value
                else:
                    items.setdefault(field.name, {})[item] = value
            for name, values in items.items():
                record[name] = [values[k] for k in sorted(values)]
            self.row_of[index] = row
            records.append(record)
        return records

    def locate(self, path: tuple[PathPart, ...]) -> Location:
        """The cell a path of the document (``actions.0.due_on``, ``title``) came from."""
        if (
            path[:1] == (self.table.key,)
            and len(path) > 1
            and isinstance(path[1], int)
            and path[1] in self.row_of
        ):
            row = self.row_of[path[1]]
            field = next((c for c in self.table.columns if len(path) > 2 and c.name == path[2]), None)  # noqa: PLR2004
            name = field.header if field is not None else None
            if field is not None and field.kind == "list":
                item = path[3] if len(path) > 3 and isinstance(path[3], int) else 0  # noqa: PLR2004
                name = f"{field.header} {item + 1}"
            return self.where(row, self.columns.get(name or "", 1))
        if path and path[0] in self.keys:
            return self.at(str(path[0]))
        return self.where(1, VALUE_COLUMN)
