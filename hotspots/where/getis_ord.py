"""Getis-Ord Gi*: local hot and cold spots (Getis & Ord 1992; Ord & Getis 1995).

For area *i* with values :math:`x_j`, weights :math:`w_{ij}` **including itself**
(:math:`w_{ii} > 0`, the "star"), :math:`n` areas, mean :math:`\\bar x` and
:math:`S^2 = \\frac{1}{n}\\sum_j x_j^2 - \\bar x^2`:

.. math::

    G_i^* = \\frac{\\sum_j w_{ij} x_j}{\\sum_j x_j}, \\qquad
    z_i = \\frac{\\sum_j w_{ij} x_j - \\bar x\\, W_i}
               {S \\sqrt{\\dfrac{W_i (n - W_i)}{n - 1}}}, \\qquad W_i = \\sum_j w_{ij}.

With binary weights (the default, as in ArcGIS) :math:`w_{ij}=1` for the area itself and
its neighbours; then :math:`W_i = \\sum_j w_{ij}^2` and this is exactly Ord & Getis (1995),
eq. 9. With ``transform="row"`` the weights (self included) are divided by their row
sum, so :math:`W_i = 1`, and the same formula is applied: this is **esda's**
``G_Local(..., transform="R", star=True)`` convention, which we follow so the
numbers agree with PySAL/GeoDa. (Ord & Getis' general formula with
:math:`\\sum_j w_{ij}^2` in the variance would make row-standardisation a no-op for
contiguity weights, as ArcGIS documents.) For a non-negative variable
:math:`z_i` equals esda's ``Zs`` to rounding (esda writes it as
:math:`(G_i^*-E[G_i^*])/\\sqrt{V[G_i^*]}`, which flips sign when :math:`\\bar x < 0`).

p-values are two-sided from the normal distribution, :math:`p_i = 2(1-\\Phi(|z_i|))`;
with ``permutations > 0`` a conditional-permutation pseudo p-value ``p_sim`` (esda's
seed convention, see :mod:`hotspots.significance`) is computed too and, doubled and capped at 1,
used for the classes. Benjamini-Hochberg FDR (on by default) gives ``p_fdr``. Classes
are 3/2/1 (hot, 99/95/90% confidence) and -1/-2/-3 (cold).

>>> import numpy as np
>>> from scipy import sparse
>>> w = sparse.csr_matrix(np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]]))
>>> GiStar(np.array([1.0, 2.0, 6.0]), w, fdr=False).z.round(4).tolist()
[-1.3887, 0.0, 0.9258]
"""
from __future__ import annotations

import numpy as np
from scipy import sparse, stats


from hotspots.significance import check_local_inputs, benjamini_hochberg, confidence_classes, directed_p, permuted_lags
from hotspots.where.weights import binary_matrix, check_transform

#: ArcGIS-familiar class colours (red hot, blue cold).
CLASS_COLOURS = {3: "#d62f27", 2: "#ed7551", 1: "#fab984", 0: "#f7f7f7",
                 -1: "#c0ccbe", -2: "#849eba", -3: "#4575b5"}
#: Dutch labels of the classes.
CLASS_LABELS = {3: "Hot spot 99%", 2: "Hot spot 95%", 1: "Hot spot 90%", 0: "Niet significant",
                -1: "Cold spot 90%", -2: "Cold spot 95%", -3: "Cold spot 99%"}



class GiStar:
    """Gi* for every area; see the module docstring for the formula.

    Parameters
    ----------
    y : array_like
        The variable (counts or rates), one value per area in the order of ``w``.
    w : hotspots.where.weights.Weights or scipy sparse matrix
        Neighbours (binary, without diagonal; the area itself is added here).
    transform : {"binary", "row"}
    fdr : bool
        Benjamini-Hochberg correction for the classes.
    permutations : int
        0 for analytic inference only; else the number of conditional permutations.
    seed : int
        Seed of the permutations (esda convention).

    Attributes
    ----------
    G, EG, VG, z, p, p_fdr, p_sim, classes, labels
    """

    def __init__(self, y, w, transform: str = "binary", fdr: bool = True, permutations: int = 0,
                 seed: int = 12345, check=None):
        check_transform(transform)
        y = np.asarray(y, dtype=float).ravel()
        m = binary_matrix(w)
        n = len(y)
        check_local_inputs(y, m, "Gi*")
        self.y, self.n, self.transform, self.fdr, self.permutations, self.seed = y, n, transform, fdr, permutations, seed
        card = np.diff(m.indptr).astype(float)
        self_w = np.ones(n)
        lag = m @ y + y
        if transform == "row":
            self_w = 1.0 / (card + 1.0)
            lag *= self_w
        W = card + 1.0 if transform == "binary" else np.ones(n)
        total = y.sum()
        mean = total / n
        s2 = (y ** 2).mean() - mean ** 2
        self.G = lag / total if total != 0 else np.full(n, np.nan)
        self.EG = W / n
        self.VG = W * (n - W) / (n - 1) / n ** 2 * (s2 / mean ** 2 if mean != 0 else np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            self.z = (lag - mean * W) / (np.sqrt(s2) * np.sqrt(W * (n - W) / (n - 1)))
        if s2 <= 0:
            self.z = np.zeros(n)  # a constant variable has no hot spots
        self.z = np.where(np.isfinite(self.z), self.z, 0.0)
        self.p = 2.0 * stats.norm.sf(np.abs(self.z))
        self.p_sim = None
        self.sim = None
        if permutations:
            mw = sparse.diags(self_w) @ m.astype(float) if transform == "row" else m.astype(float)
            lags = permuted_lags(y, sparse.csr_matrix(mw), permutations, seed, check=check)
            lags += (self_w * y)[:, None]
            self.sim = lags / total
            self.p_sim = directed_p(self.G, self.sim)
            self.p = np.minimum(1.0, 2.0 * self.p_sim)
        self.p_fdr = benjamini_hochberg(self.p)
        self.classes = confidence_classes(self.z, self.p_fdr if fdr else self.p)

    @property
    def labels(self) -> list[str]:
        return [CLASS_LABELS[int(c)] for c in self.classes]

    def notes(self) -> list[str]:
        """Dutch sentences for the method appendix."""
        weging = "binaire gewichten (het gebied zelf en zijn buren tellen even zwaar, zoals ArcGIS)" \
            if self.transform == "binary" else "rij-gestandaardiseerde gewichten"
        out = [f"Getis-Ord Gi* (Getis & Ord 1992; Ord & Getis 1995) met {weging}; "
               "klassen bij 90, 95 en 99% betrouwbaarheid (tweezijdig)."]
        if self.permutations:
            out.append(f"p-waarden uit {self.permutations} conditionele permutaties (seed {self.seed}).")
        else:
            out.append("p-waarden uit de normale benadering (analytisch).")
        if self.fdr:
            out.append("FDR-correctie (Benjamini-Hochberg) toegepast: de klassen houden rekening met "
                       "het aantal gebieden dat tegelijk getoetst is.")
        return out
