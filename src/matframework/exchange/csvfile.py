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
from pathlib import Path
from typing import Any, TypeVar, overload

import attrs

from matframework._files import DEFAULT_MAX_BYTES, read_text, write_atomic
from matframework.documents.converters import unstructure
from matframework.errors import Location, PathPart, Problem, ValidationError, shown
from matframework.exchange._flat import ENTRY, HEAD, Record, Rows, flatten, structure_records
from matframework.exchange._records import LAYOUTS, Column, Layout, layout_of, parse_bool, parse_number
from matframework.exchange.datapackage import describe_csv
from matframework.model.assessment import Assessment

__all__ = ["CSV_COLUMNS", "CSV_TAG", "read_csv", "to_csv"]


T = TypeVar("T")


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


def to_csv(documents: Any, path: str | os.PathLike[str] | None = None, *, describe: bool = False) -> str:
    """Return assessments, an evidence file or a plan as CSV text (and write it to ``path``, atomically, if given).

    Assessments are a long table, one row per subject × round × element. An
    :class:`~matframework.EvidenceFile` or an :class:`~matframework.ImprovementPlan`
    (or several of one kind) is one row per record: each evidence record; each
    priority and each action, named in the ``record`` column. A CSV file holds
    one kind of document.

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
        >>> plan = examples.improvement_plan()
        >>> to_csv(plan).splitlines()[0]
        'schema,matframework/plan-csv@1'
        >>> read_csv(to_csv(plan), into=type(plan)) == [plan]
        True

    With ``describe=True`` (assessments, and a ``path``), a Frictionless data package
    describing the columns is written beside the file, as ``NAME.datapackage.json``
    (:mod:`matframework.exchange.datapackage`).

    .. versionchanged:: 0.2.0
       Evidence files and plans, besides assessments; ``describe``.

    .. versionadded:: 0.1.0
    """
    group = _one_kind(documents)
    assessments = not group or isinstance(group[0], Assessment)
    if describe and (path is None or not assessments):
        msg = "describe=True needs a path, and describes assessment CSV files only"
        raise ValueError(msg)
    text = _assessment_csv(group) if assessments else _record_csv(group)
    if path is not None:
        write_atomic(Path(os.fspath(path)), "\ufeff" + text)
        if describe:
            describe_csv(path, CSV_COLUMNS, CSV_TAG)
    return text


def _one_kind(documents: Any) -> list[Any]:
    """The documents as a list of one kind (a single document counts as a list of one)."""
    single = isinstance(documents, (Assessment, *LAYOUTS))
    group = [documents] if single else list(documents)
    kinds = {type(document) for document in group}
    unknown = kinds - {Assessment, *LAYOUTS}
    if unknown:
        names = ", ".join(sorted(kind.__name__ for kind in unknown))
        msg = f"CSV holds assessments, evidence files or plans; not {names}"
        raise TypeError(msg)
    if len(kinds) > 1:
        names = ", ".join(sorted(kind.__name__ for kind in kinds))
        msg = f"a CSV file holds one kind of document; got {names}"
        raise TypeError(msg)
    return group


def _assessment_csv(group: list[Assessment]) -> str:
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
    return buffer.getvalue()


def _union(layout: Layout) -> tuple[Column, ...]:
    """The record columns of a layout's tables, each name once, in the order the tables give them."""
    columns: dict[str, Column] = {}
    for table in layout.tables:
        for column in table.columns:
            columns.setdefault(column.name, column)
    return tuple(columns.values())


def _csv_head(layout: Layout) -> tuple[Column, ...]:
    """The head's columns as a CSV names them: after the document (``plan_title``), apart from the records' own."""
    return tuple(attrs.evolve(column, name=f"{layout.name}_{column.name}") for column in layout.head)


def _record_cell(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.kind == "list":
        return json.dumps(value, ensure_ascii=False) if value else ""
    if column.kind == "bool":
        return "true" if value else "false"
    if column.kind == "number":
        return json.dumps(value)
    return _inert(str(value))


def _record_csv(group: list[Any]) -> str:
    layout = LAYOUTS[type(group[0])]
    columns = _union(layout)
    buffer = io.StringIO()
    writer = _csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["schema", layout.csv_tag])
    head = _csv_head(layout)
    writer.writerow(["document", *(c.name for c in head), "record", *(c.name for c in columns)])
    for number, found in enumerate(group, start=1):
        data = unstructure(found)
        cells = [
            str(number),
            *(_record_cell(c, data.get(field.name)) for c, field in zip(head, layout.head, strict=True)),
        ]
        written = False
        for table in layout.tables:
            names = {c.name for c in table.columns}
            for record in data.get(table.key) or ():
                values = [_record_cell(c, record.get(c.name)) if c.name in names else "" for c in columns]
                writer.writerow([*cells, table.key, *values])
                written = True
        if not written:
            writer.writerow([*cells, "", *([""] * len(columns))])
    return buffer.getvalue()


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
    return _json_cell(row, column, path, text, problems, kind)


def _json_cell(  # noqa: PLR0913, PLR0917 - the cell, its place and the problems it adds to
    row: int, column: str, path: tuple[PathPart, ...], text: str, problems: list[Problem], kind: type
) -> Any:
    """A cell's JSON value, or ``None`` and a problem at its row and column when it is not JSON."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):  # not JSON, a number too long, nesting too deep, NaN
        problems.append(
            Problem(
                path=path,
                message=f"{shown(text)} is not JSON",
                expected=f"a JSON {kind.__name__}, or nothing",
                location=Location(row=row, field=column),
            )
        )
        return None


def _no_constant(name: str) -> Any:
    msg = f"{name} is not a number JSON allows"
    raise ValueError(msg)


@overload
def read_csv(source: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Assessment]: ...
@overload
def read_csv(
    source: str | os.PathLike[str], *, into: type[T], max_bytes: int = DEFAULT_MAX_BYTES
) -> list[T]: ...
def read_csv(
    source: str | os.PathLike[str], *, into: type[Any] = Assessment, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[Any]:
    """Read assessments (or, with ``into``, evidence files or plans) from CSV text or a file written by :func:`to_csv`.

    A cell that starts with an apostrophe has it taken off: :func:`to_csv` puts one in front of
    every cell that a spreadsheet could take for a formula.

    The rows of each assessment become the same plain document a YAML file
    holds, and the one converter reads it: a bad value gets the same message
    as in a YAML file, with its place given as the CSV row (counting the two
    header rows) and column.

    Args:
        source: CSV text (starting ``schema,``) or the path of a CSV file.
        into: What the file holds: :class:`~matframework.Assessment` (the default),
            :class:`~matframework.EvidenceFile` or :class:`~matframework.ImprovementPlan`.
            A file of another kind is refused, naming the ``into`` that reads it.
        max_bytes: Refuse a larger file before reading it.

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

    .. versionchanged:: 0.2.0
       ``into``: evidence files and plans.

    .. versionadded:: 0.1.0
    """
    expected_tag = CSV_TAG if into is Assessment else layout_of(into).csv_tag
    file, rows = _csv_rows(source, max_bytes)
    if not rows or rows[0][:2] != ["schema", expected_tag]:
        raise ValidationError([_tag_problem(rows[0] if rows else [], expected_tag)], file=file)
    if into is not Assessment:
        return _read_records(rows, LAYOUTS[into], file)
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
    grouped = _grouped(rows, columns, problems)
    records = [Rows(_plain_rows(group, problems), problems).record() for group in grouped.values()]
    try:
        return structure_records(records, problems)
    except ValidationError as error:
        raise error.with_file(file) from None


_KINDS: dict[str, type[Any]] = {
    CSV_TAG: Assessment,
    **{layout.csv_tag: cls for cls, layout in LAYOUTS.items()},
}
"""What each CSV tag holds."""


def _grouped(
    rows: list[list[str]], columns: tuple[str, ...], problems: list[Problem]
) -> dict[str, list[tuple[int, dict[str, str]]]]:
    """The data rows (after the two header rows) by their first cell, each with its number; blank rows skipped.

    A row with the wrong number of cells is a problem at its row, and is left out.
    """
    grouped: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for number, values in enumerate(rows[2:], start=3):
        if not any(values):
            continue
        if len(values) != len(columns):
            location = Location(row=number, field=columns[0])
            problems.append(
                Problem(message=f"{len(values)} cells", expected=f"{len(columns)} cells", location=location)
            )
            continue
        grouped.setdefault(values[0], []).append((number, dict(zip(columns, values, strict=True))))
    return grouped


def _csv_rows(source: str | os.PathLike[str], max_bytes: int) -> tuple[str | None, list[list[str]]]:
    """The file's name (``None`` for text) and its rows, read bounded."""
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
    return file, rows


def _tag_problem(first: list[str], expected_tag: str) -> Problem:
    """The problem of a first row that does not name the expected format; another known one is named."""
    found = first[1] if len(first) > 1 and first[0] == "schema" else None
    if found in _KINDS:
        return Problem(
            message=f"the file holds {_KINDS[found].__name__} documents ({found})",
            expected=f"read_csv(..., into={_KINDS[found].__name__})",
            location=Location(row=1, field="schema"),
        )
    return Problem(
        message="the first row does not name the format",
        expected=f"schema,{expected_tag}",
        location=Location(row=1, field="schema"),
    )


def csv_kind(text: str) -> type[Any] | None:
    """The kind of document CSV text written by :func:`to_csv` holds, from its first row (``None``: not ours)."""
    first = text.removeprefix("\ufeff").split("\n", 1)[0].strip()
    return _KINDS.get(first.removeprefix("schema,")) if first.startswith("schema,") else None


def _read_records(rows: list[list[str]], layout: Layout, file: str | None) -> list[Any]:
    union = _union(layout)
    columns = ("document", *(c.name for c in _csv_head(layout)), "record", *(c.name for c in union))
    if (tuple(rows[1]) if len(rows) > 1 else ()) != columns:
        problem = Problem(
            message="the column names differ",
            expected=",".join(columns),
            location=Location(row=2, field="document"),
        )
        raise ValidationError([problem], file=file)
    problems: list[Problem] = []
    grouped = _grouped(rows, columns, problems)
    records = [_RecordRows(group, layout, union, problems).record() for group in grouped.values()]
    try:
        return structure_records(records, problems, layout.cls)
    except ValidationError as error:
        raise error.with_file(file) from None


class _RecordRows:
    """The rows of one evidence file or plan, read into its plain document."""

    def __init__(
        self,
        rows: list[tuple[int, dict[str, str]]],
        layout: Layout,
        union: tuple[Column, ...],
        problems: list[Problem],
    ) -> None:
        self.rows = rows
        self.layout = layout
        self.union = union
        self.problems = problems
        self.row_of: dict[tuple[str, int], int] = {}

    def problem(self, row: int, column: str, path: tuple[PathPart, ...], message: str, expected: str) -> None:
        location = Location(row=row, field=column)
        self.problems.append(Problem(path=path, message=message, expected=expected, location=location))

    def value(self, row: int, column: Column, path: tuple[PathPart, ...], text: str) -> Any:
        """A cell's plain value by its column's kind: ``None`` when empty."""
        if text == "":
            return None
        if column.kind == "list":
            return _json_cell(row, column.name, path, text, self.problems, list)
        if column.kind == "bool":
            answer = parse_bool(text)
            if answer is None:
                self.problem(row, column.name, path, f"{shown(text)} is not true or false", "true or false")
            return answer
        if column.kind == "number":
            return self.number(row, column.name, path, text)
        return text.removeprefix("'")

    def number(self, row: int, name: str, path: tuple[PathPart, ...], text: str) -> float | int | None:
        number = parse_number(text)
        if number is None:
            self.problem(row, name, path, f"{shown(text)} is not a number", "a number such as 1500 or 99.5")
            return None
        return number

    def record(self) -> Record:
        first, cells = self.rows[0]
        data: dict[str, Any] = {}
        head = tuple(zip(_csv_head(self.layout), self.layout.head, strict=True))
        for column, field in head:
            value = self.value(first, column, (field.name,), cells[column.name])
            if value is None and column.required:
                value = ""
            if value is not None:
                data[field.name] = value
        for row, other in self.rows[1:]:
            for column, field in head:
                if other[column.name] != cells[column.name]:
                    self.problem(
                        row,
                        column.name,
                        (field.name,),
                        f"differs from row {first} of the same document ({cells[column.name]!r} there)",
                        "the same value on every row of a document",
                    )
        for row, other in self.rows:
            self.add(data, row, other)
        return Record(data, self.locate)

    def add(self, data: dict[str, Any], row: int, cells: dict[str, str]) -> None:
        """Add the record on ``row`` to its table in ``data``."""
        key = cells["record"]
        kinds = " or ".join(table.key for table in self.layout.tables)
        if not key:
            if any(cells[column.name] for column in self.union):
                self.problem(row, "record", (), "a row has values but no kind of record", kinds)
            return
        table = self.layout.table(key)
        if table is None:
            self.problem(row, "record", (), f"{key!r} is not a kind of record here", kinds)
            return
        records = data.setdefault(table.key, [])
        index = len(records)
        names = {column.name for column in table.columns}
        record: dict[str, Any] = {}
        for column in self.union:
            text = cells[column.name]
            if column.name not in names:
                if text:
                    message = f"a {table.singular} has no {column.name}"
                    self.problem(row, column.name, (table.key, index), message, "an empty cell")
                continue
            value = self.value(row, column, (table.key, index, column.name), text)
            if value is not None:
                record[column.name] = value
        records.append(record)
        self.row_of[(table.key, index)] = row

    def locate(self, path: tuple[PathPart, ...]) -> Location:
        if len(path) > 1 and isinstance(path[1], int) and (str(path[0]), path[1]) in self.row_of:
            field = str(path[2]) if len(path) > 2 else "record"  # noqa: PLR2004 - table.INDEX.FIELD
            return Location(row=self.row_of[(str(path[0]), path[1])], field=field)
        heads = {field.name for field in self.layout.head}
        field = f"{self.layout.name}_{path[0]}" if path and path[0] in heads else "document"
        return Location(row=self.rows[0][0], field=field)
