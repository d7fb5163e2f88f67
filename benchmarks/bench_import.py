"""Benchmark: importing a large incident CSV, against a bare ``pandas.read_csv`` of the same file.

A seeded generator writes an incident file as a municipality exports it
(``;``-separated, RD coordinates with decimal commas, Dutch dates
``15-06-2016 23:31``, an end of the time window, a category and a free-text
column). We time our whole import (:func:`importers.read_incidents`: detection,
parsing, validation, privacy scan, duplicate check, report) and
``pandas.read_csv(path, sep=";")`` on the same file, alternately for several rounds in
one run (the machine is shared: each round's ratio compares two runs under the same load),
and again through the entry point a user runs: ``wijkbeeld inspect FILE --json`` against
``python -c "import pandas; pandas.read_csv(FILE)"``, each in a fresh interpreter.
``ratio = peer_s / ours_s`` of the fastest of each; ``ratio_median`` is the median of the
rounds' ratios. The aim is a ratio of at least 0.5 (our import within 2x of the bare
read). Full mode: 1,000,000 rows, and a second file in the US style (comma, WGS84,
``6/15/2016 11:31:00 PM`` without zero padding); quick mode: 50,000 rows.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import alternating, peak_memory_mb, result  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

CATEGORIES = np.array(["Diefstal fiets", "Vernieling", "Overlast jeugd", "Inbraak woning", "Zakkenrollerij",
                       "Geluidsoverlast", "Drugsoverlast", "Diefstal uit auto"])


def make_incident_csv(path: Path, n: int, seed: int = 20160615, style: str = "nl") -> Path:
    """Write ``n`` synthetic incidents (Groningen area, 2016) to ``path``; returns the path.

    ``style="nl"``: ``;``, decimal commas, ``15-06-2016 23:31``; ``style="us"``: ``,``, decimal points,
    WGS84 coordinates and ``6/15/2016 11:31:00 PM`` without zero padding (as Excel writes them).
    """
    rng = np.random.default_rng(seed)
    x = rng.normal(233700, 1100, n).round(1)
    y = rng.normal(582100, 1200, n).round(1)
    start = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 366 * 24 * 60, n), unit="min")
    end = start + pd.to_timedelta(rng.integers(0, 12 * 60, n), unit="min")
    frame = pd.DataFrame({
        "Registratienummer": np.char.add("PL0100_", np.arange(1, n + 1).astype(str)),
        "X": pd.Series(x).map("{:.1f}".format).str.replace(".", ",", regex=False),
        "Y": pd.Series(y).map("{:.1f}".format).str.replace(".", ",", regex=False),
        "Begindatum": pd.DatetimeIndex(start).strftime("%d-%m-%Y %H:%M"),
        "Einddatum": pd.DatetimeIndex(end).strftime("%d-%m-%Y %H:%M"),
        "Categorie": CATEGORIES[rng.integers(0, len(CATEGORIES), n)],
        "Toelichting": np.where(rng.random(n) < 0.3, "melding via 0900-8844", "geen bijzonderheden"),
    })
    if style == "us":
        lon, lat = _to_wgs84(x, y)
        frame["X"], frame["Y"] = np.round(lon, 6), np.round(lat, 6)
        frame = frame.rename(columns={"X": "Longitude", "Y": "Latitude", "Begindatum": "Start date",
                                      "Einddatum": "End date"})
        for col, stamps in (("Start date", start), ("End date", end)):
            s = pd.DatetimeIndex(stamps)
            hour12 = (s.hour % 12).where(s.hour % 12 != 0, 12)
            frame[col] = (s.month.astype(str) + "/" + s.day.astype(str) + "/" + s.year.astype(str) + " "
                          + hour12.astype(str) + s.strftime(":%M:%S ") + np.where(s.hour < 12, "AM", "PM"))
        frame.to_csv(path, sep=",", index=False, encoding="utf-8")
        return path
    frame.to_csv(path, sep=";", index=False, encoding="utf-8")
    return path


def _to_wgs84(x, y):
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True).transform(x, y)


def _measure(path: Path, sep: str, n: int, rounds: int, label: str) -> list[dict]:
    from importers import read_incidents

    count = f"{n:,}".replace(",", ".")  # Dutch thousands separator
    extra = dict(aim="ratio >= 0.5 (within 2x of the bare read)", rows=n,
                 file_mb=round(path.stat().st_size / 1e6, 1))
    _, report = read_incidents(path)  # once before timing, and to check the counts
    assert report.rows_read == n and report.rows_kept + report.rows_rejected == n
    timed = alternating(lambda: read_incidents(path), lambda: pd.read_csv(path, sep=sep), rounds)
    out = [result(f"import incident CSV {count} rows, {label}", timed.pop("ours_s"), "pandas.read_csv",
                  timed.pop("peer_s"), ours_mb=peak_memory_mb(lambda: read_incidents(path)),
                  peer_mb=peak_memory_mb(lambda: pd.read_csv(path, sep=sep)), rows_kept=report.rows_kept,
                  **timed, **extra)]
    # through the entry point a user runs, each side in a fresh interpreter (start-up and imports included)
    cli = [*_wijkbeeld(), "inspect", str(path), "--json", "--max-rejections", "0"]
    bare = [sys.executable, "-c", f"import pandas; pandas.read_csv({str(path)!r}, sep={sep!r})"]
    timed = alternating(lambda: _run(cli), lambda: _run(bare), max(1, rounds // 2 + 1))
    out.append(result(f"import incident CSV {count} rows, {label}, wijkbeeld inspect", timed.pop("ours_s"),
                      "python -c pandas.read_csv", timed.pop("peer_s"), **timed, **extra))
    return out


def _wijkbeeld() -> list[str]:
    """The ``wijkbeeld`` a user runs (the console script beside this Python), else ``python -m desktop.cli``."""
    script = Path(sys.executable).with_name("wijkbeeld")
    return [str(script)] if script.exists() else [sys.executable, "-m", "desktop.cli"]


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)


def run(quick: bool = False) -> list[dict]:
    n = 50_000 if quick else 1_000_000
    rounds = 2 if quick else 5
    rows = []
    with tempfile.TemporaryDirectory(prefix="wijkbeeld-bench-") as tmp:
        path = make_incident_csv(Path(tmp) / "incidenten.csv", n)
        rows += _measure(path, ";", n, rounds, "RD, dd-mm-yyyy hh:mm")
        path.unlink()
        if not quick:  # Excel-style US dates without zero padding, WGS84 to convert
            path = make_incident_csv(Path(tmp) / "incidents_us.csv", n, style="us")
            rows += _measure(path, ",", n, rounds, "WGS84, m/d/yyyy h:mm:ss AM/PM")
    return rows


if __name__ == "__main__":
    import json

    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
