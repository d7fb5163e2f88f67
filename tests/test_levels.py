"""Areas, counts and incidents at buurt, wijk and gemeente level (hotspots.levels): the dissolve that
left the boundary reader, checked against CBS's own wijk file and the police's own wijk rows."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import importers
from hotspots.levels import areas_at, counts_at, dissolve, find_areas, incidents_at, parent_codes
from hotspots.where.assign import assign_points
from kernel.errors import AnalysisError
from resources import demo


@pytest.fixture(scope="module")
def buurten(groningen):
    return importers.read_boundaries(groningen / "buurt2017.zip")[0]


@pytest.fixture(scope="module")
def demo_levels():
    buurt = importers.read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)[0]
    wijk = importers.read_boundaries(demo.AREAS, layer=demo.WIJKEN_LAYER)[0]
    return {"buurt": buurt, "wijk": wijk}


def test_buurten_dissolved_to_wijken_match_cbs_wijken(groningen, buurten):
    """Wijken made from the buurten agree with CBS's own wijk file (area; population up to CBS's rounding to 5).

    (Moved from the boundary reader's tests with the dissolve.)"""
    made, note = areas_at(buurten, "wijk")
    cbs, _ = importers.read_boundaries(groningen / "wijk2017.zip")
    made, cbs = made.set_index("code").sort_index(), cbs.set_index("code").sort_index()
    assert list(made.index) == list(cbs.index) and (made["level"] == "wijk").all()
    np.testing.assert_allclose(made.area, cbs.area, rtol=1e-3)
    per_wijk = buurten.groupby("wijk_code").size().sort_index()
    assert (abs(made["population"] - cbs["population"]) <= 5 * per_wijk.to_numpy()).all()
    assert (made["gemeente_code"] == "GM0014").all() and made.crs.to_epsg() == 28992
    assert note.startswith("15 wijken samengesteld uit 108 buurten")


def test_one_gemeente_from_the_buurten(buurten):
    gm = dissolve(buurten, "gemeente")
    assert gm["code"].tolist() == ["GM0014"] and gm["name"].tolist() == ["Groningen"]
    assert gm["population"].iloc[0] == buurten["population"].sum()
    np.testing.assert_allclose(gm.area.iloc[0], buurten.geometry.union_all().area, rtol=1e-9)


def test_a_stored_level_is_taken_as_it_is(demo_levels):
    wijk, note = areas_at(demo_levels, "wijk")
    assert wijk is demo_levels["wijk"] and note == ""
    buurt, _ = areas_at(demo_levels)  # the finest stored level by default
    assert buurt is demo_levels["buurt"]
    gemeente, note = areas_at(demo_levels, "gemeente")  # from the buurten, the finest below it
    assert gemeente["code"].tolist() == ["GM0014"] and "uit 108 buurten" in note


def test_a_finer_level_than_stored_is_refused(demo_levels):
    with pytest.raises(AnalysisError, match="bevatten wijken; buurten zijn daaruit niet"):
        areas_at({"wijk": demo_levels["wijk"]}, "buurt")


def test_centrum_is_found_whether_wijk_or_buurt(demo_levels):
    """Groningen's Centrum is a wijk; its buurten have their own names. Both are found by name."""
    assert find_areas(demo_levels, " centrum ") == [{"level": "wijk", "code": "WK001400", "name": "Centrum"}]
    assert find_areas(demo_levels, "Binnenstad-Zuid") == [
        {"level": "buurt", "code": "BU00140001", "name": "Binnenstad-Zuid"}]
    assert find_areas(demo_levels, "groningen") == [{"level": "gemeente", "code": "GM0014", "name": "Groningen"}]
    assert find_areas(demo_levels, "WK001401")[0]["name"] == "Oud-Zuid"


def test_one_name_on_two_levels_and_twice_on_one(shared_data):
    """Ermelo: the buurt and the gemeente are both called Ermelo (its wijknaam column is empty, so its
    wijken have no name); "Verspreide huizen bosgebied" is a buurt in two wijken: both are found."""
    buurt, _ = importers.read_boundaries(shared_data / "ermelo/ermelo_GM0233_buurten_2021_pdok.gpkg")
    found = find_areas(buurt, "Ermelo")
    assert [(f["level"], f["code"]) for f in found] == [("buurt", "BU02330000"), ("gemeente", "GM0233")]
    twice = find_areas(buurt, "verspreide huizen bosgebied")
    assert [f["code"] for f in twice] == ["BU02330009", "BU02330109"]
    assert areas_at(buurt, "wijk")[0]["name"].isna().all()


@pytest.fixture(scope="module")
def police(demo_levels):
    counts, _ = importers.read_counts(demo.COUNTS, areas=demo_levels["buurt"])
    return counts


def test_counts_at_each_level_come_from_that_level_only(police, demo_levels):
    for level, prefix in (("buurt", "BU"), ("wijk", "WK"), ("gemeente", "GM")):
        areas, _ = areas_at(demo_levels, level)
        rows, note = counts_at(police, areas)
        assert rows["code"].str.startswith(prefix).all() and note == ""
        assert int(rows["count"].sum()) == int(police.loc[police["code"].str.startswith("GM"), "count"].sum())


def test_buurt_counts_added_up_to_wijken_equal_the_police_wijk_rows(police, demo_levels):
    """Without wijk rows the buurten are added up per wijk, month and category: the police's own wijk rows."""
    only_buurten = police[police["code"].str.startswith("BU")]
    made, note = counts_at(only_buurten, demo_levels["wijk"], finer=demo_levels["buurt"])
    assert "opgeteld uit" in note
    key = ["code", "period", "category"]
    ours = made.set_index(key)["count"].sort_index()
    theirs = police[police["code"].str.startswith("WK")].set_index(key)["count"].sort_index()
    theirs = theirs[theirs.index.isin(ours.index) | (theirs > 0)]
    pd.testing.assert_series_equal(ours.reindex(theirs.index).fillna(0).astype(int), theirs.astype(int),
                                   check_names=False)
    assert made["name"].notna().all()  # the wijken' names


def test_counts_without_the_level_are_refused(police, demo_levels):
    with pytest.raises(AnalysisError, match="geen cijfers op wijkniveau"):
        counts_at(police[police["code"].str.startswith("BU")], demo_levels["wijk"])


def test_incidents_move_to_the_wijk_of_their_buurt(demo_levels):
    """The buurt codes mapped to wijk codes equal a spatial assignment to the wijken (an independent route)."""
    incidents, _ = importers.read_incidents(demo.INCIDENTS)
    buurt, wijk = demo_levels["buurt"], demo_levels["wijk"]
    located = assign_points(incidents, buurt).incidents
    moved = incidents_at(located, buurt, "wijk")
    direct = assign_points(incidents, wijk).incidents
    inside = direct["area"].notna() & located["area"].notna()
    assert inside.mean() > 0.99
    assert (moved["area"][inside] == direct["area"][inside]).all()
    stale = incidents_at(located.assign(area="X1"), buurt, "wijk")
    assert "area" not in stale  # codes of other areas are dropped, so that the run locates them again


def test_parent_codes_from_the_column_or_the_cbs_code():
    a = pd.DataFrame({"code": ["BU00140101", "BU00149901", "eigen-7"], "level": "buurt",
                      "wijk_code": ["WK001401", None, "WK001403"]})
    assert parent_codes(a, "wijk").tolist() == ["WK001401", "WK001499", "WK001403"]
    assert parent_codes(a, "gemeente").tolist()[:2] == ["GM0014", "GM0014"]


def test_analyse_at_wijk_level_from_a_buurt_file(cli, tmp_path, groningen):
    """`wijkbeeld analyse --level wijk` on the buurt file: 15 wijken, dissolved after reading."""
    import json

    code, out, err = cli("analyse", "--areas", groningen / "buurt2017.zip", "--incidents", demo.INCIDENTS,
                         "--level", "wijk", "--out", tmp_path / "uit", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["areas"] == 15 and summary["counted"] + summary["outside"] == 15947


def test_remembered_unions_equal_fresh_ones_and_other_geometry_is_a_miss(monkeypatch, demo_levels):
    """The window's worker dissolves the same buurten (pickled anew) at every switch: the unions are remembered by
    the content of the geometries and the keys, the same objects as before (the maps recognise them), equal to a
    fresh union; other geometry or other groups are unioned anew."""
    import pickle

    import shapely

    from hotspots import levels
    from kernel.recent import Recent

    monkeypatch.setattr(levels, "_UNIONS", Recent(keep=4))
    unions = []
    real = levels._union
    monkeypatch.setattr(levels, "_union", lambda parts, *a: unions.append(len(parts)) or real(parts, *a))
    buurt = demo_levels["buurt"]
    first = dissolve(buurt, "wijk")
    n = len(unions)
    again = dissolve(pickle.loads(pickle.dumps(buurt)), "wijk")
    assert len(unions) == n  # remembered
    assert all(a is b for a, b in zip(again.geometry.values, first.geometry.values))
    monkeypatch.setattr(levels, "_UNIONS", Recent(keep=4))
    fresh = dissolve(buurt, "wijk")
    assert len(unions) == 2 * n and all(shapely.equals_exact(fresh.geometry.values, first.geometry.values, 0))
    pd.testing.assert_frame_equal(fresh.drop(columns="geometry"), again.drop(columns="geometry"))
    shifted = buurt.set_geometry(buurt.geometry.translate(1.0, 0.0))
    dissolve(shifted, "wijk")  # other coordinates: unioned anew
    assert len(unions) == 3 * n
    dissolve(buurt, "gemeente")  # other groups of the same geometries: unioned anew
    assert len(unions) == 3 * n + 1


def test_unions_in_two_threads_equal_those_in_one(monkeypatch, buurten):
    """Many vertices (the national buurten) are unioned in two threads: the same wijken, in the same order."""
    import threading

    import shapely

    from hotspots import levels
    from kernel.recent import Recent

    monkeypatch.setattr(levels, "_UNIONS", Recent(keep=4))
    monkeypatch.setattr(levels, "_THREADED_VERTICES", 10**12)
    one = dissolve(buurten, "wijk")
    threads = []
    real = levels._union
    monkeypatch.setattr(levels, "_union",
                        lambda parts, *a: threads.append(threading.current_thread().name) or real(parts, *a))
    monkeypatch.setattr(levels, "_UNIONS", Recent(keep=4))
    monkeypatch.setattr(levels, "_THREADED_VERTICES", 0)
    two = dissolve(buurten, "wijk")
    assert len(threads) == len(two) == 15 and all(t.startswith("wijkbeeld-samenvoegen") for t in threads)
    assert all(shapely.equals_exact(one.geometry.values, two.geometry.values, 0))
    pd.testing.assert_frame_equal(one.drop(columns="geometry"), two.drop(columns="geometry"))


def test_a_general_union_in_halves_equals_one_union(monkeypatch):
    """Polygons that are no coverage (they overlap) are unioned in two halves in two threads above
    _SPLIT_VERTICES: the same area as shapely's union of all, and geopandas' dissolve of the same groups (the
    reference) gives the same outlines through mapping.simplify.dissolve (up to the last bits of the crossings)."""
    import threading

    import geopandas as gpd
    import shapely

    from hotspots import levels
    from mapping import simplify

    rng = np.random.default_rng(7)
    circles = shapely.buffer(shapely.points(rng.uniform(0, 5000, (600, 2))), rng.uniform(50, 400, 600))
    ring = shapely.difference(shapely.box(-500, -500, 5500, 5500), shapely.box(-400, -400, 5400, 5400))
    parts = np.append(circles, ring)  # an outline with a hole, and islands inside it
    whole = shapely.union_all(parts)
    names = []
    real = shapely.union_all
    monkeypatch.setattr(shapely, "union_all", lambda g, **k: names.append(threading.current_thread().name)
                        or real(g, **k))
    monkeypatch.setattr(levels, "_SPLIT_VERTICES", 0)
    halves = levels._union(parts)
    assert sum(n.startswith("wijkbeeld-samenvoegen") for n in names) == 2
    # the same outline up to the last bits of the computed crossings (GEOS nodes the halves in another order)
    assert shapely.symmetric_difference(whole, halves).area < 1e-6 * whole.area
    assert shapely.hausdorff_distance(whole, halves) < 1e-6

    keys = np.where(shapely.get_x(shapely.centroid(parts)) < 2500, "west", "oost")
    frame = gpd.GeoDataFrame({"g": keys}, geometry=parts, crs=28992)
    ours = simplify.dissolve(frame, "g")
    reference = frame.dissolve(by="g").reset_index()
    assert list(ours["g"]) == list(reference["g"]) == ["oost", "west"]
    for a, b in zip(ours.geometry.values, reference.geometry.values):
        assert shapely.symmetric_difference(a, b).area < 1e-6 * b.area and shapely.hausdorff_distance(a, b) < 1e-6
