"""A message names only options of the command that prints it.

The importers and analyses advise an option in their messages (``geef het stelsel op met --crs``), written for
the command where it exists. The commands that read incident files take the options of ``inspect`` that those
messages name (:data:`desktop.commands.inputs.INPUTS`, ``reading``); what a command still lacks (``--counts`` in
``hottimes``, ``--layer`` of a reference file) is said as the command that has it:
``--counts van wijkbeeld hotspots, trends, ...``. An option typed to a command that does not take it, where another
command does, gets one line that says why and what works instead (:func:`unknown_options`; ``wijkbeeld hottimes
--counts`` said only "onbekende opties"). Nothing here imports pandas.
"""
from __future__ import annotations

import argparse
import re

OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*[a-z](?![\w-])")


def accepted(parser: argparse.ArgumentParser, command: str | None) -> frozenset:
    """The option strings of ``command``'s parser and of ``parser`` itself (``wijkbeeld --debug``)."""
    sub = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
    chosen = sub.choices.get(command) if sub is not None and command else None
    return frozenset(parser._option_string_actions) | frozenset(getattr(chosen, "_option_string_actions", ()))


def _owners(option: str) -> list[str]:
    """The commands whose parser takes ``option`` (every parser built: only when a message needs it)."""
    from desktop.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return [name for name, p in sub.choices.items() if option in p._option_string_actions and name not in ("gui",
                                                                                                         "demo")]


def own_options(text: str, options: frozenset | None) -> str:
    """``text`` with each option the command lacks said as the commands that have it (``options``: the command's;
    None leaves the text as it is)."""
    if not options or "--" not in text:
        return text

    def fit(match: re.Match) -> str:
        option = match.group(0)
        if option in options:
            return option
        owners = _owners(option)
        return f"{option} van wijkbeeld {', '.join(owners[:4])}" if owners else option

    return OPTION.sub(fit, text)


# -- an option the command does not take, that another does (argparse's 'unrecognized arguments') ------------
#: Why these commands take no police counts (``--counts``): they need incidents with a place and a time.
NEEDS_INCIDENTS = {
    "hottimes": "hot times vragen om incidenten met een tijdstip, en politietellingen per maand hebben geen tijd "
                "van de dag",
    "inzet": "de Inzetplanner vraagt om incidenten met plaats en tijdstip, en politietellingen per maand hebben geen "
             "tijd van de dag",
    "nearrepeat": "bijna-herhaling vraagt om incidenten met plaats en datum, en politietellingen per maand hebben "
                  "alleen een buurt en een maand",
    "stabiel": "stabiele hot spots worden ook in vierkanten en zeshoeken gezocht, en daarvoor zijn incidenten met "
               "een plaats nodig; politietellingen hebben alleen een buurt",
}
#: What a command writes itself, for ``--out`` given to a command without it.
OWN_OUTPUT = {"inzet": "het rooster schrijft wijkbeeld inzet met --xlsx BESTAND of --html BESTAND",
              "nearrepeat": "de reeksen op een kaart schrijft wijkbeeld nearrepeat met --kaart BESTAND"}
#: What works instead, per command and option, where the idea exists under another name.
INSTEAD = {
    ("inzet", "--from"): "de historie kiest u met --history-from of --weeks-history, de terugblik met "
                         "--evaluate-from en --evaluate-to",
}
INSTEAD[("inzet", "--to")] = INSTEAD[("inzet", "--from")]
INSTEAD[("inzet", "--end")] = INSTEAD[("inzet", "--start")] = INSTEAD[("inzet", "--to")]
for _option in ("--incidents", "--counts"):
    INSTEAD[("inspect", _option)] = ("wijkbeeld inspect neemt het bestand zelf, zonder optie (wijkbeeld inspect "
                                     "BESTAND); is de soort niet goed herkend, geef dan --kind incidenten, "
                                     "--kind tellingen of --kind grenzen")


def _all_options() -> dict[str, list[str]]:
    """Every option of every command (but ``gui``/``demo``), with the commands that take it."""
    from desktop.cli import build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    out: dict[str, list[str]] = {}
    for name, p in sub.choices.items():
        if name not in ("gui", "demo"):
            for option in p._option_string_actions:
                out.setdefault(option, []).append(name)
    return out


def _names(commands) -> str:
    """``"wijkbeeld analyse, rapport en inzet"``."""
    commands = list(commands)
    return "wijkbeeld " + (", ".join(commands[:-1]) + " en " + commands[-1] if len(commands) > 1 else commands[0])


def unknown_options(command: str | None, extras, options: frozenset | None = None) -> str | None:
    """One Dutch line for the first option in ``extras`` (what ``command``'s parser did not take) that another
    command takes: why this command does not, where that is a likely mistake (police counts where a time of day is
    needed, the privacy rule of the outputs to share, an output folder, a project), and what works instead; else
    which commands take it (and ``command``'s own option of nearly the same name). None when no command knows any
    of them: argparse's own message then (a typing mistake). ``options``: ``command``'s own options.

    >>> print(unknown_options("hottimes", ["--counts", "tellingen.csv"]))  # doctest: +ELLIPSIS
    hottimes werkt niet met tellingen (--counts): hot times vragen om incidenten met een tijdstip, ...
    >>> unknown_options("hotspots", ["--onbekend", "3"]) is None
    True
    """
    import difflib

    if not command:
        return None
    owners_of = _all_options()
    own = set(options or ()) or {o for o, names in owners_of.items() if command in names}
    for option in (str(e).split("=", 1)[0] for e in extras if str(e).startswith("--")):
        owners = [name for name in owners_of.get(option, []) if name != command]
        if not owners:
            continue
        if option == "--counts" and command in NEEDS_INCIDENTS:
            others = [name for name in owners if name != "trends"]
            return (f"{command} werkt niet met tellingen (--counts): {NEEDS_INCIDENTS[command]}. Geef "
                    f"incidenten met --incidents; met tellingen werkt wijkbeeld trends --counts (ook {_names(others)}"
                    f" nemen --counts).").replace("(ook wijkbeeld ", "(ook ")
        if option in ("--suppress-below", "--secondary"):
            return (f"{command} schermt geen kleine aantallen af ({option}): het toont de hele uitkomst, "
                    f"voor eigen gebruik. Uitvoer om te delen, met kleine aantallen afgeschermd, maken "
                    f"{_names(owners)}.")
        if option == "--out":
            own_output = f"; {OWN_OUTPUT[command]}" if command in OWN_OUTPUT else ""
            return (f"{command} schrijft geen uitvoermap (--out): de uitkomst staat op het scherm, met "
                    f"--json als JSON{own_output}. Kaart, werkmap en samenvatting in een map geeft wijkbeeld analyse "
                    "--out MAP, het rapport wijkbeeld rapport --out rapport.pdf.")
        if option in ("--project", "--source", "--theme", "--combine"):
            data = " of ".join(o for o in ("--incidents", "--counts") if o in own)
            files = " met ".join(filter(None, ["--areas" if "--areas" in own else "", data]))
            return (f"{command} leest geen project ({option}): geef de bestanden op, {files}. Een "
                    f"project lezen {_names(owners)}.")
        if (command, option) in INSTEAD:
            return f"{command} kent {option} niet: {INSTEAD[(command, option)]}."
        near = difflib.get_close_matches(option, sorted(own), n=1, cutoff=0.75)
        return (f"{command} kent {option} niet; die optie hoort bij {_names(owners)}."
                + (f" Bedoelt u {near[0]}?" if near else f" Wat wel kan: wijkbeeld {command} --help."))
    return None
