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
from pathlib import Path

from importers.detect import SNIFF_BYTES, decode, detect_encoding, detect_separator, looks_binary, read_head
from kernel.errors import ImportFileError

__all__ = ["Sniff", "header_fields"]


def header_fields(first: str, sep: str) -> list[str]:
    """The fields of a header line, stripped ([] when it cannot be split)."""
    try:
        return [c.strip() for c in next(csv.reader(io.StringIO(first), delimiter=sep))]
    except (StopIteration, csv.Error):
        return []


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
            self._sep[enc] = detect_separator(self.text(enc))
        return self._sep[enc]

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
                first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
                self._header = header_fields(first, self.separator())
            else:
                self._header = []
        return self._header
