"""Each thing computed once per run (issue 19): the display simplification shared by the web map and the print map
(and by the window's reruns), and ``--progress`` telling each stage without touching stdout."""
from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
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
