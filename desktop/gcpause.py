"""Keep Python's full garbage collections short, so that they never stall the window.

Python's cycle collector walks every tracked object on a full (oldest-generation) collection, and an
object array (a pandas column of strings, a GeoSeries) is walked element by element. With a project of
20,000 incidents in the window, a full collection held the GUI thread 160-200 ms (measured in
``benchmarks/bench_question_stall.py``: it fell in whatever the GUI thread was doing, or in a worker thread
of the same process, which holds the GIL just as long); with 1,000,000 incidents it would be seconds.

The data that makes the walk long is long-lived: the modules imported at start-up, the project's frames,
the results the window shows. :func:`settle` moves everything alive at that moment into the permanent
generation (:func:`gc.freeze`), which collections skip; objects are still freed by their reference count
as always. What it costs: garbage *cycles* among frozen objects are never collected.
"""
from __future__ import annotations

import gc


def settle() -> None:
    """Freeze what is alive now (cheap: a list splice, no walk)."""
    gc.freeze()


def frozen() -> int:
    """The number of objects frozen (tests)."""
    return gc.get_freeze_count()


#: The packages whose objects :class:`Releaser` takes apart (the window's own result objects); anything else
#: (a DataFrame, an array, a geometry) is freed as one piece.
OWN_PACKAGES = ("desktop", "hotspots", "kernel", "mapping", "importers")


class Releaser:
    """Frees what the window no longer needs a piece at a time (no Qt: the caller schedules :meth:`step`).

    Replacing a national result freed the old one in one go on the GUI thread: its 14,500 polygons, the
    assigned incidents, the table's cells and the level lists, 50-130 ms. An object given to :meth:`add` that
    nothing else refers to is taken apart: a dict, list or tuple, or an object of the window's own packages,
    gives up its parts, which are freed one by one (a frame in one piece); an object still referred to
    elsewhere is only let go (it lives on where it is used). Nothing anyone can still see is changed.
    """

    def __init__(self):
        import collections

        self._queue = collections.deque()

    def add(self, obj) -> None:
        if obj is not None:
            self._queue.append(obj)

    def pending(self) -> bool:
        return bool(self._queue)

    def step(self, budget_s: float = 0.01) -> bool:
        """Free pieces for about ``budget_s`` seconds (at least one); True while some are left."""
        import sys
        import time

        t0 = time.perf_counter()
        while self._queue:
            x = self._queue.popleft()
            if sys.getrefcount(x) == 2 and _opened(x):  # only this function holds it: nobody sees it change
                parts = _parts(x)
                self._queue.extendleft(parts)
                del parts
            del x
            if time.perf_counter() - t0 >= budget_s:
                break
        return bool(self._queue)


def _opened(x) -> bool:
    if type(x) in (dict, list, tuple):
        return len(x) > 0
    return hasattr(x, "__dict__") and not isinstance(x, type) and \
        type(x).__module__.split(".")[0] in OWN_PACKAGES


def _parts(x) -> list:
    if type(x) is dict:
        parts = list(x.values())
        x.clear()
    elif type(x) is list:
        parts = list(x)
        x.clear()
    elif type(x) is tuple:
        parts = list(x)  # the tuple itself goes when its last reference does (the caller's)
    else:
        state = vars(x)
        parts = list(state.values())
        state.clear()
    return parts
