"""Tests for matframework.analysis: distributions, profiles, comparisons, groups (aggregates, benchmarks)."""

from __future__ import annotations

import datetime as dt
import gc

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matframework import (
    Assessment,
    Direction,
    Distribution,
    ElementRating,
    ExtremesRule,
    FrameworkRef,
    IncomparableError,
    Rating,
    Subject,
    SubjectKind,
    UnknownElementError,
    ValidationError,
    aggregate,
    assurance_framework,
    benchmark,
    compare,
    converter,
    examples,
    load,
    profile,
)
from matframework.analysis.distributions import median_rating
from tests.strategies import assessments, ratings

FW = assurance_framework()
CODES = FW.element_codes
BLANK = Assessment.blank(FW, subject=Subject(name="Oak", kind=SubjectKind.TRUST))


def rated(**by_code: Rating | None) -> Assessment:
    a = BLANK
    for code, rating in by_code.items():
        a = a.with_rating(code, rating)
    return a


rating_maps = st.dictionaries(st.sampled_from(CODES), ratings, max_size=14)


def from_map(mapping: dict[str, Rating]) -> Assessment:
    return rated(**mapping)


class TestMedianAndDistribution:
    def test_median_low(self) -> None:
        """The median is a level: the lower middle one for an even count."""
        assert median_rating([]) is None
        assert Rating.AMBER_RED is median_rating([Rating.GREEN, Rating.AMBER_RED, Rating.RED, Rating.GREEN])

    def test_distribution(self) -> None:
        """Counts, shares and totals."""
        d = Distribution.of([Rating.RED, Rating.RED, Rating.GREEN, None], not_applicable=2)
        assert (3, 1, 2, 6) == (d.counted, d.unrated, d.not_applicable, d.total)
        assert 2 / 3 == d.share(Rating.RED)
        assert Distribution().share(Rating.RED) is None
        assert Rating.RED is d.median


class TestProfile:
    def test_worked_example(self) -> None:
        """The fictional example trust: strengths, priorities, heading medians, targets, counts."""
        a = load("examples/oak-valley-trust-2026-autumn.yaml", Assessment)
        p = profile(a, framework=FW)
        assert ("1A", "5A") == p.strengths
        assert ("3B",) == p.priorities
        assert 13 == p.counted
        assert 1 == p.distribution.not_applicable
        assert () == p.unrated
        assert Rating.AMBER_GREEN is p.median
        assert [
            Rating.AMBER_GREEN,
            Rating.AMBER_RED,
            Rating.AMBER_RED,
            Rating.AMBER_RED,
            Rating.AMBER_GREEN,
            Rating.AMBER_GREEN,
        ] == [h.median for h in p.headings]
        # targets: 1B AG->G (gap 1, reach 3), 2A AR->AG (gap 1, reach 2), 3B R->AG (gap 2, reach 2)
        assert 3 == p.targets_counted
        assert pytest.approx(1 - 4 / 7) == p.target_attainment
        assert 2 == p.element("3B").gap_to_target
        # mean of ordinals: G4 AG3 AG3 AR2 AR2 AG3 R1 AR2 AG3 AR2 G4 AG3 AG3 = 35 / 13
        assert pytest.approx(35 / 13) == p.mean_ordinal

    def test_cascade_rule(self) -> None:
        """Without Green elements, Amber Green ones are the strengths; ties keep framework order."""
        p = profile(rated(**{"5B": Rating.AMBER_GREEN, "2A": Rating.AMBER_GREEN, "1C": Rating.AMBER_RED}))
        assert ("2A", "5B") == p.strengths
        assert ("1C",) == p.priorities

    def test_rule_configurable(self) -> None:
        """Without cascading, every listed level counts, most extreme first; limit trims."""
        a = rated(**{"6A": Rating.GREEN, "2A": Rating.AMBER_GREEN, "1A": Rating.GREEN})
        assert ("1A", "6A", "2A") == profile(a, rule=ExtremesRule(cascade=False)).strengths
        assert ("1A",) == profile(a, rule=ExtremesRule(limit=1)).strengths
        with pytest.raises(ValueError, match="limit"):
            ExtremesRule(limit=0)

    def test_without_framework(self) -> None:
        """Without a framework, headings come from the element codes."""
        a = attrs.evolve(
            BLANK, ratings=(ElementRating(code="2A", rating=Rating.RED), ElementRating(code="1B"))
        )
        p = profile(a)
        assert [(1, None, ("1B",)), (2, None, ("2A",))] == [(h.number, h.title, h.codes) for h in p.headings]
        assert ("1B",) == p.unrated

    def test_missing_elements_unrated_with_framework(self) -> None:
        """With a framework, elements the assessment leaves out count as unrated."""
        a = attrs.evolve(BLANK, ratings=(ElementRating(code="2A", rating=Rating.RED),))
        assert 13 == len(profile(a, framework=FW).unrated)

    def test_no_targets(self) -> None:
        """Target figures are None when nothing has a target."""
        p = profile(rated(**{"1A": Rating.RED}))
        assert (None, 0) == (p.target_attainment, p.targets_counted)
        assert profile(BLANK).mean_ordinal is None

    def test_unknown_element(self) -> None:
        """Asking a profile for an element it lacks is an UnknownElementError (a KeyError) with suggestions."""
        with pytest.raises(UnknownElementError, match="did you mean") as caught:
            profile(BLANK).element("3b")
        assert isinstance(caught.value, KeyError)
        assert "3B" == caught.value.suggestions[0]

    def test_repr_and_plain_dict(self) -> None:
        """The repr is one readable line; the converter gives a plain dict with labels."""
        p = profile(rated(**{"1A": Rating.GREEN, "3B": Rating.RED}), framework=FW)
        assert "<Profile: 2 rated of 14 elements, median Red; strengths 1A; priorities 3B>" == repr(p)
        data = converter.unstructure(p)
        assert "Green" == data["elements"][0]["rating"]
        assert ("3B",) == tuple(data["priorities"])

    @given(rating_maps.filter(bool), st.data())
    def test_raising_never_lowers_heading_median(
        self, mapping: dict[str, Rating], data: st.DataObject
    ) -> None:
        """Raising one rated element's rating never lowers its heading's median."""
        code = data.draw(st.sampled_from(sorted(mapping)))
        raised = {**mapping, code: Rating.from_ordinal(min(4, mapping[code].ordinal + 1))}
        heading = int(code[0]) - 1
        old = profile(from_map(mapping), framework=FW).headings[heading].median
        new = profile(from_map(raised), framework=FW).headings[heading].median
        assert old is not None
        assert new is not None
        assert new >= old

    @given(rating_maps)
    def test_counts_add_up(self, mapping: dict[str, Rating]) -> None:
        """Rated and unrated elements add up to the framework; headings add up to the whole."""
        p = profile(from_map(mapping), framework=FW)
        assert 14 == p.distribution.total
        assert len(mapping) == p.counted
        assert p.distribution.counts == tuple(
            sum(h.distribution.counts[i] for h in p.headings) for i in range(4)
        )
        assert set(p.strengths).isdisjoint(p.priorities)

    @given(assessments())
    def test_overall_counts_each_entry_once(self, assessment: Assessment) -> None:
        """The overall distribution is a direct count of the entries: rated by level, unrated, not applicable."""
        p = profile(assessment)
        entries = assessment.ratings
        applicable = [e for e in entries if e.not_applicable is None]
        assert p.distribution.not_applicable == len(entries) - len(applicable)
        assert p.distribution.unrated == sum(1 for e in applicable if e.rating is None)
        assert p.distribution.counts == tuple(sum(1 for e in applicable if e.rating is r) for r in Rating)
        assert p.distribution == Distribution.of_entries(entries)

    @given(assessments())
    def test_scores_match_the_entries(self, assessment: Assessment) -> None:
        """Each score (shared between profiles or not) is its entry's rating, target and applicability."""
        for score in profile(assessment).elements:
            entry = assessment.entries[score.code]
            assert (score.rating, score.target) == (entry.rating, entry.target)
            assert score.not_applicable is (entry.not_applicable is not None)
        again = profile(attrs.evolve(assessment, round="another copy"))
        assert again.elements == profile(assessment).elements

    def test_profiles_leave_the_collector_few_objects(self) -> None:
        """A year of profiles shares equal scores and headings: a few objects each for the collector."""
        year = [rated(**{"1A": Rating.GREEN, "3B": Rating.RED}, **{"6A": r}) for r in (*Rating, None) * 40]
        gc.collect()
        before = len(gc.get_objects())
        held = [profile(a, framework=FW) for a in year]
        gc.collect()
        made = len(gc.get_objects()) - before
        assert made < 8 * len(held), f"{made / len(held):.1f} tracked objects per profile"
        assert held[0].elements[0] is held[1].elements[0]


class TestCompare:
    def test_worked_example(self) -> None:
        """Known movements between two rounds."""
        before = rated(**{"1A": Rating.RED, "1B": Rating.GREEN, "1C": Rating.AMBER_RED, "2A": Rating.RED})
        after = rated(
            **{"1A": Rating.AMBER_GREEN, "1B": Rating.AMBER_GREEN, "1C": Rating.AMBER_RED, "2B": Rating.RED}
        )
        c = compare(before, after)
        assert (Direction.IMPROVED, 2) == (c.movement("1A").direction, c.movement("1A").steps)
        assert (Direction.DECLINED, -1) == (c.movement("1B").direction, c.movement("1B").steps)
        assert Direction.UNCHANGED is c.movement("1C").direction
        assert (Direction.DROPPED, None) == (c.movement("2A").direction, c.movement("2A").steps)
        assert Direction.NEW is c.movement("2B").direction
        assert {
            "improved": 1,
            "declined": 1,
            "unchanged": 1,
            "new": 1,
            "dropped": 1,
            "not rated": 9,
        } == c.summary
        assert 3 == c.counted
        assert "1 improved, 1 declined, 1 unchanged; 1 new, 1 dropped" in repr(c)

    def test_target_progress(self) -> None:
        """Progress closes the baseline's distance to target; overshoot counts only up to the target."""
        before = BLANK.with_rating("1A", Rating.RED, target=Rating.GREEN).with_rating(
            "1B", Rating.AMBER_RED, target=Rating.AMBER_GREEN
        )
        after = before.with_rating("1A", Rating.AMBER_RED, target=Rating.GREEN).with_rating(
            "1B", Rating.GREEN, target=Rating.AMBER_GREEN
        )
        c = compare(before, after)
        assert pytest.approx((1 + 1) / (3 + 1)) == c.target_progress
        assert 2 == c.targets_counted
        assert compare(BLANK, BLANK).target_progress is None

    def test_not_applicable_not_compared(self) -> None:
        """An element not applicable in either round is not compared."""
        before = rated(**{"6B": Rating.RED})
        after = BLANK.with_rating("6B", None, not_applicable="Reviewed next year")
        assert Direction.NOT_RATED is compare(before, after).movement("6B").direction

    def test_refuses_different_subjects_and_frameworks(self) -> None:
        """Different subjects or frameworks are refused unless allowed."""
        other = attrs.evolve(BLANK, subject=Subject(name="Elm", kind=SubjectKind.TRUST))
        with pytest.raises(IncomparableError, match="different subjects"):
            compare(BLANK, other)
        assert 14 == len(compare(BLANK, other, allow_different=True).movements)
        v2 = attrs.evolve(BLANK, framework=FrameworkRef(id="mat-assurance-framework", version="2"))
        with pytest.raises(IncomparableError, match="different frameworks"):
            compare(BLANK, v2)

    def test_unknown_movement(self) -> None:
        """Asking for an element not compared is an UnknownElementError, as on the assessment itself."""
        with pytest.raises(UnknownElementError) as caught:
            compare(BLANK, BLANK).movement("9Z")
        with pytest.raises(UnknownElementError) as direct:
            BLANK.element_rating("9Z")
        assert str(direct.value) == str(caught.value)

    @given(rating_maps)
    def test_compare_with_itself_is_unchanged(self, mapping: dict[str, Rating]) -> None:
        """compare(a, a): every rated element unchanged, the rest not rated."""
        a = from_map(mapping)
        c = compare(a, a)
        assert set(mapping) == set(c.codes(Direction.UNCHANGED))
        assert 14 - len(mapping) == len(c.codes(Direction.NOT_RATED))

    @given(rating_maps, rating_maps)
    def test_steps_are_differences(self, one: dict[str, Rating], two: dict[str, Rating]) -> None:
        """Steps are the differences of ordinals, and reverse when the order of comparison does."""
        forward, backward = compare(from_map(one), from_map(two)), compare(from_map(two), from_map(one))
        for code in set(one) & set(two):
            assert two[code].ordinal - one[code].ordinal == forward.movement(code).steps
            assert forward.movement(code).steps == -(backward.movement(code).steps or 0)


def of(name: str, assessment: Assessment) -> Assessment:
    """The same assessment of another subject (a school of the group)."""
    return attrs.evolve(assessment, subject=Subject(name=name, kind=SubjectKind.SCHOOL))


class TestGroup:
    def group(self) -> list[Assessment]:
        return [
            of("Ash", rated(**{"3B": Rating.RED, "1A": Rating.GREEN})),
            of("Birch", rated(**{"3B": Rating.RED})),
            of("Cedar", rated(**{"3B": Rating.AMBER_GREEN})),
            of("Elm", BLANK.with_rating("3B", None, not_applicable="n/a")),
        ]

    def test_aggregate(self) -> None:
        """Per element, the group's distribution, with unrated and not applicable counted apart."""
        agg = aggregate(self.group(), framework=FW)
        assert {
            "Red": 2,
            "Amber Red": 0,
            "Amber Green": 1,
            "Green": 0,
            "unrated": 0,
            "not applicable": 1,
        } == (agg.distribution("3B").as_dict())
        assert (1, 3) == (agg.distribution("1A").count(Rating.GREEN), agg.distribution("1A").unrated)
        assert (
            "<Aggregate of 4 assessments over 14 elements: "
            "the latest assessment of each subject counted (each was assessed once)>"
        ) == repr(agg)
        with pytest.raises(UnknownElementError, match="no element '9Z'"):
            agg.distribution("9Z")

    def test_benchmark(self) -> None:
        """Shares of the rated group below, equal and above; the not-applicable member is left out."""
        b = benchmark(rated(**{"3B": Rating.AMBER_RED}), self.group(), framework=FW)
        p = b.position("3B")
        assert pytest.approx(2 / 3) == p.below
        assert pytest.approx(1 / 3) == p.above
        assert (0.0, 3) == (p.equal, p.counted)
        unrated = b.position("2A")
        assert (None, None, 0) == (unrated.rating, unrated.below, unrated.counted)
        assert 4 == b.group_size
        with pytest.raises(UnknownElementError, match="no element '9Z'"):
            b.position("9Z")

    @given(st.lists(rating_maps, min_size=1, max_size=6))
    def test_aggregate_counts_sum_to_group_size(self, maps: list[dict[str, Rating]]) -> None:
        """Every element's counts (rated, unrated, not applicable) sum to the group size."""
        agg = aggregate([of(str(i), from_map(m)) for i, m in enumerate(maps)], framework=FW)
        assert all(len(maps) == d.total for d in agg.distributions)

    @given(st.lists(assessments(evidence=False), max_size=8))
    def test_aggregate_is_each_element_counted_directly(self, group: list[Assessment]) -> None:
        """Each element's distribution is a direct count of the group's entries for that code."""
        group = [attrs.evolve(a, framework=group[0].framework) for a in group]
        agg = aggregate(group, rounds="all")
        for code, counted in zip(agg.codes, agg.distributions, strict=True):
            entries = [a.entries.get(code) for a in group]
            assert counted == Distribution.of_entries(entries)
            assert counted.not_applicable == sum(1 for e in entries if e and e.not_applicable is not None)
            assert counted.counts == tuple(
                sum(1 for e in entries if e and e.not_applicable is None and e.rating is r) for r in Rating
            )

    def test_rounds_are_not_subjects(self) -> None:
        """Schools assessed in several rounds count once each, unless every round is asked for."""
        every = examples.school_assessments()
        schools = {a.subject.name for a in every}
        latest = aggregate(every, framework=FW)
        assert (len(schools), len(every) - len(schools)) == (latest.size, latest.set_aside)
        assert "earlier rounds set aside" in latest.counting
        all_rounds = aggregate(every, framework=FW, rounds="all")
        assert (len(every), "all") == (all_rounds.size, all_rounds.rounds)
        assert "counts once per round" in all_rounds.counting
        b = benchmark(every[-1], every, framework=FW)
        assert (len(schools), latest.set_aside) == (b.group_size, b.set_aside)

    def test_rounds_must_be_a_choice(self) -> None:
        """A misspelt rounds choice is refused, not read as one of the two."""
        with pytest.raises(ValidationError, match="'latest' or 'all'"):
            aggregate(self.group(), rounds="last")  # type: ignore[call-overload]

    @given(
        st.lists(
            st.tuples(st.sampled_from("ABC"), st.sampled_from([None, "x"]), st.integers(0, 3), rating_maps),
            min_size=1,
            max_size=8,
        )
    )
    def test_latest_per_subject_is_the_hand_made_selection(
        self, made: list[tuple[str, str | None, int, dict[str, Rating]]]
    ) -> None:
        """The default group is the one a person picks: each subject's (and perspective's) latest by date."""
        group = [
            attrs.evolve(of(name, from_map(m)), perspective=view, assessed_on=dt.date(2026, 1, 1 + day))
            for name, view, day, m in made
        ]
        chosen: dict[tuple[str, str | None], Assessment] = {}
        for a in group:  # by hand: a later or equal date replaces what was held
            key = (a.subject.name, a.perspective)
            if key not in chosen or chosen[key].assessed_on <= a.assessed_on:  # type: ignore[operator]
                chosen[key] = a
        assert aggregate(list(chosen.values()), framework=FW, rounds="all").distributions == (
            aggregate(group, framework=FW).distributions
        )
        assert len(group) - len(chosen) == aggregate(group, framework=FW).set_aside

    @given(st.lists(rating_maps, min_size=1, max_size=6), rating_maps)
    def test_benchmark_shares_sum_to_one(self, maps: list[dict[str, Rating]], own: dict[str, Rating]) -> None:
        """Below, equal and above add up to one wherever they are defined."""
        b = benchmark(from_map(own), [of(str(i), from_map(m)) for i, m in enumerate(maps)], framework=FW)
        for p in b.positions:
            if p.below is not None:
                assert pytest.approx(1.0) == p.below + (p.equal or 0) + (p.above or 0)


class TestPlainData:
    def test_every_result_unstructures_to_json(self) -> None:
        """Each result becomes plain data through the converter, ready for JSON."""
        import json  # noqa: PLC0415 - only this test needs it

        from matframework.analysis.moderation import moderate  # noqa: PLC0415

        a = load("examples/oak-valley-trust-2026-autumn.yaml", Assessment)
        results = [
            profile(a, framework=FW),
            compare(a, a),
            aggregate([a, BLANK], framework=FW),
            benchmark(a, [a, BLANK], framework=FW),
            moderate({"Ann": a, "Bob": attrs.evolve(a, raters=("Bob",))}),
        ]
        for result in results:
            data = converter.unstructure(result)
            assert isinstance(data, dict)
            assert data == json.loads(json.dumps(data))
        assert "Red" == converter.unstructure(results[0])["elements"][6]["rating"]
