"""Rapport maken follows the window's level (Gemeente/Wijk/Buurt) and a chart click's filter (issues 12 and 18).

At level wijk the report's hot-spot table is the window's wijk table (its hot spots, the same numbers); with the
filter "dinsdag 20:00-21:00" the report counts exactly the incidents that start then (a pandas count), and the
title page and the captions say both ("Gebieden: niveau wijk", "alleen dinsdag 20:00-21:00").
"""
from __future__ import annotations

import shutil

import pandas as pd
import pytest
from PySide6.QtCore import Qt

from test_report_window import _docx, _make, _pdf_text, _privacy  # noqa: E402
from tests.report_text import docx_text

pytestmark = pytest.mark.qt
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) ontbreekt")

HEAD = ["Code", "Naam", "Aantal", "Per 1.000 inw.", "Gi* z", "Klasse"]


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def _window_table(window) -> pd.DataFrame:
    m = window.table.model
    heads = [m.headerData(i, Qt.Orientation.Horizontal) for i in range(m.columnCount())]
    return pd.DataFrame({h: m.column_texts(i) for i, h in enumerate(heads)})


def _hot_table(doc) -> pd.DataFrame:
    """The report's hot-spot table (Word) as text."""
    table = next(t for t in doc.tables if [c.text for c in t.rows[0].cells] == HEAD)
    return pd.DataFrame([[c.text for c in row.cells] for row in table.rows[1:]], columns=HEAD)


def _wijk_table(doc) -> pd.DataFrame:
    """The report's table per wijk (Ontwikkeling: this period against a year earlier), as text."""
    head = ["Wijk", "Naam", "Deze periode", "Een jaar eerder", "Verschil"]
    table = next(t for t in doc.tables if [c.text for c in t.rows[0].cells] == head)
    return pd.DataFrame([[c.text for c in row.cells] for row in table.rows[1:]], columns=head)


def test_the_report_at_level_wijk_is_the_windows_wijk_table(demo, qtbot, monkeypatch, tmp_path):
    c = demo.controller
    with qtbot.waitSignal(c.analysis.done, timeout=120000):
        c.analysis.set_level("wijk")
    qtbot.waitUntil(lambda: not c.analysis.runner.is_running(), timeout=60000)
    window = _window_table(demo).set_index("Code")
    assert len(window) == 15 and window.index.str.startswith("WK").all()
    _privacy(monkeypatch, None)
    path = _make(demo, qtbot, monkeypatch, tmp_path / "rapport.docx", "Word-document (*.docx)")
    doc = _docx(path)
    report = _wijk_table(doc).set_index("Wijk")
    # every wijk of the window with incidents is in the report, with the window's name and number
    counted = window[[_number(x) > 0 for x in window["Aantal"]]]
    assert set(counted.index) <= set(report.index) <= set(window.index)
    for code, row in report.iterrows():
        assert row["Naam"] == window.loc[code, "Naam"], code
        assert _number(row["Deze periode"]) == _number(window.loc[code, "Aantal"]), code
    # the hot spots as the window has them at wijk level (the demo's wijken: none after FDR)
    hot = window[window["Klasse"].str.startswith("Hot spot")]
    shown = [t for t in doc.tables if [x.text for x in t.rows[0].cells] == HEAD]
    assert len(shown) == (1 if len(hot) else 0)
    if len(hot):
        assert sorted(_hot_table(doc)["Code"]) == sorted(hot.index)
    text = docx_text(path)
    assert "Gebieden: niveau wijk" in text and "Hot spots en cold spots per wijk" in text


@needs_poppler
def test_the_report_under_a_chart_filter_counts_those_incidents(demo, qtbot, monkeypatch, tmp_path):
    c = demo.controller
    with qtbot.waitSignal(c.analysis.done, timeout=120000):
        c.selection.pick_when({"day": 1, "hour": 20})
    qtbot.waitUntil(lambda: not c.analysis.runner.is_running(), timeout=60000)
    f = c.chosen.filters
    _privacy(monkeypatch, None)
    out = _make(demo, qtbot, monkeypatch, tmp_path / "rapport.pdf")
    first = _pdf_text(out)[0]
    assert "Alleen dinsdag 20:00-21:00" in first, first
    # the pandas count: incidents in the period starting on a Tuesday between 20:00 and 21:00 (the report's total
    # counts those located in an area, as the map and the tables; the headline says those outside apart)
    p = c.state.project
    inc = p.incidents
    start = pd.to_datetime(inc["start"])
    lo, hi = pd.Period(f["start"], "M").start_time, pd.Period(f["end"], "M").end_time
    when = start.between(lo, hi) & (start.dt.day_of_week == 1) & (start.dt.hour == 20)
    if f.get("category"):
        when &= inc["category"] == f["category"]
    assert 0 < int(when.sum()) < int(start.between(lo, hi).sum())
    keep = when & inc["area"].notna()
    n = int(keep.sum())
    outside = int(when.sum()) - n
    said = f" ({outside} buiten de {{}}, niet meegeteld)" if outside else ""
    flat = " ".join(first.split())
    assert any(f"{n} geregistreerde incidenten in deze periode{said.format(w)};" in flat
               for w in ("buurten", "wijken")), flat
    assert n == int(c.state.analysis.result.areas["count"].sum())  # the window's map and table under the filter
    # per wijk, as pandas counts them
    path = _make(demo, qtbot, monkeypatch, tmp_path / "rapport.docx", "Word-document (*.docx)")
    doc = _docx(path)
    wijk_of = dict(zip(p.areas["code"].astype(str), p.areas["wijk_code"].astype(str)))
    per_wijk = inc.loc[keep, "area"].astype(str).map(wijk_of).value_counts()
    report = _wijk_table(doc).set_index("Wijk")
    assert sum(_number(x) for x in report["Deze periode"]) == n
    for code, row in report.iterrows():
        assert _number(row["Deze periode"]) == per_wijk.get(code, 0), code
    text = docx_text(path)
    assert "alleen dinsdag 20:00-21:00" in text and "Alleen dinsdag 20:00-21:00" in text
    # the hot times weigh the whole time window of those incidents: the report says why they reach beyond the hour
    assert "Dit rapport neemt alleen dinsdag 20:00-21:00, naar het begin van elk incident" in text


@needs_poppler
def test_the_report_follows_two_sources_and_a_theme(demo, qtbot, monkeypatch, tmp_path):
    """Two incident sources and the theme 'Fiets en afval' across them: the report counts exactly the theme's
    incidents of both sources in the window's period (a pandas count), is named after the theme and says its
    sources on the title page."""
    import re

    from test_spacetime_choice import two_sources_and_a_theme

    c = demo.controller
    first, boa, chosen = two_sources_and_a_theme(demo, qtbot, tmp_path)
    c.chosen.filters = dict(c.chosen.filters, start="2016-01", end="2016-12", category=None)
    qtbot.waitUntil(lambda: not c.analysis.runner.is_running(), timeout=120000)
    _privacy(monkeypatch, None)
    out = _make(demo, qtbot, monkeypatch, tmp_path / "rapport.pdf")
    first_page = _pdf_text(out)[0]
    flat = " ".join(first_page.split())
    assert "Veiligheidsbeeld Fiets en afval" in flat, flat
    assert "Thema Fiets en afval" in flat and boa in flat, flat
    start = pd.to_datetime(chosen["start"])
    expected = int(start.between(pd.Timestamp("2016-01-01"), pd.Timestamp("2016-12-31 23:59:59")).sum())
    # those in a buurt, and those outside every buurt said beside them
    said = re.search(r"([\d.]+) geregistreerde incidenten in deze periode(?: \((\d+) buiten de buurten, niet "
                     r"meegeteld\))?;", flat)
    assert said is not None, flat
    assert int(said.group(1).replace(".", "")) + int(said.group(2) or 0) == expected, (flat, expected)
    in_2016 = start.dt.year == 2016
    assert expected > int((in_2016 & (chosen["category"] != "Afval")).sum())  # the BOA reports are in the count
