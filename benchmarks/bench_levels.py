"""Switching the level from buurt to wijk: ``hotspots.levels`` vs what a user would write with geopandas.

On the national-scale synthetic buurten (``data.buurten``; wijk and gemeente codes from a grid of
their centroids, 4 km and 20 km; 20 and 100 km with --quick) and N incidents located in the buurten, side by side:

* areas: ours ``areas_at({"buurt": b}, "wijk")`` (groupby on the parent code, union per wijk) against
  ``GeoDataFrame.dissolve(by="wijk_code", aggfunc=...)``;
* incidents: ours ``incidents_at`` (each incident's buurt code mapped to its wijk code, no geometry)
  against locating the points again in the wijken with ``geopandas.sjoin`` (the peer that does not
  know the CBS hierarchy); aim: far faster, since no point is tested against a polygon;
* the whole switch of one source through :func:`hotspots.selection.select` (areas, incidents, counts at
  wijk level) against the two geopandas steps;
* the wijk map: the union of the simplified buurten (:func:`mapping.simplify.derived`) against simplifying the
  dissolved wijken anew.

Our unions are timed as computed, not as remembered (``hotspots.levels._UNIONS`` is cleared before each call).
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
    from hotspots import levels
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

    def fresh(fn):  # computed, not remembered (levels._UNIONS: the worker's memory of the last unions)
        def call(*args, **kwargs):
            levels._UNIONS.clear()
            return fn(*args, **kwargs)
        return call

    ours_s, (wijken, _) = best_time(lambda: fresh(areas_at)({"buurt": buurten}, "wijk"), repeat)
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
    ours_s, _ = best_time(lambda: fresh(select)(project, level="wijk"), repeat)
    rows.append(result(f"selection: switch to wijk ({n} incidents)", ours_s, "dissolve + sjoin",
                       rows[0]["peer_s"] + peer_s, aim="faster than the geopandas steps"))
    rows.append(_level_map(buurten, repeat))
    return rows


def _level_map(buurten, repeat: int) -> dict:
    """The wijk map of the window's level switch: the union of the simplified buurten (what the buurt map made
    already; mapping.simplify.derived) against simplifying the dissolved wijken anew (before)."""
    import shapely

    from desktop.level_tasks import at_level
    from mapping import simplify

    simplify.simplified(buurten)  # the buurt map, drawn first
    wijken = at_level(buurten, level="wijk").areas

    def ours():
        simplify._DONE[:] = [e for e in simplify._DONE if len(e[0]) == len(buurten)]  # the buurten only
        simplify._DISSOLVED.clear()
        return simplify.simplified(wijken)

    ours_s, drawn = best_time(ours, repeat)
    peer_s, (before, _) = best_time(lambda: simplify.simplify_coverage(wijken.geometry.values), repeat)
    exact = shapely.area(wijken.geometry.values)
    return result(f"level map: {len(wijken)} wijken drawn from {len(buurten)} simplified buurten", ours_s,
                  "simplify_coverage of the dissolved wijken", peer_s, aim=">= 10",
                  max_rel_area_diff=float((abs(drawn.area.to_numpy() - shapely.area(before)) / exact).max()),
                  valid_coverage=bool(shapely.coverage_is_valid(drawn.geometry.values)))
