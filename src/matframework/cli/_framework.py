"""The command that reads only the framework: ``show`` (the outline, an element or a criterion).

It prints from the framework's plain data: for the bundled framework, the JSON mirror shipped
beside its YAML (so ``show`` builds no model and imports no attrs); for a trust's ``--file``, or an
id the plain data does not hold exactly, the framework is read and checked by the one converter,
the id looked up as the model looks it up (with its suggestions when unknown), and the same
printing done from the framework's plain data.
"""

from __future__ import annotations

import json
import pkgutil
import textwrap
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from matframework.model.framework import Framework

__all__ = ["STAGE_LABELS", "bundled_plain", "show", "show_plain"]

_WIDTH = 88

STAGE_LABELS = {"start": "Questions to start with", "additional": "Additional questions"}
"""Each stage's value and the heading printed above its questions, in the order of
:class:`~matframework.Stage` (a test holds the two together)."""

Plain = Mapping[str, Any]


def bundled_plain() -> Plain:
    """The bundled framework's plain data, read from its JSON mirror (no model is built)."""
    data = pkgutil.get_data("matframework.documents.data", "assurance-framework.json")
    if data is None:  # pragma: no cover - only for loaders that cannot read files
        msg = "cannot read the bundled framework"
        raise FileNotFoundError(msg)
    plain: Plain = json.loads(data)
    return plain


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, width=_WIDTH, initial_indent=indent, subsequent_indent=indent)


def _elements(framework: Plain) -> Iterator[Plain]:
    for heading in framework["headings"]:
        yield from heading["elements"]


def _outline(framework: Plain, out: TextIO) -> None:
    elements = list(_elements(framework))
    criteria = sum(len(element["criteria"]) for element in elements)
    out.write(
        f"{framework['title']} (version {framework['version']}): {len(framework['headings'])} headings, "
        f"{len(elements)} elements, {criteria} criteria\n"
    )
    for heading in framework["headings"]:
        out.write(f"\n{heading['number']}. {heading['title']}\n")
        out.writelines(f"   {element['code']:<4}{element['title']}\n" for element in heading["elements"])
    out.write(f"\nSource: {framework['source']['title']}. {framework['source']['attribution']}\n")


def _criterion(code: str, criterion: Plain, out: TextIO) -> None:
    out.write(f"\n  {criterion['numeral']}. {code}.{criterion['numeral']}\n")
    out.write(_wrap(f"Question: {criterion['question']}", "     ") + "\n")
    out.write(_wrap(f"Red (weak) looks like: {criterion['red']}", "     ") + "\n")
    out.write(_wrap(f"Green (strong) looks like: {criterion['green']}", "     ") + "\n")


def _element(element: Plain, out: TextIO) -> None:
    out.write(f"{element['code']}. {element['title']}\n")
    out.write("Focus areas: " + "; ".join(element["focus_areas"]) + "\n")
    for stage, label in STAGE_LABELS.items():
        criteria = [c for c in element["criteria"] if c["stage"] == stage]
        if criteria:
            out.write(f"\n{label}:\n")
            for criterion in criteria:
                _criterion(element["code"], criterion, out)


def show_plain(framework: Plain, id_: str | None, out: TextIO) -> bool:
    """Print the outline, the element or the criterion ``id_`` from plain data; ``False`` if it holds no such id."""
    if id_ is None:
        _outline(framework, out)
        return True
    code, _, numeral = id_.partition(".")
    for element in _elements(framework):
        if element["code"] != code:
            continue
        if not numeral:
            _element(element, out)
            return True
        for criterion in element["criteria"]:
            if criterion["numeral"] == numeral:
                out.write(f"{code}. {element['title']}\n{STAGE_LABELS[criterion['stage']]}\n")
                _criterion(code, criterion, out)
                return True
    return False


def show(framework: Framework, id_: str | None, out: TextIO) -> None:
    """Print from a framework read by the converter; an unknown id raises the model's error, with its suggestions."""
    from matframework.documents.converters import unstructure  # noqa: PLC0415 - only off the quick path

    if id_ is not None:
        id_ = framework.criterion(id_).id if "." in id_ else framework.element(id_).code
    shown = show_plain(unstructure(framework), id_, out)
    if not shown:  # pragma: no cover - the model found the id, so its plain data holds it
        msg = f"{id_} is in the framework but not in its plain data"
        raise AssertionError(msg)
