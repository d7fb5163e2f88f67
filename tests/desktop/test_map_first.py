"""The map first, the hot times and trends after it (issue 19: the new map within 2 s on the national data).

The window's analysis asks for the hot spots alone; its map, table and charts are shown, and then the same
runner computes the hot times and trends on the same inputs (:func:`desktop.tasks.analyse_later`). Completed,
the window's run is the run with every part (:func:`hotspots.run.run_analysis`), computed here by hand on the
window's own inputs; until then an export says in Dutch that they follow, and a cancelled later part is said
in the run (and so in the exports) rather than left out silently.
"""
from __future__ import annotations

import json

import pytest

from kernel.errors import AnalysisError


def _published(run) -> str:
    return json.dumps({k: v for k, v in run.to_dict().items() if k in ("hottimes", "trends", "skipped", "warnings")},
                      default=str, sort_keys=True)


def _whole_run(c):
    """The run with every part on the window's inputs, outside the window (light: as it travels back)."""
    from desktop import tasks
    from hotspots.run import run_analysis

    p = c.state.project
    inputs = tasks.inputs_of(p.areas, c.filtered_incidents(), outlines=p.outlines)
    return run_analysis(inputs, {"hotspots": dict(c.chosen.params)}).light()


@pytest.mark.parametrize("filters", [{}, {"start": "2016-01", "end": "2016-06"}])
def test_the_map_comes_first_and_the_run_is_whole_after(demo, qtbot, filters):
    c = demo.controller
    seen = []
    c.analysis.done.connect(lambda a: seen.append(("done", a.run.pending(), c.completing())))
    c.analysis.completed.connect(lambda a: seen.append(("completed", a.run.pending(), c.completing())))
    with qtbot.waitSignal(c.analysis.completed, timeout=60000):
        c.chosen.filters = {"start": None, "end": None, "category": None, **filters}
    qtbot.waitUntil(lambda: not c.analysis.runner.is_running(), timeout=30000)
    assert seen == [("done", ("hottimes", "trends"), False), ("completed", (), False)]
    run = c.state.analysis.run
    assert run.trends is not None and run.hottimes is not None and not run.skipped
    assert _published(run) == _published(_whole_run(c))


def test_an_export_while_the_trends_follow_says_so_and_a_cancel_is_said(demo, qtbot, tmp_path):
    from openpyxl import load_workbook

    from desktop import exports

    c = demo.controller
    with qtbot.waitSignal(c.analysis.done, timeout=60000):
        c.chosen.filters = {"start": "2016-03", "end": "2016-12", "category": None}
    qtbot.waitUntil(lambda: c.completing(), timeout=30000)
    with pytest.raises(AnalysisError, match="worden nog berekend"):
        exports.export(c, "action.export_xlsx", tmp_path / "te_vroeg.xlsx")
    assert not (tmp_path / "te_vroeg.xlsx").exists()
    with qtbot.waitSignal(c.analysis.settled, timeout=10000):  # running, or still waiting for the charts
        c.cancel()
    assert not c.completing()
    run = c.state.analysis.run
    assert run.trends is None and run.skipped == {"hottimes": "niet uitgevoerd: afgebroken",
                                                  "trends": "niet uitgevoerd: afgebroken"}
    path = exports.export(c, "action.export_xlsx", tmp_path / "afgebroken.xlsx")
    book = load_workbook(path)
    assert "Trends" not in book.sheetnames
    said = " ".join(str(v) for row in book["Toelichting"].iter_rows(values_only=True) for v in row if v)
    assert "afgebroken" in said
    # a rerun computes them again
    with qtbot.waitSignal(c.analysis.completed, timeout=60000):
        c.analysis.rerun()
    assert c.state.analysis.run.trends is not None


def _export_from_the_menu_while_the_trends_follow(demo, qtbot, monkeypatch, path) -> None:
    """Another period chosen; once its map is shown and its later parts run, Exporteren (the menu) to ``path``
    (the privacy question answered, the file dialog giving ``path``)."""
    from desktop import exports

    c = demo.controller
    monkeypatch.setattr(exports, "ask_privacy_once", lambda window, controller: True)
    monkeypatch.setattr(exports.QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    with qtbot.waitSignal(c.analysis.done, timeout=60000):
        c.chosen.filters = {"start": "2016-02", "end": "2016-11", "category": None}
    qtbot.waitUntil(lambda: c.completing() and c.analysis.runner.is_running(), timeout=30000)
    assert demo.progress.isVisible()  # the bar shows the same runner going on with the later parts
    exports.run(demo, c, "action.export_xlsx")


def test_the_menu_export_waits_for_the_trends_and_then_writes_them(demo, qtbot, tmp_path, monkeypatch):
    """Exporteren (the menu) while the trends follow: the status bar says the file follows, and it is written
    once they are there, with its Trends sheet (openpyxl)."""
    from openpyxl import load_workbook

    c, path = demo.controller, tmp_path / "menu.xlsx"
    _export_from_the_menu_while_the_trends_follow(demo, qtbot, monkeypatch, path)
    assert not path.exists() and "zodra de hot times en trends klaar zijn" in demo.statusBar().currentMessage()
    qtbot.waitUntil(path.exists, timeout=60000)
    assert "Trends" in load_workbook(path).sheetnames and not c.completing()


def test_the_later_parts_of_a_small_project_wait_for_its_charts(demo, qtbot):
    """A small project runs in a thread: its hot times and trends start once the charts of the new map are
    computed and drawn (beside the drawing they took the GUI thread's GIL), and still complete the run."""
    from desktop.strings import tr

    c = demo.controller
    at_start = []

    def started(label: str) -> None:
        if label == tr("work.analysis_later"):
            at_start.append((c.selection.chart_runner.is_running(), demo.charts.drawing, c.completing()))

    c.analysis.runner.started.connect(started)
    with qtbot.waitSignal(c.analysis.completed, timeout=60000):
        c.chosen.filters = {"start": "2016-04", "end": "2016-09", "category": None}
    assert not c.analysis.runner.in_process
    assert at_start == [(False, False, True)]  # the charts done; the exports meanwhile wait (completing)
    assert c.state.analysis.run.pending() == ()


def test_the_later_parts_in_the_worker_wait_for_the_map_page(demo, qtbot, monkeypatch):
    """A large project runs in the worker process: its hot times and trends start once the new map page is ready
    (on two cores the national buurten's page took 1.2-1.4 s beside them instead of 0.8), and complete the run."""
    from desktop import procpool
    from desktop.strings import tr

    monkeypatch.setattr(procpool, "PROCESS_ROWS", 1000)  # the demo's 16,000 incidents count as large
    c = demo.controller
    at_start = []
    c.analysis.runner.started.connect(lambda label: at_start.append(demo.map_view.ready)
                                      if label == tr("work.analysis_later") else None)
    with qtbot.waitSignal(c.analysis.completed, timeout=60000):
        c.chosen.filters = {"start": "2016-02", "end": "2016-07", "category": None}
    assert c.analysis.runner.in_process
    assert at_start == [True] and c.state.analysis.run.pending() == ()


def test_a_waiting_menu_export_is_not_written_for_another_analysis(demo, qtbot, tmp_path, monkeypatch):
    """The export waits for the trends and the user meanwhile picks another period: the file (named after the
    first) is not written with the second analysis; the status bar says so, and the next export writes."""
    from desktop import exports

    c, path = demo.controller, tmp_path / "eerste periode.xlsx"
    _export_from_the_menu_while_the_trends_follow(demo, qtbot, monkeypatch, path)
    first = c.state.analysis
    with qtbot.waitSignal(c.analysis.completed, timeout=60000):
        c.chosen.filters = {"start": "2016-03", "end": "2016-05", "category": None}
    qtbot.waitUntil(lambda: not c.completing(), timeout=30000)
    assert c.state.analysis is not first and not path.exists()
    assert "niet geschreven" in demo.statusBar().currentMessage()
    assert exports.run(demo, c, "action.export_xlsx") == path  # the analysis shown now, written on the export runner
    qtbot.waitUntil(path.exists, timeout=60000)


@pytest.mark.parametrize("large", [False, True])
def test_a_theme_shows_its_map_first_and_its_trends_after(demo, qtbot, monkeypatch, large):
    """A project theme (desktop.choice: the analysis of the window's choice of sources) also shows its map
    first; completed, its run is the whole run of the theme's incidents (its first series), by hand. ``large``:
    the project counts as large, so the window leaves the selecting to the worker process."""
    from desktop import choice as chosen_data
    from desktop import procpool

    if large:
        monkeypatch.setattr(procpool, "PROCESS_ROWS", 1000)  # the demo's 16,000 incidents count as large
    from hotspots.run import run_analysis
    from importers.projectmodel import Theme

    c = demo.controller
    p = c.state.project
    category = c.state.categories[0]
    p.set_theme(Theme("Eén soort", {p.sources_of("incidents")[0].name: [category]}))
    seen = []
    c.analysis.done.connect(lambda a: seen.append(("done", a.run.pending())))
    c.analysis.completed.connect(lambda a: seen.append(("completed", a.run.pending())))
    with qtbot.waitSignal(c.analysis.completed, timeout=60000):
        c.chosen.theme = "Eén soort"
    assert seen == [("done", ("hottimes", "trends")), ("completed", ())]
    custom = c.analysis.custom_choice()
    first = chosen_data.select_parts(chosen_data.worker_project(p, custom), custom)[0]
    assert set(first.inputs.incidents["category"]) == {category}
    whole = run_analysis(first.inputs, {"hotspots": dict(c.chosen.params)}).light()
    assert _published(c.state.analysis.run) == _published(whole)
    shown = c.state.analysis.result.areas.set_index("code")["count"]
    assert shown.to_dict() == whole.hotspots.areas.set_index("code")["count"].to_dict()
    assert c.analysis.runner.in_process == large and c.state.table is not None


def test_afbreken_while_the_later_parts_wait_for_the_charts(demo, qtbot, monkeypatch):
    """Afbreken in the moment the later parts wait for the charts: they never start, and the run says why."""
    c = demo.controller
    held = []
    monkeypatch.setattr(c.analysis, "later_gate", lambda start, in_thread: held.append(start))
    with qtbot.waitSignal(c.analysis.done, timeout=60000):
        c.chosen.filters = {"start": "2016-05", "end": "2016-10", "category": None}
    qtbot.waitUntil(lambda: bool(held), timeout=30000)
    assert c.completing() and not c.analysis.runner.is_running()
    with qtbot.waitSignal(c.analysis.settled, timeout=5000):
        c.cancel()
    held[0]()  # the charts drawn after all: too late
    assert not c.completing() and not c.analysis.runner.is_running()
    assert c.state.analysis.run.skipped == {"hottimes": "niet uitgevoerd: afgebroken",
                                            "trends": "niet uitgevoerd: afgebroken"}
