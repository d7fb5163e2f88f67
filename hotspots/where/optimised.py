"""Optimised hot spots: cell size and distance band chosen from the data.

After ArcGIS's *Optimized Hot Spot Analysis* (Esri, "How Optimized Hot Spot Analysis
works"; the rules below follow the tool's published Python source, ArcGIS 10.1.2,
``OptimizedHotSpotAnalysis.py`` and ``MoransI_Increment.py``). Each choice is written
down in Dutch in ``notes`` for the method appendix; where we deviate, the reason is
given here.

1. **Incident check**: at least 30 incidents with coordinates inside a study area, 60
   without one (ArcGIS doubles the minimum for a fishnet without bounding polygons);
   a warning under 60. Coincident incidents are counted, not removed.
2. **Locational outliers**: an incident location whose distance to its nearest
   non-coincident neighbour exceeds the mean of those distances plus three standard
   deviations; outliers do not drive the cell size (they are still counted).
3. **Cell size** (ArcGIS: the larger of the mean and the median nearest-neighbour
   distance between distinct incident locations, times the larger of 2 and their
   ratio), **rounded up to a CBS grid size** (100, 250, 500, 1000 m) so cells line up
   with CBS *vierkantstatistieken*; a larger size only when the area would need too
   many cells. (An earlier rule of ours, a larger cell while more than 75% of the cells
   are empty, is gone: in a municipality with farmland it made the cells coarse
   because of the boundary, not because of the incidents.)
4. **Cells kept**: with a study area, every cell that shares more than a boundary with
   it, empty cells included (ArcGIS keeps all cells intersecting the bounding
   polygons); without one, only cells with at least one incident (as ArcGIS).
5. **Distance band** by incremental spatial autocorrelation: global Moran's I
   (row-standardised, z under randomisation; Cliff & Ord 1981) of the cell counts
   over ten bands, starting at the distance that gives every cell a neighbour and
   growing by the mean nearest-neighbour distance between cells; when the last band
   would exceed the standard distance of the cells, the ten bands are spread evenly
   up to that standard distance (as ArcGIS). The **first peak** (higher than both
   adjacent bands, z above 1.65 as in ArcGIS) is the scale; otherwise the highest
   peak; without a peak the mean distance to the *k* nearest cells with
   k = 5% of the cells, at least 3 and at most 30, but not beyond the standard
   distance (ArcGIS's fallback). (Before, a missing peak gave the band with the
   highest z, which on a rising profile is the widest band: heavy smoothing.)
6. **Gi*** on the cells with that binary distance band, FDR-corrected.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from scipy.spatial import cKDTree

from kernel.errors import AnalysisError
from kernel.progress import as_progress

from hotspots.where.cells import MAX_CELLS, Cells, make_cells
from hotspots.where.getis_ord import GiStar
from hotspots.where.moran import global_moran
from kernel.nl import number, plain
from hotspots.where.weights import Weights, distance_band

SIZES = (100.0, 250.0, 500.0, 1000.0)
MIN_INCIDENTS = 30
WARN_INCIDENTS = 60
BANDS = 10
PEAK_Z = 1.65  # ArcGIS's level filter for a peak of Moran's I z
KNN_SHARE, KNN_MIN, KNN_MAX = 0.05, 3, 30
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


def _nearest(x, y):
    """Distance of each distinct location to its nearest other one, and location per point."""
    xy = np.column_stack([x, y])
    uniq, inv = np.unique(xy, axis=0, return_inverse=True)
    if len(uniq) < 3:
        return None, np.asarray(inv).ravel()
    d, _ = cKDTree(uniq).query(uniq, k=2)
    return d[:, 1], np.asarray(inv).ravel()


def _inliers(nn: np.ndarray) -> np.ndarray:
    """Not a locational outlier: a nearest-neighbour distance of at most the mean plus 3 standard deviations."""
    return nn <= nn.mean() + 3 * nn.std()


def locational_outliers(x, y) -> tuple[np.ndarray, float]:
    """Mask of outliers (nearest non-coincident neighbour > mean + 3 sd) and the mean NN distance."""
    nn, inv = _nearest(x, y)
    if nn is None:
        return np.zeros(len(inv), bool), 0.0
    out_u = ~_inliers(nn)
    return out_u[inv], float(nn[~out_u].mean())


def cell_scale(x, y) -> tuple[float, float, float]:
    """ArcGIS's fishnet size: max(mean, median) NN distance times max(2, their ratio); outliers left out.

    Returns ``(size, mean, median)`` in metres.

    >>> cell_scale([0, 10, 20, 30, 40], [0, 0, 0, 0, 0])
    (20.0, 10.0, 10.0)
    """
    nn, _ = _nearest(np.asarray(x, float), np.asarray(y, float))
    if nn is None or not (nn > 0).any():
        return 0.0, 0.0, 0.0
    nn = nn[_inliers(nn)]
    mean, median = float(nn.mean()), float(np.median(nn))
    big, small = max(mean, median), min(mean, median)
    return big * max(2.0, big / small if small > 0 else 2.0), mean, median


def standard_distance(xy) -> float:
    """Standard distance of points: :math:`\\sqrt{\\sum_i (x_i-\\bar x)^2 + (y_i-\\bar y)^2) / n}`."""
    xy = np.asarray(xy, float)
    return float(np.sqrt(((xy - xy.mean(axis=0)) ** 2).sum() / len(xy)))


def knn_distance(xy) -> tuple[float, int, float]:
    """ArcGIS's fallback band: mean distance to the k-th nearest cell, k = 5% of n in [3, 30], at most 1 SD.

    Returns ``(distance, k, standard_distance)``.
    """
    n = len(xy)
    k = int(min(max(int(n * KNN_SHARE), KNN_MIN), KNN_MAX, n - 1))
    d, _ = cKDTree(xy).query(xy, k=[k + 1])  # only the k-th neighbour (itself is the first): memory n, not n*k
    sd = standard_distance(xy)
    return min(float(d.mean()), sd), k, sd


def bands(xy) -> np.ndarray:
    """Ten band distances: from the distance that gives every cell a neighbour, by the mean NN distance.

    Spread evenly up to the standard distance when they would pass it (ArcGIS's
    incremental spatial autocorrelation with default settings).
    """
    d, _ = cKDTree(xy).query(xy, k=2)
    nn = d[:, 1]
    keep = _inliers(nn)  # locational outliers do not set the start
    start, step = float(nn[keep].max()), float(nn[keep].mean())
    cut = start + step * np.arange(BANDS)
    sd = standard_distance(xy)
    if cut[-1] > sd > start:
        cut = np.linspace(start, sd, BANDS)
    return cut


def choose_distance(cells: Cells, progress=None) -> tuple[float, list, str]:
    """Distance band from the first peak of Moran's I z (see the module docstring)."""
    p = as_progress(progress)
    xy = cells.frame[["x", "y"]].to_numpy()
    y = cells.frame["count"].to_numpy(float)
    profile = []
    cut = bands(xy)
    for i, d in enumerate(cut):
        if len(y) * np.pi * (d / cells.cell) ** 2 > MAX_PAIRS and i > 2:  # national grids: memory
            break
        w = distance_band(xy, d, fallback=False)
        gm = global_moran(y, w, "row")
        profile.append((round(float(d), 1), gm.I, gm.z_rand))
        p((i + 1) / BANDS, f"Afstand {plain(d)} m")
    z = np.array([t[2] for t in profile], float)
    zf = np.where(np.isfinite(z), z, -np.inf)
    peaks = [k for k in range(1, len(z) - 1) if zf[k] > PEAK_Z and zf[k] > zf[k - 1] and zf[k] > zf[k + 1]]
    span = (f"Moran's I (rijgestandaardiseerd) is berekend voor {len(profile)} afstanden van "
            f"{plain(profile[0][0])} tot {plain(profile[-1][0])} m.")
    if peaks:
        k = peaks[0]
        return profile[k][0], profile, (
            f"{span} De z-waarde heeft een eerste piek (boven {number(PEAK_Z)}) bij {plain(profile[k][0])} m "
            f"(z = {number(z[k])}); dat is de afstandsband.")
    d, k, sd = knn_distance(xy)
    capped = " (begrensd op de standaardafstand van de cellen)" if d >= sd else ""
    return round(d, 1), profile, (
        f"{span} De z-waarde heeft daarin geen piek; als terugval (zoals ArcGIS) is de gemiddelde afstand "
        f"tot de {k} dichtstbijzijnde cellen gekozen{capped}: {plain(round(d, 1))} m.")


def _only_counted(cells: Cells) -> Cells:
    """Keep only the cells with at least one incident (ArcGIS without bounding polygons)."""
    keep = cells.frame["count"].to_numpy() > 0
    row = np.full(len(keep), -1, dtype=np.int64)
    row[keep] = np.arange(int(keep.sum()))
    index = np.where(cells.index >= 0, row[np.maximum(cells.index, 0)], -1)
    frame = cells.frame.loc[keep].reset_index(drop=True)
    return Cells(frame=frame, index=index, shape=cells.shape, cell=cells.cell, notes=cells.notes + [
        f"Zonder studiegebied tellen alleen de {len(frame)} cellen met minstens één incident mee (zoals ArcGIS)."])


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
    need = MIN_INCIDENTS if study_area is not None else 2 * MIN_INCIDENTS
    if n < need:
        raise AnalysisError(f"De geoptimaliseerde hotspotanalyse vraagt minstens {need} incidenten "
                            f"met coördinaten{'' if study_area is not None else ' (zonder studiegebied)'}; "
                            f"er zijn er {n}.")
    notes.append(f"Geoptimaliseerde hotspotanalyse (naar ArcGIS Optimized Hot Spot Analysis) op {n} incidenten.")
    if n < WARN_INCIDENTS:
        warnings.append(f"Met {n} incidenten (minder dan {WARN_INCIDENTS}) is de gekozen schaal onzeker.")
    outlier, _ = locational_outliers(x[ok], y[ok])
    n_out = int(outlier.sum())
    notes.append(f"{n_out} incident(en) liggen ver van alle andere (meer dan 3 standaardafwijkingen boven de "
                 "gemiddelde afstand tot de dichtstbijzijnde buur); zij bepalen de celgrootte niet.")
    p(0.1, "Uitschieters bepaald")
    if cell is None:
        scale, mean_nn, median_nn = cell_scale(x[ok], y[ok])
        start = next((s for s in SIZES if s >= scale), SIZES[-1])
        notes.append(f"Afstand tussen een incidentlocatie en de dichtstbijzijnde andere: gemiddeld {mean_nn:.0f} m, "
                     f"mediaan {median_nn:.0f} m; de grootste keer max(2, hun verhouding) geeft {scale:.0f} m "
                     f"(de regel van ArcGIS), naar boven afgerond op de CBS-rastermaat {plain(start)} m.")
        xmin, ymin, xmax, ymax = shapely.total_bounds(np.atleast_1d(np.asarray(
            study_area if study_area is not None else shapely.points(x[ok], y[ok]), dtype=object)))
        fits = [s for s in SIZES if s >= start and (xmax - xmin) * (ymax - ymin) / s ** 2 <= MAX_CELLS]
        if not fits:
            raise AnalysisError("Het gebied is te groot voor cellen van 1000 m of kleiner; kies zelf een celgrootte.")
        if fits[0] != start:
            notes.append(f"Bij {plain(start)} m worden het te veel cellen voor dit gebied; "
                         f"gekozen is {plain(fits[0])} m.")
        cell = fits[0]
        notes.append(f"Gekozen celgrootte: {plain(cell)} m.")
    else:
        notes.append(f"Celgrootte {plain(cell)} m, zelf gekozen.")
    cells = make_cells(x, y, cell, shape, study_area)
    if study_area is None:
        cells = _only_counted(cells)
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
    s = w.summary()
    notes.append(f"Met deze afstandsband heeft een cel gemiddeld {number(s['neighbours_mean'])} buren "
                 f"(minimaal {s['neighbours_min']}, maximaal {s['neighbours_max']}).")
    gi = GiStar(cells.frame["count"].to_numpy(float), w, fdr=fdr, permutations=permutations, seed=seed,
                check=p.check)
    notes.extend(gi.notes())
    p(1.0, "Klaar")
    return OptimisedResult(cells=cells, weights=w, gi=gi, cell=float(cell), distance=float(distance),
                           profile=profile, outliers=n_out, notes=notes, warnings=warnings)
