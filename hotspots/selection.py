"""From a project and a choice (sources, theme, period, level) to the inputs of analysis runs.

:func:`select` turns a :class:`importers.projectmodel.Project` and a :class:`Choice` into one
:class:`Part` per series, each with the :class:`hotspots.inputs.Inputs` of one analysis run:

- **sources** count different things (a police count is not a MORA melding, a BOA report is not an
  own registration) and are never added together silently: a choice of several sources, or a
  theme across several, gives a part per source, labelled, to be shown side by side per area
  (:func:`side_by_side`). One series comes from one source, or from several sources of the same
  kind that the user explicitly chose to combine (``combine=True``); police counts that would
  count a month of an area twice are refused even then;
- **themes** choose categories per source (a project's :class:`~importers.projectmodel.Theme`, or
  one given inline as ``"NAAM=cat1,cat2"``: each category is found in the sources that have it).
  Without a theme an incident source is taken whole, and a police counts source gives its total
  category where there is one, else its largest (:func:`hotspots.categories.choose_counts_category`:
  police categories are never summed). Several police categories of one theme are added up only
  when none holds another, into one category named after the theme;
- **period** keeps the months from ``period[0]`` to ``period[1]`` (``"JJJJ-MM"``, inclusive);
- **level** takes the areas at buurt, wijk or gemeente (:mod:`hotspots.levels`; a level the
  division does not hold is made from a finer one), the counts of that level and the incidents
  moved to it; ``division`` chooses the boundary division (the first by default), ``gemeente``
  one gemeente of it.

Qt-free and path-free: the command line builds the choice from ``--project``, ``--source``,
``--theme`` and ``--combine``, the window from its controls.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from kernel.errors import AnalysisError, ProjectError
from kernel.nl import listing

from hotspots.categories import category_key, category_mask, choose_counts_category
from hotspots.inputs import Inputs, Selection
from hotspots.levels import LEVELS, areas_at, counts_at, incidents_at, level_of

INCIDENTS, COUNTS = "incidents", "counts"
#: How many categories a message lists at most.
SHOW = 12


@dataclass(frozen=True)
class Choice:
    """What the user chose (see the module docstring). ``theme``: a theme's name, an inline theme
    ``"NAAM=cat1,cat2"`` or a :class:`~importers.projectmodel.Theme`; ``sources``: source names
    (empty: the theme's sources, or every source)."""

    sources: tuple = ()
    theme: object = None
    period: tuple | None = None
    level: str | None = None
    division: str | None = None
    gemeente: str | None = None
    combine: bool = False


@dataclass
class Part:
    """One series: the inputs of one run, and the notes on how they were chosen (Dutch)."""

    inputs: Inputs
    notes: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.inputs.selection.label or ""


@dataclass
class Selected:
    """The parts of a choice (one, or one per source side by side) and the notes common to all."""

    parts: list
    notes: list = field(default_factory=list)

    def one(self) -> Inputs:
        """The inputs of the only part; an :class:`AnalysisError` that says what to do when there are several."""
        if len(self.parts) == 1:
            return self.parts[0].inputs
        names = listing([p.inputs.selection.source for p in self.parts], SHOW)
        raise AnalysisError(f"De keuze beslaat {len(self.parts)} bronnen die verschillende dingen tellen ({names}); "
                            "die worden niet zomaar opgeteld. Kies één bron met --source, of tel bronnen van "
                            "dezelfde soort bewust op met --combine.")


# -- themes ---------------------------------------------------------------------------------------
def known_categories(source) -> dict:
    """The category keys of a source (:func:`hotspots.categories.category_key`) -> its category as in the
    data; police categories are found by code, by label and by both (``"1.2.3 Diefstal ..."``)."""
    out = {}
    for c in source.categories():
        code = c["category"]
        out[category_key(code)] = code
        if c.get("label"):
            out.setdefault(category_key(c["label"]), code)
            out.setdefault(category_key(f"{code} {c['label']}"), code)
    return out


def parse_theme(text: str, sources) -> "object":
    """An inline theme ``"NAAM=cat1,cat2"`` as a Theme over ``sources``: each category goes to every
    source that has it (a label with commas, such as "Diefstal van brom-, snor-, fietsen", is found
    whole). A category that no source has is an :class:`AnalysisError` naming what is there.

    >>> from importers.projectmodel import Source
    >>> s = Source("Politie", "counts", pd.DataFrame({"category": ["1.2.3"], "count": [3],
    ...            "category_label": ["Diefstal van brom-, snor-, fietsen"]}))
    >>> parse_theme("Fiets=diefstal van brom-, snor-, fietsen", [s]).categories
    {'Politie': ('1.2.3',)}
    """
    from importers.projectmodel import Theme

    name, sep, rest = str(text).partition("=")
    name = name.strip()
    if not sep or not name or not rest.strip():
        raise AnalysisError(f"Thema '{text}' is niet te lezen; schrijf NAAM=categorie1,categorie2 of de naam van "
                            "een thema van het project.")
    keys = {s.name: known_categories(s) for s in sources}
    pieces = [p for p in rest.split(",")]
    chosen: dict = {s.name: [] for s in sources}
    i = 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):  # the longest run of pieces that is a category somewhere
            key = category_key(",".join(pieces[i:j]))
            hits = [(s, k[key]) for s, k in keys.items() if key in k]
            if hits:
                for s, cat in hits:
                    chosen[s].append(cat)
                i = j
                break
        else:
            wanted = pieces[i].strip()
            have = sorted({c for k in keys.values() for c in k.values()})
            raise AnalysisError(f"Categorie '{wanted}' van thema '{name}' komt in geen van de bronnen voor "
                                f"({listing(list(keys), SHOW)}). Wel aanwezig: {listing(have, SHOW)}.")
    return Theme(name, {s: tuple(dict.fromkeys(c)) for s, c in chosen.items() if c})


def resolve_theme(project, theme, sources):
    """The project's theme by name, an inline theme over ``sources``, a Theme as it is, or None."""
    if theme is None or theme == "":
        return None
    if isinstance(theme, str):
        if "=" in theme:
            return parse_theme(theme, sources)
        try:
            return project.theme(theme)
        except ProjectError as exc:
            raise AnalysisError(exc.message) from None
    return theme


# -- one source -----------------------------------------------------------------------------------
def _month(text, end: bool):
    try:
        p = pd.Period(str(text).strip(), freq="M")
    except (ValueError, TypeError):
        raise AnalysisError(f"Maand '{text}' is niet te lezen; schrijf JJJJ-MM (bijv. 2016-01).") from None
    return p.end_time if end else p.start_time


def in_period(frame: pd.DataFrame, kind: str, period) -> pd.DataFrame:
    """The rows within ``period`` (first and last month ``"JJJJ-MM"``, inclusive; either may be None):
    incidents by their start, counts whose month (or year) lies wholly within it."""
    if not period or not any(period):
        return frame
    lo = _month(period[0], end=False) if period[0] else pd.Timestamp.min
    hi = _month(period[1], end=True) if period[1] else pd.Timestamp.max
    if lo > hi:
        raise AnalysisError(f"De periode {period[0]} t/m {period[1]} is leeg: de eerste maand ligt na de laatste.")
    if kind == INCIDENTS:
        start = pd.to_datetime(frame["start"], errors="coerce")
        return frame[((start >= lo) & (start <= hi)).fillna(False).to_numpy(bool)]
    idx = pd.PeriodIndex(frame["period"])
    keep = (idx.start_time >= lo) & (idx.end_time <= hi)
    return frame[keep]


def _incident_categories(source, cats, theme_name) -> tuple:
    data = source.data
    if not cats:
        return data, None
    keys = known_categories(source)
    unknown = [c for c in cats if category_key(c) not in keys]
    if unknown:
        raise AnalysisError(f"Thema '{theme_name}': categorie {listing(unknown)} komt niet voor in bron "
                            f"'{source.name}'. Wel aanwezig: {listing(sorted(keys.values()), SHOW)}.")
    return data[category_mask(data["category"], cats)], ", ".join(keys[category_key(c)] for c in cats)


def _counts_categories(source, cats, theme_name) -> tuple:
    """Counts of one category, or of a theme's categories added up into one (refused where one holds another)."""
    from importers.police import contains, is_total

    data = source.data
    if not cats:
        choice = choose_counts_category(data)
        return choice.counts, choice.category, [choice.sentence] if choice.sentence else []
    chosen = [choose_counts_category(data, c) for c in cats]
    codes = list(dict.fromkeys(c.category for c in chosen))
    if len(codes) == 1:
        return chosen[0].counts, codes[0], []
    overlap = [(a, b) for a in codes for b in codes if a != b and (contains(a, b) or is_total(a))]
    if overlap:
        a, b = overlap[0]
        raise AnalysisError(f"Thema '{theme_name}' neemt uit bron '{source.name}' categorie {a} en {b}, maar {a} "
                            f"bevat {b}: optellen zou incidenten dubbel tellen. Kies categorieën die elkaar niet "
                            "bevatten.")
    rows = pd.concat([c.counts for c in chosen], ignore_index=True)
    keys = [k for k in ("code", "period") if k in rows.columns]
    summed = rows.groupby(keys, sort=True, dropna=False).agg(
        count=("count", "sum"), **({"name": ("name", "first")} if "name" in rows.columns else {})).reset_index()
    summed["category"] = pd.array([theme_name] * len(summed), dtype="string")
    return summed, theme_name, [f"Bron '{source.name}': categorieën {listing(codes)} opgeteld tot thema "
                                f"'{theme_name}' (ze bevatten elkaar niet)."]


def _without_stale_areas(incidents: pd.DataFrame, areas) -> pd.DataFrame:
    """Drop an ``area`` column that holds codes of other areas (the run would count them as outside)."""
    if "area" not in incidents.columns:
        return incidents
    area = incidents["area"].dropna().astype("string").str.strip()
    if len(area) and not area.isin(areas["code"].astype("string").str.strip()).all():
        return incidents.drop(columns="area")
    return incidents


# -- the selection --------------------------------------------------------------------------------
def _areas(project, choice: Choice):
    """The areas at the chosen level, the finer stored areas they come from, the outlines, the level, notes,
    and whether the incidents' ``area`` codes (located in the first division's areas) still hold."""
    from kernel.cbs import gemeente_mask

    if not project.divisions and not (choice.division or choice.level or choice.gemeente):
        return None, None, None, None, [], True  # incidents without areas (hot times need none)
    try:
        division = project.division(choice.division)
    except ProjectError as exc:
        raise AnalysisError(exc.message) from None
    levels = division.levels()
    if choice.gemeente:
        levels = {k: v[gemeente_mask(v, choice.gemeente).to_numpy()] for k, v in levels.items()
                  if "gemeente_code" in v.columns}
        levels = {k: v for k, v in levels.items() if len(v)}
        if not levels:
            raise AnalysisError(f"Gemeente '{choice.gemeente}' komt niet voor in de gebiedsgrenzen "
                                f"'{division.name}'.")
    areas, note = areas_at(levels, choice.level)
    level = choice.level or level_of(areas)
    finest = next((lv for lv in LEVELS if lv in levels), None)
    finer = levels[finest] if finest is not None and finest != level and level in LEVELS else None
    outlines = None
    if level in LEVELS and LEVELS.index(level) < LEVELS.index("wijk"):
        try:
            outlines = areas_at(levels, "wijk")[0]
        except AnalysisError:
            outlines = None
        outlines = outlines if outlines is not None and len(outlines) else None
    # the window locates the incidents in the first division's own areas (project.areas): other divisions,
    # or a division read at a coarser level than it holds, locate them again
    reuse = division is project.divisions[0] and division.main == (finest or division.main)
    return areas, finer, outlines, level, [note] if note else [], reuse


def _source(project, name):
    try:
        return project.source(name)
    except ProjectError as exc:
        raise AnalysisError(exc.message) from None


def _sources(project, choice: Choice, theme):
    """The chosen sources, in the project's order: those named, else those the theme covers, else all."""
    if choice.sources:
        chosen = [_source(project, n) for n in choice.sources]
    elif theme is not None:
        for name in theme.sources:
            _source(project, name)  # a theme naming a source the project lacks says so
        chosen = [s for s in project.sources if theme.of(s.name)]
    else:
        chosen = list(project.sources)
    chosen = list({id(s): s for s in chosen}.values())
    if not chosen:
        raise AnalysisError("Het project heeft nog geen incidenten of tellingen.")
    if theme is not None:
        missing = [s.name for s in chosen if not theme.of(s.name)]
        if missing:
            raise AnalysisError(f"Thema '{theme.name}' heeft geen categorieën van bron {listing(missing)}; het "
                                f"beslaat {listing(list(theme.sources)) or 'geen bron'}.")
    return chosen


def select(project, choice: Choice | None = None, **kw) -> Selected:
    """The parts of ``choice`` (or of the keywords of :class:`Choice`) in ``project`` (see the module docstring)."""
    choice = choice if choice is not None else Choice(**kw)
    if choice.level is not None and choice.level not in LEVELS:
        raise AnalysisError(f"Onbekend gebiedsniveau '{choice.level}'; kies buurt, wijk of gemeente.")
    theme = resolve_theme(project, choice.theme,
                          [_source(project, n) for n in choice.sources] if choice.sources else project.sources)
    sources = _sources(project, choice, theme)
    areas, finer, outlines, level, notes, reuse = _areas(project, choice)
    parts = []
    for source in sources:
        cats = theme.of(source.name) if theme is not None else ()
        part_notes = []
        if source.kind == INCIDENTS:
            data, category = _incident_categories(source, cats, theme.name if theme else None)
            data = in_period(data, INCIDENTS, choice.period)
            if not reuse and "area" in data.columns:
                data = data.drop(columns="area")
            elif finer is not None:
                data = incidents_at(data, finer, level)
            data = _without_stale_areas(data, areas) if areas is not None else data
        else:
            data, category, part_notes = _counts_categories(source, cats, theme.name if theme else None)
            data = in_period(data, COUNTS, choice.period)
            if choice.level is not None:
                data, note = counts_at(data, areas, level, finer=finer)
                part_notes += [note] if note else []
        what = theme.name if theme is not None else (category or "alle categorieën")
        selection = Selection(label=f"{what} ({source.name})", category=category,
                              theme=theme.name if theme is not None else None, source=source.name,
                              period=tuple(choice.period) if choice.period else None, level=level,
                              gemeente=choice.gemeente)
        inputs = Inputs(areas=areas, outlines=outlines, selection=selection,
                        **{"incidents" if source.kind == INCIDENTS else "counts": data})
        parts.append(Part(inputs, part_notes))
    if choice.combine and len(parts) > 1:
        parts = [_combined(parts, sources)]
    return Selected(parts, notes)


def _combined(parts: list, sources: list) -> Part:
    """One series of several sources of one kind, chosen by the user (see the module docstring)."""
    kinds = {s.kind for s in sources}
    if len(kinds) > 1:
        raise AnalysisError("Incidenten en tellingen tellen verschillende dingen en worden nooit opgeteld; "
                            f"kies bronnen van één soort om te combineren ({listing([s.name for s in sources])}).")
    kind = kinds.pop()
    frames = []
    for part, source in zip(parts, sources):
        frame = getattr(part.inputs, kind).copy()
        if kind == INCIDENTS:
            frame["source"] = pd.array([source.name] * len(frame), dtype="string")
        frames.append(frame)
    if kind == COUNTS:
        keys = [k for k in ("code", "period") if all(k in f.columns for f in frames)]
        seen = pd.concat([f[keys].drop_duplicates() for f in frames], ignore_index=True)
        if seen.duplicated().any():
            first = seen[seen.duplicated()].iloc[0]
            raise AnalysisError(f"De tellingen van {listing([s.name for s in sources])} hebben beide een cijfer voor "
                                f"{first['code']} in {first['period']}: optellen zou die maand dubbel tellen.")
        labels = {p.inputs.selection.category for p in parts}
        for f in frames:  # one series: one category, so that no later step picks one of them
            f["category"] = pd.array([" + ".join(sorted(map(str, labels)))] * len(f), dtype="string")
    data = pd.concat(frames, ignore_index=True)
    names = " + ".join(s.name for s in sources)
    first = parts[0].inputs.selection
    what = first.theme or (first.category if len({p.inputs.selection.category for p in parts}) == 1 else None) \
        or "alle categorieën"
    selection = replace(first, label=f"{what} ({names})", source=names)
    inputs = parts[0].inputs.with_(**{kind: data}, selection=selection)
    notes = [n for p in parts for n in p.notes] + [f"Bronnen {listing([s.name for s in sources])} op verzoek "
                                                   "opgeteld tot één reeks."]
    return Part(inputs, notes)


# -- several parts side by side -------------------------------------------------------------------
@dataclass
class SideBySide:
    """The results of the parts of one selection, each labelled, per area side by side (never added up).

    Follows the :class:`hotspots.params.Result` protocol: ``params``, ``notes`` (the selection's, then
    each part's with its label), ``warnings`` and ``to_dict()``; :meth:`table` is the per-area table.
    """

    selected: Selected
    results: list
    params: dict = field(default_factory=dict)

    def _labelled(self, attr: str) -> list:
        out = list(self.selected.notes) if attr == "notes" else []
        for part, result in zip(self.selected.parts, self.results):
            extra = part.notes if attr == "notes" else []
            out += [f"{part.label}: {line}" for line in [*extra, *getattr(result, attr, [])]]
        return list(dict.fromkeys(out))

    @property
    def notes(self) -> list:
        return self._labelled("notes")

    @property
    def warnings(self) -> list:
        return self._labelled("warnings")

    def table(self) -> pd.DataFrame:
        """Per area ``code`` and ``name``, then per part ``<label>: aantal`` and ``<label>: klasse``
        (the hot-spot class in words) where the results have areas."""
        out = None
        for part, result in zip(self.selected.parts, self.results):
            areas = getattr(result, "areas", None)
            if areas is None:
                areas = getattr(getattr(result, "hotspots", None), "areas", None)
            if areas is None:
                continue
            cols = {"count": f"{part.label}: aantal"}
            cls = next((c for c in ("gi_label", "quadrant_label") if c in areas.columns), None)
            if cls:
                cols[cls] = f"{part.label}: klasse"
            frame = pd.DataFrame(areas)[["code", "name", *cols]].rename(columns=cols)
            out = frame if out is None else out.merge(frame, on=["code", "name"], how="outer")
        return out if out is not None else pd.DataFrame(columns=["code", "name"])

    def to_dict(self) -> dict:
        parts = []
        for part, result in zip(self.selected.parts, self.results):
            s = part.inputs.selection
            parts.append({"label": part.label, "source": s.source, "theme": s.theme, "category": s.category,
                          "level": s.level, "notes": list(part.notes), "result": result.to_dict()})
        table = self.table()
        rows = table.astype(object).where(table.notna(), None).to_dict(orient="records")
        return {"parts": parts, "by_area": rows, "params": self.params, "notes": self.notes,
                "warnings": self.warnings}


def run_parts(selected: Selected, run, params: dict | None = None, progress=None, cancelled=None) -> SideBySide:
    """``run(inputs, params, progress=...)`` for every part in turn (the progress in equal slices), side by side.

    ``run`` is an analysis's run function (:meth:`hotspots.params.Method.run`, or
    :func:`hotspots.run.run_analysis` for the whole run).
    """
    from kernel.progress import as_progress

    p = as_progress(progress, cancelled)
    n = len(selected.parts)
    results = []
    for i, part in enumerate(selected.parts):
        p(i / n, part.label)
        results.append(run(part.inputs, params, progress=p.slice(i / n, (i + 1) / n)))
    p(1.0, "Klaar")
    first = getattr(results[0], "params", {}) if results else {}
    return SideBySide(selected, results, dict(first))
