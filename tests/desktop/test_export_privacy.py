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
    counts = areas["count"]
    assert (counts == "<10").any() and not (counts == "<5").any()
    numeric = pd.to_numeric(counts, errors="coerce").dropna()
    assert ((numeric == 0) | (numeric >= 10)).all()
    # the rates of suppressed rows are left empty
    assert areas.loc[counts == "<10", "rate"].isna().all()

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
    assert not plain["count"].str.startswith("<").any()
