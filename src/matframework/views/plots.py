"""RAG pictures of assessments with matplotlib (needs the ``analysis`` extra).

:func:`plot_distribution` shows shares of ratings as diverging stacked bars;
:func:`plot_heatmap` shows elements against subjects (or rounds);
:func:`plot_profile` shows one subject's ratings by heading, with targets;
:func:`plot_perspectives` shows how groups rated each element, as dumbbells;
:func:`plot_trajectories` shows one subject's elements over its rounds;
:func:`plot_forest` shows one intervention's effect in several schools, pooled.
Each returns a :class:`matplotlib.figure.Figure` and never call ``show()``;
every cell carries a text label (R, AR, AG, G), so colour is never the only
cue. matplotlib is imported only when a plot is drawn, and pyplot not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, cast

from matframework._optional import require
from matframework.analysis.distributions import Distribution
from matframework.analysis.groups import Aggregate
from matframework.analysis.history import History
from matframework.analysis.perspectives import Perspectives
from matframework.analysis.pooling import PooledEffect
from matframework.documents.bundled import assurance_framework, framework_for
from matframework.errors import Problem, ValidationError
from matframework.exchange.frames import frame_distributions
from matframework.model._display import text_on
from matframework.model.assessment import Assessment
from matframework.model.framework import Framework
from matframework.model.rating import Rating

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = [
    "plot_distribution",
    "plot_forest",
    "plot_heatmap",
    "plot_perspectives",
    "plot_profile",
    "plot_trajectories",
]


def __dir__() -> list[str]:
    return __all__


_UNRATED = "#d9d9d9"
_NOT_APPLICABLE = "#ffffff"


def _matplotlib() -> tuple[Any, Any]:
    figure = require("matplotlib.figure", extra="analysis", feature="matframework plots")
    colors = require("matplotlib.colors", extra="analysis", feature="matframework plots")
    return figure, colors


_PANEL_ROWS = 50  # subjects per panel when subjects run down the side
_MAX_PANELS = 4
_ACROSS = 12  # up to this many subjects run across; more run down the side, in panels


def _cells(framework: Framework, codes: list[str], column: Assessment) -> tuple[list[int], list[str]]:
    values, labels = [], []
    entries = {e.code: e for e in column.ratings}
    for code in codes:
        entry = entries.get(code)
        if entry is not None and not entry.applicable:
            values.append(0)
            labels.append("n/a")
        elif entry is None or entry.rating is None:
            values.append(1)
            labels.append("–")
        else:
            values.append(entry.rating.ordinal + 1)
            labels.append(framework.scale.level(entry.rating).short)
    return values, labels


_Cells = list[tuple[list[int], list[str]]]


def _heatmap_across(  # noqa: PLR0913, PLR0917 - the pieces plot_heatmap has worked out
    figure_module: Any,
    colouring: tuple[Any, Any],
    cells: _Cells,
    names: list[str],
    codes: list[str],
    element_labels: list[str],
    boundaries: list[float],
) -> tuple[Any, list[Any]]:
    """Elements down the side, subjects across (up to _ACROSS of them)."""
    figure = figure_module.Figure(
        figsize=(3.4 + 0.9 * max(1, len(names)), 1.6 + 0.32 * len(codes)), layout="constrained"
    )
    axes = figure.add_subplot()
    values = [[cells[c][0][r] for c in range(len(names))] or [1] for r in range(len(codes))]
    axes.imshow(values, cmap=colouring[0], norm=colouring[1], aspect="auto")
    for column, (_, labels) in enumerate(cells):
        for row, text in enumerate(labels):
            axes.text(column, row, text, ha="center", va="center", fontsize=8, color="#000000")
    axes.set_yticks(range(len(codes)), element_labels, fontsize=8)
    axes.set_xticks(range(len(names)), names, rotation=30, ha="right", fontsize=8)
    axes.set_xticks([x - 0.5 for x in range(1, len(names))], minor=True)
    axes.set_yticks([y - 0.5 for y in range(1, len(codes))], minor=True)
    axes.grid(which="minor", color="#ffffff", linewidth=1.5)
    axes.tick_params(which="minor", length=0)
    for y in boundaries:
        axes.axhline(y, color="#000000", linewidth=1.6)
    return figure, [axes]


def _heatmap_down(  # noqa: PLR0913, PLR0917 - the pieces plot_heatmap has worked out
    figure_module: Any,
    colouring: tuple[Any, Any],
    cells: _Cells,
    names: list[str],
    codes: list[str],
    _element_labels: list[str],
    boundaries: list[float],
) -> tuple[Any, list[Any]]:
    """Subjects down the side, elements across, in up to _MAX_PANELS panels side by side."""
    panels = min(_MAX_PANELS, -(-len(names) // _PANEL_ROWS))
    per_panel = -(-len(names) // panels)
    figure = figure_module.Figure(figsize=(1.0 + 5.6 * panels, 2.4 + 0.2 * per_panel), layout="constrained")
    all_axes = list(figure.subplots(1, panels, squeeze=False)[0])
    for index, axes in enumerate(all_axes):
        part = list(range(index * per_panel, min(len(names), (index + 1) * per_panel)))
        values = [cells[c][0] for c in part] or [[1] * len(codes)]
        axes.imshow(values, cmap=colouring[0], norm=colouring[1], aspect="auto")
        for row, c in enumerate(part):
            for column, text in enumerate(cells[c][1]):
                axes.text(column, row, text, ha="center", va="center", fontsize=6, color="#000000")
        axes.set_yticks(range(len(part)), [_short(names[c], 28) for c in part], fontsize=6)
        axes.set_xticks(range(len(codes)), codes, fontsize=7)
        axes.xaxis.tick_top()
        for x in boundaries:
            axes.axvline(x, color="#000000", linewidth=1.6)
    return figure, all_axes


def _legend(figure: Any, patches: Any, levels: Any, *, short: bool = False) -> None:
    """The scale's colours, unrated and not applicable, below the figure."""
    handles = [
        patches.Patch(
            facecolor=level.colour,
            edgecolor="#555555",
            label=f"{level.short} {level.label}" if short else level.label,
        )
        for level in levels
    ]
    handles += [
        patches.Patch(facecolor=_UNRATED, edgecolor="#555555", label="– unrated" if short else "unrated"),
        patches.Patch(
            facecolor=_NOT_APPLICABLE,
            edgecolor="#777777",
            hatch="" if short else "//",
            label="n/a not applicable" if short else "not applicable",
        ),
    ]
    figure.legend(
        handles=handles, loc="outside lower center", ncols=6, fontsize=7 if short else 8, frameon=False
    )


def plot_heatmap(
    assessments: Iterable[Assessment],
    *,
    by: Literal["subject", "round"] = "subject",
    framework: Framework | None = None,
    title: str | None = None,
) -> Figure:
    """Draw a RAG heatmap of elements against subjects (or rounds), readable from 1 subject to 100 and more.

    Each cell is coloured by the rating and labelled with its short form
    (R, AR, AG, G); unrated cells are grey and labelled "–", not-applicable
    cells are white and labelled "n/a". Elements are labelled with their code and title, the
    headings are separated by lines, and a legend explains the colours. Up to 12 subjects run
    across; more run down the side (elements across), in up to four panels side by side of at
    most 50 subjects each, so the figure stays within a page's proportions instead of growing
    one column per subject. Where several assessments fall in one column (``by="subject"`` over
    several rounds), the latest by date is shown. The figure's alt text
    (:func:`~matframework.views.plots.alt_text`) says what it shows.

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
        >>> [t.get_text() for t in fig.axes[0].get_yticklabels()][:2]
        ['1A Clarity of purpose', '1B Understanding of needs']

    .. versionchanged:: 0.2.0
       Titles, heading lines, a legend, and many subjects down the side in panels.

    .. versionadded:: 0.1.0
    """
    figure_module, colors = _matplotlib()
    patches = require("matplotlib.patches", extra="analysis", feature="matframework plots")
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
    cells = [_cells(framework, codes, columns[name]) for name in names]
    titles = {e.code: f"{e.code} {_short(e.title, 30)}" for e in framework.elements}
    element_labels = [titles.get(code, code) for code in codes]
    sizes = [len(h.elements) for h in framework.headings]
    boundaries = [sum(sizes[: i + 1]) - 0.5 for i in range(len(sizes) - 1)]
    across = len(names) <= _ACROSS
    draw = _heatmap_across if across else _heatmap_down
    figure, all_axes = draw(figure_module, (cmap, norm), cells, names, codes, element_labels, boundaries)
    _legend(figure, patches, levels, short=True)
    words = title or f"{framework.title}: ratings by {by}"
    if across:
        all_axes[0].set_title(words)
    else:
        figure.suptitle(words)
    reds = sum(labels.count(framework.scale.level(Rating.RED).short) for _, labels in cells)
    figure.alt_text = (
        f"A heatmap of {len(codes)} elements for {len(names)} {by}s"
        + (", elements down the side" if across else f", {by}s down the side in {len(all_axes)} panel(s)")
        + f"; each cell is coloured and labelled with its rating; {reds} cells are Red."
    )
    return cast("Figure", figure)


def alt_text(figure: Figure) -> str:
    """What a chart drawn here shows, in a sentence: its alt text for a report or a docs page.

    Example:
        >>> from matframework import aggregate, examples
        >>> alt_text(plot_distribution(aggregate(examples.school_assessments())))[:26]
        'Diverging bars of ratings '

    .. versionadded:: 0.2.0
    """
    found = getattr(figure, "alt_text", None)
    if not isinstance(found, str):
        msg = "this figure was not drawn by matframework.views.plots, so it has no alt text"
        raise TypeError(msg)
    return found


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _distributions(
    source: Aggregate | Mapping[str, Distribution] | pd.DataFrame, by: str
) -> list[tuple[str, Distribution]]:
    """The rows of a distribution chart: (label, distribution), from an aggregate, a mapping or a frame."""
    if isinstance(source, Aggregate):
        return list(zip(source.codes, source.distributions, strict=True))
    if isinstance(source, Mapping):
        rows = list(source.items())
        wrong = [name for name, d in rows if not isinstance(d, Distribution)]
        if wrong:
            raise ValidationError(
                [
                    Problem(
                        path=(str(wrong[0]),),
                        message="is not a Distribution",
                        expected="a Distribution per row",
                    )
                ]
            )
        return [(str(name), d) for name, d in rows]
    if getattr(source, "columns", None) is None:
        msg = (
            "plot_distribution takes an Aggregate, a mapping of Distributions or a to_frame() DataFrame, "
            f"not {type(source).__name__}"
        )
        raise TypeError(msg)
    return [(str(key), d) for key, d in frame_distributions(source, by)]


def plot_distribution(
    source: Aggregate | Mapping[str, Distribution] | pd.DataFrame,
    *,
    by: str = "element",
    framework: Framework | None = None,
    title: str | None = None,
) -> Figure:
    """Draw diverging stacked bars of ratings, centred between Amber Red and Amber Green.

    The four-point scale has no middle level, so the centre line falls between Amber Red and
    Amber Green: Red and Amber Red extend left, Amber Green and Green right (Heiberger and
    Robbins' diverging bars). Shares are of the rated answers only, and each row says how many
    that is (``n=``); unrated and not-applicable answers stay out of the shares and are drawn
    as a separate grey bar of counts on the right, so rows with different counts never mislead.
    Each segment of 8% or more is labelled with its share. The figure's ``alt_text`` says what
    it shows in a sentence.

    Args:
        source: An :class:`~matframework.Aggregate` (one row per element), a mapping of label
            to :class:`~matframework.analysis.distributions.Distribution` (one row each), or a
            frame from :func:`~matframework.to_frame` (one row per value of ``by``).
        by: The frame's column to make rows of (``"element"``, ``"subject"``, ``"round"``, ...).
        framework: The scale's colours and short labels; by default the bundled framework's.
        title: A title for the figure.

    Example:
        >>> from matframework import aggregate, examples
        >>> fig = plot_distribution(aggregate(examples.school_assessments()))
        >>> [t.get_text() for t in fig.axes[0].get_yticklabels()][:2]
        ['1A Clarity of purpose (n=11)', '1B Understanding of needs (n=11)']
        >>> fig.alt_text[:60]
        'Diverging bars of ratings for 14 rows, centred between Amber'

    .. versionadded:: 0.2.0
    """
    figure_module, _ = _matplotlib()
    rows = _distributions(source, by)
    known = framework or assurance_framework()
    levels = known.scale.levels
    figure = figure_module.Figure(figsize=(9.0, 1.1 + 0.36 * max(1, len(rows))), layout="constrained")
    bars, aside = figure.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [5, 1]})
    titles = {e.code: e.title for e in known.elements}
    names = [
        f"{name} {_short(titles[name])} (n={d.counted})" if name in titles else f"{name} (n={d.counted})"
        for name, d in rows
    ]
    ys = list(range(len(rows)))
    for y, (_, d) in zip(ys, rows, strict=True):
        shares = [d.count(r) / d.counted if d.counted else 0.0 for r in Rating]
        starts = [-(shares[0] + shares[1]), -shares[1], 0.0, shares[2]]
        for level, share, start in zip(levels, shares, starts, strict=True):
            if share <= 0:
                continue
            bars.barh(y, share, left=start, color=level.colour, edgecolor="#ffffff", height=0.7)
            if share >= 0.08:  # noqa: PLR2004 - room for a label
                ink = "#" + text_on(level.colour)
                bars.text(
                    start + share / 2, y, f"{share:.0%}", ha="center", va="center", fontsize=7, color=ink
                )
        aside.barh(y, d.unrated, color=_UNRATED, height=0.7)
        aside.barh(
            y, d.not_applicable, left=d.unrated, color="#ffffff", edgecolor="#777777", hatch="//", height=0.7
        )
    bars.axvline(0, color="#000000", linewidth=1)
    bars.set_yticks(ys, names)
    bars.invert_yaxis()
    bars.set_xlim(-1, 1)
    bars.set_xticks([-1, -0.5, 0, 0.5, 1], ["100%", "50%", "0", "50%", "100%"], fontsize=8)
    bars.set_xlabel(
        f"← {levels[0].label}, {levels[1].label}   share of rated answers   {levels[2].label}, {levels[3].label} →",
        fontsize=8,
    )
    aside.set_xlabel("unrated, n/a")
    most = max((d.unrated + d.not_applicable for _, d in rows), default=0)
    aside.set_xlim(0, max(1, most))
    aside.xaxis.get_major_locator().set_params(integer=True)
    patches = require("matplotlib.patches", extra="analysis", feature="matframework plots")
    _legend(figure, patches, levels)
    figure.suptitle(title or "Ratings: share of rated answers")
    weakest = max(rows, key=lambda row: row[1].share(Rating.RED) or 0.0, default=None)
    alt = (
        f"Diverging bars of ratings for {len(rows)} rows, centred between Amber Red and Amber Green"
        + (
            f"; the largest share of Red is {weakest[1].share(Rating.RED) or 0:.0%} ({weakest[0]})"
            if weakest and weakest[1].counted
            else ""
        )
        + f"; {sum(d.unrated for _, d in rows)} unrated and {sum(d.not_applicable for _, d in rows)} not applicable answers shown apart."
    )
    figure.alt_text = alt
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
    rated = [e for e in assessment.ratings if e.rating is not None]
    figure.alt_text = (
        f"{assessment.subject.name}'s ratings of {len(codes)} elements by heading"
        f" ({len(rated)} rated; {sum(1 for e in rated if e.rating is Rating.RED)} Red)"
        + (", with targets marked" if any(e.target for e in assessment.ratings) else "")
        + "."
    )
    return cast("Figure", figure)


_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_TITLE_WIDTH = 34  # characters of an element's title in a small panel


def plot_perspectives(
    views: Perspectives, *, framework: Framework | None = None, title: str | None = None
) -> Figure:
    """Draw each group's view of every element as a dumbbell: one marker per group at its median.

    A thin bar through each marker spans the lowest to the highest rating its
    members gave; a grey line joins the highest and lowest group medians, and
    gaps of at least the result's ``min_gap`` are written at the right ("2
    steps"). Groups are told apart by marker shape as well as colour.

    Args:
        views: The result of :func:`~matframework.perspectives`.
        framework: The framework rated, for element titles on the axis; codes only without it.
        title: A title for the figure.

    Returns:
        The figure (not shown).

    Example:
        >>> from matframework import examples, perspectives
        >>> fig = plot_perspectives(perspectives(examples.perspective_assessments()))
        >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        ['executive leaders', 'headteachers', 'trustees']

    .. versionadded:: 0.2.0
    """
    figure_module, _ = _matplotlib()
    titles = {e.code: e.title for e in framework.elements} if framework is not None else {}
    elements = views.elements
    groups = views.perspectives
    figure = figure_module.Figure(figsize=(8.5, 1.2 + 0.42 * len(elements)), layout="constrained")
    axes = figure.add_subplot()
    palette = ("#1b6ca8", "#b35806", "#4d9221", "#762a83", "#8c510a", "#01665e", "#c51b7d", "#4d4d4d")
    labelled: set[str] = set()
    offsets = [0.0] if len(groups) == 1 else [-0.25 + 0.5 * i / (len(groups) - 1) for i in range(len(groups))]
    for row, element in enumerate(elements):
        medians = [g.median.ordinal for g in element.groups if g.median is not None]
        if len(medians) > 1:
            axes.plot([min(medians), max(medians)], [row, row], color="#aaaaaa", linewidth=3, zorder=1)
        for index, group in enumerate(element.groups):
            if group.median is None or group.lowest is None or group.highest is None:
                continue
            y = row + offsets[index]
            colour = palette[index % len(palette)]
            axes.plot(
                [group.lowest.ordinal, group.highest.ordinal], [y, y], color=colour, linewidth=1, zorder=2
            )
            axes.plot(
                group.median.ordinal,
                y,
                marker=_MARKERS[index % len(_MARKERS)],
                color=colour,
                markersize=6,
                linestyle="none",
                zorder=3,
                label=None if group.perspective in labelled else group.perspective,
            )
            labelled.add(group.perspective)
        if element.gap is not None and element.gap >= views.min_gap:
            axes.text(4.3, row, f"gap: {element.gap} steps", va="center", fontsize=8)
        elif element.gap is None:
            axes.text(4.3, row, "not rated", va="center", fontsize=8, color="#555555")
    labels = [f"{e.code} {titles[e.code]}" if e.code in titles else e.code for e in elements]
    axes.set_yticks(range(len(elements)), labels, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0.6, 5.1)
    axes.set_xticks([1, 2, 3, 4], [r.label for r in Rating])
    axes.grid(axis="x", color="#dddddd")
    handles, names = axes.get_legend_handles_labels()
    order = sorted(range(len(names)), key=lambda i: groups.index(names[i]))
    axes.legend(
        [handles[i] for i in order],
        [names[i] for i in order],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.06),
        ncol=max(1, len(names)),
        fontsize=8,
        frameon=False,
    )
    where = f", {views.round}" if views.round else ""
    axes.set_title(
        title or f"{views.subject}{where}\neach group's median (marker) and range (line)", fontsize=10
    )
    wide = [e.code for e in views.elements if e.gap is not None and e.gap >= views.min_gap]
    figure.alt_text = (
        f"How {len(views.groups)} groups rated {views.subject}'s {len(views.elements)} elements, as dumbbells; "
        + (f"gaps of {views.min_gap} or more levels on {', '.join(wide)}." if wide else "no wide gaps.")
    )
    return cast("Figure", figure)


def plot_trajectories(
    history: History, *, framework: Framework | None = None, title: str | None = None
) -> Figure:
    """Draw one subject's elements over its rounds as small multiples, one panel per element, by heading.

    Each point is coloured by its level and labelled with its short form
    (R, AR, AG, G); a gap in a line is a round where the element was not
    rated. A panel whose element is flagged (unchanged at Red, down twice
    running) has the flag written under its title.

    Args:
        history: The result of :func:`~matframework.history`.
        framework: The framework the rounds rate, for headings, titles and colours; by default
            the bundled one, when they name it.
        title: A title for the figure.

    Returns:
        The figure (not shown).

    Example:
        >>> from matframework import examples, history
        >>> fig = plot_trajectories(history(examples.school_assessments(), subject="999103"))
        >>> len(fig.axes), fig.axes[0].get_title(loc="left")
        (18, '1A Clarity of purpose')

    .. versionadded:: 0.2.0
    """
    figure_module, _ = _matplotlib()
    framework = framework_for(history.rounds, framework)
    columns = max(len(h.elements) for h in framework.headings)
    rows = len(framework.headings)
    figure = figure_module.Figure(figsize=(3.2 * columns, 1.6 * rows + 0.6), layout="constrained")
    grid = figure.subplots(rows, columns, sharey=True, squeeze=False)
    flagged: dict[str, list[str]] = {}
    for flag in history.flags:
        flagged.setdefault(flag.code, []).append(flag.kind.value)
    x = list(range(len(history.rounds)))
    for row, heading in enumerate(framework.headings):
        for column in range(columns):
            axes = grid[row][column]
            if column >= len(heading.elements):
                axes.set_axis_off()
                continue
            element = heading.elements[column]
            points = (
                history.trajectory(element.code).points
                if element.code in {t.code for t in history.trajectories}
                else ()
            )
            ys = [p.ordinal if p is not None else float("nan") for p in points]
            axes.plot(x[: len(ys)], ys, color="#666666", linewidth=1.2, zorder=1)
            for index, point in enumerate(points):
                if point is None:
                    continue
                level = framework.scale.level(point)
                axes.scatter(
                    [index], [point.ordinal], s=90, color=level.colour, edgecolors="#333333", zorder=2
                )
                axes.text(index, point.ordinal + 0.45, level.short, ha="center", fontsize=7)
            name = (
                element.title
                if len(element.title) <= _TITLE_WIDTH
                else element.title[: _TITLE_WIDTH - 1] + "…"
            )
            note = "\n⚑ " + ", ".join(flagged[element.code]) if element.code in flagged else ""
            axes.set_title(f"{element.code} {name}{note}", fontsize=8, loc="left")
            axes.set_ylim(0.5, 4.9)
            axes.set_yticks([1, 2, 3, 4], [level.short for level in framework.scale.levels], fontsize=7)
            axes.set_xticks(
                x,
                history.labels if row == rows - 1 or column >= len(heading.elements) else [""] * len(x),
                fontsize=6,
            )
            axes.set_xlim(-0.4, max(len(x) - 0.6, 0.4))
    figure.suptitle(title or f"{history.subject}: {len(history.rounds)} rounds", fontsize=10)
    figure.alt_text = (
        f"{history.subject}'s {len(history.trajectories)} elements over {len(history.rounds)} rounds, "
        f"one small panel each; {len(history.flags)} flag{'' if len(history.flags) == 1 else 's'} raised."
    )
    return cast("Figure", figure)


def plot_forest(pooled: PooledEffect, *, title: str | None = None) -> Figure:
    """Draw a forest plot: each school's effect and 95% interval, then the pooled estimates.

    Each school's square is sized by its weight in the random-effects pool; the
    diamonds are the random-effects and fixed-effect estimates with their
    intervals; a shaded band is the prediction interval for a new school (three
    schools or more). Each row is labelled with its figures in words, so nothing
    depends on reading the picture alone.

    Args:
        pooled: The result of :func:`~matframework.pool`.
        title: A title for the figure.

    Returns:
        The figure (not shown).

    Example:
        >>> from matframework import pool
        >>> fig = plot_forest(pool({"Ash": (0.30, 0.10), "Birch": (0.10, 0.12), "Cedar": (0.45, 0.15)}))
        >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
        ['Ash', 'Birch', 'Cedar', 'Random effects', 'Fixed effect']

    .. versionadded:: 0.2.0
    """
    figure_module, _ = _matplotlib()
    patches = require("matplotlib.patches", extra="analysis", feature="matframework plots")
    names = [*pooled.schools, "Random effects", "Fixed effect"]
    figure = figure_module.Figure(figsize=(8.0, 1.4 + 0.38 * len(names)), layout="constrained")
    axes = figure.add_subplot()
    weights = [1 / (se**2 + pooled.tau2) for se in pooled.standard_errors]
    largest = max(weights)
    if pooled.prediction is not None:
        low, high = pooled.prediction
        axes.axvspan(low, high, color="#e8e8e8", zorder=0, label="prediction interval for a new school")
    rows = []
    for row, (g, se, weight) in enumerate(zip(pooled.effects, pooled.standard_errors, weights, strict=True)):
        axes.plot([g - 1.96 * se, g + 1.96 * se], [row, row], color="#333333", linewidth=1)
        axes.plot(
            g,
            row,
            marker="s",
            color="#1b6ca8",
            markersize=4 + 8 * (weight / largest) ** 0.5,
            linestyle="none",
        )
        rows.append(f"{g:.2f} ({g - 1.96 * se:.2f} to {g + 1.96 * se:.2f})")
    for offset, random in enumerate((True, False)):
        row = len(pooled.schools) + offset
        centre = pooled.random if random else pooled.fixed
        low, high = pooled.interval(random=random)
        diamond = [(low, row), (centre, row - 0.3), (high, row), (centre, row + 0.3)]
        axes.add_patch(patches.Polygon(diamond, closed=True, color="#b35806" if random else "#777777"))
        rows.append(f"{centre:.2f} ({low:.2f} to {high:.2f})")
    axes.axvline(0, color="#333333", linewidth=0.8, linestyle=":")
    axes.set_yticks(range(len(names)), names)
    axes.invert_yaxis()
    right = axes.secondary_yaxis("right")
    right.set_yticks(range(len(names)), rows)
    right.tick_params(length=0)
    axes.set_xlabel("Effect size (Hedges' g) with 95% interval")
    if pooled.prediction is not None:
        axes.legend(loc="lower left", fontsize=8, frameon=False)
    axes.set_title(title or f"{len(pooled.schools)} schools, I² {pooled.i2:.0%}")
    low, high = pooled.interval()
    figure.alt_text = (
        f"A forest plot of {len(pooled.schools)} schools' effects with their 95% intervals; "
        f"pooled (random effects) {pooled.random:.2f}, 95% CI {low:.2f} to {high:.2f}."
    )
    return cast("Figure", figure)
