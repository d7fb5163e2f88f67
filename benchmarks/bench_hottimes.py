"""Aoristic week-hour matrix of many incidents with time windows.

Peers, measured in the same run on the same input:

* a plain per-incident Python loop that walks each window hour by hour
  (:func:`hotspots.when.aoristic.week_hour_loop`), timed on a subset and extrapolated
  linearly (its cost is proportional to the number of incidents);
* the vectorised floor: the start-only matrix with one ``numpy.bincount`` of the
  hour of week of the start times (no windows at all). Aim: within 5x of it,
  i.e. ``ratio >= 0.2``.

Windows are drawn like the Groningen bicycle thefts: some points, many windows of
a few hours, some overnight, a few of days or more than a week.
"""
from __future__ import annotations

import numpy as np

from common import best_time, result
from hotspots.when.aoristic import week_hour_loop, week_hour_matrix


def make_windows(n: int, seed: int = 2002) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    start = np.datetime64("2013-01-01T00:00", "m") + rng.integers(0, 5 * 365 * 1440, n).astype("timedelta64[m]")
    kind = rng.random(n)
    length = np.where(kind < 0.1, 0,
                      np.where(kind < 0.7, rng.integers(1, 6 * 60, n),
                               np.where(kind < 0.97, rng.integers(6 * 60, 3 * 1440, n),
                                        rng.integers(3 * 1440, 30 * 1440, n))))
    return start, start + length.astype("timedelta64[m]")


def floor_start_only(start: np.ndarray) -> np.ndarray:
    minutes = start.astype("datetime64[m]", copy=False).view(np.int64)  # no copy for minute data
    return np.bincount((minutes + 3 * 1440) % (7 * 1440) // 60, minlength=168).reshape(7, 24)


def run(quick: bool) -> list[dict]:
    n = 50_000 if quick else 1_000_000
    n_loop = 2_000 if quick else 20_000
    start, end = make_windows(n)
    ours_s, ours = best_time(lambda: week_hour_matrix(start, end), repeat=3)
    floor_s, floor = best_time(lambda: floor_start_only(start), repeat=3)
    loop_sub_s, loop = best_time(lambda: week_hour_loop(start[:n_loop], end[:n_loop]), repeat=1)
    loop_s = loop_sub_s * n / n_loop
    check = np.abs(loop - week_hour_matrix(start[:n_loop], end[:n_loop])).max()
    common = {"n": n, "sum_minus_n": float(ours.sum() - n), "floor_sum": int(floor.sum()),
              "max_abs_diff_vs_loop": float(check)}
    return [
        result(f"hottimes.aoristic_matrix_{n}", ours_s, "numpy.bincount start-only (floor)", floor_s,
               aim="ratio >= 0.2 (within 5x of the floor)", **common),
        result(f"hottimes.aoristic_matrix_{n}_vs_loop", ours_s, "Python loop per incident (extrapolated)",
               loop_s, loop_subset=n_loop, loop_subset_s=round(loop_sub_s, 4), **common),
    ]


if __name__ == "__main__":  # pragma: no cover
    import json
    import sys

    for row in run(quick="--quick" in sys.argv):
        print(json.dumps(row))
