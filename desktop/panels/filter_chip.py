"""The filter line a chart click sets: "Filter: dinsdag 20:00-21:00 - wissen" (hidden without a filter)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop import when_filter
from desktop.strings import tr


class FilterChip(QWidget):
    """Shows ``chosen.filters["when"]`` in words; 'wissen' emits ``cleared``."""

    cleared = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("filterChip")
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.label.linkActivated.connect(lambda _: self.cleared.emit())
        self.label.setStyleSheet("background: #fff3c4; border: 1px solid #d9b500; border-radius: 9px; "
                                 "padding: 1px 8px;")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 2)
        lay.addWidget(self.label)
        lay.addStretch(1)
        self.text = ""
        self.hide()

    def set_when(self, when) -> None:
        """Show the filter ``when`` (:mod:`desktop.when_filter`); hidden without one."""
        self.text = when_filter.text(when)
        if not self.text:
            self.hide()
            return
        self.label.setText(f"{tr('filter.line', when=self.text)} &nbsp;–&nbsp; "
                           f"<a href='clear'>{tr('filter.clear')}</a>")
        self.label.setToolTip(tr("filter.tip", when=self.text))
        self.show()
