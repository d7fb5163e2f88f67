"""``wijkbeeld stabiel``: stable hot spots, hot at several scales (buurten, square cells, hexagons).

``wijkbeeld stabiel --areas FILE --incidents FILE [--gemeente G] [--level buurt|wijk]
[--scales area,square:250,hexagon:250,hexagon:500] [--confidence 90|95|99] [--category C] --json``
prints the ``caption`` (the modifiable areal unit problem in plain words), the ``map`` (ground hot at
1..S scales), per area the number of scales that call it hot (``areas``), per scale its hot units
(``scales``), ``sentences``, ``notes`` and ``warnings``. The flags are generated from
:data:`hotspots.spacetime.stable.STABLE`.
"""
from __future__ import annotations

import argparse


def add_parser(sub) -> None:
    from desktop.commands.inputs import add_inputs
    from hotspots.spacetime.stable import STABLE

    p = sub.add_parser("stabiel", help="stabiele hot spots: hot per buurt, in vierkanten en in zeshoeken",
                       description=STABLE.help)
    p.add_argument("--areas", required=True, metavar="BESTAND", help="gebiedsgrenzen (CBS-buurtkaart, GeoPackage, ...)")
    add_inputs(p, "columns", "category_column")  # --code/--name of the boundary file; --category-column
    p.add_argument("--incidents", required=True, metavar="BESTAND", help="incidenten met X/Y (CSV of XLSX)")
    p.add_argument("--gemeente", default=None, help="alleen de gebieden van deze gemeente (code of naam)")
    p.add_argument("--level", default=None, choices=("buurt", "wijk"), help="gebiedsniveau (standaard: het fijnste)")
    STABLE.add_arguments(p)
    p.add_argument("--json", action="store_true", help="uitvoer als JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import emit_json, print_result
    from desktop.commands.inputs import read_areas
    from hotspots.spacetime.stable import STABLE
    from hotspots.spacetime.stable import run as run_stable
    from importers import read_incidents

    params = STABLE.from_args(args)
    areas = read_areas(args, level=args.level)
    incidents, _ = read_incidents(args.incidents, category=args.category_column)
    result = run_stable({"areas": areas, "incidents": incidents}, params)
    if args.json:
        emit_json(result.to_dict())
        return 0
    print(result.caption)
    print_result(result.sentences, result.notes, result.warnings)
    return 0
