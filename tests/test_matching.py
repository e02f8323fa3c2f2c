"""A matched comparison group: pairs within the margin, the unmatched listed, balance as the pre-test effect size."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matframework import ValidationError, match_pupils

scores = st.floats(0, 200, allow_nan=False)
groups = st.tuples(
    st.dictionaries(st.from_regex(r"t[0-9]{1,3}", fullmatch=True), scores, max_size=30),
    st.dictionaries(st.from_regex(r"c[0-9]{1,3}", fullmatch=True), scores, max_size=40),
    st.floats(0, 20),
)


@given(groups)
def test_never_further_apart_than_the_margin(group: tuple[dict[str, float], dict[str, float], float]) -> None:
    treated, pool, within = group
    m = match_pupils(treated, pool, within=within)
    assert all(abs(treated[t] - pool[c]) <= within for t, c, _ in m.pairs)
    assert all(gap == abs(treated[t] - pool[c]) for t, c, gap in m.pairs)
    comparison = [c for _, c, _ in m.pairs]
    assert len(comparison) == len(set(comparison))  # each comparison pupil at most once
    assert sorted([t for t, _, _ in m.pairs] + list(m.unmatched)) == sorted(treated)


@given(groups)
def test_an_unmatched_pupil_had_no_free_partner_within_the_margin(
    group: tuple[dict[str, float], dict[str, float], float],
) -> None:
    """When a pupil is left out, every pool pupil within the margin was already paired with a lower pre-test."""
    treated, pool, within = group
    m = match_pupils(treated, pool, within=within)
    used = {c for _, c, _ in m.pairs}
    for pupil in m.unmatched:
        assert all(c in used for c, score in pool.items() if abs(score - treated[pupil]) <= within)


def test_balance_is_the_pre_test_effect_size() -> None:
    """Hedges' g of the matched groups' pre-tests: d on the pooled SD, times J = 1 − 3/(4n − 9)."""
    treated = {"t1": 90, "t2": 100, "t3": 110, "t4": 120}
    pool = {"c1": 92, "c2": 99, "c3": 108, "c4": 121, "c5": 150}
    m = match_pupils(treated, pool, within=5)
    assert [c for _, c, _ in m.pairs] == ["c1", "c2", "c3", "c4"]
    a, b = [90, 100, 110, 120], [92, 99, 108, 121]
    pooled = ((statistics.variance(a) * 3 + statistics.variance(b) * 3) / 6) ** 0.5
    d = (statistics.fmean(a) - statistics.fmean(b)) / pooled
    assert m.balance == pytest.approx(d * (1 - 3 / (4 * 8 - 9)))
    assert abs(m.balance or 0) < 0.1


def test_refusals() -> None:
    with pytest.raises(ValidationError, match="in both groups"):
        match_pupils({"a": 1}, {"a": 2}, within=1)
    with pytest.raises(ValidationError) as info:
        match_pupils({"a": float("nan")}, {"b": 2}, within=1)
    assert ("treated", "a") == info.value.problems[0].path
    with pytest.raises(ValidationError):
        match_pupils({"a": 1}, {"b": 2}, within=-1)
