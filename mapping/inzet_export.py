"""The Inzetplanner's plan for the coordinator: XLSX, a print-ready HTML rooster and a map layer.

Everything here is about areas and hours, never about people: the tables go
through :func:`mapping.disclosure.apply_rules` with a whitelist of the plan's own
columns, and the workbook carries the same ``Toelichting`` sheet as the other
exports (:func:`mapping.workbook.write_workbook`). The HTML page is one file with
inline CSS and no script or external request, laid out for A4 landscape.
The map layer uses the offline Leaflet page of :mod:`mapping.webmap`.
"""
from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from hotspots.inzet.changes import period_label
from hotspots.inzet.text import few_incidents, lookback_period, months, plan_period
from kernel.nl import number, percent

from mapping.workbook import write_workbook
from mapping.layers import FIELD_CODE, FIELD_NAME, area_spec, gi_layer
from mapping.disclosure import ALLOWED_COLUMNS, PrivacyLog, PrivacyRules, apply_rules
from mapping.meta import ReportMeta
from mapping.simplify import to_display
from mapping.webmap import OfflineMap, layered_map

#: Columns of the plan's tables (areas, hours and model numbers: no personal data).
PLAN_COLUMNS = frozenset({"dag", "begin", "einde", "gebied", "gebiedsnaam", "verwacht_per_week",
                          "deel_van_de_dag", "gi_star", "reden", "kengetal", "waarde"})
#: Colours of the plan layer: no shift, 1, 2, 3 or more shifts per week (blues, apart from the Gi* reds).
PLAN_COLOURS = ["#f7f7f7", "#c6dbef", "#6baed6", "#08519c"]
PLAN_LABELS = ["geen dienst", "1 dienst per week", "2 diensten per week", "3 of meer diensten per week"]
#: Said with a threshold: the expected numbers of a rooster are rates, not the counts the threshold hides
#: (mapping.disclosure's 'ook verwachte aantallen' is about expected counts beside observed ones).
EXPECTED_NOTE = ("'Verwacht per week' is een afgevlakt gemiddelde per week over de weken van de historie, geen "
                 "telling van incidenten; het staat er daarom ook onder de drempel voor kleine aantallen.")
#: Titles when no :class:`~mapping.meta.ReportMeta` is given (the workbook's sheet says "analyse" instead).
HTML_TITLE, MAP_TITLE, XLSX_TITLE = "BOA-inzet: weekrooster", "BOA-inzet", None


def shift_table(plan) -> pd.DataFrame:
    """One row per shift with Dutch column names."""
    s = plan.shifts
    return pd.DataFrame({"dag": s["day"], "begin": s["start"], "einde": s["end"], "gebied": s["area"],
                         "gebiedsnaam": s["area_name"], "verwacht_per_week": s["expected"].round(2),
                         "deel_van_de_dag": s["share_day"].round(3), "gi_star": s["gi_label"],
                         "reden": s["reason"]})


def rooster_table(plan) -> pd.DataFrame:
    """The weekly rooster: a row per day, a column per shift of that day."""
    return plan.rooster().reset_index()


def history_text(plan, meta: ReportMeta | PrivacyRules | None = None) -> str:
    """The history the plan learnt from: ``"02-01-2017 tot 01-10-2017"``; in months (``"2017-01 t/m 2017-09"``)
    when ``meta``'s rules suppress small counts and the history holds fewer incidents than the threshold (its
    bounds may be the dates of its first and last incident).

    >>> from types import SimpleNamespace
    >>> plan = SimpleNamespace(history=(pd.Timestamp("2017-07-01"), pd.Timestamp("2017-09-20")),
    ...                        history_counts={"total": 3.0})
    >>> history_text(plan), history_text(plan, PrivacyRules(5))
    ('01-07-2017 tot 20-09-2017', '2017-07 t/m 2017-09')
    """
    h0, h1 = plan.history
    if few_incidents(plan, ReportMeta.of(meta).privacy.suppress_below, lookback=False):
        return "{} t/m {}".format(*months(h0, h1))
    return f"{h0:%d-%m-%Y} tot {h1:%d-%m-%Y}"


def figures(plan, meta: ReportMeta | PrivacyRules | None = None) -> list[tuple[str, str]]:
    """The key figures in words: coverage, uniform, greedy, solver and the look back (the history and the look
    back's period as ``meta``'s rules may show them, :func:`history_text`,
    :func:`hotspots.inzet.text.lookback_period`)."""
    rows = [
        ("Gedekt deel van de verwachte incidenten", percent(plan.coverage)),
        ("Bij ongerichte inzet (zelfde uren, gelijk verdeeld)", percent(plan.coverage_uniform)),
        ("Verwachte incidenten per week (hele gemeente)", number(plan.expected_total)),
        ("Steeds de dienst erbij die het meest toevoegt", f"{percent(plan.greedy['coverage'])} "
                                                           f"({percent(plan.greedy['gap'])} minder)"),
        ("Rekentijd", f"{number(plan.solver['seconds'])} s"
         + (", bewezen de beste keuze" if plan.solver["optimal"] else ", niet bewezen de beste keuze")),
        ("Historie", history_text(plan, meta)),
    ]
    ev = plan.evaluation
    if ev:
        rows += [
            ("Terugblik: periode", lookback_period(plan, ReportMeta.of(meta).privacy.suppress_below)),
            ("Terugblik: deel van wat gebeurde binnen een dienst", percent(ev["hit_rate"])),
            ("Terugblik: idem, dezelfde uren gelijk verdeeld", percent(ev.get("hit_rate_uniform"))),
            ("Concentratie in de geplande gebieden (PAI)", number(ev['pai'])),
        ]
        if "pai_gistar" in ev:
            rows.append(("Concentratie in de hotspots (PAI)", number(ev['pai_gistar'])))
        rows += [(f"Terugblik: {b['label']}", percent(b["hit_rate"])) for b in ev.get("baselines", [])]
    return rows


def published(plan, meta: ReportMeta | PrivacyRules | None = None) -> dict:
    """What ``wijkbeeld inzet --json`` prints: the plan (:meth:`hotspots.inzet.plan.InzetPlan.to_dict`) as the
    rooster written by the same command under ``meta``'s rules shows it (:func:`write_xlsx`, :func:`render_html`).
    With a threshold: the notes and warnings as published sentences (:meth:`ReportMeta.sentence`); ``history``
    in months where the rooster gives it in months (:func:`history_text`), ``target`` and the Terugblik's
    ``evaluation.period`` where its period is (:func:`hotspots.inzet.text.plan_period`), each as its first and
    last month (``["2017-07", "2017-09"]``, both included) instead of days; the Terugblik's number of incidents
    as a count is published (``"<5"``); and ``privacy`` says the rule. Unchanged without a threshold.

    >>> from types import SimpleNamespace
    >>> plan = SimpleNamespace(history=(pd.Timestamp("2017-07-03"), pd.Timestamp("2017-08-01")),
    ...     target=(pd.Timestamp("2017-08-01"), pd.Timestamp("2017-09-20")), history_counts={"total": 2.0},
    ...     evaluation={"period": ["2017-08-01", "2017-09-20"], "incidents": 2.0}, notes=[], warnings=[])
    >>> plan.to_dict = lambda: {"history": ["2017-07-03", "2017-08-01"], "target": ["2017-08-01", "2017-09-20"],
    ...                         "evaluation": dict(plan.evaluation), "notes": [], "warnings": []}
    >>> out = published(plan, PrivacyRules(5))
    >>> out["history"], out["target"], out["evaluation"], out["privacy"]["drempel_kleine_aantallen"]
    (['2017-07', '2017-07'], ['2017-08', '2017-09'], {'period': ['2017-08', '2017-09'], 'incidents': '<5'}, 5)
    >>> published(plan)["target"]
    ['2017-08-01', '2017-09-20']
    """
    meta = ReportMeta.of(meta)
    rules = meta.privacy
    out = plan.to_dict()
    threshold = rules.suppress_below
    if threshold is None:
        return out
    if few_incidents(plan, threshold, lookback=False):
        out["history"] = list(months(*plan.history))
    target = getattr(plan, "target", None)
    in_months = target is not None and few_incidents(plan, threshold, lookback=bool(plan.evaluation))
    if in_months:
        out["target"] = list(months(*target))
    out["notes"] = [meta.sentence(str(n)) for n in plan.notes]
    out["warnings"] = [meta.sentence(str(w)) for w in plan.warnings]
    if out.get("evaluation"):
        ev = out["evaluation"] = dict(out["evaluation"])
        if in_months:
            ev["period"] = list(out["target"])
        ev["incidents"] = rules.shown(ev.get("incidents"))
    out["privacy"] = {key: value for key, value in PrivacyLog(rules).metadata().items()
                      if key in ("drempel_kleine_aantallen", "methode_tegen_terugrekenen", "toelichting")}
    out["privacy"]["verwacht_per_week"] = EXPECTED_NOTE
    return out


def write_xlsx(plan, path, meta: ReportMeta | PrivacyRules | None = None) -> list[Path]:
    """Workbook with sheets Rooster, Diensten, Kengetallen and Toelichting (method and privacy)."""
    meta = ReportMeta.of(meta, default_title=XLSX_TITLE)
    privacy = meta.privacy
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rooster = rooster_table(plan)
    allowed = ALLOWED_COLUMNS | PLAN_COLUMNS | set(rooster.columns)
    tables = {"Rooster": rooster, "Diensten": shift_table(plan),
              "Kengetallen": pd.DataFrame(figures(plan, meta), columns=["kengetal", "waarde"])}
    log = None
    ready = {}
    for name, frame in tables.items():
        ready[name], log = apply_rules(frame, privacy, allowed=allowed, log=log)
    # the notes and warnings with their counts as the export may show them (mapping.workbook: meta.sentence)
    notes = {f"methode_{i + 1}": n for i, n in enumerate(plan.notes)}
    notes.update({f"waarschuwing_{i + 1}": w for i, w in enumerate(plan.warnings)})
    if privacy.active:
        notes["verwacht_per_week"] = EXPECTED_NOTE
    write_workbook(ready, path, meta, log, extra={"analyse": "Inzetplanner (BOA-diensten)", **notes})
    return [path]


_CSS = """
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #222; margin: 0 1em; }
h1 { font-size: 16pt; margin: 0.4em 0 0.1em; } h2 { font-size: 12pt; margin: 1em 0 0.3em; }
.sub { color: #555; margin: 0 0 0.8em; }
table { border-collapse: collapse; width: 100%; margin-bottom: 0.6em; page-break-inside: avoid; }
th, td { border: 1px solid #999; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #e8eef6; }
td.leeg { background: #fafafa; }
.fig td:first-child { width: 45%; }
ol li { margin-bottom: 0.25em; }
.notes { color: #444; font-size: 8.5pt; }
@media print { h2 { page-break-after: avoid; } .pagebreak { page-break-before: always; } }
"""


def render_html(plan, *, meta: ReportMeta | None = None) -> str:
    """The print-ready page as a string (inline CSS, no scripts, no external resources)."""
    meta = ReportMeta.of(meta, default_title=HTML_TITLE)
    title, source = meta.title, meta.source
    e = html.escape
    rooster = plan.rooster()
    head = "".join(f"<th>{e(str(c))}</th>" for c in ["Dag", *rooster.columns])
    body = []
    for day, row in rooster.iterrows():
        cells = "".join(f'<td class="leeg"></td>' if not v else f"<td>{e(str(v))}</td>" for v in row)
        body.append(f"<tr><th>{e(str(day))}</th>{cells}</tr>")
    shifts = "".join(f"<li>{e(r)}</li>" for r in plan.shifts["reason"])
    figs = "".join(f"<tr><td>{e(k)}</td><td>{e(v)}</td></tr>" for k, v in figures(plan, meta))
    notes = "".join(f"<li>{e(meta.sentence(str(n)))}</li>" for n in [*plan.notes, *plan.warnings])
    p = plan.params
    target = getattr(plan, "target", None)  # the Terugblik's period, or the period planned (in months with few)
    what = "Terugblik op" if getattr(plan, "evaluation", None) else "Plan voor"
    sub = ((f"{what} {plan_period(plan, meta.privacy.suppress_below)}: " if target is not None else "")
           + f"{len(plan.shifts)} diensten van {p['shift_hours']} uur per week, inzettijden {p['hours']}"
           + (f", nachtdiensten op {p['nights']}" if p.get("nights") else "")
           + f"; historie {history_text(plan, meta)}")
    src = f"<p class='notes'>Bron: {e(source)}</p>" if source else ""
    return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>{e(title)}</title><style>{_CSS}</style></head>
<body>
<h1>{e(title)}</h1>
<p class="sub">{e(sub)}</p>
<h2>Rooster</h2>
<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>
<h2>Waarom deze diensten</h2>
<ol>{shifts}</ol>
{_changes_html(plan)}
<h2>Kengetallen</h2>
<table class="fig"><tbody>{figs}</tbody></table>
<h2>Werkwijze</h2>
<ul class="notes">{notes}</ul>
{src}
<p class="notes">Gemaakt met Wijkbeeld. Dit rooster bevat alleen gebieden, uren en verwachte aantallen; geen
persoonsgegevens.{(" " + e(EXPECTED_NOTE)) if meta.privacy.active else ""}</p>
</body></html>
"""


def _changes_html(plan) -> str:
    """The section 'Wat is anders dan vorige periode' (empty without a comparison)."""
    ch = getattr(plan, "changes", None)
    if ch is None or ch.table.empty:
        return ""
    e = html.escape
    rows = "".join(f"<tr><td>{e(r.status)}</td><td>{e(r.shift)}</td><td>{e(str(r.area_name))}</td>"
                   f"<td>{e(r.why)}</td></tr>" for r in ch.table.itertuples())
    return (f"<h2>Wat is anders dan het plan voor {e(period_label(ch.previous))}</h2><p>{e(ch.summary())}</p>"
            f"<table><thead><tr><th>Wat</th><th>Dienst</th><th>Gebied</th><th>Waarom</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def write_html(plan, path, **kwargs) -> list[Path]:
    """Write :func:`render_html` to ``path`` (UTF-8)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(plan, **kwargs), encoding="utf-8")
    return [path]


# -- the map ------------------------------------------------------------------------------------------
def plan_layer(plan, display=None, *, show: bool = True):
    """A layer spec (for ``Wijkbeeld.build``) of the planned areas, shaded by shifts per week.

    The tooltip lists the shifts of the area. Returns ``(spec, legend)``.
    """
    areas = plan.areas
    if display is None:
        display = to_display(areas)
    by_area = plan.shifts.groupby("area")
    texts = {code: "; ".join(f"{r.day} {r.start}-{r.end}" for r in grp.itertuples()) for code, grp in by_area}
    props = []
    for code, name, n, exp in zip(areas["code"], areas["name"], areas["shifts"], areas["expected_covered"]):
        props.append({"c": str(code), "n": str(name), "d": int(n), "e": round(float(exp), 2),
                      "t": texts.get(str(code), ""), "k": int(min(n, 3))})
    fields = [FIELD_CODE, FIELD_NAME, {"key": "d", "label": "Diensten per week", "kind": "int"},
              {"key": "e", "label": "Gedekt per week (verwacht)", "kind": "num"},
              {"key": "t", "label": "Wanneer", "kind": "text"}, {"key": "k", "label": "Klasse", "kind": "class"}]
    spec = area_spec("inzet", "BOA-inzet (diensten per week)", display, props, PLAN_COLOURS, PLAN_LABELS, fields,
                     show=show, stroke="#555555", missing_colour=PLAN_COLOURS[0])
    # every class, also those this plan does not use: the coordinator compares maps of several plans
    legend = {"title": "BOA-inzet", "note": f"De diensten dekken {percent(plan.coverage)} van de verwachte "
                                            f"incidenten (dezelfde uren gelijk verdeeld: "
                                            f"{percent(plan.coverage_uniform)}).",
              "items": [{"colour": c, "label": label} for c, label in zip(PLAN_COLOURS, PLAN_LABELS)]}
    return spec, legend


def plan_map(plan, *, hotspot_areas=None, meta: ReportMeta | None = None) -> OfflineMap:
    """An offline Leaflet map of the plan, with the Gi* hot spots as a second (hidden) layer.

    ``hotspot_areas`` (code, gi_class) defaults to the Gi* classes the plan itself quoted, if any.

    Save it with :func:`mapping.webmap.save_html`.
    """
    display = to_display(plan.areas)
    if hotspot_areas is None and "gi_class" in plan.areas:
        hotspot_areas = plan.areas[["code", "gi_class"]]
    layers, legend = [], []
    spec, block = plan_layer(plan, display)
    layers.append(spec), legend.append(dict(block, layer=spec["id"]))
    if hotspot_areas is not None and "gi_class" in hotspot_areas:
        hs = pd.DataFrame(hotspot_areas).drop(columns=["geometry", "name"], errors="ignore")
        hs = hs.assign(code=hs["code"].astype(str)).drop_duplicates("code").set_index("code")
        hs = hs.reindex(plan.areas["code"].astype(str).to_numpy()).rename_axis("code").reset_index()
        gspec, gblock = gi_layer(hs.assign(name=plan.areas["name"].to_numpy()), display, PrivacyRules(), show=False)
        layers.append(gspec), legend.append(dict(gblock, layer=gspec["id"]))
    meta = ReportMeta.of(meta, default_title=MAP_TITLE)
    return layered_map(display, {"title": meta.title, "period": meta.period, "source": meta.source,
                                 "method": "Inzetplanner: de diensten die samen de meeste verwachte incidenten dekken",
                                 "notes": ["Noorden is boven."], "layers": layers, "legend": legend})
