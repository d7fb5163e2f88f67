"""The report's sections of the comparison (issue 16): "Vergelijking met andere gemeenten" and "Wat inwoners zeggen".

Both read ``ctx.comparison``, the :class:`hotspots.benchmark.run.Comparison` that
:func:`mapping.report.make.run_report` made when a reference set was available (else they are left out).
They are registered in :mod:`mapping.report.sections`'s registry after "vergelijking" (the comparison of
periods), as that module's docstring planned:

- **Vergelijking met andere gemeenten**: per category of the report's theme the gemeente's rate per 1,000
  with its interval against the country, similar gemeenten, its neighbours and its region in the latest
  year: the verdict (only "hoger" or "lager" when more than chance), the place with its margin and the
  percentile; the dot plot of the similar gemeenten, the series and the place over the years; then the
  wijken against the gemeente's own average. A wijk whose count the disclosure rules hide shows no rate.
- **Wat inwoners zeggen**: the Veiligheidsmonitor's latest survey against the previous one and against
  similar gemeenten, every figure with its margin; beside it the registered rate of the matching theme;
  over the wijken only the rank correlation with its margin, and how many wijken it rests on.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from hotspots.benchmark.gemeente import POLICE_LABELS, p_text, rate_text
from kernel.nl import clause, number
from mapping.report.model import Bullets, Figure, Heading, PageBreak, Paragraph, Table
from mapping.report.sections import register_section

#: The group whose members the dot plot shows, the first one present.
DOT_GROUPS = ("vergelijkbaar", "buren", "regio", "nederland")
#: The source line of the charts of the reference set.
SOURCE = "politie (47022NED) en CBS, via de referentieset"


def value_text(v, unit: str) -> str:
    """A survey figure: ``29,6%`` or a score ``3,3``; ``-`` when unknown."""
    if v is None or not np.isfinite(float(v)):
        return "-"
    return f"{number(float(v), 1)}%" if unit == "%" else number(float(v), 1)


def margin_text(v, lo, hi, unit: str) -> str:
    """``29,6% (27,3-31,9)``: the figure with its 95% margin (``marge onbekend`` without one)."""
    if v is None or not np.isfinite(float(v)):
        return "-"
    if lo is None or hi is None or not (np.isfinite(float(lo)) and np.isfinite(float(hi))):
        return f"{value_text(v, unit)} (marge onbekend)"
    return f"{value_text(v, unit)} ({value_text(lo, unit).rstrip('%')}-{value_text(hi, unit)})"


def _verdict(verdict: str, p) -> str:
    if verdict == "niet te toetsen" or p is None or not np.isfinite(p):
        return "niet te toetsen"
    return f"{verdict} ({p_text(p)})"


def _rank(r) -> str:
    margin = f" ({r.rank_low}-{r.rank_high})" if (r.rank_low, r.rank_high) != (r.rank, r.rank) else ""
    return f"{r.rank} van {r.n_group}{margin}"


def _plain(label) -> str:
    """A category's label without its police code, for a chart's title ("Diefstal van brom-, snor-, fietsen")."""
    import re

    return re.sub(r"^\d+(\.\d+)*\s+", "", str(label))


def _figure(fig, caption: str) -> Figure:
    from mapping.charts import figure_png, figure_texts

    return Figure(figure_png(fig), caption, texts=figure_texts(fig))


def _gemeente_blocks(ctx, b) -> list:
    from mapping.benchmark_charts import dot_plot, rank_chart, series_chart

    blocks = []
    latest = b.latest()
    for i, category in enumerate(dict.fromkeys(latest["category"])):
        rows = latest[latest["category"] == category]
        first = rows.iloc[0]
        blocks.append(Heading(f"{first.category_label}, {first.period}", 2))
        blocks.append(Paragraph(f"{b.name}: {rate_text(first.rate)} per 1.000 inwoners (95%-interval "
                                f"{rate_text(first.rate_low)}-{rate_text(first.rate_high)}; "
                                f"{number(first['count'], 0, thousands=True)} geregistreerde misdrijven)."))
        table = [[str(r.group_label), rate_text(r.group_rate), _verdict(r.verdict, r.p_fdr), _rank(r),
                  f"{number(r.percentile, 0)}%" if r.n_group > 2 else "-"] for r in rows.itertuples()]
        blocks.append(Table(["Vergeleken met", "Per 1.000", "Deze gemeente is", "Plaats (marge)", "Hoger dan"], table,
                            caption="Per 1.000 inwoners; 'hoger' of 'lager' alleen als het verschil met de groep "
                                    "(zonder deze gemeente) meer is dan toeval. Plaats: 1 = hoogste; 'hoger dan': het "
                                    "deel van de andere gemeenten in de groep met een lager cijfer.",
                            widths=[6.5, 2, 3.6, 2.8, 1.8], numeric=(1, 3, 4)))
        if i:  # the charts for the first category (the report's theme) only
            continue
        key = next((g for g in DOT_GROUPS if g in set(rows["group"])), None)
        if key is not None:
            r = rows[rows["group"] == key].iloc[0]
            m = b.members
            members = m[(m["category"] == category) & (m["year"] == r.year) & (m["group"] == key)]
            fig = dot_plot(members, group_rate=r.group_rate, title=f"{_plain(first.category_label)}, {r.period}",
                           group_label=str(r.group_label), period=str(r.period), source=SOURCE)
            blocks.append(_figure(fig, f"{b.name} tussen {r.group_label}, {r.period}."))
        series = b.table[b.table["category"] == category]
        if series["year"].nunique() > 1:
            blocks.append(_figure(series_chart(series, title=f"{_plain(first.category_label)} per 1.000 inwoners",
                                               source=SOURCE, name=b.name), "Over de jaren, met de groepen."))
            blocks.append(_figure(rank_chart(series, title=f"Plaats van {b.name}", source=SOURCE),
                                  "De plaats in elke groep over de jaren, met de marge van die plaats."))
    return blocks


def _hidden(ctx, code, count) -> bool:
    """Whether a wijk's count may not be shown: under the threshold, or a total the report hides (secondary)."""
    if ctx.prot is None:
        return False
    return isinstance(ctx.prot.count(float(count)), str) or isinstance(ctx.prot.total(f"wijk:{code}", float(count)), str)


def _count(ctx, code, count) -> str:
    if ctx.prot is None:
        return number(float(count), 0, thousands=True)
    shown = ctx.prot.total(f"wijk:{code}", float(count))
    return shown if isinstance(shown, str) else ctx.prot.text(float(count))


def _wijk_blocks(ctx, w) -> list:
    from mapping.benchmark_charts import dot_plot

    latest = w.table[w.table["year"] == w.table["year"].max()].sort_values("rate", ascending=False)
    if latest.empty:
        return []
    hidden = np.array([_hidden(ctx, code, c) for code, c in zip(latest["code"], latest["count"])], dtype=bool)
    rows = []
    for r, hide in zip(latest.itertuples(), hidden):
        if hide:
            rows.append([str(r.name), _count(ctx, r.code, r.count), "-", "niet getoond (klein aantal)", "-"])
        else:
            rows.append([str(r.name), _count(ctx, r.code, r.count),
                         f"{rate_text(r.rate)} ({rate_text(r.rate_low)}-{rate_text(r.rate_high)})",
                         _verdict(r.verdict, r.p_fdr), _rank(r)])
    first = latest.iloc[0]
    blocks = [Heading(f"De wijken tegen het gemiddelde van de gemeente, {first.period}", 2),
              Paragraph(f"{first.category_label}: elke wijk tegen de rest van {first.group_label} "
                        f"({rate_text(first.group_rate)} per 1.000 inwoners)."),
              Table(["Wijk", "Aantal", "Per 1.000 (95%)", "Tegen de gemeente", "Plaats (marge)"], rows,
                    widths=[4.8, 1.6, 3.4, 4, 2.6], numeric=(1, 2, 4),
                    caption="Negatief-binomiale toets met de schommeling van jaar tot jaar, FDR over de wijken.")]
    members = w.members[w.members["year"] == first.year].copy()
    members = members[~members["code"].isin(latest.loc[hidden, "code"])]
    above = set(latest.loc[latest["verdict"] == "hoger", "code"])
    members["target"] = members["code"].isin(above)
    if len(members) > 1:
        fig = dot_plot(members, group_rate=first.group_rate, title=f"Wijken: {first.category_label}",
                       group_label=str(first.group_label), period=str(first.period), source=ctx.meta.source,
                       highlight="wijken boven het gemiddelde (meer dan toeval)")
        blocks.append(_figure(fig, "De wijken met hun 95%-interval; de stippellijn is de gemeente."))
    return blocks


def build_andere_gemeenten(ctx) -> list:
    comp = getattr(ctx, "comparison", None)
    if comp is None:
        return []
    blocks = [Heading("Vergelijking met andere gemeenten", 1)]
    if comp.reference:
        years = str(comp.params.get("years") or "").replace(":", " t/m ")
        blocks.append(Paragraph(comp.reference + (f" Gebruikt: {years}, tot en met het jaar van dit rapport."
                                                  if years else ""), "note"))
    if comp.gemeente is not None:
        blocks += _gemeente_blocks(ctx, comp.gemeente)
    elif "gemeente" in comp.skipped:
        blocks.append(Paragraph(f"Geen vergelijking met andere gemeenten: {comp.skipped['gemeente']}."))
    if comp.wijken is not None:
        blocks += _wijk_blocks(ctx, comp.wijken)
    notes = [n for part in (comp.gemeente, comp.wijken) if part is not None for n in part.notes + part.warnings]
    if notes:
        blocks += [Heading("Zo is het berekend", 3), Bullets(list(dict.fromkeys(notes)))]
    blocks.append(Paragraph("Lokale duiding: …", "note"))
    return blocks


def _survey_table(table: pd.DataFrame) -> Table:
    rows = []
    for r in table.itertuples():
        prev = ("geen eerdere meting" if r.prev_year is None or pd.isna(r.prev_year) else
                f"{int(r.prev_year)}: {margin_text(r.prev_value, r.prev_lower, r.prev_upper, r.unit)}")
        change = "-" if r.change == "geen eerdere meting" else _verdict(r.change, r.p_change)
        group = (f"{margin_text(r.group_value, r.group_lower, r.group_upper, r.unit)}, {r.n_group} gem."
                 if r.n_group else "-")
        versus = _verdict(r.versus_group, r.p_group) if r.n_group else "-"
        rows.append([str(r.indicator), f"{r.year}: {margin_text(r.value, r.lower, r.upper, r.unit)}", prev, change,
                     group, versus])
    return Table(["Indicator", "Laatste meting (marge)", "Vorige meting (marge)", "Verschil", "Vergelijkbare gemeenten",
                  "Verschil"], rows, widths=[4.4, 2.9, 2.9, 2.1, 3.3, 2.1],
                 caption="Tussen haakjes de 95%-marge van de steekproef. 'Hoger' of 'lager' alleen als het verschil "
                         "groter is dan de marges toelaten (z-toets); vergelijkbare gemeenten gewogen naar inwoners.")


def build_inwoners(ctx) -> list:
    from mapping.benchmark_charts import beside_chart, survey_chart, wijk_scatter

    comp = getattr(ctx, "comparison", None)
    res = None if comp is None else comp.residents
    if res is None or res.table.empty:
        return []
    source = "CBS Veiligheidsmonitor, via de referentieset"
    blocks = [PageBreak(), Heading("Wat inwoners zeggen", 1),
              Paragraph(f"De Veiligheidsmonitor vraagt inwoners hoe veilig zij zich voelen, welke overlast zij zien en "
                        f"of zij slachtoffer werden. Het is een steekproef: elk cijfer heeft een marge. Hieronder de "
                        f"laatste meting in {res.name} tegen de vorige en tegen vergelijkbare gemeenten."),
              _survey_table(res.table)]
    for unit, part in res.table.groupby("unit", sort=False):
        blocks.append(_figure(survey_chart(part, title="Wat inwoners zeggen", source=source),
                              "Laatste meting, vorige meting en vergelijkbare gemeenten, elk met de 95%-marge."))
    side = res.side
    own = side[(side["code"] == res.code) & side["series"].notna()] if len(side) else side
    if len(own):
        blocks.append(Heading("Naast de geregistreerde misdrijven", 2))
        blocks.append(Paragraph("Wat inwoners zeggen en wat de politie registreert, naast elkaar: twee bronnen met elk "
                                "hun eigen onzekerheid. Een verschil in richting is geen tegenspraak: lang niet alles "
                                "wordt gemeld, en een gevoel van onveiligheid volgt de registraties niet één op één."))
        for indicator, g in list(own.groupby("indicator", sort=True))[:3]:
            blocks.append(_figure(beside_chart(g, title=str(indicator), source=source),
                                  f"{indicator} naast {g['series_label'].iloc[0]} per 1.000 inwoners."))
    if res.associations:
        latest = {}
        for a in res.associations:
            if a["indicator"] not in latest or a["year"] > latest[a["indicator"]]["year"]:
                latest[a["indicator"]] = a
        blocks.append(Heading("Per wijk", 2))
        blocks.append(Bullets([a["sentence"] for a in latest.values()]))
        shown = next((a for a in latest.values() if a["verdict"] != "te weinig"), None)
        if shown is not None:
            d = side[(side["level"] != "gemeente") & (side["indicator"] == shown["indicator"])
                     & (side["year"] == shown["year"]) & (side["rate_year"] == shown["year"])]
            d = d[[not _hidden(ctx, code, c) for code, c in zip(d["code"], d["count"])]]
            if len(d):
                blocks.append(_figure(wijk_scatter(d, title="Per wijk: inwoners en registraties",
                                                   sentence=shown["sentence"], source=source),
                                      "Elke wijk met de marge van de enquête (verticaal) en het interval van het "
                                      "geregistreerde cijfer (horizontaal)."))
    blocks.append(Paragraph(" ".join(res.notes + res.warnings), "note"))
    blocks.append(Paragraph("Lokale duiding: …", "note"))
    return blocks


def report_comparison(reference, areas, *, incidents=None, counts=None, wijken=None, gemeente=None, theme=None,
                      end_year: int | None = None, params: dict | None = None, progress=None, cancelled=None):
    """The comparison a report shows: :data:`hotspots.benchmark.methods.VERGELIJK` on the report's gemeente.

    The categories of the reference set that match the report's ``theme`` (the same rules as the survey's,
    :func:`hotspots.benchmark.survey.match_series`), then the total; the years up to the report's
    ``end_year`` where the set has them; the wijken on the report's own history up to its end. Returns
    the :class:`~hotspots.benchmark.run.Comparison`, or ``None`` when there is no gemeente to compare
    (with the reason in a Comparison's ``skipped`` where there is a set but it cannot be used).
    """
    from hotspots.benchmark.methods import VERGELIJK
    from hotspots.benchmark.run import Comparison
    from hotspots.benchmark.survey import match_series
    from hotspots.inputs import Inputs, Selection
    from kernel.errors import AnalysisError

    cats = reference.categories()
    available = {str(k): (v if isinstance(v, str) else POLICE_LABELS.get(str(k), str(k)))
                 for k, v in zip(cats["category"], cats["category_label"])}
    chosen = []
    if theme:
        key = match_series(str(theme), available) or next((k for k, v in available.items() if str(theme).casefold()
                                                           in f"{k} {v}".casefold()), None)
        chosen += [key] if key else []
    if "0.0.0" in available and "0.0.0" not in chosen:
        chosen.append("0.0.0")
    wanted = dict(params or {})
    wanted.setdefault("categories", tuple(chosen))
    years = reference.years()
    if end_year is not None and years and years[0] <= end_year:  # the figures of the report's time, not later ones
        wanted.setdefault("years", f"{years[0]}:{min(end_year, years[-1])}")
    survey = reference.survey
    if end_year is not None and (survey["year"] <= end_year).any():
        from dataclasses import replace

        reference = replace(reference, survey=survey[survey["year"] <= end_year].reset_index(drop=True))
    if theme:
        wanted.setdefault("category", str(theme))
    inputs = Inputs(areas=areas, incidents=incidents, counts=counts, outlines=wijken,
                    selection=Selection(gemeente=gemeente), reference=reference)
    try:
        return VERGELIJK.run(inputs, wanted, progress=progress, cancelled=cancelled)
    except AnalysisError as exc:
        return Comparison(reference=reference.describe(), skipped={"gemeente": clause(exc.message)})


register_section("andere_gemeenten", "Vergelijking met andere gemeenten", build_andere_gemeenten, after="vergelijking")
register_section("inwoners", "Wat inwoners zeggen", build_inwoners, after="andere_gemeenten")
