"""Time profiles (hour, weekday, dagdeel, month) and the temporal signature of a hotspot.

Profiles are sums of the week-hour matrix (:mod:`hotspots.when.aoristic`), so an
aoristic matrix gives aoristic profiles. The month of year cannot be read from
a week-hour matrix: it counts each incident in the calendar month of its
*start* (windows longer than a day are rare and would shift little weight).

Dagdelen (the police's day parts, as the Groningen registrations use them):
``nacht`` 00:00-06:00, ``ochtend`` 06:00-12:00, ``middag`` 12:00-18:00,
``avond`` 18:00-24:00.

Temporal signature after Ratcliffe's hotspot matrix (Ratcliffe, J.H. 2004. The
Hotspot Matrix: a framework for the spatio-temporal targeting of crime
reduction. *Police Practice and Research* 5(1), 5-23): *diffused* (incidents at
any time of day), *focused* (concentrated in some hours, but present at other
times too) or *acute* (nearly all within a short period). Ratcliffe describes
the classes in words; the thresholds here are ours and stated plainly:

* ``share`` is the share of the 24-hour profile in the busiest block of
  :data:`SIGNATURE_WINDOW` = 8 consecutive hours (one police shift), also across
  midnight; spread evenly over the day it is 1/3;
* **acute** when ``share >= 0.70``;
* **diffused** when ``share < 0.40`` or when the hour profile does not differ
  from an even spread (Pearson chi-square, 23 df, p >= 0.05);
* **focused** otherwise.

>>> import numpy as np
>>> m = np.zeros((7, 24)); m[:, 22] = 10; m[:, 23] = 10; m[:, 0] = 5
>>> temporal_signature(m)["signature"]
'acute'
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from kernel.progress import as_progress

from hotspots.when.aoristic import week_hour_matrix
from kernel.nl import DAGDELEN, DAY_NAMES, MONTH_NAMES

SIGNATURE_WINDOW = 8
ACUTE_FROM = 0.70
DIFFUSED_BELOW = 0.40
SIGNATURE_LABELS = {"diffused": "verspreid over de dag", "focused": "geconcentreerd",
                    "acute": "acuut (kort tijdvak)", "unknown": "te weinig incidenten"}


def hour_profile(matrix: np.ndarray) -> dict[int, float]:
    """Incidents per hour of day (0..23), all days together."""
    return {h: float(v) for h, v in enumerate(np.asarray(matrix).sum(axis=0))}


def weekday_profile(matrix: np.ndarray) -> dict[str, float]:
    """Incidents per day of the week, Monday first, Dutch names."""
    return {DAY_NAMES[d]: float(v) for d, v in enumerate(np.asarray(matrix).sum(axis=1))}


def dagdeel_profile(matrix: np.ndarray) -> dict[str, float]:
    """Incidents per dagdeel (nacht 00-06, ochtend 06-12, middag 12-18, avond 18-24)."""
    hours = np.asarray(matrix).sum(axis=0)
    return {name: float(hours[a:b].sum()) for name, (a, b) in DAGDELEN.items()}


def month_profile(start) -> dict[str, float]:
    """Mean incidents per calendar month of their start, per year covered; Dutch month names.

    Data that run from, say, January 2013 to September 2017 hold five Januaries but
    four Decembers, so each month's count is divided by the number of times that
    calendar month lies between the first and the last month of the data (the
    first and last month may be partly covered). Months never covered are NaN.
    """
    periods = pd.to_datetime(pd.Series(start)).dropna().dt.to_period("M")
    if periods.empty:
        return {name: float("nan") for name in MONTH_NAMES}
    counts = np.bincount(periods.dt.month.to_numpy() - 1, minlength=12)
    covered = pd.period_range(periods.min(), periods.max(), freq="M")
    years = np.bincount(np.asarray(covered.month) - 1, minlength=12)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(years > 0, counts / np.maximum(years, 1), np.nan)
    return {MONTH_NAMES[i]: float(mean[i]) for i in range(12)}


def profiles(matrix: np.ndarray, start=None) -> dict:
    """All four profiles in one dict: ``hour``, ``weekday``, ``dagdeel``, ``month`` (None without starts)."""
    return {"hour": hour_profile(matrix), "weekday": weekday_profile(matrix),
            "dagdeel": dagdeel_profile(matrix),
            "month": month_profile(start) if start is not None else None}


def busiest_block(hours: np.ndarray, width: int = SIGNATURE_WINDOW) -> tuple[int, float]:
    """First hour and share of the busiest ``width`` consecutive hours of a 24-hour profile (circular)."""
    hours = np.asarray(hours, dtype=float)
    total = hours.sum()
    if total <= 0:
        return 0, float("nan")
    sums = np.array([hours[np.arange(h, h + width) % 24].sum() for h in range(24)])
    best = sums.max()
    ties = np.flatnonzero(sums >= best - 1e-9 * total)
    if 0 < ties.size < 24:
        # equal windows around a short peak: take the middle one, so the block is centred on the peak
        gap = int(np.flatnonzero(sums < best - 1e-9 * total)[0])
        ties = sorted(ties, key=lambda h: (h - gap) % 24)
    first = int(ties[len(ties) // 2])
    return first, float(sums[first] / total)


def temporal_signature(matrix: np.ndarray, min_total: float = 10.0, alpha: float = 0.05) -> dict:
    """Diffused, focused or acute (after Ratcliffe 2004); thresholds in the module docstring.

    Returns a dict with ``signature`` (``diffused|focused|acute|unknown``), its
    Dutch ``label``, ``share`` (busiest 8-hour block), ``block`` (e.g.
    ``"14:00-22:00"``), ``uniform_p`` (chi-square p of the hour profile against an
    even spread) and ``total``. Fewer than ``min_total`` incidents give ``unknown``.
    """
    hours = np.asarray(matrix, dtype=float).sum(axis=0)
    total = float(hours.sum())
    first, share = busiest_block(hours)
    block = f"{first:02d}:00-{(first + SIGNATURE_WINDOW) % 24:02d}:00"
    out = {"total": total, "share": share, "block": block, "uniform_p": float("nan")}
    if total < min_total:
        return {"signature": "unknown", "label": SIGNATURE_LABELS["unknown"], **out}
    expected = np.full(24, total / 24)
    chi2 = float(((hours - expected) ** 2 / expected).sum())
    p = float(stats.chi2.sf(chi2, 23))
    out["uniform_p"] = p
    if share >= ACUTE_FROM:
        sig = "acute"
    elif share < DIFFUSED_BELOW or p >= alpha:
        sig = "diffused"
    else:
        sig = "focused"
    return {"signature": sig, "label": SIGNATURE_LABELS[sig], **out}


def signatures_by(incidents: pd.DataFrame, by: str = "area", aoristic: bool = True,
                  min_total: float = 10.0, progress=None, cancelled=None) -> pd.DataFrame:
    """The temporal signature of each group (e.g. each hotspot area), largest first.

    Columns: the group key (``by``), ``total``, ``signature``, ``label``, ``share``,
    ``block``, ``uniform_p``. Groups with fewer than ``min_total`` incidents get
    ``unknown``. Rows without a key are left out.
    """
    prog = as_progress(progress, cancelled)
    rows = []
    inc = incidents[incidents[by].notna()] if by in incidents.columns else incidents.iloc[0:0]
    groups = inc.groupby(by, sort=False)
    for i, (key, group) in enumerate(groups):
        if i % 200 == 0:
            prog(i / max(groups.ngroups, 1), "Tijdsignatuur per gebied")
        m = week_hour_matrix(group["start"], group["end"] if "end" in group.columns else None, aoristic)
        rows.append({by: key, **temporal_signature(m, min_total=min_total)})
    cols = [by, "total", "signature", "label", "share", "block", "uniform_p"]
    out = pd.DataFrame(rows, columns=cols) if rows else pd.DataFrame(columns=cols)
    return out[cols].sort_values("total", ascending=False, kind="stable").reset_index(drop=True)
