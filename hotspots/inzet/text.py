"""The plain-Dutch text that explains a plan: one place for the Inzet tab and ``wijkbeeld inzet``.

:func:`figures` gives the coverage figures (two lines, a third with a look-back),
:func:`warning_lines` the warnings, and :func:`report` the whole text the
command line prints (header, one reason per shift, figures, warnings).
Numbers are Dutch (:mod:`kernel.nl`); a missing figure reads ``–``.

>>> from types import SimpleNamespace
>>> plan = SimpleNamespace(coverage=0.4213, coverage_uniform=0.05, greedy={"coverage": 0.41, "gap": 0.0269},
...                        solver={"optimal": True, "seconds": 0.123}, evaluation=None)
>>> print("\\n".join(figures(plan)))
Dekking: 42,1% van de verwachte incidenten; ongerichte inzet met dezelfde uren: 5,0%.
Snelle benadering (steeds de dienst die het meest toevoegt): 41,0%, 2,7% minder dan dit plan. Rekentijd 0,1 s, bewezen optimaal.
>>> plan.evaluation = {"period": ["2024-02-06", "2024-02-27"], "hit_rate": 5 / 11, "pai": 1.818,
...                    "hit_rate_uniform": None}
>>> figures(plan)[-1]
'Terugblik 2024-02-06 tot 2024-02-27: trefkans 45,5% (ongericht –), PAI 1,8.'
"""
from __future__ import annotations

import math

import pandas as pd

from hotspots.inzet import optimise as inzet_opt
from kernel import nl

#: How a missing figure (None or NaN) reads.
MISSING = "–"


def _pct(share, digits: int = 1) -> str:
    return nl.percent(share, digits) or MISSING


def _num(x, digits: int = 1) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return MISSING
    return nl.number(x, digits)


def few_incidents(plan, threshold: int | None, *, lookback: bool = True) -> bool:
    """True when ``threshold`` is set (the exports' ``--suppress-below``) and the plan's history, or with
    ``lookback`` its Terugblik, holds fewer incidents than it (or an unknown number): the bounds of its periods
    may then be the days of single incidents (the history starts on the first incident's day, a period without a
    chosen end ends with the last incident's day, the four weeks planned after the data start the day after it),
    so they are given in months."""
    if threshold is None:
        return False
    counts = [(getattr(plan, "history_counts", None) or {}).get("total")]
    if lookback and getattr(plan, "evaluation", None):
        counts.append(plan.evaluation.get("incidents"))
    return any(n is None or n < threshold for n in counts)


def months(first, end) -> tuple[str, str]:
    """The first and last month (``"2017-08"``) of the period from ``first`` up to ``end`` (not included)."""
    return f"{pd.Timestamp(first):%Y-%m}", f"{pd.Timestamp(end) - pd.Timedelta(seconds=1):%Y-%m}"


def lookback_period(plan, threshold: int | None = None) -> str:
    """The period of the plan's Terugblik (its evaluation): ``"2024-02-06 tot 2024-02-27"``. With a ``threshold``
    (the exports' ``--suppress-below``) and fewer incidents than it in the history or in the Terugblik
    (:func:`few_incidents`), in months (``"2024-02 t/m 2024-02"``).

    >>> from types import SimpleNamespace
    >>> plan = SimpleNamespace(evaluation={"period": ["2017-08-01", "2017-09-20"], "incidents": 2.0},
    ...                        target=(pd.Timestamp("2017-08-01"), pd.Timestamp("2017-09-20")),
    ...                        history_counts={"total": 40.0})
    >>> lookback_period(plan), lookback_period(plan, 5), lookback_period(plan, 2)
    ('2017-08-01 tot 2017-09-20', '2017-08 t/m 2017-09', '2017-08-01 tot 2017-09-20')
    """
    p0, p1 = plan.evaluation["period"]
    if not few_incidents(plan, threshold):
        return f"{p0} tot {p1}"
    target = getattr(plan, "target", None)  # the evaluation's exact end (not included)
    return "{} t/m {}".format(*months(p0, target[1] if target is not None else p1))


def plan_period(plan, threshold: int | None = None) -> str:
    """What the plan is for, or the days its Terugblik looked at: ``"oktober 2017"``, ``"01-08-2017 t/m
    19-09-2017"`` (:func:`hotspots.inzet.changes.period_label`); with a ``threshold`` and few incidents
    (:func:`few_incidents`) in months, ``"2017-08 t/m 2017-09"``.

    >>> from types import SimpleNamespace
    >>> plan = SimpleNamespace(evaluation=None, target=(pd.Timestamp("2017-09-20"), pd.Timestamp("2017-10-18")),
    ...                        history_counts={"total": 3.0})
    >>> plan_period(plan), plan_period(plan, 5)
    ('20-09-2017 t/m 17-10-2017', '2017-09 t/m 2017-10')
    """
    from hotspots.inzet.changes import period_label

    if few_incidents(plan, threshold, lookback=bool(plan.evaluation)):
        return "{} t/m {}".format(*months(*plan.target))
    return period_label(plan.target)


def figures(plan, threshold: int | None = None) -> list[str]:
    """The coverage figures of ``plan`` (an :class:`hotspots.inzet.plan.InzetPlan`) as Dutch sentences.

    Coverage against the untargeted plan with the same hours, the greedy choice
    (its shortfall relative to the plan's coverage, ``greedy["gap"]``) and the
    solver (:func:`hotspots.inzet.optimise.proof`: why it stopped when not proven
    optimal); with an evaluation period also hit rate and PAI (the period as
    :func:`lookback_period` gives it under ``threshold``).
    """
    proof = inzet_opt.proof(plan.solver["optimal"], plan.solver.get("status", ""))
    lines = [f"Dekking: {_pct(plan.coverage)} van de verwachte incidenten; ongerichte inzet met dezelfde uren: "
             f"{_pct(plan.coverage_uniform)}.",
             f"Snelle benadering (steeds de dienst die het meest toevoegt): {_pct(plan.greedy['coverage'])}, "
             f"{_pct(plan.greedy['gap'])} minder dan dit plan. Rekentijd {_num(plan.solver['seconds'])} s, {proof}."]
    ev = plan.evaluation
    if ev:
        lines.append(f"Terugblik {lookback_period(plan, threshold)}: trefkans {_pct(ev['hit_rate'])} "
                     f"(ongericht {_pct(ev.get('hit_rate_uniform'))}), PAI {_num(ev['pai'])}.")
    return lines


def warning_lines(plan) -> list[str]:
    """One ``Let op: ...`` line per warning of the plan."""
    return [f"Let op: {w}" for w in plan.warnings]


def report(plan, threshold: int | None = None) -> list[str]:
    """The whole plan as lines of text: header, the reason per shift (indented), figures (under ``threshold``,
    :func:`figures`), warnings."""
    lines = [f"Weekrooster: {len(plan.shifts)} diensten van {plan.params['shift_hours']} uur"]
    lines += [f"  {reason}" for reason in plan.shifts["reason"]]
    return lines + figures(plan, threshold) + warning_lines(plan)


# -- the coordinator's words (the Inzet tab; no method names: those are in method_lines) -----------------
def _period(plan) -> str:
    from hotspots.inzet.changes import period_label

    return period_label(plan.target) if plan.target is not None else "de komende weken"


def covers(plan) -> str:
    """What the plan covers, in one paragraph: for when, how many shifts, learnt from what, and how much
    of what is expected falls inside the shifts (against the same hours spread evenly)."""
    p, what = plan.params, getattr(plan, "what", "incidenten")
    h0, h1 = plan.history
    return (f"Plan voor {_period(plan)}: {len(plan.shifts)} diensten van {p['shift_hours']} uur per week, "
            f"geleerd van de {what} van {h0:%d-%m-%Y} t/m {h1 - pd.Timedelta(days=1):%d-%m-%Y}. "
            f"De diensten vallen op de plekken en tijden waar naar verwachting {_pct(plan.coverage)} van alle "
            f"{what} gebeurt: ongeveer {_num(plan.expected_covered)} per week. Dezelfde uren gelijk over "
            f"de gemeente verdeeld zouden {_pct(plan.coverage_uniform)} dekken.")


def how_sure(plan, level: float = 0.9) -> str:
    """How sure: what the choice rests on (the history's incidents in the chosen blocks) and the range of
    the number inside the shifts over the planned period if the pattern repeats (Poisson, ``level``)."""
    from scipy.stats import poisson

    what = getattr(plan, "what", "incidenten")
    t0, t1 = plan.target if plan.target is not None else (None, None)
    weeks = (t1 - t0) / pd.Timedelta(weeks=1) if t0 is not None else 4.0
    mu = plan.expected_covered * weeks
    lo, hi = (int(poisson.ppf((1 - level) / 2, mu)), int(poisson.ppf((1 + level) / 2, mu))) if mu > 0 else (0, 0)
    base = getattr(plan, "history_counts", None) or {}
    text = ""
    if base:
        text = (f"De keuze rust op {nl.number(base['total'], 0, thousands=True)} {what} in de historie, waarvan "
                f"{nl.number(base['covered'], 0, thousands=True)} op deze plekken en tijden. ")
    return text + (f"Als het patroon zich herhaalt, vallen er in {_period(plan)} ongeveer {_num(mu, 0)} {what} "
                   f"binnen de diensten (in {level:.0%} van de gevallen tussen {lo} en {hi}: toeval van "
                   "periode tot periode).")


def lookback_rows(plan) -> list[tuple[str, str, str]]:
    """The Terugblik table: per plan (ours and the naive ones, :func:`hotspots.inzet.evaluate.baselines`)
    its label, the share of what happened that fell inside its shifts, and that share against the plan
    chosen in hindsight."""
    ev = plan.evaluation or {}
    return [(b["label"], _pct(b["hit_rate"]), _pct(b["of_hindsight"], 0) if b["key"] != "hindsight" else "100%")
            for b in ev.get("baselines", [])]


def lookback_intro(plan) -> str:
    """What the Terugblik compares, in words."""
    ev, what = plan.evaluation or {}, getattr(plan, "what", "incidenten")
    if not ev:
        return ""
    h0, h1 = plan.history
    e0, e1 = (pd.Timestamp(t) for t in ev["period"])
    return (f"Geleerd van {h0:%d-%m-%Y} t/m {h1 - pd.Timedelta(days=1):%d-%m-%Y}, getoetst op "
            f"{e0:%d-%m-%Y} t/m {e1 - pd.Timedelta(days=1):%d-%m-%Y} ({_num(ev['incidents'], 0)} {what}). "
            "Elk plan heeft hetzelfde aantal diensten en dezelfde regels; de tabel geeft welk deel van wat "
            "toen gebeurde binnen de diensten viel.")


def method_lines(plan) -> list[str]:
    """'Hoe is dit gekozen?': the method in plain words, then the notes of the run (the technical terms
    named and explained here, not in the tab)."""
    proof_ = inzet_opt.proof(plan.solver["optimal"], plan.solver.get("status", ""))
    lines = [
        "Wat het plan verwacht: per gebied en per uur van de week het aantal incidenten dat er gemiddeld "
        "gebeurt, geleerd uit de historie. Een incident met een ruim pleegtijdvak telt verdeeld over de "
        "uren waarin het kan zijn gebeurd (aoristisch, Ratcliffe 2002). Gebieden met weinig incidenten "
        "krijgen een weekpatroon dat naar dat van de hele gemeente is getrokken (empirisch Bayes).",
        "Seizoen: de maanden van de historie die dicht bij de planperiode liggen tellen zwaarder mee.",
        "Welke diensten: van alle mogelijke diensten (gebied, dag, begintijd) kiest het programma de "
        "combinatie die samen het meeste dekt, binnen de regels (aantal diensten, inzettijden, hoogstens "
        f"zoveel diensten per gebied). Dat is exact uitgerekend (HiGHS), {proof_}. Een uur van een gebied "
        "telt maar één keer, ook als twee diensten het raken.",
        f"Ter controle: steeds de dienst erbij nemen die het meest toevoegt dekt {_pct(plan.greedy['coverage'])} "
        f"(dit plan {_pct(plan.coverage)}).",
        "Terugblik: het plan leert van de weken vóór de terugblik en wordt getoetst op wat daarna gebeurde. "
        "Beschreven als het deel van de incidenten binnen de diensten (in de literatuur 'hit rate') en als "
        "hoeveel meer incidenten per vierkante meter de geplande gebieden hebben dan de hele gemeente "
        "(Prediction Accuracy Index, Chainey, Tompson & Uhlig 2008).",
    ]
    return lines + list(plan.notes) + [f"Let op: {w}" for w in plan.warnings]
