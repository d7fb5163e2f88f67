"""Personal data recognised from headers and from values; area names and 4-digit postcodes are not personal."""
from __future__ import annotations

import pandas as pd
import pytest

from importers.privacy import personal_columns


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
