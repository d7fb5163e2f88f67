"""What an analysis runs on: one small object, the first argument of every ``run(inputs, params)``.

:class:`Inputs` holds the areas at the analysis level, the incidents *or* counts of one selection,
the outlines for the map, and :class:`Selection` (what was selected, in words and as filters: a
label for the theme/category/source, the period, the level, the gemeente). It is a plain
dataclass: the command line builds it from files, the window from its project and filters, and a
project with several sources and named themes will build it from a selection.

The incidents are located in the areas once per run (:meth:`Inputs.assignment`); hot spots,
hot times and trends all use that one assignment.

This module imports nothing heavy (the assignment is imported when it is asked for), so the
declarations and the command line can name it without loading the statistics.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from kernel.errors import AnalysisError


@dataclass(frozen=True)
class Selection:
    """What the inputs are a selection of (for titles, metadata and the report) and how it was made.

    ``label`` is the selection in words (a category, a theme, a source: ``"Diefstal fiets"``);
    ``category``, ``theme`` and ``source`` are what was chosen (None: everything); ``period`` the
    first and last month (``("2016-01", "2016-12")``, inclusive; None: all the data); ``level``
    the level of the areas (buurt, wijk, gemeente); ``gemeente`` the gemeente chosen (code or name).
    """

    label: str | None = None
    category: str | None = None
    theme: str | None = None
    source: str | None = None
    period: tuple | None = None
    level: str | None = None
    gemeente: str | None = None

    def period_text(self) -> str | None:
        """``"2016-01 t/m 2016-12"`` or None."""
        if not self.period or not all(self.period):
            return None
        return f"{self.period[0]} t/m {self.period[1]}"


@dataclass
class Inputs:
    """The data of one analysis run (see the module docstring).

    ``areas``: Areas frame at the analysis level; ``incidents``: Incidents frame of the selection;
    ``counts``: Counts frame (police figures) instead of incidents; ``outlines``: areas to outline
    and name on the map (wijken); ``value``: test this column of the areas instead of counting;
    ``selection``: what was selected (:class:`Selection`).
    """

    areas: Any = None
    incidents: Any = None
    counts: Any = None
    outlines: Any = None
    value: str | None = None
    selection: Selection = field(default_factory=Selection)
    #: The assignment of the incidents to the areas, once computed (:meth:`assignment`).
    assigned: Any = field(default=None, repr=False, compare=False)

    def need_areas(self) -> None:
        if self.areas is None:
            raise AnalysisError("Deze analyse vraagt om gebiedsgrenzen.")

    def source_of_figures(self) -> None:
        """Exactly one of incidents and counts (an :class:`AnalysisError` otherwise)."""
        if (self.incidents is None) == (self.counts is None):
            raise AnalysisError("Geef incidenten óf tellingen (één van beide).")

    def assignment(self, progress=None, cancelled=None):
        """The incidents located in the areas (:class:`hotspots.where.assign.AssignResult`), computed once.

        Incidents whose ``area`` column already holds codes of these areas (the window's project)
        are taken as they are (:func:`hotspots.where.assign.ensure_assigned`). None without
        incidents or areas.
        """
        if self.incidents is None or self.areas is None:
            return None
        if self.assigned is None:
            from hotspots.where.assign import ensure_assigned

            self.assigned = ensure_assigned(self.incidents, self.areas, progress=progress, cancelled=cancelled)
        return self.assigned

    def located(self, progress=None, cancelled=None):
        """The incidents with their ``area`` set (the assignment's copy), or as they are without areas."""
        a = self.assignment(progress, cancelled)
        return self.incidents if a is None else a.incidents

    def with_(self, **changes) -> "Inputs":
        """A copy with some fields changed (the assignment is dropped when areas or incidents change)."""
        if {"areas", "incidents"} & set(changes):
            changes.setdefault("assigned", None)
        return replace(self, **changes)
