"""Tests for reading and writing framework documents: matframework.documents.files, converters and _yaml."""

from __future__ import annotations

import contextlib
import errno
import gc
import json
import os
import pickle
import re
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matframework import (
    Assessment,
    FileError,
    Framework,
    FrameworkIntegrityError,
    MatFrameworkError,
    Rating,
    ScaleLevel,
    ValidationError,
    assurance_framework,
    load,
    load_framework,
    loads,
    make_converter,
)
from matframework._files import replacing
from matframework.documents import _yaml, files
from matframework.documents.converters import structure, unstructure
from matframework.documents.files import dump, dumps
from tests.strategies import assessments, frameworks

BUNDLED = dumps(assurance_framework())


def line_of(text: str, needle: str) -> int:
    """Return the 1-based number of the first line of ``text`` containing ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def broken(old: str, new: str, count: int = 1) -> str:
    assert old in BUNDLED
    return BUNDLED.replace(old, new, count)


def load_error(text: str, tmp_path: Path, name: str = "trust.yaml") -> ValidationError:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_framework(path)
    return info.value


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)  # orjson refuses beyond 64 bits: json writes those
    | st.floats()  # orjson writes 1e-07 as 1e-7, so documents with floats go to json
    | st.text()  # lone surrogates included: orjson refuses them
)


def _containers(children: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """JSON lists and objects of ``children`` (a named function: Hypothesis inspects it for recursion)."""
    return st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=3), children, max_size=4)


class TestRoundTrips:
    @given(frameworks())
    def test_structure_unstructure_identity(self, fw: Framework) -> None:
        """structure(unstructure(x)) == x for any framework."""
        assert fw == structure(unstructure(fw), Framework)

    @given(frameworks(), st.sampled_from(["yaml", "json"]))
    def test_text_round_trip(self, fw: Framework, fmt: str) -> None:
        """YAML and JSON round trips are identities."""
        assert fw == loads(dumps(fw, format=fmt), into=Framework)  # type: ignore[arg-type]

    def test_bundled_round_trip(self, tmp_path: Path) -> None:
        """The bundled framework, written out and read back as a trust's file, is unchanged."""
        path = tmp_path / "framework.yaml"
        dump(assurance_framework(), path)
        assert assurance_framework() == load_framework(path)
        dump(assurance_framework(), tmp_path / "framework.json")
        assert (
            "matframework/framework@1"
            == json.loads((tmp_path / "framework.json").read_text("utf-8"))["schema"]
        )
        assert assurance_framework() == load(tmp_path / "framework.json", Framework)

    def test_unstructure_leaves_out_implied_codes(self) -> None:
        """Criteria in a document do not repeat their element's code; empty optionals are omitted."""
        data = unstructure(assurance_framework())
        criterion = data["headings"][0]["elements"][0]["criteria"][0]
        assert ["numeral", "stage", "question", "red", "green"] == list(criterion)
        assert "meaning" not in data["scale"]["levels"][1]
        assert "Amber Red" == data["scale"]["levels"][1]["rating"]

    def test_bad_format(self) -> None:
        """dumps() knows YAML and JSON only."""
        with pytest.raises(ValueError, match="'yaml' or 'json'"):
            dumps(assurance_framework(), format="toml")  # type: ignore[arg-type]

    @given(assessment=assessments())
    def test_compact_json_round_trip(self, assessment: Assessment) -> None:
        """Compact JSON is one line holding the same data as the indented text, and reads back equal."""
        compact, indented = dumps(assessment, "json", compact=True), dumps(assessment, "json")
        assert compact.count("\n") == 1
        assert compact.endswith("\n")
        assert json.loads(compact) == json.loads(indented)
        assert loads(compact, into=Assessment) == assessment

    def test_compact_json_file_and_yaml_refused(self, tmp_path: Path) -> None:
        """``dump(..., compact=True)`` writes the one line; compact YAML is refused, naming the argument."""
        path = tmp_path / "framework.json"
        dump(assurance_framework(), path, compact=True)
        assert path.read_text(encoding="utf-8") == dumps(assurance_framework(), "json", compact=True)
        assert load(path, Framework) == assurance_framework()
        with pytest.raises(ValidationError, match="compact applies to JSON only") as info:
            dumps(assurance_framework(), compact=True)
        assert ("compact",) == info.value.problems[0].path

    @given(data=st.recursive(_SCALARS, _containers, max_leaves=25))
    def test_indented_json_is_the_standard_librarys(self, data: object) -> None:
        """With orjson (the ``fast`` extra) or without, indented JSON is byte for byte what :mod:`json` writes."""
        document = {"schema": "matframework/assessment@1", "data": data}
        written = files._json_dump(document)  # noqa: SLF001 - any plain data, not only a model's
        assert written == json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    def test_indented_json_without_orjson(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without the extra, the standard library writes it, the same text."""
        fw = assurance_framework()
        with_orjson = dumps(fw, "json")
        monkeypatch.setattr(files, "_orjson", lambda: None)
        assert dumps(fw, "json") == with_orjson

    def test_not_a_document_type(self) -> None:
        """Only document types have a schema tag."""
        with pytest.raises(TypeError, match="not a matframework document type"):
            dumps(Rating.RED)


class TestAtomicWrite:
    def test_replaces_existing_file(self, tmp_path: Path) -> None:
        """dump() replaces the file and leaves no temporary file behind."""
        path = tmp_path / "fw.yaml"
        path.write_text("old", encoding="utf-8")
        dump(assurance_framework(), path)
        assert ["fw.yaml"] == [p.name for p in tmp_path.iterdir()]
        assert path.read_text(encoding="utf-8").startswith("schema: matframework/framework@1")

    def test_failed_write_keeps_old_file(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """If the replace step fails, the old file is intact and the temporary file is removed."""
        path = tmp_path / "fw.yaml"
        path.write_text("old", encoding="utf-8")

        def fail(*_args: object) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "replace", fail)
        with pytest.raises(FileError, match=r"cannot write .*fw.yaml: No space left on device") as info:
            dump(assurance_framework(), path)
        assert isinstance(info.value, OSError)
        assert str(path) == info.value.filename
        assert "old" == path.read_text(encoding="utf-8")
        assert ["fw.yaml"] == [p.name for p in tmp_path.iterdir()]

    @pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
    def test_new_file_follows_the_umask(self, tmp_path: Path) -> None:
        """A new file gets 0o666 less the umask, like any other file the user makes."""
        old = os.umask(0o027)
        try:
            dump(assurance_framework(), tmp_path / "fw.yaml")
        finally:
            os.umask(old)
        assert 0o640 == stat.S_IMODE((tmp_path / "fw.yaml").stat().st_mode)

    @pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
    @pytest.mark.parametrize("mode", [0o600, 0o664])
    def test_existing_file_keeps_its_mode(self, tmp_path: Path, mode: int) -> None:
        """Replacing a file keeps the permissions its owner gave it."""
        path = tmp_path / "fw.yaml"
        path.write_text("old", encoding="utf-8")
        path.chmod(mode)
        dump(assurance_framework(), path)
        assert mode == stat.S_IMODE(path.stat().st_mode)

    def test_failure_inside_the_block_cleans_up(self, tmp_path: Path) -> None:
        """replacing() removes its temporary file and leaves the target alone when the block fails."""
        path = tmp_path / "book.bin"
        path.write_bytes(b"old")

        def half_write() -> None:
            with replacing(path) as temporary:
                temporary.write_bytes(b"new")
                raise RuntimeError("half written")

        with pytest.raises(RuntimeError, match="half written"):
            half_write()
        assert b"old" == path.read_bytes()
        assert ["book.bin"] == [p.name for p in tmp_path.iterdir()]


class TestIntegrityFromFiles:
    """Each integrity rule, broken in a file, is reported with the file, line, column and field."""

    def test_duplicate_code(self, tmp_path: Path) -> None:
        """A code used twice is reported at the second use."""
        error = load_error(broken("code: 1B", "code: 1A"), tmp_path)
        assert isinstance(error, FrameworkIntegrityError)
        assert error.file is not None
        assert error.file.endswith("trust.yaml")
        problem = next(p for p in error.problems if "used twice" in p.message)
        assert ("headings", 0, "elements", 1, "code") == problem.path
        assert line_of(BUNDLED, "code: 1B") == problem.line
        assert 11 == problem.column

    def test_heading_numbering(self, tmp_path: Path) -> None:
        """A heading numbered out of sequence names its line."""
        error = load_error(broken("- number: 2", "- number: 3"), tmp_path)
        assert ("headings", 1, "number") == error.path
        assert line_of(BUNDLED, "- number: 2") == error.line
        assert "trust.yaml:" in str(error)

    def test_element_under_wrong_heading(self, tmp_path: Path) -> None:
        """An element whose code does not match its heading is reported."""
        error = load_error(broken("code: 2A", "code: 3A"), tmp_path)
        assert ("headings", 1, "elements", 0, "code") == error.path
        assert "a code that starts with 2, like '2A'" == error.expected

    def test_numeral_gap(self, tmp_path: Path) -> None:
        """A gap in the numerals is reported at the numeral."""
        error = load_error(broken("numeral: ii\n", "numeral: iii\n"), tmp_path)
        assert ("headings", 0, "elements", 0, "criteria", 1, "numeral") == error.path
        assert line_of(BUNDLED, "numeral: ii\n".strip()) == error.line

    def test_missing_descriptor(self, tmp_path: Path) -> None:
        """A criterion without its Green text breaks the pairing and is reported."""
        text = BUNDLED.splitlines(keepends=True)
        green = line_of(BUNDLED, "green: The MAT has a clear and compelling vision")
        del text[green - 1]
        error = load_error("".join(text), tmp_path)
        assert ("headings", 0, "elements", 0, "criteria", 0, "green") == error.path
        assert "is required" == error.problems[0].message

    def test_blank_question(self, tmp_path: Path) -> None:
        """A blank question is reported as missing text."""
        old = "question: Does the MAT have a clear vision of what excellent education looks like in practice?"
        error = load_error(broken(old, "question: ' '"), tmp_path)
        assert ("headings", 0, "elements", 0, "criteria", 0, "question") == error.path
        assert "criterion 1A.i has no question text" == error.problems[0].message
        assert line_of(BUNDLED, old) == error.line

    def test_stage_order(self, tmp_path: Path) -> None:
        """An 'additional' question before one to start with is reported."""
        error = load_error(broken("stage: start", "stage: additional"), tmp_path)
        assert ("headings", 0, "elements", 0, "criteria", 1, "stage") == error.path


class TestStrictStructure:
    """Wrong types, unknown keys and bad values are errors naming the field."""

    def test_no_silent_coercion(self, tmp_path: Path) -> None:
        """A number, true/false or a list where text is expected is an error, not text."""
        text = (
            broken("title: Clarity of purpose", "title: 12")
            .replace("title: Understanding of needs", "title: true")
            .replace("- Link to strategy", "- [a, b]")
        )
        error = load_error(text, tmp_path)
        messages = {p.dotted_path: p.message for p in error.problems}
        assert "expected text, got a number (12)" == messages["headings[0].elements[0].title"]
        assert "expected text, got true/false (True)" == messages["headings[0].elements[1].title"]
        assert "expected text, got a list" == messages["headings[0].elements[0].focus_areas[1]"]

    def test_text_for_a_list(self, tmp_path: Path) -> None:
        """Text where a list is expected is not split into characters."""
        text = broken(
            "  focus_areas:\n    - Vision for the MAT\n    - Link to strategy\n    - Roles and responsibilities\n",
            "  focus_areas: Vision\n",
        )
        error = load_error(text, tmp_path)
        assert ("headings", 0, "elements", 0, "focus_areas") == error.path
        assert "expected a list, got text ('Vision')" == error.problems[0].message

    def test_unknown_key(self, tmp_path: Path) -> None:
        """An unknown key is named, with the keys allowed there."""
        error = load_error(broken("  - code: 1A\n", "  - code: 1A\n    colour: blue\n"), tmp_path)
        assert ("headings", 0, "elements", 0, "colour") == error.path
        assert "unknown key 'colour'" == error.problems[0].message
        assert "one of code, title, focus_areas, criteria" == error.expected

    def test_element_code_not_allowed_in_criteria(self, tmp_path: Path) -> None:
        """Criteria take their element's code; stating it is an unknown key."""
        error = load_error(
            broken("    - numeral: i\n", "    - numeral: i\n      element_code: 1A\n"), tmp_path
        )
        assert ("headings", 0, "elements", 0, "criteria", 0, "element_code") == error.path

    def test_bad_stage_and_rating(self, tmp_path: Path) -> None:
        """Stages and scale ratings must be ones the library knows."""
        text = broken("stage: start", "stage: beginning").replace("rating: Amber Red", "rating: Amber")
        error = load_error(text, tmp_path)
        messages = {p.dotted_path: p.message for p in error.problems}
        assert (
            "'Amber' is not a rating; use one of Red, Amber Red, Amber Green, Green"
            == messages["scale.levels[1].rating"]
        )
        assert (
            "'beginning' is not a stage; use one of start, additional"
            == messages["headings[0].elements[0].criteria[0].stage"]
        )

    def test_scale_out_of_order(self, tmp_path: Path) -> None:
        """The scale must list the four levels in order."""
        text = broken("rating: Amber Red", "rating: Green")
        error = load_error(text, tmp_path)
        assert ("scale", "levels") == error.path
        assert "a rating scale lists the four levels in order" in error.problems[0].message

    def test_mapping_expected(self, tmp_path: Path) -> None:
        """A list item that should be a mapping but is text is reported."""
        error = load_error(broken("headings:\n", "headings:\n- just text\n"), tmp_path)
        assert ("headings", 0) == error.path
        assert "expected a mapping of keys to values, got text ('just text')" == error.problems[0].message

    def test_whole_numbers(self) -> None:
        """Whole numbers must be whole numbers, not text or true/false."""
        conv = make_converter()
        assert 3 == structure(3, int, conv=conv)
        for bad in ("3", True, 3.0):
            with pytest.raises(ValidationError, match="expected a whole number"):
                structure(bad, int, conv=conv)
        assert 2.5 == structure(2.5, float)
        with pytest.raises(ValidationError, match="expected a number"):
            structure("2.5", float)

    def test_rating_hook(self) -> None:
        """Ratings read forgivingly and are written as labels."""
        assert Rating.AMBER_RED is structure("amber-red", Rating)
        assert Rating.GREEN is structure(Rating.GREEN, Rating)
        with pytest.raises(ValidationError, match="expected a rating label, got a number"):
            structure(2, Rating)

    def test_structure_reports_all_problems(self) -> None:
        """Several problems in one object are all reported."""
        with pytest.raises(ValidationError) as info:
            structure({"rating": "amber", "described": "no", "extra": 1}, ScaleLevel)
        assert {("rating",), ("described",), ("colour",), ("short",), ("extra",)} == {
            p.path for p in info.value.problems
        }


class TestSchemaTag:
    def test_missing(self) -> None:
        """A document without a schema tag says which tag it needs."""
        with pytest.raises(ValidationError) as info:
            loads(BUNDLED.replace("schema: matframework/framework@1\n", ""), into=Framework)
        assert ("schema",) == info.value.path
        assert "matframework/framework@1" == info.value.expected

    @pytest.mark.parametrize(
        ("tag", "message"),
        [
            ("matframework/framework@2", "newer than this version of matframework reads"),
            ("matframework/assessment@1", "this is a matframework assessment document, not a framework"),
            ("other/thing", "'other/thing' is not a matframework schema tag"),
            ("7", "7 is not a matframework schema tag"),
        ],
    )
    def test_wrong(self, tag: str, message: str) -> None:
        """An unknown, other or newer tag is a clear error at the schema field."""
        with pytest.raises(ValidationError, match=message) as info:
            loads(BUNDLED.replace("matframework/framework@1", tag), into=Framework)
        assert 1 == info.value.line

    @pytest.mark.parametrize("text", ["- a list", "just text", "", "42"])
    def test_not_a_mapping(self, text: str) -> None:
        """A document that is not a mapping is refused."""
        with pytest.raises(ValidationError, match="the document is"):
            loads(text, into=Framework)


class TestSafety:
    def test_syntax_error_has_position(self, tmp_path: Path) -> None:
        """A YAML syntax error names the file, line and column."""
        error = load_error(broken("title: Clarity of purpose", "title: [unclosed"), tmp_path)
        assert error.line is not None
        assert error.line >= line_of(BUNDLED, "title: Clarity of purpose")
        assert str(error).startswith(f"{error.file}: 1 problem found")

    def test_duplicate_keys(self) -> None:
        """A key given twice in one mapping is an error, not a silent overwrite."""
        with pytest.raises(ValidationError, match="duplicate key") as info:
            loads(BUNDLED.replace("id: mat-assurance-framework\n", "id: a\nid: b\n"), into=Framework)
        assert 3 == info.value.line

    def test_python_tags_never_constructed(self) -> None:
        """A !!python tag is refused before anything is built."""
        text = BUNDLED.replace(
            "title: MAT Assurance Framework\n", "title: !!python/object/apply:os.system [echo]\n", 1
        )
        with pytest.raises(
            ValidationError,
            match=re.escape("tag tag:yaml.org,2002:python/object/apply:os.system is not allowed"),
        ):
            loads(text, into=Framework)

    def test_custom_tags_refused(self) -> None:
        """Local tags are refused too."""
        with pytest.raises(ValidationError, match="tag !secret is not allowed"):
            loads("schema: matframework/framework@1\nid: !secret x\n", into=Framework)

    def test_billion_laughs_fails_fast(self) -> None:
        """Aliases are refused, so an exponential document is never expanded."""
        lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
        with pytest.raises(ValidationError, match="alias \\*a0 is not allowed") as info:
            loads("\n".join(lines), into=Framework)
        assert 2 == info.value.line
        assert 20 == len(info.value.problems)  # reporting stops early

    def test_size_limit(self, tmp_path: Path) -> None:
        """Oversize input is refused before parsing, from text or from a file."""
        with pytest.raises(ValidationError, match="over the limit of 100"):
            loads(BUNDLED, into=Framework, max_bytes=100)
        path = tmp_path / "big.yaml"
        path.write_text(BUNDLED, encoding="utf-8")
        with pytest.raises(ValidationError, match="over the limit") as info:
            load(path, Framework, max_bytes=100)
        assert str(path) == info.value.file

    @pytest.mark.parametrize(
        "text",
        ['{"schema": "x", "a": [1, 2, 3, 4, 5, 6, 7]}', "schema: x\na: [1, 2, 3, 4, 5, 6, 7]\n"],
        ids=["json", "yaml"],
    )
    def test_node_limit(self, text: str) -> None:
        """A document with more values than ``max_nodes`` is refused, JSON or YAML, at the limit and no sooner."""
        values = 1 + 2 + 1 + 1 + 7  # the mapping, its two keys, "x", the list and its items
        assert _yaml.load(text, max_nodes=values) == {"schema": "x", "a": [1, 2, 3, 4, 5, 6, 7]}
        with pytest.raises(ValidationError, match=f"more than {values - 1} values"):
            _yaml.load(text, max_nodes=values - 1)

    @given(
        data=st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=3), _containers, max_leaves=30
        )
    )
    def test_json_holds_no_more_values_than_characters(self, data: object) -> None:
        """What lets the loader skip counting JSON no longer than the limit: each value has a character of its own."""
        text = json.dumps({"schema": data}, separators=(",", ":"))

        def count(node: object) -> int:
            if isinstance(node, dict):
                return 1 + sum(1 + count(value) for value in node.values())
            if isinstance(node, list):
                return 1 + sum(count(item) for item in node)
            return 1

        values = count({"schema": data})
        assert values <= len(text)
        assert _yaml.load(text, max_nodes=values) == {"schema": data}
        with pytest.raises(ValidationError, match="values"):
            _yaml.load(text, max_nodes=values - 1)

    def test_binary_junk(self, tmp_path: Path) -> None:
        """A file that is not UTF-8 text is a clear error with the byte offset, not a UnicodeDecodeError."""
        path = tmp_path / "junk.yaml"
        path.write_bytes(b"schema: \xc0\x00binary")
        with pytest.raises(ValidationError, match=r"not UTF-8 text: byte 8 \(0xc0\)"):
            load_framework(path)
        path.write_bytes(b"\xff\xfe\x00\xd8binary")  # a UTF-16 byte order mark, then a broken pair
        with pytest.raises(ValidationError, match="not UTF-16-LE text"):
            load_framework(path)

    def test_truncated_file(self, tmp_path: Path) -> None:
        """A file cut off half way is reported with a position, not a traceback."""
        error = load_error(BUNDLED[: len(BUNDLED) // 2], tmp_path)
        assert isinstance(error, MatFrameworkError)
        assert error.line is not None

    def test_control_character(self) -> None:
        """A control character is reported with its position."""
        with pytest.raises(ValidationError, match="is not allowed in YAML") as info:
            loads("schema: x\nid: a\x1fb\n", into=Framework)
        assert (2, 6) == (info.value.line, info.value.column)

    def test_yes_is_text_not_true(self) -> None:
        """YAML 1.2: 'yes' is text, so a true/false field refuses it."""
        with pytest.raises(ValidationError, match="expected true or false, got text \\('yes'\\)"):
            structure({"rating": "Red", "described": "yes", "colour": "#000000", "short": "R"}, ScaleLevel)

    def test_dates_stay_text(self) -> None:
        """Unquoted dates are read as text, so an impossible one is reported by field, not by the parser."""
        with pytest.raises(ValidationError) as info:
            loads("schema: matframework/framework@1\nid: 2026-02-31\n", into=Framework)
        assert all(p.path != ("id",) for p in info.value.problems)

    @given(st.text(max_size=200))
    def test_arbitrary_text_never_escapes(self, text: str) -> None:
        """Whatever the text, reading it either works or raises a matframework error."""
        with contextlib.suppress(MatFrameworkError):
            loads(text, into=Framework)

    def test_loading_leaves_no_reference_cycles(self) -> None:
        """Reading valid YAML (its guards' scan of events included) leaves nothing for the collector to free.

        ruamel.yaml's own ``load`` defined a loader class per call, each with reference cycles.
        """
        loads(BUNDLED, into=Framework)
        gc.collect()
        gc.disable()
        try:
            before = len(gc.get_objects())
            for _ in range(20):
                loads(BUNDLED, into=Framework)
            found = gc.collect()
            after = len(gc.get_objects())
        finally:
            gc.enable()
        assert found == 0
        assert after - before < 100  # nothing kept per load (20 loads of about 1,000 values each)

    def test_c_parser_in_use(self) -> None:
        """The safe loader runs on ruamel.yaml's C parser (the fast path)."""
        assert _yaml.c_accelerated()

    def test_locate_unparseable(self) -> None:
        """Positions cannot be found in text that does not parse."""
        assert _yaml.locate("a: [", ("a",)) is None


class TestErrors:
    def test_pickles(self) -> None:
        """Validation errors pickle with their problems and file."""
        with pytest.raises(ValidationError) as info:
            loads(BUNDLED.replace("code: 1B", "code: 1A"), into=Framework, file="x.yaml")
        again = pickle.loads(pickle.dumps(info.value))
        assert type(info.value) is type(again)
        assert info.value.problems == again.problems
        assert "x.yaml" == again.file
        assert str(info.value) == str(again)
