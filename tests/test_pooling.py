"""Pooling one intervention's effects across schools, checked against statsmodels' combine_effects and scipy."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.meta_analysis import combine_effects

from matframework import Scores, ValidationError, effect_size, pool
from matframework.analysis.pooling import t_quantile

studies = st.lists(st.tuples(st.floats(-1.0, 1.5), st.floats(0.03, 0.6)), min_size=2, max_size=12)


def named(pairs: list[tuple[float, float]]) -> dict[str, tuple[float, float]]:
    return {f"school {i}": pair for i, pair in enumerate(pairs)}


@settings(max_examples=200)
@given(studies)
def test_matches_statsmodels(pairs: list[tuple[float, float]]) -> None:
    """Fixed and random effects, their standard errors, Q, τ² and I² agree with statsmodels to 1e-9.

    statsmodels leaves τ² and I² negative when Q < k − 1; DerSimonian and Laird set them to 0, as here,
    so the comparison is made where the schools differ more than chance.
    """
    effects = np.array([g for g, _ in pairs])
    variances = np.array([se**2 for _, se in pairs])
    with warnings.catch_warnings():  # the oracle warns on its own square roots of negative variances
        warnings.simplefilter("ignore", RuntimeWarning)
        oracle = combine_effects(effects, variances, method_re="dl")
    assume(oracle.q > len(pairs) - 1 + 1e-6)
    found = pool(named(pairs))
    assert found.fixed == pytest.approx(oracle.mean_effect_fe, abs=1e-9)
    assert found.fixed_se == pytest.approx(oracle.sd_eff_w_fe, abs=1e-9)
    assert found.random == pytest.approx(oracle.mean_effect_re, abs=1e-9)
    assert found.random_se == pytest.approx(oracle.sd_eff_w_re, abs=1e-9)
    assert found.q == pytest.approx(oracle.q, abs=1e-9)
    assert found.tau2 == pytest.approx(oracle.tau2, abs=1e-9)
    assert found.i2 == pytest.approx(oracle.i2, abs=1e-9)


@given(studies)
def test_no_excess_variation_is_the_fixed_effect(pairs: list[tuple[float, float]]) -> None:
    found = pool(named(pairs))
    assert 0 <= found.i2 <= 1
    assert found.tau2 >= 0
    if found.tau2 == 0:
        assert found.random == pytest.approx(found.fixed, abs=1e-12)


@given(st.floats(-1.0, 1.5), st.floats(0.03, 0.6))
def test_pooling_one_study_returns_that_study(g: float, se: float) -> None:
    """One school's result pools to itself: the same effect and standard error, no variation, no prediction."""
    found = pool({"a": (g, se)})
    for figure in (found.fixed, found.random):
        assert figure == pytest.approx(g, rel=1e-15, abs=1e-15)
    for figure in (found.fixed_se, found.random_se):
        assert figure == pytest.approx(se, rel=1e-15)
    assert (found.tau2, found.q, found.i2, found.prediction, found.outside) == (0.0, 0.0, 0.0, None, ())
    assert "nothing to pool" in found.notes[0]


@given(st.floats(-1.0, 1.5), st.floats(0.03, 0.6))
def test_pooling_one_study_twice_returns_that_study(g: float, se: float) -> None:
    """The same result from two schools pools to itself, with no variation between them."""
    found = pool({"a": (g, se), "b": (g, se)})
    assert found.random == pytest.approx(g, abs=1e-12)
    assert found.tau2 == 0
    assert found.fixed_se == pytest.approx(se / 2**0.5)


@settings(max_examples=100)
@given(st.floats(0.55, 0.999), st.floats(0.5, 200))
def test_t_quantile_matches_scipy(p: float, df: float) -> None:
    assert t_quantile(p, df) == pytest.approx(stats.t.ppf(p, df), rel=1e-9, abs=1e-9)
    assert t_quantile(1 - p, df) == pytest.approx(stats.t.ppf(1 - p, df), rel=1e-9, abs=1e-9)


def test_prediction_interval_and_the_school_outside_it() -> None:
    """Higgins, Thompson and Spiegelhalter (2009): μ ± t(k − 2)·√(τ² + SE²); a school outside it is named."""
    pairs = {f"School {i}": (0.2 + 0.01 * (i % 3), 0.05) for i in range(10)}
    pairs["Oak"] = (0.55, 0.05)
    found = pool(pairs)
    assert found.prediction is not None
    half = stats.t.ppf(0.975, len(pairs) - 2) * (found.tau2 + found.random_se**2) ** 0.5
    assert found.prediction == pytest.approx((found.random - half, found.random + half))
    assert ("Oak",) == found.outside
    assert "Oak's effect lies outside the range expected for a new school" in " ".join(found.notes)
    two = pool({"a": (0.2, 0.1), "b": (0.3, 0.1)})
    assert two.prediction is None
    assert "no prediction interval" in two.notes[0]


def test_effect_sizes_are_pooled_by_their_intervals() -> None:
    """An EffectSize is weighted by its own interval; one without a comparison group is refused by name."""
    treated = Scores(n=40, start_mean=100, start_sd=15, end_mean=106, end_sd=15)
    control = Scores(n=40, start_mean=100, start_sd=15, end_mean=103, end_sd=15)
    es = effect_size(treated, control)
    assert es.ci_low is not None
    assert es.ci_high is not None
    found = pool({"Ash": es, "Birch": es})
    assert found.standard_errors[0] == pytest.approx((es.ci_high - es.ci_low) / 3.92)
    alone = effect_size(Scores(start=(10, 12, 11, 13), end=(12, 15, 13, 16)))
    with pytest.raises(ValidationError, match="Birch's effect has no comparison group") as info:
        pool({"Ash": es, "Birch": alone})
    assert ("Birch",) == info.value.problems[0].path
    with pytest.raises(ValidationError, match="one school or more"):
        pool({})
    with pytest.raises(ValidationError):
        pool({"Ash": (0.2, 0.0), "Birch": (0.2, 0.1)})


def test_forest_plot() -> None:
    """One row per school and two for the pooled estimates, each with its figures written beside it."""
    from matframework import plot_forest  # noqa: PLC0415 - needs the analysis extra

    pooled = pool({f"School {i}": (0.2 + 0.05 * (i % 4), 0.08 + 0.02 * i) for i in range(6)})
    figure = plot_forest(pooled, title="Reading (fictional)")
    figure.draw_without_rendering()  # lays out the secondary axis's labels
    axes = figure.axes[0]
    assert [t.get_text() for t in axes.get_yticklabels()][-2:] == ["Random effects", "Fixed effect"]
    written = [t.get_text() for t in axes.child_axes[0].get_yticklabels()]  # the figures, at the right
    low, high = pooled.interval()
    assert f"{pooled.random:.2f} ({low:.2f} to {high:.2f})" == written[-2]
    legend = axes.get_legend()
    assert legend is not None
    assert "prediction interval for a new school" in [t.get_text() for t in legend.get_texts()]
