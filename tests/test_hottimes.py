"""Hot hours: tests against scipy, blocks in words, profiles and the temporal signature."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from hotspots.when.hottimes import block_phrase, hot_blocks, matrix_test, run_hottimes
from hotspots.when.profiles import dagdeel_profile, month_profile, signatures_by, temporal_signature
from kernel.errors import AnalysisError


def test_matrix_test_matches_scipy():
    rng = np.random.default_rng(3)
    obs = rng.poisson(20, (7, 24)).astype(float)
    exp = np.full((7, 24), obs.sum() / 168)
    chi = matrix_test(obs, exp, "chi2")
    ref = stats.chisquare(obs.ravel(), exp.ravel())
    assert chi["method"] == "asymptotisch" and chi["df"] == 167
    assert chi["statistic"] == pytest.approx(ref.statistic) and chi["p"] == pytest.approx(ref.pvalue)
    g = matrix_test(obs, exp, "g")
    ref_g = stats.power_divergence(obs.ravel(), exp.ravel(), lambda_="log-likelihood")
    assert g["statistic"] == pytest.approx(ref_g.statistic) and g["p"] == pytest.approx(ref_g.pvalue)


def test_monte_carlo_for_small_numbers_is_seeded_and_sensible():
    obs = np.zeros((7, 24))
    obs[4, 22] = 12  # twelve incidents, all on Friday 22h
    exp = np.full((7, 24), 12 / 168)
    a = matrix_test(obs, exp, simulations=999, seed=1)
    b = matrix_test(obs, exp, simulations=999, seed=1)
    assert a == b and a["method"] == "Monte Carlo"
    assert a["p"] == pytest.approx(1 / 1000)
    # a spread-out sample is not significant
    spread = np.zeros(168)
    spread[np.arange(0, 168, 14)] = 1
    c = matrix_test(spread.reshape(7, 24), exp, simulations=999, seed=1)
    assert c["p"] > 0.5


def _hot_at(slots):
    hot = np.zeros(168, dtype=bool)
    hot[slots] = True
    return hot


def test_blocks_merge_over_midnight_and_over_the_week_end():
    hot = _hot_at([4 * 24 + 22, 4 * 24 + 23, 5 * 24 + 0, 5 * 24 + 1, 167, 0, 26])
    obs = np.where(hot, 10.0, 1.0)
    blocks = {b["label"]: b for b in hot_blocks(hot, obs, np.ones(168), np.where(hot, 0.01, 1.0))}
    assert set(blocks) == {"vrijdag 22:00-02:00", "zondag 23:00-01:00", "dinsdag 02:00-03:00"}
    fri = blocks["vrijdag 22:00-02:00"]
    assert (fri["day"], fri["start"], fri["end"], fri["hours"]) == ("vrijdag", "22:00", "02:00", 4)
    assert fri["observed"] == 40 and fri["expected"] == 4 and fri["p_fdr"] == 0.01
    assert fri["phrase"] == "vrijdagavond en vr-za nacht"
    assert blocks["zondag 23:00-01:00"]["phrase"] == "zondagavond en zo-ma nacht"


def test_block_longer_than_a_day_names_both_days():
    hot = _hot_at(list(range(4 * 24 + 20, 6 * 24 + 3)))
    (b,) = hot_blocks(hot, np.ones(168), np.ones(168), np.full(168, 0.01))
    assert b["label"] == "vrijdag 20:00 - zondag 03:00" and b["phrase"] is None


def test_phrases():
    assert block_phrase(5 * 24 + 23, 5) == "zaterdagavond en za-zo nacht"
    assert block_phrase(6 * 24 + 2, 3) == "za-zo nacht"
    assert block_phrase(0 * 24 + 8, 3) == "maandagochtend"


def _incidents_with_friday_night_burst(seed=5):
    rng = np.random.default_rng(seed)
    base = pd.Timestamp("2016-01-04")  # a Monday
    background = base + pd.to_timedelta(rng.integers(0, 52 * 7 * 1440, 3000), unit="min")
    fridays = base + pd.to_timedelta(4 + 7 * rng.integers(0, 52, 400), unit="D") \
        + pd.to_timedelta(22 * 60 + rng.integers(0, 240, 400), unit="min")
    start = pd.Series(np.concatenate([background.to_numpy(), fridays.to_numpy()]))
    cat = ["overlast"] * 3000 + ["vernieling"] * 400
    return pd.DataFrame({"start": start, "end": start, "category": cat})


def test_run_hottimes_finds_the_friday_night_block():
    inc = _incidents_with_friday_night_burst()
    r = run_hottimes(inc, {"aoristic": False})
    assert r.total == 3400 and r.matrix.shape == (7, 24)
    assert r.test["p"] < 1e-10
    labels = [b["label"] for b in r.hot_blocks]
    assert labels[0] == "vrijdag 22:00-02:00", labels
    assert all(b["p_fdr"] <= 0.05 for b in r.hot_blocks)
    assert r.hot.sum() == 4
    np.testing.assert_allclose(r.expected, 3400 / 168)
    d = r.to_dict()
    assert len(d["matrix"]) == 7 and all(len(row) == 24 for row in d["matrix"])


def test_baseline_of_all_categories_and_category_filter():
    inc = _incidents_with_friday_night_burst()
    # against itself as baseline nothing is hot
    same = run_hottimes(inc, {"aoristic": False}, baseline=inc)
    assert same.hot_blocks == [] and same.test["statistic"] == pytest.approx(0.0, abs=1e-9)
    vern = run_hottimes(inc, {"aoristic": False, "category": "vernieling"}, baseline=inc)
    assert vern.total == 400
    assert vern.hot_blocks[0]["label"] == "vrijdag 22:00-02:00"
    np.testing.assert_allclose(vern.expected.sum(), 400)


def test_bad_inputs_give_dutch_errors():
    inc = _incidents_with_friday_night_burst()
    with pytest.raises(AnalysisError, match="basismatrix moet 7 x 24"):
        run_hottimes(inc, baseline=np.ones((24, 7)))
    with pytest.raises(AnalysisError, match="Geen incidenten met categorie 'inbraak'"):
        run_hottimes(inc, {"category": "inbraak"})
    with pytest.raises(AnalysisError, match="geen kolom area"):
        run_hottimes(inc, {"area": "BU00140000"})
    with pytest.raises(AnalysisError, match="Alpha|Significantieniveau"):
        run_hottimes(inc, {"alpha": 2})


def test_swapped_windows_are_reported():
    inc = pd.DataFrame({"start": pd.to_datetime(["2017-09-19 13:00", "2017-09-19 10:00"]),
                        "end": pd.to_datetime(["2017-09-19 10:30", "2017-09-19 11:00"])})
    r = run_hottimes(inc, {"simulations": 99})
    assert any("omgewisseld" in w for w in r.warnings)
    assert r.total == pytest.approx(2.0)


def test_profiles_and_signatures():
    m = np.zeros((7, 24))
    m[:, 0:6] = 1  # 42 at night
    m[:, 18:24] = 2  # 84 in the evening
    assert dagdeel_profile(m) == {"nacht": 42.0, "ochtend": 0.0, "middag": 0.0, "avond": 84.0}
    # January 2016 .. January 2017: two Januaries (2 incidents -> 1 a year), one December, no March incident
    months = month_profile(pd.to_datetime(["2016-01-05", "2017-01-09", "2016-12-31"]))
    assert (months["januari"], months["december"], months["maart"]) == (1.0, 1.0, 0.0)
    assert np.isnan(month_profile(pd.to_datetime(["2016-05-01"]))["juni"])
    assert temporal_signature(np.ones((7, 24)))["signature"] == "diffused"
    acute = np.ones((7, 24))
    acute[:, 21:24] = 30
    assert temporal_signature(acute)["signature"] == "acute"
    focused = np.ones((7, 24)) * 5
    focused[:, 14:22] = 12
    sig = temporal_signature(focused)
    assert sig["signature"] == "focused" and sig["block"] == "14:00-22:00"
    assert sig["share"] == pytest.approx(8 * 12 / (8 * 12 + 16 * 5))
    assert temporal_signature(np.zeros((7, 24)))["signature"] == "unknown"


def test_groningen_hot_blocks():
    """All 15,947 registrations (the demo copy of the Groningen file, same times; faster to read than the xlsx)."""
    from resources import demo
    inc = pd.read_csv(demo.INCIDENTS, usecols=["start", "end"], parse_dates=["start", "end"])
    ao = run_hottimes(inc)
    so = run_hottimes(inc, {"aoristic": False})
    assert ao.total == pytest.approx(15947) and so.total == 15947
    assert ao.hot_blocks[0]["label"] == "donderdag 16:00-22:00"
    assert so.hot_blocks[0]["label"] == "vrijdag 12:00-00:00"
    # start times round to the hour and miss the nights; the aoristic matrix is flatter
    assert ao.test["statistic"] < so.test["statistic"] / 3
    assert ao.signature["signature"] == so.signature["signature"] == "focused"


def test_baseline_without_an_hour_that_has_incidents_is_reported():
    inc = _incidents_with_friday_night_burst()
    base = np.ones((7, 24))
    base[0, 3] = 0
    r = run_hottimes(inc, {"aoristic": False}, baseline=base)
    assert any("niet getoetst" in w for w in r.warnings)
    assert r.test["df"] == 166 and np.isnan(r.p_fdr[0, 3])


def test_signature_per_area():
    inc = _incidents_with_friday_night_burst()
    inc["area"] = np.where(inc["category"] == "vernieling", "BU_NACHT", "BU_DAG")
    inc.loc[inc.index[:5], "area"] = "BU_KLEIN"
    inc.loc[inc.index[5], "area"] = None
    sig = signatures_by(inc, "area", aoristic=False).set_index("area")
    assert sig.loc["BU_NACHT", "signature"] == "acute" and sig.loc["BU_NACHT", "block"] == "20:00-04:00"
    assert sig.loc["BU_DAG", "signature"] == "diffused"
    assert sig.loc["BU_KLEIN", "signature"] == "unknown"
    assert sig["total"].sum() == len(inc) - 1


def test_signatures_by_can_be_cancelled():
    from kernel.progress import Cancelled

    inc = pd.DataFrame({"start": pd.to_datetime(["2024-01-05 22:10"] * 12), "area": ["A"] * 6 + ["B"] * 6})
    assert len(signatures_by(inc, "area")) == 2
    with pytest.raises(Cancelled):
        signatures_by(inc, "area", cancelled=lambda: True)
