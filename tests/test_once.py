"""Each thing computed once per run (issue 19): the display simplification shared by the web map and the print map
(and by the window's reruns), and ``--progress`` telling each stage without touching stdout."""
from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from mapping import simplify


@pytest.fixture
def spy(monkeypatch):
    """Count the calls of shapely.coverage_simplify (the expensive step) and start with an empty memory."""
    calls = []
    real = shapely.coverage_simplify

    def counting(geoms, *args, **kwargs):
        calls.append(len(geoms))
        return real(geoms, *args, **kwargs)

    monkeypatch.setattr(shapely, "coverage_simplify", counting)
    monkeypatch.setattr(simplify, "_DONE", [])
    monkeypatch.setattr(simplify, "_PENDING", [])
    monkeypatch.setattr(simplify, "_DERIVED", [])
    monkeypatch.setattr(simplify, "_DISSOLVED", [])
    return calls


def _grid(n=36):
    """``n`` Voronoi cells over 1 km, densified to a vertex every 10 m: a valid coverage, as the benchmarks build."""
    frame = box(0, 0, 1000, 1000)
    seeds = shapely.multipoints(np.random.default_rng(3).uniform(0, 1000, (n, 2)))
    cells = shapely.intersection(shapely.get_parts(shapely.voronoi_polygons(seeds, extend_to=frame)), frame)
    cells = shapely.set_precision(shapely.segmentize(cells, 10), 0.001)
    assert shapely.coverage_is_valid(cells)
    return gpd.GeoDataFrame({"code": [f"BU{k:08d}" for k in range(n)]}, geometry=cells, crs="EPSG:28992")


def test_the_same_geometries_are_simplified_once_in_any_frame_that_holds_them(spy):
    areas = _grid()
    first = simplify.simplified(areas, 20.0)
    again = simplify.simplified(areas.copy().assign(count=1), 20.0)  # a new frame, the same geometry objects
    assert spy == [36]
    assert all(shapely.equals(first.geometry.values, again.geometry.values))
    simplify.simplified(areas, 5.0)  # another tolerance is another simplification
    moved = areas.set_geometry(gpd.GeoSeries([shapely.affinity.translate(g, 1.0) for g in areas.geometry],
                                             crs=areas.crs))
    simplify.simplified(moved, 20.0)  # other geometries: computed
    assert spy == [36, 36, 36]
    import pickle

    unpickled = pickle.loads(pickle.dumps(areas))  # as the window's worker process receives them: new objects
    assert not any(map(lambda a, b: a is b, unpickled.geometry.values, areas.geometry.values))
    simplify.simplified(unpickled, 20.0)  # the same coordinates: remembered
    assert spy == [36, 36, 36]


def _buurten(n=36, per_wijk=6):
    """:func:`_grid` with CBS buurt codes, ``per_wijk`` buurten in each wijk (``BU00140102`` lies in ``WK001401``)."""
    areas = _grid(n)
    return areas.assign(code=[f"BU0014{k // per_wijk:02d}{k % per_wijk:02d}" for k in range(n)], level="buurt")


def test_a_dissolved_level_is_drawn_from_the_simplified_buurten(spy):
    """The map of the wijken dissolved from the buurten (the window's level switch) is the union of the simplified
    buurten: no simplification of its own, boundaries exactly on the buurt map's, the same areas as before."""
    import pickle

    from desktop.level_tasks import at_level

    buurten = _buurten()
    drawn_buurten = simplify.simplified(buurten)
    at = at_level(pickle.loads(pickle.dumps(buurten)), level="wijk")  # as the worker receives them
    assert len(at.areas) == 6 and spy == [36]
    drawn = simplify.simplified(at.areas)
    assert spy == [36]  # the wijken were not simplified anew
    wijk_of = drawn_buurten["code"].str[2:8].radd("WK")
    by_hand = drawn_buurten.geometry.groupby(wijk_of.to_numpy()).apply(lambda g: shapely.union_all(g.values))
    assert all(shapely.equals(drawn.geometry.values, by_hand.reindex(at.areas["code"]).values))
    assert bool(shapely.coverage_is_valid(drawn.geometry.values))
    # another frame with some of these wijken in another order (a table sorted by count): the same drawing
    subset = at.areas.iloc[[4, 0, 2]].assign(count=1)
    again = simplify.simplified(subset)
    assert spy == [36] and all(shapely.equals(again.geometry.values, drawn.geometry.values[[4, 0, 2]]))
    before, _ = simplify.simplify_coverage(at.areas.geometry.values)  # how the wijken were drawn before
    exact = at.areas.geometry.values
    # each simplification moves a boundary by at most the tolerance: the areas differ by less than that strip
    assert np.all(np.abs(drawn.area.to_numpy() - shapely.area(before))
                  <= 2 * simplify.DEFAULT_TOLERANCE_M * shapely.length(exact))
    assert drawn.area.sum() == pytest.approx(shapely.area(exact).sum(), rel=1e-9)  # a coverage of the same land


def test_wijken_of_buurten_that_are_no_coverage_are_simplified_themselves(spy):
    """Buurten that overlap are simplified polygon by polygon (their unions could show slivers): their wijken are
    then simplified as before."""
    from desktop.level_tasks import at_level

    buurten = _buurten()
    buurten.loc[0, "geometry"] = buurten.geometry[0].buffer(30)  # overlaps its neighbours
    assert simplify.simplify_coverage(buurten.geometry.values)[1] == "per polygon"
    simplify.simplified(buurten)
    at = at_level(buurten, level="wijk")
    before, _ = simplify.simplify_coverage(at.areas.geometry.values)
    drawn = simplify.simplified(at.areas)
    assert all(shapely.equals(drawn.geometry.values, before))


def test_web_map_and_print_map_of_one_run_share_one_simplification(spy, tmp_path):
    from desktop.tasks import load_demo
    from hotspots.inputs import Inputs
    from hotspots.run import run_analysis
    from mapping.outputs import meta_for, write_outputs
    from mapping.printmap import print_tolerance

    project = load_demo()
    run = run_analysis(Inputs(areas=project.areas, incidents=project.incidents), parts=("hotspots",))
    big = run.hotspots.areas.copy()
    write_outputs(run, meta_for(run), out_dir=tmp_path, kinds=("html", "png"))
    assert spy.count(len(big)) == 2  # Groningen: the print map needs 7 m, finer than the web map's 20 m
    assert print_tolerance(big) < simplify.DEFAULT_TOLERANCE_M
    spy.clear()
    big["geometry"] = big.geometry.scale(20, 20, origin=(0, 0))  # a region twenty times as wide
    run.hotspots.areas = big
    assert print_tolerance(big) == simplify.DEFAULT_TOLERANCE_M
    write_outputs(run, meta_for(run), out_dir=tmp_path, kinds=("html", "png"))
    assert spy.count(len(big)) == 1  # one simplification for both maps


def test_progress_tells_each_stage_on_stderr_and_leaves_stdout_alone(cli, tmp_path):
    from resources import demo

    code, out, err = cli("analyse", "--areas", demo.AREAS, "--incidents", demo.INCIDENTS, "--out", tmp_path,
                         "--json", "--progress")
    assert code == 0
    assert json.loads(out)["areas"] == 108
    lines = err.strip().splitlines()
    pattern = re.compile(r"^\[\s*\d+,\d s \| cpu\s+\d+,\d s \|\s+\d+ MB\] ")
    assert all(pattern.match(line) for line in lines), lines
    stages = [pattern.sub("", line) for line in lines]
    assert stages[0] == "Bestanden lezen" and "Trends" in stages and "Kaart schrijven" in stages
    assert re.fullmatch(r"Klaar; piekgeheugen \d+ MB", stages[-1])
    code, out, err = cli("trends", "--areas", demo.AREAS, "--incidents", demo.INCIDENTS, "--json")
    assert code == 0 and err == "" and json.loads(out)["series"]


def test_a_prefetched_simplification_is_used_and_equals_one_made_on_the_spot(spy, monkeypatch):
    """``analyse`` starts the maps' simplification early, in a thread (GEOS lets go of the GIL): the web map then
    takes that one instead of simplifying again, and it is the same as one made when asked."""
    import threading

    areas = _grid(1200)
    threads = []
    real = simplify.simplify_coverage

    def where(geoms, tolerance_m=simplify.DEFAULT_TOLERANCE_M):
        threads.append(threading.current_thread().name)
        return real(geoms, tolerance_m)

    monkeypatch.setattr(simplify, "simplify_coverage", where)
    simplify.prefetch(areas)
    early = simplify.simplified(areas.copy().assign(count=1))  # another frame, the same geometry objects
    assert spy == [1200] and threads[0].startswith("wijkbeeld-vereenvoudigen") and not simplify._PENDING
    monkeypatch.setattr(simplify, "_DONE", [])
    asked = simplify.simplified(areas)
    assert spy == [1200, 1200] and threads[1] == threading.current_thread().name
    assert all(shapely.equals_exact(early.geometry.values, asked.geometry.values, 0))
    simplify.prefetch(areas.head(10))  # a small coverage is simplified when asked: no thread for milliseconds
    assert not simplify._PENDING


def test_a_simplification_under_way_serves_other_objects_with_the_same_coordinates(spy):
    """The wizard prepares the map of the boundaries it read; the map is drawn from a copy that travelled between
    processes (other geometry objects, the same coordinates): it waits for that simplification instead of
    starting a second one beside it, and draws the same geometries (also when it comes after it is done)."""
    import pickle

    areas = _grid(1200)
    simplify.prefetch(areas)
    travelled = pickle.loads(pickle.dumps(areas))
    assert not any(a is b for a, b in zip(travelled.geometry.values, areas.geometry.values))
    drawn = simplify.simplified(travelled)
    assert spy == [1200]  # one simplification for both
    simplify.prefetch(pickle.loads(pickle.dumps(areas)))  # nothing starts again: made already
    again = simplify.simplified(areas)
    assert spy == [1200] and not simplify._PENDING
    assert all(shapely.equals_exact(drawn.geometry.values, again.geometry.values, 0))
    other = areas.assign(geometry=areas.geometry.translate(1.0))  # other coordinates: simplified on their own
    simplify.simplified(other)
    assert spy == [1200, 1200]


def test_analyse_prefetches_the_areas_it_will_draw(monkeypatch, tmp_path):
    """The areas ``run_analyse`` draws are the geometry objects it prefetched (else the early work is wasted)."""
    from desktop.tasks import load_demo
    from mapping.outputs import run_analyse

    project = load_demo()
    prefetched, drawn = [], []
    monkeypatch.setattr(simplify, "prefetch", lambda frame, *a, **k: prefetched.append(frame.geometry.values))
    real = simplify._simplification

    def seen(frame, tolerance_m):
        drawn.append(frame.geometry.values)
        return real(frame, tolerance_m)

    monkeypatch.setattr(simplify, "_simplification", seen)
    run_analyse(project.areas, project.incidents, out_dir=tmp_path / "uit")
    assert len(prefetched) == 1
    assert any(len(d) == len(prefetched[0]) and all(map(lambda a, b: a is b, d, prefetched[0])) for d in drawn)


def test_a_failed_run_leaves_no_simplification_waiting(monkeypatch, tmp_path):
    """When ``analyse`` fails after the prefetch, the simplification under way is dropped, and its thread is a
    daemon, so the process exits without waiting for work nobody will use."""
    import threading

    from desktop.tasks import load_demo
    from kernel.errors import AnalysisError
    from mapping import outputs

    project = load_demo()
    started = []
    real = simplify.prefetch

    def spy_prefetch(frame, *a, **k):
        before = set(threading.enumerate())
        real(_grid(1200), *a, **k)  # a coverage big enough for a thread
        started.extend(set(threading.enumerate()) - before)

    def fail(*a, **k):
        raise AnalysisError("kapot")

    monkeypatch.setattr(simplify, "prefetch", spy_prefetch)
    monkeypatch.setattr("hotspots.run.run_analysis", fail)
    with pytest.raises(AnalysisError):
        outputs.run_analyse(project.areas, project.incidents, out_dir=tmp_path / "uit")
    assert [t.daemon for t in started if t.name.startswith("wijkbeeld-vereenvoudigen")] in ([True], [])
    simplify.forget(_grid(1200))  # the spy's own frame: other objects, nothing to drop
    grid = _grid(1200)
    real(grid)
    assert len(simplify._PENDING) >= 1
    simplify.forget(grid)
    assert not any(all(map(lambda a, b: a is b, seen, grid.geometry.values)) for seen, *_ in simplify._PENDING)


def test_the_wgs84_geometries_of_the_same_simplified_areas_are_made_once(monkeypatch):
    """Every map of the same areas transforms the same simplified geometry objects to WGS84: remembered by those
    objects (other objects, even with the same coordinates, are transformed: no fingerprint for a cheap step)."""
    from kernel.recent import Recent

    monkeypatch.setattr(simplify, "_ROUNDED", Recent(keep=8))
    areas = _grid()
    first = simplify.wgs84_rounded(areas)
    expected = areas.to_crs(simplify.WGS84)
    expected = shapely.transform(np.asarray(expected.geometry.values, dtype=object), lambda c: np.round(c, 6))
    assert first.crs == simplify.WGS84 and list(first.columns) == list(areas.columns)
    assert all(shapely.equals_exact(first.geometry.values, expected, 0))
    again = simplify.wgs84_rounded(areas.assign(count=1))
    assert all(a is b for a, b in zip(again.geometry.values, first.geometry.values))
    assert "count" in again and again.index.equals(areas.index)
    moved = areas.set_geometry(areas.geometry.translate(100.0, 0.0))
    other = simplify.wgs84_rounded(moved)
    assert not any(shapely.equals(other.geometry.values, first.geometry.values))


def test_the_geojson_of_the_same_display_geometries_is_written_once(monkeypatch):
    """The layers of one map (hot spots, counts, rates) and the maps of the same areas write the same display
    geometries: their GeoJSON text is remembered by the objects, equal to a fresh one."""
    from kernel.recent import Recent

    monkeypatch.setattr(simplify, "_GEOJSON", Recent(keep=8))
    calls = []
    real = shapely.to_geojson
    monkeypatch.setattr(shapely, "to_geojson", lambda geoms, *a, **k: calls.append(len(geoms)) or real(geoms, *a, **k))
    display = simplify.to_display(_grid())
    props = [{"c": str(i)} for i in range(len(display))]
    first = simplify.feature_collection(display, props)
    again = simplify.feature_collection(display.assign(count=1), [dict(p, k=1) for p in props])
    assert calls == [36]
    monkeypatch.setattr(simplify, "_GEOJSON", Recent(keep=8))
    assert simplify.feature_collection(display, props) == first and calls == [36, 36]
    assert json.loads(again)["features"][3]["geometry"] == json.loads(first)["features"][3]["geometry"]


def test_the_window_analysis_prefetches_its_map_once_and_not_for_what_it_has(spy, monkeypatch, tmp_path):
    """The window's worker (``desktop.tasks.analyse``) simplifies the buurten it will draw on the other core while
    the analysis runs (the first national buurt map: 5 of its 10 s), and the map takes that one, also when the run
    that started it was cancelled (the next run of the window draws the same buurten); a later run of the same
    buurten (sent anew: other objects, the same coordinates) and the wijken dissolved from them start none."""
    import pickle
    import threading

    import hotspots.run as hotspots_run
    from desktop import tasks
    from kernel.errors import AnalysisError

    areas = _grid(1200)
    rng = np.random.default_rng(5)
    incidents = pd.DataFrame({"x": rng.uniform(0, 1000, 3000), "y": rng.uniform(0, 1000, 3000),
                              "start": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 8760, 3000),
                                                                                      unit="h")})
    threads = []
    real = simplify.simplify_coverage
    monkeypatch.setattr(simplify, "simplify_coverage", lambda geoms, tolerance_m=simplify.DEFAULT_TOLERANCE_M: (
        threads.append(threading.current_thread().name) or real(geoms, tolerance_m)))
    real_run = hotspots_run.run_analysis
    monkeypatch.setattr(hotspots_run, "run_analysis", lambda *a, **k: (_ for _ in ()).throw(AnalysisError("gestopt")))
    with pytest.raises(AnalysisError):  # a run cancelled (or failed) after its prefetch started
        tasks.analyse(areas, incidents, parts=("hotspots",), out_dir=tmp_path / "0")
    monkeypatch.setattr(hotspots_run, "run_analysis", real_run)
    tasks.analyse(areas, incidents, parts=("hotspots",), out_dir=tmp_path / "a")  # the window's next: takes it
    assert spy == [1200] and len(threads) == 1 and threads[0].startswith("wijkbeeld-vereenvoudigen")
    started = []
    monkeypatch.setattr(threading.Thread, "start", lambda self, real_start=threading.Thread.start: (
        started.append(self.name), real_start(self))[1])
    tasks.analyse(pickle.loads(pickle.dumps(areas)), incidents, parts=("hotspots",), out_dir=tmp_path / "b")
    assert spy == [1200] and not [n for n in started if n.startswith("wijkbeeld-vereenvoudigen")]
    wijken = tasks.analyse(areas, incidents, parts=("hotspots",), level="wijk", out_dir=tmp_path / "c")
    assert len(wijken.result.areas) == 12 and wijken.map_path.exists()
    assert spy == [1200] and not [n for n in started if n.startswith("wijkbeeld-vereenvoudigen")]


@pytest.mark.parametrize("overlap", [False, True])
def test_a_large_coverage_is_checked_while_it_is_simplified_with_the_same_answer(monkeypatch, overlap):
    """Many vertices: the check that the polygons form a coverage runs beside their coverage simplification (the
    national buurten 4.7 -> 3.4-3.8 s); the simplification counts only where the check holds, as one after the
    other gives it. (An overlap where the quick look before the check does not see it: with it, see below.)"""
    import threading

    areas = _grid(300)
    geoms = areas.geometry.values.copy()
    if overlap:
        geoms[0] = geoms[0].buffer(30)
        monkeypatch.setattr(simplify, "_surely_no_coverage", lambda work: False)
    monkeypatch.setattr(simplify, "_CHECK_BESIDE_VERTICES", 10**12)
    one = simplify.simplify_coverage(geoms)
    threads = []
    real = shapely.coverage_simplify
    monkeypatch.setattr(shapely, "coverage_simplify", lambda *a, **k: threads.append(
        threading.current_thread().name * threading.current_thread().daemon) or real(*a, **k))
    monkeypatch.setattr(simplify, "_CHECK_BESIDE_VERTICES", 0)
    both = simplify.simplify_coverage(geoms)
    assert one[1] == both[1] == ("per polygon" if overlap else "coverage")
    assert all(shapely.equals_exact(one[0], both[0], 0))
    # in a daemon thread: a process that ends meanwhile does not wait for it
    assert [t.startswith("wijkbeeld-vereenvoudigen-dekking") for t in threads] == [True]


def test_no_coverage_seen_at_a_probe_starts_no_simplification_beside_the_check(monkeypatch):
    """The overlap is at a polygon the quick look checks first (mapping.simplify._surely_no_coverage): no coverage
    simplification is started beside the whole check (it would be in vain), with the same answer."""
    areas = _grid(300)
    geoms = areas.geometry.values.copy()
    geoms[0] = geoms[0].buffer(30)
    one = simplify.simplify_coverage(geoms)
    calls = []
    real = shapely.coverage_simplify
    monkeypatch.setattr(shapely, "coverage_simplify", lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setattr(simplify, "_CHECK_BESIDE_VERTICES", 0)
    again = simplify.simplify_coverage(geoms)
    assert one[1] == again[1] == "per polygon" and all(shapely.equals_exact(one[0], again[0], 0)) and calls == []
