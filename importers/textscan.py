"""Personal data inside text (e-mail, phone, BSN, postcode, address, names), in time linear in the text.

A remark such as "melder J. de Vries, 06-12345678, Kerkstraat 12" holds four kinds of personal
data; this module finds them in any text, however long. Every pattern is built so that a match
attempt costs a bounded number of steps: it starts only at the beginning of a run (a lookbehind
fails at once inside one), its repetitions are bounded ({1,64}) or possessive, and word endings are
checked with fixed-width lookbehinds instead of backtracking. A 10 MB field is scanned in about a
second (tests/test_textscan.py times each pattern on hostile fills), where the earlier e-mail pattern
took 73 s for 100 KB.

Names of people are recognised in three common Dutch patterns:

- initials and a surname: ``J. de Vries``, ``A.B. Jansen``, ``J.P. van der Berg-Smit``;
- a title or form of address: ``dhr. Jansen``, ``mevr. El Amrani``, ``de heer P. Bakker``, ``mw de Wit``;
- a common first name (:data:`importers.firstnames.FIRST_NAMES`) and a capitalised word: ``Jan Jansen``,
  ``Fatima el Amrani``.

Place names made of a person's name (``Willem Barentszstraat``, ``Frederik Hendrikbuurt``, ``Dr. Nassaulaan``)
and abbreviations (``A.P.V. Overtreding``, ``N.B. Let op``) are not names of people.

>>> sorted(kinds_in("melder J. de Vries, 06-12345678, j@x.nl, Kerkstraat 12, 9711 AB"))
['adres (straat en huisnummer)', 'e-mailadres', 'naam van een persoon', 'postcode', 'telefoonnummer']
>>> kinds_in("Overlast jeugd bij de Willem Barentszstraat, A.P.V. Overtreding")
set()
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from importers.firstnames import FIRST_NAMES

EMAIL = "e-mailadres"
PHONE = "telefoonnummer"
POSTCODE = "postcode"
BSN = "BSN"
ADDRESS = "adres (straat en huisnummer)"
NAME = "naam van een persoon"
#: The kinds, in the order a report names the most telling first.
KINDS = (NAME, EMAIL, PHONE, ADDRESS, POSTCODE, BSN)

_LOWER = "a-zà-öø-ÿ"
#: Endings of street names: "Kerkstraat 12" is an address; a first name before such a word is a street
#: named after a person ("Willem Barentszstraat"), not the person.
ADDRESS_ENDINGS = ("straat", "weg", "laan", "plein", "gracht", "kade", "singel", "dijk", "pad", "steeg", "dreef",
                   "markt", "ring", "park", "boulevard", "allee", "wal", "diep", "haven", "heerd", "holm", "kanaal",
                   "plaats", "zoom", "erf", "plantsoen", "dwinger", "oord", "boog", "baan", "straatje", "pleintje")
#: Endings of other place names with a person's name in them ("Frederik Hendrikbuurt"). Endings that are
#: also common in surnames (-burg, -berg, -veld, -dorp, -bos, -hof, -land: Kloppenburg, Westerveld) are not here.
PLACE_ENDINGS = ADDRESS_ENDINGS + ("buurt", "wijk", "kerk", "school", "station", "centrum", "stadion", "kwartier",
                                   "stad", "brug", "poort")
_ENDS_ADDRESS = "(?:" + "|".join(f"(?<={e})" for e in ADDRESS_ENDINGS) + ")"
_PREFIX_STREETS = "Grote|Kleine|Oude|Nieuwe|Gedempte|Hoge|Lage|Korte|Lange|Achter|Voor"
#: Name particles (tussenvoegsels) between first name or initials and surname.
PARTICLES = ("van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "op", "in", "aan", "uit", "von", "el",
             "al", "da", "dos", "du", "le", "la", "d'", "van't")
_PARTICLE = "(?:" + "|".join(re.escape(p) for p in PARTICLES) + ")"
_CAPWORD = f"[A-Z][{_LOWER}'-]{{1,40}}+"

# Every pattern starts with a literal or a character set and checks the character before it with a
# lookbehind of width 2 *after* that first character: so the regex engine skips in C to the next
# character that can start a match, instead of trying every position (a lookbehind first defeats that).
_AFTER_PREFIX = "(?:" + "|".join(f"(?<={w})" for w in _PREFIX_STREETS.split("|")) + ")"  # "Grote Markt 1"
PATTERNS: dict[str, re.Pattern] = {
    EMAIL: re.compile(r"@(?<=[\w.+-]@)[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![\w-])"),
    # 06-12345678, 050 367 1234, +31 6 12345678, 0031 50 3671234; never a date such as 01-03-2016 10:00
    PHONE: re.compile(r"[+0](?<![\w+].)(?:(?<=\+)31|(?<=0)031|(?<=0)(?!\d?[-/.]\d{1,2}[-/.]\d{2,4}))"
                      r"[ -]?(?:\(0\))?[ -]?[1-9](?:[ -]?\d){8}(?!\d)"),
    # 9711 AB (capitals in text; SA, SD and SS are never used; KM, KG, OM ... are units and abbreviations)
    POSTCODE: re.compile(r"[1-9](?<![\w/:.,-].)\d{3} ?(?!SA|SD|SS|KM|KG|CM|MM|OM|PV|EU|NL)[A-Z]{2}(?!\w)"),
    ADDRESS: re.compile(rf"[A-Z](?<![\w'-].)[{_LOWER}'-]{{2,40}}+(?:{_ENDS_ADDRESS}|{_AFTER_PREFIX} [A-Z][{_LOWER}]{{1,40}}+)"
                        r" [1-9]\d{0,4}(?: ?[a-zA-Z])?(?![\w])"),
}
_DIGIT = re.compile(r"\d")
_CAPITAL = re.compile(r"[A-Z]")
#: A mobile number that lost its leading 0 (a spreadsheet read it as a number), as a whole value.
BARE_MOBILE = re.compile(r"\s*(?:\+?31)?6\d{8}(?:\.0)?\s*")
#: Nine digits on their own (a BSN when it passes the 11-test).
NINE_DIGITS = re.compile(r"\d(?<![\d.,/-].)\d{8}(?![\d.,/-])")
#: Phone numbers, postcodes, addresses and nine digits at once, for short values (the alternation cannot skip
#: ahead in C as each pattern alone does, which a long text would feel; but it is one call instead of four).
_DIGIT_KINDS = re.compile("|".join(f"(?:{PATTERNS[k].pattern})" for k in (PHONE, POSTCODE, ADDRESS))
                          + f"|(?:{NINE_DIGITS.pattern})")
#: A word that says the number after it is a BSN.
BSN_CUE = re.compile(r"[bBsS](?<![A-Za-z].)(?:(?<=[bB])[sS][nN]|(?<=[bB])urgerservicenummer|(?<=[sS])ofi(?:nummer)?)"
                     r"(?![a-z])")

# -- names -----------------------------------------------------------------------------------------
#: A capitalised word and what follows it (up to three more words), read without consuming them.
_NAME_CANDIDATE = re.compile(
    rf"([A-Z](?<![\w.'-].)[{_LOWER}]{{1,20}}+)(?=((?:[ ]{{1,3}}(?:{_PARTICLE}[ ]{{1,3}}){{0,3}}{_CAPWORD}){{1,3}}))")
_INITIALS = re.compile(rf"([A-Z](?<![\w.].)\.[ ]?(?:[A-Z]\.[ ]?){{0,3}}+)[ ]{{0,3}}((?:{_PARTICLE}[ ]{{1,3}}){{0,3}})({_CAPWORD})")
_TITLE_WORDS = (r"dhr|Dhr|DHR|mevr|Mevr|MEVR|mvr|Mvr|mw|Mw|mej|Mej|hr\.|Hr\.|mr\.|Mr\.|dr\.|Dr\.|drs\.|Drs\."
                r"|ir\.|Ir\.|ing\.|Ing\.|de heer|De heer|mevrouw|Mevrouw|meneer|Meneer")
_TITLES = re.compile(  # the character before a title is checked in _names_from_titles
    rf"(?:{_TITLE_WORDS})\.?[ ]{{1,3}}"
    rf"((?:[A-Z]\.[ ]?){{0,4}}+)[ ]{{0,3}}((?:{_PARTICLE}[ ]{{1,3}}){{0,3}})({_CAPWORD})")
#: What every name in the three patterns contains (initials, a capitalised word and a space, a title):
#: values without it are not read further.
_NAME_HINT = re.compile(rf"[A-Z]\.|[A-Z][{_LOWER}]+[ ]|{_TITLE_WORDS}")
#: Abbreviations written as initials.
ABBREVIATIONS = {"N.B.", "A.P.V.", "B.O.A.", "E.H.B.O.", "W.V.W.", "B.V.", "N.V.", "V.O.F.", "K.V.K.", "O.M.",
                 "P.V.", "G.G.D.", "B.S.N.", "A.U.B.", "I.V.M.", "W.C.", "C.V.", "T.V.", "P.C.", "O.V.", "I.P.V.",
                 "Z.S.M.", "F.C.", "P.S.", "S.V.P.", "D.W.Z.", "O.A.", "E.D.", "E.A.", "N.A.V.", "T.A.V.", "V.V.",
                 "S.V.", "H.C.", "R.K.", "A.D.", "B.B.", "M.B.T.", "T.B.V.", "V.M.", "N.M.", "U.S.", "E.U."}
#: Capitalised words that are no surname after initials or a first name (sentence words, directions).
NOT_SURNAMES = {"De", "Het", "Een", "En", "Of", "Bij", "Op", "In", "Te", "Met", "Voor", "Na", "Naar", "Van", "Aan",
                "Om", "Tot", "Uit", "Via", "Is", "Was", "Zie", "Let", "Geen", "Wel", "Niet", "Ook", "Dit", "Dat",
                "Die", "Deze", "Er", "Hier", "Daar", "Noord", "Oost", "Zuid", "West", "Centrum", "Stad", "Straat",
                "Weg", "Overlast", "Melding", "Meldingen", "Diefstal", "Inbraak", "Vernieling", "Afval", "Openbare",
                "Overtreding", "Controle", "Handhaving", "Verkeer", "Parkeren", "Jeugd", "Geluid", "Drugs",
                "Alcohol", "Groen", "Water", "Wegen", "Verlichting", "Dieren", "Graffiti", "Zwerfafval", "Grofvuil",
                # words of category lists that are numbered with letters ("A. Afval", "E. Speelplaatsen")
                "Speelplaatsen", "Riolering", "Schoon", "Overig", "Overige", "Evenement", "Evenementen", "Bomen",
                "Straatmeubilair", "Container", "Containers", "Ongedierte", "Gladheid", "Bestrating", "Openbaar",
                "Veiligheid", "Leefbaarheid", "Milieu", "Horeca", "Bedrijven", "Personen", "Wonen", "Woning",
                "Fiets", "Fietsen", "Auto", "Autos", "Scooter", "Brand", "Vuurwerk", "Ratten", "Honden",
                "Hondenpoep", "Stank", "Rook", "Drugsoverlast", "Jongeren", "Buren", "Burenruzie", "Bewoners",
                "Algemeen", "Diversen", "Onbekend", "Prioriteit", "Categorie", "Soort", "Type", "Klacht", "Klachten"}
#: Place names made of a first name and a word (no people).
PLACE_NAMES = {("Anna", "Paulowna"), ("Sint", "Jan"), ("Willem", "Alexander"), ("Maria", "Hoop")}


def _is_place(word: str) -> bool:
    """A word ending as a street or place (but not the ending alone: "van der Laan", "Van Wijk" are people)."""
    lower = word.lower()
    return any(lower.endswith(e) and len(lower) > len(e) + 1 for e in PLACE_ENDINGS)


_NEXT_WORDS = re.compile(r"(?:[ ]{1,3}[\w'-]{1,40}+){0,3}")


def _surname_ok(particles: str, surname: str, text: str = "", end: int = 0) -> bool:
    """A surname after initials, a title or a first name: not a sentence word, not a place, and not
    the start of a place name ("C. Hofstede de Grootkade": a word ending as a street follows)."""
    if surname in NOT_SURNAMES and not particles.strip():
        return False
    if _is_place(surname):
        return False
    following = _NEXT_WORDS.match(text, end).group(0).split() if text else []
    return not any(_is_place(w) for w in following)


def _names_from_first(text: str) -> bool:
    for m in _NAME_CANDIDATE.finditer(text):
        first, rest = m.groups()
        if first not in FIRST_NAMES:
            continue
        words = rest.split()
        capitals = [w for w in words if w[:1].isupper()]
        if not capitals or any(_is_place(w) for w in capitals) or (first, capitals[0]) in PLACE_NAMES:
            continue
        particles = " ".join(w for w in words[:words.index(capitals[0])])
        if _surname_ok(particles, capitals[0], text, m.end(2)):
            return True
    return False


def _names_from_initials(text: str) -> bool:
    for m in _INITIALS.finditer(text):
        initials, particles, surname = m.group(1), m.group(2), m.group(3)
        if initials.replace(" ", "") in ABBREVIATIONS:
            continue
        if _surname_ok(particles, surname, text, m.end()):
            return True
    return False


def _names_from_titles(text: str) -> bool:
    return any(_surname_ok(m.group(2), m.group(3), text, m.end()) for m in _TITLES.finditer(text)
               if not (m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "._")))


def has_name(text: str) -> bool:
    """Whether ``text`` names a person in one of the three patterns (see the module's docstring).

    >>> has_name("aangifte door dhr. Bakker"), has_name("Fatima el Amrani belde"), has_name("Diefstal Fiets")
    (True, True, False)
    """
    return _names_from_titles(text) or _names_from_initials(text) or _names_from_first(text)


def elfproef(digits: str) -> bool:
    """The BSN 11-test: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is divisible by 11 (and not 0).

    >>> elfproef("111222333"), elfproef("123456789")
    (True, False)
    """
    total = sum(w * int(d) for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2, -1), digits))
    return total % 11 == 0 and total != 0


def bsn_in(text: str) -> tuple[int, int]:
    """(nine-digit numbers, of which pass the 11-test) in ``text``."""
    tokens = NINE_DIGITS.findall(text)
    return len(tokens), sum(elfproef(t) for t in tokens)


def kinds_in(text: str) -> set[str]:
    """Every kind of personal data in one text (a BSN only with the word 'bsn' near, see :func:`hits`)."""
    found = set()
    if "@" in text and PATTERNS[EMAIL].search(text):
        found.add(EMAIL)
    if _DIGIT.search(text):
        found.update(kind for kind in (PHONE, POSTCODE, ADDRESS) if PATTERNS[kind].search(text))
        if BSN_CUE.search(text) and bsn_in(text)[1]:
            found.add(BSN)
    if _CAPITAL.search(text) and has_name(text):
        found.add(NAME)
    return found


def is_personal(value) -> bool:
    """Whether one value (a rejected cell, say) holds personal data: any kind, or a BSN by its 11-test alone."""
    if value is None or (isinstance(value, float) and value != value):
        return False
    text = str(value)
    return bool(kinds_in(text)) or bsn_in(text)[1] > 0 or BARE_MOBILE.fullmatch(text) is not None


def _where(pattern: re.Pattern, texts: list[str], among: np.ndarray | None = None) -> np.ndarray:
    """Which of ``texts`` (only those in ``among``, when given) ``pattern`` finds something in."""
    out = np.zeros(len(texts), dtype=bool)
    idx = range(len(texts)) if among is None else np.flatnonzero(among).tolist()
    search = pattern.search
    hit = [i for i in idx if search(texts[i]) is not None]
    out[hit] = True
    return out


def hits(values: pd.Series) -> dict[str, np.ndarray]:
    """For each kind, which of ``values`` (text, no missing values) hold it: boolean arrays.

    A nine-digit number counts as a BSN when it passes the 11-test and either the word 'bsn' is
    near or most nine-digit numbers in ``values`` pass (a column of case numbers passes one in
    eleven; planted BSNs all pass). Cheap tests first (a space, an '@', lower case, a digit, nine
    digits), so that a column of 200,000 codes such as ``PL0100_3606792`` costs a few passes.
    """
    texts = [str(v) for v in values]
    n = len(texts)
    out: dict[str, np.ndarray] = {kind: np.zeros(n, dtype=bool) for kind in KINDS}
    if not n:
        return out
    # a code ("PL0100_BVH_3606792": no space, no '@', no lower case) can hold a phone number, a postcode or
    # a BSN, but no name, address or e-mail address: the cheap string tests first
    words = np.fromiter((" " in t or "@" in t or t.upper() != t for t in texts), dtype=bool, count=n)
    with_at = np.fromiter(("@" in t for t in texts), dtype=bool, count=n)
    if with_at.any():
        out[EMAIL] = _where(PATTERNS[EMAIL], texts, with_at)
    # one search for the four kinds with digits in a short value; each kind only where it found something
    short = np.fromiter((len(t) <= 2000 for t in texts), dtype=bool, count=n)
    with_digit = _where(_DIGIT_KINDS, texts, short) | _where(_DIGIT, texts, ~short)
    if with_digit.any():
        for kind, among in ((PHONE, with_digit), (POSTCODE, with_digit), (ADDRESS, with_digit & words)):
            out[kind] = _where(PATTERNS[kind], texts, among)
        nine = _where(NINE_DIGITS, texts, with_digit)
        if nine.any():
            counts = {i: bsn_in(texts[i]) for i in np.flatnonzero(nine).tolist()}
            tokens, good = sum(t for t, _ in counts.values()), sum(p for _, p in counts.values())
            cue = _where(BSN_CUE, texts, nine)
            mostly = tokens > 0 and good >= 0.5 * tokens
            for i, (_, passed) in counts.items():
                out[BSN][i] = passed > 0 and (mostly or cue[i])
    hint = _where(_NAME_HINT, texts, words)
    if hint.any():
        out[NAME][hint] = [has_name(texts[i]) for i in np.flatnonzero(hint).tolist()]
    return out
