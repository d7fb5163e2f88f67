"""The Ruimte en tijd tab under the project's export rules: the period of its stable map and views in months.

The stable hot spots' map and the near-repeat and stable views gave their period as the day of the first and the
last incident ("01-07-2017 t/m 19-09-2017"): of a small selection the dates of single incidents. Under the
project's threshold (the export settings, default 5) they now follow the rule of every export's period
(:func:`mapping.outputs.data_period`: months under a threshold); without one, the days as before.
"""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.qt

from test_spacetime_window import CATEGORY, _open_tab  # noqa: E402

MONTHS = re.compile(r"^\d{4}-\d{2} t/m \d{4}-\d{2}$")
DAYS = re.compile(r"^\d{2}-\d{2}-\d{4} t/m \d{2}-\d{2}-\d{4}$")


def _run(window, qtbot, index: int, suppress: bool):
    from desktop.export_settings import ExportSettings

    c = window.controller
    c.set_export_choice(ExportSettings(suppress=suppress, threshold=5))
    panel = _open_tab(window)
    panel.method.setCurrentIndex(index)
    done_signal = c.spacetime.stableDone if index == 2 else c.spacetime.nearDone
    with qtbot.waitSignal(done_signal, timeout=300000) as done:
        panel.run_button.click()
    return done.args[0], panel


def _first_and_last_day(c) -> tuple[str, str]:
    from desktop import tasks

    p = c.state.project
    f = c.chosen.filters
    start = tasks.filter_incidents(p.incidents, f.get("start"), f.get("end"), f.get("category"))["start"]
    return f"{start.min():%d-%m-%Y}", f"{start.max():%d-%m-%Y}"


@pytest.mark.parametrize(("index", "filters", "has_map"), [
    (2, {"start": "2016-09", "end": "2017-08"}, True),
    (1, {"start": "2017-03", "end": "2017-08"}, False),
], ids=["stabiel", "bijna-herhaling"])
def test_the_spacetime_views_give_months_under_the_projects_threshold(demo, qtbot, index, filters, has_map):
    """The stable hot spots (with their map) and the near-repeat view: months under the threshold, days without."""
    from tests.disclosure_audit import map_config

    window, c = demo, demo.controller
    with qtbot.waitSignal(c.analysis.settled, timeout=120000):
        c.chosen.filters = {**filters, "category": CATEGORY}
    first, last = _first_and_last_day(c)
    view, panel = _run(window, qtbot, index, suppress=True)
    assert MONTHS.match(view.span), view.span
    assert first not in panel.status.text() and last not in panel.status.text()
    assert view.span in panel.status.text()
    if has_map:
        assert map_config(view.map_path)["period"] == view.span
        page = view.map_path.read_text(encoding="utf-8")
        assert first not in page and last not in page

    view, panel = _run(window, qtbot, index, suppress=False)  # no threshold: the days, as before
    assert view.span == f"{first} t/m {last}" and DAYS.match(view.span)
    if has_map:
        assert map_config(view.map_path)["period"] == view.span
