"""Stable hot spots: places that Gi* calls hot at several scales (buurten, square cells, hexagons).

Where a hot spot lies depends on how the map is divided: into buurten or cells, large or small
(the modifiable areal unit problem; Openshaw 1984). A place that is hot at every scale does
not depend on that choice and is a firmer target. Each scale is the house's Gi* hot-spot
analysis (:func:`hotspots.where.hotspots.run_hotspots`: queen neighbours for the areas, the
adjacent cells for squares and hexagons, FDR on by default); the incidents are assigned to the
areas once. The scales are then laid over one grid of small squares ("places", ``base``
metres): each place counts the scales whose area or cell around its centre is a hot spot
(at least the chosen confidence), and each area gets the number of scales that call it hot
(its own class at area level; for a cell scale, when at least half of its places lie in hot
cells).

``run(inputs, params, progress=None, cancelled=None)`` takes :class:`hotspots.inputs.Inputs` with ``areas``
and ``incidents`` and the parameters of :data:`STABLE`; it returns a :class:`StableResult`.

>>> parse_scales("area, square:250, hexagon:500")
[('area', 0.0), ('square', 250.0), ('hexagon', 500.0)]
"""
from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from kernel.errors import AnalysisError
from kernel.progress import as_progress
from kernel.schema import RD_NEW

from hotspots.inputs import Inputs
from hotspots.spacetime.cube import land_areas
from hotspots.spacetime.inputs import choose_incidents, date_bounds, level_word, require
from hotspots.spacetime.methods import STABLE
from hotspots.where.assign import assign_points, locate
from hotspots.where.hotspots import run_hotspots
from kernel.nl import listing, number, plain


#: At most this many places; a larger study area gets coarser places.
MAX_PLACES = 400_000
SHAPE_WORDS = {"square": "vierkanten", "hexagon": "zeshoeken"}
CONFIDENCE_FLOOR = {"90": 1, "95": 2, "99": 3}


def parse_scales(text: str) -> list[tuple[str, float]]:
    """``[(kind, size)]`` from ``"area,square:250,hexagon:500"``; a Dutch error for anything else."""
    out = []
    for part in str(text).replace(";", ",").split(","):
        kind, _, size = part.strip().lower().partition(":")
        if not kind:
            continue
        try:
            value = float(size.replace(",", ".")) if size else 0.0
        except ValueError:
            value = -1.0
        if kind == "area" and not size:
            out.append(("area", 0.0))
        elif kind in SHAPE_WORDS and value >= 25:
            out.append((kind, value))
        else:
            raise AnalysisError(f"Schaal '{part.strip()}' begrijp ik niet; schrijf area, square:METERS of "
                                "hexagon:METERS (minstens 25 m).")
    if len(out) < 2:
        raise AnalysisError("Kies minstens twee schalen om te vergelijken.")
    return out


def scale_label(kind: str, size: float, level: str = "gebieden") -> str:
    return level if kind == "area" else f"{SHAPE_WORDS[kind]} van {plain(size)} m"


@dataclass
class StableResult:
    """``map``: one row per number of scales (1..S) that call a place hot, with its ground (``area_km2``) and
    ``geometry``; ``places``: every place (``x``, ``y``, ``n_hot``, ``n_cold``, one hot flag per scale;
    ``geometry`` the square); ``areas``: per area ``code``, ``name``, ``scales_hot``, ``hot_at`` (the scales),
    ``share_all`` (share of its places hot at every scale), ``sentence``; ``scales``: per scale its label,
    units, hot units and notes; ``caption``: the plain sentence on the modifiable areal unit problem."""

    map: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    areas: gpd.GeoDataFrame
    scales: list
    caption: str
    sentences: list
    params: dict
    notes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    base: float = 50.0
    method: str = "stabiel"

    def to_dict(self) -> dict:
        return {"method": self.method, "params": self.params, "base_m": self.base, "caption": self.caption,
                "sentences": self.sentences, "scales": self.scales,
                "map": pd.DataFrame(self.map.drop(columns="geometry")).to_dict(orient="records"),
                "areas": pd.DataFrame(self.areas.drop(columns="geometry")).to_dict(orient="records"),
                "notes": self.notes, "warnings": self.warnings}


def _places(land: gpd.GeoDataFrame, base: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    xmin, ymin, xmax, ymax = land.total_bounds
    if not base:
        base = 50.0
        while ((xmax - xmin) / base) * ((ymax - ymin) / base) > MAX_PLACES:
            base *= 2
    gx = np.arange(np.floor(xmin / base), np.ceil(xmax / base)) * base + base / 2
    gy = np.arange(np.floor(ymin / base), np.ceil(ymax / base)) * base + base / 2
    if len(gx) * len(gy) > 4 * MAX_PLACES:
        raise AnalysisError(f"Te veel plekken van {plain(base)} m; kies een grotere plekgrootte.")
    cx, cy = (a.ravel() for a in np.meshgrid(gx, gy))
    area_of, _ = locate(cx, cy, land.geometry.values)
    keep = area_of >= 0
    return cx[keep], cy[keep], area_of[keep], float(base)


def run(inputs: Inputs, params=None, progress=None, cancelled=None) -> StableResult:
    """Stable hot spots of the inputs' incidents; see the module docstring."""
    prm = STABLE.validate(params or {})
    p = as_progress(progress, cancelled)
    scales = parse_scales(prm["scales"])
    areas = require(inputs, "areas", "Stabiele hot spots vragen gebiedsgrenzen.")
    incidents = require(inputs, "incidents", "Stabiele hot spots vragen incidenten met coördinaten (voor de cellen).")
    start, end = date_bounds(prm["start"], prm["end"])
    chosen, notes = choose_incidents(incidents, category=prm["category"], start=start, end=end, need_time=False)
    land, land_notes = land_areas(areas)
    notes += land_notes
    p(0.02, "Incidenten toewijzen")
    assigned = assign_points(chosen, areas, progress=p.slice(0.02, 0.15))
    notes += assigned.notes
    level = level_word(areas)
    floor = CONFIDENCE_FLOOR[prm["confidence"]]
    cx, cy, area_of, base = _places(land, prm["base"])
    hot = np.zeros((len(cx), len(scales)), dtype=bool)
    cold = np.zeros_like(hot)
    info, said = [], {}
    area_hot = np.zeros((len(land), len(scales)), dtype=bool)
    for s, (kind, size) in enumerate(scales):
        p.check()
        p(0.15 + 0.75 * s / len(scales), f"Gi* op schaal {s + 1} van {len(scales)}")
        hp = {"method": "gistar" if kind == "area" else "grid", "fdr": prm["fdr"], "tolerance": prm["tolerance"]}
        if kind != "area":
            hp.update(cell=size, shape=kind)
        res = run_hotspots(areas, incidents=assigned.incidents, params=hp, assigned=True, cancelled=cancelled)
        units = res.areas.reset_index(drop=True)
        cls = units["gi_class"].to_numpy()
        where, _ = locate(cx, cy, units.geometry.values)
        c = np.where(where >= 0, cls[np.maximum(where, 0)], 0)
        hot[:, s], cold[:, s] = c >= floor, c <= -floor
        if kind == "area":
            own = pd.Series(cls, index=units["code"].astype(str)).reindex(land["code"]).fillna(0).to_numpy()
            area_hot[:, s] = own >= floor
        else:
            share = np.bincount(area_of, weights=hot[:, s], minlength=len(land)) / \
                np.maximum(np.bincount(area_of, minlength=len(land)), 1)
            area_hot[:, s] = share >= 0.5
        label = scale_label(kind, size, level)
        info.append({"scale": f"{kind}:{plain(size)}" if size else kind, "label": label, "units": len(units),
                     "hot_units": int((cls >= floor).sum()), "cold_units": int((cls <= -floor).sum())})
        for w in res.warnings:
            said.setdefault(w, []).append(label)
        if s == 0:
            notes += [n for n in res.notes if "Getis-Ord" in n or "FDR" in n]
    warnings = [w if len(on) == len(scales) else f"{', '.join(on)}: {w}" for w, on in said.items()]
    p(0.92, "Kaart samenvoegen")
    n_hot, n_cold = hot.sum(axis=1), cold.sum(axis=1)
    places = gpd.GeoDataFrame({"x": cx, "y": cy, "area": land["code"].to_numpy()[area_of], "n_hot": n_hot,
                               "n_cold": n_cold, **{f"hot_{i + 1}": hot[:, i] for i in range(len(scales))}},
                              geometry=shapely.box(cx - base / 2, cy - base / 2, cx + base / 2, cy + base / 2),
                              crs=RD_NEW)
    layer = _map_layer(places, len(scales), base)
    area_table = _area_table(land, area_of, n_hot, area_hot, info, len(scales))
    caption = _caption(info, len(scales))
    sentences = _sentences(layer, area_table, info, len(scales))
    notes.append(f"De schalen zijn vergeleken op plekken van {plain(base)} x {plain(base)} m: een plek telt een schaal "
                 "als het gebied of de cel rond zijn midden daar een hot spot is; een gebied telt een celschaal als "
                 "minstens de helft van zijn plekken in hot cellen ligt.")
    p(1.0, "Klaar")
    return StableResult(layer, places, area_table, info, caption, sentences, prm, notes, warnings, base)


#: Colours from hot at one scale (light) to hot at every scale (dark red).
SCALE_COLOURS = ("#fdd49e", "#fc8d59", "#d7301f", "#7f0000")


def _map_layer(places, n_scales: int, base: float) -> gpd.GeoDataFrame:
    rows, geoms = [], []
    for k in range(1, n_scales + 1):
        sel = places.geometry.values[places["n_hot"].to_numpy() == k]
        if len(sel) == 0:
            continue
        geoms.append(shapely.coverage_union_all(sel))
        shade = round((k - 1) * (len(SCALE_COLOURS) - 1) / max(n_scales - 1, 1))
        rows.append({"n_hot": k, "label": f"hot op {k} van de {n_scales} schalen", "colour": SCALE_COLOURS[shade],
                     "area_km2": len(sel) * base * base / 1e6})
    return gpd.GeoDataFrame(pd.DataFrame(rows, columns=["n_hot", "label", "colour", "area_km2"]), geometry=geoms,
                            crs=RD_NEW)


def _area_table(land, area_of, n_hot, area_hot, info, n_scales) -> gpd.GeoDataFrame:
    count = np.bincount(area_of, minlength=len(land))
    all_hot = np.bincount(area_of, weights=(n_hot == n_scales), minlength=len(land)) / np.maximum(count, 1)
    k = area_hot.sum(axis=1)
    hot_at = [", ".join(info[s]["label"] for s in np.flatnonzero(row)) for row in area_hot]
    sentence = [f"{nm} is op {kk} van de {n_scales} schalen een hot spot ({at})." if kk else ""
                for nm, kk, at in zip(land["name"], k, hot_at)]
    return gpd.GeoDataFrame({"code": land["code"].to_numpy(), "name": land["name"].to_numpy(), "scales_hot": k,
                             "hot_at": hot_at, "share_all": all_hot, "places": count, "sentence": sentence},
                            geometry=land.geometry.values, crs=RD_NEW)


def _caption(info, n_scales: int) -> str:
    labels = listing([i["label"] for i in info], n_scales)
    return ("Waar een hot spot ligt, hangt af van hoe je de kaart indeelt: in buurten of in cellen, groot of klein "
            f"(het 'modifiable areal unit problem'). Deze kaart legt {n_scales} indelingen over elkaar ({labels}) "
            "en telt per plek op hoeveel ervan Gi* een hot spot ziet. Plekken die op alle schalen hot zijn, hangen "
            "niet af van die keuze en zijn de stevigste doelen; een plek die op één schaal hot is, kan een gevolg "
            "van de indeling zijn.")


def _sentences(layer, area_table, info, n_scales: int) -> list[str]:
    out = []
    all_row = layer[layer["n_hot"] == n_scales]
    km2 = float(all_row["area_km2"].sum()) if len(all_row) else 0.0
    out.append(f"Op alle {n_scales} schalen hot: {number(km2, 2)} km²; op minstens één schaal: "
               f"{number(float(layer['area_km2'].sum()), 2)} km².")
    firm = area_table[area_table["scales_hot"] == n_scales]
    if len(firm):
        out.append(f"Op alle schalen een hot spot ({len(firm)}): {listing(firm['name'].tolist(), 10)}.")
    some = area_table[(area_table["scales_hot"] > 0) & (area_table["scales_hot"] < n_scales)]
    if len(some):
        out.append(f"Op een deel van de schalen ({len(some)}): "
                   f"{listing([f'{n} ({k})' for n, k in zip(some['name'], some['scales_hot'])], 10)}.")
    out += [f"{i['label']}: {i['hot_units']} van de {i['units']} hot." for i in info]
    return out
