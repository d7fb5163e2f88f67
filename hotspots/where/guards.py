"""Guard rails: the warnings a careful analyst would give with a hot-spot map (in Dutch).

Each function returns a list of warning sentences (empty when all is well), so
that :func:`hotspots.where.hotspots.run_hotspots` can collect them in ``.warnings``.
The thresholds follow common advice: at least 30 areas or cells for a local
statistic and at least 30 incidents (ArcGIS's Hot Spot Analysis and Optimized Hot
Spot Analysis refuse fewer), and more than half zeros makes Gi* unreliable
(the normal approximation assumes a variable that is not mostly zero).

>>> mostly_zeros([0, 0, 0, 1])
['3 van de 4 gebieden (75%) hebben de waarde 0; Gi* is dan weinig betrouwbaar. Overweeg grotere gebieden of cellen, of een langere periode.']
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from kernel.nl import listing, number, plain

MIN_FEATURES = 30
MIN_INCIDENTS = 30
ZERO_SHARE = 0.5
#: The largest number of permutations the method declaration allows.
MAX_PERMUTATIONS = 99_999


def mostly_zeros(values, what: str = "gebieden", share: float = ZERO_SHARE) -> list[str]:
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if len(v) == 0:
        return []
    zeros = int((v == 0).sum())
    if zeros / len(v) > share:
        return [f"{zeros} van de {len(v)} {what} ({zeros / len(v):.0%}) hebben de waarde 0; Gi* is dan weinig "
                "betrouwbaar. Overweeg grotere gebieden of cellen, of een langere periode."]
    return []


def too_few(n_features: int | None, n_incidents: int | None = None, what: str = "gebieden") -> list[str]:
    out = []
    if n_features is not None and n_features < MIN_FEATURES:
        out.append(f"Er zijn maar {n_features} {what}; voor een hotspotanalyse zijn er minstens "
                   f"{MIN_FEATURES} nodig om betrouwbare uitkomsten te krijgen.")
    if n_incidents is not None and n_incidents < MIN_INCIDENTS:
        out.append(f"Er zijn maar {n_incidents} incidenten; met minder dan {MIN_INCIDENTS} zegt een "
                   "hotspotkaart weinig. Kies een langere periode of een groter gebied.")
    return out


def hot_by_neighbours(codes, names, own, classes) -> list[str]:
    """Areas marked hot while their own value is at or below the median: hot because of their neighbours."""
    own = np.asarray(own, dtype=float)
    classes = np.asarray(classes)
    ok = np.isfinite(own)
    if not ok.any():
        return []
    median = float(np.median(own[ok]))
    hit = (classes > 0) & ok & (own <= median)
    if not hit.any():
        return []
    labels = [f"{n} ({c})" if n and str(n) != str(c) else str(c)
              for c, n in zip(np.asarray(codes)[hit], np.asarray(names, dtype=object)[hit])]
    return [f"{len(labels)} gebied(en) zijn 'hot' door hun buren, terwijl het eigen aantal niet boven de "
            f"mediaan ({plain(median)}) ligt: {listing(labels)}. Kijk bij inzet naar de buren."]


def year_mismatch(boundary_years, figure_years) -> list[str]:
    """Boundaries from another year than the figures: areas may have changed in between."""
    b = pd.Series(boundary_years).dropna()
    f = pd.Series(figure_years).dropna()
    if b.empty or f.empty:
        return []
    b_years = sorted({int(v) for v in b})
    f_years = sorted({int(v) for v in f})
    if set(f_years) <= set(b_years):
        return []
    span = f"{f_years[0]}" if len(f_years) == 1 else f"{f_years[0]}-{f_years[-1]}"
    return [f"De gebiedsgrenzen zijn van {', '.join(map(str, b_years))}, de cijfers van {span}. Buurtgrenzen "
            "veranderen soms tussen jaren; incidenten of tellingen kunnen dan bij een ander gebied horen."]


def permutation_floor(permutations: int, n_tests: int, alpha: float = 0.05, fdr: bool = True) -> list[str]:
    """Too few permutations for FDR over this many areas: the smallest pseudo p-value is too large.

    With *P* permutations the smallest pseudo p-value is :math:`1/(P+1)`. Benjamini-Hochberg
    rejects the *k* smallest only when :math:`p_{(k)} \\le k\\alpha/m`, so an area can only be
    significant when at least :math:`m/(\\alpha (P+1))` areas share that smallest value.
    Warned when a single area at the floor could not be significant, :math:`P + 1 < m/\\alpha`.

    >>> permutation_floor(9999, 108), len(permutation_floor(999, 108))
    ([], 1)
    """
    if not fdr or permutations <= 0 or (permutations + 1) * alpha >= n_tests:
        return []
    need = int(np.ceil(n_tests / (alpha * (permutations + 1))))
    advice = min(int(10 ** np.ceil(np.log10(n_tests / alpha + 1))) - 1, MAX_PERMUTATIONS)
    return [f"Met {permutations} permutaties is de kleinste p-waarde {plain(round(1 / (permutations + 1), 6))}; "
            f"na de FDR-correctie over {number(n_tests, 0, thousands=True)} gebieden is een gebied pas significant "
            f"als minstens {need} gebieden die kleinste waarde hebben. Kies meer permutaties "
            f"(bijvoorbeeld {number(advice, 0, thousands=True)}) voor een scherper beeld."]
