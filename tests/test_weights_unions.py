"""The neighbours of wijken and gemeenten made of buurten (hotspots.levels.dissolve) follow from the buurten's
neighbours (hotspots.where.weights.unions_of): equal to libpysal's Queen and Rook on the dissolved polygons
themselves, on real divisions (CBS/PDOK buurten of Ermelo and Groningen, Amsterdam's own division) and on
cases made to break the rule (a part the buurten' neighbours lack, a division that is no coverage, another
snapping tolerance). With the hot spots' snapping tolerance (0.5 m) as without: the same pairs as computed on
the dissolved polygons themselves."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from libpysal.weights import Queen, Rook
from shapely.geometry import box

from hotspots import levels
from hotspots.where import weights
from hotspots.where.weights import queen, rook
from importers import read_boundaries
from kernel.recent import Recent

REAL = [("ermelo", "ermelo/ermelo_GM0233_buurten_2021_pdok.gpkg"), ("groningen", "groningen/buurt2017.zip"),
        ("amsterdam", "amsterdam_politie/INDELING_BUURT.csv")]


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    """Empty memories for every test (what another test computed must not decide what this one derives)."""
    monkeypatch.setattr(weights, "_CONTIGUITY", Recent(keep=4))
    monkeypatch.setattr(weights, "_UNIONS_OF", [])
    monkeypatch.setattr(levels, "_UNIONS", Recent(keep=4))


def _counting(monkeypatch) -> list:
    """The number of polygons each direct contiguity computation was asked about."""
    calls: list = []
    real = weights._contiguity_matrix
    monkeypatch.setattr(weights, "_contiguity_matrix", lambda geoms, *a: calls.append(len(geoms)) or real(geoms, *a))
    return calls


def _direct(frame, kind, tolerance) -> np.ndarray:
    """The neighbours computed on the polygons themselves (no derivation)."""
    geoms = np.asarray(frame.geometry.values, dtype=object)
    return weights._contiguity_matrix(geoms, tolerance, kind == "rook").toarray() != 0


def _libpysal(frame, kind) -> np.ndarray:
    theirs = (Queen if kind == "queen" else Rook).from_dataframe(frame.reset_index(drop=True), use_index=False,
                                                                 silence_warnings=True)
    return theirs.sparse.toarray() != 0


@pytest.mark.parametrize("name,path", REAL)
@pytest.mark.parametrize("kind", ["queen", "rook"])
@pytest.mark.parametrize("tolerance", [0.0, 0.5])
def test_neighbours_of_wijken_follow_from_the_buurten_as_libpysal_finds_them(shared_data, monkeypatch, name,
                                                                            path, kind, tolerance):
    buurten, _ = read_boundaries(shared_data / path)
    build = queen if kind == "queen" else rook
    build(buurten[~buurten["water"].to_numpy()], tolerance, fallback=False)  # as the hot spots of the buurten do
    calls = _counting(monkeypatch)
    for level in ("wijk", "gemeente"):
        coarse = levels.dissolve(buurten, level)
        if len(coarse) < 2:
            continue
        ours = build(coarse, tolerance, fallback=False).sparse.toarray() != 0
        n_calls = len(calls)
        assert (ours == _direct(coarse, kind, tolerance)).all()
        del calls[n_calls:]
        if tolerance == 0:
            assert (ours == _libpysal(coarse, kind)).all(), f"{name} {level}"
    exact = bool(weights._UNIONS_OF)
    # the water buurten the hot spots left out are the only polygons whose neighbours are computed again
    assert all(n < len(buurten) for n in calls) if exact else calls
    if name == "ermelo":  # PDOK's buurten are a coverage: every wijk a coverage union
        assert exact


def _grid(n: int = 6, water=()) -> gpd.GeoDataFrame:
    """``n`` x ``n`` square buurten, wijk ``WK000100+i`` the ``i``-th pair of columns, one gemeente."""
    cells = [(i, j) for j in range(n) for i in range(n)]
    return gpd.GeoDataFrame({
        "code": [f"BU0001{i // 2:02d}{k:02d}" for k, (i, j) in enumerate(cells)],
        "wijk_code": [f"WK0001{i // 2:02d}" for i, j in cells],
        "gemeente_code": "GM0001", "level": "buurt", "population": 100.0,
        "water": [k in water for k in range(len(cells))],
    }, geometry=[box(i, j, i + 1, j + 1) for i, j in cells], crs="EPSG:28992")


@pytest.mark.parametrize("kind", ["queen", "rook"])
def test_a_part_without_remembered_neighbours_is_computed_among_the_parts_it_touches(monkeypatch, kind):
    grid = _grid(water=(3, 14))  # two buurten the hot spots leave out, one on the border of two wijken
    build = queen if kind == "queen" else rook
    build(grid[~grid["water"].to_numpy()], fallback=False)
    calls = _counting(monkeypatch)
    wijken = levels.dissolve(grid, "wijk")
    ours = build(wijken, fallback=False).sparse.toarray() != 0
    assert (ours == _libpysal(wijken, kind)).all()
    assert calls and max(calls) < len(grid)  # only around the two left out
    assert ours.sum() == 4  # three wijken in a row: 1-2 and 2-3, both ways


def test_no_derivation_without_the_parts_neighbours_a_coverage_or_exact_vertices(monkeypatch):
    grid = _grid()
    calls = _counting(monkeypatch)
    queen(levels.dissolve(grid, "wijk"), fallback=False)  # the buurten's neighbours were never computed
    assert calls == [3]
    queen(grid, fallback=False)
    weights._CONTIGUITY.clear()
    queen(grid, fallback=False)
    del calls[:]
    queen(levels.dissolve(grid, "wijk"), tolerance=0.5, fallback=False)  # buurten known without snapping only
    assert calls == [3]
    # buurten that overlap within a wijk: its union is a general union (which may add vertices)
    overlapping = grid.copy()
    overlapping.loc[0, "geometry"] = box(0, 0, 1.5, 1)
    levels._UNIONS.clear()
    weights._CONTIGUITY.clear()
    queen(overlapping, fallback=False)
    del calls[:]
    wijken = levels.dissolve(overlapping, "wijk")
    ours = queen(wijken, fallback=False).sparse.toarray() != 0
    assert calls == [3] and (ours == _libpysal(wijken, "queen")).all()


def test_a_subset_of_the_wijken_gets_the_neighbours_among_them():
    grid = _grid(8)
    queen(grid, fallback=False)
    wijken = levels.dissolve(grid, "wijk")
    some = wijken.iloc[[3, 0, 1]]  # another order, one left out: as the hot spots leave out water wijken
    ours = queen(some, fallback=False).sparse.toarray() != 0
    assert (ours == _libpysal(some, "queen")).all()
