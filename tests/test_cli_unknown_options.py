"""An option that this command does not take but another does: one Dutch line that says why and what works instead.

Found by a review: ``wijkbeeld hottimes --counts tellingen.csv`` said only "onbekende opties of waarden: --counts
tellingen.csv" (under the usage of wijkbeeld itself). Hot times need incidents with a time of day; police counts per
month have none; ``wijkbeeld trends --counts`` is what works with them. The same for the other likely mistakes
between sibling commands (desktop.commands.hints.unknown_options); an option no command knows keeps argparse's
message (tests/test_cli_dutch.py).
"""
from __future__ import annotations

import pytest

from resources import demo

AREAS, INCIDENTS, COUNTS = str(demo.AREAS), str(demo.INCIDENTS), str(demo.COUNTS)


def _one_line(cli, *argv) -> str:
    code, out, err = cli(*argv)
    assert code == 2 and out == "" and err.count("\n") == 1, (code, err)
    assert "onbekende opties" not in err and "Traceback" not in err
    return err.removeprefix("wijkbeeld: ").strip()


def test_hot_times_on_police_counts_say_why_and_what_works(cli):
    said = _one_line(cli, "hottimes", "--counts", COUNTS)
    assert said.startswith("hottimes werkt niet met tellingen (--counts): hot times vragen om incidenten met een "
                           "tijdstip, en politietellingen per maand hebben geen tijd van de dag."), said
    assert "Geef incidenten met --incidents; met tellingen werkt wijkbeeld trends --counts" in said


@pytest.mark.parametrize("argv, says", [
    (["inzet", "--areas", AREAS, "--counts", COUNTS], "inzet werkt niet met tellingen (--counts): de Inzetplanner "
                                                      "vraagt om incidenten met plaats en tijdstip"),
    (["nearrepeat", "--counts", COUNTS], "nearrepeat werkt niet met tellingen (--counts): bijna-herhaling vraagt"),
    (["stabiel", "--areas", AREAS, "--counts", COUNTS], "stabiel werkt niet met tellingen (--counts)"),
    (["hotspots", "--areas", AREAS, "--incidents", INCIDENTS, "--suppress-below", "5"],
     "hotspots schermt geen kleine aantallen af (--suppress-below): het toont de hele uitkomst, voor eigen gebruik. "
     "Uitvoer om te delen, met kleine aantallen afgeschermd, maken wijkbeeld analyse, rapport en inzet."),
    (["trends", "--counts", COUNTS, "--out", "uit"], "trends schrijft geen uitvoermap (--out): de uitkomst staat op "
                                                     "het scherm, met --json als JSON. Kaart, werkmap en samenvatting "
                                                     "in een map geeft wijkbeeld analyse --out MAP"),
    (["inzet", "--areas", AREAS, "--incidents", INCIDENTS, "--out", "uit"],
     "het rooster schrijft wijkbeeld inzet met --xlsx BESTAND of --html BESTAND"),
    (["rapport", "--project", "p.gpkg", "--out", "r.pdf"],
     "rapport leest geen project (--project): geef de bestanden op, --areas met --incidents of --counts."),
    (["inzet", "--areas", AREAS, "--incidents", INCIDENTS, "--from", "2017-01-01"],
     "inzet kent --from niet: de historie kiest u met --history-from of --weeks-history, de terugblik met "
     "--evaluate-from en --evaluate-to."),
    (["inspect", "--counts", COUNTS], "inspect kent --counts niet: wijkbeeld inspect neemt het bestand zelf"),
    (["analyse", "--areas", AREAS, "--incidents", INCIDENTS, "--out", "uit", "--period", "last-month"],
     "analyse kent --period niet; die optie hoort bij wijkbeeld rapport. Wat wel kan: wijkbeeld analyse --help."),
])
def test_a_sibling_commands_option_gets_one_line(cli, tmp_path, monkeypatch, argv, says):
    monkeypatch.chdir(tmp_path)  # nothing is written, and nothing starts: refused before reading a file
    said = _one_line(cli, *argv)
    assert says in said, said
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("argv,meant", [
    (["inzet", "--areas", AREAS, "--incidents", INCIDENTS, "--category", "Diefstal Fiets"], "--categories"),
    (["hotspots", "--areas", AREAS, "--incidents", INCIDENTS, "--perm", "99"], None),
    (["trends", "--areas", AREAS, "--incidents", INCIDENTS, "--json", "--sta", "2016-01"], None),
    (["inzet", "--areas", AREAS, "--incidents", INCIDENTS, "--start", "2016-01"], "--history-from"),
])
def test_an_option_is_never_abbreviated(capsys, argv, meant):
    """argparse takes an unambiguous abbreviation by default: 'inzet --category X' ran as --category-column X
    (a column that does not exist, or worse one that does) without a word. Every option is whole or refused."""
    from desktop.cli import main

    try:
        code = main(argv)
    except SystemExit as stop:  # argparse's own refusal of an option no command knows
        code = stop.code
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and "Traceback" not in err, (code, err)
    assert (meant if meant else f"onbekende opties of waarden: {argv[-2]}") in err, err
