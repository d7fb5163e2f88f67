"""The Inzetplanner's Terugblik of a selection of fewer incidents than ``--suppress-below``: no incident's day.

Without ``--evaluate-to`` the Terugblik ends on the day of the last incident ("Terugblik: periode 2017-08-01 tot
2017-09-19"); of a small selection that is the date of one incident. Its history was given in months already
(commit ece61c3); now the Terugblik is too, in the workbook, the page and the printed text, through the real
command line (``wijkbeeld inzet``, which now takes the export rules).
"""
from __future__ import annotations

import html

import openpyxl
import pandas as pd

from test_small_selection_privacy import X0, Y0, data  # noqa: F401 (fixture)

#: Four incidents inside the areas: two in the history (July), two in the Terugblik, the last on 19-09-2017.
ROWS = [("2017-07-03 10:15", X0 + 1210.0, Y0 + 760.0), ("2017-07-20 14:10", X0 + 1260.0, Y0 + 720.0),
        ("2017-08-10 15:20", X0 + 1230.0, Y0 + 790.0), ("2017-09-19 21:30", X0 + 1190.0, Y0 + 750.0)]
DAYS = ("03-07-2017", "2017-07-03", "19-09-2017", "2017-09-19", "20-09-2017", "2017-09-20")


def inzet(cli, data, tmp_path, *extra):
    incidents = tmp_path / "weinig.csv"
    pd.DataFrame({"id": [f"K{i}" for i in range(len(ROWS))], "start": [r[0] for r in ROWS],
                  "x": [r[1] for r in ROWS], "y": [r[2] for r in ROWS], "category": "Overlast"}).to_csv(incidents,
                                                                                                     index=False)
    book, page = tmp_path / "inzet.xlsx", tmp_path / "inzet.html"
    code, out, err = cli("inzet", "--areas", data / "buurten.gpkg", "--incidents", incidents, "--shifts", "2",
                         "--shift-hours", "4", "--evaluate-from", "2017-08-01", "--xlsx", book, "--html", page,
                         *extra)
    assert code == 0, err
    wb = openpyxl.load_workbook(book, read_only=True)
    figures = {r[0]: r[1] for r in wb["Kengetallen"].iter_rows(values_only=True)}
    texts = {ws.title: " | ".join(str(v) for r in ws.iter_rows(values_only=True) for v in r if v is not None)
             for ws in wb.worksheets}
    wb.close()
    texts["inzet.html"] = html.unescape(page.read_text(encoding="utf-8"))
    texts["stdout"] = out
    return figures, texts


def test_the_lookback_of_a_small_selection_is_in_months(cli, data, tmp_path):
    figures, texts = inzet(cli, data, tmp_path, "--suppress-below", "5")
    assert figures["Terugblik: periode"] == "2017-08 t/m 2017-09"
    assert figures["Historie"] == "2017-07 t/m 2017-07"
    assert "Terugblik 2017-08 t/m 2017-09: trefkans" in texts["stdout"]
    for name, text in texts.items():
        for day in DAYS:
            assert day not in text, (name, day)


def test_without_a_threshold_the_lookback_keeps_its_days(cli, data, tmp_path):
    figures, texts = inzet(cli, data, tmp_path)
    # 'tot': the end not included, as the history's; the last incident (19-09-2017 21:30) lies inside
    assert figures["Terugblik: periode"] == "2017-08-01 tot 2017-09-20"
    assert figures["Historie"] == "03-07-2017 tot 01-08-2017"
    assert "Terugblik 2017-08-01 tot 2017-09-20: trefkans" in texts["stdout"]
