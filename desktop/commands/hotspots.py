"""``wijkbeeld hotspots``: where is it hot, without a screen.

``wijkbeeld hotspots --areas FILE [--code KOLOM --name KOLOM] [--value COLUMN | --incidents FILE | --counts FILE]
[--category C] [--method gistar|lisa|grid|optimised|kde] [--weights queen|rook|knn:K|distance:METRES]
[--transform binary|row] [--permutations N --seed S] [--fdr/--no-fdr] --json`` prints, per
area or cell, ``code``, ``name``, ``count``, ``z``, ``p``, ``p_fdr``, ``class`` and ``label``
(Gi*) or ``Is``, ``p_sim``, ``p_fdr`` and ``quadrant`` (LISA), plus ``weights`` (islands,
neighbours min/mean/max, components), ``outside`` (incidents outside every area),
``warnings`` and ``notes`` (:meth:`hotspots.where.hotspots.HotspotResult.to_dict`). The flags are
generated from :data:`hotspots.where.methods.HOTSPOTS`.
"""
from __future__ import annotations

import argparse

from desktop.commands.inputs import PROJECT_INPUTS, add_inputs


def add_parser(sub) -> None:
    from desktop.commands.inputs import SHARED_DESTS
    from hotspots.where.methods import HOTSPOTS

    p = sub.add_parser("hotspots", help="hotspots per buurt of cel (Gi*, lokale Moran's I, warmtekaart)",
                       description=HOTSPOTS.help)
    source = add_inputs(p, "areas", "incidents", "counts", "gemeente", "category", "json", "level", *PROJECT_INPUTS,
                        required=("areas",), one_of=("incidents", "counts"))
    source.add_argument("--value", metavar="KOLOM", help="toets deze kolom van de gebiedenlaag (in plaats van aantallen)")
    HOTSPOTS.add_arguments(p, skip=SHARED_DESTS)  # --category is the shared input (same dest)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import emit_json
    from desktop.commands.inputs import read_inputs, read_selection, uses_selection
    from hotspots.where.methods import HOTSPOTS

    params = HOTSPOTS.from_args(args)
    if uses_selection(args):
        selected = read_selection(args)
        if len(selected.parts) > 1:  # sources that count different things: side by side, never added up
            return _side_by_side(selected, params, args.json)
        inputs = selected.one()
    else:
        inputs = read_inputs(args, areas_first=True)
    inputs.value = args.value
    result = HOTSPOTS.run(inputs, params)
    out = result.to_dict()
    if args.json:
        emit_json(out)
        return 0
    _print_text(out)
    return 0


def _print_text(out: dict) -> None:
    from hotspots.where.methods import HOTSPOTS
    from kernel.nl import number, plain

    w = out["weights"]
    method = HOTSPOTS.param("method")
    print(f"Methode: {dict(zip(method.choices, method.choice_labels)).get(out['method'], out['method'])}")
    if out["params"].get("category"):
        print(f"Categorie: {out['params']['category']}")
    if out["incidents"]:
        print(f"Incidenten: {plain(out['incidents'], thousands=True)}, buiten elk gebied: "
              f"{plain(out['outside'], thousands=True)}")
    if w:
        print(f"Buren: {w.get('label')}; min/gem/max {w['neighbours_min']}/{number(w['neighbours_mean'], 1)}/"
              f"{w['neighbours_max']}; zonder buren: {w['n_islands']}; delen: {w['components']}")
    key = "quadrant" if out["method"] == "lisa" else "class"
    rows = [r for r in out["areas"] if (r.get(key) not in (0, "ns", None))]
    rows.sort(key=lambda r: -(r.get("z") or r.get("Is") or 0))
    for r in rows[:40]:
        label = r.get("label") or r.get("quadrant_label") or ""
        stat = r.get("z") if r.get("z") is not None else r.get("Is")
        print(f"  {r['code']:<14} {str(r.get('name') or '')[:30]:<30} {label:<18} "
              f"{'' if stat is None else number(stat, 2)}")
    for s in out["warnings"]:
        print(f"Let op: {s}")


def _side_by_side(selected, params, as_json: bool) -> int:
    """One hot-spot run per source, the numbers per area side by side (:func:`hotspots.selection.run_parts`)."""
    from desktop.commands import emit_json
    from hotspots.selection import run_parts
    from hotspots.where.methods import HOTSPOTS

    side = run_parts(selected, HOTSPOTS.run, params)
    if as_json:
        emit_json(side.to_dict())
        return 0
    print(f"Methode: {side.params.get('method')}; {len(selected.parts)} bronnen naast elkaar (niet opgeteld)")
    table = side.table()
    print("  ".join(str(c) for c in table.columns))
    for row in table.itertuples(index=False):
        print("  ".join("" if v is None or v != v else str(v) for v in row))
    for line in side.notes:
        print(f"({line})")
    for line in side.warnings:
        print(f"Let op: {line}")
    return 0
