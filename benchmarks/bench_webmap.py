"""The web map: HTML size and build time, ours (coverage-simplified, rounded) vs folium's defaults on raw geometries.

* peer: what a user would write with folium: ``folium.Map()`` +
  ``folium.GeoJson(areas.to_crs(4326), style_function=..., tooltip=GeoJsonTooltip(...))``
  on the full geometries, rendered to HTML (its page also loads Leaflet from a CDN,
  which does not work offline; that is not what is measured here);
* ours: :func:`mapping.webmap.hotspot_map` (20 m coverage simplification, 6
  decimals, Leaflet and our script inlined) rendered to HTML.

``ratio`` is peer time / our time; ``size_ratio`` is peer bytes / our bytes
(aim: national map at least 10x smaller than the raw one and under 10 MB).
Inputs: the demo's 108 real Groningen buurten (quick and full) and, in full
mode only, ~14,500 national buurt-like polygons from ``benchmarks/data.py``.
"""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from common import best_time, result


def _result(areas, seed=0):
    from mapping.styles import GI_LABELS

    a = areas[["code", "geometry"]].copy()
    a["name"] = [f"Buurt {i}" for i in range(len(a))]
    rng = np.random.default_rng(seed)
    a["count"] = rng.poisson(20, len(a))
    a["z"] = rng.normal(0, 1.5, len(a)).round(4)
    a["p_fdr"] = rng.uniform(0, 1, len(a)).round(4)
    a["gi_class"] = np.clip(np.round(a["z"]), -3, 3).astype(int)
    a["gi_label"] = a["gi_class"].map(GI_LABELS)
    return SimpleNamespace(method="gistar", areas=a, params={"fdr": True}, outside=0, surface=None)


def _one(name, areas, repeat):
    import folium

    from mapping.styles import GI_COLOURS
    from mapping.meta import ReportMeta
    from mapping.webmap import hotspot_map, render_html

    res = _result(areas)

    def ours():
        return render_html(hotspot_map(res, meta=ReportMeta(title="Benchmark", period="2024")))

    def peer():
        wgs = res.areas.to_crs(4326)
        m = folium.Map(location=[52.1, 5.3], zoom_start=8)
        folium.GeoJson(wgs, style_function=lambda f: {"fillColor": GI_COLOURS[f["properties"]["gi_class"]],
                                                      "color": "#777777", "weight": 0.8, "fillOpacity": 0.75},
                       tooltip=folium.GeoJsonTooltip(["code", "name", "count", "z", "p_fdr", "gi_label"])).add_to(m)
        return m.get_root().render()

    ours_s, ours_html = best_time(ours, repeat)
    peer_s, peer_html = best_time(peer, repeat)
    ours_b, peer_b = len(ours_html.encode("utf-8")), len(peer_html.encode("utf-8"))
    return result(name, ours_s, "folium defaults, raw geometries", peer_s, polygons=len(areas),
                  ours_mb_html=round(ours_b / 1e6, 3), peer_mb_html=round(peer_b / 1e6, 3),
                  size_ratio=round(peer_b / ours_b, 2),
                  aim="national: size_ratio >= 10 and ours_mb_html < 10")


def run(quick: bool) -> list[dict]:
    import geopandas as gpd

    from resources import demo

    rows = [_one("webmap_groningen", gpd.read_file(demo.AREAS, layer=demo.AREAS_LAYER), 3 if quick else 5)]
    if not quick:
        import data

        rows.append(_one("webmap_national", data.buurten(), 1))
    return rows
