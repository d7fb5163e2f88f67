"""Subcommands of ``wijkbeeld``, one module each.

A command module defines ``add_parser(subparsers)``, which adds its parser and
sets ``func=run``, and ``run(args) -> int``. Heavy imports (geopandas, Qt)
happen inside ``run`` so that ``wijkbeeld --help`` stays fast and the
non-GUI commands never load Qt.
"""
from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from types import ModuleType
from typing import Any, Iterator

#: Order in ``wijkbeeld --help``. A module that does not exist (yet) is left out.
COMMAND_MODULES = ["gui", "inspect", "hotspots", "hottimes", "trends", "analyse", "inzet"]


def iter_commands() -> Iterator[ModuleType]:
    for name in COMMAND_MODULES:
        full = f"{__name__}.{name}"
        if importlib.util.find_spec(full) is not None:
            yield importlib.import_module(full)


def _default(obj: Any):
    """JSON for numpy/pandas values: numbers stay numbers, NaN becomes null."""
    import math

    import numpy as np
    import pandas as pd

    if isinstance(obj, np.generic):
        obj = obj.item()
        if isinstance(obj, float) and math.isnan(obj):
            return None
        return obj
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, (pd.Timestamp, pd.Period)):
        return str(obj)
    if obj is pd.NaT or obj is pd.NA:
        return None
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    return str(obj)


def _clean(obj: Any) -> Any:
    """Replace float NaN/inf (which JSON cannot hold) by None, recursively."""
    import math

    if isinstance(obj, float):
        return None if math.isnan(obj) or math.isinf(obj) else obj
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    return obj


def to_json(obj: Any) -> str:
    """Strict JSON (no NaN) of a result dict, with numpy and pandas values converted."""
    return json.dumps(_clean(json.loads(json.dumps(obj, default=_default, allow_nan=True))),
                      ensure_ascii=False, indent=2, allow_nan=False)


def emit_json(obj: Any) -> None:
    sys.stdout.write(to_json(obj) + "\n")
