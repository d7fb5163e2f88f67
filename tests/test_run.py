"""One analysis run (hotspots.run): every result from one Inputs, the incidents located once."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hotspots.inputs import Inputs, Selection
from hotspots.run import PARTS, run_analysis
from kernel.errors import AnalysisError, Cancelled
from tests.test_analysis_shape import _town


@pytest.fixture(scope="module")
def town():
    return _town()


def test_one_run_gives_what_the_separate_analyses_give(town):
    from hotspots.change.trends import run_trends
    from hotspots.when.hottimes import run_hottimes
    from hotspots.where.assign import assign_points
    from hotspots.where.hotspots import run_hotspots

    areas, inc = town
    run = run_analysis(Inputs(areas=areas, incidents=inc), {"hotspots": {"permutations": 99}})
    assert set(run.results()) == set(PARTS) and run.skipped == {}
    alone = run_hotspots(areas, incidents=inc, params={"permutations": 99})
    pd.testing.assert_frame_equal(run.hotspots.table(), alone.table())
    assert run.hotspots.notes == alone.notes and run.hotspots.outside == alone.outside
    located = assign_points(inc, areas).incidents
    np.testing.assert_array_equal(run.hottimes.matrix, run_hottimes(located).matrix)
    pd.testing.assert_frame_equal(run.trends.tests, run_trends(incidents=located, areas=areas).tests)
    assert run.params["hotspots"]["permutations"] == 99 and run.params["hottimes"]["aoristic"] is True
    d = run.to_dict()
    assert set(PARTS) <= set(d) and d["notes"] == run.notes and len(run.notes) == len(set(run.notes))


def test_the_incidents_are_located_once(town, monkeypatch):
    from hotspots.where import assign

    areas, inc = town
    calls = []
    real = assign.assign_points
    monkeypatch.setattr(assign, "assign_points", lambda *a, **k: calls.append(1) or real(*a, **k))
    run = run_analysis(Inputs(areas=areas, incidents=inc))
    assert calls == [1] and run.hottimes is not None and run.trends is not None
    # incidents that carry their area already (the window's project) are not located at all
    calls.clear()
    run_analysis(Inputs(areas=areas, incidents=run.assigned))
    assert calls == []


def test_counts_skip_the_hot_times_with_the_reason(town):
    areas, _ = town
    counts = pd.DataFrame({"code": np.repeat(areas["code"].to_numpy(), 24),
                           "period": np.tile(pd.period_range("2016-01", periods=24, freq="M"), 16),
                           "count": np.arange(16 * 24) % 7})
    run = run_analysis(Inputs(areas=areas, counts=counts, selection=Selection(label="alles")))
    assert run.hottimes is None and run.skipped == {"hottimes": "niet uitgevoerd (geen incidenten)"}
    assert run.trends is not None and run.hotspots.incidents == int(counts["count"].sum())
    only = run_analysis(Inputs(areas=areas, counts=counts), parts=("hotspots",))
    assert only.trends is None and only.skipped == {"hottimes": "niet uitgevoerd (geen incidenten)",
                                                    "trends": "niet gevraagd"}


def test_errors_and_cancel(town):
    areas, inc = town
    with pytest.raises(AnalysisError, match="Geef incidenten óf tellingen"):
        run_analysis(Inputs(areas=areas))
    with pytest.raises(AnalysisError, match="Onbekende analyse"):
        run_analysis(Inputs(areas=areas, incidents=inc), {"gi_star": {}})
    with pytest.raises(Cancelled):
        run_analysis(Inputs(areas=areas, incidents=inc), cancelled=lambda: True)
    # a part that cannot run is skipped with its reason, the rest stands
    dated = inc.assign(start=inc["start"].dt.normalize(), end=pd.NaT)
    run = run_analysis(Inputs(areas=areas, incidents=dated), {"trends": {"start": "2030-01"}})
    assert run.trends is None and run.skipped["trends"].startswith("niet uitgevoerd: ")


def test_a_light_run_publishes_what_the_whole_run_publishes():
    """The window gets ``run.light()`` back from its worker process: without the assigned incidents and with only
    the flagged months of the trends' series (issues 18/19: 180 MB of the national run). Everything the output
    pipeline publishes from it (the trend sheet, the trend sentences of the summary, under a privacy rule or none)
    is what the whole run publishes."""
    from importers import read_boundaries, read_incidents
    from mapping.disclosure import PrivacyRules
    from mapping.outputs import tables
    from mapping.protect import protect_run
    from resources import demo

    areas, _ = read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)
    incidents, _ = read_incidents(demo.INCIDENTS)
    incidents.loc[incidents.index[::4000], "category"] = "Klein"  # a category of a few incidents per buurt
    run = run_analysis(Inputs(areas=areas, incidents=incidents), {"hotspots": {"permutations": 99}})
    light = run.light()
    flagged = run.trends.series["flag"] == "hoog"
    assert flagged.sum() > 0 and len(light.trends.series) == flagged.sum() < len(run.trends.series)
    assert run.assigned is not None and light.assigned is None and light.inputs.incidents is None
    assert run.hotspots.assigned is not None  # the run itself is left as it was
    for rules in (PrivacyRules(), PrivacyRules(10)):
        whole, part = protect_run(run, rules), protect_run(light, rules)
        pd.testing.assert_frame_equal(tables(light, part)["Trends"], tables(run, whole)["Trends"])
        assert part.trend_sentences(light.trends) == whole.trend_sentences(run.trends)
        assert any("hoger dan verwacht" in s for s in whole.trend_sentences(run.trends))
        if whole.active:  # series of 1-9 incidents in areas whose total is shown: hidden alike from the light run
            small = whole.hidden_series(run.trends.tests, run.trends) & ~run.trends.tests["code"].astype(str).isin(
                whole.hidden_codes).to_numpy()
            assert small.any()
            assert (part.hidden_series(light.trends.tests, light.trends) == whole.hidden_series(
                run.trends.tests, run.trends)).all()
