"""``wijkbeeld rapport``: the report for the driehoek as PDF or Word, without a screen.

    wijkbeeld rapport --areas FILE (--incidents FILE | --counts FILE) [--category C] [--from JJJJ-MM --to JJJJ-MM
                      | --period last-month|last-quarter] [--compare-with previous-year|previous-period]
                      [--gemeente G] [--wijken FILE] [--suppress-below N] [--referentie MAP|geen]
                      [--ruimte-tijd alles|opkomend|bijna-herhaling|stabiel|geen]
                      --out rapport.pdf|rapport.docx

``--period last-month`` picks the last complete month of the data, so a monthly Windows task or cron job
needs no edit. With a reference set (``--referentie MAP``, else the one in the user's reference folder
when there is one; ``--referentie geen`` leaves it out) the report compares the gemeente with others and
says what residents say. Prints the path (exit 0) or one Dutch line (exit 2). The work is
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
    p.add_argument("--referentie", metavar="MAP", default=None,
                   help="de referentieset (map of .sqlite-bestand, zie wijkbeeld vergelijk): dan vergelijkt het "
                        "rapport met andere gemeenten en zegt het wat inwoners zeggen; standaard de referentieset in "
                        "de eigen map van Wijkbeeld als die er is; 'geen': zonder")
    p.add_argument("--ruimte-tijd", dest="spacetime", choices=tuple(SPACETIME), default="alles",
                   help="de hoofdstukken Opkomende hot spots, Bijna-herhaling en Stabiele hot spots (standaard alle "
                        "drie, waar de gegevens het toelaten: minstens 10 maanden; incidenten met plaats en datum)")
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
    reference = _reference(args.referentie)
    result = run_report(inputs.areas, incidents=inputs.incidents, counts=inputs.counts, out=args.out,
                        gemeente=args.gemeente, category=args.category, start=args.start, end=args.end,
                        period=args.last, compare_with=args.compare_with, suppress_below=args.suppress_below,
                        secondary=args.secondary, boundaries=wijken, title=args.title, source=args.source,
                        sources=_sources(args, reference), input_files=input_files(args), reference=reference,
                        spacetime=SPACETIME[args.spacetime])
    if args.json:
        from desktop.commands import emit_json

        emit_json(result)
    else:
        print(result["path"])
    return 0


#: ``--ruimte-tijd``: which space-time sections (mapping.report.spacetime.PARTS).
SPACETIME = {"alles": ("emerging", "nearrepeat", "stable"), "opkomend": ("emerging",),
             "bijna-herhaling": ("nearrepeat",), "stabiel": ("stable",), "geen": ()}


def _reference(value):
    """The reference set of ``--referentie`` (a folder or file; 'geen': none), else the user's when there is one."""
    from importers import referenceset

    if value is not None and str(value).strip().lower() == "geen":
        return None
    path = referenceset.locate(value)
    if value is None and not path.is_file():
        return None
    return referenceset.load(path)


def _sources(args, reference=None) -> list[dict]:
    """The sources section: each input file with its date, and the demo's licences where it is the demo
    (:func:`desktop.report_sources.source_entry`, as the window's report)."""
    from desktop.report_sources import source_entry

    out = []
    for label, value in (("Gebiedsgrenzen", args.areas), ("Incidenten", args.incidents), ("Tellingen", args.counts),
                         ("Wijkgrenzen", args.wijken)):
        if not value:
            continue
        out.append(source_entry(label, value, licence=args.source or ""))
    if reference is not None:
        from resources.demo import referentie

        import hashlib

        demo_hashes = {hashlib.sha256(p.read_bytes()).hexdigest() for p in referentie.FILES}  # copies too
        hashes = [s.get("sha256") for s in reference.sources]
        generated = bool(hashes) and set(hashes) <= demo_hashes
        out.append({"naam": reference.describe(), "datum": f"ingelezen op {reference.made_text()}",
                    "licentie": referentie.ATTRIBUTION if generated else "CBS en politie, open data (CC BY 4.0)"})
    return out
