"""Space and time together, through the ``wijkbeeld`` command a user runs, next to the peers.

Rows (``ratio = peer_s / ours_s``; ours always includes starting Python and reading the files; the
brute-force Knox peer gets its arrays in process for free):

* ``emerging_<unit>``: ours = ``wijkbeeld emerging --json`` on the demo's bicycle thefts (108 buurten
  x 56 months; full mode also 250 m hexagons); peer = a Python script that reads the same files
  and counts the same cube, then runs esda's ``G_Local(star=True)`` on the space-time weights of
  the cube (the libpysal weights built from a neighbour dict, as a peer user must) and
  ``pymannkendall.original_test`` per location. ``max_abs_dz``: the largest difference between the
  two z-scores of any bin (1e-9 is the agreement test's bound). ``emerging_<unit>_core``: the
  computation alone, in process (our Gi*, Mann-Kendall and categories against esda + pymannkendall).
* ``knox_<n>``: ours = ``wijkbeeld nearrepeat --json`` (pairs from a k-d tree, one pass over them
  per permutation); peer = a brute-force count of all n(n-1)/2 pairs for the observed days and
  for every permutation (vectorised numpy; the distance bands computed once), with the same
  seeded permutations. The counts and p-values are asserted identical.
* ``knox_aim_100000``: ours alone on 100,000 incidents over five years in a 40 x 40 km region with
  towns (about 6 million pairs within 500 m), 999 permutations; the aim is under 60 s, and the
  peak memory of the process (``ours_peak_mb``) is reported. The brute-force peer would need
  5e9 pairs per permutation; ``peer_s`` is its time extrapolated from the ``knox_<n>`` row (n^2).
* ``stabiel``: ours = ``wijkbeeld stabiel --json`` (four scales); peer = ``wijkbeeld hotspots --json``
  run once per scale (what a user does without it); the hot units per scale are asserted equal.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from common import best_time, result

ROOT = Path(__file__).resolve().parent.parent
#: Runs ``desktop.cli.main`` (the ``wijkbeeld`` entry point) and reports the process's peak memory on stderr:
#: VmHWM of /proc/self/status (getrusage's ru_maxrss would carry the benchmark's own size over the fork).
ENTRY = ("import sys; from desktop.cli import main; rc = main(sys.argv[1:]); "
         "hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')]; "
         "print('MAXRSS_KB', hwm[0] if hwm else 'nan', file=sys.stderr); sys.exit(rc)")


#: CPU seconds (user + system) of the last :func:`wijkbeeld` run: on a shared, loaded machine the wall time
#: says how long a user waited, the CPU time how much work it was.
LAST_CPU = {"s": float("nan")}


def wijkbeeld(*args) -> tuple[float, dict, float]:
    """Run ``wijkbeeld ARGS --json`` in a fresh process: (seconds, parsed output, peak MB); CPU time in LAST_CPU."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", ENTRY, *map(str, args), "--json"], cwd=ROOT, capture_output=True,
                         text=True)
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    LAST_CPU["s"] = round(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, 2)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    peak = [float(line.split()[1]) for line in out.stderr.splitlines() if line.startswith("MAXRSS_KB")]
    return seconds, json.loads(out.stdout), (peak[0] / 1024 if peak else float("nan"))


# -- emerging ----------------------------------------------------------------------------------------------
def _emerging_peer(values: np.ndarray, weights, k: int = 1):
    from esda.getisord import G_Local
    from libpysal.weights import W
    import pymannkendall as mk

    from hotspots.spacetime.gistar import spacetime_weights

    n_loc, steps = values.shape
    m = spacetime_weights(weights, steps, k)
    lw = W({i: m.indices[m.indptr[i]:m.indptr[i + 1]].tolist() for i in range(m.shape[0])}, silence_warnings=True)
    g = G_Local(values.T.ravel(), lw, transform="B", star=True, permutations=0)
    z = g.Zs.reshape(steps, n_loc).T
    trends = [mk.original_test(z[i]) for i in range(n_loc)]
    return z, trends


#: The peer as a user would script it: read the same files, count the same cube, then esda and pymannkendall.
PEER_SCRIPT = """
import sys, time, warnings
warnings.simplefilter("ignore")
sys.path.insert(0, {bench!r})
import importers
from hotspots.spacetime.cube import cube_from_incidents
from hotspots.spacetime.inputs import choose_incidents
from bench_spacetime import _emerging_peer
areas, _ = importers.read_boundaries({areas!r})
incidents, _ = importers.read_incidents({incidents!r})
chosen, _ = choose_incidents(incidents)
cube = cube_from_incidents(chosen, areas, unit={unit!r}, cell=250.0)
_emerging_peer(cube.values, cube.weights)
"""


def bench_emerging(quick: bool) -> list[dict]:
    import warnings

    import importers
    from hotspots.significance import mann_kendall_rows
    from hotspots.spacetime.cube import cube_from_incidents
    from hotspots.spacetime.gistar import spacetime_gistar
    from hotspots.spacetime.inputs import choose_incidents
    from hotspots.spacetime.patterns import classify
    from resources import demo

    areas, _ = importers.read_boundaries(demo.AREAS)
    incidents, _ = importers.read_incidents(demo.INCIDENTS)
    chosen, _ = choose_incidents(incidents)
    rows = []
    for unit, extra in [("area", ())] + ([] if quick else [("hexagon", ("--unit", "hexagon", "--cell", "250"))]):
        cube = cube_from_incidents(chosen, areas, unit=unit, cell=250.0)
        name = f"emerging_{unit}_{cube.values.shape[0]}x{cube.values.shape[1]}"
        ours_s, out, peak = wijkbeeld("emerging", "--areas", demo.AREAS, "--incidents", demo.INCIDENTS, *extra)
        script = PEER_SCRIPT.format(bench=str(Path(__file__).resolve().parent), areas=str(demo.AREAS),
                                    incidents=str(demo.INCIDENTS), unit=unit)
        peer_s, _ = best_time(lambda: subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True), repeat=1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # libpysal's notes on disconnected parts of the space-time graph
            esda_s, (z, _) = best_time(lambda: _emerging_peer(cube.values, cube.weights), repeat=1 if not quick else 2)

        def core():
            gi = spacetime_gistar(cube.values, cube.weights)
            mk = mann_kendall_rows(gi.z)
            return classify(gi.classes >= 1, gi.classes <= -1, mk["s"], mk["p"], 0.10)

        core_s, _ = best_time(core, repeat=3)
        ours_z = np.array([b["z"] for b in out["bins"]]).reshape(cube.values.shape)
        dz = float(np.abs(ours_z - z).max())
        rows.append(result(name, ours_s, "script: same files and cube, esda.G_Local + pymannkendall", peer_s,
                           ours_mb=peak, max_abs_dz=dz, bins=int(cube.values.size),
                           aim="ahead of the peer end to end (both start Python and read the files)"))
        rows.append(result(f"{name}_core", core_s, "esda.G_Local on space-time weights + pymannkendall (in process)",
                           esda_s, max_abs_dz=dz, bins=int(cube.values.size), aim="the computation alone"))
    return rows


# -- near repeats ------------------------------------------------------------------------------------------
def _write_incidents(path: Path, x, y, day) -> Path:
    start = pd.Timestamp("2013-01-01") + pd.to_timedelta(day, unit="D") + pd.Timedelta(hours=12)
    pd.DataFrame({"id": [f"B{i}" for i in range(len(x))], "x": np.round(x, 1), "y": np.round(y, 1),
                  "start": start.strftime("%Y-%m-%d %H:%M"), "category": "Woninginbraak"}).to_csv(path, index=False)
    return path


def _region(n: int, seed: int = 7):
    """Incidents over five years in a 40 x 40 km region: 70% around eight towns, 30% spread out."""
    rng = np.random.default_rng(seed)
    k = int(n * 0.7)
    cx, cy = rng.uniform(5000, 35000, 8) + 200000, rng.uniform(5000, 35000, 8) + 450000
    w = 1 / np.arange(1, 9)
    c = rng.choice(8, k, p=w / w.sum())
    s = rng.uniform(1500, 3500, 8)
    x = np.r_[rng.normal(cx[c], s[c]), rng.uniform(200000, 240000, n - k)]
    y = np.r_[rng.normal(cy[c], s[c]), rng.uniform(450000, 490000, n - k)]
    return x, y, rng.integers(0, 5 * 365, n)


def brute_knox(x, y, day, distances, days, permutations: int, seed: int, block: int = 512) -> tuple:
    """Every pair, every run: the observed table and the one-sided p-values (the Near Repeat Calculator's way)."""
    n = len(x)
    rows = len(distances) + 2
    cols = len(days) + 1
    band = np.empty((n, n), dtype=np.int8)  # distance band of every pair, once (0 = same place)
    for s in range(0, n, block):
        d = np.hypot(x[s:s + block, None] - x[None, :], y[s:s + block, None] - y[None, :])
        band[s:s + block] = np.where(d == 0, 0, np.searchsorted(distances, d, side="left") + 1)
    upper = np.triu(np.ones((n, n), dtype=bool), 1)
    key_rows = band[upper].astype(np.int64) * cols
    iu, ju = np.nonzero(upper)

    def table(t):
        dt = np.abs(t[iu] - t[ju])
        c = np.searchsorted(np.asarray(days, float), dt, side="left")
        return np.bincount(key_rows + c, minlength=rows * cols).reshape(rows, cols)

    obs = table(day)
    rng = np.random.default_rng(seed)
    above = np.zeros_like(obs)
    for _ in range(permutations):
        above += table(day[rng.permutation(n)]) >= obs
    return obs, (1.0 + above) / (permutations + 1.0)


def bench_knox(quick: bool, tmp: Path) -> list[dict]:
    rows = []
    n = 2000 if quick else 4000
    perms = 99
    x, y, day = _region(n, seed=11)
    x, y = np.round(x, 1), np.round(y, 1)
    path = _write_incidents(tmp / f"knox_{n}.csv", x, y, day)
    ours_s, out, peak = wijkbeeld("nearrepeat", "--incidents", path, "--permutations", perms, "--seed", 5)
    dist, days = np.array([100.0, 200, 300, 400, 500]), np.array([7.0, 14, 21, 28, 35, 42, 49, 56])
    peer_s, (obs, p) = best_time(lambda: brute_knox(x, y, day.astype(np.int64), dist, days, perms, 5), repeat=1)
    assert np.array_equal(np.array(out["observed"]), obs), "Knox counts differ from the brute-force count"
    assert np.array_equal(np.array(out["p"]), p), "Knox p-values differ from the brute-force ones"
    rows.append(result(f"knox_{n}", ours_s, f"brute-force pair count ({perms} permutations)", peer_s, ours_mb=peak,
                       pairs=out["pairs"], permutations=perms, identical_counts=True, identical_p=True))
    big = 20_000 if quick else 100_000
    big_perms = 99 if quick else 999
    bx, by_, bday = _region(big)
    path = _write_incidents(tmp / f"knox_{big}.csv", bx, by_, bday)
    ours_s, out, peak = wijkbeeld("nearrepeat", "--incidents", path, "--permutations", big_perms)
    extrapolated = peer_s * (big / n) ** 2 * (big_perms + 1) / (perms + 1)
    rows.append(result(f"knox_aim_{big}", ours_s, "brute-force pair count (extrapolated, n^2)", extrapolated,
                       ours_mb=peak, ours_cpu_s=LAST_CPU["s"], pairs=out["pairs"], permutations=big_perms,
                       aim="100,000 incidents with 999 permutations in under 60 s, memory bounded"))
    return rows


# -- stable hot spots ----------------------------------------------------------------------------------------
def bench_stable(quick: bool) -> list[dict]:
    from resources import demo

    common = ("--areas", demo.AREAS, "--incidents", demo.INCIDENTS)
    ours_s, out, peak = wijkbeeld("stabiel", *common)
    peer_s, hot = 0.0, []
    for extra in (("--method", "gistar"), ("--method", "grid", "--cell", "250", "--shape", "square"),
                  ("--method", "grid", "--cell", "250", "--shape", "hexagon"),
                  ("--method", "grid", "--cell", "500", "--shape", "hexagon")):
        s, res, _ = wijkbeeld("hotspots", *common, *extra)
        peer_s += s
        hot.append(sum(1 for a in res["areas"] if (a.get("class") or 0) >= 1))
    assert hot == [s["hot_units"] for s in out["scales"]], (hot, out["scales"])
    return [result("stabiel_4_scales", ours_s, "wijkbeeld hotspots once per scale (4 runs)", peer_s, ours_mb=peak,
                   hot_units=hot)]


def run(quick: bool) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        return bench_emerging(quick) + bench_knox(quick, Path(tmp)) + bench_stable(quick)


if __name__ == "__main__":  # pragma: no cover
    for row in run(quick="--quick" in sys.argv):
        print(json.dumps(row))
