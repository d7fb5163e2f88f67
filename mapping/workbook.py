"""Workbooks for people: XLSX that works in Dutch Excel, written row by row with xlsxwriter.

A sheet is a table that already went through the disclosure rules
(:func:`mapping.disclosure.apply_rules`): its numbers are numbers and its hidden cells the
markers ``"<5"`` or ``"x"``. Here it gets

- Dutch column headers (:data:`HEADERS`: "Buurtcode", "Aantal", "Per 1.000 inwoners",
  "Gi* z", "p (FDR)", "Klasse"), with a note on a header whose column holds a marker;
- numbers stored as numbers, with a number format per column (:data:`FORMATS`; Excel shows
  them with the separators of the reader's locale: ``1.234`` and ``0,25`` in Dutch Excel), so
  that SUM works; the markers as right-aligned text;
- text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return at the start) with a leading apostrophe (OWASP "CSV injection");
- a sheet "Toelichting" in sentences: what, period, method, theme, source, the warnings (their
  counts of incidents as the sheets show them), the privacy rule and the time of the export in
  local time (:func:`explanation_rows`).

xlsxwriter's ``constant_memory`` mode writes each row to disk as it goes, so a national table
(14,500 buurten) needs no workbook in memory; ``benchmarks/bench_xlsx.py`` compares it with
``DataFrame.to_csv`` of the same sheets.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from mapping.protect import STAT_DIGITS

#: Dutch column headers of the published tables (the columns of the results, hot times, trends).
HEADERS = {
    "code": "Gebiedscode", "name": "Naam", "level": "Niveau", "wijk_code": "Wijkcode", "wijk_name": "Wijknaam",
    "gemeente_code": "Gemeentecode", "gemeente_name": "Gemeente", "population": "Inwoners", "water": "Water",
    "year": "Jaar",
    "count": "Aantal", "rate": "Per 1.000 inwoners", "rate_eb": "Per 1.000 inwoners (EB)", "z": "Gi* z",
    "p": "p", "p_fdr": "p (FDR)", "gi_class": "Klasse (getal)", "gi_label": "Klasse", "gi_colour": "Kleur",
    "quadrant": "Kwadrant", "quadrant_label": "Kwadrant (uitleg)", "Is": "Lokale Moran's I",
    "p_sim": "p (permutaties)", "class": "Klasse (getal)", "class_label": "Klasse", "colour": "Kleur",
    "day": "Dag", "weekday": "Dag", "hour": "Uur", "start": "Begin", "end": "Einde", "hours": "Uren",
    "observed": "Waargenomen", "expected": "Verwacht", "label": "Blok", "phrase": "Omschrijving",
    "dagdeel": "Dagdeel", "month": "Maand", "period": "Periode", "category": "Categorie",
    "prev_year": "Vorig jaar", "lower": "Ondergrens", "upper": "Bovengrens", "flag": "Signaal",
    "tau": "Kendall's tau", "slope": "Helling (verschil per jaar in het aantal per maand)", "direction": "Richting",
    "dispersion": "Spreiding (keer die bij toeval)", "share": "Aandeel", "sentence": "Zin", "s": "S (Mann-Kendall)",
    "var_s": "Variantie van S", "n": "Maanden", "text": "Tekst", "before": "Eerste periode",
    "after": "Tweede periode", "change": "Verschil", "change_pct": "Verschil (%)", "key": "Onderdeel",
    "value": "Waarde", "item": "Onderdeel", "onderdeel": "Onderdeel", "toelichting": "Toelichting",
    "dag": "Dag", "begin": "Begin", "einde": "Einde", "gebied": "Gebiedscode", "gebiedsnaam": "Gebied",
    "verwacht_per_week": "Verwacht per week", "deel_van_de_dag": "Deel van de dag", "gi_star": "Gi*",
    "reden": "Reden", "kengetal": "Kengetal", "waarde": "Waarde",
}
#: Headers of a column that means something else in the table of another method than in the areas' table
#: (:data:`HEADERS`): (the columns that tell the table, its own headers). The trend tests' z and p are those of
#: Mann-Kendall, no Gi* z.
TABLE_HEADERS = ((frozenset({"s", "var_s", "tau"}), {"z": "z (Mann-Kendall)", "p": "p (Mann-Kendall)"}),)
#: The columns of the hot times that hold counts weighted over the hours of each incident's time window
#: (aoristic): (the columns that tell the table, the column). Headed "Gewogen aantal" where they are fractions,
#: with a sentence in the Toelichting (:data:`WEIGHTED_NOTE`).
WEIGHTED = ((frozenset({"day", "hour", "expected"}), "count"), (frozenset({"observed", "expected", "hours"}),
                                                                "observed"))
WEIGHTED_HEADER = "Gewogen aantal"
WEIGHTED_NOTE = ("Een incident met een tijdvenster (begin en eind) telt in elk uur van dat venster voor een deel mee "
                 "(aoristisch, Ratcliffe 2002). Daarom is een gewogen aantal in {sheets} vaak geen heel getal; het "
                 "rapport toont het afgerond.")
#: Headers of the area code and name per level.
LEVEL_HEADERS = {"buurt": ("Buurtcode", "Buurt"), "wijk": ("Wijkcode", "Wijk"), "gemeente": ("Gemeentecode", "Gemeente")}
#: Number formats per column (Excel codes; the reader's locale sets the separators).
FORMATS = {
    "count": "#,##0", "population": "#,##0", "prev_year": "#,##0", "before": "#,##0", "after": "#,##0",
    "change": "+#,##0;-#,##0;0", "rate": "0.0", "rate_eb": "0.0", "z": "0.00", "p": "0.000", "p_fdr": "0.000",
    "p_sim": "0.000", "Is": "0.000", "observed": "#,##0.0", "expected": "#,##0.0", "lower": "#,##0",
    "upper": "#,##0", "tau": "0.00", "slope": "0.00", "dispersion": "0.0", "share": "0.0%", "change_pct": "0%",
    "verwacht_per_week": "0.00", "deel_van_de_dag": "0.0%", "s": "#,##0", "var_s": "#,##0.0",
}
#: Columns that are internal (never shown to people).
INTERNAL = frozenset({"slot", "gi_colour", "colour"})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MARKER_NOTE = ("'{marker}' betekent: een klein aantal (1 tot {n}), afgeschermd voor de privacy. 'x' betekent: "
               "afgeschermd zodat een klein aantal niet uit een totaal is terug te rekenen.")


def safe_text(value: str) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula."""
    if value.startswith(_FORMULA_START) and not value.startswith("<"):
        return "'" + value
    return value


def headers(columns, level: str | None = None, weighted=()) -> list[str]:
    """Dutch headers for ``columns`` (code and name after the level of the areas; a column of another method
    under its own header, :data:`TABLE_HEADERS`; the ``weighted`` columns as :data:`WEIGHTED_HEADER`).

    >>> headers(["code", "z", "p"], "buurt"), headers(["code", "s", "var_s", "z", "p", "tau"])[3:5]
    (['Buurtcode', 'Gi* z', 'p'], ['z (Mann-Kendall)', 'p (Mann-Kendall)'])
    """
    code, name = LEVEL_HEADERS.get(level or "", ("Gebiedscode", "Gebied"))
    own = {}
    for tell, names in TABLE_HEADERS:
        if tell <= set(map(str, columns)):
            own.update(names)
    out = []
    for c in columns:
        if c == "code":
            out.append(code)
        elif c == "name":
            out.append(name)
        elif c in weighted:
            out.append(WEIGHTED_HEADER)
        else:
            out.append(own.get(str(c), HEADERS.get(str(c), str(c))))
    return out


def weighted_columns(cols: list, values: list) -> set:
    """The columns of a hot-times table (:data:`WEIGHTED`) that hold a weighted count that is no whole number."""
    out = set()
    for tell, col in WEIGHTED:
        if tell <= set(cols) and col in cols:
            numbers = [v for v in values[cols.index(col)] if isinstance(v, (int, float)) and not isinstance(v, bool)]
            if any(math.isfinite(v) and v != round(v) for v in numbers):
                out.add(col)
    return out


def _rounded(s: pd.Series, digits: int) -> pd.Series:
    """A statistic rounded for display (:data:`mapping.protect.STAT_DIGITS`), numbers kept as numbers and markers
    as they are."""
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        return s.round(digits)
    return s.map(lambda v: round(float(v), digits) if isinstance(v, (float, np.floating)) and math.isfinite(v) else v)


def _cell_kind(series: pd.Series) -> str:
    """'num' (numbers, markers allowed), 'date', 'text'."""
    s = series.dropna()
    if pd.api.types.is_bool_dtype(series):
        return "text"
    if pd.api.types.is_numeric_dtype(series):
        return "num"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    if len(s) and all(isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
                      or (isinstance(v, str) and (v.startswith("<") or v == "x")) for v in s):
        return "num" if any(not isinstance(v, str) for v in s) else "text"
    return "text"


def _prepare(frame: pd.DataFrame) -> tuple[list[str], list[list], list[str]]:
    frame = pd.DataFrame(frame).drop(columns=[c for c in frame.columns if c in INTERNAL or c == "geometry"])
    cols, values, kinds = [], [], []
    for c in frame.columns:
        s = frame[c]
        if isinstance(s.dtype, pd.PeriodDtype):
            s = s.astype(str)
        elif pd.api.types.is_datetime64_any_dtype(s) and getattr(s.dt, "tz", None) is not None:
            s = s.dt.tz_convert("Europe/Amsterdam").dt.tz_localize(None)
        if (digits := STAT_DIGITS.get(str(c))) is not None:  # z 6.97, tau 0.20: as every output shows them
            s = _rounded(s, digits)
        kind = _cell_kind(s)
        cols.append(str(c))
        kinds.append(kind)
        if isinstance(s.dtype, np.dtype) and s.dtype.kind in "iuf":  # plain numbers: a NaN is written as nothing
            values.append(s.to_numpy().tolist())
        else:
            values.append(s.astype(object).where(s.notna(), None).tolist())
    return cols, values, kinds


def explanation_rows(meta, log, extra: dict | None = None) -> list[tuple[str, str]]:
    """The sheet "Toelichting" as (onderdeel, sentence) rows in Dutch; the warnings and the sentences of
    ``extra`` with their counts of incidents as the sheets show them (:meth:`mapping.meta.ReportMeta.sentence`)."""
    say = meta.sentence
    rows = [("Gemaakt", f"Gemaakt met Wijkbeeld op {meta.made_local_text}.")]
    for label, value in (("Titel", meta.title), ("Periode", meta.period), ("Thema", meta.theme),
                         ("Categorie", meta.category), ("Bron", meta.source),
                         ("Methode", meta.method)):
        if value:  # a title, a period, a name: no sentence, so no full stop after it
            rows.append((label, str(value)))
    for i, warning in enumerate(meta.published_warnings):
        rows.append(("Let op" if i == 0 else "", warning))
    for key, value in (extra or {}).items():
        if value is None:
            continue
        label = str(key).replace("_", " ").capitalize()
        rows.append((label, say(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)))
    for i, line in enumerate(log.rules.describe()):
        rows.append(("Privacy" if i == 0 else "", line))
    if log.rules.active:
        rows.append(("Afgeschermd", f"{log.suppressed_values} kleine aantallen als '{log.rules.marker}'"
                     + (f" en {log.secondary_values} aantallen als 'x'" if log.secondary_values else "")
                     + " in deze werkmap."))
    if log.dropped_columns:
        rows.append(("Niet geschreven", "Kolommen die niet zijn opgenomen (mogelijk persoonsgegevens of intern): "
                     + ", ".join(log.dropped_columns) + "."))
    if log.points_written:
        rows.append(("Punten", f"{log.points_written} incidentlocaties opgenomen."))
    return rows


def write_workbook(sheets: dict, path, meta, log, *, extra: dict | None = None, level: str | None = None,
                   cell_by_cell: bool = False) -> Path:
    """Write the published ``sheets`` (name -> DataFrame) and "Toelichting" to ``path`` (xlsx).

    ``meta``: :class:`mapping.meta.ReportMeta`; ``log``: the :class:`mapping.disclosure.PrivacyLog` of the
    tables; ``level``: the level of the areas (headers "Buurtcode"/"Buurt" ...). The data rows of a sheet
    are written a column at a time (:mod:`mapping.sheetxml`); a sheet with dates, or every sheet with
    ``cell_by_cell``, goes through xlsxwriter cell by cell (:func:`_write_rows`: the same cells).
    """
    import io

    import xlsxwriter

    from mapping.sheetxml import insert_rows

    path = Path(path)
    buffer = io.BytesIO()
    fast: dict[int, tuple[str, int, int]] = {}
    prepared = {name: _prepare(frame) for name, frame in sheets.items()}
    # cell by cell, xlsxwriter keeps one row in memory (constant_memory, rows in temporary files); otherwise it
    # holds only the header rows and the Toelichting, and builds the package in memory (no temporary files)
    by_cell = cell_by_cell or any("date" in kinds for _, _, kinds in prepared.values())
    wb = xlsxwriter.Workbook(buffer, {"constant_memory": by_cell, "in_memory": not by_cell,
                                      "strings_to_numbers": False, "strings_to_formulas": False,
                                      "strings_to_urls": False})
    try:
        wb.set_properties({"title": meta.title or "Wijkbeeld", "author": "Wijkbeeld", "comments":
                           " ".join(log.rules.describe())})
        head = wb.add_format({"bold": True, "bg_color": "#E8EEF6", "bottom": 1, "text_wrap": True, "valign": "top"})
        marker_fmt = wb.add_format({"align": "right"})
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        formats: dict[str, object] = {}
        marker = log.rules.marker or "<5"
        note = MARKER_NOTE.format(marker=marker, n=(log.rules.suppress_below or 5) - 1)
        weighted_sheets = []
        for name, (cols, values, kinds) in prepared.items():
            ws = wb.add_worksheet(str(name)[:31])
            ws.freeze_panes(1, 0)
            weighted = weighted_columns(cols, values)
            if weighted:
                weighted_sheets.append(f"'{str(name)[:31]}'")
            titles = headers(cols, level, weighted)
            fmts = []
            for j, (c, kind) in enumerate(zip(cols, kinds)):
                code = FORMATS.get(c) if kind == "num" else ("dd-mm-yyyy hh:mm" if kind == "date" else None)
                if code and code not in formats:
                    formats[code] = wb.add_format({"num_format": code})
                fmts.append(formats.get(code) if code else None)
                width = max([len(titles[j])] + [len(str(v)) for v in values[j][:200] if v is not None])
                ws.set_column(j, j, min(max(9, width + 2), 60))
            for j, t in enumerate(titles):
                ws.write_string(0, j, t, head)
                if kinds[j] == "num" and any(isinstance(v, str) for v in values[j]):
                    ws.write_comment(0, j, note, {"x_scale": 2, "y_scale": 1.5})
            if cell_by_cell or "date" in kinds:
                _write_rows(ws, values, kinds, fmts, marker_fmt)
            else:
                fast[len(wb.worksheets()) - 1] = _rows(values, kinds, fmts, marker_fmt)
        ws = wb.add_worksheet("Toelichting")
        ws.set_column(0, 0, 22)
        ws.set_column(1, 1, 110, wrap)
        ws.write_string(0, 0, "Onderdeel", head)
        ws.write_string(0, 1, "Toelichting", head)
        rows = explanation_rows(meta, log, extra)
        if weighted_sheets:
            rows.append((WEIGHTED_HEADER, WEIGHTED_NOTE.format(sheets=" en ".join(weighted_sheets))))
        for i, (label, sentence) in enumerate(rows, start=1):
            ws.write_string(i, 0, label)
            ws.write_string(i, 1, safe_text(sentence))
    finally:
        wb.close()
    return insert_rows(buffer.getvalue(), path, fast)


def _rows(values, kinds, fmts, marker_fmt) -> tuple[str, int, int]:
    """The data rows of one sheet as XML (:mod:`mapping.sheetxml`), the last row and the number of columns.
    The formats get their index in the workbook's styles here (as xlsxwriter gives it to a format it writes)."""
    from mapping.sheetxml import column_cells, rows_xml

    marker = marker_fmt._get_xf_index() if any(k == "num" for k in kinds) else None
    columns = [column_cells(j, values[j], kinds[j], None if fmts[j] is None else fmts[j]._get_xf_index(), marker,
                            safe_text) for j in range(len(values))]
    xml, last = rows_xml(columns)
    return xml, last, len(values)


def _write_rows(ws, values, kinds, fmts, marker_fmt) -> None:
    """Rows 1.. of one sheet: numbers as numbers, markers and text as text (one call per cell)."""
    write_number, write_string, write_datetime = ws.write_number, ws.write_string, ws.write_datetime
    ncol = len(values)
    for r, row in enumerate(zip(*values), start=1):
        for j in range(ncol):
            v = row[j]
            if v is None:
                continue
            kind = kinds[j]
            if kind == "num" and not isinstance(v, str):
                f = float(v)
                if math.isfinite(f):
                    write_number(r, j, f, fmts[j])
            elif kind == "date" and not isinstance(v, str):
                write_datetime(r, j, pd.Timestamp(v).to_pydatetime(), fmts[j])
            elif isinstance(v, str):
                write_string(r, j, v if kind == "num" else safe_text(v), marker_fmt if kind == "num" else None)
            elif isinstance(v, (bool, np.bool_)):
                write_string(r, j, "ja" if v else "nee")
            else:
                write_string(r, j, safe_text(str(v)))
