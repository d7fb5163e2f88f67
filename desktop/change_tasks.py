"""The worker's functions for the officer's questions: development over time, period against period,
hot times (the Ontwikkeling and Tijden views). Part of the door of :mod:`desktop.tasks`, kept apart
for its size; no Qt.

Every number comes from :mod:`hotspots.change` (``run_trends``, ``compare_periods``: what
``wijkbeeld trends --compare`` prints) and :mod:`hotspots.when.hottimes` (``run_hottimes``); these
functions only choose the data (source, level, period, category) and name the areas.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.strings import tr
from desktop.tasks import filter_incidents
from kernel.progress import as_progress

#: The levels the Ontwikkeling view offers, finest first.
LEVELS = ("buurt", "wijk", "gemeente")


@dataclass
class AreaNames:
    """The areas at one level: ``names`` (code -> name) and ``members`` (code -> the project's area codes in it)."""

    level: str
    names: dict
    members: dict

    def name(self, code) -> str:
        return str(self.names.get(str(code)) or code)


def _area_parent(areas, level: str):
    """Each of ``areas``'s codes at ``level`` (:func:`hotspots.levels.parent_codes`; its own at its level)."""
    from hotspots.levels import parent_codes

    return parent_codes(areas, level)


def area_names(areas, outlines=None, level: str = "buurt") -> AreaNames:
    """The names and members of the areas at ``level`` (wijk names from ``outlines``, the project's
    wijken layer; gemeente names from the areas' ``gemeente_name``)."""
    if areas is None:
        return AreaNames(level, {}, {})
    import pandas as pd

    parent = _area_parent(areas, level)
    members: dict = {}
    known = parent.notna().to_numpy()  # not None, NaN or pd.NA (a string column of pandas 3): a parent
    for code, own in zip(parent[known].astype(str).tolist(), areas["code"].astype(str)[known].tolist()):
        members.setdefault(code, []).append(own)
    names: dict = {}
    if level == "buurt" and "name" in areas:
        names = dict(zip(areas["code"].astype(str), areas["name"]))
    elif level == "wijk" and outlines is not None and "name" in outlines:
        names = dict(zip(outlines["code"].astype(str), outlines["name"]))
    elif level == "gemeente" and "gemeente_name" in areas:
        names = dict(zip(parent.astype(str), areas["gemeente_name"]))
    filled = pd.notna(pd.Series(list(names.values()), dtype=object)).tolist()  # at once, not per name
    names = {str(k): str(v) for (k, v), ok in zip(names.items(), filled) if ok and str(k) in members}
    return AreaNames(level, names, members)


def population(areas, level: str) -> dict:
    """Inhabitants per area at ``level`` (the sum over its buurten where each has a number); {} without them."""
    if areas is None or "population" not in areas:
        return {}
    import pandas as pd

    pop = pd.to_numeric(areas["population"], errors="coerce")
    frame = pd.DataFrame({"code": _area_parent(areas, level).astype(str).to_numpy(), "pop": pop.to_numpy()})
    sums = frame.groupby("code")["pop"].sum(min_count=1)
    known = frame.groupby("code")["pop"].apply(lambda v: v.notna().all())
    return {c: float(v) for c, v in sums.items() if known[c] and v == v and v > 0}


def figures_at(incidents, counts, areas, level: str, category=None):
    """``{"incidents": ...}`` or ``{"counts": ...}`` at ``level``, as run_trends and compare_periods take them.

    Incidents keep their rows; their ``area`` becomes the code of the area at ``level`` that holds
    it. Without a category ("alle categorieën") an officer's own registrations of several categories are one
    series per area, as the map counts them (the core would test each category apart, and the views show one
    line and one row per area). Counts are passed whole (the core takes the rows of one level: its ``level``
    parameter; police categories are never added up).
    """
    if incidents is not None:
        inc = filter_incidents(incidents, category=category)
        if category is None and "category" in inc and inc["category"].nunique(dropna=True) > 1:
            inc = inc.assign(category="alle categorieën")
        if level != "buurt" and areas is not None and "area" in inc:
            from hotspots.levels import incidents_at

            inc = incidents_at(inc, areas, level)
        return {"incidents": inc}
    from desktop.overview import filter_counts

    return {"counts": counts_with_level(filter_counts(counts, category=category) if category else counts,
                                        areas, level)}


def counts_with_level(counts, areas, level: str):
    """``counts`` with rows at ``level`` for the trend core (it takes the rows of one level): the table's own
    (a police table holds gemeente, wijk and buurt rows side by side), else, for a table of buurten alone,
    their rows added up per area at ``level``, month and category (:func:`hotspots.levels.counts_at`; never
    two levels or two categories added together). Without such a sum the gemeente line of Ontwikkeling
    failed ("Geen maandcijfers over") on every police export without its total rows."""
    import pandas as pd

    from hotspots.levels import counts_at, level_of, parent_codes
    from kernel.cbs import at_level
    from kernel.errors import AnalysisError

    if counts is None or areas is None or level_of(areas) == level or at_level(counts["code"], level).any():
        return counts
    coarser = pd.DataFrame({"code": pd.unique(parent_codes(areas, level).dropna()), "level": level})
    try:
        return counts_at(counts, coarser, level, finer=areas)[0]
    except AnalysisError:  # no rows of the areas either: the core says what is missing
        return counts


def month_text(month: str) -> str:
    """``"2016-09"`` -> ``"september 2016"``."""
    from kernel.nl import MONTH_NAMES

    year, number = str(month)[:7].split("-")
    return f"{MONTH_NAMES[int(number) - 1]} {year}"


def shift_months(month: str, n: int) -> str:
    """``"2016-03"`` moved ``n`` months (``-12``: a year earlier)."""
    import pandas as pd

    return str(pd.Period(month, "M") + n)


@dataclass
class Development:
    """What the Ontwikkeling view shows (one source, one level, one period)."""

    source: str                 # "incidents" or "counts"
    areas: AreaNames
    period: tuple               # (first, last) month of the period chosen (within the data)
    compared: tuple             # the months of the year-on-year table (at most the period's last twelve)
    previous: tuple             # the same months a year earlier
    series: dict                # code -> DataFrame(month, count, prev_year, expected, lower, upper, flag), in the period
    shown: list                 # the codes of ``series`` in order: the selected areas, then the gemeente
    table: Any                  # compare_periods' table (+ name, percent), every area at the level
    signals: Any                # run_trends' months flagged "hoog" (+ name), newest first
    trend: Any = None           # run_trends' seasonal Mann-Kendall test per area over the whole history (+ name)
    span: tuple = (None, None)  # the first and last month of the data
    partial: str | None = None  # the last month, when the data end inside it
    data_end: str | None = None  # the last day with data ("20-09-2017")
    notes: list = field(default_factory=list)
    sparks: dict = field(default_factory=dict)  # the signals' sparklines (desktop.sparklines.spark_series)


def _with_names(table, names: AreaNames):
    out = table.copy()
    out.insert(1, "name", [names.name(c) for c in out["code"]])
    return out


def compare_table(incidents=None, counts=None, areas=None, outlines=None, *, level: str = "buurt",
                  before: tuple, after: tuple, category=None, alpha: float = 0.05, progress=None,
                  cancelled=None):
    """:func:`hotspots.change.compare.compare_periods` for every area at ``level`` (as ``wijkbeeld trends
    --compare`` computes it), with the areas' names and the change in % (from the core's rate ratio)."""
    from hotspots.change.compare import compare_periods

    names = area_names(areas, outlines, level)
    data = figures_at(incidents, counts, areas, level, category)
    kw = {"level": level} if "counts" in data else {}
    result = compare_periods(**data, before=tuple(before), after=tuple(after), alpha=alpha,
                             names=names.names or None, progress=progress, cancelled=cancelled, **kw)
    table = _with_names(result.table, names)
    table["percent"] = (table["rate_ratio"] - 1.0) * 100.0
    inhabitants = table["code"].astype(str).map(population(areas, level)).astype(float)
    table["per_1000_before"] = table["before"] / inhabitants * 1000.0  # NaN where the population is unknown
    table["per_1000_after"] = table["after"] / inhabitants * 1000.0
    return table.sort_values(["p_fdr", "change"], ascending=[True, False], kind="stable").reset_index(drop=True), \
        list(result.notes)


def _month_bounds(data) -> tuple:
    """The first and last month of the figures, and the last moment with data (incidents only)."""
    import pandas as pd

    from mapping.report.context import spans

    if "incidents" in data:
        start = data["incidents"]["start"].dropna()
        return str(start.min().to_period("M")), str(start.max().to_period("M")), start.max()
    periods = pd.DataFrame({"period": data["counts"]["period"].unique()})
    first, last = spans(periods, "counts")  # a yearly figure covers January to December (the report's rule)
    return str(first.min()), str(last.max()), None


def partial_month(latest, last: str) -> str | None:
    """``last`` (a month, "2017-09") when the data end inside it: ``latest`` (their last moment) more than three
    days before its end (the core's rule, :mod:`hotspots.change.trends`); None when it is whole or unknown."""
    import pandas as pd

    if latest is None or pd.isna(latest):
        return None
    month = pd.Period(last, "M")
    return str(month) if pd.Timestamp(latest) < month.end_time - pd.Timedelta(days=3) else None


def development(incidents=None, counts=None, areas=None, outlines=None, *, level: str = "buurt",
                selected=(), period=(None, None), category=None, alpha: float = 0.05, progress=None,
                cancelled=None) -> Development:
    """The monthly series of the ``selected`` areas and the gemeente over the whole history (so that the
    same months of the previous year are always there), cut to ``period``; the year-on-year table of every
    area at ``level``; the early-warning months, newest first. ``incidents`` win over ``counts``."""
    import pandas as pd

    from hotspots.change.trends import check_period, run_trends

    p = as_progress(progress, cancelled)
    source = "incidents" if incidents is not None else "counts"
    names = area_names(areas, outlines, level)
    data = figures_at(incidents, counts, areas, level, category)
    first, last, latest = _month_bounds(data)
    # a period without any month of the data is refused as by `wijkbeeld trends` (else: no series, "2020-01 t/m
    # 2017-09" as heading, and the signals of the whole history)
    check_period(period[0], period[1], first, last, "incidenten" if source == "incidents" else "tellingen")
    start, end = period[0] or first, period[1] or last
    start, end = max(start, first), min(end, last)
    notes = []
    partial = data_end = None
    if latest is not None:
        data_end = f"{latest:%d-%m-%Y}"
        partial = end if partial_month(latest, last) == end else None
    # the year-on-year table: the period's last twelve months at most (a longer period would overlap the
    # year before it), without a partial last month, and not before the data have a year earlier
    cmp_end = shift_months(end, -1) if partial else end
    if partial:
        notes.append(tr("dev.partial_left_out", month=month_text(partial), day=data_end))
    cmp_start = max(start, shift_months(cmp_end, -11))
    if cmp_start > start:
        notes.append(tr("dev.last_year_only", start=month_text(cmp_start), end=month_text(cmp_end)))
    if shift_months(cmp_start, -12) < first:  # no year earlier for the first months: the comparison starts later
        cmp_start = shift_months(first, 12)
        notes.append(tr("dev.no_previous", first=month_text(first), start=month_text(cmp_start)))
    p(0.05, tr("dev.working"))
    kw = {"level": level} if source == "counts" else {}
    areas_kw = {"areas": areas} if source == "incidents" and level == "buurt" and areas is not None else {}
    trends = run_trends(**data, params={"alpha": alpha, **kw}, progress=p.slice(0.05, 0.45), **areas_kw)
    gemeente_data = figures_at(incidents, counts, areas, "gemeente", category)
    gm = run_trends(**gemeente_data, params={"level": "gemeente"} if source == "counts" else None,
                    progress=p.slice(0.45, 0.6))
    gm_names = area_names(areas, outlines, "gemeente")
    wanted = [c for c in codes_at(selected, areas, level) if c][:4]
    cols = ["month", "count", "prev_year", "expected", "lower", "upper", "flag"]
    series, shown = {}, []
    months = (pd.Period(start, "M"), pd.Period(end, "M"))
    for frame, codes, at in ((trends.series, wanted, names), (gm.series, sorted(gm.series["code"].unique()), gm_names)):
        for code in codes:
            s = frame[frame["code"].astype(str) == str(code)]
            s = s[(s["month"] >= months[0]) & (s["month"] <= months[1])][cols].reset_index(drop=True)
            if len(s) and str(code) not in series:
                series[str(code)] = s
                shown.append(str(code))
                names.names.setdefault(str(code), at.name(code))
    table = None
    if cmp_start <= cmp_end:
        table, cmp_notes = compare_table(incidents, counts, areas, outlines, level=level,
                                         before=(shift_months(cmp_start, -12), shift_months(cmp_end, -12)),
                                         after=(cmp_start, cmp_end), category=category, alpha=alpha,
                                         progress=p.slice(0.6, 0.95))
        notes += cmp_notes
    trend = _with_names(trends.tests[["code", "direction", "slope", "tau", "p", "p_fdr", "n"]], names)
    trend = trend.sort_values(["p_fdr", "code"], kind="stable", na_position="last").reset_index(drop=True)
    flagged = trends.series[trends.series["flag"] == "hoog"]
    signals = _with_names(flagged[["code", "month", "count", "expected", "lower", "upper", "p_high"]], names)
    signals = signals.sort_values(["month", "count"], ascending=[False, False], kind="stable").reset_index(drop=True)
    from desktop.sparklines import spark_series

    sparks = spark_series(trends.series, signals)
    p(1.0, tr("core.done"))
    return Development(source, names, (start, end), (cmp_start, cmp_end),
                       (shift_months(cmp_start, -12), shift_months(cmp_end, -12)), series, shown, table, signals,
                       trend, (first, last), partial, data_end, notes, sparks)


def codes_at(codes, areas, level: str) -> list:
    """The project's area ``codes`` as codes at ``level`` (a buurt's wijk; codes at the level stay), once each."""
    if level == "buurt" or areas is None:
        return list(dict.fromkeys(str(c) for c in codes))
    parent = dict(zip(areas["code"].astype(str), _area_parent(areas, level).astype(str)))
    return list(dict.fromkeys(parent.get(str(c), str(c)) for c in codes))


@dataclass
class HotTimes:
    """:func:`hotspots.when.hottimes.run_hottimes` for the window: the matrices (7 x 24, Monday first), the
    blocks as the core lists them, the temporal signature and a title."""

    title: str
    matrix: Any
    expected: Any
    p_fdr: Any
    hot: Any
    blocks: list
    signature: dict
    notes: list = field(default_factory=list)
    rows: list = field(default_factory=list)   # per area and hot-spot group (desktop.times_tasks)
    calendar: Any = None                       # hotspots.when.calendar.CalendarResult (desktop.times_tasks)
    busiest: list = field(default_factory=list)
    date_only: bool = False                    # dates without times: no hour can be tested (the core says so)


def hot_times(incidents, areas=None, *, codes=(), level: str = "buurt", title: str = "",
              period=(None, None), category=None, progress=None, cancelled=None) -> HotTimes:
    """Hot times of the incidents in ``codes`` (areas at ``level``; none: all) within ``period``."""
    from hotspots.when.hottimes import run_hottimes

    inc = filter_incidents(incidents, period[0], period[1], category)
    if codes:
        inc = figures_at(inc, None, areas, level)["incidents"]
        inc = inc[inc["area"].astype("string").isin([str(c) for c in codes])]
    result = run_hottimes(inc, progress=progress, cancelled=cancelled)
    return HotTimes(title, result.matrix, result.expected, result.p_fdr, result.hot, result.hot_blocks,
                    result.signature, list(result.warnings) + list(result.notes),
                    date_only=bool(result.test.get("date_only")))
