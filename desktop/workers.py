"""One worker helper: run a core function off the GUI thread (after Orange's ``concurrent.py``).

A core function has the shape ``fn(*args, progress=None, cancelled=None, **kw)``
(see :mod:`kernel.progress`). :class:`Runner` runs it in a thread pool and
brings everything back to the GUI thread through Qt signals:

- ``progressChanged(fraction, text)`` while it runs (throttled, so that a chatty
  core cannot flood the event loop);
- ``resultReady(result)`` when it finishes;
- ``errorOccurred(TaskError)`` when it raises; the error is never swallowed;
- ``cancelled()`` when the user stopped it (the core raised
  :class:`kernel.errors.Cancelled`, or the result came after a newer start).

Starting a new task cancels the previous one: its cancel flag is set, and any
result or error it still delivers is dropped. One runner per kind of work
(analysis, import, ...) keeps independent jobs apart.

A runner made with ``process=True`` sends large inputs (:data:`desktop.procpool.PROCESS_ROWS`
rows or more, also inside an argument such as a project) to a worker process, where the
core's long GIL-holding calls cannot stall the window (see :mod:`desktop.procpool`); with
``process="always"`` every task goes there (work that should never compete with the window
for the GIL); with ``process="background"`` every task goes to the background lane's own
process (saving: a long save never holds up the analyses). The signals are the same.
"""
from __future__ import annotations

import itertools
import threading
import traceback
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal, Slot

from desktop import gcpause, procpool
from desktop.throttle import Throttle
from kernel.errors import Cancelled

_EXECUTOR: ThreadPoolExecutor | None = None
_WAITERS: ThreadPoolExecutor | None = None
WAITERS = 6  # threads that wait on the worker processes (each lane runs one task at a time)


def executor() -> ThreadPoolExecutor:
    """The shared pool: two threads for the work (the machine may be small, the GUI needs its share) and
    one for the start-up's imports, which mostly wait (for the charts to be built, for the disk)."""
    global _EXECUTOR
    if _EXECUTOR is None:
        _EXECUTOR = ThreadPoolExecutor(max_workers=3, thread_name_prefix="wijkbeeld-werk")
    return _EXECUTOR


def waiters() -> ThreadPoolExecutor:
    """The threads of the tasks that run in a worker process (:mod:`desktop.procpool`): they pack, send and
    wait. A pool of their own, so that a save or an analysis waiting on its process never keeps a small task
    that runs in a thread (the charts of a buurt) from starting: in the shared pool, three waits held every
    thread."""
    global _WAITERS
    if _WAITERS is None:
        _WAITERS = ThreadPoolExecutor(max_workers=WAITERS, thread_name_prefix="wijkbeeld-wacht")
    return _WAITERS


@dataclass
class TaskError:
    """An exception from a task with its formatted traceback (the details of the message box)."""

    exception: BaseException
    details: str
    title: str = ""


class _Task:
    """The state of one run: its id, its cancel flag and its throttled progress."""

    def __init__(self, task_id: int, emit_progress: Callable[[int, float, str], None]):
        self.id = task_id
        self.event = threading.Event()
        self._throttle = Throttle(lambda fraction, text: emit_progress(task_id, fraction, text))
        self.in_process = False

    def cancelled(self) -> bool:
        return self.event.is_set()

    def progress(self, fraction: float, text: str = "") -> None:
        if self.event.is_set():
            raise Cancelled()
        self._throttle(fraction, text)


class Runner(QObject):
    """Runs one core function at a time off the GUI thread; a new start cancels the old run.

    Parameters
    ----------
    title : str
        A Dutch name of the work ("Analyse", "Import"), used in error messages.
    """

    started = Signal(str)
    progressChanged = Signal(float, str)
    resultReady = Signal(object)
    errorOccurred = Signal(object)
    cancelled = Signal()
    finished = Signal()  # after resultReady, errorOccurred or cancelled

    # internal: worker thread -> GUI thread (queued, since the runner lives in the GUI thread)
    _progress = Signal(int, float, str)
    _done = Signal(int, object)

    _ids = itertools.count(1)

    def __init__(self, title: str = "", parent: QObject | None = None, *, process: bool | str = False):
        super().__init__(parent)
        self.title = title
        self.process = process
        self.in_process = False  # where the last task ran (tests, benchmarks)
        self._task: _Task | None = None
        self._future: Future | None = None
        self._progress.connect(self._on_progress)
        self._done.connect(self._on_done)

    # -- public ----------------------------------------------------------------------------
    def start(self, fn: Callable[..., Any], *args, label: str = "", **kwargs) -> int:
        """Run ``fn(*args, progress=..., cancelled=..., **kwargs)`` in the pool; return the task id."""
        self.cancel(emit=False)
        task = _Task(next(self._ids), self._progress.emit)
        self._task = task

        task.in_process = self.in_process = self.process in ("always", procpool.BACKGROUND) or (
            bool(self.process) and procpool.wants_process(args, kwargs))
        lane = procpool.BACKGROUND if self.process == procpool.BACKGROUND else procpool.WORK

        def run():
            if task.event.is_set():  # cancelled while it waited for a thread of the pool
                raise Cancelled()
            if task.in_process:
                return procpool.call(task.id, fn, args, kwargs, lambda f, t: task.progress(f, t) if
                                     not task.event.is_set() else None, lane=lane)
            return fn(*args, progress=task.progress, cancelled=task.cancelled, **kwargs)

        def call():
            try:
                value = run()
            except Cancelled as exc:
                self._done.emit(task.id, exc)
                return
            except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, never lost
                details = traceback.format_exc() + getattr(exc, "remote_details", "")
                self._done.emit(task.id, TaskError(exc, details, self.title))
                return
            self._done.emit(task.id, _Ok(value))

        self._future = (waiters() if task.in_process else executor()).submit(call)
        self.started.emit(label or self.title)
        return task.id

    def cancel(self, emit: bool = True) -> None:
        """Ask the running task to stop; its late result is dropped. Returns at once."""
        task, self._task = self._task, None
        if task is not None:
            task.event.set()
            if task.in_process:
                procpool.cancel(task.id)
            if emit:
                self.cancelled.emit()
                self.finished.emit()

    def is_running(self) -> bool:
        return self._task is not None

    def wait(self, timeout: float | None = None) -> None:
        """Block until the last submitted call returned (for tests and shutdown)."""
        if self._future is not None:
            try:
                self._future.result(timeout)
            except Exception:  # noqa: BLE001 - the call itself never raises; timeouts are fine here
                pass

    # -- GUI thread -------------------------------------------------------------------------
    @Slot(int, float, str)
    def _on_progress(self, task_id: int, fraction: float, text: str) -> None:
        if self._task is not None and task_id == self._task.id:
            self.progressChanged.emit(fraction, text)

    @Slot(int, object)
    def _on_done(self, task_id: int, outcome: object) -> None:
        if self._task is None or task_id != self._task.id:
            return  # a cancelled or superseded run: its outcome no longer matters
        self._task = None
        if isinstance(outcome, _Ok):
            gcpause.settle()  # the result is long-lived: full collections skip it (desktop.gcpause)
            self.resultReady.emit(outcome.value)
        elif isinstance(outcome, Cancelled):
            self.cancelled.emit()
        else:
            self.errorOccurred.emit(outcome)
        self.finished.emit()


class _Ok:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value
