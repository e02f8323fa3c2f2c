"""The board pack: one A4 page a chair reads in two minutes.

A heat map of the elements with their titles (inline SVG drawn here, each
rating written in its box as well as coloured), then the headlines in plain
sentences: strengths and priorities, movement since the last round, where the
subject stands against a group, how the groups rated it, the evidence behind
the ratings and the plan's state. No script, no request beyond the page; the
print stylesheet fits A4 and keeps each heading with what follows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from matframework.analysis.comparison import Direction, compare
from matframework.analysis.evidence import EvidenceCoverage
from matframework.analysis.groups import benchmark
from matframework.analysis.perspectives import Perspectives
from matframework.analysis.plans import PlanReview
from matframework.analysis.profiles import profile
from matframework.model._display import text_on
from matframework.model.assessment import Assessment, Status
from matframework.model.framework import Framework
from matframework.model.plan import ImprovementPlan
from matframework.model.rating import Rating
from matframework.views._html import e
from matframework.views.notebook import titled_gap

__all__ = ["board_pack", "heat_map"]


def __dir__() -> list[str]:
    return __all__


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#111;margin:0 auto;max-width:60rem;
padding:1rem;line-height:1.35;font-size:15px}
h1{font-size:1.35rem;margin:.2rem 0}h2{font-size:1.02rem;margin:.8rem 0 .2rem;break-after:avoid}
p{margin:.25rem 0}.meta{color:#333}.note{color:#333;font-size:.85em}
.draft{border:3px solid #8a1c12;color:#8a1c12;font-weight:700;padding:.3rem .6rem;margin:.4rem 0;
letter-spacing:.04em}
.cols{display:grid;grid-template-columns:minmax(0,25rem) minmax(0,1fr);gap:1.2rem;align-items:start}
@media (max-width:44rem){.cols{grid-template-columns:minmax(0,1fr)}}
svg{width:100%;height:auto;max-width:25rem}
section{break-inside:avoid}
@page{size:A4;margin:11mm}
@media print{body{max-width:none;padding:0;font-size:9.2pt}.cols{grid-template-columns:92mm 1fr}
svg{max-width:92mm}.draft,svg{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""

_ROW = 17
_WIDTH = 404
_TITLE = 47  # characters of an element's title that fit beside its boxes; every bundled title does


def _rect(x: int, y: int, rating: Rating | None, framework: Framework, *, width: int) -> str:
    if rating is None:
        return (
            f'<rect x="{x}" y="{y}" width="{width}" height="{_ROW - 3}" fill="#ffffff" stroke="#767676"/>'
            f'<text x="{x + width / 2}" y="{y + 11}" text-anchor="middle" fill="#333333">–</text>'
        )
    level = framework.scale.level(rating)
    return (
        f'<rect x="{x}" y="{y}" width="{width}" height="{_ROW - 3}" fill="{e(level.colour)}" stroke="#333333"/>'
        f'<text x="{x + width / 2}" y="{y + 11}" text-anchor="middle" fill="#{text_on(level.colour)}" '
        f'font-weight="700">{e(level.short)}</text>'
    )


def heat_map(assessment: Assessment, framework: Framework, previous: Assessment | None = None) -> str:
    """The elements under their headings, each with its rating (and the previous round's) as a labelled box.

    Returns an inline SVG with a title and a description for screen readers;
    the short label in each box (``AG``) is explained in a legend.

    Example:
        >>> from matframework import assurance_framework, examples
        >>> svg = heat_map(examples.trust_assessments()[-1], assurance_framework())
        >>> svg.startswith("<svg"), "Leadership of teaching" in svg, "<script" in svg
        (True, True, False)

    .. versionadded:: 0.2.0
    """
    now = assessment.entries
    before = previous.entries if previous is not None else {}
    lines: list[str] = []
    y = 16
    columns = (300, 354) if previous is not None else (354, 0)
    lines.append(f'<text x="{columns[0] + 25}" y="11" text-anchor="middle" font-weight="700">Now</text>')
    if previous is not None:
        lines.append(
            f'<text x="{columns[1] + 25}" y="11" text-anchor="middle" font-weight="700">Before</text>'
        )
    for heading in framework.headings:
        lines.append(
            f'<text x="0" y="{y + 11}" font-weight="700">{e(f"{heading.number}. {heading.title}")}</text>'
        )
        y += _ROW
        for element in heading.elements:
            entry = now.get(element.code)
            title = element.title if len(element.title) <= _TITLE else element.title[: _TITLE - 1] + "…"
            lines.append(f'<text x="8" y="{y + 11}">{e(element.code)} {e(title)}</text>')
            if entry is not None and not entry.applicable:
                lines.append(f'<text x="{columns[0]}" y="{y + 11}" fill="#333333">n/a</text>')
            else:
                lines.append(_rect(columns[0], y, entry.rating if entry else None, framework, width=50))
            if previous is not None:
                earlier = before.get(element.code)
                lines.append(_rect(columns[1], y, earlier.rating if earlier else None, framework, width=50))
            y += _ROW
    legend = ", ".join(f"{level.short} {level.label}" for level in framework.scale.levels)
    lines.append(f'<text x="0" y="{y + 11}" fill="#333333" font-size="10">{e(legend)}; – unrated</text>')
    y += _ROW
    described = ", ".join(
        f"{code} {rating.label if (rating := entry.rating) is not None else 'unrated'}"
        for code, entry in now.items()
    )
    return (
        f'<svg viewBox="0 0 {_WIDTH} {y}" role="img" '
        f'aria-labelledby="heat-title heat-desc" font-family="system-ui,sans-serif" font-size="11">'
        f'<title id="heat-title">Ratings of the {len(framework.elements)} elements</title>'
        f'<desc id="heat-desc">{e(described)}</desc>' + "".join(lines) + "</svg>"
    )


def _titled(codes: Iterable[str], framework: Framework, assessment: Assessment) -> str:
    entries = assessment.entries
    found = []
    for code in codes:
        title = framework.element(code).title if code in framework.element_codes else ""
        rating = entries[code].rating if code in entries else None
        found.append(f"{code} {title}" + (f" ({rating.label})" if rating else ""))
    return "; ".join(found) if found else "none"


def _movement(
    assessment: Assessment, previous: Assessment, framework: Framework, allow_different: bool
) -> str:
    c = compare(previous, assessment, allow_different=allow_different)
    up = [m.code for m in c.movements if m.direction is Direction.IMPROVED]
    down = [m.code for m in c.movements if m.direction is Direction.DECLINED]
    same = sum(1 for m in c.movements if m.direction is Direction.UNCHANGED)
    since = previous.round or previous.assessed_on or "the previous round"

    def listed(codes: Sequence[str]) -> str:
        return _with_titles(codes, framework)

    improved = (
        f"{len(up)} element{'s' if len(up) != 1 else ''} improved ({listed(up)})" if up else "none improved"
    )
    declined = f"{len(down)} declined ({listed(down)})" if down else "none declined"
    return f"Since {since}, {improved} and {declined}; {same} unchanged."


def _with_titles(codes: Iterable[str], framework: Framework) -> str:
    return ", ".join(
        f"{code} {framework.element(code).title}" if code in framework.element_codes else code
        for code in codes
    )


def _against(assessment: Assessment, group: list[Assessment], framework: Framework) -> str:
    b = benchmark(assessment, group, framework=framework)
    higher = [p.code for p in b.positions if p.below is not None and p.below > 0.5]  # noqa: PLR2004 - most
    lower = [p.code for p in b.positions if p.above is not None and p.above > 0.5]  # noqa: PLR2004
    parts = []
    if higher:
        parts.append(f"higher than most of them on {_with_titles(higher, framework)}")
    if lower:
        parts.append(f"lower than most of them on {_with_titles(lower, framework)}")
    finding = " and ".join(parts) if parts else "close to the group on every element"
    return (
        f"Compared with the group's own ratings of the same elements ({b.group_size} assessments, "
        f"{b.counting}), {assessment.subject.name} rates itself {finding}."
    )


def _plan_sentence(plan: ImprovementPlan, review: PlanReview | None) -> str:
    counts: dict[str, int] = {}
    for action in plan.actions:
        counts[action.status.value] = counts.get(action.status.value, 0) + 1
    states = ", ".join(f"{n} {status}" for status, n in counts.items()) or "no actions yet"
    text = f"{plan.title or 'The plan'}: {len(plan.priorities)} priorities and {len(plan.actions)} actions ({states})."
    if review is not None:
        findings = "; ".join(review.findings) or "nothing to flag"
        text += f" Reviewed on {review.as_of}: {findings}."
    return text


def board_pack(  # noqa: PLR0913 - the assessment and what the board sees beside it
    assessment: Assessment,
    framework: Framework,
    *,
    previous: Assessment | None = None,
    group: list[Assessment] | None = None,
    views: Perspectives | None = None,
    coverage: EvidenceCoverage | None = None,
    plan: ImprovementPlan | None = None,
    plan_review: PlanReview | None = None,
    allow_different: bool = False,
) -> str:
    """The one-page board pack (the inputs are checked by :func:`~matframework.report`, which calls this)."""
    p = profile(assessment, framework=framework)
    subject = assessment.subject
    when = assessment.assessed_on.isoformat() if assessment.assessed_on else "undated"
    title = f"{subject.name}: self-assessment, {assessment.round or when}"
    median = p.median.label if p.median else "none"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body><main>",
    ]
    if assessment.status is Status.DRAFT:
        parts.append('<p class="draft" role="note">DRAFT: these ratings are not yet agreed.</p>')
    parts += [
        f"<h1>{e(title)}</h1>",
        (
            f'<p class="meta">{e(subject.kind.value.title())} self-assessment against the {e(framework.title)}, '
            f"assessed on {e(when)} ({e(assessment.status.value)}). {e(p.counted)} of {e(len(p.elements))} "
            f"elements rated; the middle rating (median) is {e(median)}.</p>"
        ),
        '<div class="cols"><section aria-label="Ratings">',
        heat_map(assessment, framework, previous),
        "</section><section>",
        "<h2>Strengths to build on</h2>",
        f"<p>{e(_titled(p.strengths, framework, assessment))}.</p>",
        "<h2>Priorities for building capacity</h2>",
        f"<p>{e(_titled(p.priorities, framework, assessment))}.</p>",
    ]
    if previous is not None:
        parts += [
            "<h2>Movement</h2>",
            f"<p>{e(_movement(assessment, previous, framework, allow_different))}</p>",
        ]
    if group:
        parts += ["<h2>Against the group</h2>", f"<p>{e(_against(assessment, group, framework))}</p>"]
    if views is not None:
        listed = ", ".join(f"{g.perspective} ({g.members})" for g in views.groups)
        gaps = "; ".join(titled_gap(gap.sentence, gap.code, framework) for gap in views.gaps[:4])
        gaps = gaps or "no gaps of two steps or more"
        more = f" (and {len(views.gaps) - 4} more)" if len(views.gaps) > 4 else ""  # noqa: PLR2004
        parts += [
            "<h2>How the groups rated it</h2>",
            f"<p>Rated separately by {e(listed)}: {e(gaps)}{e(more)}.</p>",
        ]
    if coverage is not None:
        parts += [
            "<h2>Evidence</h2>",
            f"<p>{e(repr(coverage).strip('<>').replace('EvidenceCoverage on', 'On'))}.</p>",
        ]
    if plan is not None:
        parts += ["<h2>The plan</h2>", f"<p>{e(_plan_sentence(plan, plan_review))}</p>"]
    parts += [
        "</section></div>",
        (
            '<p class="note">The framework is diagnostic, not a judgement: Green marks a strength to build on, '
            "Red where building capacity matters most. Ratings are ordered levels, so the pack uses counts and "
            f"medians, not averages. {e(framework.source.title)}: {e(framework.source.attribution)} "
            "Made with matframework; the full report has every element's evidence and next steps.</p>"
        ),
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"
