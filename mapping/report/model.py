"""The report as plain blocks, rendered alike to PDF and Word.

>>> doc = Document("Titel")
>>> doc.extend([Heading("Waar", 1), Paragraph("Tekst.")])
>>> [type(b).__name__ for b in doc.blocks]
['Heading', 'Paragraph']
>>> doc.text()
'Titel\\nWaar\\nTekst.'
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Paragraph:
    text: str
    style: str = "body"  # body | note | lead


@dataclass
class Bullets:
    items: list


@dataclass
class KeyFacts:
    """The first page's "five things to know": (title, statement) pairs."""

    items: list


@dataclass
class Table:
    header: list
    rows: list
    caption: str | None = None
    #: Relative column widths (None: equal).
    widths: list | None = None
    #: Columns to right-align (numbers).
    numeric: tuple = ()


@dataclass
class Figure:
    """A PNG (bytes, 200 dpi) with its caption; ``texts`` are the figure's own words (for tests)."""

    png: bytes
    caption: str
    width_cm: float = 16.0
    texts: list = field(default_factory=list)


@dataclass
class PageBreak:
    pass


@dataclass
class Document:
    title: str
    subtitle: str | None = None
    blocks: list = field(default_factory=list)

    def extend(self, blocks) -> None:
        self.blocks.extend(blocks)

    def text(self) -> str:
        """Every word of the document (figures by their texts), one block per line."""
        lines = [self.title] + ([self.subtitle] if self.subtitle else [])
        for b in self.blocks:
            if isinstance(b, (Heading, Paragraph)):
                lines.append(b.text)
            elif isinstance(b, Bullets):
                lines += [str(i) for i in b.items]
            elif isinstance(b, KeyFacts):
                lines += [f"{t}: {s}" for t, s in b.items]
            elif isinstance(b, Table):
                lines += [" | ".join(map(str, b.header))] + [" | ".join(map(str, r)) for r in b.rows]
                if b.caption:
                    lines.append(b.caption)
            elif isinstance(b, Figure):
                lines += [b.caption] + list(b.texts)
        return "\n".join(lines)
