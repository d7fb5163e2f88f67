"""The command line without a screen: help, and errors as Dutch lines without a traceback."""
from __future__ import annotations

import subprocess
import sys


def run_cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True, **kw)


def test_help_lists_commands():
    out = run_cli("--help")
    assert out.returncode == 0
    assert "inspect" in out.stdout or "demo" in out.stdout
