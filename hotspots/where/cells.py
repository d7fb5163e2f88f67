"""Incidents counted in square or hexagonal cells (for Gi* on a grid).

Squares are aligned to multiples of the cell size in RD New, like the CBS grid
(vierkantstatistieken: 100 m, 500 m); their code is CBS-style, ``E1234N5678`` with
the south-west corner in hectometres when the size is a multiple of 100 m.
Hexagons are pointy-topped; ``cell`` is the distance between the centres of two
neighbouring hexagons (so a hexagon covers :math:`\\frac{\\sqrt 3}{2} \\cdot cell^2`).
A point is binned by arithmetic (floor for squares, cube rounding of axial
coordinates for hexagons; Patel, *Hexagonal Grids*, Red Blob Games), not by a
polygon test.

Only cells that share more than a boundary with the study area are kept (the areas
without water, or else the convex hull of the incidents), including those without
incidents: an empty cell is information, not missing data. The study area may be given
as the area polygons themselves: cells are then tested against each polygon through an
STRtree, which at national scale is much faster than against their union.

>>> import numpy as np
>>> c = make_cells(np.array([10.0, 20.0, 260.0]), np.array([10.0, 30.0, 10.0]), cell=250)
>>> c.frame[["code", "count"]].values.tolist()
[['C0_0', 2], ['C250_0', 1]]
"""
from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely

from kernel.errors import AnalysisError
from kernel.schema import RD_NEW

from kernel.nl import plain

SHAPES = ("square", "hexagon")
MAX_CELLS = 2_000_000
SQRT3 = np.sqrt(3.0)


@dataclass
class Cells:
    """Cells with their incident counts.

    Attributes
    ----------
    frame : geopandas.GeoDataFrame
        ``code``, ``count``, ``x``, ``y`` (centre) and ``geometry``, EPSG:28992.
    index : numpy.ndarray
        Row of ``frame`` per incident, -1 when the incident is in no kept cell.
    shape, cell : the cell shape and size in metres.
    """

    frame: gpd.GeoDataFrame
    index: np.ndarray
    shape: str
    cell: float
    notes: list = field(default_factory=list)

    @property
    def outside(self) -> int:
        return int((self.index < 0).sum())

    def neighbour_distance(self, criterion: str = "queen") -> float:
        """Distance band (m) that makes adjacent cells neighbours: rook 1 cell, queen the diagonal too."""
        if self.shape == "hexagon" or criterion == "rook":
            return self.cell
        return self.cell * np.sqrt(2.0)


def _square_code(ix, iy, cell):
    if cell % 100 == 0:
        f = cell / 100
        return [f"E{int(a * f):04d}N{int(b * f):04d}" for a, b in zip(ix, iy)]
    return [f"C{int(a * cell)}_{int(b * cell)}" for a, b in zip(ix, iy)]


def _hex_axial(x, y, cell):
    """Axial (q, r) of the pointy-top hexagon holding each point (cube rounding)."""
    size = cell / SQRT3  # centre to corner
    qf = (SQRT3 / 3 * x - y / 3) / size
    rf = (2 / 3 * y) / size
    sf = -qf - rf
    q, r, s = np.round(qf), np.round(rf), np.round(sf)
    dq, dr, ds = np.abs(q - qf), np.abs(r - rf), np.abs(s - sf)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    q = np.where(fix_q, -r - s, q)
    r = np.where(fix_r, -q - s, r)
    return q.astype(np.int64), r.astype(np.int64)


def _hex_centre(q, r, cell):
    size = cell / SQRT3
    return size * SQRT3 * (q + r / 2.0), size * 1.5 * r


def _hexagons(cx, cy, cell):
    size = cell / SQRT3
    ang = np.deg2rad(30 + 60 * np.arange(6))
    ring = np.stack([cx[:, None] + size * np.cos(ang), cy[:, None] + size * np.sin(ang)], axis=-1)
    return shapely.polygons(ring)


def make_cells(x, y, cell: float = 250.0, shape: str = "square", study_area=None) -> Cells:
    """Count incidents in cells covering the study area.

    Parameters
    ----------
    x, y : array_like
        Incident coordinates (RD New metres).
    cell : float
        Cell size in metres (square side, or distance between hexagon centres).
    shape : {"square", "hexagon"}
    study_area : shapely geometry or array of polygons, optional
        Cells must overlap it; default the convex hull of the incidents.
    """
    if shape not in SHAPES:
        raise AnalysisError(f"Onbekende celvorm '{shape}'; kies square of hexagon.")
    if not cell > 0:
        raise AnalysisError("De celgrootte moet groter dan 0 meter zijn.")
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    ok = np.isfinite(x) & np.isfinite(y)
    if study_area is None:
        if ok.sum() == 0:
            raise AnalysisError("Geen incidenten met coördinaten om in cellen te tellen.")
        study_area = shapely.convex_hull(shapely.multipoints(np.column_stack([x[ok], y[ok]])))
        study_area = shapely.buffer(study_area, cell / 2) if study_area.area == 0 else study_area
    parts = np.atleast_1d(np.asarray(study_area, dtype=object))
    xmin, ymin, xmax, ymax = shapely.total_bounds(parts)
    if shape == "square":
        ix0, iy0 = int(np.floor(xmin / cell)), int(np.floor(ymin / cell))
        ix1, iy1 = int(np.floor(xmax / cell)), int(np.floor(ymax / cell))
        total = (ix1 - ix0 + 1) * (iy1 - iy0 + 1)
        if total > MAX_CELLS:
            raise AnalysisError(f"Te veel cellen ({total}); kies een grotere celgrootte dan {plain(cell)} m.")
        gx, gy = np.meshgrid(np.arange(ix0, ix1 + 1), np.arange(iy0, iy1 + 1))
        gx, gy = gx.ravel(), gy.ravel()
        geoms = shapely.box(gx * cell, gy * cell, (gx + 1) * cell, (gy + 1) * cell)
        cx, cy = (gx + 0.5) * cell, (gy + 0.5) * cell
        pkey = np.full(len(x), -1, dtype=np.int64)
        pkey[ok] = (np.floor(y[ok] / cell).astype(np.int64) - iy0) * (ix1 - ix0 + 1) \
            + (np.floor(x[ok] / cell).astype(np.int64) - ix0)
        inside_box = ok & (x >= ix0 * cell) & (x < (ix1 + 1) * cell) & (y >= iy0 * cell) & (y < (iy1 + 1) * cell)
        pkey[~inside_box] = -1
        key_of_cell = np.arange(len(geoms))
    else:
        corners_q, corners_r = _hex_axial(np.array([xmin, xmax, xmin, xmax]), np.array([ymin, ymin, ymax, ymax]), cell)
        r0, r1 = corners_r.min() - 1, corners_r.max() + 1
        q0, q1 = corners_q.min() - (r1 - r0) // 2 - 2, corners_q.max() + (r1 - r0) // 2 + 2
        total = (q1 - q0 + 1) * (r1 - r0 + 1)
        if total > MAX_CELLS:
            raise AnalysisError(f"Te veel cellen ({total}); kies een grotere celgrootte dan {plain(cell)} m.")
        gq, gr = np.meshgrid(np.arange(q0, q1 + 1), np.arange(r0, r1 + 1))
        gq, gr = gq.ravel(), gr.ravel()
        cx, cy = _hex_centre(gq, gr, cell)
        near = (cx >= xmin - cell) & (cx <= xmax + cell) & (cy >= ymin - cell) & (cy <= ymax + cell)
        gq, gr, cx, cy = gq[near], gr[near], cx[near], cy[near]
        geoms = _hexagons(cx, cy, cell)
        width = q1 - q0 + 1
        key_of_cell = (gr - r0) * width + (gq - q0)
        pq, pr = _hex_axial(np.where(ok, x, 0), np.where(ok, y, 0), cell)
        pkey = np.where(ok & (pq >= q0) & (pq <= q1) & (pr >= r0) & (pr <= r1), (pr - r0) * width + (pq - q0), -1)
    ci, pi = shapely.STRtree(parts).query(geoms, predicate="intersects")
    real = ~shapely.touches(geoms[ci], parts[pi])  # sharing only an edge or a corner does not count
    kept = np.unique(ci[real])
    if shape == "square":
        codes_all = _square_code(gx[kept], gy[kept], cell)
    else:
        codes_all = [f"H{int(a)}_{int(b)}" for a, b in zip(gq[kept], gr[kept])]
    row_of_key = np.full(total, -1, dtype=np.int64)  # cell key -> row of frame (-1: cell not kept)
    row_of_key[key_of_cell[kept]] = np.arange(len(kept))
    index = np.full(len(x), -1, dtype=np.int64)
    has = pkey >= 0
    index[has] = row_of_key[pkey[has]]
    count = np.bincount(index[index >= 0], minlength=len(kept))
    frame = gpd.GeoDataFrame({"code": codes_all, "count": count, "x": cx[kept], "y": cy[kept]},
                             geometry=geoms[kept], crs=RD_NEW)
    vorm = "vierkante" if shape == "square" else "zeshoekige"
    notes = [f"Incidenten geteld in {len(kept)} {vorm} cellen van {plain(cell)} m "
             f"({int((count == 0).sum())} zonder incidenten, die tellen mee)."]
    return Cells(frame=frame, index=index, shape=shape, cell=float(cell), notes=notes)


def cell_names(cells, areas) -> list[str]:
    """A readable name per cell: the area its centre lies in and a number within that area.

    ``cells`` has the cell centres in ``x`` and ``y`` (RD metres, as :func:`make_cells` writes them);
    ``areas`` has ``geometry`` and ``name`` (or ``code``). A cell whose centre lies in no area (at the
    edge of the study area) is named after the nearest one. The numbers follow the cells from north-west
    to south-east, so that "cel 1" is the top-left cell of an area.

    >>> from shapely.geometry import box
    >>> areas = gpd.GeoDataFrame({"name": ["Noord", "Zuid"]}, geometry=[box(0, 100, 200, 200), box(0, 0, 200, 100)])
    >>> cells = gpd.GeoDataFrame({"x": [50, 150, 50, 150], "y": [150, 150, 50, 50]})
    >>> cell_names(cells, areas)
    ['Noord, cel 1', 'Noord, cel 2', 'Zuid, cel 1', 'Zuid, cel 2']
    """
    labels = (areas["name"] if "name" in areas else areas["code"]).astype(str).to_numpy()
    x, y = np.asarray(cells["x"], float), np.asarray(cells["y"], float)
    points = shapely.points(x, y)
    geoms = np.asarray(areas.geometry.values)
    tree = shapely.STRtree(geoms)
    owner = np.full(len(points), -1, dtype=np.int64)
    pi, ai = tree.query(points, predicate="within")
    owner[pi] = ai  # a centre on a shared edge: one of the two, either is right
    missing = np.flatnonzero(owner < 0)
    if len(missing):
        owner[missing] = tree.nearest(points[missing])
    order = np.lexsort((x, -y))  # north to south, then west to east
    seen: dict[int, int] = {}
    numbers = np.zeros(len(points), dtype=np.int64)
    for i in order:
        seen[owner[i]] = numbers[i] = seen.get(owner[i], 0) + 1
    return [f"{labels[o]}, cel {n}" for o, n in zip(owner, numbers)]
