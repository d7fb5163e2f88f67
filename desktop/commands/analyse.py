"""``wijkbeeld analyse``: the default analyses and every export in one folder, without a screen.

    wijkbeeld analyse --areas FILE (--incidents FILE | --counts FILE) [--gemeente GMxxxx]
                      [--wijken FILE] --out DIR [--suppress-below N] [--points] [--json]

Writes kaart.html, kaart.png, resultaten.gpkg, resultaten.xlsx and samenvatting.json: one analysis
run (:func:`hotspots.run.run_analysis`) through the output pipeline (:mod:`mapping.outputs`).
"""
from __future__ import annotations

import argparse

from desktop.commands.clock import add_progress
from desktop.commands.inputs import add_inputs
from desktop.commands.parser import whole_number


def add_parser(sub) -> None:
    p = sub.add_parser("analyse", help="standaardanalyses (aantallen, Gi*, hot times, trends) en alle exports",
                       description="Draait de standaardanalyses en schrijft kaart.html, kaart.png, "
                                   "resultaten.gpkg, resultaten.xlsx en samenvatting.json in de uitvoermap.")
    add_inputs(p, "areas", "incidents", "counts", "gemeente", "level", "json", required=("areas",),
               one_of=("incidents", "counts"), one_required=True, choices={"level": ("buurt", "wijk")},
               defaults={"level": "buurt"})
    p.add_argument("--wijken", metavar="BESTAND",
                   help="wijkgrenzen met namen voor de kaart (standaard: afgeleid uit de wijkcodes)")
    p.add_argument("--out", required=True, metavar="MAP", help="uitvoermap (wordt zo nodig gemaakt)")
    p.add_argument("--suppress-below", type=whole_number, default=None, metavar="AANTAL",
                   help="aantallen onder AANTAL tonen als '<AANTAL' (bijv. 5); standaard niet afgeschermd")
    p.add_argument("--points", action="store_true", help="incidentlocaties (punten) opnemen in kaart en GeoPackage")
    p.add_argument("--title", default=None, metavar="TEKST", help="titel van de kaart")
    p.add_argument("--source", default=None, metavar="TEKST", help="bronvermelding op de kaart")
    add_progress(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands.clock import clock_of
    from desktop.commands.inputs import read_areas, read_inputs
    from mapping.outputs import run_analyse

    clock = clock_of(args)
    if clock:
        clock(0.0, "Bestanden lezen")
    inputs = read_inputs(args, level=args.level, areas_first=True)
    wijken = read_areas(argparse.Namespace(areas=args.wijken, gemeente=args.gemeente), level="wijk")
    summary = run_analyse(inputs.areas, incidents=inputs.incidents, counts=inputs.counts, out_dir=args.out,
                          gemeente=args.gemeente,
                          suppress_below=args.suppress_below, include_points=args.points, boundaries=wijken,
                          title=args.title, source=args.source, progress=clock)
    report(summary, args.out, args.json)
    if clock:
        clock.done()
    return 0


def report(summary: dict, out, as_json: bool) -> None:
    """Print what was written: the summary as JSON, or one Dutch line."""
    from desktop.commands import emit_json

    if as_json:
        emit_json(summary)
    else:
        from kernel.nl import plain

        print(f"{plain(summary['areas'], thousands=True)} gebieden, {plain(summary['counted'], thousands=True)} "
              f"meegeteld, {plain(summary['outside'], thousands=True)} buiten de gebieden, "
              f"{len(summary['hotspots'])} hot spot(s). Geschreven in {out}: {', '.join(summary['files'])}")
