"""Work is never lost: Nieuw, Demo, Openen and closing ask about unsaved changes; the title shows a ``*``."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qt

from PySide6.QtWidgets import QFileDialog  # noqa: E402

from importers.project import load_project  # noqa: E402
from questions_helper import answer  # noqa: E402

CODE = "BU00140001"


def change(window, qtbot):
    """What the user did: chose another period (the analysis reruns) and clicked a buurt."""
    c = window.controller
    panel = window.data_panel
    with qtbot.waitSignal(c.analysis.done, timeout=60000):
        panel.start.setCurrentIndex(panel.start.findData("2016-01"))
    c.selection.select([CODE], source="map")
    assert c.state.dirty


def test_the_title_shows_a_star_while_there_are_unsaved_changes(demo, qtbot, tmp_path):
    c = demo.controller
    assert "*" not in demo.windowTitle()
    change(demo, qtbot)
    assert demo.windowTitle().endswith(" *")
    with qtbot.waitSignal(c.project.saved, timeout=30000):
        c.project.save(tmp_path / "fiets.gpkg")
    assert demo.windowTitle() == "Wijkbeeld – fiets"
    c.selection.select(["BU00140000"], source="table")
    assert demo.windowTitle() == "Wijkbeeld – fiets *"


@pytest.mark.parametrize("action", ["action.new", "action.demo", "action.open"])
def test_cancel_keeps_the_changed_project(demo, qtbot, tmp_path, monkeypatch, action):
    c = demo.controller
    change(demo, qtbot)
    opened = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: opened.append(1) or ("", ""))
    asked = []
    answer("cancel", asked)
    demo.actions_by_key[action].trigger()
    assert asked and "niet zijn opgeslagen" in asked[0][0]
    assert sorted(asked[0][2]) == ["Annuleren", "Niet opslaan", "Opslaan"]  # in the platform's order
    assert not opened  # Openen asks first, and after Annuleren shows no file dialog
    assert c.state.dirty and c.chosen.selected == [CODE] and c.chosen.filters["start"] == "2016-01"
    assert c.state.project.incidents is not None and demo.windowTitle().endswith(" *")


def test_niet_opslaan_starts_a_new_project(demo, qtbot):
    c = demo.controller
    change(demo, qtbot)
    asked = []
    answer("discard", asked)
    demo.actions_by_key["action.new"].trigger()
    assert "een nieuw project begint" in asked[0][1]
    assert c.state.project.is_empty() and not c.state.dirty and "*" not in demo.windowTitle()


def test_opslaan_saves_then_opens_the_other_project(demo, qtbot, tmp_path, monkeypatch):
    c = demo.controller
    other = tmp_path / "ander.gpkg"
    with qtbot.waitSignal(c.project.saved, timeout=30000):
        c.project.save(other)
    change(demo, qtbot)
    mine = tmp_path / "mijn.gpkg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(mine), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    c.state.path = None  # the changed project has no file of its own yet: Opslaan asks where
    answer("save")
    with qtbot.waitSignal(c.analysis.done, timeout=60000):
        demo.actions_by_key["action.open"].trigger()
    kept = load_project(mine)
    assert kept.view["selected"] == [CODE] and kept.settings["filters"]["start"] == "2016-01"
    assert c.state.path == other and not c.state.dirty


def test_opslaan_before_the_demo_and_a_failed_save_keeps_the_project(demo, qtbot, tmp_path, monkeypatch):
    """A save that fails (the folder is gone) is no permission to throw the project away."""
    c = demo.controller
    change(demo, qtbot)
    c.state.path = tmp_path / "weg" / "p.gpkg"
    answer("save")
    demo.actions_by_key["action.demo"].trigger()
    assert c.state.dirty and c.chosen.selected == [CODE]


def test_closing_the_window_asks(demo, qtbot):
    change(demo, qtbot)
    asked = []
    answer("cancel", asked)
    demo.close()
    assert demo.isVisible() and "Wijkbeeld sluit" in asked[0][1]
    answer("discard")
    demo.close()
    assert not demo.isVisible()


def test_an_unchanged_project_closes_without_a_question(demo, qtbot):
    assert not demo.controller.state.dirty
    demo.close()
    assert not demo.isVisible()
