"""The framework as an open standard: 1EdTech CASE packages (Competencies and Academic Standards Exchange).

:func:`to_case` writes a framework as a CASE 1.0 ``CFPackage`` (a structure
CASE 1.1 readers accept): a ``CFDocument`` for the framework, ``CFItem`` records
for its headings, elements and criteria (their codes as ``humanCodingScheme``),
``isChildOf`` associations in order, and one ``CFRubric`` whose criteria carry
each question's Red and Green descriptors as levels of the four-point scale.
Identifiers are UUIDs made (uuid5) from a fixed namespace and the framework's
id, version and code, so exporting again gives the same identifiers.

What CASE has no field for (the framework's id, its source, the scale's
colours, what matframework added) travels in the document's ``notes`` as one
line of JSON after the human-readable text; :func:`from_case` reads it back,
so a round trip loses nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from matframework._files import DEFAULT_MAX_BYTES, read_text, write_atomic
from matframework.documents.converters import structure, unstructure
from matframework.errors import Location, PathPart, Problem, ValidationError
from matframework.model.framework import Criterion, Framework, Stage
from matframework.model.rating import Rating, RatingScale

__all__ = ["NAMESPACE", "from_case", "read_case", "to_case"]


def __dir__() -> list[str]:
    return __all__


NAMESPACE = uuid.UUID("6f3c2a61-7d0e-5b8e-9a47-3c1d2f8e5a90")
"""The fixed namespace of matframework's CASE identifiers (chosen by matframework)."""

_METADATA = "matframework metadata: "
_STAGE_BY_LABEL = {stage.label: stage for stage in Stage}


def _id(framework: Framework, code: str = "") -> str:
    return str(uuid.uuid5(NAMESPACE, f"{framework.id}@{framework.version}/{code}"))


def _link(title: str, identifier: str) -> dict[str, str]:
    return {"title": title, "identifier": identifier, "uri": f"urn:uuid:{identifier}"}


def to_case(
    framework: Framework, *, changed: dt.datetime | None = None, path: str | os.PathLike[str] | None = None
) -> dict[str, Any]:
    """Return ``framework`` as a CASE ``CFPackage``, a dict ready for :func:`json.dumps`.

    Args:
        framework: The framework to export.
        changed: The ``lastChangeDateTime`` to stamp on every record; now (UTC) by default.
        path: Also write the package here as JSON (atomically), when given.

    Example:
        >>> from matframework import assurance_framework
        >>> package = to_case(assurance_framework())
        >>> len(package["CFItems"]), len(package["CFAssociations"]), package["CFDocument"]["title"]
        (96, 96, 'MAT Assurance Framework')
        >>> [i["humanCodingScheme"] for i in package["CFItems"]][:4]
        ['1', '1A', '1A.i', '1A.ii']
        >>> to_case(assurance_framework())["CFItems"][0]["identifier"] == package["CFItems"][0]["identifier"]
        True

    .. versionadded:: 0.1.0
    """
    stamp = (changed or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0).isoformat()
    doc_id = _id(framework)
    metadata = {
        "id": framework.id,
        "source": unstructure(framework.source),
        "scale": unstructure(framework.scale),
        "guidance": list(framework.guidance),
        "description": list(framework.description),
        "additions": list(framework.additions),
        "focus_areas": {e.code: list(e.focus_areas) for e in framework.elements},
    }
    notes = "\n\n".join([*framework.description, _METADATA + json.dumps(metadata, ensure_ascii=False)])
    document: dict[str, Any] = {
        "identifier": doc_id,
        "uri": f"urn:uuid:{doc_id}",
        "creator": framework.source.attribution,
        "title": framework.title,
        "lastChangeDateTime": stamp,
        "version": framework.version,
        "language": "en",
        "notes": notes,
    }
    if framework.source.publisher:
        document["publisher"] = framework.source.publisher
    items: list[dict[str, Any]] = []
    associations: list[dict[str, Any]] = []
    criteria: list[dict[str, Any]] = []

    def add(
        code: str, statement: str, kind: str, parent: tuple[str, str], position: int, **extra: Any
    ) -> str:
        identifier = _id(framework, code)
        items.append(
            {
                "identifier": identifier,
                "uri": f"urn:uuid:{identifier}",
                "fullStatement": statement,
                "humanCodingScheme": code,
                "CFItemType": kind,
                "lastChangeDateTime": stamp,
                **extra,
            }
        )
        link = _id(framework, f"isChildOf:{code}")
        associations.append(
            {
                "identifier": link,
                "uri": f"urn:uuid:{link}",
                "associationType": "isChildOf",
                "sequenceNumber": position,
                "originNodeURI": _link(code, identifier),
                "destinationNodeURI": _link(parent[0], parent[1]),
                "lastChangeDateTime": stamp,
            }
        )
        return identifier

    rubric_id = _id(framework, "rubric")
    for h_pos, heading in enumerate(framework.headings, start=1):
        heading_id = add(str(heading.number), heading.title, "Heading", (framework.title, doc_id), h_pos)
        for e_pos, element in enumerate(heading.elements, start=1):
            element_id = add(
                element.code,
                element.title,
                "Element",
                (str(heading.number), heading_id),
                e_pos,
                conceptKeywords=list(element.focus_areas),
            )
            for c_pos, c in enumerate(element.criteria, start=1):
                add(
                    c.id, c.question, "Criterion", (element.code, element_id), c_pos,
                    listEnumeration=c.numeral, alternativeLabel=c.stage.label,
                )  # fmt: skip
                criteria.append(_rubric_criterion(framework, c, len(criteria) + 1, stamp))
    rubric = {
        "identifier": rubric_id,
        "uri": f"urn:uuid:{rubric_id}",
        "title": f"{framework.title}: four-point rating scale",
        "description": "Red (weak) and Green (strong) as the framework describes them; Amber Red and Amber Green "
        "deliberately have no descriptions.",
        "lastChangeDateTime": stamp,
        "CFRubricCriteria": criteria,
    }
    package = {
        "CFDocument": document,
        "CFItems": items,
        "CFAssociations": associations,
        "CFDefinitions": [],
        "CFRubrics": [rubric],
    }
    if path is not None:
        write_atomic(Path(os.fspath(path)), json.dumps(package, ensure_ascii=False, indent=2) + "\n")
    return package


def _rubric_criterion(framework: Framework, c: Criterion, position: int, stamp: str) -> dict[str, Any]:
    criterion_id = _id(framework, f"rubric:{c.id}")
    item_id, rubric_id = _id(framework, c.id), _id(framework, "rubric")
    texts = {Rating.RED: c.red, Rating.GREEN: c.green}
    levels = []
    for level in framework.scale.levels:
        level_id = _id(framework, f"rubric:{c.id}:{level.rating.ordinal}")
        entry: dict[str, Any] = {
            "identifier": level_id,
            "uri": f"urn:uuid:{level_id}",
            "quality": level.label,
            "score": level.ordinal,
            "position": level.ordinal,
            "rubricCriterionId": criterion_id,
            "lastChangeDateTime": stamp,
        }
        if level.rating in texts:
            entry["description"] = texts[level.rating]
        levels.append(entry)
    return {
        "identifier": criterion_id,
        "uri": f"urn:uuid:{criterion_id}",
        "category": c.id,
        "description": c.question,
        "CFItemURI": _link(c.id, item_id),
        "position": position,
        "rubricId": rubric_id,
        "lastChangeDateTime": stamp,
        "CFRubricCriterionLevels": levels,
    }


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "framework"


def read_case(
    source: Mapping[str, Any] | str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Framework:
    """Read a CASE ``CFPackage`` from a dict, JSON text, or a JSON file at ``source``; the pair of :func:`to_case`.

    Raises:
        ValidationError: As :func:`from_case`, naming the file when there is one.

    Example:
        >>> import pathlib, tempfile
        >>> from matframework import assurance_framework
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "framework.json"
        >>> _ = to_case(assurance_framework(), path=path)
        >>> read_case(path) == assurance_framework()
        True

    .. versionadded:: 0.1.0
    """
    if isinstance(source, Mapping) or (isinstance(source, str) and source.lstrip().startswith("{")):
        return from_case(source, max_bytes=max_bytes)
    file = os.fspath(source)
    try:
        return from_case(read_text(file, max_bytes=max_bytes).text, max_bytes=max_bytes)
    except ValidationError as error:
        raise error.with_file(file) from None


def _no_constant(name: str) -> Any:
    msg = f"{name} is not a number JSON allows"
    raise ValueError(msg)


def from_case(package: Mapping[str, Any] | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Framework:
    """Read a CASE ``CFPackage`` (a dict, or JSON text) back into a :class:`~matframework.Framework`.

    Headings, elements and criteria are rebuilt from the ``isChildOf``
    associations in their ``sequenceNumber`` order; each criterion's stage
    comes from its ``alternativeLabel``, and its Red and Green texts from the
    rubric levels. The package becomes the same plain framework document a
    YAML file holds and the one converter reads it, so a broken framework gets
    the same messages as a broken file, each placed at its CASE record
    (``CFItems[12].fullStatement``). Packages written by :func:`to_case` come
    back equal; other packages need the same shape (heading, element and
    criterion items).

    Raises:
        ValidationError: The package is not JSON, lacks what a framework needs, or
            describes a framework that breaks its rules.

    Example:
        >>> from matframework import assurance_framework
        >>> from_case(to_case(assurance_framework())) == assurance_framework()
        True

    .. versionadded:: 0.1.0
    """
    if isinstance(package, str):
        if len(package) > max_bytes:
            raise ValidationError(
                [Problem(message="the package is over the limit", expected=f"at most {max_bytes:,} bytes")]
            )
        try:
            package = json.loads(package, parse_constant=_no_constant)
        except json.JSONDecodeError as exc:
            location = Location(line=exc.lineno, column=exc.colno)
            raise ValidationError([Problem(message=f"not JSON: {exc.msg}", location=location)]) from None
        except (ValueError, RecursionError) as exc:  # a number too long, NaN or Infinity, nesting too deep
            raise ValidationError([Problem(message=f"not a package: {exc}")]) from None
    if not isinstance(package, Mapping) or not isinstance(package.get("CFDocument"), Mapping):
        raise ValidationError(
            [
                Problem(
                    path=("CFDocument",),
                    message="is required",
                    expected="a CASE CFPackage",
                    location=Location(pointer="CFDocument"),
                )
            ]
        )
    reader = _Reader(package)
    try:
        data = reader.document()
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError, RecursionError) as exc:
        raise ValidationError(
            [Problem(message=f"the package does not have the shape of a framework: {exc!r}")]
        ) from None
    try:
        return structure(data, Framework)
    except ValidationError as error:
        kind = type(error)
        raise kind([reader.located(problem) for problem in error.problems]) from None


_FIELD_KEYS = {
    "title": "fullStatement",
    "question": "fullStatement",
    "code": "humanCodingScheme",
    "number": "humanCodingScheme",
    "numeral": "listEnumeration",
    "stage": "alternativeLabel",
    "focus_areas": "conceptKeywords",
}
"""The CASE key each framework field is read from."""


class _Reader:
    """A CASE package read into a plain framework document, remembering which record gave each part."""

    def __init__(self, package: Mapping[str, Any]) -> None:
        self.package = package
        self.pointers: dict[tuple[PathPart, ...], str] = {}

    def _list(self, key: str) -> list[Any]:
        value = self.package.get(key, [])
        if not isinstance(value, list):
            msg = f"{key} is not a list"
            raise TypeError(msg)
        return value

    def _index(self) -> None:
        """Items by identifier (with their positions), children by parent, rubric texts by item."""
        self.positions: dict[str, int] = {}
        self.items: dict[str, Any] = {}
        for index, item in enumerate(self._list("CFItems")):
            self.items[item["identifier"]] = item
            self.positions[item["identifier"]] = index
        self.children: dict[str, list[tuple[int, str]]] = {}
        for association in self._list("CFAssociations"):
            if association.get("associationType") == "isChildOf":
                parent = association["destinationNodeURI"]["identifier"]
                self.children.setdefault(parent, []).append(
                    (int(association.get("sequenceNumber", 0)), association["originNodeURI"]["identifier"])
                )
        self.texts: dict[str, dict[int, str]] = {}
        for rubric in self._list("CFRubrics"):
            for criterion in rubric.get("CFRubricCriteria", []):
                self.texts[criterion["CFItemURI"]["identifier"]] = {
                    int(level["score"]): level["description"]
                    for level in criterion.get("CFRubricCriterionLevels", [])
                    if "description" in level
                }

    def _ordered(
        self, parent: str, where: tuple[PathPart, ...], key: str
    ) -> list[tuple[int, dict[str, Any]]]:
        """The children of ``parent`` in order, each remembered as the record behind ``where + (key, i)``."""
        found = []
        for index, (_, child) in enumerate(sorted(self.children.get(parent, []))):
            item = self.items[child]
            place: tuple[PathPart, ...] = (*where, key, index)
            self.pointers[place] = f"CFItems[{self.positions[child]}]"
            found.append((index, item))
        return found

    def _criterion(self, item: dict[str, Any]) -> dict[str, Any]:
        levels = self.texts.get(item["identifier"], {})
        label = item.get("alternativeLabel")
        return {
            "numeral": item.get("listEnumeration"),
            "stage": _STAGE_BY_LABEL.get(label, label) if isinstance(label, str) else label,
            "question": item.get("fullStatement"),
            "red": levels.get(Rating.RED.ordinal, ""),
            "green": levels.get(Rating.GREEN.ordinal, ""),
        }

    def document(self) -> dict[str, Any]:
        document = self.package["CFDocument"]
        self._index()
        metadata = _metadata(document.get("notes", ""))

        focus_areas = metadata.get("focus_areas", {})
        headings = []
        for h, heading_item in self._ordered(document["identifier"], (), "headings"):
            elements = []
            for e, element_item in self._ordered(heading_item["identifier"], ("headings", h), "elements"):
                code = element_item.get("humanCodingScheme")
                where = ("headings", h, "elements", e)
                criteria = [
                    self._criterion(item)
                    for _, item in self._ordered(element_item["identifier"], where, "criteria")
                ]
                elements.append(
                    {
                        "code": code,
                        "title": element_item.get("fullStatement"),
                        "focus_areas": focus_areas.get(code, element_item.get("conceptKeywords") or []),
                        "criteria": criteria,
                    }
                )
            number = heading_item.get("humanCodingScheme")
            headings.append(
                {
                    "number": int(number) if isinstance(number, str) and number.isdigit() else number,
                    "title": heading_item.get("fullStatement"),
                    "elements": elements,
                }
            )
        source = metadata.get("source") or {
            "title": document.get("title"),
            "attribution": document.get("creator", ""),
            **({"publisher": document["publisher"]} if document.get("publisher") else {}),
        }
        data = {
            "id": metadata.get("id") or _slug(str(document.get("title", ""))),
            "title": document.get("title"),
            "version": document.get("version", "1"),
            "source": source,
            "scale": metadata.get("scale") or unstructure(_default_scale()),
            "headings": headings,
        }
        for key in ("description", "guidance", "additions"):
            if metadata.get(key):
                data[key] = metadata[key]
        return data

    def located(self, problem: Problem) -> Problem:
        """``problem`` placed at the CASE record (and key) its field was read from."""
        path = problem.path
        for length in range(len(path), 0, -1):
            pointer = self.pointers.get(tuple(path[:length]))
            if pointer is not None:
                rest = path[length:]
                key = _FIELD_KEYS.get(str(rest[0])) if rest else None
                if rest[:1] in (("red",), ("green",)):
                    key = "CFRubrics"
                location = Location(pointer=f"{pointer}.{key}" if key else pointer)
                return attrs.evolve(problem, location=location)
        return attrs.evolve(problem, location=Location(pointer="CFDocument"))


def _metadata(notes: object) -> dict[str, Any]:
    """Matframework's metadata line in a document's notes, or nothing (odd notes are someone else's)."""
    if not isinstance(notes, str):
        return {}
    for line in reversed(notes.splitlines()):
        if line.startswith(_METADATA):
            data = json.loads(line.removeprefix(_METADATA), parse_constant=_no_constant)
            if isinstance(data, dict):
                return data
    return {}


def _default_scale() -> RatingScale:
    from matframework.documents.bundled import assurance_framework  # noqa: PLC0415 - only for foreign packages

    return assurance_framework().scale
