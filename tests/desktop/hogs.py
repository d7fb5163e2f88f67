"""Stand-ins for long work in the worker process (no Qt here: the worker imports this module).

``hog`` holds ``MB`` megabytes and reports progress (so it answers its cancel flag at once); ``deaf``
holds as much and never reports, as a long C call does: only ending its process stops it.
"""
from __future__ import annotations

import os
import time

import numpy as np

MB = 400


def hog(*args, progress=None, cancelled=None, **kwargs):
    block = np.ones(MB * 1024 * 1024 // 8)
    for i in range(6000):  # at most a minute
        progress(i / 6000, "bezig")
        time.sleep(0.01)
    return float(block[0]) + os.getpid()


def deaf(*args, progress=None, cancelled=None, **kwargs):
    block = np.ones(MB * 1024 * 1024 // 8)
    time.sleep(60)
    return float(block[0])
