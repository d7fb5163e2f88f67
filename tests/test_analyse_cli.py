"""``wijkbeeld analyse`` on the demo data: the files, the summary, counts against geopandas, errors."""
from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest

from desktop.cli import main
from mapping.outputs import run_analyse
from resources import demo

OUTPUTS = ["kaart.html", "kaart.png", "resultaten.gpkg", "resultaten.qml", "resultaten.xlsx", "samenvatting.json"]


def test_counts_run_writes_everything(tmp_path, cli):
    out = tmp_path / "uit"
    code, stdout, err = cli("analyse", "--areas", demo.AREAS, "--wijken", demo.AREAS, "--counts", demo.COUNTS,
                            "--gemeente", "GM0014", "--out", out, "--json")
    assert code == 0, err
    summary = json.loads(stdout)
    assert sorted(p.name for p in out.iterdir()) == OUTPUTS
    assert summary["files"] == OUTPUTS
    assert summary == json.loads((out / "samenvatting.json").read_text(encoding="utf-8"))
    assert summary["areas"] == 108 and summary["incidents"] is None
    # the total equals the police table's buurt rows
    table = pd.read_csv(demo.COUNTS, sep=";", dtype=str)
    buurt = table[table["WijkenEnBuurten"].str.strip().str.startswith("BU")]
    assert summary["counted"] == buurt["GeregistreerdeMisdrijven_1"].astype(int).sum()
    gpkg = pyogrio.read_dataframe(out / "resultaten.gpkg", layer="gebieden")
    hot = gpkg[gpkg["gi_class"] > 0].sort_values("z", ascending=False)
    assert [h["code"] for h in summary["hotspots"]] == hot["code"].tolist()
    for h in summary["hotspots"]:
        assert set(h) == {"code", "name", "count", "z", "p_fdr", "class", "label"}
        assert h["class"] > 0 and h["label"].startswith("Hot spot")
    assert summary["privacy"]["drempel_kleine_aantallen"] is None


def test_incidents_run_counts_agree_with_geopandas(tmp_path, cli):
    out = tmp_path / "uit"
    code, stdout, err = cli("analyse", "--areas", demo.AREAS, "--incidents", demo.INCIDENTS, "--out", out,
                            "--suppress-below", "5", "--title", "Fietsendiefstal", "--json")
    assert code == 0, err
    summary = json.loads(stdout)
    incidents = pd.read_csv(demo.INCIDENTS)
    areas = gpd.read_file(demo.AREAS, layer=demo.AREAS_LAYER)
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(incidents["x"], incidents["y"]), crs=28992)
    joined = gpd.sjoin(pts, areas[["code", "geometry"]], predicate="within", how="left")
    joined = joined[~joined.index.duplicated()]
    assert summary["incidents"] == len(incidents)
    assert summary["outside"] == int(joined["code"].isna().sum())
    expected = joined["code"].value_counts()
    gpkg = pyogrio.read_dataframe(out / "resultaten.gpkg", layer="gebieden")
    for code_, count in zip(gpkg["code"], gpkg["count"]):
        n = int(expected.get(code_, 0))
        # '<5' for a small count; 'x' for the cell that keeps it from being worked out from a total
        assert count == ("<5" if 0 < n < 5 else str(n)) or (count == "x" and n >= 6)
    assert summary["privacy"]["drempel_kleine_aantallen"] == 5
    assert summary["privacy"]["afgeschermde_waarden"] == int(((expected > 0) & (expected < 5)).sum())
    assert summary["hot_times"] and all("label" in b for b in summary["hot_times"])
    xlsx = pd.read_excel(out / "resultaten.xlsx", sheet_name=None, engine="openpyxl")
    assert {"Gebieden", "Hot times", "Week x uur", "Toelichting"} <= set(xlsx)
    week = xlsx["Week x uur"]
    assert len(week) == 7 * 24
    # incidents with a time window count as parts of hours: the column says so (2dd2c77)
    assert list(week.columns[:3]) == ["Dag", "Uur", "Gewogen aantal"]
    weighted = pd.to_numeric(week["Gewogen aantal"], errors="coerce").fillna(0)
    assert np.isclose(weighted.sum(), summary["counted"], rtol=0.01)


def test_unknown_gemeente_is_one_dutch_line(tmp_path, cli):
    code, _, err = cli("analyse", "--areas", demo.AREAS, "--counts", demo.COUNTS, "--gemeente", "GM9999",
                       "--out", tmp_path)
    assert code == 2
    assert err.count("\n") == 1 and "GM9999" in err and "Traceback" not in err


def test_incidents_and_counts_exclude_each_other(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["analyse", "--areas", str(demo.AREAS), "--counts", str(demo.COUNTS), "--incidents",
              str(demo.INCIDENTS), "--out", str(tmp_path)])
    assert exc.value.code == 2
    assert "--incidents: gaat niet samen met --counts" in capsys.readouterr().err


def test_run_analyse_needs_one_source(tmp_path):
    from kernel.errors import AnalysisError

    areas = gpd.read_file(demo.AREAS, layer=demo.AREAS_LAYER)
    with pytest.raises(AnalysisError, match="Geef incidenten óf tellingen"):
        run_analyse(areas, out_dir=tmp_path)


def test_summary_is_the_engines_result_assigned_once(tmp_path):
    """analyse composes run_hotspots: its classes and z-scores, each note once, counted + outside = incidents."""
    from hotspots.where.hotspots import run_hotspots

    areas = gpd.read_file(demo.AREAS, layer=demo.AREAS_LAYER)
    areas = areas[~areas["water"].astype(bool)].reset_index(drop=True)
    incidents = pd.read_csv(demo.INCIDENTS, parse_dates=["start", "end"])
    summary = run_analyse(areas, incidents, out_dir=tmp_path)
    engine = run_hotspots(areas, incidents=incidents)
    hot = engine.areas[engine.areas["gi_class"] > 0].set_index("code")
    codes = [r["code"] for r in summary["hotspots"]]
    assert {r["code"]: r["class"] for r in summary["hotspots"]} == hot["gi_class"].to_dict()
    np.testing.assert_allclose([r["z"] for r in summary["hotspots"]], hot.loc[codes, "z"], atol=1e-4)
    assert len(summary["notes"]) == len(set(summary["notes"]))  # the assignment was reported twice before
    assert summary["counted"] + summary["outside"] == summary["incidents"] == len(incidents)
    assert summary["outside"] == engine.outside == 16
    assert engine.assigned["area"].notna().sum() == summary["counted"]


def test_amsterdam_every_police_row_counted_and_the_wijken_named(tmp_path, cli, shared_data):
    """Amsterdam's own buurt division with the police's 2024 label export (shared/data): every registration is
    counted (one buurt name the police spell otherwise joins by its letters, said on the terminal; before, its 27
    were dropped without a word), and the wijk names the division carries ('Wijk') reach the workbook, opened
    with openpyxl."""
    import openpyxl

    folder = shared_data / "amsterdam_politie"
    out = tmp_path / "uit"
    code, stdout, err = cli("analyse", "--areas", folder / "INDELING_BUURT.csv", "--counts", folder / "2024_bikes.csv",
                            "--out", out, "--json")
    assert code == 0, err
    summary = json.loads(stdout)
    code, text, err = cli("analyse", "--areas", folder / "INDELING_BUURT.csv", "--counts", folder / "2024_bikes.csv",
                          "--out", tmp_path / "tekst")
    assert code == 0 and err == ""
    raw = pd.read_csv(folder / "2024_bikes.csv", sep=";", encoding="utf-8-sig", dtype=str)
    assert summary["counted"] == raw.iloc[:, 3].str.strip().astype(int).sum() == 11987
    # the reader's warning reaches the terminal after the command's own lines (not with --json), not the export
    assert text.splitlines()[-1].startswith("Let op bij het lezen van 2024_bikes.csv: 1 namen gekoppeld zonder op "
                                            "spaties en leestekens te letten")
    assert "spaties" not in (out / "samenvatting.json").read_text(encoding="utf-8")
    assert not any("zonder gebied" in w for w in summary["warnings"])
    sheet = openpyxl.load_workbook(out / "resultaten.xlsx", read_only=True)["Gebieden"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    by_code = {r[0]: r[header.index("Wijknaam")] for r in rows[1:]}
    assert by_code["BU0363AC02"] == "Grachtengordel-West"  # Leliegracht e.o. lies in Grachtengordel-West


def test_a_theme_of_the_files_says_what_reading_them_warned(tmp_path, cli):
    """--theme reads the files into a project of its own (desktop.commands.inputs._project_of_files): what reading
    them warned is said after the output there too, as on the plain path."""
    code, text, err = cli("analyse", "--areas", demo.AREAS, "--incidents", demo.INCIDENTS, "--theme",
                          "Fiets=Diefstal fiets", "--out", tmp_path / "uit")
    assert code == 0, err
    name = demo.INCIDENTS.name
    assert f"Let op bij het lezen van {name}: 54% van de begintijden valt op het hele uur" in text
