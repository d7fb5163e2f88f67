"""Incidents without coordinates (issue 11): read, joined to areas by code, name or postcode-4, or used without a map."""
from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import importers
from files_helpers import read_checked, squares, write_geojson
from hotspots.when.hottimes import run_hottimes
from hotspots.where.hotspots import run_hotspots
from kernel.errors import AnalysisError
from resources import demo


@pytest.fixture(scope="module")
def areas():
    return importers.read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)[0]


def _write(tmp_path, name, frame):
    path = tmp_path / name
    frame.to_csv(path, sep=";", index=False)
    return path


def _times(n, seed=1):
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 365 * 24 * 60, n), unit="min")
    return start.strftime("%d-%m-%Y %H:%M")


def test_buurt_codes_join_and_count_per_area(tmp_path, areas, cli):
    rng = np.random.default_rng(3)
    codes = rng.choice(areas["code"].to_numpy(), 400)
    path = _write(tmp_path, "misdaad_in_kaart.csv",
                  pd.DataFrame({"Datum": _times(400), "Soort": "inbraak", "Buurtcode": codes}))
    imported = read_checked(path)
    incidents, report = imported.data, imported.report
    assert incidents["x"].isna().all() and report.extra["coordinates"] is False
    assert report.column_mapping["place"] == "Buurtcode" and report.extra["place"]["kind"] == "code"
    result = run_hotspots(areas, incidents=incidents)
    expected = pd.Series(codes).value_counts().reindex(result.areas["code"]).fillna(0)
    assert result.areas["count"].tolist() == expected.tolist() and result.outside == 0
    assert any("op hun plaats" in n for n in result.notes)
    assert run_hottimes(incidents).total == pytest.approx(400)
    code, out, err = cli("trends", "--incidents", path, "--areas", demo.AREAS, "--json")
    assert code == 0, err
    assert sum(r["count"] for r in json.loads(out)["series"]) == 400
    with pytest.raises(AnalysisError, match="vragen x en y"):
        run_hotspots(areas, incidents=incidents, params={"method": "grid"})


def test_buurt_names_join_and_what_fails_is_reported(tmp_path, areas):
    names = areas["name"].dropna()
    unique = names[~names.duplicated(keep=False)].tolist()[:20]
    values = [unique[i % len(unique)].upper() for i in range(60)] + ["Nergenshuizen"] * 3
    path = _write(tmp_path, "boa.csv", pd.DataFrame({"datum": _times(63), "feit": "overlast", "Buurt": values}))
    incidents = read_checked(path).data
    result = run_hotspots(areas, incidents=incidents)
    assert int(result.areas["count"].sum()) == 60 and result.outside == 3
    assert any("3 incidenten zonder coördinaten niet gekoppeld" in n and "Nergenshuizen" in n for n in result.notes)


def test_postcode_areas_and_six_character_postcodes(tmp_path):
    pc4 = [9711 + i for i in range(6)]
    boundaries = write_geojson(tmp_path / "pc4.geojson", gpd.GeoDataFrame(
        {"PC4": pc4}, geometry=squares(6), crs="EPSG:28992"))
    areas = read_checked(boundaries).data
    postcodes = [f"{pc4[i % 6]} {'AB' if i % 2 else 'XZ'}" for i in range(36)]
    path = _write(tmp_path, "meldingen.csv", pd.DataFrame({"datum": _times(36), "soort": "afval",
                                                           "postcode": postcodes}))
    imported = read_checked(path)
    assert imported.data["place"].tolist()[:2] == ["9711", "9712"]  # never the six characters
    assert "postcode" in imported.report.personal_data_columns
    assert not any(c == "postcode" for c in imported.data.columns)
    from hotspots.where.assign import assign_points
    joined = assign_points(imported.data, areas)
    assert joined.outside == 0 and joined.counts(areas["code"]).tolist() == [6] * 6


def test_nothing_but_date_and_category(tmp_path, areas, cli):
    path = _write(tmp_path, "alleen_tijd.csv", pd.DataFrame({"datum": _times(120), "categorie": "geluid"}))
    imported = read_checked(path)
    assert imported.report.rows_kept == 120 and "place" not in imported.data
    code, out, err = cli("hottimes", "--incidents", path, "--json")
    assert code == 0, err
    assert json.loads(out)["total"] == pytest.approx(120)
    code, _, err = cli("analyse", "--areas", demo.AREAS, "--incidents", path, "--out", tmp_path / "uit")
    assert code == 2 and "coördinaten of een gebied" in err


def test_rows_without_coordinates_but_with_a_place_are_kept(tmp_path, areas):
    inc = importers.read_incidents(demo.INCIDENTS)[0].head(50)
    frame = pd.DataFrame({"x": inc["x"], "y": inc["y"], "datum": _times(50), "buurtcode": "BU00140000"})
    frame.loc[:9, ["x", "y"]] = np.nan
    frame.loc[45:, ["x", "y", "buurtcode"]] = [np.nan, np.nan, None]
    imported = read_checked(_write(tmp_path, "gemengd.csv", frame))
    assert imported.report.rows_kept == 45
    assert [r.reason for r in imported.report.rejections] == ["coördinaat ontbreekt"] * 5
    result = run_hotspots(areas, incidents=imported.data)
    assert int(result.areas["count"].sum()) == 45 - result.outside


def test_the_place_survives_a_project_save_and_a_place_with_personal_data_is_none(tmp_path, areas):
    """The place is a role column: the project keeps it (it joins the incidents after reopening), and like a
    category it is checked for personal data (issue 20): a name column holding people is no place."""
    from importers.project import Project, load_project, save_project

    rng = np.random.default_rng(4)
    names = rng.choice(areas["name"].dropna().to_numpy(), 300)
    frame = pd.DataFrame({"Datum": _times(300), "Soort": "overlast", "Buurt": names})
    imported = read_checked(_write(tmp_path, "buurten.csv", frame))
    assert imported.report.column_mapping["place"] == "Buurt"
    project = Project(areas=areas, incidents=imported.data, reports={"incidents": imported.report.to_dict()})
    back = load_project(save_project(project, tmp_path / "p.gpkg"))
    pd.testing.assert_series_equal(back.incidents["place"], imported.data["place"])
    assert run_hotspots(back.areas, incidents=back.incidents).areas["count"].sum() == 300
    frame["Buurt"] = np.where(np.arange(300) == 150, "bij de melder Jan de Vries, 06-12345678", names)
    imported = read_checked(_write(tmp_path, "buurten_melder.csv", frame))
    assert "place" not in imported.data and "place" not in imported.report.column_mapping
    assert imported.report.extra["roles_refused"]["place"]["column"] == "Buurt"
    assert any("niet gebruikt om incidenten zonder coördinaten" in w for w in imported.report.warnings)
    assert "Buurt" in imported.report.personal_data_columns
    assert not imported.data.astype(str).apply(lambda c: c.str.contains("Jan de Vries")).any().any()
