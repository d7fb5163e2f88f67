"""Classification of counts and rates for choropleth maps, and colour-blind-safe palettes.

Three schemes, as GIS users know them:

- **quantiles**: each class holds about the same number of areas;
- **natural breaks** (Fisher-Jenks): the class breaks that minimise the sum of
  squared deviations from the class means (Fisher 1958, "On grouping for
  maximum homogeneity", JASA 53; Jenks 1977). Computed exactly by dynamic
  programming; for more than ``max_exact`` values a deterministic, evenly
  spaced sample of the sorted values is used (as mapclassify's
  ``FisherJenksSampled`` does), and the top break is always the maximum;
- **fixed**: breaks the user gives.

Breaks are upper bounds: a value ``v`` is in class ``i`` when
``breaks[i-1] < v <= breaks[i]``. Palettes are ColorBrewer sequential schemes
(Cynthia Brewer, colorbrewer2.org; colour-blind safe) taken from matplotlib's
copies of them.

>>> fisher_jenks([1, 2, 3, 10, 11, 12, 30], 3)
[3.0, 12.0, 30.0]
>>> assign_classes([1, 5, 30, float("nan")], [3.0, 12.0, 30.0]).tolist()
[0, 1, 2, -1]
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kernel.nl import number
from kernel.errors import AnalysisError

SCHEMES = ("quantiles", "natural_breaks", "fixed")
SCHEME_LABELS = {"quantiles": "kwantielen (gelijke aantallen gebieden per klasse)",
                 "natural_breaks": "natuurlijke grenzen (Fisher-Jenks)",
                 "fixed": "vaste klassengrenzen"}
#: ColorBrewer sequential palettes known to be colour-blind safe.
SEQUENTIAL = ("YlOrRd", "OrRd", "Reds", "Blues", "PuBu", "YlGnBu", "Purples", "Greys")
MISSING_COLOUR = "#d9d9d9"


def _finite(values) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    return values[np.isfinite(values)]


def quantile_breaks(values, k: int) -> list[float]:
    """Upper bounds of ``k`` quantile classes (duplicate breaks merged)."""
    v = _finite(values)
    if v.size == 0:
        return []
    qs = np.quantile(v, np.linspace(0, 1, k + 1)[1:], method="linear")
    return sorted(set(float(q) for q in qs))


def fisher_jenks(values, k: int, max_exact: int = 3000) -> list[float]:
    """Upper bounds of the ``k`` Fisher-Jenks classes (natural breaks).

    Minimises the total within-class sum of squared deviations
    ``sum_c sum_{i in c} (x_i - mean_c)^2`` over all ways to cut the sorted
    values into ``k`` contiguous groups (Fisher 1958). Dynamic programming with
    prefix sums: ``O(k n^2)`` time, vectorised over the cut position.
    """
    v = np.sort(_finite(values))
    if v.size == 0:
        return []
    vmax = float(v[-1])
    if v.size > max_exact:
        v = v[np.linspace(0, v.size - 1, max_exact).round().astype(int)]
    uniq = np.unique(v)
    if uniq.size <= k:
        return [float(u) for u in uniq]
    n = v.size
    s1 = np.concatenate([[0.0], np.cumsum(v)])
    s2 = np.concatenate([[0.0], np.cumsum(v * v)])

    def ssd(j, i):
        """Sum of squared deviations of v[j:i] (j < i), vectorised over j."""
        cnt = i - j
        tot = s1[i] - s1[j]
        return (s2[i] - s2[j]) - tot * tot / cnt

    # cost[c, i]: best cost of the first i values in c+1 classes; arg[c, i]: start of the last class
    cost = np.full((k, n + 1), np.inf)
    arg = np.zeros((k, n + 1), dtype=int)
    idx = np.arange(n + 1)
    cost[0, 1:] = ssd(np.zeros(n, dtype=int), idx[1:])
    for c in range(1, k):
        for i in range(c + 1, n + 1):
            j = np.arange(c, i)
            cand = cost[c - 1, j] + ssd(j, i)
            best = int(np.argmin(cand))
            cost[c, i] = cand[best]
            arg[c, i] = j[best]
    breaks = []
    i = n
    for c in range(k - 1, -1, -1):
        breaks.append(float(v[i - 1]))
        i = arg[c, i] if c > 0 else 0
    breaks = sorted(set(breaks))
    breaks[-1] = vmax
    return breaks


def assign_classes(values, breaks) -> np.ndarray:
    """Class index per value (0..len(breaks)-1); -1 for missing values, values above the top go on top."""
    values = np.asarray(values, dtype=float)
    out = np.full(values.shape, -1, dtype=int)
    if not breaks:
        return out
    ok = np.isfinite(values)
    idx = np.searchsorted(np.asarray(breaks, dtype=float), values[ok], side="left")
    out[ok] = np.minimum(idx, len(breaks) - 1)
    return out


def palette(name: str, k: int) -> list[str]:
    """``k`` colours of a ColorBrewer sequential palette, light to dark (hex)."""
    if name not in SEQUENTIAL:
        raise AnalysisError(f"Onbekend kleurenpalet '{name}'; kies uit {', '.join(SEQUENTIAL)}.")
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps[name]
    if k == 1:
        return [to_hex(cmap(0.6))]
    return [to_hex(cmap(0.12 + 0.83 * i / (k - 1))) for i in range(k)]


@dataclass
class Classification:
    """A classified variable: breaks, class per area, colours and Dutch legend labels."""

    scheme: str
    breaks: list[float]
    classes: np.ndarray
    colours: list[str]
    labels: list[str]

    @property
    def description(self) -> str:
        return SCHEME_LABELS[self.scheme]


def classify(values, scheme: str = "quantiles", k: int = 5, breaks=None, palette_name: str = "YlOrRd",
             decimals: int | None = None) -> Classification:
    """Classify ``values`` and give colours and labels such as ``"3 - 7"`` (Dutch decimal comma)."""
    if scheme not in SCHEMES:
        raise AnalysisError(f"Onbekende klassenindeling '{scheme}'; kies uit {', '.join(SCHEMES)}.")
    if not 1 <= int(k) <= 9:
        raise AnalysisError(f"Aantal klassen moet tussen 1 en 9 liggen, niet {k}.")
    values = np.asarray(values, dtype=float)
    finite = _finite(values)
    if scheme == "fixed":
        if not breaks:
            raise AnalysisError("Vaste klassen vragen klassengrenzen.")
        bks = sorted(float(b) for b in breaks)
        if finite.size and finite.max() > bks[-1]:
            bks.append(float(finite.max()))
    elif scheme == "quantiles":
        bks = quantile_breaks(values, int(k))
    else:
        bks = fisher_jenks(values, int(k))
    classes = assign_classes(values, bks)
    if decimals is None:
        integral = finite.size > 0 and np.all(np.equal(np.mod(finite, 1), 0))
        decimals = 0 if integral else 1
    labels = []
    low = float(finite.min()) if finite.size else 0.0
    for i, b in enumerate(bks):
        lo = low if i == 0 else bks[i - 1]
        if i > 0 and decimals == 0:
            lo = np.floor(lo) + 1
        hi = number(b, decimals, thousands=True)
        labels.append(f"{number(lo, decimals, thousands=True)} - {hi}" if lo != b else hi)
    return Classification(scheme, bks, classes, palette(palette_name, max(len(bks), 1))[:len(bks)], labels)
