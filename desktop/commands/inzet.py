"""``wijkbeeld inzet``: a weekly BOA deployment plan from hot spots x hot times, without a screen.

``wijkbeeld inzet --areas buurten.gpkg --incidents meldingen.csv --shifts 10 --shift-hours 4
[--hours 07-23] [--exclude CODE ...] [--weeks-history 104] [--evaluate-from 2017-01-01] --json``
prints the plan (shifts with day, start, end, area, expected, reason), ``coverage``,
``coverage_uniform`` and, with ``--evaluate-from``, ``hit_rate`` and ``pai``.
``--xlsx`` and ``--html`` write the rooster for the coordinator (no personal data); ``--suppress-below N`` protects
them, the printed text and the JSON as every export (small counts, the history, the period planned and the
Terugblik's period in months where they hold few incidents; :func:`mapping.inzet_export.published`).
"""
from __future__ import annotations

import argparse


def add_parser(sub) -> None:
    from desktop.commands.inputs import PROJECT_INPUTS, add_inputs, add_privacy
    from hotspots.inzet.methods import INZET

    p = sub.add_parser("inzet", help="maak een weekrooster voor BOA-inzet op hot spots en hot times",
                       description=INZET.help)
    add_inputs(p, "areas", "incidents", "gemeente", "json", *PROJECT_INPUTS, required=("areas", "incidents"))
    INZET.add_arguments(p)
    p.add_argument("--history-from", default=None, metavar="DATUM",
                   help="begin van de historie (overschrijft --weeks-history)")
    p.add_argument("--evaluate-from", default=None, metavar="DATUM",
                   help="leer van de weken hiervoor en toets vanaf deze datum welk deel van de incidenten in de "
                        "diensten viel")
    p.add_argument("--evaluate-to", default=None, metavar="DATUM", help="einde van de toetsperiode (exclusief)")
    p.add_argument("--xlsx", default=None, metavar="BESTAND", help="schrijf het rooster als Excel-bestand")
    p.add_argument("--html", default=None, metavar="BESTAND", help="schrijf het rooster als printbare HTML")
    add_privacy(p)  # of --xlsx, --html and the printed text
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
    from desktop.commands.inputs import read_inputs
    from hotspots.inzet import plan as inzet
    from hotspots.inzet import text as inzet_text

    params = inzet.METHOD.from_args(args)
    history_from = _date(args.history_from, "--history-from")
    evaluate_from = _date(args.evaluate_from, "--evaluate-from")
    evaluate_to = _date(args.evaluate_to, "--evaluate-to")
    inputs = read_inputs(args, areas_first=True)
    if inputs.incidents is None:  # a counts source of a project
        from kernel.errors import AnalysisError

        raise AnalysisError("De Inzetplanner vraagt om incidenten met plaats en tijd, geen tellingen per maand. "
                            "Kies een bron met incidenten (--source).")
    plan = inzet.run(inputs.areas, inputs.incidents, params, history_from=history_from,
                     evaluate_from=evaluate_from, evaluate_to=evaluate_to)
    from mapping.disclosure import PrivacyRules
    from mapping.meta import ReportMeta

    meta = ReportMeta.of(PrivacyRules(suppress_below=args.suppress_below, secondary=args.secondary),
                         default_title=None)
    if args.xlsx or args.html:
        from mapping import inzet_export

        if args.xlsx:
            inzet_export.write_xlsx(plan, args.xlsx, meta)
        if args.html:
            inzet_export.write_html(plan, args.html, meta=meta.with_(title=inzet_export.HTML_TITLE))
    if args.json:  # under the rules of --xlsx and --html (mapping.inzet_export.published)
        from mapping.inzet_export import published

        emit_json(published(plan, meta))
        return 0

    for line in inzet_text.report(plan, args.suppress_below):
        print(meta.sentence(line))
    return 0
