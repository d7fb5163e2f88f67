"""``--progress``: each stage of a long command on stderr, with the time since the start, and at the end the
total time and the peak memory (what a regional analyst wants to see during a run of minutes, and what
``benchmarks/bench_end_to_end.py`` reads to time each stage of the real command).

The lines look like ``[   2,4 s | cpu    2,1 s |   812 MB] Kaart schrijven`` (the time since the start, the
processor time this process used, which a busy machine does not stretch, and the peak memory so far) and,
last, ``... Klaar; piekgeheugen 912 MB``.
stdout stays as it was (``--json`` still prints only JSON).
"""
from __future__ import annotations

import argparse
import sys
import time

#: The stderr line of one stage: seconds since the start, processor seconds (decimal commas) and the peak memory so
#: far, then the stage.
LINE = "[{seconds:>7} s | cpu {cpu:>7} s | {peak:>5} MB] {text}"


def add_progress(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--progress", action="store_true",
                        help="toon elke stap met de tijd sinds de start (op stderr), en aan het eind het piekgeheugen")


class StageClock:
    """A ``progress(fraction, text)`` callback that writes each new stage with the time since the start."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.start = time.perf_counter()
        self.cpu = time.process_time()
        self.last: str | None = None

    def __call__(self, fraction: float = 0.0, text: str = "") -> None:
        if text and text != self.last:
            self.last = text
            self._write(text)

    def _write(self, text: str) -> None:
        seconds = f"{time.perf_counter() - self.start:.1f}".replace(".", ",")
        cpu = f"{time.process_time() - self.cpu:.1f}".replace(".", ",")
        peak = peak_memory_mb()
        print(LINE.format(seconds=seconds, cpu=cpu, peak="?" if peak is None else f"{peak:.0f}", text=text),
              file=self.stream, flush=True)

    def done(self) -> None:
        peak = peak_memory_mb()
        self._write("Klaar" + (f"; piekgeheugen {peak:.0f} MB" if peak else ""))


def clock_of(args: argparse.Namespace) -> StageClock | None:
    """The clock when ``--progress`` was given, else None."""
    return StageClock() if getattr(args, "progress", False) else None


def peak_memory_mb() -> float | None:
    """This process's peak resident memory in MB (Linux ``VmHWM``, which a new program starts afresh; else
    ``ru_maxrss``); None where neither is known (Windows)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import resource
    except ImportError:
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 / 1024 if sys.platform == "darwin" else rss / 1024
