"""The window's exports for people (issue 13): charts at print quality, a suggested file name, and the
privacy question asked once per project while the app runs."""
from __future__ import annotations

import struct

import pytest

pytestmark = pytest.mark.qt


def _png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    return struct.unpack(">II", head[16:24])


def test_charts_as_png_at_print_quality(demo, tmp_path, qtbot):
    from desktop import exports

    qtbot.waitUntil(lambda: demo.controller.charts.data is not None, timeout=20000)
    out = exports.export(demo.controller, "action.export_charts", tmp_path / "grafiek.png")
    width, height = _png_size(out)
    assert width >= 1300 and height >= 650  # 7 x 3.6 inch at 200 dpi, not a 624 x 594 screen grab
    second = tmp_path / "grafiek_week_uur.png"
    assert second.exists() and _png_size(second)[0] >= 1300


def test_suggested_name_and_the_question_once(demo, monkeypatch):
    from desktop import exports

    c = demo.controller
    name = exports.suggested_name(c, ".xlsx")
    assert name.endswith(".xlsx") and (c.state.project.name or "") in name and "/" not in name
    asked = []
    monkeypatch.setattr(exports, "edit_settings", lambda window: asked.append(1) or True)
    exports._ASKED.discard(id(c.state.project))
    assert exports.ask_privacy_once(demo, c) and exports.ask_privacy_once(demo, c)
    assert asked == [1]
