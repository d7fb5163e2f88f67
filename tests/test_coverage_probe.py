"""The quick look before the whole coverage check (mapping.simplify._surely_no_coverage): a few polygons with all
that can touch them. It may only ever say "no coverage" where shapely.coverage_is_valid says so too, and the
simplification it leads to is the one the whole check gave."""
from __future__ import annotations

import numpy as np
import pytest
import shapely

from mapping import simplify
from mapping.simplify import _PROBES, _surely_no_coverage, simplify_coverage


def _grid(n: int = 12, step: float = 100.0) -> np.ndarray:
    """An n x n coverage of squares with a vertex halfway each side (shared by both neighbours)."""
    cells = []
    for i in range(n):
        for j in range(n):
            x, y = i * step, j * step
            h = step / 2
            cells.append(shapely.Polygon([(x, y), (x + h, y), (x + step, y), (x + step, y + h), (x + step, y + step),
                                          (x + h, y + step), (x, y + step), (x, y + h)]))
    return np.asarray(cells, dtype=object)


def _moved(cells: np.ndarray, k: int, dx: float, dy: float) -> np.ndarray:
    """``cells`` with the halfway vertex of the right side of cell ``k`` moved (a mismatch or an overlap)."""
    out = cells.copy()
    coords = shapely.get_coordinates(out[k])
    coords[3] += (dx, dy)
    out[k] = shapely.Polygon(coords)
    return out


def test_a_coverage_is_never_taken_for_none():
    cells = _grid()
    assert shapely.coverage_is_valid(cells) and not _surely_no_coverage(cells)


def test_a_probe_with_an_invalid_edge_says_no_coverage():
    """Cell 0 is always a probe: its right side bent into its neighbour is found by the quick look."""
    cells = _moved(_grid(), 0, 20.0, 0.0)
    assert not shapely.coverage_is_valid(cells) and _surely_no_coverage(cells)


@pytest.mark.parametrize("seed", range(40))
def test_the_quick_look_never_says_no_where_the_whole_check_says_yes(seed):
    """Random defects (a vertex moved in, out or along, a cell shifted, a cell dropped, one cell twice): where the
    quick look says "no coverage", so does the whole check; where it says nothing, the whole check decides."""
    rng = np.random.default_rng(seed)
    cells = _grid(int(rng.integers(6, 15)))
    for _ in range(int(rng.integers(0, 4))):
        k, what = int(rng.integers(0, len(cells))), int(rng.integers(0, 4))
        if what == 0:
            cells = _moved(cells, k, *rng.normal(0, 15, 2))
        elif what == 1:
            cells[k] = shapely.affinity.translate(cells[k], *rng.normal(0, 5, 2))
        elif what == 2:
            cells = np.delete(cells, k)
        else:
            cells = np.append(cells, [cells[k]]).astype(object)
    if _surely_no_coverage(cells):
        assert not shapely.coverage_is_valid(cells)


def test_few_polygons_go_to_the_whole_check():
    cells = _moved(_grid(5), 0, 20.0, 0.0)  # 25 polygons: fewer than two per probe
    assert len(cells) < 2 * _PROBES and not _surely_no_coverage(cells)


def test_real_divisions_simplify_as_the_whole_check_decided(groningen, shared_data, monkeypatch):
    """The generalised national wijken (no coverage: 12,963 gaps and overlaps) are recognised by the quick look;
    the CBS buurten of Groningen and Ermelo's PDOK buurten are simplified exactly as with the whole check alone."""
    import importers

    wijken, _ = importers.read_boundaries(shared_data / "nl" / "nl_wijken_2024_simplified_geoinzicht.geojson")
    work = np.asarray(wijken.geometry.values, dtype=object)
    assert _surely_no_coverage(work) and not shapely.coverage_is_valid(work)
    for path in (groningen / "buurt2017.zip", shared_data / "ermelo" / "ermelo_GM0233_buurten_2021_pdok.gpkg",
                 shared_data / "nl" / "nl_wijken_2024_simplified_geoinzicht.geojson"):
        areas, _ = importers.read_boundaries(path)
        geoms = np.asarray(areas.geometry.values, dtype=object)
        quick, method = simplify_coverage(geoms, 25.0)
        monkeypatch.setattr(simplify, "_surely_no_coverage", lambda work: False)
        whole, whole_method = simplify_coverage(geoms, 25.0)
        monkeypatch.undo()
        assert method == whole_method and all(shapely.equals_exact(quick, whole, 0.0)), path.name
