"""Tables of the officer's questions: the change per area (year on year, or period A against B) and
the early-warning months. They show the core's numbers (:mod:`desktop.change_tasks`); a click on a
row asks for its area to be selected everywhere (``areaPicked``)."""
from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from desktop.strings import number, tr

CODE_ROLE = Qt.ItemDataRole.UserRole + 2
RISE, FALL = QColor("#fbe3e1"), QColor("#e1ecf7")  # a significant rise or fall


def p_cell(p) -> str:
    """A p-value as the sentences write it (``< 0,001``, ``0,006``)."""
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return ""
    return "< 0,001" if p < 0.001 else number(p, 3)


class _Item(QTableWidgetItem):
    """A cell that sorts by its key (numbers as numbers), else by its text."""

    def __lt__(self, other) -> bool:  # noqa: D105
        a, b = self.data(Qt.ItemDataRole.UserRole), other.data(Qt.ItemDataRole.UserRole)
        if a is not None and b is not None and type(a) is type(b):
            if isinstance(a, float) and (math.isnan(a) or math.isnan(b)):
                return math.isnan(b) and not math.isnan(a)  # no value (0 against 0) sorts last
            return a < b
        return self.text() < other.text()  # (QTableWidgetItem.__lt__ would call this override again)


def p_phrase(p) -> str:
    """``"p < 0,001"`` or ``"p = 0,006"``, as in the core's sentences."""
    cell = p_cell(p)
    return f"p {cell}" if cell.startswith("<") else f"p = {cell}"


def _item(text: str, key=None, right: bool = False) -> QTableWidgetItem:
    item = _Item(text)
    if key is not None:
        item.setData(Qt.ItemDataRole.UserRole, key)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class _Rows(QWidget):
    """A compact, sortable, read-only table with a line of text under it; a row click picks its area."""

    areaPicked = Signal(str)

    def __init__(self, headers: list[str], hint: str = "", sort=(0, Qt.SortOrder.AscendingOrder),
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.sort = sort  # the order rows first arrive in
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(20)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(36)
        self.table.setWordWrap(False)
        self.line = QLabel(hint)
        self.line.setWordWrap(True)
        self.line.setObjectName("rowSentence")
        self.hint = hint
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.line)
        self.table.itemSelectionChanged.connect(self._picked)
        self._quiet = False

    def codes(self) -> list[str]:
        """The area codes of the rows, top to bottom as shown."""
        return [self.table.item(r, 0).data(CODE_ROLE) for r in range(self.table.rowCount())]

    def _fill(self, rows: list[tuple[str, list[QTableWidgetItem], str, QColor | None]]) -> None:
        """``rows``: (code, items, sentence, background)."""
        self._quiet = True
        t = self.table
        t.setSortingEnabled(False)
        t.clearContents()
        t.setRowCount(len(rows))
        for r, (code, items, sentence, colour) in enumerate(rows):
            for c, item in enumerate(items):
                item.setData(CODE_ROLE, code)
                item.setToolTip(sentence)
                if colour is not None:
                    item.setBackground(colour)
                t.setItem(r, c, item)
        t.setSortingEnabled(True)
        t.sortByColumn(*self.sort)
        cells, head = t.fontMetrics(), t.horizontalHeader().fontMetrics()
        for c in range(1, t.columnCount()):  # the numbers as narrow as they allow: the names keep the room
            texts = [t.item(r, c).text() for r in range(t.rowCount())]
            widest = max([cells.horizontalAdvance(x) for x in texts] + [head.horizontalAdvance(line) for line in
                                                                         t.horizontalHeaderItem(c).text().split("\n")])
            t.setColumnWidth(c, widest + (26 if c == self.sort[0] else 14))  # room for the sort arrow
        self.line.setText(self.hint)
        self._quiet = False

    def _picked(self) -> None:
        items = self.table.selectedItems()
        if not items:
            return
        self.line.setText(items[0].toolTip() or self.hint)
        if not self._quiet:
            self.areaPicked.emit(str(items[0].data(CODE_ROLE)))

    def select_code(self, code: str | None) -> None:
        """Show the row of ``code`` selected (without asking for it again)."""
        self._quiet = True
        try:
            for r in range(self.table.rowCount()):
                if self.table.item(r, 0).data(CODE_ROLE) == code:
                    self.table.selectRow(r)
                    self.table.scrollToItem(self.table.item(r, 0))
                    self.line.setText(self.table.item(r, 0).toolTip())
                    break
        finally:
            self._quiet = False


class ChangeTable(_Rows):
    """Per area: the count in period A and B, the change in number and %, p (FDR) and the core's sentence."""

    def __init__(self, a_header: str, b_header: str, parent: QWidget | None = None):
        super().__init__([tr("dev.col.area"), a_header, b_header, tr("dev.col.change"), tr("dev.col.percent"),
                          tr("dev.col.p"), tr("dev.col.per_1000")], tr("dev.pick_row"),
                         (5, Qt.SortOrder.AscendingOrder), parent)
        self.table.horizontalHeaderItem(5).setToolTip(tr("dev.tip.p"))
        self.table.horizontalHeaderItem(6).setToolTip(tr("dev.tip.per_1000"))
        self.frame = None

    def set_table(self, frame) -> None:
        """Show :func:`desktop.change_tasks.compare_table`'s frame (None: empty)."""
        self.frame = frame
        rows = []
        for r in ([] if frame is None else frame.itertuples()):
            pct = "" if math.isnan(r.percent) else f"{'+' if r.percent >= 0 else '-'}{abs(r.percent):.0f}%"
            items = [_item(str(r.name), str(r.name)), _item(number(r.before, 0), float(r.before), True),
                     _item(number(r.after, 0), float(r.after), True),
                     _item(f"{'+' if r.change > 0 else ''}{number(r.change, 0)}", float(r.change), True),
                     _item(pct, float(r.percent), True), _item(p_cell(r.p_fdr), float(r.p_fdr), True),
                     _item(number(r.per_1000_after, 1), float(r.per_1000_after), True)]
            sentence = str(r.sentence)
            if not math.isnan(r.per_1000_after) and not math.isnan(r.per_1000_before):
                sentence += " " + tr("dev.per_1000_line", before=number(r.per_1000_before, 1),
                                     after=number(r.per_1000_after, 1))
            colour = (RISE if r.change > 0 else FALL) if r.significant else None
            rows.append((str(r.code), items, sentence, colour))
        self._fill(rows)


def _slope(slope: float) -> str:
    """A Sen slope with its sign; two decimals below 0,1 (never a '0,0' beside a trend)."""
    return f"{'+' if slope > 0 else '-'}{number(abs(slope), 1 if abs(slope) >= 0.1 else 2)}"


class TrendTable(_Rows):
    """Per area the seasonal Mann-Kendall test over the whole history (:attr:`desktop.change_tasks.Development.trend`)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__([tr("dev.col.area"), tr("dev.col.trend"), tr("dev.col.slope"), tr("dev.col.p")],
                         tr("dev.pick_row"), (3, Qt.SortOrder.AscendingOrder), parent)
        self.table.horizontalHeaderItem(2).setToolTip(tr("dev.tip.slope"))
        self.table.horizontalHeaderItem(3).setToolTip(tr("dev.tip.trend_p"))
        self.frame = None

    def set_trend(self, frame) -> None:
        self.frame = frame
        rows = []
        for r in ([] if frame is None else frame.itertuples()):
            untested = math.isnan(r.p_fdr)
            if untested:
                sentence = tr("dev.trend_untested", name=r.name)
            elif r.direction == "geen trend":
                sentence = tr("dev.trend_none", name=r.name, p=p_phrase(r.p_fdr))
            elif abs(r.slope) < 0.005:  # a trend in the ranks, but the median change per year rounds to nothing
                sentence = tr("dev.trend_small", name=r.name, direction=r.direction, p=p_phrase(r.p_fdr))
            else:
                sentence = tr("dev.trend_sentence", name=r.name, direction=r.direction, p=p_phrase(r.p_fdr),
                              slope=_slope(r.slope))
            slope = "" if untested or r.direction == "geen trend" else \
                ("< 0,01" if abs(r.slope) < 0.005 else _slope(r.slope))
            items = [_item(str(r.name), str(r.name)), _item("niet te toetsen" if untested else r.direction),
                     _item(slope, float(r.slope), True), _item(p_cell(r.p_fdr), float(r.p_fdr), True)]
            colour = None if untested or r.direction == "geen trend" else (RISE if r.slope > 0 else FALL)
            rows.append((str(r.code), items, sentence, colour))
        self._fill(rows)


class SignalsTable(_Rows):
    """The months above their expected range, newest first (:attr:`desktop.change_tasks.Development.signals`)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__([tr("dev.col.area"), tr("dev.col.month"), tr("dev.col.count"), tr("dev.col.expected"),
                          tr("dev.col.range"), tr("dev.col.spark")], tr("dev.signals_intro"),
                         (1, Qt.SortOrder.DescendingOrder), parent)
        self.frame = None
        from desktop.panels.sparkline import SparklineDelegate

        self.table.setItemDelegateForColumn(5, SparklineDelegate(self.table))
        self.table.horizontalHeaderItem(5).setToolTip(tr("dev.spark_tip"))
        self.table.verticalHeader().setDefaultSectionSize(24)

    def set_signals(self, frame, sparks: dict | None = None) -> None:
        """The signals (newest first), each with its sparkline (``sparks``: :func:`desktop.sparklines.spark_series`)."""
        from desktop.change_tasks import month_text
        from desktop.panels.sparkline import SPARK_ROLE
        from desktop.sparklines import key

        self.frame = frame
        rows = []
        for r in ([] if frame is None else frame.itertuples()):
            month = str(r.month)
            sentence = tr("dev.signal_line", name=r.name, month=month_text(month), count=number(r.count, 0),
                          expected=number(r.expected, 1), upper=number(r.upper, 0))
            items = [_item(str(r.name), str(r.name)), _item(month_text(month), month),
                     _item(number(r.count, 0), float(r.count), True), _item(number(r.expected, 1), float(r.expected), True),
                     _item(f"{number(r.lower, 0)}–{number(r.upper, 0)}", float(r.upper), True), _item("", month)]
            items[-1].setData(SPARK_ROLE, (sparks or {}).get(key(r.code, month)))
            rows.append((str(r.code), items, sentence, None))
        self._fill(rows)
        self.table.setColumnWidth(5, 84)
        if frame is not None and not len(frame):
            self.line.setText(tr("dev.signals_none"))
