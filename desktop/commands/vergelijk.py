"""``wijkbeeld vergelijk``: how does a gemeente compare with others, its wijken with its average, and what do residents say.

    wijkbeeld vergelijk [--politie BESTAND] [--kerncijfers BESTAND ...] [--vm BESTAND ...] [--referentie MAP]
                        [--gemeente G] [--areas BESTAND [--wijken BESTAND] (--counts BESTAND | --incidents BESTAND)]
                        [--categories C ...] [--groups ...] [--region R] [--years JJJJ:JJJJ] [--json]

The files of all gemeenten (police figures, CBS kerncijfers, Veiligheidsmonitor tables) are read once
through the readers (:func:`hotspots.benchmark.reference.build_reference`) into the reference set, kept in
the user's reference folder (or at ``--referentie``) with its date; later runs use it without the files.
With ``--gemeente`` the comparison runs (:data:`hotspots.benchmark.methods.VERGELIJK`, bound to
:func:`hotspots.benchmark.run.run`); with the project's own areas and figures also per wijk. Prints the
sentences (exit 0) or one Dutch line (exit 2).
"""
from __future__ import annotations

import argparse


def add_parser(sub) -> None:
    from desktop.commands.inputs import SHARED_DESTS, add_inputs
    from hotspots.benchmark.methods import VERGELIJK

    p = sub.add_parser("vergelijk", help="vergelijken met andere gemeenten, de wijken met de gemeente, en wat "
                                         "inwoners zeggen (Veiligheidsmonitor)", description=VERGELIJK.help)
    add_inputs(p, "gemeente", "areas", "incidents", "counts", "category", "json", one_of=("incidents", "counts"))
    ref = p.add_argument_group("Referentieset (cijfers van alle gemeenten, één keer inlezen)")
    ref.add_argument("--politie", action="append", metavar="BESTAND", default=[],
                     help="politiecijfers van alle gemeenten (tabel 47022NED of opvolger, per jaar of maand)")
    ref.add_argument("--kerncijfers", action="append", metavar="BESTAND", default=[],
                     help="CBS-kerncijfers: de gemeentelaag van de Wijk- en buurtkaart (inwoners, stedelijkheid, "
                          "grenzen) en/of een tabel van StatLine met inwoners per jaar; mag vaker")
    ref.add_argument("--vm", action="append", metavar="BESTAND", default=[],
                     help="een tabel van de Veiligheidsmonitor (StatLine, per gemeente of per wijk); mag vaker")
    ref.add_argument("--referentie", metavar="MAP", default=None,
                     help="de map (of het .sqlite-bestand) van de referentieset (standaard de eigen map van "
                          "Wijkbeeld, voor alle projecten)")
    p.add_argument("--wijken", metavar="BESTAND", help="wijkgrenzen met namen en inwoners (als --areas buurten zijn)")
    VERGELIJK.add_arguments(p, skip=SHARED_DESTS)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import emit_json, print_result
    from desktop.commands.inputs import read_areas, read_inputs
    from hotspots.benchmark.methods import VERGELIJK
    from importers import referenceset
    from kernel.errors import AnalysisError

    params = VERGELIJK.from_args(args)
    path = referenceset.locate(args.referentie)
    wijken = read_areas(argparse.Namespace(areas=args.wijken, gemeente=args.gemeente), level="wijk") \
        if args.wijken else None
    ref, made = None, []
    if args.politie or args.kerncijfers or args.vm:
        from hotspots.benchmark.reference import build_reference

        from hotspots.benchmark.wijken import wijk_frame

        existing = referenceset.load(path) if path.is_file() else None
        areas = wijken if wijken is not None else (wijk_frame(read_areas(args)) if args.areas else None)
        ref, made = build_reference(police=args.politie, kerncijfers=args.kerncijfers, survey=args.vm,
                                    existing=existing, areas=areas)
        referenceset.save(ref, path)
        made = [f"Referentieset opgeslagen in {path}: {ref.describe()}"] + made
    elif path.is_file():
        ref = referenceset.load(path)
    if not args.gemeente and not (args.counts or args.incidents):
        if ref is None:
            raise AnalysisError("Geef --gemeente (met een referentieset) of lees eerst de referentieset in met "
                                "--politie en --kerncijfers.")
        if args.json:
            emit_json({"reference": ref.to_dict(), "messages": made})
        else:
            print("\n".join(made or [ref.describe()]))
        return 0
    inputs = read_inputs(args, areas_first=True) if (args.counts or args.incidents) else None
    if inputs is None:
        from hotspots.inputs import Inputs, Selection

        inputs = Inputs(selection=Selection(gemeente=args.gemeente))
    inputs = inputs.with_(reference=ref, outlines=wijken)
    result = VERGELIJK.run(inputs, params)
    if result.empty:
        raise AnalysisError(result.why_empty())
    if args.json:
        out = result.to_dict()
        out["messages"] = made
        emit_json(out)
        return 0
    for line in made:
        print(line)
    if result.reference:
        print(f"({result.reference})")
    print_result(result.sentences, result.notes, result.warnings)
    for part, reason in result.skipped.items():
        print(f"(Niet vergeleken: {part}: {reason}.)")
    return 0
