"""Tests for matframework.exchange.case: CASE packages, checked against the vendored CASE JSON Schema."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

from matframework import Framework, ValidationError, assurance_framework
from matframework.errors import Location
from matframework.exchange.case import from_case, read_case, to_case
from tests.strategies import frameworks

SCHEMA = json.loads((Path(__file__).parent / "case" / "case-v1p0-cfpackage-schema.json").read_text("utf-8"))
VALIDATOR = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
WHEN = dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.timezone.utc)


def errors(package: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(package)]


class TestExport:
    def test_valid_case_package(self) -> None:
        """The bundled framework's export passes the CASE 1.0 package schema."""
        assert [] == errors(to_case(assurance_framework(), changed=WHEN))

    def test_structure(self) -> None:
        """Items for headings, elements and criteria, isChildOf links, and one rubric with four levels each."""
        fw = assurance_framework()
        package = to_case(fw, changed=WHEN)
        kinds = [i["CFItemType"] for i in package["CFItems"]]
        assert (6, 14, 76) == (kinds.count("Heading"), kinds.count("Element"), kinds.count("Criterion"))
        assert {"isChildOf"} == {a["associationType"] for a in package["CFAssociations"]}
        [rubric] = package["CFRubrics"]
        assert 76 == len(rubric["CFRubricCriteria"])
        levels = rubric["CFRubricCriteria"][0]["CFRubricCriterionLevels"]
        assert ["Red", "Amber Red", "Amber Green", "Green"] == [level["quality"] for level in levels]
        assert fw.criterion("1A.i").red == levels[0]["description"]
        assert "description" not in levels[1]
        element = next(i for i in package["CFItems"] if i["humanCodingScheme"] == "2B")
        assert list(fw.element("2B").focus_areas) == element["conceptKeywords"]

    def test_stable_identifiers(self) -> None:
        """Exporting again gives the same identifiers; another version gives others."""
        fw = assurance_framework()
        first, again = to_case(fw, changed=WHEN), to_case(fw)
        assert [i["identifier"] for i in first["CFItems"]] == [i["identifier"] for i in again["CFItems"]]
        import attrs  # noqa: PLC0415

        other = to_case(attrs.evolve(fw, version="2"), changed=WHEN)
        assert first["CFDocument"]["identifier"] != other["CFDocument"]["identifier"]
        assert len({i["identifier"] for i in first["CFItems"]}) == len(first["CFItems"])


class TestRoundTrip:
    def test_bundled(self) -> None:
        """The bundled framework comes back equal, from a dict or from JSON text."""
        package = to_case(assurance_framework(), changed=WHEN)
        assert assurance_framework() == from_case(package)
        assert assurance_framework() == from_case(json.dumps(package))

    @settings(suppress_health_check=[HealthCheck.too_slow], max_examples=50)
    @given(frameworks())
    def test_property(self, fw: Framework) -> None:
        """Framework → CASE → framework is the identity, and every export passes the schema."""
        package = to_case(fw, changed=WHEN)
        assert fw == from_case(package)
        assert [] == errors(package)

    def test_foreign_package_without_metadata(self) -> None:
        """A package without matframework's notes still reads: id from the title, the bundled scale."""
        package = to_case(assurance_framework(), changed=WHEN)
        package["CFDocument"]["notes"] = "Edited elsewhere."
        fw = from_case(package)
        assert ("mat-assurance-framework", assurance_framework().scale) == (fw.id, fw.scale)
        assert assurance_framework().headings == fw.headings


class TestBadInput:
    @pytest.mark.parametrize(
        ("package", "message"), [("{not json", "not JSON"), ("[]", "CFDocument: is required")]
    )
    def test_not_a_package(self, package: str, message: str) -> None:
        """Text that is not a CASE package is a clear error."""
        with pytest.raises(ValidationError, match=message):
            from_case(package)

    def test_wrong_shape(self) -> None:
        """A package missing what a framework needs is a clear error, not a KeyError."""
        package = to_case(assurance_framework(), changed=WHEN)
        del package["CFItems"][3]["listEnumeration"]
        with pytest.raises(ValidationError, match="numeral: expected text, got nothing") as info:
            from_case(package)
        assert Location(pointer="CFItems[3].listEnumeration") == info.value.problems[0].location
        del package["CFItems"][3]["identifier"]
        with pytest.raises(ValidationError, match="does not have the shape of a framework"):
            from_case(package)


class TestFiles:
    def test_to_case_writes_and_read_case_reads(self, tmp_path: Path) -> None:
        """to_case(path=) writes the package as JSON; read_case reads a path, text or dict alike."""
        path = tmp_path / "framework.json"
        package = to_case(assurance_framework(), changed=WHEN, path=path)
        assert package == json.loads(path.read_text(encoding="utf-8"))
        text = path.read_text(encoding="utf-8")
        assert read_case(path) == read_case(text) == read_case(package) == assurance_framework()

    def test_read_case_names_the_file(self, tmp_path: Path) -> None:
        """A broken package read from a file names the file in the error."""
        path = tmp_path / "broken.json"
        path.write_text('{"CFDocument": 1}', encoding="utf-8")
        with pytest.raises(ValidationError) as info:
            read_case(path)
        assert str(path) == info.value.file
