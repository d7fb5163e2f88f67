"""``wijkbeeld inzet``: a weekly BOA deployment plan from hot spots x hot times, without a screen.

``wijkbeeld inzet --areas buurten.gpkg --incidents meldingen.csv --shifts 10 --shift-hours 4
[--hours 07-23] [--exclude CODE ...] [--weeks-history 104] [--evaluate-from 2017-01-01] --json``
prints the plan (shifts with day, start, end, area, expected, reason), ``coverage``,
``coverage_uniform`` and, with ``--evaluate-from``, ``hit_rate`` and ``pai``.
``--xlsx`` and ``--html`` write the rooster for the coordinator (no personal data).
"""
from __future__ import annotations

import argparse


def add_parser(sub) -> None:
    from hotspots.inzet.plan import METHOD

    p = sub.add_parser("inzet", help="maak een weekrooster voor BOA-inzet op hot spots en hot times",
                       description=METHOD.help)
    p.add_argument("--areas", required=True, metavar="BESTAND", help="gebiedsgrenzen (bijv. CBS-buurten)")
    p.add_argument("--incidents", required=True, metavar="BESTAND", help="incidenten (CSV of XLSX met x, y, tijd)")
    p.add_argument("--gemeente", default=None, help="alleen de gebieden van deze gemeente (code of naam)")
    p.add_argument("--category-column", dest="category_column", metavar="KOLOM",
                   help="kolom met de categorie van de incidenten ('geen': zonder categorie; standaard herkend)")
    METHOD.add_arguments(p, skip=("exclude", "only"))
    p.add_argument("--exclude", nargs="+", default=None, metavar="CODE", help="gebieden waar niet wordt ingezet")
    p.add_argument("--only-areas", dest="only", nargs="+", default=None, metavar="CODE",
                   help="alleen in deze gebieden inzetten")
    p.add_argument("--history-from", default=None, metavar="DATUM",
                   help="begin van de historie (overschrijft --weeks-history)")
    p.add_argument("--evaluate-from", default=None, metavar="DATUM",
                   help="leer van de weken hiervoor en toets trefkans en PAI vanaf deze datum")
    p.add_argument("--evaluate-to", default=None, metavar="DATUM", help="einde van de toetsperiode (exclusief)")
    p.add_argument("--xlsx", default=None, metavar="BESTAND", help="schrijf het rooster als Excel-bestand")
    p.add_argument("--html", default=None, metavar="BESTAND", help="schrijf het rooster als printbare HTML")
    p.add_argument("--json", action="store_true", help="uitvoer als JSON")
    p.set_defaults(func=run)


def _date(text, flag):
    import pandas as pd

    from kernel.errors import AnalysisError

    if text is None:
        return None
    try:
        return pd.Timestamp(text)
    except (ValueError, TypeError):
        raise AnalysisError(f"{flag}: '{text}' is geen datum; schrijf bijvoorbeeld 2017-01-01.") from None


def run(args: argparse.Namespace) -> int:
    from desktop.commands import emit_json
    from hotspots.inzet import plan as inzet
    from hotspots.inzet import text as inzet_text
    from importers import read_boundaries, read_incidents

    params = inzet.METHOD.from_args(argparse.Namespace(
        **{**vars(args), "exclude": ",".join(args.exclude) if args.exclude else None,
           "only": ",".join(args.only) if args.only else None}))
    areas, _ = read_boundaries(args.areas, gemeente=args.gemeente)
    incidents, _ = read_incidents(args.incidents, category=args.category_column)
    plan = inzet.run(areas, incidents, params, history_from=_date(args.history_from, "--history-from"),
                     evaluate_from=_date(args.evaluate_from, "--evaluate-from"),
                     evaluate_to=_date(args.evaluate_to, "--evaluate-to"))
    if args.xlsx or args.html:
        from mapping import inzet_export

        if args.xlsx:
            inzet_export.write_xlsx(plan, args.xlsx)
        if args.html:
            inzet_export.write_html(plan, args.html)
    if args.json:
        emit_json(plan.to_dict())
        return 0

    for line in inzet_text.report(plan):
        print(line)
    return 0
