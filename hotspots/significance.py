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
def _tie_sum(srt: np.ndarray) -> np.ndarray:
    """Per row of a row-sorted array: :math:`\\sum_g t_g(t_g-1)(2t_g+5)` over the runs of equal values (NaN,
    sorted last and never equal, adds nothing)."""
    rows, n = srt.shape
    if n == 0:
        return np.zeros(rows)
    new = np.ones(srt.shape, dtype=bool)
    new[:, 1:] = srt[:, 1:] != srt[:, :-1]
    starts = np.flatnonzero(new.ravel())
    lengths = np.diff(np.append(starts, srt.size)).astype(float)
    return np.bincount(starts // n, weights=lengths * (lengths - 1) * (2 * lengths + 5), minlength=rows)


def _row_median(values: np.ndarray) -> np.ndarray:
    """The median of the finite values of each row (NaN for a row without any), as ``np.median`` takes it."""
    q = np.sort(values, axis=1)  # NaN last
    count = np.isfinite(q).sum(axis=1)
    r = np.arange(len(q))
    lo, hi = np.maximum(count - 1, 0) // 2, np.maximum(count, 1) // 2
    with np.errstate(invalid="ignore"):
        mid = (q[r, np.minimum(lo, q.shape[1] - 1)] + q[r, np.minimum(hi, q.shape[1] - 1)]) / 2
    return np.where(count > 0, mid, np.nan)


def seasonal_mann_kendall_rows(values, months, chunk: int = 4_000_000) -> dict:
    """The seasonal Mann-Kendall test and the seasonal Sen slope of every row at once (Hirsch, Slack & Smith 1982).

    ``values``: one monthly series per row (NaN where a month is missing), ``months`` the
    :class:`pandas.PeriodIndex` of the columns. Within each calendar month :math:`m` with the
    :math:`n_m` years that have data,

    .. math::

        S = \\sum_m \\sum_{i<j} \\mathrm{sgn}(x_{m,j} - x_{m,i}), \\quad
        \\mathrm{Var}(S) = \\sum_m \\frac{n_m(n_m-1)(2n_m+5) - \\sum_g t_g(t_g-1)(2t_g+5)}{18},

        z = \\frac{S - \\mathrm{sgn}(S)}{\\sqrt{\\mathrm{Var}(S)}}, \\quad
        \\tau = \\frac{S}{\\sum_m n_m(n_m-1)/2},

    with :math:`t_g` the sizes of the groups of tied values in month :math:`m`, ``p`` two-sided
    normal, and ``slope`` the median of :math:`(x_{m,j} - x_{m,i}) / (\\mathrm{year}_j - \\mathrm{year}_i)`
    over all pairs (per month per year). The pairs within each calendar month are the same for every
    row, so each sum is one array operation over all rows (in chunks of about ``chunk`` pair values).
    These are ``pymannkendall.seasonal_test``'s definitions (``tests/test_trends.py`` checks thousands
    of series). Returns a dict of arrays: ``s``, ``var_s``, ``z``, ``p``, ``tau``, ``slope``, ``n``
    (months with data); where no season has a pair, or every value in a season ties, ``z``, ``p``,
    ``tau`` and ``slope`` are NaN.

    >>> import pandas as pd
    >>> months = pd.period_range("2014-01", periods=36, freq="M")
    >>> r = seasonal_mann_kendall_rows(np.vstack([np.arange(36.0), np.full(36, 3.0)]), months)
    >>> r["s"].tolist(), r["tau"].tolist()[0], r["slope"].tolist()[0], bool(np.isnan(r["p"][1]))
    ([36.0, 0.0], 1.0, 12.0, True)
    """
    x = np.asarray(values, dtype=float)
    if x.ndim != 2:
        raise ValueError("seasonal_mann_kendall_rows expects a 2-D array")
    rows = x.shape[0]
    cal, year = np.asarray(months.month), np.asarray(months.year, dtype=float)
    seasons = [np.flatnonzero(cal == m) for m in range(1, 13)]
    pair_i, pair_j = [], []
    for cols in seasons:
        a, b = np.triu_indices(len(cols), 1)
        pair_i.append(cols[a])
        pair_j.append(cols[b])
    i, j = np.concatenate(pair_i).astype(np.intp), np.concatenate(pair_j).astype(np.intp)
    finite = np.isfinite(x)
    n_m = np.stack([finite[:, cols].sum(axis=1) for cols in seasons], axis=1).astype(float)
    pairs = (n_m * (n_m - 1) / 2).sum(axis=1)
    ties = sum(_tie_sum(np.sort(x[:, cols], axis=1)) for cols in seasons)
    var_s = ((n_m * (n_m - 1) * (2 * n_m + 5)).sum(axis=1) - ties) / 18.0
    s = np.zeros(rows)
    slope = np.full(rows, np.nan)
    if len(i):
        dy = year[j] - year[i]
        step = max(1, chunk // len(i))
        for a in range(0, rows, step):
            d = x[a:a + step, j] - x[a:a + step, i]  # NaN where either month is missing
            s[a:a + step] = np.sign(np.nan_to_num(d)).sum(axis=1)
            slope[a:a + step] = _row_median(d / dy)
    ok = (pairs > 0) & (var_s > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(s > 0, (s - 1) / np.sqrt(var_s), np.where(s < 0, (s + 1) / np.sqrt(var_s), 0.0))
        tau = s / pairs
    z, tau, slope = (np.where(ok, v, np.nan) for v in (z, tau, slope))
    p = np.where(ok, 2.0 * stats.norm.sf(np.abs(np.nan_to_num(z))), np.nan)
    return {"s": s, "var_s": var_s, "z": z, "p": p, "tau": tau, "slope": slope, "n": finite.sum(axis=1)}


def seasonal_mann_kendall(values, months) -> dict:
    """:func:`seasonal_mann_kendall_rows` of one series: ``s``, ``var_s``, ``z``, ``p``, ``tau``, ``slope``
    (floats) and ``n`` (int)."""
    r = seasonal_mann_kendall_rows(np.asarray(values, dtype=float)[None, :], months)
    return {k: (int(v[0]) if k == "n" else float(v[0])) for k, v in r.items()}


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
    tie = _tie_sum(np.sort(x, axis=1))  # ties: the runs of equal values in each sorted row
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
