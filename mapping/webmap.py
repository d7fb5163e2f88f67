"""Leaflet maps with folium that work without internet, and their standalone HTML export.

folium's default page loads Leaflet, jQuery, Bootstrap and Font Awesome from
CDNs; offline the page still "loads" but ``L`` is undefined and nothing is
drawn. :class:`OfflineMap` is a ``folium.Map`` with ``default_js`` and
``default_css`` emptied (the maps need neither jQuery nor Bootstrap nor
awesome-markers) and no tile layer; its page head carries placeholders that
:func:`render_html` fills with Leaflet 1.9.4 from the installed
``django-js-lib-leaflet`` and our own ``resources/web/wijkbeeld.{js,css}``
(:mod:`mapping.assets`). The layers, legend, title, scale bar and north arrow
are drawn by ``wijkbeeld.js`` from one JSON configuration, which writes every
data text with ``textContent`` (names with HTML in them stay text).

>>> m = OfflineMap(location=[53.2, 6.55], zoom_start=12)
>>> html = render_html(m)
>>> "cdn." in html or "http://" in html.split("<body>")[1], "L.version" in html or "1.9.4" in html
(False, True)
"""
from __future__ import annotations

import hashlib
import html as html_lib
import json
import uuid
from concurrent.futures import Future
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from hotspots.levels import named_wijken
from mapping import styles
from mapping.assets import fill_assets, placeholders, write_assets
from mapping.layers import (FeatureJSON, RawJSON, choropleth_layer, features, gi_layer, label_points, lisa_layer,
                            method_text, outline_layer, plain_layer, points_layer, uses_fdr)
from mapping.disclosure import PrivacyRules
from mapping.files import update_file  # noqa: F401 - where write_update writes, named with it
from mapping.meta import ReportMeta
from mapping.simplify import DEFAULT_TOLERANCE_M, dissolve, dissolving, simplified, wgs84_rounded, without_gaps

#: Above this many areas the extra (hidden) count and rate layers are left out to keep the file small.
EXTRA_LAYERS_MAX = 2000
#: Above this many wijken no permanent wijk names are drawn.
LABELS_MAX = 200
#: Above this many areas their names are not drawn on the map (the page shows them where they fit).
AREA_NAMES_MAX = 3000


class OfflineMap(folium.Map):
    """A folium map without CDN resources and without tiles; assets come from :mod:`mapping.assets`."""

    default_js: list = []
    default_css: list = []

    def __init__(self, *args, title: str = "Wijkbeeld-kaart", **kwargs):
        kwargs.setdefault("tiles", None)
        kwargs.setdefault("control_scale", False)
        super().__init__(*args, **kwargs)
        root = self.get_root()
        root.header.add_child(Element(f"<title>{html_lib.escape(title)}</title>"), name="wijkbeeld_title")
        root.header.add_child(Element(placeholders()), name="wijkbeeld_assets")


def script_json(obj) -> str:
    """JSON for inside a ``<script>``: ``<``, ``>``, ``&`` and line separators escaped; :class:`RawJSON` kept.

    Without this, a name containing ``</script>`` would end the script block.
    """
    token = uuid.uuid4().hex
    raws: list[str] = []

    def swap(o):
        if isinstance(o, RawJSON):
            raws.append(str(o))
            return f"@{token}:{len(raws) - 1}@"
        if isinstance(o, dict):
            return {k: swap(v) for k, v in o.items()}
        if isinstance(o, (list, tuple)):
            return [swap(v) for v in o]
        return o

    text = json.dumps(swap(obj), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for i, raw in enumerate(raws):
        text = text.replace(f'"@{token}:{i}@"', raw, 1)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


class WijkbeeldLayers(MacroElement):
    """Calls ``Wijkbeeld.build(map, config)`` once the map exists."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        Wijkbeeld.build({{ this._parent.get_name() }}, {{ this.config_json }});
        {% endmacro %}
    """)

    def __init__(self, config: dict):
        super().__init__()
        self._name = "WijkbeeldLayers"
        self.config = config
        self.config_json = script_json(shared_shapes(config))

    def render(self, **kwargs):
        """The script as it is: branca's MacroElement wraps it in an ``Element``, which compiles its text as a
        jinja template (the megabytes of a national map's configuration took 0.3-0.5 s to lex, at every map)."""
        script = self._template.module.__dict__["script"](self, kwargs)
        self.get_root().script.add_child(_Text(script), name=self.get_name())


def shared_shapes(config: dict) -> dict:
    """``config`` as the page gets it: an areas layer whose shapes an earlier areas layer carries already (the
    same :func:`mapping.simplify.geometry_key`: the Gi* classes, the counts and the rates of one set of areas)
    names that layer (``same_as``) and brings only the ``properties`` of its features, in their order; the page
    draws it from the other's shapes (``wijkbeeld.js``). Each set of shapes is in the page once: the national
    wijken's page 3.4 -> 1.2 MB, all of it parsed and projected by the browser at every new map."""
    first: dict = {}
    layers = []
    for spec in config.get("layers", []):
        data = spec.get("data")
        if spec.get("kind") == "areas" and isinstance(data, FeatureJSON):
            if data.geometry_key in first:
                spec = {k: v for k, v in spec.items() if k != "data"}
                spec.update(same_as=first[data.geometry_key], properties=data.properties)
            else:
                first[data.geometry_key] = spec["id"]
        layers.append(spec)
    return {**config, "layers": layers}


class _Text(Element):
    """A page part rendered as its text, not compiled as a template (what ``Element(text)`` gives for text
    without template syntax, which jinja ends without one trailing newline)."""

    def __init__(self, text: str):
        super().__init__()
        self._text = text[:-1] if text.endswith("\n") else text

    def render(self, **kwargs) -> str:
        return self._text


def layered_map(display, config: dict) -> OfflineMap:
    """An :class:`OfflineMap` centred on ``display`` (WGS84) on which ``wijkbeeld.js`` draws ``config``.

    ``config`` holds ``title``, ``period``, ``source``, ``method``, ``notes``, ``layers`` and ``legend``.
    """
    west, south, east, north = display.total_bounds
    m = OfflineMap(location=[(south + north) / 2, (west + east) / 2], zoom_start=12, title=config["title"])
    m.add_child(WijkbeeldLayers(config))
    return m


def _boundary_layers(areas_rd, boundaries, tolerance_m, outline=None, areas=None, waiting: dict | None = None):
    """Outline layers: buurten (when the areas are cells), wijken with names, the municipality (the outline of
    ``areas_rd``, simplified from ``areas``: :func:`without_gaps`). ``waiting``, a dict: the municipality's is
    drawn empty when its ``outline`` (a future) is not done yet, and follows the page (:mod:`mapping.later`:
    its pending GeoJSON under its id in ``waiting``)."""
    level = areas_rd["level"].dropna().astype(str) if "level" in areas_rd else pd.Series([], dtype=str)
    own = {"buurt": "Buurtgrenzen", "wijk": "Wijkgrenzen"}.get(level.iloc[0] if len(level) else "", "Gebiedsgrenzen")
    specs, items = [], [{"colour": styles.OUTLINE_BUURT, "label": own, "kind": "line"}]
    levels = boundaries["level"].astype(str) if boundaries is not None and "level" in boundaries else None
    wijken = None
    if boundaries is not None and levels is None:
        wijken = simplified(boundaries, tolerance_m)
    elif boundaries is not None:
        buurt = boundaries[levels == "buurt"]
        if len(buurt):
            buurt = simplified(buurt, tolerance_m)
            spec, item = outline_layer("buurten", "Buurtgrenzen", wgs84_rounded(buurt),
                                       colour=styles.OUTLINE_BUURT, weight=0.6)
            specs.append(spec), items.append(item)
        if (levels == "wijk").any():
            wijken = simplified(boundaries[levels == "wijk"], tolerance_m)
        elif len(buurt) and "wijk_code" in buurt and buurt["wijk_code"].notna().any():
            wijken = named_wijken(dissolve(buurt, "wijk_code").rename(columns={"wijk_code": "code"}), buurt)
    if (wijken is None or not len(wijken)) and "wijk_code" in areas_rd and areas_rd["wijk_code"].notna().any():
        wijken = named_wijken(dissolve(areas_rd, "wijk_code").rename(columns={"wijk_code": "code"}), areas_rd)
    if wijken is not None and len(wijken):
        # their names, else their codes (wijken dissolved from buurten may have a name column without names);
        # the legend says which the map shows
        names = wijken["name"] if "name" in wijken else pd.Series(None, index=wijken.index, dtype=object)
        named = names.notna() & (names.astype(str).str.strip() != "")
        text = names.where(named, wijken["code"])
        # the largest wijk first: where two names would overlap, the page shows the first (wijkbeeld.js)
        by_size = wijken.assign(_size=wijken.geometry.area, _text=text).sort_values("_size", ascending=False,
                                                                                    kind="stable")
        labels = label_points(by_size, "_text") if len(wijken) <= LABELS_MAX else []
        title = ("Wijkgrenzen" if not labels else "Wijkgrenzen en -namen" if named.all()
                 else "Wijkgrenzen en -codes" if not named.any() else "Wijkgrenzen en -namen (anders de code)")
        spec, item = outline_layer("wijken", title,
                                   wgs84_rounded(wijken), colour=styles.OUTLINE_WIJK, weight=2.0, labels=labels)
        specs.append(spec), items.append(item)
    if outline is None:  # made here (a future that is done)
        outline = Future()
        outline.set_result(dissolve(areas_rd.assign(_all=1), "_all"))
    if waiting is not None and not outline.done():  # drawn empty, filled when the union is done (mapping.later)
        from mapping.later import pending, placeholder

        spec, item = outline_layer("gemeente", "Grens van het gebied", _NOTHING, colour=styles.OUTLINE_GEMEENTE,
                                   weight=3.0, dash="6 3")
        spec["data"] = placeholder()
        waiting["gemeente"] = pending(spec["data"], lambda: _outline_text(outline, areas, tolerance_m))
    else:
        spec, item = outline_layer("gemeente", "Grens van het gebied", _drawn_outline(outline, areas, tolerance_m),
                                   colour=styles.OUTLINE_GEMEENTE, weight=3.0, dash="6 3")
    spec["from_areas"] = True  # its shapes follow from the areas' (signature)
    specs.append(spec), items.append(item)
    return specs, items


#: An outline layer with no shapes (one that follows the page: :mod:`mapping.later`).
_NOTHING = gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs="EPSG:4326"), crs="EPSG:4326")


def _drawn_outline(outline, areas, tolerance_m: float):
    """The study area's outline (a future of :func:`mapping.simplify.dissolving`) as the map draws it, in WGS84."""
    done = outline.result()
    return wgs84_rounded(without_gaps(done, areas, tolerance_m) if areas is not None else done)


def _outline_text(outline, areas, tolerance_m: float) -> str:
    """:func:`_drawn_outline` as the GeoJSON text a page holds (:func:`script_json`)."""
    drawn = _drawn_outline(outline, areas, tolerance_m)
    return script_json(features(drawn, [{} for _ in range(len(drawn))]))


def area_map(areas, *, result=None, boundaries=None, meta: ReportMeta | PrivacyRules | None = None, protection=None,
             method: str | None = None, incidents=None, show_points: bool = False,
             surface=None, basemap=None, column: str | None = None,
             scheme: str = "quantiles", k: int = 5, tolerance_m: float = DEFAULT_TOLERANCE_M,
             notes: list[str] | None = None, change=None, outline_later: bool = False) -> OfflineMap:
    """A map of an Areas-like frame: Gi* classes, LISA quadrants or a choropleth of ``column``.

    Parameters
    ----------
    areas : GeoDataFrame
        One row per area or cell with ``code``, ``name``, ``geometry`` and
        result columns (``count``, ``rate``, ``z``, ``p_fdr``, ``gi_class`` or ``quadrant``).
    boundaries : GeoDataFrame, optional
        Wijken (and/or buurten, gemeente, told apart by ``level``) to outline and name.
    meta : ReportMeta
        Title, period and source of the title box; its ``privacy``: suppression of small counts in
        tooltips, points only when ``include_points`` (default title "Wijkbeeld-kaart", no suppression).
    surface : KdeResult-like, optional
        A heat surface drawn as an image (off by default).
    basemap : path, optional
        An MBTiles file with raster tiles, embedded in the page.
    change : mapping.change_map.Change, optional
        A period comparison of these areas drawn as a layer of its own with its legend (on top and shown when
        ``change.show``: the layer of the analysis is then off until the user turns it on).
    outline_later : bool
        For the window: the study area's outline, when not done yet, follows the page (:mod:`mapping.later`;
        the map's ``wijkbeeld_later``, registered by :func:`save_html`). Never for a file that leaves the window.
    """
    meta = ReportMeta.of(meta, default_title="Wijkbeeld-kaart")
    privacy = meta.privacy
    if protection is None:
        from mapping.protect import protect_areas

        protection = protect_areas(areas, privacy)
    areas_rd = simplified(areas, tolerance_m)
    outline = dissolving(areas_rd.assign(_all=1), "_all")  # the study area's outline, meanwhile in a thread
    display = wgs84_rounded(areas_rd)
    layers, legend = [], []
    if basemap is not None:
        from mapping.raster import read_mbtiles

        layers.append(read_mbtiles(basemap))
    if surface is not None:
        from mapping.raster import kde_layer

        spec, block = kde_layer(surface, show=column is None and "gi_class" not in areas and "quadrant" not in areas)
        layers.append(spec), legend.append(dict(block, layer=spec["id"]))
    fdr = uses_fdr(result, areas)
    if column is None and "gi_class" in areas:
        main = gi_layer(areas, display, privacy, fdr=fdr, protection=protection)
    elif column is None and "quadrant" in areas:
        main = lisa_layer(areas, display, privacy, fdr=fdr, protection=protection)
    elif column is None and "count" not in areas:  # boundaries only
        main = plain_layer(areas, display, privacy, protection=protection)
    else:
        col = column or ("rate" if "rate" in areas and areas["rate"].notna().any() else "count")
        # under a heat surface the filled areas stay off (they would hide it); their outlines are drawn
        main = choropleth_layer(areas, display, privacy, col, scheme=scheme, k=k,
                                show=surface is None or column is not None, protection=protection)
    main[0]["names"] = area_names(areas_rd)
    if change is not None and change.show:
        main[0]["show"] = False
    layers.append(main[0]), legend.append(dict(main[1], layer=main[0]["id"]))
    if not main[0]["show"]:
        layers.append(outline_layer("gebieden", "Gebiedsgrenzen", display, colour=styles.OUTLINE_WIJK, weight=1.0)[0])
    if main[0]["id"] in ("gi", "lisa") and len(areas) <= EXTRA_LAYERS_MAX:
        for col in ("count", "rate"):
            if col in areas and pd.to_numeric(areas[col], errors="coerce").notna().any():
                spec, block = choropleth_layer(areas, display, privacy, col, scheme=scheme, k=k, show=False,
                                               protection=protection)
                layers.append(spec), legend.append(dict(block, layer=spec["id"]))
    if change is not None:
        from mapping.change_map import change_layer

        spec, block = change_layer(areas_rd, display, change.table, alpha=change.alpha, privacy=privacy,
                                   show=change.show)
        layers.append(spec), legend.append(block)
        notes = list(notes or []) + [change.note()]
    waiting: dict = {}
    specs, items = _boundary_layers(areas_rd, boundaries, tolerance_m, outline, areas,
                                    waiting if outline_later else None)
    layers.extend(specs)
    legend.append({"title": "Grenzen", "items": items})
    if show_points:
        spec, block = points_layer(incidents, privacy)
        if spec is not None:
            layers.append(spec), legend.append(dict(block, layer=spec["id"]))
    notes = list(notes or []) + (["Kleine aantallen afgeschermd als " + privacy.marker + (
        "; alle aantallen afgerond op 5-tallen." if privacy.rounding else
        "; 'x': afgeschermd zodat een klein aantal niet uit een totaal volgt.")]
                                 if privacy.active else []) + ["Noorden is boven."]
    if main[0]["id"] == "gebieden" and method is None:
        method = "alleen de gebieden (nog geen incidenten of tellingen)"
    described = " ".join(privacy.describe())
    m = layered_map(display, {"title": meta.title, "period": meta.period, "source": meta.source,
                              "method": method or method_text(result, areas), "notes": notes,
                              "layers": layers, "legend": legend, "signature": signature(layers, described)})
    meta = html_lib.escape(described, quote=True)
    m.get_root().header.add_child(Element(f'<meta name="wijkbeeld-privacy" content="{meta}"/>'),
                                  name="wijkbeeld_privacy")
    m.wijkbeeld_later = waiting
    return m


def area_names(areas_rd) -> list[dict]:
    """The names of the areas as label points (the page draws each where it fits at the current zoom);
    none for cells (their names are long) or above :data:`AREA_NAMES_MAX` areas."""
    if "name" not in areas_rd or "code" not in areas_rd or len(areas_rd) > AREA_NAMES_MAX or "x" in areas_rd:
        return []
    named = areas_rd[areas_rd["name"].notna() & (areas_rd["name"].astype(str) != areas_rd["code"].astype(str))]
    if not len(named):
        return []
    return [dict(point, c=str(code)) for point, code in zip(label_points(named, "name"), named["code"])]


def hotspot_map(result, *, boundaries=None, meta: ReportMeta | PrivacyRules | None = None, incidents=None,
                show_points: bool = False, basemap=None, tolerance_m: float = DEFAULT_TOLERANCE_M,
                protection=None, change=None) -> OfflineMap:
    """The map of a :class:`hotspots.where.hotspots.HotspotResult` (see its docstring for the columns of ``.areas``);
    ``meta`` as for :func:`area_map` (default title "Hot spots"); ``protection``: the run's
    :class:`mapping.protect.Protection` (by default that of the areas under ``meta.privacy``); ``change``: a
    period comparison drawn with it (:class:`mapping.change_map.Change`, see :func:`area_map`)."""
    notes = []
    meta = ReportMeta.of(meta)
    outside = getattr(result, "outside", None)
    if outside:
        notes.append(f"{meta.privacy.text(outside)} incident(en) buiten alle gebieden (niet meegeteld).")
    return area_map(result.areas, result=result, boundaries=boundaries, meta=meta, protection=protection,
                    incidents=incidents, show_points=show_points,
                    surface=getattr(result, "surface", None), basemap=basemap, tolerance_m=tolerance_m, notes=notes,
                    change=change)


#: What another map of the same areas may change in an ``areas`` layer without a new page (its figures and
#: colours); in every layer its name in the layer list and whether it is shown (the page then checks it).
RESTYLED = frozenset({"name", "show"})
RESTYLED_AREAS = RESTYLED | {"data", "colours", "class_labels", "fields", "missing_colour", "stroke", "weight",
                             "fill_opacity"}


def signature(layers: list[dict], privacy: str) -> str:
    """A digest of what a page draws that :func:`update_config` does not carry: the shapes of every layer, the
    rest of the layers that are not areas (outlines with their labels, points, images, tiles), the areas'
    name labels, and the privacy rule in the page's head. Two maps with the same signature differ only in
    what the page can restyle (``Wijkbeeld.update``). The study area's outline (``from_areas``) is left out: it
    is the union of the areas' shapes, and a page may get it after it was written (:mod:`mapping.later`)."""
    h = hashlib.blake2b(digest_size=16)
    for spec in layers:
        fixed = {k: v for k, v in spec.items()
                 if k not in (RESTYLED_AREAS if spec.get("kind") == "areas" else RESTYLED)}
        data = spec.get("data")
        if spec.get("from_areas"):
            fixed.pop("data", None)  # the outline of the areas, whose shapes are in the signature
        elif isinstance(data, FeatureJSON):
            fixed["data"] = data.geometry_key
            if spec.get("kind") != "areas":
                fixed["properties"] = data.properties
        elif data is not None:
            fixed["data"] = str(data)
        h.update(json.dumps(fixed, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
        h.update(b"\n")
    h.update(privacy.encode("utf-8"))
    return h.hexdigest()


def update_config(config: dict) -> dict | None:
    """The configuration of a map without its shapes, for a page that draws the same ones (see
    :func:`signature`): the areas' properties and styles, every layer's id, name and visibility, the title box
    and the legend. None for a map without a signature (or whose areas were not written as features)."""
    if not config.get("signature"):
        return None
    layers = []
    for spec in config["layers"]:
        light = {k: spec[k] for k in ("id", "kind", "name", "show") if k in spec}
        if spec.get("kind") == "areas":
            data = spec.get("data")
            if not isinstance(data, FeatureJSON):
                return None
            light.update({k: v for k, v in spec.items() if k in RESTYLED_AREAS and k != "data"})
            light["properties"] = data.properties
        layers.append(light)
    return dict({k: v for k, v in config.items() if k != "layers"}, layers=layers)


def write_update(m: folium.Map, path) -> bool:
    """Write beside a page in the window what lets the map view show it by restyling the page it shows, when
    that draws the same shapes: the signature on the first line, then the configuration of
    :func:`update_config` as JSON. False (nothing written) for a map that has none."""
    layers = [child for child in m._children.values() if isinstance(child, WijkbeeldLayers)]
    light = update_config(layers[0].config) if len(layers) == 1 else None
    if light is None:
        return False
    Path(path).write_text(light["signature"] + "\n" + script_json(light), encoding="utf-8")
    return True


def render_html(m: folium.Map, folder: str | None = None) -> str:
    """The page as text: assets inlined (``folder=None``) or linked from ``folder/``."""
    return fill_assets(m.get_root().render(), folder)


def save_html(m: folium.Map, path, *, inline: bool = True) -> list[Path]:
    """Write a standalone map: one file (``inline``) or the file plus a folder ``<name>_bestanden``.

    Returns the files written. The page needs no network: it works from a USB
    stick in any browser.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    written = []
    if inline:
        text = render_html(m)
    else:
        folder = path.with_name(path.stem + "_bestanden")
        written += write_assets(folder)
        text = render_html(m, folder.name)
    path.write_text(text, encoding="utf-8")
    if getattr(m, "wijkbeeld_later", None):  # layers that follow the page, for the window (mapping.later)
        from mapping.later import register

        register(path, m.wijkbeeld_later)
    return [path] + written
