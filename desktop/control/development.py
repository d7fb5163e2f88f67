"""The officer's questions: development over time (Ontwikkeling), period against period, hot times (Tijden).

Each view's work runs on its own runner in the worker process (always: in a thread its pandas work held
the GIL and stalled the window 140-280 ms at 20,000 incidents, benchmarks/bench_question_stall.py) and
only while the view is shown: a change of period, category, selection, level or source marks
it out of date, and it is computed when the view is shown again. Every number comes from
:mod:`desktop.change_tasks`, which calls the core.
"""
from __future__ import annotations

from PySide6.QtCore import Signal

from desktop import change_tasks, level_tasks, times_tasks
from desktop.control.base import Feature
from desktop.state import Questions
from desktop.strings import tr

DEVELOPMENT, TIMES = "development", "times"


class DevelopmentController(Feature):
    """Signals
    -------
    developed(object)
        A :class:`desktop.change_tasks.Development` is in ``questions.development``.
    compared(object)
        ``(table, notes, map page)`` of period A against period B is in ``questions.comparison``.
    timed(object)
        A :class:`desktop.change_tasks.HotTimes` is in ``questions.hottimes``.
    problem(str, str)
        The view ("development", "compare", "times") and the Dutch reason its work gave nothing (too few
        months, no incidents in the period): said in the view, not in a message box.
    """

    developed = Signal(object)
    compared = Signal(object)
    timed = Signal(object)
    problem = Signal(str, str)

    def __init__(self, chosen, session, questions: Questions, parent=None):
        super().__init__(chosen, session, parent)
        self.questions = questions
        self.dev_runner = self.add_runner(tr("work.development"), process="always", progress=False, errors=None)
        self.compare_runner = self.add_runner(tr("work.compare"), process=True, errors=None)
        self.times_runner = self.add_runner(tr("work.hottimes"), process="always", progress=False, errors=None)
        for view, runner in ((DEVELOPMENT, self.dev_runner), ("compare", self.compare_runner),
                             (TIMES, self.times_runner)):
            runner.errorOccurred.connect(lambda err, view=view: self.problem.emit(view, _reason(err)))
        self.dev_runner.resultReady.connect(self._on_development)
        self.compare_runner.resultReady.connect(self._on_comparison)
        self.times_runner.resultReady.connect(self._on_times)
        self.shown: set[str] = set()
        self._times_groups: list | None = None  # the hot-spot groups of the last Tijden run
        #: Whether the map of the change is to be shown on the main map (the A/B tab's box).
        self.change_map_wanted = True
        self.stale = {DEVELOPMENT: True, TIMES: True}
        chosen.events.connect("filters", lambda _: self.changed())
        chosen.events.connect("selected", lambda _: self.changed())
        chosen.events.connect("level", lambda _: self.changed())  # the window's level (the data panel's box)
        for name in ("sources", "theme", "division"):  # the data panel's sources and theme: these views follow
            chosen.events.connect(name, lambda _: self.changed())
        questions.events.connect("source", lambda _: self.changed())

    def level(self) -> str:
        """The window's level (``chosen.level``) as these views take it: buurt, wijk or gemeente."""
        return self.chosen.level if self.chosen.level in change_tasks.LEVELS else "buurt"

    # -- what the views ask ----------------------------------------------------------------------
    def show_view(self, view: str, shown: bool) -> None:
        """A view became visible (its work runs if out of date) or hidden (its work waits)."""
        (self.shown.add if shown else self.shown.discard)(view)
        if view == DEVELOPMENT:
            self.show_change_map()
        if shown and self.stale[view]:
            self._run(view)

    def changed(self) -> None:
        """The period, category, selection, level, source or project changed: the shown views follow."""
        for view in self.stale:
            self.stale[view] = True
            if view in self.shown:
                self._run(view)

    def analysis_changed(self) -> None:
        """A new hot-spot result: the Tijden view's hot-spot groups follow (if it is shown and they changed)."""
        if self._groups() == self._times_groups:
            return
        self.stale[TIMES] = True
        if TIMES in self.shown:
            self._run(TIMES)

    def _groups(self) -> list:
        """The hot-spot groups of the analysis shown (:func:`desktop.times_tasks.hot_groups`)."""
        analysis = self.session.analysis
        return times_tasks.hot_groups(getattr(getattr(analysis, "result", None), "areas", None))

    def project_changed(self) -> None:
        q = self.questions
        p = self.session.project
        if p.incidents is None and p.counts is not None:
            q.source = "counts"
        elif p.incidents is not None and p.counts is None:
            q.source = "incidents"
        q.development = q.comparison = q.hottimes = None
        self.changed()

    def sources(self) -> list[str]:
        """The sources the project has ("incidents", "counts")."""
        p = self.session.project
        return [name for name, data in (("incidents", p.incidents), ("counts", p.counts)) if data is not None]

    def _sources(self) -> tuple:
        """(incidents, counts, category) over the whole history (the year before and the trend need it): the
        project's first sources and the chosen category, or, where the data panel chose other sources or a
        theme, those sources with the theme's categories already taken (:mod:`desktop.choice`): incident
        sources as one series, as the map has them; police counts are the tab's other choice, never added."""
        import dataclasses

        from desktop import choice

        p = self.session.project
        c = choice.custom_choice(p, self.chosen)
        if c is None:
            return p.incidents, p.counts, self.chosen.filters.get("category")
        whole = dataclasses.replace(c, period=None)
        counts = choice.chosen_frames(p, whole, "counts")
        incidents = choice.chosen_incidents(p, whole)
        if incidents is not None and "source" in incidents:
            incidents = incidents.drop(columns="source")
        return incidents, counts[0][1] if counts else None, None

    def _data(self) -> dict:
        incidents, counts, category = self._sources()
        use_counts = self.questions.source == "counts" and counts is not None or incidents is None
        if use_counts:
            return {"incidents": None, "counts": counts, "category": None}
        return {"incidents": incidents, "counts": None, "category": category}

    def _run(self, view: str) -> None:
        p = self.session.project
        if p.incidents is None and p.counts is None:
            if view == TIMES:  # nothing runs: the view says why instead of "being computed"
                self.problem.emit(TIMES, tr("times.no_incidents"))
            return
        self.stale[view] = False
        f = self.chosen.filters
        period = (f.get("start"), f.get("end"))
        data = self._data()
        if view == DEVELOPMENT:
            self.dev_runner.start(change_tasks.development, **data, areas=p.areas, outlines=p.outlines,
                                  level=self.level(), selected=list(self.chosen.selected), period=period)
        elif p.incidents is None:  # hot times need times of day: police counts per month have none
            self.problem.emit(TIMES, tr("times.no_counts"))
        else:
            codes = change_tasks.codes_at(self.chosen.selected, p.areas, self.level())
            names = change_tasks.area_names(p.areas, p.outlines, self.level())
            title = ", ".join(names.name(c) for c in codes) if codes else tr("charts.all_areas")
            self._times_groups = groups = self._groups()  # each gets its own blocks and signature
            incidents, _, category = self._sources()
            if incidents is None:  # the chosen sources are police counts only: no times of day
                self.problem.emit(TIMES, tr("times.no_counts"))
                return
            self.times_runner.start(times_tasks.hot_times, incidents, p.areas, codes=codes,
                                    level=self.level(), title=title, period=period,
                                    category=category, groups=groups, outlines=p.outlines)

    def compare(self, before: tuple, after: tuple) -> None:
        """Period A (``before``) against period B (``after``) for every area at the chosen level."""
        p = self.session.project
        if p.incidents is None and p.counts is None:
            return
        self.compare_runner.start(level_tasks.compare_with_map, **self._data(), areas=p.areas, outlines=p.outlines,
                                  level=self.level(), before=tuple(before), after=tuple(after))

    def show_change_map(self, shown: bool | None = None) -> None:
        """The map of the change (period A against B) on the main map while ``shown`` (the A/B tab's box, and the
        Ontwikkeling view in sight); else the hot-spot map again. None: as last asked."""
        if shown is not None:
            self.change_map_wanted = shown
        s = self.session
        result = self.questions.comparison
        mine = result[2].resolve() if result is not None and len(result) > 2 and result[2] is not None else None
        if mine is None:
            return
        if self.change_map_wanted and DEVELOPMENT in self.shown:
            s.map_page = mine
        elif s.map_page == mine and s.analysis is not None and s.analysis.map_path is not None:
            s.map_page = s.analysis.map_path.resolve()

    def members(self, code: str) -> list[str]:
        """The project's areas in ``code`` (an area at the chosen level), to select them everywhere."""
        d = self.questions.development
        names = d.areas if d is not None and d.areas.level == self.level() else \
            change_tasks.area_names(self.session.project.areas, self.session.project.outlines, self.level())
        return names.members.get(str(code), [str(code)])

    # -- results ---------------------------------------------------------------------------------
    def _on_development(self, data) -> None:
        self.questions.development = data
        self.developed.emit(data)

    def _on_comparison(self, result) -> None:
        self.questions.comparison = result
        self.compared.emit(result)
        self.show_change_map()

    def _on_times(self, data) -> None:
        self.questions.hottimes = data
        self.timed.emit(data)


def _reason(err) -> str:
    """A runner's error as one Dutch line (the core's typed errors carry it; anything else is named as such)."""
    from kernel.errors import WijkbeeldError

    exc = getattr(err, "exception", err)
    return str(exc) if isinstance(exc, WijkbeeldError) else tr("dev.failed", error=exc)
