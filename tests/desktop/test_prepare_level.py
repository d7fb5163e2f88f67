"""After a large run at buurt level is complete, the window prepares the wijken in the worker process (issue 19:
the first switch to wijken of the national buurten took 3.7-4 s, a second one 1.4): once per project, never for
a small project (its switch is quick, and in a thread it would take the GUI thread's GIL), and the wijken then
shown are those of the core's analysis at wijk level. The worker side: tests/test_level_tasks.py."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qt


def _rerun(window, qtbot, month: str) -> None:
    c, panel = window.controller, window.data_panel
    with qtbot.waitSignal(c.analysis.completed, timeout=60000):
        panel.start.setCurrentIndex(panel.start.findData(month))


def test_the_wijken_are_prepared_once_after_a_large_run_and_are_the_cores(demo, qtbot, monkeypatch):
    from desktop import procpool, tasks

    c = demo.controller
    prepared = []
    c.analysis.preparer.started.connect(prepared.append)
    _rerun(demo, qtbot, "2016-01")
    qtbot.wait(300)
    assert prepared == []  # the demo is small: nothing prepared
    monkeypatch.setattr(procpool, "wants_process", lambda *a, **k: True)  # as large as a national project
    _rerun(demo, qtbot, "2016-02")
    qtbot.waitUntil(lambda: len(prepared) == 1 and not c.analysis.preparer.is_running(), timeout=30000)
    assert c.analysis.preparer.in_process
    _rerun(demo, qtbot, "2016-03")
    qtbot.wait(300)
    assert len(prepared) == 1  # once per project
    with qtbot.waitSignal(c.analysis.done, timeout=60000):
        c.analysis.set_level("wijk")
    shown = c.state.analysis.result.areas
    project = c.state.project
    core = tasks.analyse(project.areas, incidents=c.analysis.filtered_incidents(), outlines=project.outlines,
                         level="wijk", params=c.chosen.params).result.areas
    cols = ["code", "count", "z", "gi_class"]
    assert shown[cols].reset_index(drop=True).equals(core[cols].reset_index(drop=True))
    assert set(shown["code"].str[:2]) == {"WK"}
