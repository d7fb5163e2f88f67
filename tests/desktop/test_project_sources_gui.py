"""The window keeps every source, theme and division of a schema-v3 project (issue 12: work is never lost).

Until the window works with sources, themes and levels itself, it shows the first division and the
first incident source (the v2 attributes); saving must still write everything the project holds, and
an import through the wizard replaces only what v2 replaced.
"""
from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.qt


@pytest.fixture()
def three_sources(tmp_path):
    import importers
    from importers.project import Project, Theme, save_project
    from resources import demo

    buurt, report = importers.read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)
    wijk, _ = importers.read_boundaries(demo.AREAS, layer=demo.WIJKEN_LAYER)
    incidents, inc_report = importers.read_incidents(demo.INCIDENTS)
    counts, cnt_report = importers.read_counts(demo.COUNTS, areas=buurt)
    pr = Project(name="Drie bronnen")
    pr.add_division(buurt, report.to_dict(), name="CBS 2017").areas["wijk"] = wijk
    pr.add_source("incidents", incidents, inc_report.to_dict(), name="Eigen registraties")
    boa = incidents.sample(300, random_state=1).reset_index(drop=True)
    boa["category"] = np.where(np.arange(300) % 2 == 0, "Afval", "Fietsdiefstal")
    pr.add_source("incidents", boa, name="BOA-meldingen")
    pr.add_source("counts", counts, cnt_report.to_dict(), name="Politie")
    pr.set_theme(Theme("Fietsendiefstal", {"Politie": ["1.2.3"], "BOA-meldingen": ["Fietsdiefstal"]}))
    return save_project(pr, tmp_path / "drie.gpkg")


def test_saving_in_the_window_keeps_every_source_theme_and_division(window, qtbot, three_sources, tmp_path):
    from importers.project import load_project

    c = window.controller
    with qtbot.waitSignals([c.analysis.done, window.map_view.mapReady], timeout=90000):
        c.project.open_project(three_sources)
    assert len(c.state.project.incidents) == 15947  # the window shows the first incident source
    out = tmp_path / "opgeslagen.gpkg"
    with qtbot.waitSignal(c.project.saved, timeout=60000):
        c.project.save(out)
    back = load_project(out)
    assert [(s.name, s.kind, len(s.data)) for s in back.sources] == [
        ("Eigen registraties", "incidents", 15947), ("BOA-meldingen", "incidents", 300), ("Politie", "counts", 4464)]
    assert [t.name for t in back.themes] == ["Fietsendiefstal"]
    assert [(d.name, list(d.areas)) for d in back.divisions] == [("CBS 2017", ["buurt", "wijk"])]
    assert back.sources[0].data["area"].notna().mean() > 0.99  # located by the window, and saved so


def test_importing_incidents_replaces_only_the_first_source(window, qtbot, three_sources):
    import importers
    from resources import demo

    c = window.controller
    with qtbot.waitSignals([c.analysis.done, window.map_view.mapReady], timeout=90000):
        c.project.open_project(three_sources)
    new, report = importers.read_incidents(demo.INCIDENTS)
    with qtbot.waitSignal(c.analysis.done, timeout=90000):
        c.project.add_imported("incidents", new.iloc[:1000], report)
    p = c.state.project
    assert [(s.name, len(s.data)) for s in p.sources] == [  # v2's import: the first source's data replaced
        ("Eigen registraties", 1000), ("BOA-meldingen", 300), ("Politie", 4464)]
    assert p.reports["incidents"]["rows_kept"] == 15947  # its report went with it
