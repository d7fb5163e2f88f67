"""The window's Qt-free parts: evented state, the progress throttle, the table's cells (run with Qt blocked)."""
from __future__ import annotations

import doctest
import importlib
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from desktop import state, table_cells, throttle

ROOT = Path(__file__).resolve().parent.parent
QT_FREE = ("desktop.state", "desktop.throttle", "desktop.table_cells", "desktop.overview", "desktop.procpool",
           "desktop.snapshot", "desktop.strings", "desktop.import_steps", "desktop.estimate", "desktop.form_checks")


@pytest.mark.parametrize("name", ["desktop.state", "desktop.throttle", "desktop.import_steps", "desktop.estimate",
                                  "desktop.form_checks"])
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_qt_free_modules_load_no_qt():
    code = ("import importlib, sys\n"
            f"for m in {QT_FREE!r}: importlib.import_module(m)\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph')]\n"
            "assert not bad, bad\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_settings_and_session_are_apart():
    saved = {f for f in state.ProjectSettings.__dataclass_fields__}
    running = {f for f in state.Session.__dataclass_fields__}
    assert {"filters", "method", "params", "selected", "export"} <= saved
    assert {"analysis", "plan_map", "dirty", "shown", "map_page"} <= running
    assert not saved & running


def test_a_change_notifies_once_and_a_load_not_at_all():
    s = state.ProjectSettings()
    seen = []
    s.events.connect("*", lambda name, value: seen.append(name))
    s.selected = ["BU1"]
    s.selected = ["BU1"]
    s.update(method="hotspots", params={"method": "lisa"})
    assert seen == ["selected", "method", "params"]
    s.load({"method": "hotspots", "params": {"fdr": False}, "filters": {"start": "2016-01"}}, {"selected": ["BU2"]})
    assert seen == ["selected", "method", "params"]  # a project's own settings are no change
    assert (s.params, s.filters, s.selected) == ({"fdr": False}, {"start": "2016-01"}, ["BU2"])
    assert s.to_settings({"suppress": True}) == {"method": "hotspots", "params": {"fdr": False},
                                                 "filters": {"start": "2016-01"}, "export": {"suppress": True}}
    assert s.view() == {"selected": ["BU2"]} and s.period_text() is None


def test_session_compares_data_by_identity():
    """A frame or a result is never compared by value (that raises, or costs a pass over the data)."""
    s = state.Session()
    seen = []
    s.events.connect("charts", seen.append)
    frame = pd.DataFrame({"a": [1, 2]})
    s.charts = frame
    s.charts = frame
    s.charts = frame.copy()
    assert len(seen) == 2


def test_throttle_passes_the_first_and_the_last():
    sent = []
    t = throttle.Throttle(lambda f, text: sent.append((f, text)), interval=3600)
    for i in range(100):
        t(i / 100, "bezig")
    t(1.0, "klaar")
    assert sent == [(0.0, "bezig"), (1.0, "klaar")]


def test_table_cells_of_a_gi_result():
    frame = pd.DataFrame({"code": ["BU1", "BU2"], "name": ["Noord", "Zuid"], "count": [12, 0],
                          "population": [1000.0, None], "rate": [12.0, None], "z": [2.7, -0.2],
                          "p_fdr": [0.01, 0.8], "gi_class": [3, 0], "gi_label": ["Hot spot 99%", "Niet significant"]})
    cells = table_cells.cells(frame, {3: "#d62f27", 0: "#f7f7f7"})
    assert cells["text"][0] == ["BU1", "BU2"] and cells["text"][2] == ["12", "0"]
    assert cells["text"][3] == ["1.000", ""] and cells["key"][3] == [1000.0, None]
    assert cells["text"][-1] == ["Hot spot 99%", "Niet significant"]
    assert cells["colours"] == ["#d62f27", "#f7f7f7"] and cells["by_z"]
    assert cells["tips"][0].startswith("Gi* z = 2,7")


def test_the_offered_categories_are_those_the_filter_finds():
    """The categories the window offers are the distinct texts of the category column (what the filter compares,
    tasks.category_mask): each offered category finds its incidents, and none is left out."""
    import numpy as np

    from desktop import overview, tasks
    from importers.project import Project

    rng = np.random.default_rng(3)
    n = 2000
    incidents = pd.DataFrame({"start": pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 730 * 24, n), "h"),
                              "category": np.array(["b", "a", None, "c", np.nan], dtype=object)[rng.integers(0, 5, n)]})
    for column in (incidents["category"], incidents["category"].astype("category"),
                   incidents["category"].astype("string"), pd.Series([2.0, np.nan, 1.0]),
                   pd.Series(["x", pd.NA, "y", "x"], dtype="string"), pd.Series(["b", 1, 1.0, None, "b"], dtype=object),
                   pd.Series(["één", "e\u0301en", None, "één"], dtype=object)):  # (text by its own code points)
        frame = pd.DataFrame({"category": column, "start": pd.Timestamp("2016-01-01")})
        offered = overview.choices(Project(incidents=frame))[1]
        assert offered == tasks.categories(frame) == sorted(set(column.astype("string").dropna()))
        assert sum(len(tasks.filter_incidents(frame, category=c)) for c in offered) == column.notna().sum()


def test_categories_and_months_of_a_frame_are_remembered_for_that_frame(monkeypatch):
    """The window asks the categories and months of the same incidents at every choice of theme (a million
    incidents: 50 ms of the GUI thread each time): made once per frame object, each caller its own list, and
    another frame (the same values, another object) gets its own answer."""
    from desktop import tasks

    monkeypatch.setattr(tasks, "_REMEMBERED", type(tasks._REMEMBERED)())
    frame = pd.DataFrame({"category": ["fiets", None, "auto", "fiets"],
                          "start": pd.to_datetime(["2016-03-02", "2016-01-31", None, "2017-02-01"])})
    made = []
    real = pd.factorize
    monkeypatch.setattr(pd, "factorize", lambda *a, **k: made.append(1) or real(*a, **k))
    first = tasks.categories(frame)
    assert first == ["auto", "fiets"] and tasks.month_range(frame) == ("2016-01", "2017-02")
    first.append("niet van de tabel")
    assert tasks.categories(frame) == ["auto", "fiets"] and len(made) == 1
    other = frame.copy()
    assert tasks.categories(other) == ["auto", "fiets"] and len(made) == 2
    assert tasks.month_range(other.iloc[:1]) == ("2016-03", "2016-03")


def test_the_land_surface_is_kept_for_the_last_areas():
    import geopandas as gpd
    from shapely.geometry import box

    from desktop import estimate

    areas = gpd.GeoDataFrame({"water": [False, True, None]}, geometry=[box(0, 0, 10, 10), box(0, 0, 5, 5),
                                                                        box(0, 0, 2, 1)], crs=28992)
    assert estimate.land_m2(areas) == 102.0
    assert estimate.for_project({"method": "grid", "cell": 1}, areas, 1000) == \
        estimate.expected({"method": "grid", "cell": 1}, n_areas=3, land_m2=102.0, n_incidents=1000)
    other = areas.iloc[:1]  # other areas: measured again
    assert estimate.land_m2(other) == 100.0 and estimate.land_m2(areas) == 102.0


def test_the_releaser_takes_apart_only_what_nobody_else_holds():
    import pickle
    import weakref

    import numpy as np

    from desktop import gcpause, tasks

    frame = pickle.loads(pickle.dumps(pd.DataFrame({"a": np.arange(1000), "s": ["x"] * 1000})))
    shared = pd.DataFrame({"k": [1, 2]})
    kept = tasks.Analysis(result={"k": shared}, map_path=None)  # still used elsewhere: left whole
    old = tasks.Analysis(result={"assigned": frame, "kept": kept, "shared": shared}, map_path=None,
                         hierarchy={"buurt": [str(i) for i in range(100)]}, notes=[(1, 2)])
    gone = weakref.ref(frame)
    del frame
    releaser = gcpause.Releaser()
    releaser.add(old)
    del old
    releaser.add(None)
    while releaser.step(budget_s=0.0):  # a piece per step
        pass
    assert gone() is None and not releaser.pending()
    assert shared["k"].tolist() == [1, 2] and kept.result == {"k": shared} and kept.map_path is None


def test_a_prepared_overview_is_taken_once():
    """The loader's thread prepares the lists and lines of a project (overview.prepare); the window takes them
    once (overview.prepared), equal to what it would compute, and computes them itself after that."""
    from desktop import overview
    from importers.projectmodel import Project

    incidents = pd.DataFrame({"start": pd.to_datetime(["2016-01-03", "2016-03-30", None]),
                              "category": ["fiets", None, "woning"], "x": [1.0, 2.0, 3.0], "y": [1.0, 2.0, 3.0]})
    project = Project(incidents=incidents)
    overview.prepare(project)
    expected = (overview.choices(project), overview.layer_texts(project))
    assert expected[0] == (("2016-01", "2016-03"), ["fiets", "woning"])
    assert overview.prepared(project) == expected
    project.incidents = incidents.iloc[:1]  # changed after it was taken: computed again
    assert overview.prepared(project) == (overview.choices(project), overview.layer_texts(project))
    assert overview.prepared(project)[0] == (("2016-01", "2016-01"), ["fiets"])


def test_the_category_filter_equals_comparing_the_texts(monkeypatch):
    """filter_incidents numbers a frame's categories once (tasks.category_mask, in pieces) instead of comparing a
    million texts at every choice: the same incidents as comparing the category as text, for text, numbers,
    categorical and missing values, and a category that is not there."""
    import numpy as np

    from desktop import tasks

    monkeypatch.setattr(tasks, "CODE_PIECE", 2)

    columns = [pd.Series(["fiets", None, "auto", "fiets", np.nan], dtype=object),
               pd.Series(["fiets", pd.NA, "auto"], dtype="string"), pd.Series([1.0, np.nan, 2.0, 1.0]),
               pd.Series([3, 1, 3]), pd.Series(["b", "a", None, "b"]).astype("category")]
    for column in columns:
        frame = pd.DataFrame({"category": column, "start": pd.Timestamp("2016-01-01")})
        for category in [*frame["category"].dropna().astype("string").unique(), "geen", "1"]:
            want = frame[frame["category"].astype("string") == category]
            pd.testing.assert_frame_equal(tasks.filter_incidents(frame, category=category), want)


@pytest.mark.parametrize("rows,in_worker,starts", [(1200, False, True), (1200, True, False),
                                                   (6000, True, True), (6000, False, False)])
def test_the_map_of_read_boundaries_is_prepared_where_it_will_be_drawn(monkeypatch, rows, in_worker, starts):
    """The wizard's detection and import run in the worker; the window draws areas under PROCESS_AREAS in a
    thread of its own process and larger ones in the worker: the map's simplification starts in that process
    only (elsewhere it would take a core and the GIL for a map nobody draws there)."""
    from desktop import import_steps, packing
    from mapping import simplify

    started = []
    monkeypatch.setattr(packing, "IN_WORKER", in_worker)
    monkeypatch.setattr(simplify, "prepare_map", lambda frame, *a, **k: started.append(len(frame)))
    assert import_steps.prepare_map_here(pd.DataFrame({"code": range(rows), "geometry": None})) is starts
    assert started == ([rows] if starts else [])
