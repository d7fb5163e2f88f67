"""Detection: encoding, separator, column roles, CRS and day/month order.

Every function here looks at the data and returns what it decided, so the
caller can write the decision into the :class:`~importers.report.ImportReport`
as an assumption and the user can override it (``--sep``, ``--encoding``,
``--x``, ``--crs``, ``--dayfirst`` ...).

>>> detect_separator('a;b;c\\n1;2,5;3\\n')
';'
>>> normalise_header(" Begin-pleegdatum/tijd ")
'beginpleegdatumtijd'
>>> detect_crs([233000.0, 234100.0], [581000.0, 583000.0])
'EPSG:28992'
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import CRSError, ImportFileError
from .schema import RD_BOUNDS, RD_NEW, WGS84, WGS84_BOUNDS

SNIFF_BYTES = 256 * 1024
SEPARATORS = (";", ",", "\t", "|")
#: Longest first line (header) we accept, in characters; a longer one is not a table header.
MAX_LINE = 200_000
#: Most columns we accept in a table.
MAX_COLUMNS = 2_000


# --------------------------------------------------------------------------- bytes and text
def read_head(path: str | Path, n: int = SNIFF_BYTES) -> bytes:
    """The first ``n`` bytes of a file (raises a Dutch error for an empty or unreadable file)."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(n)
    except FileNotFoundError:
        raise ImportFileError("Bestand niet gevonden.", path=path) from None
    except IsADirectoryError:
        raise ImportFileError("Dit is een map, geen bestand.", path=path) from None
    except OSError as exc:
        raise ImportFileError(f"Bestand kan niet worden gelezen ({exc.strerror}).", path=path) from None
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise ImportFileError("Het bestand is leeg.", path=path)
    return head


def looks_binary(head: bytes) -> bool:
    """True for bytes that are not text: NUL bytes, or many control characters."""
    sample = head[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    return control > max(4, len(sample) // 100)


def detect_encoding(head: bytes) -> str:
    """``utf-8-sig`` (with a BOM), ``utf-8`` when it decodes, else ``cp1252``.

    >>> detect_encoding(b"\\xef\\xbb\\xbfa;b"), detect_encoding("caf\\u00e9".encode()), detect_encoding(b"caf\\xe9")
    ('utf-8-sig', 'utf-8', 'cp1252')
    """
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut off at the end of the sample is still UTF-8.
        if len(head) >= 4096 and exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
    return "cp1252"


def decode(head: bytes, encoding: str, path=None) -> str:
    try:
        return head.decode(encoding, errors="strict")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:
            return head[:exc.start].decode(encoding, errors="replace")
        raise ImportFileError(f"Het bestand is niet te lezen als {encoding}.", path=path,
                              hint="kies een andere codering met --encoding") from None
    except LookupError:
        raise ImportFileError(f"Onbekende codering '{encoding}'.", path=path) from None


def detect_separator(text: str) -> str:
    """The separator that splits the first lines into the same number (> 1) of fields.

    Counted with the csv module so that separators inside quotes do not count.
    """
    lines = text.splitlines()[:30]
    if len(lines) > 1:
        lines = lines[:-1] if not text.endswith(("\n", "\r")) else lines  # last line may be cut off
    best, best_score = None, 0.0
    for sep in SEPARATORS:
        try:
            counts = [len(row) for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=sep)]
        except csv.Error:
            continue
        counts = [c for c in counts if c > 0]
        if not counts or counts[0] < 2:
            continue
        agree = sum(1 for c in counts if c == counts[0]) / len(counts)
        score = agree * 1000 + min(counts[0], 999)
        if agree >= 0.5 and score > best_score:
            best, best_score = sep, score
    return best or ","


def check_line_lengths(text: str, path=None) -> None:
    """Refuse a 'table' whose first line is absurdly long or wide (not a real table)."""
    first = text.split("\n", 1)[0]
    if len(first) >= MAX_LINE:
        raise ImportFileError(f"De eerste regel is langer dan {MAX_LINE:,} tekens; dit is geen tabel.".replace(",", "."),
                              path=path, row=1)


# --------------------------------------------------------------------------- headers
def normalise_header(name) -> str:
    """Lower case, accents off, only letters and digits: ``'Begin-pleegdatum/tijd'`` -> ``'beginpleegdatumtijd'``."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


#: Our column role -> known header names (normalised), best first. Dutch and English.
ROLES: dict[str, tuple[str, ...]] = {
    "id": ("id", "incidentid", "incidentidentificatie", "incidentnummer", "registratienummer", "meldingnummer",
           "meldingsnummer", "zaaknummer", "bvhnummer", "nummer", "volgnummer", "objectid", "fid", "key"),
    "x": ("x", "xrd", "rdx", "xcoord", "xcoordinaat", "xcoordinate", "coordx", "coordinaatx", "locx", "easting",
          "oost", "xwaarde"),
    "y": ("y", "yrd", "rdy", "ycoord", "ycoordinaat", "ycoordinate", "coordy", "coordinaaty", "locy", "northing",
          "noord", "ywaarde"),
    "lon": ("lon", "lng", "long", "longitude", "lengtegraad", "lengte", "wgs84lon", "wgs84lng"),
    "lat": ("lat", "latitude", "breedtegraad", "breedte", "wgs84lat"),
    "start": ("start", "begin", "begindatumtijd", "beginpleegdatumtijd", "begindatum", "startdatum", "startdatumtijd",
              "startdatetime", "starttime", "begintijdstip", "pleegdatumtijd", "pleegdatum", "datumtijd", "datetime",
              "datum", "date", "tijdstip", "incidentdatum", "meldingsdatum", "meldingdatum", "meldtijd", "timestamp",
              "van", "vanaf"),
    "end": ("end", "eind", "einddatumtijd", "eindpleegdatumtijd", "einddatum", "enddatetime", "enddate", "endtime",
            "eindtijdstip", "tot", "totenmet"),
    "start_time": ("tijd", "time", "begintijd", "starttijd", "pleegtijd", "uur"),
    "end_time": ("eindtijd", "eindpleegtijd"),
    "category": ("categorie", "category", "incidentsoort", "soort", "soortincident", "type", "incidenttype", "delict",
                 "feit", "misdrijf", "soortmisdrijf", "maatschappelijkeklasse", "klasse", "omschrijving", "aard"),
    "registration": ("bronregistratie", "registratie", "bron", "proces", "pvnummer"),
}


def map_columns(columns, overrides: dict[str, str | None] | None = None) -> dict[str, str]:
    """Choose a source column for each role: overrides first, then exact known names, then a loose match.

    >>> map_columns(["Incident Identificatie", "Begin-pleegdatum/tijd", "Eind-pleegdatum/tijd", "X", "Y"])["start"]
    'Begin-pleegdatum/tijd'
    """
    columns = [str(c) for c in columns]
    norm = {c: normalise_header(c) for c in columns}
    chosen: dict[str, str] = {}
    for role, name in (overrides or {}).items():
        if name is None:
            continue
        if name not in columns:
            matches = [c for c in columns if normalise_header(c) == normalise_header(name)]
            if not matches:
                raise ImportFileError(f"De opgegeven kolom '{name}' bestaat niet in dit bestand.", column=name,
                                      hint="kolommen: " + ", ".join(columns[:30]))
            name = matches[0]
        chosen[role] = name
    used = set(chosen.values())
    for role, names in ROLES.items():
        if role in chosen:
            continue
        for alias in names:
            hit = next((c for c in columns if norm[c] == alias and c not in used), None)
            if hit:
                chosen[role] = hit
                used.add(hit)
                break
    # Loose matches for the dates: a header that contains 'begin'/'start' and 'datum'/'date'.
    for role, must, avoid in (("start", ("begin", "start", "pleeg"), ("eind", "end", "kennisname")),
                              ("end", ("eind", "end"), ()),):
        if role in chosen:
            continue
        for c in columns:
            n = norm[c]
            if c not in used and any(m in n for m in must) and ("datum" in n or "date" in n) \
                    and not any(a in n for a in avoid):
                chosen[role] = c
                used.add(c)
                break
    return chosen


# --------------------------------------------------------------------------- numbers and CRS
def to_number(series: pd.Series) -> pd.Series:
    """Numbers from text with a decimal point or a decimal comma (``'233.456,7'`` too); unparsable -> NaN."""
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return series.astype(float)
    text = series.astype("string").str.strip()
    has_comma = text.str.contains(",", regex=False, na=False)
    if has_comma.any():
        both = has_comma & text.str.contains(".", regex=False, na=False)
        fixed = text.where(~both, text.str.replace(".", "", regex=False))  # 233.456,7 -> 233456,7
        text = fixed.str.replace(",", ".", regex=False)
    return pd.to_numeric(text, errors="coerce").astype(float)


def _share_within(x, y, bounds) -> float:
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        return 0.0
    xmin, ymin, xmax, ymax = bounds
    inside = (x[ok] >= xmin) & (x[ok] <= xmax) & (y[ok] >= ymin) & (y[ok] <= ymax)
    return float(inside.mean())


def detect_crs(x, y, path=None) -> str:
    """``EPSG:28992`` or ``EPSG:4326`` from the ranges of the coordinates (most of them must fit).

    Raises :class:`CRSError` for coordinates that fit neither (a third CRS such as Web Mercator).
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if not (np.isfinite(x) & np.isfinite(y)).any():
        raise ImportFileError("Geen enkele rij heeft bruikbare coördinaten.", path=path)
    rd = _share_within(x, y, RD_BOUNDS)
    wgs = _share_within(x, y, WGS84_BOUNDS)
    if rd >= 0.5 and rd >= wgs:
        return RD_NEW
    if wgs >= 0.5:
        return WGS84
    if _share_within(y, x, WGS84_BOUNDS) >= 0.5:
        return "EPSG:4326-swapped"
    med_x, med_y = float(np.nanmedian(x)), float(np.nanmedian(y))
    raise CRSError(f"Coördinaten in een onbekend stelsel (mediaan x={med_x:.6g}, y={med_y:.6g}): "
                   "geen RD New (EPSG:28992) en geen WGS84 (EPSG:4326) binnen Nederland.", path=path,
                   hint="geef het stelsel op met --crs, bijvoorbeeld --crs EPSG:3857")


# --------------------------------------------------------------------------- dates
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
    return out


def _parse(text: pd.Series, fmt: str) -> pd.Series:
    """Which values of ``text`` fit ``fmt``: numpy for numeric formats (fast), pandas for the rest."""
    from .fastdates import describe, parse_fixed, parse_loose, width

    shape = describe(fmt)
    if shape is not None and "%H." not in fmt and "%f" not in fmt:
        values = text.to_numpy(dtype=object)
        if width(fmt) is not None:
            parsed, ok = parse_fixed(values, fmt)
        else:
            parsed, ok = np.full(len(values), np.datetime64("NaT"), "datetime64[s]"), np.zeros(len(values), bool)
        rest = np.flatnonzero(~ok)
        if len(rest):
            loose, ok2 = parse_loose(values[rest], *shape)
            parsed[rest[ok2]] = loose[ok2]
        return pd.Series(parsed, index=text.index)
    return pd.to_datetime(text, format=fmt, errors="coerce")


def _rank_formats(sample: pd.Series, order: str) -> list[tuple[str, int]]:
    """Formats that parse values of ``sample``, most hits first (pruned on 200 spread values first)."""
    from .fastdates import describe

    small = sample.iloc[:: max(1, len(sample) // 200)]
    chars = set("".join(small.dropna().astype(str).tolist()))
    ranked = []
    shapes = set()
    for fmt in _formats(order):
        literals = set(re.sub(r"%.", "", fmt)) - {" "}
        if not literals <= chars or ("%p" in fmt and "M" not in chars):
            continue
        shape = describe(fmt) if "%f" not in fmt and "%H." not in fmt else None
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


def _apply(values: np.ndarray, todo: np.ndarray, formats: list[str]) -> tuple[np.ndarray, list[str]]:
    """Parse ``values[todo]`` with each format in turn (numpy fixed-width first, then pandas for the rest)."""
    from .fastdates import describe, parse_fixed, parse_loose, width

    result = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[s]")
    todo = todo.copy()
    used: list[str] = []
    for fmt in formats:
        if not todo.any():
            break
        idx = np.flatnonzero(todo)
        hit = False
        if width(fmt) is not None:
            parsed, ok = parse_fixed(values[idx], fmt)
            if ok.any():
                result[idx[ok]] = parsed[ok]
                todo[idx[ok]] = False
                hit = True
                idx = idx[~ok]
        shape = describe(fmt)
        if len(idx) and shape is not None:  # without zero padding: still numpy, no Python loop
            parsed, ok = parse_loose(values[idx], *shape)
            if ok.any():
                result[idx[ok]] = parsed[ok]
                todo[idx[ok]] = False
                hit = True
                idx = idx[~ok]
        if len(idx):
            text = pd.Series(values[idx], dtype=object).astype("string").str.strip()
            parsed = pd.to_datetime(text, format=fmt, errors="coerce").to_numpy(dtype="datetime64[s]")
            ok = ~np.isnat(parsed)
            if ok.any():
                result[idx[ok]] = parsed[ok]
                todo[idx[ok]] = False
                hit = True
        if hit:
            used.append(fmt)
    return result, used


def parse_datetimes(series: pd.Series, *, dayfirst: bool | None = None, column: str = "",
                    sample_size: int = 1000) -> tuple[pd.Series, dict]:
    """Vectorised parsing of typed dates: formats are chosen on a sample, then applied to the column.

    Day/month order is decided from the data (a first number above 12 settles it) unless
    ``dayfirst`` is given; when every value fits both orders, day-month (Dutch) is assumed and
    said so. Zero-padded fixed formats are parsed with numpy (:mod:`importers.fastdates`),
    the rest with ``pandas.to_datetime(format=...)``, one format at a time, never row by row.
    Returns the parsed column (NaT where a value fits no format) and a dict with
    ``formats``, ``order`` and ``assumption`` (a Dutch sentence or None).
    """
    info: dict = {"formats": [], "order": None, "assumption": None}
    if pd.api.types.is_datetime64_any_dtype(series):
        info["formats"] = ["datum (spreadsheet)"]
        return series.astype("datetime64[ns]"), info
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return _excel_serial(series, column, info)
    values = series.to_numpy(dtype=object)
    todo = series.notna().to_numpy().copy()
    if not todo.any():
        return pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]"), info
    filled_idx = np.flatnonzero(todo)
    step = max(1, len(filled_idx) // sample_size)
    sample = pd.Series(values[filled_idx[::step][:sample_size]], dtype=object).astype("string").str.strip()
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
            full_d = int((~np.isnat(_apply(values, todo, [day[0][0]])[0])).sum())
            full_m = int((~np.isnat(_apply(values, todo, [month[0][0]])[0])).sum())
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
            info["assumption"] = (f"Kolom '{column}': dag en maand zijn uit de waarden niet te "
                                  "onderscheiden; dag-maand-jaar aangenomen (Nederlandse volgorde).")
    else:
        order = "day" if dayfirst else "month"
        ranked = _rank_formats(sample, order)
        info["assumption"] = (f"Kolom '{column}': datums gelezen als "
                              f"{'dag-maand-jaar' if dayfirst else 'maand-dag-jaar'} (opgegeven).")
    candidates = [f for f, _ in sorted(iso + ranked, key=lambda t: -t[1])]
    info["order"] = order if ranked else "iso"
    result, info["formats"] = _apply(values, todo, candidates[:6])
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


def time_of_day(series: pd.Series) -> pd.Series:
    """A separate time column as a Timedelta: '23:31', '23.31', '23:31:05', 0.98 (Excel), 23 (hour), a time."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return series - series.dt.normalize()
    if pd.api.types.is_timedelta64_dtype(series):
        return series
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        v = series.astype(float)
        seconds = np.where(v < 1, v * 86400, np.where(v <= 24, v * 3600, (v // 100) * 3600 + (v % 100) * 60))
        bad = (v < 0) | ((v > 24) & ((v % 100 >= 60) | (v >= 2400)))
        return pd.Series(pd.to_timedelta(np.where(bad, np.nan, np.round(seconds)), unit="s"), index=series.index)
    parts = series.astype("string").str.extract(r"^\s*(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?")
    h, m = pd.to_numeric(parts[0]), pd.to_numeric(parts[1])
    sec = pd.to_numeric(parts[2]).fillna(0)
    ok = (h < 24) & (m < 60) & (sec < 60)
    return pd.to_timedelta((h * 3600 + m * 60 + sec).where(ok), unit="s")
