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
    from shapely.geometry import mapping

    wgs = frame.to_crs(4326)
    features = []
    for _, row in wgs.iterrows():
        props = {k: (None if pd.isna(v) else v) for k, v in row.drop(labels="geometry").items()}
        geom = None if row.geometry is None or pd.isna(row.geometry) else mapping(row.geometry)
        features.append({"type": "Feature", "properties": props, "geometry": geom})
    Path(path).write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return Path(path)


def demo_codes() -> list[str]:
    """The buurt codes of the demo boundaries (Groningen 2017)."""
    import pyogrio

    from resources import demo

    return pyogrio.read_dataframe(demo.AREAS, layer=demo.AREAS_LAYER, read_geometry=False)["code"].tolist()


POLICE_LABELS = {"0.0.0": "Totaal misdrijven", "1.1.1": "Diefstal/inbraak woning",
                 "1.2.3": "Diefstal van brom-, snor-, fietsen", "3.5.2": "Vernieling"}


def police_counts(codes, categories=("0.0.0", "1.1.1", "1.2.3"), months=("2016-01", "2016-02"), seed=1,
                  with_gemeente=True) -> pd.DataFrame:
    """Long police counts with the total ``0.0.0`` equal to the sum of the other categories (as the police publish)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    rows = []
    subs = [c for c in categories if c != "0.0.0"]
    for month in months:
        per_sub = {c: rng.poisson(rng.uniform(0.5, 12), len(codes)) for c in subs}
        for c in subs:
            rows += [(code, c, month, int(n)) for code, n in zip(codes, per_sub[c])]
        if "0.0.0" in categories:
            total = sum(per_sub.values())
            rows += [(code, "0.0.0", month, int(n)) for code, n in zip(codes, total)]
        if with_gemeente:
            for c in categories:
                n = sum(r[3] for r in rows if r[1] == c and r[2] == month and r[0].startswith("BU"))
                rows.append(("GM" + codes[0][2:6], c, month, n))
    return pd.DataFrame(rows, columns=["code", "category", "month", "count"])


def write_police_typed(path: Path, counts: pd.DataFrame) -> Path:
    """The typed (OData) layout of 47022NED: padded codes, ``2016MM01`` periods."""
    lines = ["ID;SoortMisdrijf;WijkenEnBuurten;Perioden;GeregistreerdeMisdrijven_1"]
    for i, r in enumerate(counts.itertuples(), start=1):
        period = r.month.replace("-", "MM")
        lines.append(f"{i};{r.category} ;{r.code:<10};{period};{r.count}")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Path(path)


def write_police_labels(path: Path, counts: pd.DataFrame, names: dict) -> Path:
    """The label layout of a StatLine/police-portal export: BOM, quoted, month names, names only."""
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
              "november", "december"]
    lines = ['"Soort misdrijf";"Perioden";"Wijken en buurten";"Geregistreerde misdrijven (aantal)"']
    for r in counts.itertuples():
        year, month = r.month.split("-")
        lines.append(f'"{r.category} {POLICE_LABELS[r.category]}";"{year} {months[int(month) - 1]}";'
                     f'"{names[r.code]}";"{r.count:>8}"')
    Path(path).write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    return Path(path)
