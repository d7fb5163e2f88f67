"""The import's fast paths (issue 11, import speed) give what the plain paths give: the distinct values counted
once in pandas' hash table, the coordinates transformed in a thread while the dates are read (each row keeps the
reason it had), and the study area's outline remembered for the same geometries."""
from __future__ import annotations

from collections import Counter

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from importers import incidents, read_incidents
from importers.personal import _Counted


def _wgs84_file(path, n=400, seed=5):
    """WGS84 incidents with rows that are wrong in more than one way (a bad date and a place outside the
    Netherlands, an unreadable coordinate, a missing date, duplicated ids)."""
    rng = np.random.default_rng(seed)
    lon, lat = rng.uniform(6.50, 6.60, n).round(6).astype(str), rng.uniform(53.19, 53.24, n).round(6).astype(str)
    start = [f"{m}/{d}/2016 {h}:05:00 {'AM' if h < 12 else 'PM'}".replace(f" {h}:", f" {h % 12 or 12}:")
             for m, d, h in zip(rng.integers(1, 13, n), rng.integers(1, 29, n), rng.integers(0, 24, n))]
    frame = pd.DataFrame({"id": [f"R{i % 350}" for i in range(n)], "lon": lon, "lat": lat, "start": start,
                          "soort": rng.choice(["Vernieling", "Overlast"], n)})
    frame.loc[0:40, "start"] = "13/45/2016 1:00:00 AM"
    frame.loc[20:60, "lon"] = "12.9"  # Germany: outside the Netherlands after the transformation
    frame.loc[70:80, "lat"] = "abc"
    frame.loc[90:95, "start"] = ""
    frame.to_csv(path, index=False)
    return path


def test_coordinates_transformed_in_a_thread_give_the_same_rows_and_reasons(tmp_path, monkeypatch):
    path = _wgs84_file(tmp_path / "meldingen.csv")
    monkeypatch.setattr(incidents, "BACKGROUND_POINTS", 10**12)
    plain, plain_report = read_incidents(path)
    monkeypatch.setattr(incidents, "BACKGROUND_POINTS", 1)
    threaded, threaded_report = read_incidents(path)
    pd.testing.assert_frame_equal(plain, threaded)
    a, b = plain_report.to_dict(), threaded_report.to_dict()
    a.pop("elapsed", None), b.pop("elapsed", None)
    assert a == b
    reasons = {r.row: r.reason for r in threaded_report.rejections}
    assert reasons[22] == "locatie buiten Nederland"  # a bad date too: the coordinates' reason comes first
    assert reasons[2] == "datum niet te lezen"
    assert threaded_report.rows_read == threaded_report.rows_kept + threaded_report.rows_rejected == 400


@pytest.mark.parametrize("values", [["a", "b", "a", None, "c", "b", "a"], [None, None], [], ["x"] * 5,
                                    [" a", "a", "a ", "", None, "é", "e\u0301"]])
def test_values_counted_in_the_hash_table_are_what_a_counter_counts(values):
    series = pd.Series(values, dtype="str")
    counted, counter = _Counted(series), Counter(series.dropna().tolist())
    assert counted.keys == list(counter) and counted.counts == list(counter.values())  # same order, too
    shared = series.map(lambda v: (series.isna() if pd.isna(v) else series == v).sum() > 1)
    assert counted.shared().tolist() == shared.tolist()
    assert incidents.shared_values(series).tolist() == shared.tolist()


def test_the_outline_of_the_same_geometries_is_remembered_and_copied():
    from mapping import simplify

    squares = [shapely.box(i, 0, i + 1, 1) for i in range(6)]
    frame = gpd.GeoDataFrame({"g": ["a", "a", "b", "b", "c", "c"]}, geometry=squares, crs="EPSG:28992")
    first = simplify.dissolve(frame, "g")
    first.loc[0, "g"] = "changed"  # the caller's copy, not the remembered one
    again = simplify.dissolve(frame.copy(), "g")  # another frame, the same geometry objects
    assert again["g"].tolist() == ["a", "b", "c"]
    assert [round(a, 9) for a in again.area] == [2.0, 2.0, 2.0]
    regrouped = simplify.dissolve(frame.assign(g=["a"] * 6), "g")  # other groups: unioned again
    assert len(regrouped) == 1 and regrouped.area.iloc[0] == pytest.approx(6.0)
    assert simplify.dissolving(frame, "g").result()["g"].tolist() == ["a", "b", "c"]


def test_a_map_prepared_at_import_finds_its_outline_done(monkeypatch):
    """The wizard's prepare_map: the simplification and the outline of the areas start at once; the map's own
    simplified() and dissolve() of the same areas then union nothing again."""
    from mapping import simplify

    from hotspots import levels

    calls = []
    real = levels.union_groups
    monkeypatch.setattr(levels, "union_groups", lambda *a, **k: calls.append(1) or real(*a, **k))
    cells = [shapely.box(x, y, x + 100, y + 100) for x in range(0, 4000, 100) for y in range(0, 3000, 100)]
    areas = gpd.GeoDataFrame({"code": [f"C{i}" for i in range(len(cells))]}, geometry=cells, crs="EPSG:28992")
    simplify.prepare_map(areas)
    rd = simplify.simplified(areas[["code", "geometry"]].copy())  # as the map takes them (a copy of the frame)
    outline = simplify.dissolving(rd.assign(_all=1), "_all").result()
    assert len(calls) == 1 and outline.area.iloc[0] == pytest.approx(4000 * 3000)


def test_the_outline_of_areas_that_are_no_coverage_is_unioned_without_a_coverage_try(monkeypatch):
    """Areas that had to be simplified one by one (no coverage: here they overlap) are unioned at once with the
    general union when the outline is prepared (a coverage union would fail or be refused: 0.09 s for the national
    wijken), and the outline equals the one of the plain path, which tries the coverage union first."""
    from hotspots import levels
    from mapping import simplify

    tried = []
    real = shapely.coverage_union_all
    monkeypatch.setattr(shapely, "coverage_union_all", lambda *a, **k: tried.append(1) or real(*a, **k))
    cells = [shapely.box(x, y, x + 105, y + 105) for x in range(0, 4000, 100) for y in range(0, 3000, 100)]
    areas = gpd.GeoDataFrame({"code": [f"C{i}" for i in range(len(cells))]}, geometry=cells, crs="EPSG:28992")
    assert simplify.simplify_coverage(areas.geometry.values)[1] == "per polygon"
    simplify.prepare_map(areas)
    rd = simplify.simplified(areas[["code", "geometry"]].copy())
    outline = simplify.dissolving(rd.assign(_all=1), "_all").result()
    assert not tried
    plain = levels.union_groups(np.asarray(rd.geometry.values, dtype=object), np.ones(len(rd)))
    assert tried and shapely.equals(outline.geometry.iloc[0], plain[0])
    assert outline.area.iloc[0] == pytest.approx(4005 * 3005)
