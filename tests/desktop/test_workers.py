"""The worker helper: results, progress, errors and cancellation come back on the GUI thread."""
from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("PySide6")
pytestmark = pytest.mark.qt

from PySide6.QtCore import QThread, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop import errors  # noqa: E402
from desktop.workers import Runner  # noqa: E402
from kernel.errors import ImportFileError  # noqa: E402
from kernel.progress import as_progress  # noqa: E402


def slow_sum(n, delay=0.01, progress=None, cancelled=None):
    """A stand-in core function with the house signature."""
    p = as_progress(progress, cancelled)
    total = 0
    for i in range(n):
        p(i / n, f"stap {i}")
        time.sleep(delay)
        total += i
    p(1.0, "klaar")
    return total


def test_result_and_progress_arrive_on_gui_thread(qtbot):
    runner = Runner("Test")
    threads, fractions = [], []
    runner.progressChanged.connect(lambda f, t: (fractions.append(f), threads.append(QThread.currentThread())))
    with qtbot.waitSignal(runner.resultReady, timeout=5000) as blocker:
        runner.start(slow_sum, 10)
    assert blocker.args == [45]
    assert fractions and fractions[-1] == 1.0
    assert all(t is QApplication.instance().thread() for t in threads)
    assert not runner.is_running()


def test_error_is_reraised_in_a_dutch_message_box(qtbot):
    runner = Runner("Import")

    def bad(progress=None, cancelled=None):
        raise ImportFileError("Datum niet te lezen: '31-02-2016'", path="meldingen.csv", row=12, column="Begindatum")

    with qtbot.waitSignal(runner.errorOccurred, timeout=5000) as blocker:
        runner.start(bad)
    err = blocker.args[0]
    assert isinstance(err.exception, ImportFileError)
    assert "bad" in err.details and "Traceback" in err.details
    box = errors.show_error(None, err.exception, err.details, what="De import")
    qtbot.addWidget(box)
    assert "meldingen.csv, rij 12, kolom 'Begindatum'" in box.text()
    assert "De import is mislukt" in box.text()
    assert "ImportFileError" in box.detailedText()
    box.close()


def test_unexpected_error_gets_general_dutch_text():
    assert "Er ging iets mis" in errors.message_for(ZeroDivisionError("x"))


def test_new_start_cancels_previous(qtbot):
    """A running task sees its cancel flag when a new one starts (a task cancelled before it ran never runs:
    test_procpool), and its late result is dropped."""
    runner = Runner("Test")
    started, seen_flag = threading.Event(), threading.Event()

    def blocking(progress=None, cancelled=None):
        started.set()
        while not cancelled():
            time.sleep(0.005)
        seen_flag.set()
        return "oud"

    results = []
    runner.resultReady.connect(results.append)
    runner.start(blocking)
    assert started.wait(5), "the first task never started"
    with qtbot.waitSignal(runner.resultReady, timeout=5000):
        runner.start(slow_sum, 3, 0.0)
    assert seen_flag.wait(2), "the first task never saw its cancel flag"
    qtbot.wait(50)  # the old task's late result must be dropped, not delivered
    assert results == [3]


def test_cancel_stops_long_run_and_gui_stays_responsive(qtbot):
    runner = Runner("Test")
    runner.start(slow_sum, 100000, 0.01)
    qtbot.waitUntil(lambda: runner.is_running(), timeout=1000)
    ticks = []
    with qtbot.waitSignal(runner.cancelled, timeout=2000):
        QTimer.singleShot(10, lambda: ticks.append(1))
        QTimer.singleShot(100, runner.cancel)
    assert ticks == [1]
    assert not runner.is_running()
    runner.wait(2)


def test_many_emits_do_not_free_true():
    """PySide6 6.12 on Python 3.11 drops a reference to True per emit; the guard keeps it alive."""
    import subprocess
    import sys
    code = ("from desktop.compat import guard_singletons; guard_singletons()\n"
            "from PySide6.QtCore import QObject, Signal, QCoreApplication\n"
            "app = QCoreApplication([])\n"
            "class O(QObject):\n    s = Signal()\n"
            "o = O()\n"
            "for _ in range(200000): o.s.emit()\n"
            "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-500:]
