"""The week x uur table of a selection of fewer incidents than ``--suppress-below``: no cell told apart.

The audit's case (:mod:`test_small_selection_privacy`: a category of three incidents): the workbook's sheet
"Week x uur" showed the empty hours as 0 and the three others hidden, which told the hours of the incidents.
Now the table, its hot blocks and the report's chart are hidden whole, with one sentence that says why.
"""
from __future__ import annotations

import json

from test_small_selection_privacy import DAYS, SMALL, data, protected, sheet  # noqa: F401 (fixtures)


def test_the_week_hour_grid_of_a_small_selection_tells_no_hour(protected):
    summary = json.loads((protected / "samenvatting.json").read_text("utf-8"))
    assert summary["hot_times"] == [] and "minder dan 5 incidenten" in summary["hot_times_afgeschermd"]
    for name in ("Week x uur", "Hot times"):
        rows = sheet(protected, name)
        assert rows[0] == ("Tekst",) and len(rows) == 2, name  # one sentence, no cell at all
        assert "De tabel week x uur is afgeschermd" in rows[1][0], name
        assert not any(isinstance(v, (int, float)) for row in rows for v in row), name


def test_the_report_of_a_small_selection(cli, data, tmp_path):
    """The report's week x uur chart, hot blocks, calendar and monthly chart: no cell told apart; its sentences
    and period as the other outputs."""
    from report_text import flat, pdf_pages

    out = tmp_path / "rapport.pdf"
    code, _, err = cli("rapport", "--areas", data / "buurten.gpkg", "--incidents", data / "meldingen.csv",
                       "--category", SMALL, "--suppress-below", "5", "--referentie", "geen", "--ruimte-tijd", "geen",
                       "--out", out)
    assert code == 0, err
    text = flat(pdf_pages(out, "raw"))
    assert "De tabel week x uur is afgeschermd" in text
    for leak in (*DAYS, " ligt binnen", "km van de gebieden", "33%", "begint om"):
        assert leak not in text, leak
