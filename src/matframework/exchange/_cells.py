"""Worksheet cells: text written as text (never a formula) and read back exactly; what a cell cannot hold refused.

Shared by the assessment sheets and the record sheets (``_sheets``) of a workbook.
"""

from __future__ import annotations

import re
from typing import Any

from matframework._optional import require
from matframework.errors import PathPart, Problem, ValidationError

__all__ = ["CELL_LIMIT", "openpyxl_part", "text_cell", "unescape"]


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
