"""The user's privacy choice for exports: suppression threshold and the opt-in for incident points."""
from __future__ import annotations

import pandas as pd
import pyogrio
import pytest

pytestmark = pytest.mark.qt

from PySide6.QtCore import QTimer  # noqa: E402


def test_defaults_are_privacy_by_default():
    from desktop import export_settings

    choice = export_settings.load()
    assert (choice.suppress, choice.threshold, choice.points) == (True, 5, False)
    rules = choice.rules()
    assert (rules.suppress_below, rules.include_points) == (5, False)
    assert export_settings.ExportSettings(suppress=False).rules().suppress_below is None


def _set_through_dialog(window, qtbot, *, suppress, threshold, points):
    from desktop import exports

    def fill():
        d = window.export_settings_dialog
        d.suppress.setChecked(suppress)
        d.threshold.setValue(threshold)
        d.points.setChecked(points)
        d.accept()

    QTimer.singleShot(0, fill)
    assert exports.edit_settings(window)


def test_threshold_and_points_reach_the_exports(demo, tmp_path, qtbot):
    from desktop import export_settings, exports

    c = demo.controller
    assert "action.export_settings" in demo.actions_by_key
    _set_through_dialog(demo, qtbot, suppress=True, threshold=10, points=False)
    assert export_settings.load() == export_settings.ExportSettings(True, 10, False)  # remembered (QSettings)

    exports.export(c, "action.export_xlsx", tmp_path / "a.xlsx")
    areas = pd.read_excel(tmp_path / "a.xlsx", sheet_name="Gebieden", engine="openpyxl", dtype=str)
    counts = areas["Aantal"]  # Dutch headers (mapping.workbook)
    assert (counts == "<10").any() and not (counts == "<5").any()
    numeric = pd.to_numeric(counts, errors="coerce").dropna()
    assert ((numeric == 0) | (numeric >= 10)).all()
    # the rates of suppressed rows are left empty
    assert areas.loc[counts == "<10", "Per 1.000 inwoners"].isna().all()

    exports.export(c, "action.export_gpkg", tmp_path / "a.gpkg")
    layers = [name for name, _ in pyogrio.list_layers(tmp_path / "a.gpkg")]
    gpkg = pyogrio.read_dataframe(tmp_path / "a.gpkg", layer=layers[0])
    assert (gpkg["count"].astype(str) == "<10").any()
    assert not any("punt" in name.lower() or "point" in name.lower() or "incident" in name.lower() for name in layers)
    html = exports.export(c, "action.export_html", tmp_path / "a.html")
    text = html.read_text(encoding="utf-8")
    assert "&lt;10" in text or "<10" in text

    # opting in writes the points (never the address columns)
    _set_through_dialog(demo, qtbot, suppress=False, threshold=10, points=True)
    exports.export(c, "action.export_gpkg", tmp_path / "b.gpkg")
    layers = [name for name, _ in pyogrio.list_layers(tmp_path / "b.gpkg")]
    extra = [name for name in layers if name != layers[0] and "metadata" not in name and "style" not in name]
    assert extra, layers
    points = pyogrio.read_dataframe(tmp_path / "b.gpkg", layer=extra[0])
    assert len(points) == len(c.filtered_incidents())
    assert set(points.columns) <= {"x", "y", "date", "category", "area", "geometry"}
    plain = pd.read_excel(exports.export(c, "action.export_xlsx", tmp_path / "b.xlsx"), sheet_name="Gebieden",
                          engine="openpyxl", dtype=str)
    assert not plain["Aantal"].str.startswith("<").any()


def _dialog_choice(window, qtbot):
    """What the export dialog shows (then cancelled)."""
    from desktop import exports

    shown = []

    def read():
        d = window.export_settings_dialog
        shown.append(d.choice())
        d.reject()

    QTimer.singleShot(0, read)
    assert not exports.edit_settings(window)
    return shown[0]


def _counts(path):
    return pd.read_excel(path, sheet_name="Gebieden", engine="openpyxl", dtype=str)["Aantal"]


def test_the_rules_belong_to_the_project_and_a_new_project_takes_the_users_last_choice(demo, second_window, tmp_path,
                                                                                      qtbot):
    from desktop import export_settings, exports
    from importers.project import load_project

    council = export_settings.ExportSettings(True, 10, False)
    c = demo.controller
    _set_through_dialog(demo, qtbot, suppress=True, threshold=10, points=False)
    assert c.export_choice() == council and c.state.dirty
    path = tmp_path / "raad.gpkg"
    with qtbot.waitSignal(c.project.saved, timeout=30000):
        c.project.save(path)
    assert load_project(path).settings["export"] == {"suppress": True, "threshold": 10, "points": False}
    demo.close()
    # meanwhile the user chose other rules elsewhere (another project): their default changes
    export_settings.save(export_settings.ExportSettings(True, 20, False))

    again = second_window
    c2 = again.controller
    with qtbot.waitSignals([c2.analysis.done, again.map_view.mapReady], timeout=60000):
        c2.project.open_project(path)
    qtbot.waitUntil(lambda: not c2.completing(), timeout=60000)  # the trends follow the map
    assert c2.export_choice() == council
    assert _dialog_choice(again, qtbot) == council
    counts = _counts(exports.export(c2, "action.export_xlsx", tmp_path / "raad.xlsx"))
    assert (counts == "<10").any() and not counts.str.startswith("<20").any()
    gpkg = pyogrio.read_dataframe(exports.export(c2, "action.export_gpkg", tmp_path / "export.gpkg"),
                                  layer="gebieden")
    assert (gpkg["count"].astype(str) == "<10").any() and not (gpkg["count"].astype(str) == "<20").any()

    # the demo (not saved with a choice) is a project without rules of its own: the user's default
    with qtbot.waitSignals([c2.analysis.done, again.map_view.mapReady], timeout=60000):
        c2.project.open_demo()
    qtbot.waitUntil(lambda: not c2.completing(), timeout=60000)
    assert c2.export_choice() == export_settings.ExportSettings(True, 20, False)
    counts = _counts(exports.export(c2, "action.export_xlsx", tmp_path / "demo.xlsx"))
    assert (counts == "<20").any()
    c2.project.new_project()
    assert _dialog_choice(again, qtbot) == export_settings.ExportSettings(True, 20, False)
    again.close()


def test_a_saved_choice_is_read_back_with_defaults_for_what_it_lacks():
    from desktop import export_settings as es

    assert es.for_project({"export": {"suppress": False, "threshold": 7, "points": True}}) == \
        es.ExportSettings(False, 7, True)
    assert es.for_project({"export": {"threshold": 1}}) == es.ExportSettings(True, es.MIN_THRESHOLD, False)
    es.save(es.ExportSettings(True, 12, True))
    assert es.for_project({}) == es.for_project(None) == es.for_project({"export": None}) == \
        es.ExportSettings(True, 12, True)
    choice = es.ExportSettings(False, 9, True)
    assert es.for_project({"export": choice.to_dict()}) == choice
