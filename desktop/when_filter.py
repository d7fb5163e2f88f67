"""The 'when' filter a click on a chart sets (issue 18, linked both ways); Qt-free.

A click on a month of the time series, a week x hour cell or a bar of the hour or weekday profile puts
one of these in ``chosen.filters["when"]``:

- ``{"month": "2016-03"}``: incidents that start in that month;
- ``{"day": 1, "hour": 20}``: incidents that start on a Tuesday (0 = Monday) between 20:00 and 21:00;
- ``{"hour": 20}``: incidents that start between 20:00 and 21:00, any day;
- ``{"day": 1}``: incidents that start on a Tuesday.

The filter counts an incident by its *start* (a pandas count on ``start``), not by the aoristic weight
the week x hour chart spreads over its time window: a cell of the chart may hold 12.4 where 15
incidents started in that hour. The filter line says so in its tooltip.

>>> text({"day": 1, "hour": 20})
'dinsdag 20:00-21:00'
>>> text({"month": "2016-03"})
'maart 2016'
>>> text({"hour": 23})
'elke dag 23:00-00:00'
>>> text({"day": 6})
'zondag'
>>> text(None)
''
"""
from __future__ import annotations

import re

from kernel.nl import DAY_NAMES, MONTH_NAMES

KEYS = ("month", "day", "hour")


def clean(when) -> dict | None:
    """``when`` as a filter (only its known keys; None when it filters nothing)."""
    if not isinstance(when, dict):
        return None
    out = {k: when[k] for k in KEYS if when.get(k) is not None}
    if "month" in out:  # a saved project is input too: anything else than "YYYY-MM" filters nothing
        month = str(out["month"])[:7]
        return {"month": month} if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month) else None
    if any(isinstance(v, bool) or not isinstance(v, int) for v in out.values()):
        return None
    if not (0 <= out.get("day", 0) <= 6 and 0 <= out.get("hour", 0) <= 23):
        return None
    return out or None


def text(when) -> str:
    """The filter in words (``"dinsdag 20:00-21:00"``, ``"maart 2016"``); "" without a filter."""
    when = clean(when)
    if when is None:
        return ""
    if "month" in when:
        year, month = when["month"].split("-")
        return f"{MONTH_NAMES[int(month) - 1]} {year}"
    hours = f"{when['hour']:02d}:00-{(when['hour'] + 1) % 24:02d}:00" if "hour" in when else ""
    if "day" in when:
        return f"{DAY_NAMES[when['day']]} {hours}".strip()
    return f"elke dag {hours}"


def mask(start, when):
    """A boolean array: which ``start`` times (a datetime Series) pass ``when`` (all of them without one)."""
    import numpy as np
    import pandas as pd

    start = pd.to_datetime(pd.Series(start), errors="coerce")
    when = clean(when)
    keep = np.ones(len(start), dtype=bool)
    if when is None:
        return keep
    if "month" in when:
        keep &= (start.dt.to_period("M").astype("string") == when["month"]).fillna(False).to_numpy(bool)
    if "day" in when:
        keep &= (start.dt.day_of_week == when["day"]).to_numpy(bool)
    if "hour" in when:
        keep &= (start.dt.hour == when["hour"]).to_numpy(bool)
    return keep


def within(when, start: str | None, end: str | None) -> bool:
    """Whether ``when`` can hold incidents in the period ``start``-``end`` (a month outside it cannot)."""
    when = clean(when)
    if when is None or "month" not in when:
        return True
    return (start is None or when["month"] >= start) and (end is None or when["month"] <= end)
