"""What one file may cost: an Excel file's unpacked size, and quotes that never close.

A hostile or damaged file must not take the laptop down or vanish into one cell:

- **xlsx decompression bombs.** An .xlsx is a zip; reading a sheet costs memory in proportion to its
  *unpacked* size (a 6 MB file that unpacks to 6.4 GB took 6.4 GB). :func:`check_xlsx` adds up the
  unpacked sizes in the zip's directory before anything is read and refuses a file beyond
  :data:`MAX_XLSX_UNPACKED`. The directory cannot understate them: Python's zipfile (which openpyxl
  reads through) stops every member at its declared size and checks its CRC.
- **Unterminated quotes.** In a CSV a ``"`` that never closes makes the rest of the file one field
  (200 MB in one cell, no warning). pandas stops with "EOF inside string starting at row N":
  :func:`unterminated_quote` turns that into a Dutch error naming the row. A quote that closes much
  later swallows the lines in between into one field: :func:`warn_swallowed_lines` names the row.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd

from kernel.errors import ImportFileError

#: Most bytes an Excel file may unpack to (all its parts together). The Groningen registrations
#: (15,947 rows, 33 columns) unpack to 29 MB; a million such rows would fit.
MAX_XLSX_UNPACKED = 1_000_000_000
#: A field between quotes spanning more lines than this is a quote that was never meant to open.
MAX_FIELD_LINES = 50

_EOF_IN_STRING = re.compile(r"EOF inside string starting at row (\d+)")


def _size(n: int) -> str:
    return f"{n / 1e9:.1f} GB".replace(".", ",") if n >= 1e9 else f"{n / 1e6:.0f} MB"


def check_xlsx(path) -> None:
    """Refuse an Excel file that unpacks to more than :data:`MAX_XLSX_UNPACKED` bytes (before reading it).

    A file that is no zip at all is left to the reader (it says the file is damaged).
    """
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    if unpacked > MAX_XLSX_UNPACKED:
        raise ImportFileError(
            f"Het Excel-bestand is uitgepakt {_size(unpacked)} groot ({_size(path.stat().st_size)} ingepakt); "
            f"Wijkbeeld leest Excel-bestanden tot {_size(MAX_XLSX_UNPACKED)} uitgepakt, om het geheugen van "
            "de laptop te beschermen.", path=path,
            hint="sla het werkblad op als CSV, of splits het bestand")


def unterminated_quote(exc: Exception, path) -> None:
    """Raise the Dutch error for pandas' 'EOF inside string starting at row N' (else do nothing).

    pandas counts records from 0 with the header as record 0, so its row N is row N + 1 as a
    spreadsheet shows it (header = row 1; lines skipped above the header count too).
    """
    match = _EOF_IN_STRING.search(str(exc))
    if match is None:
        return
    row = int(match.group(1)) + 1
    raise ImportFileError("Een aanhalingsteken (\") in deze rij wordt nergens gesloten: de rest van het bestand "
                          "zou in één veld vallen.", path=path, row=row,
                          hint="sluit het veld met een tweede aanhalingsteken, of haal het aanhalingsteken weg")


def warn_swallowed_lines(frame: pd.DataFrame, report) -> None:
    """Warn for each field spanning more than :data:`MAX_FIELD_LINES` lines (a quote closed far too late).

    The row is the spreadsheet row of the record (``frame.index + 2``).
    """
    for col in frame.columns:
        values = frame[col]
        if values.dtype.kind == "S":  # dates read as bytes (importers.bytescols): at most 32 bytes, so no field
            continue  # of more than MAX_FIELD_LINES lines (a longer one was read again as text)
        if not (pd.api.types.is_string_dtype(values) or values.dtype == object):
            continue
        # one search in the joined column finds a line break far faster than pandas' str.contains per value
        filled = values.dropna().tolist()
        try:
            joined = "".join(filled)
        except TypeError:  # numbers among the texts (an object column)
            joined = "".join(map(str, filled))
        if "\n" not in joined:
            continue
        text = values.dropna().astype(str)
        text = text[text.str.contains("\n", regex=False)]
        lines = text.str.count("\n") + 1
        for index, n in lines[lines > MAX_FIELD_LINES].head(5).items():
            report.warn(f"Rij {int(index) + 2}, kolom '{col}': één veld tussen aanhalingstekens beslaat {n} regels; "
                        "waarschijnlijk ontbreekt een afsluitend aanhalingsteken (die regels zijn geen eigen rijen).")
