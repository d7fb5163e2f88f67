"""``wijkbeeld emerging``: emerging hot spots (new, intensifying, persistent, ...) per buurt, wijk or cell and month.

``wijkbeeld emerging --areas FILE (--incidents FILE | --counts FILE) [--gemeente G] [--level buurt|wijk]
[--unit area|square|hexagon --cell M] [--time-steps K] [--window cube|steps] [--confidence 90|95|99]
[--category C] [--from JJJJ-MM --to JJJJ-MM] --json`` prints per location ``code``, ``name``,
``category``, ``label``, ``sentence``, the trend and the counts, per location and month the Gi* ``bins``,
the ``summary`` per category, the report's ``sentences``, ``notes`` and ``warnings``. The flags are
generated from :data:`hotspots.spacetime.methods.EMERGING` and the shared inputs.
"""
from __future__ import annotations

import argparse


def add_parser(sub) -> None:
    from desktop.commands.inputs import SHARED_DESTS, add_inputs
    from hotspots.spacetime.methods import EMERGING

    p = sub.add_parser("emerging", help="opkomende hot spots per buurt of cel en maand (zoals ArcGIS)",
                       description=EMERGING.help)
    add_inputs(p, "areas", "incidents", "counts", "gemeente", "level", "period", "category", "json",
               required=("areas",), one_of=("incidents", "counts"), one_required=True,
               choices={"level": ("buurt", "wijk")})
    EMERGING.add_arguments(p, skip=SHARED_DESTS)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import emit_json, print_result
    from desktop.commands.inputs import read_inputs
    from hotspots.spacetime.methods import EMERGING

    params = EMERGING.from_args(args)
    result = EMERGING.run(read_inputs(args, level=args.level), params)
    if args.json:
        emit_json(result.to_dict())
        return 0
    print_result(result.sentences, result.notes, result.warnings)
    return 0
