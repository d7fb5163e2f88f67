"""``wijkbeeld nearrepeat``: near repeats (the Knox test) and chains of near-repeat incidents.

``wijkbeeld nearrepeat --incidents FILE [--areas FILE [--gemeente G]] [--distances 100,200,...]
[--days 7,14,...] [--permutations 999 --seed S] [--category C] [--from D --to D] [--noun inbraak]
[--kaart FILE.html] --json``
prints the Knox table (``rows``, ``columns``, ``observed``, ``expected``, ``ratio``, ``p``, and ``table``
with ``p_fdr`` and ``significant`` per band), the ``sentence`` for the strongest band, the ``chains``,
``notes`` and ``warnings``. The flags are generated from :data:`hotspots.spacetime.methods.NEARREPEAT`
and the shared inputs.
"""
from __future__ import annotations

import argparse


def add_parser(sub) -> None:
    from desktop.commands.inputs import SHARED_DESTS, add_inputs
    from hotspots.spacetime.methods import NEARREPEAT

    p = sub.add_parser("nearrepeat", help="bijna-herhaling: Knox-toets over afstand en tijd, en reeksen",
                       description=NEARREPEAT.help + " Met --areas doen alleen de incidenten daarbinnen mee, en "
                       "krijgt elke reeks zijn gebied. --from en --to mogen ook een dag zijn (JJJJ-MM-DD).")
    add_inputs(p, "incidents", "areas", "gemeente", "period", "category", "json", required=("incidents",))
    NEARREPEAT.add_arguments(p, skip=SHARED_DESTS)
    p.add_argument("--kaart", metavar="BESTAND", default=None,
                   help="de reeksen ook als offline webkaart (HTML) met de gebieden; lijnen door incidentlocaties: "
                        "alleen voor eigen gebruik")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import emit_json, print_result
    from desktop.commands.inputs import read_inputs
    from hotspots.spacetime.methods import NEARREPEAT

    params = NEARREPEAT.from_args(args)
    inputs = read_inputs(args)
    result = NEARREPEAT.run(inputs, params)
    if args.kaart:
        _write_map(args, inputs, result)
    if args.json:
        emit_json(result.to_dict())
        return 0
    _print_table(result)
    print_result(result.sentences, result.notes, result.warnings)
    return 0


def _write_map(args, inputs, result) -> None:
    """``--kaart``: the chains as an offline web map (:func:`mapping.spacetime_map.chains_map`), written whole
    or not at all, never over an input file."""
    from desktop.commands.inputs import input_files
    from mapping.files import Staging
    from mapping.meta import ReportMeta
    from mapping.spacetime_map import chains_map
    from mapping.webmap import render_html

    page = render_html(chains_map(result, inputs.areas, meta=ReportMeta(title="Reeksen van bijna-herhaling")))
    with Staging(inputs=input_files(args)) as stage:
        stage.temp(args.kaart).write_text(page, encoding="utf-8")


def _print_table(result) -> None:
    """The Knox ratios, one row per distance band, one column per time band (Dutch decimals)."""
    from kernel.nl import number

    k = result.knox
    significant = result.table["significant"].to_numpy().reshape(len(k.row_labels), len(k.column_labels))
    width = max(len(c) for c in k.column_labels) + 2
    first = max(len(r) for r in k.row_labels) + 2
    print(" " * first + "".join(f"{c:>{width}}" for c in k.column_labels))
    for r, label in enumerate(k.row_labels):
        cells = "".join(f"{number(k.ratio[r, c], 2) + ('*' if significant[r, c] else ' '):>{width}}"
                        for c in range(len(k.column_labels)))
        print(f"{label:<{first}}{cells}")
    print("(Knox-ratio: waargenomen / verwacht; * verhoogd na FDR-correctie)")
