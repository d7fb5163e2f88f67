"""The workbook's data rows written a column at a time (:mod:`mapping.sheetxml`, issue 19) are the cells xlsxwriter
writes one by one: the same workbook in openpyxl, cell by cell (value, type, number format, alignment), on sheets
built to trip an XML writer (markers, NaN and infinity, empty cells and rows, formulas, control characters, the
``_xHHHH_`` escape, ampersands and angle brackets, leading and trailing spaces, text beyond Excel's limit,
booleans, non-BMP characters)."""
from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest

from mapping.disclosure import PrivacyLog, PrivacyRules
from mapping.meta import ReportMeta
from mapping.sheetxml import column_letter
from mapping.workbook import write_workbook

HOSTILE = ["Kerkstraat & Markt", "<5", "x", "=SUM(A1:A2)", "+31", "-3", "@home", "\tindent", " lead", "trail ",
           "a\x01b\x1fc", "_x0041_ literal", "line\nbreak", "<r>not rich</r>", "é ß 😀", "", "tail\n",
           "y" * 40_000, "😀" * 20_000, "\ufffe\uffff"]


def _sheets() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(3)
    n = 60
    areas = pd.DataFrame({
        "code": [f"BU{i:08d}" for i in range(n)], "name": [HOSTILE[i % len(HOSTILE)] for i in range(n)],
        "count": pd.array([None if i % 7 == 0 else int(v) for i, v in enumerate(rng.poisson(30, n))], dtype=object),
        "rate": np.where(np.arange(n) % 11 == 0, np.nan, rng.normal(10, 3, n)),
        "z": np.where(np.arange(n) % 13 == 0, np.inf, rng.normal(0, 2, n)),
        "p": rng.uniform(0, 1e-9, n), "water": [bool(i % 2) for i in range(n)],
        "gi_label": ["Hot spot (99%)", None, "Niet significant"] * (n // 3),
    })
    areas.loc[3, "count"] = "<5"
    areas.loc[4, "count"] = "x"
    blank = pd.DataFrame({"code": [None, "BU1", None], "count": [None, 3, None]})
    week = pd.DataFrame({"day": ["maandag"] * 24, "hour": range(24), "count": np.linspace(0, 1e15, 24),
                         "expected": 1e-300})
    return {"Gebieden": areas, "Leeg": blank, "Week x uur": week, "Alleen kop": areas.iloc[:0]}


def _cells(path) -> dict:
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None or c.has_style:
                    out[(ws.title, c.coordinate)] = (c.value, c.data_type, c.number_format, c.alignment.horizontal)
        out[(ws.title, "dimensions")] = ws.dimensions
    return out


def test_the_column_at_a_time_rows_are_xlsxwriters_cells(tmp_path):
    meta = ReportMeta(title="Toets", privacy=PrivacyRules(5))
    fast = write_workbook(_sheets(), tmp_path / "snel.xlsx", meta, PrivacyLog(meta.privacy), level="buurt")
    slow = write_workbook(_sheets(), tmp_path / "cel.xlsx", meta, PrivacyLog(meta.privacy), level="buurt",
                          cell_by_cell=True)
    got, want = _cells(fast), _cells(slow)
    assert got.keys() == want.keys()
    differ = {k: (got[k], want[k]) for k in want if got[k] != want[k]}
    # xlsxwriter writes a text between <r> and </r> raw into the XML as rich text (which shows nothing here);
    # ours is the text itself
    assert differ and all(g[0] == "<r>not rich</r>" and w[0] == "" for g, w in differ.values()), differ
    wb = openpyxl.load_workbook(fast)
    ws = wb["Gebieden"]
    assert ws["C2"].value is None and ws["C5"].value == "<5" and ws["C5"].alignment.horizontal == "right"
    assert ws["C3"].data_type == "n" and ws["C3"].number_format == "#,##0"
    # Excel reads the _xHHHH_ escapes back; openpyxl leaves them
    assert ws["B5"].value == "'=SUM(A1:A2)" and ws["B12"].value == "a_x0001_b_x001F_c"
    assert len(ws["B19"].value) == 32767 and ws.freeze_panes == "A2"
    assert wb.sheetnames == ["Gebieden", "Leeg", "Week x uur", "Alleen kop", "Toelichting"]


@pytest.mark.parametrize("index, letters", [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")])
def test_column_letters(index, letters):
    assert column_letter(index) == letters
