"""The data rows of a worksheet as SpreadsheetML, a column at a time (issue 19: the workbook at the speed of its data).

xlsxwriter writes a cell through half a dozen Python calls (some 6 µs a cell): the national workbook
(14,500 buurten and the trend tests, 320,000 cells) took 2 s where ``DataFrame.to_csv`` of the same sheets
takes 0.2 s. Here each column becomes the XML of its cells in one pass and each row one join;
:func:`mapping.workbook.write_workbook` lets xlsxwriter write everything else (the header row with its
notes, column widths, the frozen pane, the styles, the sheet "Toelichting") and :func:`insert_rows` puts
these rows into the sheet's ``<sheetData>``. The cells are the ones xlsxwriter writes in its
``constant_memory`` mode (:func:`mapping.workbook._write_rows` is the reference, and
``tests/test_workbook_fast.py`` compares the two workbooks cell by cell in openpyxl):

- a number: ``<c r="B2" s="3"><v>12.5</v></c>`` (``.16G``; NaN and infinity are left empty);
- text inline: ``<c r="A2" t="inlineStr"><is><t>Kerkstraat &amp; Markt</t></is></c>``, control characters as
  ``_xHHHH_`` (and a literal ``_xHHHH_`` with its underscore escaped), ``xml:space="preserve"`` where it
  starts or ends with whitespace, cut to Excel's 32,767 characters;
- markers (``<5``, ``x``) in a number column as right-aligned text, True/False as "ja"/"nee".
"""
from __future__ import annotations

import io
import math
import re
import zipfile
from pathlib import Path

import numpy as np

#: Excel's longest text in a cell (UTF-16 units).
MAX_TEXT = 32767
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_ESCAPED = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_EDGE_SPACE = re.compile(r"^\s|\s$")
_NEEDS_ESCAPE = re.compile(r"[&<>]")
_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')


def column_letter(index: int) -> str:
    """``0`` -> ``A``, ``25`` -> ``Z``, ``26`` -> ``AA``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def text_cell(ref: str, text: str, style: str = "") -> str:
    """One inline text cell, escaped as xlsxwriter escapes it."""
    if len(text) > MAX_TEXT // 2 and len(text.encode("utf-16-le")) // 2 > MAX_TEXT:
        text = _utf16_cut(text)
    if "_x" in text:
        text = _ESCAPED.sub(r"_x005F\1", text)
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    preserve = ' xml:space="preserve"' if _EDGE_SPACE.search(text) else ""
    if _NEEDS_ESCAPE.search(text):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{preserve}>{text}</t></is></c>'


def _utf16_cut(text: str) -> str:
    """The longest start of ``text`` within :data:`MAX_TEXT` UTF-16 units (a character beyond U+FFFF counts 2)."""
    units = 0
    for i, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > MAX_TEXT:
            return text[:i]
    return text


def column_cells(j: int, values: list, kind: str, number_style: int | None, marker_style: int | None,
                 safe_text) -> list[str]:
    """The cells of column ``j`` (rows 2, 3, ...), ``""`` where nothing is written; ``kind`` is 'num' or 'text'
    (:func:`mapping.workbook._cell_kind`), the styles are xf indexes, ``safe_text`` guards text against formulas."""
    letter = column_letter(j)
    num = "" if number_style is None else f' s="{number_style}"'
    marker = "" if marker_style is None else f' s="{marker_style}"'
    out = []
    append = out.append
    for r, v in enumerate(values, start=2):
        if v is None:
            append("")
        elif kind == "num" and not isinstance(v, str):
            f = float(v)
            append(f'<c r="{letter}{r}"{num}><v>{f:.16G}</v></c>' if math.isfinite(f) else "")
        elif isinstance(v, str):
            append(text_cell(f"{letter}{r}", v, marker) if kind == "num" else text_cell(f"{letter}{r}", safe_text(v)))
        elif isinstance(v, (bool, np.bool_)):
            append(text_cell(f"{letter}{r}", "ja" if v else "nee"))
        else:
            append(text_cell(f"{letter}{r}", safe_text(str(v))))
    return out


def rows_xml(columns: list[list[str]]) -> tuple[str, int]:
    """The ``<row>`` elements of the data rows (from row 2; a row without cells is left out, as xlsxwriter
    does) and the number of the last row written (1 when none)."""
    parts, last = [], 1
    for r, cells in enumerate(zip(*columns), start=2):
        row = "".join(cells)
        if row:
            parts.append(f'<row r="{r}">{row}</row>')
            last = r
    return "".join(parts), last


def insert_rows(workbook: bytes, path, sheets: dict[int, tuple[str, int, int]]) -> Path:
    """Write ``workbook`` (the xlsx xlsxwriter made) to ``path`` with the rows of ``sheets`` (the sheet's
    position -> (rows XML, last row, number of columns)) after each sheet's header row, and its dimension."""
    path = Path(path)
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            match = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            rows = sheets.get(int(match.group(1)) - 1) if match else None
            if rows is None:
                target.writestr(info, data)
                continue
            xml, last, ncols = rows
            text = data.decode("utf-8")
            head, sep, tail = text.partition("</sheetData>")
            if not sep:
                raise ValueError(f"{info.filename}: geen <sheetData>")
            dimension = f'<dimension ref="A1:{column_letter(max(ncols, 1) - 1)}{last}"/>'
            text = _DIMENSION.sub(dimension, head, count=1) + xml + sep + tail
            # level 1: the national sheet in a fifth of the time of level 6, for a file a tenth larger
            target.writestr(info, text.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return path
