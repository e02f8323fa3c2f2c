"""Assessments as a Parquet file, and back (needs the ``parquet`` extra: pyarrow).

The file holds the same long table as the CSV file, one row per subject ×
round × element, with real types: the rating and target as ordered dictionary
columns (Red < Amber Red < Amber Green < Green, so the order survives into
pandas, DuckDB or any Arrow reader), the date as a date, raters, next steps
and evidence ids as lists of text, and the nested records (notes, leans,
evidence records, changes, approvals) as JSON text, as the CSV file holds them.
The file's metadata carries the layout's tag and the frameworks rated, and every data page
carries a CRC checksum that reading verifies, so a page damaged in storage is refused rather
than read as other ratings.

Reading hands each assessment's rows to the one converter, as every other
format does, so a bad value gets the same message, placed at its row (from
0, as the file counts) and column. A file bigger than ``max_bytes`` is
refused before it is read.

pyarrow is imported only when these functions are called.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from matframework._files import DEFAULT_MAX_BYTES, write_atomic
from matframework._optional import require
from matframework.errors import FileError, Location, Problem, ValidationError
from matframework.exchange._flat import ENTRY, HEAD, Rows, flatten, structure_records
from matframework.model.assessment import Assessment
from matframework.model.rating import Rating

__all__ = ["PARQUET_TAG", "read_parquet", "to_parquet"]


def __dir__() -> list[str]:
    return __all__


PARQUET_TAG = "matframework/assessment-parquet@1"
"""The layout's tag, in the file's metadata under the key ``matframework``."""

_COLUMNS = ("assessment", *HEAD, "element", *ENTRY)
_LISTS = ("raters", "next_steps", "evidence_ids")
_JSON = ("notes", "leans", "evidence_records", "changes", "approvals")
_ORDERED = ("rating", "target")
_LABELS = [r.label for r in Rating]
_KEY = b"matframework"


def _arrow() -> Any:
    return require("pyarrow", extra="parquet", feature="matframework.to_parquet and read_parquet")


def _schema(pa: Any) -> Any:
    fields = []
    for name in _COLUMNS:
        if name == "assessment":
            kind = pa.int32()
        elif name == "assessed_on":
            kind = pa.date32()
        elif name in _LISTS:
            kind = pa.list_(pa.string())
        elif name in _ORDERED:
            kind = pa.dictionary(pa.int8(), pa.string(), ordered=True)
        else:
            kind = pa.string()
        fields.append(pa.field(name, kind))
    return pa.schema(fields)


def _cell(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name == "assessed_on":
        return dt.date.fromisoformat(value) if isinstance(value, str) else value
    if name in _JSON:
        return json.dumps(value, ensure_ascii=False) if value else None
    if name in _LISTS:
        return [str(item) for item in value]
    return value if isinstance(value, str) else str(value)


def to_parquet(assessments: Assessment | Iterable[Assessment], path: str | os.PathLike[str]) -> None:
    """Write assessments to a Parquet file (atomically): the long table, typed, with the layout in its metadata.

    Args:
        assessments: One assessment or several.
        path: The file to write.

    Raises:
        MissingDependencyError: pyarrow is not installed (install ``matframework[parquet]``).

    Example:
        >>> import tempfile, pathlib
        >>> from matframework import examples
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "trust.parquet"
        >>> to_parquet(examples.trust_assessments(), path)
        >>> read_parquet(path) == list(examples.trust_assessments())
        True

    .. versionadded:: 0.2.0
    """
    pa = _arrow()
    pq = require("pyarrow.parquet", extra="parquet", feature="matframework.to_parquet")
    group = [assessments] if isinstance(assessments, Assessment) else list(assessments)
    columns: dict[str, list[Any]] = {name: [] for name in _COLUMNS}
    for number, assessment in enumerate(group, start=1):
        head, entries = flatten(assessment)
        rows: list[tuple[str | None, dict[str, Any]]] = [*entries] or [(None, dict.fromkeys(ENTRY))]
        for code, entry in rows:
            columns["assessment"].append(number)
            for name in HEAD:
                columns[name].append(_cell(name, head[name]))
            columns["element"].append(code)
            for name in ENTRY:
                columns[name].append(_cell(name, entry[name]))
    schema = _schema(pa)
    arrays = []
    for field in schema:
        values = columns[field.name]
        if field.name in _ORDERED:
            index = {label: i for i, label in enumerate(_LABELS)}
            codes = pa.array([index.get(v) if v is not None else None for v in values], type=pa.int8())
            arrays.append(pa.DictionaryArray.from_arrays(codes, pa.array(_LABELS), ordered=True))
        else:
            arrays.append(pa.array(values, type=field.type))
    frameworks = sorted({(a.framework.id, a.framework.version) for a in group})
    meta = {
        "schema": PARQUET_TAG,
        "document": "matframework/assessment@1",
        "frameworks": [{"id": i, "version": v} for i, v in frameworks],
    }
    table = pa.Table.from_arrays(arrays, schema=schema.with_metadata({_KEY: json.dumps(meta).encode()}))
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, write_page_checksum=True)
    write_atomic(Path(os.fspath(path)), sink.getvalue().to_pybytes())


def _read_table(path: str, max_bytes: int) -> tuple[Any, list[str], bytes | None]:
    pq = require("pyarrow.parquet", extra="parquet", feature="matframework.read_parquet")
    pa = _arrow()
    try:
        size = Path(path).stat().st_size
    except OSError as error:
        raise FileError(path, f"cannot read {path}: {error.strerror}") from None
    if size > max_bytes:
        raise FileError(path, f"{path} is {size:,} bytes, more than the limit of {max_bytes:,} (max_bytes)")
    try:
        table = pq.read_table(path, page_checksum_verification=True)
        names = list(table.column_names)  # decoded here: a name that is not UTF-8 fails now
        meta = (table.schema.metadata or {}).get(_KEY)
    except (pa.ArrowException, OSError, ValueError) as error:  # UnicodeDecodeError is a ValueError
        first = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        raise FileError(path, f"{path} is not a readable Parquet file ({first})") from None
    return table, names, meta


def _plain(name: str, value: Any, row: int, problems: list[Problem]) -> Any:
    if value is None:
        return None
    if name in _JSON and isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError as error:
            problems.append(
                Problem(
                    path=(),
                    message=f"not JSON ({error.msg})",
                    expected="JSON text, as to_parquet writes it",
                    location=Location(row=row, field=name),
                )
            )
            return None
    return value


def read_parquet(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Assessment]:
    """Read assessments from a Parquet file written by :func:`to_parquet`.

    Args:
        path: The file.
        max_bytes: The largest file read; a bigger one is refused before reading.

    Raises:
        FileError: The file cannot be read, is too big, or is not Parquet.
        ValidationError: It is not a matframework file (no tag), lacks a column, or holds a bad
            value; each problem names its row and column.
        MissingDependencyError: pyarrow is not installed.

    Example:
        >>> import tempfile, pathlib
        >>> from matframework import examples
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "latest.parquet"
        >>> to_parquet(examples.trust_assessments()[-1], path)
        >>> read_parquet(path)[0].rating("3B")
        <Rating.RED: 'Red'>

    .. versionadded:: 0.2.0
    """
    name = os.fspath(path)
    table, columns, meta = _read_table(name, max_bytes)
    try:
        tag = json.loads(meta).get("schema") if meta else None
    except (ValueError, AttributeError):  # not JSON, not UTF-8, or not a mapping
        tag = None
    if tag != PARQUET_TAG:
        found = f"its tag is {tag!r}" if tag else "it has no matframework tag in its metadata"
        raise ValidationError(
            [Problem(message=f"not a matframework assessment file: {found}", expected=PARQUET_TAG)], file=name
        )
    missing = [c for c in _COLUMNS if c not in columns]
    if missing:
        raise ValidationError(
            [
                Problem(path=(c,), message="column is missing", expected="the columns to_parquet writes")
                for c in missing
            ],
            file=name,
        )
    problems: list[Problem] = []
    try:
        rows = table.select(list(_COLUMNS)).to_pylist()
    except (_arrow().ArrowException, ValueError, OverflowError) as error:  # bad UTF-8 or an impossible date
        first = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        raise FileError(name, f"{name} has values that cannot be read ({first})") from None
    grouped: dict[Any, list[tuple[int, dict[str, Any]]]] = {}
    for index, values in enumerate(rows):
        plain = {column: _plain(column, values[column], index, problems) for column in _COLUMNS}
        grouped.setdefault(plain.pop("assessment"), []).append((index, plain))
    records = [Rows(found, problems).record() for found in grouped.values()]
    try:
        return structure_records(records, problems)
    except ValidationError as error:
        raise error.with_file(name) from None
