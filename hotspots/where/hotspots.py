"""Hot spots, one entry point: ``run_hotspots(areas, incidents=..., counts=..., value=..., params=...)``.

The parameters are declared once in :data:`HOTSPOTS` (Dutch labels and help); the desktop
form and ``wijkbeeld hotspots`` are generated from it. Methods:

* ``gistar``: Getis-Ord Gi* per area (:mod:`hotspots.where.getis_ord`);
* ``lisa``: local Moran's I per area (:mod:`hotspots.where.moran`);
* ``grid``: incidents counted in square or hexagonal cells, Gi* on the cells (:mod:`hotspots.where.cells`);
* ``optimised``: cell size and distance band chosen from the data (:mod:`hotspots.where.optimised`);
* ``kde``: a heat surface (:mod:`hotspots.where.kde`), with the counts per area.

The result carries every number a map or report needs, the warnings of
:mod:`hotspots.where.guards` and Dutch method sentences (``notes``) for the appendix.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from kernel.errors import AnalysisError
from kernel.progress import as_progress
from kernel.schema import RD_NEW

from hotspots.where import guards
from hotspots.categories import choose_counts_category, incidents_of_category
from hotspots.where.assign import area_codes, assign_points, from_column
from hotspots.where.cells import make_cells
from hotspots.where.getis_ord import CLASS_LABELS, GiStar
from hotspots.where.kde import KdeResult, kde_surface
from hotspots.where.moran import QUADRANT_LABELS, LocalMoran
from kernel.nl import listing
from hotspots.where.optimised import run_optimised
from hotspots.params import Method, Param, register
from hotspots.where.rates import compute_rates
from hotspots.where.weights import distance_band, from_spec, knn, metric_frame

METHODS = ("gistar", "lisa", "grid", "optimised", "kde")
HOTSPOTS = register(Method(
    "hotspots", "Hot spots (waar)",
    "Waar gebeurt het meer dan je op grond van toeval verwacht? Getis-Ord Gi* of lokale Moran's I per buurt, "
    "in cellen, of als warmtekaart.",
    (
        Param("method", "gistar", "Methode", "Welke analyse: Gi* per gebied, lokale Moran's I (LISA), Gi* in "
              "cellen (grid), geoptimaliseerd (celgrootte en afstand uit de data) of een warmtekaart (kde).",
              choices=METHODS, choice_labels=("Gi* per gebied", "Lokale Moran's I", "Gi* in cellen",
                                              "Geoptimaliseerd", "Warmtekaart")),
        Param("variable", "count", "Waarde", "Wat per gebied getoetst wordt: het aantal, het aantal per 1.000 "
              "inwoners, of dat cijfer na empirical-Bayes-gladmaken (beter bij weinig inwoners).",
              choices=("count", "rate", "rate_eb"), choice_labels=("Aantal", "Per 1.000 inwoners",
                                                                   "Per 1.000 inwoners, gladgemaakt")),
        Param("weights", "queen", "Buren", "Wie zijn buren: queen (grens of hoekpunt), rook (grens), knn:K "
              "(de K dichtstbijzijnde) of distance:METERS (binnen een afstand)."),
        Param("tolerance", 0.5, "Snaptolerantie (m)", "Gebieden die elkaar op minder dan deze afstand "
              "naderen gelden als buren (queen en rook).", minimum=0.0, maximum=100.0),
        Param("transform", "binary", "Weging", "binary: het gebied en elke buur tellen even zwaar (zoals "
              "ArcGIS); row: rij-gestandaardiseerd.", choices=("binary", "row"),
              choice_labels=("Binair", "Rij-gestandaardiseerd")),
        Param("fdr", True, "FDR-correctie", "Benjamini-Hochberg-correctie voor het aantal gebieden dat "
              "tegelijk getoetst wordt (voorkomt toevalstreffers)."),
        Param("permutations", 0, "Permutaties", "Aantal permutaties voor p-waarden; 0 = automatisch "
              "(Gi*: analytisch, LISA: 999).", minimum=0, maximum=99999),
        Param("seed", 12345, "Startgetal", "Startgetal van de toevalsgenerator: dezelfde waarde geeft "
              "dezelfde uitkomst.", minimum=0, maximum=2 ** 31 - 1),
        Param("cell", 0.0, "Celgrootte (m)", "Grootte van de cellen in meters; 0 = automatisch (raster 250 m, "
              "warmtekaart 25 m of grover voor een groot gebied, geoptimaliseerd: gekozen uit de data).",
              minimum=0.0, maximum=10000.0),
        Param("shape", "square", "Celvorm", "Vierkanten (zoals het CBS-raster) of zeshoeken.",
              choices=("square", "hexagon"), choice_labels=("Vierkant", "Zeshoek")),
        Param("distance", 0.0, "Afstandsband (m)", "Voor geoptimaliseerd: de afstand waarbinnen cellen buren "
              "zijn; 0 = gekozen uit de data.", minimum=0.0, maximum=100000.0),
        Param("kernel", "quartic", "Kern", "Vorm van de warmtekaart-kern.", choices=("quartic", "gaussian"),
              choice_labels=("Kwartisch (zoals ArcGIS)", "Gaussisch")),
        Param("bandwidth", 0.0, "Bandbreedte (m)", "Zoekstraal van de warmtekaart; 0 = vuistregel van "
              "Silverman (zoals ArcGIS).", minimum=0.0, maximum=100000.0),
        Param("category", None, "Categorie", "Alleen deze categorie. Tellingen van de politie worden nooit over "
              "categorieën opgeteld: standaard het totaal (zoals 0.0.0 Totaal misdrijven), anders de grootste.",
              optional=True),
    ),
    outputs={"areas": "gebieden of cellen met z, p, p_fdr en klasse", "surface": "warmtekaart"},
    reference="Getis & Ord 1992; Ord & Getis 1995; Anselin 1995; Benjamini & Hochberg 1995; Marshall 1991.",
))

#: Which parameters matter for which method (for a form that hides the others).
METHOD_PARAMS = {
    "gistar": ("variable", "weights", "tolerance", "transform", "fdr", "permutations", "seed"),
    "lisa": ("variable", "weights", "tolerance", "transform", "fdr", "permutations", "seed"),
    "grid": ("cell", "shape", "weights", "transform", "fdr", "permutations", "seed"),
    "optimised": ("cell", "shape", "distance", "fdr", "permutations", "seed"),
    "kde": ("cell", "kernel", "bandwidth"),
}


@dataclass
class HotspotResult:
    """Everything a map, table or report needs.

    ``areas`` is a GeoDataFrame in EPSG:28992, one row per area (or cell for ``grid``/``optimised``) with
    ``code``, ``name``, ``geometry``, ``count``, ``population``, ``rate``, ``rate_eb`` and, for Gi*, ``z``,
    ``p``, ``p_fdr``, ``gi_class`` (3/2/1 hot at 99/95/90%, 0, -1/-2/-3 cold) and ``gi_label``; for local
    Moran's I ``Is``, ``p_sim``, ``p_fdr``, ``quadrant`` (HH, LL, HL, LH, ns) and ``quadrant_label`` instead.
    """

    method: str
    areas: gpd.GeoDataFrame
    weights_summary: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    params: dict = field(default_factory=dict)
    outside: int = 0
    surface: KdeResult | None = None
    incidents: int = 0
    #: The incidents with ``area`` set (:attr:`hotspots.where.assign.AssignResult.incidents`) when points were assigned.
    assigned: pd.DataFrame | None = None

    def table(self) -> pd.DataFrame:
        """The result per area or cell without geometry (for JSON, CSV, XLSX)."""
        return pd.DataFrame(self.areas.drop(columns="geometry"))


def _prepare_areas(areas, notes) -> gpd.GeoDataFrame:
    if areas is None or len(areas) == 0:
        raise AnalysisError("Er zijn geen gebieden om te analyseren.")
    if "code" not in areas.columns:
        raise AnalysisError("De gebiedenlaag mist de kolom 'code'.")
    if getattr(areas, "crs", None) is None:
        raise AnalysisError("De gebiedenlaag heeft geen coördinatenstelsel; verwacht RD New (EPSG:28992).")
    a = metric_frame(areas, notes).copy()
    if a.crs.to_epsg() != 28992:
        a = a.to_crs(RD_NEW)
    a["code"] = area_codes(a)
    if "name" not in a.columns:
        a["name"] = a["code"]
    if "population" not in a.columns:
        a["population"] = np.nan
    if "water" not in a.columns:
        a["water"] = False
    a["water"] = a["water"].fillna(False).astype(bool)
    return a.reset_index(drop=True)


def _assign(incidents, a, has_area: bool, progress):
    """The incidents' areas: from their ``area`` column when ``has_area``, else located with the spatial index."""
    if has_area and "area" in incidents.columns:
        return from_column(incidents, a)
    return assign_points(incidents, a, progress=progress)


def _values(a, incidents, counts, value, notes, warnings, p, has_area=False, prm=None):
    """Count per area (or the chosen column), incidents outside every area, number of incidents, assignment."""
    if value is not None:
        if value not in a.columns:
            raise AnalysisError(f"De gebiedenlaag heeft geen kolom '{value}'.")
        v = pd.to_numeric(a[value], errors="coerce").to_numpy(float)
        notes.append(f"Getoetst is de kolom '{value}' van de gebiedenlaag.")
        return v, 0, None, None
    if incidents is not None:
        r = _assign(incidents, a, has_area, p.slice(0.0, 0.4))
        notes.extend(r.notes)
        warnings += guards.incidents_inside(r.index >= 0, incidents["x"], incidents["y"], a.geometry.values)
        return r.counts(a["code"]).to_numpy(float), r.outside, len(incidents), r.incidents
    if counts is not None:
        if not {"code", "count"} <= set(counts.columns):
            raise AnalysisError("De tellingen missen de kolom 'code' of 'count'.")
        choice = choose_counts_category(counts, (prm or {}).get("category"))  # never a sum over categories
        counts = choice.counts
        if choice.sentence:
            notes.append(choice.sentence)
        if prm is not None:
            prm["category"] = choice.category
        per = pd.to_numeric(counts["count"], errors="coerce").groupby(area_codes(counts)).sum()
        unknown = sorted(set(per.index) - set(a["code"]))
        if unknown:
            warnings.append(f"{len(unknown)} code(s) uit de tellingen komen niet voor in de gebiedenlaag en tellen "
                            f"niet mee: {listing(unknown, 8)}.")
        missing = int((~a["code"].isin(per.index)).sum())
        if missing:
            notes.append(f"{missing} gebied(en) staan niet in de tellingen; voor hen is 0 aangenomen.")
        return per.reindex(a["code"]).fillna(0).to_numpy(float), 0, int(per.sum()), None
    raise AnalysisError("Geef incidenten, tellingen of een kolom met waarden om te analyseren.")


def _figure_years(incidents, counts):
    if incidents is not None and "start" in incidents.columns:
        return pd.to_datetime(incidents["start"], errors="coerce").dt.year
    if counts is not None and "period" in counts.columns:
        try:
            return pd.Series([getattr(v, "year", None) for v in counts["period"]])
        except Exception:  # noqa: BLE001 - periods of unknown form: no year check
            return pd.Series([], dtype=float)
    return pd.Series([], dtype=float)


def _gi_columns(frame, gi: GiStar, mask) -> None:
    for col, vals in (("z", gi.z), ("p", gi.p), ("p_fdr", gi.p_fdr)):
        frame[col] = np.nan
        frame.loc[mask, col] = vals
    cls = np.zeros(len(frame), dtype=np.int64)
    cls[mask] = gi.classes
    frame["gi_class"] = cls
    frame["gi_label"] = [CLASS_LABELS[int(c)] for c in cls]
    if gi.p_sim is not None:
        frame["p_sim"] = np.nan
        frame.loc[mask, "p_sim"] = gi.p_sim
    frame.loc[~mask, "gi_label"] = "Niet berekend"


def _cell_weights(cells, spec):
    name, _, arg = str(spec).lower().partition(":")
    xy = cells.frame[["x", "y"]].to_numpy()
    ids = cells.frame["code"].to_numpy()
    if name in ("queen", "rook"):
        return distance_band(xy, cells.neighbour_distance(name), ids=ids)
    if name == "knn":
        return knn(xy, int(arg or 8), ids=ids)
    return from_spec(spec, xy)


def run_hotspots(areas, *, incidents=None, counts=None, value=None, params=None, progress=None,
                 cancelled=None, assigned: bool = False) -> HotspotResult:
    """Run the chosen hot-spot method; see the module docstring and :data:`HOTSPOTS`.

    ``assigned``: the incidents' ``area`` column already holds their area codes in
    ``areas`` (from :func:`hotspots.where.assign.assign_points` on the same areas, as the
    Inzetplanner passes them on), so they are not located again
    (:func:`hotspots.where.assign.from_column`). By default they are always assigned.
    """
    prm = HOTSPOTS.validate(params or {})
    p = as_progress(progress, cancelled)
    method = prm["method"]
    notes: list[str] = []
    warnings: list[str] = []
    a = _prepare_areas(areas, notes)
    if incidents is not None and prm["category"] is not None:
        incidents = incidents_of_category(incidents, prm["category"])
    if "year" in a.columns:  # the figures' years are read only when there is something to compare them with
        warnings += guards.year_mismatch(a["year"], _figure_years(incidents, counts))
    if method in ("gistar", "lisa"):
        return _by_area(a, incidents, counts, value, prm, p, notes, warnings, assigned)
    if incidents is None:
        raise AnalysisError("Deze methode werkt op incidenten met coördinaten; geef een incidentenbestand.")
    r = _assign(incidents, a, assigned, p.slice(0.0, 0.2))
    notes.extend(r.notes)
    warnings += guards.incidents_inside(r.index >= 0, incidents["x"], incidents["y"], a.geometry.values)
    a["count"] = r.counts(a["code"]).to_numpy()
    warnings += guards.study_area(a, a["count"])[0]
    x = pd.to_numeric(incidents["x"], errors="coerce").to_numpy(float)
    y = pd.to_numeric(incidents["y"], errors="coerce").to_numpy(float)
    land = a.loc[~a["water"], "geometry"].values
    study = land if len(land) else a.geometry.values
    # only incidents inside the study area take part (the others are counted in .outside); incidents joined to
    # an area by name or code (no coordinates) count per area, not in cells or a heat surface
    inside = (r.index >= 0) & np.isfinite(x) & np.isfinite(y)
    if (r.index >= 0).sum() > inside.sum():
        notes.append(f"{int((r.index >= 0).sum() - inside.sum())} incidenten zonder coördinaten (op hun gebied "
                     "gekoppeld) tellen niet mee in cellen of een warmtekaart.")
    if not inside.any():
        raise AnalysisError("Geen enkel incident binnen de gebieden heeft coördinaten; cellen en een warmtekaart "
                            "vragen x en y. Kies Gi* of lokale Moran's I per gebied.")
    x, y = np.where(inside, x, np.nan), np.where(inside, y, np.nan)
    if method == "kde":
        xmin, ymin, xmax, ymax = a.total_bounds
        # automatic: 25 m, or coarser so the surface stays near 4 million cells (a region or the country)
        cell = prm["cell"] or max(25.0, float(np.ceil(np.sqrt((xmax - xmin) * (ymax - ymin) / 4e6) / 5) * 5))
        surface = kde_surface(x[inside], y[inside], cell=cell, bandwidth=prm["bandwidth"] or None,
                              kernel=prm["kernel"], extent=tuple(a.total_bounds), progress=p.slice(0.2, 1.0))
        out = a[["code", "name", "geometry", "count", "population"]].copy()
        return HotspotResult("kde", gpd.GeoDataFrame(out, crs=RD_NEW), {}, warnings + guards.too_few(
            None, int(inside.sum())), notes + surface.notes, prm, r.outside, surface, len(incidents), r.incidents)
    if method == "optimised":
        res = run_optimised(x, y, study, shape=prm["shape"], cell=prm["cell"] or None,
                            distance=prm["distance"] or None, fdr=prm["fdr"], permutations=prm["permutations"],
                            seed=prm["seed"], progress=p.slice(0.2, 1.0))
        cells, w, gi = res.cells, res.weights, res.gi
        notes += res.notes
        warnings += res.warnings
    else:
        cells = make_cells(x, y, prm["cell"] or 250.0, prm["shape"], study)
        notes += cells.notes
        w = _cell_weights(cells, prm["weights"])
        notes += w.notes
        gi = GiStar(cells.frame["count"].to_numpy(float), w, transform=prm["transform"], fdr=prm["fdr"],
                    permutations=prm["permutations"], seed=prm["seed"], check=p.check)
        notes += gi.notes()
    frame = cells.frame.copy()
    frame["name"] = frame["code"]
    frame["population"] = np.nan
    frame["rate"] = np.nan
    frame["rate_eb"] = np.nan
    _gi_columns(frame, gi, np.ones(len(frame), bool))
    warnings += guards.too_few(len(frame), int(inside.sum()), "cellen")
    warnings += guards.mostly_zeros(frame["count"], "cellen")
    warnings += guards.hot_by_neighbours(frame["code"], frame["name"], frame["count"], frame["gi_class"])
    cols = ["code", "name", "geometry", "count", "population", "rate", "rate_eb", "z", "p", "p_fdr",
            "gi_class", "gi_label"] + (["p_sim"] if "p_sim" in frame else []) + ["x", "y"]
    p(1.0, "Klaar")
    return HotspotResult(method, gpd.GeoDataFrame(frame[cols], crs=RD_NEW), w.summary(), warnings, notes, prm,
                         r.outside, None, len(incidents), r.incidents)


def _by_area(a, incidents, counts, value, prm, p, notes, warnings, has_area=False) -> HotspotResult:
    method = prm["method"]
    count, outside, n_inc, assigned = _values(a, incidents, counts, value, notes, warnings, p, has_area, prm)
    a["count"] = count
    if value is None:
        warnings += guards.study_area(a, count)[0]
    rates = compute_rates(count, a["population"], a["water"], codes=a["code"])
    a["population"] = rates.population
    if value is None or prm["variable"] != "count":  # a rate of an arbitrary column means nothing
        a["rate"], a["rate_eb"] = rates.rate, rates.rate_eb
        if prm["variable"] != "count" or a["population"].notna().any():
            notes.extend(rates.notes)
    else:
        a["rate"] = a["rate_eb"] = np.nan
    y = a[prm["variable"]].to_numpy(float) if value is None or prm["variable"] != "count" else count
    mask = ~a["water"].to_numpy() & np.isfinite(y)
    left_out = a.loc[~mask, "code"].tolist()
    if left_out:
        notes.append(f"{len(left_out)} gebied(en) doen niet mee (water of geen waarde): "
                     f"{listing(left_out, 8)}.")
    sub = a.loc[mask]
    if len(sub) < 3:
        raise AnalysisError(f"Er zijn maar {len(sub)} gebieden met een waarde; een hotspotanalyse vraagt er meer.")
    p(0.45, "Buren bepalen")
    w = from_spec(prm["weights"], sub, tolerance=prm["tolerance"])  # queen:M / rook:M override it
    notes.extend(w.notes)
    yy = y[mask]
    if method == "gistar":
        gi = GiStar(yy, w, transform=prm["transform"], fdr=prm["fdr"], permutations=prm["permutations"],
                    seed=prm["seed"], check=p.check)
        notes.extend(gi.notes())
        _gi_columns(a, gi, mask)
    else:
        perms = prm["permutations"] or 999
        # LISA is defined on row-standardised weights (Anselin 1995), whatever the Gi* weighting says
        lm = LocalMoran(yy, w, permutations=perms, seed=prm["seed"], fdr=prm["fdr"], transform="row",
                        check=p.check)
        notes.extend(lm.notes())
        a["Is"] = np.nan
        a.loc[mask, "Is"] = lm.Is
        a["p_sim"] = np.nan
        a.loc[mask, "p_sim"] = lm.p_sim
        a["p_fdr"] = np.nan
        a.loc[mask, "p_fdr"] = lm.p_fdr
        quad = np.array(["ns"] * len(a), dtype=object)
        quad[mask] = lm.quadrant
        a["quadrant"] = quad
        a["quadrant_label"] = [QUADRANT_LABELS[q] for q in quad]
    p(0.95, "Controles")
    warnings += guards.too_few(int(mask.sum()), n_inc)
    warnings += guards.mostly_zeros(yy)
    if method == "gistar":
        warnings += guards.hot_by_neighbours(a["code"], a["name"], y, a["gi_class"].to_numpy())
    else:
        warnings += guards.permutation_floor(lm.permutations, int(mask.sum()), lm.alpha, prm["fdr"])
    base = ["code", "name", "geometry", "count", "population", "rate", "rate_eb"]
    extra = ["z", "p", "p_fdr", "gi_class", "gi_label"] + (["p_sim"] if "p_sim" in a and method == "gistar" else []) \
        if method == "gistar" else ["Is", "p_sim", "p_fdr", "quadrant", "quadrant_label"]
    keep = base + extra + [c for c in ("water", "level", "wijk_code", "year") if c in a.columns]
    p(1.0, "Klaar")
    return HotspotResult(method, gpd.GeoDataFrame(a[keep], crs=RD_NEW), w.summary(), warnings, notes, prm,
                         outside, None, n_inc or 0, assigned)
