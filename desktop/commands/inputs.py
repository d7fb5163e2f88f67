"""The inputs the commands share, declared once: ``--areas``, ``--incidents``, ``--counts``, ``--gemeente``,
``--json``, the period ``--from/--to``, ``--category`` and ``--level``, each with one help text.

A command adds the ones it takes with :func:`add_inputs` (which are required, which exclude each
other) and builds :class:`hotspots.inputs.Inputs` from the parsed flags with :func:`read_inputs`.
Where an analysis declares the same name as a parameter (``category``, ``level``, ``start``/``end``
of the trends), the command skips it in :meth:`hotspots.params.Method.add_arguments`; the declaration
still reads the value (same ``dest``). Nothing here imports pandas: ``wijkbeeld --help`` stays fast.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Flag:
    """One shared command-line input (``flags``: its spellings, the first is the name shown)."""

    flags: tuple
    help: str
    dest: str
    metavar: str | None = None
    kw: dict = field(default_factory=dict)


#: Every shared input by name; ``period`` is two flags.
INPUTS: dict[str, tuple[Flag, ...]] = {
    "areas": (Flag(("--areas",), "gebiedsgrenzen: CBS wijk- en buurtkaart, GeoPackage, shapefile (.zip) of GeoJSON",
                   "areas", "BESTAND"),),
    "incidents": (Flag(("--incidents",), "incidenten: CSV of Excel met x, y (of adres/gebied) en datum/tijd",
                       "incidents", "BESTAND"),),
    "counts": (Flag(("--counts",), "tellingen per gebied per maand (politie 47022NED/47018NED of eigen tabel)",
                    "counts", "BESTAND"),),
    "gemeente": (Flag(("--gemeente",), "alleen de gebieden van deze gemeente: code (GM0014, 0014 of 14) of naam",
                      "gemeente", "GEMEENTE"),),
    "json": (Flag(("--json",), "uitvoer als JSON op stdout", "json", None, {"action": "store_true"}),),
    "period": (Flag(("--from", "--start"), "eerste maand van de periode (JJJJ-MM)", "start", "JJJJ-MM"),
               Flag(("--to", "--end"), "laatste maand van de periode (JJJJ-MM, inclusief)", "end", "JJJJ-MM")),
    "category": (Flag(("--category",), "alleen deze categorie (hoofdletters en spaties tellen niet)", "category",
                      "CATEGORIE"),),
    "level": (Flag(("--level",), "gebiedsniveau: buurt, wijk of gemeente", "level", "NIVEAU"),),
}
#: The names :meth:`~hotspots.params.Method.add_arguments` must skip because a shared input declares them.
SHARED_DESTS = frozenset(f.dest for flags in INPUTS.values() for f in flags)


def add_inputs(parser: argparse.ArgumentParser, *names: str, required=(), one_of=(), one_required: bool = False,
               choices: dict | None = None, defaults: dict | None = None):
    """Add the shared inputs ``names`` to ``parser``.

    ``required``: names that must be given; ``one_of``: names that exclude each other (a group,
    required when ``one_required``); ``choices``/``defaults``: per name, where a command limits
    or presets the values (``--level`` of ``analyse`` is buurt or wijk). Returns the group of
    ``one_of`` (a command may add its own alternative to it), or None.
    """
    choices, defaults = choices or {}, defaults or {}
    group = parser.add_mutually_exclusive_group(required=one_required) if one_of else None
    for name in names:
        for flag in INPUTS[name]:
            target = group if name in one_of else parser
            kw = dict(flag.kw)
            if "action" not in kw:
                kw.update(metavar=flag.metavar, default=defaults.get(name))
                if name in choices:
                    kw.update(choices=choices[name], metavar=None)
            if name in required:
                kw["required"] = True
            target.add_argument(*flag.flags, dest=flag.dest, help=flag.help, **kw)
    return group


def read_areas(args: argparse.Namespace, *, level: str | None = None):
    """The areas of ``--areas`` (within ``--gemeente``, at ``level``: dissolved where the file holds a finer
    one, :func:`hotspots.levels.areas_at`), or None without ``--areas``."""
    from hotspots.levels import areas_at
    from importers import read_boundaries

    if not getattr(args, "areas", None):
        return None
    areas = read_boundaries(args.areas, gemeente=getattr(args, "gemeente", None), level=level)[0]
    return areas_at(areas, level)[0] if level else areas


def read_inputs(args: argparse.Namespace, *, areas=None, level: str | None = None, need_areas: bool = False,
                areas_first: bool = False):
    """:class:`hotspots.inputs.Inputs` from the parsed shared flags: the areas, and the incidents or counts.

    ``areas``: already read; else read from ``--areas`` after the incidents (so a bad incident file is
    named first) or, with ``areas_first``, before them (a counts file with names only is joined to the
    areas). ``need_areas`` (``--area`` given) without areas is an :class:`~kernel.errors.AnalysisError`.
    """
    import importers
    from hotspots.inputs import Inputs, Selection
    from kernel.errors import AnalysisError

    if areas is None and areas_first:
        areas = read_areas(args, level=level)
    incidents = counts = None
    if getattr(args, "incidents", None):
        incidents, _ = importers.read_incidents(args.incidents)
    elif getattr(args, "counts", None):
        if areas is None:
            areas = read_areas(args, level=level)
        counts, _ = importers.read_counts(args.counts, areas=areas, gemeente=getattr(args, "gemeente", None))
    if areas is None:
        areas = read_areas(args, level=level)
    if need_areas and areas is None:
        raise AnalysisError("--area vraagt om gebiedsgrenzen: geef ook --areas BESTAND.")
    start, end = getattr(args, "start", None), getattr(args, "end", None)
    selection = Selection(label=getattr(args, "category", None), category=getattr(args, "category", None),
                          period=(start, end) if start or end else None, level=level or getattr(args, "level", None),
                          gemeente=getattr(args, "gemeente", None))
    return Inputs(areas=areas, incidents=incidents, counts=counts, selection=selection)
