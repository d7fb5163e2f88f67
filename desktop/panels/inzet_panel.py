"""The Inzetplanner panel: what the plan is for and the BOA capacity in; the plan, what changed and the
Terugblik out.

An isolated widget that only holds widgets (it knows no main window and runs nothing): the controller
gives it the areas with :meth:`InzetPanel.set_data` and what the window chose (period, theme) with
:meth:`InzetPanel.set_context`; 'Plan maken' checks the form and emits :attr:`InzetPanel.planRequested`,
'Terugblik maken' :attr:`InzetPanel.lookbackRequested`; the controller
(:class:`desktop.control.inzet.InzetController`) runs the core off the GUI thread and hands the results
back with :meth:`InzetPanel.show_plan` and :meth:`InzetPanel.show_lookback`. The inputs are generated from
the method's own declaration (:data:`hotspots.inzet.plan.METHOD`, via
:func:`desktop.panels.settings_panel.add_param_rows`); the history is the period chosen on the left.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QTabWidget, QVBoxLayout, QWidget)

from desktop.errors import show_error
from desktop.form_checks import field_error, inzet_checks
from desktop.panels.inzet_pages import ChangesPage, LookbackPage, PlanPage
from desktop.panels.settings_panel import add_param_rows, value_of
from desktop.strings import tr
from hotspots.inzet import plan as inzet
from hotspots.inzet.changes import plan_periods
from kernel.errors import AnalysisError

#: The inputs shown on the panel, in this order (the rest keep their declared defaults; the history is the
#: window's period, so ``weeks_history`` is not asked).
MAIN_PARAMS = ("shifts", "shift_hours", "hours", "nights", "max_per_area", "categories")


class InzetPanel(QWidget):
    """'Plan voor' (a month or week ahead), the capacity, areas to exclude, 'Plan maken'; three result pages.

    Signals
    -------
    planRequested(dict)
        'Plan maken' with valid inputs: ``params`` (validated values of :data:`hotspots.inzet.plan.METHOD`)
        and ``target`` (first day, day after the last) of the chosen month or week.
    lookbackRequested(dict)
        'Terugblik maken': ``params`` and ``evaluate_from``, ``evaluate_to`` (``pandas.Timestamp``).
    """

    planRequested = Signal(dict)
    lookbackRequested = Signal(dict)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("inzetPanel")
        self.plan = None
        #: The export rules its own saves follow (set by the router to the project's choice; None: the defaults).
        self.privacy = lambda: None

        # -- inputs ----------------------------------------------------------------------------
        self.context = QLabel(tr("inzet.need_data"))
        self.context.setObjectName("inzetContext")
        self.context.setWordWrap(True)
        self.target = QComboBox()
        self.target.setObjectName("planTarget")
        self.target.setToolTip(tr("inzet.target_tip"))
        settings = QGroupBox(tr("inzet.settings"))
        form = QFormLayout(settings)
        self.errors: dict[str, QLabel] = {}  # a Dutch message under each free-text field (hours, days, weights)
        self.editors = add_param_rows(form, [inzet.METHOD.param(name) for name in MAIN_PARAMS], self.errors)
        self._form = form
        self._checks = inzet_checks()
        for name in self.errors:
            self.editors[name].textChanged.connect(lambda _, name=name: self.check(name))
        self.shifts_spin = self.editors["shifts"]
        self.hours_spin = self.editors["shift_hours"]

        excl = QGroupBox(tr("inzet.excluded"))
        ev = QVBoxLayout(excl)
        self.area_filter = QLineEdit()
        self.area_filter.setPlaceholderText("zoek een gebied")
        self.area_filter.textChanged.connect(self._filter_areas)
        self.area_list = QListWidget()
        self.area_list.setObjectName("excludedAreas")
        self.area_list.setMinimumHeight(90)
        ev.addWidget(self.area_filter)
        ev.addWidget(self.area_list)

        self.run_button = QPushButton(tr("inzet.run"))
        self.run_button.setObjectName("planButton")
        self.run_button.setEnabled(False)
        self.run_button.clicked.connect(self.make_plan)
        self.status = QLabel(tr("inzet.need_data"))
        self.status.setWordWrap(True)

        # the top: what the plan learns from, for when, and the button; the settings are a page of their own
        top = QWidget()
        tv = QVBoxLayout(top)
        tv.setContentsMargins(0, 0, 0, 0)
        tv.addWidget(self.context)
        row = QHBoxLayout()
        row.addWidget(QLabel(f"<b>{tr('inzet.target')}</b>"))
        row.addWidget(self.target, 1)
        row.addWidget(self.run_button)
        tv.addLayout(row)
        tv.addWidget(self.status)
        settings_page = QWidget()
        sp = QHBoxLayout(settings_page)
        sp.setContentsMargins(4, 4, 4, 4)
        sp.addWidget(settings, 1)
        sp.addWidget(excl, 1)

        # -- outputs ---------------------------------------------------------------------------
        self.plan_page, self.changes_page, self.lookback_page = PlanPage(), ChangesPage(), LookbackPage()
        self.plan_page.saveRequested.connect(self._save)
        self.lookback_page.lookbackRequested.connect(self.make_lookback)
        self.pages = QTabWidget()
        self.pages.setObjectName("inzetPages")
        self.pages.addTab(self.plan_page, tr("inzet.page_plan"))
        self.pages.addTab(self.changes_page, tr("inzet.page_changes"))
        self.pages.addTab(self.lookback_page, tr("inzet.page_lookback"))
        self.pages.addTab(settings_page, tr("inzet.page_settings"))
        # the names the tests and the report read
        self.rooster, self.reasons = self.plan_page.rooster, self.plan_page.reasons
        self.evaluate_from, self.evaluate_to = self.lookback_page.date_from, self.lookback_page.date_to

        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(top)
        outer.addWidget(self.pages, 1)

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

    def set_context(self, text: str, first_day, last_day) -> None:
        """What the window chose (``text``: the period and theme the plan learns from) and the first and last
        day of that data: 'Plan voor' offers the months and weeks after it, the Terugblik its days."""
        self.context.setText(text)
        chosen = self.target.currentData()
        self.target.blockSignals(True)
        self.target.clear()
        if last_day is not None:
            for label, t0, t1 in plan_periods(last_day):
                self.target.addItem(label, (t0, t1))
            self.lookback_page.set_range(first_day, last_day)
        keep = self.target.findData(chosen) if chosen is not None else -1
        self.target.setCurrentIndex(max(keep, 0))
        self.target.blockSignals(False)

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
    def check(self, only: str | None = None) -> bool:
        """Show a Dutch message at each free-text field that cannot be read (or only at ``only``); True when
        none is wrong (as the hot-spot form does: :meth:`desktop.panels.settings_panel.MethodForm.check`)."""
        ok = True
        for name, message in self.errors.items():
            if only is not None and name != only:
                continue
            text = field_error(inzet.METHOD.param(name), value_of(self.editors[name]), self._checks)
            message.setText(text or "")
            self._form.setRowVisible(message, bool(text))
            self.editors[name].setStyleSheet("border: 1px solid #b00020;" if text else "")
            ok = ok and text is None
        return ok

    def _checked_params(self) -> dict | None:
        """The form's settings; with a field that cannot be read, its message at the field (on the settings
        page, shown) and a line under the button, never a message box, and nothing starts."""
        if not self.run_button.isEnabled():
            return None
        if self.check():
            try:
                return self.params()
            except AnalysisError as exc:  # what the fields' own checks do not see
                self.status.setText(str(exc))
                return None
        wrong = next(name for name, message in self.errors.items() if message.text())
        self.pages.setCurrentIndex(self.pages.count() - 1)  # Capaciteit en regels
        self.editors[wrong].setFocus()
        self.status.setText(tr("inzet.fix_fields"))
        return None

    def make_plan(self) -> None:
        """Check the form and emit :attr:`planRequested` (a Dutch message box for a bad input)."""
        params = self._checked_params()
        if params is None:
            return
        if self.target.currentData() is None:
            self.status.setText(tr("inzet.need_data"))
            return
        self.status.setText(tr("inzet.running"))
        self.planRequested.emit({"params": params, "target": self.target.currentData()})

    def make_lookback(self, first_day, day_after) -> None:
        """Check the form and the dates and emit :attr:`lookbackRequested`."""
        params = self._checked_params()
        if params is None:
            return
        if day_after <= first_day:  # said under the button, as every wrong input of the tab
            self.status.setText(tr("inzet.lookback_empty"))
            return
        self.status.setText(tr("inzet.lookback_running"))
        self.lookbackRequested.emit({"params": params, "evaluate_from": first_day, "evaluate_to": day_after})

    def set_status(self, text: str) -> None:
        """A line under the button (the controller's news: an error, a cancelled run)."""
        self.status.setText(text)

    # -- data out ---------------------------------------------------------------------------------
    def show_plan(self, plan) -> None:
        """The plan on the Plan page and its comparison with the period before on 'Wat is anders'."""
        self.plan = plan
        self.plan_page.show_plan(plan)
        self.changes_page.show_plan(plan)
        self.status.setText(tr("inzet.planned", n=len(plan.shifts)))

    def show_lookback(self, plan) -> None:
        """The Terugblik of a plan made with an evaluation period."""
        self.lookback_page.show_lookback(plan)
        self.pages.setCurrentWidget(self.lookback_page)
        self.status.setText(tr("inzet.lookback_done"))

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
        rules = self.privacy()  # the project's export rules, as every other export (None: the defaults)
        try:
            if kind == "xlsx":
                inzet_export.write_xlsx(self.plan, path, rules)
            else:
                inzet_export.write_html(self.plan, path, meta=rules)
        except OSError as exc:
            show_error(self, exc, what=tr("inzet.save_title"))
            return
        self.status.setText(tr("inzet.saved", path=path))
