"""Assessments as CSV: a tidy long table (one row per subject × round × element), and back.

The first row names the format and its version (``schema,matframework/assessment-csv@1``);
the second row holds the column names. Files are written as UTF-8 with a byte
order mark and no translated newlines, so Excel opens them cleanly. Lists and
notes are written as JSON text; an empty cell means "none". Reading reports
every problem with its row and column.
"""

from __future__ import annotations

import contextlib
import csv as _csv
import io
import json
import operator
import os
from collections.abc import Iterable, Iterator
from typing import Any, TextIO, TypeVar, overload

import attrs

from matframework._files import DEFAULT_MAX_BYTES, open_text, writing_text
from matframework.documents.converters import unstructure
from matframework.errors import Location, PathPart, Problem, ValidationError, shown
from matframework.exchange._flat import (
    ENTRY,
    HEAD,
    Record,
    RowLocator,
    document,
    flatten,
    structure_one,
    structure_records,
)
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


@overload
def to_csv(documents: Any, path: None = None, *, describe: bool = False) -> str: ...
@overload
def to_csv(documents: Any, path: str | os.PathLike[str], *, describe: bool = False) -> None: ...
def to_csv(
    documents: Any, path: str | os.PathLike[str] | None = None, *, describe: bool = False
) -> str | None:
    """Write assessments, an evidence file or a plan as CSV: to ``path`` (atomically), or as the text returned.

    Assessments are a long table, one row per subject × round × element. An
    :class:`~matframework.EvidenceFile` or an :class:`~matframework.ImprovementPlan`
    (or several of one kind) is one row per record: each evidence record; each
    priority and each action, named in the ``record`` column. A CSV file holds
    one kind of document.

    Written to a file, the rows are streamed: ``documents`` may be any iterable (a generator
    of a national year's assessments), and only one document is held at a time. The file is
    replaced only when every row is written.

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

    Returns:
        The CSV text when no ``path`` is given; ``None`` when the file was written.

    .. versionchanged:: 0.2.0
       Evidence files and plans, besides assessments; ``describe``. Given a ``path``,
       the rows are streamed to the file and nothing is returned (the text was, before).

    .. versionadded:: 0.1.0
    """
    single = isinstance(documents, (Assessment, *LAYOUTS))
    items = iter([documents] if single else documents)
    first = next(items, None)
    kind: type[Any] = Assessment if first is None else type(first)
    if kind is not Assessment and kind not in LAYOUTS:
        msg = f"CSV holds assessments, evidence files or plans; not {kind.__name__}"
        raise TypeError(msg)
    if describe and (path is None or kind is not Assessment):
        msg = "describe=True needs a path, and describes assessment CSV files only"
        raise ValueError(msg)
    group = _one_kind(kind, () if first is None else (first,), items)
    if path is None:
        buffer = io.StringIO()
        _write(buffer, kind, group)
        return buffer.getvalue()
    with writing_text(path) as stream:
        stream.write("\ufeff")
        _write(stream, kind, group)
    if describe:
        describe_csv(path, CSV_COLUMNS, CSV_TAG)
    return None


def _one_kind(kind: type[Any], first: tuple[Any, ...], rest: Iterator[Any]) -> Iterator[Any]:
    """The documents, one at a time, each checked to be a ``kind``: a CSV file holds one kind of document."""
    yield from first
    for found in rest:
        if type(found) is not kind:
            known = type(found) is Assessment or type(found) in LAYOUTS
            names = ", ".join(sorted({kind.__name__, type(found).__name__}))
            msg = (
                f"a CSV file holds one kind of document; got {names}"
                if known
                else f"CSV holds assessments, evidence files or plans; not {type(found).__name__}"
            )
            raise TypeError(msg)
        yield found


def _write(stream: TextIO, kind: type[Any], documents: Iterable[Any]) -> None:
    writer = _csv.writer(stream, lineterminator="\r\n")
    if kind is Assessment:
        writer.writerow(["schema", CSV_TAG])
        writer.writerow(CSV_COLUMNS)
        writer.writerows(_assessment_rows(documents))
        return
    layout = LAYOUTS[kind]
    writer.writerow(["schema", layout.csv_tag])
    head = _csv_head(layout)
    writer.writerow(["document", *(c.name for c in head), "record", *(c.name for c in _union(layout))])
    writer.writerows(_record_rows(layout, documents))


def _assessment_rows(documents: Iterable[Assessment]) -> Iterator[list[str]]:
    for number, assessment in enumerate(documents, start=1):
        head, entries = flatten(assessment)
        cells = [str(number), *(_cell(column, head[column]) for column in HEAD)]
        if not entries:
            yield [*cells, *([""] * (1 + len(ENTRY)))]
        for code, entry in entries:
            yield [*cells, code, *(_cell(column, entry[column]) for column in ENTRY)]


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


def _record_rows(layout: Layout, documents: Iterable[Any]) -> Iterator[list[str]]:
    columns = _union(layout)
    head = _csv_head(layout)
    for number, found in enumerate(documents, start=1):
        data = unstructure(found)
        cells = [
            str(number),
            *(_record_cell(c, data.get(field.name)) for c, field in zip(head, layout.head, strict=True)),
        ]
        written = False
        for table in layout.tables:
            names = {c.name for c in table.columns}
            for record in data.get(table.key) or ():
                yield [
                    *cells,
                    table.key,
                    *(_record_cell(c, record.get(c.name)) if c.name in names else "" for c in columns),
                ]
                written = True
        if not written:
            yield [*cells, "", *([""] * len(columns))]


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
    try:
        return _read(source, max_bytes, into, expected_tag, hold=False)
    except _SplitError:  # an assessment's rows are apart (a sorted file): group them all, then read
        return _read(source, max_bytes, into, expected_tag, hold=True)


_KINDS: dict[str, type[Any]] = {
    CSV_TAG: Assessment,
    **{layout.csv_tag: cls for cls, layout in LAYOUTS.items()},
}
"""What each CSV tag holds."""


class _SplitError(Exception):
    """The rows of one assessment are not together, so it cannot be read as soon as its rows end."""


def _read(
    source: str | os.PathLike[str], max_bytes: int, into: type[Any], expected_tag: str, *, hold: bool
) -> list[Any]:
    with _source_rows(source, max_bytes) as (file, rows):
        first = next(rows, [])
        if first[:1]:
            first[0] = first[0].removeprefix("\ufeff")
        if first[:2] != ["schema", expected_tag]:
            raise ValidationError([_tag_problem(first, expected_tag)], file=file)
        if into is not Assessment:
            return _read_records([first, *rows], LAYOUTS[into], file)
        columns = tuple(next(rows, ()))
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
        positions = _Positions(columns)
        found = []
        numbered = _counted(rows, columns, problems)
        for group in _held(numbered) if hold else _runs(numbered):
            assessment = structure_one(positions.record(group, problems), problems, Assessment)
            if assessment is not None:
                found.append(assessment)
        if problems:
            raise ValidationError(problems, file=file)
        return found


Numbered = list[tuple[int, list[str]]]
"""The rows of one document, each with its number in the file."""


def _counted(
    rows: Iterator[list[str]], columns: tuple[str, ...], problems: list[Problem]
) -> Iterator[tuple[int, list[str]]]:
    """The data rows (after the two header rows), each with its number; blank rows skipped.

    A row with the wrong number of cells is a problem at its row, and is left out.
    """
    width = len(columns)
    for number, values in enumerate(rows, start=3):
        if len(values) == width:
            yield number, values
        elif any(values):
            location = Location(row=number, field=columns[0])
            problems.append(
                Problem(message=f"{len(values)} cells", expected=f"{width} cells", location=location)
            )


def _runs(rows: Iterator[tuple[int, list[str]]]) -> Iterator[Numbered]:
    """The rows of each document as soon as they end (rows with the same first cell, together).

    Raises:
        _SplitError: A document's rows come back after another's.
    """
    done: set[str] = set()
    key: str | None = None
    group: Numbered = []
    for number, values in rows:
        if not any(values):
            continue
        if values[0] != key:
            if group:
                yield group
                done.add(key)  # type: ignore[arg-type]  # a key has been seen once group holds rows
            key = values[0]
            if key in done:
                raise _SplitError
            group = []
        group.append((number, values))
    if group:
        yield group


def _held(rows: Iterator[tuple[int, list[str]]]) -> Iterator[Numbered]:
    """The rows of each document, wherever they are in the file (every row is held until the end)."""
    grouped: dict[str, Numbered] = {}
    for number, values in rows:
        if any(values):
            grouped.setdefault(values[0], []).append((number, values))
    yield from grouped.values()


class _Positions:
    """Where each column is in a file's rows, and how one assessment's rows become its plain document."""

    def __init__(self, columns: tuple[str, ...]) -> None:
        self.head = tuple(
            (column, path, columns.index(column)) for column, path in HEAD.items() if column in columns
        )
        self.head_texts = operator.itemgetter(*(index for _, _, index in self.head))
        self.element = columns.index("element")
        self.entry = tuple((name, columns.index(name)) for name in ENTRY if name in columns)

    def record(self, rows: Numbered, problems: list[Problem]) -> Record:
        """The plain document of one assessment's rows; rows that disagree on its head, or list an element twice, are problems."""
        first_row, first = rows[0]
        head = {
            column: _value(first_row, column, path, first[index], problems)
            for column, path, index in self.head
        }
        texts = self.head_texts(first)
        for number, cells in rows[1:]:
            if self.head_texts(cells) != texts:
                self.compare(number, cells, (first_row, first), head, problems)
        entries = []
        row_of: dict[str, int] = {}
        for number, cells in rows:
            text = cells[self.element]
            values = {
                name: _value(number, name, ("ratings", text, name), cells[index], problems)
                for name, index in self.entry
                if cells[index]
            }
            if not text:
                if any(value not in (None, "", [], {}) for value in values.values()):
                    location = Location(row=number, field="element")
                    message = "a row has ratings but no element code"
                    problems.append(
                        Problem(
                            path=("ratings",),
                            message=message,
                            expected="the element's code",
                            location=location,
                        )
                    )
                continue  # the row of an assessment without ratings
            code = text.removeprefix("'")
            if code in row_of:
                message = f"element {code} is listed twice (first on row {row_of[code]})"
                location = Location(row=number, field="element")
                problems.append(
                    Problem(
                        path=("ratings", code),
                        message=message,
                        expected="one row per element",
                        location=location,
                    )
                )
                continue
            row_of[code] = number
            entries.append((code, values))
        return Record(document(head, entries), RowLocator(first_row, row_of))

    def compare(
        self,
        number: int,
        cells: list[str],
        first: tuple[int, list[str]],
        head: dict[str, Any],
        problems: list[Problem],
    ) -> None:
        """Add a problem for each head cell of a later row that differs from the first row's."""
        for column, path, index in self.head:
            text = cells[index]
            if text == first[1][index]:
                continue
            if _value(number, column, path, text, problems) != head[column]:
                problems.append(
                    Problem(
                        path=path,
                        message=f"differs from row {first[0]} of the same assessment ({head[column]!r} there)",
                        expected="the same value on every row of an assessment",
                        location=Location(row=number, field=column),
                    )
                )


def _grouped(
    rows: list[list[str]], columns: tuple[str, ...], problems: list[Problem]
) -> dict[str, list[tuple[int, dict[str, str]]]]:
    """The data rows (after the two header rows) by their first cell, as cells by column; blank rows skipped."""
    grouped: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for number, values in _counted(iter(rows[2:]), columns, problems):
        if any(values):
            grouped.setdefault(values[0], []).append((number, dict(zip(columns, values, strict=True))))
    return grouped


@contextlib.contextmanager
def _source_rows(
    source: str | os.PathLike[str], max_bytes: int
) -> Iterator[tuple[str | None, Iterator[list[str]]]]:
    """The file's name (``None`` for text) and its rows, read one at a time and bounded."""
    if isinstance(source, str) and source.startswith("schema,"):
        if len(source) > max_bytes:
            raise ValidationError(
                [Problem(message="the text is over the limit", expected=f"at most {max_bytes:,} bytes")]
            )
        yield None, _parsed(_csv.reader(io.StringIO(source, newline="")), None)
        return
    file = os.fspath(source)
    with open_text(file, max_bytes=max_bytes) as stream:
        yield file, _parsed(_csv.reader(stream), file)


def _parsed(reader: Any, file: str | None) -> Iterator[list[str]]:
    """The reader's rows; a row the ``csv`` module cannot read is a problem at its line."""
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except _csv.Error as error:
            problem = Problem(
                message=f"the CSV cannot be read: {error}",
                expected="a CSV file written by to_csv (cells up to 131,072 characters)",
                location=Location(row=reader.line_num + 1, field=CSV_COLUMNS[0]),
            )
            raise ValidationError([problem], file=file) from None
        yield values


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
