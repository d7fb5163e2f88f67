"""The hot-spot analysis: run it on the chosen period, category and method; put its result in the session.

After a snapshot (:mod:`desktop.snapshot`) the rerun keeps the map (and its zoom) and the charts when
it shows what the snapshot showed, and replaces them where it does not.
"""
from __future__ import annotations

import weakref
from dataclasses import replace

from PySide6.QtCore import Signal

from typing import Callable

from desktop import choice as chosen_data
from desktop import estimate, gcpause, level_tasks, overview, procpool, tasks
from desktop import snapshot as saved_view
from desktop.control.base import Feature
from desktop.strings import tr


#: How long after a large run is complete the next level is prepared (:meth:`AnalysisController._prepare_next`):
#: a switch right after it would wait for the whole preparation (0.4 s longer than making that level itself);
#: once the user has looked at the map a while, the first switch to the wijken takes 1 s instead of 3.7.
PREPARE_AFTER_MS = 1000
#: How long after a new result arrives the previous one starts to be freed (:meth:`AnalysisController._release`),
#: and how long each piece may take: the new table, map and charts come first (freed at once behind them, the
#: national buurten's previous result made the arrival one 56 ms stretch), then a few milliseconds a turn.
RELEASE_AFTER_MS = 250
RELEASE_STEP_S = 0.005


class AnalysisController(Feature):
    """Runs :func:`desktop.tasks.analyse` on its runner (large inputs in the worker process).

    Signals
    -------
    shown(object)
        A result is in the session (``analysis``, ``table``): the router fills the table.
    done(object)
        After :attr:`shown`, once the map page and the charts are settled.
    settled()
        The run ended (result, error or Afbreken); :attr:`charts_pending` says whether the charts follow.
    completed(object)
        The hot times and trends of the analysis shown are in its run too (computed after the map: the first
        run asks for the hot spots alone, :func:`desktop.tasks.analyse_later` the rest, on the same runner).
    """

    shown = Signal(object)
    done = Signal(object)
    settled = Signal()
    completed = Signal(object)

    def __init__(self, chosen, session, parent=None):
        super().__init__(chosen, session, parent)
        # large inputs go to a worker process: the core holds the GIL too long for a thread (desktop.procpool)
        self.runner = self.add_runner(tr("work.analysis"), process=True)
        self.runner.resultReady.connect(self._on_result)
        self.runner.cancelled.connect(lambda: self.status.emit(tr("status.cancelled")))
        self.runner.finished.connect(self._after)
        #: Prepares the next coarser level in the worker once a large run is complete (:meth:`_prepare_next`,
        #: in a thread there: the worker's next task does not wait). No progress shown, no errors reported (the
        #: run at that level reports its own).
        self.preparer = self.add_runner(tr("work.prepare"), process=True, progress=False, errors=None)
        self._prepare: tuple | None = None  # the arguments of that preparation, while it is due
        self._prepared_levels: list = []  # (a weak reference to the project's areas, level) prepared
        #: Whether the charts are to be redrawn when this run ends (they wait: drawing them on the GUI
        #: thread while a worker holds the GIL made the window stall).
        self.charts_pending = False
        for name in ("filters", "sources", "theme", "division", "level"):
            chosen.events.connect(name, lambda _: self.rerun())
        #: Asked before a run that is expected to take long (:mod:`desktop.estimate`): True to run it. The
        #: router asks the user; over estimate.REFUSE_S it refuses.
        self.confirm_long: Callable[[estimate.Estimate], bool] = lambda expected: True
        #: Called with a function that starts the later parts of the run shown (:meth:`_start_later`), and
        #: whether that run ran in a thread. The router delays those of a thread until the charts are drawn
        #: (computed beside the drawing they took the GUI thread's GIL: stalls of 0.07-0.13 s at 20,000
        #: incidents, where the window alone stays under 0.05), those of the worker process until the map page is
        #: ready (beside them the national page took 1.2-1.4 s instead of 0.8). Default: at once.
        self.later_gate: Callable[[Callable[[], None], bool], None] = lambda start, in_thread: start()
        self._releaser = gcpause.Releaser()  # previous results, freed a piece at a time
        self._releasing = False
        #: The arguments of the run shown, for its later parts (:meth:`_start_later`); the analysis shown whose
        #: later parts are due when its run ends, and the one they complete while they are computed.
        self._later_args: tuple | None = None
        self._due = self._completing = None

    def window_choice(self):
        """The sources, theme, division, period and category chosen (:class:`desktop.choice.WindowChoice`)."""
        return chosen_data.window_choice(self.session.project, self.chosen)

    def custom_choice(self):
        """The choice when it is not the first source of the first division without a theme, else None."""
        return chosen_data.custom_choice(self.session.project, self.chosen)

    def filtered_incidents(self, *, for_run: bool = False):
        """The incidents of the window's choice; ``for_run``: for starting a run of a large project's theme or
        sources, which the worker selects itself (:func:`desktop.choice.incidents_unselected`)."""
        c = self.custom_choice()
        if c is not None:
            p = self.session.project
            if for_run and procpool.wants_process((p.incidents,), {}):
                return chosen_data.incidents_unselected(p, c)
            return chosen_data.chosen_incidents(p, c)
        f = self.chosen.filters
        # the project's own frame when nothing is filtered out: the worker process keeps it once sent
        return tasks.filter_incidents(self.session.project.incidents, f.get("start"), f.get("end"),
                                      f.get("category"), when=f.get("when"), same=True)

    def filtered_counts(self):
        c = self.custom_choice()
        if c is not None:
            frames = chosen_data.chosen_frames(self.session.project, c, "counts")
            return frames[0][1] if frames else None
        f = self.chosen.filters
        month = (f.get("when") or {}).get("month")  # a month clicked on the chart; counts have no hours
        start, end = (month, month) if month else (f.get("start"), f.get("end"))
        return overview.filter_counts(self.session.project.counts, start, end, f.get("category"))

    def level(self) -> str | None:
        """The level of the areas to analyse (None: the project's own; "cellen" is the method's business)."""
        level = self.chosen.level
        return level if level in level_tasks.LEVELS else None

    def set_level(self, level: str) -> None:
        """Show gemeente, wijk or buurt (or the cells of a method that uses them): the selection is carried over
        to that level (a buurt's wijk, a wijk's buurten), and the analysis reruns in the worker."""
        method = (self.chosen.params or {}).get("method")
        current = self.chosen.level or level_tasks.own_level(self.session.project.areas)
        if level not in level_tasks.LEVELS or (level == current and method not in level_tasks.CELL_METHODS):
            return  # "cellen" is shown while the method uses cells: nothing to switch
        analysis = self.session.analysis
        old = getattr(analysis, "level", None) or self.chosen.level
        tree = getattr(analysis, "hierarchy", None) or {}
        with self.chosen.events.blocker("selected"):  # the table and the map follow the rerun
            self.chosen.selected = level_tasks.carry_selection(self.chosen.selected, tree, old, level)
        if method in level_tasks.CELL_METHODS:  # areas again: Gi* per gebied (the form follows)
            self.chosen.params = {**self.chosen.params, "method": "gistar"}
            if level == current:
                self.rerun()
                return
        self.chosen.level = level

    def rerun(self) -> None:
        """Run again with the last method and parameters (the period or category changed)."""
        self.run(self.chosen.method or "", self.chosen.params)

    def run(self, method: str = "", params: dict | None = None, *, quiet: bool = False) -> None:
        """Run ``method`` (a declaration's name; "" the default) with ``params``; ``quiet``: choosing them is
        no change of the project (its own settings, as it opens)."""
        s = self.session
        if s.project.areas is None:
            return
        self._later_args = self._due = self._completing = self._prepare = None
        incidents = self.filtered_incidents(for_run=True)  # once per run (a million incidents: ~50 ms here)
        if not self._worth_it(params, incidents):
            s.shown = None  # a snapshot waiting for this rerun has had its turn
            self.status.emit(tr("estimate.not_run"))
            self.settled.emit()
            return
        if quiet:
            with self.chosen.events.blocker():
                self.chosen.update(method=method or None, params=dict(params or {}))
        else:
            self.chosen.update(method=method or None, params=dict(params or {}))
        # (the filter runs here too, for the estimate and the counts: 50 ms on a million incidents)
        counts = self.filtered_counts() if incidents is None else None
        title = overview.map_title(s.project, self.chosen.filters.get("category"))
        custom = self.custom_choice()
        if custom is not None and (incidents is not None or counts is not None):
            # several sources, a theme or another division: selected and run in the worker (desktop.choice)
            if custom.theme:
                title = overview.map_title(s.project, None) + f" – {custom.theme}"
            project = chosen_data.worker_project(s.project, custom)
            self._later_args = (chosen_data.analyse_choice_later, (project, custom), {})
            self.runner.start(chosen_data.analyse_choice, project, custom, self.chosen.method, self.chosen.params,
                              title=title, period=self.chosen.period_text(), parts=("hotspots",))
        elif incidents is None and counts is None:  # boundaries only: the areas on the map and in the table
            self.runner.start(level_tasks.areas_view, s.project.areas, outlines=s.project.outlines, title=title,
                              level=self.level())
        else:
            filters = None
            whole = s.project.incidents
            if incidents is not None and incidents is not whole and procpool.wants_process((whole,), {}):
                # large: the worker process keeps the project's incidents (packing.RESIDENT_KEEP) and filters
                # them itself; the filtered copy (a third of a million national incidents for one year) stays here
                f = self.chosen.filters
                incidents, filters = whole, {"start": f.get("start"), "end": f.get("end"),
                                             "category": f.get("category"), "when": f.get("when")}
            # the map first: the hot times and trends (3 of the 4 s on the national buurten) follow on this runner
            later = {"outlines": s.project.outlines, "level": self.level(), "filters": filters}
            self._later_args = (tasks.analyse_later, (s.project.areas, incidents, counts), later)
            self.runner.start(tasks.analyse, s.project.areas, incidents=incidents, counts=counts,
                              method=self.chosen.method, params=self.chosen.params, title=title,
                              period=self.period_text(), source=None, parts=("hotspots",), **later)
            coarser = self._next_level(incidents, counts)
            if coarser is not None:
                self._prepare = ((s.project.areas, incidents, counts, self.chosen.method, self.chosen.params),
                                 dict(later, level=coarser))
        self.charts_pending = True

    def period_text(self) -> str | None:
        """The period as the map's title says it, with a chart click's filter ("2016-01 t/m 2016-12, alleen
        dinsdag 20:00-21:00")."""
        from desktop import when_filter

        period, when = self.chosen.period_text(), when_filter.text(self.chosen.filters.get("when"))
        return tr("filter.period", period=period or "", when=when).lstrip(", ") if when else period

    def _worth_it(self, params: dict | None, incidents=None) -> bool:
        """Whether to start: a run expected to take over estimate.ASK_S is asked about first (``incidents``: the
        filtered incidents when the caller has them)."""
        s = self.session
        incidents = self.filtered_incidents() if incidents is None else incidents
        if incidents is None and s.project.counts is None:
            return True  # the areas alone
        expected = estimate.for_project(params, s.project.areas, incidents)
        return expected.seconds <= estimate.ASK_S or self.confirm_long(expected)

    def cancel_later(self) -> None:
        """Afbreken while the later parts of the analysis shown wait for its charts or map (:attr:`later_gate`): they
        will not start, and the run says they were cancelled (as when they are cancelled running)."""
        if self.completing() and not self.runner.is_running():
            self._after()

    def completing(self) -> bool:
        """Whether the hot times and trends of the analysis shown are still being computed."""
        return self._completing is not None and self._completing is self.session.analysis

    def _start_later(self, analysis) -> None:
        """Compute the parts ``analysis`` (shown) was run without, after its map, table and charts."""
        fn, args, kwargs = self._later_args  # (the same inputs as the run shown)
        self._completing = analysis
        self.runner.start(fn, *args, analysis.run.params, label=tr("work.analysis_later"), **kwargs)

    def _on_later(self, later: tasks.Later) -> None:
        analysis, self._completing, self._later_args = self._completing, None, None
        if analysis is None or analysis is not self.session.analysis:
            return  # another analysis is shown by now
        analysis.run = analysis.run.completed(later.run)
        self.completed.emit(analysis)
        self._prepare_next()

    def _next_level(self, incidents, counts) -> str | None:
        """The level to prepare after this run (:func:`desktop.level_tasks.prepare`): the wijken while the
        project's own buurten are shown, once per project, and only for a run in the worker process (a small
        project's first switch is quick, and in a thread it would take the GUI thread's GIL)."""
        areas = self.session.project.areas
        if self.level() == "wijk" and not self._prepared(areas, "wijk"):  # made by this run: nothing to prepare
            self._prepared_levels.append((weakref.ref(areas), "wijk"))
        if self.level() not in (None, "buurt") or self._prepared(areas, "wijk"):
            return None
        if not procpool.wants_process((areas, incidents, counts), {}):
            return None
        return "wijk" if level_tasks.own_level(areas) == "buurt" else None

    def _prepared(self, areas, level: str) -> bool:
        return any(ref() is areas and done == level for ref, done in self._prepared_levels)

    def _prepare_next(self) -> None:
        """Start the preparation of the next level :data:`PREPARE_AFTER_MS` after the run shown is complete, if
        the user started nothing meanwhile (the worker process then works on it in a thread of its own while the
        user looks at the map; a switch to that level meanwhile waits for what is left of it)."""
        from PySide6.QtCore import QTimer

        due = self._prepare
        if due is None:
            return

        def start() -> None:
            if self._prepare is due and not self.runner.is_running():
                self._prepare = None
                args, kwargs = due
                self._prepared_levels.append((weakref.ref(args[0]), kwargs["level"]))
                self.preparer.start(level_tasks.prepare, *args, label=tr("work.prepare"), **kwargs)

        QTimer.singleShot(PREPARE_AFTER_MS, self, start)

    def _on_result(self, analysis) -> None:
        if isinstance(analysis, tasks.Later):
            self._on_later(analysis)
            return
        s = self.session
        self._release(s.analysis)  # the previous result: freed a piece per turn of the event loop
        s.analysis = analysis
        cells = getattr(analysis, "cells", None)  # made in the worker (tasks.analyse)
        s.table = cells if cells is not None else tasks.table_cells_of(analysis.result.areas)
        self.shown.emit(analysis)
        # the rerun after a snapshot: keep the map (and its zoom) when it shows the same result
        same = s.shown is not None and saved_view.same_table(s.shown, s.table)
        kept = same and s.snapshot_page is not None and s.map_page == s.snapshot_page
        if analysis.map_path is not None and not kept:
            s.plan_map = None
            s.map_page = analysis.map_path.resolve()
        if same and s.shown.get("charts") and self.chosen.selected == s.shown.get("selected", []) \
                and self.chosen.filters == s.shown.get("filters"):
            s.charts = saved_view.chart_data(s.shown)  # on screen already: same data, filters and selection
            self.charts_pending = False
        s.shown = None
        run = analysis.run
        self._due = analysis if run is not None and self._later_args is not None and run.pending() else None
        self.done.emit(analysis)

    def _release(self, old) -> None:
        """Let the previous result go a piece at a time (:class:`desktop.gcpause.Releaser`): freed in one go, a
        national result held the GUI thread 50-130 ms."""
        from PySide6.QtCore import QTimer

        if old is None:
            return
        releaser = self._releaser
        releaser.add(old)
        del old
        if not self._releasing:
            self._releasing = True

            def step() -> None:
                if releaser.step(RELEASE_STEP_S):
                    QTimer.singleShot(0, self, step)
                else:
                    self._releasing = False

            QTimer.singleShot(RELEASE_AFTER_MS, self, step)

    def _after(self) -> None:
        self.session.shown = None  # also when the rerun failed or was cancelled: the snapshot has had its turn
        due, self._due = self._due, None
        if due is not None and due is self.session.analysis:
            self._completing = due  # (completing already for whoever waits on settled)
            self.settled.emit()  # the charts are asked first: in the worker they come before the later parts
            self.charts_pending = False

            def start() -> None:
                if self._completing is due and due is self.session.analysis and not self.runner.is_running():
                    self._start_later(due)  # (no new run started, and no Afbreken, meanwhile)

            if self._completing is due and not self.runner.is_running():
                self.later_gate(start, not self.runner.in_process)
            return
        analysis, self._completing = self._completing, None
        if analysis is not None and analysis is self.session.analysis:  # the later parts cancelled or failed
            run = analysis.run
            analysis.run = replace(run, skipped={**run.skipped,
                                                 **{name: tr("analysis.later_cancelled") for name in run.pending()}})
        self.settled.emit()
        self.charts_pending = False
