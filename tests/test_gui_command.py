"""``wijkbeeld`` and ``wijkbeeld gui`` where no window can open: a Dutch line, what to run instead, exit 2."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(extra)
    return env


@pytest.mark.parametrize("argv", [[], ["gui"]], ids=["wijkbeeld", "wijkbeeld gui"])
@pytest.mark.parametrize("env", [{}, {"DISPLAY": ":97"}], ids=["geen DISPLAY", "DISPLAY zonder X-server"])
def test_no_screen_says_so_in_dutch(argv, env):
    if sys.platform != "linux":
        pytest.skip("alleen Linux kent DISPLAY")
    out = subprocess.run([sys.executable, "-m", "desktop.cli", *argv], cwd=ROOT, env=_env(**env),
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2, out.stderr[-800:]
    assert "geen beeldscherm" in out.stderr and "wijkbeeld demo --no-gui" in out.stderr
    assert "wijkbeeld analyse" in out.stderr and "plugin" not in out.stderr and "Traceback" not in out.stderr


def test_missing_system_libraries_are_named(monkeypatch, capsys):
    from desktop.commands import gui

    monkeypatch.setattr(gui, "LINUX_LIBRARIES", {"libwijkbeeld-bestaat-niet.so.9": "libwijkbeeld9",
                                                 "libc.so.6": "libc6"})
    monkeypatch.setattr(gui, "has_screen", lambda: True)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert gui.missing_libraries() == ["libwijkbeeld9"]
    assert gui._cannot_start() == 2
    assert "ontbreken: libwijkbeeld9" in capsys.readouterr().err
