"""``wijkbeeld inspect --json`` reports every choice a reader made (issue 11)."""
from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd

from files_helpers import police_counts, squares, write_geojson, write_police_typed


def _inspect(cli, *args):
    code, out, err = cli("inspect", *map(str, args), "--json")
    assert code == 0, err
    return json.loads(out)


def test_boundaries_code_and_name_columns(tmp_path, cli):
    path = write_geojson(tmp_path / "indeling.geojson", gpd.GeoDataFrame(
        {"CODE": "X", "wijknr": [f"W{i}" for i in range(4)], "omschrijving": list("abcd")}, geometry=squares(4),
        crs="EPSG:28992"))
    report = _inspect(cli, path)
    assert report["column_mapping"]["code"] == "wijknr" and report["column_mapping"]["name"] == "omschrijving"
    assert any("'CODE' heeft in alle 4 rijen dezelfde waarde" in a for a in report["assumptions"])


def test_incidents_date_category_and_time_zone(tmp_path, cli):
    path = tmp_path / "signalen.csv"
    pd.DataFrame({"x": [233000 + i for i in range(5)], "y": 582000, "created_at": "2025-07-01T20:00:00+00:00",
                  "hoofdcategorie": "Afval"}).to_csv(path, index=False)
    report = _inspect(cli, path)
    assert report["column_mapping"]["start"] == "created_at" and report["column_mapping"]["category"] == "hoofdcategorie"
    assert report["extra"]["timezone"]["created_at"] == {"zones": ["UTC"], "to": "Europe/Amsterdam", "values": 5}
    assert report["extra"]["start_by_content"]["column"] == "created_at"


def test_counts_category_choice(tmp_path, cli):
    path = write_police_typed(tmp_path / "politie.csv", police_counts(["BU00140000", "BU00140001"]))
    report = _inspect(cli, path)
    cats = report["extra"]["categories"]
    assert (cats["total"], cats["default"], cats["default_reason"], cats["overlapping"]) == (
        "0.0.0", "0.0.0", "het totaal", True)
    assert report["column_mapping"]["category"] == "SoortMisdrijf"
