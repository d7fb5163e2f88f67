"""What a project holds (schema v3): incident sources, themes and boundary divisions, as plain objects.

A :class:`Project` holds

- **sources** (:class:`Source`): the officer's files side by side, each with its name, its data,
  its own import report and its categories: own registrations, BOA reports, MORA meldingen
  (kind ``"incidents"``: an Incidents frame) and police figures (kind ``"counts"``: a Counts
  frame, a kind of its own: they count per area and month, not per incident). Sources count
  different things; nothing here adds them up (see :mod:`hotspots.selection`);
- **themes** (:class:`Theme`): a name plus the categories it takes from each source, e.g.
  "Fietsendiefstal" = police "1.2.3 Diefstal van brom-, snor-, fietsen" + own "fietsdiefstal";
- **divisions** (:class:`Division`): the areas of one boundary file per level it holds (the CBS
  kaart's buurten and wijken; a municipality's own division kept beside it as another
  division). Coarser levels are made from the finest where asked (:mod:`hotspots.levels`).

The window and the command line of schema v2 read one set of areas, incidents and counts. For
them :attr:`Project.areas`, :attr:`~Project.incidents`, :attr:`~Project.counts`,
:attr:`~Project.outlines` and :attr:`~Project.reports` stay, as views of the *first* division
and the *first* source of each kind (setting them replaces that one, as v2 did), until the
window works with sources, themes and levels itself.

Nothing here imports pandas (the desktop imports this module before its window shows).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from kernel.errors import ProjectError

INCIDENTS, COUNTS = "incidents", "counts"
#: The kinds of source: point incidents (one row each) and counts per area and month.
SOURCE_KINDS = (INCIDENTS, COUNTS)
#: The name of a source or division that was given none (a v2 project, an import through the v2 attributes).
DEFAULT_NAMES = {INCIDENTS: "Incidenten", COUNTS: "Tellingen", "boundaries": "Gebieden"}
#: The levels of the CBS hierarchy, finest first (a division may also hold another level, e.g. postcode).
LEVELS = ("buurt", "wijk", "gemeente")
#: The key of a division's areas drawn on the map without being a level of their own (v2's outlines at
#: the level of the areas themselves).
OUTLINES = "outlines"


def name_from_report(report: dict | None, kind: str) -> str:
    """A source's or division's name from the file it was read from (its stem), else the default.

    >>> name_from_report({"path": "/data/MORA meldingen 2016.xlsx"}, "incidents"), name_from_report({}, "counts")
    ('MORA meldingen 2016', 'Tellingen')
    """
    path = (report or {}).get("path")
    return PurePath(str(path).replace("\\", "/")).stem if path else DEFAULT_NAMES[kind]


@dataclass
class Source:
    """One incident source of a project: its ``name`` (unique in the project), ``kind``
    (``"incidents"`` or ``"counts"``), ``data`` (the Incidents or Counts frame) and ``report``
    (:meth:`importers.report.ImportReport.to_dict`)."""

    name: str
    kind: str
    data: Any
    report: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.kind not in SOURCE_KINDS:
            raise ProjectError(f"Onbekende soort bron '{self.kind}' (verwacht: {', '.join(SOURCE_KINDS)}).")

    def categories(self) -> list[dict]:
        """The categories in the data, largest first: ``{"category", "label", "count"}`` (``count``: incidents,
        or the counts' sum; police counts also say ``total``: the category that holds the others)."""
        if self.data is None or "category" not in self.data.columns or len(self.data) == 0:
            return []
        if self.kind == COUNTS:
            from importers.police import category_overview

            cats = category_overview(self.data)["categories"]
        else:
            sizes = self.data["category"].astype("string").str.strip().value_counts(dropna=True)
            cats = [{"category": str(c), "label": None, "count": int(n)} for c, n in sizes.items()]
        return sorted(cats, key=lambda c: (-c["count"], c["category"]))


@dataclass
class Theme:
    """A named selection of categories per source: ``categories`` maps a source's name to the
    categories of that source the theme takes (as they are written in its data; for police counts
    the code or the label)."""

    name: str
    categories: dict = field(default_factory=dict)

    def __post_init__(self):
        self.categories = {str(k): tuple(str(c) for c in v) for k, v in dict(self.categories).items()}

    def of(self, source: str) -> tuple:
        """The categories the theme takes from ``source`` (empty: the theme does not cover it)."""
        return self.categories.get(source, ())

    @property
    def sources(self) -> tuple:
        return tuple(k for k, v in self.categories.items() if v)

    def to_dict(self) -> dict:
        return {"name": self.name, "categories": {k: list(v) for k, v in self.categories.items()}}

    @classmethod
    def from_dict(cls, d: dict) -> "Theme":
        return cls(str(d["name"]), dict(d.get("categories") or {}))


@dataclass
class Division:
    """The areas of one boundary file (or of one municipal division): ``areas`` maps a level
    (``buurt``, ``wijk``, ``gemeente``, another level the file names, or :data:`OUTLINES`) to its
    Areas frame; the first is the level the file was read at. ``reports`` holds the import report
    per level where one was read."""

    name: str
    areas: dict = field(default_factory=dict)
    reports: dict = field(default_factory=dict)

    @property
    def main(self) -> str | None:
        """The level the division was read at (its first; outlines aside)."""
        return next((k for k in self.areas if k != OUTLINES), None)

    def levels(self) -> dict:
        """The stored areas per CBS level (outlines aside), for :func:`hotspots.levels.areas_at`."""
        return {k: v for k, v in self.areas.items() if k != OUTLINES}

    def outlines_key(self) -> str | None:
        """Which of the areas the map outlines and names: the wijken beside buurten, else :data:`OUTLINES`."""
        if OUTLINES in self.areas:
            return OUTLINES
        main = self.main
        if main in LEVELS and LEVELS.index(main) < LEVELS.index("wijk") and "wijk" in self.areas:
            return "wijk"
        return None

    def put_outlines(self, frame) -> None:
        """Set (or with None remove) the outlines: a coarser level of the division where they are one
        (wijken beside buurten), else kept under :data:`OUTLINES` as what they are."""
        key = self.outlines_key()
        if key is not None:
            self.areas.pop(key)
        if frame is None:
            return
        level, main = level_key(frame, default="wijk"), self.main
        coarser = level in LEVELS and main in LEVELS and LEVELS.index(level) > LEVELS.index(main)
        self.areas[level if coarser and level not in self.areas else OUTLINES] = frame


def level_key(frame, default: str = "buurt") -> str:
    """The level an Areas frame is at: its ``level`` column's most common value, else ``default``."""
    if frame is not None and "level" in getattr(frame, "columns", ()):
        levels = frame["level"].dropna().astype(str)
        if len(levels):
            return str(levels.mode().iloc[0])
    return default


class _Reports(dict):
    """``Project.reports`` as schema v2 had it (kind -> report): a copy whose writes go to the project."""

    def __init__(self, project: "Project"):
        super().__init__(project._v2_reports())
        self._project = project

    def __setitem__(self, kind, report) -> None:
        super().__setitem__(kind, report)
        self._project._set_report(kind, report)

    def update(self, *args, **kw) -> None:  # dict.update does not call __setitem__
        for k, v in dict(*args, **kw).items():
            self[k] = v


class Project:
    """Everything the user loaded and chose (see the module docstring).

    ``settings`` (method, parameters, filters; opaque here), ``view`` (what the window showed),
    ``name`` and ``snapshot`` (the window's views as plain JSON, opaque here) are as in v2.
    ``loose_reports`` keeps import reports of v2 kinds without data, so that nothing is lost;
    ``problems`` names what of a damaged file's metadata was left out when it was read.
    The keywords ``areas``, ``incidents``, ``counts``, ``outlines`` and ``reports`` fill the
    first division and sources as the v2 attributes do.
    """

    def __init__(self, areas=None, incidents=None, counts=None, outlines=None, reports=None, settings=None,
                 view=None, name: str = "", snapshot=None, *, sources=None, themes=None, divisions=None,
                 loose_reports=None, problems=None):
        self.sources: list[Source] = list(sources or [])
        self.themes: list[Theme] = list(themes or [])
        self.divisions: list[Division] = list(divisions or [])
        self.settings: dict = dict(settings or {})
        self.view: dict = dict(view or {})
        self.name = name
        self.snapshot: dict = dict(snapshot or {})
        self.loose_reports: dict = dict(loose_reports or {})
        self.problems: list = list(problems or [])  # what of a damaged file's metadata was left out (Dutch)
        for attr, value in (("areas", areas), ("outlines", outlines), ("incidents", incidents), ("counts", counts)):
            if value is not None:
                setattr(self, attr, value)
        if reports:
            self.reports.update(reports)

    def __repr__(self) -> str:
        divisions = [(d.name, list(d.areas)) for d in self.divisions]
        return (f"Project(name={self.name!r}, sources={[(s.name, s.kind) for s in self.sources]}, "
                f"themes={[t.name for t in self.themes]}, divisions={divisions})")

    def is_empty(self) -> bool:
        return not self.sources and not self.divisions

    def copy(self, **changes) -> "Project":
        """A shallow copy (the frames shared, the lists and dicts new) with some attributes changed."""
        out = Project(sources=[Source(s.name, s.kind, s.data, dict(s.report)) for s in self.sources],
                      themes=[Theme(t.name, dict(t.categories)) for t in self.themes],
                      divisions=[Division(d.name, dict(d.areas), dict(d.reports)) for d in self.divisions],
                      settings=self.settings, view=self.view, name=self.name, snapshot=self.snapshot,
                      loose_reports=self.loose_reports)
        for k, v in changes.items():
            if not hasattr(out, k):
                raise AttributeError(k)
            setattr(out, k, v)
        return out

    # -- sources, themes, divisions -----------------------------------------------------------------
    def source(self, name: str) -> Source:
        """The source called ``name`` (a Dutch :class:`ProjectError` listing the names when there is none)."""
        for s in self.sources:
            if s.name == name:
                return s
        for s in self.sources:  # as the user types it: case and surrounding spaces ignored
            if s.name.strip().casefold() == str(name).strip().casefold():
                return s
        have = ", ".join(s.name for s in self.sources) or "geen"
        raise ProjectError(f"Het project heeft geen bron '{name}'. Bronnen: {have}.")

    def sources_of(self, kind: str) -> list[Source]:
        return [s for s in self.sources if s.kind == kind]

    def _free_name(self, name: str, taken) -> str:
        taken = {t.casefold() for t in taken}
        out, n = name, 2
        while out.casefold() in taken:
            out, n = f"{name} ({n})", n + 1
        return out

    def add_source(self, kind: str, data, report: dict | None = None, name: str | None = None) -> Source:
        """Add a source beside the others (its name made unique with " (2)", " (3)" ...)."""
        name = self._free_name(name or name_from_report(report, kind), [s.name for s in self.sources])
        source = Source(name, kind, data, dict(report or {}))
        self.sources.append(source)
        return source

    def theme(self, name: str) -> Theme:
        for t in self.themes:
            if t.name.strip().casefold() == str(name).strip().casefold():
                return t
        have = ", ".join(t.name for t in self.themes) or "geen"
        raise ProjectError(f"Het project heeft geen thema '{name}'. Thema's: {have}.")

    def set_theme(self, theme: Theme) -> Theme:
        """Add ``theme``, or replace the one with its name."""
        self.themes = [t for t in self.themes if t.name.strip().casefold() != theme.name.strip().casefold()]
        self.themes.append(theme)
        return theme

    def division(self, name: str | None = None) -> Division:
        """The division called ``name`` (the first when None)."""
        if name is None and self.divisions:
            return self.divisions[0]
        for d in self.divisions:
            if name is not None and d.name.strip().casefold() == str(name).strip().casefold():
                return d
        have = ", ".join(d.name for d in self.divisions) or "geen"
        raise ProjectError(f"Het project heeft geen gebiedsindeling '{name}'. Indelingen: {have}."
                           if name else "Het project heeft nog geen gebiedsgrenzen.")

    def add_division(self, areas, report: dict | None = None, name: str | None = None,
                     level: str | None = None) -> Division:
        """Add a boundary file's areas as a division of their own, beside the current one."""
        name = self._free_name(name or name_from_report(report, "boundaries"), [d.name for d in self.divisions])
        level = level or level_key(areas)
        division = Division(name, {level: areas}, {level: dict(report)} if report else {})
        self.divisions.append(division)
        return division

    # -- the v2 attributes --------------------------------------------------------------------------
    def _first(self, kind: str) -> Source | None:
        return next((s for s in self.sources if s.kind == kind), None)

    def _put_source(self, kind: str, data) -> None:
        first = self._first(kind)
        if data is None:
            if first is not None:
                self.sources.remove(first)
        elif first is None:
            self.add_source(kind, data, name=DEFAULT_NAMES[kind])
        else:
            first.data = data

    @property
    def incidents(self):
        """The first incident source's data (v2's one incidents layer); setting it replaces that source's data."""
        first = self._first(INCIDENTS)
        return None if first is None else first.data

    @incidents.setter
    def incidents(self, data) -> None:
        self._put_source(INCIDENTS, data)

    @property
    def counts(self):
        """The first counts source's data; setting it replaces that source's data."""
        first = self._first(COUNTS)
        return None if first is None else first.data

    @counts.setter
    def counts(self, data) -> None:
        self._put_source(COUNTS, data)

    @property
    def areas(self):
        """The first division's areas at the level it was read at; setting them replaces those."""
        if not self.divisions:
            return None
        d = self.divisions[0]
        return d.areas.get(d.main)

    @areas.setter
    def areas(self, frame) -> None:
        if frame is None:
            if self.divisions:
                d = self.divisions[0]
                d.areas.pop(d.main, None)
                if not d.areas:
                    self.divisions.pop(0)
            return
        if not self.divisions:
            self.divisions.append(Division(DEFAULT_NAMES["boundaries"]))
        d = self.divisions[0]
        level = level_key(frame)
        old = d.main
        rest = {k: v for k, v in d.areas.items() if k not in (old, level)}
        d.areas = {level: frame, **rest}
        if old is not None and old != level and old in d.reports:
            d.reports[level] = d.reports.pop(old)

    @property
    def outlines(self):
        """The areas outlined and named on the map (v2's outlines layer): the first division's wijken when
        its areas are buurten, else what was set as outlines; None when there are none."""
        key = self.divisions[0].outlines_key() if self.divisions else None
        return None if key is None else self.divisions[0].areas[key]

    @outlines.setter
    def outlines(self, frame) -> None:
        if not self.divisions:
            if frame is None:
                return
            self.divisions.append(Division(DEFAULT_NAMES["boundaries"]))
        self.divisions[0].put_outlines(frame)

    @property
    def reports(self) -> dict:
        """v2's reports: ``{"boundaries": ..., "incidents": ..., "counts": ...}`` of the first division and
        sources (a dict; ``project.reports[kind] = report`` stores it with that division or source)."""
        return _Reports(self)

    @reports.setter
    def reports(self, value: dict) -> None:
        self.loose_reports = {}
        self.reports.update(value or {})

    def _v2_reports(self) -> dict:
        out = dict(self.loose_reports)
        if self.divisions and self.divisions[0].main in self.divisions[0].reports:
            out["boundaries"] = self.divisions[0].reports[self.divisions[0].main]
        for kind in SOURCE_KINDS:
            first = self._first(kind)
            if first is not None and first.report:
                out[kind] = first.report
        return out

    def _set_report(self, kind: str, report) -> None:
        report = dict(report) if report is not None else {}
        if kind == "boundaries" and self.divisions and self.divisions[0].main is not None:
            d = self.divisions[0]
            d.reports[d.main] = report
            if d.name == DEFAULT_NAMES["boundaries"] and report.get("path"):
                d.name = self._free_name(name_from_report(report, kind), [x.name for x in self.divisions[1:]])
            return
        first = self._first(kind) if kind in SOURCE_KINDS else None
        if first is None:
            self.loose_reports[kind] = report
            return
        first.report = report
        if first.name == DEFAULT_NAMES[kind] and report.get("path"):  # named after its file, as a new source is
            first.name = self._free_name(name_from_report(report, kind),
                                         [s.name for s in self.sources if s is not first])
