"""The command line in Dutch (issue 14): argparse's own texts, one metavar style, Dutch values with the
English ones as aliases, numbers as a Dutch reader writes them, and examples that run on the demo files."""
from __future__ import annotations

import argparse
import ast
import gettext
import re
import shlex
import subprocess
import sys

import pytest

from desktop.cli import build_parser
from desktop.commands.examples import EXAMPLES
from desktop.commands.parser import CATALOG, Parser

#: Words of argparse's messages that are Dutch words too ("of" = or, "is", "in", "type", ...).
ALSO_DUTCH = {"of", "is", "in", "type", "argument", "mode", "prog", "prefix", "chars", "dest", "call", "s", "r", "t", "a",
              "open", "start", "alias"}


def _argparse_messages() -> list[str]:
    """Every text argparse looks up through gettext (``_("...")``, ``ngettext("...", "...", n)``)."""
    tree = ast.parse(open(argparse.__file__, encoding="utf-8").read())
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
            out += [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    return out


def _english_words() -> set[str]:
    words = {w.lower() for msg in CATALOG for w in re.findall(r"[A-Za-z]+", re.sub(r"%\(\w+\)[sr]", "", msg))}
    return words - ALSO_DUTCH


def _parsers():
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return parser, sub.choices


def _prose(text: str) -> str:
    """The help without flags, choice lists and command lines (the words a reader reads)."""
    text = re.sub(r"(?<![\w-])--?[\w-]+", " ", text)
    text = re.sub(r"\{[^}]*\}", " ", text)
    return "\n".join(line for line in text.splitlines() if not line.strip().startswith("wijkbeeld "))


def test_the_catalog_has_every_message_of_this_pythons_argparse():
    missing = [m for m in _argparse_messages() if m not in CATALOG]
    assert not missing, missing


def test_every_help_is_dutch_with_one_metavar_style_and_no_empty_default():
    english = _english_words()
    assert {"usage", "options", "positional", "show", "help", "message", "exit", "required", "invalid",
            "choice", "error", "expected", "following"} <= english
    parser, commands = _parsers()
    assert commands.keys() >= {"inspect", "hotspots", "hottimes", "trends", "analyse", "inzet", "emerging",
                               "nearrepeat", "stabiel", "voorbeeld-bestanden"}
    for name, p in [("wijkbeeld", parser), *commands.items()]:
        text = p.format_help()
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", _prose(text))}
        assert not words & english, (name, sorted(words & english))
        assert text.startswith("gebruik: ") and "opties:" in text, name
        assert "None" not in text and "standaard: )" not in text and "standaard: ;" not in text, name
        assert "voorbeelden" in text, name
        for action in p._actions:
            if action.nargs == 0 or isinstance(action, argparse._SubParsersAction) or action.choices is not None:
                continue
            metavars = action.metavar if isinstance(action.metavar, tuple) else (action.metavar,)
            for metavar in metavars:  # named on purpose (never argparse's dest in capitals), in capitals
                assert metavar and metavar == metavar.upper() and metavar != "WAARDE", (name, action.dest, metavar)


def test_wijkbeeld_help_in_a_fresh_process_is_dutch_and_loads_no_statistics():
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "desktop.cli", "--help"], capture_output=True,
                         text=True)
    assert out.returncode == 0 and out.stdout.startswith("gebruik: wijkbeeld")
    assert "opdrachten:" in out.stdout and "show this help" not in out.stdout
    loaded = {line.split("|")[-1].strip().split(".")[0] for line in out.stderr.splitlines() if "|" in line}
    assert not loaded & {"pandas", "numpy", "scipy", "geopandas", "shapely"}


@pytest.mark.parametrize("argv, says", [
    (["stabiel", "--incidents", "x.csv"], "fout: dit moet u nog opgeven: --areas"),
    (["hotspots", "--areas", "a", "--method", "rasterx"], "--method: ongeldige keuze: 'rasterx' (kies uit 'gistar'"),
    (["hotspots", "--areas", "a", "--incidents", "b", "--counts", "c"], "--counts: gaat niet samen met --incidents"),
    (["hotspots", "--areas", "a", "--onbekend", "3"], "onbekende opties of waarden: --onbekend 3"),
    (["hottimes", "--incidents", "a", "--top", "x"], "--top: 'x' is geen geheel getal"),
    (["emerging", "--areas", "a"], "geef een van deze opties: --incidents --counts"),
    (["trends", "--counts", "a", "--compare", "2015-01:2015-12"], "--compare: hier horen 2 waarden bij"),
    (["bestaatniet"], "ongeldige keuze: 'bestaatniet' (kies uit 'gui'"),
])
def test_mistakes_in_a_fresh_process(argv, says):
    out = subprocess.run([sys.executable, "-m", "desktop.cli", *argv], capture_output=True, text=True)
    assert out.returncode == 2 and out.stderr.startswith("gebruik: wijkbeeld"), out.stderr
    assert says in out.stderr, out.stderr
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", _prose(out.stderr.split("fout:")[-1]))}
    assert not words & _english_words(), out.stderr


@pytest.mark.parametrize("argv, says", [
    (["hotspots", "--incidents", "x.csv"], "wijkbeeld: Geef --areas BESTAND, of --project PROJECT."),
    (["trends", "--areas", "a"], "wijkbeeld: Geef --counts of --incidents, of --project PROJECT."),
])
def test_a_command_that_reads_a_project_names_it_beside_the_missing_files(argv, says):
    """Where a saved ``--project`` stands in for the files, what is missing is said with that alternative."""
    out = subprocess.run([sys.executable, "-m", "desktop.cli", *argv], capture_output=True, text=True)
    assert out.returncode == 2 and out.stderr.strip() == says, out.stderr


def test_argparse_is_left_as_it_was_for_other_parsers():
    build_parser().format_help()
    with pytest.raises(SystemExit):
        Parser(prog="x").parse_args(["--nee"])
    assert argparse._ is gettext.gettext
    assert "show this help message and exit" in argparse.ArgumentParser(prog="y").format_help()


def test_dutch_values_and_their_english_aliases_give_the_same_parameters():
    from hotspots.spacetime.methods import EMERGING, STABLE
    from hotspots.where.methods import HOTSPOTS

    parser, commands = _parsers()
    base = ["hotspots", "--areas", "a", "--incidents", "b"]

    def hotspot_params(*flags):
        return HOTSPOTS.from_args(parser.parse_args([*base, *flags]))

    dutch = hotspot_params("--method", "raster", "--shape", "zeshoek", "--weights", "dichtstbij:5",
                           "--transform", "rij", "--kernel", "gauss", "--variable", "per1000-glad")
    english = hotspot_params("--method", "grid", "--shape", "hexagon", "--weights", "knn:5", "--transform", "row",
                             "--kernel", "gaussian", "--variable", "rate_eb")
    assert dutch == english and dutch["method"] == "grid" and dutch["weights"] == "knn:5"
    assert hotspot_params("--weights", "koningin")["weights"] == "queen"
    assert hotspot_params("--weights", "afstand:500")["weights"] == "distance:500"
    assert hotspot_params("--tolerance", "0,75")["tolerance"] == 0.75  # a Dutch decimal comma
    st = ["stabiel", "--areas", "a", "--incidents", "b"]
    assert STABLE.from_args(parser.parse_args([*st, "--scales", "gebied,zeshoek:500"]))["scales"] == "area,hexagon:500"
    em = ["emerging", "--areas", "a", "--incidents", "b"]
    assert EMERGING.from_args(parser.parse_args([*em, "--unit", "zeshoek", "--window", "venster"])) == \
        EMERGING.from_args(parser.parse_args([*em, "--unit", "hexagon", "--window", "steps"]))
    from desktop.commands.inspect import options_from_args

    assert options_from_args(parser.parse_args(["inspect", "f", "--kind", "tellingen"]))["kind"] == "counts"
    assert options_from_args(parser.parse_args(["inspect", "f", "--kind", "counts"]))["kind"] == "counts"


def test_a_wrong_value_is_named_with_the_dutch_choices():
    from hotspots.where.methods import HOTSPOTS
    from kernel.errors import AnalysisError

    with pytest.raises(AnalysisError, match="kies uit gistar, lisa, raster, geoptimaliseerd, warmtekaart"):
        HOTSPOTS.validate({"method": "heat"})
    with pytest.raises(AnalysisError, match="Permutaties: 'veel' is geen geldige waarde: geef een geheel getal"):
        HOTSPOTS.validate({"permutations": "veel"})
    with pytest.raises(AnalysisError, match=r"Snaptolerantie \(m\): 200 is groter dan het maximum 100"):
        HOTSPOTS.validate({"tolerance": 200.0})


# -- the examples, run on a copy of the demo files ---------------------------------------------------------------
def _runnable(command: str) -> bool:
    """Not the ones that open the window (the tests have no screen for it) or only print help."""
    argv = shlex.split(command)[1:]
    return argv[:1] != ["gui"] and argv != ["demo"] and "--help" not in argv


def test_english_numbers_are_found_and_dutch_ones_are_not():
    assert _english_numbers("p = 9.42e-199\nz 6.97\np (FDR) = 0.000283") == ["p = 9.42e-199", "z 6.97",
                                                                             "p (FDR) = 0.000283"]
    assert not _english_numbers("15.947 incidenten, 1.234,5 per jaar, p = 0,047, CC BY 3.0 NL, 2016-07-01")


def test_every_command_has_two_or_three_examples_on_the_demo_files():
    parser, commands = _parsers()
    assert set(EXAMPLES) >= set(commands) | {"wijkbeeld"}
    for name in commands:
        assert 2 <= len(EXAMPLES[name]) <= 3, name
        for command, what in EXAMPLES[name]:
            argv = shlex.split(command)
            assert argv[0] == "wijkbeeld" and (argv[1] == name or name == "demo" and argv[1] == "demo"), command
            assert what, command
            parser.parse_args(argv[1:])  # every example parses


#: A decimal point between digits, or a number in e-notation: not how a Dutch reader writes numbers.
ENGLISH_NUMBER = re.compile(r"\d\.\d|\d[eE][-+]\d")
#: A police category code (1.2.3, 0.0.0): a name, not a number.
POLICE_CODE = re.compile(r"(?<![\d.,])\d\.\d\.\d{1,2}(?![\d.,])")
#: A Dutch number with points between the thousands (15.947; taken out first: 5.889 looks the same, alas).
THOUSANDS = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?(?![\d.])")


def _english_numbers(text: str) -> list[str]:
    lines = (THOUSANDS.sub("N", POLICE_CODE.sub("C", line.replace("CC BY 3.0", ""))) for line in text.splitlines())
    return [line for line in lines if ENGLISH_NUMBER.search(line)]


def test_every_example_runs_and_writes_numbers_the_dutch_way(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("voorbeeld-bestanden", "--out", "voorbeeld")
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "voorbeeld").iterdir()) == ["bronnen.txt", "buurten.gpkg",
                                                                          "fietsdiefstal.csv", "tellingen.csv"]
    ran = 0
    for name, examples in EXAMPLES.items():
        for command, _ in examples:
            if not _runnable(command):
                continue
            code, out, err = cli(*shlex.split(command)[1:])
            assert code == 0, (command, err)
            if "--json" not in command:
                assert out.strip(), command
                bad = _english_numbers(out)
                assert not bad, (command, bad[:3])
            ran += 1
    assert ran >= 25
    assert (tmp_path / "uitvoer" / "kaart.html").exists() and (tmp_path / "rooster.xlsx").exists()


def test_demo_files_are_never_copied_over_a_file_of_another_content(cli, tmp_path):
    (tmp_path / "buurten.gpkg").write_text("mijn eigen bestand", encoding="utf-8")
    code, out, err = cli("voorbeeld-bestanden", "--out", tmp_path)
    assert code == 2 and "bestaat al en is geen voorbeeldbestand" in err
    assert (tmp_path / "buurten.gpkg").read_text(encoding="utf-8") == "mijn eigen bestand"
