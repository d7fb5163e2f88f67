"""The main window: layout, menus, shortcuts, drag and drop. Routing lives in the router (desktop.control).

Left: the data panel and the analysis settings. Centre: the map. Right: the
charts above the table of areas (and the Inzet tab).
"""
from __future__ import annotations

import importlib
import threading
from pathlib import Path

from PySide6.QtCore import QByteArray, QEventLoop, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox,
                               QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget)

from desktop import exports, questions, report_menu, settings_store
from desktop import gcpause, tasks
from desktop.charts import ChartsPanel
from desktop.control.router import Router
from desktop.map_view import MapView
from desktop.panels.area_table import AreaTable
from desktop.panels.comparison_panel import ComparisonPanel
from desktop.panels.data_panel import DataPanel
from desktop.panels.filter_chip import FilterChip
from desktop.panels.notes_panel import NotesPanel
from desktop.panels.settings_panel import SettingsPanel
from desktop.panels.spacetime_panel import SpacetimePanel
from desktop.statusbar import ProgressStatus
from desktop.strings import tr
from desktop.workers import Runner


class MainWindow(QMainWindow):
    """Emits ``filesDropped(list)`` when the user drops files on it."""

    filesDropped = Signal(list)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("app.title"))
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.map_view = MapView()
        self.notes = NotesPanel()  # the analysis's warnings and notes, under the map
        centre = QSplitter(Qt.Orientation.Vertical)
        centre.setObjectName("centre")
        centre.addWidget(self.map_view)
        centre.addWidget(self.notes)
        centre.setStretchFactor(0, 1)
        centre.setCollapsible(0, False)
        self.centre = centre
        self.setCentralWidget(centre)
        self.data_panel = DataPanel()
        self.settings_panel = SettingsPanel()  # forms follow when the declarations are imported
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.data_panel)
        lay.addWidget(self.settings_panel)
        lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(270)
        # Berekenen below the scrolling forms, so that it is always in view
        dock_body = QWidget()
        body = QVBoxLayout(dock_body)
        body.setContentsMargins(0, 0, 0, 4)
        body.addWidget(scroll, 1)
        body.addWidget(self.settings_panel.take_run_button())
        self.left_dock = self._dock("dataDock", tr("data.title"), dock_body, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.charts = ChartsPanel()
        self.table = AreaTable()
        self.inzet_panel = None  # built when its tab is first opened (it imports the planner)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.charts, tr("charts.title"))
        self.tabs.addTab(QWidget(), tr("inzet.title"))
        self.development_panel = self.times_panel = None  # built when their tab is first opened
        self.tabs.addTab(QWidget(), tr("dev.title"))
        self.tabs.addTab(QWidget(), tr("times.title"))
        self.comparison_panel = ComparisonPanel()
        self.tabs.addTab(self.comparison_panel, tr("compare.title"))
        self.tabs.currentChanged.connect(self._open_inzet)
        self.tabs.currentChanged.connect(self._open_question)
        self.tabs.currentChanged.connect(self._tab_changed)
        bar = self.tabs.tabBar()  # all six tabs whole, no arrows (at 1366 px the dock is as wide as they need)
        bar.setUsesScrollButtons(False)
        bar.setElideMode(Qt.TextElideMode.ElideNone)
        bar.setStyleSheet("QTabBar::tab { padding: 4px 7px; }")
        self.right_dock = self._dock("resultsDock", tr("results.title"), self.tabs,  # one title for every tab
                                     Qt.DockWidgetArea.RightDockWidgetArea)
        self.table_dock = self._dock("tableDock", tr("table.title"), self.table,
                                     Qt.DockWidgetArea.BottomDockWidgetArea)
        self.progress = ProgressStatus()
        self.statusBar().addPermanentWidget(self.progress)
        self.progress.busyChanged.connect(self._busy)  # no "Klaar." beside a running bar
        self.save_problem = QLabel()  # a failed save or autosave, until a save succeeds
        self.save_problem.setObjectName("saveProblem")
        self.save_problem.setStyleSheet("color: #b00020; font-weight: bold;")
        self.save_problem.setWordWrap(False)
        self.save_problem.hide()
        self.statusBar().addPermanentWidget(self.save_problem)
        self.controller = c = Router(dialog_parent=self, parent=self)
        c.attach_progress(self.progress)
        c.attach_data_panel(self.data_panel)
        c.attach_settings(self.settings_panel)
        c.attach_table(self.table)
        self.filter_chip = FilterChip()  # a chart click's filter, above the table it filters
        self.table.layout().insertWidget(0, self.filter_chip)
        c.attach_filter_chip(self.filter_chip)
        c.attach_map(self.map_view)
        c.attach_charts(self.charts)
        c.attach_notes(self.notes)
        c.attach_comparison(self.comparison_panel)
        self.tabs.currentChanged.connect(self._comparison_shown)
        self.spacetime_panel = SpacetimePanel()  # Ruimte en tijd: emerging hot spots and near repeats (issue 15)
        self.tabs.addTab(self.spacetime_panel, tr("st.title"))
        self.tabs.currentChanged.connect(self._spacetime_tab)
        c.attach_spacetime(self.spacetime_panel)
        c.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        c.titleChanged.connect(lambda name: self.setWindowTitle(tr("app.title_project", name=name)))
        c.project.saved.connect(self._on_saved)
        c.project.saveProblem.connect(lambda text: (self.save_problem.setText(text),
                                                    self.save_problem.setVisible(bool(text))))
        self.data_panel.importRequested.connect(self.import_wizard)
        self.filesDropped.connect(self.open_files)
        # the charts import pyqtgraph (~0.4 s) and the declarations the analyses (scipy, pandas, geopandas:
        # ~1.5 s): once the shown window has painted its frame, a worker imports pyqtgraph, then the analyses
        # (the settings panel says "loading" meanwhile); the charts and then the forms are built as each is done
        self.warm_up = Runner(tr("work.start"), self)
        self.warm_up.progressChanged.connect(lambda fraction, text: self.charts.warm_up() if text == _CHARTS else None)
        self.warm_up.finished.connect(self._fill_in)
        self._deferred = [self._import_analyses]
        QTimer.singleShot(0, self._start_deferred)
        self._build_menus()
        self.statusBar().showMessage(tr("status.ready"))
        self.resize(1500, 920)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._default_layout()

    def _start_deferred(self) -> None:
        """Paint the shown window's frame first (menus, empty panels), then build what imports the heavy parts.

        The classic splash-screen order: without the nested ``processEvents`` the window system's expose
        (and so the first paint) would wait until the forms and charts were built.
        """
        if self.isVisible():
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        while self._deferred:
            self._deferred.pop(0)()

    def _import_analyses(self) -> None:
        """Import pyqtgraph and then the analyses on the warm-up runner (the GUI thread would freeze ~2 s);
        the charts are built when the first is done (a saved snapshot's charts are drawn then), the forms
        after both."""
        if tasks.analyses_imported():  # a window opened earlier in this process did it
            self.charts.warm_up()
            self._fill_in()
            return
        # the analyses' imports wait: the GUI thread builds the charts meanwhile. The event is kept here: were
        # its last reference the worker's, it would be freed there, and PySide's disconnect of ``built.set``
        # from ``ready`` would wait for the GIL while holding Qt's connection lock (a deadlock with the GUI)
        self._charts_built = built = threading.Event()
        self.charts.ready.connect(built.set)
        if self.charts.is_built:
            built.set()
        self.warm_up.start(_import_for_window, built)

    def _fill_in(self) -> None:
        """The settings forms, once the analyses are imported (and the charts, if they were not yet built)."""
        self.settings_panel.set_methods(tasks.hotspot_methods())
        self.charts.warm_up()
        gcpause.settle()  # the modules imported so far: full collections skip them (desktop.gcpause)

    def _busy(self, busy: bool) -> None:
        """While work runs the bar says what; "Klaar." only once it is done (unless the work had news)."""
        bar = self.statusBar()
        if busy:
            if bar.currentMessage() == tr("status.ready"):
                bar.clearMessage()
        elif not bar.currentMessage():
            bar.showMessage(tr("status.ready"))

    def _default_layout(self) -> None:
        """Dock sizes for the window's size: on a 1366 x 768 laptop the map keeps most of the width, the
        table shows more than five rows, the warnings under the map two lines."""
        w, h = self.width(), self.height()
        left, right = _clamp(0.23 * w, 300, 360), _clamp(0.30 * w, 340, 600)
        self.resizeDocks([self.left_dock, self.right_dock], [left, right], Qt.Orientation.Horizontal)
        self.resizeDocks([self.table_dock], [_clamp(0.31 * h, 220, 330)], Qt.Orientation.Vertical)
        notes = _clamp(0.09 * h, 56, 110)
        self.centre.setSizes([max(100, self.centre.height() - notes), notes])

    def _tab_changed(self, index: int) -> None:
        """The map follows the tab: the plan on the Inzet tab, the hot spots elsewhere. The Inzet tab needs room
        for its roster: the results dock takes 44% of the window while it is shown (the roster whole at 1366 px)."""
        if index == 1:
            self.controller.inzet.show_plan_map()
            if getattr(self, "_inzet_width", None) is None and self.right_dock.width() < 0.43 * self.width():
                self._inzet_width = self.right_dock.width()
                self._widen_results(int(0.44 * self.width()))
            # the roster needs the height: the table of areas (of no use for planning) steps aside meanwhile
            self._table_was_shown = self.table_dock.isVisible()
            self.table_dock.hide()
        else:
            self.controller.inzet.show_analysis_map()
            if getattr(self, "_inzet_width", None) is not None:
                self.resizeDocks([self.right_dock], [self._inzet_width], Qt.Orientation.Horizontal)
                self._inzet_width = None
            if getattr(self, "_table_was_shown", False):
                self.table_dock.show()
                self._table_was_shown = False

    def _widen_results(self, width: int) -> None:
        """Give the results dock ``width`` out of the map's room: the data panel keeps its width (squeezed below
        it, its words are cut off: it does not scroll sideways)."""
        self.resizeDocks([self.left_dock, self.right_dock], [self.left_dock.width(), width], Qt.Orientation.Horizontal)

    def _open_question(self, index: int) -> None:
        """The Ontwikkeling and Tijden tabs: built on first use (pyqtgraph is imported by then); their work runs
        while they are shown, and the right dock widens a little for their tables."""
        from desktop.control.development import DEVELOPMENT, TIMES

        views = {2: DEVELOPMENT, 3: TIMES}
        if index in views and self.tabs.widget(index).objectName() != views[index]:
            if index == 2:
                from desktop.panels.development_panel import DevelopmentPanel

                panel = self.development_panel = DevelopmentPanel()
            else:
                from desktop.panels.hottimes_panel import HotTimesPanel

                panel = self.times_panel = HotTimesPanel()
            panel.setObjectName(views[index])
            self.tabs.blockSignals(True)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, panel, tr("dev.title" if index == 2 else "times.title"))
            self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(False)
            (self.controller.attach_development if index == 2 else self.controller.attach_times)(panel)
        for i, view in views.items():  # after the panel is attached: it hears that its work starts, or why not
            self.controller.show_view(view, i == index)
        if index not in views:
            return
        if self.right_dock.width() < 0.4 * self.width():
            self.resizeDocks([self.right_dock], [int(0.42 * self.width())], Qt.Orientation.Horizontal)

    def _comparison_shown(self, _index: int) -> None:
        """The Vergelijking tab needs room for its tables: the results dock takes 44% of the window while it is
        shown, and gets its own width back after."""
        shown = self.tabs.currentWidget() is self.comparison_panel
        width = self.right_dock.width()
        if shown and getattr(self, "_results_width", None) is None:
            self._results_width = width
            self._widen_results(max(width, int(0.44 * self.width())))
        elif not shown and getattr(self, "_results_width", None) is not None:
            width = self._results_width
            if self.tabs.currentIndex() in (2, 3) or self.tabs.currentWidget() is self.spacetime_panel:
                # Ontwikkeling, Tijden and Ruimte en tijd keep their wider dock
                width = max(width, int(0.42 * self.width()))
            self.resizeDocks([self.right_dock], [width], Qt.Orientation.Horizontal)
            self._results_width = None
        self.controller.comparison.set_visible(shown)

    def _spacetime_tab(self, _index: int) -> None:
        """On the Ruimte en tijd tab the map shows the emerging categories, and the dock widens for its tables."""
        shown = self.tabs.currentWidget() is self.spacetime_panel
        self.controller.spacetime.show_map(shown)
        if shown and self.right_dock.width() < 0.4 * self.width():
            self.resizeDocks([self.right_dock], [int(0.42 * self.width())], Qt.Orientation.Horizontal)

    def _open_inzet(self, index: int) -> None:
        if index != 1 or self.inzet_panel is not None:
            return
        from desktop.panels.inzet_panel import InzetPanel

        self.inzet_panel = InzetPanel()
        self.tabs.blockSignals(True)
        self.tabs.removeTab(1)
        self.tabs.insertTab(1, self.inzet_panel, tr("inzet.title"))
        self.tabs.setCurrentIndex(1)
        self.tabs.blockSignals(False)
        self.controller.attach_inzet(self.inzet_panel)

    # -- layout --------------------------------------------------------------------------------
    def _dock(self, name: str, title: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, menu, key: str, slot, shortcut=None, tip: str | None = None) -> QAction:
        action = QAction(tr(key), self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
        action.triggered.connect(lambda checked=False: slot())
        action.setObjectName(key)
        menu.addAction(action)
        self.actions_by_key[key] = action
        return action

    def _build_menus(self) -> None:
        self.actions_by_key = {}
        bar = self.menuBar()
        f = bar.addMenu(tr("menu.file"))
        self._action(f, "action.new", self.new_project, QKeySequence.StandardKey.New)
        self._action(f, "action.open", self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = f.addMenu(tr("menu.recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(f, "action.save", self.save, QKeySequence.StandardKey.Save)
        self._action(f, "action.save_as", self.save_as, QKeySequence.StandardKey.SaveAs)
        f.addSeparator()
        self._action(f, "action.import", self.import_wizard, "Ctrl+I")
        self._action(f, "action.demo", self.open_demo, "Ctrl+D")
        f.addSeparator()
        self._action(f, "action.quit", self.close, QKeySequence.StandardKey.Quit)
        a = bar.addMenu(tr("menu.analysis"))
        self._action(a, "action.run", self.settings_panel.request_run, "F5")
        self._action(a, "action.cancel", self.controller.cancel, "Esc")
        e = bar.addMenu(tr("menu.export"))
        for key, shortcut in (("action.export_html", "Ctrl+E"), ("action.export_png", "Ctrl+Shift+E"),
                              ("action.export_gpkg", None), ("action.export_xlsx", None),
                              ("action.export_charts", None)):
            self._action(e, key, lambda key=key: exports.run(self, self.controller, key), shortcut)
        e.addSeparator()
        self._action(e, "action.report", lambda: report_menu.run(self, self.controller), "Ctrl+R",
                     tip=tr("report.tip"))
        e.addSeparator()
        self._action(e, "action.export_settings", lambda: exports.edit_settings(self),
                     tip=tr("export.settings_intro"))
        h = bar.addMenu(tr("menu.help"))
        self._action(h, "action.help", lambda: self._html_box("help.title", tr("help.text")), "F1")
        self._action(h, "action.about", self.about)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        items = settings_store.recent_projects()
        if not items:
            self.recent_menu.addAction(tr("recent.empty")).setEnabled(False)
        for i, path in enumerate(items, 1):
            act = self.recent_menu.addAction(f"&{i} {Path(path).name}")
            act.setToolTip(path)
            act.triggered.connect(lambda checked=False, p=path: self.open_project(p))

    # -- actions -------------------------------------------------------------------------------
    def new_project(self) -> None:
        if self.may_leave("unsaved.before_new"):
            self.controller.project.new_project()

    def open_demo(self) -> None:
        if self.may_leave("unsaved.before_demo"):
            self.controller.project.open_demo()

    def open_project(self, path) -> None:
        if self.may_leave("unsaved.before_open"):
            self.controller.project.open_project(path)

    def open_dialog(self) -> None:
        if not self.may_leave("unsaved.before_open"):
            return
        path, _ = QFileDialog.getOpenFileName(self, tr("action.open").replace("&", ""), "", tr("project.filter"))
        if path:
            self.controller.project.open_project(path)

    def may_leave(self, action_key: str) -> bool:
        """Whether the current project may be replaced or closed: nothing unsaved, or the user chose
        Opslaan (and it was saved) or Niet opslaan. ``action_key``: what comes next, in Dutch."""
        s = self.controller.state
        if not s.dirty or s.project.is_empty():
            return True
        answer = questions.save_changes(self, s.title() or tr("app.untitled"), tr(action_key))
        if answer == questions.CANCEL:
            return False
        return answer == questions.DISCARD or self.save_and_wait()

    def save_and_wait(self) -> bool:
        """Save the project (asking where when it has no file yet) and wait until it is written; False when
        the user cancelled or the save failed (the error is shown)."""
        c = self.controller
        path = c.state.path or self._ask_save_path()
        if path is None:
            return False
        runner, written = c.project.saver, []
        loop = QEventLoop()
        runner.resultReady.connect(written.append)
        runner.finished.connect(loop.quit)
        try:
            c.project.save(path)
            if runner.is_running():
                loop.exec()
        finally:
            runner.resultReady.disconnect(written.append)
            runner.finished.disconnect(loop.quit)
        return bool(written)

    def save(self) -> None:
        if self.controller.state.path is None:
            self.save_as()
        else:
            self.controller.project.save(self.controller.state.path)

    def save_as(self) -> None:
        path = self._ask_save_path()
        if path is not None:
            self.controller.project.save(path)

    def _ask_save_path(self) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, tr("action.save_as").replace("&", ""), "", tr("project.filter"))
        if not path:
            return None
        return path if path.endswith(".gpkg") else path + ".gpkg"

    def _on_saved(self, path: str) -> None:
        settings_store.add_recent(path)

    def import_wizard(self, path: str | None = None):
        from desktop.wizard import ImportWizard

        wizard = ImportWizard(self, areas=self.controller.state.project.areas)
        wizard.import_mode = questions.REPLACE  # the answer to the question below (nothing asked: the first of its kind)
        wizard.confirm = lambda kind, data, report: self._confirm_import(kind, data, report, wizard)
        wizard.imported.connect(lambda kind, data, report: self.controller.project.add_imported(
            kind, data, report, mode=wizard.import_mode))
        wizard.imported.connect(self._say_added)
        if path:
            wizard.set_path(path)
        wizard.open()
        self.wizard = wizard
        return wizard

    def _confirm_import(self, kind: str, data, report, wizard=None) -> bool:
        """Before an import meets the project's boundaries, incidents or counts: ask whether to add it beside
        them (a new source; another division) or to replace them (the answer goes to ``wizard.import_mode``)."""
        from desktop import overview
        from importers.project import Project

        project = self.controller.state.project
        attr = {"boundaries": "areas"}.get(kind, kind)
        if getattr(project, attr, None) is None:
            return True
        current = overview.layer_texts(project)[kind].replace("\n", ", ")
        new = overview.layer_texts(Project(**{attr: data}))[kind].replace("\n", ", ")
        source = Path(getattr(report, "path", "") or "").name
        answer = questions.import_over(self, kind, current, f"{new} ({source})" if source else new)
        if wizard is not None:
            wizard.import_mode = answer
        return answer != questions.CANCEL

    def _say_added(self, kind: str, data, report) -> None:
        """Confirm in the status bar what the import added."""
        from desktop import import_steps, overview
        from importers.project import Project

        what = overview.layer_texts(Project(**{{"boundaries": "areas"}.get(kind, kind): data}))[kind]
        self.statusBar().showMessage(tr("wizard.added", what=what.replace("\n", ", "),
                                        file=import_steps.file_name(report)), 15000)

    def open_files(self, paths: list) -> None:
        for path in paths:
            if str(path).lower().endswith(".gpkg") and _is_project(path):
                self.open_project(path)
            else:
                self.import_wizard(str(path))
                break

    def about(self) -> None:
        try:
            from resources.demo import ATTRIBUTION as sources
        except ImportError:
            sources = tr("about.sources_default")
        from desktop import __version__  # the package's version (pyproject.toml reads it from there)
        from desktop import licences

        software = licences.installed()
        box = self._html_box("about.title", tr("about.text", version=__version__, sources=sources,
                                               software=licences.about_html(software)))
        box.setDetailedText(licences.overview_text(software))

    def _html_box(self, title_key: str, html: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Information, tr(title_key), html, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setObjectName("infoBox")
        box.open()
        self.info_box = box
        return box

    # -- drag and drop -------------------------------------------------------------------------
    def dragEnterEvent(self, event):  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.filesDropped.emit(paths)

    # -- remembered state ----------------------------------------------------------------------
    def restore_settings(self) -> None:
        s = settings_store.settings()
        geometry = s.value("window/geometry", QByteArray())
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = s.value("window/state", QByteArray())
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        else:  # the first start: the window fits the screen, dock sizes once it has its real size
            screen = self.screen().availableGeometry() if self.screen() is not None else None
            if screen is not None and screen.width() <= 1920:
                self.setGeometry(screen)  # a laptop or an ordinary screen: all of it
            QTimer.singleShot(0, self._default_layout)

    def closeEvent(self, event):  # noqa: N802
        if not self.may_leave("unsaved.before_close"):
            event.ignore()
            return
        s = settings_store.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        c = self.controller
        saves = (c.project.saver, c.project.autosaver, c.exporter.runner)
        for r in c.runners():  # a save or an export under way is finished, not cancelled: the user asked for it
            if r not in saves:
                r.cancel()
        for r in saves:
            r.wait(30)
        settings_store.running_flag().unlink(missing_ok=True)
        super().closeEvent(event)


#: The modules of the Ontwikkeling and Tijden tabs (built on first use) and of the exports' metadata: imported by
#: the warm-up, as importing them on the GUI thread stalled the tab's first opening 60-90 ms (PySide reads each
#: module's source on import) and the first export 0.2 s (the output pipeline, for the method line).
QUESTION_MODULES = ("desktop.panels.development_panel", "desktop.panels.hottimes_panel",
                    "desktop.panels.calendar_chart", "desktop.panels.filter_chip", "desktop.panels.sparkline",
                    "desktop.change_tasks", "desktop.sparklines", "hotspots.when.calendar", "kernel.nl",
                    "mapping.outputs")
_CHARTS = "grafieken"  # the warm-up's progress text once pyqtgraph is imported


def _clamp(value: float, low: int, high: int) -> int:
    return int(min(max(value, low), high))


def _import_for_window(charts_built: threading.Event, progress=None, cancelled=None) -> None:
    """The warm-up (a core-shaped function for the worker helper): import pyqtgraph, say so (the GUI thread
    then builds the charts), wait until they are built, then import the analyses (the forms follow)."""
    try:
        importlib.import_module("pyqtgraph")  # the charts' (~0.35 s)
    except ImportError:  # the charts say so when they are built
        pass
    if progress is not None:
        progress(0.5, _CHARTS)
    charts_built.wait(5.0)
    tasks.import_analyses()
    for module in QUESTION_MODULES:  # the first opening of Ontwikkeling or Tijden then builds, never imports
        try:
            importlib.import_module(module)
        except ImportError:
            pass


def _is_project(path) -> bool:
    from importers.project import read_meta

    try:
        read_meta(path)
    except Exception:  # noqa: BLE001 - any failure means: not a project, so import it
        return False
    return True



