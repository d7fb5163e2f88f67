"""The report as an editable Word document (python-docx): the same blocks as the PDF, in Word's own
styles (Title, Heading 1/2, List Bullet, a table style), so the officer can add the local duiding."""
from __future__ import annotations

import io

from mapping.report.model import Bullets, Figure, Heading, KeyFacts, PageBreak, Paragraph, Table


def render_docx(doc, path, meta) -> None:
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    d = Docx()
    section = d.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    d.core_properties.title = doc.title
    d.core_properties.author = "Wijkbeeld"
    d.core_properties.language = "nl-NL"
    d.styles["Normal"].font.size = Pt(10)
    d.add_heading(doc.title, level=0)
    if doc.subtitle:
        d.add_paragraph(doc.subtitle).runs[0].font.size = Pt(12)
    for b in doc.blocks:
        if isinstance(b, Heading):
            d.add_heading(b.text, level=min(b.level, 3))
        elif isinstance(b, Paragraph):
            p = d.add_paragraph(b.text)
            if b.style == "note":
                for r in p.runs:
                    r.font.size = Pt(8.5)
                    r.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        elif isinstance(b, Bullets):
            for item in b.items:
                d.add_paragraph(str(item), style="List Bullet")
        elif isinstance(b, KeyFacts):
            t = d.add_table(rows=0, cols=2)
            t.style = "Light List Accent 1"
            for n, (title, text) in enumerate(b.items, 1):
                row = t.add_row().cells
                row[0].text = f"{n}. {title}"
                row[0].paragraphs[0].runs[0].bold = True
                row[1].text = text
                row[0].width, row[1].width = Cm(4.2), Cm(12.8)
        elif isinstance(b, Table):
            t = d.add_table(rows=1, cols=len(b.header))
            t.style = "Light Grid Accent 1"
            for c, text in zip(t.rows[0].cells, b.header):
                c.text = str(text)
            for row in b.rows:
                cells = t.add_row().cells
                for j, (c, text) in enumerate(zip(cells, row)):
                    c.text = str(text)
                    if j in b.numeric:
                        c.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if b.caption:
                cap = d.add_paragraph(b.caption)
                cap.runs[0].font.size = Pt(8.5)
        elif isinstance(b, Figure):
            d.add_picture(io.BytesIO(b.png), width=Cm(min(b.width_cm, 17)))
            cap = d.add_paragraph(b.caption)
            cap.runs[0].font.size = Pt(8.5)
        elif isinstance(b, PageBreak):
            d.add_page_break()
    footer = section.footer.paragraphs[0]
    from mapping.report.pdf import privacy_line

    footer.text = f"{doc.title} · Wijkbeeld, {meta.made_local_text} · {privacy_line(meta.privacy)}"
    footer.runs[0].font.size = Pt(7)
    d.save(str(path))
