"""The worker functions of the Ontwikkeling and Tijden views (desktop.change_tasks, no Qt): they only choose
the data and name the areas; the numbers are the core's."""
from __future__ import annotations

import numpy as np
import pytest

from desktop import change_tasks as ct
from desktop import tasks


@pytest.fixture(scope="module")
def project():
    p = tasks.load_demo()
    p.incidents = tasks.assign_areas(p.incidents, p.areas)
    return p


def test_wijk_level_is_compare_periods_on_the_incidents_moved_to_their_wijk(project):
    from hotspots.change.compare import compare_periods
    from hotspots.levels import incidents_at

    table, _ = ct.compare_table(project.incidents, None, project.areas, project.outlines, level="wijk",
                                before=("2015-01", "2015-12"), after=("2016-01", "2016-12"))
    names = dict(zip(project.outlines["code"], project.outlines["name"]))
    core = compare_periods(incidents=incidents_at(project.incidents, project.areas, "wijk"),
                           before=("2015-01", "2015-12"), after=("2016-01", "2016-12"), names=names).table
    got = table.set_index("code").loc[core["code"]]
    np.testing.assert_array_equal(got["after"], core["after"])
    np.testing.assert_allclose(got["p_fdr"], core["p_fdr"])
    assert list(got["sentence"]) == list(core["sentence"])
    assert got.loc["WK001400", "name"] == "Centrum"
    some = (core["before"] > 0).to_numpy()  # from nothing to something has no percentage (the core's NaN ratio)
    np.testing.assert_allclose(got["percent"][some], (core["after"] / core["before"] - 1).to_numpy()[some] * 100)
    assert np.isnan(got["percent"][~some]).all()


def test_the_year_before_is_always_there_and_a_partial_month_is_said(project):
    d = ct.development(project.incidents, None, project.areas, project.outlines, selected=["BU00140001"],
                       period=("2016-03", "2016-03"))
    assert d.shown == ["BU00140001", "GM0014"] and len(d.series["GM0014"]) == 1
    assert np.isfinite(d.series["BU00140001"]["prev_year"]).all() and d.partial is None
    whole = ct.development(project.incidents, None, project.areas, project.outlines, level="gemeente")
    assert whole.partial == "2017-09" and whole.data_end == "20-09-2017"
    assert whole.compared == ("2016-09", "2017-08")  # the last twelve whole months, against the twelve before
    assert whole.previous == ("2015-09", "2016-08")
    assert any("onvolledig" in n for n in whole.notes)
    early = ct.development(project.incidents, None, project.areas, project.outlines, period=("2013-01", "2013-06"))
    assert early.table is None and any("2013" in n for n in early.notes)  # no year earlier in the data


def test_codes_at_a_level_and_members():
    import pandas as pd

    areas = pd.DataFrame({"code": ["BU00140001", "BU00140002", "BU00140101"], "name": ["a", "b", "c"],
                          "wijk_code": ["WK001400", "WK001400", "WK001401"], "gemeente_code": "GM0014",
                          "gemeente_name": "Groningen"})
    assert ct.codes_at(["BU00140001", "BU00140002"], areas, "wijk") == ["WK001400"]
    names = ct.area_names(areas, None, "gemeente")
    assert names.names == {"GM0014": "Groningen"} and names.members["GM0014"] == list(areas["code"])
    assert ct.month_text("2016-09") == "september 2016" and ct.shift_months("2016-01", -12) == "2015-01"


def test_all_categories_of_own_registrations_are_one_series_per_area(project):
    """'Alle categorieën' on registrations of several categories (a MORA or BOA file): the Ontwikkeling view's
    series, year-on-year table and signals are those of all the incidents together, one per area, exactly as
    when the same incidents carry one category. (The core tests each category apart; before, the view got a
    row per category and area, and a month flagged in one of them stopped the sparklines with 'cannot reindex
    on an axis with duplicate labels'.)"""
    import pandas as pd

    one = project.incidents
    split = one.assign(category=np.where(np.arange(len(one)) % 3 == 0, "Afval", "Diefstal Fiets"))
    kw = dict(selected=["BU00140001"], period=("2016-01", "2016-12"))
    want = ct.development(one, None, project.areas, project.outlines, **kw)
    got = ct.development(split, None, project.areas, project.outlines, **kw)
    assert len(want.signals) > 0  # months are flagged: the sparklines are drawn for them
    assert not got.table["code"].duplicated().any()
    cols = ["code", "before", "after", "p_fdr"]
    pd.testing.assert_frame_equal(got.table[cols].reset_index(drop=True), want.table[cols].reset_index(drop=True))
    pd.testing.assert_frame_equal(got.signals[["code", "month", "count"]], want.signals[["code", "month", "count"]])
    for code in want.series:
        pd.testing.assert_frame_equal(got.series[code][["month", "count", "prev_year"]],
                                      want.series[code][["month", "count", "prev_year"]])
    assert set(got.sparks) == set(want.sparks)
    # one category chosen: only its incidents, as before
    afval = ct.development(split, None, project.areas, project.outlines, category="Afval", **kw)
    assert afval.table["after"].sum() < got.table["after"].sum()


def test_area_names_with_missing_names_and_parents_as_pandas_na():
    """A buurten file without gemeente names or wijk codes (the national CBS-shaped file read by pandas 3: string
    columns hold pd.NA): the names that are there, no error (``v == v`` on pd.NA raised in the worker)."""
    import pandas as pd

    areas = pd.DataFrame({"code": ["BU1", "BU2", "BU3"], "name": ["a", "b", "c"],
                          "gemeente_code": pd.array(["GM1", "GM1", "GM2"], dtype="string"),
                          "gemeente_name": pd.array([pd.NA, pd.NA, "Twee"], dtype="string")})
    got = ct.area_names(areas, None, "gemeente")
    assert got.members == {"GM1": ["BU1", "BU2"], "GM2": ["BU3"]}
    assert got.names == {"GM2": "Twee"}


def test_the_months_of_counts_are_those_their_periods_cover():
    """A yearly police figure covers January to December: the Ontwikkeling view's first month of 2023 and 2024
    figures is 2023-01 (it was 2023-12, each period's last month); monthly and quarterly figures as they are."""
    import pandas as pd

    from desktop.change_tasks import _month_bounds

    def counts(*periods):
        return {"counts": pd.DataFrame({"code": "BU1", "period": list(periods), "count": 1})}

    assert _month_bounds(counts(pd.Period("2023", "Y"), pd.Period("2024", "Y"))) == ("2023-01", "2024-12", None)
    assert _month_bounds(counts(pd.Period("2016-03", "M"), pd.Period("2016-07", "M"))) == ("2016-03", "2016-07", None)
    assert _month_bounds(counts(pd.Period("2016Q2", "Q"))) == ("2016-04", "2016-06", None)


@pytest.mark.parametrize("level", ["buurt", "wijk", "gemeente"])
def test_police_counts_without_their_total_rows_give_the_totals_the_police_publish(project, level):
    """A police export of buurten alone (no gemeente or wijk rows: a selection from the police portal) made
    Ontwikkeling fail with 'Geen maandcijfers over' (the gemeente line needs gemeente rows). The rows of the
    buurten are now added up per gemeente (and wijk), month and category: equal to the gemeente row the police
    publish beside them in the demo's 47022NED export (published data as the reference)."""
    counts = project.counts
    buurten = counts[counts["code"].astype(str).str.startswith("BU")]
    full = ct.development(None, counts, project.areas, project.outlines, level=level, selected=[])
    alone = ct.development(None, buurten, project.areas, project.outlines, level=level, selected=[])
    assert list(alone.series) == list(full.series) == ["GM0014"]
    np.testing.assert_array_equal(alone.series["GM0014"]["count"], full.series["GM0014"]["count"])
    if level != "gemeente":
        assert len(alone.table) == len(full.table)
    if level == "wijk":  # the wijken's year-on-year figures: the police's wijk rows, or their buurten added up
        a, f = (d.table.set_index("code").sort_index() for d in (alone, full))
        np.testing.assert_array_equal(a["after"], f["after"])
        np.testing.assert_array_equal(a["before"], f["before"])
