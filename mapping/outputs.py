"""The one output pipeline: everything written from an analysis run, under one :class:`ReportMeta`.

``write_outputs(run, meta, out_dir=... | paths=...)`` composes the outputs of a
:class:`hotspots.run.AnalysisRun`: the web map (``html``), the print map (``png``), the
GeoPackage with its QGIS style (``gpkg``), the workbook (``xlsx``: areas, hot times, the
week-hour table, trends) and the summary (``json``). ``wijkbeeld analyse`` writes them all into
a folder; the window writes one of them to the file the user chose, or its on-screen map. The
report will be one more kind here.

This is the single place where a disclosure rule meets what is written: the rules are
``meta.privacy`` (:class:`mapping.disclosure.PrivacyRules`); :func:`mapping.protect.protect_run`
decides once per run which cells are hidden (primary and secondary), and every writer below
receives that one :class:`mapping.protect.Protection` from here, so no output shows what
another hides. The notes and warnings of the run (sentences with counts of incidents, written for
the window and the terminal) reach an output only through :meth:`mapping.meta.ReportMeta.sentence`,
which gives their counts as the number fields show them (``<5``, ``x``). What each output suppressed
is logged per file (:class:`mapping.disclosure.PrivacyLog`) and stated in the output itself.

Every file is written under a temporary name and renamed when all are complete
(:class:`mapping.files.Staging`): an input file is never overwritten, and a full disk or a
read-only folder leaves no partial file, only one Dutch error.

>>> KINDS
('html', 'png', 'gpkg', 'xlsx', 'json')
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kernel.jsontext import to_json
from kernel.nl import DAY_NAMES
from kernel.progress import as_progress

from mapping import styles
from mapping.disclosure import SECONDARY_MARKER, PrivacyLog
from mapping.export import write_gpkg, write_xlsx
from mapping.files import Staging, check_target
from mapping.layers import method_text
from mapping.meta import ReportMeta
from mapping.printmap import write_png
from mapping.protect import Protection, protect_run, published_read, run_totals
from mapping.webmap import hotspot_map, save_html, write_update

#: The kinds of output and their file names in a folder (``wijkbeeld analyse``).
FILES = {"html": "kaart.html", "png": "kaart.png", "gpkg": "resultaten.gpkg", "xlsx": "resultaten.xlsx",
         "json": "samenvatting.json"}
KINDS = tuple(FILES)
#: The file names of a full folder (kept for callers of the former mapping.analyse).
OUTPUTS = tuple(FILES.values())


@dataclass
class Written:
    """What :func:`write_outputs` wrote: the files, the privacy log per output, the summary (with ``json``)."""

    files: list = field(default_factory=list)
    logs: dict = field(default_factory=dict)
    summary: dict | None = None

    def path(self, kind: str) -> Path | None:
        return next((f for f in self.files if f.name == FILES.get(kind) or f.suffix == f".{kind}"), None)


def data_period(inputs, privacy=None) -> str | None:
    """The period the data cover: the selection's months, else the first and last incident date
    (``dd-mm-jjjj t/m dd-mm-jjjj``) or the first and last month of the counts. When ``privacy``
    (:class:`mapping.disclosure.PrivacyRules`) suppresses small counts, the incidents' period is given in
    months (``jjjj-mm t/m jjjj-mm``): the first and last date are the dates of single incidents, and of a
    selection under the threshold they would tell when its incidents happened.

    >>> from types import SimpleNamespace
    >>> from hotspots.inputs import Selection
    >>> from mapping.disclosure import PrivacyRules
    >>> few = SimpleNamespace(selection=Selection(), counts=None,
    ...                       incidents=pd.DataFrame({"start": ["2017-07-01 10:00", "2017-09-19 23:00"]}))
    >>> data_period(few), data_period(few, PrivacyRules(5))
    ('01-07-2017 t/m 19-09-2017', '2017-07 t/m 2017-09')
    """
    chosen = inputs.selection.period_text()
    if chosen:
        return chosen
    incidents, counts = inputs.incidents, inputs.counts
    if (period := incident_period(incidents, privacy)) is not None:
        return period
    if counts is not None and len(counts) and "period" in counts:
        periods = counts["period"].dropna()
        if len(periods):
            return f"{min(periods)} t/m {max(periods)}"
    return None


def incident_period(incidents, privacy=None) -> str | None:
    """The first and last incident date (``dd-mm-jjjj t/m dd-mm-jjjj``), in months (``jjjj-mm t/m jjjj-mm``) when
    ``privacy`` suppresses small counts (:func:`data_period`); None without a date. The window's space-time views
    give their period so too (:mod:`desktop.spacetime_tasks`)."""
    if incidents is None or not len(incidents):
        return None
    start = pd.to_datetime(incidents["start"], errors="coerce").dropna()
    if not len(start):
        return None
    day = "%Y-%m" if privacy is not None and privacy.active else "%d-%m-%Y"
    return f"{start.min():{day}} t/m {start.max():{day}}"


def method_line(result) -> str:
    """The method in one line for the metadata: ``Getis-Ord Gi* (queen, binair, FDR)`` for Gi* per area."""
    prm = result.params
    if result.method != "gistar":
        return method_text(result, result.areas)
    weging = "binair" if prm["transform"] == "binary" else "rij-gestandaardiseerd"
    return f"Getis-Ord Gi* ({prm['weights']}, {weging}, {'FDR' if prm['fdr'] else 'zonder FDR'})"


def category_text(run) -> str | None:
    """The category the run counted, in words (``"0.0.0 Totaal misdrijven"``: police counts are never summed
    over categories, so the output says which one), or None when no category was chosen."""
    category = run.hotspots.params.get("category")
    if category is None:
        return None
    if category == "alle":
        return "alle categorieën opgeteld (ze overlappen niet)"
    counts = run.inputs.counts
    if counts is not None and {"category", "category_label"} <= set(counts.columns):
        labels = counts.loc[(counts["category"].astype("string").str.strip() == category).fillna(False).to_numpy(bool),
                            "category_label"].dropna()
        if len(labels) and str(labels.iat[0]).strip() not in ("", category):
            return f"{category} {str(labels.iat[0]).strip()}"
    return str(category)


def meta_for(run, *, title: str | None = None, source: str | None = None, privacy=None, period: str | None = None,
             theme: str | None = None) -> ReportMeta:
    """The :class:`ReportMeta` of a run: the period of its data (:func:`data_period`) unless given, the theme
    of its selection, the category it counted (:func:`category_text`), the method of its hot spots and the
    warnings of every part."""
    meta = ReportMeta.of(privacy, title=title or "Hot spots", source=source,
                         theme=theme or run.inputs.selection.label, method=method_line(run.hotspots))
    return with_run(meta.with_(period=period or data_period(run.inputs, meta.privacy)), run)


def with_run(meta: ReportMeta, run, protection: Protection | None = None) -> ReportMeta:
    """``meta`` with what every output of ``run`` must say, where the caller did not say it: the category
    counted and the warnings of every part (:attr:`hotspots.run.AnalysisRun.warnings`); with the run's
    ``protection``, the totals it hides (:func:`hidden_counts`), which the notes and warnings may not show
    either (:meth:`mapping.meta.ReportMeta.sentence`)."""
    changes = {}
    if meta.category is None and (category := category_text(run)) is not None:
        changes["category"] = category
    if not meta.warnings and run.warnings:
        changes["warnings"] = tuple(run.warnings)
    if protection is not None and (hidden := hidden_counts(run, protection)) != meta.hidden_counts:
        changes["hidden_counts"] = hidden
    return meta.with_(**changes) if changes else meta


def hidden_counts(run, prot: Protection) -> frozenset:
    """The values of the run's totals that ``prot`` publishes as ``"x"`` (the incidents read, counted or
    outside every area, as :func:`summary` gives them): a sentence that states one of them says ``x`` too."""
    return frozenset(float(value) for name, value in run_totals(run).items()
                     if value is not None and prot.total(name, value) == SECONDARY_MARKER)


def _week_hour_table(hot, prot: Protection) -> pd.DataFrame:
    cells = prot.week_cells(hot.matrix)
    expected = np.asarray(hot.expected, dtype=float)
    p_fdr = np.asarray(hot.p_fdr, dtype=float)
    hidden = prot.week_status if prot.week_status is not None else np.zeros((7, 24), dtype=np.int8)
    return pd.DataFrame([{"day": DAY_NAMES[d], "hour": h, "count": cells[d][h],
                          "expected": prot.count(round(float(expected[d, h]), 2)),
                          "p_fdr": None if hidden[d, h] else prot.stat("p_fdr", float(p_fdr[d, h]))}
                         for d in range(7) for h in range(24)])


def published_result(result, prot: Protection):
    """The hot-spot result whose statistics every output shows: computed from the published table
    when counts are hidden (:meth:`mapping.protect.Protection.published_areas`)."""
    from dataclasses import replace

    if prot.stats is None:
        return result
    return replace(result, areas=prot.published_areas(result.areas))


def tables(run, prot: Protection | None = None) -> dict:
    """The workbook's sheets: Gebieden, Hot times and Week x uur (when they ran), Trends (when they ran),
    with the counts of the hot times as ``prot`` publishes them."""
    from mapping.disclosure import PrivacyRules

    prot = prot if prot is not None else protect_run(run, PrivacyRules())
    out = {"Gebieden": published_result(run.hotspots, prot)}
    if run.hottimes is not None and prot.week_hidden:  # fewer incidents than the threshold: no cell, no block
        out["Hot times"] = out["Week x uur"] = pd.DataFrame({"text": [prot.week_note()]})
    elif run.hottimes is not None:
        blocks = pd.DataFrame(prot.hot_blocks(run.hottimes))
        out["Hot times"] = blocks if len(blocks) else pd.DataFrame({"text": ["Geen hot times gevonden."]})
        out["Week x uur"] = _week_hour_table(run.hottimes, prot)
    if run.trends is not None and getattr(run.trends, "tests", None) is not None:
        out["Trends"] = prot.trend_tests(run.trends)
    return out


def counted_text(run, prot: Protection) -> str | None:
    """How many incidents the tables count, and how many lie outside every area and do not, in one sentence (the
    workbook's Toelichting and the summary): ``"15.931 van de 15.947 incidenten liggen in de 108 gebieden en tellen
    mee; 16 liggen buiten elk gebied en tellen niet mee."``, each number of :func:`mapping.protect.run_totals` as
    ``prot`` publishes it; None without a count per area. The report's headline takes the same numbers in its own
    words (:func:`mapping.report.sections.build_kort`: the count of the report period, and those outside beside it,
    never the number read)."""
    totals = run_totals(run)
    counted, outside = totals["counted"], totals["outside"]
    if counted is None:
        return None
    shown = prot.total_text("counted", counted)
    where = f"in de {len(run.hotspots.areas)} gebieden"
    if not outside:
        return f"{shown} incidenten {where}, alle meegeteld."
    read = prot.total_text("incidents", totals["incidents"] if totals["incidents"] is not None else counted + outside)
    return (f"{shown} van de {read} incidenten liggen {where} en tellen mee; {prot.total_text('outside', outside)} "
            "liggen buiten elk gebied en tellen niet mee.")


#: The parts of a run as the workbook names them.
PART_NAMES = {"hotspots": "Hot spots", "hottimes": "Hot times", "trends": "Trends"}


def not_computed(run, meta: ReportMeta | None = None) -> dict:
    """The workbook's Toelichting row for the parts of ``run`` that did not run, with the reason (a sheet that
    is missing is said, not left to be guessed): ``{"niet_berekend": "Trends: niet uitgevoerd: ..."}``; the
    reasons as ``meta``'s export may show them (:meth:`mapping.meta.ReportMeta.sentence`)."""
    skipped = getattr(run, "skipped", None) or {}
    if not skipped:
        return {}
    say = meta.sentence if meta is not None else str
    return {"niet_berekend": "; ".join(f"{PART_NAMES.get(k, k)}: {say(str(v))}" for k, v in skipped.items()) + "."}


def _spot_rows(areas, prot: Protection, hot: bool) -> list[dict]:
    if "gi_class" not in areas:
        return []
    cls = pd.to_numeric(areas["gi_class"], errors="coerce").to_numpy()
    counts = prot.area_counts(areas)
    order = np.argsort(-areas["z"].to_numpy(dtype=float) if hot else areas["z"].to_numpy(dtype=float), kind="stable")
    rows = []
    for i in order:
        if not (cls[i] > 0 if hot else cls[i] < 0):
            continue
        r = areas.iloc[i]
        rows.append({"code": str(r["code"]), "name": None if pd.isna(r.get("name")) else str(r.get("name")),
                     "count": counts[i], "z": prot.stat("z", float(r["z"])) if prot.active else round(float(r["z"]), 4),
                     "p_fdr": prot.stat("p_fdr", float(r["p_fdr"])),
                     "class": int(r["gi_class"]), "label": styles.GI_LABELS.get(int(r["gi_class"]))})
    return rows


def summary(run, meta: ReportMeta, written: Written, *, gemeente=None, protection: Protection | None = None,
            read=()) -> dict:
    """The summary (``samenvatting.json``): counts, hot and cold spots, hot times, trends (every count as
    ``protection`` publishes it), what was skipped and why, notes and warnings (their counts too:
    :meth:`mapping.meta.ReportMeta.sentence`), privacy per file, the files; ``read``: per input file the rows read,
    kept and rejected, the rejected ones counted per reason (no row values)."""
    result, privacy = run.hotspots, meta.privacy
    prot = protection if protection is not None else protect_run(run, privacy)
    meta = with_run(meta, run, prot)
    per_file = {name: log.suppressed_values for name, log in written.logs.items()}
    merged = PrivacyLog(privacy)
    for log in written.logs.values():
        merged.merge(log)
    privacy_rows = dict(merged.metadata(), afgeschermde_waarden_per_bestand=per_file,
                        secundair_afgeschermde_waarden_per_bestand={name: log.secondary_values
                                                                    for name, log in written.logs.items()})
    # every hidden value once: the GeoPackage and the workbook each hold the same areas (a sum over the files
    # counted every hidden value twice: 16 secondary values where each file says 8), and the workbook holds the
    # week x uur cells and hot blocks besides; per file above
    areas_log = (written.logs.get(FILES["xlsx"]) or written.logs.get(FILES["gpkg"])
                 or next(iter(written.logs.values()), None))
    if areas_log is not None:
        privacy_rows["afgeschermde_waarden"] = int(areas_log.suppressed_values)
        privacy_rows["secundair_afgeschermde_waarden"] = int(areas_log.secondary_values)
    incidents = run.inputs.incidents
    areas_out = published_result(result, prot).areas
    counted = float(np.nansum(pd.to_numeric(areas_out["count"], errors="coerce")))
    return {
        "title": meta.title, "period": meta.period, "source": meta.source, "gemeente": gemeente,
        "category": result.params.get("category"), "category_text": meta.category,
        "areas": int(len(areas_out)),
        "incidents": prot.total("incidents", len(incidents)) if incidents is not None else None,
        "counted": prot.total("counted", counted),
        "outside": prot.count(int(result.outside)),
        "counted_text": counted_text(run, prot),
        "hotspots": _spot_rows(areas_out, prot, hot=True),
        "coldspots": _spot_rows(areas_out, prot, hot=False),
        "hot_times": prot.hot_blocks(run.hottimes) if run.hottimes is not None else [],
        **({"hot_times_afgeschermd": prot.week_note()} if prot.week_hidden else {}),
        "skipped": {{"hottimes": "hot_times"}.get(k, k): meta.sentence(str(v)) for k, v in run.skipped.items()},
        "trends": prot.trend_sentences(run.trends) if run.trends is not None else [],
        "notes": [meta.sentence(str(n)) for n in result.notes],
        "warnings": [meta.sentence(str(w)) for w in run.warnings],  # of every part: too little history, few inside
        "privacy": privacy_rows,
        "read": published_read(read, prot),  # the rows of an incidents file are incidents
        "files": [f.name for f in written.files] + [FILES["json"]],
    }


def write_outputs(run, meta: ReportMeta, *, out_dir=None, paths: dict | None = None, kinds=KINDS,
                  gemeente=None, progress=None, cancelled=None, input_files=(), protection=None,
                  change=None, read=()) -> Written:
    """Write the outputs of ``run`` under ``meta`` (see the module docstring).

    Parameters
    ----------
    run : hotspots.run.AnalysisRun
        Its ``inputs.outlines`` outline the maps; its located incidents are the points (only with
        ``meta.privacy.include_points``).
    out_dir : path, optional
        Write ``kinds`` into this folder under their names in :data:`FILES`.
    paths : dict, optional
        Kind -> file (the window's "Exporteren" to a chosen file); overrides ``out_dir``/``kinds``. With
        ``html``, the kind ``update`` writes beside it what lets the window restyle a page of the same shapes
        (:func:`mapping.webmap.write_update`; not for exports).
    input_files : paths
        The files the run was read from: an output that is one of them is refused before anything
        is written (:func:`mapping.files.refuse_inputs`).
    read : list of dict
        What reading each input file gave (rows read, kept, rejected per reason), listed in the summary.
    protection : Protection, optional
        The run's disclosure decisions (default :func:`mapping.protect.protect_run` under ``meta.privacy``).
    change : mapping.change_map.Change, optional
        A period comparison of the same areas: a layer of the web map with its legend, under the same privacy
        rules (the window's map of the change, exported with the hot spots).
    """
    p = as_progress(progress, cancelled)
    if paths is None:
        out = check_target(out_dir, folder=True)
        paths = {kind: out / FILES[kind] for kind in kinds}
    paths = {kind: check_target(path) for kind, path in paths.items()}
    outlines, privacy = run.inputs.outlines, meta.privacy
    prot = protection if protection is not None else protect_run(run, privacy)
    meta = with_run(meta, run, prot)
    result = published_result(run.hotspots, prot)
    points = run.assigned if run.assigned is not None else run.inputs.incidents
    written = Written()
    finals = []
    with Staging(inputs=input_files) as stage:
        temps = {kind: stage.temp(path) for kind, path in paths.items()}
        qml = stage.temp(Path(paths["gpkg"]).with_suffix(".qml")) if "gpkg" in paths else None
        if "html" in paths:
            p(0.0, "Kaart schrijven")
            m = hotspot_map(result, boundaries=outlines, meta=meta, incidents=points,
                            show_points=privacy.include_points and points is not None, protection=prot,
                            change=change)
            save_html(m, temps["html"])
            finals.append(paths["html"])
            if "update" in paths and write_update(m, temps["update"]):
                finals.append(paths["update"])
        if "png" in paths:
            p(0.35, "Printkaart schrijven")
            write_png(result, temps["png"], boundaries=outlines, meta=meta, protection=prot)
            finals.append(paths["png"])
        if "gpkg" in paths:
            p(0.6, "GeoPackage schrijven")
            files, written.logs[Path(paths["gpkg"]).name] = write_gpkg(result, temps["gpkg"], meta, incidents=points,
                                                                       qml_path=qml, protection=prot)
            finals += [paths["gpkg"]] + ([Path(paths["gpkg"]).with_suffix(".qml")] if len(files) > 1 else [])
        if "xlsx" in paths:
            p(0.8, "Excel schrijven")
            _, written.logs[Path(paths["xlsx"]).name] = write_xlsx(tables(run, prot), temps["xlsx"], meta,
                                                                   protection=prot,
                                                                   extra={"aantallen": counted_text(run, prot),
                                                                          **not_computed(run, meta)})
            finals.append(paths["xlsx"])
        written.files = [Path(f) for f in finals]
        if "json" in paths:
            written.summary = summary(run, meta, written, gemeente=gemeente, protection=prot, read=read)
            Path(temps["json"]).write_text(to_json(written.summary), encoding="utf-8")
        p.check()  # a stop asked meanwhile: the files written aside are removed, none is renamed
    p(1.0, "Klaar")
    return written


def run_analyse(areas, incidents=None, counts=None, *, out_dir, gemeente=None, suppress_below=None,
                include_points: bool = False, boundaries=None, title: str | None = None, source: str | None = None,
                params: dict | None = None, progress=None, cancelled=None, input_files=(),
                secondary: str = "cel", read=()) -> dict:
    """What ``wijkbeeld analyse`` (and the demo without a screen) does: the land areas of ``gemeente`` (code or
    name, :func:`kernel.cbs.gemeente_mask`), one :func:`hotspots.run.run_analysis` (``params`` of the hot
    spots), every output into ``out_dir``; returns the summary. Exactly one of ``incidents`` and ``counts``."""
    from hotspots.inputs import Inputs, Selection
    from hotspots.run import run_analysis
    from kernel.cbs import gemeente_mask
    from kernel.errors import AnalysisError
    from kernel.schema import check_areas, check_counts, check_incidents
    from mapping.disclosure import PrivacyRules

    p = as_progress(progress, cancelled)
    areas = check_areas(areas)
    if (incidents is None) == (counts is None):
        raise AnalysisError("Geef incidenten óf tellingen (één van beide).")
    if incidents is not None:
        check_incidents(incidents)
    else:
        check_counts(counts)
    privacy = PrivacyRules(suppress_below=suppress_below, include_points=include_points, secondary=secondary)
    out = check_target(out_dir, folder=True)
    from mapping.files import refuse_inputs

    refuse_inputs([out / name for name in OUTPUTS] + [out / "resultaten.qml"], input_files)
    if gemeente:
        if "gemeente_code" not in areas:
            raise AnalysisError("De gebiedenlaag heeft geen gemeentecode; laat --gemeente weg.")
        mask = gemeente_mask(areas, gemeente)
        if not mask.any():
            found = sorted(areas["gemeente_code"].dropna().astype(str).unique())[:5]
            raise AnalysisError(f"Geen gebieden van gemeente {gemeente}; in het bestand staan o.a. {', '.join(found)}.")
        areas = areas[mask]
    areas = areas.reset_index(drop=True)
    if "water" in areas:
        areas = areas[~areas["water"].fillna(False).astype(bool)].reset_index(drop=True)
    inputs = Inputs(areas=areas, incidents=incidents, counts=counts, outlines=boundaries,
                    selection=Selection(gemeente=gemeente))
    from mapping.simplify import prefetching

    with prefetching(areas):  # the maps' simplified boundaries, on the other core while the analyses run
        run = run_analysis(inputs, {"hotspots": params} if params else None, progress=p.slice(0.0, 0.55))
        meta = meta_for(run, title=title, source=source, privacy=privacy)
        written = write_outputs(run, meta, out_dir=out, gemeente=gemeente, progress=p.slice(0.55, 1.0),
                                input_files=input_files, read=read)
    return written.summary
