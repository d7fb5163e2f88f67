"""A project file is input too: damaged or hostile metadata gives one Dutch ProjectError or opens the data
without the part that does not fit; saving keeps no personal data and cleans up after interrupted saves."""
from __future__ import annotations

import json
import os
import random
import sqlite3
import time

import pytest

import importers
from importers import project as proj
from importers.project import load_project, read_meta, read_snapshot, save_project
from kernel.errors import ProjectError
from test_project import make_project


def _set_meta(path, key, raw_text):
    con = sqlite3.connect(path)
    with con:
        if raw_text is None:
            con.execute("DELETE FROM wijkbeeld WHERE key = ?", (key,))
        else:
            con.execute("INSERT OR REPLACE INTO wijkbeeld VALUES (?, ?)", (key, raw_text))
    con.close()


@pytest.fixture
def saved(tmp_path):
    project = make_project()
    project.snapshot = {"format": 1, "version": "x", "table": {"text": [["BU1"]]}}
    return save_project(project, tmp_path / "p.gpkg")


@pytest.mark.parametrize("raw", ["0", "-1", '"abc"', "null", "1.5", "true", "[2]", "{}", "not json", "9" * 5000])
def test_a_damaged_schema_version_is_one_dutch_error(saved, raw):
    _set_meta(saved, "schema_version", raw)
    for read in (read_meta, load_project):
        with pytest.raises(ProjectError, match="beschadigd|schemaversie|nieuwere Wijkbeeld") as err:
            read(saved)
        assert type(err.value) is ProjectError and str(err.value).startswith("p.gpkg: ")


def test_a_newer_version_says_so(saved):
    _set_meta(saved, "schema_version", "99")
    with pytest.raises(ProjectError, match="nieuwere Wijkbeeld.*schemaversie 99"):
        load_project(saved)


@pytest.mark.parametrize("key, raw", [
    ("settings", '"abc"'), ("settings", '{"method": 5}'), ("settings", '{"filters": {"start": 201601}}'),
    ("settings", '{"params": {"k": [1, 2]}}'), ("settings", '{"export": {"threshold": -3}}'),
    ("view", '{"selected": "BU1"}'), ("reports", '{"incidents": "abc"}'),
    ("reports", '{"incidents": {"rejections": [{"row": "x"}]}}'), ("name", "12"), ("snapshot", '"abc"'),
    ("snapshot", "[1, 2]"), ("snapshot", "{not json"), ("period_freq", '"x; DROP"'), ("view", "[" * 100_000),
])
def test_metadata_that_does_not_fit_is_left_out_and_the_data_opens(saved, key, raw):
    _set_meta(saved, key, raw)
    project = load_project(saved)
    assert len(project.incidents) == 50 and len(project.areas) == 2
    assert project.problems and f"'{key}'" in project.problems[0]
    assert isinstance(project.settings, dict) and isinstance(project.view, dict)
    if key == "snapshot":
        assert project.snapshot == {} and read_snapshot(saved) == {}


def _layout(path) -> dict:
    con = sqlite3.connect(path)
    rows = dict(con.execute("SELECT key, value FROM wijkbeeld").fetchall())
    con.close()
    return {k: json.loads(rows[k]) for k in ("sources", "divisions", "themes")}


@pytest.mark.parametrize("key, damage", [
    ("sources", lambda s: [dict(s[0], layer=5)] + s[1:]),
    ("sources", lambda s: [dict(s[0], kind="meldingen")] + s[1:]),
    ("sources", lambda s: [{k: v for k, v in s[0].items() if k != "name"}] + s[1:]),
    ("divisions", lambda d: [dict(d[0], layers=[dict(d[0]["layers"][0], level=3)])]),
    ("divisions", lambda d: [dict(d[0], name=None)]),
    ("themes", lambda t: "Fiets"),
    ("themes", lambda t: [{"name": "Fiets", "categories": {"Politie": "1.2.3"}}]),
])
def test_a_v3_layout_that_does_not_fit_is_one_dutch_error(saved, key, damage):
    """The sources, divisions and themes name the layers: a layout that does not fit cannot be opened."""
    _set_meta(saved, key, json.dumps(damage(_layout(saved)[key])))
    read_meta(saved)  # the window still sees a project (and shows the error when it opens it)
    with pytest.raises(ProjectError, match="Het projectbestand is beschadigd: een (bron|gebiedsindeling|thema)"):
        load_project(saved)


@pytest.mark.parametrize("damage, named", [
    (lambda s: [dict(s[0], report="abc")] + s[1:], "'report' van bron"),
    (lambda s: [dict(s[0], report={"rejections": [{"row": "x"}]})] + s[1:], "'report' van bron"),
    (lambda s: s[:1] + [dict(s[1], period_freq="x; DROP")], "'period_freq' van bron"),
])
def test_a_source_report_or_period_that_does_not_fit_is_left_out(saved, damage, named):
    sources = _layout(saved)["sources"]
    assert [s["kind"] for s in sources] == ["incidents", "counts"]
    _set_meta(saved, "sources", json.dumps(damage(sources)))
    project = load_project(saved)
    assert len(project.incidents) == 50 and len(project.counts) == 2 and len(project.areas) == 2
    assert any(p.startswith(named) for p in project.problems), project.problems


@pytest.mark.parametrize("key, raw", [("dtypes", '{"incidents": {"id": 5}}'), ("dtypes", '"abc"'),
                                      ("loose_reports", '{"boundaries": "abc"}')])
def test_v3_metadata_beside_the_layout_that_does_not_fit_is_left_out(saved, key, raw):
    _set_meta(saved, key, raw)
    project = load_project(saved)
    assert len(project.incidents) == 50 and project.problems and f"'{key}'" in project.problems[0]


def test_a_damaged_version_2_file_opens_as_version_3(tmp_path):
    """Version 2's ``reports`` and ``period_freq`` are checked before the migration moves them into the sources."""
    import gzip
    import shutil
    from pathlib import Path

    path = tmp_path / "v2.gpkg"
    with gzip.open(Path(__file__).parent / "data" / "project_v2_groningen.gpkg.gz") as src, open(path, "wb") as out:
        shutil.copyfileobj(src, out)
    _set_meta(path, "reports", '{"incidents": "abc"}')
    _set_meta(path, "period_freq", '"x; DROP"')
    project = load_project(path)
    assert [len(s.data) for s in project.sources] == [1994, 4464] and project.sources[0].report == {}
    assert [p.split(" ")[0] for p in project.problems] == ["'reports'", "'period_freq'"]


def test_a_value_that_is_not_utf8_is_left_out_and_a_damaged_table_is_one_dutch_error(saved):
    """A flipped byte in one value spoils that value only; one in the table's definition, the whole table."""
    con = sqlite3.connect(saved)
    with con:
        con.execute("INSERT OR REPLACE INTO wijkbeeld VALUES ('settings', CAST(? AS TEXT))",
                    (b'{"method": "gi\xa2star"}',))
    con.close()
    project = load_project(saved)
    assert len(project.incidents) == 50 and project.problems == ["'settings' is onleesbaar en weggelaten"]
    data = bytearray(saved.read_bytes())  # SQLite's own message then quotes the damaged byte: not UTF-8 either
    at = data.index(b'WHERE id = OLD."fid"; END')
    data[at + len('WHERE id = OLD."fid')] = 0xA2
    saved.write_bytes(bytes(data))
    with pytest.raises(ProjectError, match="geen geldige GeoPackage|beschadigd"):
        load_project(saved)


def test_metadata_that_fits_is_used(saved):
    project = load_project(saved)
    assert project.problems == [] and project.settings["method"] == "gi_star"


def test_not_a_project_and_an_empty_metadata_table(tmp_path, saved):
    other = tmp_path / "x.gpkg"
    other.write_bytes(b"SQLite format 3\x00" + os.urandom(5000))
    with pytest.raises(ProjectError, match="geen geldige GeoPackage|beschadigd"):
        load_project(other)
    con = sqlite3.connect(saved)
    with con:
        con.execute("DROP TABLE wijkbeeld")
    con.close()
    with pytest.raises(ProjectError):
        load_project(saved)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:(Invalid content|Could not decode):RuntimeWarning")  # GDAL on a damaged value
def test_flipped_bytes_give_a_project_or_one_dutch_error(tmp_path, saved):
    """Seeded byte flips anywhere in a saved project: every open ends in a Project or a ProjectError."""
    original = saved.read_bytes()
    outcomes = {"geopend": 0, "ProjectError": 0}
    for seed in range(60):
        rng = random.Random(seed)
        data = bytearray(original)
        for _ in range(rng.choice([1, 4, 32])):
            i = rng.randrange(len(data))
            data[i] ^= 1 << rng.randrange(8)
        path = tmp_path / f"kapot{seed}.gpkg"
        path.write_bytes(bytes(data))
        try:
            load_project(path)
            outcomes["geopend"] += 1
        except ProjectError as exc:
            assert type(exc) is ProjectError and exc.message
            outcomes["ProjectError"] += 1
    assert sum(outcomes.values()) == 60 and outcomes["ProjectError"] > 0


# -- minimisation ---------------------------------------------------------------------------------------
def test_the_project_keeps_no_personal_data(tmp_path):
    """Import a file with a melder in a free-text column, a phone number in an unnamed column, a rejected
    line with too many fields and a rejected date that is a phone number; save it as a project: not one
    of those values is anywhere in the project file's bytes, and only the chosen columns are kept."""
    lines = ["x;y;datum;omschrijving;kolom5;wijk"]
    for i in range(60):
        lines.append(f"{233000 + i};{582000 + i};2016-03-{1 + i % 28:02d} 10:00;"
                     f"{'melder Jan de Vries, Kerkstraat 12' if i == 30 else 'Overlast'};"
                     f"{'0612345678' if i % 7 == 0 else ''};Centrum")
    lines.append("233100;582100;06-87654321;Overlast;;Centrum")  # a phone number where the date goes
    lines.append("233100;582100;2016-03-01 10:00;Overlast;;Centrum;Piet Pietersen;p@example.nl")  # too many
    path = tmp_path / "meldingen.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    frame, report = importers.read_incidents(path, keep=["wijk"], category="geen")
    assert {r.reason for r in report.rejections} == {"datum niet te lezen", "regel heeft meer velden dan de kopregel"}
    project = proj.Project(incidents=frame, reports={"incidents": report.to_dict()}, name="t")
    saved = save_project(project, tmp_path / "project.gpkg")
    data = saved.read_bytes()
    for planted in ("Jan de Vries", "Kerkstraat 12", "0612345678", "612345678", "06-87654321", "Piet Pietersen",
                    "p@example.nl"):
        assert planted.encode() not in data, planted
    back = load_project(saved)
    assert list(back.incidents.columns) == ["id", "x", "y", "start", "end", "category", "source", "area", "wijk"]
    rejected = back.reports["incidents"]["rejections"]
    assert [(r["column"], r["value"]) for r in rejected] == [("datum", None), (None, None)]
    assert all(r["row"] and r["reason"] for r in rejected)


def test_columns_nobody_chose_are_not_saved(tmp_path):
    project = make_project()
    project.incidents["opmerking"] = "iets"
    project.incidents["wijk"] = "Centrum"
    project.reports = {"incidents": {"extra": {"kept_columns": ["wijk"]}}}
    back = load_project(save_project(project, tmp_path / "p.gpkg"))
    assert "opmerking" not in back.incidents and (back.incidents["wijk"] == "Centrum").all()


# -- interrupted saves ----------------------------------------------------------------------------------
def test_temporary_files_of_interrupted_saves_are_removed_on_the_next_save_or_open(tmp_path):
    path = tmp_path / "wijk.gpkg"
    old = time.time() - 3600
    stale = [tmp_path / f".wijk.{tag}.tmp.gpkg" for tag in ("abcd1234", "x_y_z_09")] + \
        [tmp_path / ".wijk.qwer5678.tmp.gpkg-journal"]
    fresh = tmp_path / ".wijk.fres0001.tmp.gpkg"  # a save that may still be running (another window)
    others = [tmp_path / ".wijkje.abcd1234.tmp.gpkg", tmp_path / "wijk.abcd1234.tmp.gpkg",
              tmp_path / ".wijk.abcd1234.tmp.gpkg.bak"]  # not ours: another project, or another name
    for p in stale + others + [fresh]:
        p.write_bytes(b"x" * 1000)
        os.utime(p, (old, old))
    os.utime(fresh, None)
    save_project(make_project(), path)
    assert not any(p.exists() for p in stale)
    assert fresh.exists() and all(p.exists() for p in others)
    # an open removes them too, and the save leaves none of its own
    again = tmp_path / ".wijk.zzzz9999.tmp.gpkg"
    again.write_bytes(b"x")
    os.utime(again, (old, old))
    load_project(path)
    assert not again.exists()
    assert {p.name for p in tmp_path.iterdir() if ".tmp.gpkg" in p.name} == {fresh.name} | {
        p.name for p in others if ".tmp.gpkg" in p.name}


def test_the_metadata_table_written_is_plain_json(saved):
    con = sqlite3.connect(saved)
    rows = dict(con.execute("SELECT key, value FROM wijkbeeld").fetchall())
    con.close()
    assert all(isinstance(json.loads(v), (dict, list, str, int, float, type(None))) for v in rows.values())
