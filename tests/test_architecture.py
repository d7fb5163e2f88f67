"""The shape of the house: no Qt outside desktop/, imports in layers, modules of one idea."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = ("kernel", "importers", "hotspots", "mapping")
QT = ("PySide6", "shiboken6", "pyqtgraph", "qtpy", "PyQt5", "PyQt6")
#: Which top-level packages each package may import (the layers of DESIGN.md).
ALLOWED = {
    "kernel": set(),
    "importers": {"kernel"},
    "hotspots": {"kernel", "importers"},
    "mapping": {"kernel", "importers", "hotspots"},
    "desktop": {"kernel", "importers", "hotspots", "mapping", "resources"},
}


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_layers_and_no_qt_in_core(package):
    bad = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for line, top in _imports(path):
            if package in CORE and top in QT:
                bad.append(f"{path.relative_to(ROOT)}:{line} importeert {top}")
            if top in ALLOWED and top != package and top not in ALLOWED[package]:
                bad.append(f"{path.relative_to(ROOT)}:{line} importeert {top} (laag-overtreding)")
    assert not bad, "\n".join(bad)


def test_import_linter_contracts():
    """The same contracts through import-linter (pyproject.toml), which also follows indirect imports."""
    lint = Path(sys.executable).with_name("lint-imports")
    assert lint.exists(), "import-linter (een testafhankelijkheid in pyproject.toml) is niet geïnstalleerd"
    out = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_core_imports_without_qt():
    """Importing every core module in a fresh interpreter loads no Qt."""
    modules = [".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
               for pkg in CORE for p in sorted((ROOT / pkg).rglob("*.py"))]
    code = ("import importlib, sys\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "import desktop.cli\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph')]\n"
            "assert not bad, bad\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_modules_stay_small():
    big = [f"{p.relative_to(ROOT)} ({n} regels)" for pkg in (*ALLOWED, "benchmarks")
           for p in (ROOT / pkg).rglob("*.py")
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600]
    assert not big, "Modules boven 600 regels; splits ze per idee: " + ", ".join(big)


def test_no_qt_mode_blocks_qt(request):
    """In the headless run (--no-qt) an import of Qt fails, so a Qt import in the core cannot hide."""
    if not request.config.getoption("--no-qt"):
        pytest.skip("alleen in de run met --no-qt")
    with pytest.raises(ImportError, match="geblokkeerd"):
        import PySide6  # noqa: F401
