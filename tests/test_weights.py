"""Spatial weights: identical to libpysal's Queen/Rook/KNN/DistanceBand; islands, snapping, CRS."""
from __future__ import annotations

import geopandas as gpd
import libpysal
import numpy as np
import pandas as pd
import pytest
from libpysal.weights import KNN, DistanceBand, Queen, Rook
from shapely.geometry import box

from hotspot_data import groningen_areas
from hotspots.where.weights import distance_band, from_spec, knn, queen, rook
from kernel.errors import AnalysisError


@pytest.fixture(scope="module")
def columbus():
    # columbus ships inside the libpysal package (no download): libpysal/examples/columbus/
    return gpd.read_file(libpysal.examples.get_path("columbus.shp"))


def _same(ours, theirs):
    a = theirs.sparse.toarray() != 0
    b = ours.sparse.toarray() != 0
    assert (a == b).all(), f"{(a != b).sum()} cellen verschillen"


@pytest.mark.parametrize("ours,theirs", [(queen, Queen), (rook, Rook)])
def test_contiguity_identical_to_libpysal_on_columbus(columbus, ours, theirs):
    w = ours(columbus, ids=np.arange(len(columbus)), fallback=False)
    _same(w, theirs.from_dataframe(columbus, use_index=False))
    assert w.summary()["components"] == 1 and w.islands == []


@pytest.mark.parametrize("ours,theirs", [(queen, Queen), (rook, Rook)])
def test_contiguity_identical_to_libpysal_on_groningen_buurten(groningen, ours, theirs):
    areas = groningen_areas(groningen)
    w = ours(areas, fallback=False)
    _same(w, theirs.from_dataframe(areas, use_index=False))
    assert list(w.ids) == areas["code"].tolist()


@pytest.mark.parametrize("ours,theirs", [(queen, Queen), (rook, Rook)])
def test_contiguity_identical_to_libpysal_on_ermelo(shared_data, ours, theirs):
    areas = gpd.read_file(shared_data / "ermelo" / "ermelo_GM0233_buurten_2021_pdok.gpkg")
    _same(ours(areas, fallback=False), theirs.from_dataframe(areas, use_index=False))


def test_knn_and_distance_band_identical_to_libpysal(columbus):
    xy = np.column_stack([columbus["X"], columbus["Y"]])
    _same(knn(xy, 4), KNN.from_array(xy, k=4))
    w = distance_band(xy, 1.5, fallback=False)
    _same(w, DistanceBand.from_array(xy, threshold=1.5, binary=True, silence_warnings=True))
    assert (w.sparse != w.sparse.T).nnz == 0


def test_snapping_tolerance_makes_barely_touching_areas_neighbours():
    a = gpd.GeoDataFrame({"code": ["A", "B", "C"]}, crs="EPSG:28992",
                         geometry=[box(0, 0, 100, 100), box(100.3, 0, 200, 100), box(500, 0, 600, 100)])
    exact = queen(a, fallback=False)
    assert exact.neighbours("A") == [] and set(exact.islands) == {"A", "B", "C"}
    snapped = queen(a, tolerance=0.5, fallback=False)
    assert snapped.neighbours("A") == ["B"] and snapped.islands == ["C"]
    assert "0,5 m" in snapped.notes[0]  # a Dutch sentence: decimal comma


def test_islands_are_reported_and_get_their_nearest_area():
    a = gpd.GeoDataFrame({"code": ["A", "B", "eiland"]}, crs="EPSG:28992",
                         geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(10, 0, 11, 1)])
    w = queen(a)
    assert w.islands == ["eiland"] and w.fallback == ["eiland"]
    assert w.neighbours("eiland") == ["B"] and w.neighbours("B") == ["A", "eiland"]
    s = w.summary()
    assert s["n_islands"] == 1 and s["neighbours_min"] == 1 and s["components"] == 1
    assert "dichtstbijzijnde" in w.notes[-1]
    assert queen(a, fallback=False).summary()["components"] == 2


def test_geographic_crs_is_projected_and_said(groningen):
    areas = groningen_areas(groningen)
    w = queen(areas.to_crs("EPSG:4326"), tolerance=0.01)
    assert "omgezet naar RD New" in w.notes[0]
    _same(w, Queen.from_dataframe(areas, use_index=False))
    d = distance_band(areas.to_crs("EPSG:4326"), 1000)
    _same(d, distance_band(areas, 1000))


def test_spec_and_errors():
    a = gpd.GeoDataFrame(geometry=[box(i, 0, i + 1, 1) for i in range(4)], crs="EPSG:28992")
    assert from_spec("rook", a).kind == "rook" and from_spec("knn:2", a).params == {"k": 2}
    with pytest.raises(AnalysisError, match="Onbekende buren-definitie 'hex'"):
        from_spec("hex", a)
    with pytest.raises(AnalysisError, match="minstens 5 gebieden"):
        knn(a, 4)
    with pytest.raises(AnalysisError, match="groter dan 0 meter"):
        distance_band(a, 0)


def test_remembered_contiguity_equals_a_fresh_one_and_other_geometry_is_a_miss(monkeypatch, columbus):
    """The window's worker receives the same areas pickled anew at every switch: their neighbours are remembered
    by the content of the geometries (kernel.recent), equal to a fresh computation; other geometries are computed."""
    import pickle

    import shapely

    from hotspots.where import weights
    from kernel.recent import Recent

    monkeypatch.setattr(weights, "_CONTIGUITY", Recent(keep=4))
    computed = []
    real = weights._contiguity_matrix
    monkeypatch.setattr(weights, "_contiguity_matrix", lambda *a: computed.append(a[2]) or real(*a))
    first = queen(columbus)
    again = queen(pickle.loads(pickle.dumps(columbus)))  # new geometry objects, the same coordinates
    assert computed == [False]
    assert (first.sparse != again.sparse).nnz == 0 and list(again.ids) == list(first.ids)
    again.sparse.data[:] = 0  # what a caller does with its weights leaves the remembered matrix alone
    _same(queen(columbus), Queen.from_dataframe(columbus, use_index=False))
    rook(columbus)  # rook is another matrix
    assert computed == [False, True]
    shrunk = columbus.geometry.copy()
    shrunk.iloc[3] = shapely.affinity.scale(shrunk.iloc[3], 0.5, 0.5)
    moved = columbus.set_geometry(shrunk)
    w = queen(moved, fallback=False)  # one area shrunk: other geometry, computed anew, and its neighbours change
    assert computed == [False, True, False]
    _same(w, Queen.from_dataframe(moved, use_index=False))
    assert (w.sparse != first.sparse).nnz > 0


def test_equal_points_get_one_label_whatever_their_hash():
    """Vertex labels from the hashed coordinates equal pandas' factorize of the points as complex numbers: in
    order of first appearance, -0.0 and 0.0 one point, and two different points made to share a hash are told
    apart (the complex table takes over)."""
    from hotspots.where.weights import _equal_points, _vertex_labels

    rng = np.random.default_rng(3)
    pts = np.round(rng.uniform(0, 100, (2000, 2)), 1)[rng.integers(0, 2000, 20000)]
    pts[:5] = [[0.0, 5.0], [-0.0, 5.0], [1.0, -0.0], [1.0, 0.0], [0.0, 5.0]]
    labels = _vertex_labels(pts, 0.0)
    reference, _ = pd.factorize((pts + 0.0).view(np.complex128).ravel())
    assert np.array_equal(labels, reference) and list(labels[:5]) == [0, 0, 1, 1, 0]

    k = np.int64(-7046029254386353131)
    a = np.array([1.0, 2.0])
    with np.errstate(over="ignore"):  # the hash wraps around, as in _equal_points
        x2 = np.array([a.view(np.int64)[0] + 1]).view(float)[0]
        y2 = np.array([a.view(np.int64)[1] ^ (a.view(np.int64)[0] * k) ^ (np.int64(x2.view(np.int64)) * k)]).view(float)
        twins = np.array([a, [x2, y2[0]], a, [5.0, 6.0]])
        bits = twins.view(np.int64)
        assert len(set((bits[:, 0] * k ^ bits[:, 1]).tolist())) == 2  # the first two share a hash
    labels, distinct = _equal_points(twins)
    assert list(labels) == [0, 1, 0, 2] and np.array_equal(distinct, twins[[0, 1, 3]])
