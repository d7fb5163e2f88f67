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

from importers.projectmodel import (COUNTS, OUTLINES, SOURCE_KINDS, Division, Project, Source, Theme, level_key,
                                   name_from_report)
from kernel.errors import ProjectError
from kernel.progress import as_progress

# pandas and .schema (numpy, pandas) are imported inside the functions that need them, so that
# importing this module (the desktop app does so before its window shows) stays cheap.
if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Project", "Source", "Theme", "Division", "SCHEMA_VERSION", "MIGRATIONS", "migrate", "save_project",
           "load_project", "read_meta", "read_snapshot"]

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
    version = int(meta.get("schema_version", 1))
    if version > SCHEMA_VERSION:
        raise ProjectError(f"Dit project is gemaakt met een nieuwere Wijkbeeld (schemaversie {version}); "
                           f"deze versie leest tot en met {SCHEMA_VERSION}.",
                           hint="werk Wijkbeeld bij")
    if version < SCHEMA_VERSION:
        meta["migrated_from"] = version
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


def _layer_name(*parts) -> str:
    """A layer name from its parts (``areas_2_wijk``): letters, digits and underscores."""
    import re

    return "_".join(re.sub(r"\W+", "_", str(p)).strip("_") or "x" for p in parts if p not in (None, ""))


def layout(project: Project) -> tuple[list, dict]:
    """Where each frame of ``project`` goes: ``[(layer, frame), ...]`` and the metadata that names them
    (``sources``, ``divisions``, ``themes``, ``loose_reports``), frames without data left out.

    The first source of each kind and the first division keep version 2's layer names
    (``incidents``, ``counts``, ``areas``, ``outlines``).
    """
    steps, sources, divisions = [], [], []
    seen = {kind: 0 for kind in SOURCE_KINDS}
    for source in project.sources:
        if source.data is None:
            continue
        seen[source.kind] += 1
        layer = _layer_name(source.kind, seen[source.kind] if seen[source.kind] > 1 else None)
        steps.append((layer, source.data))
        sources.append({"name": source.name, "kind": source.kind, "layer": layer, "report": source.report})
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
                entry["report"] = division.reports[level]
            entries.append(entry)
        if entries:
            divisions.append({"name": division.name, "layers": entries})
    meta = {"sources": sources, "divisions": divisions, "themes": [t.to_dict() for t in project.themes]}
    if project.loose_reports:
        meta["loose_reports"] = project.loose_reports
    return steps, meta


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


def _check_layout(meta: dict, path: Path) -> None:
    """The v3 metadata that names the layers has the shape :func:`layout` writes (a damaged or hand-edited
    file is a Dutch :class:`ProjectError`, never a traceback)."""
    def bad(what):
        return ProjectError(f"Het projectbestand is beschadigd: {what}.", path=path)

    def text(value) -> bool:
        return isinstance(value, str) and value != ""

    for key in ("sources", "divisions", "themes"):
        if not isinstance(meta.get(key, []), list):
            raise bad(f"'{key}' is geen lijst")
    for s in meta.get("sources", []):
        if not (isinstance(s, dict) and text(s.get("name")) and s.get("kind") in SOURCE_KINDS and text(s.get("layer"))
                and isinstance(s.get("report", {}), dict)):
            raise bad("een bron zonder naam, soort of laag")
    for d in meta.get("divisions", []):
        if not (isinstance(d, dict) and text(d.get("name")) and isinstance(d.get("layers"), list)
                and all(isinstance(e, dict) and text(e.get("layer")) for e in d["layers"])):
            raise bad("een gebiedsindeling zonder naam of lagen")
    for t in meta.get("themes", []):
        cats = t.get("categories", {}) if isinstance(t, dict) else None
        if not (isinstance(t, dict) and text(t.get("name")) and isinstance(cats, dict)
                and all(isinstance(v, list) and all(isinstance(c, str) for c in v) for v in cats.values())):
            raise bad("een thema zonder naam of met onleesbare categorieën")


def load_project(path: str | Path, progress=None, cancelled=None) -> Project:
    """Read a project file (any older schema version is migrated on the fly).

    Raises
    ------
    ProjectError
        When the file is no project, is newer than this Wijkbeeld, or misses a layer its metadata names.
    """
    import pyogrio

    p = as_progress(progress, cancelled)
    path = Path(path)
    meta = read_meta(path)
    _check_layout(meta, path)
    layers = {str(row[0]) for row in pyogrio.list_layers(path)}
    entries = [("source", s) for s in meta.get("sources") or []] + \
        [("division", (d, e)) for d in meta.get("divisions") or [] for e in d.get("layers") or []]
    wanted = [(what, item) for what, item in entries
              if (item if what == "source" else item[1])["layer"] in layers or not meta.get("migrated_from")]
    project = Project(settings=meta.get("settings", {}), view=meta.get("view", {}),
                      name=meta.get("name", path.stem), snapshot=meta.get("snapshot") or {},
                      themes=[Theme.from_dict(t) for t in meta.get("themes") or []],
                      loose_reports=meta.get("loose_reports") or {})
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
    p(1.0, "geopend")
    return project
