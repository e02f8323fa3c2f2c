"""Tests for the command line, in process and end to end in a subprocess."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from matframework import (
    Assessment,
    Framework,
    Stage,
    SubjectKind,
    assurance_framework,
    dump,
    examples,
    json_schema,
    loads,
)
from matframework.cli import DOCUMENT_NAMES, SUBJECT_KINDS, main
from matframework.cli._framework import STAGE_LABELS, bundled_plain, show, show_plain
from matframework.documents.files import dumps
from matframework.documents.registry import DOCUMENT_TYPES


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(args), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


class TestShow:
    def test_outline(self) -> None:
        """With no command, every heading and element is printed, with the source."""
        status, out, err = run()
        assert (0, "") == (status, err)
        fw = assurance_framework()
        for heading in fw.headings:
            assert f"{heading.number}. {heading.title}\n" in out
        for element in fw.elements:
            assert f"{element.code:<4}{element.title}" in out
        assert "6 headings, 14 elements, 76 criteria" in out
        assert "Source: MAT Assurance Framework." in out

    def test_element(self) -> None:
        """Show CODE prints the element's focus areas and every criterion by stage."""
        status, out, _ = run("show", "2B")
        assert 0 == status
        assert out.startswith("2B. Recruiting, developing and retaining talent\n")
        assert "Focus areas: Recruiting to the MAT; Staff Progression; Talent Management" in out
        assert (
            out.index("Questions to start with:")
            < out.index("iv. 2B.iv")
            < out.index("Additional questions:")
        )
        assert 6 == out.count("Red (weak) looks like:")

    def test_criterion(self) -> None:
        """Show ID prints one criterion with its element and stage."""
        status, out, _ = run("show", "6B.iv")
        assert 0 == status
        assert "6B. Capability to refresh and renew the MAT\nAdditional questions\n" in out
        assert "Green (strong) looks like: The MAT has a clear succession plan for governance" in out

    def test_unknown_id(self) -> None:
        """An unknown id exits 1 with the nearest ids, no traceback."""
        status, out, err = run("show", "3D")
        assert (1, "") == (status, out)
        assert "matframework: no element '3D' in this framework; did you mean '3A', '3B', '3C'?\n" == err

    def test_usage_error(self) -> None:
        """An unknown command is a usage error, exit status 2."""
        status, _, _ = run("frobnicate")
        assert 2 == status

    def test_help(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--help exits 0 and describes the commands."""
        status, _, _ = run("--help")
        assert 0 == status
        assert "show" in capsys.readouterr().out

    def test_trust_file(self, tmp_path: Path) -> None:
        """--file reads a trust's own framework."""
        path = tmp_path / "ours.yaml"
        path.write_text(
            dumps(assurance_framework()).replace("Clarity of purpose", "Clarity of our purpose"), "utf-8"
        )
        status, out, _ = run("--file", str(path), "show", "1A")
        assert 0 == status
        assert out.startswith("1A. Clarity of our purpose\n")

    def test_invalid_trust_file(self, tmp_path: Path) -> None:
        """An invalid framework file exits 1 with file:line:column for each problem."""
        path = tmp_path / "ours.yaml"
        path.write_text(dumps(assurance_framework()).replace("code: 1B", "code: 1A"), "utf-8")
        status, out, err = run("--file", str(path))
        assert (1, "") == (status, out)
        assert f"{path}:" in err
        assert "element code '1A' is used twice" in err
        assert "Traceback" not in err

    def test_missing_file(self, tmp_path: Path) -> None:
        """A file that does not exist exits 1 with a one-line message."""
        status, _, err = run("--file", str(tmp_path / "nope.yaml"))
        assert 1 == status
        assert "cannot read" in err
        assert "No such file" in err


class TestTemplateAndSchema:
    def test_template_to_stdout(self) -> None:
        """Template prints the fill-in template."""
        status, out, _ = run("template", "--kind", "school")
        assert 0 == status
        assert out.startswith("# yaml-language-server: $schema=assessment.schema.json\n")
        assert "  kind: school" in out

    def test_template_to_file(self, tmp_path: Path) -> None:
        """Template -o writes the file and the schema beside it, and never overwrites by accident."""
        path = tmp_path / "ours.yaml"
        status, out, _ = run("template", "-o", str(path))
        assert (0, f"wrote {path}\n") == (status, out)
        assert json_schema(Assessment) == json.loads((tmp_path / "assessment.schema.json").read_text("utf-8"))
        path.write_text("my work", encoding="utf-8")
        status, _, err = run("template", "-o", str(path))
        assert 1 == status
        assert "exists; not overwriting it" in err
        assert "my work" == path.read_text("utf-8")
        status, _, _ = run("template", "-o", str(path), "--force")
        assert 0 == status
        assert (
            loads(path.read_text("utf-8"), into=Assessment).unrated() == assurance_framework().element_codes
        )

    def test_schema(self) -> None:
        """Schema prints a document type's JSON Schema, for every document type."""
        status, out, _ = run("schema", "framework")
        assert 0 == status
        assert json_schema(Framework) == json.loads(out)
        for name in ("assessment", "improvement", "classification", "review", "intervention"):
            status, out, _ = run("schema", name)
            assert (0, f"matframework/{name}@1") == (status, json.loads(out)["properties"]["schema"]["const"])


class TestEndToEnd:
    def test_python_dash_m(self) -> None:
        """Python -m matframework prints the outline and exits 0."""
        done = subprocess.run(
            [sys.executable, "-m", "matframework"],
            capture_output=True,
            text=True,
            check=False,
            encoding="utf-8",
        )
        assert 0 == done.returncode
        assert "1A  Clarity of purpose" in done.stdout
        assert "" == done.stderr

    def test_python_dash_m_unknown(self) -> None:
        """A user error in a subprocess exits 1 without a traceback."""
        done = subprocess.run(
            [sys.executable, "-m", "matframework", "show", "9Z.i"],
            capture_output=True,
            text=True,
            check=False,
            encoding="utf-8",
        )
        assert 1 == done.returncode
        assert done.stderr.startswith("matframework: no criterion '9Z.i'")
        assert "Traceback" not in done.stderr


class TestAnalysisCommands:
    def test_validate_good_and_bad(self, tmp_path: Path) -> None:
        """Validate reports every file; a bad one gives file:line:column and exit status 1."""
        good = "examples/oak-valley-trust-2026-autumn.yaml"
        bad = tmp_path / "bad.yaml"
        bad.write_text(Path(good).read_text("utf-8").replace("rating: Red", "rating: Reddish"), "utf-8")
        status, out, err = run("validate", good, "examples/oak-valley-modes.yaml", str(bad))
        assert 1 == status
        assert f"{good}: valid Assessment\n" in out
        assert "examples/oak-valley-modes.yaml: valid ModeClassification\n" in out
        assert f"{bad}:" in err
        assert "ratings.3B.rating: 'Reddish' is not a rating" in err

    def test_validate_against_framework(self, tmp_path: Path) -> None:
        """An assessment with a code the framework lacks is invalid, with its line."""
        path = tmp_path / "a.yaml"
        text = Path("examples/oak-valley-trust-2026-autumn.yaml").read_text("utf-8").replace("  5B:", "  5C:")
        path.write_text(text, "utf-8")
        status, _, err = run("validate", str(path))
        assert 1 == status
        line = text.splitlines().index("  5C:") + 1
        assert f"{path}:{line}:3: ratings.5C: the framework has no element '5C'" in err

    def test_validate_unknown_type_and_missing_file(self, tmp_path: Path) -> None:
        """A file without a known schema tag, or no file at all, is reported."""
        path = tmp_path / "x.yaml"
        path.write_text("schema: other@1\n", "utf-8")
        status, _, err = run("validate", str(path), str(tmp_path / "none.yaml"))
        assert 1 == status
        assert "'other@1' is not a schema tag matframework knows" in err
        assert "cannot read" in err

    def test_summary(self) -> None:
        """Summary prints the profile; --format json gives data."""
        status, out, _ = run("summary", "examples/oak-valley-trust-2026-autumn.yaml")
        assert 0 == status
        assert "13 of 14 elements rated; median Amber Green" in out
        assert "Priorities:\n  3B Leadership of teaching\n" in out
        status, out, _ = run("summary", "--example", "--format", "json")
        data = json.loads(out)
        assert (0, 13) == (status, data["counted"])  # 6B is not applicable

    def test_summary_needs_input(self) -> None:
        """Summary without a file or --example is a usage error (exit 2)."""
        status, _, err = run("summary")
        assert 2 == status
        assert "summary needs a FILE, a folder or --example" in err

    def test_compare(self, tmp_path: Path) -> None:
        """Compare shows movements between two files, or the example's last rounds."""
        before = tmp_path / "before.yaml"
        before.write_text(
            Path("examples/oak-valley-trust-2026-autumn.yaml")
            .read_text("utf-8")
            .replace("  3B:\n    rating: Red", "  3B:\n    rating: Amber Green"),
            "utf-8",
        )
        status, out, _ = run("compare", str(before), "examples/oak-valley-trust-2026-autumn.yaml")
        assert 0 == status
        assert "3B: Amber Green -> Red: declined (-2)" in out
        status, out, _ = run("compare", "--example", "--format", "json")
        assert 0 == status
        assert 14 == len(json.loads(out)["movements"])
        assert 2 == run("compare", str(before))[0]

    def test_report(self, tmp_path: Path) -> None:
        """Report writes the HTML page (or prints it) and says what it found."""
        path = tmp_path / "r.html"
        status, out, _ = run("report", "--example", "-o", str(path))
        assert 0 == status
        assert out.startswith(f"wrote {path}: Oak Valley Learning Trust (fictional), 2026/27 autumn;")
        assert "Against the group (11 counted)" in path.read_text("utf-8")
        status, out, _ = run(
            "report",
            "examples/oak-valley-trust-2026-autumn.yaml",
            "--previous",
            "examples/oak-valley-trust-2026-autumn.yaml",
        )
        assert 0 == status
        assert out.startswith("<!DOCTYPE html>")
        assert "Movement since" in out

    def test_validate_reads_any_encoding_it_loads(self, tmp_path: Path) -> None:
        """A UTF-16 assessment that does not fit the framework is reported with its line, not a UnicodeDecodeError."""
        text = (
            Path("examples/oak-valley-trust-2026-autumn.yaml").read_text("utf-8").replace("  1A:", "  9Z:", 1)
        )
        path = tmp_path / "a.yaml"
        path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
        status, _, err = run("validate", str(path))
        assert 1 == status
        line = text.splitlines().index("  9Z:") + 1
        assert f"{path}:{line}:3: ratings.9Z: the framework has no element '9Z'" in err

    def test_report_checks_its_inputs(self, tmp_path: Path) -> None:
        """--previous of another subject is refused unless told; --group takes one file each time."""
        ours = "examples/oak-valley-trust-2026-autumn.yaml"
        other = tmp_path / "other.yaml"
        other.write_text(
            Path(ours).read_text("utf-8").replace("Oak Valley Learning Trust", "Elm Trust"), "utf-8"
        )
        status, _, err = run("report", ours, "--previous", str(other))
        assert 1 == status
        assert "different subjects" in err
        status, out, _ = run("report", ours, "--previous", str(other), "--other-subject")
        assert (0, True) == (status, "Movement since" in out)
        status, out, _ = run("report", "--group", ours, "--group", str(other), ours)
        assert 0 == status
        assert "Against the group (2 counted)" in out
        assert 2 == run("report", "--group", ours, str(other), ours)[0]  # argparse: unrecognized arguments

    def test_main_job_in_subprocess(self, tmp_path: Path) -> None:
        """The README's main job runs end to end in a fresh interpreter."""
        done = subprocess.run(
            [sys.executable, "-m", "matframework", "report", "--example", "-o", str(tmp_path / "r.html")],
            capture_output=True,
            text=True,
            check=False,
            encoding="utf-8",
        )
        assert (0, "") == (done.returncode, done.stderr)
        assert "strengths" in done.stdout


class TestFolders:
    FOLDER = str(Path(__file__).parent.parent / "examples" / "oak-valley")

    def test_summary_compare_and_report_of_a_folder(self, tmp_path: Path) -> None:
        """A folder gives the trust's latest agreed round, its movement, and a report with groups and perspectives."""
        status, out, _ = run("summary", self.FOLDER)
        assert (0, "Oak Valley Learning Trust (fictional), 2026/27 autumn (2026-10-14, final)") == (
            status,
            out.splitlines()[0],
        )
        status, out, _ = run("compare", self.FOLDER)
        assert (0, True) == (status, out.startswith("2025/26 autumn to 2026/27 autumn:"))
        path = tmp_path / "r.html"
        assert 0 == run("report", self.FOLDER, "-o", str(path))[0]
        page = path.read_text("utf-8")
        assert all(
            part in page
            for part in (
                "Movement since 2025/26 autumn",
                "Against the group (11 counted)",
                "How the groups rated it",
            )
        )

    def test_subject_chooses_a_school(self) -> None:
        """--subject follows a school by URN; an unknown one is named."""
        status, out, _ = run("summary", self.FOLDER, "--subject", "999103")
        assert (0, "Cedar Primary (fictional), 2025/26 summer") == (
            status,
            out.splitlines()[0].split(" (2026")[0],
        )
        status, _, err = run("summary", self.FOLDER, "--subject", "999199")
        assert (1, True) == (status, "no agreed assessment of '999199'" in err)

    def test_problems_of_every_file_are_listed(self, tmp_path: Path) -> None:
        """A folder with bad files is refused, each file's problems listed with its line."""
        folder = tmp_path / "trust"
        shutil.copytree(self.FOLDER, folder)
        bad = folder / "trust" / "2024-25-autumn.yaml"
        bad.write_text(bad.read_text("utf-8").replace("status: final", "status: done"), encoding="utf-8")
        (folder / "organisation.yaml").write_text(
            "schema: matframework/organisation@1\nname: [x]\n", encoding="utf-8"
        )
        status, _, err = run("summary", str(folder))
        assert 1 == status
        assert "2 files with problems" in err
        assert "2024-25-autumn.yaml:" in err and "organisation.yaml:2:" in err  # noqa: PT018 - both files named

    def test_ambiguous_folder_asks_for_a_subject(self, tmp_path: Path) -> None:
        """A folder of several trusts does not pick one."""
        for name in ("Oak", "Elm"):
            a = examples.trust_assessments()[-1]
            dump(attrs.evolve(a, subject=attrs.evolve(a.subject, name=name)), tmp_path / f"{name}.yaml")
        status, _, err = run("summary", str(tmp_path))
        assert (1, True) == (status, "choose whose assessments to use with --subject" in err)


class TestTemplateForOneMeeting:
    def test_cut_and_organisation_templates(self, tmp_path: Path) -> None:
        """The template command cuts to headings and the questions to start with, and writes an organisation template with its schema."""
        status, out, _ = run("template", "--elements", "3,6A", "--start-only", "--perspective", "trustees")
        blank = loads(out, into=Assessment)
        assert (0, ("3A", "3B", "3C", "6A"), "trustees") == (status, blank.codes, blank.perspective)
        assert "Additional questions" not in out
        path = tmp_path / "organisation.yaml"
        assert 0 == run("template", "--organisation", "-o", str(path))[0]
        assert (tmp_path / "organisation.schema.json").is_file()
        assert "matframework/organisation@1" in path.read_text("utf-8")
        assert 0 == run("template", "--plan", "-o", str(tmp_path / "plan.yaml"))[0]
        assert (tmp_path / "plan.schema.json").is_file()
        assert 2 == run("template", "--plan", "--organisation")[0]  # one kind at a time
        status, _, err = run("template", "--elements", "9Z")
        assert (1, True) == (status, "no element '9Z'" in err)


class TestQuickStart:
    """Each command imports what it needs and no more (what makes ``--help`` and ``show`` quick)."""

    def test_parser_lists_match_the_model(self) -> None:
        """The parser's words for subject kinds and document types are the model's and the registry's."""
        assert tuple(kind.value for kind in SubjectKind) == SUBJECT_KINDS
        assert tuple(sorted(entry.cli_name for entry in DOCUMENT_TYPES)) == DOCUMENT_NAMES

    @staticmethod
    def imported(*argv: str) -> set[str]:
        """The modules a run of the command line in a fresh interpreter has imported when it ends."""
        code = (
            "import sys, io, contextlib\n"
            "from matframework.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
            f"    try:\n        main({list(argv)!r})\n    except SystemExit:\n        pass\n"
            "print(' '.join(sorted(sys.modules)))\n"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        return set(done.stdout.split())

    @pytest.mark.parametrize("argv", [("--help",), ("--version",), ("show", "--help")])
    def test_help_imports_no_library_module(self, argv: tuple[str, ...]) -> None:
        """Help and the version load nothing but the parser: no model, no attrs, no YAML."""
        found = self.imported(*argv)
        assert {m for m in found if m.startswith("matframework")} == {
            "matframework",
            "matframework.cli",
            "matframework.cli._usage",
        }
        assert not found & {"attrs", "cattrs", "ruamel.yaml", "importlib.metadata"} - (
            {"importlib.metadata"} if argv == ("--version",) else set()
        )

    def test_show_builds_no_model(self) -> None:
        """``show`` of the bundled framework prints from its JSON mirror: no attrs, model, YAML or converter."""
        found = self.imported("show", "3B")
        assert "matframework.cli._framework" in found
        heavy = (
            "attr",
            "cattrs",
            "ruamel",
            "matframework.model",
            "matframework.documents.",
            "matframework.errors",
        )
        assert [] == [m for m in found if m.startswith(heavy) and m != "matframework.documents.data"]

    def test_stage_labels_are_the_models(self) -> None:
        """The plain printer's stage headings are :class:`Stage`'s labels, in its order."""
        assert [(stage.value, stage.label) for stage in Stage] == list(STAGE_LABELS.items())

    def test_plain_and_model_print_the_same(self) -> None:
        """For the outline, every element and every criterion, the quick path prints what the model path does."""
        fw = assurance_framework()
        for id_ in [None, *(e.code for e in fw.elements), *(c.id for c in fw.criteria)]:
            quick, checked = io.StringIO(), io.StringIO()
            assert show_plain(bundled_plain(), id_, quick)
            show(fw, id_, checked)
            assert quick.getvalue() == checked.getvalue(), id_

    def test_trust_file_is_never_shown_with_bundled_titles(self, tmp_path: Path) -> None:
        """With ``--file``, every id prints from the trust's framework, not the bundled mirror."""
        fw = assurance_framework()
        element = attrs.evolve(fw.headings[2].elements[1], title="Our own leadership of teaching")
        heading = attrs.evolve(fw.headings[2], elements=(fw.headings[2].elements[0], element))
        own = attrs.evolve(fw, headings=(*fw.headings[:2], heading, *fw.headings[3:]))
        path = tmp_path / "ours.yaml"
        dump(own, path)
        for id_ in ("3B", "3B.iv"):
            status, out, _ = run("--file", str(path), "show", id_)
            assert (0, "3B. Our own leadership of teaching\n") == (status, out.splitlines(keepends=True)[0])
        assert "Our own leadership of teaching" in run("--file", str(path), "show")[1]

    @pytest.mark.parametrize(
        ("argv", "kept_out"),
        [
            (("schema",), ("matframework.analysis", "matframework.views", "matframework.exchange")),
            (
                ("validate", "examples/oak-valley-trust-2026-autumn.yaml"),
                ("matframework.views", "matframework.analysis", "openpyxl", "hashlib", "secrets"),
            ),
            (("summary", "--example"), ("matframework.views", "openpyxl", "matplotlib")),
        ],
    )
    def test_commands_keep_out_what_they_do_not_use(
        self, argv: tuple[str, ...], kept_out: tuple[str, ...]
    ) -> None:
        """Reading and checking documents never loads the report pages, the workbook or OpenSSL."""
        found = self.imported(*argv)
        assert not [m for m in found if m.startswith(kept_out)]
