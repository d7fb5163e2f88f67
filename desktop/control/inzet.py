"""The Inzet tab: the plan for a chosen month or week (:func:`hotspots.inzet.changes.run`, with last month's
plan beside it) and the Terugblik (:func:`hotspots.inzet.plan.run` with an evaluation period), both on the
period and theme chosen in the window; the plan's map drawn on the map view."""
from __future__ import annotations

from PySide6.QtCore import Signal

from desktop import errors, tasks
from desktop.control.base import Feature
from desktop.strings import tr
from kernel.errors import WijkbeeldError


class InzetController(Feature):
    """Plans for the Inzet panel's requests and shows the plan's map while the Inzet tab is open.

    Signals
    -------
    planned(object)
        A plan was made (the panel shows it).
    lookedBack(object)
        A Terugblik was made (a plan with its evaluation and the naive plans beside it).
    note(str)
        A line for the panel (an error, a cancelled run).
    """

    planned = Signal(object)
    lookedBack = Signal(object)
    note = Signal(str)

    def __init__(self, chosen, session, parent=None):
        super().__init__(chosen, session, parent)
        self.plan_maker = self.add_runner(tr("inzet.work"))  # the plan for the Inzet tab
        self.lookback_maker = self.add_runner(tr("inzet.page_lookback"))
        self.plan_runner = self.add_runner(tr("work.plan_map"), progress=False)
        self.plan_maker.resultReady.connect(self._on_plan_made)
        self.lookback_maker.resultReady.connect(self.lookedBack.emit)
        for runner in (self.plan_maker, self.lookback_maker):
            runner.errorOccurred.connect(lambda err: self.note.emit(errors.message_for(err.exception)))
            runner.cancelled.connect(lambda: self.note.emit(tr("status.cancelled")))
        self.plan_runner.resultReady.connect(self._on_plan_map)

    def project_changed(self) -> None:
        """A plan of the previous project is of no use."""
        for runner in (self.plan_maker, self.lookback_maker):
            if runner.is_running():
                runner.cancel()

    # -- what the window chose --------------------------------------------------------------------
    def _theme(self) -> tuple[str | None, list | None]:
        """The theme's name and its categories among the incidents (None: every category): the project's
        theme when the window chose one, else the category chosen on the left."""
        p = self.session.project
        name = getattr(self.chosen, "theme", None)
        if name:
            try:
                theme = p.theme(name)
                sources = p.sources_of("incidents")
                cats = list(theme.of(sources[0].name)) if sources else []
                return name, cats
            except WijkbeeldError:  # a theme the project does not hold: the category chosen on the left
                pass
        category = self.chosen.filters.get("category")
        return (category, [category]) if category else (None, None)

    def incidents(self):
        """The project's incidents of the chosen theme (every date: the period bounds the history)."""
        # (pandas is imported where it is used: the window starts without it, desktop.snapshot)
        inc = self.session.project.incidents
        _, cats = self._theme()
        if inc is None or cats is None:
            return inc
        return inc[inc["category"].astype("string").isin([str(c) for c in cats])]

    def period(self) -> tuple:
        """The window's period as days (``pandas.Timestamp`` or None): its first month's first day and the day
        after its last month."""
        import pandas as pd

        f = self.chosen.filters
        start = pd.Period(f["start"], "M").start_time if f.get("start") else None
        end = (pd.Period(f["end"], "M") + 1).start_time if f.get("end") else None
        return start, end

    def context(self) -> tuple[str, object, object]:
        """For the panel: what the plan learns from in words, and the first and last day of that data."""
        import pandas as pd

        inc = self.incidents()
        if inc is None or len(inc) == 0:
            return tr("inzet.need_data"), None, None
        start, end = self.period()
        starts = pd.to_datetime(inc["start"]).dropna()
        if start is not None:
            starts = starts[starts >= start]
        if end is not None:
            starts = starts[starts < end]
        if starts.empty:
            return tr("inzet.need_data"), None, None
        name, _ = self._theme()
        period = self.chosen.period_text() or f"{starts.min():%Y-%m} t/m {starts.max():%Y-%m}"
        # a theme only where one is chosen; else the category of the left (the Thema box says 'geen thema')
        chosen = name and name == getattr(self.chosen, "theme", None)
        theme = tr("inzet.context_theme" if chosen else "inzet.context_category", theme=name) if name \
            else f", {tr('inzet.context_all')}"
        return tr("inzet.context", period=period, theme=theme), starts.min().normalize(), starts.max().normalize()

    # -- running ------------------------------------------------------------------------------------
    def make_plan(self, request: dict) -> None:
        """The plan for the panel's ``request`` (see :attr:`desktop.panels.inzet_panel.InzetPanel.planRequested`)
        on the window's period and theme, with the plan for the period before; a running plan is cancelled."""
        from hotspots.inzet import changes

        p = self.session.project
        inc = self.incidents()
        if p.areas is None or inc is None:
            return
        start, end = self.period()
        self.plan_maker.start(changes.run, p.areas, inc, request.get("params"), target=request["target"],
                              history_from=start, history_to=end, label=tr("inzet.work"))

    def make_lookback(self, request: dict) -> None:
        """The Terugblik for the panel's ``request``: learnt from the window's period before ``evaluate_from``,
        scored on ``evaluate_from`` up to ``evaluate_to`` beside the naive plans."""
        from hotspots.inzet import plan as inzet

        p = self.session.project
        inc = self.incidents()
        if p.areas is None or inc is None:
            return
        start, end = self.period()
        self.lookback_maker.start(inzet.run, p.areas, inc, request.get("params"), history_from=start,
                                  history_to=end, evaluate_from=request["evaluate_from"],
                                  evaluate_to=request["evaluate_to"], label=tr("inzet.page_lookback"))

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
                               title=tr("inzet.title"), period=self.map_period(plan))

    def map_period(self, plan) -> str | None:
        """The map header: what the plan is for and the window's period it learnt from."""
        from hotspots.inzet.changes import period_label

        learnt = self.chosen.period_text()
        target = getattr(plan, "target", None)
        if target is None:
            return learnt
        return f"plan voor {period_label(target)}" + (f", geleerd van {learnt}" if learnt else "")

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
