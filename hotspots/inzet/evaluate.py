"""Looking back: did last period's plan and hotspot map predict this period?

Two measures, both computed on what happened in an evaluation period that the
plan did not learn from (the plan repeats every week):

**Hit rate**: the share of the (weighted, aoristic) incidents of the period
that fell inside a planned area at a planned hour,

.. math:: H = \\frac{\\sum_{(a,t) \\in \\text{plan}} n_{a,t}}{\\sum_{a,t} n_{a,t}}

**PAI**, the Prediction Accuracy Index (Chainey, Tompson & Uhlig 2008):

.. math:: PAI = \\frac{n / N}{a / A}

the share of incidents ``n/N`` in the predicted hot areas divided by the share
of the surface ``a/A`` those areas take. PAI 1 is no better than chance; a map
whose hot areas take 5% of the town and hold 25% of the incidents has PAI 5.
Reported for the map the plan used (the planned areas), for the Gi* hot spots
when they are known, and in a space-time form (Hit rate divided by the share of
area x hours of the week the plan covers).

>>> import numpy as np
>>> round(pai(np.array([30.0, 10.0, 60.0]), np.array([1.0, 1.0, 8.0]), np.array([True, False, False])), 9)
3.0
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from hotspots.inzet.expect import HOURS_PER_WEEK, area_week_hours


def pai(incidents_per_area: np.ndarray, surface: np.ndarray, predicted: np.ndarray) -> float:
    """Prediction Accuracy Index ``(n/N) / (a/A)`` of a set of predicted areas (NaN when undefined)."""
    n = np.asarray(incidents_per_area, dtype=float)
    s = np.asarray(surface, dtype=float)
    m = np.asarray(predicted, dtype=bool)
    if n.sum() <= 0 or s.sum() <= 0 or s[m].sum() <= 0:
        return float("nan")
    return float((n[m].sum() / n.sum()) / (s[m].sum() / s.sum()))


def hit_rate(observed: np.ndarray, covered: np.ndarray) -> float:
    """Share of observed (areas, 168) weight inside the covered (areas, 168) cells."""
    obs = np.asarray(observed, dtype=float)
    total = obs.sum()
    return float(obs[np.asarray(covered, dtype=bool)].sum() / total) if total > 0 else float("nan")


def observed_cells(incidents: pd.DataFrame, codes, period: tuple, weights: dict | None = None) -> np.ndarray:
    """Weighted aoristic counts (areas, 168) of the incidents starting in ``period``."""
    start = pd.to_datetime(incidents["start"])
    sub = incidents[(start >= period[0]) & (start < period[1])]
    per_cat = area_week_hours(sub, codes, weights)
    out = np.zeros((len(codes), HOURS_PER_WEEK))
    for cat, n in per_cat.items():
        out += (1.0 if weights is None else float(weights[cat])) * n
    return out


def evaluate(incidents: pd.DataFrame, codes, surface: np.ndarray, covered: np.ndarray, period: tuple, *,
             weights: dict | None = None, hot_areas: np.ndarray | None = None,
             allowed: np.ndarray | None = None, uniform_fraction: float | None = None) -> dict:
    """Hit rate and PAI of a weekly plan over ``period``.

    ``covered``: bool (areas, 168), the area-hours of the plan; ``surface``:
    m2 per area; ``hot_areas``: bool per area of a hotspot map (Gi*), optional;
    ``allowed`` (bool (areas, 168)) and ``uniform_fraction`` (the share of those
    area-hours an untargeted plan of the same size covers) give the hit rate
    such a plan would expect, ``hit_rate_uniform``.
    """
    obs = observed_cells(incidents, codes, period, weights)
    per_area = obs.sum(axis=1)
    covered = np.asarray(covered, dtype=bool)
    planned = covered.any(axis=1)
    surface = np.asarray(surface, dtype=float)
    st_share = float((covered * surface[:, None]).sum() / (surface.sum() * HOURS_PER_WEEK)) \
        if surface.sum() > 0 else float("nan")
    h = hit_rate(obs, covered)
    out = {
        # whole days, the end not included (an end within a day: the day after it, as that day was looked at)
        "period": [str(pd.Timestamp(period[0]).date()), str(pd.Timestamp(period[1]).ceil("D").date())],
        "incidents": float(obs.sum()),
        "hit_rate": h,
        "pai": pai(per_area, surface, planned),
        "area_share": float(surface[planned].sum() / surface.sum()) if surface.sum() > 0 else float("nan"),
        "incident_share_planned_areas": float(per_area[planned].sum() / per_area.sum())
        if per_area.sum() > 0 else float("nan"),
        "pai_space_time": (h / st_share) if st_share > 0 else float("nan"),
    }
    if hot_areas is not None and np.asarray(hot_areas, dtype=bool).any():
        out["pai_gistar"] = pai(per_area, surface, hot_areas)
        out["gistar_hot_areas"] = int(np.asarray(hot_areas, dtype=bool).sum())
    if allowed is not None and uniform_fraction is not None and obs.sum() > 0:
        out["hit_rate_uniform"] = float(uniform_fraction * obs[np.asarray(allowed, dtype=bool)].sum() / obs.sum())
    return out


# -- the plans a coordinator would otherwise make, on the same weeks -----------------------------------
#: The plans the Terugblik puts beside ours, in this order (key, Dutch label).
BASELINES = (
    ("hindsight", "Achteraf gekozen (bovengrens)"),
    ("raw_greedy", "Steeds de drukste dienst erbij, op de ruwe aantallen"),
    ("busiest", "De drukste gebieden op het drukste tijdstip van de stad"),
)


def covered_by(cand, selected, n_areas: int) -> np.ndarray:
    """Bool (areas, 168): the area-hours the chosen candidate shifts cover."""
    out = np.zeros(n_areas * HOURS_PER_WEEK, dtype=bool)
    out[np.unique(cand.cells[np.asarray(selected, dtype=np.int64)].reshape(-1))] = True
    return out.reshape(n_areas, HOURS_PER_WEEK)


def busiest_areas_plan(counts: np.ndarray, cand, n_shifts: int) -> tuple[np.ndarray, list]:
    """The naive plan "the busiest areas at the city's peak block": candidate indices and the blocks used.

    The areas are ranked by their count in the history (``counts``, (areas, 168)), the blocks
    (day, start) of the candidates by the city's count in them; shift ``i`` goes to the
    ``i``-th busiest allowed area at the peak block (past the last area: the next block, from
    the busiest area again). Ties: the first area and block.
    """
    counts = np.asarray(counts, dtype=float)
    areas = np.unique(cand.area)
    ranked = areas[np.argsort(-counts[areas].sum(axis=1), kind="stable")]
    first = {}
    for j, key in enumerate(zip(cand.day.tolist(), cand.start.tolist())):
        first.setdefault(key, j)
    city = counts.sum(axis=0)
    blocks = sorted(first, key=lambda k: (-float(city[cand.cells[first[k]] % HOURS_PER_WEEK].sum()), k))
    index = {(int(a), int(d), int(s)): j for j, (a, d, s) in enumerate(zip(cand.area, cand.day, cand.start))}
    chosen = [index[(int(ranked[i % len(ranked)]), *blocks[i // len(ranked)])] for i in range(n_shifts)]
    return np.array(chosen, dtype=np.int64), blocks[:(n_shifts - 1) // len(ranked) + 1]


def baselines(incidents: pd.DataFrame, codes, cand, covered: np.ndarray, history: tuple, period: tuple, *,
              n_shifts: int, max_per_area: int, weights: dict | None = None, time_limit: float = 60.0) -> list:
    """Our plan beside the plans a coordinator would otherwise make, all scored on the same weeks.

    Every plan has the same shifts and rules (``cand``: the candidate shifts, ``n_shifts``,
    ``max_per_area``) and is scored by :func:`hit_rate` on the incidents of ``period``:

    - ``ours``: ``covered``, the plan learnt from ``history``;
    - ``hindsight``: the exact plan chosen on the period's own incidents (what a plan with these
      rules could at best have covered; no plan made beforehand can do better);
    - ``raw_greedy``: the greedy choice (:func:`hotspots.inzet.optimise.solve_greedy`) on the raw
      aoristic counts of ``history`` (no smoothing, no season);
    - ``busiest``: :func:`busiest_areas_plan` on the same counts (as many areas as shifts, one shift
      each, all at the city's busiest block).

    Returns one dict per plan: ``key``, ``label`` (Dutch), ``hit_rate`` and ``of_hindsight`` (the
    hit rate as a share of the hindsight plan's).
    """
    from hotspots.inzet import optimise as inzet_opt

    obs = observed_cells(incidents, codes, period, weights)
    raw = observed_cells(incidents, codes, history, weights)
    n = len(codes)
    plans = {
        "ours": np.asarray(covered, dtype=bool),
        "hindsight": covered_by(cand, inzet_opt.solve_milp(obs, cand, n_shifts, max_per_area, time_limit).selected, n),
        "raw_greedy": covered_by(cand, inzet_opt.solve_greedy(raw, cand, n_shifts, max_per_area).selected, n),
        "busiest": covered_by(cand, busiest_areas_plan(raw, cand, n_shifts)[0], n),
    }
    rates = {k: hit_rate(obs, c) for k, c in plans.items()}
    labels = {"ours": "Dit plan", **dict(BASELINES)}
    top = rates["hindsight"]
    return [{"key": k, "label": labels[k], "hit_rate": rates[k],
             "of_hindsight": rates[k] / top if top and top > 0 else float("nan")} for k in labels]
