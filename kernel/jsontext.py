"""Strict JSON of result dicts: numpy and pandas values converted, NaN and infinity as null.

Used by every ``--json`` of the command line and by ``samenvatting.json`` (one writer, so the
two never format a value differently).

>>> import numpy as np
>>> print(to_json({"z": np.float64(3.1), "p": float("nan"), "codes": np.array(["BU1"])}))
{
  "z": 3.1,
  "p": null,
  "codes": [
    "BU1"
  ]
}
"""
from __future__ import annotations

import json
from typing import Any


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
