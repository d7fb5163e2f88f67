"""The web map of emerging hot spots (issue 15): each area or cell in the colour of its category.

The colours, Dutch labels and ArcGIS names are the core's (:mod:`hotspots.spacetime.patterns`); the
legend lists the categories present with the number of locations in each. The tooltip shows the
code, the name, the category and the number of months the location was a significant hot (or cold)
spot: no count of incidents, so no small count can leak through this map.
"""
from __future__ import annotations

from hotspots.spacetime.cube import month_name
from hotspots.spacetime.patterns import ARCGIS, CATEGORIES, COLOURS, LABELS
from mapping.layers import FIELD_CODE, FIELD_NAME, area_spec
from mapping.meta import ReportMeta
from mapping.simplify import DEFAULT_TOLERANCE_M, simplified, wgs84_rounded


def emerging_layer(result, display, *, show: bool = True):
    """The ``areas`` layer spec of an :class:`hotspots.spacetime.emerging.EmergingResult` and its legend block."""
    loc = result.locations
    order = list(CATEGORIES)
    props = []
    for code, name, cat, hot, cold in zip(loc["code"].astype(str), loc["name"], loc["category"],
                                          loc["hot_steps"], loc["cold_steps"]):
        props.append({"c": code, "n": None if name is None else str(name), "k": order.index(cat),
                      "h": int(hot), "o": int(cold)})
    fields = [FIELD_CODE, FIELD_NAME, {"key": "k", "label": "Categorie", "kind": "class"},
              {"key": "h", "label": "Maanden hot spot", "kind": "int"},
              {"key": "o", "label": "Maanden cold spot", "kind": "int"}]
    spec = area_spec("emerging", "Opkomende hot spots", display, props, [COLOURS[c] for c in order],
                     [LABELS[c] for c in order], fields, show=show, fill_opacity=0.8)
    present = [c for c in order if result.summary.get(c)]
    legend = {"title": "Opkomende hot spots",
              "note": f"{month_name(result.months[0])} t/m {month_name(result.months[-1])}; de categorie hangt af van "
                      "de laatste maand.",
              "items": [{"colour": COLOURS[c], "label": f"{LABELS[c]} ({result.summary[c]})"} for c in present]}
    return spec, legend


def emerging_map(result, *, boundaries=None, meta: ReportMeta | None = None,
                 tolerance_m: float = DEFAULT_TOLERANCE_M):
    """The offline web map of the emerging hot spots, with the wijk outlines and names of ``boundaries``."""
    from mapping.webmap import _boundary_layers, area_names, layered_map

    meta = ReportMeta.of(meta, default_title="Opkomende hot spots")
    loc = simplified(result.locations, tolerance_m)
    display = wgs84_rounded(loc)
    spec, legend = emerging_layer(result, display)
    spec["names"] = area_names(loc)
    layers, blocks = [spec], [dict(legend, layer=spec["id"])]
    specs, items = _boundary_layers(loc, boundaries, tolerance_m)
    layers += specs
    blocks.append({"title": "Grenzen", "items": items})
    names = [f"{LABELS[c]} = {ARCGIS[c]}" for c in CATEGORIES if result.summary.get(c) and c != "none"]
    notes = list(result.warnings) + ["ArcGIS: " + "; ".join(names) + "." if names else "Geen patronen.",
                                     "Noorden is boven."]
    return layered_map(display, {"title": meta.title, "period": meta.period, "source": meta.source,
                                 "method": "Gi* per maand op buren in ruimte en tijd, Mann-Kendall-trend, "
                                           "categorieën van ArcGIS", "notes": notes,
                                 "layers": layers, "legend": blocks})


def category_counts(result) -> dict:
    """Locations per category, in legend order (only the categories present)."""
    return {c: int(result.summary[c]) for c in CATEGORIES if result.summary.get(c)}
