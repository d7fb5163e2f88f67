"""Hot times: which hours of the week are hot, as blocks in a coordinator's words.

``run_hottimes(incidents, params)`` builds the week-hour matrix
(:mod:`hotspots.when.aoristic`), compares it with what is expected, and names the hot
hours as blocks such as ``"vrijdag 22:00-02:00"``.

Expected counts
    Uniform (every hour of the week equally likely, :math:`E_h = N/168`) or a
    baseline matrix :math:`B` the user chooses (all categories, the previous
    year), scaled to the total: :math:`E_h = N B_h / \\sum B`.

Whole-matrix test
    Pearson chi-square :math:`X^2 = \\sum_h (O_h - E_h)^2 / E_h` or the G-test
    :math:`G = 2 \\sum_h O_h \\ln(O_h / E_h)`, with :math:`k - 1` degrees of freedom
    (``k`` cells with :math:`E_h > 0`). When an expected count is below 5 the
    asymptotic chi-square distribution is not trusted and the p-value comes from a
    seeded Monte Carlo test instead: ``simulations`` multinomial samples of
    ``round(N)`` incidents with probabilities :math:`E_h/N`,
    :math:`p = (1 + \\#\\{T^* \\ge T\\}) / (1 + R)` (Hope 1968).

Per-cell test
    One-sided Poisson upper tail :math:`p_h = P(X \\ge O_h)`, :math:`X \\sim
    \\mathrm{Poisson}(E_h)`, then Benjamini-Hochberg FDR over the 168 cells
    (Benjamini & Hochberg 1995). A cell is *hot* when :math:`O_h > E_h` and its
    (FDR-adjusted) p-value is at most ``alpha``.

Non-integer counts (honest note)
    Aoristic weights are fractions, so :math:`O_h` need not be a whole number. We
    do not round. We use the continuous extension of the Poisson upper tail
    through the regularised lower incomplete gamma function,
    :math:`P(X \\ge o) = P(o, E) = \\gamma(o, E)/\\Gamma(o)`
    (:func:`hotspots.significance.poisson_upper`), which equals the Poisson tail exactly at
    whole numbers and is monotone in between (and 1 at ``o = 0``). The chi-square and G statistics take fractional
    counts as they are. None of this makes aoristic counts Poisson: spreading a
    window over hours smooths the matrix and links neighbouring hours, so the
    p-values are approximate. Because smoothing lowers the variance per cell, they
    tend to be conservative for single cells; start-only counts are Poisson but
    carry the rounding of reported times to the full hour.

Blocks
    Hot cells that follow each other in time are merged into one block, also
    across midnight and from Sunday 23h to Monday 0h. A block's ``p_fdr`` is the
    largest adjusted p-value of its cells (every cell in it is hot at that level).

References: Ratcliffe (2002), see :mod:`hotspots.when.aoristic`; Benjamini, Y. &
Hochberg, Y. (1995) JRSS B 57(1), 289-300; Hope, A.C.A. (1968) JRSS B 30(3), 582-598.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from kernel.errors import AnalysisError
from kernel.progress import as_progress

from hotspots.when.aoristic import HOURS_PER_WEEK, week_hour, week_hour_matrix
from hotspots.categories import select_category
from kernel.nl import DAGDELEN, DAY_ABBR, DAY_NAMES, number
from hotspots.when.methods import HOTTIMES
from hotspots.when.profiles import month_profile, profiles, temporal_signature, weekday_profile
from hotspots.significance import benjamini_hochberg, poisson_upper

__all__ = ["METHOD", "HOTTIMES", "run", "HotTimesResult", "run_hottimes", "week_hour_matrix", "matrix_test", "hot_blocks",
           "block_phrase"]

METHOD = HOTTIMES  # the declaration lives in hotspots.when.methods (light: the form and --help)


@dataclass
class HotTimesResult:
    """What :func:`run_hottimes` found; ``matrix``, ``expected``, ``p``, ``p_fdr`` are (7, 24), Monday first."""

    matrix: np.ndarray
    total: float
    expected: np.ndarray
    test: dict
    p: np.ndarray
    p_fdr: np.ndarray
    hot: np.ndarray
    hot_blocks: list
    signature: dict
    profiles: dict
    params: dict
    warnings: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain JSON-ready dict (what ``wijkbeeld hottimes --json`` prints)."""
        return {"matrix": np.round(self.matrix, 6).tolist(), "days": list(DAY_NAMES), "total": self.total,
                "expected": np.round(self.expected, 6).tolist(), "test": self.test,
                "hot_blocks": self.hot_blocks, "signature": self.signature, "profiles": self.profiles,
                "params": self.params, "warnings": self.warnings, "notes": self.notes}


def _statistic(o: np.ndarray, e: np.ndarray, kind: str) -> np.ndarray:
    """Chi-square or G over the last axis (cells with e > 0 only)."""
    if kind == "g":
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(o > 0, o * np.log(o / e), 0.0)
        return 2.0 * terms.sum(axis=-1)
    return ((o - e) ** 2 / e).sum(axis=-1)


def matrix_test(observed, expected, statistic: str = "chi2", simulations: int = 9999,
                seed: int = 12345) -> dict:
    """Test the whole matrix against the expected counts (chi-square/G, Monte Carlo when small).

    Returns ``name``, ``statistic``, ``df``, ``p``, ``method`` (``asymptotic`` or
    ``monte carlo``) and ``simulations`` (0 when asymptotic).
    """
    o = np.asarray(observed, dtype=float).ravel()
    e = np.asarray(expected, dtype=float).ravel()
    use = e > 0
    o, e = o[use], e[use]
    k = int(use.sum())
    name = "G-toets" if statistic == "g" else "chi-kwadraat"
    if k < 2 or o.sum() <= 0:
        return {"name": name, "statistic": float("nan"), "df": max(k - 1, 0), "p": float("nan"),
                "method": "niet mogelijk", "simulations": 0}
    t = float(_statistic(o, e, statistic))
    if e.min() >= 5:
        return {"name": name, "statistic": t, "df": k - 1, "p": float(stats.chi2.sf(t, k - 1)),
                "method": "asymptotisch", "simulations": 0}
    rng = np.random.default_rng(seed)
    n = max(int(round(o.sum())), 1)
    probs = e / e.sum()
    e_n = probs * n
    exceed = 0
    done = 0
    while done < simulations:  # in chunks, to keep memory small
        size = min(10000, simulations - done)
        sims = rng.multinomial(n, probs, size=size).astype(float)
        exceed += int((_statistic(sims, e_n, statistic) >= t * n / o.sum() - 1e-9).sum())
        done += size
    return {"name": name, "statistic": t, "df": k - 1, "p": (1 + exceed) / (1 + simulations),
            "method": "Monte Carlo", "simulations": int(simulations)}


def _hhmm(hour: int) -> str:
    return f"{hour % 24:02d}:00"


def block_phrase(first_slot: int, length: int) -> str | None:
    """A coordinator's phrase for a block of hours: ``"vrijdagavond en vr-za nacht"``, ``"za-zo nacht"``.

    The block is cut along the dagdelen (nacht 00-06, ochtend, middag, avond); a
    night part is named after the two days it lies between (the night of Saturday
    to Sunday is ``"za-zo nacht"``), the others after their day (``"vrijdagavond"``).
    Blocks touching more than three dagdelen get no phrase (None).

    >>> block_phrase(4 * 24 + 22, 4)
    'vrijdagavond en vr-za nacht'
    >>> block_phrase(6 * 24 + 1, 4)
    'za-zo nacht'
    >>> block_phrase(3 * 24 + 16, 6)
    'donderdagmiddag en -avond'
    """
    parts: list[tuple[int, str, str]] = []
    for slot in range(first_slot, first_slot + length):
        day, hour = divmod(slot % HOURS_PER_WEEK, 24)
        part = next(name for name, (a, b) in DAGDELEN.items() if a <= hour < b)
        text = f"{DAY_ABBR[(day - 1) % 7]}-{DAY_ABBR[day]} nacht" if part == "nacht" else f"{DAY_NAMES[day]}{part}"
        if not parts or parts[-1][1] != text:
            parts.append((day, text, part))
    if len(parts) > 3:
        return None
    words = [parts[0][1]]
    for (prev_day, _, prev_part), (day, text, part) in zip(parts, parts[1:]):
        # "donderdagmiddag en -avond": the day is not repeated within one day
        same_day = day == prev_day and "nacht" not in (part, prev_part)
        words.append(f"-{part}" if same_day else text)
    return " en ".join(words)


def hot_blocks(hot, observed, expected, p_fdr) -> list[dict]:
    """Merge hot hours that follow each other (also over midnight and Sunday->Monday) into blocks.

    Each block: ``day`` (Dutch name of the first hour's day), ``start``/``end``
    (``"22:00"``/``"02:00"``, end exclusive), ``hours``, ``observed``, ``expected``,
    ``p_fdr`` (largest of its cells), ``label`` (``"vrijdag 22:00-02:00"``; over 24
    hours ``"vrijdag 22:00 - zondag 03:00"``) and ``phrase`` (:func:`block_phrase`).
    Sorted by observed minus expected, largest first.
    """
    hot = np.asarray(hot, dtype=bool).ravel()
    o = np.asarray(observed, dtype=float).ravel()
    e = np.asarray(expected, dtype=float).ravel()
    pf = np.asarray(p_fdr, dtype=float).ravel()
    if not hot.any():
        return []
    if hot.all():
        runs = [(0, HOURS_PER_WEEK)]
    else:
        begin = int(np.flatnonzero(~hot)[0])  # start the walk at a cold hour, so no run is cut in two
        runs, cur = [], None
        for i in range(begin, begin + HOURS_PER_WEEK + 1):
            slot = i % HOURS_PER_WEEK
            if hot[slot] and cur is None:
                cur = i
            elif not hot[slot] and cur is not None:
                runs.append((cur % HOURS_PER_WEEK, i - cur))
                cur = None
    blocks = []
    for first, length in runs:
        slots = np.arange(first, first + length) % HOURS_PER_WEEK
        day, hour = divmod(first, 24)
        end_slot = (first + length) % HOURS_PER_WEEK
        end_day, end_hour = divmod(end_slot, 24)
        if length < 24 or (length == 24 and hour == 0):
            label = f"{DAY_NAMES[day]} {_hhmm(hour)}-{_hhmm(end_hour)}"
        else:
            label = f"{DAY_NAMES[day]} {_hhmm(hour)} - {DAY_NAMES[end_day]} {_hhmm(end_hour)}"
        blocks.append({"day": DAY_NAMES[day], "start": _hhmm(hour), "end": _hhmm(end_hour),
                       "hours": int(length), "observed": float(o[slots].sum()),
                       "expected": float(e[slots].sum()), "p_fdr": float(np.nanmax(pf[slots])),
                       "label": label, "phrase": block_phrase(first, length), "slot": int(first)})
    blocks.sort(key=lambda b: b["observed"] - b["expected"], reverse=True)
    return blocks


def _expected(total: float, baseline, aoristic: bool) -> np.ndarray:
    if baseline is None:
        return np.full((7, 24), total / HOURS_PER_WEEK)
    if isinstance(baseline, pd.DataFrame):
        b = week_hour_matrix(baseline["start"], baseline.get("end"), aoristic)
    else:
        b = np.asarray(baseline, dtype=float)
    if b.shape != (7, 24):
        raise AnalysisError(f"De basismatrix moet 7 x 24 zijn (dagen x uren), niet {b.shape}.")
    if not np.isfinite(b).all() or (b < 0).any() or b.sum() <= 0:
        raise AnalysisError("De basismatrix bevat negatieve, ontbrekende of alleen nul-waarden.")
    return b * (total / b.sum())


def _select(incidents: pd.DataFrame, params: dict) -> pd.DataFrame:
    if "start" not in incidents.columns:
        raise AnalysisError("De incidentenlaag mist de kolom start (begintijd).")
    sel = incidents
    for col, key, what in (("category", "category", "categorie"), ("area", "area", "gebied")):
        value = params.get(key)
        if value is None:
            continue
        if col not in sel.columns:
            raise AnalysisError(f"Filteren op {what} kan niet: de incidentenlaag heeft geen kolom {col}.")
        if col == "category":  # case and spaces ignored, as everywhere (hotspots.categories)
            mask, match = select_category(sel[col], str(value))
            if match.unknown:
                raise AnalysisError(f"Geen incidenten met {what} '{value}'. {match.message()}")
            sel = sel[mask]
        else:
            sel = sel[sel[col].astype("string").str.strip() == str(value).strip()]
        if sel.empty:
            raise AnalysisError(f"Geen incidenten met {what} '{value}'.")
    return sel


def run_hottimes(incidents: pd.DataFrame, params: dict | None = None, baseline=None,
                 progress=None, cancelled=None) -> HotTimesResult:
    """Week-hour matrix, whole-matrix test, per-hour Poisson tests with FDR, hot blocks, profiles, signature.

    Parameters
    ----------
    incidents : DataFrame
        Incidents frame (``start``, optional ``end``, ``category``, ``area``).
    params : dict, optional
        Values for :data:`METHOD` (aoristic, alpha, fdr, statistic, simulations, seed, category, area).
    baseline : (7, 24) array or Incidents frame, optional
        What to expect instead of an even spread; scaled to the total. Without it the parameter
        ``baseline`` decides: ``"all"`` expects the pattern of all incidents (of the ``area``).
    """
    params = METHOD.validate(params)
    if baseline is None and params["baseline"] == "all":
        baseline = incidents
        if params["area"] is not None:
            baseline = incidents[incidents["area"] == params["area"]]
    prog = as_progress(progress, cancelled)
    prog(0.0, "Week-uurmatrix berekenen")
    sel = _select(incidents, params)
    share = midnight_share(sel["start"], sel["end"] if "end" in sel.columns else None)
    if share >= DATE_ONLY:
        return _dates_only(sel, params, share)
    wh = week_hour(sel["start"], sel["end"] if "end" in sel.columns else None, params["aoristic"])
    if wh.n == 0:
        raise AnalysisError("Geen incidenten met een begintijd: er is geen week-uurmatrix te maken.")
    warnings, notes = [], []
    if wh.missing_start:
        warnings.append(f"{wh.missing_start} incident(en) zonder begintijd weggelaten.")
    if wh.swapped:
        warnings.append(f"Bij {wh.swapped} incident(en) lag de eindtijd vóór de begintijd; begin en eind zijn "
                        "omgewisseld.")
    if params["aoristic"]:
        notes.append("Aoristische weging (Ratcliffe 2002): elk incident telt voor 1, verdeeld over de uren "
                     "tussen begin- en eindtijd naar rato van de minuten.")
        if wh.long_windows:
            notes.append(f"{wh.long_windows} incident(en) met een tijdvak van een week of langer zijn gelijk "
                         "over alle 168 uren verdeeld.")
    else:
        notes.append("Alleen de begintijd telt (niet aoristisch).")
    prog(0.3, "Toetsen")
    matrix = wh.matrix
    total = float(matrix.sum())
    expected = _expected(total, baseline, params["aoristic"])
    notes.append("Verwacht: gelijk over de 168 uren van de week." if baseline is None
                 else "Verwacht: volgens de gekozen basis, geschaald naar het totaal.")
    unexpected = int(((expected <= 0) & (matrix > 0)).sum())
    if unexpected:
        warnings.append(f"{unexpected} uur/uren met incidenten waar de basis niets verwacht; die uren zijn "
                        "niet getoetst.")
    if share >= MIDNIGHT_WARNING:
        warnings.append(f"{midnight_text(sel, share)} om 00:00 zonder eindtijd op een ander uur: vaak is "
                        "alleen de datum bekend. Het uur 00:00-01:00 kan daardoor ten onrechte heet lijken.")
    test = matrix_test(matrix, expected, params["statistic"], params["simulations"], params["seed"])
    p = poisson_upper(matrix, expected)
    p_adj = benjamini_hochberg(p) if params["fdr"] else p
    if params["fdr"]:
        notes.append("FDR-correctie (Benjamini-Hochberg) toegepast over de 168 uren.")
    hot = (matrix > expected) & (p_adj <= params["alpha"])
    prog(0.8, "Tijdblokken en profielen")
    blocks = hot_blocks(hot, matrix, expected, p_adj)
    start = sel["start"]
    result = HotTimesResult(matrix=matrix, total=total, expected=expected, test=test, p=p.reshape(7, 24),
                            p_fdr=p_adj.reshape(7, 24), hot=hot, hot_blocks=blocks,
                            signature=temporal_signature(matrix), profiles=profiles(matrix, start),
                            params=params, warnings=warnings, notes=notes)
    prog(1.0, "Klaar")
    return result


#: Share of incidents at 00:00 (without a later end) from which a file is taken to hold dates only.
DATE_ONLY = 0.9
#: Share from which hot times warn that midnight is over-represented.
MIDNIGHT_WARNING = 0.2


def midnight_share(start, end=None) -> float:
    """Share of incidents (with a start) that start at exactly 00:00 and end at 00:00 or have no end.

    Such an incident carries a date without a time. Dates from a spreadsheet's date cells, or
    typed without a time, come in as midnight.

    >>> midnight_share(pd.Series(pd.to_datetime(["2016-03-01 00:00", "2016-03-02 00:00", "2016-03-02 22:30"])))
    0.6666666666666666
    """
    s = pd.to_datetime(pd.Series(start), errors="coerce")
    known = s.notna()
    if not known.any():
        return 0.0
    at_midnight = s == s.dt.normalize()
    if end is not None:
        e = pd.to_datetime(pd.Series(end, index=s.index), errors="coerce")
        at_midnight &= e.isna() | (e == e.dt.normalize())
    return float(at_midnight[known].mean())


def midnight_text(sel: pd.DataFrame, share: float) -> str:
    """``"12 van de 40 incidenten (30%) beginnen"``: the incidents of :func:`midnight_share` with their count, so
    that an export can protect a small count and its share as every count of incidents in a sentence
    (:func:`mapping.meta.published_sentence`; a share alone would tell a small total: 33% is 1 of 3).

    >>> midnight_text(pd.DataFrame({"start": pd.to_datetime(["2016-03-01 00:00", "2016-03-02 22:30", None])}), 0.5)
    '1 van de 2 incidenten (50%) begint'
    """
    n = int(pd.to_datetime(sel["start"], errors="coerce").notna().sum())
    k = int(round(share * n))
    return f"{number(k, 0, thousands=True)} van de {number(n, 0, thousands=True)} incidenten ({share:.0%}) " \
           + ("begint" if k == 1 else "beginnen")


def _dates_only(sel: pd.DataFrame, params: dict, share: float) -> HotTimesResult:
    """Dates without times: no hour of the week can be tested; day-of-week and month profiles only.

    Every incident is a window of its whole day (00:00-24:00, aoristic), so the weekday sums are
    right and no hour looks hot; the hours are neither tested nor named as blocks.
    """
    start = pd.to_datetime(sel["start"], errors="coerce")
    day = start.dt.normalize()
    wh = week_hour(day, day + pd.Timedelta(days=1), aoristic=True)
    if wh.n == 0:
        raise AnalysisError("Geen incidenten met een begintijd: er is geen week-uurmatrix te maken.")
    nan = np.full((7, 24), np.nan)
    why = (f"{midnight_text(sel, share)} om 00:00: het bestand heeft alleen datums, geen tijden. Hot times "
           "(uren van de week) zijn daaruit niet te bepalen; alleen het profiel per dag van de week en per maand is "
           "berekend, met elk incident gelijk verdeeld over zijn dag.")
    test = {"name": "geen", "statistic": float("nan"), "df": 0, "p": float("nan"),
            "method": "niet mogelijk: alleen datums", "simulations": 0, "date_only": True}
    day_profiles = {"hour": None, "weekday": weekday_profile(wh.matrix), "dagdeel": None,
                    "month": month_profile(start.dropna())}
    signature = temporal_signature(np.zeros((7, 24)))
    signature["total"] = float(wh.n)
    return HotTimesResult(matrix=wh.matrix, total=float(wh.matrix.sum()), expected=nan.copy(), test=test,
                          p=nan.copy(), p_fdr=nan.copy(), hot=np.zeros((7, 24), dtype=bool), hot_blocks=[],
                          signature=signature, profiles=day_profiles, params=params, warnings=[why],
                          notes=["Alleen datums: elk incident telt voor 1, gelijk verdeeld over de 24 uren van zijn "
                                 "dag (aoristisch); geen toets per uur."])


def run(inputs, params: dict | None = None, progress=None, cancelled=None) -> HotTimesResult:
    """The declared shape (:data:`HOTTIMES`): hot times of the incidents of :class:`hotspots.inputs.Inputs`
    (located in the areas first when there are areas, so that ``area`` can select one)."""
    if inputs.incidents is None:
        raise AnalysisError("Hot times vragen om incidenten met tijden; tellingen per maand hebben geen uur.")
    p = as_progress(progress, cancelled)
    incidents = inputs.located(progress=p.slice(0.0, 0.2))
    return run_hottimes(incidents, params, progress=p.slice(0.2, 1.0))
