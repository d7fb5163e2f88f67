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

from kernel.errors import CRSError, ImportFileError
from kernel.schema import RD_BOUNDS, RD_NEW, WGS84, WGS84_BOUNDS, within

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
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM (Excel's "Unicode text")
        return False
    sample = head[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    return control > max(4, len(sample) // 100)


def detect_encoding(head: bytes) -> str:
    """``utf-8-sig`` (with a BOM), ``utf-8`` when it decodes, else ``cp1252``.

    >>> detect_encoding(b"\\xef\\xbb\\xbfa;b"), detect_encoding("caf\\u00e9".encode()), detect_encoding(b"caf\\xe9")
    ('utf-8-sig', 'utf-8', 'cp1252')
    >>> detect_encoding("x\\ty".encode("utf-16"))
    'utf-16'
    """
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
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


def find_column(columns, names) -> str | None:
    """The first of ``names`` (normalised headers) that is a column of ``columns``; None when none is.

    >>> find_column(["BU_CODE", "Perioden "], ("periode", "perioden"))
    'Perioden '
    """
    norm = {normalise_header(c): c for c in columns}
    for n in names:
        if n in norm:
            return norm[n]
    return None


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
    "end": ("end", "eind", "einde", "einddatumtijd", "eindpleegdatumtijd", "einddatum", "enddatetime", "enddate", "endtime",
            "eindtijdstip", "tot", "totenmet"),
    "start_time": ("tijd", "time", "begintijd", "starttijd", "pleegtijd", "uur"),
    "end_time": ("eindtijd", "eindpleegtijd"),
    "category": ("categorie", "category", "incidentsoort", "soort", "soortincident", "type", "incidenttype", "delict",
                 "feit", "misdrijf", "soortmisdrijf", "maatschappelijkeklasse", "klasse", "omschrijving", "aard"),
    "registration": ("bronregistratie", "registratie", "bron", "proces", "pvnummer"),
}


def map_columns(columns, overrides: dict[str, str | None] | None = None, path=None) -> dict[str, str]:
    """Choose a source column for each role: overrides first, then exact known names, then a loose match.

    An override naming no column is an :class:`ImportFileError` (naming ``path`` when given).

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
            wanted = normalise_header(name)
            matches = [c for c in columns if norm[c] == wanted]
            if not matches:
                raise ImportFileError(f"De opgegeven kolom '{name}' bestaat niet in dit bestand.", path=path,
                                      column=name, hint="kolommen: " + ", ".join(columns[:30]))
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
    # A category by a part of its header ('category.main' of a JSON export, 'Hoofdcategorie').
    if "category" not in chosen:
        hit = next((c for c in columns if c not in used and "categor" in norm[c]), None)
        if hit:
            chosen["category"] = hit
            used.add(hit)
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
    return float(within(x[ok], y[ok], bounds).mean())


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
    ok = np.isfinite(x) & np.isfinite(y)
    fractions = bool(((x[ok] % 1 != 0) | (y[ok] % 1 != 0)).mean() >= 0.5)
    if fractions and _share_within(x, y, (-180.0, -90.0, 180.0, 90.0)) >= 0.5:
        if wgs > 0:  # longitude/latitude, some of them in the Netherlands: the others are rejected as outside
            return WGS84
        raise CRSError(f"De coördinaten zijn lengte- en breedtegraden (WGS84), maar ze liggen buiten Nederland "
                       f"(mediaan lengte {med_x:.4f}, breedte {med_y:.4f}).", path=path,
                       hint="Wijkbeeld werkt met locaties in Nederland; controleer of dit het goede bestand is en "
                            "of lengte en breedte niet verwisseld zijn")
    raise CRSError(f"Coördinaten in een onbekend stelsel (mediaan x={med_x:.6g}, y={med_y:.6g}): "
                   "geen RD New (EPSG:28992) en geen WGS84 (EPSG:4326) binnen Nederland.", path=path,
                   hint="geef het stelsel op met --crs, bijvoorbeeld --crs EPSG:3857")



def reference_header(sniff, suffixes) -> tuple[list, list] | None:
    """``(header, normalised header)`` of a reference table (CBS kerncijfers, the Veiligheidsmonitor) in a file
    with one of ``suffixes``; None for another kind of file, an unreadable header, or a police table of
    registered crime (which the police reader takes)."""
    if sniff.path.suffix.lower() not in suffixes:
        return None
    try:
        header = sniff.header()
    except ImportFileError:
        return None
    norm = [normalise_header(h) for h in header]
    if any(n.startswith("geregistreerdemisdrijven") for n in norm):
        return None
    return header, norm
