"""Personal data: recognise columns that identify people or addresses, from their header and their values.

Wijkbeeld minimises data on import: such columns are dropped from the
Incidents frame and named in the ImportReport, so they can never reach an
export. Recognised are names of people, BSN (with the 11-test), phone numbers,
e-mail addresses, street names and house numbers, and 6-character postcodes
(``9715PZ``; the 4-digit postcode of a whole area is not personal): from the
header, from whole values whatever the header, and inside free text (a column
'opmerking' in which some remarks hold a phone number or an address).

>>> personal_columns(pd.DataFrame({"Pleegstraatnaam": ["Surinamestraat"], "Pleegwijk": ["Wijk 03"],
...                                 "contact": ["j.jansen@example.nl"]}))
{'Pleegstraatnaam': 'straatnaam', 'contact': 'e-mailadres'}
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from importers.detect import normalise_header

#: Header fragments (normalised) and what they hold. Checked as substrings, so 'pleegstraatnaam' matches.
HEADER_FRAGMENTS: tuple[tuple[str, str], ...] = (
    ("bsn", "BSN"), ("burgerservicenummer", "BSN"), ("sofinummer", "BSN"),
    ("email", "e-mailadres"), ("mailadres", "e-mailadres"),
    ("telefoon", "telefoonnummer"), ("phone", "telefoonnummer"), ("mobiel", "telefoonnummer"),
    ("gsm", "telefoonnummer"), ("telnr", "telefoonnummer"),
    ("huisnummer", "huisnummer"), ("housenumber", "huisnummer"), ("huisnr", "huisnummer"),
    ("straat", "straatnaam"), ("street", "straatnaam"), ("adres", "adres"), ("address", "adres"),
    ("postcode", "postcode"), ("zipcode", "postcode"), ("postalcode", "postcode"),
    ("voornaam", "naam van een persoon"), ("achternaam", "naam van een persoon"),
    ("tussenvoegsel", "naam van een persoon"), ("voorletters", "naam van een persoon"),
    ("geslachtsnaam", "naam van een persoon"), ("firstname", "naam van een persoon"),
    ("lastname", "naam van een persoon"), ("surname", "naam van een persoon"),
    ("fullname", "naam van een persoon"), ("geboortedatum", "geboortedatum"), ("birth", "geboortedatum"),
    ("kenteken", "kenteken"),
)
#: Exact headers that name a person (a bare 'naam' in an incident file is a person, not an area).
PERSON_HEADERS = {"naam", "name", "melder", "naammelder", "aangever", "naamaangever", "verdachte",
                  "naamverdachte", "slachtoffer", "naamslachtoffer", "betrokkene", "persoon",
                  "contactpersoon", "behandelaar", "naambehandelaar"}
#: Words that make a header about an area or a thing, not about a person or an address.
NOT_PERSONAL = ("buurt", "wijk", "gemeente", "plaats", "stad", "provincie", "regio", "gebied", "object",
                "soort", "categorie", "type", "bestand", "pc4", "postcode4")

EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
PHONE = re.compile(r"^(\+31|0031|0)[\s-]?[1-9]([\s-]?\d){8}$")
POSTCODE6 = re.compile(r"^[1-9]\d{3}\s?[A-Za-z]{2}$")
#: A street and a house number (which never starts with 0: 'melding via 0900-8844' is no address).
STREET_NUMBER = re.compile(r"^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ.'\- ]{2,}\s[1-9]\d{0,4}(\s?[A-Za-z]{1,2})?(\s?-?\s?\d{1,4})?$")
SAMPLE = 500
#: Share of the filled values that must *be* an e-mail address, phone number, ... for the column to hold them.
FULL_SHARE = 0.5
#: Share of the filled values that must *contain* one (free text such as 'opmerking'), and at least
#: :data:`MIN_HITS` of them: a few phone numbers in remarks are personal data all the same.
EMBEDDED_SHARE = 0.02
MIN_HITS = 2
#: Patterns inside free text (stricter than the whole-value ones: word boundaries, capitals in a postcode).
EMBEDDED: tuple[tuple[str, re.Pattern], ...] = (
    ("e-mailadres", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")),
    ("telefoonnummer", re.compile(r"(?<![\w+])(?:\+31|0031|0)[\s-]?[1-9](?:[\s-]?\d){8}(?!\d)")),
    ("postcode", re.compile(r"(?<![\w/:.,-])[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}(?!\w)")),
    ("adres (straat en huisnummer)",
     re.compile(r"(?:\b[A-Z][a-zà-ÿ'-]*(?:straat|weg|laan|plein|gracht|kade|singel|dijk|pad|hof|steeg|dreef|"
                r"markt|ring|park|boulevard|allee|wal|diep|haven|heerd|holm|kanaal|plaats|zoom|erf|plantsoen|"
                r"dwinger|oord|boog|baan)|\b(?:Grote|Kleine|Oude|Nieuwe|Gedempte|Hoge|Lage|Korte|Lange) [A-Z][a-zà-ÿ]+)"
                r"\s[1-9]\d{0,4}(?:\s?[a-zA-Z])?\b")),
)
NINE_DIGITS = re.compile(r"(?<![\d.,-])\d{9}(?![\d.,-])")


def _by_header(column: str) -> str | None:
    n = normalise_header(column)
    if n in PERSON_HEADERS:
        return "naam van een persoon"
    for fragment, what in HEADER_FRAGMENTS:
        if fragment in n:
            if _about_area(n) and what in ("naam van een persoon", "postcode"):
                return None
            return what
    return None


def _about_area(column: str) -> bool:
    """A header about an area or a thing (its normalised form contains a word of :data:`NOT_PERSONAL`)."""
    return any(word in normalise_header(column) for word in NOT_PERSONAL)


def _elfproef(digits: pd.Series) -> pd.Series:
    """The BSN 11-test: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is divisible by 11 (and not 0)."""
    arr = np.array([[int(ch) for ch in s] for s in digits], dtype=int) if len(digits) else np.zeros((0, 9), int)
    weights = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1])
    total = arr @ weights if len(arr) else np.zeros(0, int)
    return pd.Series((total % 11 == 0) & (total != 0), index=digits.index)


def _by_values(values: pd.Series) -> str | None:
    """What a column holds, judged from a sample of its filled values.

    First whole values (at least :data:`FULL_SHARE` of them must be an e-mail address, a phone
    number, a 6-character postcode, a BSN passing the 11-test, or a street with a house number);
    then free text (at least :data:`EMBEDDED_SHARE` of the values, and :data:`MIN_HITS`, must
    contain one), so a remark 'melder bereikbaar op 06-12345678' is caught whatever the header.
    Integers of 8 digits are read as a BSN that lost its leading zero.
    """
    is_int = pd.api.types.is_integer_dtype(values)
    text = values.dropna().astype(str).str.strip()
    text = text[text != ""]
    if len(text) < 1:
        return None
    if len(text) > SAMPLE:
        text = text.sample(SAMPLE, random_state=0)
    if is_int:
        text = text.where(text.str.len() != 8, text.str.zfill(9))
    need = max(1, int(np.ceil(FULL_SHARE * len(text))))
    if text.str.match(EMAIL).sum() >= need:
        return "e-mailadres"
    if not is_int and text.str.match(PHONE).sum() >= need:
        return "telefoonnummer"
    if text.str.match(POSTCODE6).sum() >= need:
        return "postcode"
    nine = text[text.str.fullmatch(r"\d{9}")]
    if len(nine) >= need and _elfproef(nine).sum() >= need:
        return "BSN"
    if is_int:
        return None
    if text.str.match(STREET_NUMBER).sum() >= need:
        return "adres (straat en huisnummer)"
    return _in_text(text)


def _in_text(text: pd.Series) -> str | None:
    """Personal data inside free text: the most frequent kind found in enough values, else None."""
    need = max(MIN_HITS, int(np.ceil(EMBEDDED_SHARE * len(text))))
    hits = {what: int(text.str.contains(pattern).sum()) for what, pattern in EMBEDDED}
    if text.str.contains(NINE_DIGITS).any():  # a value counts when one of its 9-digit numbers passes the 11-test
        tokens = text.str.extractall(f"({NINE_DIGITS.pattern})")[0]
        passed = _elfproef(pd.Series(tokens.to_numpy(), dtype=str)).to_numpy()
        hits["BSN"] = len(set(tokens.index.get_level_values(0)[passed]))
    what, n = max(hits.items(), key=lambda t: t[1])
    return f"{what} in vrije tekst" if n >= need else None


def _is_pc4(values: pd.Series) -> bool:
    text = values.dropna().astype(str).str.strip()
    return len(text) > 0 and bool(text.str.fullmatch(r"[1-9]\d{3}").all())


def personal_columns(frame: pd.DataFrame, *, skip=()) -> dict[str, str]:
    """Columns of ``frame`` that hold personal data, with what they hold (Dutch).

    ``skip`` lists columns never to flag (the coordinate and date columns chosen for the analysis).
    """
    found: dict[str, str] = {}
    for col in frame.columns:
        if col in skip:
            continue
        what = _by_header(str(col))
        if what == "postcode" and _is_pc4(frame[col].head(2000)):
            what = None  # 4-digit postcodes name an area, not an address
        if what is None and not _about_area(str(col)) and not pd.api.types.is_float_dtype(frame[col]) \
                and not pd.api.types.is_datetime64_any_dtype(frame[col]):
            what = _by_values(frame[col].head(20_000))
        if what is not None:
            found[str(col)] = what
    return found
