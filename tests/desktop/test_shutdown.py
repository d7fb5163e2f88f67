"""No worker process and no ``wijkbeeld-sessie-*`` folder survive the app, however it ends: SIGTERM, the
window manager's close, or a kill that leaves no time (the worker ends itself, the next start tidies)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.qt, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]

#: Opens the demo through the entry point's code path, waits for the worker process, says so, and (with
#: CLOSE) closes its window as the window manager's close button does.
APP = r"""
import os, sys
from desktop.app import application, create_window
from desktop import procpool
from PySide6.QtCore import QTimer
app = application()
w = create_window(demo=True, ask=False)
procpool.warm_up()
def check():
    if procpool.worker_pids() and w.controller.state.analysis is not None:
        print("WORKER", procpool.worker_pids()[0], os.environ["WIJKBEELD_SCRATCH"], flush=True)
        t.stop()
        if os.environ.get("CLOSE"):
            QTimer.singleShot(200, w.close)
t = QTimer(); t.timeout.connect(check); t.start(100)
QTimer.singleShot(120000, app.quit)
sys.exit(app.exec())
"""


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"  # a zombie is gone but for its entry
    except FileNotFoundError:
        return True


def _start(tmp_path, **env):
    tmp = tmp_path / "tmp"
    tmp.mkdir(exist_ok=True)
    full = dict(os.environ, TMPDIR=str(tmp), WIJKBEELD_DATA_DIR=str(tmp_path / "data"),
                XDG_CONFIG_HOME=str(tmp_path / "config"), QT_QPA_PLATFORM="offscreen", **env)
    full.pop("WIJKBEELD_SCRATCH", None)
    app = subprocess.Popen([sys.executable, "-c", APP], cwd=ROOT, env=full, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = app.stdout.readline()
        if line.startswith("WORKER"):
            _, worker, scratch = line.split()
            assert Path(scratch).is_dir() and Path(scratch).parent == tmp
            return app, int(worker), tmp
        if not line and app.poll() is not None:
            break
    app.kill()
    pytest.fail("de app startte niet: " + app.stderr.read()[-2000:])


def _scratch(tmp) -> list[str]:
    return [p.name for p in tmp.glob("wijkbeeld-sessie-*")]


def test_sigterm_leaves_nothing_behind(tmp_path):
    app, worker, tmp = _start(tmp_path)
    app.send_signal(signal.SIGTERM)
    assert app.wait(60) == 128 + signal.SIGTERM
    deadline = time.monotonic() + 10
    while not _gone(worker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _gone(worker), "de werkprocessen leven nog na SIGTERM"
    assert _scratch(tmp) == []


def test_the_window_managers_close_leaves_nothing_behind(tmp_path):
    app, worker, tmp = _start(tmp_path, CLOSE="1")
    assert app.wait(60) == 0
    deadline = time.monotonic() + 10
    while not _gone(worker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _gone(worker) and _scratch(tmp) == []


def test_after_a_kill_the_worker_ends_itself_and_the_next_start_tidies(tmp_path):
    app, worker, tmp = _start(tmp_path)
    app.kill()  # SIGKILL: no handler runs
    app.wait(30)
    deadline = time.monotonic() + 10
    while not _gone(worker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _gone(worker), "de werkprocessen leven nog nadat de app is gedood"
    left = _scratch(tmp)
    assert len(left) == 1  # nothing could remove it
    code = "import tempfile; from desktop.app import clean_stale_scratch; print(clean_stale_scratch())"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=dict(os.environ, TMPDIR=str(tmp)),
                         capture_output=True, text=True, timeout=60)
    assert left[0] in out.stdout and _scratch(tmp) == []
