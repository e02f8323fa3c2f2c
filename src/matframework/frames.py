"""Tidy pandas DataFrames of assessments, and back (needs the ``analysis`` extra).

:func:`to_frame` gives one row per subject × round × element, with
categorical columns (the rating as an ordered categorical, Red < Amber Red <
Amber Green < Green) so that analysts can group, sort and pivot without
losing the order of the scale. :func:`frame_to_assessments` reads such a
frame back, so ratings edited in pandas can be saved without loss.

pandas is imported only when these functions are called.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from matframework._optional import require
from matframework.assessment import (
    Assessment,
    CriterionNote,
    ElementRating,
    FrameworkRef,
    Status,
    Subject,
    SubjectKind,
)
from matframework.bundled import assurance_framework
from matframework.errors import Problem, ValidationError
from matframework.framework import Framework
from matframework.rating import Rating

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    import pandas as pd

__all__ = ["COLUMNS", "frame_to_assessments", "to_frame"]


def __dir__() -> list[str]:
    return __all__


COLUMNS = (
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
    "heading",
    "heading_title",
    "element",
    "element_title",
    "rating",
    "ordinal",
    "target",
    "not_applicable",
    "not_applicable_reason",
    "evidence",
    "notes",
    "next_steps",
)
"""The columns of :func:`to_frame`, in order."""

_LABELS = [r.label for r in Rating]


def _pandas() -> Any:
    return require("pandas", extra="analysis", feature="matframework.to_frame")


def to_frame(
    assessments: Assessment | Iterable[Assessment], framework: Framework | None = None
) -> pd.DataFrame:
    """Return a tidy DataFrame: one row per subject × round × element.

    Args:
        assessments: One assessment or several (schools, trusts, rounds, raters).
        framework: The framework rated, for element order, titles and
            headings; the bundled MAT Assurance Framework by default.

    Returns:
        A DataFrame with the columns in ``matframework.frames.COLUMNS``. ``rating`` and
        ``target`` are ordered categoricals (Red < Amber Red < Amber Green <
        Green); ``element`` is a categorical in framework order; ``ordinal``
        is a nullable integer (1–4); ``not_applicable`` is boolean; ``notes``
        (numeral → text) and ``next_steps`` hold Python objects. The
        ``assessment`` column numbers the assessments in the order given.

    Raises:
        MissingDependencyError: pandas is not installed (install
            ``matframework[analysis]``).

    Example:
        >>> from matframework import Assessment, Rating, Subject, SubjectKind, assurance_framework
        >>> a = Assessment.blank(assurance_framework(), subject=Subject(name="Oak", kind=SubjectKind.TRUST))
        >>> df = to_frame(a.with_rating("3B", Rating.AMBER_GREEN))
        >>> df.shape
        (14, 24)
        >>> df.loc[df.element == "3B", ["element_title", "rating", "ordinal"]].to_dict("records")
        [{'element_title': 'Leadership of teaching', 'rating': 'Amber Green', 'ordinal': 3}]
        >>> df.rating.cat.ordered, list(df.rating.cat.categories)
        (True, ['Red', 'Amber Red', 'Amber Green', 'Green'])

    .. versionadded:: 0.1.0
    """
    pd = _pandas()
    framework = framework or assurance_framework()
    group = [assessments] if isinstance(assessments, Assessment) else list(assessments)
    elements = {e.code: e for e in framework.elements}
    headings = {e.code: h for h in framework.headings for e in h.elements}
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    for number, assessment in enumerate(group):
        entries: Sequence[ElementRating | None] = assessment.ratings or (None,)
        subject, ref = assessment.subject, assessment.framework
        count = len(entries)
        columns["assessment"] += [number] * count
        columns["subject"] += [subject.name] * count
        columns["subject_kind"] += [subject.kind.value] * count
        columns["urn"] += [subject.urn] * count
        columns["ukprn"] += [subject.ukprn] * count
        columns["trust_reference"] += [subject.trust_reference] * count
        columns["framework_id"] += [ref.id] * count
        columns["framework_version"] += [ref.version] * count
        columns["assessed_on"] += [assessment.assessed_on] * count
        columns["round"] += [assessment.round] * count
        columns["raters"] += [assessment.raters] * count
        columns["status"] += [assessment.status.value] * count
        for entry in entries:
            code = entry.code if entry else None
            heading = headings.get(code) if code else None
            element = elements.get(code) if code else None
            columns["heading"].append(heading.number if heading else None)
            columns["heading_title"].append(heading.title if heading else None)
            columns["element"].append(code)
            columns["element_title"].append(element.title if element else None)
            columns["rating"].append(entry.rating.label if entry and entry.rating else None)
            columns["ordinal"].append(entry.rating.ordinal if entry and entry.rating else None)
            columns["target"].append(entry.target.label if entry and entry.target else None)
            columns["not_applicable"].append(bool(entry and entry.not_applicable is not None))
            columns["not_applicable_reason"].append(entry.not_applicable if entry else None)
            columns["evidence"].append(entry.evidence if entry else None)
            columns["notes"].append({n.numeral: n.text for n in entry.notes} if entry else {})
            columns["next_steps"].append(entry.next_steps if entry else ())
    codes = list(framework.element_codes)
    codes += sorted({c for c in columns["element"] if c is not None and c not in elements})
    data = {
        "assessment": pd.array(columns["assessment"], dtype="Int64"),
        "subject": pd.Categorical(columns["subject"]),
        "subject_kind": pd.Categorical(columns["subject_kind"], categories=[k.value for k in SubjectKind]),
        "urn": pd.array(columns["urn"], dtype="object"),
        "ukprn": pd.array(columns["ukprn"], dtype="object"),
        "trust_reference": pd.array(columns["trust_reference"], dtype="object"),
        "framework_id": pd.Categorical(columns["framework_id"]),
        "framework_version": pd.Categorical(columns["framework_version"]),
        "assessed_on": pd.to_datetime(pd.Series(columns["assessed_on"], dtype="object")),
        "round": pd.Categorical(columns["round"]),
        "raters": pd.array(columns["raters"], dtype="object"),
        "status": pd.Categorical(columns["status"], categories=[s.value for s in Status]),
        "heading": pd.array(columns["heading"], dtype="Int64"),
        "heading_title": pd.Categorical(
            columns["heading_title"], categories=[h.title for h in framework.headings]
        ),
        "element": pd.Categorical(columns["element"], categories=codes, ordered=True),
        "element_title": pd.Categorical(columns["element_title"]),
        "rating": pd.Categorical(columns["rating"], categories=_LABELS, ordered=True),
        "ordinal": pd.array(columns["ordinal"], dtype="Int64"),
        "target": pd.Categorical(columns["target"], categories=_LABELS, ordered=True),
        "not_applicable": pd.array(columns["not_applicable"], dtype="bool"),
        "not_applicable_reason": pd.array(columns["not_applicable_reason"], dtype="object"),
        "evidence": pd.array(columns["evidence"], dtype="object"),
        "notes": pd.array(columns["notes"], dtype="object"),
        "next_steps": pd.array(columns["next_steps"], dtype="object"),
    }
    frame = pd.DataFrame(data)
    frame["assessed_on"] = frame["assessed_on"].astype("datetime64[ns]")
    return frame


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT and pd.NA are not equal to themselves  # noqa: PLR0124
    except (TypeError, ValueError):
        return False


def _text(value: Any) -> str | None:
    return None if _missing(value) else str(value)


def _rating(value: Any, row: int, column: str) -> Rating | None:
    if _missing(value):
        return None
    try:
        return Rating.from_label(str(value))
    except ValueError as exc:
        raise ValidationError([Problem(path=(row, column), message=str(exc))]) from None


def _date(value: Any) -> dt.date | None:
    if _missing(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def frame_to_assessments(frame: pd.DataFrame) -> list[Assessment]:
    """Read assessments back from a frame made by :func:`to_frame` (and edited, perhaps).

    Rows are grouped by the ``assessment`` column, in order; within an
    assessment, rows keep their order. Ratings may be edited as categories or
    as labels (read forgivingly, like documents).

    Raises:
        ValidationError: A value cannot be read; the problem names the row
            and column.

    Example:
        >>> from matframework import Assessment, Rating, Subject, SubjectKind, assurance_framework
        >>> a = Assessment.blank(assurance_framework(), subject=Subject(name="Oak", kind=SubjectKind.TRUST))
        >>> df = to_frame(a)
        >>> df.loc[df.element == "1A", "rating"] = "Green"
        >>> frame_to_assessments(df)[0].rating("1A")
        <Rating.GREEN: 'Green'>

    .. versionadded:: 0.1.0
    """
    _pandas()
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValidationError(
            [
                Problem(path=(c,), message="column is missing", expected="the columns of to_frame()")
                for c in missing
            ]
        )
    records = frame[list(COLUMNS)].to_dict("records")
    grouped: dict[Any, list[tuple[int, dict[str, Any]]]] = {}
    for row, record in enumerate(records):
        grouped.setdefault(record["assessment"], []).append((row, record))
    result: list[Assessment] = []
    for rows in grouped.values():
        _, first = rows[0]
        ratings = []
        for row, record in rows:
            if _missing(record["element"]):
                continue
            notes = record["notes"] if isinstance(record["notes"], dict) else {}
            ratings.append(
                ElementRating(
                    code=str(record["element"]),
                    rating=_rating(record["rating"], row, "rating"),
                    target=_rating(record["target"], row, "target"),
                    evidence=_text(record["evidence"]),
                    notes=tuple(CriterionNote(numeral=str(k), text=str(v)) for k, v in notes.items()),
                    next_steps=tuple(str(s) for s in (record["next_steps"] or ())),
                    not_applicable=_text(record["not_applicable_reason"]),
                )
            )
        result.append(
            Assessment(
                subject=Subject(
                    name=str(first["subject"]),
                    kind=SubjectKind(str(first["subject_kind"])),
                    urn=_text(first["urn"]),
                    ukprn=_text(first["ukprn"]),
                    trust_reference=_text(first["trust_reference"]),
                ),
                framework=FrameworkRef(
                    id=str(first["framework_id"]), version=str(first["framework_version"])
                ),
                assessed_on=_date(first["assessed_on"]),
                round=_text(first["round"]),
                raters=tuple(first["raters"] or ()),
                status=Status(str(first["status"])),
                ratings=tuple(ratings),
            )
        )
    return result
