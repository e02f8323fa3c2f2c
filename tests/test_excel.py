"""Tests for matframework.exchange.excel: workbooks to fill in, read back, and opened by LibreOffice."""

from __future__ import annotations

import gc
import io
import os
import shutil
import subprocess
import warnings
import zipfile
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matframework import (
    Assessment,
    CriterionNote,
    Rating,
    Status,
    ValidationError,
    assurance_framework,
    examples,
    read_csv,
    to_csv,
)
from matframework.errors import Location
from matframework.exchange.excel import read_workbook, to_workbook
from tests.strategies import assessments
from tests.test_csv import injected

FW = assurance_framework()


def sheet_path(tmp_path: Path, group: list[Assessment] | None = None) -> Path:
    path = tmp_path / "book.xlsx"
    to_workbook(FW, group or [], path)
    return path


class TestRoundTrip:
    def test_examples(self, tmp_path: Path) -> None:
        """The example trust's three rounds survive a workbook."""
        group = list(examples.trust_assessments())
        assert group == read_workbook(sheet_path(tmp_path, group))

    @settings(
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], max_examples=25
    )
    @given(st.lists(assessments(), min_size=1, max_size=2))
    def test_property(self, tmp_path: Path, group: list[Assessment]) -> None:
        """Assessments → workbook → assessments is the identity."""
        assert group == read_workbook(sheet_path(tmp_path, group))

    def test_noncharacters_are_refused_by_field(self, tmp_path: Path) -> None:
        """U+FFFE and U+FFFF, which XML forbids, are refused naming the field, never written or dropped."""
        for char in ("\ufffe", "\uffff"):
            a = examples.trust_assessments()[0].with_rating("1A", Rating.GREEN, next_steps=(f"a{char}b",))
            with pytest.raises(ValidationError, match="which a worksheet cannot hold") as info:
                to_workbook(FW, [a], tmp_path / "x.xlsx")
            assert ("ratings", "1A", "next_steps", 0) == info.value.problems[0].path[-4:]
            assert not (tmp_path / "x.xlsx").exists()

    def test_evidence_and_sign_off_survive(self, tmp_path: Path) -> None:
        """Evidence ids, confidence, leans, evidence records, a change log and approvals all come back."""
        a = examples.signed_assessment()
        assert a.evidence
        assert a.changes
        assert a.approvals
        path = sheet_path(tmp_path, [a])
        assert [a] == read_workbook(path)
        book = openpyxl.load_workbook(path)
        assert book.sheetnames[1:] == [
            f"Assessment 1{part}" for part in ("", " evidence", " changes", " approvals")
        ]
        assert book["Assessment 1 approvals"].protection.sheet  # written by the library, not typed
        assert not book["Assessment 1 evidence"].protection.sheet

    def test_blank_is_a_draft(self, tmp_path: Path) -> None:
        """The blank workbook reads as a draft with every element unrated."""
        [blank] = read_workbook(sheet_path(tmp_path))
        assert (Status.DRAFT, FW.element_codes) == (blank.status, blank.unrated())

    def test_formula_like_text_stays_text(self, tmp_path: Path) -> None:
        """Evidence that starts with '=' is kept as text, never turned into a formula."""
        a = examples.trust_assessments()[-1].with_rating("1A", Rating.GREEN, evidence="=SUM(A1:A9)")
        assert [a] == read_workbook(sheet_path(tmp_path, [a]))


class TestWorkbook:
    def test_features(self, tmp_path: Path) -> None:
        """Drop-downs of the four ratings, RAG colours, frozen headers, protected framework text."""
        book = openpyxl.load_workbook(sheet_path(tmp_path))
        assert ["Framework", "Assessment", "Assessment evidence"] == book.sheetnames
        framework, sheet = book["Framework"], book["Assessment"]
        assert framework.protection.sheet
        assert 77 == framework.max_row
        assert any(row[1].value == "Leadership of teaching" for row in framework.iter_rows(min_row=2))
        validations = {v.formula1: v for v in sheet.data_validations.dataValidation}
        validation = validations['"Red,Amber Red,Amber Green,Green"']
        assert "'Assessment evidence'!$A$5:$A$504" in validations  # evidence ids offered from its sheet
        assert '"low,medium,high"' in validations
        assert "D17:D30" in str(validation.sqref)
        assert 8 == sum(len(rule.rules) for rule in sheet.conditional_formatting)
        assert "D17" == sheet.freeze_panes
        assert sheet.protection.sheet
        assert sheet["B16"].protection.locked  # the element code cannot be edited
        assert not sheet["D17"].protection.locked  # the rating can

    def test_rating_typed_by_hand(self, tmp_path: Path) -> None:
        """Forgiving spellings are read; other text names the sheet, cell and field."""
        path = sheet_path(tmp_path)
        book = openpyxl.load_workbook(path)
        sheet = book["Assessment"]
        sheet["D17"] = "amber-red"
        sheet["D19"] = "Amber"
        sheet["E20"] = "Greem"
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert [
            (("ratings", "1C", "rating"), Location(sheet="Assessment", cell="D19")),
            (("ratings", "2A", "target"), Location(sheet="Assessment", cell="E20")),
        ] == [(p.path, p.location) for p in info.value.problems]
        assert str(path) == info.value.file
        assert "'Amber' is not a rating" in str(info.value)

    def test_deleted_detail_row(self, tmp_path: Path) -> None:
        """A deleted row in the details at the top is reported, not misread."""
        path = sheet_path(tmp_path)
        book = openpyxl.load_workbook(path)
        book["Assessment"].delete_rows(3)
        book.save(path)
        with pytest.raises(ValidationError, match="moved or deleted") as info:
            read_workbook(path)
        assert ("subject", "kind") == info.value.path
        assert Location(sheet="Assessment", cell="A3") == info.value.problems[0].location

    def test_extra_sheet_ignored_and_rules_checked(self, tmp_path: Path) -> None:
        """Other sheets are ignored; an assessment's own rules are reported at its cells."""
        path = sheet_path(tmp_path)
        book = openpyxl.load_workbook(path)
        book.create_sheet("Our notes")["A1"] = "anything"
        sheet = book["Assessment"]
        sheet["D13"] = "final"
        sheet["D2"] = "Oak"
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        found = [(p.path, p.location) for p in info.value.problems]
        assert (("ratings", "1A", "rating"), Location(sheet="Assessment", cell="D17")) in found
        assert (("assessed_on",), Location(sheet="Assessment", cell="D9")) in found
        assert all(p.location is not None and p.location.sheet == "Assessment" for p in info.value.problems)

    def test_not_a_workbook(self, tmp_path: Path) -> None:
        """A file that is not a workbook, or has no assessment sheet, is a clear error."""
        junk = tmp_path / "junk.xlsx"
        junk.write_bytes(b"not a zip")
        with pytest.raises(ValidationError, match="not an Excel workbook"):
            read_workbook(junk)
        empty = tmp_path / "empty.xlsx"
        openpyxl.Workbook().save(empty)
        with pytest.raises(ValidationError, match="no assessment sheet"):
            read_workbook(empty)


OFFICE_REQUIRED = os.environ.get("MATFRAMEWORK_REQUIRE_OFFICE") == "1"


def office_tools() -> tuple[str, str]:
    office, pdftotext = shutil.which("soffice") or shutil.which("libreoffice"), shutil.which("pdftotext")
    if office is None or pdftotext is None:
        if OFFICE_REQUIRED:
            pytest.fail("LibreOffice and pdftotext are required here (MATFRAMEWORK_REQUIRE_OFFICE=1)")
        pytest.skip("LibreOffice or pdftotext is not installed")
    return office, pdftotext


def printed(path: Path, tmp_path: Path) -> str:
    """What LibreOffice (headless) prints of ``path``: its text, via PDF."""
    office, pdftotext = office_tools()
    profile = tmp_path / "profile"
    done = subprocess.run(
        [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert 0 == done.returncode, done.stderr
    pdf = tmp_path / f"{path.stem}.pdf"
    return subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_opens_in_libreoffice(tmp_path: Path) -> None:
    """LibreOffice opens the workbook headless and prints it to PDF with the framework's text."""
    text = printed(sheet_path(tmp_path, [examples.trust_assessments()[-1]]), tmp_path)
    assert "Leadership of teaching" in text
    assert "Amber Green" in text


def test_formulas_stay_text_in_libreoffice(tmp_path: Path) -> None:
    """A CSV and a workbook whose every text cell starts like a formula: LibreOffice evaluates none of them."""
    assessment = injected()
    csv_path = tmp_path / "hostile.csv"
    to_csv(assessment, csv_path)
    book_path = tmp_path / "book.xlsx"
    to_workbook(assurance_framework(), [assessment], book_path)
    for path in (csv_path, book_path):
        text = printed(path, tmp_path)
        assert "CONCATENATE" in text  # the formula is shown as the text it is
        assert "injected" not in text.replace('"in","jected"', "")  # and never worked out
        assert "#NAME?" not in text
        assert "Err:" not in text
    assert [assessment] == read_csv(csv_path)
    assert [assessment] == read_workbook(book_path)


# Text a worksheet can hold, line breaks of every kind included.
MULTILINE = (
    st.lists(
        st.sampled_from(["a", "b", " ", "\n", "\r", "\u2028", "\x85", "\t", "=", "_x000D_", "é"]),
        min_size=1,
        max_size=8,
    )
    .map("".join)
    .filter(lambda s: s.strip() != "")
)


class TestLossless:
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
    @given(st.lists(MULTILINE, min_size=1, max_size=3), MULTILINE, MULTILINE)
    def test_line_breaks_inside_items_survive(
        self, tmp_path: Path, steps: list[str], note: str, rater: str
    ) -> None:
        """A next step, note or rater with line breaks in it comes back whole: one cell per item."""
        a = examples.trust_assessments()[-1]
        a = attrs.evolve(a, raters=(rater, "B. Example"))
        a = a.with_rating(
            "3B",
            Rating.GREEN,
            next_steps=tuple(steps),
            notes=(CriterionNote(numeral="ii", text=note),),
            evidence=note,
        )
        assert [a] == read_workbook(sheet_path(tmp_path, [a]))

    def test_text_too_long_for_a_cell_is_refused(self, tmp_path: Path) -> None:
        """Evidence longer than a cell holds is refused, naming the field, never cut short."""
        a = examples.trust_assessments()[-1].with_rating("3B", Rating.GREEN, evidence="x" * 40_000)
        with pytest.raises(ValidationError, match="40,000 characters") as info:
            to_workbook(FW, [a], tmp_path / "a.xlsx")
        assert ("ratings", "3B", "evidence") == info.value.path
        assert not (tmp_path / "a.xlsx").exists()

    @pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x1f"])
    def test_control_characters_are_refused(self, char: str) -> None:
        """Characters a worksheet cannot hold are refused with the field named, not an openpyxl error."""
        a = examples.trust_assessments()[-1].with_rating("2A", Rating.RED, next_steps=("ok", f"bad{char}"))
        with pytest.raises(ValidationError, match="a worksheet cannot hold") as info:
            to_workbook(FW, [a])
        assert ("ratings", "2A", "next_steps", 1) == info.value.path

    def test_a_far_away_cell_is_refused_quickly(self, tmp_path: Path) -> None:
        """A sheet with a cell at row 1,048,576 is refused by its size, not read row by row."""
        path = sheet_path(tmp_path)
        book = openpyxl.load_workbook(path)
        book["Assessment"]["A1048576"] = "x"
        book.save(path)
        with pytest.raises(ValidationError, match="1,048,576 rows"):
            read_workbook(path)

    def test_the_layout_before_perspectives_is_named(self, tmp_path: Path) -> None:
        """A sheet of layout 2 (tag in C1, no perspective row) is refused at C1, not misread."""
        book = openpyxl.Workbook()
        book.active["A1"], book.active["C1"] = "schema", "matframework/assessment-workbook@2"
        book.save(tmp_path / "old.xlsx")
        with pytest.raises(
            ValidationError, match=r"older layout \(matframework/assessment-workbook@2\)"
        ) as info:
            read_workbook(tmp_path / "old.xlsx")
        assert "C1" == info.value.problems[0].location.cell  # type: ignore[union-attr]

    def test_perspective_is_kept(self, tmp_path: Path) -> None:
        """A group's perspective survives the workbook, on its own detail row."""
        a = attrs.evolve(examples.trust_assessments()[-1], perspective="middle leaders")
        assert [a] == read_workbook(sheet_path(tmp_path, [a]))

    def test_an_older_layout_is_named(self, tmp_path: Path) -> None:
        """A sheet of the earlier layout is refused with a message saying so."""
        book = openpyxl.Workbook()
        book.active["A1"], book.active["B1"] = "schema", "matframework/assessment-workbook@1"
        book.save(tmp_path / "old.xlsx")
        with pytest.raises(ValidationError, match="older layout"):
            read_workbook(tmp_path / "old.xlsx")

    def test_a_zip_that_unpacks_too_large_is_refused(self, tmp_path: Path) -> None:
        """A workbook whose parts would unpack past the limit is refused before openpyxl opens it."""
        path = tmp_path / "bomb.xlsx"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 120_000_000)
        with pytest.raises(ValidationError, match="would unpack to"):
            read_workbook(path)

    def test_xml_is_parsed_safely(self) -> None:
        """Openpyxl parses the workbook's XML through defusedxml (the excel extra installs it)."""
        from openpyxl import xml  # noqa: PLC0415 - the flag openpyxl sets on import

        assert xml.DEFUSEDXML


def test_openpyxl_never_holds_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Openpyxl gets the workbook's bytes, not its path, so a file it fails on is never left open."""
    given: list[object] = []
    real = openpyxl.load_workbook

    def spy(source: object, *args: object, **kwargs: object) -> object:
        given.append(source)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", spy)
    path = sheet_path(tmp_path)
    read_workbook(path)
    assert [io.BytesIO] == [type(source) for source in given]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for cut in (3000, 6000, 9000):
            path.write_bytes(sheet_path(tmp_path).read_bytes()[:cut])
            with pytest.raises(ValidationError):
                read_workbook(path)
        gc.collect()
    assert [] == [w for w in caught if issubclass(w.category, ResourceWarning)]


class TestPrintable:
    def test_print_set_up(self, tmp_path: Path) -> None:
        """Every sheet prints landscape A4, fitted to the width, its header row repeated; tables are named."""
        book = openpyxl.load_workbook(sheet_path(tmp_path, [examples.signed_assessment()]))
        for sheet in book.worksheets:
            assert ("landscape", "9", 1, 0) == (
                sheet.page_setup.orientation,
                str(sheet.page_setup.paperSize),
                sheet.page_setup.fitToWidth,
                sheet.page_setup.fitToHeight,
            ), sheet.title
            assert sheet.sheet_properties.pageSetUpPr.fitToPage
            assert sheet.print_title_rows
        ratings = book["Assessment 1"]
        assert "A1:H30" == ratings.print_area.replace("$", "").split("!")[-1]  # the columns a board reads
        assert {"Framework", "Assessment_1", "Assessment_1_evidence"} <= {
            name for sheet in book.worksheets for name in sheet.tables
        }

    def test_rows_fit_their_text_and_notes_carry_the_questions(self, tmp_path: Path) -> None:
        book = openpyxl.load_workbook(sheet_path(tmp_path, [examples.signed_assessment()]))
        framework = book["Framework"]
        assert all((framework.row_dimensions[r].height or 0) > 15 for r in range(2, framework.max_row + 1))
        ratings = book["Assessment 1"]
        note = ratings["C17"].comment
        assert note is not None
        assert note.text.startswith("i. " + FW.element("1A").criteria[0].question)
        assert "the Framework sheet, rows 2 to 7" in note.text

    def test_red_text_meets_contrast(self, tmp_path: Path) -> None:
        """The Red fill's text is white (5.4:1); the lighter fills keep black text."""
        book = openpyxl.load_workbook(sheet_path(tmp_path))
        rules = [rule for block in book["Assessment"].conditional_formatting for rule in block.rules]
        colours = {rule.formula[0]: rule.dxf.font.color.rgb for rule in rules}
        assert colours['"Red"'].endswith("FFFFFF")
        assert colours['"Amber Green"'].endswith("000000")


def test_prints_in_libreoffice_without_hashes(tmp_path: Path) -> None:
    """Printed by LibreOffice: the blank workbook fits 9 landscape pages (6 of them the framework), no cell shows ###."""
    blank = printed(sheet_path(tmp_path), tmp_path)
    pages = blank.count("\f")
    assert pages <= 9, pages
    path = tmp_path / "filled.xlsx"
    to_workbook(
        FW, [examples.signed_assessment(), examples.improvement_plan(), examples.evidence_file()], path
    )
    text = printed(path, tmp_path)
    assert "###" not in text
    assert "2026-10-14" in text  # the date, whole
    assert "Map subject and phase expertise across the trust" in " ".join(text.split())
