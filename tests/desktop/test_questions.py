"""Issue 18: the officer's questions answered in the window, with the numbers of the core.

Is it getting worse than last year (Ontwikkeling: the monthly series with the year before, the
year-on-year table as ``wijkbeeld trends --compare`` gives it), period A against period B, which days
and hours (the hot-time blocks as ``hottimes`` computes them), and the early-warning months.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from desktop.panels.change_table import CODE_ROLE
from resources import demo

BZ = "BU00140001"  # Binnenstad-Zuid


def _cli_compare(cli, a: str, b: str, *source) -> dict:
    """``wijkbeeld trends --compare A B --json`` on the demo files: its table by code."""
    source = source or ("--incidents", demo.INCIDENTS, "--areas", demo.AREAS)
    code, out, err = cli("trends", *source, "--compare", a, b, "--json")
    assert code == 0, err
    return {row["code"]: row for row in json.loads(out)["comparison"]["table"]}


def _rows(change_table) -> dict:
    """A table's rows as shown: code -> the cells' texts."""
    t = change_table.table
    return {t.item(r, 0).data(CODE_ROLE): [t.item(r, c).text() for c in range(t.columnCount())]
            for r in range(t.rowCount())}


def _wait(qtbot, runner, done=lambda: True, window=None):
    """Until ``runner`` is done and ``done()`` holds; with ``window``, also until its Ontwikkeling view has drawn
    the result (it fills in slices)."""
    panel = (lambda: window.development_panel) if window is not None else (lambda: None)
    qtbot.waitUntil(lambda: done() and not runner.is_running() and not (panel() and panel().filling()),
                    timeout=30000)


def _development(window, qtbot, **filters):
    """The Ontwikkeling tab shown with ``filters`` (a period) set; its result."""
    c = window.controller
    if filters:
        c.chosen.filters = {"category": None, **filters}
    window.tabs.setCurrentIndex(2)
    want = (filters.get("start"), filters.get("end"))
    _wait(qtbot, c.development.dev_runner, lambda: c.questions.development is not None and (
        not filters or c.questions.development.period == want), window)
    return c.questions.development


def test_year_on_year_binnenstad_zuid_as_trends_compare(demo, qtbot, cli):
    """Period 2016 and Binnenstad-Zuid selected: the previous-year line is there, and the year-on-year table
    holds what `wijkbeeld trends --compare 2015-01:2015-12 2016-01:2016-12` prints, with names."""
    c = demo.controller
    c.selection.select([BZ], source="table")
    d = _development(demo, qtbot, start="2016-01", end="2016-12")
    panel = demo.development_panel
    assert d.period == ("2016-01", "2016-12") and d.previous == ("2015-01", "2015-12")
    # the charts: Binnenstad-Zuid and the gemeente, each with the same months of 2015 drawn
    assert list(panel.charts) == [BZ, "GM0014"]
    from hotspots.change.trends import run_trends

    core = run_trends(incidents=c.state.project.incidents, areas=c.state.project.areas).series
    core = core[core["code"] == BZ]
    core = core.set_index(core["month"].astype(str))
    chart = panel.charts[BZ]
    assert chart.title == "Binnenstad-Zuid" and chart.months == [f"2016-{m:02d}" for m in range(1, 13)]
    prev_line = chart.curves["prev_year"].getData()[1]
    np.testing.assert_array_equal(prev_line, core.loc[[f"2015-{m:02d}" for m in range(1, 13)], "count"].to_numpy())
    np.testing.assert_array_equal(chart.curves["count"].getData()[1], core.loc[chart.months, "count"].to_numpy())
    assert "partial" not in chart.curves  # 2016 is complete
    # the table: every buurt as the command line compares them (same FDR over the same areas)
    expected = _cli_compare(cli, "2015-01:2015-12", "2016-01:2016-12")
    table = d.table.set_index("code")
    assert set(table.index) == set(expected)
    for code, row in expected.items():
        got = table.loc[code]
        assert (got["before"], got["after"], got["change"]) == (row["before"], row["after"], row["change"])
        assert got["p_fdr"] == pytest.approx(np.nan if row["p_fdr"] is None else row["p_fdr"], rel=1e-12,
                                             nan_ok=True)
        assert got["sentence"] == row["sentence"]
    shown = _rows(panel.year_table)
    assert shown[BZ] == ["Binnenstad-Zuid", "542", "681", "+139", "+26%", "0,006", "103,2"]
    assert panel.year_table.line.text() == ("Binnenstad-Zuid: van 542 naar 681 (+26%), een significante stijging "
                                            "(p = 0,006). Per 1.000 inwoners: van 82,1 naar 103,2.")
    assert not any(row[0].startswith("BU00") for row in shown.values())  # names, not codes


def test_partial_last_month_and_previous_year_whatever_the_period(demo, qtbot):
    """The whole period: September 2017 ends on the 20th, so it is drawn as partial and left out of the
    year-on-year comparison; every chart still has the months of the year before."""
    d = _development(demo, qtbot)
    panel = demo.development_panel
    assert d.partial == "2017-09" and d.data_end == "20-09-2017"
    chart = panel.charts["GM0014"]
    assert chart.partial == "2017-09" and "partial" in chart.curves
    assert "20-09-2017" in chart.partial_label.toPlainText()
    assert np.isnan(chart.curves["count"].getData()[1][-1])  # the solid line stops before the partial month
    assert d.compared == ("2016-09", "2017-08") and d.previous == ("2015-09", "2016-08")
    assert "onvolledig" in panel.notes.text()
    # a period of one month: the same month a year earlier is still drawn
    d = _development(demo, qtbot, start="2016-05", end="2016-05")
    gm = d.series["GM0014"]
    assert len(gm) == 1 and np.isfinite(gm["prev_year"].iat[0])
    assert np.isfinite(panel.charts["GM0014"].curves["prev_year"].getData()[1]).all()


def test_period_a_against_b_as_compare(demo, qtbot, cli):
    """Period A (summer 2014) against B (summer 2016), chosen in the view: every buurt as `trends --compare`."""
    c = demo.controller
    _development(demo, qtbot)
    panel = demo.development_panel
    panel.tabs.setCurrentIndex(1)
    panel.set_period("a", "2014-06", "2014-08")
    panel.set_period("b", "2016-06", "2016-08")
    with qtbot.waitSignal(c.development.compared, timeout=30000):
        panel.compare_button.click()
    table = c.questions.comparison[0]
    expected = _cli_compare(cli, "2014-06:2014-08", "2016-06:2016-08")
    got = table.set_index("code")
    assert set(got.index) == set(expected)
    for code, row in expected.items():
        assert (got.loc[code, "before"], got.loc[code, "after"]) == (row["before"], row["after"])
        assert got.loc[code, "p_fdr"] == pytest.approx(np.nan if row["p_fdr"] is None else row["p_fdr"],
                                                       rel=1e-12, nan_ok=True)
        assert got.loc[code, "sentence"] == row["sentence"]
    shown = _rows(panel.ab_table)
    assert shown[BZ][0] == "Binnenstad-Zuid" and shown[BZ][1] == f"{expected[BZ]['before']:.0f}"
    # a period that ends before it begins is said, and nothing runs
    panel.set_period("a", "2014-08", "2014-06")
    panel.compare_button.click()
    assert "Periode A" in panel.ab_note.text() and not c.development.compare_runner.is_running()


def test_police_counts_per_wijk(demo, qtbot, cli):
    """The police counts at wijk level (their own wijk rows, never buurten added up): as the core compares them."""
    c = demo.controller
    _development(demo, qtbot)
    panel = demo.development_panel
    assert panel.source.isVisibleTo(panel)  # the demo has incidents and counts: the source can be chosen
    panel.source.setCurrentIndex(panel.source.findData("counts"))
    panel.level.setCurrentIndex(panel.level.findData("wijk"))
    _wait(qtbot, c.development.dev_runner, lambda: c.questions.development.source == "counts"
          and c.questions.development.areas.level == "wijk", demo)
    d = c.questions.development
    from hotspots.change.compare import compare_periods

    names = dict(zip(c.state.project.outlines["code"], c.state.project.outlines["name"]))
    core = compare_periods(counts=c.state.project.counts, before=d.previous, after=d.compared, level="wijk",
                           names=names).table.set_index("code")
    got = d.table.set_index("code")
    assert set(got.index) == set(core.index) and all(code.startswith("WK") for code in got.index)
    for code in core.index:
        assert (got.loc[code, "before"], got.loc[code, "after"]) == (core.loc[code, "before"], core.loc[code, "after"])
        assert got.loc[code, "sentence"] == core.loc[code, "sentence"]
    assert _rows(panel.year_table)["WK001400"][0] == "Centrum"


def test_hot_blocks_are_those_of_hottimes(demo, qtbot):
    """The Tijden view for Binnenstad-Zuid in 2016: the blocks outlined and listed are run_hottimes' blocks."""
    c = demo.controller
    c.chosen.filters = {"start": "2016-01", "end": "2016-12", "category": None}
    c.selection.select([BZ], source="table")
    demo.tabs.setCurrentIndex(3)
    _wait(qtbot, c.development.times_runner, lambda: c.questions.hottimes is not None
          and c.questions.hottimes.title == "Binnenstad-Zuid")
    from desktop.panels.hottimes_panel import block_cells
    from desktop.tasks import filter_incidents
    from hotspots.when.hottimes import run_hottimes

    incidents = filter_incidents(c.state.project.incidents, "2016-01", "2016-12")
    core = run_hottimes(incidents, {"area": BZ})
    panel = demo.times_panel
    assert c.questions.hottimes.blocks == core.hot_blocks and core.hot_blocks
    np.testing.assert_allclose(c.questions.hottimes.matrix, core.matrix)
    t = panel.blocks
    assert [t.item(r, 0).text() for r in range(t.rowCount())] == [b["label"] for b in core.hot_blocks]
    first = core.hot_blocks[0]
    assert t.item(0, 4).text() == ("< 0,001" if first["p_fdr"] < 0.001 else f"{first['p_fdr']:.3f}".replace(".", ","))
    drawn = {(label, day, h0, h1) for label, day, h0, h1 in panel.outlines}
    assert drawn == {(b["label"], *cell) for b in core.hot_blocks for cell in block_cells(b)}
    # every hot hour of the core lies inside an outline, and no other hour does
    inside = np.zeros((7, 24), dtype=bool)
    for _, day, h0, h1 in panel.outlines:
        inside[day, h0:h1] = True
    np.testing.assert_array_equal(inside, core.hot)
    day, hour = 3, 19  # hovering a cell says its value
    assert panel.cell_text(day, hour).startswith("donderdag 19:00-20:00: ")


def test_block_cells_across_midnight_and_week_end():
    from desktop.panels.hottimes_panel import block_cells

    assert block_cells({"slot": 4 * 24 + 22, "hours": 4}) == [(4, 22, 24), (5, 0, 2)]
    assert block_cells({"slot": 6 * 24 + 23, "hours": 2}) == [(6, 23, 24), (0, 0, 1)]


def test_signals_newest_first_and_a_click_selects_everywhere(demo, qtbot):
    """The early-warning months: run_trends' 'hoog' months, newest first, none without a baseline; a click
    selects the area in the table, on the map and in the charts."""
    c = demo.controller
    d = _development(demo, qtbot)
    from hotspots.change.trends import run_trends

    core = run_trends(incidents=c.state.project.incidents, areas=c.state.project.areas).series
    high = core[core["flag"] == "hoog"]
    assert len(d.signals) == len(high) > 0
    assert set(zip(d.signals["code"], d.signals["month"].astype(str))) == \
        set(zip(high["code"], high["month"].astype(str)))
    assert (d.signals["expected"] > 0).all()  # a month without a baseline (expectation 0 or none) is no signal
    panel = demo.development_panel
    panel.tabs.setCurrentIndex(2)
    t = panel.signals.table
    months = [t.item(r, 0).data(CODE_ROLE) and t.item(r, 1).data(0x0100) for r in range(t.rowCount())]
    assert months == sorted(months, reverse=True)  # newest first
    code = t.item(0, 0).data(CODE_ROLE)
    t.selectRow(0)
    assert c.chosen.selected == [code]
    assert demo.table.selected_codes() == [code]
    qtbot.waitUntil(lambda: code in c.state.charts.title or
                    c.state.project.areas.set_index("code").loc[code, "name"] in c.state.charts.title, timeout=20000)


def test_a_view_without_figures_says_why_in_the_view(demo, qtbot):
    """A buurt without any incident: Tijden says why there is no matrix, in Dutch, without a message box."""
    from desktop import errors

    c = demo.controller
    p = c.state.project
    empty = sorted(set(p.areas["code"]) - set(p.incidents["area"].dropna().astype(str)))[0]
    c.selection.select([empty], source="table")
    demo.tabs.setCurrentIndex(3)
    qtbot.waitUntil(lambda: "incidenten" in demo.times_panel.heading.text().lower()
                    and not c.development.times_runner.is_running(), timeout=30000)
    assert not errors.SHOWN
    assert "Traceback" not in demo.times_panel.heading.text()


def test_the_charts_tab_keeps_the_year_before_with_a_period_of_one_year(demo, qtbot):
    """Grafieken's 'Per maand' (the dashed line: 'een jaar eerder') with the period set to 2016: twelve months,
    each with 2015 beside it."""
    c = demo.controller
    c.chosen.filters = {"start": "2016-01", "end": "2016-12", "category": None}
    qtbot.waitUntil(lambda: c.state.charts is not None and c.state.charts.monthly is not None
                    and len(c.state.charts.monthly) == 12 and not c.selection.chart_runner.is_running(), timeout=30000)
    monthly = c.state.charts.monthly
    assert [str(m) for m in monthly["month"]] == [f"2016-{m:02d}" for m in range(1, 13)]
    from hotspots.change.trends import run_trends

    core = run_trends(incidents=c.state.project.incidents).series  # per buurt: the chart shows their sum
    total = core.groupby(core["month"].astype(str))["count"].sum()
    np.testing.assert_array_equal(monthly["prev_year"].to_numpy(float),
                                  total.loc[[f"2015-{m:02d}" for m in range(1, 13)]].to_numpy(float))
    assert np.nansum(c.state.charts.matrix) == pytest.approx(len(c.state.project.incidents.pipe(
        lambda i: i[(i["start"] >= "2016-01-01") & (i["start"] < "2017-01-01")])))


def test_trend_per_area_by_name_and_per_1000_inhabitants(demo, qtbot):
    """The Trend tab: run_trends' seasonal Mann-Kendall per buurt, with names and no '0,0 per maand' sentences;
    the year-on-year table per 1,000 inhabitants where the population is known."""
    c = demo.controller
    d = _development(demo, qtbot, start="2016-01", end="2016-12")
    from hotspots.change.trends import run_trends

    core = run_trends(incidents=c.state.project.incidents, areas=c.state.project.areas).tests.set_index("code")
    got = d.trend.set_index("code")
    assert set(got.index) == set(core.index)
    np.testing.assert_allclose(got["p_fdr"], core.loc[got.index, "p_fdr"])
    assert list(got["direction"]) == list(core.loc[got.index, "direction"])
    panel = demo.development_panel
    panel.tabs.setCurrentIndex(3)
    rows = _rows(panel.trend)
    assert not any(r[0].startswith("BU00") for r in rows.values())
    tips = [panel.trend.table.item(r, 0).toolTip() for r in range(panel.trend.table.rowCount())]
    assert not any("0,0 per maand" in t for t in tips) and all(t for t in tips)
    # per 1,000: 681 incidents among 6,600 inhabitants of Binnenstad-Zuid
    population = c.state.project.areas.set_index("code").loc[BZ, "population"]
    assert _rows(panel.year_table)[BZ][6] == f"{681 / population * 1000:.1f}".replace(".", ",")
    t = panel.year_table.table
    tip = next(t.item(r, 0).toolTip() for r in range(t.rowCount()) if t.item(r, 0).data(CODE_ROLE) == BZ)
    assert "Per 1.000 inwoners: van " + f"{542 / population * 1000:.1f}".replace(".", ",") in tip
