"""The C allocator, where it can be told (glibc: Linux): large arrays are handed back when freed.

glibc's ``malloc`` maps blocks of 128 KB and more on their own, but raises that threshold to the size of each
such block freed, up to 32 MB ("dynamic mmap threshold", ``man mallopt``). After the first large frame is
freed, the arrays of a million incidents (8 MB a column) come from the heap, whose freed parts glibc keeps: a
national ``wijkbeeld analyse`` peaked at 1.47-1.57 GB where 1.19 GB is in use at most. :func:`steady` fixes the
threshold at 1 MB, so that arrays larger than that are returned to the system as they are freed. Measured side by
side (old and new code alternating): the national ``analyse`` 13.7-15.4 s and 1.53-1.57 GB became 10.9-11.5 s and
1.21-1.26 GB (less time in the kernel); ``trends`` alone 7.1-7.7 s and 1.1 GB became 7.8-8.0 s and 0.92 GB (a
fresh mapping's pages are faulted in anew). :func:`give_back` returns the freed heap at once (after a cancelled
or failed task in the window's worker).

Elsewhere (Windows, macOS, musl) both do nothing: those allocators return large blocks themselves.
"""
from __future__ import annotations

import gc
import sys

#: ``mallopt`` parameter numbers (glibc's malloc.h).
_M_MMAP_THRESHOLD = -3
#: Blocks from this size on are mapped on their own and given back when freed (glibc's default is 128 KB,
#: sliding up to 32 MB; fixed, it no longer slides).
MMAP_THRESHOLD = 1 << 20


def _libc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "mallopt") else None
    except (OSError, AttributeError):  # not glibc
        return None


def steady() -> bool:
    """Fix glibc's mmap threshold at :data:`MMAP_THRESHOLD` for this process; True where it was set."""
    libc = _libc()
    return bool(libc is not None and libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))


def give_back() -> None:
    """Collect garbage and return the freed heap to the system (glibc ``malloc_trim``)."""
    gc.collect()
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)
