"""Two more ways registrations write a date: with the weekday in front, and without separators.

* **A weekday in front** (``za 29-07-2017``, ``zaterdag 29-07-2017 01:30``, ``Sat 07/29/2017``): the weekday
  is left out and the rest is read as any date (:func:`importers.dates.parse_datetimes`, with its day/month
  order from the data). Where the values cannot tell day and month apart, the weekday can: the order whose
  dates fall on the named weekdays is taken, and said so. Dates that do not fall on their weekday are
  counted in a warning (the date is kept: the weekday is the likelier typing error).
* **Compact dates** (``20170729``, ``201707290130``, ``20170729 0130``): year, month, day (hour, minute,
  second) without separators, as text or, where the CSV reader made numbers of them, as whole numbers of
  8, 12 or 14 digits. Only the year-month-day order: ``29072017`` is refused, not guessed at.

Both are recognised on a sample first; the whole column is then read vectorised.

>>> from importers.dates import parse_datetimes
>>> out, info = parse_datetimes(pd.Series(["za 29-07-2017", "zondag 30-07-2017 01:30"]), column="Datum")
>>> [str(t) for t in out]
['2017-07-29 00:00:00', '2017-07-30 01:30:00']
>>> out, info = parse_datetimes(pd.Series([20170729, 20170730]), column="Datum")
>>> [str(t) for t in out], info["formats"]
(['2017-07-29 00:00:00', '2017-07-30 00:00:00'], ['%Y%m%d'])
"""
from __future__ import annotations

import numpy as np
import pandas as pd

WEEKDAYS = {"maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4, "zaterdag": 5, "zondag": 6,
            "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
            "ma": 0, "di": 1, "wo": 2, "do": 3, "vr": 4, "za": 5, "zo": 6,
            "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_NAMES = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
#: A weekday before a date that starts with a digit (``za 29-07-2017``, ``Saturday, 07/29/2017``, ``zo. 30-7``).
WEEKDAY_PREFIX = rf"(?i)^\s*({_NAMES})\.?,?\s+(?=\d)"
#: The compact formats (year first, no separators), longest first.
COMPACT = ("%Y%m%d%H%M%S", "%Y%m%d%H%M", "%Y%m%d %H%M%S", "%Y%m%d %H%M", "%Y%m%d %H:%M:%S", "%Y%m%d %H:%M",
           "%Y%m%d")
_COMPACT_TEXT = (r"^\s*(?:1[89]|2[0-2])\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
                 r"(?:\s?\d{4}(?:\d{2})?|\s\d{2}:\d{2}(?::\d{2})?)?\s*$")


def has_weekdays(sample: pd.Series) -> bool:
    """At least half of a sample of text starts with a weekday before a date."""
    return bool(sample.str.match(WEEKDAY_PREFIX).fillna(False).mean() >= 0.5)


def parse_weekdays(series: pd.Series, dayfirst, column: str) -> tuple[pd.Series, dict]:
    """Dates with a weekday in front (module docstring): the weekday left out, and used where the order is open."""
    from importers.dates import parse_datetimes

    text = series.astype("string")
    named = text.str.extract(WEEKDAY_PREFIX, expand=False).str.lower().map(WEEKDAYS)
    rest = text.str.replace(WEEKDAY_PREFIX, "", regex=True)
    out, info = parse_datetimes(rest.astype(object).where(rest.notna()), dayfirst=dayfirst, column=column)
    both = named.notna().to_numpy() & out.notna().to_numpy()
    named_days = named.to_numpy(dtype=float)

    def wrong(parsed: pd.Series) -> int:
        return int((parsed.dt.day_of_week.to_numpy(dtype=float)[both] != named_days[both]).sum())

    said = f"Kolom '{column}': de weekdag vóór de datum (zoals 'za 29-07-2017') weggelaten."
    if info.get("undecided") and both.any():  # the values cannot tell day from month: the weekdays can
        other, more = parse_datetimes(rest.astype(object).where(rest.notna()), dayfirst=info["order"] == "month",
                                      column=column)
        if other.notna().sum() >= out.notna().sum() and wrong(other) < wrong(out):
            out, info = other, more
        order = "maand-dag-jaar" if info["order"] == "month" else "dag-maand-jaar"
        info["assumption"] = (f"Kolom '{column}': datums gelezen als {order}: zo vallen ze op de weekdag die "
                              "ervoor staat.")
    inner = (info.get("assumption") or "").removeprefix(f"Kolom '{column}': ")
    info["assumption"] = said + (f" {inner[:1].upper()}{inner[1:]}" if inner else "")
    info["formats"] = ["weekdag datum"] + info["formats"]
    n_wrong = wrong(out)
    if n_wrong:
        info["weekday_mismatch"] = n_wrong
        info["assumption"] += (f" {n_wrong} datums vallen niet op de weekdag die ervoor staat; de datum is "
                               "gebruikt.")
    return out, info


def has_compact(sample: pd.Series) -> bool:
    """At least half of a sample of text is a compact date (``20170729``, ``201707290130``, ``20170729 0130``)."""
    return bool(sample.str.match(_COMPACT_TEXT).fillna(False).mean() >= 0.5)


def compact_numbers(series: pd.Series) -> pd.Series | None:
    """Whole numbers of 8, 12 or 14 digits that are dates (``20170729``, ``201707290130``) as their text; None when
    the column holds other numbers (Excel day numbers, counts). Decided on every value, vectorised."""
    v = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
    filled = v[np.isfinite(v)]
    if not len(filled) or (filled % 1 != 0).any():
        return None
    for digits in (8, 12, 14):
        low, high = 18 * 10 ** (digits - 2), 23 * 10 ** (digits - 2)
        if ((filled >= low) & (filled < high)).all():
            text = pd.Series(v, index=series.index).astype("Int64").astype("string")
            return text.astype(object).where(text.notna())
    return None


def compact_sentence(column: str) -> str:
    return (f"Kolom '{column}': datums zonder scheidingstekens gelezen als jaar-maand-dag (zoals 20170729 en "
            "201707290130).")
