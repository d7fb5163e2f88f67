"""What the analysis says, beside the map: its warnings (always in view) and its notes (one click away).

The engine writes Dutch sentences for everything a reader must know: a boundary year that does not
match the figures, islands, mostly zeros, areas hot only through their neighbours, few incidents,
the optimised mode's cell size and distance band. The map's title box has no room for them on a
laptop screen; this strip under the map shows them all.
"""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextBrowser, QToolButton, QVBoxLayout, QWidget

from desktop.strings import tr


class NotesPanel(QWidget):
    """A line with the count of warnings and notes, the warnings, and the notes folded."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("notesPanel")
        self.summary = QLabel(tr("notes.none"))
        self.summary.setObjectName("notesSummary")
        self.summary.setWordWrap(True)  # a narrow map (the Inzet tab's wide dock) wraps this line, never squeezes the data panel
        self.toggle = QToolButton()
        self.toggle.setObjectName("notesToggle")
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.toggled.connect(self._fold)
        self.text = QTextBrowser()
        self.text.setObjectName("notesText")
        self.text.setOpenLinks(False)
        self.text.setMinimumHeight(40)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.summary, 1)
        head.addWidget(self.toggle)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 2, 4, 2)
        lay.setSpacing(2)
        lay.addLayout(head)
        lay.addWidget(self.text, 1)
        self.warnings: list[str] = []
        self.notes: list[str] = []
        self.show_lines([], [])

    def show_lines(self, warnings: list[str], notes: list[str]) -> None:
        """Show an analysis's ``warnings`` and ``notes`` (Dutch sentences)."""
        self.warnings, self.notes = [str(w) for w in warnings], [str(n) for n in notes]
        if not self.warnings and not self.notes:
            self.summary.setText(tr("notes.none"))
        else:
            self.summary.setText(tr("notes.summary", w=len(self.warnings), n=len(self.notes)))
        self.toggle.setVisible(bool(self.notes))
        self._render()

    def _fold(self, shown: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self._render()

    def _render(self) -> None:
        shown = self.toggle.isChecked()
        self.toggle.setText(tr("notes.hide") if shown else tr("notes.show"))
        parts = [f'<p style="color:#8a4b00; margin:0 0 3px 0;"><b>{tr("notes.warning")}</b> {html.escape(w)}</p>'
                 for w in self.warnings]
        if shown:
            parts += [f'<p style="color:#333333; margin:0 0 3px 0;">{html.escape(n)}</p>' for n in self.notes]
        self.text.setHtml("".join(parts))
        self.text.setVisible(bool(parts))

    def plain_text(self) -> str:
        """Everything the panel holds, as text (also the folded notes)."""
        return "\n".join(self.warnings + self.notes)
