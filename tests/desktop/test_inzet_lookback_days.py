"""The Terugblik page says the last day it looked at, as the coordinator chose it or as the data end.

Found by a review: the Terugblik's intro ("getoetst op ... t/m ...") said the evaluation's end one day too early
when that end lay within a day: a Terugblik to the end of the data (the core's default, the command line's
``--evaluate-from`` without ``--evaluate-to``) ended one second after the last incident, its period was written as
that incident's day, and the intro took a day off it as if it were the day after (24-02 read 23-02). The period is
now whole days, the end not included, wherever it comes from; the intro says its last day.
"""
from __future__ import annotations

import pandas as pd
import pytest

pytest.importorskip("PySide6")
pytestmark = pytest.mark.qt

from PySide6.QtCore import QDate  # noqa: E402

from hotspots.inzet import plan as inzet  # noqa: E402
# data: the fixture of eight weeks, the last incident 24-02-2024 20:00
from test_inzet_panel import _look_back, _one_short_shift, data  # noqa: E402,F401


def _look_back_over(qtbot, panel, data, first: QDate, last: QDate) -> str:
    """Choose the days in the Terugblik's boxes, make the Terugblik (:func:`test_inzet_panel._look_back`); its intro."""
    page = panel.lookback_page
    page.date_from.setDate(first)
    page.date_to.setDate(last)
    _look_back(qtbot, panel, data)
    return page.intro.text()


def test_the_intro_says_the_last_day_chosen_and_the_last_day_of_the_data(qtbot, data):
    panel = _one_short_shift(qtbot, data)
    said = _look_back_over(qtbot, panel, data, QDate(2024, 2, 6), QDate(2024, 2, 20))
    assert "getoetst op 06-02-2024 t/m 20-02-2024 (" in said, said
    # up to the last day of the data (the box stops there): the day of the last incident is the last one
    said = _look_back_over(qtbot, panel, data, QDate(2024, 2, 6), QDate(2024, 3, 31))
    assert panel.lookback_page.date_to.text() == "24-02-2024"
    assert "getoetst op 06-02-2024 t/m 24-02-2024 (" in said, said
    # a Terugblik made without an end (to the end of the data, as `wijkbeeld inzet --evaluate-from` makes it)
    # shown on the page: the same last day, and the same numbers as the one chosen up to that day
    to_end = inzet.run(*data, panel.params(), evaluate_from=pd.Timestamp("2024-02-06"))
    chosen = panel.lookback_page.plan
    panel.show_lookback(to_end)
    assert "getoetst op 06-02-2024 t/m 24-02-2024 (" in panel.lookback_page.intro.text()
    assert to_end.evaluation["period"] == chosen.evaluation["period"] == ["2024-02-06", "2024-02-25"]
    assert to_end.evaluation["hit_rate"] == pytest.approx(chosen.evaluation["hit_rate"])
