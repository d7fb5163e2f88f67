"""Inzetplanner: the exact choice (HiGHS) next to the greedy one, and our greedy next to a plain loop.

Rows:

- ``inzet_milp_<n>``: ours = the exact integer program (scipy.optimize.milp,
  HiGHS), peer = the greedy choice a planner would otherwise use. The ratio is
  below 1 (exactness costs time); ``gap`` says how much coverage greedy loses
  and ``optimal`` whether HiGHS proved the optimum.
- ``inzet_greedy_<n>``: ours = the vectorised greedy, peer = the same greedy
  written as a plain Python loop over candidate shifts (the obvious first
  implementation); both must choose the same value.

Values are synthetic but shaped like real ones: a skewed area total times a
week-hour profile with an evening peak, seeded.
"""
from __future__ import annotations

import numpy as np

from common import best_time, result
from hotspots.inzet import optimise as inzet_opt


def _values(n_areas: int, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    hours = np.arange(168) % 24
    profile = 0.3 + np.exp(-((hours - 19) ** 2) / 18.0) + 0.5 * np.exp(-((hours - 14) ** 2) / 8.0)
    totals = rng.lognormal(0.0, 1.2, size=n_areas)
    noise = rng.gamma(4.0, 0.25, size=(n_areas, 168))
    v = totals[:, None] * profile[None, :] * noise
    return v / v.sum() * 60.0  # about 60 incidents per week, as in Groningen


def _plain_greedy(values, cand, n_shifts, max_per_area):
    v = values.reshape(-1).copy()
    used = {}
    cells = [list(c) for c in cand.cells.tolist()]
    areas = cand.area.tolist()
    total = 0.0
    for _ in range(n_shifts):
        best, best_j = -1.0, -1
        for j, cs in enumerate(cells):
            if used.get(areas[j], 0) >= max_per_area:
                continue
            g = sum(v[c] for c in cs)
            if g > best:
                best, best_j = g, j
        for c in cells[best_j]:
            v[c] = 0.0
        used[areas[best_j]] = used.get(areas[best_j], 0) + 1
        total += best
    return total


def run(quick: bool) -> list[dict]:
    rows = []
    sizes = [(40, 10)] if quick else [(108, 10), (300, 20), (1000, 40)]
    for n_areas, shifts in sizes:
        v = _values(n_areas)
        cand = inzet_opt.candidates(np.ones(n_areas, bool), hours=(7, 23), length=4)
        t_milp, exact = best_time(lambda: inzet_opt.solve_milp(v, cand, shifts, 3, time_limit=120), repeat=1 if
                                  not quick else 2)
        t_greedy, greedy = best_time(lambda: inzet_opt.solve_greedy(v, cand, shifts, 3), repeat=3)
        gap = (exact.objective - greedy.objective) / exact.objective
        rows.append(result(f"inzet_milp_{n_areas}", t_milp, "greedy", t_greedy,
                           aim="exact plan within seconds for a municipality", candidates=len(cand),
                           optimal=bool(exact.optimal), gap=round(gap, 6)))
        if n_areas <= 300:
            t_plain, plain = best_time(lambda: _plain_greedy(v, cand, shifts, 3), repeat=1)
            assert abs(plain - greedy.objective) < 1e-9 * max(1.0, plain)
            rows.append(result(f"inzet_greedy_{n_areas}", t_greedy, "plain Python loop", t_plain,
                               aim="vectorised greedy well ahead of a loop", candidates=len(cand)))
    return rows
