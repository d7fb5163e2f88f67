"""The project: new, open (its snapshot first), the demo, imported data, save and autosave.

Opening a saved project (or the cached demo) first shows its snapshot (:mod:`desktop.snapshot`, here
``saved_view``): what its window showed, without pandas; the data loads once the views are built
(:attr:`ProjectController.views_pending`), the analysis reruns, and the views are redrawn only where the
rerun differs from the snapshot (:class:`desktop.control.analysis.AnalysisController`).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QTimer, Signal

from desktop import export_settings, gcpause, overview, procpool, tasks, workers
from desktop import snapshot as saved_view
from desktop.control.base import STATUS, Feature
from desktop.state import offered_filters
from desktop.strings import tr
from importers.project import Project, load_project, save_project

log = logging.getLogger(__name__)

#: Milliseconds after the last change before the autosave writes (changes in a row are saved once).
AUTOSAVE_DELAY_MS = 1500
#: Milliseconds a large project waits after a change of the view alone (period, category, level, a selection):
#: writing it takes the one worker process for many seconds (~20 s for a national project), and a switch the
#: user makes meanwhile waits behind it. Its data and settings are in the autosave file already; only the view
#: would be lost in a crash, and a change of data or settings is saved after the usual delay.
VIEW_AUTOSAVE_MS = 120_000
#: Milliseconds before a failed autosave is tried again (doubled after each failure, up to the maximum).
RETRY_MS, RETRY_MAX_MS = 15_000, 300_000


def _prepare(load, *args, progress=None, cancelled=None) -> Project:
    """Load a project (``load(*args)`` is a core function) and give its incidents their area codes."""
    from kernel.progress import as_progress

    p = as_progress(progress, cancelled)
    project = load(*args, progress=p.slice(0.0, 0.7), cancelled=cancelled)
    areas = project.areas
    todo = [s for s in project.sources_of("incidents")
            if areas is not None and ("area" not in s.data or s.data["area"].isna().all())]
    for i, source in enumerate(todo):  # every incident source in the first division's areas
        source.data = tasks.assign_areas(source.data, areas, cancelled=cancelled,
                                         progress=p.slice(0.7 + 0.3 * i / len(todo), 0.7 + 0.3 * (i + 1) / len(todo)))
    overview.prepare(project)  # the lists and lines the window shows, here rather than on the GUI thread
    return project


def _given(project: Project, progress=None, cancelled=None) -> Project:
    return project


def _title(path: Path | None, name: str | None) -> str:
    """The window's title for a project opened from ``path``: the file's name (a copied project kept its old
    name inside until it was saved), but the project's own for the crash copy and the demo."""
    from desktop.settings_store import autosave_path

    if path is not None and Path(path) != autosave_path():
        return Path(path).stem
    return name or tr("app.untitled")


class ProjectController(Feature):
    """The project's data and file.

    Signals
    -------
    loaded(object)
        A project is in the session (its settings in ``chosen``); the router refreshes the views and
        starts the analysis.
    snapshotShown(dict)
        A saved window's picture is in the session (``{}``: none); the router shows it.
    leaving()
        Another project is about to open: the work of the current one stops.
    saved(str)
        The project was saved to this path.
    titleChanged(str)
        The project's name (or the snapshot's).
    saveProblem(str)
        A save or autosave failed (the Dutch line stays in the status bar, the autosave is retried);
        ``""`` once a save succeeded again.
    """

    loaded = Signal(object)
    snapshotShown = Signal(dict)
    leaving = Signal()
    saved = Signal(str)
    titleChanged = Signal(str)
    saveProblem = Signal(str)

    def __init__(self, chosen, session, parent=None):
        super().__init__(chosen, session, parent)
        self.loader = self.add_runner(tr("work.open"))
        # saving, autosaving and the demo cache go to the worker process: pyogrio holds the GIL per piece it
        # writes (some 0.1 s per 4,000 rows, whatever the project's size), and pyqtgraph paints in Python, so
        # a chart repainting during a save in a thread waited for every piece (60 ms of painting took 0.4 s).
        # They have a process of their own (procpool.BACKGROUND): writing a national project takes some 20 s,
        # and in the analyses' process every switch of level or period made meanwhile waited for it
        self.saver = self.add_runner(tr("work.save"), process=procpool.BACKGROUND)
        # background saves: a line in the status bar, no message box
        self.autosaver = self.add_runner(tr("work.save"), process=procpool.BACKGROUND, progress=False, errors=None)
        self.cacher = self.add_runner(tr("work.save"), process=procpool.BACKGROUND, progress=False, errors=STATUS)
        self.loader.resultReady.connect(self._on_loaded)
        self.loader.errorOccurred.connect(lambda _: self._load_failed())
        self.loader.cancelled.connect(self._load_failed)
        self.saver.resultReady.connect(self._on_saved)
        self.saver.errorOccurred.connect(lambda err: self.saveProblem.emit(
            tr("status.save_failed", error=err.exception)))
        self.autosaver.resultReady.connect(self._on_autosaved)
        self.autosaver.errorOccurred.connect(self._autosave_failed)
        # the autosave writes shortly after each change (several in a row: once), and after a failure again
        self._changes = self._autosaved = 0  # changes counted, and the count the autosave file holds
        self._work_changes = 0  # the count at the last change of data or settings (not the view alone)
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave_timer.timeout.connect(self._autosave_due)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._autosave_due)
        self.retry_ms = RETRY_MS  # the next wait after a failure
        self._pending_autosave = 0
        #: Whether the views that a snapshot is drawn on are still being built (the router says so).
        self.views_pending: Callable[[], bool] = lambda: False
        #: Whether other features are still computing what a snapshot would save (the router says so).
        self.busy: Callable[[], bool] = lambda: False
        self._pending_path: Path | None = None  # where the project being loaded comes from
        self._after_views: list = []  # work that waits until the views are built
        self._cache_demo = False

    # -- opening ------------------------------------------------------------------------------
    def open_demo(self) -> None:
        """The demo project: from its cache (with snapshot) when an earlier start wrote one, else from the
        bundled files (and then the cache is written once the window is filled)."""
        from desktop.settings_store import demo_cache_path

        cache = demo_cache_path()
        snap = saved_view.read(cache)
        if snap.get("source") == tasks.demo_fingerprint():
            self.open_project(cache, as_new=True, label=tr("app.demo"), snap=snap)
            return
        self._leave_current()
        self._show_snapshot({})
        self._cache_demo = True
        self.loader.process = False
        self.loader.start(_prepare, tasks.load_demo, label=tr("app.demo"))

    def open_project(self, path, *, as_new: bool = False, label: str | None = None, snap: dict | None = None) -> None:
        """Open a project file: its snapshot at once, its data in the background (``as_new``: not tied
        to ``path``, so that Save asks where; the demo's cache). ``snap``: its snapshot, if already read."""
        path = Path(path)
        self._leave_current()
        self._pending_path = None if as_new else path

        def load() -> None:
            # a large project is read in the worker process: pyogrio holds the GIL for each piece it reads, and
            # 200,000 incidents in a thread stalled the window up to 0.1 s at a time
            large = path.exists() and path.stat().st_size >= procpool.PROCESS_BYTES
            self.loader.process = "always" if large else False
            self.loader.start(_prepare, load_project, path, label=label or path.name)

        if self._show_snapshot(saved_view.read(path) if snap is None else snap) and self.views_pending():
            self._after_views.append(load)  # the picture first: the import thread builds the views
        else:
            load()

    def new_project(self) -> None:
        self._leave_current()
        self._show_snapshot({})
        self.set_project(Project(), None)

    def _leave_current(self) -> None:
        """Before another project opens: the work of the current one stops (its results would land in
        the new one's views), a save under way is finished; nothing is cached as the demo any more."""
        self._after_views.clear()
        self.session.shown = None  # so that cancelling the load below is no failed open (_load_failed)
        self.leaving.emit()
        self._pending_path = None
        self._cache_demo = False

    def _show_snapshot(self, snap: dict) -> bool:
        """Put what a saved window showed (plain data; no pandas) in the session until the rerun arrives.

        Meanwhile ``session.project`` is still the previous one: saving, autosaving, exporting and the
        charts wait (:meth:`opening`)."""
        s = self.session
        s.shown = snap or None
        s.snapshot_page = None
        if snap:
            with self.chosen.events.blocker():  # the views are refreshed from the state (snapshotShown)
                self.chosen.selected = list(snap.get("selected") or [])
                self.chosen.filters = dict(snap.get("filters") or {})
                self.chosen.level = snap.get("level") or None  # the level its table is at
            s.layers = dict(snap.get("layers") or {})
            s.months = tuple(snap["months"]) if snap.get("months") else None
            s.categories = list(snap.get("categories") or [])
            s.table = snap["table"]
            page = saved_view.map_file(snap)
            if page is not None:
                s.snapshot_page = s.map_page = page.resolve()
        self.snapshotShown.emit(dict(snap))
        if snap:
            self.titleChanged.emit(_title(self._pending_path, snap.get("title")))
        return bool(snap)

    def opening(self) -> bool:
        """Whether a project's snapshot is shown while its data is still on its way."""
        return self.session.shown is not None and (bool(self._after_views) or self.loader.is_running())

    def waiting(self) -> bool:
        """Whether a project waits for the views before its data is read."""
        return bool(self._after_views)

    def views_ready(self) -> None:
        waiting, self._after_views = self._after_views, []
        for work in waiting:
            work()

    def _load_failed(self) -> None:
        """The project could not be opened (error, or Afbreken): show the project that is still there."""
        self._after_views.clear()
        self._pending_path = None
        if self.session.shown is not None:
            self.session.shown = None
            self.status.emit(tr("status.open_failed"))
            self.set_project(self.session.project, self.session.path)

    def _on_loaded(self, project: Project) -> None:
        self.set_project(project, self._pending_path)
        self._pending_path = None

    def set_project(self, project: Project, path: Path | None) -> None:
        """Put ``project`` in the session and its settings in ``chosen`` (then :attr:`loaded`)."""
        s = self.session
        s.project, s.path, s.analysis, s.dirty = project, path, None, False
        s.plan = s.plan_map = None
        settings = project.settings or {}
        (s.months, s.categories), layers = overview.prepared(project)
        with self.chosen.events.blocker():  # a project's own settings are no change (the views follow: loaded)
            # while a snapshot was shown the user may already have chosen another period and areas: they stay
            self.chosen.load(settings, project.view, keep_filters=s.shown is not None,
                             keep_selection=s.shown is not None)
            self.chosen.export = export_settings.for_project(settings)  # none saved: the user's default
            if project.incidents is not None or project.counts is not None:
                self.chosen.filters = offered_filters(self.chosen.filters, s.months, s.categories,
                                                      default=overview.count_categories(project)[1])
        s.layers = layers
        self._autosaved = self._changes  # the project as it was opened: nothing to autosave yet
        if s.shown is None:  # else the snapshot's rows stay until the rerun's arrive
            s.table = None
        if procpool.wants_process((project.incidents,), {}):
            procpool.warm_up(workers.waiters())  # the worker process starts while the window shows the data
        self.titleChanged.emit(_title(path, project.name))
        gcpause.settle()  # the project's frames are long-lived: full collections skip them (desktop.gcpause)
        self.loaded.emit(project)

    def add_imported(self, kind: str, data, report, mode: str = "replace") -> None:
        """Put what the wizard imported into the project and recompute. ``mode`` (the answer to
        :func:`desktop.questions.import_over`): ``"replace"`` the data of its kind, ``"add_source"`` incidents or
        counts as a new source beside the others, ``"beside"`` boundaries as another division; what was added
        is chosen in the window."""
        self._cache_demo = False  # the demo plus the user's own data is no longer the demo
        project = self.session.project
        plain = report.to_dict() if hasattr(report, "to_dict") else dict(report or {})
        # what was added is chosen quietly: the project arrives as an opened one does (below), with this choice in
        # its view, and the views and the analysis follow it once (a rerun now was overtaken by that arrival, and
        # a click in the window meanwhile undone by it)
        if mode == "add_source" and kind in ("incidents", "counts"):
            source = project.add_source(kind, data, plain)
            with self.chosen.events.blocker():
                self.chosen.sources = [source.name]
        elif mode == "beside" and kind == "boundaries":
            with self.chosen.events.blocker():
                self.chosen.division = project.add_division(data, plain).name
        else:
            tasks.put_layer(project, kind, data, report)
            if kind == "boundaries":  # _prepare assigns them to the new areas
                for source in project.sources_of("incidents"):
                    if "area" in source.data:
                        source.data = source.data.drop(columns="area")
        project.settings = self.settings()
        project.view = self.chosen.view()
        self.session.dirty = True
        self.changed()
        self.show(project, self.session.path, label=tr("work.import"))

    def show(self, project: Project, path: Path | None = None, label: str = "") -> None:
        """Put ``project``, in memory already, in the window the way an opened file arrives: the loader's thread
        gives its incidents their areas where they have none and prepares its lists (then :attr:`loaded`)."""
        self.loader.process = False  # the data is here already
        self.loader.start(_prepare, _given, project, label=label or tr("work.import"))
        self._pending_path = path

    # -- the demo's cache ----------------------------------------------------------------------
    def maybe_cache_demo(self) -> None:
        """After the demo's first start from its files: save it with its snapshot for the next start."""
        if not self._cache_demo or self.session.analysis is None or self.busy():
            return
        from desktop.settings_store import demo_cache_path

        self._cache_demo = False
        project = self.snapshot()
        project.settings.pop("export", None)  # the demo follows the user's default, not the one of its first start
        project.snapshot["source"] = tasks.demo_fingerprint()
        self.cacher.start(save_project, project, demo_cache_path())

    # -- saving -------------------------------------------------------------------------------
    def export_choice(self):
        """The project's export privacy choice (:class:`desktop.export_settings.ExportSettings`)."""
        return self.chosen.export or export_settings.load()

    def settings(self) -> dict:
        return self.chosen.to_settings(self.export_choice().to_dict())

    def view_snapshot(self) -> dict:
        """What the window shows now, as a :mod:`desktop.snapshot` (``{}`` while work is under way)."""
        s = self.session
        if self.loader.is_running() or self.busy() or s.analysis is None or s.charts is None \
                or s.shown is not None or s.table is None:
            return {}
        try:
            snap = saved_view.take(table=s.table, charts=s.charts, map_path=s.analysis.map_path,
                                   layers=s.layers, months=s.months, categories=s.categories)
        except Exception:  # noqa: BLE001 - the picture is a cache of what the data give again: never a lost save
            log.warning("Momentopname van het venster niet bewaard; het project wordt zonder opgeslagen.",
                        exc_info=True)
            return {}
        snap.update(filters=dict(self.chosen.filters), selected=list(self.chosen.selected), title=s.title(),
                    level=self.chosen.level)
        return snap

    def snapshot(self) -> Project:
        # a copy of every source, theme and division (schema v3), not only the ones the window shows
        return self.session.project.copy(settings=self.settings(), view=self.chosen.view(),
                                         snapshot=self.view_snapshot())

    def save(self, path) -> None:
        if self.opening():
            self.status.emit(tr("status.still_opening"))
            return
        path = Path(path)
        try:
            snap = self.snapshot()
        except Exception as exc:  # noqa: BLE001 - said where saves say their problems, never a silent non-save
            log.exception("Project niet opgeslagen")
            self.saveProblem.emit(tr("status.save_failed", error=exc))
            self.status.emit(tr("status.save_failed", error=exc))
            return
        if not snap.name:
            snap.name = path.stem
        self.saver.start(save_project, snap, path, label=path.name)

    def _on_saved(self, path) -> None:
        from desktop.settings_store import autosave_path

        self.saveProblem.emit("")
        if not self.autosaver.is_running():  # nothing unsaved: no older state to offer after a crash
            autosave_path().unlink(missing_ok=True)
            self._autosaved = self._changes
        s = self.session
        s.path = Path(path)
        s.project.name = s.project.name or Path(path).stem
        s.dirty = False
        self.titleChanged.emit(Path(path).stem)  # the file's name, as the user just chose it
        self.saved.emit(str(path))
        self.status.emit(tr("status.saved", path=path))

    def changed(self, view: bool = False) -> None:
        """Something the project saves changed: the autosave follows shortly (a large project waits longer
        for the next change: writing it takes the worker process for seconds). ``view``: only the view changed
        (the data panel's choices); a large project whose data and settings are all in the autosave file then
        waits :data:`VIEW_AUTOSAVE_MS`."""
        self._changes += 1
        if not view:
            self._work_changes = self._changes
        large = procpool.wants_process((self.session.project,), {})
        if large and view and self._work_changes <= self._autosaved:
            self._autosave_timer.start(VIEW_AUTOSAVE_MS)
        else:
            self._autosave_timer.start(AUTOSAVE_DELAY_MS * (10 if large else 1))

    def _autosave_due(self) -> None:
        if self._changes != self._autosaved:
            self.autosave()

    def autosave(self, path=None) -> None:
        """Write the project with its unsaved changes to the autosave file (in the worker process). While
        another save runs or a project opens it is tried again shortly."""
        from desktop.settings_store import autosave_path

        if not self.session.dirty or self.session.project.is_empty():
            return
        if self.saver.is_running() or self.opening() or self.autosaver.is_running() or self.busy():
            self._autosave_timer.start()  # after the work under way (one worker process: it would wait)
            return
        self._pending_autosave = self._changes
        self.autosaver.start(save_project, self.snapshot(), Path(path or autosave_path()))

    def _on_autosaved(self, _path) -> None:
        self._autosaved = self._pending_autosave
        self.retry_ms = RETRY_MS
        self.saveProblem.emit("")
        self.status.emit(tr("status.autosaved"))
        if self._changes != self._autosaved:  # changed again while it was written
            self._autosave_timer.start()

    def _autosave_failed(self, err) -> None:
        """Said in the status bar until a save succeeds, and tried again (later each time)."""
        self.saveProblem.emit(tr("status.autosave_failed_retry", error=err.exception,
                                 seconds=self.retry_ms // 1000))
        self._retry.start(self.retry_ms)
        self.retry_ms = min(self.retry_ms * 2, RETRY_MAX_MS)
