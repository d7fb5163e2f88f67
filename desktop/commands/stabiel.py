"""``wijkbeeld stabiel``: stable hot spots, hot at several scales (buurten, square cells, hexagons).

``wijkbeeld stabiel --areas FILE --incidents FILE [--gemeente G] [--level buurt|wijk]
[--scales area,square:250,hexagon:250,hexagon:500] [--confidence 90|95|99] [--category C]
[--from D --to D] --json``
prints the ``caption`` (the modifiable areal unit problem in plain words), the ``map`` (ground hot at
1..S scales), per area the number of scales that call it hot (``areas``), per scale its hot units
(``scales``), ``sentences``, ``notes`` and ``warnings``. The flags are generated from
:data:`hotspots.spacetime.methods.STABLE` and the shared inputs.
"""
from __future__ import annotations

import argparse


def add_parser(sub) -> None:
    from desktop.commands.inputs import SHARED_DESTS, add_inputs
    from hotspots.spacetime.methods import STABLE

    p = sub.add_parser("stabiel", help="stabiele hot spots: hot per buurt, in vierkanten en in zeshoeken",
                       description=STABLE.help + " --from en --to mogen ook een dag zijn (JJJJ-MM-DD).")
    add_inputs(p, "areas", "incidents", "gemeente", "level", "period", "category", "json",
               required=("areas", "incidents"), choices={"level": ("buurt", "wijk")})
    STABLE.add_arguments(p, skip=SHARED_DESTS)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import emit_json, print_result
    from desktop.commands.inputs import read_inputs
    from hotspots.spacetime.methods import STABLE

    params = STABLE.from_args(args)
    result = STABLE.run(read_inputs(args, level=args.level), params)
    if args.json:
        emit_json(result.to_dict())
        return 0
    print(result.caption)
    print_result(result.sentences, result.notes, result.warnings)
    return 0
