"""The report's space-time sections (issue 15): "Opkomende hot spots", "Bijna-herhaling" and "Stabiele hot spots".

:func:`report_spacetime` runs, once per report, the emerging hot spot analysis
(:func:`hotspots.spacetime.emerging.run`) on the whole history up to the report's last month, and for
incidents with dates the near-repeat analysis (:func:`hotspots.spacetime.nearrepeat.run`) on the last
:data:`NEAR_MONTHS` months of that history with :data:`PERMUTATIONS` permutations (enough for the
strongest bands, fast enough for a report; the window and ``wijkbeeld nearrepeat`` take 999), and the stable
hot spots (:func:`hotspots.spacetime.stable.run`) of those same months, per area only.
:func:`mapping.report.make.run_report` keeps the result in ``ctx.spacetime``; the two sections are
registered after "ontwikkeling", as :mod:`mapping.report.sections` planned.

What the report never shows: the chains of near repeats and the 50 m places of stable hot spots, nor the ground
map made of those places (all point-level: a chain runs through incident locations), and no count per location
and month; stable hot spots appear per area (on how many scales it is hot). The Knox
table's pair counts pass the report's small-count rule; a band whose pair count is hidden has no ratio
(the ratio times the expected count would give it back).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kernel.errors import AnalysisError
from kernel.nl import clause, number, plain
from mapping.report.model import Figure, Heading, Paragraph, Table
from mapping.report.sections import register_section

#: Permutations of the report's Knox test (the smallest p-value is 1 / (PERMUTATIONS + 1)).
PERMUTATIONS = 199
#: The near-repeat test runs on the last this many months up to the report's end.
NEAR_MONTHS = 12
#: What ``include`` may name (``wijkbeeld rapport --ruimte-tijd``).
PARTS = ("emerging", "nearrepeat", "stable")
#: The report's stable hot spots keep each cell scale under about this many cells: a larger study area gets its
#: default cell sizes doubled until it fits (:func:`stable_scales`). 250 m cells over a province or the country
#: are a million cells per scale, minutes of work for a per-area table.
REPORT_MAX_CELLS = 50_000
#: The longest table of a space-time section: a region's thousands of areas with a pattern would fill a hundred
#: pages nobody reads; the strongest come first and the command named under the table gives the whole list.
REPORT_TABLE_ROWS = 100


@dataclass
class SpaceTime:
    """The space-time results of one report (None where not run) and why a part was left out."""

    emerging: object = None
    nearrepeat: object = None
    stable: object = None
    near_period: tuple | None = None
    permutations: int = PERMUTATIONS
    skipped: dict = field(default_factory=dict)
    stable_note: str | None = None


def report_spacetime(areas, *, incidents=None, counts=None, last: str, data_end=None, include=PARTS,
                     permutations: int = PERMUTATIONS, progress=None, cancelled=None) -> SpaceTime:
    """The emerging hot spots of the history (incidents, else counts) up to ``last`` (JJJJ-MM), and the near
    repeats of the incidents of the last :data:`NEAR_MONTHS` months; a part the data do not allow is left out
    with its reason in ``skipped`` (fewer than 10 whole months, no incidents with places and dates).

    ``data_end``: the last time in the whole data (beyond ``last`` too). When the data stop inside ``last``, that
    month is partial and the emerging analysis leaves it out (with its note: every category hinges on the final
    month); police counts are whole months.
    """
    from hotspots.inputs import Inputs
    from hotspots.spacetime import emerging, nearrepeat
    from kernel.progress import as_progress

    p = as_progress(progress, cancelled)
    out = SpaceTime(permutations=permutations)
    if "emerging" in include:
        p(0.0, "Opkomende hot spots")
        data = {"incidents": incidents} if incidents is not None else {"counts": counts}
        whole = incidents is None or (data_end is not None and pd.Timestamp(data_end).normalize()
                                      >= pd.Period(last, "M").end_time.normalize())
        try:  # a partial last month: no end given, so that the core leaves it out and says so
            out.emerging = emerging.run(Inputs(areas=areas, **data), {"end": last} if whole else {},
                                        progress=p.slice(0.0, 0.3))
        except AnalysisError as exc:
            out.skipped["Opkomende hot spots"] = clause(exc.message)
    if "nearrepeat" in include and incidents is not None:
        p(0.3, "Bijna-herhaling")
        first, end = out.near_period = _last_months(incidents, last)
        try:
            out.nearrepeat = nearrepeat.run(
                Inputs(areas=areas, incidents=incidents),
                {"start": str(pd.Period(first, "M").start_time.date()), "end": end, "permutations": permutations},
                progress=p.slice(0.3, 0.8))
        except AnalysisError as exc:
            out.skipped["Bijna-herhaling"] = clause(exc.message)
    elif "nearrepeat" in include:
        out.skipped["Bijna-herhaling"] = "vraagt incidenten met plaats en datum; politietellingen per maand hebben die niet"
    if "stable" in include and incidents is not None:
        from hotspots.spacetime import stable

        p(0.8, "Stabiele hot spots")
        first, end = out.near_period or _last_months(incidents, last)
        out.near_period = (first, end)
        scales, out.stable_note = stable_scales(areas)
        try:
            out.stable = stable.run(Inputs(areas=areas, incidents=incidents),
                                    {"start": str(pd.Period(first, "M").start_time.date()), "end": end,
                                     "scales": scales},
                                    progress=p.slice(0.8, 1.0))
        except AnalysisError as exc:
            out.skipped["Stabiele hot spots"] = clause(exc.message)
    elif "stable" in include:
        out.skipped["Stabiele hot spots"] = "vraagt incidenten met plaats; politietellingen per gebied hebben die niet"
    p(1.0, "Klaar")
    return out


def stable_scales(areas, max_cells: int | None = None) -> tuple[str, str | None]:
    """The scales of the report's stable hot spots: the method's default, with every cell size doubled (the same
    factor for all, so their ratios stay) until the finest scale has at most ``max_cells`` cells over the land
    of ``areas`` (default :data:`REPORT_MAX_CELLS`); and the sentence that says so (None when the defaults fit).

    >>> import geopandas as gpd; from shapely.geometry import box
    >>> stable_scales(gpd.GeoDataFrame(geometry=[box(0, 0, 5000, 5000)], crs="EPSG:28992"))
    ('area,square:250,hexagon:250,hexagon:500', None)
    >>> stable_scales(gpd.GeoDataFrame(geometry=[box(0, 0, 100_000, 100_000)], crs="EPSG:28992"))[0]
    'area,square:500,hexagon:500,hexagon:1000'
    """
    from hotspots.spacetime.methods import STABLE
    from hotspots.spacetime.stable import parse_scales

    max_cells = REPORT_MAX_CELLS if max_cells is None else max_cells
    default = STABLE.validate({})["scales"]
    scales = parse_scales(default)
    sizes = [size for kind, size in scales if kind != "area"]
    land = areas.to_crs("EPSG:28992") if areas.crs is not None and areas.crs.is_geographic else areas
    if "water" in land.columns:
        land = land[~land["water"].fillna(False).astype(bool)]
    km2 = float(land.geometry.area.sum()) / 1e6
    factor = 1
    while sizes and km2 * 1e6 / (min(sizes) * factor) ** 2 > max_cells:
        factor *= 2
    if factor == 1:
        return default, None
    text = ",".join(kind if kind == "area" else f"{kind}:{plain(size * factor)}" for kind, size in scales)
    old, new = ([plain(s * f, thousands=True) for s in sorted(set(sizes))] for f in (1, factor))
    note = (f"Het gebied is groot ({plain(round(km2), thousands=True)} km²): de cellen zijn {' en '.join(new)} m in "
            f"plaats van {' en '.join(old)} m, zodat het rapport op tijd klaar is. Kleinere cellen geeft "
            "'wijkbeeld stabiel --scales' (over een kleiner gebied).")
    return text, note


def _last_months(incidents, last: str) -> tuple[str, str]:
    """The last :data:`NEAR_MONTHS` months up to ``last`` (from the data's first month when they are shorter)."""
    end = pd.Period(last, "M")
    first = end - (NEAR_MONTHS - 1)
    start = pd.to_datetime(incidents["start"], errors="coerce").min()
    if pd.notna(start) and start.to_period("M") > first:
        first = start.to_period("M")
    return str(first), str(end)


# -- Opkomende hot spots ---------------------------------------------------------------------------------


def emerging_rows(result) -> list[list[str]]:
    """The table's rows: every location with a pattern (strongest kinds first), its Dutch category, ArcGIS's name
    and the sentence that explains it."""
    from hotspots.spacetime.patterns import CATEGORIES

    loc = result.table()
    loc = loc[loc["category"] != "none"].copy()
    loc["_order"] = loc["category"].map({c: i for i, c in enumerate(CATEGORIES)})
    loc = loc.sort_values(["_order", "final_z"], ascending=[True, False])
    return [[str(r.code), str(r.name), str(r.label), str(r.arcgis), str(r.sentence)] for r in loc.itertuples()]


def _area_figure(areas, facecolors, boundaries, title: str, handles: list, legend_title: str):
    """A report figure of the areas in ``facecolors`` with the wijk outlines of ``boundaries`` over them, the
    title above and the legend (``handles``) right of the map."""
    from matplotlib.figure import Figure as MplFigure

    from mapping import styles
    from mapping.printmap import polygon_collection

    fig = MplFigure(figsize=(8.27, 4.9))
    ax = fig.add_axes([0.01, 0.02, 0.66, 0.88])
    ax.add_collection(polygon_collection(areas.geometry.values, facecolors=facecolors,
                                         edgecolors=styles.OUTLINE_BUURT, linewidths=0.3))
    if boundaries is not None and len(boundaries):
        wijken = boundaries.to_crs(areas.crs) if boundaries.crs is not None else boundaries
        ax.add_collection(polygon_collection(wijken.geometry.values, facecolors="none",
                                             edgecolors=styles.OUTLINE_WIJK, linewidths=1.0))
    x0, y0, x1, y1 = areas.total_bounds
    ax.set_xlim(x0, x1), ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    fig.suptitle(title, x=0.02, ha="left", fontsize=12, fontweight="bold")
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.69, 0.88), frameon=False, fontsize=8,
               title=legend_title, title_fontsize=9, alignment="left")
    return fig


def emerging_figure(result, boundaries=None):
    """The map of the categories (the core's colours), with a legend of the categories present."""
    from matplotlib.patches import Patch

    from hotspots.spacetime.cube import month_name
    from hotspots.spacetime.patterns import CATEGORIES, COLOURS, LABELS

    loc, months = result.locations, result.months
    present = [c for c in CATEGORIES if result.summary.get(c)]
    handles = [Patch(facecolor=COLOURS[c], edgecolor="#888888", label=f"{LABELS[c]} ({result.summary[c]})")
               for c in present]
    fig = _area_figure(loc, loc["colour"].tolist(), boundaries,
                       f"Opkomende hot spots, {month_name(months[0])} t/m {month_name(months[-1])}", handles,
                       "Categorie (aantal)")
    fig.text(0.69, 0.04, "Gi* per maand op buren in ruimte en tijd,\nMann-Kendall-trend, regels van ArcGIS.",
             fontsize=7, color="#555555")
    return fig


def build_opkomend(ctx) -> list:
    st = getattr(ctx, "spacetime", None)
    if st is None or st.emerging is None:
        return []
    from mapping.charts import figure_png, figure_texts

    res = st.emerging
    months = res.months
    from hotspots.spacetime.cube import month_name

    blocks = [Heading("Opkomende hot spots", 1),
              Paragraph("Is een gebied een nieuwe, toenemende, aanhoudende, afnemende of steeds terugkerende hot spot? "
                        "Per maand is bepaald of het gebied samen met zijn buren (in dezelfde en de vorige maand) "
                        "significant veel incidenten had (Gi*), en per gebied of die z-waarden stijgen of dalen "
                        "(Mann-Kendall). De categorieën zijn die van ArcGIS Pro's Emerging Hot Spot Analysis; de "
                        "Engelse naam staat erbij voor wie ArcGIS kent.")]
    blocks += [Paragraph(line) for line in res.sentences[:1]]
    fig = emerging_figure(res, ctx.boundaries)
    blocks.append(Figure(figure_png(fig), f"Categorie per gebied over {len(months)} maanden "
                                          f"({month_name(months[0])} t/m {month_name(months[-1])}).",
                         texts=figure_texts(fig)))
    rows = emerging_rows(res)
    if rows:
        rows, caption = first_rows(rows, "Gebieden met een patroon; de andere gebieden laten geen patroon zien.",
                                   "wijkbeeld emerging")
        blocks.append(Table(["Code", "Naam", "Categorie", "ArcGIS", "Uitleg"], rows, caption=caption,
                            widths=[2.5, 3.4, 2.7, 2.7, 5.9]))
    blocks.append(Paragraph(
        f"Let op: elke categorie hangt af van de laatste maand ({month_name(months[-1])}). Een gebied dat "
        "jarenlang een hot spot was maar in die maand net niet, heet 'voormalig'; een maand later kan het weer "
        "'aanhoudend' zijn. Lees de categorie als een stand van nu, niet als een vast oordeel.", "note"))
    partial = [n for n in res.notes if "loopt in de gegevens maar tot" in n]
    blocks.append(Paragraph(ctx.meta.sentence(partial[0]) if partial else
                            "Een maand die de gegevens maar voor een deel dekken, wordt weggelaten (hier was de "
                            "laatste maand volledig).", "note"))
    blocks += [Paragraph(n, "note") for n in res.notes if n.startswith("Opkomende hot spots zoals")]
    blocks.append(Paragraph("De categorieën noemen geen aantallen per gebied en maand; die staan niet in dit rapport.",
                            "note"))
    return blocks


def first_rows(rows: list, caption: str, command: str, most: int | None = None) -> tuple[list, str]:
    """At most ``most`` (default :data:`REPORT_TABLE_ROWS`) of ``rows`` (strongest first), and the caption that says
    so and where they all are: the window (most reports are made there) or the command.

    >>> first_rows([[1], [2], [3]], "Gebieden.", "wijkbeeld stabiel", most=2)[1].split("; ")[1]
    "de hele lijst staat in het venster onder Ruimte en tijd (of: 'wijkbeeld stabiel')."
    """
    most = REPORT_TABLE_ROWS if most is None else most
    if len(rows) <= most:
        return rows, caption
    return rows[:most], (f"{caption} De eerste {plain(most, thousands=True)} van de "
                         f"{plain(len(rows), thousands=True)} (sterkste eerst); de hele lijst staat in het "
                         f"venster onder Ruimte en tijd (of: '{command}').")


# -- Bijna-herhaling -------------------------------------------------------------------------------------


def knox_rows(ctx, table: pd.DataFrame) -> tuple[list[str], list[list[str]]]:
    """The Knox table as ratio per distance (rows) x time band (columns), the inner bands only; a significant
    ratio marked with ``*``; a band whose pair count the report hides shows its marker and no ratio."""
    inner = table[table["p_fdr"].notna()]
    columns = list(dict.fromkeys(inner["column"]))
    short = {c: f"{plain(r['days_from'])}-{plain(r['days_to'])} d"
             for c, (_, r) in zip(columns, inner.drop_duplicates("column").iterrows())}
    rows = []
    for label, part in inner.groupby("row", sort=False):
        cells = [str(label)]
        for col in columns:
            r = part[part["column"] == col].iloc[0]
            shown = ctx.prot.count(float(r["observed"]))
            if isinstance(shown, str):
                cells.append(shown)
            else:
                cells.append(number(float(r["ratio"]), 2) + ("*" if r["significant"] else ""))
        rows.append(cells)
    return ["Afstand"] + [short[c] for c in columns], rows


def knox_sentence(ctx, result) -> str:
    """The core's sentence for the strongest significant band; without its numbers when its pair count is hidden."""
    table = result.table
    sig = table[table["significant"]]
    if sig.empty:
        return result.sentence
    best = sig.loc[sig["ratio"].idxmax()]
    if isinstance(ctx.prot.count(float(best["observed"])), str):
        return (f"De sterkste verhoogde band is {best['row']} en {best['column']}; het aantal paren daarin is klein "
                f"en daarom afgeschermd ({ctx.prot.rules.marker}).")
    return result.sentence


def build_bijna(ctx) -> list:
    st = getattr(ctx, "spacetime", None)
    if st is None or st.nearrepeat is None:
        return []
    from mapping.report.context import month_text

    res = st.nearrepeat
    header, rows = knox_rows(ctx, res.table)
    k = res.knox
    blocks = [Heading("Bijna-herhaling", 1),
              Paragraph(f"Volgt op een incident vaker dan bij toeval een volgend incident dichtbij en kort daarna? "
                        f"De Knox-toets telt paren incidenten per afstands- en tijdband, over "
                        f"{month_text(*st.near_period)} ({plain(res.incidents, thousands=True)} incidenten), en "
                        f"vergelijkt ze met wat te verwachten is als de dagen willekeurig over de plekken verdeeld "
                        f"zouden zijn."),
              Paragraph(knox_sentence(ctx, res), "lead"),
              Table(header, rows, caption="Knox-ratio (waargenomen / verwacht aantal paren) per afstand en tijd; "
                                          "* = significant hoger dan toeval na FDR-correctie; – = geen paren te verwachten.",
                    widths=[3.2] + [1.6] * (len(header) - 1), numeric=tuple(range(1, len(header))))]
    rng = [s for s in res.sentences[1:2] if s.startswith("Verhoogd")]
    blocks += [Paragraph(s) for s in rng]
    blocks.append(Paragraph(
        f"De p-waarden komen uit {st.permutations} permutaties van de dagen over de plekken (startgetal {k.seed}); "
        f"de kleinste mogelijke p-waarde is dan {number(1 / (st.permutations + 1), 3)}. Dat houdt het rapport snel; "
        f"voor een losse band die op zichzelf significant moet zijn, rekent het venster (Ruimte en tijd) of "
        f"'wijkbeeld nearrepeat' met 999 permutaties.", "note"))
    blocks.append(Paragraph("Reeksen van bijna-herhalingen staan niet in dit rapport: een reeks loopt langs de "
                            "plekken van afzonderlijke incidenten.", "note"))
    return blocks


# -- Stabiele hot spots ----------------------------------------------------------------------------------


def stable_figure(result, boundaries=None):
    """The areas in the number of scales that call them hot (0 white, all scales darkest red)."""
    from matplotlib.patches import Patch

    from mapping.spacetime_map import scale_colours

    areas = result.areas
    n = len(result.scales)
    colours = scale_colours(n)
    counts = areas["scales_hot"].value_counts()
    handles = [Patch(facecolor=colours[k], edgecolor="#888888",
                     label=f"{k} van de {n} schalen ({int(counts.get(k, 0))})") for k in range(n, -1, -1)]
    return _area_figure(areas, [colours[int(k)] for k in areas["scales_hot"]], boundaries,
                        "Stabiele hot spots: op hoeveel schalen hot", handles, "Hot op (aantal gebieden)")


def build_stabiel(ctx) -> list:
    st = getattr(ctx, "spacetime", None)
    if st is None or st.stable is None:
        return []
    from mapping.charts import figure_png, figure_texts
    from mapping.report.context import month_text

    res = st.stable
    n = len(res.scales)
    areas = pd.DataFrame(res.areas.drop(columns="geometry"))
    hot = areas[areas["scales_hot"] > 0].sort_values(["scales_hot", "share_all"], ascending=False)
    fig = stable_figure(res, ctx.boundaries)
    blocks = [Heading("Stabiele hot spots", 1),
              Paragraph(f"Over {month_text(*st.near_period)}. " + res.caption),
              Figure(figure_png(fig), f"Per gebied: op hoeveel van de {n} schalen Gi* het een hot spot noemt.",
                     texts=figure_texts(fig))]
    km2 = [s for s in res.sentences if "km²" in s]
    per_scale = "; ".join(f"{i['label']} {plain(i['hot_units'], thousands=True)} van de "
                          f"{plain(i['units'], thousands=True)}" for i in res.scales)
    blocks.append(Paragraph(" ".join(km2 + [f"Hot per schaal: {per_scale}."])))
    if st.stable_note:
        blocks.append(Paragraph(st.stable_note, "note"))
    if len(hot):
        rows, caption = first_rows([[str(r.code), str(r.name), f"{int(r.scales_hot)} van {n}", str(r.hot_at)]
                                    for r in hot.itertuples()],
                                   "Gebieden die op minstens één schaal een hot spot zijn.", "wijkbeeld stabiel")
        blocks.append(Table(["Code", "Naam", "Schalen", "Hot als"], rows, caption=caption, widths=[2.5, 4, 2, 7.5]))
    blocks.append(Paragraph("De kaart van de kleine plekken waarop de schalen zijn vergeleken, staat niet in dit "
                            "rapport: die plekken liggen dicht bij afzonderlijke incidenten.", "note"))
    return blocks


register_section("opkomend", "Opkomende hot spots", build_opkomend, after="ontwikkeling")
register_section("bijna_herhaling", "Bijna-herhaling", build_bijna, after="opkomend")
register_section("stabiel", "Stabiele hot spots", build_stabiel, after="bijna_herhaling")
