"""Heat surface: ``hotspots.where.kde.kde_surface`` (linear binning + FFT) vs scikit-learn and scipy.

Full mode: 1,000,000 incidents on a 2000 x 2000 grid over the Netherlands (cells of 156.5 m),
Gaussian kernel with a bandwidth of 2 km. The peers evaluate every cell directly, which is
too slow for 4,000,000 cells, so they run on a random subset of cells and their time is
extrapolated to the whole grid (``peer_cells`` says how many were measured):

* ``sklearn.neighbors.KernelDensity(kernel="gaussian", rtol=1e-4)`` (a tree with a relative
  tolerance); ``median_rel_err`` compares our surface with it on the subset (aim: ratio at
  least 1,000 at a median relative error of at most 1e-3);
* ``scipy.stats.gaussian_kde`` (exact sum, its own Scott bandwidth: the cost does not
  depend on the bandwidth).
"""
from __future__ import annotations

import numpy as np

from common import best_time, peak_memory_mb, result


def run(quick: bool) -> list[dict]:
    from scipy.stats import gaussian_kde
    from sklearn.neighbors import KernelDensity

    import data
    from hotspots.where.kde import kde_surface

    n, size, h = (20_000, 200, 8_000.0) if quick else (1_000_000, 2000, 2_000.0)
    sk_cells, sp_cells = (100, 100) if quick else (200, 40)
    inc = data.incidents(n)
    x, y = inc["x"].to_numpy(), inc["y"].to_numpy()
    xmin, ymin, xmax, ymax = data.EXTENT
    cell = max(xmax - xmin, ymax - ymin) / size  # square cells; the grid covers the whole extent
    extent = (xmin, ymin, xmin + size * cell, ymin + size * cell)

    def ours():
        return kde_surface(x, y, cell=cell, bandwidth=h, kernel="gaussian", extent=extent)

    ours_s, k = best_time(ours, 3 if quick else 2)
    assert k.grid.shape == (size, size)
    cx, cy = k.centres()
    rng = np.random.default_rng(0)
    # sample cells where the surface is not negligible, as a map reader looks at them
    cand = np.flatnonzero(k.grid.ravel() > 1e-3 * k.grid.max())
    pick = rng.choice(cand, size=min(sk_cells, len(cand)), replace=False)
    qxy = np.column_stack([cx[pick % size], cy[pick // size]])
    xy = np.column_stack([x, y])

    def sk():
        kd = KernelDensity(kernel="gaussian", bandwidth=h, rtol=1e-4).fit(xy)
        return np.exp(kd.score_samples(qxy)) * n * 1e6

    sk_s, dens = best_time(sk, 1)
    rel = np.abs(k.grid.ravel()[pick] - dens) / dens
    scale = size * size / len(pick)
    rows = [result(f"kde_{n}_{size}x{size}", ours_s, "sklearn KernelDensity (extrapolated)", sk_s * scale,
                   ours_mb=peak_memory_mb(ours), peer_mb=peak_memory_mb(sk), aim=">= 1000",
                   median_rel_err=float(np.median(rel)), max_rel_err=float(rel.max()), peer_cells=len(pick),
                   bandwidth_m=h, cell_m=cell)]
    sub = qxy[:sp_cells]

    def sp():
        return gaussian_kde(xy.T)(sub.T)

    sp_s, _ = best_time(sp, 1)
    rows.append(result(f"kde_{n}_{size}x{size}_scipy", ours_s, "scipy gaussian_kde (extrapolated)",
                       sp_s * size * size / len(sub), peer_mb=peak_memory_mb(sp), peer_cells=len(sub)))
    return rows
