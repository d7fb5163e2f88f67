"""JSON records and map files of points as incidents (issue 11); null geometries rejected as the user counts them."""
from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point

import importers
from files_helpers import read_checked


def _signalen(n=12):
    """Records as a meldingen API writes them (Signalen-like): nested, UTC times, [lon, lat] coordinates."""
    rows = []
    for i in range(n):
        location = {"geometrie": {"type": "Point", "coordinates": [6.55 + i * 0.001, 53.21 + i * 0.0005]},
                    "address": {"openbare_ruimte": "Grote Markt", "huisnummer": i + 1, "postcode": "9711LV"}}
        rows.append({"id": 1000 + i, "created_at": f"2025-06-{1 + i:02d}T20:{i:02d}:00.123456+00:00",
                     "category": {"main": "Afval", "sub": "Grofvuil"}, "location": None if i == 4 else location,
                     "status": {"state": "o"}, "tags": ["a", "b"]})
    return rows


def test_json_api_export_with_nested_fields(tmp_path):
    path = tmp_path / "signalen.json"
    path.write_text(json.dumps({"count": 12, "results": _signalen()}), encoding="utf-8")
    imported = read_checked(path)
    inc, report = imported.data, imported.report
    assert imported.kind == "incidents" and report.rows_read == 12 and report.rows_kept == 11
    assert [(r.row, r.reason) for r in report.rejections] == [(5, "coördinaat ontbreekt")]  # record 5 is row 5
    assert report.column_mapping["start"] == "created_at" and report.column_mapping["category"] == "category.main"
    assert str(inc["start"].iloc[0]) == "2025-06-01 22:00:00.123456"  # summer: UTC+2
    assert inc["x"].between(230_000, 240_000).all() and inc["y"].between(580_000, 590_000).all()
    assert any("postcode" in c for c in report.personal_data_columns)
    assert inc["id"].tolist()[:2] == ["1000", "1001"]


def test_plain_json_array_with_lat_lon(tmp_path):
    records = [{"lat": 53.21, "lon": 6.56 + i / 1000, "datum": f"0{1 + i % 9}-03-2016 22:30", "soort": "overlast"}
               for i in range(9)]
    path = tmp_path / "mora.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    imported = read_checked(path)
    assert imported.report.rows_kept == 9 and imported.report.extra["source_crs"] == "EPSG:4326"


def _points(tmp_path, suffix, driver):
    geoms = [Point(6.55 + i / 1000, 53.21) for i in range(8)]
    geoms[4] = None  # feature 5 has no location
    frame = gpd.GeoDataFrame({"datum": [f"2016-03-0{1 + i} 22:30" for i in range(8)], "soort": "geluid"},
                             geometry=geoms, crs="EPSG:4326")
    path = tmp_path / f"meldingen{suffix}"
    frame.to_file(path, driver=driver)
    return path


@pytest.mark.parametrize("suffix, driver", [(".geojson", "GeoJSON"), (".gpkg", "GPKG")])
def test_points_with_a_null_geometry(tmp_path, suffix, driver):
    imported = read_checked(_points(tmp_path, suffix, driver))
    assert imported.kind == "incidents"
    report = imported.report
    assert (report.rows_read, report.rows_kept) == (8, 7)
    assert [(r.row, r.column) for r in report.rejections] == [(5, "geometry")]
    assert imported.data["x"].notna().all() and report.extra["source_crs"] == "EPSG:4326"


def test_inspect_names_the_kind_of_each(tmp_path, cli):
    path = _points(tmp_path, ".geojson", "GeoJSON")
    code, out, err = cli("inspect", path, "--json")
    assert code == 0, err
    assert json.loads(out)["kind"] == "incidents"
