"""A text column's dates read from its bytes, converted once (importers.dates._ascii), read as the same column of
Python objects is read (value by value lengths, the numpy parse on the objects)."""
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from importers.dates import parse_datetimes

CASES = ["6/15/2016 11:31:00 PM", "12/31/2016 1:05:00 AM", "6/15/2016 12:31:00 AM", "13/13/2016 1:00:00 PM",
         "15-06-2016 23:31", "31-02-2016 10:00", "1-6-2016 9:05", "05-06-2016 09:05", "15.06.2016 23:31",
         "2016-06-15 23:31:05", "2016-6-5 9:05", "20170729", "201707290130", "6/15/16 11:31 PM", "1/2/2016",
         "  6/15/2016 11:31:00 PM ", "6/15/2016 11:31:00 PMX", "6/15/2016 11:31:00 PM\x00",
         "6/15/2016 1:31:00 PM" + " " * 12, "x" * 40, "x" * 70, "abc", "", "ééé", "15-06-2016 23.31", None]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(CASES), st.text(max_size=25)), min_size=1, max_size=60),
       st.sampled_from([None, True, False]))
def test_bytes_read_as_objects(values, dayfirst):
    text = pd.Series(values, dtype="str")
    objects = pd.Series(text.to_numpy(dtype=object), dtype=object)
    got, info = parse_datetimes(text, dayfirst=dayfirst, column="c")
    want, want_info = parse_datetimes(objects, dayfirst=dayfirst, column="c")
    assert got.equals(want)
    assert info == want_info


def test_us_column_with_hint():
    values = pd.Series(["6/15/2016 11:31:00 PM", "12/1/2016 9:05:00 AM", "2/30/2016 1:00:00 PM", None] * 50,
                       dtype="str")
    got, _ = parse_datetimes(values, column="c", hint=["%m/%d/%Y %I:%M:%S %p"])
    assert str(got[0]) == "2016-06-15 23:31:00" and str(got[1]) == "2016-12-01 09:05:00"
    assert got[2::4].isna().all() and got[3::4].isna().all()
