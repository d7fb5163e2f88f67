"""Expected incidents per area x week-hour, the input of the Inzetplanner.

From a history of incidents this module estimates, for every area ``a`` and
every hour of the week ``t`` (0 = Monday 00:00-01:00, 167 = Sunday 23:00-24:00),
the expected number of *weighted* incidents in one week:

.. math::

    E_{a,t} = s \\sum_g w_g \\, \\frac{N_{a,g}}{W} \\, \\pi_{a,g,t}

with ``w_g`` the weight of category ``g`` (e.g. woninginbraak 3, overlast 1),
``N_{a,g}`` the number of incidents of category ``g`` in area ``a`` in the
``W`` weeks of history, ``pi_{a,g,t}`` the smoothed week-hour profile of the
area, and ``s`` a seasonal factor (1 when the history is too short).

Three steps, each stated in :attr:`Expected.notes`:

1. **Aoristic counts** (Ratcliffe 2002): an incident known to have happened
   between ``start`` and ``end`` spreads its weight of 1 over the hours of
   that window (``hotspots.when.aoristic.week_hour_matrix``).
2. **Empirical-Bayes smoothing of the profile**: a buurt with 6 incidents has a
   week-hour profile of mostly zeros. Each area's profile is shrunk towards the
   municipality's profile ``p`` (a Dirichlet prior with concentration ``k``):

   .. math:: \\pi_{a,t} = \\frac{n_{a,t} + k\\,p_t}{N_a + k}

   ``k`` is estimated from whole counts (each incident at the midpoint hour
   of its window; fractional aoristic counts would hide how much areas
   differ) by the method of moments of the
   Dirichlet-multinomial (Mosimann 1962): with Pearson's
   ``X^2 = sum_a sum_t (n_{a,t} - N_a p_t)^2 / (N_a p_t)`` over ``C`` hours with
   ``p_t > 0`` and ``A`` areas with incidents, ``E[X^2] = (C-1) (Q + (A-1) k) / (1 + k)``
   with ``Q = T - sum_a N_a^2 / T`` and ``T = sum_a N_a``, so

   .. math:: \\hat k = \\frac{Q - S}{S - (A - 1)}, \\qquad S = X^2 / (C - 1)

   ``S <= A - 1`` (no more spread than chance) gives ``k = inf``: every area
   gets the municipality's profile; ``S >= Q`` gives ``k = 0``: no smoothing.
   Aoristic counts are fractional, which makes ``X^2`` a slight underestimate
   of the spread; the estimate is a pragmatic one, as in GeoDa's EB rates.
   Area totals ``N_a`` are not smoothed (their Poisson mean is unbiased).
3. **Season**: with at least a year of history, a monthly index
   ``I_m = (incidents per day in month m) / (incidents per day overall)`` from
   the whole municipality; ``s`` is the mean of ``I_m`` over the days of the
   period being planned. It scales every cell alike, so it changes the
   expected numbers but not the choice of shifts.

>>> import pandas as pd
>>> inc = pd.DataFrame({"start": pd.to_datetime(["2024-01-01 10:00", "2024-01-08 10:00"]),
...                     "end": pd.NaT, "category": "a", "area": "A"})
>>> e = expected_incidents(inc, ["A"], history=(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-15")),
...                        seasonal=False)
>>> float(e.values[0, 10]), float(e.values.sum())
(1.0, 1.0)
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kernel.errors import AnalysisError
from kernel.progress import as_progress

from hotspots.when.aoristic import HOURS_PER_WEEK, hour_of_week, to_minutes, week_hour_matrix
from kernel.nl import MONTH_NAMES, listing, number

#: The season kernel's bandwidth in months (:func:`month_kernel`) and the smallest month weight used. Two
#: months: on the demo city (plans for each month of January-September 2017 learnt from 2014 on) the share
#: of the bicycle thefts inside the shifts was 4,43% with 1 month, 4,48% with 2, 4,50% with 3 and 4,44%
#: without weighting: the season adds little there, and a narrow kernel throws away data.
SEASON_BANDWIDTH = 2.0
SEASON_MIN_WEIGHT = 0.01


# -- aoristic week-hour counts --------------------------------------------------------------------
def _category_labels(frame: pd.DataFrame) -> pd.Series:
    """The category each incident counts under: its own ("onbekend" when missing), or "alle" without categories."""
    if "category" in frame.columns and frame["category"].notna().any():
        return frame["category"].astype("string").fillna("onbekend")
    return pd.Series("alle", index=frame.index, dtype="string")


def area_week_hours(incidents: pd.DataFrame, codes, weights: dict | None = None) -> dict:
    """Aoristic counts per category: ``{category: array (len(codes), 168)}``.

    ``weights`` (category -> weight) selects the categories; None takes every
    category (or the whole frame as one category when there is no ``category``
    column). Incidents whose ``area`` is not in ``codes`` are left out.
    """
    index = {c: i for i, c in enumerate(codes)}
    frame = incidents[incidents["area"].isin(index)]
    cats = _category_labels(frame)
    wanted = None if weights is None else set(weights)
    out = {}
    has_end = "end" in frame.columns
    for cat, sub in frame.groupby(cats, sort=True):
        if wanted is not None and cat not in wanted:
            continue
        counts = np.zeros((len(codes), HOURS_PER_WEEK))
        for code, part in sub.groupby(sub["area"].astype(str), sort=False):
            m = week_hour_matrix(part["start"], part["end"] if has_end else None, aoristic=True)
            counts[index[code]] = np.asarray(m, dtype=float).reshape(HOURS_PER_WEEK)
        out[str(cat)] = counts
    return out


def area_midpoint_counts(incidents: pd.DataFrame, codes, categories) -> dict:
    """Whole counts per category ``{category: array (len(codes), 168)}`` at the midpoint hour of each window.

    Used only to estimate the smoothing concentration: the Dirichlet-multinomial
    moments hold for whole counts, and aoristic (fractional) counts would
    understate how much areas differ.
    """
    index = {c: i for i, c in enumerate(codes)}
    frame = incidents[incidents["area"].isin(index)]
    start = pd.to_datetime(frame["start"])
    mid = start
    if "end" in frame.columns:
        end = pd.to_datetime(frame["end"])
        ok = end.notna() & (end > start)
        mid = start.where(~ok, start + (end - start) / 2)
    how = hour_of_week(to_minutes(mid))  # the slot numbering of the aoristic matrix
    row = frame["area"].map(index).to_numpy(dtype=np.int64)
    cats = _category_labels(frame).to_numpy()
    out = {}
    for cat in categories:
        m = cats == cat
        counts = np.zeros((len(codes), HOURS_PER_WEEK))
        np.add.at(counts, (row[m], how[m]), 1.0)
        out[cat] = counts
    return out


# -- empirical-Bayes smoothing ----------------------------------------------------------------------
def dirichlet_concentration(counts: np.ndarray) -> float:
    """Method-of-moments concentration ``k`` of a Dirichlet-multinomial (see the module doc).

    ``counts``: array (areas, cells). Returns ``inf`` for no extra spread, 0 for
    no pooling.

    >>> dirichlet_concentration(np.array([[5.0, 5.0], [5.0, 5.0]]))
    inf
    >>> dirichlet_concentration(np.array([[10.0, 0.0], [0.0, 10.0]]))
    0.0
    """
    counts = np.asarray(counts, dtype=float)
    n_a = counts.sum(axis=1)
    counts = counts[n_a > 0]
    n_a = n_a[n_a > 0]
    total = n_a.sum()
    if len(n_a) < 2 or total <= 0:
        return math.inf
    p = counts.sum(axis=0) / total
    keep = p > 0
    c = int(keep.sum())
    if c < 2:
        return math.inf
    expected = np.outer(n_a, p[keep])
    x2 = float((((counts[:, keep] - expected) ** 2) / expected).sum())
    s = x2 / (c - 1)
    a = len(n_a)
    q = total - float((n_a ** 2).sum()) / total
    if s <= a - 1:
        return math.inf
    if s >= q:
        return 0.0
    return (q - s) / (s - (a - 1))


def shrink_profiles(counts: np.ndarray, k: float | None = None) -> tuple[np.ndarray, float]:
    """Smoothed week-hour profiles ``(n_a + k p) / (N_a + k)``; rows without incidents get ``p``.

    Returns the profiles (each row sums to 1, or is all zero when nothing at
    all happened) and the ``k`` used (estimated when None).
    """
    counts = np.asarray(counts, dtype=float)
    if k is None:
        k = dirichlet_concentration(counts)
    total = counts.sum()
    if total <= 0:
        return np.zeros_like(counts), k
    p = counts.sum(axis=0) / total
    n_a = counts.sum(axis=1, keepdims=True)
    if math.isinf(k):
        return np.broadcast_to(p, counts.shape).copy(), k
    with np.errstate(invalid="ignore", divide="ignore"):
        prof = (counts + k * p) / (n_a + k)
    prof[n_a[:, 0] == 0] = p
    return prof, k


# -- season ------------------------------------------------------------------------------------------
def seasonal_factor(starts: pd.Series, weights: np.ndarray, history: tuple, target: tuple) -> tuple[float, dict]:
    """Mean monthly index over the target days, or 1.0 when the history is shorter than a year.

    Returns the factor and the monthly index ``{1..12: I_m}`` (empty when not used).
    """
    h0, h1 = history
    if (h1 - h0) < pd.Timedelta(days=365) or len(starts) == 0:
        return 1.0, {}
    days = pd.date_range(h0.normalize(), h1 - pd.Timedelta(seconds=1), freq="D")
    days_per_month = pd.Series(1, index=days).groupby(days.month).sum()
    by_month = pd.Series(weights, index=starts.dt.month.to_numpy()).groupby(level=0).sum()
    by_month = by_month.reindex(range(1, 13), fill_value=0.0)
    overall = by_month.sum() / len(days)
    if overall <= 0:
        return 1.0, {}
    index = {m: float(by_month[m] / days_per_month.get(m, np.nan) / overall) for m in range(1, 13)}
    t0, t1 = target
    tdays = pd.date_range(t0.normalize(), t1 - pd.Timedelta(seconds=1), freq="D")
    vals = [index[m] for m in tdays.month if not math.isnan(index[m])]
    return (float(np.mean(vals)) if vals else 1.0), index


def month_kernel(target: tuple, bandwidth: float | None = None) -> dict:
    """Weight per calendar month of the history for a plan of ``target`` (start, end): ``{1..12: K_m}``.

    .. math:: K_m = \\frac{1}{|T|} \\sum_{day \\in T} \\exp\\Big(-\\frac{d(m, month(day))^2}{2 b^2}\\Big)

    with ``d`` the distance between two calendar months around the year (0..6) and ``b`` the
    bandwidth in months (:data:`SEASON_BANDWIDTH`): with ``b = 2`` the same month counts 1, the
    months beside it 0,88, two months away 0,61, three 0,32, six 0,01 (a Gaussian kernel over the
    season, as in kernel regression).

    >>> k = month_kernel((pd.Timestamp("2017-10-01"), pd.Timestamp("2017-11-01")))
    >>> round(k[10], 2), round(k[9], 2), round(k[11], 2), round(k[8], 2), round(k[4], 2)
    (1.0, 0.88, 0.88, 0.61, 0.01)
    """
    bandwidth = SEASON_BANDWIDTH if bandwidth is None else float(bandwidth)
    t0, t1 = pd.Timestamp(target[0]), pd.Timestamp(target[1])
    days = pd.date_range(t0.normalize(), t1 - pd.Timedelta(seconds=1), freq="D")
    months = np.asarray(days.month) if len(days) else np.array([t0.month])
    out = {}
    for m in range(1, 13):
        d = np.abs(months - m) % 12
        d = np.minimum(d, 12 - d)
        out[m] = float(np.exp(-(d ** 2) / (2.0 * bandwidth ** 2)).mean())
    return out


def _season_weighted(hist: pd.DataFrame, codes, weights, history: tuple, target: tuple) -> tuple[dict, float, dict]:
    """Aoristic counts per category with each month of the history weighted by :func:`month_kernel`, and
    the weighted number of weeks they cover (the exposure): ``(per_cat, weeks, kernel)``."""
    kernel = month_kernel(target)
    h0, h1 = history
    days = pd.date_range(h0.normalize(), h1 - pd.Timedelta(seconds=1), freq="D")
    weeks = float(sum(kernel[m] for m in days.month)) / 7.0
    month = pd.to_datetime(hist["start"]).dt.month.to_numpy()
    per_cat: dict = {}
    for m, k in kernel.items():
        if k < SEASON_MIN_WEIGHT:
            continue
        for cat, n in area_week_hours(hist[month == m], codes, weights).items():
            per_cat[cat] = per_cat.get(cat, 0.0) + k * n
    return dict(sorted(per_cat.items())), weeks, kernel


# -- the whole estimate ------------------------------------------------------------------------------
@dataclass
class Expected:
    """Expected weighted incidents per week per area x week-hour.

    ``values``: array (areas, 168) per week; ``counts``: weighted aoristic
    counts in the history; ``weeks``: length of the history in weeks;
    ``k``: smoothing concentration per category; ``season``: the factor used
    and ``month_index``; ``notes``: Dutch method sentences.
    """

    codes: list
    values: np.ndarray
    counts: np.ndarray
    weeks: float
    history: tuple
    k: dict = field(default_factory=dict)
    season: float = 1.0
    month_index: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    month_weights: dict = field(default_factory=dict)  # month_kernel of the target, when season_weighted

    @property
    def total(self) -> float:
        return float(self.values.sum())


def expected_incidents(incidents: pd.DataFrame, codes, *, history: tuple, weights: dict | None = None,
                       target: tuple | None = None, smoothing: bool = True, seasonal: bool = True,
                       season_weighted: bool = False, progress=None, cancelled=None) -> Expected:
    """Estimate :class:`Expected` from the incidents with ``history[0] <= start < history[1]``.

    ``incidents`` needs ``start``, ``area`` and optionally ``end`` and
    ``category``; ``target`` is the period being planned (for the season;
    default: the four weeks after the history). ``season_weighted`` (with
    ``seasonal`` and a year of history): every month of the history counts with
    its :func:`month_kernel` weight for ``target``, so that the areas and hours
    of that time of year decide the plan,

    .. math:: E_{a,t} = \\frac{\\sum_m K_m\\, n_{a,t,m}}{\\sum_{day \\in history} K_{month(day)} / 7}

    (a weighted mean rate per week; it replaces the seasonal factor ``s``).
    """
    prog = as_progress(progress, cancelled)
    h0, h1 = (pd.Timestamp(history[0]), pd.Timestamp(history[1]))
    if h1 <= h0:
        raise AnalysisError("De historieperiode is leeg: het begin ligt niet voor het einde.")
    start = pd.to_datetime(incidents["start"])
    hist = incidents[(start >= h0) & (start < h1)]
    if hist.empty:
        raise AnalysisError(f"Geen incidenten in de historieperiode {h0:%d-%m-%Y} tot {h1:%d-%m-%Y}.")
    weeks = exposure = (h1 - h0) / pd.Timedelta(weeks=1)
    prog(0.1, "Incidenten over de uren van de week verdelen (aoristisch)")
    tgt = target or (h1, h1 + pd.Timedelta(weeks=4))
    tgt = (pd.Timestamp(tgt[0]), pd.Timestamp(tgt[1]))
    kernel = {}
    if season_weighted and seasonal and (h1 - h0) >= pd.Timedelta(days=365):
        per_cat, exposure, kernel = _season_weighted(hist, codes, weights, (h0, h1), tgt)
    else:
        per_cat = area_week_hours(hist, codes, weights)
    if weights is not None:
        missing = [c for c in weights if c not in per_cat]
        if len(missing) == len(weights):
            raise AnalysisError("Geen van de gekozen categorieën komt voor in de historie: "
                                + ", ".join(sorted(missing)) + ".")
    wts = {c: (1.0 if weights is None else float(weights[c])) for c in per_cat}
    prog(0.6, "Profielen per gebied gladstrijken")
    values = np.zeros((len(codes), HOURS_PER_WEEK))
    counts = np.zeros_like(values)
    ks = {}
    whole = area_midpoint_counts(hist, codes, list(per_cat)) if smoothing else {}
    for cat, n in per_cat.items():
        n_a = n.sum(axis=1, keepdims=True)
        if smoothing:
            prof, k = shrink_profiles(n, dirichlet_concentration(whole[cat]))
        else:
            with np.errstate(invalid="ignore", divide="ignore"):
                prof = np.where(n_a > 0, n / np.where(n_a > 0, n_a, 1), 0.0)
            k = 0.0
        ks[cat] = k
        values += wts[cat] * n_a / exposure * prof
        counts += wts[cat] * n
    notes = ["Verwachting per gebied en uur van de week uit de historie "
             f"{h0:%d-%m-%Y} tot {h1:%d-%m-%Y} ({weeks:.0f} weken), aoristisch verdeeld over de "
             "pleegtijdvakken (Ratcliffe 2002)."]
    if smoothing:
        ktxt = ", ".join(f"{c}: k = {'oneindig' if math.isinf(k) else f'{k:.0f}'}" for c, k in ks.items())
        notes.append("Weekprofielen van gebieden met weinig incidenten zijn naar het profiel van de hele "
                     f"gemeente getrokken (empirisch Bayes, Dirichlet-multinomiaal; {ktxt}).")
    season, month_index = 1.0, {}
    if kernel:
        top = max(kernel.values())
        near = [MONTH_NAMES[m - 1] for m, k in kernel.items() if k >= 0.5 * top]
        notes.append(f"Seizoen: de historie telt per maand mee naar hoe dicht die bij de planperiode "
                     f"{tgt[0]:%d-%m-%Y} tot {tgt[1]:%d-%m-%Y} ligt (dezelfde maand telt 1, een maand ernaast "
                     f"{number(math.exp(-0.5 / SEASON_BANDWIDTH ** 2), 2)}, twee maanden ernaast "
                     f"{number(math.exp(-2.0 / SEASON_BANDWIDTH ** 2), 2)}, drie "
                     f"{number(math.exp(-4.5 / SEASON_BANDWIDTH ** 2), 2)}); vooral " + listing(near) + ".")
    elif seasonal:
        cat_col = _category_labels(hist)
        inside = hist["area"].isin(set(codes)) & cat_col.isin(set(wts))
        w = cat_col[inside].map(wts).to_numpy(dtype=float)
        season, month_index = seasonal_factor(pd.to_datetime(hist.loc[inside, "start"]), w, (h0, h1), tgt)
        if month_index:
            values *= season
            notes.append(f"Seizoen: maandindex uit de historie; de planperiode krijgt factor {number(season, 2)} "
                         "(verandert de verwachte aantallen, niet de keuze van de diensten).")
        else:
            notes.append("Seizoen niet meegenomen: minder dan een jaar historie.")
    prog(1.0, "Verwachting klaar")
    return Expected(codes=list(codes), values=values, counts=counts, weeks=weeks, history=(h0, h1), k=ks,
                    season=season, month_index=month_index, notes=notes, month_weights=kernel)
