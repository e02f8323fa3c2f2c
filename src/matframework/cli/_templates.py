"""The commands that write a document's starting point: ``template`` and ``schema``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from matframework._files import write_atomic
from matframework.cli._usage import _UsageError
from matframework.documents.bundled import improvement_framework
from matframework.documents.files import dumps
from matframework.documents.registry import by_name
from matframework.documents.schema import json_schema
from matframework.documents.templates import (
    DEFAULT_SCHEMA_LOCATION,
    blank_template,
    intervention_template,
    organisation_template,
    plan_template,
)
from matframework.documents.templates import template as assessment_template
from matframework.model.assessment import Assessment, SubjectKind
from matframework.model.framework import Framework, Stage

__all__ = ["schema", "template"]


def template(framework: Framework, args: argparse.Namespace, out: TextIO) -> None:
    cls = _document_class(args.type)
    schema_name, schema = f"{args.type}.schema.json", json_schema(cls)
    if args.type == "organisation":
        text = organisation_template()
    elif args.type == "plan":
        text = plan_template(framework)
    elif args.type == "intervention":
        text = intervention_template(improvement_framework())
    elif args.type == "framework":
        text = dumps(framework)
    elif args.type == "improvement":
        text = dumps(improvement_framework())
    elif args.type != "assessment":
        text = blank_template(cls)
    else:
        elements = [part for part in args.elements.split(",") if part.strip()] if args.elements else None
        text = assessment_template(
            framework,
            kind=SubjectKind(args.kind),
            elements=elements,
            stages=[Stage.START] if args.start_only else None,
            perspective=args.perspective,
        )
        schema_name, schema = DEFAULT_SCHEMA_LOCATION, json_schema(Assessment)
    if args.output is None:
        out.write(text)
        return
    path = Path(args.output)
    if path.exists() and not args.force:
        msg = f"{path} exists; not overwriting it (use --force to replace it)"
        raise FileExistsError(msg)
    write_atomic(path, text)
    schema_path = path.parent / schema_name
    if not schema_path.exists():
        write_atomic(schema_path, json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    out.write(f"wrote {path}\n")


def schema(args: argparse.Namespace, out: TextIO) -> None:
    """Print the JSON Schema of the document type named."""
    out.write(json.dumps(json_schema(_document_class(args.type)), ensure_ascii=False, indent=2) + "\n")


def _document_class(name: str) -> type[object]:
    entry = by_name(name)
    if entry is None:  # pragma: no cover - argparse allows only the registry's names
        msg = f"no document type {name!r}"
        raise _UsageError(msg)
    return entry.cls
