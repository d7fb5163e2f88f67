"""``wijkbeeld hotspots``: JSON per area, weights summary, warnings; errors as one Dutch line."""
from __future__ import annotations

import json

import pytest

from resources.demo import AREAS, COUNTS, INCIDENTS


def test_gistar_json(cli):
    code, out, err = cli("hotspots", "--areas", AREAS, "--incidents", INCIDENTS, "--json")
    assert code == 0, err
    d = json.loads(out)
    assert d["method"] == "gistar" and d["outside"] == 16
    w = d["weights"]
    assert {"islands", "neighbours_min", "neighbours_mean", "neighbours_max", "components"} <= set(w)
    rows = {r["code"]: r for r in d["areas"]}
    assert len(rows) == 108
    r = rows["BU00140000"]
    assert {"code", "z", "p", "p_fdr", "class", "label"} <= set(r)
    assert r["class"] == 3 and r["label"] == "Hot spot 99%"
    assert isinstance(d["warnings"], list) and d["notes"]


def test_lisa_with_knn_permutations_and_no_fdr(cli):
    code, out, err = cli("hotspots", "--areas", AREAS, "--incidents", INCIDENTS, "--method", "lisa",
                         "--weights", "knn:6", "--permutations", "199", "--seed", "7", "--no-fdr", "--json")
    assert code == 0, err
    d = json.loads(out)
    assert d["weights"]["kind"] == "knn" and d["weights"]["neighbours_max"] == 6
    assert d["params"]["fdr"] is False and d["params"]["permutations"] == 199
    row = next(r for r in d["areas"] if r["code"] == "BU00140000")
    assert row["quadrant"] == "HH" and row["p_sim"] == pytest.approx(0.005)


def test_counts_and_row_transform(cli):
    code, out, err = cli("hotspots", "--areas", AREAS, "--counts", COUNTS, "--transform", "row", "--json")
    assert code == 0, err
    d = json.loads(out)
    assert d["params"]["transform"] == "row" and len(d["areas"]) == 108


def test_grid_text_output(cli):
    code, out, err = cli("hotspots", "--areas", AREAS, "--incidents", INCIDENTS, "--method", "grid", "--cell", "500")
    assert code == 0, err
    assert "Hot spot 99%" in out and "Buren:" in out


@pytest.mark.parametrize("argv,message", [
    (["--weights", "hex"], "Onbekende buren-definitie 'hex'"),
    (["--permutations", "-1"], "kleiner dan het minimum"),
])
def test_errors_are_one_dutch_line_and_exit_2(cli, argv, message):
    code, out, err = cli("hotspots", "--areas", AREAS, "--incidents", INCIDENTS, *argv)
    assert code == 2
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_no_source_is_an_error(cli):
    code, _, err = cli("hotspots", "--areas", AREAS)
    assert code == 2 and "Geef incidenten, tellingen of een kolom" in err


def test_value_column_on_ermelo_leaves_out_water_and_warns_few_areas(cli, shared_data):
    path = shared_data / "ermelo" / "ermelo_GM0233_buurten_2021_pdok.gpkg"
    code, out, err = cli("hotspots", "--areas", path, "--value", "population", "--json")
    assert code == 0, err
    d = json.loads(out)
    rows = {r["code"]: r for r in d["areas"]}
    assert rows["BU02339997"]["label"] == "Niet berekend" and rows["BU02339997"]["z"] is None
    assert sum(r["z"] is not None for r in rows.values()) == 16
    assert any("maar 16 gebieden" in w for w in d["warnings"])
    assert all(r["rate"] is None for r in rows.values())  # no 'rate' of an arbitrary column
