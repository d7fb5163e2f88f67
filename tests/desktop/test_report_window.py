"""Exporteren > Rapport maken (issue 13) in the window: the report of the current project, period and category,
written in the worker process under the project's privacy rule, read back as the officer gets it.

The document the window writes is compared with what the window shows (period and category on the title
page) and with :func:`mapping.report.make.run_report` called directly on the same inputs (the same text),
and a count the privacy rule hides never appears in it.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.report_text import docx_text, flat, pdf_pages

pytestmark = pytest.mark.qt
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) ontbreekt")

PERIOD = {"start": "2017-06", "end": "2017-08", "category": "Diefstal Fiets"}


def _pdf_text(path) -> list[str]:
    """Each page's text with its white space flattened."""
    return [flat(page) for page in pdf_pages(path)]


def _without_time(pages: list[str]) -> list[str]:
    """The pages with the footer's minute of making left out: two reports made a minute apart say so."""
    return [re.sub(r" om \d\d:\d\d ", " om ..:.. ", page) for page in pages]


def _docx(path):
    from docx import Document

    return Document(str(path))


def _choose(window, qtbot, filters: dict) -> None:
    """Choose a period and category as the data panel does, and wait for the analysis it starts."""
    c = window.controller
    with qtbot.waitSignal(c.analysis.settled, timeout=120000):
        c.chosen.filters = dict(filters)


def _privacy(monkeypatch, threshold: int | None) -> list:
    """The privacy question answered with ``threshold`` (None: no suppression); returns the list of times asked."""
    from desktop import exports
    from desktop.export_settings import ExportSettings

    asked = []

    def answer(window):
        asked.append(1)
        window.controller.set_export_choice(ExportSettings(suppress=threshold is not None, threshold=threshold or 5))
        return True

    monkeypatch.setattr(exports, "edit_settings", answer)
    exports._ASKED.clear()
    return asked


def _make(window, qtbot, monkeypatch, path: Path, chosen_filter: str = "PDF-document (*.pdf)") -> Path:
    """Trigger the menu action with the save dialog answered by ``path``; wait for the file."""
    from desktop import report_menu

    monkeypatch.setattr(report_menu.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(path), chosen_filter)))
    c = window.controller
    with qtbot.waitSignal(c.report.written, timeout=300000) as written:
        window.actions_by_key["action.report"].trigger()
    return Path(written.args[0])


@needs_poppler
def test_report_from_the_menu_is_the_window_choice_and_the_core_report(demo, qtbot, monkeypatch, tmp_path):
    from desktop import tasks
    from mapping.report.context import month_text

    c = demo.controller
    _choose(demo, qtbot, PERIOD)
    panel = demo.data_panel
    shown_period = month_text(panel.start.currentData(), panel.end.currentData())
    shown_category = panel.category.currentText()
    assert (panel.start.currentText(), panel.end.currentText(), shown_category) == ("06-2017", "08-2017",
                                                                                    "Diefstal Fiets")
    asked = _privacy(monkeypatch, 5)
    out = _make(demo, qtbot, monkeypatch, tmp_path / "rapport.pdf")
    assert out == tmp_path / "rapport.pdf" and out.exists() and out.read_bytes()[:5] == b"%PDF-"
    assert str(out) in demo.statusBar().currentMessage()  # the path in the status bar
    assert c.report.runner.in_process  # the worker process wrote it
    pages = _pdf_text(out)
    first = pages[0]
    assert f"Periode: {shown_period}" in first and f"Thema: {shown_category}" in first
    assert "Veiligheidsbeeld Diefstal Fiets" in first
    # the same report as run_report gives on the same inputs (the core's counts, not the window's own)
    again = tmp_path / "direct.pdf"
    result = tasks.make_report(**c.report.request(again, c.export_choice().rules()))
    assert _without_time(_pdf_text(again)) == _without_time(pages)
    assert f"{result['incidents_in_period']} geregistreerde incidenten in deze periode" in first
    # Word, chosen by the filter (no suffix typed); the privacy question is not asked again
    docx = _make(demo, qtbot, monkeypatch, tmp_path / "rapport", "Word-document (*.docx)")
    assert docx.suffix == ".docx" and asked == [1]
    text = docx_text(docx)
    assert f"Periode: {shown_period} · Thema: {shown_category}" in text
    assert f"{result['incidents_in_period']} geregistreerde incidenten in deze periode" in text


COUNT_HEADERS = {"Aantal", "Deze periode", "Een jaar eerder", "Toen", "Nu"}
COUNT_SENTENCES = (r"(\d+) geregistreerde", r"(\d+) tegen", r"tegen (\d+)", r"bovengrens (\d+)", r"\): (\d+)",
                   r"hoger dan verwacht \((\d+)")


def _small_counts(doc) -> tuple[list, int]:
    """The counts of 1-4 the Word document prints in count columns and count sentences, and the hidden cells."""
    found, hidden = [], 0
    for table in doc.tables:
        header = [cell.text for cell in table.rows[0].cells]
        for row in table.rows[1:]:
            for head, cell in zip(header, row.cells):
                if head in COUNT_HEADERS:
                    value = cell.text.strip()
                    hidden += value in ("<5", "x")
                    if re.fullmatch(r"[1-4]", value):
                        found.append((head, value))
    for paragraph in doc.paragraphs:
        for pattern in COUNT_SENTENCES:
            found += [(paragraph.text, m) for m in re.findall(pattern, paragraph.text) if 1 <= int(m) <= 4]
    return found, hidden


def test_a_suppressed_count_never_appears_in_the_report(demo, qtbot, monkeypatch, tmp_path):
    """One summer month of one category: many buurten have 1-4 thefts. With suppress-below 5 none of those
    counts is printed (they are '<5' or 'x'); without the rule the same report does print them."""
    from desktop import tasks

    c = demo.controller
    _choose(demo, qtbot, {"start": "2017-08", "end": "2017-08", "category": "Diefstal Fiets"})
    _privacy(monkeypatch, 5)
    out = _make(demo, qtbot, monkeypatch, tmp_path / "klein.docx")
    found, hidden = _small_counts(_docx(out))
    assert found == [] and hidden > 0
    from mapping.disclosure import PrivacyRules

    open_report = tmp_path / "open.docx"
    tasks.make_report(**c.report.request(open_report, PrivacyRules()))
    assert _small_counts(_docx(open_report))[0]  # the case is real: unprotected, small counts are printed


def test_a_report_that_cannot_be_written_is_a_dutch_message(demo, qtbot, monkeypatch, tmp_path):
    """A folder that is a file: one Dutch message box naming the problem, no traceback in its text, no file."""
    from desktop import errors, report_menu

    blocker = tmp_path / "geen_map.txt"
    blocker.write_text("een bestand, geen map")
    _privacy(monkeypatch, 5)
    monkeypatch.setattr(report_menu.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(blocker / "rapport.pdf"), "PDF-document (*.pdf)")))
    c = demo.controller
    with qtbot.waitSignal(c.report.runner.finished, timeout=120000):
        demo.actions_by_key["action.report"].trigger()
    qtbot.waitUntil(lambda: bool(errors.SHOWN), timeout=5000)
    text = errors.SHOWN[-1].text()
    assert "Rapport" in text and "geen_map.txt" in text, text
    assert "Traceback" not in text and "Error" not in text and "interne fout" not in text
    assert "Rapport geschreven" not in demo.statusBar().currentMessage()


def test_the_report_shows_progress_and_afbreken_stops_it(demo, qtbot, monkeypatch, tmp_path):
    """The report's progress reaches the status bar's bar (the one throttle); Afbreken stops it, and no
    document (nor a half-written one) is left."""
    from desktop import report_menu

    c = demo.controller
    _privacy(monkeypatch, 5)
    out = tmp_path / "afgebroken.pdf"
    monkeypatch.setattr(report_menu.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "PDF-document (*.pdf)")))
    seen = []
    c.report.runner.progressChanged.connect(lambda fraction, text: seen.append(text))
    with qtbot.waitSignal(c.report.runner.progressChanged, timeout=120000):
        demo.actions_by_key["action.report"].trigger()
    assert demo.progress.isVisible()
    with qtbot.waitSignal(c.report.runner.cancelled, timeout=30000):
        demo.actions_by_key["action.cancel"].trigger()
    c.report.runner.wait(10)
    assert seen and not c.report.runner.is_running()
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".wijkbeeld-*")) == []
    assert demo.statusBar().currentMessage() == "Afgebroken."


def test_a_plan_made_in_the_inzet_tab_is_in_the_report(demo, qtbot, monkeypatch, tmp_path):
    """When a plan was made, the report has the BOA deployment plan with the reason for every shift (issue 13)."""
    from hotspots.inzet import plan as inzet

    c = demo.controller
    _privacy(monkeypatch, None)
    p = c.state.project
    c.state.plan = made = inzet.run(p.areas, p.incidents, {"shifts": 3, "shift_hours": 4})
    path = _make(demo, qtbot, monkeypatch, tmp_path / "rapport.docx", "Word-document (*.docx)")
    text = docx_text(path)
    assert "BOA-inzet" in text
    for shift in made.shifts.itertuples():
        assert f"{shift.start}-{shift.end}" in text and str(shift.reason) in text
