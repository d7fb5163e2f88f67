"""The period a plan is for, and this plan against last month's (which shifts changed and why).

A coordinator plans for a week or a month ahead: :func:`plan_periods` lists the months and
weeks after the data (the first month after the data first), :func:`previous_period` the period
before a given one (the month before a month, the week before a week).

:func:`run` makes the plan for the chosen period and the plan the same settings would have made
for the period before it (learnt from the history up to that period's start), and
:func:`compare` says per shift what happened to it:

- ``blijft``: the same area, day and hours in both plans;
- ``verschoven``: the same area and day, other hours;
- ``nieuw`` / ``vervalt``: only in this plan / only in last month's.

Why: each shift's expected incidents per week under this plan's expectation and under last
month's (:attr:`hotspots.inzet.plan.InzetPlan.expected`, the same areas and week-hours), so the
coordinator reads "nu 1,4 verwacht per week, vorige periode 0,9".

>>> [label for label, _, _ in plan_periods(pd.Timestamp("2017-09-20"), months=2, weeks=1)]
['oktober 2017', 'november 2017', 'week 39: 25-09-2017 t/m 01-10-2017']
>>> previous_period((pd.Timestamp("2017-10-01"), pd.Timestamp("2017-11-01")))
(Timestamp('2017-09-01 00:00:00'), Timestamp('2017-10-01 00:00:00'))
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kernel import nl
from kernel.progress import as_progress

from hotspots.inzet.expect import HOURS_PER_WEEK

#: What :func:`compare` says about a shift, in the order the table lists them.
STATUSES = ("nieuw", "verschoven", "vervalt", "blijft")


def is_month(period: tuple) -> bool:
    """Whether ``period`` is one calendar month (its first day up to the next month's)."""
    t0, t1 = pd.Timestamp(period[0]), pd.Timestamp(period[1])
    return t0 == t0.normalize().replace(day=1) and t1 == t0 + pd.offsets.MonthBegin(1)


def period_label(period: tuple) -> str:
    """``"oktober 2017"`` for a month, else ``"02-10-2017 t/m 08-10-2017"`` (the end day included)."""
    t0, t1 = pd.Timestamp(period[0]), pd.Timestamp(period[1])
    if is_month(period):
        return f"{nl.MONTH_NAMES[t0.month - 1]} {t0.year}"
    return f"{t0:%d-%m-%Y} t/m {t1.ceil('D') - pd.Timedelta(days=1):%d-%m-%Y}"  # an end within a day: that day


def plan_periods(last_day, months: int = 12, weeks: int = 8) -> list[tuple[str, pd.Timestamp, pd.Timestamp]]:
    """``(label, start, end)`` of the months after ``last_day`` (the data's last day), then the weeks
    (Monday to Sunday) from the week after the one holding ``last_day``; ``end`` is not included."""
    last = pd.Timestamp(last_day).normalize()
    first_month = last.replace(day=1) + pd.offsets.MonthBegin(1)
    out = []
    for i in range(months):
        t0 = first_month + pd.offsets.MonthBegin(i) if i else first_month
        t1 = t0 + pd.offsets.MonthBegin(1)
        out.append((period_label((t0, t1)), t0, t1))
    monday = last - pd.Timedelta(days=last.weekday()) + pd.Timedelta(weeks=1)
    for i in range(weeks):
        t0 = monday + pd.Timedelta(weeks=i)
        t1 = t0 + pd.Timedelta(weeks=1)
        out.append((f"week {t0.isocalendar()[1]}: {period_label((t0, t1))}", t0, t1))
    return out


def previous_period(period: tuple) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The month before a month; otherwise the period of the same length just before."""
    t0, t1 = pd.Timestamp(period[0]), pd.Timestamp(period[1])
    if is_month(period):
        return t0 - pd.offsets.MonthBegin(1), t0
    return t0 - (t1 - t0), t0


@dataclass
class Changes:
    """This plan against the previous one: ``table`` (status, shift, area_name, now, before, why) and
    ``counts`` per status; ``previous``: the period compared with."""

    table: pd.DataFrame
    counts: dict
    previous: tuple

    def summary(self) -> str:
        """One Dutch sentence: how many shifts stay, move, come and go."""
        c = self.counts
        return (f"Tegenover het plan voor {period_label(self.previous)}: {c['blijft']} van de diensten blijven, "
                f"{c['verschoven']} verschuiven, {c['nieuw']} zijn nieuw en {c['vervalt']} vervallen.")


def _n(x: float) -> str:
    return nl.number(x, 2)


def _change(now: float, before: float) -> str:
    """`` (+50%)``: the relative change, when there was something before."""
    if before <= 1e-12:
        return ""
    change = now / before - 1
    if round(abs(change) * 100) == 0:
        return " (gelijk)"
    return f" ({'+' if change > 0 else '-'}{abs(change):.0%})"


def _label(row) -> str:
    return f"{row.day} {row.start}-{row.end}"


def _value(expected: np.ndarray, area: int, day: int, start: int, hours: int) -> float:
    t = (24 * day + start + np.arange(hours)) % HOURS_PER_WEEK
    return float(np.asarray(expected)[area, t].sum())


def compare(plan, previous, previous_period_: tuple) -> Changes:
    """Which shifts of ``plan`` are new, moved, kept or dropped against ``previous``, and why (see the module doc).

    Both plans have the same areas (``area_codes``) and shift length.
    """
    index = {c: i for i, c in enumerate(plan.area_codes)}
    now, before = plan.expected, previous.expected
    a_rows = {(r.area, r.day_index, r.start_hour): r for r in plan.shifts.itertuples()}
    b_rows = {(r.area, r.day_index, r.start_hour): r for r in previous.shifts.itertuples()}
    kept = set(a_rows) & set(b_rows)
    only_a = sorted(set(a_rows) - kept, key=lambda k: (k[1], k[2], k[0]))
    only_b = sorted(set(b_rows) - kept, key=lambda k: (k[1], k[2], k[0]))
    moved = []
    for ka in list(only_a):
        kb = next((kb for kb in only_b if kb[:2] == ka[:2]), None)
        if kb is not None:
            moved.append((ka, kb))
            only_a.remove(ka), only_b.remove(kb)
    prev = period_label(previous_period_)

    def values(key, hours):
        a = index[key[0]]
        return _value(now, a, key[1], key[2], hours), _value(before, a, key[1], key[2], hours)

    rows = []
    for ka in only_a:
        r = a_rows[ka]
        n, b = values(ka, r.hours)
        why = f"nu {_n(n)} verwacht per week in dit blok, in {prev} {_n(b)}{_change(n, b)}: nu een van de drukste."
        rows.append(("nieuw", _label(r), r.area_name, n, b, why))
    for ka, kb in moved:
        r, q = a_rows[ka], b_rows[kb]
        n, _ = values(ka, r.hours)
        n_old, _ = values(kb, q.hours)
        why = (f"was {q.start}-{q.end}; nu {_n(n)} verwacht per week in {r.start}-{r.end} "
               f"tegen {_n(n_old)} in {q.start}-{q.end}.")
        rows.append(("verschoven", _label(r), r.area_name, n, n_old, why))
    for kb in only_b:
        q = b_rows[kb]
        n, b = values(kb, q.hours)
        why = f"nu {_n(n)} verwacht per week in dit blok, in {prev} {_n(b)}{_change(n, b)}: de nieuwe diensten dekken meer."
        rows.append(("vervalt", _label(q), q.area_name, n, b, why))
    for ka in sorted(kept, key=lambda k: (k[1], k[2], k[0])):
        r = a_rows[ka]
        n, b = values(ka, r.hours)
        rows.append(("blijft", _label(r), r.area_name, n, b,
                     f"nog steeds een van de drukste blokken ({_n(n)} verwacht per week, in {prev} {_n(b)})."))
    table = pd.DataFrame(rows, columns=["status", "shift", "area_name", "now", "before", "why"])
    counts = {s: int((table["status"] == s).sum()) for s in STATUSES}
    return Changes(table=table, counts=counts, previous=tuple(previous_period_))


def run(areas, incidents, params: dict | None = None, progress=None, cancelled=None, *, target: tuple,
        history_from=None, history_to=None, hotspot_result=None):
    """The plan for ``target`` and, beside it, the plan for the period before (:func:`previous_period`,
    learnt from the history up to its start), compared (:func:`compare`).

    Returns the plan (:class:`hotspots.inzet.plan.InzetPlan`) with ``changes`` set (None when there is
    no history before the previous period).
    """
    from hotspots.inzet import plan as inzet
    from kernel.errors import AnalysisError

    prog = as_progress(progress, cancelled)
    t0, t1 = pd.Timestamp(target[0]), pd.Timestamp(target[1])
    plan = inzet.run(areas, incidents, params, progress=prog.slice(0.0, 0.6), cancelled=cancelled,
                     history_from=history_from, history_to=history_to, target_from=t0, target_to=t1,
                     hotspot_result=hotspot_result)
    before = previous_period((t0, t1))
    end = before[0] if history_to is None else min(pd.Timestamp(history_to), before[0])
    try:
        previous = inzet.run(areas, incidents, params, progress=prog.slice(0.6, 1.0), cancelled=cancelled,
                             history_from=history_from, history_to=end, target_from=before[0], target_to=before[1],
                             hotspot_result=pd.DataFrame())  # the Gi* quote is not compared
    except AnalysisError as exc:
        plan.changes = None
        plan.notes.append(f"Geen vergelijking met {period_label(before)}: {nl.clause(exc.message)}.")
        return plan
    plan.changes = compare(plan, previous, before)
    return plan
