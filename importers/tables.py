"""Reading a table (CSV or XLSX) into a DataFrame, with the detection written into the report.

Rows keep their place: ``frame.index + 2`` is the row as a spreadsheet shows
it (header = row 1). Blank lines are not data and are left out of the count
(and said so). A CSV line with more fields than the header is not guessed at:
the line is returned as a bad row for the caller to reject.
"""
from __future__ import annotations

import csv
import io
import itertools
import re
import sys
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from importers import bytescols
from importers.coordinates import maybe_dotted, read_as_text
from importers.detect import MAX_COLUMNS, check_line_lengths
from importers.limits import check_xlsx, unterminated_quote, warn_swallowed_lines
from importers.records import geometry_kind, is_json_records, read_points, read_records
from kernel.errors import ImportFileError
from importers.report import ImportReport
from importers.sniff import Sniff, clean_name, header_fields, unique_names
from importers.xlsx import read_sheet

EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def is_excel(path: Path, sniff: Sniff | None = None) -> bool:
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return True
    head = (sniff or Sniff(path, 4)).head
    if not (head.startswith(b"PK\x03\x04") and zipfile.is_zipfile(path)):
        return False
    with zipfile.ZipFile(path) as z:
        return "xl/workbook.xml" in z.namelist()


def read_table(path, report: ImportReport, *, sep: str | None = None, encoding: str | None = None,
               sheet=None, dtype=None, max_rows: int | None = None, sniff: Sniff | None = None,
               thousands=None) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """The table in ``path`` and the lines that could not be split into the header's columns.

    With ``max_rows`` only the first rows are read (a preview): ``report.sample`` then says
    how many, the file size and, for a CSV, an estimate of the rows in the whole file.
    ``dtype`` may be a function of the header's column names (a CSV's first line, read once
    here) returning the dtypes to use; it is given, and names, the columns as the frame returned names them
    (``' Id '`` is ``Id``: :func:`with_names`). ``sniff`` is the file's head when the caller has read
    it already (:func:`importers.read` did, to choose the reader); else it is read here. ``thousands``: a function
    of a header giving the columns (coordinates) to keep as text: in a CSV where a sample shows values written as
    ``233.456`` (a thousands dot or three decimals: the caller decides, :mod:`importers.coordinates`), in a sheet
    every text cell (a number cell stays the number it is).

    Raises :class:`ImportFileError` (Dutch) for an empty file, a header without rows,
    binary content, a first line that is not a table row, and more than
    :data:`~importers.detect.MAX_COLUMNS` columns.
    """
    path = Path(path)
    if path.suffix.lower() in (".xls", ".ods"):
        raise ImportFileError(f"Het formaat {path.suffix.lower()} wordt niet ondersteund.", path=path,
                              hint="sla het bestand in Excel op als .xlsx of .csv")
    sniff = sniff if sniff is not None else Sniff(path)
    sniff.head  # an empty or unreadable file is refused first
    if max_rows is not None and (isinstance(max_rows, bool) or int(max_rows) < 1):
        raise ImportFileError(f"Een voorbeeld vraagt minstens één rij (niet {max_rows!r}).", path=path)
    excel = is_excel(path, sniff)
    bad: list[tuple[int, str]] = []
    if is_json_records(path, sniff.head):
        frame = read_records(path, report, max_rows)
    elif geometry_kind(path, sniff.head) == "point":
        frame = read_points(path, report, max_rows)
    elif excel:
        check_xlsx(path)  # before a byte is unpacked: a decompression bomb is refused, not read
        frame = _read_excel(path, report, sheet, max_rows, text=thousands)
    else:
        if sniff.binary:
            raise ImportFileError("Dit is geen tekstbestand (binaire inhoud); verwacht CSV of XLSX.", path=path)
        frame, bad = _read_csv(path, sniff, report, sep=sep, encoding=encoding, dtype=dtype, max_rows=max_rows,
                               thousands=thousands)
    if max_rows is not None:
        note_sample(path, report, int(max_rows), len(frame) + len(bad),
                    _excel_rows(path, sheet) if excel else rows_estimate(path, sniff.head) if report.separator
                    else None)
    frame = with_names(frame)  # a CSV's and a sheet's are so named already
    if len(frame.columns) > MAX_COLUMNS:
        raise ImportFileError(f"Het bestand heeft {len(frame.columns)} kolommen; meer dan {MAX_COLUMNS} is "
                              "geen tabel met incidenten of tellingen.", path=path, row=1)
    blank = bytescols.missing(frame.iloc[:, 0]).copy() if frame.shape[1] else np.zeros(len(frame), dtype=bool)
    if blank.any():  # check the other columns only where the first is empty
        rest = frame[blank]
        blank[blank] = np.logical_and.reduce([bytescols.missing(rest[c]) for c in rest.columns])
    if blank.any():
        report.assume(f"{int(blank.sum())} lege regels overgeslagen.")
        frame = frame[~blank]
    if frame.empty and not bad:
        raise ImportFileError("Het bestand bevat alleen een kopregel en geen gegevens.", path=path)
    return frame, bad


def with_names(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its columns named as a table's are: without what is around each name (``' Naam '`` is
    ``Naam``, :func:`importers.sniff.clean_name`), a repeat numbered as pandas numbers it (``Id``, ``Id.1``)."""
    frame.columns = unique_names(clean_name(c) for c in frame.columns)
    return frame


def rows_estimate(path: Path, head: bytes) -> int | None:
    """Data rows in a text file: counted when the head is the whole file, else from the bytes per line."""
    size = path.stat().st_size
    lines = head.count(b"\n")
    if len(head) >= size:
        return max(0, lines - 1 + (not head.endswith(b"\n")))
    return int(round((size / len(head)) * lines)) - 1 if lines > 1 else None


def _excel_rows(path: Path, sheet) -> int | None:
    """Data rows of the first sheet from its ``<dimension ref="A1:AG15948"/>`` (no need to read the sheet)."""
    if sheet not in (None, 0):
        return None
    try:
        with zipfile.ZipFile(path) as z, z.open("xl/worksheets/sheet1.xml") as fh:
            match = re.search(rb'<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', fh.read(4096))
    except (KeyError, OSError, zipfile.BadZipFile):
        return None
    return int(match.group(1)) - 1 if match else None


def note_sample(path, report: ImportReport, max_rows: int, n: int, estimate: int | None = None) -> None:
    """Write into the report that only the first ``max_rows`` rows were read (and what is known of the rest)."""
    complete = n < max_rows
    if complete:
        estimate = n
    report.sample = {"max_rows": max_rows, "rows": n, "complete": complete, "file_bytes": Path(path).stat().st_size,
                     "rows_estimate": estimate}
    if complete:
        report.assume(f"Voorbeeld gevraagd van {max_rows} rijen; het bestand heeft er minder, dus alles is gelezen.")
    else:
        about = f" (het hele bestand heeft naar schatting {estimate:,} rijen)".replace(",", ".") if estimate else ""
        report.assume(f"Voorbeeld: alleen de eerste {n} rijen gelezen{about}; de aantallen en afwijzingen gelden "
                      "voor dit voorbeeld, niet voor het hele bestand.")


def _excel_engine() -> str:
    """calamine (Rust, python-calamine; :mod:`importers.xlsx`) reads a sheet far faster than openpyxl; openpyxl
    only where it is missing."""
    try:
        import python_calamine  # noqa: F401
    except ImportError:  # pragma: no cover - a dependency
        return "openpyxl"
    return "calamine"


def _read_excel(path: Path, report: ImportReport, sheet, max_rows: int | None = None, text=None) -> pd.DataFrame:
    engine = _excel_engine()
    try:
        said: dict = {}
        if engine == "calamine":  # the sheet straight into typed columns (importers.xlsx)
            frame = read_sheet(path, sheet, max_rows, said=said, text=text)
        else:  # nrows stops the reader early for a preview
            frame = pd.read_excel(path, sheet_name=sheet if sheet is not None else 0, engine=engine,
                                  nrows=max_rows)
    except (KeyError, IndexError) as exc:
        raise ImportFileError(f"Werkblad {sheet!r} bestaat niet ({exc}).", path=path) from None
    except ImportError:  # pragma: no cover - a dependency
        raise ImportFileError("Excel lezen vraagt het pakket openpyxl.", path=path) from None
    except Exception as exc:  # noqa: BLE001 - the readers raise their own types for a damaged file
        text = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        if "sheet" in text.lower() or "worksheet" in text.lower():
            raise ImportFileError(f"Werkblad {sheet!r} niet te lezen ({text}).", path=path) from None
        raise ImportFileError(f"Het {path.suffix.lower() or 'Excel'}-bestand is beschadigd of geen spreadsheet "
                              f"({text}).", path=path) from None
    report.encoding = path.suffix.lower().lstrip(".") or "xlsx"
    report.extra["sheet"] = sheet if sheet is not None else said.get("sheet", "eerste werkblad")
    if "sheet" in said:
        report.assume(f"Het eerste werkblad heeft geen gegevens; werkblad '{said['sheet']}' gelezen (kies een "
                      "ander met --sheet).")
    if "header_row" in said:
        report.assume(f"De kopregel staat op rij {said['header_row']}; wat erboven staat is een titel. Rijnummers "
                      "zijn die van het werkblad.")
    if frame.columns.size == 0:
        raise ImportFileError("Het werkblad is leeg.", path=path)
    return frame


def _read_csv(path: Path, sniff: Sniff, report: ImportReport, *, sep, encoding, dtype, max_rows=None, thousands=None):
    encoding = encoding or sniff.encoding
    text = sniff.text(encoding)
    check_line_lengths(text, path)
    sep = sep or sniff.separator(encoding)
    if sep in ("\\t", "tab", "TAB"):
        sep = "\t"
    report.encoding, report.separator = encoding, sep
    titles = sniff.titles(encoding)  # a title (and an empty line) above the header, as a sheet may have
    if titles:
        text = sniff.table_text(encoding)
        report.extra["header_row"] = titles + 1
        report.assume(f"De kopregel staat op regel {titles + 1}; wat erboven staat is een titel. Rijnummers zijn die "
                      "van het bestand.")
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    if first.count(sep) + 1 > MAX_COLUMNS:
        raise ImportFileError(f"De kopregel heeft {first.count(sep) + 1} kolommen; meer dan {MAX_COLUMNS} is "
                              "geen tabel met incidenten of tellingen.", path=path, row=1)
    # The columns are chosen by the names the frame will have ('Id' for ' Id ': read_table's names) and given to
    # pandas by the names it reads in the file (' Id '): a dtype for a name pandas does not have is left unused,
    # and ids '007' became 7 in silence.
    in_file, names = _header_names(text, sep)
    to_file = dict(zip(names, in_file))
    if callable(dtype) and not isinstance(dtype, type):  # dtypes chosen from the header
        dtype = dtype(names)
    decimal = _decimal(text, sep) if not isinstance(dtype, type) else "."
    coordinates: list[str] = []  # with a decimal comma a '233.456' is no number to pandas: it stays text
    if decimal == ",":
        report.assume("Getallen met een decimale komma.")
    elif thousands is not None and not isinstance(dtype, type):  # '233.456' kept as text: 233456 or 233.456?
        coordinates = [to_file[c] for c in thousands(names) if c in to_file]  # as pandas names them
        dotted = [names[in_file.index(c)] for c in _dotted(text, sep, coordinates)]
        if dotted:
            dtype = {**(dtype if isinstance(dtype, dict) else {}), **dict.fromkeys(dotted, str)}
    kwargs = dict(sep=sep, encoding=encoding, skip_blank_lines=False, dtype=dtype, encoding_errors="strict",
                  decimal=decimal, nrows=max_rows, skiprows=titles or None)
    if isinstance(dtype, dict):  # only columns that exist (a header may lack a name), by pandas' names for them
        kwargs["dtype"] = {to_file[k]: v for k, v in dtype.items() if k in to_file} or None
    try:
        with warnings.catch_warnings():
            # A first data row longer than the header makes pandas drop fields (or use them as the
            # index); turn that warning into the slow path, which rejects such rows with their number.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(path, index_col=False, **kwargs)
            if coordinates:  # a '233.456' past the sample is read as it would have been in the sample
                frame = _dotted_later(path, frame, coordinates, kwargs)
            # date columns read as bytes: exact, or read again as text (importers.bytescols)
            frame = bytescols.exact(frame, lambda cols, as_type: pd.read_csv(
                path, index_col=False, **{**kwargs, "usecols": cols, "dtype": as_type}), decimal)
        if list(frame.columns) != in_file:  # the dtypes went to other names: read every field as text instead
            raise ValueError("header read otherwise")
        frame.columns = names
        if titles:  # index + 2 is the row as the file shows it
            frame.index = pd.RangeIndex(titles, titles + len(frame))
        if _has_quotes(path, sniff):  # only a field between quotes can hold a line break (0.2 s a million rows)
            warn_swallowed_lines(frame, report)
        return frame, []
    except pd.errors.EmptyDataError:
        raise ImportFileError("Het bestand is leeg.", path=path) from None
    except UnicodeDecodeError:
        raise ImportFileError(f"Het bestand is niet te lezen als {encoding}.", path=path,
                              hint="kies een andere codering met --encoding") from None
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError, OverflowError, csv.Error) as exc:
        unterminated_quote(exc, path)  # a quote that never closes is an error with its row, not one huge field
        return _read_csv_slow(path, encoding, sep, report, max_rows, titles)


def _has_quotes(path: Path, sniff: Sniff) -> bool:
    """Whether the file holds a double quote (pandas' quote character; in UTF-16 its first byte is one too):
    from the head where it is the whole file, else from the file mapped into memory."""
    import mmap

    if b'"' in sniff.head:
        return True
    if len(sniff.head) < sniff.size:  # the head is the whole file
        return False
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return data.find(b'"') != -1


def _decimal(text: str, sep: str) -> str:
    """',' when a column of the first rows holds numbers with a decimal comma (and ',' is not the separator)."""
    if sep == ",":
        return "."
    lines = text.lstrip("\ufeff").splitlines()[:1000]
    if len(lines) > 2 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]
    try:
        sample = pd.read_csv(io.StringIO("\n".join(lines)), sep=sep, dtype=str)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error):
        return "."
    for col in sample.columns:
        values = sample[col].dropna().str.strip()
        # '233,000' fits a decimal comma and a thousands comma alike: it settles nothing (importers.coordinates)
        values = values[~values.str.fullmatch(r"-?\d{1,3},\d{3}")]
        if len(values) and values.str.fullmatch(r"-?\d+,\d+").mean() >= 0.8:
            return ","
    return "."


def _dotted(text: str, sep: str, columns: list[str]) -> list[str]:
    """Of ``columns``, those the first rows say to keep as text: a value written as ``233.456`` that is no Dutch
    longitude or latitude, or every value so written (:func:`importers.coordinates.read_as_text`)."""
    if not columns:
        return []
    lines = text.splitlines()[:1000]  # a byte order mark as pandas reads it in the file: columns name it so
    if len(lines) > 2 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]
    try:
        sample = pd.read_csv(io.StringIO("\n".join(lines)), sep=sep, dtype=str, usecols=columns)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error):
        return []
    return [col for col in sample.columns if read_as_text(sample[col])]


def _dotted_later(path: Path, frame: pd.DataFrame, columns: list[str], kwargs: dict) -> pd.DataFrame:
    """``frame`` with each coordinate column that pandas read as numbers read again as text where a value past the
    sample of :func:`_dotted` is written ``233.456`` and the sample would have kept the column as text with it
    (:func:`importers.coordinates.read_as_text`): never 233.456 metres because the thousands dots come late.
    Whether the numbers may hide such a value is a numpy test (:func:`importers.coordinates.maybe_dotted`); only
    then is the file read again, those columns alone."""
    suspects = {}
    for i, name in enumerate(frame.columns):
        if name in columns and (rows := maybe_dotted(frame.iloc[:, i])) is not None:
            suspects[i] = rows
    if not suspects:
        return frame
    again = pd.read_csv(path, index_col=False, **{**kwargs, "usecols": sorted(suspects), "dtype": str})
    for k, i in enumerate(sorted(suspects)):
        values = again.iloc[:, k].set_axis(frame.index)  # the same reader and rows (else ValueError: slow path)
        if read_as_text(values.iloc[suspects[i]]):
            frame.isetitem(i, values)
    return frame


def _read_csv_slow(path: Path, encoding: str, sep: str, report: ImportReport, max_rows: int | None = None,
                   titles: int = 0):
    """Line by line with the csv module, for a file with ragged lines: those lines are returned as bad rows
    (``titles``: the lines above the header, left out; rows keep their number in the file)."""
    limit = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        with open(path, encoding=encoding, newline="", errors="strict") as fh:
            reader = csv.reader(fh, delimiter=sep)
            rows = list(itertools.islice(reader, titles, None if max_rows is None else titles + int(max_rows) + 1))
    except UnicodeDecodeError:
        raise ImportFileError(f"Het bestand is niet te lezen als {encoding}.", path=path,
                              hint="kies een andere codering met --encoding") from None
    except csv.Error as exc:
        raise ImportFileError(f"CSV niet te lezen ({exc}).", path=path) from None
    finally:
        csv.field_size_limit(limit)
    if not rows:
        raise ImportFileError("Het bestand is leeg.", path=path)
    header = rows[0]
    good, bad, index = [], [], []
    for i, row in enumerate(rows[1:], start=titles + 2):
        if len(row) > len(header):
            bad.append((i, sep.join(row)[:200]))
        else:
            good.append(row + [None] * (len(header) - len(row)))
            index.append(i - 2)
    report.assume("Het bestand heeft regels met te veel velden; het is regel voor regel gelezen.")
    frame = pd.DataFrame(good, columns=_frame_names(header, sep), index=index)
    frame = frame.replace("", None)
    warn_swallowed_lines(frame, report)
    return frame, bad


def _header_names(text: str, sep: str) -> tuple[list[str], list[str]]:
    """A CSV header's column names as pandas names them in the file (``' Id '``, ``'Id'`` beside ``' Id'``) and as
    the table has them (:func:`_frame_names`: ``'Id'``, ``'Id'`` and ``'Id.1'``), each in the header's order; the
    file's header fields as both where pandas cannot read them (the read that follows says why)."""
    try:  # a byte order mark as pandas reads it in the file (a second one is a name's: '\ufeffId')
        in_file = [str(c) for c in pd.read_csv(io.StringIO(text), sep=sep, nrows=0, index_col=False,
                                                skip_blank_lines=False).columns]
        fields = pd.read_csv(io.StringIO(text), sep=sep, header=None, nrows=1, dtype=str, na_filter=False,
                             skip_blank_lines=False)
        names = _frame_names(fields.iloc[0].tolist(), sep)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, IndexError, csv.Error):
        fields = header_fields(text.lstrip("\ufeff").split("\n", 1)[0], sep)
        return fields, fields
    return (in_file, names) if len(names) == len(in_file) else (in_file, in_file)  # read_table strips them


def _frame_names(fields: list, sep: str) -> list[str]:
    """The names of a table's columns from its header's fields: stripped (:func:`importers.sniff.clean_name`),
    then named as pandas names a header so written (an empty one ``Unnamed: 2``, a repeated one ``Id.1``), so that
    a header ``' Id ; X '`` gives the columns of ``'Id;X'``."""
    clean = [clean_name(f) for f in fields]
    line = io.StringIO()
    csv.writer(line, delimiter=sep, lineterminator="\n").writerow(clean)
    try:
        named = [str(c) for c in pd.read_csv(io.StringIO(line.getvalue()), sep=sep, nrows=0,
                                             index_col=False).columns]
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error):
        named = []
    return named if len(named) == len(clean) else unique_names(clean)
