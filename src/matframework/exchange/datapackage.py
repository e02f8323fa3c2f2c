"""A Frictionless data package that describes an assessment CSV file's columns (``to_csv(..., describe=True)``).

The package says what each column holds, in the Frictionless Table Schema's
terms, so that a data catalogue, a validator (``frictionless validate``) or
another language can read the file without this library: the rating and
target as ordered categories of the four-point scale, the date as a date,
JSON cells as arrays or objects, an empty cell as missing, and the header on
the file's second row (the first names the layout). What the columns mean is
said in each field's description; the layout's tag and the assessment
document's tag are recorded under the package's ``matframework`` key.

Written with the standard library only; the tests validate it with the
``frictionless`` package.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from matframework._files import write_atomic
from matframework.model.assessment import Status, SubjectKind
from matframework.model.evidence import Confidence
from matframework.model.rating import Rating

__all__ = ["describe_csv", "package_path"]


def __dir__() -> list[str]:
    return __all__


_TEXT = "string"
_DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "assessment": ("integer", "The assessment's number in the file, from 1; its rows share it."),
    "subject": (_TEXT, "The trust, school or cluster assessed."),
    "subject_kind": (_TEXT, "What the subject is."),
    "urn": (_TEXT, "The school's unique reference number (URN), if a school."),
    "ukprn": (_TEXT, "The UK provider reference number, if given."),
    "trust_reference": (_TEXT, "The trust's reference (its DfE group id or companies number), if given."),
    "framework_id": (_TEXT, "The framework rated (the bundled one is mat-assurance-framework)."),
    "framework_version": (_TEXT, "The version of the framework rated."),
    "assessed_on": ("date", "The day of the assessment."),
    "round": (_TEXT, "The round, e.g. 2026/27 autumn."),
    "raters": ("array", "Who rated, as a JSON list."),
    "perspective": (_TEXT, "The group who rated on its own (e.g. trustees), if any."),
    "status": (_TEXT, "Draft, agreed or final."),
    "evidence_records": ("array", "The assessment's evidence records, as JSON."),
    "supersedes": (_TEXT, "The content hash of the assessment this one replaces, if any."),
    "changes": ("array", "The change log after agreement, as JSON."),
    "approvals": ("array", "The approvals (sign-off), as JSON."),
    "element": (_TEXT, "The element's code, e.g. 3B; empty on the one row of an assessment without ratings."),
    "rating": (_TEXT, "The element's rating on the four-point scale."),
    "target": (_TEXT, "The rating aimed for, if any."),
    "not_applicable": (_TEXT, "Why the element does not apply, if it does not (then it has no rating)."),
    "evidence": (_TEXT, "The rationale and evidence, in words."),
    "notes": ("object", "Notes on criteria, as a JSON object from numeral to text."),
    "next_steps": ("array", "Next steps, as a JSON list."),
    "evidence_ids": ("array", "The ids of the evidence records behind the rating, as a JSON list."),
    "confidence": (_TEXT, "How sure the raters are of the rating."),
    "leans": ("object", "Each criterion's lean toward Red or Green, as a JSON object from numeral to lean."),
}
_CHOICES: dict[str, list[str]] = {
    "subject_kind": [k.value for k in SubjectKind],
    "status": [s.value for s in Status],
    "rating": [r.label for r in Rating],
    "target": [r.label for r in Rating],
    "confidence": [c.value for c in Confidence],
}
_REQUIRED = ("assessment", "subject", "subject_kind", "framework_id", "framework_version", "status")


def package_path(csv_path: str | os.PathLike[str]) -> Path:
    """Where the description of a CSV file goes: beside it, ``NAME.datapackage.json``.

    Example:
        >>> package_path("reviews/2026.csv").as_posix()
        'reviews/2026.datapackage.json'

    .. versionadded:: 0.2.0
    """
    path = Path(os.fspath(csv_path))
    return path.with_name(f"{path.stem}.datapackage.json")


def _field(name: str) -> dict[str, Any]:
    kind, words = _DESCRIPTIONS[name]
    field: dict[str, Any] = {"name": name, "type": kind, "description": words}
    constraints: dict[str, Any] = {}
    if name in _REQUIRED:
        constraints["required"] = True
    if name in _CHOICES:
        constraints["enum"] = _CHOICES[name]
    if name in ("rating", "target"):
        field["categories"] = _CHOICES[name]
        field["categoriesOrdered"] = True
    if name == "assessment":
        constraints["minimum"] = 1
    if constraints:
        field["constraints"] = constraints
    return field


def describe_csv(csv_path: str | os.PathLike[str], columns: tuple[str, ...], tag: str) -> Path:
    """Write the Frictionless data package describing the assessment CSV file at ``csv_path`` (atomically).

    Args:
        csv_path: The CSV file (written by :func:`~matframework.to_csv`).
        columns: Its columns, in order.
        tag: The layout's tag (the file's first row).

    Returns:
        The package's path (see :func:`package_path`).

    Example:
        >>> import json, tempfile, pathlib
        >>> from matframework import examples, to_csv
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "latest.csv"
        >>> _ = to_csv(examples.trust_assessments()[-1], path, describe=True)
        >>> package = json.loads(package_path(path).read_text("utf-8"))
        >>> [f["name"] for f in package["resources"][0]["schema"]["fields"]][:3]
        ['assessment', 'subject', 'subject_kind']

    .. versionadded:: 0.2.0
    """
    path = Path(os.fspath(csv_path))
    package = {
        "name": "matframework-assessments",
        "title": f"Assessments against a school-improvement framework ({path.name})",
        "matframework": {"layout": tag, "document": "matframework/assessment@1"},
        "resources": [
            {
                "name": "assessments",
                "path": path.name,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": {"headerRows": [2], "lineTerminator": "\r\n"},
                "description": (
                    f"One row per subject, round and element. The first row names the layout ({tag}); "
                    "the second holds the column names. A cell starting with an apostrophe had one "
                    "added so that spreadsheets show it as text."
                ),
                "schema": {
                    "fields": [_field(name) for name in columns],
                    "missingValues": [""],
                },
            }
        ],
    }
    target = package_path(path)
    write_atomic(target, json.dumps(package, ensure_ascii=False, indent=2) + "\n")
    return target
