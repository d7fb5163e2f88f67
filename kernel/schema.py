"""The data model: column names and types of Areas, Counts and Incidents.

These three plain (Geo)DataFrames are what the importers produce and what
``hotspots/`` and ``mapping/`` consume. Everything is in EPSG:28992 (RD New,
metres). This module holds only names and checks, no I/O, so every layer may
import it.

Areas (GeoDataFrame, one row per area)
    ``code``            CBS code, string without padding: ``BU01530101``, ``WK015301``, ``GM0153``
                        (or a municipality's own code such as ``BU0363AC02``)
    ``name``            area name
    ``level``           ``"buurt"``, ``"wijk"`` or ``"gemeente"``
    ``wijk_code``       parent wijk code (buurten), else missing
    ``gemeente_code``   parent gemeente code
    ``gemeente_name``   gemeente name where known
    ``population``      inhabitants (float, NaN when unknown; CBS sentinels are NaN)
    ``water``           True for water and areas outside the built-up part
    ``year``            boundary year (Int64, missing when unknown)
    ``geometry``        valid (Multi)Polygon

Counts (DataFrame, long)
    ``code``, ``name`` (as read; name only where the source has no codes),
    ``period`` (pandas Period, monthly ``M`` or yearly ``Y``), ``category``, ``count`` (int)

Incidents (DataFrame, one row per incident)
    ``id`` (string), ``x``, ``y`` (float, RD metres), ``start`` (datetime64, local
    time), ``end`` (datetime64, NaT when unknown), ``category`` (string),
    ``source`` (string), ``area`` (code of the area it falls in, or missing; set
    by ``hotspots.where.assign``). Other non-personal columns may follow. Columns with
    personal data are dropped on import (data minimisation) and listed in the
    ImportReport.
"""
from __future__ import annotations

import numpy as np

from kernel.errors import AnalysisError

RD_NEW = "EPSG:28992"
WGS84 = "EPSG:4326"

AREA_COLUMNS = ["code", "name", "level", "wijk_code", "gemeente_code", "gemeente_name",
                "population", "water", "year", "geometry"]
COUNT_COLUMNS = ["code", "name", "period", "category", "count"]
INCIDENT_COLUMNS = ["id", "x", "y", "start", "end", "category", "source", "area"]

#: The bounding box of the Netherlands in RD New (with a margin for the sea and the border).
RD_BOUNDS = (-7000.0, 289000.0, 300000.0, 629000.0)
#: The same in WGS84 (lon_min, lat_min, lon_max, lat_max).
WGS84_BOUNDS = (3.2, 50.7, 7.3, 53.7)


def stripped(values) -> "pd.Series":
    """``values`` as text without surrounding spaces (``string``, missing stays missing), each distinct value
    stripped once (a million incidents hold a few thousand area codes and a handful of categories).

    >>> import pandas as pd
    >>> stripped(pd.Series([" BU1", "BU1 ", None])).tolist()
    ['BU1', 'BU1', <NA>]
    """
    import pandas as pd

    values = pd.Series(values)
    codes, uniques = pd.factorize(values)
    text = pd.Series(pd.Index(uniques).astype("string")).str.strip().array
    return pd.Series(text.take(codes, allow_fill=True), index=values.index, dtype="string")


def within(x, y, bounds) -> np.ndarray:
    """Boolean mask: points within ``bounds`` (xmin, ymin, xmax, ymax), edges included; NaN is outside."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    xmin, ymin, xmax, ymax = bounds
    return (x >= xmin) & (x <= xmax) & (y >= ymin) & (y <= ymax)


def in_netherlands_rd(x, y) -> np.ndarray:
    """Boolean mask: points within the bounding box of the Netherlands in RD New."""
    return within(x, y, RD_BOUNDS)


def _require(frame, columns, what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if len(missing) == 1:
        raise AnalysisError(f"{what} mist de kolom '{missing[0]}'.")
    if missing:
        raise AnalysisError(f"{what} mist de kolommen {', '.join(repr(c) for c in missing)}.")


def in_metres(frame, notes: list | None = None):
    """``frame`` in metres: a geographic CRS (degrees) is projected to RD New and that is noted; a frame
    without a CRS or in another projected CRS is returned as it is.

    The one rule for geographic frames, used by every step that measures (assignment, weights,
    hot spots, the planner): convert where it can, refuse in Dutch where it cannot.
    """
    crs = getattr(frame, "crs", None)
    if crs is None or not crs.is_geographic:
        return frame
    try:
        frame = frame.to_crs(RD_NEW)
    except Exception as exc:  # noqa: BLE001 - pyproj's errors, whatever their class
        raise AnalysisError("De gebieden zijn in graden (lengte/breedte) en konden niet naar meters "
                            f"(RD New, EPSG:28992) worden omgezet: {exc}") from None
    if notes is not None:
        notes.append("De gebieden waren in graden (lengte/breedte); voor afstanden in meters "
                     "zijn ze omgezet naar RD New (EPSG:28992).")
    return frame


def check_areas(areas, notes: list | None = None):
    """The one check of an Areas frame: ``code`` and ``geometry``, a CRS; returns it in RD New.

    A geographic CRS is projected to RD New (:func:`in_metres`, noted in ``notes``), and so is
    any other projected CRS; a frame without a CRS is an :class:`AnalysisError` (its units are
    unknown).
    """
    _require(areas, ["code", "geometry"], "De gebiedenlaag")
    crs = getattr(areas, "crs", None)
    if crs is None:
        raise AnalysisError("De gebiedenlaag heeft geen coördinatenstelsel; verwacht RD New (EPSG:28992).")
    areas = in_metres(areas, notes)
    if areas.crs.to_epsg() != 28992:
        areas = areas.to_crs(RD_NEW)
    return areas


def check_incidents(incidents) -> None:
    """Raise :class:`AnalysisError` unless ``incidents`` has the Incidents columns it needs."""
    _require(incidents, ["x", "y", "start"], "De incidentenlaag")


def check_counts(counts) -> None:
    """Raise :class:`AnalysisError` unless ``counts`` is a usable Counts frame."""
    _require(counts, ["code", "period", "count"], "De tellingen")
