"""The calendar heat chart: incidents per day of the year (columns) and year (rows).

The chart analysts know from ArcGIS's calendar heat chart and from the crime-analysis literature: each
year a row, each calendar day a column, so that days that come back every year (jaarwisseling, Koningsdag,
kermis, carnaval, the start of the summer holidays) line up above each other and single events stand out.

Columns
    366 of them, one per calendar day of a leap year: column ``c`` of 1 March is the same in every year,
    so 29 February is a column of its own, empty (NaN) in the years without it. The column of month
    ``m`` and day ``d`` is :math:`c = D_{m} + d - 1` with :math:`D_m` the days before month ``m`` in a
    leap year (0, 31, 60, 91, ...).
Counts
    Each incident counts once, on the calendar day of its *start* (no aoristic spreading: a window over
    midnight counts on the day it began). Days between the first and the last day of the data (or of
    the ``span`` asked for) without incidents are 0; days outside it are NaN, "no data", not "no
    incidents".

A day that stands out
    :func:`busiest_days` lists the days with the most incidents and, beside each, the median of the
    same weekday in the same year: the plain context an analyst asks for ("1 januari 2016: 48, een
    gewone vrijdag 9"). It is a description, not a test.

>>> import pandas as pd
>>> r = calendar_matrix(pd.Series(pd.to_datetime(["2016-02-29 10:00", "2016-03-01 08:00", "2016-03-01 09:00"])))
>>> r.years, float(r.matrix[0, 59]), float(r.matrix[0, 60]), int(r.total)
([2016], 1.0, 2.0, 3)
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kernel.nl import DAY_NAMES, MONTH_NAMES

#: Days before each month in a leap year: the first column of each month.
MONTH_STARTS = np.array([0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335])
DAYS = 366


def column(month, day):
    """The column of calendar day ``day`` of ``month`` (1-based; arrays welcome).

    >>> column(1, 1), column(2, 29), column(3, 1), column(12, 31)
    (0, 59, 60, 365)
    """
    out = MONTH_STARTS[np.asarray(month) - 1] + np.asarray(day) - 1
    return int(out) if np.ndim(out) == 0 else out


def day_text(col: int) -> str:
    """``"29 februari"`` for column 59."""
    m = int(np.searchsorted(MONTH_STARTS, col, side="right")) - 1
    return f"{col - MONTH_STARTS[m] + 1} {MONTH_NAMES[m]}"


@dataclass
class CalendarResult:
    """Incidents per year (rows of ``matrix``, in ``years``) and calendar day (366 columns, see :func:`column`)."""

    years: list
    matrix: np.ndarray
    first: pd.Timestamp | None
    last: pd.Timestamp | None
    total: int
    missing_start: int = 0
    notes: list = field(default_factory=list)

    def value(self, year: int, month: int, day: int) -> float:
        return float(self.matrix[self.years.index(year), column(month, day)])


def calendar_matrix(start, span=None, progress=None, cancelled=None) -> CalendarResult:
    """Incidents per calendar day and year from their start times.

    Parameters
    ----------
    start : Series or array of datetimes
        The incidents' start times; missing ones are left out and counted (``missing_start``).
    span : (first, last), optional
        The days the data cover (anything ``pd.Timestamp`` reads: ``"2016-01"``, a date). Without it: the
        first and last day with an incident. Days inside it without incidents are 0, outside it NaN.
    """
    s = pd.to_datetime(pd.Series(start), errors="coerce")
    missing = int(s.isna().sum())
    days = s.dropna().dt.normalize()
    if span is not None and span[0] is not None:
        first = pd.Timestamp(span[0]).normalize()
        last = (pd.Period(span[1], "M").end_time if len(str(span[1])) == 7 else pd.Timestamp(span[1])).normalize()
        days = days[(days >= first) & (days <= last)]
    elif len(days):
        first, last = days.min(), days.max()
    else:
        first = last = None
    if first is None or last < first:
        return CalendarResult([], np.zeros((0, DAYS)), None, None, 0, missing)
    years = list(range(first.year, last.year + 1))
    matrix = np.full((len(years), DAYS), np.nan)
    covered = pd.date_range(first, last, freq="D")
    matrix[np.asarray(covered.year) - first.year, column(np.asarray(covered.month), np.asarray(covered.day))] = 0.0
    if len(days):
        rows = days.dt.year.to_numpy() - first.year
        cols = column(days.dt.month.to_numpy(), days.dt.day.to_numpy())
        np.add.at(matrix, (rows, cols), 1.0)
    return CalendarResult(years, matrix, first, last, int(len(days)), missing)


def busiest_days(result: CalendarResult, n: int = 10) -> list[dict]:
    """The ``n`` days with the most incidents, most first: ``date``, ``text`` ("vrijdag 1 januari 2016"),
    ``count`` and ``typical`` (the median count of the same weekday in the same year, days with data)."""
    if not result.years:
        return []
    rows = []
    for i, year in enumerate(result.years):
        dates = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="D")
        counts = result.matrix[i, column(np.asarray(dates.month), np.asarray(dates.day))]
        frame = pd.DataFrame({"date": dates, "count": counts}).dropna()
        if frame.empty:
            continue
        weekday = frame["date"].dt.day_of_week
        frame["typical"] = frame.groupby(weekday)["count"].transform("median")
        rows.append(frame)
    if not rows:
        return []
    days = pd.concat(rows).sort_values(["count", "date"], ascending=[False, True], kind="stable").head(n)
    return [{"date": d.date().isoformat(), "count": float(c), "typical": float(t),
             "text": f"{DAY_NAMES[d.day_of_week]} {d.day} {MONTH_NAMES[d.month - 1]} {d.year}"}
            for d, c, t in zip(days["date"], days["count"], days["typical"])]
