"""A CSV with a title above its header ("Meldingen overlast 2017", an empty line), as a sheet may have one:
the header is found, said, and every row keeps the number it has in the file (importers.sniff.title_lines)."""
from __future__ import annotations

import json

import pytest

from files_helpers import read_checked
from importers.sniff import title_lines

ROWS = ["29-07-2017 01:30;233456;582123;Overlast jeugd", "30-07-2017 02:30;233556;;Vernieling",
        "31-07-2017 03:30;233656;582323;Geluidsoverlast"]


def titled(tmp_path, above: list[str], sep=";", name="meldingen.csv", encoding="utf-8", rows=ROWS):
    lines = above + [sep.join(["Datum", "X", "Y", "Soort"])] + [r.replace(";", sep) for r in rows]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


@pytest.mark.parametrize("above, sep", [
    (["Meldingen overlast 2017"], ";"),
    (["Meldingen overlast 2017", ""], ";"),
    (["Meldingen overlast 2017;;;", ";;;"], ";"),  # as Excel saves a title row
    (["Overzicht BOA-registraties", "Geëxporteerd op 12-01-2018", ""], ";"),
    (["Meldingen overlast 2017", ""], "\t"),
    (["MORA-meldingen gemeente Groningen", ""], ","),
])
def test_title_lines_above_the_header(tmp_path, above, sep):
    path = titled(tmp_path, above, sep=sep)
    imported = read_checked(path)
    report = imported.report
    header = len(above) + 1
    assert report.separator == sep and report.extra["header_row"] == header
    assert any(f"kopregel staat op regel {header}" in a for a in report.assumptions)
    assert report.column_mapping["start"] == "Datum" and report.column_mapping["x"] == "X"
    assert report.rows_read == 3 and report.rows_kept == 2
    # the row as the user sees it in the file: header on line `header`, the missing y two lines below it
    assert [(r.row, r.column, r.reason) for r in report.rejections] == [(header + 2, "Y", "coördinaat ontbreekt")]
    assert str(imported.data["start"].iloc[0]) == "2017-07-29 01:30:00"


def test_title_with_a_ragged_line_keeps_row_numbers(tmp_path):
    """The slow path (a line with more fields than the header) numbers its rows from the file too."""
    ragged = ROWS + ["01-08-2017 04:00;233700;582400;Vernieling;x"]
    path = titled(tmp_path, ["Meldingen overlast 2017", ""], rows=ragged)
    report = read_checked(path).report
    rows = {r.row: r.reason for r in report.rejections}
    assert rows == {5: "coördinaat ontbreekt", 7: "regel heeft meer velden dan de kopregel"}
    assert report.rows_read == 4 and report.rows_kept == 2


def test_title_with_cp1252_and_preview(tmp_path):
    path = titled(tmp_path, ["Overlastmeldingen Café-omgeving", ""], encoding="cp1252")
    report = read_checked(path, max_rows=2).report
    assert report.extra["header_row"] == 3 and report.rows_read == 2


@pytest.mark.parametrize("text", [
    "Datum;X;Y\n29-07-2017;233456;582123\n",  # an ordinary header
    "Datum\n29-07-2017\n30-07-2017\n",  # one column: no header below a title to find
    "Overlast, Groningen\nDatum;X;Y\n29-07-2017;1;2\n",  # a comma in the first line: could be a header, left alone
    "Titel\n29-07-2017;233456;582123\n30-07-2017;233456;582123\n",  # data, no header below the 'title'
    "Datum;X;Y\n29-07-2017;233456,5;582123,4\n",  # decimal commas in the data are no second header
])
def test_no_title(text):
    assert title_lines(text) == 0


def test_title_through_the_command_line(cli, tmp_path):
    path = titled(tmp_path, ["Meldingen overlast 2017", ""])
    code, out, err = cli("inspect", path, "--json")
    assert code == 0, err
    d = json.loads(out)
    assert d["rows_read"] == d["rows_kept"] + d["rows_rejected"] == 3
    assert d["rejections"][0]["row"] == 5
    code, out, err = cli("hottimes", "--incidents", path, "--simulations", "99", "--json")
    assert code == 0, err
    assert json.loads(out)["total"] == pytest.approx(2.0)
