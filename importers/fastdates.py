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
import pandas as pd

from importers.bytescols import trimmed

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
    return _chunked(_fixed, values, fmt)


def _chunked(parse, values: np.ndarray, *args) -> tuple[np.ndarray, np.ndarray]:
    """``parse(values, *args)`` block by block of :data:`CHUNK` rows, so memory stays bounded."""
    if len(values) <= CHUNK:
        return parse(values, *args)
    out, ok = _nothing(len(values))
    for i in range(0, len(values), CHUNK):
        out[i:i + CHUNK], ok[i:i + CHUNK] = parse(values[i:i + CHUNK], *args)
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
    if not ok.any():  # no value has this length (cheap exit while formats are ranked)
        return out, ok
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
    if not ok.any():
        return out, ok
    fields: dict[str, np.ndarray] = {}
    for token, pos in lay:
        if token in WIDTH:
            k = WIDTH[token]
            value = np.zeros(n, dtype=np.int32)
            for j in range(pos, pos + k):
                value *= 10
                value += digits[:, j]
            fields[token] = value
    if "%Y" in fields:
        year = fields["%Y"]
    elif "%y" in fields:
        year = _full_year(fields["%y"])
    else:
        return out, np.zeros(n, dtype=bool)
    month = fields.get("%m", np.ones(n, dtype=np.int32))
    day = fields.get("%d", np.ones(n, dtype=np.int32))
    hour = fields.get("%H", np.zeros(n, dtype=np.int32))
    minute = fields.get("%M", np.zeros(n, dtype=np.int32))
    second = fields.get("%S", np.zeros(n, dtype=np.int32))
    return _calendar(year, month, day, hour, minute, second, ok), ok


def _full_year(yy):
    """Two-digit years as Python's strptime reads them: 69-99 in the 1900s, 00-68 in the 2000s."""
    return np.where(yy < 69, 2000, 1900) + yy


def _clock24(hour, am, pm, ok):
    """Hours of a 12-hour clock (1-12 with AM/PM) on the 24-hour clock; ``ok`` is narrowed in place."""
    ok &= (hour >= 1) & (hour <= 12)
    return np.where(pm & (hour < 12), hour + 12, np.where(am & (hour == 12), 0, hour))


#: Where day, month and year stand among the first three fields of a date in each order.
FIELD_ORDER = {"day": (0, 1, 2), "month": (1, 0, 2), "iso": (2, 1, 0)}
#: The digits a year may have in each order. A year in front has four: ``29-07-17`` is 29 July 2017 as Dutch
#: files write it (day first, two-digit year), never 17 July 2029.
YEAR_WIDTHS = {"day": (2, 4), "month": (2, 4), "iso": (4,)}
#: Days in each month of a common year (February gets a day more in a leap year).
MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int32)
NAT = np.iinfo(np.int64).min


def _calendar(year, month, day, hour, minute, second, ok):
    """datetime64[s] from field arrays where ``ok`` and the date exists (``ok`` is narrowed in place).

    Integer arithmetic only (the days-from-civil algorithm of the proleptic Gregorian calendar,
    H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", 2013), no datetime64 unit casts.

    >>> y, m, d = (np.array(v, dtype=np.int64) for v in ([2016, 2016, 2015], [2, 2, 2], [29, 1, 29]))
    >>> _calendar(y, m, d, *(np.zeros(3, dtype=np.int64),) * 3, np.ones(3, dtype=bool)).tolist()[:2]
    [datetime.datetime(2016, 2, 29, 0, 0), datetime.datetime(2016, 2, 1, 0, 0)]
    """
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (hour < 24) & (minute < 60) & (second < 60)
    ok &= (year >= 1800) & (year <= 2200)
    y, m = np.where(ok, year, 2000), np.where(ok, month, 1)
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    ok &= day <= MONTH_DAYS[m] + (leap & (m == 2))
    y = y - (m <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * np.where(m > 2, m - 3, m + 9) + 2) // 5 + day - 1
    days = era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
    seconds = days.astype(np.int64) * 86400 + (hour * 3600 + minute * 60 + second)
    return np.where(ok, seconds, NAT).view("datetime64[s]")


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
    if sep == "%":  # compact (20170729): fixed width only, no loose shape
        return None
    n = 3 + sum(t in fmt for t in ("%H", "%I", "%M", "%S"))
    return order, sep, n, "%p" in fmt


def parse_loose(values: np.ndarray, order: str, sep: str, n_fields: int, twelve: bool,
                max_width: int = 32) -> tuple[np.ndarray, np.ndarray]:
    """Dates without zero padding, in chunks of :data:`CHUNK` rows (so memory stays bounded); see :func:`_loose`."""
    return _chunked(_loose, values, order, sep, n_fields, twelve, max_width)


#: Most distinct digit layouts in one block parsed layout by layout; more go to :func:`_loose_matrix`.
MAX_LAYOUTS = 256


def _nothing(n: int) -> tuple[np.ndarray, np.ndarray]:
    """No date parsed: all NaT, nothing ok."""
    return np.full(n, np.datetime64("NaT"), dtype="datetime64[s]"), np.zeros(n, dtype=bool)


def capped_bytes(values: np.ndarray, limit: int) -> np.ndarray | None:
    """``values`` (text, or bytes) as ASCII bytes as wide as the longest value, a value longer than ``limit`` cut
    to ``limit + 1`` bytes (no date is that long, and the caller sees it is longer); None when not ASCII. Converted
    whole, one 10 MB field made every row 10 MB wide: 510 MB and seconds for 51 rows, 10 GB for a million."""
    cap = f"S{limit + 1}"
    try:
        if values.dtype.kind == "S":  # a CSV's bytes column (importers.bytescols): its width as read
            return values if values.dtype.itemsize <= limit + 1 else values.astype(cap)
        text = np.asarray(values, dtype=cap)
    except (UnicodeEncodeError, ValueError, TypeError):
        return None
    return trimmed(text)  # as wide as the longest value (limit + 1 where one was cut)


def _byte_matrix(values: np.ndarray, max_width: int) -> np.ndarray | None:
    """The values as an (n, width) matrix of ASCII bytes, a value wider than ``max_width`` left empty (no date:
    one date with a remark behind it kept every date of the column from being read); None when empty, not ASCII
    or mostly that wide."""
    text = capped_bytes(np.asarray(values), max_width)
    if text is None or len(text) == 0:
        return None
    if text.dtype.itemsize > max_width:
        wide = np.char.str_len(text) > max_width
        if wide.mean() > 0.5:
            return None
        text = text.astype(f"S{max_width}")
        text[wide] = b""
    return text.view(np.uint8).reshape(len(text), text.dtype.itemsize)


def _runs(digit_row: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True in a boolean row."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], digit_row.astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def _loose(values: np.ndarray, order: str, sep: str, n_fields: int, twelve: bool,
           max_width: int = 32) -> tuple[np.ndarray, np.ndarray]:
    """Dates without zero padding, grouped by where their digits are.

    The values of a column share a handful of digit layouts (``6/15/2016 9:05`` and
    ``12/1/2016 11:31`` are two); within one layout every field sits at known positions, so
    each layout is parsed like a fixed-width format. The rules are those of
    :func:`_loose_matrix` (which this falls back to when a block has more than
    :data:`MAX_LAYOUTS` layouts, as free text has).
    """
    n = len(values)
    codes = _byte_matrix(values, max_width)
    if codes is None:
        return _nothing(n)
    digit = (codes - np.uint8(48)) <= 9
    packed = np.zeros((n, 8), dtype=np.uint8)
    bits = np.packbits(digit, axis=1)
    if bits.shape[1] > 8:
        return _loose_matrix(values, order, sep, n_fields, twelve, max_width)
    packed[:, :bits.shape[1]] = bits
    group, layouts = pd.factorize(packed.view(np.uint64).ravel())
    if len(layouts) > MAX_LAYOUTS:
        return _loose_matrix(values, order, sep, n_fields, twelve, max_width)
    pos = FIELD_ORDER[order]
    fields = np.zeros((6, n), dtype=np.int32)  # day, month, year, hour, minute, second; rows sorted by layout
    ok = np.zeros(n, dtype=bool)
    pm, am = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    order_idx = np.argsort(group.astype(np.uint8), kind="stable")  # a radix sort: at most 256 layouts
    bounds = np.searchsorted(group[order_idx], np.arange(len(layouts) + 1))
    codes = codes[order_idx]  # each layout is now one slice of rows
    for g in range(len(layouts)):
        rows = slice(bounds[g], bounds[g + 1])
        layout_digits = digit[order_idx[bounds[g]]]
        runs = _runs(layout_digits)
        if len(runs) != n_fields:
            continue
        w = [e - s for s, e in runs]
        if w[pos[0]] > 2 or w[pos[1]] > 2 or w[pos[2]] not in YEAR_WIDTHS[order]:
            continue
        if n_fields > 3 and (w[3] > 2 or w[4] != 2 or (n_fields > 5 and w[5] != 2)):
            continue
        sub = codes[rows]
        good = (sub[:, runs[1][0] - 1] == ord(sep)) & (sub[:, runs[2][0] - 1] == ord(sep))
        if n_fields > 3:
            before = sub[:, runs[3][0] - 1]
            good &= (before == ord(" ")) | (before == ord("T"))
            for k in range(4, n_fields):
                good &= sub[:, runs[k][0] - 1] == ord(":")
        for k, (s, e) in enumerate(runs):
            value = fields[pos.index(k) if k < 3 else k, rows]
            for j in range(s, e):
                value *= 10
                value += sub[:, j] - 48
        if w[pos[2]] == 2:
            fields[2, rows] = _full_year(fields[2, rows])
        # the other characters: separators, padding and (only) AM/PM or a 'T'
        other = sub[:, ~layout_digits]
        upper = other & np.uint8(0xDF)
        letters = (upper - np.uint8(65)) <= 25
        n_letters = letters.sum(axis=1)
        if twelve:
            pm[rows] = (upper == ord("P")).any(axis=1)
            am[rows] = (upper == ord("A")).any(axis=1)
            good &= (pm[rows] ^ am[rows]) & (n_letters == 2) & (upper == ord("M")).any(axis=1)
        else:
            good &= (n_letters == 0) | ((n_letters == 1) & (upper == ord("T")).any(axis=1))
        allowed = letters | (other == 0) | (other == ord(sep)) | (other == ord(" ")) | (other == ord(":"))
        ok[rows] = good & allowed.all(axis=1)
    if not ok.any():
        return _nothing(n)
    hour = _clock24(fields[3], am, pm, ok) if twelve else fields[3]
    stamps = _calendar(fields[2], fields[1], fields[0], hour, fields[4], fields[5], ok)
    out, ok_out = np.empty_like(stamps), np.empty_like(ok)
    out[order_idx], ok_out[order_idx] = stamps, ok
    return out, ok_out


def _loose_matrix(values: np.ndarray, order: str, sep: str, n_fields: int, twelve: bool,
                  max_width: int = 32) -> tuple[np.ndarray, np.ndarray]:
    """Dates without zero padding (``5-6-2016 9:05``, ``6/15/2016 11:31:00 PM``) by array arithmetic.

    Digits runs are the fields: date (in ``order``), then hour, minute, second. The
    separators must be ``sep`` inside the date, a space (or ``T``) before the time and
    ``:`` inside it; with ``twelve`` an ``AM``/``PM`` must follow. Everything else is not ok.
    """
    n = len(values)
    matrix = _byte_matrix(values, max_width)
    if matrix is None:
        return _nothing(n)
    width = matrix.shape[1]
    codes = np.zeros((n, width + 1), dtype=np.uint8)  # one spare zero column ends the last field
    codes[:, :width] = matrix
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
    pos = FIELD_ORDER[order]
    day, month, year = fields[:, pos[0]], fields[:, pos[1]], fields[:, pos[2]]
    ok &= (widths[:, pos[0]] <= 2) & (widths[:, pos[1]] <= 2) & np.isin(widths[:, pos[2]], YEAR_WIDTHS[order])
    year = np.where(widths[:, pos[2]] == 2, _full_year(year), year)
    zeros = np.zeros(n, dtype=np.int64)
    hour = fields[:, 3] if n_fields > 3 else zeros
    minute = fields[:, 4] if n_fields > 4 else zeros
    second = fields[:, 5] if n_fields > 5 else zeros
    if n_fields > 3:
        ok &= (widths[:, 3] <= 2) & (widths[:, 4] == 2) & ((widths[:, 5] == 2) if n_fields > 5 else True)
    if twelve:
        hour = _clock24(hour, am, pm, ok)
    return _calendar(year, month, day, hour, minute, second, ok), ok
