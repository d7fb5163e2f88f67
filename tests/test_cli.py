"""The command line without a screen: help, and errors as Dutch lines without a traceback."""
from __future__ import annotations

import subprocess
import sys

import pytest


def run_cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True, **kw)


def test_help_lists_commands():
    out = run_cli("--help")
    assert out.returncode == 0
    assert "inspect" in out.stdout or "demo" in out.stdout


def test_main_calls_freeze_support_before_reading_its_arguments(monkeypatch):
    """A frozen Windows build starts the worker process (desktop.procpool, spawn) as the same executable
    with multiprocessing's own arguments: freeze_support() must take them before argparse refuses them."""
    import multiprocessing

    from desktop import cli

    calls = []

    def freeze_support():  # the real one runs the worker and exits when it sees "--multiprocessing-fork"
        calls.append(list(sys.argv))
        raise SystemExit(0)

    monkeypatch.setattr(multiprocessing, "freeze_support", freeze_support)
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # only a frozen build needs it (and imports it)
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--multiprocessing-fork", "parent_pid=1", "pipe_handle=2"])
    assert stopped.value.code == 0 and len(calls) == 1  # argparse would have exited with 2 (unknown arguments)


def test_no_command_opens_the_app_and_keeps_debug(monkeypatch):
    """``wijkbeeld --debug`` is ``wijkbeeld gui`` with --debug (it was parsed again as ``gui --debug`` and refused)."""
    from desktop import cli
    from desktop.commands import gui

    seen = []
    monkeypatch.setattr(gui, "run", lambda args: seen.append(args) or 0)
    assert cli.main(["--debug"]) == 0
    assert len(seen) == 1 and seen[0].debug is True and getattr(seen[0], "project", None) is None
