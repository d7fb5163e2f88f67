"""The window's choice of sources, theme and division, and the analysis of it (no Qt).

A project holds several sources side by side (:class:`importers.projectmodel.Source`); the data panel
chooses which of them the window shows (``chosen.sources``: names, empty for the default: the first
incident source, else the first counts source), a theme (``chosen.theme``) and a division
(``chosen.division``). What may be combined is decided by :mod:`hotspots.selection`, never here:

- the chosen incident sources form one series (several sources of the same kind, chosen together
  by the user: ``combine``); the map and the hot spots are of that series;
- every chosen police counts source is a series of its own, shown beside it per area in the table
  (its own columns, never added to the incidents);
- a theme takes its categories per source; sources the theme does not cover are left out.

:func:`analyse_choice` runs in the worker: :func:`hotspots.selection.select` per group, the whole
analysis (:func:`hotspots.run.run_analysis`) on the first series, the hot spots of the others, and
their numbers per area as extra columns of the table (``"<series>: aantal"``).
"""
from __future__ import annotations

from dataclasses import dataclass

from desktop.strings import tr

INCIDENTS, COUNTS = "incidents", "counts"
#: The endings of the table's side-by-side columns (:func:`desktop.table_cells.extra_columns`).
SIDE_COUNT, SIDE_CLASS = ": aantal", ": klasse"


@dataclass(frozen=True)
class WindowChoice:
    """What the data panel chose: source names, a theme's name, a division's name, the period and category."""

    sources: tuple = ()
    theme: str | None = None
    division: str | None = None
    period: tuple | None = None
    category: str | None = None


def default_sources(project) -> list[str]:
    """The sources shown when none is chosen: the first incident source, else the first counts source."""
    for kind in (INCIDENTS, COUNTS):
        first = next((s for s in project.sources if s.kind == kind), None)
        if first is not None:
            return [first.name]
    return []


def theme_of(project, name):
    """The project's theme called ``name`` (None: none, or none of that name any more)."""
    if not name:
        return None
    return next((t for t in project.themes if t.name == name), None)


def division_name(project, name) -> str | None:
    """``name`` when the project has that division, else None (the first division)."""
    return name if name and any(d.name == name for d in project.divisions) else None


def chosen_sources(project, names, theme=None) -> list:
    """The chosen sources in the project's order (unknown names dropped; none: :func:`default_sources`);
    with a theme those it covers (all of them unless some are checked)."""
    wanted = [n for n in (names or ()) if any(s.name == n for s in project.sources)]
    if theme is not None:  # a theme shows every source it covers, unless the user checked some of them
        own = [s for s in project.sources if theme.of(s.name)]
        return [s for s in own if s.name in wanted] or own
    wanted = wanted or default_sources(project)
    return [s for s in project.sources if s.name in wanted]


def window_choice(project, chosen) -> WindowChoice:
    """The :class:`WindowChoice` of ``chosen`` (:class:`desktop.state.ProjectSettings`), checked against the project."""
    theme = theme_of(project, chosen.theme)
    f = chosen.filters or {}
    period = (f.get("start"), f.get("end")) if f.get("start") or f.get("end") else None
    return WindowChoice(sources=tuple(s.name for s in chosen_sources(project, chosen.sources, theme)),
                        theme=theme.name if theme is not None else None,
                        division=division_name(project, chosen.division), period=period,
                        category=None if theme is not None else f.get("category"))


def caption(project, choice: WindowChoice) -> str:
    """The sources in words, for the map's caption (``"Bronnen: Incidenten + BOA (naast elkaar: Politie)"``)."""
    kinds = {s.name: s.kind for s in project.sources}
    inc = [n for n in choice.sources if kinds.get(n) == INCIDENTS]
    cnt = [n for n in choice.sources if kinds.get(n) == COUNTS]
    first, rest = (inc, cnt) if inc else (cnt[:1], cnt[1:])
    text = tr("choice.caption", sources=" + ".join(first))
    if rest:
        text += tr("choice.caption_side", sources=", ".join(rest))
    return text


def is_default(project, choice: WindowChoice) -> bool:
    """Whether ``choice`` is what a project of one source and one division shows (the first source, no theme,
    the first division): the window then runs as it always did."""
    return list(choice.sources) == default_sources(project) and choice.theme is None and choice.division is None


def custom_choice(project, chosen) -> WindowChoice | None:
    """The :class:`WindowChoice` of ``chosen`` when it is not what a one-source project shows (see
    :func:`is_default`), else None (also for a project without sources): the views then run on the project's
    first sources as they always did."""
    if not project.sources:
        return None
    c = window_choice(project, chosen)
    return None if is_default(project, c) else c


def worker_project(project, choice: WindowChoice):
    """The project with only the sources of ``choice``: what goes to the worker process to be selected there."""
    return project.copy(sources=[s for s in project.sources if s.name in choice.sources])


def chosen_frames(project, choice: WindowChoice, kind: str) -> list:
    """The chosen sources of ``kind`` as ``(name, frame)``, each with the theme's categories (or the chosen
    category where the source has it) and the period; for the charts and lists on the GUI thread (the
    analysis itself selects through :mod:`hotspots.selection` in the worker)."""
    from hotspots.categories import category_mask

    from desktop import overview, tasks

    theme = theme_of(project, choice.theme)
    start, end = choice.period or (None, None)
    out = []
    for source in project.sources:
        if source.name not in choice.sources or source.kind != kind:
            continue
        data = source.data
        cats = theme.of(source.name) if theme is not None else ()
        if cats and "category" in data:
            data = data[category_mask(data["category"], cats)]
        category = choice.category if choice.category and "category" in data and \
            (data["category"].astype("string") == choice.category).any() else None
        if kind == INCIDENTS:
            data = tasks.filter_incidents(data, start, end, category)
        else:
            data = overview.filter_counts(data, start, end, category)
        out.append((source.name, data))
    return out


def incidents_unselected(project, choice: WindowChoice):
    """The largest of the chosen incident sources as it is, or None when the choice has none: for a window that
    lets the worker select (a million incidents took ~100-250 ms of the GUI thread to select for a theme) and
    needs only whether there are incidents and a bound for the time estimate (:mod:`desktop.estimate`)."""
    frames = [s.data for s in project.sources if s.name in choice.sources and s.kind == INCIDENTS
              and s.data is not None]
    return max(frames, key=len) if frames else None


def chosen_incidents(project, choice: WindowChoice):
    """The chosen incident sources as one frame (with a ``source`` column when there are several), or None."""
    frames = chosen_frames(project, choice, INCIDENTS)
    if not frames:
        return None
    if len(frames) == 1:
        return frames[0][1]
    import pandas as pd

    return pd.concat([f.assign(source=name) for name, f in frames], ignore_index=True)


def offered(project, choice: WindowChoice) -> tuple:
    """The first and last month and the categories the period and category lists offer for the chosen sources:
    the incidents' (all chosen incident sources), else the first chosen counts source's."""
    from desktop import overview, tasks
    from importers.projectmodel import Project

    kinds = {s.name: s for s in project.sources}
    inc = [kinds[n].data for n in choice.sources if n in kinds and kinds[n].kind == INCIDENTS]
    if not inc:
        cnt = [kinds[n].data for n in choice.sources if n in kinds and kinds[n].kind == COUNTS]
        return overview.choices(Project(counts=cnt[0])) if cnt else (None, [])
    ranges = [r for r in (tasks.month_range(f) for f in inc) if r]
    months = (min(r[0] for r in ranges), max(r[1] for r in ranges)) if ranges else None
    return months, sorted({c for f in inc for c in tasks.categories(f)})


def count_texts(project, choice: WindowChoice) -> tuple:
    """With only counts chosen: their categories in words and the one analysed by default
    (:func:`desktop.overview.count_categories`); ``({}, None)`` otherwise."""
    from desktop import overview
    from importers.projectmodel import Project

    kinds = {s.name: s for s in project.sources}
    chosen = [kinds[n] for n in choice.sources if n in kinds]
    if not chosen or any(s.kind == INCIDENTS for s in chosen):
        return {}, None
    return overview.count_categories(Project(counts=chosen[0].data))


def source_lines(project) -> list:
    """``(name, line)`` per source for the data panel's list (``"BOA-meldingen: 1.204 incidenten"``)."""
    from desktop.strings import number

    out = []
    for s in project.sources:
        n = number(len(s.data), 0) if s.data is not None else "0"
        what = tr("choice.n_incidents", n=n) if s.kind == INCIDENTS else tr("choice.n_counts", n=n)
        out.append((s.name, tr("data.source_line", name=s.name, what=what)))
    return out


# -- in the worker ----------------------------------------------------------------------------------
def _theme_for(project, names, choice: WindowChoice):
    """The theme of ``choice`` over ``names`` (a category chosen without a theme: the sources that have it)."""
    from hotspots.categories import category_key
    from hotspots.selection import known_categories
    from importers.projectmodel import Theme

    if choice.theme:
        theme = project.theme(choice.theme)
        return Theme(theme.name, {n: theme.of(n) for n in names if theme.of(n)})
    if not choice.category:
        return None
    key = category_key(choice.category)
    cats = {n: (choice.category,) for n in names if key in known_categories(project.source(n))}
    return Theme(choice.category, cats) if cats else None


def select_parts(project, choice: WindowChoice) -> list:
    """The series of ``choice`` (:class:`hotspots.selection.Part`): the incident sources as one, then each
    counts source on its own."""
    from hotspots.selection import Choice, select

    kinds = {s.name: s.kind for s in project.sources}
    inc = [n for n in choice.sources if kinds.get(n) == INCIDENTS]
    groups = ([inc] if inc else []) + [[n] for n in choice.sources if kinds.get(n) == COUNTS]
    parts = []
    for names in groups:
        theme = _theme_for(project, names, choice)
        if theme is not None:  # a theme (or a category) takes only the sources it covers
            names = [n for n in names if theme.of(n)]
        if not names:
            continue
        parts += select(project, Choice(sources=tuple(names), theme=theme, period=choice.period,
                                        division=choice.division, combine=len(names) > 1)).parts
    return parts


def chosen_series(project, choice: WindowChoice, view: str, *, incidents_only: bool = False):
    """The one series of ``choice`` for a view that runs on one (Vergelijking, Ruimte en tijd): the chosen
    incident sources as one series (:func:`select_parts`: theme, period and division applied), else the first
    chosen counts source; with the Dutch lines that say what ``view`` ran on and which chosen sources it leaves
    out (police counts are never added to incidents). ``(None, [])`` when nothing is left, or with
    ``incidents_only`` when the choice holds only counts (the view says so)."""
    parts = select_parts(project, choice)
    own = [p for p in parts if p.inputs.incidents is not None]
    part = own[0] if own else (parts[0] if parts and not incidents_only else None)
    if part is None:
        return None, []
    division = tr("choice.division", name=choice.division) if choice.division else ""
    notes = [tr("choice.one_series", view=view, label=part.label, division=division), *part.notes]
    left = [p.inputs.selection.source for p in parts if p is not part]
    if left:
        notes.append(tr("choice.left_out", sources=", ".join(left)))
    return part, notes


def side_columns(parts: list, results: list):
    """Per area ``code``, then per series ``"<source>: aantal"`` (and the class of the series beside the first),
    from :class:`hotspots.selection.SideBySide` (the numbers are the runs' own)."""
    from hotspots.selection import Selected, SideBySide

    table = SideBySide(Selected(parts), results).table()
    first = f"{parts[0].label}{SIDE_CLASS}"
    table = table.drop(columns=[c for c in ("name", first) if c in table.columns])
    # headed by the source alone (the theme or category is in the map's title): short enough for the table
    names = {p.label: p.inputs.selection.source or p.label for p in parts}
    return table.rename(columns={c: names[c[:c.rindex(":")]] + c[c.rindex(":"):] for c in table.columns
                                 if ":" in c and c[:c.rindex(":")] in names})


def analyse_choice(project, choice: WindowChoice, method: str | None = None, params: dict | None = None, *,
                   title: str = "Hot spots", period: str | None = None, parts: tuple | None = None, progress=None,
                   cancelled=None):
    """The window's analysis of ``choice`` in ``project`` (see the module docstring); a
    :class:`desktop.tasks.Analysis` whose ``result.areas`` carry the side-by-side columns. ``parts`` as for
    :func:`desktop.tasks.analyse` (the rest follows through :func:`analyse_choice_later`)."""
    from hotspots.run import run_analysis
    from hotspots.where.methods import HOTSPOTS
    from kernel.errors import AnalysisError
    from kernel.progress import as_progress
    from mapping.meta import ReportMeta

    from desktop import tasks

    p = as_progress(progress, cancelled)
    asked = parts
    parts = select_parts(project, choice)
    if not parts:
        raise AnalysisError(tr("choice.nothing"))
    settings = {"hotspots": dict(params)} if params else None
    n = len(parts)
    run = run_analysis(parts[0].inputs, settings, progress=p.slice(0.0, 0.7 / n),
                       **({"parts": tuple(asked)} if asked else {}))
    results = [run.hotspots]
    for i, part in enumerate(parts[1:], start=1):
        p(0.7 * i / n, part.label)
        results.append(HOTSPOTS.run(part.inputs, (settings or {}).get("hotspots"),
                                    progress=p.slice(0.7 * i / n, 0.7 * (i + 1) / n)))
    p(0.75, tr("core.making_map"))
    meta = ReportMeta(title=title, period=period, source=caption(project, choice))
    map_path = tasks.write_map(run, meta)
    notes = [line for part in parts for line in part.notes]
    if n > 1:
        side = side_columns(parts, results)
        areas = run.hotspots.areas
        merged = areas[["code"]].merge(side, on="code", how="left")
        for col in side.columns:
            if col != "code":
                areas[col] = merged[col].to_numpy()
        notes.append(tr("choice.side_note", n=n))
    p(1.0, tr("core.done"))
    light = run.light()  # the window holds the incidents: not sent back
    return tasks.Analysis(light.hotspots, map_path, notes=notes, run=light,
                          cells=tasks.table_cells_of(light.hotspots.areas))  # (here, not on the GUI thread)


def analyse_choice_later(project, choice: WindowChoice, values: dict, *, progress=None, cancelled=None):
    """The hot times and trends of the analysis :func:`analyse_choice` showed without them (of the first
    series, as there): a :class:`desktop.tasks.Later`."""
    from hotspots.run import run_later
    from kernel.errors import AnalysisError

    from desktop import tasks

    parts = select_parts(project, choice)
    if not parts:
        raise AnalysisError(tr("choice.nothing"))
    return tasks.Later(run_later(parts[0].inputs, dict(values), progress=progress, cancelled=cancelled).light())
