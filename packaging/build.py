"""Build the frozen Wijkbeeld (one folder, one executable) with PyInstaller; the same on Linux and Windows.

    python packaging/build.py                 # -> dist/wijkbeeld/wijkbeeld[.exe]
    python packaging/build.py --lock          # pin the bundle's packages anew (packaging/requirements-bundle.txt)

Steps:
1. A clean virtual environment made for the purpose, with exactly the pinned packages of
   ``packaging/requirements-bundle.txt``: Wijkbeeld's run-time dependencies and PyInstaller, and
   nothing of the tests (no scikit-learn, esda, libpysal, pytest, hypothesis, pymannkendall;
   checked before the build). Wijkbeeld itself is not installed there: the spec takes our
   packages from this source tree.
2. PyInstaller with ``packaging/wijkbeeld.spec`` into ``dist/wijkbeeld``, its work folder fresh
   every time (``build/pyinstaller``).
3. The bundle's size.

The environment is the one part kept between builds, and only where that stays correct: it lives
in a cache folder (``WIJKBEELD_BUILD_CACHE``, else ``~/.cache/wijkbeeld-build``) under a key made of
the lock file's text, the Python version and the interpreter it was made from; it counts only
when it was completed (a stamp written last) and is checked again on reuse (installed versions
equal the lock, nothing else installed). A changed lock or Python gives a new key and a new
environment; ``--no-cache`` makes a throwaway one. Where there is no cache (a clean clone on a new
machine) it is simply made, from pip's own cache or the registry.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LOCK = HERE / "requirements-bundle.txt"
SPEC = HERE / "wijkbeeld.spec"
NAME = "wijkbeeld"
STAMP = ".wijkbeeld-build-complete"
#: Distributions that must never be in the build environment (and so never in the bundle).
TEST_ONLY = ("scikit-learn", "esda", "libpysal", "pytest", "pytest-qt", "hypothesis", "pymannkendall",
             "import-linter")
#: Installed with the interpreter, not by the lock.
BASE = ("pip", "setuptools", "wheel")
#: Windows/macOS needs of PyInstaller that ``pip freeze`` on Linux cannot see (kept in the lock with markers).
PLATFORM_EXTRAS = ('pefile==2024.8.26; sys_platform == "win32"', 'pywin32-ctypes==0.2.3; sys_platform == "win32"')


def log(text: str) -> None:
    print(f"== {text}", flush=True)


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(cmd: list, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], check=True, **kw)


def key(lock_text: str) -> str:
    """The cache key of a build environment: what decides its contents."""
    basis = json.dumps([lock_text, sys.version, platform.machine(), os.path.realpath(sys.executable)])
    return hashlib.sha256(basis.encode()).hexdigest()[:16]


def cache_root() -> Path:
    base = os.environ.get("WIJKBEELD_BUILD_CACHE")
    if base:
        return Path(base)
    home = os.environ.get("LOCALAPPDATA") if os.name == "nt" else os.environ.get("XDG_CACHE_HOME")
    return Path(home or Path.home() / ".cache") / "wijkbeeld-build"


def pinned(lock_text: str) -> dict[str, str]:
    """``{normalised name: version}`` of the lock lines that apply to this platform."""
    out = {}
    for line in lock_text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        spec, _, marker = line.partition(";")
        if marker and not _marker_applies(marker.strip()):
            continue
        name, _, version = spec.strip().partition("==")
        out[normalise(name)] = version.strip()
    return out


def _marker_applies(marker: str) -> bool:
    # only the two markers this lock uses; anything else is kept (pip decides)
    if marker.replace("'", '"').replace(" ", "") == 'sys_platform=="win32"':
        return sys.platform == "win32"
    return True


def normalise(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def installed(python: Path) -> dict[str, str]:
    out = subprocess.run([str(python), "-m", "pip", "list", "--format=json", "--disable-pip-version-check"],
                         check=True, capture_output=True, text=True).stdout
    return {normalise(d["name"]): d["version"] for d in json.loads(out)}


def check_environment(python: Path, lock_text: str) -> list[str]:
    """What is wrong with a build environment (empty: it is exactly the lock)."""
    want = pinned(lock_text)
    have = {k: v for k, v in installed(python).items() if k not in BASE}
    problems = [f"{n} {v} geïnstalleerd, {want[n]} vastgelegd" for n, v in have.items() if n in want and want[n] != v]
    problems += [f"{n} ontbreekt" for n in want if n not in have]
    problems += [f"{n} {have[n]} hoort er niet in" for n in have if n not in want]
    problems += [f"testpakket {n} in de bouwomgeving" for n in TEST_ONLY if normalise(n) in have]
    return problems


def make_environment(venv: Path, lock_text: str) -> None:
    if venv.exists():
        shutil.rmtree(venv)
    log(f"Bouwomgeving maken: {venv}")
    run([sys.executable, "-m", "venv", venv])
    python = venv_python(venv)
    run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps", "-r", LOCK])
    problems = check_environment(python, lock_text)
    if problems:
        raise SystemExit("bouwomgeving klopt niet met de vastgelegde pakketten: " + "; ".join(problems))


def environment(no_cache: bool) -> tuple[Path, bool]:
    """A build environment that is exactly the lock: (its folder, whether it came from the cache)."""
    lock_text = LOCK.read_text(encoding="utf-8")
    if no_cache:
        venv = Path(tempfile.mkdtemp(prefix="wijkbeeld-build-")) / "venv"
        make_environment(venv, lock_text)
        return venv, False
    root = cache_root()
    venv = root / f"venv-{key(lock_text)}"
    if (venv / STAMP).is_file() and venv_python(venv).exists():
        problems = check_environment(venv_python(venv), lock_text)
        if not problems:
            return venv, True
        log("Bouwomgeving in de cache klopt niet meer (" + "; ".join(problems) + "): opnieuw")
    make_environment(venv, lock_text)
    (venv / STAMP).write_text(time.strftime("%Y-%m-%d %H:%M:%S"), encoding="utf-8")
    for old in root.glob("venv-*"):  # environments of older locks: each is 1 GB or more
        if old != venv:
            shutil.rmtree(old, ignore_errors=True)
    return venv, False


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path, no_cache: bool) -> tuple[Path, Path]:
    """Build ``dist/wijkbeeld``; returns the bundle and the build environment it came from."""
    started = time.monotonic()
    venv, cached = environment(no_cache)
    log(f"Bouwomgeving {'uit de cache' if cached else 'nieuw'} ({time.monotonic() - started:.0f} s)")
    if work.exists():
        shutil.rmtree(work)
    t = time.monotonic()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    run([venv_python(venv), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", dist, "--workpath", work, SPEC], cwd=ROOT, env=env)
    bundle = dist / NAME
    log(f"PyInstaller klaar ({time.monotonic() - t:.0f} s): {bundle}")
    log(f"Omvang van de bundel: {size_of(bundle) / 1e6:.0f} MB uitgepakt")
    return bundle, venv


def version() -> str:
    """Wijkbeeld's version, read from ``desktop/__init__.py`` without importing it."""
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r"^__version__\s*=\s*[\"']([^\"']+)[\"']", text, re.MULTILINE).group(1)


def lock() -> None:
    """Pin the bundle's packages anew: a fresh environment with Wijkbeeld and PyInstaller, then pip freeze."""
    with tempfile.TemporaryDirectory(prefix="wijkbeeld-lock-") as tmp:
        venv = Path(tmp) / "venv"
        run([sys.executable, "-m", "venv", venv])
        python = venv_python(venv)
        run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", ROOT, "pyinstaller",
             "pyinstaller-hooks-contrib"])
        frozen = subprocess.run([str(python), "-m", "pip", "freeze", "--disable-pip-version-check"],
                                check=True, capture_output=True, text=True).stdout.splitlines()
    lines = sorted((ln for ln in frozen if normalise(re.split(r"[=@ ]", ln)[0]) not in ("wijkbeeld", *BASE)),
                   key=str.lower)
    header = ["# The packages of the frozen Wijkbeeld, pinned: Wijkbeeld's run-time dependencies (pyproject.toml)",
              "# and PyInstaller. Written by `python packaging/build.py --lock`; installed with --no-deps, so",
              "# every package is here (tests/test_packaging.py checks it against pyproject.toml).",
              f"# Made on {platform.system()} with Python {platform.python_version()}."]
    LOCK.write_text("\n".join(header + lines + list(PLATFORM_EXTRAS)) + "\n", encoding="utf-8")
    log(f"{LOCK.relative_to(ROOT)}: {len(lines) + len(PLATFORM_EXTRAS)} pakketten")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bouw de bevroren Wijkbeeld (PyInstaller, één map).")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="uitvoermap (standaard dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="werkmap van PyInstaller, elke keer leeg (standaard build/pyinstaller)")
    parser.add_argument("--no-cache", action="store_true", help="een wegwerp-bouwomgeving, niet uit de cache")
    parser.add_argument("--lock", action="store_true", help="leg de pakketten van de bundel opnieuw vast")
    parser.add_argument("--version", action="store_true", help="toon het versienummer van Wijkbeeld (voor de installer)")
    args = parser.parse_args(argv)
    if args.version:
        print(version())
        return 0
    if args.lock:
        lock()
        return 0
    build(args.dist.resolve(), args.work.resolve(), args.no_cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
