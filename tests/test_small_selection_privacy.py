"""A selection of fewer incidents than ``--suppress-below``: no output tells when or where they happened.

A privacy audit of ``wijkbeeld analyse --suppress-below 5`` on a category of three incidents found: the period
as the first and last incident date ("01-07-2017 t/m 19-09-2017"); the week x uur sheet with its empty cells
as 0 and the others hidden (the hours of the incidents); "Maar 1 van de 3 incidenten (33%) ligt binnen de
gebieden; de andere liggen 9,9 tot 14,1 km ..." (the verb, the share and the distances of single incidents);
"33% van de incidenten begint om 00:00" (a share of a small total); and samenvatting.json counting every
secondary cell twice (16 where the GeoPackage and the workbook say 8). Generated data, the real command line
and the real writers; the assertions read what was written.
"""
from __future__ import annotations

import html
import json
import re
import sqlite3

import numpy as np
import openpyxl
import pandas as pd
import pytest

from mapping.disclosure import PrivacyRules
from mapping.meta import ReportMeta
from report_text import json_strings
from grid_data import X0, Y0, corner_incidents, grid_buurten

SIDE = 6
SMALL = "Overlast jeugd"
#: The three incidents of the small category: one inside the areas, two far outside; one at midnight without end.
SMALL_ROWS = [("2017-07-01 10:15", "2017-07-01 11:00", X0 + 1210.0, Y0 + 760.0),
              ("2017-08-14 00:00", None, X0 - 9000.0, Y0 + 500.0),
              ("2017-09-19 23:30", "2017-09-20 00:30", X0 - 14000.0, Y0 + 500.0)]
DAYS = ("01-07-2017", "14-08-2017", "19-09-2017")


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("klein")
    rng = np.random.default_rng(7)
    grid_buurten(folder, SIDE, rng)
    big = corner_incidents(rng, 400, SIDE)
    small = pd.DataFrame({"id": ["K1", "K2", "K3"], "x": [r[2] for r in SMALL_ROWS], "y": [r[3] for r in SMALL_ROWS],
                          "start": [r[0] for r in SMALL_ROWS], "end": [r[1] for r in SMALL_ROWS], "category": SMALL})
    pd.concat([big, small], ignore_index=True).to_csv(folder / "meldingen.csv", index=False)
    return folder


def analyse(cli, data, out, *extra):
    code, stdout, err = cli("analyse", "--areas", data / "buurten.gpkg", "--incidents", data / "meldingen.csv",
                            "--out", out, *extra)
    assert code == 0, err
    return stdout


def texts(out) -> dict[str, str]:
    """Every text of every output, one string per file (the workbook per sheet)."""
    found = {"samenvatting.json": " | ".join(json_strings(json.loads((out / "samenvatting.json").read_text("utf-8"))))}
    book = openpyxl.load_workbook(out / "resultaten.xlsx", read_only=True)
    for ws in book.worksheets:
        found[ws.title] = " | ".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    book.close()
    with sqlite3.connect(out / "resultaten.gpkg") as con:
        found["wijkbeeld_metadata"] = " | ".join(str(v) for (v,) in con.execute("SELECT value FROM wijkbeeld_metadata"))
    page = (out / "kaart.html").read_text(encoding="utf-8")
    found["kaart.html"] = html.unescape(re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), page))
    return found


def sheet(out, name) -> list[tuple]:
    book = openpyxl.load_workbook(out / "resultaten.xlsx", read_only=True)
    rows = list(book[name].iter_rows(values_only=True))
    book.close()
    return rows


@pytest.fixture(scope="module")
def protected(data, tmp_path_factory):
    """``analyse --category SMALL --suppress-below 5`` (a module's one run: the command line in this process)."""
    from desktop.cli import main

    out = tmp_path_factory.mktemp("beschermd") / "uit"
    assert main(["analyse", "--areas", str(data / "buurten.gpkg"), "--incidents", str(data / "meldingen.csv"),
                 "--out", str(out), "--category", SMALL, "--suppress-below", "5"]) == 0
    return out


def test_the_period_of_a_small_selection_gives_no_day(protected):
    summary = json.loads((protected / "samenvatting.json").read_text("utf-8"))
    assert summary["incidents"] in ("<5", "x")  # x: read = counted + outside, the outside hidden
    assert summary["period"] == "2017-07 t/m 2017-09"
    for name, text in texts(protected).items():
        for day in DAYS:
            assert day not in text, (name, day)
        assert not re.search(r"\b\d{2}-\d{2}-2017\b", text), name
    assert "2017-07 t/m 2017-09" in texts(protected)["Toelichting"]


def test_the_sentences_of_a_small_selection_tell_no_count(protected):
    found = texts(protected)
    summary = json.loads((protected / "samenvatting.json").read_text("utf-8"))
    inside = [w for w in summary["warnings"] if "binnen de gebieden" in w]
    assert inside and inside[0].startswith("Maar <5 van de <5 incidenten liggen binnen de gebieden."), inside
    midnight = [w for w in summary["warnings"] if "om 00:00" in w]
    assert midnight and midnight[0].startswith("<5 van de <5 incidenten beginnen om 00:00"), midnight
    for name, text in found.items():
        for leak in (" ligt binnen", "km van de gebieden", "gebied (mediaan", "33%", "67%", "begint om", "1 van de 3",
                     "3 incidenten"):
            assert leak not in text, (name, leak)


def test_without_a_threshold_the_same_outputs_keep_their_detail(cli, data, tmp_path):
    out = tmp_path / "open"
    analyse(cli, data, out, "--category", SMALL)
    summary = json.loads((out / "samenvatting.json").read_text("utf-8"))
    assert summary["period"] == "01-07-2017 t/m 19-09-2017"
    assert "hot_times_afgeschermd" not in summary
    assert len(sheet(out, "Week x uur")) == 1 + 7 * 24
    warnings = " | ".join(summary["warnings"])
    assert "Maar 1 van de 3 incidenten (33%) ligt binnen de gebieden; de andere liggen" in warnings
    assert "1 van de 3 incidenten (33%) begint om 00:00" in warnings


def test_every_output_counts_the_hidden_values_once(cli, data, tmp_path):
    """samenvatting.json summed the logs of the GeoPackage and the workbook (which hold the same areas): twice
    the secondary cells that each file says. Now every output gives the numbers of its cells, and the summary
    counts each hidden value once."""
    out = tmp_path / "alle"
    analyse(cli, data, out, "--suppress-below", "5")
    summary = json.loads((out / "samenvatting.json").read_text("utf-8"))["privacy"]
    with sqlite3.connect(out / "resultaten.gpkg") as con:
        meta = dict(con.execute("SELECT key, value FROM wijkbeeld_metadata").fetchall())
        cells = [v for (v,) in con.execute("SELECT count FROM gebieden")]
    rows = sheet(out, "Gebieden")
    column = rows[0].index("Aantal")
    book = [r[column] for r in rows[1:]]
    primary, secondary = cells.count("<5"), cells.count("x")
    assert secondary > 0 and primary > 0
    assert (book.count("<5"), book.count("x")) == (primary, secondary)
    assert (int(meta["afgeschermde_waarden"]), int(meta["secundair_afgeschermde_waarden"])) == (primary, secondary)
    # the workbook holds the same areas and the week x uur cells and hot blocks besides (tests/test_week_sheet_marks)
    week = sheet(out, "Week x uur") + sheet(out, "Hot times")
    in_book = (primary + sum(v == "<5" for r in week for v in r), secondary + sum(v == "x" for r in week for v in r))
    assert summary["afgeschermde_waarden_per_bestand"] == {"resultaten.gpkg": primary, "resultaten.xlsx": in_book[0]}
    assert summary["secundair_afgeschermde_waarden_per_bestand"] == {"resultaten.gpkg": secondary,
                                                                     "resultaten.xlsx": in_book[1]}
    assert (summary["afgeschermde_waarden"], summary["secundair_afgeschermde_waarden"]) == in_book  # each once
    said = texts(out)["Toelichting"]
    assert f"{in_book[0]} kleine aantallen als '<5' en {in_book[1]} aantallen als 'x' in deze werkmap" in said


def test_charts_of_fewer_incidents_than_the_threshold_hide_every_cell():
    from matplotlib.patches import Rectangle

    from mapping.charts import calendar_chart, figure_texts, monthly_chart, week_hour_chart

    cells = np.zeros((7, 24))
    cells[1, 15], cells[4, 23] = 2.0, 1.0
    fig = week_hour_chart(cells.tolist(), title="t", threshold=5, blocks=[{"day": "dinsdag", "start": "15:00",
                                                                          "hours": 1}])
    grey = [p for p in fig.axes[0].patches if isinstance(p, Rectangle) and p.get_fill() and p.get_width() == 1]
    assert len(grey) == 7 * 24 and not any(not p.get_fill() for p in fig.axes[0].patches)  # no block outlined
    assert "minder dan 5 incidenten: niet getoond" in figure_texts(fig)
    fig = monthly_chart(["2017-07", "2017-08", "2017-09"], [1, 0, 2], title="t", threshold=5)
    assert fig.axes[0].lines[0].get_ydata().tolist() == [None] * 3 or np.isnan(
        np.asarray(fig.axes[0].lines[0].get_ydata(), dtype=float)).all()
    fig = calendar_chart({2017: [0] * 6 + [1, 0, 2, 0, 0, 0]}, title="t", threshold=5)
    assert not any(t.isdigit() for t in figure_texts(fig) if t not in {"2017"})  # no cell says its number
    # with enough incidents the zeros stay zeros
    cells[2, 8] = 30.0
    fig = week_hour_chart(cells.tolist(), title="t", threshold=5)
    grey = [p for p in fig.axes[0].patches if isinstance(p, Rectangle) and p.get_fill() and p.get_width() == 1]
    assert len(grey) == 2


def test_inzet_and_spacetime_exports_say_their_notes_as_the_other_outputs(data, tmp_path):
    """The plan's notes and warnings ("2 incidenten liggen buiten alle gebieden") and the space-time maps' notes
    went into the exports as written; now through ReportMeta.sentence, as every export's sentences."""
    import importers
    from hotspots.inzet import plan as inzet
    from mapping import inzet_export
    from mapping.webmap import render_html

    areas, _ = importers.read_boundaries(data / "buurten.gpkg")
    incidents, _ = importers.read_incidents(data / "meldingen.csv")
    plan = inzet.run(areas, incidents, {"shifts": 3, "shift_hours": 4})
    assert any("2 incidenten liggen buiten" in n for n in plan.notes)
    meta = ReportMeta(title="Inzet", privacy=PrivacyRules(5))
    page = inzet_export.render_html(plan, meta=meta)
    assert "&lt;5 incidenten liggen buiten" in page and "2 incidenten liggen buiten" not in page
    inzet_export.write_xlsx(plan, tmp_path / "inzet.xlsx", meta)
    book = openpyxl.load_workbook(tmp_path / "inzet.xlsx", read_only=True)
    said = " ".join(str(v) for row in book["Toelichting"].iter_rows(values_only=True) for v in row if v)
    book.close()
    assert "<5 incidenten liggen buiten" in said and "2 incidenten liggen buiten" not in said
    assert "2 incidenten liggen buiten" in inzet_export.render_html(plan)  # without a threshold: as written

    from hotspots.inputs import Inputs
    from hotspots.spacetime import emerging
    from mapping.spacetime_map import emerging_map

    result = emerging.run(Inputs(areas=areas, incidents=incidents[incidents["category"] != SMALL]))
    result.warnings = [*result.warnings, "Er zijn maar 3 incidenten in de laatste maand."]
    page = render_html(emerging_map(result, meta=meta))
    assert "maar 3 incidenten" not in page and "maar \\u003c5 incidenten" in page.replace("&lt;", "\\u003c")
