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


def too_few(n_features: int | None, n_incidents: int | None = None, what: str = "gebieden",
            classes: bool = False) -> list[str]:
    """Too few areas or incidents; ``classes``: the method names hot and cold spots, which it withholds on too few
    incidents (:func:`withhold_classes`), and the sentence says so."""
    out = []
    if n_features is not None and n_features < MIN_FEATURES:
        out.append(f"Er zijn maar {n_features} {what}; voor een hotspotanalyse zijn er minstens "
                   f"{MIN_FEATURES} nodig om betrouwbare uitkomsten te krijgen.")
    if n_incidents is not None and n_incidents < MIN_INCIDENTS:
        out.append(f"Er zijn maar {n_incidents} incidenten; met minder dan {MIN_INCIDENTS} "
                   + ("wijst Wijkbeeld geen hot of cold spots aan: de toets is dan niet betrouwbaar (z en p staan "
                      "wel in de tabel)." if classes else "zegt een hotspotkaart weinig.")
                   + " Kies een langere periode of een groter gebied.")
    return out


def withhold_classes(n_incidents: int | None) -> bool:
    """No hot or cold spots on fewer than :data:`MIN_INCIDENTS` incidents (a value column: ``None``, tested).

    Gi*'s normal approximation needs a variable that is not nearly all zeros: one incident among a
    hundred buurten gives its buurt and every neighbour z > 3, 'Hot spot 99%' from a single event.
    ArcGIS's hot-spot tools refuse such input; Wijkbeeld computes z and p but shows no classes.

    >>> withhold_classes(1), withhold_classes(30), withhold_classes(None)
    (True, False, False)
    """
    return n_incidents is not None and n_incidents < MIN_INCIDENTS


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
    labels = [f"{n} ({c})" if not pd.isna(n) and n and str(n) != str(c) else str(c)  # (pd.NA: no name)
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


#: Below this share of incidents inside the areas, a warning (boundaries and incidents may not belong together).
FEW_INSIDE = 0.5
#: When the gemeenten holding incidents have fewer than this share of the areas, the study area is too large.
SMALL_PART = 0.5


def _distance_text(x, y, inside, geoms) -> str:
    """'12,3 tot 45,0 km (mediaan 20,1 km)' for the located incidents outside ``geoms``; '' when none has x/y."""
    import shapely

    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    far = ~np.asarray(inside, dtype=bool) & np.isfinite(x) & np.isfinite(y)
    if not far.any() or len(geoms) == 0:
        return ""
    idx = np.flatnonzero(far)
    if len(idx) > 20_000:  # a spread sample is enough for a distance in words
        idx = idx[:: len(idx) // 20_000 + 1]
    _, dist = shapely.STRtree(geoms).query_nearest(shapely.points(x[idx], y[idx]), return_distance=True,
                                                   all_matches=False)
    km = dist / 1000.0
    return (f"{number(km.min(), 1)} tot {number(km.max(), 1)} km van de gebieden "
            f"(mediaan {number(float(np.median(km)), 1)} km)")


def incidents_inside(inside, x, y, geoms, what: str = "incidenten") -> list[str]:
    """No incident inside the areas is an :class:`AnalysisError` (with the distance); few inside a warning.

    ``inside`` is a boolean per incident; ``x``, ``y`` its coordinates (NaN without), ``geoms`` the areas.
    No hot spot, hot time or plan is made of incidents that lie elsewhere.

    >>> from shapely.geometry import box
    >>> incidents_inside([True, True, False], [1, 1, 5000], [1, 1, 1], [box(0, 0, 2, 2)])
    []
    >>> incidents_inside([True, False, False], [1, 2500, 4000], [1, 1, 1], [box(0, 0, 2, 2)])[0][:46]
    'Maar 1 van de 3 incidenten (33%) ligt binnen d'
    """
    from kernel.errors import AnalysisError

    inside = np.asarray(inside, dtype=bool)
    n, k = len(inside), int(inside.sum())
    if n == 0 or k / n >= FEW_INSIDE:
        return []
    where = _distance_text(x, y, inside, geoms)
    n_text, k_text = number(n, 0, thousands=True), number(k, 0, thousands=True)  # 15.947, never 1e+06
    located = int((np.isfinite(np.asarray(x, dtype=float)) & np.isfinite(np.asarray(y, dtype=float))).sum())
    if k == 0:
        if located == 0:
            raise AnalysisError(f"Geen enkel van de {n_text} {what} heeft coördinaten of een gebied: er is niets "
                                "aan de gebieden toe te wijzen.",
                                hint="geef een kolom met x/y, een gebiedscode, -naam of postcode (4 cijfers)")
        raise AnalysisError(f"Geen enkel van de {n_text} {what} ligt binnen de gebieden; ze liggen {where}. "
                            "Grenzen en incidenten horen niet bij elkaar.",
                            hint="kies de grenzen van de gemeente van de incidenten, of controleer het "
                                 "coördinatenstelsel (--crs)")
    return [f"Maar {k_text} van de {n_text} {what} ({k / n:.0%}) {'ligt' if k == 1 else 'liggen'} binnen de gebieden"
            + (f"; de andere liggen {where}" if where else "") + ". Controleer of grenzen en incidenten bij "
            "elkaar horen: de uitkomst gaat alleen over de incidenten binnen de gebieden."]


def study_area(areas, counts) -> tuple[list[str], list[str]]:
    """(warnings, gemeente codes): the incidents cover a small part of the areas; limit the study area?

    Boundaries of the whole country with the incidents of one gemeente make every buurt of that
    gemeente 'hot' (the empty rest of the country is the comparison). When the gemeenten that hold
    incidents have fewer than :data:`SMALL_PART` of the areas, the warning names them and how to
    limit the study area (``--gemeente``; the window asks). The codes are for that offer.

    >>> import pandas as pd
    >>> a = pd.DataFrame({"gemeente_code": ["GM0014"] * 3 + ["GM0363"] * 9, "gemeente_name": ["Groningen"] * 3
    ...                   + ["Amsterdam"] * 9})
    >>> w, codes = study_area(a, [1, 0, 5] + [0] * 9)
    >>> codes, w[0][:60]
    (['GM0014'], 'De incidenten liggen in 1 van de 2 gemeenten van de gebieden')
    """
    if "gemeente_code" not in getattr(areas, "columns", []):
        return [], []
    gm = pd.Series(areas["gemeente_code"]).astype("string").str.strip().reset_index(drop=True)
    value = pd.Series(np.asarray(counts, dtype=float))
    if gm.isna().all() or gm.nunique() < 2 or not (value > 0).any():
        return [], []
    holding = sorted(gm[(value > 0).to_numpy()].dropna().unique())
    part = float(gm.isin(holding).mean())
    if part >= SMALL_PART:
        return [], []
    names = {}
    if "gemeente_name" in areas.columns:
        names = dict(zip(gm, pd.Series(areas["gemeente_name"]).astype("string").reset_index(drop=True)))
    label = listing([f"{c} {names[c]}" if names.get(c) is not None and not pd.isna(names.get(c)) else str(c)
                     for c in holding], 5)
    flag = " ".join(f"--gemeente {c}" for c in holding[:1])
    return [f"De incidenten liggen in {len(holding)} van de {gm.nunique()} gemeenten van de gebieden ({label}): "
            f"{int(gm.isin(holding).sum())} van de {len(gm)} gebieden ({part:.0%}). Gebieden zonder gegevens "
            "zijn de vergelijking, zodat bijna elk gebied met incidenten 'hot' lijkt. Beperk het studiegebied tot "
            f"de gemeente(n) met incidenten ({flag})."], holding
