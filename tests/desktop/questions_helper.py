"""Answer the window's questions (desktop/questions.py) as a user would: click a button of the box."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


def answer(key: str, seen: list | None = None, delay_ms: int = 0) -> None:
    """Click the button ``key`` (its objectName: save, discard, cancel, replace) of the next question box.

    ``seen`` gets the box's text and informative text, so that a test can assert what was asked.
    """
    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != "question":
            QTimer.singleShot(20, click)
            return
        if seen is not None:
            seen.append((box.text(), box.informativeText(), [b.text() for b in box.buttons()]))
        button = next(b for b in box.buttons() if b.objectName() == key)
        button.click()

    QTimer.singleShot(delay_ms, click)
