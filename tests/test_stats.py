"""Shared statistics helpers against independent references (scipy, hand computations)."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from hotspots.significance import benjamini_hochberg, poisson_upper


def test_benjamini_hochberg_by_hand():
    # m = 4, sorted 0.01, 0.03, 0.04, 0.5: m p / rank = 0.04, 0.06, 0.0533, 0.5; then the running minimum from the top
    np.testing.assert_allclose(benjamini_hochberg([0.04, 0.01, 0.5, 0.03]),
                               [4 * 0.04 / 3, 0.04, 0.5, 4 * 0.04 / 3])


def test_benjamini_hochberg_matches_scipy():
    rng = np.random.default_rng(0)
    p = np.concatenate([rng.uniform(0, 0.01, 20), rng.uniform(0, 1, 200), [0.0, 1.0, 0.5, 0.5]])
    np.testing.assert_allclose(benjamini_hochberg(p), stats.false_discovery_control(p), rtol=1e-12)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=60))
def test_benjamini_hochberg_equals_scipy_on_any_input(p):
    np.testing.assert_allclose(benjamini_hochberg(p), stats.false_discovery_control(p), rtol=1e-12, atol=1e-300)


def test_benjamini_hochberg_leaves_nan_out_of_m():
    p = np.array([0.04, np.nan, 0.01, 0.5, np.nan, 0.03])
    out = benjamini_hochberg(p)
    assert np.isnan(out[[1, 4]]).all()
    np.testing.assert_allclose(out[[0, 2, 3, 5]], stats.false_discovery_control(p[[0, 2, 3, 5]]), rtol=1e-12)
    assert np.isnan(benjamini_hochberg([np.nan, np.nan])).all()
    assert benjamini_hochberg(np.empty((2, 0))).shape == (2, 0)


def test_benjamini_hochberg_keeps_the_shape():
    p = np.random.default_rng(1).uniform(size=(7, 24))
    out = benjamini_hochberg(p)
    assert out.shape == (7, 24)
    np.testing.assert_allclose(out.ravel(), stats.false_discovery_control(p.ravel()), rtol=1e-12)


def test_poisson_upper_is_the_poisson_tail_at_whole_numbers_and_monotone_between():
    e = 3.7
    obs = np.arange(0, 15)
    np.testing.assert_allclose(poisson_upper(obs, e), stats.poisson.sf(obs - 1, e), rtol=1e-10)
    grid = np.linspace(0.5, 14, 200)
    assert np.all(np.diff(poisson_upper(grid, e)) < 0)
    assert poisson_upper(0, e) == 1.0
    assert np.isnan(poisson_upper(2, 0.0))
