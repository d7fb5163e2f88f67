"""Every tab of the results dock answers or says why not, as a new user meets them: a project of boundaries only,
of boundaries and police counts per month, and of boundaries and incidents with dates but no times. None of them
says "wordt berekend" for ever (the Tijden tab did: nothing ran and nothing said so). And in Ruimte en tijd the
result of one analysis is not shown under the form of another."""
from __future__ import annotations

import pandas as pd
import pytest

pytestmark = pytest.mark.qt

from questions_helper import answer  # noqa: E402


def _project(tmp_path, state: str):
    import importers
    from importers.project import Project, save_project
    from resources import demo

    areas, _ = importers.read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)
    data = {}
    if state == "counts":
        data["counts"], _ = importers.read_counts(demo.COUNTS, areas=areas)
    elif state == "dates":  # the demo's incidents with their dates only
        raw = pd.read_csv(demo.INCIDENTS).drop(columns=["end"])
        raw["start"] = raw["start"].str[:10]
        raw.to_csv(tmp_path / "datums.csv", index=False)
        data["incidents"], _ = importers.read_incidents(tmp_path / "datums.csv", areas=areas)
    path = tmp_path / f"{state}.gpkg"
    save_project(Project(name=state, areas=areas, **data), path)
    return path


def _open(window, qtbot, path):
    with qtbot.waitSignal(window.map_view.mapReady, timeout=60000):
        window.controller.project.open_project(path)


@pytest.mark.parametrize("state, times", [
    ("areas", "dit project heeft nog geen incidenten"),
    ("counts", "Hete tijden vragen incidenten met een tijdstip; tellingen per maand hebben dat niet."),
    ("dates", "alleen datums, geen tijden")])
def test_every_tab_answers_or_says_why_not(window, qtbot, tmp_path, state, times):
    _open(window, qtbot, _project(tmp_path, state))
    tabs, c = window.tabs, window.controller
    # Tijden: the reason, no empty axes waiting for work that never comes
    tabs.setCurrentIndex(3)
    panel = window.times_panel
    qtbot.waitUntil(lambda: "wordt berekend" not in panel.heading.text()
                    and not c.development.times_runner.is_running(), timeout=60000)
    assert times in panel.heading.text()
    if state == "dates":  # the calendar of the days is there; no hour is called (not) busy
        assert panel.split.isVisible() and "alleen datums" in panel.signature.text()
        assert "significant drukker" not in panel.signature.text()
    else:
        assert not panel.split.isVisible()
    # Ontwikkeling: the months, or what it needs
    tabs.setCurrentIndex(2)
    dev = window.development_panel
    qtbot.waitUntil(lambda: not c.development.dev_runner.is_running(), timeout=60000)
    qtbot.wait(200)
    said = dev.heading.text() if hasattr(dev, "heading") else ""
    assert "wordt berekend" not in said
    # Grafieken: every chart drawn or saying why it is empty
    tabs.setCurrentIndex(0)
    charts = window.charts
    qtbot.waitUntil(lambda: charts.data is not None and not charts.drawing
                    and not c.selection.chart_runner.is_running(), timeout=60000)
    whys = {chart.message.toPlainText() for chart in (charts.monthly, charts.weekhour, charts.hours, charts.weekdays)
            if chart.state != "drawn"}
    assert all(chart.state in ("drawn", "message") for chart in (charts.monthly, charts.weekhour, charts.hours,
                                                                   charts.weekdays))
    if state == "counts":
        assert "tellingen: geen tijdstip" in whys
    if state == "dates":  # every incident at 00:00 is no hour of the day
        assert charts.weekhour.state == charts.hours.state == "message"
        assert whys == {"alleen datums: geen tijdstip"} and charts.weekdays.state == "drawn"
    # Ruimte en tijd: Berekenen says what it needs (or runs)
    tabs.setCurrentWidget(window.spacetime_panel)
    st = window.spacetime_panel
    st.run_button.click()  # Opkomende hot spots: police counts per month serve too
    qtbot.waitUntil(lambda: not st.status.text().startswith("Bezig"), timeout=120000)
    assert st.status.text()
    if state == "areas":
        assert "eerst gebiedsgrenzen en incidenten of tellingen" in st.status.text()
    if state == "dates":  # near repeats of 16,000 dated incidents run (long: asked about first)
        return
    st.method.setCurrentIndex(1)  # Bijna-herhaling: incidents with a place and a date
    st.permutations.setValue(99)
    st.run_button.click()
    qtbot.waitUntil(lambda: not st.status.text().startswith("Bezig"), timeout=120000)
    if state == "counts":
        assert "vraagt incidenten met plaats en datum" in st.status.text()
    assert st.status.text() and st.status.isVisible()


def test_times_says_why_when_the_project_changes_to_counts_while_it_is_shown(demo, qtbot, tmp_path):
    """The Tijden tab open on the demo's hot times, then a project of police counts: its reason, not the demo's
    blocks under it."""
    window, c = demo, demo.controller
    window.tabs.setCurrentIndex(3)
    panel = window.times_panel
    qtbot.waitUntil(lambda: panel.data is not None, timeout=60000)
    _open(window, qtbot, _project(tmp_path, "counts"))
    qtbot.waitUntil(lambda: "tellingen per maand" in panel.heading.text(), timeout=30000)
    assert panel.data is None and panel.blocks.rowCount() == 0 and not panel.split.isVisible()


def test_another_analysis_than_the_one_shown_says_it_is_not_computed(demo, qtbot):
    """Opkomende hot spots computed, then Bijna-herhaling chosen and its long run declined: the emerging table is
    not shown under the near-repeat form; the tab says plainly that this one is not computed, and the advice
    names what the form and the window offer (no distance field). Back to Opkomende: its result again."""
    window, c = demo, demo.controller
    window.tabs.setCurrentWidget(window.spacetime_panel)
    panel = window.spacetime_panel
    with qtbot.waitSignal(c.spacetime.emergingDone, timeout=180000):
        panel.run_button.click()
    qtbot.waitUntil(lambda: panel.table.isVisible(), timeout=5000)
    panel.method.setCurrentIndex(1)
    assert not panel.table.isVisible() and not panel.sentence.isVisible()
    assert panel.pending.isVisible() and panel.pending.text().startswith("Niet berekend")
    panel.permutations.setValue(999)
    asked = []
    answer("cancel", asked)
    with qtbot.assertNotEmitted(c.spacetime.near_runner.started):
        panel.run_button.click()
    assert "afstand" not in asked[0][1] and "permutaties" in asked[0][1] and "Periode" in asked[0][1]
    assert not panel.table.isVisible() and panel.pending.isVisible()
    panel.method.setCurrentIndex(0)
    assert panel.table.isVisible() and panel.table.rowCount() > 0 and not panel.pending.isVisible()


def test_the_last_partial_month_is_marked_in_the_monthly_chart(demo, qtbot):
    """The demo's data end on 20-09-2017: Grafieken › Per maand marks September as incomplete (dotted, hollow, in
    the legend and the tooltip), as Ontwikkeling does, instead of a steep drop without a word."""
    from desktop import change_tasks

    charts = demo.charts
    data = charts.data
    assert data.partial == "2017-09" and data.data_end == "20-09-2017"
    latest = demo.controller.state.project.incidents["start"].max()
    assert change_tasks.partial_month(latest, "2017-09") == data.partial  # Ontwikkeling's own rule
    chart = charts.monthly
    assert "20-09-2017" in chart.toolTip()
    legend = [label.text for _, label in chart.plot.plotItem.legend.items]
    assert "onvolledige maand" in legend  # (the day in the tooltip: the legend is narrow at 1366x768)
    import math

    whole = next(c for c in chart.plot.plotItem.listDataItems() if c.name() == "deze periode")
    assert math.isnan(whole.yData[-1]) and not math.isnan(whole.yData[-2])  # the full line stops before September


def test_typed_police_counts_are_named_and_their_total_rows_are_no_lost_data(window, qtbot, tmp_path, shared_data):
    """The police's typed table (codes only: '1.2.3 ') on the CBS buurten of 2017: the Categorie box and the map's
    title name the category as 47022NED does; the gemeente's and wijken's total rows are said as such in a note,
    not warned about as codes missing from the map."""
    import importers
    from importers.project import Project, save_project

    areas, _ = importers.read_boundaries(shared_data / "groningen/buurt2017.zip")
    counts, report = importers.read_counts(shared_data / "groningen/groningen_47022NED_typed_2014_2016.csv",
                                           areas=areas)
    assert any("47022NED" in a and "1.2.3 Diefstal van brom-, snor-, fietsen" in a for a in report.assumptions)
    path = tmp_path / "politie.gpkg"
    save_project(Project(name="Politie", areas=areas, counts=counts), path)
    c = window.controller
    with qtbot.waitSignals([c.analysis.done, window.map_view.mapReady], timeout=60000):
        c.project.open_project(path)
    assert window.data_panel.category.currentText() == "1.2.3 Diefstal van brom-, snor-, fietsen"
    result = c.state.analysis.result
    assert not any("komen niet voor in de gebiedenlaag" in w for w in result.warnings)
    assert any(n.startswith("16 code(s) met totalen per gemeente of wijk zijn niet als buurt geteld") and "GM0014" in n
               for n in result.notes)
    text = window.notes.plain_text()
    assert "16 code(s) met totalen" in text and "komen niet voor" not in text
    from desktop import overview

    assert overview.map_title(c.state.project, c.chosen.filters.get("category")) == \
        "Politie – 1.2.3 Diefstal van brom-, snor-, fietsen"
