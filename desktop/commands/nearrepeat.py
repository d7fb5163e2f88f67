"""``wijkbeeld nearrepeat``: near repeats (the Knox test) and chains of near-repeat incidents.

``wijkbeeld nearrepeat --incidents FILE [--areas FILE [--gemeente G]] [--distances 100,200,...]
[--days 7,14,...] [--permutations 999 --seed S] [--category C] [--noun inbraak] --json`` prints the
Knox table (``rows``, ``columns``, ``observed``, ``expected``, ``ratio``, ``p``, and ``table`` with
``p_fdr`` and ``significant`` per band), the ``sentence`` for the strongest band, the ``chains``,
``notes`` and ``warnings``. The flags are generated from :data:`hotspots.spacetime.nearrepeat.NEARREPEAT`.
"""
from __future__ import annotations

import argparse


def add_parser(sub) -> None:
    from desktop.commands.inputs import add_inputs
    from hotspots.spacetime.nearrepeat import NEARREPEAT

    p = sub.add_parser("nearrepeat", help="bijna-herhaling: Knox-toets over afstand en tijd, en reeksen",
                       description=NEARREPEAT.help)
    p.add_argument("--incidents", required=True, metavar="BESTAND", help="incidenten met X/Y en datum (CSV of XLSX)")
    p.add_argument("--areas", default=None, metavar="BESTAND",
                   help="gebiedsgrenzen: alleen incidenten daarbinnen, en het gebied van elke reeks")
    add_inputs(p, "columns", "category_column")  # --code/--name of the boundary file; --category-column
    p.add_argument("--gemeente", default=None, help="alleen de gebieden van deze gemeente (code of naam)")
    NEARREPEAT.add_arguments(p)
    p.add_argument("--json", action="store_true", help="uitvoer als JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import emit_json, print_result
    from desktop.commands.inputs import read_areas
    from hotspots.spacetime.nearrepeat import NEARREPEAT
    from hotspots.spacetime.nearrepeat import run as run_nearrepeat
    from importers import read_incidents

    params = NEARREPEAT.from_args(args)
    incidents, _ = read_incidents(args.incidents, category=args.category_column)
    result = run_nearrepeat({"incidents": incidents, "areas": read_areas(args)}, params)
    if args.json:
        emit_json(result.to_dict())
        return 0
    k = result.knox
    print(f"{'':<22}" + "".join(f"{c[:14]:>15}" for c in k.column_labels))
    for r, label in enumerate(k.row_labels):
        cells = "".join(f"{k.ratio[r, c]:>9.2f}{'*' if result.table['significant'].iat[r * len(k.column_labels) + c] else ' '}"
                        f"{'':>5}" for c in range(len(k.column_labels)))
        print(f"{label:<22}{cells}")
    print("(Knox-ratio: waargenomen / verwacht; * verhoogd na FDR-correctie)")
    print_result(result.sentences, result.notes, result.warnings)
    return 0
