"""What the trials showed, as HTML: the evaluation and pooled sections, the forest SVG, the page in a browser."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matframework import (
    Allocation,
    EvaluationPlan,
    Intervention,
    Scores,
    ValidationError,
    evaluate,
    examples,
    pool,
)
from matframework.views.impact import evaluation_section, forest_svg, impact_report, pooled_section
from tests.test_board import axe_violations
from tests.test_html import browser, open_in_browser  # noqa: F401 - the browser fixture

TRIALS = examples.reading_trials()
EVALUATIONS = {t.schools[0]: evaluate(t) for t in TRIALS}


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))


class TestSections:
    def test_evaluation_section_says_everything(self) -> None:
        """The section gives the effect, its interval, counts, attrition, MDES, subgroups and every threat."""
        ev = EVALUATIONS["Cedar Primary (fictional)"]
        words = _text(evaluation_section(ev))
        low, high = ev.effect.ci_low, ev.effect.ci_high
        assert low is not None
        assert high is not None
        assert f"{ev.effect.g:.2f}" in words
        assert f"{low:.2f} to {high:.2f}" in words
        assert ev.attrition is not None
        assert f"{ev.attrition.overall:.0%}" in words
        assert f"{ev.minimum_detectable:.2f}" in words
        for sub in ev.subgroups:
            assert (sub.withheld or "" if sub.effect is None else f"{sub.effect.g:.2f}") in words
        for threat in ev.threats:
            assert threat.words.replace("'", "&#x27;") in evaluation_section(ev)

    def test_widened_interval_shown_for_allocated_classes(self) -> None:
        """Birch allocated whole classes: the section shows the interval widened by the design effect."""
        ev = EVALUATIONS["Birch Primary (fictional)"]
        assert ev.interval is not None
        words = _text(evaluation_section(ev))
        assert f"design effect {ev.design_effect:.2f}" in words
        assert f"{ev.interval[0]:.2f} to {ev.interval[1]:.2f}" in words
        ash = _text(evaluation_section(EVALUATIONS["Ash Primary (fictional)"]))
        assert "design effect" not in ash
        assert "At the follow-up test" in ash

    def test_escapes_what_users_wrote(self) -> None:
        """A title or school with markup is shown as text, never as markup."""
        trial = attrs.evolve(TRIALS[0], title="<script>x</script>", schools=("<b>Ash</b>",))
        fragment = evaluation_section(evaluate(trial))
        assert "<script>" not in fragment
        assert "<b>Ash" not in fragment
        assert "&lt;script&gt;" in fragment
        svg = forest_svg(pool({"<i>A</i>": (0.2, 0.1), "B": (0.3, 0.1)}))
        assert "<i>" not in svg
        ET.fromstring(svg)  # noqa: S314 - the library's own output, parsed to check it is well formed

    def test_no_threats_said_so(self) -> None:
        """An evaluation with no threats says none are named."""
        start = tuple(float(v) for v in range(80, 120))
        clean = Intervention(
            title="x",
            evaluation=EvaluationPlan(question="q", blind_marking=True),
            scores=Scores(start=start, end=tuple(v + 20 for v in start)),
            comparison=Scores(start=start, end=tuple(v + 1 + (i % 2) for i, v in enumerate(start))),
        )
        assert "none named" in evaluation_section(evaluate(clean))

    def test_notebook_display(self) -> None:
        """Jupyter shows an evaluation and a pooled result with their sections."""
        ev = EVALUATIONS["Ash Primary (fictional)"]
        assert "Threats to the result" in ev._repr_html_()  # type: ignore[attr-defined]
        shown = pool(EVALUATIONS)._repr_html_()  # type: ignore[attr-defined]
        assert "<svg" in shown
        assert "Prediction interval" in shown


class TestForest:
    @given(
        st.lists(
            st.tuples(st.floats(-2, 2), st.floats(0.01, 1)),
            min_size=2,
            max_size=8,
        )
    )
    def test_marks_are_in_order_and_inside(self, effects: list[tuple[float, float]]) -> None:
        """Each school's mark sits in the order of its effect, inside the drawing, with its interval around it."""
        pooled = pool({f"S{i}": pair for i, pair in enumerate(effects)})
        svg = ET.fromstring(forest_svg(pooled))  # noqa: S314 - the library's own output
        width = float(svg.attrib["viewBox"].split()[2])
        marks = [float(r.attrib["x"]) + 4 for r in svg.iter("rect")]
        assert len(marks) == len(effects)
        for (g1, _), m1 in zip(effects, marks, strict=True):
            for (g2, _), m2 in zip(effects, marks, strict=True):
                assert g1 >= g2 or m1 <= m2 + 0.1
        lines = [ln for ln in svg.iter("line") if ln.attrib.get("stroke") == "#222"]
        for mark, line in zip(marks, lines, strict=True):
            assert float(line.attrib["x1"]) - 0.2 <= mark <= float(line.attrib["x2"]) + 0.2
            assert 0 <= float(line.attrib["x1"])
            assert float(line.attrib["x2"]) <= width

    def test_pooled_section_numbers(self) -> None:
        """The pooled section gives the random effect, its interval, the prediction interval and I²."""
        pooled = pool(EVALUATIONS)
        words = _text(pooled_section(pooled))
        low, high = pooled.interval()
        assert f"{pooled.random:.2f}" in words
        assert f"{low:.2f} to {high:.2f}" in words
        assert pooled.prediction is not None
        assert f"{pooled.prediction[0]:.2f} to {pooled.prediction[1]:.2f}" in words
        assert f"I² {pooled.i2:.0%}" in words


class TestPage:
    def test_refusals(self) -> None:
        """No evaluations, or evaluations of different interventions, are refused."""
        with pytest.raises(ValidationError, match="no evaluations"):
            impact_report({})
        other = evaluate(attrs.evolve(TRIALS[0], title="Maths Boost"))
        with pytest.raises(ValidationError, match="different interventions"):
            impact_report({"A": EVALUATIONS["Ash Primary (fictional)"], "B": other})

    def test_one_school_has_no_pooled_section(self, tmp_path: Path) -> None:
        """A single school's page has its section and no pooling; the file holds what is returned."""
        path = tmp_path / "one.html"
        page = impact_report({"Ash": EVALUATIONS["Ash Primary (fictional)"]}, path=path)
        assert "The schools together" not in page
        assert "Each school" in page
        assert path.read_text("utf-8") == page

    def test_in_a_browser(self, browser: Any, tmp_path: Path) -> None:  # noqa: F811
        """The page opens with no errors, asks for nothing but itself, and has no serious WCAG violation."""
        path = tmp_path / "impact.html"
        impact_report(EVALUATIONS, path=path)
        requests, problems, shot = open_in_browser(browser, path)
        assert [path.as_uri()] == requests
        assert problems == []
        assert shot.std() > 10
        violations = axe_violations(browser, path)
        assert [] == [v for v in violations if v[1] in ("serious", "critical")], violations

    def test_clustered_without_icc_refused_on_the_page(self) -> None:
        """A page cannot pool a class-allocated trial whose plan gives no ICC: it says which school."""
        plan = TRIALS[1].evaluation
        assert plan is not None
        bare = attrs.evolve(TRIALS[1], evaluation=attrs.evolve(plan, icc=None, allocation=Allocation.CLASS))
        with pytest.raises(ValidationError, match="no ICC") as info:
            impact_report({"Ash": EVALUATIONS["Ash Primary (fictional)"], "Birch": evaluate(bare)})
        assert info.value.path == ("Birch",)


def test_fits_a_phone(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    """On a 375-pixel screen the page does not scroll sideways and the forest plot's labels stay legible."""
    path = tmp_path / "impact.html"
    impact_report(EVALUATIONS, path=path)
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(path.as_uri())
    width = page.evaluate("document.documentElement.scrollWidth")
    scale = page.evaluate(
        "(() => { const s = document.querySelector('svg'); "
        "return s.getBoundingClientRect().width / s.viewBox.baseVal.width; })()"
    )
    page.close()
    assert width <= 375
    assert 14 * scale >= 9, scale
