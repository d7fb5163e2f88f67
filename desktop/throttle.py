"""One progress throttle for every worker (thread or process): a chatty core cannot flood the GUI.

A core function may call ``progress(fraction, text)`` thousands of times a second. The GUI
only needs a few updates per second, and every update costs a queued signal (a thread) or a
message through a pipe (the worker process). :class:`Throttle` passes one call per
:data:`PROGRESS_INTERVAL` seconds, and always the last one (``fraction >= 1``).

No Qt here: the worker process uses it too.

>>> sent = []
>>> t = Throttle(lambda f, text: sent.append(f), interval=3600)
>>> for i in range(5):
...     t(i / 4, "")
>>> sent
[0.0, 1.0]
"""
from __future__ import annotations

import time
from typing import Callable

#: Seconds between two progress messages of one task.
PROGRESS_INTERVAL = 0.05


class Throttle:
    """Call ``emit(fraction, text)`` at most once per ``interval`` seconds (the final 1.0 always)."""

    __slots__ = ("_emit", "_interval", "_last")

    def __init__(self, emit: Callable[[float, str], None], interval: float | None = None):
        self._emit = emit
        self._interval = PROGRESS_INTERVAL if interval is None else interval
        self._last: float | None = None

    def __call__(self, fraction: float, text: str = "") -> None:
        now = time.monotonic()
        if self._last is None or now - self._last >= self._interval or fraction >= 1.0:
            self._last = now
            self._emit(float(fraction), str(text))
