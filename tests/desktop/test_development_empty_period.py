"""The Ontwikkeling view on a period without any month of the data says the line `wijkbeeld trends` says
(hotspots.change.trends.check_period), in the view; it drew "januari 2020 t/m september 2017" as its period,
without series, beside the early-warning months of the whole history."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qt


def test_an_empty_period_is_said_in_the_view(demo, qtbot, cli):
    from resources import demo as files

    c = demo.controller
    c.chosen.filters = {"category": None, "start": "2020-01", "end": "2020-06"}
    demo.tabs.setCurrentIndex(2)
    said = "Geen incidenten in de gekozen periode (januari t/m juni 2020); de incidenten beslaan januari 2013"
    qtbot.waitUntil(lambda: demo.development_panel is not None and said in demo.development_panel.heading.text()
                    and not c.development.dev_runner.is_running(), timeout=30000)
    panel = demo.development_panel
    code, out, err = cli("trends", "--incidents", files.INCIDENTS, "--areas", files.AREAS, "--from", "2020-01",
                         "--to", "2020-06")
    assert code == 2 and panel.heading.text() in err, (panel.heading.text(), err)
