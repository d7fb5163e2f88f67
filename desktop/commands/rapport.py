"""``wijkbeeld rapport``: the report for the driehoek as PDF or Word, without a screen.

    wijkbeeld rapport --areas FILE (--incidents FILE | --counts FILE) [--category C] [--from JJJJ-MM --to JJJJ-MM
                      | --period last-month|last-quarter] [--compare-with previous-year|previous-period]
                      [--gemeente G] [--wijken FILE] [--suppress-below N] --out rapport.pdf|rapport.docx

``--period last-month`` picks the last complete month of the data, so a monthly Windows task or cron job
needs no edit. Prints the path (exit 0) or one Dutch line (exit 2). The work is
:func:`mapping.report.make.run_report`.
"""
from __future__ import annotations

import argparse

from desktop.commands.inputs import add_inputs, add_privacy


def add_parser(sub) -> None:
    p = sub.add_parser("rapport", help="rapport voor de driehoek (PDF of Word): hot spots, hot times, trends",
                       description="Schrijft een rapport als gebiedsscan: de vijf dingen om te weten, waar, wanneer, "
                                   "ontwikkeling, vergelijking van perioden, methode en bronnen.")
    add_inputs(p, "areas", "incidents", "counts", "gemeente", "period", "category", "json", required=("areas",),
               one_of=("incidents", "counts"), one_required=True)
    p.add_argument("--period", dest="last", choices=("last-month", "last-quarter"), default=None,
                   help="de laatste volledige maand of het laatste volledige kwartaal van de gegevens "
                        "(voor een maandelijkse taak; in plaats van --from/--to)")
    p.add_argument("--compare-with", choices=("previous-year", "previous-period"), default="previous-year",
                   help="vergelijk met dezelfde periode een jaar eerder (standaard) of met de periode ervoor")
    p.add_argument("--wijken", metavar="BESTAND", help="wijkgrenzen met namen voor de kaart en de wijktabel")
    add_privacy(p)
    p.add_argument("--title", default=None, metavar="TEKST", help="titel van het rapport")
    p.add_argument("--bronvermelding", dest="source", default=None, metavar="TEKST",
                   help="bronvermelding (zoals bij analyse)")
    p.add_argument("--out", required=True, metavar="BESTAND", help="rapport.pdf of rapport.docx")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands.inputs import input_files, read_areas, read_inputs
    from kernel.errors import AnalysisError
    from mapping.report.make import run_report

    if args.last and (args.start or args.end):
        raise AnalysisError("Geef --period óf --from/--to, niet allebei.")
    inputs = read_inputs(args, areas_first=True)
    wijken = read_areas(argparse.Namespace(areas=args.wijken, gemeente=args.gemeente), level="wijk")
    result = run_report(inputs.areas, incidents=inputs.incidents, counts=inputs.counts, out=args.out,
                        gemeente=args.gemeente, category=args.category, start=args.start, end=args.end,
                        period=args.last, compare_with=args.compare_with, suppress_below=args.suppress_below,
                        secondary=args.secondary, boundaries=wijken, title=args.title, source=args.source,
                        sources=_sources(args), input_files=input_files(args))
    if args.json:
        from desktop.commands import emit_json

        emit_json(result)
    else:
        print(result["path"])
    return 0


def _sources(args) -> list[dict]:
    """The sources section: each input file with its date, and the demo's licences where it is the demo."""
    from datetime import datetime
    from pathlib import Path

    from resources import demo

    out = []
    for label, value in (("Gebiedsgrenzen", args.areas), ("Incidenten", args.incidents), ("Tellingen", args.counts),
                         ("Wijkgrenzen", args.wijken)):
        if not value:
            continue
        path = Path(value)
        licence = ""
        if path.resolve() == demo.AREAS.resolve():
            licence = "CBS Wijk- en buurtkaart 2017, CC BY 3.0 NL"
        elif path.resolve() in (demo.INCIDENTS.resolve(), demo.COUNTS.resolve()):
            licence = "politie Groningen, via KennisnetwerkDataScience/Fietsendiefstallen"
        date = datetime.fromtimestamp(path.stat().st_mtime).strftime("%d-%m-%Y") if path.exists() else ""
        out.append({"naam": f"{label}: {path.name}", "datum": f"bestand van {date}" if date else "",
                    "licentie": licence or (args.source or "eigen registratie")})
    return out
