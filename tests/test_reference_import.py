"""Reading the reference data through the reader registry, and the reference set kept with its date."""
from __future__ import annotations

import os
import sqlite3

import numpy as np
import pandas as pd
import pytest

import importers
from hotspots.benchmark.reference import build_reference, counts_per_year, population_table
from importers.kerncijfers import read_kerncijfers
from importers.referenceset import ReferenceSet, default_path, load, save
from importers.survey import read_survey
from kernel.errors import ImportFileError, WrongFileError
from tests.benchmark_data import FILES

SHARED = __import__("pathlib").Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _write(path, text: str, bom: bool = False):
    path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    return path


def test_the_registry_knows_each_reference_file():
    kinds = {name: importers.inspect(path).kind for name, path in FILES.items()}
    assert kinds == {"gemeenten": "boundaries", "kerncijfers": "kerncijfers", "politie": "counts",
                     "vm_gemeenten": "survey", "vm_wijken": "survey"}
    assert importers.read(FILES["gemeenten"], kind="kerncijfers").kind == "kerncijfers"  # when asked for
    with pytest.raises(WrongFileError, match="Veiligheidsmonitor, geen tabel met kerncijfers"):
        importers.read(FILES["vm_gemeenten"], kind="kerncijfers")


def test_kerncijfers_with_labels_every_row_kept_or_rejected():
    frame, report = read_kerncijfers(FILES["kerncijfers"])
    assert report.rows_read == report.rows_kept + report.rows_rejected == 11 * 343
    gm = frame[frame["code"] == "GM0014"].set_index("year")
    assert gm.loc[2024, "name"] == "Groningen"  # "Groningen (gemeente)" on StatLine
    assert gm.loc[2024, "population"] == 243_750 and gm.loc[2024, "stedelijkheid"] == 2
    assert gm.loc[2024, "Regionale eenheid politie"] == "Noord-Nederland"
    assert frame[frame["code"] == "NL01"]["population"].notna().all()


def test_kerncijfers_typed_with_provinces_and_a_missing_figure(tmp_path):
    text = ('"ID";"WijkenEnBuurten";"Gemeentenaam_1";"SoortRegio_2";"Codering_3";"AantalInwoners_5";'
            '"MateVanStedelijkheid_122"\n'
            '0;"NL01      ";"Nederland";"Land";"NL01";17811291;\n'
            '1;"GM0014    ";"Groningen";"Gemeente";"GM0014";238147;2\n'
            '2;"WK001400  ";"Groningen";"Wijk";"WK001400";22930;1\n'
            '3;"GM0034    ";"Almere";"Gemeente";"GM0034";.;2\n'
            '4;"GM0034    ";"Almere";"Gemeente";"GM0034";218096;2\n')
    path = _write(tmp_path / "kwb-2023.csv", text)
    frame, report = read_kerncijfers(path)
    assert report.rows_read == 5 and report.rows_kept == 3 and report.rows_rejected == 2
    assert [(r.row, r.reason.split(":")[0]) for r in report.rejections] == [
        (4, "geen gemeente of land (provincie, regio, wijk of buurt)"), (6, "gemeente en jaar staan al eerder in het bestand")]
    assert frame["year"].tolist() == [2023] * 3  # from the file's name
    assert any("bestandsnaam" in a for a in report.assumptions)
    assert np.isnan(frame.set_index("code").at["GM0034", "population"])
    assert any("zonder inwonertal" in w for w in report.warnings)


def test_kerncijfers_wide_with_names_only_joined_to_the_gemeenten(tmp_path):
    text = ('"Regio\'s";"Onderwerp";"2022";"2023"\n'
            '"Groningen (gemeente)";"Totale bevolking (aantal)";"234950";"238147"\n'
            '"Groningen (gemeente)";"Mate van stedelijkheid (code)";"1";"1"\n'
            '"Ermelo";"Totale bevolking (aantal)";"27400";"x"\n')
    path = _write(tmp_path / "kerncijfers_breed.csv", text, bom=True)
    with pytest.raises(ImportFileError, match="alleen namen"):
        read_kerncijfers(path)
    areas = pd.DataFrame({"code": ["GM0014", "GM0233"], "name": ["Groningen", "Ermelo"]})
    frame, report = read_kerncijfers(path, areas=areas)
    got = frame.set_index(["code", "year"])
    assert got.loc[("GM0014", 2023), "population"] == 238_147 and got.loc[("GM0014", 2022), "stedelijkheid"] == 1
    assert got.loc[("GM0233", 2022), "population"] == 27_400
    assert [(r.column, r.reason) for r in report.rejections] == [("2023", "geen cijfer ('x': geheim)")]
    assert report.rows_read == report.rows_kept + report.rows_rejected


@pytest.mark.skipif(not (SHARED / "ermelo").exists(), reason="../shared/data not here")
def test_a_buurt_layer_is_no_gemeente_layer():
    with pytest.raises(ImportFileError, match="heeft buurt; de kerncijfers vragen de gemeentelaag"):
        read_kerncijfers(SHARED / "ermelo" / "ermelo_GM0233_buurten_2021_pdok.gpkg")


def test_survey_long_with_labels_keeps_the_margins_of_the_file():
    areas = pd.DataFrame({"code": ["GM0014", "GM0034"], "name": ["Groningen", "Almere"]})
    frame, report = read_survey(FILES["vm_gemeenten"], areas=areas)
    raw = pd.read_csv(FILES["vm_gemeenten"], sep=";", dtype=str)
    col = "Onveiligheidsgevoelens/Voelt zich wel eens onveilig in de buurt (%)"
    g = raw[(raw["Regio's"] == "Groningen (gemeente)") & (raw["Perioden"] == "2023")].set_index("Marges")[col]
    row = frame[(frame["code"] == "GM0014") & (frame["year"] == 2023)
                & (frame["indicator"] == "Voelt zich wel eens onveilig in de buurt (%)")].iloc[0]
    assert (row["value"], row["lower"], row["upper"]) == (
        float(g["Waarde"].replace(",", ".")), float(g["Ondergrens 95%-betrouwbaarheidsinterval"].replace(",", ".")),
        float(g["Bovengrens 95%-betrouwbaarheidsinterval"].replace(",", ".")))
    assert row["unit"] == "%" and row["theme"] == "Onveiligheidsgevoelens" and row["level"] == "gemeente"
    assert report.rows_read == report.rows_kept + report.rows_rejected
    assert {r.reason for r in report.rejections} == {"geen cijfer ('.': onbekend of geheim)"}
    assert len(report.unmatched) == 340  # only two gemeenten given to join to: the rest said, not guessed


def test_survey_wide_per_wijk():
    import geopandas as gpd

    from resources import demo

    wijken = gpd.read_file(demo.AREAS, layer=demo.WIJKEN_LAYER)
    frame, report = read_survey(FILES["vm_wijken"], areas=wijken)
    assert set(frame["level"]) == {"wijk"} and frame["code"].nunique() == 15
    assert sorted(frame["year"].unique()) == [2015, 2017]
    assert (frame["lower"] <= frame["value"]).all() and (frame["value"] <= frame["upper"]).all()
    assert "Brede tabel" in " ".join(report.assumptions)


def test_survey_typed_with_person_groups_and_codes(tmp_path):
    text = ('"ID";"Persoonskenmerken";"Marges";"RegioS";"Perioden";"VoeltZichWelEensOnveilig_1";"Rapportcijfer_2"\n'
            '0;"T009002";"MW00000";"GM0014    ";"2023JJ00";"   31.5";"  7.1"\n'
            '1;"T009002";"MOG0095";"GM0014    ";"2023JJ00";"   29.0";"  7.0"\n'
            '2;"T009002";"MBG0095";"GM0014    ";"2023JJ00";"   34.0";"  7.2"\n'
            '3;"3000";"MW00000";"GM0014    ";"2023JJ00";"   28.0";"  7.3"\n'
            '4;"T009002";"MW00000";"WK001400  ";"2023JJ00";"   40.0";"       ."\n')
    frame, report = read_survey(_write(tmp_path / "vm_typed.csv", text))
    assert report.rows_read == report.rows_kept + report.rows_rejected
    assert [r.reason for r in report.rejections] == ["alleen 'Totaal personen' wordt gebruikt",
                                                     "geen cijfer ('.': onbekend of geheim)"]
    g = frame.set_index(["code", "indicator"])
    assert tuple(g.loc[("GM0014", "Voelt zich wel eens onveilig"), ["value", "lower", "upper"]]) == (31.5, 29.0, 34.0)
    assert g.loc[("WK001400", "Voelt zich wel eens onveilig"), "level"] == "wijk"
    assert np.isnan(g.loc[("WK001400", "Voelt zich wel eens onveilig"), "lower"])  # no margin: kept, unknown
    assert any("zonder marge" in w for w in report.warnings)


def test_survey_one_indicator_per_line_with_a_half_width(tmp_path):
    text = ("Gebied;Jaar;Indicator;Waarde;Marge\n"
            "GM0233;2021;Ervaart veel overlast in de buurt (%);12,4;2,1\n"
            "GM0233;2023;Ervaart veel overlast in de buurt (%);14,0;2,3\n")
    frame, _ = read_survey(_write(tmp_path / "databank.csv", text))
    assert frame[["value", "lower", "upper"]].round(6).values.tolist() == [[12.4, 10.3, 14.5], [14.0, 11.7, 16.3]]


def test_counts_per_year_of_a_label_export_by_month(tmp_path):
    """A police label export (names, months) joined to the gemeenten by name and added up per year."""
    text = ('"Soort misdrijf";"Regio\'s";"Perioden";"Geregistreerde misdrijven (aantal)"\n'
            '"1.2.3 Diefstal van brom-, snor-, fietsen";"Groningen";"2024 januari";"    410"\n'
            '"1.2.3 Diefstal van brom-, snor-, fietsen";"Groningen";"2024 februari";"    388"\n'
            '"1.2.3 Diefstal van brom-, snor-, fietsen";"Ermelo";"2024 januari";"     12"\n'
            '"1.2.3 Diefstal van brom-, snor-, fietsen";"Ermelo";"2024 februari";"      9"\n')
    path = _write(tmp_path / "politie_labels.csv", text, bom=True)
    areas = pd.DataFrame({"code": ["GM0014", "GM0233"], "name": ["Groningen", "Ermelo"]})
    counts, _ = importers.read_counts(path, areas=areas)
    per_year = counts_per_year(counts)
    assert per_year[["code", "year", "count", "first_month", "last_month"]].values.tolist() == [
        ["GM0014", 2024, 798, 1, 2], ["GM0233", 2024, 21, 1, 2]]
    assert per_year["category_label"].tolist() == ["Diefstal van brom-, snor-, fietsen"] * 2


def test_the_reference_set_from_the_generated_files(tmp_path):
    ref, notes = build_reference(police=[FILES["politie"]], kerncijfers=[FILES["gemeenten"], FILES["kerncijfers"]],
                                 survey=[FILES["vm_gemeenten"]])
    assert len(ref.gemeenten) == 342 and ref.years() == list(range(2014, 2024))
    assert ref.gemeenten.set_index("code").at["GM0014", "population"] == 243_750
    # Groningen's neighbours in 2024, from the borders
    assert sorted(ref.neighbours.loc[ref.neighbours["code"] == "GM0014", "neighbour"]) == [
        "GM1699", "GM1730", "GM1952", "GM1966", "GM1969", "GM1979"]
    assert set(ref.counts["code"]) == set(ref.gemeenten["code"]) | {"NL01"}
    assert ref.survey["code"].notna().all() and ref.survey["code"].nunique() == 342
    assert {s["soort"] for s in ref.sources} == {"kerncijfers", "politie", "veiligheidsmonitor"}
    assert all(len(s["sha256"]) == 64 and s["bestandsdatum"] for s in ref.sources)
    path = save(ref, tmp_path / "ref" / "referentieset.sqlite")
    again = load(path)
    pd.testing.assert_frame_equal(again.counts, ref.counts)
    pd.testing.assert_frame_equal(again.population, ref.population)
    pd.testing.assert_frame_equal(again.survey, ref.survey, check_dtype=False)
    assert again.made == ref.made and again.describe() == ref.describe()
    assert again.describe().startswith("Referentieset van ")
    assert os.listdir(path.parent) == ["referentieset.sqlite"]  # no temporary file left
    table = population_table(again, [2023, 2025])
    assert table.attrs["filled"] == {2025: 2024}


def test_an_update_replaces_the_police_figures_and_adds_survey_tables(tmp_path):
    ref, _ = build_reference(police=[FILES["politie"]], kerncijfers=[FILES["kerncijfers"]])
    assert ref.neighbours.empty and ref.survey.empty
    more, notes = build_reference(survey=[FILES["vm_gemeenten"]], existing=ref)
    assert len(more.counts) == len(ref.counts) and len(more.survey) > 5000
    assert [s["soort"] for s in more.sources] == ["kerncijfers", "politie", "veiligheidsmonitor"]


def test_the_reference_set_in_the_users_folder_and_damaged_files(tmp_path, monkeypatch):
    monkeypatch.setenv("WIJKBEELD_DATA_DIR", str(tmp_path / "data"))
    assert default_path() == tmp_path / "data" / "referentie" / "referentieset.sqlite"
    with pytest.raises(ImportFileError, match="nog geen referentieset"):
        load()
    save(ReferenceSet(made="2025-02-01T09:00:00"))
    assert load().made_text() == "01-02-2025"
    bad = tmp_path / "kapot.sqlite"
    bad.write_bytes(b"geen sqlite")
    with pytest.raises(ImportFileError, match="geen leesbare referentieset"):
        load(bad)
    newer = tmp_path / "nieuw.sqlite"
    save(ReferenceSet(), newer)
    with sqlite3.connect(newer) as con:
        con.execute("UPDATE wijkbeeld_referentie SET value = '99' WHERE key = 'version'")
    with pytest.raises(ImportFileError, match="nieuwere Wijkbeeld"):
        load(newer)
