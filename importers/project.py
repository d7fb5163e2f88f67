"""The Wijkbeeld project file: one GeoPackage with the data, the import reports and the settings.

What a project holds is :mod:`importers.projectmodel` (schema v3: several incident sources, themes,
boundary divisions per level). The file is an ordinary GeoPackage (QGIS opens it) with a layer per
frame and a key/value table:

``incidents``, ``incidents_2`` ...   each incident source (attribute tables; x, y in RD metres; no
                                     personal data: the importers already dropped it)
``counts``, ``counts_2`` ...         each counts source (``period`` stored as text ``2014-01``/``2014``)
``areas``, ``areas_wijk`` ...        the first division's areas per level (polygons, EPSG:28992);
                                     ``outlines`` what the map outlines beside them where it is no level
``areas_2``, ``areas_2_wijk`` ...    the second division's, and so on
``wijkbeeld``                        key/value, every value JSON: ``schema_version``, ``sources`` (name,
                                     kind, layer, report, ``period_freq``), ``divisions`` (name and per
                                     level its layer and report), ``themes``, ``settings`` (method,
                                     parameters, filters), ``view`` (what the window showed), ``name``,
                                     ``saved_at``, ``dtypes`` (the column types per layer) and, when the
                                     desktop saved one, ``snapshot``: the window's views as plain JSON
                                     (table rows, chart numbers, the map page), opaque to this module;
                                     :func:`read_snapshot` reads it with the standard library alone, so
                                     that a window can show it before pandas is imported

The layers are named by the metadata, never guessed from their names.

Saving is atomic: the project is written to a temporary file in the same folder,
flushed to disk (``fsync``) and then moved over the old file with
:func:`os.replace`, which is atomic on one file system. A crash or an error at
any step leaves the previous project as it was.

Old files are brought up to date by :data:`MIGRATIONS` (after napari's and
Orange's settings migrations): ``MIGRATIONS[v]`` turns the metadata of version
``v`` into version ``v + 1``. Version 2 had one layer each of ``areas``,
``incidents``, ``counts`` and ``outlines`` and the reports by kind; version 1
kept the analysis settings flat under ``params``.

A project file is input too: :func:`read_meta` checks the metadata against the shapes of
:mod:`importers.projectcheck` (a key that does not fit is left out and named in
:attr:`Project.problems`; a schema version that is not a whole number from 1 to :data:`SCHEMA_VERSION`,
or a layout of sources, divisions and themes that does not fit, is a :class:`~kernel.errors.ProjectError`),
and every failure to read a damaged file is that one Dutch error. Saving minimises
(:func:`minimal_incidents` for every incident source, :func:`importers.personal.minimise_report` for
every import report) and removes the temporary files of interrupted earlier saves of the same project
(:func:`remove_stale_temps`), as opening does.

No Qt here: the desktop saves through this module in a worker thread.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from importers import projectcheck
from importers.projectcheck import META
from importers.projectmodel import (COUNTS, INCIDENTS, OUTLINES, SOURCE_KINDS, Division, Project, Source, Theme,
                                   level_key, name_from_report)
from kernel.errors import Cancelled, ProjectError
from kernel.progress import as_progress

# pandas and .schema (numpy, pandas) are imported inside the functions that need them, so that
# importing this module (the desktop app does so before its window shows) stays cheap.
if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Project", "Source", "Theme", "Division", "SCHEMA_VERSION", "MIGRATIONS", "META", "migrate",
           "save_project", "load_project", "read_meta", "read_snapshot", "remove_stale_temps", "minimal_incidents"]

#: The version this module writes (see the module docstring for the older ones).
SCHEMA_VERSION = 3
META_TABLE = "wijkbeeld"
#: The layers of a version 2 file.
V2_LAYERS = ("areas", "incidents", "counts", "outlines")
#: Rows per pyogrio call when a layer is written (four times as many when it is read, which costs
#: a quarter a row). pyogrio holds the GIL for a whole call: saving 200,000 incidents in one call
#: from a worker thread froze the window for 1.9 s, reading them 0.65 s. In pieces each hold stays
#: under ~60 ms, and progress and cancel work in between; the price is some time, in the background
#: (benchmarks/bench_project_io.py).
CHUNK_ROWS = 4000
_STRING_COLUMNS = ("id", "category", "source", "area", "code", "name")


# -- migrations ---------------------------------------------------------------------------------
def _v1_to_v2(meta: dict) -> dict:
    """Version 1 stored the method name and its parameters flat in ``params``; no view state."""
    params = dict(meta.pop("params", {}) or {})
    method = params.pop("method", "gi_star")
    meta["settings"] = {"method": method, "params": params, "filters": {}}
    meta.setdefault("view", {})
    return meta


def _v2_to_v3(meta: dict) -> dict:
    """Version 2 held one layer each of areas, incidents, counts and outlines and the reports by kind.

    They become the first incident source, the first counts source and the first division (its
    areas at the level of their data, the outlines beside them); a layer the file does not hold
    is left out on reading (``migrated_from``). The settings, the view and the snapshot stay.
    """
    reports = dict(meta.pop("reports", None) or {})
    freq = meta.pop("period_freq", None)
    sources = []
    for kind in SOURCE_KINDS:
        report = reports.pop(kind, None) or {}
        entry = {"name": name_from_report(report, kind), "kind": kind, "layer": kind, "report": report}
        if kind == COUNTS and freq:
            entry["period_freq"] = freq
        sources.append(entry)
    meta["sources"] = sources
    boundaries = reports.pop("boundaries", None) or {}
    meta["divisions"] = [{"name": name_from_report(boundaries, "boundaries"), "layers": [
        {"level": None, "layer": "areas", "report": boundaries},  # the level is the data's own
        {"level": None, "layer": "outlines", "outlines": True}]}]
    meta["themes"] = []
    if reports:  # a kind that had no layer of its own: kept, not lost
        meta["loose_reports"] = reports
    return meta


MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2, 2: _v2_to_v3}


def migrate(meta: dict) -> dict:
    """Bring the metadata of any older version up to :data:`SCHEMA_VERSION` (``migrated_from`` says
    the version the file had, when it had an older one)."""
    version = projectcheck.version(meta.get("schema_version", 1), None, SCHEMA_VERSION)
    if version < SCHEMA_VERSION:
        meta["migrated_from"] = version
    while version < SCHEMA_VERSION:
        meta = MIGRATIONS[version](meta)
        version += 1
        meta["schema_version"] = version
    return meta


def checked_meta(rows, path=None) -> dict:
    """The metadata table's rows (key, JSON text) as a migrated dict that fits :mod:`importers.projectcheck`.

    A value that is no JSON or does not fit is left out (its default instead) and named in the
    result's ``problems``; the schema version must be usable, else :class:`ProjectError`. The layout
    (sources, divisions, themes) is checked when the data are read (:func:`load_project`).
    """
    meta: dict = {}
    found: list[str] = []
    for key, text in rows:
        key = key.decode("utf-8", "replace") if isinstance(key, bytes) else key
        try:
            meta[str(key)] = json.loads(text)
        except (TypeError, ValueError, RecursionError):  # a damaged byte (UnicodeDecodeError) is a ValueError
            if key == "schema_version":
                raise ProjectError("Dit projectbestand is beschadigd: de schemaversie is onleesbaar.",
                                   path=path) from None
            found.append(f"'{key}' is onleesbaar en weggelaten")
    meta["schema_version"] = projectcheck.version(meta.get("schema_version", 1), path, SCHEMA_VERSION)
    projectcheck.fit(meta, projectcheck.LEGACY, found)  # before the migration moves them
    try:
        meta = migrate(meta)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ProjectError("Dit projectbestand is beschadigd: de gegevens van een oudere versie zijn niet om te "
                           "zetten.", path=path) from None
    meta = projectcheck.fit(meta, META, found)
    meta["problems"] = found
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


def _layer_name(*parts) -> str:
    """A layer name from its parts (``areas_2_wijk``): letters, digits and underscores."""
    import re

    return "_".join(re.sub(r"\W+", "_", str(p)).strip("_") or "x" for p in parts if p not in (None, ""))


def layout(project: Project) -> tuple[list, dict]:
    """Where each frame of ``project`` goes: ``[(layer, frame), ...]`` and the metadata that names them
    (``sources``, ``divisions``, ``themes``, ``loose_reports``), frames without data left out.

    The first source of each kind and the first division keep version 2's layer names
    (``incidents``, ``counts``, ``areas``, ``outlines``). What goes is minimised: the incidents keep
    their own columns and the ones the user chose (:func:`minimal_incidents`), the import reports a
    rejected value only where it is not personal (:func:`importers.personal.minimise_report`).
    """
    from importers.personal import minimise_report

    steps, sources, divisions = [], [], []
    seen = {kind: 0 for kind in SOURCE_KINDS}
    for source in project.sources:
        if source.data is None:
            continue
        seen[source.kind] += 1
        layer = _layer_name(source.kind, seen[source.kind] if seen[source.kind] > 1 else None)
        data = minimal_incidents(source.data, source.report) if source.kind == INCIDENTS else source.data
        steps.append((layer, data))
        sources.append({"name": source.name, "kind": source.kind, "layer": layer,
                        "report": minimise_report(source.report)})
    for i, division in enumerate(project.divisions, start=1):
        prefix = _layer_name("areas", i if i > 1 else None)
        entries = []
        for level, frame in division.areas.items():
            if frame is None:
                continue
            if level == division.main:
                layer = prefix
            elif level == OUTLINES:
                layer = "outlines" if i == 1 else _layer_name(prefix, OUTLINES)
            else:
                layer = _layer_name(prefix, level)
            steps.append((layer, frame))
            entry = {"level": level, "layer": layer}
            if level in division.reports:
                entry["report"] = minimise_report(division.reports[level])
            entries.append(entry)
        if entries:
            divisions.append({"name": division.name, "layers": entries})
    meta = {"sources": sources, "divisions": divisions, "themes": [t.to_dict() for t in project.themes]}
    if project.loose_reports:
        meta["loose_reports"] = {k: minimise_report(r) if isinstance(r, dict) else r
                                 for k, r in project.loose_reports.items()}
    return steps, meta


def minimal_incidents(incidents: pd.DataFrame, report: dict | None) -> pd.DataFrame:
    """The incidents as the project keeps them: the Incidents columns, the ``place`` a row without coordinates
    is joined by (:mod:`importers.places`) and the columns the user chose to keep on import
    (``report['extra']['kept_columns']``); nothing else (the AVG's minimisation)."""
    import pandas as pd

    from kernel.schema import INCIDENT_COLUMNS

    extra = (((report or {}).get("extra") or {}).get("kept_columns") or []) if isinstance(report, dict) else []
    keep = [c for c in incidents.columns if c in INCIDENT_COLUMNS or c == "place" or c in extra]
    return pd.DataFrame(incidents[keep]) if len(keep) < incidents.shape[1] else incidents


def _write_layers(project: Project, path: Path, progress) -> dict:
    """Write the data layers into a new GeoPackage at ``path``; return the metadata that names them."""
    import pandas as pd
    import pyogrio

    steps, extra = layout(project)
    by_layer = {s["layer"]: s for s in extra["sources"]}
    total = sum(len(frame) + 1 for _, frame in steps) or 1
    done = 0
    for name, frame in steps:
        extra.setdefault("dtypes", {})[name] = column_types(frame)
        if by_layer.get(name, {}).get("kind") == COUNTS:
            frame, freq = _counts_for_file(frame)
            if freq:
                by_layer[name]["period_freq"] = freq
        elif name in by_layer:
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


def save_project(project: Project, path: str | Path, progress=None, cancelled=None) -> Path:
    """Write ``project`` to ``path`` atomically; the previous file stays intact on any failure.

    What is written is minimised (:func:`layout`), and temporary files left by interrupted earlier
    saves of the same project are removed (:func:`remove_stale_temps`).

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
    remove_stale_temps(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp.gpkg", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # GDAL creates the file itself
    try:
        extra = _write_layers(project, tmp, p.slice(0.0, 0.85))
        p.check()
        meta = {"schema_version": SCHEMA_VERSION, "name": project.name or path.stem,
                "settings": project.settings, "view": project.view,
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
        con.text_factory = bytes  # decoded per value in checked_meta: a damaged byte spoils that value only
        try:
            rows = con.execute(f"SELECT key, value FROM {META_TABLE}").fetchall()
        finally:
            con.close()
    except (sqlite3.Error, UnicodeDecodeError) as exc:  # SQLite quotes a damaged definition, bytes and all
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


def _frame(path: Path, layer: str, meta: dict, progress, *, areas: bool, period_freq=None):
    """One layer as the frame it was saved from (areas in RD New; tables without geometry; periods)."""
    import pandas as pd

    from kernel.schema import RD_NEW

    frame = _fix_types(_read_layer(path, layer, progress))
    _restore_types(frame, (meta.get("dtypes") or {}).get(layer))
    if areas:
        return frame.set_crs(RD_NEW) if frame.crs is None else frame
    frame = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
    if period_freq is not None and "period" in frame.columns:
        frame["period"] = pd.PeriodIndex(frame["period"], freq=period_freq)
    return frame


def load_project(path: str | Path, progress=None, cancelled=None) -> Project:
    """Read a project file (any older schema version is migrated on the fly; metadata that does not fit
    is left out and named in ``problems``, see :func:`checked_meta`).

    Raises
    ------
    ProjectError
        When the file is no project, is newer than this Wijkbeeld, misses a layer its metadata names,
        or is damaged (its layout, or a layer that cannot be read): one Dutch message.
    """
    import pyogrio

    p = as_progress(progress, cancelled)
    path = Path(path)
    meta = read_meta(path)
    projectcheck.check_layout(meta, path)
    remove_stale_temps(path)
    layer = "lagen"
    try:
        layers = {str(row[0]) for row in pyogrio.list_layers(path)}
        entries = [("source", s) for s in meta.get("sources") or []] + \
            [("division", (d, e)) for d in meta.get("divisions") or [] for e in d.get("layers") or []]
        wanted = [(what, item) for what, item in entries
                  if (item if what == "source" else item[1])["layer"] in layers or not meta.get("migrated_from")]
        project = Project(settings=meta.get("settings", {}), view=meta.get("view", {}),
                          name=meta.get("name", path.stem), snapshot=meta.get("snapshot") or {},
                          themes=[Theme.from_dict(t) for t in meta.get("themes") or []],
                          loose_reports=meta.get("loose_reports") or {}, problems=meta.get("problems", []))
        divisions: dict = {}
        for i, (what, item) in enumerate(wanted):
            entry = item if what == "source" else item[1]
            layer = entry["layer"]
            p(i / max(len(wanted), 1), f"{layer} lezen")
            if layer not in layers:
                raise ProjectError(f"Het projectbestand is onvolledig: de laag '{layer}' ontbreekt.", path=path)
            part = p.slice(i / len(wanted), (i + 1) / len(wanted))
            if what == "source":
                freq = (entry.get("period_freq") or "M") if entry["kind"] == COUNTS else None
                frame = _frame(path, layer, meta, part, areas=False, period_freq=freq)
                project.sources.append(Source(entry["name"], entry["kind"], frame, entry.get("report") or {}))
                continue
            d, frame = item[0], _frame(path, layer, meta, part, areas=True)
            division = divisions.get(id(d))
            if division is None:
                division = divisions[id(d)] = Division(d["name"])
                project.divisions.append(division)
            if entry.get("outlines"):  # version 2's outlines: a level beside the areas, or outlines as they are
                division.put_outlines(frame)
                continue
            level = entry.get("level") or level_key(frame)
            division.areas[level] = frame
            if entry.get("report"):
                division.reports[level] = entry["report"]
    except (ProjectError, Cancelled):
        raise
    except Exception as exc:  # noqa: BLE001 - GDAL, SQLite and pandas each raise their own types for a damaged file
        text = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise ProjectError(f"Dit projectbestand is beschadigd: de laag '{layer}' is niet te lezen ({text}).",
                           path=path) from exc
    p(1.0, "geopend")
    return project
