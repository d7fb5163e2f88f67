"""Cells (squares, hexagons) and the optimised mode."""
from __future__ import annotations

import numpy as np
import pytest
import shapely
from scipy.spatial import cKDTree
from shapely.geometry import box

from hotspots.where.cells import make_cells
from hotspots.where.optimised import bands, cell_scale, knn_distance, locational_outliers, run_optimised
from kernel.errors import AnalysisError


def test_square_counts_equal_histogram2d_and_cbs_codes():
    rng = np.random.default_rng(0)
    x, y = rng.uniform(200_000, 201_000, 5000), rng.uniform(500_000, 500_800, 5000)
    c = make_cells(x, y, 100, "square", box(200_000, 500_000, 201_000, 500_800))
    h, _, _ = np.histogram2d(y, x, bins=[np.arange(500_000, 500_801, 100), np.arange(200_000, 201_001, 100)])
    assert len(c.frame) == 80 and c.outside == 0
    got = c.frame.set_index(["y", "x"])["count"].sort_index().to_numpy().reshape(8, 10)
    np.testing.assert_array_equal(got, h)
    assert c.frame["code"].iloc[0] == "E2000N5000"  # CBS style, hectometres of the south-west corner
    assert c.neighbour_distance("rook") == pytest.approx(100, rel=1e-3)


def test_hexagon_is_the_nearest_centre_and_holds_the_point():
    rng = np.random.default_rng(1)
    x, y = rng.uniform(0, 3000, 4000), rng.uniform(0, 2000, 4000)
    c = make_cells(x, y, 200, "hexagon", box(0, 0, 3000, 2000))
    f = c.frame
    assert c.outside == 0 and f["count"].sum() == 4000
    _, nearest = cKDTree(f[["x", "y"]].to_numpy()).query(np.column_stack([x, y]))
    np.testing.assert_array_equal(nearest, c.index)
    assert shapely.intersects_xy(f.geometry.values[c.index], x, y).all()
    area = f.geometry.area.to_numpy()
    np.testing.assert_allclose(area, np.sqrt(3) / 2 * 200 ** 2, rtol=1e-9)
    # six neighbours at the centre distance
    d, _ = cKDTree(f[["x", "y"]].to_numpy()).query(f[["x", "y"]].to_numpy(), k=7)
    np.testing.assert_allclose(d[:, 1:].min(), 200, rtol=1e-9)


def test_only_cells_touching_the_study_area_are_kept_and_empty_cells_count():
    x, y = np.array([50.0, 950.0]), np.array([50.0, 50.0])
    area = shapely.union(box(0, 0, 300, 100), box(800, 0, 1000, 100))
    c = make_cells(x, y, 100, "square", area)
    assert sorted(c.frame["x"].tolist()) == [50, 150, 250, 850, 950]
    assert c.frame["count"].tolist().count(0) == 3
    with pytest.raises(AnalysisError, match="Onbekende celvorm 'driehoek'"):
        make_cells(x, y, 100, "driehoek")
    with pytest.raises(AnalysisError, match="Te veel cellen"):
        make_cells(np.array([0.0, 1e6]), np.array([0.0, 1e6]), 10)


def test_locational_outliers():
    rng = np.random.default_rng(2)
    x, y = rng.uniform(0, 1000, 500), rng.uniform(0, 1000, 500)
    x, y = np.append(x, 50_000), np.append(y, 50_000)
    out, mean_nn = locational_outliers(x, y)
    assert out[-1] and out[:-1].sum() <= 3
    assert 10 < mean_nn < 40  # about 0.5 / sqrt(density) = 22 m


def test_optimised_finds_a_cluster_and_writes_down_its_choices():
    rng = np.random.default_rng(3)
    x = np.concatenate([rng.uniform(0, 5000, 1500), rng.normal(2500, 150, 600)])
    y = np.concatenate([rng.uniform(0, 5000, 1500), rng.normal(2500, 150, 600)])
    r = run_optimised(x, y, box(0, 0, 5000, 5000), seed=1)
    text = " ".join(r.notes)
    assert "Gekozen celgrootte" in text and "afstandsband" in text.lower() and "FDR" in text
    assert r.cell in (100.0, 250.0, 500.0, 1000.0) and r.distance >= r.cell
    hot = r.cells.frame.loc[r.gi.classes == 3, ["x", "y"]].to_numpy()
    assert len(hot) and np.hypot(hot[:, 0] - 2500, hot[:, 1] - 2500).max() < 1000
    assert len(r.profile) == 10
    with pytest.raises(AnalysisError, match="minstens 30 incidenten"):
        run_optimised(x[:20], y[:20], box(0, 0, 5000, 5000))
    # without a study area ArcGIS asks twice as many incidents and keeps only cells with incidents
    with pytest.raises(AnalysisError, match=r"minstens 60 incidenten met coördinaten \(zonder studiegebied\)"):
        run_optimised(x[:59], y[:59])
    bare = run_optimised(x, y, seed=1)
    assert (bare.cells.frame["count"] > 0).all() and bare.cells.frame["count"].sum() == len(x)
    assert bare.cells.outside == 0 and any("minstens één incident" in n for n in bare.notes)


def test_optimised_falls_back_without_clustering():
    rng = np.random.default_rng(4)
    gx, gy = np.meshgrid(np.arange(25, 5000, 50.0), np.arange(25, 5000, 50.0))  # perfectly even
    r = run_optimised(gx.ravel(), gy.ravel(), box(0, 0, 5000, 5000), cell=250)
    assert any("terugval" in n or "Geen" in n for n in r.notes)
    assert (r.gi.classes == 0).all()
    del rng


def test_cell_scale_is_arcgis_fishnet_rule():
    # nearest-neighbour distances 10, 10, 10, 10, 30 (the last point 30 m on): mean 14, median 10
    x = np.array([0.0, 10, 20, 30, 60])
    size, mean, median = cell_scale(x, np.zeros(5))
    assert (mean, median) == (14.0, 10.0)
    assert size == pytest.approx(14.0 * 2.0)  # max(mean, median) * max(2, 14 / 10)
    # a skewed distribution: the ratio replaces the factor 2
    size, mean, median = cell_scale(np.array([0.0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 40, 80]), np.zeros(12))
    assert size == pytest.approx(max(mean, median) ** 2 / min(mean, median))


def test_bands_start_at_one_neighbour_and_stop_at_the_standard_distance():
    gx, gy = np.meshgrid(np.arange(0, 2000, 100.0) + 50, np.arange(0, 2000, 100.0) + 50)
    xy = np.column_stack([gx.ravel(), gy.ravel()])
    sd = np.sqrt(((xy - xy.mean(0)) ** 2).sum(1).mean())  # 20 x 20 cells: about 816 m
    cut = bands(xy)
    assert cut[0] == pytest.approx(100.0) and len(cut) == 10
    assert cut[-1] == pytest.approx(sd)  # 100..1000 m would pass it: spread evenly up to it
    d, k, sd2 = knn_distance(xy)
    assert k == 20 and sd2 == pytest.approx(sd)  # 5% of 400 cells
    kth = np.sort(cKDTree(xy).query(xy, k=21)[0][:, 20])
    assert d == pytest.approx(kth.mean())
