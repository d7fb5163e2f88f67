"""Property tests for the readers of issue 11: whatever the content, a balanced report or our own Dutch error.

JSON records, wide StatLine tables, date columns in every spelling, and GeoJSON boundaries with
awkward names and null geometries. Every file also stays unchanged, and boundaries survive a
project round trip.
"""
from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import importers
from kernel.errors import WijkbeeldError

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                    st.sampled_from(["", "233000", "52.1", "6.5", "2026-08-08T07:26:07.228597+00:00",
                                     "2026-01-08T07:26:07Z", "12 maart 2016 22:30", "12-mrt-2016", "BU00140000",
                                     "9711AB", "abc", "é", "null"]),
                    st.text(max_size=10))
KEYS = st.sampled_from(["x", "y", "lat", "lon", "created_at", "datum", "category", "buurt", "pc4", "id", "tekst",
                        "X", "Fid", "geom", "a.b"])


def _check(path: Path, data: bytes, **options):
    try:
        imported = importers.read(path, **options)
    except WijkbeeldError as exc:
        assert exc.message and str(exc)
        return None
    report = imported.report
    assert report.rows_read == report.rows_kept + report.rows_rejected
    assert report.rows_kept == len(imported.data)
    assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(data).digest()
    return imported


def _check_file(name: str, data: bytes, **options):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        _check(path, data, **options)


@st.composite
def json_records(draw):
    value = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                           st.dictionaries(KEYS, inner, max_size=3)), max_leaves=6)
    records = draw(st.lists(st.dictionaries(KEYS, value, max_size=6), max_size=8))
    wrapped = draw(st.booleans())
    text = json.dumps({"count": len(records), "results": records} if wrapped else records, allow_nan=True)
    if draw(st.integers(0, 6)) == 0:  # sometimes broken
        text = text[: draw(st.integers(0, len(text)))]
    return text.encode("utf-8")


@settings(max_examples=120, **SETTINGS)
@given(data=json_records())
def test_json_records(data):
    _check_file("api.json", data)


CELLS = st.one_of(st.sampled_from([".", "x", "-", "", "?", "12", "0", "1.234", "7*", "-3", "1,5", "abc", " 4 "]),
                  st.integers(0, 10**6).map(str), st.text(max_size=6))
PERIODS = st.sampled_from(["2021", "2022*", "2023*", "2024MM01", "2024 januari", "2024 1e kwartaal", "2025 (voorlopig)"])


@st.composite
def wide_tables(draw):
    periods = draw(st.lists(PERIODS, min_size=1, max_size=4, unique=True))
    dims = draw(st.sampled_from([["Wijken en buurten"], ["Regio's"], ["Soort misdrijf", "Wijken en buurten"],
                                 ["WijkenEnBuurten", "SoortMisdrijf"]]))
    names = st.one_of(st.sampled_from(["Centrum", "BU00140000", "GM0014", "WK001401", "0.0.0 Totaal misdrijven",
                                       "1.2.3 Fietsdiefstal"]), st.text(max_size=8))
    rows = draw(st.lists(st.tuples(st.lists(names, min_size=len(dims), max_size=len(dims)),
                                   st.lists(CELLS, min_size=len(periods), max_size=len(periods))), max_size=8))
    lines = [dims + periods] + [a + b for a, b in rows]
    text = "\n".join(";".join('"' + str(v).replace('"', "") + '"' for v in line) for line in lines)
    return ("\ufeff" + text).encode("utf-8")


@settings(max_examples=120, **SETTINGS)
@given(data=wide_tables())
def test_wide_tables(data):
    _check_file("statline.csv", data, kind="counts")


DATES = st.one_of(st.sampled_from(["2026-08-08T07:26:07.228597+00:00", "2026-03-29T01:30:00Z", "2016-06-15 23:31+0200",
                                   "12 maart 2016 22:30", "12-mrt-2016", "zaterdag 3 december 2016", "March 12, 2016",
                                   "31-02-2016", "15-06-2016 23:31", "6/15/2016 11:31:00 PM", "2016", "maart", ""]),
                  st.text(max_size=14))


@settings(max_examples=120, **SETTINGS)
@given(dates=st.lists(DATES, min_size=1, max_size=10), header=st.sampled_from(["datum", "created_at", "tijdstip", "x1"]),
       times=st.lists(st.sampled_from(["22:30", "7.05", "", "25:00", "abc"]), min_size=10, max_size=10))
def test_date_columns(dates, header, times):
    lines = ["x;y;" + header + ";tijd"] + [f"{233000 + i};582000;{d.replace(';', '')};{times[i]}"
                                            for i, d in enumerate(dates)]
    _check_file("datums.csv", "\n".join(lines).encode("utf-8"), kind="incidents")


NAMES = st.one_of(st.sampled_from(["WATER", "water", "fid", "FID", "geom", "Geometry", "code", "CODE", "BU_CODE",
                                   "x" * 70, "straße", "naam", "NAAM", "PC4", "id", " spatie"]),
                  st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12))


@settings(max_examples=40, **SETTINGS)
@given(columns=st.lists(NAMES, min_size=1, max_size=6, unique_by=str.casefold),
       values=st.lists(st.one_of(st.none(), st.integers(0, 5), st.sampled_from(["BU0001000", "JA", "NEE", "", "é"])),
                       min_size=6, max_size=6),
       nulls=st.lists(st.booleans(), min_size=4, max_size=4))
def test_geojson_boundaries_round_trip(columns, values, nulls):
    from shapely.geometry import box, mapping

    from importers.project import Project, load_project, save_project

    features = []
    for i in range(4):
        props = {c: (f"{values[j % 6]}{i}" if isinstance(values[j % 6], str) else values[j % 6])
                 for j, c in enumerate(columns)}
        geom = None if nulls[i] else mapping(box(5.0 + i * 0.01, 52.0, 5.01 + i * 0.01, 52.01))
        features.append({"type": "Feature", "properties": props, "geometry": geom})
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "grenzen.geojson"
        path.write_bytes(data)
        imported = _check(path, data, kind="boundaries", duplicates="warn")
        if imported is None or imported.data.empty:
            return
        names = [str(c).casefold() for c in imported.data.columns]
        assert len(names) == len(set(names))
        save_project(Project(areas=imported.data), Path(tmp) / "p.gpkg")
        back = load_project(Path(tmp) / "p.gpkg").areas
        assert list(back.columns) == list(imported.data.columns)
        assert back.drop(columns="geometry").astype(str).equals(imported.data.drop(columns="geometry").astype(str))
