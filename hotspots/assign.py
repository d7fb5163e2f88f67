"""Assign incidents (points) to areas (polygons) through a spatial index, vectorised.

The method has two steps, after the "filter and refine" scheme of spatial
databases:

1. **Filter**: one bulk query of shapely 2's :class:`shapely.STRtree` (built on
   the area polygons) with the points' bounding boxes gives candidate
   (point, area) pairs. STRtree is a packed, static tree built once in C; for
   a bulk query of many points it is faster than rtree (libspatialindex),
   whose strength is incremental inserts and nearest-neighbour queries
   (``benchmarks/bench_assign.py`` measures both side by side).
2. **Refine**: the candidate pairs are sorted by area, every area polygon is
   *prepared* once (GEOS prepared geometry), and ``shapely.intersects_xy``
   tests all pairs in one vectorised call on the raw x/y coordinates, split
   over two threads (GEOS releases the GIL).

A point on a boundary shared by several areas intersects all of them; it is
given to exactly one: the area that comes **first in the areas frame** (the
lowest positional index). That rule is deterministic and does not depend on
the order of the points or on the tree. Points inside no area are counted in
``outside`` and keep a missing ``area``: they are never dropped silently.

>>> import geopandas as gpd, pandas as pd
>>> from shapely.geometry import box
>>> areas = gpd.GeoDataFrame({"code": ["A", "B"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)],
...                          crs="EPSG:28992")
>>> inc = pd.DataFrame({"x": [0.5, 1.0, 1.5, 5.0], "y": [0.5, 0.5, 0.5, 5.0]})
>>> r = assign_points(inc, areas)
>>> r.codes.tolist(), r.outside
(['A', 'A', 'B', <NA>], 1)
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from importers.errors import AnalysisError
from importers.progress import as_progress

#: Below this many candidate pairs one thread is faster than two.
_THREAD_MIN_PAIRS = 200_000


@dataclass
class AssignResult:
    """The outcome of :func:`assign_points`.

    Attributes
    ----------
    codes : pandas.Series
        Area code per incident (aligned with the incidents' index), ``<NA>`` outside every area.
    index : numpy.ndarray
        Positional index of the area per incident, -1 outside.
    outside : int
        Number of incidents inside no area.
    on_boundary : int
        Number of incidents on a boundary shared by several areas (each given to one).
    incidents : pandas.DataFrame
        A copy of the incidents with the column ``area`` set.
    notes : list of str
        Dutch sentences for the method appendix.
    """

    codes: pd.Series
    index: np.ndarray
    outside: int
    on_boundary: int
    incidents: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def counts(self, codes) -> pd.Series:
        """Number of incidents per area code (zeros included), in the order of ``codes``."""
        n = np.bincount(self.index[self.index >= 0], minlength=len(codes))
        return pd.Series(n, index=pd.Index(codes, name="code"), name="count")


def _intersects_pairs(geoms: np.ndarray, pi: np.ndarray, ai: np.ndarray, x: np.ndarray, y: np.ndarray,
                      threads: int) -> np.ndarray:
    """Boolean mask over candidate pairs: does area ``ai`` intersect point ``pi``?"""
    g = geoms[ai]
    xs, ys = x[pi], y[pi]
    if threads <= 1 or len(pi) < _THREAD_MIN_PAIRS:
        return shapely.intersects_xy(g, xs, ys)
    cuts = np.linspace(0, len(pi), threads + 1).astype(int)
    with ThreadPoolExecutor(threads) as pool:
        parts = pool.map(lambda ab: shapely.intersects_xy(g[ab[0]:ab[1]], xs[ab[0]:ab[1]], ys[ab[0]:ab[1]]),
                         zip(cuts[:-1], cuts[1:]))
        return np.concatenate(list(parts))


def locate(x, y, geoms, *, tree: shapely.STRtree | None = None, threads: int = 2,
           progress=None, cancelled=None) -> tuple[np.ndarray, int]:
    """Positional index of the polygon holding each point (-1 outside) and the number on shared boundaries.

    Parameters
    ----------
    x, y : array_like
        Point coordinates in the CRS of ``geoms``.
    geoms : array_like of shapely geometries
        The polygons; ties on shared boundaries go to the lowest index.
    tree : shapely.STRtree, optional
        A tree built on ``geoms`` (re-used when assigning several batches).
    threads : int
        Threads for the refine step.
    """
    p = as_progress(progress, cancelled)
    x = np.ascontiguousarray(x, dtype=float)
    y = np.ascontiguousarray(y, dtype=float)
    geoms = np.asarray(geoms, dtype=object)
    n = len(x)
    result = np.full(n, -1, dtype=np.int64)
    if n == 0 or len(geoms) == 0:
        return result, 0
    finite = np.isfinite(x) & np.isfinite(y)
    tree = tree if tree is not None else shapely.STRtree(geoms)
    p(0.05, "Ruimtelijke index gebouwd")
    pts = shapely.points(x[finite], y[finite])
    fin_idx = np.flatnonzero(finite)
    pi, ai = tree.query(pts)  # filter: bounding boxes only
    del pts
    pi = fin_idx[pi]
    p(0.4, "Kandidaten gevonden")
    order = np.argsort(ai, kind="stable")  # refine area by area: one prepared polygon in cache at a time
    pi, ai = pi[order], ai[order]
    shapely.prepare(geoms)
    hit = _intersects_pairs(geoms, pi, ai, x, y, threads)
    p.check()
    pi, ai = pi[hit], ai[hit]
    big = np.iinfo(np.int64).max
    best = np.full(n, big, dtype=np.int64)
    np.minimum.at(best, pi, ai)  # tie-break: the lowest area index
    inside = best != big
    result[inside] = best[inside]
    hits_per_point = np.bincount(pi, minlength=n)
    p(1.0, "Toegewezen")
    return result, int((hits_per_point > 1).sum())


def assign_points(incidents: pd.DataFrame, areas, progress=None, cancelled=None, *,
                  threads: int = 2) -> AssignResult:
    """Give every incident the code of the area it falls in.

    Parameters
    ----------
    incidents : pandas.DataFrame
        With ``x`` and ``y`` in the CRS of ``areas`` (RD New metres).
    areas : geopandas.GeoDataFrame
        With ``code`` and polygon geometries.
    progress, cancelled : callables, optional
        See :mod:`importers.progress`.

    Returns
    -------
    AssignResult
    """
    for col in ("x", "y"):
        if col not in incidents.columns:
            raise AnalysisError(f"De incidentenlaag mist de kolom '{col}'.")
    if "code" not in areas.columns:
        raise AnalysisError("De gebiedenlaag mist de kolom 'code'.")
    crs = getattr(areas, "crs", None)
    if crs is not None and crs.is_geographic:
        raise AnalysisError("De gebiedenlaag is in graden (lengte/breedte), de incidenten in meters; "
                            "projecteer de gebieden eerst naar RD New (EPSG:28992).")
    x = pd.to_numeric(incidents["x"], errors="coerce").to_numpy(float)
    y = pd.to_numeric(incidents["y"], errors="coerce").to_numpy(float)
    idx, on_boundary = locate(x, y, areas.geometry.values, threads=threads,
                              progress=progress, cancelled=cancelled)
    codes_arr = areas["code"].astype("string").to_numpy()
    codes = pd.Series(pd.array([None] * len(idx), dtype="string"), index=incidents.index, name="area")
    inside = idx >= 0
    codes.iloc[np.flatnonzero(inside)] = codes_arr[idx[inside]]
    out = incidents.copy()
    out["area"] = codes
    outside = int((~inside).sum())
    notes = [f"{int(inside.sum())} van de {len(idx)} incidenten zijn met een ruimtelijke index (STRtree) "
             f"aan een gebied toegewezen; {outside} vielen buiten elk gebied en tellen niet mee."]
    if on_boundary:
        notes.append(f"{on_boundary} incidenten lagen precies op een grens tussen gebieden; "
                     "zij zijn toegewezen aan het eerste gebied in de gebiedenlaag.")
    return AssignResult(codes=codes, index=idx, outside=outside, on_boundary=on_boundary,
                        incidents=out, notes=notes)
