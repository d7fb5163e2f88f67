"""The table of areas as plain cells: texts, sort keys, tooltips and class colours (no Qt).

Computed once per result (:func:`cells`), so that painting and sorting never go back to
pandas cell by cell, a saved snapshot can carry them (:mod:`desktop.snapshot`), and the
controller can compare a rerun with the snapshot without a widget.
:class:`desktop.panels.area_table.AreaTableModel` only shows them.
"""
from __future__ import annotations

import math

from desktop.panels.table_columns import COLUMNS  # the table's columns, declared Qt-free
from desktop.strings import number, tr


#: The z column, by which a Gi* result is sorted when it arrives.
Z_COLUMN = [c[0] for c in COLUMNS].index("z")


def z_tooltip(z: float) -> str:
    """The plain-Dutch meaning of a Gi* z-score for one area."""
    if z is None or (isinstance(z, float) and math.isnan(z)):
        return ""
    key = "tip.z_area_hot" if z >= 1.645 else "tip.z_area_cold" if z <= -1.645 else "tip.z_area_ns"
    return tr(key, z=number(z, 1))


def class_keys(frame) -> list:
    """The class of each row as the colour table knows it: Gi* class numbers, or LISA quadrants."""
    import pandas as pd

    if "gi_class" in frame:
        return [None if pd.isna(v) else int(v) for v in frame["gi_class"].tolist()]
    if "quadrant" in frame:
        return [v if isinstance(v, str) else "" for v in frame["quadrant"].tolist()]
    return [None] * len(frame)


def class_texts(frame) -> list[str]:
    """The class as the map's legend says it: "Hot spot 99%", "Hoog-hoog (cluster)"."""
    labels = next((frame[c] for c in ("gi_label", "quadrant_label", "quadrant") if c in frame), None)
    return [v if isinstance(v, str) else "" for v in labels] if labels is not None else [""] * len(frame)


def hidden_columns(frame) -> list[int]:
    """The columns that do not apply to this result (absent or empty): no z for local Moran's I or a heat
    surface, no class without a test, no inhabitants for cells, nothing but code and name for areas alone."""
    import pandas as pd

    hidden = []
    for i, (col, _, _, _) in enumerate(COLUMNS):
        if col == "class":
            present = any(c in frame for c in ("gi_label", "quadrant_label", "quadrant"))
        else:
            present = col in frame and bool(pd.notna(frame[col]).any())
        if not present and col not in ("code", "name"):
            hidden.append(i)
    return hidden


def class_colours() -> dict:
    """The table's class colours: the map's Gi* classes and LISA quadrants."""
    from hotspots.where.getis_ord import CLASS_COLOURS
    from mapping.styles import LISA_COLOURS

    return {**CLASS_COLOURS, **LISA_COLOURS}


def cells(frame, colours: dict | None = None) -> dict:
    """The cells of a result frame (one row per area or cell), as plain JSON.

    ``text`` and ``key`` per column of :data:`COLUMNS`, ``tips`` (the z tooltip per row),
    ``colours`` (the class colour per row, ``#rrggbb`` or None), ``by_z`` (sort by z) and ``hidden``
    (the columns that do not apply, :func:`hidden_columns`).
    """
    import pandas as pd

    colours = dict(colours or {})
    frame = frame.reset_index(drop=True)
    n = len(frame)
    text, key = [], []
    for col, _, _, decimals in COLUMNS:
        if col == "class":
            values = class_texts(frame)
        else:
            values = frame[col].tolist() if col in frame else [None] * n
        missing = pd.isna(pd.Series(values, dtype=object)).tolist() if n else []
        if decimals is None:  # text columns sort by their text
            texts = ["" if m else str(v) for v, m in zip(values, missing)]
            text.append(texts)
            key.append(texts)
        else:
            text.append(["" if m else number(float(v), decimals) for v, m in zip(values, missing)])
            key.append([None if m else float(v) for v, m in zip(values, missing)])
    z = frame["z"].tolist() if "z" in frame else [None] * n
    out = {"text": text, "key": key, "tips": [z_tooltip(v) for v in z],
           "colours": [colours.get(k) for k in class_keys(frame)], "by_z": "z" in frame,
           "hidden": hidden_columns(frame)}
    extra = extra_columns(frame)
    if extra:
        out["extra"] = extra
    return out


def extra_columns(frame) -> dict | None:
    """The side-by-side columns of several sources (:mod:`desktop.choice`: ``"<series>: aantal"`` and
    ``"<series>: klasse"``) as ``{"headers", "text", "key"}``; None when there are none."""
    import pandas as pd

    from desktop.choice import SIDE_CLASS, SIDE_COUNT

    cols = [c for c in frame.columns if isinstance(c, str) and c.endswith((SIDE_COUNT, SIDE_CLASS))]
    if not cols:
        return None
    headers, text, key = [], [], []
    for col in cols:
        values = frame[col].tolist()
        missing = pd.isna(pd.Series(values, dtype=object)).tolist()
        headers.append(col[:-len(SIDE_COUNT)] if col.endswith(SIDE_COUNT) else col.replace(SIDE_CLASS, " (klasse)"))
        if col.endswith(SIDE_COUNT):
            text.append(["" if m else number(float(v), 0) for v, m in zip(values, missing)])
            key.append([None if m else float(v) for v, m in zip(values, missing)])
        else:
            text.append(["" if m else str(v) for v, m in zip(values, missing)])
            key.append([None if m else str(v) for v, m in zip(values, missing)])
    return {"headers": headers, "text": text, "key": key}
