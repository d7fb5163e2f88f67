"""The import wizard: choose or drop a file, see and correct what was detected, import, read the report.

Pages: (1) the file; (2) what the importers detected (kind, encoding, separator,
columns, CRS, date order) with a preview of the first rows and an override for
each; (3) the import itself, through the worker, and its report (kept, rejected
with reasons, personal-data columns), with the rejected rows saved to a CSV on
request. The wizard emits ``imported(kind, data, report)``; the controller adds
it to the project.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QTableView, QVBoxLayout, QWidget, QWizard, QWizardPage)

from desktop import errors
from desktop import tasks
from desktop.strings import tr
from desktop.workers import Runner

#: Item data for "automatic" (not None: see desktop.panels.data_panel.ALL).
AUTO = "__auto__"
ROLES = ("x", "y", "start", "end", "category", "id")
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1")
SEPARATORS = ((";", "puntkomma (;)"), (",", "komma (,)"), ("\t", "tab"))
CRSES = (("EPSG:28992", "RD New (EPSG:28992)"), ("EPSG:4326", "WGS84 lengte/breedte (EPSG:4326)"))


def frame_model(frame: pd.DataFrame, parent=None) -> QStandardItemModel:
    model = QStandardItemModel(len(frame), len(frame.columns), parent)
    model.setHorizontalHeaderLabels([str(c) for c in frame.columns])
    for r, row in enumerate(frame.itertuples(index=False)):
        for c, value in enumerate(row):
            item = QStandardItem("" if value is None else str(value))
            item.setEditable(False)
            model.setItem(r, c, item)
    return model


def _combo(items, auto=True) -> QComboBox:
    w = QComboBox()
    if auto:
        w.addItem(tr("wizard.auto"), AUTO)
    for value, label in items:
        w.addItem(label, value)
    return w


class DropLabel(QLabel):
    """A large target to drop a file on."""

    dropped = Signal(str)

    def __init__(self, text: str):
        super().__init__(text)
        self.setAcceptDrops(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMinimumHeight(140)
        self.setStyleSheet("QLabel { border: 2px dashed #888; border-radius: 8px; padding: 12px; }")

    def dragEnterEvent(self, event):  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802
        urls = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.dropped.emit(urls[0])
            event.acceptProposedAction()


class FilePage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle(tr("wizard.file_title"))
        self.setSubTitle(tr("wizard.file_sub"))
        self.drop = DropLabel(tr("wizard.file_sub"))
        self.path = QLineEdit()
        self.path.setObjectName("wizardPath")
        browse = QPushButton(tr("wizard.browse"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        lay = QVBoxLayout(self)
        lay.addWidget(self.drop, 1)
        lay.addLayout(row)
        self.drop.dropped.connect(self.path.setText)
        self.path.textChanged.connect(self.completeChanged)

    def _browse(self):
        path, _ = QFileDialog.getOpenFileName(self, tr("wizard.file_title"), "", tr("wizard.file_filter"))
        if path:
            self.path.setText(path)

    def isComplete(self) -> bool:  # noqa: N802
        return Path(self.path.text().strip()).is_file()


class DetectPage(QWizardPage):
    """What was detected, a preview, and the overrides."""

    def __init__(self, wizard: "ImportWizard"):
        super().__init__()
        self.w = wizard
        self.setTitle(tr("wizard.detect_title"))
        self.setSubTitle(tr("wizard.detect_sub"))
        self.info = QLabel(tr("wizard.inspecting"))
        self.info.setWordWrap(True)
        self.info.setObjectName("detectInfo")
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = _combo([(k, tr(f"kind.{k}")) for k in ("boundaries", "incidents", "counts")])
        self.encoding = _combo([(e, e) for e in ENCODINGS])
        self.separator = _combo(SEPARATORS)
        self.crs = _combo(CRSES)
        self.dayfirst = _combo([(True, tr("wizard.dayfirst_yes")), (False, tr("wizard.dayfirst_no"))])
        self.roles = {r: _combo([]) for r in ROLES}
        form = QFormLayout()
        form.addRow(tr("wizard.kind"), self.kind)
        form.addRow(tr("wizard.encoding"), self.encoding)
        form.addRow(tr("wizard.separator"), self.separator)
        form.addRow(tr("wizard.crs"), self.crs)
        form.addRow(tr("wizard.dayfirst"), self.dayfirst)
        cols = QFormLayout()
        for r in ROLES:
            cols.addRow(tr(f"wizard.col_{r}"), self.roles[r])
        top = QHBoxLayout()
        top.addLayout(form, 1)
        top.addLayout(cols, 1)
        self.table = QTableView()
        self.table.setObjectName("previewTable")
        lay = QVBoxLayout(self)
        lay.addWidget(self.info)
        lay.addLayout(top)
        lay.addWidget(QLabel(tr("wizard.preview")))
        lay.addWidget(self.table, 1)

    def initializePage(self):  # noqa: N802
        self.w.inspect()

    def show_detected(self, kind, report, head: pd.DataFrame | None) -> None:
        self._select(self.kind, kind)
        self._select(self.encoding, report.encoding if report.encoding in ENCODINGS else AUTO)
        self._select(self.separator, report.separator)
        self._select(self.crs, report.crs)
        columns = [] if head is None else [str(c) for c in head.columns]
        for role, combo in self.roles.items():
            combo.clear()
            combo.addItem(tr("wizard.auto"), AUTO)
            for c in columns:
                combo.addItem(c, c)
            self._select(combo, report.column_mapping.get(role))
        lines = [report.summary().split("\n")[1]]
        if report.encoding and report.encoding != "xlsx":
            lines.append(f"{tr('wizard.encoding')}: {report.encoding}")
        if report.separator:
            lines.append(f"{tr('wizard.separator')}: {dict(SEPARATORS).get(report.separator, report.separator)}")
        if report.crs:
            lines.append(f"{tr('wizard.crs')}: {report.crs}")
        if columns:
            lines.append(tr("wizard.columns", cols=", ".join(columns)))
        if report.personal_data_columns:
            lines.append(tr("wizard.personal", cols=", ".join(report.personal_data_columns)))
        lines += [f"• {a}" for a in report.assumptions]
        formats = (report.extra or {}).get("date_formats")
        if formats:
            lines.append(tr("wizard.date_formats", formats="; ".join(
                f"{col}: {', '.join(map(str, f))}" for col, f in formats.items())))
        self.info.setText("\n".join(lines))
        if head is not None:
            self.table.setModel(frame_model(mask_personal(head, report.personal_data_columns), self.table))
            self.table.resizeColumnsToContents()

    @staticmethod
    def _select(combo: QComboBox, value) -> None:
        i = combo.findData(AUTO if value is None else value)
        combo.setCurrentIndex(i if i >= 0 else 0)

    def overrides(self) -> dict:
        out = {"encoding": self.encoding.currentData(), "sep": self.separator.currentData(),
               "crs": self.crs.currentData()}
        kind = self.kind.currentData()
        if kind == "incidents":
            out["dayfirst"] = self.dayfirst.currentData()
            out.update({r: c.currentData() for r, c in self.roles.items()})
        return {k: v for k, v in out.items() if v is not None and v != AUTO}

    def isComplete(self) -> bool:  # noqa: N802
        return self.w.detected_data is not None


class ReportPage(QWizardPage):
    def __init__(self, wizard: "ImportWizard"):
        super().__init__()
        self.w = wizard
        self.setTitle(tr("wizard.report_title"))
        self.setSubTitle(tr("wizard.report_sub"))
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setObjectName("reportText")
        self.rejected = QTableView()
        self.save_button = QPushButton(tr("wizard.save_rejected"))
        self.save_button.clicked.connect(self._save_dialog)
        self.saved = QLabel()
        lay = QVBoxLayout(self)
        lay.addWidget(self.text, 2)
        lay.addWidget(self.rejected, 1)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.saved, 1)
        lay.addLayout(row)

    def initializePage(self):  # noqa: N802
        self.text.setPlainText(tr("wizard.run_sub"))
        self.w.run_import()

    def show_report(self, report) -> None:
        self.text.setPlainText(report.summary())
        frame = rejections_frame(report)
        self.rejected.setModel(frame_model(frame.head(500), self.rejected))
        self.save_button.setEnabled(len(frame) > 0)
        self.saved.setText("" if len(frame) else tr("wizard.no_rejected"))

    def _save_dialog(self):
        path, _ = QFileDialog.getSaveFileName(self, tr("wizard.save_rejected"), "afgewezen.csv", "CSV (*.csv)")
        if path:
            self.w.save_rejected(path)

    def isComplete(self) -> bool:  # noqa: N802
        return self.w.result is not None


def mask_personal(head: pd.DataFrame, columns) -> pd.DataFrame:
    """The preview without the personal data: those columns keep their name, their values are hidden."""
    head = head.copy()
    for col in columns or []:
        if col in head.columns:
            head[col] = tr("wizard.hidden")
    return head


def rejections_frame(report) -> pd.DataFrame:
    rows = [r.to_dict() for r in report.rejections]
    frame = pd.DataFrame(rows, columns=["row", "column", "value", "reason"])
    return frame.rename(columns={"row": tr("wizard.rej_row"), "column": tr("wizard.rej_column"),
                                 "value": tr("wizard.rej_value"), "reason": tr("wizard.rej_reason")})


class ImportWizard(QWizard):
    """Signals: ``detected(kind, report)``, ``importDone(kind, data, report)`` and, on Finish,
    ``imported(kind, data, report)``."""

    detected = Signal(str, object)
    importDone = Signal(str, object, object)
    imported = Signal(str, object, object)

    def __init__(self, parent: QWidget | None = None, areas=None):
        super().__init__(parent)
        self.setWindowTitle(tr("wizard.title"))
        self.setObjectName("importWizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.resize(980, 700)
        for button, key in ((QWizard.WizardButton.BackButton, "wizard.back"),
                            (QWizard.WizardButton.NextButton, "wizard.next"),
                            (QWizard.WizardButton.CancelButton, "wizard.cancel"),
                            (QWizard.WizardButton.FinishButton, "wizard.finish")):
            self.setButtonText(button, tr(key))
        self.areas = areas
        self.runner = Runner(tr("work.import"), self)
        self.runner.errorOccurred.connect(lambda err: errors.show_error(self, err.exception, err.details,
                                                                        what=tr("work.import")))
        self.file_page = FilePage()
        self.detect_page = DetectPage(self)
        self.report_page = ReportPage(self)
        for page in (self.file_page, self.detect_page, self.report_page):
            self.addPage(page)
        self._slot = None
        self.detected_data = None  # (kind, data or None, report) once the detection is done
        self.result = None
        self._used_overrides = {}

    def _reconnect(self, slot) -> None:
        """One result handler at a time: detection first, then the import."""
        if self._slot is not None:
            self.runner.resultReady.disconnect(self._slot)
        self._slot = slot
        self.runner.resultReady.connect(slot)

    def set_path(self, path: str) -> None:
        self.file_page.path.setText(str(path))

    @property
    def path(self) -> Path:
        return Path(self.file_page.path.text().strip())

    # -- step 2: detection ---------------------------------------------------------------------
    def inspect(self) -> None:
        self.detected_data = None
        self.detect_page.info.setText(tr("wizard.inspecting"))
        self._reconnect(self._on_detected)
        self.runner.start(_detect, self.path, areas=self.areas)

    def _on_detected(self, value) -> None:
        kind, data, report, head = value
        self.detected_data = (kind, data, report)
        self.detect_page.show_detected(kind, report, head)
        self._used_overrides = self.detect_page.overrides()
        self.detect_page.completeChanged.emit()
        self.detected.emit(kind, report)

    # -- step 3: import ------------------------------------------------------------------------
    def run_import(self) -> None:
        self.result = None
        kind = self.detect_page.kind.currentData()
        kind = None if kind == AUTO else kind
        overrides = self.detect_page.overrides()
        if self.detected_data is not None and self.detected_data[1] is not None and kind == self.detected_data[0] \
                and overrides == self._used_overrides:
            self._on_imported(self.detected_data)  # nothing changed: the detection already read the file
            return
        self._reconnect(self._on_imported)
        if kind == "counts" and self.areas is not None:
            overrides["areas"] = self.areas
        self.runner.start(tasks.read_file, self.path, kind, **overrides)

    def _on_imported(self, value) -> None:
        kind, data, report = value
        self.result = (kind, data, report)
        self.report_page.show_report(report)
        self.report_page.completeChanged.emit()
        self.importDone.emit(kind, data, report)

    def save_rejected(self, path) -> Path:
        frame = rejections_frame(self.result[2])
        frame.to_csv(path, index=False, sep=";", encoding="utf-8-sig")
        self.report_page.saved.setText(tr("wizard.saved_rejected", n=len(frame), path=path))
        return Path(path)

    def accept(self) -> None:
        if self.result is not None:
            if not self.confirm(*self.result):
                return  # the user kept what the project holds; the wizard stays open
            self.imported.emit(*self.result)
        super().accept()

    def confirm(self, kind: str, data, report) -> bool:
        """Whether to add the import (the window asks before it replaces the project's data)."""
        return True

    def reject(self) -> None:
        self.runner.cancel(emit=False)
        super().reject()


#: Rows read for the detection page (importers.read(max_rows=...)); the import itself reads the whole file.
PREVIEW_ROWS = 2000


def _detect(path, areas=None, progress=None, cancelled=None):
    """Detection on the first rows only (the 16k-row Groningen XLSX: ~1 s instead of ~10 s).

    When the sample turned out to be the whole file its data is kept (no second read); otherwise
    ``data`` is None and the import step reads the file.
    """
    extra = {"areas": areas} if areas is not None else {}
    kind, data, report = tasks.read_file(path, None, progress=progress, cancelled=cancelled,
                                        max_rows=PREVIEW_ROWS, **extra)
    if report.sample and not report.sample.get("complete"):  # ImportReport.sample: a dict or None
        data = None
    try:
        head = tasks.preview(path, report)
    except Exception:  # noqa: BLE001 - a preview is a courtesy; the import itself already worked
        head = None
    return kind, data, report, head
