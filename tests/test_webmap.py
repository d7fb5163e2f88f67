"""The offline web map without a browser: assets, escaping, layers, simplification, rasters."""
from __future__ import annotations

import json
import re
import sqlite3

import folium
import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Transformer

from kernel.errors import ImportFileError
from mapping.meta import ReportMeta
from mapping import assets, styles
from mapping.layers import area_properties, points_layer
from mapping.disclosure import PrivacyRules
from mapping.raster import read_mbtiles, surface_image
from mapping.simplify import DECIMALS, feature_collection, simplified, to_display
from mapping.webmap import OfflineMap, area_map, hotspot_map, render_html, save_html, script_json
from mapping_helpers import HOSTILE, fake_result, groningen_areas

URL_IN_TAG = re.compile(r"""<(?:script|link|img)[^>]+(?:src|href)=["']?(?!data:)([^"' >]+)""", re.I)


@pytest.fixture(scope="module")
def areas(groningen):
    return groningen_areas(groningen)


@pytest.fixture(scope="module")
def page(areas):
    m = hotspot_map(fake_result(areas, hostile=True), meta=ReportMeta(
        title="Fietsendiefstal <Groningen>", period="2013-2017", source="Politie", privacy=PrivacyRules(5)))
    return render_html(m)


def _config(html: str) -> dict:
    text = re.search(r"Wijkbeeld\.build\(map_\w+, (.*)\);", html).group(1)
    return json.loads(text)


def test_offline_map_drops_cdn_assets():
    assert OfflineMap.default_js == [] and OfflineMap.default_css == []
    assert any("cdn" in url for _, url in folium.Map.default_js)  # the reason this class exists
    html = render_html(OfflineMap(location=[53.2, 6.5]))
    assert URL_IN_TAG.findall(html) == []
    assert "jquery" not in html.lower() and "bootstrap" not in html.lower()
    assert "sourceMappingURL" not in html
    assert 'version="1.9.4"' in html or 't.version="1.9.4"' in html


def test_leaflet_comes_from_the_installed_package():
    folder = assets.leaflet_dir()
    assert "js_lib_leaflet" in str(folder) and (folder / "leaflet.js").is_file()
    css = assets.asset_text("leaflet.css")
    assert "url(images/" not in css and "data:image/png;base64," in css


def test_leaflet_needs_no_django_at_import():
    import subprocess
    import sys

    code = "import sys; from mapping import assets; assets.asset_text('leaflet.js'); print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_data_text_is_escaped_inside_the_script(page):
    assert HOSTILE not in page
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page
    assert "<title>Fietsendiefstal &lt;Groningen&gt;</title>" in page
    meta = re.search(r'<meta name="wijkbeeld-privacy" content="([^"]*)"/>', page).group(1)
    assert "&#x27;&lt;5&#x27;" in meta and "niet opgenomen" in meta  # what was suppressed, in the page itself
    config = _config(page)
    names = [f["properties"]["n"] for f in json.loads(json.dumps(config["layers"][0]["data"]))["features"]]
    assert HOSTILE in names  # the text itself survives, as data


def test_the_configuration_is_written_as_it_is_not_read_as_a_template(areas):
    """The layers' script goes into the page as text: a name with template syntax stays that text (branca would
    compile it as a jinja template: slow for megabytes, and '{%' broke the map), and the page is what
    branca's own rendering gives for text without it."""
    from branca.element import MacroElement

    from mapping import webmap

    odd = areas.assign(name=areas["name"].where(areas.index != 0, "{% raw %}{{ naam }}"))
    config = _config(render_html(hotspot_map(fake_result(odd))))
    names = [f["properties"]["n"] for f in config["layers"][0]["data"]["features"]]
    assert "{% raw %}{{ naam }}" in names

    def page():
        return re.sub(r"[0-9a-f]{32}", "ID", render_html(hotspot_map(fake_result(areas))))

    ours = page()
    original = webmap.WijkbeeldLayers.render
    try:
        webmap.WijkbeeldLayers.render = MacroElement.render
        assert page() == ours
    finally:
        webmap.WijkbeeldLayers.render = original


def test_script_json_cannot_end_the_script_block():
    text = script_json({"n": "</script><script>alert(1)</script>", "s": "a\u2028b & c"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"n": "</script><script>alert(1)</script>", "s": "a\u2028b & c"}


def test_layers_legend_and_reading_aids(page, areas):
    config = _config(page)
    ids = [spec["id"] for spec in config["layers"]]
    assert ids == ["gi", "choropleth_count", "choropleth_rate", "wijken", "gemeente"]
    gi = config["layers"][0]
    assert gi["colours"] == [styles.GI_COLOURS[c] for c in styles.GI_ORDER]
    assert gi["class_labels"][0] == "Hot spot 99%" and gi["class_labels"][3] == "Niet significant"
    assert [f["label"] for f in gi["fields"]] == ["Code", "Naam", "Aantal", "Per 1.000 inwoners", "z-score (Gi*)",
                                                 "p-waarde (na FDR)", "Klasse"]
    assert config["legend"][0]["title"] == "Getis-Ord Gi*"
    assert "Benjamini-Hochberg" in config["legend"][0]["note"]
    assert config["title"] == "Fietsendiefstal <Groningen>" and config["period"] == "2013-2017"
    assert config["method"].startswith("Getis-Ord Gi*") and config["source"] == "Politie"
    assert any("Noorden" in n for n in config["notes"])
    wijk_labels = config["layers"][3]["labels"]  # derived from the wijk codes: one label per wijk
    assert sorted(lab["text"] for lab in wijk_labels) == sorted(set(areas["wijk_code"]))


def test_gi_colours_are_the_hotspot_engines():
    from hotspots.where.getis_ord import CLASS_COLOURS, CLASS_LABELS

    assert styles.GI_COLOURS == CLASS_COLOURS
    assert styles.GI_LABELS == CLASS_LABELS


def test_gi_classes_and_values_in_features(areas, page):
    result = fake_result(areas, hostile=True)
    gi = _config(page)["layers"][0]
    props = {f["properties"]["c"]: f["properties"] for f in gi["data"]["features"]}
    order = list(styles.GI_ORDER)
    for _, row in result.areas.iterrows():
        p = props[row["code"]]
        assert gi["class_labels"][p["k"]] == styles.GI_LABELS[int(row["gi_class"])]
        assert p["z"] == pytest.approx(row["z"], abs=0.005)
        assert order[p["k"]] == row["gi_class"]


def test_small_counts_suppressed_in_tooltips(areas):
    result = fake_result(areas)
    props, hidden = area_properties(result.areas, PrivacyRules(5))
    assert [p["v"] for p in props[:3]] == [0, "<5", "<5"]
    assert [p["r"] for p in props[1:3]] == [None, None] and hidden[:3].tolist() == [False, True, True]
    props, _ = area_properties(result.areas, PrivacyRules())
    assert [p["v"] for p in props[:3]] == [0, 2, 4]


def test_points_only_on_request(areas):
    incidents = gpd.pd.DataFrame({"x": [233500.0, 234000.0], "y": [582500.0, 583000.0]})
    assert points_layer(incidents, PrivacyRules())[0] is None
    spec, legend = points_layer(incidents, PrivacyRules(include_points=True))
    assert len(spec["points"]) == 2 and 53.1 < spec["points"][0][0] < 53.3
    m = area_map(fake_result(areas).areas, incidents=incidents, show_points=True, meta=PrivacyRules())
    assert "points" not in [s["id"] for s in _config(render_html(m))["layers"]]


def test_simplification_keeps_shared_boundaries_shared(areas):
    simple = simplified(areas, 20.0)
    assert bool(shapely.coverage_is_valid(simple.geometry.values))
    before = shapely.get_num_coordinates(areas.geometry.values).sum()
    after = shapely.get_num_coordinates(simple.geometry.values).sum()
    assert after < 0.6 * before
    # neighbours still touch along a line (no gaps opened)
    a, b = simple.geometry.iloc[0], simple.geometry.iloc[1]
    orig_shared = areas.geometry.iloc[0].intersection(areas.geometry.iloc[1]).length
    if orig_shared > 0:
        assert a.intersection(b).length > 0.5 * orig_shared
    # total area changes by well under 1%
    assert abs(simple.area.sum() - areas.area.sum()) / areas.area.sum() < 0.01


def test_display_coordinates_are_wgs84_rounded(areas):
    disp = to_display(areas)
    text = feature_collection(disp, [{} for _ in range(len(disp))])
    numbers = re.findall(r"-?\d+\.\d+", text)
    assert numbers and max(len(n.split(".")[1]) for n in numbers) <= DECIMALS
    lon, lat = np.array([float(x) for x in numbers[0::2]]), np.array([float(x) for x in numbers[1::2]])
    assert (6.4 < lon.min()) and (lon.max() < 6.8) and (53.1 < lat.min()) and (lat.max() < 53.35)


def test_every_number_with_float_noise_is_written_short():
    """GEOS writes a rounded coordinate with 17 digits (``51.405340000000002``); each such number, also negative,
    in the integer part's carry (``4.9999999999999`` -> ``5.0``) and beside clean ones, is written in its shortest
    form: the text found by its decimals first (mapping.simplify._LONG_DECIMALS) is the text rewritten whole."""
    import shapely

    rng = np.random.default_rng(5)
    coords = np.round(rng.uniform(-180, 180, (400, 2)), DECIMALS)
    coords[:3] = [[4.9999999999999, 51.40534], [-0.1, 52.000012], [5.0, 52.0]]
    frame = gpd.GeoDataFrame(geometry=shapely.points(coords), crs="EPSG:4326")
    text = feature_collection(frame, [{} for _ in range(len(frame))])
    numbers = re.findall(r"-?\d+\.?\d*", text)
    assert numbers and max(len(n.split(".")[1]) if "." in n else 0 for n in numbers) <= DECIMALS
    written = np.array([float(x) for x in numbers]).reshape(-1, 2)
    assert np.allclose(written, np.round(coords, DECIMALS), atol=10 ** -DECIMALS / 2)
    assert '"coordinates":[5.0,51.40534]' in text


def test_save_html_single_file_and_folder(areas, tmp_path):
    m = hotspot_map(fake_result(areas), meta=ReportMeta(title="t"))
    (one,) = save_html(m, tmp_path / "a" / "kaart.html")
    assert URL_IN_TAG.findall(one.read_text(encoding="utf-8")) == []
    files = save_html(m, tmp_path / "b" / "kaart.html", inline=False)
    html = files[0].read_text(encoding="utf-8")
    assert sorted(URL_IN_TAG.findall(html)) == sorted(f"kaart_bestanden/{n}" for n, _ in assets.ASSETS)
    assert all(f.exists() for f in files)


def test_surface_image_places_the_hot_cell(tmp_path):
    grid = np.zeros((50, 50))
    grid[10, 40] = 1.0  # row 10 from the south, column 40
    x0, y0, cell = 230000.0, 578000.0, 100.0
    url, ((south, west), (north, east)) = surface_image(grid, x0, y0, cell, max_pixels=500)
    assert url.startswith("data:image/png;base64,")
    lon, lat = Transformer.from_crs(28992, 4326, always_xy=True).transform(x0 + 40.5 * cell, y0 + 10.5 * cell)
    assert west < lon < east and south < lat < north
    # the hot pixel sits where the cell is: decode and find the most opaque pixel
    import base64
    from io import BytesIO

    from matplotlib.image import imread

    img = imread(BytesIO(base64.b64decode(url.split(",", 1)[1])), format="png")
    r, c = np.unravel_index(np.argmax(img[..., 3]), img.shape[:2])
    fx, fy = (c + 0.5) / img.shape[1], (r + 0.5) / img.shape[0]
    assert abs(west + fx * (east - west) - lon) < 2 * (east - west) / 50
    assert abs(north - fy * (north - south) - lat) < 2 * (north - south) / 50


def test_mbtiles_reader(tmp_path):
    from test_browser_map import make_mbtiles

    path = tmp_path / "t.mbtiles"
    n = make_mbtiles(path)
    spec = read_mbtiles(path)
    assert len(spec["tiles"]) == n and spec["min_zoom"] == 11 and spec["max_zoom"] == 12
    assert all(v.startswith("data:image/png;base64,") for v in spec["tiles"].values())
    assert spec["attribution_html"] == "&lt;b&gt;eigen&lt;/b&gt; ondergrond"
    con = sqlite3.connect(path)
    con.execute("UPDATE metadata SET value='pbf' WHERE name='format'")
    con.commit()
    con.close()
    with pytest.raises(ImportFileError, match="alleen rastertegels"):
        read_mbtiles(path)
    with pytest.raises(ImportFileError, match="bestaat niet"):
        read_mbtiles(tmp_path / "geen.mbtiles")


@pytest.fixture(scope="module")
def demo_inputs():
    import pandas as pd

    from resources import demo

    areas = gpd.read_file(demo.AREAS, layer=demo.AREAS_LAYER)
    incidents = pd.read_csv(demo.INCIDENTS, parse_dates=["start", "end"])
    return areas, incidents


@pytest.mark.parametrize("method, main, shown", [
    ("gistar", "gi", {"gi", "wijken", "gemeente"}),
    ("lisa", "lisa", {"lisa", "wijken", "gemeente"}),
    ("grid", "gi", {"gi", "buurten", "wijken", "gemeente"}),
    ("kde", "choropleth_count", {"kde", "gebieden", "gemeente"}),
])
def test_maps_of_every_hotspot_method(demo_inputs, method, main, shown):
    """The real engine's results (hotspots.where.hotspots.run_hotspots) all become readable maps."""
    from hotspots.where.hotspots import run_hotspots

    areas, incidents = demo_inputs
    result = run_hotspots(areas, incidents=incidents, params={"method": method})
    boundaries = areas.assign(level="buurt") if method == "grid" else None
    config = _config(render_html(hotspot_map(result, boundaries=boundaries, meta=ReportMeta(title=method))))
    layers = {spec["id"]: spec for spec in config["layers"]}
    assert main in layers
    assert {i for i, spec in layers.items() if spec.get("show", True)} == shown
    features = layers[main]["data"]["features"]
    assert len(features) == len(result.areas)
    if method == "lisa":
        assert layers[main]["colours"] == [styles.LISA_COLOURS[q] for q in styles.LISA_ORDER]
        quad = dict(zip(result.areas["code"], result.areas["quadrant"]))
        assert all(styles.LISA_ORDER[f["properties"]["k"]] == quad[f["properties"]["c"]] for f in features)
    if method == "kde":
        assert layers["kde"]["url"].startswith("data:image/png;base64,")
        (south, west), (north, east) = layers["kde"]["bounds"]
        assert 53.1 < south < north < 53.35 and 6.4 < west < east < 6.8


def test_overlapping_polygons_fall_back_to_per_polygon_simplification():
    from mapping.simplify import simplify_coverage

    wiggle = [(x, 0.3 * (x % 2)) for x in range(0, 101)]
    a = shapely.Polygon([*wiggle, (100, 50), (0, 50)])
    b = shapely.box(40, -10, 140, 30)  # overlaps a: not a coverage
    out, method = simplify_coverage([a, b], 5.0)
    assert method == "per polygon"
    assert all(shapely.is_valid(out)) and shapely.get_num_coordinates(out[0]) < shapely.get_num_coordinates(a)
    out, method = simplify_coverage([a, shapely.box(0, 50, 100, 80)], 5.0)
    assert method == "coverage"
    assert out[0].intersection(out[1]).length == pytest.approx(100.0)  # the shared edge is still shared


def _outline_rings(areas) -> list[int]:
    """Per part of the study-area outline ("Grens van het gebied") of a map simplified at 1 m, its rings."""
    outline = next(spec for spec in _config(render_html(area_map(areas, tolerance_m=1.0)))["layers"]
                   if spec["id"] == "gemeente")
    polygons = [shapely.geometry.shape(f["geometry"]) for f in outline["data"]["features"]]
    return [1 + len(p.interiors) for poly in polygons for p in getattr(poly, "geoms", [poly])]


def test_the_outline_of_areas_drawn_one_by_one_has_no_gaps_but_a_coverage_keeps_its_enclave():
    """Areas that are no coverage (drawn one by one: slight overlaps, gaps between them) leave narrow holes and
    specks in their union; the study area's outline leaves them out (the national wijken of a third party drew
    12,963 dashed rings all over the country). A coverage's hole is a place the division leaves out (an enclave,
    here 40 m wide) and stays, as does a wide hole of areas that are no coverage."""
    def frame(geoms):
        return gpd.GeoDataFrame({"code": [f"A{i}" for i in range(len(geoms))], "name": "x"},
                                geometry=list(geoms), crs=28992)

    # 1 km squares drawn 5 m too large (they overlap), each leaving out 10 m around every corner it has
    corners = shapely.union_all([shapely.box(1000 * i - 10, 1000 * j - 10, 1000 * i + 10, 1000 * j + 10)
                                 for i in range(1, 6) for j in range(1, 6)])
    one_by_one = [shapely.difference(shapely.box(1000 * i - 5, 1000 * j - 5, 1000 * i + 1005, 1000 * j + 1005),
                                     corners) for i in range(6) for j in range(6)]
    one_by_one[14] = shapely.difference(one_by_one[14], shapely.box(2300, 2300, 2700, 2700))  # a wide hole
    assert not shapely.coverage_is_valid(np.array(one_by_one))
    raw_holes = sum(len(p.interiors) for p in shapely.get_parts(shapely.union_all(one_by_one)))
    assert raw_holes == 26  # the gaps where four corners meet, and the wide hole
    assert _outline_rings(frame(one_by_one)) == [2]  # the shell and the wide hole

    grid = [shapely.box(1000 * i, 1000 * j, 1000 * (i + 1), 1000 * (j + 1)) for i in range(3) for j in range(3)]
    enclave = shapely.box(1480, 1480, 1520, 1520)
    grid[4] = shapely.difference(grid[4], enclave)  # the middle square has an enclave of another gemeente
    assert shapely.coverage_is_valid(np.array(grid))
    assert _outline_rings(frame(grid)) == [2]
    assert _outline_rings(frame(grid[:4] + grid[5:])) == [2]  # without the middle square: a wide hole


def test_the_outline_without_gaps_is_made_once_for_the_same_areas():
    """Every map of the same areas (another period) finds the outline without its gaps made, as the same objects,
    so that its transformation to WGS84 is found made too."""
    from mapping import simplify

    corners = shapely.union_all([shapely.box(1000 * i - 10, 1000 * j - 10, 1000 * i + 10, 1000 * j + 10)
                                 for i in range(1, 4) for j in range(1, 4)])
    frame = gpd.GeoDataFrame({"code": [f"A{i}" for i in range(16)]}, crs=28992, geometry=[
        shapely.difference(shapely.box(1000 * i - 5, 1000 * j - 5, 1000 * i + 1005, 1000 * j + 1005), corners)
        for i in range(4) for j in range(4)])
    rd = simplify.simplified(frame, 1.0)
    outline = simplify.dissolve(rd.assign(_all=1), "_all")
    one, two = (simplify.without_gaps(outline, frame, 1.0) for _ in range(2))
    assert one.geometry.values[0] is two.geometry.values[0]
    assert len(one.geometry.values[0].interiors) == 0 < len(outline.geometry.values[0].interiors)
