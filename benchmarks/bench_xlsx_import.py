"""Benchmark: importing an officer's own Excel file, against a bare ``pandas.read_excel(engine="calamine")``.

The most common input is an .xlsx of registrations. We time the whole import of the
same file two ways, each side by side with its peer in one run (alternating, best of
``repeat``):

* in the process: :func:`importers.read` (detection, dates, coordinates, privacy scan,
  duplicates, report) against ``pandas.read_excel(path, engine="calamine")``;
* through the entry point a user runs: ``wijkbeeld inspect FILE --json`` against
  ``python -c "import pandas; pandas.read_excel(FILE, engine='calamine')"``, both in a
  fresh interpreter (start-up and imports included on both sides); and the same fresh
  interpreter running ``importers.inspect`` (the import without the command line).

(``bench_xlsx`` is the other direction: writing the workbook for people.)

``ratio = peer_s / ours_s``; the aim (issue 11) is 1 / 1.5 = 0.67 or more: the import
within 1.5x of the bare read. Files: the real Groningen registrations (15,947 rows, 33
columns; ../shared/data, when present) and a generated sheet in the same layout
(quick: 3,000 rows; full: 50,000).
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import result  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("WIJKBEELD_SHARED_DATA", ROOT.parent / "shared" / "data"))
GRONINGEN = SHARED / "groningen" / "Diefstal_fiets_Groningen_stad_vanaf_2013.xlsx"
AIM = "ratio >= 0.67 (import within 1.5x of the bare calamine read)"


def make_xlsx(path: Path, n: int, seed: int = 11) -> Path:
    """``n`` synthetic registrations in the Groningen layout (RD x/y, datetimes, text columns)."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 366 * 24 * 60, n), unit="min")
    frame = pd.DataFrame({
        "Incident Identificatie": [f"PL0100_BVH_{i}" for i in range(n)],
        "Incidentsoort": rng.choice(["Diefstal Fiets", "Vernieling", "Overlast jeugd"], n),
        "Pleegwijk": rng.choice([f"Wijk {i:02d}" for i in range(15)], n),
        "Pleegbuurt": rng.choice([f"Buurt {i}" for i in range(100)], n),
        "Begin-pleegdatum/tijd": start,
        "Eind-pleegdatum/tijd": start + pd.to_timedelta(rng.integers(0, 600, n), unit="min"),
        "Aangifte": rng.choice(["Ja", "Nee"], n),
        "Temperatuur": rng.normal(10, 5, n).round(1),
        "X": rng.normal(233700, 1100, n).round(0),
        "Y": rng.normal(582100, 1200, n).round(0),
    })
    frame.to_excel(path, index=False)
    return path


def _seconds(command: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t0


def _side_by_side(ours, peer, repeat: int) -> tuple[float, float, list[float]]:
    """Best time of each, alternating; and the ratio of every round (its spread)."""
    best_ours = best_peer = float("inf")
    rounds = []
    for _ in range(repeat):
        p = peer()
        o = ours()
        rounds.append(round(p / o, 3))
        best_peer, best_ours = min(best_peer, p), min(best_ours, o)
    return best_ours, best_peer, rounds


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _measure(path: Path, label: str, repeat: int) -> list[dict]:
    import importers

    rows = len(pd.read_excel(path, engine="calamine"))
    ours_s, peer_s, spread = _side_by_side(lambda: _timed(lambda: importers.read(path)),
                                           lambda: _timed(lambda: pd.read_excel(path, engine="calamine")), repeat)
    out = [result(f"import xlsx {label}, in process", ours_s, "pandas.read_excel(engine='calamine')", peer_s,
                  aim=AIM, rows=rows, ratio_per_round=spread)]
    cli = [sys.executable, "-m", "desktop.cli", "inspect", str(path), "--json"]
    bare = [sys.executable, "-c", f"import pandas; pandas.read_excel({str(path)!r}, engine='calamine')"]
    ours_s, peer_s, spread = _side_by_side(lambda: _seconds(cli), lambda: _seconds(bare), repeat)
    out.append(result(f"import xlsx {label}, wijkbeeld inspect", ours_s,
                      "python -c pandas.read_excel(engine='calamine')", peer_s, aim=AIM, rows=rows,
                      ratio_per_round=spread))
    # the same fresh interpreter without the command line: what the import itself costs a user
    fresh = [sys.executable, "-c", f"import importers; importers.inspect({str(path)!r})"]
    ours_s, peer_s, spread = _side_by_side(lambda: _seconds(fresh), lambda: _seconds(bare), repeat)
    out.append(result(f"import xlsx {label}, fresh process", ours_s,
                      "python -c pandas.read_excel(engine='calamine')", peer_s, aim=AIM, rows=rows,
                      ratio_per_round=spread))
    return out


def run(quick: bool = False) -> list[dict]:
    repeat = 2 if quick else 5
    rows = []
    with tempfile.TemporaryDirectory(prefix="wijkbeeld-bench-") as tmp:
        n = 3_000 if quick else 50_000
        path = make_xlsx(Path(tmp) / "registraties.xlsx", n)
        rows += _measure(path, f"{n:,} rows generated".replace(",", "."), repeat)
    if GRONINGEN.is_file() and not quick:
        rows += _measure(GRONINGEN, "Groningen 15.947 rows", repeat)
    return rows


if __name__ == "__main__":
    import json

    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
