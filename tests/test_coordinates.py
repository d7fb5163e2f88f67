"""Coordinates in the file's own number convention, and rejected coordinates with the real column and cause."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import importers
from importers.coordinates import read_pair


def _write(tmp_path, text, name="a.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _fmt(value: float, decimal: str, grouped: bool) -> str:
    text = f"{value:,.2f}" if grouped else f"{value:.2f}"  # English: 233,000.50
    return text.translate(str.maketrans({",": ".", ".": ","})) if decimal == "," else text


@settings(max_examples=60, deadline=None)
@given(xs=st.lists(st.floats(10_000, 280_000), min_size=1, max_size=30), decimal=st.sampled_from([".", ","]),
       grouped=st.booleans())
def test_numbers_in_either_convention_read_back(xs, decimal, grouped):
    """RD coordinates written with a decimal point or comma, with or without thousands separators, read back
    as the numbers they are: never 233.0005 for 233,000.5."""
    ys = [x + 300_000 for x in xs]
    sx = pd.Series([_fmt(v, decimal, grouped) for v in xs])
    sy = pd.Series([_fmt(v, decimal, grouped) for v in ys])
    x, y, info = read_pair(sx, sy)
    np.testing.assert_allclose(x, np.round(xs, 2), rtol=0, atol=1e-6)
    np.testing.assert_allclose(y, np.round(ys, 2), rtol=0, atol=1e-6)


def test_thousands_separators_in_a_file(tmp_path):
    frame, report = importers.read_incidents(_write(tmp_path, 'x,y,datum\n"233,000.5","582,000.5",2016-03-01\n'
                                                              '"233,100.5","582,100.5",2016-03-02\n'))
    assert frame["x"].tolist() == [233000.5, 233100.5] and frame["y"].tolist() == [582000.5, 582100.5]
    frame, report = importers.read_incidents(_write(tmp_path, "x;y;datum\n233.000,5;582.000,5;2016-03-01\n"
                                                              "233456,7;582123,4;2016-03-02\n"))
    assert frame["x"].tolist() == [233000.5, 233456.7]


def test_a_value_against_the_files_convention_is_refused_not_misread(tmp_path):
    text = 'x;y;datum\n' + "".join(f"233{i:03d},5;582000,5;2016-03-01\n" for i in range(5)) + \
        "233,000.5;582000,5;2016-03-02\n"
    frame, report = importers.read_incidents(_write(tmp_path, text))
    assert len(frame) == 5 and 233.0005 not in frame["x"].tolist()
    (r,) = report.rejections
    assert (r.row, r.column, r.value) == (7, "x", "233,000.5") and "ander decimaalteken" in r.reason


def test_ambiguous_values_are_read_the_way_that_lies_in_the_netherlands(tmp_path):
    # every value fits both conventions: as thousands they are RD New in Groningen, as decimals nowhere
    frame, report = importers.read_incidents(_write(tmp_path, 'x;y;datum\n"233,000";"582,000";2016-03-01\n'
                                                              '"233,100";"582,100";2016-03-02\n'))
    assert frame["x"].tolist() == [233000.0, 233100.0]
    assert any("zo liggen de punten in Nederland" in a for a in report.assumptions)
    # three decimals of WGS84 with a point: 6.566 is a longitude, 6566 is nothing
    frame, report = importers.read_incidents(_write(tmp_path, "lon;lat;datum\n6.566;53.219;2016-03-01\n"
                                                              "6.570;53.221;2016-03-02\n"))
    assert report.extra["source_crs"] == "EPSG:4326" and len(frame) == 2
    x, y, info = read_pair(pd.Series(["1,000", "2,000"]), pd.Series(["3,000", "4,000"]))  # in NL neither way
    assert np.isnan(x).all() and (info["problems"]["x"] == "dubbelzinnig getal").all()


def test_rejected_coordinates_name_the_real_column_and_cause(tmp_path):
    text = ("lon;lat;datum\n6.56;53.21;2016-03-01\n6.57;53.22;2016-03-01\n6.58;53.23;2016-03-01\n"
            "235375.67;582000;2016-03-01\n"  # an RD point in a WGS84 file
            "6.58;;2016-03-01\n"  # y empty: the y column is named, not x
            "abc;53.2;2016-03-01\n"
            "6.58;12.5;2016-03-01\n")  # a latitude in Africa
    frame, report = importers.read_incidents(_write(tmp_path, text))
    got = [(r.row, r.column, r.reason) for r in report.rejections]
    assert got == [
        (5, "lon", "x-coördinaat past niet bij het stelsel van de rest van het bestand, WGS84 (EPSG:4326): lijkt RD New "
                   "(EPSG:28992)"),
        (6, "lat", "coördinaat ontbreekt"),
        (7, "lon", "x-coördinaat is geen getal"),
        (8, "lat", "locatie buiten Nederland")]
    assert len(frame) == 3
