"""The workbook for people against ``DataFrame.to_csv`` of the same sheets (issue 19: aim within 3x).

* ours: :func:`mapping.export.write_xlsx` (the disclosure rules, Dutch headers, number formats, the data rows
  a column at a time by :mod:`mapping.sheetxml`, the rest and the Toelichting sheet by xlsxwriter) of a
  hot-spot result's areas, the week x hour table and the trend tests;
* peer: ``DataFrame.to_csv`` (``;``, decimal comma) of the same published sheets, one file each.

``ratio`` is peer time / our time (0.33 means our workbook takes 3x the CSV). Quick: the demo's 108
buurten; full: 14,500 national buurt-like areas. The peer writes tables that went through the disclosure
rules already; ours applies them too (at 108 rows that and the workbook's fixed parts are most of the time).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from common import best_time, result


def _tables(areas):
    from mapping.styles import GI_LABELS

    rng = np.random.default_rng(0)
    n = len(areas)
    a = areas[["code", "geometry"]].copy()
    a["name"] = [f"Buurt {i}" for i in range(n)]
    a["count"] = rng.poisson(40, n)
    a["population"] = rng.integers(100, 9000, n).astype(float)
    a["rate"] = 1000 * a["count"] / a["population"]
    a["rate_eb"] = a["rate"] * 0.9
    a["z"] = rng.normal(0, 1.5, n)
    a["p"] = rng.uniform(0, 1, n)
    a["p_fdr"] = np.minimum(1, a["p"] * 1.5)
    a["gi_class"] = np.clip(np.round(a["z"]), -3, 3).astype(int)
    a["gi_label"] = a["gi_class"].map(GI_LABELS)
    week = pd.DataFrame({"day": np.repeat(["maandag"], 168), "hour": np.tile(range(24), 7),
                         "count": rng.uniform(0, 300, 168), "expected": 150.0, "p_fdr": rng.uniform(0, 1, 168)})
    trends = pd.DataFrame({"code": a["code"], "category": "alle", "s": rng.integers(-50, 50, n),
                           "var_s": rng.uniform(100, 900, n), "n": 36, "tau": rng.uniform(-1, 1, n),
                           "p": rng.uniform(0, 1, n), "p_fdr": rng.uniform(0, 1, n), "slope": rng.normal(0, 1, n),
                           "direction": "geen trend", "dispersion": rng.uniform(1, 3, n)})
    return {"Gebieden": a, "Week x uur": week, "Trends": trends}


def _one(label, areas, repeat):
    from mapping.disclosure import PrivacyRules, apply_rules
    from mapping.export import area_table, write_xlsx
    from mapping.meta import ReportMeta

    tables = _tables(areas)
    meta = ReportMeta(title="Benchmark", privacy=PrivacyRules(5))
    published = {"Gebieden": area_table(tables["Gebieden"], meta.privacy)[0].drop(columns="geometry"),
                 "Week x uur": apply_rules(tables["Week x uur"], meta.privacy)[0],
                 "Trends": apply_rules(tables["Trends"], meta.privacy)[0]}
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        ours, _ = best_time(lambda: write_xlsx(tables, folder / "r.xlsx", meta), repeat)
        peer, _ = best_time(lambda: [t.to_csv(folder / f"{i}.csv", sep=";", decimal=",", index=False)
                                     for i, t in enumerate(published.values())], repeat)
    return result(f"xlsx: {label}", ours, "DataFrame.to_csv (zelfde bladen)", peer, aim="ratio >= 0.33 (binnen 3x)",
                  rows=int(len(areas)))


def run(quick: bool = False) -> list[dict]:
    import importers
    from resources import demo

    areas, _ = importers.read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)
    rows = [_one("demo (108 buurten)", areas, 5)]
    if not quick:
        from data import buurten

        rows.append(_one("landelijk (14.500 buurten)", buurten(), 3))
    return rows
