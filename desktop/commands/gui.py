"""``wijkbeeld`` / ``wijkbeeld gui [PROJECT]`` / ``wijkbeeld demo``: open the desktop app."""
from __future__ import annotations

import argparse


def add_parser(sub) -> None:
    p = sub.add_parser("gui", help="open de desktop-app (ook zonder opdracht)")
    p.add_argument("project", nargs="?", help="een Wijkbeeld-project (.gpkg) of databestand om te openen")
    p.set_defaults(func=run)
    d = sub.add_parser("demo", help="open de desktop-app met het demoproject (fietsendiefstal Groningen)")
    d.set_defaults(func=run_demo, project=None)


def run(args: argparse.Namespace) -> int:
    from desktop.app import run_app

    return run_app(project=getattr(args, "project", None))


def run_demo(args: argparse.Namespace) -> int:
    from desktop.app import run_app

    return run_app(demo=True)
