"""Where Wijkbeeld keeps its own files on this machine, without Qt (the command line and the core need it too).

The data folder is ``WIJKBEELD_DATA_DIR`` when set, else the platform's place for an application's data
(what Qt's ``QStandardPaths.AppDataLocation`` gives for organisation and application "Wijkbeeld"):
``%APPDATA%\\Wijkbeeld\\Wijkbeeld`` on Windows, ``~/Library/Application Support/Wijkbeeld/Wijkbeeld`` on
macOS and ``$XDG_DATA_HOME/Wijkbeeld/Wijkbeeld`` (``~/.local/share/...``) elsewhere. Nothing is created here.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP = ("Wijkbeeld", "Wijkbeeld")


def data_dir() -> Path:
    """The user's data folder of Wijkbeeld (module docstring); not created."""
    if os.environ.get("WIJKBEELD_DATA_DIR"):
        return Path(os.environ["WIJKBEELD_DATA_DIR"])
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base.joinpath(*APP)


def reference_dir() -> Path:
    """The user-level folder of the reference set shared by all projects (``<data folder>/referentie``)."""
    return data_dir() / "referentie"
