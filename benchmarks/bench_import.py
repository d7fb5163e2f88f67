"""Benchmark: importing a large incident CSV, against a bare ``pandas.read_csv`` of the same file.

A seeded generator writes an incident file as a municipality exports it
(``;``-separated, RD coordinates with decimal commas, Dutch dates
``15-06-2016 23:31``, an end of the time window, a category and a free-text
column). We time our whole import (:func:`importers.read_incidents`: detection,
parsing, validation, privacy scan, duplicate check, report) and
``pandas.read_csv(path, sep=";")`` on the same file in the same run.
``ratio = peer_s / ours_s``; the aim is a ratio of at least 0.5 (our import within 2x
of the bare read). Full mode: 1,000,000 rows; quick mode: 50,000 rows.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import best_time, peak_memory_mb, result  # noqa: E402

CATEGORIES = np.array(["Diefstal fiets", "Vernieling", "Overlast jeugd", "Inbraak woning", "Zakkenrollerij",
                       "Geluidsoverlast", "Drugsoverlast", "Diefstal uit auto"])


def make_incident_csv(path: Path, n: int, seed: int = 20160615) -> Path:
    """Write ``n`` synthetic incidents (Groningen area, 2016) to ``path``; returns the path."""
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
    frame.to_csv(path, sep=";", index=False, encoding="utf-8")
    return path


def run(quick: bool = False) -> list[dict]:
    from importers import read_incidents

    n = 50_000 if quick else 1_000_000
    with tempfile.TemporaryDirectory(prefix="wijkbeeld-bench-") as tmp:
        path = make_incident_csv(Path(tmp) / "incidenten.csv", n)
        repeat = 3 if quick else 2
        peer_s, _ = best_time(lambda: pd.read_csv(path, sep=";"), repeat=repeat)
        ours_s, (frame, report) = best_time(lambda: read_incidents(path), repeat=repeat)
        peer_s2, _ = best_time(lambda: pd.read_csv(path, sep=";"), repeat=repeat)  # again, after ours
        peer_s = min(peer_s, peer_s2)
        assert report.rows_read == n and report.rows_kept + report.rows_rejected == n
        ours_mb = peak_memory_mb(lambda: read_incidents(path))
        peer_mb = peak_memory_mb(lambda: pd.read_csv(path, sep=";"))
        size_mb = path.stat().st_size / 1e6
    return [result(f"import incident CSV {n:,} rows".replace(",", "."), ours_s, "pandas.read_csv", peer_s,
                   ours_mb=ours_mb, peer_mb=peer_mb, aim="ratio >= 0.5 (within 2x of the bare read)",
                   rows=n, file_mb=round(size_mb, 1), rows_kept=report.rows_kept)]


if __name__ == "__main__":
    import json

    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
