"""Loading for the commands that analyse incidents per area (``hottimes``, ``trends``).

Both read the incidents and, given boundaries, assign each incident to its area
(and count those outside every area); without boundaries the importers' empty
``area`` column is dropped, so the analysis treats the file as one area.
"""
from __future__ import annotations

import argparse


def read_areas(args: argparse.Namespace):
    """The areas of ``--areas`` (within ``--gemeente``), or None without ``--areas``."""
    from desktop.commands import boundary_columns
    from importers import read_boundaries

    if not args.areas:
        return None
    return read_boundaries(args.areas, gemeente=args.gemeente, **boundary_columns(args))[0]


def load_incidents(args: argparse.Namespace, *, areas=None, need_areas: bool = False):
    """``(incidents, areas, info)`` for ``--incidents``: read through the importers, assigned to areas.

    ``areas`` are the areas when the caller read them already; else they are read from
    ``--areas`` after the incidents (so a bad incident file is named first). ``info`` has
    ``incidents`` (rows kept) and, with areas, ``outside`` (incidents outside every area).
    ``need_areas`` (``--area`` given) without areas is an :class:`~kernel.errors.AnalysisError`.
    """
    from importers import read_incidents
    from kernel.errors import AnalysisError

    incidents, _ = read_incidents(args.incidents)
    info = {"incidents": len(incidents)}
    if areas is None:
        areas = read_areas(args)
    if areas is not None:
        from hotspots.where.assign import assign_points

        assigned = assign_points(incidents, areas)
        info["outside"] = int(assigned.outside)
        return assigned.incidents, areas, info
    if need_areas:
        raise AnalysisError("--area vraagt om gebiedsgrenzen: geef ook --areas BESTAND.")
    return incidents.drop(columns=["area"], errors="ignore"), None, info
