"""Inzetplanner: a weekly BOA deployment plan from hot spots x hot times.

Given the capacity a handhaving coordinator has (``S`` shifts of ``L`` hours a
week, working hours, allowed areas, category weights, a spread rule), choose
the shifts (area, day, start, end) that cover the most expected weighted
incidents, and say per shift why. Focused presence at hot spots in hot times
is what the evidence supports (Braga et al. 2019, Campbell systematic review
of hot spots policing); this module only makes the choice explicit and
checkable.

Steps (``run``):

1. expected weighted incidents per area x week-hour (:mod:`hotspots.inzet.expect`);
2. candidate shifts and the exact choice by integer programming, plus the
   greedy choice for comparison (:mod:`hotspots.inzet.optimise`);
3. per shift a Dutch sentence, the weekly rooster, the coverage
   ``sum covered E / sum E`` against an untargeted plan of the same size
   spread evenly over the allowed area-hours,

   .. math:: C_{uniform} = \\min\\Big(1, \\frac{S L}{A_{allowed} H_{allowed}}\\Big)
             \\frac{\\sum_{allowed} E}{\\sum E}

   (the expected coverage of shifts placed at random, Chainey 2008's "random
   patrol" baseline);
4. with an evaluation period: hit rate and PAI (:mod:`hotspots.inzet.evaluate`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kernel.errors import AnalysisError, WijkbeeldError
from kernel.progress import as_progress
from kernel.schema import check_areas, check_incidents

from hotspots.inzet import evaluate as inzet_eval
from hotspots.inzet import optimise as inzet_opt
from kernel import nl
from hotspots.where import guards
from hotspots.where.assign import area_codes
from hotspots.categories import match_categories
from hotspots.inzet.expect import HOURS_PER_WEEK, expected_incidents
from hotspots.inzet.inputs import _codes, parse_days, parse_hours, parse_weights
from kernel.nl import DAGDELEN, DAY_NAMES
from hotspots.inzet.methods import INZET

DAYS = DAY_NAMES

METHOD = INZET  # the declaration lives in hotspots.inzet.methods (light: the form and --help)


# -- the result ------------------------------------------------------------------------------------
@dataclass
class InzetPlan:
    """A weekly plan with its justification and checks.

    ``shifts``: DataFrame (day, day_index, start, end, start_hour, hours, area,
    area_name, expected, share_area, gi_label, reason); ``coverage`` and
    ``coverage_uniform``: shares of all expected weighted incidents;
    ``greedy``: the greedy plan's coverage and shortfall; ``solver``: method,
    seconds, proven optimal; ``evaluation``: hit rate and PAI (or None);
    ``codes``: the planned areas (for a map to highlight); ``areas``: every
    area with ``shifts`` and ``expected_covered`` (and ``gi_class``) for a map layer.
    """

    shifts: pd.DataFrame
    coverage: float
    coverage_uniform: float
    expected_total: float
    expected_covered: float
    greedy: dict
    solver: dict
    params: dict
    history: tuple
    notes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    evaluation: dict | None = None
    codes: list = field(default_factory=list)  # codes of the planned areas (with at least one shift)
    area_codes: list = field(default_factory=list)  # every area, the rows of ``covered`` and ``expected``
    covered: np.ndarray | None = None  # bool (areas, 168)
    expected: np.ndarray | None = None  # (areas, 168) per week
    areas: object = None  # GeoDataFrame of the areas (code, name, geometry, shifts)
    target: tuple | None = None  # the period planned (or evaluated): (start, end), end not included
    changes: object = None  # hotspots.inzet.changes.Changes against the previous period's plan, when made
    what: str = "incidenten"  # what is counted, in the coordinator's words ("fietsdiefstallen")
    history_counts: dict = field(default_factory=dict)  # {"total", "covered"}: the history's incidents, all and
    # inside the plan's area-hours (weighted as the plan weighs categories)

    def rooster(self) -> pd.DataFrame:
        """Weekly rooster: one row per day (maandag..zondag), columns 'Dienst 1', 'Dienst 2', ..."""
        rows = {d: [] for d in DAYS}
        for s in self.shifts.sort_values(["day_index", "start_hour"]).itertuples():
            rows[s.day].append(f"{s.start}-{s.end} {s.area_name}")
        width = max([len(v) for v in rows.values()] + [1])
        data = {f"Dienst {i + 1}": [v[i] if i < len(v) else "" for v in rows.values()] for i in range(width)}
        return pd.DataFrame(data, index=pd.Index(DAYS, name="dag"))

    def to_dict(self) -> dict:
        out = {
            "shifts": [{"day": r.day, "start": r.start, "end": r.end, "area": r.area, "area_name": r.area_name,
                        "expected": round(float(r.expected), 4), "reason": r.reason}
                       for r in self.shifts.itertuples()],
            "coverage": self.coverage, "coverage_uniform": self.coverage_uniform,
            "expected_total": self.expected_total, "expected_covered": self.expected_covered,
            "greedy": self.greedy, "solver": self.solver, "params": self.params,
            "history": [str(self.history[0].date()), str(self.history[1].date())],
            "target": None if self.target is None else [str(t.date()) for t in self.target],
            "notes": self.notes, "warnings": self.warnings,
        }
        if self.evaluation is not None:
            out["evaluation"] = self.evaluation
            out["hit_rate"] = self.evaluation.get("hit_rate")
            out["pai"] = self.evaluation.get("pai")
        return out


# -- sentences -------------------------------------------------------------------------------------
def _dagdeel(start: int, length: int) -> str | None:
    """The part of the day a shift lies in, or None when it spans two."""
    for name, (b, e) in DAGDELEN.items():
        if b <= start and start + length <= e:
            return name
    return None


def shift_reason(day: int, start: int, length: int, name: str, expected: float, area_day: float,
                 town_share: float, what: str, gi_label: str | None) -> str:
    """One Dutch sentence why this shift.

    ``area_day``: the expected incidents of the area on that day (24 hours from
    midnight), so the percentage says how much of the day this block holds.

    >>> shift_reason(1, 19, 4, "Binnenstad-Noord", 2.5, 8.0, 0.031, "fietsdiefstallen", "Hot spot 99%")
    'dinsdag 19:00-23:00 Binnenstad-Noord: 31% van de fietsdiefstallen op dinsdag hier valt in de avond \
(2,5 verwacht per week, 3,1% van de gemeente); een hotspot op de kaart (99% betrouwbaar).'
    """
    end = (start + length) % 24
    label = f"{DAYS[day]} {start % 24:02d}:00-{end:02d}:00"
    part = _dagdeel(start, length)
    when = f"in de {part}" if part else f"tussen {start % 24:02d}:00 en {end:02d}:00"
    if expected <= 1e-12:
        return (f"{label} {name}: vrije dienst; hier worden op dit tijdstip geen {what} verwacht "
                "(er zijn meer diensten dan plekken en tijden met incidenten).")
    share = expected / area_day if area_day > 0 else 0.0
    text = (f"{label} {name}: {share:.0%} van de {what} op {DAYS[day]} hier valt {when} "
            f"({nl.number(expected)} verwacht per week, {nl.percent(town_share)} van de gemeente)")
    if gi_label:
        text += f"; {_hotspot_words(gi_label)}"
    return text + "."


def _hotspot_words(gi_label: str) -> str:
    """``"Hot spot 99%"`` as a coordinator reads it: ``"een hotspot op de kaart (99% betrouwbaar)"``.

    >>> _hotspot_words("Hot spot 95%"), _hotspot_words("Niet significant")
    ('een hotspot op de kaart (95% betrouwbaar)', 'geen hotspot op de kaart')
    """
    parts = gi_label.split()
    level = parts[-1] if parts and parts[-1].endswith("%") else ""
    if gi_label.lower().startswith("hot"):
        return f"een hotspot op de kaart ({level} betrouwbaar)" if level else "een hotspot op de kaart"
    if gi_label.lower().startswith("cold"):
        return f"een rustige plek op de kaart ({level} betrouwbaar)" if level else "een rustige plek op de kaart"
    return "geen hotspot op de kaart"


def _what(weights: dict | None, categories: list) -> str:
    if weights:
        return "gewogen incidenten"
    if len(categories) == 1:
        c = str(categories[0]).strip().lower()
        return {"diefstal fiets": "fietsdiefstallen", "fietsdiefstal": "fietsdiefstallen",
                "woninginbraak": "woninginbraken", "overlast": "overlastmeldingen"}.get(c, f"incidenten ({c})")
    return "incidenten"


# -- the whole computation -------------------------------------------------------------------------
def _with_area(incidents: pd.DataFrame, areas, prog) -> tuple[pd.DataFrame, int]:
    """Incidents with ``area`` set (:func:`hotspots.where.assign.ensure_assigned`: located when the column is
    missing or empty, else used as it is), and the number outside.

    This is the only assignment of a plan: the Gi* map of the history is computed on these
    incidents as they are (``run_hotspots(..., assigned=True)``).
    """
    from hotspots.where.assign import ensure_assigned

    res = ensure_assigned(incidents, areas, progress=prog)
    return res.incidents, int(res.outside)


def _match_categories(weights: dict, incidents: pd.DataFrame, warnings: list) -> dict:
    """Spell the chosen categories as the data does (case and spaces ignored); warn about unknown ones."""
    known = incidents["category"] if "category" in incidents.columns else []
    match = match_categories(list(weights), known)
    out = {}
    for name, w in weights.items():
        for spelling in match.values(name) or [name]:
            out[spelling] = w
    if match.unknown and len(match.unknown) < len(weights):
        warnings.append(match.message())
    return out


def _gistar(areas, incidents, hotspot_result, notes, warnings) -> pd.DataFrame | None:
    """Gi* class and label per area code from a given result or from ``run_hotspots`` on the history."""
    res = hotspot_result
    if res is None:
        from hotspots.where.hotspots import run_hotspots

        try:
            res = run_hotspots(areas, incidents=incidents, assigned=True)  # assigned once, in _with_area
        except WijkbeeldError as exc:
            warnings.append(f"Gi* niet berekend: {nl.clause(str(exc))}.")
            return None
        notes.append("Gi* (hotspotkaart) berekend op de incidenten van de historieperiode"
                     + (f" ({res.method})." if getattr(res, "method", None) else "."))
    frame = getattr(res, "areas", res)
    if frame is None or "gi_class" not in getattr(frame, "columns", []):
        return None
    out = pd.DataFrame({"code": frame["code"].astype(str), "gi_class": frame["gi_class"].astype(int)})
    out["gi_label"] = frame["gi_label"].astype(str) if "gi_label" in frame.columns else ""
    return out.set_index("code")


def _refuse_dates_only(inc: pd.DataFrame) -> None:
    """A plan of shifts by the hour needs times: incidents with dates alone (as good as all at 00:00 without an
    end, :func:`hotspots.when.hottimes.midnight_share`) would put every shift at midnight. Refused with the
    reason, as the hot times say it (found by a new user: 'Klaar om een plan te maken' on dates alone)."""
    from hotspots.when.hottimes import DATE_ONLY, midnight_share, midnight_text

    share = midnight_share(inc["start"], inc["end"] if "end" in inc.columns else None)
    if share >= DATE_ONLY:
        raise AnalysisError(f"{midnight_text(inc, share)} om 00:00: het bestand heeft alleen datums, geen tijden. "
                            "Een inzetplan per uur van de week is daaruit niet te maken.",
                            hint="importeer incidenten met een tijdstip (datum en tijd) om diensten te plannen")


def run(areas, incidents: pd.DataFrame, params: dict | None = None, progress=None, cancelled=None, *,
        evaluate_from=None, evaluate_to=None, history_from=None, history_to=None, target_from=None,
        target_to=None, hotspot_result=None) -> InzetPlan:
    """Make the weekly plan.

    Parameters
    ----------
    areas : GeoDataFrame
        Areas frame (EPSG:28992) with ``code`` and optionally ``name``.
    incidents : DataFrame
        Incidents frame; ``area`` is assigned spatially (once) when missing or empty, else used as it is.
    params : dict
        Values for :data:`METHOD` (defaults filled in).
    evaluate_from, evaluate_to : date-like, optional
        Learn from the ``weeks_history`` weeks before ``evaluate_from`` and
        evaluate hit rate and PAI from ``evaluate_from`` up to ``evaluate_to`` (not included; default: the end
        of the data, the day after the last incident's day, so that the period is whole days as the window's
        are and its last day is the last incident's). Without ``evaluate_from`` the plan
        learns from the last weeks of the data and nothing is evaluated.
    history_from, history_to : date-like, optional
        Start of the history (overrides ``weeks_history``) and its end (the window's period; the
        history never reaches past ``evaluate_from`` or ``target_from``).
    target_from, target_to : date-like, optional
        The week or month being planned (default: the four weeks after the history). With an explicit
        target or evaluation period and ``seasonal``, the history is weighted to its time of year
        (:func:`hotspots.inzet.expect.month_kernel`).
    hotspot_result : HotspotResult, optional
        The Gi* map to quote and to evaluate (default: ``run_hotspots`` on the history).
    """
    p = METHOD.validate(params)
    prog = as_progress(progress, cancelled)
    notes, warnings = [], []
    areas = check_areas(areas, notes)  # in RD New metres (a geographic frame is projected, and said)
    check_incidents(incidents)
    if len(areas) == 0:
        raise AnalysisError("De gebiedenlaag is leeg.")
    hours = parse_hours(p["hours"])
    nights = parse_days(p["nights"])
    weights = parse_weights(p["categories"])
    areas = areas.assign(code=area_codes(areas))  # compared without spaces, as run_hotspots(assigned=True) does
    codes = areas["code"].tolist()
    names = (areas["name"].astype(str) if "name" in areas.columns else areas["code"]).tolist()
    prog(0.0, "Incidenten aan gebieden koppelen")
    inc, outside = _with_area(incidents, areas, prog.slice(0.0, 0.1))
    if outside:
        notes.append(f"{outside} incidenten liggen buiten alle gebieden en tellen niet mee.")
    # none inside: refused (with the distance), before any category or expectation is blamed; few: a warning
    warnings += guards.incidents_inside(inc["area"].notna().to_numpy(), inc["x"], inc["y"], areas.geometry.values)
    warnings += guards.study_area(areas, inc["area"].value_counts().reindex(codes, fill_value=0).to_numpy())[0]
    if weights is not None:
        weights = _match_categories(weights, inc, warnings)
    starts = pd.to_datetime(inc["start"])
    if starts.notna().sum() == 0:
        raise AnalysisError("Geen enkel incident heeft een begintijd.")
    _refuse_dates_only(inc)
    end_of_data = starts.max().normalize() + pd.Timedelta(days=1)
    if evaluate_from is not None:
        ref = pd.Timestamp(evaluate_from)
    elif target_from is not None:
        ref = min(pd.Timestamp(target_from), end_of_data)
    else:
        ref = end_of_data
    if history_to is not None:
        ref = min(ref, pd.Timestamp(history_to))
    h0 = pd.Timestamp(history_from) if history_from is not None else ref - pd.Timedelta(weeks=p["weeks_history"])
    h0 = max(h0, starts.min().normalize())
    if h0 >= ref:
        raise AnalysisError(f"Er is geen historie om van te leren voor {ref:%d-%m-%Y}: de gekozen periode "
                            f"begint op {h0:%d-%m-%Y}.", advice="earlier_history",  # the window: its period
                            hint="kies een --evaluate-from na het begin van de gegevens, of een eerdere --history-from")
    if evaluate_from is not None:
        e1 = pd.Timestamp(evaluate_to) if evaluate_to is not None else end_of_data
        if e1 <= pd.Timestamp(evaluate_from):
            raise AnalysisError(f"De evaluatieperiode vanaf {pd.Timestamp(evaluate_from):%d-%m-%Y} is leeg.")
        target = (pd.Timestamp(evaluate_from), e1)
    elif target_from is not None:
        t0 = pd.Timestamp(target_from)
        t1 = pd.Timestamp(target_to) if target_to is not None else t0 + pd.Timedelta(weeks=4)
        if t1 <= t0:
            raise AnalysisError(f"De planperiode vanaf {t0:%d-%m-%Y} is leeg.")
        target = (t0, t1)
    else:
        target = (ref, ref + pd.Timedelta(weeks=4))
    explicit = evaluate_from is not None or target_from is not None
    exp = expected_incidents(inc, codes, history=(h0, ref), weights=weights, target=target,
                             smoothing=p["smoothing"], seasonal=p["seasonal"], season_weighted=explicit,
                             progress=prog.slice(0.1, 0.4))
    notes.extend(exp.notes)
    total = exp.total
    if total <= 0:
        raise AnalysisError("Geen verwachte incidenten: de historie bevat niets in de gekozen categorieën.")

    excluded, only = _codes(p["exclude"]), _codes(p["only"])
    unknown = sorted((excluded | only) - set(codes))
    if unknown:
        warnings.append("Onbekende gebiedscode(s) genegeerd: " + ", ".join(unknown[:10]) + ".")
    code_arr = np.array(codes)
    allowed_area = ~np.isin(code_arr, list(excluded))
    if only:
        allowed_area &= np.isin(code_arr, list(only))
    cand = inzet_opt.candidates(allowed_area, hours=hours, length=p["shift_hours"], step=p["start_step"],
                                night_days=nights, night_end=p["night_end"])
    prog(0.45, "Beste diensten kiezen")
    values = exp.values
    exact = inzet_opt.solve_milp(values, cand, p["shifts"], p["max_per_area"], p["time_limit"])
    greedy = inzet_opt.solve_greedy(values, cand, p["shifts"], p["max_per_area"])
    # greedy better: only possible when the exact solve stopped early (its status says why)
    best = greedy if greedy.objective > exact.objective else exact
    prog(0.8, "Plan uitschrijven")

    covered = np.zeros((len(codes), HOURS_PER_WEEK), dtype=bool)
    covered.reshape(-1)[np.unique(cand.cells[best.selected].reshape(-1))] = True
    allowed = allowed_area[:, None] & cand.allowed_hours[None, :]
    fraction = min(1.0, p["shifts"] * p["shift_hours"] / max(int(allowed.sum()), 1))
    coverage = best.objective / total
    coverage_uniform = fraction * float(values[allowed].sum()) / total
    gap = (best.objective - greedy.objective) / best.objective if best.objective > 0 else 0.0

    history_inc = inc[(starts >= h0) & (starts < ref)]
    gi = _gistar(areas, history_inc, hotspot_result, notes, warnings)
    cats = sorted(inc["category"].dropna().astype(str).unique()) if "category" in inc.columns else []
    what = _what(weights, cats)
    shifts = _shift_table(best.selected, cand, values, codes, names, gi, total, what)
    raw = inzet_eval.observed_cells(inc, codes, (h0, ref), weights)
    history_counts = {"total": float(raw.sum()), "covered": float(raw[covered].sum())}

    evaluation = None
    if evaluate_from is not None:
        surface = np.asarray(areas.geometry.area, dtype=float)
        hot = None
        if gi is not None:
            hot = gi.reindex(codes)["gi_class"].fillna(0).to_numpy() > 0
        evaluation = inzet_eval.evaluate(inc, codes, surface, covered, target, weights=weights, hot_areas=hot,
                                         allowed=allowed, uniform_fraction=fraction)
        prog(0.85, "Vergelijken met eenvoudiger plannen")
        evaluation["baselines"] = inzet_eval.baselines(inc, codes, cand, covered, (h0, ref), target,
                                                       n_shifts=p["shifts"], max_per_area=p["max_per_area"],
                                                       weights=weights, time_limit=p["time_limit"])
        notes.append("Terugblik: het deel van de incidenten in de terugblikperiode dat binnen een geplande "
                     "dienst viel (hit rate), en aandeel incidenten / aandeel oppervlakte van de geplande "
                     "gebieden (Prediction Accuracy Index, Chainey e.a. 2008).")
    solver = {"method": "milp (HiGHS)", "seconds": round(exact.seconds, 3), "optimal": bool(best.optimal),
              "status": exact.status, "mip_gap": exact.mip_gap, "candidates": len(cand)}
    notes.append(f"Keuze: de beste combinatie van diensten, exact berekend (HiGHS) in {nl.number(exact.seconds)} s, "
                 f"{inzet_opt.proof(best.optimal, exact.status)}.")
    notes.append(f"Een snelle benadering (steeds de dienst die het meest toevoegt) dekt "
                 f"{nl.percent(greedy.objective / total)}, {nl.percent(gap)} minder dan dit plan.")
    plan_areas = areas[["code", "geometry"]].copy()
    plan_areas["name"] = names
    plan_areas["shifts"] = shifts.groupby("area").size().reindex(codes, fill_value=0).to_numpy()
    plan_areas["expected_covered"] = shifts.groupby("area")["expected"].sum().reindex(codes, fill_value=0.0).to_numpy()
    plan_areas["allowed"] = allowed_area
    if gi is not None:
        plan_areas["gi_class"] = gi.reindex(codes)["gi_class"].fillna(0).astype(int).to_numpy()
    prog(1.0, "Plan klaar")
    return InzetPlan(
        shifts=shifts, coverage=coverage, coverage_uniform=coverage_uniform, expected_total=total,
        expected_covered=best.objective,
        greedy={"coverage": greedy.objective / total, "expected_covered": greedy.objective, "gap": gap,
                "seconds": round(greedy.seconds, 4)},
        solver=solver, params=p, history=(h0, ref), notes=notes, warnings=warnings, evaluation=evaluation,
        codes=list(dict.fromkeys(shifts["area"])), area_codes=codes, covered=covered, expected=values,
        areas=plan_areas, target=target, what=what, history_counts=history_counts)


def plan(inputs, params: dict | None = None, progress=None, cancelled=None) -> InzetPlan:
    """The declared shape (:data:`INZET`): the weekly plan for the areas and incidents of
    :class:`hotspots.inputs.Inputs`, learning from the last ``weeks_history`` weeks (no evaluation;
    :func:`run` takes an evaluation period)."""
    if inputs.areas is None or inputs.incidents is None:
        raise AnalysisError("De Inzetplanner vraagt om gebiedsgrenzen en incidenten.")
    p = as_progress(progress, cancelled)
    incidents = inputs.located(progress=p.slice(0.0, 0.1))
    return run(inputs.areas, incidents, params, progress=p.slice(0.1, 1.0))


def _shift_table(selected, cand, values, codes, names, gi, total, what) -> pd.DataFrame:
    order = sorted(selected, key=lambda j: (cand.day[j], cand.start[j], cand.area[j]))
    seen = np.zeros(values.size, dtype=bool)
    flat = values.reshape(-1)
    rows = []
    for j in order:
        a, d, s, L = int(cand.area[j]), int(cand.day[j]), int(cand.start[j]), cand.length
        cells = cand.cells[j]
        fresh = cells[~seen[cells]]
        seen[cells] = True
        expected = float(flat[fresh].sum())
        area_week = float(values[a].sum())
        area_day = float(values[a, 24 * d:24 * d + 24].sum()) + (
            float(values[a, [(24 * d + h) % HOURS_PER_WEEK for h in range(24, s + L)]].sum()) if s + L > 24 else 0.0)
        label = None
        if gi is not None and codes[a] in gi.index and gi.loc[codes[a], "gi_label"]:
            label = str(gi.loc[codes[a], "gi_label"])
        rows.append({
            "day": DAYS[d], "day_index": d, "start": f"{s % 24:02d}:00", "end": f"{(s + L) % 24:02d}:00",
            "start_hour": s, "hours": L, "area": codes[a], "area_name": names[a], "expected": expected,
            "share_area": expected / area_week if area_week > 0 else 0.0,
            "share_day": expected / area_day if area_day > 0 else 0.0, "gi_label": label or "",
            "reason": shift_reason(d, s, L, names[a], expected, area_day, expected / total, what, label)})
    return pd.DataFrame(rows, columns=["day", "day_index", "start", "end", "start_hour", "hours", "area",
                                       "area_name", "expected", "share_area", "share_day", "gi_label", "reason"])
