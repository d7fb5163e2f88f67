"""A raster index over polygons: most points are assigned by arithmetic, the rest by an exact test.

The polygons' extent is divided into square cells of size *g*. A cell is a **band**
cell when a polygon boundary passes through it; all other cells lie wholly inside one
polygon (or outside all), and connected groups of them share that polygon.

Construction
    1. The boundaries are densified to segments of at most *g*/2 (``shapely.segmentize``);
       the half-open cell ``[x0 + i g, x0 + (i+1) g) x [...]`` of every vertex is marked,
       and where two consecutive vertices lie in diagonal cells both other cells of that
       2 x 2 block are marked too. Every boundary point then lies in a marked cell (a
       segment shorter than a cell stays in the bounding box of its end cells).
    2. The unmarked cells are labelled into 4-connected components
       (``scipy.ndimage.label``). A component contains no boundary point, so it lies in
       one polygon: one representative cell centre is located exactly (STRtree + test).
    3. Each band cell keeps its candidate polygons: those whose boundary has a vertex in
       it (or passes diagonally through it). Every boundary point of a polygon lies in a
       cell marked with that polygon, so for areas that do not overlap (a tessellation such
       as CBS buurten) the candidates are complete. Overlapping areas show up as a
       component inside two polygons; then the polygons of the 4-adjacent components are
       added to the candidates as well.

Query
    A point's cell is found by floor division. In an unmarked cell the answer is the
    component's polygon; in a band cell the candidates are tested exactly with
    ``shapely.intersects_xy`` (polygons tested often are prepared first), and the first
    hit in ascending polygon index wins (the deterministic tie-break for shared
    boundaries). A band point
    that none of its candidates holds (possible only for overlapping polygons) goes
    through the plain STRtree filter-and-refine path. No point geometry is built for the
    great majority of points, which is where the time goes in ``geopandas.sjoin``.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import shapely
from scipy import ndimage

MAX_CELLS = 16_000_000
PREPARE_MIN_TESTS = 100
POINTS_PER_CELL_COST = 0.25  # a/b of the cell-size trade-off (GridIndex's ``points``)
_THREAD_MIN_PAIRS = 200_000


def intersects_pairs(geoms, pi, ai, x, y, threads: int = 2) -> np.ndarray:
    """Boolean mask over (point, polygon) pairs: ``geoms[ai]`` intersects ``(x[pi], y[pi])``.

    With ``threads > 1`` the pairs are split by polygon, so that no polygon is used by two
    threads at once: GEOS builds a prepared polygon's index lazily on first use, and two
    threads doing that for the same polygon corrupt memory.
    """
    if threads <= 1 or len(pi) < _THREAD_MIN_PAIRS:
        return shapely.intersects_xy(geoms[ai], x[pi], y[pi])
    order = np.argsort(ai, kind="stable")
    sa = ai[order]
    cuts = [0]
    for c in np.linspace(0, len(sa), threads + 1).astype(int)[1:-1]:
        c = int(np.searchsorted(sa, sa[c], side="left"))  # never split one polygon's pairs
        if c > cuts[-1]:
            cuts.append(c)
    cuts.append(len(sa))
    g, xs, ys = geoms[sa], x[pi[order]], y[pi[order]]
    with ThreadPoolExecutor(len(cuts) - 1) as pool:  # GEOS releases the GIL
        parts = pool.map(lambda ab: shapely.intersects_xy(g[ab[0]:ab[1]], xs[ab[0]:ab[1]], ys[ab[0]:ab[1]]),
                         zip(cuts[:-1], cuts[1:]))
        hit_sorted = np.concatenate(list(parts))
    hit = np.empty(len(pi), bool)
    hit[order] = hit_sorted
    return hit


def first_hits(x, y, geoms, tree: shapely.STRtree, threads: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Plain filter-and-refine: lowest polygon index holding each point (-1) and the hit count per point."""
    n = len(x)
    best = np.full(n, -1, dtype=np.int64)
    if n == 0:
        return best, np.zeros(0, dtype=np.int64)
    pi, ai = tree.query(shapely.points(x, y))
    order = np.lexsort((ai, pi))
    pi, ai = pi[order], ai[order]
    hit = intersects_pairs(geoms, pi, ai, x, y, threads)
    pi, ai = pi[hit], ai[hit]
    first = np.ones(len(pi), bool)
    first[1:] = pi[1:] != pi[:-1]
    best[pi[first]] = ai[first]
    return best, np.bincount(pi, minlength=n)


def _boundary_keys(coords, owner, x0, y0, cell, nx, nn) -> np.ndarray:
    """Sorted unique ``cell * nn + polygon`` of the cells marked by the vertices ``coords`` of polygons ``owner``."""
    cx = np.floor((coords[:, 0] - x0) / cell).astype(np.int64)
    cy = np.floor((coords[:, 1] - y0) / cell).astype(np.int64)
    dx, dy = cx[1:] - cx[:-1], cy[1:] - cy[:-1]
    diag = (owner[1:] == owner[:-1]) & (np.abs(dx) == 1) & (np.abs(dy) == 1)
    k = np.flatnonzero(diag)
    own = cy * nx + cx
    step = np.r_[True, (own[1:] != own[:-1]) | (owner[1:] != owner[:-1])]  # drop repeats along a line
    cells = np.concatenate([own[step], cy[k] * nx + cx[k] + dx[k], (cy[k] + dy[k]) * nx + cx[k]])
    polys = np.concatenate([owner[step], owner[k], owner[k]])
    key = np.sort(cells * nn + polys)  # by cell, then polygon (np.unique hashes: slower here)
    return key[np.r_[True, key[1:] != key[:-1]]]


class GridIndex:
    """Raster index over ``geoms`` (see the module docstring).

    Parameters
    ----------
    geoms : array of shapely polygons
    cell : float, optional
        Cell size; default a sixteenth of the square root of the median polygon area,
        enlarged if the grid would exceed :data:`MAX_CELLS` cells.
    points : int, optional
        The number of points the index is built for (when the cell size is not given). The
        build costs time per cell (~1/g^2) and the exact tests time per point near a
        boundary (~n g), so the default cell is enlarged by
        ``m = (POINTS_PER_CELL_COST * cells / points) ** (1/3)``, between 1 and 4: the
        minimum of ``a cells / m^2 + b n m``, with ``a/b`` measured in
        ``benchmarks/bench_assign.py`` (1,000,000 points on 14,500 buurten: m = 1.5).
    """

    def __init__(self, geoms, cell: float | None = None, points: int | None = None, threads: int = 2):
        self.geoms = np.asarray(geoms, dtype=object)
        n = len(self.geoms)
        self.tree = shapely.STRtree(self.geoms)
        xmin, ymin, xmax, ymax = shapely.total_bounds(self.geoms)
        width, height = max(xmax - xmin, 1e-9), max(ymax - ymin, 1e-9)
        if cell is None:
            a = shapely.area(self.geoms)
            cell = float(np.sqrt(np.median(a[a > 0])) / 16) if (a > 0).any() else max(width, height)
            if points:
                cells = (width / cell + 1) * (height / cell + 1)
                cell *= float(np.clip((POINTS_PER_CELL_COST * cells / points) ** (1 / 3), 1.0, 4.0))
        cell = max(cell, np.sqrt(width * height / MAX_CELLS))
        # the rings' vertices straight from the polygons (a jump from one ring to the next only adds marks)
        coords, owner = shapely.get_coordinates(self.geoms, return_index=True)
        seg = np.hypot(np.diff(coords[:, 0]), np.diff(coords[:, 1]))[owner[1:] == owner[:-1]]
        longest = float(seg.max()) if len(seg) else 0.0
        if cell / 2 < longest <= cell:  # a slightly larger cell saves densifying every boundary
            cell = 2 * longest
        self.cell, self.x0, self.y0 = float(cell), float(xmin), float(ymin)
        self.nx = int(np.floor(width / cell)) + 1
        self.ny = int(np.floor(height / cell)) + 1
        nx, ny = self.nx, self.ny
        # 1. mark the cells of densified boundary vertices (and diagonal passages); two halves of
        # the polygons in two threads (numpy and GEOS release the GIL), merged in one linear pass
        densify = longest > cell / 2  # densify only when needed (it copies every line)
        nn = max(n, 1)
        cuts = np.unique(np.linspace(0, n, max(1, min(threads, n)) + 1).astype(np.int64))

        def marks(ab):
            a, b = int(ab[0]), int(ab[1])
            if densify:
                c, o = shapely.get_coordinates(shapely.segmentize(self.geoms[a:b], cell / 2), return_index=True)
                o = o + a
            else:
                lo, hi = np.searchsorted(owner, [a, b])
                c, o = coords[lo:hi], owner[lo:hi]
            return _boundary_keys(c, o, xmin, ymin, cell, nx, nn)

        if len(cuts) > 2:
            with ThreadPoolExecutor(len(cuts) - 1) as pool:
                parts = list(pool.map(marks, zip(cuts[:-1], cuts[1:])))
            key = np.sort(np.concatenate(parts), kind="stable")  # sorted runs: timsort merges them
        else:
            key = marks((0, n))
        band = np.zeros(ny * nx, bool)
        band[key // nn] = True
        # 2. label the unmarked cells and locate one representative per component
        labels, ncomp = ndimage.label(~band.reshape(ny, nx))
        self.labels = labels.ravel()
        runs = np.flatnonzero(np.r_[True, self.labels[1:] != self.labels[:-1]])  # starts of equal-label runs
        rep = np.zeros(ncomp + 1, dtype=np.int64)
        rep[self.labels[runs]] = runs  # any one cell of each component will do
        rep = rep[1:]
        rx = self.x0 + (rep % nx + 0.5) * cell
        ry = self.y0 + (rep // nx + 0.5) * cell
        self.comp_poly = np.full(ncomp + 1, -1, dtype=np.int64)
        best, hits = first_hits(rx, ry, self.geoms, self.tree, threads=1)
        self.comp_poly[1:] = best
        # 3. candidates of band cells: the polygons whose boundary passes through them. A boundary
        # point of a polygon always lies in a cell marked with that polygon, so for areas that do
        # not overlap this is complete. Overlap shows as a component inside two polygons; then the
        # polygons of the 4-adjacent components are added too.
        self.overlap = bool((hits > 1).any())
        if self.overlap:
            band_cells = np.flatnonzero(band)
            bx, by = band_cells % nx, band_cells // nx
            extra_c, extra_p = [], []
            for ox, oy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                ok = (bx + ox >= 0) & (bx + ox < nx) & (by + oy >= 0) & (by + oy < ny)
                nb = self.comp_poly[self.labels[band_cells[ok] + oy * nx + ox]]
                keep = nb >= 0
                extra_c.append(band_cells[ok][keep])
                extra_p.append(nb[keep])
            extra = np.concatenate(extra_c) * nn + np.concatenate(extra_p)
            key = np.sort(np.concatenate([key, extra]))
            key = key[np.r_[True, key[1:] != key[:-1]]]
        kc, self.cand = key // nn, key % nn
        start = np.flatnonzero(np.r_[True, kc[1:] != kc[:-1]])
        self.cand_cells = kc[start]
        self.cand_ptr = np.append(start, len(kc))
        self.n_band = int(band.sum())
        # a band cell's label is -(1 + its position in cand_cells): one lookup finds its candidates
        self.labels[self.cand_cells] = -1 - np.arange(len(self.cand_cells), dtype=self.labels.dtype)

    def locate(self, x, y, threads: int = 2) -> tuple[np.ndarray, int]:
        """Lowest-index polygon holding each point (-1 outside) and the number of points on shared boundaries."""
        x = np.ascontiguousarray(x, dtype=float)
        y = np.ascontiguousarray(y, dtype=float)
        n = len(x)
        out = np.full(n, -1, dtype=np.int64)
        fx = np.floor((x - self.x0) / self.cell)
        fy = np.floor((y - self.y0) / self.cell)
        ok = (fx >= 0) & (fx < self.nx) & (fy >= 0) & (fy < self.ny)  # False for NaN too
        idx = np.flatnonzero(ok)
        cid = fy[idx].astype(np.int64) * self.nx + fx[idx].astype(np.int64)
        lab = self.labels[cid]
        inner = lab > 0
        out[idx[inner]] = self.comp_poly[lab[inner]]
        bp, pos = idx[~inner], -1 - lab[~inner].astype(np.int64)
        if len(bp) == 0:
            return out, 0
        start = self.cand_ptr[pos]
        cnt = self.cand_ptr[pos + 1] - start
        total = int(cnt.sum())
        offs = np.repeat(np.cumsum(cnt) - cnt, cnt)
        pair_poly = self.cand[np.repeat(start, cnt) + np.arange(total) - offs]
        pair_pt = np.repeat(bp, cnt)
        # a prepared polygon (GEOS builds an index on first use, ~0.1 ms for 200 vertices) pays off
        # only for polygons tested many times; the others are tested directly
        busy = np.flatnonzero(np.bincount(pair_poly, minlength=len(self.geoms)) >= PREPARE_MIN_TESTS)
        shapely.prepare(self.geoms[busy])
        hit = intersects_pairs(self.geoms, pair_pt, pair_poly, x, y, threads)
        hp, ha = pair_pt[hit], pair_poly[hit]
        first = np.ones(len(hp), bool)
        first[1:] = hp[1:] != hp[:-1]  # candidates are in ascending polygon order per point
        out[hp[first]] = ha[first]
        on_boundary = int((np.bincount(hp, minlength=n) > 1).sum()) if len(hp) else 0
        missed = bp[out[bp] < 0]
        if len(missed):  # overlapping polygons or outside all: the exact path decides
            best, hits = first_hits(x[missed], y[missed], self.geoms, self.tree, threads)
            out[missed] = best
            on_boundary += int((hits > 1).sum())
        return out, on_boundary
