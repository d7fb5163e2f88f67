"""Dates without times give no hot times (issue 11): every time 00:00 made midnight 'hot' with p = 0."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import importers
from hotspots.when.hottimes import midnight_share, run_hottimes
from resources import demo


def _dates(n=400, seed=2):
    rng = np.random.default_rng(seed)
    days = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 366, n), unit="D")
    return pd.DataFrame({"start": days.astype("datetime64[ns]"), "end": pd.NaT})


def test_dates_only_give_weekday_and_month_profiles_and_say_why():
    inc = _dates()
    r = run_hottimes(inc)
    assert r.hot_blocks == [] and not r.hot.any() and np.isnan(r.p).all()
    assert r.test["date_only"] and r.test["method"].startswith("niet mogelijk")
    assert "alleen datums" in r.warnings[0] and "00:00" in r.warnings[0]
    expected = inc["start"].dt.day_of_week.value_counts().sort_index()
    assert list(r.profiles["weekday"].values()) == pytest.approx(expected.astype(float).tolist())
    assert r.profiles["hour"] is None and r.profiles["dagdeel"] is None
    np.testing.assert_allclose(r.matrix.sum(axis=0), len(inc) / 24)  # no hour stands out
    assert sum(r.profiles["month"].values()) == pytest.approx(len(inc))  # one year: per month = the count


def test_dates_read_from_a_spreadsheet_date_column(tmp_path):
    inc = _dates(60)
    frame = pd.DataFrame({"X": 233000.0 + np.arange(60), "Y": 582000.0, "Datum": inc["start"]})
    path = tmp_path / "boa.xlsx"
    frame.to_excel(path, index=False)
    incidents, _ = importers.read_incidents(path)
    assert midnight_share(incidents["start"], incidents["end"]) == 1.0
    assert run_hottimes(incidents).test["date_only"]


def test_many_midnights_among_times_are_warned():
    inc = _dates(300)
    rng = np.random.default_rng(4)
    timed = rng.random(len(inc)) < 0.7
    inc.loc[timed, "start"] += pd.to_timedelta(rng.integers(60, 1440, timed.sum()), unit="min")
    r = run_hottimes(inc)
    assert not r.test.get("date_only")
    assert any("00:00 zonder eindtijd" in w for w in r.warnings)
    assert not any("00:00-01:00" in w for w in run_hottimes(inc[timed]).warnings)


def test_midnight_with_a_later_end_is_a_time_window_not_a_date():
    inc = _dates(50)
    inc["end"] = inc["start"] + pd.Timedelta(hours=5)
    assert midnight_share(inc["start"], inc["end"]) == 0.0


def test_cli_and_analyse_on_dates_only(tmp_path, cli):
    inc = _dates(200)
    path = tmp_path / "datums.csv"
    pd.DataFrame({"x": 233500.0 + np.arange(200), "y": 582500.0,
                  "datum": inc["start"].dt.strftime("%d-%m-%Y")}).to_csv(path, sep=";", index=False)
    code, out, err = cli("hottimes", "--incidents", path)
    assert code == 0, err
    assert out.startswith("Alleen datums, 200 incidenten") and "Let op:" in out
    code, out, err = cli("analyse", "--areas", demo.AREAS, "--incidents", path, "--out", tmp_path / "uit", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["hot_times"] == [] and any("alleen datums" in w for w in summary["warnings"])


def test_the_report_on_dates_only_says_why_there_are_no_hot_times(tmp_path, cli):
    """The report prints what the summary says: no hot times from dates, the weekday profile instead."""
    import shutil

    from report_text import flat, pdf_pages

    inc = _dates(600)
    path = tmp_path / "datums.csv"
    pd.DataFrame({"x": 233500.0 + np.arange(600) % 300, "y": 582500.0,
                  "datum": inc["start"].dt.strftime("%d-%m-%Y")}).to_csv(path, sep=";", index=False)
    out = tmp_path / "r.pdf"
    code, _, err = cli("rapport", "--areas", demo.AREAS, "--incidents", path, "--from", "2016-10", "--to", "2016-12",
                       "--out", out)
    assert code == 0, err
    if shutil.which("pdftotext"):
        text = flat(pdf_pages(out))
        assert "Geen hot times: de gegevens hebben alleen datums" in text and "Per dag van de week: maandag" in text
