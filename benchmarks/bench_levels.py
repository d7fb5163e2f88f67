"""Switching the level from buurt to wijk: ``hotspots.levels`` vs what a user would write with geopandas.

On the national-scale synthetic buurten (``data.buurten``; wijk and gemeente codes from a grid of
their centroids, 4 km and 20 km; 20 and 100 km with --quick) and N incidents located in the buurten, side by side:

* areas: ours ``areas_at({"buurt": b}, "wijk")`` (groupby on the parent code, union per wijk) against
  ``GeoDataFrame.dissolve(by="wijk_code", aggfunc=...)``;
* incidents: ours ``incidents_at`` (each incident's buurt code mapped to its wijk code, no geometry)
  against locating the points again in the wijken with ``geopandas.sjoin`` (the peer that does not
  know the CBS hierarchy); aim: far faster, since no point is tested against a polygon;
* the whole switch of one source through :func:`hotspots.selection.select` (areas, incidents, counts at
  wijk level) against the two geopandas steps.
"""
from __future__ import annotations

import numpy as np

from common import best_time, result


def _buurten(quick: bool):
    import data

    b = data.buurten(600, max_segment=400) if quick else data.buurten()
    c = b.geometry.centroid
    cell = 4000 if not quick else 20000  # about 3 buurten per wijk, as in the country
    gx, gy = (c.x // cell).astype(int), (c.y // cell).astype(int)
    mx, my = (c.x // (5 * cell)).astype(int), (c.y // (5 * cell)).astype(int)
    gemeente = [f"GM{int(a):02d}{int(b_):02d}" for a, b_ in zip(mx, my)]
    wijk = [f"WK{g[2:]}{int(a) % 10}{int(b_) % 10}" for g, a, b_ in zip(gemeente, gx, gy)]
    b = b.assign(name=b["code"], level="buurt", wijk_code=wijk, gemeente_code=gemeente, gemeente_name=gemeente,
                 water=False, year=2024)
    return b


def run(quick: bool) -> list[dict]:
    import geopandas as gpd

    import data
    from hotspots.levels import areas_at, incidents_at
    from hotspots.selection import select
    from hotspots.where.assign import assign_points
    from importers.projectmodel import Project

    buurten = _buurten(quick)
    n = 50_000 if quick else 1_000_000
    located = assign_points(data.incidents(n), buurten).incidents
    located["start"] = np.datetime64("2024-01-01")
    repeat = 3 if quick else 2
    rows = []

    ours_s, (wijken, _) = best_time(lambda: areas_at({"buurt": buurten}, "wijk"), repeat)
    peer_s, theirs = best_time(lambda: buurten.dissolve(by="wijk_code", aggfunc={"population": "sum"}), repeat)
    assert len(theirs) == len(wijken)
    rows.append(result(f"levels: {len(buurten)} buurten to {len(wijken)} wijken", ours_s,
                       "GeoDataFrame.dissolve", peer_s, aim="no slower than geopandas"))

    ours_s, moved = best_time(lambda: incidents_at(located, buurten, "wijk"), repeat)

    def peer():
        pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(located["x"], located["y"]), crs=buurten.crs)
        return gpd.sjoin(pts, wijken[["code", "geometry"]], predicate="within", how="left")

    peer_s, joined = best_time(peer, repeat)
    same = (moved["area"].to_numpy(dtype=object) == joined["code"].groupby(level=0).first().to_numpy(dtype=object))
    rows.append(result(f"levels: {n} incidents to their wijk", ours_s, "geopandas.sjoin into the wijken", peer_s,
                       aim="at least 10x faster", agree=round(float(np.mean(same)), 4)))

    project = Project(areas=buurten, incidents=located)
    ours_s, _ = best_time(lambda: select(project, level="wijk"), repeat)
    rows.append(result(f"selection: switch to wijk ({n} incidents)", ours_s, "dissolve + sjoin",
                       rows[0]["peer_s"] + peer_s, aim="faster than the geopandas steps"))
    return rows
