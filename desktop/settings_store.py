"""What the app remembers between sessions (QSettings): window, recent projects, autosave.

Settings carry a version (``settings/version``) and :func:`migrate` brings old
ones up to date, as the project file does.
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

SETTINGS_VERSION = 1
MAX_RECENT = 8


def settings() -> QSettings:
    # the default format (not the (org, app) constructor, which is always native), so that tests and the
    # screenshot script can point QSettings at a folder of their own
    s = QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, "Wijkbeeld", "Wijkbeeld")
    migrate(s)
    return s


def migrate(s: QSettings) -> None:
    version = int(s.value("settings/version", 0) or 0)
    if version >= SETTINGS_VERSION:  # up to date: no write (settings() is called for every read)
        return
    if version < 1:
        # version 0 kept one "lastProject" instead of a list
        last = s.value("lastProject", "")
        if last:
            s.setValue("recent", [last])
            s.remove("lastProject")
    s.setValue("settings/version", SETTINGS_VERSION)


def recent_projects(s: QSettings | None = None) -> list[str]:
    s = s or settings()
    value = s.value("recent", []) or []  # never None through QVariant (see desktop.panels.data_panel.ALL)
    if isinstance(value, str):
        value = [value]
    return [p for p in value if Path(p).exists()]


def add_recent(path: str | Path, s: QSettings | None = None) -> list[str]:
    s = s or settings()
    path = str(Path(path).resolve())
    items = [path] + [p for p in recent_projects(s) if p != path]
    s.setValue("recent", items[:MAX_RECENT])
    return items[:MAX_RECENT]


def data_dir() -> Path:
    base = os.environ.get("WIJKBEELD_DATA_DIR") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppDataLocation)
    path = Path(base or Path.home() / ".wijkbeeld")
    path.mkdir(parents=True, exist_ok=True)
    return path


def autosave_path() -> Path:
    return data_dir() / "autosave.gpkg"


def demo_cache_path() -> Path:
    """The demo as a saved project with its snapshot, written after the demo's first start."""
    return data_dir() / "demo.gpkg"


def running_flag() -> Path:
    """Exists while the app runs; found at start-up it means the last session crashed."""
    return data_dir() / "running.flag"
