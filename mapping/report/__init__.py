"""The report for the driehoek: one analysis run as a finished document (PDF and Word).

:func:`build_report` turns a run (:class:`hotspots.run.AnalysisRun`) under a
:class:`mapping.meta.ReportMeta` into a plain :class:`mapping.report.model.Document`
(headings, paragraphs, key facts, tables, figures), section by section from the registry in
:mod:`mapping.report.sections` (a gebiedsscan: five things to know, where, when,
development, comparison of periods, the BOA plan, "Methode en betrouwbaarheid", sources).
Every number in it passes the run's :class:`mapping.protect.Protection`. The same document
is rendered by :mod:`mapping.report.pdf` (reportlab) and :mod:`mapping.report.word`
(python-docx), so the PDF and the editable Word file say the same.

:func:`write_report` writes ``.pdf`` or ``.docx`` through :class:`mapping.files.Staging`.
"""
from __future__ import annotations

from pathlib import Path

from mapping.report import comparison as _comparison  # noqa: F401 - registers its two sections
from mapping.report import spacetime as _spacetime  # noqa: F401 - registers its two sections
from mapping.report.model import Document
from mapping.report.sections import SECTIONS, ReportContext, register_section

__all__ = ["build_report", "write_report", "SECTIONS", "ReportContext", "register_section", "Document", "FORMATS"]

FORMATS = (".pdf", ".docx")


def build_report(ctx: ReportContext) -> Document:
    """The document of ``ctx``: every registered section that has something to say, in order."""
    doc = Document(title=ctx.meta.title or "Veiligheidsbeeld", subtitle=ctx.subtitle())
    for section in SECTIONS:
        blocks = section.build(ctx)
        if blocks:
            doc.extend(blocks)
    return doc


def write_report(ctx: ReportContext, path, *, input_files=()) -> Path:
    """Write the report of ``ctx`` to ``path`` (``.pdf`` or ``.docx``); returns the path."""
    from kernel.errors import OutputError
    from mapping.files import Staging

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise OutputError(f"Een rapport is een .pdf of een .docx, niet '{path.suffix or path.name}'.")
    doc = build_report(ctx)
    with Staging(inputs=input_files) as stage:
        tmp = stage.temp(path)
        if suffix == ".pdf":
            from mapping.report.pdf import render_pdf

            render_pdf(doc, tmp, ctx.meta)
        else:
            from mapping.report.word import render_docx

            render_docx(doc, tmp, ctx.meta)
    return path
