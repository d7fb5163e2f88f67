"""``wijkbeeld inspect``: the JSON contract, the overrides, and bad input as one Dutch line with exit code 2."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"kind", "rows_read", "rows_kept", "rows_rejected", "rejections", "crs", "personal_data_columns",
        "assumptions"}


def run_json(capsys, *args) -> dict:
    assert main(["inspect", *map(str, args), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_groningen_registrations_json(capsys, groningen):
    d = run_json(capsys, groningen / "Diefstal_fiets_Groningen_stad_vanaf_2013.xlsx")
    assert KEYS <= set(d)
    assert d["kind"] == "incidents" and d["rows_read"] == 15947
    assert d["rows_kept"] + d["rows_rejected"] == d["rows_read"]
    assert d["crs"] == "EPSG:28992"
    assert d["personal_data_columns"] == ["Pleegstraatnaam", "Pleeghuisnummer met toev.", "Pleegpostcode"]
    assert d["duplicates"][0]["value"] == "PL0100_BVH_2013063774"


def test_boundaries_and_counts_json(capsys, groningen):
    d = run_json(capsys, groningen / "buurt2017.zip")
    assert d["kind"] == "boundaries" and d["rows_kept"] == 108 and d["crs"] == "EPSG:28992"
    d = run_json(capsys, groningen / "groningen_47022NED_typed_2014_2016.csv")
    assert d["kind"] == "counts" and d["rows_kept"] == 4464 and d["separator"] == ";"


def test_label_counts_joined_with_areas(capsys, shared_data):
    folder = shared_data / "amsterdam_politie"
    d = run_json(capsys, folder / "2024_bikes.csv", "--areas", folder / "INDELING_BUURT.csv")
    assert d["unmatched"] == [] and d["rows_kept"] == 517  # one name spelled otherwise: joined by its letters, said
    assert any("'BurgemeesterTellegenbuurt-West' = 'Burgemeester Tellegenbuurt-West'" in w for w in d["warnings"])


def test_rejections_in_json(capsys, tmp_path):
    p = tmp_path / "m.csv"
    p.write_text("x;y;datum\n233000;582000;15-06-2016\n;582000;16-06-2016\n", encoding="utf-8")
    d = run_json(capsys, p)
    assert d["rejections"] == [{"row": 3, "column": "x", "value": None, "reason": "coördinaat ontbreekt"}]


def test_overrides(capsys, tmp_path):
    p = tmp_path / "m.txt"
    p.write_text("a|b|c|d\n233000|582000|01/02/2016|k\n233100|582100|03/04/2016|k\n", encoding="cp1252")
    d = run_json(capsys, p, "--sep", "|", "--encoding", "cp1252", "--x", "a", "--y", "b", "--start", "c",
                 "--category", "d", "--monthfirst", "--crs", "EPSG:28992")
    assert d["column_mapping"]["start"] == "c" and d["rows_kept"] == 2
    assert any("maand-dag-jaar (opgegeven)" in a for a in d["assumptions"])
    assert any("EPSG:28992 (opgegeven)" in a for a in d["assumptions"])


def test_text_output(capsys, groningen):
    assert main(["inspect", str(groningen / "buurt2017.zip")]) == 0
    out = capsys.readouterr().out
    assert "Soort: gebiedsgrenzen" in out and "Rijen gelezen: 108, bewaard: 108, afgewezen: 0" in out


BAD = {
    "leeg.csv": (b"", "leeg"),
    "kop.csv": (b"x;y;datum\n", "kopregel"),
    "rommel.csv": (bytes(range(256)) * 20, "geen tekstbestand"),
    "geen_xy.csv": (b"x;y;datum\n;;15-06-2016\n", "coördinaten"),
    "mercator.csv": (b"x;y;datum\n729000;7020000;15-06-2016\n", "onbekend stelsel"),
    "datums.csv": (b"x;y;datum\n233000;582000;gisteren\n", "datum"),
    "codes.csv": (b"ID;SoortMisdrijf;WijkenEnBuurten;Perioden;GeregistreerdeMisdrijven_1\n0;1.2.3 ;ZZ12345;2014MM01;5\n",
                  "gebiedscode"),
    "breed.csv": ((";".join(f"k{i}" for i in range(5000)) + "\n" + ";" * 4999 + "\n").encode(), "kolommen"),
    "lang.csv": (b"x" * 2_000_000 + b"\n1\n", "langer dan"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_one_dutch_line_and_exit_2(capsys, tmp_path, name):
    data, fragment = BAD[name]
    p = tmp_path / name
    p.write_bytes(data)
    assert main(["inspect", str(p), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("wijkbeeld: ") and name in lines[0]
    assert fragment in lines[0] and "Traceback" not in captured.err


def test_shapefile_without_prj_through_cli(capsys, tmp_path):
    import geopandas as gpd
    from shapely.geometry import box

    shp = tmp_path / "b.shp"
    gpd.GeoDataFrame({"BU_CODE": ["BU00140000"]}, geometry=[box(0, 0, 1, 1)], crs="EPSG:28992").to_file(shp)
    shp.with_suffix(".prj").unlink()
    assert main(["inspect", str(shp)]) == 2
    err = capsys.readouterr().err
    assert ".prj" in err and "Traceback" not in err


def test_real_process_exit_code(tmp_path):
    """The installed entry point, in a fresh process: exit 2 and no traceback."""
    p = tmp_path / "leeg.csv"
    p.write_bytes(b"")
    out = subprocess.run([sys.executable, "-m", "desktop.cli", "inspect", str(p)], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 2 and "Traceback" not in out.stderr and "leeg" in out.stderr
