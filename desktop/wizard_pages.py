"""The import wizard's second and third page: what was detected (each box at "automatisch", showing what
it stands for), and the report of the import (in Dutch words, with its progress while it reads).

Only a choice by the user overrides a detection: :meth:`DetectPage.overrides` returns the boxes the user
changed, for the kind of file chosen (a boundary file has code and name columns, no X, Y or dates).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QPlainTextEdit,
                               QProgressBar, QPushButton, QTableView, QVBoxLayout, QWizardPage)

from desktop import import_steps
from desktop.import_steps import FIELDS, ROLES, cell_text
from desktop.strings import number, tr

#: Item data for "automatic" (not None: see desktop.panels.data_panel.ALL).
AUTO = "__auto__"
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1")
SEPARATORS = ((";", "puntkomma (;)"), (",", "komma (,)"), ("\t", "tab"))
CRSES = (("EPSG:28992", "RD New (EPSG:28992)"), ("EPSG:4326", "WGS84 lengte/breedte (EPSG:4326)"))
DAYFIRST = ((True, "wizard.dayfirst_yes"), (False, "wizard.dayfirst_no"))
KINDS = ("boundaries", "incidents", "counts")


def frame_model(frame, parent=None) -> QStandardItemModel:
    """A read-only model of a small frame; missing values are empty cells (never ``nan``)."""
    model = QStandardItemModel(len(frame), len(frame.columns), parent)
    model.setHorizontalHeaderLabels([str(c) for c in frame.columns])
    for r, row in enumerate(frame.itertuples(index=False)):
        for c, value in enumerate(row):
            item = QStandardItem(cell_text(value))
            item.setEditable(False)
            model.setItem(r, c, item)
    return model


def busy_bar(runner) -> QProgressBar:
    """A progress bar that follows ``runner`` (shown while it reads)."""
    bar = QProgressBar()
    bar.setRange(0, 1000)
    bar.setTextVisible(False)
    bar.setMaximumHeight(12)
    bar.hide()
    runner.started.connect(lambda _: (bar.setValue(0), bar.show()))
    runner.progressChanged.connect(lambda fraction, _: bar.setValue(int(fraction * 1000)))
    runner.finished.connect(bar.hide)
    return bar


def _combo(items) -> QComboBox:
    w = QComboBox()
    w.addItem(tr("wizard.auto"), AUTO)
    for value, label in items:
        w.addItem(label, value)
    return w


def _label_of(items, value) -> str:
    return next((label for v, label in items if v == value), str(value))


class DetectPage(QWizardPage):
    """What was detected, a preview, and a box per choice (all at "automatisch" until the user chooses)."""

    def __init__(self, wizard):
        super().__init__()
        self.w = wizard
        self.setTitle(tr("wizard.detect_title"))
        self.setSubTitle(tr("wizard.detect_sub"))
        self.info = QLabel(tr("wizard.inspecting"))
        self.info.setWordWrap(True)
        self.info.setObjectName("detectInfo")
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = busy_bar(wizard.runner)
        self.kind = _combo([(k, tr(f"kind.{k}")) for k in KINDS])
        self.boxes: dict[str, QComboBox] = {
            "encoding": _combo([(e, e) for e in ENCODINGS]), "sep": _combo(SEPARATORS), "crs": _combo(CRSES),
            "dayfirst": _combo([(v, tr(k)) for v, k in DAYFIRST])}
        self.boxes.update({r: _combo([]) for r in ROLES})
        self.encoding, self.separator, self.crs = self.boxes["encoding"], self.boxes["sep"], self.boxes["crs"]
        self.dayfirst = self.boxes["dayfirst"]
        self.roles = {r: self.boxes[r] for r in ROLES}
        self.detected: dict[str, object] = {}  # what "automatisch" stands for, per box
        self._labels: dict[str, QLabel] = {}
        form, cols = QFormLayout(), QFormLayout()
        form.addRow(tr("wizard.kind"), self.kind)
        for name in ("encoding", "sep", "crs", "dayfirst"):
            self._labels[name] = QLabel(tr(f"wizard.box_{name}"))
            form.addRow(self._labels[name], self.boxes[name])
        for r in ROLES:
            self._labels[r] = QLabel(tr(f"wizard.col_{r}"))
            cols.addRow(self._labels[r], self.boxes[r])
        self.kind.currentIndexChanged.connect(lambda _: self._show_fields())
        top = QHBoxLayout()
        top.addLayout(form, 1)
        top.addLayout(cols, 1)
        self.table = QTableView()
        self.table.setObjectName("previewTable")
        lay = QVBoxLayout(self)
        lay.addWidget(self.info)
        lay.addWidget(self.bar)
        lay.addLayout(top)
        lay.addWidget(QLabel(tr("wizard.preview")))
        lay.addWidget(self.table, 1)
        self._text_file = True

    def initializePage(self):  # noqa: N802
        self.w.inspect()

    def current_kind(self) -> str | None:
        kind = self.kind.currentData()
        return self.detected.get("kind") if kind == AUTO else kind

    def show_detected(self, kind, report, head) -> None:
        """Every box back at "automatisch", its text saying what that is for this file."""
        columns = [] if head is None else [str(c) for c in head.columns]
        crs = import_steps.source_crs(report)
        self.detected = {"kind": kind, "encoding": report.encoding, "sep": report.separator, "crs": crs,
                         "dayfirst": (report.extra or {}).get("dayfirst"), **report.column_mapping}
        self._text_file = report.encoding not in (None, "xlsx") or report.separator is not None
        self._auto_text(self.kind, tr(f"kind.{kind}") if kind in KINDS else None)
        self._auto_text(self.boxes["encoding"], report.encoding)
        self._auto_text(self.boxes["sep"], _label_of(SEPARATORS, report.separator) if report.separator else None)
        self._auto_text(self.boxes["crs"], _label_of(CRSES, crs) if crs else None)
        self._auto_text(self.boxes["dayfirst"], None)
        for role in ROLES:
            box = self.boxes[role]
            box.clear()
            box.addItem(tr("wizard.auto"), AUTO)
            for c in columns:
                box.addItem(c, c)
            found = report.column_mapping.get(role)
            self._auto_text(box, f"'{found}'" if found else tr("wizard.not_found"))
        for box in (self.kind, *self.boxes.values()):
            box.setCurrentIndex(0)
        self.info.setText("\n".join(self._info_lines(kind, report, columns)))
        self._show_fields()
        if head is not None:
            from desktop.wizard import mask_personal

            self.table.setModel(frame_model(mask_personal(head, report.personal_data_columns), self.table))
            self.table.resizeColumnsToContents()

    @staticmethod
    def _auto_text(box: QComboBox, detected) -> None:
        box.setItemText(0, tr("wizard.auto_is", value=detected) if detected else tr("wizard.auto"))

    def _info_lines(self, kind, report, columns) -> list[str]:
        lines = [tr("wizard.found_kind", kind=tr(f"kind.{kind}") if kind in KINDS else kind)]
        if report.sample and not report.sample.get("complete"):
            lines.append(tr("wizard.sample", n=number(report.sample.get("rows") or 0, 0)))
        crs = import_steps.source_crs(report)
        if crs:
            lines.append(f"{tr('wizard.crs')}: {crs}")
        if report.column_mapping:
            lines.append(import_steps.mapping_line(report.column_mapping))
        if columns:
            lines.append(tr("wizard.columns", cols=", ".join(columns)))
        if report.personal_data_columns:
            lines.append(tr("wizard.personal", cols=", ".join(report.personal_data_columns)))
        formats = (report.extra or {}).get("date_formats")
        if formats:
            lines.append(tr("wizard.date_formats", formats="; ".join(
                f"{col}: {', '.join(map(str, f))}" for col, f in formats.items())))
        return lines

    def _show_fields(self) -> None:
        """Only the boxes this kind of file has (and the file's own encoding and separator only for text)."""
        fields = FIELDS.get(self.current_kind(), ())
        for name, box in self.boxes.items():
            shown = name in fields and (self._text_file or name not in ("encoding", "sep"))
            box.setVisible(shown)
            self._labels[name].setVisible(shown)

    def overrides(self) -> dict:
        """The boxes the user changed, for the chosen kind: only those override what was detected."""
        fields = FIELDS.get(self.current_kind(), ())
        return {name: box.currentData() for name, box in self.boxes.items()
                if name in fields and box.currentData() != AUTO}

    def isComplete(self) -> bool:  # noqa: N802
        return self.w.detected_data is not None


class ReportPage(QWizardPage):
    """The report of the import; an import that kept nothing cannot be added."""

    def __init__(self, wizard):
        super().__init__()
        self.w = wizard
        self.setTitle(tr("wizard.report_title"))
        self.setSubTitle(tr("wizard.report_sub"))
        self.bar = busy_bar(wizard.runner)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setObjectName("reportText")
        self.nothing = QLabel(tr("wizard.kept_nothing"))
        self.nothing.setObjectName("keptNothing")
        self.nothing.setWordWrap(True)
        self.nothing.setStyleSheet("color: #b00020; font-weight: bold;")
        self.nothing.hide()
        self.rejected = QTableView()
        self.save_button = QPushButton(tr("wizard.save_rejected"))
        self.save_button.clicked.connect(self._save_dialog)
        self.saved = QLabel()
        lay = QVBoxLayout(self)
        lay.addWidget(self.bar)
        lay.addWidget(self.nothing)
        lay.addWidget(self.text, 2)
        lay.addWidget(self.rejected, 1)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.saved, 1)
        lay.addLayout(row)

    def initializePage(self):  # noqa: N802
        self.text.setPlainText(tr("wizard.run_sub"))
        self.nothing.hide()
        self.w.run_import()

    def show_report(self, report) -> None:
        from desktop.wizard import rejections_frame

        self.text.setPlainText("\n".join(import_steps.report_lines(report)))
        self.nothing.setVisible(import_steps.kept_nothing(report))
        frame = rejections_frame(report)
        self.rejected.setModel(frame_model(frame.head(500), self.rejected))
        self.save_button.setEnabled(len(frame) > 0)
        self.saved.setText("" if len(frame) else tr("wizard.no_rejected"))

    def show_failed(self, message: str) -> None:
        """The import failed: why, and that Vorige goes back (Toevoegen stays off)."""
        import pandas as pd

        self.text.setPlainText(tr("wizard.failed", message=message))
        self.nothing.hide()
        self.rejected.setModel(frame_model(pd.DataFrame(), self.rejected))
        self.save_button.setEnabled(False)
        self.saved.setText("")

    def _save_dialog(self):
        path, _ = QFileDialog.getSaveFileName(self, tr("wizard.save_rejected"), "afgewezen.csv", "CSV (*.csv)")
        if path:
            self.w.save_rejected(path)

    def isComplete(self) -> bool:  # noqa: N802
        return self.w.result is not None and not import_steps.kept_nothing(self.w.result[2])

