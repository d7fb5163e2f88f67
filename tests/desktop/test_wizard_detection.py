"""The import wizard never overrides what it detected, asks per kind of file, speaks Dutch, shows no 'nan',
shows its progress, confirms what was added, and refuses an import that kept nothing."""
from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.qt

from desktop.wizard_pages import AUTO  # noqa: E402

NATIONAL = "nl/nl_wijken_2024_simplified_geoinzicht.geojson"


def _latlon_csv(path, n=3000):
    """``n`` incidents in Groningen with WGS84 lengte/breedte (more rows than the wizard's 2,000-row look)."""
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(6.53, 6.60, n), rng.uniform(53.20, 53.235, n)
    days = rng.integers(1, 28, n)
    rows = ["melding;lengtegraad;breedtegraad;datum;soort"]
    rows += [f"{i};{a:.6f};{b:.6f};{d:02d}-03-2016 14:00;overlast" for i, (a, b, d) in enumerate(zip(lon, lat, days))]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _detect(wizard, qtbot, path):
    wizard.set_path(str(path))
    wizard.show()
    with qtbot.waitSignal(wizard.detected, timeout=120000) as det:
        wizard.next()
    return det.args


def _import(wizard, qtbot):
    with qtbot.waitSignal(wizard.importDone, timeout=300000) as done:
        wizard.next()
    return done.args


def _visible_boxes(page) -> set[str]:
    return {name for name, box in page.boxes.items() if not box.isHidden()}


def test_a_latlon_file_longer_than_the_look_imports_whole(demo, qtbot, tmp_path):
    """3,000 rows in degrees: detected on the first 2,000, imported whole, added, and said so."""
    c = demo.controller
    wizard = demo.import_wizard()
    kind, report = _detect(wizard, qtbot, _latlon_csv(tmp_path / "meldingen_wgs84.csv"))
    page = wizard.detect_page
    assert kind == "incidents" and report.sample and not report.sample["complete"]
    assert page.crs.currentData() == AUTO and "4326" in page.crs.currentText()  # says what it found
    assert all(box.currentData() == AUTO for box in page.boxes.values()) and page.overrides() == {}
    assert {"x", "y", "start", "crs", "dayfirst"} <= _visible_boxes(page) and not {"code", "name"} & _visible_boxes(page)
    kind, data, report = _import(wizard, qtbot)
    assert report.rows_kept == 3000 and report.rows_rejected == 0 and len(data) == 3000
    assert data["x"].between(230_000, 240_000).all()  # RD metres, converted from degrees
    assert wizard.report_page.isComplete() and wizard.button(wizard.WizardButton.FinishButton).isEnabled()
    from questions_helper import answer

    answer("replace")  # the demo has incidents already
    with qtbot.waitSignal(c.analysis.done, timeout=60000):
        wizard.accept()
    assert len(c.state.project.incidents) == 3000
    assert "Toegevoegd aan het project: 3.000 incidenten" in demo.statusBar().currentMessage()
    assert "meldingen_wgs84.csv" in demo.statusBar().currentMessage()


def test_the_national_wijken_file_imports_through_the_wizard(window, qtbot, shared_data):
    """3,475 wijken in degrees (the file that took the app past 13 GB when read as metres)."""
    wizard = window.import_wizard()
    kind, report = _detect(wizard, qtbot, shared_data / NATIONAL)
    page = wizard.detect_page
    assert kind == "boundaries"
    assert _visible_boxes(page) == {"crs", "code", "name"}  # no X, Y or date boxes for a boundary file
    assert page.boxes["code"].currentText() == "automatisch: 'wijkcode'"
    assert page.boxes["name"].currentText() == "automatisch: 'wijknaam'"
    assert "EPSG:4326" in page.crs.currentText() or "WGS84" in page.crs.currentText()
    bars = []
    wizard.runner.progressChanged.connect(lambda *_: bars.append(wizard.report_page.bar.isVisible()))
    kind, data, report = _import(wizard, qtbot)
    assert report.rows_kept == 3475 and len(data) == 3475 and data.crs.to_epsg() == 28992
    # the detection read the map file whole (import_steps.WHOLE_MAP_BYTES): the import had nothing left to read
    assert wizard.detected_data[1] is data and not bars
    text = wizard.report_page.text.toPlainText()
    assert "gebiedscode = 'wijkcode'" in text and "←" not in text and "nan" not in text
    assert wizard.report_page.isComplete()
    wizard.reject()


def test_a_choice_by_the_user_overrides_and_only_that(window, qtbot, tmp_path, shared_data):
    wizard = window.import_wizard()
    _detect(wizard, qtbot, shared_data / NATIONAL)
    page = wizard.detect_page
    page.boxes["name"].setCurrentIndex(page.boxes["name"].findData("gemeentenaam"))
    assert page.overrides() == {"name": "gemeentenaam"}
    bars = []
    wizard.runner.progressChanged.connect(lambda *_: bars.append(wizard.report_page.bar.isVisible()))
    kind, data, report = _import(wizard, qtbot)
    assert data.loc[data["code"] == "WK001400", "name"].iloc[0] == "Groningen"
    assert bars and all(bars)  # a choice changed: the file is read again, with a progress bar
    wizard.reject()


def test_an_import_that_kept_nothing_cannot_be_added(window, qtbot, tmp_path):
    """The user chose RD New for a file in degrees: every row lies 'outside the Netherlands'."""
    wizard = window.import_wizard()
    _detect(wizard, qtbot, _latlon_csv(tmp_path / "graden.csv", n=50))
    crs = wizard.detect_page.crs
    crs.setCurrentIndex(crs.findData("EPSG:28992"))
    kind, data, report = _import(wizard, qtbot)
    assert report.rows_kept == 0
    page = wizard.report_page
    assert not page.isComplete() and page.nothing.isVisible()
    assert not wizard.button(wizard.WizardButton.FinishButton).isEnabled()
    wizard.accept()  # even called directly: nothing reaches the project
    assert window.controller.state.project.incidents is None
    model = page.rejected.model()
    cells = [model.item(r, c).text() for r in range(model.rowCount()) for c in range(model.columnCount())]
    assert "nan" not in cells and "None" not in cells
    wizard.reject()


def test_the_preview_shows_empty_cells_not_nan(window, qtbot, tmp_path):
    src = tmp_path / "leeg.csv"
    src.write_text("id;x;y;begin;categorie\n1;233000;582000;03-02-2016 10:00;\n2;233100;582100;;fiets\n",
                   encoding="utf-8")
    wizard = window.import_wizard()
    _detect(wizard, qtbot, src)
    model = wizard.detect_page.table.model()
    cells = [model.item(r, c).text() for r in range(model.rowCount()) for c in range(model.columnCount())]
    assert "" in cells and "nan" not in cells
    wizard.reject()
