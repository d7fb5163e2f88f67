"""The last few results of a long-lived process, recognised by the content of their geometries.

The window's worker process (desktop.procpool) lives from one switch of period, category or level to the
next, but receives the areas pickled anew each time: the same buurten come as new geometry objects. What a
switch computes again from the same areas (their neighbours, their union per wijk, their simplification for
the map) is remembered here under a :func:`fingerprint` of the geometries (their types, parts, rings and
every coordinate: about 0.1 s for the 14,500 national buurten, against seconds for what it saves), with the
geometry objects themselves as a faster first check (the same objects need no fingerprint).

Only a few entries are kept (:class:`Recent`, oldest out first), so memory stays bounded; a value is handed
out as it was stored, so it must be immutable or copied by the caller (shapely geometries never change).

>>> from shapely.geometry import box
>>> memo = Recent(keep=2)
>>> geoms = [box(0, 0, 1, 1), box(1, 0, 2, 1)]
>>> memo.get(geoms, "queen") is None
True
>>> memo.put(geoms, "queen", "w")
>>> memo.get([box(0, 0, 1, 1), box(1, 0, 2, 1)], "queen"), memo.get(geoms, "rook")
('w', None)
"""
from __future__ import annotations

import hashlib
import operator
import threading

import numpy as np


def fingerprint(geoms) -> bytes:
    """A digest of geometries: their types, parts, rings and every coordinate (0.1 s for a national map).

    The last digest is remembered with its geometry objects (only the last: they stay alive while it is kept):
    the hot spots' neighbours and the map of one run ask for the same objects' fingerprint."""
    import shapely

    objects = np.asarray(geoms, dtype=object)
    with _LOCK:
        for seen, digest in _FINGERPRINTS:
            if same_objects(seen, objects):
                return digest
    h = hashlib.blake2b(digest_size=16)
    for part in (shapely.get_type_id(objects), shapely.get_num_geometries(objects),
                 shapely.get_num_interior_rings(objects), shapely.get_num_coordinates(objects),
                 shapely.get_coordinates(objects)):
        h.update(np.ascontiguousarray(part).tobytes())
    digest = h.digest()
    with _LOCK:
        _FINGERPRINTS[:] = [(objects, digest)]
    return digest


#: The last fingerprint: [(the geometry objects, their digest)].
_FINGERPRINTS: list = []
_LOCK = threading.Lock()


def positions(objects, wanted) -> np.ndarray:
    """The index in ``objects`` of each of ``wanted`` (the very same object, by identity), -1 where it is not
    there: how a derived set of geometries (wijken of buurten, their simplified lines) is found again.

    >>> from shapely.geometry import box
    >>> a, b = box(0, 0, 1, 1), box(1, 0, 2, 1)
    >>> positions([a, b], [b, box(0, 0, 1, 1), a]).tolist()
    [1, -1, 0]
    """
    objects = np.asarray(objects, dtype=object)
    where = {id(g): i for i, g in enumerate(objects)}
    pos = np.fromiter((where.get(id(g), -1) for g in wanted), dtype=np.intp, count=len(wanted))
    found = np.flatnonzero(pos >= 0)
    pos[found[[objects[pos[i]] is not wanted[i] for i in found]]] = -1
    return pos


def same_objects(seen, objects) -> bool:
    """Whether two sequences hold the very same objects, in order."""
    return len(seen) == len(objects) and all(map(operator.is_, seen, objects))


class Recent:
    """The last ``keep`` values, each under a sequence of geometries and a hashable ``key`` (the other inputs
    the value depends on). Thread-safe; the fingerprint is computed only when the objects differ."""

    def __init__(self, keep: int = 3):
        self.keep = keep
        self._entries: list = []  # [geometry objects, fingerprint (None until asked), key, value]
        self._lock = threading.Lock()

    def get(self, geoms, key=None, default=None, *, content: bool = True):
        """The value stored for these geometries (the same objects, or with ``content`` the same coordinates)
        and ``key``."""
        objects = np.asarray(geoms, dtype=object)
        with self._lock:
            same = [e for e in self._entries if e[2] == key and len(e[0]) == len(objects)]
        for entry in same:
            if same_objects(entry[0], objects):
                return entry[3]
        if not same or not content:
            return default
        for entry in same:  # the stored ones first: fingerprint() then remembers the objects asked for
            entry[1] = entry[1] or fingerprint(entry[0])
        digest = fingerprint(objects)
        for entry in same:
            if entry[1] == digest:
                return entry[3]
        return default

    def put(self, geoms, key, value) -> None:
        """Remember ``value`` for these geometries and ``key`` (the oldest entry goes when full)."""
        objects = np.asarray(geoms, dtype=object)
        with self._lock:
            self._entries = [e for e in self._entries if not (e[2] == key and same_objects(e[0], objects))]
            del self._entries[:max(0, len(self._entries) - self.keep + 1)]
            self._entries.append([objects, None, key, value])

    def stored(self, key=None) -> list:
        """The ``(geometry objects, value)`` stored under ``key``, oldest first (to look for a related set of
        geometries by the objects themselves: :func:`hotspots.where.weights.unions_of`)."""
        with self._lock:
            return [(e[0], e[3]) for e in self._entries if e[2] == key]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
