"""Geometries for display: simplified without opening gaps, in WGS84, rounded, as compact GeoJSON.

A national buurt map has about 14,500 polygons with millions of vertices; as
GeoJSON that is about 100 MB, which no browser opens comfortably. Three steps
make it small:

1. **Coverage simplification** in metres (RD New): ``shapely.coverage_simplify``
   (GEOS ``CoverageSimplifier``, shapely >= 2.1) simplifies the shared edges of
   a polygon coverage once, so that neighbours keep exactly the same boundary
   (no slivers, no gaps), unlike simplifying each polygon on its own. When the
   input is not a valid coverage (overlaps), each polygon is simplified with
   ``preserve_topology=True`` instead, and this is reported.
2. Transform to WGS84 (Leaflet's coordinates).
3. Round to 6 decimals (about 0.1 m), written by GEOS's GeoJSON writer.

The simplification of the same geometries is computed once per tolerance (:func:`simplified` remembers
the last few, recognising the same geometry objects in any frame that holds them, or the same coordinates:
the window's worker process receives the areas anew for each run): the web map and the print map of one
run, the window's reruns and its exports share it (a national coverage takes about 8 s). A run that will
draw a map starts it early (:func:`prefetch`): GEOS releases the GIL, so on a second core the
simplification is done while the hot spots and trends are computed.
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
from contextlib import contextmanager
from concurrent.futures import Future, ThreadPoolExecutor

import geopandas as gpd
import numpy as np
import shapely

from kernel.recent import Recent, fingerprint, positions, same_objects
from kernel.schema import RD_NEW, WGS84

#: Default display tolerance in metres (20 m took a 102 MB national map to 7 MB).
DEFAULT_TOLERANCE_M = 20.0
DECIMALS = 6
#: Numbers GEOS wrote with float noise (``6.5571030000000001``): rewritten in their shortest form.
_LONG_NUMBER = re.compile(r"-?\d+\.\d{%d,}" % (DECIMALS + 1))
#: The same numbers found by their decimals alone: a pattern that starts with the literal '.' lets the engine skip
#: to each point in C (the national wijken's GeoJSON, 2.6 MB: 0.014 s where the pattern above took 0.1-0.13 s), so
#: only the few texts with such a number (286 of 3,475) are rewritten.
_LONG_DECIMALS = re.compile(r"\.\d{%d,}" % (DECIMALS + 1))
#: The last simplified coverages: [the geometry objects, their digest (None until asked), tolerance, result,
#: method]; four: the buurten, wijken and gemeenten of the window's level switch, and one more.
_DONE: list = []
_KEEP_DONE = 4
_KEEP = 3
#: Coarser areas dissolved from finer ones (:func:`derived`): [their geometry objects, their keys, the finer
#: geometries (a frame), their keys].
_DERIVED: list = []
#: Simplifications under way in the background (:func:`prefetch`): [the geometry objects, tolerance, future, their
#: digest (None until asked)].
_PENDING: list = []
_POOL: ThreadPoolExecutor | None = None


def simplify_coverage(geoms, tolerance_m: float = DEFAULT_TOLERANCE_M) -> tuple[np.ndarray, str]:
    """Simplify polygons in a projected CRS (metres); shared boundaries stay shared.

    Returns the simplified geometries and the method used
    (``"coverage"`` or ``"per polygon"``).
    """
    geoms = np.asarray(geoms, dtype=object)
    if tolerance_m <= 0 or len(geoms) == 0:
        return geoms, "geen"
    valid = shapely.is_valid(geoms) & ~shapely.is_empty(geoms)
    work = np.where(valid, geoms, shapely.make_valid(geoms))
    try:
        out = _coverage_simplified(work, tolerance_m)
        if out is None:
            raise ValueError("geen geldige dekking")
        method = "coverage"
    except (ValueError, shapely.errors.GEOSException):
        out = shapely.simplify(work, tolerance_m, preserve_topology=True)
        method = "per polygon"
    # A polygon smaller than the tolerance may vanish; keep the original then.
    lost = shapely.is_empty(out) | shapely.is_missing(out)
    out = np.where(lost, work, out)
    return out, method


#: Vertices above which the check that the polygons form a coverage runs beside their coverage simplification
#: (the national buurten: 1.4 s and 3.5 s one after the other), whose result counts only when the check holds.
_CHECK_BESIDE_VERTICES = 500_000


#: Polygons, spread over a set, around which it is first checked whether the set can be a coverage at all.
_PROBES = 16


def _surely_no_coverage(work: np.ndarray) -> bool:
    """Whether a few polygons already show that ``work`` is no coverage, before the whole check: each probe (spread
    over the array) is checked with every polygon whose bounding box meets its own, all that can touch it
    (:func:`shapely.coverage_invalid_edges`). Whether a polygon's edges are valid in a coverage depends only on the
    polygons that can touch it, so an invalid edge of a probe among those is one in the whole set; False says
    nothing (the whole check decides). Files that are no coverage are common (a municipality's own division, the
    generalised national wijken: the whole check took 0.22 s to say so, beside a simplification in vain)."""
    if len(work) < 2 * _PROBES:
        return False
    tree = shapely.STRtree(work)
    for i in np.linspace(0, len(work) - 1, _PROBES).astype(int).tolist():
        near = tree.query(work[i])  # the polygons whose bounding box meets the probe's
        edges = shapely.coverage_invalid_edges(work[np.concatenate(([i], near[near != i]))])[0]
        if edges is not None and not shapely.is_empty(edges):
            return True
    return False


def _coverage_simplified(work: np.ndarray, tolerance_m: float) -> np.ndarray | None:
    """The coverage simplification of ``work``, or None where its polygons are no valid coverage
    (:func:`_surely_no_coverage`, else :func:`shapely.coverage_is_valid`). For many vertices the simplification runs
    meanwhile in a second thread (GEOS lets it run); where the check fails, that thread finishes its work unused (a
    call into GEOS cannot be stopped): the cost of a file that is no coverage, which the per-polygon simplification
    then serves."""

    def simplify():
        return shapely.coverage_simplify(work, tolerance_m, simplify_boundary=True)

    if _surely_no_coverage(work):
        return None
    if len(work) < 2 or int(shapely.get_num_coordinates(work).sum()) < _CHECK_BESIDE_VERTICES:
        return simplify() if len(work) < 2 or shapely.coverage_is_valid(work) else None
    made: list = []

    def beside_the_check() -> None:
        try:
            made.append(simplify())
        except (ValueError, shapely.errors.GEOSException):
            pass  # nothing made: said below, where it counts

    # a daemon, as prefetch's own thread: a process that ends meanwhile does not wait for work nobody will use
    beside = threading.Thread(target=beside_the_check, name="wijkbeeld-vereenvoudigen-dekking", daemon=True)
    beside.start()
    if not shapely.coverage_is_valid(work):
        return None
    beside.join()
    if not made:  # it raised (GEOS): the caller falls back as for its own call
        raise shapely.errors.GEOSException("de vereenvoudiging van de dekking mislukte")
    return made[0]


def _projected(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    frame = frame if frame.crs is not None else frame.set_crs(RD_NEW)
    return frame.to_crs(RD_NEW) if frame.crs.is_geographic else frame


def prefetch(frame: gpd.GeoDataFrame, tolerance_m: float = DEFAULT_TOLERANCE_M) -> Future | None:
    """Start simplifying ``frame``'s geometries in a background thread; :func:`simplified` of the same
    geometry objects at this tolerance then waits for it instead of starting again. Small coverages (under
    a few hundred polygons take milliseconds) are left to :func:`simplified`.

    Nothing starts where :func:`simplified` will not need it: the same geometries under way or remembered
    (by object, else by coordinates), or areas dissolved from finer ones (:func:`derived`).

    The thread is a daemon: a run that fails before its maps (:func:`forget`) exits at once instead of waiting
    for a simplification nobody will use."""
    if len(frame) < 1000 or tolerance_m <= 0:
        return None
    objects = np.asarray(frame.geometry.values, dtype=object)
    tolerance_m = float(tolerance_m)
    with _PENDING_LOCK:
        under_way = _pending_at(objects, tolerance_m) is not None
    if under_way or _said_derived(objects) or _done(objects, tolerance_m) is not None \
            or _pending_alike(objects, tolerance_m) is not None:
        return None  # the window's worker: every later run of the same areas (or their wijken) finds them made
    projected = _projected(frame).geometry.values
    future: Future = Future()

    def work():
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(simplify_coverage(projected, float(tolerance_m)))
        except BaseException as exc:  # handed to whoever waits for it (simplified)
            future.set_exception(exc)

    with _PENDING_LOCK:
        del _PENDING[:max(0, len(_PENDING) - _KEEP + 1)]
        _PENDING.append([objects, float(tolerance_m), future, None])
    threading.Thread(target=work, name="wijkbeeld-vereenvoudigen", daemon=True).start()
    return future


@contextmanager
def prefetching(frame: gpd.GeoDataFrame, tolerance_m: float = DEFAULT_TOLERANCE_M):
    """Within the block, ``frame``'s simplification runs in the background (:func:`prefetch`, on the other core
    while a run computes); at its end nothing is left waiting (:func:`forget`: used by the maps, or not wanted
    after a failure)."""
    prefetch(frame, tolerance_m)
    try:
        yield
    finally:
        forget(frame)


def forget(frame: gpd.GeoDataFrame) -> None:
    """Drop the simplifications under way for ``frame`` (the run that wanted them failed)."""
    objects = np.asarray(frame.geometry.values, dtype=object)
    for tolerance in {entry[1] for entry in _PENDING}:
        future = _pending(objects, tolerance)
        if future is not None:
            future.cancel()


def _pending(objects: np.ndarray, tolerance_m: float) -> Future | None:
    """The simplification under way for these geometry objects, taken from the list (None: none)."""
    with _PENDING_LOCK:  # the background thread may look for the same entry (prepare_map)
        i = _pending_at(objects, tolerance_m)
        return None if i is None else _PENDING.pop(i)[2]


def _pending_at(objects: np.ndarray, tolerance_m: float) -> int | None:
    """The place in :data:`_PENDING` of these geometry objects at this tolerance (the caller holds the lock)."""
    return next((i for i, (seen, tolerance, *_) in enumerate(_PENDING)
                 if tolerance == tolerance_m and same_objects(seen, objects)), None)


def _pending_alike(objects: np.ndarray, tolerance_m: float) -> Future | None:
    """The simplification under way for other geometry objects with the same coordinates (left in the list for
    the caller that started it), or None. The import wizard's worker starts the map of the boundaries it read
    (:func:`prepare_map`); the window sends those areas back to draw them, unpickled: the same coordinates."""
    with _PENDING_LOCK:
        same = [entry for entry in _PENDING if entry[1] == tolerance_m and len(entry[0]) == len(objects)]
    if not same:
        return None
    digest = _digest(objects)
    for entry in same:
        entry[3] = entry[3] or _digest(entry[0])
        if entry[3] == digest:
            return entry[2]
    return None


_PENDING_LOCK = threading.Lock()


def prepare_map(frame: gpd.GeoDataFrame, tolerance_m: float = DEFAULT_TOLERANCE_M) -> None:
    """Start what a map of ``frame`` costs most in the background: its simplification (:func:`prefetch`), then
    the outline of the whole (:func:`dissolve`, remembered). The import wizard calls it when boundaries are read,
    so that the map of the added areas finds both done or under way (the same objects, or others with the same
    coordinates: :func:`_pending_alike`). Small frames: nothing."""
    if len(frame) < 1000 or tolerance_m <= 0:
        return
    simplifying = prefetch(frame, tolerance_m)

    def outline() -> None:  # of the very geometries simplified() will hand the map (remembered by identity)
        geoms, how = simplifying.result() if simplifying is not None else _simplified_geoms(frame, tolerance_m)
        # areas that had to be simplified one by one are no coverage: no coverage union is tried
        dissolve(_with(frame, geoms).assign(_all=1), "_all", coverage=how != "per polygon")

    _pool().submit(outline)


def _pool() -> ThreadPoolExecutor:
    """The one background thread of the unions (first use starts it); the early simplification has a daemon
    thread of its own (:func:`prefetch`)."""
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wijkbeeld-vereenvoudigen")
    return _POOL


def _simplification(frame: gpd.GeoDataFrame, tolerance_m: float) -> np.ndarray:
    """The simplified geometries of ``frame``: the remembered ones when the same geometry objects (shapely
    geometries never change) or the same coordinates were simplified at this tolerance, the one under way
    (:func:`prefetch`), the unions of simplified finer areas when ``frame``'s areas were dissolved from them
    (:func:`derived`), else new ones."""
    return _simplified_geoms(frame, tolerance_m)[0]


def _simplified_geoms(frame: gpd.GeoDataFrame, tolerance_m: float) -> tuple[np.ndarray, str]:
    """:func:`_simplification` and the method that made the geometries (:func:`simplify_coverage`)."""
    objects = np.asarray(frame.geometry.values, dtype=object)
    tolerance_m = float(tolerance_m)
    future = _pending(objects, tolerance_m)
    if future is not None:
        geoms, method = future.result()
        _remember(objects, tolerance_m, geoms, method)
        return geoms, method
    done = _done(objects, tolerance_m)
    if done is not None:
        return done
    future = _pending_alike(objects, tolerance_m)
    if future is not None and not future.cancelled():
        geoms, method = future.result()
        _remember(objects, tolerance_m, geoms, method)
        return geoms, method
    found = _from_finer(objects, tolerance_m)
    geoms, method = found if found is not None else simplify_coverage(_projected(frame).geometry.values,
                                                                      tolerance_m)
    _remember(objects, tolerance_m, geoms, method)
    return geoms, method


def _done(objects: np.ndarray, tolerance_m: float) -> tuple[np.ndarray, str] | None:
    """The remembered simplification of the same geometry objects, else of the same coordinates, or None."""
    same = [entry for entry in _DONE if entry[2] == tolerance_m and len(entry[0]) == len(objects)]
    for seen, _, _, geoms, method in same:
        if same_objects(seen, objects):
            return geoms, method
    if same:  # other objects: the same coordinates? (the stored ones first: the last fingerprint is then ours)
        for entry in same:
            entry[1] = entry[1] or _digest(entry[0])
        digest = _digest(objects)
        for entry in same:
            if entry[1] == digest:
                return entry[3], entry[4]
    return None


def _said_derived(objects: np.ndarray) -> bool:
    """Whether ``objects`` were said to be dissolved from finer areas (:func:`derived`; their simplification is
    the unions of the finer areas' own)."""
    with _PENDING_LOCK:
        entries = list(_DERIVED)
    ids = {id(g) for g in objects}
    return any(ids <= {id(g) for g in coarse} for coarse, *_ in entries)


def _remember(objects: np.ndarray, tolerance_m: float, geoms: np.ndarray, method: str) -> None:
    del _DONE[:max(0, len(_DONE) - _KEEP_DONE + 1)]  # the oldest first
    _DONE.append([objects, None, tolerance_m, geoms, method])


def derived(coarse: gpd.GeoDataFrame, keys, fine: gpd.GeoDataFrame, fine_keys) -> None:
    """Say that the geometries of ``coarse`` (wijken, gemeenten) are the unions of ``fine``'s geometries
    (buurten) grouped by ``fine_keys``: row ``i`` of ``coarse`` is the union of the group ``keys[i]``
    (:func:`desktop.level_tasks.at_level` says so of every level it dissolves).

    :func:`simplified` of those geometry objects (in any frame, order or subset) is then the union per group
    of the simplified finer areas (remembered from the buurt map, else simplified once for every level)
    instead of a simplification of the coarse areas anew (10 s for the national wijken, most of it checking
    that they form a coverage). On a coverage simplified by :func:`simplify_coverage` the union of neighbours
    is exact (:func:`dissolve`): the drawn wijk boundaries are the drawn buurt boundaries. When the finer
    areas are no valid coverage (simplified polygon by polygon: unions could show slivers), the coarse areas
    are simplified themselves, as before. Only what is drawn changes; the analysis keeps exact geometries.
    """
    objects = np.asarray(coarse.geometry.values, dtype=object)
    keys = np.asarray(keys, dtype=object)
    fine_keys = np.asarray(fine_keys, dtype=object)
    if len(keys) != len(objects) or len(fine_keys) != len(fine):
        raise ValueError("derived: the keys must align with the rows of their frames")
    with _PENDING_LOCK:
        for entry in _DERIVED:
            if same_objects(entry[0], objects) \
                    and np.array_equal(entry[1], keys):
                return  # said before (a remembered level: its finer areas had the same coordinates)
        del _DERIVED[:max(0, len(_DERIVED) - _KEEP + 1)]
        finer = gpd.GeoDataFrame(geometry=gpd.GeoSeries(np.asarray(fine.geometry.values, dtype=object),
                                                        crs=fine.crs))
        _DERIVED.append([objects, keys, finer, fine_keys])


def _from_finer(objects: np.ndarray, tolerance_m: float) -> tuple[np.ndarray, str] | None:
    """The simplified geometries of ``objects`` as unions of simplified finer areas (:func:`derived`); None
    when they were not said to be dissolved, or the finer areas are no valid coverage."""
    with _PENDING_LOCK:
        entries = list(_DERIVED)
    for coarse, keys, finer, fine_keys in entries:
        pos = positions(coarse, objects)
        if (pos < 0).any():
            continue
        simple, method = _simplified_geoms(finer, tolerance_m)
        if method != "coverage":
            return None
        merged = dissolve(_with(finer, simple).assign(_group=fine_keys), "_group")
        by_key = dict(zip(merged["_group"], merged.geometry.values))
        geoms = np.empty(len(objects), dtype=object)
        geoms[:] = [by_key.get(keys[i]) for i in pos]
        if any(g is None for g in geoms):
            return None
        return geoms, "coverage"
    return None


def _digest(objects: np.ndarray) -> bytes:
    """A fingerprint of geometries (:func:`kernel.recent.fingerprint`: 0.1 s for a national map)."""
    return fingerprint(objects)


def simplified(frame: gpd.GeoDataFrame, tolerance_m: float = DEFAULT_TOLERANCE_M) -> gpd.GeoDataFrame:
    """A copy of ``frame`` in a projected CRS (RD New when it was geographic), coverage-simplified.

    The same geometries at the same tolerance are simplified only once (see the module docstring).
    """
    return _with(frame, _simplification(frame, tolerance_m))


def _with(frame: gpd.GeoDataFrame, geoms: np.ndarray) -> gpd.GeoDataFrame:
    """``frame`` with ``geoms`` (the same geometry objects, in the CRS of :func:`_projected`) as its geometry:
    its own geometries are replaced, not projected first (for a frame in WGS84, every vertex projected to be thrown
    away; the importers give RD New, so the frames of the app mostly had nothing to project)."""
    crs = RD_NEW if frame.crs is None or frame.crs.is_geographic else frame.crs
    return frame.set_geometry(gpd.GeoSeries(geoms.copy(), index=frame.index, crs=crs), crs=crs)


def dissolve(frame: gpd.GeoDataFrame, by: str, *, coverage: bool = True) -> gpd.GeoDataFrame:
    """Union of the polygons per value of ``by`` (one row per group, ``by`` as a column).

    On a coverage simplified by :func:`simplified` the union of neighbours is
    exact (the shared edges are identical), so wijk and gemeente outlines
    drawn from it lie exactly on the buurt boundaries. A file that is no coverage (the national wijken of a
    third party: 0.7 s for the outline of the country, in two threads) is unioned the slow way, once: the same
    geometry objects with the same groups (a rerun, the print map beside the web map) get the remembered union.
    ``coverage=False``: the caller knows the polygons are no coverage (:func:`hotspots.levels.union_groups`).
    """
    sub = frame[[by, frame.geometry.name]].dropna(subset=[by])
    objects, keys = np.asarray(sub.geometry.values, dtype=object), sub[by].to_numpy()
    for seen, seen_by, seen_keys, done in _DISSOLVED:
        if seen_by == by and same_objects(seen, objects) \
                and np.array_equal(seen_keys, keys):
            return done.copy()
    from hotspots.levels import union_groups  # the coverage union where it holds, else the general one

    out = gpd.GeoDataFrame({by: np.unique(keys)}, geometry=union_groups(objects, keys, coverage=coverage),
                           crs=sub.crs)
    del _DISSOLVED[:max(0, len(_DISSOLVED) - _KEEP_DISSOLVED + 1)]
    _DISSOLVED.append([objects, by, keys, out])
    return out.copy()


#: The last dissolved frames: [the geometry objects, ``by``, its values, the result]; six: the outline and the
#: groups of each level of the window's switch.
_DISSOLVED: list = []
_KEEP_DISSOLVED = 6


#: Holes narrower than this on average (twice their area over their perimeter) are gaps between areas that are no
#: coverage, left out of the study area's outline (:func:`without_gaps`).
GAP_WIDTH_M = 100.0


def without_gaps(outline: gpd.GeoDataFrame, areas: gpd.GeoDataFrame,
                 tolerance_m: float = DEFAULT_TOLERANCE_M) -> gpd.GeoDataFrame:
    """The study area's ``outline`` (dissolved from ``areas`` simplified at ``tolerance_m``) as a map draws it.

    Where the areas are no coverage (they were simplified per polygon), the holes and the parts narrower than
    :data:`GAP_WIDTH_M` on average are left out (the largest part stays): they are gaps between areas drawn one by
    one and specks where they overlap, no part of the study area's border (the national wijken of a third party
    leave 12,963 holes, a median 6 m and at most 64 m wide, and 53 parts under 3 ha beside the country, drawn as
    dashed rings all over it). A coverage's holes and parts are places the division leaves out or holds (an
    enclave such as Baarle-Hertog's in Baarle-Nassau, some under 30 m wide; an island) and stay, as do those of
    areas not simplified (nothing is known of them)."""
    if tolerance_m <= 0 or _simplified_geoms(areas, tolerance_m)[1] != "per polygon":
        return outline
    drawn = np.asarray(outline.geometry.values, dtype=object)
    geoms = _GAPLESS.get(drawn, GAP_WIDTH_M, content=False)  # every map of the same areas: the same outline objects
    if geoms is None:
        geoms = _gaps_left_out(drawn)
        _GAPLESS.put(drawn, GAP_WIDTH_M, geoms)
    return outline.set_geometry(gpd.GeoSeries(geoms.copy(), index=outline.index, crs=outline.crs))


#: The last outlines without their gaps (:func:`without_gaps`), by the dissolved outline objects: a map of another
#: period of the same areas gets the same objects, so that :func:`wgs84_rounded` finds them transformed already.
_GAPLESS = Recent(keep=4)


def _gaps_left_out(drawn: np.ndarray) -> np.ndarray:
    """:func:`without_gaps` on the outline geometries ``drawn``."""
    geoms = drawn.copy()
    for i, geom in enumerate(geoms):
        parts = shapely.get_parts(geom) if geom is not None else np.empty(0, dtype=object)
        if not len(parts) or (shapely.get_type_id(parts) != 3).any() \
                or (len(parts) == 1 and shapely.get_num_interior_rings(parts[0]) == 0):
            continue  # no polygons, or one without holes
        rings = shapely.get_rings(parts)  # per part its shell, then its holes
        wide = 2 * shapely.area(shapely.polygons(rings)) >= GAP_WIDTH_M * shapely.length(rings)  # mean width
        per_part = np.split(np.arange(len(rings)), np.cumsum(shapely.get_num_interior_rings(parts) + 1)[:-1])
        largest = int(np.argmax(shapely.area(parts)))
        kept = [shapely.Polygon(rings[at[0]], rings[at[1:]][wide[at[1:]]])
                for j, at in enumerate(per_part) if j == largest or wide[at[0]]]
        geoms[i] = shapely.multipolygons(kept) if len(kept) > 1 else kept[0]
    return geoms


def dissolving(frame: gpd.GeoDataFrame, by: str) -> Future:
    """:func:`dissolve` started in the background thread (GEOS lets go of the GIL: the union is done on a second
    core while the caller builds the rest of a map); a small frame is dissolved at once."""
    if len(frame) < 1000:
        future: Future = Future()
        future.set_result(dissolve(frame, by))
        return future
    return _pool().submit(dissolve, frame, by)


def wgs84_rounded(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``frame`` in WGS84 with coordinates rounded to :data:`DECIMALS` decimals.

    The last few are remembered by their geometry objects (the simplified ones of :func:`simplified` are the
    same objects at every map of the same areas)."""
    objects = np.asarray(frame.geometry.values, dtype=object)
    key = (frame.crs.to_wkt() if frame.crs is not None else None, DECIMALS)
    rounded = _ROUNDED.get(objects, key, content=False)
    if rounded is None:
        out = frame.to_crs(WGS84)
        rounded = shapely.transform(np.asarray(out.geometry.values, dtype=object),
                                    lambda c: np.round(c, DECIMALS))
        _ROUNDED.put(objects, key, rounded)
    return frame.set_geometry(gpd.GeoSeries(rounded.copy(), index=frame.index, crs=WGS84), crs=WGS84)


#: The last geometries in WGS84 (:func:`wgs84_rounded`), by their projected geometry objects.
_ROUNDED = Recent(keep=8)


def to_display(frame: gpd.GeoDataFrame, tolerance_m: float = DEFAULT_TOLERANCE_M) -> gpd.GeoDataFrame:
    """A copy of ``frame`` simplified in metres and transformed to WGS84, coordinates rounded."""
    return wgs84_rounded(simplified(frame, tolerance_m))


def feature_collection(frame: gpd.GeoDataFrame, properties: list[dict]) -> str:
    """Compact GeoJSON text of a WGS84 frame with the given per-row properties.

    The geometry text comes from GEOS (fast, rounded coordinates stay short);
    the properties from :func:`json.dumps`. The caller embeds the result in a
    page with :func:`mapping.webmap.script_json`, which escapes ``<``.
    """
    parts = []
    for geom, props in zip(_geojson_texts(frame), properties):
        if geom is None:
            continue
        parts.append('{"type":"Feature","geometry":' + geom + ',"properties":'
                     + json.dumps(props, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "}")
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


def geometry_key(frame: gpd.GeoDataFrame) -> str:
    """A digest of the GeoJSON text of each geometry of a WGS84 frame (as :func:`feature_collection` writes
    them): two layers with the same key draw the same shapes, so a page that shows one can be restyled with
    the figures of the other (:func:`mapping.webmap.write_update`)."""
    objects = np.asarray(frame.geometry.values, dtype=object)
    key = _GEOJSON.get(objects, "key", content=False)
    if key is None:
        h = hashlib.blake2b(digest_size=16)
        for text in _geojson_texts(frame):
            h.update(b"-" if text is None else text.encode("utf-8"))
            h.update(b"\n")
        key = h.hexdigest()
        _GEOJSON.put(objects, "key", key)
    return key


def _geojson_texts(frame: gpd.GeoDataFrame) -> list:
    """The GeoJSON text of each geometry (None where missing), remembered by the geometry objects: the layers of
    one map (hot spots, counts, rates, outlines) and the maps of the same areas draw the same objects."""
    objects = np.asarray(frame.geometry.values, dtype=object)
    texts = _GEOJSON.get(objects, None, content=False)
    if texts is None:
        texts = [None if geom is None else _LONG_NUMBER.sub(_shortest, geom) if _LONG_DECIMALS.search(geom) else geom
                 for geom in shapely.to_geojson(objects)]
        _GEOJSON.put(objects, None, texts)
    return texts


def _shortest(match) -> str:
    return repr(round(float(match.group(0)), DECIMALS))


#: The last GeoJSON texts (:func:`_geojson_texts`) and their digests (:func:`geometry_key`), by their geometry
#: objects.
_GEOJSON = Recent(keep=16)
