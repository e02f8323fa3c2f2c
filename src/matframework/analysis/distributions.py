"""Counting ordinal ratings: :class:`Distribution` and :func:`median_rating`.

Ratings are ordinal: four ordered levels, not numbers. A distribution counts
them, with the unrated and the not-applicable kept apart, and its median
needs only the order of the levels.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence

import attrs

from matframework.errors import Problem, ValidationError
from matframework.model._checks import tuple_of
from matframework.model._display import attach
from matframework.model.assessment import ElementRating
from matframework.model.rating import Rating

__all__ = ["Distribution", "median_rating"]


def __dir__() -> list[str]:
    return __all__


def median_rating(ratings: Iterable[Rating]) -> Rating | None:
    """Return the median of ``ratings`` (the lower middle one for an even count), or ``None`` if empty.

    The median needs only the order of the levels, so it suits ordinal
    ratings; the lower middle is taken so the result is always a level.

    Example:
        >>> median_rating([Rating.RED, Rating.GREEN, Rating.AMBER_GREEN])
        <Rating.AMBER_GREEN: 'Amber Green'>
        >>> median_rating([Rating.RED, Rating.GREEN]) is Rating.RED
        True

    .. versionadded:: 0.1.0
    """
    ordinals = sorted(r.ordinal for r in ratings)
    if not ordinals:
        return None
    return Rating.from_ordinal(statistics.median_low(ordinals))


def _four_counts(
    _instance: object, attribute: attrs.Attribute[tuple[int, ...]], value: tuple[int, ...]
) -> None:
    if len(value) != len(_LEVELS):
        raise ValidationError(
            [
                Problem(
                    path=(attribute.name,),
                    message=f"must be one count per level, got {len(value)}",
                    expected="four counts, Red to Green",
                )
            ]
        )


_LEVELS = tuple(Rating)

_INDEX = {rating: index for index, rating in enumerate(_LEVELS)}

Tally = tuple[tuple[int, ...], int, int]
"""A distribution's fields before it is made: the counts Red to Green, the unrated, the not applicable."""


def tally_entries(entries: Iterable[ElementRating | None]) -> Tally:
    """Count element entries in one pass, as :meth:`Distribution.of_entries` does, without making one."""
    counts = [0, 0, 0, 0]
    unrated = skipped = 0
    for entry in entries:
        if entry is not None and entry.not_applicable is not None:
            skipped += 1
        elif entry is None or entry.rating is None:
            unrated += 1
        else:
            counts[_INDEX[entry.rating]] += 1
    return tuple(counts), unrated, skipped


_UNRATED, _SKIPPED = 4, 5  # a tally row holds the four counts, then these two


def tally_codes(lookups: Iterable[Mapping[str, ElementRating]], codes: Sequence[str]) -> list[Tally]:
    """Each code's tally over ``lookups`` (entries by code), as :func:`tally_entries` counts them.

    One pass over the lookups, each read once for all its codes: counting a national year
    element by element read every assessment's entries fourteen times over.
    """
    rows = [[0] * 6 for _ in codes]
    pairs = list(zip(codes, rows, strict=True))
    for lookup in lookups:
        for code, row in pairs:
            entry = lookup.get(code)
            if entry is None:
                row[_UNRATED] += 1
            elif entry.not_applicable is not None:
                row[_SKIPPED] += 1
            elif entry.rating is None:
                row[_UNRATED] += 1
            else:
                row[_INDEX[entry.rating]] += 1
    return [(tuple(row[:_UNRATED]), row[_UNRATED], row[_SKIPPED]) for row in rows]


def sum_tallies(tallies: Iterable[Tally]) -> Tally:
    """The tallies together, as ``+`` adds their distributions."""
    counts = [0, 0, 0, 0]
    unrated = skipped = 0
    for part, part_unrated, part_skipped in tallies:
        for level, count in enumerate(part):
            counts[level] += count
        unrated += part_unrated
        skipped += part_skipped
    return tuple(counts), unrated, skipped


@attrs.frozen(kw_only=True)
class Distribution:
    """How many elements got each rating, and how many were unrated or not applicable.

    Attributes:
        counts: The number rated at each level, from Red to Green.
        unrated: Applicable elements with no rating.
        not_applicable: Elements marked not applicable (left out of ``counted``).

    Example:
        >>> d = Distribution.of([Rating.RED, Rating.GREEN, Rating.GREEN, None])
        >>> d.count(Rating.GREEN), d.counted, d.unrated
        (2, 3, 1)

    .. versionadded:: 0.1.0
    """

    counts: tuple[int, ...] = attrs.field(
        default=(0, 0, 0, 0),
        validator=[tuple_of(int), _four_counts],
    )
    unrated: int = 0
    not_applicable: int = 0

    @classmethod
    def of(cls, ratings: Iterable[Rating | None], *, not_applicable: int = 0) -> Distribution:
        """Count ``ratings`` (``None`` counts as unrated)."""
        counts = [0, 0, 0, 0]
        unrated = 0
        for rating in ratings:
            if rating is None:
                unrated += 1
            else:
                counts[rating.ordinal - 1] += 1
        return cls(
            counts=tuple(counts),
            unrated=unrated,
            not_applicable=not_applicable,
        )

    @classmethod
    def of_entries(cls, entries: Iterable[ElementRating | None]) -> Distribution:
        """Count element entries: rated, unrated (``None`` or no rating) and not applicable, in one pass."""
        counts, unrated, skipped = tally_entries(entries)
        return cls(counts=counts, unrated=unrated, not_applicable=skipped)

    def __add__(self, other: object) -> Distribution:
        """The counts of both together (a profile's overall distribution is its headings' sum).

        Example:
            >>> both = Distribution.of([Rating.RED]) + Distribution.of([Rating.RED, None])
            >>> both.count(Rating.RED), both.unrated
            (2, 1)
            >>> sum([Distribution.of([Rating.GREEN])] * 3, Distribution()).count(Rating.GREEN)
            3
        """
        if not isinstance(other, Distribution):
            return NotImplemented
        return Distribution(
            counts=tuple(a + b for a, b in zip(self.counts, other.counts, strict=True)),
            unrated=self.unrated + other.unrated,
            not_applicable=self.not_applicable + other.not_applicable,
        )

    def count(self, rating: Rating) -> int:
        """How many were rated ``rating``."""
        return self.counts[rating.ordinal - 1]

    @property
    def counted(self) -> int:
        """How many were rated (the denominator of shares)."""
        return sum(self.counts)

    @property
    def total(self) -> int:
        """The number of elements counted here, rated, unrated and not applicable."""
        return self.counted + self.unrated + self.not_applicable

    @property
    def median(self) -> Rating | None:
        """The median rating (lower middle for an even count); ``None`` when nothing is rated."""
        return median_rating(r for r in Rating for _ in range(self.count(r)))

    def share(self, rating: Rating) -> float | None:
        """The share of rated elements at ``rating``; ``None`` when nothing is rated."""
        return self.count(rating) / self.counted if self.counted else None

    def as_dict(self) -> dict[str, int]:
        """The counts by label, e.g. ``{"Red": 1, …, "unrated": 0, "not applicable": 0}``."""
        return {
            **{r.label: self.count(r) for r in Rating},
            "unrated": self.unrated,
            "not applicable": self.not_applicable,
        }


attach(Distribution)  # the notebook display hook (matframework.views.notebook)
