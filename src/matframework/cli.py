"""The ``matframework`` command line.

``python -m matframework`` (or ``matframework``) prints the bundled
framework's headings and elements; ``matframework show 3B`` prints one element
in full, and ``matframework show 3B.iv`` one criterion. ``matframework
template`` prints a blank assessment to fill in (``-o FILE`` writes it), and
``matframework schema`` prints a document type's JSON Schema. ``--file`` reads
a trust's own framework file instead of the bundled one.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from matframework.assessment import Assessment, SubjectKind
from matframework.bundled import assurance_framework
from matframework.errors import MatFrameworkError, UnknownIdError
from matframework.framework import Criterion, Element, Framework, Stage
from matframework.io import load_framework, write_atomic
from matframework.schema import json_schema
from matframework.templates import DEFAULT_SCHEMA_LOCATION, template

__all__ = ["main"]


def __dir__() -> list[str]:
    return __all__


_WIDTH = 88
_DOCUMENTS = {"assessment": Assessment, "framework": Framework}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="matframework",
        description="Explore the MAT Assurance Framework bundled with matframework.",
    )
    parser.add_argument(
        "--file",
        metavar="FRAMEWORK.yaml",
        help="read this framework file (a trust's adaptation) instead of the bundled framework",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    show = commands.add_parser(
        "show",
        help="print the framework's outline, one element or one criterion",
        description="Print the outline (no ID), an element (e.g. 3B) or a criterion (e.g. 3B.iv).",
    )
    show.add_argument("id", nargs="?", help="an element code such as 3B or a criterion id such as 3B.iv")
    blank = commands.add_parser(
        "template",
        help="print (or write) a blank assessment to fill in",
        description=(
            "Print a blank assessment in YAML, with the framework's questions and descriptors as comments. "
            "With -o, write it to FILE (and the JSON Schema it names beside it, for editors)."
        ),
    )
    blank.add_argument(
        "-o", "--output", metavar="FILE", help="write the template to FILE instead of printing it"
    )
    blank.add_argument(
        "--kind",
        choices=[k.value for k in SubjectKind],
        default="trust",
        help="what is assessed (default: trust)",
    )
    blank.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of a document type",
        description="Print the JSON Schema (2020-12) of assessment or framework documents.",
    )
    schema.add_argument("type", nargs="?", choices=sorted(_DOCUMENTS), default="assessment")
    return parser


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


def _show(framework: Framework, id_: str | None, out: TextIO) -> None:
    if id_ is None:
        _outline(framework, out)
    elif "." in id_:
        criterion = framework.criterion(id_)
        out.write(f"{criterion.element_code}. {framework.element(criterion.element_code).title}\n")
        out.write(f"{criterion.stage.label}\n")
        _criterion(criterion, out)
    else:
        _element(framework.element(id_), out)


def _template(framework: Framework, args: argparse.Namespace, out: TextIO) -> None:
    text = template(framework, kind=SubjectKind(args.kind))
    if args.output is None:
        out.write(text)
        return
    path = Path(args.output)
    if path.exists() and not args.force:
        msg = f"{path} exists; not overwriting it (use --force to replace it)"
        raise FileExistsError(msg)
    write_atomic(path, text)
    schema_path = path.parent / DEFAULT_SCHEMA_LOCATION
    if not schema_path.exists():
        write_atomic(schema_path, json.dumps(json_schema(Assessment), ensure_ascii=False, indent=2) + "\n")
    out.write(f"wrote {path}\n")


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line and return its exit status.

    Exit status 0 on success, 1 when the input is invalid or an id is
    unknown, 2 on a usage error.

    .. versionadded:: 0.1.0
    """
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        framework = load_framework(args.file) if args.file else assurance_framework()
        if args.command == "template":
            _template(framework, args, out)
        elif args.command == "schema":
            out.write(json.dumps(json_schema(_DOCUMENTS[args.type]), ensure_ascii=False, indent=2) + "\n")
        else:
            _show(framework, getattr(args, "id", None), out)
    except UnknownIdError as exc:
        err.write(f"matframework: {exc}\n")
        return 1
    except MatFrameworkError as exc:
        err.write(f"matframework: {exc}\n")
        return 1
    except FileExistsError as exc:
        err.write(f"matframework: {exc}\n")
        return 1
    except OSError as exc:
        err.write(f"matframework: cannot read {exc.filename}: {exc.strerror}\n")
        return 1
    return 0


def main_entry() -> None:
    """Entry point of the ``matframework`` console script."""
    sys.exit(main())
