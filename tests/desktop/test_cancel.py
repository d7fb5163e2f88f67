"""Cancel cancels: after Afbreken the worker process is idle and its memory comes back; a task that does
not answer has its process ended and a fresh one started (never two busy workers)."""
from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.qt

import hogs  # noqa: E402
from desktop import procpool  # noqa: E402


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) / 1024 for line in f if line.startswith("VmRSS"))


def cpu_s(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime + stime, in clock ticks of 1/100 s


def _worker(qtbot, lane: str = procpool.WORK) -> tuple[int, float]:
    """The warm worker process of ``lane`` and its memory at rest."""
    procpool.warm_up(lane=lane)
    qtbot.waitUntil(lambda: bool(procpool.worker_pids(lane)), timeout=60000)
    pid = procpool.worker_pids(lane)[0]
    qtbot.wait(3000)  # its imports (WARM_MODULES) done
    return pid, rss_mb(pid)


def _idle(pid: int) -> bool:
    before = cpu_s(pid)
    time.sleep(0.5)
    return cpu_s(pid) - before < 0.06


@pytest.fixture
def in_process(monkeypatch):
    monkeypatch.setattr(procpool, "PROCESS_ROWS", 1)  # the demo's data goes to the worker process too


def _start(which, window, monkeypatch, fn):
    """Start the window's long runner ``which`` the way the user does, with ``fn`` as its work."""
    from desktop import tasks
    from importers import project

    c = window.controller
    if which == "analysis":
        monkeypatch.setattr(tasks, "analyse", fn)
        c.analysis.run("", {})
        return c.analysis.runner
    if which == "charts":
        monkeypatch.setattr(tasks, "chart_data_of", fn)  # the function the charts runner starts
        c.selection.select(["BU00140001"], source="map")
        return c.selection.chart_runner
    if which == "save":
        monkeypatch.setattr(project, "save_project", fn)
        from desktop.control import project as project_controller
        monkeypatch.setattr(project_controller, "save_project", fn)
        c.project.save("/tmp/nooit.gpkg")
        return c.project.saver
    wizard = window.import_wizard()
    from desktop import import_steps

    monkeypatch.setattr(import_steps, "read", fn)  # the function the wizard's import step starts
    wizard.detected_data = None
    wizard.file_page.path.setText(__file__)
    wizard.run_import()
    return wizard.runner


@pytest.mark.parametrize("which", ["analysis", "charts", "save", "import"])
def test_afbreken_leaves_the_worker_idle_and_gives_the_memory_back(demo, qtbot, monkeypatch, in_process, which):
    lane = procpool.BACKGROUND if which == "save" else procpool.WORK  # saving has a process of its own
    pid, rest = _worker(qtbot, lane)
    runner = _start(which, demo, monkeypatch, hogs.hog)
    qtbot.waitUntil(lambda: rss_mb(pid) > rest + 300, timeout=30000)  # it holds its 400 MB
    demo.actions_by_key["action.cancel"].trigger()  # Esc, as Afbreken in the status bar
    if which == "import":
        demo.wizard.reject()  # the wizard's Annuleren
    qtbot.waitUntil(lambda: not runner.is_running() and not procpool.busy(), timeout=10000)
    qtbot.waitUntil(lambda: rss_mb(pid) < rest + 60, timeout=10000)
    assert procpool.worker_pids(lane) == [pid] and _idle(pid)


def test_a_task_that_does_not_answer_has_its_process_replaced(demo, qtbot, monkeypatch, in_process):
    """'Geoptimaliseerd' stuck in a long C call: Afbreken ends its process; a rerun finds one worker."""
    from desktop import tasks

    pid, rest = _worker(qtbot)
    real = tasks.analyse
    runner = _start("analysis", demo, monkeypatch, hogs.deaf)
    qtbot.waitUntil(lambda: rss_mb(pid) > rest + 300, timeout=30000)
    t0 = time.perf_counter()
    demo.progress.cancel.click()
    qtbot.waitUntil(lambda: not runner.is_running(), timeout=5000)
    qtbot.waitUntil(lambda: not procpool.busy(), timeout=procpool.GRACE_S * 1000 + 10000)
    # ended by the grace time, not by the task (which sleeps 60 s): the slack allows a loaded machine (6.7 s seen)
    assert time.perf_counter() - t0 < procpool.GRACE_S + 10
    qtbot.waitUntil(lambda: bool(procpool.worker_pids()) and procpool.worker_pids()[0] != pid, timeout=30000)
    with open("/proc/self/task/" + str(__import__("os").getpid()) + "/children") as f:
        children = [int(p) for p in f.read().split()]
    assert pid not in children  # the old worker is gone, not a zombie
    new = procpool.worker_pids()
    assert len(new) == 1
    monkeypatch.setattr(tasks, "analyse", real)
    c = demo.controller
    with qtbot.waitSignal(c.analysis.done, timeout=120000):
        c.analysis.run("", {})  # a rerun works, in the one fresh worker
    assert procpool.worker_pids() == new and rss_mb(new[0]) < rest + 400
