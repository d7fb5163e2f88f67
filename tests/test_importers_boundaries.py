"""Boundaries on the real CBS data: counts, CRS, sentinels, population, water, repairs, gemeente choice."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import importers
from kernel.errors import ImportFileError
from kernel.schema import AREA_COLUMNS


@pytest.fixture(scope="module")
def buurten(groningen):
    return importers.read_boundaries(groningen / "buurt2017.zip")


def test_groningen_buurten_2017(buurten, groningen):
    import geopandas as gpd

    areas, report = buurten
    assert len(areas) == 108 and report.rows_read == 108 == report.rows_kept
    assert areas.crs.to_epsg() == 28992 and report.crs == "EPSG:28992"
    assert list(areas.columns[: len(AREA_COLUMNS)]) == AREA_COLUMNS
    assert (areas["level"] == "buurt").all() and areas["code"].str.match(r"^BU0014\d{4}$").all()
    assert (areas["gemeente_code"] == "GM0014").all() and (areas["year"] == 2017).all()
    # sentinels: the source holds -99999999 in 516 cells; none survives as a number
    raw = gpd.read_file(f"zip://{groningen / 'buurt2017.zip'}")
    assert int((raw.drop(columns="geometry") == -99999999).sum().sum()) == 516
    numeric = areas.select_dtypes("number")
    assert not (numeric <= -99995).any().any()
    sentinel_cells = raw.drop(columns="geometry").eq(-99999999)
    for col in sentinel_cells.columns[sentinel_cells.any()]:
        target = "population" if col == "AANT_INW" else col
        assert areas.loc[sentinel_cells[col].to_numpy(), target].isna().all(), col
    # population equals AANT_INW where CBS gave it
    given = raw["AANT_INW"] >= 0
    np.testing.assert_array_equal(areas.loc[given.to_numpy(), "population"], raw.loc[given, "AANT_INW"])
    # reprojected, not just relabelled: the centroid of Binnenstad-Noord lies in the city in RD metres
    c = areas.set_index("code").loc["BU00140000"].geometry.centroid
    assert 233_000 < c.x < 235_000 and 581_000 < c.y < 584_000
    assert any("EPSG:4326" in a for a in report.assumptions)


def test_groningen_wijken(groningen):
    areas, report = importers.read_boundaries(groningen / "wijk2017.zip")
    assert len(areas) == 15 and (areas["level"] == "wijk").all()
    assert areas["code"].str.match(r"^WK0014\d{2}$").all()


def test_ermelo_population_from_men_and_women(shared_data):
    import geopandas as gpd

    path = shared_data / "ermelo" / "ermelo_GM0233_buurten_2021_pdok.gpkg"
    areas, report = importers.read_boundaries(path)
    raw = gpd.read_file(path)
    assert raw["aantal_inwoners"].isna().all()  # the quirk this test is about
    assert len(areas) == 17 and areas.crs.to_epsg() == 28992
    by_code = areas.set_index("code")
    ok = (raw["mannen"] >= 0) & (raw["vrouwen"] >= 0)
    expected = (raw.loc[ok, "mannen"] + raw.loc[ok, "vrouwen"]).to_numpy(dtype=float)
    np.testing.assert_array_equal(by_code.loc[raw.loc[ok, "buurtcode"], "population"].to_numpy(), expected)
    assert by_code.loc["BU02330000", "population"] == 5215 + 5575
    assert any("mannen + vrouwen" in a and "16 gebieden" in a for a in report.assumptions)
    # the water buurt: flagged, and its -99999999 inhabitants are missing, not a number
    assert bool(by_code.loc["BU02339997", "water"]) is True
    assert np.isnan(by_code.loc["BU02339997", "population"])
    assert int(areas["water"].sum()) == 1
    assert (areas["year"] == 2021).all()


def test_nl_wijken_geojson_repairs_invalid_geometries(shared_data):
    path = shared_data / "nl" / "nl_wijken_2024_simplified_geoinzicht.geojson"
    areas, report = importers.read_boundaries(path)
    assert len(areas) == 3475 == report.rows_read == report.rows_kept
    assert len(report.geometries_repaired) == 17
    assert all(g["reason"] for g in report.geometries_repaired)
    assert areas.geometry.is_valid.all()
    assert areas.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    assert areas.crs.to_epsg() == 28992
    # missing values are absent keys in the source: missing here, never 0
    assert areas["population"].isna().sum() == 82
    # wijk codes ending in 99 are water or outside the built-up area
    water = areas["code"].str.endswith("99")
    assert areas.loc[water, "water"].all()


def test_nl_wijken_choice_of_gemeente(shared_data):
    path = shared_data / "nl" / "nl_wijken_2024_simplified_geoinzicht.geojson"
    by_name, report = importers.read_boundaries(path, gemeente="Ermelo")
    by_code, _ = importers.read_boundaries(path, gemeente="GM0233")
    assert sorted(by_name["code"]) == sorted(by_code["code"])
    assert len(by_name) == 7 and (by_name["gemeente_code"] == "GM0233").all()
    assert report.rows_read == 7 == report.rows_kept


def test_amsterdam_wkt_csv(shared_data):
    areas, report = importers.read_boundaries(shared_data / "amsterdam_politie" / "INDELING_BUURT.csv")
    assert report.encoding == "utf-8-sig" and report.separator == ";"
    assert report.column_mapping["geometry"] == "WKT_LNG_LAT"  # the lon-lat column, not the lat-lon one
    assert areas["code"].str.match(r"^BU0363[0-9A-Z]{4}$").all()  # alphanumeric codes stay strings
    assert (areas["gemeente_code"] == "GM0363").all()
    c = areas.geometry.union_all().centroid
    assert 115_000 < c.x < 130_000 and 480_000 < c.y < 495_000  # Amsterdam in RD New


def test_groningen_own_division_repaired(groningen):
    areas, report = importers.read_boundaries(groningen / "buurtindeling.zip")
    assert len(areas) == 112 and len(report.geometries_repaired) == 4
    assert areas.geometry.is_valid.all()


def test_lower_case_scheme_and_geopackage_roundtrip(tmp_path, buurten):
    """A GeoPackage with PDOK's lower-case names, written from the upper-case data, reads back the same."""
    areas, _ = buurten
    lower = areas[["code", "name", "wijk_code", "gemeente_code", "gemeente_name", "population", "geometry"]].rename(
        columns={"code": "buurtcode", "name": "buurtnaam", "wijk_code": "wijkcode", "gemeente_code": "gemeentecode",
                 "gemeente_name": "gemeentenaam", "population": "aantal_inwoners"})
    lower["aantal_inwoners"] = lower["aantal_inwoners"].fillna(-99999997)
    path = tmp_path / "buurten_2017.gpkg"
    lower.to_file(path, layer="buurten", engine="pyogrio")
    again, report = importers.read_boundaries(path)
    pd.testing.assert_series_equal(again["code"], areas["code"], check_dtype=False)
    np.testing.assert_array_equal(again["population"].to_numpy(), areas["population"].to_numpy())


def test_demo_data_is_importable():
    from resources import demo

    areas, _ = importers.read_boundaries(demo.AREAS)
    wijken, _ = importers.read_boundaries(demo.AREAS, level="wijk")
    assert len(areas) == 108 and len(wijken) == 15
    counts, report = importers.read_counts(demo.COUNTS, areas=areas)
    assert report.rows_kept == 4464 and not report.unmatched
    incidents, report = importers.read_incidents(demo.INCIDENTS)
    assert report.rows_read == 15947 and not report.personal_data_columns
    assert "demo" not in demo.ATTRIBUTION and "CC BY 3.0 NL" in demo.ATTRIBUTION


def test_a_coarser_level_is_not_made_by_the_reader(groningen):
    """The reader reads the level the file holds; the analysis dissolves (tests/test_levels.py)."""
    with pytest.raises(ImportFileError, match="bevat buurten, geen wijken; wijken maakt Wijkbeeld daaruit"):
        importers.read_boundaries(groningen / "buurt2017.zip", level="wijk")  # never another level, silently
    made, report = importers.read_boundaries(groningen / "buurt2017.zip", level="wijk", coarser="finest")
    assert (made["level"] == "buurt").all() and len(made) == 108 and report.extra["level"] == "buurt"
    assert any("wijken worden daaruit samengesteld" in a for a in report.assumptions)
    with pytest.raises(ImportFileError, match="fijner niveau"):
        importers.read_boundaries(groningen / "wijk2017.zip", level="buurt")
