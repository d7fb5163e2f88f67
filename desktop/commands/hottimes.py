"""``wijkbeeld hottimes``: which hours of the week are hot, without a screen.

``wijkbeeld hottimes --incidents FILE [--areas FILE] [--area CODE] [--category C]
[--aoristic/--start-only] [--baseline uniform|all] --json`` (flags from
:data:`hotspots.when.methods.HOTTIMES` and the shared inputs) prints ``matrix`` (7 lists
of 24, Monday first), ``total``, ``test`` (statistic, p), ``hot_blocks`` (day,
start, end, observed, expected, p_fdr, label) and ``signature``; with ``--areas``
also the temporal signature of the busiest areas (``area_signatures``).
"""
from __future__ import annotations

import argparse


def add_parser(sub) -> None:
    from desktop.commands.inputs import PROJECT_INPUTS, SHARED_DESTS, add_inputs
    from desktop.commands.parser import whole_number
    from hotspots.when.methods import HOTTIMES

    p = sub.add_parser("hottimes", help="hete uren van de week (week-uurmatrix, toets, tijdblokken)",
                       description=HOTTIMES.help + " Met --areas ook de tijdsignatuur per gebied en --area.")
    add_inputs(p, "incidents", "areas", "gemeente", "category", "json", "level", *PROJECT_INPUTS,
               required=("incidents",))
    HOTTIMES.add_arguments(p, skip=SHARED_DESTS)
    p.add_argument("--start-only", dest="aoristic", action="store_const", const=False, default=None,
                   help="tel alleen het uur van de begintijd (hetzelfde als --no-aoristic)")
    p.add_argument("--top", type=whole_number, default=20, metavar="AANTAL",
                   help="tijdsignatuur van de zoveel drukste gebieden (met --areas; standaard: 20)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import emit_json
    from desktop.commands.inputs import read_inputs
    from hotspots.categories import select_category
    from hotspots.when.methods import HOTTIMES
    from hotspots.when.profiles import signatures_by

    params = HOTTIMES.from_args(args)
    inputs = read_inputs(args, need_areas=params["area"] is not None)
    if inputs.incidents is None:  # a counts source of a project
        from kernel.errors import AnalysisError

        raise AnalysisError("Hot times vragen om incidenten met een tijdstip; tellingen per maand hebben geen uur "
                            "van de week. Kies een bron met incidenten (--source).")
    if inputs.areas is not None:  # an area by its name too ("Centrum"), or which level has it
        from hotspots.levels import area_code

        params["area"] = area_code(inputs.areas, params["area"], {"wijk": inputs.outlines})
    result = HOTTIMES.run(inputs, params)
    out = result.to_dict()
    out["input"] = info = {"incidents": len(inputs.incidents)}
    if inputs.areas is not None:
        info["outside"] = int(inputs.assignment().outside)
    if inputs.areas is not None and params["area"] is None:
        sel = inputs.located()
        if params["category"] is not None:
            sel = sel[select_category(sel["category"], params["category"])[0]]
        sig = signatures_by(sel, "area", params["aoristic"]).head(args.top)
        names = dict(zip(inputs.areas["code"], inputs.areas["name"])) if "name" in inputs.areas.columns else {}
        sig.insert(1, "name", sig["area"].map(names))
        out["area_signatures"] = sig.to_dict(orient="records")
    if args.json:
        emit_json(out)
        return 0
    _print_text(result, out)
    return 0


def _print_text(result, out) -> None:
    from kernel.nl import DAY_ABBR, number, p_text, percent, plain

    if result.test.get("date_only"):  # dates without times: profiles per weekday and month only
        print(f"Alleen datums, {result.total:.0f} incidenten: per dag van de week")
        print("  " + ", ".join(f"{day} {v:.0f}" for day, v in result.profiles["weekday"].items()))
        print("Gemiddeld per kalendermaand: " + ", ".join(f"{m} {v:.1f}" for m, v in result.profiles["month"].items()))
        for w in result.warnings:
            print(f"Let op: {w}")
        return
    how = "aoristisch" if result.params["aoristic"] else "begintijd"
    print(f"Week-uurmatrix ({how}), {plain(round(result.total), thousands=True)} incidenten")
    print("     " + "".join(f"{h:>5d}" for h in range(24)))
    for d, row in enumerate(result.matrix):
        print(f"{DAY_ABBR[d]:<5}" + "".join(f"{v:>5.0f}" for v in row))
    t = result.test
    print(f"Toets ({t['name']}, {t['method']}): {number(t['statistic'], 1)}, df {t['df']}, {p_text(t['p'])}")
    if not result.hot_blocks:
        print("Geen hete tijdblokken.")
    for b in result.hot_blocks:
        phrase = f" ({b['phrase']})" if b["phrase"] else ""
        print(f"  {b['label']}{phrase}: {b['observed']:.0f} tegen {b['expected']:.0f} verwacht, "
              f"{p_text(b['p_fdr'], 'p (FDR)')}")
    s = result.signature
    print(f"Tijdsignatuur: {s['label']} ({percent(s['share'], 0)} in {s['block']})")
    for row in out.get("area_signatures", [])[:10]:
        print(f"  {row['area']} {row.get('name') or ''}: {row['label']} ({row['total']:.0f})")
    for w in result.warnings:
        print(f"Let op: {w}")
