"""``wijkbeeld vergelijk`` without a region in the kerncijfers names the option that gives one: ``--region``.

Found while checking the options the commands' messages name: the note said "geef er een met --regio", an option
that does not exist (argparse then said "onbekende opties"). Generated reference set: the demo's police figures
and its gemeente layer alone (no region in it), through the real command line.
"""
from __future__ import annotations

from desktop.cli import build_parser
from desktop.commands.hints import accepted
from tests.benchmark_data import FILES


def test_the_note_names_the_commands_own_option(cli):
    code, out, err = cli("vergelijk", "--politie", FILES["politie"], "--kerncijfers", FILES["gemeenten"])
    assert code == 0, err
    code, out, err = cli("vergelijk", "--gemeente", "14", "--categories", "1.2.3")
    assert code == 0, err
    note = next(line for line in out.splitlines() if "Geen regio vergeleken" in line)
    assert note == "(Geen regio vergeleken: de kerncijfers noemen geen regio; geef er een met --region.)"
    assert "--region" in accepted(build_parser(["vergelijk"]), "vergelijk")
