"""Helpers for the tests of real-file classes (issue 11): read a file the way the app does and check the promises.

:func:`read_checked` reads a file through the reader registry and asserts what every read
must keep: ``rows_read == rows_kept + rows_rejected`` and the source file unchanged (its
SHA-256 before and after). :func:`round_trip` saves what was read into a project and opens
it again. The ``write_*`` functions make small generated files of one class each.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

import importers
from importers.project import Project, load_project, save_project

LAYER = {"boundaries": "areas", "counts": "counts", "incidents": "incidents"}


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_checked(path, **options) -> importers.Imported:
    """Read ``path`` (``importers.read``) and assert the bookkeeping and that the file is unchanged."""
    before = sha256(path)
    imported = importers.read(path, **options)
    report = imported.report
    assert report.rows_read == report.rows_kept + report.rows_rejected, report.summary()
    assert report.rows_kept == len(imported.data), (report.rows_kept, len(imported.data))
    assert sha256(path) == before, f"{path} changed while it was read"
    return imported


def round_trip(imported: importers.Imported, folder: Path):
    """Save what was read as a project and open it again: (saved frame, reopened frame, reopened project)."""
    layer = LAYER[imported.kind]
    project = Project(**{layer: imported.data}, reports={imported.kind: imported.report.to_dict()})
    path = save_project(project, Path(folder) / "rondje.gpkg")
    back = load_project(path)
    return imported.data, getattr(back, layer), back


def assert_same_data(saved, reopened) -> None:
    """Equal columns, values and types; geometries equal coordinate for coordinate."""
    left = pd.DataFrame(saved).drop(columns="geometry", errors="ignore").reset_index(drop=True)
    right = pd.DataFrame(reopened).drop(columns="geometry", errors="ignore").reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right)
    if "geometry" in getattr(saved, "columns", []):
        assert saved.geometry.reset_index(drop=True).geom_equals_exact(
            reopened.geometry.reset_index(drop=True), tolerance=0).all()


def squares(n: int, x0: float = 233000.0, y0: float = 582000.0, size: float = 500.0):
    """``n`` squares in a row, in RD New."""
    return [box(x0 + i * size, y0, x0 + (i + 1) * size, y0 + size) for i in range(n)]


def write_geojson(path: Path, frame: gpd.GeoDataFrame) -> Path:
    """A GeoJSON as other programs write it (WGS84), keeping null geometries as ``null``."""
    wgs = frame.to_crs(4326)
    features = []
    for _, row in wgs.iterrows():
        props = {k: (None if pd.isna(v) else v) for k, v in row.drop(labels="geometry").items()}
        geom = None if row.geometry is None else json.loads(gpd.GeoSeries([row.geometry]).to_json())[
            "features"][0]["geometry"]
        features.append({"type": "Feature", "properties": props, "geometry": geom})
    Path(path).write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return Path(path)
