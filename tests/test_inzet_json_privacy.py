"""``wijkbeeld inzet --json`` under ``--suppress-below``: what it prints follows the rules of the files it writes.

Found by a review: with ``--suppress-below 5`` the rooster (``--xlsx``, ``--html``) and the printed text gave the
history and the Terugblik of a selection of four incidents in months, but ``--json`` printed the raw plan: the
history from the day of the first incident ("2017-07-03"), the Terugblik up to the day of the last ("2017-09-19"),
the notes with the days, and the Terugblik's number of incidents (2.0). Now the JSON is the published plan
(:func:`mapping.inzet_export.published`). The HTML page's "Plan voor" line gave the last incident's day too (the
four weeks planned start the day after it). Generated data, the real command line, the files of the same run.
"""
from __future__ import annotations

import html
import json

import openpyxl
import pandas as pd
import pytest

from report_text import json_strings
from test_small_selection_inzet import ROWS
from test_small_selection_privacy import data  # noqa: F401 (fixture)

#: The days of the first and last incident, and the days next to them that a period bound would give.
DAYS = ("03-07-2017", "2017-07-03", "19-09-2017", "2017-09-19", "20-09-2017", "2017-09-20", "18-09-2017",
        "2017-09-18")


@pytest.fixture()
def incidents(tmp_path):
    path = tmp_path / "weinig.csv"
    pd.DataFrame({"id": [f"K{i}" for i in range(len(ROWS))], "start": [r[0] for r in ROWS],
                  "x": [r[1] for r in ROWS], "y": [r[2] for r in ROWS], "category": "Overlast"}).to_csv(path,
                                                                                                 index=False)
    return path


def inzet(cli, data, incidents, tmp_path, *extra):
    """``wijkbeeld inzet ... --json --xlsx --html``: the JSON, the workbook's key figures and the page's text."""
    book, page = tmp_path / "inzet.xlsx", tmp_path / "inzet.html"
    code, out, err = cli("inzet", "--areas", data / "buurten.gpkg", "--incidents", incidents, "--shifts", "2",
                         "--shift-hours", "4", "--xlsx", book, "--html", page, "--json", *extra)
    assert code == 0, err
    wb = openpyxl.load_workbook(book, read_only=True)
    figures = {r[0]: r[1] for r in wb["Kengetallen"].iter_rows(values_only=True)}
    wb.close()
    return json.loads(out), figures, html.unescape(page.read_text(encoding="utf-8"))


def test_the_json_of_a_small_selection_follows_the_roosters_rules(cli, data, incidents, tmp_path):
    plan, figures, page = inzet(cli, data, incidents, tmp_path, "--evaluate-from", "2017-08-01",
                                "--suppress-below", "5")
    # the same periods as the workbook written by the same run, as first and last month
    assert figures["Historie"] == "2017-07 t/m 2017-07" and plan["history"] == ["2017-07", "2017-07"]
    assert figures["Terugblik: periode"] == "2017-08 t/m 2017-09"
    assert plan["target"] == plan["evaluation"]["period"] == ["2017-08", "2017-09"]
    assert "Terugblik op 2017-08 t/m 2017-09" in page
    # two incidents in the Terugblik: a count under the threshold, marked and not printed
    assert plan["evaluation"]["incidents"] == "<5"
    assert "uit de historie 2017-07 t/m 2017-07" in plan["notes"][0]
    assert plan["privacy"]["drempel_kleine_aantallen"] == 5
    said = " | ".join(json_strings(plan))
    for day in DAYS:
        assert day not in said and day not in page, day


def test_a_plan_ahead_of_a_small_selection_gives_no_day_either(cli, data, incidents, tmp_path):
    """Without --evaluate-from the plan is for the four weeks after the data: from the day after the last incident."""
    plan, figures, page = inzet(cli, data, incidents, tmp_path, "--suppress-below", "5")
    assert plan["history"] == ["2017-07", "2017-09"] and figures["Historie"] == "2017-07 t/m 2017-09"
    assert plan["target"] == ["2017-09", "2017-10"] and "Plan voor 2017-09 t/m 2017-10:" in page
    said = " | ".join(json_strings(plan))
    for day in DAYS:
        assert day not in said and day not in page, day


def test_without_a_threshold_the_json_keeps_days_and_counts(cli, data, incidents, tmp_path):
    """The periods are whole days, the end not included: a Terugblik to the end of the data ends after the day
    of the last incident (19-09-2017 21:30), and the page says that day as the last (it said 18-09-2017)."""
    plan, figures, page = inzet(cli, data, incidents, tmp_path, "--evaluate-from", "2017-08-01")
    assert plan["history"] == ["2017-07-03", "2017-08-01"]
    assert plan["target"] == plan["evaluation"]["period"] == ["2017-08-01", "2017-09-20"]
    assert plan["evaluation"]["incidents"] == 2.0 and "privacy" not in plan
    assert figures["Terugblik: periode"] == "2017-08-01 tot 2017-09-20"
    assert "Terugblik op 01-08-2017 t/m 19-09-2017:" in page


@pytest.mark.parametrize("threshold", [None, "5"])
def test_the_rooster_says_its_expected_numbers_are_rates_where_small_counts_are_hidden(cli, data, incidents, tmp_path,
                                                                                     threshold):
    """The privacy text of every export says expected counts under the threshold are marked; a rooster's 'verwacht
    per week' (0,24) is a rate and stays. With a threshold each file of the rooster says so, in the same words."""
    from mapping.inzet_export import EXPECTED_NOTE

    extra = ["--suppress-below", threshold] if threshold else []
    plan, _, page = inzet(cli, data, incidents, tmp_path, *extra)
    wb = openpyxl.load_workbook(tmp_path / "inzet.xlsx", read_only=True)
    cells = [str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    wb.close()
    said = (EXPECTED_NOTE in " ".join(page.split()), EXPECTED_NOTE in cells,
            plan.get("privacy", {}).get("verwacht_per_week") == EXPECTED_NOTE)
    assert said == ((True,) * 3 if threshold else (False,) * 3), said
