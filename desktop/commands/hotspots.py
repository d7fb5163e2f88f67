"""``wijkbeeld hotspots``: where is it hot, without a screen.

``wijkbeeld hotspots --areas FILE [--value COLUMN | --incidents FILE | --counts FILE]
[--method gistar|lisa|grid|optimised|kde] [--weights queen|rook|knn:K|distance:METRES]
[--transform binary|row] [--permutations N --seed S] [--fdr/--no-fdr] --json`` prints, per
area or cell, ``code``, ``name``, ``count``, ``z``, ``p``, ``p_fdr``, ``class`` and ``label``
(Gi*) or ``Is``, ``p_sim``, ``p_fdr`` and ``quadrant`` (LISA), plus ``weights`` (islands,
neighbours min/mean/max, components), ``outside`` (incidents outside every area),
``warnings`` and ``notes``. The flags are generated from :data:`hotspots.where.hotspots.HOTSPOTS`.
"""
from __future__ import annotations

import argparse

from desktop.commands import add_boundary_columns, boundary_columns


def add_parser(sub) -> None:
    from hotspots.where.hotspots import HOTSPOTS

    p = sub.add_parser("hotspots", help="hotspots per buurt of cel (Gi*, lokale Moran's I, warmtekaart)",
                       description=HOTSPOTS.help)
    p.add_argument("--areas", required=True, metavar="BESTAND", help="gebiedsgrenzen (CBS-buurtkaart, GeoPackage, ...)")
    add_boundary_columns(p)
    src = p.add_mutually_exclusive_group()
    src.add_argument("--value", metavar="KOLOM", help="toets deze kolom van de gebiedenlaag")
    src.add_argument("--incidents", metavar="BESTAND", help="incidenten met X/Y (CSV of XLSX)")
    src.add_argument("--counts", metavar="BESTAND", help="tellingen per gebied (politie 47022NED e.d.)")
    p.add_argument("--gemeente", default=None, help="alleen de gebieden van deze gemeente (code of naam)")
    HOTSPOTS.add_arguments(p)
    p.add_argument("--json", action="store_true", help="uitvoer als JSON")
    p.set_defaults(func=run)


def result_dict(result) -> dict:
    """The result as plain data (what ``--json`` prints)."""
    t = result.table()
    if result.method == "lisa":
        cols = ["code", "name", "count", "rate", "rate_eb", "Is", "p_sim", "p_fdr", "quadrant", "quadrant_label"]
        rows = t[[c for c in cols if c in t.columns]].to_dict(orient="records")
    elif result.method == "kde":
        rows = t[["code", "name", "count"]].to_dict(orient="records")
    else:
        cols = ["code", "name", "count", "population", "rate", "rate_eb", "z", "p", "p_fdr", "p_sim",
                "gi_class", "gi_label"]
        rows = t[[c for c in cols if c in t.columns]].rename(
            columns={"gi_class": "class", "gi_label": "label"}).to_dict(orient="records")
    out = {"method": result.method, "params": result.params, "incidents": result.incidents,
           "outside": result.outside, "weights": result.weights_summary, "warnings": result.warnings,
           "notes": result.notes, "areas": rows}
    if result.surface is not None:
        s = result.surface
        out["surface"] = {"rows": s.grid.shape[0], "columns": s.grid.shape[1], "x0": s.x0, "y0": s.y0,
                          "cell": s.cell, "bandwidth": s.bandwidth, "kernel": s.kernel, "unit": "incidenten per km²",
                          "max": float(s.grid.max()) if s.grid.size else 0.0}
    return out


def run(args: argparse.Namespace) -> int:
    from desktop.commands import emit_json
    from hotspots.where.hotspots import HOTSPOTS, run_hotspots
    from importers import read_boundaries, read_counts, read_incidents

    params = HOTSPOTS.from_args(args)
    areas, _ = read_boundaries(args.areas, gemeente=args.gemeente, **boundary_columns(args))
    incidents = counts = None
    if args.incidents:
        incidents, _ = read_incidents(args.incidents)
    elif args.counts:
        counts, _ = read_counts(args.counts, areas=areas, gemeente=args.gemeente)
    result = run_hotspots(areas, incidents=incidents, counts=counts, value=args.value, params=params)
    out = result_dict(result)
    if args.json:
        emit_json(out)
        return 0
    _print_text(out)
    return 0


def _print_text(out: dict) -> None:
    w = out["weights"]
    print(f"Methode: {out['method']}")
    if out["params"].get("category"):
        print(f"Categorie: {out['params']['category']}")
    if out["incidents"]:
        print(f"Incidenten: {out['incidents']}, buiten elk gebied: {out['outside']}")
    if w:
        print(f"Buren: {w.get('label')}; min/gem/max {w['neighbours_min']}/{w['neighbours_mean']}/"
              f"{w['neighbours_max']}; zonder buren: {w['n_islands']}; delen: {w['components']}")
    key = "quadrant" if out["method"] == "lisa" else "class"
    rows = [r for r in out["areas"] if (r.get(key) not in (0, "ns", None))]
    rows.sort(key=lambda r: -(r.get("z") or r.get("Is") or 0))
    for r in rows[:40]:
        label = r.get("label") or r.get("quadrant_label") or ""
        stat = r.get("z") if r.get("z") is not None else r.get("Is")
        print(f"  {r['code']:<14} {str(r.get('name') or '')[:30]:<30} {label:<18} "
              f"{stat if stat is None else round(stat, 2)}")
    for s in out["warnings"]:
        print(f"Let op: {s}")
