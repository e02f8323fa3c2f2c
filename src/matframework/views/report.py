"""A shareable, self-contained HTML report of one assessment.

The page has no scripts and makes no network requests: its styles are
inline, and colour is never the only cue (every rating is also written out).
It prints cleanly (a print stylesheet hides nothing essential and avoids
breaking table rows across pages).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Literal, cast

from matframework._files import write_atomic
from matframework.analysis.comparison import Direction, compare
from matframework.analysis.evidence import EvidenceCoverage
from matframework.analysis.groups import benchmark
from matframework.analysis.perspectives import Perspectives
from matframework.analysis.plans import PlanReview, PriorityOutcome
from matframework.analysis.profiles import profile
from matframework.documents.bundled import framework_for
from matframework.errors import IncomparableError
from matframework.model.assessment import Assessment, Status, require_framework
from matframework.model.framework import Framework
from matframework.model.plan import ImprovementPlan
from matframework.model.rating import Rating
from matframework.views._html import e, table
from matframework.views.board import board_pack, heat_map
from matframework.views.notebook import chip, coverage_table, perspectives_table, plan_table

__all__ = ["report"]


def __dir__() -> list[str]:
    return __all__


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:64rem;color:#111;
line-height:1.4;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #ddd}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}caption{text-align:left;font-weight:600;padding:.3rem 0}
.chip{display:inline-block;min-width:2.4em;text-align:center;border-radius:3px;border:1px solid #444;
font-weight:700;margin-right:.4rem}
.meta{color:#444}.note{font-size:.85rem;color:#444}
ul{margin:.3rem 0}
.wide{overflow-x:auto}
.heat{margin:.6rem 0}.heat svg{width:100%;max-width:26rem;height:auto}.heat figcaption{font-size:.85rem;color:#444}
.draft{border:3px solid #8a1c12;color:#8a1c12;font-weight:700;padding:.3rem .6rem;letter-spacing:.04em}
@page{size:A4;margin:14mm}
@media print{body{margin:0;max-width:none;font-size:10pt}h2,h3,caption,h2+p,h3+p,p.note{break-after:avoid}
tr{break-inside:avoid}
.wide{overflow:visible}.chip,.draft{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""


def _names(codes: Iterable[str], framework: Framework) -> str:
    items = [
        f"<li>{e(code)} {e(framework.element(code).title if code in framework.element_codes else '')}</li>"
        for code in codes
    ]
    return "<ul>" + "".join(items) + "</ul>" if items else "<p>None.</p>"


def report(  # noqa: PLR0913 - the assessment and what to show beside it
    assessment: Assessment,
    *,
    framework: Framework | None = None,
    previous: Assessment | None = None,
    group: Iterable[Assessment] | None = None,
    views: Perspectives | None = None,
    coverage: EvidenceCoverage | None = None,
    plan: ImprovementPlan | None = None,
    plan_review: PlanReview | None = None,
    outcomes: Iterable[PriorityOutcome] | None = None,
    allow_different: bool = False,
    kind: Literal["full", "board"] = "full",
    path: str | os.PathLike[str] | None = None,
) -> str:
    """Return (and write to ``path``, if given) a self-contained HTML report of one assessment.

    The report has a summary (distribution, median), the strengths and
    priorities, a RAG table of every element with its evidence and next
    steps, the movement since ``previous`` when given, and where the subject
    stands against ``group`` when given.

    Args:
        assessment: The assessment to report.
        framework: The framework it rates. By default the bundled one, when the assessment
            names it; for a trust's own framework, pass it.
        previous: An earlier assessment of the same subject against the same framework, to show
            movement.
        group: Other assessments (e.g. the trust's schools) to benchmark against; they must rate
            the same framework.
        views: The groups' separate ratings of the same subject and round (the result of
            :func:`~matframework.perspectives`), shown as a section with the gaps named.
        coverage: The evidence behind the ratings (:func:`~matframework.evidence_coverage`), as a section.
        plan: The improvement plan that follows, as a section of priorities and actions.
        plan_review: The plan's review (:func:`~matframework.review_plan`), shown with the plan.
        outcomes: Whether each priority's elements moved (:func:`~matframework.plan_outcomes`), shown with the plan.
        allow_different: Show movement since a ``previous`` assessment of another subject
            (refused otherwise, so movement is never shown against another trust by mistake).
        kind: ``"full"`` for the working group's report; ``"board"`` for the one-page board pack
            (a heat map of the elements and the headlines in sentences; ``outcomes`` are left to
            the full report).
        path: Write the page here too (atomically).

    Returns:
        The HTML page.

    Raises:
        UnknownFrameworkError: The assessment rates a framework that is not bundled and none was passed.
        IncomparableError: ``previous`` or ``group`` rate another framework, or ``previous`` is of
            another subject.
        ValidationError: The assessment does not fit its framework (an element it does not have).

    Example:
        >>> from matframework import examples
        >>> page = report(examples.trust_assessments()[-1], previous=examples.trust_assessments()[-2])
        >>> page.startswith("<!DOCTYPE html>"), "<script" in page, "Movement since" in page
        (True, False, True)

    .. versionadded:: 0.1.0
    """
    framework = framework_for([assessment], framework)
    assessment.validate(framework)
    members = list(group) if group is not None else None
    require_framework([*([previous] if previous else []), *(members or [])], framework)
    _check_cycle(assessment, views, plan)
    if cast("str", kind) not in ("full", "board"):
        msg = f"kind is 'full' or 'board', not {kind!r}"
        raise ValueError(msg)
    if kind == "board":
        page = board_pack(
            assessment,
            framework,
            previous=previous,
            group=members,
            views=views,
            coverage=coverage,
            plan=plan,
            plan_review=plan_review,
            allow_different=allow_different,
        )
        return _written(page, path)
    p = profile(assessment, framework=framework)
    subject = assessment.subject
    when = assessment.assessed_on.isoformat() if assessment.assessed_on else "undated"
    title = f"{subject.name}: {framework.title} self-assessment"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>",
        "<header>",
        *(
            ['<p class="draft" role="note">DRAFT: these ratings are not yet agreed.</p>']
            if assessment.status is Status.DRAFT
            else []
        ),
        f"<h1>{e(title)}</h1>",
        (
            f'<p class="meta">{e(subject.kind.value.title())}. Round: {e(assessment.round or "not given")}. '
            f"Assessed on {e(when)}. Status: {e(assessment.status.value)}. "
            f"Raters: {e(', '.join(assessment.raters) or 'not given')}.</p></header><main>"
        ),
        "<h2>Summary</h2>",
        (
            f"<p>{e(p.counted)} of {e(len(p.elements))} elements rated"
            f"{e(f', {p.distribution.not_applicable} not applicable') if p.distribution.not_applicable else ''}"
            f"{e(f', {len(p.unrated)} unrated') if p.unrated else ''}. "
            f"Median rating: {chip(p.median, framework.scale) if p.median else 'none'}.</p>"
        ),
        table(
            ["Heading", "Median", *[r.label for r in Rating], "Unrated"],
            (
                [e(f"{h.number}. {h.title or ''}"), chip(h.median, framework.scale) if h.median else "–"]
                + [e(h.distribution.count(r)) for r in Rating]
                + [e(h.distribution.unrated)]
                for h in p.headings
            ),
            caption="Ratings by heading",
        ),
        '<figure class="heat">',
        heat_map(assessment, framework, previous),
        "<figcaption>Every element's rating"
        + (
            f" now and in {e(previous.round or previous.assessed_on or 'the previous round')}"
            if previous
            else ""
        )
        + ", each box labelled.</figcaption></figure>",
        "<h2>Strengths and priorities</h2>",
        (
            "<p>The framework is diagnostic: strengths are areas to build on, priorities are where building "
            "capacity matters most.</p>"
        ),
        "<h3>Strengths</h3>",
        _names(p.strengths, framework),
        "<h3>Priorities</h3>",
        _names(p.priorities, framework),
        "<h2>All elements</h2>",
    ]
    entries = assessment.entries
    rows = []
    for element in framework.elements:
        entry = entries.get(element.code)
        if entry is not None and not entry.applicable:
            rating_cell = "Not applicable: " + e(entry.not_applicable)
        else:
            rating_cell = chip(entry.rating if entry else None, framework.scale)
        rows.append(
            [
                e(element.code),
                e(element.title),
                rating_cell,
                chip(entry.target, framework.scale) if entry and entry.target else "",
                e(entry.evidence if entry else ""),
                "<br>".join(f"{e(n.numeral)}. {e(n.text)}" for n in (entry.notes if entry else ())),
                "<br>".join(e(step) for step in (entry.next_steps if entry else ())),
            ]
        )
    parts.append(
        table(
            ["Code", "Element", "Rating", "Target", "Evidence", "Notes by criterion", "Next steps"],
            rows,
            caption="RAG ratings",
        )
    )
    if previous is not None:
        c = compare(previous, assessment, allow_different=allow_different)
        moved = [
            [
                e(m.code),
                e(_title(m.code, framework)),
                chip(m.before, framework.scale),
                chip(m.after, framework.scale),
                e(m.direction.value),
            ]
            for m in c.movements
            if m.direction is not Direction.NOT_RATED
        ]
        s = c.summary
        parts += [
            f"<h2>Movement since {e(previous.round or previous.assessed_on or 'the previous round')}</h2>",
            (
                f"<p>{e(s['improved'])} improved, {e(s['declined'])} declined, {e(s['unchanged'])} unchanged, "
                f"{e(s['new'])} newly rated.</p>"
            ),
            table(["Code", "Element", "Before", "Now", "Movement"], moved, caption="Movement by element"),
        ]
    if members is not None:
        b = benchmark(assessment, members, framework=framework)
        rows = [
            [e(pos.code), e(_title(pos.code, framework)), chip(pos.rating, framework.scale)]
            + [e("–" if share is None else f"{share:.0%}") for share in (pos.below, pos.equal, pos.above)]
            + [e(pos.counted)]
            for pos in b.positions
        ]
        parts += [
            f"<h2>Against the group ({e(b.group_size)} counted)</h2>",
            (
                f'<p class="note">{e(b.counting[:1].upper() + b.counting[1:])}. "Group below", "equal" and '
                f'"above" are the shares of the group\'s own ratings of the same element that are lower than, '
                f"the same as, or higher than {e(subject.name)}'s rating.</p>"
            ),
            table(
                ["Code", "Element", "Rating", "Group below", "Group equal", "Group above", "Counted"], rows
            ),
        ]
    parts += _cycle_sections(framework, views, coverage, plan, plan_review)
    if outcomes is not None:
        parts += _outcome_section(tuple(outcomes), plan)
    parts += [
        "</main><footer>",
        (
            f'<p class="note">Framework: {e(framework.title)} (version {e(framework.version)}). '
            f"Source: {e(framework.source.title)}. {e(framework.source.attribution)} "
            "Ratings are ordinal (four ordered levels), so the report uses counts and medians, not averages. "
            "Made with matframework.</p>"
        ),
        "</footer></body></html>",
    ]
    page = "\n".join(parts) + "\n"
    page = page.replace("<table>", '<div class="wide"><table>').replace("</table>", "</table></div>")
    return _written(page, path)


def _title(code: str, framework: Framework) -> str:
    return framework.element(code).title if code in framework.element_codes else ""


def _written(page: str, path: str | os.PathLike[str] | None) -> str:
    if path is not None:
        write_atomic(Path(os.fspath(path)), page)
    return page


def _check_cycle(assessment: Assessment, views: Perspectives | None, plan: ImprovementPlan | None) -> None:
    """The perspectives and the plan must be of the subject (and round) reported, never another's."""
    if views is not None and (views.subject, views.round) != (assessment.subject.name, assessment.round):
        msg = (
            f"the perspectives are of {views.subject!r} in round {views.round!r}, the report of "
            f"{assessment.subject.name!r} in round {assessment.round!r}; pass the groups' views of the same round"
        )
        raise IncomparableError(msg)
    if plan is not None and plan.owner and plan.owner != assessment.subject.name:
        msg = f"the plan is {plan.owner!r}'s, the report of {assessment.subject.name!r}; pass that subject's plan"
        raise IncomparableError(msg)


def _cycle_sections(
    framework: Framework,
    views: Perspectives | None,
    coverage: EvidenceCoverage | None,
    plan: ImprovementPlan | None,
    plan_review: PlanReview | None,
) -> list[str]:
    """The sections of the self-review cycle: the groups' perspectives, the evidence, the plan."""
    parts: list[str] = []
    if views is not None:
        listed = ", ".join(f"{g.perspective} ({g.members})" for g in views.groups)
        parts += [
            "<h2>How the groups rated it</h2>",
            (
                f'<p class="note">Rated separately by {e(listed)}; each cell is the group\'s median and how '
                "many rated. The gaps are the starting points for discussion.</p>"
            ),
            perspectives_table(views, framework),
        ]
    if coverage is not None:
        parts += ["<h2>Evidence behind the ratings</h2>", coverage_table(coverage)]
    if plan is not None:
        parts += [f"<h2>{e(plan.title or 'The improvement plan')}</h2>", plan_table(plan, plan_review)]
    return parts


def _outcome_section(outcomes: tuple[PriorityOutcome, ...], plan: ImprovementPlan | None) -> list[str]:
    """Each priority's elements and how they moved, with whether the target was met."""
    titles = {p.id: p.title for p in plan.priorities} if plan is not None else {}
    rows = [
        [
            e(o.priority),
            e(titles.get(o.priority, "")),
            e(
                ", ".join(
                    f"{m.code} {m.direction.value}" + (f" ({m.steps:+d})" if m.steps else "")
                    for m in o.movements
                )
                or "–"
            ),
            e("yes" if o.met else "no" if o.met is False else "no target"),
        ]
        for o in outcomes
    ]
    return ["<h2>Did the priorities move?</h2>", table(["Priority", "Title", "Movement", "Target met"], rows)]
