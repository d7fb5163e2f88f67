"""Progress and cancellation for long computations, without Qt.

Every long function in the core has the shape
``run(inputs, params, progress=None, cancelled=None) -> Result``:
``progress(fraction, text)`` receives a number from 0 to 1 and a Dutch text,
``cancelled()`` returns True when the user pressed Cancel. Both may be None.
:class:`Progress` wraps the two so that the core code stays short, and maps
a step onto a slice of the whole range (after Orange's ``wrap_callback``).

>>> seen = []
>>> p = Progress(lambda f, t: seen.append(round(f, 2)))
>>> inner = p.slice(0.5, 1.0)
>>> inner(0.5, "halverwege")
>>> seen
[0.75]
"""
from __future__ import annotations

from typing import Callable, Optional

from kernel.errors import Cancelled

ProgressFn = Optional[Callable[[float, str], None]]
CancelFn = Optional[Callable[[], bool]]


class Progress:
    """Callable progress reporter with a cancel check and sub-ranges."""

    def __init__(self, progress: ProgressFn = None, cancelled: CancelFn = None,
                 start: float = 0.0, end: float = 1.0):
        if isinstance(progress, Progress):  # already wrapped
            cancelled = cancelled or progress._cancelled
            start, end = progress._map(start), progress._map(end)
            progress = progress._progress
        self._progress = progress
        self._cancelled = cancelled
        self._start = start
        self._end = end

    def _map(self, fraction: float) -> float:
        fraction = min(max(float(fraction), 0.0), 1.0)
        return self._start + (self._end - self._start) * fraction

    def __call__(self, fraction: float, text: str = "") -> None:
        self.check()
        if self._progress is not None:
            self._progress(self._map(fraction), text)

    def check(self) -> None:
        """Raise :class:`Cancelled` when the user asked to stop."""
        if self._cancelled is not None and self._cancelled():
            raise Cancelled()

    def slice(self, start: float, end: float) -> "Progress":
        """A reporter for one step that covers ``start..end`` of this range."""
        return Progress(self._progress, self._cancelled, self._map(start), self._map(end))


def as_progress(progress: ProgressFn | Progress = None, cancelled: CancelFn = None) -> Progress:
    """Wrap optional callbacks into a :class:`Progress` (a no-op when both are None)."""
    if isinstance(progress, Progress) and cancelled is None:
        return progress
    return Progress(progress, cancelled)
