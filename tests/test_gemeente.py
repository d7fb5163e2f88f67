"""One CBS hierarchy (kernel.cbs): a gemeente by code or name everywhere, levels and parents from codes.

The bug of issue 17: ``wijkbeeld analyse --gemeente 0014`` passed the reader (code or name) and then
failed in the pipeline ("Geen gebieden met gemeentecode 0014"), which took only an exact code.
"""
from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest

from kernel.cbs import at_level, gemeente_code, gemeente_mask, level_of_code, parents
from resources import demo

SPELLINGS = ["0014", "GM0014", "14", "gm14", "Groningen", " groningen "]


@pytest.mark.parametrize("gemeente", SPELLINGS)
def test_analyse_takes_a_gemeente_by_code_or_name(cli, tmp_path, gemeente):
    out = tmp_path / "uit"
    code, stdout, err = cli("analyse", "--areas", demo.AREAS, "--counts", demo.COUNTS, "--gemeente", gemeente,
                            "--out", out, "--json")
    assert code == 0, err
    assert json.loads(stdout)["areas"] == 108


def test_the_pipeline_itself_takes_every_spelling(tmp_path):
    from mapping.outputs import run_analyse

    areas = gpd.read_file(demo.AREAS, layer=demo.AREAS_LAYER)
    incidents = pd.read_csv(demo.INCIDENTS, parse_dates=["start", "end"])
    for i, gemeente in enumerate(["0014", "Groningen"]):
        summary = run_analyse(areas, incidents, out_dir=tmp_path / str(i), gemeente=gemeente)
        assert summary["areas"] == 108 and summary["gemeente"] == gemeente


@pytest.mark.parametrize("command", [["hotspots", "--incidents", demo.INCIDENTS],
                                     ["trends", "--counts", demo.COUNTS],
                                     ["inzet", "--incidents", demo.INCIDENTS, "--shifts", "2"]])
def test_every_command_takes_the_short_code(cli, command):
    code, stdout, err = cli(command[0], "--areas", demo.AREAS, *command[1:], "--gemeente", "14", "--json")
    assert code == 0, err
    assert json.loads(stdout)


def test_unknown_gemeente_is_one_dutch_line_naming_it(cli, tmp_path):
    code, _, err = cli("analyse", "--areas", demo.AREAS, "--counts", demo.COUNTS, "--gemeente", "0999",
                       "--out", tmp_path)
    assert code == 2 and err.count("\n") == 1 and "0999" in err


def test_codes_levels_and_parents():
    areas = pd.DataFrame({"gemeente_code": ["GM0014", "GM0363", None], "gemeente_name": ["Groningen", "Amsterdam", None]})
    for g in ("14", "GM0014", "0014", "groningen"):
        assert gemeente_mask(areas, g).tolist() == [True, False, False]
    assert gemeente_code("Amsterdam") is None and gemeente_code("363") == "GM0363"
    assert [level_of_code(c) for c in ("BU0363AC02", " wk036301", "GM0363", "")] == ["buurt", "wijk", "gemeente", None]
    codes = pd.Series(["BU0363AC02", "WK0363AC", "GM0363"], dtype="string")
    wk, gm = parents(codes)
    assert wk.tolist() == ["WK0363AC", pd.NA, pd.NA] and gm.tolist() == ["GM0363", "GM0363", pd.NA]
    assert at_level(pd.Index(codes), "buurt").tolist() == [True, False, False]
