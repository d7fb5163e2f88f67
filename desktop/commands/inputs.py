"""The inputs the commands share, declared once: ``--areas`` (with ``--code``/``--name``, its columns),
``--incidents`` (with ``--category-column``, the column that holds their category), ``--counts``, ``--gemeente``, ``--json``, the period ``--from/--to``, ``--category`` and
``--level``, each with one help text; and for a saved project ``--project``, ``--source``, ``--theme`` and
``--combine`` (a scheduled job runs on the project the officer saved: :func:`read_selection` through
:func:`hotspots.selection.select`).

A command adds the ones it takes with :func:`add_inputs` (which are required, which exclude each
other) and builds :class:`hotspots.inputs.Inputs` from the parsed flags with :func:`read_inputs`.
Where an analysis declares the same name as a parameter (``category``, ``level``, ``start``/``end``
of the trends), the command skips it in :meth:`hotspots.params.Method.add_arguments`; the declaration
still reads the value (same ``dest``). Nothing here imports pandas: ``wijkbeeld --help`` stays fast.
"""
from __future__ import annotations

import argparse
import contextlib
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
    # the columns of the boundary file, where detection would pick the wrong one (added with --areas)
    "columns": (Flag(("--code",), "kolom met de gebiedscode in het grenzenbestand (anders herkend; een kolom met "
                     "overal dezelfde waarde is nooit een code)", "code", "KOLOM"),
                Flag(("--name",), "kolom met de gebiedsnaam in het grenzenbestand", "name", "KOLOM")),
    "incidents": (Flag(("--incidents",), "incidenten: CSV of Excel met x, y (of adres/gebied) en datum/tijd",
                       "incidents", "BESTAND"),),
    # the incidents' category column, where detection would pick the wrong one or none is wanted (added with
    # --incidents); it is checked for personal data like every column that reaches an output
    "category_column": (Flag(("--category-column",), "kolom met de categorie van de incidenten ('geen': zonder "
                             "categorie; standaard herkend)", "category_column", "KOLOM"),),
    # how to read the incidents file, where detection gets it wrong (added with --incidents): the options of
    # `wijkbeeld inspect` that the importers' messages name, so that a hint names an option this command has
    "reading": (Flag(("--crs",), "coördinatenstelsel van de x/y in het incidentenbestand, bijvoorbeeld EPSG:28992 of "
                     "EPSG:4326 (standaard herkend)", "crs", "STELSEL"),
                Flag(("--dayfirst",), "datums in het incidentenbestand als dag-maand-jaar (standaard herkend)",
                     "dayfirst", None, {"action": "store_const", "const": True}),
                Flag(("--monthfirst",), "datums in het incidentenbestand als maand-dag-jaar", "dayfirst", None,
                     {"action": "store_const", "const": False}),
                Flag(("--start-column",), "kolom met de begindatum/-tijd in het incidentenbestand (standaard herkend)",
                     "start_column", "KOLOM"),
                Flag(("--encoding",), "codering van het incidentenbestand, bijvoorbeeld utf-8 of cp1252", "encoding",
                     "CODERING"),
                Flag(("--sep",), "scheidingsteken van het incidentenbestand: ';' ',' of 'tab'", "sep", "TEKEN"),
                Flag(("--sheet",), "werkblad van een Excel-incidentenbestand (naam of nummer, vanaf 0)", "sheet",
                     "BLAD")),
    # the boundary file's coordinate system, where it does not say it (a CSV with WKT; added with --areas)
    "areas_crs": (Flag(("--areas-crs",), "coördinatenstelsel van het grenzenbestand als het dat niet zelf zegt (CSV "
                       "met WKT), bijvoorbeeld EPSG:28992", "areas_crs", "STELSEL"),),
    "counts": (Flag(("--counts",), "tellingen per gebied per maand (politie 47022NED/47018NED of eigen tabel)",
                    "counts", "BESTAND"),),
    "gemeente": (Flag(("--gemeente",), "alleen de gebieden van deze gemeente: code (GM0014, 0014 of 14) of naam",
                      "gemeente", "GEMEENTE"),),
    "json": (Flag(("--json",), "uitvoer als JSON op stdout", "json", None, {"action": "store_true"}),),
    "period": (Flag(("--from", "--start"), "eerste maand van de periode (JJJJ-MM)", "start", "JJJJ-MM"),
               Flag(("--to", "--end"), "laatste maand van de periode (JJJJ-MM, inclusief)", "end", "JJJJ-MM")),
    "category": (Flag(("--category",), "alleen deze categorie (code of naam; hoofdletters en spaties tellen niet); "
                      "tellingen van de politie worden nooit over categorieën opgeteld: standaard het totaal "
                      "(0.0.0 Totaal misdrijven), anders de grootste", "category", "CATEGORIE"),),
    "level": (Flag(("--level",), "gebiedsniveau: buurt, wijk of gemeente", "level", "NIVEAU"),),
    "project": (Flag(("--project",), "een opgeslagen Wijkbeeld-project (.gpkg): de gebieden en bronnen daaruit, in "
                     "plaats van --areas, --incidents en --counts", "project", "PROJECT"),),
    "source": (Flag(("--source",), "alleen deze bron van het project (naam); herhaal voor meer bronnen: die komen "
                    "naast elkaar, nooit opgeteld", "sources", "BRON", {"action": "append"}),),
    "theme": (Flag(("--theme",), "thema: de naam van een thema van het project, of NAAM=categorie1,categorie2 "
                   "(elke categorie uit de bronnen die haar hebben)", "theme", "THEMA"),),
    "combine": (Flag(("--combine",), "tel de gekozen bronnen op tot één reeks (alleen bronnen van dezelfde soort)",
                     "combine", None, {"action": "store_true"}),),
}
#: The inputs another brings along: the columns of the file it reads.
ALONG = {"areas": ("columns", "areas_crs"), "incidents": ("category_column", "reading")}
#: The inputs a command adds with ``--project``.
PROJECT_INPUTS = ("project", "source", "theme", "combine")
#: The names :meth:`~hotspots.params.Method.add_arguments` must skip because a shared input declares them.
SHARED_DESTS = frozenset(f.dest for flags in INPUTS.values() for f in flags)


def add_inputs(parser: argparse.ArgumentParser, *names: str, required=(), one_of=(), one_required: bool = False,
               choices: dict | None = None, defaults: dict | None = None):
    """Add the shared inputs ``names`` to ``parser``.

    ``required``: names that must be given; ``one_of``: names that exclude each other (a group,
    required when ``one_required``); ``choices``/``defaults``: per name, where a command limits
    or presets the values (``--level`` of ``analyse`` is buurt or wijk). ``areas`` brings its
    ``columns`` (``--code``, ``--name``) along, ``incidents`` its ``category_column``. Returns the
    group of ``one_of`` (a command may add its own alternative to it), or None.
    """
    choices, defaults = choices or {}, defaults or {}
    if "project" in names:  # a project stands in for the files: read_inputs checks what is required
        parser.set_defaults(_required_inputs=tuple(required), _one_of_inputs=tuple(one_of) if one_required else ())
        required, one_required = (), False
    group = parser.add_mutually_exclusive_group(required=one_required) if one_of else None
    names = dict.fromkeys(n for name in names for n in (name, *ALONG.get(name, ())))
    for name in names:
        for flag in INPUTS[name]:
            if any(f in parser._option_string_actions for f in flag.flags):  # added already (columns, twice)
                continue
            target = group if name in one_of else parser
            kw = dict(flag.kw)
            if kw.get("action") not in ("store_true", "store_false", "store_const"):
                kw.update(metavar=flag.metavar, default=defaults.get(name))
                if name in choices:
                    kw.update(choices=choices[name], metavar=None)
            if name in required:
                kw["required"] = True
            target.add_argument(*flag.flags, dest=flag.dest, help=flag.help, **kw)
    return group


def add_privacy(parser: argparse.ArgumentParser) -> None:
    """``--suppress-below AANTAL`` and ``--secondary cel|afronden``: the disclosure rules of an output command."""
    from desktop.commands.parser import whole_number

    parser.add_argument("--suppress-below", type=whole_number, default=None, metavar="AANTAL",
                        help="aantallen onder AANTAL tonen als '<AANTAL' (bijv. 5); standaard niet afgeschermd")
    parser.add_argument("--secondary", choices=("cel", "afronden"), default="cel",
                        help="met --suppress-below: tegen terugrekenen uit totalen het kleinste aantal boven de "
                             "drempel ook afschermen ('x', standaard) of alle aantallen afronden op 5-tallen")


def input_files(args: argparse.Namespace) -> list:
    """The files a command reads, a saved ``--project`` too (an output may never be one of them)."""
    return [v for k in ("areas", "incidents", "counts", "wijken", "plan_history", "project")
            if (v := getattr(args, k, None))]


def area_columns(args: argparse.Namespace) -> dict:
    """The boundary reader's ``code``/``name``/``crs`` options of ``--code``/``--name``/``--areas-crs`` (only those
    given)."""
    out = {k: v for k in ("code", "name") if (v := getattr(args, k, None)) is not None}
    if getattr(args, "areas_crs", None):
        out["crs"] = args.areas_crs
    return out


def incident_options(args: argparse.Namespace) -> dict:
    """The incident reader's options from the shared flags (``--category-column`` and the ``reading`` ones)."""
    sep = getattr(args, "sep", None)
    sheet = getattr(args, "sheet", None)
    return {"category": getattr(args, "category_column", None), "crs": getattr(args, "crs", None),
            "dayfirst": getattr(args, "dayfirst", None), "start": getattr(args, "start_column", None),
            "encoding": getattr(args, "encoding", None),
            "sep": "\t" if sep is not None and sep.lower() in ("tab", "\\t") else sep,
            "sheet": int(sheet) if sheet is not None and str(sheet).isdigit() else sheet}


#: The boundary reader's options under their names in a command that reads boundaries beside incidents.
AREAS_FLAGS = {"--crs": "--areas-crs"}


@contextlib.contextmanager
def flags_of(renamed: dict):
    """Errors raised inside name a reader's option as the command calls it (``--crs`` of a boundary file is
    ``--areas-crs`` beside incidents): the message and hint are rewritten, the error raised on."""
    import re

    from kernel.errors import WijkbeeldError

    try:
        yield
    except WijkbeeldError as exc:
        def rename(text):
            for old, new in renamed.items():
                text = re.sub(rf"{re.escape(old)}(?![\w-])", new, text) if text else text
            return text

        exc.message, exc.hint = rename(exc.message), rename(exc.hint)
        exc.args = (str(exc),)
        raise


def said(path, report) -> None:
    """Keep the warnings of reading ``path`` for the end of the command (:func:`say_read_warnings`): what its
    import report says (a name joined by its letters, rows rejected with their reasons, times rounded) is not lost
    on the way to an analysis; ``wijkbeeld inspect FILE`` gives the whole report. A file of incidents or counts of
    which no row could be used is an :class:`~kernel.errors.ImportFileError` with the reasons (an analysis of
    nothing ended with exit code 0 and "0 meegeteld")."""
    from pathlib import Path

    from kernel.errors import ImportFileError

    name = Path(str(path)).name
    rejected = getattr(report, "rows_rejected", 0)
    READ_REPORTS.append(read_summary(name, report))
    if rejected and not getattr(report, "rows_kept", 1) and getattr(report, "kind", "") in ("incidents", "counts"):
        raise ImportFileError(f"Geen enkele rij van {name} is bruikbaar: {rejections(report)}.", path=path,
                              hint=f"alle afgewezen rijen met hun reden: wijkbeeld inspect {name}")
    READ_WARNINGS.extend(f"Let op bij het lezen van {name}: {w}" for w in getattr(report, "warnings", None) or [])
    if rejected:
        READ_WARNINGS.append(f"Let op bij het lezen van {name}: {rejected} van de {report.rows_read} rijen afgewezen "
                             f"en niet meegeteld ({rejections(report)}); alle met hun reden: wijkbeeld inspect {name}")


def rejections(report, most: int = 3) -> str:
    """The reasons the rows of ``report`` were rejected, most frequent first, each with how many and its first row:
    ``2x geen coördinaten (eerst rij 3), 1x datum niet te lezen (rij 5)`` (no values: they may be personal)."""
    from collections import Counter

    reasons = Counter(r.reason for r in report.rejections)
    first = {}
    for r in report.rejections:
        first.setdefault(r.reason, r.row)
    parts = [f"{n}x {reason} ({'eerst ' if n > 1 else ''}rij {first[reason]})"
             for reason, n in reasons.most_common(most)]
    more = len(reasons) - most
    return ", ".join(parts) + (f" en {more} andere reden(en)" if more > 0 else "")


#: The read files' warnings of this command (:func:`said`), printed after its own output.
READ_WARNINGS: list[str] = []
#: What reading each file of this command gave (:func:`read_summary`), for an output that lists it.
READ_REPORTS: list[dict] = []


def read_summary(name: str, report) -> dict:
    """What reading one file gave, for ``samenvatting.json``: its name and kind, rows read, kept and rejected, and
    the rejected rows counted per reason (no row values: they may be personal data; a file name that may hold
    personal data is left out as in the report's sources, :func:`desktop.report_sources.shown_name`)."""
    from collections import Counter

    from desktop.report_sources import shown_name

    reasons = Counter(r.reason for r in getattr(report, "rejections", None) or [])
    return {"file": shown_name(name), "kind": getattr(report, "kind", None), "rows_read": int(getattr(report, "rows_read", 0)),
            "rows_kept": int(getattr(report, "rows_kept", 0)),
            "rows_rejected": int(getattr(report, "rows_rejected", 0)),
            "rejected_by_reason": dict(reasons.most_common())}


def say_read_warnings(args: argparse.Namespace) -> None:
    """After a command that succeeded, in its plain-text output (standard output: the terminal, never an
    export; not with ``--json``, whose output is the command's JSON alone): the read files' warnings."""
    from desktop.commands.hints import own_options

    if not getattr(args, "json", False):
        for line in READ_WARNINGS:
            print(own_options(line, getattr(args, "_options", None)))
    READ_WARNINGS.clear()


def read_areas(args: argparse.Namespace, *, level: str | None = None):
    """The areas of ``--areas`` (its ``--code``/``--name`` columns, within ``--gemeente``, at ``level``:
    dissolved where the file holds a finer one, :func:`hotspots.levels.areas_at`), or None without ``--areas``."""
    from hotspots.levels import areas_at
    from importers import read_boundaries

    if not getattr(args, "areas", None):
        return None
    with flags_of(AREAS_FLAGS):
        areas, report = read_boundaries(args.areas, gemeente=getattr(args, "gemeente", None), level=level,
                                        coarser="finest", **area_columns(args))
    said(args.areas, report)
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

    if uses_selection(args):
        return read_selection(args, level=level).one()
    _check_required(args)
    if areas is None and areas_first:
        areas = read_areas(args, level=level)
    incidents = counts = None
    if getattr(args, "incidents", None):
        incidents, report = importers.read_incidents(args.incidents, **incident_options(args))
        said(args.incidents, report)
    elif getattr(args, "counts", None):
        if areas is None:
            areas = read_areas(args, level=level)
        counts, report = importers.read_counts(args.counts, areas=areas, gemeente=getattr(args, "gemeente", None))
        said(args.counts, report)
    if areas is None:
        areas = read_areas(args, level=level)
    if need_areas and areas is None:
        raise AnalysisError("--area vraagt om gebiedsgrenzen: geef ook --areas BESTAND.")
    start, end = getattr(args, "start", None), getattr(args, "end", None)
    selection = Selection(label=getattr(args, "category", None), category=getattr(args, "category", None),
                          period=(start, end) if start or end else None, level=level or getattr(args, "level", None),
                          gemeente=getattr(args, "gemeente", None))
    return Inputs(areas=areas, incidents=incidents, counts=counts, selection=selection)


def _check_required(args: argparse.Namespace) -> None:
    """What :func:`add_inputs` left to check because ``--project`` could stand in for it."""
    from kernel.errors import AnalysisError

    missing = [INPUTS[n][0].flags[0] for n in getattr(args, "_required_inputs", ()) if not getattr(args, n, None)]
    if missing:
        raise AnalysisError(f"Geef {' en '.join(f'{m} BESTAND' for m in missing)}, of --project PROJECT.")
    one_of = getattr(args, "_one_of_inputs", ())
    if one_of and not any(getattr(args, n, None) for n in one_of):
        flags = " of ".join(INPUTS[n][0].flags[0] for n in one_of)
        raise AnalysisError(f"Geef {flags}, of --project PROJECT.")
    if getattr(args, "combine", False):
        raise AnalysisError("--combine telt bronnen van een project op: geef ook --project PROJECT.")


def _project_of_files(args: argparse.Namespace, level: str | None):
    """The files of ``--areas`` and ``--incidents``/``--counts`` as a project of one source (for ``--theme``)."""
    import importers
    from importers.projectmodel import Project

    _check_required(args)
    project = Project()
    if getattr(args, "areas", None):
        gemeente = getattr(args, "gemeente", None)
        with flags_of(AREAS_FLAGS):
            areas, report = importers.read_boundaries(args.areas, gemeente=gemeente, level=level, coarser="finest",
                                                      **area_columns(args))
        said(args.areas, report)
        project.add_division(areas, report.to_dict())
    if getattr(args, "incidents", None):
        data, report = importers.read_incidents(args.incidents, **incident_options(args))
        said(args.incidents, report)
        project.add_source("incidents", data, report.to_dict())
    elif getattr(args, "counts", None):
        data, report = importers.read_counts(args.counts, areas=project.areas, gemeente=getattr(args, "gemeente", None))
        said(args.counts, report)
        project.add_source("counts", data, report.to_dict())
    return project


def uses_selection(args: argparse.Namespace) -> bool:
    """Whether the parsed flags choose from a project or by theme (:func:`read_selection`)."""
    return any(getattr(args, n, None) for n in ("project", "theme", "sources", "combine"))


def read_selection(args: argparse.Namespace, *, level: str | None = None):
    """The parts of the parsed ``--project``/``--source``/``--theme``/``--combine`` and shared inputs
    (:class:`hotspots.selection.Selected`): one part per source side by side, or one.

    Without ``--project`` a ``--theme`` applies to the files (a project of one source); ``--source``
    and ``--combine`` need a project. ``--level alle`` (the trends' every level) chooses no level.
    """
    from dataclasses import replace

    from hotspots.selection import Choice, select
    from importers.project import load_project
    from kernel.errors import AnalysisError

    level = level or getattr(args, "level", None)
    level = None if level == "alle" else level
    if getattr(args, "project", None):
        given = [INPUTS[n][0].flags[0] for n in ("areas", "incidents", "counts", "category_column")
                 if getattr(args, n, None)]
        if given:
            raise AnalysisError(f"--project gaat niet samen met {' en '.join(given)}: het project heeft zijn eigen "
                                "gebieden en bronnen.")
        reading = reading_options(args)
        if reading:  # they would be ignored: the project holds the data as read when they were imported
            named = ", ".join(reading[:-1]) + " en " + reading[-1] if len(reading) > 1 else reading[0]
            raise AnalysisError(f"--project gaat niet samen met {named}: die opties zeggen hoe een "
                                "bestand gelezen wordt, en de gegevens van het project zijn al gelezen toen ze in het "
                                "project kwamen.", hint=f"geef de bestanden zelf met {_file_flags(args)}, of "
                                "importeer ze opnieuw in het project met die keuzes")
        project = load_project(args.project)
    elif getattr(args, "sources", None):
        raise AnalysisError("--source kiest een bron van een project: geef ook --project PROJECT.")
    else:
        project = _project_of_files(args, level)
    choice = Choice(sources=tuple(getattr(args, "sources", None) or ()), theme=getattr(args, "theme", None),
                    level=level, gemeente=getattr(args, "gemeente", None),
                    combine=bool(getattr(args, "combine", False)))
    selected = select(project, choice)
    if getattr(args, "project", None):  # no file is read: what reading them gave is what the project kept
        READ_REPORTS.extend(project_read(project, selected))
    start, end = getattr(args, "start", None), getattr(args, "end", None)
    if start or end:  # the trends take their months themselves (with the history before them)
        for part in selected.parts:
            part.inputs.selection = replace(part.inputs.selection, period=(start, end))
    return selected


def reading_options(args: argparse.Namespace) -> list[str]:
    """The options given that say how to read a boundary or incident file (``--code``, ``--areas-crs``, ``--crs``,
    ``--dayfirst`` ...), as the command line spells them."""
    out = []
    for name in ("columns", "areas_crs", "reading"):
        for flag in INPUTS[name]:
            value = getattr(args, flag.dest, None)
            if value is None or (flag.kw.get("action") == "store_const" and value != flag.kw["const"]):
                continue
            out.append(flag.flags[0])
    return list(dict.fromkeys(out))


def _file_flags(args: argparse.Namespace) -> str:
    """The file options of this command: ``--areas en --incidents of --counts`` (those it has)."""
    data = " of ".join(f"--{n}" for n in ("incidents", "counts") if hasattr(args, n))
    return " en ".join(x for x in ("--areas" if hasattr(args, "areas") else "", data) if x)


def project_read(project, selected) -> list[dict]:
    """What reading the files of a project gave, for ``samenvatting.json`` (as :func:`read_summary`): the import
    reports the project keeps of its first division and of the sources ``selected`` uses, each with ``from``
    "project" and the ``source`` (or division) it belongs to; the command itself reads none of these files."""
    used = set()
    for part in selected.parts:  # a combined part names its sources "A + B"
        name = str(part.inputs.selection.source or "")
        used |= {name, *name.split(" + ")}
    entries = [(d.name, "boundaries", report) for d in project.divisions[:1] for report in d.reports.values()]
    entries += [(s.name, s.kind, s.report) for s in project.sources if s.name in used]
    return [stored_summary(name, kind, report) for name, kind, report in entries if isinstance(report, dict)]


def stored_summary(source: str, kind: str, report: dict) -> dict:
    """:func:`read_summary` of an import report as a project stores it (a dict), from the project's ``source``."""
    from collections import Counter
    from pathlib import PurePath

    from desktop.report_sources import shown_name

    rejections = [r for r in report.get("rejections") or [] if isinstance(r, dict)]
    path = report.get("path")
    return {"file": shown_name(PurePath(str(path).replace("\\", "/")).name) if path else None,
            "kind": report.get("kind") or kind, "rows_read": int(report.get("rows_read") or 0),
            "rows_kept": int(report.get("rows_kept") or 0),
            "rows_rejected": int(report.get("rows_rejected") or len(rejections)),
            "rejected_by_reason": dict(Counter(r.get("reason") for r in rejections).most_common()),
            "from": "project", "source": shown_name(str(source).replace("/", " "))}
