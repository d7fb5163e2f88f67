"""The lazy command line (issue 12, start-up): ``wijkbeeld --help`` is written from the table of commands
(:data:`desktop.commands.COMMANDS`) and ``wijkbeeld OPDRACHT`` builds only that command's parser; what the
user sees and what the arguments parse to are the same as with the whole parser."""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys

import pytest

from desktop.cli import build_parser
from desktop.commands import COMMAND_MODULES, COMMANDS
from desktop.commands.parser import _terminal_width


def _commands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def test_the_table_lists_every_command_with_its_modules_own_help_in_order():
    full = _commands(build_parser())
    assert list(full.choices) == list(COMMANDS)
    assert {a.dest: a.help for a in full._choices_actions} == {name: text for name, (_, text) in COMMANDS.items()}


@pytest.mark.parametrize("argv", [[], ["--help"], ["--debug"], ["bestaatniet"], ["-h", "hotspots"]])
def test_the_top_level_help_is_the_whole_parsers(argv):
    assert build_parser(argv).format_help() == build_parser().format_help()
    assert build_parser(argv).format_usage() == build_parser().format_usage()


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_commands_help_is_the_whole_parsers(name):
    lazy, full = _commands(build_parser(["--debug", name, "--help"])), _commands(build_parser())
    assert lazy.choices[name].format_help() == full.choices[name].format_help()
    assert lazy.choices[name].examples == full.choices[name].examples
    built = [n for n, p in lazy.choices.items() if len(p._actions) > 1]  # more than -h: a real parser
    assert set(built) == {n for n, (module, _) in COMMANDS.items() if module == COMMANDS[name][0]}


@pytest.mark.parametrize("argv", [
    ["hotspots", "--areas", "a.gpkg", "--incidents", "b.csv", "--method", "raster", "--cell", "250"],
    ["trends", "--incidents", "b.csv", "--from", "2015-01", "--to", "2016-12"],
    ["--debug", "inspect", "x.csv", "--json"],
    ["demo", "--no-gui"],
    ["gui"],
    [],
])
def test_arguments_parse_to_the_same_namespace(argv):
    lazy, full = build_parser(argv).parse_args(argv), build_parser().parse_args(argv)
    assert vars(lazy) == vars(full)


@pytest.mark.parametrize("argv", [["bestaatniet"], ["hotspots", "--areas", "a", "--onbekend"], ["trends", "--top"]])
def test_mistakes_give_the_same_message(argv, capsys):
    said = []
    for parser in (build_parser(argv), build_parser()):
        with pytest.raises(SystemExit) as exc:
            parser.parse_args(argv)
        assert exc.value.code == 2
        said.append(capsys.readouterr().err)
    assert said[0] == said[1] and "fout:" in said[0]


def test_a_start_reads_only_its_own_command_module():
    code = ("import sys\nfrom desktop.cli import main\n"
            "try:\n    main(['hotspots', '--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('desktop.commands.')), file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    loaded = {m.split(".")[-1] for m in eval(out.stderr.strip().splitlines()[-1])}
    assert "hotspots" in loaded and not loaded & (set(COMMAND_MODULES) - {"hotspots"})
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "desktop.cli", "--help"], capture_output=True,
                         text=True)
    loaded = {line.split("|")[-1].strip() for line in out.stderr.splitlines() if "|" in line}
    assert out.returncode == 0 and not loaded & {f"desktop.commands.{m}" for m in COMMAND_MODULES}
    assert not loaded & {"multiprocessing", "shutil", "typing"}, "wijkbeeld --help loads more than it needs"


@pytest.mark.parametrize("columns", [None, "50", "0", "x", "200"])
def test_the_help_width_is_shutils(columns, monkeypatch):
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert _terminal_width() == shutil.get_terminal_size().columns
