"""A reason that is a sentence of its own, joined into another sentence, starts in lower case and loses its full stop.

Found by a review of ``wijkbeeld vergelijk``: "Niets te vergelijken (gemeente: geen referentieset ...; wijken: Geen
van de 120 incidenten heeft een datum: ...; inwoners: geen referentieset)": the core's message for the wijken,
taken as it was, beside the reasons written as parts. The same joins put "niet uitgevoerd: Geen incidenten met een
begintijd: ... maken." in samenvatting.json, and the report, the Vergelijking tab, the Inzet tab's notes and the
window's level note joined messages the same way. They now go through :func:`kernel.nl.clause`.
"""
from __future__ import annotations

import json
import re

import pytest

from resources import demo
from test_limited_input_cli import _write

#: A capital after a colon, semicolon or opening bracket: a sentence of its own inside another one.
MID_SENTENCE = re.compile(r"(?:[:;] |\()([A-Z][a-z]+)\b")


@pytest.fixture(scope="module")
def undated(tmp_path_factory):
    return _write(tmp_path_factory.mktemp("casing") / "zonderdatum.csv", 120, dates=None)


def test_vergelijk_says_every_reason_as_a_part_of_its_one_line(cli, undated):
    code, out, err = cli("vergelijk", "--areas", demo.AREAS, "--wijken", demo.AREAS, "--incidents", undated)
    assert code == 2 and err.count("\n") == 1, err
    line = err.removeprefix("wijkbeeld: ")
    assert line.startswith("Niets te vergelijken (") and line.endswith(").\n"), line
    assert "wijken: geen van de 120 incidenten heeft een datum: de wijken worden per jaar vergeleken; " in line
    assert not MID_SENTENCE.findall(line), line


def test_what_analyse_could_not_do_is_a_part_of_a_sentence_too(cli, undated, tmp_path):
    code, out, err = cli("analyse", "--areas", demo.AREAS, "--incidents", undated, "--out", tmp_path, "--json")
    assert code == 0, err
    skipped = json.loads(out)["skipped"]
    assert skipped["hot_times"] == ("niet uitgevoerd: geen incidenten met een begintijd: er is geen week-uurmatrix "
                                    "te maken")
    for reason in skipped.values():
        assert not MID_SENTENCE.findall(reason) and not reason.endswith("."), reason
