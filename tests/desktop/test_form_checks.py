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
    form.editors["weights"].setText("buurvrouw")
    message = form.errors["weights"]
    assert message.isVisible() and "'buurvrouw' is geen buren-definitie" in message.text()
    with qtbot.assertNotEmitted(demo.settings_panel.runRequested):
        demo.settings_panel.run_button.click()
    assert not c.analysis.runner.is_running() and c.state.analysis is before and not errors.SHOWN
    assert "buurvrouw" not in c.chosen.params.values()
    assert "buurvrouw" not in before.map_path.read_text(encoding="utf-8")
    form.editors["weights"].setText("knn:6")
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
