"""What an intervention's trials showed, as HTML: one evaluation, the schools pooled, and a page of both.

:func:`evaluation_section` and :func:`pooled_section` are the fragments the
notebook display and :func:`~matframework.impact_report` share. :func:`forest_svg` draws the
pooled schools as an inline SVG (no matplotlib): each school's effect and 95%
interval, the pooled random-effects estimate as a diamond, and the line of no
effect, with a text description for screen readers. Every value is escaped;
the page has no scripts and makes no requests.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from matframework._files import write_atomic
from matframework.analysis.effects import EffectSize
from matframework.analysis.evaluation import Evaluation
from matframework.analysis.pooling import PooledEffect, pool
from matframework.errors import Problem, ValidationError
from matframework.views._html import e, wrap
from matframework.views._html import table as _table

__all__ = [
    "evaluation_html",
    "evaluation_section",
    "forest_svg",
    "impact_report",
    "pooled_html",
    "pooled_section",
]


def __dir__() -> list[str]:
    return __all__


def table(headers: list[str], rows: list[list[str]], caption: str) -> str:
    """A table in a box that scrolls sideways on a narrow screen, rather than widening the page."""
    return f'<div class="wide">{_table(headers, rows, caption=caption)}</div>'


def _interval(effect: EffectSize) -> str:
    if effect.ci_low is None or effect.ci_high is None:
        return "–"
    return f"{effect.ci_low:.2f} to {effect.ci_high:.2f}"


def evaluation_section(evaluation: Evaluation, *, level: int = 3) -> str:
    """One evaluation: the effect, the subgroups, attrition, the follow-up, the power and the threats.

    Example:
        >>> from matframework import evaluate, examples
        >>> html = evaluation_section(evaluate(examples.reading_trials()[2]))
        >>> "Threats to the result" in html, "too few for an effect of their own" in html
        (True, True)

    .. versionadded:: 0.2.0
    """
    effect = evaluation.effect
    h = f"h{level}"
    where = f" at {evaluation.school}" if evaluation.school else ""
    rows = [
        [
            "Effect (" + e(effect.kind.label) + ")",
            e(f"{effect.g:.2f}"),
            e(_interval(effect)),
            e(f"{effect.months:+d}"),
        ],
    ]
    widened = evaluation.interval
    if widened is not None and (evaluation.design_effect or 1.0) > 1:
        rows.append(
            [
                e(
                    f"Interval allowing for the allocated groups (design effect {evaluation.design_effect:.2f})"
                ),
                e(f"{effect.g:.2f}"),
                e(f"{widened[0]:.2f} to {widened[1]:.2f}"),
                e(f"{effect.months:+d}"),
            ]
        )
    if evaluation.follow_up is not None:
        later = evaluation.follow_up
        rows.append(
            ["At the follow-up test", e(f"{later.g:.2f}"), e(_interval(later)), e(f"{later.months:+d}")]
        )
    pupils = e(effect.n) + (
        f" (comparison {e(effect.n_comparison)})" if effect.n_comparison is not None else ""
    )
    facts = [f"<li>Pupils with both tests: {pupils}.</li>"]
    if evaluation.attrition is not None:
        a = evaluation.attrition
        lost = f"{a.share:.0%} of the intervention group"
        if a.comparison_share is not None:
            lost += f", {a.comparison_share:.0%} of the comparison group"
        facts.append(
            f"<li>Attrition: {e(f'{a.overall:.0%}')} of the pupils who sat the pre-test ({e(lost)}).</li>"
        )
    if evaluation.minimum_detectable is not None:
        facts.append(
            f"<li>Smallest effect the study could detect with these pupils: "
            f"{e(f'{evaluation.minimum_detectable:.2f}')}"
            + (
                f" (by the plan's own figures: {e(f'{evaluation.planned_minimum:.2f}')})"
                if evaluation.planned_minimum is not None
                else ""
            )
            + ".</li>"
        )
    parts = [
        f"<{h}>{e(evaluation.title)}{e(where)}</{h}>",
        table(["Measure", "Effect size", "95% interval", "Months"], rows, caption="The effect"),
        "<ul>" + "".join(facts) + "</ul>",
    ]
    if evaluation.subgroups:
        sub_rows = [
            [
                e(s.group.value) + ("" if s.planned else " (not in the plan)"),
                e(s.n),
                e("–" if s.n_comparison is None else s.n_comparison),
                e(f"{s.effect.g:.2f}") if s.effect else "–",
                e(_interval(s.effect)) if s.effect else e(s.withheld or ""),
            ]
            for s in evaluation.subgroups
        ]
        parts.append(
            table(
                ["Group", "Pupils", "Comparison", "Effect size", "95% interval"],
                sub_rows,
                caption="Groups of pupils",
            )
        )
    if evaluation.missing_subgroups:
        names = ", ".join(g.value for g in evaluation.missing_subgroups)
        parts.append(f"<p>The plan named {e(names)}, but no results are given for them.</p>")
    threats = "".join(f"<li>{e(t.words)}</li>" for t in evaluation.threats)
    parts.append(
        f"<p><strong>Threats to the result</strong></p><ul>{threats}</ul>"
        if threats
        else "<p><strong>Threats to the result:</strong> none named.</p>"
    )
    return "".join(parts)


def evaluation_html(evaluation: Evaluation) -> str:
    """An evaluation for a notebook (its section, with its plain text as a fallback)."""
    return wrap(
        f"Evaluation of {evaluation.title}", evaluation_section(evaluation, level=4), repr(evaluation)
    )


_ROW, _LEFT, _WIDTH = 24, 215, 260


def forest_svg(pooled: PooledEffect) -> str:
    """The pooled schools as an inline SVG forest plot, with a title and a description.

    Example:
        >>> from matframework import pool
        >>> svg = forest_svg(pool({"Ash": (0.30, 0.10), "Birch": (0.10, 0.12), "Cedar": (0.45, 0.15)}))
        >>> svg.startswith("<svg"), "Birch" in svg, "<script" in svg
        (True, True, False)

    .. versionadded:: 0.2.0
    """
    low, high = pooled.interval()
    ends = [
        *(g - 1.96 * se for g, se in zip(pooled.effects, pooled.standard_errors, strict=True)),
        *(g + 1.96 * se for g, se in zip(pooled.effects, pooled.standard_errors, strict=True)),
        low,
        high,
        0.0,
    ]
    lo, hi = min(ends), max(ends)
    span = hi - lo or 1.0

    def x(value: float) -> float:
        return round(_LEFT + (value - lo) / span * _WIDTH, 1)

    lines = []
    y = 10
    for school, g, se in zip(pooled.schools, pooled.effects, pooled.standard_errors, strict=True):
        y += _ROW
        lines.append(f'<text x="0" y="{y + 4}">{e(school[:28])}</text>')
        lines.append(
            f'<line x1="{x(g - 1.96 * se)}" y1="{y}" x2="{x(g + 1.96 * se)}" y2="{y}" stroke="#222"/>'
        )
        lines.append(f'<rect x="{x(g) - 4}" y="{y - 4}" width="8" height="8" fill="#222"/>')
    y += _ROW + 6
    lines.append(f'<text x="0" y="{y + 4}" font-weight="700">Pooled (random effects)</text>')
    lines.append(
        f'<polygon points="{x(low)},{y} {x(pooled.random)},{y - 7} {x(high)},{y} {x(pooled.random)},{y + 7}" '
        'fill="#1f5fa8"/>'
    )
    bottom = y + 14
    lines.append(
        f'<line x1="{x(0)}" y1="14" x2="{x(0)}" y2="{bottom}" stroke="#888" stroke-dasharray="3 3"/>'
    )
    lines.append(f'<text x="{x(0)}" y="{bottom + 12}" text-anchor="middle" font-size="14">0</text>')
    lines.extend(
        f'<text x="{x(value)}" y="{bottom + 12}" text-anchor="middle" font-size="14">{value:.2f}</text>'
        for value in (lo, hi)
    )
    description = "; ".join(
        f"{school} {g:.2f} (95% CI {g - 1.96 * se:.2f} to {g + 1.96 * se:.2f})"
        for school, g, se in zip(pooled.schools, pooled.effects, pooled.standard_errors, strict=True)
    )
    description += f"; pooled {pooled.random:.2f} (95% CI {low:.2f} to {high:.2f})."
    height = bottom + 20
    return (
        f'<svg viewBox="0 0 {_LEFT + _WIDTH + 24} {height}" role="img" aria-labelledby="forest-title forest-desc" '
        'font-family="system-ui,sans-serif" font-size="14">'
        f'<title id="forest-title">Effect in each school, and pooled</title><desc id="forest-desc">{e(description)}</desc>'
        + "".join(lines)
        + "</svg>"
    )


def pooled_section(
    pooled: PooledEffect, *, level: int = 3, heading: str | None = "The schools together"
) -> str:
    """The schools' effects pooled: each school, the fixed and random effects, τ², I², the prediction interval.

    Example:
        >>> from matframework import pool
        >>> html = pooled_section(pool({"Ash": (0.30, 0.10), "Birch": (0.10, 0.12), "Cedar": (0.45, 0.15)}))
        >>> "Prediction interval" in html, "<svg" in html
        (True, True)

    .. versionadded:: 0.2.0
    """
    h = f"h{level}"
    rows = [
        [e(school), e(f"{g:.2f}"), e(f"{se:.3f}"), e(f"{g - 1.96 * se:.2f} to {g + 1.96 * se:.2f}")]
        for school, g, se in zip(pooled.schools, pooled.effects, pooled.standard_errors, strict=True)
    ]
    fixed_low, fixed_high = pooled.interval(random=False)
    low, high = pooled.interval()
    summary = [
        ["Fixed effect", e(f"{pooled.fixed:.2f}"), e(f"{fixed_low:.2f} to {fixed_high:.2f}")],
        ["Random effects", e(f"{pooled.random:.2f}"), e(f"{low:.2f} to {high:.2f}")],
        [
            "Prediction interval (a new school)",
            "–",
            e(f"{pooled.prediction[0]:.2f} to {pooled.prediction[1]:.2f}") if pooled.prediction else "–",
        ],
    ]
    notes = "".join(f"<li>{e(n)}</li>" for n in pooled.notes)
    return "".join(
        [
            f"<{h}>{e(heading)}</{h}>" if heading else "",
            (
                f'<figure class="forest">{forest_svg(pooled)}<figcaption>Each school\'s effect with its 95% '
                "interval; the diamond is the pooled estimate.</figcaption></figure>"
            ),
            table(["School", "Effect size", "Standard error", "95% interval"], rows, caption="Each school"),
            table(["Estimate", "Effect size", "95% interval"], summary, caption="Pooled"),
            f"<p>τ² {e(f'{pooled.tau2:.4f}')}; I² {e(f'{pooled.i2:.0%}')}; Cochran's Q {e(f'{pooled.q:.2f}')}.</p>",
            f"<ul>{notes}</ul>" if notes else "",
        ]
    )


def pooled_html(pooled: PooledEffect) -> str:
    """Pooled schools for a notebook (the section, with its plain text as a fallback)."""
    return wrap(
        f"{len(pooled.schools)} schools pooled", pooled_section(pooled, level=4, heading=None), repr(pooled)
    )


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:56rem;color:#111;
line-height:1.4;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:2px solid #ddd}h3{font-size:1.05rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}caption{text-align:left;font-weight:600;padding:.3rem 0}
.wide{overflow-x:auto}figure{margin:.6rem 0}.forest svg{width:100%;max-width:36rem;height:auto}figcaption,.note{font-size:.85rem;color:#444}
@page{size:A4;margin:14mm}
@media print{body{margin:0;max-width:none;font-size:10pt}tr{break-inside:avoid}h2,h3{break-after:avoid}}
"""


def impact_report(
    evaluations: Mapping[str, Evaluation],
    *,
    title: str | None = None,
    path: str | os.PathLike[str] | None = None,
) -> str:
    """Return (and write to ``path``) a self-contained HTML page of one intervention's trials, and pooled.

    Each school's evaluation gets its section; with two schools or more the page ends with the
    schools pooled (:func:`~matframework.pool`, weighting each evaluation by its standard error).

    Args:
        evaluations: Each school's :class:`~matframework.Evaluation`, by school.
        title: The page's title (by default the intervention's).
        path: Write the page here too (atomically).

    Raises:
        ValidationError: No evaluations, or evaluations of different interventions.

    Example:
        >>> from matframework import evaluate, examples
        >>> page = impact_report({t.schools[0]: evaluate(t) for t in examples.reading_trials()})
        >>> page.startswith("<!DOCTYPE html>"), "The schools together" in page, "<script" in page
        (True, True, False)

    .. versionadded:: 0.2.0
    """
    if not evaluations:
        raise ValidationError([Problem(message="no evaluations", expected="one school's evaluation or more")])
    titles = sorted({ev.title for ev in evaluations.values()})
    if len(titles) > 1:
        raise ValidationError(
            [
                Problem(
                    message="evaluations of different interventions: " + ", ".join(repr(t) for t in titles),
                    expected="one intervention's trials (pool like with like)",
                )
            ]
        )
    heading = title or f"{titles[0]}: what the trials showed"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(heading)}</title><style>{_CSS}</style></head><body><main>",
        f"<h1>{e(heading)}</h1>",
        '<p class="note">The threats are named, not scored: this page awards no security rating.</p>',
    ]
    if len(evaluations) > 1:
        parts.append("<h2>The schools together</h2>")
        parts.append(pooled_section(pool(evaluations), heading=None))
    parts.append("<h2>Each school</h2>")
    parts.extend(evaluation_section(ev, level=3) for ev in evaluations.values())
    parts.append("</main></body></html>")
    page = "\n".join(parts)
    if path is not None:
        write_atomic(Path(os.fspath(path)), page)
    return page
