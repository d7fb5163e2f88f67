"""The area table sorts in its model (one numpy argsort), not through the proxy: the same order as before, the
selection follows the rows, and a national result (14,500 rows) sorts without asking Python per comparison."""
from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import Qt

from desktop.panels.area_table import Z_COLUMN, AreaTable


def _frame(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 2, n)
    z[::7] = np.nan
    return pd.DataFrame({"code": [f"BU{i:08d}" for i in range(n)], "name": [f"Buurt {rng.integers(0, 50)}" for _ in range(n)],
                         "count": rng.poisson(5, n), "z": z, "p_fdr": rng.uniform(0, 1, n),
                         "gi_class": np.clip(np.nan_to_num(np.round(z)), -3, 3).astype(int),
                         "gi_label": "Niet significant"})


def _column(table, col: int) -> list:
    proxy = table.proxy
    return [proxy.data(proxy.index(r, col), Qt.ItemDataRole.DisplayRole) for r in range(proxy.rowCount())]


def test_rows_sort_by_number_and_text_and_the_selection_follows(qtbot):
    table = AreaTable()
    qtbot.addWidget(table)
    frame = _frame(300)
    table.set_frame(frame, {})
    codes = _column(table, 0)
    expected = frame.assign(k=frame["z"].fillna(-np.inf)).sort_values("k", ascending=False, kind="stable")["code"]
    assert codes == expected.tolist()  # by z, highest first, missing last (as the proxy sorted)
    table.select_codes(["BU00000005", "BU00000200"])
    table.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # by name: text, stable
    names = _column(table, 1)
    assert names == sorted(names)
    assert sorted(table.selected_codes()) == ["BU00000005", "BU00000200"]
    table.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # count: as numbers
    counts = [int(v) for v in _column(table, 2)]
    assert counts == sorted(counts, reverse=True)
    table.search.setText("Buurt 7")  # the search box still filters
    assert set(_column(table, 1)) <= {"Buurt 7"} | {f"Buurt 7{i}" for i in range(10)}


def test_a_national_result_sorts_in_the_model(qtbot, monkeypatch):
    table = AreaTable()
    qtbot.addWidget(table)
    calls = {"n": 0}
    real = table.model.data

    def counting(index, role=Qt.ItemDataRole.DisplayRole):
        calls["n"] += 1
        return real(index, role)

    monkeypatch.setattr(table.model, "data", counting)
    table.set_frame(_frame(14_500), {})
    table.view.sortByColumn(Z_COLUMN, Qt.SortOrder.AscendingOrder)
    assert calls["n"] < 20_000  # a proxy sort asks about 2 x 14,500 x log2(14,500) = 400,000 cells
