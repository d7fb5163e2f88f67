"""The week-hour matrix (7 days x 24 hours, Monday first), from start times or aoristic.

Aoristic weighting (Ratcliffe 2002): an incident known only to have happened
somewhere between ``start`` and ``end`` spreads a weight of 1 over the hours of
that window, in proportion to the minutes of the window in each hour:

.. math::

    w_h = \\frac{|[s, e) \\cap h|}{e - s}, \\qquad \\sum_h w_h = 1

for hour-of-week slots ``h`` (168 of them, Monday 00:00-01:00 first). Rules:

* start and end in the same clock hour (also ``end == start``): weight 1 to that hour;
* a missing end counts as the start (weight 1 to the hour of the start);
* an end before the start is counted (:attr:`WeekHour.swapped`) and the two are swapped;
* a window of a week (10,080 minutes) or longer gives 1/168 to every slot: it says
  nothing about the time of week;
* an incident without a start is left out and counted (:attr:`WeekHour.missing_start`).

Times are local wall-clock times, truncated to the minute; a window over a
change to or from summer time is spread over its wall-clock minutes (one hour
more or less than really passed, which shifts a few hundredths of a weight). The weights of all
incidents with a start add up to their number (up to float rounding, about 1e-12
relative).

Reference: Ratcliffe, J.H. (2002). Aoristic signatures and the spatio-temporal
analysis of high volume crime patterns. *Journal of Quantitative Criminology*
18(1), 23-43.

How it is vectorised: each window is a constant density ``1/(e - s)`` per minute
on a minute-of-week axis (a point, end == start, is one minute; a window of a week
or longer is cut to exactly one week, which gives 1/168 per hour). Its start and end are added as
``+1/d`` and ``-1/d`` to a difference array of two weeks (20,160 minutes, so a
window that runs past Sunday 24:00 needs no special case) with two
``numpy.bincount`` calls; one cumulative sum gives the density per minute, the
second week is folded onto the first, and 60 minutes make an hour. The cost is
two weighted bincounts over the incidents plus fixed work on 20,160 slots.

>>> import numpy as np
>>> s = np.array(["2017-09-24T23:30"], dtype="datetime64[m]")  # a Sunday
>>> e = np.array(["2017-09-25T00:30"], dtype="datetime64[m]")
>>> m = week_hour_matrix(s, e)
>>> float(m[6, 23]), float(m[0, 0]), float(m.sum())
(0.5, 0.5, 1.0)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kernel.nl import DAY_ABBR, DAY_NAMES  # noqa: F401  (re-exported: the matrix's row names)

MINUTES_PER_WEEK = 7 * 24 * 60
HOURS_PER_WEEK = 168
#: 1970-01-01 (minute 0 of the epoch) was a Thursday: three days after a Monday 00:00.
_EPOCH_OFFSET = 3 * 24 * 60
_NAT = np.iinfo(np.int64).min


@dataclass
class WeekHour:
    """A week-hour matrix with what was done to the input.

    ``matrix`` has shape (7, 24): rows Monday..Sunday (:data:`DAY_NAMES`), columns
    hours 0..23. ``n`` incidents were counted; ``swapped`` had an end before the
    start; ``missing_start`` had no start and were left out; ``missing_end`` had no
    end (counted at their start); ``long_windows`` spanned a week or more.
    """

    matrix: np.ndarray
    n: int
    aoristic: bool
    swapped: int = 0
    missing_start: int = 0
    missing_end: int = 0
    long_windows: int = 0


def to_minutes(values) -> np.ndarray:
    """Local wall-clock times as int64 minutes since 1970-01-01 (NaT stays the int64 minimum).

    Accepts a pandas Series/Index (also timezone-aware: its wall-clock time is
    used) or anything numpy turns into ``datetime64``.
    """
    if isinstance(values, (pd.Series, pd.Index)):
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            values = values.dt.tz_localize(None) if isinstance(values, pd.Series) else values.tz_localize(None)
        if not pd.api.types.is_datetime64_any_dtype(values.dtype):
            values = pd.to_datetime(values)
        arr = values.to_numpy()
    else:
        arr = np.asarray(values)
        if not np.issubdtype(arr.dtype, np.datetime64):
            arr = pd.to_datetime(arr).to_numpy()
    if arr.dtype == np.dtype("datetime64[m]"):
        return arr.view(np.int64)  # no copy; callers never write into it
    return arr.astype("datetime64[m]").astype(np.int64)


def hour_of_week(minutes: np.ndarray) -> np.ndarray:
    """Hour-of-week slot 0..167 (Monday 00h = 0) of epoch minutes."""
    return ((minutes + _EPOCH_OFFSET) % MINUTES_PER_WEEK) // 60


def week_hour(start, end=None, aoristic: bool = True) -> WeekHour:
    """The week-hour matrix of incidents, with counts of what was repaired.

    Parameters
    ----------
    start, end : array-like of datetimes
        Start and end of each incident's time window (local time). ``end`` may be
        None or hold missing values.
    aoristic : bool
        True: spread each incident over its window (Ratcliffe 2002). False: count
        each incident in the hour of its start.
    """
    s = to_minutes(start)
    missing_start = int(np.count_nonzero(s == _NAT))
    ok = None
    if missing_start:
        ok = s != _NAT
        s = s[ok]
    n = int(s.size)
    missing_end = 0
    if end is not None:
        e = to_minutes(end)
        if missing_start:
            e = e[ok]
        missing_end = int(np.count_nonzero(e == _NAT))
    if not aoristic or end is None:
        counts = np.bincount(hour_of_week(s), minlength=HOURS_PER_WEEK).astype(float)
        return WeekHour(counts.reshape(7, 24), n, False, 0, missing_start, missing_end, 0)

    if missing_end:
        e = np.where(e == _NAT, s, e)
    back = e < s
    swapped = int(np.count_nonzero(back))
    if swapped:
        s, e = np.minimum(s, e), np.maximum(s, e)
    # A point (end == start) is a window of one minute: weight 1 to the hour of its start; any
    # window inside one clock hour lands wholly in that hour. A window of a week or longer is
    # cut to exactly one week: 1/10080 per minute, so exactly 1/168 per hour.
    d = e - s
    long_windows = int(np.count_nonzero(d >= MINUTES_PER_WEEK))
    np.clip(d, 1, MINUTES_PER_WEEK, out=d)
    w = 1.0 / d
    pos = (s + _EPOCH_OFFSET) % MINUTES_PER_WEEK
    size = 2 * MINUTES_PER_WEEK + 1
    diff = np.bincount(pos, weights=w, minlength=size)
    pos += d
    diff -= np.bincount(pos, weights=w, minlength=size)
    density = np.cumsum(diff[:-1])
    density = density[:MINUTES_PER_WEEK] + density[MINUTES_PER_WEEK:]
    hours = density.reshape(HOURS_PER_WEEK, 60).sum(axis=1)
    # the cumulative sum leaves float dust (~1e-15) in empty hours; a real weight is at least 1/10080
    hours[np.abs(hours) < 1e-7] = 0.0
    return WeekHour(hours.reshape(7, 24), n, True, swapped, missing_start, missing_end, long_windows)


def week_hour_matrix(start, end=None, aoristic: bool = True) -> np.ndarray:
    """The (7, 24) week-hour matrix, Monday first; see :func:`week_hour`.

    >>> s = np.array(["2017-09-18T10:15", "2017-09-18T10:59"], dtype="datetime64[m]")
    >>> week_hour_matrix(s, None)[0, 10]
    np.float64(2.0)
    """
    return week_hour(start, end, aoristic).matrix


def week_hour_loop(start, end=None) -> np.ndarray:
    """The same aoristic matrix with a plain loop over incidents and hours (reference and benchmark peer).

    Deliberately simple: it walks each window hour by hour in Python, so it is an
    independent check on :func:`week_hour` and the slow peer of the benchmark.
    """
    s_all = to_minutes(start)
    e_all = to_minutes(end) if end is not None else s_all.copy()
    out = np.zeros(HOURS_PER_WEEK)
    for s, e in zip(s_all.tolist(), e_all.tolist()):
        if s == _NAT:
            continue
        if e == _NAT:
            e = s
        if e < s:
            s, e = e, s
        d = e - s
        if s // 60 == e // 60:
            out[((s + _EPOCH_OFFSET) % MINUTES_PER_WEEK) // 60] += 1.0
            continue
        if d >= MINUTES_PER_WEEK:
            out += 1.0 / HOURS_PER_WEEK
            continue
        t = s
        while t < e:
            nxt = min((t // 60 + 1) * 60, e)
            out[((t + _EPOCH_OFFSET) % MINUTES_PER_WEEK) // 60] += (nxt - t) / d
            t = nxt
    return out.reshape(7, 24)
