"""Shared significance tests: FDR correction, confidence classes, conditional permutations, Mann-Kendall.

Benjamini-Hochberg
    For m p-values sorted ascending :math:`p_{(1)} \\le \\dots \\le p_{(m)}`, the adjusted
    value is :math:`\\tilde p_{(i)} = \\min_{j \\ge i} \\min(1, m\\,p_{(j)}/j)`; rejecting where
    :math:`\\tilde p \\le \\alpha` controls the false discovery rate at :math:`\\alpha`
    (Benjamini & Hochberg 1995, *JRSS B* 57:289-300). ArcGIS's "False Discovery Rate
    correction" of Hot Spot Analysis is this procedure.

Poisson upper tail
    :math:`P(X \\ge o)`, :math:`X \\sim \\mathrm{Poisson}(E)`, continuous in *o*
    through the regularised lower incomplete gamma function
    :math:`P(X \\ge o) = \\gamma(o, E)/\\Gamma(o)` (``scipy.special.gammainc``): exactly the
    Poisson tail at whole numbers, monotone in between and 1 at ``o = 0``, so aoristic
    (fractional) counts need no rounding (see :mod:`hotspots.when.hottimes`).

Conditional permutations
    For each area *i* its own value stays, the other n-1 values are shuffled and
    *k_i* of them are put on its neighbours (Anselin 1995). The draws follow esda's
    convention exactly (``esda.crand``): one table of ``permutations`` rows, each
    ``RandomState(seed).choice(n - 1, max_k, replace=False)``, shared by all areas,
    indexing the values with area *i* left out; so for the same seed the
    pseudo p-values equal esda's. The "directed" pseudo p-value is
    :math:`(\\min(L, P - L) + 1)/(P + 1)` with *L* the number of draws at or above
    the observed statistic and *P* the number of permutations (a one-sided test in
    the direction of the observed value, as esda's ``p_sim``).

>>> benjamini_hochberg([0.01, 0.04, 0.03, 0.5]).round(3).tolist()
[0.04, 0.053, 0.053, 0.5]
>>> benjamini_hochberg([0.01, 0.04, 0.03, np.nan]).round(3).tolist()
[0.03, 0.04, 0.04, nan]
"""
from __future__ import annotations

import numpy as np
from scipy import sparse, special, stats

from kernel.errors import AnalysisError

#: (class, two-sided alpha) from strongest to weakest, as ArcGIS's Gi_Bin.
LEVELS = ((3, 0.01), (2, 0.05), (1, 0.10))


def check_local_inputs(y: np.ndarray, w: sparse.spmatrix, statistic: str) -> None:
    """Raise :class:`AnalysisError` (Dutch) unless a local statistic can use ``y`` on ``w``.

    >>> check_local_inputs(np.array([1.0, 2.0]), sparse.eye(2, format="csr"), "Gi*")
    Traceback (most recent call last):
    ...
    kernel.errors.AnalysisError: Gi* vraagt minstens 3 gebieden.
    """
    n = len(y)
    if w.shape[0] != n:
        raise AnalysisError(f"Er zijn {n} waarden maar {w.shape[0]} gebieden in de burenlijst.")
    if n < 3:
        raise AnalysisError(f"{statistic} vraagt minstens 3 gebieden.")
    if not np.isfinite(y).all():
        raise AnalysisError(f"{statistic} kan niet rekenen met ontbrekende waarden; "
                            "vul ze of laat die gebieden weg.")


def benjamini_hochberg(p) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (NaN stays NaN and does not count in m)."""
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    q = p[ok]
    m = q.size
    if m == 0:
        return out
    order = np.argsort(q, kind="stable")
    ranked = q[order] * m / np.arange(1, m + 1)
    adj = np.minimum(1.0, np.minimum.accumulate(ranked[::-1])[::-1])
    res = np.empty(m)
    res[order] = adj
    out[ok] = res
    return out


def poisson_upper(observed, expected) -> np.ndarray:
    """:math:`P(X \\ge o)`, :math:`X \\sim \\mathrm{Poisson}(E)`, continuous in ``o``; NaN where ``E <= 0``.

    >>> from scipy import stats
    >>> bool(np.isclose(poisson_upper(3, 1.0), stats.poisson.sf(2, 1.0)))
    True
    """
    o = np.asarray(observed, dtype=float)
    e = np.asarray(expected, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(o <= 0, 1.0, special.gammainc(np.maximum(o, 1e-300), e))
    return np.where(e > 0, np.clip(p, 0.0, 1.0), np.nan)


def confidence_classes(z, p) -> np.ndarray:
    """3/2/1 hot at 99/95/90% confidence, -1/-2/-3 cold, 0 not significant (NaN: 0)."""
    z = np.asarray(z, dtype=float)
    p = np.asarray(p, dtype=float)
    out = np.zeros(z.shape, dtype=np.int64)
    sign = np.sign(np.nan_to_num(z))
    for cls, alpha in LEVELS[::-1]:
        hit = np.nan_to_num(p, nan=1.0) <= alpha
        out[hit] = (cls * sign[hit]).astype(np.int64)
    return out


def permuted_ids(n: int, max_k: int, permutations: int, seed: int) -> np.ndarray:
    """esda's table of random neighbour draws: (permutations, max_k) indices into n-1 values."""
    rng = np.random.RandomState(seed)
    max_k = int(min(max(max_k, 1), n - 1))
    out = np.empty((permutations, max_k), dtype=np.int64)
    for r in range(permutations):
        out[r] = rng.choice(n - 1, size=max_k, replace=False)
    return out


def permuted_lags(values: np.ndarray, w: sparse.csr_matrix, permutations: int, seed: int,
                  chunk: int = 4_000_000, check=None) -> np.ndarray:
    """Spatial lags of ``values`` under conditional permutation: array (n, permutations).

    ``w`` is the weight matrix **without** diagonal; row i's own weight and value are
    added by the caller. Each row's weights must be equal (binary or row-standardised
    contiguity), as they are for every :class:`hotspots.where.weights.Weights`; rows are
    evaluated in groups of equal cardinality, in chunks of at most ``chunk`` values.
    """
    values = np.asarray(values, dtype=float)
    n = len(values)
    w = sparse.csr_matrix(w)
    card = np.diff(w.indptr)
    out = np.zeros((n, permutations))
    if n < 2 or permutations <= 0:
        return out
    ids = permuted_ids(n, int(card.max()) if n else 1, permutations, seed)
    for k in np.unique(card):
        if k == 0:
            continue
        rows = np.flatnonzero(card == k)
        idx = ids[:, :k]
        step = max(1, chunk // (permutations * k))
        for s in range(0, len(rows), step):
            if check is not None:
                check()
            rr = rows[s:s + step]
            # index into "values without i": positions at or after i move up by one
            pos = idx[None, :, :] + (idx[None, :, :] >= rr[:, None, None])
            wrow = w.data[w.indptr[rr][:, None] + np.arange(k)[None, :]]  # (m, k) weights of each row
            vals = values[pos]
            for j, r in enumerate(rr):  # the same (P, k) @ (k,) product as esda: ties compare equal
                out[r] = vals[j] @ wrow[j]
    return out


def directed_p(observed: np.ndarray, sims: np.ndarray) -> np.ndarray:
    """esda's pseudo p-value: (min(L, P-L) + 1) / (P + 1), L = draws >= observed."""
    p_perm = sims.shape[1]
    larger = (sims >= observed[:, None]).sum(axis=1)
    low = (p_perm - larger) < larger
    larger[low] = p_perm - larger[low]
    return (larger + 1.0) / (p_perm + 1.0)


# -- Mann-Kendall trend test ----------------------------------------------------------------------------------
def _kendall_s(x: np.ndarray) -> tuple[float, float, int]:
    """S, Var(S) with ties and n of one season (NaN skipped)."""
    x = x[np.isfinite(x)]
    n = x.size
    if n < 2:
        return 0.0, 0.0, n
    diff = x[None, :] - x[:, None]
    s = float(np.sign(diff[np.triu_indices(n, 1)]).sum())
    _, ties = np.unique(x, return_counts=True)
    var = (n * (n - 1) * (2 * n + 5) - float((ties * (ties - 1) * (2 * ties + 5)).sum())) / 18.0
    return s, var, n


def seasonal_mann_kendall(values, months) -> dict:
    """Seasonal Mann-Kendall test and seasonal Sen slope of one monthly series (Hirsch et al. 1982).

    Returns ``s``, ``var_s``, ``z``, ``p`` (two-sided), ``tau``, ``slope`` (per month per year)
    and ``n`` (months with data). With no pair in any season: ``p`` is NaN.
    """
    x = np.asarray(values, dtype=float)
    cal = np.asarray(months.month)
    year = np.asarray(months.year)
    s_tot = var_tot = pairs = 0.0
    slopes = []
    for m in range(1, 13):
        sel = cal == m
        xs, ys = x[sel], year[sel]
        s, var, n = _kendall_s(xs)
        s_tot += s
        var_tot += var
        pairs += n * (n - 1) / 2
        ok = np.isfinite(xs)
        xs, ys = xs[ok], ys[ok]
        i, j = np.triu_indices(xs.size, 1)
        slopes.extend(((xs[j] - xs[i]) / (ys[j] - ys[i])).tolist())
    n_data = int(np.isfinite(x).sum())
    if pairs == 0 or var_tot <= 0:
        return {"s": s_tot, "var_s": var_tot, "z": np.nan, "p": np.nan, "tau": np.nan,
                "slope": np.nan, "n": n_data}
    z = (s_tot - np.sign(s_tot)) / np.sqrt(var_tot) if s_tot != 0 else 0.0
    return {"s": s_tot, "var_s": var_tot, "z": float(z), "p": float(2 * stats.norm.sf(abs(z))),
            "tau": s_tot / pairs, "slope": float(np.median(slopes)) if slopes else np.nan, "n": n_data}


def mann_kendall(x) -> dict:
    """The plain Mann-Kendall trend test of one series (Mann 1945; Kendall 1975), NaN skipped.

    ``s`` = :math:`\\sum_{i<j} \\mathrm{sgn}(x_j - x_i)`; ``var_s`` with the tie correction
    :math:`[n(n-1)(2n+5) - \\sum_g t_g(t_g-1)(2t_g+5)]/18`; ``z`` with the continuity correction
    :math:`(S \\mp 1)/\\sqrt{\\mathrm{Var}(S)}` (0 when :math:`S = 0`); ``p`` two-sided normal;
    ``tau`` = :math:`S / \\tfrac12 n(n-1)`; ``slope`` the Theil-Sen slope per step (Sen 1968).
    These are pymannkendall's ``original_test`` definitions (tests/test_spacetime_emerging.py).

    >>> r = mann_kendall([1.0, 2.0, 3.0, 2.5, 4.0])
    >>> r["s"], r["tau"], round(r["z"], 4), round(r["slope"], 4)
    (8.0, 0.8, 1.7146, 0.7083)
    """
    x = np.asarray(x, dtype=float).ravel()
    x = x[np.isfinite(x)]
    return {k: float(v[0]) for k, v in mann_kendall_rows(x[None, :]).items()}


def mann_kendall_rows(x, chunk: int = 2_000_000) -> dict:
    """:func:`mann_kendall` of every row of a finite 2-D array at once: a dict of arrays (one value per row).

    Rows with fewer than 2 values (or no variance at all) have ``p`` NaN and ``z`` 0.
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 2:
        raise ValueError("mann_kendall_rows expects a 2-D array")
    if not np.isfinite(x).all():
        raise AnalysisError("De trendtoets (Mann-Kendall) kan niet rekenen met ontbrekende waarden.")
    rows, n = x.shape
    s = np.zeros(rows)
    for lag in range(1, n):
        s += np.sign(x[:, lag:] - x[:, :-lag]).sum(axis=1)
    # ties: lengths of the runs of equal values in each sorted row
    srt = np.sort(x, axis=1)
    new = np.ones(srt.shape, dtype=bool)
    new[:, 1:] = srt[:, 1:] != srt[:, :-1]
    starts = np.flatnonzero(new.ravel())
    lengths = np.diff(np.append(starts, srt.size)).astype(float)
    tie = np.bincount(starts // max(n, 1), weights=lengths * (lengths - 1) * (2 * lengths + 5), minlength=rows)
    var_s = (n * (n - 1) * (2 * n + 5) - tie) / 18.0
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(s > 0, (s - 1) / np.sqrt(var_s), np.where(s < 0, (s + 1) / np.sqrt(var_s), 0.0))
        p = np.where(var_s > 0, 2.0 * stats.norm.sf(np.abs(z)), np.nan)
        tau = s / (0.5 * n * (n - 1)) if n > 1 else np.full(rows, np.nan)
    z = np.where(np.isfinite(z), z, 0.0)
    slope = np.full(rows, np.nan)
    if n > 1:
        i, j = np.triu_indices(n, 1)
        step = max(1, chunk // len(i))
        for a in range(0, rows, step):
            slope[a:a + step] = np.median((x[a:a + step, j] - x[a:a + step, i]) / (j - i), axis=1)
    return {"s": s, "var_s": var_s, "z": z, "p": p, "tau": tau, "slope": slope, "n": np.full(rows, float(n))}
