"""Boundaries: the CBS Wijk- en buurtkaart and a municipality's own division, as an Areas frame.

Reads GeoPackage, shapefile (also inside a .zip), GeoJSON and CSV with a WKT
column. Both CBS attribute schemes are understood: the upper-case one of the
older shapefiles (``BU_CODE``, ``BU_NAAM``, ``AANT_INW``, ``WATER``) and the
lower-case one of PDOK (``buurtcode``, ``buurtnaam``, ``aantal_inwoners``,
``mannen``, ``vrouwen``, ``water``). The result is in EPSG:28992 with the
columns of :data:`kernel.schema.AREA_COLUMNS` first and the remaining
attributes after them.

CBS marks missing figures with sentinels (-99999999, -99999997, -99995) or
leaves the key out; all become missing. Where the population total is missing
but men and women are known, population = men + women (and the report says
for how many areas). Water and areas outside the built-up part are flagged
from the ``WATER`` attribute and from the CBS codes (buurt ``...9997``/``...9998``,
wijk ``...99``). Invalid geometries are repaired with ``shapely.make_valid``
(keeping the polygonal part) and listed in the report.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from importers.areacodes import (CODE_COLS, NAME_COLS, choose_code_column, choose_name_column, clean_code,
                                resolve_duplicates)
from importers.columns import storable
from importers.detect import detect_crs, find_column as _find
from kernel.errors import CRSError, ImportFileError
from kernel.progress import as_progress
from importers.report import ImportReport
from importers.sniff import Sniff
from importers.tables import note_sample, rows_estimate
from kernel.cbs import gemeente_mask, is_water_code, parents
from kernel.schema import AREA_COLUMNS, RD_NEW, WGS84

#: CBS missing-value codes (geheim, nvt, onbekend ...).
SENTINELS = (-99999999, -99999998, -99999997, -99999996, -99995, -99997, -99998)

POPULATION = ("aantinw", "aantalinwoners", "inwoners", "inw", "bevolking", "population")
MEN = ("aantman", "mannen", "aantalmannen")
WOMEN = ("aantvrouw", "vrouwen", "aantalvrouwen")
WATER = ("water",)
WKT_PREFIX = re.compile(r"^\s*(MULTI)?POLYGON\s*(Z\s*)?\(", re.I)


# --------------------------------------------------------------------------- reading the file
def is_wkt_csv(path: Path, sniff: Sniff | None = None) -> bool:
    """A CSV with a WKT polygon column: ``POLYGON (`` after a separator in the first 64K characters."""
    if path.suffix.lower() not in (".csv", ".txt", ".tsv"):
        return False
    sniff = sniff if sniff is not None else Sniff(path)
    if sniff.binary:
        return False
    return bool(re.search(r"[;,\t\"](MULTI)?POLYGON\s*\(", sniff.text()[:64 * 1024], re.I))


def _read_wkt_csv(path: Path, report: ImportReport, options: dict, sniff: Sniff):
    import geopandas as gpd
    import shapely

    encoding = options.get("encoding") or sniff.encoding
    sniff.text(encoding)  # a Dutch error when the head does not decode with this encoding
    sep = options.get("sep") or sniff.separator(encoding)
    report.encoding, report.separator = encoding, sep
    max_rows = options.get("max_rows")
    frame = pd.read_csv(path, sep=sep, encoding=encoding, dtype=str, keep_default_na=False, na_values=[""],
                        nrows=max_rows)
    if max_rows:
        note_sample(path, report, int(max_rows), len(frame), rows_estimate(path, sniff.head))
    wkt_cols = [c for c in frame.columns
                if frame[c].dropna().head(20).str.match(WKT_PREFIX).mean() > 0.5] if len(frame) else []
    if options.get("geometry"):
        wkt_cols = [options["geometry"]]
    if not wkt_cols:
        raise ImportFileError("Geen kolom met WKT-geometrie (POLYGON/MULTIPOLYGON) gevonden.", path=path)
    chosen, crs = None, options.get("crs")
    for col in wkt_cols:  # Amsterdam ships lon-lat and lat-lon: take the one in the right order
        first = frame[col].dropna().head(50).str.extract(r"\(\(?\s*([-\d.]+)\s+([-\d.]+)")
        x, y = pd.to_numeric(first[0], errors="coerce"), pd.to_numeric(first[1], errors="coerce")
        try:
            found = detect_crs(x, y, path)
        except (CRSError, ImportFileError):
            continue
        if found in (RD_NEW, WGS84):
            chosen, crs = col, crs or found
            break
    if chosen is None:
        if crs is None:
            raise CRSError("De WKT-geometrie ligt niet in RD New of WGS84 binnen Nederland.", path=path,
                           column=wkt_cols[0], hint="geef het stelsel op met --crs")
        chosen = wkt_cols[0]
    report.column_mapping["geometry"] = chosen
    report.assume(f"Geometrie uit WKT-kolom '{chosen}' ({crs}).")
    try:
        geoms = shapely.from_wkt(frame[chosen].fillna("").to_numpy(), on_invalid="ignore")
    except Exception as exc:  # noqa: BLE001 - shapely raises several types
        raise ImportFileError(f"WKT-geometrie niet te lezen ({exc}).", path=path, column=chosen) from None
    frame = frame.drop(columns=[c for c in wkt_cols if c in frame.columns])
    return gpd.GeoDataFrame(frame, geometry=geoms, crs=crs)


def _zip_members(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as z:
            return z.namelist()
    except zipfile.BadZipFile:
        raise ImportFileError("Dit .zip-bestand is beschadigd of geen zip.", path=path) from None


def choose_layer(path: Path, level: str | None, layer: str | None):
    import pyogrio

    try:
        layers = [str(name) for name, _ in pyogrio.list_layers(path)]
    except Exception as exc:  # noqa: BLE001 - GDAL errors come in several types
        raise ImportFileError(f"Geen kaartbestand dat Wijkbeeld kan lezen ({str(exc).splitlines()[0][:120]}).",
                              path=path) from None
    if layer is not None:
        if layer not in layers:
            raise ImportFileError(f"Laag '{layer}' bestaat niet; lagen: {', '.join(layers)}.", path=path)
        return layer, layers
    if level:
        for name in layers:
            if level in name.lower():
                return name, layers
    return (layers[0] if layers else None), layers


def _read_geo(path: Path, report: ImportReport, options: dict, level: str | None):
    import geopandas as gpd

    suffix = path.suffix.lower()
    no_prj = False
    if suffix == ".zip":
        members = _zip_members(path)
        no_prj = any(m.lower().endswith(".shp") for m in members) and \
            not any(m.lower().endswith(".prj") for m in members)
    elif suffix == ".shp":
        no_prj = not path.with_suffix(".prj").exists() and not path.with_suffix(".PRJ").exists()
    layer, layers = choose_layer(path, level, options.get("layer"))
    if len(layers) > 1:
        report.assume(f"Laag '{layer}' gekozen uit {', '.join(layers)}.")
    try:
        frame = gpd.read_file(path, layer=layer, engine="pyogrio", rows=options.get("max_rows"))
    except Exception as exc:  # noqa: BLE001
        raise ImportFileError(f"Kaartbestand niet te lezen ({str(exc).splitlines()[0][:160]}).", path=path) from None
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame.columns:
        raise ImportFileError("Dit bestand heeft geen geometrie; gebiedsgrenzen moeten vlakken zijn.", path=path,
                              hint="een tabel met incidenten of tellingen geef je op als --incidents of --counts")
    if options.get("max_rows"):
        import pyogrio

        try:
            total = int(pyogrio.read_info(path, layer=layer)["features"])
        except Exception:  # noqa: BLE001 - only an estimate for the report
            total = None
        note_sample(path, report, int(options["max_rows"]), len(frame), total if total and total >= 0 else None)
    if no_prj and not options.get("crs"):
        frame = frame.set_crs(None, allow_override=True)
    if options.get("crs"):
        if frame.crs is not None:
            report.warn(f"Het bestand vermeldt {frame.crs.to_string()}; het opgegeven {options['crs']} is gebruikt.")
        frame = frame.set_crs(options["crs"], allow_override=True)
        report.assume(f"Coördinatenstelsel {options['crs']} (opgegeven).")
    elif frame.crs is None:
        what = ("Het shapefile heeft geen .prj-bestand" + (" in de zip" if suffix == ".zip" else "")) if no_prj \
            else "Het kaartbestand vermeldt geen coördinatenstelsel"
        raise CRSError(f"{what}, dus het coördinatenstelsel is onbekend.", path=path, hint=_crs_hint(frame))
    _check_polygons(frame, path)
    return frame


def _crs_hint(frame) -> str:
    """What the coordinates look like, so the user can pass the right --crs."""
    try:
        b = frame.total_bounds
        guess = detect_crs([b[0], b[2]], [b[1], b[3]])
    except (CRSError, ImportFileError, ValueError):
        return "geef het stelsel op met --crs"
    if guess.startswith("EPSG:4326"):
        guess = "EPSG:4326"
    return f"de coördinaten lijken {guess}; geef het stelsel op met --crs {guess}"


def _check_polygons(frame, path) -> None:
    types = frame.geom_type.dropna()
    if len(types) and not types.isin(["Polygon", "MultiPolygon", "GeometryCollection"]).mean() >= 0.5:
        raise ImportFileError(f"Dit kaartbestand bevat {types.mode().iloc[0]}-geometrie, geen vlakken; "
                              "gebiedsgrenzen moeten vlakken zijn.", path=path,
                              hint="punten (incidenten) lees je in als CSV of XLSX")


# --------------------------------------------------------------------------- normalising
def _sentinels_to_missing(frame) -> int:
    n = 0
    for c in frame.columns:
        if c == "geometry":
            continue
        if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]):
            mask = frame[c].isin(SENTINELS)
            if mask.any():
                n += int(mask.sum())
                frame[c] = frame[c].astype(float).mask(mask)
    return n


def _water(frame, code: pd.Series) -> pd.Series:
    col = _find(frame.columns, WATER)
    flag = pd.Series([bool(c) and is_water_code(c) for c in code.fillna("")], index=frame.index, dtype=bool)
    if col is not None:
        v = frame[col].astype("string").str.strip().str.upper()
        flag |= v.isin(["JA", "J", "TRUE", "1", "WATER", "YES"]).fillna(False).astype(bool)
    return flag.astype(bool)


LEVEL_ORDER = ("buurt", "wijk", "gemeente")


def _gemeente_filter(areas, gemeente, path, report: ImportReport):
    if gemeente is None:
        return areas
    mask = gemeente_mask(areas, gemeente)
    if not mask.any():
        names = sorted(set(areas["gemeente_name"].dropna().astype(str)) | set(areas["gemeente_code"].dropna()))
        raise ImportFileError(f"Gemeente '{gemeente}' komt niet voor in dit bestand.", path=path,
                              hint="beschikbaar: " + ", ".join(names[:15]) + (" ..." if len(names) > 15 else ""))
    report.assume(f"Alleen gemeente {gemeente}: {int(mask.sum())} van {len(areas)} gebieden.")
    report.extra["other_gemeenten_skipped"] = int((~mask).sum())
    return areas[mask]


def _year(frame, path: Path, options: dict, report: ImportReport):
    if options.get("year"):
        return int(options["year"])
    col = _find(frame.columns, ("jaarstatcode", "jaar", "year"))
    if col is not None:
        years = pd.to_numeric(frame[col].astype("string").str[:4], errors="coerce").dropna()
        if len(years):
            return int(years.mode().iloc[0])
    m = re.search(r"(19[5-9]\d|20\d\d)", path.name)
    if m:
        report.assume(f"Jaar van de grenzen {m.group(1)} afgeleid uit de bestandsnaam.")
        return int(m.group(1))
    return None


def _repair(areas, report: ImportReport):
    import shapely

    geoms = areas.geometry.to_numpy()
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    valid = shapely.is_valid(geoms) | empty
    bad = np.flatnonzero(~valid)
    if len(bad):
        reasons = shapely.is_valid_reason(geoms[bad])
        geoms = _made_valid(geoms, bad)
        codes = areas["code"].to_numpy()
        for i, reason in zip(bad, reasons):
            report.geometries_repaired.append({"code": str(codes[i]), "reason": str(reason)})
        areas = areas.set_geometry(geoms, crs=areas.crs)
        report.assume(f"{len(bad)} ongeldige geometrieën hersteld met make_valid.")
    return areas, empty


def _repair_after_projection(areas, report: ImportReport):
    """A projection can make a nearly touching ring cross itself; make those valid again (and say so)."""
    import shapely

    geoms = areas.geometry.to_numpy()
    bad = np.flatnonzero(~shapely.is_valid(geoms) & ~shapely.is_missing(geoms))
    if len(bad):
        geoms = _made_valid(geoms, bad)
        report.extra["geometries_repaired_after_projection"] = [str(c) for c in areas["code"].iloc[bad]]
        report.assume(f"{len(bad)} geometrieën na de omzetting naar RD New opnieuw geldig gemaakt.")
        areas = areas.set_geometry(geoms, crs=areas.crs)
    return areas


def _made_valid(geoms: np.ndarray, bad: np.ndarray) -> np.ndarray:
    """A copy of ``geoms`` with ``geoms[bad]`` made valid, keeping the polygonal part (make_valid may add lines)."""
    import shapely

    geoms = geoms.copy()
    geoms[bad] = np.array([_polygonal(g) for g in shapely.make_valid(geoms[bad])], dtype=object)
    return geoms


def _polygonal(geom):
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    if geom is None or isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    parts = [g for g in shapely.get_parts(geom) if isinstance(g, (Polygon, MultiPolygon))]
    polys = []
    for p in parts:
        polys.extend(p.geoms if isinstance(p, MultiPolygon) else [p])
    return MultiPolygon(polys) if len(polys) > 1 else (polys[0] if polys else geom)


def read_boundaries(path, *, gemeente=None, level: str | None = None, progress=None, cancelled=None,
                    sniff: Sniff | None = None, **options):
    """Read a boundary file into an Areas frame (EPSG:28992) and an :class:`ImportReport`.

    Parameters
    ----------
    path : str or Path
        GeoPackage, shapefile, zip with a shapefile, GeoJSON, or CSV with a WKT column.
    gemeente : str, optional
        Keep one municipality: a code (``GM0014``, ``0014``, ``14``) or a name (``Groningen``).
    level : {"buurt", "wijk", "gemeente"}, optional
        Which code column (or layer) to use when a file carries several; by default the finest.
        A coarser level than the file holds is not made here (:func:`hotspots.levels.areas_at`
        dissolves): it is an :class:`ImportFileError` that says so, unless ``coarser="finest"``
        (the commands' one reader of ``--areas`` asks that), which returns the file's own level
        (``report.extra["level"]``) with an assumption in the report.
    options
        ``crs`` (for a file without one), ``layer``, ``year``, ``encoding``, ``sep``, ``geometry``;
        ``code`` and ``name``: the columns with the area codes and names (else detected, see
        :mod:`importers.areacodes`); ``duplicates``: ``"refuse"`` (default: areas that share a code
        with different geometries are an error, as an analysis needs) or ``"warn"`` (a preview);
        ``max_rows`` reads only the first areas (a preview, said in ``report.sample``).
    sniff : Sniff, optional
        The file's head when the caller read it already (:func:`importers.read` does, to choose the reader).
    """
    import geopandas as gpd

    path = Path(path)
    prog = as_progress(progress, cancelled)
    report = ImportReport(path=str(path), kind="boundaries", reader="boundaries")
    prog(0.0, "Grenzen lezen")
    sniff = sniff if sniff is not None else Sniff(path)
    sniff.head  # an empty or unreadable file is refused first
    if is_wkt_csv(path, sniff):
        frame = _read_wkt_csv(path, report, options, sniff)
    else:
        frame = _read_geo(path, report, options, level)
    prog(0.5, "Grenzen controleren")
    crs_text = frame.crs.to_string() if frame.crs is not None else None
    report.extra["source_crs"] = crs_text  # before any conversion to RD New (the wizard shows it)
    frame = frame.reset_index(drop=True)
    n_sentinels = _sentinels_to_missing(frame)
    if n_sentinels:
        report.assume(f"{n_sentinels} CBS-codes voor 'geheim/onbekend' (zoals -99999999) gelezen als ontbrekend.")
    lv, code_col = choose_code_column(frame, level, path, report, options.get("code"))
    report.column_mapping["code"] = code_col
    code = clean_code(frame[code_col])
    name_col = choose_name_column(frame, lv, report, options.get("name"), path)
    wk_col = _find(frame.columns, CODE_COLS["wijk"]) if lv == "buurt" else None
    gm_col = _find(frame.columns, CODE_COLS["gemeente"]) if lv != "gemeente" else code_col
    gm_name_col = _find(frame.columns, NAME_COLS["gemeente"]) if lv != "gemeente" else name_col
    for role, col in (("name", name_col), ("wijk_code", wk_col), ("gemeente_code", gm_col),
                      ("gemeente_name", gm_name_col)):
        if col is not None:
            report.column_mapping[role] = col
    gm = clean_code(frame[gm_col]) if gm_col is not None else pd.Series(pd.NA, index=frame.index, dtype="string")
    derived_wk, derived_gm = parents(code)
    gm = gm.where(gm.notna() & gm.str.upper().str.startswith("GM", na=False), derived_gm)
    wk = clean_code(frame[wk_col]) if wk_col is not None else pd.Series(pd.NA, index=frame.index, dtype="string")
    if lv == "buurt":
        wk = wk.where(wk.str.upper().str.startswith("WK", na=False), derived_wk)
    pop_col = _find(frame.columns, POPULATION)
    population = pd.to_numeric(frame[pop_col], errors="coerce").astype(float) if pop_col \
        else pd.Series(np.nan, index=frame.index)
    men_col, women_col = _find(frame.columns, MEN), _find(frame.columns, WOMEN)
    if men_col and women_col:
        men = pd.to_numeric(frame[men_col], errors="coerce")
        women = pd.to_numeric(frame[women_col], errors="coerce")
        derive = population.isna() & men.notna() & women.notna()
        if derive.any():
            population = population.where(~derive, (men + women).astype(float))
            report.assume(f"Inwoners = mannen + vrouwen voor {int(derive.sum())} gebieden zonder totaal "
                          f"('{men_col}' + '{women_col}').")
    if pop_col:
        report.column_mapping["population"] = pop_col
    areas = gpd.GeoDataFrame({
        "code": code, "name": (frame[name_col].astype("string").str.strip() if name_col
                               else pd.Series(pd.NA, index=frame.index, dtype="string")),
        "level": lv, "wijk_code": wk if lv == "buurt" else pd.Series(pd.NA, index=frame.index, dtype="string"),
        "gemeente_code": gm,
        "gemeente_name": (frame[gm_name_col].astype("string").str.strip() if gm_name_col
                          else pd.Series(pd.NA, index=frame.index, dtype="string")),
        "population": population, "water": _water(frame, code),
        "year": pd.array([_year(frame, path, options, report)] * len(frame), dtype="Int64"),
    }, geometry=frame.geometry.values, crs=frame.crs)
    used = {code_col, name_col, wk_col, gm_col, gm_name_col, "geometry"}
    extra = frame[[c for c in frame.columns if c not in used and c not in areas.columns]]
    areas = pd.concat([areas, pd.DataFrame(extra)], axis=1)
    areas = gpd.GeoDataFrame(areas, geometry="geometry", crs=frame.crs)
    areas = _gemeente_filter(areas, gemeente, path, report)
    report.rows_read = len(areas)
    if level is not None and (lv not in LEVEL_ORDER or LEVEL_ORDER.index(level) < LEVEL_ORDER.index(lv)):
        what = "postcodegebieden; het niveau" if lv == "postcode" else f"{lv}en; een fijner niveau"
        raise ImportFileError(f"Dit bestand bevat {what} ({level}) is er niet uit te halen.", path=path)
    areas, empty = _repair(areas, report)
    if areas.crs is not None and areas.crs.to_epsg() != 28992:
        report.assume(f"Omgezet van {crs_text} naar RD New (EPSG:28992).")
        areas = _repair_after_projection(areas.to_crs(RD_NEW), report)
    missing_code = areas["code"].isna().to_numpy()
    # rows as the user counts them: a table's header is row 1, a map file's feature 5 is row 5
    rows = areas.index.to_numpy() + (2 if report.separator else 1)
    for i in np.flatnonzero(missing_code):
        report.reject(rows[i], code_col, None, "geen gebiedscode")
    for i in np.flatnonzero(empty & ~missing_code):
        report.reject(rows[i], "geometry", areas["code"].iloc[i], "geen geometrie")
    keep = ~(missing_code | empty)
    areas, rows = areas[keep], rows[keep]
    areas, rows = resolve_duplicates(areas, report, rows, column=code_col, path=path,
                                     duplicates=options.get("duplicates", "refuse"))
    report.rejections.sort(key=lambda r: r.row)
    report.crs = RD_NEW
    report.rows_kept = len(areas)
    n_water = int(areas["water"].sum())
    if n_water:
        report.assume(f"{n_water} gebieden gemarkeerd als water of buitengebied.")
    report.extra["level"] = lv
    if level is not None and level != lv:  # the analysis makes the coarser level (hotspots.levels)
        if options.get("coarser", "refuse") != "finest":  # never another level than asked, without a word
            raise ImportFileError(f"Dit bestand bevat {lv}en, geen {level}en; {level}en maakt Wijkbeeld daaruit "
                                  "bij de analyse (hotspots.levels).", path=path)
        report.assume(f"Het bestand bevat {lv}en; {level}en worden daaruit samengesteld waar een analyse "
                      "erom vraagt.")
    prog(1.0, "Grenzen gelezen")
    areas = areas.reset_index(drop=True)[AREA_COLUMNS + [c for c in areas.columns if c not in AREA_COLUMNS]]
    return storable(_one_geometry_type(areas), report, ours=AREA_COLUMNS), report.check()


def _one_geometry_type(areas):
    """Polygons as multipolygons when the layer holds both, as a GeoPackage layer (one type) stores them."""
    import shapely

    geoms = areas.geometry.to_numpy()
    kind = shapely.get_type_id(geoms)
    single = kind == shapely.GeometryType.POLYGON
    if single.any() and (kind == shapely.GeometryType.MULTIPOLYGON).any():
        geoms = geoms.copy()
        geoms[single] = shapely.multipolygons(geoms[single][:, None])
        areas = areas.set_geometry(geoms, crs=areas.crs)
    return areas
