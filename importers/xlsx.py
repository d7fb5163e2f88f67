"""An Excel sheet read with python-calamine straight into columns.

``pandas.read_excel(engine="calamine")`` spends most of its time after calamine has
parsed the sheet: it converts every cell in a Python function and then infers each
column's type with its Python text parser (on the 16k-row, 33-column Groningen sheet,
3.3 of 5.5 s). Here calamine's rows are turned into columns and each column gets
its type once, from the types of its cells:

======================================  ==========================================
cells (empty cells aside)               column
======================================  ==========================================
numbers (also numbers stored as text)    ``int64`` when all whole and none empty, else ``float64``
text                                    ``str``
dates and datetimes                     ``datetime64[ns]``
booleans                                ``bool``, or ``boolean`` with empty cells
anything mixed                          ``object`` (numbers that are whole as ``int``, as pandas does)
======================================  ==========================================

The header row gives the names as pandas does, stripped (``' X '`` is ``X``; an empty one
``Unnamed: i``, a repeated one ``name.1``), and text that pandas reads as missing (``n/a``, ``NULL``, ...) is missing
here too. Row *i* of the frame is row ``i + 2`` of the sheet. Text cells of the columns a caller names
(``read_sheet(text=...)``: the coordinates) stay text, so that '233.456' is read as a CSV's is.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from importers.sniff import clean_name, unique_names

__all__ = ["read_sheet", "sheet_names"]


def _names(header) -> list[str]:
    """The columns' names: each stripped (``' X '`` is ``X``, :func:`importers.sniff.clean_name`) before an empty
    one is named and a repeated one numbered (:func:`importers.sniff.unique_names`), so that the columns a caller
    chooses by name (``read_sheet(text=...)``) are the frame's, and ``'Id'`` beside ``' Id'`` are ``Id`` and
    ``Id.1``, as in a sheet written ``'Id'``, ``'Id'``."""
    texts = []
    for name in header:
        if isinstance(name, float) and name.is_integer():
            name = int(name)
        texts.append("" if name is None else clean_name(name))
    return unique_names(texts)


#: Text that means "no value", as pandas reads it by default in a CSV and in a sheet (``n/a``, ``NULL`` ...).
NA_TEXT = frozenset({"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
                     "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"})


def _column(cells: np.ndarray, text: bool = False) -> pd.Series | np.ndarray:
    """One column's cells (object array, '' for an empty cell) as a typed array; ``text``: text cells stay text
    (coordinates: '233.456' is read by :mod:`importers.coordinates`, as in a CSV)."""
    empty = pd.Series(cells, dtype=object).isin(NA_TEXT).to_numpy()  # hashing: no loop, any cell type
    filled = cells[~empty]
    kinds = {type(c) for c in filled}
    if not kinds:
        return np.full(len(cells), np.nan)
    if kinds <= {float, int}:
        values = np.where(empty, np.nan, cells).astype(float)
        if not empty.any() and np.all(np.mod(values, 1) == 0) and np.abs(values).max(initial=0) < 2 ** 53:
            return values.astype(np.int64)
        return values
    if kinds <= {str}:
        keep, text = text, pd.Series(np.where(empty, None, cells), dtype="str")
        if not keep and _numbers(filled[:50]) and _numbers(filled) and not text.str.match(r"^\s*[+-]?0\d").any():
            numbers = pd.to_numeric(text)
            return _column(np.where(empty, "", numbers.to_numpy(dtype=object)))  # numbers stored as text
        return text.array
    if kinds <= {dt.datetime, dt.date}:
        return pd.to_datetime(pd.Series(np.where(empty, None, cells), dtype=object)).astype("datetime64[ns]").array
    if kinds <= {bool}:
        return pd.array(np.where(empty, None, cells), dtype="boolean") if empty.any() else cells.astype(bool)
    out = np.where(empty, None, cells)
    whole = np.array([isinstance(c, float) and c.is_integer() for c in out], dtype=bool)
    out[whole] = [int(c) for c in out[whole]]
    return out


def _numbers(text: np.ndarray) -> bool:
    """Every text is a number (tried on a few first: a column of words fails fast)."""
    try:
        pd.to_numeric(pd.Series(text, dtype=object))
    except (ValueError, TypeError):
        return False
    return True


def sheet_names(path) -> list[str]:
    from python_calamine import CalamineWorkbook

    return list(CalamineWorkbook.from_path(str(path)).sheet_names)


#: Rows above the header a sheet may hold (a title, a date of export, an empty line).
TITLE_ROWS = 10


def read_sheet(path, sheet=0, max_rows: int | None = None, said: dict | None = None, text=None) -> pd.DataFrame:
    """The sheet (index or name) as a frame; ``max_rows`` data rows at most. Raises KeyError for an unknown sheet.

    ``sheet=None``: the first sheet that holds data (a workbook often opens with a sheet of explanation). A sheet
    may have a title above its header (:func:`header_row`): the header is the row below it, and the frame's index
    keeps each row's place (``index + 2`` is the row as the spreadsheet shows it). ``said`` (a dict) receives
    ``sheet`` (the name read) and ``header_row`` (1-based) where either is not the first.
    ``text``: a function of the header's names giving the columns whose text cells stay text (the coordinates,
    which :mod:`importers.coordinates` reads; a thousands dot in '233.456' is not a decimal point).
    Errors of a damaged file are calamine's own (the caller turns them into a Dutch message).
    """
    from python_calamine import CalamineWorkbook

    said = {} if said is None else said
    book = CalamineWorkbook.from_path(str(path))
    try:
        if isinstance(sheet, str):
            if sheet not in book.sheet_names:
                raise KeyError(sheet)
            chosen = [book.sheet_names.index(sheet)]
        elif sheet is None:
            chosen = list(range(len(book.sheet_names)))
        else:
            if not 0 <= int(sheet) < len(book.sheet_names):
                raise KeyError(sheet)
            chosen = [int(sheet)]
        for i in chosen:  # each sheet read only when the one before it held no data
            rows = book.get_sheet_by_index(i).to_python(
                skip_empty_area=True, nrows=None if max_rows is None else int(max_rows) + 1 + TITLE_ROWS)
            if len(rows) > 1 or i == chosen[-1]:  # data below a header (else the next sheet)
                break
        if sheet is None and i > 0:
            said["sheet"] = book.sheet_names[i]
    finally:
        book.close()
    if not rows:
        return pd.DataFrame()
    width = max(len(r) for r in rows)
    grid = np.empty((len(rows), width), dtype=object)
    grid.fill("")
    for i, r in enumerate(rows):
        grid[i, :len(r)] = r
    top = header_row(grid)
    if top:
        said["header_row"] = top + 1
    names = _names(grid[top])
    as_text = set(text(names)) if text is not None else set()
    body = grid[top + 1:] if max_rows is None else grid[top + 1:top + 1 + int(max_rows)]
    return pd.DataFrame({name: _column(body[:, j], name in as_text) for j, name in enumerate(names)},
                        index=pd.RangeIndex(top, top + len(body)))


def header_row(grid: np.ndarray) -> int:
    """The row (0-based) of a sheet's header: the first, unless it holds a single filled cell (a title such as
    "Overzicht meldingen OOV 2017") and a row within :data:`TITLE_ROWS` below it holds at least two texts and no
    number or date in its filled cells (a header); then that row.

    >>> header_row(np.array([["Overzicht 2017", "", ""], ["", "", ""], ["Datum", "X", "Y"], [1, 2, 3]], dtype=object))
    2
    >>> header_row(np.array([["Datum", "X", "Y"], [1, 2, 3]], dtype=object))
    0
    """
    def filled(row) -> list:
        return [v for v in row if not (v is None or (isinstance(v, str) and not v.strip()))]

    if grid.shape[1] < 2 or len(filled(grid[0])) != 1:
        return 0
    for i in range(1, min(len(grid), TITLE_ROWS + 1)):
        cells = filled(grid[i])
        if len(cells) >= 2 and all(isinstance(v, str) for v in cells):
            return i
        if len(cells) >= 2:
            return 0  # data (numbers, dates) before any header: the first row was the header after all
    return 0
