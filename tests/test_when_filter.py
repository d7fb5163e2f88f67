"""The Qt-free helpers of the linked charts (desktop.when_filter, desktop.sparklines): their docstring examples
(tests/test_doctests.py covers the core packages only) and the filter on a frame."""
from __future__ import annotations

import doctest
import importlib

import pandas as pd
import pytest


@pytest.mark.parametrize("name", ["desktop.when_filter", "desktop.sparklines"])
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0


def test_filter_incidents_by_a_chart_click_equals_a_pandas_count():
    from desktop.tasks import filter_incidents

    start = pd.to_datetime(pd.Series(["2016-03-01 20:10", "2016-03-01 21:00", "2016-03-08 20:59", "2016-04-05 20:00",
                                      "2016-03-02 20:30"]))
    inc = pd.DataFrame({"start": start, "category": ["a", "a", "b", "a", "a"]})
    assert len(filter_incidents(inc, when={"day": 1, "hour": 20})) == 3
    assert len(filter_incidents(inc, "2016-03", "2016-03", "a", when={"day": 1, "hour": 20})) == 1
    assert len(filter_incidents(inc, when={"month": "2016-03"})) == 4
    assert len(filter_incidents(inc, when={"hour": 20})) == 4
    assert len(filter_incidents(inc, when={"day": "nonsense"})) == 5  # a hostile filter filters nothing
