"""The command line on a saved project: --project, --source, --theme and --combine (a scheduled job runs on
the project the officer saved). The numbers are checked against the same command on the loose files."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import importers
from files_helpers import demo_codes, police_counts, write_police_typed
from importers.project import Project, Theme, save_project
from resources import demo


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A police table (total, two categories, buurten and gemeente) and a BOA export, as files."""
    folder = tmp_path_factory.mktemp("bestanden")
    truth = police_counts(demo_codes())
    police = write_police_typed(folder / "47022NED.csv", truth)
    incidents = pd.read_csv(demo.INCIDENTS).sample(500, random_state=5)
    incidents["category"] = np.where(np.arange(len(incidents)) % 3 == 0, "Afval", "Fietsdiefstal")
    boa = folder / "boa.csv"
    incidents.to_csv(boa, index=False)
    return {"truth": truth, "police": police, "boa": boa}


@pytest.fixture(scope="module")
def project_path(files, tmp_path_factory):
    buurt, report = importers.read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)
    wijk, _ = importers.read_boundaries(demo.AREAS, layer=demo.WIJKEN_LAYER)
    pr = Project(name="Groningen")
    pr.add_division(buurt, report.to_dict(), name="CBS 2017").areas["wijk"] = wijk
    own, r = importers.read_incidents(demo.INCIDENTS)
    pr.add_source("incidents", own, r.to_dict(), name="Eigen registraties")
    boa, r = importers.read_incidents(files["boa"])
    pr.add_source("incidents", boa, r.to_dict(), name="BOA-meldingen")
    counts, r = importers.read_counts(files["police"], areas=buurt)
    pr.add_source("counts", counts, r.to_dict(), name="Politie")
    pr.set_theme(Theme("Fietsendiefstal", {"Politie": ["1.2.3"], "Eigen registraties": ["Diefstal Fiets"],
                                           "BOA-meldingen": ["fietsdiefstal"]}))
    return save_project(pr, tmp_path_factory.mktemp("project") / "groningen.gpkg")


def _json(cli, *argv):
    code, out, err = cli(*argv)
    assert code == 0, err
    return json.loads(out)


def _counts(result) -> dict:
    return {r["code"]: r["count"] for r in result["areas"]}


def test_one_source_of_a_project_equals_the_loose_files(cli, project_path):
    saved = _json(cli, "hotspots", "--project", project_path, "--source", "eigen registraties", "--json")
    loose = _json(cli, "hotspots", "--areas", demo.AREAS, "--incidents", demo.INCIDENTS, "--json")
    assert _counts(saved) == _counts(loose)
    assert [r["z"] for r in saved["areas"]] == pytest.approx([r["z"] for r in loose["areas"]], abs=1e-12)
    assert saved["outside"] == loose["outside"]


def test_a_theme_across_sources_is_side_by_side(cli, project_path, files):
    out = _json(cli, "hotspots", "--project", project_path, "--theme", "Fietsendiefstal", "--json")
    assert [p["label"] for p in out["parts"]] == ["Fietsendiefstal (Eigen registraties)",
                                                  "Fietsendiefstal (BOA-meldingen)", "Fietsendiefstal (Politie)"]
    truth = files["truth"]
    police = truth[(truth["category"] == "1.2.3") & truth["code"].str.startswith("BU")].groupby("code")["count"].sum()
    by_area = {r["code"]: r for r in out["by_area"]}
    assert {c: by_area[c]["Fietsendiefstal (Politie): aantal"] for c in police.index} == police.to_dict()
    own = _counts(_json(cli, "hotspots", "--areas", demo.AREAS, "--incidents", demo.INCIDENTS, "--json"))
    assert {c: r["Fietsendiefstal (Eigen registraties): aantal"] for c, r in by_area.items()} == own


def test_an_inline_theme_and_the_text_output(cli, project_path):
    code, out, err = cli("hotspots", "--project", project_path, "--theme", "Fiets=1.2.3,fietsdiefstal")
    assert code == 0, err
    assert "2 bronnen naast elkaar (niet opgeteld)" in out
    assert "Fiets (BOA-meldingen): aantal" in out and "Fiets (Politie): aantal" in out
    assert "Eigen registraties" not in out.split("\n")[1]  # that source has no such category


def test_analyse_on_a_project_writes_every_output(cli, project_path, files, tmp_path):
    out = _json(cli, "analyse", "--project", project_path, "--source", "Politie", "--out", tmp_path / "uit", "--json",
                "--bronvermelding", "politie.nl")
    truth = files["truth"]
    total = truth[(truth["category"] == "0.0.0") & truth["code"].str.startswith("BU")]["count"].sum()
    assert out["counted"] == int(total) and out["areas"] == 108  # the total, never total + its parts
    assert out["source"] == "politie.nl"
    assert {p.name for p in (tmp_path / "uit").iterdir()} >= {"kaart.html", "kaart.png", "resultaten.gpkg",
                                                              "resultaten.xlsx", "samenvatting.json"}


def test_several_sources_in_one_series_only_when_asked(cli, project_path, tmp_path):
    code, _, err = cli("analyse", "--project", project_path, "--out", tmp_path / "uit")
    assert code == 2 and "3 bronnen die verschillende dingen tellen" in err and "--combine" in err
    both = _json(cli, "analyse", "--project", project_path, "--source", "Eigen registraties", "--source",
                 "BOA-meldingen", "--combine", "--out", tmp_path / "twee", "--json")
    assert both["incidents"] == 15947 + 500
    code, _, err = cli("analyse", "--project", project_path, "--source", "Eigen registraties", "--source", "Politie",
                       "--combine", "--out", tmp_path / "drie")
    assert code == 2 and "nooit opgeteld" in err


def test_trends_of_a_wijk_by_its_name(cli, project_path, files):
    """'Centrum' is a wijk of Groningen: at wijk level it is found by name, its buurten added up."""
    out = _json(cli, "trends", "--project", project_path, "--source", "Politie", "--level", "wijk",
                "--area", "Centrum", "--json")
    assert {r["code"] for r in out["series"]} == {"WK001400"}
    truth = files["truth"]
    centrum = truth[(truth["category"] == "0.0.0") & truth["code"].str.startswith("BU00140")
                    & (truth["code"].str[:8].str.replace("BU", "WK") == "WK001400")]
    expected = centrum.groupby("month")["count"].sum()
    assert {r["month"]: r["count"] for r in out["series"]} == {m: float(v) for m, v in expected.items()}
    assert {r["category"] for r in out["series"]} == {"0.0.0"}  # the total, not total + its parts
    code, _, err = cli("trends", "--project", project_path, "--source", "Politie", "--area", "Centrum")
    assert code == 2 and "'Centrum' is een wijk (WK001400) en geen buurt" in err


def test_hottimes_and_inzet_refuse_a_counts_source(cli, project_path):
    code, _, err = cli("hottimes", "--project", project_path, "--source", "Politie")
    assert code == 2 and "Hot times vragen om incidenten" in err
    code, _, err = cli("inzet", "--project", project_path, "--source", "Politie")
    assert code == 2 and "Inzetplanner vraagt om incidenten" in err
    out = _json(cli, "hottimes", "--project", project_path, "--source", "BOA-meldingen", "--json")
    assert out["input"]["incidents"] == 500


def test_wrong_combinations_are_one_dutch_line(cli, project_path, tmp_path):
    cases = [
        (("hotspots", "--source", "Politie", "--areas", demo.AREAS, "--incidents", demo.INCIDENTS),
         "--source kiest een bron van een project"),
        (("hotspots", "--project", project_path, "--areas", demo.AREAS), "--project gaat niet samen met --areas"),
        (("hotspots", "--project", tmp_path / "weg.gpkg"), "bestaat niet"),
        (("analyse", "--out", tmp_path / "u"), "Geef --areas BESTAND, of --project PROJECT"),
        (("analyse", "--areas", demo.AREAS, "--out", tmp_path / "u"), "Geef --incidents of --counts, of --project"),
        (("hotspots", "--project", project_path, "--source", "MORA"), "geen bron 'MORA'"),
        (("hotspots", "--areas", demo.AREAS, "--incidents", demo.INCIDENTS, "--combine"), "--combine telt bronnen"),
    ]
    for argv, message in cases:
        code, out, err = cli(*argv)
        assert code == 2 and message in err and "Traceback" not in err, (argv, err)
        assert len(err.strip().splitlines()) == 1, err


def test_a_theme_on_loose_files(cli):
    out = _json(cli, "hotspots", "--areas", demo.AREAS, "--incidents", demo.INCIDENTS, "--theme",
                "Fiets=diefstal fiets", "--json")
    loose = _json(cli, "hotspots", "--areas", demo.AREAS, "--incidents", demo.INCIDENTS, "--json")
    assert _counts(out) == _counts(loose)


def test_an_old_v2_project_runs_from_the_command_line(cli, tmp_path):
    """A project saved by the v2 window (tests/data) runs as a scheduled job would run it."""
    import gzip
    import shutil
    from pathlib import Path

    path = tmp_path / "oud.gpkg"
    with gzip.open(Path(__file__).parent / "data" / "project_v2_groningen.gpkg.gz", "rb") as f, open(path, "wb") as g:
        shutil.copyfileobj(f, g)
    out = _json(cli, "hotspots", "--project", path, "--source", "fietsdiefstal_steekproef", "--json")
    assert sum(r["count"] for r in out["areas"]) + out["outside"] == 1994
    police = _json(cli, "hotspots", "--project", path, "--source", "groningen_47022NED_2014_2016", "--json")
    counts = importers.read_counts(demo.COUNTS)[0]  # the demo's police table, which that project holds
    buurten = counts[counts["code"].str.startswith("BU")]
    assert len(police["areas"]) == 108 and sum(r["count"] for r in police["areas"]) == int(buurten["count"].sum())
