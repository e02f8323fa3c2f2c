"""Tests for assessment documents: round trips, errors, templates, in-place edits and JSON Schema."""

from __future__ import annotations

import contextlib
import copy
import difflib
import json
import os
import re
import shutil
import subprocess
from importlib.resources import files
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from matframework import (
    Assessment,
    Framework,
    MatFrameworkError,
    Rating,
    Stage,
    Status,
    UnknownElementError,
    ValidationError,
    assurance_framework,
    dump,
    dumps,
    json_schema,
    load,
    load_document,
    loads,
    schema_tag,
    template,
    update_ratings,
)
from matframework.documents.converters import structure, unstructure
from matframework.documents.schema import DOCUMENT_TYPES, schema_file_name
from matframework.model.organisation import Organisation
from matframework.model.plan import ImprovementPlan
from tests.strategies import assessments

EXAMPLES = Path(__file__).parent.parent / "examples"
FILLED = EXAMPLES / "oak-valley-trust-2026-autumn.yaml"
BLANK = EXAMPLES / "blank-assessment.yaml"


def error_of(text: str, file: str = "a.yaml") -> ValidationError:
    with pytest.raises(ValidationError) as info:
        loads(text, into=Assessment, file=file)
    return info.value


def filled_text() -> str:
    return FILLED.read_text(encoding="utf-8")


def draft_text() -> str:
    """The filled example as a draft: a final assessment is not edited in place."""
    return filled_text().replace("status: final", "status: draft", 1)


class TestRoundTrips:
    @given(assessments())
    def test_structure_unstructure(self, a: Assessment) -> None:
        """structure(unstructure(a)) == a."""
        assert a == structure(unstructure(a), Assessment)

    @given(assessments(), st.sampled_from(["yaml", "json"]))
    def test_text(self, a: Assessment, fmt: str) -> None:
        """YAML and JSON round trips are identities."""
        assert a == loads(dumps(a, format=fmt), into=Assessment)  # type: ignore[arg-type]

    def test_file(self, tmp_path: Path) -> None:
        """The example assessment survives dump and load unchanged."""
        a = load(FILLED, Assessment)
        dump(a, tmp_path / "a.yaml")
        assert a == load(tmp_path / "a.yaml", Assessment)

    def test_document_shape(self) -> None:
        """Ratings are written as labels, keyed by element code; empty fields are left out."""
        data = unstructure(load(FILLED, Assessment))
        assert "Amber Red" == data["ratings"]["2A"]["rating"]
        assert {"ii": "No record of which schools are strong in which subjects."} == data["ratings"]["2A"][
            "notes"
        ]
        assert ["rating", "evidence"] == list(data["ratings"]["1C"])  # no target, notes or next steps
        assert "2026-10-14" == data["assessed_on"]
        assert ["subject", "framework", "assessed_on", "round", "raters", "status", "ratings"] == list(data)


class TestReading:
    @pytest.mark.parametrize("label", ["amber-red", "AMBER RED", "Amber  Red", " amber red ", "Amber - Red"])
    def test_forgiving_ratings(self, label: str) -> None:
        """Ratings are read forgivingly in case, spaces and hyphens."""
        text = filled_text().replace("rating: Amber Red   #", f"rating: '{label}'   #")
        assert Rating.AMBER_RED is loads(text, into=Assessment).rating("2A")

    def test_dates(self) -> None:
        """A YAML date and an ISO string both read as a date."""
        quoted = filled_text().replace("assessed_on: 2026-10-14", "assessed_on: '2026-10-14'")
        assert loads(quoted, into=Assessment) == load(FILLED, Assessment)

    def test_bad_rating_names_place(self) -> None:
        """A wrong rating names the field, file, line and column, and lists the four ratings."""
        text = filled_text().replace("  3B:\n    rating: Red", "  3B:\n    rating: Amber")
        error = error_of(text, file="ours.yaml")
        assert ("ratings", "3B", "rating") == error.path
        assert "ratings.3B.rating" == error.problems[0].dotted_path
        assert (
            "'Amber' is not a rating; use one of Red, Amber Red, Amber Green, Green"
            == error.problems[0].message
        )
        assert (text.splitlines().index("    rating: Amber") + 1, 13) == (error.line, error.column)
        assert "ours.yaml:" in str(error)

    def test_all_problems_at_once(self) -> None:
        """Several problems are reported together, in document order."""
        text = (
            filled_text()
            .replace("kind: trust", "kind: academy")
            .replace("assessed_on: 2026-10-14", "assessed_on: 14/10/2026")
            .replace("  1A:\n    rating: Green", "  1A:\n    rating: 4")
            .replace("  1C:\n    rating: Amber Green", "  1C:\n    rating: Amber Green\n    colour: green")
        )
        error = error_of(text)
        assert [
            ("subject", "kind"),
            ("assessed_on",),
            ("ratings", "1A", "rating"),
            ("ratings", "1C", "colour"),
        ] == [p.path for p in error.problems]
        assert all(p.line is not None for p in error.problems)

    @pytest.mark.parametrize(
        ("old", "new", "path", "message"),
        [
            ("name: Oak Valley Learning Trust (fictional)", "name: yes", None, None),
            ("name: Oak Valley Learning Trust (fictional)", "name: 12", ("subject", "name"), "expected text"),
            (
                "name: Oak Valley Learning Trust (fictional)",
                "name: [a]",
                ("subject", "name"),
                "expected text",
            ),
            ("  - A. Example (CEO)\n", "  - 7\n", ("raters", 0), "expected text"),
            ("assessed_on: 2026-10-14", "assessed_on: 2026-02-30", ("assessed_on",), "not a date"),
            ("status: final", "status: done", ("status",), "'done' is not a status; use one of draft, final"),
            (
                "trust_reference: TR09999",
                "urn: '12345'",
                ("subject", "urn"),
                "must be six or seven digits, got '12345'",
            ),
            ("trust_reference: TR09999", "urn: 123456", ("subject", "urn"), "expected text, got a number"),
            (
                "      - Launch a",
                "      - 5\n      - Launch a",
                ("ratings", "3B", "next_steps", 0),
                "expected text",
            ),
            ("ratings:\n", "ratings: []\nextra:\n", ("ratings",), "expected a mapping of element codes"),
            ("      ii: No record", "      2: No record", ("ratings", "2A", "notes", 2), "expected text"),
            (
                "  5A:\n    rating: Green\n    evidence:",
                "  5A: Green\n  5Z:\n    evidence:",
                ("ratings", "5A"),
                "expected a mapping",
            ),
            ("  1A:\n", "  1A:\n    code: 1A\n", ("ratings", "1A", "code"), "unknown key 'code'"),
        ],
    )
    def test_bad_documents(
        self, old: str, new: str, path: tuple[Any, ...] | None, message: str | None
    ) -> None:
        """Each bad document gets a matframework error naming the place (or, for YAML 1.2 'yes', is text)."""
        text = filled_text()
        assert old in text
        if path is None:
            assert "yes" == loads(text.replace(old, new), into=Assessment).subject.name
            return
        error = error_of(text.replace(old, new))
        assert path == error.path
        assert message is not None
        assert message in str(error)
        assert error.line is not None

    def test_final_with_unrated(self) -> None:
        """A final assessment with an empty rating is refused at that rating."""
        error = error_of(filled_text().replace("  5A:\n    rating: Green", "  5A:\n    rating:"))
        assert ("ratings", "5A", "rating") == error.path
        assert "5A is unrated" in error.problems[0].message

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("schema: matframework/assessment@1\nsubject: &s {name: x}\nother: *s\n", "alias"),
            ("schema: matframework/assessment@1\nsubject: !!python/object:os.system {}\n", "tag"),
            ("schema: matframework/assessment@1\nstatus: draft\nstatus: final\n", "duplicate key"),
            ("schema: matframework/assessment@1\nratings:\n  1A: {rating: Red\n", "expected"),
            ("\x00\x01\x02", "not allowed"),
        ],
    )
    def test_unsafe_or_broken(self, text: str, message: str) -> None:
        """Aliases, tags, duplicate keys, truncation and junk are matframework errors with positions."""
        error = error_of(text)
        assert message in str(error)
        assert error.line is not None

    @pytest.mark.parametrize(
        "text",
        [
            "[" * 50_000 + "]" * 50_000,
            '{"a":' * 50_000 + "1" + "}" * 50_000,
            "- " * 30_000 + "x",
            "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 3_000)),
        ],
    )
    def test_deep_nesting_refused(self, text: str) -> None:
        """Deeply nested documents are refused before they can exhaust the parser."""
        with pytest.raises(ValidationError, match="nests"):
            loads(text, into=Assessment)

    def test_json_read_exactly(self) -> None:
        """JSON documents are read as JSON: escapes of any character, duplicates and NaN refused."""
        a = load(FILLED, Assessment)
        ascii_json = json.dumps(json.loads(dumps(a, format="json")) | {"round": "\U00010000 round"})
        assert "\U00010000 round" == loads(ascii_json, into=Assessment).round
        with pytest.raises(ValidationError, match="duplicate key 'status'"):
            loads(
                '{"schema": "matframework/assessment@1", "status": "draft", "status": "final"}',
                into=Assessment,
            )
        with pytest.raises(ValidationError, match="NaN is not a number JSON allows"):
            loads('{"schema": "matframework/assessment@1", "x": NaN}', into=Assessment)

    def test_flow_yaml_that_is_not_json(self) -> None:
        """A YAML flow mapping that is not JSON is still read as YAML."""
        with pytest.raises(ValidationError, match="subject: is required"):
            loads("{schema: matframework/assessment@1, framework: {id: x, version: '1'}}", into=Assessment)

    @given(st.binary(max_size=300))
    def test_binary_fuzz(self, data: bytes) -> None:
        """Arbitrary bytes in a file never raise anything but a matframework error."""
        text = data.decode("utf-8", errors="replace")
        with contextlib.suppress(MatFrameworkError):
            loads(text, into=Assessment)


class TestTemplateForOneMeeting:
    @given(
        st.sets(st.sampled_from([*assurance_framework().element_codes, 1, 2, 3, 4, 5, 6]), min_size=1),
        st.sets(st.sampled_from(Stage), min_size=1),
    )
    def test_cut_to_elements_and_stages(self, chosen: set[str | int], stages: set[Stage]) -> None:
        """A cut template lists exactly the chosen elements (headings expanded) and only the chosen stages' questions."""
        fw = assurance_framework()
        text = template(fw, elements=sorted(chosen, key=str), stages=stages)
        wanted = {c for c in chosen if isinstance(c, str)} | {
            e.code for h in fw.headings if h.number in chosen for e in h.elements
        }
        blank = loads(text, into=Assessment)
        assert [c for c in fw.element_codes if c in wanted] == list(blank.codes)
        for code in blank.codes:
            for criterion in fw.element(code).criteria:
                shown = f"#   {criterion.numeral}. {criterion.question[:30]}" in text
                assert (criterion.stage in stages) == shown, criterion.id

    def test_perspective_and_refusals(self) -> None:
        """The perspective is filled in; unknown elements and empty choices are refused by name."""
        fw = assurance_framework()
        assert "trustees" == loads(template(fw, perspective="trustees"), into=Assessment).perspective
        with pytest.raises(UnknownElementError, match="did you mean"):
            template(fw, elements=["3Z"])
        with pytest.raises(ValidationError, match="no elements chosen"):
            template(fw, elements=[])
        with pytest.raises(ValidationError, match="no stages chosen"):
            template(fw, stages=[])
        assert template(fw) == template(fw, elements=fw.element_codes, stages=list(Stage))


class TestTemplate:
    def test_first_line_points_at_schema(self) -> None:
        """The template's first line tells editors where the JSON Schema is."""
        assert (
            "# yaml-language-server: $schema=assessment.schema.json"
            == template(assurance_framework()).split("\n")[0]
        )
        assert template(assurance_framework(), schema_location="x.json").startswith(
            "# yaml-language-server: $schema=x.json\n"
        )

    def test_written_where_the_path_points(self, tmp_path: Path) -> None:
        """template(path=) writes the same text it returns, which loads as an assessment."""
        path = tmp_path / "ours.yaml"
        text = template(assurance_framework(), path=path)
        assert text == path.read_text(encoding="utf-8")
        assert Status.DRAFT is load(path, Assessment).status

    def test_blank_loads_as_draft(self) -> None:
        """The unfilled template reads as a draft with every element unrated."""
        blank = loads(template(assurance_framework()), into=Assessment)
        assert Status.DRAFT is blank.status
        assert assurance_framework().element_codes == blank.unrated()
        assert () == blank.problems(assurance_framework())

    def test_comments_carry_the_framework(self) -> None:
        """Every element's title, questions and descriptors are in the template's comments."""
        text = template(assurance_framework())
        comments = " ".join(line.split("#", 1)[1] for line in text.splitlines() if "#" in line)
        flat = " ".join(comments.split())
        for element in assurance_framework().elements:
            assert f"{element.code}. {element.title}" in flat
            for criterion in element.criteria:
                assert f"{criterion.numeral}. {' '.join(criterion.question.split())}" in flat
                assert f"Red (weak) looks like: {criterion.red}" in flat
                assert f"Green (strong) looks like: {criterion.green}" in flat
        assert flat.count("rating: one of Red, Amber Red, Amber Green, Green") == 14

    def test_partly_filled_loads_as_draft(self) -> None:
        """Filling in some ratings by hand gives a draft with the rest unrated."""
        text = template(assurance_framework())
        text = text.replace("  3B:\n    rating:\n", "  3B:\n    rating: amber green\n")
        a = loads(text, into=Assessment)
        assert Rating.AMBER_GREEN is a.rating("3B")
        assert 13 == len(a.unrated())

    def test_example_blank_is_current(self) -> None:
        """examples/blank-assessment.yaml is the template the library makes now."""
        assert template(assurance_framework()) == BLANK.read_text(encoding="utf-8")


class TestUpdateRatings:
    def test_only_the_edited_line_changes(self, tmp_path: Path) -> None:
        """Changing one rating changes one line; comments, order and layout stay."""
        path = tmp_path / "a.yaml"
        path.write_text(draft_text(), encoding="utf-8")
        result = update_ratings(path, {"3B": Rating.AMBER_RED})
        assert Rating.AMBER_RED is result.rating("3B")
        diff = [
            line
            for line in difflib.unified_diff(
                draft_text().splitlines(), path.read_text("utf-8").splitlines(), lineterm=""
            )
            if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
        ]
        assert ["-    rating: Red", "+    rating: Amber Red"] == diff

    @settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(code=st.sampled_from(assurance_framework().element_codes[:13]), rating=st.sampled_from(Rating))
    def test_any_edit_changes_one_value(self, tmp_path: Path, code: str, rating: Rating) -> None:
        """Whatever element and rating, an edit changes at most the one rating line."""
        path = tmp_path / f"{code}-{rating.ordinal}.yaml"
        path.write_text(draft_text(), encoding="utf-8")
        before = loads(draft_text(), into=Assessment)
        after = update_ratings(path, {code: rating})
        assert before.with_rating(code, rating) == after
        changed = [
            line
            for line in difflib.ndiff(draft_text().splitlines(), path.read_text("utf-8").splitlines())
            if line.startswith(("+ ", "- "))
        ]
        assert len(changed) in (0, 2)
        assert all(line[2:].lstrip().startswith("rating:") for line in changed)

    def test_comment_on_edited_line_kept(self, tmp_path: Path) -> None:
        """An end-of-line comment on the edited value survives."""
        path = tmp_path / "a.yaml"
        path.write_text(draft_text(), encoding="utf-8")
        update_ratings(path, {"2A": "amber green"})
        assert "    rating: Amber Green # the central team is two people" in path.read_text("utf-8")

    def test_fields_and_new_entries(self, tmp_path: Path) -> None:
        """Several fields can be set, and an element missing from the file is added."""
        path = tmp_path / "a.yaml"
        text = template(assurance_framework())
        path.write_text(text[: text.index("  6B:\n")], encoding="utf-8")
        assert "6B" not in load(path, Assessment).codes
        result = update_ratings(
            path,
            {
                "3B": {"rating": Rating.GREEN, "evidence": "Programme running", "next_steps": ["Review"]},
                "6B": "Red",
            },
        )
        assert ("Programme running", ("Review",)) == (
            result.element_rating("3B").evidence,
            result.element_rating("3B").next_steps,
        )
        assert Rating.RED is result.rating("6B")
        assert "# 3B. Leadership of teaching" in path.read_text("utf-8")

    def test_unknown_code_in_any_case_is_refused(self, tmp_path: Path) -> None:
        """A code the framework lacks ("3b") is refused with a suggestion, and nothing is written."""
        path = tmp_path / "a.yaml"
        path.write_text(draft_text(), encoding="utf-8")
        before = path.read_bytes()
        with pytest.raises(ValidationError, match=r"no element '3b'.*3B") as info:
            update_ratings(path, {"3b": "Green"})
        assert ("ratings", "3b") == info.value.path
        assert before == path.read_bytes()

    def test_without_a_known_framework_only_listed_elements_change(self, tmp_path: Path) -> None:
        """An assessment of a framework that is not bundled may change its own elements, not gain new ones."""
        path = tmp_path / "a.yaml"
        path.write_text(
            draft_text().replace("id: mat-assurance-framework", "id: our-framework"), encoding="utf-8"
        )
        assert Rating.RED is update_ratings(path, {"3B": "Red"}).rating("3B")
        with pytest.raises(ValidationError, match="not an element this assessment lists"):
            update_ratings(path, {"7Z": "Red"})

    def test_invalid_change_leaves_file_alone(self, tmp_path: Path) -> None:
        """A change that would make the document invalid raises and writes nothing."""
        path = tmp_path / "a.yaml"
        path.write_text(draft_text(), encoding="utf-8")
        with pytest.raises(ValidationError, match="'Amber' is not a rating"):
            update_ratings(path, {"3B": "Amber"})
        with pytest.raises(ValidationError, match="element 5A has no criterion 'ix'"):
            update_ratings(path, {"5A": {"notes": {"ix": "a criterion the element lacks"}}})
        assert draft_text() == path.read_text("utf-8")
        assert ["a.yaml"] == [p.name for p in tmp_path.iterdir()]

    def test_not_an_assessment(self, tmp_path: Path) -> None:
        """A file with no ratings mapping is refused with its name."""
        path = tmp_path / "x.yaml"
        path.write_text("schema: matframework/assessment@1\nratings: [1]\n", encoding="utf-8")
        with pytest.raises(
            ValidationError, match=re.escape("cannot set ratings.1A.rating: here is a list")
        ) as info:
            update_ratings(path, {"1A": "Red"})
        assert str(path) == info.value.file

    def test_sequence_indent_kept(self, tmp_path: Path) -> None:
        """A file that writes lists without indenting the dashes keeps that layout."""
        text = (
            draft_text()
            .replace("\n  - A. Example", "\n- A. Example")
            .replace("\n  - B. Example", "\n- B. Example")
        )
        path = tmp_path / "a.yaml"
        path.write_text(text, encoding="utf-8")
        update_ratings(path, {"1A": "Amber Green"})
        assert "\n- A. Example (CEO)\n" in path.read_text("utf-8")


def schema_validator(cls: type[Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schema(cls), format_checker=jsonschema.FormatChecker())


def json_form(data: Any) -> Any:
    """The data as JSON would carry it (dates as ISO strings)."""
    return json.loads(json.dumps(data, default=str))


class TestJsonSchema:
    @pytest.mark.parametrize("cls", DOCUMENT_TYPES)
    def test_valid_schema(self, cls: type[Any]) -> None:
        """Each schema is a valid 2020-12 schema."""
        jsonschema.Draft202012Validator.check_schema(json_schema(cls))

    @pytest.mark.parametrize("cls", DOCUMENT_TYPES)
    def test_shipped_files_match_the_model(self, cls: type[Any]) -> None:
        """The schema files in the package are what the model generates (regenerate them if this fails)."""
        shipped = json.loads(
            files("matframework.documents.schemas").joinpath(schema_file_name(cls)).read_text("utf-8")
        )
        assert json_schema(cls) == shipped

    def test_example_schema_file_matches(self) -> None:
        """examples/assessment.schema.json is the current schema."""
        assert json_schema(Assessment) == json.loads((EXAMPLES / "assessment.schema.json").read_text("utf-8"))

    def test_every_schema_compiles_in_ajv_strict_mode(self, tmp_path: Path) -> None:
        """Ajv (draft 2020-12, strict) compiles every shipped schema and agrees with jsonschema on the examples."""
        ajv = Path(__file__).parent / "ajv"
        node = shutil.which("node")
        if node is None or not (ajv / "node_modules" / "ajv").is_dir():
            if os.environ.get("MATFRAMEWORK_REQUIRE_AJV") == "1":
                pytest.fail("Node.js and tests/ajv's packages are required here (MATFRAMEWORK_REQUIRE_AJV=1)")
            pytest.skip("Node.js or Ajv is not installed (npm ci --prefix tests/ajv)")
        shipped = sorted(Path(str(files("matframework.documents.schemas"))).glob("*.schema.json"))
        documents = []
        for path in [FILLED, BLANK, *sorted(EXAMPLES.glob("oak-valley-*.yaml"))]:
            document = load_document(path)
            data = json_form({"schema": schema_tag(type(document)), **unstructure(document)})
            target = tmp_path / f"{path.stem}.json"
            target.write_text(json.dumps(data), encoding="utf-8")
            documents.append(target)
        invalid = tmp_path / "invalid.json"
        invalid.write_text(
            json.dumps({"schema": "matframework/assessment@1", "subject": {}}), encoding="utf-8"
        )
        done = subprocess.run(
            [node, str(ajv / "check.js"), *map(str, shipped), "--", *map(str, documents), str(invalid)],
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(done.stdout)
        assert {path.name: "ok" for path in shipped} == result["compiled"]
        assert len(shipped) == len(DOCUMENT_TYPES)
        assert {**{path.name: "valid" for path in documents}, "invalid.json": "invalid"} == result[
            "validated"
        ]

    def test_strict(self) -> None:
        """Ratings are an enum (plus their forgiving spellings) and unknown keys are refused."""
        schema = json_schema(Assessment)
        assert ["Red", "Amber Red", "Amber Green", "Green"] == schema["$defs"]["Rating"]["anyOf"][0]["enum"]
        assert schema["additionalProperties"] is False
        assert schema["$defs"]["ElementRating"]["additionalProperties"] is False

    @pytest.mark.parametrize("path", [FILLED, BLANK])
    def test_examples_valid(self, path: Path) -> None:
        """The example documents load, fit the framework, and pass the schema."""
        load(path, Assessment).validate(assurance_framework())
        data = YAML(typ="safe").load(path.read_text("utf-8"))
        assert [] == list(schema_validator(Assessment).iter_errors(json_form(data)))

    def test_framework_document_valid(self) -> None:
        """The bundled framework, written out, passes its schema."""
        data = json.loads(dumps(assurance_framework(), format="json"))
        assert [] == list(schema_validator(Framework).iter_errors(data))

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(assessments())
    def test_generated_documents_pass_schema(self, a: Assessment) -> None:
        """Every document the library writes passes the schema."""
        assert [] == list(
            schema_validator(Assessment).iter_errors(json_form(json.loads(dumps(a, format="json"))))
        )

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(assessments(), st.data())
    def test_loader_and_schema_agree(self, a: Assessment, data: st.DataObject) -> None:
        """On documents with one mutation, the loader and the schema accept and reject alike."""
        doc = json.loads(dumps(a, format="json"))
        mutated = data.draw(mutations(doc))
        try:
            loads(json.dumps(mutated), into=Assessment)
            loader_ok = True
        except ValidationError:
            loader_ok = False
        schema_ok = schema_validator(Assessment).is_valid(mutated)
        assert loader_ok == schema_ok, mutated


LABELS = ["Red", "Amber Red", "Amber Green", "Green"]
BAD_VALUES: list[Any] = [
    None,
    3,
    True,
    "",
    " ",
    "Amber",
    "amber-green",
    "AMBER  RED",
    "2026-10-01",
    "2026-13-01",
    [],
    {},
    ["x"],
]


def places_in(node: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) pair in a document, depth first."""
    found: list[tuple[Any, Any]] = []
    keys = list(node) if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else []
    for key in keys:
        found.append((node, key))
        found.extend(places_in(node[key]))
    return found


@st.composite
def mutations(draw: st.DrawFn, doc: dict[str, Any]) -> Any:
    """Change one value, remove one key, add one key, or change the status somewhere in ``doc``."""
    doc = copy.deepcopy(doc)
    kind = draw(st.sampled_from(["set", "delete", "add", "status"]))
    places = places_in(doc)
    if kind == "status" or not places:
        doc["status"] = draw(st.sampled_from(["final", "draft", "Final"]))
        return doc
    node, key = draw(st.sampled_from(places))
    value = draw(st.sampled_from(BAD_VALUES + LABELS))
    if kind == "set":
        node[key] = value
    elif isinstance(node, dict) and kind == "delete":
        del node[key]
    elif isinstance(node, dict):
        node[draw(st.sampled_from(["extra", "rating", "not_applicable", "code", "target", "1A"]))] = value
    return doc


def test_rating_pattern_matches_loader() -> None:
    """The schema's forgiving rating pattern accepts exactly what Rating.from_label accepts."""
    pattern = json_schema(Assessment)["$defs"]["Rating"]["anyOf"][1]["pattern"]
    for text in [
        "red",
        " Red ",
        "amber-red",
        "Amber - Green",
        "AMBER\tGREEN",
        "amber",
        "-red",
        "red-",
        "Amber_Red",
    ]:
        try:
            Rating.from_label(text)
            accepted = True
        except ValueError:
            accepted = False
        assert accepted == bool(re.search(pattern, text)), text


class TestOneRegistry:
    def test_defaults_are_left_out_alike(self) -> None:
        """Every model class leaves out fields at their defaults, chosen by predicate, not by a list."""
        from matframework import FrameworkReview, ModeClassification, Subject, SubjectKind  # noqa: PLC0415

        assert "decisions" not in dumps(ModeClassification(owner="x"))
        assert "answers" not in dumps(FrameworkReview(owner="x"))
        blank = Assessment.blank(assurance_framework(), subject=Subject(name="Oak", kind=SubjectKind.TRUST))
        assert "status: draft" in dumps(blank)  # the fields the registry says are always written
        assert "ratings:" in dumps(attrs.evolve(blank, ratings=()))

    def test_every_entry_is_read_by_every_part(self) -> None:
        """Each registry entry has a schema file, a CLI name, a tag load_document reads, and a template if promised."""
        from matframework.documents.registry import DOCUMENT_TYPES as ENTRIES  # noqa: PLC0415
        from matframework.documents.registry import by_name, by_tag  # noqa: PLC0415

        for entry in ENTRIES:
            assert files("matframework.documents.schemas").joinpath(entry.schema_file).is_file()
            assert entry is by_tag(entry.tag) is by_name(entry.cli_name)
            assert entry.tag == schema_tag(entry.cls)
        assert [e.cls for e in ENTRIES if e.template] == [Assessment, Organisation, ImprovementPlan]
