"""Fill-in templates: a blank assessment in YAML that carries the framework as comments.

A trust fills the template in with any text editor. Every element comes with
its title, focus areas, questions and Red and Green descriptors as comments,
and the four allowed ratings. A partly filled template reads as a draft.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import os
import re
import textwrap
import types
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from matframework._files import write_atomic
from matframework.documents.registry import document_type
from matframework.errors import Problem, ValidationError
from matframework.model.assessment import SUGGESTED_PERSPECTIVES, Assessment, Status, SubjectKind
from matframework.model.evaluation import Allocation, Design, MeasureKind, PupilGroup
from matframework.model.framework import Framework, Heading, Stage
from matframework.model.impact import Intervention
from matframework.model.improvement import ImprovementFramework, ReviewStatus
from matframework.model.organisation import TIER, Organisation
from matframework.model.plan import ActionStatus, ImprovementPlan
from matframework.model.rating import Rating

__all__ = [
    "DEFAULT_SCHEMA_LOCATION",
    "blank_template",
    "intervention_template",
    "organisation_template",
    "plan_template",
    "template",
]


def __dir__() -> list[str]:
    return __all__


DEFAULT_SCHEMA_LOCATION = "assessment.schema.json"
"""Where the template's first line tells editors to find the JSON Schema.

A path relative to the filled-in file; ``matframework template -o FILE``
writes the schema there too. Pass ``schema_location`` to point elsewhere.
"""

_WIDTH = 96


def _wrapped(text: str, indent: str = "", subsequent: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        width=_WIDTH,
        initial_indent=indent,
        subsequent_indent=indent if subsequent is None else subsequent,
        break_on_hyphens=False,
    )


def _element_comment(framework: Framework, code: str, stages: tuple[Stage, ...] = tuple(Stage)) -> str:
    element = framework.element(code)
    lines = [f"{element.code}. {element.title}"]
    if element.focus_areas:
        lines += _wrapped("Focus areas: " + "; ".join(element.focus_areas), subsequent="  ")
    for stage in stages:
        criteria = element.criteria_at(stage)
        if not criteria:
            continue
        lines.append(f"{stage.label}:")
        for criterion in criteria:
            lines += _wrapped(
                criterion.question, f"  {criterion.numeral}. ", " " * (len(criterion.numeral) + 4)
            )
            lines += _wrapped(f"Red (weak) looks like: {criterion.red}", "      ", "        ")
            lines += _wrapped(f"Green (strong) looks like: {criterion.green}", "      ", "        ")
    lines.append("rating: one of " + ", ".join(r.label for r in Rating) + " (or leave empty while drafting)")
    return "\n".join(lines)


def _chosen_codes(framework: Framework, elements: Iterable[str | int] | None) -> list[str]:
    """The element codes a template covers: all, or those named by code (``"3B"``) or heading (``3``, ``"3"``)."""
    if elements is None:
        return list(framework.element_codes)
    headings = {str(h.number): [e.code for e in h.elements] for h in framework.headings}
    chosen: dict[str, None] = {}
    for item in [elements] if isinstance(elements, str) else elements:
        name = str(item).strip().upper()
        if name in headings:
            chosen.update(dict.fromkeys(headings[name]))
        else:
            chosen[framework.element(name).code] = None  # unknown codes raise, with suggestions
    if not chosen:
        raise ValidationError(
            [
                Problem(
                    path=("elements",),
                    message="no elements chosen",
                    expected="element codes or heading numbers",
                )
            ]
        )
    return [code for code in framework.element_codes if code in chosen]


def template(  # noqa: PLR0913 - keyword-only choices of what the template covers
    framework: Framework,
    *,
    kind: SubjectKind = SubjectKind.TRUST,
    elements: Iterable[str | int] | None = None,
    stages: Iterable[Stage] | None = None,
    perspective: str | None = None,
    schema_location: str = DEFAULT_SCHEMA_LOCATION,
    path: str | os.PathLike[str] | None = None,
) -> str:
    """Return a blank assessment of ``framework`` as commented YAML, ready to fill in.

    DfE's guide suggests starting small: a first meeting may take only the
    questions to start with, and a group may review one heading. ``elements``
    and ``stages`` cut the template to those; what it leaves out is simply not
    listed, so the filled-in file reads as a draft of those elements.

    Args:
        framework: The framework to rate against.
        kind: What the template assesses: a trust (the default), a school or
            a cluster.
        elements: Only these elements, by code (``"3B"``) or heading number
            (``3`` for all of heading 3), in framework order.
        stages: Only the criteria of these stages in the comments, e.g.
            ``[Stage.START]`` for the questions to start with.
        perspective: The group the template is for (``"trustees"``), filled in.
        schema_location: Where editors find the JSON Schema (the first line's
            ``yaml-language-server`` comment).
        path: Also write the template here (atomically), when given.

    Returns:
        YAML text that reads back (with :func:`matframework.loads`) as a
        draft :class:`~matframework.Assessment` with every element unrated.

    Example:
        >>> from matframework import Assessment, assurance_framework, loads
        >>> text = template(assurance_framework())
        >>> text.splitlines()[0]
        '# yaml-language-server: $schema=assessment.schema.json'
        >>> blank = loads(text, into=Assessment)
        >>> blank.status.value, len(blank.unrated())
        ('draft', 14)
        >>> first = loads(template(assurance_framework(), elements=[3], stages=[Stage.START],
        ...                        perspective="middle leaders"), into=Assessment)
        >>> first.codes, first.perspective
        (('3A', '3B', '3C'), 'middle leaders')

    .. versionadded:: 0.1.0
    """
    document = CommentedMap()
    document["schema"] = document_type(Assessment).tag
    document["subject"] = subject = CommentedMap(name="", kind=kind.value)
    subject.yaml_add_eol_comment(f"the {kind.value}'s name", "name")
    subject.yaml_add_eol_comment("one of " + ", ".join(k.value for k in SubjectKind), "kind")
    document["framework"] = CommentedMap(id=framework.id, version=framework.version)
    document["assessed_on"] = None
    document["round"] = None
    document["raters"] = CommentedSeq()
    document["perspective"] = perspective
    document["status"] = Status.DRAFT.value
    document.yaml_add_eol_comment("a date such as 2026-10-01", "assessed_on")
    document.yaml_add_eol_comment("a label such as 2026/27 autumn", "round")
    document.yaml_add_eol_comment("the names of those who rated, e.g. [A. Leader, B. Leader]", "raters")
    document.yaml_add_eol_comment(
        "the group rating, when groups rate separately: e.g. " + ", ".join(SUGGESTED_PERSPECTIVES),
        "perspective",
    )
    document.yaml_add_eol_comment("draft while filling in; final when every element is rated", "status")
    document["ratings"] = ratings = CommentedMap()
    codes = _chosen_codes(framework, elements)
    shown = tuple(Stage) if stages is None else tuple(stage for stage in Stage if stage in set(stages))
    if not shown:
        raise ValidationError(
            [
                Problem(
                    path=("stages",),
                    message="no stages chosen",
                    expected="Stage.START, Stage.ADDITIONAL or both",
                )
            ]
        )
    first_of_heading: dict[str, Heading] = {}
    for heading in framework.headings:
        listed = [e.code for e in heading.elements if e.code in codes]
        if listed:
            first_of_heading[listed[0]] = heading
    for element in (framework.element(code) for code in codes):
        entry = CommentedMap()
        entry["rating"] = None
        entry["target"] = None
        entry["evidence"] = None
        entry["next_steps"] = CommentedSeq()
        entry.yaml_add_eol_comment("the rating the trust aims for (optional)", "target")
        ratings[element.code] = entry
        comment = _element_comment(framework, element.code, shown)
        opens = first_of_heading.get(element.code)
        if opens is not None:
            comment = f"{'=' * 60}\n{opens.number}. {opens.title}\n{'=' * 60}\n{comment}"
        ratings.yaml_set_comment_before_after_key(element.code, before=comment, indent=2)
    header = [
        f"yaml-language-server: $schema={schema_location}",
        f"{framework.title} (version {framework.version}): a self-assessment to fill in.",
        "",
        *_wrapped(
            "Rate each element on the four-point scale: " + ", ".join(r.label for r in Rating) + ". "
            "The framework describes only Red and Green; choose the amber nearer to the description "
            "that fits best. Leave a rating empty while the assessment is a draft; to mark an element "
            "that does not apply, replace its fields with `not_applicable: <the reason>`."
        ),
        "",
        *_wrapped(f"Source: {framework.source.title}. {framework.source.attribution}"),
    ]
    if len(codes) < len(framework.element_codes) or len(shown) < len(Stage):
        scope = "elements " + ", ".join(codes)
        if len(shown) < len(Stage):
            scope += " (" + " and ".join(stage.label.lower() for stage in shown) + " only)"
        header += [
            "",
            *_wrapped(f"This template covers {scope}; the other elements are left for another meeting."),
        ]
    document.yaml_set_start_comment("\n".join(header))
    text = _dump(document)
    if path is not None:
        write_atomic(Path(os.fspath(path)), text)
    return text


def _dump(document: CommentedMap) -> str:
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


def organisation_template(
    *,
    schema_location: str = "organisation.schema.json",
    path: str | os.PathLike[str] | None = None,
) -> str:
    """Return a blank trust structure (:class:`~matframework.model.organisation.Organisation`) as commented YAML.

    The template has one cluster, and a school entry to copy in a comment,
    every field explained; the school's tier shows how a dated fact is written.

    Args:
        schema_location: Where editors find the JSON Schema (the first line's comment).
        path: Also write the template here (atomically), when given.

    Example:
        >>> from matframework import loads
        >>> from matframework.model.organisation import Organisation
        >>> org = loads(organisation_template(), into=Organisation)
        >>> org.name, len(org.clusters), org.schools
        ('', 1, ())

    .. versionadded:: 0.2.0
    """
    document = CommentedMap()
    document["schema"] = document_type(Organisation).tag
    document["name"] = ""
    document["trust_reference"] = None
    document["as_of"] = None
    document.yaml_add_eol_comment("the trust's name", "name")
    document.yaml_add_eol_comment("its GIAS group ID, e.g. TR01234", "trust_reference")
    document.yaml_add_eol_comment("the date this record was last checked, e.g. 2026-09-01", "as_of")
    cluster = CommentedMap(id="hub-1", name="Hub 1", lead=None)
    cluster.yaml_add_eol_comment("a short id the schools refer to", "id")
    cluster.yaml_add_eol_comment("who leads it (optional)", "lead")
    document["clusters"] = CommentedSeq([cluster])
    document["schools"] = CommentedSeq()
    example = [
        "One entry per school, each URN once. Copy this one for each school, without the #:",
        "  - urn: '123456'        # six or seven digits, as in GIAS",
        "    name: Ash Primary",
        "    phase: Primary       # GIAS's phase of education: Primary, Secondary, All-through, ...",
        "    joined_on: 2024-09-01  # the date it joined the trust",
        "    cluster: hub-1       # the id of its cluster (or leave it out)",
        "    facts:               # dated facts; when one changes, add an entry and keep the old",
        f"      - name: {TIER}",
        "        value: universal  # the trust's own words for its support tier or category",
        "        since: 2024-09-01",
        "Then replace [] after schools: with the entries.",
    ]
    document.yaml_set_comment_before_after_key("schools", before="\n".join(example), indent=0)
    document.yaml_set_start_comment(
        "\n".join(
            [
                f"yaml-language-server: $schema={schema_location}",
                "The trust's structure: its clusters (or hubs) and its schools, with dated facts such as",
                "the support tier. matframework reads it to group assessments by cluster, phase or tier",
                "and to find new joiners with no assessment since joining.",
            ]
        )
    )
    text = _dump(document)
    if path is not None:
        write_atomic(Path(os.fspath(path)), text)
    return text


def plan_template(
    framework: Framework,
    *,
    schema_location: str = "plan.schema.json",
    path: str | os.PathLike[str] | None = None,
) -> str:
    """Return a blank improvement plan as commented YAML, with the framework's headings and elements to choose from.

    Args:
        framework: The framework the plan's priorities refer to (its element codes are listed).
        schema_location: Where editors find the JSON Schema (the first line's comment).
        path: Also write the template here (atomically), when given.

    Example:
        >>> from matframework import ImprovementPlan, assurance_framework, loads
        >>> plan = loads(plan_template(assurance_framework()), into=ImprovementPlan)
        >>> plan.priorities, plan.actions
        ((), ())

    .. versionadded:: 0.2.0
    """
    document = CommentedMap()
    document["schema"] = document_type(ImprovementPlan).tag
    document["owner"] = ""
    document["title"] = None
    document["based_on"] = None
    document["starts_on"] = None
    document["ends_on"] = None
    document.yaml_add_eol_comment("whose plan: the trust's or school's name", "owner")
    document.yaml_add_eol_comment("the round of the assessment it follows, e.g. 2026/27 autumn", "based_on")
    document.yaml_add_eol_comment("dates such as 2026-11-02", "starts_on")
    document["priorities"] = CommentedSeq()
    document["actions"] = CommentedSeq()
    elements = [
        f"  {h.number}. {h.title}: " + ", ".join(f"{e.code} {e.title}" for e in h.elements)
        for h in framework.headings
    ]
    priority = [
        "Priorities, one entry each; copy this one without the #:",
        "  - id: P1",
        "    title: Build the trust's own capacity to improve schools",
        "    elements: [2A]          # element codes, or criteria such as 2A.ii",
        "    success_criteria: [Expertise mapped in every school]",
        "    target: Amber Green      # " + ", ".join(r.label for r in Rating),
        "    target_by: 2027-07-31",
        "The elements, by heading:",
        *elements,
    ]
    action = [
        "Actions, one entry each; copy this one without the #:",
        "  - id: A1",
        "    title: Map subject and phase expertise across the trust",
        "    priority: P1            # the id of the priority it serves",
        "    owner_role: Director of Education",
        "    due_on: 2027-03-31",
        "    status: planned          # " + ", ".join(s.value for s in ActionStatus),
        "    # reason: ...            # needed when blocked or dropped",
    ]
    document.yaml_set_comment_before_after_key("priorities", before="\n".join(priority), indent=0)
    document.yaml_set_comment_before_after_key("actions", before="\n".join(action), indent=0)
    document.yaml_set_start_comment(
        "\n".join(
            [
                f"yaml-language-server: $schema={schema_location}",
                f"An improvement plan against the {framework.title}: priorities tied to its elements,",
                "and the actions that carry them. Whether an action is overdue is worked out on the day",
                "you look (matframework.review_plan), so it is never written here.",
            ]
        )
    )
    text = _dump(document)
    if path is not None:
        write_atomic(Path(os.fspath(path)), text)
    return text


def _evaluation_block() -> CommentedMap:
    """The blank evaluation plan of the intervention template, each field with its choices."""
    plan = CommentedMap()
    plan["question"] = ""
    outcome = CommentedMap()
    outcome["name"] = ""
    outcome["kind"] = None
    outcome["reliability"] = None
    outcome["selected_by"] = None
    outcome.yaml_add_eol_comment("the test's name", "name")
    outcome.yaml_add_eol_comment("one of: " + ", ".join(k.value for k in MeasureKind), "kind")
    outcome.yaml_add_eol_comment(
        "the test used to choose the pupils, if any: best a different one", "selected_by"
    )
    plan["outcome"] = outcome
    plan["design"] = None
    plan["allocation"] = Allocation.PUPIL.value
    for name in ("pretest_on", "posttest_on", "follow_up_on", "blind_marking"):
        plan[name] = None
    plan["subgroups"] = CommentedSeq()
    for name in ("expected_effect", "pretest_correlation", "icc", "cluster_size"):
        plan[name] = None
    plan.yaml_add_eol_comment("the question the evaluation answers", "question")
    plan.yaml_add_eol_comment("one of: " + ", ".join(d.value for d in Design), "design")
    plan.yaml_add_eol_comment("what is allocated: " + ", ".join(a.value for a in Allocation), "allocation")
    plan.yaml_add_eol_comment("optional: a later test to see whether the effect lasts", "follow_up_on")
    plan.yaml_add_eol_comment("true if the markers do not know who had the intervention", "blind_marking")
    plan.yaml_add_eol_comment("any of: " + ", ".join(g.value for g in PupilGroup), "subgroups")
    plan.yaml_add_eol_comment("the effect size hoped for, e.g. 0.2", "expected_effect")
    plan.yaml_add_eol_comment(
        "between pre-test and outcome, e.g. 0.7; leave empty if unknown", "pretest_correlation"
    )
    plan.yaml_add_eol_comment("when classes or schools are allocated, e.g. 0.15", "icc")
    plan.yaml_add_eol_comment("pupils per class or school allocated", "cluster_size")
    return plan


def intervention_template(
    reference: ImprovementFramework,
    *,
    schema_location: str = "intervention.schema.json",
    path: str | os.PathLike[str] | None = None,
) -> str:
    """Return a blank intervention as commented YAML: the impact checklist and an evaluation plan to fill in.

    Every impact tip of ``reference`` gets a checklist entry with the tip's words as a comment.
    The evaluation plan lists the designs, allocations, kinds of measure and groups of pupils
    to choose from. The results (scores, subgroups, a follow-up) are added after the tests.

    Args:
        reference: The improvement framework whose impact tips make the checklist.
        schema_location: Where editors find the JSON Schema (the first line's comment).
        path: Also write the template here (atomically), when given.

    Example:
        >>> from matframework import Intervention, improvement_framework, loads
        >>> text = intervention_template(improvement_framework())
        >>> blank = loads(text, into=Intervention)
        >>> blank.evaluation.design, len(blank.checklist), blank.evaluation.allocation.value
        (None, 7, 'pupil')

    .. versionadded:: 0.2.0
    """
    document = CommentedMap()
    document["schema"] = document_type(Intervention).tag
    document["title"] = ""
    document["schools"] = CommentedSeq()
    document["elements"] = CommentedSeq()
    for name in ("intended_outcome", "monitoring", "starts_on", "ends_on", "cost", "pupils_reached"):
        document[name] = None
    document.yaml_add_eol_comment("element codes it serves, e.g. [3A]", "elements")
    document.yaml_add_eol_comment("dates such as 2026-09-14", "starts_on")
    document.yaml_add_eol_comment("in pounds, in total", "cost")
    checklist = CommentedSeq()
    for index, tip in enumerate(reference.impact_tips):
        entry = CommentedMap()
        entry["tip"] = tip.key
        entry["status"] = None
        entry["evidence"] = None
        checklist.append(entry)
        checklist.yaml_set_comment_before_after_key(index, before="\n".join(_wrapped(tip.text)), indent=2)
    document["checklist"] = checklist
    document.yaml_set_comment_before_after_key(
        "checklist",
        before="The article's tips for assessing impact; status: " + ", ".join(s.value for s in ReviewStatus),
        indent=0,
    )
    plan = _evaluation_block()
    document["evaluation"] = plan
    document.yaml_set_comment_before_after_key(
        "evaluation",
        before="The evaluation plan: fill it in before the intervention starts (the EEF's DIY evaluation guide's steps).",
        indent=0,
    )
    document.yaml_set_start_comment(
        "\n".join(
            [
                f"yaml-language-server: $schema={schema_location}",
                "A blank intervention: what it is, the impact checklist, and how its impact will be found out.",
                "After the tests, add scores, comparison, subgroups and follow_up (see the schema), and read the",
                "result with matframework.evaluate.",
            ]
        )
    )
    text = _dump(document)
    if path is not None:
        write_atomic(Path(os.fspath(path)), text)
    return text


def _kind_of(field: attrs.Attribute[Any]) -> tuple[str, Any]:
    """A field's kind in words, and the record class of a list of records (or ``None``)."""
    kind: Any = field.type
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        kind = next(arg for arg in typing.get_args(kind) if arg is not type(None))
    if typing.get_origin(kind) is tuple:
        item = typing.get_args(kind)[0]
        if attrs.has(item):
            return "a list of entries", item
        return "a list, e.g. [a, b]", None
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return "one of: " + ", ".join(str(member.value) for member in kind), None
    words = {str: "text", dt.date: "a date such as 2026-11-02", bool: "true or false"}
    if kind in (int, float):
        return "a number", None
    if attrs.has(kind):
        return "a mapping of " + ", ".join(f.alias or f.name for f in attrs.fields(kind)), None
    return words.get(kind, "see the schema"), None


def _entry_lines(record: type[Any], singular: str) -> list[str]:
    attrs.resolve_types(record)
    lines = [f"{singular}, one entry each; copy this one without the # and fill it in:"]
    for index, field in enumerate(attrs.fields(record)):
        words, _ = _kind_of(field)
        needed = " (required)" if field.default is attrs.NOTHING else ""
        lead = "  - " if index == 0 else "    "
        lines.append(f"{lead}{field.alias or field.name}:    # {words}{needed}")
    return lines


def blank_template(cls: type[Any], *, schema_location: str | None = None) -> str:
    """Return a blank document of any registered type as commented YAML: each field, its kind, and an entry to copy.

    Required text fields are left empty to fill in; optional fields are
    ``null``; a list of records is empty, with one entry to copy in a comment.
    The dedicated templates (:func:`template`, :func:`plan_template`,
    :func:`organisation_template`) say more about their documents.

    Example:
        >>> from matframework import EvidenceFile, loads
        >>> text = blank_template(EvidenceFile)
        >>> text.splitlines()[2]
        'schema: matframework/evidence@1'
        >>> loads(text, into=EvidenceFile).records
        ()

    .. versionadded:: 0.2.0
    """
    entry = document_type(cls)
    attrs.resolve_types(cls)
    document = CommentedMap()
    document["schema"] = entry.tag
    for field in attrs.fields(cls):
        name = field.alias or field.name
        words, record = _kind_of(field)
        required = field.default is attrs.NOTHING
        document[name] = (
            CommentedSeq() if record is not None or words.startswith("a list") else ("" if required else None)
        )
        if record is not None:
            document.yaml_set_comment_before_after_key(
                name, before="\n".join(_entry_lines(record, name.capitalize())), indent=0
            )
        else:
            document.yaml_add_eol_comment(words + (" (required)" if required else ""), name)
    location = schema_location or f"{entry.cli_name}.schema.json"
    title = re.sub(r"(?<!^)(?=[A-Z])", " ", cls.__name__).lower()
    document.yaml_set_start_comment(
        f"yaml-language-server: $schema={location}\nA blank {title}: fill in the values (lines starting with # are notes)."
    )
    return _dump(document)
