"""The map of the change (period A against B, the Ontwikkeling view) in the exported web map (issue 18): a layer of
its own with its legend, under the project's privacy rule (counts below 5 as "<5", no points, no personal data),
offline; opened in headless Chromium. The classes are those of the window's comparison (the core's test)."""
from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.qt, pytest.mark.browser]



def _compare(window, qtbot, a, b):
    c = window.controller
    window.tabs.setCurrentIndex(2)  # Ontwikkeling
    qtbot.waitUntil(lambda: c.questions.development is not None and not c.development.dev_runner.is_running(),
                    timeout=60000)
    panel = window.development_panel
    panel.tabs.setCurrentIndex(1)
    panel.set_period("a", *a)
    panel.set_period("b", *b)
    with qtbot.waitSignal(c.development.compared, timeout=60000):
        panel.compare_button.click()
    return c.questions.comparison


def _layers(path) -> dict:
    from tests.disclosure_audit import map_config

    config = map_config(path)
    out = {}
    for spec in config["layers"]:
        data = spec.get("data")
        out[spec["id"]] = dict(spec, data=json.loads(data) if isinstance(data, str) else data)
    return out, config


def test_the_change_is_in_the_exported_map_with_its_legend_and_privacy(demo, qtbot, tmp_path):
    import os

    from desktop import exports
    from desktop.export_settings import ExportSettings
    from mapping.change_map import LABELS, change_classes
    from mapping_helpers import Cdp, chromium_or_skip

    chromium_or_skip()
    c = demo.controller
    table, _, page = _compare(demo, qtbot, ("2014-06", "2014-08"), ("2016-06", "2016-08"))
    assert c.state.map_page == page.resolve()  # the window shows the change
    c.set_export_choice(ExportSettings(suppress=True, threshold=5))
    out = exports.export(c, "action.export_html", tmp_path / "kaart.html")
    layers, config = _layers(out)
    change, gi = layers["verandering"], layers["gi"]
    assert change["show"] and not gi["show"]  # as on screen: the change on top, the hot spots one click away
    assert not any(spec["kind"] == "points" for spec in layers.values())  # no incident points, no personal data
    want = change_classes(table).set_axis(table["code"].astype(str)).map(LABELS).to_dict()
    rows = table.set_index(table["code"].astype(str))
    small = 0
    for f in change["data"]["features"]:
        props = f["properties"]
        code = props["c"]
        if "k" not in props:
            assert code not in want or (rows.loc[code, "before"] == 0 and rows.loc[code, "after"] == 0)
            continue
        assert change["class_labels"][props["k"]] == want[code], code
        for key, col in (("a", "before"), ("b", "after")):
            n = int(rows.loc[code, col])
            assert props[key] == ("<5" if 0 < n < 5 else n), (code, key)
        if any(0 < int(rows.loc[code, col]) < 5 for col in ("before", "after")):
            small += 1
            assert props["d"] is None and props["p"] is None, code  # the change would give the count away
    assert small > 0  # summer months per buurt: some small counts, each shown as "<5"
    legend = json.dumps(config["legend"], ensure_ascii=False)
    assert "Verandering van A naar B" in legend and "Significante stijging" in legend
    assert "periode A 2014-06 t/m 2014-08, periode B 2016-06 t/m 2016-08" in json.dumps(config, ensure_ascii=False)
    # in a real browser: drawn, its legend shown, nothing asked outside its own file
    with Cdp(tmp_path / "profile", window=(1366, 768)) as cdp:
        cdp.open(out.as_uri())
        state = cdp.evaluate("""new Promise(resolve => setTimeout(() => resolve({
            legend: document.querySelector('.wb-legend').textContent,
            paths: document.querySelectorAll('.leaflet-overlay-pane path').length}), 500))""")
        requests = list(cdp.requests)
        if os.environ.get("WIJKBEELD_SHOT"):  # to look at: the page with its legend opened
            cdp.evaluate("document.querySelector('.wb-legend-head').click()")
            cdp.screenshot(os.path.join(os.environ["WIJKBEELD_SHOT"], "verandering_export.png"))
    assert "Verandering van A naar B" in state["legend"] and "Significante" in state["legend"]
    assert state["paths"] >= len(c.state.project.areas)
    assert [r for r in requests if not r.startswith((out.as_uri(), "data:"))] == []
    # back on the hot spots: the export has the change as a layer that is off
    demo.tabs.setCurrentIndex(0)
    assert c.state.map_page == c.state.analysis.map_path.resolve()
    again, _ = _layers(exports.export(c, "action.export_html", tmp_path / "kaart2.html"))
    assert again["gi"]["show"] and not again["verandering"]["show"]
