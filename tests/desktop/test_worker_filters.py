"""Issues 18/19: with a large project the worker process keeps the project's incidents and filters them itself
(packing.RESIDENT_KEEP): the window sends the filter, not a filtered copy; the result is the one of the filtered
incidents, counted by hand."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qt


def test_a_period_and_category_are_filtered_in_the_worker_with_the_same_counts(demo, qtbot, monkeypatch):
    from desktop import procpool
    from hotspots.where.assign import ensure_assigned

    monkeypatch.setattr(procpool, "PROCESS_ROWS", 1000)  # the demo's 16,000 incidents count as large
    c = demo.controller
    sent, later = [], []  # the analysis, and its hot times and trends after the map
    real = c.analysis.runner.start

    def start(fn, *a, **k):
        (later.append((a, k)) if fn.__name__ == "analyse_later" else sent.append(k))
        return real(fn, *a, **k)

    monkeypatch.setattr(c.analysis.runner, "start", start)
    category = c.state.categories[0]
    with qtbot.waitSignals([c.analysis.done, c.analysis.completed], timeout=120000):
        c.chosen.filters = {"start": "2016-01", "end": "2016-06", "category": category}
    assert c.analysis.runner.in_process
    project = c.state.project
    assert sent[-1]["incidents"] is project.incidents  # the whole frame (kept by the worker), with the filter
    assert sent[-1]["filters"] == {"start": "2016-01", "end": "2016-06", "category": category, "when": None}
    assert later[-1][0][1] is project.incidents and later[-1][1]["filters"] == sent[-1]["filters"]
    # by hand: the incidents of those months and that category, located in the buurten, counted per buurt
    inc = c.analysis.filtered_incidents()
    assert 0 < len(inc) < len(project.incidents)
    located = ensure_assigned(inc.drop(columns="area", errors="ignore"), project.areas).incidents
    by_hand = located.dropna(subset=["area"]).groupby("area")["area"].size()
    got = c.state.analysis.result.areas.set_index("code")["count"]
    assert got.sum() == by_hand.sum()
    for code, n in by_hand.items():
        assert got[code] == n, code
    # nothing filtered out: the project's frame itself goes, without a filter
    with qtbot.waitSignal(c.analysis.done, timeout=120000):
        c.chosen.filters = {"start": None, "end": None, "category": None}
    assert sent[-1]["incidents"] is project.incidents and sent[-1]["filters"] is None
    assert c.state.analysis.result.areas["count"].sum() == len(
        ensure_assigned(project.incidents.drop(columns="area", errors="ignore"), project.areas).incidents
        .dropna(subset=["area"]))
