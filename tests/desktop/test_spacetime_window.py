"""The Ruimte en tijd tab (issue 15): emerging hot spots, near repeats and stable hot spots of the window's project.

The tab's table and the map's categories are compared with :func:`hotspots.spacetime.emerging.run` on the
same incidents, the Knox table and sentence with :func:`hotspots.spacetime.nearrepeat.run`, and the stable
table and map with :func:`hotspots.spacetime.stable.run`; the work
runs in the worker process with progress, and Afbreken stops it.
"""
from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.qt

from questions_helper import answer  # noqa: E402

CATEGORY = "Diefstal Fiets"


def _open_tab(window):
    tabs = window.tabs
    tabs.setCurrentWidget(window.spacetime_panel)
    return window.spacetime_panel


def _map_categories(path, layer_id: str = "emerging") -> dict:
    """The class label of every area as the map page's layer draws it (its configuration)."""
    from tests.disclosure_audit import map_config

    layer = next(spec for spec in map_config(path)["layers"] if spec["id"] == layer_id)
    data = layer["data"] if isinstance(layer["data"], dict) else json.loads(layer["data"])
    return {f["properties"]["c"]: layer["class_labels"][f["properties"]["k"]] for f in data["features"]}


def test_emerging_in_the_window_equals_the_core(demo, qtbot):
    from hotspots.inputs import Inputs
    from hotspots.spacetime import emerging

    window, c = demo, demo.controller
    panel = _open_tab(window)
    st = c.spacetime
    with qtbot.waitSignal(st.emergingDone, timeout=180000) as done:
        panel.run_button.click()
    assert st.emerging_runner.in_process  # in the worker process
    view = done.args[0]
    p = c.state.project
    incidents = p.incidents[p.incidents["category"].astype("string") == CATEGORY] \
        if c.chosen.filters.get("category") == CATEGORY else p.incidents
    core = emerging.run(Inputs(areas=p.areas, incidents=incidents), {})
    want = core.table().set_index("code")
    # the tab's table: every location, its category in the core's colour and its sentence
    t = panel.table
    assert t.rowCount() == len(want)
    seen = {}
    for i in range(t.rowCount()):
        code = t.item(i, 0).data(0x0100)
        seen[code] = (t.item(i, 1).text(), t.item(i, 1).background().color().name(), t.item(i, 2).text())
    assert seen == {code: (r.label, r.colour, r.sentence) for code, r in want.iterrows()}
    assert panel.sentence.text() == core.sentences[0]
    # the map: shown while the tab is, each area in its category
    assert c.state.map_page == view.map_path.resolve()
    assert _map_categories(view.map_path) == dict(zip(want.index.astype(str), want["label"]))
    # back to the charts: the hot-spot map again
    window.tabs.setCurrentIndex(0)
    assert c.state.map_page == c.state.analysis.map_path.resolve()


def test_near_repeat_in_the_window_equals_the_core(demo, qtbot):
    from hotspots.inputs import Inputs
    from hotspots.spacetime import nearrepeat
    from desktop import tasks
    from desktop.strings import number

    window, c = demo, demo.controller
    with qtbot.waitSignal(c.analysis.settled, timeout=120000):
        c.chosen.filters = {"start": "2016-09", "end": "2017-08", "category": CATEGORY}
    panel = _open_tab(window)
    panel.method.setCurrentIndex(1)
    panel.permutations.setValue(99)
    panel.noun.setText("fietsdiefstal")
    progress = []
    c.spacetime.near_runner.progressChanged.connect(lambda f, t: progress.append(f))
    with qtbot.waitSignal(c.spacetime.nearDone, timeout=300000) as done:
        panel.run_button.click()
    view = done.args[0]
    assert progress  # the status bar's bar had something to show
    p = c.state.project
    chosen = tasks.filter_incidents(p.incidents, "2016-09", "2017-08", CATEGORY)
    core = nearrepeat.run(Inputs(areas=p.areas, incidents=chosen), {"permutations": 99, "noun": "fietsdiefstal"})
    assert panel.sentence.text() == core.sentence
    assert "na een fietsdiefstal" in core.sentence or core.sentence.startswith("Geen")
    inner = core.table[core.table["p_fdr"].notna()]
    t = panel.table
    assert t.rowCount() == inner["row"].nunique()
    for i, (label, part) in enumerate(inner.groupby("row", sort=False)):
        assert t.item(i, 0).text() == label
        for j, r in enumerate(part.itertuples(), 1):
            item = t.item(i, j)
            assert item.text() == number(r.ratio, 2)
            assert item.font().bold() == bool(r.significant)
    assert view.result.incidents == core.incidents


def test_stable_in_the_window_equals_the_core(demo, qtbot):
    from desktop import tasks
    from hotspots.inputs import Inputs
    from hotspots.spacetime import stable

    window, c = demo, demo.controller
    with qtbot.waitSignal(c.analysis.settled, timeout=120000):
        c.chosen.filters = {"start": "2016-09", "end": "2017-08", "category": CATEGORY}
    panel = _open_tab(window)
    panel.method.setCurrentIndex(2)
    with qtbot.waitSignal(c.spacetime.stableDone, timeout=300000) as done:
        panel.run_button.click()
    view = done.args[0]
    p = c.state.project
    core = stable.run(Inputs(areas=p.areas, incidents=tasks.filter_incidents(p.incidents, "2016-09", "2017-08",
                                                                            CATEGORY)))
    n = len(core.scales)
    hot = core.areas[core.areas["scales_hot"] > 0]
    t = panel.table
    shown = {t.item(i, 0).data(0x0100): (t.item(i, 1).text(), t.item(i, 2).text()) for i in range(t.rowCount())}
    assert shown == {str(r.code): (f"{int(r.scales_hot)} van {n}", r.hot_at) for r in hot.itertuples()}
    assert c.state.map_page == view.map_path.resolve()
    per_area = _map_categories(view.map_path, "stabiel_gebieden")
    assert per_area == {str(code): f"{int(k)} van de {n} schalen" for code, k in zip(core.areas["code"],
                                                                                     core.areas["scales_hot"])}


def test_near_repeat_is_cancelled_and_counts_only_say_why(demo, qtbot):
    window, c = demo, demo.controller
    panel = _open_tab(window)
    panel.method.setCurrentIndex(1)
    panel.permutations.setValue(9999)
    runner = c.spacetime.near_runner
    answer("run")  # it would take long: Toch berekenen
    with qtbot.waitSignal(runner.started, timeout=10000):
        panel.run_button.click()
    assert runner.is_running()
    with qtbot.waitSignal(runner.cancelled, timeout=10000):
        window.progress.cancelRequested.emit()
    assert not runner.is_running()
    # a project with police counts only: the tab says near repeats need incidents, no message box
    c.state.project.incidents = None
    panel.run_button.click()
    assert "alleen politietellingen" in panel.status.text()


def test_a_long_near_repeat_test_is_asked_about_with_its_expected_time(demo, qtbot):
    """The Knox test on all the demo's incidents: some 12 million pairs within 500 m, each visited once per
    permutation. Before it starts the window says how long (from the pairs counted on a sample) and why."""
    from desktop import estimate
    from hotspots.spacetime.knox import close_pairs

    window, c = demo, demo.controller
    panel = _open_tab(window)
    panel.method.setCurrentIndex(1)
    panel.permutations.setValue(999)
    asked = []
    answer("cancel", asked)
    with qtbot.assertNotEmitted(c.spacetime.near_runner.started):
        panel.run_button.click()
    text = asked[0][0]
    p = c.state.project
    incidents = p.incidents.dropna(subset=["x", "y"])
    exact = len(close_pairs(incidents["x"].to_numpy(float), incidents["y"].to_numpy(float), 500.0)[0])
    want = estimate.near_repeat(n_incidents=len(incidents), pairs=exact, permutations=999)
    assert "naar schatting ongeveer" in text and "paren incidenten" in text and "999 permutaties" in text, text
    shown = int(text.split("(")[1].split(" paren")[0].replace(".", ""))
    assert abs(shown - exact) < 0.15 * exact  # the sample's count of the pairs is near the exact one
    assert abs(float(text.split("ongeveer ")[1].split(" ")[0]) - want.seconds / 60) <= 1  # minutes, as the core's
    assert "permutaties" in asked[0][1] and "cellen" not in asked[0][1]  # its own advice
    assert not c.spacetime.near_runner.is_running()
    assert "Niet berekend" in window.statusBar().currentMessage()
    # fewer incidents (one category in one year), 99 permutations: no question, it runs
    with qtbot.waitSignal(c.analysis.settled, timeout=120000):
        c.chosen.filters = {"start": "2016-09", "end": "2017-08", "category": CATEGORY}
    panel.permutations.setValue(99)
    with qtbot.waitSignal(c.spacetime.near_runner.started, timeout=10000):
        panel.run_button.click()
    c.cancel()


@pytest.mark.parametrize("method, unit", [(0, "square"), (2, None)])
def test_emerging_and_stable_say_their_expected_time_before_a_long_run(demo, qtbot, monkeypatch, method, unit):
    """Emerging and stable hot spots estimate their time before they start (desktop.estimate: the cube of places x
    months, the incidents, cells and places of the scales) and ask above estimate.ASK_S, as near repeats do. The
    demo's runs take well under a second, so the threshold is lowered here to make them 'long'."""
    from desktop import estimate
    from hotspots.inputs import Inputs
    from hotspots.spacetime import emerging

    window, c = demo, demo.controller
    st = c.spacetime
    monkeypatch.setattr(estimate, "ASK_S", 0.01)
    panel = _open_tab(window)
    panel.method.setCurrentIndex(method)
    if unit:
        panel.unit.setCurrentIndex(panel.unit.findData(unit))
    runner = st.emerging_runner if method == 0 else st.stable_runner
    asked = []
    answer("cancel", asked)
    with qtbot.assertNotEmitted(runner.started):
        panel.run_button.click()
    text, informative = asked[0][0], asked[0][1]
    assert "naar schatting ongeveer" in text and "Niet berekend" in window.statusBar().currentMessage()
    p = c.state.project
    if method == 0:  # the estimate's cube is the run's: the same places and months
        core = emerging.run(Inputs(areas=p.areas, incidents=p.incidents), {"unit": unit})
        assert f"{len(core.months)} maanden" in text and "cellen" in text, text
        places = int(text.split("(")[1].split(" cellen")[0].replace(".", ""))
        assert abs(places - len(core.locations)) < 0.15 * len(core.locations)
        assert "cellen" in informative
    else:
        assert "incidenten op 4 schalen" in text and "kortere periode" in informative, text
    # Toch berekenen: it runs
    answer("run")
    with qtbot.waitSignal(st.emergingDone if method == 0 else st.stableDone, timeout=300000):
        panel.run_button.click()
