"""End to end: ``wijkbeeld analyse`` (and ``wijkbeeld trends``) as a user runs them, next to the sum of their parts.

* ``analyse_<data>``: ours = the real command in a fresh process (``wijkbeeld analyse ... --progress``), its
  wall time; each stage's time and the peak memory come from its own ``--progress`` lines (see
  :mod:`desktop.commands.clock`); peer = the sum of the same parts timed one by one in this run: the
  imports (a fresh Python importing what the command imports) and, in this process, read the areas,
  read the incidents, locate, hot spots, hot times, trends, web map, print map, GeoPackage, workbook
  and summary. So ``ratio`` = sum of parts / whole is 1 when the run costs no more than its parts
  (nothing computed twice) and below 1 by whatever the run adds. ``after_imports_s`` is the whole
  minus the imports.
* ``trends_<data>``: ``wijkbeeld trends --progress`` alone, against its parts (imports, reading, locating, trends).
* ``seasonal_mk_<data>``: the seasonal Mann-Kendall test of every series at once
  (:func:`hotspots.significance.seasonal_mann_kendall_rows`) against ``pymannkendall.seasonal_test`` per
  series, timed on a sample of the same series and scaled to all of them (``peer_sample``).

Data: the demo (Groningen: 108 buurten, 15,947 incidents) in both modes; in full mode also the national data
of :func:`benchmarks.data.national_files` (14,500 buurten, 1,000,000 incidents over three years in three
categories). Aims (issue 19): national ``analyse`` under 20 s and 1.5 GB, Groningen under 3 s after the
imports, the same for ``trends`` alone. A report command gets its row by adding it to :data:`COMMANDS`.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import best_time, result

ROOT = Path(__file__).resolve().parent.parent
#: The top-level stages of ``wijkbeeld analyse --progress`` (the inner steps are counted in the stage around them).
STAGES = {"Bestanden lezen": "lezen", "Incidenten toekennen en hot spots berekenen": "hot spots",
          "Hot times": "hot times", "Trends": "trends", "Kaart schrijven": "webkaart",
          "Printkaart schrijven": "printkaart", "GeoPackage schrijven": "geopackage",
          "Excel schrijven": "werkmap en samenvatting"}
#: The commands timed end to end: name -> (arguments before the inputs, arguments after them).
COMMANDS = {"analyse": (["analyse"], ["--out", "{out}"]), "trends": (["trends"], [])}
#: The modules each command imports before it can compute anything (timed apart: "after the imports").
IMPORTS = {"analyse": ("desktop.cli", "importers", "hotspots.run", "hotspots.where.hotspots", "hotspots.when.hottimes",
                       "hotspots.change.trends", "mapping.outputs", "matplotlib.backends.backend_agg", "folium",
                       "openpyxl"),
           "trends": ("desktop.cli", "importers", "hotspots.change.trends", "hotspots.where.assign")}
_LINE = re.compile(r"^\[\s*([\d,]+) s \| cpu\s+([\d,]+) s \|\s+(?:[\d?]+) MB\] (.*)$")


def _entry() -> list[str]:
    """The ``wijkbeeld`` a user runs (the console script beside this Python), else ``python -m desktop.cli``."""
    script = Path(sys.executable).with_name("wijkbeeld")
    return [str(script)] if script.exists() else [sys.executable, "-m", "desktop.cli"]


def _seconds(text: str) -> float:
    return float(text.replace(",", "."))


def stage_times(stderr: str) -> tuple[dict, float | None, float | None]:
    """``({stage: seconds}, cpu seconds, peak MB)`` from the ``--progress`` lines of one run.

    >>> stage_times("[    0,0 s | cpu     0,0 s |   100 MB] Bestanden lezen\\n"
    ...             "[    2,5 s | cpu     2,0 s |   300 MB] Trends\\n"
    ...             "[    3,0 s | cpu     2,4 s |   400 MB] Verwachting en signalen\\n"
    ...             "[    4,0 s | cpu     3,5 s |   512 MB] Klaar; piekgeheugen 512 MB")
    ({'lezen': 2.5, 'trends': 1.5}, 3.5, 512.0)
    """
    marks = [(_seconds(m[1]), _seconds(m[2]), m[3]) for m in map(_LINE.match, stderr.splitlines()) if m]
    stages: dict[str, float] = {}
    current, since = None, 0.0
    for seconds, _, text in marks:
        top = STAGES.get(text)
        if top is not None or text.startswith("Klaar;"):
            if current is not None:
                stages[current] = round(stages.get(current, 0.0) + seconds - since, 2)
            current, since = top, seconds
    peak = re.search(r"piekgeheugen (\d+) MB", stderr)
    return stages, (marks[-1][1] if marks else None), (float(peak[1]) if peak else None)


def _process(argv) -> tuple[int, str, float, float]:
    """Run ``argv``: (exit code, stderr, wall seconds, CPU seconds of that process alone, from ``wait4``)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        child = subprocess.Popen(argv, cwd=ROOT, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - t0
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return child.returncode, err.read().decode("utf-8", "replace"), wall, usage.ru_utime + usage.ru_stime


def run_command(name: str, areas, incidents) -> dict:
    """One run of ``wijkbeeld <name>`` in a fresh process: wall and CPU seconds, stages and peak memory."""
    before, after = COMMANDS[name]
    out = tempfile.mkdtemp(prefix=f"e2e_{name}_")
    try:
        argv = [*_entry(), *before, "--areas", str(areas), "--incidents", str(incidents),
                *[a.format(out=out) for a in after], "--progress"]
        code, stderr, wall, cpu = _process(argv)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    if code != 0:
        raise RuntimeError(f"wijkbeeld {name}: {stderr.strip()[-400:]}")
    stages, _, peak = stage_times(stderr)
    return {"wall": wall, "stages": stages, "cpu": cpu, "peak_mb": peak}


def import_seconds(command: str) -> tuple[float, float]:
    """Wall and CPU seconds of a fresh Python that only imports what ``command`` imports (start-up included)."""
    code, stderr, wall, cpu = _process([sys.executable, "-c", "import " + ", ".join(IMPORTS[command])])
    if code != 0:
        raise RuntimeError(stderr[-400:])
    return wall, cpu


def parts(areas_path, incidents_path) -> tuple[dict, dict, object]:
    """Each part of ``analyse`` timed on its own in this process (warm imports): ``({part: wall seconds},
    {part: CPU seconds}, run)``."""
    import importers
    from hotspots.inputs import Inputs
    from hotspots.params import all_methods
    from hotspots.run import AnalysisRun
    from mapping.outputs import meta_for, write_outputs

    methods = all_methods()
    times: dict[str, float] = {}
    cpu: dict[str, float] = {}

    def timed(name, fn):
        t0, c0 = time.perf_counter(), time.process_time()
        value = fn()
        times[name] = round(time.perf_counter() - t0, 3)
        cpu[name] = round(time.process_time() - c0, 3)
        return value

    incidents = timed("incidenten lezen", lambda: importers.read_incidents(incidents_path)[0])
    areas = timed("gebieden lezen", lambda: importers.read_boundaries(areas_path)[0])
    if "water" in areas:
        areas = areas[~areas["water"].fillna(False).astype(bool)].reset_index(drop=True)
    inputs = Inputs(areas=areas, incidents=incidents)
    timed("toewijzen", inputs.assignment)
    hot = timed("hot spots", lambda: methods["hotspots"].run(inputs, {}))
    hottimes = timed("hot times", lambda: methods["hottimes"].run(inputs, {}))
    trends = timed("trends", lambda: methods["trends"].run(inputs, {}))
    run = AnalysisRun(inputs=inputs, hotspots=hot, hottimes=hottimes, trends=trends,
                      params={n: methods[n].validate({}) for n in ("hotspots", "hottimes", "trends")})
    meta = meta_for(run)
    out = Path(tempfile.mkdtemp(prefix="e2e_parts_"))
    try:
        for kind, label in (("html", "webkaart"), ("png", "printkaart"), ("gpkg", "geopackage"),
                            ("xlsx", "werkmap"), ("json", "samenvatting")):
            timed(label, lambda: write_outputs(run, meta, out_dir=out, kinds=(kind,)))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return times, cpu, run


def seasonal_mk(trends, sample: int) -> dict:
    """All series at once against pymannkendall per series (timed on ``sample`` series, scaled to all)."""
    import numpy as np
    import pymannkendall as mk

    from hotspots.significance import seasonal_mann_kendall_rows

    wide = trends.series.pivot_table(index=["code", "category"], columns="month", values="count", dropna=False)
    months = wide.columns
    values = wide.to_numpy(dtype=float)
    ours_s, rows = best_time(lambda: seasonal_mann_kendall_rows(values, months), repeat=3)
    pick = np.linspace(0, len(values) - 1, min(sample, len(values))).astype(int)
    t0 = time.perf_counter()
    ref = [mk.seasonal_test(values[i], period=12) for i in pick]
    peer_s = (time.perf_counter() - t0) * len(values) / len(pick)
    assert all(rows["s"][i] == r.s for i, r in zip(pick, ref))
    return {"ours_s": ours_s, "peer_s": peer_s, "series": len(values), "peer_sample": len(pick)}


def _one(label: str, areas, incidents, aim_s: float, aim_mb: float | None, sample: int) -> list[dict]:
    imports = {name: import_seconds(name) for name in IMPORTS}
    whole = run_command("analyse", areas, incidents)
    times, cpu, run = parts(areas, incidents)
    aim = f"< {aim_s:g} s" + (f" en < {aim_mb:g} MB" if aim_mb else "")
    wall_i, cpu_i = imports["analyse"]
    rows = [result(f"analyse_{label}", whole["wall"], "som van de delen (imports + elk deel los)",
                   wall_i + sum(times.values()), aim=aim, stages=whole["stages"], parts=times, parts_cpu=cpu,
                   cpu_s=round(whole["cpu"], 2), cpu_parts_s=round(cpu_i + sum(cpu.values()), 2),
                   cpu_ratio=round((cpu_i + sum(cpu.values())) / whole["cpu"], 3), peak_mb=whole["peak_mb"],
                   imports_s=round(wall_i, 2), after_imports_s=round(whole["wall"] - wall_i, 2))]
    alone = run_command("trends", areas, incidents)
    own = ("incidenten lezen", "gebieden lezen", "toewijzen", "trends")
    wall_i, cpu_i = imports["trends"]
    rows.append(result(f"trends_{label}", alone["wall"], "som van de delen (imports, lezen, toewijzen, trends)",
                       wall_i + sum(times[k] for k in own), aim=aim, stages=alone["stages"],
                       cpu_s=round(alone["cpu"], 2), cpu_parts_s=round(cpu_i + sum(cpu[k] for k in own), 2),
                       peak_mb=alone["peak_mb"], imports_s=round(wall_i, 2),
                       after_imports_s=round(alone["wall"] - wall_i, 2)))
    mk = seasonal_mk(run.trends, sample)
    rows.append(result(f"seasonal_mk_{label}", mk["ours_s"], "pymannkendall.seasonal_test per reeks", mk["peer_s"],
                       series=mk["series"], peer_sample=mk["peer_sample"]))
    return rows


def run(quick: bool) -> list[dict]:
    from resources import demo

    rows = _one("groningen", demo.AREAS, demo.INCIDENTS, aim_s=3.0, aim_mb=None, sample=108)
    if not quick:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from data import national_files

        areas, incidents = national_files()
        rows += _one("nationaal", areas, incidents, aim_s=20.0, aim_mb=1500.0, sample=1000)
    return rows


if __name__ == "__main__":
    import json

    for row in run(quick="--quick" in sys.argv):
        print(json.dumps(row, ensure_ascii=False))
