"""Tests for matframework.examples, the fictional worked dataset."""

from __future__ import annotations

from matframework import Status, assurance_framework, examples, moderate, profile


def test_shape() -> None:
    """Five schools over three rounds, the trust in each round, and three raters."""
    schools = examples.school_assessments()
    assert 15 == len(schools)
    assert set(examples.SCHOOLS) == {a.subject.name for a in schools}
    assert list(examples.ROUNDS) == [a.round for a in examples.trust_assessments()]
    assert 3 == len(examples.rater_assessments())


def test_clearly_fictional_and_valid() -> None:
    """Every subject is marked fictional, and every assessment is final and fits the framework."""
    for a in (
        *examples.school_assessments(),
        *examples.trust_assessments(),
        *examples.rater_assessments().values(),
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
