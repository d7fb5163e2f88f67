"""The Tijden view: which days and hours, with the hot-time blocks as ``hottimes`` computes them.

The week x hour matrix of the selected areas (all areas when none is selected) in the chosen
period, with every hot-time block of :func:`hotspots.when.hottimes.run_hottimes` outlined on it,
and the blocks listed beside it with observed, expected and p (FDR); hovering a cell says its
value. The temporal signature (diffuse, focused, acute) is said under the list. A second tab lists each
selected area and each hot-spot group with its own blocks and signature and what that means for deployment
(:mod:`desktop.times_tasks`); a third shows the calendar heat chart (days of the year x years).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QSplitter, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from desktop.panels.change_table import p_cell
from desktop.strings import number, tr

OUTLINE = "#00a0b0"
HOURS_PER_WEEK = 168


def block_cells(block: dict) -> list[tuple[int, int, int]]:
    """The rectangles of a block on the matrix: ``(day, first hour, last hour + 1)`` per day it touches
    (a block over midnight or from Sunday into Monday is cut at the day's edge)."""
    out: list[list[int]] = []
    for slot in range(block["slot"], block["slot"] + block["hours"]):
        day, hour = divmod(slot % HOURS_PER_WEEK, 24)
        if out and out[-1][0] == day and out[-1][2] == hour:
            out[-1][2] = hour + 1
        else:
            out.append([day, hour, hour + 1])
    return [tuple(r) for r in out]


class HotTimesPanel(QWidget):
    """Draws a :class:`desktop.change_tasks.HotTimes`; a click on a cell emits ``whenPicked`` (its day and hour:
    the map and the table are filtered to it, :mod:`desktop.when_filter`)."""

    whenPicked = Signal(dict)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = QLabel(tr("times.loading"))
        self.heading.setObjectName("hottimesHeading")
        self.heading.setStyleSheet("font-weight: bold;")
        self.heading.setWordWrap(True)
        self.plot = None  # the matrix's plot: made in the next turn of the event loop (or by the first result), so
        # that opening the view builds one pyqtgraph plot at a time (each some 30-50 ms of the GUI thread)
        self.hover = QLabel(" ")
        self.hover.setStyleSheet("color: #444444;")
        self.blocks = QTableWidget(0, 5)
        self.blocks.setHorizontalHeaderLabels([tr(f"times.col.{k}") for k in ("block", "hours", "observed",
                                                                               "expected", "p")])
        self.blocks.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.blocks.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.blocks.verticalHeader().hide()
        self.blocks.verticalHeader().setDefaultSectionSize(20)
        header = self.blocks.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.blocks.setToolTip(tr("times.tip"))
        self.signature = QLabel()
        self.signature.setWordWrap(True)
        upper = QWidget()
        up = QVBoxLayout(upper)
        up.setContentsMargins(0, 0, 0, 0)
        up.addWidget(self.hover)
        self.upper = up
        blocks = QWidget()
        low = QVBoxLayout(blocks)
        low.setContentsMargins(2, 2, 2, 2)
        low.addWidget(QLabel(tr("times.blocks")))
        low.addWidget(self.blocks, 1)
        low.addWidget(self.signature)
        self.lower = lower = QTabWidget()
        lower.addTab(blocks, tr("times.tab_blocks"))
        lower.addTab(self._build_areas(), tr("times.tab_areas"))
        from desktop.panels.calendar_chart import CalendarChart

        self.calendar = CalendarChart()
        lower.addTab(self.calendar, tr("times.tab_calendar"))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.split = split
        lower.currentChanged.connect(self._room)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.heading)
        from desktop.panels.filter_chip import FilterChip

        self.chip = FilterChip()
        lay.addWidget(self.chip)
        lay.addWidget(split, 1)
        self.data = None
        self.outlines: list = []  # one item per rectangle drawn: (block label, day, first hour, end hour)
        self._image = None
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, self, self._build_plot)  # not after the panel is gone

    def _build_plot(self) -> None:
        """The week x hour plot, once."""
        if self.plot is not None:
            return
        from desktop.charts import still_plot

        self.plot = still_plot(tr("times.matrix"), tooltip=tr("times.tip"))
        self.upper.insertWidget(0, self.plot, 1)
        self.plot.scene().sigMouseMoved.connect(self._moved)
        self.plot.scene().sigMouseClicked.connect(self._clicked)

    def _room(self, index: int) -> None:
        """The matrix gives way to the per-area table and the calendar (3:2 for the blocks, 2:3 for those)."""
        total = sum(self.split.sizes())
        if total > 0:
            upper = total * (3 if index == 0 else 2) // 5
            self.split.setSizes([upper, total - upper])

    def _build_areas(self) -> QWidget:
        """The table of each selected area and hot-spot group: incidents, signature, busiest 8 hours, blocks."""
        self.areas = QTableWidget(0, 4)  # the busiest 8 hours are in the sentence under it
        self.areas.setHorizontalHeaderLabels([tr(f"times.col.{k}") for k in ("area", "total", "signature",
                                                                               "hot_blocks")])
        self.areas.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.areas.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.areas.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.areas.setWordWrap(False)
        self.areas.setToolTip(tr("times.areas_tip"))
        self.areas.verticalHeader().hide()
        header = self.areas.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.areas.currentCellChanged.connect(lambda row, *_: self._show_meaning(row))
        self.areas_intro = QLabel(tr("times.areas_intro"))
        self.areas_intro.setWordWrap(True)
        self.areas_intro.setStyleSheet("color: #444444;")
        self.meaning = QLabel()
        self.meaning.setWordWrap(True)
        self.meaning.setStyleSheet("font-weight: bold;")
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.areas_intro)
        lay.addWidget(self.areas, 1)
        lay.addWidget(self.meaning)
        self.rows: list = []
        return box

    def _show_rows(self, rows: list) -> None:
        self.rows = list(rows)
        self.areas.setRowCount(len(rows))
        for r, row in enumerate(rows):
            sig = row.get("signature") or {}
            labels = [b["label"] for b in row["blocks"]]
            cells = [row["name"], number(row["total"], 0), sig.get("label", "") if sig else "",
                     (labels[0] + (f" (+{len(labels) - 1})" if len(labels) > 1 else "")) if labels
                     else tr("times.no_blocks")]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c == 0 and row["kind"] == "group":
                    font = item.font()
                    font.setItalic(True)
                    item.setFont(font)
                item.setToolTip(row.get("note") or row.get("meaning", "") if c != 3 else ", ".join(labels))
                self.areas.setItem(r, c, item)
        self.areas.setColumnWidth(0, min(190, max(110, self.areas.sizeHintForColumn(0))))
        if not rows:
            self.areas_intro.setText(tr("times.areas_none"))
            self.meaning.setText("")
        else:
            self.areas_intro.setText(tr("times.areas_intro"))
            self.areas.setCurrentCell(0, 0)
            self._show_meaning(0)

    def _show_meaning(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            r = self.rows[row]
            self.meaning.setText(f"{r['name']}: {r.get('note') or r.get('meaning', '')}")

    def show_loading(self) -> None:
        self.heading.setText(tr("times.loading"))
        self.split.show()

    def show_problem(self, text: str) -> None:
        """Why there are no hot times (no incidents with a time in the period, police counts, ...), in Dutch:
        no empty axes or an older result under it."""
        self.heading.setText(text)
        self.data = None
        if self.plot is not None:
            self.plot.clear()
        self.blocks.setRowCount(0)
        self.signature.setText("")
        self._show_rows([])
        self.split.hide()

    def show_times(self, data) -> None:
        import numpy as np
        import pyqtgraph as pg

        self.data = data
        self.heading.setText(tr("times.heading", title=data.title))
        self.split.show()
        self._build_plot()
        self.plot.clear()
        m = np.asarray(data.matrix, dtype=float)
        img = pg.ImageItem(m.T[:, ::-1])  # x = hour, y = day (Monday at the top)
        colours = pg.colormap.get("CET-L18")
        img.setLookupTable(colours.getLookupTable(nPts=256))
        img.setLevels([0, float(m.max()) or 1.0])
        self.plot.addItem(img)
        self._image = img
        self.outlines = []
        for block in data.blocks:
            for day, h0, h1 in block_cells(block):
                y0, y1 = 6 - day, 7 - day
                item = self.plot.plot([h0, h1, h1, h0, h0], [y0, y0, y1, y1, y0], pen=pg.mkPen(OUTLINE, width=2.5))
                self.outlines.append((block["label"], day, h0, h1))
                item.setToolTip(block["label"])
        days = tr("days.short").split(",")
        self.plot.getAxis("left").setTicks([[(6 - i + 0.5, days[i]) for i in range(7)]])
        self.plot.getAxis("bottom").setTicks([[(h + 0.5, str(h)) for h in range(0, 24, 3)]])
        self.plot.setXRange(0, 24, padding=0)
        self.plot.setYRange(0, 7, padding=0)
        self.blocks.setRowCount(len(data.blocks))
        for r, b in enumerate(data.blocks):
            cells = [b["label"], str(b["hours"]), number(b["observed"], 0), number(b["expected"], 1), p_cell(b["p_fdr"])]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(b.get("phrase") or b["label"])
                self.blocks.setItem(r, c, item)
        sig = data.signature or {}
        text = tr("times.signature", label=sig.get("label", ""), block=sig.get("block", ""),
                  share=f"{number(100 * sig.get('share', 0.0), 0)}%") if sig.get("signature") not in (None, "unknown") \
            else ""
        self.signature.setText(text if data.blocks else (tr("times.none") + " " + text).strip())
        if getattr(data, "date_only", False):  # no hours to test: say so, not "no hours busier than even"
            self.signature.setText(tr("times.dates_only"))
            self.heading.setText(tr("times.heading", title=data.title) + " · " + tr("times.dates_short"))
        self._show_rows(getattr(data, "rows", []) or [])
        self.calendar.show_calendar(getattr(data, "calendar", None), getattr(data, "busiest", []) or [])

    def cell_text(self, day: int, hour: int) -> str:
        """What hovering the cell of ``day`` (0 = Monday) and ``hour`` says."""
        from kernel.nl import DAY_NAMES

        d = self.data
        return tr("times.cell", day=DAY_NAMES[day], hour=f"{hour:02d}", next=f"{(hour + 1) % 24:02d}",
                  value=number(float(d.matrix[day][hour]), 1), expected=number(float(d.expected[day][hour]), 1))

    def _clicked(self, event) -> None:
        if self.data is None or event.button() != Qt.MouseButton.LeftButton:
            return
        point = self.plot.getPlotItem().vb.mapSceneToView(event.scenePos())
        hour, row = int(point.x() // 1), int(point.y() // 1)
        if 0 <= hour < 24 and 0 <= row < 7:
            self.whenPicked.emit({"day": 6 - row, "hour": hour})

    def _moved(self, pos) -> None:
        if self.data is None or not self.plot.sceneBoundingRect().contains(pos):
            return
        point = self.plot.getPlotItem().vb.mapSceneToView(pos)
        hour, row = int(point.x()), int(point.y())
        if 0 <= hour < 24 and 0 <= row < 7:
            self.hover.setText(self.cell_text(6 - row, hour))
