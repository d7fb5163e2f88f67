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
COMMAND_MODULES = ["gui", "inspect", "hotspots", "hottimes", "trends", "analyse", "inzet"]


def iter_commands() -> Iterator[ModuleType]:
    for name in COMMAND_MODULES:
        yield importlib.import_module(f"{__name__}.{name}")


def emit_json(obj: Any) -> None:
    from kernel.jsontext import to_json

    sys.stdout.write(to_json(obj) + "\n")


def add_boundary_columns(parser) -> None:
    """``--code`` and ``--name``: the columns of the boundary file that hold the area codes and names."""
    parser.add_argument("--code", metavar="KOLOM", default=None,
                        help="kolom met de gebiedscode in het grenzenbestand (anders herkend; een kolom met overal "
                             "dezelfde waarde is nooit een code)")
    parser.add_argument("--name", metavar="KOLOM", default=None, help="kolom met de gebiedsnaam in het grenzenbestand")


def boundary_columns(args) -> dict:
    """The reader options of :func:`add_boundary_columns` (only those given)."""
    return {k: v for k in ("code", "name") if (v := getattr(args, k, None)) is not None}
