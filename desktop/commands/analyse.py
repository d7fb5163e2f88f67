"""``wijkbeeld analyse``: the default analyses and every export in one folder, without a screen.

    wijkbeeld analyse --areas FILE [--code KOLOM --name KOLOM] (--incidents FILE | --counts FILE)
                      [--category C] [--gemeente GMxxxx] [--wijken FILE] --out DIR [--suppress-below N]
                      [--points] [--json]
    wijkbeeld analyse --project PROJECT.gpkg [--source BRON] [--theme THEMA] --out DIR ...

Writes kaart.html, kaart.png, resultaten.gpkg, resultaten.xlsx and samenvatting.json: one analysis
run (:func:`hotspots.run.run_analysis`) through the output pipeline (:mod:`mapping.outputs`).
``--category`` is the hot spots' declared category, which the run carries to hot times and trends;
police counts are never summed over categories (default: the total), and the outputs say which.
"""
from __future__ import annotations

import argparse

from desktop.commands.clock import add_progress
from desktop.commands.inputs import PROJECT_INPUTS, add_inputs, add_privacy


def add_parser(sub) -> None:
    p = sub.add_parser("analyse", help="standaardanalyses (aantallen, Gi*, hot times, trends) en alle exports",
                       description="Draait de standaardanalyses en schrijft kaart.html, kaart.png, "
                                   "resultaten.gpkg, resultaten.xlsx en samenvatting.json in de uitvoermap.")
    add_inputs(p, "areas", "incidents", "counts", "gemeente", "level", "category", "json", *PROJECT_INPUTS,
               required=("areas",),
               one_of=("incidents", "counts"), one_required=True, choices={"level": ("buurt", "wijk")},
               defaults={"level": "buurt"})
    p.add_argument("--wijken", metavar="BESTAND",
                   help="wijkgrenzen met namen voor de kaart (standaard: afgeleid uit de wijkcodes)")
    p.add_argument("--out", required=True, metavar="MAP", help="uitvoermap (wordt zo nodig gemaakt)")
    add_privacy(p)
    p.add_argument("--points", action="store_true", help="incidentlocaties (punten) opnemen in kaart en GeoPackage")
    p.add_argument("--title", default=None, metavar="TEKST", help="titel van de kaart")
    p.add_argument("--bronvermelding", dest="credit", default=None, metavar="TEKST",
                   help="bronvermelding op de kaart (--source kiest een bron van het project)")
    add_progress(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands.clock import clock_of
    from desktop.commands.inputs import READ_REPORTS, input_files, read_areas, read_inputs
    from mapping.outputs import run_analyse

    clock = clock_of(args)
    if clock:
        clock(0.0, "Bestanden lezen")
    inputs = read_inputs(args, level=args.level, areas_first=True)
    wijken = read_areas(argparse.Namespace(areas=args.wijken, gemeente=args.gemeente), level="wijk")
    if wijken is None:  # a project's wijken beside its buurten
        wijken = inputs.outlines
    summary = run_analyse(inputs.areas, incidents=inputs.incidents, counts=inputs.counts, out_dir=args.out,
                          gemeente=args.gemeente,
                          suppress_below=args.suppress_below, include_points=args.points, boundaries=wijken,
                          title=args.title, source=args.credit, secondary=args.secondary,
                          input_files=input_files(args), read=list(READ_REPORTS),
                          params={"category": args.category} if args.category else None, progress=clock)
    report(summary, args.out, args.json)
    if clock:
        clock.done()
    return 0


def report(summary: dict, out, as_json: bool) -> None:
    """Print what was written: the summary as JSON, or one Dutch line (and a line per warning)."""
    from desktop.commands import emit_json

    if as_json:
        emit_json(summary)
    else:
        from kernel.nl import plain

        def shown(value) -> str:  # a protected count ("<5", "x") as the summary has it
            return value if isinstance(value, str) else plain(value, thousands=True)

        category = f" (categorie {summary['category_text']})" if summary.get("category_text") else ""
        print(f"{shown(summary['areas'])} gebieden, {shown(summary['counted'])} "
              f"meegeteld{category}, {shown(summary['outside'])} buiten de gebieden, "
              f"{len(summary['hotspots'])} hot spot(s). Geschreven in {out}: {', '.join(summary['files'])}")
        for warning in summary.get("warnings", []):
            print(f"Let op: {warning}")
