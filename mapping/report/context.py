"""What a report is made of: the run of the report period, the history around it, and the comparisons.

:func:`report_context` gathers, once, everything the sections print: the monthly totals of the
history (and the same months a year earlier), the totals of the report period against the same
period a year earlier and against the period before it (the conditional test of two Poisson counts,
:func:`hotspots.change.compare.two_poisson_test`), the counts per wijk in both periods, and the
:class:`mapping.protect.Protection` every number goes through.

:func:`last_complete` picks the last complete month or quarter of the data for a scheduled report
(``--period last-month``): a month is complete when the data run past its end, or when the data end on
its last day.

>>> import pandas as pd
>>> last_complete(pd.Series(pd.to_datetime(["2017-08-03", "2017-09-20"])), "last-month")
('2017-08', '2017-08')
>>> last_complete(pd.Series(pd.to_datetime(["2017-01-03 00:00", "2017-09-30 23:00"])), "last-month")
('2017-09', '2017-09')
>>> last_complete(pd.Series(pd.to_datetime(["2016-01-03", "2017-09-20"])), "last-quarter")
('2017-04', '2017-06')
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kernel.errors import AnalysisError
from kernel.nl import MONTH_NAMES

PERIODS = ("last-month", "last-quarter")
COMPARE = ("previous-year", "previous-period")


def last_complete(starts: pd.Series, which: str) -> tuple[str, str]:
    """The first and last month (``YYYY-MM``) of the last complete month or quarter in ``starts``."""
    if which not in PERIODS:
        raise AnalysisError(f"Onbekende periode '{which}'; kies {' of '.join(PERIODS)}.")
    times = pd.to_datetime(starts, errors="coerce").dropna()
    if not len(times):
        raise AnalysisError("Er zijn geen datums in de gegevens om een periode uit te kiezen.")
    last = times.max()
    month = last.to_period("M")
    complete = last.normalize() >= month.end_time.normalize()  # the data reach the last day of that month
    end = month if complete else month - 1
    if which == "last-quarter":
        q = end.asfreq("Q")
        if end != q.asfreq("M", how="end"):
            q = q - 1
        first, end = q.asfreq("M", how="start"), q.asfreq("M", how="end")
    else:
        first = end
    if first.to_timestamp() < times.min().to_period("M").to_timestamp():
        raise AnalysisError(f"De gegevens lopen tot {last:%d-%m-%Y}: er is nog geen volledige "
                            f"{'maand' if which == 'last-month' else 'kwartaal'}.")
    return str(first), str(end)


def month_text(first: str, last: str) -> str:
    """``"augustus 2017"`` or ``"april t/m juni 2017"`` or ``"januari 2016 t/m maart 2017"``."""
    a, b = pd.Period(first, "M"), pd.Period(last, "M")
    if a == b:
        return f"{MONTH_NAMES[a.month - 1]} {a.year}"
    if a.year == b.year:
        return f"{MONTH_NAMES[a.month - 1]} t/m {MONTH_NAMES[b.month - 1]} {b.year}"
    return f"{MONTH_NAMES[a.month - 1]} {a.year} t/m {MONTH_NAMES[b.month - 1]} {b.year}"


@dataclass
class Comparison:
    """Totals of the report period against another period, with the two-sided p of equal rates."""

    label: str
    period: tuple
    before: float
    after: float
    p: float
    #: why ``before`` is missing ("" when it is there): the data do not cover that period
    missing: str = ""

    @property
    def change(self) -> float:
        return self.after - self.before


@dataclass
class ReportData:
    """The numbers of a report beyond the run (see the module docstring)."""

    period: tuple
    monthly: pd.Series                # month (Period) -> total count over the history
    per_wijk: pd.DataFrame            # wijk_code, wijk, this, last_year (counts)
    comparisons: list = field(default_factory=list)
    data_end: pd.Timestamp | None = None


def spans(frame, kind: str = "incidents") -> tuple[pd.Series, pd.Series]:
    """Per row the first and the last month it covers: an incident's month twice; a count's period from its first
    to its last month (a yearly police figure of 2024: January and December 2024, never January alone)."""
    if kind == "incidents":
        months = pd.to_datetime(frame["start"], errors="coerce").dt.to_period("M")
        return months, months

    def month(p, how: str):
        return p.asfreq("M", how) if isinstance(p, pd.Period) else pd.Period(str(p), "M")

    return frame["period"].map(lambda p: month(p, "start")), frame["period"].map(lambda p: month(p, "end"))


def _fill(monthly: pd.Series) -> pd.Series:
    if not len(monthly):
        return monthly
    idx = pd.period_range(monthly.index.min(), monthly.index.max(), freq="M")
    return monthly.reindex(idx)


def report_data(history, areas, period: tuple, *, kind: str = "incidents") -> ReportData:
    """The monthly totals, the comparisons and the counts per wijk of ``history`` (incidents located in
    ``areas`` with an ``area`` column, or a Counts frame) for ``period`` (first, last month). Only the incidents
    and counts of the areas take part, as on the map and in the tables (the report's headline says those outside
    every area apart): a total with them beside the counted one told a hidden number of them."""
    from hotspots.change.compare import two_poisson_test

    first, last = pd.Period(period[0], "M"), pd.Period(period[1], "M")
    starts, ends = spans(history, kind)
    weight = pd.Series(1.0, index=history.index) if kind == "incidents" else pd.to_numeric(history["count"],
                                                                                          errors="coerce")
    if kind == "incidents":  # those in an area, as the map and the tables count them
        inside = history["area"].notna() if "area" in history else pd.Series(True, index=history.index)
        monthly = _fill(starts[inside].value_counts().sort_index())
        end = pd.to_datetime(history["start"], errors="coerce").max()
    else:  # the counts of the areas per month, of the rows that are one month (a yearly figure is no month's)
        inside = history["code"].astype(str).isin(set(areas["code"].astype(str)))
        one = (inside & (starts == ends)).to_numpy(bool)
        monthly = _fill(weight[one].groupby(starts[one]).sum(min_count=1).sort_index())
        end = None

    def total(a, b) -> float:  # the rows of the areas that lie within months a..b (a yearly figure: its whole year)
        sel = (inside & (starts >= a) & (ends <= b)).to_numpy(bool)
        return float(weight[sel].sum()) if weight[sel].notna().any() else float("nan")

    n = (last - first).n + 1
    comparisons = []
    data_first = starts[inside].min() if inside.any() else None
    data_first = None if pd.isna(data_first) else data_first
    for label, shift in (("dezelfde periode een jaar eerder", 12), ("de periode ervoor", n)):
        a, b = first - shift, last - shift
        before, after = total(a, b), total(first, last)
        missing = ""
        if data_first is None or a < data_first:  # a period the data cover only in part: a sum of it is too low
            before = float("nan")
            missing = f"de gegevens beginnen pas in {month_text(data_first, data_first)}" if data_first is not None \
                else "geen gegevens"
        p = two_poisson_test(before, after) if np.isfinite(before) and np.isfinite(after) else float("nan")
        comparisons.append(Comparison(label, (str(a), str(b)), before, after, p, missing))
    wijk = areas.set_index(areas["code"].astype(str))
    code = history["area" if kind == "incidents" else "code"].astype("string")
    wcode = code.map(wijk["wijk_code"].astype("string").to_dict()) if "wijk_code" in wijk else code
    this = weight[(starts >= first) & (ends <= last)].groupby(wcode).sum()
    prev = weight[(starts >= first - 12) & (ends <= last - 12)].groupby(wcode).sum()
    per_wijk = pd.DataFrame({"this": this, "last_year": prev}).fillna(0.0)
    if data_first is None or first - 12 < data_first:  # the year before is not (fully) in the data
        per_wijk["last_year"] = np.nan
    per_wijk.index.name = "wijk_code"
    return ReportData((str(first), str(last)), monthly, per_wijk.reset_index(), comparisons, end)
