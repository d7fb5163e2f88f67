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

No Qt here: the desktop saves through this module in a worker thread.
"""
from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from kernel.errors import ProjectError
from kernel.progress import as_progress

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

    def is_empty(self) -> bool:
        return self.areas is None and self.incidents is None and self.counts is None


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
    version = int(meta.get("schema_version", 1))
    if version > SCHEMA_VERSION:
        raise ProjectError(f"Dit project is gemaakt met een nieuwere Wijkbeeld (schemaversie {version}); "
                           f"deze versie leest tot en met {SCHEMA_VERSION}.",
                           hint="werk Wijkbeeld bij")
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
        extra.setdefault("dtypes", {})[name] = column_types(frame)
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


def save_project(project: Project, path: str | Path, progress=None, cancelled=None) -> Path:
    """Write ``project`` to ``path`` atomically; the previous file stays intact on any failure.

    Raises
    ------
    ProjectError
        When the folder cannot be written (the message says which).
    """
    p = as_progress(progress, cancelled)
    path = Path(path)
    folder = path.resolve().parent
    if not folder.is_dir():
        raise ProjectError("De map bestaat niet.", path=folder)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp.gpkg", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # GDAL creates the file itself
    try:
        extra = _write_layers(project, tmp, p.slice(0.0, 0.85))
        p.check()
        meta = {"schema_version": SCHEMA_VERSION, "name": project.name or path.stem,
                "reports": project.reports, "settings": project.settings, "view": project.view,
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
    except sqlite3.DatabaseError as exc:
        raise ProjectError("Dit is geen Wijkbeeld-project (geen geldige GeoPackage met projectgegevens).",
                           path=path) from exc
    return migrate({k: json.loads(v) for k, v in rows})


def read_snapshot(path: str | Path) -> dict:
    """The project's ``snapshot`` (``{}`` when it has none or the file is no project); standard library only."""
    try:
        con = _connect_read_only(Path(path))
        try:
            row = con.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'snapshot'").fetchone()
        finally:
            con.close()
        return json.loads(row[0]) if row else {}
    except (sqlite3.Error, ValueError, OSError):
        return {}


def _fix_types(frame: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    for col in _STRING_COLUMNS:
        if col in frame.columns:
            frame[col] = frame[col].astype("string")
    for col in ("start", "end"):
        if col in frame.columns:
            frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
    return frame


def column_types(frame) -> dict[str, str]:
    """The pandas type of each column (geometry and periods aside), to give them back on reading.

    A GeoPackage stores text, integers, floats and datetimes; pandas' nullable integers come back
    as floats, ``string`` as ``str`` and datetimes in milliseconds unless they are given back.
    """
    import pandas as pd

    return {str(c): str(t) for c, t in frame.dtypes.items()
            if c != "geometry" and not isinstance(t, pd.PeriodDtype) and str(t) != "geometry"}


def _restore_types(frame, types: dict) -> None:
    """Give the columns the types they had when saved (:func:`column_types`); a type that does not fit is left."""
    for col, dtype in (types or {}).items():
        if col in frame.columns and str(frame[col].dtype) != dtype:
            try:
                frame[col] = frame[col].astype(dtype)
            except (TypeError, ValueError):
                pass


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
    layers = {row[0] for row in pyogrio.list_layers(path)}
    data: dict = {}
    for i, name in enumerate(LAYERS):
        p(i / len(LAYERS), f"{name} lezen")
        if name not in layers:
            continue
        frame = _read_layer(path, name, p.slice(i / len(LAYERS), (i + 1) / len(LAYERS)))
        frame = _fix_types(frame)
        _restore_types(frame, (meta.get("dtypes") or {}).get(name))
        if name in ("areas", "outlines"):
            if frame.crs is None:
                frame = frame.set_crs(RD_NEW)
        else:
            frame = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
        if name == "counts" and "period" in frame.columns:
            frame["period"] = pd.PeriodIndex(frame["period"], freq=meta.get("period_freq") or "M")
        data[name] = frame
    p(1.0, "geopend")
    return Project(areas=data.get("areas"), incidents=data.get("incidents"), counts=data.get("counts"),
                   outlines=data.get("outlines"),
                   reports=meta.get("reports", {}), settings=meta.get("settings", {}),
                   view=meta.get("view", {}), name=meta.get("name", path.stem),
                   snapshot=meta.get("snapshot") or {})
