"""Police open data (tables 47022NED and 47018NED) into a Counts frame.

Two layouts are read:

* the **typed** (OData) layout: headers without spaces (``SoortMisdrijf``,
  ``WijkenEnBuurten``, ``Perioden``, ``GeregistreerdeMisdrijven_1``), codes padded
  with spaces (``GM0014    ``), crime codes with a trailing space (``1.2.3 ``),
  periods like ``2014MM01`` (month), ``2014KW01`` (quarter), ``2014JJ00`` (year);
* the **label** layout of a StatLine/police-portal export: BOM, every field quoted,
  Dutch month names (``2014 januari``), counts padded with spaces, and area
  *names only*. Names are joined to an Areas frame within the chosen gemeente;
  every name that matches no area, or more than one, is reported and left
  without a code, never guessed.

The ``category`` column holds the crime code (``1.2.3``) in both layouts, so the
two can be combined; the label layout adds ``category_label`` with its text.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from importers.detect import find_column as _find, normalise_header, to_number
from kernel.errors import ImportFileError
from kernel.progress import as_progress
from importers.rejects import Rejects
from importers.report import ImportReport
from kernel.cbs import POLICE_LABELS, gemeente_code, gemeente_mask, level_of_code
from kernel.schema import COUNT_COLUMNS
from importers.tables import read_table
from importers.wide import COUNT, PERIOD, PROVISIONAL, melt, period_columns, second_header

AREA_HEADERS = ("wijkenenbuurten", "regios", "regio", "plaatsen", "gemeenten", "gemeente", "gebied")
CATEGORY_HEADERS = ("soortmisdrijf", "misdrijf", "soortmisdrijven", "categorie")
COUNT_PREFIXES = ("geregistreerdemisdrijven", "aantal", "misdrijven", "count")
CBS_CODE = re.compile(r"^(NL\d{2}|(LD|PV|CR|RE|RB|WP|GG|VR|PL)\d{2,4}|GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4})$")
MONTHS = {"januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
          "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12}
CATEGORY_CODE = re.compile(r"^\s*(\d+(?:\.\d+)*)\s*(.*)$")


def is_total(code, label=None) -> bool:
    """A crime category that holds all others: code ``0.0.0`` (any all-zero code) or a label starting "Totaal".

    >>> is_total("0.0.0"), is_total("1.2.3"), is_total("x", "Totaal misdrijven"), is_total("Totaal")
    (True, False, True, True)
    """
    text = str(code).strip()
    if re.fullmatch(r"0+(\.0+)*", text):
        return True
    return any(str(t).strip().casefold().startswith("totaal") for t in (text, label) if t is not None and t == t)


def contains(parent, child) -> bool:
    """Category ``parent`` holds ``child``: the total holds everything, ``1.1`` holds ``1.1.1`` (dotted prefix).

    >>> contains("0.0.0", "1.2.3"), contains("1.1", "1.1.1"), contains("1.1", "1.10"), contains("1.2.3", "1.2.3")
    (True, True, False, False)
    """
    p, c = str(parent).strip(), str(child).strip()
    if p == c:
        return False
    return is_total(p) or c.startswith(p + ".")


def category_overview(counts) -> dict:
    """The crime categories of a Counts frame and how they overlap (for the report and the category choice).

    Returns ``categories`` (one dict per category: ``category``, ``label``, ``count``, ``total``), ``total``
    (the category that holds all others, or None) and ``overlapping`` (pairs where one holds the other exist:
    summing over categories would count incidents twice).
    """
    if "category" not in counts.columns or counts.empty:
        return {"categories": [], "total": None, "overlapping": False}
    labels = counts["category_label"] if "category_label" in counts.columns else pd.Series(pd.NA, index=counts.index)
    frame = pd.DataFrame({"category": counts["category"].astype("string"), "label": labels.astype("string"),
                          "count": pd.to_numeric(counts["count"], errors="coerce")})
    per = frame.groupby("category", sort=True, dropna=True).agg(label=("label", "first"), count=("count", "sum"))
    cats = []
    for code, row in per.iterrows():
        label = None if pd.isna(row["label"]) else str(row["label"])
        cats.append({"category": str(code), "label": label, "count": int(row["count"]), "total": is_total(code, label)})
    totals = [c["category"] for c in cats if c["total"]]
    codes = [c["category"] for c in cats]
    overlapping = len(codes) > 1 and (bool(totals) or any(contains(a, b) for a in codes for b in codes))
    return {"categories": cats, "total": totals[0] if len(totals) == 1 else None, "overlapping": overlapping}


def looks_like_counts(columns) -> bool:
    """A police/StatLine table: an area or crime column, and a 'Perioden' column, periods as columns
    (a wide export) or a count column over the periods of a second header line."""
    from importers.wide import period_columns

    norm = {normalise_header(c) for c in columns}
    if not norm & (set(AREA_HEADERS) | set(CATEGORY_HEADERS)):
        return False
    return "perioden" in norm or bool(period_columns(columns)) or any(n.startswith(COUNT_PREFIXES[0]) for n in norm)


def _not_incidents(raw: pd.DataFrame, path) -> None:
    """Refuse an incident file given as counts with what it is and where it belongs (an Excel file is only seen for
    what it is once read): it has coordinates or a date column, and no periods or counts."""
    from importers import wrong_file
    from importers.detect import map_columns

    try:
        cols = map_columns([str(c) for c in raw.columns])
    except ImportFileError:
        return
    if ("x" in cols and "y" in cols) or ("lat" in cols and "lon" in cols) or "start" in cols:
        raise wrong_file("incidents", "counts", path)


def parse_period(text: str):
    """A pandas Period from a typed (``2014MM01``) or label (``2014 januari``) period, or a month as an own table
    writes it (``2014-01``, ``01-2014``, ``januari 2014``); None when unknown.

    >>> parse_period("2014MM01"), parse_period("2014JJ00"), parse_period("2014 januari"), parse_period("2024*")
    (Period('2014-01', 'M'), Period('2014', 'Y-DEC'), Period('2014-01', 'M'), Period('2024', 'Y-DEC'))
    >>> parse_period("2014-01"), parse_period("3/2014"), parse_period("maart 2014"), parse_period("2014-13")
    (Period('2014-01', 'M'), Period('2014-03', 'M'), Period('2014-03', 'M'), None)
    """
    t = str(text).strip().rstrip("*").strip().lower()
    m = re.fullmatch(r"(\d{4})[-/](\d{1,2})|(\d{1,2})[-/](\d{4})|([a-z]+)\s+(\d{4})", t)
    if m:  # an own table's month: 2014-01, 01-2014, januari 2014
        year = int(m.group(1) or m.group(4) or m.group(6))
        month = int(m.group(2) or m.group(3)) if m.group(5) is None else MONTHS.get(m.group(5), 0)
        return pd.Period(year=year, month=month, freq="M") if 1 <= month <= 12 else None
    m = re.fullmatch(r"(\d{4})\s*(mm|kw|jj)\s*(\d{2})", t)
    if m:
        year, kind, num = int(m.group(1)), m.group(2), int(m.group(3))
        if kind == "mm" and 1 <= num <= 12:
            return pd.Period(year=year, month=num, freq="M")
        if kind == "kw" and 1 <= num <= 4:
            return pd.Period(year=year, quarter=num, freq="Q")
        if kind == "jj":
            return pd.Period(year=year, freq="Y")
        return None
    m = re.fullmatch(r"(\d{4})\s+(\d)e?\s*kwartaal", t)
    if m:
        q = int(m.group(2))
        return pd.Period(year=int(m.group(1)), quarter=q, freq="Q") if 1 <= q <= 4 else None
    m = re.fullmatch(r"(\d{4})(?:\s+([a-z]+))?", t)
    if m:
        year, word = int(m.group(1)), m.group(2)
        if word is None:
            return pd.Period(year=year, freq="Y")
        if word in MONTHS:
            return pd.Period(year=year, month=MONTHS[word], freq="M")
    return None


def normalise_name(name) -> str:
    """For joining by name: accents off, case folded, dashes and quotes unified, spaces collapsed."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = re.sub(r"[\u2010-\u2015‐-]", "-", text.casefold())
    text = text.replace("’", "'").replace("`", "'")
    return re.sub(r"\s+", " ", text).strip()


def _letters(name) -> str:
    """A name's letters and digits alone (:func:`normalise_name` without spaces, dashes, dots and quotes): the
    second try of a join by name, taken only where it points to one area."""
    return re.sub(r"[^0-9a-z]", "", normalise_name(name))


def read_counts(path, *, areas=None, gemeente=None, progress=None, cancelled=None, sep=None, encoding=None,
                sheet=None, max_rows=None, sniff=None, **options):
    """Read a police table into a Counts frame (``code, name, period, category, count``) and a report.

    Parameters
    ----------
    path : str or Path
    areas : GeoDataFrame, optional
        Areas to join a label file to by name (and to check codes against).
    gemeente : str, optional
        Code (``GM0014``) or name of the gemeente within which names are matched, and whose rows are kept.
    sniff : importers.sniff.Sniff, optional
        The file's head when the caller read it already (:func:`importers.read` does, to choose the reader).
    """
    path = Path(path)
    prog = as_progress(progress, cancelled)
    if isinstance(areas, (str, Path)):
        from importers.boundaries import read_boundaries
        areas, _ = read_boundaries(areas, gemeente=gemeente)
    report = ImportReport(path=str(path), kind="counts", reader="police")
    prog(0.0, "Tellingen lezen")
    raw, bad_lines = read_table(path, report, sep=sep, encoding=encoding, sheet=sheet, dtype=str, max_rows=max_rows,
                                sniff=sniff)
    period_col = _find(raw.columns, ("perioden", "periode", "period"))
    wide_rejected = 0
    if period_col is None:  # periods as columns (a wide StatLine/police-portal export)
        raw, wide_rejected = _wide_to_long(raw, report)
        period_col = PERIOD if PERIOD in raw.columns else None
    area_col = _find(raw.columns, AREA_HEADERS)
    cat_col = _find(raw.columns, CATEGORY_HEADERS)
    count_col = COUNT if COUNT in raw.columns and period_col == PERIOD else \
        next((c for c in raw.columns if normalise_header(c).startswith(COUNT_PREFIXES)), None)
    if period_col is None or count_col is None:
        _not_incidents(raw, path)
        raise ImportFileError("Dit is geen tabel van de politie of CBS: kolommen 'Perioden' en een aantal "
                              "(zoals 'GeregistreerdeMisdrijven_1') ontbreken.", path=path)
    typed = area_col is not None and (_codes_in(raw[area_col]) or " " not in area_col and "(" not in count_col
                                      and not _names_in(raw[area_col]))
    report.reader = "police-typed" if typed else "police-labels"
    report.assume("Indeling: getypeerde tabel met codes (OData)." if typed else
                  "Indeling: export met labels (namen, geen codes).")
    for role, col in (("code" if typed else "name", area_col), ("period", period_col), ("category", cat_col),
                      ("count", count_col)):
        if col is not None:
            report.column_mapping[role] = col
    rej = Rejects(raw.index.to_numpy() + 2, missing_as_none=False)  # values as read: an empty cell stays NaN
    scope = np.ones(len(raw), dtype=bool)

    def reject(mask, col, reason):
        rej.add(np.asarray(mask, dtype=bool) & scope, col, raw[col], reason)

    area = raw[area_col].astype("string").str.strip() if area_col else pd.Series(pd.NA, index=raw.index,
                                                                                   dtype="string")
    if typed:
        code = area.str.upper()
        valid = code.str.match(CBS_CODE).fillna(False).to_numpy(dtype=bool)
        if not valid.any():
            example = area.dropna().iloc[0] if area.notna().any() else ""
            raise ImportFileError(f"Geen enkele bekende gebiedscode (zoals GM0014, WK001400, BU00140000); "
                                  f"bijvoorbeeld '{example}'.", path=path, column=area_col, row=2)
        scope = _scope(code, gemeente, areas, report)
        reject(~valid, area_col, "onbekende gebiedscode")
        name = pd.Series(pd.NA, index=raw.index, dtype="string")
    else:
        code = pd.Series(pd.NA, index=raw.index, dtype="string")
        name = area
    uniq = raw[period_col].dropna().unique()
    lookup = {p: parse_period(p) for p in uniq}
    period = raw[period_col].map(lookup)
    reject(period.isna().to_numpy(), period_col, "periode niet te lezen")
    count = to_number(raw[count_col].astype("string").str.strip().replace({".": None, "": None, "x": None}))
    reject(count.isna().to_numpy(), count_col, "aantal ontbreekt")
    reject((count < 0).fillna(False).to_numpy() | (count % 1 != 0).fillna(False).to_numpy(), count_col,
           "aantal is geen geheel getal van 0 of meer")
    if cat_col is not None:
        parts = raw[cat_col].astype("string").str.extract(CATEGORY_CODE)
        category = parts[0].where(parts[0].notna(), raw[cat_col].astype("string").str.strip()).astype("string")
        label = parts[1].astype("string").str.strip()
        label = label.where(label != "", pd.NA)
    else:
        category = pd.Series("totaal", index=raw.index, dtype="string")
        label = pd.Series(pd.NA, index=raw.index, dtype="string")
    if not period.dropna().empty:
        names = {"M": "maanden", "Q": "kwartalen", "Y": "jaren"}
        freqs = sorted({names.get(p.freqstr[0], p.freqstr) for p in lookup.values() if p is not None})
        labels = sorted(str(p) for p in lookup.values() if p is not None)
        first, last = labels[0], labels[-1]
        report.assume(f"Perioden: {', '.join(freqs)} ({first} t/m {last}).")
    provisional = raw[PROVISIONAL].astype(bool) if PROVISIONAL in raw.columns else \
        raw[period_col].astype("string").str.strip().str.endswith("*").fillna(False)
    out = pd.DataFrame({"code": code, "name": name, "period": period, "category": category,
                        "count": count, "category_label": label, "provisional": provisional}, index=raw.index)
    out, taken = out[scope], rej.taken[scope]
    if typed and out["category_label"].isna().all():  # the typed table has codes only: their names from 47022NED
        out = out.assign(category_label=out["category"].map(POLICE_LABELS).astype("string"))
        named = sorted(c for c in out["category"].dropna().unique() if c in POLICE_LABELS)
        if named:
            report.assume("Namen van de categorieën uit politietabel 47022NED: "
                          + "; ".join(f"{c} {POLICE_LABELS[c]}" for c in named[:8]) + (" ..." if len(named) > 8
                                                                                          else "."))
    if not typed:
        _join_by_name(out, areas, gemeente, report)
    elif areas is not None:
        _check_codes(out, areas, report, path, area_col)
    out = out[~taken].copy()
    out["count"] = out["count"].astype("int64")
    freqs = {p.freqstr for p in out["period"]}
    if len(freqs) == 1:
        out["period"] = pd.array(out["period"].tolist(), dtype=pd.PeriodDtype(out["period"].iloc[0].freq))
    elif len(freqs) > 1:
        report.warn("De tabel mengt perioden van verschillende lengte (bijvoorbeeld maanden en jaren).")
    for r, line in bad_lines:
        report.reject(r, None, line, "regel heeft meer velden dan de kopregel")
    rej.into(report)
    report.rejections.sort(key=lambda r: r.row)
    report.rows_read = int(scope.sum()) + len(bad_lines) + wide_rejected
    if out["provisional"].any():
        report.assume(f"{int(out['provisional'].sum())} voorlopige cijfers (*), gemarkeerd in de kolom 'provisional'.")
    report.rows_kept = len(out)
    report.extra["levels"] = out["code"].dropna().map(level_of_code).value_counts().to_dict()
    _note_categories(out, report)
    prog(1.0, "Tellingen gelezen")
    return out.reset_index(drop=True)[COUNT_COLUMNS + ["category_label", "provisional"]], report.check()


def _codes_in(values: pd.Series) -> bool:
    """Most of the area column holds CBS codes (a typed table, whatever its header)."""
    text = values.dropna().astype("string").str.strip().str.upper()
    return bool(len(text)) and float(text.str.match(CBS_CODE).mean()) >= 0.8


def _names_in(values: pd.Series) -> bool:
    """Most of the area column holds names (lower-case letters), not codes."""
    text = values.dropna().astype("string").str.strip()
    return bool(len(text)) and float(text.str.contains(r"[a-z]").mean()) >= 0.5


def _wide_to_long(raw: pd.DataFrame, report: ImportReport) -> tuple[pd.DataFrame, int]:
    """A wide table (periods as columns, maybe on a second header line) in the long layout; rejected cells."""
    periods = period_columns(raw.columns)
    if not periods:
        names = second_header(raw)
        if not names:
            return raw, 0
        raw = raw.iloc[1:].copy()
        raw.columns = names
        periods = period_columns(names)
        report.assume("De perioden staan op de tweede kopregel (rij 2).")
    before = len(report.rejections)
    return melt(raw, periods, report), len(report.rejections) - before


def _note_categories(out: pd.DataFrame, report: ImportReport) -> None:
    """The categories in the report (``extra["categories"]``), with a warning where they overlap."""
    overview = category_overview(out)
    cats = overview["categories"]
    if len(cats) > 1:  # what an analysis uses unless the user chooses (hotspots.categories.choose_counts_category)
        overview["default"] = overview["total"] or max(cats, key=lambda c: c["count"])["category"]
        overview["default_reason"] = "het totaal" if overview["total"] else "de grootste"
    elif cats:
        overview["default"], overview["default_reason"] = cats[0]["category"], "de enige"
    report.extra["categories"] = overview
    if len(cats) > 1:
        name = {c["category"]: " ".join(v for v in (c["category"], c["label"]) if v) for c in cats}
        if overview["overlapping"]:
            total = overview["total"]
            what = f"het totaal '{name[total]}' naast {len(cats) - 1} subcategorieën" if total \
                else f"{len(cats)} categorieën die elkaar deels bevatten"
            report.warn(f"De tabel bevat {what}: die overlappen en worden nooit opgeteld. Een analyse gebruikt "
                        f"één categorie (standaard {'het totaal' if total else 'de grootste'}; kies met --category).")
        else:
            report.assume(f"{len(cats)} categorieën; een analyse gebruikt er één (de grootste, of kies met "
                          "--category; 'alle' telt ze op).")


def _scope(code: pd.Series, gemeente, areas, report: ImportReport) -> np.ndarray:
    """Rows of the chosen gemeente (all rows when none is chosen); codes above gemeente level stay."""
    if gemeente is None:
        return np.ones(len(code), dtype=bool)
    gm = gemeente_code(gemeente)  # GM0014, 0014, 14 (kernel.cbs, as everywhere)
    if gm is None and areas is not None and "gemeente_name" in areas:
        hit = areas.loc[gemeente_mask(areas, gemeente), "gemeente_code"]  # by name, as the boundaries reader matches
        gm = gemeente_code(hit.iloc[0]) if len(hit) else None
    if gm is None:
        raise ImportFileError(f"Gemeente '{gemeente}' onbekend; geef de code (zoals GM0014).")
    digits = gm[2:]
    inside = code.str[2:6] == digits.zfill(4)
    local = code.str.match(r"^(GM|WK|BU)").fillna(False).astype(bool)
    mask = (inside.fillna(False).astype(bool) | ~local).to_numpy(dtype=bool)
    report.assume(f"Alleen gemeente GM{digits.zfill(4)}: {int(mask.sum())} van {len(code)} rijen.")
    return mask


def _areas_in(areas, gemeente):
    if gemeente is None:
        return areas
    mask = gemeente_mask(areas, gemeente)
    if not mask.any():
        raise ImportFileError(f"Gemeente '{gemeente}' komt niet voor in de gebiedenlaag.")
    return areas[mask]


def _join_by_name(out: pd.DataFrame, areas, gemeente, report: ImportReport) -> None:
    """Codes for a label file: exact (normalised) name matches within the gemeente; the rest reported."""
    if areas is None:
        report.warn("Deze tellingen hebben alleen namen en er is geen gebiedenlaag opgegeven: niet gekoppeld.")
        return
    scope = _areas_in(areas, gemeente)
    by_name: dict[str, list[str]] = {}
    by_letters: dict[str, list[tuple[str, str]]] = {}  # the second try: letters and digits alone
    for c, n in zip(scope["code"].astype(str), scope["name"].fillna("").astype(str)):
        by_name.setdefault(normalise_name(n), []).append(c)
        by_letters.setdefault(_letters(n), []).append((c, n))
    gm_names = {}
    if "gemeente_name" in scope and "gemeente_code" in scope:
        for c, n in zip(scope["gemeente_code"].astype(str), scope["gemeente_name"].fillna("").astype(str)):
            if n:
                gm_names.setdefault(normalise_name(n), set()).add(c)
    codes, loose = {}, []
    for name, n_rows in out["name"].value_counts().items():
        key = normalise_name(name)
        hits = by_name.get(key, []) + sorted(gm_names.get(key, ()))  # a buurt may carry the gemeente's name
        letters = _letters(name) if not hits else ""
        alike = by_letters.get(letters, []) if letters else []
        if len(hits) == 1:
            codes[name] = hits[0]
        elif len(alike) == 1:  # 'BurgemeesterTellegenbuurt-West' is 'Burgemeester Tellegenbuurt-West': said
            codes[name] = alike[0][0]
            loose.append(f"'{name}' = '{alike[0][1]}' ({alike[0][0]})")
        elif not hits:
            report.unmatched.append({"name": name, "rows": int(n_rows),
                                     "reason": "geen gebied met deze naam in de gebiedenlaag"})
        else:
            report.unmatched.append({"name": name, "rows": int(n_rows), "codes": sorted(hits),
                                     "reason": f"naam past bij {len(hits)} gebieden; niet gekoppeld"})
    out["code"] = out["name"].map(codes).astype("string")
    matched = len(codes)
    total = out["name"].nunique()
    report.assume(f"Gekoppeld op naam: {matched} van {total} namen"
                  + (f" binnen gemeente {gemeente}." if gemeente else "."))
    if loose:
        report.warn(f"{len(loose)} namen gekoppeld zonder op spaties en leestekens te letten (controleer ze): "
                    + "; ".join(loose[:8]) + (" ..." if len(loose) > 8 else "") + ".")
    if report.unmatched:
        report.warn(f"{len(report.unmatched)} namen niet gekoppeld (zie 'Niet gekoppeld'); "
                    "hun rijen hebben geen gebiedscode.")


def _check_codes(out: pd.DataFrame, areas, report: ImportReport, path, column) -> None:
    known = set(areas["code"].astype(str)) | set(areas.get("gemeente_code", pd.Series(dtype=str)).dropna().astype(str)) \
        | set(areas.get("wijk_code", pd.Series(dtype=str)).dropna().astype(str))
    codes = out["code"].dropna()
    missing = codes[~codes.isin(known)].value_counts()
    if len(missing) == codes.nunique() and len(codes):
        raise ImportFileError("Geen van de gebiedscodes in de tellingen komt voor in de gebiedenlaag "
                              f"(bijvoorbeeld '{missing.index[0]}').", path=path, column=column,
                              hint="kies de grenzen van hetzelfde jaar en dezelfde gemeente")
    for c, n in missing.items():
        report.unmatched.append({"code": c, "rows": int(n), "reason": "code niet in de gebiedenlaag"})
    if len(missing):
        report.warn(f"{len(missing)} codes uit de tellingen komen niet voor in de gebiedenlaag.")
