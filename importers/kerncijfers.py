"""CBS kerncijfers of all gemeenten: inhabitants per year, the mate van stedelijkheid and the region they belong to.

Two kinds of file are read into one Kerncijfers frame (``code``, ``name``, ``year``, ``population``,
``stedelijkheid`` and any region columns; a ``geometry`` where the file has borders):

* the **gemeente layer of the CBS Wijk- en buurtkaart** (GeoPackage, shapefile; ``gemeentecode``,
  ``aantal_inwoners``, ``stedelijkheid_adressen_per_km2`` or the older ``GM_CODE``, ``AANT_INW``, ``STED``),
  read through the boundaries reader (:func:`importers.boundaries.read_boundaries`): one year, and the
  borders, from which the neighbours are found;
* a **StatLine table** (Kerncijfers wijken en buurten, Regionale kerncijfers Nederland), typed
  (``RegioS``, ``Codering_3``, ``AantalInwoners_5``, ``MateVanStedelijkheid_105``, ``2023JJ00``) or with
  labels (``Regio's``, ``Codering (code)``, ``Bevolking op 1 januari (aantal)``, ``Mate van stedelijkheid
  (code)``, ``2023``), long (a ``Perioden`` column) or wide (the periods as columns, one line per
  ``Onderwerp``). Rows that are no gemeente (provinces, wijken, the COROP regions) are rejected with that
  reason; the country (``NL01``) is kept.

Every row read is kept or rejected with its reason (:class:`importers.report.ImportReport`), as for the
other readers. Codes are CBS codes; a table with names only is joined to a gemeente layer by name.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from importers.detect import find_column, normalise_header, reference_header, to_number
from importers.report import ImportReport
from kernel.errors import ImportFileError
from kernel.progress import as_progress

GEMEENTE_OR_COUNTRY = re.compile(r"^(GM\d{4}|NL\d{2})$")
ANY_REGION_CODE = re.compile(r"^(NL\d{2}|(LD|PV|CR|RE|RB|WP|GG|VR|PL|GM)\d{2,4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4})$")
#: Normalised headers of the columns that name a region a gemeente belongs to (police unit, basisteam, ...).
REGION_HEADERS = ("regionaleeenheidpolitie", "regionaleeenheid", "politieregio", "politieeenheid", "basisteam",
                  "politiebasisteam", "veiligheidsregio", "regio")
NAME_HEADERS = ("gemeentenaam", "gemeentenaam1", "regios", "regio", "regionaam", "regioaanduiding",
                "wijkenenbuurten", "gemeente", "gemeenten", "naam", "gmnaam")
TOPIC_HEADERS = ("onderwerp", "onderwerpen", "topic", "kenmerk")
GEO_SUFFIXES = (".gpkg", ".shp", ".zip", ".geojson", ".json", ".fgb", ".gml")


def is_population(header) -> bool:
    """A column of inhabitants (not a density or a share)."""
    n = normalise_header(header)
    if any(w in n for w in ("dichtheid", "percentage", "groei", "perkm", "procent")):
        return False
    return ("aantalinwoners" in n or "totalebevolking" in n or n.startswith("bevolkingop1januari")
            or n in ("aantinw", "inwoners", "bevolking", "population"))


def is_stedelijkheid(header) -> bool:
    n = normalise_header(header)
    return "stedelijkheid" in n or n == "sted"


def identify(sniff) -> float:
    """A table of kerncijfers: a column of inhabitants or stedelijkheid beside a column of regions, no crime counts
    and no geometry (borders with inhabitants are boundaries)."""
    if sniff.path.suffix.lower() in GEO_SUFFIXES:
        return 0.6  # a gemeente layer: kerncijfers when asked for (kind="kerncijfers"), else the boundaries' (1.0)
    found = reference_header(sniff, (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ""))
    if found is None:
        return 0.0
    header, norm = found
    from importers.boundaries import is_wkt_csv

    regions = any(n in NAME_HEADERS or n.startswith("codering") or n in ("regios", "gemeentecode") for n in norm)
    if not regions or is_wkt_csv(sniff.path, sniff):  # borders with inhabitants are boundaries
        return 0.0
    if any(is_population(h) or is_stedelijkheid(h) for h in header):
        return 0.97
    if any(n in TOPIC_HEADERS for n in norm):  # wide: the topics are values; look for them in the head
        text = sniff.text()[:64 * 1024].lower()
        return 0.97 if "inwoners" in text or "stedelijkheid" in text or "totale bevolking" in text else 0.0
    return 0.0


def read_kerncijfers(path, *, year=None, layer=None, areas=None, sniff=None, sep=None, encoding=None, sheet=None,
                     max_rows=None, progress=None, cancelled=None, **options):
    """The kerncijfers in ``path`` (module docstring) and the report.

    Parameters
    ----------
    year : int, optional
        The year of a file without periods (else from its ``jaarstatcode`` or file name).
    layer : str, optional
        The layer of a map file (default: the one with "gemeente" in its name, else the first).
    areas : DataFrame, optional
        Gemeenten (``code``, ``name``) to join a table with names only to.
    """
    path = Path(path)
    prog = as_progress(progress, cancelled)
    prog(0.0, "Kerncijfers lezen")
    if path.suffix.lower() in GEO_SUFFIXES:
        frame, report = _read_layer(path, year=year, layer=layer, max_rows=max_rows, sniff=sniff, **options)
    else:
        frame, report = _read_statline(path, year=year, areas=areas, sniff=sniff, sep=sep, encoding=encoding,
                                       sheet=sheet, max_rows=max_rows)
    report.kind = "kerncijfers"
    gm = frame["code"].str.startswith("GM")
    report.extra["gemeenten"] = int(frame.loc[gm, "code"].nunique())
    report.extra["years"] = sorted(int(y) for y in frame["year"].dropna().unique())
    missing = gm & frame["population"].isna()
    if missing.any():
        report.warn(f"{int(missing.sum())} gemeente(n) zonder inwonertal (bijvoorbeeld "
                    f"{frame.loc[missing, 'code'].iloc[0]}): geen cijfers per 1.000 inwoners voor die jaren.")
    if frame["stedelijkheid"].isna().all():
        report.warn("Geen mate van stedelijkheid in dit bestand: vergelijkbare gemeenten alleen op grootte, "
                    "tenzij een ander bestand (de gemeentelaag) haar geeft.")
    prog(1.0, "Kerncijfers gelezen")
    return frame, report.check()


def _stedelijkheid(values: pd.Series) -> pd.Series:
    s = to_number(values.astype("string"))
    return s.where(s.isin([1, 2, 3, 4, 5])).astype("Int64")


def _region_columns(columns) -> list[str]:
    return [c for c in columns if normalise_header(c) in REGION_HEADERS]


def _read_layer(path: Path, *, year, layer, max_rows, sniff, **options):
    """The gemeente layer of the Wijk- en buurtkaart through the boundaries reader."""
    from importers.boundaries import read_boundaries

    if layer is None and path.suffix.lower() == ".gpkg":
        import pyogrio

        try:
            names = [str(n) for n, _ in pyogrio.list_layers(path)]
        except Exception:  # noqa: BLE001 - the boundaries reader says what is wrong with the file
            names = []
        layer = next((n for n in names if "gemeente" in n.lower()), None)
    areas, report = read_boundaries(path, layer=layer, year=year, max_rows=max_rows, sniff=sniff,
                                    **{k: v for k, v in options.items() if k in ("crs", "code", "name", "encoding")})
    levels = areas["level"].dropna().unique().tolist()
    if levels != ["gemeente"]:
        raise ImportFileError(f"Dit grenzenbestand heeft {', '.join(levels) or 'geen CBS-gebieden'}; de kerncijfers "
                              "vragen de gemeentelaag (gemeenten) van de CBS Wijk- en buurtkaart.", path=path,
                              hint="kies de laag met --layer of exporteer de gemeenten")
    sted_col = next((c for c in areas.columns if is_stedelijkheid(c)), None)
    frame = areas[["code", "name", "year", "population", "geometry"]].copy()
    frame["code"] = frame["code"].astype("string")
    frame["year"] = frame["year"].astype("Int64")
    frame["stedelijkheid"] = _stedelijkheid(areas[sted_col]) if sted_col else pd.array([pd.NA] * len(areas),
                                                                                         dtype="Int64")
    for col in _region_columns(areas.columns):
        frame[col] = areas[col].astype("string")
    report.reader = "kerncijfers-kaart"
    report.assume("Gemeentelaag van de CBS Wijk- en buurtkaart: inwoners"
                  + (f", stedelijkheid uit '{sted_col}'" if sted_col else "") + " en grenzen (voor de buurgemeenten).")
    if sted_col:
        report.column_mapping["stedelijkheid"] = sted_col
    return frame, report


def _code_column(raw: pd.DataFrame) -> str | None:
    best, share = None, 0.0
    for c in raw.columns:
        text = raw[c].dropna().astype("string").str.strip().str.upper()
        if not len(text):
            continue
        s = float(text.str.match(ANY_REGION_CODE).mean())
        if s > share or (s == share and s > 0 and normalise_header(c).startswith("codering")):
            best, share = c, s
    return best if share >= 0.8 else None


def _name_column(raw: pd.DataFrame, exclude) -> str | None:
    for n in NAME_HEADERS:
        for c in raw.columns:
            if c in exclude or normalise_header(c) != n:
                continue
            text = raw[c].dropna().astype("string")
            if len(text) and float(text.str.contains(r"[a-z]").mean()) >= 0.5:
                return c
    return None


def _wide_topics(raw: pd.DataFrame, report: ImportReport) -> tuple[pd.DataFrame, int]:  # noqa: C901
    """A wide table (periods as columns, one line per topic) in the long layout, one column per topic."""
    from importers.wide import melt, period_columns

    periods = period_columns(raw.columns)
    topic = find_column(raw.columns, TOPIC_HEADERS)
    if not periods or topic is None:
        return raw, 0
    before = len(report.rejections)
    long = melt(raw, periods, report)
    dims = [c for c in raw.columns if c not in periods and c != topic]
    long["_row"] = long.index
    wide = long.pivot_table(index=dims + ["Perioden"], columns=topic, values="Aantal", aggfunc="first",
                            dropna=False).reset_index()
    wide.columns = [str(c) for c in wide.columns]
    report.assume(f"Brede tabel: onderwerpen uit '{topic}' als kolommen, perioden als rijen.")
    return wide.dropna(how="all", subset=[c for c in wide.columns if c not in dims + ["Perioden"]]), \
        len(report.rejections) - before


def _read_statline(path: Path, *, year, areas, sniff, sep, encoding, sheet, max_rows):
    from importers.police import normalise_name, parse_period
    from importers.tables import read_table

    report = ImportReport(path=str(path), kind="kerncijfers", reader="kerncijfers-statline")
    raw, bad = read_table(path, report, sep=sep, encoding=encoding, sheet=sheet, dtype=str, max_rows=max_rows,
                          sniff=sniff)
    n_raw = len(raw)
    period_col = find_column(raw.columns, ("perioden", "periode", "jaar"))
    wide = False
    if period_col is None:
        raw, _ = _wide_topics(raw, report)
        wide = "Perioden" in raw.columns
        period_col = "Perioden" if wide else None
    pop_col = next((c for c in raw.columns if is_population(c)), None)
    sted_col = next((c for c in raw.columns if is_stedelijkheid(c)), None)
    if pop_col is None and sted_col is None:
        raise ImportFileError("Geen kolom met inwoners ('Aantal inwoners', 'Totale bevolking', 'Bevolking op 1 "
                              "januari') of met de mate van stedelijkheid: dit zijn geen kerncijfers.", path=path)
    code_col = _code_column(raw)
    name_col = _name_column(raw, {code_col, period_col, pop_col, sted_col})
    if code_col is None and name_col is None:
        raise ImportFileError("Geen kolom met gemeentecodes (zoals GM0014) of -namen gevonden.", path=path)
    rows = raw.index.to_numpy() + 2
    code = raw[code_col].astype("string").str.strip().str.upper() if code_col else \
        pd.Series(pd.NA, index=raw.index, dtype="string")
    name = raw[name_col].astype("string").str.strip() if name_col else pd.Series(pd.NA, index=raw.index, dtype="string")
    if code_col is None:  # names only: join to a gemeente layer
        if areas is None:
            raise ImportFileError("De kerncijfers hebben alleen namen en geen gemeentecodes; exporteer ze met de "
                                  "codering of lees eerst de gemeentelaag.", path=path, column=name_col)
        lookup = {normalise_name(n): c for c, n in zip(areas["code"].astype(str), areas["name"].astype(str))}
        code = name.map(lambda n: lookup.get(normalise_name(re.sub(r"\s*\(gemeente\)\s*$", "", str(n))))
                        if pd.notna(n) else None).astype("string")
        if str(normalise_name("Nederland")) not in lookup:
            code = code.mask(name.str.casefold() == "nederland", "NL01")
        report.assume(f"Gekoppeld op naam aan de gemeentelaag: {int(code.notna().sum())} van {len(code)} rijen.")
    if period_col is not None:
        lookup_p = {p: parse_period(p) for p in raw[period_col].dropna().unique()}
        years = raw[period_col].map(lambda p: lookup_p.get(p)).map(lambda p: p.year if p is not None else None)
        years = pd.array(years, dtype="Int64")
    else:
        y = year or _year_from_name(path, report)
        years = pd.array([y] * len(raw), dtype="Int64")
    out = pd.DataFrame({"code": code, "name": name.str.replace(r"\s*\(gemeente\)\s*$", "", regex=True),
                        "year": years,
                        "population": to_number(raw[pop_col].astype("string").str.replace(" ", "")) if pop_col
                        else np.nan,
                        "stedelijkheid": _stedelijkheid(raw[sted_col]) if sted_col else pd.array([pd.NA] * len(raw),
                                                                                                  dtype="Int64")},
                       index=raw.index)
    for col in _region_columns(raw.columns):
        out[col] = raw[col].astype("string").str.strip().replace("", pd.NA)
    keep = np.ones(len(out), dtype=bool)
    other = ~out["code"].str.match(GEMEENTE_OR_COUNTRY).fillna(False).to_numpy(bool)
    for i in np.flatnonzero(other):
        value = out["code"].iat[i] if pd.notna(out["code"].iat[i]) else out["name"].iat[i]
        reason = "geen gemeente of land (provincie, regio, wijk of buurt): niet nodig voor de vergelijking" \
            if pd.notna(out["code"].iat[i]) else "naam past bij geen gemeente"
        report.reject(int(rows[i]), code_col or name_col, None if pd.isna(value) else str(value), reason)
    keep &= ~other
    no_year = keep & pd.isna(out["year"]).to_numpy()
    for i in np.flatnonzero(no_year):
        report.reject(int(rows[i]), period_col, None if period_col is None else raw[period_col].iat[i],
                      "periode niet te lezen")
    keep &= ~no_year
    dup = keep & out.duplicated(["code", "year"], keep="first").to_numpy() & keep
    for i in np.flatnonzero(dup):
        report.reject(int(rows[i]), code_col, out["code"].iat[i], "gemeente en jaar staan al eerder in het bestand")
    keep &= ~dup
    for r, line in bad:
        report.reject(r, None, line, "regel heeft meer velden dan de kopregel")
    out = out[keep].reset_index(drop=True)
    # a wide table is counted in records (region x period) and rejected cells, a long one in its lines
    report.rows_read = len(report.rejections) + len(out) if wide else n_raw + len(bad)
    report.rows_kept = len(out)
    for role, col in (("code", code_col), ("name", name_col), ("period", period_col), ("population", pop_col),
                      ("stedelijkheid", sted_col)):
        if col is not None:
            report.column_mapping[role] = col
    report.assume(f"Kerncijfers van {out['code'].str.startswith('GM').sum()} gemeente-jaren"
                  + (f" ({', '.join(str(y) for y in sorted(out['year'].dropna().unique()))})." if len(out) else "."))
    return out, report


def _year_from_name(path: Path, report: ImportReport):
    m = re.search(r"(19[5-9]\d|20\d\d)", path.name)
    if m:
        report.assume(f"Jaar {m.group(1)} afgeleid uit de bestandsnaam (het bestand heeft geen perioden).")
        return int(m.group(1))
    report.warn("Het bestand heeft geen perioden en de naam geen jaartal: het jaar van de kerncijfers is onbekend.")
    return None
