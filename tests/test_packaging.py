"""packaging/: the pinned bundle environment, what the spec leaves out, and the smoke check's offline rule.

The build itself (minutes, hundreds of MB) runs in ``packaging/check``, called by ``.ci/run``;
these are the parts that can be checked in a second.
"""
from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))
import build  # noqa: E402 - packaging/build.py
import check  # noqa: E402 - packaging/check.py
import slim  # noqa: E402 - packaging/slim.py
import trim  # noqa: E402 - packaging/trim.py

LOCK = build.LOCK.read_text(encoding="utf-8")


def project_requirements() -> list[Requirement]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [Requirement(r) for r in data["project"]["dependencies"]]


def test_the_lock_pins_every_run_time_dependency_within_pyprojects_range():
    pins = build.pinned(LOCK)
    for req in project_requirements():
        name = build.normalise(req.name)
        assert name in pins, f"{req.name} ontbreekt in {build.LOCK.name}"
        assert req.specifier.contains(pins[name], prereleases=True), f"{req.name}=={pins[name]} past niet in {req}"
    assert {"pyinstaller", "pyinstaller-hooks-contrib"} <= set(pins)


def test_the_lock_holds_no_test_package_and_only_exact_pins():
    pins = build.pinned(LOCK)
    tests = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    test_names = {build.normalise(Requirement(r).name) for r in tests["test"]}
    shared = test_names & set(pins)
    assert shared <= {"pyqtgraph"}, shared  # nothing of the tests' own (pytest, esda, scikit-learn, ...)
    assert not {build.normalise(n) for n in build.TEST_ONLY} & set(pins)
    lines = [ln.split("#")[0].strip() for ln in LOCK.splitlines()]
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[^;\s]+(;\s*sys_platform == \"win32\")?", ln) for ln in lines if ln)


def test_windows_only_pins_are_skipped_off_windows():
    pins = build.pinned('a==1\npefile==2024.8.26; sys_platform == "win32"\n')
    assert ("pefile" in pins) == (sys.platform == "win32") and pins["a"] == "1"


def test_the_environment_check_names_each_difference(monkeypatch, tmp_path):
    monkeypatch.setattr(build, "installed", lambda python: {"numpy": "2.4.6", "pip": "26", "esda": "2.5",
                                                            "pandas": "3.0.0"})
    problems = build.check_environment(tmp_path, "numpy==2.4.6\npandas==3.1.1\nshapely==2.2.0\n")
    assert problems == ["pandas 3.0.0 geïnstalleerd, 3.1.1 vastgelegd", "shapely ontbreekt", "esda 2.5 hoort er niet in",
                        "testpakket esda in de bouwomgeving"]


def test_the_cache_key_follows_the_lock_and_the_interpreter():
    assert build.key(LOCK) == build.key(LOCK)
    assert build.key(LOCK) != build.key(LOCK + "extra==1\n")


@pytest.mark.parametrize("dest, kept", [
    ("PySide6/Qt/translations/qtbase_nl.qm", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/translations/qtbase_en.qm", True),
    ("PySide6/Qt/translations/qtwebengine_locales/nl.pak", True),
    ("PySide6/Qt/translations/qtwebengine_locales/en-US.pak", True),
    ("PySide6/Qt/translations/qtwebengine_locales/fr.pak", False),
    ("PySide6/Qt/translations/qtwebengine_locales/en-GB.pak", False),
    ("PySide6/translations/qtwebengine_locales/nl.pak", True),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6\\plugins\\imageformats\\qpdf.dll", False),
    ("PySide6\\plugins\\imageformats\\qjpeg.dll", True),
    ("PySide6/Qt/resources/qtwebengine_devtools_resources.pak", False),
    ("PySide6/Qt/resources/qtwebengine_resources.pak", True),
    ("matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf", True),
    ("matplotlib/mpl-data/matplotlibrc", True),
    ("matplotlib/mpl-data/sample_data/Stocks.csv", False),
    ("matplotlib/mpl-data/sample_data/axes_grid/bivariate_normal.npy", False),
    ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", False),
    ("scipy/special/_ufuncs.cpython-311-x86_64-linux-gnu.so", True),
])
def test_trim_keeps_what_a_municipal_desktop_loads(dest, kept):
    assert trim.keep(dest) is kept


def test_unused_libraries_are_those_only_dropped_plugins_linked(monkeypatch):
    links = {"gtk3plugin": {"libgtk.so", "libQt6Gui.so"}, "libgtk.so": {"libglib.so"}, "libglib.so": set(),
             "xcbplugin": {"libQt6Gui.so", "libglib.so"}, "libQt6Gui.so": set(), "libspatialindex.so": set()}
    monkeypatch.setattr(trim, "_imports", lambda src: links[src])
    binaries = [(name, name, "BINARY") for name in ("libgtk.so", "libglib.so", "xcbplugin", "libQt6Gui.so",
                                                    "libspatialindex.so")]
    # glib stays (the xcb plugin links it too); spatialindex stays (nothing links it: loaded through ctypes)
    assert trim.unused_libraries(binaries, [("gtk3plugin", "gtk3plugin", "BINARY")]) == {"libgtk.so"}


@pytest.mark.parametrize("page, remote", [
    ('<script src="https://unpkg.com/leaflet.js"></script>', True),
    ('<link rel="stylesheet" href="//cdn.example/leaflet.css"/>', True),
    ("div{background:url('https://a.example/b.png')}", True),
    ('@import "https://fonts.example/x.css";', True),
    ('L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")', True),
    ('prefix:\'<a href="https://leafletjs.com">Leaflet</a>\'', False),  # a link the user may click, no request
    ('<img src="data:image/png;base64,iVBOR"/>', False),
    ("<script>/* all of Leaflet inlined */</script>", False),
])
def test_the_offline_rule_for_the_demo_map(page, remote):
    assert bool(check.REMOTE.search(page)) is remote


def test_the_sandbox_hides_every_python_but_never_a_system_folder(tmp_path):
    hidden = check.pythons_to_hide(tmp_path)

    def covered(path: Path) -> bool:
        return any(h == path or h in path.parents for h in hidden)

    assert covered(tmp_path.resolve()) and covered(Path(sys.base_prefix).resolve())
    assert not check.NEVER_HIDE & set(hidden)
    assert all(not any(p in h.parents for p in hidden) for h in hidden)  # no folder inside another one hidden


def _elf(segments: list[tuple[int, int, int]]) -> bytes:
    """A 64-bit little-endian ELF header with these PT_LOAD program headers ``(offset, vaddr, align)``."""
    header = bytearray(64)
    header[:6] = b"\x7fELF\x02\x01"
    struct.pack_into("<Q", header, 0x20, 64)  # e_phoff
    struct.pack_into("<HH", header, 0x36, 56, len(segments))  # e_phentsize, e_phnum
    return bytes(header) + b"".join(struct.pack("<IIQQQQQQ", 1, 5, off, vaddr, vaddr, 0x1000, 0x1000, align)
                                    for off, vaddr, align in segments)


@pytest.mark.parametrize("segments, loads", [
    ([(0, 0, 0x1000), (0x2000, 0x3000, 0x1000)], True),
    ([(0, 0, 0x200000), (0x1F5A30, 0x3F5A30, 0x200000)], True),  # offset and address agree modulo the page
    ([(0, 0, 0x1000), (0x2A30, 0x3000, 0x1000)], False),  # what strip makes of a patchelf'd OpenBLAS
    ([(0, 0, 0x10)], False),  # alignment below a page
])
def test_slim_applies_the_loaders_segment_rule(tmp_path, segments, loads):
    path = tmp_path / "lib.so"
    path.write_bytes(_elf(segments))
    assert slim.loads(path) is loads


def test_slim_strips_a_real_extension_module_that_still_imports(tmp_path):
    if not (shutil.which("strip") and shutil.which("readelf")):
        pytest.skip("binutils (strip, readelf) not installed")
    import kiwisolver._cext as module  # a wheel's extension module that ships its symbol table

    copy = tmp_path / "kiwisolver" / Path(module.__file__).name
    copy.parent.mkdir()
    shutil.copy2(module.__file__, copy)
    before = copy.stat().st_size
    if not slim.has_symbols(copy):
        pytest.skip("this kiwisolver wheel ships no symbol table")
    saved, refused = slim.strip_binaries(tmp_path)
    assert refused == [] and saved == before - copy.stat().st_size > 0 and not slim.has_symbols(copy)
    probe = "import importlib.util as u, sys; s = u.spec_from_file_location('kiwisolver._cext', sys.argv[1]); " \
            "m = u.module_from_spec(s); s.loader.exec_module(m); print(m.Variable('x').name())"
    out = subprocess.run([sys.executable, "-c", probe, str(copy)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "x"


def test_slim_links_byte_identical_vendored_libraries(tmp_path):
    for folder, name, data in (("numpy.libs", "libgfortran-1.so.5", b"same"),
                               ("scipy.libs", "libgfortran-1.so.5", b"same"),
                               ("numpy.libs", "libquadmath-2.so.0", b"numpy's"),
                               ("scipy.libs", "libquadmath-2.so.0", b"scipy's")):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / name).write_bytes(data)
    assert slim.link_duplicates(tmp_path) == 4
    linked = tmp_path / "scipy.libs" / "libgfortran-1.so.5"
    assert linked.is_symlink() and os.readlink(linked) == "../numpy.libs/libgfortran-1.so.5"
    assert linked.read_bytes() == b"same"
    assert not (tmp_path / "scipy.libs" / "libquadmath-2.so.0").is_symlink()  # same name, other bytes: kept


def test_the_report_check_counts_pages_and_wants_figures_in_word(tmp_path):
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(b"%PDF-1.4\n<< /Type /Pages /Count 2 >>\n<< /Type /Page >>\n<< /Type /Page >>\n" + b" " * 10_000)
    assert check.report_problems(pdf) == [] and check.report_facts(pdf) == "2 pagina's"
    docx = tmp_path / "rapport.docx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w:document><w:p/></w:document>")
        z.writestr("filler.bin", os.urandom(12_000))
    assert check.report_problems(docx) == ["rapport.docx heeft geen tekst of geen figuren"]
