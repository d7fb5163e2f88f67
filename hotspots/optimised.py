"""Optimised hot spots: cell size and distance band chosen from the data.

After the workflow of ArcGIS's *Optimized Hot Spot Analysis* (Esri, "How Optimized Hot
Spot Analysis works"), with our own explicit rules, each of which is written down in
Dutch in ``notes`` for the method appendix:

1. **Incident check**: at least 30 incidents with coordinates (else an error), a
   warning under 60; coincident incidents are counted, not removed.
2. **Locational outliers**: an incident whose distance to its nearest non-coincident
   neighbour exceeds the mean of those distances plus three standard deviations is
   an outlier; outliers do not drive the cell size (they are still counted).
3. **Cell size**: the mean nearest-neighbour distance of the non-outliers, rounded up
   to a CBS grid size (100, 250, 500, 1000 m); while more than three quarters of the
   cells in the study area are empty, the next size is taken (at most 1000 m).
4. **Distance band**: global Moran's I (row-standardised, z under randomisation; Cliff &
   Ord 1981) of the cell counts over ten bands of 1..10 cells (fewer when a national grid
   would need more than 30 million neighbour pairs); the first **peak** of
   the z-score (higher than both neighbouring bands and above 1.96) is the scale of
   the clustering. Without a peak, the band with the highest significant z is used;
   without any significant z, the fallback is the mean distance to the 8 nearest cells.
5. **Gi*** on the cells with that binary distance band, FDR-corrected.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from scipy.spatial import cKDTree

from importers.errors import AnalysisError
from importers.progress import as_progress

from .cells import MAX_CELLS, Cells, make_cells
from .getis_ord import GiStar
from .moran import global_moran
from .nl import number, plain
from .weights import Weights, distance_band

SIZES = (100.0, 250.0, 500.0, 1000.0)
MIN_INCIDENTS = 30
WARN_INCIDENTS = 60
BANDS = 10
MAX_EMPTY = 0.75
MAX_PAIRS = 30_000_000


@dataclass
class OptimisedResult:
    cells: Cells
    weights: Weights
    gi: GiStar
    cell: float
    distance: float
    profile: list = field(default_factory=list)  # (distance, Moran's I, z) per band
    outliers: int = 0
    notes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def locational_outliers(x, y) -> tuple[np.ndarray, float]:
    """Mask of outliers (nearest non-coincident neighbour > mean + 3 sd) and the mean NN distance."""
    xy = np.column_stack([x, y])
    uniq, inv = np.unique(xy, axis=0, return_inverse=True)
    if len(uniq) < 3:
        return np.zeros(len(xy), bool), 0.0
    d, _ = cKDTree(uniq).query(uniq, k=2)
    nn = d[:, 1]
    limit = nn.mean() + 3 * nn.std()
    out_u = nn > limit
    mean_nn = float(nn[~out_u].mean())
    return out_u[np.asarray(inv).ravel()], mean_nn


def choose_distance(cells: Cells, progress=None) -> tuple[float, list, str]:
    """Distance band from the first peak of Moran's I z over 1..10 cells (see the module docstring)."""
    p = as_progress(progress)
    xy = cells.frame[["x", "y"]].to_numpy()
    y = cells.frame["count"].to_numpy(float)
    profile = []
    for k in range(1, BANDS + 1):
        if len(y) * np.pi * k * k > MAX_PAIRS and k > 2:  # national grids: keep the neighbour lists in memory
            break
        d = cells.cell * k
        w = distance_band(xy, d, fallback=False)
        gm = global_moran(y, w, "row")
        profile.append((round(cells.cell * k, 1), gm.I, gm.z_rand))
        p(k / BANDS, f"Afstand {plain(cells.cell * k)} m")
    z = np.array([t[2] for t in profile], float)
    for k in range(1, len(z) - 1):
        if z[k] > 1.96 and z[k] > z[k - 1] and z[k] >= z[k + 1]:
            return profile[k][0], profile, (
                f"De ruimtelijke autocorrelatie (Moran's I, z = {number(z[k])}) heeft een eerste piek bij "
                f"{plain(profile[k][0])} m; dat is de afstandsband.")
    zf = np.where(np.isfinite(z), z, -np.inf)
    if zf.max() > 1.96:
        k = int(np.argmax(zf))
        return profile[k][0], profile, (f"Geen piek in de ruimtelijke autocorrelatie gevonden; gekozen is de "
                                        f"afstand met de hoogste z-waarde ({number(z[k])}): {plain(profile[k][0])} m.")
    d8, _ = cKDTree(xy).query(xy, k=min(9, len(xy)))
    fallback = float(d8[:, -1].mean())
    return round(fallback, 1), profile, (
        "Geen significante ruimtelijke autocorrelatie op 1 tot 10 cellen afstand; als terugval is de "
        f"gemiddelde afstand tot de 8 dichtstbijzijnde cellen gekozen: {fallback:.0f} m.")


def run_optimised(x, y, study_area=None, *, shape: str = "square", cell: float | None = None,
                  distance: float | None = None, fdr: bool = True, permutations: int = 0, seed: int = 12345,
                  progress=None, cancelled=None) -> OptimisedResult:
    """Choose cell size and distance band, then Gi* on the cells. ``cell``/``distance`` override the choice."""
    p = as_progress(progress, cancelled)
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    ok = np.isfinite(x) & np.isfinite(y)
    n = int(ok.sum())
    notes, warnings = [], []
    if n < MIN_INCIDENTS:
        raise AnalysisError(f"De geoptimaliseerde hotspotanalyse vraagt minstens {MIN_INCIDENTS} incidenten "
                            f"met coördinaten; er zijn er {n}.")
    notes.append(f"Geoptimaliseerde hotspotanalyse (naar ArcGIS Optimized Hot Spot Analysis) op {n} incidenten.")
    if n < WARN_INCIDENTS:
        warnings.append(f"Met {n} incidenten (minder dan {WARN_INCIDENTS}) is de gekozen schaal onzeker.")
    outlier, mean_nn = locational_outliers(x[ok], y[ok])
    n_out = int(outlier.sum())
    notes.append(f"{n_out} incident(en) liggen ver van alle andere (meer dan 3 standaardafwijkingen boven de "
                 "gemiddelde afstand tot de dichtstbijzijnde buur); zij bepalen de celgrootte niet.")
    p(0.1, "Uitschieters bepaald")
    if cell is None:
        start = next((s for s in SIZES if s >= mean_nn), SIZES[-1])
        notes.append(f"De gemiddelde afstand tussen een incident en het dichtstbijzijnde andere incident is "
                     f"{mean_nn:.0f} m; afgerond naar de CBS-rastermaat {plain(start)} m.")
        xmin, ymin, xmax, ymax = shapely.total_bounds(np.atleast_1d(np.asarray(
            study_area if study_area is not None else shapely.points(x[ok], y[ok]), dtype=object)))
        fits = [s for s in SIZES if s >= start and (xmax - xmin) * (ymax - ymin) / s ** 2 <= MAX_CELLS]
        if not fits:
            raise AnalysisError("Het gebied is te groot voor cellen van 1000 m of kleiner; kies zelf een celgrootte.")
        if fits[0] != start:
            notes.append(f"Bij {plain(start)} m worden het te veel cellen voor dit gebied; "
                         f"begonnen is bij {plain(fits[0])} m.")
        for size in fits:
            cells = make_cells(x, y, size, shape, study_area)
            zero = float((cells.frame["count"] == 0).mean())
            cell = size
            if zero <= MAX_EMPTY:
                break
            if size != fits[-1]:
                notes.append(f"Bij {plain(size)} m is {zero:.0%} van de cellen leeg; daarom een grotere cel.")
        notes.append(f"Gekozen celgrootte: {plain(cell)} m.")
    else:
        cells = make_cells(x, y, cell, shape, study_area)
        notes.append(f"Celgrootte {plain(cell)} m, zelf gekozen.")
    notes.extend(cells.notes)
    p(0.3, "Cellen geteld")
    profile = []
    if distance is None:
        distance, profile, sentence = choose_distance(cells, p.slice(0.3, 0.8))
        notes.append(sentence)
    else:
        notes.append(f"Afstandsband {plain(distance)} m, zelf gekozen.")
    w = distance_band(cells.frame[["x", "y"]].to_numpy(), distance, ids=cells.frame["code"].to_numpy())
    notes.extend(w.notes)
    gi = GiStar(cells.frame["count"].to_numpy(float), w, fdr=fdr, permutations=permutations, seed=seed,
                check=p.check)
    notes.extend(gi.notes())
    p(1.0, "Klaar")
    return OptimisedResult(cells=cells, weights=w, gi=gi, cell=float(cell), distance=float(distance),
                           profile=profile, outliers=n_out, notes=notes, warnings=warnings)
