"""The sortable table of areas: count, rate, z and class (QAbstractTableModel + QSortFilterProxyModel)."""
from __future__ import annotations

import math

import pandas as pd
from PySide6.QtCore import (QAbstractTableModel, QItemSelection, QItemSelectionModel, QModelIndex,
                            QSortFilterProxyModel, Qt, Signal)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from desktop.strings import number, tr

#: (column in the result frame, header key, tooltip key, decimals; None for text)
COLUMNS = [("code", "col.code", None, None), ("name", "col.name", None, None),
           ("count", "col.count", "tip.count", 0), ("population", "col.population", None, 0),
           ("rate", "col.rate", "tip.rate", 1), ("z", "col.z", "tip.z", 2),
           ("p_fdr", "col.p", "tip.p", 3), ("class", "col.class", "tip.class", None)]

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2


def class_text(row) -> str:
    for col in ("gi_label", "quadrant"):
        if col in row and isinstance(row[col], str):
            return row[col]
    return ""


def z_tooltip(z: float) -> str:
    """The plain-Dutch meaning of a Gi* z-score for one area."""
    if z is None or (isinstance(z, float) and math.isnan(z)):
        return ""
    key = "tip.z_area_hot" if z >= 1.645 else "tip.z_area_cold" if z <= -1.645 else "tip.z_area_ns"
    return tr(key, z=number(z, 1))


class AreaTableModel(QAbstractTableModel):
    """Rows of the analysis result (one per area); numbers sort as numbers."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.frame = pd.DataFrame()
        self.colours: dict[int, str] = {}

    def set_frame(self, frame: pd.DataFrame | None, colours: dict | None = None) -> None:
        self.beginResetModel()
        self.frame = pd.DataFrame(frame.drop(columns="geometry", errors="ignore")) if frame is not None \
            else pd.DataFrame()
        self.frame = self.frame.reset_index(drop=True)
        self.frame["class"] = [class_text(r) for _, r in self.frame.iterrows()]
        self.colours = dict(colours or {})
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.frame)

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

    def _value(self, row: int, col: str):
        if col not in self.frame.columns:
            return None
        v = self.frame.at[row, col]
        try:
            if pd.isna(v):
                return None
        except (TypeError, ValueError):
            pass
        return v

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        col, _, _, decimals = COLUMNS[index.column()]
        v = self._value(index.row(), col)
        if role == Qt.ItemDataRole.DisplayRole:
            if v is None:
                return ""
            return str(v) if decimals is None else number(float(v), decimals)
        if role == SORT_ROLE:
            if decimals is None:
                return "" if v is None else str(v)
            return -math.inf if v is None else float(v)
        if role == CODE_ROLE:
            return str(self._value(index.row(), "code"))
        if role == Qt.ItemDataRole.TextAlignmentRole and decimals is not None:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col in ("z", "class"):
            return z_tooltip(self._value(index.row(), "z"))
        if role == Qt.ItemDataRole.BackgroundRole and col == "class":
            k = self._value(index.row(), "gi_class")
            if k is not None and int(k) in self.colours:
                return QColor(self.colours[int(k)])
        return None

    def row_of(self, code: str) -> int | None:
        if "code" not in self.frame:
            return None
        hits = self.frame.index[self.frame["code"].astype(str) == code]
        return int(hits[0]) if len(hits) else None


class AreaTable(QWidget):
    """Table panel; emits ``selectionChanged(list[str])`` with the codes the user selected."""

    selectionChanged = Signal(list)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = AreaTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
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
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
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
            if "z" in self.model.frame:
                self.view.sortByColumn(5, Qt.SortOrder.DescendingOrder)
        finally:
            self._echo = False

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
