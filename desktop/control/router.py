"""The one place that routes: the state, the feature controllers, and the panels bound to them.

The panels know nothing of each other, of the controllers or of the window; the
:class:`Router` makes the window's state (:class:`desktop.state.ProjectSettings` as ``chosen``,
:class:`desktop.state.Session` as ``state``) and one controller per feature, and each panel is
attached to it once (``attach_*``): the panel's signals set the state or call a controller, and the
state's events and the controllers' signals update the panel (with the panel's own echo blocked).
Linked views follow from that:

- map click or table selection -> ``chosen.selected`` -> table, map and charts follow;
- period or category change -> ``chosen.filters`` -> the analysis reruns -> map, table and charts follow;
- a click on a chart (a month, a week x hour cell, a bar) -> ``chosen.filters["when"]`` -> the analysis reruns
  on those incidents -> map and table follow, the filter line says it ("Filter: dinsdag 20:00-21:00 - wissen");
- shift/ctrl-click on the map or in the table -> several areas in ``chosen.selected`` -> the charts of their sum;
- Inzet tab 'Plan maken' -> the plan is made (``inzet``) -> the panel shows it, the map draws it;
- any change of ``chosen`` -> ``state.dirty``.

:meth:`Router.cancel` (Afbreken in the status bar) stops the work of every feature.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop import errors, level_tasks, overview, table_cells
from desktop import snapshot as saved_view
from desktop.control.analysis import AnalysisController
from desktop.control.comparison import ComparisonController
from desktop.control.development import TIMES, DevelopmentController
from desktop.control.export import ExportController
from desktop.control.inzet import InzetController
from desktop.control.project import ProjectController
from desktop.control.report import ReportController
from desktop.control.selection import SelectionController
from desktop.control.spacetime import SpacetimeController
from desktop.state import ProjectSettings, Questions, Session
from desktop.strings import tr

#: The longest the later parts of a run wait for its charts (in a thread) or its map page (in the worker process).
LATER_WAIT_S = 3.0


class Router(QObject):
    """The controllers of one window and the panels bound to them.

    ``dialog_parent`` is only used as parent of message boxes.

    Signals
    -------
    status(str)
        A line for the status bar (from any feature).
    titleChanged(str)
        The project's name for the title bar, with `` *`` while there are unsaved changes.
    """

    status = Signal(str)
    titleChanged = Signal(str)

    def __init__(self, dialog_parent=None, parent: QObject | None = None):
        super().__init__(parent)
        self.dialog_parent = dialog_parent
        self.chosen = ProjectSettings()
        self.state = Session()
        self.project = ProjectController(self.chosen, self.state, self)
        self.analysis = AnalysisController(self.chosen, self.state, self)
        self.selection = SelectionController(self.chosen, self.state, self.analysis.filtered_incidents, self)
        self.inzet = InzetController(self.chosen, self.state, self)
        self.report = ReportController(self.chosen, self.state, self)
        self.exporter = ExportController(self.chosen, self.state, self)
        self.questions = Questions()
        self.development = DevelopmentController(self.chosen, self.state, self.questions, self)
        self.development_panel = self.times_panel = None
        self.comparison = ComparisonController(self.chosen, self.state, self)
        self.spacetime = SpacetimeController(self.chosen, self.state, self)
        self.data_panel = self.settings_panel = self.table = self.map_view = self.charts = None
        self.inzet_panel = None
        self.filter_chips: list = []
        self._own_level = (None, None)  # (the project's areas, their level)
        self._name = tr("app.untitled")
        for feature in self.features():
            feature.status.connect(self.status)
            feature.failed.connect(self._error)
        self.chosen.events.connect("*", lambda *_: self._changed(view=True))
        self.state.events.connect("dirty", lambda _: self._emit_title())
        self.project.leaving.connect(lambda: self.cancel(saves=False))
        self.project.titleChanged.connect(self._set_name)
        self.project.loaded.connect(self._on_loaded)
        self.project.busy = lambda: (self.analysis.runner.is_running() or self.selection.chart_runner.is_running()
                                     or self.report.runner.is_running()
                                     or any(r.is_running() for r in self.comparison.runners()))
        self.analysis.settled.connect(self._after_analysis)
        self.analysis.confirm_long = self.spacetime.confirm_long = self._confirm_long
        self.spacetime.privacy = lambda: self.export_choice().rules()  # the project's export rules, asked per run
        self.selection.chartsDone.connect(lambda _: self.project.maybe_cache_demo())
        self.analysis.completed.connect(lambda _: self.project.maybe_cache_demo())  # whichever comes last
        self.chosen.events.connect("filters", lambda _: self._show_when())
        self.analysis.done.connect(lambda _: self.development.analysis_changed())  # hot-spot groups in Tijden

    def features(self) -> tuple:
        """Every feature controller (trends and comparison, and the report, join here)."""
        return (self.project, self.analysis, self.selection, self.inzet, self.report, self.exporter,
                self.development, self.comparison, self.spacetime)

    def runners(self) -> tuple:
        """Every runner of the window. The order matters for :meth:`cancel`: a cancelled analysis
        starts the charts (``settled``), so the chart runner comes after it."""
        p = self.project
        return (p.loader, self.analysis.runner, self.analysis.preparer, self.selection.chart_runner,
                self.inzet.plan_maker, self.inzet.lookback_maker, self.inzet.plan_runner, self.report.runner,
                self.exporter.runner, *self.development.runners(), *self.comparison.runners(),
                *self.spacetime.runners(), p.saver, p.autosaver, p.cacher)

    def cancel(self, saves: bool = True) -> None:
        """Stop every running job (Afbreken; a project file or an export being written stays whole: it is written
        aside first). ``saves=False`` lets a save or an export the user asked for finish (a new project, closing)."""
        keep = () if saves else (self.project.saver, self.project.autosaver, self.exporter.runner)
        if self.project.waiting():  # a project waiting to load: its loading stops too
            self.project._load_failed()
        for r in self.runners():
            if r.is_running() and r not in keep:
                r.cancel()
        self.analysis.cancel_later()  # later parts still waiting for the charts or the map: not started after all

    # -- what the exports and the menus ask -----------------------------------------------------
    def opening(self) -> bool:
        return self.project.opening()

    def completing(self) -> bool:
        return self.analysis.completing()

    def when_complete(self, then) -> None:
        """Call ``then`` once the analysis shown has its hot times and trends (or they were cancelled), at once
        when it has."""
        if not self.completing():
            then()
            return

        def check() -> None:
            if not self.completing():
                self.analysis.settled.disconnect(check)
                then()

        self.analysis.settled.connect(check)

    def filtered_incidents(self):
        return self.analysis.filtered_incidents()

    def period_text(self) -> str | None:
        return self.analysis.period_text()  # with a chart click's filter: the exports say what they hold

    def export_choice(self):
        return self.project.export_choice()

    def set_export_choice(self, choice) -> None:
        self.chosen.export = choice

    # -- routing between features ---------------------------------------------------------------
    def _changed(self, view: bool = False) -> None:
        """A choice the project saves changed: unsaved, and the autosave follows (``view``: the data panel's
        choices alone, see :meth:`ProjectController.changed`)."""
        self.state.dirty = True
        self.project.changed(view=view)

    def _error(self, err, what: str) -> None:
        errors.show_error(self.dialog_parent, err.exception, err.details, what=what)

    def _set_name(self, name: str) -> None:
        self._name = name
        self._emit_title()

    def _emit_title(self) -> None:
        self.titleChanged.emit(self._name + (" *" if self.state.dirty else ""))

    def _on_loaded(self, project) -> None:
        """A project is in the session: the views follow, the analysis runs (or the map says why not)."""
        s = self.state
        self._show_data()
        self._show_when()
        if self.settings_panel is not None:
            self.settings_panel.set_settings({"method": self.chosen.method, "params": self.chosen.params})
        if s.shown is None and self.table is not None:
            self.table.set_frame(None)
        self.inzet.project_changed()
        self._feed_inzet()
        self.development.project_changed()
        if project.areas is not None:  # with boundaries only: the areas themselves
            method, params = self.settings_panel.current() if self.settings_panel is not None else (None, {})
            self.analysis.run(self.chosen.method or method or "", self.chosen.params or params, quiet=True)
        else:
            s.shown = None
            s.map_page = None
            self._show_map_page(None)
            self.selection.update_charts()

    def _confirm_long(self, expected) -> bool:
        """Before a long run: its expected time and why; Toch berekenen / Annuleren (over two hours: refused)."""
        from desktop import estimate, questions

        text = tr("estimate.text", time=expected.text(), reason=expected.reason())
        own = f"_{expected.method}" if expected.method in ("nearrepeat", "emerging", "stable") else ""  # own advice
        if expected.seconds > estimate.REFUSE_S:
            questions.ask(self.dialog_parent, tr("estimate.title"), text, [(questions.CANCEL, "OK")],
                          informative=tr("estimate.refused" + own))
            return False
        return questions.ask(self.dialog_parent, tr("estimate.title"), text,
                             [("run", tr("estimate.run")), (questions.CANCEL, tr("unsaved.cancel"))],
                             informative=tr("estimate.advice" + own), default=questions.CANCEL) == "run"

    def _after_analysis(self) -> None:
        if self.analysis.charts_pending:
            self.selection.update_charts()

    # -- panels -----------------------------------------------------------------------------------
    def attach_progress(self, bar) -> None:
        """The status bar's progress: the runners that show progress, and Afbreken."""
        for feature in self.features():
            for r in feature.shown_runners():
                bar.bind(r)
        bar.cancelRequested.connect(self.cancel)

    def attach_data_panel(self, panel) -> None:
        """The layers, the period and the category: ``chosen.filters`` both ways."""
        self.data_panel = panel
        panel.filtersChanged.connect(self._panel_filters)
        self.chosen.events.connect("filters", panel.set_filters)  # quiet: the panel does not echo
        panel.levelChanged.connect(self.analysis.set_level)
        for name in ("level", "params"):  # "Cellen" is offered while the method uses cells
            self.chosen.events.connect(name, lambda _: self._show_level())
        self.project.snapshotShown.connect(lambda snap: self._show_data() if snap else None)
        # several sources, themes and divisions (desktop.choice): the panel sets them, the lists follow them
        panel.sourcesChanged.connect(lambda names: setattr(self.chosen, "sources", list(names)))
        panel.themeChanged.connect(self.choose_theme)
        panel.divisionChanged.connect(lambda name: setattr(self.chosen, "division", name or None))
        panel.newThemeRequested.connect(self.new_theme)
        for name in ("sources", "theme", "division"):
            self.chosen.events.connect(name, lambda _: self._show_data())

    def _panel_filters(self, filters: dict) -> None:
        """The data panel's period and category; a chart click's filter stays (a month only within the period)."""
        from desktop import when_filter

        when = self.chosen.filters.get("when")
        keep = when is not None and when_filter.within(when, filters.get("start"), filters.get("end"))
        self.chosen.filters = {**filters, "when": when} if keep else dict(filters)

    def attach_filter_chip(self, chip) -> None:
        """A filter line ("Filter: dinsdag 20:00-21:00 - wissen"): shows ``chosen.filters["when"]``; wissen
        clears it."""
        self.filter_chips.append(chip)
        chip.cleared.connect(lambda: self.selection.pick_when({}))
        chip.set_when(self.chosen.filters.get("when"))

    def _show_when(self) -> None:
        when = self.chosen.filters.get("when")
        for chip in self.filter_chips:
            chip.set_when(when)
        if self.charts is not None:
            self.charts.set_when(when)

    def _show_data(self) -> None:
        if self.data_panel is not None:
            from desktop import choice

            s, panel = self.state, self.data_panel
            panel.set_layer_texts(s.layers)
            texts = overview.count_categories(s.project)[0]  # police counts: one category, never 'all'
            if not self.project.opening():  # else the session still holds the previous project
                p = s.project
                c = self.analysis.window_choice()
                panel.set_sources(choice.source_lines(p), list(c.sources))
                panel.set_themes([t.name for t in p.themes], c.theme)
                panel.set_divisions([d.name for d in p.divisions], c.division)
                if not choice.is_default(p, c):
                    s.months, s.categories = choice.offered(p, c)
                    texts, default = choice.count_texts(p, c)
                    if p.sources:  # a month or category the chosen sources lack becomes theirs
                        from desktop.state import offered_filters

                        self.chosen.filters = offered_filters(self.chosen.filters, s.months, s.categories, default)
            panel.set_choices(s.months, s.categories, self.chosen.filters, texts=texts, everything=not texts)
        self._show_level()

    def choose_theme(self, name: str | None) -> None:
        """Show theme ``name`` (None: none) with every source it covers (the user may uncheck some after)."""
        with self.chosen.events.blocker("sources"):
            self.chosen.sources = []
        self.chosen.theme = name or None

    def new_theme(self) -> None:
        """"Nieuw thema...": the dialog picks categories per source; the theme is saved in the project and shown."""
        from desktop.theme_dialog import ThemeDialog

        dialog = ThemeDialog(self.state.project, self.dialog_parent)
        self.theme_dialog = dialog
        if dialog.exec() and dialog.theme() is not None:
            theme = self.state.project.set_theme(dialog.theme())
            self._changed()
            if self.chosen.theme == theme.name:  # redefined: the views follow the new categories
                self._show_data()
                self.analysis.rerun()
            else:
                self.choose_theme(theme.name)
        else:
            self._show_data()

    def _show_level(self) -> None:
        """The level boxes (data panel, Ontwikkeling): the levels the project's areas reach, coarsest first."""
        areas = self.state.project.areas
        own = self._own_level[1] if self._own_level[0] is areas else level_tasks.own_level(areas)
        self._own_level = (areas, own)  # level_of looks at every row: once per project
        levels = [] if areas is None else \
            list(reversed(level_tasks.LEVELS[level_tasks.LEVELS.index(own):])) if own in level_tasks.LEVELS else [own]
        cells = (self.chosen.params or {}).get("method") in level_tasks.CELL_METHODS
        if self.data_panel is not None:
            self.data_panel.set_levels(levels + ([level_tasks.CELLS] if cells and levels else []),
                                       level_tasks.CELLS if cells else self.chosen.level or own)
        if self.development_panel is not None:
            self._show_development(None)

    def attach_settings(self, panel) -> None:
        """The method form: Berekenen runs it; a method chosen elsewhere (a project) is shown."""
        self.settings_panel = panel
        panel.runRequested.connect(self.analysis.run)
        for name in ("method", "params"):
            self.chosen.events.connect(name, lambda _: panel.set_settings(
                {"method": self.chosen.method, "params": self.chosen.params}))

    def attach_table(self, table) -> None:
        """The table of areas: its rows select (``chosen.selected``), the selection selects its rows."""
        self.table = table
        table.selectionChanged.connect(lambda codes: self.selection.select(codes, source="table"))
        self.chosen.events.connect("selected", lambda codes: table.select_codes(codes)
                                   if self.selection.source != "table" else None)
        self.analysis.shown.connect(lambda analysis: self._show_table(analysis.result.areas))
        table.elsewhere = self._elsewhere
        table.levelRequested.connect(self._go_to_level)
        self.project.snapshotShown.connect(self._show_snapshot_table)

    def _show_table(self, frame) -> None:
        self.table.set_frame(frame, table_cells.class_colours(), self.state.table)
        self.table.select_codes(self.chosen.selected)

    def _elsewhere(self, text: str) -> list:
        """Areas called ``text`` on the levels the table does not show (the last analysis's names per level)."""
        a = self.state.analysis
        if a is None or not getattr(a, "names", None):
            return []
        cells = (self.chosen.params or {}).get("method") in level_tasks.CELL_METHODS
        return level_tasks.find_name(text, a.names, exclude=None if cells else a.level)

    def _go_to_level(self, level: str, code: str) -> None:
        """The table's search found ``code`` on ``level``: show that level, with the area selected."""
        with self.chosen.events.blocker("selected"):
            self.chosen.selected = []
        self.selection.source = "table"
        self.analysis.set_level(level)
        with self.chosen.events.blocker("selected"):  # the table, map and charts follow the rerun
            self.chosen.selected = [code]

    def _show_snapshot_table(self, snap: dict) -> None:
        if snap:
            self.table.set_plain(snap["table"])
            self.table.select_codes(self.chosen.selected)

    def attach_map(self, map_view) -> None:
        """The map: a click selects; the selection is outlined (and zoomed to from the table); the page
        in ``state.map_page`` is shown."""
        self.map_view = map_view
        map_view.areaClicked.connect(lambda code: self.selection.select([code], source="map"))
        map_view.areaToggled.connect(lambda code: self.selection.toggle(code, source="map"))
        map_view.areasBoxed.connect(lambda codes: self.selection.select(codes, source="map"))
        map_view.mapReady.connect(lambda _: map_view.highlight(self.chosen.selected))
        self.chosen.events.connect("selected", lambda codes: map_view.highlight(
            codes, zoom=self.selection.source in ("table", "list")))
        self.state.events.connect("map_page", self._show_map_page)
        # while a project opens or a map is made, the map says so (not "Nog geen kaart")
        for runner, key in ((self.project.loader, "map.opening"), (self.analysis.runner, "map.making")):
            runner.started.connect(lambda _, key=key: map_view.show_message(tr(key))
                                   if map_view.currentWidget() is map_view.message else None)
        self.analysis.runner.finished.connect(lambda: self._show_map_page(self.state.map_page)
                                              if map_view.currentWidget() is map_view.message else None)

    def _show_map_page(self, page) -> None:
        if self.map_view is None:
            return
        if page is None:
            self.map_view.show_message(tr("map.empty"))
        else:
            self.map_view.load_map(page)

    def attach_charts(self, charts) -> None:
        """The charts: drawn when new ones arrive; a project's data waits until they are built."""
        self.charts = charts
        self.project.views_pending = lambda: not charts.is_built
        charts.ready.connect(self.project.views_ready)
        self.selection.chartsDone.connect(charts.show)  # a chart per turn of the event loop
        charts.whenPicked.connect(self.selection.pick_when)
        self.attach_filter_chip(charts.chip)
        self.project.snapshotShown.connect(self._show_snapshot_charts)
        self.analysis.later_gate = self._once_shown

    def _once_shown(self, start, in_thread: bool) -> None:
        """Start the later parts of a run once what the user waits for is on screen, looked at every 20 ms (at most
        :data:`LATER_WAIT_S`): in a thread (a small project) once its charts are computed and drawn (they would
        take the GUI thread's GIL); in the worker process once the map page is ready (their charts come before them
        in its lane, but on two cores the national buurten's page took 1.2-1.4 s beside them instead of 0.8)."""
        import time

        from PySide6.QtCore import QTimer

        deadline = time.monotonic() + LATER_WAIT_S

        def busy() -> bool:
            if in_thread:
                return self.selection.chart_runner.is_running() or self.charts.drawing
            return self.map_view is not None and not self.map_view.ready

        def check() -> None:
            if busy() and time.monotonic() < deadline:
                QTimer.singleShot(20, self, check)
            else:
                start()

        check()

    def _show_snapshot_charts(self, snap: dict) -> None:
        if not snap:
            self.charts.forget_later()
            return
        data = saved_view.chart_data(snap)
        if data is not None:
            self.charts.show_when_built(data)

    def attach_notes(self, panel) -> None:
        """The strip beside the map: every warning and note of the analysis shown."""
        def show(a) -> None:  # on the map first, with the warnings of the later parts (too little history) after
            warnings = list(getattr(a.result, "warnings", []))
            if a.run is not None:
                warnings = list(dict.fromkeys(warnings + list(a.run.warnings)))
            panel.show_lines(warnings, list(getattr(a.result, "notes", [])) + list(a.notes))

        self.analysis.done.connect(show)
        self.analysis.completed.connect(show)
        self.project.loaded.connect(lambda _: panel.show_lines([], []))

    def attach_spacetime(self, panel) -> None:
        """The Ruimte en tijd tab: its requests run the analyses, their results fill it (and the map while it is
        shown); a row picks its area everywhere; another project empties it."""
        st = self.spacetime
        panel.emergingRequested.connect(st.run_emerging)
        panel.nearRequested.connect(st.run_near)
        panel.stableRequested.connect(st.run_stable)
        panel.areaPicked.connect(lambda code: self.selection.select([code], source="table"))
        st.busy.connect(panel.show_busy)
        st.problem.connect(panel.show_problem)
        st.emergingDone.connect(panel.show_emerging)
        st.nearDone.connect(panel.show_near)
        st.stableDone.connect(panel.show_stable)
        self.project.loaded.connect(st.project_changed)
        self.project.loaded.connect(lambda _: panel.clear())

    def attach_inzet(self, panel) -> None:
        """The Inzet panel (built on first use): its requests are planned, the plan shown on the map."""
        self.inzet_panel = panel
        panel.privacy = lambda: self.export_choice().rules()  # its rooster saves follow the project's export rules
        panel.planRequested.connect(self.inzet.make_plan)
        panel.lookbackRequested.connect(self.inzet.make_lookback)
        self.inzet.planned.connect(panel.show_plan)
        self.inzet.lookedBack.connect(panel.show_lookback)
        self.inzet.note.connect(panel.set_status)
        for name in ("filters", "theme"):  # the plan learns from the period and theme chosen on the left
            self.chosen.events.connect(name, lambda _: self.inzet_panel.set_context(*self.inzet.context()))
        self._feed_inzet()

    def attach_comparison(self, panel) -> None:
        """The Vergelijking tab: it compares when shown (and again after a new project, category or set)."""
        c = self.comparison
        panel.filesChosen.connect(c.import_files)
        panel.rerunRequested.connect(c.run)
        panel.gemeenteChosen.connect(c.choose_gemeente)
        panel.chartRequested.connect(c.draw)
        c.started.connect(panel.show_computing)
        c.compared.connect(panel.show_result)
        c.chartsReady.connect(panel.show_charts)
        self.project.loaded.connect(c.project_loaded)
        self.chosen.events.connect("filters", c.filters_changed)
        for name in ("sources", "theme", "division"):  # the wijken follow the data panel's sources and theme
            self.chosen.events.connect(name, c.choice_changed)

    def _feed_inzet(self) -> None:
        p = self.state.project
        if self.inzet_panel is not None and p.areas is not None and p.incidents is not None:
            self.inzet_panel.set_data(p.areas, p.incidents)
            self.inzet_panel.set_context(*self.inzet.context())

    def attach_development(self, panel) -> None:
        """The Ontwikkeling view (built on first use): its level and source set ``questions``; a row picks its
        area everywhere; period A against B is compared on request."""
        self.development_panel = panel
        d, q = self.development, self.questions
        panel.levelChanged.connect(self.analysis.set_level)  # the window's one level
        panel.sourceChanged.connect(lambda source: setattr(q, "source", source))
        panel.compareRequested.connect(d.compare)
        panel.changeMapToggled.connect(d.show_change_map)
        panel.areaPicked.connect(lambda code: self.selection.select(d.members(code), source="list"))
        d.dev_runner.started.connect(lambda _: panel.show_loading())
        self.project.loader.started.connect(lambda _: panel.show_loading())  # not "open a project" meanwhile
        if self.project.opening():
            panel.show_loading()
        d.developed.connect(self._show_development)
        d.compared.connect(panel.show_comparison)
        d.problem.connect(lambda view, text: panel.show_problem(text, compare=view == "compare")
                          if view != TIMES else None)
        self._show_development(q.development)

    def _show_development(self, data) -> None:
        panel, q = self.development_panel, self.questions
        if panel is None:
            return
        panel.set_choices(self.development.level(), q.source, self.development.sources())
        if data is None:
            return
        if panel.months_span != tuple(data.span):  # new data: A and B start as the year on year
            panel.set_months(*data.span, data.previous, data.compared)
        panel.show_development(data)

    def attach_times(self, panel) -> None:
        """The Tijden view (built on first use)."""
        self.times_panel = panel
        d = self.development
        d.times_runner.started.connect(lambda _: panel.show_loading())
        d.timed.connect(panel.show_times)
        panel.whenPicked.connect(self.selection.pick_when)
        self.attach_filter_chip(panel.chip)
        d.problem.connect(lambda view, text: panel.show_problem(text) if view == TIMES else None)
        if self.questions.hottimes is not None:
            panel.show_times(self.questions.hottimes)

    def show_view(self, view: str, shown: bool) -> None:
        """A question view became visible or hidden (its work runs only while it is shown)."""
        self.development.show_view(view, shown)

