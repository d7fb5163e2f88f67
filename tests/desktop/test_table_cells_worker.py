"""The table's cells are made in the worker with the analysis (desktop.tasks.analyse), as the window made them."""
from __future__ import annotations

from desktop import table_cells, tasks


def test_analysis_carries_the_cells_the_window_would_make():
    from desktop.table_cells import class_colours

    p = tasks.load_demo()
    got = tasks.analyse(p.areas, incidents=p.incidents)
    assert got.cells is not None
    assert got.cells == table_cells.cells(got.result.areas, class_colours())
