"""Every example document under examples/ loads, passes its JSON Schema and fits the bundled frameworks."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from matframework import (
    Assessment,
    Intervention,
    ModeClassification,
    assurance_framework,
    effect_size,
    improvement_framework,
    json_schema,
    load,
)
from matframework.documents.registry import DOCUMENT_TYPES

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.yaml"))
TYPES = {entry.tag: entry.cls for entry in DOCUMENT_TYPES}


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_loads_and_passes_schema(path: Path) -> None:
    """The example reads as the type its schema tag names, and its JSON form passes that type's schema."""
    data = YAML(typ="safe").load(path.read_text("utf-8"))
    cls = TYPES[data["schema"]]
    load(path, cls)
    validator = jsonschema.Draft202012Validator(json_schema(cls), format_checker=jsonschema.FormatChecker())
    assert [] == [e.message for e in validator.iter_errors(json.loads(json.dumps(data, default=str)))]


def test_examples_cover_the_main_document_types() -> None:
    """There is an example of each document a trust writes."""
    data = [YAML(typ="safe").load(p.read_text("utf-8"))["schema"] for p in EXAMPLES]
    assert {
        "matframework/assessment@1",
        "matframework/classification@1",
        "matframework/intervention@1",
    } <= set(data)


def test_examples_fit_the_frameworks() -> None:
    """The assessments fit the assurance framework; the intervention's figures compute."""
    folder = EXAMPLES[0].parent
    for name in ("blank-assessment.yaml", "oak-valley-trust-2026-autumn.yaml"):
        load(folder / name, Assessment).validate(assurance_framework())
    modes = load(folder / "oak-valley-modes.yaml", ModeClassification)
    assert ("Trust-wide reading programme",) == modes.own_areas(improvement_framework())
    es = effect_size(load(folder / "oak-valley-reading-intervention.yaml", Intervention))
    assert 4 == es.months
    assert 150.0 == es.cost_per_pupil
