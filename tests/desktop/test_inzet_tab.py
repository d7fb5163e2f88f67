"""The Inzet tab on the demo data, as a handhaving coordinator uses it (issue 18): the plan for a chosen
month on the period and theme chosen on the left, the roster readable at 1366 x 768 and in print, the
coordinator's words, last month's plan beside it, and the Terugblik beside the naive plans. Every number
shown is asserted against the core functions run here on the same inputs (the window computes nothing)."""
from __future__ import annotations

import pandas as pd
import pytest

pytestmark = pytest.mark.qt

from PySide6.QtCore import QDate, Qt  # noqa: E402
from PySide6.QtWidgets import (QAbstractButton, QComboBox, QLabel, QListWidget, QTableWidget,  # noqa: E402
                               QTabWidget)

from hotspots.inzet import changes as inzet_changes  # noqa: E402
from hotspots.inzet import plan as inzet  # noqa: E402
from hotspots.inzet import text as inzet_text  # noqa: E402

#: Words a coordinator does not use; none of them may appear in the tab (the method dialog names them).
JARGON = ("geheeltallig", "gulzig", "trefkans", "PAI", "optimalisatie", "Gi*")
PARAMS = {"shifts": 10, "shift_hours": 4}


@pytest.fixture
def inzet_tab(demo, qtbot):
    """The demo window at the laptop's size with the Inzet tab open."""
    demo.resize(1366, 768)
    demo.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: demo.inzet_panel is not None, timeout=10000)
    return demo


def _plan(qtbot, window):
    c, panel = window.controller, window.inzet_panel
    with qtbot.waitSignals([c.inzet.plan_maker.resultReady, c.inzet.plan_runner.resultReady], timeout=120000):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    qtbot.wait(200)
    return c.state.plan


def _texts(widget) -> list[str]:
    """Every text the tab shows: labels, buttons, tab titles, combo items, table cells, list items, tooltips."""
    out = [widget.toolTip()]
    for w in [widget, *widget.findChildren(object)]:
        if isinstance(w, QLabel):
            out += [w.text(), w.toolTip()]
        elif isinstance(w, QAbstractButton):
            out += [w.text(), w.toolTip()]
        elif isinstance(w, QTabWidget):
            out += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QTableWidget):
            for r in range(w.rowCount()):
                for col in range(w.columnCount()):
                    item = w.item(r, col)
                    if item is not None:
                        out += [item.text(), item.toolTip()]
            out += [w.horizontalHeaderItem(col).text() for col in range(w.columnCount()) if w.horizontalHeaderItem(col)]
        elif isinstance(w, QListWidget):
            out += [w.item(i).text() for i in range(w.count())]
    return [t for t in out if t]


def test_plan_for_a_month_on_the_chosen_period_and_theme(inzet_tab, qtbot, tmp_path):
    window = inzet_tab
    c, panel = window.controller, window.inzet_panel
    # the period and theme chosen on the left: 2015-2016, bicycle theft
    c.chosen.filters = {"start": "2015-01", "end": "2016-12", "category": "Diefstal Fiets"}
    qtbot.waitUntil(lambda: "2015-01 t/m 2016-12" in panel.context.text(), timeout=10000)
    assert "categorie Diefstal Fiets" in panel.context.text()  # the Categorie box; no theme chosen (f032ab6)
    # 'Plan voor' offers the months after that period, then weeks; choose March 2017 (a month ahead)
    assert panel.target.itemText(0) == "januari 2017"
    panel.target.setCurrentIndex(panel.target.findText("maart 2017"))
    panel.shifts_spin.setValue(PARAMS["shifts"])
    panel.hours_spin.setValue(PARAMS["shift_hours"])
    plan = _plan(qtbot, window)

    # the core on the same inputs: the theme's incidents, the period as history, the month as target
    p = c.state.project
    inc = p.incidents[p.incidents["category"] == "Diefstal Fiets"]
    target = (pd.Timestamp("2017-03-01"), pd.Timestamp("2017-04-01"))
    core = inzet_changes.run(p.areas, inc, panel.params(), target=target, history_from=pd.Timestamp("2015-01-01"),
                             history_to=pd.Timestamp("2017-01-01"))
    assert plan.target == target and plan.history == (pd.Timestamp("2015-01-01"), pd.Timestamp("2017-01-01"))
    cols = ["day", "start", "end", "area", "expected"]
    pd.testing.assert_frame_equal(plan.shifts[cols].reset_index(drop=True), core.shifts[cols].reset_index(drop=True))
    assert any("vooral januari, februari, maart, april, mei" in n for n in plan.notes)  # weighted to March
    # the map header says what the plan is for and the period it learnt from
    page = c.state.plan_map.read_text(encoding="utf-8")
    assert "plan voor maart 2017, geleerd van 2015-01 t/m 2016-12" in page
    assert "2 diensten per week" in page  # the legend has every class, also two shifts in one area

    # what the plan covers and how sure, as the core's sentences
    assert panel.plan_page.covers.text() == inzet_text.covers(core)
    assert panel.plan_page.sure.text() == "Hoe zeker: " + inzet_text.how_sure(core)
    assert "Plan voor maart 2017: 10 diensten van 4 uur per week" in panel.plan_page.covers.text()

    # the roster: every shift whole, two lines (hours, area), nothing elided or scrolled away at 1366 x 768
    rooster = panel.rooster
    shown = {}
    for r in range(7):
        for col in range(rooster.columnCount()):
            item = rooster.item(r, col)
            if item is not None and item.text():
                shown.setdefault(r, []).append(item.text())
    expected = {}
    for s in core.shifts.sort_values(["day_index", "start_hour"]).itertuples():
        expected.setdefault(s.day_index, []).append(f"{s.start}-{s.end}\n{s.area_name}")
    assert shown == expected
    metrics = rooster.fontMetrics()
    for r, cells in shown.items():
        for col, text in enumerate(cells):
            lines = text.split("\n")
            assert all(metrics.horizontalAdvance(line) <= rooster.columnWidth(col) - 6 for line in lines), text
            assert rooster.rowHeight(r) >= len(lines) * metrics.lineSpacing()
    assert rooster.verticalScrollBar().maximum() == 0  # all seven days in view, no inner scrolling
    assert rooster.height() >= sum(rooster.rowHeight(r) for r in range(7)) + rooster.horizontalHeader().height()
    assert window.right_dock.width() >= 0.4 * window.width()  # the dock widened for the tab (30% before)

    # last month's plan beside it: the table is the core's comparison with the plan for February
    before = inzet.run(p.areas, inc, panel.params(), history_from="2015-01-01", history_to="2017-01-01",
                       target_from="2017-02-01", target_to="2017-03-01", hotspot_result=pd.DataFrame())
    changes = inzet_changes.compare(core, before, (pd.Timestamp("2017-02-01"), pd.Timestamp("2017-03-01")))
    pd.testing.assert_frame_equal(plan.changes.table, changes.table)
    table = panel.changes_page.table
    assert table.rowCount() == len(changes.table)
    for r, row in enumerate(changes.table.itertuples()):
        assert table.item(r, 0).text() == row.status and table.item(r, 2).text() == row.why
        assert table.item(r, 1).text().endswith(row.area_name)
    assert panel.changes_page.summary.text() == changes.summary()

    # the coordinator's words: no method jargon anywhere in the tab; the method is behind the link
    texts = _texts(panel)
    for word in JARGON:
        assert not [t for t in texts if word.lower() in t.lower()], word
    panel.plan_page.show_method()
    method = panel.plan_page.dialog.text.toPlainText()
    assert "HiGHS" in method and "Prediction Accuracy Index" in method and "Ratcliffe 2002" in method
    panel.plan_page.dialog.close()

    # in print: the HTML page and the workbook hold every roster cell whole
    from mapping import inzet_export

    html_path, xlsx_path = tmp_path / "rooster.html", tmp_path / "rooster.xlsx"
    inzet_export.write_html(plan, html_path)
    inzet_export.write_xlsx(plan, xlsx_path)
    page = html_path.read_text(encoding="utf-8")
    for cells in expected.values():
        for text in cells:
            assert text.replace("\n", " ") in page
    assert "Plan voor maart 2017" in page and "Wat is anders dan het plan voor februari 2017" in page
    import openpyxl

    ws = openpyxl.load_workbook(xlsx_path)["Rooster"]
    # a <col> element may span several columns of equal width (min..max): read the width that covers each
    widths = {i: d.width for d in ws.column_dimensions.values() for i in range(d.min, d.max + 1)}
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell.value:
                assert widths[cell.column] >= len(str(cell.value)), cell.value


def test_terugblik_with_full_dates_beside_the_naive_plans(inzet_tab, qtbot):
    window = inzet_tab
    c, panel = window.controller, window.inzet_panel
    c.chosen.filters = {"start": "2015-01", "end": "2017-09", "category": None}
    qtbot.waitUntil(lambda: "2015-01 t/m 2017-09" in panel.context.text(), timeout=10000)
    page = panel.lookback_page
    # the date boxes show the whole date, and are wide enough for it
    page.date_from.setDate(QDate(2017, 1, 1))
    page.date_to.setDate(QDate(2017, 6, 30))
    assert page.date_from.text() == "01-01-2017" and page.date_to.text() == "30-06-2017"
    for edit in (page.date_from, page.date_to):
        assert edit.lineEdit().width() >= edit.fontMetrics().horizontalAdvance(edit.text())
    panel.shifts_spin.setValue(PARAMS["shifts"])
    panel.hours_spin.setValue(PARAMS["shift_hours"])
    panel.pages.setCurrentWidget(page)
    with qtbot.waitSignal(c.inzet.lookedBack, timeout=120000) as blocker:
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    shown = blocker.args[0]
    # the core on the same inputs: learnt from 2015-2016, scored on the first half of 2017
    p = c.state.project
    core = inzet.run(p.areas, p.incidents, panel.params(), history_from="2015-01-01", history_to="2017-10-01",
                     evaluate_from="2017-01-01", evaluate_to="2017-07-01")
    assert shown.history == core.history == (pd.Timestamp("2015-01-01"), pd.Timestamp("2017-01-01"))
    assert [b["key"] for b in shown.evaluation["baselines"]] == ["ours", "hindsight", "raw_greedy", "busiest"]
    for ours, ref in zip(shown.evaluation["baselines"], core.evaluation["baselines"]):
        assert ours["hit_rate"] == pytest.approx(ref["hit_rate"], rel=1e-12)
    table = page.table
    rows = [[table.item(r, col).text() for col in range(3)] for r in range(table.rowCount())]
    assert rows == [list(r) for r in inzet_text.lookback_rows(core)]
    assert rows[0][0] == "Dit plan" and rows[1] == ["Achteraf gekozen (bovengrens)", "6,5%", "100%"]
    assert page.intro.text() == inzet_text.lookback_intro(core)
    assert "getoetst op 01-01-2017 t/m 30-06-2017" in page.intro.text()
    # the forward plan is untouched by a Terugblik
    assert c.state.plan is None


def test_the_tabs_own_saves_follow_the_projects_export_rules(inzet_tab, qtbot, tmp_path, monkeypatch):
    """Found by a privacy follow-up: the Inzet tab's 'Opslaan als Excel/HTML' wrote the rooster with no privacy
    rules, where every other export follows the project's choice (Exporteren > Privacy bij exporteren). Saved
    with the threshold on, the workbook's Toelichting says it; with it off, it does not."""
    import openpyxl

    from desktop.export_settings import ExportSettings
    from desktop.panels import inzet_panel as panel_module

    window = inzet_tab
    c, panel = window.controller, window.inzet_panel
    _plan(qtbot, window)
    said = {}
    for suppress in (True, False):
        c.set_export_choice(ExportSettings(suppress=suppress, threshold=7))
        for kind in ("xlsx", "html"):
            path = tmp_path / f"rooster_{suppress}.{kind}"
            monkeypatch.setattr(panel_module.QFileDialog, "getSaveFileName", lambda *a, p=path, **k: (str(p), ""))
            panel._save(kind)
            assert path.exists()
        sheet = openpyxl.load_workbook(tmp_path / f"rooster_{suppress}.xlsx")["Toelichting"]
        said[suppress] = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)
    assert "Aantallen onder 7" in said[True] and "'<7'" in said[True]
    assert "Aantallen onder" not in said[False]
