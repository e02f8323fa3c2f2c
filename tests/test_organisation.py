"""Tests for matframework.model.organisation: the trust's structure, its document and its template."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import jsonschema
import pytest
from hypothesis import given

from matframework import ValidationError, dumps, examples, json_schema, load, loads
from matframework.documents.converters import structure, unstructure
from matframework.documents.templates import organisation_template
from matframework.errors import UnknownIdError
from matframework.model.organisation import Cluster, Fact, Organisation, School
from tests.strategies import organisations

EXAMPLES = Path(__file__).parent.parent / "examples"
ASH = School(urn="999101", name="Ash", phase="Primary", cluster="north")


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        json_schema(Organisation), format_checker=jsonschema.FormatChecker()
    )


class TestModel:
    def test_checks_name_every_problem(self) -> None:
        """A URN twice, an unknown cluster, leaving before joining and a fact twice are all reported at once."""
        with pytest.raises(ValidationError) as info:
            Organisation(
                name="Oak",
                clusters=(Cluster(id="north", name="North"), Cluster(id="north", name="Again")),
                schools=(
                    ASH,
                    attrs.evolve(ASH, cluster="nort"),
                    School(
                        urn="999102",
                        name="Birch",
                        joined_on=dt.date(2024, 9, 1),
                        left_on=dt.date(2020, 1, 1),
                        facts=(
                            Fact(name="tier", value="a", since=dt.date(2025, 1, 1)),
                            Fact(name="tier", value="b", since=dt.date(2025, 1, 1)),
                        ),
                    ),
                ),
            )
        assert [
            ("clusters", 1, "id"),
            ("schools", 1, "urn"),
            ("schools", 1, "cluster"),
            ("schools", 2, "left_on"),
            ("schools", 2, "facts", 1),
        ] == [p.path for p in info.value.problems]

    def test_urn_pattern(self) -> None:
        """A URN is six or seven digits."""
        with pytest.raises(ValidationError, match="six or seven digits"):
            School(urn="12345", name="Ash")

    def test_facts_by_date(self) -> None:
        """A fact's value on a day is the latest given on or before it; none before the first."""
        school = examples.organisation().school("999103")
        assert [f.value for f in school.history("tier")] == ["targeted", "intensive"]
        assert school.fact("tier", on=dt.date(2024, 8, 31)) is None
        assert "targeted" == school.fact("tier", on=dt.date(2026, 4, 19))
        assert "intensive" == school.fact("tier", on=dt.date(2026, 4, 20))

    def test_membership_by_date(self) -> None:
        """A school is a member from its joining date until the day it leaves."""
        school = attrs.evolve(ASH, cluster=None, joined_on=dt.date(2024, 9, 1), left_on=dt.date(2026, 8, 31))
        assert (False, True, False) == tuple(
            school.member_on(day) for day in (dt.date(2024, 8, 31), dt.date(2024, 9, 1), dt.date(2026, 8, 31))
        )
        org = examples.organisation()
        assert "Hazel Primary (fictional)" not in {s.name for s in org.schools_on(dt.date(2026, 6, 1))}

    def test_unknown_urn_suggests(self) -> None:
        """Looking up a URN the trust lacks is a KeyError naming the organisation, with near URNs."""
        with pytest.raises(
            UnknownIdError, match="no school URN '999113' in this organisation; did you mean"
        ) as info:
            examples.organisation().school("999113")
        assert isinstance(info.value, KeyError)
        assert examples.organisation().find("999113") is None
        with pytest.raises(UnknownIdError, match="no cluster 'west'"):
            examples.organisation().cluster("west")


class TestDocument:
    @given(organisations())
    def test_round_trip(self, org: Organisation) -> None:
        """Organisations survive the converter, YAML and JSON, and their JSON form passes the schema."""
        assert org == structure(unstructure(org), Organisation)
        assert org == loads(dumps(org), into=Organisation)
        text = dumps(org, format="json")
        assert org == loads(text, into=Organisation)
        assert [] == [e.message for e in validator().iter_errors(json.loads(text))]

    def test_example_file_is_the_example_trust(self) -> None:
        """examples/oak-valley-organisation.yaml is the organisation the examples module tells of."""
        assert examples.organisation() == load(EXAMPLES / "oak-valley-organisation.yaml", Organisation)

    def test_errors_point_at_the_line(self) -> None:
        """A school in an unknown cluster is reported at its line in the file."""
        text = dumps(examples.organisation()).replace("cluster: south", "cluster: sotuh", 1)
        with pytest.raises(ValidationError, match="which is not listed") as info:
            loads(text, into=Organisation)
        line = next(i for i, row in enumerate(text.splitlines(), start=1) if "sotuh" in row)
        assert line == info.value.problems[0].location.line  # type: ignore[union-attr]


class TestTemplate:
    def test_reads_back_empty(self) -> None:
        """The template reads as an organisation with one cluster and no schools yet."""
        org = loads(organisation_template(), into=Organisation)
        assert ("", ("hub-1",), ()) == (org.name, tuple(c.id for c in org.clusters), org.schools)

    def test_commented_school_is_a_valid_entry(self) -> None:
        """The school entry in the comment, uncommented, reads as a school with a tier."""
        text = organisation_template()
        entry = "\n".join(line[2:] for line in text.splitlines() if line.startswith(("#   ", "#     ")))
        org = loads(text.replace("schools: []", "schools:\n" + entry), into=Organisation)
        assert "universal" == org.schools[0].fact("tier")

    def test_example_blank_is_current(self) -> None:
        """examples/blank-organisation.yaml is the template the library makes now."""
        assert organisation_template() == (EXAMPLES / "blank-organisation.yaml").read_text("utf-8")
