"""RAG pictures of assessments with matplotlib (needs the ``analysis`` extra).

:func:`plot_heatmap` shows elements against subjects (or rounds);
:func:`plot_profile` shows one subject's ratings by heading, with targets.
Both return a :class:`matplotlib.figure.Figure` and never call ``show()``;
every cell carries a text label (R, AR, AG, G), so colour is never the only
cue. matplotlib is imported only when a plot is drawn, and pyplot not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal, cast

from matframework._optional import require
from matframework.documents.bundled import framework_for
from matframework.model.assessment import Assessment
from matframework.model.framework import Framework
from matframework.model.rating import Rating

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from matplotlib.figure import Figure

__all__ = ["plot_heatmap", "plot_profile"]


def __dir__() -> list[str]:
    return __all__


_UNRATED = "#d9d9d9"
_NOT_APPLICABLE = "#ffffff"


def _matplotlib() -> tuple[Any, Any]:
    figure = require("matplotlib.figure", extra="analysis", feature="matframework plots")
    colors = require("matplotlib.colors", extra="analysis", feature="matframework plots")
    return figure, colors


def plot_heatmap(
    assessments: Iterable[Assessment],
    *,
    by: Literal["subject", "round"] = "subject",
    framework: Framework | None = None,
    title: str | None = None,
) -> Figure:
    """Draw a RAG heatmap: elements down the side, subjects (or rounds) across.

    Each cell is coloured by the rating and labelled with its short form
    (R, AR, AG, G); unrated cells are grey and labelled "–", not-applicable
    cells are white and labelled "n/a". Where several assessments fall in one
    column (``by="subject"`` over several rounds), the latest by date is shown.

    Args:
        assessments: The assessments to show.
        by: One column per ``"subject"`` or per ``"round"``.
        framework: The framework the assessments rate, for element order, titles and colours; by
            default the bundled one, when they name it (see :func:`~matframework.documents.bundled.framework_for`).
        title: A title for the figure.

    Returns:
        The figure (not shown).

    Example:
        >>> from matframework import examples
        >>> fig = plot_heatmap(examples.school_assessments())
        >>> [t.get_text() for t in fig.axes[0].get_yticklabels()][:3]
        ['1A', '1B', '1C']

    .. versionadded:: 0.1.0
    """
    figure_module, colors = _matplotlib()
    group = list(assessments)
    framework = framework_for(group, framework)
    codes = list(framework.element_codes)
    columns: dict[str, Assessment] = {}
    for assessment in sorted(group, key=lambda a: (a.assessed_on is not None, a.assessed_on)):
        key = assessment.subject.name if by == "subject" else (assessment.round or "(no round)")
        columns[key] = assessment
    names = list(columns)
    levels = framework.scale.levels
    cmap = colors.ListedColormap([_NOT_APPLICABLE, _UNRATED] + [level.colour for level in levels])
    norm = colors.BoundaryNorm([-0.5 + i for i in range(7)], cmap.N)
    values: list[list[int]] = []
    labels: list[list[str]] = []
    for code in codes:
        row_values, row_labels = [], []
        for name in names:
            entry = next((e for e in columns[name].ratings if e.code == code), None)
            if entry is not None and not entry.applicable:
                row_values.append(0)
                row_labels.append("n/a")
            elif entry is None or entry.rating is None:
                row_values.append(1)
                row_labels.append("–")
            else:
                row_values.append(entry.rating.ordinal + 1)
                row_labels.append(framework.scale.level(entry.rating).short)
        values.append(row_values)
        labels.append(row_labels)
    figure = figure_module.Figure(
        figsize=(1.2 + 1.1 * max(1, len(names)), 0.9 + 0.32 * len(codes)), layout="constrained"
    )
    axes = figure.add_subplot()
    axes.imshow(values or [[1]], cmap=cmap, norm=norm, aspect="auto")
    for row, row_labels in enumerate(labels):
        for column, text in enumerate(row_labels):
            axes.text(column, row, text, ha="center", va="center", fontsize=8, color="#000000")
    axes.set_yticks(range(len(codes)), codes)
    axes.set_xticks(range(len(names)), names, rotation=30, ha="right")
    axes.set_xticks([x - 0.5 for x in range(1, len(names))], minor=True)
    axes.set_yticks([y - 0.5 for y in range(1, len(codes))], minor=True)
    axes.grid(which="minor", color="#ffffff", linewidth=1.5)
    axes.tick_params(which="minor", length=0)
    axes.set_title(title or f"{framework.title}: ratings by {by}")
    return cast("Figure", figure)


def plot_profile(
    assessment: Assessment, *, framework: Framework | None = None, title: str | None = None
) -> Figure:
    """Draw one subject's ratings as bars by element, grouped by heading, with targets marked.

    Args:
        assessment: The assessment to show.
        framework: The framework the assessment rates, for headings, order and colours; by default
            the bundled one, when the assessment names it.
        title: A title for the figure.

    Returns:
        The figure (not shown).

    Example:
        >>> from matframework import examples
        >>> fig = plot_profile(examples.trust_assessments()[-1])
        >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
        ['Red', 'Amber Red', 'Amber Green', 'Green']

    .. versionadded:: 0.1.0
    """
    figure_module, _ = _matplotlib()
    framework = framework_for([assessment], framework)
    entries = assessment.entries
    codes = list(framework.element_codes)
    figure = figure_module.Figure(figsize=(7.5, 1.0 + 0.35 * len(codes)), layout="constrained")
    axes = figure.add_subplot()
    for row, code in enumerate(codes):
        entry = entries.get(code)
        rating = entry.rating if entry else None
        if rating is not None:
            level = framework.scale.level(rating)
            axes.barh(row, rating.ordinal, color=level.colour, edgecolor="#333333", height=0.7)
            axes.text(rating.ordinal + 0.05, row, level.short, va="center", fontsize=8)
        else:
            label = "n/a" if entry is not None and not entry.applicable else "unrated"
            axes.text(0.05, row, label, va="center", fontsize=8, color="#555555")
        if entry is not None and entry.target is not None:
            axes.plot(entry.target.ordinal, row, marker="D", color="#000000", markersize=5, linestyle="none")
    axes.set_yticks(range(len(codes)), codes)
    axes.invert_yaxis()
    axes.set_xlim(0, 4.5)
    axes.set_xticks([1, 2, 3, 4], [r.label for r in Rating])
    start = 0
    for heading in framework.headings[:-1]:
        start += len(heading.elements)
        axes.axhline(start - 0.5, color="#999999", linewidth=0.8)
    who = assessment.subject.name + (f": {assessment.round}" if assessment.round else "")
    axes.set_title(title or f"{who} (◆ target)")
    return cast("Figure", figure)
