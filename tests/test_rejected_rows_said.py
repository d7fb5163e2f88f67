"""Rows a file loses on the way to an analysis are said, with their reasons; a file of which no row is usable is
refused (found by trying real-style files: hotspots, hottimes, trends and analyse said only "Incidenten: 2" of a
file of 4 rows, and an own counts table whose periods were all unreadable ended with exit code 0 and "0
meegeteld")."""
from __future__ import annotations

import json

import pytest

from resources import demo


def _write(tmp_path, name, lines):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def partly(tmp_path):
    """Five incidents of which two lack a coordinate and one has no date."""
    return _write(tmp_path, "meldingen.csv", [
        "Datum;X;Y;Soort", "01-03-2017 14:30;233855;581945;Vernieling", "02-03-2017 14:30;;581945;Vernieling",
        "03-03-2017 09:30;;582945;Vernieling", "04-03-2017 14:30;233855;581945;Overlast",
        "onbekend;233855;581945;Vernieling", "05-03-2017 10:00;233900;582000;Vernieling"])


@pytest.mark.parametrize("command", ["hotspots", "hottimes", "trends"])
def test_the_rows_not_counted_are_said_with_their_reasons(cli, partly, command):
    areas = ["--areas", demo.AREAS] if command == "hotspots" else []
    code, out, err = cli(command, *areas, "--incidents", partly)
    assert code == 0, err
    said = [line for line in out.splitlines() if "afgewezen" in line]
    assert said == ["Let op bij het lezen van meldingen.csv: 3 van de 6 rijen afgewezen en niet meegeteld (2x "
                    "coördinaat ontbreekt (eerst rij 3), 1x datum niet te lezen (rij 6)); alle met hun reden: "
                    "wijkbeeld inspect meldingen.csv"]


def test_json_output_stays_json_alone(cli, partly):
    code, out, _ = cli("hotspots", "--areas", demo.AREAS, "--incidents", partly, "--json")
    assert code == 0 and json.loads(out)["incidents"] == 3


def test_analyse_says_them_too(cli, partly, tmp_path):
    code, out, err = cli("analyse", "--areas", demo.AREAS, "--incidents", partly, "--out", tmp_path / "uit")
    assert code == 0, err
    assert "3 van de 6 rijen afgewezen" in out


def test_a_file_of_which_no_row_is_usable_is_refused_with_the_reasons(cli, tmp_path):
    path = _write(tmp_path, "tellingen.csv", ["WijkenEnBuurten;Perioden;Aantal", "BU00140000;week 3;33",
                                              "BU00140000;week 4;29", "BU00140001;?;29"])
    code, out, err = cli("analyse", "--areas", demo.AREAS, "--counts", path, "--out", tmp_path / "uit")
    assert code == 2 and not (tmp_path / "uit").exists()
    assert "Geen enkele rij van tellingen.csv is bruikbaar: 3x periode niet te lezen (eerst rij 2)" in err
    assert "wijkbeeld inspect tellingen.csv" in err and "Traceback" not in err


@pytest.mark.parametrize("period", ["2014-01", "01-2014", "1/2014", "januari 2014", "2014MM01"])
def test_an_own_counts_table_may_write_its_months_as_people_do(cli, tmp_path, period):
    path = _write(tmp_path, "tellingen.csv", ["WijkenEnBuurten;Perioden;Aantal", f"BU00140000;{period};33",
                                              f"BU00140001;{period};29"])
    code, out, err = cli("hotspots", "--areas", demo.AREAS, "--counts", path, "--json")
    assert code == 0, err
    d = json.loads(out)
    assert d["incidents"] == 62 and {r["code"]: r["count"] for r in d["areas"]}["BU00140001"] == 29
