"""The "Ruimte en tijd" tab: emerging hot spots (their categories on the map, a table with the sentences),
near repeats (the Knox table with its sentence) and stable hot spots (on the map by number of scales, a table
of the areas hot on at least one scale).

The panel knows nothing of the controller: it asks for a run (:attr:`emergingRequested`,
:attr:`nearRequested`, :attr:`stableRequested` with the parameters of :data:`hotspots.spacetime.methods.EMERGING` /
``NEARREPEAT``) and shows what it is given (:meth:`show_emerging`, :meth:`show_near`, :meth:`show_busy`,
:meth:`show_stable`, :meth:`show_problem`). The rows come from :mod:`desktop.spacetime_tasks`; a row picked in the emerging
table asks for its area (:attr:`areaPicked`).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFormLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QSpinBox, QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from desktop.strings import number, tr

EMERGING, NEARREPEAT, STABLE = "emerging", "nearrepeat", "stable"
UNITS = (("area", "st.unit_area"), ("square", "st.unit_square"), ("hexagon", "st.unit_hexagon"))


def _coloured(text: str, colour: str) -> QTableWidgetItem:
    """A table cell in ``colour`` with text that stays readable on it."""
    item = QTableWidgetItem(text)
    item.setBackground(QBrush(QColor(colour)))
    item.setForeground(QBrush(_text_colour(colour)))
    return item


def _text_colour(background: str) -> QColor:
    c = QColor(background)
    return QColor("#ffffff") if 0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue() < 140 else QColor("#000000")


class SpacetimePanel(QWidget):
    """Signals: ``emergingRequested(dict)``, ``nearRequested(dict)``, ``stableRequested(dict)`` (the parameters),
    ``areaPicked(str)``."""

    emergingRequested = Signal(dict)
    nearRequested = Signal(dict)
    stableRequested = Signal(dict)
    areaPicked = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("spacetimePanel")
        intro = QLabel(tr("st.intro"))
        intro.setWordWrap(True)
        self.method = QComboBox()
        self.method.setObjectName("stMethod")
        self.method.addItem(tr("st.emerging"), EMERGING)
        self.method.addItem(tr("st.nearrepeat"), NEARREPEAT)
        self.method.addItem(tr("st.stable"), STABLE)
        self.unit = QComboBox()
        self.unit.setObjectName("stUnit")
        for value, key in UNITS:
            self.unit.addItem(tr(key), value)
        self.permutations = QSpinBox()
        self.permutations.setObjectName("stPermutations")
        self.permutations.setRange(99, 9999)
        self.permutations.setSingleStep(100)
        self.permutations.setValue(999)
        self.permutations.setToolTip(tr("st.permutations_tip"))
        self.noun = QLineEdit("incident")
        self.noun.setObjectName("stNoun")
        self.noun.setToolTip(tr("st.noun_tip"))
        self.options = QStackedWidget()
        em_form, nr_form = QWidget(), QWidget()
        f = QFormLayout(em_form)
        f.setContentsMargins(0, 0, 0, 0)
        f.addRow(tr("st.unit"), self.unit)
        f.addRow(self._note(tr("st.emerging_scope")))
        g = QFormLayout(nr_form)
        g.setContentsMargins(0, 0, 0, 0)
        g.addRow(tr("st.permutations"), self.permutations)
        g.addRow(tr("st.noun"), self.noun)
        g.addRow(self._note(tr("st.near_scope")))
        self.options.addWidget(em_form)
        self.options.addWidget(nr_form)
        self.options.addWidget(self._note(tr("st.stable_scope")))
        self.method.currentIndexChanged.connect(self._switch)
        self.run_button = QPushButton(tr("st.run"))
        self.run_button.setObjectName("stRun")
        self.run_button.clicked.connect(self.request_run)
        self.status = QLabel("")
        self.status.setObjectName("stStatus")
        self.status.setWordWrap(True)
        self.sentence = QLabel("")
        self.sentence.setObjectName("stSentence")
        self.sentence.setWordWrap(True)
        self.sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.sentence.font()
        font.setBold(True)
        self.sentence.setFont(font)
        self.table = QTableWidget(0, 0)
        self.table.setObjectName("stTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setWordWrap(False)
        self.table.itemSelectionChanged.connect(self._picked)
        self.caption = self._note("")
        # another analysis than the one shown is chosen: its result is not shown under this form
        self.pending = self._note("")
        self.pending.setObjectName("stPending")
        self.pending.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(intro)
        form = QFormLayout()
        form.addRow(tr("st.method"), self.method)
        lay.addLayout(form)
        lay.addWidget(self.options)
        lay.addWidget(self.run_button)
        lay.addWidget(self.pending)
        lay.addWidget(self.status)
        lay.addWidget(self.sentence)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.caption)
        self.shown_kind: str | None = None
        self._busy = False

    @staticmethod
    def _note(text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setStyleSheet("color: #555555;")
        return label

    def _switch(self, index: int) -> None:
        self.options.setCurrentIndex(index)
        self._follow()

    def _follow(self) -> None:
        """The result shown belongs to the analysis chosen, or the tab says plainly this one is not computed (the
        other's result comes back when that analysis is chosen again)."""
        other = self.shown_kind is not None and self.shown_kind != self.kind()
        for widget in (self.sentence, self.table, self.caption):
            widget.setVisible(not other)
        self.status.setVisible(not other or self._busy)
        self.pending.setVisible(other and not self._busy)
        if other:
            names = {EMERGING: tr("st.emerging"), NEARREPEAT: tr("st.nearrepeat"), STABLE: tr("st.stable")}
            self.pending.setText(tr("st.not_computed", other=names.get(self.shown_kind, "")))

    def kind(self) -> str:
        return self.method.currentData()

    def request_run(self) -> None:
        """Berekenen: ask for the chosen analysis with the form's parameters."""
        if self.kind() == EMERGING:
            self.emergingRequested.emit({"unit": self.unit.currentData()})
        elif self.kind() == STABLE:
            self.stableRequested.emit({})
        else:
            noun = self.noun.text().strip() or "incident"
            self.nearRequested.emit({"permutations": int(self.permutations.value()), "noun": noun})

    # -- what is shown ------------------------------------------------------------------------
    def clear(self) -> None:
        """Another project: nothing shown."""
        self.shown_kind = None
        for label in (self.status, self.sentence, self.caption):
            label.setText("")
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self._busy = False
        self._follow()

    def show_busy(self, what: str) -> None:
        self.status.setText(tr("st.busy", what=what))
        self._busy = True
        self._follow()

    def show_problem(self, text: str) -> None:
        """Why the analysis cannot run on the chosen data, instead of what the tab showed (an earlier choice's
        result under this message would read as its answer)."""
        self.clear()
        self.status.setText(text)

    def _status(self, text: str, view) -> None:
        """The span of a result, then what it ran on where the data panel chose sources, a theme or a division."""
        self.status.setText("\n".join([text, *getattr(view, "notes", [])]))
        self._busy = False
        self._follow()

    def _plain_caption(self, text: str) -> None:
        self.caption.setText(text)
        self.caption.setToolTip("")

    def show_emerging(self, view) -> None:
        """The categories: the headline as the sentence, then per location name, category (in its map colour) and
        the sentence that explains it (ArcGIS's name as the category's tooltip)."""
        res = view.result
        self.shown_kind = EMERGING
        self._status(tr("st.emerging_span", span=view.span), view)
        self.sentence.setText(res.sentences[0] if res.sentences else "")
        cells = []
        for row in view.rows:
            cat = _coloured(row["label"], row["colour"])
            cat.setToolTip(f"ArcGIS: {row['arcgis']}")
            cat.setData(Qt.ItemDataRole.UserRole, row["category"])
            text = QTableWidgetItem(row["sentence"])
            text.setToolTip(row["sentence"])
            cells.append((row, cat, text))
        self._area_table((tr("st.col_category"), tr("st.col_sentence")), cells, interactive=True)
        self._plain_caption("; ".join(res.warnings[:1]))

    def show_stable(self, view) -> None:
        """The areas hot on at least one scale: name, "k van S" in the map's colour, and the scales that call it hot."""
        res = view.result
        self.shown_kind = STABLE
        self._status(tr("st.stable_span", span=view.span), view)
        self.sentence.setText(res.sentences[0] if res.sentences else "")
        cells = []
        for row in view.rows:
            scales = _coloured(tr("st.scales_of", k=row["scales_hot"], n=row["of"]), row["colour"])
            scales.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            text = QTableWidgetItem(row["hot_at"])
            text.setToolTip(row["sentence"])
            cells.append((row, scales, text))
        self._area_table((tr("st.col_scales"), tr("st.col_hot_at")), cells)
        self.caption.setText(res.caption.split(". ")[0] + ".")
        self.caption.setToolTip(res.caption)

    def _area_table(self, headers, cells, *, interactive: bool = False) -> None:
        """One row per area: its name (the code as tooltip and data), then the two given items of ``cells``
        (``(row, item, item)``); the name column at most 170 px, the last one stretching."""
        t = self.table
        t.blockSignals(True)
        t.clear()
        t.setColumnCount(3)
        t.setHorizontalHeaderLabels([tr("st.col_name"), *headers])
        t.setRowCount(len(cells))
        for i, (row, *items) in enumerate(cells):
            name = QTableWidgetItem(row["name"])
            name.setData(Qt.ItemDataRole.UserRole, row["code"])
            name.setToolTip(row["code"])
            for j, item in enumerate((name, *items)):
                t.setItem(i, j, item)
        if interactive:
            t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        t.resizeColumnsToContents()
        t.setColumnWidth(0, min(t.columnWidth(0), 170))
        t.horizontalHeader().setStretchLastSection(True)
        t.blockSignals(False)

    def show_near(self, view) -> None:
        """The Knox table: the distance bands as rows, the time bands as columns, each cell the ratio (bold and
        coloured when significant; observed, expected and p in its tooltip), and the sentence above it."""
        res = view.result
        self.shown_kind = NEARREPEAT
        self._status(tr("st.near_span", span=view.span, incidents=f"{res.incidents:,}".replace(",", "."),
                        permutations=res.params["permutations"]), view)
        self.sentence.setText(res.sentence)
        t = self.table
        t.blockSignals(True)
        t.clear()
        t.setColumnCount(1 + len(view.header))
        t.setHorizontalHeaderLabels([tr("st.col_distance")] + list(view.header))
        t.setRowCount(len(view.cells))
        bold = QFont(self.font())
        bold.setBold(True)
        top = max((c["ratio"] for r in view.cells for c in r["cells"] if c["significant"]), default=1.0)
        for i, row in enumerate(view.cells):
            t.setItem(i, 0, QTableWidgetItem(row["row"]))
            for j, c in enumerate(row["cells"], 1):
                item = QTableWidgetItem(number(c["ratio"], 2))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(tr("st.cell_tip", row=row["row"], column=c["column"],
                                   observed=f"{c['observed']:,}".replace(",", "."), expected=number(c["expected"], 1),
                                   ratio=number(c["ratio"], 2), p=number(c["p_fdr"], 3)))
                if c["significant"]:
                    item.setFont(bold)
                    share = 0.0 if top <= 1 else min(1.0, (c["ratio"] - 1) / (top - 1))
                    item.setBackground(QBrush(QColor.fromRgbF(1.0, 0.93 - 0.45 * share, 0.85 - 0.6 * share)))
                t.setItem(i, j, item)
        t.horizontalHeader().setStretchLastSection(False)
        t.resizeColumnsToContents()
        t.blockSignals(False)
        self._plain_caption(tr("st.knox_caption") + ("\n" + res.warnings[0] if res.warnings else ""))

    def _picked(self) -> None:
        if self.shown_kind not in (EMERGING, STABLE):
            return
        rows = {i.row() for i in self.table.selectedIndexes()}
        if len(rows) == 1:
            item = self.table.item(rows.pop(), 0)
            if item is not None:
                self.areaPicked.emit(item.data(Qt.ItemDataRole.UserRole))
