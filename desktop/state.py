"""The window's state as plain, evented objects (no Qt: an import-linter contract keeps it so).

After glue's viewer state classes and napari's evented models: a field assignment
notifies whoever listens, and the widgets bind to the fields instead of keeping the
state themselves. The state is split by where it lives:

- :class:`ProjectSettings`: what is saved with the project (the period and category
  filters, the method and its parameters, the selected areas, the export privacy choice);
  a change makes the project dirty;
- :class:`Session`: what belongs to the running window (the project's data and its file,
  the analysis and charts shown, the plan and its map, the page on the map, the snapshot
  on screen while the data loads, whether there are unsaved changes).

>>> s = ProjectSettings()
>>> seen = []
>>> s.events.connect("filters", seen.append)
>>> s.filters = {"start": "2016-01"}
>>> s.filters = {"start": "2016-01"}   # the same value: no event
>>> with s.events.blocker("filters"):
...     s.filters = {}
>>> seen
[{'start': '2016-01'}]
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable, Iterator

from importers.project import Project

ANY = "*"


class Events:
    """Callbacks per field name (``"*"``: every field, called with ``(name, value)``)."""

    def __init__(self) -> None:
        self._callbacks: dict[str, list[Callable]] = {}
        self._blocked: dict[str, int] = {}

    def connect(self, name: str, callback: Callable) -> None:
        self._callbacks.setdefault(name, []).append(callback)

    def disconnect(self, name: str, callback: Callable) -> None:
        if callback in self._callbacks.get(name, []):
            self._callbacks[name].remove(callback)

    def emit(self, name: str, value: Any) -> None:
        if self._blocked.get(name) or self._blocked.get(ANY):
            return
        for callback in list(self._callbacks.get(name, [])):
            callback(value)
        for callback in list(self._callbacks.get(ANY, [])):
            callback(name, value)

    @contextmanager
    def blocker(self, name: str = ANY) -> Iterator[None]:
        """No events of ``name`` (default: of any field) inside the ``with`` block."""
        self._blocked[name] = self._blocked.get(name, 0) + 1
        try:
            yield
        finally:
            self._blocked[name] -= 1


class Evented:
    """A dataclass whose field assignments emit ``events`` when the value changes."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "events", Events())
        object.__setattr__(self, "_names", frozenset(f.name for f in fields(self)))

    def __setattr__(self, name: str, value: Any) -> None:
        events = self.__dict__.get("events")
        if events is None or name not in self._names:
            object.__setattr__(self, name, value)
            return
        old = self.__dict__.get(name)
        object.__setattr__(self, name, value)
        if not _same(old, value):
            events.emit(name, value)

    def update(self, **values) -> None:
        for name, value in values.items():
            setattr(self, name, value)


_PLAIN = (str, int, float, bool, dict, list, tuple, Path, type(None))


def _same(a, b) -> bool:
    """Equal plain values (settings, codes, paths); anything else (frames, results) only when identical."""
    if a is b:
        return True
    return isinstance(a, _PLAIN) and isinstance(b, _PLAIN) and a == b


@dataclass(eq=False)
class ProjectSettings(Evented):
    """What is saved with the project (``Project.settings`` and ``Project.view``)."""

    filters: dict = field(default_factory=dict)   # {"start": "2016-01", "end": "2017-09", "category": None}
    #                                              and a chart click's "when" (desktop.when_filter), if any
    method: str | None = None                    # the declaration the form shows ("hotspots")
    params: dict = field(default_factory=dict)   # its validated values
    selected: list = field(default_factory=list)  # area codes (at ``level``)
    level: str | None = None                     # buurt, wijk or gemeente (None: the areas' own level)
    export: Any = None                           # desktop.export_settings.ExportSettings; None: the user's default
    sources: list = field(default_factory=list)  # the sources shown (names; empty: desktop.choice.default_sources)
    theme: str | None = None                     # the project's theme shown (None: all categories)
    division: str | None = None                  # the boundary division the map and analysis use (None: the first)

    def load(self, settings: dict | None, view: dict | None, *, keep_filters: bool = False,
             keep_selection: bool = False) -> None:
        """Take a project's saved settings (no events: the caller refreshes the views)."""
        settings = settings or {}
        with self.events.blocker():
            if not keep_filters:
                self.filters = dict(settings.get("filters") or {})
            self.method = settings.get("method")
            self.params = dict(settings.get("params") or {})
            self.sources = [str(n) for n in settings.get("sources") or []]
            self.theme = settings.get("theme") or None
            self.division = settings.get("division") or None
            if not keep_selection:
                self.selected = [str(c) for c in (view or {}).get("selected", [])]
                level = (view or {}).get("level")
                self.level = str(level) if level else None

    def to_settings(self, export: dict) -> dict:
        """As ``Project.settings`` (``export``: the export choice as a dict)."""
        out = {"method": self.method, "params": dict(self.params), "filters": dict(self.filters), "export": export}
        chosen = {"sources": list(self.sources), "theme": self.theme, "division": self.division}
        return {**out, **{k: v for k, v in chosen.items() if v}}  # the source, theme and division chosen

    def view(self) -> dict:
        """As ``Project.view``."""
        return {"selected": list(self.selected), **({"level": self.level} if self.level else {})}

    def period_text(self) -> str | None:
        """The chosen period as a map or export shows it (``"2016-01 t/m 2017-09"``)."""
        f = self.filters
        if f.get("start") and f.get("end"):
            return f"{f['start']} t/m {f['end']}"
        return None


@dataclass(eq=False)
class Session(Evented):
    """What belongs to the running window and is never saved as settings."""

    project: Project = field(default_factory=Project)
    path: Path | None = None         # the project's file (None: Save asks where)
    analysis: Any = None             # desktop.tasks.Analysis shown
    table: dict | None = None        # its table as plain cells (desktop.table_cells)
    charts: Any = None               # desktop.tasks.ChartData shown
    plan: Any = None                 # the Inzet tab's last plan
    plan_map: Path | None = None     # its map, while the map view shows it
    map_page: Path | None = None     # the page the map view shows (None: a message)
    shown: dict | None = None        # the snapshot on screen until the rerun confirms or replaces it
    snapshot_page: Path | None = None  # the snapshot's map page
    layers: dict = field(default_factory=dict)   # the data panel's lines per layer
    months: tuple | None = None      # the first and last month the period lists offer
    categories: list = field(default_factory=list)
    dirty: bool = False              # unsaved changes

    def title(self) -> str:
        """The project's name for the title bar (without the ``*``)."""
        return self.project.name or (self.path.stem if self.path else "")


def offered_filters(filters: dict, months: tuple | None, categories: list, default: str | None = None) -> dict:
    """``filters`` as the period and category lists can show them: a month outside the data becomes its
    first (start) or last (end) month, an unknown category ``default`` (None: all categories; police counts
    name the one analysed, as they are never summed).

    >>> offered_filters({"start": "2010-01", "category": "x"}, ("2013-01", "2017-09"), ["fiets"])
    {'start': '2013-01', 'end': '2017-09', 'category': None}
    >>> offered_filters({}, None, ["0.0.0", "1.2.3"], default="0.0.0")["category"]
    '0.0.0'
    """
    first, last = months if months else (None, None)
    start, end = filters.get("start"), filters.get("end")
    if months:
        start = start if start and first <= start <= last else first
        end = end if end and first <= end <= last else last
    else:  # no dates: the lists are empty
        start = end = None
    category = filters.get("category")
    out = {"start": start, "end": end, "category": category if category in categories else default}
    from desktop import when_filter  # a chart click's filter stays when it fits the period (a month inside it)

    when = when_filter.clean(filters.get("when"))
    if when is not None and when_filter.within(when, start, end):
        out["when"] = when
    return out


@dataclass(eq=False)
class Questions(Evented):
    """The Ontwikkeling and Tijden views' choices and what they show (the running window; not saved)."""

    source: str = "incidents"        # "incidents" or "counts", where the project has both
    development: Any = None          # desktop.change_tasks.Development shown
    comparison: Any = None           # (table, notes, map page) of period A against period B shown
    hottimes: Any = None             # desktop.change_tasks.HotTimes shown
