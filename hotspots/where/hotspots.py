"""Hot spots, one entry point: ``run(inputs, params)`` (the declared shape, :data:`HOTSPOTS`), or
``run_hotspots(areas, incidents=..., counts=..., value=..., params=...)`` on frames.

The parameters are declared once in :data:`HOTSPOTS` (:mod:`hotspots.where.methods`, Dutch labels
and help); the desktop form and ``wijkbeeld hotspots`` are generated from it. Methods:

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
from kernel.schema import RD_NEW, check_areas

from hotspots.where import guards
from hotspots.categories import choose_counts_category, incidents_of_category
from hotspots.levels import parent_codes, wijk_names
from hotspots.where.assign import AssignResult, area_codes, ensure_assigned
from hotspots.where.cells import cell_names, make_cells
from hotspots.where.getis_ord import CLASS_LABELS, GiStar
from hotspots.where.kde import KdeResult, kde_surface
from hotspots.where.moran import QUADRANT_LABELS, LocalMoran
from kernel.nl import listing, number
from hotspots.where.optimised import run_optimised
from hotspots.where.methods import HOTSPOTS, METHOD_PARAMS, METHODS
from hotspots.where.rates import compute_rates
from hotspots.where.weights import distance_band, from_spec, knn

#: The declaration (:data:`HOTSPOTS`, its METHODS and METHOD_PARAMS) lives in :mod:`hotspots.where.methods`.
__all__ = ["HOTSPOTS", "METHODS", "METHOD_PARAMS", "HotspotResult", "run", "run_hotspots"]


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
    #: No classes shown: too few incidents (:func:`hotspots.where.guards.withhold_classes`); z and p computed.
    withheld: bool = False

    def table(self) -> pd.DataFrame:
        """The result per area or cell without geometry (for JSON, CSV, XLSX)."""
        return pd.DataFrame(self.areas.drop(columns="geometry"))

    def to_dict(self) -> dict:
        """Plain JSON-ready data (what ``wijkbeeld hotspots --json`` prints): the columns of the method per
        area or cell (Gi*: ``class`` and ``label``), the weights summary, and the heat surface's grid."""
        t = self.table()
        if self.method == "lisa":
            cols = ["code", "name", "count", "rate", "rate_eb", "Is", "p_sim", "p_fdr", "quadrant", "quadrant_label"]
            rows = t[[c for c in cols if c in t.columns]].to_dict(orient="records")
        elif self.method == "kde":
            rows = t[["code", "name", "count"]].to_dict(orient="records")
        else:
            cols = ["code", "name", "count", "population", "rate", "rate_eb", "z", "p", "p_fdr", "p_sim",
                    "gi_class", "gi_label"]
            rows = t[[c for c in cols if c in t.columns]].rename(
                columns={"gi_class": "class", "gi_label": "label"}).to_dict(orient="records")
        out = {"method": self.method, "params": self.params, "incidents": self.incidents,
               "outside": self.outside, "weights": self.weights_summary, "warnings": self.warnings,
               "notes": self.notes, "areas": rows}
        if self.surface is not None:
            s = self.surface
            out["surface"] = {"rows": s.grid.shape[0], "columns": s.grid.shape[1], "x0": s.x0, "y0": s.y0,
                              "cell": s.cell, "bandwidth": s.bandwidth, "kernel": s.kernel,
                              "unit": "incidenten per km²", "max": float(s.grid.max()) if s.grid.size else 0.0}
        return out


def _prepare_areas(areas, notes) -> gpd.GeoDataFrame:
    if areas is None or len(areas) == 0:
        raise AnalysisError("Er zijn geen gebieden om te analyseren.")
    a = check_areas(areas, notes).copy()
    a["code"] = area_codes(a)
    if "name" not in a.columns:
        a["name"] = a["code"]
    if "population" not in a.columns:
        a["population"] = np.nan
    if "water" not in a.columns:
        a["water"] = False
    a["water"] = a["water"].fillna(False).astype(bool)
    if "wijk_name" not in a.columns:
        names = wijk_names(a)
        if names:  # a buurt file's own wijk names (Amsterdam's 'Wijk'): kept, so the maps name the wijken
            a["wijk_name"] = pd.array(parent_codes(a, "wijk").map(names).to_numpy(), dtype="string")
    return a.reset_index(drop=True)


def _assign(incidents, a, assigned, progress) -> AssignResult:
    """The incidents' areas: ``assigned`` itself when it is an :class:`AssignResult` (on these areas),
    from their ``area`` column when ``assigned`` is true, else located with the spatial index."""
    if isinstance(assigned, AssignResult):
        return assigned
    return ensure_assigned(incidents, a, reuse=bool(assigned), progress=progress)


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
        values = pd.to_numeric(counts["count"], errors="coerce")
        no_area = (counts["code"].isna() | (counts["code"].astype("string").str.strip() == "")).to_numpy(bool)
        names = counts["name"][no_area].dropna().astype(str).unique() if "name" in counts.columns else []
        unplaced = (f"{int(no_area.sum())} rij(en) uit de tellingen zonder gebied (samen "
                    f"{number(values[no_area].sum(), 0, thousands=True)})")
        unjoined = f"; hun namen zijn aan geen gebied gekoppeld: {listing(names, 8)}" if len(names) else ""
        per = values[~no_area].groupby(area_codes(counts[~no_area])).sum()
        unknown = sorted(set(per.index) - set(a["code"]))
        inside = per.reindex(a["code"]).fillna(0)
        if len(counts) and not per.index.isin(a["code"]).any():  # no row is an area's: no map of zeros
            codes = f"; codes die niet in de gebiedenlaag staan: {listing(unknown, 8)}" if unknown else ""
            raise AnalysisError("Geen enkele telling hoort bij een van de gebieden"
                                + (f": {unplaced}{unjoined}" if no_area.any() else "") + codes
                                + ". Kies tellingen op het niveau van de gebieden (buurt of wijk) of andere grenzen.")
        if no_area.any():  # a name the reader could not join to an area (a police label export): said, not dropped
            warnings.append(f"{unplaced} tellen niet mee{unjoined}.")
        from kernel.cbs import level_of_code

        levels = {level_of_code(c) for c in a["code"]}
        coarser = {"buurt": ("wijk", "gemeente"), "wijk": ("gemeente",)}
        wider = {lv for own_level in levels for lv in coarser.get(own_level, ())} - levels
        totals = [c for c in unknown if level_of_code(c) in wider]  # a gemeente's or wijk's total: no data lost
        lost = [c for c in unknown if level_of_code(c) not in wider]
        if totals:
            notes.append(f"{len(totals)} code(s) met totalen per {' of '.join(sorted(wider))} zijn niet als "
                         f"{' of '.join(sorted(levels - {None}))} geteld; dat zijn geen ontbrekende gegevens: "
                         + listing(totals, 8).rstrip(".") + ".")
        if lost:
            warnings.append(f"{len(lost)} code(s) uit de tellingen komen niet voor in de gebiedenlaag en tellen "
                            f"niet mee: {listing(lost, 8)}.")
        missing = ~a["code"].isin(per.index)
        if missing.any():
            named = a["name"][missing].fillna(a["code"][missing]).astype(str)
            notes.append(f"{int(missing.sum())} gebied(en) staan niet in de tellingen; voor hen is 0 aangenomen: "
                         f"{listing(named, 8)}.")
        # what counts is the areas' own: a gemeente or wijk total beside its buurten is no incident more, and a
        # count of a place at the areas' level that the layer lacks (or of no place) is outside every area
        from kernel.cbs import level_of_code

        own = {level_of_code(c) for c in a["code"]}
        elsewhere = [c for c in unknown if level_of_code(c) in own or level_of_code(c) is None]
        outside = per.reindex(elsewhere).sum() + values[no_area].sum()
        return inside.to_numpy(float), int(round(outside)), int(round(inside.sum())), None
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


def _gi_columns(frame, gi: GiStar, mask, withheld: bool = False) -> None:
    """Gi*'s columns in ``frame`` (rows ``mask``); ``withheld``: every class 0 (too few incidents, see
    :func:`hotspots.where.guards.withhold_classes`), z and p kept."""
    for col, vals in (("z", gi.z), ("p", gi.p), ("p_fdr", gi.p_fdr)):
        frame[col] = np.nan
        frame.loc[mask, col] = vals
    cls = np.zeros(len(frame), dtype=np.int64)
    cls[mask] = 0 if withheld else gi.classes
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


def of_category(inputs, category: str):
    """``inputs`` with only the incidents of ``category`` (case and spaces ignored; a Dutch
    :class:`AnalysisError` when none), the same object when every incident is of that category."""
    chosen = incidents_of_category(inputs.incidents, category)
    return inputs if len(chosen) == len(inputs.incidents) else inputs.with_(incidents=chosen)


def run(inputs, params: dict | None = None, progress=None, cancelled=None) -> HotspotResult:
    """The declared shape (:data:`HOTSPOTS`): hot spots of :class:`hotspots.inputs.Inputs`.

    The incidents are located once (:meth:`hotspots.inputs.Inputs.assignment`; the run of
    :mod:`hotspots.run` shares that with hot times and trends); ``inputs.value`` tests a
    column of the areas instead.
    """
    p = as_progress(progress, cancelled)
    category = (params or {}).get("category")
    if inputs.incidents is not None and category is not None and inputs.value is None:
        inputs = of_category(inputs, category)  # chosen before the incidents are located: one assignment
    assignment = None
    if inputs.incidents is not None and inputs.value is None:
        assignment = inputs.assignment(progress=p.slice(0.0, 0.4))
    return run_hotspots(inputs.areas, incidents=inputs.incidents, counts=inputs.counts, value=inputs.value,
                        params=params, progress=p.slice(0.4 if assignment is not None else 0.0, 1.0),
                        assigned=assignment if assignment is not None else False)


def run_hotspots(areas, *, incidents=None, counts=None, value=None, params=None, progress=None,
                 cancelled=None, assigned: bool | AssignResult = False, withheld: bool | None = None) -> HotspotResult:
    """Run the chosen hot-spot method; see the module docstring and :data:`HOTSPOTS`.

    ``assigned``: an :class:`~hotspots.where.assign.AssignResult` of these incidents on these
    areas (in their order), or True when the incidents' ``area`` column already holds their
    area codes in ``areas`` (from :func:`hotspots.where.assign.assign_points` on the same areas,
    as the Inzetplanner passes them on), so they are not located again
    (:func:`hotspots.where.assign.ensure_assigned`). By default they are always located.

    ``withheld`` (Gi* and local Moran's I): whether the classes are withheld, when an earlier run of the same
    incidents decided it (:func:`mapping.protect.restat` tests the published counts of a run as a value column);
    None: from the incidents (:func:`hotspots.where.guards.withhold_classes`).
    """
    prm = HOTSPOTS.validate(params or {})
    p = as_progress(progress, cancelled)
    method = prm["method"]
    notes: list[str] = []
    warnings: list[str] = []
    a = _prepare_areas(areas, notes)
    if incidents is not None and prm["category"] is not None and value is None:
        chosen = incidents_of_category(incidents, prm["category"])
        if len(chosen) < len(incidents):
            if isinstance(assigned, AssignResult):  # located before the choice: keep their areas
                chosen, assigned = incidents_of_category(assigned.incidents, prm["category"]), True
            incidents = chosen
    if "year" in a.columns:  # the figures' years are read only when there is something to compare them with
        warnings += guards.year_mismatch(a["year"], _figure_years(incidents, counts))
    if method in ("gistar", "lisa"):
        return _by_area(a, incidents, counts, value, prm, p, notes, warnings, assigned, withheld)
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
    frame["name"] = cell_names(frame, a)  # "Binnenstad-Zuid, cel 3" instead of the cell's code
    frame["population"] = np.nan
    frame["rate"] = np.nan
    frame["rate_eb"] = np.nan
    withheld = guards.withhold_classes(int(inside.sum()))
    _gi_columns(frame, gi, np.ones(len(frame), bool), withheld=withheld)
    warnings += guards.too_few(len(frame), int(inside.sum()), "cellen", classes=True)
    warnings += guards.mostly_zeros(frame["count"], "cellen")
    warnings += guards.hot_by_neighbours(frame["code"], frame["name"], frame["count"], frame["gi_class"])
    cols = ["code", "name", "geometry", "count", "population", "rate", "rate_eb", "z", "p", "p_fdr",
            "gi_class", "gi_label"] + (["p_sim"] if "p_sim" in frame else []) + ["x", "y"]
    p(1.0, "Klaar")
    return HotspotResult(method, gpd.GeoDataFrame(frame[cols], crs=RD_NEW), w.summary(), warnings, notes, prm,
                         r.outside, None, len(incidents), r.incidents, withheld)


def _by_area(a, incidents, counts, value, prm, p, notes, warnings, has_area=False, withheld=None) -> HotspotResult:
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
    if withheld is None:
        withheld = guards.withhold_classes(n_inc if value is None else None)
    if method == "gistar":
        gi = GiStar(yy, w, transform=prm["transform"], fdr=prm["fdr"], permutations=prm["permutations"],
                    seed=prm["seed"], check=p.check)
        notes.extend(gi.notes())
        _gi_columns(a, gi, mask, withheld=withheld)
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
        if not withheld:
            quad[mask] = lm.quadrant
        a["quadrant"] = quad
        a["quadrant_label"] = [QUADRANT_LABELS[q] for q in quad]
    p(0.95, "Controles")
    warnings += guards.too_few(int(mask.sum()), n_inc, classes=True)
    warnings += guards.mostly_zeros(yy)
    if method == "gistar":
        warnings += guards.hot_by_neighbours(a["code"], a["name"], y, a["gi_class"].to_numpy())
    else:
        warnings += guards.permutation_floor(lm.permutations, int(mask.sum()), lm.alpha, prm["fdr"])
    base = ["code", "name", "geometry", "count", "population", "rate", "rate_eb"]
    extra = ["z", "p", "p_fdr", "gi_class", "gi_label"] + (["p_sim"] if "p_sim" in a and method == "gistar" else []) \
        if method == "gistar" else ["Is", "p_sim", "p_fdr", "quadrant", "quadrant_label"]
    keep = base + extra + [c for c in ("water", "level", "wijk_code", "wijk_name", "year") if c in a.columns]
    p(1.0, "Klaar")
    return HotspotResult(method, gpd.GeoDataFrame(a[keep], crs=RD_NEW), w.summary(), warnings, notes, prm,
                         outside, None, n_inc or 0, assigned, withheld)
