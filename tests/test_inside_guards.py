"""No analysis of incidents that lie elsewhere; a warning when few lie inside or they cover a small part (issue 11)."""
from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import importers
from hotspots.inzet import plan as inzet
from hotspots.where.guards import study_area
from hotspots.where.hotspots import run_hotspots
from kernel.errors import AnalysisError
from resources import demo


@pytest.fixture(scope="module")
def areas():
    return importers.read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)[0]


@pytest.fixture(scope="module")
def incidents():
    return importers.read_incidents(demo.INCIDENTS)[0]


def _moved(incidents, dx, dy, n=None):
    out = incidents.head(n).copy() if n else incidents.copy()
    out["x"] += dx
    out["y"] += dy
    return out


def test_no_incident_inside_is_refused_with_the_distance(areas, incidents):
    amsterdam = _moved(incidents, -113_000, -96_000, 500)  # the same pattern, ~150 km away
    with pytest.raises(AnalysisError, match=r"Geen enkel van de 500 incidenten ligt binnen de gebieden; ze liggen "
                                            r"\d+,\d tot \d+,\d km van de gebieden \(mediaan"):
        run_hotspots(areas, incidents=amsterdam)
    for method in ("grid", "kde"):
        with pytest.raises(AnalysisError, match="Geen enkel van de 500"):
            run_hotspots(areas, incidents=amsterdam, params={"method": method})


def test_analyse_and_inzet_refuse_and_write_no_hot_times(areas, incidents, tmp_path, cli):
    path = tmp_path / "elders.csv"
    moved = _moved(incidents, -113_000, -96_000, 800)
    moved.drop(columns=["area"]).to_csv(path, index=False)
    out = tmp_path / "uit"
    code, _, err = cli("analyse", "--areas", demo.AREAS, "--incidents", path, "--out", out)
    assert code == 2 and "ligt binnen de gebieden" in err and "km" in err
    assert not (out / "samenvatting.json").exists()
    code, _, err = cli("inzet", "--areas", demo.AREAS, "--incidents", path, "--shifts", "4")
    assert code == 2 and "ligt binnen de gebieden" in err and "categor" not in err
    with pytest.raises(AnalysisError, match="ligt binnen de gebieden"):
        inzet.run(areas, moved)


def test_few_inside_is_a_warning(areas, incidents):
    mixed = pd.concat([incidents.head(300), _moved(incidents.iloc[300:1000], 0, -60_000)], ignore_index=True)
    result = run_hotspots(areas, incidents=mixed)
    warning = next(w for w in result.warnings if w.startswith("Maar "))
    assert "van de 1.000 incidenten" in warning and "km van de gebieden" in warning
    assert result.incidents == 1000 and result.outside >= 700
    assert not any(w.startswith("Maar ") for w in run_hotspots(areas, incidents=incidents.head(2000)).warnings)


def test_without_coordinates_or_area_nothing_to_assign(areas):
    none = pd.DataFrame({"x": [np.nan] * 5, "y": [np.nan] * 5, "start": pd.Timestamp("2016-01-01")})
    with pytest.raises(AnalysisError, match="heeft coördinaten of een gebied"):
        run_hotspots(areas, incidents=none)


@pytest.fixture(scope="module")
def country(shared_data):
    return importers.read_boundaries(shared_data / "nl" / "nl_wijken_2024_simplified_geoinzicht.geojson")[0]


def test_national_boundaries_with_one_gemeente_say_so(country, incidents, cli, shared_data):
    """Every wijk of Groningen was 'hot at 99%' against the empty rest of the country."""
    result = run_hotspots(country, incidents=incidents)
    warning = next(w for w in result.warnings if w.startswith("De incidenten liggen in"))
    assert "in 1 van de 342 gemeenten" in warning or "gemeenten van de gebieden (GM0014 Groningen)" in warning
    assert "--gemeente GM0014" in warning
    words, codes = study_area(result.areas.assign(gemeente_code=country["gemeente_code"].to_numpy()),
                              result.areas["count"])
    assert codes == ["GM0014"]
    code, out, err = cli("hotspots", "--areas", shared_data / "nl" / "nl_wijken_2024_simplified_geoinzicht.geojson",
                         "--incidents", demo.INCIDENTS, "--gemeente", "GM0014", "--json")
    assert code == 0, err
    assert not any(w.startswith("De incidenten liggen in") for w in json.loads(out)["warnings"])


def test_counts_of_one_gemeente_on_many_gemeenten(areas):
    """Police counts of one gemeente on the boundaries of three: the same warning."""
    parts = [areas]
    for shift, gm in ((40_000, "0363"), (80_000, "0518")):
        other = areas.copy()
        other["code"] = other["code"].str.replace("BU0014", f"BU{gm}", regex=False)
        other["gemeente_code"] = f"GM{gm}"
        other.geometry = other.translate(0, -shift)
        parts.append(other)
    three = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=areas.crs)
    counts = pd.DataFrame({"code": areas["code"], "period": pd.Period("2016-01", "M"), "category": "1.2.3",
                           "count": np.arange(len(areas)) % 7})
    result = run_hotspots(three, counts=counts)
    assert any("in 1 van de 3 gemeenten" in w and "--gemeente GM0014" in w for w in result.warnings)
    assert not any("--gemeente" in w for w in run_hotspots(areas, counts=counts).warnings)
