"""Personal data inside text: each kind and each name pattern found, ordinary category texts left alone,
and every pattern in time linear in the length of the text (a 10 MB field in about a second)."""
from __future__ import annotations

import time

import pandas as pd
import pytest

from importers import textscan
from privacy_cases import CATEGORY_TEXTS, PLANTED


@pytest.mark.parametrize("text, kind", PLANTED)
def test_planted_personal_data_is_found(text, kind):
    assert kind in textscan.kinds_in(text)
    assert textscan.hits(pd.Series(["Overlast jeugd", text]))[kind].tolist() == [False, True]
    assert textscan.is_personal(text)


@pytest.mark.parametrize("text", CATEGORY_TEXTS)
def test_category_texts_hold_no_personal_data(text):
    assert textscan.kinds_in(text) == set()
    assert not any(mask.any() for mask in textscan.hits(pd.Series([text])).values())


@pytest.mark.parametrize("text", ["Willem Barentszstraat", "Frederik Hendrikbuurt", "Jan Pieter Heijestraat",
                                  "Dr. C. Hofstede de Grootkade", "B.S.F. Von Suttnerstraat", "P.J. Noël Bakerstraat",
                                  "Anna Paulowna", "Maria Hoop", "Sint Jan"])
def test_places_named_after_people_are_no_people(text):
    assert not textscan.has_name(text)


def test_dates_and_case_numbers_are_no_phone_numbers_or_bsn():
    assert textscan.kinds_in("01-03-2016 10:00, zaak 123456789, PL0100_BVH_2013063774") == set()
    # a nine-digit number is a BSN with the word 'bsn' near it, or when most such numbers pass the 11-test
    assert textscan.kinds_in("zaak 111222333") == set() and textscan.kinds_in("bsn: 111222333") == {"BSN"}
    numbers = pd.Series([f"zaak {n}" for n in range(201600100, 201600122)])  # 2 of 22 pass the 11-test
    assert not textscan.hits(numbers)["BSN"].any()


def test_real_groningen_columns(groningen):
    """Only the street, house number and postcode columns of the real registrations hold anything personal
    (the few street names with a number in them are addresses)."""
    frame = pd.read_excel(groningen / "Diefstal_fiets_Groningen_stad_vanaf_2013.xlsx", engine="calamine")
    flagged = {}
    for col in frame.columns:
        values = frame[col].dropna().astype(str).drop_duplicates()
        found = {kind for kind, mask in textscan.hits(values).items() if mask.any()}
        if found:
            flagged[col] = found
    assert flagged == {"Pleegstraatnaam": {"adres (straat en huisnummer)"}, "Pleegpostcode": {"postcode"}}


#: Fills that make a careless pattern backtrack (runs of one class, near-misses of each pattern).
FILLS = ["a", "A", "1", "0", "A.", "A. ", "a@", "a@b.", "Aa ", "0 ", "06-", "1234 ", "Kerkstraat ", "Grote ", "AB ",
         "A.B. ", "dhr. ", "Jan de ", "1 2 3 ", "é", " ", "12-AB-", "A-", "geb. 1-", "111.222.", "111 ", "J de ",
         "door jan de ", "A ", "Mohammed ", "fam. ", "9711 a", "Kerkstr"]


@pytest.mark.slow
def test_scanning_is_linear_in_the_length_of_the_text():
    """Each fill scanned at 0.25 MB and 2 MB: the time grows with the length, not its square (a ratio, so
    that a loaded machine does not fail it), and 2 MB stays within seconds (the import test reads 10 MB fields)."""
    for fill in FILLS:
        times = []
        for size in (250_000, 2_000_000):
            text = fill * (size // len(fill))
            t = time.perf_counter()
            textscan.kinds_in(text)
            textscan.hits(pd.Series([text]))
            times.append(time.perf_counter() - t)
        assert times[1] < 8 * 3 * max(times[0], 0.02), (fill, times)  # linear: 8x; quadratic would be 64x
        assert times[1] < 10, (fill, times)
