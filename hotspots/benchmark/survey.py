"""What residents say (the Veiligheidsmonitor) beside what is registered, with the survey's margins carried through.

Against the previous survey and against similar gemeenten
    A survey figure :math:`v` with its 95% margin :math:`[l, u]` has standard error
    :math:`s = (u - l)/(2 \\cdot 1.96)`. Two independent figures differ by
    :math:`z = (v_2 - v_1)/\\sqrt{s_1^2 + s_2^2}`, two-sided normal :math:`p`: "hoger" or "lager" only where
    :math:`p \\le \\alpha`, as the Veiligheidsmonitor itself marks significant differences. Similar gemeenten
    (:func:`hotspots.benchmark.groups.similar`) are combined as the inhabitant-weighted mean of their
    figures, :math:`\\bar v = \\sum w_j v_j` with :math:`w_j = N_j/\\sum N`, standard error
    :math:`\\sqrt{\\sum w_j^2 s_j^2}` (independent samples; the gemeente itself left out). A figure without a
    margin is never called different.
Beside the registered counts
    Each indicator is matched to the registered theme it speaks of (:data:`RULES`: feeling unsafe and
    victimisation beside all registered crime, nuisance beside nuisance, bicycle theft beside bicycle theft;
    the user may link others), as a rate per 1,000 with its interval (:mod:`hotspots.benchmark.stats`).
Across wijken
    A correlation over a handful of wijken says little. :func:`association` gives Spearman's rank
    correlation with Fisher's margin for so few wijken; a relation is only named when that margin excludes
    0, and never with fewer than :data:`MIN_AREAS` wijken; the sentence always says how many wijken and how
    wide the margin is, and that a relation between wijken says nothing about cause or about persons.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from hotspots.benchmark.gemeente import POLICE_LABELS, p_text
from kernel.nl import number

Z95 = stats.norm.ppf(0.975)
#: Fewest wijken with both figures before anything is said about a relation.
MIN_AREAS = 5
#: (words in the indicator, what the registered series is: police category code or words in its name).
RULES = ((("fiets",), ("1.2.3", "fiets")),
         (("inbraak",), ("1.1.1", "inbraak")),
         (("geweld", "mishandel"), ("1.4.5", "mishandel", "geweld")),
         (("vernieling", "verloedering", "vandalisme"), ("2.2.1", "vernieling")),
         (("overlast",), ("2.1.1", "overlast")),
         (("onveilig", "slachtoffer", "criminaliteit"), ("0.0.0", "totaal")))


def standard_error(lower, upper) -> np.ndarray:
    """The standard error of a figure from its 95% margin (NaN where the margin is unknown)."""
    return (np.asarray(upper, dtype=float) - np.asarray(lower, dtype=float)) / (2 * Z95)


def difference(v1, s1, v2, s2) -> tuple[float, float]:
    """(z, two-sided p) of the difference between two independent figures with standard errors (NaN: unknown)."""
    se = float(np.hypot(s1, s2))
    if not np.isfinite(se) or se <= 0 or not (np.isfinite(v1) and np.isfinite(v2)):
        return float("nan"), float("nan")
    z = (v2 - v1) / se
    return float(z), float(2 * stats.norm.sf(abs(z)))


def weighted_group(values, errors, weights) -> tuple[float, float]:
    """The weighted mean of figures and its standard error (module docstring); NaN without figures."""
    v, s, w = (np.asarray(a, dtype=float) for a in (values, errors, weights))
    ok = np.isfinite(v) & np.isfinite(w) & (w > 0)
    if not ok.any():
        return float("nan"), float("nan")
    w = w[ok] / w[ok].sum()
    return float((w * v[ok]).sum()), float(np.sqrt((w ** 2 * s[ok] ** 2).sum()))


def match_series(indicator: str, available: dict, links: dict | None = None) -> str | None:
    """The key of the registered series (``available``: key -> label) that ``indicator`` speaks of, or None.

    ``links`` (indicator text -> key, case-insensitive on a part of the text) comes first.

    >>> match_series("Slachtoffer van fietsdiefstal (%)", {"0.0.0": "Totaal misdrijven", "1.2.3": "Fietsen"})
    '1.2.3'
    >>> match_series("Voelt zich wel eens onveilig in de buurt (%)", {"Diefstal Fiets": "Diefstal Fiets"}) is None
    True
    """
    text = str(indicator).casefold()
    for part, key in (links or {}).items():
        if str(part).casefold() in text:
            return key if key in available else None
    for words, wanted in RULES:
        if not any(w in text for w in words):
            continue
        for key, label in available.items():
            name = f"{key} {label if isinstance(label, str) else POLICE_LABELS.get(str(key), '')}".casefold()
            if key in wanted or any(w in name for w in wanted if not w[0].isdigit()):
                return key
        return None
    return None


@dataclass
class SurveyResult:
    """What residents say in one gemeente (or its wijken), beside the registered counts (module docstring).

    ``table``: per indicator the latest survey, the previous one and similar gemeenten (with tests);
    ``side``: per area, indicator and year the figure and the matched registered rate; ``associations``:
    per indicator over wijken, the correlation and its honest margin.
    """

    code: str
    name: str
    table: pd.DataFrame
    side: pd.DataFrame
    associations: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    params: dict = field(default_factory=dict)

    @property
    def sentences(self) -> list[str]:
        return self.table["sentence"].tolist() + [a["sentence"] for a in self.associations]

    def to_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "table": self.table.to_dict(orient="records"),
                "side": self.side.to_dict(orient="records"), "associations": self.associations,
                "sentences": self.sentences, "notes": self.notes, "warnings": self.warnings, "params": self.params}


def _value_text(v: float, unit: str) -> str:
    if not np.isfinite(v):
        return "onbekend"
    return f"{number(v, 1)}%" if unit == "%" else number(v, 1)


def _verdict(p, z, alpha) -> str:
    if not np.isfinite(p):
        return "niet te toetsen"
    return ("hoger" if z > 0 else "lager") if p <= alpha else "niet anders"


SUMMARY_COLUMNS = ["indicator", "theme", "unit", "year", "value", "lower", "upper", "prev_year", "prev_value",
                   "prev_lower", "prev_upper", "p_change", "change", "group_value", "group_lower", "group_upper",
                   "n_group", "p_group", "versus_group", "sentence"]


def survey_summary(survey: pd.DataFrame, code: str, *, group_codes=(), weights: dict | None = None,
                   name: str | None = None, alpha: float = 0.05) -> pd.DataFrame:
    """Per indicator: the latest survey of ``code`` against its previous survey and against the group."""
    own = survey[survey["code"] == code]
    rows = []
    for indicator, g in own.groupby("indicator", sort=True):
        g = g.sort_values("year")
        last = g.iloc[-1]
        se = float(standard_error(last["lower"], last["upper"]))
        row = {"indicator": indicator, "theme": last.get("theme", ""), "unit": last["unit"], "year": int(last["year"]),
               "value": float(last["value"]), "lower": float(last["lower"]), "upper": float(last["upper"])}
        if len(g) > 1:
            prev = g.iloc[-2]
            z, p = difference(float(prev["value"]), float(standard_error(prev["lower"], prev["upper"])),
                              float(last["value"]), se)
            row.update(prev_year=int(prev["year"]), prev_value=float(prev["value"]), prev_lower=float(prev["lower"]),
                       prev_upper=float(prev["upper"]), p_change=p, change=_verdict(p, z, alpha))
        else:
            row.update(prev_year=None, prev_value=np.nan, prev_lower=np.nan, prev_upper=np.nan, p_change=np.nan,
                       change="geen eerdere meting")
        members = survey[(survey["indicator"] == indicator) & (survey["year"] == last["year"])
                         & survey["code"].isin([c for c in group_codes if c != code])]
        if len(members):
            w = members["code"].map(weights or {}).fillna(1.0).to_numpy(float)
            gv, gs = weighted_group(members["value"], standard_error(members["lower"], members["upper"]), w)
            z, p = difference(gv, gs, float(last["value"]), se)
            row.update(group_value=gv, group_lower=gv - Z95 * gs, group_upper=gv + Z95 * gs, n_group=len(members),
                       p_group=p, versus_group=_verdict(p, z, alpha))
        else:
            row.update(group_value=np.nan, group_lower=np.nan, group_upper=np.nan, n_group=0, p_group=np.nan,
                       versus_group="geen vergelijkbare gemeenten met dit cijfer")
        row["sentence"] = _summary_sentence(name or code, row)
        rows.append(row)
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def _summary_sentence(name: str, r: dict) -> str:
    unit = r["unit"]
    margin = (f" (marge {_value_text(r['lower'], unit)}-{_value_text(r['upper'], unit)})"
              if np.isfinite(r["lower"]) else " (marge onbekend)")
    text = f"{name}, {r['year']}: {r['indicator']}: {_value_text(r['value'], unit)}{margin}."
    if r["prev_year"] is not None:
        change = {"hoger": "hoger dan", "lager": "lager dan", "niet anders": "niet anders dan",
                  "niet te toetsen": "niet te vergelijken met"}[r["change"]]
        text += f" {change.capitalize()} in {r['prev_year']} ({_value_text(r['prev_value'], unit)}"
        text += f", {p_text(r['p_change'])})." if np.isfinite(r["p_change"]) else ")."
    if r["n_group"]:
        verdict = {"hoger": "hoger dan", "lager": "lager dan", "niet anders": "niet anders dan",
                   "niet te toetsen": "niet te vergelijken met"}[r["versus_group"]]
        text += (f" {verdict.capitalize()} vergelijkbare gemeenten ({_value_text(r['group_value'], unit)}, "
                 f"{r['n_group']} gemeenten" + (f", {p_text(r['p_group'])})." if np.isfinite(r["p_group"]) else ")."))
    return text


def association(x, counts, population, *, confidence: float = 0.95) -> dict:
    """Spearman's rank correlation between survey figures and registered rates over areas, with its margin.

    :math:`\\rho` is Pearson's correlation of the ranks (robust to one wijk far from the others, such as a
    city centre); its margin is Fisher's :math:`z` interval with the standard error
    :math:`\\sqrt{1.06/(n - 3)}` of Fieller, Hartley & Pearson (1957, *Biometrika* 44, 470-481):
    :math:`\\tanh(\\operatorname{artanh}\\rho \\pm z_{0.975}\\sqrt{1.06/(n-3)})`. The survey's own margins
    are part of the scatter the rank correlation sees (they blur a relation, never create one) and are drawn
    beside it. Returns ``n``, ``r``, ``low``, ``high`` and ``verdict`` (``"positief"``, ``"negatief"``,
    ``"geen"`` or ``"te weinig"`` below :data:`MIN_AREAS` areas or without any spread).
    """
    x = np.asarray(x, dtype=float)
    c = np.asarray(counts, dtype=float)
    n = np.asarray(population, dtype=float)
    ok = np.isfinite(x) & np.isfinite(c) & np.isfinite(n) & (n > 0)
    x, y = x[ok], c[ok] / n[ok]
    k = int(ok.sum())
    if k < MIN_AREAS or np.ptp(x) == 0 or np.ptp(y) == 0:
        return {"n": k, "r": float("nan"), "low": float("nan"), "high": float("nan"), "verdict": "te weinig"}
    rho = float(stats.spearmanr(x, y).statistic)
    half = stats.norm.ppf(0.5 + confidence / 2) * np.sqrt(1.06 / (k - 3))
    z = np.arctanh(np.clip(rho, -0.999999, 0.999999))
    low, high = float(np.tanh(z - half)), float(np.tanh(z + half))
    verdict = "positief" if low > 0 else "negatief" if high < 0 else "geen"
    return {"n": k, "r": rho, "low": low, "high": high, "verdict": verdict}


def association_sentence(indicator: str, series_label: str, year: int, a: dict) -> str:
    if a["verdict"] == "te weinig":
        return (f"{indicator} en {series_label} ({year}): {a['n']} wijken met beide cijfers; te weinig (minder dan "
                f"{MIN_AREAS}) of te weinig verschil om iets over samenhang te zeggen.")
    head = (f"{indicator} en geregistreerd {series_label} per 1.000 inwoners, {a['n']} wijken in {year}: "
            f"rangcorrelatie {number(a['r'], 2)}, 95%-marge {number(a['low'], 2)} tot {number(a['high'], 2)}")
    if a["verdict"] == "geen":
        return head + ": hieruit valt geen samenhang af te leiden."
    word = {"positief": "positieve", "negatief": "negatieve"}[a["verdict"]]
    return head + f": een {word} samenhang tussen wijken; dat zegt niets over oorzaak of over personen."


def registered_label(key: str, label) -> str:
    """The registered series in a sentence: its name without the police code, in lower case ("totaal misdrijven").

    >>> registered_label("1.2.3", "1.2.3 Diefstal van brom-, snor-, fietsen"), registered_label("x", "Diefstal Fiets")
    ('diefstal van brom-, snor-, fietsen', 'diefstal fiets')
    """
    import re

    text = str(label or POLICE_LABELS.get(str(key)) or key)
    return re.sub(r"^\d+(\.\d+)*\s+", "", text).lower()


def _side_rows(survey_rows: pd.DataFrame, bench, available: dict, links) -> list[dict]:
    """Survey figures beside the registered rate of the matched series in the same year (else the nearest)."""
    rows = []
    table = bench.table if bench is not None else pd.DataFrame()
    if len(table) and "group" in table:
        first = table["group"].iloc[0]
        table = table[table["group"] == first]
    for r in survey_rows.itertuples():
        key = match_series(r.indicator, available, links)
        row = {"code": r.code, "name": r.name, "level": r.level, "year": int(r.year), "indicator": r.indicator,
               "unit": r.unit, "value": r.value, "lower": r.lower, "upper": r.upper, "series": key,
               "series_label": registered_label(key, available.get(key)) if key else None,
               "rate_year": None, "rate": np.nan, "rate_low": np.nan, "rate_high": np.nan, "count": np.nan,
               "population": np.nan}
        if key is not None and len(table):
            mine = table[(table["code"] == r.code) & (table["category"] == key)]
            if len(mine):
                pick = mine.iloc[int(np.argmin(np.abs(mine["year"].to_numpy() - int(r.year))))]
                row.update(rate_year=int(pick["year"]), rate=pick["rate"], rate_low=pick["rate_low"],
                           rate_high=pick["rate_high"], count=pick["count"], population=pick["population"])
        rows.append(row)
    return rows


def residents(survey: pd.DataFrame, code: str, name: str, *, bench=None, group_codes=(), weights=None,
              wijk_bench=None, links: dict | None = None, alpha: float = 0.05) -> SurveyResult:
    """What residents of ``code`` say: the summary, the figures beside the registered ones, and over wijken.

    ``bench``: the gemeente's :class:`~hotspots.benchmark.gemeente.Benchmark` (its rates per category and
    year); ``wijk_bench``: the wijken's (their rates, for the survey per wijk); ``group_codes`` and
    ``weights`` (inhabitants): the similar gemeenten.
    """
    notes, warnings = [], []
    own = survey[survey["code"] == code]
    if own.empty:
        warnings.append(f"De Veiligheidsmonitor heeft geen cijfers van {name}.")
    table = survey_summary(survey, code, group_codes=group_codes, weights=weights, name=name, alpha=alpha)
    available = {}
    if bench is not None:
        available = dict(zip(bench.table["category"], bench.table["category_label"]))
    side = _side_rows(own, bench, available, links)
    associations = []
    if wijk_bench is not None and len(wijk_bench.table):
        wijk_codes = set(wijk_bench.table["code"])
        wijk_survey = survey[survey["code"].isin(wijk_codes)]
        w_available = dict(zip(wijk_bench.table["category"], wijk_bench.table["category_label"]))
        wijk_side = _side_rows(wijk_survey, wijk_bench, w_available, links)
        side += wijk_side
        frame = pd.DataFrame(wijk_side)
        if len(frame):
            for (indicator, year), g in frame[frame["series"].notna()].groupby(["indicator", "year"], sort=True):
                same = g[g["rate_year"] == year]
                a = association(same["value"], same["count"], same["population"])
                label = same["series_label"].iloc[0] if len(same) else g["series_label"].iloc[0]
                associations.append({"indicator": indicator, "year": int(year), "series": g["series"].iloc[0],
                                     "series_label": label, **a,
                                     "sentence": association_sentence(indicator, label, int(year), a)})
            unmatched = sorted(frame.loc[frame["series"].isna(), "indicator"].unique())
            if unmatched:
                notes.append("Zonder geregistreerde tegenhanger in de gegevens van dit project: "
                             + ", ".join(unmatched) + ".")
        elif wijk_codes:
            notes.append("De Veiligheidsmonitor heeft geen cijfers per wijk van deze gemeente.")
    notes.append("Verschillen met de vorige meting en met vergelijkbare gemeenten: z-toets op de 95%-marges van de "
                 "Veiligheidsmonitor (vergelijkbare gemeenten gewogen naar inwoners); zonder marge geen oordeel. "
                 f"Samenhang over wijken alleen met minstens {MIN_AREAS} wijken en een marge die 0 uitsluit.")
    return SurveyResult(code=code, name=name, table=table, side=pd.DataFrame(side), associations=associations,
                        notes=notes, warnings=warnings, params={"alpha": alpha, "links": links or {}})
