"""Shared test set-up: an offscreen Qt, the real data beside the checkout, and a Qt-free mode.

``pytest --no-qt`` makes every import of PySide6/shiboken6/pyqtgraph fail (as
napari's headless CI job does by uninstalling Qt) and runs only the tests
outside ``tests/desktop/``: proof that the core and the command line need no
screen and no Qt.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("WIJKBEELD_SHARED_DATA", ROOT.parent / "shared" / "data"))
QT_MODULES = ("PySide6", "shiboken6", "pyqtgraph")


def pytest_addoption(parser):
    parser.addoption("--no-qt", action="store_true",
                     help="blokkeer Qt-imports en sla tests/desktop over (de kern moet zonder Qt draaien)")


class _BlockQt:
    """A meta-path finder that makes importing Qt fail."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in QT_MODULES:
            raise ImportError(f"Qt is geblokkeerd in deze testrun (--no-qt): import {name}")
        return None


def pytest_configure(config):
    if config.getoption("--no-qt"):
        loaded = [m for m in sys.modules if m.split(".")[0] in QT_MODULES]
        if loaded:
            raise pytest.UsageError(f"--no-qt: Qt is al geladen ({loaded[:3]}); draai met -p no:pytest-qt")
        sys.meta_path.insert(0, _BlockQt())


def pytest_ignore_collect(collection_path, config):
    if config.getoption("--no-qt") and "desktop" in Path(collection_path).relative_to(ROOT).parts[:2] \
            and Path(collection_path).relative_to(ROOT).parts[0] == "tests":
        return True
    return None


@pytest.fixture(autouse=True)
def own_data_dir(tmp_path_factory, monkeypatch) -> Path:
    """Wijkbeeld's own folder (the user's reference set) in a fresh temporary folder per test: a test never reads
    or writes the developer's own, and ``wijkbeeld rapport`` never picks up a set another test stored."""
    folder = tmp_path_factory.mktemp("wijkbeeld-data")
    monkeypatch.setenv("WIJKBEELD_DATA_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder with the real public data (../shared/data). CI has it; a missing one fails in CI."""
    if not SHARED_DATA.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"De gedeelde data ontbreekt: {SHARED_DATA}")
        pytest.skip(f"gedeelde data niet gevonden in {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def groningen(shared_data) -> Path:
    return shared_data / "groningen"


@pytest.fixture()
def cli(capsys):
    """Run ``wijkbeeld`` in this process: ``cli("hotspots", "--areas", path, ...) -> (exit code, stdout, stderr)``."""
    from desktop.cli import main

    def run(*argv):
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture(scope="module")
def demo_frames():
    """The demo's land buurten and its incidents (the report's tests)."""
    import importers
    from resources import demo

    areas, _ = importers.read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)
    incidents, _ = importers.read_incidents(demo.INCIDENTS)
    return areas[~areas["water"].fillna(False).astype(bool)].reset_index(drop=True), incidents
