"""Date parsing with numpy: ``15-06-2016 23:31`` a million times without a Python loop.

Exports from registration systems write dates zero-padded in one fixed format.
For such a format (only ``%d %m %Y %y %H %M %S`` and literal characters) every
value has the same length, so the digits sit at known positions: the column is
turned into a matrix of character codes and the fields are computed by array
arithmetic, then checked (month 1-12, day within the month, hour < 24, ...).
Values that do not fit (another length, a letter, 31 February) come back as
NaT with ``ok == False`` so the caller can try them another way.
:func:`parse_loose` does the same for dates without zero padding, as Excel
writes them (``5-6-2016 9:05``, ``6/15/2016 11:31:00 PM``): the runs of digits
are the fields, and the separators between them are checked.

>>> v = np.array(["15-06-2016 23:31", "31-02-2016 10:00", "1-6-2016 9:05"], dtype=object)
>>> parsed, ok = parse_fixed(v, "%d-%m-%Y %H:%M")
>>> parsed[0], ok.tolist()
(np.datetime64('2016-06-15T23:31:00'), [True, False, False])
"""
from __future__ import annotations

import numpy as np

POW10 = 10 ** np.arange(10, dtype=np.int64)
#: Rows per block: the character matrices of one block stay a few tens of MB.
CHUNK = 1 << 17
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
    """Parse ``values`` with a fixed-width ``fmt``, in chunks of :data:`CHUNK` rows; see :func:`_fixed`."""
    if len(values) <= CHUNK:
        return _fixed(values, fmt)
    out = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[s]")
    ok = np.zeros(len(values), dtype=bool)
    for i in range(0, len(values), CHUNK):
        out[i:i + CHUNK], ok[i:i + CHUNK] = _fixed(values[i:i + CHUNK], fmt)
    return out, ok


def _fixed(values: np.ndarray, fmt: str) -> tuple[np.ndarray, np.ndarray]:
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
    return _calendar(year, month, day, hour, minute, second, ok), ok


def _calendar(year, month, day, hour, minute, second, ok):
    """datetime64[s] from field arrays where ``ok`` and the date exists (``ok`` is narrowed in place)."""
    n = len(year)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (hour < 24) & (minute < 60) & (second < 60)
    ok &= (year >= 1800) & (year <= 2200)
    y, m = np.where(ok, year, 2000), np.where(ok, month, 1)
    first = (y - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (m - 1).astype("timedelta64[M]")
    days_in_month = ((first + np.timedelta64(1, "M")).astype("datetime64[D]")
                     - first.astype("datetime64[D]")).astype(np.int64)
    ok &= day <= days_in_month
    stamp = (first.astype("datetime64[D]") + (np.where(ok, day, 1) - 1).astype("timedelta64[D]")).astype(
        "datetime64[s]") + (hour * 3600 + minute * 60 + second).astype("timedelta64[s]")
    out[ok] = stamp[ok]
    return out


def describe(fmt: str) -> tuple[str, str, int, bool] | None:
    """(order, date separator, number of fields, 12-hour clock) of a date format; None when not numeric.

    >>> describe("%m/%d/%Y %I:%M:%S %p"), describe("%d-%m-%Y %H:%M"), describe("%Y-%m-%dT%H:%M:%S")
    (('month', '/', 6, True), ('day', '-', 5, False), ('iso', '-', 6, False))
    """
    tokens = [t for t in ("%d", "%m", "%Y", "%y") if t in fmt]
    if len(tokens) != 3 or "%b" in fmt or "%B" in fmt:
        return None
    first = min(tokens, key=fmt.index)
    order = {"%d": "day", "%m": "month", "%Y": "iso", "%y": "iso"}[first]
    sep = fmt[fmt.index(first) + 2]
    n = 3 + sum(t in fmt for t in ("%H", "%I", "%M", "%S"))
    return order, sep, n, "%p" in fmt


def parse_loose(values: np.ndarray, order: str, sep: str, n_fields: int, twelve: bool,
                max_width: int = 32) -> tuple[np.ndarray, np.ndarray]:
    """Dates without zero padding, in chunks of :data:`CHUNK` rows (so memory stays bounded); see :func:`_loose`."""
    if len(values) <= CHUNK:
        return _loose(values, order, sep, n_fields, twelve, max_width)
    out = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[s]")
    ok = np.zeros(len(values), dtype=bool)
    for i in range(0, len(values), CHUNK):
        out[i:i + CHUNK], ok[i:i + CHUNK] = _loose(values[i:i + CHUNK], order, sep, n_fields, twelve, max_width)
    return out, ok


def _loose(values: np.ndarray, order: str, sep: str, n_fields: int, twelve: bool,
           max_width: int = 32) -> tuple[np.ndarray, np.ndarray]:
    """Dates without zero padding (``5-6-2016 9:05``, ``6/15/2016 11:31:00 PM``) by array arithmetic.

    Digits runs are the fields: date (in ``order``), then hour, minute, second. The
    separators must be ``sep`` inside the date, a space (or ``T``) before the time and
    ``:`` inside it; with ``twelve`` an ``AM``/``PM`` must follow. Everything else is not ok.
    """
    n = len(values)
    nat = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    try:
        text = np.asarray(values, dtype="S")
    except (UnicodeEncodeError, ValueError, TypeError):
        return nat, np.zeros(n, dtype=bool)
    width = text.dtype.itemsize
    if width > max_width or n == 0:
        return nat, np.zeros(n, dtype=bool)
    codes = np.zeros((n, width + 1), dtype=np.uint8)  # one spare zero column ends the last field
    codes[:, :width] = text.view(np.uint8).reshape(n, width)
    max_width = width
    ok = np.ones(n, dtype=bool)
    digit = (codes >= 48) & (codes <= 57)
    start = digit.copy()
    start[:, 1:] &= ~digit[:, :-1]
    fid = np.cumsum(start, axis=1, dtype=np.int8) - 1
    ok &= start.sum(axis=1) == n_fields
    # digits left in the same run, counted from the right: the power of ten of each digit
    rev = digit[:, ::-1].astype(np.int16)
    c = np.cumsum(rev, axis=1, dtype=np.int16)
    run = c - np.maximum.accumulate(np.where(rev == 0, c, 0).astype(np.int16), axis=1)
    power = run[:, ::-1][digit] - 1
    value = (codes[digit] - np.uint8(48)).astype(np.int64) * POW10[np.minimum(power, 9)]
    slot = np.repeat(np.arange(n, dtype=np.int64) * n_fields, digit.sum(axis=1)) + \
        np.clip(fid[digit], 0, n_fields - 1)
    fields = np.bincount(slot, weights=value, minlength=n * n_fields).astype(np.int64).reshape(n, n_fields)
    widths = np.bincount(slot, minlength=n * n_fields).reshape(n, n_fields)
    rows = np.arange(n)
    # the separator before each field
    starts = np.where(start, np.arange(max_width + 1), max_width + 1)
    starts.sort(axis=1)
    before = np.empty((n, n_fields), dtype=np.uint8)
    for k in range(1, n_fields):
        pos = np.clip(starts[:, k] - 1, 0, max_width)
        before[:, k] = codes[rows, pos]
    ok &= (before[:, 1] == ord(sep)) & (before[:, 2] == ord(sep))
    if n_fields > 3:
        ok &= (before[:, 3] == ord(" ")) | (before[:, 3] == ord("T"))
        for k in range(4, n_fields):
            ok &= before[:, k] == ord(":")
    upper = codes & 0xDF
    letters = (upper >= 65) & (upper <= 90)
    pm = (upper == ord("P")).any(axis=1)
    am = (upper == ord("A")).any(axis=1)
    if twelve:
        ok &= (pm ^ am) & (letters.sum(axis=1) == 2) & (upper == ord("M")).any(axis=1)
    else:
        ok &= ~letters.any(axis=1) | ((letters.sum(axis=1) == 1) & (upper == ord("T")).any(axis=1))
    allowed = digit | letters | (codes == 0) | (codes == ord(sep)) | (codes == ord(" ")) | (codes == ord(":"))
    ok &= allowed.all(axis=1)
    pos = {"day": (0, 1, 2), "month": (1, 0, 2), "iso": (2, 1, 0)}[order]
    day, month, year = fields[:, pos[0]], fields[:, pos[1]], fields[:, pos[2]]
    ok &= (widths[:, pos[0]] <= 2) & (widths[:, pos[1]] <= 2) & np.isin(widths[:, pos[2]], (2, 4))
    year = np.where(widths[:, pos[2]] == 2, np.where(year < 69, 2000, 1900) + year, year)
    zeros = np.zeros(n, dtype=np.int64)
    hour = fields[:, 3] if n_fields > 3 else zeros
    minute = fields[:, 4] if n_fields > 4 else zeros
    second = fields[:, 5] if n_fields > 5 else zeros
    if n_fields > 3:
        ok &= (widths[:, 3] <= 2) & (widths[:, 4] == 2) & ((widths[:, 5] == 2) if n_fields > 5 else True)
    if twelve:
        ok &= (hour >= 1) & (hour <= 12)
        hour = np.where(pm & (hour < 12), hour + 12, np.where(am & (hour == 12), 0, hour))
    return _calendar(year, month, day, hour, minute, second, ok), ok
