"""The Vergelijking tab (issue 16): the demo gemeente against other gemeenten, its wijken against its average, and
the Veiligheidsmonitor, on the generated reference files of resources/demo/referentie.

The numbers the tab shows are compared with :func:`hotspots.benchmark.gemeente.benchmark_gemeente` run directly
(the function ``wijkbeeld vergelijk`` calls through VERGELIJK) on the same stored set; the set is read through
"Referentiebestanden kiezen…" in the worker process, as ``wijkbeeld vergelijk --politie --kerncijfers --vm``.
Every test has its own Wijkbeeld data folder (tests/desktop/conftest.py), so none sees a stored set.
"""
from __future__ import annotations

import pytest

from resources.demo import referentie

pytestmark = pytest.mark.qt


def _open_tab(window, qtbot):
    c = window.controller.comparison
    with qtbot.waitSignal(c.compared, timeout=120000):
        window.tabs.setCurrentWidget(window.comparison_panel)
    return window.comparison_panel


def _cells(table) -> list[list[str]]:
    return [[table.item(r, k).text() for k in range(table.columnCount())] for r in range(table.rowCount())]


def test_without_a_reference_set_the_tab_says_what_to_download_and_where(demo, qtbot):
    from kernel.paths import reference_dir

    panel = _open_tab(demo, qtbot)
    text = panel.info.text()
    assert "Er is nog geen referentieset" in text
    for what in ("47022NED", "data.politie.nl", "Wijk- en buurtkaart", "Veiligheidsmonitor",
                 "Referentiebestanden kiezen", str(reference_dir())):
        assert what in text, what
    assert panel.choose.isVisible() and not panel.results.isVisible()
    assert not (reference_dir() / "referentieset.sqlite").exists()


@pytest.fixture
def compared(demo, qtbot):
    """The demo with the generated reference files read in through the tab's button (in the worker process)."""
    c = demo.controller.comparison
    panel = _open_tab(demo, qtbot)
    with qtbot.waitSignal(c.compared, timeout=180000):
        panel.filesChosen.emit([str(p) for p in referentie.FILES])
    assert c.importer.in_process and c.runner.in_process
    qtbot.waitUntil(lambda: not panel.dots.full.isNull(), timeout=60000)
    return demo


def test_the_tab_shows_the_numbers_of_the_benchmark_run_directly(compared, qtbot):
    from hotspots.benchmark.gemeente import benchmark_gemeente, p_text, rate_text
    from importers import referenceset
    from kernel.nl import number
    from kernel.paths import reference_dir

    panel = compared.comparison_panel
    stored = reference_dir() / "referentieset.sqlite"
    assert stored.is_file() and str(stored) in panel.info.text()
    ref = referenceset.load(stored)
    assert set(ref.survey["level"]) == {"gemeente", "wijk"}  # both survey tables were recognised
    direct = benchmark_gemeente(ref, "GM0014")  # the gemeente of the demo's areas; every category, every group
    assert panel.gemeente_box.currentData() == "GM0014"
    for category in ("1.2.3", "0.0.0"):
        panel.category_box.setCurrentIndex(panel.category_box.findData(category))
        for year in (2023, 2017):
            panel.year_box.setCurrentIndex(panel.year_box.findData(year))
            rows = direct.table[(direct.table["category"] == category) & (direct.table["year"] == year)]
            first = rows.iloc[0]
            assert (f": {rate_text(first['rate'])} per 1.000 inwoners (95%-interval {rate_text(first['rate_low'])}-"
                    f"{rate_text(first['rate_high'])}; {number(first['count'], 0, thousands=True)} misdrijven)") in panel.headline.text()
            shown = _cells(panel.groups)
            assert [r[0] for r in shown] == rows["group_label"].tolist()
            for cells, (_, r) in zip(shown, rows.iterrows()):
                assert cells[1] == rate_text(r["group_rate"])
                assert cells[2] == f"{r['verdict']} ({p_text(r['p_fdr'])})"
                margin = "" if r["rank_low"] == r["rank_high"] == r["rank"] else f" ({r['rank_low']}-{r['rank_high']})"
                assert cells[3] == f"{r['rank']} van {r['n_group']}{margin}"
                assert cells[4] == f"{number(r['percentile'], 0)}%"
            for i, (_, r) in enumerate(rows.iterrows()):  # the core's sentence for the row chosen
                panel.groups.selectRow(i)
                assert panel.sentence.text() == r["sentence"]
    # 'hoger dan vergelijkbare gemeenten' only where the test says more than chance
    verdicts = {c[2].split(" (")[0] for c in _cells(panel.groups)}
    assert verdicts <= {"hoger", "lager", "niet anders", "niet te toetsen"}


def test_the_wijken_and_the_survey_beside_the_registered_rate(compared, qtbot):
    from hotspots.benchmark.gemeente import rate_text

    panel = compared.comparison_panel
    comp = compared.controller.comparison.result["comparison"]
    wijken = comp.wijken.table
    year = int(wijken["year"].max())  # the demo's incidents end in 2017
    panel.year_box.setCurrentIndex(panel.year_box.findData(year))
    shown = {r[0]: r for r in _cells(panel.wijken)}
    latest = wijken[wijken["year"] == year]
    assert set(shown) == set(latest["name"])
    centrum = latest.set_index("name").loc["Centrum"]
    assert shown["Centrum"][1] == f"{rate_text(centrum['rate'])} ({rate_text(centrum['rate_low'])}-" \
                                  f"{rate_text(centrum['rate_high'])})"
    assert shown["Centrum"][2].startswith(centrum["verdict"])
    survey = _cells(panel.survey)
    assert any(r[0] == "Voelt zich wel eens onveilig in de buurt (%)" for r in survey)
    onveilig = next(r for r in survey if r[0].startswith("Voelt zich"))
    assert onveilig[1] == "2023: 29,6% (27,3%-31,9%)"  # the survey's own margins, from the CSV
    assert onveilig[4].startswith("totaal misdrijven 2023: ")


def test_a_file_that_is_no_reference_file_is_one_dutch_message(demo, qtbot, tmp_path, monkeypatch):
    from desktop import errors

    shown = []
    monkeypatch.setattr(errors, "show_error", lambda parent, exc, details=None, what=None: shown.append((exc, what)))
    c = demo.controller.comparison
    panel = _open_tab(demo, qtbot)
    odd = tmp_path / "boodschappen.csv"
    odd.write_text("product;prijs\nbrood;2,10\n", encoding="utf-8")
    with qtbot.waitSignal(c.importer.errorOccurred, timeout=60000):
        panel.filesChosen.emit([str(odd)])
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    exc, what = shown[0]
    assert "geen referentiebestand" in str(exc) and "boodschappen.csv" in str(exc) and what == "Referentiebestanden inlezen"


def test_rapport_maken_compares_with_the_reference_set_of_the_tab(compared, qtbot, monkeypatch, tmp_path):
    """With a reference set read in through the tab, the window's report has the comparison with other
    gemeenten, as ``wijkbeeld rapport`` has it with the user's reference set."""
    from desktop import exports, report_menu
    from desktop.export_settings import ExportSettings
    from tests.report_text import docx_text

    def answer(window):
        window.controller.set_export_choice(ExportSettings(suppress=False, threshold=5))
        return True

    monkeypatch.setattr(exports, "edit_settings", answer)
    exports._ASKED.clear()
    out = tmp_path / "rapport.docx"
    monkeypatch.setattr(report_menu.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "Word-document (*.docx)")))
    c = compared.controller
    assert c.report.request(out, ExportSettings().rules())["reference_folder"] == c.comparison.reference_folder()
    with qtbot.waitSignal(c.report.written, timeout=300000):
        compared.actions_by_key["action.report"].trigger()
    text = docx_text(out)
    assert "Vergelijking met andere gemeenten" in text
