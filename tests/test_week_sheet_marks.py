"""The workbook's "Week x uur" sheet under ``--suppress-below 5``: hidden cells say so, and are counted.

The protection (:mod:`mapping.protect`) gives the hidden cells of the week-hour grid as ``'<5'`` (primary) and
``'x'`` (secondary), but :func:`mapping.disclosure.apply_rules` read them as numbers: they came out as EMPTY
cells (an empty cell reads as nothing there, or as a missing value) and were not counted in the privacy log.
Generated incidents with a known count per hour of the week; the real command line; the workbook read back.
"""
from __future__ import annotations

import json

import numpy as np
import openpyxl
import pandas as pd
import pytest

from grid_data import SIZE, X0, Y0, grid_buurten

SIDE = 5
MONDAY = pd.Timestamp("2018-01-01")  # a Monday
#: Cells (day, hour) of the week with a small count (primary) and with none; every other cell has 12.
SMALL = {(0, 3): 2, (2, 4): 1, (4, 2): 3, (6, 5): 4}
EMPTY = {(1, 3), (5, 4)}


def grid() -> np.ndarray:
    cells = np.full((7, 24), 12)
    for (d, h), n in SMALL.items():
        cells[d, h] = n
    for d, h in EMPTY:
        cells[d, h] = 0
    return cells


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("week")
    rng = np.random.default_rng(11)
    grid_buurten(folder, SIDE, prefix="BU0015")
    rows = []
    for (d, h), n in np.ndenumerate(grid()):
        for k in range(n):  # each in one hour of one week of 2018, 10 to 40 minutes past the hour
            start = MONDAY + pd.Timedelta(weeks=int(rng.integers(0, 52)), days=d, hours=h, minutes=10)
            rows.append((start, start + pd.Timedelta(minutes=30)))
    n = len(rows)
    frame = pd.DataFrame({"id": [f"W{i:05d}" for i in range(n)],
                          "x": (X0 + SIZE * SIDE * rng.beta(1.5, 3.0, n)).round(),
                          "y": (Y0 + SIZE * SIDE * rng.beta(1.5, 3.0, n)).round(),
                          "start": [s.strftime("%Y-%m-%d %H:%M") for s, _ in rows],
                          "end": [e.strftime("%Y-%m-%d %H:%M") for _, e in rows], "category": "Inbraak"})
    frame.to_csv(folder / "meldingen.csv", index=False)
    return folder


def run(cli, data, out, *extra) -> dict:
    code, _, err = cli("analyse", "--areas", data / "buurten.gpkg", "--incidents", data / "meldingen.csv",
                       "--out", out, *extra)
    assert code == 0, err
    return json.loads((out / "samenvatting.json").read_text("utf-8"))


def sheets(out) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(out / "resultaten.xlsx", read_only=True)
    found = {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}
    book.close()
    return found


def test_hidden_week_cells_show_their_marks_and_are_counted(cli, data, tmp_path):
    out = tmp_path / "beschermd"
    summary = run(cli, data, out, "--suppress-below", "5")
    book = sheets(out)
    week = book["Week x uur"]
    head = week[0]
    day, hour, count = head.index("Dag"), head.index("Uur"), head.index("Aantal")
    days = list(dict.fromkeys(r[day] for r in week[1:]))
    shown = {(days.index(r[day]), int(r[hour])): r[count] for r in week[1:]}
    assert len(shown) == 7 * 24
    for cell, n in SMALL.items():
        assert shown[cell] == "<5", cell
    for cell in EMPTY:
        assert shown[cell] == 0, cell
    assert not any(v is None for v in shown.values())  # a hidden cell is never an empty cell
    secondary = [c for c, v in shown.items() if v == "x"]
    assert secondary and all(grid()[c] == 12 for c in secondary)
    assert all(v == grid()[c] for c, v in shown.items() if v not in ("<5", "x"))

    # the workbook's log counts every mark of every sheet, the week's among them
    marks = {m: sum(v == m for name, rows in book.items() if name != "Toelichting" for r in rows[1:] for v in r)
             for m in ("<5", "x")}
    week_marks = {m: sum(v == m for r in week[1:] for v in r) for m in ("<5", "x")}
    assert week_marks["<5"] >= len(SMALL) and week_marks["x"] == len(secondary)
    said = " ".join(str(v) for r in book["Toelichting"] for v in r if v is not None)
    assert f"{marks['<5']} kleine aantallen als '<5' en {marks['x']} aantallen als 'x' in deze werkmap" in said
    privacy = summary["privacy"]
    assert privacy["afgeschermde_waarden_per_bestand"]["resultaten.xlsx"] == marks["<5"]
    assert privacy["secundair_afgeschermde_waarden_per_bestand"]["resultaten.xlsx"] == marks["x"]
    # the summary counts each hidden value once: the areas (in both files) and the workbook's other tables
    assert (privacy["afgeschermde_waarden"], privacy["secundair_afgeschermde_waarden"]) == (marks["<5"], marks["x"])
    assert privacy["afgeschermde_waarden"] > privacy["afgeschermde_waarden_per_bestand"]["resultaten.gpkg"]


def test_without_a_threshold_the_week_sheet_has_every_count(cli, data, tmp_path):
    out = tmp_path / "open"
    run(cli, data, out)
    week = sheets(out)["Week x uur"]
    count = week[0].index("Aantal")
    values = [r[count] for r in week[1:]]
    assert len(values) == 7 * 24 and all(isinstance(v, (int, float)) for v in values)
    assert sorted(set(values)) == sorted(set(grid().ravel().tolist()))
