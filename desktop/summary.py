"""What the window says about a project's data, as plain values (no Qt).

The data panel's line per layer and the months and categories its lists offer are computed
here once per project, kept in :class:`desktop.state.Session` and saved in a snapshot; the
panel only shows them.
"""
from __future__ import annotations

from desktop import tasks
from desktop.strings import number, tr


def layer_texts(project) -> dict:
    """``{"boundaries": ..., "incidents": ..., "counts": ...}``: one Dutch line (or two) per layer."""
    areas, incidents, counts = project.areas, project.incidents, project.counts
    texts = {kind: tr("data.none") for kind in ("boundaries", "incidents", "counts")}
    if areas is not None:
        level = ", ".join(sorted(set(map(str, areas["level"].dropna())))) if "level" in areas else ""
        texts["boundaries"] = tr("data.boundaries_info", n=number(len(areas), 0), level=level)
    if incidents is not None and len(incidents):
        s = incidents["start"].dropna()
        texts["incidents"] = tr("data.incidents_info", n=number(len(incidents), 0),
                                first=f"{s.min():%d-%m-%Y}", last=f"{s.max():%d-%m-%Y}")
    if counts is not None:
        texts["counts"] = tr("data.counts_info", n=number(len(counts), 0))
    return texts


def choices(project) -> tuple[tuple[str, str] | None, list[str]]:
    """The first and last month and the categories the period and category lists offer."""
    return tasks.month_range(project.incidents), tasks.categories(project.incidents)
