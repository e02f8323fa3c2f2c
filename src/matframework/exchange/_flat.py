"""Assessments as flat records, the shape every table format shares (CSV rows, workbook cells, frame rows).

An assessment flattens to its *head* (the subject, framework, date, round,
raters and status, one value per named column) and its *entries* (per
element: rating, target, reason it does not apply, evidence, notes, next
steps). Writing goes through the converter's plain form of the assessment;
reading builds the same plain document the YAML and JSON path reads and hands
it to the one converter, so every format accepts and refuses the same things
with the same messages. Each format says where a problem is in its own terms
through the ``locate`` function it passes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar, overload

from matframework.documents.converters import structure, unstructure
from matframework.errors import Location, PathPart, Problem, ValidationError
from matframework.model.assessment import Assessment

T = TypeVar("T")

__all__ = [
    "ENTRY",
    "HEAD",
    "REQUIRED",
    "Record",
    "RowLocator",
    "Rows",
    "column_of",
    "document",
    "flatten",
    "structure_one",
    "structure_records",
]

HEAD: dict[str, tuple[str, ...]] = {
    "subject": ("subject", "name"),
    "subject_kind": ("subject", "kind"),
    "urn": ("subject", "urn"),
    "ukprn": ("subject", "ukprn"),
    "trust_reference": ("subject", "trust_reference"),
    "framework_id": ("framework", "id"),
    "framework_version": ("framework", "version"),
    "assessed_on": ("assessed_on",),
    "round": ("round",),
    "raters": ("raters",),
    "perspective": ("perspective",),
    "status": ("status",),
    "evidence_records": ("evidence",),
    "supersedes": ("supersedes",),
    "changes": ("changes",),
    "approvals": ("approvals",),
}
"""The head's columns, each with the field path it stands for in an assessment document."""

REQUIRED = frozenset({"subject", "subject_kind", "framework_id", "framework_version", "status"})
"""Head columns an assessment always has: an empty cell reads as empty text, not as nothing."""

ENTRY = (
    "rating",
    "target",
    "not_applicable",
    "evidence",
    "notes",
    "next_steps",
    "evidence_ids",
    "confidence",
    "leans",
)
"""The per-element columns, named as the fields of an element's entry."""


def flatten(assessment: Assessment) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
    """Return the head (column → plain value or ``None``) and the entries (code, field → plain value).

    The values are the converter's plain form (labels, ISO dates, lists), so
    every format writes what the documents write.
    """
    data = unstructure(assessment)
    head: dict[str, Any] = {}
    for column, path in HEAD.items():
        value: Any = data
        for part in path:
            value = value.get(part) if isinstance(value, Mapping) else None
        head[column] = value
    entries = [
        (code, {name: (body or {}).get(name) for name in ENTRY}) for code, body in data["ratings"].items()
    ]
    return head, entries


def document(head: Mapping[str, Any], entries: Iterable[tuple[str, Mapping[str, Any]]]) -> dict[str, Any]:
    """Return the plain assessment document of a head and its entries (``None`` values left out)."""
    data: dict[str, Any] = {}
    for column, path in HEAD.items():
        value = head.get(column)
        if value is None:
            if column not in REQUIRED:
                continue
            value = ""
        node = data
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    data["ratings"] = {code: {k: v for k, v in body.items() if v is not None} for code, body in entries}
    return data


def column_of(path: Sequence[PathPart]) -> str | None:
    """The flat column a document path lands in (``("ratings", "3B", "rating")`` → ``"rating"``)."""
    for column, head_path in HEAD.items():
        if tuple(path[: len(head_path)]) == head_path:
            return column
    if path[:1] == ("ratings",):
        return str(path[2]) if len(path) > 2 and path[2] in ENTRY else "element"  # noqa: PLR2004 - ratings.CODE.FIELD
    return None


class Rows:
    """The rows of one assessment in a table (a CSV file, a DataFrame), read into its plain document.

    Each row is its number in the table and its values by flat column (``HEAD``, ``"element"``
    and ``ENTRY``), already plain. Rows of one assessment must agree on its head, and list each
    element once; anything else is a problem at that row and column, never a silent choice.
    ``columns`` names the table's own column where it differs from the flat one.
    """

    def __init__(
        self,
        rows: Sequence[tuple[int, Mapping[str, Any]]],
        problems: list[Problem],
        *,
        columns: Mapping[str, str] | None = None,
    ) -> None:
        self.rows = rows
        self.problems = problems
        self.columns = dict(columns or {})
        self.row_of: dict[str, int] = {}

    def problem(self, row: int, column: str, path: tuple[PathPart, ...], message: str, expected: str) -> None:
        location = Location(row=row, field=self.columns.get(column, column))
        self.problems.append(Problem(path=path, message=message, expected=expected, location=location))

    def record(self) -> Record:
        first, values = self.rows[0]
        head = {column: values.get(column) for column in HEAD}
        for row, other in self.rows[1:]:
            for column, path in HEAD.items():
                if other.get(column) != head[column]:
                    self.problem(
                        row,
                        column,
                        path,
                        f"differs from row {first} of the same assessment ({head[column]!r} there)",
                        "the same value on every row of an assessment",
                    )
        entries = []
        for row, values_ in self.rows:
            code = values_.get("element")
            if code is None:
                if any(values_.get(field) not in (None, "", [], {}) for field in ENTRY):
                    message = "a row has ratings but no element code"
                    self.problem(row, "element", ("ratings",), message, "the element's code")
                continue  # the row of an assessment without ratings
            code = str(code)
            if code in self.row_of:
                message = f"element {code} is listed twice (first on row {self.row_of[code]})"
                self.problem(row, "element", ("ratings", code), message, "one row per element")
                continue
            self.row_of[code] = row
            entries.append((code, {field: values_.get(field) for field in ENTRY}))
        return Record(document(head, entries), self.locate)

    def locate(self, path: tuple[PathPart, ...]) -> Location:
        return RowLocator(self.rows[0][0], self.row_of, self.columns)(path)


class RowLocator:
    """Where a path of an assessment read from a table is: an element's row, else the assessment's first row."""

    __slots__ = ("columns", "first", "row_of")

    def __init__(
        self, first: int, row_of: Mapping[str, int], columns: Mapping[str, str] | None = None
    ) -> None:
        self.first = first
        self.row_of = row_of
        self.columns = columns or {}

    def __call__(self, path: tuple[PathPart, ...]) -> Location:
        column = column_of(path) or "assessment"
        row = self.first
        if path[:1] == ("ratings",) and len(path) > 1:
            row = self.row_of.get(str(path[1]), row)
        return Location(row=row, field=self.columns.get(column, column))


class Record:
    """One assessment read from a table: its plain document, and where each of its values came from."""

    def __init__(self, data: dict[str, Any], locate: Callable[[tuple[PathPart, ...]], Location]) -> None:
        self.data = data
        self.locate = locate


@overload
def structure_records(records: Iterable[Record], problems: list[Problem]) -> list[Assessment]: ...
@overload
def structure_records(records: Iterable[Record], problems: list[Problem], into: type[T]) -> list[T]: ...
def structure_records(
    records: Iterable[Record], problems: list[Problem], into: type[Any] = Assessment
) -> list[Any]:
    """Structure each record (as an ``into``) with the one converter; its problems get the record's locations.

    Problems found while reading the table (``problems``) come first. Raises
    :class:`~matframework.ValidationError` with all of them if any were found.
    """
    result = [found for record in records if (found := structure_one(record, problems, into)) is not None]
    if problems:
        raise ValidationError(problems)
    return result


def structure_one(record: Record, problems: list[Problem], into: type[Any]) -> Any:
    """Structure one record as an ``into``; ``None`` if it has problems (added, located, to ``problems``)."""
    try:
        return structure(record.data, into)
    except ValidationError as error:
        problems.extend(
            problem if problem.location is not None else _located(problem, record)
            for problem in error.problems
        )
        return None


def _located(problem: Problem, record: Record) -> Problem:
    return Problem(
        path=problem.path,
        message=problem.message,
        expected=problem.expected,
        location=record.locate(problem.path),
    )
