"""Police counts in the window (issue 11): the user chooses the category, the total by default, never a sum.

A full police export holds "0.0.0 Totaal misdrijven" beside its sub-categories. The counts here are made
from the demo's own police counts (bicycle theft, 1.2.3), with a second sub-category (1.1.1) and their total
(0.0.0) beside them, in the 47022NED layout with the categories' names, as the core tests of the categories do.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pytestmark = pytest.mark.qt

LABELS = {"0.0.0": "Totaal misdrijven", "1.1.1": "Diefstal/inbraak woning",
          "1.2.3": "Diefstal van brom-, snor-, fietsen"}


def write_counts_with_total(path):
    """The demo's counts (1.2.3), burglaries made up beside them (1.1.1) and their sum as the total (0.0.0)."""
    from resources import demo

    raw = pd.read_csv(demo.COUNTS, sep=";", dtype=str)
    bikes = raw["GeregistreerdeMisdrijven_1"].astype(int).to_numpy()
    burglary = np.random.default_rng(11).poisson(3, len(raw))
    parts = []
    for category, values in (("1.2.3", bikes), ("1.1.1", burglary), ("0.0.0", bikes + burglary)):
        part = raw.copy()
        part["SoortMisdrijf"] = f"{category} {LABELS[category]}"
        part["GeregistreerdeMisdrijven_1"] = values
        parts.append(part)
    frame = pd.concat(parts, ignore_index=True)
    frame["ID"] = range(len(frame))
    frame.to_csv(path, sep=";", index=False)
    return path


@pytest.fixture(scope="module")
def police(tmp_path_factory):
    import importers
    from resources import demo

    areas, _ = importers.read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)
    path = write_counts_with_total(tmp_path_factory.mktemp("politie") / "47022NED_met_totaal.csv")
    counts, report = importers.read_counts(path, areas=areas)
    assert report.extra["categories"]["overlapping"] and report.extra["categories"]["total"] == "0.0.0"
    return areas, counts


def _core_counts(areas, counts, category):
    from hotspots.where.hotspots import run_hotspots

    return run_hotspots(areas, counts=counts, params={"category": category}).areas.set_index("code")["count"]


def _window_counts(c):
    return c.state.analysis.result.areas.set_index("code")["count"]


def _open_counts(window, qtbot, tmp_path, police):
    """The police counts (and the demo's areas) as a project, opened in the window; its router."""
    from importers.project import Project, save_project

    areas, counts = police
    path = tmp_path / "politie.gpkg"
    save_project(Project(name="Politiecijfers", areas=areas, counts=counts), path)
    c = window.controller
    with qtbot.waitSignals([c.analysis.done, window.map_view.mapReady], timeout=60000):
        c.project.open_project(path)
    return c, path


def test_the_user_chooses_the_police_category_and_the_map_counts_exactly_it(window, qtbot, tmp_path, police):
    from desktop import exports
    from hotspots.categories import choose_counts_category

    areas, counts = police
    c, path = _open_counts(window, qtbot, tmp_path, police)
    box = window.data_panel.category
    # the counts' categories in words; no "alle categorieën" (that would be a sum); the total chosen
    assert [box.itemText(i) for i in range(box.count())] == [f"{k} {v}" for k, v in sorted(LABELS.items())]
    assert box.currentData() == choose_counts_category(counts).category == "0.0.0"
    total = _core_counts(areas, counts, "0.0.0")
    shown = _window_counts(c)
    assert shown.reindex(total.index).tolist() == total.tolist()
    per_sub = sum(_core_counts(areas, counts, k) for k in ("1.1.1", "1.2.3"))
    assert shown.sum() == per_sub.sum() and shown.sum() < 2 * per_sub.sum()  # the total, not total + parts

    # choosing a sub-category: the map's counts are exactly that category's, as the core computes them
    with qtbot.waitSignals([c.analysis.done, window.map_view.mapReady], timeout=60000):
        box.setCurrentIndex(box.findData("1.2.3"))
    assert c.chosen.filters["category"] == "1.2.3"
    bikes = _core_counts(areas, counts, "1.2.3")
    shown = _window_counts(c)
    assert shown.reindex(bikes.index).tolist() == bikes.tolist() and shown.sum() < total.sum()
    assert c.state.analysis.result.params["category"] == "1.2.3"
    # the category named in the map's header and in the exports
    named = "1.2.3 Diefstal van brom-, snor-, fietsen"
    assert named in c.state.map_page.read_text(encoding="utf-8")
    qtbot.waitUntil(lambda: not c.completing(), timeout=60000)  # the trends follow the map
    html = exports.export(c, "action.export_html", tmp_path / "kaart.html")
    assert named in html.read_text(encoding="utf-8")
    from openpyxl import load_workbook

    xlsx = exports.export(c, "action.export_xlsx", tmp_path / "tabel.xlsx")
    cells = [str(v) for row in load_workbook(xlsx)["Toelichting"].iter_rows(values_only=True) for v in row if v]
    assert any(named in v for v in cells), cells
    # the choice is the project's: saved, it is there when the project is read again
    from importers.project import load_project

    assert window.save_and_wait()
    assert load_project(path).settings["filters"]["category"] == "1.2.3"


def test_the_report_of_a_counts_project_counts_the_chosen_category(window, qtbot, tmp_path, police):
    from desktop import tasks
    from mapping.disclosure import PrivacyRules
    from tests.report_text import docx_text

    c, _ = _open_counts(window, qtbot, tmp_path, police)
    with qtbot.waitSignal(c.analysis.settled, timeout=60000):
        c.chosen.filters = {**c.chosen.filters, "category": "1.1.1", "start": "2016-01", "end": "2016-12"}
    result = tasks.make_report(**c.report.request(tmp_path / "r.docx", PrivacyRules(suppress_below=5)))
    text = docx_text(result["path"])
    assert text.startswith("Veiligheidsbeeld 1.1.1 Diefstal/inbraak woning\nPeriode: januari t/m december 2016")
    assert "Categorie: 1.1.1 Diefstal/inbraak woning" in text and "Totaal misdrijven" not in text
