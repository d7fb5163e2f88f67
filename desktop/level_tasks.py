"""The window's level switch (gemeente, wijk, buurt) in the worker; no Qt.

The window holds the project's finest areas (the CBS buurten) and, beside them, its wijken as outlines.
:func:`at_level` gives the analysis its areas, incidents and counts at the chosen level through
:mod:`hotspots.levels`: a level the project holds is taken as it is (the CBS wijken with their names and
geometry), another is dissolved from the buurten by their CBS codes; incidents move to the area that
holds their buurt; police counts take their own rows of that level (never two levels added together),
or the buurten's rows added up where the table has none. Every step runs in the worker
(:func:`desktop.tasks.analyse`), so that switching level never stalls the window.

:func:`hierarchy` and :func:`names_by_level` give the window, once per analysis, what it needs on the
GUI thread without pandas work there: each buurt's code at every level (to carry the selection over when
the level changes) and the names at every level (so that "Centrum" is found whether it is a wijk or a
buurt).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from desktop.tasks import remembered

#: The levels of the switch, finest first (desktop.change_tasks.LEVELS).
LEVELS = ("buurt", "wijk", "gemeente")
#: The switch's item for the cells of a method that uses them (raster, geoptimaliseerd, warmtekaart).
CELLS = "cellen"
#: The hot-spot methods whose table and map are cells, not areas (hotspots.where.methods._CELLS).
CELL_METHODS = ("grid", "optimised", "kde")


def own_level(areas) -> str:
    """The level of the project's areas (buurt when they do not say)."""
    from hotspots.levels import level_of

    return (level_of(areas) if areas is not None else None) or "buurt"


def stored_levels(areas, outlines=None) -> dict:
    """``{level: Areas}`` the project holds: its areas, and its outlines where they are a coarser CBS level
    (the CBS wijken beside the buurten)."""
    from hotspots.levels import level_of

    own = own_level(areas)
    levels = {own: areas}
    if outlines is not None and len(outlines):
        lv = level_of(outlines)
        if lv in LEVELS and own in LEVELS and LEVELS.index(lv) > LEVELS.index(own):
            levels[lv] = outlines
    return levels


@dataclass
class AtLevel:
    """The inputs of one analysis at ``level`` and the Dutch notes on how they were made."""

    areas: Any
    incidents: Any = None
    counts: Any = None
    outlines: Any = None
    level: str = "buurt"
    notes: list = field(default_factory=list)


def at_level(areas, incidents=None, counts=None, outlines=None, level: str | None = None) -> AtLevel:
    """The project's ``areas``, ``incidents`` and ``counts`` at ``level`` (None or the areas' own: as they are).

    The outlines at a coarser level are left out (the wijken are then the areas themselves). A level finer
    than the project's areas is an :class:`kernel.errors.AnalysisError` (from :func:`hotspots.levels.areas_at`).
    """
    from hotspots.levels import areas_at, counts_at, incidents_at

    own = own_level(areas)
    if level in (None, "", CELLS, own):
        return AtLevel(areas, incidents, counts, outlines, own)
    at, note = areas_at(stored_levels(areas, outlines), level)
    at = at.drop(columns=[c for c in ("wijk_code",) if c in at.columns])  # empty above the buurten
    notes = [note] if note else []
    if note:  # dissolved from the areas: its map is drawn from their simplified boundaries
        _drawn_from(at, areas, level)
    if incidents is not None:
        incidents = incidents_at(incidents, areas, level)
    if counts is not None:
        counts, counted = counts_at(counts, at, level, finer=areas)
        notes += [counted] if counted else []
    return AtLevel(at, incidents, counts, None, level, notes)


def _drawn_from(at, areas, level: str) -> None:
    """Tell the maps that the areas ``at`` were dissolved from ``areas`` by their codes at ``level``
    (:func:`mapping.simplify.derived`): the map of a wijk or gemeente level is then the union of the buurten's
    simplified boundaries, which the buurt map has made already, instead of a new simplification."""
    from hotspots.levels import parent_codes
    from mapping.simplify import derived

    keys = parent_codes(areas, level)
    known = keys.notna().to_numpy()
    derived(at, at["code"].to_numpy(dtype=object), areas[known], keys[known].to_numpy(dtype=object))


def hierarchy(areas) -> dict:
    """Each of the project's areas' code at every level: ``{level: [code, ...]}``, rows aligned (plain lists:
    the window maps a selection from one level to another with them, without pandas)."""
    if areas is None:
        return {}
    tree = remembered("hierarchy", lambda: _hierarchy(areas), areas)
    return {level: list(codes) for level, codes in tree.items()}  # (a copy: the caller's own)


def _hierarchy(areas) -> dict:
    from hotspots.levels import parent_codes

    own = own_level(areas)
    out = {own: [str(c) for c in areas["code"].astype("string").str.strip()]}
    for level in LEVELS[LEVELS.index(own) + 1:] if own in LEVELS else ():
        out[level] = [None if c is None or c != c else str(c) for c in parent_codes(areas, level).tolist()]
    return out


def names_by_level(areas, outlines=None) -> dict:
    """``{level: {code: name}}`` for every level the project's areas reach (wijk names from the outlines,
    else the areas' wijk-name column; gemeente names from ``gemeente_name``)."""
    from desktop.change_tasks import area_names

    if areas is None:
        return {}
    own = own_level(areas)
    levels = LEVELS[LEVELS.index(own):] if own in LEVELS else (own,)
    names = remembered("names", lambda: {level: dict(area_names(areas, outlines, level).names) for level in levels},
                        areas, outlines)
    return {level: dict(by_code) for level, by_code in names.items()}  # (a copy: the caller's own)


def carry_selection(codes, tree: dict, old: str | None, new: str | None) -> list:
    """The selected ``codes`` at level ``old`` as codes at level ``new`` (``tree``: :func:`hierarchy`):
    a buurt's wijk when going coarser, a wijk's buurten when going finer; once each, in order.

    >>> tree = {"buurt": ["BU1", "BU2", "BU3"], "wijk": ["WK1", "WK1", "WK2"]}
    >>> carry_selection(["BU2", "BU3"], tree, "buurt", "wijk"), carry_selection(["WK1"], tree, "wijk", "buurt")
    (['WK1', 'WK2'], ['BU1', 'BU2'])
    """
    if old == new or old not in tree or new not in tree:
        return [str(c) for c in codes] if old == new else []
    wanted = {str(c) for c in codes}
    return list(dict.fromkeys(n for o, n in zip(tree[old], tree[new]) if o in wanted and n is not None))


def find_name(text: str, names: dict, exclude: str | None = None) -> list:
    """The areas called ``text`` (case and spaces ignored) on every level but ``exclude``: ``[(level, code,
    name)]``, finest level first (``names``: :func:`names_by_level`).

    >>> find_name(" centrum", {"buurt": {"BU1": "Binnenstad"}, "wijk": {"WK1": "Centrum"}})
    [('wijk', 'WK1', 'Centrum')]
    """
    wanted = str(text).strip().casefold()
    if not wanted:
        return []
    return [(level, code, name) for level in LEVELS if level in names and level != exclude
            for code, name in names[level].items() if str(name).strip().casefold() == wanted]


def too_few(at: AtLevel, *, category=None, title: str = "", period: str | None = None, out_dir=None,
            reason: str = ""):
    """The analysis of a level with too few areas for hot spots (one gemeente): each area with its count on
    the map and in the table, and the core's reason as a note (:class:`desktop.overview.AreasOnly`)."""
    from pathlib import Path

    import pandas as pd

    from desktop import tasks
    from desktop.overview import AreasOnly
    from desktop.strings import tr
    from mapping.meta import ReportMeta
    from mapping.webmap import area_map, save_html, update_file, write_update

    areas = at.areas
    frame = areas[[c for c in ("code", "name", "population", "geometry") if c in areas]].copy()
    if at.incidents is not None:
        from hotspots.where.assign import ensure_assigned

        inc = at.incidents if not category else at.incidents[at.incidents["category"].astype("string") == category]
        per_area = ensure_assigned(inc, areas).incidents["area"].astype("string").value_counts()
    else:
        from hotspots.categories import choose_counts_category

        counts = choose_counts_category(at.counts, category).counts
        per_area = counts.assign(code=counts["code"].astype("string").str.strip()).groupby("code")["count"].sum()
    frame["count"] = pd.to_numeric(frame["code"].astype("string").str.strip().map(per_area), errors="coerce") \
        .fillna(0.0).astype(float)
    path = Path(out_dir or tasks.scratch_dir("kaart-")) / "kaart.html"
    m = area_map(frame, column="count", meta=ReportMeta(title=title, period=period))
    save_html(m, path)
    write_update(m, update_file(path))  # another period of the same areas: the page restyled
    note = tr("level.too_few", n=len(frame), level=tr(f"dev.level.{at.level}").lower(), reason=reason)
    return tasks.Analysis(AreasOnly(frame, notes=[note, *at.notes]), path, level=at.level)


def prepare(areas, incidents=None, counts=None, method: str | None = None, params: dict | None = None, *,
            outlines=None, level: str, filters: dict | None = None, progress=None, cancelled=None) -> None:
    """Make ahead, in the worker process while the user looks at the map, what the first analysis at ``level``
    computes and every later one takes from memory: the wijken dissolved from the buurten
    (:func:`hotspots.levels.dissolve`), their neighbours, their simplified outlines and their GeoJSON (on the
    national buurten the first switch to wijken took 3.7-4 s, a second one 1.4). It is that analysis
    (:func:`desktop.tasks.analyse`, the same arguments, its result let go), run in a thread of this process:
    the call returns at once, so the next task of the worker does not wait behind it (GEOS, which does most of
    it, lets the other thread run); an analysis at ``level`` waits for it (:func:`prepared`)."""
    import shutil
    import tempfile

    from desktop import tasks

    def work() -> None:
        folder = tempfile.mkdtemp(prefix="wijkbeeld-voorbereiding-")
        try:
            tasks.analyse(areas, incidents, counts, method, params, outlines=outlines, level=level,
                          filters=filters, parts=("hotspots",), out_dir=folder)
        except Exception:  # noqa: BLE001 - the analysis at that level reports its own errors
            pass
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    thread = threading.Thread(target=work, name=f"wijkbeeld-voorbereiding-{level}", daemon=True)
    _PREPARING[level] = thread
    thread.start()


def prepared(level: str | None) -> None:
    """Wait until a preparation of ``level`` in this process (:func:`prepare`) is done: what it makes is what
    the analysis about to start needs (made twice at once, each would take twice as long)."""
    thread = _PREPARING.get(level)
    if thread is not None and thread is not threading.current_thread():
        thread.join()


#: The preparations of a level started in this (worker) process, by level (:func:`prepare`).
_PREPARING: dict = {}


def compare_with_map(incidents=None, counts=None, areas=None, outlines=None, *, level: str = "buurt",
                     before: tuple, after: tuple, category=None, title: str = "", progress=None, cancelled=None):
    """Period A (``before``) against period B (``after``) for every area at ``level``: the table of
    :func:`desktop.change_tasks.compare_table` (as ``wijkbeeld trends --compare``), its notes, and the map of
    the change (:func:`mapping.change_map.change_map`) written to a scratch page: ``(table, notes, path)``."""
    from pathlib import Path

    from desktop import tasks
    from desktop.change_tasks import compare_table
    from kernel.progress import as_progress
    from mapping.change_map import change_map
    from mapping.meta import ReportMeta
    from mapping.webmap import save_html

    p = as_progress(progress, cancelled)
    table, notes = compare_table(incidents, counts, areas, outlines, level=level, before=before, after=after,
                                 category=category, progress=p.slice(0.0, 0.7))
    p(0.75, tasks.tr("core.making_map"))
    at = at_level(areas, outlines=outlines, level=level)
    period_a, period_b = f"{before[0]} t/m {before[1]}", f"{after[0]} t/m {after[1]}"
    table.attrs.update(period_a=period_a, period_b=period_b, level=level)  # for the exported map (desktop.exports)
    m = change_map(at.areas, table, period_a=period_a, period_b=period_b, boundaries=at.outlines,
                   meta=ReportMeta(title=title or "Verandering A → B"))
    path = Path(tasks.scratch_dir("verandering-")) / "verandering.html"
    save_html(m, path)
    p(1.0, tasks.tr("core.done"))
    return table, notes, path


def areas_view(areas, *, outlines=None, level: str | None = None, title: str = "Gebieden", progress=None,
               cancelled=None):
    """A project with boundaries only: its areas at ``level`` on the map and in the table
    (:func:`desktop.overview.areas_view` on :func:`at_level`'s areas)."""
    from desktop.overview import areas_view as view

    at = at_level(areas, outlines=outlines, level=level)
    found = view(at.areas, outlines=at.outlines, title=title, progress=progress, cancelled=cancelled)
    found.level, found.hierarchy, found.names = at.level, hierarchy(areas), names_by_level(areas, outlines)
    return found
