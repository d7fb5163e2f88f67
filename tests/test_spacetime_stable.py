"""Stable hot spots: each scale equals the house's Gi* run on its own, places count the scales, the caption."""
from __future__ import annotations

import functools

import numpy as np
import pytest
import shapely

import importers
from hotspots.inputs import Inputs
from hotspots.spacetime import stable
from hotspots.spacetime.stable import parse_scales
from hotspots.where.hotspots import run_hotspots
from kernel.errors import AnalysisError
from resources import demo


@functools.lru_cache(maxsize=None)
def _demo():
    areas, _ = importers.read_boundaries(demo.AREAS)
    incidents, _ = importers.read_incidents(demo.INCIDENTS)
    return areas, incidents, stable.run(Inputs(areas=areas, incidents=incidents))


@pytest.mark.parametrize("scale,params", [
    (0, {"method": "gistar"}), (1, {"method": "grid", "cell": 250.0, "shape": "square"}),
    (2, {"method": "grid", "cell": 250.0, "shape": "hexagon"}), (3, {"method": "grid", "cell": 500.0, "shape": "hexagon"})])
def test_each_scale_is_the_hot_spot_analysis_run_on_its_own(scale, params):
    areas, incidents, r = _demo()
    alone = run_hotspots(areas, incidents=incidents, params=params)
    cls = alone.areas["gi_class"].to_numpy()
    assert r.scales[scale]["units"] == len(alone.areas)
    assert r.scales[scale]["hot_units"] == int((cls >= 1).sum())
    # a place counts this scale exactly when the unit under its centre is hot in the separate run
    p = r.places.sample(300, random_state=scale)
    hits = shapely.STRtree(alone.areas.geometry.values).query(shapely.points(p["x"], p["y"]), predicate="intersects")
    hot = np.zeros(len(p), dtype=bool)
    np.logical_or.at(hot, hits[0], cls[hits[1]] >= 1)
    np.testing.assert_array_equal(p[f"hot_{scale + 1}"].to_numpy(), hot)


def test_places_map_and_areas_agree():
    _, _, r = _demo()
    n = len(r.scales)
    flags = r.places[[f"hot_{i + 1}" for i in range(n)]].to_numpy()
    np.testing.assert_array_equal(r.places["n_hot"].to_numpy(), flags.sum(axis=1))
    km2 = r.places["n_hot"].gt(0).sum() * r.base ** 2 / 1e6
    assert r.map["area_km2"].sum() == pytest.approx(km2)
    for _, row in r.map.iterrows():
        assert row.geometry.area / 1e6 == pytest.approx(row["area_km2"], rel=1e-9)
    by = r.areas.set_index("code")
    assert by.loc["BU00140000", "scales_hot"] == n  # Binnenstad-Noord: hot at every scale
    assert by.loc["BU00140000", "sentence"].startswith("Binnenstad-Noord is op 4 van de 4 schalen een hot spot")
    assert "modifiable areal unit problem" in r.caption
    d = r.to_dict()
    assert len(d["areas"]) == 108 and [m["n_hot"] for m in d["map"]] == sorted(m["n_hot"] for m in d["map"])


def test_scales_are_checked():
    assert parse_scales("area,square:100") == [("area", 0.0), ("square", 100.0)]
    for bad in ("area", "square:10,area", "circle:100,area", "square:abc,area"):
        with pytest.raises(AnalysisError):
            parse_scales(bad)
    areas, incidents, _ = _demo()
    with pytest.raises(AnalysisError, match="incidenten"):
        stable.run(Inputs(areas=areas))
