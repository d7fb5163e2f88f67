"""RD coordinates with a thousands dot ('233.456' = 233456 m) in a sheet and beside values written otherwise.

A sheet's text cells '233.456' are read as a CSV's are (importers.xlsx leaves the coordinates' text to
importers.coordinates); number cells stay the numbers they are (233456, and a WGS84 52.123). A column of
thousands dots with a few values written otherwise, in the first rows or far past the sample the readers look
at, is read row by row: each odd value is read or rejected with its own row, column and reason, never the file
refused as 'onbekend stelsel' and never read as 233.456 metres.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from files_helpers import read_checked

N = 1500  # past the 1000 lines the CSV reader samples


def dotted(v: int) -> str:
    return f"{v:,}".replace(",", ".")


def frame(xs, ys) -> pd.DataFrame:
    return pd.DataFrame({"Datum": [f"{1 + i % 28:02d}-07-2017 01:30" for i in range(len(xs))],
                         "X": xs, "Y": ys, "Soort": "Overlast"})


def write(tmp_path, xs, ys, suffix=".csv"):
    path = tmp_path / f"boa{suffix}"
    if suffix == ".csv":
        frame(xs, ys).to_csv(path, sep=";", index=False)
    else:
        frame(xs, ys).to_excel(path, index=False)
    return path


XS = [233000 + 7 * i for i in range(N)]
YS = [582000 + 5 * i for i in range(N)]


# --- 1. a sheet follows the CSV's rule -------------------------------------------------------------------------

@pytest.mark.parametrize("x_text, y_text", [(True, True), (True, False), (False, True)])
def test_sheet_text_cells_with_a_thousands_dot_are_metres(tmp_path, x_text, y_text):
    xs = [dotted(v) if x_text else v for v in XS[:20]]
    ys = [dotted(v) if y_text else v for v in YS[:20]]
    imported = read_checked(write(tmp_path, xs, ys, ".xlsx"))
    assert imported.report.rows_kept == 20 and imported.report.extra["source_crs"] == "EPSG:28992"
    np.testing.assert_array_equal(imported.data["x"].to_numpy(), XS[:20])
    np.testing.assert_array_equal(imported.data["y"].to_numpy(), YS[:20])
    assert any("'233.456' gelezen als 233456 meter" in a for a in imported.report.assumptions)


def test_sheet_and_csv_read_the_same(tmp_path):
    xs, ys = [dotted(v) for v in XS[:30]], [dotted(v) for v in YS[:30]]
    sheet = read_checked(write(tmp_path, xs, ys, ".xlsx")).data
    csv = read_checked(write(tmp_path, xs, ys, ".csv")).data
    np.testing.assert_array_equal(sheet[["x", "y"]].to_numpy(), csv[["x", "y"]].to_numpy())


def test_sheet_number_cells_stay_numbers(tmp_path):
    """Number cells 233456 stay 233456; number cells 6.566 and 52.123 stay a WGS84 point (no thousands read)."""
    rd = read_checked(write(tmp_path, XS[:20], YS[:20], ".xlsx"))
    np.testing.assert_array_equal(rd.data["x"].to_numpy(), XS[:20])
    lon, lat = [6.566 + i / 1000 for i in range(20)], [52.123 + i / 1000 for i in range(20)]
    wgs = read_checked(write(tmp_path, lon, lat, ".xlsx"))
    assert wgs.report.extra["source_crs"] == "EPSG:4326" and wgs.report.rows_kept == 20
    from pyproj import Transformer

    ex, ey = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True).transform(lon, lat)
    np.testing.assert_allclose(wgs.data["x"].to_numpy(), ex, atol=0.01)
    np.testing.assert_allclose(wgs.data["y"].to_numpy(), ey, atol=0.01)


def test_sheet_wgs84_text_with_three_decimals_stays_wgs84(tmp_path):
    lon, lat = [f"{6.566 + i / 1000:.3f}" for i in range(20)], [f"{52.123 + i / 1000:.3f}" for i in range(20)]
    imported = read_checked(write(tmp_path, lon, lat, ".xlsx"))
    assert imported.report.extra["source_crs"] == "EPSG:4326" and imported.report.rows_kept == 20


def test_sheet_number_and_text_cells_in_one_column(tmp_path):
    """A number cell 233456 beside text cells '233.456': both are 233456 metres."""
    xs = [dotted(v) if i % 3 else v for i, v in enumerate(XS[:30])]
    imported = read_checked(write(tmp_path, xs, [dotted(v) for v in YS[:30]], ".xlsx"))
    assert imported.report.rows_kept == 30
    np.testing.assert_array_equal(imported.data["x"].to_numpy(), XS[:30])


def test_sheet_through_the_command(cli, tmp_path):
    path = write(tmp_path, [dotted(v) for v in XS[:20]], [dotted(v) for v in YS[:20]], ".xlsx")
    code, out, err = cli("inspect", path, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["crs"] == "EPSG:28992" and report["rows_kept"] == 20 and report["rejections"] == []


# --- 2. values written otherwise beside the thousands dots --------------------------------------------------------

#: odd value -> the number it is read as, or the reason it is rejected with (axis x)
ODD = {"233456": 233456.0, "233.456,7": 233456.7, "1.234.567": "locatie buiten Nederland",
       "233456.5": "x-coördinaat is met een ander decimaalteken geschreven dan de rest van het bestand",
       "233.4567": "x-coördinaat is met een ander decimaalteken geschreven dan de rest van het bestand",
       "abc": "x-coördinaat is geen getal"}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("at", [3, N - 10])  # in the first rows, and past the sample
@pytest.mark.parametrize("odd", list(ODD))
def test_each_odd_value_is_read_or_rejected_by_itself(tmp_path, odd, at, suffix):
    xs, ys = [dotted(v) for v in XS], [dotted(v) for v in YS]
    xs[at] = odd
    imported = read_checked(write(tmp_path, xs, ys, suffix))
    report, expected = imported.report, ODD[odd]
    assert report.crs == "EPSG:28992" and report.rows_read == N
    others = np.delete(np.arange(N), at)
    if isinstance(expected, float):
        assert report.rows_kept == N and report.rejections == []
        assert imported.data["x"].iloc[at] == expected
        np.testing.assert_array_equal(imported.data["x"].to_numpy()[others], np.array(XS)[others])
    else:
        assert [(r.row, r.column, r.value, r.reason) for r in report.rejections] == [(at + 2, "X", odd, expected)]
        np.testing.assert_array_equal(imported.data["x"].to_numpy(), np.array(XS)[others])
    np.testing.assert_array_equal(imported.data["y"].to_numpy(), np.array(YS)[others if report.rejections
                                                                              else np.arange(N)])


@pytest.mark.parametrize("at", [3, N - 10])
def test_a_plain_y_among_thousands_dots(tmp_path, at):
    xs, ys = [dotted(v) for v in XS], [dotted(v) for v in YS]
    ys[at] = str(YS[at])
    imported = read_checked(write(tmp_path, xs, ys))
    assert imported.report.rows_kept == N
    np.testing.assert_array_equal(imported.data["y"].to_numpy(), YS)


def test_plain_metres_first_and_thousands_dots_after(tmp_path):
    """The sample starts with '233456' and goes on with '233.456': never 233.456 metres for the dotted ones."""
    xs = [str(v) if i < 10 else dotted(v) for i, v in enumerate(XS)]
    imported = read_checked(write(tmp_path, xs, YS))
    assert imported.report.rows_kept == N
    np.testing.assert_array_equal(imported.data["x"].to_numpy(), XS)


def test_odd_rows_through_the_command(cli, tmp_path):
    """As a user runs it: exit 0, the odd rows named with their row, column and reason."""
    xs, ys = [dotted(v) for v in XS], [dotted(v) for v in YS]
    xs[1200], xs[1300], ys[1400] = "233456.5", "1.234.567", "582.123.4"
    code, out, err = cli("inspect", write(tmp_path, xs, ys), "--json")
    assert code == 0 and "onbekend stelsel" not in err, err
    report = json.loads(out)
    assert report["rows_read"] == report["rows_kept"] + report["rows_rejected"] == N
    assert [(r["row"], r["column"]) for r in report["rejections"]] == [(1202, "X"), (1302, "X"), (1402, "Y")]


def test_each_row_gets_its_own_value_and_reason_when_values_repeat():
    """The coordinate reader works once per distinct value (RD metres of a town repeat): every row still gets the
    number or reason of its own value, a missing one stays missing, a number cell stays its number."""
    from importers.coordinates import read_pair

    xs = pd.Series(["233.456", None, "233.456", "abc", 233500, "233.457", "abc", "233456.5"] * 3, dtype=object)
    ys = pd.Series(["582.123"] * 24, dtype=object)
    x, y, info = read_pair(xs, ys)
    expected = [233456.0, np.nan, 233456.0, np.nan, 233500.0, 233457.0, np.nan, np.nan] * 3
    np.testing.assert_array_equal(x, expected)
    assert (y == 582123.0).all()
    reasons = [r if isinstance(r, str) else None for r in info["problems"]["x"]]
    assert reasons == [None, None, None, "geen getal", None, None, "geen getal", "andere schrijfwijze"] * 3
    assert info["problems"]["y"].isna().all() and "3 rijen met een andere schrijfwijze" in info["assumption"]
