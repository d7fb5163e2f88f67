"""Analytic Gi*: ``hotspots.where.getis_ord.GiStar`` (one sparse product) vs ``esda.G_Local(star=True)``.

Both get the same queen weights of the buurten and the same counts, binary transform, no
permutations (aim: at least 20x faster; ``max_abs_dz`` is the largest difference in z).
"""
from __future__ import annotations

import numpy as np

from common import best_time, peak_memory_mb, result


def run(quick: bool) -> list[dict]:
    from esda.getisord import G_Local
    from libpysal.weights import W

    import data
    from hotspots.where.getis_ord import GiStar
    from hotspots.where.weights import queen

    areas = data.buurten(600, max_segment=400) if quick else data.buurten()
    w = queen(areas, fallback=False)
    m = w.sparse.tocsr()
    neighbours = {i: m.indices[m.indptr[i]:m.indptr[i + 1]].tolist() for i in range(m.shape[0])}
    lw = W(neighbours, silence_warnings=True)
    y = np.random.default_rng(0).poisson(20, len(areas)).astype(float)
    repeat = 5 if quick else 3
    rows = []
    for transform, esda_t in (("binary", "B"), ("row", "R")):
        def peer():
            lw.transform = "B"
            return G_Local(y, lw, transform=esda_t, star=True, permutations=0)

        ours_s, g = best_time(lambda: GiStar(y, w, transform=transform, fdr=True), repeat)
        peer_s, e = best_time(peer, repeat)
        rows.append(result(f"gistar_{transform}_{len(areas)}", ours_s, "esda.G_Local(star=True)", peer_s,
                           ours_mb=peak_memory_mb(lambda: GiStar(y, w, transform=transform)),
                           peer_mb=peak_memory_mb(peer), aim=">= 20",
                           max_abs_dz=float(np.abs(g.z - e.Zs).max()), areas=len(areas)))
    return rows
