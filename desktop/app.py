"""Start the Qt application (a stub window until the desktop issue lands)."""
from __future__ import annotations

import os
import sys


def prepare_environment() -> None:
    """QtWebEngine refuses to run as root without --no-sandbox; add it only in that case."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        if "--no-sandbox" not in flags:
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = (flags + " --no-sandbox").strip()


def run_app(project: str | None = None, demo: bool = False) -> int:
    prepare_environment()
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(sys.argv)
    label = QLabel("Wijkbeeld: de desktop-app volgt." + (" (demo)" if demo else ""))
    label.setWindowTitle("Wijkbeeld")
    label.resize(640, 400)
    label.show()
    return app.exec()
