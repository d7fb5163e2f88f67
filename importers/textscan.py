"""Personal data inside text (e-mail, phone, BSN, postcode, address, names, licence plates, birth dates), in time
linear in the text.

A remark such as "melder J. de Vries, 06-12345678, Kerkstraat 12" holds four kinds of personal
data; this module finds them in any text, however long. Every pattern is built so that a match
attempt costs a bounded number of steps: it starts only at the beginning of a run (a lookbehind
fails at once inside one), its repetitions are bounded ({1,64}) or possessive, and word endings are
checked with fixed-width lookbehinds instead of backtracking. A 10 MB field is scanned in about a
second (tests/test_textscan.py times each pattern on hostile fills), where the earlier e-mail pattern
took 73 s for 100 KB.

Names of people are recognised in these Dutch patterns:

- initials and a surname: ``J. de Vries``, ``A.B. Jansen``, ``J.P. van der Berg-Smit``;
- a title, a form of address or a family: ``dhr. Jansen``, ``mevr. El Amrani``, ``de heer P. Bakker``, ``mw de Wit``,
  ``fam. Jansen``, ``familie de Boer``;
- a common first name (:data:`importers.firstnames.FIRST_NAMES`) and a capitalised word: ``Jan Jansen``,
  ``Fatima el Amrani``;
- an initial without its dot, but only with a particle before the surname: ``J de Vries``, ``P van der Berg``
  (not after "U", not with the particles that also join places and sentences: "Fase B in Noord", "A te Groningen");
- a common first name and the initial of the surname: ``Mohammed B.`` (not ``Jan B.V.``);
- in any case, after a word that says a person follows (door, melder, aangever, verdachte, dader, bewoner,
  buurman, buurvrouw): a common first name and a surname, ``overlast door jan de vries``, ``melder: piet jansen``
  (first names that are also words, :data:`FIRST_NAME_WORDS`, and sentence words as surname do not count).

Left alone on purpose: a single capitalised word ("Overlast Jansen": a surname and a category word look alike),
names in lower case without such a cue word ("jan de vries" alone; too many first names are also words), a bare
initial with only a surname ("J Jansen": "Categorie A Overlast" looks the same), and a first name alone ("door
Mohammed"). Place names made of a person's name (``Willem Barentszstraat``, ``Frederik Hendrikbuurt``,
``Dr. Nassaulaan``, ``Robert Scottbuurt-Oost``) and abbreviations (``A.P.V. Overtreding``, ``N.B. Let op``) are not
names of people, and a street without a house number (``Zwerfvuil Kerkstraat``) names a place, not an address.

Licence plates follow the RDW's side codes 1-14 and need their dashes (``12-ABC-3``, ``XX-99-99``): in text only
in capitals; a whole value in any case (:data:`PLATE_WHOLE`). Without dashes no value is a plate: ``GM0363`` or
``BU0363`` have the shape of side code 1. A birth date is a date after ``geb.``, ``geboren (op)`` or
``geboortedatum``; a date alone is an incident's date. A BSN may be written ``123.456.782`` or ``123 456 782``
and passes the 11-test like ``123456782``; a postcode may have lower-case letters (``9711 ab``) unless they are
a word or a unit (``2016 en 2017``, ``1000 kg``).

>>> sorted(kinds_in("melder J. de Vries, 06-12345678, j@x.nl, Kerkstraat 12, 9711 AB"))
['adres (straat en huisnummer)', 'e-mailadres', 'naam van een persoon', 'postcode', 'telefoonnummer']
>>> sorted(kinds_in("fam. Jansen, geb. 01-02-1980, Kerkstr. 12, auto 12-ABC-3"))
['adres (straat en huisnummer)', 'geboortedatum', 'kenteken', 'naam van een persoon']
>>> kinds_in("Overlast jeugd bij de Willem Barentszstraat, A.P.V. Overtreding")
set()
"""
from __future__ import annotations

import re
from bisect import bisect_right

import numpy as np

from importers.firstnames import FIRST_NAMES
from importers.textwords import (ABBREVIATIONS, FIRST_NAME_WORDS, LABEL_WORDS, LOWER_PAIRS, NOT_SURNAMES,
                                  PLACE_NAMES)

EMAIL = "e-mailadres"
PHONE = "telefoonnummer"
POSTCODE = "postcode"
BSN = "BSN"
ADDRESS = "adres (straat en huisnummer)"
NAME = "naam van een persoon"
PLATE = "kenteken"
BIRTH = "geboortedatum"
#: The kinds, in the order a report names the most telling first.
KINDS = (NAME, EMAIL, PHONE, ADDRESS, POSTCODE, BSN, PLATE, BIRTH)

_LOWER = "a-zà-öø-ÿ"
#: Endings of street names: "Kerkstraat 12" is an address; a first name before such a word is a street
#: named after a person ("Willem Barentszstraat"), not the person.
ADDRESS_ENDINGS = ("straat", "weg", "laan", "plein", "gracht", "kade", "singel", "dijk", "pad", "steeg", "dreef",
                   "markt", "ring", "park", "boulevard", "allee", "wal", "diep", "haven", "heerd", "holm", "kanaal",
                   "plaats", "zoom", "erf", "plantsoen", "dwinger", "oord", "boog", "baan", "straatje", "pleintje")
#: Endings of other place names with a person's name in them ("Frederik Hendrikbuurt"). Endings that are
#: also common in surnames (-burg, -berg, -veld, -dorp, -bos, -hof, -land: Kloppenburg, Westerveld) are not here.
PLACE_ENDINGS = ADDRESS_ENDINGS + ("buurt", "wijk", "kerk", "school", "station", "centrum", "stadion", "kwartier",
                                   "stad", "brug", "poort", "terrein")
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
#: Abbreviated street endings: "Kerkstr. 12", "Kerkstr 12", "Marktpl. 3", "Beukenln. 4", "Oudegr. 5" (only "str" is
#: taken without its dot: "pl", "ln" and "gr" without one end other words too).
_ENDS_ABBREVIATED = r"(?<=\wstr)\.?|(?:(?<=\wpl)|(?<=\wln)|(?<=\wgr))\."


def _plate_pattern(letter: str) -> str:
    """Dutch licence plates of the RDW's side codes 1-14 (``XX-99-99`` ... ``999-XX-9``), dashes required, with
    ``letter`` as the class of a letter. Built like the other patterns: the first character is a class, the
    lookbehind after it checks the character before (no letter, digit, '_' or '-'), and each side code goes on
    from what that first character was. A group of three letters is never a month ("1-JAN-16" is a date)."""
    not_month = "(?!(?i:jan|feb|mrt|mar|apr|mei|may|jun|jul|aug|sep|okt|oct|nov|dec))"
    rest: dict[str, list[str]] = {"X": [], "9": []}
    for code in SIDECODES:
        body = re.sub(r"X+|9+", lambda m: (f"{not_month}{letter}{{3}}" if m.group(0) == "XXX" else
                                          f"{letter}{{{len(m.group(0))}}}" if m.group(0)[0] == "X"
                                          else f"[0-9]{{{len(m.group(0))}}}"), code[1:])
        rest[code[0]].append(body.replace("{1}", ""))
    return (f"[{letter[1:-1]}0-9](?<![\\w-].)(?:(?<=[{letter[1:-1]}])(?:{'|'.join(rest['X'])})"
            f"|(?<=[0-9])(?:{'|'.join(rest['9'])}))(?![\\w-])")


#: The RDW's side codes 1-14 (X a letter, 9 a digit).
SIDECODES = ("XX-99-99", "99-99-XX", "99-XX-99", "XX-99-XX", "XX-XX-99", "99-XX-XX", "99-XXX-9", "9-XXX-99",
             "XX-999-X", "X-999-XX", "XXX-99-X", "X-99-XXX", "9-XX-999", "999-XX-9")
_MONTHS = "jan|feb|mrt|maart|apr|mei|jun|jul|aug|sep|sept|okt|nov|dec"
PATTERNS: dict[str, re.Pattern] = {
    EMAIL: re.compile(r"@(?<=[\w.+-]@)[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![\w-])"),
    # 06-12345678, 050 367 1234, +31 6 12345678, 0031 50 3671234; never a date such as 01-03-2016 10:00
    PHONE: re.compile(r"[+0](?<![\w+].)(?:(?<=\+)31|(?<=0)031|(?<=0)(?!\d?[-/.]\d{1,2}[-/.]\d{2,4}))"
                      r"[ -]?(?:\(0\))?[ -]?[1-9](?:[ -]?\d){8}(?!\d)"),
    # 9711 AB (SA, SD and SS are never used; KM, KG, OM ... are units and abbreviations), 9711 ab (two lower-case
    # letters that are no word or unit: "2016 en 2017", "1000 kg", "1500 ha" hold no postcode)
    POSTCODE: re.compile(r"[1-9](?<![\w/:.,-].)\d{3} ?(?:(?!SA|SD|SS|KM|KG|CM|MM|OM|PV|EU|NL)[A-Z]{2}"
                         rf"|(?!{'|'.join(sorted(LOWER_PAIRS))})[a-z]{{2}})(?!\w)"),
    ADDRESS: re.compile(rf"[A-Z](?<![\w'-].)[{_LOWER}'-]{{2,40}}+(?:{_ENDS_ADDRESS}|{_ENDS_ABBREVIATED}"
                        rf"|{_AFTER_PREFIX} [A-Z][{_LOWER}]{{1,40}}+) [1-9]\d{{0,4}}(?: ?[a-zA-Z])?(?![\w])"),
    # 12-ABC-3, XX-99-99 ...: capitals and dashes in text (see SIDECODES; "ab-12-cd" or "AB1234" are no plates)
    PLATE: re.compile(_plate_pattern("[A-Z]")),
    # a date after a word that says it is a birth date: "geb. 01-02-1980", "geboren op 1 februari 1980",
    # "geboortedatum: 1980-02-01" (a date alone is the date of an incident; a year alone is no birth date)
    BIRTH: re.compile(rf"[gG](?<![\w].)(?:(?<=g)eb|(?<=G)(?:eb|EB))(?i:oren|oortedatum|\.? ?datum|\.? ?dat)?\.?:?"
                      r"[ ]{0,3}(?:op[ ]{1,3})?(?:[0-3]?[0-9]([-/.])[01]?[0-9]\1(?:19|20)?[0-9]{2}"
                      r"|(?:19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]"
                      rf"|[0-3]?[0-9][ ]{{1,3}}(?i:{_MONTHS})[a-zA-Z]{{0,6}}\.?[ ]{{1,3}}(?:19|20)[0-9]{{2}})"
                      r"(?![0-9])"),
}
#: A whole value that is a licence plate in any case ("27-ntc-2"; in text only capitals count).
PLATE_WHOLE = re.compile(_plate_pattern("[A-Za-z]"))
_DIGIT = re.compile(r"\d")
_CAPITAL = re.compile(r"[A-Z]")
#: A mobile number that lost its leading 0 (a spreadsheet read it as a number), as a whole value.
BARE_MOBILE = re.compile(r"\s*(?:\+?31)?6\d{8}(?:\.0)?\s*")
#: Nine digits on their own (a BSN when it passes the 11-test).
NINE_DIGITS = re.compile(r"\d(?<![\d.,/-].)\d{8}(?![\d.,/-])")
#: Nine digits in groups of three with dots or spaces (123.456.782, 123 456 782): a BSN as people write one, held
#: to the 11-test like the bare form. A count with thousand dots has 7 or 10 digits ("1.234.567"), not this shape;
#: a group of three more ("111 222 333 444"), a decimal ("111.222.333,50") or a letter beside it is no BSN.
BSN_GROUPED = re.compile(r"[0-9](?<![\w.,/+-].)(?:[0-9]{2}\.[0-9]{3}\.[0-9]{3}(?![\w/-]|[.,][0-9])"
                         r"|(?<![0-9] .)[0-9]{2} [0-9]{3} [0-9]{3}(?![\w/-]|[.,][0-9]| [0-9]))")
#: A word that says the number after it is a BSN.
BSN_CUE = re.compile(r"[bBsS](?<![A-Za-z].)(?:(?<=[bB])[sS][nN]|(?<=[bB])urgerservicenummer|(?<=[sS])ofi(?:nummer)?)"
                     r"(?![a-z])")

# -- names -----------------------------------------------------------------------------------------
#: A capitalised word and what follows it (up to three more words), read without consuming them.
_NAME_CANDIDATE = re.compile(
    rf"([A-Z](?<![\w.'-].)[{_LOWER}]{{1,20}}+)(?=((?:[ ]{{1,3}}(?:{_PARTICLE}[ ]{{1,3}}){{0,3}}{_CAPWORD}){{1,3}}))")
_INITIALS = re.compile(rf"([A-Z](?<![\w.].)\.[ ]?(?:[A-Z]\.[ ]?){{0,3}}+)[ ]{{0,3}}((?:{_PARTICLE}[ ]{{1,3}}){{0,3}})({_CAPWORD})")
_TITLE_WORDS = (r"dhr|Dhr|DHR|mevr|Mevr|MEVR|mvr|Mvr|mw|Mw|mej|Mej|hr\.|Hr\.|mr\.|Mr\.|dr\.|Dr\.|drs\.|Drs\."
                r"|ir\.|Ir\.|ing\.|Ing\.|de heer|De heer|mevrouw|Mevrouw|meneer|Meneer"
                r"|fam|Fam|FAM|familie|Familie|FAMILIE")
_TITLES = re.compile(  # the character before a title is checked in _names_from_titles
    rf"(?:{_TITLE_WORDS})\.?[ ]{{1,3}}"
    rf"((?:[A-Z]\.[ ]?){{0,4}}+)[ ]{{0,3}}((?:{_PARTICLE}[ ]{{1,3}}){{0,3}})({_CAPWORD})")
#: An initial without its dot: a capital on its own, then a particle (required) and a surname ("J de Vries",
#: "P van der Berg"). The particles that also join place names and sentences ("B in Noord", "A te Groningen",
#: "Blok C op Zuid") do not start one; nor does "U" ("Wilt U de Gemeente bellen").
_STRONG_PARTICLE = "(?:van|de|der|den|ter|ten|el|al|van't)"
_BARE_INITIAL = re.compile(rf"([A-TV-Z])(?<![\w.'&/-].)[ ]{{1,3}}"
                           rf"({_STRONG_PARTICLE}[ ]{{1,3}}(?:{_PARTICLE}[ ]{{1,3}}){{0,2}})({_CAPWORD})")
#: A first name and the initial of the surname: "Mohammed B.", "Jan B., Kerkstraat" (not "Jan B.V.").
_FIRST_INITIAL = re.compile(rf"([A-Z](?<![\w.'-].)[{_LOWER}]{{1,20}}+)[ ]{{1,3}}[A-Z]\.(?![\w.&-])")
#: Words that say a person follows (a first name and a surname in any case: "overlast door jan de vries").
_CUES = ("door", "melder", "aangever", "aangeefster", "verdachte", "dader", "bewoner", "buurman", "buurvrouw")
_CUE_WORDS = "|".join(w for cue in _CUES for w in (cue, cue.capitalize()))
_CUED = re.compile(rf"[dmabvDMABV](?<![\w].)(?:{'|'.join(f'(?<={c[0]}){c[1:]}' for c in _CUE_WORDS.split('|'))})"
                   rf"(?![\w])(?:[ ]{{0,3}}:)?[ ]{{1,3}}([A-Za-z][{_LOWER}]{{1,20}}+)[ ]{{1,3}}"
                   rf"((?:{_PARTICLE}[ ]{{1,3}}){{0,3}})([A-Za-z][{_LOWER}'-]{{1,40}}+)")
#: What every name in the patterns contains (initials, a capitalised word and a space, a capital and a space,
#: a title, a cue word): values without it are not read further.
_NAME_HINT = re.compile(rf"[A-Z]\.|[A-Z][ ]|[A-Z][{_LOWER}]+[ ]|{_TITLE_WORDS}|{_CUE_WORDS}")
#: The same hint as two searches that find a match in exactly the texts :data:`_NAME_HINT` finds one in: what starts
#: with a capital, and the titles and cue words in lower case. Each starts with a set of characters, so the regex
#: engine skips in C to the next capital (or first letter of a lower-case title or cue word) instead of trying the
#: whole alternation at every character (on a long remark or 200,000 joined values, a fifth of the time).
_HINT_WORDS = (*_TITLE_WORDS.split("|"), *_CUE_WORDS.split("|"))
_CAPITAL_TITLES = {first: [w[1:] for w in _HINT_WORDS if w[0] == first]
                   for first in dict.fromkeys(w[0] for w in _HINT_WORDS if w[0].isupper())}
_NAME_HINTS = (
    re.compile(rf"[A-Z](?:\.|[ ]|[{_LOWER}]+[ ]|"
               + "|".join(f"(?<={first})(?:{'|'.join(rest)})" for first, rest in _CAPITAL_TITLES.items()) + ")"),
    re.compile("|".join(w for w in _HINT_WORDS if not w[0].isupper())),
)
#: Lower-case words after a cue and a first name that are no surname.
_NOT_SURNAMES_LOWER = {w.lower() for w in NOT_SURNAMES} | {
    "en", "of", "bij", "met", "voor", "na", "naar", "om", "tot", "uit", "via", "is", "was", "heeft", "had",
    "wordt", "werd", "zijn", "haar", "hem", "hun", "ze", "zij", "hij", "ik", "wij", "we", "jullie", "die", "dat"}


def _is_place(word: str) -> bool:
    """A word ending as a street or place (but not the ending alone: "van der Laan", "Van Wijk" are people), or
    whose part before or after a dash does ("Scottbuurt-Oost")."""
    return any(part.endswith(e) and len(part) > len(e) + 1 for part in word.lower().split("-") for e in PLACE_ENDINGS)


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


_WORD_BEFORE = re.compile(r"([\w'-]{1,40})[ ]{1,3}$")


def _names_from_bare_initials(text: str) -> bool:
    """"J de Vries": a surname after a bare initial and a particle is never a sentence word, a place or a place's
    ending alone ("Ingang C de Kade"), and the letter does not follow a word of :data:`LABEL_WORDS`."""
    for m in _BARE_INITIAL.finditer(text):
        before = _WORD_BEFORE.search(text, max(0, m.start() - 44), m.start())
        if before is not None and before.group(1).lower() in LABEL_WORDS:
            continue
        if m.group(3).lower() not in PLACE_ENDINGS and _surname_ok("", m.group(3), text, m.end()):
            return True
    return False


def _names_from_first_initial(text: str) -> bool:
    """"Mohammed B.": a common first name and the initial of the surname."""
    return any(m.group(1) in FIRST_NAMES for m in _FIRST_INITIAL.finditer(text))


def _names_after_cue(text: str) -> bool:
    """"overlast door jan de vries", "melder: piet jansen": after a cue word, a common first name (in any case,
    not one of :data:`FIRST_NAME_WORDS`) and a word that is no sentence word or place."""
    for m in _CUED.finditer(text):
        first, surname = m.group(1), m.group(3)
        if first.lower() in FIRST_NAME_WORDS or first.capitalize() not in FIRST_NAMES \
                or (first.capitalize(), surname.capitalize()) in PLACE_NAMES:
            continue
        if surname.lower() in _NOT_SURNAMES_LOWER and not m.group(2).strip():
            continue
        if not _is_place(surname) and _surname_ok(m.group(2), surname.capitalize(), text, m.end()):
            return True
    return False


def has_name(text: str) -> bool:
    """Whether ``text`` names a person in one of the patterns (see the module's docstring).

    >>> has_name("aangifte door dhr. Bakker"), has_name("Fatima el Amrani belde"), has_name("Diefstal Fiets")
    (True, True, False)
    >>> has_name("fam. Jansen"), has_name("J de Vries"), has_name("door Mohammed B."), has_name("door jan de vries")
    (True, True, True, True)
    >>> has_name("Overlast door jongeren"), has_name("Zwerfvuil Kerkstraat"), has_name("Route B van Zuid")
    (False, False, False)
    """
    return (_names_from_titles(text) or _names_from_initials(text) or _names_from_first(text)
            or any(check(text) for _, check in _NAME_CHECKS))


#: The later name patterns, each with the check that confirms a match: :func:`hits` searches each over all values at
#: once and checks a value only where its pattern matched.
_NAME_CHECKS = ((_BARE_INITIAL, _names_from_bare_initials), (_FIRST_INITIAL, _names_from_first_initial),
                (_CUED, _names_after_cue))


def elfproef(digits: str) -> bool:
    """The BSN 11-test: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is divisible by 11 (and not 0).

    >>> elfproef("111222333"), elfproef("123456789")
    (True, False)
    """
    total = sum(w * int(d) for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2, -1), digits))
    return total % 11 == 0 and total != 0


def bsn_in(text: str) -> tuple[int, int]:
    """(nine-digit numbers, bare or in groups of three, of which pass the 11-test) in ``text``."""
    tokens = NINE_DIGITS.findall(text) + [t.replace(".", "").replace(" ", "") for t in BSN_GROUPED.findall(text)]
    return len(tokens), sum(elfproef(t) for t in tokens)


def kinds_in(text: str) -> set[str]:
    """Every kind of personal data in one text (a BSN only with the word 'bsn' near, see :func:`hits`)."""
    found = set()
    if "@" in text and PATTERNS[EMAIL].search(text):
        found.add(EMAIL)
    if _DIGIT.search(text):
        found.update(kind for kind in (PHONE, POSTCODE, ADDRESS, PLATE, BIRTH) if PATTERNS[kind].search(text))
        if BSN_CUE.search(text) and bsn_in(text)[1]:
            found.add(BSN)
    if (_CAPITAL.search(text) or _NAME_HINTS[1].search(text)) and has_name(text):
        found.add(NAME)
    return found


def is_personal(value) -> bool:
    """Whether one value (a rejected cell, say) holds personal data: any kind, a BSN by its 11-test alone, or a
    licence plate in lower case as the whole value."""
    if value is None or (isinstance(value, float) and value != value):
        return False
    text = str(value)
    return (bool(kinds_in(text)) or bsn_in(text)[1] > 0 or BARE_MOBILE.fullmatch(text) is not None
            or PLATE_WHOLE.fullmatch(text.strip()) is not None)


#: What joins the values for one search over all of them (:class:`Joined`). No pattern of this module can
#: consume it (none has ``.``, ``\s`` or a negated class outside a lookaround), and at either side of a match
#: it is what a lookaround sees at the start or end of a value (no lookaround's class holds it); so a search
#: over the joined values finds a match in exactly the values a search of each value finds one in
#: (tests/test_textscan_joined.py holds every pattern to that, with values full of "\n" and "\r").
SEPARATOR = "\n"


class Joined:
    """Values joined by :data:`SEPARATOR`, searched at once: one regex scan in C over all of them instead of one
    Python call per value, and cheap tests on the characters of all values at once (numpy over the code points)
    that rule out a pattern for most values before it is tried. 200,000 distinct registration numbers cost a
    few passes, not 200,000 calls.

    >>> Joined(["Overlast", "bel 06-12345678", "a@b.nl"]).where(PATTERNS[PHONE]).tolist()
    [False, True, False]
    """

    def __init__(self, texts: list[str], text: str | None = None):
        self.texts = texts
        self.text = SEPARATOR.join(texts) if text is None else text  # ``text``: that join, when made already
        self._points: np.ndarray | None = None
        if len(texts) > 1 and self.text.count(SEPARATOR) == len(texts) - 1:
            # no value holds the separator: the values end where the separators stand (one pass over the code
            # points instead of a len() call per value)
            self.starts = np.zeros(len(texts), dtype=np.int64)
            self.starts[1:] = np.flatnonzero(self.points[:-1] == ord(SEPARATOR)) + 1
            self.lengths = np.diff(self.starts, append=len(self.text) + len(SEPARATOR)) - len(SEPARATOR)
        else:
            self.lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
            self.starts = np.zeros(len(texts), dtype=np.int64)
            np.cumsum(self.lengths[:-1] + len(SEPARATOR), out=self.starts[1:])

    def where(self, pattern: re.Pattern, among: np.ndarray | None = None) -> np.ndarray:
        """Which values ``pattern`` finds something in (only those in ``among``, when given): a boolean array."""
        out = np.zeros(len(self.texts), dtype=bool)
        if among is None:
            out[_searched(pattern, self.text, self.starts)] = True
        elif among.any():
            idx = np.flatnonzero(among)
            part = self if len(idx) == len(self.texts) else Joined([self.texts[i] for i in idx.tolist()])
            out[idx[_searched(pattern, part.text, part.starts)]] = True
        return out

    def fullmatched(self, pattern: re.Pattern, among: np.ndarray | None = None) -> np.ndarray:
        r"""Which values ``pattern`` matches as a whole (only those in ``among``, when given): the candidates from
        one search over the values joined by ``"\x00"`` (which no whole-value pattern consumes: ``\s`` does not
        match it), each confirmed by its own ``fullmatch`` (a value holding ``"\x00"`` may be a candidate, never
        a hit)."""
        out = np.zeros(len(self.texts), dtype=bool)
        idx = np.arange(len(self.texts)) if among is None else np.flatnonzero(among)
        texts = self.texts if among is None else [self.texts[i] for i in idx.tolist()]
        if not len(texts):
            return out
        part = self if among is None else Joined(texts)
        wrapped = re.compile("\x00(?:" + pattern.pattern + ")(?=\x00)", pattern.flags)
        for j in _searched(wrapped, "\x00" + "\x00".join(texts) + "\x00", part.starts):
            out[idx[j]] = pattern.fullmatch(texts[j]) is not None
        return out

    # -- cheap tests on the characters of every value at once ---------------------------------------------------
    @property
    def points(self) -> np.ndarray:
        """The code points of the joined text and a closing separator (so that every value's stretch, from its
        start to the next start, ends with a separator, also an empty value's): one byte each when the text is
        ASCII (as codes and numbers are; the tests read a quarter of the memory), else four."""
        if self._points is None:
            text = self.text + SEPARATOR
            self._points = np.frombuffer(text.encode("ascii"), dtype=np.uint8) if text.isascii() else \
                np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        return self._points

    def has(self, mask: np.ndarray) -> np.ndarray:
        """Per value: whether any of its characters is in ``mask`` (a boolean array over :attr:`points`)."""
        if not len(self.texts):
            return np.zeros(0, dtype=bool)
        return np.logical_or.reduceat(mask, self.starts)

    def holding(self, positions: np.ndarray) -> np.ndarray:
        """Per value: whether one of ``positions`` (sorted places in :attr:`points`) lies in it."""
        out = np.zeros(len(self.texts), dtype=bool)
        out[np.searchsorted(self.starts, positions, side="right") - 1] = True
        return out

    @staticmethod
    def run_of(mask: np.ndarray, n: int) -> np.ndarray:
        """Over :attr:`points`: where a run of at least ``n`` characters in ``mask`` ends (a run never crosses two
        values: the separator is in no mask). Shifted ANDs, doubling: log2(n) passes."""
        out, width = mask.copy(), 1
        while width < n:
            step = min(width, n - width)  # a run of `width` ending here and one ending `step` before
            out[step:] &= out[:-step]
            out[:step] = False
            width += step
        return out

    def non_ascii(self) -> np.ndarray:
        return self.points > 127

    def maybe_digits(self) -> np.ndarray:
        r"""Characters that may be a ``\d`` (an ASCII digit, or any character beyond ASCII: Unicode has digits
        of other scripts)."""
        p = self.points
        return ((p >= 48) & (p <= 57)) | (p > 127)


def _searched(pattern: re.Pattern, text: str, starts: np.ndarray) -> list[int]:
    """The values (by index; ``starts``: where each begins in ``text``) in which ``pattern`` finds a match: after
    each match the search goes on at the start of the next value, so a value costs one call at most."""
    found: list[int] = []
    search, at = pattern.search, starts.tolist()
    last = len(at) - 1
    m = search(text)
    while m is not None:
        i = bisect_right(at, m.start()) - 1
        found.append(i)
        if i >= last:
            break
        m = search(text, at[i + 1])
    return found


def _gates(scan: Joined) -> dict[str, np.ndarray]:
    """For each pattern, the values it can possibly match (a superset, from the characters alone): what each
    pattern needs at the least. ``tests/test_textscan_joined.py`` holds every gate to never leaving out a value
    the pattern finds something in.

    - a phone number: a '+' or '0' with no letter, digit, '_' or '+' before it, and nine digits with at most a
      space or a dash between them;
    - a postcode: a digit 1-9 with none of those nor ``/:.,-`` before it, and four digits in a row;
    - an address: a space and a digit 1-9 (``Kerkstraat 12``);
    - nine digits (a BSN): a run of exactly nine (a tenth digit or a non-ASCII character beside it aside);
    - nine digits in groups (a BSN): three ASCII digits, a dot or a space and an ASCII digit;
    - a licence plate: a dash between two ASCII capitals or digits;
    - a birth date: a 'g' or a 'G';
    - a name, an address: a space, an '@' or a lower-case letter (``t.upper() != t``).
    """
    p = scan.points
    digit = scan.maybe_digits()
    before = np.empty_like(p)  # the character before each (a value's first: the separator)
    before[:1], before[1:] = ord(SEPARATOR), p[:-1]
    word_before = (((before | 32) >= 97) & ((before | 32) <= 122)) | ((before >= 48) & (before <= 57)) | (before == 95)
    phone_start = scan.has(((p == 43) | (p == 48)) & ~word_before & (before != 43))
    postcode_start = scan.has((p >= 49) & (p <= 57) & ~word_before & ~((before >= 44) & (before <= 47))
                              & (before != 58))  # none of , - . / :
    nine_or_more = scan.run_of(digit, 9)
    ends = nine_or_more.copy()
    ends[:-1] &= ~digit[1:]  # nine and no more: no digit after it ...
    ends[9:] &= ~digit[:-9]  # ... and none before it
    non_ascii = scan.has(scan.non_ascii())
    words = scan.has((p == 32) | (p == 64) | ((p >= 97) & (p <= 122)))
    for i in np.flatnonzero(non_ascii & ~words).tolist():  # lower case beyond ASCII: ask Python
        t = scan.texts[i]
        words[i] = t.upper() != t
    space_digit = np.zeros(len(p), dtype=bool)
    space_digit[1:] = (p[:-1] == 32) & (p[1:] >= 49) & (p[1:] <= 57)
    # the newer kinds need characters that codes and numbers seldom hold (a dash, a dot or a space, a 'g'): found
    # once (only those the text holds at all, which C tells first), then only their neighbours are looked at
    rare = np.zeros(len(p), dtype=bool)
    for char in (c for c in "-. gG" if c in scan.text):
        rare |= p == ord(char)
    rare = np.flatnonzero(rare)
    mark = p[rare]
    dashes, groups, gs = rare[mark == 45], rare[(mark == 46) | (mark == 32)], rare[(mark | 32) == 103]

    def near(at: np.ndarray, shift: int, test) -> np.ndarray:
        """Whether the character ``shift`` places from each position in ``at`` passes ``test`` (False off the text)."""
        where = at + shift
        inside = (where >= 0) & (where < len(p))
        out = np.zeros(len(at), dtype=bool)
        out[inside] = test(p[where[inside]])
        return out

    def plate_char(c):
        return ((c >= 48) & (c <= 57)) | ((c >= 65) & (c <= 90))

    def ascii_digit(c):
        return (c >= 48) & (c <= 57)

    plate_dashes = dashes[near(dashes, -1, plate_char) & near(dashes, 1, plate_char)]
    grouped = groups[near(groups, -1, ascii_digit) & near(groups, -2, ascii_digit) & near(groups, -3, ascii_digit)
                     & near(groups, 1, ascii_digit)]
    return {
        PHONE: phone_start & scan.has(scan.run_of(digit | (p == 32) | (p == 45), 9)) if phone_start.any()
        else phone_start,
        POSTCODE: postcode_start & scan.has(scan.run_of(digit, 4)) if postcode_start.any() else postcode_start,
        ADDRESS: words & scan.has(space_digit),
        PLATE: scan.holding(plate_dashes),
        BIRTH: scan.holding(gs),
        "nine": scan.has(ends) | (non_ascii & scan.has(nine_or_more)),
        "grouped": scan.holding(grouped),
        "words": words,
    }


def hits(values) -> dict[str, np.ndarray]:
    """For each kind, which of ``values`` (text, no missing values; a Series, a list or a :class:`Joined`) hold
    it: boolean arrays.

    A nine-digit number counts as a BSN when it passes the 11-test and either the word 'bsn' is
    near or most nine-digit numbers in ``values`` pass (a column of case numbers passes one in
    eleven; planted BSNs all pass). Each pattern searches all values at once (:class:`Joined`), only those
    that can hold what it looks for (:func:`_gates`); a name is looked for further only in values with a
    hint of one (initials, a capitalised word and a space, a title) that have a space, an '@' or lower case
    (a code such as ``PL0100_BVH_3606792`` names no one).
    """
    scan = values if isinstance(values, Joined) else Joined([str(v) for v in values])
    texts = scan.texts
    n = len(texts)
    out: dict[str, np.ndarray] = {kind: np.zeros(n, dtype=bool) for kind in KINDS}
    if not n:
        return out
    gates = _gates(scan)
    out[EMAIL] = scan.where(PATTERNS[EMAIL])  # it starts with its '@': the engine skips to each '@'
    for kind in (PHONE, POSTCODE, ADDRESS, PLATE, BIRTH):
        out[kind] = scan.where(PATTERNS[kind], gates[kind])
    nine = scan.where(NINE_DIGITS, gates["nine"]) | scan.where(BSN_GROUPED, gates["grouped"])
    if nine.any():
        counts = {i: bsn_in(texts[i]) for i in np.flatnonzero(nine).tolist()}
        tokens, good = sum(t for t, _ in counts.values()), sum(p for _, p in counts.values())
        cue = scan.where(BSN_CUE, nine)
        mostly = tokens > 0 and good >= 0.5 * tokens
        for i, (_, passed) in counts.items():
            out[BSN][i] = passed > 0 and (mostly or cue[i])
    hint = scan.where(_NAME_HINTS[0], gates["words"])
    hint |= scan.where(_NAME_HINTS[1], gates["words"] & ~hint)
    later = [(check, scan.where(pattern, hint)) for pattern, check in _NAME_CHECKS]
    for i in np.flatnonzero(hint).tolist():
        text = texts[i]
        out[NAME][i] = (_names_from_titles(text) or _names_from_initials(text) or _names_from_first(text)
                        or any(check(text) for check, where in later if where[i]))
    return out
