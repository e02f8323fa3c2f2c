"""Tests of the notebook display (_repr_html_) and the HTML report, including in a real browser."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from PIL import Image

from matframework import (
    Assessment,
    Subject,
    SubjectKind,
    aggregate,
    assurance_framework,
    benchmark,
    compare,
    effect_size,
    examples,
    improvement_framework,
    load,
    moderate,
    profile,
    report,
)
from matframework.model.impact import Scores

FW = assurance_framework()
LATEST = examples.trust_assessments()[-1]
HOSTILE = Subject(name='<script>alert("x")</script> & Co', kind=SubjectKind.SCHOOL)


def displays() -> list[object]:
    a = load("examples/oak-valley-trust-2026-autumn.yaml", Assessment)
    return [
        FW,
        FW.element("3B"),
        a,
        profile(a, framework=FW),
        compare(examples.trust_assessments()[0], LATEST),
        aggregate(examples.school_assessments()),
        benchmark(LATEST, examples.school_assessments()),
        moderate(examples.rater_assessments()),
        effect_size(Scores(n=40, start_mean=1.0, start_sd=1.0, end_mean=1.5, end_sd=1.0)),
        improvement_framework(),
    ]


class TestNotebookHtml:
    @pytest.mark.parametrize("obj", displays(), ids=lambda o: type(o).__name__)
    def test_every_display_is_escaped_html_with_text_fallback(self, obj: object) -> None:
        """Each object renders as an HTML fragment with no script and its text form inside."""
        fragment = obj._repr_html_()  # type: ignore[attr-defined]
        assert fragment.startswith('<div class="mf">')
        assert "<script" not in fragment
        assert "<pre>" in fragment

    def test_values_escaped(self) -> None:
        """Text from a document cannot inject markup."""
        a = Assessment.blank(FW, subject=HOSTILE).with_rating("1A", None, evidence="<b>bold</b>")
        fragment = a._repr_html_()
        assert "<script>" not in fragment
        assert "&lt;script&gt;" in fragment
        assert "&lt;b&gt;bold&lt;/b&gt;" in fragment

    def test_text_labels_not_only_colour(self) -> None:
        """Ratings show their labels as text next to the colour."""
        fragment = LATEST._repr_html_()
        assert ">AG</span>Amber Green" in fragment


class TestReport:
    def test_sections(self) -> None:
        """The report has the summary, strengths and priorities, every element, movement and the group."""
        page = report(LATEST, previous=examples.trust_assessments()[-2], group=examples.school_assessments())
        for needle in (
            "<h2>Summary</h2>",
            "<h3>Strengths</h3>",
            "<h3>Priorities</h3>",
            "Movement since 2025/26 autumn",
            "Against the group (11 counted)",
            "21 earlier rounds set aside",
        ):
            assert needle in page
        for element in FW.elements:
            assert f"<td>{element.code}</td><td>{element.title.replace('&', '&amp;')}</td>" in page
        assert "@media print" in page
        assert '<th scope="col">' in page

    def test_self_contained(self) -> None:
        """No scripts, no external links or images."""
        page = report(LATEST)
        assert "<script" not in page
        assert "http://" not in page
        assert "https://" not in page
        assert "<img" not in page
        assert "<link" not in page

    def test_escaped(self) -> None:
        """Names and evidence are escaped in the report."""
        a = Assessment.blank(FW, subject=HOSTILE).with_rating("1A", None, evidence="</td><script>")
        page = report(a)
        assert "<script>" not in page
        assert "&lt;/td&gt;&lt;script&gt;" in page

    def test_written_atomically(self, tmp_path: Path) -> None:
        """With a path, the same page is written to it."""
        path = tmp_path / "report.html"
        assert report(LATEST, path=path) == path.read_text(encoding="utf-8")


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


BROWSER_REQUIRED = os.environ.get("MATFRAMEWORK_REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium driven by Playwright (skipped where neither is installed, unless required)."""
    executable = chromium()
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415 - optional test tool
    except ImportError:
        executable = None
    if executable is None:
        if BROWSER_REQUIRED:
            pytest.fail("Chromium and Playwright are required here (MATFRAMEWORK_REQUIRE_BROWSER=1)")
        pytest.skip("Chromium or Playwright is not installed")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield instance
        instance.close()


def open_in_browser(browser: Any, path: Path) -> tuple[list[str], list[str], np.ndarray]:
    page = browser.new_page()
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    shot = np.asarray(Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("L"), dtype=float)
    page.close()
    return requests, problems, shot


class TestInBrowser:
    def test_report(self, browser: Any, tmp_path: Path) -> None:
        """The report opens with no console errors, asks for nothing but itself, and is not blank."""
        path = tmp_path / "report.html"
        report(
            LATEST, previous=examples.trust_assessments()[-2], group=examples.school_assessments(), path=path
        )
        requests, problems, shot = open_in_browser(browser, path)
        assert [path.as_uri()] == requests
        assert [] == problems
        assert shot.std() > 20  # text and colour, not a blank page
        assert shot.shape[0] > 1500  # the whole report, several screens long

    def test_notebook_fragments(self, browser: Any, tmp_path: Path) -> None:
        """The notebook HTML of every object renders cleanly in a page."""
        body = "".join(obj._repr_html_() for obj in displays())  # type: ignore[attr-defined]
        path = tmp_path / "notebook.html"
        path.write_text(
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>{body}</body></html>',
            "utf-8",
        )
        requests, problems, shot = open_in_browser(browser, path)
        assert [path.as_uri()] == requests
        assert [] == problems
        assert shot.std() > 20


class TestCycleViews:
    def test_perspectives_history_and_organisation_display(self) -> None:
        """Perspectives, a history and an organisation display as tables with their findings in words."""
        from matframework import history, perspectives  # noqa: PLC0415

        views = perspectives(examples.perspective_assessments(), framework=FW)
        shown = views._repr_html_()
        assert views.gaps[0].sentence in shown
        assert "trustees (median, counted)" in shown
        h = history(examples.school_assessments(), subject="999103")
        assert "4B has been Red for three rounds" in h._repr_html_()
        org = examples.organisation()._repr_html_()
        assert "Hazel Primary (fictional)" in org
        assert "intensive" in org

    def test_report_section(self) -> None:
        """The report shows the groups' views of the same round, and refuses those of another."""
        from matframework import IncomparableError, perspectives  # noqa: PLC0415

        views = perspectives(examples.perspective_assessments(), framework=FW)
        page = report(LATEST, views=views)
        assert "<h2>How the groups rated it</h2>" in page
        assert "executive leaders (3), headteachers (4), trustees (3)" in page
        with pytest.raises(IncomparableError, match="pass the groups' views of the same round"):
            report(examples.trust_assessments()[-2], views=views)


class TestEvidenceAndPlanViews:
    def test_notebook_and_report_sections(self) -> None:
        """Evidence coverage, a plan and its review display and report with their findings in words."""
        import datetime as dt  # noqa: PLC0415

        from matframework import IncomparableError, evidence_coverage, review_plan  # noqa: PLC0415

        a = examples.evidenced_assessment()
        cover = evidence_coverage(a, evidence=examples.evidence_file(), as_of=dt.date(2026, 11, 2))
        plan = examples.improvement_plan()
        review = review_plan(plan, as_of=dt.date(2027, 2, 1), assessment=a)
        assert "No evidence: 1A, 6A." in cover._repr_html_()
        assert (
            "A2 Designate two lead practitioners for maths (CEO; due 2027-01-15; planned)"
            in plan._repr_html_()
        )
        assert "1 priority with no action: P3" in review._repr_html_()
        page = report(a, coverage=cover, plan=plan, plan_review=review)
        assert all(
            part in page
            for part in (
                "<h2>Evidence behind the ratings</h2>",
                "<h2>Trust improvement plan 2026/27</h2>",
                "Review on 2027-02-01",
            )
        )
        from matframework import plan_outcomes  # noqa: PLC0415

        before, after = examples.trust_assessments()[-2:]
        moved = report(after, plan=plan, outcomes=plan_outcomes(plan, before, after))
        assert "<h2>Did the priorities move?</h2>" in moved
        assert (
            "<td>P1</td><td>Build the trust&#x27;s own capacity to improve schools</td><td>2A improved (+1)</td><td>no</td>"
            in moved
        )
        other = attrs.evolve(plan, owner="Elm Trust")
        with pytest.raises(IncomparableError, match="pass that subject's plan"):
            report(a, plan=other)


def public_classes() -> list[type]:
    """Every public class of matframework a user might display (errors aside)."""
    import inspect  # noqa: PLC0415

    import matframework  # noqa: PLC0415

    found = []
    for name in matframework.__all__:
        obj = getattr(matframework, name)
        shown = inspect.isclass(obj) and (attrs.has(obj) or name == "Rating")
        if shown and name not in ("Problem", "Location"):
            found.append(obj)
    return found


def more_displays() -> list[object]:
    """Examples of the objects that had no display of their own, or only a placeholder."""
    from matframework import Rating  # noqa: PLC0415

    plan = examples.improvement_plan()
    signed = examples.signed_assessment()
    return [
        FW.headings[2],
        FW.criterion("3B.iv"),
        Rating.AMBER_RED,
        signed.entries["2A"],
        examples.evidence_file(),
        examples.evidence_file().records[0],
        plan.priorities[0],
        plan.actions[0],
        signed.approvals[0],
        signed.changes[0],
        examples.organisation().schools[0],
    ]


class TestEveryObjectDisplays:
    @pytest.mark.parametrize("cls", public_classes(), ids=lambda c: c.__name__)
    def test_every_public_class_has_the_hook(self, cls: type) -> None:
        assert callable(getattr(cls, "_repr_html_", None)), cls

    @pytest.mark.parametrize("obj", displays()[5:] + more_displays(), ids=lambda o: type(o).__name__)
    def test_a_real_view_not_a_placeholder(self, obj: object) -> None:
        """A table or a chip, not only the text form; the text form is still there as a fallback."""
        fragment = obj._repr_html_()  # type: ignore[attr-defined]
        assert fragment.startswith('<div class="mf">')
        assert "<table>" in fragment or 'class="chip"' in fragment
        assert "<pre>" in fragment
        assert "<script" not in fragment

    def test_benchmark_explains_its_columns(self) -> None:
        fragment = benchmark(LATEST, examples.school_assessments())._repr_html_()
        assert "the share of the group's own ratings of the same element" in fragment

    def test_moderation_shows_each_rater(self) -> None:
        m = moderate(examples.rater_assessments())
        fragment = m._repr_html_()
        assert all(rater in fragment for rater in m.raters)
        assert "Krippendorff's alpha (ordinal): 0.56" in fragment

    def test_records_are_escaped(self) -> None:
        record = attrs.evolve(examples.evidence_file().records[0], title='<img src=x onerror="alert(1)">')
        fragment = record._repr_html_()  # type: ignore[attr-defined]
        assert "<img" not in fragment
        assert "&lt;img src=x" in fragment

    def test_red_chip_text_is_white(self) -> None:
        """White on the Red fill is 5.4:1; black was 3.86:1 (WCAG AA asks for 4.5:1)."""
        from matframework import Rating  # noqa: PLC0415
        from matframework.views.notebook import chip  # noqa: PLC0415

        assert "color:#FFFFFF" in chip(Rating.RED)
        assert "color:#000000" in chip(Rating.AMBER_GREEN)
