"""The project GeoPackage: round trip, migrations from an old file, atomic save."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from importers import project as proj
from kernel.errors import ProjectError
from importers.project import SCHEMA_VERSION, Project, load_project, read_meta, save_project


def make_project(n_incidents: int = 50) -> Project:
    areas = gpd.GeoDataFrame({
        "code": pd.array(["BU00010001", "BU00010002"], dtype="string"),
        "name": pd.array(["Centrum", "Noord"], dtype="string"),
        "level": ["buurt", "buurt"], "population": [1200.0, np.nan], "water": [False, False],
        "geometry": [box(0, 0, 100, 100), box(100, 0, 200, 100)]}, crs="EPSG:28992")
    rng = np.random.default_rng(1)
    start = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 365 * 24, n_incidents), unit="h")
    incidents = pd.DataFrame({
        "id": pd.array([f"R{i}" for i in range(n_incidents)], dtype="string"),
        "x": rng.uniform(0, 200, n_incidents), "y": rng.uniform(0, 100, n_incidents),
        "start": start.astype("datetime64[ns]"),
        "end": pd.Series(start + pd.Timedelta(hours=2)).where(np.arange(n_incidents) % 3 > 0).astype("datetime64[ns]"),
        "category": pd.array(["fiets"] * n_incidents, dtype="string"),
        "source": pd.array(["test"] * n_incidents, dtype="string"),
        "area": pd.array(["BU00010001"] * n_incidents, dtype="string")})
    counts = pd.DataFrame({"code": pd.array(["BU00010001", "BU00010002"], dtype="string"),
                           "name": pd.array(["Centrum", "Noord"], dtype="string"),
                           "period": pd.PeriodIndex(["2016-01", "2016-02"], freq="M"),
                           "category": pd.array(["1.2.3"] * 2, dtype="string"), "count": [4, 7]})
    return Project(areas=areas, incidents=incidents, counts=counts,
                   reports={"incidents": {"rows_read": 51, "rows_kept": 50, "rejections": [
                       {"row": 7, "column": "X", "value": "abc", "reason": "geen getal"}]}},
                   settings={"method": "gi_star", "params": {"fdr": True}, "filters": {"category": None}},
                   view={"selected": ["BU00010002"], "tab": "charts"}, name="Test")


def test_round_trip_keeps_data_and_state(tmp_path):
    pr = make_project()
    path = save_project(pr, tmp_path / "p.gpkg")
    back = load_project(path)
    assert back.name == "Test" and back.view == pr.view and back.settings == pr.settings
    assert back.reports == pr.reports
    assert back.areas.crs.to_epsg() == 28992
    assert list(back.areas["code"]) == ["BU00010001", "BU00010002"]
    assert back.areas.geometry.iloc[1].equals(pr.areas.geometry.iloc[1])
    assert np.isnan(back.areas["population"].iloc[1])
    pd.testing.assert_series_equal(back.incidents["start"], pr.incidents["start"], check_names=False)
    assert back.incidents["end"].isna().sum() == pr.incidents["end"].isna().sum()
    np.testing.assert_allclose(back.incidents["x"], pr.incidents["x"])
    assert back.incidents["id"].dtype == "string"
    assert isinstance(back.counts["period"].dtype, pd.PeriodDtype)
    assert list(back.counts["period"].astype(str)) == ["2016-01", "2016-02"]
    assert list(back.counts["count"]) == [4, 7]


def test_file_is_an_ordinary_geopackage(tmp_path):
    import pyogrio
    path = save_project(make_project(), tmp_path / "p.gpkg")
    layers = {name for name, _ in pyogrio.list_layers(path)}
    assert {"areas", "incidents", "counts", "wijkbeeld"} <= layers
    assert read_meta(path)["schema_version"] == SCHEMA_VERSION


def test_old_version_file_is_migrated(tmp_path):
    """A version-1 file (settings flat under ``params``, no view) opens with settings and view."""
    import pyogrio
    path = tmp_path / "oud.gpkg"
    pyogrio.write_dataframe(make_project().areas, path, layer="areas", driver="GPKG")
    proj._write_meta(path, {"schema_version": 1, "name": "Oud",
                            "params": {"method": "local_moran", "permutations": 99}})
    back = load_project(path)
    assert back.settings == {"method": "local_moran", "params": {"permutations": 99}, "filters": {}}
    assert back.view == {}
    assert back.incidents is None and len(back.areas) == 2


def test_newer_version_is_refused(tmp_path):
    path = save_project(Project(name="x"), tmp_path / "p.gpkg")
    proj._write_meta(path, {"schema_version": SCHEMA_VERSION + 1})
    with pytest.raises(ProjectError, match="nieuwere Wijkbeeld"):
        load_project(path)


def test_not_a_project(tmp_path):
    path = tmp_path / "x.gpkg"
    path.write_text("geen sqlite")
    with pytest.raises(ProjectError, match="geen Wijkbeeld-project"):
        load_project(path)


@pytest.mark.parametrize("step", ["_write_meta", "_fsync"])
def test_failure_mid_save_keeps_previous_project(tmp_path, monkeypatch, step):
    path = save_project(make_project(), tmp_path / "p.gpkg")
    before = path.read_bytes()

    def boom(*a, **k):
        raise KeyboardInterrupt  # as if the user killed the program here

    monkeypatch.setattr(proj, step, boom)
    changed = make_project()
    changed.name = "Gewijzigd"
    with pytest.raises(KeyboardInterrupt):
        save_project(changed, path)
    assert path.read_bytes() == before
    assert load_project(path).name == "Test"
    assert [p.name for p in tmp_path.iterdir()] == ["p.gpkg"]  # no temp file left behind


def test_killed_process_mid_save_keeps_previous_project(tmp_path):
    """A writer process killed with SIGKILL while writing leaves the old file intact."""
    path = save_project(make_project(), tmp_path / "p.gpkg")
    before = path.read_bytes()
    code = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(os.getcwd())!r})
        from tests.test_project import make_project
        from importers import project as proj
        real = proj._write_meta
        def slow(*a, **k):
            print("schrijft", flush=True)
            time.sleep(60)
        proj._write_meta = slow
        pr = make_project(2000)
        proj.save_project(pr, {str(path)!r})
    """)
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "schrijft"
    os.kill(p.pid, signal.SIGKILL)
    p.wait(10)
    assert path.read_bytes() == before
    assert load_project(path).name == "Test"


def test_cancel_during_save(tmp_path):
    from kernel.errors import Cancelled
    path = tmp_path / "p.gpkg"
    with pytest.raises(Cancelled):
        save_project(make_project(), path, cancelled=lambda: True)
    assert not path.exists() and list(tmp_path.iterdir()) == []


def test_outlines_layer_round_trip(tmp_path):
    pr = make_project()
    pr.outlines = pr.areas.assign(code=["WK000101", "WK000102"], level="wijk")
    back = load_project(save_project(pr, tmp_path / "p.gpkg"))
    assert list(back.outlines["code"]) == ["WK000101", "WK000102"]
    assert back.outlines.crs.to_epsg() == 28992


def test_layers_written_and_read_in_pieces_come_back_whole(tmp_path, monkeypatch):
    """Large layers go through pyogrio in pieces (CHUNK_ROWS; each call holds the GIL): same data back."""
    monkeypatch.setattr(proj, "CHUNK_ROWS", 7)
    pr = make_project(n_incidents=50)  # 8 pieces to write (the last one short), 2 to read
    pr.snapshot = {"format": 1, "table": {"text": [["BU00010001"]]}}
    seen = []
    path = save_project(pr, tmp_path / "p.gpkg", progress=lambda f, t: seen.append((f, t)))
    assert sum(1 for _, t in seen if t == "incidents wegschrijven") == 8
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)  # the bar only moves forward
    back = load_project(path)
    pd.testing.assert_frame_equal(back.incidents[pr.incidents.columns], pr.incidents, check_dtype=False)
    assert back.incidents["id"].tolist() == [f"R{i}" for i in range(50)]  # in order, none twice
    assert back.snapshot == pr.snapshot and proj.read_snapshot(path) == pr.snapshot
    empty = Project(incidents=pr.incidents.iloc[:0], name="leeg")
    assert len(load_project(save_project(empty, tmp_path / "leeg.gpkg")).incidents) == 0


def test_pieces_of_polygons_and_multipolygons_make_one_multipolygon_layer(tmp_path, monkeypatch):
    """The first piece fixes a layer's geometry type: a multipolygon in a later piece is still allowed."""
    import pyogrio
    from shapely.geometry import MultiPolygon

    monkeypatch.setattr(proj, "CHUNK_ROWS", 2)
    squares = [box(i * 10, 0, i * 10 + 5, 5) for i in range(4)]
    squares[3] = MultiPolygon([box(30, 0, 35, 5), box(30, 10, 35, 15)])
    areas = gpd.GeoDataFrame({"code": pd.array([f"BU{i}" for i in range(4)], dtype="string"),
                              "geometry": squares}, crs="EPSG:28992")
    path = save_project(Project(areas=areas, name="gemengd"), tmp_path / "p.gpkg")
    assert pyogrio.read_info(path, layer="areas")["geometry_type"] == "MultiPolygon"
    back = load_project(path).areas
    assert set(back.geom_type) == {"MultiPolygon"}
    assert all(a.equals(b) for a, b in zip(back.geometry, areas.geometry))


def test_a_project_in_a_folder_with_a_hash_or_percent_sign(tmp_path):
    folder = tmp_path / "Wijk #3 100%"
    folder.mkdir()
    pr = make_project()
    pr.snapshot = {"format": 1}
    path = save_project(pr, folder / "p.gpkg")
    assert read_meta(path)["name"] == "Test"
    assert proj.read_snapshot(path) == {"format": 1}
