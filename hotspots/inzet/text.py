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

from hotspots.inzet import optimise as inzet_opt
from kernel import nl

#: How a missing figure (None or NaN) reads.
MISSING = "–"


def _pct(share) -> str:
    return nl.percent(share) or MISSING


def _num(x, digits: int = 1) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return MISSING
    return nl.number(x, digits)


def figures(plan) -> list[str]:
    """The coverage figures of ``plan`` (an :class:`hotspots.inzet.plan.InzetPlan`) as Dutch sentences.

    Coverage against the untargeted plan with the same hours, the greedy choice
    (its shortfall relative to the plan's coverage, ``greedy["gap"]``) and the
    solver (:func:`hotspots.inzet.optimise.proof`: why it stopped when not proven
    optimal); with an evaluation period also hit rate and PAI.
    """
    proof = inzet_opt.proof(plan.solver["optimal"], plan.solver.get("status", ""))
    lines = [f"Dekking: {_pct(plan.coverage)} van de verwachte incidenten; ongerichte inzet met dezelfde uren: "
             f"{_pct(plan.coverage_uniform)}.",
             f"Snelle benadering (steeds de dienst die het meest toevoegt): {_pct(plan.greedy['coverage'])}, "
             f"{_pct(plan.greedy['gap'])} minder dan dit plan. Rekentijd {_num(plan.solver['seconds'])} s, {proof}."]
    ev = plan.evaluation
    if ev:
        lines.append(f"Terugblik {ev['period'][0]} tot {ev['period'][1]}: trefkans {_pct(ev['hit_rate'])} "
                     f"(ongericht {_pct(ev.get('hit_rate_uniform'))}), PAI {_num(ev['pai'])}.")
    return lines


def warning_lines(plan) -> list[str]:
    """One ``Let op: ...`` line per warning of the plan."""
    return [f"Let op: {w}" for w in plan.warnings]


def report(plan) -> list[str]:
    """The whole plan as lines of text: header, the reason per shift (indented), figures, warnings."""
    lines = [f"Weekrooster: {len(plan.shifts)} diensten van {plan.params['shift_hours']} uur"]
    lines += [f"  {reason}" for reason in plan.shifts["reason"]]
    return lines + figures(plan) + warning_lines(plan)
