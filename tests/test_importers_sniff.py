"""Reader detection reads a file's head once: the registry's identify functions and the reader share it."""
from __future__ import annotations

import builtins
import sys
from pathlib import Path

import pandas as pd
import pytest

import importers
from kernel.errors import ImportFileError

CSV = ("Registratienummer;X;Y;Begindatum;Categorie\n"
       "PL1;233000,5;582000,5;15-06-2016 23:31;Vernieling\n"
       "PL2;233100,5;582100,5;16-06-2016 01:02;Diefstal fiets\n")


@pytest.fixture
def opens(monkeypatch):
    """Every ``open`` that code in the ``importers`` package makes, as (path, mode)."""
    seen: list[tuple[Path, str]] = []
    real_open = builtins.open

    def counting_open(file, mode="r", *args, **kwargs):
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if caller == "importers" or caller.startswith("importers."):
            seen.append((Path(file) if isinstance(file, (str, Path)) else file, mode))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    return seen


def test_csv_head_read_once_through_read(tmp_path, opens):
    path = tmp_path / "incidenten.csv"
    path.write_text(CSV, encoding="utf-8")
    got = importers.read(path)
    assert got.kind == "incidents" and got.report.rows_kept == 2  # detected and read as before
    assert got.report.separator == ";" and got.report.encoding == "utf-8"
    # the three identify functions and the table reader used one head: one open, before pandas reads the file
    assert opens == [(path, "rb")]


def test_xlsx_head_read_once_through_read(tmp_path, opens):
    path = tmp_path / "incidenten.xlsx"
    pd.DataFrame({"Registratienummer": ["PL1", "PL2"], "X": [233000.5, 233100.5], "Y": [582000.5, 582100.5],
                  "Begindatum": pd.to_datetime(["2016-06-15 23:31", "2016-06-16 01:02"]),
                  "Categorie": ["Vernieling", "Diefstal fiets"]}).to_excel(path, index=False)
    opens.clear()  # writing the fixture does not count
    got = importers.read(path)
    assert got.kind == "incidents" and got.report.rows_kept == 2
    assert opens == [(path, "rb")]


def test_counts_csv_head_read_once_through_read(tmp_path, opens):
    path = tmp_path / "tellingen.csv"
    path.write_text("SoortMisdrijf;WijkenEnBuurten;Perioden;GeregistreerdeMisdrijven_1\n"
                    "0.0.0 ;GM0014    ;2020MM01;12\n", encoding="utf-8")
    got = importers.read(path)
    assert got.kind == "counts" and got.report.rows_kept == 1
    assert opens == [(path, "rb")]


def test_empty_file_still_a_dutch_error(tmp_path):
    path = tmp_path / "leeg.csv"
    path.write_bytes(b"\xef\xbb\xbf\r\n")
    with pytest.raises(ImportFileError, match="Het bestand is leeg"):
        importers.read(path)
