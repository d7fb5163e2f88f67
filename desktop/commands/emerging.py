"""``wijkbeeld emerging``: emerging hot spots (new, intensifying, persistent, ...) per buurt, wijk or cell and month.

``wijkbeeld emerging --areas FILE (--incidents FILE | --counts FILE) [--gemeente G] [--level buurt|wijk]
[--unit area|square|hexagon --cell M] [--time-steps K] [--window cube|steps] [--confidence 90|95|99]
[--category C] [--start JJJJ-MM --end JJJJ-MM] --json`` prints per location ``code``, ``name``,
``category``, ``label``, ``sentence``, the trend and the counts, per location and month the Gi* ``bins``,
the ``summary`` per category, the report's ``sentences``, ``notes`` and ``warnings``. The flags are
generated from :data:`hotspots.spacetime.emerging.EMERGING`.
"""
from __future__ import annotations

import argparse


def add_parser(sub) -> None:
    from desktop.commands.inputs import add_inputs
    from hotspots.spacetime.emerging import EMERGING

    p = sub.add_parser("emerging", help="opkomende hot spots per buurt of cel en maand (zoals ArcGIS)",
                       description=EMERGING.help)
    p.add_argument("--areas", required=True, metavar="BESTAND", help="gebiedsgrenzen (CBS-buurtkaart, GeoPackage, ...)")
    add_inputs(p, "columns", "category_column")  # --code/--name of the boundary file; --category-column
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--incidents", metavar="BESTAND", help="incidenten met X/Y en datum (CSV of XLSX)")
    src.add_argument("--counts", metavar="BESTAND", help="politietellingen per gebied per maand (47022NED)")
    p.add_argument("--gemeente", default=None, help="alleen de gebieden van deze gemeente (code of naam)")
    p.add_argument("--level", default=None, choices=("buurt", "wijk"), help="gebiedsniveau (standaard: het fijnste)")
    EMERGING.add_arguments(p)
    p.add_argument("--json", action="store_true", help="uitvoer als JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import emit_json, print_result
    from desktop.commands.inputs import read_areas
    from hotspots.spacetime.emerging import EMERGING
    from hotspots.spacetime.emerging import run as run_emerging
    from importers import read_counts, read_incidents

    params = EMERGING.from_args(args)
    areas = read_areas(args, level=args.level)
    inputs = {"areas": areas}
    if args.incidents:
        inputs["incidents"], _ = read_incidents(args.incidents, category=args.category_column)
    else:
        inputs["counts"], _ = read_counts(args.counts, areas=areas, gemeente=args.gemeente)
    result = run_emerging(inputs, params)
    if args.json:
        emit_json(result.to_dict())
        return 0
    print_result(result.sentences, result.notes, result.warnings)
    return 0
