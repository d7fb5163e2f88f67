"""Personal data on import, whatever the role of its column: the category, the id, columns kept on request;
data minimisation (columns without a role are not kept); the commands' --category-column (--category filters on a category's value)."""
from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

import importers
from kernel.errors import ImportFileError
from privacy_cases import output_bytes

MELDER = "melder Jan de Vries, 06-12345678, jan@x.nl, Kerkstraat 12, 1234 AB"
PIECES = ["Jan de Vries", "06-12345678", "jan@x.nl", "Kerkstraat 12", "1234 AB"]


def incidents_csv(path, n=120, *, planted_every: int | None = 40, column="omschrijving", extra=None):
    """Incidents in three buurten near (150000, 450000), a free-text column that holds the melder now and then."""
    rows = []
    for i in range(n):
        text = MELDER if planted_every and i % planted_every == 7 else ["Overlast jeugd", "Wildplassen", "Fout parkeren"][i % 3]
        row = {"x": 150100 + 1000 * (i % 3) + i, "y": 450500 + (i % 7) * 10,
               "datum": (pd.Timestamp("2024-01-01 20:00") + pd.Timedelta(hours=13 * i)).strftime("%d-%m-%Y %H:%M"),
               column: text}
        row.update(extra(i) if extra else {})
        rows.append(row)
    pd.DataFrame(rows).to_csv(path, sep=";", index=False)
    return path


@pytest.fixture
def areas_path(tmp_path):
    areas = gpd.GeoDataFrame({"code": ["BU00000000", "BU00000001", "BU00000002"], "name": ["Centrum", "Noord", "Zuid"]},
                             geometry=[box(150000 + 1000 * i, 450000, 151000 + 1000 * i, 451000) for i in range(3)],
                             crs="EPSG:28992")
    path = tmp_path / "buurten.gpkg"
    areas.to_file(path, layer="buurten", driver="GPKG")
    return path


def test_a_free_text_category_with_personal_data_is_no_category(tmp_path):
    frame, report = importers.read_incidents(incidents_csv(tmp_path / "m.csv"))
    assert "category" not in report.column_mapping and frame["category"].isna().all()
    assert report.personal_data_columns == ["omschrijving"]
    assert report.extra["roles_refused"]["category"]["column"] == "omschrijving"
    assert any("'omschrijving' is niet als categorie gebruikt" in w and "--category-column" in w for w in report.warnings)
    assert list(frame.columns) == ["id", "x", "y", "start", "end", "category", "source", "area"]
    assert not frame.astype(str).apply(lambda c: c.str.contains("Vries")).any().any()


def test_chosen_category_with_personal_data_is_refused_and_none_can_be_chosen(tmp_path):
    path = incidents_csv(tmp_path / "m.csv", extra=lambda i: {"soort": ["Overlast", "Afval"][i % 2]})
    with pytest.raises(ImportFileError, match="'omschrijving' kan geen categorie zijn: bevat persoonsgegevens"):
        importers.read_incidents(path, category="omschrijving")
    frame, report = importers.read_incidents(path, category="soort")
    assert set(frame["category"]) == {"Overlast", "Afval"}
    for none in ("", "geen", False):
        frame, report = importers.read_incidents(path, category=none)
        assert frame["category"].isna().all() and "category" not in report.column_mapping


def test_a_category_with_too_many_values_is_free_text(tmp_path):
    path = incidents_csv(tmp_path / "m.csv", n=700, planted_every=None, column="type",
                         extra=lambda i: {"type": f"melding {i} over de straat"})
    frame, report = importers.read_incidents(path)
    assert frame["category"].isna().all()
    assert "700 verschillende waarden" in report.extra["roles_refused"]["category"]["reason"]
    frame, report = importers.read_incidents(path, category="type")  # chosen: kept, with a warning
    assert frame["category"].nunique() == 700 and any("toch als categorie gebruikt" in w for w in report.warnings)


def test_an_id_with_personal_data_gives_row_numbers(tmp_path):
    path = incidents_csv(tmp_path / "m.csv", planted_every=None,
                         extra=lambda i: {"melding": f"klant{i}@example.nl"})
    frame, report = importers.read_incidents(path, category="omschrijving", id=None)  # 'melding' is no id alias
    path2 = tmp_path / "m2.csv"
    pd.read_csv(path, sep=";").rename(columns={"melding": "id"}).to_csv(path2, sep=";", index=False)
    frame, report = importers.read_incidents(path2)
    assert frame["id"].tolist() == [str(i) for i in range(2, 122)]
    assert report.personal_data_columns == ["id"] and any("Rijnummers" in w for w in report.warnings)
    with pytest.raises(ImportFileError, match="kan geen id zijn"):
        importers.read_incidents(path2, id="id")


def test_columns_without_a_role_are_not_kept(tmp_path):
    path = incidents_csv(tmp_path / "m.csv", planted_every=None,
                         extra=lambda i: {"wijk": "Centrum", "weer": "droog", "telefoon": "06-12345678"})
    frame, report = importers.read_incidents(path)
    assert list(frame.columns) == ["id", "x", "y", "start", "end", "category", "source", "area"]
    assert report.personal_data_columns == ["telefoon"]
    frame, _ = importers.read_incidents(path, keep=["wijk", "weer"])
    assert list(frame.columns[-2:]) == ["wijk", "weer"]
    with pytest.raises(ImportFileError, match="'telefoon' bevat persoonsgegevens"):
        importers.read_incidents(path, keep=["telefoon"])


def test_the_issues_case_leaks_through_no_command(tmp_path, areas_path, cli):
    """The issue's case: 'omschrijving' as the category, the melder in it. Nothing of it in any output of
    `analyse --points` and `inzet` (every byte of every file, and what they print)."""
    inc = incidents_csv(tmp_path / "meldingen.csv")
    out = tmp_path / "uit"
    code, stdout, err = cli("analyse", "--areas", areas_path, "--incidents", inc, "--out", out, "--points", "--json")
    assert code == 0, err
    code2, stdout2, err2 = cli("inzet", "--areas", areas_path, "--incidents", inc, "--shifts", "2",
                               "--xlsx", out / "rooster.xlsx", "--html", out / "rooster.html", "--json")
    assert code2 == 0, err2
    data = output_bytes(out) + (stdout + stdout2).encode()
    assert {p.name for p in out.iterdir()} >= {"kaart.html", "resultaten.gpkg", "resultaten.xlsx", "rooster.html"}
    for piece in PIECES:
        for encoded in (piece.encode("utf-8"), piece.encode("utf-16-le"), json.dumps(piece)[1:-1].encode()):
            assert encoded not in data, piece
    # with another column chosen as the category, the categories are there and still nothing personal
    path = incidents_csv(tmp_path / "m2.csv", extra=lambda i: {"soort": ["Overlast", "Afval"][i % 2]})
    code, stdout, err = cli("analyse", "--areas", areas_path, "--incidents", path, "--out", tmp_path / "uit2",
                            "--category-column", "soort", "--json")
    assert code == 0, err
    assert b"Overlast" in output_bytes(tmp_path / "uit2") and b"Vries" not in output_bytes(tmp_path / "uit2")
    code, stdout, err = cli("analyse", "--areas", areas_path, "--incidents", path, "--out", tmp_path / "uit3",
                            "--category-column", "omschrijving")
    assert code == 2 and "kan geen categorie zijn" in err and not (tmp_path / "uit3").exists()


@pytest.mark.parametrize("command, extra", [
    ("hotspots", ("--areas",)), ("hottimes", ()), ("trends", ()), ("analyse", ("--areas", "--out")),
    ("inzet", ("--areas",)), ("rapport", ("--areas", "--out")), ("emerging", ("--areas",)), ("nearrepeat", ()),
    ("stabiel", ("--areas",))])
def test_every_command_that_reads_incidents_takes_the_category_column(tmp_path, areas_path, cli, command, extra):
    """--category-column comes with --incidents (desktop.commands.inputs), one help text everywhere, and it
    reaches the reader: a chosen column with personal data is refused before anything runs."""
    import argparse

    from desktop.cli import build_parser
    from desktop.commands.inputs import INPUTS

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    (action,) = [a for a in sub.choices[command]._actions if "--category-column" in a.option_strings]
    assert action.help == INPUTS["category_column"][0].help and action.dest == "category_column"
    inc = incidents_csv(tmp_path / "m.csv")
    given = {"--areas": areas_path, "--out": tmp_path / ("uit.pdf" if command == "rapport" else "uit")}
    argv = [command, "--incidents", inc, *[v for flag in extra for v in (flag, given[flag])]]
    code, _, err = cli(*argv, "--category-column", "omschrijving")
    assert code == 2 and "'omschrijving' kan geen categorie zijn: bevat persoonsgegevens" in err, err
    assert not any(p.name.startswith("uit") for p in tmp_path.iterdir())


def test_the_category_column_is_read_on_import_not_from_a_project(tmp_path, cli):
    from importers.project import Project, save_project

    frame, report = importers.read_incidents(incidents_csv(tmp_path / "m.csv"), category="geen")
    path = save_project(Project(incidents=frame, reports={"incidents": report.to_dict()}), tmp_path / "p.gpkg")
    code, _, err = cli("hottimes", "--project", path, "--category-column", "omschrijving")
    assert code == 2 and "--project gaat niet samen met --category-column" in err


# -- one field cannot make an import slow --------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("column", ["id", "x", "datum", "categorie", "opmerking"])
def test_a_10_mb_field_in_any_column_is_read_in_seconds(tmp_path, column):
    """The e-mail pattern made one long field quadratic (100 KB: 73 s); each column now takes a 10 MB field
    of a fill that makes careless patterns backtrack in a few seconds, and the import goes on."""
    import time

    header = ["id", "x", "y", "datum", "categorie", "opmerking"]
    rows = [[str(i), str(150100 + i), "450500", f"2024-01-{1 + i % 9:02d} 10:00", "Overlast", "niks"] for i in range(50)]
    slowest = 0.0
    for fill in ("a", "A. ", "1", "Jan de "):
        row = ["99", "150100", "450500", "2024-01-01 10:00", "Overlast", "niks"]
        row[header.index(column)] = fill * (10_000_000 // len(fill))
        path = tmp_path / "groot.csv"
        path.write_text("\n".join(";".join(r) for r in [header, *rows, row]) + "\n", encoding="utf-8")
        t = time.perf_counter()
        frame, report = importers.read_incidents(path)
        slowest = max(slowest, time.perf_counter() - t)
        assert report.rows_read == 51 and len(frame) >= 50
    assert slowest < 6.0, slowest


def _bsn(i: int) -> str:
    """A nine-digit number that passes the elfproef (a BSN's checksum)."""
    digits = [int(d) for d in f"{100000 + i:08d}"]
    for last in range(10):
        if (sum(w * d for w, d in zip(range(9, 1, -1), digits)) - last) % 11 == 0:
            return "".join(map(str, digits)) + str(last)
    return _bsn(i + 1)


def test_a_kept_column_reaches_the_frame_as_it_stands_and_numbers_in_it_are_still_checked(tmp_path):
    """A column the user keeps is read as text ('0999' stays '0999', not 999); read as text, a column of BSNs or
    phone numbers without a separator is still found (as numbers, '0612345678' lost its 0)."""
    codes = ["03", "0999", "12", "007"]
    path = incidents_csv(tmp_path / "m.csv", planted_every=None,
                         extra=lambda i: {"wijknummer": codes[i % 4], "aantal": str(i % 7),
                                          "bsn": _bsn(i), "mobiel": f"06{12345678 + i}"})
    frame, report = importers.read_incidents(path, keep=["wijknummer", "aantal"])
    assert frame["wijknummer"].head(4).tolist() == codes
    assert frame["aantal"].head(3).tolist() == ["0", "1", "2"]
    assert report.rows_read == report.rows_kept + report.rows_rejected
    for column, what in (("bsn", "BSN"), ("mobiel", "telefoonnummer")):
        with pytest.raises(ImportFileError, match=f"'{column}' bevat persoonsgegevens"):
            importers.read_incidents(path, keep=[column])
