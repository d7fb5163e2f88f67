"""The report's tables put every privacy mark on its own row, and no hidden cell can be worked out.

The hot-spot table lists the hot spots sorted by z, not in the order of the areas table: its marks
("<5", "x") must follow each row's area code, as the workbook's sheet Gebieden shows them. The wijk
table's column a year earlier sums to the total "Toen" of the comparison of periods: its hidden cells
need the same secondary suppression as any column whose total is published.

The true counts are computed here independently (the demo's incidents located with geopandas' spatial
join); the tables are the ones the report prints (:func:`mapping.report.build_report` on the context
that ``run_report`` hands to the writer).
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from mapping.disclosure import PRIMARY, SECONDARY, SHOWN, PrivacyRules
from mapping.protect import protect_areas

pytestmark = pytest.mark.slow

N = 5
#: Months of the demo whose hot spots hide counts out of the areas' order and whose wijken a year
#: earlier hold small counts (September 2016: one incident in Hoogkerk e.o.).
MONTHS = ("2017-09", "2017-08")


def _agrees(printed: str, count: int, code) -> None:
    """A printed cell fits the true count: '<N' for 1..N-1, 'x' for at least N+1, else the count itself."""
    if printed == f"<{N}":
        assert 1 <= count <= N - 1, code
    elif printed == "x":
        assert count >= N + 1, code
    else:
        assert _number(printed) == count, code


@pytest.fixture(scope="module")
def located(demo_frames):
    """Every incident in its buurt and wijk, by hand (spatial join), with its month."""
    areas, incidents = demo_frames
    pts = gpd.GeoDataFrame(incidents, geometry=gpd.points_from_xy(incidents["x"], incidents["y"]), crs=areas.crs)
    joined = gpd.sjoin(pts, areas[["code", "wijk_code", "geometry"]], predicate="within", how="inner")
    return joined.assign(month=pd.to_datetime(joined["start"]).dt.to_period("M"))


@pytest.fixture(scope="module")
def reports(demo_frames, tmp_path_factory):
    """Per (month, threshold): the report's context and document, as ``wijkbeeld rapport`` makes them."""
    import mapping.report as report
    from mapping.report.make import run_report

    areas, incidents = demo_frames
    folder = tmp_path_factory.mktemp("rijen")
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        for month in MONTHS:
            for threshold in (N, None):
                seen = {}

                def capture(ctx, path, **_):
                    seen["ctx"] = ctx
                    return path

                mp.setattr(report, "write_report", capture)
                run_report(areas, incidents=incidents, out=folder / f"r_{month}_{threshold}.pdf", start=month,
                           end=month, suppress_below=threshold, spacetime=())
                out[(month, threshold)] = (seen["ctx"], report.build_report(seen["ctx"]))
    return out


def _table(doc, column: str):
    from mapping.report.model import Table

    found = [b for b in doc.blocks if isinstance(b, Table) and column in b.header]
    assert len(found) == 1, f"one table with the column {column!r}"
    return found[0]


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def _xlsx_counts(ctx) -> dict:
    """The count of every area as the workbook's sheet Gebieden publishes it (the whole areas table)."""
    from mapping.export import area_table

    frame, _ = area_table(ctx.run.hotspots, ctx.prot.rules, protection=ctx.prot)
    return dict(zip(frame["code"].astype(str), frame["count"]))


def _text(value) -> str:
    return value if isinstance(value, str) else f"{int(value):,}".replace(",", ".")


@pytest.mark.parametrize("month", MONTHS)
def test_every_hot_spot_row_carries_the_mark_of_its_own_area(reports, located, month):
    ctx, doc = reports[(month, N)]
    table = _table(doc, "Gi* z")
    true = located[located["month"] == pd.Period(month, "M")].groupby("code").size()
    xlsx = _xlsx_counts(ctx)
    hidden = 0
    for code, _name, printed, rate, *_ in table.rows:
        count = int(true.get(code, 0))
        assert printed == _text(xlsx[code]), f"{code}: the report says {printed}, the workbook {xlsx[code]}"
        _agrees(printed, count, code)
        if printed in (f"<{N}", "x"):
            hidden += 1
            assert rate == "", f"{code}: a rate beside a hidden count gives the count"
    assert hidden, "the month has hidden hot spots (else the test proves nothing)"
    # the hot spots are sorted by z: pairing them with the areas' marks by position gives other marks
    order = [str(c) for c in ctx.run.hotspots.areas["code"]]
    by_position = [_text(xlsx[order[i]]) for i in range(len(table.rows))]
    marks = [r[2] if r[2] in (f"<{N}", "x") else "" for r in table.rows]
    assert marks != [v if v in (f"<{N}", "x") else "" for v in by_position]


@pytest.mark.parametrize("month", MONTHS)
def test_without_a_threshold_every_hot_spot_row_is_its_true_count(reports, located, month):
    ctx, doc = reports[(month, None)]
    true = located[located["month"] == pd.Period(month, "M")].groupby("code").size()
    rows = _table(doc, "Gi* z").rows
    assert rows
    for code, _name, printed, *_ in rows:
        assert _number(printed) == int(true.get(code, 0)), code


def _ranges(cells: dict, total: int) -> dict:
    """What a reader can work out of each hidden cell from the printed cells and their printed total: a
    ``"<N"`` cell holds 1 to N-1, an ``"x"`` cell at least N (the reader of tests/disclosure_audit.py).
    One equation over boxes: the smallest and largest value of a cell follow from the others' bounds."""
    bounds = {k: (1, N - 1) if v == f"<{N}" else (N, 10 ** 7) for k, v in cells.items() if v in (f"<{N}", "x")}
    rest = total - sum(_number(v) for v in cells.values() if v not in (f"<{N}", "x"))
    out = {}
    for k, (lo, hi) in bounds.items():
        lo_others = sum(b[0] for j, b in bounds.items() if j != k)
        hi_others = sum(b[1] for j, b in bounds.items() if j != k)
        out[k] = (max(lo, rest - hi_others), min(hi, rest - lo_others))
    return out


@pytest.mark.parametrize("month", MONTHS)
def test_no_hidden_wijk_a_year_earlier_can_be_worked_out_from_the_total(reports, located, month):
    ctx, doc = reports[(month, N)]
    before = pd.Period(month, "M") - 12
    true = located[located["month"] == before].groupby("wijk_code").size()
    cells = {r[0]: r[3] for r in _table(doc, "Een jaar eerder").rows}
    toen = _table(doc, "Toen").rows[0]
    assert toen[0].startswith("dezelfde periode een jaar eerder")
    total = _number(toen[1])
    assert total == int(true.sum()), "every incident of the demo lies in a wijk: the total is the column's sum"
    small = [k for k, v in cells.items() if v == f"<{N}"]
    assert small, "the month a year earlier has a small wijk (else the test proves nothing)"
    for code, printed in cells.items():
        _agrees(printed, int(true.get(code, 0)), code)
    for code, (low, high) in _ranges(cells, total).items():
        assert high > low, f"{code} a year earlier is {low} by the total {total} minus the printed wijken"
        assert low <= int(true.get(code, 0)) <= high, code


def test_the_change_of_a_hidden_wijk_a_year_earlier_is_left_empty(reports):
    ctx, doc = reports[("2017-09", N)]
    for code, _name, this, before, change in _table(doc, "Een jaar eerder").rows:
        if before in (f"<{N}", "x") or this in (f"<{N}", "x"):
            assert change == "", code


def test_area_counts_follow_the_code_in_any_order_and_subset():
    areas = pd.DataFrame({"code": list("ABCDEFGH"), "wijk_code": ["W1"] * 4 + ["W2"] * 4,
                          "count": [3, 40, 12, 9, 2, 30, 8, 50]})
    prot = protect_areas(areas, PrivacyRules(N))
    full = dict(zip(areas["code"], prot.area_counts(areas)))
    assert full["A"] == f"<{N}" and full["E"] == f"<{N}" and "x" in full.values()
    rng = np.random.default_rng(7)
    for size in (1, 3, 5, 8):
        part = areas.iloc[rng.permutation(len(areas))[:size]]
        assert dict(zip(part["code"], prot.area_counts(part))) == {c: full[c] for c in part["code"]}
        assert prot.hidden_areas(part).tolist() == [isinstance(full[c], str) for c in part["code"]]
    prot.stats = pd.DataFrame({"z": np.arange(8.0)}, index=areas.index)
    part = areas.iloc[[6, 1, 4]]
    assert prot.published_areas(part)["z"].tolist() == [6.0, 1.0, 4.0]
    with pytest.raises(ValueError):
        prot.area_counts(pd.DataFrame({"code": ["Z"], "count": [12]}))


def test_the_map_layers_and_the_area_table_take_their_marks_by_code():
    """mapping.layers (the web map's areas) and mapping.export (the workbook, the GeoPackage) took the marks by
    position when the table had as many rows as the protected one, and none at all otherwise: a table sorted or
    cut by a caller would show a hidden count. Each row's mark now follows its code; an area the protection does
    not know is an error."""
    from mapping.export import area_table
    from mapping.layers import area_properties

    rules = PrivacyRules(N)
    areas = pd.DataFrame({"code": list("ABCDEFGH"), "wijk_code": ["W1"] * 4 + ["W2"] * 4,
                          "count": [3, 40, 12, 9, 2, 30, 8, 50], "z": np.linspace(-1, 2, 8)})
    prot = protect_areas(areas, rules)
    full = dict(zip(areas["code"], prot.area_counts(areas)))
    rng = np.random.default_rng(11)
    for size in (8, 8, 5, 2):
        part = areas.iloc[rng.permutation(len(areas))[:size]].reset_index(drop=True)
        props, hidden = area_properties(part, rules, prot)
        assert [p["v"] for p in props] == [full[c] for c in part["code"]]
        assert hidden.tolist() == [isinstance(full[c], str) for c in part["code"]]
        table, _ = area_table(gpd.GeoDataFrame(part), rules, protection=prot)
        assert dict(zip(table["code"], table["count"])) == {c: full[c] for c in part["code"]}
    with pytest.raises(ValueError):
        area_properties(pd.DataFrame({"code": ["Z"], "count": [12]}), rules, prot)


def test_a_column_beside_the_areas_gets_the_secondary_mark_or_hides_its_total():
    rules = PrivacyRules(N)
    prot = protect_areas(pd.DataFrame({"code": ["A"], "count": [10]}), rules)
    prot.protect_column("last_year", ["W1", "W2", "W3", "W4"], [1, 40, 9, 0])
    assert [prot.column_status["last_year"][c] for c in ("W1", "W2", "W3", "W4")] == [PRIMARY, SHOWN, SECONDARY,
                                                                                       SHOWN]
    assert [prot.column_count("last_year", c, v) for c, v in (("W1", 1), ("W2", 40), ("W3", 9), ("W4", 0))] == \
        [f"<{N}", 40, "x", 0]
    assert prot.total("last_year", 50) == 50
    prot.protect_column("last_year", ["W1", "W2"], [1, 5])  # no cell of N + 1: the total is not published
    assert prot.total("last_year", 6) == "x"
    prot.protect_column("last_year", ["W1", "W2"], [7, 5])  # decided again: nothing to hide
    assert prot.total("last_year", 12) == 12
    free = protect_areas(pd.DataFrame({"code": ["A"], "count": [10]}), PrivacyRules())
    free.protect_column("last_year", ["W1", "W2"], [1, 5])
    assert free.column_count("last_year", "W1", 1) == 1 and free.total("last_year", 6) == 6


def test_the_comparison_hides_the_total_a_year_earlier_when_its_column_cannot_protect_it():
    from mapping.report.context import Comparison, ReportData
    from mapping.report.sections import ReportContext, build_vergelijking

    prot = protect_areas(pd.DataFrame({"code": ["A"], "count": [50]}), PrivacyRules(N))
    per_wijk = pd.DataFrame({"wijk_code": ["W1", "W2"], "this": [30.0, 20.0], "last_year": [1.0, 5.0]})
    comparisons = [Comparison("dezelfde periode een jaar eerder", ("2016-09", "2016-09"), 6.0, 50.0, 0.001),
                   Comparison("de periode ervoor", ("2017-08", "2017-08"), 40.0, 50.0, 0.3)]
    data = ReportData(("2017-09", "2017-09"), pd.Series(dtype=float), per_wijk, comparisons)
    ctx = ReportContext(run=None, prot=prot, meta=None, data=data)
    table, sentence = build_vergelijking(ctx)[1:]
    assert table.rows[0][1:] == ["x", "50", ""]  # no total, no test (its p would narrow the total)
    assert table.rows[1][1:3] == ["40", "50"] and table.rows[1][3]
    assert "tegen x in dezelfde periode een jaar eerder" in sentence.text and "6" not in sentence.text
    assert prot.column_count("last_year", "W1", 1.0) == f"<{N}" and prot.column_count("last_year", "W2", 5.0) == 5
