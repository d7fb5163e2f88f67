"""Spatial weights: who is whose neighbour (queen, rook, k-nearest, distance band).

Contiguity is computed from **shared vertices**, the criterion of libpysal's
``Queen``/``Rook`` (and GeoDa): two polygons are queen neighbours when they
share at least one vertex, rook neighbours when they share an edge (two
consecutive vertices). Instead of comparing polygon pairs, every vertex gets a
label (exact coordinates hashed with :func:`pandas.factorize`; with a snapping
``tolerance`` vertices closer than that are merged with a k-d tree, so that
barely touching buurten are neighbours), and the neighbour matrix is the
sparse product ``M.T @ M`` of the vertex-by-polygon incidence matrix ``M``.

k-nearest and distance-band weights use :class:`scipy.spatial.cKDTree` on
points (or on the centroids of polygons). Distances are metres: a frame in a
geographic CRS is projected to RD New (EPSG:28992) first, and that is said in
``notes``.

The contiguity of the last few sets of areas is remembered by the content of their geometries
(:class:`kernel.recent.Recent`): the window's worker process gets the same buurten, pickled anew, at every
switch of period or category, and their neighbours cost 2 s nationally (a fingerprint 0.1 s).

Islands (areas without neighbours) are reported and, by default, linked to
their nearest area (a k-nearest fallback, both ways) so every statistic is
defined; disconnected parts are counted (``components``). Nothing here raises
for islands.

References: Anselin, L. (1988) *Spatial Econometrics*, ch. 3; Rey, S. & Anselin, L.
(2007) PySAL, for the vertex criterion.

>>> import geopandas as gpd
>>> from shapely.geometry import box
>>> sq = gpd.GeoDataFrame({"code": list("ABCD")}, crs="EPSG:28992",
...     geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(0, 1, 1, 2), box(1, 1, 2, 2)])
>>> queen(sq).neighbours("A"), rook(sq).neighbours("A")
(['B', 'C', 'D'], ['B', 'C'])
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from kernel.errors import AnalysisError
from kernel.schema import in_metres

from kernel.nl import listing, plain
from kernel.recent import Recent, positions, same_objects

KIND_LABELS = {"queen": "koningin (queen): gedeelde grens of hoekpunt",
               "rook": "toren (rook): gedeelde grens",
               "knn": "k dichtstbijzijnde buren", "distance": "afstandsband"}

#: Relative slack that makes a distance band inclusive despite float rounding.
INCLUSIVE = 1e-9


@dataclass
class Weights:
    """Binary spatial weights.

    Attributes
    ----------
    ids : numpy.ndarray
        The area (or cell, point) identifiers, in the order of the input.
    sparse : scipy.sparse.csr_matrix
        n x n binary (0/1) matrix without diagonal; row i lists the neighbours of i.
    kind : str
        ``queen``, ``rook``, ``knn`` or ``distance``.
    islands : list
        Ids that had no neighbour at all (before any fallback).
    fallback : list
        Ids that got their nearest area as neighbour because they were islands.
    notes : list of str
        Dutch sentences on what was done (projection, fallback, tolerance).
    """

    ids: np.ndarray
    sparse: sparse.csr_matrix
    kind: str
    islands: list = field(default_factory=list)
    fallback: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    params: dict = field(default_factory=dict)

    @property
    def n(self) -> int:
        return self.sparse.shape[0]

    @property
    def cardinalities(self) -> np.ndarray:
        return np.diff(self.sparse.indptr)

    def neighbours(self, id_) -> list:
        i = int(np.flatnonzero(self.ids == id_)[0])
        return sorted(self.ids[self.sparse.indices[self.sparse.indptr[i]:self.sparse.indptr[i + 1]]].tolist())

    def components(self) -> int:
        return int(connected_components(self.sparse, directed=True, connection="weak")[0]) if self.n else 0

    def summary(self) -> dict:
        """Numbers for a report: islands, neighbours min/mean/max, connected parts."""
        card = self.cardinalities
        return {"kind": self.kind, "label": KIND_LABELS.get(self.kind, self.kind), "n": self.n,
                **self.params,
                "islands": [str(i) for i in self.islands], "n_islands": len(self.islands),
                "fallback": [str(i) for i in self.fallback],
                "neighbours_min": int(card.min()) if self.n else 0,
                "neighbours_mean": round(float(card.mean()), 3) if self.n else 0.0,
                "neighbours_max": int(card.max()) if self.n else 0,
                "components": self.components()}


def binary_matrix(w) -> sparse.csr_matrix:
    """The 0/1 neighbour matrix without diagonal (sorted indices) of ``w``.

    ``w`` is a :class:`Weights` (its own matrix is returned, no copy), an object with a
    ``sparse`` attribute, or any matrix-like; non-zero off-diagonal entries become 1.
    """
    if isinstance(w, Weights):
        return w.sparse
    m = sparse.csr_matrix(getattr(w, "sparse", w), dtype=float)
    m.setdiag(0)
    m.eliminate_zeros()
    m.data[:] = 1.0
    m.sort_indices()
    return m


def row_standardise(m) -> sparse.csr_matrix:
    """``m`` divided by its row sums (CSR, sorted indices); empty rows stay zero."""
    m = sparse.csr_matrix(m, dtype=float)
    rs = np.asarray(m.sum(axis=1)).ravel()
    out = sparse.csr_matrix(sparse.diags(np.divide(1.0, rs, out=np.zeros_like(rs), where=rs > 0)) @ m)
    out.sort_indices()
    return out


#: The weightings of the local statistics (Gi*, local Moran's I): binary as ArcGIS, or row-standardised.
TRANSFORMS = ("binary", "row")


def check_transform(transform: str) -> str:
    """``transform`` when it is one of :data:`TRANSFORMS`, else a Dutch :class:`AnalysisError`."""
    if transform not in TRANSFORMS:
        raise AnalysisError(f"Onbekende weging '{transform}'; kies binary of row.")
    return transform


# --------------------------------------------------------------------------------- helpers
def metric_frame(frame, notes: list | None = None):
    """``frame`` in metres: a geographic CRS is projected to RD New (noted); unknown CRS is kept
    (:func:`kernel.schema.in_metres`, the rule every step shares).

    Raises
    ------
    AnalysisError
        When the frame is geographic and cannot be projected.
    """
    return in_metres(frame, notes)


def _ids(frame, ids):
    if ids is not None:
        return np.asarray(ids)
    if hasattr(frame, "columns") and "code" in frame.columns:
        return frame["code"].to_numpy()
    return np.arange(len(frame))


def _binary(rows, cols, n) -> sparse.csr_matrix:
    keep = rows != cols
    m = sparse.csr_matrix((np.ones(int(keep.sum()), dtype=np.int8), (rows[keep], cols[keep])), shape=(n, n))
    m.sum_duplicates()
    m.data[:] = 1
    m.sort_indices()
    return m


def _vertex_labels(coords: np.ndarray, tolerance: float) -> np.ndarray:
    """One integer per vertex; equal coordinates (or closer than ``tolerance``) share a label."""
    c = np.ascontiguousarray(coords[:, :2], dtype=float) + 0.0  # + 0.0: -0.0 becomes 0.0, the same point
    labels, pts = _equal_points(c)
    if tolerance > 0 and len(pts) > 1:
        # an unbalanced tree without compact nodes is built faster (1.4 million national vertices 0.53 -> 0.32 s
        # with the pairs); the pairs within the tolerance are the same whatever the tree's shape
        tree = cKDTree(pts, balanced_tree=False, compact_nodes=False)
        pairs = tree.query_pairs(tolerance, output_type="ndarray")
        if len(pairs):
            g = sparse.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(len(pts),) * 2)
            _, merged = connected_components(g, directed=False)
            labels = merged[labels]
    return labels


def _equal_points(c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A label per row of the points ``c`` (n x 2, C-ordered), equal points the same, in order of first
    appearance, and the distinct points in that order.

    Hashes the two coordinates' bits into one integer for pandas' int64 table (2.2x faster than its complex128
    table: 1.9 million national wijk vertices 0.18 -> 0.08 s); points that share a hash are compared, and any
    two different points with the same hash send all of them through the complex table instead."""
    bits = c.view(np.int64)
    labels, _ = pd.factorize(bits[:, 0] * np.int64(-7046029254386353131) ^ bits[:, 1])  # 2**64 / golden ratio
    first = np.empty(labels.max() + 1 if len(labels) else 0, dtype=np.intp)
    first[labels[::-1]] = np.arange(len(labels) - 1, -1, -1)  # each label's first row
    if not np.array_equal(c[first[labels]], c):  # two different points with one hash
        labels, uniq = pd.factorize(c.view(np.complex128).ravel())
        return labels, np.column_stack([uniq.real, uniq.imag])
    return labels, c[first]


def _shared(keys: np.ndarray, owner: np.ndarray, n: int) -> sparse.csr_matrix:
    """Polygon pairs that share a key (vertex or edge label): M.T @ M of the key x polygon incidence.

    A key a polygon holds twice (a ring's closing vertex, a vertex its own rings share) only adds to the
    diagonal, which :func:`_binary` drops: the pairs need not be made unique first (that took 0.5 of the 1.8 s of
    the national buurten's neighbours)."""
    if len(keys) == 0:
        return sparse.csr_matrix((n, n), dtype=np.int8)
    per_key = np.bincount(keys)
    multi = per_key[keys] > 1  # keys used once cannot make neighbours
    k, o = keys[multi], owner[multi]
    k, uk = pd.factorize(k)
    m = sparse.csr_matrix((np.ones(len(k), dtype=np.int32), (k, o)), shape=(len(uk), n))
    a = (m.T @ m).tocoo()
    return _binary(a.row, a.col, n)


def _finish(ids, m, kind, notes, params, coords=None, fallback=True) -> Weights:
    card = np.diff(m.indptr)
    island_idx = np.flatnonzero(card == 0)
    w = Weights(ids=ids, sparse=m, kind=kind, islands=ids[island_idx].tolist(), notes=notes, params=params)
    if len(island_idx):
        names = listing(w.islands)
        if fallback and coords is not None and len(ids) > 1:
            tree = cKDTree(coords)
            _, nn = tree.query(coords[island_idx], k=2)
            other = np.where(nn[:, 0] == island_idx, nn[:, 1], nn[:, 0])
            rows = np.concatenate([m.tocoo().row, island_idx, other])
            cols = np.concatenate([m.tocoo().col, other, island_idx])
            w.sparse = _binary(rows, cols, len(ids))
            w.fallback = list(w.islands)
            notes.append(f"{len(island_idx)} gebied(en) zonder buren ({names}) kregen het dichtstbijzijnde "
                         "gebied als buur (terugval op k-dichtstbijzijnde, k=1).")
        else:
            notes.append(f"{len(island_idx)} gebied(en) zonder buren: {names}.")
    return w


def _centroids(frame) -> np.ndarray:
    if hasattr(frame, "geometry"):
        c = shapely.centroid(frame.geometry.values)
        return shapely.get_coordinates(c)
    arr = np.asarray(frame, dtype=float)
    if arr.ndim != 2 or arr.shape[1] < 2:
        raise AnalysisError("Verwacht punten als een tabel met twee kolommen (x, y in meters).")
    return arr[:, :2]


# --------------------------------------------------------------------------------- constructors
def queen(areas, tolerance: float = 0.0, *, ids=None, fallback: bool = True) -> Weights:
    """Queen contiguity: polygons sharing at least one vertex (within ``tolerance`` metres).

    Parameters
    ----------
    areas : geopandas.GeoDataFrame or array of polygons
    tolerance : float
        Snapping distance in metres; vertices closer than this count as shared.
        0 gives exactly libpysal's ``Queen`` (shared identical vertices).
    fallback : bool
        Link islands to their nearest area (both ways).
    """
    return _contiguity(areas, tolerance, ids, fallback, rook_only=False)


def rook(areas, tolerance: float = 0.0, *, ids=None, fallback: bool = True) -> Weights:
    """Rook contiguity: polygons sharing an edge (two consecutive vertices), as libpysal's ``Rook``."""
    return _contiguity(areas, tolerance, ids, fallback, rook_only=True)


def _contiguity(areas, tolerance, ids, fallback, rook_only) -> Weights:
    notes: list[str] = []
    if tolerance < 0:
        raise AnalysisError("De tolerantie voor buren kan niet negatief zijn.")
    areas = metric_frame(areas, notes)
    ids = _ids(areas, ids)
    geoms = np.asarray(areas.geometry.values if hasattr(areas, "geometry") else areas, dtype=object)
    memo_key = (float(tolerance), bool(rook_only))
    m = _CONTIGUITY.get(geoms, memo_key)
    if m is None:
        m = _from_finer(geoms, tolerance, rook_only)
        if m is None:
            m = _contiguity_matrix(geoms, tolerance, rook_only)
        _CONTIGUITY.put(geoms, memo_key, m)
    m = m.copy()  # the remembered matrix stays as it was, whatever the caller does with its weights
    kind = "rook" if rook_only else "queen"
    if tolerance > 0:
        notes.append(f"Hoekpunten binnen {plain(tolerance)} m van elkaar gelden als gedeeld (snaptolerantie).")
    params = {"tolerance_m": tolerance}
    return _finish(ids, m, kind, notes, params, _centroids(areas) if fallback else None, fallback)


def _contiguity_matrix(geoms: np.ndarray, tolerance: float, rook_only: bool) -> sparse.csr_matrix:
    """The binary matrix of polygons sharing a vertex (``rook_only``: an edge), see the module docstring."""
    n = len(geoms)
    lines, owner = shapely.get_parts(shapely.boundary(geoms), return_index=True)
    coords, line = shapely.get_coordinates(lines, return_index=True)
    labels = _vertex_labels(coords, tolerance)
    vowner = owner[line]
    if rook_only:
        same = line[1:] == line[:-1]
        a, b = labels[:-1][same], labels[1:][same]
        ok = a != b
        lo, hi = np.minimum(a, b)[ok], np.maximum(a, b)[ok]
        keys, _ = pd.factorize(lo.astype(np.int64) * (int(labels.max()) + 1) + hi)
        return _shared(keys, vowner[:-1][same][ok], n)
    closing = np.r_[line[1:] != line[:-1], True]  # a ring's last vertex repeats its first
    return _shared(labels[~closing], vowner[~closing], n)


#: The contiguity matrices of the last few sets of areas, by the content of their geometries (the window's
#: worker computes the hot spots of the same 14,500 buurten at every switch of period or category: 2 s each).
_CONTIGUITY = Recent(keep=4)


def unions_of(unions, parts, groups) -> None:
    """Say that each of ``unions`` is the coverage union of the ``parts`` whose ``groups`` entry is its index
    (:func:`hotspots.levels.dissolve`: wijken made of buurten). A coverage union adds no vertex and takes none
    away, so two unions share a vertex (an edge) exactly where two of their parts do, and their queen and rook
    neighbours follow from those of the parts (:func:`_from_finer`), which the window's worker knows from the
    hot spots of the buurten it showed before the switch to wijken (the national wijken's own neighbours
    took 0.45-0.8 s of that switch). Said of the same union objects, the geometry objects identify them.

    With a snapping tolerance, two unions are neighbours where two of their parts are: vertices of the unions
    closer than the tolerance are vertices of their parts, so every pair found on the unions themselves is
    found, and also a part that nearly touches another wijk's part at a vertex the union left inside (real
    near-contacts; on the real divisions tested, none: tests/test_weights_unions.py)."""
    entry = (np.asarray(unions, dtype=object), np.asarray(parts, dtype=object), np.asarray(groups, dtype=np.intp))
    if len(entry[1]) != len(entry[2]):
        raise ValueError("unions_of: one group per part")
    with _UNIONS_LOCK:
        kept = [e for e in _UNIONS_OF if not same_objects(e[0], entry[0])]
        _UNIONS_OF[:] = kept[max(0, len(kept) - _UNIONS_KEEP + 1):] + [entry]


#: What :func:`unions_of` was told last: ``(unions, parts, group of each part)``, the newest last.
_UNIONS_OF: list = []
_UNIONS_KEEP = 4
_UNIONS_LOCK = threading.Lock()


def _from_finer(geoms: np.ndarray, tolerance: float, rook_only: bool) -> sparse.csr_matrix | None:
    """The contiguity of ``geoms`` from that of their parts, where each is a union :func:`unions_of` was told
    about and the parts' own contiguity (with the same ``tolerance``) is remembered (for most of them: see
    :func:`_part_pairs`); else None."""
    with _UNIONS_LOCK:
        entries = list(_UNIONS_OF)
    for unions, parts, groups in reversed(entries):
        pos = positions(unions, geoms)
        if (pos < 0).any() or len(np.unique(pos)) != len(pos):
            continue
        pairs = _part_pairs(parts, tolerance, rook_only)
        if pairs is None:
            return None
        row_of = np.full(len(unions), -1, dtype=np.intp)
        row_of[pos] = np.arange(len(geoms))
        part_row = np.where(groups >= 0, row_of[np.maximum(groups, 0)], -1)
        a, b = part_row[pairs[0]], part_row[pairs[1]]
        both = (a >= 0) & (b >= 0)
        return _binary(a[both], b[both], len(geoms))
    return None


def _part_pairs(parts: np.ndarray, tolerance: float, rook_only: bool) -> tuple[np.ndarray, np.ndarray] | None:
    """The neighbour pairs (both ways) among ``parts``, by index, from a remembered contiguity of the same
    objects (the hot spots of the buurten leave out water, so most often of nearly all of them): the pairs of
    a part it lacks are computed among that part and the parts whose bounds come within ``tolerance`` of its own
    (sharing a vertex is a relation between two polygons). None when nothing remembered holds most parts."""
    best = None
    for objects, m in _CONTIGUITY.stored((float(tolerance), bool(rook_only))):
        pos = positions(parts, objects)
        if best is None or (pos >= 0).sum() > (best[0] >= 0).sum():
            best = (pos, m)
    if best is None or (best[0] >= 0).sum() < 0.75 * len(parts):
        return None
    pos, m = best
    coo = m.tocoo()
    a, b = pos[coo.row], pos[coo.col]
    both = (a >= 0) & (b >= 0)
    rows, cols = [a[both]], [b[both]]
    missing = np.setdiff1d(np.arange(len(parts)), pos[pos >= 0])
    if len(missing):
        around = shapely.envelope(parts[missing])
        _, near = shapely.STRtree(parts).query(shapely.buffer(around, tolerance) if tolerance > 0 else around)
        local = np.union1d(missing, near)
        sub = _contiguity_matrix(parts[local], tolerance, rook_only).tocoo()
        a, b = local[sub.row], local[sub.col]
        new = np.isin(a, missing) | np.isin(b, missing)
        rows.append(a[new])
        cols.append(b[new])
    return np.concatenate(rows), np.concatenate(cols)


def knn(points_or_areas, k: int = 8, *, ids=None) -> Weights:
    """The ``k`` nearest neighbours of each point (polygons: of each centroid); not symmetric.

    Ties at equal distance are broken by input order (scipy's k-d tree).
    """
    notes: list[str] = []
    frame = metric_frame(points_or_areas, notes)
    xy = _centroids(frame)
    n = len(xy)
    if k < 1:
        raise AnalysisError("Het aantal buren k moet minstens 1 zijn.")
    if n <= k:
        raise AnalysisError(f"Voor {k} buren zijn minstens {k + 1} gebieden of punten nodig (nu {n}).")
    _, nn = cKDTree(xy).query(xy, k=k + 1)
    rows = np.repeat(np.arange(n), k + 1)
    cols = nn.ravel()
    # drop self; when coincident points push self out of the first k+1, drop the last instead
    is_self = cols == rows
    no_self = ~is_self.reshape(n, k + 1).any(axis=1)
    drop = is_self.copy()
    drop.reshape(n, k + 1)[no_self, -1] = True
    m = _binary(rows[~drop], cols[~drop], n)
    return _finish(_ids(frame, ids), m, "knn", notes, {"k": k}, None, False)


def distance_band(points_or_areas, d: float, *, ids=None, fallback: bool = True) -> Weights:
    """Binary distance band: neighbours within ``d`` metres (inclusive), symmetric.

    Inclusive up to float rounding (a relative 1e-9): centres of a regular grid exactly
    ``d`` apart are neighbours even when their computed distance is a hair above ``d``.
    """
    notes: list[str] = []
    if not d > 0:
        raise AnalysisError("De afstandsband moet groter dan 0 meter zijn.")
    frame = metric_frame(points_or_areas, notes)
    xy = _centroids(frame)
    pairs = cKDTree(xy).query_pairs(d * (1 + INCLUSIVE), output_type="ndarray")
    rows = np.concatenate([pairs[:, 0], pairs[:, 1]]) if len(pairs) else np.zeros(0, int)
    cols = np.concatenate([pairs[:, 1], pairs[:, 0]]) if len(pairs) else np.zeros(0, int)
    m = _binary(rows, cols, len(xy))
    return _finish(_ids(frame, ids), m, "distance", notes, {"distance_m": float(d)}, xy if fallback else None,
                   fallback)


def from_spec(spec: str, areas, *, tolerance: float = 0.0) -> Weights:
    """Weights from a short text: ``queen``, ``rook``, ``knn:K`` or ``distance:METRES``.

    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> a = gpd.GeoDataFrame(geometry=[box(i, 0, i + 1, 1) for i in range(4)], crs="EPSG:28992")
    >>> from_spec("distance:1.5", a).summary()["neighbours_max"]
    2
    """
    name, _, arg = str(spec).strip().lower().partition(":")
    try:
        if name == "queen":
            return queen(areas, tolerance=float(arg) if arg else tolerance)
        if name == "rook":
            return rook(areas, tolerance=float(arg) if arg else tolerance)
        if name == "knn":
            return knn(areas, int(arg) if arg else 8)
        if name in ("distance", "afstand"):
            return distance_band(areas, float(arg.replace(",", ".")))
    except ValueError:
        pass
    raise AnalysisError(f"Onbekende buren-definitie '{spec}'; kies koningin (queen), toren (rook), dichtstbij:K "
                        "(knn:K) of afstand:METERS.")
