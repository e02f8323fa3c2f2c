"""The board pack: one A4 page of the heat map and the headlines, checked in words and in a real browser."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import attrs
import pytest

from matframework import (
    IncomparableError,
    Status,
    Subject,
    SubjectKind,
    assurance_framework,
    evidence_coverage,
    examples,
    perspectives,
    report,
    review_plan,
)
from matframework.cli import main
from tests.test_html import browser, open_in_browser  # noqa: F401 - the browser fixture

FW = assurance_framework()
SIGNED = examples.signed_assessment()


def full_pack(**changes: Any) -> str:
    """The board pack of the example trust with every part the pack can show."""
    arguments: dict[str, Any] = {
        "kind": "board",
        "previous": examples.trust_assessments()[-2],
        "group": list(examples.school_assessments()),
        "views": perspectives(examples.perspective_assessments()),
        "coverage": evidence_coverage(
            examples.evidenced_assessment(), evidence=examples.evidence_file(), as_of=dt.date(2026, 11, 2)
        ),
        "plan": examples.improvement_plan(),
        "plan_review": review_plan(examples.improvement_plan(), as_of=dt.date(2027, 2, 1)),
    }
    arguments.update(changes)
    assessment = arguments.pop("assessment", SIGNED)
    return report(assessment, **arguments)


class TestInWords:
    def test_every_code_with_its_title(self) -> None:
        page = full_pack()
        for element in FW.elements:
            assert html.escape(f"{element.code} {element.title}") in page
        assert "Since 2025/26 autumn, 3 elements improved (1C Leading a culture of improvement" in page
        assert "lower than most of them on 1C Leading a culture of improvement" in page
        assert "trustees rate 2A (Building capacity for improvement) two steps above headteachers" in page

    def test_the_full_report_names_codes_with_titles_too(self) -> None:
        page = full_pack(kind="full")
        assert "trustees rate 2A (Building capacity for improvement) two steps above headteachers" in page
        assert "<td>3B</td><td>Leadership of teaching</td>" in page  # the movement and group tables
        assert "are the shares of the group's own ratings of the same element" in page

    def test_a_sentence_for_each_part(self) -> None:
        page = full_pack()
        assert "13 of 14 elements rated; the middle rating (median) is Amber Green" in page
        assert "Compared with the group&#x27;s own ratings of the same elements (11 assessments" in page
        assert "85% of 13 rated elements evidenced" in page
        assert "1 action overdue: A2" in page
        assert "3 priorities and 6 actions (2 in progress, 3 planned, 1 done)" in page

    def test_draft_banner_only_on_a_draft(self) -> None:
        assert "DRAFT" not in full_pack()
        draft = attrs.evolve(SIGNED, status=Status.DRAFT, approvals=())
        assert "DRAFT: these ratings are not yet agreed" in report(draft, kind="board")
        assert "DRAFT: these ratings are not yet agreed" in report(draft)

    def test_no_script_and_escaped(self) -> None:
        hostile = attrs.evolve(SIGNED, subject=Subject(name="<script>x</script>", kind=SubjectKind.TRUST))
        page = report(hostile, kind="board")
        assert "<script" not in page
        assert "&lt;script&gt;" in page

    def test_the_parts_must_be_of_the_same_subject(self) -> None:
        other = attrs.evolve(
            examples.trust_assessments()[-2], subject=Subject(name="Elm", kind=SubjectKind.TRUST)
        )
        with pytest.raises(IncomparableError):
            full_pack(previous=other)
        with pytest.raises(IncomparableError):
            full_pack(plan=attrs.evolve(examples.improvement_plan(), owner="Elm"))
        with pytest.raises(ValueError, match="'full' or 'board'"):
            report(SIGNED, kind="poster")  # type: ignore[arg-type]

    def test_from_the_command_line(self, tmp_path: Path) -> None:
        path = tmp_path / "board.html"
        assert 0 == main(["report", "--example", "--board", "-o", str(path)])
        page = path.read_text("utf-8")
        assert "Strengths to build on" in page
        assert "How the groups rated it" in page


def pdf_pages(pdf: bytes, tmp_path: Path) -> int:
    info = shutil.which("pdfinfo")
    if info is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([info, str(path)], capture_output=True, text=True, check=True).stdout
    found = re.search(r"Pages:\s+(\d+)", out)
    assert found is not None
    return int(found.group(1))


class TestInBrowser:
    def test_one_a4_page_nothing_fetched_no_errors(self, browser: Any, tmp_path: Path) -> None:  # noqa: F811
        path = tmp_path / "board.html"
        path.write_text(full_pack(), "utf-8")
        requests, problems, shot = open_in_browser(browser, path)
        assert [path.as_uri()] == requests
        assert [] == problems
        assert shot.std() > 20
        page = browser.new_page()
        page.goto(path.as_uri())
        pdf = page.pdf(format="A4", print_background=True)
        page.close()
        assert 1 == pdf_pages(pdf, tmp_path)

    def test_readable_on_a_phone(self, browser: Any, tmp_path: Path) -> None:  # noqa: F811
        """At 375 px wide nothing is wider than the screen; the heat map's text stays at least 9 px."""
        path = tmp_path / "board.html"
        path.write_text(full_pack(), "utf-8")
        page = browser.new_page(viewport={"width": 375, "height": 800})
        page.goto(path.as_uri())
        width = page.evaluate("document.documentElement.scrollWidth")
        scale = page.evaluate(
            "(() => { const s = document.querySelector('svg'); return s.getBoundingClientRect().width / s.viewBox.baseVal.width; })()"
        )
        page.close()
        assert width <= 375
        assert 11 * scale >= 9, scale

    def test_the_full_report_fits_a_phone_too(self, browser: Any, tmp_path: Path) -> None:  # noqa: F811
        path = tmp_path / "report.html"
        report(
            SIGNED, previous=examples.trust_assessments()[-2], group=examples.school_assessments(), path=path
        )
        page = browser.new_page(viewport={"width": 375, "height": 800})
        page.goto(path.as_uri())
        width = page.evaluate("document.documentElement.scrollWidth")
        page.close()
        assert width <= 375


AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(chromium: Any, path: Path) -> list[tuple[str, str, int]]:
    """axe-core's WCAG 2.2 A and AA violations on the page: rule, impact, how many elements."""
    if not AXE.is_file():
        if os.environ.get("MATFRAMEWORK_REQUIRE_AXE") == "1":
            pytest.fail("axe-core is required here (npm ci --prefix tests/axe; MATFRAMEWORK_REQUIRE_AXE=1)")
        pytest.skip("axe-core is not installed (npm ci --prefix tests/axe)")
    page = chromium.new_page()
    page.goto(path.as_uri())
    page.add_script_tag(path=str(AXE))  # the script's text, put in the page: nothing is fetched
    found = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', "
        "'wcag22aa']})).violations.map(v => [v.id, v.impact, v.nodes.length])"
    )
    page.close()
    return [tuple(v) for v in found]


@pytest.mark.parametrize("kind", ["board", "full"])
def test_no_serious_accessibility_violation(kind: str, browser: Any, tmp_path: Path) -> None:  # noqa: F811
    """axe-core (offline) finds no serious or critical WCAG 2.2 AA violation in either page."""
    path = tmp_path / f"{kind}.html"
    path.write_text(full_pack(kind=kind), "utf-8")
    violations = axe_violations(browser, path)
    assert [] == [v for v in violations if v[1] in ("serious", "critical")], violations
    print(f"\naxe-core on the {kind} page: {violations or 'no violations'}")  # noqa: T201 - for the closing note


def test_the_accessibility_check_can_fail(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    """The same check finds a low-contrast, unlabelled page (so an empty list above means something)."""
    path = tmp_path / "bad.html"
    path.write_text(
        '<!DOCTYPE html><html><head><title>x</title></head><body><p style="color:#c0c0c0;background:#fff">'
        'faint</p><input type="text"></body></html>',
        "utf-8",
    )
    rules = {rule for rule, _, _ in axe_violations(browser, path)}
    assert {"color-contrast", "label", "html-has-lang"} <= rules


class TestPdf:
    def test_printed_by_the_browser_on_one_page(self, tmp_path: Path) -> None:
        from matframework.views.pdf import BROWSERS, print_to_pdf  # noqa: PLC0415

        if not any(shutil.which(name) for name in BROWSERS):
            if os.environ.get("MATFRAMEWORK_REQUIRE_BROWSER") == "1":
                pytest.fail("Chromium is required here (MATFRAMEWORK_REQUIRE_BROWSER=1)")
            pytest.skip("Chromium is not installed")
        written = print_to_pdf(full_pack(), tmp_path / "board.pdf")
        pdf = written.read_bytes()
        assert pdf.startswith(b"%PDF")
        assert 1 == pdf_pages(pdf, tmp_path)
        assert 0 == main(["report", "--example", "--board", "--pdf", str(tmp_path / "cli.pdf")])
        assert 1 == pdf_pages((tmp_path / "cli.pdf").read_bytes(), tmp_path)

    def test_no_browser_says_how_to_print_by_hand(self, tmp_path: Path) -> None:
        from matframework import MissingDependencyError  # noqa: PLC0415
        from matframework.views.pdf import print_to_pdf  # noqa: PLC0415

        with pytest.raises(
            MissingDependencyError, match="open the HTML page in a browser and print it to PDF on A4"
        ):
            print_to_pdf("<p>x</p>", tmp_path / "x.pdf", browser="no-such-browser")
        assert not (tmp_path / "x.pdf").exists()
