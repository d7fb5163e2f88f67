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
