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
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from desktop.panels.table_columns import COLUMNS  # declared Qt-free: the snapshot checks a saved table
from desktop.strings import number, tr

if TYPE_CHECKING:  # pandas is imported where used: the window builds this table before it shows
    import pandas as pd

#: The z column, by which a Gi* result is sorted when it arrives.
Z_COLUMN = [c[0] for c in COLUMNS].index("z")

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2


def z_tooltip(z: float) -> str:
    """The plain-Dutch meaning of a Gi* z-score for one area."""
    if z is None or (isinstance(z, float) and math.isnan(z)):
        return ""
    key = "tip.z_area_hot" if z >= 1.645 else "tip.z_area_cold" if z <= -1.645 else "tip.z_area_ns"
    return tr(key, z=number(z, 1))


class AreaTableModel(QAbstractTableModel):
    """Rows of the analysis result (one per area); numbers sort as numbers.

    Every cell's text, sort key and tooltip is computed once in :meth:`set_frame`
    (plain lists), so that painting and sorting never go back to pandas cell by
    cell: that kept the GUI thread busy for most of a second on a result.
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

    @property
    def frame(self) -> pd.DataFrame:
        if self._frame is None:
            import pandas as pd

            self._frame = pd.DataFrame()
        return self._frame

    @frame.setter
    def frame(self, value: pd.DataFrame) -> None:
        self._frame = value

    def set_frame(self, frame: pd.DataFrame | None, colours: dict | None = None) -> None:
        import pandas as pd

        self.beginResetModel()
        self.frame = pd.DataFrame(frame.drop(columns="geometry", errors="ignore")) if frame is not None \
            else pd.DataFrame()
        self.frame = self.frame.reset_index(drop=True)
        labels = next((self.frame[c] for c in ("gi_label", "quadrant") if c in self.frame), None)
        self.frame["class"] = [v if isinstance(v, str) else "" for v in labels] if labels is not None else ""
        self.colours = dict(colours or {})
        n = len(self.frame)
        self._text, self._key = [], []
        for col, _, _, decimals in COLUMNS:
            values = self.frame[col].tolist() if col in self.frame else [None] * n
            missing = pd.isna(pd.Series(values, dtype=object)).tolist() if n else []
            if decimals is None:  # text columns sort by their text
                texts = ["" if m else str(v) for v, m in zip(values, missing)]
                self._text.append(texts)
                self._key.append(texts)
            else:
                self._text.append(["" if m else number(float(v), decimals) for v, m in zip(values, missing)])
                self._key.append([-math.inf if m else float(v) for v, m in zip(values, missing)])
        self._codes = self._text[0]
        self._rows = {code: i for i, code in enumerate(self._codes)}
        z = self.frame["z"].tolist() if "z" in self.frame else [None] * n
        self._tips = [z_tooltip(v) for v in z]
        if "gi_class" in self.frame:
            k = [None if pd.isna(v) else int(v) for v in self.frame["gi_class"].tolist()]
        else:  # LISA: quadrant names ("HH", ...) are the keys
            k = self.frame["class"].tolist()
        self._brush = [QColor(self.colours[v]) if v in self.colours else None for v in k]
        self.endResetModel()

    def plain(self) -> dict:
        """The cells as plain JSON (:mod:`desktop.snapshot`): texts, sort keys, tooltips, class colours."""
        return {"text": self._text, "key": [[None if k == -math.inf else k for k in col] for col in self._key],
                "tips": self._tips, "colours": [b.name() if b is not None else None for b in self._brush],
                "by_z": self._frame is not None and "z" in self._frame}

    def set_plain(self, plain: dict) -> None:
        """Show cells saved by :meth:`plain` (no pandas: the window shows them before it is imported).

        :attr:`frame` stays empty until the analysis result itself arrives through :meth:`set_frame`.
        """
        self.beginResetModel()
        self._frame = None
        self._text = [list(col) for col in plain["text"]]
        self._key = [[-math.inf if k is None else k for k in col] for col in plain["key"]]
        self._tips = list(plain["tips"])
        self._brush = [QColor(c) if c else None for c in plain["colours"]]
        self._codes = self._text[0] if self._text else []
        self._rows = {code: i for i, code in enumerate(self._codes)}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._codes)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        col, key, tip, _ = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(key)
        if role == Qt.ItemDataRole.ToolTipRole and tip:
            return tr(tip)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        col, _, _, decimals = COLUMNS[c]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text[c][r]
        if role == SORT_ROLE:
            return self._key[c][r]
        if role == CODE_ROLE:
            return self._codes[r]
        if role == Qt.ItemDataRole.TextAlignmentRole and decimals is not None:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col in ("z", "class"):
            return self._tips[r]
        if role == Qt.ItemDataRole.BackgroundRole and col == "class":
            return self._brush[r]
        return None

    def row_of(self, code: str) -> int | None:
        return self._rows.get(str(code))

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows by ``column`` (numbers as numbers, missing last when descending; stable, as Qt's)."""
        import numpy as np

        keys = self._key[column] if 0 <= column < len(self._key) else []
        if len(keys) < 2:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if COLUMNS[column][3] is None:  # text
            new = sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)
        else:
            k = np.asarray(keys, dtype=float)
            new = np.argsort(-k if descending else k, kind="stable").tolist()
        self.layoutAboutToBeChanged.emit()
        position = [0] * len(new)
        for to, frm in enumerate(new):
            position[frm] = to
        self._text = [[col[i] for i in new] for col in self._text]
        self._key = [[col[i] for i in new] for col in self._key]
        self._tips = [self._tips[i] for i in new] if len(self._tips) == len(new) else self._tips
        self._brush = [self._brush[i] for i in new] if len(self._brush) == len(new) else self._brush
        self._codes = self._text[0]
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

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = AreaTableModel(self)
        self.proxy = _FilterOnly(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("table.filter"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # column widths from the first 200 rows (Qt's default 1000 asks Python for about 64,000 cell roles)
        self.view.horizontalHeader().setResizeContentsPrecision(200)
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.search)
        lay.addWidget(self.view)
        self._echo = False

    def set_frame(self, frame, colours=None) -> None:
        self._echo = True
        try:
            self.model.set_frame(frame, colours)
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
        if by_z:
            self.view.sortByColumn(Z_COLUMN, Qt.SortOrder.DescendingOrder)
        else:  # the order the user chose stays (the model was reset in the frame's order)
            header = self.view.horizontalHeader()
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.view.resizeColumnsToContents()

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

    def _on_selection(self, *_):
        if not self._echo:
            self.selectionChanged.emit(self.selected_codes())
