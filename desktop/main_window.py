"""The main window: layout, menus, shortcuts, drag and drop. Routing lives in the controller.

Left: the data panel and the analysis settings. Centre: the map. Right: the
charts above the table of areas (and the Inzet tab).
"""
from __future__ import annotations

import importlib
import threading
from pathlib import Path

from PySide6.QtCore import QByteArray, QEventLoop, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QDockWidget, QFileDialog, QMainWindow, QMessageBox, QScrollArea,
                               QTabWidget, QVBoxLayout, QWidget)

from desktop import exports, settings_store
from desktop import tasks
from desktop.charts import ChartsPanel
from desktop.controller import Controller
from desktop.map_view import MapView
from desktop.panels.area_table import AreaTable
from desktop.panels.data_panel import DataPanel
from desktop.panels.settings_panel import SettingsPanel
from desktop.statusbar import ProgressStatus
from desktop.strings import tr


class MainWindow(QMainWindow):
    """Emits ``filesDropped(list)`` when the user drops files on it."""

    filesDropped = Signal(list)
    _chartsImported = Signal()    # internal: the import thread -> the GUI thread
    _analysesImported = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("app.title"))
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.map_view = MapView()
        self.setCentralWidget(self.map_view)
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
        scroll.setMinimumWidth(330)
        self.left_dock = self._dock("dataDock", tr("data.title"), scroll, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.charts = ChartsPanel()
        self.table = AreaTable()
        self.inzet_panel = None  # built when its tab is first opened (it imports the planner)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.charts, tr("charts.title"))
        self.tabs.addTab(QWidget(), tr("inzet.title"))
        self.tabs.currentChanged.connect(self._open_inzet)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.right_dock = self._dock("resultsDock", tr("charts.title"), self.tabs,
                                     Qt.DockWidgetArea.RightDockWidgetArea)
        self.table_dock = self._dock("tableDock", tr("table.title"), self.table,
                                     Qt.DockWidgetArea.BottomDockWidgetArea)
        self.progress = ProgressStatus()
        self.statusBar().addPermanentWidget(self.progress)
        self.controller = Controller(data_panel=self.data_panel, settings_panel=self.settings_panel,
                                     table=self.table, charts=self.charts, map_view=self.map_view,
                                     progress=self.progress, dialog_parent=self, parent=self)
        self.controller.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.controller.titleChanged.connect(lambda name: self.setWindowTitle(tr("app.title_project", name=name)))
        self.controller.saved.connect(self._on_saved)
        self.data_panel.importRequested.connect(self.import_wizard)
        self.filesDropped.connect(self.open_files)
        # the charts import pyqtgraph (~0.4 s) and the declarations the analyses (scipy, pandas, geopandas:
        # ~1.5 s): once the shown window has painted its frame, a thread imports pyqtgraph, then the analyses
        # (the settings panel says "loading" meanwhile); the charts and then the forms are built as each is done
        self._chartsImported.connect(self.charts.warm_up)
        self._analysesImported.connect(self._fill_in)
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
        """Import pyqtgraph and then the analyses in a thread (the GUI thread would freeze ~2 s); the charts
        are built when the first is done (a saved snapshot's charts are drawn then), the forms after both."""
        if tasks.analyses_imported():  # a window opened earlier in this process did it
            self.charts.warm_up()
            self._fill_in()
            return

        def emit(signal) -> None:
            try:
                signal.emit()  # queued: the slot runs in the GUI thread
            except RuntimeError:  # the window was closed (and deleted) meanwhile
                pass

        built = threading.Event()  # the analyses' imports wait: the GUI thread builds the charts meanwhile
        self.charts.ready.connect(built.set)
        if self.charts.is_built:
            built.set()

        def work() -> None:
            try:
                importlib.import_module("pyqtgraph")  # the charts' (~0.35 s; warm_up builds them next)
            except ImportError:  # the charts say so when they are built
                pass
            finally:
                emit(self._chartsImported)
            built.wait(5.0)
            try:
                tasks.import_analyses()
            finally:
                emit(self._analysesImported)

        threading.Thread(target=work, name="wijkbeeld-import", daemon=True).start()

    def _fill_in(self) -> None:
        """The settings forms, once the analyses are imported (and the charts, if they were not yet built)."""
        self.settings_panel.set_methods(tasks.hotspot_methods())
        self.charts.warm_up()

    def _default_layout(self) -> None:
        self.resizeDocks([self.left_dock, self.right_dock], [340, 600], Qt.Orientation.Horizontal)
        self.resizeDocks([self.table_dock], [230], Qt.Orientation.Vertical)

    def _tab_changed(self, index: int) -> None:
        """The map follows the tab: the plan on the Inzet tab, the hot spots elsewhere."""
        if index == 1:
            self.controller.show_plan_map()
        else:
            self.controller.show_analysis_map()

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
        self._action(f, "action.new", self.controller.new_project, QKeySequence.StandardKey.New)
        self._action(f, "action.open", self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = f.addMenu(tr("menu.recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(f, "action.save", self.save, QKeySequence.StandardKey.Save)
        self._action(f, "action.save_as", self.save_as, QKeySequence.StandardKey.SaveAs)
        f.addSeparator()
        self._action(f, "action.import", self.import_wizard, "Ctrl+I")
        self._action(f, "action.demo", self.controller.open_demo, "Ctrl+D")
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
            act.triggered.connect(lambda checked=False, p=path: self.controller.open_project(p))

    # -- actions -------------------------------------------------------------------------------
    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("action.open").replace("&", ""), "", tr("project.filter"))
        if path:
            self.controller.open_project(path)

    def save(self) -> None:
        if self.controller.state.path is None:
            self.save_as()
        else:
            self.controller.save(self.controller.state.path)

    def save_as(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("action.save_as").replace("&", ""), "", tr("project.filter"))
        if path:
            self.controller.save(path if path.endswith(".gpkg") else path + ".gpkg")

    def _on_saved(self, path: str) -> None:
        settings_store.add_recent(path)
        self.setWindowTitle(tr("app.title_project", name=Path(path).stem))

    def import_wizard(self, path: str | None = None):
        from desktop.wizard import ImportWizard

        wizard = ImportWizard(self, areas=self.controller.state.project.areas)
        wizard.imported.connect(self.controller.add_imported)
        if path:
            wizard.set_path(path)
        wizard.open()
        self.wizard = wizard
        return wizard

    def open_files(self, paths: list) -> None:
        for path in paths:
            if str(path).lower().endswith(".gpkg") and _is_project(path):
                self.controller.open_project(path)
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
        else:  # the first start: dock sizes once the window has its real size
            QTimer.singleShot(0, self._default_layout)

    def closeEvent(self, event):  # noqa: N802
        s = settings_store.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        c = self.controller
        saves = (c.saver, c.autosaver)
        for r in c.runners():  # a save under way is finished, not cancelled: the user asked for it
            if r not in saves:
                r.cancel()
        for r in saves:
            r.wait(30)
        settings_store.running_flag().unlink(missing_ok=True)
        super().closeEvent(event)


def _is_project(path) -> bool:
    from importers.project import read_meta

    try:
        read_meta(path)
    except Exception:  # noqa: BLE001 - any failure means: not a project, so import it
        return False
    return True



