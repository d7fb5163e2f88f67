"""The text of an output as a reader gets it: a PDF through pdftotext (per page), a Word document through
python-docx (paragraphs, then each table row with its cells joined by ' | '), every string of a JSON value."""
from __future__ import annotations

import subprocess


def pdf_pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


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
