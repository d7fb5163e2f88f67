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


def test_one_hit_is_below_the_threshold_and_numbers_that_fail_the_eleven_test_are_no_bsn():
    values = REMARKS * 25 + ["melder bereikbaar op 06-12345678"]
    assert personal_columns(pd.DataFrame({"opmerking": values})) == {}
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
