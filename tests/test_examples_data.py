"""Tests for matframework.examples, the fictional worked dataset."""

from __future__ import annotations

from matframework import Status, assurance_framework, examples, moderate, profile


def test_shape() -> None:
    """Twelve schools in two hubs, termly reviews from joining, the trust each year, three perspectives."""
    org = examples.organisation()
    schools = examples.school_assessments()
    assert list(examples.SCHOOLS) == [s.name for s in org.schools]
    assert {"Primary", "Secondary"} == {s.phase for s in org.schools}
    assert {"north", "south"} == {s.cluster for s in org.schools}
    days = sorted({a.assessed_on for a in schools if a.assessed_on is not None})
    for school in org.schools:  # reviewed in every round held since it joined, and never before
        rounds = [a.assessed_on for a in schools if a.subject.urn == school.urn]
        assert [d for d in days if school.joined_on <= d] == rounds  # type: ignore[operator]
    assert "999106" not in {a.subject.urn for a in schools}  # Hazel joined after the last round
    assert list(examples.TRUST_ROUNDS) == [a.round for a in examples.trust_assessments()]
    assert {"executive leaders", "headteachers", "trustees"} == {
        a.perspective for a in examples.perspective_assessments()
    }
    assert 3 == len(examples.rater_assessments())


def test_one_story() -> None:
    """The YAML example is the trust's latest round, and the agreed ratings are the executive leaders' medians."""
    from matframework import Assessment, load  # noqa: PLC0415

    latest = examples.trust_assessments()[-1]
    assert latest == load("examples/oak-valley-trust-2026-autumn.yaml", Assessment)
    consensus = moderate(examples.rater_assessments()).consensus
    assert {e.code: e.rating for e in latest.ratings} == consensus
    assert all(
        a.round == latest.round and a.subject == latest.subject for a in examples.perspective_assessments()
    )


def test_clearly_fictional_and_valid() -> None:
    """Every subject is marked fictional, and every assessment is final and fits the framework."""
    for a in (
        *examples.school_assessments(),
        *examples.trust_assessments(),
        *examples.rater_assessments().values(),
        *examples.perspective_assessments(),
    ):
        assert "(fictional)" in a.subject.name
        assert Status.FINAL is a.status
        a.validate(assurance_framework())
    assert "Fictional" in examples.FICTIONAL_NOTE


def test_deterministic() -> None:
    """The dataset is the same every time (fixed recipe)."""
    first = examples.school_assessments()
    examples.school_assessments.cache_clear()
    assert first == examples.school_assessments()


def test_useful_for_analysis() -> None:
    """The data vary enough to show strengths, priorities and disagreement between raters."""
    p = profile(examples.trust_assessments()[-1])
    assert p.strengths
    assert p.priorities
    m = moderate(examples.rater_assessments())
    assert m.alpha is not None
    assert m.disagreements
