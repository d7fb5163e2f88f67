"""The worker functions of the Vergelijking tab (no Qt): read the reference files, compare, draw the charts.

Each has the house signature ``fn(..., progress=None, cancelled=None)`` and only *calls* the core: the
reference set is built by :func:`hotspots.benchmark.reference.build_reference` and stored by
:func:`importers.referenceset.save` (as ``wijkbeeld vergelijk --politie ... --kerncijfers ... --vm ...``
does), the comparison is :data:`hotspots.benchmark.methods.VERGELIJK` (as ``wijkbeeld vergelijk``), and the
charts are :mod:`mapping.benchmark_charts` (as the report's). The window runs them in the worker process.
"""
from __future__ import annotations

from pathlib import Path

from kernel.errors import ImportFileError
from kernel.progress import as_progress

#: The kinds of reference file, in the order build_reference reads them, and their Dutch names.
KINDS = {"kerncijfers": "CBS-kerncijfers", "politie": "politiecijfers", "veiligheidsmonitor": "Veiligheidsmonitor"}
#: Chart resolution: a 7-inch figure of mapping.benchmark_charts is 770 pixels wide.
CHART_DPI = 110


def reference_kind(path) -> str:
    """Which reference file ``path`` is: ``kerncijfers``, ``politie`` or ``veiligheidsmonitor``.

    Asked of the registered readers (:data:`importers.REGISTRY`): a map layer is the gemeente layer of the
    Wijk- en buurtkaart (kerncijfers); a table with inhabitants or stedelijkheid is kerncijfers before it is
    a survey (a StatLine table of kerncijfers can look like one); a Veiligheidsmonitor table before police
    figures (both are StatLine tables of regions and periods). A Dutch error names a file that is none.
    """
    import importers
    from importers.sniff import Sniff

    path = Path(path)
    if not path.is_file():
        raise ImportFileError("Bestand niet gevonden.", path=path)
    sniff = Sniff(path)
    scores = {}
    for reader in importers.REGISTRY:
        try:
            scores[reader.kind] = max(scores.get(reader.kind, 0.0), float(reader.identify(sniff)))
        except ImportFileError:
            scores[reader.kind] = 0.0
    if scores.get("kerncijfers", 0.0) >= 0.6 and scores.get("kerncijfers", 0.0) >= scores.get("survey", 0.0):
        return "kerncijfers"
    if scores.get("survey", 0.0) >= 0.9:
        return "veiligheidsmonitor"
    if scores.get("counts", 0.0) >= 0.9:
        return "politie"
    raise ImportFileError("Dit is geen referentiebestand: geen politiecijfers van alle gemeenten (47022NED), geen "
                          "CBS-kerncijfers en geen tabel van de Veiligheidsmonitor.", path=path)


def reference_file(folder=None) -> str:
    """The file of the reference set: in ``folder``, or the user's reference folder (kernel.paths)."""
    from importers import referenceset

    return str(referenceset.locate(folder))


def import_reference(paths, *, areas=None, wijken=None, folder=None, progress=None, cancelled=None) -> dict:
    """Read the reference files ``paths`` (any order, any mix) into the reference set and store it.

    As ``wijkbeeld vergelijk --politie ... --kerncijfers ... --vm ...``: an existing set is updated, the
    project's wijken (``wijken``) let a survey table per wijk with names only find its codes. Returns
    ``{"path", "description", "notes", "files"}`` (files: name -> kind in Dutch).
    """
    from hotspots.benchmark.reference import build_reference
    from importers import referenceset

    prog = as_progress(progress, cancelled)
    kinds = {kind: [] for kind in KINDS}
    for p in paths:
        kinds[reference_kind(p)].append(str(p))
    path = referenceset.locate(folder)
    existing = referenceset.load(path) if path.is_file() else None
    if wijken is None and areas is not None:
        from hotspots.benchmark.wijken import wijk_frame

        wijken = wijk_frame(areas)
    prog(0.05, "Referentiebestanden lezen")
    ref, notes = build_reference(police=kinds["politie"], kerncijfers=kinds["kerncijfers"],
                                 survey=kinds["veiligheidsmonitor"], existing=existing, areas=wijken,
                                 progress=prog.slice(0.05, 0.9), cancelled=cancelled)
    prog(0.9, "Referentieset opslaan")
    saved = referenceset.save(ref, path)
    prog(1.0, "Klaar")
    return {"path": str(saved), "description": ref.describe(), "notes": notes,
            "files": {Path(p).name: KINDS[k] for k, ps in kinds.items() for p in ps}}


def chosen_data(project, choice) -> tuple:
    """``(areas, incidents, counts, outlines, notes)`` of the data panel's choice for the wijken, over the whole
    history (:func:`desktop.choice.chosen_series`): the chosen incident sources as one series, else the first
    chosen counts source, with the theme's categories, in the chosen division's areas. A theme's incidents carry
    the theme's name as their one category (the wijken's table names it so); police counts of a theme are one
    category already (:mod:`hotspots.selection`)."""
    import dataclasses

    from desktop.choice import chosen_series

    part, notes = chosen_series(project, dataclasses.replace(choice, period=None), "Wijken tegen de gemeente")
    if part is None:
        return None, None, None, None, notes
    inp = part.inputs
    incidents = inp.incidents
    if incidents is not None and choice.theme:
        import pandas as pd

        incidents = incidents.assign(category=pd.array([choice.theme] * len(incidents), dtype="string"))
    return inp.areas, incidents, inp.counts, inp.outlines, notes


def compare(*, areas=None, incidents=None, counts=None, outlines=None, gemeente=None, category=None, folder=None,
            params=None, project=None, choice=None, progress=None, cancelled=None) -> dict:
    """The comparison of the project's gemeente (``gemeente``, else the areas' own) with the stored reference set.

    The same run as ``wijkbeeld vergelijk --gemeente G`` (every category of the set, every group), and with
    the project's areas and incidents or counts the wijken against the gemeente (``category``: the project's
    category); with ``project`` and ``choice`` (:class:`desktop.choice.WindowChoice`) the wijken are those of the
    data panel's sources, theme and division (:func:`chosen_data`), said in the result's notes. Without a stored
    set: ``{"found": False, "path": ...}`` and nothing is computed.
    """
    from importers import referenceset

    path = referenceset.locate(folder)
    if not path.is_file():
        return {"found": False, "path": str(path)}
    from hotspots.benchmark.methods import VERGELIJK
    from hotspots.inputs import Inputs, Selection

    prog = as_progress(progress, cancelled)
    notes = []
    if project is not None:
        areas, incidents, counts, outlines, notes = chosen_data(project, choice)
        category = None  # chosen by the selection
    prog(0.02, "Referentieset lezen")
    ref = referenceset.load(path)
    wanted = dict(params or {})
    if category:
        wanted.setdefault("category", str(category))
    own = areas if (incidents is not None or counts is not None) else None
    if gemeente is None and areas is not None and "gemeente_code" in areas \
            and areas["gemeente_code"].dropna().nunique() == 1:
        gemeente = str(areas["gemeente_code"].dropna().iloc[0])
    inputs = Inputs(areas=own, incidents=incidents if own is not None else None,
                    counts=counts if own is not None and incidents is None else None,
                    outlines=outlines if own is not None else None,
                    selection=Selection(gemeente=gemeente), reference=ref)
    result = VERGELIJK.run(inputs, wanted, progress=prog.slice(0.05, 1.0), cancelled=cancelled)
    result.notes = [*notes, *result.notes]
    gemeenten = ref.gemeenten.sort_values("name")
    return {"found": True, "path": str(path), "description": ref.describe(), "comparison": result,
            "gemeenten": list(zip(gemeenten["code"].astype(str), gemeenten["name"].astype(str))),
            "made": ref.made_text()}


def comparison_charts(members, rows, *, group_rate: float, title: str, group_label: str, name: str,
                      period: str | None = None, highlight: str = "deze gemeente", source: str | None = None,
                      progress=None, cancelled=None) -> dict:
    """PNG images of :mod:`mapping.benchmark_charts`: the dot plot of one group (``members``: its members in one
    year, the target marked) and, where ``rows`` (one category's rows over the years) are given, the series
    over the years. Returns ``{"dots": bytes, "series": bytes | None}``."""
    from mapping.benchmark_charts import dot_plot, figure_png, series_chart

    prog = as_progress(progress, cancelled)
    out = {"dots": None, "series": None}
    if members is not None and len(members):
        out["dots"] = figure_png(dot_plot(members, group_rate=group_rate, title=title, group_label=group_label,
                                          period=period, source=source, highlight=highlight), dpi=CHART_DPI)
    prog(0.5, "Grafieken")
    if rows is not None and len(rows) and rows["year"].nunique() > 1:
        out["series"] = figure_png(series_chart(rows, title=title, source=source, name=name), dpi=CHART_DPI)
    prog(1.0, "Klaar")
    return out
