"""Incidents from JSON records and from map files with points (GeoJSON, GeoPackage, shapefile).

Meldingen systems' APIs export a JSON array of records (or an object holding one,
as ``{"count": 120, "results": [...]}``), with nested fields; their map exports are
GeoJSON points, where a melding without a location has a ``null`` geometry. Both
become a table for the incident reader (:func:`importers.tables.read_table`):

* JSON: nested objects flattened to ``location.address.postcode`` style columns; a
  list of two or three numbers (``coordinates``) split into ``x`` and ``y``; other
  lists written out as text. Record *N* is row *N* (the frame's index is ``N - 2``,
  as :func:`~importers.tables.read_table` promises ``index + 2`` is the row).
* Points: the properties and a WKT column ``geometry`` (empty for a null geometry),
  in the file's coordinate system (``report.extra["file_crs"]``). Feature *N* is row *N*.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from importers.report import ImportReport
from kernel.errors import ImportFileError

GEO_POINT_SUFFIXES = (".geojson", ".gpkg", ".shp", ".zip", ".fgb", ".gml", ".kml", ".json")
_GEOMETRY_TYPE = re.compile(rb'"geometry"\s*:\s*\{\s*"type"\s*:\s*"(Multi)?(Point|Polygon|LineString)"')


def geometry_kind(path: Path, head: bytes) -> str | None:
    """``"point"``, ``"polygon"``, ``"line"`` for a map file (from its head or its layer info), else None."""
    suffix = path.suffix.lower()
    if suffix in (".json", ".geojson"):
        if b'"FeatureCollection"' not in head[:4096] and b'"Feature"' not in head[:4096]:
            return None
        m = _GEOMETRY_TYPE.search(head)
        return None if m is None else m.group(2).decode().lower().replace("linestring", "line")
    if suffix not in GEO_POINT_SUFFIXES:
        return None
    try:
        import pyogrio

        kinds = [str(t or "").lower() for _, t in pyogrio.list_layers(path)]  # the first layer decides
    except Exception:  # noqa: BLE001 - not a map file GDAL reads: the boundary reader says why
        return None
    for name in ("point", "polygon", "line"):
        if kinds and name in kinds[0]:
            return name
    return None


def is_json_records(path: Path, head: bytes) -> bool:
    """A JSON file that is not GeoJSON: an array, or an object (which :func:`read_records` searches for records)."""
    if path.suffix.lower() != ".json":
        return False
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text[:1] in (b"[", b"{") and b'"FeatureCollection"' not in head[:4096]


def _records(data, path) -> tuple[list, str | None]:
    if isinstance(data, list):
        return data, None
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value[:50]):
                return value, key
    raise ImportFileError("Dit JSON-bestand bevat geen lijst met records (zoals [{...}, {...}]).", path=path)


def _split_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists of two or three numbers become two columns ``x`` and ``y`` (GeoJSON order); other lists text."""
    for col in list(frame.columns):
        values = frame[col]
        if values.dtype != object:
            continue
        lists = values.map(lambda v: isinstance(v, (list, tuple, dict)))
        if not lists.any():
            continue
        pairs = values.map(lambda v: isinstance(v, (list, tuple)) and len(v) in (2, 3)
                           and all(isinstance(n, (int, float)) for n in v))
        if pairs[lists].all() and not {"x", "y"} & set(frame.columns):
            frame["x"] = values.map(lambda v: v[0] if isinstance(v, (list, tuple)) else np.nan)
            frame["y"] = values.map(lambda v: v[1] if isinstance(v, (list, tuple)) else np.nan)
            frame = frame.drop(columns=col)
            frame.attrs["coordinates_from"] = col
        else:
            frame[col] = values.map(lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict))
                                    else v)
    return frame


def read_records(path: Path, report: ImportReport, max_rows: int | None = None) -> pd.DataFrame:
    """A JSON array of records as a table (module docstring); record *N* is row *N*."""
    try:
        data = json.loads(Path(path).read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ImportFileError(f"Dit JSON-bestand is niet te lezen ({str(exc)[:120]}).", path=path) from None
    records, key = _records(data, path)
    if max_rows is not None:
        records = records[: int(max_rows)]
    if not records:
        raise ImportFileError("Het JSON-bestand bevat geen records.", path=path)
    if not all(isinstance(r, dict) for r in records):
        raise ImportFileError("Niet elk element van de JSON-lijst is een record ({...}).", path=path)
    frame = _split_lists(pd.json_normalize(records, max_level=3))
    frame.index = pd.RangeIndex(-1, len(frame) - 1)  # index + 2 = record number (record 1 is row 1)
    report.encoding = "utf-8"
    report.assume(f"JSON met {len(frame)} records" + (f" (uit '{key}')" if key else "")
                  + "; geneste velden als kolommen (zoals 'a.b'); record N is rij N.")
    if frame.attrs.get("coordinates_from"):
        report.assume(f"Coördinaten uit '{frame.attrs['coordinates_from']}' (een lijst met twee getallen, in die "
                      "volgorde x/lengte en y/breedte) als de kolommen x en y.")
    return frame


def read_points(path: Path, report: ImportReport, max_rows: int | None = None) -> pd.DataFrame:
    """A map file of points as a table: the properties and a WKT ``geometry`` column; feature *N* is row *N*."""
    import geopandas as gpd
    import shapely

    try:
        frame = gpd.read_file(path, engine="pyogrio", rows=max_rows)
    except Exception as exc:  # noqa: BLE001 - GDAL raises several types
        raise ImportFileError(f"Kaartbestand niet te lezen ({str(exc).splitlines()[0][:160]}).", path=path) from None
    geoms = frame.geometry.to_numpy()
    multi = shapely.get_type_id(geoms) == shapely.GeometryType.MULTIPOINT
    if multi.any():  # a multipoint of one point is a point; of more, its first (said)
        geoms = geoms.copy()
        geoms[multi] = shapely.get_geometry(geoms[multi], 0)
        report.assume(f"{int(multi.sum())} multipunten; het eerste punt van elk gebruikt.")
    table = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    table["geometry" if "geometry" not in table else "geometrie_wkt"] = pd.array(
        shapely.to_wkt(geoms, rounding_precision=-1), dtype="string")
    table.index = pd.RangeIndex(-1, len(table) - 1)  # feature N is row N
    if frame.crs is not None:
        report.extra["file_crs"] = frame.crs.to_string()
    report.assume(f"Kaartbestand met {len(table)} punten; de eigenschappen als kolommen; object N is rij N.")
    return table
