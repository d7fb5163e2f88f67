"""Fixed-width date parsing with numpy: ``15-06-2016 23:31`` a million times without a Python loop.

Exports from registration systems write dates zero-padded in one fixed format.
For such a format (only ``%d %m %Y %y %H %M %S`` and literal characters) every
value has the same length, so the digits sit at known positions: the column is
turned into a matrix of character codes and the fields are computed by array
arithmetic, then checked (month 1-12, day within the month, hour < 24, ...).
Values that do not fit (another length, a letter, 31 February) come back as
NaT with ``ok == False`` so the caller can try them another way.

>>> v = np.array(["15-06-2016 23:31", "31-02-2016 10:00", "1-6-2016 9:05"], dtype=object)
>>> parsed, ok = parse_fixed(v, "%d-%m-%Y %H:%M")
>>> parsed[0], ok.tolist()
(np.datetime64('2016-06-15T23:31:00'), [True, False, False])
"""
from __future__ import annotations

import numpy as np

WIDTH = {"%d": 2, "%m": 2, "%Y": 4, "%y": 2, "%H": 2, "%M": 2, "%S": 2}


def layout(fmt: str) -> list[tuple[str, int]] | None:
    """The format as a list of (token, position); None when it has a token we do not handle here."""
    out, pos, i = [], 0, 0
    while i < len(fmt):
        if fmt[i] == "%":
            token = fmt[i:i + 2]
            if token not in WIDTH:
                return None
            out.append((token, pos))
            pos += WIDTH[token]
            i += 2
        else:
            out.append((fmt[i], pos))
            pos += 1
            i += 1
    return out


def width(fmt: str) -> int | None:
    lay = layout(fmt)
    if lay is None:
        return None
    token, pos = lay[-1]
    return pos + WIDTH.get(token, 1)


def parse_fixed(values: np.ndarray, fmt: str) -> tuple[np.ndarray, np.ndarray]:
    """Parse ``values`` (object array of str, NaN allowed) with a fixed-width ``fmt``.

    Returns ``(datetime64[s] array, ok mask)``; rows with ``ok == False`` are NaT.
    """
    n = len(values)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    lay = layout(fmt)
    w = width(fmt)
    if lay is None or n == 0:
        return out, np.zeros(n, dtype=bool)
    try:  # bytes (1 per character) when the column is ASCII, as dates are; else 4-byte characters
        text = np.asarray(values, dtype=f"S{w + 1}")
        codes = text.view(np.uint8).reshape(n, w + 1)
    except (UnicodeEncodeError, ValueError, TypeError):
        try:
            text = np.asarray(values, dtype=f"U{w + 1}")  # one spare character shows a value that is too long
        except (ValueError, TypeError):
            return out, np.zeros(n, dtype=bool)
        codes = text.view(np.uint32).reshape(n, w + 1)
    ok = codes[:, w] == 0  # not longer than the format
    digit_pos = np.zeros(w, dtype=bool)
    literal = np.zeros(w, dtype=codes.dtype)
    for token, pos in lay:
        if token in WIDTH:
            digit_pos[pos:pos + WIDTH[token]] = True
        else:
            literal[pos] = ord(token)
    digits = codes[:, :w] - codes.dtype.type(48)  # wraps around below '0', so '<= 9' tests for a digit
    ok &= (digits[:, digit_pos] <= 9).all(axis=1)
    ok &= (codes[:, :w][:, ~digit_pos] == literal[~digit_pos]).all(axis=1)
    fields: dict[str, np.ndarray] = {}
    for token, pos in lay:
        if token in WIDTH:
            k = WIDTH[token]
            value = np.zeros(n, dtype=np.int64)
            for j in range(pos, pos + k):
                value *= 10
                value += digits[:, j]
            fields[token] = value
    if "%Y" in fields:
        year = fields["%Y"]
    elif "%y" in fields:
        year = np.where(fields["%y"] < 69, 2000, 1900) + fields["%y"]  # as Python's strptime
    else:
        return out, np.zeros(n, dtype=bool)
    month = fields.get("%m", np.ones(n, dtype=np.int64))
    day = fields.get("%d", np.ones(n, dtype=np.int64))
    hour = fields.get("%H", np.zeros(n, dtype=np.int64))
    minute = fields.get("%M", np.zeros(n, dtype=np.int64))
    second = fields.get("%S", np.zeros(n, dtype=np.int64))
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (hour < 24) & (minute < 60) & (second < 60)
    ok &= (year >= 1800) & (year <= 2200)
    y, m = np.where(ok, year, 2000), np.where(ok, month, 1)
    first = (y - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (m - 1).astype("timedelta64[M]")
    next_month = first + np.timedelta64(1, "M")
    days_in_month = (next_month.astype("datetime64[D]") - first.astype("datetime64[D]")).astype(np.int64)
    ok &= day <= days_in_month
    stamp = (first.astype("datetime64[D]") + (np.where(ok, day, 1) - 1).astype("timedelta64[D]")).astype(
        "datetime64[s]") + (hour * 3600 + minute * 60 + second).astype("timedelta64[s]")
    out[ok] = stamp[ok]
    return out, ok
