"""Detection helpers: encoding, separator, headers, numbers, CRS, dates (numpy fast path against pandas)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from importers.dates import parse_datetimes
from importers.detect import detect_crs, detect_encoding, detect_separator, map_columns, normalise_header, to_number
from kernel.errors import CRSError, ImportFileError
from importers.fastdates import parse_fixed


@pytest.mark.parametrize("raw, expected", [
    (b"\xef\xbb\xbfx;y\n1;2\n", "utf-8-sig"), ("x;café\n".encode(), "utf-8"), ("x;café\n".encode("cp1252"), "cp1252"),
    (b"x;y\n1;2\n", "utf-8")])
def test_detect_encoding(raw, expected):
    assert detect_encoding(raw) == expected


@pytest.mark.parametrize("text, sep", [
    ("a;b;c\n1;2,5;3\n4;5,5;6\n", ";"), ("a,b,c\n1,2,3\n", ","), ("a\tb\n1\t2\n", "\t"),
    ('"a;b","c"\n"1;2","3"\n', ","), ("a|b|c\n1|2|3\n", "|")])
def test_detect_separator(text, sep):
    assert detect_separator(text) == sep


def test_header_mapping_dutch_and_english():
    nl = map_columns(["Registratienummer", "X-coördinaat", "Y-coördinaat", "Begindatum", "Einddatum", "Categorie"])
    assert nl == {"id": "Registratienummer", "x": "X-coördinaat", "y": "Y-coördinaat", "start": "Begindatum",
                  "end": "Einddatum", "category": "Categorie"}
    en = map_columns(["ID", "Latitude", "Longitude", "Start date", "End date", "Category"])
    assert en["lat"] == "Latitude" and en["lon"] == "Longitude" and en["category"] == "Category"
    assert en["start"] == "Start date" and en["end"] == "End date"
    # the time police learned of it is not the start of the incident
    gr = map_columns(["Kennisnamedatum/tijd", "Begin-pleegdatum/tijd", "Eind-pleegdatum/tijd"])
    assert gr["start"] == "Begin-pleegdatum/tijd" and gr["end"] == "Eind-pleegdatum/tijd"
    assert map_columns(["a", "b"], {"x": "a", "y": "b"}) == {"x": "a", "y": "b"}
    with pytest.raises(ImportFileError, match="bestaat niet"):
        map_columns(["a"], {"x": "b"})
    assert normalise_header("Pleeghuisnummer met toev.") == "pleeghuisnummermettoev"


def test_to_number():
    s = pd.Series(["233456,7", "233.456,7", "233456.7", "", None, "abc", " 12 "], dtype=object)
    out = to_number(s)
    assert out.iloc[:3].tolist() == [233456.7, 233456.7, 233456.7] and out.iloc[6] == 12.0
    assert out.iloc[3:6].isna().all()


def test_detect_crs():
    assert detect_crs([233000, 234000], [581000, 582000]) == "EPSG:28992"
    assert detect_crs([6.56, 5.3], [53.2, 52.1]) == "EPSG:4326"
    assert detect_crs([53.2, 52.1], [6.56, 5.3]) == "EPSG:4326-swapped"
    with pytest.raises(CRSError, match="onbekend stelsel"):
        detect_crs([729000, 730000], [7020000, 7021000])


def test_fixed_width_dates_agree_with_pandas():
    """The numpy path gives exactly what pandas.to_datetime(format=...) gives, on 20,000 seeded random stamps."""
    rng = np.random.default_rng(7)
    stamps = pd.Timestamp("1990-01-01") + pd.to_timedelta(rng.integers(0, 60 * 365 * 24 * 3600, 20_000), unit="s")
    for fmt in ("%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%m/%d/%Y %H:%M", "%d.%m.%Y %H:%M:%S",
                "%d-%m-%y"):
        text = pd.DatetimeIndex(stamps).strftime(fmt).to_numpy(dtype=object)
        ours, ok = parse_fixed(text, fmt)
        assert ok.all(), fmt
        ref = pd.to_datetime(pd.Series(text), format=fmt).to_numpy(dtype="datetime64[s]")
        np.testing.assert_array_equal(ours, ref)


def test_fixed_width_rejects_what_pandas_rejects():
    bad = np.array(["31-02-2016 10:00", "29-02-2015 10:00", "15-13-2016 10:00", "15-06-2016 24:00",
                    "15-06-2016 23:60", "1-6-2016 9:05", "15-06-2016 23:31x", "aa-06-2016 10:00", None, np.nan],
                   dtype=object)
    ours, ok = parse_fixed(bad, "%d-%m-%Y %H:%M")
    assert not ok.any() and np.isnat(ours).all()
    leap, ok = parse_fixed(np.array(["29-02-2016 10:00"], dtype=object), "%d-%m-%Y %H:%M")
    assert ok.all() and leap[0] == np.datetime64("2016-02-29T10:00")


@pytest.mark.parametrize("values, expected, order", [
    (["15-06-2016 23:31"], "2016-06-15 23:31", "day"),
    (["15/06/2016"], "2016-06-15", "day"),
    (["2016-06-15T23:31:00"], "2016-06-15 23:31", "iso"),
    (["2016-06-15"], "2016-06-15", "iso"),
    (["6/15/2016 11:31:00 PM"], "2016-06-15 23:31", "month"),
    (["15.06.2016 23:31"], "2016-06-15 23:31", "day"),
    (["5-6-2016 9:05"], "2016-06-05 09:05", "day"),
    # a two-digit year comes last in Dutch files: 29-07-17 is 29 July 2017, never 17 July 2029 (read as a year
    # in front, incidents landed in 2003-2031 without a word)
    (["29-07-17 01:30", "03-08-15 12:00", "15-05-13 12:00"], "2017-07-29 01:30", "day"),
    (["29/07/17", "15/05/13"], "2017-07-29", "day"),
    (["29-7-17", "3-8-15"], "2017-07-29", "day"),
    (["03-08-15 12:00", "04-09-16 13:00"], "2015-08-03 12:00", "day"),  # day or month: Dutch order, said
    (["07/29/17 1:30 PM", "12/31/16 9:00 AM"], "2017-07-29 13:30", "month"),
])
def test_parse_datetimes_forms(values, expected, order):
    out, info = parse_datetimes(pd.Series(values, dtype=object), column="d")
    assert out.iloc[0] == pd.Timestamp(expected) and info["order"] == order
    if len(values) > 1 and values[0][:2] in ("29", "03"):
        assert out.dt.year.between(2013, 2017).all() and info["assumption"]


def test_unpadded_dates_agree_with_pandas():
    """Dates as Excel writes them without leading zeros (5-6-2016 9:05, 6/15/2016 11:31:00 PM): numpy = pandas."""
    from importers.fastdates import describe, parse_loose

    rng = np.random.default_rng(11)
    stamps = pd.Timestamp("1995-01-01") + pd.to_timedelta(rng.integers(0, 30 * 365 * 24 * 3600, 5_000), unit="s")
    for fmt, written in (("%m/%d/%Y %I:%M:%S %p", "%-m/%-d/%Y %-I:%M:%S %p"), ("%d-%m-%Y %H:%M", "%-d-%-m-%Y %-H:%M"),
                         ("%d/%m/%Y", "%-d/%-m/%Y"), ("%d.%m.%Y %H:%M:%S", "%-d.%-m.%Y %-H:%M:%S")):
        text = np.array([t.strftime(written) for t in stamps], dtype=object)
        ours, ok = parse_loose(text, *describe(fmt))
        assert ok.all(), fmt
        np.testing.assert_array_equal(ours, pd.to_datetime(pd.Series(text), format=fmt).to_numpy("datetime64[s]"))
    bad = np.array(["13/1/2016 1:00:00 PM", "6/15/2016 11:31:00", "6/15/2016 13:31:00 PM", "2/30/2016 1:00:00 AM",
                    "6-15-2016 1:00:00 AM", "6/15/2016 1:00:00 PM extra"], dtype=object)
    assert not parse_loose(bad, *describe("%m/%d/%Y %I:%M:%S %p"))[1].any()


def test_chunked_parsing_gives_the_same(monkeypatch):
    import importers.fastdates as fd

    text = np.array(["15-06-2016 23:31", "5-6-2016 9:05", "x", None, "31-12-1999 00:00"] * 9, dtype=object)
    whole = fd.parse_fixed(text, "%d-%m-%Y %H:%M"), fd.parse_loose(text, *fd.describe("%d-%m-%Y %H:%M"))
    monkeypatch.setattr(fd, "CHUNK", 7)
    parts = fd.parse_fixed(text, "%d-%m-%Y %H:%M"), fd.parse_loose(text, *fd.describe("%d-%m-%Y %H:%M"))
    for (a, ok_a), (b, ok_b) in zip(whole, parts):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(ok_a, ok_b)


def test_layout_grouped_parsing_matches_the_matrix_parser(monkeypatch):
    """The fast path (rows grouped by where their digits are) and the general one agree, junk included,
    and a block with more layouts than MAX_LAYOUTS falls back to the general parser with the same result."""
    import importers.fastdates as fd

    rng = np.random.default_rng(5)
    stamps = pd.Timestamp("1960-01-01") + pd.to_timedelta(rng.integers(0, 60 * 365 * 24 * 3600, 3_000), unit="s")
    junk = ["13/45/2016 1:00:00 AM", "2/29/2015 1:00:00 PM", "1/1/2016 13:00:00 PM", "1/1/16 1:00:00 AM",
            "1/1/2016 1:00:00", "x", None, "1/1/2016 1:00:00 AMX", "1-1-2016 1:00:00 AM", "001/1/2016 1:00:00 AM",
            "1/1/2016  1:00:00 AM", " 1/1/2016 1:00:00 am", "2/29/2016 12:00:00 AM", "1/1/2016T1:00:00 PM"]
    for fmt, written in (("%m/%d/%Y %I:%M:%S %p", "%-m/%-d/%Y %-I:%M:%S %p"), ("%d-%m-%Y %H:%M", "%-d-%-m-%Y %-H:%M"),
                         ("%Y-%m-%d %H:%M:%S", "%Y-%-m-%-dT%-H:%M:%S"), ("%d/%m/%y", "%-d/%-m/%y")):
        text = np.array([t.strftime(written) for t in stamps] + junk, dtype=object)
        shape = fd.describe(fmt)
        fast, ok_fast = fd._loose(text, *shape)
        slow, ok_slow = fd._loose_matrix(text, *shape)
        np.testing.assert_array_equal(ok_fast, ok_slow)
        np.testing.assert_array_equal(fast, slow)
        assert ok_fast[:3_000].all(), fmt
        monkeypatch.setattr(fd, "MAX_LAYOUTS", 1)
        np.testing.assert_array_equal(fd._loose(text, *shape)[0], fast)
        monkeypatch.undo()


def test_calendar_against_python_dates():
    from importers.fastdates import _calendar

    rng = np.random.default_rng(9)
    y, m, d = rng.integers(1799, 2202, 20_000), rng.integers(0, 14, 20_000), rng.integers(0, 33, 20_000)
    zero = np.zeros(20_000, dtype=np.int64)
    ok = np.ones(20_000, dtype=bool)
    out = _calendar(y, m, d, zero + 23, zero + 59, zero + 7, ok)
    for i in range(20_000):
        try:
            expected = np.datetime64(f"{y[i]:04d}-{m[i]:02d}-{d[i]:02d}T23:59:07") if 1800 <= y[i] <= 2200 else None
        except ValueError:
            expected = None
        assert ok[i] == (expected is not None), (y[i], m[i], d[i])
        if expected is not None:
            assert out[i] == expected
        else:
            assert np.isnat(out[i])
