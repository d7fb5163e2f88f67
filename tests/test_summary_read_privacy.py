"""``wijkbeeld analyse --suppress-below``: what reading the incidents file gave is published as its counts are.

Found while checking every ``--json`` for the rules of the files: samenvatting.json (and ``analyse --json``, the same
summary) hid the incidents read ("x", because 3 lie outside every area and counted + outside = read) and said
``"rows_kept": 403`` for the file beside ``"counted": 400``: the 3 outside, given back. The rows of an incidents file
are incidents: kept and rejected per reason are counts under the rules, and kept and read are hidden where the
incidents read are (:func:`mapping.protect.published_read`). Generated data, the real command line.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from grid_data import X0, Y0, corner_incidents, grid_buurten


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """36 buurten, 400 incidents inside, 3 far outside and 2 rows whose date cannot be read."""
    folder = tmp_path_factory.mktemp("gelezen")
    rng = np.random.default_rng(11)
    grid_buurten(folder, 6, rng)
    inside = corner_incidents(rng, 400, 6)
    outside = inside.head(3).assign(id=["B1", "B2", "B3"], x=X0 - 20000.0, y=Y0)
    unreadable = inside.head(2).assign(id=["D1", "D2"], start="geheim", end=None)
    pd.concat([inside, outside, unreadable], ignore_index=True).to_csv(folder / "meldingen.csv", index=False)
    return folder


def _analyse(cli, data, out, *extra):
    code, stdout, err = cli("analyse", "--areas", data / "buurten.gpkg", "--incidents", data / "meldingen.csv",
                            "--out", out, "--json", *extra)
    assert code == 0, err
    summary = json.loads(stdout)
    assert summary == json.loads((out / "samenvatting.json").read_text(encoding="utf-8"))
    return summary, next(r for r in summary["read"] if r["kind"] == "incidents")


def test_the_rows_of_the_incidents_file_give_no_hidden_count_back(cli, data, tmp_path):
    summary, read = _analyse(cli, data, tmp_path / "uit", "--suppress-below", "5")
    assert summary["incidents"] == "x" and summary["outside"] == "<5" and summary["counted"] == 400
    # the rows kept are the incidents read: hidden with them (403 - 400 would be the 3 outside)
    assert read["rows_kept"] == "x" and read["rows_read"] == "x"
    # two rows rejected for one reason: a small count, and no published total pins it
    assert read["rejected_by_reason"] == {"datum niet te lezen": "<5"}
    assert read["rows_rejected"] in ("<5", "x")
    areas = next(r for r in summary["read"] if r["kind"] == "boundaries")
    assert areas["rows_kept"] == 36  # areas are not incidents


def test_without_a_threshold_the_rows_are_as_read(cli, data, tmp_path):
    summary, read = _analyse(cli, data, tmp_path / "uit")
    assert summary["incidents"] == 403 and summary["outside"] == 3
    assert (read["rows_read"], read["rows_kept"], read["rows_rejected"]) == (405, 403, 2)
    assert read["rejected_by_reason"] == {"datum niet te lezen": 2}
