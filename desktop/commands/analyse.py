"""``wijkbeeld analyse``: the default analyses and every export in one folder, without a screen.

    wijkbeeld analyse --areas FILE (--incidents FILE | --counts FILE) [--gemeente GMxxxx]
                      [--wijken FILE] --out DIR [--suppress-below N] [--points] [--json]

Writes kaart.html, kaart.png, resultaten.gpkg, resultaten.xlsx and samenvatting.json.
"""
from __future__ import annotations

import argparse


def add_parser(sub) -> None:
    p = sub.add_parser("analyse", help="standaardanalyses (aantallen, Gi*, hot times, trends) en alle exports",
                       description="Draait de standaardanalyses en schrijft kaart.html, kaart.png, "
                                   "resultaten.gpkg, resultaten.xlsx en samenvatting.json in de uitvoermap.")
    p.add_argument("--areas", required=True, help="gebiedsgrenzen (CBS wijk- en buurtkaart, GeoPackage, shapefile)")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--incidents", help="incidenten (CSV of Excel met x, y en datum/tijd)")
    src.add_argument("--counts", help="tellingen per gebied (politietabel 47022NED/47018NED)")
    p.add_argument("--category-column", dest="category_column", metavar="KOLOM",
                   help="kolom met de categorie van de incidenten ('geen': zonder categorie; standaard herkend)")
    p.add_argument("--wijken", help="wijkgrenzen met namen voor de kaart (standaard: afgeleid uit de wijkcodes)")
    p.add_argument("--gemeente", help="alleen deze gemeente (CBS-code, bijv. GM0014)")
    p.add_argument("--level", default="buurt", choices=("buurt", "wijk"), help="gebiedsniveau (standaard: buurt)")
    p.add_argument("--out", required=True, help="uitvoermap")
    p.add_argument("--suppress-below", type=int, default=None, metavar="N",
                   help="aantallen onder N tonen als '<N' (bijv. 5); standaard niet afgeschermd")
    p.add_argument("--points", action="store_true", help="incidentlocaties (punten) opnemen in kaart en GeoPackage")
    p.add_argument("--title", default=None, help="titel van de kaart")
    p.add_argument("--source", default=None, help="bronvermelding op de kaart")
    p.add_argument("--json", action="store_true", help="samenvatting als JSON op stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import importers
    from mapping.analyse import run_analyse

    areas, _ = importers.read_boundaries(args.areas, gemeente=args.gemeente, level=args.level)
    wijken = None
    if args.wijken:
        wijken, _ = importers.read_boundaries(args.wijken, gemeente=args.gemeente, level="wijk")
    incidents = counts = None
    if args.incidents:
        incidents, _ = importers.read_incidents(args.incidents, category=args.category_column)
    else:
        counts, _ = importers.read_counts(args.counts, areas=areas, gemeente=args.gemeente)
    summary = run_analyse(areas, incidents=incidents, counts=counts, out_dir=args.out, gemeente=args.gemeente,
                          suppress_below=args.suppress_below, include_points=args.points, boundaries=wijken,
                          title=args.title, source=args.source)
    report(summary, args.out, args.json)
    return 0


def report(summary: dict, out, as_json: bool) -> None:
    """Print what was written: the summary as JSON, or one Dutch line."""
    from desktop.commands import emit_json

    if as_json:
        emit_json(summary)
    else:
        print(f"{summary['areas']} gebieden, {summary['counted']} meegeteld, {summary['outside']} buiten de gebieden, "
              f"{len(summary['hotspots'])} hot spot(s). Geschreven in {out}: {', '.join(summary['files'])}")
