"""Monthly trends per area: the series, last year's months, a trend test and early-warning flags.

``run_trends(counts=..., incidents=...)`` turns police counts (code, period,
count) or incidents (start, area) into one monthly series per area and
category, and adds:

``prev_year``
    the count of the same month one year earlier (NaN when that month has no data).
``expected``, ``lower``, ``upper``, ``flag``
    Early warning. The seasonal expectation of month *t* is a seasonal index times
    the recent level (a multiplicative decomposition):

    .. math::

        E_t = \\frac{\\bar c_{\\,\\text{same month}}}{\\bar c_{\\,H}} \\cdot \\bar c_{\\,t-12..t-1}

    with :math:`H` the months with data in the ``years_back`` (3) years before *t*,
    :math:`\\bar c_{\\,\\text{same month}}` the mean of the same calendar month within
    :math:`H`, and :math:`\\bar c_{\\,t-12..t-1}` the mean of the last twelve months
    (at least six with data; and at least one incident in the history: an expectation of 0
    from a history without any is no baseline, and that month gets no flag). With one year of history it is
    simply last year's
    month. The expected range is the central interval
    ``[ppf(a/2), ppf(1 - a/2)]`` at confidence ``1 - a`` of a negative binomial
    with mean :math:`E_t` and variance :math:`\\phi\\,E_t(1 + g_t)`: the area's own
    dispersion :math:`\\phi \\ge 1` (Pearson, from its earlier months) and the
    relative variance :math:`g_t` of the estimated :math:`E_t` (delta method), as in
    Farrington et al. (1996) and Noufaily et al. (2013); see
    :mod:`hotspots.change.expected_range` for the formulas. ``spread="poisson"`` gives the
    old plain Poisson interval (:math:`\\phi = 1`, :math:`g_t = 0`), which flags far
    more than the nominal ``a/2`` per side on overdispersed counts. ``flag`` is
    ``"hoog"`` when the count is above the range (and at least ``min_count``),
    ``"laag"`` when below, ``"normaal"`` inside, and missing when there is no count
    or no expectation yet. ``p_high`` is :math:`P(X \\ge c)` under the same
    distribution; NaN where :math:`E_t = 0`, with either ``spread`` (as it always
    was: :func:`hotspots.significance.poisson_upper` is NaN there too). The range there is
    ``[0, 0]``, but :math:`E_t = 0` is itself an estimate whose uncertainty is not
    included, so the tail of a point mass at 0 (1 for :math:`c = 0`, else 0) would
    claim a certainty the data do not give: a month with incidents against an
    expectation of 0 gets no flag (it has no baseline to be judged against; a month
    without incidents there is ``"normaal"``), and ``warnings`` says how many months
    could not be judged ("too little history" when none could).
    ``dispersion`` is the :math:`\\phi` used for that month (series)
    and the area's estimate over all its months (tests); 1 with ``spread="poisson"``.
Trend test
    Seasonal Mann-Kendall (Hirsch, Slack & Smith 1982, *Water Resources Research*
    18(1), 107-121): Kendall's S within each calendar month, summed over the
    months; variance with the tie correction, z with continuity correction,
    two-sided normal p; Kendall's tau = S / sum of pairs; the slope is the seasonal
    Sen slope (Hirsch et al. 1982), in incidents per month per year. Missing
    months are skipped. p-values are FDR-adjusted over the areas
    (Benjamini-Hochberg).

Missing is not zero: from a counts file a month without a row is missing (NaN);
from incidents every month between the first and last month of the data (or the
``start``/``end`` parameters) is observed, so a month without incidents is 0.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kernel.errors import AnalysisError
from kernel.progress import as_progress

from hotspots.categories import select_category
from hotspots.change.expected_range import MIN_MONTHS, count_range, dispersion, expectation_variance, upper_tail
from hotspots.change.methods import TRENDS
from kernel.cbs import at_level
from kernel.nl import MONTH_NAMES, number, p_text
from kernel.schema import stripped  # noqa: F401  (re-exported: hotspots.change.trends.stripped)
from hotspots.significance import benjamini_hochberg, seasonal_mann_kendall_rows
from hotspots.significance import seasonal_mann_kendall  # noqa: F401  (re-exported: one series)

METHOD = TRENDS  # the declaration lives in hotspots.change.methods (light: the form and --help)
ALL = "alle"


@dataclass
class TrendResult:
    """``series`` (one row per key and month), ``tests`` (one row per key), Dutch ``sentences``."""

    series: pd.DataFrame
    tests: pd.DataFrame
    sentences: list
    params: dict
    notes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    # incidents per series (``code``, ``category``, ``total``): kept whole when ``series`` is not (the light run's
    # :meth:`flagged_only`), for the protection of small series (mapping.protect.Protection.hidden_series)
    totals: pd.DataFrame | None = None

    def flagged_only(self) -> "TrendResult":
        """A copy whose series keeps only the months flagged "hoog": what the sentences (:func:`trend_sentences`)
        and the output pipeline's trend sheet use. For a caller that only publishes (the window's exports): the
        national series are 1.5 million rows, 120 MB to send from the worker process."""
        from dataclasses import replace

        if "flag" not in self.series:
            return self
        return replace(self, series=self.series[(self.series["flag"] == "hoog").fillna(False).to_numpy(bool)])

    def to_dict(self) -> dict:
        s = self.series.copy()
        s["month"] = s["month"].astype(str)
        return {"series": s.to_dict(orient="records"), "tests": self.tests.to_dict(orient="records"),
                "sentences": self.sentences, "params": self.params, "notes": self.notes,
                "warnings": self.warnings}


def month_name(period: pd.Period) -> str:
    """``"maart 2016"``."""
    return f"{MONTH_NAMES[period.month - 1]} {period.year}"


def to_month(value) -> pd.Period:
    """A month from ``"2016-03"`` (or a Period/Timestamp); a Dutch :class:`AnalysisError` otherwise."""
    try:
        return pd.Period(str(value), freq="M")
    except (ValueError, TypeError):
        raise AnalysisError(f"'{value}' is geen maand (gebruik JJJJ-MM).") from None


def month_span(first: pd.Period, last: pd.Period) -> str:
    """``"maart 2016"``, ``"april t/m juni 2017"`` or ``"januari 2016 t/m maart 2017"``."""
    if first == last:
        return month_name(first)
    if first.year == last.year:
        return f"{MONTH_NAMES[first.month - 1]} t/m {month_name(last)}"
    return f"{month_name(first)} t/m {month_name(last)}"


def check_period(start, end, first, last, what: str = "gegevens") -> None:
    """Refuse a chosen period (``start``/``end`` months, either None) that ends before it begins, or that holds no
    month of the data (``first`` to ``last``; None: no data): one Dutch :class:`AnalysisError` naming the period
    chosen and the months the ``what`` ("incidenten", "tellingen") cover. Shared by ``wijkbeeld trends`` and the
    window's Ontwikkeling (:func:`desktop.change_tasks.development`), so that an empty period is refused alike
    for incidents and counts, never shown as months that are all unknown."""
    a, b = (to_month(v) if v else None for v in (start, end))
    if a is not None and b is not None and a > b:
        raise AnalysisError(f"De gekozen periode loopt van {month_name(a)} tot {month_name(b)}: het begin ligt na "
                            "het eind.")
    if first is None or last is None or (a is None and b is None):
        return
    f, l_ = to_month(first), to_month(last)
    if (a is not None and a > l_) or (b is not None and b < f):
        chosen = month_span(a, b) if a is not None and b is not None else \
            f"vanaf {month_name(a)}" if a is not None else f"t/m {month_name(b)}"
        raise AnalysisError(f"Geen {what} in de gekozen periode ({chosen}); de {what} beslaan {month_span(f, l_)}.")


# -- monthly tables ------------------------------------------------------------------------------
def monthly_from_counts(counts: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Counts frame -> wide table (index: code, category; columns: monthly Periods), NaN where no row."""
    for col in ("code", "period", "count"):
        if col not in counts.columns:
            raise AnalysisError(f"De tellingen missen de kolom {col}.")
    notes = []
    c = counts.copy()
    c["code"] = c["code"].astype("string").str.strip()
    c["category"] = c["category"].astype("string").str.strip() if "category" in c.columns else ALL
    per = c["period"]
    if isinstance(per.dtype, pd.PeriodDtype):
        monthly = np.full(len(c), per.dtype.freq.freqstr.startswith("M"))
    elif len(per) and all(isinstance(p, pd.Period) for p in per):  # mixed monthly and yearly periods
        monthly = np.asarray([p.freqstr.startswith("M") for p in per])
    else:
        per = pd.PeriodIndex(per.astype(str), freq="M")
        monthly = np.ones(len(c), dtype=bool)
    if not monthly.all():
        notes.append(f"{int((~monthly).sum())} telling(en) per jaar overgeslagen: trends gaan per maand.")
        c, per = c[monthly], per[monthly]
    c["month"] = pd.PeriodIndex(per, freq="M")
    if c.empty:
        raise AnalysisError("De tellingen bevatten geen maandcijfers.")
    wide = c.pivot_table(index=["code", "category"], columns="month", values="count", aggfunc="sum",
                         dropna=False)
    months = pd.period_range(c["month"].min(), c["month"].max(), freq="M")
    present = c.groupby(["code", "category", "month"]).size()
    wide = wide.reindex(columns=months)
    # pivot_table sums missing to 0 only when a row exists; mark absent (code, month) as NaN explicitly
    mask = present.unstack("month").reindex(index=wide.index, columns=months).notna()
    return wide.where(mask), notes


def monthly_from_incidents(incidents: pd.DataFrame, start=None, end=None,
                           codes=None, check=None) -> tuple[pd.DataFrame, list[str]]:
    """Incidents -> wide monthly counts per area (by the month of the start); zero where none.

    ``codes`` (all area codes, e.g. ``areas["code"]``) adds areas without any
    incident as series of zeros; without it only areas with incidents appear. ``check`` (raises to stop) is
    called between the steps (each 0.1-0.2 s on a million incidents).
    """
    check = check or (lambda: None)
    if "start" not in incidents.columns:
        raise AnalysisError("De incidentenlaag mist de kolom start (begintijd).")
    notes = []
    inc = incidents[incidents["start"].notna()]
    if len(inc) < len(incidents):
        notes.append(f"{len(incidents) - len(inc)} incident(en) zonder begintijd weggelaten.")
    if "area" in inc.columns and inc["area"].notna().any():
        outside = inc["area"].isna()
        if outside.any():
            notes.append(f"{int(outside.sum())} incident(en) buiten elk gebied niet meegeteld.")
        inc = inc[~outside]
        code = stripped(inc["area"])
    else:
        code = pd.Series("totaal", index=inc.index, dtype="string")
    cat = stripped(inc["category"]) if "category" in inc.columns else \
        pd.Series(pd.NA, index=inc.index, dtype="string")
    # a file without categories is one series; a missing category among others is 'onbekend' (never dropped)
    cat = cat.fillna(ALL if cat.isna().all() else "onbekend")
    check()
    start_time = pd.to_datetime(inc["start"])
    month = start_time.dt.to_period("M")
    check()
    first = to_month(start) if start else month.min()
    last = to_month(end) if end else month.max()
    if pd.isna(first) or pd.isna(last):
        raise AnalysisError("Geen incidenten met een begintijd in een gebied.")
    months = pd.period_range(first, last, freq="M")
    latest = start_time.max()
    if not end and latest < last.end_time - pd.Timedelta(days=3):
        notes.append(f"De laatste maand ({month_name(last)}) loopt in de gegevens maar tot "
                     f"{latest:%d-%m-%Y}: dat aantal is onvolledig.")
    frame = pd.DataFrame({"code": code, "category": cat, "month": month})
    frame = frame[(frame["month"] >= first) & (frame["month"] <= last)]
    check()
    wide = frame.groupby(["code", "category", "month"]).size().unstack("month")
    check()
    if codes is not None:
        all_codes = pd.Index(pd.Series(codes, dtype="string").str.strip().unique(), name="code")
        cats = wide.index.get_level_values("category").unique() if len(wide) else pd.Index([ALL])
        full = pd.MultiIndex.from_product([all_codes, cats], names=["code", "category"])
        extra = wide.index.difference(full)
        wide = wide.reindex(full.append(extra))
    wide = wide.reindex(columns=months).fillna(0.0).astype(float)
    notes.append(f"Maanden {month_name(first)} t/m {month_name(last)} uit de incidenten; een maand zonder "
                 "incidenten telt als 0.")
    # months asked for (start/end) before the first or after the last incident lie outside the data: unknown
    covered = pd.to_datetime(incidents["start"]).dropna().dt.to_period("M")
    beyond = (months < covered.min()) | (months > covered.max())
    if beyond.any():
        wide.loc[:, beyond] = np.nan
        notes.append(f"{int(beyond.sum())} maand(en) buiten de gegevens (vóór de eerste of na de laatste melding) "
                     "zijn onbekend, niet 0.")
    return wide, notes


# -- expectation and flags -----------------------------------------------------------------------
def seasonal_expectation(values: np.ndarray, months: pd.PeriodIndex, years_back: int = 3) -> np.ndarray:
    """Expected count per key and month (seasonal index x level, see the module docstring); NaN where unknown.

    Unknown means no baseline: fewer than six of the last twelve months with data, no earlier
    month of the same calendar month, or no incident at all in the history (an expectation of 0
    that rests on nothing; such a month gets no flag).
    """
    c = np.asarray(values, dtype=float)
    k, t_n = c.shape
    cal = np.asarray(months.month)
    out = np.full((k, t_n), np.nan)
    for t in range(t_n):
        lo = max(0, t - 12 * years_back)
        hist = c[:, lo:t]
        if hist.shape[1] == 0:
            continue
        same = hist[:, cal[lo:t] == cal[t]]
        recent = c[:, max(0, t - 12):t]
        with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN history (months outside the data): NaN
            mean_same = np.nanmean(same, axis=1) if same.shape[1] else np.full(k, np.nan)
            mean_hist = np.nanmean(hist, axis=1)
            level = np.nanmean(recent, axis=1)
            # a baseline: six recent months with data, the same month before, and an incident in the history
            # (an expectation of 0 from a history without any incident is no baseline: no flag, issue 11)
            enough = (np.isfinite(recent).sum(axis=1) >= 6) & np.isfinite(mean_same) & (mean_hist > 0)
            e = np.where(mean_hist > 0, mean_same / mean_hist * level, np.nan)
        out[:, t] = np.where(enough, e, np.nan)
    return out


# -- the whole analysis --------------------------------------------------------------------------
def filter_series(wide: pd.DataFrame, params: dict) -> pd.DataFrame:
    """The series (area, category) and months of ``wide`` that ``params`` choose (area, level, category,
    start, end); a Dutch :class:`AnalysisError` when none is left. Shared with :mod:`hotspots.change.compare`."""
    codes = wide.index.get_level_values("code")
    keep = np.ones(len(wide), dtype=bool)
    if params["area"]:
        keep &= np.asarray(codes == str(params["area"]).strip())
    if params["level"] != "alle":
        keep &= np.asarray(at_level(pd.Index(codes), params["level"]), dtype=bool)
    if params["category"]:  # case and spaces ignored, as everywhere (hotspots.categories)
        mask, match = select_category(wide.index.get_level_values("category").to_series(), str(params["category"]))
        if match.unknown:
            why = "De gegevens hebben geen categorieën." if match.known == [ALL] else match.message()
            raise AnalysisError(f"Geen maandcijfers voor categorie '{params['category']}'. {why}")
        keep &= mask
    out = wide[keep]
    if params["start"]:
        out = out.loc[:, out.columns >= to_month(params["start"])]
    if params["end"]:
        out = out.loc[:, out.columns <= to_month(params["end"])]
    if out.empty or out.shape[1] == 0:
        words = {"area": "gebied", "category": "categorie"}
        what = [f"{words[k]} '{params[k]}'" for k in ("area", "category") if params[k]]
        period = " ".join(f"{word} {params[k]}" for k, word in (("start", "vanaf"), ("end", "t/m")) if params[k])
        span = f"; de gegevens lopen van {wide.columns.min()} t/m {wide.columns.max()}" \
            if period and wide.shape[1] else ""
        raise AnalysisError("Geen maandcijfers over" + (" voor " + ", ".join(what) if what else "")
                            + (f" {period}" if period else "") + span + ".")
    return out


def run_trends(*, counts: pd.DataFrame | None = None, incidents: pd.DataFrame | None = None,
               area: str | None = None, category: str | None = None, params: dict | None = None,
               areas=None, progress=None, cancelled=None) -> TrendResult:
    """Monthly series with previous-year values, seasonal expectation and flags, and a trend test per area.

    Give either ``counts`` (Counts frame) or ``incidents`` (Incidents frame with
    ``area`` set by :func:`hotspots.where.assign.assign_points`; without it, one series
    ``totaal``). ``area`` and ``category`` are shorthands for the parameters.
    ``areas`` (an Areas frame or a list of codes) gives incidents-based series
    for every area, also those without incidents (zeros); an Areas frame's names (or else the counts' own
    ``name`` column) go into ``tests["name"]`` and the sentences ("Binnenstad-Zuid (BU00140001): ...").
    """
    params = dict(params or {})
    if area is not None:
        params["area"] = area
    if category is not None:
        params["category"] = category
    params = METHOD.validate(params)
    prog = as_progress(progress, cancelled)
    if (counts is None) == (incidents is None):
        raise AnalysisError("Geef tellingen of incidenten (één van beide) voor een trend.")
    prog(0.0, "Maandreeksen maken")
    if counts is not None:
        wide, notes = monthly_from_counts(counts)
        notes.append("Een maand zonder telling is onbekend (leeg), niet 0.")
        counted = wide.columns[np.isfinite(wide.to_numpy(dtype=float)).any(axis=0)]
        check_period(params["start"], params["end"], counted.min() if len(counted) else None,
                     counted.max() if len(counted) else None, "tellingen")
    else:
        if "start" in incidents.columns:
            started = pd.to_datetime(incidents["start"]).dropna()
            check_period(params["start"], params["end"], *(started.agg(["min", "max"]).dt.to_period("M")
                                                           if len(started) else (None, None)), "incidenten")
        codes = areas["code"] if isinstance(areas, pd.DataFrame) else areas
        wide, notes = monthly_from_incidents(incidents, params["start"], params["end"], codes, check=prog.check)
    wide = filter_series(wide, params)
    months = pd.PeriodIndex(wide.columns, freq="M")
    c = wide.to_numpy(dtype=float)
    k, t_n = c.shape
    prog(0.3, "Verwachting en signalen")
    prev = np.full(c.shape, np.nan)
    prev[:, 12:] = c[:, :-12]
    expected = seasonal_expectation(c, months, params["years_back"])
    prog(0.35, "Verwachting en signalen")  # (each step a moment to stop: a national run's steps take 0.2-0.6 s)
    if params["spread"] == "poisson":
        phi_area, phi, g = np.ones(k), np.ones(c.shape), np.zeros(c.shape)
    else:
        g = expectation_variance(c, months, expected, params["years_back"])
        phi_area, phi = dispersion(c, expected, g)
    prog(0.4, "Verwachting en signalen")
    ratio = phi * (1 + np.nan_to_num(g))
    lower, upper = count_range(expected, ratio, params["confidence"], check=prog.check)
    prog(0.45, "Verwachting en signalen")
    has = np.isfinite(c) & np.isfinite(expected)
    # an expectation of 0 (range [0, 0]) claims certainty the data do not give: incidents there are no
    # signal against a baseline, so they get no flag (nothing there is 'normaal'); issue 11
    judged = has & ((expected > 0) | (c == 0))
    too_little, history_notes = _history_warnings(c, judged, months)
    notes += history_notes
    with np.errstate(invalid="ignore"):
        high = judged & (c > upper) & (c >= params["min_count"])
        low = judged & (c < lower)
    flag = np.where(high, "hoog", np.where(low, "laag", np.where(judged, "normaal", None)))
    p_high = np.where(has, upper_tail(c, expected, ratio), np.nan)
    prog(0.5, "Verwachting en signalen")
    keys = wide.index.to_frame(index=False)
    series = pd.DataFrame({
        "code": np.repeat(keys["code"].to_numpy(), t_n), "category": np.repeat(keys["category"].to_numpy(), t_n),
        "month": pd.PeriodIndex.from_ordinals(np.tile(months.asi8, k), freq="M"), "count": c.ravel(),
        "prev_year": prev.ravel(), "expected": expected.ravel(), "lower": lower.ravel(), "upper": upper.ravel(),
        "flag": flag.ravel(), "p_high": p_high.ravel(), "dispersion": np.where(has, phi, np.nan).ravel()})
    prog(0.6, "Trendtoets")
    tests = pd.DataFrame({"code": keys["code"].to_numpy(), "category": keys["category"].to_numpy(),
                          **seasonal_mann_kendall_rows(c, months), "dispersion": phi_area.astype(float)})
    tests["p_fdr"] = benjamini_hochberg(tests["p"].to_numpy())
    sig = tests["p_fdr"] <= params["alpha"]
    tests["direction"] = np.where(sig & (tests["s"] > 0), "stijgend",
                                  np.where(sig & (tests["s"] < 0), "dalend", "geen trend"))
    names = _names(areas, counts)
    if names:  # sentences and tables name the areas, not only their codes (issue 18)
        tests.insert(1, "name", tests["code"].astype(str).map(names))
    sentences = _sentences(series, tests, len(keys["category"].unique()) > 1)
    if params["spread"] != "poisson":
        sentences.insert(0, _spread_sentence(tests))
    notes.append("Trendtoets: seizoens-Mann-Kendall (Hirsch e.a. 1982) met FDR-correctie (Benjamini-Hochberg).")
    conf = round(params["confidence"] * 100)
    if params["spread"] == "poisson":
        notes.append(f"Signaal 'hoog': boven het Poisson-bereik rond de seizoensverwachting ({conf}%), met minstens "
                     f"{params['min_count']} incidenten. Let op: dat bereik negeert de schommelingen van het gebied "
                     "en de onzekerheid van de verwachting, en geeft dus meer valse signalen.")
    else:
        notes.append(f"Signaal 'hoog': boven het verwachte bereik rond de seizoensverwachting ({conf}%), met minstens "
                     f"{params['min_count']} incidenten. Het bereik is negatief-binomiaal: verbreed voor de eigen "
                     "spreiding van elk gebied en de onzekerheid van de verwachting (Farrington e.a. 1996; "
                     "Noufaily e.a. 2013).")
        few = int(((has & (expected > 0)).sum(axis=1) < MIN_MONTHS + 1).sum())
        if few:
            notes.append(f"{few} reeks(en) met minder dan {MIN_MONTHS + 1} maanden met een verwachting boven 0: "
                         "te weinig om de spreiding te schatten, daar spreiding 1 (Poisson).")
    prog(1.0, "Klaar")
    totals = pd.DataFrame({"code": keys["code"].to_numpy(), "category": keys["category"].to_numpy(),
                           "total": np.nansum(c, axis=1)})
    return TrendResult(series=series, tests=tests, sentences=sentences, params=params, notes=notes,
                       warnings=too_little, totals=totals)


def _history_warnings(c: np.ndarray, judged: np.ndarray, months: pd.PeriodIndex) -> tuple[list[str], list[str]]:
    """(warnings, notes) on 'too little history': how many months with a count have no baseline to flag against.

    A warning when no month can be judged or fewer than half of them; a note otherwise (the first
    year of every series has no baseline).
    """
    counted = np.isfinite(c)
    if not judged.any():
        with_data = int(counted.any(axis=0).sum())
        return [f"Te weinig historie voor signalen: de gegevens beslaan {with_data} maand(en) "
                f"({month_name(months[0])} t/m {month_name(months[-1])}); een maand krijgt pas een signaal met "
                "een jaar historie ervoor waarin incidenten voorkomen. Geen enkele maand is gemarkeerd."], []
    without, total = int((counted & ~judged).sum()), int(counted.sum())
    if not without:
        return [], []
    sentence = (f"{without} van de {total} maandcijfers hebben geen basis om aan te toetsen (het eerste jaar, "
                "geen enkel incident in de jaren ervoor, of een verwachting van 0) en krijgen geen signaal.")
    return ([f"Te weinig historie: {sentence}"], []) if without * 2 > total else ([], [sentence])


def run(inputs, params: dict | None = None, progress=None, cancelled=None) -> TrendResult:
    """The declared shape (:data:`TRENDS`): trends of the counts or incidents of :class:`hotspots.inputs.Inputs`
    (incidents per area when there are areas, every area included; else one series ``totaal``)."""
    inputs.source_of_figures()
    if inputs.counts is not None:
        return run_trends(counts=inputs.counts, params=params, areas=inputs.areas, progress=progress,
                          cancelled=cancelled)
    p = as_progress(progress, cancelled)
    incidents = inputs.located(progress=p.slice(0.0, 0.2))
    return run_trends(incidents=incidents, params=params, areas=inputs.areas, progress=p.slice(0.2, 1.0))


def _spread_sentence(tests: pd.DataFrame) -> str:
    """One sentence on the dispersion behind the expected range (for the report).

    A dispersion of 1 is either no more than chance or too few months to estimate
    it (:func:`hotspots.change.expected_range.dispersion`): then the range is not widened for it.
    """
    phi = tests["dispersion"].to_numpy(dtype=float)
    one = "1 = niet meer dan toeval, of te weinig maanden om te schatten"
    if len(phi) == 1:
        head = (f"{tests['code'].iat[0]}: de spreiding (variantie) van de maandcijfers is {number(phi[0], 1)} keer "
                "die bij puur toeval (Poisson")
        if phi[0] > 1:
            return head + "); het verwachte bereik is daarom breder, geschat uit de maanden ervoor."
        return head + f"; {one}); het verwachte bereik is daarom niet verbreed."
    unit, units = ("reeks", "reeksen") if tests["category"].nunique() > 1 else ("gebied", "gebieden")
    wide = int((phi > 1).sum())
    return (f"De spreiding (variantie) van de maandcijfers is per {unit} {number(phi.min(), 1)} tot "
            f"{number(phi.max(), 1)} keer die bij puur toeval (Poisson; mediaan {number(float(np.median(phi)), 1)}; "
            f"{one}). In {wide} van de {len(phi)} {units} is het verwachte bereik daarom breder, geschat uit de "
            "maanden ervoor.")


def trend_sentences(result: TrendResult, count_text=None) -> list[str]:
    """The sentences of ``result`` again, with every count, expectation and bound written by
    ``count_text(value, digits)`` (the output pipeline's disclosure rule, :mod:`mapping.protect`)."""
    tests, series = result.tests, result.series
    out = _sentences(series, tests, tests["category"].nunique() > 1, count_text=count_text)
    if result.params.get("spread") != "poisson" and len(tests):
        out.insert(0, _spread_sentence(tests))
    return out


def _plain_count(value, digits: int = 0) -> str:
    return str(int(value)) if digits == 0 else number(value, digits)


def _names(areas, counts) -> dict:
    """``{code: name}`` from the areas (an Areas frame), else from the counts' own name column; {} without names."""
    for frame in (areas, counts):
        if isinstance(frame, pd.DataFrame) and "name" in frame:
            known = frame[frame["name"].notna()]
            if len(known):
                return dict(zip(known["code"].astype(str), known["name"].astype(str)))
    return {}


def _area_labels(tests: pd.DataFrame):
    """``code -> "Binnenstad-Zuid (BU00140001)"`` where the tests know the area's name, else the code alone."""
    if "name" not in tests:
        return str
    names = {str(c): n for c, n in zip(tests["code"], tests["name"]) if isinstance(n, str) and n.strip()}
    return lambda code: f"{names[str(code)]} ({code})" if str(code) in names else str(code)


def _slope_text(slope: float, more: str) -> str:
    """Sen's slope as a sentence part: ``ongeveer 1,2 per maand meer per jaar``; a slope that rounds to 0,0
    says ``minder dan 0,1 per maand ... per jaar`` (never "ongeveer 0,0 per maand minder")."""
    if abs(slope) < 0.05:
        return f"minder dan 0,1 per maand {more} per jaar"
    return f"ongeveer {number(abs(slope), 1)} per maand {more} per jaar"


def _sentences(series: pd.DataFrame, tests: pd.DataFrame, with_category: bool, count_text=None) -> list[str]:
    fmt = count_text or _plain_count
    out = []
    label = _area_labels(tests)
    flat = tests[(tests["direction"] == "geen trend") & tests["p"].notna()]
    if len(tests) == 1 and len(flat) == 1:
        out.append(f"{label(tests['code'].iat[0])}: geen duidelijke trend ({p_text(flat['p_fdr'].iat[0])}).")
    elif len(flat):
        out.append(f"{len(flat)} van de {len(tests)} reeksen: geen duidelijke trend.")
    untested = int(tests["p"].isna().sum())
    if untested:
        out.append(f"{untested} reeks(en) zonder variatie of met te weinig maanden: niet te toetsen.")
    # only the series with a trend get a sentence: walking all of them row by row took 0.3 s nationally
    for row in tests[(tests["direction"] != "geen trend").to_numpy()].itertuples():
        who = f"{label(row.code)} ({row.category})" if with_category else label(row.code)
        verb, more = ("stijgt", "meer") if row.direction == "stijgend" else ("daalt", "minder")
        out.append(f"{who}: het aantal {verb} (seizoens-Mann-Kendall, {p_text(row.p_fdr)}; "
                   f"{_slope_text(row.slope, more)}).")
    # the signals newest first, as the officer reads them every month (issue 18); areas of one month by code
    high = series[series["flag"] == "hoog"]
    high = high.assign(_code=high["code"].astype(str)).sort_values(["month", "_code"], ascending=[False, True],
                                                                   kind="stable")
    for row in high.itertuples():
        who = f"{label(row.code)} ({row.category})" if with_category else label(row.code)
        out.append(f"{who}: {month_name(row.month)} hoger dan verwacht ({fmt(row.count)} tegen "
                   f"{fmt(row.expected, 1)} verwacht; bovengrens {fmt(row.upper)}).")
    return out
