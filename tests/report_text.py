"""The text of an output as a reader gets it: a PDF through pdftotext (per page), a Word document through
python-docx (paragraphs, then each table row with its cells joined by ' | '), every string of a JSON value."""
from __future__ import annotations

import subprocess


#: pdftotext's options per way of reading: ``layout`` as printed (columns side by side, words padded to their
#: place), ``reading`` pdftotext's reading order (text beside a figure or another column is not interleaved with
#: it), ``raw`` the order the PDF draws it in (no padding between words: what a search for a leaked name needs).
PDF_MODES = {"layout": ["-layout"], "reading": [], "raw": ["-raw"]}


def pdf_pages(path, mode: str = "layout") -> list[str]:
    """The text of each page, read as :data:`PDF_MODES` says for ``mode``."""
    text = subprocess.run(["pdftotext", *PDF_MODES[mode], str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")


def flat(text) -> str:
    """``text`` (a string or a list of pages) with every run of white space as one space."""
    return " ".join((text if isinstance(text, str) else " ".join(text)).split())


def docx_text(path) -> str:
    from docx import Document

    d = Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def json_strings(value):
    """Every string in a JSON value (``samenvatting.json``), depth first."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from json_strings(v)
