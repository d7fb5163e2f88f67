"""A header with spaces (tabs, non-breaking spaces, a byte order mark) around its names reads as the clean header.

What was wrong: importers.tables._read_csv chose a column's dtype by its stripped name ('Registratienummer' for
'Registratienummer ') and gave pandas ``{name: str}``; pandas' column kept its spaces, so the dtype was not used and
ids '007', '0123' became 7 and 123, category codes '01', '02' became 1 and 2, in silence. After the read the columns
were stripped, so that 'Id' beside ' Id' became two columns of one name (a crash, or 'kolom bestaat niet').

Each test reads a generated file whose header names have something around them and, as the reference, the same
file with a clean header (the same file name, in another folder), and asks for the same reading: values and dtypes,
kept and rejected rows with their column, value and reason, the columns as the report names them to the user, the
assumptions and warnings. Every read: ``rows_read == rows_kept + rows_rejected`` and the file unchanged
(files_helpers.read_checked).
"""
from __future__ import annotations

import pandas as pd
import pytest

from files_helpers import read_checked

CLEAN = ["Registratienummer", "Soort", "X", "Y", "Datum"]
AROUND = {  # the clean header's names as files write them
    "spaties": ["Registratienummer ", " Soort ", " X ", " Y ", "Datum"],
    "tussen aanhalingstekens": ['" Registratienummer "', '" Soort"', '"X "', '" Y "', '"Datum"'],
    "harde spaties": ["Registratienummer\u00a0", "\u00a0Soort", "X\u00a0", "\u00a0Y", "\u00a0Datum\u00a0"],
    "tabs": ["\tRegistratienummer", "Soort\t", " X\t", "\tY ", "Datum"],
    "zero-width": ["\u200bRegistratienummer", "Soort", "X", "Y\u200b", "Datum"],
}


def rows(n: int = 30, dotted: bool = False) -> list[list[str]]:
    """Ids with leading zeros (one shared), category codes '01'..'03', RD metres (``233.456`` with ``dotted``), a
    row with an unreadable x and one without a y (rejected), dates."""
    out = []
    for i in range(n):
        x, y = 233000 + 37 * i, 582000 + 23 * i
        xs, ys = (f"{x // 1000}.{x % 1000:03d}", f"{y // 1000}.{y % 1000:03d}") if dotted else (str(x), str(y))
        out.append([f"{i * 7:04d}", f"0{1 + i % 3}", xs, ys, f"{1 + i % 28:02d}-07-2017 {i % 24:02d}:30"])
    out[5][0] = out[4][0]  # a shared id: reported as a duplicate registration, with its value
    out[7][2] = "abc"
    out[9][3] = ""
    return out


def write_csv(path, header: list[str], body: list[list[str]], sep: str = ";", bom: bool = False,
              encoding: str = "utf-8"):
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join([sep.join(header)] + [sep.join(r) for r in body]) + "\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


def write_xlsx(path, header: list, body: list[list]):
    openpyxl = pytest.importorskip("openpyxl")
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for r in body:
        sheet.append(r)
    book.save(path)
    return path


def assert_same_reading(got, want) -> None:
    """The same frame (values and dtypes) and the same report, as the user reads it."""
    pd.testing.assert_frame_equal(got.data, want.data)
    a, b = got.report, want.report
    assert (a.rows_read, a.rows_kept, a.rows_rejected) == (b.rows_read, b.rows_kept, b.rows_rejected)
    assert [(r.row, r.column, r.value, r.reason) for r in a.rejections] == \
        [(r.row, r.column, r.value, r.reason) for r in b.rejections]
    assert a.column_mapping == b.column_mapping
    assert a.personal_data_columns == b.personal_data_columns
    assert a.duplicates == b.duplicates
    assert a.assumptions == b.assumptions and a.warnings == b.warnings
    assert (a.crs, a.extra.get("source_crs")) == (b.crs, b.extra.get("source_crs"))


def assert_reference(imported, n: int = 30) -> None:
    """The clean file's reading is itself right: ids and codes as text, two rows rejected."""
    data, report = imported.data, imported.report
    assert data["id"].iloc[:3].tolist() == ["0000", "0007", "0014"]
    assert data["category"].iloc[:3].tolist() == ["01", "02", "03"]
    assert report.rows_kept == n - 2 and report.rows_rejected == 2
    assert report.column_mapping["id"] == "Registratienummer" and report.column_mapping["x"] == "X"
    assert [d["value"] for d in report.duplicates] == ["0028"]


@pytest.mark.parametrize("sep", [";", ","])
@pytest.mark.parametrize("kind", list(AROUND))
def test_csv_header_with_something_around_the_names(tmp_path, kind, sep):
    body = rows()
    want = read_checked(write_csv(tmp_path / "schoon" / "meldingen.csv", CLEAN, body, sep))
    assert_reference(want)
    got = read_checked(write_csv(tmp_path / "rommel" / "meldingen.csv", AROUND[kind], body, sep))
    assert got.data["id"].iloc[1] == "0007"  # was 7
    assert_same_reading(got, want)


@pytest.mark.parametrize("sep", [";", ","])
def test_csv_thousands_dots_with_spaces_in_the_header(tmp_path, sep):
    """'233.456' in x and y under ' X ' and ' Y ': RD metres, as under 'X' and 'Y'."""
    body = rows(dotted=True)
    want = read_checked(write_csv(tmp_path / "schoon" / "meldingen.csv", CLEAN, body, sep))
    assert want.data["x"].iloc[1] == 233037 and want.data["y"].iloc[1] == 582023
    got = read_checked(write_csv(tmp_path / "rommel" / "meldingen.csv", AROUND["spaties"], body, sep))
    assert_same_reading(got, want)


def test_csv_thousands_dots_past_the_sample_with_spaces_in_the_header(tmp_path):
    """'233.456' only past the first 1000 lines (importers.tables._dotted_later) under ' X ': metres too."""
    body = rows(1200)
    for r in body[1100:]:
        r[2] = f"{int(r[2]) // 1000}.{int(r[2]) % 1000:03d}"
    want = read_checked(write_csv(tmp_path / "schoon" / "meldingen.csv", CLEAN, body))
    assert want.data["x"].min() >= 233000
    got = read_checked(write_csv(tmp_path / "rommel" / "meldingen.csv", AROUND["spaties"], body))
    assert_same_reading(got, want)


@pytest.mark.parametrize("encoding", [None, "utf-8", "utf-8-sig"])
def test_csv_with_a_byte_order_mark_and_spaces(tmp_path, encoding):
    """A BOM before ' Registratienummer ' (Excel's 'CSV UTF-8'), read as detected or with a given encoding."""
    body = rows()
    options = {"encoding": encoding} if encoding else {}
    want = read_checked(write_csv(tmp_path / "schoon" / "meldingen.csv", CLEAN, body, bom=True), **options)
    assert_reference(want)
    got = read_checked(write_csv(tmp_path / "rommel" / "meldingen.csv", AROUND["spaties"], body, bom=True),
                       **options)
    assert_same_reading(got, want)


def test_csv_in_cp1252_with_non_breaking_spaces(tmp_path):
    """Windows-1252 (a non-breaking space is byte A0 there), with an 'é' in the rows so that it is no UTF-8."""
    body = [r + ["één melding"] for r in rows()]
    want = read_checked(write_csv(tmp_path / "schoon" / "meldingen.csv", CLEAN + ["Toelichting"], body,
                                  encoding="cp1252"))
    got = read_checked(write_csv(tmp_path / "rommel" / "meldingen.csv",
                                 AROUND["harde spaties"] + ["\u00a0Toelichting"], body, encoding="cp1252"))
    assert got.report.encoding == want.report.encoding == "cp1252"
    assert_same_reading(got, want)


def test_csv_tab_separated_with_spaces(tmp_path):
    body = rows()
    want = read_checked(write_csv(tmp_path / "schoon" / "meldingen.txt", CLEAN, body, sep="\t"))
    assert_reference(want)
    got = read_checked(write_csv(tmp_path / "rommel" / "meldingen.txt", AROUND["spaties"], body, sep="\t"))
    assert_same_reading(got, want)


def test_csv_with_a_title_above_a_header_with_spaces(tmp_path):
    body = rows()
    title = [["Meldingen overlast 2017"], [""]]
    want = read_checked(write_csv(tmp_path / "schoon" / "meldingen.csv", title[0], title[1:] + [CLEAN] + body))
    got = read_checked(write_csv(tmp_path / "rommel" / "meldingen.csv", title[0],
                                 title[1:] + [AROUND["spaties"]] + body))
    assert want.report.extra["header_row"] == got.report.extra["header_row"] == 3
    assert_same_reading(got, want)


@pytest.mark.parametrize("sep", [";", ","])
def test_csv_names_the_same_after_stripping(tmp_path, sep):
    """'Registratienummer' and ' Registratienummer' are the columns of 'Registratienummer' written twice: the
    first is the id, the second 'Registratienummer.1' (it may be kept by that name), not two columns of one name."""
    body = [r + [f"bron-{i}"] for i, r in enumerate(rows())]
    want = read_checked(write_csv(tmp_path / "schoon" / "meldingen.csv", CLEAN + ["Registratienummer"], body, sep),
                        keep=["Registratienummer.1"])
    assert want.data["Registratienummer.1"].iloc[1] == "bron-1"
    assert_reference(want)
    headers = (CLEAN + [" Registratienummer"], [" Registratienummer "] + CLEAN[1:] + ["Registratienummer"])
    for k, header in enumerate(headers):
        got = read_checked(write_csv(tmp_path / f"rommel{k}" / "meldingen.csv", header, body, sep),
                           keep=["Registratienummer.1"])
        assert_same_reading(got, want)


def test_csv_with_ragged_lines_and_spaces(tmp_path):
    """A line with more fields than the header (read line by line, as text): the columns are named alike."""
    body = rows()
    body[3] = body[3] + ["te", "veel"]
    want = read_checked(write_csv(tmp_path / "schoon" / "meldingen.csv", CLEAN, body))
    got = read_checked(write_csv(tmp_path / "rommel" / "meldingen.csv", AROUND["spaties"], body))
    assert want.report.rows_rejected == 3
    assert_same_reading(got, want)


def test_csv_preview_with_spaces(tmp_path):
    """The wizard's first rows (max_rows): the same as the clean header's."""
    body = rows(60)
    want = read_checked(write_csv(tmp_path / "schoon" / "meldingen.csv", CLEAN, body), max_rows=20)
    got = read_checked(write_csv(tmp_path / "rommel" / "meldingen.csv", AROUND["spaties"], body), max_rows=20)
    assert want.data["id"].iloc[1] == "0007"
    assert_same_reading(got, want)


def test_csv_overrides_name_the_column_as_the_file_writes_it(tmp_path):
    """--id ' Registratienummer ' (as the wizard's preview lists it) and --id 'Registratienummer' alike."""
    body = rows()
    want = read_checked(write_csv(tmp_path / "schoon" / "meldingen.csv", CLEAN, body), id="Registratienummer",
                        category="Soort")
    path = write_csv(tmp_path / "rommel" / "meldingen.csv", AROUND["spaties"], body)
    for given in ("Registratienummer", "Registratienummer ", " Soort "):
        got = read_checked(path, **({"id": given, "category": "Soort"} if given != " Soort " else
                                    {"id": "Registratienummer", "category": given}))
        assert_same_reading(got, want)


def xlsx_body(dotted: bool = False) -> list[list]:
    """The rows as a sheet holds them: ids and codes as text cells, metres as numbers (or text '233.456')."""
    out = []
    for r in rows(dotted=dotted):
        x = r[2] if dotted or not r[2].isdigit() else int(r[2])
        y = r[3] if dotted or not r[3].isdigit() else int(r[3])
        out.append([r[0], r[1], x, None if y == "" else y, r[4]])
    return out


@pytest.mark.parametrize("kind", ["spaties", "harde spaties", "tabs", "zero-width"])
def test_xlsx_header_with_something_around_the_names(tmp_path, kind):
    body = xlsx_body(dotted=True)
    want = read_checked(write_xlsx(tmp_path / "schoon" / "meldingen.xlsx", CLEAN, body))
    assert_reference(want)
    assert want.data["x"].iloc[1] == 233037
    got = read_checked(write_xlsx(tmp_path / "rommel" / "meldingen.xlsx", AROUND[kind], body))
    assert_same_reading(got, want)


def test_xlsx_byte_order_mark_in_a_header_cell(tmp_path):
    """A header pasted from a CSV into Excel keeps its BOM in the first cell: the column is 'Registratienummer'."""
    body = xlsx_body()
    want = read_checked(write_xlsx(tmp_path / "schoon" / "meldingen.xlsx", CLEAN, body))
    got = read_checked(write_xlsx(tmp_path / "rommel" / "meldingen.xlsx", ["\ufeffRegistratienummer "] + CLEAN[1:],
                                  body))
    assert got.report.column_mapping["id"] == "Registratienummer"
    assert_same_reading(got, want)


def test_xlsx_names_the_same_after_stripping(tmp_path):
    body = [r + [f"bron-{i}"] for i, r in enumerate(xlsx_body())]
    want = read_checked(write_xlsx(tmp_path / "schoon" / "meldingen.xlsx", CLEAN + ["Registratienummer"], body),
                        keep=["Registratienummer.1"])
    assert want.data["Registratienummer.1"].iloc[1] == "bron-1"
    got = read_checked(write_xlsx(tmp_path / "rommel" / "meldingen.xlsx", CLEAN + [" Registratienummer"], body),
                       keep=["Registratienummer.1"])
    assert_same_reading(got, want)


def test_xlsx_coordinates_kept_as_text_by_the_frames_names(tmp_path):
    """The sheet reader keeps the text cells of the coordinate columns as text ('233.456': metres), chosen by the
    names it gives the columns: --x 'X.1' for a second 'X' written ' X' is the frame's column 'X.1'."""
    body = [r + [r[2]] for r in xlsx_body(dotted=True)]
    for r in body:
        r[2] = 1
    header = CLEAN + ["X"]
    want = read_checked(write_xlsx(tmp_path / "schoon" / "meldingen.xlsx", header, body), x="X.1")
    assert want.data["x"].iloc[1] == 233037 and want.report.column_mapping["x"] == "X.1"
    got = read_checked(write_xlsx(tmp_path / "rommel" / "meldingen.xlsx", header[:-1] + [" X"], body), x="X.1")
    assert_same_reading(got, want)


def test_xlsx_title_above_a_header_with_spaces(tmp_path):
    body = xlsx_body()
    title = [["Overzicht meldingen 2017"], []]
    want = read_checked(write_xlsx(tmp_path / "schoon" / "meldingen.xlsx", title[0], title[1:] + [CLEAN] + body))
    got = read_checked(write_xlsx(tmp_path / "rommel" / "meldingen.xlsx", title[0],
                                  title[1:] + [AROUND["spaties"]] + body))
    assert want.report.column_mapping["id"] == "Registratienummer"
    assert_same_reading(got, want)


POLICE = ["ID", "WijkenEnBuurten", "Perioden", "SoortMisdrijf", "GeregistreerdeMisdrijven_1"]


def police_rows() -> list[list[str]]:
    codes = ["GM0014    ", "WK001400  ", "BU00140000", "BU00140001"]
    return [[str(i), codes[i % 4], f"2016MM{1 + i // 4:02d}", "1.2.3 ", str(10 + i) if i != 6 else "."]
            for i in range(24)]


@pytest.mark.parametrize("sep", [";", ","])
def test_police_counts_with_spaces_in_the_header(tmp_path, sep):
    """The counts readers read every column as text (no dtype by name): their columns are found alike."""
    want = read_checked(write_csv(tmp_path / "schoon" / "tellingen.csv", POLICE, police_rows(), sep))
    assert want.kind == "counts" and want.report.rows_rejected == 1
    got = read_checked(write_csv(tmp_path / "rommel" / "tellingen.csv", [f" {n} " for n in POLICE], police_rows(),
                                 sep, bom=True))
    assert_same_reading(got, want)


def test_wide_counts_with_spaces_in_the_header(tmp_path):
    """A StatLine table with the periods as columns, ' 2021 ' and '2022* ': the same periods and cells."""
    header = ["Soort misdrijf", "Regio's", "2021", "2022*"]
    body = [["1.2.3 Diefstal", code, str(3 * i), "." if i == 2 else str(3 * i + 1)]
            for i, code in enumerate(["WK001400", "BU00140000", "BU00140001"])]
    want = read_checked(write_csv(tmp_path / "schoon" / "statline.csv", header, body))
    assert want.report.rows_rejected == 1
    got = read_checked(write_csv(tmp_path / "rommel" / "statline.csv", [" Soort misdrijf ", "Regio's\u00a0", " 2021 ",
                                                                       "2022* "], body))
    assert_same_reading(got, want)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_wizard_preview_names_the_columns_as_the_report(tmp_path, suffix):
    """The wizard hides the report's personal columns in its preview by name: under ' Naam ' the names were shown,
    as the report named the column 'Naam'. The preview's columns are now named as the import names them."""
    from desktop.tasks import preview

    people = ["Jan Jansen", "Piet de Vries", "Klaas Bakker", "Marie Visser", "Anna Smit"]
    header = [" Registratienummer ", " Naam ", " X ", " Y ", " Datum ", "Registratienummer"]
    body = [[r[0], people[i % 5], *r[2:], f"bron-{i}"] for i, r in enumerate(rows())]
    path = tmp_path / f"meldingen{suffix}"
    if suffix == ".csv":
        write_csv(path, header, body)
    else:
        write_xlsx(path, header, body)
    imported = read_checked(path)
    assert imported.report.personal_data_columns == ["Naam"]
    head = preview(path, imported.report)
    assert list(head.columns) == ["Registratienummer", "Naam", "X", "Y", "Datum", "Registratienummer.1"]
    assert head["Registratienummer"].iloc[1] == "0007" and head["Naam"].iloc[0] == "Jan Jansen"
