"""Subcommands of ``wijkbeeld``, one module each.

A command module defines ``add_parser(subparsers)``, which adds its parser and
sets ``func=run``, and ``run(args) -> int``. Heavy imports (geopandas, Qt)
happen inside ``run`` so that ``wijkbeeld --help`` stays fast and the
non-GUI commands never load Qt.
"""
from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any, Iterator

#: Order in ``wijkbeeld --help``.
COMMAND_MODULES = ["gui", "voorbeeld", "inspect", "hotspots", "hottimes", "trends", "analyse", "rapport", "inzet",
                   "emerging", "nearrepeat", "stabiel"]


def iter_commands() -> Iterator[ModuleType]:
    for name in COMMAND_MODULES:
        yield importlib.import_module(f"{__name__}.{name}")


def emit_json(obj: Any) -> None:
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
