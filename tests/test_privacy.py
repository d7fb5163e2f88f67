"""Personal data recognised from headers and from values; area names and 4-digit postcodes are not personal."""
from __future__ import annotations

import pandas as pd
import pytest

from importers.personal import personal_columns


@pytest.mark.parametrize("header", ["Naam", "Voornaam", "Achternaam melder", "BSN", "Burgerservicenummer",
                                    "Telefoonnummer", "E-mail", "Straatnaam", "Huisnummer", "Adres", "Postcode",
                                    "Pleegstraatnaam", "Pleeghuisnummer met toev.", "Pleegpostcode", "Aangever"])
def test_personal_by_header(header):
    frame = pd.DataFrame({header: ["x"]})
    assert header in personal_columns(frame)


@pytest.mark.parametrize("header", ["Pleegwijk", "Pleegbuurt", "Buurtnaam", "Wijknaam", "Gemeentenaam", "Object",
                                    "Incidentsoort", "Pleegplaats", "Categorie", "Temperatuur"])
def test_not_personal_by_header(header):
    frame = pd.DataFrame({header: ["Wijk 03 Korrewegwijk"]})
    assert personal_columns(frame) == {}


@pytest.mark.parametrize("values, what", [
    (["j.jansen@example.nl", "info@gemeente.nl"], "e-mailadres"),
    (["06-12345678", "+31 6 12345678", "050-3671234"], "telefoonnummer"),
    (["9711AB", "9712 CD"], "postcode"),
    (["111222333", "123456782"], "BSN"),  # both pass the 11-test
    (["Kerkstraat 12a", "Dorpsweg 3", "Van Oldenbarneveltlaan 15 A"], "adres (straat en huisnummer)"),
])
def test_personal_by_values(values, what):
    assert personal_columns(pd.DataFrame({"kolom": values})) == {"kolom": what}


def test_numbers_that_fail_the_eleven_test_are_not_bsn():
    assert personal_columns(pd.DataFrame({"kolom": ["123456789", "987654321", "111111112"]})) == {}


def test_four_digit_postcode_is_an_area():
    assert personal_columns(pd.DataFrame({"Postcode": ["9711", "9712"]})) == {}


def test_skip():
    frame = pd.DataFrame({"melder": ["Jan"], "x": [1.0]})
    assert personal_columns(frame, skip={"melder"}) == {}


REMARKS = ["geen bijzonderheden", "fiets stond op slot", "melding via 0900-8844", "camerabeelden opgevraagd"]


@pytest.mark.parametrize("header", ["opmerking", "kolom7", "Toelichting"])
@pytest.mark.parametrize("hidden, what", [
    ("melder bereikbaar op 06-12345678", "telefoonnummer in vrije tekst"),
    ("terugbellen: +31 50 367 1234", "telefoonnummer in vrije tekst"),
    ("mail naar j.jansen@example.nl", "e-mailadres in vrije tekst"),
    ("aangever woont Kerkstraat 12a", "adres (straat en huisnummer) in vrije tekst"),
    ("aangever woont Van Oldenbarneveltlaan 15", "adres (straat en huisnummer) in vrije tekst"),
    ("bsn 111222333 genoteerd", "BSN in vrije tekst"),
    ("pc 9711 AB, achterom", "postcode in vrije tekst"),
])
def test_personal_data_inside_free_text(header, hidden, what):
    """3 of 103 remarks (3%, above the 2% threshold) hold personal data: the column is flagged whatever its header."""
    values = REMARKS * 25 + [hidden] * 3
    assert personal_columns(pd.DataFrame({header: values})) == {header: what}


def test_one_hit_is_enough_and_numbers_that_fail_the_eleven_test_are_no_bsn():
    """Every distinct value is read: one phone number in 1,001 remarks makes the column personal."""
    values = REMARKS * 250 + ["melder bereikbaar op 06-12345678"]
    assert personal_columns(pd.DataFrame({"opmerking": values})) == {"opmerking": "telefoonnummer in vrije tekst"}
    values = REMARKS * 25 + ["zaak 123456789 en 201600123"] * 5  # neither passes the 11-test
    assert personal_columns(pd.DataFrame({"opmerking": values})) == {}


@pytest.mark.parametrize("values", [
    ["15-06-2016 23:31", "6/15/2016 11:31:00 PM", "2016-06-15T23:31:00"],  # dates and times
    ["PL0100_BVH_2013063774", "PL0100_BVH_3606792", "BVH 201600123456"],  # registration numbers
    ["melding via 0900-8844", "112 gebeld", "tel. 0800-1234"],  # service numbers are not personal
    ["Wijk 03 Korrewegwijk", "Openbare Weg/-Water, Weg", "A72", "1.1.1 Diefstal/inbraak woning"],
    ["233456,7", "582000.5", "N 53.2194 E 6.5665"],
])
def test_no_false_positives_in_ordinary_values(values):
    assert personal_columns(pd.DataFrame({"kolom7": values * 40})) == {}


def test_integer_bsn_that_lost_its_leading_zero():
    # 012345672 passes the 11-test; read as a number it is 12345672
    frame = pd.DataFrame({"kolom": [12345672, 111222333, 123456782]})
    assert personal_columns(frame) == {"kolom": "BSN"}
    assert personal_columns(pd.DataFrame({"kolom": list(range(1, 500))})) == {}  # plain ids


def test_groningen_registrations_without_their_headers(groningen):
    """False-positive check on real data: with every header replaced by 'kolomN', only values that are
    personal data are caught (the postcodes), not the ids, categories, areas, dates or counts; and a
    street joined with its house number is caught as an address."""
    frame = pd.read_excel(groningen / "Diefstal_fiets_Groningen_stad_vanaf_2013.xlsx", nrows=3000, engine="calamine")
    blind = frame.copy()
    blind.columns = [f"kolom{i}" for i in range(frame.shape[1])]
    assert personal_columns(blind) == {"kolom6": "postcode"}
    assert frame.columns[6] == "Pleegpostcode"
    address = frame["Pleegstraatnaam"] + " " + frame["Pleeghuisnummer met toev."].astype(str)
    assert personal_columns(pd.DataFrame({"kolom99": address})) == {"kolom99": "adres (straat en huisnummer)"}
    addresses = address.dropna().to_numpy()
    remarks = pd.Series(REMARKS * 750)
    remarks[::25] = "aangifte gedaan, " + addresses[:120]  # 4% of the remarks name the address
    assert personal_columns(pd.DataFrame({"opmerking": remarks})) == {
        "opmerking": "adres (straat en huisnummer) in vrije tekst"}


# -- every distinct value, names, numbers stored as numbers, categories ----------------------------------
from privacy_cases import CATEGORY_TEXTS, PLANTED  # noqa: E402

from importers.personal import category_problem, minimise_report  # noqa: E402


@pytest.mark.parametrize("planted, kind", PLANTED)
def test_one_planted_value_in_a_thousand_rows_is_found(planted, kind):
    """Below the old 2% threshold: one remark in 1,000 with a name (or a phone number ...) is found."""
    values = (CATEGORY_TEXTS * 20)[:999]
    values.insert(500, planted)
    found = personal_columns(pd.DataFrame({"omschrijving": values}))
    assert found and found["omschrijving"].startswith(kind.split(" (")[0]) or kind == "naam van een persoon" \
        and found["omschrijving"] == "naam van een persoon in vrije tekst", found


def test_names_only_column():
    names = ["Jan Jansen", "P. de Vries", "Fatima el Amrani", "dhr. Bakker", "Anouk van Dam", "Kees Smit"] * 5
    assert personal_columns(pd.DataFrame({"kolom3": names})) == {"kolom3": "naam van een persoon"}


@pytest.mark.parametrize("numbers", [
    [612345678, 687654321, 641122334, 655544433],  # mobile numbers that lost their leading 0
    [31612345678, 31687654321, 31641122334],  # with the country code
    [503671234, 207654321, 104433221],  # landlines
])
def test_phone_numbers_stored_as_integers(numbers):
    assert personal_columns(pd.DataFrame({"kolom": numbers})) == {"kolom": "telefoonnummer"}
    # with an empty cell the column is read as floats: still phone numbers
    with_gap = pd.DataFrame({"kolom": [float(n) for n in numbers] + [float("nan")]})
    assert personal_columns(with_gap) == {"kolom": "telefoonnummer"}


def test_consecutive_ids_are_no_phone_numbers():
    assert personal_columns(pd.DataFrame({"kolom": list(range(612345678, 612346678))})) == {}
    assert personal_columns(pd.DataFrame({"kolom": [2.5, 3.0, 612345678.0]})) == {}  # not whole numbers


def test_what_a_category_is():
    assert category_problem(pd.Series(CATEGORY_TEXTS * 3)) is None
    assert category_problem(pd.Series(["Overlast jeugd"] * 50 + ["melder Jan de Vries, Kerkstraat 12"])) \
        == "bevat persoonsgegevens (naam van een persoon in vrije tekst)"
    many = pd.Series([f"soort {i}" for i in range(400)] * 2)
    assert "400 verschillende waarden" in category_problem(many)
    free = pd.Series([f"fiets {i} gestolen bij station" for i in range(150)])
    assert "vrije tekst" in category_problem(free)
    assert "vrije tekst" in category_problem(pd.Series(["Overlast", "x" * 5000]))


def test_the_project_keeps_rejected_values_only_where_they_are_not_personal():
    report = {"personal_data_columns": ["melder"], "rejections": [
        {"row": 2, "column": "x", "value": "abc", "reason": "x-coördinaat is geen getal"},
        {"row": 3, "column": "x", "value": "06-12345678", "reason": "x-coördinaat is geen getal"},
        {"row": 4, "column": None, "value": "1;2;Jan Jansen;extra", "reason": "regel heeft meer velden"},
        {"row": 5, "column": "melder", "value": "iets", "reason": "?"},
        {"row": 6, "column": "datum", "value": "y" * 500, "reason": "datum niet te lezen"}],
        "duplicates": [{"column": "id", "value": "jan@example.nl", "rows": [2, 3]}]}
    out = minimise_report(report)
    assert [r["value"] for r in out["rejections"]] == ["abc", None, None, None, "y" * 100 + "…"]
    assert [(r["row"], r["column"], r["reason"]) for r in out["rejections"]] == \
        [(r["row"], r["column"], r["reason"]) for r in report["rejections"]]
    assert out["duplicates"] == [{"column": "id", "value": None, "rows": [2, 3]}]
