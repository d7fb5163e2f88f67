"""The Knox test over distance x time bands: near repeats, with Monte Carlo p-values.

For *n* events with places :math:`(x_i, y_i)` and days :math:`d_i` (calendar days), the Knox
count of the distance band *a* and time band *b* is the number of pairs :math:`i < j` with
:math:`\\lVert p_i - p_j \\rVert` in *a* and :math:`|d_i - d_j|` in *b* (Knox 1964). Bands follow
the Near Repeat Calculator (Ratcliffe 2009): with edges 0, 100, 200 m the bands are
"0 tot 100 m" (0 < distance <= 100; with ``same_place`` the pairs at exactly the same place
form their own row) and "100 tot 200 m" (100 < distance <= 200); with edges 0, 7, 14 days,
"0 tot 7 dagen" (0 <= difference <= 7) and "8 tot 14 dagen" (7 < difference <= 14). Pairs
farther apart than the last distance edge form the row ``verder``, later than the last time
edge the column ``later``.

Under the null hypothesis (no space-time interaction) the days are exchangeable among the
places. The **expected** count of a cell is then exact:
:math:`E[N_{ab}] = P_a \\cdot q_b`, with :math:`P_a` the number of pairs in distance band *a*
and :math:`q_b` the share of all :math:`\\binom n2` pairs of days whose difference falls in *b*
(one random pair of distinct days per pair of places). The **Knox ratio** is
:math:`N_{ab}/E[N_{ab}]` (the Near Repeat Calculator divides by the mean of its simulations,
which estimates the same number). The **p-value** is the Monte Carlo one of the Near Repeat
Calculator: the days are permuted over the places *R* times (seeded), and
:math:`p = (1 + \\#\\{r : N^{(r)}_{ab} \\ge N_{ab}\\}) / (R + 1)`, one-sided (more near repeats
than chance).

Only the pairs within the last distance edge are ever formed, from a k-d tree
(:class:`scipy.spatial.cKDTree`); never an n x n matrix. A permutation then costs one pass
over those pairs (two gathers, a subtraction and a count), in chunks that stay in the processor's cache,
with the events labelled in the order of small squares so that both gathers stay local.

>>> import numpy as np
>>> k = knox(np.array([0.0, 50, 1000, 1040]), np.zeros(4), np.array([0, 3, 100, 200]),
...          distances=[100], days=[7], permutations=99, seed=1)
>>> k.row_labels, k.column_labels
(['zelfde plek', '0 tot 100 m', 'verder dan 100 m'], ['0 tot 7 dagen', 'later dan 7 dagen'])
>>> k.observed.tolist()
[[0, 0], [1, 1], [0, 4]]
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from kernel.errors import AnalysisError
from kernel.nl import plain

from hotspots.spacetime.methods import DAYS, DISTANCES  # the declared default bands (re-exported)

#: Pairs per chunk of a permutation (int32 buffers that stay in the cache).
CHUNK = 1 << 15
#: At most this many pairs within the largest distance (the k-d tree's table of them takes 16 bytes a pair).
MAX_PAIRS = 40_000_000


def parse_edges(text, what: str, unit: str) -> np.ndarray:
    """Upper edges from ``"100,200,300"`` (or a list), increasing and above 0; a Dutch error otherwise.

    >>> parse_edges("100, 200,300", "afstanden", "m").tolist()
    [100.0, 200.0, 300.0]
    """
    if isinstance(text, str):
        parts = [t for t in text.replace(";", ",").replace(" ", ",").split(",") if t]
    else:
        parts = list(text)
    try:
        edges = np.array([float(str(t).replace(",", ".")) for t in parts], dtype=float)
    except ValueError:
        raise AnalysisError(f"De {what} '{text}' zijn geen getallen; schrijf bijvoorbeeld 100,200,300.") from None
    if len(edges) > 100:
        raise AnalysisError(f"Te veel {what} ({len(edges)}); kies er hoogstens 100.")
    if len(edges) == 0 or not np.isfinite(edges).all() or (edges <= 0).any() or (np.diff(edges) <= 0).any():
        raise AnalysisError(f"De {what} moeten oplopende getallen boven 0 {unit} zijn (kreeg '{text}').")
    return edges


@dataclass
class KnoxTable:
    """Counts, expectations, ratios and p-values of every distance x time band.

    ``observed``, ``expected``, ``ratio``, ``p`` are arrays (distance rows, time columns); the last row is
    ``verder`` (beyond the last distance edge) and the last column ``later``. ``row_labels`` and
    ``column_labels`` are Dutch; ``simulated`` holds each permutation's counts (R, rows, columns).
    """

    observed: np.ndarray
    expected: np.ndarray
    ratio: np.ndarray
    p: np.ndarray
    simulated: np.ndarray
    distances: np.ndarray
    days: np.ndarray
    same_place: bool
    row_labels: list
    column_labels: list
    pairs: int
    n: int
    permutations: int
    seed: int


def estimated_pairs(x, y, max_distance: float, *, sample: int = 3000, seed: int = 0) -> int:
    """The number of pairs within ``max_distance``, from a random sample of ``sample`` events (exact when
    there are no more): the pairs among the sample scaled by :math:`n(n-1) / (m(m-1))`, an unbiased
    estimate (each pair is in the sample with probability :math:`m(m-1) / (n(n-1))`). It costs a k-d
    tree on ``sample`` points, so a window can say how long a Knox test will take before it starts.
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    n = len(x)
    if n <= sample:
        return len(cKDTree(np.column_stack([x, y])).query_pairs(max_distance * (1 + 1e-12), output_type="ndarray"))
    pick = np.random.default_rng(seed).choice(n, size=sample, replace=False)
    found = len(cKDTree(np.column_stack([x[pick], y[pick]])).query_pairs(max_distance * (1 + 1e-12),
                                                                          output_type="ndarray"))
    return int(round(found * (n * (n - 1.0)) / (sample * (sample - 1.0))))


def close_pairs(x, y, max_distance: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs ``i < j`` within ``max_distance`` (inclusive): int32 i, j and float distances."""
    xy = np.column_stack([x, y])
    pairs = cKDTree(xy).query_pairs(max_distance * (1 + 1e-12), output_type="ndarray")
    if len(pairs) > MAX_PAIRS:
        raise AnalysisError(f"Binnen {plain(max_distance)} m liggen {len(pairs):,} paren incidenten; dat is te veel "
                            "om te toetsen. Kies een kleinere grootste afstand of een kortere periode.")
    i, j = pairs[:, 0].astype(np.int32), pairs[:, 1].astype(np.int32)
    dist = np.hypot(xy[i, 0] - xy[j, 0], xy[i, 1] - xy[j, 1])
    return i, j, dist


def _labels(distances, days, same_place):
    rows = (["zelfde plek"] if same_place else []) + [
        f"{plain(lo)} tot {plain(hi)} m" for lo, hi in zip(np.r_[0, distances[:-1]], distances)] + \
        [f"verder dan {plain(distances[-1])} m"]
    cols = [f"{plain(lo + (1 if k else 0))} tot {plain(hi)} dagen"
            for k, (lo, hi) in enumerate(zip(np.r_[0, days[:-1]], days))] + [f"later dan {plain(days[-1])} dagen"]
    return rows, cols


def day_pair_shares(days: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Number of pairs of events whose day difference is <= each edge (all C(n, 2) pairs, by sorting)."""
    d = np.sort(days)
    idx = np.arange(len(d))
    return np.array([(np.searchsorted(d, d + e, side="right") - idx - 1).sum() for e in edges], dtype=float)


def _band_counts(tau, i, j, row_starts, n_rows, day_bins, n_cols) -> np.ndarray:
    """The count table of one assignment of days ``tau`` to the places (rows without ``verder``).

    ``day_bins`` maps every possible day difference (0 to the span of the data) to its column. The
    signed difference ``tau[i] - tau[j] + span`` (never negative) is counted, and the two signs folded.
    """
    span = len(day_bins) - 1
    shifted = tau - np.int32(span)
    out = np.zeros((n_rows, n_cols), dtype=np.int64)
    a = np.empty(CHUNK, dtype=np.int32)
    b = np.empty(CHUNK, dtype=np.int32)
    for r in range(n_rows):
        lo, hi = row_starts[r], row_starts[r + 1]
        signed = np.zeros(2 * span + 1, dtype=np.int64)
        for s in range(lo, hi, CHUNK):
            m = min(CHUNK, hi - s)
            np.take(tau, i[s:s + m], out=a[:m])
            np.take(shifted, j[s:s + m], out=b[:m])
            np.subtract(a[:m], b[:m], out=a[:m])
            counts = np.bincount(a[:m])
            signed[:len(counts)] += counts
        hist = signed[span:].copy()
        hist[1:] += signed[:span][::-1]
        out[r] = np.bincount(day_bins, weights=hist, minlength=n_cols)[:n_cols]
    return out


def knox(x, y, day, *, distances=DISTANCES, days=DAYS, same_place: bool = True, permutations: int = 999,
         seed: int = 12345, check=None, progress=None) -> KnoxTable:
    """The Knox table of events at ``x``, ``y`` (metres) on ``day`` (integer calendar days).

    ``distances`` (metres) and ``days`` are the upper band edges; ``check()`` is called between
    permutations (it raises to cancel) and ``progress(fraction)`` reports.
    """
    days_edges = np.asarray(days, dtype=float)
    distances = np.asarray(distances, dtype=float)
    t = np.asarray(day, dtype=np.int64)
    n = len(t)
    if n < 3:
        raise AnalysisError(f"De Knox-toets vraagt minstens 3 incidenten (nu {n}).")
    t = (t - t.min()).astype(np.int32)
    x, y = np.asarray(x, float), np.asarray(y, float)
    # the events in the order of small squares (neighbours get nearby labels, so the gathers of a
    # permutation stay in the cache); the days are permuted in the input's order, then relabelled
    cell = distances[-1]
    order = np.lexsort((np.floor(x / cell), np.floor(y / cell)))
    i, j, dist = close_pairs(x[order], y[order], distances[-1])
    # distance band of each pair: 0 = same place (when asked), then (0, d1], (d1, d2], ...
    band = (np.searchsorted(distances, dist, side="left") + (1 if same_place else 0)).astype(np.int8)
    if same_place:
        band[dist == 0] = 0
    del dist
    by = np.lexsort((j, i, band))  # by band, then along the labels
    i, j, band = i[by], j[by], band[by]
    del by
    n_rows = len(distances) + (1 if same_place else 0)
    row_starts = np.searchsorted(band, np.arange(n_rows + 1))
    # time band of every day difference 0..span: 0 = [0, e1], 1 = (e1, e2], ..., last = later
    day_bins = np.searchsorted(np.floor(days_edges), np.arange(int(t.max()) + 1), side="left")
    n_cols = len(days_edges) + 1
    observed_in = _band_counts(t[order], i, j, row_starts, n_rows, day_bins, n_cols)
    total_pairs = n * (n - 1) / 2
    within = day_pair_shares(t, np.floor(days_edges))  # all pairs with difference <= each edge
    per_col = np.diff(np.r_[0.0, within, total_pairs])  # all pairs per time column (fixed under permutation)
    q = per_col / total_pairs
    rows_pairs = np.diff(row_starts).astype(float)
    expected_in = rows_pairs[:, None] * q[None, :]
    beyond = total_pairs - rows_pairs.sum()
    observed = np.vstack([observed_in, per_col - observed_in.sum(axis=0)])
    expected = np.vstack([expected_in, beyond * q])
    rng = np.random.default_rng(seed)
    sims = np.empty((permutations,) + observed.shape, dtype=np.int64)
    for r in range(permutations):
        if check is not None:
            check()
        s_in = _band_counts(t[rng.permutation(n)][order], i, j, row_starts, n_rows, day_bins, n_cols)
        sims[r, :-1] = s_in
        sims[r, -1] = per_col - s_in.sum(axis=0)
        if progress is not None and r % 10 == 9:
            progress((r + 1) / permutations)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(expected > 0, observed / expected, np.nan)
    p = (1.0 + (sims >= observed[None]).sum(axis=0)) / (permutations + 1.0)
    rows, cols = _labels(distances, days_edges, same_place)
    return KnoxTable(observed=observed.astype(np.int64), expected=expected, ratio=ratio, p=p, simulated=sims,
                     distances=distances, days=days_edges, same_place=same_place, row_labels=rows,
                     column_labels=cols, pairs=len(i), n=n, permutations=permutations, seed=seed)
