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
import re
import uuid
from collections.abc import Mapping
from typing import Any

from matframework.documents.converters import structure, unstructure
from matframework.errors import Location, Problem, ValidationError
from matframework.model.framework import Criterion, Element, Framework, Heading, Source, Stage
from matframework.model.rating import Rating, RatingScale

__all__ = ["NAMESPACE", "from_case", "to_case"]


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


def to_case(framework: Framework, *, changed: dt.datetime | None = None) -> dict[str, Any]:
    """Return ``framework`` as a CASE ``CFPackage``, a dict ready for :func:`json.dumps`.

    Args:
        framework: The framework to export.
        changed: The ``lastChangeDateTime`` to stamp on every record; now (UTC) by default.

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
    return {
        "CFDocument": document,
        "CFItems": items,
        "CFAssociations": associations,
        "CFDefinitions": [],
        "CFRubrics": [rubric],
    }


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


def from_case(package: Mapping[str, Any] | str) -> Framework:
    """Read a CASE ``CFPackage`` (a dict, or JSON text) back into a :class:`~matframework.Framework`.

    Headings, elements and criteria are rebuilt from the ``isChildOf``
    associations in their ``sequenceNumber`` order; each criterion's stage
    comes from its ``alternativeLabel``, and its Red and Green texts from the
    rubric levels. Packages written by :func:`to_case` come back equal; other
    packages need the same shape (heading, element and criterion items).

    Raises:
        ValidationError: The package is not JSON, or lacks what a framework needs.

    Example:
        >>> from matframework import assurance_framework
        >>> from_case(to_case(assurance_framework())) == assurance_framework()
        True

    .. versionadded:: 0.1.0
    """
    if isinstance(package, str):
        try:
            package = json.loads(package)
        except json.JSONDecodeError as exc:
            raise ValidationError(
                [
                    Problem(
                        message=f"not JSON: {exc.msg}", location=Location(line=exc.lineno, column=exc.colno)
                    )
                ]
            ) from None
    if not isinstance(package, Mapping) or not isinstance(package.get("CFDocument"), Mapping):
        raise ValidationError(
            [Problem(path=("CFDocument",), message="is required", expected="a CASE CFPackage")]
        )
    try:
        return _read(package)
    except ValidationError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError(
            [Problem(message=f"the package does not have the shape of a framework: {exc!r}")]
        ) from None


def _read(package: Mapping[str, Any]) -> Framework:
    document = package["CFDocument"]
    items = {item["identifier"]: item for item in package.get("CFItems", [])}
    children: dict[str, list[tuple[int, str]]] = {}
    for association in package.get("CFAssociations", []):
        if association.get("associationType") == "isChildOf":
            parent = association["destinationNodeURI"]["identifier"]
            children.setdefault(parent, []).append(
                (int(association.get("sequenceNumber", 0)), association["originNodeURI"]["identifier"])
            )
    texts: dict[str, dict[int, str]] = {}
    for rubric in package.get("CFRubrics", []):
        for criterion in rubric.get("CFRubricCriteria", []):
            item = criterion["CFItemURI"]["identifier"]
            texts[item] = {
                int(level["score"]): level["description"]
                for level in criterion.get("CFRubricCriterionLevels", [])
                if "description" in level
            }
    metadata = _metadata(document.get("notes", ""))

    def ordered(parent: str) -> list[dict[str, Any]]:
        return [items[child] for _, child in sorted(children.get(parent, []))]

    headings = []
    for heading_item in ordered(document["identifier"]):
        elements = []
        for element_item in ordered(heading_item["identifier"]):
            code = element_item["humanCodingScheme"]
            criteria = tuple(
                Criterion(
                    element_code=code,
                    numeral=c["listEnumeration"],
                    stage=_STAGE_BY_LABEL[c["alternativeLabel"]],
                    question=c["fullStatement"],
                    red=texts.get(c["identifier"], {}).get(Rating.RED.ordinal, ""),
                    green=texts.get(c["identifier"], {}).get(Rating.GREEN.ordinal, ""),
                )
                for c in ordered(element_item["identifier"])
            )
            focus = metadata.get("focus_areas", {}).get(code, element_item.get("conceptKeywords") or [])
            elements.append(
                Element(
                    code=code,
                    title=element_item["fullStatement"],
                    focus_areas=tuple(focus),
                    criteria=criteria,
                )
            )
        headings.append(
            Heading(
                number=int(heading_item["humanCodingScheme"]),
                title=heading_item["fullStatement"],
                elements=tuple(elements),
            )
        )
    source = (
        structure(metadata["source"], Source)
        if "source" in metadata
        else Source(
            title=document["title"],
            attribution=document.get("creator", ""),
            publisher=document.get("publisher"),
        )
    )
    scale = structure(metadata["scale"], RatingScale) if "scale" in metadata else _default_scale()
    return Framework(
        id=metadata.get("id") or _slug(document["title"]),
        title=document["title"],
        version=document.get("version", "1"),
        source=source,
        scale=scale,
        headings=tuple(headings),
        description=tuple(metadata.get("description", ())),
        guidance=tuple(metadata.get("guidance", ())),
        additions=tuple(metadata.get("additions", ())),
    )


def _metadata(notes: str) -> dict[str, Any]:
    for line in reversed(notes.splitlines()):
        if line.startswith(_METADATA):
            data = json.loads(line.removeprefix(_METADATA))
            if isinstance(data, dict):
                return data
    return {}


def _default_scale() -> RatingScale:
    from matframework.documents.bundled import assurance_framework  # noqa: PLC0415 - only for foreign packages

    return assurance_framework().scale
