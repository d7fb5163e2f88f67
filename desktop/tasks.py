"""The one door from the desktop into the core: plain functions the worker runs.

Every function here only *calls* ``importers/``, ``hotspots/`` and ``mapping/``
(no statistics are computed in the desktop). Each has the house signature
``fn(..., progress=None, cancelled=None)`` so that :class:`desktop.workers.Runner`
can run it off the GUI thread. The core is imported inside each function, not
at the top: the window imports this module before it shows, and the core
imports pandas, scipy and geopandas.
"""
from __future__ import annotations

import collections
import importlib
import threading
import tempfile
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.strings import tr
from kernel.errors import WijkbeeldError
from kernel.nl import clause
from kernel.progress import as_progress
from importers.project import Project

if TYPE_CHECKING:  # pandas is imported where used: the window imports this module before it shows
    import pandas as pd


# -- reading ------------------------------------------------------------------------------------


def read_file(path, kind: str | None = None, progress=None, cancelled=None, **options):
    """Read a file as ``kind`` (or as detected); returns ``(kind, data, report)``."""
    import importers

    options = {k: v for k, v in options.items() if v is not None and not (isinstance(v, str) and not v)}
    if kind is None:
        imported = importers.read(path, progress=progress, cancelled=cancelled, **options)
        return imported.kind, imported.data, imported.report
    readers = {"boundaries": importers.read_boundaries, "incidents": importers.read_incidents,
               "counts": importers.read_counts}
    data, report = readers[kind](path, progress=progress, cancelled=cancelled, **options)
    return kind, data, report


def load_demo(progress=None, cancelled=None) -> Project:
    """The bundled demo data as a project (Groningen, bicycle theft)."""
    from resources import demo

    p = as_progress(progress, cancelled)
    project = Project(name=tr("core.demo_name"))
    steps = [("boundaries", demo.AREAS, {"layer": demo.AREAS_LAYER}), ("incidents", demo.INCIDENTS, {}),
             ("counts", demo.COUNTS, {})]
    for i, (kind, path, opts) in enumerate(steps):
        _, data, report = read_file(path, kind, progress=p.slice(i / 3, (i + 1) / 3), **opts)
        put_layer(project, kind, data, report)
    try:  # the wijken, so that the map names them
        project.outlines, _ = read_file(demo.AREAS, "boundaries", layer=demo.WIJKEN_LAYER)[1:]
    except WijkbeeldError:
        project.outlines = None
    return project


def put_layer(project: Project, kind: str, data, report) -> None:
    """Put what was read as ``kind`` into ``project`` (boundaries are its ``areas``), with its report."""
    setattr(project, {"boundaries": "areas"}.get(kind, kind), data)
    project.reports[kind] = report.to_dict() if hasattr(report, "to_dict") else dict(report)


#: The environment variable naming the app session's scratch folder (set by desktop.app; inherited by
#: the worker process, which writes the maps there too).
SCRATCH_ENV = "WIJKBEELD_SCRATCH"


def scratch_dir(prefix: str) -> str:
    """A new folder for one map page: inside the app session's scratch folder (removed when the app
    ends; every analysis writes a new page) or, outside the app, in the system's temporary folder."""
    import os

    base = os.environ.get(SCRATCH_ENV)
    return tempfile.mkdtemp(prefix=prefix if base else f"wijkbeeld-{prefix}", dir=base or None)


def demo_fingerprint() -> str:
    """Names, sizes and times of the bundled demo files and the Wijkbeeld version: the demo cache's key."""
    from desktop.snapshot import version
    from resources import demo

    files = [demo.AREAS, demo.INCIDENTS, demo.COUNTS]
    return ";".join([version()] + [f"{f.name}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in files])


# -- preparing and filtering --------------------------------------------------------------------
def assign_areas(incidents: pd.DataFrame, areas, progress=None, cancelled=None) -> pd.DataFrame:
    """The incidents with ``area`` set to the code of the area each one falls in (located unless their
    ``area`` column holds codes already: :func:`hotspots.where.assign.ensure_assigned`)."""
    from hotspots.where.assign import ensure_assigned

    return ensure_assigned(incidents, areas, progress=progress, cancelled=cancelled).incidents


#: The last few answers of :func:`remembered` for the very frames they were asked of: the window sends its
#: project's frames (kept in the worker) with every run, and the national buurten's hierarchy and names took
#: 0.15-0.2 s of each switch (desktop.level_tasks); the categories and months of a million incidents 50 ms of
#: the GUI thread at every choice of theme. Frames are never changed in place (desktop.packing).
_REMEMBERED: "collections.OrderedDict" = collections.OrderedDict()
REMEMBER = 12
_REMEMBERED_LOCK = threading.Lock()  # a preparation (level_tasks.prepare) asks from a thread of its own


def remembered(name: str, make, *frames):
    """``make()``, or what it gave last time for these same frame objects (compared by identity, alive)."""
    key = (name,) + tuple(id(f) for f in frames)
    with _REMEMBERED_LOCK:
        hit = _REMEMBERED.get(key)
        if hit is not None and all((r() if r is not None else None) is f for r, f in zip(hit[0], frames)):
            _REMEMBERED.move_to_end(key)
            return hit[1]
    value = make()
    try:
        refs = tuple(weakref.ref(f) if f is not None else None for f in frames)
    except TypeError:  # not a frame: not remembered
        return value
    with _REMEMBERED_LOCK:
        _REMEMBERED[key] = (refs, value)
        while len(_REMEMBERED) > REMEMBER:
            _REMEMBERED.popitem(last=False)
    return value


def categories(incidents: pd.DataFrame | None) -> list[str]:
    """The distinct categories of ``incidents`` as text, sorted (from :func:`category_codes`)."""
    if incidents is None or "category" not in incidents:
        return []
    return sorted(category_codes(incidents)[1])


def filter_incidents(incidents: pd.DataFrame | None, start=None, end=None, category=None, when=None, *,
                     same: bool = False):
    """The incidents within ``[start, end]`` (months, inclusive), of ``category`` (None: all) and starting
    ``when`` (a chart click's filter, :mod:`desktop.when_filter`; None: any time). ``same``: when the filter keeps
    every incident, ``incidents`` itself rather than a copy (the worker process keeps a frame it was sent before,
    :data:`desktop.packing.RESIDENT_KEEP`; the caller must not change it)."""
    import pandas as pd

    from desktop import when_filter

    if incidents is None:
        return None
    keep = pd.Series(True, index=incidents.index)
    if start is not None:
        keep &= incidents["start"] >= pd.Period(start, "M").start_time
    if end is not None:
        keep &= incidents["start"] <= pd.Period(end, "M").end_time
    if category:
        keep &= category_mask(incidents, category)
    if when_filter.clean(when) is not None:
        keep &= when_filter.mask(incidents["start"], when)
    if same and bool(keep.all()):
        return incidents
    return incidents[keep]


#: Incidents per piece as :func:`category_codes` numbers the categories.
CODE_PIECE = 100_000


def category_codes(incidents: pd.DataFrame) -> tuple:
    """The incidents' categories numbered: ``(codes, {category as text: its number})``, -1 for none; made once per
    frame (:func:`remembered`), in pieces of :data:`CODE_PIECE` (each one short hold of the GIL: the loader's thread
    numbers them beside the window as a project arrives, desktop.overview.prepare)."""
    import numpy as np
    import pandas as pd

    def make():
        column = incidents["category"].astype("string")
        codes, number = np.full(len(column), -1, dtype=np.int32), {}
        for i in range(0, len(column), CODE_PIECE):
            piece, uniques = pd.factorize(column.iloc[i:i + CODE_PIECE])
            ours = np.array([number.setdefault(str(u), len(number)) for u in uniques] + [-1], dtype=np.int32)
            codes[i:i + CODE_PIECE] = ours[piece]  # (-1, missing, takes the last)
        return codes, number
    return remembered("category codes", make, incidents)


def category_mask(incidents: pd.DataFrame, category: str):
    """Which incidents are of ``category`` (their category as text equals it; NA never does), from
    :func:`category_codes`: comparing a million texts took 50-75 ms of the GUI thread at every choice."""
    import numpy as np

    codes, number = category_codes(incidents)
    return np.equal(codes, number.get(str(category), -2))


def month_range(incidents: pd.DataFrame | None) -> tuple[str, str] | None:
    """The first and last month of the incidents' starts (remembered per frame: :func:`remembered`); None without
    a date (incidents with a place alone: opening such a project failed with an AttributeError)."""
    if incidents is None or incidents.empty:
        return None

    def make():
        s = incidents["start"].dropna()
        if s.empty:
            return None
        return str(s.min().to_period("M")), str(s.max().to_period("M"))
    return remembered("months", make, incidents)


# -- analysis -----------------------------------------------------------------------------------
#: The modules an analysis run imports (scipy, pandas, geopandas: ~1.5 s), warmed up after start-up.
ANALYSIS_MODULES = ("hotspots.run", "hotspots.where.hotspots", "hotspots.where.getis_ord", "hotspots.where.moran",
                    "hotspots.where.cells", "hotspots.when.hottimes", "hotspots.change.trends")
#: What the window needs soon after start-up besides: the charts' numpy and pandas.
HEAVY_MODULES = ("numpy", "pandas", "geopandas", *ANALYSIS_MODULES)

_analyses_imported = threading.Event()


def _import_present(modules) -> None:
    """Import each of ``modules``; one that is not installed (yet) is skipped."""
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:
            pass


def import_analyses() -> None:
    """Import :data:`HEAVY_MODULES` (a missing one is skipped); the window calls this in a thread.

    Python switches threads every 5 ms while a module's code runs, so the GUI thread keeps
    reacting while this imports, and the first analysis finds everything in ``sys.modules``.
    """
    _import_present(HEAVY_MODULES)
    _analyses_imported.set()


def analyses_imported() -> bool:
    """Whether :func:`import_analyses` has finished in this process."""
    return _analyses_imported.is_set()


def hotspot_methods() -> list:
    """The analyses the window's form offers: the declared ones of the group ``"where"``
    (:func:`hotspots.params.all_methods`; the declarations import no statistics)."""
    from hotspots.params import all_methods

    return [m for m in all_methods().values() if m.group == "where"]


@dataclass
class Analysis:
    """What one run of the analysis gives the window: the hot-spot ``result`` (the map and the table),
    the whole ``run`` (:class:`hotspots.run.AnalysisRun`: hot times and trends too) and the map page."""

    result: Any
    map_path: Path | None
    notes: list = field(default_factory=list)
    run: Any = None
    #: The level the areas are at (buurt, wijk, gemeente: :mod:`desktop.level_tasks`).
    level: str | None = None
    #: The project's areas' codes at every level, and the names at every level (level_tasks.hierarchy,
    #: names_by_level), for the window's selection and search across levels.
    hierarchy: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)
    #: The table's cells (:func:`desktop.table_cells.cells`), made in the worker: for the 14,500 national buurten
    #: their texts held the GUI thread ~150 ms. None: the window makes them.
    cells: dict | None = None


def table_cells_of(areas) -> dict:
    """The table's cells of a result frame with the map's class colours (in the worker)."""
    from desktop import table_cells

    return table_cells.cells(areas, table_cells.class_colours())


def inputs_of(areas, incidents=None, counts=None, *, outlines=None, period=None, label=None):
    """:class:`hotspots.inputs.Inputs` of the window's project and filters (``period``: first and last month)."""
    from hotspots.inputs import Inputs, Selection

    return Inputs(areas=areas, incidents=incidents, counts=counts, outlines=outlines,
                  selection=Selection(label=label, category=label, period=tuple(period) if period else None))


def analyse(areas, incidents=None, counts=None, method: str | None = None, params: dict | None = None,
            *, title: str = "Hot spots", period: str | None = None, source: str | None = None,
            outlines=None, out_dir: Path | None = None, meta=None, level: str | None = None,
            filters: dict | None = None, parts: tuple | None = None, progress=None, cancelled=None) -> Analysis:
    """Run the analysis (:func:`hotspots.run.run_analysis`: hot spots, hot times, trends) and write its
    map through the output pipeline, both in the worker. ``method`` names the declaration whose form gave
    ``params`` (the hot spots); ``meta`` (:class:`mapping.meta.ReportMeta`) describes the map, else
    ``title``, ``period`` and ``source`` do (no suppression on screen: the exports apply the project's rules).
    ``level`` (gemeente, wijk, buurt; None: the areas' own) moves areas, incidents and counts to that level
    first (:func:`desktop.level_tasks.at_level`). ``filters`` (:func:`filter_incidents`'s period, category and
    ``when``) are applied here first: the window sends its project's incidents, which the worker process keeps,
    rather than a filtered copy each time. ``parts`` (:data:`hotspots.run.PARTS`; None: all) limits the run: the
    window asks for the hot spots and has :func:`analyse_later` compute the rest after its map is shown."""
    from desktop import level_tasks
    from hotspots.run import run_analysis
    from mapping.meta import ReportMeta
    from mapping.simplify import prefetch

    p = as_progress(progress, cancelled)
    if filters:
        incidents = filter_incidents(incidents, **filters)
    level_tasks.prepared(level)  # this level made ahead, or being made: waited for, not made twice at once
    at = level_tasks.at_level(areas, incidents, counts, outlines, level)
    inputs = inputs_of(at.areas, at.incidents, at.counts, outlines=at.outlines)
    settings = {"hotspots": dict(params)} if params else None  # the form's declaration (tasks.hotspot_methods)
    # the map's simplified boundaries on the other core while the analysis runs (the first national buurt map:
    # 5 of its 10 s); a later run of the same areas finds them made, or under way, and starts nothing. Not
    # forgotten when this run is cancelled or fails: the window's next run (another period) draws the same areas
    prefetch(at.areas)
    try:
        run = run_analysis(inputs, settings, progress=p.slice(0.0, 0.8), **({"parts": tuple(parts)} if parts else {}))
    except WijkbeeldError as exc:
        if at.level == level_tasks.own_level(areas) or len(at.areas) > 2:
            raise
        found = level_tasks.too_few(at, category=(params or {}).get("category"), title=title, period=period,
                                    out_dir=out_dir, reason=clause(str(exc)))  # one gemeente: its count, no hot spots
        found.hierarchy, found.names = level_tasks.hierarchy(areas), level_tasks.names_by_level(areas, outlines)
        return found
    p(0.85, tr("core.making_map"))
    meta = meta or ReportMeta(title=title, period=period, source=source)
    map_path = write_map(run, meta, out_dir=out_dir)
    p(1.0, tr("core.done"))
    light = run.light()  # the window holds the incidents: not sent back
    return Analysis(light.hotspots, map_path, notes=list(at.notes), run=light, level=at.level,
                    hierarchy=level_tasks.hierarchy(areas), names=level_tasks.names_by_level(areas, outlines),
                    cells=table_cells_of(run.hotspots.areas))


@dataclass
class Later:
    """The parts an analysis shown without them computed afterwards (:func:`analyse_later`): a light run
    (:meth:`hotspots.run.AnalysisRun.light`) for :meth:`hotspots.run.AnalysisRun.completed`."""

    run: Any


def analyse_later(areas, incidents=None, counts=None, values: dict | None = None, *, outlines=None,
                  level: str | None = None, filters: dict | None = None, progress=None, cancelled=None) -> Later:
    """The hot times and trends of the analysis that :func:`analyse` showed without them, on the same inputs
    (the same arguments; the worker process still keeps the project's frames): ``values`` are that run's
    ``params`` (:func:`hotspots.run.run_later`). On the national buurten they take 3 of the 4 s of a run."""
    from desktop import level_tasks
    from hotspots.run import run_later

    p = as_progress(progress, cancelled)
    if filters:
        incidents = filter_incidents(incidents, **filters)
    at = level_tasks.at_level(areas, incidents, counts, outlines, level)
    run = run_later(inputs_of(at.areas, at.incidents, at.counts, outlines=at.outlines), dict(values or {}),
                    progress=p)
    return Later(run.light())


def write_map(run, meta, *, out_dir=None, path: Path | None = None) -> Path:
    """The web map of an analysis run as a self-contained HTML file (:func:`mapping.outputs.write_outputs`):
    into ``path``, or ``kaart.html`` in a new scratch folder; beside it what lets the map view restyle the
    page it shows when that draws the same shapes (:func:`mapping.webmap.write_update`)."""
    from mapping.outputs import write_outputs
    from mapping.webmap import update_file

    if path is None:
        path = Path(out_dir or scratch_dir("kaart-")) / "kaart.html"
    write_outputs(run, meta, paths={"html": path, "update": update_file(path)})
    return Path(path)


def write_plan_map(plan, *, hotspot_areas=None, title: str = "BOA-inzet", period=None, out_dir=None,
                   progress=None, cancelled=None) -> Path:
    """The inzet plan as an offline web map (its shifts per area, the Gi* classes as a second layer)."""
    from mapping.inzet_export import plan_map
    from mapping.meta import ReportMeta
    from mapping.webmap import save_html

    p = as_progress(progress, cancelled)
    p(0.1, tr("core.making_map"))
    if hotspot_areas is not None and "gi_class" not in hotspot_areas:
        hotspot_areas = None
    m = plan_map(plan, hotspot_areas=hotspot_areas, meta=ReportMeta(title=title, period=period))
    path = Path(out_dir or scratch_dir("inzet-")) / "inzet.html"
    save_html(m, path)
    p(1.0, tr("core.done"))
    return path


# -- the exports --------------------------------------------------------------------------------
def write_export(run, meta, *, kind: str, path, change=None, charts=None, progress=None, cancelled=None) -> str:
    """Exporteren: one ``kind`` (``html``, ``png``, ``gpkg``, ``xlsx``) of ``run`` under ``meta`` (the window's
    title, period and privacy rules) to ``path``, through the output pipeline of ``wijkbeeld analyse``
    (:func:`mapping.outputs.write_outputs`; written aside and renamed when complete, so a stop leaves no half
    file). ``change``: the window's map of the change, a layer of the web map. ``kind="charts"``: the window's
    ``charts`` (:func:`write_charts`). Returns the path written (:func:`desktop.exports.request` makes the
    arguments in the window)."""
    if kind == "charts":
        return str(write_charts(charts, meta, Path(path)))
    from mapping.outputs import write_outputs

    write_outputs(run, meta, paths={kind: path}, change=change, progress=progress, cancelled=cancelled)
    return str(path)


def write_charts(data: "ChartData", meta, path: Path) -> Path:
    """"Grafieken als PNG" at print quality (:mod:`mapping.charts`, 200 dpi): the monthly series with last year
    in ``path`` and the week x hour matrix beside it (``<name>_week_uur.png``), each with title, period, source
    and a legend below the plot; counts under ``meta``'s threshold are gaps or grey cells. Returns the first
    file written."""
    import numpy as np

    from mapping.charts import monthly_chart, week_hour_chart, write_chart_png

    threshold = meta.privacy.suppress_below
    written = None
    if data.monthly is not None and len(data.monthly):
        m = data.monthly
        fig = monthly_chart([str(x) for x in m["month"]], list(m["count"]),
                            list(m["prev_year"]) if "prev_year" in m else None,
                            title=data.title or meta.title, period=meta.period, source=meta.source, threshold=threshold)
        written = write_chart_png(fig, path)
    if data.matrix is not None:
        cells = np.asarray(data.matrix, dtype=float).round(2).tolist()
        fig = week_hour_chart(cells, title=f"{data.title or meta.title}: dag en uur", period=meta.period,
                              source=meta.source, threshold=threshold)
        second = path.with_name(f"{path.stem}_week_uur{path.suffix}") if written else path
        write_chart_png(fig, second)
        written = written or second
    if written is None:
        from kernel.errors import AnalysisError

        raise AnalysisError(tr("export.need_result"))
    return written


# -- the report ---------------------------------------------------------------------------------
def make_report(areas, incidents=None, counts=None, *, out, category=None, start=None, end=None,
                suppress_below=None, secondary: str = "cel", boundaries=None, title=None, sources=(),
                reference_folder=None, plan=None, level=None, when=None, project=None, choice=None, progress=None,
                cancelled=None) -> dict:
    """"Rapport maken": the report (PDF or Word, by the suffix of ``out``) of the window's project, category and
    period under the project's privacy rule, written by :func:`mapping.report.make.run_report` as
    ``wijkbeeld rapport`` writes it; returns its result (``path``, ``period_text``, ...). With a reference set in
    ``reference_folder`` (the window's, as the Vergelijking tab uses it) the report compares with other
    gemeenten and says what residents say, as ``wijkbeeld rapport`` does with the user's reference set; with
    ``plan`` (the Inzet tab's last plan) it has the BOA deployment with the reason for every shift. ``level`` and
    ``when`` (the window's level and a chart click's filter) are applied here and said in the report
    (:func:`desktop.report_sources.at_choice`). ``project`` and ``choice`` (the data panel's sources, theme and
    division, :class:`desktop.choice.WindowChoice`) replace the areas and data by that choice over the whole history
    (:func:`desktop.report_sources.chosen_report_inputs`), said on the title page."""
    from desktop.report_sources import at_choice, chosen_report_inputs
    from importers import referenceset
    from mapping.report.make import run_report

    chose = ""
    if project is not None:
        areas, incidents, counts, boundaries, chose = chosen_report_inputs(project, choice, boundaries)
    areas, incidents, counts, boundaries, start, end, said = at_choice(areas, incidents, counts, boundaries,
                                                                       start, end, level=level, when=when)
    if chose:
        said["subset"] = ", ".join(filter(None, [chose, said.get("subset")]))
    reference = None
    if reference_folder is not None and referenceset.locate(reference_folder).is_file():
        reference = referenceset.load(referenceset.locate(reference_folder))
    return run_report(areas, incidents=incidents, counts=counts, out=out, category=category or None, start=start,
                      end=end, suppress_below=suppress_below, secondary=secondary, boundaries=boundaries,
                      title=title, sources=list(sources), reference=reference, plan=plan, progress=progress,
                      cancelled=cancelled, **said)


# -- charts -------------------------------------------------------------------------------------
@dataclass
class ChartData:
    """The numbers behind the four charts (None where there is nothing to show)."""

    title: str
    monthly: pd.DataFrame | None = None      # month (Period), count, prev_year
    matrix: Any = None                       # (7, 24)
    hours: Any = None                        # 24 values
    weekdays: Any = None                     # 7 values
    #: Why a chart is empty where it is not for want of data ("monthly", "times"): counts have no time of day,
    #: yearly counts no months. The charts say so instead of "geen gegevens".
    why: dict = field(default_factory=dict)
    partial: str | None = None               # the last month shown, when the data end inside it ("2017-09")
    data_end: str | None = None              # their last day then ("20-09-2017")


def chart_data_of(incidents: pd.DataFrame | None, title: str, category=None, progress=None, cancelled=None,
                  **options) -> ChartData:
    """:func:`chart_data` of the incidents of ``category`` (None: all), filtered here in the worker: on a million
    incidents the filter alone held the GUI thread ~0.1 s."""
    return chart_data(filter_incidents(incidents, category=category), title, progress=progress, cancelled=cancelled,
                      **options)


def chart_data(incidents: pd.DataFrame | None, title: str, area: str | None = None,
               counts: pd.DataFrame | None = None, period=None, level: str | None = None, areas=None,
               progress=None, cancelled=None) -> ChartData:
    """Week-hour matrix, profiles and the monthly series for all areas, one ``area`` or the sum of several
    (``area`` a list of codes), at ``level`` (the incidents taken to the wijk or gemeente of their buurt).

    ``period`` (first and last month, either None) chooses the incidents of the matrix and the profiles,
    and the months the monthly chart shows; that series itself runs over every month of ``incidents``, so
    that the same months of the previous year stay there when the period is one year (issue 18). ``level``
    (wijk, gemeente) with the project's ``areas``: ``area`` is a code at that level, the incidents move there
    first (:func:`hotspots.levels.incidents_at`)."""
    import numpy as np
    import pandas as pd

    from hotspots.when.aoristic import week_hour_matrix
    from hotspots.change.trends import run_trends

    p = as_progress(progress, cancelled)
    data = ChartData(title)
    sel = incidents
    if sel is not None and level and areas is not None and area is not None:
        from hotspots.levels import incidents_at

        sel = incidents_at(sel, areas, level)
    if sel is not None and area is not None and "area" in sel:  # one area, or the sum of several
        codes = [area] if isinstance(area, str) else [str(a) for a in area]
        sel = sel[sel["area"].astype("string").isin(codes)]
    history = sel
    if sel is not None and period is not None:
        sel = filter_incidents(sel, period[0], period[1])
    if sel is not None:
        end = sel["end"] if "end" in sel else None
        data.matrix = np.asarray(week_hour_matrix(sel["start"].to_numpy(), None if end is None else end.to_numpy()))
        data.hours = data.matrix.sum(axis=0)
        data.weekdays = data.matrix.sum(axis=1)
        from hotspots.when.hottimes import DATE_ONLY, midnight_share

        if len(sel) and midnight_share(sel["start"], end) >= DATE_ONLY:  # dates only: every incident at 00:00
            data.matrix = data.hours = None
            data.why["times"] = tr("charts.dates_only")
    p(0.5, tr("core.monthly"))
    if sel is None and counts is not None:  # one category, one level: overlapping counts are never summed
        from mapping.report.context import spans

        data.why["times"] = tr("charts.no_times")  # the charts say why they are empty
        if "period" in counts and len(counts):
            first, last = spans(counts, "counts")  # a row of one month has the same first and last month
            if not (first == last).any():
                data.why["monthly"] = tr("charts.no_months")
        from hotspots.categories import choose_counts_category, counts_for_one_total
        own = None
        if area is not None:  # the area's own rows (the police publish every level): its months
            one = choose_counts_category(counts).counts
            own = one[(one["code"].astype("string").str.strip() == area).fillna(False).to_numpy(bool)]
        counts = own if own is not None and len(own) else counts_for_one_total(counts)
    if history is not None:  # one series of the incidents in an area (per area and category it was 43,500 series
        # on the national buurten, 3 of the chart's 3.5 s, summed afterwards; one area's categories were not summed)
        starts = history["start"]
        if "area" in history and history["area"].notna().any():
            starts = starts[history["area"].notna().to_numpy()]
        history = pd.DataFrame({"start": starts})
    try:
        res = run_trends(counts=None if sel is not None else counts, incidents=history, area=None)
        series = res.series
        if history is not None and period is not None and any(period):  # (None, None): every month
            first, last = period
            months = series["month"]
            series = series[((months >= first) if first else True) & ((months <= last) if last else True)]
        if "code" in series and series["code"].nunique() > 1:
            series = series.groupby("month", as_index=False)[["count", "prev_year"]].sum(min_count=1)
        data.monthly = series[[c for c in ("month", "count", "prev_year") if c in series]].reset_index(drop=True)
        if incidents is not None and len(data.monthly):  # as Ontwikkeling: a last month not over is marked
            from desktop.change_tasks import partial_month

            latest = incidents["start"].max()
            data.partial = partial_month(latest, str(data.monthly["month"].iloc[-1])[:7])
            data.data_end = f"{latest:%d-%m-%Y}" if data.partial else None
    except WijkbeeldError:  # too few months for a series: the chart says "geen gegevens"
        data.monthly = None
    p(1.0, "")
    return data


# -- the wizard's preview -----------------------------------------------------------------------
def preview(path, report=None, rows: int = 20) -> pd.DataFrame:
    """The first ``rows`` rows of a file as text, as they stand, under the names the import gives its columns."""
    import pandas as pd
    from importers.tables import with_names  # ' Naam ' is 'Naam': the report's personal columns are hidden by name

    path = Path(path)
    suffix = path.suffix.lower()
    enc = getattr(report, "encoding", None)
    sep = getattr(report, "separator", None)
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return with_names(pd.read_excel(path, nrows=rows, dtype=str, engine="openpyxl"))
    if suffix in (".csv", ".txt", ".tsv", ""):
        return with_names(pd.read_csv(path, sep=sep or None, engine="python", encoding=enc if enc not in (None, "xlsx")
                                      else "utf-8-sig", nrows=rows, dtype=str, keep_default_na=False))
    import pyogrio

    frame = pyogrio.read_dataframe(path if suffix != ".zip" else f"zip://{path}", max_features=rows)
    return pd.DataFrame(frame.drop(columns="geometry", errors="ignore")).astype(str)
