"""Ruimte en tijd: emerging hot spots, near repeats and stable hot spots of the window's project (issue 15).

Each analysis has its own runner in the worker process (:mod:`desktop.spacetime_tasks`), with progress
in the status bar and Afbreken (a near-repeat test with 999 permutations on a city's incidents takes a
minute). Each estimates its time before it starts (:mod:`desktop.estimate`) and asks above ten seconds.
Emerging hot spots run on the project's whole history in the data panel's category (incidents, else the
police counts); near repeats and stable hot spots on the incidents of the data panel's period and category.
Where the data panel chose other sources, a theme or another division, the worker selects them
(:func:`desktop.spacetime_tasks.chosen_inputs`): the chosen incident sources as one series, never police
counts added to them. While the tab is shown, the map shows the last of the emerging categories or the
stable hot spots; back on another tab, the hot spots again.
"""
from __future__ import annotations

import dataclasses
from typing import Callable

from PySide6.QtCore import Signal

from desktop import choice as chosen_data
from desktop import estimate, overview, spacetime_tasks, tasks
from desktop.control.base import Feature
from desktop.strings import tr
from kernel.errors import WijkbeeldError


class SpacetimeController(Feature):
    """Signals: ``emergingDone(EmergingView)``, ``nearDone(NearRepeatView)``, ``stableDone(StableView)``,
    ``problem(str)`` (said in the tab), ``busy(str)`` (what runs now)."""

    emergingDone = Signal(object)
    nearDone = Signal(object)
    stableDone = Signal(object)
    problem = Signal(str)
    busy = Signal(str)

    def __init__(self, chosen, session, parent=None):
        super().__init__(chosen, session, parent)
        self.emerging_runner = self.add_runner(tr("work.emerging"), process="always")
        self.near_runner = self.add_runner(tr("work.nearrepeat"), process="always")
        self.stable_runner = self.add_runner(tr("work.stable"), process="always")
        self.emerging_runner.resultReady.connect(lambda view: self._mapped(view, self.emergingDone))
        self.stable_runner.resultReady.connect(lambda view: self._mapped(view, self.stableDone))
        self.near_runner.resultReady.connect(self.nearDone)
        self.problem.connect(self._nothing_shown)
        for r in self.runners():
            r.cancelled.connect(lambda: self.status.emit(tr("status.cancelled")))
            r.started.connect(self.busy)
        self.emerging = self.stable = None  # the views shown
        self.mapped = None  # the last view with a map (emerging or stable)
        self.tab_shown = False
        #: Asked before a run expected to take over estimate.ASK_S (the router asks the user).
        self.confirm_long: Callable[[estimate.Estimate], bool] = lambda expected: True
        #: The project's export rules (mapping.disclosure.PrivacyRules; the router gives them): the period of the
        #: stable map and of the near-repeat and stable views follows them (months under a threshold).
        self.privacy: Callable[[], object] = lambda: None

    def _category(self):
        return self.chosen.filters.get("category")

    def _custom(self):
        """The data panel's choice when it is not the project's first source and division without a theme
        (:func:`desktop.choice.custom_choice`), else None: the tab then runs as it always did."""
        return chosen_data.custom_choice(self.session.project, self.chosen)

    def _choice_args(self, custom) -> dict:
        """The keywords that make a view of :mod:`desktop.spacetime_tasks` select ``custom`` in the worker: the
        project with the chosen sources only (what goes to the worker process), the choice and the map title."""
        p = self.session.project
        title = overview.map_title(p, None) + (f" – {custom.theme}" if custom.theme else "")
        return {"project": chosen_data.worker_project(p, custom), "choice": custom,
                "title": title}

    def run_emerging(self, params: dict | None = None) -> None:
        """Emerging hot spots of the whole history in the chosen category (incidents, else the police counts)."""
        p = self.session.project
        if p.areas is None or (p.incidents is None and p.counts is None):
            self.problem.emit(tr("st.need_data"))
            return
        custom = self._custom()
        if custom is not None:  # the chosen sources (incidents as one series, else counts), theme and division
            whole = dataclasses.replace(custom, period=None)
            incidents = chosen_data.chosen_incidents(p, whole)
            frames = chosen_data.chosen_frames(p, whole, "counts") if incidents is None else []
            if not self._worth_it(spacetime_tasks.emerging_estimate, self._areas(custom), incidents,
                                  frames[0][1] if frames else None, params=params):
                return
            self.emerging_runner.start(spacetime_tasks.emerging_view, params=dict(params or {}),
                                       **self._choice_args(custom))
            return
        category = self._category()
        incidents = tasks.filter_incidents(p.incidents, None, None, category)
        counts = overview.filter_counts(p.counts, None, None, category) if incidents is None else None
        if not self._worth_it(spacetime_tasks.emerging_estimate, p.areas, incidents, counts, params=params):
            return
        title = overview.map_title(p, category)
        self.emerging_runner.start(spacetime_tasks.emerging_view, p.areas, incidents=incidents, counts=counts,
                                   params=dict(params or {}), outlines=p.outlines, title=title)

    def _areas(self, custom):
        """The areas of the chosen division (its own level), for an estimate."""
        p = self.session.project
        if custom is None or not custom.division:
            return p.areas
        division = p.division(custom.division)
        return division.areas[division.main]

    def _worth_it(self, estimator, *args, params=None) -> bool:
        """Whether to start: a run expected to take over estimate.ASK_S is asked about first (as near repeats)."""
        try:
            expected = estimator(*args, params=params)
        except WijkbeeldError:  # settings the run itself refuses, with its Dutch message
            return True
        if expected.seconds > estimate.ASK_S and not self.confirm_long(expected):
            self.status.emit(tr("estimate.not_run"))
            return False
        return True

    def _chosen_incidents(self, what: str):
        """The incidents of the chosen period and category (or of the data panel's sources and theme); None (and
        the tab says why) without them: the chosen sources may be police counts only (``what``: the analysis)."""
        p = self.session.project
        if p.areas is None or p.incidents is None:
            self.problem.emit(tr("st.need_incidents") if p.counts is not None else tr("st.need_data"))
            return None
        custom = self._custom()
        if custom is not None:
            incidents = chosen_data.chosen_incidents(p, custom)
            if incidents is None:
                self.problem.emit(tr("st.need_incidents_choice", what=what, sources=", ".join(custom.sources)))
            return incidents
        f = self.chosen.filters
        return tasks.filter_incidents(p.incidents, f.get("start"), f.get("end"), f.get("category"))

    def run_near(self, params: dict | None = None) -> None:
        """Near repeats of the incidents of the chosen period and category (a long run is asked about first)."""
        incidents = self._chosen_incidents(tr("work.nearrepeat"))
        if incidents is None:
            return
        if not self._worth_it(spacetime_tasks.nearrepeat_estimate, incidents, params=params):
            return
        custom = self._custom()
        if custom is not None:  # selected in the worker: the chosen division's areas
            args = self._choice_args(custom)
            self.near_runner.start(spacetime_tasks.nearrepeat_view, params=dict(params or {}),
                                   project=args["project"], choice=custom, privacy=self.privacy())
            return
        self.near_runner.start(spacetime_tasks.nearrepeat_view, self.session.project.areas, incidents,
                               params=dict(params or {}), privacy=self.privacy())

    def run_stable(self, params: dict | None = None) -> None:
        """Stable hot spots of the incidents of the chosen period and category."""
        incidents = self._chosen_incidents(tr("work.stable"))
        custom = self._custom()
        if incidents is None or not self._worth_it(spacetime_tasks.stable_estimate, self._areas(custom), incidents,
                                                   params=params):
            return
        if custom is not None:
            self.stable_runner.start(spacetime_tasks.stable_view, params=dict(params or {}),
                                     privacy=self.privacy(), **self._choice_args(custom))
        else:
            p = self.session.project
            self.stable_runner.start(spacetime_tasks.stable_view, p.areas, incidents, params=dict(params or {}),
                                     outlines=p.outlines, title=overview.map_title(p, self._category()),
                                     privacy=self.privacy())

    def _mapped(self, view, signal) -> None:
        if isinstance(view, spacetime_tasks.EmergingView):
            self.emerging = view
        else:
            self.stable = view
        self.mapped = view
        signal.emit(view)
        if self.tab_shown:
            self.show_map(True)

    def show_map(self, shown: bool) -> None:
        """The tab became visible (the emerging map, if there is one) or hidden (the hot-spot map again)."""
        self.tab_shown = shown
        mine = self._my_page()
        if shown and mine is not None:
            self.session.map_page = mine
        elif not shown:
            self._hot_spot_map_again(mine)

    def _my_page(self):
        return self.mapped.map_path.resolve() if self.mapped is not None and self.mapped.map_path else None

    def _hot_spot_map_again(self, mine) -> None:
        """The hot-spot map where the map shows ``mine`` (this tab's last page)."""
        s = self.session
        if mine is not None and s.map_page == mine and s.analysis is not None and s.analysis.map_path is not None:
            s.map_page = s.analysis.map_path.resolve()

    def _nothing_shown(self, *_) -> None:
        """A refusal (the chosen data cannot carry the analysis) replaces what the tab showed: the map of an earlier
        choice gives way to the hot-spot map, so that nothing of it looks like the answer for this choice."""
        self._hot_spot_map_again(self._my_page())
        self.mapped = None

    def project_changed(self, *_) -> None:
        """Another project: the results of the last one are gone."""
        for r in self.runners():
            r.cancel(emit=False)
        self.emerging = self.stable = self.mapped = None
