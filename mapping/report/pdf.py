"""The report as PDF with reportlab's platypus (pure Python wheels; no system libraries).

A4 portrait, DejaVu-like Helvetica text, figures as 200 dpi PNG at 16 cm, tables with a header row
that repeats over pages, a footer with the title, the page number and the privacy rule.
"""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

from mapping.report.model import Bullets, Figure, Heading, KeyFacts, PageBreak, Paragraph, Table


def privacy_line(rules) -> str:
    """The privacy rule in one short line for a page footer."""
    if not rules.active:
        return "Kleine aantallen niet afgeschermd; geen persoonsgegevens."
    return (f"Aantallen onder {rules.suppress_below} staan als '{rules.marker}'"
            + ("; alle aantallen afgerond op 5-tallen." if rules.rounding else
               "; 'x': afgeschermd tegen terugrekenen. Geen persoonsgegevens."))


def render_pdf(doc, path, meta) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (Image, KeepTogether, ListFlowable, ListItem, PageBreak as RLPageBreak,
                                    Paragraph as P, SimpleDocTemplate, Spacer, Table as T, TableStyle)

    ss = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=ss["BodyText"], fontSize=9.5, leading=13)
    note = ParagraphStyle("note", parent=body, fontSize=8.5, textColor=colors.HexColor("#555555"))
    lead = ParagraphStyle("lead", parent=body, fontSize=11, leading=15)
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10)
    h = {1: ParagraphStyle("h1", parent=ss["Heading1"], fontSize=15, spaceBefore=6, spaceAfter=6,
                           textColor=colors.HexColor("#1f3b63"), keepWithNext=1),
         2: ParagraphStyle("h2", parent=ss["Heading2"], fontSize=11.5, spaceBefore=6, spaceAfter=4, keepWithNext=1)}
    fact_title = ParagraphStyle("ft", parent=body, fontName="Helvetica-Bold", fontSize=10.5, leading=14)
    story = [P(escape(doc.title), ParagraphStyle("t", parent=ss["Title"], fontSize=20, alignment=0))]
    if doc.subtitle:
        story.append(P(escape(doc.subtitle), lead))
    story.append(Spacer(1, 0.3 * cm))
    width = A4[0] - 4 * cm
    pending = []  # a heading waits for the block after it, so that it never ends a page alone
    for b in doc.blocks:
        if pending and not isinstance(b, Heading):
            start = len(story)
        else:
            start = None
        if isinstance(b, Heading):
            pending.append(P(escape(b.text), h.get(b.level, h[2])))
            continue
        elif isinstance(b, Paragraph):
            story.append(P(escape(b.text), {"note": note, "lead": lead}.get(b.style, body)))
        elif isinstance(b, Bullets):
            story.append(ListFlowable([ListItem(P(escape(str(i)), body), leftIndent=12) for i in b.items],
                                      bulletType="bullet", start="•", leftIndent=12))
        elif isinstance(b, KeyFacts):
            rows = [[P(f"{n}. {escape(t)}", fact_title), P(escape(s), body)] for n, (t, s) in enumerate(b.items, 1)]
            t = T(rows, colWidths=[4.2 * cm, width - 4.2 * cm])
            t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.4,
                                                                          colors.HexColor("#c9d3e0")),
                                   ("TOPPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 7)]))
            story.append(t)
        elif isinstance(b, Table):
            widths = b.widths or [1] * len(b.header)
            scale = width / sum(widths)
            data = [[P(f"<b>{escape(str(c))}</b>", cell) for c in b.header]]
            data += [[P(escape(str(c)), cell) for c in row] for row in b.rows]
            t = T(data, colWidths=[w * scale for w in widths], repeatRows=1)
            style = [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
                     ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#999999")), ("VALIGN", (0, 0), (-1, -1), "TOP")]
            t.setStyle(TableStyle(style))
            story.append(t)
            if b.caption:
                story.append(P(escape(b.caption), note))
            story.append(Spacer(1, 0.25 * cm))
        elif isinstance(b, Figure):
            from reportlab.lib.utils import ImageReader

            reader = ImageReader(io.BytesIO(b.png))
            iw, ih = reader.getSize()
            w = min(b.width_cm * cm, width)
            img = Image(io.BytesIO(b.png), width=w, height=w * ih / iw)
            story.append(KeepTogether([img, P(escape(b.caption), note), Spacer(1, 0.2 * cm)]))
        elif isinstance(b, PageBreak):
            story.append(RLPageBreak())
        if start is not None:
            story[start:] = [KeepTogether(pending + story[start:])]
            pending = []
    story += pending

    footer_rule = privacy_line(meta.privacy)

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(2 * cm, 1.2 * cm, f"{doc.title} · pagina {document.page}"[:110])
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"Wijkbeeld, {meta.made_local_text}")
        if footer_rule:
            canvas.drawString(2 * cm, 0.8 * cm, footer_rule[:140])
        canvas.restoreState()

    pdf = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.8 * cm,
                            bottomMargin=2 * cm, title=doc.title, author="Wijkbeeld", subject=doc.subtitle or "",
                            lang="nl")
    from reportlab import rl_config

    a85, rl_config.useA85 = rl_config.useA85, 0  # figures as binary streams: ASCII85 in pure Python took seconds
    try:
        pdf.build(story, onFirstPage=footer, onLaterPages=footer)
    finally:
        rl_config.useA85 = a85
