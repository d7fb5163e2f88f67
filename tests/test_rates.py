"""Rates per 1,000 inhabitants and empirical Bayes smoothing against esda.smoothing.Empirical_Bayes."""
from __future__ import annotations

import numpy as np
import pytest
from esda.smoothing import Empirical_Bayes

from hotspot_data import groningen_areas, groningen_incidents
from hotspots.where.assign import assign_points
from hotspots.where.rates import compute_rates, empirical_bayes


def test_eb_agrees_with_esda_on_groningen(groningen):
    areas = groningen_areas(groningen)
    count = assign_points(groningen_incidents(groningen), areas).counts(areas["code"]).to_numpy(float)
    r = compute_rates(count, areas["population"], areas["water"], codes=areas["code"])
    ok = r.valid
    e = Empirical_Bayes(count[ok], r.population[ok])
    assert r.prior_variance > 0
    np.testing.assert_allclose(r.rate_eb[ok], 1000 * e.r.ravel(), rtol=1e-12)
    np.testing.assert_allclose(r.rate[ok], 1000 * count[ok] / r.population[ok], rtol=1e-12)
    # buurten without inhabitants (UMCG, Martini Trade Park) are marked, not divided by zero
    assert not r.valid[areas["code"].eq("BU00140007").to_numpy()].any()
    assert any("zonder inwoners" in n and "BU00140007" in n for n in r.notes)


def test_small_populations_shrink_most():
    count = np.array([1, 10, 100, 5])
    pop = np.array([10, 1000, 10000, 2000])
    eb, b, a = empirical_bayes(count, pop)
    raw = count / pop
    shrink = np.abs(eb - raw) / np.abs(raw - b)
    assert shrink[0] > shrink[1] > shrink[2]
    np.testing.assert_allclose(b, count.sum() / pop.sum())


def test_negative_prior_variance_is_clamped_as_geoda():
    # identical rates: s^2 = 0 < b / mean(P) -> a = 0 -> everyone gets the overall rate
    eb, b, a = empirical_bayes([1, 2, 4], [100, 200, 400])
    assert a == 0
    np.testing.assert_allclose(eb, [0.01] * 3)


def test_water_missing_and_zero_population():
    r = compute_rates([3, 4, 5, 6], [1000, np.nan, 0, 500], water=[False, False, False, True],
                      codes=["A", "B", "C", "D"])
    assert r.valid.tolist() == [True, False, False, False]
    assert np.isnan(r.rate[1:]).all() and r.rate[0] == pytest.approx(3.0)
    text = " ".join(r.notes)
    assert "water of buitengebied krijgen geen cijfer" in text and ": D" in text
    assert "zonder bekend aantal inwoners" in text and "zonder inwoners" in text
