"""Ruimte en tijd follows the data panel's choice (issues 12 and 18): two incident sources and a theme across them
give exactly the core's result on those incidents (the window selects, the worker runs the core, the window
computes nothing itself); another division (Indeling) gives the results on its areas; police counts alone are
said in the tab, never added to incidents."""
from __future__ import annotations

import pandas as pd
import pytest

pytestmark = pytest.mark.qt

from questions_helper import answer  # noqa: E402
from test_sources import _boa_csv, _import, _new_theme, _own_wijken  # noqa: E402


def _rows(panel) -> dict:
    t = panel.table
    return {t.item(i, 0).data(0x0100): t.item(i, 1).text() for i in range(t.rowCount())}


def _themed(project, picks: dict) -> pd.DataFrame:
    """The incidents of ``picks`` (source -> categories) of the project's incident sources, as one frame."""
    frames = [s.data[s.data["category"].astype("string").isin(picks[s.name]).fillna(False).to_numpy(bool)]
              for s in project.sources_of("incidents") if s.name in picks]
    return pd.concat(frames, ignore_index=True)


def two_sources_and_a_theme(window, qtbot, tmp_path) -> tuple:
    """A second incident source (BOA reports) added through the wizard, and the theme 'Fiets en afval' over the
    demo's bicycle thefts and the reports' 'Afval' made in the data panel: ``(first, boa, chosen)``, ``chosen``
    the incidents of the theme as one frame."""
    c = window.controller
    _import(window, qtbot, _boa_csv(tmp_path / "boa_meldingen.csv", c.state.project.incidents), "add_source")
    p = c.state.project
    first, boa = [s.name for s in p.sources_of("incidents")]
    picks = {first: ["Diefstal Fiets"], boa: ["Afval"]}
    _new_theme(window, qtbot, "Fiets en afval", picks)
    chosen = _themed(p, picks)
    assert 0 < (chosen["category"] == "Afval").sum() < len(p.source(boa).data)
    return first, boa, chosen


def test_ruimte_en_tijd_follows_two_sources_a_theme_and_the_division(demo, qtbot, tmp_path):
    from hotspots.inputs import Inputs
    from hotspots.spacetime import emerging, nearrepeat

    window, c = demo, demo.controller
    st = c.spacetime
    first, boa, chosen = two_sources_and_a_theme(window, qtbot, tmp_path)
    p = c.state.project
    window.tabs.setCurrentWidget(window.spacetime_panel)
    panel = window.spacetime_panel
    # emerging hot spots: the whole history of both sources' chosen categories, one series
    with qtbot.waitSignal(st.emergingDone, timeout=300000) as done:
        panel.run_button.click()
    core = emerging.run(Inputs(areas=p.areas, incidents=chosen), {}).table().set_index("code")
    assert _rows(panel) == dict(zip(core.index.astype(str), core["label"]))
    assert panel.sentence.text() == emerging.run(Inputs(areas=p.areas, incidents=chosen), {}).sentences[0]
    assert "Fiets en afval" in panel.status.text() and first in panel.status.text() and boa in panel.status.text()
    assert c.state.map_page == done.args[0].map_path.resolve()
    # near repeats: the chosen period of the same incidents
    f = c.chosen.filters
    lo, hi = pd.Period(f["start"], "M").start_time, pd.Period(f["end"], "M").end_time
    in_period = chosen[pd.to_datetime(chosen["start"]).between(lo, hi)]
    panel.method.setCurrentIndex(1)
    panel.permutations.setValue(99)
    answer("run")  # should it be asked about: Toch berekenen
    with qtbot.waitSignal(st.nearDone, timeout=300000) as done:
        panel.run_button.click()
    want = nearrepeat.run(Inputs(areas=p.areas, incidents=in_period), {"permutations": 99})
    got = done.args[0].result
    assert got.incidents == want.incidents and panel.sentence.text() == want.sentence
    pd.testing.assert_frame_equal(got.table.reset_index(drop=True), want.table.reset_index(drop=True))
    # another division (the municipality's own wijken): the areas change, the incidents are located in them
    _import(demo, qtbot, _own_wijken(tmp_path / "eigen_wijken.geojson"), "beside")
    assert c.chosen.division == "eigen_wijken"
    panel.method.setCurrentIndex(0)
    with qtbot.waitSignal(st.emergingDone, timeout=300000):
        panel.run_button.click()
    own = p.division("eigen_wijken").areas["wijk"]
    core = emerging.run(Inputs(areas=own, incidents=chosen.drop(columns="area")), {}).table().set_index("code")
    assert sorted(_rows(panel)) == sorted(f"WK9999{i:02d}" for i in range(25))
    assert _rows(panel) == dict(zip(core.index.astype(str), core["label"]))
    assert "indeling eigen_wijken" in panel.status.text()


def test_police_counts_alone_are_said_in_the_tab_not_added(demo, qtbot):
    """With the police counts alone chosen, near repeats and stable hot spots say why they cannot run, and the
    stable result of the incidents chosen before (its table, sentence and map) no longer stands under that
    message as if it were the answer: the table is empty and the map is the hot-spot map again."""
    window, c = demo, demo.controller
    p = c.state.project
    counts = p.sources_of("counts")[0].name
    window.tabs.setCurrentWidget(window.spacetime_panel)
    panel = window.spacetime_panel
    panel.method.setCurrentIndex(2)  # stable hot spots of the demo's incidents first
    with qtbot.waitSignal(c.spacetime.stableDone, timeout=180000):
        panel.run_button.click()
    qtbot.waitUntil(lambda: c.state.map_page == c.spacetime.mapped.map_path.resolve(), timeout=10000)
    assert panel.table.rowCount() > 0
    with qtbot.waitSignal(c.analysis.done, timeout=90000):
        c.chosen.sources = [counts]
    for index, what in ((1, "Bijna-herhaling"), (2, "Stabiele hot spots")):
        panel.method.setCurrentIndex(index)
        with qtbot.assertNotEmitted(c.spacetime.near_runner.started), \
                qtbot.assertNotEmitted(c.spacetime.stable_runner.started):
            panel.run_button.click()
        text = panel.status.text()
        assert text.startswith(what) and counts in text and "politietellingen" in text, text
        assert panel.table.rowCount() == 0 and panel.sentence.text() == "" and panel.caption.text() == ""
        assert c.spacetime.mapped is None and c.state.map_page == c.state.analysis.map_path.resolve()
