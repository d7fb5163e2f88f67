"""``wijkbeeld emerging``, ``nearrepeat`` and ``stabiel`` on the demo data, without a screen."""
from __future__ import annotations

import json
import subprocess
import sys

from resources.demo import AREAS, COUNTS, INCIDENTS


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "desktop.cli", *map(str, args)], capture_output=True, text=True)


def test_emerging_json_from_incidents_and_counts():
    out = run_cli("emerging", "--areas", AREAS, "--incidents", INCIDENTS, "--json")
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert d["method"] == "emerging" and len(d["locations"]) == 108 and d["months"][-1] == "2017-08"
    assert {"code", "name", "category", "label", "sentence", "colour", "trend_p"} <= set(d["locations"][0])
    out = run_cli("emerging", "--areas", AREAS, "--counts", COUNTS, "--unit", "area", "--time-steps", "2", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["params"]["time_steps"] == 2


def test_nearrepeat_text_and_json():
    args = ("nearrepeat", "--incidents", INCIDENTS, "--permutations", "99", "--distances", "100,200", "--days", "7,14",
            "--noun", "fietsdiefstal")
    out = run_cli(*args)
    assert out.returncode == 0, out.stderr
    assert "keer zo groot als bij toeval" in out.stdout and "zelfde plek" in out.stdout
    d = json.loads(run_cli(*args, "--json").stdout)
    assert d["columns"] == ["0 tot 7 dagen", "8 tot 14 dagen", "later dan 14 dagen"] and d["pairs"] > 0


def test_stabiel_json():
    out = run_cli("stabiel", "--areas", AREAS, "--incidents", INCIDENTS, "--scales", "area,hexagon:500", "--json")
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert [s["label"] for s in d["scales"]] == ["buurten", "zeshoeken van 500 m"] and d["caption"]


def test_bad_input_is_one_dutch_line():
    out = run_cli("nearrepeat", "--incidents", INCIDENTS, "--days", "14,7")
    assert out.returncode == 2 and out.stderr.startswith("wijkbeeld: De tijdbanden") and "Traceback" not in out.stderr
    out = run_cli("emerging", "--areas", AREAS, "--incidents", INCIDENTS, "--start", "2017-01")
    assert out.returncode == 2 and "minstens 10 maanden" in out.stderr


def test_nearrepeat_writes_its_chains_as_an_offline_map(tmp_path):
    """``--kaart``: the chains ("reeksen") as a map layer, one line (or circle) per chain of the result, over the
    areas; a page with no network address; never over an input file."""
    import re

    page = tmp_path / "reeksen.html"
    args = ["nearrepeat", "--incidents", INCIDENTS, "--areas", AREAS, "--from", "2016-01", "--to", "2016-12",
            "--permutations", "99", "--seed", "3"]
    out = run_cli(*args, "--kaart", page, "--json")
    assert out.returncode == 0, out.stderr
    chains = json.loads(out.stdout)["chains"]
    assert chains and page.is_file()
    url_in_tag = re.compile(r"""<(?:script|link|img)[^>]+(?:src|href)=["']?(?!data:)([^"' >]+)""", re.I)

    text = page.read_text(encoding="utf-8")
    config = json.loads(re.search(r"Wijkbeeld\.build\(map_\w+, (.*)\);", text).group(1))
    layer = next(spec for spec in config["layers"] if spec["id"] == "reeksen")
    assert layer["name"] == f"Reeksen ({len(chains)})" and len(layer["data"]["features"]) == len(chains)
    assert url_in_tag.findall(text) == []  # no script, style or image from elsewhere (as tests/test_webmap.py)
    refused = run_cli(*args, "--kaart", INCIDENTS)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
