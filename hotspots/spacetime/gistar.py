"""Getis-Ord Gi* on space-time neighbours, as ArcGIS's Emerging Hot Spot Analysis computes it.

The cube holds :math:`x_{it}`, location *i* and time step *t*. A bin's neighbourhood is
the location itself and its spatial neighbours, in the same step and the previous *k*
steps ("neighbourhood time step" *k*, ArcGIS's default 1):

.. math::

    N(i, t) = \\{(j, s) : j \\in \\{i\\} \\cup \\mathcal{N}(i),\\ t - k \\le s \\le t\\}, \\qquad
    W_{it} = |N(i, t)| = (|\\mathcal N(i)| + 1)\\,(\\min(k, t) + 1).

With binary weights Gi* (Getis & Ord 1992; Ord & Getis 1995) compares the local sum
with the mean :math:`\\bar x` and :math:`S^2 = \\overline{x^2} - \\bar x^2` of the *n* bins in the
global window:

.. math::

    z_{it} = \\frac{\\sum_{(j,s) \\in N(i,t)} x_{js} - \\bar x\\, W_{it}}
                  {S \\sqrt{W_{it} (n - W_{it}) / (n - 1)}}.

``window="cube"`` takes every bin of the cube as the global window (ArcGIS's default,
"Entire cube"); ``window="steps"`` the bins of the steps :math:`t-k \\dots t` only (ArcGIS's
"Neighborhood time step": each step against its own time window, so a city-wide rise does
not make every place hot). Either way this is esda's ``G_Local(star=True)`` with binary
weights on the space-time weights of :func:`spacetime_weights` (over the whole cube, or over
the steps of the window), which tests/test_spacetime_emerging.py checks to 1e-9. The local sums
are computed without that (LT x LT) matrix: one sparse product with the spatial weights and
a moving sum over time.

p-values are two-sided normal; Benjamini-Hochberg FDR (ArcGIS applies it to the bins of
Emerging Hot Spot Analysis) runs over all bins of the cube together.

>>> import numpy as np
>>> from scipy import sparse
>>> w = sparse.csr_matrix(np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]]))
>>> x = np.array([[1.0, 2, 3, 4], [0, 1, 1, 2], [0, 0, 0, 9]])
>>> spacetime_gistar(x, w, k=1, fdr=False).z.round(3)[2].tolist()
[-1.153, -1.586, -1.348, 1.031]
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse, stats

from kernel.errors import AnalysisError

from hotspots.significance import benjamini_hochberg, confidence_classes
from hotspots.where.weights import binary_matrix

WINDOWS = ("cube", "steps")


@dataclass
class SpaceTimeGi:
    """Gi* of every bin: arrays of shape (locations, steps).

    ``z``, ``p`` (two-sided), ``p_fdr`` (Benjamini-Hochberg over all bins), ``classes`` (3/2/1 hot at
    99/95/90% confidence, -1/-2/-3 cold, 0; from ``p_fdr`` when ``fdr``), ``W`` (bins in each neighbourhood),
    ``local`` (their sum).
    """

    z: np.ndarray
    p: np.ndarray
    p_fdr: np.ndarray
    classes: np.ndarray
    W: np.ndarray
    local: np.ndarray
    k: int
    window: str
    fdr: bool


def spacetime_weights(w, steps: int, k: int = 1) -> sparse.csr_matrix:
    """The binary space-time weights of a cube of ``steps`` steps: bin ``t * L + i`` (no diagonal).

    Row (i, t) holds every (j, s) with j = i or a neighbour of i and ``t - k <= s <= t``, except (i, t) itself.
    Not symmetric for k > 0 (a bin looks back, not forward), as in ArcGIS. Only for tests and references:
    :func:`spacetime_gistar` never builds it.
    """
    a = binary_matrix(w)
    n_loc = a.shape[0]
    b = (a + sparse.eye(n_loc, format="csr")).tocoo()
    rows, cols = [], []
    for t in range(steps):
        for s in range(max(0, t - k), t + 1):
            rows.append(b.row + t * n_loc)
            cols.append(b.col + s * n_loc)
    r, c = np.concatenate(rows), np.concatenate(cols)
    keep = r != c
    m = sparse.csr_matrix((np.ones(int(keep.sum())), (r[keep], c[keep])), shape=(n_loc * steps,) * 2)
    m.sort_indices()
    return m


def _z(local, W, mean, s2, n):
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (local - mean * W) / (np.sqrt(s2) * np.sqrt(W * (n - W) / (n - 1)))
    return np.where(np.isfinite(z) & (s2 > 0), z, 0.0)


def spacetime_gistar(values, w, k: int = 1, window: str = "cube", fdr: bool = True) -> SpaceTimeGi:
    """Gi* z-scores of every bin of the cube ``values`` (locations x steps) on space-time neighbours.

    Parameters
    ----------
    values : array_like
        (locations, steps), finite.
    w : hotspots.where.weights.Weights or scipy sparse matrix
        Spatial neighbours of the locations (binary; the location itself is added here).
    k : int
        Number of previous steps in the neighbourhood (0: the same step only).
    window : {"cube", "steps"}
        The global window (see the module docstring).
    fdr : bool
        Classes from Benjamini-Hochberg adjusted p-values.
    """
    if window not in WINDOWS:
        raise AnalysisError(f"Onbekend vergelijkingsvenster '{window}'; kies cube of steps.")
    if k < 0:
        raise AnalysisError("Het aantal eerdere maanden in de buurt kan niet negatief zijn.")
    x = np.asarray(values, dtype=float)
    if x.ndim != 2 or not np.isfinite(x).all():
        raise AnalysisError("Gi* in ruimte en tijd vraagt een volledige tabel van locaties x maanden zonder lege "
                            "waarden.")
    a = binary_matrix(w)
    n_loc, steps = x.shape
    if a.shape[0] != n_loc:
        raise AnalysisError(f"Er zijn {n_loc} locaties maar {a.shape[0]} in de burenlijst.")
    if n_loc * steps < 3:
        raise AnalysisError("Gi* vraagt minstens 3 vakken.")
    y = a @ x + x  # each location with its neighbours, per step
    local = y.copy()
    for lag in range(1, k + 1):
        local[:, lag:] += y[:, :-lag]
    depth = np.minimum(np.arange(steps), k) + 1.0  # steps in each neighbourhood
    W = (np.diff(a.indptr) + 1.0)[:, None] * depth[None, :]
    if window == "cube":
        n = x.size
        mean = x.mean()
        z = _z(local, W, mean, (x ** 2).mean() - mean ** 2, n)
    else:
        z = np.empty(x.shape)
        for t in range(steps):
            slab = x[:, t + 1 - int(depth[t]):t + 1]
            mean = slab.mean()
            z[:, t] = _z(local[:, t], W[:, t], mean, (slab ** 2).mean() - mean ** 2, slab.size)
    p = 2.0 * stats.norm.sf(np.abs(z))
    p_fdr = benjamini_hochberg(p.ravel()).reshape(p.shape)
    classes = confidence_classes(z, p_fdr if fdr else p)
    return SpaceTimeGi(z=z, p=p, p_fdr=p_fdr, classes=classes, W=W, local=local, k=k, window=window, fdr=fdr)
