"""Compact, escaped HTML for notebooks (``_repr_html_``), and the pieces the HTML report shares.

The library's main classes have a ``_repr_html_`` method, which Jupyter
calls to display them; it imports this module on first use. Every value is escaped, no
script is emitted, and each fragment carries its plain-text form in a
``<pre>`` as a fallback. Nothing here imports pandas or matplotlib.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

import attrs

from matframework.analysis.comparison import Comparison
from matframework.analysis.effects import EffectSize
from matframework.analysis.evaluation import Evaluation
from matframework.analysis.evidence import EvidenceCoverage
from matframework.analysis.groups import Aggregate, Benchmark
from matframework.analysis.history import History
from matframework.analysis.moderation import Moderation
from matframework.analysis.perspectives import Perspectives
from matframework.analysis.plans import PlanReview
from matframework.analysis.pooling import PooledEffect
from matframework.analysis.profiles import Profile
from matframework.documents.bundled import assurance_framework
from matframework.model._display import text_on
from matframework.model.assessment import Assessment, ElementRating, require_framework
from matframework.model.framework import Criterion, Element, Framework, Heading
from matframework.model.improvement import ImprovementFramework
from matframework.model.organisation import TIER, Organisation
from matframework.model.plan import ImprovementPlan
from matframework.model.rating import Rating, RatingScale
from matframework.views._html import e, table, wrap
from matframework.views.impact import evaluation_html, pooled_html

__all__ = ["Html", "to_html"]


def __dir__() -> list[str]:
    return __all__


def chip(rating: Rating | None, scale: RatingScale | None = None) -> str:
    """A coloured label for a rating, with its short and full text (colour is never the only cue)."""
    if rating is None:
        return '<span class="chip" style="background:#eeeeee">–</span>unrated'
    level = (scale or assurance_framework().scale).level(rating)
    text = text_on(level.colour)  # black or white, whichever meets 4.5:1 on the fill
    return (
        f'<span class="chip" style="background:{e(level.colour)};color:#{text}">{e(level.short)}</span>'
        f"{e(rating.label)}"
    )


def framework_html(framework: Framework) -> str:
    """Headings and elements of a framework."""
    rows = [
        [e(f"{h.number}. {h.title}"), e(el.code), e(el.title), e(len(el.criteria))]
        for h in framework.headings
        for el in h.elements
    ]
    body = table(["Heading", "Code", "Element", "Criteria"], rows)
    return wrap(f"{framework.title} (version {framework.version})", body, repr(framework))


def element_html(element: Element) -> str:
    """An element with its focus areas and criteria."""
    rows = [[e(c.numeral), e(c.stage.label), e(c.question), e(c.red), e(c.green)] for c in element.criteria]
    body = f"<div>Focus areas: {e('; '.join(element.focus_areas))}</div>" + table(
        ["", "Stage", "Question", "Red (weak) looks like", "Green (strong) looks like"], rows
    )
    return wrap(f"{element.code}. {element.title}", body, repr(element))


def _known_framework(assessment: Assessment, framework: Framework | None) -> tuple[Framework | None, str]:
    """The framework whose titles to show, and a note when there is none (never another framework's titles)."""
    if framework is not None:
        require_framework([assessment], framework)
        return framework, ""
    bundled = assurance_framework()
    if assessment.rates(bundled):
        return bundled, ""
    note = (
        f"<div>Element titles are not shown: this assessment rates {e(assessment.framework.id)} version "
        f"{e(assessment.framework.version)}, which is not bundled. Display it with "
        "<code>matframework.to_html(assessment, framework=...)</code> to see that framework's titles.</div>"
    )
    return None, note


def assessment_html(assessment: Assessment, framework: Framework | None = None) -> str:
    """An assessment's ratings as a RAG table, with the titles of the framework it rates."""
    known, note = _known_framework(assessment, framework)
    scale = known.scale if known is not None else None
    rows = []
    for entry in assessment.ratings:
        rating = (
            "not applicable: " + e(entry.not_applicable)
            if not entry.applicable
            else chip(entry.rating, scale)
        )
        title = (
            known.element(entry.code).title if known is not None and entry.code in known.element_codes else ""
        )
        rows.append(
            [
                e(entry.code),
                e(title),
                rating,
                chip(entry.target, scale) if entry.target else "",
                e(entry.evidence),
            ]
        )
    when = assessment.assessed_on.isoformat() if assessment.assessed_on else "undated"
    head = f"{assessment.subject.name} ({assessment.subject.kind.value}), {assessment.round or ''} {when}, {assessment.status.value}"
    body = note + table(["Code", "Element", "Rating", "Target", "Evidence"], rows)
    return wrap(head, body, repr(assessment))


def profile_html(profile: Profile) -> str:
    """A profile: headings with their distributions and medians, strengths and priorities."""
    rows = [
        [e(f"{h.number}. {h.title or ''}"), chip(h.median) if h.median else "–"]
        + [e(h.distribution.count(r)) for r in Rating]
        + [e(h.distribution.unrated), e(h.distribution.not_applicable)]
        for h in profile.headings
    ]
    body = table(["Heading", "Median", *[r.label for r in Rating], "Unrated", "Not applicable"], rows)
    body += f"<div>Strengths: {e(', '.join(profile.strengths) or 'none')}. Priorities: {e(', '.join(profile.priorities) or 'none')}.</div>"
    return wrap("Profile", body, repr(profile))


def comparison_html(comparison: Comparison) -> str:
    """Movements between two assessments."""
    rows = [
        [
            e(m.code),
            chip(m.before),
            chip(m.after),
            e(m.direction.value),
            e("" if m.steps is None else f"{m.steps:+d}"),
        ]
        for m in comparison.movements
    ]
    return wrap("Comparison", table(["Code", "Before", "After", "Movement", "Steps"], rows), repr(comparison))


def titled_gap(sentence: str, code: str, framework: Framework | None) -> str:
    """A gap's sentence with the element's title after its code, unless the sentence has it already."""
    if framework is None or code not in framework.element_codes or framework.element(code).title in sentence:
        return sentence
    return sentence.replace(f" {code} ", f" {code} ({framework.element(code).title}) ", 1)


def perspectives_table(views: Perspectives, framework: Framework | None = None) -> str:
    """Each element's group medians side by side, with the gap in steps, then the gaps named in words.

    With ``framework``, each code has its title beside it, in the table and in the sentences.
    """
    titles = {el.code: el.title for el in framework.elements} if framework is not None else None
    rows = [
        [e(element.code), *([e(titles.get(element.code, ""))] if titles is not None else [])]
        + [
            (chip(g.median) + e(f" ({g.counted})")) if g.median is not None else e("not rated")
            for g in element.groups
        ]
        + [e("–" if element.gap is None else element.gap)]
        for element in views.elements
    ]
    headers = [
        "Code",
        *(["Element"] if titles is not None else []),
        *(f"{name} (median, counted)" for name in views.perspectives),
        "Gap (steps)",
    ]
    found = "".join(f"<li>{e(titled_gap(gap.sentence, gap.code, framework))}</li>" for gap in views.gaps)
    gaps = f"<ul>{found}</ul>" if found else f"<p>No gap of {e(views.min_gap)} or more steps.</p>"
    return table(headers, rows) + gaps


def perspectives_html(views: Perspectives) -> str:
    """How groups rated each element, and the gaps between them."""
    return wrap("Perspectives", perspectives_table(views), repr(views))


def history_html(history: History) -> str:
    """One subject's rounds: each element's rating per round, and the flags."""
    rows = [
        [e(t.code)] + [chip(p) if p is not None else e("–") for p in t.points] for t in history.trajectories
    ]
    flags = "".join(f"<li>{e(flag.sentence)}</li>" for flag in history.flags)
    body = table(["Code", *history.labels], rows) + (f"<ul>{flags}</ul>" if flags else "<p>No flags.</p>")
    return wrap("History", body, repr(history))


def organisation_html(organisation: Organisation) -> str:
    """The trust's schools with their cluster, phase, joining date and current tier."""
    clusters = {c.id: c.name for c in organisation.clusters}
    rows = [
        [
            e(s.urn),
            e(s.name),
            e(s.phase or "–"),
            e(clusters.get(s.cluster or "", "–")),
            e(s.joined_on or "–"),
            e(s.fact(TIER) or "–"),
        ]
        for s in organisation.schools
    ]
    body = table(["URN", "School", "Phase", "Cluster", "Joined", "Tier (latest)"], rows)
    return wrap(organisation.name or "Organisation", body, repr(organisation))


def coverage_table(cover: EvidenceCoverage) -> str:
    """Per rated element: its records, stale ones, strands missing and confidence; then the headline in words."""
    rows = [
        [
            e(item.code),
            e(", ".join(item.records) or "none"),
            e(", ".join(item.stale) or "–"),
            e(", ".join(sorted(s.value for s in item.missing)) or "triangulated"),
            e(item.confidence.value if item.confidence else "–"),
        ]
        for item in cover.elements
    ]
    share = (
        "no element is rated"
        if cover.share_evidenced is None
        else f"{cover.share_evidenced:.0%} of rated elements"
    )
    summary = (
        f"<p>On {e(cover.as_of)}, {e(share)} have current evidence. "
        f"No evidence: {e(', '.join(cover.unevidenced) or 'none')}. "
        f"Stale evidence: {e(', '.join(cover.stale) or 'none')}. "
        f"Low confidence: {e(', '.join(cover.low_confidence) or 'none')}. "
        f"Ids that match no record: {e(', '.join(cover.unresolved) or 'none')}.</p>"
    )
    return summary + table(["Code", "Evidence", "Stale", "Strands missing", "Confidence"], rows)


def coverage_html(cover: EvidenceCoverage) -> str:
    """How well an assessment's ratings are evidenced."""
    return wrap("Evidence coverage", coverage_table(cover), repr(cover))


def plan_table(plan: ImprovementPlan, review: PlanReview | None = None) -> str:
    """The plan's priorities with their actions, each with owner, due date and status; then the review's findings."""
    rows = []
    for priority in plan.priorities:
        actions = plan.actions_for(priority.id)
        cells = "<br>".join(
            e(
                f"{a.id} {a.title} ({a.owner_role or a.owner_name or 'no owner'}; due {a.due_on or '–'}; {a.status.value})"
            )
            for a in actions
        )
        target = f"{priority.target.label} by {priority.target_by or '–'}" if priority.target else "–"
        mark = " (suggested)" if priority.suggested else ""
        rows.append(
            [
                e(priority.id),
                e(priority.title + mark),
                e(", ".join(priority.elements)),
                e(target),
                cells or e("none"),
            ]
        )
    found = ""
    if review is not None:
        items = "".join(f"<li>{e(finding)}</li>" for finding in review.findings)
        found = (
            f"<p>Review on {e(review.as_of)}:</p><ul>{items}</ul>"
            if items
            else f"<p>Review on {e(review.as_of)}: nothing to flag.</p>"
        )
    return table(["Id", "Priority", "Elements", "Target", "Actions"], rows) + found


def plan_html(plan: ImprovementPlan) -> str:
    """A plan's priorities and actions."""
    return wrap(plan.title or "Improvement plan", plan_table(plan), repr(plan))


def review_html(review: PlanReview) -> str:
    """A plan review's findings."""
    items = "".join(f"<li>{e(finding)}</li>" for finding in review.findings) or "<li>nothing to flag</li>"
    return wrap("Plan review", f"<ul>{items}</ul>", repr(review))


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def aggregate_html(aggregate: Aggregate) -> str:
    """How a group rated each element: the count at each rating, unrated and not applicable apart."""
    rows = [
        [e(code), *[e(d.count(r)) for r in Rating], e(d.unrated), e(d.not_applicable)]
        for code, d in zip(aggregate.codes, aggregate.distributions, strict=True)
    ]
    body = table(["Element", *[r.label for r in Rating], "Unrated", "Not applicable"], rows)
    aside = f" ({aggregate.set_aside} set aside)" if aggregate.set_aside else ""
    return wrap(
        f"Aggregate of {aggregate.size} assessments, {aggregate.rounds} rounds{aside}", body, repr(aggregate)
    )


def benchmark_html(benchmark: Benchmark) -> str:
    """Where a subject's rating of each element sits in a group's ratings of the same element."""
    rows = [
        [e(p.code), chip(p.rating), e(_share(p.below)), e(_share(p.equal)), e(_share(p.above)), e(p.counted)]
        for p in benchmark.positions
    ]
    body = table(["Element", "Rating", "Group below", "Group equal", "Group above", "Group counted"], rows)
    body += (
        "<div>Group below, equal and above: the share of the group's own ratings of the same element "
        "that are lower than, the same as, or higher than this rating.</div>"
    )
    return wrap(f"Benchmark against a group of {benchmark.group_size}", body, repr(benchmark))


def moderation_html(moderation: Moderation) -> str:
    """Each rater's rating of each element, the suggested consensus, and the elements to discuss."""
    rows = [
        [
            e(a.code),
            *[chip(r) for r in a.ratings],
            chip(a.consensus),
            e("yes" if a.code in moderation.disagreements else ""),
        ]
        for a in moderation.elements
    ]
    body = table(["Element", *moderation.raters, "Suggested", "Two or more apart"], rows)
    alpha = (
        f"{moderation.alpha:.2f}" if moderation.alpha is not None else f"undefined ({moderation.alpha_note})"
    )
    body += f"<div>Krippendorff's alpha (ordinal): {e(alpha)}. The suggestion is the median, for the raters to confirm.</div>"
    return wrap(f"Moderation of {len(moderation.raters)} raters", body, repr(moderation))


def effect_html(effect: EffectSize) -> str:
    """An effect size with its interval, months of progress and caveats."""
    interval = (
        f"{effect.ci_low:.2f} to {effect.ci_high:.2f}"
        if effect.ci_low is not None and effect.ci_high is not None
        else "–"
    )
    rows = [
        [e("Hedges' g"), e(f"{effect.g:.2f}")],
        [e("95% interval"), e(interval)],
        [e("Months of progress"), e(effect.months)],
        [
            e("Pupils"),
            e(effect.n if effect.n_comparison is None else f"{effect.n} (comparison {effect.n_comparison})"),
        ],
    ]
    if effect.cost_per_pupil is not None:
        rows.append([e("Cost per pupil"), e(f"£{effect.cost_per_pupil:,.0f}")])
    caveats = "".join(f"<li>{e(c)}</li>" for c in effect.caveats)
    body = table(["Field", "Value"], rows) + (f"<ul>{caveats}</ul>" if caveats else "")
    return wrap(f"Effect size ({effect.kind.value})", body, repr(effect))


def improvement_html(framework: ImprovementFramework) -> str:
    """The improvement framework: its drivers and what to standardise, align or leave to schools."""
    drivers = "".join(f"<li>{e(d.summary)}</li>" for d in framework.drivers)
    rows = [[e(area.area), e(area.mode.value)] for area in framework.practice_areas]
    body = f"<ul>{drivers}</ul>" + table(["Practice area", "Mode"], rows)
    return wrap(framework.title, body, repr(framework))


def heading_html(heading: Heading) -> str:
    """A heading and its elements."""
    rows = [[e(el.code), e(el.title), e(len(el.criteria))] for el in heading.elements]
    return wrap(
        f"{heading.number}. {heading.title}", table(["Code", "Element", "Criteria"], rows), repr(heading)
    )


def criterion_html(criterion: Criterion) -> str:
    """One criterion: its question and what Red and Green look like."""
    rows = [[e("Question"), e(criterion.question)], [e("Red (weak) looks like"), e(criterion.red)]]
    rows.append([e("Green (strong) looks like"), e(criterion.green)])
    return wrap(f"{criterion.id} ({criterion.stage.label})", table(["Field", "Value"], rows), repr(criterion))


def rating_html(rating: Rating) -> str:
    """A rating as its coloured, labelled chip."""
    return wrap("Rating", f"<div>{chip(rating)}</div>", repr(rating))


def entry_html(entry: ElementRating) -> str:
    """One element's entry in an assessment: rating, target, evidence, notes and next steps."""
    rows = [
        [
            e("Rating"),
            "not applicable: " + e(entry.not_applicable) if not entry.applicable else chip(entry.rating),
        ],
        [e("Target"), chip(entry.target) if entry.target else ""],
        [e("Evidence"), e(entry.evidence)],
        [e("Confidence"), e(entry.confidence.value if entry.confidence else "")],
        [e("Evidence ids"), e(", ".join(entry.evidence_ids))],
    ]
    rows += [[e(f"Note {n.numeral}"), e(n.text)] for n in entry.notes]
    rows += [[e(f"Leans {lean.numeral}"), e(lean.lean.value)] for lean in entry.leans]
    rows += [[e(f"Next step {k}"), e(step)] for k, step in enumerate(entry.next_steps, start=1)]
    return wrap(f"Element {entry.code}", table(["Field", "Value"], rows), repr(entry))


def _value_html(value: object) -> str:
    if isinstance(value, Rating):
        return chip(value)
    if isinstance(value, enum.Enum):
        return e(value.value)
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return e(", ".join(value))
    if isinstance(value, tuple) and value and attrs.has(type(value[0])):
        return _records_table(value)
    if attrs.has(type(value)):
        return e(repr(value))
    return e(value)


def _records_table(records: tuple[Any, ...]) -> str:
    fields = [f.name for f in attrs.fields(type(records[0]))]
    rows = [[_value_html(getattr(r, name)) for name in fields] for r in records]
    return table([name.replace("_", " ") for name in fields], rows)


def fields_html(obj: object) -> str:
    """Any other of the library's objects: a table of its fields, lists of records as tables of their own."""
    cls: Any = type(obj)
    if not attrs.has(cls):
        return text_html(obj)
    rows = [
        [e(field.name.replace("_", " ")), _value_html(getattr(obj, field.name))]
        for field in attrs.fields(cls)
        if getattr(obj, field.name) not in (None, (), "")
    ]
    return wrap(type(obj).__name__, table(["Field", "Value"], rows), repr(obj))


def text_html(obj: object) -> str:
    """Any other result: its text form, escaped."""
    return wrap(type(obj).__name__, "", repr(obj))


_RENDERERS: dict[type[Any], Callable[[Any], str]] = {
    Framework: framework_html,
    Element: element_html,
    Assessment: assessment_html,
    Profile: profile_html,
    Comparison: comparison_html,
    Perspectives: perspectives_html,
    History: history_html,
    Organisation: organisation_html,
    EvidenceCoverage: coverage_html,
    ImprovementPlan: plan_html,
    PlanReview: review_html,
    Aggregate: aggregate_html,
    Benchmark: benchmark_html,
    Moderation: moderation_html,
    EffectSize: effect_html,
    ImprovementFramework: improvement_html,
    Heading: heading_html,
    Criterion: criterion_html,
    Rating: rating_html,
    ElementRating: entry_html,
}


_RENDERERS[Evaluation] = evaluation_html
_RENDERERS[PooledEffect] = pooled_html


def render(obj: object) -> str:
    """Return the HTML fragment for one of the library's objects."""
    return _RENDERERS.get(type(obj), fields_html)(obj)


class Html(str):
    """HTML text that notebooks display as HTML (it has ``_repr_html_``).

    .. versionadded:: 0.1.0
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        return str(self)


def to_html(obj: object, *, framework: Framework | None = None) -> Html:
    """Return one of the library's objects as an escaped HTML fragment, displayed as HTML in notebooks.

    Jupyter shows an object by itself without being told its framework; an
    assessment of a framework that is not bundled then shows its codes but no
    titles. Pass ``framework`` to show that framework's titles.

    Args:
        obj: A framework, element, assessment, profile, comparison or other result.
        framework: For an assessment: the framework it rates.

    Raises:
        IncomparableError: ``framework`` is not the one the assessment rates.

    Example:
        >>> from matframework import examples
        >>> html = to_html(examples.trust_assessments()[-1])
        >>> "Leadership of teaching" in html, html._repr_html_() == html
        (True, True)

    .. versionadded:: 0.1.0
    """
    if isinstance(obj, Assessment):
        return Html(assessment_html(obj, framework))
    return Html(render(obj))
