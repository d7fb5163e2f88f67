"""Date columns of a CSV read as bytes: no Python string per value (issues 11 and 19, the CSV import's speed).

pandas gives every text field of a CSV its own Python string (in pandas 3 a ``StringDtype`` array of them); for
the two date columns of a million incidents that is 0.4 s of a 0.9 s read, and the date parser only turns them
into bytes again for numpy (:mod:`importers.fastdates`). A column whose header names it the start or the end
(:func:`importers.incidents.read_incidents`) is therefore read as fixed-width bytes (:data:`DTYPE`, pandas' C
reader copies each field straight into the array) and parsed from them (:func:`importers.dates.parse_datetimes`).

What pandas does for text it does not do for bytes, so :func:`exact` does it: a field as wide as the column may be
cut short, and such a column is read again as text (a date is never that long: :data:`WIDTH`); pandas' words
for a missing value (``NA``, ``null``, an empty field) become ``b""``, the one missing value of a bytes column
(:func:`missing`). Every other use of the column sees text (:func:`as_text`): a rejected row's value, an
example in a message, the rare ways of writing a date that are read by pandas (a time zone, month names).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: Bytes per value: one more than the widest date the numpy parsers read (importers.dates.SHORT_DATE_CHARS), so a
#: value that fills it may have been longer (:func:`exact` reads such a column again, as text).
WIDTH = 33
DTYPE = f"S{WIDTH}"
#: pandas' default words for a missing value (``pandas.read_csv``'s ``na_values``), as bytes.
NA_TOKENS = [w.encode() for w in ("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND",
                                  "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null")]


_NA_WIDTH = max(len(w) for w in NA_TOKENS)  # a value with a byte at this place is none of them


def is_bytes(values) -> bool:
    """Whether ``values`` (a Series or an array) is a column read as bytes."""
    return getattr(getattr(values, "dtype", None), "kind", None) == "S"


def missing(series: pd.Series) -> np.ndarray:
    """Where ``series`` has no value: NA, or ``b""`` in a column read as bytes."""
    if is_bytes(series):
        return series.to_numpy() == b""
    return series.isna().to_numpy()


def as_text(series: pd.Series) -> pd.Series:
    """``series`` as pandas' text (NA where it has no value); a column that is not bytes as it is."""
    if not is_bytes(series):
        return series
    return pd.Series(texts(series.to_numpy()), index=series.index, dtype="string")


def texts(values: np.ndarray) -> np.ndarray:
    """Values of a bytes column as Python strings (None where empty): for the few a caller shows or hands on."""
    if not is_bytes(values):
        return values
    return np.array([v.decode("utf-8", "replace") if v else None for v in values.tolist()], dtype=object)


def exact(frame: pd.DataFrame, reread, decimal: str = ".") -> pd.DataFrame:
    """``frame`` with its bytes columns as pandas would have read them otherwise: a column with a value that fills
    its width (perhaps cut short) read again as text, one of numbers (Excel day numbers, ``20170729``) read again
    as pandas reads it (numbers, or text where one is not), each by ``reread(columns, dtype)`` (a frame of those
    columns); pandas' missing words ``b""`` in the others. ``decimal``: the file's decimal sign."""
    wide = [col for col in frame.columns if is_bytes(frame[col]) and _fills_width(frame[col].to_numpy())]
    numeric = [col for col in frame.columns
               if col not in wide and is_bytes(frame[col]) and _numbers(frame[col].to_numpy(), decimal)]
    for cols, dtype in ((wide, str), (numeric, None)):
        if cols:
            again = reread(cols, dtype)
            for col in cols:
                frame[col] = again[col].set_axis(frame.index)
    for col in frame.columns:
        if is_bytes(frame[col]):
            values = frame[col].to_numpy()
            short = values.view(np.uint8).reshape(len(values), -1)[:, _NA_WIDTH] == 0 if len(values) else None
            na = np.zeros(len(values), dtype=bool)
            if short is not None and short.any():  # only a short value can be one of the words
                na[short] = np.isin(values[short], NA_TOKENS)
            if na.any():
                values = values.copy()
                values[na] = b""
                frame[col] = values
    return frame


def _numbers(values: np.ndarray, decimal: str) -> bool:
    """Whether a sample of the bytes ``values`` holds numbers only (then pandas decides for the whole column)."""
    sample = [v for v in values[::max(1, len(values) // 200)].tolist() if v]
    number = re.compile(rb"^\s*[+-]?(\d+%s?\d*|%s\d+)([eE][+-]?\d+)?\s*$" % ((re.escape(decimal.encode()),) * 2))
    return bool(sample) and all(number.match(v) for v in sample)


def _fills_width(values: np.ndarray) -> bool:
    """Whether a value of the bytes ``values`` fills the array's width (its last byte is not padding)."""
    if not len(values) or values.dtype.itemsize == 0:
        return False
    return bool(values.view(np.uint8).reshape(len(values), values.dtype.itemsize)[:, -1].any())


def trimmed(values: np.ndarray) -> np.ndarray | None:
    """The bytes ``values`` as narrow as their widest value (the numpy date parsers want the width of the
    data), None when a value is not ASCII (read as text then). One pass: the bytes of each place or-ed together."""
    if not len(values):
        return values
    seen = np.bitwise_or.reduce(values.view(np.uint8).reshape(len(values), values.dtype.itemsize), axis=0)
    if (seen >= 0x80).any():
        return None
    used = np.flatnonzero(seen)
    width = int(used[-1]) + 1 if len(used) else 1
    return values.astype(f"S{width}") if width < values.dtype.itemsize else values
