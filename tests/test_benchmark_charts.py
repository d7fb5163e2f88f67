"""The comparison charts (mapping.benchmark_charts): what they draw is the numbers they are given, margins included."""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection

from mapping.benchmark_charts import beside_chart, dot_plot, rank_chart, series_chart, survey_chart
from mapping.charts import figure_png, figure_texts


def _segments(fig) -> list[np.ndarray]:
    return [seg for ax in fig.axes for c in ax.collections if isinstance(c, LineCollection) for seg in c.get_segments()]


def _members(n: int) -> pd.DataFrame:
    rate = np.linspace(2.0, 9.0, n)
    return pd.DataFrame({"code": [f"GM{i:04d}" for i in range(n)], "name": [f"Gemeente {i}" for i in range(n)],
                         "rate": rate, "rate_low": rate - 0.5, "rate_high": rate + 0.5,
                         "target": [i == 3 for i in range(n)]})


def test_the_dot_plot_names_a_small_group_and_labels_the_gemeente_in_a_large_one():
    small = dot_plot(_members(7), group_rate=5.0, title="Fietsdiefstal", group_label="buurgemeenten", period="2023")
    texts = figure_texts(small)
    assert all(f"Gemeente {i}" in texts for i in range(7)) and any("buurgemeenten samen (5,0)" in t for t in texts)
    intervals = sorted((float(s[0][0]), float(s[1][0])) for s in _segments(small))
    assert intervals == sorted((r - 0.5, r + 0.5) for r in np.linspace(2.0, 9.0, 7))
    large = dot_plot(_members(342), group_rate=5.0, title="Fietsdiefstal", group_label="Nederland")
    texts = figure_texts(large)
    assert "Gemeente 3: plaats 339" in texts and "Gemeente 100" not in texts
    assert figure_png(large)[:4] == b"\x89PNG"


def test_the_series_and_the_rank_over_the_years():
    rows = pd.DataFrame({"year": [2022, 2023, 2022, 2023], "group": ["nederland"] * 2 + ["buren"] * 2,
                         "group_label": ["Nederland"] * 2 + ["buurgemeenten"] * 2, "rate": [6.0, 6.5, 6.0, 6.5],
                         "rate_low": [5.5, 6.0] * 2, "rate_high": [6.5, 7.0] * 2, "group_rate": [5.0, 5.1, 7.0, 7.2],
                         "rank": [40, 30, 2, 1], "rank_low": [20, 15, 1, 1], "rank_high": [70, 50, 4, 3],
                         "n_group": [342, 342, 7, 7]})
    texts = figure_texts(series_chart(rows, title="Fietsdiefstal"))
    assert {"Deze gemeente", "Nederland", "buurgemeenten", "2022", "2023"} <= set(texts)
    fig = rank_chart(rows, title="Plaats")
    texts = figure_texts(fig)
    assert "Nederland (van 342)" in texts and "buurgemeenten (van 7)" in texts and "30" in texts
    # the margin of place 15-50 of 342 as a share of the group: 100 * (15 - 1) / 341 .. 100 * (50 - 1) / 341
    spans = sorted((round(float(s[0][1]), 6), round(float(s[1][1]), 6)) for s in _segments(fig))
    assert (round(100 * 14 / 341, 6), round(100 * 49 / 341, 6)) in spans


def test_the_survey_margins_are_drawn_as_given():
    table = pd.DataFrame({"indicator": ["Voelt zich wel eens onveilig in de buurt (%)", "Ervaart veel overlast (%)"],
                          "unit": ["%", "%"], "year": [2023, 2023], "value": [29.6, 19.2], "lower": [27.3, 17.2],
                          "upper": [31.9, 21.2], "prev_year": [2021, 2021], "prev_value": [28.3, 24.3],
                          "prev_lower": [25.8, 22.0], "prev_upper": [30.8, 26.6], "group_value": [28.7, 14.5],
                          "group_lower": [27.9, 13.7], "group_upper": [29.5, 15.3]})
    fig = survey_chart(table, title="Wat inwoners zeggen")
    drawn = {(round(float(s[0][0]), 3), round(float(s[1][0]), 3)) for s in _segments(fig)}
    for lo, hi in (("lower", "upper"), ("prev_lower", "prev_upper"), ("group_lower", "group_upper")):
        assert set(zip(table[lo], table[hi])) <= drawn
    assert "Periode: 2023 (vorige meting 2021)" in figure_texts(fig)
    assert "laatste meting" in figure_texts(fig) and "procent van de inwoners" in figure_texts(fig)


def test_survey_and_registrations_side_by_side_each_with_its_margin():
    side = pd.DataFrame({"year": [2021, 2023], "indicator": ["Voelt zich wel eens onveilig (%)"] * 2, "unit": ["%"] * 2,
                         "value": [28.3, 29.6], "lower": [25.8, 27.3], "upper": [30.8, 31.9],
                         "rate_year": [2021, 2023], "rate": [62.4, 67.5], "rate_low": [58.0, 62.4],
                         "rate_high": [67.0, 72.9], "series_label": ["totaal misdrijven"] * 2})
    fig = beside_chart(side, title="Onveiligheid en misdrijven")
    left, right = fig.axes
    assert {(s[0][1], s[1][1]) for c in left.collections if isinstance(c, LineCollection)
            for s in c.get_segments()} == {(25.8, 30.8), (27.3, 31.9)}
    assert {(s[0][1], s[1][1]) for c in right.collections if isinstance(c, LineCollection)
            for s in c.get_segments()} == {(58.0, 67.0), (62.4, 72.9)}
    assert any("geen verband berekend" in t for t in figure_texts(fig))
