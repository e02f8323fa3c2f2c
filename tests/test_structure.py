"""Tests for matframework.analysis.structure and aggregate(by=...): the trust's structure in analysis."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from matframework import ValidationError, aggregate, assurance_framework, benchmark, examples
from matframework.analysis.structure import comparison_group, new_joiners

FW = assurance_framework()
ORG = examples.organisation()
REVIEWS = examples.school_assessments()


class TestAggregateBy:
    def test_groups_partition_the_latest_reviews(self) -> None:
        """Grouped by cluster, phase or tier, the groups hold each reviewed school once between them."""
        whole = aggregate(REVIEWS, framework=FW)
        for by in ("cluster", "phase", "tier"):
            groups = aggregate(REVIEWS, framework=FW, by=by, organisation=ORG)
            assert whole.size == sum(agg.size for agg in groups.values())
            assert whole.set_aside == sum(agg.set_aside for agg in groups.values())
            for code in FW.element_codes:
                assert whole.distribution(code).counts == tuple(
                    map(sum, zip(*(agg.distribution(code).counts for agg in groups.values()), strict=True))
                )

    def test_tier_on_the_day_assessed(self) -> None:
        """A school is grouped by the tier it had when assessed, not the one it has now."""
        # Birch moved to targeted support in July 2026, after its summer review.
        by_tier = aggregate(REVIEWS, by="tier", organisation=ORG)
        birch = ORG.school("999102")
        assert ("targeted", "universal") == (birch.fact("tier"), birch.fact("tier", on=dt.date(2026, 6, 24)))
        latest = {a.subject.urn: a.assessed_on for a in REVIEWS}  # in date order, so the last stays
        by_hand: dict[str, int] = {}
        for urn, day in latest.items():
            tier = ORG.school(str(urn)).fact("tier", on=day)
            by_hand[str(tier)] = by_hand.get(str(tier), 0) + 1
        assert by_hand == {tier: agg.size for tier, agg in by_tier.items()}
        every_round = aggregate(REVIEWS, by="tier", organisation=ORG, rounds="all")
        assert len(REVIEWS) == sum(agg.size for agg in every_round.values())

    def test_refusals(self) -> None:
        """A trust's own assessment, a school the trust lacks, or a missing organisation are refused by place."""
        with pytest.raises(ValidationError, match="is of a trust, not a school") as info:
            aggregate([*REVIEWS, examples.trust_assessments()[-1]], by="phase", organisation=ORG)
        assert (len(REVIEWS), "subject", "urn") == info.value.problems[0].path
        stranger = attrs.evolve(REVIEWS[0], subject=attrs.evolve(REVIEWS[0].subject, urn="123456"))
        with pytest.raises(ValidationError, match=r"\(URN 123456\) is not a school of"):
            aggregate([stranger], by="phase", organisation=ORG)
        with pytest.raises(ValidationError, match="organisation= is missing"):
            aggregate(REVIEWS, by="phase")  # type: ignore[call-overload]
        with pytest.raises(ValidationError, match="'cluster', 'phase' or 'tier'"):
            aggregate(REVIEWS, by="region", organisation=ORG)  # type: ignore[call-overload]


class TestNewJoiners:
    def test_schools_with_no_review_since_joining(self) -> None:
        """Hazel joined after the last review; once reviewed it is no longer listed."""
        assert ["999106"] == [s.urn for s in new_joiners(ORG, REVIEWS)]
        reviewed = attrs.evolve(
            REVIEWS[0],
            subject=attrs.evolve(REVIEWS[0].subject, urn="999106", name="Hazel Primary (fictional)"),
            assessed_on=dt.date(2026, 10, 1),
        )
        assert () == new_joiners(ORG, [*REVIEWS, reviewed])

    def test_a_review_before_joining_does_not_count(self) -> None:
        """A review from before a school joined (by its previous trust) is not a diagnosis of a new joiner."""
        earlier = [a for a in REVIEWS if a.subject.urn != "999112"]  # Yew joined in January 2026
        before = attrs.evolve(
            REVIEWS[0],
            subject=attrs.evolve(REVIEWS[0].subject, urn="999112"),
            assessed_on=dt.date(2025, 6, 1),
        )
        assert ["999112", "999106"] == [s.urn for s in new_joiners(ORG, [*earlier, before])]

    def test_within_and_as_of(self) -> None:
        """within= keeps only recent joiners, counted back from as_of; schools that left are not listed."""
        assert ["999112", "999106"] == [s.urn for s in new_joiners(ORG, [], within=dt.timedelta(days=365))]
        assert ["999106"] == [s.urn for s in new_joiners(ORG, [], within=dt.timedelta(days=90))]
        assert 12 == len(new_joiners(ORG, []))
        assert [] == [
            s.urn for s in new_joiners(ORG, [], as_of=dt.date(2026, 8, 1), within=dt.timedelta(days=30))
        ]
        with pytest.raises(ValidationError, match="counts back from a date"):
            new_joiners(attrs.evolve(ORG, as_of=None), [], within=dt.timedelta(days=30))
        gone = attrs.evolve(
            ORG,
            schools=tuple(
                attrs.evolve(s, left_on=dt.date(2026, 10, 1)) if s.urn == "999106" else s for s in ORG.schools
            ),
        )
        assert () == new_joiners(gone, REVIEWS)


class TestComparisonGroup:
    def test_same_phase_without_itself(self) -> None:
        """A school's group is the trust's other schools of the same phase (and more, when asked)."""
        group = comparison_group(ORG, "999104")
        assert ({"999110", "999111"}, ("Secondary",)) == ({s.urn for s in group.schools}, group.shared)
        assert "999104" in {s.urn for s in comparison_group(ORG, "999104", include_self=True).schools}
        both = comparison_group(ORG, ORG.school("999101"), on=("phase", "cluster"))
        assert all(s.phase == "Primary" and s.cluster == "north" and s.urn != "999101" for s in both.schools)

    def test_feeds_benchmark(self) -> None:
        """The group's assessments are its schools' reviews; benchmark counts each school's latest."""
        group = comparison_group(ORG, "999104")
        reviews = group.assessments(REVIEWS)
        assert {a.subject.urn for a in reviews} == {"999110", "999111"}
        elm = [a for a in REVIEWS if a.subject.urn == "999104"][-1]
        result = benchmark(elm, reviews, framework=FW)
        assert (2, 4) == (result.group_size, result.set_aside)
        own = elm.rating("3B")
        theirs = [a.rating("3B") for a in reviews if a.round == "2025/26 summer"]
        position = result.position("3B")
        assert own is not None
        assert sum(1 for r in theirs if r is not None and r < own) / 2 == position.below

    def test_bad_on(self) -> None:
        """Grouping on something the organisation does not record, or on nothing, is refused."""
        with pytest.raises(ValidationError, match="'cluster', 'phase' or 'tier'"):
            comparison_group(ORG, "999104", on=("region",))  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="on= is empty"):
            comparison_group(ORG, "999104", on=())
