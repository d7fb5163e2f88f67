"""The benchmark's formulas against hand computations and scipy (hotspots.benchmark.stats)."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from hotspots.benchmark.stats import (percentile_of, rank_interval, rank_of, rate, rate_interval, reference_test,
                                      two_sided, year_dispersion)


@pytest.mark.parametrize("count", [0, 1, 7, 250, 12_345])
def test_rate_interval_is_garwood_by_hand(count):
    """Garwood (1936): chi-square quantiles with 2c and 2c + 2 degrees of freedom, halved."""
    lo, hi = rate_interval(count, 80_000, confidence=0.95)
    want_lo = 0.0 if count == 0 else stats.chi2.ppf(0.025, 2 * count) / 2
    want_hi = stats.chi2.ppf(0.975, 2 * count + 2) / 2
    np.testing.assert_allclose([lo, hi], [1000 * want_lo / 80_000, 1000 * want_hi / 80_000], rtol=1e-12)


def test_rate_interval_with_dispersion_is_the_interval_of_the_effective_count():
    lo, hi = rate_interval(400, 10_000, phi=4.0, confidence=0.9)
    eff = 100  # 400 / 4
    np.testing.assert_allclose([lo, hi], [0.1 * 4 * stats.chi2.ppf(0.05, 2 * eff) / 2,
                                          0.1 * 4 * stats.chi2.ppf(0.95, 2 * eff + 2) / 2], rtol=1e-12)
    # wider than Poisson, and a dispersion below 1 is never narrower than Poisson
    plo, phi_ = rate_interval(400, 10_000, confidence=0.9)
    assert lo < plo and hi > phi_
    np.testing.assert_allclose(rate_interval(400, 10_000, phi=0.5), rate_interval(400, 10_000))


def test_rate_without_population_is_unknown():
    assert np.isnan(rate(10, 0)) and np.isnan(rate(10, np.nan)) and rate(10, 2000) == 5.0
    lo, hi = rate_interval(10, np.nan)
    assert np.isnan(lo) and np.isnan(hi)


def test_reference_test_is_a_negative_binomial_by_hand():
    """E = N c_R / N_R, variance ratio phi (1 + N / N_R): scipy's nbinom with size E/(r - 1) and p = 1/r."""
    c, n, cr, nr, phi = 130, 20_000, 5_000, 1_000_000, 2.5
    t = reference_test(c, n, cr, nr, phi=phi, confidence=0.95)
    e = n * cr / nr
    r = phi * (1 + n / nr)
    size, p = e / (r - 1), 1 / r
    high, low = stats.nbinom.sf(c - 1, size, p), stats.nbinom.cdf(c, size, p)
    assert t.expected == pytest.approx(100.0) and t.ratio == pytest.approx(r)
    assert t.p == pytest.approx(min(1.0, 2 * min(high, low)), rel=1e-9)
    lo, hi = stats.nbinom.ppf([0.025, 0.975], size, p)
    np.testing.assert_allclose([t.range_low, t.range_high], [1000 * lo / n, 1000 * hi / n])
    assert t.ref_rate == pytest.approx(5.0)
    assert t.verdict(0.05) == ("hoger" if t.p <= 0.05 else "niet anders")


def test_poisson_when_the_reference_is_large_and_phi_is_one():
    """With phi = 1 and a reference a million times larger the test is the exact Poisson test by hand."""
    c, n = 31, 1_000
    t = reference_test(c, n, 20 * 1e9 / 1000, 1e9)  # reference rate 20 per 1,000 -> E = 20
    hand = min(1.0, 2 * min(stats.poisson.sf(c - 1, 20.0), stats.poisson.cdf(c, 20.0)))
    assert t.p == pytest.approx(hand, rel=1e-4)
    assert t.verdict(0.05) == "hoger"  # 31 against 20: p = 0.02
    low = reference_test(9, n, 20 * 1e9 / 1000, 1e9)
    assert low.verdict(0.05) == "lager"


@pytest.mark.parametrize("phi", [1.0, 3.0])
@pytest.mark.parametrize("population", [1_000, 23_456, 250_000])
def test_a_gemeente_exactly_at_the_national_rate_is_no_different(phi, population):
    """Rate exactly the reference's: both tails are at least 1/2, p = 1, "niet anders"."""
    national = 45.0  # per 1,000
    count = national * population / 1000
    t = reference_test(count, population, national * 17e6 / 1000, 17e6, phi=phi)
    assert t.expected == pytest.approx(count)
    assert t.p == 1.0 if phi == 1.0 else t.p > 0.95  # a skewed negative binomial: just under 1
    assert t.verdict(0.05) == "niet anders"
    assert t.range_low <= national <= t.range_high


def test_no_reference_is_not_testable():
    t = reference_test(np.array([5.0, 5.0]), np.array([100.0, 100.0]), np.array([0.0, 10.0]), np.array([1e5, 0.0]))
    assert list(t.verdict(0.05)) == ["niet te toetsen", "niet te toetsen"]


def test_two_sided_is_symmetric_in_its_tails_for_poisson():
    e = 50.0
    p = two_sided(np.arange(20, 81), np.full(61, e), np.ones(61))
    hand = np.minimum(1, 2 * np.minimum(stats.poisson.sf(np.arange(19, 80), e), stats.poisson.cdf(np.arange(20, 81), e)))
    np.testing.assert_allclose(p, hand, rtol=1e-9)


def test_year_dispersion_is_pearsons_chi_square_of_independence_over_its_df():
    rng = np.random.default_rng(3)
    table = rng.negative_binomial(8, 8 / (8 + rng.uniform(20, 400, (30, 1))), size=(30, 6)).astype(float)
    phi, df = year_dispersion(table)
    chi2, _, dof, _ = stats.chi2_contingency(table, correction=False)
    assert df == dof == 29 * 5
    assert phi == pytest.approx(chi2 / dof, rel=1e-12)
    assert phi > 1.5  # negative binomial counts: clearly more than Poisson


def test_year_dispersion_of_poisson_counts_is_about_one_and_needs_two_years():
    rng = np.random.default_rng(5)
    lam = rng.uniform(50, 500, (200, 1)) * np.array([[1.0, 0.9, 1.1, 1.05]])
    phi, _ = year_dispersion(rng.poisson(lam))
    assert 0.85 < phi < 1.15
    assert np.isnan(year_dispersion(rng.poisson(lam[:, :1]))[0])
    t = np.array([[1.0, np.nan], [4.0, 5.0], [6.0, 7.0], [0.0, 0.0]])  # a missing year and an empty row are left out
    assert year_dispersion(t)[1] == 1


def test_rank_and_percentile_by_hand():
    others = [12.0, 30.0, 30.0, 8.0, 55.0]
    assert rank_of(30.0, others) == 2  # only 55 is higher
    assert rank_of(60.0, others) == 1 and rank_of(1.0, others) == 6
    # lower: 12 and 8 (2), equal: two 30s (count half): (2 + 1) / 5
    assert percentile_of(30.0, others) == pytest.approx(60.0)
    for v in (1.0, 12.0, 30.0, 31.0, 60.0):
        assert percentile_of(v, others) == pytest.approx(stats.percentileofscore(others, v, kind="mean"))
    assert np.isnan(percentile_of(3.0, []))


def test_rank_interval_is_narrow_for_clear_differences_and_wide_for_equal_rates():
    pop = np.full(10, 100_000.0)
    clear = np.arange(1, 11) * 1000.0  # rates 10, 20, ... per 1,000 with big counts
    assert rank_interval(clear, pop, target=9) == (1, 1)
    assert rank_interval(clear, pop, target=0) == (10, 10)
    equal = np.full(10, 50.0)  # ten gemeenten of 50 incidents: any place is possible
    lo, hi = rank_interval(equal, pop, target=3, seed=1)
    assert lo <= 2 and hi >= 9
    assert rank_interval(equal, pop, target=3, seed=1) == (lo, hi)  # seeded
    # overdispersion widens the margin
    mid = np.linspace(900, 1100, 10)
    a = rank_interval(mid, pop, target=5, phi=1.0, seed=2)
    b = rank_interval(mid, pop, target=5, phi=9.0, seed=2)
    assert b[1] - b[0] > a[1] - a[0]
