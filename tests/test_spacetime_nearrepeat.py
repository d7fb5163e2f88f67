"""Near repeats: Knox counts against a brute-force pair loop, p-values by seed, a planted near repeat recovered,
the exact expectation against the simulations, chains, and the run on the demo's bicycle thefts."""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest

import importers
from hotspots.inputs import Inputs
from hotspots.spacetime import nearrepeat
from hotspots.spacetime.chains import near_repeat_chains
from hotspots.spacetime.knox import knox, parse_edges
from kernel.errors import AnalysisError
from resources import demo

DIST = np.array([100.0, 200.0, 300.0])
DAYS = np.array([7.0, 14.0, 21.0])


def _events(n=300, seed=1, side=1500.0, span=200):
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(0, side, n), rng.uniform(0, side, n)
    x[:20] = x[20:40]  # some at exactly the same place
    y[:20] = y[20:40]
    return np.round(x), np.round(y), rng.integers(0, span, n)


def _brute(x, y, day, same_place=True):
    """The Knox table by a plain loop over every pair, with the Near Repeat Calculator's band rules."""
    rows = len(DIST) + 1 + (1 if same_place else 0)
    out = np.zeros((rows, len(DAYS) + 1), dtype=np.int64)
    n = len(x)
    for i in range(n):
        for j in range(i + 1, n):
            d = ((x[i] - x[j]) ** 2 + (y[i] - y[j]) ** 2) ** 0.5
            t = abs(int(day[i]) - int(day[j]))
            if same_place and d == 0:
                r = 0
            else:
                r = next((k for k, e in enumerate(DIST) if d <= e), len(DIST)) + (1 if same_place else 0)
            c = next((k for k, e in enumerate(DAYS) if t <= e), len(DAYS))
            out[r, c] += 1
    return out


@pytest.mark.parametrize("same_place", [True, False])
def test_counts_equal_a_brute_force_pair_loop(same_place):
    x, y, day = _events()
    k = knox(x, y, day, distances=DIST, days=DAYS, same_place=same_place, permutations=99, seed=3)
    np.testing.assert_array_equal(k.observed, _brute(x, y, day, same_place))
    assert k.observed.sum() == len(x) * (len(x) - 1) // 2


def test_every_permutation_equals_the_brute_force_count_of_the_same_permutation():
    x, y, day = _events(n=150, seed=4)
    k = knox(x, y, day, distances=DIST, days=DAYS, permutations=99, seed=11)
    rng = np.random.default_rng(11)  # the documented draw: one permutation of the days per run
    for r in range(5):
        np.testing.assert_array_equal(k.simulated[r], _brute(x, y, day[rng.permutation(len(day))]))


def test_p_values_are_reproducible_by_seed():
    x, y, day = _events(seed=5)
    a = knox(x, y, day, distances=DIST, days=DAYS, permutations=199, seed=42)
    b = knox(x, y, day, distances=DIST, days=DAYS, permutations=199, seed=42)
    c = knox(x, y, day, distances=DIST, days=DAYS, permutations=199, seed=43)
    np.testing.assert_array_equal(a.p, b.p)
    np.testing.assert_array_equal(a.simulated, b.simulated)
    assert not np.array_equal(a.simulated, c.simulated)
    assert ((a.p >= 1 / 200) & (a.p <= 1)).all()
    np.testing.assert_array_equal(a.p, (1 + (a.simulated >= a.observed).sum(axis=0)) / 200)


def test_exact_expectation_is_the_mean_of_the_simulations():
    x, y, day = _events(n=400, seed=6)
    k = knox(x, y, day, distances=DIST, days=DAYS, permutations=2000, seed=1)
    mean, sd = k.simulated.mean(axis=0), k.simulated.std(axis=0)
    se = np.maximum(sd, 1) / np.sqrt(k.permutations)
    assert (np.abs(mean - k.expected) < 4 * se).all()
    np.testing.assert_allclose(k.expected.sum(), k.observed.sum())  # every pair is somewhere


def test_a_planted_near_repeat_is_recovered():
    rng = np.random.default_rng(2024)
    n0, side, span, m = 2000, 5000.0, 730, 100
    x, y, day = rng.uniform(0, side, n0), rng.uniform(0, side, n0), rng.integers(0, span, n0)
    # m followers, each within 100 m and 0-7 days of a background incident
    src = rng.choice(n0, m, replace=False)
    r, a = 100 * np.sqrt(rng.uniform(0.01, 1, m)), rng.uniform(0, 2 * np.pi, m)
    x = np.r_[x, x[src] + r * np.cos(a)]
    y = np.r_[y, y[src] + r * np.sin(a)]
    day = np.r_[day, day[src] + rng.integers(0, 8, m)]
    k = knox(x, y, day, distances=[100, 200, 300, 400, 500], days=[7, 14, 21, 28, 35, 42, 49, 56],
             same_place=False, permutations=199, seed=9)
    e, o = k.expected[0, 0], k.observed[0, 0]
    # the known excess: m planted pairs above chance (sd of the chance count about sqrt(e))
    assert abs(o - e - m) < 4 * np.sqrt(e)
    assert k.ratio[0, 0] == pytest.approx(1 + m / e, abs=4 * np.sqrt(e) / e)
    assert k.ratio[0, 0] > 2.5 and k.p[0, 0] == 1 / 200
    far = k.ratio[2:5, 2:8]  # 200-500 m, 15-56 days: nothing planted
    assert (np.abs(far - 1) < 0.25).all()


def test_chains_link_close_incidents_in_time_order():
    rng = np.random.default_rng(3)
    x, y = rng.uniform(0, 10000, 200), rng.uniform(0, 10000, 200)
    day = rng.integers(0, 1000, 200)
    x = np.r_[x, 5000 + 50 * np.arange(5)]
    y = np.r_[y, np.full(5, 5000.0)]
    day = np.r_[day, 2000 + 3 * np.arange(5)]  # a row of five, 50 m and 3 days apart
    c = near_repeat_chains(x, y, day, distance=100, days=7, min_events=3)
    first = c.frame.iloc[0]
    assert first["events"] == 5 and first["span_days"] == 12 and first["extent_m"] == pytest.approx(200)
    assert (c.member[-5:] == 0).all()
    assert first.geometry.geom_type == "LineString" and first.geometry.length == pytest.approx(200)


def test_parse_edges():
    assert parse_edges([50, 100], "afstanden", "m").tolist() == [50, 100]
    for bad in ("100,50", "0,100", "a,b", ""):
        with pytest.raises(AnalysisError):
            parse_edges(bad, "afstanden", "m")


@functools.lru_cache(maxsize=None)
def _demo_incidents():
    return importers.read_incidents(demo.INCIDENTS)[0]


def test_demo_bicycle_thefts_table_and_sentence():
    r = nearrepeat.run(Inputs(incidents=_demo_incidents()),
                       {"permutations": 99, "distances": "100,200", "days": "7,14", "noun": "fietsdiefstal"})
    t = r.table
    assert len(t) == 4 * 3 and t["observed"].sum() == 15947 * 15946 // 2
    assert r.sentence.startswith("Op dezelfde plek en binnen 7 dagen na een fietsdiefstal is de kans op een volgende")
    assert "keer zo groot als bij toeval" in r.sentence
    best = t[t["significant"]].sort_values("ratio").iloc[-1]
    assert best["row"] == "zelfde plek" and best["column"] == "0 tot 7 dagen"
    d = r.to_dict()
    assert d["rows"][0] == "zelfde plek" and len(d["ratio"]) == 4 and d["chains"][0]["chain"] == "R1"
    assert r.chain_of.notna().sum() == r.chains["events"].sum()
    assert any("permutaties" in w for w in r.warnings)  # 99 permutations cannot carry FDR over 6 bands alone


def test_refusals_are_dutch():
    inc = _demo_incidents()
    with pytest.raises(AnalysisError, match="minstens 30"):
        nearrepeat.run(Inputs(incidents=inc.head(10)), {"permutations": 99})
    with pytest.raises(AnalysisError, match="incidenten met coördinaten"):
        nearrepeat.run(Inputs(), {})
    with pytest.raises(AnalysisError, match="geen datum"):
        nearrepeat.run(Inputs(incidents=inc), {"start": "gisteren"})
    with pytest.raises(AnalysisError, match="niet in de gegevens"):
        nearrepeat.run(Inputs(incidents=inc), {"category": "Woninginbraak"})
    no_time = pd.DataFrame({"x": [1.0] * 40, "y": [1.0] * 40})
    with pytest.raises(AnalysisError, match="begintijd"):
        nearrepeat.run(Inputs(incidents=no_time), {})


@pytest.mark.parametrize("layout", ["uniform", "clustered"])
def test_estimated_pairs_is_near_the_exact_count(layout):
    """The sample's count of pairs within the largest distance (what the window's time estimate uses) is
    within 10% of the exact count, for events spread evenly and for events in a few dense clusters; with no
    more events than the sample it is exact."""
    from hotspots.spacetime.knox import close_pairs, estimated_pairs

    rng = np.random.default_rng(7)
    n = 40_000
    if layout == "uniform":
        x, y = rng.uniform(0, 8000, n), rng.uniform(0, 8000, n)
    else:
        centres = rng.uniform(0, 8000, (12, 2))
        pick = rng.integers(0, 12, n)
        x, y = centres[pick, 0] + rng.normal(0, 250, n), centres[pick, 1] + rng.normal(0, 250, n)
    exact = len(close_pairs(x, y, 300.0)[0])
    assert abs(estimated_pairs(x, y, 300.0) - exact) < 0.10 * exact
    assert estimated_pairs(x[:2000], y[:2000], 300.0) == len(close_pairs(x[:2000], y[:2000], 300.0)[0])
