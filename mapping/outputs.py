"""The one output pipeline: everything written from an analysis run, under one :class:`ReportMeta`.

``write_outputs(run, meta, out_dir=... | paths=...)`` composes the outputs of a
:class:`hotspots.run.AnalysisRun`: the web map (``html``), the print map (``png``), the
GeoPackage with its QGIS style (``gpkg``), the workbook (``xlsx``: areas, hot times, the
week-hour table, trends) and the summary (``json``). ``wijkbeeld analyse`` writes them all into
a folder; the window writes one of them to the file the user chose, or its on-screen map. The
report will be one more kind here.

This is the single place where a disclosure rule meets what is written: the rules are
``meta.privacy`` (:class:`mapping.disclosure.PrivacyRules`), and every writer below receives
them from here; what each output suppressed is logged per file
(:class:`mapping.disclosure.PrivacyLog`) and stated in the output itself.

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
from mapping.disclosure import PrivacyLog, apply_rules
from mapping.export import write_gpkg, write_xlsx
from mapping.layers import method_text
from mapping.meta import ReportMeta
from mapping.printmap import write_png
from mapping.webmap import hotspot_map, save_html

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


def data_period(inputs) -> str | None:
    """The period the data cover: the selection's months, else the first and last incident date
    (``dd-mm-jjjj t/m dd-mm-jjjj``) or the first and last month of the counts."""
    chosen = inputs.selection.period_text()
    if chosen:
        return chosen
    incidents, counts = inputs.incidents, inputs.counts
    if incidents is not None and len(incidents):
        start = pd.to_datetime(incidents["start"], errors="coerce").dropna()
        if len(start):
            return f"{start.min():%d-%m-%Y} t/m {start.max():%d-%m-%Y}"
    if counts is not None and len(counts) and "period" in counts:
        periods = counts["period"].dropna()
        if len(periods):
            return f"{min(periods)} t/m {max(periods)}"
    return None


def method_line(result) -> str:
    """The method in one line for the metadata: ``Getis-Ord Gi* (queen, binair, FDR)`` for Gi* per area."""
    prm = result.params
    if result.method != "gistar":
        return method_text(result, result.areas)
    weging = "binair" if prm["transform"] == "binary" else "rij-gestandaardiseerd"
    return f"Getis-Ord Gi* ({prm['weights']}, {weging}, {'FDR' if prm['fdr'] else 'zonder FDR'})"


def meta_for(run, *, title: str | None = None, source: str | None = None, privacy=None, period: str | None = None,
             theme: str | None = None) -> ReportMeta:
    """The :class:`ReportMeta` of a run: the period of its data (:func:`data_period`) unless given, the theme
    of its selection, the method of its hot spots."""
    sel = run.inputs.selection
    return ReportMeta.of(privacy, title=title or "Hot spots", source=source, theme=theme or sel.label,
                         period=period or data_period(run.inputs), method=method_line(run.hotspots))


def _week_hour_table(hot) -> pd.DataFrame:
    matrix, expected = np.asarray(hot.matrix, dtype=float), np.asarray(hot.expected, dtype=float)
    p_fdr = np.asarray(hot.p_fdr, dtype=float)
    return pd.DataFrame([{"day": DAY_NAMES[d], "hour": h, "count": round(float(matrix[d, h]), 2),
                          "expected": round(float(expected[d, h]), 2), "p_fdr": float(p_fdr[d, h])}
                         for d in range(7) for h in range(24)])


def tables(run) -> dict:
    """The workbook's sheets: Gebieden, Hot times and Week x uur (when they ran), Trends (when they ran)."""
    out = {"Gebieden": run.hotspots}
    if run.hottimes is not None:
        blocks = pd.DataFrame(run.hottimes.hot_blocks)
        out["Hot times"] = blocks if len(blocks) else pd.DataFrame({"text": ["Geen hot times gevonden."]})
        out["Week x uur"] = _week_hour_table(run.hottimes)
    if run.trends is not None and getattr(run.trends, "tests", None) is not None:
        out["Trends"] = pd.DataFrame(run.trends.tests)
    return out


def _spot_rows(areas, privacy, hot: bool) -> list[dict]:
    if "gi_class" not in areas:
        return []
    cls = pd.to_numeric(areas["gi_class"], errors="coerce")
    sel = areas[cls > 0] if hot else areas[cls < 0]
    sel = sel.sort_values("z", ascending=not hot)
    table, _ = apply_rules(sel.drop(columns="geometry"), privacy)
    rows = []
    for (_, r), (_, t) in zip(sel.iterrows(), table.iterrows()):
        count = t.get("count")
        if isinstance(count, str) and count.isdigit():
            count = int(count)
        rows.append({"code": str(r["code"]), "name": None if pd.isna(r.get("name")) else str(r.get("name")),
                     "count": count, "z": round(float(r["z"]), 4), "p_fdr": float(r["p_fdr"]),
                     "class": int(r["gi_class"]), "label": styles.GI_LABELS.get(int(r["gi_class"]))})
    return rows


def summary(run, meta: ReportMeta, written: Written, *, gemeente=None) -> dict:
    """The summary (``samenvatting.json``): counts, hot and cold spots (counts under the privacy rules),
    hot times, trends, what was skipped and why, notes, warnings, privacy per file, the files."""
    result, privacy = run.hotspots, meta.privacy
    per_file = {name: log.suppressed_values for name, log in written.logs.items()}
    merged = PrivacyLog(privacy)
    for log in written.logs.values():
        merged.merge(log)
    areas_log = written.logs.get(FILES["gpkg"])
    privacy_rows = dict(merged.metadata(), afgeschermde_waarden_per_bestand=per_file)
    if areas_log is not None:  # the areas' values (the workbook repeats them beside the hot times): per file above
        privacy_rows["afgeschermde_waarden"] = int(areas_log.suppressed_values)
    incidents = run.inputs.incidents
    areas_out = result.areas
    return {
        "title": meta.title, "period": meta.period, "source": meta.source, "gemeente": gemeente,
        "areas": int(len(areas_out)),
        "incidents": int(len(incidents)) if incidents is not None else None,
        "counted": int(np.nansum(areas_out["count"])),
        "outside": int(result.outside),
        "hotspots": _spot_rows(areas_out, privacy, hot=True),
        "coldspots": _spot_rows(areas_out, privacy, hot=False),
        "hot_times": run.hottimes.hot_blocks if run.hottimes is not None else [],
        "skipped": {{"hottimes": "hot_times"}.get(k, k): v for k, v in run.skipped.items()},
        "trends": list(run.trends.sentences) if run.trends is not None else [],
        "notes": list(result.notes),
        "warnings": list(result.warnings),
        "privacy": privacy_rows,
        "files": [f.name for f in written.files] + [FILES["json"]],
    }


def write_outputs(run, meta: ReportMeta, *, out_dir=None, paths: dict | None = None, kinds=KINDS,
                  gemeente=None, progress=None, cancelled=None) -> Written:
    """Write the outputs of ``run`` under ``meta`` (see the module docstring).

    Parameters
    ----------
    run : hotspots.run.AnalysisRun
        Its ``inputs.outlines`` outline the maps; its located incidents are the points (only with
        ``meta.privacy.include_points``).
    out_dir : path, optional
        Write ``kinds`` into this folder under their names in :data:`FILES`.
    paths : dict, optional
        Kind -> file (the window's "Exporteren" to a chosen file); overrides ``out_dir``/``kinds``.
    """
    p = as_progress(progress, cancelled)
    if paths is None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = {kind: out / FILES[kind] for kind in kinds}
    result, outlines, privacy = run.hotspots, run.inputs.outlines, meta.privacy
    points = run.assigned if run.assigned is not None else run.inputs.incidents
    written = Written()
    if "html" in paths:
        p(0.0, "Kaart schrijven")
        m = hotspot_map(result, boundaries=outlines, meta=meta, incidents=points,
                        show_points=privacy.include_points and points is not None)
        written.files += save_html(m, paths["html"])
    if "png" in paths:
        p(0.35, "Printkaart schrijven")
        written.files.append(write_png(result, paths["png"], boundaries=outlines, meta=meta))
    if "gpkg" in paths:
        p(0.6, "GeoPackage schrijven")
        files, written.logs[Path(paths["gpkg"]).name] = write_gpkg(result, paths["gpkg"], meta, incidents=points)
        written.files += files
    if "xlsx" in paths:
        p(0.8, "Excel schrijven")
        files, written.logs[Path(paths["xlsx"]).name] = write_xlsx(tables(run), paths["xlsx"], meta)
        written.files += files
    if "json" in paths:
        written.summary = summary(run, meta, written, gemeente=gemeente)
        Path(paths["json"]).write_text(to_json(written.summary), encoding="utf-8")
    p(1.0, "Klaar")
    return written


def run_analyse(areas, incidents=None, counts=None, *, out_dir, gemeente=None, suppress_below=None,
                include_points: bool = False, boundaries=None, title: str | None = None, source: str | None = None,
                params: dict | None = None, progress=None, cancelled=None) -> dict:
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
    privacy = PrivacyRules(suppress_below=suppress_below, include_points=include_points)
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
    run = run_analysis(inputs, {"hotspots": params} if params else None, progress=p.slice(0.0, 0.55))
    meta = meta_for(run, title=title, source=source, privacy=privacy)
    written = write_outputs(run, meta, out_dir=out_dir, gemeente=gemeente, progress=p.slice(0.55, 1.0))
    return written.summary
