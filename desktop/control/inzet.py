"""The Inzet tab: the plan is made here (:func:`hotspots.inzet.plan.run`), its map drawn on the map view."""
from __future__ import annotations

from PySide6.QtCore import Signal

from desktop import tasks
from desktop.control.base import Feature
from desktop.strings import tr


class InzetController(Feature):
    """Plans for the Inzet panel's requests and shows the plan's map while the Inzet tab is open.

    Signals
    -------
    planned(object)
        A plan was made (the panel shows it).
    note(str)
        A line for the panel (an error, a cancelled run).
    """

    planned = Signal(object)
    note = Signal(str)

    def __init__(self, chosen, session, parent=None):
        super().__init__(chosen, session, parent)
        self.plan_maker = self.add_runner(tr("inzet.work"))  # hotspots.inzet.plan.run for the Inzet tab
        self.plan_runner = self.add_runner(tr("work.plan_map"), progress=False)
        self.plan_maker.resultReady.connect(self._on_plan_made)
        self.plan_maker.errorOccurred.connect(lambda err: self.note.emit(
            str(getattr(err.exception, "message", err.exception))))
        self.plan_maker.cancelled.connect(lambda: self.note.emit(tr("status.cancelled")))
        self.plan_runner.resultReady.connect(self._on_plan_map)

    def project_changed(self) -> None:
        """A plan of the previous project is of no use."""
        if self.plan_maker.is_running():
            self.plan_maker.cancel()

    def make_plan(self, request: dict) -> None:
        """Run :func:`hotspots.inzet.plan.run` on the project for the panel's ``request`` (see
        :attr:`desktop.panels.inzet_panel.InzetPanel.planRequested`); a running plan is cancelled."""
        from hotspots.inzet import plan as inzet

        p = self.session.project
        if p.areas is None or p.incidents is None:
            return
        self.plan_maker.start(inzet.run, p.areas, p.incidents, request.get("params"),
                              evaluate_from=request.get("evaluate_from"), evaluate_to=request.get("evaluate_to"),
                              label=tr("inzet.work"))

    def _on_plan_made(self, plan) -> None:
        self.planned.emit(plan)
        self._draw(plan)

    def _draw(self, plan) -> None:
        """Draw the plan on the map (mapping.inzet_export.plan_map; the Gi* classes as a second layer)."""
        self.session.plan = plan
        if plan is None or getattr(plan, "areas", None) is None or not hasattr(plan, "shifts"):
            self.show_analysis_map()
            return
        analysis = self.session.analysis
        hotspot_areas = analysis.result.areas if analysis is not None else None
        self.plan_runner.start(tasks.write_plan_map, plan, hotspot_areas=hotspot_areas,
                               title=tr("inzet.title"), period=self.chosen.period_text())

    def _on_plan_map(self, path) -> None:
        s = self.session
        s.plan_map = path
        s.map_page = None if path is None else path.resolve()

    def show_analysis_map(self) -> None:
        """Back from the Inzet tab: the hot-spot map again."""
        self.plan_runner.cancel(emit=False)
        s = self.session
        if s.analysis is not None and s.analysis.map_path is not None and s.plan_map is not None:
            s.plan_map = None
            s.map_page = s.analysis.map_path.resolve()

    def show_plan_map(self) -> None:
        """To the Inzet tab: the plan's map, if a plan was made."""
        if self.session.plan is not None and self.session.plan_map is None:
            self._draw(self.session.plan)
