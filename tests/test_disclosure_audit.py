"""No hidden count can be worked out from what a run publishes (issue 20, "small counts that can be worked out").

``wijkbeeld analyse`` writes every output of the demo with a threshold; :mod:`disclosure_audit`
then reads each output as a reader would, checks that every output shows each area the same way,
and for every count shown as ``"<N"`` solves for the smallest and the largest value that the
published totals leave: never one value. A control shows the audit catches the classic
``15891 - 15888 = 3``.
"""
from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import importers
from disclosure_audit import derivable, gpkg_areas, html_areas, intervals, map_config, xlsx_areas
from mapping.disclosure import PrivacyRules, secondary_suppression
from mapping.outputs import run_analyse
from mapping.protect import area_groups, protect_areas
from resources import demo

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_data():
    areas, _ = importers.read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)
    incidents, _ = importers.read_incidents(demo.INCIDENTS)
    return areas, incidents


def _run(demo_data, tmp_path, n, threshold, secondary="cel"):
    areas, incidents = demo_data
    sample = incidents.sample(n, random_state=7).reset_index(drop=True) if n else incidents
    out = tmp_path / f"uit_{n}_{threshold}_{secondary}"
    summary = run_analyse(areas, incidents=sample, out_dir=out, suppress_below=threshold, secondary=secondary)
    return out, summary, areas


def _true_counts(demo_data, n) -> dict:
    from hotspots.where.assign import assign_points

    areas, incidents = demo_data
    sample = incidents.sample(n, random_state=7).reset_index(drop=True) if n else incidents
    land = areas[~areas["water"].fillna(False).astype(bool)].reset_index(drop=True)
    located = assign_points(sample, land).incidents
    return located["area"].value_counts().to_dict()


def _published(out):
    return {"gpkg": gpkg_areas(out / "resultaten.gpkg"), "xlsx": xlsx_areas(out / "resultaten.xlsx"),
            "html": html_areas(out / "kaart.html")}


def _same_everywhere(published, threshold):
    """Every output shows every area the same way (a number, '<N' or 'x')."""
    def norm(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return None
        if isinstance(v, str) and (v.startswith("<") or v == "x"):
            return v
        return float(v)
    first = {k: norm(v) for k, v in published["gpkg"].items()}
    for name, cells in published.items():
        assert {k: norm(v) for k, v in cells.items()} == first, f"{name} toont de gebieden anders"
    return first


@pytest.mark.parametrize("n,threshold", [(1500, 5), (400, 5), (None, 20)])
def test_no_small_count_can_be_worked_out(demo_data, tmp_path, n, threshold):
    out, summary, areas = _run(demo_data, tmp_path, n, threshold)
    cells = _same_everywhere(_published(out), threshold)
    assert any(v == f"<{threshold}" for v in cells.values()), "the case must hide something"
    equations = []
    if not isinstance(summary["counted"], str):
        equations.append((list(cells), summary["counted"]))
    ranges = intervals(cells, threshold, equations)
    assert derivable(ranges) == []
    # and with the wijk totals that a report adds (the sum of its buurten, where it publishes them)
    land = areas[~areas["water"].fillna(False).astype(bool)]
    true = pd.Series(land["code"].map(_true_counts(demo_data, n)).fillna(0).to_numpy(), index=land["code"])
    hidden = protect_areas(land.assign(count=land["code"].map(true.to_dict())), PrivacyRules(threshold)).hidden_totals
    for wijk, group in land.groupby("wijk_code"):
        if f"wijk:{wijk}" not in hidden:
            equations.append((list(group["code"]), float(true[group["code"]].sum())))
    assert derivable(intervals(cells, threshold, equations)) == []
    # the summary's totals: read = counted + outside
    if not any(isinstance(summary[k], str) for k in ("incidents", "counted", "outside")):
        assert summary["incidents"] == summary["counted"] + summary["outside"]
    # no count below the threshold in any text of the summary
    text = json.dumps(summary, ensure_ascii=False)
    for sentence in summary["trends"]:
        for token in __import__("re").findall(r"\((\d+) tegen", sentence):
            assert int(token) >= threshold, sentence
    assert f'"count": {threshold - 1},' not in text


def test_the_audit_catches_a_total_minus_the_visible_cells():
    """Control: one hidden cell beside a published total is pinned (15891 - 15888 = 3)."""
    cells = {"A": 15000, "B": 888, "C": "<5"}
    ranges = intervals(cells, 5, [(["A", "B", "C"], 15891)])
    assert derivable(ranges) == ["C"] and ranges["C"][:2] == (3.0, 3.0)
    # the same table after secondary suppression: B hidden as 'x', C no longer pinned
    status, _ = secondary_suppression([15000, 888, 3], [[0, 1, 2]], PrivacyRules(5))
    assert status.tolist() == [0, 2, 1]
    ranges = intervals({"A": 15000, "B": "x", "C": "<5"}, 5, [(["A", "B", "C"], 15891)])
    assert derivable(ranges) == [] and ranges["C"][:2] == (1.0, 4.0)


@pytest.mark.parametrize("seed", range(200))
def test_secondary_suppression_on_random_tables(seed):
    """Random tables with nested totals (all cells, and groups of cells): no primary cell is pinned,
    and the suppression never hides a cell that no total needs."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 30))
    values = rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 9, 15, 40, 120], size=n)
    groups = [np.arange(n)] + [np.flatnonzero(g) for g in
                               (rng.integers(0, max(1, n // 4), size=n)[:, None] == np.arange(max(1, n // 4))).T]
    rules = PrivacyRules(5)
    status, hidden = secondary_suppression(values, groups, rules)
    shown = {i: ("<5" if s == 1 else "x" if s == 2 else int(values[i])) for i, s in enumerate(status)}
    equations = [(list(g), int(values[g].sum())) for gi, g in enumerate(groups) if gi not in hidden and len(g)]
    assert derivable(intervals(shown, 5, equations)) == []
    assert (status[(values > 0) & (values < 5)] == 1).all()
    if not ((values > 0) & (values < 5)).any():
        assert not status.any()


def test_no_output_depends_on_a_hidden_count(demo_data, tmp_path):
    """The differential test: move one incident from a buurt hidden as 'x' to a buurt shown as '<5' in
    the same wijk, so that every published total stays the same and so does the pattern of hidden cells
    (which cell is hidden depends on the values, as in all cell suppression), and every output stays the
    same: the counts, the Gi* z, p and classes (computed from the published table; from the true counts,
    z to two decimals pinned every hidden count of this sample), the map's data, the trends and the
    summary."""
    from hotspots.where.assign import assign_points

    areas, incidents = demo_data
    sample = incidents.sample(400, random_state=7).reset_index(drop=True)
    land = areas[~areas["water"].fillna(False).astype(bool)].reset_index(drop=True)
    located = assign_points(sample, land).incidents
    first = tmp_path / "eerste"
    summary = run_analyse(areas, incidents=sample, out_dir=first, suppress_below=5)
    shown = gpkg_areas(first / "resultaten.gpkg")
    wijk = land.set_index("code")["wijk_code"]
    counts = land["code"].map(located["area"].value_counts()).fillna(0)
    groups, _ = area_groups(land)
    pattern = secondary_suppression(counts.to_numpy(), groups, PrivacyRules(5))

    def same_pattern(a, b):
        moved = counts.copy()
        moved[land["code"] == a] += 1
        moved[land["code"] == b] -= 1
        other = secondary_suppression(moved.to_numpy(), groups, PrivacyRules(5))
        return (other[0] == pattern[0]).all() and other[1] == pattern[1]

    pair = next((a, b) for a, va in shown.items() if va == "<5" and counts[land["code"] == a].iat[0] <= 3
                for b, vb in shown.items() if vb == "x" and wijk[b] == wijk[a] and same_pattern(a, b))
    moved = sample.copy()
    i = located.index[located["area"] == pair[0]][0]
    j = located.index[located["area"] == pair[1]][0]
    moved.loc[j, ["x", "y"]] = moved.loc[i, ["x", "y"]].to_numpy()
    second = tmp_path / "tweede"
    summary2 = run_analyse(areas, incidents=moved, out_dir=second, suppress_below=5)
    a = gpd.read_file(first / "resultaten.gpkg", layer="gebieden").drop(columns="geometry")
    b = gpd.read_file(second / "resultaten.gpkg", layer="gebieden").drop(columns="geometry")
    pd.testing.assert_frame_equal(a, b)
    for key in ("counted", "incidents", "outside", "hotspots", "coldspots", "trends"):
        assert summary[key] == summary2[key], key
    strip = lambda cfg: [l for l in cfg["layers"] if l.get("kind") == "areas"]  # noqa: E731
    assert strip(map_config(first / "kaart.html")) == strip(map_config(second / "kaart.html"))
    for sheet in ("Gebieden", "Trends"):
        pd.testing.assert_frame_equal(pd.read_excel(first / "resultaten.xlsx", sheet_name=sheet, engine="openpyxl"),
                                      pd.read_excel(second / "resultaten.xlsx", sheet_name=sheet, engine="openpyxl"))
