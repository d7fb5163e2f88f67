"""A refusal of the core says what to do in the window's words, never the command line's.

Found by a review: 'Rapport maken' on incidents without dates showed the command line's advice in the window ("De
hot spots zonder periode geeft wijkbeeld analyse of wijkbeeld hotspots."); the window matched the importers' hints
by their text (desktop.errors.window_words) and had nothing for this one. The error now carries what it advises as
data (``advice``, kernel.errors.WijkbeeldError) beside the command line's hint, and the window says its own menus
(desktop.errors.ADVICE). The Inzet tab's refusal of a Terugblik without history had the reverse: the window's words
('kies links een periode') printed by ``wijkbeeld inzet``, while the tab's status line dropped the hint. A project of
incidents without dates could not be opened at all (an internal error in the data panel's month range and line).
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

pytestmark = pytest.mark.qt

from PySide6.QtCore import QDate, Qt  # noqa: E402

from test_inzet_controller import planner  # noqa: E402,F401 (fixture: four buurten, eight weeks from 02-01-2024)

#: What only the command line says: a command or an option.
COMMAND_LINE = re.compile(r"wijkbeeld [a-z]|--[a-z]")


@pytest.fixture
def undated_project(tmp_path):
    """The demo's buurten and 120 incidents with a place and a category but no date, saved as a project."""
    import importers
    from importers.project import Project, save_project
    from resources import demo

    areas, _ = importers.read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)
    rows = pd.read_csv(demo.INCIDENTS).head(120)[["x", "y", "category"]]
    rows.to_csv(tmp_path / "zonder_datum.csv", index=False)
    incidents, _ = importers.read_incidents(tmp_path / "zonder_datum.csv", areas=areas)
    assert incidents["start"].isna().all()
    path = tmp_path / "zonder_datum.gpkg"
    save_project(Project(name="zonder datum", areas=areas, incidents=incidents), path)
    return path


def test_the_report_without_dates_says_the_windows_menus(window, qtbot, monkeypatch, tmp_path, undated_project):
    from desktop import errors, report_menu
    from test_report_window import _privacy

    _privacy(monkeypatch, 5)  # the export rules asked once: answered
    with qtbot.waitSignal(window.map_view.mapReady, timeout=60000):
        window.controller.project.open_project(undated_project)
    # opening it was an internal error (AttributeError: the first month of no date); the data panel says so
    assert window.data_panel.labels["incidents"].text().endswith("incidenten\nzonder datum")
    assert not errors.SHOWN or "Er ging iets mis" not in errors.SHOWN[-1].text()
    monkeypatch.setattr(report_menu.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "rapport.pdf"), "PDF-document (*.pdf)")))
    before = len(errors.SHOWN)
    with qtbot.waitSignal(window.controller.report.runner.finished, timeout=120000):
        window.actions_by_key["action.report"].trigger()
    qtbot.waitUntil(lambda: len(errors.SHOWN) > before, timeout=5000)
    text = errors.SHOWN[-1].text()
    assert re.search(r"Geen van de \d+ incidenten heeft een datum, dus er is geen periode", text), text
    # the menus the user sees, as the menu bar names them
    menu = window.menuBar().actions()
    assert "Exporteren" in [a.text().replace("&", "") for a in menu]
    assert "de hot spots zonder periode staan op de kaart en in de tabel van gebieden; bewaren kan met " \
           "Exporteren > Resultaten als Excel (XLSX)" in text, text
    assert not COMMAND_LINE.search(text), text
    assert not (tmp_path / "rapport.pdf").exists()


def test_a_terugblik_without_history_says_the_windows_period(planner, qtbot):
    from desktop import errors

    c, panel = planner.controller, planner.inzet_panel
    page = panel.lookback_page
    page.date_from.setDate(QDate(2024, 1, 2))  # the data's first day: nothing before it to learn from
    page.date_to.setDate(QDate(2024, 1, 31))
    before = len(errors.SHOWN)
    with qtbot.waitSignal(c.inzet.lookback_maker.errorOccurred, timeout=60000):
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(errors.SHOWN) > before, timeout=5000)
    for text in (errors.SHOWN[-1].text(), panel.status.text()):
        assert "Er is geen historie om van te leren voor 02-01-2024" in text, text
        assert text.endswith("(kies links een periode die eerder begint)"), text
        assert not COMMAND_LINE.search(text), text
