"""Colours and Dutch labels of the classes on the maps.

Gi* classes use the ArcGIS-familiar hot/cold colours, owned by
``hotspots.getis_ord`` (``CLASS_COLOURS``, ``CLASS_LABELS``). Until that module
exists this file holds a fallback with the same values (INTERFACES.md), so the
maps look the same either way. LISA quadrants use GeoDa's colours (Anselin's
convention: High-High red, Low-Low blue, the outliers in light tones).
"""
from __future__ import annotations

try:  # the single source of truth, when the hotspot engine has it
    from hotspots.getis_ord import CLASS_COLOURS as _GI_COLOURS
    from hotspots.getis_ord import CLASS_LABELS as _GI_LABELS
except ImportError:  # pragma: no cover - depends on the order in which parts land
    _GI_COLOURS = None
    _GI_LABELS = None

FALLBACK_GI_COLOURS = {3: "#d62f27", 2: "#ed7551", 1: "#fab984", 0: "#f7f7f7",
                       -1: "#c0ccbe", -2: "#849eba", -3: "#4575b5"}
FALLBACK_GI_LABELS = {3: "Hot spot 99%", 2: "Hot spot 95%", 1: "Hot spot 90%", 0: "Niet significant",
                      -1: "Cold spot 90%", -2: "Cold spot 95%", -3: "Cold spot 99%"}

GI_COLOURS: dict[int, str] = dict(_GI_COLOURS or FALLBACK_GI_COLOURS)
GI_LABELS: dict[int, str] = dict(_GI_LABELS or FALLBACK_GI_LABELS)
#: Legend order: hottest first.
GI_ORDER = (3, 2, 1, 0, -1, -2, -3)

LISA_ORDER = ("HH", "HL", "LH", "LL", "ns")
LISA_COLOURS = {"HH": "#e31a1c", "HL": "#fb9a99", "LH": "#a6cee3", "LL": "#1f78b4", "ns": "#eeeeee"}
LISA_LABELS = {"HH": "Hoog-hoog (cluster)", "HL": "Hoog-laag (uitschieter)", "LH": "Laag-hoog (uitschieter)",
               "LL": "Laag-laag (cluster)", "ns": "Niet significant"}

OUTLINE_BUURT = "#777777"
OUTLINE_WIJK = "#222222"
OUTLINE_GEMEENTE = "#000000"
POINT_COLOUR = "#6a3d9a"
