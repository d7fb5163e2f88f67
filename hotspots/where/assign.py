"""Assign incidents (points) to areas (polygons) through a spatial index, vectorised.

Two indexes are used, each where it is best (``benchmarks/bench_assign.py`` measures them
side by side with ``geopandas.sjoin``):

* :class:`hotspots.where.gridindex.GridIndex`, a raster over the areas: points in cells that no
  boundary crosses get their area by arithmetic; only points near a boundary are
  tested exactly against a few candidate areas (prepared polygons,
  ``shapely.intersects_xy`` on the raw x/y, two threads). This is the bulk path.
* shapely 2's :class:`shapely.STRtree` (a packed static R-tree) for the exact
  filter-and-refine of the rest (``locate_tree``, and inside the grid index). For a bulk
  query of many points it is far faster than rtree (libspatialindex), whose strengths,
  incremental inserts and nearest-neighbour search, an assignment does not need.

A point on a boundary shared by several areas intersects all of them; it is given to
exactly one: the area that comes **first in the areas frame** (the lowest positional
index). That rule is deterministic and independent of the order of the points. Points
inside no area are counted in ``outside`` and keep a missing ``area``: they are never
dropped silently.

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

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from kernel.errors import AnalysisError
from kernel.progress import as_progress
from kernel.schema import in_metres, stripped

from hotspots.where.gridindex import GridIndex, first_hits
from kernel.recent import Recent
from kernel.nl import listing, number


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


def locate(x, y, geoms, *, index: GridIndex | None = None, threads: int = 2,
           progress=None, cancelled=None) -> tuple[np.ndarray, int]:
    """Positional index of the polygon holding each point (-1 outside) and the number on shared boundaries.

    Parameters
    ----------
    x, y : array_like
        Point coordinates in the CRS of ``geoms``.
    geoms : array_like of shapely geometries
        The polygons; ties on shared boundaries go to the lowest index.
    index : GridIndex, optional
        An index built on ``geoms`` (re-use it when assigning several batches).
    threads : int
        Threads for the exact tests.
    """
    p = as_progress(progress, cancelled)
    x = np.ascontiguousarray(x, dtype=float)
    y = np.ascontiguousarray(y, dtype=float)
    if len(x) == 0 or len(geoms) == 0:
        return np.full(len(x), -1, dtype=np.int64), 0
    index = index if index is not None else area_index(geoms, points=len(x), threads=threads)
    p(0.3, "Ruimtelijke index gebouwd")
    result = index.locate(x, y, threads=threads)
    p(1.0, "Toegewezen")
    return result


def area_index(geoms, *, points: int | None = None, threads: int = 2) -> GridIndex:
    """The :class:`GridIndex` of ``geoms``: the one built last for the same geometries (the same objects or the same
    coordinates, :class:`kernel.recent.Recent`), else a new one for ``points`` points. One run assigns the
    incidents to the same areas for each of its methods (hot spots, trends, the report's space-time sections: 0.7 s
    a time for the national buurten), and the window's worker at every switch. The index answers exactly, whatever
    cell size it was built with, so one built for another number of points gives the same result."""
    geoms = np.asarray(geoms, dtype=object)
    if len(geoms) < _REMEMBER_FROM:
        return GridIndex(geoms, points=points, threads=threads)
    index = _INDEXES.get(geoms, "grid")
    if index is None:
        index = GridIndex(geoms, points=points, threads=threads)
        _INDEXES.put(geoms, "grid", index)
    return index


#: Area indexes remembered for reuse (their cell labels take a few tens of MB at most each).
_INDEXES = Recent(keep=2)
#: Fewer areas than this are indexed anew each time (milliseconds; a fingerprint would cost as much).
_REMEMBER_FROM = 1000


def locate_tree(x, y, geoms, threads: int = 2) -> tuple[np.ndarray, int]:
    """The same answer by plain STRtree filter-and-refine (the reference path, and the benchmark's baseline)."""
    x = np.ascontiguousarray(x, dtype=float)
    y = np.ascontiguousarray(y, dtype=float)
    geoms = np.asarray(geoms, dtype=object)
    shapely.prepare(geoms)
    best = np.full(len(x), -1, dtype=np.int64)
    ok = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    b, hits = first_hits(x[ok], y[ok], geoms, shapely.STRtree(geoms), threads)
    best[ok] = b
    return best, int((hits > 1).sum())


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
        See :mod:`kernel.progress`.

    Returns
    -------
    AssignResult
    """
    for col in ("x", "y"):
        if col not in incidents.columns:
            raise AnalysisError(f"De incidentenlaag mist de kolom '{col}'.")
    if "code" not in areas.columns:
        raise AnalysisError("De gebiedenlaag mist de kolom 'code'.")
    notes = []
    areas = in_metres(areas, notes)  # the incidents are in RD metres
    x = pd.to_numeric(incidents["x"], errors="coerce").to_numpy(float)
    y = pd.to_numeric(incidents["y"], errors="coerce").to_numpy(float)
    idx, on_boundary = locate(x, y, areas.geometry.values, threads=threads,
                              progress=progress, cancelled=cancelled)
    joined_notes = _join_places(incidents, areas, x, y, idx)
    names = np.append(area_codes(areas).to_numpy(dtype=object), None)
    codes = pd.Series(pd.array(names[idx], dtype="string"), index=incidents.index, name="area")  # -1 -> None
    inside = idx >= 0
    out = incidents.copy()
    out["area"] = codes
    outside = int((~inside).sum())
    notes.append(f"{int(inside.sum())} van de {len(idx)} incidenten zijn met een ruimtelijke index "
                 f"aan een gebied toegewezen; {outside} vielen buiten elk gebied en tellen niet mee.")
    far = np.flatnonzero(~inside & np.isfinite(x) & np.isfinite(y))
    if len(far) and len(areas):
        tree = shapely.STRtree(areas.geometry.values)
        _, dist = tree.query_nearest(shapely.points(x[far], y[far]), return_distance=True, all_matches=False)
        # with its count: an export that shows a small count as <5 leaves out the distances (single incidents)
        notes.append(f"Van de {number(len(far), 0, thousands=True)} incidenten buiten elk gebied ligt het verste "
                     f"{number(dist.max(), 0, thousands=True)} m "
                     f"van het dichtstbijzijnde gebied (mediaan {number(np.median(dist), 0, thousands=True)} m)"
                     + ("; incidenten zonder coördinaten tellen ook als buiten."
                                           if len(far) < outside else "."))
    if on_boundary:
        notes.append(f"{on_boundary} incidenten lagen precies op een grens tussen gebieden; "
                     "zij zijn toegewezen aan het eerste gebied in de gebiedenlaag.")
    notes += joined_notes
    return AssignResult(codes=codes, index=idx, outside=outside, on_boundary=on_boundary,
                        incidents=out, notes=notes)


def _join_places(incidents: pd.DataFrame, areas, x, y, idx: np.ndarray) -> list[str]:
    """Incidents without coordinates that name their place (``place``: a code, postcode or name, from the
    importers) get the area of that place; ``idx`` is filled in place. Returns the notes on the join."""
    if "place" not in incidents.columns:
        return []
    todo = ~(np.isfinite(x) & np.isfinite(y)) & incidents["place"].notna().to_numpy()
    if not todo.any():
        return []
    from importers.places import join_places

    found, notes = join_places(incidents["place"][todo], areas)
    idx[np.flatnonzero(todo)] = found
    return notes


def area_codes(areas) -> pd.Series:
    """The areas' codes as text without surrounding spaces: how every step compares area codes.

    >>> area_codes(pd.DataFrame({"code": [" BU01 ", 7]})).tolist()
    ['BU01', '7']
    """
    return areas["code"].astype(str).str.strip()


def from_column(incidents: pd.DataFrame, areas) -> AssignResult:
    """The assignment already in the incidents' ``area`` column, as an :class:`AssignResult`.

    For incidents that :func:`assign_points` gave their area before (on the same
    ``areas``), so that a later step need not locate them again. Codes are
    compared without surrounding spaces (:func:`area_codes`); a code that is
    missing or not in ``areas`` counts as outside. Duplicate area codes are an
    :class:`AnalysisError` (an incident's area would be ambiguous).

    >>> areas = pd.DataFrame({"code": ["A", "B"]})
    >>> r = from_column(pd.DataFrame({"area": ["B", None, "A", "Z"]}), areas)
    >>> r.index.tolist(), r.outside, r.counts(areas["code"]).tolist()
    ([1, -1, 0, -1], 2, [1, 1])
    """
    if "area" not in incidents.columns:
        raise AnalysisError("De incidentenlaag mist de kolom 'area' (het gebied van elk incident).")
    codes = pd.Index(area_codes(areas))
    if not codes.is_unique:
        dup = sorted(codes[codes.duplicated()].unique())
        raise AnalysisError(f"De gebiedenlaag heeft dubbele gebiedscodes: {listing(dup)}. "
                            "Elke code mag maar één keer voorkomen.")
    out = incidents.copy()
    out["area"] = stripped(out["area"])  # each distinct code once: a million incidents, a few thousand codes
    position = codes.get_indexer(out["area"].fillna("").to_numpy(dtype=object))
    idx = np.asarray(position, dtype=np.int64)
    outside = int((idx < 0).sum())
    notes = [f"{len(idx) - outside} van de {len(idx)} incidenten hadden hun gebied al (eerder toegewezen); "
             f"{outside} vielen buiten elk gebied en tellen niet mee."]
    return AssignResult(codes=out["area"].where(idx >= 0).rename("area"), index=idx, outside=outside, on_boundary=0,
                        incidents=out, notes=notes)


def ensure_assigned(incidents: pd.DataFrame, areas, *, reuse: bool = True, progress=None,
                    cancelled=None) -> AssignResult:
    """The incidents' areas, located once: from their ``area`` column when ``reuse`` and it holds any
    code (:func:`from_column`), else with the spatial index (:func:`assign_points`).

    The one rule for "assign unless already assigned" (the analysis run, the hot spots, the
    Inzetplanner, the window's project). ``reuse=False`` always locates (a stale ``area``
    column from other areas is then ignored).

    >>> areas = pd.DataFrame({"code": ["A", "B"]})
    >>> ensure_assigned(pd.DataFrame({"x": [0.0], "y": [0.0], "area": ["B"]}), areas).index.tolist()
    [1]
    """
    if reuse and "area" in incidents.columns and incidents["area"].notna().any():
        return from_column(incidents, areas)
    return assign_points(incidents, areas, progress=progress, cancelled=cancelled)
