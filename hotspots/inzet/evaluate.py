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
        "period": [str(pd.Timestamp(period[0]).date()), str(pd.Timestamp(period[1]).date())],
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
