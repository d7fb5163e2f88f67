"""The Vergelijking tab: the gemeente against the country, similar gemeenten, its neighbours and its region; its
wijken against its own average; and what residents say (Veiligheidsmonitor) beside what is registered.

The tab shows the texts of :mod:`desktop.comparison_view` (the core's numbers in the core's words) and the
charts of :mod:`mapping.benchmark_charts` as images; the controller (:mod:`desktop.control.comparison`)
computes. Choosing a gemeente, category or year, or a row of the groups' table (the dot plot of that
group), changes only what is shown; the gemeente chosen compares again. Without a reference set the tab
says what to download and where it is kept, with the button to read the files in.
"""
from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QPushButton, QScrollArea, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from desktop import comparison_view as view
from desktop.strings import tr


class ComparisonPanel(QWidget):
    """See the module docstring.

    Signals
    -------
    filesChosen(list)
        The reference files the user picked (paths).
    rerunRequested()
        Opnieuw vergelijken.
    gemeenteChosen(str)
        A gemeente chosen in the box (its code).
    chartRequested(str, int, str)
        The category, year and group whose charts should be drawn.
    """

    filesChosen = Signal(list)
    rerunRequested = Signal()
    gemeenteChosen = Signal(str)
    chartRequested = Signal(str, int, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("comparisonPanel")
        self.comparison = None
        self._pixmaps: dict = {}
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(6, 6, 6, 6)
        self.info = _label(object_name="compareInfo", rich=True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.info)
        buttons = QHBoxLayout()
        self.choose = QPushButton(tr("compare.choose_files"))
        self.choose.setObjectName("compareChoose")
        self.choose.setToolTip(tr("compare.choose_tip"))
        self.choose.clicked.connect(self._choose_files)
        self.rerun = QPushButton(tr("compare.run"))
        self.rerun.setObjectName("compareRun")
        self.rerun.clicked.connect(self.rerunRequested)
        buttons.addWidget(self.choose)
        buttons.addWidget(self.rerun)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        self.gemeente_box, self.category_box, self.year_box = QComboBox(), QComboBox(), QComboBox()
        for box, name in ((self.gemeente_box, "compareGemeente"), (self.category_box, "compareCategory"),
                          (self.year_box, "compareYear")):
            box.setObjectName(name)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(12)
        self.gemeente_box.setEditable(True)
        self.gemeente_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.gemeente_box.activated.connect(self._gemeente_chosen)
        self.category_box.currentIndexChanged.connect(self._category_changed)
        self.year_box.currentIndexChanged.connect(lambda _: self._show_gemeente())
        form.addRow(tr("compare.gemeente"), self.gemeente_box)
        form.addRow(tr("compare.category"), self.category_box)
        form.addRow(tr("compare.year"), self.year_box)
        self.choices = QWidget()
        self.choices.setLayout(form)
        lay.addWidget(self.choices)
        self.results = QWidget()
        res = QVBoxLayout(self.results)
        res.setContentsMargins(0, 0, 0, 0)
        res.addWidget(_heading(tr("compare.section_gemeente")))
        self.headline = _label(object_name="compareHeadline")
        self.headline.setStyleSheet("font-weight: bold;")
        res.addWidget(self.headline)
        self.groups = _table("compareGroups")
        self.groups.itemSelectionChanged.connect(self._group_chosen)
        res.addWidget(self.groups)
        self.sentence = _label(object_name="compareSentence")
        res.addWidget(self.sentence)
        res.addWidget(_heading(tr("compare.section_charts")))
        self.charts_note = _label(object_name="compareChartsNote")
        res.addWidget(self.charts_note)
        self.dots, self.series = _Chart("compareDots", self), _Chart("compareSeries", self)
        res.addWidget(self.dots)
        res.addWidget(self.series)
        res.addWidget(_heading(tr("compare.section_wijken")))
        self.wijk_heading = _label(object_name="compareWijkHeading")
        res.addWidget(self.wijk_heading)
        self.wijken = _table("compareWijken")
        res.addWidget(self.wijken)
        res.addWidget(_heading(tr("compare.section_survey")))
        self.survey_note = _label(object_name="compareSurveyNote")
        res.addWidget(self.survey_note)
        self.survey = _table("compareSurvey")
        res.addWidget(self.survey)
        self.associations = _label(object_name="compareAssociations")
        res.addWidget(self.associations)
        self.notes = _label(object_name="compareNotes")
        self.notes.setStyleSheet("color: #555555;")
        res.addWidget(self.notes)
        lay.addWidget(self.results)
        lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.scroll = scroll
        self.show_message(tr("compare.no_project"))

    # -- what the controller shows ---------------------------------------------------------------
    def show_message(self, text: str, *, rich: bool = False) -> None:
        """Only a message (no project, computing, no reference set)."""
        self.info.setText(text if rich else html.escape(text))
        self.choices.setVisible(False)
        self.results.setVisible(False)
        self.rerun.setVisible(False)

    def show_computing(self) -> None:
        if self.comparison is None:
            self.show_message(tr("compare.waiting"))

    def show_result(self, result: dict) -> None:
        """The result of :func:`desktop.compare_tasks.compare`."""
        if result.get("found") is None:  # no project
            self.comparison = None
            self.show_message(tr("compare.no_project"))
            return
        if not result.get("found"):
            self.comparison = None
            self.show_message(view.missing_html(result["path"]), rich=True)
            return
        comp = result["comparison"]
        self.comparison = comp
        self.info.setText(html.escape(tr("compare.reference", description=result["description"],
                                         path=result["path"])))
        self.rerun.setVisible(True)
        self.choices.setVisible(True)
        self.results.setVisible(True)
        self._fill_gemeenten(result.get("gemeenten", []), comp.gemeente.code if comp.gemeente is not None else None)
        self.category_box.blockSignals(True)
        current = self.category_box.currentData()
        self.category_box.clear()
        for key, label in view.categories(comp):
            self.category_box.addItem(label, key)
            self.category_box.setItemData(self.category_box.count() - 1, label, Qt.ItemDataRole.ToolTipRole)
        i = self.category_box.findData(current)
        self.category_box.setCurrentIndex(max(i, 0))
        self.category_box.blockSignals(False)
        self._category_changed()
        lines = view.status_lines(comp)
        self.notes.setText("\n".join(lines + list(dict.fromkeys(comp.notes))))
        self._show_survey()

    def show_charts(self, charts: dict) -> None:
        self.charts_note.setText("")
        self.dots.set_png(charts.get("dots"))
        self.series.set_png(charts.get("series"))

    # -- choices ---------------------------------------------------------------------------------
    def _fill_gemeenten(self, gemeenten, code) -> None:
        box = self.gemeente_box
        box.blockSignals(True)
        if box.count() != len(gemeenten):
            box.clear()
            for c, name in gemeenten:
                box.addItem(f"{name} ({c})", c)
        i = box.findData(code) if code else -1
        box.setCurrentIndex(i)
        if i < 0:
            box.setEditText("")
        box.blockSignals(False)

    def _gemeente_chosen(self, index: int) -> None:
        code = self.gemeente_box.itemData(index)
        if code:
            self.gemeenteChosen.emit(str(code))

    def _category_changed(self, *_) -> None:
        comp, key = self.comparison, self.category_box.currentData()
        self.year_box.blockSignals(True)
        current = self.year_box.currentData()
        self.year_box.clear()
        for y in view.years(comp, key):
            self.year_box.addItem(str(y), y)
        i = self.year_box.findData(current)
        self.year_box.setCurrentIndex(max(i, 0))
        self.year_box.blockSignals(False)
        self._show_gemeente()

    def current(self) -> tuple:
        """The category and year shown, and the group whose dot plot is shown."""
        rows = self.groups.selectionModel().selectedRows() if self.groups.selectionModel() else []
        group = self.groups.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole) if rows else None
        return self.category_box.currentData(), self.year_box.currentData(), group

    def _show_gemeente(self) -> None:
        comp = self.comparison
        category, year = self.category_box.currentData(), self.year_box.currentData()
        if comp is None or comp.gemeente is None or year is None:
            self.headline.setText("")
            _fill(self.groups, None)
            self.sentence.setText("")
            self.dots.set_png(None)
            self.series.set_png(None)
            self._show_wijken(None)
            return
        self.headline.setText(view.headline(comp, category, year))
        previous = self.current()[2]
        table = view.gemeente_table(comp, category, year)
        _fill(self.groups, table)
        pick = table.keys.index(previous) if previous in table.keys else \
            (table.keys.index("vergelijkbaar") if "vergelijkbaar" in table.keys else 0)
        if table.rows:
            self.groups.selectRow(pick)
        self._show_wijken(year)

    def _group_chosen(self) -> None:
        category, year, group = self.current()
        if group is None:
            return
        rows = self.groups.selectionModel().selectedRows()
        self.sentence.setText(self.groups.item(rows[0].row(), 0).toolTip())
        self.charts_note.setText(tr("compare.charts_waiting"))
        self.chartRequested.emit(str(category), int(year), str(group))

    def _show_wijken(self, year) -> None:
        comp = self.comparison
        y = view.wijk_year(comp, year)
        if y is None:
            self.wijk_heading.setText(tr("compare.no_wijken") if comp is None or comp.wijken is None else "")
            _fill(self.wijken, None)
            return
        self.wijk_heading.setText(view.wijk_heading(comp, y))
        _fill(self.wijken, view.wijk_table(comp, y))

    def _show_survey(self) -> None:
        table = view.survey_table(self.comparison)
        self.survey_note.setText("" if table is not None else tr("compare.no_survey"))
        _fill(self.survey, table)
        self.associations.setText("\n".join(view.association_lines(self.comparison)))

    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, tr("compare.choose_files").rstrip("…"), "",
                                                tr("compare.files_filter"))
        if paths:
            self.filesChosen.emit(list(paths))


class _Chart(QLabel):
    """A chart image scaled to the tab's width; a click shows it at full size."""

    def __init__(self, name: str, panel: ComparisonPanel):
        super().__init__()
        self.setObjectName(name)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setToolTip(tr("compare.chart_tip"))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.full = QPixmap()
        self.setMinimumWidth(10)

    def set_png(self, data: bytes | None) -> None:
        self.full = QPixmap()
        if data:
            self.full.loadFromData(data, "PNG")
        self.setVisible(not self.full.isNull())
        self._scale()

    def _scale(self) -> None:
        if self.full.isNull():
            self.clear()
            return
        width = max(self.width(), 200)
        self.setPixmap(self.full.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event):  # noqa: N802
        super().resizeEvent(event)
        if not self.full.isNull() and (self.pixmap().isNull() or abs(self.pixmap().width() - self.width()) > 2):
            self._scale()

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        if self.full.isNull():
            return 0
        return int(self.full.height() * width / max(self.full.width(), 1))

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def mousePressEvent(self, event):  # noqa: N802
        if self.full.isNull():
            return
        dialog = QDialog(self.window())
        dialog.setObjectName("compareChartDialog")
        dialog.setWindowTitle(tr("compare.chart_title"))
        label = QLabel()
        label.setPixmap(self.full)
        area = QScrollArea()
        area.setWidget(label)
        QVBoxLayout(dialog).addWidget(area)
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        w, h = self.full.width() + 40, self.full.height() + 40
        if screen is not None:
            w, h = min(w, screen.width() - 40), min(h, screen.height() - 80)
        dialog.resize(w, h)
        dialog.open()
        self.dialog = dialog


def _label(object_name: str, rich: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    return label


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    label.setContentsMargins(0, 8, 0, 0)
    return label


class _Table(QTableWidget):
    """A table that shows all its rows: fitted again whenever its width changes."""

    def resizeEvent(self, event):  # noqa: N802
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            _fit(self)


def _table(name: str) -> QTableWidget:
    t = _Table()
    t.setObjectName(name)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setWordWrap(True)
    t.setTextElideMode(Qt.TextElideMode.ElideNone)
    t.verticalHeader().setVisible(False)
    t.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    t.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    t.setToolTip(tr("compare.tip_table"))
    header = t.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(False)
    return t


def _fill(t: QTableWidget, table) -> None:
    """Put a :class:`desktop.comparison_view.Table` in ``t`` (None: empty and hidden), all rows in view."""
    t.blockSignals(True)
    t.clearContents()
    t.setRowCount(0)
    t.setVisible(table is not None and bool(table.rows))
    if table is None:
        t.blockSignals(False)
        return
    t.setColumnCount(len(table.headers))
    t.setHorizontalHeaderLabels(table.headers)
    t.setRowCount(len(table.rows))
    bold = QFont(t.font())
    bold.setBold(True)
    for i, (cells, tip, key, strong) in enumerate(zip(table.rows, table.tips, table.keys, table.strong)):
        for j, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            if j == 0:
                item.setData(Qt.ItemDataRole.UserRole, key)
            if strong and j in (0, table.verdict_column):
                item.setFont(bold)
            t.setItem(i, j, item)
    t.blockSignals(False)
    _fit(t)


def _fit(t: QTableWidget) -> None:
    """Columns to their texts (the first, the longest, wraps in what is left), every row in view."""
    if not t.rowCount():
        return
    header = t.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.resizeColumnsToContents()
    room = t.width() - 2 * t.frameWidth()
    widths = [t.columnWidth(k) for k in range(t.columnCount())]
    if sum(widths) > room:  # too wide: every column gives way in proportion (its text wraps), none under 80
        total = sum(widths)
        widths = [max(80, int(room * w / total)) for w in widths]
        widths[0] = max(80, room - sum(widths[1:]))
        for k, w in enumerate(widths):
            t.setColumnWidth(k, w)
    else:  # room to spare: the first column takes it
        t.setColumnWidth(0, widths[0] + room - sum(widths))
    t.resizeRowsToContents()
    t.setFixedHeight(header.height() + sum(t.rowHeight(r) for r in range(t.rowCount())) + 2 * t.frameWidth())
