"""The print map (PNG with matplotlib, no Qt): size at print resolution, class colours present, text."""
from __future__ import annotations

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.image import imread

from mapping.meta import ReportMeta
from mapping import styles
from mapping.printmap import draw_map, write_png
from mapping.disclosure import PrivacyRules
from mapping_helpers import fake_result, groningen_areas, groningen_wijken


@pytest.fixture(scope="module")
def result(groningen):
    return fake_result(groningen_areas(groningen))


def _has_colour(img, hex_colour, min_pixels=50):
    rgb = np.array(to_rgb(hex_colour))
    close = np.all(np.abs(img[..., :3] - rgb) < 0.02, axis=-1)
    return int(close.sum()) >= min_pixels


def test_png_at_print_resolution_with_class_colours(result, tmp_path):
    path = write_png(result, tmp_path / "kaart.png", dpi=150, meta=ReportMeta(
        title="Fietsendiefstal", period="2013-2017", source="Politie", privacy=PrivacyRules(5)))
    from PIL import Image

    with Image.open(path) as im:
        assert "'<5'" in im.info["Description"] and "niet opgenomen" in im.info["Description"]
    img = imread(path)
    assert img.shape[:2] == (int(8.27 * 150), int(11.69 * 150))  # A4 landscape (matplotlib truncates)
    present = set(result.areas["gi_class"])
    for cls in present:
        assert _has_colour(img, styles.GI_COLOURS[cls]), styles.GI_LABELS[cls]


def test_figure_texts_are_dutch_and_complete(result, groningen):
    fig = draw_map(result, boundaries=groningen_wijken(groningen), dpi=50, meta=ReportMeta(
        title="Fietsendiefstal Groningen", period="2013-2017", source="Politie Groningen", privacy=PrivacyRules(5)))
    texts = [t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text"))]
    joined = "\n".join(texts)
    for needle in ("Fietsendiefstal Groningen", "Periode: 2013-2017", "Bron: Politie Groningen",
                   "Benjamini-Hochberg", "Hot spot 99%", "Niet significant", "Noorden is boven", "N",
                   "Kleine aantallen afgeschermd (<5", "Centrum", "km"):
        assert needle in joined, needle


def test_choropleth_of_rates_hides_suppressed_areas(result):
    fig = draw_map(result, column="rate", meta=PrivacyRules(5), dpi=50)
    legend = fig.legends[0]
    labels = [t.get_text() for t in legend.get_texts()]
    assert legend.get_title().get_text() == "Per 1.000 inwoners"
    assert any(lab.startswith("geen gegevens") for lab in labels)  # the areas with <5 have no rate colour


def test_dollar_signs_and_html_in_names_are_plain_text(result, tmp_path):
    import geopandas as gpd

    wijken = gpd.GeoDataFrame({"name": ["$\\frac{1}{$", "<script>alert(1)</script>"]},
                              geometry=result.areas.geometry.iloc[:2].values, crs=result.areas.crs)
    path = write_png(result, tmp_path / "k.png", dpi=40, boundaries=wijken, meta=ReportMeta(title="Kosten in $ en $\\alpha$"))
    assert path.stat().st_size > 0
    fig = draw_map(result, boundaries=wijken, meta=ReportMeta(title="Kosten in $ en $\\alpha$"), dpi=40)
    texts = [t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text"))]
    assert "$\\frac{1}{$" in texts and "Kosten in $ en $\\alpha$" in texts
