"""Views use the framework an assessment rates: a trust's own titles, never the bundled ones by mistake."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pytest

from matframework import (
    Assessment,
    Element,
    ElementRating,
    Framework,
    FrameworkRef,
    IncomparableError,
    Rating,
    UnknownFrameworkError,
    assurance_framework,
    examples,
    plot_heatmap,
    plot_profile,
    report,
    to_frame,
    to_html,
)

BUNDLED = assurance_framework()
OURS_TITLE = "Leading teaching across our schools"


def adapted() -> Framework:
    """The bundled framework as a trust adapted it: 3B retitled and a new element 3D."""
    heading = BUNDLED.heading(3)
    elements = [attrs.evolve(e, title=OURS_TITLE) if e.code == "3B" else e for e in heading.elements]
    extra = BUNDLED.element("3C")
    elements.append(
        Element(
            code="3D",
            title="Reading across the trust",
            focus_areas=("Early reading",),
            criteria=tuple(attrs.evolve(c, element_code="3D") for c in extra.criteria),
        )
    )
    headings = tuple(
        attrs.evolve(h, elements=tuple(elements)) if h.number == 3 else h for h in BUNDLED.headings
    )
    return attrs.evolve(BUNDLED, id="oak-valley-framework", version="2", headings=headings)


OURS = adapted()


def ours(assessment: Assessment) -> Assessment:
    """The assessment re-pointed at the adapted framework, with 3D rated Green."""
    moved = attrs.evolve(assessment, framework=FrameworkRef.to(OURS))
    return attrs.evolve(moved, ratings=(*moved.ratings, ElementRating(code="3D", rating=Rating.GREEN)))


LATEST = ours(examples.trust_assessments()[-1])


class TestTheFrameworkPassedIsUsed:
    def test_notebook(self) -> None:
        """to_html with the framework shows its titles; the bare display shows no borrowed titles."""
        shown = to_html(LATEST, framework=OURS)
        assert OURS_TITLE in shown
        assert "Reading across the trust" in shown
        assert "Leadership of teaching" not in shown
        bare = LATEST._repr_html_()
        assert "Leadership of teaching" not in bare
        assert "not bundled" in bare

    def test_report(self) -> None:
        """The report shows the adapted titles and the element only the adapted framework has."""
        page = report(LATEST, framework=OURS)
        assert OURS_TITLE in page
        assert "3D" in page
        assert "Reading across the trust" in page
        assert "Leadership of teaching" not in page

    def test_frame(self) -> None:
        """The frame's titles and element order are the adapted framework's."""
        frame = to_frame(LATEST, framework=OURS)
        titles = dict(zip(frame.element.astype(str), frame.element_title.astype(object), strict=True))
        assert OURS_TITLE == titles["3B"]
        assert "Reading across the trust" == titles["3D"]
        assert list(OURS.element_codes) == list(frame.element.cat.categories)

    def test_plots(self) -> None:
        """Both plots lay out the adapted framework's elements, 3D included."""
        rows = [t.get_text() for t in plot_profile(LATEST, framework=OURS).axes[0].get_yticklabels()]
        assert list(OURS.element_codes) == rows
        heatmap = plot_heatmap([LATEST], framework=OURS)
        rows = [t.get_text() for t in heatmap.axes[0].get_yticklabels()]
        assert list(OURS.element_codes) == [row.split(" ", 1)[0] for row in rows]
        assert "3D Reading across the trust" in rows  # the trust's own titles, never the bundled ones
        assert heatmap.axes[0].get_title().startswith(OURS.title)


class TestWithoutTheFramework:
    @pytest.mark.parametrize(
        "view",
        [report, to_frame, plot_profile, lambda a: plot_heatmap([a])],
        ids=["report", "to_frame", "plot_profile", "plot_heatmap"],
    )
    def test_a_framework_not_bundled_is_a_clear_error(self, view: Callable[[Assessment], object]) -> None:
        """Each view refuses rather than show the bundled titles, and says to pass the framework."""
        with pytest.raises(
            UnknownFrameworkError, match=r"oak-valley-framework version 2.*pass that framework"
        ):
            view(LATEST)

    def test_the_wrong_framework_passed_is_refused(self) -> None:
        """Passing a framework the assessment does not rate is an error, not a relabelling."""
        with pytest.raises(IncomparableError, match="not mat-assurance-framework version 1"):
            report(LATEST, framework=BUNDLED)
        with pytest.raises(IncomparableError):
            to_html(examples.trust_assessments()[-1], framework=OURS)

    def test_previous_and_group_must_rate_it_too(self) -> None:
        """A report's earlier round and comparison group must rate the same framework."""
        with pytest.raises(IncomparableError, match="pass the framework it rates"):
            report(LATEST, framework=OURS, previous=examples.trust_assessments()[-2])
        with pytest.raises(IncomparableError):
            report(LATEST, framework=OURS, group=examples.school_assessments())

    def test_previous_of_another_subject_is_refused(self) -> None:
        """Movement is never shown against another trust's assessment."""
        latest = examples.trust_assessments()[-1]
        other = attrs.evolve(
            examples.trust_assessments()[-2], subject=examples.school_assessments()[0].subject
        )
        with pytest.raises(IncomparableError, match="different subjects"):
            report(latest, previous=other)

    def test_the_bundled_framework_needs_no_passing(self) -> None:
        """An assessment of the bundled framework is shown with its titles without being told."""
        assert "Leadership of teaching" in report(examples.trust_assessments()[-1])
        assert "Leadership of teaching" in examples.trust_assessments()[-1]._repr_html_()
