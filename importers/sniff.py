"""The head of a file, read once, with what detection makes of it.

Choosing a reader asks every registered reader's ``identify`` how well it fits
a file, and the chosen reader then detects the encoding and separator again.
A :class:`Sniff` is made once per file and passed along: it reads the first
:data:`~importers.detect.SNIFF_BYTES` bytes on first use, and decodes them,
guesses the separator and splits the header each at most once (per encoding).

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     p = pathlib.Path(d) / "a.csv"
...     _ = p.write_bytes("x;y;wijk\\n1;2;Centrum\\n".encode())
...     s = Sniff(p)
...     s.encoding, s.separator(), s.header()
('utf-8', ';', ['x', 'y', 'wijk'])
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from importers.detect import SEPARATORS, SNIFF_BYTES, decode, detect_encoding, detect_separator, looks_binary, read_head
from kernel.errors import ImportFileError

__all__ = ["Sniff", "clean_name", "header_fields", "title_lines", "unique_names", "TITLE_LINES"]

#: Lines above the header a CSV may hold (a title, a date of export, an empty line), as a sheet may.
TITLE_LINES = 10
_NUMBER = re.compile(r"^[\s\d.,:/+-]*$")
_AROUND = re.compile(r"^[\s\ufeff\u200b]+|[\s\ufeff\u200b]+$")


def clean_name(name) -> str:
    """A column name as the user reads it: without the spaces, tabs, non-breaking spaces, byte order marks and
    zero-width spaces around it (a table's columns are named so: :func:`importers.tables.read_table`).

    >>> clean_name(" X\\u00a0"), clean_name("\\ufeff\\tId ")
    ('X', 'Id')
    """
    return _AROUND.sub("", str(name))


def unique_names(names) -> list[str]:
    """``names`` with each repeat numbered as pandas numbers it (``Id``, ``Id.1``); an empty one ``Unnamed: i``.

    >>> unique_names(["Id", "X", "Id", "", "Id.1"])
    ['Id', 'X', 'Id.2', 'Unnamed: 3', 'Id.1']
    """
    names = [str(n) or f"Unnamed: {i}" for i, n in enumerate(names)]
    taken = set(names)
    seen: set[str] = set()
    out = []
    for n in names:
        name, k = n, 0
        while name in seen or (k and name in taken):  # 'Id.1' further on keeps its name
            k += 1
            name = f"{n}.{k}"
        seen.add(name)
        out.append(name)
    return out


def header_fields(first: str, sep: str) -> list[str]:
    """The fields of a header line, stripped (:func:`clean_name`; [] when it cannot be split)."""
    try:
        return [clean_name(c) for c in next(csv.reader(io.StringIO(first), delimiter=sep))]
    except (StopIteration, csv.Error):
        return []


def title_lines(text: str) -> int:
    """The lines above a CSV's header: 0, unless the first line holds a single filled field (a title such as
    "Meldingen overlast 2017", also "Meldingen overlast 2017;;;" as Excel saves it), the lines up to the header
    hold at most one (more title, an empty line) and the header, within :data:`TITLE_LINES` lines, holds at
    least two fields, all filled and none a number or a date (as :func:`importers.xlsx.header_row` for a sheet).

    >>> title_lines("Meldingen overlast 2017\\n\\nDatum;X;Y\\n29-07-2017;233456;582123\\n")
    2
    >>> title_lines("Datum;X;Y\\n29-07-2017;233456;582123\\n"), title_lines("Datum\\n29-07-2017\\n")
    (0, 0)
    """
    lines = [line.rstrip("\r") for line in text.lstrip("\ufeff").split("\n", TITLE_LINES + 2)[:TITLE_LINES + 2]]

    def filled(line: str, sep: str) -> list[str]:
        return [f for f in header_fields(line, sep) if f]

    if not lines[0].strip() or any(len(filled(lines[0], sep)) > 1 for sep in SEPARATORS):
        return 0  # the first line is a header (or empty): no title
    for k in range(1, min(len(lines) - 1, TITLE_LINES + 1)):
        for sep in SEPARATORS:
            row = header_fields(lines[k], sep)
            if len(row) < 2 or any(len(filled(lines[i], sep)) > 1 for i in range(1, k)):
                continue
            if all(f and not _NUMBER.match(f) for f in row) and len(header_fields(lines[k + 1], sep)) == len(row):
                return k
        if any(len(filled(lines[k], sep)) > 1 for sep in SEPARATORS):
            return 0  # data before any header: not a title above a table
    return 0


class Sniff:
    """The first bytes of ``path`` and the detections on them, each computed once, on first use.

    Reading errors (a missing, empty or unreadable file) are the Dutch
    :class:`~kernel.errors.ImportFileError` of :func:`~importers.detect.read_head`;
    the error is kept, so a second look does not read the file again.
    """

    def __init__(self, path, size: int = SNIFF_BYTES):
        self.path = Path(path)
        self.size = size
        self._bytes: bytes | None = None
        self._error: ImportFileError | None = None
        self._binary: bool | None = None
        self._encoding: str | None = None
        self._text: dict[str, str] = {}
        self._sep: dict[str, str] = {}
        self._titles: dict[str, int] = {}
        self._header: list[str] | None = None

    @property
    def head(self) -> bytes:
        """The head of the file (raises :class:`ImportFileError` for an empty or unreadable file)."""
        if self._bytes is None:
            if self._error is None:
                try:
                    self._bytes = read_head(self.path, self.size)
                except ImportFileError as exc:
                    self._error = exc
            if self._error is not None:
                raise self._error
        return self._bytes

    @property
    def binary(self) -> bool:
        """True when the head is not text (see :func:`~importers.detect.looks_binary`)."""
        if self._binary is None:
            self._binary = looks_binary(self.head)
        return self._binary

    @property
    def encoding(self) -> str:
        """The detected encoding (see :func:`~importers.detect.detect_encoding`)."""
        if self._encoding is None:
            self._encoding = detect_encoding(self.head)
        return self._encoding

    def text(self, encoding: str | None = None) -> str:
        """The head decoded with ``encoding`` (default: the detected one); a Dutch error when it does not decode."""
        enc = encoding or self.encoding
        if enc not in self._text:
            self._text[enc] = decode(self.head, enc, self.path)
        return self._text[enc]

    def separator(self, encoding: str | None = None) -> str:
        """The detected separator of the text decoded with ``encoding`` (default: the detected one)."""
        enc = encoding or self.encoding
        if enc not in self._sep:
            self._sep[enc] = detect_separator(self.table_text(enc))
        return self._sep[enc]

    def titles(self, encoding: str | None = None) -> int:
        """The lines above the header of the text decoded with ``encoding`` (:func:`title_lines`)."""
        enc = encoding or self.encoding
        if enc not in self._titles:
            text = self.text(enc)
            self._titles[enc] = title_lines(text) if text[:1] not in "[{" else 0
        return self._titles[enc]

    def table_text(self, encoding: str | None = None) -> str:
        """The decoded head from the header on (the title lines above it left out)."""
        text = self.text(encoding).lstrip("\ufeff")
        k = self.titles(encoding)
        return text.split("\n", k)[k] if k else text

    def header(self) -> list[str]:
        """The column names of a text table from its first line; [] when the head is binary or does not decode.

        Raises :class:`ImportFileError` for an empty or unreadable file.
        """
        if self._header is None:
            try:
                text = "" if self.binary else self.text()
            except ImportFileError:
                if self._error is not None:  # empty or unreadable: not a table at all
                    raise
                text = ""
            if text:
                first = self.table_text().split("\n", 1)[0].rstrip("\r")
                self._header = header_fields(first, self.separator())
            else:
                self._header = []
        return self._header
