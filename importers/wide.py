"""StatLine and police-portal exports with the periods as columns ("wide"), into the long layout.

A table viewed with the periods across (``Wijken en buurten;Soort misdrijf;2021;2022*;2023*``)
is exported that way: one column per period, ``*`` marking provisional figures, and
``.`` (unknown or secret), ``x`` (secret), ``-`` (nil or not applicable) or an empty
cell where there is no figure. Some exports put the periods on a second header line
under a line naming the subject. :func:`melt` turns such a table into the long
layout the police reader knows (one record per area, category and period), with:

* every cell read or rejected: a cell without a figure is rejected with its row, its
  period column and what its mark means; a cell that is no whole number of 0 or more too;
* provisional figures marked (``provisional``), from a ``*`` on the period or the cell.

>>> raw = pd.DataFrame({"Wijken en buurten": ["Centrum", "Noord"], "2021": ["12", "."], "2022*": ["15", "9*"]})
>>> report = ImportReport(path="statline.csv")
>>> long = melt(raw, period_columns(raw.columns), report)
>>> long[["Wijken en buurten", PERIOD, COUNT, PROVISIONAL]].values.tolist()
[['Centrum', '2021', '12', False], ['Centrum', '2022*', '15', True], ['Noord', '2022*', '9', True]]
>>> [(r.row, r.column, r.reason) for r in report.rejections]
[(3, '2021', "geen cijfer ('.': onbekend of geheim)")]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from importers.report import ImportReport

PERIOD = "Perioden"
COUNT = "Aantal"
PROVISIONAL = "Voorlopig"
#: What the marks in a cell without a figure mean (CBS/StatLine conventions).
MARKS = {".": "onbekend of geheim", "x": "geheim", "-": "nihil of niet van toepassing", "?": "onbekend",
         "": "leeg", "..": "onbekend of geheim"}


def _is_period(text) -> bool:
    from importers.police import parse_period

    t = str(text).strip().lower().replace("(voorlopig)", "").strip()
    return bool(t) and t[0].isdigit() and parse_period(t) is not None


def period_columns(columns) -> list[str]:
    """The columns whose header is a period (``2021``, ``2022*``, ``2023 januari``, ``2024MM01``, ``2024 1e kwartaal``)."""
    return [c for c in columns if _is_period(c)]


def second_header(raw: pd.DataFrame) -> list[str]:
    """Periods on the first data line (a two-line header): the columns' new names, or [] when it is data."""
    if raw.empty:
        return []
    first = raw.iloc[0].astype("string").fillna("")
    periods = [c for c, v in first.items() if _is_period(v)]
    others = [v for c, v in first.items() if c not in periods]
    if len(periods) >= 1 and all(not any(ch.isdigit() for ch in str(v)) for v in others):
        return [str(first[c]).strip() if c in periods else str(c) for c in raw.columns]
    return []


def melt(raw: pd.DataFrame, periods: list[str], report: ImportReport) -> pd.DataFrame:
    """The long layout: the other columns, ``Perioden``, ``Aantal`` and ``Voorlopig`` per cell with a figure.

    The index keeps each record's row in the file (``index + 2`` is the row as a spreadsheet
    shows it). Cells without a figure are rejected into ``report`` with their period column.
    """
    dims = [c for c in raw.columns if c not in periods]
    cells = raw[periods].astype("string").apply(lambda s: s.str.strip())
    long = cells.stack(future_stack=True).rename(COUNT).reset_index(level=1).rename(columns={"level_1": PERIOD})
    text = long[COUNT].fillna("")
    provisional = text.str.endswith("*") | long[PERIOD].astype(str).str.contains(r"\*|voorlopig", case=False)
    value = text.str.rstrip("*").str.strip()
    digits = value.str.replace(r"(?<=\d)[ .](?=\d{3}\b)", "", regex=True)  # 1.234 and 1 234: thousands
    number = pd.to_numeric(digits, errors="coerce")
    rows = long.index.to_numpy() + 2
    marked = value.isin(list(MARKS)).to_numpy()
    bad = ~marked & (number.isna() | (number < 0) | (number % 1 != 0)).to_numpy()
    for i in np.flatnonzero(marked | bad):
        v = value.iat[i]
        reason = f"geen cijfer ('{v}': {MARKS[v]})" if marked[i] else "aantal is geen geheel getal van 0 of meer"
        report.reject(int(rows[i]), str(long[PERIOD].iat[i]), None if v == "" else text.iat[i], reason)
    keep = ~(marked | bad)
    out = raw.loc[long.index[keep], dims].copy()
    out[PERIOD] = long[PERIOD].to_numpy()[keep]
    out[COUNT] = number.to_numpy()[keep].astype("int64").astype(str)
    out[PROVISIONAL] = provisional.to_numpy()[keep]
    n_prov = int(out[PROVISIONAL].sum())
    report.assume(f"Brede tabel: {len(periods)} perioden als kolommen ({periods[0]} t/m {periods[-1]}), "
                  f"{len(long)} cellen gelezen" + (f", waarvan {n_prov} voorlopige cijfers (*)" if n_prov else "")
                  + ".")
    report.extra["wide"] = {"periods": [str(p) for p in periods], "cells": int(len(long)),
                            "without_figure": int(marked.sum()), "provisional": n_prov}
    return out
