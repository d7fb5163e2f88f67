"""How frames travel between the window and its worker process (:mod:`desktop.procpool`; no Qt here).

Pickling a large frame in one call holds the GIL as long as it takes, in the window's process too: a large
frame travels as pickled row blocks (:class:`_Packed`), each one short hold; from :data:`SPILL_BYTES` on the
blocks wait in a file in the app session's scratch folder rather than in the executor's message, which is
pickled whole. :func:`pack_nested` packs the frames inside results and projects (an object met twice once);
:func:`unpack_nested` gives them back. A frame the worker process keeps already (:data:`RESIDENT_KEEP`) goes as
its key (:class:`_Resident`; the lane decides, :meth:`desktop.procpool._Lane.keep`).
"""
from __future__ import annotations

import collections
import gc
import os
import pickle
import tempfile
import threading
import weakref
from typing import Any

#: Rows per pickled piece of a large frame (pickling 200,000 rows of strings in one call holds the GIL ~0.1 s).
PACK_ROWS = 20_000
#: Rows per piece of a frame with a geometry column: (un)pickling a polygon costs some 100 times a row of
#: numbers (the 14,500 national buurten of a result came back as one 0.1-0.2 s hold of the GIL; 1,000
#: polygons of 200 points were still a 36 ms hold to pickle and 24 ms to unpickle, 250 some 9 and 6 ms).
PACK_GEOMETRY_ROWS = 250
#: At most this many vertices per piece as well: the 145 wijken of the national buurten (13,000 vertices each) were
#: fewer rows than a piece and came back whole, one 30 MB pickle whose unpickling held the window's GIL 50-120 ms
#: as the switch to wijken arrived.
PACK_VERTICES = 100_000
#: Dicts (and lists) up to this many entries are looked into for frames (a division's areas per level, a project's
#: sources); larger ones (the codes and names of every area) are sent as they are.
SMALL_DICT = 32
#: A packed frame of at least this many bytes travels through a file in the app session's scratch folder, not
#: through the process pipe: the executor pickles a task's (or a result's) whole message in one call, and the
#: 100-150 MB of blocks copied into it held the window's GIL 0.3-0.65 s (an autosave of a national project, a
#: national result coming back). Writing and reading a file lets go of the GIL at every block.
SPILL_BYTES = 8_000_000
#: Large frames (arguments, or inside one such as a project) the work lane's process keeps once sent, newest
#: first: the window passes its project's areas and incidents to every analysis and view, and sending the national
#: buurten and a million incidents again took 1.5-2 s per switch of level. A frame given to a lane must not be
#: changed in place afterwards, here or in the worker (the window replaces its project's frames, it never edits
#: them; the core never changes its inputs).
RESIDENT_KEEP = 4
#: Whether this process is a worker (set as it starts): what it unpacks are a task's inputs, not a result to keep.
IN_WORKER = False
_child_frames: "collections.OrderedDict" = collections.OrderedDict()  # the worker's kept frames by key, oldest first
#: In the worker: the keys of the kept frames among the running task's inputs (a result may point into those).
task_keys: set = set()
_geometry_index: dict = {}  # key -> (the kept frame, weakly, {id of a geometry object: its row}), built on first use


def rows(value: Any) -> int:
    """The number of rows of a frame-like argument (0 for anything else)."""
    try:
        return len(value) if hasattr(value, "columns") else 0
    except TypeError:
        return 0


def frames_in(value: Any, depth: int = 4):
    """The frames of ``value``: itself, or those inside its lists, tuples, small dicts and attributes, up to
    ``depth`` deep (a project's sources and its divisions' areas per level)."""
    if hasattr(value, "columns"):
        yield value
        return
    if depth <= 0 or isinstance(value, (str, bytes, type)):
        return
    if isinstance(value, (list, tuple)) and len(value) <= SMALL_DICT:
        items = value
    elif type(value) is dict and len(value) <= SMALL_DICT:
        items = value.values()
    elif hasattr(value, "__dict__") and not isinstance(value, (list, tuple, dict)):
        items = vars(value).values()
    else:
        return
    for item in items:
        yield from frames_in(item, depth - 1)


class _Packed:
    """A large DataFrame as pickled row blocks: each block is one short GIL hold in the GUI process. From
    :data:`SPILL_BYTES` on, inside the app (its scratch folder), the blocks wait in a file rather than in the
    message, and the side that unpacks them removes it."""

    def __init__(self, frame, keep=None):
        self.keep = keep  # a key: the worker keeps the frame under it (RESIDENT_KEEP)
        cuts = piece_bounds(frame)
        blocks = [pickle.dumps(frame.iloc[a:b], protocol=pickle.HIGHEST_PROTOCOL) for a, b in zip(cuts, cuts[1:])]
        self.path, self.sizes = None, None
        folder = spill_folder()
        if folder is not None and sum(map(len, blocks)) >= SPILL_BYTES:
            fd, self.path = tempfile.mkstemp(prefix="pakket-", suffix=".bin", dir=folder)
            with os.fdopen(fd, "wb") as f:
                for b in blocks:
                    f.write(b)
            self.sizes = [len(b) for b in blocks]
            blocks = None
            spilled = getattr(sending, "paths", None)
            if spilled is not None:  # removed by call() if the worker never reads it (a cancelled task)
                spilled.append(self.path)
        self.blocks = blocks

    def _pieces(self):
        if self.blocks is not None:
            yield from self.blocks
            return
        try:
            with open(self.path, "rb") as f:
                for n in self.sizes:
                    yield f.read(n)
        finally:
            remove(self.path)

    def unpack(self):
        import pandas as pd

        if IN_WORKER:  # in the worker process: its task's inputs, gone after the task
            frame = pd.concat([pickle.loads(b) for b in self._pieces()])
            if self.keep is not None:  # ... unless the window sends it again: then kept
                _keep_here(self.keep, frame)
            return frame
        # in the window's process: a result the window keeps. Each piece goes to the permanent generation as
        # it arrives (as desktop.gcpause.settle does with the whole result later): a collection on the way
        # walked the pieces' object columns element by element (a 0.1-0.26 s hold of the GIL at national scale)
        parts = []
        for b in self._pieces():
            parts.append(pickle.loads(b))
            gc.freeze()
        out = pd.concat(parts)
        gc.freeze()
        return out


sending = threading.local()  # the files call() spilled for the task it sends (this thread's)


def _keep_here(key, frame) -> None:
    """In the worker: keep ``frame`` under ``key`` (the window sends it again as its key), the oldest let go."""
    task_keys.add(key)
    _child_frames[key] = frame
    while len(_child_frames) > RESIDENT_KEEP:
        _child_frames.popitem(last=False)


def spill_folder() -> str | None:
    """The app session's scratch folder (removed when the app ends), or None outside the app."""
    from desktop.tasks import SCRATCH_ENV

    folder = os.environ.get(SCRATCH_ENV)
    return folder if folder and os.path.isdir(folder) else None


def remove(path) -> None:
    try:
        os.unlink(path)
    except OSError:  # gone already (read by the other side, or the scratch folder removed at the end)
        pass


class _Missing(Exception):
    """A kept frame the worker no longer has (a fresh process): the window sends it whole."""


class _Resident:
    """A frame the worker process keeps already (:data:`RESIDENT_KEEP`): only its key travels."""

    def __init__(self, key):
        self.key = key

    def unpack(self):
        try:
            _child_frames.move_to_end(self.key)
        except KeyError:
            raise _Missing(self.key) from None
        task_keys.add(self.key)
        return _child_frames[self.key]


class _SharedGeometry:
    """A result frame whose geometries are those of a frame the window sent with the task (the areas at their own
    level: the national buurten's 14,500 polygons are 47 of a result's 50 MB): it travels without them, with the
    rows of that frame they are, and the window takes them from its own frame (the same polygons, not copies).
    The other way too: a frame of the window whose geometries are those of a frame the worker keeps (a result's
    areas, sent back for an export) travels without them, and the worker takes them from the one it keeps.

    In the window, :data:`sending` ``.frames`` holds the frames the task was sent with, by key, while it runs."""

    def __init__(self, rest, key, rows, column: str, position: int, crs, keep=None):
        self.rest, self.key, self.rows = rest, key, rows
        self.column, self.position, self.crs = column, position, crs
        self.keep = keep  # a key: the worker keeps the frame under it, as a _Packed one (RESIDENT_KEEP)

    def unpack(self):
        import geopandas as gpd

        if IN_WORKER:  # the polygons of a frame this process keeps (a fresh process: the window sends all again)
            source = _Resident(self.key).unpack()
        else:
            source = getattr(sending, "frames", {}).get(self.key)
            if source is None:  # cannot happen: the task's own inputs are held while it runs
                raise RuntimeError("het venster mist de gebieden waar het resultaat naar verwijst")
        rest = self.rest.unpack() if isinstance(self.rest, _Packed) else self.rest
        geometry = gpd.GeoSeries(source.geometry.array.take(self.rows), index=rest.index, crs=self.crs)
        columns = list(rest.columns)
        columns.insert(self.position, self.column)
        frame = gpd.GeoDataFrame(rest.assign(**{self.column: geometry}), geometry=self.column, crs=self.crs)[columns]
        if IN_WORKER and self.keep is not None:
            _keep_here(self.keep, frame)
        return frame


def _shared_geometry(frame):
    """In the worker: ``frame`` as a :class:`_SharedGeometry` when every geometry of it is one of a kept frame
    among the running task's inputs (the same objects: taken from it, not computed), else None."""
    if not IN_WORKER or not task_keys:
        return None
    for old in [k for k in _geometry_index if k not in _child_frames]:
        del _geometry_index[old]
    for key in sorted(task_keys):
        shared = sharing(frame, _child_frames.get(key), key, _geometry_index)
        if shared is not None:
            return shared
    return None


def sharing(frame, kept, key, index: dict):
    """``frame`` as a :class:`_SharedGeometry` of ``kept`` (kept under ``key`` on the other side) when every geometry
    of ``frame`` is one of ``kept``'s (the same objects), else None. ``index``: key -> (a weak reference to the kept
    frame, {id of a geometry object: its row}), filled on first use (it keeps no frame alive)."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    column = getattr(frame, "active_geometry_name", None) if isinstance(frame, gpd.GeoDataFrame) else None
    if column is None or column not in frame.columns:
        return None
    if not isinstance(kept, gpd.GeoDataFrame) or getattr(kept, "active_geometry_name", None) not in kept.columns \
            or kept.crs != frame.crs:
        return None
    cached = index.get(key)
    if cached is None or cached[0]() is not kept:
        cached = index[key] = (weakref.ref(kept), {id(g): i for i, g in enumerate(np.asarray(kept.geometry.array))})
    where = cached[1]
    taken = np.fromiter((where.get(id(g), -1) for g in np.asarray(frame.geometry.array)), dtype=np.int64,
                        count=len(frame))
    if not len(taken) or taken.min() < 0:
        return None
    rest = pd.DataFrame(frame.drop(columns=column))
    return _SharedGeometry(_Packed(rest) if in_pieces(rest) else rest, key, taken, column,
                           list(frame.columns).index(column), frame.crs)


def piece_rows(frame) -> int:
    return PACK_GEOMETRY_ROWS if "geometry" in getattr(frame, "columns", ()) else PACK_ROWS


def piece_bounds(frame) -> list[int]:
    """Where ``frame`` is cut into pieces (``[0, ..., len(frame)]``): :func:`piece_rows` rows a piece, and with a
    geometry column also at most :data:`PACK_VERTICES` vertices (at least one row)."""
    n, step = len(frame), piece_rows(frame)
    if "geometry" not in getattr(frame, "columns", ()):
        return list(range(0, n, step)) + [n]
    import numpy as np
    import shapely

    cum = np.cumsum(shapely.get_num_coordinates(np.asarray(frame["geometry"].values, dtype=object)))
    cuts, start = [0], 0
    while start < n:
        before = cum[start - 1] if start else 0
        end = min(start + step, n)
        end = start + max(1, int(np.searchsorted(cum[start:end] - before, PACK_VERTICES, side="right")))
        cuts.append(min(end, n))
        start = cuts[-1]
    return cuts


def in_pieces(frame) -> bool:
    """Whether ``frame`` travels in more than one piece (:func:`piece_bounds`)."""
    n = rows(frame)
    return n > 1 and (n > piece_rows(frame) or len(piece_bounds(frame)) > 2)


_CUT = object()  # what _pack says of an object past its depth


def pack_nested(value, depth: int = 2, memo: dict | None = None, keeper=None):
    """``value`` with its large frames packed, also in attributes (a result object) up to ``depth`` deep.

    A result such as :class:`hotspots.where.hotspots.HotspotResult` carries the assigned incidents; sent
    back in one piece, unpickling them would hold the GUI process's GIL as long as pickling did. An object
    met twice (the window's analysis holds the hot-spot result as ``result`` and as ``run.hotspots``) is
    packed once and stays one object: packed twice, the national result travelled twice, the second time
    (past ``depth``) as one pickle that held the window's GIL 0.3-0.5 s. ``keeper`` (a lane's
    :meth:`desktop.procpool._Lane.keep`) packs each large frame instead, keeping those worth it in the worker.
    """
    memo = {} if memo is None else memo
    if id(value) in memo:
        return memo[id(value)][1]
    out = _pack(value, depth, memo, keeper)
    if out is not _CUT:
        memo[id(value)] = (value, out)  # the value is kept: its id stays its own while the memo lives
        return out
    return value  # deeper than asked: as it is, unless it is met higher up later


def _pack(value, depth: int, memo: dict, keeper=None):
    if in_pieces(value):
        if keeper is None:
            shared = _shared_geometry(value)  # a result's areas: their polygons are the window's own
            if shared is not None:
                return shared
        return keeper(value) if keeper is not None else _Packed(value)
    if isinstance(value, list) or type(value) is tuple:  # a project's sources and divisions: the same depth
        if depth <= 0 or len(value) > SMALL_DICT:  # (the codes of every area: as they are, not item by item)
            return value
        packed = [pack_nested(v, depth, memo, keeper) for v in value]
        if all(a is b for a, b in zip(packed, value)):
            return value
        return packed if isinstance(value, list) else tuple(packed)
    if type(value) is dict and len(value) <= SMALL_DICT:  # a division's areas per level (even past the depth)
        packed = {k: pack_nested(v, depth, memo, keeper) for k, v in value.items()}
        return value if all(packed[k] is v for k, v in value.items()) else packed
    if not hasattr(value, "__dict__") or isinstance(value, type) or rows(value):
        return value
    if depth <= 0:  # deeper than asked: packed only when it is met (and packed) higher up
        return _CUT
    changed = {k: pack_nested(v, depth - 1, memo, keeper) for k, v in vars(value).items()}
    if all(changed[k] is v for k, v in vars(value).items()):
        return value
    import copy

    out = copy.copy(value)
    for k, v in changed.items():
        object.__setattr__(out, k, v)
    return out


def unpack_nested(value, depth: int = 2, memo: dict | None = None):
    """``value`` as :func:`pack_nested` took it; what was one object there is one object here."""
    memo = {} if memo is None else memo
    if id(value) in memo:
        return memo[id(value)][1]
    out = _unpack(value, depth, memo)
    memo[id(value)] = (value, out)
    return out


def _unpack(value, depth: int, memo: dict):
    if isinstance(value, (_Packed, _Resident, _SharedGeometry)):
        return value.unpack()
    if depth > 0 and (isinstance(value, list) or type(value) is tuple) and len(value) <= SMALL_DICT:
        items = [unpack_nested(v, depth, memo) for v in value]
        if all(a is b for a, b in zip(items, value)):
            return value
        return items if isinstance(value, list) else tuple(items)
    if type(value) is dict and len(value) <= SMALL_DICT:
        items = {k: unpack_nested(v, depth, memo) for k, v in value.items()}
        return value if all(items[k] is v for k, v in value.items()) else items
    if depth > 0 and hasattr(value, "__dict__") and not isinstance(value, type) and not rows(value):
        for k, v in list(vars(value).items()):
            if isinstance(v, (_Packed, _Resident, _SharedGeometry, list, tuple, dict)) \
                    or (depth > 1 and hasattr(v, "__dict__")) or id(v) in memo:
                object.__setattr__(value, k, unpack_nested(v, depth - 1, memo))
    return value


