"""Every option a command's message names is an option of that command (a hint to use --crs or --dayfirst in
`hotspots`, which had neither, left the user stuck): the commands that read incident files take the options of
`inspect` that the importers' messages name, and an option a command still lacks is said as the command that has
it (desktop.commands.hints)."""
from __future__ import annotations

import json
import re

import pytest

from desktop.cli import build_parser
from desktop.commands.hints import accepted
from resources import demo

OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*[a-z](?![\w-])")


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def bad_files(tmp_path):
    return {
        "onbekend stelsel": _write(tmp_path, "merc.csv", "Datum;X;Y;Soort\n29-07-2017 01:30;730000;6900000;A\n"
                                                          "30-07-2017 02:30;730100;6900100;B\n"),
        "datums": _write(tmp_path, "datums.csv",
                         "Datum;X;Y;Soort\ngisteren;233456;582123;A\nvandaag;233556;582223;B\n"),
        "geen datum": _write(tmp_path, "geendatum.csv", "X;Y;Soort\n233855;581945;A\n233900;582000;B\n"),
        "tellingen": demo.COUNTS,  # counts given as incidents: "geef het op als tellingen (--counts)"
    }


COMMANDS = {
    "hotspots": ["--areas", demo.AREAS], "hottimes": [], "trends": [], "emerging": ["--areas", demo.AREAS],
    "stabiel": ["--areas", demo.AREAS], "nearrepeat": [], "inzet": ["--areas", demo.AREAS, "--shifts", "2",
                                                                   "--shift-hours", "4"],
    "analyse": ["--areas", demo.AREAS, "--out", "{tmp}/uit"], "rapport": ["--areas", demo.AREAS, "--out",
                                                                          "{tmp}/rapport.pdf"],
}


def _options_named(text: str) -> list[str]:
    """The options a message names as this command's (not those it says belong to another command)."""
    return [m.group(0) for m in OPTION.finditer(text) if not text[m.end():].startswith(" van wijkbeeld")]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_option_a_message_names_is_the_commands_own(cli, tmp_path, bad_files, command):
    own = accepted(build_parser([command]), command)
    wkt = _write(tmp_path, "buurten.csv",
                 "code;naam;geometrie\nBU1;A;\"POLYGON ((10 10, 20 10, 20 20, 10 20, 10 10))\"\n"
                 "BU2;B;\"POLYGON ((20 10, 30 10, 30 20, 20 20, 20 10))\"\n")
    runs = [["--incidents", path] for path in bad_files.values()]
    runs.append(["--incidents", demo.INCIDENTS, "--areas", wkt])
    for run in runs:
        extra = [str(a).replace("{tmp}", str(tmp_path)) for a in COMMANDS[command]]
        if "--areas" in run:  # the boundary file of this run instead of the demo's
            i = extra.index("--areas") if "--areas" in extra else None
            if i is not None:
                del extra[i:i + 2]
        code, out, err = cli(command, *run, *extra)
        assert "Traceback" not in err
        named = _options_named(out + err)
        assert set(named) <= own, (command, run, out + err)


def test_the_options_the_hints_name_work_in_an_analysis(cli, tmp_path):
    """--crs, --dayfirst/--monthfirst and --start-column in hottimes, and --areas-crs for its boundary file."""
    path = _write(tmp_path, "m.csv", "Gemeld;Opgelost;X;Y\n05-06-2017 22:30;06-06-2017 01:00;6.5665;53.2194\n"
                                     "06-06-2017 23:30;07-06-2017 01:00;6.5670;53.2200\n")
    common = ["--incidents", path, "--crs", "EPSG:4326", "--start-column", "Opgelost", "--start-only",
              "--simulations", "99", "--json"]
    code, out, err = cli("hottimes", *common, "--monthfirst")
    assert code == 0, err
    matrix = json.loads(out)["matrix"]
    assert matrix[1][1] == 1 and matrix[3][1] == 1  # 6 June 2017 (a Tuesday) and 6 July (a Thursday), 01:00
    code, out, err = cli("hottimes", *common, "--dayfirst")
    assert code == 0, err
    matrix = json.loads(out)["matrix"]
    assert matrix[1][1] == 1 and matrix[2][1] == 1  # 6 and 7 June (a Tuesday and a Wednesday)
    wkt = _write(tmp_path, "buurten.csv", "code;naam;geometrie\nBU00140001;A;\"POLYGON ((6.56 53.21, 6.58 53.21, "
                                          "6.58 53.23, 6.56 53.23, 6.56 53.21))\"\n")
    code, out, err = cli("hottimes", "--areas", wkt, "--areas-crs", "EPSG:4326", *common)
    assert code == 0, err
    assert json.loads(out)["input"] == {"incidents": 2, "outside": 0}


def test_an_option_the_command_lacks_is_said_as_another_commands(cli):
    code, out, err = cli("hottimes", "--incidents", demo.COUNTS)
    assert code == 2 and "Geef het op als tellingen (--counts van wijkbeeld hotspots, trends" in err
