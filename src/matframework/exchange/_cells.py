"""Worksheet cells: text written as text (never a formula) and read back exactly; what a cell cannot hold refused.

Shared by the assessment sheets and the record sheets (``_sheets``) of a workbook.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from matframework._optional import require
from matframework.errors import PathPart, Problem, ValidationError

__all__ = [
    "CELL_LIMIT",
    "LINE_HEIGHT",
    "fit_rows",
    "named_table",
    "openpyxl_part",
    "print_setup",
    "text_cell",
    "unescape",
]


def openpyxl_part(name: str) -> Any:
    """An openpyxl module (``openpyxl.styles``), imported when a workbook is made or read."""
    return require(name, extra="excel", feature="matframework workbooks")


CELL_LIMIT = 32_767
"""The most characters a worksheet cell holds; longer text is refused, never cut short."""

_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_STARTS_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def _escape(text: str) -> str:
    """Carriage returns as OOXML writes them (``_x000D_``): XML would read a bare one as a line feed.

    A literal ``_xHHHH_`` in the text is itself escaped (``_x005F_xHHHH_``), as the standard says,
    so :func:`unescape` gives back exactly what was written.
    """
    return _STARTS_ESCAPE.sub("_x005F_", text).replace("\r", "_x000D_")


def unescape(text: str) -> str:
    """The text a cell's stored value stands for (``_x000D_`` back to a carriage return)."""
    return _ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), text)


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters a worksheet cannot hold (XML 1.0 forbids them)."""


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(cell: Any, value: str | None, path: tuple[PathPart, ...] = ()) -> None:
    """Write text as a text cell, never a formula; one that could start a formula is marked text-only.

    The mark is the cell's quote prefix (Excel's and LibreOffice's invisible apostrophe), so the
    value itself is unchanged and reads back exactly. Text a cell cannot hold is refused, naming
    the field (``path``), rather than cut short or mangled.
    """
    if value is not None and len(value) > CELL_LIMIT:
        message = f"has {len(value):,} characters; a worksheet cell holds {CELL_LIMIT:,}"
        raise ValidationError(
            [Problem(path=path, message=message, expected=f"at most {CELL_LIMIT:,} characters")]
        )
    if value is not None and (bad := _ILLEGAL.search(value)):
        message = f"holds the character {bad.group()!r}, which a worksheet cannot hold"
        raise ValidationError(
            [Problem(path=path, message=message, expected="text without control characters")]
        )
    cell.value = _escape(value) if value is not None else None
    if value is not None:
        cell.data_type = "s"
        if value.startswith(_FORMULA_STARTS):
            cell.quotePrefix = True


LINE_HEIGHT = 15.0
"""Points per line of wrapped text at the default font (Calibri 11)."""

_MAX_HEIGHT = 409.0  # the tallest row a worksheet allows, in points


def fit_rows(sheet: Any, rows: Iterable[int]) -> None:
    """Make each row tall enough for its wrapped text, so no line is hidden or printed over the next.

    Spreadsheets grow rows to fit only when they recalculate the layout; LibreOffice prints a row
    of unknown height at one line. The lines are estimated from each column's width (about 1.1
    characters of ordinary text per unit of width) and set as the row's height.
    """
    utils = openpyxl_part("openpyxl.utils")
    widths = {
        index: (sheet.column_dimensions[utils.get_column_letter(index)].width or 8.43)
        for index in range(1, sheet.max_column + 1)
    }
    for row in rows:
        lines = 1
        for cell in sheet[row]:
            value = cell.value
            if not isinstance(value, str) or not value:
                continue
            per_line = max(1, int(widths.get(cell.column, 8.43) * 1.1))
            count = sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n"))
            lines = max(lines, count)
        if lines > 1:
            sheet.row_dimensions[row].height = min(_MAX_HEIGHT, LINE_HEIGHT * lines + 2)


def print_setup(sheet: Any, *, header_row: int, area: str | None = None) -> None:
    """Landscape A4, fitted to the page's width, the header row repeated on every page, a footer."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "&A, page &P of &N"
    if area is not None:
        sheet.print_area = area


def named_table(sheet: Any, ref: str) -> None:
    """Make ``ref`` (header row and records) a named table, named after its sheet (``Plan_1_actions``)."""
    table = openpyxl_part("openpyxl.worksheet.table")
    name = re.sub(r"\W", "_", sheet.title)
    found = table.Table(displayName=name if name[0].isalpha() else f"T_{name}", ref=ref)
    found.tableStyleInfo = table.TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    sheet.add_table(found)
