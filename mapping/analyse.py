"""The default analyses and all exports in one run: what ``wijkbeeld analyse`` does.

Counts per area (points assigned to areas, or a police counts table), rates per
1,000 inhabitants, Getis-Ord Gi* hot spots, hot times and trends, then
``kaart.html``, ``kaart.png``, ``resultaten.gpkg`` (+ ``.qml``),
``resultaten.xlsx`` and ``samenvatting.json`` in one folder, all under the same
:class:`~mapping.disclosure.PrivacyRules`.

The statistics come from ``hotspots`` (:func:`hotspots.where.hotspots.run_hotspots`, whose
assignment of incidents to areas also feeds hot times, trends and the map; hot times
and trends are reported as skipped when they cannot run). This module only composes
and writes.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from hotspots.inputs import Inputs
from hotspots.run import run_analysis
from kernel.nl import DAY_NAMES
from kernel.errors import AnalysisError
from kernel.jsontext import to_json
from kernel.progress import as_progress
from kernel.schema import check_areas, check_counts, check_incidents

from mapping import styles
from mapping.export import write_gpkg, write_xlsx
from mapping.disclosure import PrivacyLog, PrivacyRules, apply_rules
from mapping.printmap import write_png
from mapping.webmap import hotspot_map, save_html

OUTPUTS = ("kaart.html", "kaart.png", "resultaten.gpkg", "resultaten.xlsx", "samenvatting.json")


def _period_text(incidents, counts) -> str | None:
    if incidents is not None and len(incidents):
        start = pd.to_datetime(incidents["start"], errors="coerce").dropna()
        if len(start):
            return f"{start.min():%d-%m-%Y} t/m {start.max():%d-%m-%Y}"
    if counts is not None and len(counts) and "period" in counts:
        periods = counts["period"].dropna()
        if len(periods):
            return f"{min(periods)} t/m {max(periods)}"
    return None


def _select_gemeente(areas, gemeente):
    if not gemeente:
        return areas
    gm = str(gemeente).strip().upper()
    if "gemeente_code" not in areas:
        raise AnalysisError("De gebiedenlaag heeft geen gemeentecode; laat --gemeente weg.")
    out = areas[areas["gemeente_code"].astype(str).str.strip().str.upper() == gm]
    if out.empty:
        found = sorted(areas["gemeente_code"].dropna().astype(str).unique())[:5]
        raise AnalysisError(f"Geen gebieden met gemeentecode {gm}; in het bestand staan o.a. {', '.join(found)}.")
    return out


def _week_hour_table(hot) -> pd.DataFrame:
    matrix, expected = np.asarray(hot.matrix, dtype=float), np.asarray(hot.expected, dtype=float)
    p_fdr = np.asarray(hot.p_fdr, dtype=float)
    return pd.DataFrame([{"day": DAY_NAMES[d], "hour": h, "count": round(float(matrix[d, h]), 2),
                          "expected": round(float(expected[d, h]), 2), "p_fdr": float(p_fdr[d, h])}
                         for d in range(7) for h in range(24)])


def _spot_rows(areas, privacy, hot: bool) -> list[dict]:
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


def run_analyse(areas, incidents=None, counts=None, *, out_dir, gemeente=None, suppress_below=None,
                include_points: bool = False, boundaries=None, title: str | None = None, source: str | None = None,
                params: dict | None = None, progress=None, cancelled=None) -> dict:
    """Run the default analyses and write every output into ``out_dir``; return the summary dict.

    Exactly one of ``incidents`` (Incidents frame) and ``counts`` (Counts frame) is needed.
    """
    p = as_progress(progress, cancelled)
    areas = check_areas(areas)
    if (incidents is None) == (counts is None):
        raise AnalysisError("Geef incidenten óf tellingen (één van beide).")
    if incidents is not None:
        check_incidents(incidents)
    else:
        check_counts(counts)
    privacy = PrivacyRules(suppress_below=suppress_below, include_points=include_points)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    areas = _select_gemeente(areas, gemeente).reset_index(drop=True)
    if "water" in areas:
        areas = areas[~areas["water"].fillna(False).astype(bool)].reset_index(drop=True)
    inputs = Inputs(areas=areas, incidents=incidents, counts=counts, outlines=boundaries)
    run = run_analysis(inputs, {"hotspots": params} if params else None, progress=p.slice(0.0, 0.55))
    result, assigned = run.hotspots, run.assigned
    hot, trends = run.hottimes, run.trends
    period = _period_text(incidents, counts)
    title = title or "Hot spots"
    prm = result.params
    weging = "binair" if prm["transform"] == "binary" else "rij-gestandaardiseerd"
    method = f"Getis-Ord Gi* ({prm['weights']}, {weging}, {'FDR' if prm['fdr'] else 'zonder FDR'})"
    meta = {"titel": title, "periode": period, "bron": source, "methode": method}
    p(0.55, "Kaart schrijven")
    m = hotspot_map(result, boundaries=boundaries, title=title, period=period, source=source,
                    incidents=assigned, show_points=include_points, privacy=privacy)
    files = save_html(m, out / "kaart.html")
    p(0.7, "Printkaart schrijven")
    files.append(write_png(result, out / "kaart.png", boundaries=boundaries, title=title, period=period,
                           source=source, privacy=privacy))
    p(0.8, "GeoPackage en Excel schrijven")
    gpkg_files, log = write_gpkg(result, out / "resultaten.gpkg", privacy, incidents=assigned, meta=meta)
    files += gpkg_files
    tables = {"Gebieden": result}
    if hot is not None:
        blocks = pd.DataFrame(hot.hot_blocks)
        tables["Hot times"] = blocks if len(blocks) else pd.DataFrame({"text": ["Geen hot times gevonden."]})
        tables["Week x uur"] = _week_hour_table(hot)
    if trends is not None and getattr(trends, "tests", None) is not None:
        tables["Trends"] = pd.DataFrame(trends.tests)
    xlsx_files, xlsx_log = write_xlsx(tables, out / "resultaten.xlsx", privacy, meta=meta)
    files += xlsx_files
    per_file = {"resultaten.gpkg": log.suppressed_values, "resultaten.xlsx": xlsx_log.suppressed_values}
    log = PrivacyLog(privacy).merge(log).merge(xlsx_log)
    log.suppressed_values = per_file["resultaten.gpkg"]  # the areas; per file below
    areas_out = result.areas
    summary = {
        "title": title, "period": period, "source": source, "gemeente": gemeente,
        "areas": int(len(areas_out)),
        "incidents": int(len(incidents)) if incidents is not None else None,
        "counted": int(np.nansum(areas_out["count"])),
        "outside": int(result.outside),
        "hotspots": _spot_rows(areas_out, privacy, hot=True),
        "coldspots": _spot_rows(areas_out, privacy, hot=False),
        "hot_times": (hot.hot_blocks if hot is not None else []),
        "skipped": {{"hottimes": "hot_times"}.get(k, k): v for k, v in run.skipped.items()},
        "trends": list(getattr(trends, "sentences", []) or []) if trends is not None else [],
        "notes": list(result.notes),
        "warnings": list(result.warnings),
        "privacy": dict(log.metadata(), afgeschermde_waarden_per_bestand=per_file),
        "files": [f.name for f in files] + ["samenvatting.json"],
    }
    (out / "samenvatting.json").write_text(to_json(summary), encoding="utf-8")
    p(1.0, "Klaar")
    return summary
