"""The sources section of the report (no Qt): each input file with its date, and the demo's licences.

The same lines as ``wijkbeeld rapport`` writes (:func:`desktop.commands.rapport._sources`, from its file
arguments; to be folded into this after the merge with main, which changed that function), here for the
window's "Rapport maken" (:mod:`desktop.control.report`, from the import reports kept with the project).
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
    return {"naam": f"{label}: {path.name}", "datum": f"bestand van {date}" if date else "",
            "licentie": licence or "eigen registratie"}


def sources_of(project) -> list[dict]:
    """The report's sources of a project: each imported file (from the import reports kept with it)."""
    out = []
    for kind, label in SOURCE_LABELS:
        path = (project.reports.get(kind) or {}).get("path")
        if path and getattr(project, {"boundaries": "areas"}.get(kind, kind), None) is not None:
            out.append(source_entry(label, path))
    return out
