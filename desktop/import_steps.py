"""The import wizard's work and words, without Qt (the steps run in the worker process).

- :func:`detect`: what the importers make of a file, from its first rows (the wizard's second page);
- :func:`report_lines`: an :class:`importers.report.ImportReport` in plain Dutch (no ``start ←``);
- :func:`cell_text`: a preview cell as the user should read it (no ``nan``);
- :data:`FIELDS`: which boxes each kind of file has.
"""
from __future__ import annotations

from pathlib import Path

from desktop import tasks

#: Rows read for the detection page (importers.read(max_rows=...)); the import itself reads the whole file.
PREVIEW_ROWS = 2000
#: Map files (:data:`MAP_SUFFIXES`) up to this size are read whole at the detection step: GDAL parses a GeoJSON
#: whole to give its first rows (the national wijken, 3.8 MB: 2,000 of its 3,475 rows took 0.35-0.39 s, all of
#: them 0.37 s), so reading them all costs the detection nothing and leaves the import step nothing to read (the
#: wizard keeps what the detection read when no option changed). A table of incidents (CSV, Excel) keeps its
#: sample: there every row costs.
WHOLE_MAP_BYTES = 50_000_000
MAP_SUFFIXES = (".geojson", ".gpkg", ".shp", ".fgb", ".gml", ".kml")

#: The boxes of the wizard per kind of file: the file's own (encoding, separator) and the columns.
FIELDS = {
    "incidents": ("encoding", "sep", "crs", "dayfirst", "x", "y", "start", "end", "category", "id"),
    "boundaries": ("encoding", "sep", "crs", "code", "name"),
    "counts": ("encoding", "sep"),
}
#: The column roles among :data:`FIELDS` (a choice of one of the file's columns).
ROLES = ("x", "y", "start", "end", "category", "id", "code", "name")

#: Dutch names of the columns the importers map (ImportReport.column_mapping's keys).
ROLE_LABELS = {"x": "X-coördinaat", "y": "Y-coördinaat", "start": "begin (datum/tijd)", "end": "eind (datum/tijd)",
               "category": "categorie", "id": "registratienummer", "registration": "bronregistratie",
               "source": "bron", "code": "gebiedscode", "name": "naam", "wijk_code": "wijkcode",
               "gemeente_code": "gemeentecode", "gemeente_name": "gemeentenaam", "population": "inwoners",
               "period": "periode", "count": "aantal", "geometry": "geometrie", "label": "gebiedsnaam"}

_MISSING_TEXT = {"nan", "none", "nat", "<na>", "null"}


def detect(path, areas=None, progress=None, cancelled=None):
    """Detection on the first rows only (the 16k-row Groningen XLSX: ~1 s instead of ~10 s), or on the whole of a
    map file of at most :data:`WHOLE_MAP_BYTES` (no slower than its first rows).

    Returns ``(kind, data, report, head)``: when the sample turned out to be the whole file its data is
    kept (no second read); otherwise ``data`` is None and the import step reads the file. ``head`` is the
    first rows as text for the preview (None when they cannot be shown).
    """
    extra = {"areas": areas} if areas is not None else {}
    kind, data, report = tasks.read_file(path, None, progress=progress, cancelled=cancelled,
                                        max_rows=None if _read_whole(path) else PREVIEW_ROWS, **extra)
    if report.sample and not report.sample.get("complete"):  # ImportReport.sample: a dict or None
        data = None
    if kind == "boundaries" and data is not None:
        prepare_map_here(data)
    try:
        head = tasks.preview(path, report)
    except Exception:  # noqa: BLE001 - a preview is a courtesy; the import itself already worked
        head = None
    return kind, data, report, head


def read(path, kind, progress=None, cancelled=None, **overrides):
    """The import step (:func:`desktop.tasks.read_file` with the user's choices), boundaries' map started."""
    kind, data, report = tasks.read_file(path, kind, progress=progress, cancelled=cancelled, **overrides)
    if kind == "boundaries" and data is not None:
        prepare_map_here(data)
    return kind, data, report


def prepare_map_here(areas) -> bool:
    """Start the map of boundaries just read (:func:`mapping.simplify.prepare_map`) in the process that will draw
    it: the worker where the window sends such areas (:func:`desktop.procpool.wants_process`), else the window's
    own process (a thread there). Whether it started here."""
    from desktop import packing, procpool

    if procpool.wants_process((areas,), {}) != packing.IN_WORKER:
        return False
    from mapping.simplify import prepare_map

    prepare_map(areas)
    return True


def _read_whole(path) -> bool:
    """Whether the detection reads ``path`` whole (:data:`WHOLE_MAP_BYTES`)."""
    path = Path(path)
    try:
        return path.suffix.lower() in MAP_SUFFIXES and path.stat().st_size <= WHOLE_MAP_BYTES
    except OSError:
        return False


def cell_text(value) -> str:
    """A cell of the preview or the rejected rows as text; missing values empty (never ``nan``).

    >>> [cell_text(v) for v in (None, float("nan"), "nan", "NaT", 3, "Noord")]
    ['', '', '', '', '3', 'Noord']
    """
    if value is None:
        return ""
    try:
        if value != value:  # NaN, NaT
            return ""
    except (TypeError, ValueError):
        pass
    text = str(value)
    return "" if text.strip().lower() in _MISSING_TEXT else text


def source_crs(report) -> str | None:
    """The coordinate system the file itself was in (before any conversion to RD New)."""
    extra = getattr(report, "extra", None) or {}
    if extra.get("source_crs"):
        return str(extra["source_crs"])
    for sentence in getattr(report, "assumptions", []):
        if sentence.startswith("Omgezet van "):
            return sentence.removeprefix("Omgezet van ").split(" naar ")[0]
    return getattr(report, "crs", None)


def mapping_line(mapping: dict) -> str:
    """The columns found, in Dutch words.

    >>> mapping_line({"start": "Begindatum", "category": "Soort"})
    "Gevonden kolommen: begin (datum/tijd) = 'Begindatum'; categorie = 'Soort'"
    """
    return "Gevonden kolommen: " + "; ".join(f"{ROLE_LABELS.get(k, k)} = '{v}'" for k, v in mapping.items())


def report_lines(report) -> list[str]:
    """The report as the wizard shows it: :meth:`ImportReport.summary` with the columns in Dutch words,
    without the encoding of a spreadsheet, and no ``nan``."""
    out = []
    for line in report.summary().splitlines():
        if line.startswith("Kolommen: "):
            out.append(mapping_line(report.column_mapping))
        elif line.startswith("Codering: xlsx"):
            continue
        else:
            out.append(line.replace("(waarde: nan)", "(leeg)").replace("(waarde: None)", "(leeg)"))
    return out


def kept_nothing(report) -> bool:
    """Whether an import kept no row at all (then it cannot be added to the project)."""
    return int(getattr(report, "rows_kept", 0) or 0) == 0


def file_name(report) -> str:
    return Path(getattr(report, "path", "") or "").name
