"""Subcommands of ``wijkbeeld``, one module each.

A command module defines ``add_parser(subparsers)``, which adds its parser and
sets ``func=run``, and ``run(args) -> int``. Heavy imports (geopandas, Qt)
happen inside ``run`` so that ``wijkbeeld --help`` stays fast and the
non-GUI commands never load Qt.
"""
from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator  # not typing: `wijkbeeld --help` would load it for this alone
from types import ModuleType

#: Every command in the order of ``wijkbeeld --help``: its module and its one-line help. ``wijkbeeld --help`` is
#: written from this table alone, and ``wijkbeeld OPDRACHT ...`` builds only that command's parser (its
#: module's ``add_parser``), so a start reads one command module instead of all of them. The help must be the
#: text the module itself gives (tests/test_cli_lazy.py compares the two).
COMMANDS: dict[str, tuple[str, str]] = {
    "gui": ("gui", "open de desktop-app (ook zonder opdracht)"),
    "demo": ("gui", "open de desktop-app met het demoproject (fietsendiefstal Groningen)"),
    "voorbeeld-bestanden": ("voorbeeld", "de voorbeeldbestanden (Groningen) tonen of in een map zetten"),
    "inspect": ("inspect", "laat zien wat Wijkbeeld van een bestand maakt (soort, kolommen, afgewezen rijen, "
                           "persoonsgegevens, aannames)"),
    "hotspots": ("hotspots", "hotspots per buurt of cel (Gi*, lokale Moran's I, warmtekaart)"),
    "hottimes": ("hottimes", "hete uren van de week (week-uurmatrix, toets, tijdblokken)"),
    "trends": ("trends", "maandreeksen per gebied met vorig jaar, signalen en trendtoets"),
    "analyse": ("analyse", "standaardanalyses (aantallen, Gi*, hot times, trends) en alle exports"),
    "rapport": ("rapport", "rapport voor de driehoek (PDF of Word): hot spots, hot times, trends"),
    "inzet": ("inzet", "maak een weekrooster voor BOA-inzet op hot spots en hot times"),
    "emerging": ("emerging", "opkomende hot spots per buurt of cel en maand (zoals ArcGIS)"),
    "nearrepeat": ("nearrepeat", "bijna-herhaling: Knox-toets over afstand en tijd, en reeksen"),
    "stabiel": ("stabiel", "stabiele hot spots: hot per buurt, in vierkanten en in zeshoeken"),
    "vergelijk": ("vergelijk", "vergelijken met andere gemeenten, de wijken met de gemeente, en wat inwoners zeggen "
                               "(Veiligheidsmonitor)"),
}
#: The command modules, in that order.
COMMAND_MODULES = list(dict.fromkeys(module for module, _ in COMMANDS.values()))


def iter_commands() -> Iterator[ModuleType]:
    for name in COMMAND_MODULES:
        yield command_module(name)


def command_module(name: str) -> ModuleType:
    """The module of :data:`COMMAND_MODULES` called ``name``."""
    return importlib.import_module(f"{__name__}.{name}")


def emit_json(obj: object) -> None:
    from kernel.jsontext import to_json

    sys.stdout.write(to_json(obj) + "\n")


def print_result(sentences, notes, warnings) -> None:
    """The plain-text output of an analysis: its sentences, its notes in brackets, its warnings."""
    for line in sentences:
        print(line)
    for note in notes:
        print(f"({note})")
    for warning in warnings:
        print(f"Let op: {warning}")
