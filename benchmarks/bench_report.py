"""The report (``wijkbeeld rapport``, PDF) against writing the same figures with matplotlib alone.

* ours: ``wijkbeeld rapport --period last-quarter --out r.pdf`` in a subprocess (reading, the analysis
  of the quarter, the trends of the history, the protection, figures, tables and text);
* peer: a subprocess that reads the same files with pandas/geopandas, counts per buurt, per month and
  per weekday x hour, and draws the same four figures (map, week x hour, calendar, monthly series) into a
  PDF with matplotlib's PdfPages: the figures without the analysis, the tables or the document.

``ratio`` is peer time / our time. Quick and full: the demo (15,947 incidents, 108 buurten); the full mode
adds 14,500 national buurt-like areas with 200,000 incidents.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from common import best_time, result

PEER = textwrap.dedent("""
    import sys
    import geopandas as gpd, pandas as pd, numpy as np
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages
    areas_path, layer, inc_path, out = sys.argv[1:5]
    areas = gpd.read_file(areas_path, layer=layer or None)
    inc = pd.read_csv(inc_path)
    start = pd.to_datetime(inc["start"], errors="coerce")
    pts = gpd.GeoDataFrame(inc, geometry=gpd.points_from_xy(inc["x"], inc["y"]), crs=areas.crs)
    joined = gpd.sjoin(pts, areas[["code", "geometry"]], predicate="within")
    counts = areas["code"].map(joined["code"].value_counts()).fillna(0)
    monthly = start.dt.to_period("M").value_counts().sort_index()
    week = pd.crosstab(start.dt.weekday, start.dt.hour).reindex(index=range(7), columns=range(24), fill_value=0)
    with PdfPages(out) as pdf:
        fig, ax = plt.subplots(figsize=(8.27, 5.8)); areas.assign(c=counts).plot(column="c", ax=ax, legend=True)
        ax.set_title("Aantal per buurt"); pdf.savefig(fig, dpi=200); plt.close(fig)
        fig, ax = plt.subplots(figsize=(7, 3.4)); ax.imshow(week.to_numpy(), aspect="auto"); ax.set_title("Week x uur")
        pdf.savefig(fig, dpi=200); plt.close(fig)
        cal = monthly.groupby([monthly.index.year, monthly.index.month]).sum().unstack()
        fig, ax = plt.subplots(figsize=(7, 2.5)); ax.imshow(cal.to_numpy(dtype=float), aspect="auto")
        ax.set_title("Kalender"); pdf.savefig(fig, dpi=200); plt.close(fig)
        fig, ax = plt.subplots(figsize=(7, 3.6)); ax.plot(monthly.to_numpy()); ax.set_title("Per maand")
        pdf.savefig(fig, dpi=200); plt.close(fig)
""")


def _case(label, areas, layer, incidents, repeat, folder: Path):
    exe = Path(sys.executable).with_name("wijkbeeld")
    ours_cmd = [str(exe), "rapport", "--areas", str(areas), "--incidents", str(incidents), "--period",
                "last-quarter", "--suppress-below", "5", "--out", str(folder / "r.pdf")]
    peer_cmd = [sys.executable, "-c", PEER, str(areas), layer or "", str(incidents), str(folder / "peer.pdf")]
    ours, _ = best_time(lambda: subprocess.run(ours_cmd, check=True, capture_output=True), repeat)
    peer, _ = best_time(lambda: subprocess.run(peer_cmd, check=True, capture_output=True), repeat)
    return result(f"rapport: {label}", ours, "matplotlib alleen (zelfde figuren)", peer,
                  pages=None, report_bytes=(folder / "r.pdf").stat().st_size)


def run(quick: bool = False) -> list[dict]:
    from resources import demo

    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        rows = [_case("demo (15.947 incidenten)", demo.AREAS, demo.AREAS_LAYER, demo.INCIDENTS, 1 if quick else 3,
                      folder)]
        if not quick:
            import numpy as np
            import pandas as pd

            from data import buurten, incidents

            areas = buurten()
            areas["name"] = areas["code"]
            areas.to_file(folder / "nl.gpkg", layer="buurten", driver="GPKG")
            inc = incidents(200_000)
            rng = np.random.default_rng(1)
            inc["start"] = (pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 3 * 365 * 24 * 60, len(inc)),
                                                                          unit="min")).strftime("%Y-%m-%d %H:%M")
            inc["category"] = "proef"
            inc.to_csv(folder / "nl.csv", index=False)
            rows.append(_case("landelijk (14.500 buurten, 200.000 incidenten)", folder / "nl.gpkg", "buurten",
                              folder / "nl.csv", 1, folder))
    return rows
