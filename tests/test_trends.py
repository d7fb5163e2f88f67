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
    small = run_trends(counts=_counts("BU2", [0] * 30 + [2] + [5] * 5))
    assert (small.series["flag"] == "hoog").sum() == 0
    # after thirty empty months there is no baseline (an expectation of 0 from no incident at all): no flag,
    # whatever min_count (issue 11: months were flagged against an expectation of 0 with upper bound 0)
    one = run_trends(counts=_counts("BU2", [0] * 30 + [2] + [5] * 5), params={"min_count": 1})
    assert one.series["flag"].eq("hoog").sum() == 0 and np.isnan(one.series["expected"].iloc[30])
    # with incidents in the history the small count is judged as before
    seen = run_trends(counts=_counts("BU2", [1, 0, 0] * 10 + [4] + [0] * 5), params={"min_count": 1, "spread": "poisson"})
    assert seen.series.loc[seen.series["flag"] == "hoog", "month"].astype(str).tolist() == ["2016-07"]


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
    with pytest.raises(AnalysisError, match="Geen maandcijfers over voor gebied 'BU9'"):
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
                                  from_incidents.tests.drop(columns="name").sort_values("code").reset_index(drop=True))
    names = dict(zip(areas["code"], areas["name"]))  # the incidents' tests name their areas (the counts had none)
    assert (from_incidents.tests["name"] == from_incidents.tests["code"].map(names)).all()
    assert (a["flag"] == "hoog").sum() == 25  # 99 with the plain Poisson range (test_trends_range.py)


def _incidents(months, per_month=6, areas=("BU1", "BU2", "BU3")):
    rows = [(pd.Timestamp(m) + pd.Timedelta(days=d % 27, hours=d % 24), a)
            for m in months for a in areas for d in range(per_month)]
    return pd.DataFrame({"start": [r[0] for r in rows], "area": [r[1] for r in rows]})


def test_four_months_of_data_give_no_flags_and_say_too_little_history():
    """Issue 11: trends on four months of data flagged months 'hoger dan verwacht' against an expectation of 0."""
    r = run_trends(incidents=_incidents(["2016-01", "2016-02", "2016-03", "2016-04"]))
    assert r.series["flag"].isna().all()
    assert r.warnings and r.warnings[0].startswith("Te weinig historie voor signalen: de gegevens beslaan 4 maand")
    assert not any("hoger dan verwacht" in s for s in r.sentences)


def test_months_asked_for_outside_the_data_are_unknown_and_never_a_baseline():
    """--start three years before four months of data: those months are not zeros to flag against."""
    r = run_trends(incidents=_incidents(["2016-01", "2016-02", "2016-03", "2016-04"]), params={"start": "2013-01"})
    s = r.series
    assert s.loc[s["month"] < pd.Period("2016-01", "M"), "count"].isna().all()
    assert s["flag"].isna().all() and "Te weinig historie" in r.warnings[0]
    assert any("buiten de gegevens" in n for n in r.notes)


def test_a_stray_old_date_gives_no_flags_against_an_empty_history():
    """One incident typed years too early made three years of zeros: no month is 'hoog' against them."""
    inc = _incidents(["2016-01", "2016-02", "2016-03", "2016-04"])
    inc = pd.concat([inc, pd.DataFrame({"start": [pd.Timestamp("2013-02-03")], "area": ["BU9"]})])
    r = run_trends(incidents=inc)
    assert (r.series["flag"] == "hoog").sum() == 0
    bu1 = r.series[r.series["code"] == "BU1"]
    assert bu1["expected"].iloc[:36].isna().all() and (bu1["expected"].iloc[36:] == 0).all()
    assert bu1["flag"].isna().all() and r.warnings


def test_trends_cli_prints_the_warning(tmp_path, cli):
    path = tmp_path / "meldingen.csv"
    inc = _incidents(["2016-01", "2016-02", "2016-03", "2016-04"])
    pd.DataFrame({"x": 233000 + np.arange(len(inc)), "y": 582000,
                  "datum": inc["start"].dt.strftime("%d-%m-%Y %H:%M")}).to_csv(path, sep=";", index=False)
    code, out, err = cli("trends", "--incidents", path)
    assert code == 0, err
    assert "Let op: Te weinig historie voor signalen" in out


def test_incidents_without_a_category_are_one_series():
    """The reader gives a file without categories an empty category column: one series, not none."""
    inc = _incidents(["2016-01", "2016-02"]).assign(category=pd.Series(pd.NA, dtype="string"))
    r = run_trends(incidents=inc)
    assert set(r.series["category"]) == {"alle"} and r.series["count"].sum() == len(inc)
    inc.loc[inc.index[:5], "category"] = "overlast"
    assert set(run_trends(incidents=inc).series["category"]) == {"overlast", "onbekend"}


def test_too_little_history_reaches_every_export(tmp_path, cli):
    """The warning is in samenvatting.json and in the metadata of resultaten.xlsx and resultaten.gpkg."""
    import json

    import openpyxl
    import pyogrio

    from resources import demo

    inc = pd.read_csv(demo.INCIDENTS, parse_dates=["start", "end"])
    recent = inc[inc["start"] >= inc["start"].max() - pd.Timedelta(days=100)]
    path = tmp_path / "kort.csv"
    recent.to_csv(path, index=False)
    out = tmp_path / "uit"
    code, stdout, err = cli("analyse", "--areas", demo.AREAS, "--incidents", path, "--out", out, "--json")
    assert code == 0, err
    assert any(w.startswith("Te weinig historie") for w in json.loads(stdout)["warnings"])
    sheet = openpyxl.load_workbook(out / "resultaten.xlsx")["Toelichting"]
    assert any("Te weinig historie" in str(c.value) for row in sheet.iter_rows() for c in row)
    meta = pyogrio.read_dataframe(out / "resultaten.gpkg", layer="wijkbeeld_metadata")
    assert meta["value"].astype(str).str.contains("Te weinig historie").any()


def test_sentences_name_the_areas_and_never_say_about_zero_per_month():
    """Issue 18: the trend sentences name the areas (not only their codes), from the areas or the counts' own
    names, and a slope that rounds to 0,0 is not written as 'ongeveer 0,0 per maand minder per jaar'."""
    rising = [10 + y * 6 for y in range(4) for _ in range(12)]  # 10, 16, 22, 28 a month: +6 per month per year
    slow = [100 + (m % 12) + (y if m % 12 == 0 else 0) for y in range(4) for m in range(12 * y, 12 * y + 12)]
    counts = pd.concat([_counts("BU1", rising), _counts("BU2", slow)])
    areas = pd.DataFrame({"code": ["BU1", "BU2"], "name": ["Binnenstad-Zuid", "Oosterpoort"]})
    r = run_trends(counts=counts, areas=areas, params={"spread": "poisson"})
    assert r.tests.set_index("code")["name"].to_dict() == {"BU1": "Binnenstad-Zuid", "BU2": "Oosterpoort"}
    up = [s for s in r.sentences if s.startswith("Binnenstad-Zuid (BU1): het aantal stijgt")]
    assert len(up) == 1 and "ongeveer 6,0 per maand meer per jaar" in up[0]
    assert not any("0,0 per maand" in s for s in r.sentences)
    # the counts' own names when no areas are given; without any name the code alone, as before
    named = run_trends(counts=_counts("BU1", rising).assign(name="Centrum"))
    assert any(s.startswith("Centrum (BU1): het aantal stijgt") for s in named.sentences)
    assert any(s.startswith("BU1: het aantal stijgt") for s in run_trends(counts=_counts("BU1", rising)).sentences)


def test_a_slope_that_rounds_to_zero_is_said_as_less_than_a_tenth():
    from hotspots.change.trends import _slope_text

    assert _slope_text(-0.04, "minder") == "minder dan 0,1 per maand minder per jaar"
    assert _slope_text(0.05, "meer") == "ongeveer 0,1 per maand meer per jaar"
    assert _slope_text(-1.26, "minder") == "ongeveer 1,3 per maand minder per jaar"


def test_signals_are_listed_newest_first():
    """The officer reads the signals every month: the newest month first, areas of one month by code (they came
    by area, an older month of one area before a newer one of another)."""
    values_a = [20] * 26 + [45] + [20] * 9   # 2016-03 high
    values_b = [20] * 33 + [45] + [20] * 2   # 2016-10 high
    values_c = [20] * 33 + [45] + [20] * 2   # 2016-10 high too
    counts = pd.concat([_counts("BU3", values_c), _counts("BU1", values_a), _counts("BU2", values_b)])
    r = run_trends(counts=counts)
    flags = [s for s in r.sentences if "hoger dan verwacht" in s]
    assert [s.split(":")[0] + " " + s.split(": ")[1].split(" hoger")[0] for s in flags] == [
        "BU2 oktober 2016", "BU3 oktober 2016", "BU1 maart 2016"]
