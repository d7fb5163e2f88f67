"""Vergelijking: the project's gemeente against other gemeenten, its wijken against its average, and what residents
say, on the reference set in the user's reference folder (or the files the user picks).

Three runners, each in the worker process (:mod:`desktop.compare_tasks`): ``runner`` compares (as
``wijkbeeld vergelijk``), ``importer`` reads the chosen reference files into the set and stores it (as
``wijkbeeld vergelijk --politie ... --kerncijfers ... --vm ...``), ``chart_runner`` draws the charts of
:mod:`mapping.benchmark_charts`. The comparison runs when the tab is shown and the project, its category or
the reference set changed since it last ran (``stale``); a project that changes while the tab is hidden
costs nothing. Progress and Afbreken go through the status bar; an error is a Dutch message box.
"""
from __future__ import annotations

from PySide6.QtCore import Signal

from desktop import compare_tasks
from desktop import comparison_view as view
from desktop.control.base import Feature
from desktop.strings import tr


class ComparisonController(Feature):
    """See the module docstring.

    Signals
    -------
    compared(dict)
        The result of :func:`desktop.compare_tasks.compare` (``found`` False: no reference set yet).
    chartsReady(dict)
        PNG bytes of the charts asked for last (``dots``, ``series``; an earlier request's answer is dropped).
    started()
        A comparison began (the tab says it is computing).
    """

    compared = Signal(object)
    chartsReady = Signal(object)
    started = Signal()

    def __init__(self, chosen, session, parent=None):
        super().__init__(chosen, session, parent)
        self.runner = self.add_runner(tr("work.compare"), process="always")
        self.importer = self.add_runner(tr("work.compare_import"), process="always")
        self.chart_runner = self.add_runner(tr("work.compare_charts"), process="always", progress=False)
        self.runner.resultReady.connect(self._on_compared)
        self.importer.resultReady.connect(self._on_imported)
        self.chart_runner.resultReady.connect(self.chartsReady)
        for r in (self.runner, self.importer):
            r.cancelled.connect(lambda: self.status.emit(tr("status.cancelled")))
        self.result: dict | None = None
        self.stale = True
        self.visible = False
        self.gemeente: str | None = None  # chosen in the tab; None: the project's own
        self.folder = None  # the reference set's folder; None: the user's reference folder
        self._category = None  # the project's category of the last comparison (its wijken)

    # -- when to compare -------------------------------------------------------------------------
    def project_changed(self, *_) -> None:
        """The project, its category or the reference set changed: compare again when the tab is seen."""
        self.stale = True
        if self.visible:
            self.run()

    def filters_changed(self, filters: dict) -> None:
        """The data panel's choice: only the category matters (the wijken are compared on it), not the period."""
        if (filters or {}).get("category") != self._category:
            self.project_changed()

    def choice_changed(self, *_) -> None:
        """The data panel's sources, theme or division: the wijken follow them."""
        self.project_changed()

    def project_loaded(self, *_) -> None:
        self.gemeente = None
        self.project_changed()

    def set_visible(self, visible: bool) -> None:
        self.visible = visible
        if visible and self.stale:
            self.run()

    def choose_gemeente(self, code: str | None) -> None:
        if code != self.gemeente:
            self.gemeente = code
            self.project_changed()

    # -- running ---------------------------------------------------------------------------------
    def request(self) -> dict:
        """The arguments of :func:`desktop.compare_tasks.compare` for the window's project and category, or, where
        the data panel chose other sources, a theme or another division, the project (with the chosen sources
        only) and that choice: selected in the worker (:func:`desktop.compare_tasks.chosen_data`)."""
        from desktop import choice

        p = self.session.project
        custom = choice.custom_choice(p, self.chosen)
        if custom is not None:
            # the gemeente of the project's own areas: a division of its own may not name it
            return {"project": choice.worker_project(p, custom), "choice": custom,
                    "gemeente": self.gemeente or _gemeente_of(p.areas), "folder": self.reference_folder()}
        return {"areas": p.areas, "incidents": p.incidents, "counts": p.counts if p.incidents is None else None,
                "outlines": p.outlines, "gemeente": self.gemeente, "category": self.chosen.filters.get("category"),
                "folder": self.reference_folder()}

    def reference_folder(self) -> str:
        """Where the reference set is: said here, not in the worker process (which may have started under
        another data folder)."""
        from kernel.paths import reference_dir

        return str(self.folder or reference_dir())

    def run(self) -> None:
        self.stale = False
        if self.session.project.is_empty():
            self.compared.emit({"found": None})
            return
        self._category = self.chosen.filters.get("category")
        self.started.emit()
        self.runner.start(compare_tasks.compare, **self.request())

    def _on_compared(self, result: dict) -> None:
        self.result = result
        self.compared.emit(result)

    def import_files(self, paths) -> None:
        """Read the chosen reference files into the set (the worker process); then compare again."""
        paths = [str(p) for p in paths]
        if not paths:
            return
        p = self.session.project
        self.importer.start(compare_tasks.import_reference, paths, areas=p.areas, wijken=p.outlines,
                            folder=self.reference_folder())

    def _on_imported(self, result: dict) -> None:
        lines = [tr("compare.imported", path=result["path"], description=result["description"])] + result["notes"]
        self.status.emit(" ".join(lines))
        self.stale = True
        self.run()

    def draw(self, category: str, year: int, group: str) -> None:
        """Draw the dot plot of ``group`` in ``year`` and the series of ``category`` (mapping.benchmark_charts)."""
        comp = (self.result or {}).get("comparison")
        if comp is None or comp.gemeente is None:
            return
        rows = view.rows_of(comp, category, year)
        row = rows[rows["group"] == group]
        if row.empty:
            return
        r = row.iloc[0]
        self.chart_runner.start(compare_tasks.comparison_charts, view.members_of(comp, category, year, group),
                                view.series_rows(comp, category), group_rate=float(r["group_rate"]),
                                title=str(r["category_label"]), period=str(r["period"]), group_label=str(r["group_label"]),
                                name=comp.gemeente.name, highlight=comp.gemeente.name)


def _gemeente_of(areas) -> str | None:
    """The one gemeente code of ``areas``, or None."""
    if areas is None or "gemeente_code" not in areas:
        return None
    codes = areas["gemeente_code"].dropna().unique()
    return str(codes[0]) if len(codes) == 1 else None
