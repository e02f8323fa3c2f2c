"""The command that reads only the framework: ``show`` (the outline, an element or a criterion)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, TextIO

from matframework.model.framework import Stage

if TYPE_CHECKING:
    from matframework.model.framework import Criterion, Element, Framework

__all__ = ["show"]

_WIDTH = 88


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, width=_WIDTH, initial_indent=indent, subsequent_indent=indent)


def _outline(framework: Framework, out: TextIO) -> None:
    out.write(
        f"{framework.title} (version {framework.version}): {len(framework.headings)} headings, "
        f"{len(framework.elements)} elements, {len(framework.criteria)} criteria\n"
    )
    for heading in framework.headings:
        out.write(f"\n{heading.number}. {heading.title}\n")
        out.writelines(f"   {element.code:<4}{element.title}\n" for element in heading.elements)
    out.write(f"\nSource: {framework.source.title}. {framework.source.attribution}\n")


def _criterion(criterion: Criterion, out: TextIO) -> None:
    out.write(f"\n  {criterion.numeral}. {criterion.id}\n")
    out.write(_wrap(f"Question: {criterion.question}", "     ") + "\n")
    out.write(_wrap(f"Red (weak) looks like: {criterion.red}", "     ") + "\n")
    out.write(_wrap(f"Green (strong) looks like: {criterion.green}", "     ") + "\n")


def _element(element: Element, out: TextIO) -> None:
    out.write(f"{element.code}. {element.title}\n")
    out.write("Focus areas: " + "; ".join(element.focus_areas) + "\n")
    for stage in Stage:
        criteria = element.criteria_at(stage)
        if criteria:
            out.write(f"\n{stage.label}:\n")
            for criterion in criteria:
                _criterion(criterion, out)


def show(framework: Framework, id_: str | None, out: TextIO) -> None:
    if id_ is None:
        _outline(framework, out)
    elif "." in id_:
        criterion = framework.criterion(id_)
        out.write(f"{criterion.element_code}. {framework.element(criterion.element_code).title}\n")
        out.write(f"{criterion.stage.label}\n")
        _criterion(criterion, out)
    else:
        _element(framework.element(id_), out)
