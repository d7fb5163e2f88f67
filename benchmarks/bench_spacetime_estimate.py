"""How well the window's time estimates of emerging and stable hot spots (desktop/estimate.py) foresee the runs.

Before the Ruimte en tijd tab starts emerging or stable hot spots it estimates how long they take
(:func:`desktop.spacetime_tasks.emerging_estimate`, :func:`~desktop.spacetime_tasks.stable_estimate`) and asks
above ten seconds. Each row runs what the worker runs (``emerging_view`` per unit, ``stable_view``, with their
maps) and compares: ``ours_s`` is the measured run, ``peer_s`` the estimate made before it, so ``ratio`` is
estimate / measured (the aim: between 0.67 and 1.5). Data: the demo (108 buurten, 15,947 incidents, 56 months)
and generated regions (:func:`region`: Voronoi areas over a square of 20-80 km, incidents 70% in eight clusters,
over 3-10 years); ``--quick`` the demo and the 20 km region only.
"""
from __future__ import annotations

import tempfile
import time

import numpy as np

from common import result

#: (areas, incidents, side in km, months) of the generated regions.
REGIONS = {"r20": (1000, 100_000, 20, 60), "r30": (2000, 200_000, 30, 90), "r40": (3000, 300_000, 40, 120),
           "r60": (5000, 500_000, 60, 60), "r80": (8000, 800_000, 80, 36)}


def region(n_areas: int, n_incidents: int, size_km: float = 20, months: int = 60, seed: int = 1):
    """Areas (a Voronoi tessellation of a square in RD New) and incidents (``x``, ``y``, ``start``), seeded."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    rng = np.random.default_rng(seed)
    x0, y0, side = 200_000.0, 500_000.0, size_km * 1000.0
    seeds = np.column_stack([rng.uniform(x0, x0 + side, n_areas), rng.uniform(y0, y0 + side, n_areas)])
    frame = shapely.box(x0, y0, x0 + side, y0 + side)
    cells = shapely.intersection(shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(seeds),
                                                                            extend_to=frame)), frame)
    cells = shapely.set_precision(cells[shapely.get_type_id(cells) == 3], 0.001)
    areas = gpd.GeoDataFrame({"code": [f"BU9{i:07d}" for i in range(len(cells))],
                              "name": [f"Buurt {i}" for i in range(len(cells))],
                              "population": rng.integers(100, 5000, len(cells)).astype(float)},
                             geometry=cells, crs="EPSG:28992")
    k = int(n_incidents * 0.7)
    cx, cy = rng.uniform(x0 + 2000, x0 + side - 2000, 8), rng.uniform(y0 + 2000, y0 + side - 2000, 8)
    which = rng.integers(0, 8, k)
    x = np.clip(np.concatenate([rng.normal(cx[which], 1200), rng.uniform(x0, x0 + side, n_incidents - k)]),
                x0 + 1, x0 + side - 1)
    y = np.clip(np.concatenate([rng.normal(cy[which], 1200), rng.uniform(y0, y0 + side, n_incidents - k)]),
                y0 + 1, y0 + side - 1)
    start = pd.Timestamp("2012-01-01") + pd.to_timedelta(rng.integers(0, months * 30 * 24 * 60, n_incidents),
                                                         unit="min")
    incidents = pd.DataFrame({"id": [f"I{i}" for i in range(n_incidents)], "x": x, "y": y,
                              "start": start.astype("datetime64[ns]"), "end": pd.NaT, "category": "proef"})
    return areas, incidents


def _rows(name: str, areas, incidents, out: str) -> list[dict]:
    from desktop import spacetime_tasks as st

    rows = []
    for unit in ("area", "square", "hexagon"):
        expected = st.emerging_estimate(areas, incidents, params={"unit": unit})
        t0 = time.perf_counter()
        view = st.emerging_view(areas, incidents=incidents, params={"unit": unit}, out_dir=out)
        rows.append(result(f"estimate_emerging_{unit}_{name}", time.perf_counter() - t0, "schatting vooraf",
                           expected.seconds, aim="0,67-1,5", places=len(view.result.locations),
                           months=len(view.result.months), estimated_places=expected.units))
    expected = st.stable_estimate(areas, incidents)
    t0 = time.perf_counter()
    view = st.stable_view(areas, incidents, out_dir=out)
    rows.append(result(f"estimate_stable_{name}", time.perf_counter() - t0, "schatting vooraf", expected.seconds,
                       aim="0,67-1,5", cells=sum(s["units"] for s in view.result.scales[1:]),
                       estimated_cells=expected.units))
    return rows


def run(quick: bool = False) -> list[dict]:
    from desktop import spacetime_tasks as st
    from desktop import tasks

    demo = tasks.load_demo()
    out = tempfile.mkdtemp(prefix="wijkbeeld-bench-")
    st.emerging_view(demo.areas, incidents=demo.incidents, out_dir=out)  # imports and first calls aside
    rows = _rows("demo", demo.areas, demo.incidents, out)
    for name in ("r20",) if quick else REGIONS:
        n_areas, n_incidents, km, months = REGIONS[name]
        areas, incidents = region(n_areas, n_incidents, km, months)
        rows += _rows(name, areas, incidents, out)
    return rows
