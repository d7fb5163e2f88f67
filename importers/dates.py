"""Dates as people type them: formats chosen on a sample, then parsed over the whole column.

Day/month order is decided from the data and reported (a first number above 12
settles it; otherwise the whole column is tried both ways, and when even that
cannot tell, Dutch day-month order is assumed and said so). Numeric formats are
parsed with numpy (:mod:`importers.fastdates`), zero-padded or not; anything
else with ``pandas.to_datetime(format=...)``, one format at a time, never row by
row. Excel day numbers and separate time-of-day columns are understood too.

>>> out, info = parse_datetimes(pd.Series(["6/15/2016 11:31:00 PM", "12/31/2016 1:05:00 AM"]), column="date")
>>> out.tolist(), info["order"]
([Timestamp('2016-06-15 23:31:00'), Timestamp('2016-12-31 01:05:00')], 'month')
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from importers.bytescols import as_text, trimmed

_TIMES = ("%H:%M:%S", "%H:%M", "%H:%M:%S.%f", "%H.%M", "%H.%M.%S")
_TIMES_12 = ("%I:%M:%S %p", "%I:%M %p")


def _formats(order: str) -> list[str]:
    if order == "iso":
        dates = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d")
        seps = (" ", "T")
    else:
        pattern = ("%d{s}%m{s}%Y" if order == "day" else "%m{s}%d{s}%Y")
        dates = tuple(pattern.format(s=s) for s in ("-", "/", ".")) + \
            tuple(pattern.format(s=s).replace("%Y", "%y") for s in ("-", "/"))
        seps = (" ",)
    out = []
    for d in dates:
        for s in seps:
            out.extend(f"{d}{s}{t}" for t in _TIMES)
            out.extend(f"{d}{s}{t}" for t in _TIMES_12)
        out.append(d)
    if order == "iso":  # compact: 201707290130, 20170729 0130 (importers.dateforms)
        out.extend(("%Y%m%d%H%M%S", "%Y%m%d%H%M", "%Y%m%d %H%M%S", "%Y%m%d %H%M"))
    return out


def _numpy_shape(fmt: str):
    """The shape (:func:`~importers.fastdates.describe`) of a format numpy parses; None for one pandas parses.

    Fractions of a second and ``23.31`` times (:func:`~importers.fastdates.parse_loose` wants
    ``:`` in a time) are left to pandas.
    """
    from importers.fastdates import describe

    return describe(fmt) if "%f" not in fmt and "%H." not in fmt else None


def _strict(fmt: str) -> bool:
    """A compact format (``%Y%m%d%H%M``): read at fixed width only (pandas would read '0130' as 01:03:00)."""
    return fmt.startswith("%Y%m%d")


def _parse(text: pd.Series, fmt: str) -> pd.Series:
    """Which values of ``text`` fit ``fmt``: numpy for numeric formats (fast), pandas for the rest."""
    shape = _numpy_shape(fmt)
    if shape is not None or _strict(fmt):
        parsed, _ = _numpy_parse(text.to_numpy(dtype=object), fmt, shape)
        return pd.Series(parsed, index=text.index)
    return pd.to_datetime(text, format=fmt, errors="coerce")


def _numpy_parse(values: np.ndarray, fmt: str, shape) -> tuple[np.ndarray, np.ndarray]:
    """``values`` parsed with numpy: fixed width first, then without zero padding (``shape``) for the rest."""
    from importers.fastdates import parse_fixed, parse_loose, width

    # fixed width first, unless a sample shows the values are not padded (the loose parse then does them all)
    if width(fmt) is not None and (len(values) <= 400 or parse_fixed(values[:200], fmt)[1].mean() >= 0.5):
        parsed, ok = parse_fixed(values, fmt)
    else:
        parsed, ok = np.full(len(values), np.datetime64("NaT"), "datetime64[s]"), np.zeros(len(values), bool)
    rest = np.flatnonzero(~ok)
    if len(rest) == len(values) and shape is not None:  # none fixed width: the loose parse is the answer
        return parse_loose(values, *shape)
    if len(rest) and shape is not None:
        loose, ok2 = parse_loose(values[rest], *shape)
        parsed[rest[ok2]] = loose[ok2]
        ok[rest[ok2]] = True
    return parsed, ok


def _rank_formats(sample: pd.Series, order: str) -> list[tuple[str, int]]:
    """Formats that parse values of ``sample``, most hits first (pruned on 200 spread values first)."""
    small = sample.iloc[:: max(1, len(sample) // 200)]
    chars = set("".join(small.dropna().astype(str).tolist()))
    compact = order == "iso" and bool(small.str.match(r"\s*\d{8}").fillna(False).any())
    ranked = []
    shapes = set()
    for fmt in _formats(order):
        literals = set(re.sub(r"%.", "", fmt)) - {" "}
        if not literals <= chars or ("%p" in fmt and "M" not in chars) or (fmt.startswith("%Y%m%d") and not compact):
            continue
        shape = _numpy_shape(fmt)
        if shape is not None:
            # numpy parses every format of one shape (padded or not, 2- or 4-digit year) alike
            if shape in shapes:
                continue
            shapes.add(shape)
        elif not _parse(small, fmt).notna().any():
            continue
        n = int(_parse(sample, fmt).notna().sum())
        if n:
            ranked.append((fmt, n))
    ranked.sort(key=lambda t: -t[1])
    return ranked


def _apply(values: np.ndarray, todo: np.ndarray, formats: list[str],
           text: np.ndarray | None = None) -> tuple[np.ndarray, list[str]]:
    """Parse ``values[todo]`` with each format in turn (numpy fixed-width first, then pandas for the rest).
    ``text``: the values as bytes (:func:`_ascii`), for numpy."""
    from importers.fastdates import describe

    result = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[s]")
    todo = todo.copy()
    used: list[str] = []
    source = values if text is None else text
    for fmt in formats:
        if not todo.any():
            break
        idx = np.flatnonzero(todo)
        parsed, ok = _numpy_parse(source if len(idx) == len(values) else source[idx], fmt, describe(fmt))
        hit = bool(ok.any())
        if hit:
            result[idx[ok]] = parsed[ok]
            todo[idx[ok]] = False
            idx = idx[~ok]
        if len(idx):
            text = pd.Series(_str(values[idx]), dtype=object).astype("string").str.strip()
            if _strict(fmt):  # fixed width, after the spaces around it
                from importers.fastdates import parse_fixed

                parsed = parse_fixed(text.fillna("").to_numpy(dtype=object), fmt)[0]
            else:
                parsed = pd.to_datetime(text, format=fmt, errors="coerce").to_numpy(dtype="datetime64[s]")
            ok = ~np.isnat(parsed)
            if ok.any():
                result[idx[ok]] = parsed[ok]
                todo[idx[ok]] = False
                hit = True
        if hit:
            used.append(fmt)
    return result, used


#: The longest text read as a date ("woensdag 15 juni 2016 23:31:00" has 30 characters).
MAX_DATE_CHARS = 64
#: The widest text :func:`importers.fastdates.parse_loose` reads (its ``max_width``).
SHORT_DATE_CHARS = 32


def _ascii(series: pd.Series, values: np.ndarray, todo: np.ndarray) -> np.ndarray | None:
    """The filled values of a text column as bytes (missing ones empty), converted once for every numpy parse of the
    column; None when the column is not of pandas' string dtype or not ASCII. Its width is the longest value's
    length: within :data:`MAX_DATE_CHARS`, no value needs its own length checked (a longer one is cut just past it:
    :func:`importers.fastdates.capped_bytes`)."""
    if not isinstance(series.dtype, pd.StringDtype):
        return None
    from importers.fastdates import capped_bytes

    return capped_bytes(values if todo.all() else np.where(todo, values, ""), MAX_DATE_CHARS)


def _str(values: np.ndarray) -> np.ndarray:
    """Values of a column as Python strings where they are bytes (ASCII: :func:`importers.bytescols.trimmed`)."""
    return values.astype(str) if values.dtype.kind == "S" else values


def parse_datetimes(series: pd.Series, *, dayfirst: bool | None = None, column: str = "",
                    sample_size: int = 1000, hint: list[str] | None = None) -> tuple[pd.Series, dict]:
    """Vectorised parsing of typed dates: formats are chosen on a sample, then applied to the column.

    Day/month order is decided from the data (a first number above 12 settles it) unless
    ``dayfirst`` is given; when every value fits both orders, day-month (Dutch) is assumed and
    said so. Zero-padded fixed formats are parsed with numpy (:mod:`importers.fastdates`),
    the rest with ``pandas.to_datetime(format=...)``, one format at a time, never row by row.
    Returns the parsed column (NaT where a value fits no format) and a dict with
    ``formats``, ``order`` and ``assumption`` (a Dutch sentence or None). ``hint``: the formats of a
    sibling column (the start, for the end); when they read 99% of the values, no formats are ranked.
    """
    info: dict = {"formats": [], "order": None, "assumption": None}
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        info["formats"] = ["datum met tijdzone"]
        info["timezone"] = {"zones": [str(series.dtype.tz)], "to": LOCAL_ZONE, "values": int(series.notna().sum())}
        info["assumption"] = _zone_sentence(column, info["timezone"]["zones"])
        return _to_local(series), info
    if pd.api.types.is_datetime64_any_dtype(series):
        info["formats"] = ["datum (spreadsheet)"]
        return series.astype("datetime64[ns]"), info
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        from importers.dateforms import compact_numbers, compact_sentence

        text = compact_numbers(series)  # 20170729 read as a number by the CSV reader
        if text is None:
            return _excel_serial(series, column, info)
        out, info = parse_datetimes(text, dayfirst=dayfirst, column=column)
        info["assumption"] = compact_sentence(column)
        return out, info
    if series.dtype.kind == "S":  # a CSV's date column read as bytes (importers.bytescols)
        text = trimmed(series.to_numpy())
        if text is None:  # not ASCII: as text
            return parse_datetimes(as_text(series), dayfirst=dayfirst, column=column, sample_size=sample_size,
                                   hint=hint)
        values, todo = text, text != b""  # at most importers.bytescols.WIDTH - 1 bytes each
    else:
        values = series.to_numpy(dtype=object)
        todo = series.notna().to_numpy().copy()
        text = _ascii(series, values, todo)
        if text is None or text.dtype.itemsize > MAX_DATE_CHARS:
            # no date is longer than MAX_DATE_CHARS: such a value tries no format (a 10 MB field cost seconds and GBs)
            todo &= series.astype("string").str.len().fillna(0).to_numpy() <= MAX_DATE_CHARS
        if text is not None and text.dtype.itemsize > SHORT_DATE_CHARS:
            text = None
    if not todo.any():
        return pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]"), info
    filled_idx = np.flatnonzero(todo)
    step = max(1, len(filled_idx) // sample_size)
    sample = pd.Series(_str(values[filled_idx[::step][:sample_size]]), dtype=object).astype("string").str.strip()
    if hint and all("%" in f for f in hint) and not sample.str.match(ZONED).any():
        result, used = _apply(values, todo, list(hint), text)
        if (~np.isnat(result)).sum() >= 0.99 * todo.sum():
            info.update(formats=used, order="hint")
            return pd.Series(result.astype("datetime64[ns]"), index=series.index), info
    if sample.str.match(ZONED).mean() >= 0.5:
        return _parse_zoned(as_text(series), dayfirst, column, sample)
    if sample.str.contains(MONTH_WORD).mean() >= 0.5:
        return _parse_month_words(as_text(series), column)
    from importers.dateforms import compact_sentence, has_compact, has_weekdays, parse_weekdays

    if has_weekdays(sample):  # 'za 29-07-2017', 'Sat 07/29/2017'
        return parse_weekdays(as_text(series), dayfirst, column)
    iso = _rank_formats(sample, "iso")
    order, ranked = "iso", []
    if iso and iso[0][1] == len(sample):
        pass
    elif dayfirst is None:
        day = _rank_formats(sample, "day")
        month = _rank_formats(sample, "month")
        n_day = day[0][1] if day else 0
        n_month = month[0][1] if month else 0
        if n_day == n_month and n_day:
            # The sample cannot tell; the whole column may.
            full_d = int((~np.isnat(_apply(values, todo, [day[0][0]], text)[0])).sum())
            full_m = int((~np.isnat(_apply(values, todo, [month[0][0]], text)[0])).sum())
            n_day, n_month = full_d, full_m
            decided = full_d != full_m
        else:
            decided = True
        order, ranked = ("month", month) if n_month > n_day else ("day", day)
        if ranked and decided:
            info["assumption"] = (f"Kolom '{column}': datums gelezen als "
                                  f"{'maand-dag-jaar' if order == 'month' else 'dag-maand-jaar'} "
                                  "(afgeleid uit de waarden).")
        elif ranked:
            info["undecided"] = True
            info["assumption"] = (f"Kolom '{column}': dag en maand zijn uit de waarden niet te "
                                  "onderscheiden; dag-maand-jaar aangenomen (Nederlandse volgorde).")
    else:
        order = "day" if dayfirst else "month"
        ranked = _rank_formats(sample, order)
        info["assumption"] = (f"Kolom '{column}': datums gelezen als "
                              f"{'dag-maand-jaar' if dayfirst else 'maand-dag-jaar'} (opgegeven).")
    candidates = [f for f, _ in sorted(iso + ranked, key=lambda t: -t[1])]
    info["order"] = order if ranked else "iso"
    result, info["formats"] = _apply(values, todo, candidates[:6], text)
    if info["formats"] and all(f.startswith("%Y%m%d") for f in info["formats"]) and has_compact(sample):
        info["assumption"] = compact_sentence(column)
    return pd.Series(result.astype("datetime64[ns]"), index=series.index), info


def _excel_serial(series: pd.Series, column: str, info: dict) -> tuple[pd.Series, dict]:
    """Excel day numbers (days since 1899-12-30, a fraction is the time of day); others NaT."""
    v = series.astype(float)
    ok = (v >= 20_000) & (v <= 80_000)  # 1954 .. 2119: a number outside is not a date
    days = pd.to_timedelta((v.where(ok) * 86400).round(), unit="s")
    out = (pd.Timestamp("1899-12-30") + days).astype("datetime64[ns]")
    if ok.any():
        info["formats"] = ["Excel-datumnummer"]
        info["assumption"] = f"Kolom '{column}': getallen gelezen als Excel-datumnummers (dagen sinds 30-12-1899)."
    return out, info


def numeric_time_reading(values: pd.Series) -> str:
    """How a column of numbers holds the time of day, decided for the whole column: ``"fraction"`` (all under 1:
    Excel's fraction of a day), ``"hhmm"`` (whole numbers of which one is above 24: 1745 is 17:45, and then 15 is
    00:15, as Excel writes 0015) or ``"hour"`` (whole numbers up to 24). One reading for every value: read value by
    value, 15 was 15:00 beside 30 as 00:30.

    >>> [numeric_time_reading(pd.Series(v)) for v in ([0.5, 0.98], [15, 30, 1745], [0, 9, 23])]
    ['fraction', 'hhmm', 'hour']
    """
    v = pd.to_numeric(values, errors="coerce").dropna()
    if len(v) and (v < 1).all():
        return "fraction"
    return "hhmm" if (v > 24).any() else "hour"


def time_of_day(series: pd.Series) -> pd.Series:
    """A separate time column as a Timedelta: '23:31', '23.31', '23:31:05', 0.98 (Excel), 23 (hour), 2331 (hhmm),
    a time; numbers as :func:`numeric_time_reading` reads the whole column (a value that does not fit: missing)."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return series - series.dt.normalize()
    if pd.api.types.is_timedelta64_dtype(series):
        return series
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        v = series.astype(float)
        reading = numeric_time_reading(v)
        whole = v == np.floor(v)
        if reading == "fraction":
            seconds, bad = v * 86400, v < 0
        elif reading == "hhmm":
            seconds, bad = (v // 100) * 3600 + (v % 100) * 60, (v < 0) | ~whole | (v % 100 >= 60) | (v >= 2400)
        else:
            seconds, bad = v * 3600, (v < 0) | ~whole
        return pd.Series(pd.to_timedelta(np.where(bad, np.nan, np.round(seconds)), unit="s"), index=series.index)
    parts = series.astype("string").str.extract(r"^\s*(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?")
    h, m = pd.to_numeric(parts[0]), pd.to_numeric(parts[1])
    sec = pd.to_numeric(parts[2]).fillna(0)
    ok = (h < 24) & (m < 60) & (sec < 60)
    return pd.to_timedelta((h * 3600 + m * 60 + sec).where(ok), unit="s")


# -- time zones and month names ------------------------------------------------------------------
#: Where Wijkbeeld's users live: every hour of the week is an hour on a Dutch clock.
LOCAL_ZONE = "Europe/Amsterdam"
#: ISO 8601 with a zone: ``2026-08-08T07:26:07.228597+00:00``, ``...Z``, ``2016-06-15 23:31+0200``.
ZONED = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|z|UTC|[+-]\d{2}(?::?\d{2})?)$"


def _to_local(stamps: pd.Series) -> pd.Series:
    """Zoned datetimes as Dutch wall-clock time (summer and winter time), without a zone."""
    return stamps.dt.tz_convert(LOCAL_ZONE).dt.tz_localize(None).astype("datetime64[ns]")


def _zone_sentence(column: str, zones) -> str:
    shown = ", ".join(zones[:4]) + (" ..." if len(zones) > 4 else "")
    return (f"Kolom '{column}': tijden met een tijdzone ({shown}) omgezet naar Nederlandse tijd ({LOCAL_ZONE}, "
            "zomer- en wintertijd), vóór elke telling per uur.")


def _parse_zoned(series: pd.Series, dayfirst, column: str, sample: pd.Series) -> tuple[pd.Series, dict]:
    """ISO 8601 timestamps with a zone, converted to Dutch local time; values without a zone are read as local.

    >>> out, info = parse_datetimes(pd.Series(["2026-08-08T07:26:07.228597+00:00", "2026-01-08T07:26:07Z"]))
    >>> [str(t) for t in out], info["timezone"]["zones"]
    (['2026-08-08 09:26:07.228597', '2026-01-08 08:26:07'], ['UTC'])
    """
    text = series.astype("string").str.strip()
    zoned = text.str.match(ZONED).fillna(False).to_numpy(bool)
    stamps = pd.to_datetime(text[zoned].str.replace(r"UTC$", "Z", regex=True), utc=True, format="ISO8601",
                            errors="coerce")
    out = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    out[zoned] = _to_local(stamps).to_numpy()
    found = sample.str.extract(r"(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)$")[0].dropna().str.upper()
    zones = sorted({"UTC" if z in ("Z", "UTC", "+00:00", "+0000", "+00") else z for z in found})
    info = {"formats": ["ISO 8601 met tijdzone"], "order": "iso", "timezone": {
        "zones": zones, "to": LOCAL_ZONE, "values": int(zoned.sum())}, "assumption": _zone_sentence(column, zones)}
    rest = ~zoned & series.notna().to_numpy()
    if rest.any():
        local, more = parse_datetimes(series[rest], dayfirst=dayfirst, column=column)
        out[rest] = local.to_numpy()
        info["formats"] += more["formats"]
        info["assumption"] += (f" {int(rest.sum())} waarden zonder tijdzone zijn als Nederlandse tijd gelezen.")
    return out, info


MONTHS = {"januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2, "maart": 3, "mrt": 3,
          "mar": 3, "march": 3, "maa": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "jun": 6, "june": 6,
          "juli": 7, "jul": 7, "july": 7, "augustus": 8, "aug": 8, "august": 8, "september": 9, "sept": 9, "sep": 9,
          "oktober": 10, "okt": 10, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12}
_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
MONTH_WORD = rf"(?i)(?:^|[\s\d\-./,])(?:{_NAMES})\.?(?:$|[\s\d\-./,])"
_WEEKDAY = (r"(?i)^\s*(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|monday|tuesday|wednesday|"
            r"thursday|friday|saturday|sunday|ma|di|wo|do|vr|za|zo|mon|tue|wed|thu|fri|sat|sun)\.?,?\s+")
_DAY_MONTH_YEAR = rf"(?i)^\s*(?P<d>\d{{1,2}})[\s\-./]*(?P<m>{_NAMES})\.?[\s\-./,]*(?P<y>\d{{4}}|\d{{2}})(?P<rest>.*)$"
_MONTH_DAY_YEAR = rf"(?i)^\s*(?P<m>{_NAMES})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})(?P<rest>.*)$"


def _parse_month_words(series: pd.Series, column: str) -> tuple[pd.Series, dict]:
    """Dates with a month name, Dutch or English (``12 maart 2016 22:30``, ``12-mrt-2016``, ``March 12, 2016``).

    The name becomes its number and the date is read day-month-year; a weekday in front is left out.

    >>> out, info = parse_datetimes(pd.Series(["12 maart 2016 22:30", "zaterdag 1-okt-2016", "3 Mei 2017"]))
    >>> [str(t) for t in out]
    ['2016-03-12 22:30:00', '2016-10-01 00:00:00', '2017-05-03 00:00:00']
    """
    text = series.astype("string").str.replace(_WEEKDAY, "", regex=True)
    parts = text.str.extract(_DAY_MONTH_YEAR)
    other = parts["d"].isna() & text.notna()
    if other.any():
        parts.loc[other] = text[other].str.extract(_MONTH_DAY_YEAR)[["d", "m", "y", "rest"]].to_numpy()
    month = parts["m"].str.lower().map(MONTHS)
    year = parts["y"].where(parts["y"].str.len() == 4, "20" + parts["y"].fillna(""))
    numeric = (parts["d"] + "-" + month.astype("Int64").astype("string") + "-" + year
               + parts["rest"].fillna("").str.replace(r"^[\s,]+(?:om\s+|at\s+)?", " ", regex=True).str.rstrip())
    # a value with a month name that fits no pattern ('maart' alone) cannot be read: missing, not read again
    words = text.str.contains(MONTH_WORD).fillna(False)
    out, info = parse_datetimes(numeric.where(month.notna(), text.mask(words)), dayfirst=True, column=column)
    info["assumption"] = f"Kolom '{column}': datums met de naam van de maand (zoals '12 maart 2016') gelezen."
    info["formats"] = ["dag maandnaam jaar"] + info["formats"]
    return out, info
