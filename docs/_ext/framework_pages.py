"""Sphinx extension: write the framework pages and the tutorial's figures from the bundled data.

Connected to ``builder-inited``, it writes Markdown pages (one per heading of
the MAT Assurance Framework, and one for the improvement framework) and the
example figures into ``docs/generated/`` (git-ignored), rewriting a file only
when its content changes, so the site can never drift from the data.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from matframework import (
    ImprovementMode,
    assurance_framework,
    examples,
    improvement_framework,
    plot_heatmap,
    plot_profile,
    report,
)
from matframework.model.framework import Framework, Heading, Stage
from matframework.model.improvement import ImprovementFramework

GENERATED = Path(__file__).resolve().parent.parent / "generated"
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md(text: str) -> str:
    """Escape text for Markdown so the authors' words appear exactly."""
    return _SPECIAL.sub(r"\\\1", text)


def _attribution(framework: Framework) -> str:
    source = framework.source
    return (
        "```{admonition} Source\n"
        f"From *{md(source.title)}*. {md(source.attribution)} "
        "The wording of the framework is its authors'; matframework adds only the codes, "
        "ids and colours listed on the [About the data](../explanation/framework.md) page.\n"
        "```\n"
    )


def heading_page(framework: Framework, heading: Heading) -> str:
    """The Markdown page of one heading: each element, its focus areas and criteria."""
    lines = [f"# {heading.number}. {md(heading.title)}", "", _attribution(framework)]
    for element in heading.elements:
        lines += [f"## {element.code}. {md(element.title)}", ""]
        if element.focus_areas:
            lines += ["**Focus areas:** " + "; ".join(md(a) for a in element.focus_areas), ""]
        for stage in Stage:
            criteria = element.criteria_at(stage)
            if not criteria:
                continue
            lines += [f"### {element.code}: {stage.label.lower()}", ""]
            for c in criteria:
                lines += [
                    f"#### {c.id}",
                    "",
                    f"**Question ({c.numeral}).** {md(c.question)}",
                    "",
                    f"**Red (weak) looks like:** {md(c.red)}",
                    "",
                    f"**Green (strong) looks like:** {md(c.green)}",
                    "",
                ]
    return "\n".join(lines)


def improvement_page(imp: ImprovementFramework) -> str:
    """The Markdown page of the MAT improvement framework."""
    source = imp.source
    lines = [
        f"# {md(imp.title)}",
        "",
        "```{admonition} Source",
        f"From *{md(source.title)}*, published by {md(source.publisher or 'its publisher')}. {md(source.attribution)} "
        + " ".join(md(n) for n in source.notes[:2]),
        "```",
        "",
        *[md(p) + "\n" for p in imp.introduction],
        md(imp.drivers_intro),
        "",
        *[f"- {md(d.summary)}" for d in imp.drivers],
        "",
    ]
    for driver in imp.drivers:
        lines += [f"## {md(driver.heading)}", ""]
        for section in driver.sections:
            if section.title:
                lines += [f"### {md(section.title)}", ""]
            for paragraph in section.paragraphs:
                lines += [md(paragraph), ""]
                if paragraph.startswith("For example, a MAT may choose to prioritise"):
                    lines += [*[f"- {md(p)}" for p in imp.vision_priorities], ""]
                if paragraph.startswith("The table below illustrates"):
                    lines += [*[f"- {md(m.meaning)}" for m in imp.modes], ""]
                    for mode in ImprovementMode:
                        lines += [f"**{md(imp.mode(mode).column)}**", ""]
                        lines += [*[f"- {md(a.area)}" for a in imp.areas_in(mode)], ""]
                if paragraph.startswith("Here are some tips"):
                    lines += [*[f"- {md(t.text)}" for t in imp.impact_tips], ""]
                if paragraph.endswith("This should cover four domains:"):
                    lines += [*[f"- {md(d)}" for d in imp.pd_domains], ""]
    lines += [f"## {md(imp.review_checklist_title)}", "", md(imp.review_checklist_intro), ""]
    lines += [*[f"- {md(q)}" for q in imp.review_checklist], ""]
    return "\n".join(lines)


def _write(path: Path, content: str | bytes) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    if not path.exists() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def generate(folder: Path = GENERATED) -> list[Path]:
    """Write every generated page (and figure) into ``folder``; return the pages."""
    framework = assurance_framework()
    pages = []
    for heading in framework.headings:
        path = folder / f"heading-{heading.number}.md"
        _write(path, heading_page(framework, heading))
        pages.append(path)
    path = folder / "improvement-framework.md"
    _write(path, improvement_page(improvement_framework()))
    pages.append(path)
    return pages


def figures(folder: Path = GENERATED) -> None:
    """Write the tutorial's pictures, drawn by the library (no browser needed), and the example report."""
    latest = examples.trust_assessments()[-1]
    for name, figure in (
        (
            "heatmap.png",
            plot_heatmap(examples.school_assessments(), title="Oak Valley schools (fictional), latest round"),
        ),
        ("profile.png", plot_profile(latest, title=f"{latest.subject.name}, {latest.round}")),
    ):
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=90)
        _write(folder / name, buffer.getvalue())
    page = report(latest, previous=examples.trust_assessments()[-2], group=examples.school_assessments()[-5:])
    _write(folder / "example-report.html", page)


def _on_builder_inited(_app: Any) -> None:
    generate()
    figures()


def setup(app: Any) -> dict[str, Any]:
    """Register with Sphinx."""
    app.connect("builder-inited", _on_builder_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
