"""Assignment of incidents to areas: against geopandas.sjoin, boundary ties, outside points."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Polygon, box

from hotspots.where.assign import area_codes, assign_points, from_column, locate
from kernel.errors import AnalysisError, Cancelled


def _grid_areas():
    """A 3x3 grid of unit squares, codes A..I, row by row."""
    geoms = [box(i, j, i + 1, j + 1) for j in range(3) for i in range(3)]
    return gpd.GeoDataFrame({"code": list("ABCDEFGHI")}, geometry=geoms, crs="EPSG:28992")


def test_points_on_shared_boundaries_go_to_the_first_area_whatever_the_order():
    areas = _grid_areas()
    inc = pd.DataFrame({"x": [1.0, 1.0, 2.0, 0.5, 1.5], "y": [0.5, 1.0, 2.0, 0.5, 2.5]})
    r = assign_points(inc, areas)
    # (1, 0.5) between A and B -> A; (1, 1) corner of A, B, D, E -> A; (2, 2) corner of E, F, H, I -> E
    assert r.codes.tolist() == ["A", "A", "E", "A", "H"]
    assert r.on_boundary == 3 and r.outside == 0
    shuffled = inc.sample(frac=1.0, random_state=3)
    assert assign_points(shuffled, areas).codes.loc[inc.index].tolist() == r.codes.tolist()


def test_outside_and_missing_coordinates_are_counted_not_dropped():
    areas = _grid_areas()
    inc = pd.DataFrame({"x": [0.5, 10.0, np.nan, 2.5], "y": [0.5, 10.0, 1.0, -0.001]}, index=[10, 11, 12, 13])
    r = assign_points(inc, areas)
    assert r.outside == 3
    assert r.codes.isna().tolist() == [False, True, True, True]
    assert list(r.incidents.index) == [10, 11, 12, 13] and "area" in r.incidents
    assert r.counts(areas["code"]).tolist() == [1, 0, 0, 0, 0, 0, 0, 0, 0]
    assert "buiten elk gebied" in r.notes[0]
    assert "verste" in r.notes[1] and "zonder coördinaten" in r.notes[1]  # (10, 10) is 12.7 m away


def test_polygon_with_hole_and_multipolygon():
    ring = Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (3, 1), (3, 3), (1, 3)]])
    areas = gpd.GeoDataFrame({"code": ["ring", "core"]}, geometry=[ring, box(1, 1, 3, 3)], crs="EPSG:28992")
    r = assign_points(pd.DataFrame({"x": [0.5, 2.0, 3.5], "y": [0.5, 2.0, 3.5]}), areas)
    assert r.codes.tolist() == ["ring", "core", "ring"]


def test_agrees_with_geopandas_sjoin_on_random_points():
    rng = np.random.default_rng(42)
    areas = _grid_areas()
    areas["geometry"] = areas.rotate(17, origin=(1.5, 1.5))  # not axis-aligned: the refine step matters
    xy = rng.uniform(-0.5, 3.5, size=(5000, 2))
    inc = pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1]})
    r = assign_points(inc, areas, threads=2)
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(inc.x, inc.y), crs=areas.crs)
    j = gpd.sjoin(pts, areas, predicate="within", how="left")
    assert not j.index.duplicated().any()
    pd.testing.assert_series_equal(r.codes.rename(None), j["code"].astype("string").rename(None),
                                   check_index=False)


def test_threads_give_the_same_answer():
    rng = np.random.default_rng(1)
    geoms = np.array([box(i, 0, i + 1, 1) for i in range(50)])
    x, y = rng.uniform(0, 50, 300_000), rng.uniform(-0.2, 1.2, 300_000)
    a, _ = locate(x, y, geoms, threads=1)
    b, _ = locate(x, y, geoms, threads=2)
    np.testing.assert_array_equal(a, b)
    assert ((a >= 0) == ((y >= 0) & (y <= 1))).all()


def test_geographic_areas_are_projected_and_said():
    """One rule for geographic areas everywhere (kernel.schema.in_metres): projected to RD New, noted."""
    rd = gpd.GeoDataFrame({"code": list("AB")}, geometry=[box(150000, 450000, 151000, 451000),
                                                          box(151000, 450000, 152000, 451000)], crs="EPSG:28992")
    inc = pd.DataFrame({"x": [150500.0, 151500.0, 160000.0], "y": [450500.0, 450500.0, 450500.0]})
    r = assign_points(inc, rd.to_crs("EPSG:4326"))
    assert r.codes.tolist()[:2] == ["A", "B"] and r.outside == 1
    assert any("in graden" in n and "EPSG:28992" in n for n in r.notes)
    with pytest.raises(AnalysisError, match="mist de kolom 'y'"):
        assign_points(pd.DataFrame({"x": [0.5]}), _grid_areas())


def test_cancel():
    with pytest.raises(Cancelled):
        assign_points(pd.DataFrame({"x": [0.5], "y": [0.5]}), _grid_areas(), cancelled=lambda: True)


@pytest.mark.parametrize("cell, points", [(None, None), (0.05, None), (0.7, None), (None, 10), (None, 10**9)])
def test_grid_index_equals_the_plain_strtree_path(cell, points):
    """Voronoi buurten with holes and exact boundary points: the raster index answers as filter-and-refine."""
    import shapely

    from hotspots.where.assign import locate_tree
    from hotspots.where.gridindex import GridIndex

    rng = np.random.default_rng(7)
    seeds = shapely.multipoints(rng.uniform(0, 10, (150, 2)))
    frame = box(0, 0, 10, 10)
    geoms = shapely.intersection(shapely.get_parts(shapely.voronoi_polygons(seeds, extend_to=frame)), frame)
    geoms = shapely.set_precision(shapely.segmentize(geoms, 0.3), 1e-6)
    geoms = np.append(geoms[1:], shapely.difference(geoms[0], geoms[0].centroid.buffer(0.05)))  # a hole
    geoms = np.append(geoms, [box(20, 20, 21, 21)])  # far away: an island and a gap in between
    vx, vy = shapely.get_coordinates(geoms).T  # every vertex: on one or more boundaries
    x = np.concatenate([rng.uniform(-1, 22, 30_000), vx, [np.nan, 5.0]])
    y = np.concatenate([rng.uniform(-1, 22, 30_000), vy, [1.0, np.nan]])
    index = GridIndex(geoms, cell=cell, points=points)
    a, on_a = index.locate(x, y)
    b, on_b = locate_tree(x, y, geoms)
    np.testing.assert_array_equal(a, b)
    assert on_a == on_b > 0
    if points == 10:  # few points: the cell is enlarged (at most 4x) to save building time
        assert index.cell == pytest.approx(4 * GridIndex(geoms).cell)
    elif points:
        assert index.cell == GridIndex(geoms).cell


def test_grid_index_with_overlapping_polygons_falls_back_to_the_exact_path():
    from hotspots.where.assign import locate_tree
    from hotspots.where.gridindex import GridIndex

    geoms = np.array([box(0, 0, 10, 10), box(4, 4, 6, 6), box(10, 0, 20, 10)])
    rng = np.random.default_rng(3)
    x, y = rng.uniform(-1, 21, 20_000), rng.uniform(-1, 11, 20_000)
    np.testing.assert_array_equal(GridIndex(geoms).locate(x, y)[0], locate_tree(x, y, geoms)[0])


def test_from_column_refuses_duplicate_codes_in_dutch():
    areas = pd.DataFrame({"code": ["BU1", "BU2 ", " BU2", "BU3", "BU3"]})  # BU2 twice once spaces are ignored
    with pytest.raises(AnalysisError, match=r"^De gebiedenlaag heeft dubbele gebiedscodes: BU2, BU3\. Elke code"):
        from_column(pd.DataFrame({"area": ["BU1"]}), areas)


def test_codes_are_compared_without_surrounding_spaces():
    areas = gpd.GeoDataFrame({"code": [" BU1", "BU2 "]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)],
                             crs="EPSG:28992")
    r = from_column(pd.DataFrame({"area": ["BU2", " BU1 ", "BU9", None]}), areas)
    assert r.index.tolist() == [1, 0, -1, -1] and r.outside == 2 and r.counts(area_codes(areas)).tolist() == [1, 1]
    located = assign_points(pd.DataFrame({"x": [0.5, 1.5], "y": [0.5, 0.5]}), areas)
    assert located.codes.tolist() == ["BU1", "BU2"]  # the same spelling as from_column's


def test_the_area_index_is_remembered_by_content_and_answers_as_a_new_one():
    """The same areas arriving again (new objects with the same coordinates, as the window's worker receives them,
    or the next method of one run) reuse the index built for them; it answers exactly as a fresh index does, also
    for another number of points than it was built for. Other coordinates get an index of their own."""
    from hotspots.where import assign
    from hotspots.where.gridindex import GridIndex

    assign._INDEXES.clear()
    rng = np.random.default_rng(11)
    grid = [box(x, y, x + 100, y + 100) for y in range(0, 4000, 100) for x in range(0, 4000, 100)]  # 1,600 areas
    again = [box(*g.bounds) for g in grid]  # the same coordinates, other objects
    first = assign.area_index(grid, points=100)
    assert assign.area_index(again, points=1_000_000) is first
    x, y = rng.uniform(-50, 4050, 20_000), rng.uniform(-50, 4050, 20_000)
    got = locate(x, y, again)
    fresh = GridIndex(np.asarray(again, dtype=object), points=len(x)).locate(x, y)
    np.testing.assert_array_equal(got[0], fresh[0])
    assert got[1] == fresh[1]
    moved = [box(x0 + 1, y0, x0 + 101, y0 + 100) for x0, y0, _, _ in (g.bounds for g in grid)]
    assert assign.area_index(moved) is not first
    small = [box(0, 0, 1, 1)]
    assert assign.area_index(small) is not assign.area_index(small)  # a few areas: indexed anew (milliseconds)
