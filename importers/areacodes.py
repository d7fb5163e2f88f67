"""Which column of a boundary file holds the area codes (and names), and areas that share a code.

An area code names one area. A municipality's own buurt division whose ``CODE``
column holds the same value in every row (the real code sat in another column)
gave 91 areas one code, and every analysis ran on without a word. So a code
column is chosen only when its values tell the areas apart:

1. the column the user names (``code=``, ``--code``);
2. else the first of the known code columns (CBS buurt, wijk and gemeente codes,
   then ``code``, ``statcode``, ``ward_code``, ``pc4``, ``id`` ...) whose values are unique;
3. else a column whose values are unique and whose header says code, id or number;
4. else the first known column with a few duplicates (those are handled below);
   a column with one value in every row is never a code, and without any other the
   file is refused, naming the columns.

A known column passed over is said in an assumption ("Kolom 'CODE' heeft in alle
91 rijen dezelfde waarde ..."). Four-digit codes in a ``PC4``/``postcode`` column are
postcode areas (level ``postcode``).

Areas sharing a code (:func:`resolve_duplicates`) are merged only when their
geometries are identical (the later rows rejected with the reason, so that
``read = kept + rejected``); otherwise an analysis refuses the file and a preview
(``duplicates="warn"``, what :func:`importers.inspect` uses) warns.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from importers.detect import find_column, normalise_header
from importers.report import ImportReport
from kernel.cbs import level_of_code
from kernel.errors import ImportFileError
from kernel.nl import listing

CODE_COLS = {"buurt": ("bucode", "cbsbuurtcode", "buurtcode"),
             "wijk": ("wkcode", "cbswijkcode", "wijkcode"),
             "gemeente": ("gmcode", "cbsgemeentecode", "gemeentecode")}
NAME_COLS = {"buurt": ("bunaam", "buurtnaam", "buurt"),
             "wijk": ("wknaam", "wijknaam", "wijk"),
             "gemeente": ("gmnaam", "gemeentenaam", "gemeentename", "gemeente")}
GENERIC_CODE = ("code", "statcode", "gebiedcode", "gebiedscode", "regiocode", "areacode", "wardcode",
                "districtcode", "neighbourhoodcode", "neighborhoodcode", "pc4", "pc4code", "postcode4", "postcode",
                "postcodegebied", "id", "objectid", "gebiedid", "nummer", "nr")
GENERIC_NAME = ("naam", "name", "statnaam", "gebiednaam", "gebiedsnaam", "regionaam", "wardname",
                "districtname", "neighbourhoodname", "neighborhoodname", "omschrijving")
POSTCODE_HEADERS = ("pc4", "pc4code", "postcode4", "postcode", "postcodegebied")
#: Header words that make a column with unique values a likely code (step 3).
CODE_WORDS = ("code", "id", "nr", "nummer", "num", "pc", "key", "sleutel")
DUPLICATE_POLICIES = ("refuse", "warn")

__all__ = ["CODE_COLS", "NAME_COLS", "clean_code", "choose_code_column", "choose_name_column",
           "resolve_duplicates"]


def clean_code(series: pd.Series) -> pd.Series:
    """Codes as text without padding; empty is missing (numbers without a ``.0``)."""
    if pd.api.types.is_float_dtype(series) and series.dropna().mod(1).eq(0).all():
        series = series.astype("Int64")
    out = series.astype("string").str.strip()
    return out.where(out != "", pd.NA)


def _kind(values: pd.Series) -> tuple[str, int]:
    """("unique" | "duplicates" | "constant" | "empty", number of distinct codes)."""
    codes = clean_code(values).dropna()
    n = codes.nunique()
    if n == 0:
        return "empty", 0
    if n == len(codes):
        return "unique", n
    return ("constant" if n == 1 else "duplicates"), n


def _level_of(values: pd.Series, header: str, level: str | None) -> str:
    """The level a code column stands for: from the CBS prefix, a postcode header, or ``level``/buurt."""
    codes = clean_code(values).dropna()
    prefix = codes.str[:2].str.upper().value_counts()
    lv = level_of_code(prefix.index[0]) if len(prefix) else None
    if lv:
        return lv
    if normalise_header(header) in POSTCODE_HEADERS and len(codes) and codes.str.fullmatch(r"[1-9]\d{3}").all():
        return "postcode"
    return level or "buurt"


def _why_not(column: str, kind: str, values: pd.Series) -> str:
    codes = clean_code(values).dropna()
    if kind == "constant":
        return f"kolom '{column}' heeft in alle {len(codes)} rijen dezelfde waarde ('{codes.iloc[0]}')"
    if kind == "empty":
        return f"kolom '{column}' is leeg"
    dup = codes[codes.duplicated()].unique()
    return f"kolom '{column}' heeft {len(codes) - codes.nunique()} dubbele waarden (zoals '{dup[0]}')"


def _known(frame: pd.DataFrame, level: str | None) -> list[tuple[str, str | None]]:
    """The known code columns in order: (column, level or None for a generic one)."""
    out: list[tuple[str, str | None]] = []
    if "code" in frame.columns and "level" in frame.columns:  # Wijkbeeld's own Areas layout
        out.append(("code", None))
    order = [level] if level in CODE_COLS else []
    for lv in order + [lv for lv in ("buurt", "wijk", "gemeente") if lv not in order]:
        col = find_column(frame.columns, CODE_COLS[lv])
        if col is not None and all(col != c for c, _ in out):
            out.append((col, lv))
    norm = {normalise_header(c): c for c in frame.columns if c != "geometry"}
    for name in GENERIC_CODE:
        col = norm.get(name)
        if col is not None and all(col != c for c, _ in out):
            out.append((col, None))
    return out


def _by_content(frame: pd.DataFrame, skip: set) -> list[str]:
    """Columns (not known ones) with unique short values and a header that says code, id or number."""
    out = []
    for col in frame.columns:
        if col in skip or col == "geometry" or pd.api.types.is_float_dtype(frame[col]) \
                and not frame[col].dropna().mod(1).eq(0).all():
            continue
        norm = normalise_header(col)
        if not any(w in norm for w in CODE_WORDS) or any(w in norm for w in ("naam", "name")):
            continue
        codes = clean_code(frame[col]).dropna()
        if len(codes) and codes.str.len().max() <= 40 and _kind(frame[col])[0] == "unique":
            out.append(col)
    return out


def _named(frame: pd.DataFrame, column: str, what: str, path) -> str:
    """The column the user named (exactly, else by its normalised header); a Dutch error naming the columns."""
    if column in frame.columns:
        return column
    hits = [c for c in frame.columns if normalise_header(c) == normalise_header(column)]
    if not hits:
        raise ImportFileError(f"De opgegeven {what} '{column}' bestaat niet in dit bestand.", path=path,
                              column=column, hint="kolommen: " + ", ".join(map(str, frame.columns[:30])))
    return hits[0]


def choose_code_column(frame: pd.DataFrame, level: str | None, path, report: ImportReport,
                       code: str | None = None) -> tuple[str, str]:
    """``(level, column)`` of the area codes (see the module docstring); the choice goes into ``report``."""
    if code is not None:
        code = _named(frame, code, "codekolom", path)
        kind, _ = _kind(frame[code])
        if kind in ("constant", "empty"):
            raise ImportFileError(f"De opgegeven codekolom onderscheidt de gebieden niet: "
                                  f"{_why_not(code, kind, frame[code])}.", path=path, column=code,
                                  hint="kies een kolom met één code per gebied")
        report.assume(f"Gebiedscodes uit kolom '{code}' (opgegeven).")
        return _level_of(frame[code], code, level), code
    known = _known(frame, level)
    passed: list[str] = []
    fallback = None
    for col, lv in known:
        kind, _ = _kind(frame[col])
        if kind == "unique":
            return _chosen(frame, col, lv, level, passed, report)
        if kind == "duplicates" and fallback is None:
            fallback = (col, lv)
        passed.append(_why_not(col, kind, frame[col]))
    content = _by_content(frame, {c for c, _ in known})
    if content:
        return _chosen(frame, content[0], None, level, passed, report)
    if fallback is not None:
        return _chosen(frame, fallback[0], fallback[1], level, passed[:0], report)
    what = ("; ".join(passed) + ". ") if passed else ""
    raise ImportFileError(f"Geen kolom met een eigen code per gebied gevonden: {what}".rstrip(": ")
                          + ("" if what else " (zoals BU_CODE, buurtcode, CODE, PC4 of statcode)."), path=path,
                          hint="geef de kolom met de gebiedscode op met --code; kolommen: "
                          + ", ".join(map(str, frame.columns[:25])))


def _chosen(frame, col, lv, level, passed, report: ImportReport) -> tuple[str, str]:
    if col == "code" and lv is None and "level" in frame.columns:  # Wijkbeeld's own Areas layout
        levels = frame["level"].dropna().astype(str)
        found = levels.mode().iloc[0] if len(levels) else (level or "buurt")
    else:
        found = lv or _level_of(frame[col], col, level)
    if passed:
        reasons = "; ".join(passed)
        skipped = [re.match(r"kolom '(.*?)'", p).group(1) for p in passed]
        report.assume(f"{reasons[0].upper()}{reasons[1:]}: dat is geen gebiedscode. De codes komen uit kolom "
                      f"'{col}' (één per gebied); kies een andere met --code.")
        report.warn(f"Gebiedscode uit kolom '{col}' genomen, niet uit {listing(skipped)} (zie de aannames).")
    if found == "postcode":
        report.assume(f"Kolom '{col}' bevat postcodes van 4 cijfers: de gebieden zijn postcodegebieden (PC4).")
    return found, col


def choose_name_column(frame: pd.DataFrame, level: str, report: ImportReport, name: str | None = None,
                       path=None) -> str | None:
    """The column with the area names: ``name`` when given, else a known name column of ``level``."""
    if name is not None:
        name = _named(frame, name, "naamkolom", path)
        report.assume(f"Gebiedsnamen uit kolom '{name}' (opgegeven).")
        return name
    return find_column(frame.columns, NAME_COLS.get(level, ())) or find_column(frame.columns, GENERIC_NAME)


def resolve_duplicates(areas, report: ImportReport, rows: np.ndarray, *, column: str, path,
                       duplicates: str = "refuse"):
    """Areas that share a code: merged when their geometries are identical, else refused (or, to warn, kept).

    ``rows`` is the row of each area as the user counts them (``feature 5 is row 5``). Merged rows are
    rejected with the row they are the same as.
    """
    import shapely

    if duplicates not in DUPLICATE_POLICIES:
        raise ValueError(f"duplicates must be one of {DUPLICATE_POLICIES}")
    codes = areas["code"].astype("string")
    dup = codes.duplicated(keep=False).to_numpy()
    if not dup.any():
        return areas, rows
    geoms = areas.geometry.to_numpy()
    drop = np.zeros(len(areas), dtype=bool)
    differing: dict[str, list[int]] = {}
    for code, positions in pd.Series(np.flatnonzero(dup)).groupby(codes[dup].to_numpy()):
        first, *rest = positions.tolist()
        for pos in rest:
            if shapely.equals(geoms[first], geoms[pos]):
                drop[pos] = True
                report.reject(rows[pos], column, code, f"zelfde gebiedscode en dezelfde grens als rij {rows[first]}: "
                              "samengevoegd")
            else:
                differing.setdefault(str(code), [int(rows[first])]).append(int(rows[pos]))
    if drop.any():
        report.assume(f"{int(drop.sum())} gebied(en) stonden dubbel in het bestand (zelfde code en grens) en zijn "
                      "samengevoegd.")
    if differing:
        for code, where in differing.items():
            report.duplicates.append({"code": code, "count": len(where), "rows": where})
        sample = [f"'{c}' (rijen {', '.join(map(str, r))})" for c, r in list(differing.items())[:5]]
        text = (f"{len(differing)} gebiedscode(s) komen meer dan eens voor met verschillende grenzen: "
                f"{', '.join(sample)}{' ...' if len(differing) > 5 else ''}")
        if duplicates == "refuse":
            raise ImportFileError(text + "; een analyse vraagt één gebied per code.", path=path, column=column,
                                  hint="kies de kolom met de gebiedscode met --code, of voeg de delen eerst samen "
                                       "in een GIS")
        report.warn(text + "; een analyse weigert dit bestand (kies een andere codekolom met --code).")
    return areas[~drop], rows[~drop]
