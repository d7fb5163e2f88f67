"""The window's level switch without Qt (desktop.level_tasks over hotspots.levels) and the map of the change
(mapping.change_map): wijk totals against a pandas groupby over the buurt codes, Gi* at wijk level against
esda on the dissolved wijken, the change map's classes against compare_periods, the map in a real browser."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from desktop import level_tasks as lt
from desktop import tasks


@pytest.fixture(scope="module")
def project():
    p = tasks.load_demo()
    p.incidents = tasks.assign_areas(p.incidents, p.areas)
    return p


def _wijk_of(code) -> str:
    return "WK" + str(code)[2:8]


def test_wijk_totals_are_a_groupby_over_the_buurt_codes(project):
    at = lt.at_level(project.areas, project.incidents, None, project.outlines, "wijk")
    assert at.level == "wijk" and at.outlines is None and at.notes == []  # the CBS wijken, stored as outlines
    by_hand = project.incidents.dropna(subset=["area"]).groupby(project.incidents["area"].map(_wijk_of)).size()
    got = at.incidents.dropna(subset=["area"]).groupby("area").size()
    assert got.to_dict() == by_hand.to_dict()
    assert list(at.areas["code"]) == list(project.outlines["code"])
    # the police counts: their own wijk rows, never buurten added up (which would equal them here too)
    counts = lt.at_level(project.areas, None, project.counts, project.outlines, "wijk").counts
    assert set(counts["code"].str[:2]) == {"WK"} and len(counts) == (project.counts["code"].str[:2] == "WK").sum()


def test_wijken_dissolved_where_the_project_has_only_buurten(project):
    at = lt.at_level(project.areas, project.incidents, None, None, "wijk")
    assert "samengesteld uit 108 buurten" in at.notes[0]
    dissolved = at.areas.set_index("code")
    stored = project.outlines.set_index("code")
    for code in dissolved.index:  # the union of the buurten covers the CBS wijk
        assert dissolved.loc[code, "geometry"].symmetric_difference(stored.loc[code, "geometry"]).area < \
            1e-3 * stored.loc[code, "geometry"].area
    assert dissolved["population"].sum() == pytest.approx(project.areas["population"].sum())


def test_gi_star_at_wijk_level_equals_esda_on_the_dissolved_wijken(project):
    esda = pytest.importorskip("esda")
    libpysal = pytest.importorskip("libpysal")
    result = tasks.analyse(project.areas, incidents=project.incidents, level="wijk")  # no outlines: dissolved
    assert result.level == "wijk"
    areas = result.result.areas.reset_index(drop=True)
    w = libpysal.weights.Queen.from_dataframe(areas, use_index=False, silence_warnings=True)
    g = esda.G_Local(areas["count"].to_numpy(float), w, transform="B", star=True, permutations=0)
    np.testing.assert_allclose(areas["z"].to_numpy(float), g.Zs, rtol=1e-9, atol=1e-9)
    assert set(result.hierarchy) == {"buurt", "wijk", "gemeente"}


def test_selection_and_names_across_levels(project):
    tree = lt.hierarchy(project.areas)
    assert lt.carry_selection(["BU00140001", "BU00140000"], tree, "buurt", "wijk") == ["WK001400"]
    buurten = lt.carry_selection(["WK001400"], tree, "wijk", "buurt")
    assert "BU00140001" in buurten and all(b.startswith("BU001400") for b in buurten)
    assert lt.carry_selection(["WK001400"], tree, "wijk", "gemeente") == ["GM0014"]
    names = lt.names_by_level(project.areas, project.outlines)
    assert lt.find_name("centrum", names, exclude="buurt") == [("wijk", "WK001400", "Centrum")]
    assert lt.find_name("Binnenstad-Zuid", names, exclude="wijk") == [("buurt", "BU00140001", "Binnenstad-Zuid")]


def test_hierarchy_and_names_are_made_once_for_the_same_frames(project, monkeypatch):
    """Every run of the window sends the same project frames: their hierarchy and names are made once (0.15-0.2 s
    of each national switch), equal to a fresh answer; other frame objects get their own; each caller its copy."""
    import desktop.change_tasks as change_tasks

    calls = []
    real_tree, real_names = lt._hierarchy, change_tasks.area_names
    monkeypatch.setattr(lt, "_hierarchy", lambda areas: calls.append("tree") or real_tree(areas))
    monkeypatch.setattr(change_tasks, "area_names", lambda *a: calls.append("names") or real_names(*a))
    monkeypatch.setattr(tasks, "_REMEMBERED", type(tasks._REMEMBERED)())
    first = lt.hierarchy(project.areas), lt.names_by_level(project.areas, project.outlines)
    made = len(calls)
    first[0]["buurt"].clear()  # the caller's own copy
    first[1]["wijk"].clear()
    again = lt.hierarchy(project.areas), lt.names_by_level(project.areas, project.outlines)
    assert len(calls) == made and made >= 2  # not made again
    assert again == (real_tree(project.areas),
                     {level: dict(real_names(project.areas, project.outlines, level).names) for level in again[1]})
    other = project.areas.copy()  # an equal frame, another object: made for it
    lt.hierarchy(other)
    assert calls.count("tree") == 2


def test_change_map_classes_are_those_of_the_core_test(project, tmp_path):
    from hotspots.change.compare import compare_periods
    from hotspots.levels import incidents_at
    from mapping.change_map import LABELS, change_classes

    table, notes, page = lt.compare_with_map(project.incidents, None, project.areas, project.outlines, level="wijk",
                                             before=("2015-01", "2015-12"), after=("2016-01", "2016-12"))
    core = compare_periods(incidents=incidents_at(project.incidents, project.areas, "wijk"),
                           before=("2015-01", "2015-12"), after=("2016-01", "2016-12")).table
    want = {r.code: ("stijging" if r.after > r.before else "daling") if r.significant else "geen"
            for r in core.itertuples()}
    assert change_classes(table).set_axis(table["code"]).to_dict() == want
    from tests.disclosure_audit import map_config

    config = map_config(page)
    layer = next(s for s in config["layers"] if s["id"] == "verandering")
    data = layer["data"] if isinstance(layer["data"], dict) else json.loads(layer["data"])
    drawn = {f["properties"]["c"]: layer["class_labels"][f["properties"]["k"]] for f in data["features"]
             if "k" in f["properties"]}
    assert drawn == {code: LABELS[cls] for code, cls in want.items()}
    legend = json.dumps(config["legend"], ensure_ascii=False)
    assert "Significante stijging (1)" in legend and "Significante daling (2)" in legend
    assert "Geen cijfers in A en B (1)" in legend  # Meerstad e.o.: no incident in either year


def test_change_map_in_a_real_browser(project, tmp_path):
    """The page draws every wijk, its Dutch legend, and asks nothing outside its folder."""
    from mapping_helpers import Cdp, chromium_or_skip

    chromium_or_skip()
    _, _, page = lt.compare_with_map(project.incidents, None, project.areas, project.outlines, level="wijk",
                                     before=("2015-01", "2015-12"), after=("2016-01", "2016-12"))
    with Cdp(tmp_path / "profile") as cdp:
        cdp.open(page.as_uri())
        state = cdp.evaluate("""new Promise(resolve => setTimeout(() => resolve({
            legend: document.querySelector('.wb-legend').textContent,
            labels: Array.from(document.querySelectorAll('.wb-area-label')).map(e => e.textContent),
            paths: document.querySelectorAll('.leaflet-overlay-pane path').length}), 300))""")
        requests = list(cdp.requests)
    assert "Verandering van A naar B" in state["legend"] and "Significante daling" in state["legend"]
    assert "Centrum" in state["labels"]
    assert state["paths"] >= 15
    own = page.parent.as_uri()
    assert [r for r in requests if not r.startswith((own, "data:"))] == []


def test_charts_of_police_counts_follow_the_selected_area(project):
    """A counts project: the monthly chart of a wijk is the police's own rows of that wijk (every level is in the
    table, never buurten added up); of a buurt its rows; without a selection the gemeente's."""
    from hotspots.categories import choose_counts_category

    one = choose_counts_category(project.counts).counts
    for area, code in (("WK001400", "WK001400"), ("BU00140001", "BU00140001"), (None, "GM0014")):
        monthly = tasks.chart_data(None, "t", area=area, counts=project.counts).monthly
        rows = one[one["code"] == code]
        own = rows.set_index(rows["period"].astype(str))["count"]
        assert monthly.set_index(monthly["month"].astype(str))["count"].to_dict() == own.astype(float).to_dict()


def test_boundaries_only_at_wijk_level(project):
    """Without incidents or counts the window shows the areas themselves: at wijk level, the wijken."""
    found = lt.areas_view(project.areas, outlines=project.outlines, level="wijk")
    assert found.level == "wijk" and list(found.result.areas["code"]) == list(project.outlines["code"])
    assert found.names["wijk"]["WK001400"] == "Centrum" and found.map_path.is_file()


def test_charts_of_every_month_when_the_period_is_open(project):
    """The window asks the charts with its period as (start, end), both None for all months: the monthly series is
    then every month (it raised a KeyError: the mask of two open ends was a bare True)."""
    whole = tasks.chart_data(project.incidents, "t")
    open_ended = tasks.chart_data(project.incidents, "t", period=(None, None))
    pd.testing.assert_frame_equal(open_ended.monthly, whole.monthly)
    np.testing.assert_array_equal(open_ended.matrix, whole.matrix)
    later = tasks.chart_data(project.incidents, "t", period=("2016-01", None)).monthly
    assert str(later["month"].min()) == "2016-01" and later["month"].max() == whole.monthly["month"].max()


def test_the_monthly_chart_counts_every_category_of_one_area_once_a_month(project):
    """The monthly chart is one series: the incidents in the chosen areas per month, whatever their categories (one
    area of a project with two categories had two rows per month, drawn as twice as many months), by hand."""
    incidents = project.incidents.copy()
    incidents["category"] = np.where(np.arange(len(incidents)) % 2 == 0, "Overlast", "Vernieling")
    inside = incidents[incidents["area"].notna()]
    code = inside["area"].value_counts().index[0]
    months = lambda frame: frame["start"].dt.to_period("M").value_counts().sort_index()  # noqa: E731
    for area, rows in ((code, inside[inside["area"] == code]), (None, inside)):
        monthly = tasks.chart_data(incidents, "t", area=area).monthly
        assert list(monthly.columns) == ["month", "count", "prev_year"]
        assert monthly["month"].is_unique
        by_hand = months(rows).reindex(pd.period_range(months(inside).index.min(), months(inside).index.max(),
                                                       freq="M"), fill_value=0)
        assert monthly.set_index("month")["count"].astype(int).to_dict() == by_hand.astype(int).to_dict()
        shifted = monthly.set_index("month")["count"].shift(12)  # the same month a year earlier
        pd.testing.assert_series_equal(monthly.set_index("month")["prev_year"], shifted, check_names=False)


def test_a_level_prepared_ahead_is_made_once_and_gives_the_same_analysis(project, monkeypatch):
    """The window prepares the wijken in the worker while the user looks at the buurten (a thread there): an
    analysis at wijk level started meanwhile waits for it instead of making the same wijken a second time at
    once, and equals an analysis made without preparation."""
    import hotspots.levels as levels
    import hotspots.where.weights as weights

    for level in list(lt._PREPARING):  # a preparation an earlier test started would count in ours
        lt.prepared(level)
    # counted: the wijken dissolved (a union per wijk, remembered by the levels) and their neighbours; not the
    # map's unions, which depend on the maps an earlier test left remembered (the wijken's map is then the
    # union of the buurten's simplified outlines, as in a window that showed the buurten first)
    made = {"unions": 0, "neighbours": 0}
    real_put, real_matrix = levels._UNIONS.put, weights._contiguity_matrix
    monkeypatch.setattr(levels._UNIONS, "put", lambda geoms, key, found: made.__setitem__(
        "unions", made["unions"] + len(found[0])) or real_put(geoms, key, found))
    monkeypatch.setattr(weights, "_contiguity_matrix", lambda *a: made.__setitem__("neighbours", made["neighbours"]
                                                                                   + 1) or real_matrix(*a))
    levels._UNIONS.clear()
    weights._CONTIGUITY.clear()
    fresh = tasks.analyse(project.areas, incidents=project.incidents, level="wijk")  # dissolved: no outlines
    first = dict(made)
    assert first["unions"] == len(fresh.result.areas) and first["neighbours"] == 1
    levels._UNIONS.clear()
    weights._CONTIGUITY.clear()
    lt.prepare(project.areas, project.incidents, level="wijk")  # returns at once: a thread makes them
    assert lt._PREPARING["wijk"].is_alive() or made["unions"] > first["unions"]
    found = tasks.analyse(project.areas, incidents=project.incidents, level="wijk")  # waits for the thread
    assert not lt._PREPARING["wijk"].is_alive()
    assert made == {"unions": 2 * first["unions"], "neighbours": 2}  # made once more (by the preparation) only
    cols = ["code", "count", "z", "p_fdr", "gi_class"]
    pd.testing.assert_frame_equal(found.result.areas[cols].reset_index(drop=True),
                                  fresh.result.areas[cols].reset_index(drop=True))
