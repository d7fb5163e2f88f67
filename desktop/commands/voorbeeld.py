"""``wijkbeeld voorbeeld-bestanden [--out MAP] [--json]``: the demo files that ship with the app.

Without ``--out`` it prints each file, what it holds and where it is. With ``--out MAP`` it copies
them into ``MAP`` under short names (:data:`FILES`: ``buurten.gpkg``, ``fietsdiefstal.csv``,
``tellingen.csv``, and ``bronnen.txt`` with their sources), so that the examples in every command's
``--help`` (:mod:`desktop.commands.examples`) can be typed as they stand. A file of another content
under one of those names is never overwritten.
"""
from __future__ import annotations

import argparse

from desktop.commands.inputs import add_inputs

#: (short name, attribute of :mod:`resources.demo`, what it holds) of each demo file.
FILES = (
    ("buurten.gpkg", "AREAS", "de 108 buurten (laag buurten) en 15 wijken (laag wijken) van de gemeente Groningen, "
                              "CBS Wijk- en buurtkaart 2017, in RD (EPSG:28992)"),
    ("fietsdiefstal.csv", "INCIDENTS", "15.947 fietsdiefstallen in Groningen, januari 2013 t/m september 2017: x en y "
                                       "in RD (meters), begin- en eindtijd (JJJJ-MM-DD UU:MM), categorie; zonder "
                                       "adressen"),
    ("tellingen.csv", "COUNTS", "fietsdiefstal per gemeente, wijk en buurt per maand, 2014 t/m 2016, in de vorm van "
                                "politietabel 47022NED"),
)


def add_parser(sub) -> None:
    p = sub.add_parser("voorbeeld-bestanden", help="de voorbeeldbestanden (Groningen) tonen of in een map zetten",
                       description="Toont de voorbeeldbestanden die met Wijkbeeld meekomen: buurtgrenzen, "
                                   "fietsdiefstallen en politietellingen van Groningen. Met --out komen ze in een "
                                   "map, onder de korte namen die de voorbeelden bij elke opdracht gebruiken.")
    p.add_argument("--out", default=None, metavar="MAP",
                   help="zet de bestanden in deze map (die wordt zo nodig gemaakt)")
    add_inputs(p, "json")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import emit_json
    from resources import demo

    rows = [{"name": name, "path": str(getattr(demo, attr)), "what": what} for name, attr, what in FILES]
    if args.out:
        rows = copy_to(args.out)
    if args.json:
        emit_json({"files": rows, "attribution": demo.ATTRIBUTION})
        return 0
    for row in rows:
        print(f"{row['name']}: {row['what']}\n    {row['path']}")
    print(f"Bronnen: {demo.ATTRIBUTION}")
    return 0


def copy_to(folder) -> list[dict]:
    """Copy the demo files into ``folder`` under their short names; the rows with the new paths."""
    import filecmp
    import shutil
    from pathlib import Path

    from kernel.errors import WijkbeeldError
    from resources import demo

    out = Path(folder)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WijkbeeldError(f"De map {out} kan niet worden gemaakt ({exc.strerror}).") from None
    rows = []
    for name, attr, what in FILES:
        source, target = Path(getattr(demo, attr)), out / name
        if target.exists() and not filecmp.cmp(source, target, shallow=False):
            raise WijkbeeldError(f"{target} bestaat al en is geen voorbeeldbestand; kies een andere map.")
        shutil.copyfile(source, target)
        rows.append({"name": name, "path": str(target), "what": what})
    (out / "bronnen.txt").write_text(demo.ATTRIBUTION + "\n", encoding="utf-8")
    return rows
