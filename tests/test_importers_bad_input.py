"""Bad input: each case gives a typed error with a Dutch message saying what and where, never a crash."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import importers
from hotspot_data import groningen_areas
from kernel.errors import CRSError, ImportFileError, UnknownFormatError, WijkbeeldError


def write(path, text, encoding="utf-8"):
    path.write_text(text, encoding=encoding)
    return path


def test_empty_file(tmp_path):
    p = write(tmp_path / "leeg.csv", "")
    with pytest.raises(ImportFileError, match="Het bestand is leeg") as e:
        importers.read_incidents(p)
    assert e.value.path.endswith("leeg.csv")


def test_whitespace_only_file(tmp_path):
    with pytest.raises(ImportFileError, match="leeg"):
        importers.read(write(tmp_path / "spaties.csv", "\n\n   \n"))


def test_header_only(tmp_path):
    p = write(tmp_path / "kop.csv", "id;x;y;datum\n")
    with pytest.raises(ImportFileError, match="alleen een kopregel"):
        importers.read_incidents(p)


def test_binary_garbage(tmp_path):
    p = tmp_path / "rommel.csv"
    p.write_bytes(np.random.default_rng(1).integers(0, 256, 5000, dtype=np.uint8).tobytes())
    with pytest.raises(ImportFileError, match="geen tekstbestand"):
        importers.read(p)


def test_binary_without_known_suffix(tmp_path):
    p = tmp_path / "rommel.bin"
    p.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(UnknownFormatError, match="Onbekend bestandsformaat"):
        importers.read(p)


def test_missing_file(tmp_path):
    with pytest.raises(ImportFileError, match="niet gevonden"):
        importers.read(tmp_path / "bestaat_niet.csv")


def _square_shapefile(folder, crs="EPSG:28992"):
    import geopandas as gpd
    from shapely.geometry import box

    gdf = gpd.GeoDataFrame({"BU_CODE": ["BU00140000"], "BU_NAAM": ["Binnenstad"]},
                           geometry=[box(233000, 582000, 234000, 583000)], crs=crs)
    path = folder / "buurten.shp"
    gdf.to_file(path, engine="pyogrio")
    return path


def test_shapefile_without_prj(tmp_path):
    shp = _square_shapefile(tmp_path)
    shp.with_suffix(".prj").unlink()
    with pytest.raises(CRSError, match=r"geen \.prj-bestand") as e:
        importers.read_boundaries(shp)
    assert e.value.hint == "de coördinaten lijken EPSG:28992; geef het stelsel op met --crs EPSG:28992"
    # the user can say what it is
    areas, report = importers.read_boundaries(shp, crs="EPSG:28992")
    assert areas.crs.to_epsg() == 28992 and report.rows_kept == 1


def test_zipped_shapefile_without_prj(tmp_path):
    import zipfile

    shp = _square_shapefile(tmp_path)
    z = tmp_path / "buurten.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for suffix in (".shp", ".shx", ".dbf"):
            zf.write(shp.with_suffix(suffix), shp.with_suffix(suffix).name)
    with pytest.raises(CRSError, match=r"geen \.prj-bestand"):
        importers.read(z)


def test_csv_without_usable_coordinates(tmp_path):
    p = write(tmp_path / "geen_xy.csv", "id;x;y;datum\n1;;;15-06-2016\n2;abc;def;16-06-2016\n")
    with pytest.raises(ImportFileError, match="bruikbare coördinaten"):
        importers.read_incidents(p)


@pytest.mark.parametrize("share", [0.3, 0.6, 0.9])
def test_zero_zero_is_no_location_not_another_system(tmp_path, share):
    """(0, 0) is a registration system's "no location": such rows are rejected with that reason, and the other
    rows' system is found from themselves (with 60% of them at 0,0 the whole file was refused as "onbekend stelsel
    ... bijvoorbeeld --crs EPSG:3857")."""
    n = 20
    zero = int(share * n)
    rows = [f"{i};0;0;{1 + i:02d}-06-2016" if i < zero else f"{i};{233000 + i};{582000 + i};{1 + i:02d}-06-2016"
            for i in range(n)]
    p = write(tmp_path / "nul.csv", "id;x;y;datum\n" + "\n".join(rows) + "\n")
    data, report = importers.read_incidents(p)
    assert report.crs == "EPSG:28992" and report.rows_kept == n - zero == len(data)
    assert [r.row for r in report.rejections] == list(range(2, 2 + zero))
    assert {r.reason for r in report.rejections} == {"coördinaten 0,0: geen locatie"}
    assert data["x"].tolist() == [233000.0 + i for i in range(zero, n)]


def test_csv_without_coordinate_columns(tmp_path):
    """Read since issue 11 (hot times and trends need no coordinates); the report says a map cannot be made."""
    p = write(tmp_path / "geen_kolommen.csv", "id;plaats;datum\n1;Groningen;15-06-2016\n")
    frame, report = importers.read_incidents(p)
    assert report.rows_kept == 1 and frame["x"].isna().all()
    assert any("een kaart niet" in a and "--x" in a for a in report.assumptions)


def test_coordinates_in_a_third_crs(tmp_path):
    # Web Mercator (EPSG:3857) metres of Groningen: neither RD New nor WGS84.
    p = write(tmp_path / "mercator.csv", "id;x;y;datum\n1;729000;7020000;15-06-2016\n2;730500;7021000;16-06-2016\n")
    with pytest.raises(CRSError, match="onbekend stelsel"):
        importers.read_incidents(p)
    frame, report = importers.read_incidents(p, crs="EPSG:3857")
    assert report.rows_kept == 2
    assert 229_000 < frame["x"].iloc[0] < 240_000 and 575_000 < frame["y"].iloc[0] < 590_000


def test_unknown_crs_name(tmp_path):
    p = write(tmp_path / "a.csv", "x;y;datum\n233000;582000;15-06-2016\n")
    with pytest.raises(CRSError, match="Onbekend coördinatenstelsel"):
        importers.read_incidents(p, crs="EPSG:999999")


def test_unparseable_dates(tmp_path):
    p = write(tmp_path / "datums.csv", "x;y;datum\n233000;582000;gisteren\n233100;582100;vorige week\n")
    with pytest.raises(ImportFileError, match="Geen enkele datum") as e:
        importers.read_incidents(p)
    assert e.value.column == "datum" and "gisteren" in e.value.message


def test_counts_with_unknown_codes(tmp_path):
    p = write(tmp_path / "tellingen.csv",
              "ID;SoortMisdrijf;WijkenEnBuurten;Perioden;GeregistreerdeMisdrijven_1\n"
              "0;1.2.3 ;ZZ12345   ;2014MM01;5\n1;1.2.3 ;QQ99      ;2014MM02;7\n")
    with pytest.raises(ImportFileError, match="Geen enkele bekende gebiedscode") as e:
        importers.read_counts(p)
    assert e.value.column == "WijkenEnBuurten"


def test_counts_codes_not_in_areas(tmp_path, groningen):
    areas = groningen_areas(groningen)
    p = write(tmp_path / "tellingen.csv",
              "ID;SoortMisdrijf;WijkenEnBuurten;Perioden;GeregistreerdeMisdrijven_1\n"
              "0;1.2.3 ;BU03630000;2014MM01;5\n")
    with pytest.raises(ImportFileError, match="komt voor in de gebiedenlaag"):
        importers.read_counts(p, areas=areas)


def test_very_wide_line(tmp_path):
    header = ";".join(f"kolom{i}" for i in range(5000))
    p = write(tmp_path / "breed.csv", header + "\n" + ";".join("1" for _ in range(5000)) + "\n")
    with pytest.raises(ImportFileError, match="kolommen"):
        importers.read_incidents(p)


def test_very_long_first_line(tmp_path):
    p = write(tmp_path / "lang.csv", "x" * 2_000_000 + "\n1\n")
    with pytest.raises(ImportFileError, match="langer dan"):
        importers.read(p)


def test_very_long_data_line_is_rejected_not_fatal(tmp_path):
    long_value = "9" * 300_000
    p = write(tmp_path / "lange_regel.csv",
              f"x;y;datum\n233000;582000;15-06-2016\n{long_value};582000;16-06-2016\n")
    frame, report = importers.read_incidents(p)
    assert report.rows_read == 2 and report.rows_kept == 1
    (r,) = report.rejections
    assert r.row == 3 and r.column == "x" and r.reason == "x-coördinaat is geen getal"


def test_ragged_line_is_rejected(tmp_path):
    p = write(tmp_path / "rafelig.csv", "x;y;datum\n233000;582000;15-06-2016\n1;2;3;4;5\n233100;582100;16-06-2016\n")
    frame, report = importers.read_incidents(p)
    assert report.rows_read == 3 and report.rows_kept == 2
    assert [(r.row, r.reason) for r in report.rejections] == [(3, "regel heeft meer velden dan de kopregel")]


def test_damaged_spreadsheets(tmp_path):
    p = tmp_path / "oud.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    with pytest.raises(ImportFileError, match=r"\.xls"):
        importers.read_incidents(p)
    p = tmp_path / "kapot.xlsx"
    p.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(ImportFileError, match=r"\.xlsx-bestand is beschadigd"):
        importers.read_incidents(p)


def test_unknown_sheet(tmp_path):
    p = tmp_path / "m.xlsx"
    pd.DataFrame({"X": [233000.0], "Y": [582000.0], "Datum": ["15-06-2016"]}).to_excel(p, index=False)
    with pytest.raises(ImportFileError, match="Werkblad 'Blad9'"):
        importers.read_incidents(p, sheet="Blad9")


def test_unknown_gemeente(groningen):
    with pytest.raises(ImportFileError, match="komt niet voor") as e:
        importers.read_boundaries(groningen / "buurt2017.zip", gemeente="Ermelo")
    assert "Groningen" in str(e.value)


def test_unknown_override_column(tmp_path):
    p = write(tmp_path / "a.csv", "x;y;datum\n233000;582000;15-06-2016\n")
    with pytest.raises(ImportFileError, match="bestaat niet") as e:
        importers.read_incidents(p, start="Begindatum")
    assert e.value.path.endswith("a.csv")


def test_every_error_is_dutch_and_typed(tmp_path):
    """All the errors above derive from WijkbeeldError, so the CLI and the GUI can show them."""
    assert issubclass(ImportFileError, WijkbeeldError) and issubclass(CRSError, WijkbeeldError)


def test_points_are_not_boundaries(tmp_path):
    import geopandas as gpd
    from shapely.geometry import Point

    p = tmp_path / "punten.gpkg"
    gpd.GeoDataFrame({"code": ["BU00140000"]}, geometry=[Point(233000, 582000)], crs="EPSG:28992").to_file(p)
    with pytest.raises(ImportFileError, match="Dit is een bestand met incidenten.*--incidents"):
        importers.read_boundaries(p)
    from importers.boundaries import read_boundaries  # the reader itself, without the registry's check
    with pytest.raises(ImportFileError, match="Point-geometrie, geen vlakken"):
        read_boundaries(p)
    assert importers.read(p).kind == "incidents"  # read as what it is (issue 11)
