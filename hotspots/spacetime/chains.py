"""Chains ("reeksen") of near-repeat incidents: a map layer of incidents that follow each other closely.

Two incidents are linked when they lie at most ``distance`` metres apart and at most ``days``
days apart; a chain is a connected group of linked incidents (the connected components of
that graph, as in the Near Repeat Calculator's chain output and Townsley, Homel & Chaseling
2003), kept when it has at least ``min_events`` incidents. Its line runs through its
incidents in time order.

>>> import numpy as np
>>> c = near_repeat_chains(np.array([0.0, 50, 90, 5000]), np.zeros(4), np.array([0, 3, 9, 4]),
...                        distance=100, days=7, min_events=3)
>>> c.frame[["chain", "events", "first_day", "last_day"]].values.tolist()
[['R1', 3, 0, 9]]
>>> c.member.tolist()
[0, 0, 0, -1]
"""
from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from kernel.schema import RD_NEW


@dataclass
class Chains:
    """``frame``: one row per chain (``chain``, ``events``, ``first_day``, ``last_day``, ``span_days``,
    ``extent_m``, ``x``, ``y``, ``geometry``: the line through its incidents in time order, a point when they
    share one place), largest first; ``member``: the chain (row of ``frame``) of every incident, -1 for none."""

    frame: gpd.GeoDataFrame
    member: np.ndarray
    distance: float
    days: int
    min_events: int


def near_repeat_chains(x, y, day, *, distance: float = 100.0, days: int = 7, min_events: int = 3,
                       pairs=None) -> Chains:
    """Chains of incidents within ``distance`` metres and ``days`` days of each other.

    ``pairs`` (i, j, dist) may be given when the caller has the pairs within at least ``distance`` already
    (:func:`hotspots.spacetime.knox.close_pairs`).
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    day = np.asarray(day, dtype=np.int64)
    n = len(x)
    if pairs is None:
        ij = cKDTree(np.column_stack([x, y])).query_pairs(distance * (1 + 1e-12), output_type="ndarray")
        i, j = ij[:, 0], ij[:, 1]
        near = np.ones(len(i), dtype=bool)
    else:
        i, j, dist = pairs
        near = dist <= distance * (1 + 1e-12)
    link = near & (np.abs(day[i] - day[j]) <= days)
    graph = sparse.coo_matrix((np.ones(int(link.sum())), (i[link], j[link])), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    size = np.bincount(label, minlength=label.max() + 1 if n else 0)
    big = np.flatnonzero(size >= min_events)
    big = big[np.lexsort((big, -size[big]))]  # largest first, ties in order of appearance
    rank = np.full(len(size), -1)
    rank[big] = np.arange(len(big))
    member = rank[label] if n else np.zeros(0, dtype=int)
    rows, geoms = [], []
    order = np.lexsort((np.arange(n), day, member))  # by chain, then in time order
    order = order[member[order] >= 0]
    starts = np.searchsorted(member[order], np.arange(len(big) + 1))
    for k in range(len(big)):
        idx = order[starts[k]:starts[k + 1]]
        pts = np.column_stack([x[idx], y[idx]])
        keep = np.r_[True, (np.diff(pts, axis=0) != 0).any(axis=1)]
        line = pts[keep]
        geoms.append(shapely.linestrings(line) if len(np.unique(line, axis=0)) > 1 else shapely.points(line[0]))
        extent = float(np.hypot(*(pts.max(axis=0) - pts.min(axis=0))))
        rows.append({"chain": f"R{k + 1}", "events": len(idx), "first_day": int(day[idx].min()),
                     "last_day": int(day[idx].max()), "span_days": int(day[idx].max() - day[idx].min()),
                     "extent_m": extent, "x": float(pts[:, 0].mean()), "y": float(pts[:, 1].mean())})
    columns = ["chain", "events", "first_day", "last_day", "span_days", "extent_m", "x", "y"]
    frame = gpd.GeoDataFrame(pd.DataFrame(rows, columns=columns), geometry=geoms, crs=RD_NEW)
    return Chains(frame=frame, member=np.asarray(member), distance=float(distance), days=int(days),
                  min_events=int(min_events))
