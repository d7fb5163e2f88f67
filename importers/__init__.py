"""Reading files into Areas, Counts and Incidents, with an ImportReport.

The readers form a registry (after glue's data factories): each has a label,
an ``identify`` function that scores how well it fits a file, and a priority.
The file's head is read once (a :class:`~importers.sniff.Sniff`): every
``identify`` looks at it, and the chosen reader gets it (``sniff=``) and so
does not read it again.
``inspect(path)`` reports what the best reader makes of a file;
``read(path)`` returns the data and the report.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from kernel.errors import ImportFileError, UnknownFormatError, WrongFileError
from importers.report import ImportReport

if TYPE_CHECKING:  # the sniff module imports numpy and pandas: only when a file is read
    from importers.sniff import Sniff

__all__ = ["Imported", "Reader", "REGISTRY", "register", "read", "inspect",
           "read_boundaries", "read_incidents", "read_counts", "ImportReport"]


@dataclass
class Imported:
    """What :func:`read` returns: the kind, the data (Areas, Counts or Incidents) and the report."""

    kind: str
    data: Any
    report: ImportReport


@dataclass(frozen=True)
class Reader:
    """A registered reader.

    ``identify(sniff) -> score`` (0 = not mine, 1 = certainly mine) looks at the file's head
    (``sniff.path`` is the file); ``read(path, sniff=..., **options)`` reads it and returns
    the data and the :class:`ImportReport`.
    """

    name: str
    label: str
    kind: str
    identify: Callable[["Sniff"], float]
    read: Callable[..., tuple]
    priority: int = 0
    options: tuple[str, ...] = field(default_factory=tuple)


REGISTRY: list[Reader] = []


def register(reader: Reader) -> Reader:
    """Add a reader (a later one with the same name replaces the earlier)."""
    REGISTRY[:] = [r for r in REGISTRY if r.name != reader.name] + [reader]
    return reader


# --------------------------------------------------------------------------- identify functions
GEO_SUFFIXES = (".gpkg", ".shp", ".geojson", ".fgb", ".gml", ".kml")
TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".tab", ".xlsx", ".xlsm")


def _geometry_kind(sniff: "Sniff") -> str | None:
    """Points, polygons or lines in a map file (looked up once per file)."""
    if not hasattr(sniff, "_geometry_kind"):
        from importers.records import geometry_kind

        try:
            sniff._geometry_kind = geometry_kind(sniff.path, sniff.head)
        except ImportFileError:
            sniff._geometry_kind = None
    return sniff._geometry_kind


def _identify_boundaries(sniff: "Sniff") -> float:
    from importers.boundaries import is_wkt_csv

    path = sniff.path
    suffix = path.suffix.lower()
    if suffix in GEO_SUFFIXES + (".json", ".zip") and _geometry_kind(sniff) == "point":
        return 0.1  # points are incidents
    if suffix in GEO_SUFFIXES:
        return 1.0
    if suffix == ".json":
        try:
            return 0.9 if b'"FeatureCollection"' in sniff.head[:4096] else 0.0
        except ImportFileError:
            return 0.0
    if suffix == ".zip":
        try:
            with zipfile.ZipFile(path) as z:
                names = [n.lower() for n in z.namelist()]
        except (zipfile.BadZipFile, OSError):
            return 0.1
        return 1.0 if any(n.endswith(GEO_SUFFIXES) for n in names) else 0.1
    if suffix in (".csv", ".txt", ".tsv"):
        try:
            return 0.9 if is_wkt_csv(path, sniff) else 0.0
        except ImportFileError:
            return 0.0
    return 0.0


def _identify_counts(sniff: "Sniff") -> float:
    from importers.police import looks_like_counts

    if sniff.path.suffix.lower() not in (".csv", ".txt", ".tsv", ""):
        return 0.0
    try:
        return 0.95 if looks_like_counts(sniff.header()) else 0.0
    except ImportFileError:
        return 0.0


def _identify_incidents(sniff: "Sniff") -> float:
    from importers.detect import map_columns

    from importers.records import is_json_records

    suffix = sniff.path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return 0.8
    if suffix in GEO_SUFFIXES + (".json", ".zip"):
        if _geometry_kind(sniff) == "point":
            return 0.95
        try:
            return 0.8 if is_json_records(sniff.path, sniff.head) else 0.0
        except ImportFileError:
            return 0.0
    if suffix not in TABLE_SUFFIXES and suffix != "":
        return 0.0
    try:
        cols = map_columns(sniff.header())
    except ImportFileError:
        return 0.5
    has_xy = ("x" in cols and "y" in cols) or ("lat" in cols and "lon" in cols)
    return 0.8 if has_xy else 0.5


def _read_boundaries(path, **options):
    from importers.boundaries import read_boundaries as _rb
    return _rb(path, **options)


def _read_counts(path, **options):
    from importers.police import read_counts as _rc
    return _rc(path, **options)


def _read_incidents(path, **options):
    from importers.incidents import read_incidents as _ri
    return _ri(path, **options)


COMMON = ("progress", "cancelled", "max_rows")
register(Reader("boundaries", "Gebiedsgrenzen (CBS Wijk- en buurtkaart, eigen indeling)", "boundaries",
                _identify_boundaries, _read_boundaries, priority=20,
                options=COMMON + ("gemeente", "level", "crs", "layer", "year", "encoding", "sep", "geometry", "code",
                                  "name", "duplicates")))
register(Reader("counts", "Tellingen van de politie (47022NED/47018NED)", "counts", _identify_counts,
                _read_counts, priority=10, options=COMMON + ("areas", "gemeente", "sep", "encoding", "sheet")))
register(Reader("incidents", "Eigen incidentenbestand (CSV/XLSX)", "incidents", _identify_incidents,
                _read_incidents, priority=0,
                options=COMMON + ("sep", "encoding", "x", "y", "crs", "start", "end", "category", "id", "dayfirst",
                                  "sheet", "source", "keep")))


def _identify_kerncijfers(sniff: "Sniff") -> float:
    from importers.kerncijfers import identify
    return identify(sniff)


def _read_kerncijfers(path, **options):
    from importers.kerncijfers import read_kerncijfers
    return read_kerncijfers(path, **options)


def _identify_survey(sniff: "Sniff") -> float:
    from importers.survey import identify
    return identify(sniff)


def _read_survey(path, **options):
    from importers.survey import read_survey
    return read_survey(path, **options)


# The reference data of the comparison with other gemeenten (issue 16): a gemeente layer of the Wijk- en
# buurtkaart is read as kerncijfers only when asked (kind="kerncijfers"); by itself it is boundaries.
register(Reader("kerncijfers", "CBS-kerncijfers van gemeenten (inwoners, stedelijkheid)", "kerncijfers",
                _identify_kerncijfers, _read_kerncijfers, priority=15,
                options=COMMON + ("year", "layer", "areas", "sep", "encoding", "sheet", "crs", "code", "name")))
register(Reader("veiligheidsmonitor", "Veiligheidsmonitor (CBS StatLine)", "survey", _identify_survey, _read_survey,
                priority=15, options=COMMON + ("areas", "gemeente", "sep", "encoding", "sheet")))


def _choose(path, kind: str | None) -> tuple[Reader, "Sniff"]:
    """The reader for ``path`` and the file's head (read at most once, only when a reader looks at it).

    The reader is the one for ``kind`` when given, else the highest score (priority breaks ties).
    """
    from importers.sniff import Sniff

    path = Path(path)
    sniff = Sniff(path)
    if kind is not None:
        for r in REGISTRY:
            if r.kind == kind or r.name == kind:
                return r, sniff
        raise UnknownFormatError(f"Onbekende soort '{kind}' (kies boundaries, counts, incidents, kerncijfers of "
                                 "survey).", path=path)
    if not path.exists():
        raise ImportFileError("Bestand niet gevonden.", path=path)
    if path.is_dir():
        raise ImportFileError("Dit is een map, geen bestand.", path=path)
    scored = sorted(((r.identify(sniff), r.priority, r) for r in REGISTRY), key=lambda t: (t[0], t[1]),
                    reverse=True)
    if not scored or scored[0][0] <= 0:
        raise UnknownFormatError("Onbekend bestandsformaat: verwacht CSV, XLSX, GeoPackage, shapefile (.zip) of "
                                 "GeoJSON.", path=path)
    return scored[0][2], sniff


#: What a file of each kind is, and where it belongs (for the message when it is given in the wrong place).
WHAT = {"boundaries": ("een bestand met gebiedsgrenzen (vlakken)", "als gebiedsgrenzen (--areas)"),
        "counts": ("een tabel met tellingen van de politie of het CBS", "als tellingen (--counts)"),
        "incidents": ("een bestand met incidenten (één rij of punt per melding)", "als incidenten (--incidents)"),
        "kerncijfers": ("een tabel met CBS-kerncijfers (inwoners, stedelijkheid)", "als kerncijfers (--kerncijfers)"),
        "survey": ("een tabel van de Veiligheidsmonitor", "als Veiligheidsmonitor (--vm)")}
NOT = {"boundaries": "geen bestand met gebiedsgrenzen", "counts": "geen tabel met tellingen",
       "incidents": "geen bestand met incidenten", "kerncijfers": "geen tabel met kerncijfers",
       "survey": "geen tabel van de Veiligheidsmonitor"}


def check_kind(path, kind: str, sniff: "Sniff | None" = None) -> "Sniff":
    """Refuse a file given as ``kind`` that clearly is another kind, in one Dutch sentence that says what it is
    and where it belongs (:class:`~kernel.errors.WrongFileError`). Returns the file's head for the reader.

    'Clearly': the reader of ``kind`` does not recognise it at all, or another reader is sure of it (0.9)
    where this one only guesses (0.5, a table without coordinates).
    """
    from importers.sniff import Sniff

    path = Path(path)
    sniff = sniff if sniff is not None else Sniff(path)
    if not path.is_file():
        return sniff  # the reader says what is wrong (missing, a folder)
    scores = {}
    for r in REGISTRY:
        try:
            scores[r.kind] = max(scores.get(r.kind, 0.0), r.identify(sniff))
        except ImportFileError:
            return sniff  # an empty or unreadable file: the reader's own message
    own = scores.get(kind, 0.0)
    if kind == "counts" and path.suffix.lower() in (".xlsx", ".xlsm"):
        return sniff  # a police table saved from Excel: only its reader looks inside (and says what it lacks)
    other, best = max(((k, v) for k, v in scores.items() if k != kind), key=lambda t: t[1], default=(None, 0.0))
    if other is not None and ((own <= 0 and best > 0.2) or (best >= 0.9 and own <= 0.5)):
        raise wrong_file(other, kind, path)
    return sniff


def wrong_file(found: str, given: str, path) -> WrongFileError:
    """The one Dutch sentence for a file of kind ``found`` given as ``given``: what it is and where it belongs;
    ``kind`` on the error is what it is (:func:`read`, asked for any kind, then reads it so)."""
    what, where = WHAT[found]
    error = WrongFileError(f"Dit is {what}, {NOT[given]}. Geef het op {where}.", path=path)
    error.kind = found
    return error


def read(path, *, kind: str | None = None, **options) -> Imported:
    """Read any supported file: the best reader (or the one for ``kind``) with the options it accepts.

    Options that are None, or that the chosen reader does not take, are left out. With ``kind``
    a file that clearly is of another kind is refused (:func:`check_kind`).
    """
    reader, sniff = _choose(path, kind)
    if kind is not None:
        sniff = check_kind(path, reader.kind, sniff)

    def given(r: Reader) -> dict:
        return {k: v for k, v in options.items() if v is not None and k in r.options}

    try:
        data, report = reader.read(Path(path), sniff=sniff, **given(reader))
    except WrongFileError as exc:  # a table saved from Excel is only seen for what it is once read
        other = next((r for r in REGISTRY if r.kind == getattr(exc, "kind", None)), None)
        if kind is not None or other is None:
            raise
        reader = other
        data, report = reader.read(Path(path), sniff=sniff, **given(reader))
    report.reader = report.reader or reader.name
    return Imported(reader.kind, data, report)


def inspect(path, *, max_rows: int | None = None, **options) -> ImportReport:
    """What the importers make of ``path`` (the report only; the data is not kept).

    ``max_rows`` makes it a fast preview (for the import wizard): kind, encoding, separator,
    column mapping, CRS and date order are detected from the first ``max_rows`` rows only,
    and ``report.sample`` (``max_rows``, ``rows``, ``complete``, ``file_bytes``,
    ``rows_estimate``) plus an assumption say that the figures are those of the sample.
    Boundary files whose areas share a code are reported (a warning), not refused as
    :func:`read` refuses them for an analysis.
    """
    options.setdefault("duplicates", "warn")  # a look at the file: areas sharing a code are a warning here
    return read(path, max_rows=max_rows, **options).report


def read_boundaries(path, *, gemeente=None, level=None, **options):
    """Areas (EPSG:28992) and the report; see :func:`importers.boundaries.read_boundaries`.

    A file that clearly holds something else is refused with what it is (:func:`check_kind`).
    """
    sniff = check_kind(path, "boundaries", options.pop("sniff", None))
    return _read_boundaries(path, gemeente=gemeente, level=level, sniff=sniff, **options)


def read_incidents(path, **options):
    """Incidents and the report; see :func:`importers.incidents.read_incidents` (and :func:`check_kind`)."""
    sniff = check_kind(path, "incidents", options.pop("sniff", None))
    return _read_incidents(path, sniff=sniff, **options)


def read_counts(path, *, areas=None, gemeente=None, **options):
    """Counts and the report; see :func:`importers.police.read_counts` (and :func:`check_kind`)."""
    sniff = check_kind(path, "counts", options.pop("sniff", None))
    return _read_counts(path, areas=areas, gemeente=gemeente, sniff=sniff, **options)
