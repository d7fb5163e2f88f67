"""The command line on a saved project (``--project``): samenvatting.json lists what reading its files gave, from
the import reports the project keeps (and says so), and an option that says how to read a file (``--crs``,
``--dayfirst``, ``--code`` ...) is refused in one Dutch line instead of being ignored (the project's data were
read when they were imported)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import importers
from files_helpers import demo_codes, police_counts, write_police_typed
from importers.project import Project, save_project
from resources import demo


@pytest.fixture(scope="module")
def project_path(tmp_path_factory):
    """Demo buurten; a BOA export with three rows that are rejected (two without x, one without a date); police
    counts."""
    folder = tmp_path_factory.mktemp("project_reading")
    rng = np.random.default_rng(3)
    n = 60
    boa = pd.DataFrame({"Datum": [f"{1 + i % 28:02d}-{1 + i % 12:02d}-2016 22:{i % 60:02d}" for i in range(n)],
                        "X": rng.uniform(233000, 235000, n).round(1).astype(str),
                        "Y": rng.uniform(581500, 583500, n).round(1).astype(str), "Soort": "Overlast"})
    boa.loc[[4, 9], "X"] = ""
    boa.loc[20, "Datum"] = "onbekend"
    boa.to_csv(folder / "boa.csv", sep=";", index=False)
    buurt, report = importers.read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)
    pr = Project(name="Groningen")
    pr.add_division(buurt, report.to_dict(), name="CBS 2017")
    data, r = importers.read_incidents(folder / "boa.csv")
    assert r.rows_rejected == 3
    pr.add_source("incidents", data, r.to_dict(), name="BOA-meldingen")
    counts, r = importers.read_counts(write_police_typed(folder / "47022NED.csv", police_counts(demo_codes())),
                                      areas=buurt)
    pr.add_source("counts", counts, r.to_dict(), name="Politie")
    return save_project(pr, folder / "groningen.gpkg")


def test_the_summary_lists_the_project_read(cli, project_path, tmp_path):
    out_dir = tmp_path / "uit"
    code, out, err = cli("analyse", "--project", project_path, "--source", "BOA-meldingen", "--out", out_dir)
    assert code == 0, err
    read = json.loads((out_dir / "samenvatting.json").read_text(encoding="utf-8"))["read"]
    assert [(r["kind"], r["source"], r["from"]) for r in read] == [("boundaries", "CBS 2017", "project"),
                                                                   ("incidents", "BOA-meldingen", "project")]
    boa = read[1]
    assert boa == {"file": "boa.csv", "kind": "incidents", "rows_read": 60, "rows_kept": 57, "rows_rejected": 3,
                   "rejected_by_reason": {"coördinaat ontbreekt": 2, "datum niet te lezen": 1},
                   "from": "project", "source": "BOA-meldingen"}
    assert read[0]["rows_read"] == read[0]["rows_kept"] == 108
    code, out, err = cli("analyse", "--project", project_path, "--source", "BOA-meldingen", "--out",
                         tmp_path / "uit2", "--json")
    assert code == 0 and json.loads(out)["read"] == read, err


def test_the_project_read_is_protected_as_a_files(cli, project_path, tmp_path):
    """With --suppress-below the rows of an incidents source are counts like those of a file."""
    code, out, err = cli("analyse", "--project", project_path, "--source", "BOA-meldingen", "--out", tmp_path / "uit",
                         "--suppress-below", "5", "--json")
    assert code == 0, err
    boa = next(r for r in json.loads(out)["read"] if r["kind"] == "incidents")
    assert boa["rejected_by_reason"] == {"coördinaat ontbreekt": "<5", "datum niet te lezen": "<5"}


def test_counts_of_a_project_are_listed(cli, project_path, tmp_path):
    code, out, err = cli("analyse", "--project", project_path, "--source", "Politie", "--out", tmp_path / "uit",
                         "--json")
    assert code == 0, err
    assert [(r["kind"], r["source"]) for r in json.loads(out)["read"]] == [("boundaries", "CBS 2017"),
                                                                           ("counts", "Politie")]


COMMANDS = {"analyse": ["--out", "UIT"], "hotspots": [], "hottimes": [], "trends": [], "inzet": []}
OPTIONS = [(["--crs", "EPSG:4326"], "--crs"), (["--dayfirst"], "--dayfirst"), (["--monthfirst"], "--monthfirst"),
           (["--start-column", "Datum"], "--start-column"), (["--encoding", "cp1252"], "--encoding"),
           (["--sep", ";"], "--sep"), (["--sheet", "1"], "--sheet"), (["--code", "CODE"], "--code"),
           (["--name", "NAAM"], "--name"), (["--areas-crs", "EPSG:28992"], "--areas-crs")]


@pytest.mark.parametrize("option, named", OPTIONS)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_reading_options_with_a_project_are_refused(cli, project_path, tmp_path, command, option, named):
    extra = [str(tmp_path / "uit") if a == "UIT" else a for a in COMMANDS[command]]
    code, out, err = cli(command, "--project", project_path, "--source", "BOA-meldingen", *option, *extra)
    assert code == 2 and out == "" and "Traceback" not in err, (code, out, err)
    assert err.count("\n") == 1 and f"--project gaat niet samen met {named}:" in err, err
    assert "de gegevens van het project zijn al gelezen" in err
    assert not (tmp_path / "uit").exists()


def test_several_reading_options_are_named_together(cli, project_path):
    code, out, err = cli("trends", "--project", project_path, "--source", "Politie", "--monthfirst", "--sheet", "1",
                         "--areas-crs", "EPSG:28992")
    assert code == 2 and "--project gaat niet samen met --areas-crs, --monthfirst en --sheet:" in err, err


def test_without_a_project_the_options_still_apply(cli, tmp_path):
    """--theme on loose files makes a project of them: there --monthfirst is how the file is read (not refused)."""
    path = tmp_path / "meldingen.csv"
    pd.DataFrame({"Datum": ["01-03-2017 14:30", "02-03-2017 15:30", "03-03-2017 16:30"], "X": [233855, 233900, 234000],
                  "Y": [581945, 582000, 582100], "Soort": "Vernieling"}).to_csv(path, sep=";", index=False)
    months = {}
    for option in ("--dayfirst", "--monthfirst"):
        code, out, err = cli("trends", "--incidents", path, "--theme", "V=Vernieling", option, "--json")
        assert code == 0, err
        months[option] = sorted({r["month"] for r in json.loads(out)["series"] if r["count"]})
    assert months == {"--dayfirst": ["2017-03"], "--monthfirst": ["2017-01", "2017-02", "2017-03"]}
