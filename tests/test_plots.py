"""Tests for matframework.views.plots: RAG heatmaps and profiles (Agg backend, no display)."""

from __future__ import annotations

import io

import attrs
import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from matframework import (
    Assessment,
    Rating,
    assurance_framework,
    examples,
    history,
    load,
    perspectives,
    plot_heatmap,
    plot_profile,
)
from matframework.views.plots import plot_perspectives, plot_trajectories

mpl.use("Agg")
FW = assurance_framework()


def pixels(figure: Figure) -> np.ndarray:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=60)
    return np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"), dtype=float)


def texts(figure: Figure) -> list[str]:
    return [t.get_text() for t in figure.axes[0].texts]


class TestHeatmap:
    def test_axes_and_labels(self) -> None:
        """Element codes down the side, subjects across, a short label in every cell."""
        fig = plot_heatmap(examples.school_assessments())
        axes = fig.axes[0]
        rows = [t.get_text() for t in axes.get_yticklabels()]
        assert list(FW.element_codes) == [row.split(" ", 1)[0] for row in rows]
        assert rows[7] == "3C Evidence based professional l…"  # titles beside codes, cut to fit
        assert all(
            FW.element(row.split(" ", 1)[0]).title.startswith(row.split(" ", 1)[1].rstrip("…"))
            for row in rows
        )
        assessed = [name for name in examples.SCHOOLS if "Hazel" not in name]  # the new joiner has no review
        assert assessed == [t.get_text() for t in axes.get_xticklabels()]
        assert 14 * len(assessed) == len(texts(fig))
        assert set(texts(fig)) <= {"R", "AR", "AG", "G"}

    def test_heading_lines_legend_and_alt_text(self) -> None:
        """A line between headings, a legend of every level, unrated and n/a, and alt text."""
        from matframework.views.plots import alt_text  # noqa: PLC0415

        fig = plot_heatmap(examples.school_assessments())
        lines = [float(np.asarray(line.get_ydata())[0]) for line in fig.axes[0].lines]
        sizes = [len(h.elements) for h in FW.headings]
        assert lines == [sum(sizes[: i + 1]) - 0.5 for i in range(len(sizes) - 1)]
        legend = [t.get_text() for t in fig.legends[0].get_texts()]
        assert legend == [
            "R Red",
            "AR Amber Red",
            "AG Amber Green",
            "G Green",
            "– unrated",
            "n/a not applicable",
        ]
        reds = texts(fig).count("R")
        assert alt_text(fig).endswith(f"{reds} cells are Red.")

    def test_many_subjects_stay_a_page(self) -> None:
        """100 subjects run down the side in panels: the figure stays within a page's proportions."""
        base = examples.school_assessments()[-1]
        many = [
            attrs.evolve(
                base, subject=attrs.evolve(base.subject, name=f"School {i:03d}", urn=str(900000 + i))
            )
            for i in range(100)
        ]
        fig = plot_heatmap(many)
        width, height = fig.get_size_inches()
        assert width <= 24
        assert height <= 14
        assert len(fig.axes) == 2
        shown = [t.get_text() for axes in fig.axes for t in axes.get_yticklabels()]
        assert sorted(shown) == sorted(f"School {i:03d}" for i in range(100))
        assert sum(len(axes.texts) for axes in fig.axes) == 14 * 100
        twelve = plot_heatmap(many[:12])
        assert len(twelve.axes) == 1
        assert twelve.get_size_inches()[0] <= 16

    def test_latest_round_shown(self) -> None:
        """With several rounds of one subject, the latest is shown."""
        latest = examples.trust_assessments()[-1]
        fig = plot_heatmap(examples.trust_assessments())
        expected = [FW.scale.level(e.rating).short if e.rating else "n/a" for e in latest.ratings]
        assert expected == texts(fig)

    def test_by_round(self) -> None:
        """by='round' puts rounds across."""
        fig = plot_heatmap(examples.trust_assessments(), by="round", title="Trust")
        assert list(examples.TRUST_ROUNDS) == [t.get_text() for t in fig.axes[0].get_xticklabels()]
        assert "Trust" == fig.axes[0].get_title()

    def test_unrated_and_not_applicable_distinct(self) -> None:
        """Unrated cells say '–' and not-applicable cells say 'n/a'."""
        a = examples.trust_assessments()[-1]
        a = a.with_rating("6B", None, not_applicable="Not this year")
        a = attrs.evolve(a, status=a.status.DRAFT).with_rating("1A", None)
        labels = texts(plot_heatmap([a]))
        assert ("–", "n/a") == (labels[0], labels[-1])

    def test_colours_follow_ratings(self) -> None:
        """An all-Red and an all-Green heatmap differ in colour where the cells are (image tolerance)."""
        base = examples.trust_assessments()[-1]
        red = base
        green = base
        for code in FW.element_codes:
            red = red.with_rating(code, Rating.RED, not_applicable=None)
            green = green.with_rating(code, Rating.GREEN, not_applicable=None)
        a, b = pixels(plot_heatmap([red])), pixels(plot_heatmap([green]))
        assert a.shape == b.shape
        assert np.abs(a - b).mean() > 10  # clearly different pictures
        assert np.abs(pixels(plot_heatmap([red])) - a).mean() < 1  # and the same picture twice


class TestProfile:
    def test_bars_and_targets(self) -> None:
        """One bar per rated element and a marker per target."""
        a = load_example()
        fig = plot_profile(a)
        axes = fig.axes[0]
        assert 13 == len(axes.patches)  # 6B is not applicable
        assert 3 == len(axes.lines) - (len(FW.headings) - 1)  # targets, besides the heading rules
        assert "n/a" in texts(fig)
        assert ["Red", "Amber Red", "Amber Green", "Green"] == [t.get_text() for t in axes.get_xticklabels()]


def load_example() -> Assessment:
    return load("examples/oak-valley-trust-2026-autumn.yaml", Assessment)


class TestPerspectivesAndTrajectories:
    def test_dumbbells(self) -> None:
        """One row per element, a legend of the groups, and the gaps of two steps or more written out."""
        views = perspectives(examples.perspective_assessments(), framework=FW)
        fig = plot_perspectives(views, framework=FW)
        axes = fig.axes[0]
        assert [f"{e.code} {e.title}" for e in FW.elements] == [t.get_text() for t in axes.get_yticklabels()]
        legend = axes.get_legend()
        assert legend is not None
        assert list(views.perspectives) == [t.get_text() for t in legend.get_texts()]
        written = [t.get_text() for t in axes.texts if t.get_text().startswith("gap:")]
        assert len({g.code for g in views.gaps}) == len(written)

    def test_small_multiples(self) -> None:
        """A panel per element, laid out by heading, with flagged elements marked in their title."""
        h = history(examples.school_assessments(), subject="999103")
        fig = plot_trajectories(h)
        titles = [a.get_title(loc="left") for a in fig.axes if a.axison]
        assert len(FW.elements) == len(titles)
        assert [t for t in titles if "⚑" in t] == ["4B Intentional use of assessment\n⚑ unchanged at Red"]
        panel = next(a for a in fig.axes if a.get_title(loc="left").startswith("4B"))
        assert ["R", "R", "R"] == [t.get_text() for t in panel.texts]
