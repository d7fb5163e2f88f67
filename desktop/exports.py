"""Exports from the menu: map (HTML, PNG), results (GeoPackage, XLSX) and charts (PNG).

Every export goes through the output pipeline (:func:`mapping.outputs.write_outputs`, as
``wijkbeeld analyse``) with one :class:`mapping.meta.ReportMeta`: the project's title, period,
category and method, and the privacy rules the user set for the project in
:mod:`desktop.export_settings` (default: counts below 5 written as "<5", no incident points;
personal data is never written). Nothing is computed here.
"""
from __future__ import annotations

from dataclasses import replace
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


def meta_of(controller, analysis):
    """The :class:`mapping.meta.ReportMeta` of the window's exports: the project's name, the filter's period
    and category, the method of the analysis and the project's privacy choice (as the CLI writes them)."""
    from mapping.outputs import method_line
    from mapping.meta import ReportMeta

    category = controller.state.filters.get("category")
    return ReportMeta(title=controller.state.project.name or tr("app.title"), period=controller.period_text(),
                      theme=category or None, privacy=controller.export_choice().rules(),
                      method=method_line(analysis.result) if analysis is not None else None)


def export(controller, key: str, path: str | Path) -> Path:
    """Write one export to ``path`` (no dialogs; the menu and the tests call this), through the output pipeline
    (:func:`mapping.outputs.write_outputs`) that ``wijkbeeld analyse`` uses, with the same metadata."""
    if controller.opening():  # the previous project's result is still in the state
        raise AnalysisError(tr("status.still_opening"))
    path = Path(path)
    analysis = controller.state.analysis
    if KINDS[key][2] and analysis is None:
        raise AnalysisError(tr("export.need_result"))
    if key == "action.export_charts":
        return controller.charts.save_png(path)
    from mapping.outputs import write_outputs

    meta = meta_of(controller, analysis)
    project = controller.state.project
    points = controller.filtered_incidents() if meta.privacy.include_points else None
    # the run came back from the worker without its inputs: the window holds them
    run = replace(analysis.run, inputs=tasks.inputs_of(project.areas, points, outlines=project.outlines))
    kind = {"action.export_html": "html", "action.export_png": "png", "action.export_gpkg": "gpkg",
            "action.export_xlsx": "xlsx"}[key]
    write_outputs(run, meta, paths={kind: path})
    return path


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
