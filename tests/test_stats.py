"""Tests for matframework.analysis.effects: effect sizes, intervals, months of progress and caveats."""

from __future__ import annotations

import math
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.meta_analysis import effectsize_smd

from matframework import EffectKind, Intervention, Scores, ValidationError, effect_size, months_of_progress
from matframework.analysis.effects import EffectSize

GROUP = Scores(n=60, start_mean=100.0, start_sd=15.0, end_mean=112.0, end_sd=15.0)
OTHERS = Scores(n=60, start_mean=100.0, start_sd=15.0, end_mean=106.0, end_sd=15.0)

finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False)


class TestMonths:
    @pytest.mark.parametrize(
        ("effect", "months"),
        [
            (0.0, 0), (0.01, 0), (0.02, 1), (0.09, 1), (0.10, 2), (0.18, 2), (0.19, 3), (0.26, 3),
            (0.27, 4), (0.35, 4), (0.36, 5), (0.44, 5), (0.45, 6), (0.52, 6), (0.53, 7), (0.61, 7),
            (0.62, 8), (0.69, 8), (0.70, 9), (0.78, 9), (0.79, 10), (0.87, 10), (0.88, 11), (0.95, 11),
            (0.96, 12), (2.5, 12), (4.9e118, 12),
        ],
    )  # fmt: skip
    def test_every_band_edge(self, effect: float, months: int) -> None:
        """Each edge of every band of the EEF table, and its mirror for negative effects."""
        assert months == months_of_progress(effect)
        assert -months == months_of_progress(-effect)

    @pytest.mark.parametrize(
        ("effect", "months"), [(0.015, 1), (0.0149, 0), (0.095, 2), (0.0949, 1), (0.955, 12), (-0.185, -3)]
    )
    def test_rounded_to_two_decimals_first(self, effect: float, months: int) -> None:
        """The effect size is rounded (half away from zero) before it is looked up."""
        assert months == months_of_progress(effect)

    @pytest.mark.parametrize("bad", [math.nan, math.inf, "0.3", True, None])
    def test_not_an_effect(self, bad: object) -> None:
        """Only finite numbers convert."""
        with pytest.raises(ValueError, match="is not an effect size"):
            months_of_progress(bad)  # type: ignore[arg-type]

    @given(finite, finite)
    def test_monotone(self, a: float, b: float) -> None:
        """A larger effect never gives fewer months."""
        low, high = sorted((a, b))
        assert months_of_progress(low) <= months_of_progress(high)


class TestWithComparison:
    def test_worked_example(self) -> None:
        """g, its interval by the documented formula, d, months; g agrees with statsmodels."""
        es = effect_size(GROUP, OTHERS)
        d = 6 / 15
        j = 1 - 3 / (4 * 120 - 9)
        se = j * math.sqrt(120 / 3600 + d**2 / 240)
        assert EffectKind.HEDGES_G is es.kind
        assert pytest.approx(d) == es.d
        assert pytest.approx(j * d) == es.g
        assert pytest.approx(j * d - 1.96 * se) == es.ci_low
        assert pytest.approx(j * d + 1.96 * se) == es.ci_high
        assert 5 == es.months
        g, var = effectsize_smd(112, 15, 60, 106, 15, 60)
        assert pytest.approx(float(g), abs=1e-12) == es.g
        # statsmodels uses a slightly different variance; the intervals agree to two decimals.
        assert abs(float(g) - 1.96 * math.sqrt(var) - (es.ci_low or 0)) < 0.01
        assert 0.0 == es.start_gap
        assert (60, 60) == (es.n, es.n_comparison)

    @given(
        st.lists(st.floats(0, 100), min_size=3, max_size=40),
        st.lists(st.floats(0, 100), min_size=3, max_size=40),
    )
    def test_raw_scores_agree_with_statsmodels(self, ends: list[float], other_ends: list[float]) -> None:
        """From raw scores, g on end scores equals statsmodels' bias-corrected standardised mean difference."""
        if statistics.stdev(ends) < 1e-6 or statistics.stdev(other_ends) < 1e-6:
            return
        starts = [e / 2 for e in ends]
        other_starts = [e / 2 + 1 for e in other_ends]
        es = effect_size(
            Scores(start=tuple(starts), end=tuple(ends)),
            Scores(start=tuple(other_starts), end=tuple(other_ends)),
        )
        g, _ = effectsize_smd(
            statistics.fmean(ends), statistics.stdev(ends), len(ends),
            statistics.fmean(other_ends), statistics.stdev(other_ends), len(other_ends),
        )  # fmt: skip
        assert math.isclose(float(g), es.g, rel_tol=1e-9, abs_tol=1e-9)
        assert es.ci_low is not None
        assert es.ci_high is not None
        assert es.ci_low <= es.g <= es.ci_high

    def test_gains_and_start_gap(self) -> None:
        """With raw scores, the effect on gains and the start gap are given too."""
        group = Scores(start=(40, 42, 44, 46, 48), end=(50, 53, 55, 58, 60))
        others = Scores(start=(50, 52, 54, 56, 58), end=(52, 55, 56, 58, 61))
        es = effect_size(group, others)
        assert es.gain_g is not None
        assert es.gain_g > 0
        assert es.start_gap is not None
        assert es.start_gap < -0.1
        assert any("differed at the start" in c for c in es.caveats)
        assert any("small" in c for c in es.caveats)

    def test_summary_without_gain_sd(self) -> None:
        """Summary statistics without the gains' SD give no effect on gains."""
        assert effect_size(GROUP, OTHERS).gain_g is None

    def test_interval_spanning_zero(self) -> None:
        """An interval that includes zero is called out."""
        es = effect_size(GROUP, Scores(n=60, start_mean=100.0, start_sd=15.0, end_mean=111.0, end_sd=15.0))
        assert any("spans zero" in c for c in es.caveats)
        assert not any("spans zero" in c for c in effect_size(GROUP, OTHERS).caveats)


class TestWithoutComparison:
    def test_standardised_mean_change(self) -> None:
        """Mean gain over the SD of start scores, labelled, with the caveat first."""
        es = effect_size(GROUP)
        assert EffectKind.STANDARDISED_MEAN_CHANGE is es.kind
        assert pytest.approx(12 / 15) == es.g
        assert (None, None) == (es.ci_low, es.ci_high)
        assert es.caveats[0].startswith("There is no comparison group")
        assert "standardised mean change (no comparison group)" == es.kind.label


class TestIntervention:
    def test_costs_and_attendance(self) -> None:
        """Cost per pupil (by pupils reached) and per unit of effect; the change in attendance."""
        scores = Scores(
            n=60,
            start_mean=100.0,
            start_sd=15.0,
            end_mean=112.0,
            end_sd=15.0,
            attendance_start=92.5,
            attendance_end=94.0,
        )
        intervention = Intervention(
            title="Reading", cost=6000.0, pupils_reached=50, scores=scores, comparison=OTHERS
        )
        es = effect_size(intervention)
        assert 120.0 == es.cost_per_pupil
        assert pytest.approx(120.0 / es.g) == es.cost_per_effect
        assert pytest.approx(1.5) == es.attendance_change
        assert EffectKind.HEDGES_G is es.kind

    def test_cost_per_pupil_falls_back_to_n(self) -> None:
        """Without pupils reached, the group size is used; no cost per effect for a negative effect."""
        es = effect_size(Intervention(title="x", cost=600.0, scores=OTHERS), GROUP)
        assert 10.0 == es.cost_per_pupil
        assert es.cost_per_effect is None

    def test_no_scores(self) -> None:
        """An intervention without scores is a clear error."""
        with pytest.raises(ValidationError, match="the intervention has no scores"):
            effect_size(Intervention(title="x"))


class TestBadData:
    @pytest.mark.parametrize(
        ("scores", "message"),
        [
            (Scores(start=(1.0,), end=(2.0,)), "at least 2 pupils"),
            (Scores(start=(5.0, 5.0, 5.0), end=(6.0, 7.0, 8.0)), "do not vary"),
            (Scores(n=1, start_mean=1.0, start_sd=1.0, end_mean=1.0, end_sd=1.0), "at least 2 pupils"),
            (Scores(n=10, start_mean=1.0, start_sd=0.0, end_mean=1.0, end_sd=1.0), "do not vary"),
        ],
    )
    def test_clear_errors(self, scores: Scores, message: str) -> None:
        """Too few pupils or scores that do not vary are errors, not NaN results."""
        with pytest.raises(ValidationError, match=message):
            effect_size(scores)

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"start": (1.0, "x"), "end": (1.0, 2.0)}, r"start\[1\]: 'x' is not a number"),
            ({"start": (1.0, math.nan), "end": (1.0, 2.0)}, r"start\[1\]: nan is not a score"),
            ({"start": (1.0, None), "end": (1.0, 2.0)}, r"start\[1\]: None is not a number"),
            ({"start": (1.0, 2.0), "end": (1.0,)}, "2 start scores but 1 end scores"),
            ({"n": 10, "start_mean": 1.0}, "start_sd: is required"),
            ({"start": (1.0, 2.0), "end": (1.0, 3.0), "n": 2}, "raw scores or summary statistics, not both"),
            ({"start": (True, 2.0), "end": (1.0, 3.0)}, r"start\[0\]: True is not a number"),
        ],
    )
    def test_bad_scores_refused(self, fields: dict[str, object], message: str) -> None:
        """Missing, non-numeric or mismatched scores are refused where they are made."""
        with pytest.raises(ValidationError, match=message):
            Scores(**fields)  # type: ignore[arg-type]

    @given(st.lists(finite, min_size=2, max_size=30), st.lists(finite, min_size=2, max_size=30))
    def test_never_nan(self, start: list[float], end: list[float]) -> None:
        """Any scores give finite figures or a clear error."""
        n = min(len(start), len(end))
        try:
            es = effect_size(Scores(start=tuple(start[:n]), end=tuple(end[:n])))
        except ValidationError:
            return
        assert isinstance(es, EffectSize)
        assert math.isfinite(es.g)


def test_a_spread_too_small_to_square_is_no_spread() -> None:
    """A standard deviation whose square underflows (1e-190) is refused as no spread, never a ZeroDivisionError."""
    tiny = Scores(n=30, start_mean=10.0, start_sd=1e-190, end_mean=12.0, end_sd=1.0)
    other = Scores(n=30, start_mean=10.0, start_sd=1e-190, end_mean=11.0, end_sd=1.0)
    with pytest.raises(ValidationError, match="do not vary") as info:
        effect_size(tiny, other)
    assert info.value.path == ("scores", "start_sd")
    flat = Scores(n=30, start_mean=10.0, start_sd=2.0, end_mean=12.0, end_sd=2.0, gain_sd=1e-190)
    later = Scores(n=30, start_mean=10.0, start_sd=2.0, end_mean=11.0, end_sd=2.0, gain_sd=1e-190)
    assert effect_size(flat, later).gain_g is None
