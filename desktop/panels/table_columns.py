"""The columns of the window's area table (:mod:`desktop.panels.area_table`), Qt-free.

:mod:`desktop.snapshot` checks a saved table against them; it is imported by the worker's Qt-free
tasks (:mod:`desktop.tasks`), so it may not import the table itself, which imports Qt.
"""

#: (column in the result frame, header key, tooltip key, decimals; None for text)
COLUMNS = [("code", "col.code", None, None), ("name", "col.name", None, None),
           ("count", "col.count", "tip.count", 0), ("population", "col.population", None, 0),
           ("rate", "col.rate", "tip.rate", 1), ("z", "col.z", "tip.z", 2),
           ("p_fdr", "col.p", "tip.p", 3), ("class", "col.class", "tip.class", None)]
