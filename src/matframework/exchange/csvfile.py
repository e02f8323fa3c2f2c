"""Assessments as CSV: a tidy long table (one row per subject × round × element), and back.

The first row names the format and its version (``schema,matframework/assessment-csv@1``);
the second row holds the column names. Files are written as UTF-8 with a byte
order mark and no translated newlines, so Excel opens them cleanly. Lists and
notes are written as JSON text; an empty cell means "none". Reading reports
every problem with its row and column.
"""

from __future__ import annotations

import csv as _csv
import io
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from matframework._files import DEFAULT_MAX_BYTES, read_text, write_atomic
from matframework.errors import Location, PathPart, Problem, ValidationError
from matframework.exchange._flat import ENTRY, HEAD, Rows, flatten, structure_records
from matframework.model.assessment import Assessment

__all__ = ["CSV_COLUMNS", "CSV_TAG", "read_csv", "to_csv"]


def __dir__() -> list[str]:
    return __all__


CSV_TAG = "matframework/assessment-csv@1"
"""The format tag written in the first row."""

CSV_COLUMNS = ("assessment", *HEAD, "element", *ENTRY)
"""The columns, in order."""

_SIGNOFF_COLUMNS = {"supersedes", "changes", "approvals"}
_EVIDENCE_COLUMNS = {"evidence_records", "evidence_ids", "confidence", "leans"}
_EARLIER_LAYOUTS = tuple(
    tuple(column for column in CSV_COLUMNS if column not in left_out)
    for left_out in (
        _SIGNOFF_COLUMNS,
        {*_SIGNOFF_COLUMNS, *_EVIDENCE_COLUMNS},
        {*_SIGNOFF_COLUMNS, *_EVIDENCE_COLUMNS, "perspective"},
    )
)
"""The columns of files written before sign-off, evidence records and perspectives came in; they read as before."""


_JSON_COLUMNS = {
    "raters": list,
    "notes": dict,
    "next_steps": list,
    "evidence_records": list,
    "evidence_ids": list,
    "leans": dict,
    "changes": list,
    "approvals": list,
}
"""Columns whose cells hold JSON text (a list or a mapping); every other cell is plain text."""


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
"""A cell starting with one of these could start a formula in a spreadsheet (the OWASP list), or is an
apostrophe; such a cell is written with an apostrophe in front, which reading takes off again."""


def _inert(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if column in _JSON_COLUMNS:
        return json.dumps(value, ensure_ascii=False) if value else ""
    return _inert(str(value))


def to_csv(assessments: Assessment | Iterable[Assessment], path: str | os.PathLike[str] | None = None) -> str:
    """Return assessments as CSV text (and write it to ``path``, atomically, if given).

    Spreadsheets must not run what a rater typed: a cell whose text starts with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return (the OWASP list for CSV injection), or with an
    apostrophe, gets an apostrophe in front. Spreadsheets show such a cell as text, and
    :func:`read_csv` takes the apostrophe off again, so the round trip loses nothing.

    Example:
        >>> from matframework import examples
        >>> text = to_csv(examples.trust_assessments()[-1])
        >>> text.splitlines()[0]
        'schema,matframework/assessment-csv@1'
        >>> len(text.splitlines())
        16
        >>> read_csv(text) == [examples.trust_assessments()[-1]]
        True

    .. versionadded:: 0.1.0
    """
    group = [assessments] if isinstance(assessments, Assessment) else list(assessments)
    buffer = io.StringIO()
    writer = _csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["schema", CSV_TAG])
    writer.writerow(CSV_COLUMNS)
    for number, assessment in enumerate(group, start=1):
        head, entries = flatten(assessment)
        cells = [str(number), *(_cell(column, head[column]) for column in HEAD)]
        if not entries:
            writer.writerow([*cells, *([""] * (1 + len(ENTRY)))])
        for code, entry in entries:
            writer.writerow([*cells, code, *(_cell(column, entry[column]) for column in ENTRY)])
    text = buffer.getvalue()
    if path is not None:
        write_atomic(Path(os.fspath(path)), "\ufeff" + text)
    return text


def _plain_rows(
    rows: list[tuple[int, dict[str, str]]], problems: list[Problem]
) -> list[tuple[int, dict[str, Any]]]:
    """The cells of one assessment's rows as plain values: ``None`` when empty, JSON read where it is JSON.

    A head cell that repeats the first row's text takes its value, so a bad cell there is
    reported once, not once per row.
    """
    first_text = rows[0][1]
    first: dict[str, Any] = {}
    plain = []
    for index, (row, cells) in enumerate(rows):
        values: dict[str, Any] = {}
        for column, text in cells.items():
            if index and column in HEAD and text == first_text[column]:
                values[column] = first[column]
                continue
            path: tuple[PathPart, ...] = HEAD.get(column) or ("ratings", cells["element"], column)
            values[column] = _value(row, column, path, text, problems)
        if not index:
            first = values
        plain.append((row, values))
    return plain


def _value(row: int, column: str, path: tuple[PathPart, ...], text: str, problems: list[Problem]) -> Any:
    """A cell's plain value: ``None`` when empty, JSON in the JSON columns, text otherwise."""
    if text == "":
        return None
    kind = _JSON_COLUMNS.get(column)
    if kind is None:
        return text.removeprefix("'")
    try:
        return json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):  # not JSON, a number too long, nesting too deep, NaN
        problems.append(
            Problem(
                path=path,
                message=f"{text!r} is not JSON",
                expected=f"a JSON {kind.__name__}, or nothing",
                location=Location(row=row, field=column),
            )
        )
        return None


def _no_constant(name: str) -> Any:
    msg = f"{name} is not a number JSON allows"
    raise ValueError(msg)


def read_csv(source: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Assessment]:
    """Read assessments from CSV text, or from a file at ``source`` written by :func:`to_csv`.

    A cell that starts with an apostrophe has it taken off: :func:`to_csv` puts one in front of
    every cell that a spreadsheet could take for a formula.

    The rows of each assessment become the same plain document a YAML file
    holds, and the one converter reads it: a bad value gets the same message
    as in a YAML file, with its place given as the CSV row (counting the two
    header rows) and column.

    Raises:
        ValidationError: Every problem, each with its field path and its row and column.

    Example:
        >>> from matframework import examples
        >>> text = to_csv(examples.trust_assessments()[-1]).replace("Amber Green", "amber green")
        >>> read_csv(text)[0].rating("1B")
        <Rating.AMBER_GREEN: 'Amber Green'>
        >>> read_csv(text.replace(",Green,", ",Gren,", 1))
        Traceback (most recent call last):
        ...
        matframework.errors.ValidationError: 1 problem found
          row 3, column rating: ratings.1A.rating: 'Gren' is not a rating; use one of Red, Amber Red, Amber Green, Green

    .. versionadded:: 0.1.0
    """
    file = None
    if isinstance(source, str) and source.startswith("schema,"):
        text = source
        if len(text) > max_bytes:
            raise ValidationError(
                [Problem(message="the text is over the limit", expected=f"at most {max_bytes:,} bytes")]
            )
    else:
        file = os.fspath(source)
        text = read_text(file, max_bytes=max_bytes).decoded
    reader = _csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        rows = list(reader)
    except _csv.Error as error:
        problem = Problem(
            message=f"the CSV cannot be read: {error}",
            expected="a CSV file written by to_csv (cells up to 131,072 characters)",
            location=Location(row=reader.line_num + 1, field=CSV_COLUMNS[0]),
        )
        raise ValidationError([problem], file=file) from None
    if not rows or rows[0][:2] != ["schema", CSV_TAG]:
        raise ValidationError(
            [
                Problem(
                    message="the first row does not name the format",
                    expected=f"schema,{CSV_TAG}",
                    location=Location(row=1, field="schema"),
                )
            ],
            file=file,
        )
    columns = tuple(rows[1]) if len(rows) > 1 else ()
    if columns not in (CSV_COLUMNS, *_EARLIER_LAYOUTS):
        raise ValidationError(
            [
                Problem(
                    message="the column names differ",
                    expected=",".join(CSV_COLUMNS),
                    location=Location(row=2, field=CSV_COLUMNS[0]),
                )
            ],
            file=file,
        )
    problems: list[Problem] = []
    grouped: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for number, values in enumerate(rows[2:], start=3):
        if not any(values):
            continue
        if len(values) != len(columns):
            problems.append(
                Problem(
                    message=f"{len(values)} cells",
                    expected=f"{len(columns)} cells",
                    location=Location(row=number, field=CSV_COLUMNS[0]),
                )
            )
            continue
        grouped.setdefault(values[0], []).append((number, dict(zip(columns, values, strict=True))))
    records = [Rows(_plain_rows(group, problems), problems).record() for group in grouped.values()]
    try:
        return structure_records(records, problems)
    except ValidationError as error:
        raise error.with_file(file) from None
