"""Assessments as CSV: a tidy long table (one row per subject × round × element), and back.

The first row names the format and its version (``schema,matframework/assessment-csv@1``);
the second row holds the column names. Files are written as UTF-8 with a byte
order mark and no translated newlines, so Excel opens them cleanly. Lists and
notes are written as JSON text; an empty cell means "none". Reading reports
every problem with its row and column.
"""

from __future__ import annotations

import csv as _csv
import datetime as dt
import io
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from matframework._files import write_atomic
from matframework.errors import Location, PathPart, Problem, ValidationError
from matframework.model.assessment import (
    Assessment,
    CriterionNote,
    ElementRating,
    FrameworkRef,
    Status,
    Subject,
    SubjectKind,
)
from matframework.model.rating import Rating

__all__ = ["CSV_COLUMNS", "CSV_TAG", "read_csv", "to_csv"]


def __dir__() -> list[str]:
    return __all__


CSV_TAG = "matframework/assessment-csv@1"
"""The format tag written in the first row."""

CSV_COLUMNS = (
    "assessment",
    "subject",
    "subject_kind",
    "urn",
    "ukprn",
    "trust_reference",
    "framework_id",
    "framework_version",
    "assessed_on",
    "round",
    "raters",
    "status",
    "element",
    "rating",
    "target",
    "not_applicable",
    "evidence",
    "notes",
    "next_steps",
)
"""The columns, in order."""


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def to_csv(assessments: Assessment | Iterable[Assessment], path: str | os.PathLike[str] | None = None) -> str:
    """Return assessments as CSV text (and write it to ``path``, atomically, if given).

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
    for number, a in enumerate(group, start=1):
        head = [
            number,
            a.subject.name,
            a.subject.kind.value,
            _cell(a.subject.urn),
            _cell(a.subject.ukprn),
            _cell(a.subject.trust_reference),
            a.framework.id,
            a.framework.version,
            a.assessed_on.isoformat() if a.assessed_on else "",
            _cell(a.round),
            json.dumps(list(a.raters), ensure_ascii=False) if a.raters else "",
            a.status.value,
        ]
        if not a.ratings:
            writer.writerow([*head, "", "", "", "", "", "", ""])
        for e in a.ratings:
            writer.writerow(
                [
                    *head,
                    e.code,
                    e.rating.label if e.rating else "",
                    e.target.label if e.target else "",
                    _cell(e.not_applicable),
                    _cell(e.evidence),
                    json.dumps({n.numeral: n.text for n in e.notes}, ensure_ascii=False) if e.notes else "",
                    json.dumps(list(e.next_steps), ensure_ascii=False) if e.next_steps else "",
                ]
            )
    text = buffer.getvalue()
    if path is not None:
        write_atomic(Path(os.fspath(path)), "\ufeff" + text)
    return text


class _Row:
    """One CSV row, read with the problems it has."""

    def __init__(self, number: int, values: dict[str, str], problems: list[Problem]) -> None:
        self.number = number
        self.values = values
        self.problems = problems

    def problem(self, column: str, message: str, expected: str | None = None) -> None:
        index = CSV_COLUMNS.index(column) + 1
        path: tuple[PathPart, ...] = (self.number, column)
        self.problems.append(
            Problem(
                path=path,
                message=message,
                expected=expected,
                location=Location(line=self.number, column=index),
            )
        )

    def text(self, column: str) -> str | None:
        value = self.values[column]
        return value if value != "" else None

    def rating(self, column: str) -> Rating | None:
        value = self.text(column)
        if value is None:
            return None
        try:
            return Rating.from_label(value)
        except ValueError as exc:
            self.problem(column, str(exc))
            return None

    def json(self, column: str, kind: type) -> Any:
        value = self.text(column)
        if value is None:
            return kind()
        try:
            data = json.loads(value)
        except json.JSONDecodeError:
            data = None
        if not isinstance(data, kind):
            self.problem(
                column,
                f"{value!r} is not a JSON {kind.__name__}",
                expected=f"a JSON {kind.__name__}, or nothing",
            )
            return kind()
        return data


def read_csv(source: str | os.PathLike[str]) -> list[Assessment]:
    """Read assessments from CSV text, or from a file at ``source`` written by :func:`to_csv`.

    Raises:
        ValidationError: Every problem, with its row (as the line) and column.

    Example:
        >>> from matframework import examples
        >>> text = to_csv(examples.trust_assessments()[-1]).replace("Amber Green", "amber green")
        >>> read_csv(text)[0].rating("1A")
        <Rating.AMBER_GREEN: 'Amber Green'>

    .. versionadded:: 0.1.0
    """
    file = None
    if isinstance(source, str) and source.startswith("schema,"):
        text = source
    else:
        file = os.fspath(source)
        text = Path(file).read_text(encoding="utf-8-sig")
    rows = list(_csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    if not rows or rows[0][:2] != ["schema", CSV_TAG]:
        raise ValidationError(
            [
                Problem(
                    message="the first row does not name the format",
                    expected=f"schema,{CSV_TAG}",
                    location=Location(line=1, column=1),
                )
            ],
            file=file,
        )
    if len(rows) < 2 or tuple(rows[1]) != CSV_COLUMNS:  # noqa: PLR2004 - the two header rows
        raise ValidationError(
            [
                Problem(
                    message="the column names differ",
                    expected=",".join(CSV_COLUMNS),
                    location=Location(line=2, column=1),
                )
            ],
            file=file,
        )
    problems: list[Problem] = []
    grouped: dict[str, list[_Row]] = {}
    for number, values in enumerate(rows[2:], start=3):
        if not any(values):
            continue
        if len(values) != len(CSV_COLUMNS):
            problems.append(
                Problem(
                    path=(number,),
                    message=f"{len(values)} cells",
                    expected=f"{len(CSV_COLUMNS)} cells",
                    location=Location(line=number, column=1),
                )
            )
            continue
        row = _Row(number, dict(zip(CSV_COLUMNS, values, strict=True)), problems)
        grouped.setdefault(values[0], []).append(row)
    result = [_assessment(rows_of_one) for rows_of_one in grouped.values()]
    if problems:
        raise ValidationError(problems, file=file)
    return [a for a in result if a is not None]


def _assessment(rows: list[_Row]) -> Assessment | None:
    first = rows[0]
    problems_before = len(first.problems)
    kind = first.values["subject_kind"]
    if kind not in {k.value for k in SubjectKind}:
        first.problem("subject_kind", f"{kind!r} is not a subject kind", expected="trust, school or cluster")
        return None
    status = first.values["status"]
    if status not in {s.value for s in Status}:
        first.problem("status", f"{status!r} is not a status", expected="draft or final")
        return None
    ratings = []
    for row in rows:
        if row.text("element") is None:
            continue
        notes = row.json("notes", dict)
        ratings.append(
            ElementRating(
                code=row.values["element"],
                rating=row.rating("rating"),
                target=row.rating("target"),
                not_applicable=row.text("not_applicable"),
                evidence=row.text("evidence"),
                notes=tuple(CriterionNote(numeral=str(k), text=str(v)) for k, v in notes.items()),
                next_steps=tuple(str(s) for s in row.json("next_steps", list)),
            )
        )
    try:
        when = first.text("assessed_on")
        assessed_on = dt.date.fromisoformat(when) if when else None
    except ValueError:
        first.problem(
            "assessed_on", f"{first.values['assessed_on']!r} is not a date", expected="a date like 2026-10-01"
        )
        return None
    raters = tuple(str(r) for r in first.json("raters", list))
    if len(first.problems) > problems_before:
        return None  # a cell could not be read: the assessment's own checks would only repeat it
    try:
        return Assessment(
            subject=Subject(
                name=first.values["subject"],
                kind=SubjectKind(kind),
                urn=first.text("urn"),
                ukprn=first.text("ukprn"),
                trust_reference=first.text("trust_reference"),
            ),
            framework=FrameworkRef(
                id=first.values["framework_id"], version=first.values["framework_version"]
            ),
            assessed_on=assessed_on,
            round=first.text("round"),
            raters=raters,
            status=Status(status),
            ratings=tuple(ratings),
        )
    except ValidationError as error:
        for problem in error.problems:
            first.problem(
                "subject" if problem.path[:1] == ("subject",) else "element",
                f"{problem.dotted_path}: {problem.message}",
            )
        return None
