"""An import over the project's boundaries or incidents asks before it replaces them."""
from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.qt

from questions_helper import answer  # noqa: E402


def _incidents_csv(path, n):
    rows = ["id;x;y;begin;categorie"] + [f"{i};{233000 + i};582000;03-02-2016 10:00;fiets" for i in range(n)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _two_wijken(path):
    """Two squares in RD New as GeoJSON (the national wijken file has thousands, in degrees)."""
    def square(x, y):
        return [[[x, y], [x + 1000, y], [x + 1000, y + 1000], [x, y + 1000], [x, y]]]
    features = [{"type": "Feature", "properties": {"wijkcode": f"WK00140{i}", "wijknaam": f"Wijk {i}"},
                 "geometry": {"type": "Polygon", "coordinates": square(233000 + 1000 * i, 581000)}}
                for i in range(2)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features,
                                "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}}),
                    encoding="utf-8")
    return path


def _import(window, qtbot, path):
    """Drive the wizard to its last page (the import done)."""
    wizard = window.import_wizard(str(path))
    qtbot.addWidget(wizard)
    with qtbot.waitSignal(wizard.detected, timeout=60000):
        wizard.next()
    with qtbot.waitSignal(wizard.importDone, timeout=60000):
        wizard.next()
    return wizard


def test_incidents_over_incidents_ask_and_annuleren_keeps_them(demo, qtbot, tmp_path):
    c = demo.controller
    before = c.state.project.incidents
    wizard = _import(demo, qtbot, _incidents_csv(tmp_path / "meldingen.csv", 3))
    asked = []
    answer("cancel", asked)
    wizard.accept()
    text, informative, buttons = asked[0]
    assert "al incidenten" in text and "15.947 incidenten" in informative and "3 incidenten" in informative
    assert "meldingen.csv" in informative
    assert sorted(buttons) == ["Annuleren", "Toevoegen als nieuwe bron", "Vervangen"]  # beside: tests/desktop/test_sources.py
    assert c.state.project.incidents is before and wizard.isVisible()  # nothing replaced; the wizard stays
    answer("replace")
    with qtbot.waitSignal(c.analysis.done, timeout=60000):
        wizard.accept()
    assert len(c.state.project.incidents) == 3 and not wizard.isVisible()


def test_boundaries_over_boundaries_ask_first(demo, qtbot, tmp_path):
    """The 108 buurten never silently become other areas."""
    c = demo.controller
    wizard = _import(demo, qtbot, _two_wijken(tmp_path / "wijken.geojson"))
    assert wizard.result[0] == "boundaries"
    asked = []
    answer("cancel", asked)
    wizard.accept()
    assert "al gebiedsgrenzen" in asked[0][0] and "108 gebieden (buurt)" in asked[0][1]
    assert "2 gebieden (wijk)" in asked[0][1]
    assert len(c.state.project.areas) == 108
    wizard.reject()


def test_the_first_import_of_a_kind_asks_nothing(window, qtbot, tmp_path):
    c = window.controller
    wizard = _import(window, qtbot, _incidents_csv(tmp_path / "meldingen.csv", 4))
    with qtbot.waitSignal(c.project.loaded, timeout=30000):
        wizard.accept()  # a question would block here (no answer is given)
    assert len(c.state.project.incidents) == 4
