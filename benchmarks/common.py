"""Shared helpers for the benchmarks: timing side by side, peak memory, one result row.

A benchmark module is ``benchmarks/bench_*.py`` with ``run(quick: bool) -> list[dict]``;
each dict comes from :func:`result`. Speed is always a ratio against a peer
measured in the same run on the same machine: ``ratio = peer_s / ours_s``
(above 1: we are faster).
"""
from __future__ import annotations

import gc
import time
import tracemalloc
from typing import Any, Callable


def best_time(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """The fastest of ``repeat`` runs (seconds) and the last return value."""
    best = float("inf")
    value = None
    for _ in range(max(1, repeat)):
        gc.collect()
        t0 = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t0)
        if best > 30:  # one run of a slow peer is enough
            break
    return best, value


def peak_memory_mb(fn: Callable[[], Any]) -> float:
    """Peak memory (MB) allocated by Python and numpy during one run of ``fn`` (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6


def result(name: str, ours_s: float, peer: str, peer_s: float, *, ours_mb: float | None = None,
           peer_mb: float | None = None, aim: str | None = None, **extra) -> dict:
    """One benchmark row: ``ratio`` is peer time / our time."""
    row = {"name": name, "ours_s": round(ours_s, 6), "peer": peer, "peer_s": round(peer_s, 6),
           "ratio": round(peer_s / ours_s, 3) if ours_s > 0 else None}
    if ours_mb is not None:
        row["ours_peak_mb"] = round(ours_mb, 1)
    if peer_mb is not None:
        row["peer_peak_mb"] = round(peer_mb, 1)
    if aim:
        row["aim"] = aim
    row.update(extra)
    return row


def run_window_code(code: str, args: list[str], timeout: float = 900) -> dict:
    """Run ``code`` (a script that drives a main window and prints one JSON line) in a fresh subprocess,
    offscreen, with its own settings and data folder; returns that JSON (a Dutch error without it)."""
    import json
    import os
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               QTWEBENGINE_CHROMIUM_FLAGS=os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu"))
    with tempfile.TemporaryDirectory() as tmp:
        env["WIJKBEELD_DATA_DIR"] = tmp
        env["XDG_CONFIG_HOME"] = tmp
        out = subprocess.run([sys.executable, "-c", code, *args], cwd=root, env=env, capture_output=True, text=True,
                             timeout=timeout)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"geen meting: {out.stderr[-800:]}")
    return json.loads(lines[-1])


def alternating(ours: Callable[[], Any], peer: Callable[[], Any], rounds: int) -> dict:
    """Time ``peer`` and ``ours`` alternately (peer first) for ``rounds`` rounds, in one run.

    Returns ``ours_s``/``peer_s`` (the fastest of each), ``ours_median_s``/``peer_median_s``, ``ratio_median`` (the
    median of the rounds' own ratios), ``ratio_per_round`` and the load average before and after (the machine is
    shared: a ratio of one round compares two runs under the same load).
    """
    import os
    import statistics

    load_before = os.getloadavg()[0]
    times: dict[str, list[float]] = {"ours": [], "peer": []}
    for _ in range(max(1, rounds)):
        for name, fn in (("peer", peer), ("ours", ours)):
            gc.collect()
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    per_round = [p / o for p, o in zip(times["peer"], times["ours"])]
    return {"ours_s": min(times["ours"]), "peer_s": min(times["peer"]),
            "ours_median_s": round(statistics.median(times["ours"]), 3),
            "peer_median_s": round(statistics.median(times["peer"]), 3),
            "ratio_median": round(statistics.median(per_round), 3),
            "ratio_per_round": [round(r, 3) for r in per_round],
            "load": [round(load_before, 1), round(os.getloadavg()[0], 1)]}
