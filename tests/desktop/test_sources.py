"""Several sources side by side, themes across sources, a second boundary file as another division (issues 12
and 18), driven as the user does: the wizard and its question, the data panel's source list, theme box and
division box, save and reopen. The window's numbers are checked against the core (hotspots.selection)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.qt

from questions_helper import answer  # noqa: E402


def _boa_csv(path, demo_incidents, n=400, seed=3):
    """A second incident source: BOA reports at places of the demo's incidents, another category, 2016."""
    rng = np.random.default_rng(seed)
    rows = demo_incidents.dropna(subset=["x", "y"]).sample(n, random_state=seed)
    days = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D") \
        + pd.to_timedelta(rng.integers(8, 22, n), unit="h")
    cats = rng.choice(["Jeugdoverlast", "Afval"], n)
    lines = ["id;x;y;begin;categorie"] + [f"B{i};{x:.0f};{y:.0f};{d:%d-%m-%Y %H:%M};{c}"
                                          for i, (x, y, d, c) in enumerate(zip(rows["x"], rows["y"], days, cats))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _own_wijken(path):
    """A municipality's own division: 5 x 5 squares of 800 m in RD New over Groningen (not the CBS buurten)."""
    def square(x, y):
        return [[[x, y], [x + 800, y], [x + 800, y + 800], [x, y + 800], [x, y]]]
    features = [{"type": "Feature", "properties": {"wijkcode": f"WK9999{i:02d}", "wijknaam": f"Eigen wijk {i}"},
                 "geometry": {"type": "Polygon", "coordinates": square(231500 + 800 * (i % 5), 580500 + 800 * (i // 5))}}
                for i in range(25)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features,
                                "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}}),
                    encoding="utf-8")
    return path


def _import(window, qtbot, path, key, asked=None):
    """The wizard to its end, then Toevoegen with ``key`` as the answer to the question."""
    c = window.controller
    wizard = window.import_wizard(str(path))
    qtbot.addWidget(wizard)
    with qtbot.waitSignal(wizard.detected, timeout=60000):
        wizard.next()
    with qtbot.waitSignal(wizard.importDone, timeout=60000):
        wizard.next()
    answer(key, asked)
    with qtbot.waitSignal(c.analysis.done, timeout=90000):
        wizard.accept()
    qtbot.waitUntil(lambda: not c.analysis.runner.is_running(), timeout=60000)
    return wizard


def _check(window, qtbot, names):
    """Check exactly ``names`` in the data panel's source list (as clicks do) and wait for the analysis."""
    c, lst = window.controller, window.data_panel.sources
    for i in range(lst.count()):
        item = lst.item(i)
        want = Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in names else Qt.CheckState.Unchecked
        if item.checkState() != want:
            with qtbot.waitSignal(c.analysis.done, timeout=90000):
                item.setCheckState(want)
    qtbot.waitUntil(lambda: not c.analysis.runner.is_running(), timeout=60000)


def _table(window) -> pd.DataFrame:
    """The window's table as the user reads it: code, then every column by its header."""
    m = window.table.model
    heads = [m.headerData(i, Qt.Orientation.Horizontal) for i in range(m.columnCount())]
    return pd.DataFrame({h: m.column_texts(i) for i, h in enumerate(heads)})


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", ".")) if text else 0.0


def _core_counts(project, **choice) -> pd.DataFrame:
    """Per area and series the counts of the core: hotspots.selection's parts, each run on its own."""
    from hotspots.selection import Choice, run_parts, select
    from hotspots.where.methods import HOTSPOTS

    return run_parts(select(project, Choice(**choice)), HOTSPOTS.run, {}).table()


def test_two_incident_sources_side_by_side_and_analysed_on_one_or_both(demo, qtbot, tmp_path):
    c = demo.controller
    first = c.state.project.sources[0].name
    asked = []
    _import(demo, qtbot, _boa_csv(tmp_path / "boa_meldingen.csv", c.state.project.incidents), "add_source", asked)
    text, informative, buttons = asked[0]
    assert sorted(buttons) == ["Annuleren", "Toevoegen als nieuwe bron", "Vervangen"] and "al incidenten" in text
    p = c.state.project
    incs = p.sources_of("incidents")
    assert [s.name for s in incs] == [first, "boa_meldingen"]  # both kept, the new one named after its file
    assert len(incs[0].data) == 15947 and len(incs[1].data) == 400
    assert incs[1].report["path"].endswith("boa_meldingen.csv") and incs[0].report["path"].endswith(".csv")
    assert {x["category"] for x in incs[1].categories()} == {"Jeugdoverlast", "Afval"}
    # the new source is shown; the panel lists all three sources with it checked
    panel = demo.data_panel
    assert panel.sources.isVisible() and panel.sources.count() == 3 and panel.checked_sources() == ["boa_meldingen"]
    assert sorted(panel.choices()[1]) == ["Afval", "Jeugdoverlast"]
    counts = c.state.analysis.result.areas.set_index("code")["count"]
    assert counts.sum() == incs[1].data["area"].notna().sum()  # every located BOA report, nothing else
    # both incident sources: one series, equal to the core's combination of the two
    _check(demo, qtbot, [first, "boa_meldingen"])
    f = c.chosen.filters
    core = _core_counts(p, sources=(first, "boa_meldingen"), combine=True, period=(f["start"], f["end"]))
    got = c.state.analysis.result.areas.set_index("code")["count"]
    want = core.set_index("code").iloc[:, 1]
    assert (got.reindex(want.index).fillna(0).to_numpy() == want.fillna(0).to_numpy()).all()
    lo, hi = pd.Period(f["start"], "M").start_time, pd.Period(f["end"], "M").end_time
    assert (f["start"], f["end"]) == ("2016-01", "2016-12")  # the period chosen for the BOA reports stays
    assert got.sum() == sum(int((s.data["area"].notna() & s.data["start"].between(lo, hi)).sum()) for s in incs)
    assert sorted(panel.choices()[1]) == ["Afval", "Diefstal Fiets", "Jeugdoverlast"]
    assert "Bronnen: " + first + " + boa_meldingen" in c.state.map_page.read_text(encoding="utf-8")


def _new_theme(window, qtbot, name, picks):
    """'Nieuw thema...' in the theme box; the dialog filled as the user does, then Thema opslaan."""
    from desktop.panels.data_panel import NEW_THEME
    from desktop.theme_dialog import ThemeDialog

    def fill():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ThemeDialog):
            QTimer.singleShot(20, fill)
            return
        dialog.name.setText(name)
        for source, cats in picks.items():
            dialog.pick(source, cats)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    box = window.data_panel.theme
    QTimer.singleShot(0, fill)
    with qtbot.waitSignal(window.controller.analysis.done, timeout=120000):
        box.activated.emit(box.findData(NEW_THEME))
    qtbot.waitUntil(lambda: not window.controller.analysis.runner.is_running(), timeout=60000)


def test_a_source_added_is_analysed_once_it_has_arrived_and_a_click_after_it_counts(demo, qtbot, tmp_path):
    """Toevoegen als nieuwe bron: the project arrives as an opened one does, with the new source chosen, and is
    analysed after it has arrived (a rerun before that arrival was overtaken by it, and a click in the source list
    between the two was undone: CI saw the combined run replaced by the new source alone)."""
    c = demo.controller
    first = c.state.project.sources[0].name
    runs, arriving = [], []  # each run started: whether the project was on its way to the window by then
    c.project.loader.started.connect(lambda _: arriving.append(True))
    c.analysis.runner.started.connect(lambda _: runs.append((bool(arriving), list(c.chosen.sources))))
    _import(demo, qtbot, _boa_csv(tmp_path / "boa.csv", c.state.project.incidents, n=120, seed=5), "add_source")
    assert runs and all(after and sources == ["boa"] for after, sources in runs)
    _check(demo, qtbot, [first, "boa"])  # at once: nothing of the import is still on its way to undo it
    qtbot.wait(300)
    assert c.chosen.sources == [first, "boa"] and demo.data_panel.checked_sources() == [first, "boa"]
    assert c.state.analysis.result.areas["count"].sum() > 120 and not c.analysis.runner.is_running()


def test_theme_across_counts_and_incidents_shows_both_side_by_side(demo, qtbot):
    c = demo.controller
    p = c.state.project
    inc, cnt = p.sources_of("incidents")[0].name, p.sources_of("counts")[0].name
    _new_theme(demo, qtbot, "Fietsendiefstal", {inc: ["Diefstal Fiets"], cnt: ["1.2.3"]})
    assert [t.name for t in p.themes] == ["Fietsendiefstal"] and c.chosen.theme == "Fietsendiefstal"
    assert p.theme("Fietsendiefstal").categories == {inc: ("Diefstal Fiets",), cnt: ("1.2.3",)}
    assert demo.data_panel.theme.currentText() == "Fietsendiefstal"
    assert sorted(demo.data_panel.checked_sources()) == sorted([inc, cnt])
    table = _table(demo)
    heads = [h for h in table.columns if h.startswith((inc, cnt))]
    assert heads == [inc, cnt, f"{cnt} (klasse)"]
    # never one sum: two columns, each equal to the core's own series
    f = c.chosen.filters
    core = _core_counts(p, theme="Fietsendiefstal", period=(f["start"], f["end"])).set_index("code")
    for head in heads[:2]:
        got = pd.Series([_number(t) for t in table[head]], index=table["Code"])
        want = core[f"Fietsendiefstal ({head}): aantal"].reindex(got.index).fillna(0)
        assert (got.to_numpy() == want.to_numpy()).all(), head
    assert table[heads[1]].map(_number).sum() > 0 and table[heads[0]].map(_number).sum() > 0
    page = c.state.map_page.read_text(encoding="utf-8")
    assert f"naast elkaar, niet opgeteld: {cnt}" in page and "Fietsendiefstal" in page


def test_second_boundary_file_kept_as_another_division(demo, qtbot, tmp_path):
    c = demo.controller
    asked = []
    _import(demo, qtbot, _own_wijken(tmp_path / "eigen_wijken.geojson"), "beside", asked)
    assert sorted(asked[0][2]) == ["Annuleren", "Naast de huidige als andere indeling", "Vervangen"]
    p = c.state.project
    assert [d.name for d in p.divisions] == ["groningen_buurten_2017", "eigen_wijken"]
    assert len(p.areas) == 108  # the buurten stay the project's first division
    box = demo.data_panel.division
    assert box.isVisible() and box.currentText() == "eigen_wijken"
    result = c.state.analysis.result.areas
    assert sorted(result["code"]) == [f"WK9999{i:02d}" for i in range(25)]
    # the incidents are located in the other division's areas: as the core does it
    from hotspots.where.assign import assign_points

    inc = c.filtered_incidents().drop(columns="area")
    want = assign_points(inc, p.division("eigen_wijken").areas["wijk"]).incidents["area"].value_counts()
    assert result.set_index("code")["count"].to_dict() == {k: int(want.get(k, 0)) for k in result["code"]}
    # back to the buurten in the box
    with qtbot.waitSignal(c.analysis.done, timeout=90000):
        box.activated.emit(box.findData("groningen_buurten_2017"))
    assert len(c.state.analysis.result.areas) == 108


def test_save_and_reopen_keeps_sources_theme_and_division(demo, second_window, qtbot, tmp_path):
    c = demo.controller
    _import(demo, qtbot, _boa_csv(tmp_path / "boa_meldingen.csv", c.state.project.incidents), "add_source")
    _import(demo, qtbot, _own_wijken(tmp_path / "eigen_wijken.geojson"), "beside")
    p = c.state.project
    inc = p.sources_of("incidents")[1].name
    _new_theme(demo, qtbot, "Overlast", {inc: ["Jeugdoverlast"]})
    path = tmp_path / "twee_bronnen.gpkg"
    with qtbot.waitSignal(c.project.saved, timeout=60000):
        c.project.save(path)
    table = _table(demo)
    c2 = second_window.controller
    with qtbot.waitSignal(c2.analysis.done, timeout=120000):
        c2.project.open_project(path)
    qtbot.waitUntil(lambda: not c2.analysis.runner.is_running(), timeout=60000)
    p2 = c2.state.project
    assert [(s.name, s.kind, len(s.data)) for s in p2.sources] == [(s.name, s.kind, len(s.data)) for s in p.sources]
    assert [d.name for d in p2.divisions] == [d.name for d in p.divisions]
    assert p2.theme("Overlast").categories == {inc: ("Jeugdoverlast",)}
    assert (c2.chosen.theme, c2.chosen.division) == ("Overlast", "eigen_wijken")
    panel = second_window.data_panel
    assert panel.theme.currentText() == "Overlast" and panel.division.currentText() == "eigen_wijken"
    assert panel.checked_sources() == [inc]
    assert _table(second_window).equals(table)


def test_the_ontwikkeling_view_follows_a_theme_across_two_incident_sources(demo, qtbot, tmp_path):
    """A theme over the demo's bicycle thefts and the BOA reports' 'Afval': the Ontwikkeling tab's year-on-year
    table is that of exactly these incidents, as the core computes it (desktop.change_tasks.development on the
    two sources' chosen rows together, one series as the map counts them); without the theme it follows back."""
    from desktop import change_tasks

    c = demo.controller
    _import(demo, qtbot, _boa_csv(tmp_path / "boa_meldingen.csv", c.state.project.incidents), "add_source")
    p = c.state.project
    first, boa = [s.name for s in p.sources_of("incidents")]
    _new_theme(demo, qtbot, "Fiets en afval", {first: ["Diefstal Fiets"], boa: ["Afval"]})
    own = p.sources_of("incidents")
    afval = own[1].data[own[1].data["category"] == "Afval"]
    assert 0 < len(afval) < len(own[1].data)
    chosen = pd.concat([own[0].data[own[0].data["category"] == "Diefstal Fiets"], afval], ignore_index=True)
    f = c.chosen.filters
    demo.tabs.setCurrentIndex(2)  # Ontwikkeling
    qtbot.waitUntil(lambda: c.questions.development is not None and not c.development.dev_runner.is_running(),
                    timeout=60000)
    got = c.questions.development
    want = change_tasks.development(incidents=chosen, areas=p.areas, outlines=p.outlines, level="buurt",
                                    selected=list(c.chosen.selected), period=(f.get("start"), f.get("end")))
    cols = ["code", "before", "after"]
    assert got.table is not None and want.table is not None
    pd.testing.assert_frame_equal(got.table[cols].reset_index(drop=True), want.table[cols].reset_index(drop=True))
    # the theme taken away: the view follows back to the first source
    before = got.table["after"].sum()
    with qtbot.waitSignal(c.development.dev_runner.resultReady, timeout=60000):
        c.choose_theme(None)
    assert c.questions.development.table["after"].sum() != before
