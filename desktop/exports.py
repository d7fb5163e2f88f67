"""Exports from the menu: map (HTML, PNG), results (GeoPackage, XLSX) and charts (PNG).

Every export goes through the output pipeline (:func:`mapping.outputs.write_outputs`, as
``wijkbeeld analyse``) with one :class:`mapping.meta.ReportMeta`: the project's title, period,
category and method, and the privacy rules the user set for the project in
:mod:`desktop.export_settings` (default: counts below 5 written as "<5", no incident points;
personal data is never written). Nothing is computed here: :func:`request` decides what is written, in the
window, and the menu writes it on the export runner (:mod:`desktop.control.export`, off the GUI thread: the
national web map took 5 s); :func:`export` writes it at once (the tests).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

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

    from desktop.overview import count_categories, map_title

    project, category = controller.state.project, controller.chosen.filters.get("category")
    return ReportMeta(title=map_title(project, category), period=controller.period_text(),
                      theme=count_categories(project)[0].get(category, category) or None,
                      privacy=controller.export_choice().rules(),
                      method=method_line(analysis.result) if analysis is not None and analysis.run is not None
                      else None)


def export(controller, key: str, path: str | Path) -> Path:
    """Write one export to ``path`` now, in the calling thread (no dialogs; the tests call this; the menu writes
    the same :func:`request` on the export runner, :mod:`desktop.control.export`), through the output pipeline
    (:func:`mapping.outputs.write_outputs`) that ``wijkbeeld analyse`` uses, with the same metadata."""
    return Path(tasks.write_export(**request(controller, key, path)))


def _check(controller, key: str) -> None:
    """An :class:`AnalysisError` (Dutch) when the window has nothing to export for ``key`` yet."""
    if controller.opening():  # the previous project's result is still in the state
        raise AnalysisError(tr("status.still_opening"))
    analysis = controller.state.analysis
    if KINDS[key][2] and (analysis is None or analysis.run is None):  # no run: the areas alone (no counts yet)
        raise AnalysisError(tr("export.need_result"))
    if key != "action.export_charts" and controller.completing():  # the hot times and trends follow the map
        raise AnalysisError(tr("export.still_later"))


def request(controller, key: str, path: str | Path) -> dict:
    """The arguments of :func:`desktop.tasks.write_export` for the analysis the window shows: its run with the
    window's areas, wijken and (only where the privacy choice includes them) incidents, the metadata of
    :func:`meta_of` and, for the web map, the window's map of the change; for the charts, the charts the window
    shows. Decided here, in the window; written wherever the caller runs it."""
    _check(controller, key)
    analysis = controller.state.analysis
    meta = meta_of(controller, analysis)
    if key == "action.export_charts":  # the charts the window shows (desktop.tasks.ChartData)
        if controller.state.charts is None:
            raise AnalysisError(tr("export.need_result"))
        return {"run": None, "meta": meta, "kind": "charts", "path": str(Path(path)),
                "charts": controller.state.charts}
    project = controller.state.project
    points = controller.filtered_incidents() if meta.privacy.include_points else None
    # the run came back from the worker without its inputs: the window holds them
    run = replace(analysis.run, inputs=tasks.inputs_of(project.areas, points, outlines=project.outlines))
    kind = {"action.export_html": "html", "action.export_png": "png", "action.export_gpkg": "gpkg",
            "action.export_xlsx": "xlsx"}[key]
    return {"run": run, "meta": meta, "kind": kind, "path": str(Path(path)),
            "change": change_of(controller) if kind == "html" else None}


def change_of(controller):
    """The window's map of the change (period A against B, the Ontwikkeling view) as a layer of the exported web
    map (:class:`mapping.change_map.Change`): when a comparison was made at the level of the map's areas; shown
    when the page opens if the window shows it now. None otherwise."""
    from mapping.change_map import Change

    questions, s = getattr(controller, "questions", None), controller.state
    result = getattr(questions, "comparison", None)
    if result is None or s.analysis is None or len(result) < 3:
        return None
    table, _, page = result[:3]
    codes = set(s.analysis.result.areas["code"].astype(str))
    if "period_a" not in table.attrs or not codes & set(table["code"].astype(str)):
        return None  # another level than the map's areas
    shown = page is not None and s.map_page is not None and Path(s.map_page) == Path(page).resolve()
    return Change(table, table.attrs["period_a"], table.attrs["period_b"], show=shown)


def suggested_name(controller, suffix: str) -> str:
    """A file name from the project, the theme (category) and the period: ``Groningen fietsdiefstal 2016-01 t/m
    2016-12.xlsx`` (characters a file system refuses left out)."""
    import re

    parts = [controller.state.project.name or tr("app.title"), controller.chosen.filters.get("category"),
             controller.period_text()]
    name = " ".join(str(p) for p in parts if p)
    name = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "", name).replace("t/m", "tm").strip(" .")[:120]
    return (name or "wijkbeeld") + suffix


#: Projects whose privacy choice was asked in this run of the app (by project identity).
_ASKED: set = set()


def ask_privacy_once(window, controller) -> bool:
    """The privacy question (the export settings) once per project while the app runs; the answer is kept with
    the project. False when the user cancelled."""
    key = id(controller.state.project)
    if key in _ASKED:
        return True
    if not edit_settings(window):
        return False
    _ASKED.add(key)
    return True


def run(window, controller, key: str) -> Path | None:
    """Ask (once per project) the privacy question, then a file name, and export; errors become a Dutch message box.
    While the hot times and trends of the map shown are still computed, the export is written once they are
    (the status bar says so)."""
    filter_key, suffix, _ = KINDS[key]
    if controller.exporter.busy():
        window.statusBar().showMessage(tr("status.export_busy"), 8000)
        return None
    if not ask_privacy_once(window, controller):
        return None
    path, _ = QFileDialog.getSaveFileName(window, tr(key).replace("&", "").rstrip("…"),
                                          suggested_name(controller, suffix), tr(filter_key))
    if not path:
        return None
    if not path.lower().endswith(suffix):
        path += suffix
    if KINDS[key][2] and controller.completing():  # the hot times and trends follow the map by a few seconds
        window.statusBar().showMessage(tr("export.waits", path=path))
        asked = controller.state.analysis  # what the user saw (and named the file after) when asking

        def write() -> None:
            if controller.state.analysis is not asked:  # another period, theme or level meanwhile: not that one
                window.statusBar().showMessage(tr("export.changed", path=path), 15000)
                return
            _write(window, controller, key, path)

        controller.when_complete(write)
        return Path(path)
    return _write(window, controller, key, path)


def _write(window, controller, key: str, path: str) -> Path | None:
    """Start the export on the export runner; the status bar says the path once it is written. An error of the
    request is a Dutch message box, as the runner's own errors are."""
    try:
        controller.exporter.write(request(controller, key, path), summary=controller.export_choice().summary())
    except Exception as exc:  # noqa: BLE001 - shown to the user with the details one click away
        errors.show_error(window, exc, what=tr("work.export"))
        return None
    return Path(path)


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
