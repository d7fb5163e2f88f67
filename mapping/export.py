"""Data exports with the privacy rules: GeoPackage (with a QGIS style), CSV and XLSX.

Every writer goes through :func:`mapping.disclosure.apply_rules` (a whitelist of
columns, small counts as ``"<5"`` and the cells that protect them as ``"x"`` when
suppression is on, decided once per run by :mod:`mapping.protect`) and writes what
was applied into the export itself: a ``wijkbeeld_metadata`` table in the
GeoPackage, a ``Toelichting`` sheet in the workbook (:mod:`mapping.workbook`), a
``_toelichting.txt`` beside a CSV. Text cells that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``) get a leading apostrophe (OWASP
"CSV injection"); the CSV quotes every field that holds a line break (CR or LF).
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd

from kernel.schema import RD_NEW

from mapping import styles
from mapping.disclosure import PrivacyLog, PrivacyRules, apply_rules, point_table
from mapping.meta import ReportMeta
from mapping.qgis_style import categorized_qml, layer_styles_frame

__all__ = ["PrivacyRules", "ReportMeta", "write_gpkg", "write_csv", "write_xlsx", "area_table"]

AREA_LAYER = "gebieden"
POINT_LAYER = "incidenten"
META_TABLE = "wijkbeeld_metadata"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _areas_of(result) -> gpd.GeoDataFrame:
    return result.areas if hasattr(result, "areas") else result


def area_table(result, privacy: PrivacyRules, log: PrivacyLog | None = None, protection=None):
    """The areas of a result as an exportable frame (whitelisted columns, suppression applied: the
    ``protection`` of the run, by default that of these areas, :func:`mapping.protect.protect_areas`)."""
    from mapping.protect import protect_areas

    areas = _areas_of(result)
    prot = protection if protection is not None else protect_areas(areas, privacy)
    frame = areas.copy()
    if "gi_class" in frame and "gi_colour" not in frame:
        frame["gi_colour"] = pd.to_numeric(frame["gi_class"], errors="coerce").map(styles.GI_COLOURS)
    if "gi_class" in frame and "gi_label" not in frame:
        frame["gi_label"] = pd.to_numeric(frame["gi_class"], errors="coerce").map(styles.GI_LABELS)
    if "quadrant" in frame and "quadrant_label" not in frame:
        frame["quadrant_label"] = frame["quadrant"].map(styles.LISA_LABELS)
    # each row's mark follows its code (a table sorted or cut by the caller keeps its marks; an area the
    # protection does not know is an error, never a row without marks)
    status = prot.status_of(frame) if len(prot.area_status) else None
    return apply_rules(prot.round_stats(frame), privacy, log=log, status=status)


def _exportable(frame, privacy: PrivacyRules, log: PrivacyLog | None = None, protection=None):
    """A result or GeoDataFrame through :func:`area_table`, any other table through :func:`apply_rules`."""
    if hasattr(frame, "areas") or isinstance(frame, gpd.GeoDataFrame):
        return area_table(frame, privacy, log, protection)
    return apply_rules(pd.DataFrame(frame), privacy, log=log)


def _safe_text(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not value.startswith("<"):
        return "'" + value
    return value


def _spreadsheet_ready(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(frame).drop(columns=[c for c in ("geometry",) if c in frame.columns])
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.PeriodDtype):
            out[col] = s.astype(str)
        elif pd.api.types.is_datetime64_any_dtype(s) and getattr(s.dt, "tz", None) is not None:
            out[col] = s.dt.tz_localize(None)
        elif s.dtype == object or pd.api.types.is_string_dtype(s):
            out[col] = s.map(_safe_text)
    return out


def metadata_rows(log: PrivacyLog, meta: ReportMeta | None = None, extra: dict | None = None) -> pd.DataFrame:
    """Key/value rows (Dutch keys) describing the export (:meth:`ReportMeta.rows`, then ``extra``) and its
    privacy rules; the warnings and the texts of ``extra`` with their counts of incidents as the export shows
    them (:meth:`ReportMeta.sentence`)."""
    meta = ReportMeta.of(meta)
    rows = meta.rows()
    rows.update({k: meta.sentence(v) if isinstance(v, str) else v for k, v in (extra or {}).items() if v is not None})
    rows.update(log.metadata())
    return pd.DataFrame({"key": list(rows), "value": [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
                                                      for v in rows.values()]})


def gi_qml() -> str:
    return categorized_qml("gi_class", [(c, styles.GI_LABELS[c], styles.GI_COLOURS[c]) for c in styles.GI_ORDER])


def lisa_qml() -> str:
    return categorized_qml("quadrant", [(q, styles.LISA_LABELS[q], styles.LISA_COLOURS[q]) for q in styles.LISA_ORDER])


def write_gpkg(result, path, meta: ReportMeta | PrivacyRules | None = None, *, incidents=None,
               qml_sidecar: bool = True, qml_path=None, protection=None) -> tuple[list[Path], PrivacyLog]:
    """Write the areas with their classes (and points only on request) to a GeoPackage.

    ``meta``: the export's :class:`~mapping.meta.ReportMeta`, with its privacy rules (or just
    :class:`PrivacyRules`, for an export without a title).

    Layers: ``gebieden`` (EPSG:28992, full geometry, whitelisted attributes,
    ``gi_class``/``gi_label``/``gi_colour``), ``incidenten`` (only with
    ``privacy.include_points``), ``wijkbeeld_metadata`` (what was written and
    suppressed) and ``layer_styles`` (the QGIS style, default for ``gebieden``).
    With ``qml_sidecar`` the same style is written as ``<name>.qml`` (or ``qml_path``).
    A count column with hidden cells is text (``"12"``, ``"<5"``, ``"x"``), as a GeoPackage column
    has one type.
    """
    import pyogrio

    meta = ReportMeta.of(meta)
    privacy = meta.privacy
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    table, log = area_table(result, privacy, protection=protection)
    for col in table.columns:
        if table[col].dtype == object and table[col].map(lambda v: isinstance(v, str)).any() and col != "geometry":
            table[col] = table[col].map(lambda v: v if v is None or isinstance(v, str) else _count_text(v))
    gdf = gpd.GeoDataFrame(table, geometry="geometry", crs=_areas_of(result).crs)
    if gdf.crs is None or gdf.crs.is_geographic:
        gdf = gdf.set_crs(RD_NEW) if gdf.crs is None else gdf.to_crs(RD_NEW)
    pyogrio.write_dataframe(gdf, path, layer=AREA_LAYER, driver="GPKG")
    if privacy.include_points and incidents is not None:
        pts, log = point_table(incidents, privacy, log)
        pts_gdf = gpd.GeoDataFrame(pts, geometry=gpd.points_from_xy(pts["x"], pts["y"]), crs=RD_NEW)
        pyogrio.write_dataframe(pts_gdf, path, layer=POINT_LAYER, driver="GPKG", append=False)
    pyogrio.write_dataframe(metadata_rows(log, meta), path, layer=META_TABLE, driver="GPKG")
    qml = gi_qml() if "gi_class" in gdf else (lisa_qml() if "quadrant" in gdf else None)
    written = [path]
    if qml is not None:
        geom_col = pyogrio.read_info(path, layer=AREA_LAYER).get("geometry_name") or "geom"
        styles_df = layer_styles_frame(AREA_LAYER, geom_col, qml, "Wijkbeeld", "Klassen van de hotspotanalyse")
        pyogrio.write_dataframe(styles_df, path, layer="layer_styles", driver="GPKG")
        if qml_sidecar:
            sidecar = Path(qml_path) if qml_path is not None else path.with_suffix(".qml")
            sidecar.write_text(qml, encoding="utf-8")
            written.append(sidecar)
    return written, log


def _count_text(v) -> str:
    v = float(v)
    return str(int(v)) if v.is_integer() else f"{v:g}"


def write_csv(frame, path, meta: ReportMeta | PrivacyRules | None = None):
    """Write one table as CSV (``;``, decimal comma, UTF-8 with BOM for Excel, CRLF line ends) plus
    ``<name>_toelichting.txt``. Every field that holds a CR or LF is quoted (the line ends are
    CRLF, so both are special to the writer): a carriage return in a value can never start a row."""
    meta = ReportMeta.of(meta)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table, log = _exportable(frame, meta.privacy)
    _spreadsheet_ready(table).to_csv(path, sep=";", decimal=",", index=False, encoding="utf-8-sig",
                                     lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    note = path.with_name(path.stem + "_toelichting.txt")
    lines = [f"{k}: {v}" for k, v in metadata_rows(log, meta).itertuples(index=False)]
    note.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [path, note], log


def write_xlsx(tables: dict, path, meta: ReportMeta | PrivacyRules | None = None, *, protection=None,
               extra: dict | None = None, allowed=None):
    """Write tables (name -> DataFrame or result) to one workbook with a sheet 'Toelichting'
    (:func:`mapping.workbook.write_workbook`: Dutch headers, numbers as numbers, markers as text)."""
    from mapping.disclosure import ALLOWED_COLUMNS
    from mapping.workbook import write_workbook

    meta = ReportMeta.of(meta)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    log = PrivacyLog(meta.privacy)
    ready, level = {}, None
    for name, frame in tables.items():
        if frame is None:
            continue
        if hasattr(frame, "areas") or isinstance(frame, gpd.GeoDataFrame):
            table, log = area_table(frame, meta.privacy, log, protection)
            areas = _areas_of(frame)
            if level is None and "level" in areas and areas["level"].notna().any():
                level = str(areas["level"].dropna().iloc[0])
        else:
            table, log = apply_rules(pd.DataFrame(frame), meta.privacy, log=log, allowed=allowed or ALLOWED_COLUMNS)
        ready[str(name)[:31]] = table
    write_workbook(ready, path, meta, log, extra=extra, level=level)
    return [path], log
