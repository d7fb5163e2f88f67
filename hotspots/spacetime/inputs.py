"""The inputs of a space-time analysis, and choosing the incidents it uses.

``inputs`` is a :class:`hotspots.inputs.Inputs` (``areas``, ``incidents`` and/or ``counts``);
what an analysis does not need may be None.

>>> import pandas as pd
>>> from hotspots.inputs import Inputs
>>> require(Inputs(areas=[1]), "areas", "Geen gebieden.")
[1]
>>> inc = pd.DataFrame({"x": [0.0, 1.0, None], "y": [0.0, 1.0, 2.0], "category": ["Inbraak", "Fiets", "Inbraak"],
...                     "start": pd.to_datetime(["2016-01-02", "2016-02-03", "2016-03-04"])})
>>> chosen, notes = choose_incidents(inc, category="inbraak")
>>> len(chosen), notes
(1, ["Alleen categorie 'inbraak': 2 van de 3 incidenten.", '1 incident(en) zonder coördinaten weggelaten.'])
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from kernel.errors import AnalysisError

from hotspots.categories import select_category
from kernel.nl import listing


def require(inputs, name: str, why: str):
    """``inputs.name`` (``areas``, ``incidents``, ``counts``); a Dutch :class:`AnalysisError` (``why``) when it is
    missing or empty."""
    value = getattr(inputs, name, None)
    if value is None or len(value) == 0:
        raise AnalysisError(why)
    return value


def moments(incidents: pd.DataFrame, moment: str = "start") -> pd.Series:
    """The time of each incident: its ``start``, or the middle of its window (``moment="middle"``; start without end)."""
    if "start" not in incidents.columns:
        raise AnalysisError("De incidentenlaag mist de kolom start (begintijd); zonder tijd geen analyse in de tijd.")
    start = pd.to_datetime(incidents["start"], errors="coerce")
    if moment == "middle" and "end" in incidents.columns:
        end = pd.to_datetime(incidents["end"], errors="coerce")
        mid = start + (end - start) / 2
        return mid.where(end.notna() & (end >= start), start)
    return start


def choose_incidents(incidents: pd.DataFrame, *, category: str | None = None, start=None, end=None,
                     moment: str = "start", need_time: bool = True) -> tuple[pd.DataFrame, list[str]]:
    """The incidents of one category (case and spaces ignored), with coordinates and a time in ``[start, end]``.

    ``need_time=False`` (an analysis in space only, such as stable hot spots): incidents without a time stay,
    unless a period is chosen.

    Returns the chosen rows (with a column ``moment``) and Dutch notes on what was left out.
    """
    notes: list[str] = []
    inc = incidents
    if category:
        if "category" not in inc.columns:
            raise AnalysisError(f"Categorie '{category}' gekozen, maar de incidenten hebben geen categorieën.")
        mask, match = select_category(inc["category"], str(category))
        if match.unknown:
            raise AnalysisError(match.message())
        notes.append(f"Alleen categorie '{category}': {int(mask.sum())} van de {len(inc)} incidenten.")
        inc = inc[mask]
    elif "category" in inc.columns:
        cats = inc["category"].dropna().astype(str).str.strip().unique()
        if len(cats) > 1:
            notes.append(f"Alle {len(cats)} categorieën samen ({listing(sorted(cats), 6)}); kies er één voor een "
                         "analyse per soort incident.")
    for col in ("x", "y"):
        if col not in inc.columns:
            raise AnalysisError(f"De incidentenlaag mist de kolom '{col}'.")
    x = pd.to_numeric(inc["x"], errors="coerce")
    y = pd.to_numeric(inc["y"], errors="coerce")
    t = moments(inc, moment)
    no_xy = ~(np.isfinite(x) & np.isfinite(y))
    if no_xy.any():
        notes.append(f"{int(no_xy.sum())} incident(en) zonder coördinaten weggelaten.")
    no_t = t.isna() & ~no_xy
    timed = need_time or start is not None or end is not None
    if no_t.any() and timed:
        notes.append(f"{int(no_t.sum())} incident(en) zonder begintijd weggelaten.")
    keep = ~no_xy & (t.notna() | (not timed))
    if start is not None:
        keep &= t >= pd.Timestamp(start)
    if end is not None:
        keep &= t <= pd.Timestamp(end)
    if start is not None or end is not None:
        notes.append(f"Periode gekozen: {int(keep.sum())} incident(en) binnen de periode.")
    if len(inc) and not keep.any():  # say why nothing is left, not what a later step misses
        raise AnalysisError(_nothing_left(len(inc), no_xy, t, start, end))
    out = inc[keep.to_numpy()].copy()
    out["x"], out["y"], out["moment"] = x[keep].to_numpy(float), y[keep].to_numpy(float), t[keep]
    if moment == "middle":
        notes.append("Tijdstip van een incident: het midden van het tijdvak tussen begin en eind.")
    return out, notes


def _nothing_left(n: int, no_xy, t: pd.Series, start, end) -> str:
    """Why none of the ``n`` incidents is left: none has coordinates, none a time, or none falls in the period."""
    if no_xy.all():
        return (f"Geen van de {n} incidenten heeft coördinaten (x en y); deze analyse vraagt de plaats van elk "
                "incident. Met alleen een buurt of wijk per incident kunnen hotspots, hottimes en trends per gebied.")
    times = t[~no_xy].dropna()
    if times.empty:
        return (f"Geen van de {n} incidenten met coördinaten heeft een datum; deze analyse vraagt de tijd van elk "
                "incident.")
    period = " ".join(part for part in (f"vanaf {pd.Timestamp(start):%d-%m-%Y}" if start is not None else "",
                                        f"t/m {pd.Timestamp(end):%d-%m-%Y}" if end is not None else "") if part)
    return (f"Geen incidenten in de gekozen periode ({period}); de gegevens lopen van {times.min():%d-%m-%Y} "
            f"tot {times.max():%d-%m-%Y}.")


def date_bounds(start, end) -> tuple:
    """``start`` and ``end`` (JJJJ-MM-DD, or JJJJ-MM) as times, ``end`` through the end of its day (of its month
    for JJJJ-MM, as the shared ``--to`` says); None stays None.

    >>> date_bounds("2016-03", "2016-04")
    (Timestamp('2016-03-01 00:00:00'), Timestamp('2016-04-30 23:59:59'))
    """
    try:
        lo = pd.Timestamp(start) if start else None
        hi = None
        if end:
            last = pd.Period(str(end).strip(), freq="M").end_time if len(str(end).strip()) == 7 else pd.Timestamp(end)
            hi = last.normalize() + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
    except ValueError:
        raise AnalysisError(f"'{start or end}' is geen datum (gebruik JJJJ-MM-DD).") from None
    return lo, hi


#: The plural the sentences use for areas of one level.
LEVEL_WORDS = {"buurt": "buurten", "wijk": "wijken", "gemeente": "gemeenten"}


def level_word(areas, default: str = "gebieden") -> str:
    """``buurten`` or ``wijken`` when all areas have that ``level``, else ``default``."""
    if areas is None or "level" not in areas.columns:
        return default
    levels = areas["level"].dropna().astype(str).unique()
    return LEVEL_WORDS.get(levels[0], default) if len(levels) == 1 else default
