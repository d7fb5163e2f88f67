"""Files the user gives and files the app writes (issue 20): an input is never an output, and a folder
that cannot take the outputs gives one Dutch line, exit code 2 and no partial file.

The read-only folder and the full disk are real: a read-only bind mount and a 256 kB tmpfs (as root,
which CI is; elsewhere a file-size limit of the process stands in for the full disk).
"""
from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from desktop.cli import main
from mapping.files import Staging, check_target, remove_stale
from kernel.errors import OutputError
from resources import demo

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def small_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("invoer") / "meldingen.csv"
    pd.read_csv(demo.INCIDENTS).head(800).to_csv(path, index=False)
    return path


def _run(capsys, *args):
    code = main(["analyse", "--areas", str(demo.AREAS), *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_dutch_line(err: str) -> None:
    assert err.count("\n") == 1 and err.startswith("wijkbeeld: ")
    assert "Traceback" not in err and "interne fout" not in err
    assert not any(word in err for word in ("Permission denied", "No space left", "File name too long"))


def test_an_input_in_the_output_folder_is_never_overwritten(tmp_path, small_csv, capsys):
    out = tmp_path / "uit"
    out.mkdir()
    areas = out / "resultaten.gpkg"
    shutil.copy(demo.AREAS, areas)
    before = _digest(areas)
    code, _, err = main(["analyse", "--areas", str(areas), "--incidents", str(small_csv), "--out", str(out)]), \
        None, capsys.readouterr().err
    assert code == 2 and "invoerbestand 'resultaten.gpkg'" in err and "niets geschreven" in err
    _one_dutch_line(err)
    assert _digest(areas) == before and sorted(p.name for p in out.iterdir()) == ["resultaten.gpkg"]


def test_a_saved_project_in_the_output_folder_is_never_overwritten(tmp_path, small_csv, capsys):
    """``--project`` is an input too: a project saved as resultaten.gpkg in the --out folder is kept."""
    import importers
    from importers.project import Project, save_project

    out = tmp_path / "uit"
    out.mkdir()
    project = Project(name="Groningen")
    areas, report = importers.read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)
    project.add_division(areas, report.to_dict())
    incidents, report = importers.read_incidents(small_csv)
    project.add_source("incidents", incidents, report.to_dict())
    path = save_project(project, out / "resultaten.gpkg")
    before = _digest(path)
    code = main(["analyse", "--project", str(path), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "invoerbestand 'resultaten.gpkg'" in err and "niets geschreven" in err
    _one_dutch_line(err)
    assert _digest(path) == before and sorted(p.name for p in out.iterdir()) == ["resultaten.gpkg"]


def test_incidents_named_like_an_output_through_a_link(tmp_path, small_csv, capsys):
    """The workbook of a previous run used as incidents, reached through a symbolic link elsewhere."""
    out = tmp_path / "uit"
    out.mkdir()
    target = out / "resultaten.xlsx"
    pd.read_csv(small_csv).to_excel(target, index=False)
    link = tmp_path / "meldingen.xlsx"
    link.symlink_to(target)
    before = _digest(target)
    code, _, err = _run(capsys, "--incidents", link, "--out", out)
    assert code == 2 and "zou als uitvoer worden overschreven" in err
    assert _digest(target) == before and sorted(p.name for p in out.iterdir()) == ["resultaten.xlsx"]


@pytest.mark.parametrize("name,needle", [
    ("uit\nmap", "regelovergang"), ("uit\rmap", "regelterugloop"), ("a" * 300, "te lange naam")])
def test_bad_output_names(tmp_path, small_csv, capsys, name, needle):
    code, _, err = _run(capsys, "--incidents", small_csv, "--out", tmp_path / name)
    assert code == 2 and needle in err
    _one_dutch_line(err)
    assert list(tmp_path.iterdir()) == []


def test_out_that_is_a_file(tmp_path, small_csv, capsys):
    afile = tmp_path / "uitvoer.txt"
    afile.write_text("niet overschrijven")
    code, _, err = _run(capsys, "--incidents", small_csv, "--out", afile)
    assert code == 2 and "is een bestand, geen map" in err
    _one_dutch_line(err)
    assert afile.read_text() == "niet overschrijven"


@pytest.fixture
def mount_point(tmp_path):
    point = tmp_path / "mnt"
    point.mkdir()
    yield point
    subprocess.run(["umount", str(point)], capture_output=True)


def _mount(*args) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", *map(str, args)], capture_output=True).returncode == 0


def test_read_only_folder(tmp_path, small_csv, capsys, mount_point):
    source = tmp_path / "bron"
    source.mkdir()
    if not (_mount("--bind", source, mount_point) and _mount("-o", "remount,bind,ro", mount_point)):
        pytest.skip("een alleen-lezen koppeling vraagt root")
    code, _, err = _run(capsys, "--incidents", small_csv, "--out", mount_point)
    assert code == 2 and "alleen-lezen" in err
    _one_dutch_line(err)
    assert list(source.iterdir()) == []


def test_full_disk_leaves_no_partial_file(tmp_path, small_csv, capsys, mount_point):
    """A 256 kB disk: the map (about 400 kB) does not fit. Before, a 0-byte kaart.html stayed behind."""
    if not _mount("-t", "tmpfs", "-o", "size=256k", "tmpfs", mount_point):
        pytest.skip("een kleine tmpfs vraagt root (zie test_file_size_limit_leaves_no_partial_file)")
    (mount_point / "oud.txt").write_text("van eerder")
    code, _, err = _run(capsys, "--incidents", small_csv, "--out", mount_point)
    assert code == 2 and "schijf is vol" in err
    _one_dutch_line(err)
    assert sorted(p.name for p in mount_point.iterdir()) == ["oud.txt"]


def _limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))


def test_file_size_limit_leaves_no_partial_file(tmp_path, small_csv):
    """The same without root, in a real process: a write past the limit fails with EFBIG."""
    out = tmp_path / "uit"
    proc = subprocess.run([sys.executable, "-m", "desktop.cli", "analyse", "--areas", str(demo.AREAS),
                           "--incidents", str(small_csv), "--out", str(out)], capture_output=True, text=True,
                          preexec_fn=_limit_file_size, cwd=Path(__file__).resolve().parents[1], timeout=300)
    assert proc.returncode == 2, proc.stderr
    _one_dutch_line(proc.stderr)
    assert "te groot" in proc.stderr
    assert list(out.iterdir()) == [] if out.exists() else True


def test_staging_is_all_or_nothing(tmp_path):
    (tmp_path / "a.txt").write_text("oud")
    with pytest.raises(RuntimeError):
        with Staging() as st:
            st.temp(tmp_path / "a.txt").write_text("nieuw")
            st.temp(tmp_path / "b.txt").write_text("half")
            raise RuntimeError("halverwege")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"] and (tmp_path / "a.txt").read_text() == "oud"
    with pytest.raises(OutputError, match="regelovergang"):
        check_target(tmp_path / "a\nb.txt")


def test_temporary_files_of_a_killed_run_are_removed(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    stale = tmp_path / f".wijkbeeld-{dead}-abcd1234.html"
    stale.write_text("half")
    mine = tmp_path / f".wijkbeeld-{os.getpid()}-abcd1234.html"
    mine.write_text("bezig")
    assert remove_stale(tmp_path) == [stale] and mine.exists()


def test_csv_quotes_every_line_break(tmp_path):
    """A carriage return in a value never starts a row of its own ('=1' at the start of a line)."""
    from mapping.export import write_csv

    frame = pd.DataFrame({"text": ["a\r=1", "b\n=2", "c\r\n=3", "gewoon"], "count": [10, 11, 12, 13]})
    files, _ = write_csv(frame, tmp_path / "t.csv")
    data = files[0].read_bytes().decode("utf-8-sig")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(data, newline=""), delimiter=";"))
    assert rows[0] == ["text", "count"] and len(rows) == 5 and [r[1] for r in rows[1:]] == ["10", "11", "12", "13"]
    assert '"a\r=1";10' in data and '"b\n=2";11' in data and '"c\r\n=3";12' in data
    back = pd.read_csv(files[0], sep=";", encoding="utf-8-sig")
    assert back["text"].tolist() == ["a\r=1", "b\n=2", "c\r\n=3", "gewoon"]


def test_basemap_name_and_path_are_data(tmp_path):
    """The MBTiles name is escaped (Leaflet's layer control shows names as HTML) and a '#' in the path
    opens the file itself, not a stray one."""
    from test_browser_map import make_mbtiles
    import sqlite3

    from mapping.raster import read_mbtiles

    folder = tmp_path / "kaart #1?x=y"
    folder.mkdir()
    path = folder / "onder#grond.mbtiles"
    make_mbtiles(path)
    con = sqlite3.connect(path)
    con.execute("INSERT OR REPLACE INTO metadata VALUES ('name', '<img src=x onerror=alert(1)>')")
    con.commit()
    con.close()
    before = sorted(p.name for p in tmp_path.rglob("*"))
    spec = read_mbtiles(path)
    assert "<img" not in spec["name"] and "&lt;img" in spec["name"]
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
