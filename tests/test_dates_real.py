"""Dates as real registrations write them (issue 11): zones, names of months, columns found by content, parts."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from files_helpers import read_checked
from hotspots.when.hottimes import run_hottimes


def _csv(tmp_path, name, header, rows, sep=";"):
    path = tmp_path / name
    path.write_text("\n".join(sep.join(map(str, r)) for r in [header, *rows]) + "\n", encoding="utf-8")
    return path


def _xy(i):
    return 233000 + 10 * i, 582000 + 7 * i


@pytest.mark.parametrize("stamp, local", [
    ("2026-08-08T07:26:07.228597+00:00", "2026-08-08 09:26:07.228597"),  # summer: UTC+2
    ("2026-01-08T07:26:07Z", "2026-01-08 08:26:07"),                     # winter: UTC+1
    ("2026-03-29T00:30:00Z", "2026-03-29 01:30:00"),                     # just before summer time
    ("2026-03-29T01:30:00Z", "2026-03-29 03:30:00"),                     # just after
    ("2026-10-25T00:30:00Z", "2026-10-25 02:30:00"),                     # the hour that comes twice
    ("2026-10-25T01:30:00Z", "2026-10-25 02:30:00"),
    ("2016-06-15 23:31:00+0200", "2016-06-15 23:31:00"),                 # an offset already Dutch
    ("2016-06-15T21:31+00:00", "2016-06-15 23:31:00"),
])
def test_iso_8601_with_a_zone_is_dutch_local_time(tmp_path, stamp, local):
    rows = [(*_xy(i), stamp, "overlast") for i in range(3)]
    imported = read_checked(_csv(tmp_path, "signalen.csv", ["x", "y", "created_at", "categorie"], rows))
    assert str(imported.data["start"].iloc[0]) == local
    assert imported.report.extra["timezone"]["created_at"]["to"] == "Europe/Amsterdam"
    assert any("omgezet naar Nederlandse tijd" in a for a in imported.report.assumptions)


def test_hot_time_in_utc_is_two_hours_later_in_summer(tmp_path, cli):
    """Signalen writes UTC: a hot 20:00 UTC in summer is 22:00 on a Dutch clock."""
    days = pd.date_range("2025-06-02", periods=70, freq="D")  # summer
    rows = [(*_xy(i), f"{d:%Y-%m-%d}T20:{i % 50:02d}:00.000000+00:00", "geluid") for i, d in enumerate(days)]
    rows += [(*_xy(i + 100), f"{d:%Y-%m-%d}T{(i * 7) % 24:02d}:10:00Z", "geluid") for i, d in enumerate(days)]
    path = _csv(tmp_path, "signalen.csv", ["x", "y", "created_at", "categorie"], rows)
    result = run_hottimes(read_checked(path).data)
    assert result.matrix[:, 22].sum() >= 70 and result.matrix[:, 20].sum() < 10
    assert all(b["start"] == "22:00" for b in result.hot_blocks[:3])
    code, out, err = cli("inspect", path, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["extra"]["timezone"]["created_at"]["zones"] == ["UTC"]
    assert report["column_mapping"]["start"] == "created_at"


@pytest.mark.parametrize("header", ["created_at", "occur_date", "datum_melding", "Tijdstip melding", "ts"])
def test_date_column_found_by_content(tmp_path, header):
    rows = [(*_xy(i), f"{1 + i % 28:02d}-03-2016 2{i % 4}:15", f"{1 + i % 28:02d}-05-2016 10:00", "afval", i)
            for i in range(30)]
    path = _csv(tmp_path, "export.csv", ["x", "y", header, "closed_at", "soort", "volgnr"], rows)
    imported = read_checked(path)
    assert imported.report.column_mapping["start"] == header
    assert imported.data["start"].dt.month.eq(3).all()
    assert imported.report.extra["start_by_content"]["other_date_columns"] in ([], ["closed_at"])


def test_only_a_closing_date_is_not_a_start(tmp_path):
    rows = [(*_xy(i), f"2016-03-{1 + i:02d} 10:00", "afval") for i in range(10)]
    imported = read_checked(_csv(tmp_path, "x.csv", ["x", "y", "closed_at", "soort"], rows))
    assert imported.data["start"].isna().all()
    assert any("Geen kolom met een datum" in w for w in imported.report.warnings)


@pytest.mark.parametrize("text, expected", [
    ("12 maart 2016 22:30", "2016-03-12 22:30:00"), ("12-mrt-2016", "2016-03-12 00:00:00"),
    ("1 okt. 2016 om 07:05", "2016-10-01 07:05:00"), ("zaterdag 3 december 2016 23:59", "2016-12-03 23:59:00"),
    ("12-Mar-2016 22:30", "2016-03-12 22:30:00"), ("March 12, 2016 22:30", "2016-03-12 22:30:00"),
    ("31 mei 2017", "2017-05-31 00:00:00"),
])
def test_dutch_and_english_month_names(tmp_path, text, expected):
    rows = [(*_xy(i), text) for i in range(3)]
    imported = read_checked(_csv(tmp_path, "maanden.csv", ["x", "y", "datum"], rows))
    assert str(imported.data["start"].iloc[0]) == expected
    assert any("naam van de maand" in a for a in imported.report.assumptions)


def test_separate_date_and_time_columns_found_by_content(tmp_path):
    rows = [(*_xy(i), f"{1 + i:02d}-06-2016", f"{(i * 5) % 24}:{i % 60:02d}", "vernieling") for i in range(20)]
    imported = read_checked(_csv(tmp_path, "boa.csv", ["x", "y", "melddatum", "meldtijd", "feit"], rows))
    assert imported.report.column_mapping["start"] == "melddatum"
    assert imported.report.column_mapping["start_time"] == "meldtijd"
    assert str(imported.data["start"].iloc[3]) == "2016-06-04 15:03:00"


@pytest.mark.parametrize("times, expected, said", [
    # Excel keeps 0015 as 15: beside 1745 every number is hhmm (read value by value, 15 was 15:00 and 30 00:30)
    ([15, 30, 1745, 130, 5, 2330], ["00:15", "00:30", "17:45", "01:30", "00:05", "23:30"], "uumm"),
    ([0, 9, 15, 23, 5, 12], ["00:00", "09:00", "15:00", "23:00", "05:00", "12:00"], "het uur"),
    ([0.5, 0.75, 0.0625, 0.99, 0.25, 0.1], ["12:00", "18:00", "01:30", "23:45", "06:00", "02:24"], "deel van een dag"),
])
def test_a_time_column_of_numbers_is_read_one_way(tmp_path, times, expected, said):
    rows = [(*_xy(i), f"{1 + i:02d}-06-2016", t, "vernieling") for i, t in enumerate(times)]
    imported = read_checked(_csv(tmp_path, "tijden.csv", ["x", "y", "datum", "tijd", "feit"], rows))
    got = imported.data.sort_values("start")["start"].dt.strftime("%H:%M").tolist()
    assert got == expected
    assert any(said in a and "'tijd'" in a for a in imported.report.assumptions)


def test_an_hhmm_value_that_is_no_time_is_said_not_read(tmp_path):
    rows = [(*_xy(i), f"{1 + i:02d}-06-2016", t, "vernieling") for i, t in enumerate([1745, 2390, 30, 2500])]
    imported = read_checked(_csv(tmp_path, "tijden.csv", ["x", "y", "datum", "tijd", "feit"], rows))
    assert imported.data["start"].dt.strftime("%H:%M").tolist() == ["17:45", "00:00", "00:30", "00:00"]
    assert any("2 waarden in 'tijd' zijn geen tijdstip" in w for w in imported.report.warnings)


def test_year_month_day_hour_columns(tmp_path):
    rows = [(*_xy(i), 2016, ["januari", "2", "mrt", 4][i % 4], 1 + i, i % 24, "inbraak") for i in range(24)]
    rows.append((*_xy(99), 2016, 2, 30, 3, "inbraak"))  # 30 February: rejected with its reason
    imported = read_checked(_csv(tmp_path, "delen.csv", ["x", "y", "jaar", "maand", "dag", "uur", "delict"], rows))
    start = imported.data["start"]
    assert str(start.iloc[0]) == "2016-01-01 00:00:00" and str(start.iloc[5]) == "2016-02-06 05:00:00"
    assert str(start.iloc[2]) == "2016-03-03 02:00:00"
    assert [(r.row, r.column) for r in imported.report.rejections] == [(26, "jaar")]
    assert {"year", "month", "day", "hour"} <= set(imported.report.column_mapping)


def test_year_and_month_only_is_monthly(tmp_path):
    rows = [(*_xy(i), 2016, 1 + i % 12, "inbraak") for i in range(24)]
    imported = read_checked(_csv(tmp_path, "maanden.csv", ["x", "y", "jaar", "maand", "delict"], rows))
    assert imported.data["start"].dt.day.eq(1).all()
    assert any("eerste van de maand" in a for a in imported.report.assumptions)
    assert run_hottimes(imported.data).test["date_only"]


def test_month_words_that_fit_no_date_are_rejected_not_read_again(tmp_path):
    """A column of month names alone ('maart') once recursed without end (found by the hypothesis fuzz)."""
    rows = [(*_xy(i), text) for i, text in enumerate(["12 maart 2016 22:30", "maart", "a mei b", "3 mei 2016"])]
    imported = read_checked(_csv(tmp_path, "woorden.csv", ["x", "y", "datum"], rows))
    assert [r.row for r in imported.report.rejections] == [3, 4]
    assert all(r.reason == "datum niet te lezen" for r in imported.report.rejections)
