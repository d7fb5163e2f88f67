"""The web maps of the space-time analyses in the window (issue 15).

Emerging hot spots: each area or cell in the colour of its category. The colours, Dutch labels and
ArcGIS names are the core's (:mod:`hotspots.spacetime.patterns`); the legend lists the categories
present with the number of locations in each. The tooltip shows the code, the name, the category and
the number of months the location was a significant hot (or cold) spot: no count of incidents.

Stable hot spots: the ground hot at 1..S scales in the core's colours
(:data:`hotspots.spacetime.stable.SCALE_COLOURS`), and per area the number of scales that call it hot
(a second layer). The ground is made of 50 m places: it belongs on the officer's own screen, not in an
export or the report.
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
    notes = [meta.sentence(str(w)) for w in result.warnings] + [
        "ArcGIS: " + "; ".join(names) + "." if names else "Geen patronen.", "Noorden is boven."]
    return layered_map(display, {"title": meta.title, "period": meta.period, "source": meta.source,
                                 "method": "Gi* per maand op buren in ruimte en tijd, Mann-Kendall-trend, "
                                           "categorieën van ArcGIS", "notes": notes,
                                 "layers": layers, "legend": blocks})


def scale_colours(n_scales: int) -> list[str]:
    """The colour of 0..S scales: light grey for none, then the core's colours from one scale to all."""
    from hotspots.spacetime.stable import SCALE_COLOURS

    return ["#f7f7f7"] + [SCALE_COLOURS[round((k - 1) * (len(SCALE_COLOURS) - 1) / max(n_scales - 1, 1))]
                          for k in range(1, n_scales + 1)]


def stable_map(result, *, boundaries=None, meta: ReportMeta | None = None, tolerance_m: float = DEFAULT_TOLERANCE_M):
    """The offline web map of stable hot spots: the ground by number of scales, and the areas (hidden at first)."""
    from mapping.webmap import _boundary_layers, area_names, layered_map

    meta = ReportMeta.of(meta, default_title="Stabiele hot spots")
    n = len(result.scales)
    colours = scale_colours(n)
    ground = result.map
    layers, blocks = [], []
    if len(ground):
        g_display = wgs84_rounded(ground)
        props = [{"k": int(k) - 1, "a": round(float(a), 2)} for k, a in zip(ground["n_hot"], ground["area_km2"])]
        layers.append(area_spec("stabiel", "Stabiele hot spots (plekken)", g_display, props, colours[1:],
                                [f"hot op {k} van de {n} schalen" for k in range(1, n + 1)],
                                [{"key": "k", "label": "Hot op", "kind": "class"},
                                 {"key": "a", "label": "Oppervlakte (km²)", "kind": "num"}], fill_opacity=0.8))
        blocks.append({"title": "Stabiele hot spots", "layer": "stabiel", "note": meta.sentence(str(result.caption)),
                       "items": [{"colour": colours[k], "label": f"hot op {k} van de {n} schalen"}
                                 for k in range(n, 0, -1) if (ground["n_hot"] == k).any()]})
    areas = simplified(result.areas, tolerance_m)
    display = wgs84_rounded(areas)
    props = [{"c": str(c), "n": str(nm), "k": int(k), "h": str(at)} for c, nm, k, at in
             zip(areas["code"], areas["name"], areas["scales_hot"], areas["hot_at"])]
    spec = area_spec("stabiel_gebieden", "Per gebied: aantal schalen", display, props, colours,
                     [f"{k} van de {n} schalen" for k in range(n + 1)],
                     [FIELD_CODE, FIELD_NAME, {"key": "k", "label": "Hot op", "kind": "class"},
                      {"key": "h", "label": "Hot als"}], show=not len(ground))
    spec["names"] = area_names(areas)
    layers.append(spec)
    blocks.append({"title": "Per gebied", "layer": spec["id"],
                   "items": [{"colour": colours[k], "label": f"{k} van de {n} schalen"} for k in range(n, -1, -1)]})
    specs, items = _boundary_layers(areas, boundaries, tolerance_m)
    layers += specs
    blocks.append({"title": "Grenzen", "items": items})
    return layered_map(display, {"title": meta.title, "period": meta.period, "source": meta.source,
                                 "method": f"Gi* op {n} schalen over elkaar gelegd", "notes":
                                     [meta.sentence(str(t)) for t in (*result.warnings, result.caption)]
                                     + ["Noorden is boven."],
                                 "layers": layers, "legend": blocks})


def chains_map(result, areas=None, *, boundaries=None, meta: ReportMeta | None = None,
               tolerance_m: float = DEFAULT_TOLERANCE_M):
    """The offline web map of the near-repeat chains ("reeksen") of a :class:`hotspots.spacetime.nearrepeat`
    result: each chain a line through its incidents in time order (a small circle where they share one place),
    over the areas' outlines. Lines through incident locations are point-level data: a map for the officer's own
    use, written only when asked for (``wijkbeeld nearrepeat --kaart``), never in the report."""
    import geopandas as gpd

    from mapping.layers import outline_layer
    from mapping.webmap import _boundary_layers, layered_map

    meta = ReportMeta.of(meta, default_title="Reeksen van bijna-herhaling")
    chains = result.chains
    geoms = [g.buffer(15.0) if g.geom_type == "Point" else g for g in chains.geometry]
    lines = gpd.GeoDataFrame({"chain": chains["chain"].to_numpy()}, geometry=geoms, crs=chains.crs)
    base = simplified(areas, tolerance_m) if areas is not None and len(areas) else None
    display = wgs84_rounded(base if base is not None else lines)
    layers, blocks = [], []
    if base is not None:  # the areas' outlines (the legend's "Buurtgrenzen"), then the wijken with their names
        spec, _ = outline_layer("gebieden", "Buurtgrenzen", display, colour="#777777", weight=1)
        specs, items = _boundary_layers(base, boundaries, tolerance_m)
        layers += [spec, *specs]
        blocks.append({"title": "Grenzen", "items": items})
    spec, item = outline_layer("reeksen", f"Reeksen ({len(lines)})", wgs84_rounded(lines), colour="#d7301f", weight=3)
    layers.append(spec)
    said = meta.sentence(next((s for s in result.sentences if "reeks" in s.lower()), ""))  # the core's sentence
    blocks.append({"title": "Reeksen", "layer": "reeksen", "items": [item], "note": said})
    notes = ["Elke lijn loopt door de incidenten van één reeks, in de volgorde van de tijd; een cirkel: één plek.",
             "Lijnen door incidentlocaties zijn gegevens op puntniveau: alleen voor eigen gebruik.", "Noorden is boven."]
    return layered_map(display, {"title": meta.title, "period": meta.period, "source": meta.source,
                                 "method": "Knox-toets; reeksen van incidenten dicht bij elkaar in ruimte en tijd",
                                 "notes": notes, "layers": layers, "legend": blocks})
