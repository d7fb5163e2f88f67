"""What the Vergelijking tab shows, as texts (no Qt): computed from a :class:`hotspots.benchmark.run.Comparison`.

The tab (:mod:`desktop.panels.comparison_panel`) only puts these texts in its boxes and tables, so the
numbers it shows are those of the core (the same as ``wijkbeeld vergelijk``) in the core's own wording:
rates with :func:`hotspots.benchmark.gemeente.rate_text`, p-values with ``p_text``, and the core's sentence.
"""
from __future__ import annotations

from dataclasses import dataclass

from desktop.strings import tr
from kernel.nl import number


@dataclass
class Table:
    """A table for the tab: its column headers, rows of texts, and per row a tooltip (the core's sentence)."""

    headers: list
    rows: list
    tips: list
    keys: list  # per row what it stands for (a group key, a wijk code, an indicator)
    strong: list  # per row: shown in bold (a significant difference)
    verdict_column: int = 2  # the column that says it (bold with the first)


def _rate(x) -> str:
    from hotspots.benchmark.gemeente import rate_text

    return rate_text(float(x))


def _p(p) -> str:
    from hotspots.benchmark.gemeente import p_text

    return p_text(float(p))


def interval(row) -> str:
    """``12,8 (11,9-13,6)``: a rate per 1,000 with its interval."""
    return f"{_rate(row['rate'])} ({_rate(row['rate_low'])}-{_rate(row['rate_high'])})"


def verdict(row) -> str:
    """``hoger (p < 0,001)``, ``niet anders (p = 0,110)`` or ``niet te toetsen``."""
    if row["verdict"] == "niet te toetsen":
        return tr("compare.untestable")
    return f"{row['verdict']} ({_p(row['p_fdr'])})"


def rank(row) -> str:
    """``3 van 7 (1-5)``: the place among the group (1 = highest) with its margin."""
    margin = (f" ({int(row['rank_low'])}-{int(row['rank_high'])})"
              if (int(row["rank_low"]), int(row["rank_high"])) != (int(row["rank"]),) * 2 else "")
    return tr("compare.rank", rank=int(row["rank"]), n=int(row["n_group"])) + margin


def categories(comp) -> list[tuple[str, str]]:
    """The categories compared: (key, label), in the order of the reference set."""
    if comp is None or comp.gemeente is None:
        return []
    t = comp.gemeente.table
    return list(dict.fromkeys(zip(t["category"].astype(str), t["category_label"].astype(str))))


def years(comp, category: str) -> list[int]:
    """The years of one category, the latest first."""
    if comp is None or comp.gemeente is None:
        return []
    t = comp.gemeente.table
    return sorted({int(y) for y in t.loc[t["category"] == category, "year"]}, reverse=True)


def rows_of(comp, category: str, year: int):
    t = comp.gemeente.table
    return t[(t["category"] == category) & (t["year"] == int(year))]


def headline(comp, category: str, year: int) -> str:
    """``Groningen, 2023, 1.2.3 Diefstal ...: 12,8 per 1.000 inwoners (95%-interval 11,9-13,6; 3.104 misdrijven)``"""
    rows = rows_of(comp, category, year)
    if rows.empty:
        return ""
    r = rows.iloc[0]
    return tr("compare.headline", name=comp.gemeente.name, period=r["period"], category=r["category_label"],
              rate=_rate(r["rate"]), low=_rate(r["rate_low"]), high=_rate(r["rate_high"]),
              count=number(float(r["count"]), 0, thousands=True))


def gemeente_table(comp, category: str, year: int) -> Table:
    """Per group: its rate, the verdict against it, the place and the percentile."""
    rows = rows_of(comp, category, year)
    out = Table([tr("compare.col_group"), tr("compare.col_group_rate"), tr("compare.col_verdict"),
                 tr("compare.col_rank"), tr("compare.col_percentile")], [], [], [], [])
    for _, r in rows.iterrows():
        out.rows.append([str(r["group_label"]), _rate(r["group_rate"]), verdict(r), rank(r),
                         f"{number(float(r['percentile']), 0)}%" if int(r["n_group"]) > 1 else "-"])
        out.tips.append(str(r["sentence"]))
        out.keys.append(str(r["group"]))
        out.strong.append(r["verdict"] in ("hoger", "lager"))
    return out


def members_of(comp, category: str, year: int, group: str):
    """The members of one group in one year (for the dot plot), the gemeente marked as ``target``."""
    m = comp.gemeente.members
    return m[(m["category"] == category) & (m["year"] == int(year)) & (m["group"] == group)].reset_index(drop=True)


def series_rows(comp, category: str):
    """One category's rows over the years (for the series chart)."""
    t = comp.gemeente.table
    return t[t["category"] == category].reset_index(drop=True)


def wijk_year(comp, year: int | None = None) -> int | None:
    """The wijken's year shown: ``year`` where the project's own figures have it, else their latest."""
    if comp is None or comp.wijken is None or comp.wijken.table.empty:
        return None
    ys = {int(y) for y in comp.wijken.table["year"]}
    return int(year) if year is not None and int(year) in ys else max(ys)


def wijk_heading(comp, year: int) -> str:
    t = comp.wijken.table
    r = t[t["year"] == year].iloc[0]
    return tr("compare.wijken_heading", gemeente=r["group_label"], rate=_rate(r["group_rate"]), period=r["period"],
              category=r["category_label"])


def wijk_table(comp, year: int) -> Table:
    """Every wijk against the rest of its gemeente in ``year``, the highest rate first."""
    t = comp.wijken.table
    rows = t[t["year"] == year].sort_values("rate", ascending=False)
    out = Table([tr("compare.col_wijk"), tr("compare.col_rate"), tr("compare.col_verdict_gemeente"),
                 tr("compare.col_rank")], [], [], [], [])
    for _, r in rows.iterrows():
        out.rows.append([str(r["name"]), interval(r), verdict(r), rank(r)])
        out.tips.append(str(r["sentence"]))
        out.keys.append(str(r["code"]))
        out.strong.append(r["verdict"] in ("hoger", "lager"))
    return out


def _survey_value(v, lo, hi, unit) -> str:
    from hotspots.benchmark.survey import _value_text

    if v != v:
        return "-"
    margin = f" ({_value_text(lo, unit)}-{_value_text(hi, unit)})" if lo == lo and hi == hi else ""
    return _value_text(v, unit) + margin


def survey_table(comp) -> Table | None:
    """The Veiligheidsmonitor of the gemeente: per indicator the latest survey with its margin, the previous
    one, similar gemeenten, and the registered rate of the matching theme in that year (with its interval)."""
    res = comp.residents if comp is not None else None
    if res is None or res.table.empty:
        return None
    side = res.side
    own = side[(side["code"] == res.code)] if len(side) else side
    out = Table([tr("compare.col_indicator"), tr("compare.col_survey"), tr("compare.col_previous"),
                 tr("compare.col_similar"), tr("compare.col_registered")], [], [], [], [], verdict_column=3)
    for _, r in res.table.iterrows():
        unit = r["unit"]
        prev = "-" if r["prev_year"] is None or r["prev_year"] != r["prev_year"] else (
            f"{int(r['prev_year'])}: {_survey_value(r['prev_value'], r['prev_lower'], r['prev_upper'], unit)}"
            f" · {r['change']}")
        similar = "-" if not r["n_group"] else (
            f"{_survey_value(r['group_value'], r['group_lower'], r['group_upper'], unit)} · {r['versus_group']}")
        reg = own[(own["indicator"] == r["indicator"]) & (own["year"] == int(r["year"]))] if len(own) else own
        registered = "-"
        if len(reg) and reg.iloc[0]["series_label"] and reg.iloc[0]["rate"] == reg.iloc[0]["rate"]:
            g = reg.iloc[0]
            registered = tr("compare.registered", label=g["series_label"], rate=interval(g), year=int(g["rate_year"]))
        out.rows.append([str(r["indicator"]), f"{int(r['year'])}: "
                         f"{_survey_value(r['value'], r['lower'], r['upper'], unit)}", prev, similar, registered])
        out.tips.append(str(r["sentence"]))
        out.keys.append(str(r["indicator"]))
        out.strong.append(r["versus_group"] in ("hoger", "lager"))
    return out


def association_lines(comp) -> list[str]:
    """Per indicator over the wijken: the rank correlation with its margin (the core's sentence)."""
    res = comp.residents if comp is not None else None
    return [a["sentence"] for a in res.associations] if res is not None else []


def missing_html(path: str) -> str:
    """What to download and where, when there is no reference set (as the README says)."""
    return tr("compare.missing", folder=str(path))


def status_lines(comp) -> list[str]:
    """The parts that could not be compared, then the warnings (notes are the tab's footnote)."""
    if comp is None:
        return []
    return [tr("compare.skipped", part=k, reason=v) for k, v in comp.skipped.items()] + list(comp.warnings)
