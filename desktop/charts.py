"""The charts (pyqtgraph): monthly series with the previous year, the 7 x 24 week-hour heatmap,
and the hour-of-day and day-of-week profiles.

:class:`ChartsPanel` only draws what :func:`desktop.tasks.chart_data` computed; a chart
without data says so ("geen gegevens").
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop.strings import tr

# numpy and pyqtgraph (~0.4 s to import) are imported when the charts are first built, which the window
# does just after it shows (see ChartsPanel.warm_up), not when it imports this module. No pandas: the
# charts draw a saved snapshot (desktop.snapshot) before pandas is imported.
np = pg = None


def _import_libraries() -> None:
    global np, pg
    if pg is not None:
        return
    import numpy as np
    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True, background="w", foreground="#222222")

BAR = "#4575b5"
PREV = "#a0a0a0"
THIS = "#d62f27"


def _days() -> list[str]:
    return tr("days.short").split(",")


def _hour_ticks(offset: float) -> list:
    """The hours of a day on an axis: a label every 6 hours, a tick without label in between (a label every 3
    hours ran into each other at 1366x768: '9121518')."""
    return [[(h + offset, str(h)) for h in range(0, 24, 6)], [(h + offset, "") for h in range(3, 24, 6)]]


def still_plot(title: str | None = None, *, size: str = "9pt", min_height: int = 150, tooltip: str = ""):
    """A pyqtgraph plot the user reads, not steers: no menu, no mouse zoom or pan, no buttons; with its title,
    tooltip and least height."""
    import pyqtgraph as pg

    plot = pg.PlotWidget()
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    if title:
        plot.setTitle(title, size=size)
    if tooltip:
        plot.setToolTip(tooltip)
    plot.setMinimumHeight(min_height)
    return plot


class _Chart(QWidget):
    """A titled plot with a message overlay for 'no data'."""

    def __init__(self, title: str, tooltip: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        _import_libraries()
        self.plot = pg.PlotWidget()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setTitle(title, size="10pt")
        self.plot.setMinimumHeight(150)
        self.message = pg.TextItem("", color="#666666", anchor=(0.5, 0.5))
        self.setToolTip(tooltip)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot)
        self.state = "empty"
        self.top = 1.0  # the highest bar (a profile chart)
        self.axes(False)

    def clear(self, text: str = "") -> None:
        """Empty the chart; with ``text`` say why. No axes then: ticks without data mean nothing."""
        self.plot.clear()
        if self.plot.plotItem.legend is not None:
            self.plot.plotItem.legend.clear()
        self.state = "message" if text else "empty"
        self.axes(False)
        if text:
            self.message.setText(text)
            self.plot.addItem(self.message)
            self.message.setPos(0.5, 0.5)
            self.plot.setXRange(0, 1)
            self.plot.setYRange(0, 1)


    def drawn(self) -> None:
        """The chart shows data: its axes back."""
        self.state = "drawn"
        self.axes(True)

    def axes(self, shown: bool) -> None:
        for side in ("left", "bottom"):
            (self.plot.showAxis if shown else self.plot.hideAxis)(side)


def _monthly_columns(s) -> tuple[list[str], dict]:
    """``(months as "YYYY-MM", {"count": values, "prev_year": values})`` of a monthly frame or its plain dict."""
    def floats(v):  # a nullable pandas column has NA where a plain list has None
        return v.astype(float).to_numpy() if hasattr(v, "astype") and hasattr(v, "to_numpy") else \
            np.array([np.nan if x is None else x for x in v], dtype=float)

    months = [str(m)[:7] for m in s["month"]]
    return months, {k: floats(s[k]) for k in ("count", "prev_year") if k in s}


class ChartsPanel(QWidget):
    """Four charts for the current selection (all areas, one, or the sum of several); ``ready`` once they are
    built (pyqtgraph).

    A click on a month, a week x hour cell or a bar emits ``whenPicked`` with the filter it stands for
    (:mod:`desktop.when_filter`; the same again: ``{}``, no filter); the filter shown is outlined."""

    ready = Signal()
    whenPicked = Signal(dict)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = QLabel(tr("charts.all_areas"))
        self.heading.setObjectName("chartsHeading")
        self.heading.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self._grid = QGridLayout()
        self._charts: tuple[_Chart, _Chart, _Chart, _Chart] | None = None  # built on first use
        self.loading = QLabel(tr("charts.loading"))  # until the charts are built (pyqtgraph is imported)
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._grid.addWidget(self.loading, 0, 0)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.heading)
        from desktop.panels.filter_chip import FilterChip

        self.chip = FilterChip()  # "Filter: dinsdag 20:00-21:00 - wissen" (the router binds it)
        lay.addWidget(self.chip)
        lay.addLayout(self._grid, 1)
        self.data = None
        self._colourbar = None
        self._later = None  # data to draw once the charts are built (show_when_built)
        self.when: dict | None = None  # the chart filter shown (outlined)
        self._months: list[str] = []
        self._marks: list = []
        self._generation = 0  # counts the data drawn (show: the steps of older data stop)
        self._pending = False

    def _built(self) -> tuple[_Chart, _Chart, _Chart, _Chart]:
        """The four charts, created (with the pyqtgraph import) the first time they are needed; then what
        :meth:`show_when_built` kept is drawn and ``ready`` emitted."""
        if self._charts is None:
            self._charts = (_Chart(tr("charts.monthly")), _Chart(tr("charts.weekhour"), tr("charts.weekhour_tip")),
                            _Chart(tr("charts.hour")), _Chart(tr("charts.weekday")))
            self._grid.removeWidget(self.loading)
            self.loading.hide()
            for i, chart in enumerate(self._charts):
                self._grid.addWidget(chart, i // 2, i % 2)
                chart.plot.scene().sigMouseClicked.connect(lambda ev, i=i: self._clicked(i, ev))
                chart.plot.setToolTip(((chart.toolTip() + "\n\n") if chart.toolTip() else "") + tr("charts.click_tip"))
            if self._later is not None:  # drawn in the next turn of the event loop: building, painting the
                QTimer.singleShot(0, self, self._draw_later)  # empty charts and drawing stay three short stalls
            else:
                self.ready.emit()
        return self._charts

    def _draw_later(self) -> None:
        try:
            if self._later is not None:
                self.set_data(self._later)  # clears _later
        finally:
            self.ready.emit()  # a project's data waits for this (ProjectController.views_ready)

    def forget_later(self) -> None:
        """Drop what :meth:`show_when_built` kept (another project was opened meanwhile)."""
        self._later = None

    monthly = property(lambda self: self._built()[0])
    weekhour = property(lambda self: self._built()[1])
    hours = property(lambda self: self._built()[2])
    weekdays = property(lambda self: self._built()[3])

    @property
    def is_built(self) -> bool:
        return self._charts is not None

    # -- drawing ---------------------------------------------------------------------------
    def show_when_built(self, data) -> None:
        """Draw ``data`` now if the charts are built, else as the first thing :meth:`warm_up` draws
        (so that a saved snapshot never makes the GUI thread import pyqtgraph)."""
        if self.is_built:
            self.set_data(data)
        else:
            self._later = data
            self.heading.setText(data.title)

    def set_data(self, data) -> None:
        """Draw a :class:`desktop.tasks.ChartData` (all four charts before it returns)."""
        for part in self._parts(data):
            part()

    def show(self, data) -> None:
        """Draw ``data`` one chart per turn of the event loop (the window's new charts): pyqtgraph takes some
        20-40 ms a chart, and the four in one go stalled the window 80-140 ms. A newer ``show`` or
        :meth:`set_data` drops what is left of an older one; :attr:`drawing` says whether some is left."""
        parts = self._parts(data)
        generation = self._generation

        def next_part() -> None:
            if generation != self._generation:
                return  # newer data took over
            parts.pop(0)()
            if parts:
                QTimer.singleShot(0, self, next_part)
            else:
                self._pending = False

        self._pending = True
        next_part()

    @property
    def drawing(self) -> bool:
        """Whether :meth:`show` has charts left to draw."""
        return self._pending

    def _parts(self, data) -> list:
        """The drawing of ``data`` in steps of about one chart each (the first also puts ``data`` in place)."""
        self._later = None  # newer than anything kept for later
        self._generation += 1
        self._pending = False
        self._built()
        self.data = data
        self.heading.setText(data.title)
        return [lambda: self._draw_monthly(data), lambda: self._draw_weekhour(data),
                lambda: self._draw_profile(self.hours, data.hours, list(range(24)), tr("charts.hour_axis"),
                                           data.why.get("times")),
                lambda: (self._draw_profile(self.weekdays, data.weekdays, _days(), "", data.why.get("times")),
                         self._mark())]

    # -- linked both ways: a click filters, the filter is outlined -------------------------------------
    def _clicked(self, index: int, event) -> None:
        chart = self._built()[index]
        if chart.state != "drawn" or event.button() != Qt.MouseButton.LeftButton:
            return
        point = chart.plot.getPlotItem().vb.mapSceneToView(event.scenePos())
        when = self.when_at(index, point.x(), point.y())
        if when is not None:
            event.accept()
            self.whenPicked.emit({} if when == self.when else when)

    def when_at(self, index: int, x: float, y: float) -> dict | None:
        """The filter of the point ``(x, y)`` (data coordinates) of chart ``index`` (0 monthly, 1 week x hour,
        2 hours, 3 weekdays); None outside its cells or bars."""
        if index == 0:
            i = int(round(x))
            return {"month": self._months[i]} if 0 <= i < len(self._months) else None
        if index == 1:
            hour, row = int(np.floor(x)), int(np.floor(y))
            return {"day": 6 - row, "hour": hour} if 0 <= hour < 24 and 0 <= row < 7 else None
        i = int(round(x))
        if abs(x - i) > 0.4:  # between two bars
            return None
        return ({"hour": i} if 0 <= i < 24 else None) if index == 2 else ({"day": i} if 0 <= i < 7 else None)

    def set_when(self, when) -> None:
        """Outline the chart filter ``when`` (None or {}: none)."""
        from desktop import when_filter

        self.when = when_filter.clean(when)
        if self.is_built:
            self._mark()

    def _mark(self) -> None:
        for plot, item in self._marks:
            plot.removeItem(item)
        self._marks = []
        w = self.when or {}
        pen = pg.mkPen("#e600e6", width=3)
        if "month" in w and w["month"] in self._months and self.monthly.state == "drawn":
            item = pg.InfiniteLine(self._months.index(w["month"]), angle=90, pen=pen)
            self._marks.append((self.monthly.plot, item))
        if "day" in w and "hour" in w and self.weekhour.state == "drawn":
            h, y = w["hour"], 6 - w["day"]
            item = pg.PlotDataItem([h, h + 1, h + 1, h, h], [y, y, y + 1, y + 1, y], pen=pen)
            self._marks.append((self.weekhour.plot, item))
        for chart, key in ((self.hours, "hour"), (self.weekdays, "day")):
            if key in w and len(w) == 1 and chart.state == "drawn":
                i, top = w[key], chart.top
                item = pg.PlotDataItem([i - 0.45, i + 0.45, i + 0.45, i - 0.45, i - 0.45], [0, 0, top, top, 0], pen=pen)
                self._marks.append((chart.plot, item))
        for plot, item in self._marks:
            plot.addItem(item)

    def _draw_monthly(self, data) -> None:
        chart = self.monthly
        chart.clear()
        s = data.monthly
        months, values = _monthly_columns(s) if s is not None else ([], {})
        self._months = months
        if not months:
            chart.clear(data.why.get("monthly") or tr("charts.no_data"))
            return
        chart.drawn()
        x = np.arange(len(months))
        # a year's label in the middle of its months (so a first year that starts at the left edge keeps its
        # label), a tick without label where a new year begins
        first = {}
        for i, m in enumerate(months):
            first.setdefault(int(m[:4]), []).append(i)
        short = len(first) > 3  # five years as '2013' ran into each other at 1366x768: then '13
        years = [((idx[0] + idx[-1]) / 2, f"'{year % 100:02d}" if short else str(year)) for year, idx in first.items()]
        minor = [(idx[0] - 0.5, "") for idx in list(first.values())[1:]]
        chart.plot.getAxis("bottom").setTicks([years, minor])
        legend = chart.plot.addLegend(offset=(5, 5), labelTextSize="8pt")
        if "prev_year" in values:
            chart.plot.plot(x, values["prev_year"], pen=pg.mkPen(PREV, width=2,
                            style=Qt.PenStyle.DashLine), name=tr("charts.prev_year"))
        count = np.asarray(values["count"], dtype=float)
        partial = getattr(data, "partial", None)
        partial = partial if partial and months[-1] == partial and len(months) > 1 else None
        whole = count.copy()
        if partial:  # the last month is not over in the data: dotted and hollow, as Ontwikkeling marks it
            whole[-1] = np.nan
        chart.plot.plot(x, whole, pen=pg.mkPen(THIS, width=2), connect="finite", name=tr("charts.this_year"))
        chart.setToolTip(tr("dev.partial_tip", day=data.data_end) if partial else "")
        if partial:
            chart.plot.plot(x[-2:], count[-2:], pen=pg.mkPen(THIS, width=1.5, style=Qt.PenStyle.DotLine), symbol="o",
                            symbolSize=7, symbolBrush="w", symbolPen=pg.mkPen(THIS, width=1.5),
                            name=tr("charts.partial"))
        chart.plot.setLabel("left", tr("charts.count"))
        chart.plot.enableAutoRange()
        chart.plot.setXRange(-0.5, len(months) - 0.5, padding=0.01)
        legend.setBrush(pg.mkBrush(255, 255, 255, 200))

    def _draw_weekhour(self, data) -> None:
        chart = self.weekhour
        chart.clear()
        m = None if data.matrix is None else np.asarray(data.matrix, dtype=float)
        if m is None or not np.nansum(m):
            chart.clear(data.why.get("times") or tr("charts.no_data"))
            if self._colourbar is not None:
                self._colourbar.setVisible(False)
            return
        chart.drawn()
        colours = pg.colormap.get("CET-L18")
        img = pg.ImageItem(m.T[:, ::-1])  # x = hour, y = day (Monday at the top)
        img.setLookupTable(colours.getLookupTable(nPts=256))
        img.setLevels([0, float(m.max())])
        chart.plot.addItem(img)
        if self._colourbar is not None:
            self._colourbar.setVisible(True)
        if self._colourbar is None:
            self._colourbar = pg.ColorBarItem(values=(0, float(m.max())), colorMap=colours,
                                              interactive=False, width=10, label=tr("charts.count"))
            self._colourbar.setImageItem(img, insert_in=chart.plot.getPlotItem())
        else:
            self._colourbar.setImageItem(img)
            self._colourbar.setLevels((0, float(m.max())))
        days = _days()
        chart.plot.getAxis("left").setTicks([[(6 - i + 0.5, days[i]) for i in range(7)]])
        chart.plot.getAxis("bottom").setTicks(_hour_ticks(0.5))
        chart.plot.setXRange(0, 24, padding=0)
        chart.plot.setYRange(0, 7, padding=0)

    def _draw_profile(self, chart: _Chart, values, labels, axis: str, why: str | None = None) -> None:
        chart.clear()
        if values is None or not np.nansum(np.asarray(values, dtype=float)):
            chart.clear(why or tr("charts.no_data"))
            return
        chart.drawn()
        v = np.asarray(values, dtype=float)
        chart.top = float(np.nanmax(v))
        chart.plot.addItem(pg.BarGraphItem(x=np.arange(len(v)), height=v, width=0.8, brush=BAR, pen=None))
        if len(labels) == 24:
            chart.plot.getAxis("bottom").setTicks(_hour_ticks(0.0))
        else:
            step = 3 if len(labels) > 12 else 1
            chart.plot.getAxis("bottom").setTicks([[(i, str(labels[i])) for i in range(0, len(labels), step)]])
        chart.plot.setLabel("left", tr("charts.count"))
        if axis:
            chart.plot.setLabel("bottom", axis)
        chart.plot.enableAutoRange()

    def warm_up(self) -> None:
        """Build the charts (call once pyqtgraph is imported) and draw them once.

        pyqtgraph's first draw (fonts, items, colour bar) costs over 100 ms, which should not land on the
        GUI thread in the middle of an analysis: what :meth:`show_when_built` kept is drawn now, else a
        sample that is cleared again.
        """
        from desktop.tasks import ChartData

        if self.is_built:
            return
        self._built()
        if self.data is None and self._later is None:
            matrix = np.zeros((7, 24))
            matrix[0, 0] = 1.0
            sample = ChartData("", monthly={"month": ["2016-01", "2016-02"], "count": [1.0, 2.0],
                                            "prev_year": [1.0, 1.0]},
                               matrix=matrix, hours=matrix.sum(axis=0), weekdays=matrix.sum(axis=1))
            self.set_data(sample)
            self.grab()
            for chart in (self.monthly, self.weekhour, self.hours, self.weekdays):
                chart.clear(tr("charts.no_data"))
            self.heading.setText(tr("charts.all_areas"))
            self.data = None

    # -- export ----------------------------------------------------------------------------
    def save_png(self, path: str | Path) -> Path:
        """The four charts as one PNG (what the user sees)."""
        path = Path(path)
        self._built()
        if not self.grab().save(str(path), "PNG"):
            raise OSError(tr("export.write_failed", path=path))
        return path
