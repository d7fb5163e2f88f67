"""Build the frozen Wijkbeeld and smoke-test it as a municipal laptop would run it (Linux; ``packaging/check``).

1. :mod:`build` makes the bundle from a clean environment of pinned packages.
2. Static checks on the bundle: none of the tests' packages inside (files and the
   executable's module archive), and what must be inside is there (Leaflet, Qt's
   Dutch translations, GDAL's and PROJ's data, the demo data, the licences).
3. The bundle runs in a sandbox: an empty network namespace (``unshare --net``, so any
   request would fail), a mount namespace where every Python on this machine (pyenv, the
   build and development environments, Debian's) is covered by an empty folder, ``env -i``
   with a ``PATH`` that holds no Python (checked inside), and a fresh ``HOME``. There it runs
   ``wijkbeeld --help``, ``wijkbeeld demo --no-gui`` (the default analysis writes its files:
   checked, and the map must load nothing from the network), ``wijkbeeld inspect`` on real
   files from ``../shared/data``, ``wijkbeeld rapport`` as PDF (reportlab) and as Word
   (python-docx) on the example files, ``wijkbeeld analyse`` on points in WGS84 (PROJ turns
   them into RD New: the result must equal that of the same rows in RD), one task through the
   worker process (``desktop.selftest``), and the GUI offscreen until the demo window is filled
   (``desktop.screenshot``).
4. It prints the bundle's size and every check's result; exit 1 if any failed.

Without root (no namespaces) it says that it ran *without* isolation; with ``CI=true`` that,
or missing shared data, is a failure.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build  # noqa: E402 - packaging/build.py

ROOT = build.ROOT
#: Top-level module names of the tests' packages: none may be in the bundle.
TEST_MODULES = ("sklearn", "esda", "libpysal", "pytest", "_pytest", "hypothesis", "pymannkendall", "pytestqt",
                "importlinter")
#: What must be in the bundle (glob patterns below ``_internal``; PySide6 lays out Qt differently on Windows).
MUST_HAVE = {
    "Leaflet": ("js_lib_leaflet/static/js_lib_leaflet/leaflet.js",),
    "Qt's Nederlandse vertaling (qtbase_nl)": ("PySide6/Qt/translations/qtbase_nl.qm", "PySide6/translations/qtbase_nl.qm"),
    "GDAL-data": ("pyogrio/gdal_data/gdalvrt.xsd",),
    "PROJ-data (pyproj)": ("pyproj/proj_dir/share/proj/proj.db",),
    "PROJ-data (GDAL)": ("pyogrio/proj_data/proj.db",),
    "demodata": ("resources/demo/groningen_buurten_2017.gpkg",),
    "QtWebEngine": ("PySide6/Qt/libexec/QtWebEngineProcess", "PySide6/QtWebEngineProcess.exe"),
}
#: Real files to inspect (relative to the shared data folder): (path, kind, rows read).
INSPECT = (("groningen/Diefstal_fiets_Groningen_stad_vanaf_2013.xlsx", "incidents", 15947),
           ("ermelo/ermelo_GM0233_buurten_2021_pdok.gpkg", "boundaries", 17))
#: The same for a machine without the shared data (the Windows runner): the demo's own real files.
INSPECT_DEMO = (("fietsdiefstal_groningen_2013_2017.csv", "incidents", 15947),
                ("groningen_buurten_2017.gpkg", "boundaries", 108))
DEMO_FILES = ("kaart.html", "kaart.png", "resultaten.gpkg", "resultaten.xlsx", "samenvatting.json")
#: What would make the map page load something from the network: a src, a stylesheet link, a CSS url() or
#: @import, or a tile URL template. (Plain links such as Leaflet's attribution are not requests.)
REMOTE = re.compile(r"""\bsrc\s*=\s*["']?\s*(?:https?:)?//|<link\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?//"""
                    r"""|url\(\s*["']?\s*(?:https?:)?//|@import\s+(?:url\()?\s*["']?(?:https?:)?//"""
                    r"""|https?://[^"'\s]*\{z\}""", re.IGNORECASE)
ERRORS = re.compile(r"Traceback|proj\.db|PROJ: |GDAL_DATA|interne fout", re.IGNORECASE)


class Results:
    def __init__(self) -> None:
        self.rows: list[tuple[bool, str]] = []

    def add(self, ok: bool, text: str) -> bool:
        self.rows.append((ok, text))
        print(f"  {'ok  ' if ok else 'FOUT'} {text}", flush=True)
        return ok

    @property
    def failed(self) -> int:
        return sum(not ok for ok, _ in self.rows)


# -- the sandbox ------------------------------------------------------------------------------
NEVER_HIDE = {Path(p) for p in ("/", "/usr", "/usr/lib", "/usr/local", "/usr/local/lib", "/root", "/home", "/tmp")}


def pythons_to_hide(venv: Path) -> list[Path]:
    """Every folder on this machine that holds a Python the bundle could fall back on."""
    candidates = [venv, build.cache_root(), ROOT / ".venv", Path(sys.base_prefix), Path(sys.prefix),
                  Path.home() / ".pyenv", *Path("/usr/local/lib").glob("python3*"), *Path("/usr/lib").glob("python3*")]
    out: list[Path] = []
    for path in sorted({p.resolve() for p in candidates if p.is_dir()}, key=lambda p: len(p.parts)):
        if path not in NEVER_HIDE and not any(p in path.parents for p in out):
            out.append(path)
    return out


def can_isolate() -> bool:
    if not (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("unshare")):
        return False
    probe = subprocess.run(["unshare", "--net", "--mount", "--propagation", "private", "true"], capture_output=True)
    return probe.returncode == 0


class Sandbox:
    """Runs the bundle with a minimal environment: no Python on the PATH, a fresh HOME; offline when isolated."""

    def __init__(self, bundle: Path, venv: Path, work: Path, isolate: bool) -> None:
        self.exe = bundle / (build.NAME + (".exe" if os.name == "nt" else ""))
        self.isolate = isolate
        self.hide = pythons_to_hide(venv) if isolate else []
        self.home = work / "home"
        self.bin = work / "bin"  # the PATH: a folder with nothing in it
        for folder in (self.home, self.bin):
            folder.mkdir(parents=True, exist_ok=True)

    def env(self, extra: dict[str, str]) -> dict[str, str]:
        if os.name == "nt":  # what Windows itself needs, and its system folder as the whole PATH (no Python there)
            keep = ("SYSTEMROOT", "WINDIR", "SYSTEMDRIVE", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "HOMEDRIVE",
                    "HOMEPATH", "PROGRAMDATA", "COMPUTERNAME", "USERNAME", "NUMBER_OF_PROCESSORS",
                    "PROCESSOR_ARCHITECTURE")
            base = {k: os.environ[k] for k in keep if k in os.environ}
            system = os.environ.get("SYSTEMROOT", r"C:\Windows")
            base.update(PATH=f"{system}\\System32;{system}", TEMP=str(self.home), TMP=str(self.home))
        else:
            base = {"HOME": str(self.home), "PATH": str(self.bin), "LANG": "C.UTF-8", "TMPDIR": str(self.home)}
        return {**base, **extra}

    def run(self, args: list[str], extra_env: dict[str, str] | None = None, timeout: float = 300,
            cwd: Path | None = None) -> tuple[subprocess.CompletedProcess, float]:
        env = self.env(extra_env or {})
        cmd, popen_env = [str(self.exe), *args], env
        if self.isolate:
            inner = ["env", "-i", *[f"{k}={v}" for k, v in env.items()], *cmd]
            script = "set -e\n"
            script += "".join(f"mount -t tmpfs -o size=64k,mode=755 wijkbeeld-leeg {shlex.quote(str(p))}\n"
                              for p in self.hide)
            # proof inside the sandbox: no network but loopback, no Python on the bundle's PATH
            script += ("if grep -v -E '^ *(lo|Inter-| face)' /proc/net/dev | grep -q .; then "
                       "echo 'sandbox: netwerk aanwezig' >&2; exit 97; fi\n")
            script += (f"if PATH={shlex.quote(str(self.bin))} command -v python3 python >/dev/null; then "
                       "echo 'sandbox: Python op het PATH' >&2; exit 98; fi\n")
            script += "exec " + shlex.join(inner) + "\n"
            cmd, popen_env = ["unshare", "--net", "--mount", "--propagation", "private", "--", "/bin/bash", "-c",
                              script], None
        started = time.monotonic()
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd or self.home,
                                  env=popen_env, encoding="utf-8", errors="replace")
        except subprocess.TimeoutExpired as exc:
            out = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else exc.stdout or ""
            err = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else exc.stderr or ""
            proc = subprocess.CompletedProcess(cmd, 124, out, err + f"\n(afgebroken na {timeout:.0f} s)")
        return proc, time.monotonic() - started


def tail(text: str, lines: int = 8) -> str:
    return "\n        ".join(text.strip().splitlines()[-lines:])


def errors_in(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ERRORS.search(line)]


# -- the checks -------------------------------------------------------------------------------
def check_no_test_packages(bundle: Path, venv: Path, res: Results) -> None:
    inside = bundle / "_internal"
    names = {p.name.split("-")[0].lower() for p in inside.iterdir()}  # folders and .dist-info
    names |= {p.name.split(".")[0].lower() for p in inside.glob("*") if p.is_file()}
    on_disk = sorted(set(TEST_MODULES) & names | {n for n in names if n in ("scikit_learn", "pytest_qt")})
    listing = subprocess.run([str(build.venv_python(venv)), "-m", "PyInstaller.utils.cliutils.archive_viewer",
                              "--recursive", "--brief", str(bundle / build.NAME)],
                             capture_output=True, text=True, check=True).stdout
    modules = {line.strip().split(".")[0] for line in listing.splitlines() if line.startswith(" ")}
    in_archive = sorted(set(TEST_MODULES) & modules)
    res.add(not on_disk and not in_archive and "desktop" in modules,
            f"geen testpakketten in de bundel ({', '.join(TEST_MODULES)}): "
            f"{len(modules)} modules in het archief" + (f"; WEL: {on_disk + in_archive}" if on_disk or in_archive
                                                       else ""))


def check_contents(bundle: Path, res: Results) -> None:
    inside = bundle / "_internal"
    missing = [what for what, patterns in MUST_HAVE.items() if not any(list(inside.glob(p)) for p in patterns)]
    index = bundle / "licenties" / "overzicht.json"
    items = json.loads(index.read_text(encoding="utf-8")) if index.is_file() else []
    names = {i["name"].lower() for i in items}
    licensed = {"pyside6", "geopandas", "django-js-lib-leaflet", "python"} <= names
    without_text = [i["name"] for i in items if not i["files"]]
    res.add(not missing and licensed and (bundle / "LICENSE.txt").is_file() and not (names & set(TEST_MODULES)),
            "inhoud: " + ", ".join(MUST_HAVE) + f"; licenties van {len(items)} onderdelen"
            + (f" (zonder tekst: {', '.join(without_text)})" if without_text else "")
            + (f"; ONTBREEKT: {missing}" if missing else "") + ("" if licensed else "; licentie-overzicht onvolledig"))


def check_help(box: Sandbox, res: Results) -> None:
    proc, took = box.run(["--help"], timeout=120)
    res.add(proc.returncode == 0 and "Wijkbeeld" in proc.stdout,
            f"wijkbeeld --help ({took:.1f} s)" + ("" if proc.returncode == 0 else f": code {proc.returncode}\n"
                                                   f"        {tail(proc.stderr)}"))


def check_demo(box: Sandbox, out: Path, res: Results) -> None:
    target = box.home / "demo-uitvoer"
    proc, took = box.run(["demo", "--no-gui", "--out", str(target), "--json"], timeout=600)
    problems = []
    summary = {}
    if proc.returncode != 0:
        problems.append(f"code {proc.returncode}: {tail(proc.stderr)}")
    else:
        summary = json.loads(proc.stdout)
        problems += [f"{n} ontbreekt" for n in DEMO_FILES if not (target / n).is_file()
                     or (target / n).stat().st_size == 0]
        if summary.get("areas") != 108 or not summary.get("hotspots"):
            problems.append(f"samenvatting: {summary.get('areas')} gebieden, {len(summary.get('hotspots', []))} hot spots")
        page = (target / "kaart.html").read_text(encoding="utf-8") if (target / "kaart.html").is_file() else ""
        remote = sorted({m.group(0) for m in REMOTE.finditer(page)})
        if remote:
            problems.append(f"kaart.html laadt van het netwerk: {remote[:3]}")
    problems += errors_in(proc.stderr)
    if target.is_dir():
        shutil.copytree(target, out / "demo", dirs_exist_ok=True)
    res.add(not problems, f"wijkbeeld demo --no-gui ({took:.1f} s): {summary.get('areas')} gebieden, "
            f"{len(summary.get('hotspots', []))} hot spots; " + ", ".join(DEMO_FILES) + " geschreven, "
            "kaart zonder netwerkadressen" if not problems else f"wijkbeeld demo --no-gui: {'; '.join(problems)}")


def check_inspect(box: Sandbox, data: Path | None, res: Results, files=INSPECT) -> None:
    if data is None:
        res.add(os.environ.get("CI") != "true", "wijkbeeld inspect: GEEN gedeelde data gevonden (../shared/data); "
                "overgeslagen" + (" (in CI een fout)" if os.environ.get("CI") == "true" else ""))
        return
    for rel, kind, rows in files:
        path = data / rel
        proc, took = box.run(["inspect", str(path), "--json"], timeout=300)
        report = json.loads(proc.stdout) if proc.returncode == 0 else {}
        ok = report.get("kind") == kind and report.get("rows_read") == rows and report.get("crs") == "EPSG:28992" \
            and not errors_in(proc.stderr)
        extra = f", persoonsgegevens: {len(report.get('personal_data_columns') or [])} kolommen" if kind == "incidents" \
            else ""
        res.add(ok, f"wijkbeeld inspect {rel} ({took:.1f} s): {report.get('kind')}, {report.get('rows_read')} rijen, "
                    f"{report.get('crs')}{extra}" + ("" if ok else f"\n        {tail(proc.stderr)}"))


def check_worker(box: Sandbox, res: Results) -> None:
    index = box.exe.parent / "licenties" / "overzicht.json"
    licences = len(json.loads(index.read_text(encoding="utf-8"))) if index.is_file() else None
    proc, took = box.run([], extra_env={"WIJKBEELD_SMOKE_WORKER": "1"}, timeout=300)
    facts = json.loads(proc.stdout.strip().splitlines()[-1]) if proc.returncode == 0 and proc.stdout.strip() else {}
    ok = (facts.get("frozen") is True and facts.get("pid") not in (None, facts.get("parent_pid"))
          and facts.get("areas") == 108 and facts.get("epsg") == 28992 and 1.0 in facts.get("progress", [])
          and facts.get("licences") == licences)
    res.add(ok, f"werkproces (spawn, bevroren) ({took:.1f} s): " + (
        f"taak in proces {facts['pid']} naast {facts['parent_pid']}, {facts['areas']} buurten in EPSG:{facts['epsg']}, "
        f"voortgang doorgegeven; de app leest {facts['licences']} licenties uit licenties/" if ok else
        f"code {proc.returncode}, {facts} (licenties verwacht: {licences})\n        {tail(proc.stderr)}"))


def check_gui(box: Sandbox, out: Path, res: Results) -> None:
    shots = box.home / "schermafdrukken"
    env = {"QT_QPA_PLATFORM": "offscreen", "WIJKBEELD_SMOKE_SCREENSHOTS": str(shots)}
    if os.name == "nt":  # a hosted Windows runner has no GPU (on Linux the app needs no flag as root: app.py adds it)
        env["QTWEBENGINE_CHROMIUM_FLAGS"] = "--disable-gpu"
    proc, took = box.run([], extra_env=env, timeout=300)
    # desktop.screenshot names the main window's shot after the screen: hoofdvenster_<W>x<H>.png
    main = next(iter(sorted(shots.glob("hoofdvenster*.png"))), shots / "hoofdvenster.png")
    ok = proc.returncode == 0 and main.is_file() and main.stat().st_size > 50_000 and not errors_in(proc.stderr)
    if shots.is_dir():
        shutil.copytree(shots, out / "schermafdrukken", dirs_exist_ok=True)
    res.add(ok, f"venster offscreen ({took:.1f} s): demovenster gevuld (kaart, grafieken van een buurt, tabel), "
                f"schermafdruk {out / 'schermafdrukken' / main.name}" if ok else
                f"venster offscreen: code {proc.returncode}\n        {tail(proc.stderr, 15)}")


def check_reports(box: Sandbox, out: Path, res: Results) -> None:
    """The report for the driehoek from the bundle, as PDF (reportlab) and as Word (python-docx, whose templates
    must be on disk), on the example files the app ships (``wijkbeeld voorbeeld-bestanden``)."""
    examples = box.home / "voorbeeld"
    proc, _ = box.run(["voorbeeld-bestanden", "--out", str(examples)], timeout=120)
    if proc.returncode != 0:
        res.add(False, f"wijkbeeld voorbeeld-bestanden: code {proc.returncode}\n        {tail(proc.stderr)}")
        return
    for suffix in ("pdf", "docx"):
        target = box.home / f"rapport.{suffix}"
        proc, took = box.run(["rapport", "--areas", str(examples / "buurten.gpkg"), "--wijken",
                              str(examples / "buurten.gpkg"), "--incidents", str(examples / "fietsdiefstal.csv"),
                              "--from", "2017-01", "--to", "2017-09", "--out", str(target), "--json"], timeout=600)
        summary = json.loads(proc.stdout) if proc.returncode == 0 else {}
        problems = [f"code {proc.returncode}: {tail(proc.stderr)}"] if proc.returncode else []
        if not proc.returncode:
            problems += report_problems(target)
        problems += errors_in(proc.stderr)
        if target.is_file():
            shutil.copy2(target, out / target.name)
        res.add(not problems, f"wijkbeeld rapport --out rapport.{suffix} ({took:.1f} s): "
                + (f"{summary.get('incidents_in_period')} incidenten, {summary.get('hotspots')} hot spots, "
                   f"{report_facts(target)}" if not problems else "; ".join(problems)))


#: A page object of a PDF (``/Type /Pages`` is the page tree, not a page).
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-z])")


def report_facts(path: Path) -> str:
    if path.suffix == ".pdf":
        return f"{len(PDF_PAGE.findall(path.read_bytes()))} pagina's"
    with zipfile.ZipFile(path) as docx:
        return f"{sum(n.startswith('word/media/') for n in docx.namelist())} afbeeldingen"


def report_problems(path: Path) -> list[str]:
    """What is wrong with a written report: missing, not a PDF/DOCX, no pages or no figures."""
    if not path.is_file() or path.stat().st_size < 10_000:
        return [f"{path.name} ontbreekt of is leeg"]
    if path.suffix == ".pdf":
        data = path.read_bytes()
        ok = data.startswith(b"%PDF") and len(PDF_PAGE.findall(data)) >= 2
        return [] if ok else [f"{path.name} is geen PDF met pagina's"]
    try:
        with zipfile.ZipFile(path) as docx:
            names = docx.namelist()
            body = docx.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        return [f"{path.name} is geen Word-document"]
    ok = b"<w:p" in body and any(n.startswith("word/media/") for n in names)
    return [] if ok else [f"{path.name} heeft geen tekst of geen figuren"]


#: The same 600 registrations as the demo's first ones of 2017, with WGS84 latitude/longitude instead of RD New
#: (made with pyproj from the demo file): ``packaging/fixtures/fietsdiefstal_wgs84.csv``.
WGS84_FIXTURE = ROOT / "packaging" / "fixtures" / "fietsdiefstal_wgs84.csv"
DEMO_INCIDENTS = ROOT / "resources" / "demo" / "fietsdiefstal_groningen_2013_2017.csv"
DEMO_AREAS = ROOT / "resources" / "demo" / "groningen_buurten_2017.gpkg"


def check_wgs84(box: Sandbox, res: Results) -> None:
    """Points in WGS84 go through PROJ (proj.db) to RD New: the analysis of the WGS84 file must equal the analysis
    of the same rows with the demo's own RD coordinates (same buurten counted, same hot spots)."""
    with open(WGS84_FIXTURE, encoding="utf-8", newline="") as f:
        ids = {row["id"] for row in csv.DictReader(f)}
    rd = box.home / "fietsdiefstal_rd.csv"
    with open(DEMO_INCIDENTS, encoding="utf-8", newline="") as f, open(rd, "w", encoding="utf-8", newline="") as g:
        reader = csv.DictReader(f)
        writer = csv.DictWriter(g, fieldnames=["id", "x", "y", "start", "end", "category"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(row for row in reader if row["id"] in ids)
    runs, took = {}, 0.0
    for name, path in (("wgs84", WGS84_FIXTURE), ("rd", rd)):
        proc, seconds = box.run(["analyse", "--areas", str(DEMO_AREAS), "--incidents", str(path), "--out",
                                 str(box.home / f"analyse-{name}"), "--json"], timeout=300)
        took += seconds
        runs[name] = (json.loads(proc.stdout) if proc.returncode == 0 else {}, proc)
    (wgs, proc_w), (rd_run, proc_r) = runs["wgs84"], runs["rd"]
    errors = errors_in(proc_w.stderr) + errors_in(proc_r.stderr)
    ok = (wgs.get("counted") == len(ids) and wgs.get("hotspots") and wgs.get("hotspots") == rd_run.get("hotspots")
          and wgs.get("counted") == rd_run.get("counted") and not errors)
    res.add(ok, f"wijkbeeld analyse op WGS84-punten ({took:.1f} s, twee runs): {wgs.get('counted')} van {len(ids)} "
                f"geteld, {len(wgs.get('hotspots') or [])} hot spots, gelijk aan dezelfde rijen in RD New" if ok else
                f"wijkbeeld analyse op WGS84-punten: {wgs.get('counted')} geteld (RD: {rd_run.get('counted')}), "
                f"hot spots {'gelijk' if wgs.get('hotspots') == rd_run.get('hotspots') else 'VERSCHILLEND'}"
                f"\n        {tail(proc_w.stderr)}\n        {errors}")


def shared_data() -> Path | None:
    for candidate in (os.environ.get("WIJKBEELD_SHARED_DATA"), ROOT.parent / "shared" / "data"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate).resolve()
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bouw de bevroren Wijkbeeld en test hem zonder netwerk.")
    parser.add_argument("--no-build", action="store_true", help="de bestaande bundel in dist/ testen")
    parser.add_argument("--bundle", type=Path, help="deze map testen (bijvoorbeeld de geïnstalleerde app); bouwt niet")
    parser.add_argument("--no-cache", action="store_true", help="een wegwerp-bouwomgeving, niet uit de cache")
    parser.add_argument("--demo-files", action="store_true",
                        help="inspect op de echte bestanden van de demo in plaats van ../shared/data (Windows-runner)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "rooktest", help="uitvoer van de rooktest")
    args = parser.parse_args(argv)

    started = time.monotonic()
    dist = ROOT / "dist"
    if args.bundle or args.no_build:
        venv, _ = build.environment(args.no_cache)  # for PyInstaller's archive viewer
        bundle = (args.bundle or dist / build.NAME).resolve()
    else:
        bundle, venv = build.build(dist, ROOT / "build" / "pyinstaller", args.no_cache)
    built = time.monotonic() - started
    out = args.out.resolve()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)

    isolate = sys.platform.startswith("linux") and can_isolate()
    size = build.size_of(bundle)
    files = sum(1 for p in bundle.rglob("*") if p.is_file())
    print(f"\n== Bundel {bundle}: {size / 1e6:.0f} MB uitgepakt ({size / 2**20:.0f} MiB, {files} bestanden; "
          f"doel: onder 600 MB)" + ("" if args.bundle or args.no_build else f", gebouwd in {built:.0f} s"), flush=True)
    if isolate:
        where = "zonder netwerk (unshare --net), zonder Python op het PATH of op de schijf"
    elif os.environ.get("WIJKBEELD_FIREWALL_BLOCKED") == "1":  # set by the Windows workflow after its firewall rules
        where = "netwerk voor de app dicht in de Windows-firewall, zonder Python op het PATH"
    else:
        where = "ZONDER isolatie (geen root of geen unshare): netwerk en Python zijn bereikbaar"
    print(f"== Rooktest, {where}:", flush=True)
    res = Results()
    if sys.platform.startswith("linux") and not isolate and os.environ.get("CI") == "true":
        res.add(False, "in CI moet de rooktest geïsoleerd draaien (als root, met unshare)")
    check_no_test_packages(bundle, venv, res)
    check_contents(bundle, res)
    with tempfile.TemporaryDirectory(prefix="wijkbeeld-rooktest-") as tmp:
        box = Sandbox(bundle, venv, Path(tmp), isolate)
        check_help(box, res)
        check_demo(box, out, res)
        if args.demo_files:
            check_inspect(box, ROOT / "resources" / "demo", res, INSPECT_DEMO)
        else:
            check_inspect(box, shared_data(), res)
        check_reports(box, out, res)
        check_wgs84(box, res)
        check_worker(box, res)
        check_gui(box, out, res)
    print(f"== Rooktest: {len(res.rows) - res.failed} geslaagd, {res.failed} mislukt "
          f"({time.monotonic() - started:.0f} s in totaal)", flush=True)
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())
