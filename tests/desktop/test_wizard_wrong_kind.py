"""A file given as the wrong kind in the import wizard: the box speaks of the wizard's own boxes (no command-line
flags like --counts), and the report page behind it says that the import failed and why, with Vorige to go back;
Toevoegen stays off."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qt

LABELS = "groningen/groningen_47022NED_labels_2014_2016.csv"


def test_police_labels_given_as_boundaries_say_so_in_the_window_words(window, qtbot, shared_data):
    from desktop import errors

    wizard = window.import_wizard()
    wizard.set_path(str(shared_data / LABELS))
    wizard.show()
    with qtbot.waitSignal(wizard.detected, timeout=120000) as det:
        wizard.next()
    assert det.args[0] == "counts"
    kind = wizard.detect_page.kind
    kind.setCurrentIndex(kind.findData("boundaries"))  # the user says: gebiedsgrenzen
    shown = len(errors.SHOWN)
    with qtbot.waitSignal(wizard.runner.errorOccurred, timeout=120000):
        wizard.next()
    box = errors.SHOWN[shown]
    assert "--" not in box.text()
    assert "Kies bij Soort gegevens 'tellingen (politie open data)'" in box.text()
    box.close()
    report = wizard.report_page.text.toPlainText()
    assert report.startswith("De import is mislukt.") and "gelezen en gecontroleerd" not in report
    assert "geen bestand met gebiedsgrenzen" in report and "Vorige" in report and "--" not in report
    assert not wizard.button(wizard.WizardButton.FinishButton).isEnabled()
    assert wizard.button(wizard.WizardButton.BackButton).isEnabled()
    wizard.back()  # and the right kind then imports
    kind.setCurrentIndex(kind.findData("counts"))
    with qtbot.waitSignal(wizard.importDone, timeout=300000):
        wizard.next()
    assert wizard.button(wizard.WizardButton.FinishButton).isEnabled()
    wizard.reject()


@pytest.mark.parametrize("core, said", [
    ("x.csv: Dit is een tabel met CBS-kerncijfers (inwoners, stedelijkheid), geen bestand met incidenten. "
     "Geef het op als kerncijfers (--kerncijfers).", "Referentiebestanden kiezen"),
    ("x.gpkg: geen stelsel (geef het stelsel op met --crs, bijvoorbeeld --crs EPSG:3857)",
     "kies het stelsel bij Coördinatenstelsel, bijvoorbeeld EPSG:3857"),
    ("x.csv: onleesbaar (kies een andere codering met --encoding)", "kies een andere codering bij Tekencodering"),
    ("x.csv: 03-04 (geef de volgorde op met --dayfirst of --monthfirst, of kies)", "bij Datumvolgorde"),
    ("x.csv: geen code (geef de kolom met de gebiedscode op met --code; kolommen: a)", "bij Kolom gebiedscode"),
    ("x.gpkg: punten (een tabel met incidenten of tellingen geef je op als --incidents of --counts)",
     "bij Soort gegevens 'incidenten (eigen registratie)' of 'tellingen (politie open data)'"),
])
def test_the_importers_flag_hints_are_said_as_the_wizard_boxes(core, said):
    from desktop import errors
    from kernel.errors import ImportFileError

    text = errors.message_for(ImportFileError(core))
    assert said in text and "--" not in text
