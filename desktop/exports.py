"""Exports from the menu: map (HTML, PNG), results (GeoPackage, XLSX) and charts (PNG).

Every export goes through ``mapping/`` with its privacy rules, as the user set
them for the project in :mod:`desktop.export_settings` (default: counts below 5
written as "<5", no incident points; personal data is never written). Nothing is computed here.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop import errors, export_settings
from desktop import tasks
from desktop.strings import tr
from kernel.errors import AnalysisError

#: action key -> (file filter key, suffix, needs an analysis result)
KINDS = {"action.export_html": ("export.html_filter", ".html", True),
         "action.export_png": ("export.png_filter", ".png", True),
         "action.export_gpkg": ("export.gpkg_filter", ".gpkg", True),
         "action.export_xlsx": ("export.xlsx_filter", ".xlsx", True),
         "action.export_charts": ("export.png_filter", ".png", False)}


def export(controller, key: str, path: str | Path) -> Path:
    """Write one export to ``path`` (no dialogs; the menu and the tests call this)."""
    if controller.opening():  # the previous project's result is still in the state
        raise AnalysisError(tr("status.still_opening"))
    path = Path(path)
    analysis = controller.state.analysis
    result = analysis.result if analysis is not None else None
    if KINDS[key][2] and result is None:
        raise AnalysisError(tr("export.need_result"))
    period = controller.period_text()
    title = controller.state.project.name or tr("app.title")
    rules = controller.export_choice().rules()  # mapping.disclosure.PrivacyRules
    points = controller.filtered_incidents() if rules.include_points else None
    if key == "action.export_html":
        return tasks.write_map(result, boundaries=controller.state.project.outlines, title=title, period=period,
                              path=path, privacy=rules, incidents=points)
    if key == "action.export_png":
        from mapping.printmap import write_png

        return write_png(result, path, boundaries=controller.state.project.outlines, title=title, period=period,
                         privacy=rules)
    if key == "action.export_gpkg":
        from mapping.export import write_gpkg

        write_gpkg(result, path, rules, incidents=points)
        return path
    if key == "action.export_xlsx":
        from mapping.export import write_xlsx

        write_xlsx({"Gebieden": result}, path, rules)
        return path
    return controller.charts.save_png(path)


def run(window, controller, key: str) -> Path | None:
    """Ask for a file name and export; errors become a Dutch message box."""
    filter_key, suffix, _ = KINDS[key]
    path, _ = QFileDialog.getSaveFileName(window, tr(key).replace("&", "").rstrip("…"), "", tr(filter_key))
    if not path:
        return None
    if not path.lower().endswith(suffix):
        path += suffix
    try:
        out = export(controller, key, path)
    except Exception as exc:  # noqa: BLE001 - shown to the user with the details one click away
        errors.show_error(window, exc, what=tr("work.export"))
        return None
    window.statusBar().showMessage(tr("status.exported", path=out), 8000)
    if key != "action.export_charts":
        QMessageBox.information(window, tr("export.privacy_title"), controller.export_choice().summary())
    return Path(out)


def edit_settings(window) -> bool:
    """Show the project's export privacy choice; True when the user accepted (the project then has the new
    choice, and it is remembered as the default for new projects)."""
    controller = window.controller
    dialog = export_settings.ExportSettingsDialog(window, controller.export_choice())
    window.export_settings_dialog = dialog  # tests reach it here
    if dialog.exec() != export_settings.ExportSettingsDialog.DialogCode.Accepted:
        return False
    controller.set_export_choice(dialog.choice())
    return True
