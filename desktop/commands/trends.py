"""``wijkbeeld trends``: monthly series per area with last year's months, flags and a trend test.

``wijkbeeld trends --counts FILE | --incidents FILE [--areas FILE] [--area CODE]
[--category C] [--level buurt] [--start 2014-01] [--end 2016-12] [--spread poisson]
[--compare 2015-01:2015-12 2016-01:2016-12] --json`` prints ``series`` (code,
category, month, count, prev_year, expected, lower, upper, flag, dispersion),
``tests`` (per area: tau, p, p_fdr, slope, direction, dispersion), ``sentences``
and, with ``--compare``, ``comparison`` (per area: before, after, change, p,
sentence).
"""
from __future__ import annotations

import argparse

from desktop.commands import add_boundary_columns


def add_parser(sub) -> None:
    from hotspots.change.trends import METHOD

    p = sub.add_parser("trends", help="maandreeksen per gebied met vorig jaar, signalen en trendtoets",
                       description=METHOD.help)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--counts", metavar="BESTAND", help="politietellingen per gebied per maand (47022NED)")
    src.add_argument("--incidents", metavar="BESTAND", help="incidenten (CSV of XLSX met tijden)")
    p.add_argument("--areas", default=None, metavar="BESTAND",
                   help="gebiedsgrenzen: incidenten per gebied, of namen in tellingen koppelen")
    p.add_argument("--gemeente", default=None, help="alleen de gebieden van deze gemeente (code of naam)")
    add_boundary_columns(p)
    METHOD.add_arguments(p)
    p.add_argument("--compare", nargs=2, metavar=("A", "B"), default=None,
                   help="vergelijk twee perioden, elk als JJJJ-MM:JJJJ-MM (bijv. 2015-01:2015-12 2016-01:2016-12)")
    p.add_argument("--json", action="store_true", help="uitvoer als JSON")
    p.set_defaults(func=run)


def _span(text: str) -> tuple[str, str]:
    from kernel.errors import AnalysisError

    parts = text.split(":")
    if len(parts) != 2:
        raise AnalysisError(f"--compare: '{text}' is geen periode; schrijf JJJJ-MM:JJJJ-MM.")
    return parts[0].strip(), parts[1].strip()


def run(args: argparse.Namespace) -> int:
    from desktop.commands import emit_json
    from desktop.commands._load import load_incidents, read_areas
    from hotspots.change.compare import compare_periods
    from hotspots.change.trends import METHOD, run_trends
    from importers import read_counts

    params = METHOD.from_args(args)
    areas = read_areas(args)  # first: a label counts file is joined to them by name
    info = {}
    if args.counts:
        counts, _ = read_counts(args.counts, areas=areas, gemeente=args.gemeente)
        data = {"counts": counts}
    else:
        incidents, areas, info = load_incidents(args, areas=areas)
        data = {"incidents": incidents}
    result = run_trends(**data, params=params, areas=areas if "incidents" in data else None)
    out = result.to_dict()
    out["input"] = info
    if args.compare:
        names = dict(zip(areas["code"], areas["name"])) if areas is not None and "name" in areas.columns else None
        cmp = compare_periods(**data, before=_span(args.compare[0]), after=_span(args.compare[1]),
                              area=params["area"], category=params["category"], level=params["level"],
                              alpha=params["alpha"], names=names)
        out["comparison"] = cmp.to_dict()
    if args.json:
        emit_json(out)
        return 0
    for line in result.sentences:
        print(line)
    for line in out.get("comparison", {}).get("table", []):
        print(line["sentence"])
    for note in result.notes:
        print(f"({note})")
    for warning in result.warnings:
        print(f"Let op: {warning}")
    return 0
