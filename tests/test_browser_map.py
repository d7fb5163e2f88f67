"""The exported map in a real browser: Debian's headless chromium, driven over the DevTools protocol.

What these tests prove:
- Leaflet 1.9.4 initialised from the page itself (``typeof L``, ``L.version``), the
  layers, legend, wijk names, scale bar and north arrow were drawn;
- every request the page made (``Network.requestWillBeSent``) was for the page's
  own file, a file in its own folder, or a ``data:`` URL: nothing left the folder;
- the recorder does see outside requests: folium's default page asks for CDN files;
- names with HTML/JS in them are shown as text in tooltips and popups and never run.
"""
from __future__ import annotations

import math
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import folium
import numpy as np
import pytest

from mapping.meta import ReportMeta
from mapping.disclosure import PrivacyRules
from mapping.webmap import hotspot_map, save_html
from mapping_helpers import HOSTILE, Cdp, chromium_or_skip, fake_result, groningen_areas, groningen_wijken

pytestmark = pytest.mark.browser

IMG_HOSTILE = '<img src="x-onerror.png" onerror="window.__xss = 1">'
FIND_MAP = "window[Object.keys(window).find(k => k.startsWith('map_') && window[k] instanceof L.Map)]"


def _outside(requests: list[str], folder: Path) -> list[str]:
    own = folder.resolve().as_uri() + "/"
    return [u for u in requests if not (u.startswith(own) or u.startswith("data:"))]


def _tile_lonlat_to_xy(lon, lat, z):
    n = 2 ** z
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return x, y


def make_mbtiles(path: Path, lon=6.566, lat=53.219, zooms=(11, 12)) -> int:
    """A tiny raster MBTiles file: 3x3 plain tiles per zoom around Groningen (TMS rows)."""
    from io import BytesIO

    from matplotlib.image import imsave

    con = sqlite3.connect(path)
    con.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    con.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
    con.executemany("INSERT INTO metadata VALUES (?, ?)", [
        ("name", "test-ondergrond"), ("format", "png"), ("minzoom", str(min(zooms))), ("maxzoom", str(max(zooms))),
        ("attribution", "<b>eigen</b> ondergrond")])
    n = 0
    for z in zooms:
        cx, cy = _tile_lonlat_to_xy(lon, lat, z)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                buf = BytesIO()
                shade = 0.85 + 0.05 * ((dx + dy) % 2)
                imsave(buf, np.full((256, 256, 3), shade), format="png")
                con.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)",
                            (z, cx + dx, 2 ** z - 1 - (cy + dy), buf.getvalue()))
                n += 1
    con.commit()
    con.close()
    return n


@pytest.fixture(scope="module")
def groningen_result(groningen):
    result = fake_result(groningen_areas(groningen), hostile=True)
    result.areas.loc[result.areas.index[6], "name"] = IMG_HOSTILE
    grid = np.zeros((40, 60))
    grid[15:25, 25:40] = np.linspace(0, 1, 15)[None, :]
    result.surface = SimpleNamespace(grid=grid, x0=230000.0, y0=578000.0, cell=200.0, bandwidth=400.0,
                                     kernel="quartic")
    return result


@pytest.fixture(scope="module")
def inline_page(groningen_result, groningen, tmp_path_factory):
    chromium_or_skip()
    folder = tmp_path_factory.mktemp("usb")
    tiles = folder.parent / "ondergrond.mbtiles"
    make_mbtiles(tiles)
    m = hotspot_map(groningen_result, boundaries=groningen_wijken(groningen), basemap=tiles, meta=ReportMeta(
        title="Fietsendiefstal Groningen", period="2013-2017", source="Politie Groningen", privacy=PrivacyRules(5)))
    (page,) = save_html(m, folder / "kaart.html")
    with Cdp(tmp_path_factory.mktemp("profile")) as cdp:
        cdp.open(page.as_uri())
        state = cdp.evaluate(f"""(() => {{
            const map = {FIND_MAP};
            const status = document.getElementById('wijkbeeld-status');
            let tooltips = [], popups = [];
            map.eachLayer(l => {{
                if (l.feature && l.feature.properties && l.feature.properties.n !== undefined &&
                    [{HOSTILE!r}, {IMG_HOSTILE!r}].includes(l.feature.properties.n)) {{
                    l.openTooltip(l.getBounds().getCenter());
                    tooltips.push(l.getTooltip().getElement().textContent);
                    l.openPopup(l.getBounds().getCenter());
                    popups.push(l.getPopup().getElement().textContent);
                }}
            }});
            const kdeHiddenLegend = document.querySelector('.wb-legend-block[data-layer="kde"]').style.display;
            const box = Array.from(document.querySelectorAll('.leaflet-control-layers label'))
                .find(l => l.textContent.trim() === 'Dichtheid (KDE)').querySelector('input');
            box.click();  // the user ticks the heat surface in the layer control
            return new Promise(resolve => setTimeout(() => resolve({{
                kdeHiddenLegend,
                kdeShownLegend: document.querySelector('.wb-legend-block[data-layer="kde"]').style.display,
                kdeImage: Array.from(document.querySelectorAll('img.leaflet-image-layer'))
                            .filter(i => i.src.startsWith('data:image/png') && i.naturalWidth > 0).length,
                overlays: Object.keys(map.wijkbeeldOverlays),
                typeofL: typeof L, version: L.version, layers: status.dataset.layers,
                legend: document.querySelectorAll('.wb-legend').length,
                legendText: document.querySelector('.wb-legend').textContent,
                title: document.querySelector('.wb-title').textContent,
                paths: document.querySelectorAll('.leaflet-overlay-pane path').length,
                labels: Array.from(document.querySelectorAll('.wb-label')).map(e => e.textContent),
                scale: document.querySelectorAll('.leaflet-control-scale').length,
                north: document.querySelectorAll('.wb-north').length,
                tiles: Array.from(document.querySelectorAll('img.leaflet-tile'))
                        .filter(i => i.src.startsWith('data:image/png') && i.naturalWidth === 256).length,
                attribution: document.querySelector('.leaflet-control-attribution').textContent,
                tooltips, popups,
                scripts_in_info: document.querySelectorAll('.wb-tooltip script, .wb-popup script, .wb-info img').length,
                xss: window.__xss === undefined ? null : window.__xss,
                zoom: map.getZoom()
            }}), 300));
        }})()""")
        requests = list(cdp.requests)
    return SimpleNamespace(folder=folder, page=page, state=state, requests=requests)


def test_leaflet_initialised_from_the_page(inline_page, groningen):
    s = inline_page.state
    assert s["typeofL"] == "object"
    assert s["version"] == "1.9.4"
    assert s["layers"].split(",") == ["basemap", "kde", "gi", "choropleth_count", "choropleth_rate",
                                      "wijken", "gemeente"]
    assert s["legend"] == 1
    assert "Getis-Ord Gi*" in s["legendText"] and "Benjamini-Hochberg" in s["legendText"]
    assert "Fietsendiefstal Groningen" in s["title"] and "Periode: 2013-2017" in s["title"]
    assert "Bron: Politie Groningen" in s["title"]
    # 108 buurten + 15 wijken + the outline (+ nothing else drawn as SVG paths)
    assert s["paths"] >= 108 + 15 + 1
    assert sorted(s["labels"]) == sorted(groningen_wijken(groningen)["name"])
    assert s["scale"] == 1 and s["north"] == 1
    # the heat surface is off by default on a Gi* map; ticking it shows the image and its legend
    assert s["kdeHiddenLegend"] == "none" and s["kdeShownLegend"] == "" and s["kdeImage"] == 1
    assert "Dichtheid (KDE)" in s["overlays"]
    assert s["zoom"] >= 11


def test_offline_basemap_tiles_come_from_the_page(inline_page):
    assert inline_page.state["tiles"] >= 4
    assert "<b>eigen</b> ondergrond" in inline_page.state["attribution"]  # escaped, shown as text


def test_page_requested_nothing_outside_its_folder(inline_page):
    assert inline_page.requests, "de netwerkregistratie zag niets"
    assert inline_page.requests[0] == inline_page.page.as_uri()
    assert _outside(inline_page.requests, inline_page.folder) == []
    assert not any("x-onerror" in u for u in inline_page.requests)


def test_hostile_names_are_text_in_tooltip_and_popup(inline_page):
    s = inline_page.state
    assert len(s["tooltips"]) == 2 and len(s["popups"]) == 2
    assert any(HOSTILE in t for t in s["tooltips"]) and any(IMG_HOSTILE in t for t in s["tooltips"])
    assert any(HOSTILE in t for t in s["popups"])
    assert s["scripts_in_info"] == 0
    assert s["xss"] is None


def test_file_plus_folder_export_reads_only_its_own_folder(groningen_result, tmp_path):
    chromium_or_skip()
    usb = tmp_path / "usb"
    files = save_html(hotspot_map(groningen_result, meta=ReportMeta(title="Kaart")), usb / "kaart.html", inline=False)
    assert {f.name for f in files} == {"kaart.html", "leaflet.js", "leaflet.css", "wijkbeeld.js", "wijkbeeld.css"}
    with Cdp(tmp_path / "profile") as cdp:
        cdp.open(files[0].as_uri())
        version = cdp.evaluate("typeof L === 'object' ? L.version : 'geen Leaflet'")
        layers = cdp.evaluate("document.getElementById('wijkbeeld-status').dataset.layers")
        requests = list(cdp.requests)
    assert version == "1.9.4"
    assert "gi" in layers.split(",")
    assert (usb / "kaart_bestanden" / "leaflet.js").as_uri() in requests
    assert _outside(requests, usb) == []


def test_recorder_sees_requests_that_leave_the_folder(tmp_path):
    """Control: folium's default page asks for Leaflet and jQuery on CDNs; the recorder must see that."""
    chromium_or_skip()
    page = tmp_path / "folium.html"
    folium.Map(location=[53.2, 6.55], zoom_start=12, tiles=None).save(str(page))
    with Cdp(tmp_path / "profile") as cdp:
        cdp.open(page.as_uri())
        requests = list(cdp.requests)
    outside = _outside(requests, tmp_path)
    assert any("leaflet" in u and u.startswith("https://") for u in outside)
    assert any("jquery" in u for u in outside)


def test_wijk_names_of_a_city_never_cover_each_other_and_appear_when_zoomed_in(shared_data, tmp_path):
    """Amsterdam's own buurt division names its 110 wijken in a column 'Wijk': the map names the wijken with it
    (they were labelled by code, WK0363AC). At the view of the whole city a name that would cover another is
    hidden (the larger wijk's name wins); zoomed in, more names show, still none over another."""
    import importers

    chromium_or_skip()
    areas, _ = importers.read_boundaries(shared_data / "amsterdam_politie" / "INDELING_BUURT.csv")
    (page,) = save_html(hotspot_map(fake_result(areas), meta=ReportMeta(title="Amsterdam")), tmp_path / "kaart.html")
    measure = f"""(() => {{
        const map = {FIND_MAP};
        const boxes = () => Array.from(document.querySelectorAll('.wb-label'))
            .filter(e => e.style.visibility !== 'hidden').map(e => e.getBoundingClientRect());
        const crossing = b => b.filter((r, i) => b.some((t, j) => j < i && r.left < t.right && t.left < r.right
                                                       && r.top < t.bottom && t.top < r.bottom)).length;
        const texts = Array.from(document.querySelectorAll('.wb-label')).map(e => e.textContent);
        const city = boxes();
        return new Promise(resolve => {{
            map.once('zoomend', () => setTimeout(() => {{
                const zoomed = boxes();
                resolve({{texts, city: city.length, cityCrossing: crossing(city), zoomed: zoomed.length,
                          zoomedCrossing: crossing(zoomed)}});
            }}, 200));
            map.setZoom(map.getZoom() + 2, {{animate: false}});
        }});
    }})()"""
    with Cdp(tmp_path / "profile") as cdp:
        cdp.open(page.as_uri())
        got = cdp.evaluate(measure)
    assert len(got["texts"]) == 110 and "Grachtengordel-West" in got["texts"]
    assert not any(t.startswith("WK0363") for t in got["texts"])
    assert got["cityCrossing"] == 0 and got["zoomedCrossing"] == 0
    assert 10 < got["city"] < 110 and got["zoomed"] > got["city"]


def test_layers_of_the_same_areas_carry_their_shapes_once_and_draw_their_own_figures(groningen, tmp_path):
    """The Gi* classes, the counts and the rates of one set of areas are three layers of the same shapes: the
    page carries the shapes once (the other two layers name the first, mapping.webmap.shared_shapes), and in
    the browser each layer draws those shapes with its own figures and colours, as the map's configuration
    in Python has them."""
    from mapping.webmap import WijkbeeldLayers

    chromium_or_skip()
    m = hotspot_map(fake_result(groningen_areas(groningen)), meta=ReportMeta(title="Groningen"))
    config = next(c for c in m._children.values() if isinstance(c, WijkbeeldLayers)).config
    areas = {s["id"]: s for s in config["layers"] if s["kind"] == "areas"}
    assert list(areas) == ["gi", "choropleth_count", "choropleth_rate"]
    (page,) = save_html(m, tmp_path / "kaart.html")
    text = page.read_text(encoding="utf-8")
    text = text[text.index("Wijkbeeld.build(map_"):]  # the configuration (the libraries name GeoJSON types too)
    others = sum(1 for s in config["layers"] if s["kind"] != "areas" and "data" in s)  # the outlines
    assert text.count('"same_as":"gi"') == 2 and text.count('"FeatureCollection"') == 1 + others
    with Cdp(tmp_path / "profile") as cdp:
        cdp.open(page.as_uri())
        drawn = cdp.evaluate(f"""(() => {{
            const map = {FIND_MAP}, out = {{}};
            ['gi', 'choropleth_count', 'choropleth_rate'].forEach(id => {{
                out[id] = [];
                map.wijkbeeldState.byId[id].eachLayer(part => out[id].push(
                    [part.feature.properties, part.options.fillColor, part.getBounds().toBBoxString()]));
            }});
            return out;
        }})()""")
    shapes = [bounds for _, _, bounds in drawn["gi"]]
    for layer_id, spec in areas.items():
        want = spec["data"].properties
        assert [props for props, _, _ in drawn[layer_id]] == want
        colours = [spec["colours"][p["k"]] if p.get("k") is not None else spec["missing_colour"] for p in want]
        assert [colour for _, colour, _ in drawn[layer_id]] == colours
        assert [bounds for _, _, bounds in drawn[layer_id]] == shapes
    assert len({tuple(p.get("k") for p, _, _ in layer) for layer in drawn.values()}) == 3  # three different maps
