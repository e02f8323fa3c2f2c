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
from collections.abc import Iterable
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from matframework._optional import require
from matframework.analysis.distributions import Distribution
from matframework.documents.bundled import framework_for
from matframework.documents.converters import unstructure
from matframework.errors import Problem, ValidationError
from matframework.exchange._flat import ENTRY, HEAD, Rows, structure_records
from matframework.model.assessment import (
    Assessment,
    ElementRating,
    Status,
    SubjectKind,
)
from matframework.model.evidence import Confidence
from matframework.model.framework import Framework
from matframework.model.rating import Rating

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    import pandas as pd

__all__ = ["COLUMNS", "frame_distributions", "frame_to_assessments", "read_frame", "to_frame"]


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
    "perspective",
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
    "evidence_ids",
    "confidence",
    "leans",
    "evidence_records",
    "supersedes",
    "changes",
    "approvals",
)
"""The columns of :func:`to_frame`, in order."""

_LABELS = [r.label for r in Rating]


def _pandas() -> Any:
    return require("pandas", extra="analysis", feature="matframework.to_frame")


def to_frame(
    assessments: Assessment | Iterable[Assessment], *, framework: Framework | None = None
) -> pd.DataFrame:
    """Return a tidy DataFrame: one row per subject × round × element.

    Args:
        assessments: One assessment or several (schools, trusts, rounds, raters).
        framework: The framework rated, for element order, titles and headings. By default
            the bundled MAT Assurance Framework, when the assessments name it; for any other
            framework, pass it.

    Returns:
        A DataFrame with the columns in ``matframework.exchange.frames.COLUMNS``. ``rating`` and
        ``target`` are ordered categoricals (Red < Amber Red < Amber Green <
        Green); ``element`` is a categorical in framework order; ``ordinal``
        is a nullable integer (1–4); ``not_applicable`` is boolean; the text
        columns, ``raters``, ``notes`` (numeral → text) and ``next_steps``
        have the object dtype, whatever the data and the pandas version. The
        ``assessment`` column numbers the assessments in the order given.

    Raises:
        MissingDependencyError: pandas is not installed (install
            ``matframework[analysis]``).
        UnknownFrameworkError: The assessments rate a framework that is not bundled and none was passed.
        IncomparableError: The assessments rate different frameworks, or not the one passed.

    Example:
        >>> from matframework import Assessment, Rating, Subject, SubjectKind, assurance_framework
        >>> a = Assessment.blank(assurance_framework(), subject=Subject(name="Oak", kind=SubjectKind.TRUST))
        >>> df = to_frame(a.with_rating("3B", Rating.AMBER_GREEN))
        >>> df.shape
        (14, 32)
        >>> df.loc[df.element == "3B", ["element_title", "rating", "ordinal"]].to_dict("records")
        [{'element_title': 'Leadership of teaching', 'rating': 'Amber Green', 'ordinal': 3}]
        >>> df.rating.cat.ordered, list(df.rating.cat.categories)
        (True, ['Red', 'Amber Red', 'Amber Green', 'Green'])

    .. versionadded:: 0.1.0
    """
    pd = _pandas()
    np = require("numpy", extra="analysis", feature="matframework.to_frame")
    group = [assessments] if isinstance(assessments, Assessment) else list(assessments)
    framework = framework_for(group, framework)
    codes = list(framework.element_codes)
    extra = sorted({e.code for a in group for e in a.ratings} - set(codes))
    codes += extra
    code_index = {code: i for i, code in enumerate(codes)}
    code_index.setdefault("", -1)  # the code of the placeholder row of an assessment without ratings
    headings = {e.code: h for h in framework.headings for e in h.elements}
    titles = [e.title for e in framework.elements] + [""] * len(extra)
    heading_numbers = [headings[c].number if c in headings else None for c in codes]
    heading_titles = [h.title for h in framework.headings]
    heading_code = [heading_titles.index(headings[c].title) if c in headings else -1 for c in codes]
    rating_code: dict[Rating | None, int] = {None: -1, **{r: r.ordinal - 1 for r in Rating}}

    rows, element_codes, rating_codes, target_codes, reason, evidence, notes, steps, ids, sure, leans = (
        _row_values(group, code_index, rating_code)
    )
    has_element = element_codes >= 0
    # Index of each row's element into per-element lists, or one past their end for no element.
    element_slot = np.where(has_element, element_codes, len(codes))

    def per_element(values: list[int]) -> Any:
        """A per-element integer looked up for every row, -1 on rows without an element."""
        return np.asarray([*values, -1], dtype=np.int64)[element_slot]

    def per_assessment(values: list[Any]) -> Any:
        column = np.empty(len(values), dtype=object)
        column[:] = values
        return column[rows]

    def objects(column: Any) -> Any:
        """Text and Python objects keep the object dtype, whatever the data (pandas 3 would infer str)."""
        return pd.Series(column, dtype=object, copy=False)

    def categorical(values: list[Any], categories: list[Any] | None = None) -> Any:
        cats = categories if categories is not None else sorted({v for v in values if v is not None})
        index = {c: i for i, c in enumerate(cats)}
        return pd.Categorical.from_codes(
            np.asarray([index.get(v, -1) for v in values])[rows], categories=cats
        )

    ordinal = pd.array(np.where(rating_codes >= 0, rating_codes + 1, 0), dtype="Int64")
    ordinal[rating_codes < 0] = pd.NA
    heading_number = per_element([n or -1 for n in heading_numbers])
    heading = pd.array(heading_number, dtype="Int64")
    heading[heading_number < 0] = pd.NA
    present = np.unique(element_codes[has_element]).tolist()
    title_categories = sorted({titles[i] for i in present if titles[i]})
    title_index = {title: i for i, title in enumerate(title_categories)}
    frame = pd.DataFrame(
        {
            "assessment": pd.array(rows, dtype="Int64"),
            "subject": categorical([a.subject.name for a in group]),
            "subject_kind": categorical(
                [a.subject.kind.value for a in group], [k.value for k in SubjectKind]
            ),
            "urn": objects(per_assessment([a.subject.urn for a in group])),
            "ukprn": objects(per_assessment([a.subject.ukprn for a in group])),
            "trust_reference": objects(per_assessment([a.subject.trust_reference for a in group])),
            "framework_id": categorical([a.framework.id for a in group]),
            "framework_version": categorical([a.framework.version for a in group]),
            "assessed_on": pd.to_datetime(
                pd.Series(per_assessment([a.assessed_on for a in group]), dtype="object")
            ),
            "round": categorical([a.round for a in group]),
            "raters": objects(per_assessment([a.raters for a in group])),
            "perspective": categorical([a.perspective for a in group]),
            "status": categorical([a.status.value for a in group], [s.value for s in Status]),
            "heading": heading,
            "heading_title": pd.Categorical.from_codes(per_element(heading_code), categories=heading_titles),
            "element": pd.Categorical.from_codes(element_codes, categories=codes, ordered=True),
            "element_title": pd.Categorical.from_codes(
                per_element([title_index.get(title, -1) for title in titles]), categories=title_categories
            ),
            "rating": pd.Categorical.from_codes(rating_codes, categories=_LABELS, ordered=True),
            "ordinal": ordinal,
            "target": pd.Categorical.from_codes(target_codes, categories=_LABELS, ordered=True),
            "not_applicable": np.not_equal(reason, None) & has_element,
            "not_applicable_reason": objects(reason),
            "evidence": objects(evidence),
            "notes": objects(notes),
            "next_steps": objects(steps),
            "evidence_ids": objects(ids),
            "confidence": pd.Categorical(sure, categories=[c.value for c in Confidence]),
            "leans": objects(leans),
            "evidence_records": objects(
                per_assessment([[unstructure(record) for record in a.evidence] for a in group])
            ),
            "supersedes": objects(per_assessment([a.supersedes for a in group])),
            "changes": objects(per_assessment([[unstructure(c) for c in a.changes] for a in group])),
            "approvals": objects(per_assessment([[unstructure(x) for x in a.approvals] for a in group])),
        }
    )
    frame["assessed_on"] = frame["assessed_on"].astype("datetime64[ns]")
    return frame


def _row_values(
    group: list[Assessment], code_index: dict[str, int], rating_code: dict[Rating | None, int]
) -> tuple[Any, ...]:
    """Per row, what varies with the element (the assessment's own values repeat on all its rows).

    An assessment without ratings still gets one row, with no element, so that it is not lost.
    Returns NumPy arrays: the row's assessment number, element code, rating and target codes
    (integers, -1 for none), then its reason, evidence, notes and next steps (objects).
    """
    np = require("numpy", extra="analysis", feature="matframework.to_frame")
    placeholder = ElementRating(code="")
    flat = [e for a in group for e in (a.ratings or (placeholder,))]
    size = len(flat)
    sizes = np.fromiter((len(a.ratings) for a in group), dtype=np.int64, count=len(group))
    counts = np.maximum(sizes, 1)
    owner = np.repeat(np.arange(len(group), dtype=np.int64), counts)
    element = np.fromiter(map(code_index.__getitem__, map(attrgetter("code"), flat)), np.int64, size)
    element[(np.cumsum(counts) - counts)[sizes == 0]] = -1  # the rows of assessments without ratings

    def codes(field: str) -> Any:
        return np.fromiter(map(rating_code.__getitem__, map(attrgetter(field), flat)), np.int64, size)

    def column_of(values: Iterable[Any]) -> Any:
        return np.fromiter(values, dtype=object, count=size)  # item by item: tuples stay tuples

    return (
        owner,
        element,
        codes("rating"),
        codes("target"),
        column_of(map(attrgetter("not_applicable"), flat)),
        column_of(map(attrgetter("evidence"), flat)),
        column_of(
            {n.numeral: n.text for n in notes} if notes else {} for notes in map(attrgetter("notes"), flat)
        ),
        column_of(map(attrgetter("next_steps"), flat)),
        column_of(map(attrgetter("evidence_ids"), flat)),
        [e.confidence.value if e.confidence is not None else None for e in flat],
        column_of(
            {n.numeral: n.lean.value for n in leans} if leans else {}
            for leans in map(attrgetter("leans"), flat)
        ),
    )


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT and pd.NA are not equal to themselves  # noqa: PLR0124
    except (TypeError, ValueError):
        return False


def _plain(value: Any) -> Any:
    """A frame cell as plain document data: ``None`` for missing, dates as dates, tuples as lists."""
    if _missing(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, tuple):
        return list(value)
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        return value.item()  # a NumPy scalar, as the plain number it holds
    return value


_FRAME_COLUMN = {"not_applicable": "not_applicable_reason"}
"""Entry fields whose frame column has another name."""


def frame_to_assessments(frame: pd.DataFrame) -> list[Assessment]:
    """Read assessments back from a frame made by :func:`to_frame` (and edited, perhaps).

    Rows are grouped by the ``assessment`` column, in order; within an
    assessment, rows keep their order. Each assessment's rows become the same
    plain document a YAML file holds and the one converter reads it, so a bad
    value gets the same message as in a file, placed at its row (the position,
    as ``DataFrame.iloc`` counts) and column. Ratings may be edited as
    categories or as labels (read forgivingly, like documents).

    Raises:
        ValidationError: Every problem, with its field path, row and column.

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
    problems: list[Problem] = []
    records = []
    for rows in grouped.values():
        plain = [
            (
                row,
                {
                    field: _plain(values[_FRAME_COLUMN.get(field, field)])
                    for field in (*HEAD, "element", *ENTRY)
                },
            )
            for row, values in rows
        ]
        records.append(Rows(plain, problems, columns=_FRAME_COLUMN).record())
    return structure_records(records, problems)


def read_frame(frame: pd.DataFrame) -> list[Assessment]:
    """Read assessments back from a frame made by :func:`to_frame`: the pair of :func:`to_frame`.

    The same as :func:`frame_to_assessments`, named as every format's reader is (``read_csv``,
    ``read_workbook``, ``read_case``).

    Example:
        >>> from matframework import examples
        >>> read_frame(to_frame(examples.trust_assessments())) == list(examples.trust_assessments())
        True

    .. versionadded:: 0.1.0
    """
    return frame_to_assessments(frame)


def frame_distributions(frame: pd.DataFrame, by: str = "element") -> list[tuple[Any, Distribution]]:
    """Count a :func:`~matframework.to_frame` DataFrame's ratings per value of ``by``: (value, distribution), in sorted order.

    Rows without an element (an assessment with no ratings) are left out; not-applicable rows
    count as not applicable, never as unrated.

    Raises:
        ValidationError: The frame lacks ``by`` or a column the count needs.

    Example:
        >>> from matframework import examples
        >>> [(r, d.counted) for r, d in frame_distributions(to_frame(examples.trust_assessments()), by="round")]
        [('2024/25 autumn', 13), ('2025/26 autumn', 13), ('2026/27 autumn', 13)]

    .. versionadded:: 0.2.0
    """
    missing = [
        c for c in dict.fromkeys((by, "rating", "not_applicable", "element")) if c not in frame.columns
    ]
    if missing:
        raise ValidationError(
            [
                Problem(path=(c,), message="column is missing", expected="a column of to_frame()")
                for c in missing
            ]
        )
    rows = frame[frame["element"].notna()]
    found = []
    for key, part in rows.groupby(by, observed=True, sort=True):
        skipped = part["not_applicable"].astype(bool)
        ratings = [Rating(v) if isinstance(v, str) else None for v in part.loc[~skipped, "rating"]]
        found.append((key, Distribution.of(ratings, not_applicable=int(skipped.sum()))))
    return found
