"""plot_distribution: diverging bars centred between Amber Red and Amber Green, shares of the rated only."""

from __future__ import annotations

import matplotlib as mpl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matframework import (
    Rating,
    aggregate,
    examples,
    history,
    perspectives,
    plot_forest,
    plot_perspectives,
    plot_profile,
    plot_trajectories,
    pool,
    to_frame,
)
from matframework.analysis.distributions import Distribution
from matframework.errors import ValidationError
from matframework.views.plots import alt_text, plot_distribution

mpl.use("Agg")


def _segments(figure: object) -> list[tuple[float, float, float]]:
    """(y, left, width) of every coloured bar on the shares axes."""
    axes = figure.axes[0]  # type: ignore[attr-defined]
    return [(p.get_y() + p.get_height() / 2, p.get_x(), p.get_width()) for p in axes.patches]


counts = st.tuples(*[st.integers(0, 30)] * 4)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(counts, st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=6))
def test_shares_are_of_the_rated_and_centred(rows: list[tuple[tuple[int, ...], int, int]]) -> None:
    """Each row's segments are its shares of the rated answers; Red and Amber Red lie left of 0, the rest right."""
    data = {
        f"row {i}": Distribution(counts=c, unrated=u, not_applicable=n) for i, (c, u, n) in enumerate(rows)
    }
    figure = plot_distribution(data)
    found = _segments(figure)
    for y, (name, d) in enumerate(data.items()):
        mine = sorted((left, width) for yy, left, width in found if abs(yy - y) < 1e-9)
        expected = [d.count(r) / d.counted for r in Rating if d.counted and d.count(r)]
        assert sorted(w for _, w in mine) == pytest.approx(sorted(expected))
        left_side = sum(w for left, w in mine if left < 0)
        assert left_side == pytest.approx(
            (d.count(Rating.RED) + d.count(Rating.AMBER_RED)) / d.counted if d.counted else 0.0
        )
        label = figure.axes[0].get_yticklabels()[y].get_text()
        assert label == f"{name} (n={d.counted})"
    aside = figure.axes[1].patches
    assert sum(p.get_width() for p in aside if hasattr(p, "get_width")) == sum(
        d.unrated + d.not_applicable for d in data.values()
    )


def test_from_a_frame_equals_from_counts() -> None:
    """Rows made from a to_frame() DataFrame count what the assessments hold."""
    reviews = examples.school_assessments()
    figure = plot_distribution(to_frame(reviews), by="round")
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    by_round: dict[str, int] = {}
    for a in reviews:
        by_round[a.round or ""] = by_round.get(a.round or "", 0) + sum(
            1 for e in a.ratings if e.rating is not None
        )
    assert labels == [f"{r} (n={n})" for r, n in sorted(by_round.items())]


def test_aggregate_rows_have_titles_and_alt_text() -> None:
    """An aggregate's rows are its elements, with their titles; the figure says what it shows in words."""
    figure = plot_distribution(aggregate(examples.school_assessments()))
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert labels[9].startswith("4B Intentional use of assessment")
    assert "4B" in alt_text(figure)
    assert alt_text(figure).startswith("Diverging bars of ratings for 14 rows")


def test_refusals() -> None:
    """Something that is not an aggregate, mapping or frame, or a frame without its columns, is refused."""
    with pytest.raises(TypeError, match="plot_distribution takes"):
        plot_distribution([1, 2])
    with pytest.raises(ValidationError, match="is not a Distribution"):
        plot_distribution({"a": 3})
    frame = to_frame(examples.trust_assessments())
    with pytest.raises(ValidationError) as info:
        plot_distribution(frame.drop(columns=["rating"]))
    assert info.value.path == ("rating",)


def test_every_chart_says_what_it_shows() -> None:
    """Each chart's alt text gives the figures it draws, read from the same data."""
    latest = examples.trust_assessments()[-1]
    reds = sum(1 for e in latest.ratings if e.rating is Rating.RED)
    assert f"; {reds} Red)" in alt_text(plot_profile(latest))
    views = perspectives(examples.perspective_assessments())
    wide = [e.code for e in views.elements if e.gap is not None and e.gap >= views.min_gap]
    assert alt_text(plot_perspectives(views)).endswith(f"{', '.join(wide)}.")
    past = history(examples.school_assessments(), subject="999103")
    assert f"over {len(past.rounds)} rounds" in alt_text(plot_trajectories(past))
    pooled = pool({"A": (0.2, 0.1), "B": (0.3, 0.1)})
    assert f"pooled (random effects) {pooled.random:.2f}" in alt_text(plot_forest(pooled))
    with pytest.raises(TypeError, match="no alt text"):
        alt_text(mpl.figure.Figure())
