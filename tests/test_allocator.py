"""kernel.allocator: with glibc's threshold fixed, a freed column of a million incidents goes back to the system.

Run in fresh processes (the allocator's state is per process): a 32 MB block is freed first (glibc's threshold then
slides up to it), then 40 arrays of 8 MB are made, each followed by a small array (160 KB) that stays, and freed. Without
:func:`kernel.allocator.steady` the heap keeps them all (the small objects pin it); with it they are returned."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import sys
sys.path.insert(0, {root!r})
import numpy as np
from kernel import allocator
print(allocator.steady() if {steady} else False)
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
big = np.ones(4_000_000); del big
base = rss()
keep, arrays = [], []
for i in range(40):
    arrays.append(np.ones(1_000_000))
    keep.append(np.ones(20_000))
top = rss()
del arrays
print(round(top - base), round(rss() - base))
"""


def _run(steady: bool) -> tuple[bool, int, int]:
    out = subprocess.run([sys.executable, "-c", SCRIPT.format(root=str(ROOT), steady=steady)], capture_output=True,
                         text=True, check=True).stdout.split()
    return out[0] == "True", int(out[1]), int(out[2])


@pytest.mark.skipif(not sys.platform.startswith("linux") or not Path("/proc/self/status").exists(),
                    reason="glibc and /proc: Linux")
def test_freed_large_arrays_go_back_to_the_system_once_steady():
    plain_set, plain_top, plain_after = _run(False)
    set_, top, after = _run(True)
    assert not plain_set and set_
    assert plain_top > 250 and top > 250  # 40 x 8 MB were in use either way
    assert plain_after > 250  # without: the heap keeps what was freed (the pattern this is about)
    assert after < 30  # steady: given back


def test_steady_and_give_back_are_harmless_where_there_is_no_glibc(monkeypatch):
    from kernel import allocator

    monkeypatch.setattr(allocator.sys, "platform", "win32")
    assert allocator.steady() is False
    allocator.give_back()  # nothing to do, no error


def test_the_command_line_and_the_window_worker_steady_the_allocator(monkeypatch):
    """Every process that computes: the command line (and the window, started through it) and the worker."""
    from desktop import cli, procpool
    from kernel import allocator

    calls = []
    monkeypatch.setattr(allocator, "steady", lambda: calls.append("steady") or True)
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert calls == ["steady"]
    monkeypatch.setattr(procpool, "_orphan_watch", lambda parent: None)
    monkeypatch.setattr(procpool.packing, "IN_WORKER", False)
    procpool._init(None, None, ())
    assert calls == ["steady", "steady"]
