"""The window's space-time work (issue 15), Qt-free: what the worker runs for the "Ruimte en tijd" tab.

:func:`emerging_view` runs :func:`hotspots.spacetime.emerging.run` on the project's whole history (the
categories hinge on the last month and need at least 10 of them; the data panel's category chooses the
incidents or the police counts' category) and writes the map of the categories
(:func:`mapping.spacetime_map.emerging_map`). :func:`nearrepeat_view` runs
:func:`hotspots.spacetime.nearrepeat.run` and :func:`stable_view` :func:`hotspots.spacetime.stable.run` on the
incidents of the data panel's period and category (the latter with its map,
:func:`mapping.spacetime_map.stable_map`).
The rows the tab's tables show are computed here (:func:`emerging_rows`, :func:`knox_cells`), so that the
tests compare them with the core without a screen.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kernel.progress import as_progress


@dataclass
class EmergingView:
    """The emerging result, its map page and the tab's rows."""

    result: Any
    map_path: Path | None
    rows: list = field(default_factory=list)
    span: str = ""
    #: What the view ran on where the data panel chose other sources, a theme or a division (Dutch lines).
    notes: list = field(default_factory=list)


@dataclass
class NearRepeatView:
    """The near-repeat result and the tab's Knox cells."""

    result: Any
    header: list = field(default_factory=list)
    cells: list = field(default_factory=list)
    span: str = ""
    notes: list = field(default_factory=list)


@dataclass
class StableView:
    """The stable result, its map page and the tab's rows (the areas hot on at least one scale)."""

    result: Any
    map_path: Path | None
    rows: list = field(default_factory=list)
    span: str = ""
    #: What the view ran on where the data panel chose other sources, a theme or a division (Dutch lines).
    notes: list = field(default_factory=list)


def stable_rows(result) -> list[dict]:
    """The areas hot on at least one scale, most scales first, with the scales and the core's sentence."""
    from mapping.spacetime_map import scale_colours

    n = len(result.scales)
    colours = scale_colours(n)
    areas = result.areas
    hot = areas[areas["scales_hot"] > 0].sort_values(["scales_hot", "share_all"], ascending=False)
    return [{"code": str(r.code), "name": str(r.name), "scales_hot": int(r.scales_hot), "of": n,
             "hot_at": str(r.hot_at), "sentence": str(r.sentence), "colour": colours[int(r.scales_hot)]}
            for r in hot.itertuples()]


def emerging_rows(result) -> list[dict]:
    """One row per location, those with a pattern first (in legend order, strongest final z first), with its
    Dutch category, ArcGIS's name, the core's colour and sentence."""
    from hotspots.spacetime.patterns import CATEGORIES

    loc = result.table()
    order = {c: i for i, c in enumerate(CATEGORIES)}
    loc = loc.assign(_o=loc["category"].map(order)).sort_values(["_o", "final_z"], ascending=[True, False])
    return [{"code": str(r.code), "name": str(r.name), "category": str(r.category), "label": str(r.label),
             "arcgis": str(r.arcgis), "colour": str(r.colour), "sentence": str(r.sentence),
             "hot_steps": int(r.hot_steps)} for r in loc.itertuples()]


def knox_cells(result) -> tuple[list[str], list[dict]]:
    """The Knox table as the tab shows it: the time bands as columns, per distance band a row of cells with the
    ratio, the observed and expected pairs, p (after FDR) and whether the band is significantly elevated."""
    from kernel.nl import plain

    table = result.table
    inner = table[table["p_fdr"].notna()]
    first = inner.drop_duplicates("column")
    header = [f"{plain(r.days_from)}-{plain(r.days_to)} d" for r in first.itertuples()]
    rows = []
    for label, part in inner.groupby("row", sort=False):
        rows.append({"row": str(label), "cells": [
            {"ratio": float(r.ratio), "observed": int(r.observed), "expected": float(r.expected),
             "p_fdr": float(r.p_fdr), "significant": bool(r.significant), "column": str(r.column)}
            for r in part.itertuples()]})
    return header, rows


def chosen_inputs(areas=None, incidents=None, counts=None, *, outlines=None, project=None, choice=None,
                  view: str = "", whole: bool = False, incidents_only: bool = False):
    """The inputs of a run, the lines that say what it ran on and the outlines for its map: ``areas`` with
    ``incidents`` (else ``counts``) as given, or, with ``project`` and ``choice``
    (:class:`desktop.choice.WindowChoice`), the data panel's choice selected here in the worker
    (:func:`desktop.choice.chosen_series`: the chosen incident sources as one series, the theme's categories,
    the chosen division; ``whole``: the whole history, not the chosen period). ``incidents_only``: an
    :class:`kernel.errors.AnalysisError` that says so when the choice holds only counts."""
    import dataclasses

    from desktop.choice import chosen_series
    from desktop.strings import tr
    from hotspots.inputs import Inputs
    from kernel.errors import AnalysisError

    if project is None:
        data = {"incidents": incidents} if incidents is not None else {"counts": counts}
        return Inputs(areas=areas, **data), [], outlines
    if whole:
        choice = dataclasses.replace(choice, period=None)
    part, notes = chosen_series(project, choice, view, incidents_only=incidents_only)
    if part is None:
        if incidents_only and choice.sources:
            raise AnalysisError(tr("st.need_incidents_choice", what=view, sources=", ".join(choice.sources)))
        raise AnalysisError(tr("choice.nothing"))
    return part.inputs, notes, part.inputs.outlines


def _span(months) -> str:
    from hotspots.spacetime.cube import month_name

    return f"{month_name(months[0])} t/m {month_name(months[-1])} ({len(months)} maanden)"


def emerging_view(areas=None, incidents=None, counts=None, *, params=None, outlines=None, title: str = "",
                  out_dir=None, project=None, choice=None, progress=None, cancelled=None) -> EmergingView:
    """Emerging hot spots of the incidents (else the police counts) and the web map of their categories; with
    ``project`` and ``choice`` those of the data panel's choice over the whole history (:func:`chosen_inputs`)."""
    from desktop.tasks import scratch_dir
    from hotspots.spacetime import emerging
    from mapping.meta import ReportMeta
    from mapping.spacetime_map import emerging_map
    from mapping.webmap import save_html

    p = as_progress(progress, cancelled)
    inputs, notes, outlines = chosen_inputs(areas, incidents, counts, outlines=outlines, project=project,
                                            choice=choice, view="Opkomende hot spots", whole=True)
    result = emerging.run(inputs, params or {}, progress=p.slice(0.0, 0.8))
    p(0.85, "Kaart maken")
    span = _span(result.months)
    path = Path(out_dir or scratch_dir("opkomend-")) / "opkomend.html"
    save_html(emerging_map(result, boundaries=outlines, meta=ReportMeta(title=title or "Opkomende hot spots",
                                                                               period=span)), path)
    p(1.0, "Klaar")
    return EmergingView(result, path, emerging_rows(result), span, notes)


def stable_view(areas=None, incidents=None, *, params=None, outlines=None, title: str = "", out_dir=None,
                project=None, choice=None, privacy=None, progress=None, cancelled=None) -> StableView:
    """Stable hot spots of the incidents and the web map of the ground and the areas by number of scales; with
    ``project`` and ``choice`` those of the data panel's choice (:func:`chosen_inputs`). ``privacy``: the project's
    export rules (:class:`mapping.disclosure.PrivacyRules`), which the map's metadata carry and its period and the
    view's span follow (:func:`_dates`)."""
    from desktop.tasks import scratch_dir
    from hotspots.spacetime import stable
    from mapping.meta import ReportMeta
    from mapping.spacetime_map import stable_map
    from mapping.webmap import save_html

    p = as_progress(progress, cancelled)
    inputs, notes, outlines = chosen_inputs(areas, incidents, outlines=outlines, project=project, choice=choice,
                                            view="Stabiele hot spots", incidents_only=True)
    result = stable.run(inputs, params or {}, progress=p.slice(0.0, 0.85))
    p(0.9, "Kaart maken")
    span = _dates(inputs.incidents, privacy)
    path = Path(out_dir or scratch_dir("stabiel-")) / "stabiel.html"
    meta = ReportMeta.of(privacy, title=title or "Stabiele hot spots", period=span)
    save_html(stable_map(result, boundaries=outlines, meta=meta), path)
    p(1.0, "Klaar")
    return StableView(result, path, stable_rows(result), span, notes)


def _dates(incidents, privacy=None) -> str:
    """The first and last incident day, in months under ``privacy``'s threshold
    (:func:`mapping.outputs.incident_period`, as the period of the other exports); "" without a date."""
    from mapping.outputs import incident_period

    return incident_period(incidents, privacy) or ""


def nearrepeat_estimate(incidents, params=None):
    """How long the near-repeat test of these incidents will take (:func:`desktop.estimate.near_repeat`): the
    pairs within the largest distance band counted on a sample (a few milliseconds: fine on the GUI thread)."""
    from desktop import estimate
    from hotspots.spacetime.knox import estimated_pairs, parse_edges
    from hotspots.spacetime.methods import NEARREPEAT

    prm = NEARREPEAT.validate(params or {})
    largest = float(parse_edges(prm["distances"], "afstandsbanden", "m")[-1])
    xy = incidents[["x", "y"]].dropna()
    pairs = estimated_pairs(xy["x"].to_numpy(float), xy["y"].to_numpy(float), largest)
    return estimate.near_repeat(n_incidents=len(xy), pairs=pairs, permutations=int(prm["permutations"]))


def _land_m2(areas) -> float:
    land = areas[~areas["water"].fillna(False).astype(bool)] if "water" in areas else areas
    return float(land.geometry.area.sum())


def _months(incidents=None, counts=None) -> int:
    """The months the cube of the incidents (by their start, a partial last month left out as the cube does:
    :func:`hotspots.spacetime.cube.month_range`) or of the counts spans."""
    from hotspots.spacetime.cube import month_range
    from kernel.errors import AnalysisError

    if incidents is not None:
        try:
            return len(month_range(incidents["start"])[0])
        except AnalysisError:  # no times: the run says so
            return 0
    return 0 if counts is None else int(counts["period"].nunique())


def emerging_estimate(areas, incidents=None, counts=None, params=None):
    """How long emerging hot spots of these data will take (:func:`desktop.estimate.emerging`): the places (the
    areas, or the cells over their land) x the months the data span; milliseconds to count on the GUI thread."""
    from desktop import estimate
    from hotspots.spacetime.methods import EMERGING

    prm = EMERGING.validate(params or {})
    unit = prm["unit"]
    places = len(areas) if unit == "area" else estimate.cells_over(_land_m2(areas), unit, float(prm["cell"]))
    return estimate.emerging(places=places, months=_months(incidents, counts), unit=unit)


def stable_estimate(areas, incidents, params=None):
    """How long stable hot spots of these incidents will take (:func:`desktop.estimate.stable`): the incidents,
    the cells of the cell scales over the land and the places the scales are compared on."""
    from desktop import estimate
    from hotspots.spacetime.methods import STABLE
    from hotspots.spacetime.stable import MAX_PLACES, parse_scales

    prm = STABLE.validate(params or {})
    scales = parse_scales(prm["scales"])
    land = _land_m2(areas)
    cells = sum(estimate.cells_over(land, kind, size) for kind, size in scales if kind != "area")
    x0, y0, x1, y1 = areas.total_bounds
    base = float(prm["base"]) or 50.0
    while not prm["base"] and (x1 - x0) * (y1 - y0) / (base * base) > MAX_PLACES:
        base *= 2  # as the run chooses its places
    return estimate.stable(n_incidents=len(incidents), cells=cells, scales=len(scales),
                           places=int((x1 - x0) * (y1 - y0) / (base * base)))


def nearrepeat_view(areas=None, incidents=None, *, params=None, project=None, choice=None, privacy=None,
                    progress=None, cancelled=None) -> NearRepeatView:
    """The Knox test of the incidents (inside the areas), with the tab's cells; with ``project`` and ``choice``
    those of the data panel's choice (:func:`chosen_inputs`); its span under ``privacy`` (:func:`_dates`)."""
    from hotspots.spacetime import nearrepeat

    inputs, notes, _ = chosen_inputs(areas, incidents, project=project, choice=choice, view="Bijna-herhaling",
                                     incidents_only=True)
    result = nearrepeat.run(inputs, params or {}, progress=progress, cancelled=cancelled)
    header, cells = knox_cells(result)
    return NearRepeatView(result, header, cells, _dates(inputs.incidents, privacy), notes)
