"""What the window shows of a project besides an analysis (no Qt): the data panel's lines, the
periods and categories its lists offer, the incidents and counts of the chosen period, and the
areas alone on the map and in the table when there is nothing to analyse yet.

Computed once per project (or per choice), kept in :class:`desktop.state.Session` and saved in a
snapshot; the panels only show them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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
        texts["incidents"] = tr("data.incidents_info", n=number(len(incidents), 0), first=f"{s.min():%d-%m-%Y}",
                                last=f"{s.max():%d-%m-%Y}") if len(s) else \
            tr("data.incidents_undated", n=number(len(incidents), 0))  # a place alone: no period
    if counts is not None:
        first, last = count_months(counts) or ("", "")
        texts["counts"] = tr("data.counts_info", n=number(len(counts), 0)) + (
            tr("data.counts_period", first=_month_text(first), last=_month_text(last)) if first else "")
    return texts


def prepare(project) -> None:
    """Compute what the window shows of ``project`` as it arrives (:func:`choices` and :func:`layer_texts`) in the
    loader's thread or process, beside the project: on a million incidents they held the GUI thread 40 ms of the
    100 a step may take. :func:`prepared` takes them once; the project must not change in between (the loader's
    result goes straight into the window)."""
    project.__dict__["_window_overview"] = (choices(project), layer_texts(project))
    if project.incidents is not None and "category" in project.incidents:  # numbered here, not at the first choice
        tasks.category_codes(project.incidents)


def prepared(project) -> tuple:
    """``(choices(project), layer_texts(project))``: as :func:`prepare` left them with the project (taken: a later
    call computes them again), else computed here."""
    kept = project.__dict__.pop("_window_overview", None)
    return kept if kept is not None else (choices(project), layer_texts(project))


def _month_text(month: str) -> str:
    return f"{month[5:7]}-{month[:4]}"


def choices(project) -> tuple[tuple[str, str] | None, list[str]]:
    """The first and last month and the categories the period and category lists offer: of the
    incidents, or of the counts in a project with counts only."""
    if project.incidents is None and project.counts is not None:
        counts = project.counts
        cats = sorted(str(c) for c in counts["category"].dropna().unique()) if "category" in counts else []
        return count_months(counts), cats
    return tasks.month_range(project.incidents), tasks.categories(project.incidents)


def count_categories(project) -> tuple[dict, str | None]:
    """In a project with police counts only: each category in words (``{"0.0.0": "0.0.0 Totaal misdrijven"}``)
    and the one analysed when none is chosen, as :func:`hotspots.categories.choose_counts_category` decides (the
    total where there is one, else the largest; categories are never summed). ``({}, None)`` otherwise."""
    counts = project.counts
    if project.incidents is not None or counts is None or "category" not in counts or not len(counts):
        return {}, None
    from hotspots.categories import choose_counts_category
    from importers.police import category_overview

    texts = {str(c["category"]): " ".join(str(v) for v in (c["category"], c["label"]) if v)
             for c in category_overview(counts)["categories"]}
    return texts, choose_counts_category(counts).category


def map_title(project, category: str | None) -> str:
    """The title of the map and the exports: the project's name and the chosen category in words
    (``"Groningen – 1.2.3 Diefstal van brom-, snor-, fietsen"``)."""
    name = project.name or tr("app.title")
    if not category:
        return name
    return f"{name} – {count_categories(project)[0].get(category, category)}"


def count_months(counts) -> tuple[str, str] | None:
    """The first and last month the counts cover (a yearly count covers January to December)."""
    if counts is None or not len(counts) or "period" not in counts:
        return None
    periods = counts["period"].dropna()
    if not len(periods):
        return None
    first = min(p.asfreq("M", "start") for p in periods.unique())
    last = max(p.asfreq("M", "end") for p in periods.unique())
    return str(first), str(last)


def filter_counts(counts, start=None, end=None, category=None):
    """The counts whose period lies within ``[start, end]`` (months, inclusive) and of ``category``."""
    import pandas as pd

    if counts is None:
        return None
    keep = pd.Series(True, index=counts.index)
    if "period" in counts and (start is not None or end is not None):
        periods = counts["period"]
        if start is not None:
            keep &= periods.map(lambda p: p.start_time) >= pd.Period(start, "M").start_time
        if end is not None:
            keep &= periods.map(lambda p: p.end_time) <= pd.Period(end, "M").end_time
    if category and "category" in counts:
        keep &= counts["category"].astype("string") == category
    return counts[keep]


@dataclass
class AreasOnly:
    """The 'result' of a project with boundaries only: its areas, for the table and the map."""

    areas: object
    method: str = "areas"
    warnings: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    params: dict = field(default_factory=dict)
    weights_summary: dict = field(default_factory=dict)


def areas_view(areas, *, outlines=None, title: str = "Gebieden", out_dir: Path | None = None, progress=None,
               cancelled=None):
    """The areas on a map (names where they fit) and as the table's rows, before any analysis."""
    from kernel.progress import as_progress
    from mapping.meta import ReportMeta
    from mapping.webmap import area_map, save_html

    p = as_progress(progress, cancelled)
    p(0.1, tr("core.making_map"))
    keep = [c for c in ("code", "name", "population", "geometry") if c in areas]
    frame = areas[keep].copy()
    path = Path(out_dir or tasks.scratch_dir("kaart-")) / "kaart.html"
    # drawn here, in the window's process, the outline of areas that are no coverage follows the page (its union
    # takes longest: the national wijken's map 0.7 s sooner); the worker's page is written whole
    from desktop.packing import IN_WORKER

    save_html(area_map(frame, boundaries=outlines, meta=ReportMeta(title=title), outline_later=not IN_WORKER), path)
    p(1.0, tr("core.done"))
    return tasks.Analysis(AreasOnly(frame, notes=[tr("map.areas_only")]), path)
