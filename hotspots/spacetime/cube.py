"""The space-time cube: counts per location and month (ArcGIS's "space time cube").

A location is an area (buurt or wijk, water left out) or a square or hexagonal cell
(:mod:`hotspots.where.cells`, only cells over land). Every month between the first
and the last is a time step, and a location-month without incidents is a 0: an empty
bin is information, not missing data.

Months that the data only partly cover are left out at either end (a last month
that the data cover until the 20th would look like a drop and decide every
category, which all hinge on the final step), unless the user chose the period.
From police counts a location-month without a row is taken as 0, and said so.

>>> import pandas as pd
>>> t = pd.Series(pd.to_datetime(["2016-01-01", "2016-03-31", "2016-04-10"]))
>>> months, notes = month_range(t)
>>> [str(m) for m in months], notes
(['2016-01', '2016-02', '2016-03'], ['De laatste maand (april 2016) loopt in de gegevens maar tot 10-04-2016 en is weggelaten: de categorieën hangen af van de laatste maand.'])
"""
from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from kernel.errors import AnalysisError
from kernel.schema import RD_NEW

from hotspots.categories import choose_counts_category
from hotspots.where.assign import area_codes, assign_points
from hotspots.where.cells import make_cells
from hotspots.where.weights import Weights, distance_band, metric_frame, queen
from hotspots.change.trends import month_name, monthly_from_counts, to_month
from kernel.nl import listing

#: ArcGIS's Emerging Hot Spot Analysis needs at least ten time steps.
MIN_STEPS = 10
#: A month counts as complete when the data reach to within this many days of its end (or start).
SLACK_DAYS = 3
UNITS = ("area", "square", "hexagon")


@dataclass
class Cube:
    """Counts per location (rows) and month (columns).

    Attributes
    ----------
    locations : geopandas.GeoDataFrame
        ``code``, ``name`` and ``geometry`` (EPSG:28992), one row per location, in the order of ``values``.
    months : pandas.PeriodIndex
        The time steps.
    values : numpy.ndarray
        (locations, months) counts.
    weights : hotspots.where.weights.Weights
        Who is whose spatial neighbour.
    unit : str
        ``area``, ``square`` or ``hexagon``.
    """

    locations: gpd.GeoDataFrame
    months: pd.PeriodIndex
    values: np.ndarray
    weights: Weights
    unit: str
    notes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    outside: int = 0


def month_range(times: pd.Series, start=None, end=None) -> tuple[pd.PeriodIndex, list[str]]:
    """The months from the first to the last time (or ``start``/``end``, JJJJ-MM), partial end months left out."""
    notes: list[str] = []
    t = pd.to_datetime(pd.Series(times), errors="coerce").dropna()
    if t.empty:
        raise AnalysisError("Geen incidenten met een tijd om per maand te tellen.")
    first = to_month(start) if start else t.min().to_period("M")
    last = to_month(end) if end else t.max().to_period("M")
    slack = pd.Timedelta(days=SLACK_DAYS)
    if not end and t.max() < last.end_time - slack:
        notes.append(f"De laatste maand ({month_name(last)}) loopt in de gegevens maar tot {t.max():%d-%m-%Y} en is "
                     "weggelaten: de categorieën hangen af van de laatste maand.")
        last -= 1
    if not start and t.min() > first.start_time + slack:
        notes.append(f"De eerste maand ({month_name(first)}) begint in de gegevens pas op {t.min():%d-%m-%Y} en is "
                     "weggelaten.")
        first += 1
    if last < first:
        where = "in de gekozen periode" if start or end else \
            f"in de gegevens (van {t.min():%d-%m-%Y} tot {t.max():%d-%m-%Y})"
        raise AnalysisError(f"Er blijft geen hele maand over {where}; opkomende hot spots vragen minstens "
                            f"{MIN_STEPS} hele maanden.")
    return pd.period_range(first, last, freq="M"), notes


def _check_steps(months: pd.PeriodIndex) -> None:
    if len(months) < MIN_STEPS:
        raise AnalysisError(f"Opkomende hot spots vragen minstens {MIN_STEPS} maanden (zoals ArcGIS); deze gegevens "
                            f"beslaan er {len(months)}. Kies een langere periode.")


def land_areas(areas) -> tuple[gpd.GeoDataFrame, list[str]]:
    """The areas in RD New with ``code`` and ``name`` (the code where there is none), water left out."""
    notes: list[str] = []
    if areas is None or len(areas) == 0:
        raise AnalysisError("Er zijn geen gebieden om te analyseren.")
    if "code" not in areas.columns:
        raise AnalysisError("De gebiedenlaag mist de kolom 'code'.")
    if getattr(areas, "crs", None) is None:
        raise AnalysisError("De gebiedenlaag heeft geen coördinatenstelsel; verwacht RD New (EPSG:28992).")
    a = metric_frame(areas, notes)
    if a.crs.to_epsg() != 28992:
        a = a.to_crs(RD_NEW)
    a = a.reset_index(drop=True)
    code = area_codes(a)
    name = a["name"].astype("string") if "name" in a.columns else pd.Series(pd.NA, index=a.index, dtype="string")
    water = a["water"].fillna(False).astype(bool) if "water" in a.columns else pd.Series(False, index=a.index)
    if water.any():
        notes.append(f"{int(water.sum())} watergebied(en) doen niet mee: {listing(code[water].tolist(), 6)}.")
    out = gpd.GeoDataFrame({"code": code, "name": name.fillna(code).astype(str)}, geometry=a.geometry.values,
                           crs=RD_NEW)
    return out[~water.to_numpy()].reset_index(drop=True), notes


def _month_index(times: pd.Series, months: pd.PeriodIndex) -> np.ndarray:
    """Position of each time's month in ``months`` (-1 outside)."""
    m = pd.to_datetime(times).dt.to_period("M")
    pos = (m.dt.year * 12 + m.dt.month).to_numpy() - (months[0].year * 12 + months[0].month)
    return np.where((pos >= 0) & (pos < len(months)), pos, -1)


def _counts(location: np.ndarray, month: np.ndarray, n_loc: int, n_months: int) -> np.ndarray:
    ok = (location >= 0) & (month >= 0)
    flat = np.bincount(location[ok] * n_months + month[ok], minlength=n_loc * n_months)
    return flat.reshape(n_loc, n_months).astype(float)


def cube_from_incidents(incidents: pd.DataFrame, areas, *, unit: str = "area", cell: float = 250.0,
                        start=None, end=None, tolerance: float = 0.5, progress=None) -> Cube:
    """The cube of chosen incidents (``x``, ``y``, ``moment``; :func:`hotspots.spacetime.inputs.choose_incidents`).

    ``unit="area"``: per area of ``areas`` (queen neighbours within ``tolerance`` metres);
    ``"square"``/``"hexagon"``: per cell of ``cell`` metres over the land areas (neighbours: the
    adjacent cells, diagonals included for squares).
    """
    if unit not in UNITS:
        raise AnalysisError(f"Onbekende eenheid '{unit}'; kies area, square of hexagon.")
    land, notes = land_areas(areas)
    months, month_notes = month_range(incidents["moment"], start, end)
    notes += month_notes
    _check_steps(months)
    month = _month_index(incidents["moment"], months)
    x, y = incidents["x"].to_numpy(float), incidents["y"].to_numpy(float)
    if unit == "area":
        r = assign_points(incidents, land, progress=progress)
        notes += r.notes
        locations, location, outside = land, r.index, r.outside
        weights = queen(land, tolerance=tolerance)
    else:
        cells = make_cells(x, y, cell, unit, land.geometry.values)
        notes += cells.notes
        locations = gpd.GeoDataFrame({"code": cells.frame["code"], "name": cells.frame["code"]},
                                     geometry=cells.frame.geometry.values, crs=RD_NEW)
        location, outside = cells.index, cells.outside
        if outside:
            notes.append(f"{outside} incident(en) buiten de gebieden tellen niet mee.")
        weights = distance_band(cells.frame[["x", "y"]].to_numpy(), cells.neighbour_distance("queen"),
                                ids=cells.frame["code"].to_numpy())
    notes += weights.notes
    values = _counts(np.asarray(location), month, len(locations), len(months))
    return Cube(locations, months, values, weights, unit, notes, [], int(outside))


def cube_from_counts(counts: pd.DataFrame, areas, *, category: str | None = None, start=None, end=None,
                     tolerance: float = 0.5) -> Cube:
    """The cube of police counts (``code``, ``period``, ``count``; one ``category``) for the areas' codes.

    One category (:func:`hotspots.categories.choose_counts_category`: ``category`` by code or name, else the
    total where there is one, else the largest; never a sum over categories that overlap), said in the notes.
    """
    land, notes = land_areas(areas)
    choice = choose_counts_category(counts, category)
    if choice.sentence:
        notes.append(choice.sentence)
    wide, count_notes = monthly_from_counts(choice.counts)
    notes += count_notes
    per_code = wide.groupby(level="code").sum(min_count=1)
    first = to_month(start) if start else per_code.columns.min()
    last = to_month(end) if end else per_code.columns.max()
    months = pd.period_range(first, last, freq="M")
    _check_steps(months)
    known = per_code.reindex(index=pd.Index(land["code"]), columns=months)
    if known.notna().to_numpy().sum() == 0:
        raise AnalysisError("Geen enkele telling hoort bij een gebied van de gebiedenlaag (codes vergeleken).")
    missing = int(known.isna().to_numpy().sum())
    if missing:
        notes.append(f"{missing} combinatie(s) van gebied en maand zonder telling zijn als 0 genomen.")
    notes.append(f"Maanden {month_name(months[0])} t/m {month_name(months[-1])} uit de tellingen.")
    weights = queen(land, tolerance=tolerance)
    notes += weights.notes
    return Cube(land, months, known.fillna(0.0).to_numpy(float), weights, "area", notes, [])
