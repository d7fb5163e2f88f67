"""The calendar heat chart's matrix (hotspots.when.calendar), checked against a hand count."""
from __future__ import annotations

import numpy as np
import pandas as pd

from hotspots.when.calendar import busiest_days, calendar_matrix, column, day_text


def test_matrix_equals_a_hand_count():
    start = pd.Series(pd.to_datetime(["2015-12-31 23:00", "2015-12-31 23:59", "2016-01-01 00:30",
                                      "2016-02-29 10:00", "2016-03-01 00:00", "2016-03-03 18:00", None]))
    r = calendar_matrix(start)
    assert r.years == [2015, 2016] and r.total == 6 and r.missing_start == 1
    assert r.first == pd.Timestamp("2015-12-31") and r.last == pd.Timestamp("2016-03-03")
    # by hand: 31 December 2015 two; 1 January, 29 February, 1 and 3 March 2016 one each; 2 March 0
    assert r.value(2015, 12, 31) == 2 and r.value(2016, 1, 1) == 1 and r.value(2016, 2, 29) == 1
    assert r.value(2016, 3, 1) == 1 and r.value(2016, 3, 2) == 0 and r.value(2016, 3, 3) == 1
    # outside the data: no data (NaN), not 0; 2015 has no 29 February at all
    assert np.isnan(r.matrix[0, :365]).all() and np.isnan(r.matrix[1, 63:]).all()
    assert np.nansum(r.matrix) == 6 and np.count_nonzero(~np.isnan(r.matrix)) == 1 + 63
    # 1 March is one column in every year, 29 February its own
    assert column(3, 1) == 60 and column(2, 29) == 59 and day_text(59) == "29 februari" and day_text(365) == "31 december"


def test_span_keeps_quiet_days_as_zero_and_cuts_outside():
    start = pd.Series(pd.to_datetime(["2016-01-15 12:00", "2016-05-01 01:00", "2017-01-01 01:00"]))
    r = calendar_matrix(start, span=("2016-01", "2016-12"))
    assert r.years == [2016] and r.total == 2
    assert np.count_nonzero(~np.isnan(r.matrix)) == 366 and np.nansum(r.matrix) == 2
    assert r.value(2016, 12, 31) == 0


def test_busiest_days_with_the_typical_weekday():
    days = pd.date_range("2016-01-01", "2016-01-31 12:00", freq="D") + pd.Timedelta(hours=12)
    start = pd.Series(list(days) + [pd.Timestamp("2016-01-01 00:10")] * 9 + [pd.Timestamp("2016-01-08 03:00")])
    top = busiest_days(calendar_matrix(start), 2)
    assert top[0] == {"date": "2016-01-01", "count": 10.0, "typical": 1.0, "text": "vrijdag 1 januari 2016"}
    # Fridays of January 2016: 1 (10), 8 (2), 15, 22, 29 (1 each): median 1
    assert top[1]["date"] == "2016-01-08" and top[1]["count"] == 2 and top[1]["typical"] == 1


def test_no_dates():
    r = calendar_matrix(pd.Series([None, None], dtype="datetime64[ns]"))
    assert r.years == [] and r.missing_start == 2 and busiest_days(r) == []
