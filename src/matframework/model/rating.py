"""The four-point rating: :class:`Rating` and the :class:`RatingScale` that describes it.

The MAT Assurance Framework rates each element "along a four-point scale from
red (weak capacity) to green (strong capacity)". The two ambers deliberately
have no descriptions. Ratings are ordinal: they are ordered, but they are not
numbers, so a :class:`Rating` compares with other ratings and nothing else.
"""

from __future__ import annotations

import enum
import functools
import re

import attrs

from matframework.errors import Problem, ValidationError, shown
from matframework.model._checks import constraint, instance, meets, optional_text, text, tuple_of
from matframework.model._display import attach

__all__ = ["Rating", "RatingScale", "ScaleLevel"]


def __dir__() -> list[str]:
    return __all__


_SEPARATORS = re.compile(r"[\s\-]+")


@functools.total_ordering
class Rating(enum.Enum):
    """A level of the four-point scale, ordered Red < Amber Red < Amber Green < Green.

    The value of each member is its label as the framework prints it.

    Example:
        >>> Rating.AMBER_RED < Rating.GREEN
        True
        >>> Rating.AMBER_GREEN.ordinal
        3
        >>> Rating.from_label("amber-red")
        <Rating.AMBER_RED: 'Amber Red'>
        >>> sorted([Rating.GREEN, Rating.RED])
        [<Rating.RED: 'Red'>, <Rating.GREEN: 'Green'>]

    .. versionadded:: 0.1.0
    """

    RED = "Red"
    AMBER_RED = "Amber Red"
    AMBER_GREEN = "Amber Green"
    GREEN = "Green"

    @property
    def label(self) -> str:
        """The label the framework uses, e.g. ``"Amber Red"``."""
        return self.value

    @property
    def ordinal(self) -> int:
        """The position on the scale, 1 (Red) to 4 (Green)."""
        return _ORDINALS[self]

    @classmethod
    def from_ordinal(cls, ordinal: int) -> Rating:
        """Return the rating at ``ordinal`` (1 to 4).

        Raises:
            ValidationError: ``ordinal`` is not a whole number from 1 to 4 (a ``ValueError`` too).

        Example:
            >>> Rating.from_ordinal(2)
            <Rating.AMBER_RED: 'Amber Red'>
        """
        if type(ordinal) is int and 1 <= ordinal <= len(_BY_ORDINAL):
            return _BY_ORDINAL[ordinal - 1]
        message = f"{ordinal!r} is not a rating ordinal; use a whole number from 1 to 4"
        raise ValidationError([Problem(message=message, expected="a whole number from 1 to 4")])

    @classmethod
    def from_label(cls, text: str) -> Rating:
        """Read a rating from its label, forgiving case, spaces and hyphens only.

        ``"Amber Red"``, ``"amber-red"``, ``"AMBER  RED"`` and ``"amber red"``
        all read as :attr:`~matframework.Rating.AMBER_RED`; ``"Amber"``, ``"AR"`` or ``"amber_red"``
        do not.

        Raises:
            ValidationError: ``text`` is not one of the four labels (a ``ValueError`` too); the
                message lists them.

        Example:
            >>> Rating.from_label("GREEN")
            <Rating.GREEN: 'Green'>
        """
        if isinstance(text, str):
            found = _BY_LABEL.get(text)  # the labels as written: the common case, and the quickest
            if found is None:
                found = _BY_KEY.get(_SEPARATORS.sub(" ", text.strip()).casefold())
            if found is not None:
                return found
        labels = ", ".join(r.label for r in cls)
        raise ValidationError(
            [Problem(message=f"{shown(text)} is not a rating; use one of {labels}", expected=labels)]
        )

    # Members are singletons, so identity is equality: hash them as objects (in C) rather than
    # by name as Enum does (in Python), which is most of the cost of a dict keyed by rating.
    __hash__ = object.__hash__

    def __lt__(self, other: object) -> bool:
        if isinstance(other, Rating):
            return _ORDINALS[self] < _ORDINALS[other]
        return NotImplemented

    def __str__(self) -> str:
        return self.value


_BY_ORDINAL: tuple[Rating, ...] = tuple(Rating)
_ORDINALS: dict[Rating, int] = {rating: index for index, rating in enumerate(_BY_ORDINAL, start=1)}
_BY_KEY: dict[str, Rating] = {rating.label.casefold(): rating for rating in Rating}
_BY_LABEL: dict[str, Rating] = {rating.label: rating for rating in Rating}


@attrs.frozen(kw_only=True)
class ScaleLevel:
    """One level of a :class:`RatingScale`.

    Attributes:
        rating: The level.
        meaning: What the source says the level stands for ("weak capacity"),
            or ``None`` where it says nothing.
        described: Whether the framework gives descriptors for this level
            (only Red and Green have them).
        colour: A display colour as ``#rrggbb``; chosen by matframework, not
            by the framework's authors.
        short: A short text label for cells and charts ("AR"), so colour is
            never the only cue; also matframework's own.

    Example:
        >>> level = ScaleLevel(rating=Rating.RED, meaning="weak capacity", described=True,
        ...                    colour="#c0392b", short="R")
        >>> level.label, level.ordinal
        ('Red', 1)

    .. versionadded:: 0.1.0
    """

    rating: Rating = attrs.field(validator=instance(Rating))
    meaning: str | None = attrs.field(default=None, validator=optional_text)
    described: bool = attrs.field(validator=instance(bool))
    colour: str = attrs.field(
        validator=[text, meets],
        metadata=constraint(pattern="#[0-9a-fA-F]{6}", expected="a colour like #c0392b"),
    )
    short: str = attrs.field(
        validator=[text, meets], metadata=constraint(min_length=1, expected="at least one character")
    )

    @property
    def label(self) -> str:
        """The level's label, e.g. ``"Amber Green"``."""
        return self.rating.label

    @property
    def ordinal(self) -> int:
        """The level's position, 1 to 4."""
        return self.rating.ordinal


def _four_levels_in_order(
    _instance: object, attribute: attrs.Attribute[tuple[ScaleLevel, ...]], value: tuple[ScaleLevel, ...]
) -> None:
    found = tuple(level.rating for level in value)
    if found != tuple(Rating):
        expected = ", ".join(r.label for r in Rating)
        got = ", ".join(r.label for r in found) or "nothing"
        raise ValidationError(
            [
                Problem(
                    path=(attribute.name,),
                    message=f"a rating scale lists the four levels in order ({expected}); got {got}",
                    expected=expected,
                )
            ]
        )


@attrs.frozen(kw_only=True)
class RatingScale:
    """The four-point scale of a framework: each level's label, ordinal, colour and description.

    Example:
        >>> from matframework import assurance_framework
        >>> scale = assurance_framework().scale
        >>> [level.label for level in scale.levels if level.described]
        ['Red', 'Green']
        >>> scale.level(Rating.RED).meaning
        'weak capacity'

    .. versionadded:: 0.1.0
    """

    levels: tuple[ScaleLevel, ...] = attrs.field(
        validator=[
            tuple_of(ScaleLevel),
            _four_levels_in_order,
        ]
    )

    def level(self, rating: Rating) -> ScaleLevel:
        """Return the description of ``rating`` on this scale."""
        return self.levels[rating.ordinal - 1]

    @property
    def ratings(self) -> tuple[Rating, ...]:
        """The ratings from lowest to highest."""
        return tuple(level.rating for level in self.levels)


attach(Rating, RatingScale, ScaleLevel)  # the notebook display hook (matframework.views.notebook)
