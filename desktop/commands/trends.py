"""``wijkbeeld trends``: monthly series per area with last year's months, flags and a trend test.

``wijkbeeld trends --counts FILE | --incidents FILE [--areas FILE [--code KOLOM --name KOLOM]] [--area CODE]
[--category C] [--level buurt] [--start 2014-01] [--end 2016-12] [--spread poisson]
[--compare 2015-01:2015-12 2016-01:2016-12] --json`` prints ``series`` (code,
category, month, count, prev_year, expected, lower, upper, flag, dispersion),
``tests`` (per area: tau, p, p_fdr, slope, direction, dispersion), ``sentences``
and, with ``--compare``, ``comparison`` (per area: before, after, change, p,
sentence). The flags come from :data:`hotspots.change.methods.TRENDS` and ``COMPARE`` and the
shared inputs (``--from``/``--to`` are also ``--start``/``--end``).
"""
from __future__ import annotations

import argparse


def add_parser(sub) -> None:
    from desktop.commands.clock import add_progress
    from desktop.commands.inputs import PROJECT_INPUTS, SHARED_DESTS, add_inputs
    from hotspots.change.methods import COMPARE, TRENDS

    p = sub.add_parser("trends", help="maandreeksen per gebied met vorig jaar, signalen en trendtoets",
                       description=TRENDS.help)
    add_inputs(p, "counts", "incidents", "areas", "gemeente", "period", "category", "level", "json",
               *PROJECT_INPUTS, one_of=("counts", "incidents"), one_required=True,
               choices={"level": TRENDS.param("level").choices})
    TRENDS.add_arguments(p, skip=SHARED_DESTS)
    COMPARE.add_arguments(p, only=("periods",))
    add_progress(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import emit_json
    from desktop.commands.clock import clock_of
    from desktop.commands.inputs import read_inputs
    from hotspots.change.methods import COMPARE, TRENDS

    clock = clock_of(args)
    params = TRENDS.from_args(args)
    if clock:
        clock(0.0, "Bestanden lezen")
    inputs = read_inputs(args, areas_first=True)  # first: a label counts file is joined to them by name
    if inputs.areas is not None:  # an area by its name too ("Centrum"), or which level has it
        from hotspots.levels import area_code

        params["area"] = area_code(inputs.areas, params["area"], {"wijk": inputs.outlines})
    if clock:
        clock(0.0, "Trends")
    result = TRENDS.run(inputs, params, progress=clock)
    comparison = COMPARE.run(inputs, {**COMPARE.from_args(args), "area": params["area"]}).to_dict() \
        if args.periods else None
    if args.json:  # the series as records only here: a national run has 1.5 million of them
        out = result.to_dict()
        out["input"] = info = {}
        if inputs.incidents is not None:
            info["incidents"] = len(inputs.incidents)
            if inputs.areas is not None:
                info["outside"] = int(inputs.assignment().outside)
        if comparison is not None:
            out["comparison"] = comparison
        emit_json(out)
    else:
        for line in result.sentences:
            print(line)
        for line in (comparison or {}).get("table", []):
            print(line["sentence"])
        for note in result.notes:
            print(f"({note})")
        for warning in result.warnings:  # too little history: months without a baseline get no flag
            print(f"Let op: {warning}")
    return 0
