"""RD coordinates written with a thousands dot and no decimals ('233.456' is 233456 metres): read where every
value of a column is written so and lies in the RD extent of its axis, and said; anything that could be read
both ways is refused in one Dutch line with the file, row and column (importers.coordinates)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from files_helpers import read_checked
from importers.coordinates import read_pair

X = [233456, 233556, 234001, 12345, 299999]
Y = [582123, 582223, 600000, 301000, 582999]


def dotted(v: int) -> str:
    return f"{v:,}".replace(",", ".")


def write(tmp_path, xs, ys, sep=";", name="boa.csv", dates=None):
    dates = dates or [f"{d:02d}-07-2017 01:30" for d in range(1, len(xs) + 1)]
    lines = [sep.join(["Datum", "X", "Y", "Soort"])] + [sep.join([d, str(x), str(y), "Overlast"])
                                                        for d, x, y in zip(dates, xs, ys)]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("x_dotted, y_dotted, sep", [(True, True, ";"), (True, False, ";"), (False, True, ";"),
                                                      (True, True, "\t"), (True, True, ",")])
def test_thousands_dots_read_as_metres(tmp_path, x_dotted, y_dotted, sep):
    xs = [dotted(v) if x_dotted else str(v) for v in X]
    ys = [dotted(v) if y_dotted else str(v) for v in Y]
    imported = read_checked(write(tmp_path, xs, ys, sep=sep))
    assert imported.report.crs == "EPSG:28992" and imported.report.rows_kept == len(X)
    np.testing.assert_array_equal(imported.data["x"].to_numpy(), X)
    np.testing.assert_array_equal(imported.data["y"].to_numpy(), Y)
    assert any("'233.456' gelezen als 233456 meter" in a for a in imported.report.assumptions)


def test_one_row_outside_is_rejected_with_its_reason(tmp_path):
    xs, ys = [dotted(v) for v in X], [dotted(v) for v in Y[:-1]] + ["682.999"]
    report = read_checked(write(tmp_path, xs, ys)).report
    assert [(r.row, r.column, r.reason) for r in report.rejections] == [(6, "Y", "locatie buiten Nederland")]


@pytest.mark.parametrize("xs, ys", [
    (["12.345", "12.346"], ["45.678", "45.679"]),  # 45678 is no RD y: could be anything
    (["233.456", "233.556"], ["58.212", "58.222"]),  # 58212 neither
    (["1.234", "1.235"], ["2.345", "2.346"]),
])
def test_ambiguous_dots_are_refused_in_one_line(cli, tmp_path, xs, ys):
    path = write(tmp_path, xs, ys)
    code, out, err = cli("inspect", path, "--json")
    assert code == 2 and "Traceback" not in err and err.count("\n") == 1
    assert "boa.csv" in err and ("kolom 'X'" in err or "kolom 'Y'" in err)
    assert "rij 2" in err or "onbekend stelsel" in err


def test_wgs84_with_three_decimals_stays_wgs84():
    x, y, info = read_pair(pd.Series(["6.566", "6.567"]), pd.Series(["53.219", "53.220"]))
    assert info["decimal"] == "." and x.tolist() == [6.566, 6.567]


def test_decimals_still_read_as_decimals(tmp_path):
    """233456.5 is a decimal point: the dotted-thousands class is not taken."""
    imported = read_checked(write(tmp_path, ["233456.5", "233556.25"], ["582123.5", "582223.75"]))
    assert imported.data["x"].tolist() == [233456.5, 233556.25]


def test_through_hotspots_command(cli, tmp_path):
    """As a user runs it: the analysis reads the file and its areas."""
    import geopandas as gpd
    from shapely.geometry import box

    areas = gpd.GeoDataFrame({"code": ["BU00140001", "BU00140002"], "name": ["A", "B"]},
                             geometry=[box(233000, 582000, 233500, 582500), box(233500, 582000, 234000, 582500)],
                             crs="EPSG:28992")
    areas_path = tmp_path / "buurten.gpkg"
    areas.to_file(areas_path)
    path = write(tmp_path, ["233.456", "233.556", "233.700"], ["582.123", "582.223", "582.300"])
    code, out, err = cli("hottimes", "--incidents", path, "--areas", areas_path, "--simulations", "99", "--json")
    assert code == 0, err
    assert json.loads(out)["input"] == {"incidents": 3, "outside": 0}
