"""Moran's I: local (LISA, Anselin 1995) and global (Moran 1950; Cliff & Ord 1981).

Local Moran's I
    With :math:`z_i = (y_i - \\bar y)/s` (:math:`s` the population standard deviation),
    row-standardised weights :math:`w_{ij}` (by default) and :math:`n` areas,

    .. math:: I_i = (n-1)\\, \\frac{z_i \\sum_j w_{ij} z_j}{\\sum_k z_k^2},

    esda's scaling (:class:`esda.Moran_Local`), so the values agree with esda/GeoDa.
    The quadrant follows from the sign of :math:`z_i` and of its spatial lag:
    HH (hoog tussen hoog, a cluster of high values), LL, HL and LH (outliers). Its
    significance comes from conditional permutations (:mod:`hotspots.significance`, esda's
    seed convention and its "directed" pseudo p-value ``p_sim``) with
    Benjamini-Hochberg FDR by default; an area whose (adjusted) p-value exceeds
    ``alpha`` is "ns".

Global Moran's I
    :math:`I = \\frac{n}{S_0} \\frac{\\sum_{ij} w_{ij} z_i z_j}{\\sum_i z_i^2}`,
    :math:`E[I] = -1/(n-1)`, with the variance under the normality and the randomisation
    assumptions of Cliff & Ord (1981, eqs. 1.35-1.36), as esda's ``Moran`` (``z_norm``,
    ``z_rand``). Used by the optimised mode to find the distance with the most spatial
    autocorrelation.

>>> import numpy as np
>>> from scipy import sparse
>>> w = sparse.csr_matrix(np.array([[0, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 1], [0, 0, 1, 0]]))
>>> lm = LocalMoran([1.0, 2.0, 8.0, 9.0], w, permutations=0)
>>> [QUADRANTS[q] for q in lm.q], lm.quadrant  # without permutations nothing is significant
(['LL', 'LL', 'HH', 'HH'], ['ns', 'ns', 'ns', 'ns'])
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse, stats


from kernel.nl import plain
from hotspots.significance import check_local_inputs, benjamini_hochberg, directed_p, permuted_lags
from hotspots.where.weights import binary_matrix, check_transform, row_standardise

QUADRANTS = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}
#: Legend order: the clusters and outliers of high values first.
QUADRANT_ORDER = ("HH", "HL", "LH", "LL", "ns")
#: Dutch labels of the quadrants (maps, tables and the ``quadrant_label`` column).
QUADRANT_LABELS = {"HH": "Hoog-hoog (cluster)", "HL": "Hoog-laag (uitschieter)", "LH": "Laag-hoog (uitschieter)",
                   "LL": "Laag-laag (cluster)", "ns": "Niet significant"}
#: GeoDa's scheme (high-high red, low-low blue, the outliers in light tones), ColorBrewer "Paired" tones.
QUADRANT_COLOURS = {"HH": "#e31a1c", "HL": "#fb9a99", "LH": "#a6cee3", "LL": "#1f78b4", "ns": "#eeeeee"}


def _weights(w, transform: str) -> sparse.csr_matrix:
    check_transform(transform)
    m = binary_matrix(w)
    return row_standardise(m) if transform == "row" else sparse.csr_matrix(m, dtype=float)


class LocalMoran:
    """Local Moran's I with conditional-permutation inference (see the module docstring).

    Parameters
    ----------
    y : array_like
    w : hotspots.where.weights.Weights or sparse matrix (binary, no diagonal)
    permutations : int
    seed : int
    fdr : bool
    alpha : float
        Significance level for the quadrant labels.
    transform : {"row", "binary"}

    Attributes
    ----------
    Is, z, lag, q (1 HH, 2 LH, 3 LL, 4 HL as esda), p_sim, p_fdr, quadrant (list of str)
    """

    def __init__(self, y, w, permutations: int = 999, seed: int = 12345, fdr: bool = True,
                 alpha: float = 0.05, transform: str = "row", check=None):
        y = np.asarray(y, dtype=float).ravel()
        n = len(y)
        m = _weights(w, transform)
        check_local_inputs(y, m, "Lokale Moran's I")
        sd = y.std()
        z = (y - y.mean()) / sd if sd > 0 else np.zeros(n)
        self.y, self.z, self.n, self.w = y, z, n, m
        self.permutations, self.seed, self.fdr, self.alpha, self.transform = permutations, seed, fdr, alpha, transform
        den = (z * z).sum()
        self.lag = m @ z
        self.Is = (n - 1) * z * self.lag / den if den > 0 else np.zeros(n)
        zp, lp = z > 0, self.lag > 0
        self.q = np.select([zp & lp, ~zp & lp, ~zp & ~lp], [1, 2, 3], default=4)
        self.p_sim = np.ones(n)
        self.sim = None
        if permutations and den > 0:
            scaling = (n - 1) / den
            self.sim = z[:, None] * permuted_lags(z, m, permutations, seed, check=check) * scaling
            self.p_sim = directed_p(self.Is, self.sim)
        self.p_fdr = benjamini_hochberg(self.p_sim)
        p = self.p_fdr if fdr else self.p_sim
        self.significant = p <= alpha
        self.quadrant = [QUADRANTS[int(q)] if s else "ns" for q, s in zip(self.q, self.significant)]

    def notes(self) -> list[str]:
        out = ["Lokale Moran's I (Anselin 1995) met "
               + ("rij-gestandaardiseerde" if self.transform == "row" else "binaire") + " gewichten; "
               f"p-waarden uit {self.permutations} conditionele permutaties (seed {self.seed}); "
               f"significant bij p ≤ {plain(self.alpha)}."]
        if self.fdr:
            out.append("FDR-correctie (Benjamini-Hochberg) toegepast.")
        return out


@dataclass
class GlobalMoran:
    """Global Moran's I with its expectation and z-scores (normality and randomisation)."""

    I: float
    EI: float
    z_norm: float
    z_rand: float
    p_norm: float
    p_rand: float


def global_moran(y, w, transform: str = "row") -> GlobalMoran:
    """Global Moran's I of ``y`` on ``w`` (Cliff & Ord 1981), as esda's ``Moran`` with ``transformation``.

    >>> import numpy as np
    >>> from scipy import sparse
    >>> w = sparse.csr_matrix(np.array([[0, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 1], [0, 0, 1, 0]]))
    >>> round(global_moran([1.0, 2.0, 8.0, 9.0], w).I, 4)
    0.54
    """
    y = np.asarray(y, dtype=float).ravel()
    n = len(y)
    m = _weights(w, transform)
    z = y - y.mean()
    s0 = m.sum()
    s1 = 0.5 * ((m + m.T).power(2)).sum()
    s2 = float(((np.asarray(m.sum(axis=1)).ravel() + np.asarray(m.sum(axis=0)).ravel()) ** 2).sum())
    zz = (z * z).sum()
    if zz == 0 or s0 == 0 or n < 4:
        return GlobalMoran(np.nan, -1.0 / max(n - 1, 1), np.nan, np.nan, np.nan, np.nan)
    I = n / s0 * (z @ (m @ z)) / zz
    ei = -1.0 / (n - 1)
    n2, s02 = n * n, s0 * s0
    v_norm = (n2 * s1 - n * s2 + 3 * s02) / ((n2 - 1) * s02) - ei ** 2
    k = (z ** 4).sum() / n / (zz / n) ** 2
    v_rand = (n * ((n2 - 3 * n + 3) * s1 - n * s2 + 3 * s02) - k * ((n2 - n) * s1 - 2 * n * s2 + 6 * s02)) \
        / ((n - 1) * (n - 2) * (n - 3) * s02) - ei ** 2
    zn = (I - ei) / np.sqrt(v_norm)
    zr = (I - ei) / np.sqrt(v_rand) if v_rand > 0 else np.nan
    return GlobalMoran(float(I), ei, float(zn), float(zr), float(2 * stats.norm.sf(abs(zn))),
                       float(2 * stats.norm.sf(abs(zr))))
