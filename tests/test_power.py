"""Power before the start: checked against statsmodels' power calculations and a published multiplier."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.power import NormalIndPower

from matframework import ValidationError, design_effect, minimum_detectable_effect, sample_size_for
from matframework.analysis.power import multiplier

ORACLE = NormalIndPower()  # a test-only oracle: the power of the same two-sided z-test

designs = st.fixed_dictionaries(
    {
        "power": st.floats(0.5, 0.99),
        "alpha": st.floats(0.001, 0.2),
        "pretest_correlation": st.floats(-0.9, 0.9),
        "icc": st.floats(0.0, 0.5),
        "cluster_size": st.integers(1, 60),
    }
)


def factor(design: dict[str, float]) -> float:
    return (1 + (design["cluster_size"] - 1) * design["icc"]) * (1 - design["pretest_correlation"] ** 2)


@settings(max_examples=200)
@given(st.integers(2, 5000), st.integers(2, 5000), designs)
def test_statsmodels_has_the_power_asked_for_at_the_mdes(
    n_treated: int, n_comparison: int, design: dict[str, float]
) -> None:
    """At the minimum detectable effect, statsmodels' power of the same design is the power asked for (1e-9)."""
    mdes = minimum_detectable_effect(n_treated, n_comparison, **design)
    effective = n_treated / factor(design)  # the design effect and the covariate, as a smaller sample
    found = ORACLE.power(
        effect_size=mdes, nobs1=effective, alpha=design["alpha"], ratio=n_comparison / n_treated
    )
    assert found == pytest.approx(design["power"], abs=1e-9)


@settings(max_examples=200)
@given(st.floats(0.05, 1.5), st.floats(0.25, 4.0), designs)
def test_sample_size_is_the_smallest_with_that_power(
    effect: float, ratio: float, design: dict[str, float]
) -> None:
    """The pupils given reach the power in statsmodels' reckoning; one pupil fewer would not."""
    treated, comparison = sample_size_for(effect, ratio=ratio, **design)
    assert comparison >= ratio * treated - 1e-6
    f = factor(design)

    def power(n: float) -> float:
        return float(ORACLE.power(effect_size=effect, nobs1=n / f, alpha=design["alpha"], ratio=ratio))

    assert power(treated) >= design["power"] - 1e-9
    if treated > 2:
        assert power(treated - 1) < design["power"]


def test_bloom_multiplier() -> None:
    """The multiplier of Bloom (1995), "Minimum detectable effects", Evaluation Review 19(5).

    For a two-tailed test at the 0.05 level with 80% power it is 2.8 (z = 1.96 plus z = 0.84).
    """
    assert 2.8 == round(multiplier(power=0.8, alpha=0.05), 1)
    assert 2.80 == round(multiplier(), 2)


@given(st.integers(2, 2000), st.integers(1, 2000), designs)
def test_mdes_falls_as_n_grows(n: int, more: int, design: dict[str, float]) -> None:
    assert minimum_detectable_effect(n + more, n + more, **design) < minimum_detectable_effect(n, n, **design)


@given(st.integers(10, 2000), st.floats(0.0, 0.4), st.floats(0.01, 0.1), st.integers(2, 60))
def test_mdes_rises_with_the_icc(n: int, icc: float, more: float, size: int) -> None:
    lower = minimum_detectable_effect(n, n, icc=icc, cluster_size=size)
    assert minimum_detectable_effect(n, n, icc=icc + more, cluster_size=size) > lower


def test_a_pretest_and_clustering_move_it_as_the_guide_says() -> None:
    base = minimum_detectable_effect(100, 100)
    assert minimum_detectable_effect(100, 100, pretest_correlation=0.7) == pytest.approx(
        base * (1 - 0.49) ** 0.5
    )
    assert minimum_detectable_effect(100, 100, icc=0.2, cluster_size=25) == pytest.approx(base * 5.8**0.5)
    assert design_effect(icc=0.2, cluster_size=25) == pytest.approx(5.8)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: minimum_detectable_effect(1, 30), "n_treated"),
        (lambda: minimum_detectable_effect(30, 2.5), "n_comparison"),  # type: ignore[arg-type]
        (lambda: minimum_detectable_effect(30, 30, power=1.0), "power"),
        (lambda: minimum_detectable_effect(30, 30, alpha=0.0), "alpha"),
        (lambda: minimum_detectable_effect(30, 30, icc=1.5), "icc"),
        (lambda: minimum_detectable_effect(30, 30, cluster_size=0), "cluster_size"),
        (lambda: minimum_detectable_effect(30, 30, pretest_correlation=1.0), "pretest_correlation"),
        (lambda: sample_size_for(0.0), "effect"),
        (lambda: sample_size_for(0.2, ratio=float("nan")), "ratio"),
    ],
)
def test_refusals_name_the_figure(call: object, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        call()  # type: ignore[operator]
    assert (field,) == info.value.problems[0].path


@pytest.mark.parametrize(
    ("cost", "band"),
    [(0, "very low"), (79.99, "very low"), (80, "low"), (200, "low"), (200.01, "moderate"), (720, "moderate"),
     (720.5, "high"), (1200, "high"), (1200.01, "very high")],
)  # fmt: skip
def test_eef_cost_bands(cost: float, band: str) -> None:
    """The EEF page's bands: less than £80 very low; up to £200 low; £720 moderate; £1,200 high; over, very high."""
    from matframework import cost_band  # noqa: PLC0415

    assert band == cost_band(cost)


def test_an_effect_size_carries_its_cost_band() -> None:
    from matframework import Intervention, Scores, cost_band, effect_size  # noqa: PLC0415

    scores = Scores(n=40, start_mean=100, start_sd=15, end_mean=106, end_sd=15)
    es = effect_size(Intervention(title="Reading", cost=12_000, pupils_reached=40, scores=scores))
    assert es.cost_per_pupil == 300
    assert "moderate" == es.cost_band
    with pytest.raises(ValidationError):
        cost_band(-1)


def test_a_tiny_clustered_study_at_a_strict_level() -> None:
    """Two pupils a side, 36 to a class, ICC 0.5, α 0.0039: the effect needed is large, and still found exactly."""
    design = {"power": 0.5, "alpha": 0.00390625, "pretest_correlation": 0.0, "icc": 0.5, "cluster_size": 36}
    mdes = minimum_detectable_effect(2, 2, **design)
    found = ORACLE.power(effect_size=mdes, nobs1=2 / factor(design), alpha=design["alpha"], ratio=1.0)
    assert found == pytest.approx(0.5, abs=1e-9)
