"""``wijkbeeld`` / ``wijkbeeld gui [PROJECT]`` / ``wijkbeeld demo``: open the desktop app.

``wijkbeeld demo`` opens the app on the bundled demo data (bicycle theft in
Groningen). Where there is no screen (a server, a CI machine) or with
``--no-gui`` it runs the same default analyses without one and writes the map,
the tables and the summary into a folder, like ``wijkbeeld analyse``.
"""
from __future__ import annotations

import argparse
import os
import sys

from desktop.commands.inputs import add_inputs


def add_parser(sub) -> None:
    p = sub.add_parser("gui", help="open de desktop-app (ook zonder opdracht)")
    p.add_argument("project", nargs="?", metavar="BESTAND",
                   help="een Wijkbeeld-project (.gpkg) of databestand om te openen")
    p.set_defaults(func=run)
    d = sub.add_parser("demo", help="open de desktop-app met het demoproject (fietsendiefstal Groningen)",
                       description="Opent de app op de demodata. Zonder beeldscherm (of met --no-gui) draait "
                                   "de standaardanalyse zonder scherm en komen kaart, tabellen en samenvatting "
                                   "in de uitvoermap.")
    d.add_argument("--no-gui", action="store_true", help="niet de app openen maar de analyse zonder scherm draaien")
    d.add_argument("--out", default="wijkbeeld-demo", metavar="MAP",
                   help="uitvoermap zonder scherm (standaard: wijkbeeld-demo)")
    add_inputs(d, "json")  # the summary, without a screen
    d.set_defaults(func=run_demo, project=None)


def has_screen() -> bool:
    """False on Linux without X11/Wayland, unless Qt is told to draw offscreen anyway."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM"))


def run(args: argparse.Namespace) -> int:
    from desktop.app import run_app

    return run_app(project=getattr(args, "project", None))


def run_demo(args: argparse.Namespace) -> int:
    if args.no_gui or not has_screen():
        return run_demo_headless(args.out, as_json=args.json, said_why=not args.no_gui)
    from desktop.app import run_app

    return run_app(demo=True)


def run_demo_headless(out: str, as_json: bool = False, said_why: bool = False) -> int:
    from desktop.commands.analyse import report
    from desktop.tasks import load_demo
    from mapping.outputs import run_analyse
    from resources import demo

    if said_why:
        print("Geen beeldscherm gevonden: de demo-analyse draait zonder scherm.", file=sys.stderr)
    project = load_demo()  # the demo as the window opens it (one loader)
    summary = run_analyse(project.areas, incidents=project.incidents, out_dir=out, boundaries=project.outlines,
                          suppress_below=5, title="Demo fietsendiefstal Groningen", source=demo.ATTRIBUTION)
    report(summary, out, as_json)
    return 0
