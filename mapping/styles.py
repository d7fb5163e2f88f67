"""Colours and Dutch labels of the classes on the maps.

The Gi* classes (ArcGIS-familiar hot/cold colours) and the LISA quadrants (GeoDa's scheme)
are owned by the hotspot engine (:mod:`hotspots.where.getis_ord`, :mod:`hotspots.where.moran`), so a
map, an export and the engine's own ``gi_label``/``quadrant_label`` columns always agree;
this module adds the legend order (:func:`gi_legend`) and the outline colours.
"""
from __future__ import annotations

from hotspots.where.getis_ord import CLASS_COLOURS as GI_COLOURS
from hotspots.where.getis_ord import CLASS_LABELS as GI_LABELS
from hotspots.where.moran import QUADRANT_COLOURS as LISA_COLOURS
from hotspots.where.moran import QUADRANT_LABELS as LISA_LABELS
from hotspots.where.moran import QUADRANT_ORDER as LISA_ORDER

__all__ = ["GI_COLOURS", "GI_LABELS", "GI_ORDER", "LISA_COLOURS", "LISA_LABELS", "LISA_ORDER", "OUTLINE_BUURT",
           "OUTLINE_WIJK", "OUTLINE_GEMEENTE", "POINT_COLOUR", "PLAIN_FILL", "gi_legend"]

#: Legend order: hottest first.
GI_ORDER = (3, 2, 1, 0, -1, -2, -3)

OUTLINE_BUURT = "#777777"
OUTLINE_WIJK = "#222222"
OUTLINE_GEMEENTE = "#000000"
POINT_COLOUR = "#6a3d9a"
PLAIN_FILL = "#dfe7ef"  # areas without figures yet


def gi_legend(classes) -> list[tuple[str, str]]:
    """``(colour, label)`` per Gi* class in legend order: the classes in ``classes`` (a numeric Series, missing
    values ignored) and always "not significant" (class 0)."""
    present = {int(c) for c in classes.dropna()}
    return [(GI_COLOURS[c], GI_LABELS[c]) for c in GI_ORDER if c in present or c == 0]
