"""Progress in the status bar: a bar, a text and a cancel button, bound to one or more runners."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from desktop.strings import tr


class ProgressStatus(QWidget):
    """Shows the progress of the running task; ``cancelRequested`` when the user presses Afbreken."""

    cancelRequested = Signal()
    busyChanged = Signal(bool)  # some bound runner runs (True), or none any more (False)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.text = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setMaximumWidth(220)
        self.bar.setTextVisible(False)
        self.cancel = QToolButton()
        self.cancel.setText(tr("action.cancel").replace("&", ""))
        self.cancel.setToolTip("Esc")
        self.cancel.clicked.connect(self.cancelRequested)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.text)
        lay.addWidget(self.bar)
        lay.addWidget(self.cancel)
        self._active: set = set()  # the bound runners that run now
        self.setVisible(False)

    def bind(self, runner) -> None:
        """Show ``runner``'s work. A runner counts once: a restart (which drops the old run without
        ``finished``) does not leave the bar behind."""
        runner.started.connect(self.on_started)
        runner.progressChanged.connect(self.on_progress)
        runner.finished.connect(self.on_finished)

    def on_started(self, what: str) -> None:
        if not self._active:
            self.busyChanged.emit(True)
        self._active.add(self.sender())
        self.text.setText(tr("status.running", what=what))
        self.bar.setValue(0)
        self.setVisible(True)

    def on_progress(self, fraction: float, text: str) -> None:
        self.bar.setValue(int(fraction * 1000))
        if text:
            self.text.setText(text)

    def on_finished(self) -> None:
        was = bool(self._active)
        if getattr(self.sender(), "is_running", lambda: False)():
            return  # started again as it finished (the analysis's later parts): still at work
        self._active.discard(self.sender())
        if not self._active:
            self.setVisible(False)
            if was:
                self.busyChanged.emit(False)
