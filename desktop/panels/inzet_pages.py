"""The Inzet tab's result pages: the plan (what it covers, how sure, the roster, why each shift), what changed
against last month's plan, and the Terugblik beside the plans a coordinator would otherwise make.

Widgets only: they show what :mod:`hotspots.inzet.text` and the plan say, and compute nothing. The texts
speak the coordinator's language; the method (with its technical terms) is behind 'Hoe is dit gekozen?'.
"""
from __future__ import annotations

import html

import pandas as pd
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDateEdit, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
                               QLabel, QListWidget, QPushButton, QScrollArea, QTableWidget, QTableWidgetItem,
                               QTextBrowser, QVBoxLayout, QWidget)

from desktop.strings import tr
from hotspots.inzet import text as inzet_text
from kernel.nl import DAY_NAMES


def _label(object_name: str = "", bold: bool = False) -> QLabel:
    label = QLabel("")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if object_name:
        label.setObjectName(object_name)
    if bold:
        label.setStyleSheet("font-weight: bold;")
    return label


def wrapping_table(columns: list[str], object_name: str, stretch: int | None = None) -> QTableWidget:
    """A read-only table whose cells wrap and never elide; rows grow to their text."""
    table = QTableWidget(0, len(columns))
    table.setObjectName(object_name)
    table.setHorizontalHeaderLabels(columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.setTextElideMode(Qt.TextElideMode.ElideNone)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    for c in range(len(columns)):
        mode = QHeaderView.ResizeMode.Stretch if stretch in (None, c) else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(c, mode)
    return table


def fill(table: QTableWidget, rows) -> None:
    table.setRowCount(0)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(str(value)))
    table.resizeRowsToContents()


def roster_cells(plan) -> list[list[str]]:
    """Per day (maandag..zondag) its shifts in time order as two lines: the hours, then the area."""
    days = [[] for _ in DAY_NAMES]
    for s in plan.shifts.sort_values(["day_index", "start_hour"]).itertuples():
        days[int(s.day_index)].append(f"{s.start}-{s.end}\n{s.area_name}")
    return days


class MethodDialog(QDialog):
    """'Hoe is dit gekozen?': the method of the plan shown (:func:`hotspots.inzet.text.method_lines`)."""

    def __init__(self, plan, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("inzetMethod")
        self.setWindowTitle(tr("inzet.how_title"))
        self.text = QTextBrowser()
        self.text.setObjectName("methodText")
        self.text.setHtml("".join(f"<p>{html.escape(line)}</p>" for line in inzet_text.method_lines(plan)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.text)
        lay.addWidget(buttons)
        self.resize(640, 520)


class PlanPage(QWidget):
    """What the plan covers, how sure, 'Hoe is dit gekozen?', the roster (days x shifts) and the reasons."""

    saveRequested = Signal(str)  # "xlsx" or "html"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = None
        self.covers = _label("planCovers")
        self.sure = _label("planSure")
        self.how = QLabel(f'<a href="#hoe">{tr("inzet.how")}</a>')
        self.how.setObjectName("howLink")
        self.how.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.how.linkActivated.connect(lambda _=None: self.show_method())
        self.how.setEnabled(False)
        self.dialog = None
        self.rooster = QTableWidget(7, 0)
        self.rooster.setObjectName("roosterTable")
        self.rooster.setVerticalHeaderLabels(list(DAY_NAMES))
        self.rooster.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rooster.setWordWrap(True)
        self.rooster.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.rooster.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.rooster.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.reasons = QListWidget()
        self.reasons.setObjectName("reasonList")
        self.reasons.setWordWrap(True)
        self.xlsx_button = QPushButton(tr("inzet.save_xlsx"))
        self.html_button = QPushButton(tr("inzet.save_html"))
        for kind, b in (("xlsx", self.xlsx_button), ("html", self.html_button)):
            b.setEnabled(False)
            b.clicked.connect(lambda _=False, kind=kind: self.saveRequested.emit(kind))
        # the roster first and whole (it never scrolls itself: the page does, on a small screen)
        self.rooster.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rooster.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.reasons.setMinimumHeight(110)
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.covers)
        lay.addWidget(QLabel(f"<b>{tr('inzet.rooster')}</b>"))
        lay.addWidget(self.rooster)
        lay.addWidget(self.sure)
        lay.addWidget(self.how)
        lay.addWidget(QLabel(f"<b>{tr('inzet.why')}</b>"))
        lay.addWidget(self.reasons, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.xlsx_button)
        buttons.addWidget(self.html_button)
        lay.addLayout(buttons)
        self.scroll = QScrollArea()
        self.scroll.setWidget(body)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)

    def show_plan(self, plan) -> None:
        self.plan = plan
        self.covers.setText(inzet_text.covers(plan))
        self.sure.setText(tr("inzet.sure", text=inzet_text.how_sure(plan)))
        self.how.setEnabled(True)
        days = roster_cells(plan)
        width = max([len(d) for d in days] + [1])
        self.rooster.clear()
        self.rooster.setColumnCount(width)
        self.rooster.setHorizontalHeaderLabels([tr("inzet.shift_n", n=i + 1) for i in range(width)])
        self.rooster.setVerticalHeaderLabels(list(DAY_NAMES))
        reasons = {d: plan.shifts.loc[plan.shifts["day_index"] == d].sort_values("start_hour")["reason"].tolist()
                   for d in range(7)}
        for r, cells in enumerate(days):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(reasons[r][c])
                self.rooster.setItem(r, c, item)
        self.rooster.resizeRowsToContents()
        self._fit_rooster()
        self.reasons.clear()
        for reason in plan.shifts["reason"]:
            self.reasons.addItem(reason)
        for w in plan.warnings:
            self.reasons.addItem(f"Let op: {w}")
        for b in (self.xlsx_button, self.html_button):
            b.setEnabled(True)

    def _fit_rooster(self) -> None:
        """The roster's height: every day's row whole, no inner scroll bar."""
        height = self.rooster.horizontalHeader().height() + 2 * self.rooster.frameWidth()
        height += sum(self.rooster.rowHeight(r) for r in range(self.rooster.rowCount()))
        self.rooster.setFixedHeight(height)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """A new width wraps the cells anew: the rows and the roster's height follow."""
        super().resizeEvent(event)
        if self.plan is not None:
            self.rooster.resizeRowsToContents()
            self._fit_rooster()

    def show_method(self) -> None:
        if self.plan is None:
            return
        self.dialog = MethodDialog(self.plan, self)
        self.dialog.show()


class ChangesPage(QWidget):
    """This plan against the plan for the period before (:attr:`hotspots.inzet.plan.InzetPlan.changes`)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = _label("changesSummary")
        self.summary.setText(tr("inzet.changes_none"))
        self.table = wrapping_table([tr("inzet.col_what"), tr("inzet.col_shift"), tr("inzet.col_why")],
                                    "changesTable", stretch=2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)

    def show_plan(self, plan) -> None:
        ch = getattr(plan, "changes", None)
        if ch is None:
            self.summary.setText(tr("inzet.changes_none"))
            fill(self.table, [])
            return
        self.summary.setText(ch.summary())
        fill(self.table, [(r.status, f"{r.shift.replace(' ', chr(10), 1)}\n{r.area_name}", r.why)
                          for r in ch.table.itertuples()])


class LookbackPage(QWidget):
    """Terugblik: learn from the weeks before a date, look at what happened after, beside the naive plans.

    Signals
    -------
    lookbackRequested(object, object)
        'Terugblik maken': the first day and the day after the last (``pandas.Timestamp``).
    """

    lookbackRequested = Signal(object, object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = None
        self.date_from, self.date_to = self._date("evaluateFrom"), self._date("evaluateTo")
        self.date_from.setToolTip(tr("inzet.evaluate_from_tip"))
        self.date_to.setToolTip(tr("inzet.evaluate_to_tip"))
        self.run_button = QPushButton(tr("inzet.lookback_run"))
        self.run_button.setObjectName("lookbackButton")
        self.run_button.setEnabled(False)
        self.run_button.clicked.connect(self._request)
        self.intro = _label("lookbackIntro")
        self.intro.setText(tr("inzet.lookback_intro"))
        self.table = wrapping_table([tr("inzet.col_plan"), tr("inzet.col_inside"), tr("inzet.col_of_best")],
                                    "lookbackTable", stretch=0)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("inzet.evaluate_from")))
        row.addWidget(self.date_from)
        row.addWidget(QLabel(tr("inzet.evaluate_to")))
        row.addWidget(self.date_to)
        row.addWidget(self.run_button)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(row)
        lay.addWidget(self.intro)
        lay.addWidget(self.table, 1)

    @staticmethod
    def _date(name: str) -> QDateEdit:
        """A date box that shows the whole date (dd-MM-yyyy) with a calendar, wide enough for it."""
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setDisplayFormat("dd-MM-yyyy")
        edit.setCalendarPopup(True)
        edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("00-00-00000") + 40)
        return edit

    def set_range(self, first_day, last_day) -> None:
        """The data's days: the boxes stay inside them; by default the last six whole months."""
        first, last = pd.Timestamp(first_day), pd.Timestamp(last_day)
        for edit in (self.date_from, self.date_to):
            edit.setDateRange(QDate(first.year, first.month, first.day), QDate(last.year, last.month, last.day))
        end = last if last.day == last.days_in_month else last.replace(day=1) - pd.Timedelta(days=1)
        start = max(first, end + pd.Timedelta(days=1) - pd.DateOffset(months=6))
        self.date_from.setDate(QDate(start.year, start.month, start.day))
        self.date_to.setDate(QDate(end.year, end.month, end.day))
        self.run_button.setEnabled(True)

    def dates(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """The first day and the day after the last (the end is not included in the core's period)."""
        a, b = self.date_from.date(), self.date_to.date()
        return (pd.Timestamp(a.year(), a.month(), a.day()),
                pd.Timestamp(b.year(), b.month(), b.day()) + pd.Timedelta(days=1))

    def _request(self) -> None:
        self.lookbackRequested.emit(*self.dates())

    def show_lookback(self, plan) -> None:
        self.plan = plan
        self.intro.setText(inzet_text.lookback_intro(plan))
        fill(self.table, inzet_text.lookback_rows(plan))
