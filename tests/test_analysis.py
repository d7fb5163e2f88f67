"""run_hotspots on a synthetic town: every method, progress and cancel, errors in Dutch."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from hotspots.where.hotspots import HOTSPOTS, METHOD_PARAMS, run_hotspots
from kernel.errors import AnalysisError, Cancelled


@pytest.fixture(scope="module")
def town():
    """10 x 10 buurten of 500 m; incidents clustered in the buurt at column 6, row 3."""
    geoms = [box(200_000 + i * 500, 500_000 + j * 500, 200_500 + i * 500, 500_500 + j * 500)
             for j in range(10) for i in range(10)]
    areas = gpd.GeoDataFrame({"code": [f"BU{k:04d}" for k in range(100)], "name": [f"Buurt {k}" for k in range(100)],
                              "population": 1000.0, "water": False}, geometry=geoms, crs="EPSG:28992")
    rng = np.random.default_rng(5)
    x = np.concatenate([rng.uniform(200_000, 205_000, 600), rng.normal(203_250, 200, 400)])
    y = np.concatenate([rng.uniform(500_000, 505_000, 600), rng.normal(501_750, 200, 400)])
    x = np.append(x, 250_000.0)  # one far outside
    y = np.append(y, 500_000.0)
    start = pd.Timestamp("2017-03-01") + pd.to_timedelta(rng.integers(0, 300, len(x)), unit="D")
    return areas, pd.DataFrame({"x": x, "y": y, "start": start})


@pytest.mark.parametrize("method", ["gistar", "lisa", "grid", "optimised", "kde"])
def test_every_method_finds_the_cluster(town, method):
    areas, inc = town
    seen = []
    r = run_hotspots(areas, incidents=inc, params={"method": method, "seed": 3},
                     progress=lambda f, t: seen.append(f))
    assert r.method == method and r.outside == 1 and r.incidents == len(inc)
    assert seen and seen[-1] == pytest.approx(1.0) and all(0 <= f <= 1 for f in seen)
    assert r.notes and r.areas.crs.to_epsg() == 28992
    a = r.areas
    centre = a[a.geometry.intersects(gpd.points_from_xy([203_250], [501_750])[0])]
    if method == "kde":
        s = r.surface
        iy, ix = np.unravel_index(np.argmax(s.grid), s.grid.shape)
        cx, cy = s.centres()
        assert abs(cx[ix] - 203_250) < 300 and abs(cy[iy] - 501_750) < 300
    elif method == "lisa":
        assert centre["quadrant"].iloc[0] == "HH"
    else:
        assert int(centre["gi_class"].iloc[0]) == 3
        assert set(a["gi_label"]) <= {"Hot spot 99%", "Hot spot 95%", "Hot spot 90%", "Niet significant",
                                      "Cold spot 90%", "Cold spot 95%", "Cold spot 99%"}


def test_cancel_and_errors(town):
    areas, inc = town
    with pytest.raises(Cancelled):
        run_hotspots(areas, incidents=inc, cancelled=lambda: True)
    with pytest.raises(AnalysisError, match="Geef incidenten, tellingen of een kolom"):
        run_hotspots(areas)
    with pytest.raises(AnalysisError, match="geen kolom 'inwoners'"):
        run_hotspots(areas, value="inwoners")
    with pytest.raises(AnalysisError, match="mist de kolom 'code'"):
        run_hotspots(areas.drop(columns="code"), incidents=inc)
    with pytest.raises(AnalysisError, match="onbekende instelling"):
        run_hotspots(areas, incidents=inc, params={"kleur": "rood"})
    with pytest.raises(AnalysisError, match="werkt op incidenten"):
        run_hotspots(areas, counts=pd.DataFrame({"code": ["BU0001"], "count": [3]}), params={"method": "grid"})


def test_geographic_areas_are_projected_and_said(town):
    areas, inc = town
    r = run_hotspots(areas.to_crs("EPSG:4326"), incidents=inc)
    assert any("omgezet naar RD New" in n for n in r.notes)
    assert r.outside == 1


def test_counts_frame_and_unknown_codes(town):
    areas, _ = town
    counts = pd.DataFrame({"code": ["BU0036", "BU0036", "BU0037", "XX9999"], "count": [50, 40, 30, 7],
                           "period": pd.period_range("2016-01", periods=4, freq="M")})
    r = run_hotspots(areas, counts=counts)
    a = r.areas.set_index("code")
    assert a.loc["BU0036", "count"] == 90 and a["count"].sum() == 120
    assert any("XX9999" in w for w in r.warnings)
    assert any("niet in de tellingen" in n for n in r.notes)
    assert any("waarde 0" in w for w in r.warnings)  # 98 of 100 zero: Gi* unreliable


def test_declaration_covers_the_methods():
    names = {p.name for p in HOTSPOTS.params}
    assert set(METHOD_PARAMS) == set(HOTSPOTS.param("method").choices)
    assert all(set(v) <= names for v in METHOD_PARAMS.values())
