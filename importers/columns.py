"""Column names and types that survive a project file: what every reader does last.

A project is a GeoPackage (:mod:`importers.project`), and a GeoPackage is SQLite:
column names are compared without regard to case, ``fid`` is the feature id and
``geom`` the geometry, so a table holding ``WATER`` beside Wijkbeeld's own
``water`` (the CBS 2017 buurten) cannot be written at all. And only a few types
are stored as they are: text, integers, floats, booleans and datetimes.

:func:`storable` therefore gives every column a reader passes on from the file

* a **name** the GeoPackage can hold: a name equal to an earlier one apart from
  case, or to ``fid``/``geom``/``geometry``, gets ``_bron`` (``WATER`` ->
  ``WATER_bron``); the mapping is written into the report
  (``report.extra["renamed_columns"]``, new name -> name in the file) and said in an
  assumption, so the original name is known wherever the report goes (it is saved
  in the project beside the data);
* a **type** the GeoPackage keeps: mixed Python objects (an Excel column with
  numbers and text) become text, times of day (``datetime.time``) and durations
  text ``HH:MM:SS``, categories text, unsigned 64-bit integers floats.

>>> import pandas as pd
>>> from importers.report import ImportReport
>>> r = ImportReport(path="buurt2017.zip")
>>> frame = pd.DataFrame({"code": ["A"], "water": [False], "WATER": ["NEE"], "fid": [7], "FID_2": [1]})
>>> list(storable(frame, r, ours=("code", "water")).columns)
['code', 'water', 'WATER_bron', 'fid_bron', 'FID_2']
>>> r.extra["renamed_columns"]
{'WATER_bron': 'WATER', 'fid_bron': 'fid'}
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from importers.report import ImportReport

__all__ = ["storable", "RESERVED", "SUFFIX"]

#: Names a GeoPackage layer keeps for itself (compared case-insensitively).
RESERVED = ("fid", "geom", "geometry")
#: What a renamed column gets added to its name.
SUFFIX = "_bron"


def _free_name(name: str, taken: set[str]) -> str:
    base = f"{name}{SUFFIX}"
    new, i = base, 2
    while new.casefold() in taken or new.casefold() in RESERVED:
        new, i = f"{base}{i}", i + 1
    return new


def _as_text(values: pd.Series) -> pd.Series:
    """Python objects as text (None stays missing): times as ``HH:MM:SS``, whole floats without ``.0``."""
    def text(v):
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT or v is pd.NA:
            return None
        if isinstance(v, dt.time):
            return v.isoformat()
        if isinstance(v, (dt.timedelta, pd.Timedelta)):
            seconds = int(pd.Timedelta(v).total_seconds())
            return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)
    return pd.Series([text(v) for v in values.to_numpy(dtype=object)], index=values.index, dtype="str")


def _storable_values(values: pd.Series) -> pd.Series | None:
    """The column in a type a GeoPackage keeps, or None when it already is one."""
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return values.astype("str")
    if pd.api.types.is_timedelta64_dtype(dtype):
        return _as_text(values)
    if dtype == np.uint64:
        return values.astype(float)
    if dtype != object:
        return None
    filled = values.dropna()
    if filled.empty:
        return values.astype("str")
    kinds = {type(v) for v in filled.to_numpy(dtype=object)}
    if kinds <= {str}:
        return values.astype("str")
    if kinds <= {bool, np.bool_}:
        return values.astype("boolean")
    if kinds <= {dt.datetime, pd.Timestamp} and not any(getattr(v, "tzinfo", None) for v in filled):
        return pd.to_datetime(values).astype("datetime64[ns]")
    return _as_text(values)


def storable(frame: pd.DataFrame, report: ImportReport, ours=()) -> pd.DataFrame:
    """``frame`` with the names and types of the columns not in ``ours`` made storable (module docstring).

    Wijkbeeld's own columns (``ours``, and the geometry) keep their name; the file's columns
    after them are renamed where needed, in their order. The renames are written into
    ``report.extra["renamed_columns"]`` and an assumption.
    """
    import geopandas as gpd

    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    keep = {c for c in ours if c in frame.columns} | ({geometry} if geometry else set())
    taken = {str(c).casefold() for c in keep}
    renamed: dict[str, str] = {}
    names = []
    for col in frame.columns:
        name = str(col)
        if col not in keep:
            if name.casefold() in taken or name.casefold() in RESERVED:
                new = _free_name(name, taken)
                renamed[new] = name
                name = new
            taken.add(name.casefold())
        names.append(name)
    out = frame.copy() if renamed else frame
    if renamed:
        out.columns = names
        report.extra.setdefault("renamed_columns", {}).update(renamed)
        report.assume("Kolom(men) hernoemd omdat een projectbestand (GeoPackage) geen hoofdletterverschil kent en "
                      "fid/geom zelf gebruikt: " + ", ".join(f"'{old}' heet '{new}'" for new, old in renamed.items())
                      + ".")
    for name in names:
        if name in keep:
            continue
        fixed = _storable_values(out[name])
        if fixed is not None:
            if out is frame:
                out = frame.copy()
            out[name] = fixed
    return out
