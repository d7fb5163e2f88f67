"""The import wizard on the real Groningen registrations, drag and drop, generated forms, exports, help."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

pytestmark = pytest.mark.qt

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402

from desktop import errors  # noqa: E402

XLSX = "Diefstal_fiets_Groningen_stad_vanaf_2013.xlsx"


def run_wizard(wizard, qtbot, path):
    wizard.set_path(str(path))
    wizard.show()
    assert wizard.file_page.isComplete()
    with qtbot.waitSignal(wizard.detected, timeout=90000) as det:
        wizard.next()
    return det.args


def test_import_groningen_registrations_through_the_wizard(window, qtbot, groningen, tmp_path):
    from resources import demo

    c = window.controller
    # a project with the demo boundaries only
    with qtbot.waitSignal(c.project.loaded, timeout=30000):
        c.project.loader.start(lambda progress=None, cancelled=None: __import__("importers.project").project.Project(
            areas=__import__("importers").read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)[0], name="Import"))
    wizard = window.import_wizard()
    qtbot.addWidget(wizard)
    kind, report = run_wizard(wizard, qtbot, groningen / XLSX)
    assert kind == "incidents"
    # the detection looked at the first rows only; the import step reads the whole file
    assert report.sample and report.sample["rows"] == 2000 and not report.sample["complete"]
    assert wizard.detected_data[1] is None
    info = wizard.detect_page.info.text()
    assert "incidenten" in info and "EPSG:28992" in info and "Pleegpostcode" in info
    # every box at "automatisch", saying what it found (issue 12: a detection is never overridden unasked)
    from desktop.wizard_pages import AUTO

    page = wizard.detect_page
    assert page.current_kind() == "incidents" and page.kind.currentData() == AUTO
    assert page.roles["x"].currentData() == AUTO and page.roles["x"].currentText() == "automatisch: 'X'"
    assert page.roles["start"].currentText() == "automatisch: 'Begin-pleegdatum/tijd'"
    assert page.overrides() == {}
    preview = wizard.detect_page.table.model()
    assert preview.rowCount() == 20
    headers = [preview.headerData(i, Qt.Orientation.Horizontal) for i in range(preview.columnCount())]
    postcode = headers.index("Pleegpostcode")
    assert preview.item(0, postcode).text() == "(verborgen)"
    with qtbot.waitSignal(wizard.importDone, timeout=60000) as done:
        wizard.next()
    kind, data, report = done.args
    assert len(data) == 15947 and report.rows_kept == 15947 and report.rows_rejected == 0
    text = wizard.report_page.text.toPlainText()
    assert "Rijen gelezen: 15947, bewaard: 15947, afgewezen: 0" in text
    assert "Persoonsgegevens" in text and "Pleegstraatnaam" in text
    assert not {"Pleegstraatnaam", "Pleegpostcode"} & set(data.columns)
    with qtbot.waitSignals([c.analysis.done, window.map_view.mapReady], timeout=90000):
        wizard.accept()
    assert len(c.state.project.incidents) == 15947
    assert c.state.project.reports["incidents"]["rows_kept"] == 15947
    assert window.table.model.frame["count"].sum() > 15000


def test_override_and_rejected_rows_to_csv(qtbot, tmp_path):
    from desktop.wizard import ImportWizard

    src = tmp_path / "meldingen.csv"
    src.write_text("id;x;y;begin;categorie\n"
                   "1;233000;582000;03-02-2016 10:00;fiets\n"
                   "2;abc;582000;04-02-2016 11:00;fiets\n"
                   "3;233100;582100;05-02-2016 12:00;fiets\n", encoding="utf-8")
    wizard = ImportWizard()
    qtbot.addWidget(wizard)
    kind, report = run_wizard(wizard, qtbot, src)
    assert kind == "incidents" and report.separator == ";"
    # override: read the dates month-first; the detection said day-first
    wizard.detect_page.dayfirst.setCurrentIndex(wizard.detect_page.dayfirst.findData(False))
    with qtbot.waitSignal(wizard.importDone, timeout=30000) as done:
        wizard.next()
    kind, data, report = done.args
    assert data["start"].iloc[0] == pd.Timestamp("2016-03-02 10:00")
    assert report.rows_rejected == 1
    out = wizard.save_rejected(tmp_path / "afgewezen.csv")
    rejected = pd.read_csv(out, sep=";", encoding="utf-8-sig")
    assert list(rejected.columns) == ["Rij", "Kolom", "Waarde", "Reden"]
    assert rejected["Rij"].tolist() == [3] and rejected["Waarde"].tolist() == ["abc"]


def test_unreadable_file_gives_a_dutch_message(qtbot, tmp_path):
    from desktop.wizard import ImportWizard

    bad = tmp_path / "leeg.csv"
    bad.write_bytes(b"")
    wizard = ImportWizard()
    qtbot.addWidget(wizard)
    wizard.set_path(str(bad))
    wizard.show()
    with qtbot.waitSignal(wizard.runner.errorOccurred, timeout=30000):
        wizard.next()
    box = errors.SHOWN[-1]
    assert "Import is mislukt" in box.text() and "leeg.csv" in box.text()
    assert not wizard.detect_page.isComplete()


def test_dropping_a_file_on_the_window_opens_the_wizard(window, qtbot, tmp_path):
    src = tmp_path / "meldingen.csv"
    src.write_text("id;x;y;begin\n1;233000;582000;03-02-2016 10:00\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(src))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.wizard.isVisible()
    assert Path(window.wizard.file_page.path.text()) == src
    window.wizard.reject()


def test_settings_form_is_generated_from_the_declaration(qtbot):
    from desktop.panels.settings_panel import MethodForm
    from hotspots.params import Method, Param

    m = Method("proef", "Proef", "Een proefmethode.", (
        Param("fdr", True, "FDR-correctie", "Benjamini-Hochberg."),
        Param("permutations", 0, "Permutaties", "Aantal permutaties.", minimum=0, maximum=99999),
        Param("cell", 250.0, "Celgrootte", "In meters.", minimum=10.0),
        Param("weights", "queen", "Buren", "Soort buren.", choices=("queen", "rook"),
              choice_labels=("grens of hoek", "alleen grens"))))
    form = MethodForm(m)
    qtbot.addWidget(form)
    assert form.values() == m.defaults()
    form.editors["weights"].setCurrentIndex(1)
    form.editors["permutations"].setValue(99)
    form.editors["fdr"].setChecked(False)
    assert form.values() == {"fdr": False, "permutations": 99, "cell": 250.0, "weights": "rook"}
    assert form.editors["weights"].itemText(1) == "alleen grens"
    assert form.editors["permutations"].maximum() == 99999
    assert form.editors["cell"].toolTip() == "In meters."


def test_hotspot_form_lists_the_declared_methods(window, qtbot):
    from hotspots.params import METHODS

    panel = window.settings_panel
    qtbot.waitUntil(lambda: bool(panel.by_name), timeout=20000)
    assert "hotspots" in panel.by_name
    for name in panel.by_name:
        assert name in METHODS
        assert set(panel.by_name[name].editors) == {p.name for p in METHODS[name].params}


def test_exports_write_through_mapping_with_privacy(demo, tmp_path, qtbot):
    from PySide6.QtWebEngineCore import QWebEngineSettings

    from desktop import exports

    c = demo.controller
    html = exports.export(c, "action.export_html", tmp_path / "kaart.html")
    # the exported file, opened on its own, asks nothing from the network
    view = demo.map_view
    view.page.settings().setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True)
    view.interceptor.blocked.clear()
    with qtbot.waitSignal(view.mapReady, timeout=30000):
        view.load_map(html)
    qtbot.wait(300)
    assert view.blocked_requests() == []
    assert Path(exports.export(c, "action.export_png", tmp_path / "kaart.png")).stat().st_size > 10_000
    exports.export(c, "action.export_gpkg", tmp_path / "resultaten.gpkg")
    exports.export(c, "action.export_xlsx", tmp_path / "resultaten.xlsx")
    sheet = pd.read_excel(tmp_path / "resultaten.xlsx", sheet_name=None, engine="openpyxl")
    areas = next(v for k, v in sheet.items() if k != "Toelichting")
    assert len(areas) == 108
    assert not {"x", "y", "pleegbuurt"} & set(map(str, areas.columns))
    assert Path(exports.export(c, "action.export_charts", tmp_path / "grafieken.png")).stat().st_size > 5_000


def test_shortcuts_tooltips_and_about(window):
    acts = window.actions_by_key
    assert acts["action.run"].shortcut().toString() == "F5"
    assert acts["action.import"].shortcut().toString() == "Ctrl+I"
    assert acts["action.save"].shortcut().toString() == "Ctrl+S"
    assert acts["action.cancel"].shortcut().toString() == "Esc"
    from desktop.panels.area_table import z_tooltip
    assert z_tooltip(3.1) == ("Gi* z = 3,1: deze buurt en haar buren hebben samen veel meer incidenten "
                              "dan verwacht.")
    window.about()
    assert "CBS" in window.info_box.text() and "CC BY" in window.info_box.text()
    window.info_box.close()


def test_inzet_tab_is_built_on_first_use_and_gets_the_data(demo, qtbot):
    if demo.tabs.count() < 2:
        pytest.skip("het Inzet-paneel is niet geïnstalleerd")
    assert demo.inzet_panel is None
    demo.tabs.setCurrentIndex(1)
    assert demo.inzet_panel is not None and demo.controller.inzet_panel is demo.inzet_panel
    assert demo.tabs.widget(1) is demo.inzet_panel


def test_charts_without_data_and_an_export_without_a_result_say_so(window, qtbot, tmp_path):
    from desktop import exports
    from desktop import tasks
    from desktop.charts import ChartsPanel
    from kernel.errors import AnalysisError

    panel = ChartsPanel()
    qtbot.addWidget(panel)
    panel.set_data(tasks.ChartData("Alle gebieden"))
    for chart in (panel.monthly, panel.weekhour, panel.hours, panel.weekdays):
        assert chart.state == "message" and chart.message.toPlainText() == "geen gegevens"
    # an empty window has no result to export: a typed error with a Dutch message, no file
    with pytest.raises(AnalysisError, match="Bereken eerst de hot spots"):
        exports.export(window.controller, "action.export_xlsx", tmp_path / "a.xlsx")
    assert not (tmp_path / "a.xlsx").exists()
