"""The sections of the report, in the order of a gebiedsscan, as a registry that later analyses extend.

Each :class:`Section` has a key, a Dutch title and a function ``build(ctx) -> list of blocks`` (an
empty list: the section is left out). :data:`SECTIONS` holds them in order; a new analysis adds its
section with :func:`register_section` (``after=`` a key), without touching the others:

- the space-time analyses (issue 15: emerging hot spots, near repeats, stable hot spots) belong
  ``after="ontwikkeling"`` (key ``"ruimte_tijd"``);
- the comparison with other gemeenten (issue 16) belongs ``after="vergelijking"`` (key
  ``"andere_gemeenten"``).

Every number goes through ``ctx.prot`` (:class:`mapping.protect.Protection`); statistics that are
not counts (z, p, percentages of a change between two shown totals) are written with
:func:`kernel.nl.number`.

>>> [s.key for s in SECTIONS]  # with mapping.report.spacetime's three and .comparison's two (the package imports them)
['kort', 'waar', 'wanneer', 'ontwikkeling', 'opkomend', 'bijna_herhaling', 'stabiel', 'vergelijking', 'andere_gemeenten', 'inwoners', 'inzet', 'methode', 'bronnen']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from kernel.nl import number, p_text
from mapping import styles
from mapping.report.model import Bullets, Figure, Heading, KeyFacts, PageBreak, Paragraph, Table


#: The name of the report's wijk column a year earlier, whose total the comparison of periods publishes
#: (:meth:`mapping.protect.Protection.protect_column`).
LAST_YEAR = "last_year"


@dataclass
class ReportContext:
    """Everything a section may print: the run of the report period, its protection, its meta, the
    history's numbers (:class:`mapping.report.context.ReportData`), a plan, the sources."""

    run: Any
    prot: Any
    meta: Any
    data: Any
    areas_name: str = "buurten"
    plan: Any = None
    sources: list = field(default_factory=list)
    compare_with: str = "previous-year"
    boundaries: Any = None
    #: The comparison with other gemeenten (:class:`hotspots.benchmark.run.Comparison`), or None.
    comparison: Any = None
    #: The space-time analyses (:class:`mapping.report.spacetime.SpaceTime`), or None.
    spacetime: Any = None
    #: The level of the areas when it was chosen (buurt, wijk, gemeente), said on the title page and captions.
    level: str | None = None
    #: The part of the incidents a chart click chose ("alleen dinsdag 20:00-21:00"), "" for all of them.
    subset: str = ""

    def __post_init__(self):
        # The wijk table's column a year earlier sums to the comparison's total of that period: its cells
        # are protected against working out as one group, decided here for these data.
        per_wijk = getattr(self.data, "per_wijk", None)
        if self.prot is not None and per_wijk is not None and {"wijk_code", "last_year"} <= set(per_wijk.columns):
            self.prot.protect_column(LAST_YEAR, per_wijk["wijk_code"], per_wijk["last_year"])

    def subtitle(self) -> str:
        from mapping.report.context import month_text

        parts = [f"Periode: {month_text(*self.data.period)}"]
        theme, category = str(self.meta.theme or ""), str(self.meta.category or "")
        same = bool(theme and category) and (category.startswith(theme) or theme.startswith(category))
        if theme and not same:  # '1.2.3' beside '1.2.3 Diefstal van brom-, snor-, fietsen' is said once
            parts.append(f"Thema: {theme}")
        if category and category != theme:  # which category of police counts
            parts.append(f"Categorie: {category}")
        elif same:
            parts.append(f"Thema: {theme}")
        if self.level:
            parts.append(f"Gebieden: niveau {self.level}")
        if self.subset:
            parts.append(_capital(self.subset))
        return " · ".join(parts)

    def per_area(self) -> str:
        """``"per wijk"`` at a chosen level, else ``"per gebied"`` (for the captions)."""
        return f"per {self.level}" if self.level else "per gebied"

    def t(self, value, digits: int = 0) -> str:
        return self.prot.text(value, digits)


@dataclass
class Section:
    key: str
    title: str
    build: Callable


SECTIONS: list[Section] = []


def register_section(key: str, title: str, build: Callable, *, after: str | None = None) -> Section:
    """Add (or replace) a section; ``after``: the key it follows (default: before "methode")."""
    section = Section(key, title, build)
    for i, s in enumerate(SECTIONS):
        if s.key == key:
            SECTIONS[i] = section
            return section
    keys = [s.key for s in SECTIONS]
    if after is not None and after in keys:
        SECTIONS.insert(keys.index(after) + 1, section)
    elif "methode" in keys:
        SECTIONS.insert(keys.index("methode"), section)
    else:
        SECTIONS.append(section)
    return section


def _before(ctx, comp):
    """The published total of the period ``comp`` compares with: that of the same period a year earlier is
    the total of the wijk table's column a year earlier, hidden (``"x"``) where its cells cannot protect it."""
    comparisons = getattr(ctx.data, "comparisons", None) or []
    if comparisons and comp is comparisons[0]:
        return ctx.prot.total(LAST_YEAR, comp.before)
    return ctx.prot.count(comp.before)


def _after(ctx, comp):
    """The published total of the report period: the incidents in the areas, the total of the map and the tables
    (:func:`mapping.report.context.report_data`), so published as their total (``"x"`` where it would give a
    hidden cell away)."""
    return ctx.prot.total("counted", comp.after)


def _change_sentence(ctx, comp) -> str:
    before, after = _before(ctx, comp), _after(ctx, comp)
    if getattr(comp, "missing", ""):  # the data do not cover the other period: no change, no test
        return f"geen vergelijking met {comp.label}: {comp.missing}."
    if isinstance(before, str) or isinstance(after, str) or not np.isfinite(comp.before):
        return f"{_cell(ctx, after)} tegen {_cell(ctx, before) or ctx.t(comp.before)} in {comp.label}."
    change = after - before
    pct = f" ({'+' if change >= 0 else ''}{number(100 * change / before, 0)}%)" if before else ""
    sig = "een toeval te boven gaand verschil" if comp.p <= 0.05 else "niet meer dan toeval"
    return (f"{ctx.t(comp.after)} tegen {ctx.t(comp.before)} in {comp.label}{pct}: {sig} "
            f"({p_text(comp.p, missing='niet te toetsen')}).")


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _subset(ctx) -> str:
    """``"; alleen dinsdag 20:00-21:00"`` where a chart click chose part of the incidents, else ""."""
    return f"; {ctx.subset}" if ctx.subset else ""


def _hot_areas(ctx, hot: bool = True) -> pd.DataFrame:
    areas = ctx.prot.published_areas(ctx.run.hotspots.areas)
    if "gi_class" not in areas:
        return areas.iloc[0:0]
    cls = pd.to_numeric(areas["gi_class"], errors="coerce")
    sel = areas[cls > 0] if hot else areas[cls < 0]
    return sel.sort_values("z", ascending=not hot)


def build_kort(ctx) -> list:
    """The first page: the five things to know."""
    run, prot = ctx.run, ctx.prot
    items = []
    comp = ctx.data.comparisons[0 if ctx.compare_with == "previous-year" else 1]
    items.append(("Hoeveel", f"{_cell(ctx, _after(ctx, comp))} geregistreerde incidenten in deze periode"
                             f"{_outside(ctx)}; " + _change_sentence(ctx, comp)))
    hot = _hot_areas(ctx)
    if len(hot):
        names = ", ".join(str(n) for n in hot["name"].head(3))
        items.append(("Waar", f"{len(hot)} hot spot(s) ({styles.GI_LABELS[3].lower()} t/m 90%), het sterkst in "
                              f"{names}."))
    elif getattr(run.hotspots, "withheld", False):  # too few incidents for the test (guards.withhold_classes)
        from hotspots.where.guards import MIN_INCIDENTS

        items.append(("Waar", f"Geen hot spots aangewezen: met minder dan {MIN_INCIDENTS} incidenten is de toets "
                              "niet betrouwbaar. Kies een langere periode of een groter gebied."))
    else:
        items.append(("Waar", "Geen hot spots: geen gebied valt significant op (na FDR-correctie)."))
    if _dates_only(run):
        items.append(("Wanneer", "Geen hot times: de gegevens hebben alleen datums, geen tijden (zie het profiel per "
                                 "dag van de week)."))
    elif run.hottimes is not None and run.hottimes.hot_blocks:
        blocks = [b["label"] for b in run.hottimes.hot_blocks[:3]]
        items.append(("Wanneer", f"De meeste incidenten vallen op {', '.join(blocks)}."))
    else:
        reason = run.skipped.get("hottimes", "geen uren die significant opvallen")
        items.append(("Wanneer", f"Geen hot times ({reason})."))
    last = ctx.data.period[1]
    flags = []
    if run.trends is not None:
        visible = prot.visible_trends(run.trends)
        s = visible.series
        flags = s[(s["flag"] == "hoog") & (s["month"].astype(str) >= ctx.data.period[0])
                  & (s["month"].astype(str) <= last)]
    items.append(("Signalen", _signals(ctx, flags)))
    prev = ctx.data.comparisons[1]
    items.append(("Sinds de vorige rapportage", _capital(_change_sentence(ctx, prev))))
    return [KeyFacts(items), Paragraph(
        "Cijfers vragen om duiding door professionals: een registratie is geen volledig beeld van wat er "
        "gebeurt. Ruimte voor de lokale duiding staat aan het eind van elk hoofdstuk.", "note"), PageBreak()]


def _outside(ctx) -> str:
    """`` (16 buiten de buurten, niet meegeteld)`` when incidents of the period lie outside every area (the map
    and the tables leave them out; the headline says them where it gives its number), else "". The number is the
    one of the workbook's sentence (:func:`mapping.protect.run_totals`, :func:`mapping.outputs.counted_text`),
    published as a total: the number read is never said beside it."""
    from mapping.protect import run_totals

    outside = run_totals(ctx.run)["outside"]
    if not outside:
        return ""
    return f" ({ctx.prot.total_text('outside', outside)} buiten de {ctx.areas_name}, niet meegeteld)"


def _signals(ctx, flags) -> str:
    """The first page's signals: how many areas had a month above the expected range, each named once (most
    such months first), and how many months that were."""
    if not len(flags):
        return "Geen gebied met een maand boven het verwachte bereik in deze periode."
    per_area = flags["code"].astype(str).value_counts(sort=False)
    order = per_area.sort_values(ascending=False, kind="stable")
    n, months = len(order), int(per_area.sum())
    names = _names(ctx, order.index[:5])
    more = f" en {n - 5} {'ander' if n - 5 == 1 else 'andere'}" if n > 5 else ""
    return (f"{n} {'gebied' if n == 1 else 'gebieden'} met een maand boven het verwachte bereik in deze periode "
            f"({months} {'maand' if months == 1 else 'maanden'} in totaal): {', '.join(names)}{more}.")


def _names(ctx, codes) -> list[str]:
    areas = ctx.run.hotspots.areas.set_index(ctx.run.hotspots.areas["code"].astype(str))
    return [str(areas["name"].get(str(c), c)) for c in codes]


def build_waar(ctx) -> list:
    from mapping.charts import figure_png, figure_texts
    from mapping.outputs import published_result
    from mapping.printmap import draw_map

    result = published_result(ctx.run.hotspots, ctx.prot)
    fig = draw_map(result, boundaries=ctx.boundaries, meta=ctx.meta, protection=ctx.prot, figsize=(8.27, 5.8),
                   dpi=200)
    blocks = [Heading("Waar: hot spots", 1), Figure(figure_png(fig), f"Hot spots en cold spots {ctx.per_area()} "
                                                    f"(Getis-Ord Gi*){_subset(ctx)}.", texts=figure_texts(fig))]
    fdr = bool(ctx.run.hotspots.params.get("fdr", True))
    blocks.append(Paragraph("Een hot spot is een gebied dat samen met zijn buren meer incidenten heeft dan op grond "
                            "van toeval te verwachten is. " + ("De significantie is gecorrigeerd voor het toetsen "
                            "van veel gebieden tegelijk (FDR, Benjamini-Hochberg)." if fdr else
                                                             "Zonder correctie voor meervoudig toetsen.")))
    hot = _hot_areas(ctx)
    if len(hot):
        counts = ctx.prot.area_counts(hot)
        rows = [[str(r["code"]), str(r["name"]), _cell(ctx, c),
                 "" if pd.isna(r.get("rate")) or isinstance(c, str) else number(float(r["rate"]), 1),
                 number(float(r["z"]), 2), str(r["gi_label"])] for (_, r), c in zip(hot.iterrows(), counts)]
        blocks.append(Table(["Code", "Naam", "Aantal", "Per 1.000 inw.", "Gi* z", "Klasse"], rows,
                            caption=f"Hot spots {ctx.per_area()}, sterkste eerst{_subset(ctx)}.",
                            widths=[2.2, 4, 1.6, 1.8, 1.4, 2.4],
                            numeric=(2, 3, 4)))
    blocks.append(Paragraph("Lokale duiding: …", "note"))
    return blocks


def _cell(ctx, shown) -> str:
    if shown is None:
        return ""
    return shown if isinstance(shown, str) else ctx.t(shown)


def _dates_only(run) -> bool:
    """Whether the hot times ran on dates without times (:func:`hotspots.when.hottimes.midnight_share`)."""
    return run.hottimes is not None and bool(run.hottimes.test.get("date_only"))


def build_wanneer(ctx) -> list:
    from mapping.charts import calendar_chart, figure_png, figure_texts, week_hour_chart

    run, prot = ctx.run, ctx.prot
    blocks = [Heading("Wanneer: hot times", 1)]
    if run.hottimes is None:
        blocks.append(Paragraph(f"Geen week-uuranalyse: {run.skipped.get('hottimes', 'niet uitgevoerd')}."))
    elif prot.week_hidden:  # fewer incidents than the threshold: no cell, day or block that says when they were
        blocks.append(Paragraph(prot.week_note()))
    elif _dates_only(run):  # no hour of the week to show or test: the weekday profile, and why
        days = run.hottimes.profiles["weekday"]
        blocks.append(Paragraph(ctx.meta.sentence(run.hottimes.warnings[0]) if run.hottimes.warnings
                                else "Alleen datums."))
        blocks.append(Paragraph("Per dag van de week: " + ", ".join(f"{day} {ctx.t(float(v))}"
                                                                    for day, v in days.items()) + "."))
    else:
        fig = week_hour_chart(prot.week_cells(run.hottimes.matrix), title="Incidenten per dag en uur",
                              period=ctx.meta.period, source=ctx.meta.source, threshold=prot.rules.suppress_below,
                              blocks=run.hottimes.hot_blocks)
        blocks.append(Figure(figure_png(fig), "Week x uur: gewogen naar het tijdvak van elk incident "
                                              "(aoristisch, Ratcliffe 2002); omkaderd de hot times.",
                             texts=figure_texts(fig)))
        shown = prot.hot_blocks(run.hottimes)
        if shown:
            blocks.append(Bullets([f"{b['label']} ({b.get('phrase', '')}): {_cell(ctx, b.get('observed'))} "
                                   f"tegen {_cell(ctx, b.get('expected'))} verwacht" for b in shown]))
            if any(isinstance(v, float) and v != round(v) for v in (b.get("observed") for b in shown)):
                blocks.append(Paragraph("Gewogen aantallen, afgerond op hele getallen: een incident met een "
                                        "tijdvenster (begin en eind) telt in elk uur van dat venster voor een deel "
                                        "mee (in de werkmap: 'Gewogen aantal').", "note"))
        if ctx.subset:  # a chart click's filter counts by the start; the matrix weighs the whole time window
            blocks.append(Paragraph(f"Dit rapport neemt {ctx.subset}, naar het begin van elk incident. Het week-uurbeeld "
                                    "weegt het hele tijdvak van die incidenten, van begin tot eind; de hot times kunnen "
                                    "daarom buiten die tijd doorlopen.", "note"))
    monthly = ctx.data.monthly
    if len(monthly):
        table = {}
        say = _month_cells(prot, monthly)
        for m, v in monthly.items():
            table.setdefault(m.year, [say(None)] * 12)[m.month - 1] = say(v)
        fig = calendar_chart(table, title="Kalender: incidenten per maand", source=ctx.meta.source,
                             threshold=prot.rules.suppress_below)
        blocks.append(Figure(figure_png(fig), "Kalender van de hele reeks.", texts=figure_texts(fig)))
    blocks.append(Paragraph("Lokale duiding: …", "note"))
    return blocks


def _month_cells(prot, monthly):
    """The published form of a month of ``monthly``: as :meth:`Protection.count`, and every month (also one
    without incidents) ``"x"`` when the whole series holds fewer incidents than the threshold (a 0 beside a
    ``"<5"`` would tell in which months the few incidents were)."""
    whole = prot.active and prot.rules.suppressed(float(np.nansum(pd.to_numeric(monthly, errors="coerce"))))
    return lambda v: "x" if whole else (None if v is None or pd.isna(v) else prot.count(float(v)))


def build_ontwikkeling(ctx) -> list:
    from mapping.charts import figure_png, figure_texts, monthly_chart

    prot, data = ctx.prot, ctx.data
    blocks = [Heading("Ontwikkeling", 1)]
    monthly = data.monthly
    if len(monthly):
        recent = monthly[monthly.index > monthly.index.max() - 24]
        prev = [monthly.get(m - 12) for m in recent.index]
        say = _month_cells(prot, monthly)
        fig = monthly_chart([str(m) for m in recent.index], [say(v) for v in recent], [say(v) for v in prev],
                            title="Incidenten per maand", period=ctx.meta.period, source=ctx.meta.source,
                            threshold=prot.rules.suppress_below)
        blocks.append(Figure(figure_png(fig), "De laatste 24 maanden, met dezelfde maand een jaar eerder.",
                             texts=figure_texts(fig)))
    else:  # yearly police figures: no month of their own (never drawn as January)
        blocks.append(Paragraph("Geen maandreeks: de cijfers zijn per jaar of per kwartaal, niet per maand.", "note"))
    rows = []
    names = ctx.boundaries.set_index("code")["name"].astype(str).to_dict() if ctx.boundaries is not None \
        and "name" in ctx.boundaries else {}
    found = ctx.run.hotspots.areas
    if not names and {"wijk_code", "wijk_name"} <= set(found.columns):  # the buurt file's own wijk names
        known = found.dropna(subset=["wijk_code", "wijk_name"])
        names = dict(zip(known["wijk_code"].astype(str), known["wijk_name"].astype(str)))
    if ctx.level in ("wijk", "gemeente"):  # the areas are the wijken (or the gemeente) themselves
        areas = ctx.run.hotspots.areas
        names = {**dict(zip(areas["code"].astype(str), areas["name"].astype(str))), **names}
    for r in data.per_wijk.itertuples():
        this = prot.total(f"wijk:{r.wijk_code}", r.this)
        before = prot.column_count(LAST_YEAR, r.wijk_code, r.last_year) if pd.notna(r.last_year) else None
        hidden = isinstance(this, str) or isinstance(before, str)
        change = "" if hidden or not before else f"{'+' if this >= before else ''}{number(100 * (this - before) / before, 0)}%"
        rows.append([str(r.wijk_code), names.get(str(r.wijk_code), ""), _cell(ctx, this), _cell(ctx, before), change])
    if rows:
        blocks.append(Table(["Wijk", "Naam", "Deze periode", "Een jaar eerder", "Verschil"], rows,
                            caption="Per wijk: deze periode tegen dezelfde periode een jaar eerder.",
                            widths=[2.2, 5, 2.4, 2.4, 2], numeric=(2, 3, 4)))
    if ctx.run.trends is not None:
        from dataclasses import replace

        trends = ctx.run.trends
        recent = trends.series["month"] > pd.Period(data.period[1], "M") - 12  # flags of the last twelve months
        lines = prot.trend_sentences(replace(trends, series=trends.series[recent]))
        blocks.append(Heading("Trends per gebied", 2))
        blocks.append(Bullets(lines[:30] + ([f"... en {len(lines) - 30} zinnen meer in resultaten.xlsx."]
                                            if len(lines) > 30 else [])))
    blocks.append(Paragraph("Lokale duiding: …", "note"))
    return blocks


def build_vergelijking(ctx) -> list:
    from mapping.report.context import month_text

    rows = []
    for comp in ctx.data.comparisons:
        if comp.missing:  # not in the data: no number that looks like one
            rows.append([f"{comp.label} ({month_text(*comp.period)})", "–", _cell(ctx, _after(ctx, comp)),
                         comp.missing])
            continue
        before = _before(ctx, comp)
        test = "" if isinstance(before, str) else p_text(comp.p, missing="niet te toetsen")
        rows.append([f"{comp.label} ({month_text(*comp.period)})", _cell(ctx, before) or ctx.t(comp.before),
                     _cell(ctx, _after(ctx, comp)), test])
    return [Heading("Vergelijking van perioden", 1),
            Table(["Vergeleken met", "Toen", "Nu", "Toets"], rows, widths=[7, 2, 2, 3], numeric=(1, 2),
                  caption="Toets: voorwaardelijke toets van twee Poisson-aantallen (Przyborowski & Wilenski 1940)."),
            Paragraph(_capital(_change_sentence(ctx, ctx.data.comparisons[0])))]


def build_inzet(ctx) -> list:
    plan = ctx.plan
    if plan is None:
        return []
    rows = [[r.day, f"{r.start}-{r.end}", str(r.area_name), str(r.reason)] for r in plan.shifts.itertuples()]
    return [Heading("BOA-inzet", 1),
            Paragraph(f"Het plan dekt naar verwachting {number(100 * plan.coverage, 0)}% van de incidenten "
                      f"(ongericht {number(100 * plan.coverage_uniform, 0)}%)."),
            Table(["Dag", "Tijd", "Gebied", "Waarom"], rows, widths=[2, 2, 3.5, 9])]


def build_methode(ctx) -> list:
    run, prot = ctx.run, ctx.prot
    lines = [f"Hot spots: {ctx.meta.method or run.hotspots.method}."]
    lines += [ctx.meta.sentence(str(n)) for n in run.notes]  # counts as the tables show them (<5, x)
    blocks = [PageBreak(), Heading("Bijlage: Methode en betrouwbaarheid", 1), Bullets(lines)]
    if run.warnings:
        blocks += [Heading("Waarschuwingen bij deze gegevens", 2),
                   Bullets([ctx.meta.sentence(str(w)) for w in run.warnings])]
    skipped = [f"{k}: {ctx.meta.sentence(str(v))}" for k, v in run.skipped.items()]
    if skipped:
        blocks += [Heading("Niet uitgevoerd", 2), Bullets(skipped)]
    privacy = list(prot.rules.describe())
    if prot.active:
        from mapping.protect import describe_counts

        d = describe_counts(prot, run.hotspots.areas)
        privacy.append(f"In dit rapport: {d['primair']} gebied(en) met een klein aantal ({prot.rules.marker}) en "
                       f"{d['secundair']} gebied(en) als 'x' afgeschermd. De hot spots, z-scores en klassen zijn "
                       "berekend op de gepubliceerde tabel (een afgeschermd aantal telt mee als het midden van zijn "
                       "bereik), zodat ze geen afgeschermd aantal verraden.")
    blocks += [Heading("Privacy", 2), Bullets(privacy)]
    return blocks


def build_bronnen(ctx) -> list:
    rows = [[s.get("naam", ""), s.get("datum", ""), s.get("licentie", "")] for s in ctx.sources]
    rows.append(["Wijkbeeld (analyse en rapport)", ctx.meta.made_local_text, "EUPL-1.2"])
    return [Heading("Bronnen", 2), Table(["Bron", "Datum / periode", "Licentie"], rows, widths=[8, 4, 4])]


for _key, _title, _build in (("kort", "In het kort", build_kort), ("waar", "Waar", build_waar),
                             ("wanneer", "Wanneer", build_wanneer), ("ontwikkeling", "Ontwikkeling", build_ontwikkeling),
                             ("vergelijking", "Vergelijking van perioden", build_vergelijking),
                             ("inzet", "BOA-inzet", build_inzet), ("methode", "Methode en betrouwbaarheid", build_methode),
                             ("bronnen", "Bronnen", build_bronnen)):
    SECTIONS.append(Section(_key, _title, _build))
