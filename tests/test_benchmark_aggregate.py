"""Benchmarking many subjects against one group, counted once: benchmark(subject, aggregate(group))."""

from __future__ import annotations

import attrs
import pytest

from matframework import FrameworkRef, IncomparableError, aggregate, benchmark, examples

GROUP = examples.school_assessments()


def test_same_positions_as_the_group() -> None:
    """Against a group's aggregate, every subject's positions are those against the group itself."""
    counted = aggregate(GROUP)
    for school in GROUP:
        assert benchmark(school, counted) == benchmark(school, GROUP)
    everyone = aggregate(GROUP, rounds="all")
    assert benchmark(GROUP[0], everyone) == benchmark(GROUP[0], GROUP, rounds="all")


def test_another_framework_is_refused() -> None:
    """An aggregate of another framework (or version) is refused, never compared."""
    counted = attrs.evolve(aggregate(GROUP), framework=FrameworkRef(id="our-framework", version="1"))
    with pytest.raises(IncomparableError, match="our-framework version 1"):
        benchmark(GROUP[0], counted)
    assert aggregate(GROUP).framework == GROUP[0].framework
    other = attrs.evolve(aggregate(GROUP), framework=attrs.evolve(GROUP[0].framework, version="2"))
    with pytest.raises(IncomparableError, match="version 2"):
        benchmark(GROUP[0], other)
    assert aggregate([]).framework is None
