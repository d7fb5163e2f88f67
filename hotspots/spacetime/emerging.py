"""Emerging hot spots: is a place a new, intensifying, persistent, diminishing or on-and-off hot spot?

ArcGIS Pro's Emerging Hot Spot Analysis, without ArcGIS: the incidents (or police counts) are
counted per location and month (:mod:`hotspots.spacetime.cube`), every bin gets a Gi* z-score on
its space-time neighbours (:mod:`hotspots.spacetime.gistar`), every location a Mann-Kendall
trend of its z-scores (:func:`hotspots.significance.mann_kendall_rows`) and one of ArcGIS's
categories with a Dutch sentence (:mod:`hotspots.spacetime.patterns`).

``run(inputs, params, progress=None, cancelled=None)`` takes :class:`hotspots.inputs.Inputs` with
``areas`` and ``incidents`` or ``counts`` and the parameters declared in
:data:`EMERGING`; it returns an :class:`EmergingResult`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from kernel.errors import AnalysisError
from kernel.progress import as_progress
from kernel.schema import RD_NEW

from hotspots.inputs import Inputs
from hotspots.significance import mann_kendall_rows
from hotspots.spacetime.cube import Cube, cube_from_counts, cube_from_incidents, month_name
from hotspots.spacetime.gistar import spacetime_gistar
from hotspots.spacetime.inputs import choose_incidents, level_word, require
from hotspots.spacetime.methods import EMERGING
from hotspots.spacetime.patterns import ARCGIS, CATEGORIES, COLOURS, LABELS, classify, sentence
from hotspots.where import guards
from hotspots.where.getis_ord import CLASS_LABELS
from kernel.nl import listing


UNIT_WORDS = {"square": "vierkante cellen", "hexagon": "zeshoekige cellen"}
#: Confidence -> the smallest |class| (hotspots.significance.confidence_classes) that counts as significant.
CLASS_FLOOR = {"90": 1, "95": 2, "99": 3}


@dataclass
class EmergingResult:
    """Everything a map layer, a table and a report section need.

    ``locations`` (GeoDataFrame, EPSG:28992): per location ``code``, ``name``, ``category`` (a code of
    :data:`hotspots.spacetime.patterns.CATEGORIES`), ``label`` (Dutch), ``arcgis`` (ArcGIS's name),
    ``colour``, ``sentence``, ``hot_steps``, ``cold_steps``, ``final_class``, ``final_z``, ``trend_tau``,
    ``trend_z``, ``trend_p``, ``trend_slope`` (z per month), ``total`` (incidents) and ``last`` (in the
    final month). ``bins``: per location and month ``code``, ``month``, ``count``, ``z``, ``p``, ``p_fdr``,
    ``gi_class`` and ``gi_label``. ``summary``: number of locations per category; ``sentences``: the
    report's lines.
    """

    locations: gpd.GeoDataFrame
    bins: pd.DataFrame
    months: pd.PeriodIndex
    unit: str
    summary: dict
    sentences: list
    params: dict
    notes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    weights_summary: dict = field(default_factory=dict)
    method: str = "emerging"

    def table(self) -> pd.DataFrame:
        """The locations without geometry."""
        return pd.DataFrame(self.locations.drop(columns="geometry"))

    def to_dict(self, bins: bool = True) -> dict:
        out = {"method": self.method, "params": self.params, "unit": self.unit,
               "months": [str(m) for m in self.months], "summary": self.summary, "sentences": self.sentences,
               "legend": [{"category": c, "label": LABELS[c], "arcgis": ARCGIS[c], "colour": COLOURS[c],
                           "locations": self.summary.get(c, 0)} for c in CATEGORIES],
               "weights": self.weights_summary, "notes": self.notes, "warnings": self.warnings,
               "locations": self.table().to_dict(orient="records")}
        if bins:
            b = self.bins.copy()
            b["month"] = b["month"].astype(str)
            out["bins"] = b.to_dict(orient="records")
        return out


def _month_bounds(prm) -> tuple:
    start = pd.Period(prm["start"], freq="M").start_time if prm["start"] else None
    end = pd.Period(prm["end"], freq="M").end_time if prm["end"] else None
    return start, end


def build_cube(inputs: Inputs, prm: dict, progress=None) -> tuple[Cube, int]:
    """The cube of the inputs (incidents, else counts) and the number of incidents it counts."""
    areas = require(inputs, "areas", "Opkomende hot spots vragen gebiedsgrenzen (ook voor cellen: het studiegebied).")
    incidents, counts = inputs.incidents, inputs.counts
    if incidents is not None:
        try:
            start, end = _month_bounds(prm)
        except ValueError:
            raise AnalysisError(f"'{prm['start'] or prm['end']}' is geen maand (gebruik JJJJ-MM).") from None
        chosen, notes = choose_incidents(incidents, category=prm["category"], start=start, end=end)
        cube = cube_from_incidents(chosen, areas, unit=prm["unit"], cell=prm["cell"], start=prm["start"],
                                   end=prm["end"], tolerance=prm["tolerance"], progress=progress)
        cube.notes[:0] = notes
        return cube, len(chosen)
    if counts is not None:
        if prm["unit"] != "area":
            raise AnalysisError("Cellen vragen incidenten met coördinaten; politietellingen zijn per gebied.")
        cube = cube_from_counts(counts, areas, category=prm["category"], start=prm["start"], end=prm["end"],
                                tolerance=prm["tolerance"])
        return cube, int(cube.values.sum())
    raise AnalysisError("Geef incidenten of tellingen per gebied en maand voor opkomende hot spots.")


def run(inputs: Inputs, params=None, progress=None, cancelled=None) -> EmergingResult:
    """Emerging hot spots of the inputs; see the module docstring."""
    prm = EMERGING.validate(params or {})
    p = as_progress(progress, cancelled)
    p(0.0, "Tellen per plek en maand")
    cube, n_incidents = build_cube(inputs, prm, p.slice(0.0, 0.4))
    notes, warnings = list(cube.notes), list(cube.warnings)
    p(0.5, "Gi* per maand")
    gi = spacetime_gistar(cube.values, cube.weights, k=prm["time_steps"], window=prm["window"], fdr=prm["fdr"])
    floor = CLASS_FLOOR[prm["confidence"]]
    alpha = 1 - int(prm["confidence"]) / 100
    p(0.7, "Trend per plek")
    mk = mann_kendall_rows(gi.z)
    codes, counted = classify(gi.classes >= floor, gi.classes <= -floor, mk["s"], mk["p"], alpha)
    p(0.85, "Categorieën en zinnen")
    loc = cube.locations
    months = cube.months
    last = month_name(months[-1])
    run_len = np.where(np.char.endswith(codes.astype(str), "_cold"), counted["cold_run"], counted["hot_run"])
    sentences_loc = [sentence(c, nm, steps=len(months), hot_steps=int(h), cold_steps=int(cc), run=int(r),
                              last=last, run_start=month_name(months[-max(int(r), 1)]), trend_p=float(tp))
                     for c, nm, h, cc, r, tp in zip(codes, loc["name"], counted["hot_steps"], counted["cold_steps"],
                                                   run_len, np.nan_to_num(mk["p"], nan=1.0))]
    locations = gpd.GeoDataFrame({
        "code": loc["code"].to_numpy(), "name": loc["name"].to_numpy(), "category": codes,
        "label": [LABELS[c] for c in codes], "arcgis": [ARCGIS[c] for c in codes],
        "colour": [COLOURS[c] for c in codes], "sentence": sentences_loc,
        "hot_steps": counted["hot_steps"], "cold_steps": counted["cold_steps"],
        "final_class": gi.classes[:, -1], "final_z": gi.z[:, -1], "trend_tau": mk["tau"], "trend_z": mk["z"],
        "trend_p": mk["p"], "trend_slope": mk["slope"], "total": cube.values.sum(axis=1),
        "last": cube.values[:, -1]}, geometry=loc.geometry.values, crs=RD_NEW)
    n_loc, steps = cube.values.shape
    bins = pd.DataFrame({
        "code": np.repeat(loc["code"].to_numpy(), steps), "month": pd.PeriodIndex(np.tile(months, n_loc), freq="M"),
        "count": cube.values.ravel(), "z": gi.z.ravel(), "p": gi.p.ravel(), "p_fdr": gi.p_fdr.ravel(),
        "gi_class": gi.classes.ravel()})
    bins["gi_label"] = bins["gi_class"].map(CLASS_LABELS)
    summary = {c: int(n) for c, n in pd.Series(codes).value_counts().items()}
    what = level_word(inputs.areas) if cube.unit == "area" else UNIT_WORDS[cube.unit]
    lines = _headline(locations, summary, what, months)
    notes += _method_notes(prm, cube)
    warnings += guards.too_few(n_loc, n_incidents if inputs.incidents is not None else None,
                               what)
    warnings += guards.mostly_zeros(cube.values.ravel(), "vakken (plek x maand)")
    areas = inputs.areas
    if areas is not None and "year" in areas.columns:
        warnings += guards.year_mismatch(areas["year"], [m.year for m in months])
    p(1.0, "Klaar")
    return EmergingResult(locations, bins, months, cube.unit, summary, lines, prm, notes, warnings,
                          cube.weights.summary())


def _headline(locations, summary: dict, what: str, months) -> list[str]:
    n = len(locations)
    hot = sum(v for k, v in summary.items() if k.endswith("_hot"))
    cold = sum(v for k, v in summary.items() if k.endswith("_cold"))
    lines = [f"Van de {n} {what} hebben er {hot} een hot-spotpatroon en {cold} een cold-spotpatroon; "
             f"{summary.get('none', 0)} laten geen patroon zien ({month_name(months[0])} t/m "
             f"{month_name(months[-1])}, {len(months)} maanden)."]
    for cat in CATEGORIES[:-1]:
        names = locations.loc[locations["category"] == cat, "name"].tolist()
        if names:
            lines.append(f"{LABELS[cat]} ({len(names)}): {listing(names, 8)}.")
    return lines


def _method_notes(prm: dict, cube: Cube) -> list[str]:
    k = prm["time_steps"]
    buren = "zijn buren" if cube.unit == "area" else "de aangrenzende cellen"
    tijd = "in dezelfde maand" if k == 0 else f"in dezelfde maand en de {k} maand(en) ervoor"
    venster = ("met alle plekken en maanden samen (de hele kubus, zoals ArcGIS)" if prm["window"] == "cube"
               else "met de plekken in het eigen tijdvenster van die maand")
    out = [f"Opkomende hot spots zoals ArcGIS's Emerging Hot Spot Analysis: Getis-Ord Gi* per plek en maand op de "
           f"plek en {buren} {tijd} (binaire gewichten), vergeleken {venster}.",
           f"Een maand telt als hot of cold spot bij minstens {prm['confidence']}% betrouwbaarheid"
           + (" na FDR-correctie (Benjamini-Hochberg) over alle vakken." if prm["fdr"] else " (zonder FDR-correctie)."),
           f"De trend per plek is de Mann-Kendall-toets op de reeks z-waarden (significant bij "
           f"{prm['confidence']}%); de categorieën volgen de regels van ArcGIS (90% van de maanden, de laatste maand, "
           "aaneengesloten reeksen)."]
    return out
