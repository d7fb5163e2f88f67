"""A file given in the wrong place: one Dutch line that says what it is and where it belongs, exit 2 (issue 11)."""
from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point

import importers
from files_helpers import police_counts, squares, write_geojson, write_police_typed
from kernel.errors import CRSError, WrongFileError
from resources import demo

WHAT = {"incidents": "een bestand met incidenten", "counts": "een tabel met tellingen",
        "boundaries": "een bestand met gebiedsgrenzen"}
FLAG = {"incidents": "--incidents", "counts": "--counts", "boundaries": "--areas"}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("bestanden")
    inc = pd.read_csv(demo.INCIDENTS).head(300)
    out = {"meldingen.csv": ("incidents", d / "meldingen.csv"), "meldingen.xlsx": ("incidents", d / "meldingen.xlsx"),
           "meldingen.json": ("incidents", d / "meldingen.json"), "punten.geojson": ("incidents", d / "punten.geojson"),
           "politie.csv": ("counts", d / "politie.csv"), "buurten.gpkg": ("boundaries", demo.AREAS),
           "buurten.geojson": ("boundaries", d / "buurten.geojson"),
           "indeling.csv": ("boundaries", d / "indeling.csv")}
    inc.to_csv(out["meldingen.csv"][1], index=False)
    inc.to_excel(out["meldingen.xlsx"][1], index=False)
    out["meldingen.json"][1].write_text(inc.head(50).to_json(orient="records"), encoding="utf-8")
    gpd.GeoDataFrame(inc.head(50)[["start", "category"]], geometry=[Point(x, y) for x, y in
                     zip(inc["x"].head(50), inc["y"].head(50))], crs="EPSG:28992").to_file(
        out["punten.geojson"][1], driver="GeoJSON")
    write_police_typed(out["politie.csv"][1], police_counts(["BU00140000", "BU00140001"]))
    grid = gpd.GeoDataFrame({"BU_CODE": [f"BU0001000{i}" for i in range(4)]}, geometry=squares(4), crs="EPSG:28992")
    write_geojson(out["buurten.geojson"][1], grid)
    pd.DataFrame({"code": grid["BU_CODE"], "wkt": grid.geometry.to_wkt()}).to_csv(out["indeling.csv"][1], sep=";",
                                                                                 index=False)
    return out


@pytest.mark.parametrize("name", ["meldingen.csv", "meldingen.xlsx", "meldingen.json", "punten.geojson",
                                  "politie.csv", "buurten.gpkg", "buurten.geojson", "indeling.csv"])
@pytest.mark.parametrize("wanted", ["boundaries", "counts", "incidents"])
def test_every_kind_in_every_wrong_place(files, name, wanted):
    kind, path = files[name]
    reader = {"boundaries": importers.read_boundaries, "counts": importers.read_counts,
              "incidents": importers.read_incidents}[wanted]
    if kind == wanted:
        reader(path)  # the right place reads
        return
    with pytest.raises(WrongFileError) as e:
        reader(path)
    assert f"Dit is {WHAT[kind]}" in e.value.message and FLAG[kind] in e.value.message


@pytest.mark.parametrize("argv", [
    ("analyse", "--areas", "meldingen.csv", "--incidents", "meldingen.csv", "--out", "{out}"),
    ("analyse", "--areas", "buurten.gpkg", "--counts", "buurten.gpkg", "--out", "{out}"),
    ("analyse", "--areas", "buurten.gpkg", "--incidents", "politie.csv", "--out", "{out}"),
    ("hotspots", "--areas", "politie.csv", "--counts", "politie.csv"),
    ("hottimes", "--incidents", "buurten.geojson"),
    ("trends", "--counts", "meldingen.xlsx"),
    ("inzet", "--areas", "punten.geojson", "--incidents", "meldingen.csv"),
    # the commands main gained since (report, space-time): the same readers, the same message
    ("rapport", "--areas", "meldingen.xlsx", "--incidents", "meldingen.csv", "--out", "{out}/r.pdf"),
    ("rapport", "--areas", "buurten.gpkg", "--counts", "meldingen.json", "--out", "{out}/r.pdf"),
    ("emerging", "--areas", "buurten.gpkg", "--counts", "buurten.geojson"),
    ("emerging", "--areas", "politie.csv", "--incidents", "meldingen.csv"),
    ("nearrepeat", "--incidents", "politie.csv"),
    ("stabiel", "--areas", "buurten.gpkg", "--incidents", "indeling.csv"),
])
def test_one_dutch_line_and_exit_2(files, tmp_path, cli, argv):
    args = [files[a][1] if a in files else a.format(out=tmp_path / "uit") for a in argv]
    code, out, err = cli(*args)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("wijkbeeld: ") and "Dit is een " in lines[0]
    assert "interne fout" not in err and "Traceback" not in err
    assert not (tmp_path / "uit").exists()


def test_wgs84_outside_the_netherlands_says_so(tmp_path):
    """Paris, not 'onbekend stelsel ... bijvoorbeeld --crs EPSG:3857'. (The check is the bounding box of the
    Netherlands, so a place just over the border, such as Antwerp, still counts as inside: a known limit.)"""
    brussels = pd.DataFrame({"lat": 48.85 + np.arange(5) / 1000, "lon": 2.35, "datum": "01-03-2016 10:00"})
    path = tmp_path / "brussel.csv"
    brussels.to_csv(path, index=False)
    with pytest.raises(CRSError, match="buiten Nederland") as e:
        importers.read_incidents(path)
    assert "EPSG:3857" not in str(e.value)
    mixed = pd.concat([brussels, brussels.assign(lat=53.21, lon=6.56 + np.arange(5) / 1000),
                       brussels.assign(lat=53.22)], ignore_index=True)
    mixed.to_csv(path, index=False)
    frame, report = importers.read_incidents(path)
    assert report.rows_kept == 5 and {r.reason for r in report.rejections} == {"locatie buiten Nederland"}
