"""A guard against a reference-counting bug of PySide6 6.12 on Python 3.11.

On Python 3.11, PySide6 6.12.0 drops one reference to ``True`` at every
``Signal.emit()`` and one to ``None`` whenever ``None`` travels through a
QVariant (an item model's ``data()`` returning None, ``QComboBox.currentData()``
of an item without data). Reproduce with::

    o.s.emit()  # 100 times: sys.getrefcount(True) falls by 100

After enough emits the interpreter frees ``True`` itself and aborts
("bool_dealloc: deallocating True or False"), typically at exit or after a long
session. Python 3.12 made these singletons immortal, so the bug is harmless
there; :func:`guard_singletons` does the same on older versions by adding a very
large number to their reference counts (they are static objects that are never
freed anyway). Call it once before Qt starts.
"""
from __future__ import annotations

import ctypes
import sys

_BOOST = 1 << 40
_done = False


def guard_singletons() -> bool:
    """Make ``None``, ``True`` and ``False`` effectively immortal on Python < 3.12; True if applied."""
    global _done
    if _done or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    for obj in (None, True, False, Ellipsis, NotImplemented):
        ctypes.c_ssize_t.from_address(id(obj)).value += _BOOST
    _done = True
    return True
