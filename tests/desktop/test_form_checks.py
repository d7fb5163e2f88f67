"""Invalid input gives a Dutch message at the field and runs nothing; settings that would take long are
asked about (or refused) with their expected time before they start."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qt

from desktop import errors  # noqa: E402
from questions_helper import answer  # noqa: E402


def _form(window, method=None):
    form = window.settings_panel.by_name["hotspots"]
    if method:
        form.editors["method"].setCurrentIndex(form.editors["method"].findData(method))
    return form


def test_an_unknown_word_in_buren_is_said_at_the_field_and_runs_nothing(demo, qtbot):
    c = demo.controller
    form = _form(demo)
    before = c.state.analysis
    # not 'koningin': since main's Dutch option values that is the Dutch word for queen (a valid value)
    form.editors["weights"].setEditText("buurvrouw")
    message = form.errors["weights"]
    assert message.isVisible() and "'buurvrouw' is geen buren-definitie" in message.text()
    with qtbot.assertNotEmitted(demo.settings_panel.runRequested):
        demo.settings_panel.run_button.click()
    assert not c.analysis.runner.is_running() and c.state.analysis is before and not errors.SHOWN
    assert "buurvrouw" not in c.chosen.params.values()
    assert "buurvrouw" not in before.map_path.read_text(encoding="utf-8")
    form.editors["weights"].setEditText("knn:6")
    assert not message.isVisible()
    with qtbot.waitSignal(c.analysis.done, timeout=60000) as done:
        demo.settings_panel.run_button.click()
    assert "buren: de 6 dichtstbijzijnde" in done.args[0].map_path.read_text(encoding="utf-8")


def test_a_long_run_is_asked_about_with_its_expected_time(demo, qtbot):
    c = demo.controller
    form = _form(demo, "optimised")
    form.editors["permutations"].setValue(99999)
    asked = []
    answer("cancel", asked)
    demo.settings_panel.run_button.click()
    text = asked[0][0]
    assert "naar schatting ongeveer 2 minuten" in text or "naar schatting ongeveer 3 minuten" in text, text
    assert "99.999 permutaties" in text and "cellen" in text
    assert not c.analysis.runner.is_running() and c.chosen.params.get("permutations") != 99999
    answer("run")
    demo.settings_panel.run_button.click()
    assert c.analysis.runner.is_running() and c.chosen.params["permutations"] == 99999
    c.cancel()


def test_settings_that_would_take_hours_are_refused(demo, qtbot):
    c = demo.controller
    form = _form(demo, "optimised")
    form.editors["permutations"].setValue(99999)
    form.editors["cell"].setValue(10.0)
    asked = []
    answer("cancel", asked)
    demo.settings_panel.run_button.click()
    assert "uur" in asked[0][0] and "te lang" in asked[0][1] and asked[0][2] == ["OK"]
    assert not c.analysis.runner.is_running()


def test_buren_shows_and_takes_the_dutch_words(demo, qtbot):
    """Buren is a list in plain Dutch ('gedeelde grens of hoekpunt (queen)' where the value is 'queen'), and a
    typed Dutch word ('dichtstbij:8') reaches the analysis as its value ('knn:8'); the English value too."""
    from desktop.panels.settings_panel import set_value, value_of

    form = _form(demo)
    field = form.editors["weights"]
    assert field.currentText() == "gedeelde grens of hoekpunt (queen)" and value_of(field) == "queen"
    assert field.itemText(1) == "gedeelde grens (rook)" and field.itemData(1) == "rook"
    field.setEditText("dichtstbij:8")
    assert value_of(field) == "knn:8" and not form.errors["weights"].isVisible()
    field.setEditText("rook")
    assert value_of(field) == "rook"
    set_value(field, "knn:6")  # a stored value the list does not offer: shown in its Dutch words
    assert field.currentText() == "dichtstbij:6" and value_of(field) == "knn:6"
