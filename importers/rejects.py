"""Rejections built from boolean masks, for the readers of tables (incidents, police counts).

A reader checks a whole column at once and hands the rows that fail to a
:class:`Rejects`; each row is rejected once, for the first reason found, and
the rejections go into the :class:`~importers.report.ImportReport` in one go.

>>> import numpy as np
>>> from importers.report import ImportReport
>>> rej = Rejects(np.array([2, 3, 4]))
>>> rej.add([False, True, True], "x", np.array(["1", "", "a"], dtype=object), "x ontbreekt")
>>> rej.add([False, False, True], "y", None, "y ontbreekt")  # row 4 was rejected already
>>> report = ImportReport(path="a.csv")
>>> rej.into(report)
>>> [(r.row, r.column, r.value, r.reason) for r in report.rejections]
[(3, 'x', '', 'x ontbreekt'), (4, 'x', 'a', 'x ontbreekt')]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from importers.bytescols import texts
from importers.report import ImportReport, Rejection

__all__ = ["Rejects", "plain"]


def plain(value):
    """None for a missing value (NaN, NA, NaT), else the value itself.

    >>> plain(float("nan")), plain(pd.NaT), plain("x")
    (None, None, 'x')
    """
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):
        return value


class Rejects:
    """Collects rejections from boolean masks; each row is rejected once, for its first reason.

    Parameters
    ----------
    rows : ndarray of int
        The row of each record as a spreadsheet shows it (header = 1).
    missing_as_none : bool
        Report a missing value (NaN, NA, NaT) as None (the incidents' report), or as read
        (the police counts' report keeps NaN for an empty cell).
    """

    def __init__(self, rows: np.ndarray, *, missing_as_none: bool = True):
        self.rows = np.asarray(rows)
        self.taken = np.zeros(len(self.rows), dtype=bool)
        self.missing_as_none = missing_as_none
        self.items: list[tuple[np.ndarray, str | None, np.ndarray, str]] = []

    def add(self, mask, column: str | None, values, reason: str) -> None:
        """Reject the rows of ``mask`` not rejected before; ``values`` (array or Series, or None) per record.

        A Series is turned into values (``to_numpy(dtype=object)``) only when a row is rejected.
        """
        mask = np.asarray(mask, dtype=bool) & ~self.taken
        if not mask.any():
            return
        idx = np.flatnonzero(mask)
        if values is None:
            vals = np.full(len(idx), None)
        elif isinstance(values, pd.Series) and values.dtype.kind == "S":  # read as bytes (importers.bytescols)
            vals = texts(values.to_numpy()[idx])
        elif isinstance(values, pd.Series):
            vals = values.to_numpy(dtype=object)[idx]
        else:
            vals = np.asarray(values, dtype=object)[idx]
        self.items.append((self.rows[idx], column, vals, reason))
        self.taken |= mask

    def into(self, report: ImportReport) -> None:
        """Append the rejections to the report (the caller sorts the report's list once, by row)."""
        convert = plain if self.missing_as_none else (lambda v: v)
        for rows, column, vals, reason in self.items:
            report.rejections.extend(Rejection(int(r), column, convert(v), reason)
                                     for r, v in zip(rows.tolist(), vals.tolist()))
