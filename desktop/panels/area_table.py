"""The sortable table of areas: count, rate, z and class (QAbstractTableModel + QSortFilterProxyModel).

The model sorts itself (:meth:`AreaTableModel.sort`: one numpy argsort of the sort keys); the proxy only
filters. A proxy that sorts asks Python for two cells per comparison: with 14,500 buurten that held the
window for about a second on every new result.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import (QAbstractTableModel, QItemSelection, QItemSelectionModel, QModelIndex,
                            QSortFilterProxyModel, Qt, Signal)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLineEdit, QPushButton, QTableView, QVBoxLayout,
                               QWidget)

from desktop.strings import tr
from desktop.table_cells import COLUMNS, Z_COLUMN, cells, z_tooltip  # noqa: F401 (z_tooltip: tests import it here)

if TYPE_CHECKING:  # pandas is imported where used: the window builds this table before it shows
    import pandas as pd

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2


class AreaTableModel(QAbstractTableModel):
    """Rows of the analysis result (one per area); numbers sort as numbers.

    Every cell's text, sort key and tooltip is computed once in :meth:`set_frame`
    (plain lists), so that painting and sorting never go back to pandas cell by
    cell: that kept the GUI thread busy for most of a second on a result. The lists
    stay in the result's order; a sort only reorders :attr:`_order` (the result's row
    shown in each row): permuting every column held the window ~50 ms per sort on the
    14,500 national buurten.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._frame = None  # an empty DataFrame until the first result (built on first use)
        self.colours: dict[int, str] = {}
        self._text: list[list[str]] = []
        self._key: list[list] = []
        self._codes: list[str] = []
        self._tips: list[str] = []
        self._brush: list = []
        self._rows: dict[str, int] = {}
        self._by_z = False
        self._order: list[int] = []
        self.hidden: list[int] = []  # columns that do not apply to the result shown
        self.extra: list[str] = []  # the headers of the side-by-side columns of several sources, after COLUMNS
        self._numeric: list[bool] = [d is not None for *_, d in COLUMNS]  # per column: numbers (else text)

    @property
    def frame(self) -> pd.DataFrame:
        if self._frame is None:
            import pandas as pd

            self._frame = pd.DataFrame()
        return self._frame

    @frame.setter
    def frame(self, value: pd.DataFrame) -> None:
        self._frame = value

    def set_frame(self, frame: pd.DataFrame | None, colours: dict | None = None, plain: dict | None = None) -> None:
        """Show a result frame; ``plain``: its cells when already computed (:func:`desktop.table_cells.cells`)."""
        import pandas as pd

        frame = pd.DataFrame(frame.drop(columns="geometry", errors="ignore")) if frame is not None \
            else pd.DataFrame()
        frame = frame.reset_index(drop=True)
        plain = plain if plain is not None else cells(frame, colours)
        labels = next((frame[c] for c in ("gi_label", "quadrant") if c in frame), None)
        # through numpy's objects: iterating a pandas string column in Python took ~45 ms on 14,500 buurten
        frame["class"] = [v if isinstance(v, str) else "" for v in labels.to_numpy(dtype=object)] \
            if labels is not None else ""
        self.colours = dict(colours or {})
        self.set_plain(plain)
        self._frame = frame

    def plain(self) -> dict:
        """The cells as plain JSON (:mod:`desktop.snapshot`): texts, sort keys, tooltips, class colours, in the
        result's own row order (as :func:`desktop.table_cells.cells` gives them), however the rows are sorted."""
        n = len(COLUMNS)  # the lists are kept in the result's order
        text = [list(col) for col in self._text]
        key = [[None if k == -math.inf else k for k in col] for col in self._key]
        out = {"text": text[:n], "key": key[:n],
               "tips": list(self._tips), "colours": [b.name() if b is not None else None for b in self._brush],
               "by_z": self._by_z, "hidden": list(self.hidden)}
        if self.extra:
            out["extra"] = {"headers": list(self.extra), "text": text[n:], "key": key[n:]}
        return out

    def set_plain(self, plain: dict) -> None:
        """Show cells saved by :meth:`plain` (no pandas: the window shows them before it is imported).

        :attr:`frame` stays empty until the analysis result itself arrives through :meth:`set_frame`.
        """
        self.beginResetModel()
        self._frame = None
        extra = plain.get("extra") or {"headers": [], "text": [], "key": []}
        self.extra = list(extra["headers"])
        self._text = [list(col) for col in plain["text"]] + [list(col) for col in extra["text"]]
        numeric = [d is not None for *_, d in COLUMNS] + [all(isinstance(k, (int, float)) or k is None for k in col)
                                                         for col in extra["key"]]
        self._key = [[(-math.inf if num else "") if k is None else k for k in col]
                     for col, num in zip(list(plain["key"]) + list(extra["key"]), numeric)]
        self._numeric = numeric
        self._tips = list(plain["tips"])
        brushes = {c: QColor(c) for c in set(plain["colours"]) if c}  # a few classes, one QColor each
        self._brush = [brushes.get(c) if c else None for c in plain["colours"]]
        self._by_z = bool(plain.get("by_z"))
        self.hidden = list(plain.get("hidden") or [])
        self._codes = list(self._text[0]) if self._text else []  # the code shown in each row
        self._order = list(range(len(self._codes)))  # the result's row shown in each row (sort reorders it)
        self._rows = {code: i for i, code in enumerate(self._codes)}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._codes)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS) + len(self.extra)

    def column(self, c: int) -> tuple:
        """``(column, header key, tooltip key, decimals)`` as in COLUMNS; a side-by-side column is ``("extra",
        its header, None, 0 or None)``."""
        if c < len(COLUMNS):
            return COLUMNS[c]
        return ("extra", self.extra[c - len(COLUMNS)], None, 0 if self._numeric[c] else None)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        col, key, tip, _ = self.column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return key if col == "extra" else tr(key)
        if role == Qt.ItemDataRole.ToolTipRole and col == "extra":
            return tr("table.side_tip", name=key)
        if role == Qt.ItemDataRole.ToolTipRole and tip:
            return tr(tip)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._text[c][self._order[r]]
            return tr("table.no_name") if c == 1 and not text else text  # a nameless buurt (water): said so
        if role == Qt.ItemDataRole.ForegroundRole and c == 1 and not self._text[c][self._order[r]]:
            return QColor("#777777")
        if role == CODE_ROLE:
            return self._codes[r]
        col, _, _, decimals = self.column(c)
        if role == SORT_ROLE:
            return self._key[c][self._order[r]]
        if role == Qt.ItemDataRole.TextAlignmentRole and decimals is not None:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col in ("z", "class"):
            return self._tips[self._order[r]]
        if role == Qt.ItemDataRole.BackgroundRole and col == "class":
            return self._brush[self._order[r]]
        return None

    def _shown(self, col: list) -> list:
        """``col`` (in the result's order) in the order of the rows shown."""
        if len(self._order) < 2 or len(col) != len(self._order):
            return list(col)
        from operator import itemgetter

        return list(itemgetter(*self._order)(col))

    def column_texts(self, column: int) -> list[str]:
        """The texts of ``column`` in the order of the rows shown."""
        return self._shown(self._text[column]) if column < len(self._text) else []

    def row_of(self, code: str) -> int | None:
        return self._rows.get(str(code))

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows by ``column`` (numbers as numbers, missing last when descending; stable, as Qt's)."""
        import numpy as np

        keys = self._shown(self._key[column]) if 0 <= column < len(self._key) else []  # as shown: ties keep it
        if len(keys) < 2:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if self.column(column)[3] is None:  # text
            new = sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)
        else:
            k = np.asarray(keys, dtype=float)
            new = np.argsort(-k if descending else k, kind="stable").tolist()
        self.layoutAboutToBeChanged.emit()
        position = [0] * len(new)
        for to, frm in enumerate(new):
            position[frm] = to
        from operator import itemgetter

        take = itemgetter(*new)  # (len(keys) >= 2) in C: the columns themselves stay as they are
        self._order = list(take(self._order))
        self._codes = self._shown(self._text[0])
        self._rows = {code: i for i, code in enumerate(self._codes)}
        old = [i for i in self.persistentIndexList() if i.isValid()]
        self.changePersistentIndexList(old, [self.index(position[i.row()], i.column()) for i in old])
        self.layoutChanged.emit()


class _FilterOnly(QSortFilterProxyModel):
    """Filters rows (the search box); sorting is the source model's own (:meth:`AreaTableModel.sort`)."""

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)


class AreaTable(QWidget):
    """Table panel; emits ``selectionChanged(list[str])`` with the codes the user selected."""

    selectionChanged = Signal(list)
    #: The search found an area on another level (level, code): show that level with the area selected.
    levelRequested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        #: ``text -> [(level, code, name)]``: areas of that name on the other levels (the router sets it).
        self.elsewhere = lambda text: []
        self.model = AreaTableModel(self)
        self.proxy = _FilterOnly(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("table.filter"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.search.textChanged.connect(self._look_elsewhere)
        self.other_level = QPushButton()  # "'Centrum' is een wijk: ..." (hidden until the search finds one)
        self.other_level.setObjectName("otherLevel")
        self.other_level.setFlat(True)
        self.other_level.setStyleSheet("text-align: left; color: #1f5fa8; text-decoration: underline;")
        self.other_level.hide()
        self.other_level.clicked.connect(self._go_elsewhere)
        self._found: tuple | None = None
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        rows = self.view.verticalHeader()  # compact rows: more than five in view on a 768-pixel screen
        rows.setMinimumSectionSize(self.fontMetrics().height() + 4)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a source's long file name
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.search)
        lay.addWidget(self.other_level)
        lay.addWidget(self.view)
        self._echo = False

    def set_frame(self, frame, colours=None, plain: dict | None = None) -> None:
        """Show a result (``plain``: its cells, :func:`desktop.table_cells.cells`, when already computed)."""
        self._echo = True
        try:
            self.model.set_frame(frame, colours, plain)
            self._sort_and_fit("z" in self.model.frame)
        finally:
            self._echo = False

    def set_plain(self, plain: dict) -> None:
        """Show saved cells (:meth:`AreaTableModel.set_plain`), sorted as a result would be."""
        self._echo = True
        try:
            self.model.set_plain(plain)
            self._sort_and_fit(bool(plain.get("by_z")))
        finally:
            self._echo = False

    def _sort_and_fit(self, by_z: bool) -> None:
        for i in range(len(COLUMNS)):
            self.view.setColumnHidden(i, i in self.model.hidden)
        if by_z:
            self.view.sortByColumn(Z_COLUMN, Qt.SortOrder.DescendingOrder)
        else:  # the order the user chose stays (the model was reset in the frame's order)
            header = self.view.horizontalHeader()
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Column widths from the texts themselves: Qt's resizeColumnsToContents asked the model for every
        cell through Python (8,000 calls for 108 buurten, 70 ms of a frozen window)."""
        metrics, header = self.view.fontMetrics(), self.view.horizontalHeader()
        bold = header.fontMetrics()
        # beside several sources' columns the names keep a fixed width (stretched, they were squeezed to "...")
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive if self.model.extra
                                    else QHeaderView.ResizeMode.Stretch)
        if self.model.extra:
            names = sorted(self.model.column_texts(1), key=len)[-12:]
            self.view.setColumnWidth(1, min(max([metrics.horizontalAdvance(t) for t in names] + [60]) + 14, 170))
        for i in range(self.model.columnCount()):
            if i == 1 or self.view.isColumnHidden(i):
                continue  # the name column stretches
            texts = sorted(self.model.column_texts(i), key=len)[-12:]
            width = max([metrics.horizontalAdvance(t) for t in texts] + [0]) + 14
            header = str(self.model.headerData(i, Qt.Orientation.Horizontal))
            width = max(width, bold.horizontalAdvance(header) + 28)
            # a source's column (desktop.choice) at most 140 px: its numbers stay in view, its header in the tooltip
            self.view.setColumnWidth(i, width if i < len(COLUMNS) else min(width, 140))

    def selected_codes(self) -> list[str]:
        rows = self.view.selectionModel().selectedRows()
        return [self.proxy.data(r, CODE_ROLE) for r in rows]

    def select_codes(self, codes: list[str]) -> None:
        """Select rows without echoing ``selectionChanged`` (the caller already knows)."""
        sel = QItemSelection()
        for code in codes:
            row = self.model.row_of(code)
            if row is None:
                continue
            idx = self.proxy.mapFromSource(self.model.index(row, 0))
            if idx.isValid():
                sel.select(idx, idx.siblingAtColumn(len(COLUMNS) - 1))
        self._echo = True
        try:
            self.view.selectionModel().select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                              | QItemSelectionModel.SelectionFlag.Rows)
            if sel.indexes():
                self.view.scrollTo(sel.indexes()[0])
        finally:
            self._echo = False

    def _look_elsewhere(self, text: str) -> None:
        """Offer the area of this name on another level (so that "Centrum" is found, wijk or buurt)."""
        found = self.elsewhere(text) if text.strip() else []
        self._found = found[0] if found else None
        if self._found is not None:
            level, code, name = self._found
            self.other_level.setText(tr("level.found", name=name, level=tr(f"dev.level.{level}").lower(), code=code))
        self.other_level.setVisible(self._found is not None)

    def _go_elsewhere(self) -> None:
        if self._found is not None:
            level, code, _ = self._found
            self.search.clear()
            self.levelRequested.emit(level, code)

    def _on_selection(self, *_):
        if not self._echo:
            self.selectionChanged.emit(self.selected_codes())
