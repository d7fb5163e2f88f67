"""One analysis run: inputs + params -> every result (hot spots, hot times, trends), Qt-free.

``run_analysis(inputs, params)`` is what ``wijkbeeld analyse``, the window's analysis and the
report share. ``params`` holds the values per declared analysis (``{"hotspots": {...},
"hottimes": {...}, "trends": {...}}``; missing ones take their defaults). The incidents are
located in the areas once (:meth:`hotspots.inputs.Inputs.assignment`) and that assignment feeds
all three. Hot spots must succeed; hot times and trends are reported as skipped, with the
reason, when their input cannot carry them (counts have no hour of the week; too few months).
The category of the hot spots (``{"hotspots": {"category": ...}}``; for police counts the one they
chose, since overlapping categories are never summed) is the category of all three.

>>> PARTS
('hotspots', 'hottimes', 'trends')
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from kernel.errors import AnalysisError
from kernel.nl import clause
from kernel.progress import as_progress

from hotspots.inputs import Inputs
from hotspots.params import all_methods

#: The analyses of one run, in the order they run (names of their declarations).
PARTS = ("hotspots", "hottimes", "trends")
#: Progress range of each part.
_SLICES = {"hotspots": (0.0, 0.6), "hottimes": (0.6, 0.8), "trends": (0.8, 1.0)}
#: Why a part has no result when the run was asked without it (:func:`run_analysis`'s ``parts``).
NOT_ASKED = "niet gevraagd"


@dataclass
class AnalysisRun:
    """The results of one run (the :class:`hotspots.params.Result` protocol, with a result per part).

    ``hotspots`` is a :class:`hotspots.where.hotspots.HotspotResult`; ``hottimes`` and ``trends``
    their results or None, with the Dutch reason in ``skipped``. ``params`` holds the validated
    values per part.
    """

    inputs: Inputs
    hotspots: Any
    hottimes: Any = None
    trends: Any = None
    skipped: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)

    def results(self) -> dict:
        """The results that ran, by part name."""
        return {name: r for name in PARTS if (r := getattr(self, name)) is not None}

    @property
    def notes(self) -> list:
        """The notes of every part, each once, in the order of the parts."""
        return list(dict.fromkeys(n for r in self.results().values() for n in r.notes))

    @property
    def warnings(self) -> list:
        return list(dict.fromkeys(w for r in self.results().values() for w in r.warnings))

    @property
    def assigned(self):
        """The incidents with their ``area`` (None without incidents)."""
        return getattr(self.hotspots, "assigned", None)

    def light(self) -> "AnalysisRun":
        """A copy for a caller that holds the data itself and publishes the run (the window gets it back from its
        worker process): the inputs keep only the selection, the hot spots do not carry the assigned incidents
        (60 MB of the national run), and the trends' series keep only the flagged months, which is what the
        sentences and exports use (:meth:`hotspots.change.trends.TrendResult.flagged_only`; 120 MB)."""
        hotspots = self.hotspots
        if getattr(hotspots, "assigned", None) is not None:
            hotspots = replace(hotspots, assigned=None)
        trends = self.trends.flagged_only() if hasattr(self.trends, "flagged_only") else self.trends
        return replace(self, inputs=Inputs(selection=self.inputs.selection), hotspots=hotspots, trends=trends)

    def pending(self) -> tuple:
        """The parts this run was asked without (:data:`NOT_ASKED`), which :func:`run_later` computes."""
        return tuple(name for name in PARTS[1:] if self.skipped.get(name) == NOT_ASKED)

    def completed(self, later: "AnalysisRun") -> "AnalysisRun":
        """This run with the parts that ``later`` (:func:`run_later`) computed: as one run with every part."""
        done = {name: getattr(later, name) for name in self.pending()}
        skipped = {k: v for k, v in self.skipped.items() if k not in done}
        skipped.update({k: v for k, v in later.skipped.items() if k in done})
        return replace(self, skipped={k: skipped[k] for k in PARTS if k in skipped}, **done)

    def to_dict(self) -> dict:
        out = {name: r.to_dict() for name, r in self.results().items()}
        out.update(skipped=dict(self.skipped), params=self.params, notes=self.notes, warnings=self.warnings)
        return out


def _carry_category(values: dict, category) -> None:
    """The category the hot spots counted (chosen, or for police counts the total they chose: overlapping
    categories are never summed) is the category of the hot times and trends too, unless they name their own.
    """
    if category is None:
        return
    values["hotspots"]["category"] = category
    if category == "alle":  # the explicit sum of categories that do not overlap: trends keep one series each
        return
    for name in ("hottimes", "trends"):
        if values[name].get("category") is None:
            values[name]["category"] = category


def _prepared(inputs: Inputs, category) -> Inputs:
    """``inputs`` checked (areas, the source of the figures) and narrowed to the chosen ``category`` once, so
    that every part counts the same incidents from one assignment."""
    inputs.need_areas()
    inputs.source_of_figures()
    if category is not None and inputs.incidents is not None:
        from hotspots.where.hotspots import of_category

        inputs = of_category(inputs, category)
    return inputs


def _validated(params: dict | None) -> dict:
    params = dict(params or {})
    unknown = set(params) - set(PARTS)
    if unknown:
        raise AnalysisError(f"Onbekende analyse(s) in de instellingen: {', '.join(sorted(unknown))}.")
    methods = all_methods()
    return {name: methods[name].validate(params.get(name)) for name in PARTS}


def run_analysis(inputs: Inputs, params: dict | None = None, progress=None, cancelled=None, *,
                 parts: tuple = PARTS) -> AnalysisRun:
    """Hot spots, hot times and trends of ``inputs`` with ``params`` per part (see the module docstring).

    ``parts``: which of :data:`PARTS` to compute (the hot spots always); the others are skipped with
    the reason "niet gevraagd" (:data:`NOT_ASKED`), and :func:`run_later` computes them afterwards. The
    trends cost about 2 ms per area (a seasonal Mann-Kendall test each): the window shows the hot-spot map
    first and has the hot times and trends computed after it.
    """
    values = _validated(params)
    p = as_progress(progress, cancelled)
    inputs = _prepared(inputs, values["hotspots"]["category"])  # one choice, one assignment for every part
    p(0.0, "Incidenten toekennen en hot spots berekenen")
    run = AnalysisRun(inputs=inputs, hotspots=None, params=values)
    run.hotspots = all_methods()["hotspots"].run(inputs, values["hotspots"], progress=p.slice(*_SLICES["hotspots"]))
    _carry_category(values, run.hotspots.params.get("category"))
    _run_others(run, parts, p)
    p(1.0, "Klaar")
    return run


def run_later(inputs: Inputs, values: dict, progress=None, cancelled=None, *,
              parts: tuple = PARTS[1:]) -> AnalysisRun:
    """The ``parts`` that a run with the hot spots alone left out (``run_analysis(parts=("hotspots",))``), on
    the same ``inputs`` again: ``values`` are that run's ``params`` (validated, with the category its hot
    spots counted). Returns a run without hot spots whose ``hottimes``, ``trends`` and ``skipped`` are what
    :func:`run_analysis` with every part gives (:meth:`AnalysisRun.completed` puts them into the first run).
    """
    p = as_progress(progress, cancelled)
    inputs = _prepared(inputs, values["hotspots"]["category"])
    run = AnalysisRun(inputs=inputs, hotspots=None, params=values)
    _run_others(run, ("hotspots", *parts), p)
    p(1.0, "Klaar")
    return run


def _run_others(run: AnalysisRun, parts: tuple, p) -> None:
    """The hot times and trends of ``run`` that ``parts`` asks for (in place); the others are "niet gevraagd"."""
    methods, inputs, values = all_methods(), run.inputs, run.params
    if inputs.incidents is None or len(inputs.incidents) == 0:
        run.skipped["hottimes"] = "niet uitgevoerd (geen incidenten)"
    for name in PARTS[1:]:
        if name not in parts and name not in run.skipped:
            run.skipped[name] = NOT_ASKED
    for name in PARTS[1:]:
        if name in run.skipped:
            continue
        p(_SLICES[name][0], methods[name].label)
        try:
            setattr(run, name, methods[name].run(inputs, values[name], progress=p.slice(*_SLICES[name])))
        except AnalysisError as exc:  # the input cannot carry it: said, not fatal for the run
            run.skipped[name] = f"niet uitgevoerd: {clause(exc.message)}"
