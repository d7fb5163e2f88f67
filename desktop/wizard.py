"""The import wizard: choose or drop a file, see and correct what was detected, import, read the report.

Pages: (1) the file; (2) what the importers detected (kind, encoding, separator, coordinate system,
date order, columns) with a preview of the first rows, each box at "automatisch" (saying what that is)
until the user chooses otherwise, and only the boxes the kind of file has
(:mod:`desktop.wizard_pages`); (3) the import itself, through the worker process with its progress,
and its report in Dutch words (kept, rejected with reasons, personal-data columns), with the rejected
rows saved to a CSV on request. An import that kept nothing cannot be added. The wizard asks its
:meth:`ImportWizard.confirm` hook before it emits ``imported(kind, data, report)``; the window asks
there before data is replaced, and the project controller adds it.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget, QWizard, \
    QWizardPage

from desktop import errors, import_steps, procpool, workers
from desktop.strings import tr
from desktop.wizard_pages import DetectPage, ReportPage
from desktop.workers import Runner

#: Rows read for the detection page; the import itself reads the whole file.
PREVIEW_ROWS = import_steps.PREVIEW_ROWS


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
        # in the worker process: Annuleren ends a long read there for good (the process is replaced when
        # it does not stop in time), and the window's memory never holds a half-read national file
        self.runner = Runner(tr("work.import"), self, process="always")
        self.runner.errorOccurred.connect(lambda err: errors.show_error(self, err.exception, err.details,
                                                                        what=tr("work.import")))
        self.runner.errorOccurred.connect(self._failed)
        procpool.warm_up(workers.waiters())  # the worker process starts while the user picks a file
        self.file_page = FilePage()
        self.detect_page = DetectPage(self)
        self.report_page = ReportPage(self)
        for page in (self.file_page, self.detect_page, self.report_page):
            self.addPage(page)
        self._slot = None
        self.detected_data = None  # (kind, data or None, report) once the detection is done
        self.result = None
        self._used_overrides: dict = {}

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
        self.runner.start(import_steps.detect, self.path, areas=self.areas, label=tr("wizard.inspecting"))

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
        kind = self.detect_page.current_kind()
        overrides = self.detect_page.overrides()
        if self.detected_data is not None and self.detected_data[1] is not None and kind == self.detected_data[0] \
                and overrides == self._used_overrides:
            self._on_imported(self.detected_data)  # nothing changed: the detection already read the file
            return
        self._reconnect(self._on_imported)
        if kind == "counts" and self.areas is not None:
            overrides["areas"] = self.areas
        self.runner.start(import_steps.read, self.path, kind, label=tr("wizard.run_sub"), **overrides)

    def _on_imported(self, value) -> None:
        kind, data, report = value
        self.result = (kind, data, report)
        if kind == "boundaries" and data is not None:  # their map's heaviest parts start while the report is read
            import_steps.prepare_map_here(data)  # (here when the window draws them; else the worker did at detection)
        self.report_page.show_report(report)
        self.report_page.completeChanged.emit()
        self.importDone.emit(kind, data, report)

    def _failed(self, err) -> None:
        """The import failed: the report page says so and why (the box may be closed already); Vorige goes back."""
        if self.currentPage() is self.report_page:
            self.result = None
            self.report_page.show_failed(errors.message_for(err.exception))
            self.report_page.completeChanged.emit()

    def save_rejected(self, path) -> Path:
        frame = rejections_frame(self.result[2])
        frame.to_csv(path, index=False, sep=";", encoding="utf-8-sig")
        self.report_page.saved.setText(tr("wizard.saved_rejected", n=len(frame), path=path))
        return Path(path)

    def accept(self) -> None:
        if self.result is not None:
            if import_steps.kept_nothing(self.result[2]):
                return  # nothing to add (the Finish button is off; this guards a direct call)
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
