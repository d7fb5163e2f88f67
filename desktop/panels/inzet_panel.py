"""The Inzetplanner panel: BOA capacity in, weekly rooster with reasons and coverage out.

An isolated widget that only holds widgets (it knows no main window and runs
nothing): the controller gives it the areas to choose from with
:meth:`InzetPanel.set_data`; 'Plan maken' checks the form and emits
:attr:`InzetPanel.planRequested` with the inputs; the controller
(:meth:`desktop.control.inzet.InzetController.make_plan`) runs :func:`hotspots.inzet.plan.run`
off the GUI thread (progress and Afbreken in the status bar, a new run cancels the
previous one) and hands the plan back with :meth:`InzetPanel.show_plan`. The
inputs are generated from the method's own declaration
(:data:`hotspots.inzet.plan.METHOD`, via :func:`desktop.panels.settings_panel.add_param_rows`).
"""
from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
                               QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from desktop.errors import show_error
from desktop.panels.settings_panel import add_param_rows, value_of
from desktop.strings import tr
from hotspots.inzet import plan as inzet
from hotspots.inzet import text as inzet_text
from kernel.errors import AnalysisError

#: The inputs shown on the panel, in this order (the rest keep their declared defaults).
MAIN_PARAMS = ("shifts", "shift_hours", "hours", "nights", "max_per_area", "weeks_history", "categories")


class InzetPanel(QWidget):
    """Spin boxes for the capacity, a list of areas to exclude, 'Plan maken', the rooster and the figures.

    Signals
    -------
    planRequested(dict)
        'Plan maken' with valid inputs: ``params`` (validated values of
        :data:`hotspots.inzet.plan.METHOD`), ``evaluate_from`` and ``evaluate_to``
        (``pandas.Timestamp`` or None), the keywords of :func:`hotspots.inzet.plan.run`.
    """

    planRequested = Signal(dict)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("inzetPanel")
        self.plan = None

        # -- inputs ----------------------------------------------------------------------------
        settings = QGroupBox(tr("inzet.settings"))
        form = QFormLayout(settings)
        self.editors = add_param_rows(form, [inzet.METHOD.param(name) for name in MAIN_PARAMS])
        self.evaluate_from = QLineEdit()
        self.evaluate_from.setObjectName("evaluateFrom")
        self.evaluate_from.setPlaceholderText("jjjj-mm-dd (leeg: geen terugblik)")
        self.evaluate_from.setToolTip(tr("inzet.evaluate_from_tip"))
        form.addRow(QLabel(tr("inzet.evaluate_from")), self.evaluate_from)
        self.evaluate_to = QLineEdit()
        self.evaluate_to.setObjectName("evaluateTo")
        self.evaluate_to.setPlaceholderText("jjjj-mm-dd (leeg: tot het einde)")
        self.evaluate_to.setToolTip(tr("inzet.evaluate_to_tip"))
        form.addRow(QLabel(tr("inzet.evaluate_to")), self.evaluate_to)
        self.shifts_spin = self.editors["shifts"]
        self.hours_spin = self.editors["shift_hours"]

        excl = QGroupBox(tr("inzet.excluded"))
        ev = QVBoxLayout(excl)
        self.area_filter = QLineEdit()
        self.area_filter.setPlaceholderText("zoek een gebied")
        self.area_filter.textChanged.connect(self._filter_areas)
        self.area_list = QListWidget()
        self.area_list.setObjectName("excludedAreas")
        ev.addWidget(self.area_filter)
        ev.addWidget(self.area_list)

        self.run_button = QPushButton(tr("inzet.run"))
        self.run_button.setObjectName("planButton")
        self.run_button.setEnabled(False)
        self.run_button.clicked.connect(self.make_plan)
        self.status = QLabel(tr("inzet.need_data"))
        self.status.setWordWrap(True)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(settings)
        lv.addWidget(excl, 1)
        lv.addWidget(self.run_button)
        lv.addWidget(self.status)

        # -- outputs ---------------------------------------------------------------------------
        self.figures = QLabel("")
        self.figures.setObjectName("inzetFigures")
        self.figures.setWordWrap(True)
        self.figures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rooster = QTableWidget(7, 0)
        self.rooster.setObjectName("roosterTable")
        self.rooster.setVerticalHeaderLabels(list(inzet.DAYS))
        self.rooster.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rooster.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.reasons = QListWidget()
        self.reasons.setObjectName("reasonList")
        self.reasons.setWordWrap(True)
        self.xlsx_button = QPushButton(tr("inzet.save_xlsx"))
        self.html_button = QPushButton(tr("inzet.save_html"))
        for b in (self.xlsx_button, self.html_button):
            b.setEnabled(False)
        self.xlsx_button.clicked.connect(lambda: self._save("xlsx"))
        self.html_button.clicked.connect(lambda: self._save("html"))

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addWidget(QLabel("<b>Weekrooster</b>"))
        rv.addWidget(self.rooster, 2)
        rv.addWidget(self.figures)
        rv.addWidget(QLabel("<b>Waarom deze diensten</b>"))
        rv.addWidget(self.reasons, 2)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.xlsx_button)
        buttons.addWidget(self.html_button)
        rv.addLayout(buttons)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(split)

    # -- data in ----------------------------------------------------------------------------------
    def set_data(self, areas, incidents) -> None:
        """Show the areas (Areas frame) to exclude; 'Plan maken' is enabled when there are incidents too."""
        self.area_list.clear()
        if areas is not None:
            names = areas["name"] if "name" in areas.columns else areas["code"]
            for code, name in sorted(zip(areas["code"].astype(str), names.astype(str)), key=lambda t: t[1]):
                item = QListWidgetItem(f"{name} ({code})")
                item.setData(Qt.ItemDataRole.UserRole, code)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.area_list.addItem(item)
        ready = areas is not None and incidents is not None and len(incidents) > 0
        self.run_button.setEnabled(ready)
        self.status.setText(tr("inzet.ready") if ready else tr("inzet.need_data"))

    def excluded(self) -> list[str]:
        """Codes of the areas ticked as excluded."""
        return [self.area_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.area_list.count())
                if self.area_list.item(i).checkState() == Qt.CheckState.Checked]

    def set_excluded(self, codes) -> None:
        codes = set(map(str, codes))
        for i in range(self.area_list.count()):
            it = self.area_list.item(i)
            it.setCheckState(Qt.CheckState.Checked if it.data(Qt.ItemDataRole.UserRole) in codes
                             else Qt.CheckState.Unchecked)

    def params(self) -> dict:
        """The validated settings of the form (raises :class:`AnalysisError` in Dutch)."""
        values = {name: value_of(w) for name, w in self.editors.items()}
        values = {k: ("" if v is None else v) for k, v in values.items()}
        values["exclude"] = ",".join(self.excluded())
        params = inzet.METHOD.validate(values)
        inzet.parse_hours(params["hours"])  # check the free-text fields before starting
        inzet.parse_days(params["nights"])
        inzet.parse_weights(params["categories"])
        return params

    # -- running ----------------------------------------------------------------------------------
    def make_plan(self) -> None:
        """Check the form and emit :attr:`planRequested` (a Dutch message box for a bad input)."""
        if not self.run_button.isEnabled():
            return
        try:
            params = self.params()
            evaluate_from = self._date(self.evaluate_from, tr("inzet.evaluate_from"))
            evaluate_to = self._date(self.evaluate_to, tr("inzet.evaluate_to")) if evaluate_from is not None else None
        except AnalysisError as exc:
            show_error(self, exc, what=tr("inzet.work"))
            return
        self.status.setText(tr("inzet.running"))
        self.planRequested.emit({"params": params, "evaluate_from": evaluate_from, "evaluate_to": evaluate_to})

    @staticmethod
    def _date(edit: QLineEdit, label: str):
        text = edit.text().strip()
        if not text:
            return None
        try:
            return pd.Timestamp(text)
        except ValueError:
            raise AnalysisError(f"{label}: '{text}' is geen datum (jjjj-mm-dd).") from None

    def set_status(self, text: str) -> None:
        """A line under the button (the controller's news: an error, a cancelled run)."""
        self.status.setText(text)

    # -- data out ---------------------------------------------------------------------------------
    def show_plan(self, plan) -> None:
        """Fill the rooster, the figures and the reasons from a plan."""
        self.plan = plan
        rooster = plan.rooster()
        self.rooster.clear()
        self.rooster.setColumnCount(len(rooster.columns))
        self.rooster.setHorizontalHeaderLabels(list(rooster.columns))
        self.rooster.setVerticalHeaderLabels(list(rooster.index))
        for r, (day, row) in enumerate(rooster.iterrows()):
            reasons = plan.shifts.loc[plan.shifts["day"] == day].sort_values("start_hour")["reason"].tolist()
            for c, value in enumerate(row):
                item = QTableWidgetItem(str(value))
                if value and len(reasons) > c:
                    item.setToolTip(reasons[c])
                self.rooster.setItem(r, c, item)
        self.figures.setText("\n".join(inzet_text.figures(plan)))
        self.reasons.clear()
        for reason in plan.shifts["reason"]:
            self.reasons.addItem(reason)
        for line in inzet_text.warning_lines(plan):
            self.reasons.addItem(line)
        self.status.setText(tr("inzet.planned", n=len(plan.shifts)))
        for b in (self.xlsx_button, self.html_button):
            b.setEnabled(True)

    def _filter_areas(self, text: str) -> None:
        text = text.strip().lower()
        for i in range(self.area_list.count()):
            it = self.area_list.item(i)
            it.setHidden(bool(text) and text not in it.text().lower())

    def _save(self, kind: str) -> None:
        if self.plan is None:
            return
        from mapping import inzet_export

        filt = "Excel (*.xlsx)" if kind == "xlsx" else "HTML (*.html)"
        path, _ = QFileDialog.getSaveFileName(self, tr("inzet.save_title"), f"boa-rooster.{kind}", filt)
        if not path:
            return
        try:
            (inzet_export.write_xlsx if kind == "xlsx" else inzet_export.write_html)(self.plan, path)
        except OSError as exc:
            show_error(self, exc, what=tr("inzet.save_title"))
            return
        self.status.setText(tr("inzet.saved", path=path))
