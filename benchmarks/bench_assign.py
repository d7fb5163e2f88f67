"""Assigning incidents to buurten: ``hotspots.where.assign`` vs ``geopandas.sjoin``, the floor and rtree.

Ours is ``assign_points`` from x/y columns, index built inside the call (cold). Rows:

* peer ``geopandas.sjoin``: what a user would write: ``points_from_xy`` + ``sjoin(predicate="within")``
  (aim: ours at least 3x faster);
* floor: building the points and one bounding-box-only ``STRtree.query`` (no exact test):
  ``ratio`` = floor time / our time (aim: at least 1/3, i.e. within 3x of the floor);
* rtree: the same bounding-box query through rtree's bulk ``intersection_v``, compared
  with shapely's STRtree: why the static bulk path uses STRtree.
"""
from __future__ import annotations

import numpy as np

from common import best_time, peak_memory_mb, result


def run(quick: bool) -> list[dict]:
    import geopandas as gpd
    import rtree
    import shapely

    import data
    from hotspots.where.assign import assign_points

    areas = data.buurten(600, max_segment=400) if quick else data.buurten()
    sizes = (50_000,) if quick else (1_000_000, 5_000_000)
    repeat = 3 if quick else 2
    rows = []
    for n in sizes:
        inc = data.incidents(n)
        x, y = inc["x"].to_numpy(), inc["y"].to_numpy()

        def ours():
            return assign_points(inc, areas)

        def peer():
            pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=areas.crs)
            return gpd.sjoin(pts, areas[["code", "geometry"]], predicate="within", how="left")

        def floor():
            tree = shapely.STRtree(areas.geometry.values)
            return tree.query(shapely.points(x, y))

        ours_s, r = best_time(ours, repeat)
        peer_s, j = best_time(peer, repeat)
        floor_s, _ = best_time(floor, repeat)
        same = bool((r.codes.isna().to_numpy() == j["code"].isna().to_numpy()).all()
                    and (r.codes.dropna().to_numpy() == j["code"].dropna().to_numpy()).all())
        common = dict(polygons=len(areas), points=n, outside=r.outside, identical_to_sjoin=same)
        rows.append(result(f"assign_{n}", ours_s, "geopandas.sjoin", peer_s, ours_mb=peak_memory_mb(ours),
                           peer_mb=peak_memory_mb(peer), aim=">= 3", **common))
        rows.append(result(f"assign_{n}_vs_floor", ours_s, "STRtree bbox query (floor)", floor_s,
                           aim=">= 0.33 (within 3x of the floor)", **common))
        from hotspots.where.assign import locate, locate_tree
        from hotspots.where.gridindex import GridIndex

        geoms = areas.geometry.values
        index = GridIndex(geoms)
        warm_s, _ = best_time(lambda: locate(x, y, geoms, index=index), repeat)
        tree_s, _ = best_time(lambda: locate_tree(x, y, geoms), repeat)
        rows.append(result(f"assign_{n}_warm_index", warm_s, "geopandas.sjoin", peer_s,
                           note="grid index built once and re-used (the desktop app assigns many batches)",
                           **common))
        rows.append(result(f"assign_{n}_grid_vs_strtree_refine", ours_s, "STRtree filter+prepared refine",
                           tree_s, note="why the raster index: same answers, fewer exact tests", **common))
        # STRtree vs rtree for the same bounding-box bulk query (points already built)
        b = shapely.bounds(areas.geometry.values)
        pts = shapely.points(x, y)
        t_str, _ = best_time(lambda: shapely.STRtree(areas.geometry.values).query(pts), repeat)

        def rt():
            idx = rtree.index.Index(((i, tuple(bb), None) for i, bb in enumerate(b)))
            return idx.intersection_v(np.column_stack([x, y]), np.column_stack([x, y]))

        t_rt, _ = best_time(rt, repeat)
        rows.append(result(f"bbox_query_{n}_strtree_vs_rtree", t_str, "rtree intersection_v", t_rt,
                           note="bulk static query: STRtree; rtree kept for incremental inserts/nearest"))
    return rows
