"""The Ontwikkeling view: is it getting worse, compared with what.

Top: the level (buurt, wijk, gemeente) and, where the project has both, the source; the legend and notes. Then one
monthly chart per selected area and one for the whole gemeente, each with the same months of the
previous year (always: the series run over the whole history and are cut to the period), the
expected range as a band, and a last month where the data end inside it marked as partial. Below,
three tabs: the year-on-year table of every area at the level, period A against period B, and the
early-warning months newest first. Everything shown is computed by the core
(:mod:`desktop.change_tasks`); a row's click selects its area everywhere (``areaPicked``).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QSplitter, QTabWidget, QVBoxLayout, QWidget)

from desktop.panels.change_table import ChangeTable, SignalsTable, TrendTable
from desktop.strings import tr

PREV, THIS, BAND = "#8c8c8c", "#d62f27", (69, 117, 181, 45)
#: The least height of a chart, and of the tables below them: where the dock is lower the view scrolls.
CHART_HEIGHT, TABLE_HEIGHT = 170, 200


class SeriesChart(QWidget):
    """One area's months in the period: this period, the same months a year earlier, the expected range.

    The plot is made once and redrawn by :meth:`set_series` (making a pyqtgraph plot costs the GUI thread
    30-60 ms; a new result reuses the charts already there)."""

    def __init__(self, title: str | None = None, frame=None, partial: str | None = None, data_end: str | None = None,
                 parent=None):
        super().__init__(parent)
        from desktop.charts import still_plot

        self.plot = still_plot(min_height=CHART_HEIGHT)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot)
        self.title, self.months, self.values, self.curves, self.partial = "", [], {}, {}, None
        if frame is not None:
            self.set_series(title, frame, partial, data_end)

    def set_series(self, title: str, frame, partial: str | None, data_end: str | None) -> None:
        """Draw ``frame`` (month, count, prev_year, lower, upper) in place of what the chart showed."""
        import numpy as np
        import pyqtgraph as pg

        self.plot.clear()
        self.setToolTip("")
        self._drop_partial_label()
        self.title = title
        self.plot.setTitle(title, size="9pt")
        months = [str(m)[:7] for m in frame["month"]]
        x = np.arange(len(months), dtype=float)
        values = {k: frame[k].astype(float).to_numpy() for k in ("count", "prev_year", "lower", "upper")}
        self.values, self.months = values, months
        self.curves: dict = {}
        band = np.isfinite(values["lower"]) & np.isfinite(values["upper"])
        if band.any():  # the expected range, where the months have a baseline
            i0 = int(np.flatnonzero(band)[0])
            lo = pg.PlotCurveItem(x[i0:], np.nan_to_num(values["lower"][i0:]))
            hi = pg.PlotCurveItem(x[i0:], np.nan_to_num(values["upper"][i0:]))
            self.curves["band"] = pg.FillBetweenItem(lo, hi, brush=pg.mkBrush(*BAND))
            self.plot.addItem(self.curves["band"])
        if np.isfinite(values["prev_year"]).any():
            self.curves["prev_year"] = self.plot.plot(x, values["prev_year"], connect="finite",
                                                      pen=pg.mkPen(PREV, width=1.5, style=Qt.PenStyle.DashLine))
        count = values["count"]
        full = count.copy()
        self.partial = partial if partial and months and months[-1] == partial else None
        if self.partial is not None:  # the last month is not over in the data: dotted, hollow, said so
            full[-1] = np.nan
            self.curves["partial"] = self.plot.plot(x[-2:], count[-2:], pen=pg.mkPen(THIS, width=1.5,
                                                    style=Qt.PenStyle.DotLine), symbol="o", symbolSize=7,
                                                    symbolBrush="w", symbolPen=pg.mkPen(THIS, width=1.5))
            # said below the months (beside the last point it lay over the lines)
            label = pg.LabelItem(tr("dev.partial", day=data_end), color=THIS, size="8pt", justify="right")
            self.plot.getPlotItem().layout.addItem(label, 4, 1)
            self._partial_item, self.partial_label = label, label.item
            self.setToolTip(tr("dev.partial_tip", day=data_end))
        self.curves["count"] = self.plot.plot(x, full, pen=pg.mkPen(THIS, width=2), connect="finite")
        first = {}
        for i, m in enumerate(months):
            first.setdefault(m[:4], []).append(i)
        if len(months) <= 14:  # the months by name; the year(s) in the title
            from kernel.nl import MONTH_NAMES

            step = 1 if len(months) <= 7 else 2
            ticks = [[(i, MONTH_NAMES[int(m[5:7]) - 1][:3]) for i, m in enumerate(months) if i % step == 0], []]
            self.plot.setTitle(f"{title} ({'–'.join(first)})", size="9pt")
        else:
            ticks = [[((v[0] + v[-1]) / 2, y) for y, v in first.items()], [(v[0] - 0.5, "") for v in first.values()]]
        self.plot.getAxis("bottom").setTicks(ticks)
        self.plot.setXRange(-0.5, len(months) - 0.5, padding=0.02)


    def _drop_partial_label(self) -> None:
        item = getattr(self, "_partial_item", None)
        if item is not None:
            self.plot.getPlotItem().layout.removeItem(item)
            item.setParentItem(None)
            if item.scene() is not None:
                item.scene().removeItem(item)
        self._partial_item = self.partial_label = None


def legend_html() -> str:
    """One legend for every chart (in the charts it would cover the lines of these small plots)."""
    band = "rgba({},{},{},0.35)".format(*BAND[:3])
    return (f"<span style='color:{THIS}'>━━</span> {tr('dev.this_period')} &nbsp; "
            f"<span style='color:{PREV}'>╍╍</span> {tr('dev.prev_year')} &nbsp; "
            f"<span style='background:{band}'>&nbsp;&nbsp;&nbsp;&nbsp;</span> {tr('dev.expected_band')} &nbsp; "
            f"<span style='color:{THIS}'>┄○</span> {tr('dev.partial_short')}")


class DevelopmentPanel(QWidget):
    """Signals: ``levelChanged(str)``, ``sourceChanged(str)``, ``compareRequested(tuple, tuple)``,
    ``areaPicked(str)`` (a code at the chosen level)."""

    levelChanged = Signal(str)
    sourceChanged = Signal(str)
    compareRequested = Signal(tuple, tuple)
    areaPicked = Signal(str)
    #: The A/B tab's "Kaart van de verandering tonen" box: the map of the change on the main map, or not.
    changeMapToggled = Signal(bool)
    #: A result is drawn in full (its charts and tables).
    filled = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        from desktop.change_tasks import LEVELS

        self.level = QComboBox()
        for name in LEVELS:
            self.level.addItem(tr(f"dev.level.{name}"), name)
        self.level.currentIndexChanged.connect(lambda _: self.levelChanged.emit(self.level.currentData()))
        self.source = QComboBox()
        for name in ("incidents", "counts"):
            self.source.addItem(tr(f"dev.source.{name}"), name)
        self.source.currentIndexChanged.connect(lambda _: self.sourceChanged.emit(self.source.currentData()))
        self.source_label = QLabel(tr("dev.source"))
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("dev.level")))
        top.addWidget(self.level)
        top.addSpacing(8)
        top.addWidget(self.source_label)
        top.addWidget(self.source)
        top.addStretch(1)
        self.heading = QLabel(tr("dev.waiting"))
        self.heading.setObjectName("developmentHeading")
        self.heading.setStyleSheet("font-weight: bold;")
        self.heading.setWordWrap(True)
        self.charts_box = QWidget()
        self.charts_layout = QGridLayout(self.charts_box)
        self.charts_layout.setContentsMargins(0, 0, 0, 0)
        self.charts: dict[str, SeriesChart] = {}
        self.legend = QLabel(legend_html())
        self.legend.setStyleSheet("font-size: 8pt;")
        self.legend.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #555555;")
        self.year_table = ChangeTable(tr("dev.col.before"), tr("dev.col.now"))
        self.ab_table = ChangeTable(tr("dev.col.a"), tr("dev.col.b"))
        self.signals = SignalsTable()
        self.trend = TrendTable()
        for t in (self.year_table, self.ab_table, self.signals, self.trend):
            t.areaPicked.connect(self.areaPicked)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.year_table, tr("dev.tab_year"))
        self.tabs.addTab(self._ab_page(), tr("dev.tab_ab"))
        self.tabs.addTab(self.signals, tr("dev.tab_signals"))
        self.tabs.addTab(self.trend, tr("dev.tab_trend"))
        split = QSplitter(Qt.Orientation.Vertical)  # the legend and notes outside: it reads no wrapped heights
        split.addWidget(self.charts_box)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)  # neither the charts nor the tables squeezed to a sliver
        self.tabs.setMinimumHeight(TABLE_HEIGHT)
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.setContentsMargins(4, 4, 4, 4)
        inner.addLayout(top)
        inner.addWidget(self.heading)
        inner.addWidget(self.legend)
        inner.addWidget(self.notes)
        inner.addWidget(split, 1)
        scroll = QScrollArea()  # a low dock (a 768-pixel screen): the view scrolls instead of squeezing
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(scroll)
        self.data = None
        self.months_span: tuple = (None, None)  # the data's months the A and B boxes offer
        self._pool: list[SeriesChart] = []  # the charts made so far, in grid order (reused)
        self._steps: list = []  # the slices of the result being drawn

    def _ab_page(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout()
        self.months: dict[str, QComboBox] = {}
        for which, key in (("a", "dev.period_a"), ("b", "dev.period_b")):
            row.addWidget(QLabel(tr(key)))
            for end in ("0", "1"):
                box = QComboBox()
                self.months[which + end] = box
                row.addWidget(box)
                if end == "0":
                    row.addWidget(QLabel(tr("dev.until")))
            row.addSpacing(6)
        self.compare_button = QPushButton(tr("dev.compare"))
        self.compare_button.clicked.connect(self._compare)
        row.addWidget(self.compare_button)
        row.addStretch(1)
        self.ab_note = QLabel(tr("dev.compare_intro"))
        self.ab_note.setWordWrap(True)
        self.change_map = QCheckBox(tr("change.show_map"))  # beside the note, which wraps: no wider window
        self.change_map.setChecked(True)
        self.change_map.setToolTip(tr("change.map_tip"))
        self.change_map.toggled.connect(self.changeMapToggled)
        note = QHBoxLayout()
        note.addWidget(self.ab_note, 1)
        note.addWidget(self.change_map, 0, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(page)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(row)
        lay.addLayout(note)
        lay.addWidget(self.ab_table, 1)
        return page

    # -- choices ---------------------------------------------------------------------------------
    def set_choices(self, level: str, source: str, sources: list[str]) -> None:
        """The level and source shown (quietly); the source list only where there are two sources."""
        for box, value in ((self.level, level), (self.source, source)):
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(value)))
            box.blockSignals(False)
        for w in (self.source, self.source_label):
            w.setVisible(len(sources) > 1)

    def set_months(self, first: str | None, last: str | None, a: tuple, b: tuple) -> None:
        """The months the period boxes offer, with period A and B chosen."""
        from desktop.change_tasks import shift_months

        self.months_span = (first, last)
        months = []
        if first and last:
            m = first
            while m <= last:
                months.append(m)
                m = shift_months(m, 1)
        for key, box in self.months.items():
            box.blockSignals(True)
            box.clear()
            for m in months:
                box.addItem(f"{m[5:7]}-{m[:4]}", m)  # as the period boxes on the left
            value = (a if key[0] == "a" else b)[int(key[1])]
            box.setCurrentIndex(max(0, box.findData(value)))
            box.blockSignals(False)

    def period(self, which: str) -> tuple:
        return self.months[which + "0"].currentData(), self.months[which + "1"].currentData()

    def set_period(self, which: str, first: str, last: str) -> None:
        for end, value in (("0", first), ("1", last)):
            box = self.months[which + end]
            box.setCurrentIndex(box.findData(value))

    def _compare(self) -> None:
        a, b = self.period("a"), self.period("b")
        for which, (first, last) in (("A", a), ("B", b)):
            if first is None or last is None or last < first:
                self.ab_note.setText(tr("dev.compare_bad", which=which))
                return
        self.ab_note.setText(tr("dev.loading"))
        self.compareRequested.emit(a, b)

    # -- results ---------------------------------------------------------------------------------
    def show_loading(self) -> None:
        self.heading.setText(tr("dev.loading"))

    def show_problem(self, text: str, compare: bool = False) -> None:
        """Why the work gave nothing, in Dutch (in the view, not in a message box)."""
        (self.ab_note if compare else self.heading).setText(text)

    def filling(self) -> bool:
        """Whether a result is still being drawn (the view fills in slices: see :meth:`show_development`)."""
        return bool(self._steps)

    def show_development(self, data) -> None:
        """Draw a :class:`desktop.change_tasks.Development`, in slices: each chart, then each table, in its own
        turn of the event loop (together they held the GUI thread 150-650 ms at 20,000 incidents), charts reused
        from the last result; ``filled`` when done. A newer result drops the slices of the older."""
        from PySide6.QtCore import QTimer

        from desktop.change_tasks import month_text

        self.data = data
        period = f"{month_text(data.period[0])} t/m {month_text(data.period[1])}"
        self.heading.setText(period)
        if data.table is not None:
            compared = f"{month_text(data.compared[0])} t/m {month_text(data.compared[1])}"
            previous = f"{month_text(data.previous[0])} t/m {month_text(data.previous[1])}"
            self.heading.setText(tr("dev.heading", period=period, compared=compared, previous=previous))
        self.charts = {}
        steps = [lambda i=i, code=code: self._draw_chart(i, code) for i, code in enumerate(data.shown)]
        steps += [self._drop_charts, self._fill_year_table, self._fill_notes, self._fill_signals, self._fill_trend]
        first = not self._steps
        self._steps = steps
        if first:
            QTimer.singleShot(0, self, self._next_step)  # dropped by Qt when the panel is gone

    def _next_step(self) -> None:
        from PySide6.QtCore import QTimer

        if not self._steps:
            return
        self._steps.pop(0)()
        if self._steps:
            QTimer.singleShot(0, self, self._next_step)  # dropped by Qt when the panel is gone
        else:
            self.filled.emit()

    def _draw_chart(self, i: int, code: str) -> None:
        data = self.data
        if i < len(self._pool):
            chart = self._pool[i]
            chart.set_series(data.areas.name(code), data.series[code], data.partial, data.data_end)
        else:
            chart = SeriesChart(data.areas.name(code), data.series[code], data.partial, data.data_end)
            self._pool.append(chart)
            self.charts_layout.addWidget(chart, i // 2, i % 2)  # side by side: the tables keep their rows
        chart.show()
        self.charts[code] = chart

    def _drop_charts(self) -> None:
        """Charts beyond the areas shown are hidden (kept for the next result)."""
        for chart in self._pool[len(self.charts):]:
            chart.hide()

    def _fill_year_table(self) -> None:
        from desktop.change_tasks import month_text

        data = self.data
        self.year_table.set_table(data.table)
        self.year_table.hint = tr("dev.pick_row") if data.table is not None else tr("dev.no_table")
        self.year_table.line.setText(self.year_table.hint)
        if data.table is not None:
            compared = f"{month_text(data.compared[0])} t/m {month_text(data.compared[1])}"
            previous = f"{month_text(data.previous[0])} t/m {month_text(data.previous[1])}"
            self.year_table.table.horizontalHeaderItem(1).setToolTip(previous)
            self.year_table.table.horizontalHeaderItem(2).setToolTip(compared)
        if data.shown and data.shown[0] in (self.year_table.codes()):
            self.year_table.select_code(data.shown[0])

    def _fill_notes(self) -> None:
        shown = [n for n in self.data.notes if not n.startswith(("Maanden ", "Periode A"))]
        self.notes.setText(shown[0] if shown else "")  # the first (a partial month); all of them on hovering
        self.notes.setToolTip("\n".join(shown))
        self.notes.setVisible(bool(shown))

    def _fill_signals(self) -> None:
        self.signals.set_signals(self.data.signals, getattr(self.data, "sparks", None))

    def _fill_trend(self) -> None:
        from desktop.change_tasks import month_text

        data = self.data
        self.trend.set_trend(data.trend)
        if data.span[0]:
            self.tabs.setTabToolTip(3, tr("dev.tip.trend_tab", first=month_text(data.span[0]),
                                          last=month_text(data.span[1])))

    def show_comparison(self, result) -> None:
        table, notes = result[:2]  # (and the map of the change: on the main map)
        self.ab_table.set_table(table)
        a, b = self.period("a"), self.period("b")
        from desktop.change_tasks import month_text

        self.ab_table.table.horizontalHeaderItem(1).setToolTip(f"{month_text(a[0])} t/m {month_text(a[1])}")
        self.ab_table.table.horizontalHeaderItem(2).setToolTip(f"{month_text(b[0])} t/m {month_text(b[1])}")
        self.ab_note.setText(tr("dev.ab_line", a=f"{month_text(a[0])} t/m {month_text(a[1])}",
                                b=f"{month_text(b[0])} t/m {month_text(b[1])}"))
        self.ab_note.setToolTip(" ".join(notes))
