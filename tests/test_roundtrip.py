"""Every file that can be read survives save -> reopen with equal data (issue 11).

The CBS 2017 buurten hold ``WATER`` beside Wijkbeeld's own ``water``; a GeoPackage
treats the two as one name, so such a project could not be saved. The readers now
give every column a name and a type a GeoPackage keeps (:mod:`importers.columns`),
and the project gives the types back on reading.
"""
from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from files_helpers import assert_same_data, read_checked, round_trip, squares, write_geojson

REAL_FILES = ["amsterdam_politie/2024_bikes.csv", "amsterdam_politie/INDELING_BUURT.csv",
              "amsterdam_politie/Misdrijven__soort_misdrijf__plaats_03112025_180137.csv",
              "ermelo/ermelo_GM0233_buurten_2021_pdok.gpkg",
              "groningen/Diefstal_fiets_Groningen_stad_vanaf_2013.xlsx", "groningen/buurt2017.zip",
              "groningen/buurtindeling.zip", "groningen/groningen_47022NED_labels_2014_2016.csv",
              "groningen/groningen_47022NED_typed_2014_2016.csv", "groningen/wijk2017.zip",
              "nl/nl_wijken_2024_simplified_geoinzicht.geojson"]


def test_the_list_holds_every_shared_file(shared_data):
    """A file added to ../shared/data is added to the round trip too."""
    found = sorted(str(p.relative_to(shared_data)) for p in shared_data.glob("*/*") if p.is_file())
    assert found == sorted(REAL_FILES)


@pytest.mark.parametrize("name", REAL_FILES)
def test_every_real_file_survives_save_and_reopen(shared_data, tmp_path, name):
    imported = read_checked(shared_data / name)
    saved, reopened, _ = round_trip(imported, tmp_path)
    assert_same_data(saved, reopened)


def test_cbs_2017_water_beside_ours_is_renamed_and_said(groningen, tmp_path):
    imported = read_checked(groningen / "buurt2017.zip")
    areas, report = imported.data, imported.report
    assert "water" in areas and "WATER_bron" in areas and "WATER" not in areas
    assert report.extra["renamed_columns"] == {"WATER_bron": "WATER"}
    assert any("'WATER' heet 'WATER_bron'" in a for a in report.assumptions)
    _, _, project = round_trip(imported, tmp_path)
    # the mapping travels with the data: the reopened project's report names the file's column
    assert project.reports["boundaries"]["extra"]["renamed_columns"] == {"WATER_bron": "WATER"}
    assert list(areas["WATER_bron"].unique()) == list(project.areas["WATER_bron"].unique())


EDGE_NAMES = {"Opmerking": "a", "opmerking": "b", "OPMERKING": "c", "fid": "7", "FID_extra": "8", "geom": "g",
              "Geometry": "geo", "x" * 70: "lang", "straße_ĳ_é": "ß", "Wijk (oud)": "w", " spatie ": "s"}


def test_generated_boundaries_with_awkward_names(tmp_path):
    n = 4
    frame = gpd.GeoDataFrame({"BU_CODE": [f"BU0001000{i}" for i in range(n)], "BU_NAAM": list("ABCD"),
                              "WATER": ["NEE", "NEE", "JA", "NEE"], "water": [0, 0, 1, 0],
                              **{k: [v] * n for k, v in EDGE_NAMES.items()}},
                             geometry=squares(n), crs="EPSG:28992")
    path = write_geojson(tmp_path / "buurten.geojson", frame)
    imported = read_checked(path)
    names = [c.casefold() for c in imported.data.columns]
    assert len(names) == len(set(names)), imported.data.columns
    assert not {"fid", "geom"} & set(names)
    renamed = imported.report.extra["renamed_columns"]
    assert set(renamed.values()) >= {"opmerking", "OPMERKING", "fid", "geom", "Geometry"}
    saved, reopened, _ = round_trip(imported, tmp_path)
    assert_same_data(saved, reopened)
    assert reopened["x" * 70].tolist() == ["lang"] * n and reopened["straße_ĳ_é"].tolist() == ["ß"] * n


def test_generated_incidents_csv_with_awkward_names(tmp_path):
    header = ["X", "Y", "datum", "categorie", *EDGE_NAMES, "geometry", "Category", "AREA"]
    rows = [["233100", "582100", f"0{d}-03-2016 22:30", "overlast", *EDGE_NAMES.values(), "tekst", "c", "a"]
            for d in range(1, 6)]
    path = tmp_path / "meldingen.csv"
    path.write_text("\n".join(";".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    # the columns without a role are kept only when the user chooses them (issue 20's minimisation)
    imported = read_checked(path, keep=[c for c in header[4:] if c != "fid"])
    names = [c.casefold() for c in imported.data.columns]
    assert len(names) == len(set(names))
    renamed = imported.report.extra["renamed_columns"]
    assert {"geometry", "Geometry", "geom", "AREA", "Category", "opmerking", "OPMERKING"} <= set(renamed.values())
    assert renamed["AREA_bron"] == "AREA" and imported.report.column_mapping["id"] == "fid"
    saved, reopened, _ = round_trip(imported, tmp_path)
    assert_same_data(saved, reopened)


def test_generated_xlsx_with_mixed_types(tmp_path):
    n = 6
    frame = pd.DataFrame({
        "X": np.linspace(233000, 234000, n), "Y": np.linspace(582000, 583000, n),
        "Begindatum": pd.date_range("2016-03-01 22:00", periods=n, freq="D"),
        "Soort": ["overlast"] * n,
        "gemengd": [1, "twee", 3.5, None, "vijf", 6],
        "tijdstip_oud": [dt.time(1, 2), dt.time(23, 59), None, dt.time(0, 0), dt.time(12, 0), dt.time(8, 30)],
        "aantal": [1, None, 3, 4, None, 6],
        "akkoord": [True, False, None, True, True, False],
        "gezien": pd.date_range("2017-01-01", periods=n, freq="h"),
    })
    path = tmp_path / "registratie.xlsx"
    frame.to_excel(path, index=False)
    imported = read_checked(path, keep=["gemengd", "tijdstip_oud", "aantal", "akkoord", "gezien"])  # chosen
    saved, reopened, _ = round_trip(imported, tmp_path)
    assert_same_data(saved, reopened)
    assert reopened["gemengd"].tolist()[:3] == ["1", "twee", "3.5"]
    assert reopened["tijdstip_oud"].tolist()[:2] == ["01:02:00", "23:59:00"]
