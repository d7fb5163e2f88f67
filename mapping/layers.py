"""Map layers as plain specifications for ``resources/web/wijkbeeld.js``.

Each function returns ``(spec, legend_block)``: ``spec`` is a dict the script
draws (kind ``areas``, ``outline``, ``points``, ``image`` or ``tiles``) and the
legend block a dict with a Dutch title, items and an optional note. Geometry
arrives as GeoJSON text (:class:`RawJSON`, from :mod:`mapping.simplify`).
Feature properties use short keys to keep national maps small:
``c`` code, ``n`` name, ``v`` count (or ``"<5"``), ``r`` rate per 1,000,
``z`` z-score, ``p`` p-value after FDR, ``k`` class index into ``colours``.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from kernel.nl import number
from kernel.schema import WGS84

from mapping import styles
from mapping.classify import MISSING_COLOUR, classify
from mapping.disclosure import PrivacyRules
from mapping.simplify import feature_collection, geometry_key


class RawJSON(str):
    """JSON text that :func:`mapping.webmap.script_json` embeds as it is."""


class FeatureJSON(RawJSON):
    """A layer's GeoJSON text with what a page needs to show another map of the same shapes without them:
    ``geometry_key`` (:func:`mapping.simplify.geometry_key`) and ``properties`` (those of each feature drawn)."""

    geometry_key: str
    properties: list


def features(display, props: list[dict]) -> FeatureJSON:
    """The GeoJSON of ``display`` (WGS84) with ``props[i]`` for row ``i`` (rows without geometry are left out)."""
    text = FeatureJSON(feature_collection(display, props))
    text.geometry_key = geometry_key(display)
    drawn = [g is not None for g in np.asarray(display.geometry.values, dtype=object)]
    text.properties = [p for p, d in zip(props, drawn) if d]
    return text


FIELD_CODE = {"key": "c", "label": "Code"}
FIELD_NAME = {"key": "n", "label": "Naam"}
FIELD_COUNT = {"key": "v", "label": "Aantal", "kind": "int"}
FIELD_RATE = {"key": "r", "label": "Per 1.000 inwoners", "kind": "num"}
FIELD_Z = {"key": "z", "label": "z-score (Gi*)", "kind": "num"}
FIELD_P = {"key": "p", "label": "p-waarde (na FDR)", "kind": "p"}

#: The map's method text per ``HotspotResult.method`` (the choices of ``hotspots.where.methods.METHODS``).
METHOD_TEXT = {
    "gistar": "Getis-Ord Gi* per gebied",
    "kde": "Kerndichtheid (KDE) van incidenten",
    "lisa": "Lokale Moran's I per gebied",
    "grid": "Getis-Ord Gi* op een raster",
    "optimised": "Geoptimaliseerde hotspotanalyse (Gi*)",
    "counts": "Aantallen per gebied",
}


def method_text(result, areas) -> str:
    """The method in Dutch for a map's title box or a print map (from ``result.method`` and its params)."""
    method = getattr(result, "method", None)
    text = METHOD_TEXT.get(str(method), str(method) if method else None)
    if text is None:
        text = "Getis-Ord Gi* per gebied" if "gi_class" in areas else (
            "Lokale Moran's I per gebied" if "quadrant" in areas else "Aantallen per gebied")
    params = getattr(result, "params", None) or {}
    if method == "grid" and params.get("shape") == "hexagon":
        text = "Getis-Ord Gi* op zeshoeken"
    neighbours = neighbours_text(getattr(result, "weights_summary", None))
    if neighbours:
        text += f", buren: {neighbours}"
    return text


def neighbours_text(summary: dict | None) -> str | None:
    """The neighbours an analysis really used (``HotspotResult.weights_summary``), in Dutch; None without
    (a heat surface has none: not the ``weights`` parameter it was given).

    >>> neighbours_text({"kind": "distance", "distance_m": 323.5})
    'binnen 323,5 m'
    >>> neighbours_text({"kind": "queen", "tolerance_m": 0.5}), neighbours_text({})
    ('gedeelde grens of hoekpunt (queen)', None)
    """
    summary = summary or {}
    kind = summary.get("kind")
    if kind == "queen":
        return "gedeelde grens of hoekpunt (queen)"
    if kind == "rook":
        return "gedeelde grens (rook)"
    if kind == "knn":
        return f"de {summary.get('k', '?')} dichtstbijzijnde"
    if kind == "distance" and summary.get("distance_m") is not None:
        return f"binnen {number(float(summary['distance_m']), 1)} m"
    return None


def uses_fdr(result, areas) -> bool:
    """Whether the significance of ``result`` is after FDR correction (its ``fdr`` param, else a ``p_fdr`` column)."""
    params = getattr(result, "params", None) or {}
    return bool(params.get("fdr", "p_fdr" in areas))


def _num(value, digits: int):
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return round(v, digits) if math.isfinite(v) else None


def area_properties(areas: pd.DataFrame, privacy: PrivacyRules, protection=None) -> tuple[list[dict], np.ndarray]:
    """Per-area tooltip properties and a mask of areas whose count is not shown.

    The counts, rates and statistics are the published ones of ``protection``
    (:class:`mapping.protect.Protection`; by default that of these areas under ``privacy``).
    """
    from mapping.protect import protect_areas

    prot = protection if protection is not None else protect_areas(areas, privacy)
    n = len(areas)
    codes = areas["code"].astype(str).tolist() if "code" in areas else [""] * n
    names = areas["name"].tolist() if "name" in areas else [None] * n
    counts = prot.area_counts(areas)
    hidden = prot.hidden_areas(areas)  # by code, as the counts (Protection.status_of)
    rates = areas["rate"].tolist() if "rate" in areas else [None] * n
    zs = areas["z"].tolist() if "z" in areas else [None] * n
    pcol = "p_fdr" if "p_fdr" in areas else ("p" if "p" in areas else None)
    ps = areas[pcol].tolist() if pcol else [None] * n
    z_digits, p_digits = (2, 3) if prot.active else (2, 4)
    has_count, has_rate, has_z = "count" in areas, "rate" in areas, "z" in areas  # asked once, not per area
    named = pd.notna(pd.Series(names, dtype=object)).tolist()
    props = []
    for i in range(n):
        d = {"c": codes[i], "n": str(names[i]) if named[i] else None}
        if has_count:
            c = counts[i]
            d["v"] = c if isinstance(c, str) or c is None else _num(c, 3)
            if isinstance(d["v"], float) and d["v"].is_integer():
                d["v"] = int(d["v"])
        if has_rate:
            d["r"] = None if hidden[i] else _num(rates[i], 1 if prot.active else 2)
        if has_z:
            d["z"] = _num(zs[i], z_digits)
        if pcol:
            d["p"] = _num(ps[i], p_digits)
        props.append(d)
    return props, hidden


def published_values(areas, column: str, props: list[dict], hidden: np.ndarray) -> np.ndarray:
    """The numbers a choropleth of ``column`` may classify: the published counts (hidden ones
    missing) or the rates of the shown areas."""
    if column == "count":
        return np.array([d.get("v") if isinstance(d.get("v"), (int, float)) else np.nan for d in props],
                        dtype=float)
    values = pd.to_numeric(areas[column], errors="coerce").to_numpy(dtype=float)
    return np.where(hidden, np.nan, values)


def _fields(areas, class_label: str) -> list[dict]:
    fields = [FIELD_CODE, FIELD_NAME]
    if "count" in areas:
        fields.append(FIELD_COUNT)
    if "rate" in areas:
        fields.append(FIELD_RATE)
    if "z" in areas:
        fields.append(FIELD_Z)
    if "p_fdr" in areas:
        fields.append(FIELD_P)
    elif "p" in areas:
        fields.append({"key": "p", "label": "p-waarde", "kind": "p"})
    fields.append({"key": "k", "label": class_label, "kind": "class"})
    return fields


def area_spec(layer_id, name, display, props, colours, labels, fields, *, show=True, stroke=None,
              fill_opacity=0.75, missing_colour=MISSING_COLOUR):
    """The spec of a filled ``areas`` layer: ``props[i]["k"]`` indexes ``colours`` and ``labels``."""
    return {"id": layer_id, "kind": "areas", "name": name, "show": show,
            "data": features(display, props), "colours": colours,
            "class_labels": labels, "fields": fields, "missing_colour": missing_colour,
            "stroke": stroke or styles.OUTLINE_BUURT, "weight": 0.8, "fill_opacity": fill_opacity}


def _significance_note(fdr: bool) -> str:
    return ("Significantie na FDR-correctie (Benjamini-Hochberg)." if fdr
            else "Zonder correctie voor meervoudig toetsen (geen FDR).")


def gi_layer(areas, display, privacy: PrivacyRules, *, fdr: bool = True, show=True, protection=None):
    """Gi* hot and cold spots in the ArcGIS-familiar colours; FDR stated in the legend."""
    props, _ = area_properties(areas, privacy, protection)
    order = list(styles.GI_ORDER)
    classes = pd.to_numeric(areas["gi_class"], errors="coerce")
    for d, cls in zip(props, classes):
        d["k"] = order.index(int(cls)) if pd.notna(cls) and int(cls) in order else None
    colours = [styles.GI_COLOURS[c] for c in order]
    labels = [styles.GI_LABELS[c] for c in order]
    spec = area_spec("gi", "Hot spots (Gi*)", display, props, colours, labels, _fields(areas, "Klasse"),
                     show=show)
    legend = {"title": "Getis-Ord Gi*", "note": _significance_note(fdr),
              "items": [{"colour": c, "label": lab} for c, lab in styles.gi_legend(classes)]}
    return spec, legend


def lisa_layer(areas, display, privacy: PrivacyRules, *, fdr: bool = True, show=True, protection=None):
    """Local Moran's I quadrants (GeoDa colours)."""
    props, _ = area_properties(areas, privacy, protection)
    order = list(styles.LISA_ORDER)
    for d, q in zip(props, areas["quadrant"].astype(str)):
        d["k"] = order.index(q) if q in order else None
    spec = area_spec("lisa", "Clusters (lokale Moran's I)", display, props,
                     [styles.LISA_COLOURS[q] for q in order], [styles.LISA_LABELS[q] for q in order],
                     _fields(areas, "Kwadrant"), show=show)
    legend = {"title": "Lokale Moran's I", "note": _significance_note(fdr),
              "items": [{"colour": styles.LISA_COLOURS[q], "label": styles.LISA_LABELS[q]} for q in order]}
    return spec, legend


def choropleth_layer(areas, display, privacy: PrivacyRules, column: str = "count", *,
                     scheme: str = "quantiles", k: int = 5, breaks=None, palette_name: str = "YlOrRd",
                     show=True, layer_id: str | None = None, protection=None):
    """Counts or rates in classes (quantiles, natural breaks or fixed) with a ColorBrewer palette.

    The classes and their labels are computed from the published numbers only: an area whose
    count is hidden (``"<5"`` or ``"x"``) gets no class, in a count map as in a rate map, so
    that neither its colour nor a class break ("1 - 2") tells more than the marker.
    """
    props, hidden = area_properties(areas, privacy, protection)
    values = published_values(areas, column, props, hidden)
    cl = classify(values, scheme=scheme, k=k, breaks=breaks, palette_name=palette_name)
    for d, c in zip(props, cl.classes):
        d["k"] = int(c) if c >= 0 else None
    title = {"count": "Aantal", "rate": "Per 1.000 inwoners", "rate_eb": "Per 1.000 inwoners (EB)"}.get(
        column, column)
    spec = area_spec(layer_id or f"choropleth_{column}", title, display, props, cl.colours, cl.labels,
                     _fields(areas, "Klasse"), show=show)
    items = [{"colour": c, "label": lab} for c, lab in zip(cl.colours, cl.labels)]
    if np.isnan(values).any():
        items.append({"colour": MISSING_COLOUR, "label": missing_label(privacy, hidden)})
    legend = {"title": title, "note": f"Klassen: {cl.description}.", "items": items}
    return spec, legend


def plain_layer(areas, display, privacy: PrivacyRules, *, show=True, protection=None):
    """The areas alone (no counts yet: a project with boundaries only), one neutral colour, clickable."""
    props, _ = area_properties(areas, privacy, protection)
    for d in props:
        d["k"] = 0
    fields = [FIELD_CODE, FIELD_NAME]
    if "population" in areas and pd.to_numeric(areas["population"], errors="coerce").notna().any():
        fields.append({"key": "i", "label": "Inwoners", "kind": "int"})
        for d, v in zip(props, pd.to_numeric(areas["population"], errors="coerce")):
            d["i"] = None if pd.isna(v) else int(v)
    spec = area_spec("gebieden", "Gebieden", display, props, [styles.PLAIN_FILL], ["gebied"], fields, show=show)
    legend = {"title": "Gebieden", "note": "Nog geen incidenten of tellingen: alleen de gebieden.",
              "items": [{"colour": styles.PLAIN_FILL, "label": "gebied"}]}
    return spec, legend


def missing_label(privacy: PrivacyRules, hidden) -> str:
    """The legend text of the grey class: no data, or also hidden counts."""
    if not np.any(hidden):
        return "geen gegevens"
    return f"geen gegevens of afgeschermd ({privacy.marker} of x)"


def outline_layer(layer_id, name, display, *, colour, weight, dash=None, labels=None, show=True):
    """Boundaries without fill; ``labels``: a list of ``{"text", "lat", "lon"}``."""
    props = [{} for _ in range(len(display))]
    spec = {"id": layer_id, "kind": "outline", "name": name, "show": show,
            "data": features(display, props), "colour": colour, "weight": weight,
            "dash": dash, "labels": labels or []}
    legend_item = {"colour": colour, "label": name, "kind": "line", "dash": bool(dash)}
    return spec, legend_item


def label_points(frame, text_column: str) -> list[dict]:
    """Label positions (a point inside each polygon) in WGS84 with the text of ``text_column``."""
    pts = frame.geometry.representative_point().to_crs(WGS84)
    return [{"text": str(t), "lat": round(p.y, 6), "lon": round(p.x, 6)}
            for t, p in zip(frame[text_column], pts) if t is not None and not pd.isna(t)]


def points_layer(incidents, privacy: PrivacyRules, *, crs="EPSG:28992", show=True, limit=50_000):
    """Incident points (only when ``privacy.include_points``); at most ``limit`` points, a seeded sample."""
    if not privacy.include_points or incidents is None or len(incidents) == 0:
        return None, None
    from pyproj import Transformer

    pts = incidents[["x", "y"]].apply(pd.to_numeric, errors="coerce").dropna()
    note = None
    if len(pts) > limit:
        pts = pts.sample(limit, random_state=0)
        note = f"Steekproef van {number(limit, 0, thousands=True)} punten."
    lon, lat = Transformer.from_crs(crs, WGS84, always_xy=True).transform(pts["x"].to_numpy(), pts["y"].to_numpy())
    spec = {"id": "points", "kind": "points", "name": "Incidenten (punten)", "show": show,
            "points": [[round(a, 6), round(b, 6)] for a, b in zip(lat, lon)], "colour": styles.POINT_COLOUR,
            "radius": 2.5}
    legend = {"title": "Incidenten", "note": note,
              "items": [{"colour": styles.POINT_COLOUR, "label": f"incident ({len(pts)})"}]}
    return spec, legend
