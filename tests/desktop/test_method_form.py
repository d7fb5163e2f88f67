"""The analysis form shows the parameters of the chosen hot-spot method only (from the declaration)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qt


def _visible(form) -> set:
    layout = form.layout()
    return {name for name, w in form.editors.items() if layout.isRowVisible(w)}


def test_form_shows_only_the_chosen_methods_parameters(qtbot):
    from desktop.app import application
    from desktop.panels.settings_panel import MethodForm
    from hotspots.where.methods import HOTSPOTS, METHOD_PARAMS

    application()
    form = MethodForm(HOTSPOTS)
    qtbot.addWidget(form)
    form.show()
    combo = form.editors["method"]
    assert _visible(form) == {"method", *METHOD_PARAMS["gistar"]}  # the default method
    for method in HOTSPOTS.param("method").choices:
        combo.setCurrentIndex(combo.findData(method))
        assert _visible(form) == {"method", *METHOD_PARAMS[method]}, method
    combo.setCurrentIndex(combo.findData("kde"))
    assert _visible(form) == {"method", "cell", "kernel", "bandwidth"}
    assert form.values()["method"] == "kde"  # hidden rows keep their values; the run ignores them
    form.set_values({"method": "lisa"})
    assert "transform" not in _visible(form) and "variable" in _visible(form)


def test_window_offers_the_declared_where_analyses_without_importing_them(window, qtbot):
    from desktop import tasks

    assert [m.name for m in tasks.hotspot_methods()] == ["hotspots"]
    qtbot.waitUntil(lambda: bool(window.settings_panel.by_name), timeout=20000)
    assert list(window.settings_panel.by_name) == ["hotspots"]
