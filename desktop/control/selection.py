"""The selected areas and the charts that follow them (all areas, or the one selected)."""
from __future__ import annotations

from PySide6.QtCore import Signal

from desktop import tasks
from desktop.control.base import Feature
from desktop.strings import tr
from kernel.nl import listing


class SelectionController(Feature):
    """``chosen.selected`` (a map click, a table row) and the charts of the selection.

    Signals
    -------
    changed(list)
        The selection changed (the codes).
    chartsDone(object)
        New charts are in the session (:class:`desktop.tasks.ChartData`).
    """

    changed = Signal(list)
    chartsDone = Signal(object)

    def __init__(self, chosen, session, filtered_incidents, parent=None):
        super().__init__(chosen, session, parent)
        self.filtered_incidents = filtered_incidents
        self.chart_runner = self.add_runner(tr("work.charts"), process=True, progress=False)
        self.chart_runner.resultReady.connect(self._on_charts)
        #: Where the last selection came from ("table", "map", "list": a row of the Ontwikkeling view, or ""):
        #: a table or list row zooms the map to it.
        self.source = ""
        chosen.events.connect("selected", self._selected)

    def select(self, codes: list, source: str = "") -> None:
        """Select ``codes`` (the map, the table and the charts follow through ``chosen``'s event)."""
        codes = [str(c) for c in codes]
        if codes == self.chosen.selected:
            return
        self.source = source
        self.chosen.selected = codes

    def toggle(self, code: str, source: str = "map") -> None:
        """Add ``code`` to the selection, or take it out (shift/ctrl-click on the map)."""
        code = str(code)
        codes = list(self.chosen.selected)
        self.select([c for c in codes if c != code] if code in codes else codes + [code], source=source)

    def pick_when(self, when: dict) -> None:
        """A chart click: filter the map and the table to ``when`` (:mod:`desktop.when_filter`; {} or None: no
        filter). ``chosen.filters`` changes, so the analysis reruns in the worker."""
        from desktop import when_filter

        filters = {k: v for k, v in self.chosen.filters.items() if k != "when"}
        when = when_filter.clean(when)
        self.chosen.filters = {**filters, "when": when} if when else filters

    def _selected(self, codes: list) -> None:
        self.update_charts()
        self.changed.emit(list(codes))

    def area_name(self, code: str) -> str:
        analysis = self.session.analysis  # at the window's level: its areas (a wijk, the gemeente)
        areas = getattr(getattr(analysis, "result", None), "areas", None) if self.chosen.level else None
        areas = areas if areas is not None else self.session.project.areas
        if areas is not None and "name" in areas:
            hit = areas.loc[areas["code"].astype(str) == code, "name"]
            if len(hit):
                return f"{hit.iloc[0]} ({code})"
        return code

    def update_charts(self) -> None:
        s = self.session
        if s.shown is not None:
            return  # a snapshot without its data yet: the charts follow the rerun
        selected = list(self.chosen.selected)
        if len(selected) == 1:
            area, title = selected[0], tr("charts.area", name=self.area_name(selected[0]))
        elif selected:  # several areas (shift/ctrl-click): the charts of their sum
            area = selected
            title = tr("charts.sum", n=len(selected), names=listing([self.area_name(c).rsplit(" (", 1)[0]
                                                                    for c in selected], 4))
        else:
            area, title = None, tr("charts.all_areas")
        f = self.chosen.filters  # every month of the category: the monthly chart keeps the year before
        level = self.chosen.level if self.chosen.level in ("wijk", "gemeente") else None  # the window's level
        # the category is taken in the worker (tasks.chart_data_of): on a million incidents the filter held the GUI
        self.chart_runner.start(tasks.chart_data_of, s.project.incidents, title, category=f.get("category"),
                                area=area, counts=s.project.counts,
                                period=(f.get("start"), f.get("end")), level=level,
                                areas=s.project.areas if level else None)

    def _on_charts(self, data) -> None:
        self.session.charts = data
        self.chartsDone.emit(data)
