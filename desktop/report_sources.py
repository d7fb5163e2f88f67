"""The sources section of the report (no Qt): each input file with its date, and the demo's licences; and the
window's level and chart filter applied to the report's inputs (:func:`at_choice`).

The same lines for ``wijkbeeld rapport`` (:func:`desktop.commands.rapport._sources`, from its file arguments)
and the window's "Rapport maken" (:mod:`desktop.control.report`, from the import reports kept with the project);
a file name with personal data is left out (:func:`shown_name`).
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

#: The source lines of the report, per layer of the project.
SOURCE_LABELS = (("boundaries", "Gebiedsgrenzen"), ("incidents", "Incidenten"), ("counts", "Tellingen"))


def source_entry(label: str, path, licence: str = "") -> dict:
    """One line of the report's sources: the file's name and date, its licence (the demo's are known, else
    ``licence`` or "eigen registratie")."""
    from resources import demo

    path = Path(path)
    try:
        resolved = path.resolve()
        if resolved == demo.AREAS.resolve():
            licence = "CBS Wijk- en buurtkaart 2017, CC BY 3.0 NL"
        elif resolved in (demo.INCIDENTS.resolve(), demo.COUNTS.resolve()):
            licence = "politie Groningen, via KennisnetwerkDataScience/Fietsendiefstallen"
        date = datetime.fromtimestamp(path.stat().st_mtime).strftime("%d-%m-%Y") if path.exists() else ""
    except OSError:  # a file that moved since it was imported: its name still says where it came from
        date = ""
    return {"naam": f"{label}: {shown_name(path)}", "datum": f"bestand van {date}" if date else "",
            "licentie": licence or "eigen registratie"}


def shown_name(path) -> str:
    """A file's name as the report may print it: as it is, unless it holds personal data (a name, an address,
    a phone number: ``meldingen_Kerkstraat_12_0612345678.csv``, as the privacy audit named a file); then "eigen
    bestand" with why its name is left out (the report leaves the laptop; the name would go with it).

    >>> shown_name("meldingen_2017.csv"), shown_name("melding Kerkstraat 12 0612345678.csv")
    ('meldingen_2017.csv', 'eigen bestand (naam niet getoond: bevat mogelijk persoonsgegevens)')
    """
    import re

    from importers import textscan

    name = Path(path).name
    words = re.sub(r"[_\s]+", " ", Path(name).stem).strip()
    if any(mask.any() for mask in textscan.hits([words]).values()):
        return "eigen bestand (naam niet getoond: bevat mogelijk persoonsgegevens)"
    return name


def sources_of(project) -> list[dict]:
    """The report's sources of a project: each imported file (from the import reports kept with it)."""
    out = []
    for kind, label in SOURCE_LABELS:
        path = (project.reports.get(kind) or {}).get("path")
        if path and getattr(project, {"boundaries": "areas"}.get(kind, kind), None) is not None:
            out.append(source_entry(label, path))
    return out


def at_choice(areas, incidents=None, counts=None, boundaries=None, start=None, end=None, *, level=None, when=None):
    """The report's inputs at the window's ``level`` and under a chart click's filter ``when``, and what the report
    says of them: ``(areas, incidents, counts, boundaries, start, end, said)``, ``said`` the keywords ``level`` and
    ``subset`` of :func:`mapping.report.make.run_report`.

    The level moves areas, incidents and counts as the window's table has them
    (:func:`desktop.level_tasks.at_level`). A clicked month is the report's period; a clicked day or hour keeps the
    incidents that start then (:func:`desktop.when_filter.mask`, by their start, over the whole history so that the
    trends compare like with like): "alleen dinsdag 20:00-21:00". Police counts have no hours: a day or hour filter
    does not apply to them and is not said.
    """
    from desktop import level_tasks, when_filter

    said = {}
    if level in level_tasks.LEVELS:
        at = level_tasks.at_level(areas, incidents, counts, boundaries, level)
        areas, incidents, counts, boundaries = at.areas, at.incidents, at.counts, at.outlines
        said["level"] = at.level
    when = when_filter.clean(when)
    if when is not None and "month" in when:
        start = end = when["month"]
        said["subset"] = "alleen " + when_filter.text(when)
    elif when is not None and incidents is not None:
        incidents = incidents[when_filter.mask(incidents["start"], when)]
        said["subset"] = "alleen " + when_filter.text(when)
    return areas, incidents, counts, boundaries, start, end, said


def chosen_report_inputs(project, choice, boundaries=None):
    """The report's areas, incidents, counts and wijk outlines of the data panel's ``choice`` (other sources, a
    theme, another division) over the whole history (the report picks its own period and compares with the year
    before), and the words that say it (``"thema Fiets en afval (fietsdiefstal + BOA)"``): the chosen incident
    sources as one series, else the first chosen police counts (:func:`desktop.choice.chosen_series`; counts and
    incidents are never added together)."""
    import dataclasses

    from desktop.choice import chosen_series
    from desktop.strings import tr
    from kernel.errors import AnalysisError

    part, _ = chosen_series(project, dataclasses.replace(choice, period=None), "Rapport")
    if part is None:
        raise AnalysisError(tr("choice.nothing"))
    inputs = part.inputs
    words = (f"thema {choice.theme} ({inputs.selection.source})" if choice.theme
             else f"bron {inputs.selection.source}" if inputs.selection.source else part.label)
    if choice.division:
        words += f", indeling {choice.division}"
    outlines = inputs.outlines if inputs.outlines is not None else (boundaries if not choice.division else None)
    return inputs.areas, inputs.incidents, inputs.counts, outlines, words
