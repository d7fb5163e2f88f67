"""Dates with a weekday in front ('za 29-07-2017', 'Sat 07/29/2017') and compact dates ('20170729',
'201707290130', '20170729 0130'): read, with the day/month order as before (and from the weekday where the
values cannot tell); what does not fit is refused in one Dutch line (importers.dateforms)."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from files_helpers import read_checked
from importers.dates import parse_datetimes

STAMPS = pd.to_datetime(["2017-07-29 01:30", "2017-07-30 14:05", "2017-08-04 23:59", "2017-12-05 00:00"])
DUTCH_DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]


def write(tmp_path, values, name="boa.csv", header="Datum"):
    frame = pd.DataFrame({header: values, "X": [233456 + i for i in range(len(values))],
                          "Y": [582123 + i for i in range(len(values))], "Soort": "Overlast"})
    path = tmp_path / name
    frame.to_csv(path, sep=";", index=False)
    return path


@pytest.mark.parametrize("style", ["kort", "lang", "kort-punt", "engels", "engels-lang"])
def test_weekday_prefix(tmp_path, style):
    day = {"kort": lambda t: DUTCH_DAYS[t.weekday()][:2] + " " + t.strftime("%d-%m-%Y %H:%M"),
           "lang": lambda t: DUTCH_DAYS[t.weekday()] + " " + t.strftime("%d-%m-%Y %H:%M"),
           "kort-punt": lambda t: DUTCH_DAYS[t.weekday()][:2] + ". " + t.strftime("%d-%m-%Y %H:%M"),
           "engels": lambda t: t.strftime("%a %m/%d/%Y %H:%M"),
           "engels-lang": lambda t: t.strftime("%A, %m/%d/%Y %H:%M")}[style]
    imported = read_checked(write(tmp_path, [day(t) for t in STAMPS]))
    assert imported.data["start"].tolist() == list(STAMPS)
    assert any("weekdag vóór de datum" in a for a in imported.report.assumptions)


def test_weekday_decides_an_open_order():
    """05-06-2017 is 5 June or 6 May: the weekday in front says which (and it is said)."""
    month_first = ["ma 06-05-2017", "di 06-06-2017"]  # 5 and 6 June are a Monday and a Tuesday; 6 May a Saturday
    out, info = parse_datetimes(pd.Series(month_first), column="Datum")
    assert [str(t.date()) for t in out] == ["2017-06-05", "2017-06-06"] and info["order"] == "month"
    assert "maand-dag-jaar: zo vallen ze op de weekdag die ervoor staat" in info["assumption"]
    out, info = parse_datetimes(pd.Series(["za 06-05-2017", "zo 07-05-2017"]), column="Datum")
    assert [str(t.date()) for t in out] == ["2017-05-06", "2017-05-07"] and info["order"] == "day"


def test_weekday_that_does_not_fit_is_said_not_dropped():
    out, info = parse_datetimes(pd.Series(["za 29-07-2017", "ma 30-07-2017"]), column="Datum")  # 30-07 is a Sunday
    assert out.notna().all() and info["weekday_mismatch"] == 1
    assert "1 datums vallen niet op de weekdag" in info["assumption"]


@pytest.mark.parametrize("fmt, expected", [
    ("%Y%m%d", ["2017-07-29", "2017-07-30", "2017-08-04", "2017-12-05"]),
    ("%Y%m%d%H%M", list(STAMPS.strftime("%Y-%m-%d %H:%M:%S"))),
    ("%Y%m%d %H%M", list(STAMPS.strftime("%Y-%m-%d %H:%M:%S"))),
    ("%Y%m%d%H%M%S", list(STAMPS.strftime("%Y-%m-%d %H:%M:%S"))),
    ("%Y%m%d %H:%M", list(STAMPS.strftime("%Y-%m-%d %H:%M:%S"))),
])
def test_compact_dates(tmp_path, fmt, expected):
    """As text, and where the CSV reader makes whole numbers of them (20170729) as numbers too."""
    imported = read_checked(write(tmp_path, list(STAMPS.strftime(fmt))))
    assert [str(t) for t in imported.data["start"]] == [str(pd.Timestamp(e)) for e in expected]
    assert any("zonder scheidingstekens" in a for a in imported.report.assumptions)


def test_compact_dates_in_excel(tmp_path):
    path = tmp_path / "boa.xlsx"
    pd.DataFrame({"Datum": [20170729, 20170730], "Tijd": ["01:30", "14:05"], "X": [233456, 233457],
                  "Y": [582123, 582124]}).to_excel(path, index=False)
    imported = read_checked(path)
    assert [str(t) for t in imported.data["start"]] == ["2017-07-29 01:30:00", "2017-07-30 14:05:00"]


def test_a_bad_compact_date_is_rejected_with_its_row(tmp_path):
    path = write(tmp_path, ["201707290130", "201702300130", "201707311330"])  # 30 February
    report = read_checked(path).report
    assert [(r.row, r.column, r.reason) for r in report.rejections] == [(3, "Datum", "datum niet te lezen")]


@pytest.mark.parametrize("values", [["29072017", "30072017"], [29072017, 30072017]])
def test_day_first_compact_dates_are_refused_in_one_line(cli, tmp_path, values):
    """29072017 could be read several ways: refused with the file and column, never a traceback."""
    path = write(tmp_path, values)
    code, out, err = cli("inspect", path, "--json")
    assert code == 2 and "Traceback" not in err
    assert err.count("\n") == 1 and "boa.csv" in err and "kolom 'Datum'" in err


def test_excel_day_numbers_are_still_day_numbers():
    out, info = parse_datetimes(pd.Series([42945.0625, 42946.5]), column="Datum")
    assert info["formats"] == ["Excel-datumnummer"] and str(out.iloc[0]) == "2017-07-29 01:30:00"


def test_through_hottimes(cli, tmp_path):
    path = write(tmp_path, ["za 29-07-2017 01:30", "zo 30-07-2017 14:05", "vr 04-08-2017 23:59"])
    code, out, err = cli("hottimes", "--incidents", path, "--simulations", "99", "--json")
    assert code == 0, err
    matrix = json.loads(out)["matrix"]
    assert matrix[5][1] > 0 and matrix[6][14] > 0 and matrix[4][23] > 0
    code, out, err = cli("inspect", write(tmp_path, ["201707290130", "201707301405"], name="c.csv"), "--json")
    assert code == 0 and json.loads(out)["rows_kept"] == 2
