"""A fast preview: ``importers.inspect(path, max_rows=N)`` detects from the first N rows and says it is a sample."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import importers
from desktop.cli import main
from kernel.errors import ImportFileError


def _us_csv(path, n=1_000):
    """``n`` incidents with US dates; the first rows are ambiguous (day <= 12), later ones are not."""
    rng = np.random.default_rng(3)
    days = np.where(np.arange(n) < 30, 5, rng.integers(13, 29, n))
    hours = rng.integers(0, 24, n)
    dates = [f"{m}/{d}/2016 {h % 12 or 12}:15:00 {'AM' if h < 12 else 'PM'}"
             for m, d, h in zip(rng.integers(1, 13, n), days, hours)]
    frame = pd.DataFrame({"id": [f"A{i}" for i in range(n)], "x": rng.normal(233700, 900, n).round(1),
                          "y": rng.normal(582100, 900, n).round(1), "date": dates})
    frame.to_csv(path, index=False)
    return path


def test_groningen_xlsx_preview(groningen):
    """The 16k-row registration file: the first 200 rows give the same detections as the whole file."""
    report = importers.inspect(groningen / "Diefstal_fiets_Groningen_stad_vanaf_2013.xlsx", max_rows=200)
    assert report.kind == "incidents" and report.rows_read == 200
    assert report.rows_kept + report.rows_rejected == 200
    assert report.sample == {"max_rows": 200, "rows": 200, "complete": False, "file_bytes": 3548888,
                             "rows_estimate": 15947}  # the README's 15,947 registrations, from the sheet's dimension
    assert report.crs == "EPSG:28992"
    assert report.column_mapping["start"] == "Begin-pleegdatum/tijd"
    assert report.column_mapping["id"] == "Incident Identificatie"
    assert report.personal_data_columns == ["Pleegstraatnaam", "Pleeghuisnummer met toev.", "Pleegpostcode"]
    assert report.assumptions[0].startswith("Voorbeeld: alleen de eerste 200 rijen gelezen (het hele bestand "
                                            "heeft naar schatting 15.947 rijen)")
    assert "VOORBEELD" in report.summary()


def test_csv_preview_counts_rows_and_decides_date_order_from_the_sample(tmp_path):
    path = _us_csv(tmp_path / "us.csv")
    report = importers.inspect(path, max_rows=100)
    assert report.rows_read == 100 and report.separator == "," and report.encoding == "utf-8"
    # the whole (small) file is in the sniffed head: its rows are counted, not estimated
    assert report.sample["rows_estimate"] == 1_000 and not report.sample["complete"]
    assert any("maand-dag-jaar (afgeleid uit de waarden)" in a for a in report.assumptions)
    full = importers.inspect(path)
    assert full.sample is None and full.rows_read == 1_000
    assert full.column_mapping == report.column_mapping and full.crs == report.crs


def test_preview_of_only_ambiguous_rows_says_so(tmp_path):
    """The first 30 rows all fit both orders: a preview of them cannot tell and says that it assumed."""
    report = importers.inspect(_us_csv(tmp_path / "us.csv"), max_rows=20)
    assert any("niet te onderscheiden" in a for a in report.assumptions)


def test_estimate_for_a_large_csv(tmp_path):
    path = tmp_path / "big.csv"
    lines = ["id;x;y;datum"] + [f"{i};233000,5;582000,5;15-06-2016 23:{i % 60:02d}" for i in range(20_000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = importers.inspect(path, max_rows=50)
    assert report.rows_read == 50 and report.rows_kept == 50
    assert 19_000 <= report.sample["rows_estimate"] <= 21_000
    assert report.sample["file_bytes"] == path.stat().st_size


def test_sample_larger_than_the_file_reads_everything(tmp_path):
    path = _us_csv(tmp_path / "us.csv", n=40)
    report = importers.inspect(path, max_rows=1_000)
    assert report.rows_read == 40 and report.sample["complete"] and report.sample["rows_estimate"] == 40
    assert "VOORBEELD" not in report.summary()
    assert any("dus alles is gelezen" in a for a in report.assumptions)


def test_ragged_lines_in_a_preview(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("id;x;y;datum\n1;233000;582000;15-06-2016\n2;233000;582000;15-06-2016;extra\n"
                    "3;233000;582000;16-06-2016\n4;233000;582000;17-06-2016\n", encoding="utf-8")
    report = importers.inspect(path, max_rows=3)
    assert report.rows_read == 3 and report.rows_kept == 2
    assert [r.row for r in report.rejections] == [3]


def test_boundaries_and_counts_previews(groningen):
    report = importers.inspect(groningen / "buurt2017.zip", max_rows=10)
    assert report.kind == "boundaries" and report.rows_read == 10 and report.sample["rows_estimate"] == 108
    report = importers.inspect(groningen / "groningen_47022NED_typed_2014_2016.csv", max_rows=30)
    assert report.kind == "counts" and report.rows_read == 30 and report.separator == ";"


@pytest.mark.parametrize("bad", [0, -5, True])
def test_a_sample_needs_rows(tmp_path, bad):
    with pytest.raises(ImportFileError, match="Een voorbeeld vraagt minstens één rij"):
        importers.inspect(_us_csv(tmp_path / "us.csv", n=5), max_rows=bad)


def test_cli_sample(tmp_path, capsys):
    path = _us_csv(tmp_path / "us.csv")
    assert main(["inspect", str(path), "--sample", "25", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["rows_read"] == 25 and d["sample"]["rows"] == 25 and d["sample"]["complete"] is False
    assert main(["inspect", str(path), "--sample", "25"]) == 0
    assert "VOORBEELD: alleen de eerste 25 rijen bekeken" in capsys.readouterr().out
