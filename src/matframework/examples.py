"""A worked example dataset: a FICTIONAL trust, its schools, three rounds and three raters.

Oak Valley Learning Trust, its five schools and its leaders are invented.
The ratings are made by a fixed pseudo-random recipe (so every run gives the
same data) to show what the library does with a realistic amount of data;
they describe no real trust or school.

Example:
    >>> from matframework import examples
    >>> len(examples.school_assessments()), examples.ROUNDS[-1]
    (15, '2026/27 autumn')
    >>> sorted(examples.rater_assessments())
    ['A. Example (CEO)', 'B. Example (Director of Education)', 'C. Example (Chair of Trustees)']
"""

from __future__ import annotations

import datetime as dt
import functools
import random

from matframework.documents.bundled import assurance_framework
from matframework.model.assessment import (
    Assessment,
    ElementRating,
    FrameworkRef,
    Status,
    Subject,
    SubjectKind,
)
from matframework.model.rating import Rating

__all__ = [
    "FICTIONAL_NOTE",
    "ROUNDS",
    "SCHOOLS",
    "TRUST",
    "rater_assessments",
    "school_assessments",
    "trust_assessments",
]


def __dir__() -> list[str]:
    return __all__


FICTIONAL_NOTE = (
    "Fictional example data: Oak Valley Learning Trust, its schools and its leaders are invented, "
    "and the ratings describe no real trust or school."
)
TRUST = "Oak Valley Learning Trust (fictional)"
SCHOOLS = (
    "Ash Primary (fictional)",
    "Birch Primary (fictional)",
    "Cedar Primary (fictional)",
    "Elm Secondary (fictional)",
    "Willow Academy (fictional)",
)
ROUNDS = ("2024/25 autumn", "2025/26 autumn", "2026/27 autumn")
_DATES = (dt.date(2024, 10, 16), dt.date(2025, 10, 15), dt.date(2026, 10, 14))
_RATERS = ("A. Example (CEO)", "B. Example (Director of Education)", "C. Example (Chair of Trustees)")


def _ratings(rng: random.Random, start: dict[str, int], round_index: int) -> tuple[ElementRating, ...]:
    entries = []
    for code, base in start.items():
        rises = sum(1 for _ in range(round_index) if rng.random() < 0.3)  # noqa: PLR2004
        level = max(1, min(4, base + rises - (1 if rng.random() < 0.08 else 0)))  # noqa: PLR2004
        target = Rating.from_ordinal(min(4, level + 1)) if level < 3 and rng.random() < 0.5 else None  # noqa: PLR2004
        entries.append(ElementRating(code=code, rating=Rating.from_ordinal(level), target=target))
    return tuple(entries)


def _series(subject: Subject, seed: int) -> tuple[Assessment, ...]:
    rng = random.Random(seed)  # noqa: S311 - a fixed recipe for example data, not security
    codes = assurance_framework().element_codes
    start = {code: rng.choice((1, 1, 2, 2, 2, 3, 3)) for code in codes}
    ref = FrameworkRef.to(assurance_framework())
    return tuple(
        Assessment(
            subject=subject,
            framework=ref,
            assessed_on=_DATES[index],
            round=label,
            raters=(_RATERS[0],),
            status=Status.FINAL,
            ratings=_ratings(rng, start, index),
        )
        for index, label in enumerate(ROUNDS)
    )


@functools.cache
def trust_assessments() -> tuple[Assessment, ...]:
    """The fictional trust's own assessment in each of the three rounds (final)."""
    return _series(Subject(name=TRUST, kind=SubjectKind.TRUST, trust_reference="TR09999"), seed=2024)


@functools.cache
def school_assessments() -> tuple[Assessment, ...]:
    """Each fictional school's assessment in each round: five schools × three rounds."""
    result: list[Assessment] = []
    for number, name in enumerate(SCHOOLS):
        subject = Subject(name=name, kind=SubjectKind.SCHOOL, urn=f"99990{number}")
        result.extend(_series(subject, seed=100 + number))
    return tuple(result)


@functools.cache
def rater_assessments() -> dict[str, Assessment]:
    """Three leaders' independent ratings of the trust in the latest round, by rater.

    Each rater starts from the trust's agreed ratings and sees some elements
    a level (occasionally two) higher or lower.
    """
    agreed = trust_assessments()[-1]
    rng = random.Random(7)  # noqa: S311 - a fixed recipe for example data, not security
    result = {}
    for rater in _RATERS:
        ratings = []
        for entry in agreed.ratings:
            assert entry.rating is not None  # noqa: S101 - example data is fully rated
            shift = rng.choice((0, 0, 0, 0, 1, -1, 1, -1, 2, -2))
            level = max(1, min(4, entry.rating.ordinal + shift))
            ratings.append(ElementRating(code=entry.code, rating=Rating.from_ordinal(level)))
        result[rater] = Assessment(
            subject=agreed.subject,
            framework=agreed.framework,
            assessed_on=agreed.assessed_on,
            round=agreed.round,
            raters=(rater,),
            status=Status.FINAL,
            ratings=tuple(ratings),
        )
    return result
