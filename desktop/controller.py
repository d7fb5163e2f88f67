"""The one place that routes: panel signals in, core calls through the workers, views updated.

The panels know nothing of each other or of the window; the :class:`Controller`
holds the state (:class:`ViewState`) and the runners, listens to every panel,
and tells the panels what to show. Linked views live here:

- map click or table selection -> ``select(codes)`` -> table, map and charts follow;
- period or category change -> the analysis reruns -> map, table and charts follow;
- Inzet tab 'Plan maken' -> the plan is made here (``plan_maker``) -> the panel shows it, the map draws it.

Every long job runs on a :class:`desktop.workers.Runner` owned here; :meth:`Controller.cancel`
(Afbreken in the status bar) stops all of them.

Opening a saved project (or the cached demo) first shows its snapshot (:mod:`desktop.snapshot`, here
``saved_view``): what its window showed, without pandas; the data loads once the charts are built, the
analysis reruns, and the views are redrawn only where the rerun differs from the snapshot.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from desktop import errors, export_settings, procpool, workers
from desktop import tasks
from desktop import snapshot as saved_view
from desktop.strings import tr
from desktop.workers import Runner
from importers.project import Project, load_project, save_project

AUTOSAVE_MS = 120_000


@dataclass
class ViewState:
    """Everything the window shows, as plain data (what a project saves as ``view``/``settings``)."""

    project: Project = field(default_factory=Project)
    path: Path | None = None
    filters: dict = field(default_factory=dict)
    selected: list = field(default_factory=list)
    method: str | None = None
    params: dict = field(default_factory=dict)
    analysis: tasks.Analysis | None = None
    charts: tasks.ChartData | None = None
    plan: Any = None                 # the Inzet tab's last plan
    plan_map: Path | None = None     # its map, while the map view shows it
    shown: dict | None = None        # the snapshot on screen until the rerun confirms or replaces it
    export: Any = None               # the project's export privacy choice (desktop.export_settings)
    dirty: bool = False


def _prepare(load, progress=None, cancelled=None) -> Project:
    """Load a project (``load`` is a core function) and give its incidents their area codes."""
    from kernel.progress import as_progress

    p = as_progress(progress, cancelled)
    project = load(progress=p.slice(0.0, 0.7), cancelled=cancelled)
    inc, areas = project.incidents, project.areas
    if inc is not None and areas is not None and ("area" not in inc or inc["area"].isna().all()):
        project.incidents = tasks.assign_areas(inc, areas, progress=p.slice(0.7, 1.0), cancelled=cancelled)
    return project


class Controller(QObject):
    """Routes the panels of one window. ``dialog_parent`` is only used as parent of message boxes."""

    projectLoaded = Signal()
    analysisDone = Signal(object)
    chartsDone = Signal(object)
    selectionChanged = Signal(list)
    saved = Signal(str)
    status = Signal(str)
    titleChanged = Signal(str)

    def __init__(self, *, data_panel, settings_panel, table, charts, map_view, progress, dialog_parent=None,
                 parent=None):
        super().__init__(parent)
        self.data_panel, self.settings_panel, self.table = data_panel, settings_panel, table
        self.charts, self.map_view, self.progress = charts, map_view, progress
        self.inzet_panel = None
        self.dialog_parent = dialog_parent
        self.state = ViewState()
        self._pending_path: Path | None = None  # where the project being loaded comes from
        self.loader = Runner(tr("work.open"), self)
        # large inputs go to a worker process: the core holds the GIL too long for a thread (desktop.procpool)
        self.analysis = Runner(tr("work.analysis"), self, process=True)
        self.chart_runner = Runner(tr("work.charts"), self, process=True)
        # saving a large project, autosaving and the demo cache go to the worker process: pyogrio holds the
        # GIL per piece it writes, and pyqtgraph paints in Python, so a chart repainting during a save in a
        # thread waited for every piece (a convoy: 60 ms of painting took 0.4 s)
        self.saver = Runner(tr("work.save"), self, process=True)
        self.plan_runner = Runner(tr("work.plan_map"), self)
        self.plan_runner.resultReady.connect(self._on_plan_map)
        self.plan_maker = Runner(tr("inzet.work"), self)  # hotspots.inzet.plan.run for the Inzet tab
        self.plan_maker.resultReady.connect(self._on_plan_made)
        self.plan_maker.errorOccurred.connect(self._on_plan_error)
        self.plan_maker.cancelled.connect(lambda: self._inzet_status(tr("status.cancelled")))
        self.autosaver = Runner(tr("work.save"), self, process="always")
        self.cacher = Runner(tr("work.save"), self, process="always")  # the demo and its snapshot, for next time
        self._cache_demo = False
        self._after_charts_built: list = []  # work that waits until the charts are built (pyqtgraph)
        self._snapshot_page: Path | None = None  # the snapshot's map page while it is shown
        charts.ready.connect(self._charts_built)
        for r in (self.loader, self.analysis, self.saver, self.plan_maker):
            progress.bind(r)
        for r in (self.loader, self.analysis, self.saver, self.chart_runner, self.plan_runner):
            r.errorOccurred.connect(lambda err, r=r: self._error(err, r.title))
        for r in (self.autosaver, self.cacher):  # background saves: a line in the status bar, no message box
            r.errorOccurred.connect(lambda err: self.status.emit(tr("status.autosave_failed", error=err.exception)))
        progress.cancelRequested.connect(self.cancel)
        self.loader.resultReady.connect(self._on_loaded)
        self.loader.errorOccurred.connect(lambda _: self._load_failed())
        self.loader.cancelled.connect(self._load_failed)
        self.analysis.resultReady.connect(self._on_analysis)
        self.analysis.cancelled.connect(lambda: self.status.emit(tr("status.cancelled")))
        self.analysis.finished.connect(self._after_analysis)
        self._charts_after_analysis = False
        self.chart_runner.resultReady.connect(self._on_charts)
        self.saver.resultReady.connect(self._on_saved)
        self.autosaver.resultReady.connect(lambda _: self.status.emit(tr("status.autosaved")))
        data_panel.filtersChanged.connect(self.set_filters)
        settings_panel.runRequested.connect(self.run_analysis)
        table.selectionChanged.connect(lambda codes: self.select(codes, source="table"))
        map_view.areaClicked.connect(lambda code: self.select([code], source="map"))
        map_view.mapReady.connect(lambda _: self.map_view.highlight(self.state.selected))
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()

    # -- loading ------------------------------------------------------------------------------
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
        self.loader.start(_prepare, tasks.load_demo, label=tr("app.demo"))

    def open_project(self, path, *, as_new: bool = False, label: str | None = None, snap: dict | None = None) -> None:
        """Open a project file: its snapshot at once, its data in the background (``as_new``: not tied
        to ``path``, so that Save asks where; the demo's cache). ``snap``: its snapshot, if already read."""
        path = Path(path)
        self._leave_current()
        self._pending_path = None if as_new else path

        def load() -> None:
            self.loader.start(_prepare, lambda **kw: load_project(path, **kw), label=label or path.name)

        if self._show_snapshot(saved_view.read(path) if snap is None else snap) and not self.charts.is_built:
            self._after_charts_built.append(load)  # the picture first: the import thread builds the charts
        else:
            load()

    def _leave_current(self) -> None:
        """Before another project opens: the work of the current one stops (its results would land in
        the new one's views), a save under way is finished; nothing is cached as the demo any more."""
        self._after_charts_built.clear()
        self.state.shown = None  # so that cancelling the load below is no failed open (_load_failed)
        self.cancel(saves=False)
        self._pending_path = None
        self._cache_demo = False

    def _show_snapshot(self, snap: dict) -> bool:
        """Show what a saved window showed (plain data; no pandas) until the rerun arrives.

        Meanwhile ``state.project`` is still the previous one: saving, autosaving, exporting and the
        charts wait (:meth:`opening`)."""
        st = self.state
        st.shown = snap or None
        self._snapshot_page = None
        if not snap:
            self.charts.forget_later()
            return False
        st.selected = list(snap.get("selected") or [])
        st.filters = dict(snap.get("filters") or {})
        self.data_panel.set_layer_texts(snap.get("layers") or {})
        self.data_panel.set_choices(tuple(snap["months"]) if snap.get("months") else None,
                                    snap.get("categories") or [], st.filters)
        self.table.set_plain(snap["table"])
        self.table.select_codes(st.selected)
        charts = saved_view.chart_data(snap)
        if charts is not None:
            self.charts.show_when_built(charts)
        page = saved_view.map_file(snap)
        if page is not None:
            self._snapshot_page = page.resolve()
            self.map_view.load_map(page)
        self.titleChanged.emit(snap.get("title") or tr("app.untitled"))
        return True

    def opening(self) -> bool:
        """Whether a project's snapshot is shown while its data is still on its way."""
        return self.state.shown is not None and self._pending_load()

    def _pending_load(self) -> bool:
        return bool(self._after_charts_built) or self.loader.is_running()

    def _load_failed(self) -> None:
        """The project could not be opened (error, or Afbreken): show the project that is still there."""
        self._after_charts_built.clear()
        self._pending_path = None
        if self.state.shown is not None:
            self.state.shown = None
            self.status.emit(tr("status.open_failed"))
            self.set_project(self.state.project, self.state.path)

    def _charts_built(self) -> None:
        waiting, self._after_charts_built = self._after_charts_built, []
        for work in waiting:
            work()

    def new_project(self) -> None:
        self._leave_current()
        self._show_snapshot({})
        self.set_project(Project(), None)

    def _on_loaded(self, project: Project) -> None:
        self.set_project(project, self._pending_path)
        self._pending_path = None

    def set_project(self, project: Project, path: Path | None) -> None:
        st = self.state
        st.project, st.path, st.analysis, st.dirty = project, path, None, False
        st.plan = st.plan_map = None
        settings = project.settings or {}
        # while a snapshot was shown the user may already have chosen another period: that choice stays
        st.filters = dict(st.filters if st.shown is not None else settings.get("filters") or {})
        st.method = settings.get("method")
        st.params = dict(settings.get("params") or {})
        st.export = export_settings.for_project(settings)  # none saved (a new project): the user's default
        if st.shown is None:  # else the snapshot's selection, or the one the user made since
            st.selected = list((project.view or {}).get("selected", []))
        self.data_panel.set_layers(project.areas, project.incidents, project.counts)
        self.data_panel.set_choices(tasks.month_range(project.incidents), tasks.categories(project.incidents),
                                    st.filters)
        st.filters = self.data_panel.filters() if project.incidents is not None else st.filters
        self.settings_panel.set_settings(settings)
        if st.shown is None:  # else the snapshot's rows stay until the rerun's arrive
            self.table.set_frame(None)
        if procpool.wants_process((project.incidents,), {}):
            procpool.warm_up(workers.executor())  # the worker process starts while the window shows the data
        self._feed_inzet()
        self.titleChanged.emit(project.name or (path.stem if path else tr("app.untitled")))
        self.projectLoaded.emit()
        if project.areas is not None and (project.incidents is not None or project.counts is not None):
            method, params = self.settings_panel.current()
            self.run_analysis(st.method or method or "", st.params or params)
        else:
            self.state.shown = None
            self.map_view.show_message(tr("map.empty"))
            self.update_charts()

    def add_imported(self, kind: str, data, report) -> None:
        """Put what the wizard imported into the project and recompute."""
        self._cache_demo = False  # the demo plus the user's own data is no longer the demo
        project = self.state.project
        tasks.put_layer(project, kind, data, report)
        if kind == "boundaries" and project.incidents is not None and "area" in project.incidents:
            project.incidents = project.incidents.drop(columns="area")  # _prepare assigns them to the new areas
        project.settings = self.settings()
        project.view = {"selected": self.state.selected}
        self.state.dirty = True
        self.loader.start(_prepare, lambda **kw: project, label=tr("work.import"))
        self._pending_path = self.state.path

    # -- analysis -----------------------------------------------------------------------------
    def filtered_incidents(self):
        f = self.state.filters
        return tasks.filter_incidents(self.state.project.incidents, f.get("start"), f.get("end"), f.get("category"))

    def period_text(self) -> str | None:
        f = self.state.filters
        if f.get("start") and f.get("end"):
            return f"{f['start']} t/m {f['end']}"
        return None

    def set_filters(self, filters: dict) -> None:
        self.state.filters = dict(filters)
        self.state.dirty = True
        self.run_analysis(self.state.method or "", self.state.params)

    def run_analysis(self, method: str = "", params: dict | None = None) -> None:
        st = self.state
        if st.project.areas is None:
            return
        st.method, st.params = (method or None), dict(params or {})
        incidents = self.filtered_incidents()
        counts = st.project.counts if incidents is None else None
        self.analysis.start(tasks.analyse, st.project.areas, incidents=incidents, counts=counts,
                            method=st.method, params=st.params, title=st.project.name or tr("app.title"),
                            period=self.period_text(), source=None, outlines=st.project.outlines)
        # the charts follow when the analysis is done: drawing them (Python, on the GUI thread) while a
        # worker holds the GIL is what made the window stall
        self._charts_after_analysis = True

    def _on_analysis(self, analysis: tasks.Analysis) -> None:
        from hotspots.where.getis_ord import CLASS_COLOURS
        from mapping.styles import LISA_COLOURS

        st = self.state
        st.analysis = analysis
        self.table.set_frame(analysis.result.areas, {**CLASS_COLOURS, **LISA_COLOURS})
        self.table.select_codes(st.selected)
        # the rerun after a snapshot: keep the map (and its zoom) when it shows the same result
        same = st.shown is not None and saved_view.same_table(st.shown, self.table.model.plain())
        kept = same and self._snapshot_page is not None and self.map_view.path == self._snapshot_page
        if analysis.map_path is not None and not kept:
            st.plan_map = None
            self.map_view.load_map(analysis.map_path)
        if same and st.shown.get("charts") and st.selected == st.shown.get("selected", []) \
                and st.filters == st.shown.get("filters"):
            st.charts = saved_view.chart_data(st.shown)  # on screen already: same data, filters and selection
            self._charts_after_analysis = False
        st.shown = None
        self.analysisDone.emit(analysis)

    def _after_analysis(self) -> None:
        self.state.shown = None  # also when the rerun failed or was cancelled: the snapshot has had its turn
        if self._charts_after_analysis:
            self._charts_after_analysis = False
            self.update_charts()

    def _error(self, err, what: str) -> None:
        errors.show_error(self.dialog_parent, err.exception, err.details, what=what)

    def runners(self) -> tuple:
        """Every runner of the window. The order matters for :meth:`cancel`: a cancelled analysis
        starts the charts (``_after_analysis``), so the chart runner comes after it."""
        return (self.loader, self.analysis, self.chart_runner, self.plan_maker, self.plan_runner, self.saver,
                self.autosaver, self.cacher)

    def cancel(self, saves: bool = True) -> None:
        """Stop every running job (Afbreken; a project file being written stays whole: it is written aside
        first). ``saves=False`` lets a save the user asked for finish (a new project, closing)."""
        keep = () if saves else (self.saver, self.autosaver)
        if self._after_charts_built:  # a project waiting to load: its loading stops too
            self._load_failed()
        for r in self.runners():
            if r.is_running() and r not in keep:
                r.cancel()

    # -- selection and charts -----------------------------------------------------------------
    def select(self, codes: list, source: str = "") -> None:
        codes = [str(c) for c in codes]
        if codes == self.state.selected:
            return
        self.state.selected = codes
        self.state.dirty = True
        if source != "table":
            self.table.select_codes(codes)
        self.map_view.highlight(codes, zoom=source == "table")
        self.update_charts()
        self.selectionChanged.emit(codes)

    def area_name(self, code: str) -> str:
        areas = self.state.project.areas
        if areas is not None and "name" in areas:
            hit = areas.loc[areas["code"].astype(str) == code, "name"]
            if len(hit):
                return f"{hit.iloc[0]} ({code})"
        return code

    def update_charts(self) -> None:
        st = self.state
        if st.shown is not None:
            return  # a snapshot without its data yet: the charts follow the rerun (_after_analysis)
        one = st.selected[0] if len(st.selected) == 1 else None
        title = tr("charts.area", name=self.area_name(one)) if one else tr("charts.all_areas")
        self.chart_runner.start(tasks.chart_data, self.filtered_incidents(), title, area=one,
                                counts=st.project.counts)

    def _on_charts(self, data) -> None:
        self.state.charts = data
        self.charts.set_data(data)
        self.chartsDone.emit(data)
        self._maybe_cache_demo()

    def _maybe_cache_demo(self) -> None:
        """After the demo's first start from its files: save it with its snapshot for the next start."""
        if not self._cache_demo or self.state.analysis is None or self.analysis.is_running():
            return
        from desktop.settings_store import demo_cache_path

        self._cache_demo = False
        project = self.snapshot()
        project.settings.pop("export", None)  # the demo follows the user's default, not the one of its first start
        project.snapshot["source"] = tasks.demo_fingerprint()
        self.cacher.start(save_project, project, demo_cache_path())

    def view_snapshot(self) -> dict:
        """What the window shows now, as a :mod:`desktop.snapshot` (``{}`` while work is under way)."""
        st = self.state
        busy = any(r.is_running() for r in (self.loader, self.analysis, self.chart_runner))
        if busy or st.analysis is None or st.charts is None or st.shown is not None:
            return {}
        months, categories = self.data_panel.choices()  # as the lists offer them (no pass over the incidents)
        snap = saved_view.take(table=self.table.model.plain(), charts=st.charts, map_path=st.analysis.map_path,
                               layers=self.data_panel.layer_texts(), months=months, categories=categories)
        snap.update(filters=dict(st.filters), selected=list(st.selected),
                    title=st.project.name or (st.path.stem if st.path else ""))
        return snap

    def attach_inzet(self, panel) -> None:
        """The Inzet panel (built on first use): its requests are planned here, the plan shown on the map."""
        self.inzet_panel = panel
        panel.planRequested.connect(self.make_plan)
        self._feed_inzet()

    def _feed_inzet(self) -> None:
        if self.plan_maker.is_running():  # a plan of the previous project is of no use
            self.plan_maker.cancel()
        p = self.state.project
        if self.inzet_panel is not None and p.areas is not None and p.incidents is not None:
            self.inzet_panel.set_data(p.areas, p.incidents)

    def make_plan(self, request: dict) -> None:
        """Run :func:`hotspots.inzet.plan.run` on the project for the panel's ``request`` (see
        :attr:`desktop.panels.inzet_panel.InzetPanel.planRequested`); a running plan is cancelled."""
        from hotspots.inzet import plan as inzet

        p = self.state.project
        if p.areas is None or p.incidents is None:
            return
        self.plan_maker.start(inzet.run, p.areas, p.incidents, request.get("params"),
                              evaluate_from=request.get("evaluate_from"), evaluate_to=request.get("evaluate_to"),
                              label=tr("inzet.work"))

    def _on_plan_made(self, plan) -> None:
        if self.inzet_panel is not None:
            self.inzet_panel.show_plan(plan)
        self._on_plan(plan)

    def _on_plan_error(self, err) -> None:
        self._inzet_status(str(getattr(err.exception, "message", err.exception)))
        self._error(err, tr("inzet.work"))

    def _inzet_status(self, text: str) -> None:
        if self.inzet_panel is not None:
            self.inzet_panel.set_status(text)

    def _on_plan(self, plan) -> None:
        """Draw the plan on the map (mapping.inzet_export.plan_map; the Gi* classes as a second layer)."""
        self.state.plan = plan
        if plan is None or getattr(plan, "areas", None) is None or not hasattr(plan, "shifts"):
            self.show_analysis_map()
            return
        analysis = self.state.analysis
        hotspot_areas = analysis.result.areas if analysis is not None else None
        self.plan_runner.start(tasks.write_plan_map, plan, hotspot_areas=hotspot_areas,
                               title=tr("inzet.title"), period=self.period_text())

    def _on_plan_map(self, path) -> None:
        self.state.plan_map = path
        self.map_view.load_map(path)

    def show_analysis_map(self) -> None:
        """Back from the Inzet tab: the hot-spot map again."""
        self.plan_runner.cancel(emit=False)
        analysis = self.state.analysis
        if analysis is not None and analysis.map_path is not None and self.state.plan_map is not None:
            self.state.plan_map = None
            self.map_view.load_map(analysis.map_path)

    def show_plan_map(self) -> None:
        """To the Inzet tab: the plan's map, if a plan was made."""
        if self.state.plan is not None and self.state.plan_map is None:
            self._on_plan(self.state.plan)

    # -- saving -------------------------------------------------------------------------------
    def settings(self) -> dict:
        return {"method": self.state.method, "params": self.state.params, "filters": self.state.filters,
                "export": self.export_choice().to_dict()}

    def export_choice(self):
        """The project's export privacy choice (:class:`desktop.export_settings.ExportSettings`)."""
        return self.state.export or export_settings.load()

    def set_export_choice(self, choice) -> None:
        self.state.export = choice
        self.state.dirty = True

    def snapshot(self) -> Project:
        # a copy of every source, theme and division (schema v3), not only the ones the window shows
        return self.state.project.copy(settings=self.settings(), view={"selected": list(self.state.selected)},
                                       snapshot=self.view_snapshot())

    def save(self, path) -> None:
        if self.opening():
            self.status.emit(tr("status.still_opening"))
            return
        path = Path(path)
        snap = self.snapshot()
        if not snap.name:
            snap.name = path.stem
        self.saver.start(save_project, snap, path, label=path.name)

    def _on_saved(self, path) -> None:
        self.state.path, self.state.dirty = Path(path), False
        self.state.project.name = self.state.project.name or Path(path).stem
        self.saved.emit(str(path))
        self.status.emit(tr("status.saved", path=path))

    def autosave(self, path=None) -> None:
        from desktop.settings_store import autosave_path

        if not self.state.dirty or self.state.project.is_empty() or self.saver.is_running() or self.opening():
            return
        self.autosaver.start(save_project, self.snapshot(), Path(path or autosave_path()))
