"""Large inputs go to the worker process: same results, progress, errors and cancellation as in a thread."""
from __future__ import annotations

import os
import time

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("PySide6")
pytestmark = pytest.mark.qt

from desktop import packing, procpool  # noqa: E402
from desktop.workers import Runner  # noqa: E402
from kernel.errors import ImportFileError  # noqa: E402
from kernel.progress import as_progress  # noqa: E402


def frame_sum(frame, delay=0.0, fail=False, progress=None, cancelled=None):
    """A stand-in core function: sums ``frame.x`` in steps; reports the process it ran in."""
    p = as_progress(progress, cancelled)
    steps = 40 if delay else 1
    for i in range(steps):
        p(i / steps, f"stap {i}")
        time.sleep(delay)
    if fail:
        raise ImportFileError("Kolom 'x' ontbreekt in rij 3.")
    p(1.0, "klaar")
    return {"sum": float(frame["x"].sum()), "pid": os.getpid(), "back": frame.iloc[::-1]}


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(procpool, "PROCESS_ROWS", 100)
    monkeypatch.setattr(packing, "PACK_ROWS", 70)  # the input travels in pieces


def test_large_frame_runs_in_process_and_comes_back_whole(qtbot, small_limits):
    frame = pd.DataFrame({"x": np.arange(1000, dtype=float),
                          "s": pd.array([f"r{i}" for i in range(1000)], dtype="string")})
    runner = Runner("Test", process=True)
    fractions = []
    runner.progressChanged.connect(lambda f, t: fractions.append(f))
    with qtbot.waitSignal(runner.resultReady, timeout=60000) as blocker:
        runner.start(frame_sum, frame)
    assert runner.in_process
    out = blocker.args[0]
    assert out["sum"] == 499500.0 and out["pid"] != os.getpid()
    pd.testing.assert_frame_equal(out["back"], frame.iloc[::-1])
    assert fractions and fractions[-1] == 1.0
    # a small input stays in the thread
    with qtbot.waitSignal(runner.resultReady, timeout=5000) as blocker:
        runner.start(frame_sum, frame.head(10))
    assert not runner.in_process and blocker.args[0]["pid"] == os.getpid()


def areas_back(areas, progress=None, cancelled=None):
    return {"pid": os.getpid(), "areas": areas.iloc[::-1]}


def test_areas_go_to_the_process_and_come_back_whole_in_small_pieces(qtbot, monkeypatch):
    """Areas (a frame with geometry) of PROCESS_AREAS rows or more run in the process whatever the incidents, and
    travel in pieces of PACK_GEOMETRY_ROWS (unpickling polygons holds the GIL far longer than numbers)."""
    import geopandas as gpd
    import shapely

    monkeypatch.setattr(procpool, "PROCESS_AREAS", 50)
    monkeypatch.setattr(packing, "PACK_GEOMETRY_ROWS", 7)
    areas = gpd.GeoDataFrame({"code": [f"BU{i:04d}" for i in range(60)]},
                             geometry=[shapely.box(i, 0, i + 1, 1) for i in range(60)], crs="EPSG:28992")
    assert len(packing.pack_nested({"a": areas}["a"]).blocks) == 9
    runner = Runner("Test", process=True)
    with qtbot.waitSignal(runner.resultReady, timeout=60000) as blocker:
        runner.start(areas_back, areas)
    assert runner.in_process and blocker.args[0]["pid"] != os.getpid()
    back = blocker.args[0]["areas"]
    assert isinstance(back, gpd.GeoDataFrame) and back.crs == areas.crs
    pd.testing.assert_frame_equal(pd.DataFrame(back), pd.DataFrame(areas.iloc[::-1]))
    with qtbot.waitSignal(runner.resultReady, timeout=5000) as blocker:  # fewer areas: the thread
        runner.start(areas_back, areas.head(10))
    assert not runner.in_process


def test_few_large_polygons_travel_in_pieces_of_few_vertices(monkeypatch):
    """Few rows of many vertices (the national wijken dissolved from buurten: 145 rows, 13,000 vertices each) are
    cut into pieces of at most PACK_VERTICES vertices (a whole one held the window's GIL 50-120 ms as it arrived),
    and come back as they went."""
    import pickle

    import geopandas as gpd
    import shapely

    monkeypatch.setattr(packing, "PACK_VERTICES", 1000)
    wijken = gpd.GeoDataFrame({"code": [f"WK{i:04d}" for i in range(12)]}, crs="EPSG:28992",
                              geometry=[shapely.box(i, 0, i + 1, 1).segmentize(0.005 * (1 + i % 3)) for i in range(12)])
    vertices = shapely.get_num_coordinates(wijken.geometry.values)
    assert len(wijken) < packing.PACK_GEOMETRY_ROWS and vertices.sum() > 3 * packing.PACK_VERTICES
    packed = packing.pack_nested(wijken)
    assert isinstance(packed, packing._Packed) and len(packed.blocks) > 3
    for block in packed.blocks:
        piece = pickle.loads(block)
        assert len(piece) == 1 or shapely.get_num_coordinates(piece.geometry.values).sum() <= packing.PACK_VERTICES
    back = packing.unpack_nested(pickle.loads(pickle.dumps(packed)))
    pd.testing.assert_frame_equal(pd.DataFrame(back), pd.DataFrame(wijken))
    assert packing.pack_nested(wijken.head(1)) is not None and not packing.in_pieces(wijken.head(1))


def test_long_lists_are_sent_as_they_are_not_item_by_item():
    """A result's lists of every area's code (three levels of 14,500 national buurten) were walked item by item
    on both sides (0.15 s of the window's GIL as a result arrived): lists longer than SMALL_DICT travel as they
    are; a short list (a project's sources) is still looked into for its frames."""
    frame = pd.DataFrame({"x": np.arange(packing.PACK_ROWS + 5)})
    codes = [f"BU{i:08d}" for i in range(5000)]
    assert packing.pack_nested(codes) is codes and packing.unpack_nested(codes) is codes
    short = packing.pack_nested([frame, "naam"])
    assert isinstance(short[0], packing._Packed)
    pd.testing.assert_frame_equal(packing.unpack_nested(short)[0], frame)


def test_process_errors_and_cancel(qtbot, small_limits):
    frame = pd.DataFrame({"x": np.ones(500)})
    runner = Runner("Analyse", process=True)
    with qtbot.waitSignal(runner.errorOccurred, timeout=60000) as blocker:
        runner.start(frame_sum, frame, fail=True)
    err = blocker.args[0]
    assert isinstance(err.exception, ImportFileError)
    assert "rij 3" in str(err.exception) and "frame_sum" in err.details  # the child's traceback

    with qtbot.waitSignal(runner.progressChanged, timeout=30000):
        runner.start(frame_sum, frame, delay=0.05)
    t0 = time.perf_counter()
    with qtbot.waitSignal(runner.cancelled, timeout=2000):
        runner.cancel()
    # the child stops at its next progress call: the next task runs at once
    with qtbot.waitSignal(runner.resultReady, timeout=5000) as blocker:
        runner.start(frame_sum, frame)
    assert blocker.args[0]["sum"] == 500.0
    assert time.perf_counter() - t0 < procpool.GRACE_S  # a child ended by force would take the grace and more


def test_a_task_waiting_behind_a_deaf_one_still_runs_when_that_process_is_ended(qtbot):
    """Saves queued behind a task that ignores Afbreken: ending that task's process must not drop the save.

    The worker process is one; a cancelled task that does not answer its flag within GRACE_S has its process
    ended, and ``shutdown`` cancels the futures waiting behind it. Those tasks were not cancelled by anyone:
    they run again in the fresh process (once seen as a save that never reported, in the full pytest-qt run).
    """
    from tests.desktop import hogs

    deaf_runner = Runner("Analyse", process="always")
    autosave_runner = Runner("Opslaan", process="always")
    save_runner = Runner("Opslaan", process="always")
    frame = pd.DataFrame({"x": np.ones(10)})
    deaf_runner.start(hogs.deaf)
    qtbot.waitUntil(lambda: procpool.busy(), timeout=30000)
    time.sleep(0.5)  # the deaf task is in its sleep, the save waits behind it
    results, cancelled = [], []
    save_runner.resultReady.connect(results.append)
    save_runner.cancelled.connect(lambda: cancelled.append(1))
    autosave_runner.resultReady.connect(results.append)
    autosave_runner.cancelled.connect(lambda: cancelled.append(1))
    autosave_runner.start(frame_sum, frame)  # sent on to the process's call queue at once
    save_runner.start(frame_sum, frame.head(4))  # waits in the pool's own queue
    deaf_runner.cancel()
    qtbot.waitUntil(lambda: len(results) + len(cancelled) == 2, timeout=procpool.GRACE_S * 1000 + 60000)
    assert not cancelled and sorted(r["sum"] for r in results) == [4.0, 10.0]


def test_a_projects_sources_travel_in_pieces(small_limits):
    """A project holds its frames in lists (sources, divisions): they are packed in pieces too (the autosave
    of a national project went as one pickle, a 0.3-0.6 s hold of the window's GIL)."""
    import pickle

    from importers.project import Project

    incidents = pd.DataFrame({"x": np.arange(1000, dtype=float), "category": ["a", "b"] * 500})
    project = Project(incidents=incidents, name="Proef")
    packed = packing.pack_nested(project)
    assert packed is not project and project.sources[0].data is incidents  # the original stays as it was
    assert isinstance(packed.sources[0].data, packing._Packed) and len(packed.sources[0].data.blocks) == 15
    back = packing.unpack_nested(pickle.loads(pickle.dumps(packed)))
    pd.testing.assert_frame_equal(back.incidents, incidents)
    assert back.name == "Proef"
    # a division's areas per level sit in a dict: packed in pieces too (an autosave's national buurten went
    # whole in the executor's message, a 0.24 s hold of the window's GIL)
    import geopandas as gpd
    from shapely.geometry import box

    areas = gpd.GeoDataFrame({"code": [f"BU{i:08d}" for i in range(300)]},
                             geometry=[box(i, 0, i + 1, 1) for i in range(300)], crs="EPSG:28992")
    project = Project(areas=areas, name="Proef")
    packed = packing.pack_nested(project)
    level = packed.divisions[0].main
    assert isinstance(packed.divisions[0].areas[level], packing._Packed)
    assert project.divisions[0].areas[level] is areas  # the original stays as it was
    back = packing.unpack_nested(pickle.loads(pickle.dumps(packed)))
    pd.testing.assert_frame_equal(back.areas, areas)
    codes = ["a", "b"]  # a list without frames is left alone
    assert packing.pack_nested(codes) is codes and packing.unpack_nested(codes) is codes


def test_an_object_met_twice_travels_once_and_stays_one_object(small_limits):
    """The window's analysis holds the hot-spot result twice (``result`` and ``run.hotspots``, past the packing
    depth): it is packed once, every large frame in pieces, and one object again after the journey (packed
    twice, the national result travelled twice, the second time as one pickle that held the GIL 0.3-0.5 s)."""
    import pickle

    from desktop.tasks import Analysis
    from hotspots.inputs import Inputs
    from hotspots.run import AnalysisRun
    from hotspots.where.hotspots import HotspotResult

    frame = pd.DataFrame({"x": np.arange(1000, dtype=float)})
    result = HotspotResult("gistar", areas=frame)
    analysis = Analysis(result, None, run=AnalysisRun(inputs=Inputs(), hotspots=result))
    packed = packing.pack_nested(analysis)
    assert packed.result is packed.run.hotspots and isinstance(packed.result.areas, packing._Packed)
    assert analysis.result.areas is frame  # the original stays as it was
    blob = pickle.dumps(packed)
    assert len(blob) < 1.5 * len(pickle.dumps(packing.pack_nested(result)))  # once, not twice
    back = packing.unpack_nested(pickle.loads(blob))
    assert back.result is back.run.hotspots
    pd.testing.assert_frame_equal(back.result.areas, frame)


def frame_in_worker(frame, other=None, progress=None, cancelled=None):
    return {"id": id(frame), "sum": float(frame["x"].sum()), "pid": os.getpid()}


def project_in_worker(project, progress=None, cancelled=None):
    return frame_in_worker(project.incidents)


def test_a_large_frame_sent_again_stays_in_the_worker(qtbot, small_limits):
    """The window passes its project's areas (and incidents) to every analysis: the worker keeps them once sent
    (packing.RESIDENT_KEEP), and the same frame goes again as its key only (issues 18/19)."""
    runner = Runner("Analyse", process=True)
    frame = pd.DataFrame({"x": np.arange(1000, dtype=float)})

    def run(*args):
        with qtbot.waitSignal(runner.resultReady, timeout=60000) as blocker:
            runner.start(frame_in_worker, *args)
        return blocker.args[0]

    first, again = run(frame), run(frame)
    assert again["id"] == first["id"] and again["sum"] == first["sum"] == 499500.0  # kept, not sent again
    lane = procpool._pools[procpool.WORK]
    assert isinstance(lane.send(frame), packing._Resident)
    # inside a project (the window's choice of sources shares the project's frames): kept as well
    from importers.project import Project

    views = Runner("Ontwikkeling", process="always")  # the same work lane
    with qtbot.waitSignal(views.resultReady, timeout=60000) as blocker:
        views.start(project_in_worker, Project(incidents=frame, name="Keuze"))
    assert blocker.args[0]["id"] == first["id"] and blocker.args[0]["sum"] == 499500.0
    assert isinstance(lane.send(Project(incidents=frame)).sources[0].data, packing._Resident)
    other = frame.copy()  # an equal frame that is another object: sent whole
    assert run(other)["id"] != first["id"]
    # the window's record says the process keeps a frame that it does not (a race between runners, a fresh
    # process): the task reports it missing and everything is sent whole again, with the right answer
    changed = pd.DataFrame({"x": np.ones(500)})
    with lane._lock:
        lane.kept[id(changed)] = (__import__("weakref").ref(changed), (500, ("x",)), 10**9)
    assert isinstance(lane.send(changed), packing._Resident)
    assert run(changed)["sum"] == 500.0
    # a fresh worker process keeps nothing yet: the frame goes whole again
    procpool.shutdown(procpool.WORK)
    assert run(frame)["sum"] == 499500.0


def areas_result(areas, progress=None, cancelled=None):
    """What an analysis returns of the window's areas: some of them reordered, with a column of its own (twice:
    as a run holds its result) and polygons made here."""
    picked = areas.iloc[[5, 0, 3] + list(range(6, len(areas)))].copy()
    picked.insert(1, "z", np.arange(len(picked), dtype=float))
    made = areas.head(60).copy()
    made["geometry"] = made.buffer(0.1)
    return {"result": picked, "again": picked, "made": made, "pid": os.getpid()}


def test_a_result_of_the_window_areas_comes_back_without_their_polygons(qtbot, monkeypatch):
    """The national buurten's polygons were 47 of a result's 50 MB, sent back to the window that sent them: a
    result's geometries that are the areas' own travel as their rows, and the window takes its own polygons."""
    import geopandas as gpd
    import shapely

    monkeypatch.setattr(procpool, "PROCESS_AREAS", 50)
    n = packing.PACK_GEOMETRY_ROWS + 50  # (the worker's own limits: more than a piece)
    areas = gpd.GeoDataFrame({"code": [f"BU{i:04d}" for i in range(n)], "name": [f"Buurt {i}" for i in range(n)]},
                             geometry=[shapely.box(i, 0, i + 1, 1) for i in range(n)], crs="EPSG:28992")
    runner = Runner("Analyse", process=True)
    with qtbot.waitSignal(runner.resultReady, timeout=60000) as blocker:
        runner.start(areas_result, areas)
    out = blocker.args[0]
    assert runner.in_process and out["pid"] != os.getpid()
    expected = areas.iloc[[5, 0, 3] + list(range(6, n))].copy()
    expected.insert(1, "z", np.arange(n - 3, dtype=float))
    got = out["result"]
    assert isinstance(got, gpd.GeoDataFrame) and got.crs == areas.crs and list(got.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(pd.DataFrame(got), pd.DataFrame(expected))
    # the window's own polygons (unpickled ones would be copies), and one object as the worker had it
    assert all(a is b for a, b in zip(got.geometry.array, expected.geometry.array)) and out["again"] is got
    made = out["made"]  # polygons made in the worker travel as before
    assert made.geometry.geom_equals(areas.head(60).buffer(0.1)).all()
    assert not any(a is b for a, b in zip(made.geometry.array, areas.geometry.array))


def result_in_worker(result, progress=None, cancelled=None):
    """What an export does with the window's result: reads it whole; says whether its polygons are those of a
    frame the worker keeps (taken from it, not unpickled copies)."""
    kept = [f for f in packing._child_frames.values() if "geometry" in f and f is not result]
    own = {id(g) for f in kept for g in f.geometry.array}
    return {"frame": result, "theirs": all(id(g) in own for g in result.geometry.array), "pid": os.getpid(),
            "id": id(result)}


def test_a_result_sent_back_to_the_worker_travels_without_its_polygons(qtbot, monkeypatch):
    """An export sends the result shown back to the worker: its polygons are the areas' own, which the worker
    keeps (the national result's 14,500 pickled in the window's waiter thread were a 0.13-0.2 s stall of the
    first export): they travel as rows of the kept areas, and the worker takes its own; the frame arrives equal
    and is kept. Polygons made elsewhere still travel; a fresh worker that keeps nothing gets everything again."""
    import geopandas as gpd
    import shapely

    monkeypatch.setattr(procpool, "PROCESS_AREAS", 50)
    n = packing.PACK_GEOMETRY_ROWS + 50
    areas = gpd.GeoDataFrame({"code": [f"BU{i:04d}" for i in range(n)]},
                             geometry=[shapely.box(i, 0, i + 1, 1) for i in range(n)], crs="EPSG:28992")
    runner = Runner("Analyse", process=True)

    def run(fn, *args):
        with qtbot.waitSignal(runner.resultReady, timeout=60000) as blocker:
            runner.start(fn, *args)
        return blocker.args[0]

    got = run(areas_result, areas)["result"]  # the window's result: the areas' polygons, another frame
    lane = procpool._pools[procpool.WORK]
    shared, sharing = [], packing.sharing
    monkeypatch.setattr(packing, "sharing", lambda *a: shared.append(sharing(*a)) or shared[-1])
    back = run(result_in_worker, got)
    assert isinstance(shared[-1], packing._SharedGeometry) and back["theirs"] and back["pid"] != os.getpid()
    pd.testing.assert_frame_equal(pd.DataFrame(back["frame"]), pd.DataFrame(got))
    assert back["frame"].crs == got.crs and list(back["frame"].columns) == list(got.columns)
    # kept there once arrived, as a frame sent whole: sent again, it goes as its key and is the same object there
    assert isinstance(lane.send(got), packing._Resident) and run(result_in_worker, got)["id"] == back["id"]
    made = got.copy()
    made["geometry"] = made.buffer(0.5)  # polygons of its own: sent as they are
    again = run(result_in_worker, made)
    assert shared[-1] is None and not again["theirs"] and again["frame"].geometry.geom_equals(made.geometry).all()
    procpool.shutdown(procpool.WORK)  # a fresh worker keeps nothing: the areas' rows point nowhere, all again
    back = run(result_in_worker, got)
    pd.testing.assert_frame_equal(pd.DataFrame(back["frame"]), pd.DataFrame(got))


def test_a_large_packed_frame_travels_through_a_scratch_file(qtbot, small_limits, monkeypatch, tmp_path):
    """From packing.SPILL_BYTES on (inside the app: its scratch folder) the blocks wait in a file, not in the
    executor's message (which is pickled in one GIL-holding call: 0.3-0.65 s for an autosave's national project).
    The side that unpacks removes the file; a task that never ran has its file removed by the sender."""
    import pickle

    from desktop.tasks import SCRATCH_ENV

    monkeypatch.setenv(SCRATCH_ENV, str(tmp_path))
    monkeypatch.setattr(packing, "SPILL_BYTES", 1)
    frame = pd.DataFrame({"x": np.arange(1000, dtype=float),
                          "s": pd.array([f"r{i}" for i in range(1000)], dtype="string")})
    packed = packing._Packed(frame)
    assert packed.blocks is None and len(list(tmp_path.iterdir())) == 1
    message = pickle.dumps(packed)
    assert len(message) < 2000  # the message carries the file's name, not the data
    pd.testing.assert_frame_equal(pickle.loads(message).unpack(), frame)
    assert not list(tmp_path.iterdir())  # read once, then removed
    # through the worker process: the same answer, and no file left behind
    runner = Runner("Analyse", process=True)
    with qtbot.waitSignal(runner.resultReady, timeout=60000) as blocker:
        runner.start(frame_sum, frame)
    assert blocker.args[0]["sum"] == 499500.0 and runner.in_process
    pd.testing.assert_frame_equal(blocker.args[0]["back"], frame.iloc[::-1])
    assert not list(tmp_path.iterdir())
    # a task cancelled while it waits: its file goes too
    slow = Runner("Opslaan", process="always")
    slow.start(frame_sum, frame.head(100), delay=0.1)
    waiting = Runner("Analyse", process="always")
    waiting.start(frame_sum, frame)
    waiting.cancel()
    qtbot.waitUntil(lambda: not procpool.busy(), timeout=60000)
    for r in (slow, waiting):  # their threads have emitted their last signal: the runners may go
        r.wait(30)
    assert not list(tmp_path.iterdir())


def test_a_large_project_goes_to_the_worker_process(monkeypatch):
    """A project holds its frames in its sources and its divisions' areas (a dict per level): a large one goes to
    the worker process like a large frame. Until this looked only at an object's own attributes, so the national
    project of a theme ran in a thread of the window (a 0.3 s stall, 20 s with the window's cold caches), and the
    autosave took a national project for a small one."""
    import geopandas as gpd
    from shapely.geometry import box

    from importers.project import Project

    monkeypatch.setattr(procpool, "PROCESS_ROWS", 1000)
    monkeypatch.setattr(procpool, "PROCESS_AREAS", 50)
    incidents = pd.DataFrame({"x": np.ones(1000)})
    areas = gpd.GeoDataFrame({"code": [str(i) for i in range(50)]}, geometry=[box(i, 0, i + 1, 1) for i in range(50)],
                             crs="EPSG:28992")
    assert procpool.wants_process((Project(incidents=incidents),), {})
    assert procpool.wants_process((), {"project": Project(areas=areas)})
    assert not procpool.wants_process((Project(incidents=incidents.head(999), areas=areas.head(49)),), {})
    assert procpool.deep_rows(Project(incidents=incidents, areas=areas)) == 1000


def test_a_long_save_does_not_hold_up_the_analysis(qtbot):
    """Saving has a process of its own (procpool.BACKGROUND): a national autosave takes some 20 s, and in one
    process every switch of level or period the user made meanwhile waited for it (issues 18/19)."""
    frame = pd.DataFrame({"x": np.ones(10)})
    saver = Runner("Opslaan", process=procpool.BACKGROUND)
    analysis = Runner("Analyse", process="always")
    saved, analysed = [], []
    saver.resultReady.connect(saved.append)
    analysis.resultReady.connect(analysed.append)
    saver.start(frame_sum, frame, delay=0.25)  # 40 steps: some 10 s
    qtbot.waitUntil(lambda: bool(procpool.worker_pids(procpool.BACKGROUND)), timeout=30000)
    t0 = time.perf_counter()
    analysis.start(frame_sum, frame.head(3))
    qtbot.waitUntil(lambda: bool(analysed), timeout=30000)
    assert time.perf_counter() - t0 < 8 and not saved  # it did not wait behind the save
    assert analysed[0]["sum"] == 3.0
    assert analysed[0]["pid"] in procpool.worker_pids()
    assert analysed[0]["pid"] not in procpool.worker_pids(procpool.BACKGROUND)
    # cancelling the save ends its own process at most, never the analyses' one
    work = procpool.worker_pids()
    saver.cancel()
    qtbot.waitUntil(lambda: not procpool.busy(), timeout=procpool.GRACE_S * 1000 + 30000)
    assert procpool.worker_pids() == work and not saved
    analysis.start(frame_sum, frame.head(2))
    qtbot.waitUntil(lambda: len(analysed) == 2, timeout=30000)
    assert analysed[1]["sum"] == 2.0 and analysed[1]["pid"] == work[0]
    for r in (saver, analysis):  # a runner freed while its thread still emits crashes Qt (seen once in CI)
        r.wait(30)


def test_a_task_cancelled_while_it_waited_for_a_thread_never_runs(qtbot):
    """Afbreken while a task still waited for a free thread of the pool (all of them waiting on the one worker
    process, as when a near-repeat test was started behind an analysis's trends): it must not start after
    all. It did: the process then spent minutes on a Knox test nobody wanted, and every later task waited."""
    from desktop import workers
    from kernel.errors import Cancelled
    from tests.desktop import hogs

    frame = pd.DataFrame({"x": np.ones(10)})
    holders = [Runner("Analyse", process="always") for _ in range(workers.WAITERS)]  # every waiting thread, busy
    for r in holders:
        r.start(frame_sum, frame, delay=0.05)
    late = Runner("Bijna-herhaling", process="always")
    ran, cancelled = [], []
    late.resultReady.connect(ran.append)
    late.cancelled.connect(lambda: cancelled.append(1))
    late.start(hogs.deaf)  # would hold the process long after the cancel
    late.cancel()
    for r in holders:
        r.wait(60)
    late.wait(30)
    assert cancelled == [1] and ran == [] and not procpool.busy()
    direct = []  # the same through procpool.call: asked to stop before it was called
    procpool.cancel(10**9)
    with pytest.raises(Cancelled):
        procpool.call(10**9, hogs.deaf, (), {}, lambda f, t: direct.append(f))
    assert direct == [] and not procpool.busy()


def test_a_small_task_in_a_thread_does_not_wait_behind_the_worker_process(qtbot):
    """Three saves or analyses waiting on their worker process (each lane runs one task at a time) held every
    thread of the shared pool, and the charts of a buurt, a task of milliseconds in a thread, waited behind
    them (a rectangle drawn on the map got its charts only after 30 s, once, in CI). The waits have threads of
    their own: the small task is done while the others still wait."""
    frame = pd.DataFrame({"x": np.ones(10)})
    holders = [Runner("Opslaan", process="always") for _ in range(3)]
    for r in holders:
        r.start(frame_sum, frame, delay=0.05)  # 2 s each, one after the other in the one process
    small = Runner("Grafieken")
    with qtbot.waitSignal(small.resultReady, timeout=10000) as got:
        small.start(frame_sum, frame)
    assert got.args[0]["pid"] == os.getpid()  # (in a thread of this process)
    assert all(r.is_running() for r in holders), "the small task waited for a task of the process"
    for r in holders:
        r.wait(60)
