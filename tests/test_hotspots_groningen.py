"""The real case: 15,947 bicycle thefts in Groningen (2013-2017) on the CBS 2017 buurten.

A Groningen analyst knows where bicycles are stolen: the city centre (Binnenstad) and the
station. The analysis must show that at 99% confidence, and say how many registrations
fell outside every buurt (16: coordinates beyond the municipal boundary).
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from hotspot_data import groningen_areas, groningen_incidents
from hotspots.where.hotspots import HOTSPOTS, run_hotspots

BINNENSTAD = ["BU00140000", "BU00140001", "BU00140002", "BU00140003"]
GROTE_MARKT = (233_900.0, 582_050.0)  # RD New, the central square


@pytest.fixture(scope="module")
def data(groningen):
    return groningen_areas(groningen), groningen_incidents(groningen)


def test_gistar_binnenstad_hot_at_99_percent_and_16_outside(data):
    areas, incidents = data
    r = run_hotspots(areas, incidents=incidents)
    a = r.areas.set_index("code")
    assert r.outside == 16 and r.incidents == 15_947
    assert a["count"].sum() == 15_947 - 16
    assert (a.loc[BINNENSTAD, "gi_class"] == 3).all()
    assert (a.loc[BINNENSTAD, "gi_label"] == "Hot spot 99%").all()
    assert a.loc["BU00140008", "gi_class"] == 3  # Stationsgebied
    assert (a.loc[BINNENSTAD, "p_fdr"] < 0.01).all()
    assert r.weights_summary["n_islands"] == 0 and r.weights_summary["components"] == 1
    assert any("16 vielen buiten elk gebied" in n for n in r.notes)
    assert any("Benjamini-Hochberg" in n for n in r.notes)
    assert any("2013-2017" in w for w in r.warnings)  # boundaries 2017, figures 2013-2017
    # counts agree with geopandas' spatial join
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(incidents.x, incidents.y), crs=areas.crs)
    j = gpd.sjoin(pts, areas[["code", "geometry"]], predicate="intersects")
    np.testing.assert_array_equal(a["count"].to_numpy(), j["code"].value_counts().reindex(a.index).fillna(0))


def test_lisa_row_and_rates(data):
    areas, incidents = data
    r = run_hotspots(areas, incidents=incidents, params={"method": "lisa", "seed": 1})
    a = r.areas.set_index("code")
    assert (a.loc[BINNENSTAD[:2], "quadrant"] == "HH").all()
    eb = run_hotspots(areas, incidents=incidents, params={"variable": "rate_eb", "transform": "row"})
    e = eb.areas.set_index("code")
    assert e.loc["BU00140007", "gi_label"] == "Niet berekend"  # UMCG: no inhabitants, no rate
    assert np.isnan(e.loc["BU00140007", "rate_eb"])
    assert e["z"].notna().sum() == e["rate_eb"].notna().sum() == 102  # 108 buurten, 6 without inhabitants
    # per inhabitant the centre is not special (thefts follow bicycles, not residents): EB rates say so
    assert e.loc["BU00140000", "gi_class"] == 0


def test_grid_and_optimised_find_the_centre(data):
    areas, incidents = data
    for params in ({"method": "grid", "cell": 250.0}, {"method": "grid", "shape": "hexagon", "cell": 300.0},
                   {"method": "optimised"}):
        r = run_hotspots(areas, incidents=incidents, params=params)
        cells = r.areas
        at_market = cells[shapely.intersects_xy(cells.geometry.values, *GROTE_MARKT)]
        assert len(at_market) >= 1 and (at_market["gi_class"] == 3).all(), params  # on a 100 m cell edge: 2
        assert r.outside == 16
    assert any("Gekozen celgrootte" in n for n in r.notes)
    assert any("Moran" in n for n in r.notes)


def test_optimised_scale_is_local_not_a_smoothing_of_the_whole_city(data):
    """ArcGIS's rules on Groningen: 100 m cells, no Moran peak up to 1 km, the k-nearest fallback.

    Before (our old rules: cells enlarged while 75% were empty, no peak -> the band with
    the highest z) it took 250 m cells and a 1,500 m band with ~97 neighbours, and 781 of
    1,765 cells came out cold at 90%. Empty farmland is not a cold spot of bicycle theft
    worth mapping; the centre must stay hot at 99% and cold spots must stay rare.
    """
    areas, incidents = data
    r = run_hotspots(areas, incidents=incidents, params={"method": "optimised"})
    cells, dist = r.areas, r.weights_summary["distance_m"]
    assert r.params["method"] == "optimised" and len(cells) == 10_508
    assert cells["count"].sum() == 15_947 - 16
    assert 250 <= dist <= 400 and 25 <= r.weights_summary["neighbours_mean"] <= 40
    assert any("30 dichtstbijzijnde cellen" in n for n in r.notes)
    assert any("CBS-rastermaat 100 m" in n for n in r.notes)
    cls = cells["gi_class"]
    assert (cls < 0).mean() < 0.05  # was 44% (781 of 1,765)
    assert 0.02 < (cls == 3).mean() < 0.10  # the hot cells are a few percent, not the whole city
    binnenstad = areas.loc[areas["code"].isin(BINNENSTAD), "geometry"].union_all()
    inside = shapely.within(shapely.points(cells[["x", "y"]].to_numpy()), binnenstad)
    assert (cls[inside] == 3).mean() > 0.8  # nearly every cell of the Binnenstad is hot at 99%
    at_station = areas.loc[areas["code"] == "BU00140008", "geometry"].iloc[0]
    near = shapely.within(shapely.points(cells[["x", "y"]].to_numpy()), at_station)
    assert (cls[near] == 3).any()


def test_kde_peaks_at_the_station_beside_the_binnenstad(data):
    areas, incidents = data
    r = run_hotspots(areas, incidents=incidents, params={"method": "kde"})
    s = r.surface
    iy, ix = np.unravel_index(np.argmax(s.grid), s.grid.shape)
    cx, cy = s.centres()
    # the densest spot is the bicycle parking of the main railway station (buurt Stationsgebied)
    station = areas.loc[areas["code"] == "BU00140008", "geometry"].iloc[0]
    assert station.contains(shapely.Point(cx[ix], cy[iy]))
    assert s.grid.sum() * (s.cell / 1000) ** 2 == pytest.approx(15_931, rel=0.02)  # mass near the edge may leave


def test_police_counts_give_the_same_centre(groningen):
    import importers

    areas = groningen_areas(groningen)
    counts, _ = importers.read_counts(groningen / "groningen_47022NED_typed_2014_2016.csv", areas=areas)
    buurten = counts[counts["code"].str.startswith("BU")]
    r = run_hotspots(areas, counts=buurten)
    a = r.areas.set_index("code")
    assert (a.loc[BINNENSTAD[:2], "gi_class"] == 3).all()


def test_method_declaration_is_complete():
    assert HOTSPOTS.defaults()["method"] == "gistar" and HOTSPOTS.defaults()["fdr"] is True
    for p in HOTSPOTS.params:
        assert p.label and p.help
    with pytest.raises(Exception, match="geen keuze"):
        HOTSPOTS.validate({"method": "kriging"})
