"""``wijkbeeld inspect FILE [--json]``: what the importers make of a file, without a screen.

Prints the kind, encoding, separator, column mapping, CRS, rows read/kept/rejected
(each rejection with row, column, value and reason), personal-data columns and
every assumption (``--sample N``: a fast preview of the first N rows, said so in the output,
``sample`` in the JSON). Each detection can be overridden (``--sep``, ``--encoding``,
``--x``, ``--y``, ``--crs``, ``--start``, ``--end``, ``--category``, ``--id``,
``--dayfirst``/``--monthfirst``, ``--sheet``, ``--gemeente``, ``--kind``; ``--code``/``--name``: the code
and name columns of a boundary file). A label file of police counts is joined by name when ``--areas``
names a boundary file. ``--json``, ``--gemeente``, ``--level`` and ``--areas`` (with ``--code``/``--name``)
are the shared inputs (:mod:`desktop.commands.inputs`); here ``--code``/``--name`` are those of FILE.
"""
from __future__ import annotations

import argparse

from desktop.commands.inputs import add_inputs, area_columns
from desktop.commands.parser import whole_number, words

#: The kinds of file ``--kind`` takes: the Dutch word and the importers' name (also accepted).
KINDS = {"grenzen": "boundaries", "tellingen": "counts", "incidenten": "incidents"}


def add_parser(sub) -> None:
    p = sub.add_parser("inspect", help="laat zien wat Wijkbeeld van een bestand maakt (soort, kolommen, "
                                       "afgewezen rijen, persoonsgegevens, aannames)")
    p.add_argument("file", metavar="BESTAND", help="CSV, XLSX, GeoPackage, shapefile (.zip), GeoJSON of politietabel")
    add_inputs(p, "json", "gemeente", "level", "areas", choices={"level": ("buurt", "wijk", "gemeente")})
    p.add_argument("--kind", choices=list(KINDS), type=words(KINDS), help="soort bestand (anders herkend)")
    p.add_argument("--sep", metavar="TEKEN", help="scheidingsteken: ';' ',' of 'tab'")
    p.add_argument("--encoding", metavar="CODERING", help="codering, bijvoorbeeld utf-8, utf-8-sig of cp1252")
    p.add_argument("--x", metavar="KOLOM", help="kolom met de x-coördinaat (of lengtegraad)")
    p.add_argument("--y", metavar="KOLOM", help="kolom met de y-coördinaat (of breedtegraad)")
    p.add_argument("--crs", metavar="STELSEL", help="coördinatenstelsel, bijvoorbeeld EPSG:28992 of EPSG:4326")
    p.add_argument("--start", "--start-column", dest="start", metavar="KOLOM", help="kolom met de begindatum/-tijd")
    p.add_argument("--end", metavar="KOLOM", help="kolom met de einddatum/-tijd")
    p.add_argument("--category", "--category-column", dest="category", metavar="KOLOM",
                   help="kolom met de categorie ('geen': zonder)")
    p.add_argument("--id", metavar="KOLOM", help="kolom met het registratienummer")
    order = p.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", dest="dayfirst", action="store_const", const=True,
                       help="datums als dag-maand-jaar")
    order.add_argument("--monthfirst", dest="dayfirst", action="store_const", const=False,
                       help="datums als maand-dag-jaar")
    p.add_argument("--sheet", metavar="BLAD", help="werkblad van een Excel-bestand (naam of nummer, vanaf 0)")
    p.add_argument("--sample", type=whole_number, default=None, metavar="AANTAL",
                   help="snel voorbeeld: bekijk alleen de eerste AANTAL rijen (de uitvoer zegt dat het een voorbeeld "
                        "is)")
    p.add_argument("--max-rejections", type=whole_number, default=None, metavar="AANTAL",
                   help="toon hooguit zoveel afgewezen rijen in de JSON (standaard alle)")
    p.set_defaults(func=run)


def _sheet(value):
    if value is None:
        return None
    return int(value) if str(value).isdigit() else value


def options_from_args(args: argparse.Namespace) -> dict:
    """The importer options from the command-line flags (None where not given)."""
    sep = args.sep
    if sep is not None and sep.lower() in ("tab", "\\t"):
        sep = "\t"
    return {"kind": KINDS.get(args.kind, args.kind), "sep": sep, "encoding": args.encoding, "x": args.x, "y": args.y,
            "crs": args.crs, "start": args.start, "end": args.end, "category": args.category, "id": args.id,
            "dayfirst": args.dayfirst, "sheet": _sheet(args.sheet), "gemeente": args.gemeente,
            "level": args.level, "max_rows": args.sample,
            **{k: v for k, v in area_columns(args).items() if k != "crs"}}  # --areas-crs is of --areas


def run(args: argparse.Namespace) -> int:
    import importers
    from desktop.commands import emit_json

    options = options_from_args(args)
    if args.areas:
        options["areas"], _ = importers.read_boundaries(args.areas, gemeente=args.gemeente,  # --code is FILE's
                                                        **({"crs": args.areas_crs} if args.areas_crs else {}))
    report = importers.inspect(args.file, **options)
    if args.json:
        d = report.to_dict()
        if args.max_rejections is not None:
            d["rejections"] = d["rejections"][: args.max_rejections]
        emit_json(d)
    else:
        print(report.summary())
    return 0
