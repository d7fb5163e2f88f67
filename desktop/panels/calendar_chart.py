"""The calendar heat chart of the Tijden view: days of the year (columns) x years (rows), as
:func:`hotspots.when.calendar.calendar_matrix` counts them; hovering a day says its date and count, and
the busiest days are listed under it."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.strings import number, tr

#: Milliseconds after the view is made before the calendar's plot is built (see ``__init__``).
BUILD_DELAY_MS = 150
GREY = (225, 225, 225, 255)  # a day without data (before the first or after the last day, 29 February)


class CalendarChart(QWidget):
    """Draws a :class:`hotspots.when.calendar.CalendarResult` (``show``) with its busiest days."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        from PySide6.QtCore import QTimer

        self.plot = None  # made in the next turn of the event loop (or by the first result): the Tijden view
        self.hover = QLabel(" ")  # opens one pyqtgraph plot at a time, each some 50 ms of the GUI thread
        self.hover.setStyleSheet("color: #444444;")
        self.busiest = QLabel()
        self.busiest.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.hover)
        lay.addWidget(self.busiest)
        self.result = None
        self.rgba = None  # the colours drawn (rows: the years in order, shown top down), for the tests
        # not after the panel is gone; not in the same turn of the event loop as the Tijden view's own plot (each
        # some 50 ms): the calendar sits on the third of the lower tabs, so it comes a moment later
        QTimer.singleShot(BUILD_DELAY_MS, self, self._build)

    def _build(self) -> None:
        """The plot, once."""
        if self.plot is not None:
            return
        from desktop.charts import still_plot

        self.plot = still_plot(tr("times.calendar"), tooltip=tr("times.calendar_tip"), min_height=140)
        self.layout().insertWidget(0, self.plot, 1)
        self.plot.scene().sigMouseMoved.connect(self._moved)

    def show_calendar(self, result, busiest: list) -> None:
        import numpy as np
        import pyqtgraph as pg

        from hotspots.when.calendar import MONTH_STARTS
        from kernel.nl import DAY_NAMES, MONTH_NAMES

        self._build()
        self.plot.clear()
        self.result = result
        if result is None or not result.years:
            self.busiest.setText(tr("times.calendar_none"))
            return
        m = np.asarray(result.matrix, dtype=float)
        top = float(np.nanmax(m)) if np.isfinite(m).any() else 1.0
        lut = pg.colormap.get("CET-L18").getLookupTable(nPts=256, alpha=True)
        index = np.clip(np.nan_to_num(m / max(top, 1.0), nan=0.0) * 255, 0, 255).astype(int)
        rgba = lut[index]
        rgba[np.isnan(m)] = GREY
        self.rgba = rgba
        img = pg.ImageItem(np.ascontiguousarray(rgba[::-1].transpose(1, 0, 2)))  # x = day, y = year (first on top)
        self.plot.addItem(img)
        n = len(result.years)
        self.plot.getAxis("left").setTicks([[(n - 1 - i + 0.5, str(y)) for i, y in enumerate(result.years)]])
        self.plot.getAxis("bottom").setTicks([[(int(s) + 15, MONTH_NAMES[i][:3]) for i, s in enumerate(MONTH_STARTS)],
                                              [(int(s), "") for s in MONTH_STARTS]])
        self.plot.setXRange(0, 366, padding=0)
        self.plot.setYRange(0, n, padding=0)
        days = [tr("times.busiest_day", text=d["text"], count=number(d["count"], 0),
                   weekday=DAY_NAMES[_weekday(d["date"])], typical=number(d["typical"], 0)) for d in busiest[:3]]
        self.busiest.setText(tr("times.busiest", days="; ".join(days)) if days else "")

    def cell_text(self, year: int, col: int) -> str:
        from hotspots.when.calendar import day_text

        v = self.result.matrix[self.result.years.index(year), col]
        value = "–" if v != v else number(float(v), 0)
        return tr("times.calendar_cell", day=day_text(col), year=year, value=value)

    def _moved(self, pos) -> None:
        r = self.result
        if r is None or not r.years or not self.plot.sceneBoundingRect().contains(pos):
            return
        point = self.plot.getPlotItem().vb.mapSceneToView(pos)
        col, row = int(point.x() // 1), int(point.y() // 1)
        if 0 <= col < 366 and 0 <= row < len(r.years):
            self.hover.setText(self.cell_text(r.years[len(r.years) - 1 - row], col))


def _weekday(iso: str) -> int:
    from datetime import date

    return date.fromisoformat(iso).weekday()
