"""Workbooks as offices make them: a title above the header, a first sheet of explanation (found by trying
real-style files: the title became the column name and every row was refused; data on the second sheet gave
"Het bestand bevat alleen een kopregel")."""
from __future__ import annotations

import openpyxl
import pytest

import importers
from files_helpers import read_checked
from importers.xlsx import read_sheet
from kernel.errors import ImportFileError


def _book(path, sheets: dict) -> str:
    """``sheets``: name -> rows (lists of cells), written in that order with openpyxl."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


HEADER = ["Datum", "X", "Y", "Soort"]
ROWS = [["01-03-2017 14:30", 233855, 581945, "Vernieling"], ["02-03-2017 10:00", 233900, 582000, "Overlast"],
        ["onbekend", 233950, 582050, "Vernieling"], ["04-03-2017 22:15", 234000, 582100, "Inbraak"]]


@pytest.mark.parametrize("above", [[["Overzicht meldingen OOV 2017"]],
                                   [["Overzicht meldingen OOV 2017"], [], ["Export van 05-12-2026"]]])
def test_a_title_above_the_header(tmp_path, above):
    path = _book(tmp_path / "meldingen.xlsx", {"Meldingen": [*above, HEADER, *ROWS]})
    imported = read_checked(path)
    header = len(above) + 1
    assert imported.kind == "incidents" and len(imported.data) == 3
    assert imported.report.column_mapping["start"] == "Datum"
    # the rejected row is named as the sheet shows it
    assert [r.row for r in imported.report.rejections] == [header + 3]
    assert any(f"kopregel staat op rij {header}" in a for a in imported.report.assumptions)


def test_data_on_a_later_sheet_is_found_and_said(tmp_path):
    path = _book(tmp_path / "meldingen.xlsx", {"Toelichting": [["Dit bestand bevat de meldingen van 2017."]],
                                               "Leeg": [], "Meldingen": [HEADER, *ROWS]})
    imported = read_checked(path)
    assert len(imported.data) == 3 and imported.report.extra["sheet"] == "Meldingen"
    assert any("werkblad 'Meldingen' gelezen" in a for a in imported.report.assumptions)
    with pytest.raises(ImportFileError):  # a sheet the user chose is read as it is (here: no data)
        importers.read(path, sheet="Toelichting")


def test_an_ordinary_sheet_and_a_one_cell_first_row_of_data_stay_as_they_are(tmp_path):
    plain = read_checked(_book(tmp_path / "a.xlsx", {"Blad1": [HEADER, *ROWS]}))
    assert [r.row for r in plain.report.rejections] == [4]
    assert not any("kopregel" in a for a in plain.report.assumptions)
    # a first row with one name and numbers below it (or a header row before data): the header after all
    one = read_sheet(_book(tmp_path / "b.xlsx", {"Blad1": [["Aantal", None], [3, 4], [4, 5]]}))
    assert one.columns.tolist() == ["Aantal", "Unnamed: 1"] and len(one) == 2


def test_a_police_table_with_a_title_counts_every_row(tmp_path):
    rows = [["Soort misdrijf", "Perioden", "Wijken en buurten", "Geregistreerde misdrijven (aantal)"],
            ["1.2.3 Diefstal van brom-, snor-, fietsen", "2016 januari", "Binnenstad-Noord", 33],
            ["1.2.3 Diefstal van brom-, snor-, fietsen", "2016 januari", "Binnenstad-Zuid", 29]]
    path = _book(tmp_path / "politie.xlsx", {"Tabel": [["Geregistreerde criminaliteit; wijken en buurten"], *rows]})
    imported = read_checked(path)
    assert imported.kind == "counts" and imported.data["count"].astype(int).sum() == 62
