"""Period against period per area: the change, whether it is more than chance, and a Dutch sentence.

For one area let :math:`a` be the count in period A over :math:`t_a` months with
data and :math:`b` the count in period B over :math:`t_b` months. If both are
Poisson with the same rate per month, then given :math:`n = a + b`,

.. math:: b \\sim \\mathrm{Binomial}\\left(n, \\frac{t_b}{t_a + t_b}\\right)

(the conditional test for two Poisson counts; Przyborowski & Wilenski 1940,
as in Krishnamoorthy & Thomson 2004, *J. Stat. Plan. Inference* 119, 23-35). The
two-sided p-value is ``scipy.stats.binomtest``'s; p-values are FDR-adjusted over
the areas (Benjamini-Hochberg). Months without data (NaN) count neither in the
sum nor in :math:`t`; a sentence says so. The rate ratio is
:math:`(b/t_b)/(a/t_a)`.

>>> import pandas as pd
>>> counts = pd.DataFrame({"code": ["BU1"] * 24, "period": pd.period_range("2015-01", periods=24, freq="M"),
...                        "count": [2] * 12 + [6] * 12})
>>> r = compare_periods(counts=counts, before=("2015-01", "2015-12"), after=("2016-01", "2016-12"))
>>> r.table.loc[0, ["before", "after", "change"]].tolist()
[24.0, 72.0, 48.0]
>>> r.table.loc[0, "sentence"]
'BU1: van 24 naar 72 (+200%), een significante stijging (p < 0,001).'
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from kernel.errors import AnalysisError
from kernel.progress import as_progress

from hotspots.significance import benjamini_hochberg
from kernel.nl import number, p_text
from hotspots.change.methods import COMPARE
from hotspots.change.trends import METHOD as TRENDS, filter_series, month_name, monthly_from_counts, monthly_from_incidents
from hotspots.change.trends import to_month as _period


@dataclass
class CompareResult:
    """``table``: one row per area (and category) with the counts, change, p, p_fdr and sentence."""

    table: pd.DataFrame
    before: tuple
    after: tuple
    notes: list = field(default_factory=list)
    params: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"before": [str(p) for p in self.before], "after": [str(p) for p in self.after],
                "table": self.table.to_dict(orient="records"), "notes": self.notes, "params": self.params,
                "warnings": self.warnings}


def two_poisson_test(a: float, b: float, t_a: float = 1.0, t_b: float = 1.0) -> float:
    """Two-sided conditional (binomial) test of equal Poisson rates; NaN when ``a + b == 0``.

    >>> round(two_poisson_test(10, 30), 4)
    0.0022
    """
    n = int(round(a + b))
    if n == 0 or t_a <= 0 or t_b <= 0:
        return float("nan")
    return float(stats.binomtest(int(round(b)), n, t_b / (t_a + t_b)).pvalue)


def sentence(who: str, a: float, b: float, t_a: int, t_b: int, p: float, alpha: float = 0.05,
             missing: int = 0) -> str:
    """One plain-Dutch sentence about the change from period A to period B."""
    if a + b == 0:
        return f"{who}: geen incidenten in beide perioden."
    if t_a == t_b:
        change = f"van {a:.0f} naar {b:.0f}"
        base, now = a, b
    else:
        base, now = a / t_a, b / t_b
        change = f"van {number(base, 1)} naar {number(now, 1)} per maand"
    if base > 0:
        pct = (now - base) / base * 100
        change += f" ({'+' if pct >= 0 else '-'}{abs(pct):.0f}%)"
    if np.isfinite(p) and p <= alpha:
        word = "stijging" if now > base else "daling"
        text = f"{who}: {change}, een significante {word} ({p_text(p)})."
    elif now == base:
        text = f"{who}: {change}, geen verandering."
    else:
        text = f"{who}: {change}; dit verschil kan toeval zijn ({p_text(p)})."
    if missing:
        text += f" ({missing} maand(en) zonder gegevens niet meegeteld.)"
    return text


def compare_periods(*, counts: pd.DataFrame | None = None, incidents: pd.DataFrame | None = None,
                    before: tuple, after: tuple, area: str | None = None, category: str | None = None,
                    level: str = "alle", alpha: float = 0.05, names: dict | None = None, progress=None,
                    cancelled=None) -> CompareResult:
    """Compare two periods of months per area (and category).

    Parameters
    ----------
    counts, incidents : DataFrame
        One of the two, as for :func:`hotspots.change.trends.run_trends`.
    before, after : (first, last) months, e.g. ``("2015-01", "2015-12")``
        The two periods (inclusive); they may differ in length.
    names : dict, optional
        Code -> name, to say "Binnenstad-Oost" instead of a code in the sentence.
    """
    if (counts is None) == (incidents is None):
        raise AnalysisError("Geef tellingen of incidenten (één van beide) om perioden te vergelijken.")
    prog = as_progress(progress, cancelled)
    a0, a1, b0, b1 = _period(before[0]), _period(before[1]), _period(after[0]), _period(after[1])
    if a1 < a0 or b1 < b0:
        raise AnalysisError("Een periode eindigt vóór ze begint.")
    params = TRENDS.validate({"area": area, "category": category, "level": level})
    if counts is not None:
        wide, notes = monthly_from_counts(counts)
    else:
        wide, notes = monthly_from_incidents(incidents, min(a0, b0), max(a1, b1))
    wide = filter_series(wide, params)
    if wide.empty:
        raise AnalysisError("Geen gebieden om te vergelijken.")
    prog(0.2, "Perioden optellen")
    months = pd.PeriodIndex(wide.columns, freq="M")
    c = wide.to_numpy(dtype=float)
    in_a, in_b = (months >= a0) & (months <= a1), (months >= b0) & (months <= b1)
    a, b = np.nansum(c[:, in_a], axis=1), np.nansum(c[:, in_b], axis=1)
    t_a, t_b = np.isfinite(c[:, in_a]).sum(axis=1), np.isfinite(c[:, in_b]).sum(axis=1)
    p = np.empty(len(a))
    for i in range(len(a)):
        if i % 1000 == 0:
            prog(0.2 + 0.6 * i / len(a), "Toetsen per gebied")
        p[i] = two_poisson_test(a[i], b[i], t_a[i], t_b[i])
    keys = wide.index.to_frame(index=False)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where((a > 0) & (t_a > 0) & (t_b > 0), (b / t_b) / (a / t_a), np.nan)
    table = pd.DataFrame({"code": keys["code"].to_numpy(), "category": keys["category"].to_numpy(),
                          "before": a, "after": b, "months_before": t_a, "months_after": t_b, "change": b - a,
                          "rate_ratio": ratio, "p": p,
                          "missing_months": (a1 - a0).n + 1 + (b1 - b0).n + 1 - t_a - t_b})
    table["p_fdr"] = benjamini_hochberg(table["p"].to_numpy())
    table["significant"] = table["p_fdr"] <= alpha
    many_cats = table["category"].nunique() > 1
    names = names or {}
    table["sentence"] = [
        sentence(names.get(r.code, r.code) + (f" ({r.category})" if many_cats else ""), r.before, r.after,
                 r.months_before, r.months_after, r.p_fdr, alpha, r.missing_months)
        for r in table.itertuples()]
    notes.append(f"Periode A: {month_name(a0)} t/m {month_name(a1)}; periode B: {month_name(b0)} t/m "
                 f"{month_name(b1)}. Toets: voorwaardelijke binomiale toets voor twee Poisson-aantallen, "
                 "FDR-correctie (Benjamini-Hochberg) over de gebieden.")
    prog(1.0, "Klaar")
    return CompareResult(table=table, before=(a0, a1), after=(b0, b1), notes=notes,
                         params={"periods": [f"{a0}:{a1}", f"{b0}:{b1}"], "area": params["area"],
                                 "category": params["category"], "level": params["level"], "alpha": alpha})


def span(text: str, what: str = "--compare") -> tuple[str, str]:
    """``"2015-01:2015-12"`` -> ``("2015-01", "2015-12")``; a Dutch :class:`AnalysisError` otherwise."""
    parts = str(text).split(":")
    if len(parts) != 2:
        raise AnalysisError(f"{what}: '{text}' is geen periode; schrijf JJJJ-MM:JJJJ-MM.")
    return parts[0].strip(), parts[1].strip()


def run(inputs, params: dict | None = None, progress=None, cancelled=None) -> CompareResult:
    """The declared shape (:data:`COMPARE`): the two ``periods`` compared on the counts or incidents of
    :class:`hotspots.inputs.Inputs`, the areas named by their names where there are areas."""
    params = COMPARE.validate(params)
    if not params["periods"]:
        raise AnalysisError("Geef twee perioden om te vergelijken (A en B, elk JJJJ-MM:JJJJ-MM).")
    inputs.source_of_figures()
    areas = inputs.areas
    names = dict(zip(areas["code"], areas["name"])) if areas is not None and "name" in areas.columns else None
    data = {"counts": inputs.counts} if inputs.counts is not None else {"incidents": inputs.located()}
    before, after = (span(t) for t in params["periods"])
    return compare_periods(**data, before=before, after=after, area=params["area"], category=params["category"],
                           level=params["level"], alpha=params["alpha"], names=names, progress=progress,
                           cancelled=cancelled)
