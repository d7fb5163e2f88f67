"""Areas, counts and incidents at the level the user asks for: buurt, wijk or gemeente.

A project holds the levels its boundary files hold (the CBS kaart's buurten, and often its
wijken beside them); every coarser level is made here, from the finest level there is:

- **areas**: a level the project holds is taken as it is (with its own names and geometry);
  another is made by dissolving the finer areas by their parent codes (``wijk_code``,
  ``gemeente_code``, else the parents the CBS codes carry: :func:`kernel.cbs.parents`), with the
  union of their geometry and the sum of their population;
- **counts**: the rows of a police table at that level (the police publish gemeente, wijk and
  buurt side by side, and adding them up would count each incident two or three times); where a
  table has only finer rows, they are added up to the level through the same parent codes;
- **incidents**: their ``area`` (a code of the finer areas) becomes the code of the area at the
  level that holds it, so that they need not be located again.

:func:`find_areas` finds an area by name or code on every level, so that "Centrum" is found
whether it is a wijk or a buurt.

Qt-free and path-free; the boundary reader reads one level and no longer dissolves.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from kernel.cbs import level_of_code, parents
from kernel.errors import AnalysisError
from kernel.recent import Recent

#: The CBS levels, finest first.
LEVELS = ("buurt", "wijk", "gemeente")
#: The Areas column that holds the code of an area's parent at a level.
PARENT_COLUMN = {"wijk": "wijk_code", "gemeente": "gemeente_code"}
#: Columns of a buurt layer that may hold the names of its wijken (normalised headers, as the reader has them;
#: "wijk_name": the hot-spot results keep them so; "Wijk": Amsterdam's own buurt division).
WIJK_NAME_COLUMNS = ("wknaam", "wijknaam", "wijkname", "wijk")


def level_of(areas) -> str | None:
    """The level of an Areas frame: its ``level`` column (the most common value), else its codes' prefix.

    >>> level_of(pd.DataFrame({"code": ["WK001400", "WK001401"]}))
    'wijk'
    """
    if "level" in areas.columns:
        levels = areas["level"].dropna().astype(str)
        if len(levels):
            return str(levels.mode().iloc[0])
    if "code" in areas.columns and len(areas):
        found = areas["code"].dropna().astype(str).map(level_of_code).dropna()
        if len(found):
            return str(found.mode().iloc[0])
    return None


def _codes(series) -> pd.Series:
    return series.astype("string").str.strip()


def parent_codes(areas, level: str) -> pd.Series:
    """Each area's code at the coarser ``level`` (index of ``areas``; missing where unknown).

    From the column ``wijk_code``/``gemeente_code`` where it holds a code, else from the CBS code
    (``BU00140101`` lies in ``WK001401`` and ``GM0014``). Areas at ``level`` itself keep their code.

    >>> a = pd.DataFrame({"code": ["BU00140101", "BU00149901"], "wijk_code": ["WK001401", None]})
    >>> parent_codes(a, "wijk").tolist()
    ['WK001401', 'WK001499']
    """
    codes = _codes(areas["code"])
    if level_of(areas) == level:
        return codes
    wijk, gemeente = parents(codes)
    derived = wijk if level == "wijk" else gemeente
    column = PARENT_COLUMN.get(level)
    if column is not None and column in areas.columns:
        given = _codes(areas[column])
        return given.where(given.notna() & (given != ""), derived)
    return derived


def wijk_names(areas) -> dict:
    """The names of the wijken that a buurt file carries in a column of :data:`WIJK_NAME_COLUMNS`, by wijk code
    (:func:`parent_codes`); {} where it has none (the maps then label the wijken by their codes)."""
    from importers.detect import find_column

    if "code" not in areas.columns or find_column(areas.columns, WIJK_NAME_COLUMNS) is None:
        return {}  # asked at every hot-spot run: the parent codes only where there are names
    return _wijk_names(areas, parent_codes(areas, "wijk"))


def named_wijken(wijken, areas):
    """``wijken`` (dissolved from ``areas`` by their wijk codes, a ``code`` column) with the names ``areas`` carry
    for them (:func:`wijk_names`) where they have no names of their own; else as they are."""
    if "name" in wijken.columns and wijken["name"].notna().any():
        return wijken
    names = wijk_names(areas)
    if not names:
        return wijken
    return wijken.assign(name=pd.array([names.get(c) for c in wijken["code"].astype(str)], dtype="string"))


def _wijk_names(areas, codes: pd.Series) -> dict:
    from importers.detect import find_column

    col = find_column(areas.columns, WIJK_NAME_COLUMNS)
    if col is None:
        return {}
    names = pd.Series(areas[col].astype("string").str.strip().to_numpy(), index=codes.to_numpy()).dropna()
    return names[~names.index.duplicated()].to_dict()


def dissolve(areas, level: str, names: Mapping | None = None):
    """The areas merged into the coarser ``level`` (wijk or gemeente) by their :func:`parent_codes`.

    Geometry is the union of the parts, population their sum where any part has one, ``water``
    true only where every part is water. The name comes from ``names`` (code -> name, e.g. a
    stored wijk layer), else from a wijk-name column of the areas (``wijknaam``), else for a
    gemeente from ``gemeente_name``; else it is missing. Areas without a parent code are left out.

    >>> from shapely.geometry import box
    >>> import geopandas as gpd
    >>> b = gpd.GeoDataFrame({"code": ["BU00140001", "BU00140002", "BU00140101"], "level": "buurt",
    ...     "population": [10.0, np.nan, 5.0], "water": False},
    ...     geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(0, 1, 1, 2)], crs="EPSG:28992")
    >>> w = dissolve(b, "wijk")
    >>> w["code"].tolist(), w["population"].tolist(), w.area.tolist()
    (['WK001400', 'WK001401'], [10.0, 5.0], [2.0, 1.0])
    """
    import geopandas as gpd

    if level not in PARENT_COLUMN:
        raise AnalysisError(f"Samenvoegen kan alleen tot wijken of gemeenten, niet tot '{level}'.")
    key = parent_codes(areas, level)
    usable = areas[key.notna().to_numpy()].copy()
    usable["_key"] = key[key.notna()].to_numpy()
    groups = usable.groupby("_key", sort=True)
    first = pd.DataFrame(usable[[c for c in ("gemeente_code", "gemeente_name", "year") if c in usable.columns]
                                + ["_key"]]).groupby("_key", sort=True).first()

    def column(name, how="first"):
        if name not in usable.columns:
            return pd.array([pd.NA] * groups.ngroups, dtype="string") if how == "first" else None
        return first[name].to_numpy() if how == "first" else getattr(groups[name], how)()

    merged_codes = pd.array(list(groups.groups), dtype="string")
    gm = parents(pd.Series(merged_codes, dtype="string"))[1] if level == "wijk" else merged_codes
    gemeente_code = column("gemeente_code") if level == "wijk" else merged_codes
    gemeente_code = pd.Series(gemeente_code, dtype="string").fillna(pd.Series(gm, dtype="string")).to_numpy()
    population = (groups["population"].sum(min_count=1).to_numpy() if "population" in usable.columns
                  else np.full(groups.ngroups, np.nan))
    water = groups["water"].all().to_numpy() if "water" in usable.columns else np.zeros(groups.ngroups, bool)
    known = dict(names or {})
    if not known:
        known = _wijk_names(areas, key) if level == "wijk" else \
            dict(zip(gemeente_code, column("gemeente_name")))
    merged = gpd.GeoDataFrame({
        "code": merged_codes,
        "name": pd.array([known.get(c) for c in merged_codes], dtype="string"),
        "level": level,
        "wijk_code": pd.array([pd.NA] * groups.ngroups, dtype="string"),
        "gemeente_code": pd.array(gemeente_code, dtype="string"),
        "gemeente_name": pd.array(column("gemeente_name"), dtype="string"),
        "population": population.astype(float),
        "water": water.astype(bool),
        "year": pd.array(column("year"), dtype="Int64") if "year" in usable.columns else pd.NA,
    }, geometry=_unions(usable.geometry.to_numpy(), usable["_key"].to_numpy(dtype=object)), crs=areas.crs)
    return merged


def _union(parts, general: list | None = None, coverage: bool = True):
    """The union of adjacent polygons: GEOS's coverage union where they form a coverage (CBS buurten do;
    about 2.7x faster at national scale, benchmarks/bench_levels.py), else the general union.

    A coverage has no overlaps, so its union's area equals the sum of the parts' areas; a union that
    fails that check, is invalid, or raises (a division that is not noded as a coverage, such as
    Groningen's own buurten) is made again with the general union: above :data:`_SPLIT_VERTICES` in two
    threads, a western and an eastern half (:func:`_union_in_halves`). ``general``, a list, gets an entry for
    each general union (which may add vertices where it nodes the parts; the coverage union adds none).
    ``coverage=False``: the parts are known to be no coverage, the coverage union is not tried (the national wijken
    of a third party: 0.09 s on the way to the outline of their map).
    """
    import shapely
    from shapely.errors import GEOSException

    parts = parts[~(shapely.is_missing(parts) | shapely.is_empty(parts))]
    if len(parts) == 1:
        return parts[0]
    try:
        merged = shapely.coverage_union_all(parts) if coverage else None
        total = float(shapely.area(parts).sum())
        if merged is not None and merged.is_valid and abs(merged.area - total) <= 1e-9 * max(total, 1.0):
            return merged
    except GEOSException:
        pass
    if general is not None:
        general.append(len(parts))
    if len(parts) > 3 and int(shapely.get_num_coordinates(parts).sum()) > _SPLIT_VERTICES:
        return _union_in_halves(parts)
    return shapely.union_all(parts)


def _union_in_halves(parts):
    """The general union of ``parts`` as the union of its western and eastern half (by their centroids), the
    halves unioned at once in two threads (GEOS lets the other run). The national wijken of a third party
    (3,475 polygons that are no coverage, 131,000 vertices): the study area's outline 1.2 -> 0.7 s."""
    from concurrent.futures import ThreadPoolExecutor

    import shapely

    order = np.argsort(shapely.get_x(shapely.centroid(parts)), kind="stable")
    half = len(parts) // 2
    with ThreadPoolExecutor(2, thread_name_prefix="wijkbeeld-samenvoegen") as pool:
        west, east = pool.map(shapely.union_all, (parts[order[:half]], parts[order[half:]]))
    return shapely.union(west, east)


#: Vertices above which a general union (no coverage) is made in two halves in two threads.
_SPLIT_VERTICES = 50_000


#: Vertices above which the unions are made in two threads (GEOS lets the other thread run): the national
#: buurten (2.8 million vertices) into wijken 0.79 -> 0.42 s on two cores, the first switch to wijken.
_THREADED_VERTICES = 200_000


def union_groups(geoms: np.ndarray, keys: np.ndarray, *, coverage: bool = True) -> np.ndarray:
    """The union of ``geoms`` per key (:func:`_union`), in the order of the sorted unique keys (as a groupby
    gives them); above :data:`_THREADED_VERTICES` the groups in two threads. ``coverage=False``: the caller knows
    the parts are no coverage (the general union at once)."""
    return _union_groups(geoms, keys, coverage)[0]


def _union_groups(geoms: np.ndarray, keys: np.ndarray, coverage: bool = True) -> tuple[np.ndarray, np.ndarray, bool]:
    """:func:`union_groups`, the group of each of ``geoms`` (an index into the unions) and whether every union
    was a coverage union (no vertex added, none taken away)."""
    import shapely

    _, inverse = np.unique(keys, return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    groups = np.split(geoms[order], np.flatnonzero(np.diff(inverse[order])) + 1) if len(keys) else []
    general: list = []
    if len(groups) > 1 and int(shapely.get_num_coordinates(geoms).sum()) > _THREADED_VERTICES:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(2, thread_name_prefix="wijkbeeld-samenvoegen") as pool:
            made = list(pool.map(lambda g: _union(g, general, coverage), groups))
    else:
        made = [_union(g, general, coverage) for g in groups]
    out = np.empty(len(groups), dtype=object)
    out[:] = made
    return out, inverse.reshape(-1), not general


def _unions(geoms: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """:func:`union_groups`, the last few remembered by the content of the geometries and the keys
    (:class:`kernel.recent.Recent`): the window's worker dissolves the same buurten into wijken at every switch
    (1.5 s nationally), and the same union objects let the maps recognise the wijken they drew before.

    Where every union was a coverage union, the neighbours of the unions follow from those of ``geoms``
    (:func:`hotspots.where.weights.unions_of`)."""
    from hotspots.where.weights import unions_of

    memo_key = tuple(keys.tolist())
    found = _UNIONS.get(geoms, memo_key)
    if found is None:
        found = _union_groups(geoms, keys)
        _UNIONS.put(geoms, memo_key, found)
    out, inverse, exact = found
    if exact:
        unions_of(out, geoms, inverse)
    return out.copy()


#: The last unions per level (wijk and gemeente of one or two sets of buurten).
_UNIONS = Recent(keep=4)


def _stored(levels) -> dict:
    """``levels`` as ``{level: Areas}``: a mapping as it is, one frame under its own level."""
    if isinstance(levels, Mapping):
        return {k: v for k, v in levels.items() if v is not None}
    return {level_of(levels) or "buurt": levels}


def areas_at(levels, level: str | None = None) -> tuple:
    """The areas at ``level`` and a Dutch note on how they were made (empty when stored as they are).

    ``levels`` maps a level to the Areas frame a project holds for it (or is one frame). A stored
    level is returned as it is; a coarser one is dissolved from the finest stored level below it
    (:func:`dissolve`), named after a stored layer of that level where there is one. ``level``
    None is the finest stored level. A level finer than every stored one is an
    :class:`AnalysisError`.
    """
    stored = _stored(levels)
    if not stored:
        raise AnalysisError("Er zijn nog geen gebiedsgrenzen.")
    if level is None:
        ranked = [lv for lv in LEVELS if lv in stored]
        level = ranked[0] if ranked else next(iter(stored))
    if level in stored:
        return stored[level], ""
    if level not in LEVELS:
        raise AnalysisError(f"Onbekend gebiedsniveau '{level}'; kies buurt, wijk of gemeente.")
    finer = [lv for lv in LEVELS[:LEVELS.index(level)] if lv in stored]
    if not finer:
        have = ", ".join(f"{lv}en" for lv in stored)
        raise AnalysisError(f"De gebiedsgrenzen bevatten {have}; {level}en zijn daaruit niet samen te stellen.")
    source = stored[finer[0]]
    merged = dissolve(source, level)
    return merged, (f"{len(merged)} {level}en samengesteld uit {len(source)} {finer[0]}en "
                    "(grenzen samengevoegd, inwoners opgeteld).")


def _level_mask(codes: pd.Series, known: pd.Index, level: str) -> np.ndarray:
    """Rows whose code is an area of ``known``, or (without such rows) has the prefix of ``level``."""
    inside = codes.isin(known).fillna(False).to_numpy(bool)
    if inside.any():
        return inside
    return (codes.map(level_of_code, na_action="ignore") == level).fillna(False).to_numpy(bool)


def counts_at(counts: pd.DataFrame, areas, level: str | None = None, finer=None) -> tuple[pd.DataFrame, str]:
    """The counts at the level of ``areas`` and a Dutch note; never two levels added together.

    Rows for the areas themselves are taken as they are (a police table holds gemeente, wijk and
    buurt rows side by side). Without such rows, the rows of ``finer`` (the finer Areas the areas
    were made from) are added up per area, month and category through :func:`parent_codes`.

    >>> c = pd.DataFrame({"code": ["GM0014", "WK001400", "BU00140001", "BU00140002"],
    ...                   "period": "2016-01", "category": "1.2.3", "count": [9, 9, 4, 5]})
    >>> counts_at(c, pd.DataFrame({"code": ["WK001400"], "level": ["wijk"]}))[0]["count"].tolist()
    [9]
    """
    level = level or level_of(areas)
    codes = _codes(counts["code"])
    own = _level_mask(codes, pd.Index(_codes(areas["code"])), level)
    if own.any():
        return counts[own], ""
    if finer is not None:
        parent = pd.Series(parent_codes(finer, level).to_numpy(), index=_codes(finer["code"]).to_numpy())
        parent = parent[~parent.index.duplicated()]
        fine = codes.isin(parent.index).fillna(False).to_numpy(bool)
        if fine.any():
            rows = counts[fine].copy()
            rows["code"] = pd.array(parent.reindex(codes[fine].to_numpy()).to_numpy(), dtype="string")
            keys = [c for c in ("code", "period", "category") if c in rows.columns]
            extra = {c: "first" for c in rows.columns if c not in keys and c not in ("count", "name")}
            summed = rows.groupby(keys, sort=True, dropna=False).agg({"count": "sum", **extra}).reset_index()
            names = dict(zip(_codes(areas["code"]), areas["name"])) if "name" in areas.columns else {}
            summed.insert(1, "name", pd.array([names.get(c) for c in summed["code"]], dtype="string"))
            return summed[[c for c in counts.columns if c in summed.columns]], \
                f"Tellingen op {level}niveau opgeteld uit {int(fine.sum())} rijen van de fijnere gebieden."
    raise AnalysisError(f"De tellingen hebben geen cijfers op {level}niveau en geen fijnere gebieden om op te "
                        "tellen.")


def incidents_at(incidents: pd.DataFrame, finer, level: str) -> pd.DataFrame:
    """The incidents with ``area`` moved from a code of ``finer`` to the code of its area at ``level``.

    Incidents without an ``area`` column, or whose codes are not those of ``finer``, lose the
    column, so that the analysis locates them in the areas at ``level`` (a stale code would
    count as "outside").
    """
    if "area" not in incidents.columns or finer is None:
        return incidents
    parent = pd.Series(parent_codes(finer, level).to_numpy(), index=_codes(finer["code"]).to_numpy())
    parent = parent[~parent.index.duplicated()]
    # the few distinct codes are mapped, not the million incidents (factorize once: 7x faster than sjoin)
    position, distinct = pd.factorize(incidents["area"], use_na_sentinel=True)
    mapped = parent.reindex(_codes(pd.Series(distinct, dtype="string")).to_numpy()).to_numpy(dtype=object)
    if not pd.notna(mapped).any():
        return incidents.drop(columns="area")
    out = incidents.copy()
    with_missing = np.append(mapped, None)  # position -1 (no area) takes the None at the end
    out["area"] = pd.array(with_missing[np.where(position >= 0, position, len(mapped))], dtype="string")
    return out


def find_areas(levels, text: str, only=None) -> list[dict]:
    """Areas whose name or code is ``text`` (case and surrounding spaces ignored), on every level.

    ``levels`` as for :func:`areas_at`; the coarser levels are made where the project does not
    hold them (from areas with geometry). ``only``: search these levels alone. Returns
    ``[{"level", "code", "name"}, ...]``, finest level first.
    """
    wanted = str(text).strip().casefold()
    stored = _stored(levels)
    can_dissolve = any(hasattr(f, "geometry") and lv in LEVELS for lv, f in stored.items())
    reachable = [lv for lv in LEVELS if lv in stored or
                 (can_dissolve and any(s in stored for s in LEVELS[:LEVELS.index(lv)]))]
    found = []
    for level in reachable + [lv for lv in stored if lv not in LEVELS]:
        if only is not None and level not in only:
            continue
        areas, _ = areas_at(stored, level)
        names = areas["name"] if "name" in areas.columns else pd.Series(pd.NA, index=areas.index)
        hit = (_codes(names).str.casefold() == wanted).fillna(False) | \
            (_codes(areas["code"]).str.casefold() == wanted).fillna(False)
        for code, name in zip(areas["code"][hit.to_numpy(bool)], names[hit.to_numpy(bool)]):
            found.append({"level": level, "code": str(code).strip(), "name": None if pd.isna(name) else str(name)})
    return found


def area_code(areas, text, levels=None) -> str | None:
    """The code of the area ``text`` (a code or a name, case ignored) among ``areas``; None for None.

    A CBS code (``WK001400``) or a code of ``areas`` is returned as it is (the trends of a police
    table have a series for every level's codes). Where a name is no area of ``areas`` but one on
    another level (``levels`` as for :func:`areas_at`; by default ``areas`` and the levels made
    from them), the Dutch :class:`AnalysisError` says which level to choose: "'Centrum' is een
    wijk (WK001400) ...".

    >>> a = pd.DataFrame({"code": ["BU00140000", "BU00140001"], "name": ["Binnenstad-Noord", "Binnenstad-Zuid"],
    ...                   "level": "buurt"})
    >>> area_code(a, "binnenstad-zuid"), area_code(a, "BU00140000")
    ('BU00140001', 'BU00140000')
    """
    if text is None or str(text).strip() == "":
        return None
    text = str(text).strip()
    if level_of_code(text) is not None or text in set(_codes(areas["code"])):
        return text
    level = level_of(areas) or "buurt"
    here = find_areas({level: areas}, text, only=(level,))
    if len(here) == 1:
        return here[0]["code"]
    if len(here) > 1:
        raise AnalysisError(f"'{text}' is de naam van {len(here)} gebieden "
                            f"({', '.join(f['code'] for f in here)}); kies er één met zijn code.")
    stored = _stored(levels) if levels is not None else {}
    stored.setdefault(level, areas)
    elsewhere = [f for f in find_areas(stored, text) if f["level"] != level]
    if elsewhere:
        f = elsewhere[0]
        raise AnalysisError(f"'{text}' is een {f['level']} ({f['code']}) en geen {level}; kies het niveau "
                            f"{f['level']} (--level {f['level']}).")
    raise AnalysisError(f"Geen gebied '{text}' op {level}niveau (code of naam).")
