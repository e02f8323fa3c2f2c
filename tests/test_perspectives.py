"""Tests for matframework.analysis.perspectives: groups' separate views of one trust, and the gaps."""

from __future__ import annotations

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
from matframework.analysis.distributions import median_rating
from matframework.analysis.perspectives import perspectives
from tests.strategies import ratings

FW = assurance_framework()
BLANK = Assessment.blank(FW, subject=Subject(name="Oak", kind=SubjectKind.TRUST), round="2026/27 autumn")


def member(group: str, **by_code: Rating) -> Assessment:
    a = attrs.evolve(BLANK, perspective=group)
    for code, rating in by_code.items():
        a = a.with_rating(code, rating)
    return a


rating_maps = st.dictionaries(st.sampled_from(FW.element_codes), ratings, min_size=1, max_size=14)


class TestPerspectives:
    @given(st.lists(rating_maps, min_size=1, max_size=4))
    def test_identical_groups_show_no_gap(self, maps: list[dict[str, Rating]]) -> None:
        """Two groups that rate exactly alike have a gap of 0 wherever both rate, and no named gaps."""
        group = [member(name, **m) for name in ("trustees", "headteachers") for m in maps]
        views = perspectives(group, framework=FW)
        assert () == views.gaps
        assert all(e.gap in (0, None) for e in views.elements)

    @given(st.lists(rating_maps, min_size=1, max_size=5), st.lists(rating_maps, min_size=1, max_size=5))
    def test_medians_and_gaps_by_hand(
        self, first: list[dict[str, Rating]], second: list[dict[str, Rating]]
    ) -> None:
        """Each group's median is the median of its members' ratings, and the gap is the steps between medians."""
        group = [member("a", **m) for m in first] + [member("b", **m) for m in second]
        views = perspectives(group, framework=FW, min_gap=1)
        for code in FW.element_codes:
            medians = [median_rating([m[code] for m in maps if code in m]) for maps in (first, second)]
            element = views.element(code)
            assert medians == [g.median for g in element.groups]
            both = None not in medians
            assert (abs(medians[0].ordinal - medians[1].ordinal) if both else None) == element.gap  # type: ignore[union-attr]
            named = [g for g in views.gaps if g.code == code]
            assert (1 if element.gap else 0) == len(named)

    def test_sentence_and_order(self) -> None:
        """Gaps are named in words with the element's title, largest first."""
        views = perspectives(
            [
                member("executive leaders", **{"3B": Rating.GREEN, "1A": Rating.AMBER_GREEN}),
                member("middle leaders", **{"3B": Rating.AMBER_RED, "1A": Rating.RED}),
            ],
            framework=FW,
        )
        assert [
            f"executive leaders rate 1A ({FW.element('1A').title}) two steps above middle leaders",
            "executive leaders rate 3B (Leadership of teaching) two steps above middle leaders",
        ] == [g.sentence for g in views.gaps]
        three = perspectives([member("x", **{"2A": Rating.GREEN}), member("y", **{"2A": Rating.RED})])
        assert ("three steps", 3) == (three.gaps[0].sentence.split(" 2A ")[1][:11], three.gaps[0].steps)

    def test_example_trust(self) -> None:
        """In the example trust, trustees see 3B more favourably than the executive leaders and headteachers."""
        views = perspectives(examples.perspective_assessments(), framework=FW)
        assert ("executive leaders", "headteachers", "trustees") == views.perspectives
        element = views.element("3B")
        assert ("trustees", 2) == (element.highest, element.gap)
        assert (3, 4, 3) == tuple(g.members for g in views.groups)
        assert all(g.alpha is not None for g in views.groups)
        not_rated = views.element("6B")  # every group marked it not applicable
        assert (None, (0, 0, 0)) == (not_rated.gap, tuple(g.counted for g in not_rated.groups))

    def test_one_member_groups_have_no_alpha(self) -> None:
        """A group that gave one agreed assessment has no agreement measure, and says why."""
        views = perspectives([member("a", **{"1A": Rating.RED}), member("b", **{"1A": Rating.RED})])
        assert (None, "the group gave one assessment") == (views.groups[0].alpha, views.groups[0].alpha_note)

    def test_refusals(self) -> None:
        """No perspective, one group, other subjects, other rounds and a gap below one are refused clearly."""
        with pytest.raises(ValidationError, match="names no perspective") as info:
            perspectives([BLANK, member("a")])
        assert (0, "perspective") == info.value.problems[0].path
        with pytest.raises(ValidationError, match="two or more groups; got 'a'"):
            perspectives([member("a"), member("a")])
        other = attrs.evolve(member("b"), subject=Subject(name="Elm", kind=SubjectKind.TRUST))
        with pytest.raises(IncomparableError, match="different subjects"):
            perspectives([member("a"), other])
        with pytest.raises(IncomparableError, match="different rounds"):
            perspectives([member("a"), attrs.evolve(member("b"), round="2025/26 autumn")])
        with pytest.raises(ValidationError, match="min_gap=0"):
            perspectives([member("a"), member("b")], min_gap=0)
        with pytest.raises(KeyError, match="the groups are 'a', 'b'"):
            perspectives([member("a"), member("b")]).element("1A").group("c")
