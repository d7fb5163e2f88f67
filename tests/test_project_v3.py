"""Project schema v3: several sources, themes and divisions per level; a real v2 file opens (issue 17 item 4)."""
from __future__ import annotations

import gzip
import shutil
import sqlite3
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import box

from files_helpers import assert_same_data, sha256
from importers import project as proj
from importers.project import (SCHEMA_VERSION, Division, Project, Source, Theme, load_project, minimal_incidents,
                               read_meta, save_project)
from kernel.errors import ProjectError

V2_FILE = Path(__file__).parent / "data" / "project_v2_groningen.gpkg.gz"


@pytest.fixture()
def v2_path(tmp_path) -> Path:
    """The v2 project that main's window wrote (tests/data/README.md), unpacked."""
    path = tmp_path / "groningen_v2.gpkg"
    with gzip.open(V2_FILE, "rb") as src, open(path, "wb") as dst:
        shutil.copyfileobj(src, dst)
    return path


def _raw_meta(path) -> dict:
    import json

    con = sqlite3.connect(path)
    try:
        return {k: json.loads(v) for k, v in con.execute("SELECT key, value FROM wijkbeeld")}
    finally:
        con.close()


def test_the_file_is_a_v2_file(v2_path):
    raw = _raw_meta(v2_path)
    assert raw["schema_version"] == 2 and set(raw["reports"]) == {"boundaries", "incidents", "counts"}
    assert {name for name, _ in pyogrio.list_layers(v2_path)} >= {"areas", "incidents", "counts", "outlines"}


def test_a_v2_file_written_by_main_opens_as_v3(v2_path):
    before = sha256(v2_path)
    back = load_project(v2_path)
    assert sha256(v2_path) == before  # opening never changes the file
    assert read_meta(v2_path)["migrated_from"] == 2
    assert back.name == "Demo fietsendiefstal Groningen"
    assert [(s.name, s.kind) for s in back.sources] == [("fietsdiefstal_steekproef", "incidents"),
                                                         ("groningen_47022NED_2014_2016", "counts")]
    incidents, counts = back.sources[0], back.sources[1]
    assert len(incidents.data) == 1994 and incidents.report["rows_kept"] == 1994
    assert len(counts.data) == 4464 and isinstance(counts.data["period"].dtype, pd.PeriodDtype)
    assert pd.PeriodIndex(counts.data["period"]).freqstr == "M"
    assert [c["category"] for c in counts.categories()] == ["1.2.3"]
    assert incidents.categories() == [{"category": "Diefstal Fiets", "label": None, "count": 1994}]
    (division,) = back.divisions
    assert division.name == "groningen_buurten_2017" and list(division.areas) == ["buurt", "wijk"]
    assert len(division.areas["buurt"]) == 108 and len(division.areas["wijk"]) == 15
    assert division.reports["buurt"]["rows_kept"] == 108 and back.themes == []
    # what the window and the command line read still reads as in v2
    assert back.areas is division.areas["buurt"] and back.outlines is division.areas["wijk"]
    assert back.incidents is incidents.data and back.counts is counts.data
    assert set(back.reports) == {"boundaries", "incidents", "counts"}
    assert back.settings["filters"]["start"] == "2016-01" and back.view == {"selected": ["BU00140001"]}
    assert back.snapshot["format"] == 1 and back.settings["export"]["threshold"] == 5


def test_a_migrated_v2_project_saves_as_v3_and_reopens_equal(v2_path, tmp_path):
    old = load_project(v2_path)
    path = save_project(old, tmp_path / "v3.gpkg")
    meta = read_meta(path)
    assert meta["schema_version"] == SCHEMA_VERSION == 3 and "migrated_from" not in meta and "reports" not in meta
    assert {name for name, _ in pyogrio.list_layers(path)} == {"areas", "areas_wijk", "incidents", "counts",
                                                                 "wijkbeeld"}
    new = load_project(path)
    for a, b in zip(old.sources, new.sources):
        assert (a.name, a.kind, a.report) == (b.name, b.kind, b.report)
        # issue 20's minimisation: version 2 kept the file's other columns (pleegwijk, pleegbuurt), which
        # nobody chose; the first save as version 3 leaves them out, and keeps everything else as it was
        assert_same_data(minimal_incidents(a.data, a.report) if a.kind == "incidents" else a.data, b.data)
    assert {"pleegwijk", "pleegbuurt"} <= set(old.incidents.columns) and "pleegwijk" not in new.incidents
    for level in ("buurt", "wijk"):
        assert_same_data(old.divisions[0].areas[level], new.divisions[0].areas[level])
    assert (new.settings, new.view, new.snapshot, new.name) == (old.settings, old.view, old.snapshot, old.name)


def _areas(codes, level="buurt", x0=0.0):
    return gpd.GeoDataFrame({"code": pd.array(codes, dtype="string"), "name": pd.array(codes, dtype="string"),
                             "level": level, "population": np.arange(len(codes), dtype=float) * 100,
                             "geometry": [box(x0 + i * 100, 0, x0 + (i + 1) * 100, 100) for i in range(len(codes))]},
                            crs="EPSG:28992")


def _incidents(n, category, source, seed=1):
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 365 * 24, n), unit="h")
    return pd.DataFrame({"id": pd.array([f"{source}{i}" for i in range(n)], dtype="string"),
                         "x": rng.uniform(0, 200, n), "y": rng.uniform(0, 100, n),
                         "start": start.astype("datetime64[ns]"), "end": pd.Series(pd.NaT, index=range(n)),
                         "category": pd.array(rng.choice(category, n), dtype="string"),
                         "source": pd.array([source] * n, dtype="string"),
                         "Opmerking": pd.array(["vrije tekst"] * n, dtype="string"),
                         "aantal": pd.array(rng.integers(0, 3, n), dtype="Int64")})


def _counts():
    return pd.DataFrame({"code": pd.array(["BU00010001", "BU00010002"] * 2, dtype="string"),
                         "name": pd.array([None] * 4, dtype="string"),
                         "period": pd.PeriodIndex(["2016"] * 4, freq="Y"),
                         "category": pd.array(["0.0.0", "0.0.0", "1.2.3", "1.2.3"], dtype="string"),
                         "count": [10, 7, 4, 2],
                         "category_label": pd.array(["Totaal misdrijven"] * 2 + ["Diefstal van brom-, snor-, fietsen"] * 2,
                                                    dtype="string")})


def three_sources() -> Project:
    """Own registrations, BOA reports and police counts side by side; two divisions; a theme across two."""
    pr = Project(name="Drie bronnen", settings={"filters": {}})
    pr.add_division(_areas(["BU00010001", "BU00010002"]), {"path": "/data/buurt2017.zip", "rows_kept": 2})
    pr.divisions[0].areas["wijk"] = _areas(["WK000100"], "wijk")
    pr.add_division(_areas(["E1", "E2", "E3"], "wijk", x0=1000), {"path": "C:\\gemeente\\eigen wijken.shp"})
    kept = {"kept_columns": ["Opmerking", "aantal"]}  # chosen on import: a project keeps no other (issue 20)
    pr.add_source("incidents", _incidents(40, ["fietsdiefstal", "overlast"], "eigen"),
                  {"path": "/data/Eigen registraties.xlsx", "rows_kept": 40, "extra": kept}, name="Eigen registraties")
    pr.add_source("incidents", _incidents(25, ["afval", "fietsdiefstal"], "boa", seed=2),
                  {"path": "/data/boa.csv", "rows_kept": 25, "extra": kept}, name="BOA-meldingen")
    pr.add_source("counts", _counts(), {"path": "/data/47022NED.csv"}, name="Politie")
    pr.set_theme(Theme("Fietsendiefstal", {"Politie": ["1.2.3"], "Eigen registraties": ["fietsdiefstal"]}))
    return pr


def test_several_sources_themes_and_divisions_survive_save_and_reopen(tmp_path):
    pr = three_sources()
    path = save_project(pr, tmp_path / "p.gpkg")
    layers = {name for name, _ in pyogrio.list_layers(path)}
    assert layers == {"incidents", "incidents_2", "counts", "areas", "areas_wijk", "areas_2", "wijkbeeld"}
    back = load_project(path)
    assert [(s.name, s.kind) for s in back.sources] == [("Eigen registraties", "incidents"),
                                                         ("BOA-meldingen", "incidents"), ("Politie", "counts")]
    for a, b in zip(pr.sources, back.sources):
        assert_same_data(a.data, b.data)  # every column, with its type (Int64, string, the free text)
        assert a.report == b.report
    assert pd.PeriodIndex(back.sources[2].data["period"]).freqstr.startswith("Y")
    assert [t.to_dict() for t in back.themes] == [{"name": "Fietsendiefstal", "categories": {
        "Politie": ["1.2.3"], "Eigen registraties": ["fietsdiefstal"]}}]
    assert [(d.name, list(d.areas)) for d in back.divisions] == [("buurt2017", ["buurt", "wijk"]),
                                                                 ("eigen wijken", ["wijk"])]
    for a, b in zip(pr.divisions, back.divisions):
        assert a.reports == b.reports
        for level in a.areas:
            assert_same_data(a.areas[level], b.areas[level])


def test_the_categories_of_each_source():
    pr = three_sources()
    police = pr.source("politie").categories()  # the name as typed: case ignored
    assert [(c["category"], c["total"]) for c in police] == [("0.0.0", True), ("1.2.3", False)]
    assert {c["category"] for c in pr.source("BOA-meldingen").categories()} == {"afval", "fietsdiefstal"}
    with pytest.raises(ProjectError, match="geen bron 'MORA'.*Eigen registraties, BOA-meldingen, Politie"):
        pr.source("MORA")
    with pytest.raises(ProjectError, match="geen thema 'Drugs'.*Fietsendiefstal"):
        pr.theme("Drugs")


def test_names_stay_unique_and_a_theme_is_replaced_by_name():
    pr = three_sources()
    again = pr.add_source("incidents", _incidents(3, ["x"], "e"), name="eigen registraties")
    assert again.name == "eigen registraties (2)"
    pr.set_theme(Theme("fietsendiefstal", {"BOA-meldingen": ["fietsdiefstal"]}))
    assert [t.name for t in pr.themes] == ["fietsendiefstal"]


def test_the_v2_attributes_are_the_first_source_and_division():
    """The window and the command line still read and set project.areas/incidents/counts/outlines/reports."""
    pr = three_sources()
    assert pr.incidents is pr.sources[0].data and pr.counts is pr.sources[2].data
    assert pr.areas is pr.divisions[0].areas["buurt"] and pr.outlines is pr.divisions[0].areas["wijk"]
    assert pr.reports["incidents"]["rows_kept"] == 40 and pr.reports["boundaries"]["rows_kept"] == 2
    new = _incidents(5, ["x"], "nieuw")
    pr.incidents = new  # v2's import: replaces the first incident source's data, the others stay
    pr.reports["incidents"] = {"rows_kept": 5}
    assert pr.sources[0].data is new and pr.sources[0].report == {"rows_kept": 5}
    assert len(pr.sources) == 3 and len(pr.sources[1].data) == 25
    pr.counts = None
    assert [s.kind for s in pr.sources] == ["incidents", "incidents"]


def test_a_project_built_through_the_v2_attributes():
    """As desktop.tasks.put_layer and load_demo build one: data first, then its report (named after its file)."""
    pr = Project(name="demo")
    pr.areas = _areas(["BU00010001"])
    pr.reports["boundaries"] = {"path": "/x/groningen_buurten_2017.gpkg"}
    pr.incidents = _incidents(4, ["fiets"], "demo")
    pr.reports["incidents"] = {"path": "/x/fietsdiefstal.csv", "rows_kept": 4}
    pr.outlines = _areas(["WK000100"], "wijk")
    assert [(s.name, s.kind) for s in pr.sources] == [("fietsdiefstal", "incidents")]
    assert pr.divisions[0].name == "groningen_buurten_2017" and list(pr.divisions[0].areas) == ["buurt", "wijk"]
    pr.reports["unknown"] = {"a": 1}  # a report without data is kept, not lost
    assert pr.reports["unknown"] == {"a": 1} and pr.loose_reports == {"unknown": {"a": 1}}
    outlines_same_level = Project(areas=_areas(["WK1"], "wijk"), outlines=_areas(["WK1"], "wijk"))
    assert list(outlines_same_level.divisions[0].areas) == ["wijk", "outlines"]
    assert outlines_same_level.outlines is not None and outlines_same_level.areas["code"].tolist() == ["WK1"]
    only_outlines = Project(outlines=_areas(["WK1"], "wijk"))
    assert only_outlines.areas is None and only_outlines.outlines is not None
    assert Project().is_empty() and not pr.is_empty()


def test_copy_keeps_every_source():
    pr = three_sources()
    snap = pr.copy(settings={"method": "x"}, view={"selected": []})
    assert [s.name for s in snap.sources] == [s.name for s in pr.sources] and snap.settings == {"method": "x"}
    snap.sources.pop()
    assert len(pr.sources) == 3  # the lists are the copy's own
    with pytest.raises(AttributeError):
        pr.copy(no_such_thing=1)


def test_a_v3_file_without_a_layer_its_metadata_names_is_refused(tmp_path):
    path = save_project(three_sources(), tmp_path / "p.gpkg")
    meta = _raw_meta(path)
    meta["sources"][1]["layer"] = "verdwenen"
    proj._write_meta(path, {"sources": meta["sources"]})
    with pytest.raises(ProjectError, match="onvolledig: de laag 'verdwenen' ontbreekt"):
        load_project(path)


def test_migrations_chain_from_version_one():
    meta = proj.migrate({"schema_version": 1, "params": {"method": "gi_star"}})
    assert meta["schema_version"] == 3 and meta["migrated_from"] == 1
    assert [s["layer"] for s in meta["sources"]] == ["incidents", "counts"]
    assert [e["layer"] for e in meta["divisions"][0]["layers"]] == ["areas", "outlines"]
    assert set(proj.MIGRATIONS) == {1, 2}


def test_a_source_of_an_unknown_kind_is_refused():
    with pytest.raises(ProjectError, match="Onbekende soort bron 'meldingen'"):
        Source("x", "meldingen", None)


def test_division_levels_leave_the_outlines_aside():
    d = Division("x", {"buurt": _areas(["BU1"]), "outlines": _areas(["WK1"], "wijk")})
    assert list(d.levels()) == ["buurt"] and d.main == "buurt" and d.outlines_key() == "outlines"


@pytest.mark.parametrize("damage", [
    {"sources": {"naam": "geen lijst"}},
    {"sources": [{"name": "x", "kind": "meldingen", "layer": "incidents"}]},
    {"sources": [{"name": "", "kind": "incidents", "layer": "incidents"}]},
    {"divisions": [{"name": "x", "layers": "areas"}]},
    {"themes": [{"name": "Fiets", "categories": {"Politie": "1.2.3"}}]},
])
def test_damaged_layout_metadata_is_a_dutch_error(tmp_path, damage):
    path = save_project(three_sources(), tmp_path / "p.gpkg")
    proj._write_meta(path, damage)
    with pytest.raises(ProjectError, match="Het projectbestand is beschadigd"):
        load_project(path)
