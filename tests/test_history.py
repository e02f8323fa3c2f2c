"""Tests for matframework.analysis.history: one subject's rounds, trajectories and flags."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matframework import (
    Assessment,
    IncomparableError,
    Rating,
    Subject,
    SubjectKind,
    ValidationError,
    assurance_framework,
    examples,
)
from matframework.analysis.history import FlagKind, history
from tests.strategies import ratings

FW = assurance_framework()
SCHOOL = Subject(name="Ash", kind=SubjectKind.SCHOOL, urn="999101")


def round_of(day: int, **by_code: Rating) -> Assessment:
    a = Assessment.blank(FW, subject=SCHOOL, assessed_on=dt.date(2026, 1, day), round=f"day {day}")
    for code, rating in by_code.items():
        a = a.with_rating(code, rating)
    return a


class TestHistory:
    @given(
        st.lists(st.dictionaries(st.sampled_from(FW.element_codes), ratings), min_size=1, max_size=6),
        st.randoms(),
    )
    def test_n_rounds_make_n_points(self, maps: list[dict[str, Rating]], rng: object) -> None:
        """A subject with N rounds has N points per trajectory, in date order whatever the input order."""
        rounds = [round_of(i + 1, **m) for i, m in enumerate(maps)]
        shuffled = list(rounds)
        rng.shuffle(shuffled)  # type: ignore[attr-defined]
        h = history(shuffled, framework=FW)
        assert tuple(rounds) == h.rounds
        assert all(len(maps) == len(t.points) for t in h.trajectories)
        assert [m.get("3B") for m in maps] == list(h.trajectory("3B").points)

    def test_flags(self) -> None:
        """Red in the latest three rounds, and lower twice running, are flagged; an older run of Red is not."""
        h = history(
            [
                round_of(1, **{"4B": Rating.RED, "3C": Rating.GREEN, "1A": Rating.RED}),
                round_of(2, **{"4B": Rating.RED, "3C": Rating.AMBER_GREEN, "1A": Rating.RED}),
                round_of(3, **{"4B": Rating.RED, "3C": Rating.AMBER_RED, "1A": Rating.RED}),
                round_of(4, **{"4B": Rating.RED, "3C": Rating.RED, "1A": Rating.AMBER_RED}),
            ]
        )
        assert [("3C", FlagKind.DOWN_TWICE), ("4B", FlagKind.STUCK_AT_RED)] == [
            (f.code, f.kind) for f in h.flags
        ]
        assert "4B has been Red for four rounds (day 1 to day 4)" == h.flags[1].sentence
        assert () == history([round_of(1, **{"4B": Rating.RED}), round_of(2, **{"4B": Rating.RED})]).flags
        assert 1 == len(
            history([round_of(1, **{"4B": Rating.RED}), round_of(2, **{"4B": Rating.RED})], stuck_for=2).flags
        )

    def test_movement_between_any_two_rounds(self) -> None:
        """The movement between rounds is a comparison, chosen by position or label."""
        h = history(examples.school_assessments(), subject="999102")
        assert -2 == h.movement(0, -1).movement("3C").steps
        assert h.movement(0, 2) == h.movement("2025/26 autumn", "2025/26 summer")
        with pytest.raises(ValidationError, match="no round 'winter'"):
            h.movement("winter")
        with pytest.raises(ValidationError, match="no round 7"):
            h.movement(7)

    def test_a_renamed_school_is_one_subject(self) -> None:
        """Rounds of one URN under a new name are one history, named as in the latest round."""
        renamed = attrs.evolve(round_of(2), subject=attrs.evolve(SCHOOL, name="Ash Academy"))
        h = history([round_of(1), renamed])
        assert ("Ash Academy", 2) == (h.subject, len(h.rounds))
        assert h.movement().counted == 0

    def test_refusals(self) -> None:
        """Several subjects or perspectives, undated rounds and duplicate rounds are refused, never guessed."""
        with pytest.raises(IncomparableError, match="pass subject="):
            history(examples.school_assessments())
        with pytest.raises(ValidationError, match="no assessment of '999199'"):
            history(examples.school_assessments(), subject="999199")
        with pytest.raises(IncomparableError, match="several perspectives"):
            history(examples.perspective_assessments())
        with pytest.raises(ValidationError, match="two assessments of round '2026/27 autumn'"):
            history(
                examples.perspective_assessments(), perspective="executive leaders"
            )  # three members, one round
        with pytest.raises(ValidationError, match="has no date"):
            history([attrs.evolve(round_of(1), assessed_on=None)])
        with pytest.raises(ValidationError, match="two assessments of round 'day 1'"):
            history([round_of(1), round_of(1)])
        with pytest.raises(ValidationError, match="stuck_for=1"):
            history([round_of(1)], stuck_for=1)
