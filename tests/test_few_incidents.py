"""Hot spots need incidents: under 30 the run computes z and p but names no hot or cold spot, and says why.

One incident among a hundred buurten gives its buurt and every neighbour a Gi* z above 3 (esda gives the same):
'Hot spot 99%' from a single event. The normal approximation behind those p-values needs a variable that is not
nearly all zeros; ArcGIS's hot-spot tools refuse such input (guards.MIN_INCIDENTS).
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from grid_data import SIZE, X0, Y0, grid_buurten
from hotspots.where import guards


def _incidents(folder, xy) -> str:
    start = pd.Timestamp("2017-03-01 22:00")
    frame = pd.DataFrame({"id": [f"M{i:03d}" for i in range(len(xy))], "x": [p[0] for p in xy],
                          "y": [p[1] for p in xy], "start": [str(start + pd.Timedelta(days=i)) for i in range(len(xy))],
                          "category": "Overlast"})
    path = folder / "meldingen.csv"
    frame.to_csv(path, sep=";", index=False)
    return str(path)


def _in_corner(n: int, rng) -> list[tuple[float, float]]:
    """``n`` incidents in the 3 x 3 buurten of the grid's first corner (a real cluster)."""
    return [(X0 + SIZE * rng.uniform(0.05, 2.95), Y0 + SIZE * rng.uniform(0.05, 2.95)) for _ in range(n)]


@pytest.fixture()
def grid(tmp_path):
    grid_buurten(tmp_path, 10)
    return tmp_path


@pytest.mark.parametrize("method", ["gistar", "lisa", "grid"])
def test_one_incident_makes_no_hot_spot_but_keeps_its_numbers(cli, grid, method):
    inc = _incidents(grid, [(X0 + 4.5 * SIZE, Y0 + 4.5 * SIZE)])
    extra = ["--cell", "500"] if method == "grid" else []
    code, out, err = cli("hotspots", "--areas", grid / "buurten.gpkg", "--incidents", inc, "--method", method,
                         *extra, "--json")
    assert code == 0, err
    d = json.loads(out)
    rows = d["areas"]
    assert all(r.get("class", 0) == 0 and r.get("quadrant", "ns") == "ns" for r in rows), \
        [r for r in rows if r.get("class") or r.get("quadrant", "ns") != "ns"]
    assert any("maar 1 incidenten" in w and "geen hot of cold spots" in w for w in d["warnings"]), d["warnings"]
    if method == "gistar":  # the statistic itself is still there, and as esda computes it
        from esda.getisord import G_Local
        from libpysal.weights import Queen

        import geopandas as gpd

        areas = gpd.read_file(grid / "buurten.gpkg")
        y = np.array([1.0 if r["count"] else 0.0 for r in sorted(rows, key=lambda r: r["code"])])
        areas = areas.sort_values("code").reset_index(drop=True)
        ref = G_Local(y, Queen.from_dataframe(areas, use_index=False), transform="B", star=True, permutations=0)
        ours = np.array([r["z"] for r in sorted(rows, key=lambda r: r["code"])])
        np.testing.assert_allclose(ours, ref.Zs, atol=1e-9)
        assert (ours > 2.58).sum() == 9  # what would have been nine 'Hot spot 99%'


def test_the_floor_is_thirty_incidents_and_a_real_cluster_above_it_is_found(cli, grid):
    rng = np.random.default_rng(5)
    found = {}
    for n in (29, 30):
        inc = _incidents(grid, _in_corner(n, rng))
        code, out, err = cli("hotspots", "--areas", grid / "buurten.gpkg", "--incidents", inc, "--json")
        assert code == 0, err
        d = json.loads(out)
        found[n] = sum(r["class"] > 0 for r in d["areas"])
        said = [w for w in d["warnings"] if "incidenten; met minder dan 30" in w]
        assert bool(said) == (n < 30), d["warnings"]
    assert found[29] == 0 and found[30] >= 4, found


def test_a_column_of_the_areas_is_tested_whatever_its_sum(cli, grid):
    """--value tests a column of the areas (no incidents): the floor does not apply."""
    import geopandas as gpd

    areas = gpd.read_file(grid / "buurten.gpkg")
    corner = areas.geometry.bounds["minx"].lt(X0 + 3 * SIZE) & areas.geometry.bounds["miny"].lt(Y0 + 3 * SIZE)
    areas["score"] = np.where(corner, 0.9, 0.1)
    areas.to_file(grid / "scores.gpkg", driver="GPKG")
    code, out, err = cli("hotspots", "--areas", grid / "scores.gpkg", "--value", "score", "--json")
    assert code == 0, err
    assert sum(r["class"] > 0 for r in json.loads(out)["areas"]) >= 4


def test_the_guard_says_so_in_a_sentence():
    assert guards.withhold_classes(29) and not guards.withhold_classes(30) and not guards.withhold_classes(None)
    said = guards.too_few(100, 3, classes=True)
    assert said == ["Er zijn maar 3 incidenten; met minder dan 30 wijst Wijkbeeld geen hot of cold spots aan: de "
                    "toets is dan niet betrouwbaar (z en p staan wel in de tabel). Kies een langere periode of een "
                    "groter gebied."]


@pytest.mark.parametrize("threshold", [[], ["--suppress-below", "5"]])
def test_the_exports_name_no_hot_spot_either_also_under_a_threshold(cli, grid, tmp_path, threshold):
    """Under a threshold the exports' statistics are computed again from the published counts (a value column, no
    incidents): that run named the hot spots the first had withheld (the summary said '3 hot spot(s)' on 12
    incidents). Every export says none, with or without the threshold."""
    import geopandas as gpd
    import openpyxl

    rng = np.random.default_rng(1)
    inc = _incidents(grid, _in_corner(12, rng))
    out = tmp_path / "uit"
    code, said, err = cli("analyse", "--areas", grid / "buurten.gpkg", "--incidents", inc, "--out", out, *threshold)
    assert code == 0, err
    assert "0 hot spot(s)" in said
    assert json.loads((out / "samenvatting.json").read_text(encoding="utf-8"))["hotspots"] == []
    assert (gpd.read_file(out / "resultaten.gpkg")["gi_class"] == 0).all()
    wb = openpyxl.load_workbook(out / "resultaten.xlsx", read_only=True)
    labels = {str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None}
    wb.close()
    assert not any(label.startswith(("Hot spot ", "Cold spot ")) for label in labels)  # ('Hot spots': a heading)


def test_the_report_says_why_it_names_no_hot_spot(cli, grid, tmp_path):
    """The report's first page said 'Geen hot spots: geen gebied valt significant op (na FDR-correctie)' on 12
    incidents, as if the test had run and found nothing: it now says that too few incidents were tested."""
    from report_text import docx_text

    rng = np.random.default_rng(1)
    inc = _incidents(grid, _in_corner(12, rng))
    out = tmp_path / "rapport.docx"
    code, _, err = cli("rapport", "--areas", grid / "buurten.gpkg", "--incidents", inc, "--out", out)
    assert code == 0, err
    text = " ".join(docx_text(out).split())
    assert "Geen hot spots aangewezen: met minder dan 30 incidenten is de toets niet betrouwbaar." in text
    assert "na FDR-correctie" not in text.split("Geen hot spots aangewezen")[0]
