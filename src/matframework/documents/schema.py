"""JSON Schema (2020-12) for matframework's documents, generated from the model.

The generator walks the attrs fields of each document type and follows the
converter's conventions: criteria take their element's code from where they
sit, ratings are a mapping from element code, notes a mapping from numeral,
and rating labels are read forgivingly in case, spaces and hyphens. Rules
that involve several fields (a final assessment rates every element; an
element is either rated or not applicable) are added as ``if``/``then`` and
``not`` clauses, so the schema accepts and rejects assessments as the loader
does. A framework's structural rules (numbering, pairing, stage order) are
checked by the loader only; its schema covers the shape.

The same schemas ship as files in ``matframework/documents/schemas/``, for editors
and for tools in other languages.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import types
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

import attrs

from matframework._files import write_atomic
from matframework.documents.registry import DOCUMENT_TYPES as _REGISTRY
from matframework.documents.registry import document_type
from matframework.model._checks import field_constraint, implied_field
from matframework.model.assessment import Assessment, ElementRating, Status
from matframework.model.evidence import Lean
from matframework.model.rating import Rating

__all__ = ["DOCUMENT_TYPES", "json_schema", "schema_file_name", "write_schema_files"]


def __dir__() -> list[str]:
    return __all__


_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_NON_BLANK = r"\S"


def _constraint_schema(field: attrs.Attribute[Any]) -> dict[str, Any]:
    """The JSON Schema keywords for the constraint declared on ``field`` (see ``model._checks``)."""
    declared = field_constraint(field)
    if declared is None:
        return {}
    keywords: dict[str, Any] = {}
    if declared.pattern is not None:
        keywords["pattern"] = f"^(?:{declared.pattern})$"
    if declared.non_blank:
        keywords["pattern"] = _NON_BLANK
    if declared.min_length is not None:
        keywords["minLength"] = declared.min_length
    if declared.minimum is not None:
        keywords["minimum"] = declared.minimum
    if declared.maximum is not None:
        keywords["maximum"] = declared.maximum
    keywords["description"] = f"Must be {declared.expected}."
    return keywords


_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    float: {"type": "number"},
}


def _letters(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" for c in word)


def _rating_schema() -> dict[str, Any]:
    words = [label.split() for label in (r.label for r in Rating)]
    variants = "|".join(r"[\s-]+".join(_letters(w) for w in parts) for parts in words)
    return {
        "description": "One of the four rating labels; case, spaces and hyphens are forgiven (amber-red).",
        "anyOf": [
            {"enum": [r.label for r in Rating]},
            {"type": "string", "pattern": rf"^\s*(?:{variants})\s*$"},
        ],
    }


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def type_schema(self, tp: Any) -> dict[str, Any]:
        origin = get_origin(tp)
        if origin in (Union, types.UnionType):
            options = [self.type_schema(arg) for arg in get_args(tp) if arg is not type(None)]
            nullable = type(None) in get_args(tp)
            first = options[0] if len(options) == 1 else {"anyOf": options}
            return {"anyOf": [first, {"type": "null"}]} if nullable else first
        if origin is tuple:
            return {"type": "array", "items": self.type_schema(get_args(tp)[0])}
        if tp in _SCALARS:
            return dict(_SCALARS[tp])
        return self.named_schema(tp)

    def named_schema(self, tp: Any) -> dict[str, Any]:
        if tp is dt.date:
            return {"type": "string", "format": "date", "pattern": r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$"}
        if tp is Rating:
            self.defs.setdefault("Rating", _rating_schema())
            return {"$ref": "#/$defs/Rating"}
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return {"enum": [member.value for member in tp]}
        if attrs.has(tp):
            if tp.__name__ not in self.defs:
                self.defs[tp.__name__] = {}  # placeholder against recursion
                self.defs[tp.__name__] = self.object_schema(tp)
            return {"$ref": f"#/$defs/{tp.__name__}"}
        msg = f"no JSON Schema for {tp!r}"  # pragma: no cover - every model type is handled above
        raise TypeError(msg)  # pragma: no cover

    def object_schema(self, cls: type[Any]) -> dict[str, Any]:
        hints = get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        implied = implied_field(cls)
        for field in attrs.fields(cls):
            if field.name == implied:
                continue
            schema = self.field_schema(cls, field, hints[field.name])
            properties[field.name] = schema
            if field.default is attrs.NOTHING:
                required.append(field.name)
        out: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            out["required"] = required
        out["additionalProperties"] = False
        if cls is ElementRating:
            out["not"] = {
                "required": ["rating", "not_applicable"],
                "properties": {"rating": {"not": {"type": "null"}}, "not_applicable": {"type": "string"}},
            }
        return out

    def field_schema(self, cls: type[Any], field: attrs.Attribute[Any], tp: Any) -> dict[str, Any]:
        name = field.name
        if cls is ElementRating and name == "notes":
            return {
                "type": "object",
                "description": "Notes on criteria, by numeral (e.g. iv).",
                "additionalProperties": {"type": "string"},
            }
        if cls is ElementRating and name == "leans":
            return {
                "type": "object",
                "description": "Where criteria lean between Red and Green, by numeral (e.g. iv).",
                "additionalProperties": self.type_schema(Lean),
            }
        if cls is Assessment and name == "ratings":
            entry = self.type_schema(ElementRating)
            return {
                "type": "object",
                "description": "One entry per element, keyed by element code (e.g. 3B).",
                "additionalProperties": {"anyOf": [entry, {"type": "null"}]},
            }
        schema = self.type_schema(tp)
        extras = _constraint_schema(field)
        if extras and schema.get("type") == "array":
            schema = {**schema, "items": {**schema["items"], **extras}}
        elif extras:
            schema = (
                {"anyOf": [{**schema["anyOf"][0], **extras}, *schema["anyOf"][1:]]}
                if "anyOf" in schema
                else {**schema, **extras}
            )
        return schema


def _final_rules() -> dict[str, Any]:
    rated_or_not_applicable = {
        "anyOf": [
            {"type": "object", "required": ["rating"], "properties": {"rating": {"not": {"type": "null"}}}},
            {
                "type": "object",
                "required": ["not_applicable"],
                "properties": {"not_applicable": {"type": "string"}},
            },
        ]
    }
    return {
        "if": {
            "type": "object",
            "required": ["status"],
            "properties": {"status": {"const": Status.FINAL.value}},
        },
        "then": {
            "required": ["assessed_on"],
            "properties": {
                "assessed_on": {"type": "string"},
                "subject": {
                    "type": "object",
                    "properties": {"name": {"type": "string", "pattern": _NON_BLANK}},
                },
                "ratings": {
                    "type": "object",
                    "additionalProperties": {"allOf": [{"type": "object"}, rated_or_not_applicable]},
                },
            },
        },
    }


def schema_file_name(cls: type[Any]) -> str:
    """Return the name of the schema file shipped for ``cls``, e.g. ``"assessment.schema.json"``.

    Example:
        >>> from matframework import Assessment
        >>> schema_file_name(Assessment)
        'assessment.schema.json'

    .. versionadded:: 0.1.0
    """
    return document_type(cls).schema_file


_TEXTS: dict[type[Any], str] = {}


def _schema_text(cls: type[Any]) -> str:
    """Return the schema of ``cls`` as JSON text (generated once, then cached)."""
    if cls not in _TEXTS:
        _TEXTS[cls] = _generate(cls)
    return _TEXTS[cls]


def _generate(cls: type[Any]) -> str:
    builder = _Builder()
    body = builder.object_schema(cls)
    tag = document_type(cls).tag
    body["properties"] = {"schema": {"const": tag}, **body["properties"]}
    body["required"] = ["schema", *body.get("required", [])]
    schema: dict[str, Any] = {
        "$schema": _DIALECT,
        "$id": f"urn:matframework:schema:{tag.removeprefix('matframework/').replace('@', ':')}",
        "title": f"matframework {cls.__name__} document ({tag})",
        **body,
    }
    if cls is Assessment:
        schema.update(_final_rules())
    schema["$defs"] = dict(sorted(builder.defs.items()))
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def json_schema(cls: type[Any]) -> dict[str, Any]:
    """Return the JSON Schema (2020-12) of a document type as a new dict.

    Args:
        cls: :class:`~matframework.Assessment` or :class:`~matframework.Framework`.

    Example:
        >>> from matframework import Assessment
        >>> schema = json_schema(Assessment)
        >>> schema["properties"]["schema"]
        {'const': 'matframework/assessment@1'}
        >>> schema["$defs"]["Rating"]["anyOf"][0]["enum"]
        ['Red', 'Amber Red', 'Amber Green', 'Green']

    .. versionadded:: 0.1.0
    """
    result: dict[str, Any] = json.loads(_schema_text(cls))
    return result


DOCUMENT_TYPES: tuple[type[Any], ...] = tuple(entry.cls for entry in _REGISTRY)
"""The document types that have a schema file (from the registry)."""


def write_schema_files(directory: str | Path) -> list[Path]:
    """Write the schema file of every document type into ``directory``; return the paths.

    Run it on ``src/matframework/documents/schemas`` after changing the model; the test suite fails
    until the shipped files match what the model generates.

    Example:
        >>> import tempfile
        >>> [p.name for p in write_schema_files(tempfile.mkdtemp())][:2]
        ['framework.schema.json', 'assessment.schema.json']

    .. versionadded:: 0.1.0
    """
    written = []
    for entry in _REGISTRY:
        path = Path(directory) / entry.schema_file
        write_atomic(path, _schema_text(entry.cls))
        written.append(path)
    return written
