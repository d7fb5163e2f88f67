"""Heavy work in a separate process, so that it never holds the GUI's GIL (no Qt here).

Why a process: while the hot-spot engine works on 200,000 incidents, some of
its calls (pandas hashing of strings, numpy/pandas conversions, the first
import of a module) hold the GIL for 50-100 ms at a time. A worker *thread*
then stops the GUI thread just as long, whatever ``sys.setswitchinterval``
says: the switch interval only asks the running thread to let go between
bytecodes, and a long C call has none. A process has its own GIL.

One warm worker process (the ``spawn`` context: the same on Linux, macOS and
the Windows laptops of municipalities, and safe with Qt's threads in the
parent) is kept for the session: the :data:`WORK` lane. Saving (Opslaan,
autosave, the demo cache) has a lane of its own (:data:`BACKGROUND`, a
second process started on first use): writing a national project takes
some 20 s, and in one process every switch of level or period the user
made meanwhile waited for it. The work lane keeps the large frames it was
sent (:data:`desktop.packing.RESIDENT_KEEP`). Progress comes back through a queue;
cancelling sets a flag in shared memory that the task's ``cancelled()``
reads, so the core stops at its next progress call, as in a thread. A task
that does not answer its flag within :data:`GRACE_S` (a long C call, a
reader that never reports) has its process ended and a fresh one started:
cancel cancels, and the memory the task held goes back to the system. A
cancelled or failed task also gives its freed memory back (``malloc_trim``),
and the worker ends itself when the window's process is gone.

:class:`desktop.workers.Runner` uses this for large inputs (see
:data:`PROCESS_ROWS`; small ones stay in a thread, where starting a process
would cost more than it saves) and, with ``process="always"``, for background
work of any size that should never compete with the window for the GIL
(autosave, the demo cache).
"""
from __future__ import annotations

import collections
import itertools
import multiprocessing
import os
import pickle
import threading
import time
import traceback
import weakref
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from typing import Any, Callable

from desktop import packing
from desktop.packing import _Packed, _Resident, _Missing, frames_in, pack_nested, rows, unpack_nested
from desktop.throttle import Throttle
from kernel import allocator
from kernel.errors import Cancelled

#: Inputs with at least this many rows go to the worker process.
PROCESS_ROWS = 50_000
#: Areas (a frame with a geometry column) from this many rows on go there too, whatever the incidents: the
#: weights and the web map of thousands of polygons hold the GIL for long stretches (the national buurten with
#: the incidents of 2016 alone stalled the window 0.5 s in a thread, benchmarks/bench_national_stall.py).
PROCESS_AREAS = 5_000
#: A project file at least this large is opened in the worker process (reading it holds the GIL in pieces;
#: 20,000 incidents make some 2.6 MB).
PROCESS_BYTES = 2_000_000
#: Modules the worker imports as soon as it starts (while the user is still looking at the data); matplotlib
#: gives the colour ramps of a map's count and rate layers (mapping.classify.palette: the first map of up to
#: mapping.webmap.EXTRA_LAYERS_MAX areas, such as the benchmarks' national wijken, waited 0.1-0.15 s for it).
WARM_MODULES = ("desktop.tasks", "hotspots.where.hotspots", "hotspots.when.hottimes", "mapping.webmap", "matplotlib")

#: The lanes: each is one worker process, and a task waits only behind the tasks of its own lane.
WORK, BACKGROUND = "work", "background"
#: Modules the background lane imports as it starts (it writes and reads project files).
BACKGROUND_MODULES = ("importers.project",)

#: Seconds a cancelled task may take to answer its flag before its worker process is ended.
GRACE_S = 2.0

_SLOTS = 1 << 16  # cancel flags, indexed by task id modulo this

_pools: dict[str, "_Lane"] = {}
_routes: dict[int, Callable[[float, str], None]] = {}
_lock = threading.Lock()
_flushed: dict[int, threading.Event] = {}
_running: dict[int, Future] = {}  # task id -> its future, while it runs (or waits) in the worker process
_lanes: dict[int, str] = {}  # task id -> its lane, while it runs (or waits)
_given_up: set[int] = set()  # cancelled tasks whose process was ended because they did not stop
_asked: set[int] = set()  # tasks the user (or a newer start) asked to stop, while they run or wait
_generation = 0  # counts the worker processes ended on purpose (a task that was waiting behind one reruns)


def deep_rows(value: Any) -> int:
    """:func:`rows`, or for an object holding frames (a project) the rows of its largest frame."""
    return max([rows(f) for f in frames_in(value)] + [0])


def _area_rows(value: Any) -> int:
    """The rows of the largest frame with a geometry column (areas) in ``value``, else 0."""
    return max([rows(f) for f in frames_in(value) if "geometry" in getattr(f, "columns", ())] + [0])


def wants_process(args, kwargs) -> bool:
    """Whether a task with these arguments goes to the worker process: a frame of :data:`PROCESS_ROWS` rows or
    areas of :data:`PROCESS_AREAS`, also inside an argument (a project: its sources, its divisions' areas; until
    this looked only at an object's own attributes, a project built for a theme ran in a thread of the window)."""
    values = [*args, *kwargs.values()]
    return max([deep_rows(v) for v in values] + [0]) >= PROCESS_ROWS or \
        max([_area_rows(v) for v in values] + [0]) >= PROCESS_AREAS


# -- in the worker process ---------------------------------------------------------------------
_child_queue = None
_child_flags = None
_child_trims = False  # whether this worker gives its memory back after every task (the background lane)


def _init(queue, flags, modules, trims: bool = False) -> None:
    global _child_queue, _child_flags, _child_trims
    _child_queue, _child_flags, _child_trims = queue, flags, trims
    packing.IN_WORKER = True
    import importlib

    allocator.steady()  # as in the window's process (kernel.allocator)

    parent = os.getppid()
    threading.Thread(target=_orphan_watch, args=(parent,), name="wijkbeeld-ouder", daemon=True).start()

    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:  # a missing core part is reported by the task itself
            pass


def _orphan_watch(parent: int) -> None:
    """End this worker when the window's process is gone (killed, crashed): no orphan stays behind."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(0)


def _warm() -> bool:
    return True


def _run(task_id: int, fn, args, kwargs):
    slot = task_id % _SLOTS
    throttle = Throttle(lambda fraction, text: _child_queue.put((task_id, fraction, text)))

    def cancelled() -> bool:
        return bool(_child_flags[slot])

    def progress(fraction: float, text: str = "") -> None:
        if cancelled():
            raise Cancelled()
        throttle(fraction, text)

    packing.task_keys.clear()  # (filled by unpacking the inputs: a result may point into those)
    try:
        args = [unpack_nested(a) for a in args]
        kwargs = {k: unpack_nested(v) for k, v in kwargs.items()}
        out = pack_nested(fn(*args, progress=progress, cancelled=cancelled, **kwargs))
        if _child_trims:  # a save's copy of the project: back to the system once the answer has gone
            args = kwargs = None
            timer = threading.Timer(0.5, allocator.give_back)
            timer.daemon = True
            timer.start()
        return "ok", out, ""
    except Cancelled:
        args = kwargs = None
        allocator.give_back()
        return "cancelled", None, ""
    except _Missing:
        return "missing", None, ""
    except BaseException as exc:  # noqa: BLE001 - sent back to the GUI, never lost
        details = traceback.format_exc()
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:  # noqa: BLE001 - an exception that cannot travel goes as its text
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
        args = kwargs = None
        allocator.give_back()
        return "error", exc, details


# -- in the GUI process ------------------------------------------------------------------------
def _pump(queue) -> None:
    while True:
        item = queue.get()
        if item is None:
            return
        if item[0] == "flush":
            _flushed.pop(item[1], threading.Event()).set()
            continue
        task_id, fraction, text = item
        route = _routes.get(task_id)
        if route is not None:
            route(fraction, text)


class _Lane:
    """One lane's worker process with its own progress queue and cancel flags (a process ended while it
    wrote to a queue may leave that queue's lock taken: the other lane's queue is not touched)."""

    def __init__(self, modules, keeps: bool = True):
        self.keeps = keeps  # whether the process keeps large frames (the work lane; a save's copy is let go)
        ctx = multiprocessing.get_context("spawn")
        self.queue = ctx.SimpleQueue()
        self.flags = ctx.RawArray("b", _SLOTS)
        self.executor = ProcessPoolExecutor(max_workers=1, mp_context=ctx, initializer=_init,
                                            initargs=(self.queue, self.flags, modules, modules != WARM_MODULES))
        threading.Thread(target=_pump, args=(self.queue,), name="wijkbeeld-voortgang", daemon=True).start()
        #: The frames this lane's process keeps, as it keeps them (oldest first): id of the frame -> (a weak
        #: reference to it, its rows and columns when it was sent, the key it is kept under). Keys are never reused:
        #: a frame that is gone and a new one that got its id can never be taken for each other.
        self.kept: collections.OrderedDict = collections.OrderedDict()
        self._keys = itertools.count(1)
        self._lock = threading.Lock()
        #: key -> (a kept frame, {id of one of its polygons: its row}): which of a frame's polygons it keeps
        #: (:func:`desktop.packing.sharing`)
        self._index: dict = {}

    def send(self, value):
        """``value`` packed for the journey: a large frame this lane's process keeps already goes as its key, also
        inside a project (the window's choice of sources shares the project's frames)."""
        return pack_nested(value, keeper=self.keep if self.keeps else None)

    def keep(self, frame):
        """``frame`` as its key when the process keeps it, else packed to be kept under a new key.

        The tasks of several runners may be sent at once, and the process keeps what it unpacked last: when the
        two disagree, the task reports the key missing and :func:`call` sends everything again."""
        if not _resident_worthy(frame):
            return _Packed(frame)
        sign = (len(frame), tuple(map(str, frame.columns)))
        with self._lock:
            entry = self.kept.get(id(frame))
            if entry is not None and entry[0]() is frame and entry[1] == sign:
                self.kept.move_to_end(id(frame))
                _sent(entry[2], frame)
                return _Resident(entry[2])
            shared = None
            for kept_id, (ref, _, kept_key) in reversed(self.kept.items()):  # its polygons kept there: not sent
                shared = packing.sharing(frame, ref(), kept_key, self._index)
                if shared is not None:
                    _sent(kept_key, ref())  # (what the worker takes them from may give a result its polygons too)
                    self.kept.move_to_end(kept_id)  # as the worker, which reads it first
                    break
            key = next(self._keys)
            self.kept[id(frame)] = (weakref.ref(frame), sign, key)
            _sent(key, frame)
            self.kept.move_to_end(id(frame))
            while len(self.kept) > packing.RESIDENT_KEEP:
                self._index.pop(self.kept.popitem(last=False)[1][2], None)
        if shared is not None:
            shared.keep = key
            return shared
        return _Packed(frame, keep=key)


def _sent(key, frame) -> None:
    """Note a kept frame sent with the task of this thread (:func:`call`): a result's areas may take its polygons."""
    frames = getattr(packing.sending, "frames", None)
    if frames is not None:
        frames[key] = frame


def _resident_worthy(value) -> bool:
    """A frame large enough to keep in the worker (the sizes that send work there)."""
    n = rows(value)
    return n > packing.piece_rows(value) and (n >= PROCESS_ROWS or _area_rows(value) >= PROCESS_AREAS)


def _lane(lane: str = WORK) -> _Lane:
    with _lock:
        if lane not in _pools:
            _pools[lane] = _Lane(WARM_MODULES if lane == WORK else BACKGROUND_MODULES, keeps=lane == WORK)
        return _pools[lane]


def pool(lane: str = WORK) -> ProcessPoolExecutor:
    """The session's worker process of ``lane`` (started on first use, warm afterwards)."""
    return _lane(lane).executor


def warm_up(executor=None, lane: str = WORK) -> None:
    """Start the worker process now (its imports run in parallel with whatever the GUI does).

    With ``executor`` (a thread pool) the start itself happens in one of its threads: starting a
    process and its pipes takes the calling thread some 50-100 ms.
    """
    if executor is not None:
        executor.submit(warm_up, lane=lane)
        return
    pool(lane).submit(_warm)


def call(task_id: int, fn, args, kwargs, on_progress: Callable[[float, str], None], lane: str = WORK):
    """Run ``fn`` in the worker process of ``lane`` and wait (call this from a thread, never the GUI thread).

    Returns the value; raises :class:`Cancelled` or the task's exception (with ``remote_details``).
    """
    plain = args, kwargs
    packing.sending.paths = spilled = []
    packing.sending.frames = {}  # the kept frames sent, by key: a result's areas may take their polygons from them
    _routes[task_id] = on_progress
    _lanes[task_id] = lane
    status = None
    try:
        for attempt in (1, 2):
            here, generation = _lane(lane), _generation
            executor, queue = here.executor, here.queue
            here.flags[task_id % _SLOTS] = 0
            if task_id in _asked:  # cancelled before its thread was free: it must not run (a cancel from now on
                raise Cancelled()  # sets the flag again, which the process reads)
            # in this (worker) thread, in short pieces (also a project's frames); kept frames as their key
            args = [here.send(a) for a in plain[0]]
            kwargs = {k: here.send(v) for k, v in plain[1].items()}
            try:
                future = _running[task_id] = executor.submit(_run, task_id, fn, args, kwargs)
                status, value, details = _wait(task_id, future)
                if status == "missing" and attempt == 1:  # a fresh process: everything again, in pieces
                    with here._lock:
                        here.kept.clear()
                        here._index.clear()
                    continue
                break
            except Exception as exc:  # noqa: BLE001 - cancelled, dropped, the process died, or did not pickle
                if task_id in _asked or task_id in _given_up:  # asked to stop (or ended for not stopping)
                    raise Cancelled() from None
                if attempt == 1 and generation != _generation and isinstance(exc, (CancelledError, RuntimeError)):
                    # never asked to stop, but dropped from the queue (CancelledError), refused (RuntimeError) or
                    # broken (BrokenProcessPool) because the process was ended for another task's cancel: run again
                    continue
                if isinstance(exc, CancelledError):  # the pool was shut down (the app ends)
                    raise Cancelled() from None
                if "Broken" in type(exc).__name__:
                    shutdown(lane)
                raise
            finally:
                _running.pop(task_id, None)
        # the task's last progress messages were queued before its result came: let them through first
        done = _flushed[task_id] = threading.Event()
        queue.put(("flush", task_id))
        done.wait(2.0)
    finally:
        packing.sending.paths = None
        if status != "ok":  # (a result needs them while it is unpacked, below)
            packing.sending.frames = None
        for path in spilled:  # read and removed by the worker, unless the task never ran
            packing.remove(path)
        _routes.pop(task_id, None)
        _lanes.pop(task_id, None)
        _given_up.discard(task_id)
        _asked.discard(task_id)
    if status == "cancelled":
        raise Cancelled()
    if status == "error":
        value.remote_details = details
        raise value
    if status == "missing":  # sent whole the second time: cannot happen
        raise RuntimeError("het werkproces mist de gegevens van de taak")
    try:
        return unpack_nested(value)
    finally:
        packing.sending.frames = None


def _wait(task_id: int, future: Future):
    """The task's result; Cancelled as soon as its process was ended for not answering its flag."""
    while True:
        try:
            return future.result(timeout=0.25)
        except TimeoutError:
            if task_id in _given_up:
                raise Cancelled() from None


def cancel(task_id: int) -> None:
    """Ask the task to stop (its flag); a task still waiting is dropped, and one that does not answer
    within :data:`GRACE_S` has its worker process ended (a fresh one is started)."""
    _asked.add(task_id)
    here = _pools.get(_lanes.get(task_id, WORK))
    if here is not None:
        here.flags[task_id % _SLOTS] = 1
    future = _running.get(task_id)
    if future is None or future.cancel():
        return
    timer = threading.Timer(GRACE_S, _end_if_running, args=(task_id, future))
    timer.daemon = True
    timer.start()


def _end_if_running(task_id: int, future: Future) -> None:
    if future.done() or _running.get(task_id) is not future:
        return  # it stopped in time
    global _generation
    lane = _lanes.get(task_id, WORK)
    _given_up.add(task_id)
    with _lock:
        _generation += 1
    shutdown(lane)
    if lane == WORK:
        warm_up()  # the next run finds a warm process


def worker_pids(lane: str = WORK) -> list[int]:
    """The worker process's id of ``lane`` (empty when none runs), for tests and the status of the app."""
    executor = getattr(_pools.get(lane), "executor", None)
    return [p.pid for p in list((getattr(executor, "_processes", None) or {}).values()) if p.is_alive()]


def busy() -> bool:
    """Whether a task runs (or waits) in a worker process."""
    return bool(_running)


def shutdown(lane: str | None = None) -> None:
    """Stop the worker process of ``lane`` (None: every lane; at exit, or after it died)."""
    with _lock:
        lanes = [_pools.pop(name) for name in list(_pools) if lane is None or name == lane]
    for here in lanes:
        processes = list((getattr(here.executor, "_processes", None) or {}).values())  # None once shut down
        here.executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:  # reaped (no zombie), killed when it ignores the request
            process.join(2.0)
            if process.is_alive():
                process.kill()
                process.join(1.0)
        here.queue.put(None)
