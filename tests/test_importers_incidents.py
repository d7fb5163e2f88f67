"""Own incident files: the real Groningen registrations and constructed files with every quirk people type."""
from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest
from pyproj import Transformer

import importers
from kernel.errors import ImportFileError

GRONINGEN_XLSX = "Diefstal_fiets_Groningen_stad_vanaf_2013.xlsx"
PERSONAL = ["Pleegstraatnaam", "Pleeghuisnummer met toev.", "Pleegpostcode"]


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def groningen_incidents(groningen):
    path = groningen / GRONINGEN_XLSX
    before = sha256(path)
    frame, report = importers.read_incidents(path)
    return frame, report, before, path


def test_groningen_registrations(groningen_incidents):
    frame, report, before, path = groningen_incidents
    assert report.rows_read == 15947
    assert report.rows_kept + report.rows_rejected == report.rows_read == len(frame) + len(report.rejections)
    assert all(r.reason for r in report.rejections)
    assert report.column_mapping["x"] == "X" and report.column_mapping["start"] == "Begin-pleegdatum/tijd"
    assert report.column_mapping["end"] == "Eind-pleegdatum/tijd" and report.column_mapping["id"] == \
        "Incident Identificatie"
    assert report.crs == "EPSG:28992"
    # the independent reading: pandas gives the same coordinates and start times for the kept rows
    raw = pd.read_excel(path, engine="openpyxl")
    kept = raw.set_index("Incident Identificatie").loc[frame["id"]]
    np.testing.assert_array_equal(frame["x"].to_numpy(), kept["X"].to_numpy(dtype=float))
    np.testing.assert_array_equal(frame["start"].to_numpy(), kept["Begin-pleegdatum/tijd"].to_numpy(
        dtype="datetime64[ns]"))
    assert (frame["end"] >= frame["start"]).all()
    assert int((frame["end"] == frame["start"]).sum()) == 845  # as the data README says
    times = report.extra["times"]  # the README's facts, found and reported by the importer
    assert times["end_equals_start"] == 845 and times["median_window_hours"] == 5.5
    assert round(times["start_on_full_hour"], 2) == 0.54
    assert any("hele uur" in w for w in report.warnings)


def test_groningen_personal_columns_dropped(groningen_incidents):
    frame, report, _, _ = groningen_incidents
    assert report.personal_data_columns == PERSONAL
    assert not set(PERSONAL) & set(frame.columns)
    for col in frame.columns:
        if pd.api.types.is_string_dtype(frame[col]):
            assert not frame[col].str.contains("Surinamestraat", na=False, regex=False).any(), col
    # data minimisation: a column without a role is not kept unless asked for (the area names are not personal)
    assert "Pleegwijk" not in frame.columns


def test_groningen_columns_kept_on_request(groningen):
    frame, report = importers.read_incidents(groningen / GRONINGEN_XLSX, keep=["Pleegwijk"], max_rows=500)
    assert list(frame.columns[-1:]) == ["Pleegwijk"] and frame["Pleegwijk"].notna().all()
    with pytest.raises(ImportFileError, match="persoonsgegevens"):
        importers.read_incidents(groningen / GRONINGEN_XLSX, keep=["Pleegstraatnaam"], max_rows=500)


def test_groningen_duplicate_reported(groningen_incidents):
    _, report, _, _ = groningen_incidents
    assert report.duplicates == [{"column": "Bronregistratie", "value": "PL0100_BVH_2013063774",
                                  "rows": [14269, 14270]}]


def test_source_file_unchanged(groningen_incidents):
    _, _, before, path = groningen_incidents
    assert sha256(path) == before


def test_every_shared_file_unchanged_by_inspect(shared_data, tmp_path):
    files = [p for p in sorted(shared_data.rglob("*")) if p.is_file() and p.suffix != ".md"
             and p.name != GRONINGEN_XLSX]
    before = {p: sha256(p) for p in files}
    for p in files:
        report = importers.inspect(p)
        assert report.rows_read == report.rows_kept + report.rows_rejected, p
    assert {p: sha256(p) for p in files} == before


def _write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_cp1252_semicolon_decimal_comma_dutch_dates(tmp_path):
    text = ("Registratienummer;X-coördinaat;Y-coördinaat;Begindatum;Einddatum;Categorie;Omschrijving\n"
            "A1;233456,7;582123,4;15-06-2016 23:31;16-06-2016 01:00;Vernieling;Ruit café ingegooid\n"
            "A2;233500,0;582200,5;01-07-2016 08:00;;Diefstal fiets;Fiets bij station\n"
            "A3;233600,0;582300,0;31-02-2016 10:00;;Diefstal fiets;Ongeldige datum\n")
    p = _write(tmp_path, "meldingen.csv", text, "cp1252")
    frame, report = importers.read_incidents(p, keep=["Omschrijving"])
    assert report.encoding == "cp1252" and report.separator == ";"
    assert report.column_mapping["x"] == "X-coördinaat"
    assert frame["x"].tolist() == [233456.7, 233500.0] and frame["y"].tolist() == [582123.4, 582200.5]
    assert frame["start"].tolist() == [pd.Timestamp("2016-06-15 23:31"), pd.Timestamp("2016-07-01 08:00")]
    assert frame["end"].iloc[0] == pd.Timestamp("2016-06-16 01:00") and pd.isna(frame["end"].iloc[1])
    assert frame["category"].tolist() == ["Vernieling", "Diefstal fiets"]
    assert frame["Omschrijving"].iloc[0] == "Ruit café ingegooid"
    (r,) = report.rejections
    assert (r.row, r.column, r.value, r.reason) == (4, "Begindatum", "31-02-2016 10:00", "datum niet te lezen")
    assert any("dag-maand-jaar" in a for a in report.assumptions)


def test_wgs84_us_dates_bom_comma(tmp_path):
    text = ("\ufeffid,lat,lon,date,type\n"
            "1,53.2194,6.5665,6/15/2016 11:31:00 PM,burglary\n"
            "2,53.2100,6.5500,12/31/2016 1:05:00 AM,theft\n"
            "3,48.8566,2.3522,7/1/2016 10:00:00 AM,theft\n")  # Paris: outside the Netherlands
    p = _write(tmp_path, "incidents.csv", text)
    frame, report = importers.read_incidents(p)
    assert report.encoding == "utf-8-sig" and report.separator == ","
    assert report.extra["source_crs"] == "EPSG:4326" and report.crs == "EPSG:28992"
    tf = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
    ex, ey = tf.transform([6.5665, 6.55], [53.2194, 53.21])
    np.testing.assert_allclose(frame["x"], ex, atol=1e-6)
    np.testing.assert_allclose(frame["y"], ey, atol=1e-6)
    assert frame["start"].tolist() == [pd.Timestamp("2016-06-15 23:31"), pd.Timestamp("2016-12-31 01:05")]
    assert any("maand-dag-jaar" in a for a in report.assumptions)
    (r,) = report.rejections
    assert (r.row, r.reason) == (4, "locatie buiten Nederland")  # rejected, not moved
    assert report.rows_read == 3 and report.rows_kept == 2


def test_tab_separated_iso_dates_and_overrides(tmp_path):
    text = ("nr\toost\tnoord\twanneer\ttot\twat\n"
            "1\t233000\t582000\t2016-06-15T23:31:00\t2016-06-16T02:00:00\toverlast\n"
            "2\t233100\t582100\t2016-06-16 10:00\t\toverlast\n")
    p = _write(tmp_path, "export.txt", text)
    frame, report = importers.read_incidents(p, x="oost", y="noord", start="wanneer", end="tot", category="wat",
                                             id="nr")
    assert report.separator == "\t" and report.rows_kept == 2
    assert frame["id"].tolist() == ["1", "2"]
    assert frame["start"].tolist() == [pd.Timestamp("2016-06-15 23:31"), pd.Timestamp("2016-06-16 10:00")]


def test_ambiguous_day_month_is_assumed_and_said(tmp_path):
    p = _write(tmp_path, "a.csv", "x;y;datum\n233000;582000;01/02/2016\n233100;582100;03/04/2016\n")
    frame, report = importers.read_incidents(p)
    assert frame["start"].tolist() == [pd.Timestamp("2016-02-01"), pd.Timestamp("2016-04-03")]
    assert any("niet te onderscheiden" in a for a in report.assumptions)
    frame, report = importers.read_incidents(p, dayfirst=False)
    assert frame["start"].tolist() == [pd.Timestamp("2016-01-02"), pd.Timestamp("2016-03-04")]
    assert any("opgegeven" in a for a in report.assumptions)


def test_day_month_decided_by_one_late_value(tmp_path):
    """Only the last of many rows has a day above 12: the whole column decides, not the sample."""
    rows = [f"{233000 + i};582000;0{1 + i % 9}/0{1 + i % 9}/2016" for i in range(5000)] + ["233000;582000;25/12/2016"]
    p = _write(tmp_path, "a.csv", "x;y;datum\n" + "\n".join(rows) + "\n")
    frame, report = importers.read_incidents(p)
    assert frame["start"].iloc[-1] == pd.Timestamp("2016-12-25") and report.rows_kept == 5001


def test_mixed_date_forms_in_one_column(tmp_path):
    p = _write(tmp_path, "a.csv", "x;y;datum\n233000;582000;15-06-2016 23:31\n233100;582100;15/06/2016\n"
                                  "233200;582200;2016-06-15\n233300;582300;5-6-2016 9:05\n")
    frame, report = importers.read_incidents(p)
    assert frame["start"].tolist() == [pd.Timestamp("2016-06-15 23:31"), pd.Timestamp("2016-06-15"),
                                       pd.Timestamp("2016-06-15"), pd.Timestamp("2016-06-05 09:05")]


def test_rejections_and_duplicates(tmp_path):
    text = ("id;x;y;datum;categorie\n"
            "1;233000;582000;15-06-2016 10:00;a\n"
            "2;;582000;15-06-2016 10:00;a\n"          # missing x
            "3;abc;582000;15-06-2016 10:00;a\n"       # not a number
            "4;233000;582000;;a\n"                    # no date
            "5;10;20;15-06-2016 10:00;a\n"            # outside NL (RD)
            "1;233000;582000;15-06-2016 10:00;a\n"    # exact duplicate of row 2
            "6;233050;582050;15-06-2016 11:00;b\n"
            "6;233060;582060;15-06-2016 12:00;b\n")   # same id, different content: reported, kept
    p = _write(tmp_path, "a.csv", text)
    frame, report = importers.read_incidents(p)
    got = [(r.row, r.column, r.value, r.reason) for r in report.rejections]
    assert got == [(3, "x", None, "coördinaat ontbreekt"), (4, "x", "abc", "x-coördinaat is geen getal"),
                   (5, "datum", None, "datum ontbreekt"), (6, "y", 20, "locatie buiten Nederland"),
                   (7, None, None, "dubbele rij (precies gelijk aan een eerdere rij)")]
    assert report.rows_read == 8 and report.rows_kept == 3
    assert {"column": "id", "value": "6", "rows": [8, 9]} in report.duplicates
    d = report.to_dict()
    assert d["rows_rejected"] == 5 and d["rejections"][0] == {"row": 3, "column": "x", "value": None,
                                                                "reason": "coördinaat ontbreekt"}


def test_personal_columns_from_values_are_dropped(tmp_path):
    text = ("x;y;datum;melder;contact;bsn_ja;adres;pc\n"
            "233000;582000;15-06-2016;Jan Jansen;j.jansen@example.nl;111222333;Kerkstraat 12a;9711 AB\n"
            "233100;582100;16-06-2016;Piet Pieters;p@example.nl;123456782;Dorpsweg 3;9712CD\n")
    frame, report = importers.read_incidents(_write(tmp_path, "a.csv", text))
    assert set(report.personal_data_columns) == {"melder", "contact", "bsn_ja", "adres", "pc"}
    assert list(frame.columns) == ["id", "x", "y", "start", "end", "category", "source", "area"]


def test_excel_sheet_choice(tmp_path):
    path = tmp_path / "meldingen.xlsx"
    with pd.ExcelWriter(path) as xw:
        pd.DataFrame({"toelichting": ["leeg blad"]}).to_excel(xw, sheet_name="Uitleg", index=False)
        pd.DataFrame({"X": [233000.5, 233100.0], "Y": [582000.0, 582100.0],
                      "Datum": pd.to_datetime(["2016-06-15 23:31", "2016-06-16 08:00"])}).to_excel(
            xw, sheet_name="Meldingen", index=False)
    frame, report = importers.read_incidents(path, sheet="Meldingen")
    assert report.rows_kept == 2 and frame["start"].iloc[0] == pd.Timestamp("2016-06-15 23:31")
    assert frame["x"].iloc[0] == 233000.5


def test_blank_lines_are_not_rows(tmp_path):
    p = _write(tmp_path, "a.csv", "x;y;datum\n233000;582000;15-06-2016\n\n;;\n233100;582100;16-06-2016\n")
    frame, report = importers.read_incidents(p)
    assert report.rows_read == 2 == report.rows_kept
    assert any("lege regels" in a for a in report.assumptions)


def test_separate_date_and_time_columns(tmp_path):
    p = _write(tmp_path, "a.csv", "x;y;datum;tijd\n233000;582000;15-06-2016;23:31\n233100;582100;16-06-2016;8.05\n"
                                  "233200;582200;17-06-2016;\n")
    frame, report = importers.read_incidents(p)
    assert frame["start"].tolist() == [pd.Timestamp("2016-06-15 23:31"), pd.Timestamp("2016-06-16 08:05"),
                                       pd.Timestamp("2016-06-17")]
    assert report.column_mapping["start_time"] == "tijd" and "tijd" not in frame.columns


def test_excel_day_numbers_and_time_fractions(tmp_path):
    path = tmp_path / "serieel.xlsx"
    pd.DataFrame({"X": [233000.0], "Y": [582000.0], "Datum": [42536.0], "Tijd": [0.98]}).to_excel(path, index=False)
    frame, report = importers.read_incidents(path)
    # 42536 = 2016-06-15 (Excel counts from 1899-12-30); 0.98 of a day = 23:31:12
    assert frame["start"].iloc[0] == pd.Timestamp("2016-06-15 23:31:12")
    assert any("Excel-datumnummers" in a for a in report.assumptions)


def test_latitude_in_the_x_column_is_swapped(tmp_path):
    p = _write(tmp_path, "a.csv", "x;y;datum\n53.2194;6.5665;15-06-2016\n53.21;6.55;16-06-2016\n")
    frame, report = importers.read_incidents(p)
    ex, ey = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True).transform(6.5665, 53.2194)
    assert frame["x"].iloc[0] == pytest.approx(ex) and frame["y"].iloc[0] == pytest.approx(ey)
    assert any("omgekeerde volgorde" in a for a in report.assumptions)


def test_wkt_point_column(tmp_path):
    p = _write(tmp_path, "gis.csv", 'id;geometrie;datum\n1;POINT (233000.5 582000.25);15-06-2016\n'
                                    '2;POINT(6.5665 53.2194);16-06-2016\n3;;17-06-2016\n')
    frame, report = importers.read_incidents(p)
    # the first is RD; the second is WGS84 in an RD file: far outside, so rejected (mixed CRS is not guessed)
    assert frame["x"].tolist() == [233000.5] and frame["y"].tolist() == [582000.25]
    assert [(r.row, r.reason) for r in report.rejections] == [
        (3, "y-coördinaat past niet bij het stelsel van de rest van het bestand, RD New (EPSG:28992): lijkt WGS84 "
            "(EPSG:4326)"), (4, "coördinaat ontbreekt")]
    assert "geometrie" not in frame.columns


def test_excel_unicode_text_utf16_tab(tmp_path):
    """Excel's 'Unicode text' export: UTF-16 with a BOM, tab-separated, decimal commas."""
    text = "Nummer\tX\tY\tDatum\tOmschrijving\n1\t233000,5\t582000\t15-6-2016 23:31\tRuit café\n"
    p = tmp_path / "export.txt"
    p.write_bytes(text.encode("utf-16"))
    frame, report = importers.read_incidents(p)
    assert report.encoding == "utf-16" and report.separator == "\t"
    assert frame["x"].iloc[0] == 233000.5 and frame["start"].iloc[0] == pd.Timestamp("2016-06-15 23:31")
    assert frame["category"].iloc[0] == "Ruit café"  # no category column: the description stands in


def test_end_before_start_is_swapped_and_reported(tmp_path):
    """Issue 3: an end before the start is reported and swapped (start and end typed in the wrong columns)."""
    p = _write(tmp_path, "a.csv", "x;y;begin;einde\n"
               "233000;582000;15-06-2016 23:30;16-06-2016 00:30\n"
               "233100;582100;16-06-2016 02:00;15-06-2016 22:00\n")
    df, rep = importers.read_incidents(p)
    assert rep.rows_kept == 2
    assert df["start"].iloc[1] == pd.Timestamp("2016-06-15 22:00")
    assert df["end"].iloc[1] == pd.Timestamp("2016-06-16 02:00")
    assert any("verwisseld" in w and "rij 3" in w for w in rep.warnings)
