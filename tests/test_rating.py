"""Tests for matframework.model.rating."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matframework import Rating, RatingScale, ScaleLevel
from tests.strategies import rating_scales, ratings


class TestRating:
    def test_order(self) -> None:
        """The four levels run Red < Amber Red < Amber Green < Green."""
        assert [Rating.RED, Rating.AMBER_RED, Rating.AMBER_GREEN, Rating.GREEN] == sorted(
            [Rating.GREEN, Rating.AMBER_GREEN, Rating.RED, Rating.AMBER_RED]
        )
        assert Rating.AMBER_GREEN > Rating.AMBER_RED
        assert Rating.RED <= Rating.RED

    def test_labels_and_ordinals(self) -> None:
        """Labels are the framework's words; ordinals run 1 to 4."""
        assert [("Red", 1), ("Amber Red", 2), ("Amber Green", 3), ("Green", 4)] == [
            (r.label, r.ordinal) for r in Rating
        ]
        assert str(Rating.AMBER_RED) == "Amber Red"

    @given(ratings, ratings)
    def test_order_follows_ordinal(self, a: Rating, b: Rating) -> None:
        """Comparing ratings is comparing their ordinals."""
        assert (a < b) == (a.ordinal < b.ordinal)
        assert (a == b) == (a.ordinal == b.ordinal)

    def test_not_comparable_with_numbers(self) -> None:
        """A rating is ordinal, not a number: comparing with an int is a TypeError."""
        one: object = 1
        with pytest.raises(TypeError):
            _ = Rating.RED < one
        assert Rating.RED != one

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Amber Red", Rating.AMBER_RED),
            ("amber-red", Rating.AMBER_RED),
            ("AMBER RED", Rating.AMBER_RED),
            ("  amber   green ", Rating.AMBER_GREEN),
            ("Amber - Green", Rating.AMBER_GREEN),
            ("green", Rating.GREEN),
            ("RED", Rating.RED),
        ],
    )
    def test_from_label_forgives_case_spaces_hyphens(self, text: str, expected: Rating) -> None:
        """Case, spaces and hyphens are forgiven."""
        assert expected is Rating.from_label(text)

    @pytest.mark.parametrize("text", ["Amber", "AR", "amber_red", "Redd", "", "1", "Amber.Red"])
    def test_from_label_rejects_anything_else(self, text: str) -> None:
        """Anything beyond case, spaces and hyphens is refused, listing the four labels."""
        with pytest.raises(ValueError, match="use one of Red, Amber Red, Amber Green, Green"):
            Rating.from_label(text)

    def test_from_label_rejects_non_text(self) -> None:
        """A number is not a label."""
        with pytest.raises(ValueError, match="is not a rating"):
            Rating.from_label(3)  # type: ignore[arg-type]

    @given(ratings)
    def test_ordinal_round_trip(self, rating: Rating) -> None:
        """from_ordinal inverts ordinal."""
        assert rating is Rating.from_ordinal(rating.ordinal)

    @pytest.mark.parametrize("value", [0, 5, -1, True, 2.0])
    def test_from_ordinal_rejects(self, value: object) -> None:
        """Only the whole numbers 1 to 4 are ordinals."""
        with pytest.raises(ValueError, match="whole number from 1 to 4"):
            Rating.from_ordinal(value)  # type: ignore[arg-type]

    @given(ratings)
    def test_pickles(self, rating: Rating) -> None:
        """Ratings survive pickling as the same member."""
        assert rating is pickle.loads(pickle.dumps(rating))

    @given(ratings, st.sampled_from(["Red", "RED", 1, None]))
    def test_keys(self, rating: Rating, other: object) -> None:
        """As dict keys, ratings find themselves (also after a pickle round trip) and nothing else."""
        table = {r: r.ordinal for r in Rating}
        assert rating.ordinal == table[pickle.loads(pickle.dumps(rating))]
        assert 4 == len({*Rating, *Rating})
        assert other not in table


class TestRatingScale:
    def _level(self, rating: Rating) -> ScaleLevel:
        return ScaleLevel(rating=rating, described=True, colour="#000000", short="x")

    def test_needs_four_levels_in_order(self) -> None:
        """A scale lists Red, Amber Red, Amber Green, Green in that order."""
        levels = tuple(self._level(r) for r in reversed(Rating))
        with pytest.raises(ValueError, match="four levels in order"):
            RatingScale(levels=levels)
        with pytest.raises(ValueError, match="got nothing"):
            RatingScale(levels=())

    @given(rating_scales(), ratings)
    def test_level_lookup(self, scale: RatingScale, rating: Rating) -> None:
        """level() returns the level of that rating."""
        assert rating is scale.level(rating).rating
        assert rating.ordinal == scale.level(rating).ordinal
        assert rating.label == scale.level(rating).label
        assert tuple(Rating) == scale.ratings

    @pytest.mark.parametrize("colour", ["red", "#fff", "#gggggg", "c0392b"])
    def test_colour_must_be_hex(self, colour: str) -> None:
        """Colours are #rrggbb."""
        with pytest.raises(ValueError, match="must be a colour"):
            ScaleLevel(rating=Rating.RED, described=True, colour=colour, short="R")

    def test_short_label_required(self) -> None:
        """The short text label cannot be empty (colour is never the only cue)."""
        with pytest.raises(ValueError, match="short"):
            ScaleLevel(rating=Rating.RED, described=True, colour="#000000", short="")

    @given(st.sampled_from(Rating))
    def test_frozen(self, rating: Rating) -> None:
        """Levels are immutable."""
        level = self._level(rating)
        with pytest.raises(AttributeError):
            level.colour = "#ffffff"  # type: ignore[misc]
