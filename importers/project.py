"""The Wijkbeeld project: one GeoPackage with the data, the import reports and the settings.

A project file is an ordinary GeoPackage (QGIS opens it) with these layers:

``areas``      the Areas (polygons, EPSG:28992)
``incidents``  the Incidents as an attribute table (x, y in RD metres; no personal data: the
               importers already dropped it)
``counts``     the Counts (``period`` stored as text ``2014-01`` / ``2014``)
``outlines``   optional: higher-level areas (wijken) drawn with their names on the map
``wijkbeeld``  a key/value table; every value is JSON: ``schema_version``, ``reports``
               (kind -> :meth:`ImportReport.to_dict`), ``settings`` (method, parameters, filters),
               ``view`` (what the window showed), ``name``, ``saved_at``, ``period_freq`` and, when the
               desktop saved one, ``snapshot``: the window's views as plain JSON (table rows, chart
               numbers, the map page), opaque to this module; :func:`read_snapshot` reads it with
               the standard library alone, so that a window can show it before pandas is imported

Saving is atomic: the project is written to a temporary file in the same folder,
flushed to disk (``fsync``) and then moved over the old file with
:func:`os.replace`, which is atomic on one file system. A crash or an error at
any step leaves the previous project as it was.

Old files are brought up to date by :data:`MIGRATIONS` (after napari's and
Orange's settings migrations): ``MIGRATIONS[v]`` turns the metadata of version
``v`` into version ``v + 1``.

A project file is input too: :func:`read_meta` checks the metadata against :data:`META` (a key that
does not fit is left out and named in :attr:`Project.problems`; a schema version that is not a whole
number from 1 to :data:`SCHEMA_VERSION` is a :class:`~kernel.errors.ProjectError`), and every failure to
read a damaged file is that one Dutch error. Saving minimises (:func:`minimal_incidents`,
:func:`importers.personal.minimise_report`) and removes the temporary files of interrupted earlier saves
of the same project (:func:`remove_stale_temps`), as opening does.

No Qt here: the desktop saves through this module in a worker thread.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from kernel.errors import Cancelled, ProjectError
from kernel.progress import as_progress
from kernel.shape import (Anything, Boolean, Integer, ListOf, MapOf, Null, Number, OneOf, Record, Text,
                          problems)

# pandas and .schema (numpy, pandas) are imported inside the functions that need them, so that
# importing this module (the desktop app does so before its window shows) stays cheap.
if TYPE_CHECKING:
    import pandas as pd

#: The version this module writes. Version 1 kept the analysis settings flat under ``params``.
SCHEMA_VERSION = 2
META_TABLE = "wijkbeeld"
LAYERS = ("areas", "incidents", "counts", "outlines")
#: Rows per pyogrio call when a layer is written (four times as many when it is read, which costs
#: a quarter a row). pyogrio holds the GIL for a whole call: saving 200,000 incidents in one call
#: from a worker thread froze the window for 1.9 s, reading them 0.65 s. In pieces each hold stays
#: under ~60 ms, and progress and cancel work in between; the price is some time, in the background
#: (benchmarks/bench_project_io.py).
CHUNK_ROWS = 4000
_STRING_COLUMNS = ("id", "category", "source", "area", "code", "name")


@dataclass
class Project:
    """Everything the user loaded and chose, as plain frames and dicts."""

    areas: Any = None          # GeoDataFrame (Areas) or None
    incidents: Any = None      # DataFrame (Incidents) or None
    counts: Any = None         # DataFrame (Counts) or None
    outlines: Any = None       # GeoDataFrame of wijken (Areas) to outline and name on the map, or None
    reports: dict = field(default_factory=dict)   # kind -> ImportReport.to_dict()
    settings: dict = field(default_factory=dict)  # {"method": str, "params": {...}, "filters": {...}}
    view: dict = field(default_factory=dict)      # {"selected": [codes], "tab": str, ...}
    name: str = ""
    snapshot: dict = field(default_factory=dict)  # what the window showed (desktop.snapshot); {} when none
    problems: list = field(default_factory=list)  # what of a damaged file's metadata was left out (Dutch)

    def is_empty(self) -> bool:
        return self.areas is None and self.incidents is None and self.counts is None


# -- the shape of the metadata -------------------------------------------------------------------
_SCALAR = OneOf((Text(1000), Number(), Boolean(), Null()))
_MONTH = OneOf((Text(7, r"\d{4}-\d{2}"), Null()))
_REJECTION = Record({"row": Integer(0), "column": OneOf((Text(1000), Null())), "value": Anything(),
                     "reason": Text(1000)})
_REPORT = Record({"rejections": ListOf(_REJECTION, max_len=10_000_000), "personal_data_columns": ListOf(Text(1000)),
                  "column_mapping": MapOf(Text(1000)), "assumptions": ListOf(Text(10_000)),
                  "warnings": ListOf(Text(10_000))},
                 optional={"rejections", "personal_data_columns", "column_mapping", "assumptions", "warnings"},
                 extra=True)
#: What each key of the metadata table may hold (after migration). Keys not named here are kept as
#: they are but never used.
META: dict = {
    "name": Text(500),
    "saved_at": Text(100),
    "period_freq": Text(10, r"[A-Z]{1,2}(?:-[A-Z]{3})?"),
    "reports": MapOf(_REPORT, max_len=20),
    "settings": Record({"method": OneOf((Text(100), Null())), "params": MapOf(_SCALAR, max_len=200),
                        "filters": Record({"start": _MONTH, "end": _MONTH, "category": OneOf((Text(1000), Null()))},
                                          optional={"start", "end", "category"}),
                        "export": Record({"suppress": Boolean(), "threshold": Integer(1, 10_000), "points": Boolean()},
                                         optional={"suppress", "threshold", "points"})},
                       optional={"method", "params", "filters", "export"}),
    "view": Record({"selected": ListOf(Text(100), max_len=100_000)}, optional={"selected"}, extra=True),
    "snapshot": MapOf(Anything(), max_len=100),  # its parts: desktop.snapshot.SNAPSHOT
}
DEFAULTS = {"reports": {}, "settings": {}, "view": {}, "snapshot": {}}


def _version(value, path) -> int:
    """The schema version as a whole number from 1 to :data:`SCHEMA_VERSION` (else a Dutch ProjectError)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ProjectError(f"Dit projectbestand is beschadigd: de schemaversie {value!r} bestaat niet "
                           f"(verwacht 1 tot en met {SCHEMA_VERSION}).", path=path)
    if value > SCHEMA_VERSION:
        raise ProjectError(f"Dit project is gemaakt met een nieuwere Wijkbeeld (schemaversie {value}); "
                           f"deze versie leest tot en met {SCHEMA_VERSION}.", path=path, hint="werk Wijkbeeld bij")
    return value


def checked_meta(rows, path=None) -> dict:
    """The metadata table's rows (key, JSON text) as a migrated dict in which every key fits :data:`META`.

    A value that is no JSON or does not fit is left out (its default instead) and named in the
    result's ``problems``; the schema version must be usable, else :class:`ProjectError`.
    """
    meta: dict = {}
    found: list[str] = []
    for key, text in rows:
        try:
            meta[str(key)] = json.loads(text)
        except (TypeError, ValueError, RecursionError):
            if key == "schema_version":
                raise ProjectError("Dit projectbestand is beschadigd: de schemaversie is onleesbaar.",
                                   path=path) from None
            found.append(f"'{key}' is onleesbaar en weggelaten")
    meta["schema_version"] = _version(meta.get("schema_version", 1), path)
    try:
        meta = migrate(meta)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ProjectError("Dit projectbestand is beschadigd: de gegevens van een oudere versie zijn niet om te "
                           "zetten.", path=path) from None
    for key, shape in META.items():
        if key in meta and (bad := problems(meta[key], shape)):
            found.append(f"'{key}' weggelaten ({bad[0]})")
            meta.pop(key)
            if key in DEFAULTS:
                meta[key] = DEFAULTS[key]
    meta["problems"] = found
    return meta


# -- migrations ---------------------------------------------------------------------------------
def _v1_to_v2(meta: dict) -> dict:
    """Version 1 stored the method name and its parameters flat in ``params``; no view state."""
    params = dict(meta.pop("params", {}) or {})
    method = params.pop("method", "gi_star")
    meta["settings"] = {"method": method, "params": params, "filters": {}}
    meta.setdefault("view", {})
    return meta


MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2}


def migrate(meta: dict) -> dict:
    """Bring the metadata of any older version up to :data:`SCHEMA_VERSION`."""
    version = _version(meta.get("schema_version", 1), None)
    while version < SCHEMA_VERSION:
        meta = MIGRATIONS[version](meta)
        version += 1
        meta["schema_version"] = version
    return meta


# -- writing ------------------------------------------------------------------------------------
def _counts_for_file(counts: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    import pandas as pd

    out = counts.copy()
    freq = None
    if "period" in out.columns and isinstance(out["period"].dtype, pd.PeriodDtype):
        freq = pd.PeriodIndex(out["period"]).freqstr
        out["period"] = out["period"].astype(str)
    return out, freq


def _write_layers(project: Project, path: Path, progress) -> dict:
    """Write the data layers into a new GeoPackage at ``path``; return extra metadata."""
    import pandas as pd
    import pyogrio

    extra: dict = {}
    steps = [(name, getattr(project, name)) for name in LAYERS if getattr(project, name) is not None]
    total = sum(len(frame) + 1 for _, frame in steps) or 1
    done = 0
    for name, frame in steps:
        if name == "counts":
            frame, extra["period_freq"] = _counts_for_file(frame)
        elif name == "incidents":
            frame = pd.DataFrame(frame)
        # the layer's geometry type is fixed by the first piece: one with polygons and multipolygons is
        # written as multipolygons throughout, as one call would (pyogrio's automatic promotion)
        kw = {"promote_to_multi": bool(frame.geom_type.str.startswith("Multi").any())} \
            if hasattr(frame, "geom_type") else {}
        for start in range(0, max(len(frame), 1), CHUNK_ROWS):  # see CHUNK_ROWS
            progress((done + start) / total, f"{name} wegschrijven")
            pyogrio.write_dataframe(frame.iloc[start:start + CHUNK_ROWS], path, layer=name, driver="GPKG",
                                    append=start > 0, **kw)
        done += len(frame) + 1
    return extra


def _write_meta(path: Path, meta: dict) -> None:
    """The key/value table, registered in gpkg_contents so that GDAL and QGIS see it."""
    con = sqlite3.connect(path)
    try:
        with con:
            con.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            con.executemany(f"INSERT OR REPLACE INTO {META_TABLE} VALUES (?, ?)",
                            [(k, json.dumps(v, ensure_ascii=False, default=str)) for k, v in meta.items()])
            has_contents = con.execute(
                "SELECT count(*) FROM sqlite_master WHERE name='gpkg_contents'").fetchone()[0]
            if has_contents:
                con.execute("INSERT OR REPLACE INTO gpkg_contents (table_name, data_type, identifier) "
                            "VALUES (?, 'attributes', ?)", (META_TABLE, META_TABLE))
    finally:
        con.close()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows cannot open a folder
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


#: A temporary file of a save that has not been written to for this long is left over from an interrupted
#: save (a save in progress writes every few milliseconds); the next save or open of the project removes it.
STALE_SECONDS = 120


def _temp_pattern(path: Path) -> re.Pattern:
    """The names :func:`save_project` gives its temporary files for ``path`` (mkstemp adds 8 characters),
    with SQLite's journal files beside them."""
    return re.compile(rf"\.{re.escape(path.stem)}\.[a-z0-9_]{{8}}\.tmp\.gpkg(?:-journal|-wal|-shm)?")


def remove_stale_temps(path: str | Path, *, older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove the temporary files that interrupted saves of ``path`` left beside it; returns what was removed.

    Only files named as :func:`save_project` names them for this project, and only when nothing wrote
    to them for ``older_than`` seconds (another window may be saving the same project right now).
    """
    import time

    path = Path(path)
    folder = path.resolve().parent
    pattern, now, removed = _temp_pattern(path), time.time(), []
    try:
        candidates = [p for p in folder.iterdir() if pattern.fullmatch(p.name)]
    except OSError:
        return removed
    for p in candidates:
        try:
            if now - p.stat().st_mtime >= older_than and p.is_file():
                p.unlink()
                removed.append(p)
        except OSError:  # gone meanwhile, or in use (Windows): the next save tries again
            continue
    return removed


def minimal_incidents(incidents: pd.DataFrame, reports: dict) -> pd.DataFrame:
    """The incidents as the project keeps them: the Incidents columns and the columns the user chose to keep
    on import (``reports['incidents']['extra']['kept_columns']``); nothing else (the AVG's minimisation)."""
    import pandas as pd

    from kernel.schema import INCIDENT_COLUMNS

    extra = ((reports.get("incidents") or {}).get("extra") or {}).get("kept_columns") or []
    keep = [c for c in incidents.columns if c in INCIDENT_COLUMNS or c in extra]
    return pd.DataFrame(incidents[keep]) if len(keep) < incidents.shape[1] else incidents


def save_project(project: Project, path: str | Path, progress=None, cancelled=None) -> Path:
    """Write ``project`` to ``path`` atomically; the previous file stays intact on any failure.

    What is written is minimised: the incidents keep only their own columns and the ones the user
    chose (:func:`minimal_incidents`); the import reports keep a rejected value only where it is not
    personal (:func:`importers.personal.minimise_report`). Temporary files left by interrupted earlier
    saves of the same project are removed (:func:`remove_stale_temps`).

    Raises
    ------
    ProjectError
        When the folder cannot be written (the message says which).
    """
    from importers.personal import minimise_report

    p = as_progress(progress, cancelled)
    path = Path(path)
    folder = path.resolve().parent
    if not folder.is_dir():
        raise ProjectError("De map bestaat niet.", path=folder)
    remove_stale_temps(path)
    reports = {kind: minimise_report(r) if isinstance(r, dict) else r for kind, r in (project.reports or {}).items()}
    if project.incidents is not None:
        project = replace(project, incidents=minimal_incidents(project.incidents, reports))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp.gpkg", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # GDAL creates the file itself
    try:
        extra = _write_layers(project, tmp, p.slice(0.0, 0.85))
        p.check()
        meta = {"schema_version": SCHEMA_VERSION, "name": project.name or path.stem,
                "reports": reports, "settings": project.settings, "view": project.view,
                "saved_at": datetime.now().isoformat(timespec="seconds"), **extra}
        if project.snapshot:
            meta["snapshot"] = project.snapshot
        if not tmp.exists():  # an empty project: only the metadata table
            sqlite3.connect(tmp).close()
        _write_meta(tmp, meta)
        p(0.9, "naar schijf schrijven")
        _fsync(tmp)
        os.replace(tmp, path)
        _fsync_dir(folder)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, ProjectError):
            raise ProjectError(f"Opslaan is mislukt: {exc.strerror or exc}", path=path) from exc
        raise
    p(1.0, "opgeslagen")
    return path


# -- reading ------------------------------------------------------------------------------------
def _connect_read_only(path: Path) -> sqlite3.Connection:
    """The file, read-only; through its file URI so that a ``#`` or ``%`` in a folder name stays a name."""
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)


def read_meta(path: str | Path) -> dict:
    """The (migrated) metadata of a project file, without reading the data."""
    path = Path(path)
    if not path.is_file():
        raise ProjectError("Het projectbestand bestaat niet.", path=path)
    try:
        con = _connect_read_only(path)
        try:
            rows = con.execute(f"SELECT key, value FROM {META_TABLE}").fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise ProjectError("Dit is geen Wijkbeeld-project (geen geldige GeoPackage met projectgegevens), of het "
                           "bestand is beschadigd.", path=path) from exc
    return checked_meta(rows, path)


def read_snapshot(path: str | Path) -> dict:
    """The project's ``snapshot`` (``{}`` when it has none or the file is no project); standard library only."""
    try:
        con = _connect_read_only(Path(path))
        try:
            row = con.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'snapshot'").fetchone()
        finally:
            con.close()
        snap = json.loads(row[0]) if row else {}
    except (sqlite3.Error, ValueError, TypeError, OSError, RecursionError):
        return {}
    return snap if isinstance(snap, dict) else {}


def _fix_types(frame: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    for col in _STRING_COLUMNS:
        if col in frame.columns:
            frame[col] = frame[col].astype("string")
    for col in ("start", "end"):
        if col in frame.columns:
            frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
    return frame


def _read_layer(path: Path, name: str, progress):
    """One layer, read in pieces of ``4 * CHUNK_ROWS`` rows (see :data:`CHUNK_ROWS`)."""
    import pandas as pd
    import pyogrio

    rows, piece = pyogrio.read_info(path, layer=name)["features"], 4 * CHUNK_ROWS
    if rows <= piece:
        return pyogrio.read_dataframe(path, layer=name)
    parts = []
    for start in range(0, rows, piece):
        progress(start / rows, f"{name} lezen")
        parts.append(pyogrio.read_dataframe(path, layer=name, skip_features=start, max_features=piece))
    return pd.concat(parts, ignore_index=True)


def load_project(path: str | Path, progress=None, cancelled=None) -> Project:
    """Read a project file (any older schema version is migrated on the fly)."""
    import pandas as pd
    import pyogrio

    from kernel.schema import RD_NEW

    p = as_progress(progress, cancelled)
    path = Path(path)
    meta = read_meta(path)
    remove_stale_temps(path)
    data: dict = {}
    name = "lagen"
    try:
        layers = {row[0] for row in pyogrio.list_layers(path)}
        for i, name in enumerate(LAYERS):
            p(i / len(LAYERS), f"{name} lezen")
            if name not in layers:
                continue
            frame = _read_layer(path, name, p.slice(i / len(LAYERS), (i + 1) / len(LAYERS)))
            frame = _fix_types(frame)
            if name in ("areas", "outlines"):
                if frame.crs is None:
                    frame = frame.set_crs(RD_NEW)
            else:
                frame = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
            if name == "counts" and "period" in frame.columns:
                frame["period"] = pd.PeriodIndex(frame["period"], freq=meta.get("period_freq") or "M")
            data[name] = frame
    except (ProjectError, Cancelled):
        raise
    except Exception as exc:  # noqa: BLE001 - GDAL, SQLite and pandas each raise their own types for a damaged file
        text = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise ProjectError(f"Dit projectbestand is beschadigd: de laag '{name}' is niet te lezen ({text}).",
                           path=path) from exc
    p(1.0, "geopend")
    return Project(areas=data.get("areas"), incidents=data.get("incidents"), counts=data.get("counts"),
                   outlines=data.get("outlines"),
                   reports=meta.get("reports", {}), settings=meta.get("settings", {}),
                   view=meta.get("view", {}), name=meta.get("name", path.stem),
                   snapshot=meta.get("snapshot") or {}, problems=meta.get("problems", []))
