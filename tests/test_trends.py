"""Monthly trends: missing is not zero, the seasonal expectation by hand, flags, Mann-Kendall vs pymannkendall."""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pymannkendall as mk  # a test dependency (pyproject.toml): the independent reference
import pytest
from scipy import stats

from hotspot_data import groningen_areas, groningen_incidents, monthly_counts
from hotspots.change.expected_range import count_range
from hotspots.change.trends import run_trends, seasonal_expectation, seasonal_mann_kendall
from hotspots.significance import seasonal_mann_kendall_rows
from kernel.errors import AnalysisError


_counts = functools.partial(monthly_counts, first="2014-01")


def test_missing_month_is_nan_and_zero_is_zero():
    values = [5] * 12 + [0, np.nan] + [5] * 10
    r = run_trends(counts=_counts("BU1", values))
    s = r.series.set_index("month")
    assert s.loc[pd.Period("2015-01", "M"), "count"] == 0
    assert np.isnan(s.loc[pd.Period("2015-02", "M"), "count"])
    assert pd.isna(s.loc[pd.Period("2015-02", "M"), "flag"])
    assert s.loc[pd.Period("2015-02", "M"), "prev_year"] == 5
    assert s.loc[pd.Period("2015-01", "M"), "prev_year"] == 5
    # 0 against last year's single 5: below the Poisson range, but not below the range that also counts
    # the uncertainty of an expectation resting on one month (variance 2 x 5, see test_trends_range.py)
    assert s.loc[pd.Period("2015-01", "M"), "flag"] == "normaal"
    poisson = run_trends(counts=_counts("BU1", values), params={"spread": "poisson"}).series.set_index("month")
    assert poisson.loc[pd.Period("2015-01", "M"), "flag"] == "laag"


def test_incident_months_without_incidents_are_zero():
    inc = pd.DataFrame({"start": pd.to_datetime(["2016-01-10", "2016-03-02", "2016-03-05"]),
                        "area": ["BU1", "BU1", "BU2"]})
    r = run_trends(incidents=inc, areas=["BU1", "BU2", "BU3"])
    wide = r.series.pivot(index="code", columns="month", values="count")
    assert wide.columns.astype(str).tolist() == ["2016-01", "2016-02", "2016-03"]
    np.testing.assert_array_equal(wide.loc["BU1"], [1, 0, 1])
    np.testing.assert_array_equal(wide.loc["BU3"], [0, 0, 0])
    assert any("De laatste maand (maart 2016) loopt in de gegevens maar tot 05-03-2016" in n for n in r.notes)


def test_seasonal_expectation_by_hand():
    months = pd.period_range("2014-01", periods=14, freq="M")
    values = np.array([list(range(1, 13)) + [2, 4]], dtype=float)
    e = seasonal_expectation(values, months)
    assert np.isnan(e[0, :12]).all()  # no same month in the history yet (and < 6 recent months at first)
    # January 2015: history = 2014 (mean 6.5); same month = 1; last 12 months mean 6.5 -> 1
    assert e[0, 12] == pytest.approx(1.0)
    # February 2015: history = 2014-01..2015-01 (sum 80, 13 months); same month 2; last 12 months 2..12, 2
    assert e[0, 13] == pytest.approx(2 / (80 / 13) * (79 / 12))


def test_constant_series_expectation_and_poisson_range():
    months = pd.period_range("2014-01", periods=36, freq="M")
    e = seasonal_expectation(np.full((1, 36), 20.0), months)
    np.testing.assert_allclose(e[0, 12:], 20.0)
    lo, hi = count_range(np.array([20.0]), 1.0, 0.95)  # ratio 1: Poisson, the range of spread="poisson"
    assert (lo[0], hi[0]) == (stats.poisson.ppf(0.025, 20), stats.poisson.ppf(0.975, 20))


def test_spike_is_flagged_high_and_small_numbers_need_min_count():
    values = [20] * 30 + [45] + [20] * 5
    r = run_trends(counts=_counts("BU1", values))
    flagged = r.series[r.series["flag"] == "hoog"]
    assert flagged["month"].astype(str).tolist() == ["2016-07"]
    assert flagged["upper"].iat[0] > stats.poisson.ppf(0.975, 20)  # widened for the uncertainty of E
    plain = run_trends(counts=_counts("BU1", values), params={"spread": "poisson"}).series
    assert plain.loc[plain["flag"] == "hoog", "upper"].tolist() == [stats.poisson.ppf(0.975, 20)]
    assert any("juli 2016 hoger dan verwacht (45 tegen 20,0 verwacht" in s for s in r.sentences)
    small = run_trends(counts=_counts("BU2", [0] * 30 + [2] + [0] * 5))
    assert (small.series["flag"] == "hoog").sum() == 0
    assert run_trends(counts=_counts("BU2", [0] * 30 + [2] + [0] * 5),
                      params={"min_count": 1}).series["flag"].eq("hoog").sum() == 1


def test_seasonal_mann_kendall_matches_pymannkendall():
    rng = np.random.default_rng(0)
    months = pd.period_range("2012-01", periods=60, freq="M")
    x = rng.poisson(5 + 0.05 * np.arange(60)).astype(float)  # with ties
    x[[3, 17, 40]] = np.nan
    ours = seasonal_mann_kendall(x, months)
    ref = mk.seasonal_test(x, period=12)
    assert ours["s"] == ref.s and ours["var_s"] == pytest.approx(ref.var_s)
    assert ours["z"] == pytest.approx(ref.z) and ours["p"] == pytest.approx(ref.p)
    assert ours["tau"] == pytest.approx(ref.Tau) and ours["slope"] == pytest.approx(ref.slope)


def _generated_series(n_series: int, seed: int = 19):
    """Monthly series of 2 to 10 years, starting in any month (half of them three years from January 2010),
    small counts (many ties), missing months (up to whole seasons), some constant and some all-missing:
    ``[(values, months)]``."""
    rng = np.random.default_rng(seed)
    out = []
    for k in range(n_series):
        t, shift = (36, 0) if k % 2 else (int(rng.integers(24, 121)), int(rng.integers(0, 12)))  # half in one block
        months = pd.period_range(pd.Period("2010-01", "M") + shift, periods=t, freq="M")
        x = rng.poisson(rng.uniform(0.3, 8) * (1 + rng.uniform(-0.5, 0.5) * np.arange(t) / t)).astype(float)
        x[rng.random(t) < rng.choice([0.0, 0.05, 0.3])] = np.nan
        if k % 50 == 0:
            x[np.asarray(months.month) == 3] = np.nan  # a whole season missing
        if k % 97 == 0:
            x[np.isfinite(x)] = 4.0  # constant: nothing to test
        if k % 331 == 0:
            x[:] = np.nan
        out.append((x, months))
    return out


def test_seasonal_mann_kendall_of_thousands_of_series_at_once_equals_pymannkendall():
    """All series of one length in one call, as the trends compute them; each against pymannkendall.seasonal_test
    (S, Var S, tau and the slope exactly or to float rounding; p to 1e-12: pymannkendall takes 2(1 - cdf))."""
    series = _generated_series(3000)
    by_months: dict = {}
    for i, (x, months) in enumerate(series):
        by_months.setdefault((months[0], len(months)), []).append(i)
    checked = untestable = 0
    for (first, length), idx in by_months.items():
        months = pd.period_range(first, periods=length, freq="M")
        rows = seasonal_mann_kendall_rows(np.vstack([series[i][0] for i in idx]), months)
        for r, i in enumerate(idx):
            x = series[i][0]
            try:
                with np.errstate(invalid="ignore", divide="ignore"):
                    ref = mk.seasonal_test(x, period=12)
            except ZeroDivisionError:  # pymannkendall divides by the number of pairs: none at all
                assert rows["s"][r] == 0 and np.isnan(rows["p"][r]) and np.isnan(rows["slope"][r])
                untestable += 1
                continue
            assert rows["s"][r] == ref.s and rows["n"][r] == np.isfinite(x).sum()
            assert rows["var_s"][r] == pytest.approx(ref.var_s, rel=1e-12, abs=0)
            if np.isnan(rows["p"][r]):  # no pair, or every value of every season tied
                assert ref.var_s == 0 or not np.isfinite(ref.Tau)
                untestable += 1
                continue
            assert rows["z"][r] == pytest.approx(ref.z, rel=1e-12)
            assert rows["p"][r] == pytest.approx(ref.p, rel=1e-9, abs=1e-12)
            assert rows["tau"][r] == pytest.approx(ref.Tau, rel=1e-12)
            assert rows["slope"][r] == ref.slope
            checked += 1
    assert checked > 2800 and untestable >= 30


def test_trend_direction_and_sentence():
    rng = np.random.default_rng(4)
    rising = rng.poisson(np.linspace(5, 40, 48))
    flat = rng.poisson(np.full(48, 12))
    counts = pd.concat([_counts("BU1", rising), _counts("BU2", flat)])
    r = run_trends(counts=counts)
    t = r.tests.set_index("code")
    assert t.loc["BU1", "direction"] == "stijgend" and t.loc["BU2", "direction"] == "geen trend"
    np.testing.assert_allclose(t["p_fdr"].max(), t["p"].max())  # BH: the largest p stays
    assert any(s.startswith("BU1: het aantal stijgt") for s in r.sentences)
    assert "1 van de 2 reeksen: geen duidelijke trend." in r.sentences


def test_filters_and_errors():
    counts = pd.concat([_counts("GM0014", [50] * 24), _counts("BU00140000", [5] * 24)])
    assert run_trends(counts=counts, params={"level": "buurt"}).series["code"].unique().tolist() == ["BU00140000"]
    assert len(run_trends(counts=counts, area="GM0014", params={"start": "2015-01"}).series) == 12
    with pytest.raises(AnalysisError, match="één van beide"):
        run_trends(counts=counts, incidents=pd.DataFrame({"start": []}))
    with pytest.raises(AnalysisError, match="Geen maandcijfers over voor area 'BU9'"):
        run_trends(counts=counts, area="BU9")
    with pytest.raises(AnalysisError, match="'2016-13' is geen maand"):
        run_trends(counts=counts, params={"end": "2016-13"})
    with pytest.raises(AnalysisError, match="missen de kolom count"):
        run_trends(counts=counts.drop(columns="count"))


def test_groningen_counts_file_equals_incidents_by_buurt_and_start_month(groningen):
    """The counts file was built from the incidents and the CBS 2017 buurten: every figure must agree."""
    import importers
    from hotspots.where.assign import assign_points

    counts, _ = importers.read_counts(groningen / "groningen_47022NED_typed_2014_2016.csv")
    areas, incidents = groningen_areas(groningen), groningen_incidents(groningen)
    assigned = assign_points(incidents, areas).incidents
    assigned["category"] = "1.2.3"  # the police code of bicycle theft, as in the counts file
    from_counts = run_trends(counts=counts, params={"level": "buurt"})
    from_incidents = run_trends(incidents=assigned, areas=areas, params={"start": "2014-01", "end": "2016-12"})
    a = from_counts.series.sort_values(["code", "month"]).reset_index(drop=True)
    b = from_incidents.series.sort_values(["code", "month"]).reset_index(drop=True)
    assert len(a) == len(b) == 108 * 36
    assert a["count"].sum() == b["count"].sum() == 10441
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
    pd.testing.assert_frame_equal(from_counts.tests.sort_values("code").reset_index(drop=True),
                                  from_incidents.tests.sort_values("code").reset_index(drop=True))
    assert (a["flag"] == "hoog").sum() == 45  # 119 with the plain Poisson range (test_trends_range.py)
