"""Personal data: which columns identify people or addresses, and whether a column may be a category.

Wijkbeeld minimises data on import: columns with personal data are dropped from the Incidents
frame and named in the ImportReport, so they can never reach an export. Recognised are names of
people, BSN (with the 11-test, also written 123.456.782), phone numbers, e-mail addresses, street names and
house numbers, 6-character postcodes (``9715PZ``; the 4-digit postcode of a whole area is not personal),
licence plates (``27-NTC-2``) and birth dates (``geb. 01-02-1980``):

- from the header (``Pleegstraatnaam``, ``Telefoon melder``, ``Naam``);
- from whole values, whatever the header (a column of e-mail addresses, of ``Kerkstraat 12``, of
  phone numbers stored as integers such as ``612345678``, of BSNs that lost their leading zero);
- inside free text (:mod:`importers.textscan`): *every* distinct value is read, and one value with
  personal data is enough, so a name planted in 1 of 1,000 remarks is found.

A column keeps its role only when it is safe in that role (:func:`check_roles`): every role column
that reaches an output or the project (category, id, registration number) is checked like any other
column, and a category column must also look like a category (:func:`category_problem`): no
personal data, at most :data:`MAX_CATEGORIES` distinct values, short labels.

>>> personal_columns(pd.DataFrame({"Pleegstraatnaam": ["Surinamestraat"], "Pleegwijk": ["Wijk 03"],
...                                 "contact": ["j.jansen@example.nl"]}))
{'Pleegstraatnaam': 'straatnaam', 'contact': 'e-mailadres'}
"""
from __future__ import annotations

import random
import re
from collections import Counter

import numpy as np
import pandas as pd

from importers import bytescols, textscan
from importers.detect import normalise_header
from importers.textscan import ADDRESS, BSN, EMAIL, NAME, PHONE, PLATE, POSTCODE

#: Header fragments (normalised) and what they hold. Checked as substrings, so 'pleegstraatnaam' matches.
HEADER_FRAGMENTS: tuple[tuple[str, str], ...] = (
    ("bsn", "BSN"), ("burgerservicenummer", "BSN"), ("sofinummer", "BSN"),
    ("email", "e-mailadres"), ("mailadres", "e-mailadres"),
    ("telefoon", "telefoonnummer"), ("phone", "telefoonnummer"), ("mobiel", "telefoonnummer"),
    ("gsm", "telefoonnummer"), ("telnr", "telefoonnummer"),
    ("huisnummer", "huisnummer"), ("housenumber", "huisnummer"), ("huisnr", "huisnummer"),
    ("straat", "straatnaam"), ("street", "straatnaam"), ("adres", "adres"), ("address", "adres"),
    ("postcode", "postcode"), ("zipcode", "postcode"), ("postalcode", "postcode"),
    ("voornaam", NAME), ("achternaam", NAME), ("tussenvoegsel", NAME), ("voorletters", NAME),
    ("geslachtsnaam", NAME), ("firstname", NAME), ("lastname", NAME), ("surname", NAME), ("fullname", NAME),
    ("geboortedatum", "geboortedatum"), ("birth", "geboortedatum"), ("kenteken", "kenteken"),
)
#: Exact headers that name a person (a bare 'naam' in an incident file is a person, not an area).
PERSON_HEADERS = {"naam", "name", "melder", "naammelder", "aangever", "naamaangever", "verdachte",
                  "naamverdachte", "slachtoffer", "naamslachtoffer", "betrokkene", "persoon",
                  "contactpersoon", "behandelaar", "naambehandelaar"}
#: Words that make a header about an area or a thing, not about a person or an address.
NOT_PERSONAL = ("buurt", "wijk", "gemeente", "plaats", "stad", "provincie", "regio", "gebied", "object",
                "soort", "categorie", "type", "bestand", "pc4", "postcode4")

WHOLE: dict[str, re.Pattern] = {
    EMAIL: re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}"),
    PHONE: re.compile(r"(?:\+31|0031|0)[\s-]?[1-9](?:[\s-]?\d){8}"),
    POSTCODE: re.compile(r"[1-9]\d{3}\s?[A-Za-z]{2}"),
    # a street and a house number (which never starts with 0: 'melding via 0900-8844' is no address)
    # (a street of at most four words: "fiets gestolen bij het station 12" is a remark)
    ADDRESS: re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ.'\-]{1,40}(?: [A-Za-zÀ-ÿ.'\-]{1,40}){0,3}\s[1-9]\d{0,4}"
                        r"(?:\s?[A-Za-z]{1,2})?(?:\s?-?\s?\d{1,4})?"),
    # a licence plate of side codes 1-14 with its dashes, in any case ("27-NTC-2", "27-ntc-2"); without dashes a
    # value is no plate: "GM0363", "WK0363" (XX9999) and other codes have the shapes of side codes 1-6
    PLATE: textscan.PLATE_WHOLE,
}
#: Share of the filled values (rows) that must *be* an e-mail address, a phone number, ... for the column
#: to be named after it ("e-mailadres"); fewer make it "e-mailadres in vrije tekst".
FULL_SHARE = 0.5
#: A category has at most this many distinct values; more is free text (or an id), never a category.
MAX_CATEGORIES = 300
#: Longest category label (or id), in characters; a longer value is a remark.
MAX_LABEL = 200
#: With at least this many distinct values, a column whose values are mostly all different is free text.
FREE_TEXT_DISTINCT = 100
#: A column that is dropped anyway (only the report names it) is read as far as this: the start of each
#: value and a seeded sample of its distinct values (a name in 1 of 1,000 rows is still found). Role
#: columns and columns kept on request are read in full.
DROPPED_VALUE_CHARS = 100_000
DROPPED_SAMPLE = 20_000


def _by_header(column: str) -> str | None:
    n = normalise_header(column)
    if n in PERSON_HEADERS:
        return NAME
    for fragment, what in HEADER_FRAGMENTS:
        if fragment in n:
            if _about_area(n) and what in (NAME, "postcode"):
                return None
            return what
    return None


def _about_area(column: str) -> bool:
    """A header about an area or a thing (its normalised form contains a word of :data:`NOT_PERSONAL`)."""
    return any(word in normalise_header(column) for word in NOT_PERSONAL)


def _integers(values: pd.Series) -> pd.Series | None:
    """The values as integers when the column holds whole numbers (ints, or floats that are all whole)."""
    if pd.api.types.is_bool_dtype(values):
        return None
    if pd.api.types.is_integer_dtype(values):
        return values.dropna().astype("int64")
    if pd.api.types.is_float_dtype(values):
        v = values.dropna()
        v = v[np.isfinite(v.to_numpy(dtype=float))]
        if len(v) and (v == np.floor(v)).all() and v.abs().max() < 1e15:
            return v.astype("int64")
    return None


def _by_integers(ints: pd.Series) -> str | None:
    """BSNs that lost their leading zero and phone numbers stored as numbers (``612345678``, ``31612345678``).

    A phone column is told apart from an id column by its spread: ids are (nearly) consecutive,
    phone numbers are scattered over their whole range.
    """
    if not len(ints):
        return None
    uniq = np.unique(ints.to_numpy())
    need = max(1, int(np.ceil(FULL_SHARE * len(uniq))))
    text = pd.Series(uniq.astype(str))
    nine = text.where(text.str.len() != 8, text.str.zfill(9))
    nine = nine[nine.str.fullmatch(r"\d{9}")]
    if len(nine) >= need and sum(textscan.elfproef(t) for t in nine) >= need:
        return BSN
    mobile = text.str.fullmatch(r"(?:31)?6\d{8}")
    landline = text.str.fullmatch(r"(?:31)?[1-57-9]\d{8}")
    phones = uniq[(mobile | landline).to_numpy()]
    if len(phones) >= need and (len(phones) == 1 or np.ptp(phones) / len(phones) > 1000):
        return PHONE
    return None


class _Counted:
    """A column's distinct filled values, in the order they first occur, and how often each occurs: counted once
    for every check of the column (:func:`check_roles` asks its shape and its personal data).

    A column of pandas' string dtype holds only text and missing values: pandas' hash table counts it as a dict
    would (the same equality), without a Python call per value; a million fresh registration numbers cost
    0.13 s instead of 0.3-0.5 s in a Counter. Any other column is counted with a Counter."""

    def __init__(self, values: pd.Series):
        #: Per row, its value's place in :attr:`keys` (-1: missing); None for a column counted with a Counter.
        self.codes: np.ndarray | None = None
        if isinstance(values.dtype, pd.StringDtype):
            codes, uniques = pd.factorize(values)  # missing values: -1
            self.keys = np.asarray(uniques, dtype=object).tolist()
            self.counts = np.bincount(codes[codes >= 0], minlength=len(self.keys)).tolist()
            self.codes = codes
        else:
            raw = Counter(values.dropna().tolist())
            self.keys, self.counts = list(raw), list(raw.values())

    def shared(self) -> np.ndarray:
        """Per row, whether its value occurs in another row too (missing values: when another is missing);
        only for a column with :attr:`codes`."""
        codes = self.codes
        counts = np.bincount(codes + 1, minlength=len(self.keys) + 1)  # missing values first
        return counts[codes + 1] > 1

    @property
    def rows(self) -> int:
        """The filled values (rows with a value)."""
        return sum(self.counts)

    def longest(self) -> int:
        """The longest filled value as text (``str(value)``), 0 without any."""
        if not self.keys:
            return 0
        if set(map(type, self.keys)) == {str}:
            return max(map(len, self.keys))
        return max(len(str(key)) for key in self.keys)


def _distinct(values: pd.Series, max_chars: int | None, sample: int | None,
              counted: _Counted | None = None) -> tuple[list[str], list[int], textscan.Joined | None]:
    """The distinct filled text values (stripped, cut to ``max_chars``), how often each occurs, and the texts
    joined for the scan (:class:`importers.textscan.Joined`) when that join was made (else None); with
    ``sample``, a seeded sample of at most that many of them. Counted on the values as read (:class:`_Counted`;
    ``counted`` when the caller counted them already), then stripped and cut per distinct value."""
    counted = counted if counted is not None else _Counted(values)
    keys, counts = counted.keys, counted.counts
    if sample is not None and len(keys) > sample:
        by_key = dict(zip(keys, counts))
        keys = random.Random(0).sample(keys, sample)
        counts = [by_key[key] for key in keys]
    joined = _joined_as_they_are(keys, max_chars)
    if joined is not None:  # strings with nothing to strip or cut: the keys are the texts
        return keys, counts, joined
    texts = [str(key).strip()[:max_chars] for key in keys]
    if "" in counted.keys or len(set(texts)) < len(texts) or "" in texts:  # values that strip to the same text
        merged: Counter = Counter()
        for text, n in zip(texts, counts):
            if text:
                merged[text] += n
        texts, counts = list(merged), list(merged.values())
    return texts, counts, None


#: Whitespace before a newline, at the end, or after a newline: at the end or the start of a value, in values
#: joined by newlines (whitespace beside a newline inside a value is found too, which only sends the values the
#: careful way). ``\s`` is what ``str.strip`` strips (both ask Unicode's whitespace property); the pattern
#: starts with it, so the engine skips in C to each whitespace character.
_EDGE_SPACE = re.compile(r"\s(?:(?=\n)|\Z|(?<=\n\s))")


def _as_they_are(keys: list, max_chars: int | None) -> bool:
    """Whether ``[str(key).strip()[:max_chars] for key in keys]`` would give ``keys`` back (all strings, none
    empty, none with whitespace at either end, none longer than ``max_chars``), tested on all keys at once."""
    return _joined_as_they_are(keys, max_chars) is not None


def _joined_as_they_are(keys: list, max_chars: int | None) -> textscan.Joined | None:
    """``keys`` joined for the privacy scan when :func:`_as_they_are` holds, else None. The tests on every key run
    in C (``map``, ``set``) and numpy (:func:`_no_edge_space`)."""
    if keys and set(map(type, keys)) != {str}:
        return None
    if max_chars is not None and keys and max(map(len, keys)) > max_chars:
        return None
    if "" in keys:
        return None
    scan = textscan.Joined(keys)
    return scan if _no_edge_space(scan) else None


#: The ASCII characters ``str.strip`` strips (``str.isspace``): tab to carriage return, 28-31 and the space.
_ASCII_SPACE = np.zeros(256, dtype=bool)
_ASCII_SPACE[[*range(9, 14), *range(28, 33)]] = True


def _no_edge_space(scan: textscan.Joined) -> bool:
    """No value of ``scan`` (none empty) starts or ends with whitespace: read from the bytes at each value's edges
    when the values are ASCII and none holds the separator (a million codes in a few milliseconds), else one search
    of :data:`_EDGE_SPACE`."""
    points, n = scan.points, len(scan.texts)
    if n and points.dtype == np.uint8 and scan.text.count(textscan.SEPARATOR) == n - 1:
        ends = scan.starts + scan.lengths - 1
        return not (_ASCII_SPACE[points[scan.starts]].any() or _ASCII_SPACE[points[ends]].any())
    return not scan.text[:1].isspace() and _EDGE_SPACE.search(scan.text) is None


def _where(pattern: re.Pattern, texts: list[str], candidates: np.ndarray) -> np.ndarray:
    """Which of ``texts`` ``pattern`` matches as a whole, tried only where ``candidates`` (cheap tests) allow."""
    out = np.zeros(len(texts), dtype=bool)
    full = pattern.fullmatch
    out[[i for i in np.flatnonzero(candidates).tolist() if full(texts[i]) is not None]] = True
    return out


def _kind_of_texts(texts: list[str], weights: np.ndarray, joined: textscan.Joined | None = None) -> str | None:
    """What a column holds from its distinct ``texts`` (strings) and their counts (``weights``): a kind that
    most rows *are*, or a kind found in the free text of at least one row. ``joined``: the texts joined for the
    scan (:class:`importers.textscan.Joined`), when that join was made already.

    Each whole-value pattern is tried only on values that pass a cheap test first (an '@', the right
    first character, the right length), so a column of 200,000 distinct codes costs little.
    """
    if not len(texts):
        return None
    weights = np.asarray(weights, dtype=np.int64)
    need = FULL_SHARE * weights.sum()
    # one search over all values for all whole-value kinds (where a cheap test allows one); each kind only where
    # it matched
    scan = joined if joined is not None else textscan.Joined(texts)
    if _all_plain_codes(scan):  # a column of registration numbers: no pattern can match (a million in 0.03 s)
        return None
    whole_any = scan.fullmatched(_WHOLE_ANY, _maybe_whole(scan) & _could_be_whole(scan))
    if weights[whole_any].sum() >= need:
        for kind, pattern in WHOLE.items():
            whole = _where(pattern, texts, whole_any)
            if weights[whole].sum() >= need and (kind != ADDRESS or _many_streets(pd.Series(texts)[whole])):
                return kind
        nine = _where(_NINE, texts, whole_any)
        if nine.any() and weights[nine][[textscan.elfproef(texts[i]) for i in np.flatnonzero(nine)]].sum() >= need:
            return BSN
    hits = textscan.hits(scan)
    found = {kind: weights[mask].sum() for kind, mask in hits.items()}
    found[PHONE] += weights[_bare_mobiles(texts, whole_any)].sum()
    found[PLATE] += weights[_where(WHOLE[PLATE], texts, whole_any) & ~hits[PLATE]].sum()  # "27-ntc-2" as a value
    kind = max(textscan.KINDS, key=lambda k: found[k])  # the most frequent; ties in KINDS' order
    if not found[kind]:
        return None
    return kind if found[kind] >= need else f"{kind} in vrije tekst"


def _all_plain_codes(scan: textscan.Joined) -> bool:
    """Whether every value is a plain code, which no pattern of personal data can match: only ASCII capitals,
    digits and '_', no run of nine or more digits, and either a capital first or digits only, not starting with 0.

    Why nothing matches such a value: every pattern of :mod:`importers.textscan` that may start inside it needs a
    character before it that is no letter, digit or '_' (so it can only start at the value's first character) or
    a character the value does not have ('@', a space, a dash, a dot, lower case); the name hints are only
    looked for in values with a space, an '@' or lower case; a capital first rules out every whole-value kind
    (:func:`_could_be_whole`), and digits only are no phone number (no 0 first), no postcode (no letters) and no
    BSN or mobile number (fewer than nine digits). The text is read a few times in numpy, no regex runs.
    """
    p = scan.points
    n = len(scan.texts)
    if not n or p.dtype != np.uint8 or not (scan.lengths > 0).all():
        return False
    ends = scan.starts + scan.lengths  # the separator after each value
    # the characters of a plain code: ASCII digits, capitals and '_' (comparisons run in SIMD; a table lookup
    # costs six times as much)
    digit = (p - np.uint8(48)) <= 9
    inside = digit | ((p - np.uint8(65)) <= 25) | (p == 95)
    if int(np.count_nonzero(inside)) != len(p) - n:  # all but the n separators (none is a code character)
        return False
    if textscan.Joined.run_of(digit, 9).any():
        return False
    first = p[scan.starts]
    capital = (first >= 65) & (first <= 90)
    if capital.all():
        return True
    numbers = ~capital
    if (first[numbers] == 48).any():
        return False
    not_digit = ~digit
    not_digit[ends] = False
    return not scan.has(not_digit)[numbers].any()


def _maybe_whole(scan: textscan.Joined) -> np.ndarray:
    """The values a whole-value kind may be (``len(t) <= 120 and ("@" in t or " " in t or len(t) <= 12 or
    t[:1] in "+0")``), for all values at once: a code such as ``PL0100_3606792`` is none."""
    size = scan.lengths
    first = scan.points[scan.starts] if len(size) else np.zeros(0, dtype=np.uint32)
    at_or_space = scan.has((scan.points == ord("@")) | (scan.points == ord(" ")))
    return (size <= 120) & ((size <= 12) | (first == ord("+")) | (first == ord("0")) | at_or_space)


def _could_be_whole(scan: textscan.Joined) -> np.ndarray:
    """The values a whole-value kind can be at all (a superset): a value that starts with an ASCII letter is an
    e-mail address (with an '@'), an address (with whitespace), a licence plate (with a dash) or nothing
    (``PL0100_1``: nothing)."""
    p = scan.points
    first = p[scan.starts] if len(scan.starts) else np.zeros(0, dtype=np.uint32)
    letter_first = ((first | 32) >= 97) & ((first | 32) <= 122) & (scan.lengths > 0)
    # '@', '-', ASCII whitespace (what \s matches below 128) or anything beyond ASCII (it may be whitespace)
    maybe = (p == 64) | (p == 45) | ((p >= 9) & (p <= 13)) | ((p >= 28) & (p <= 32)) | (p > 127)
    maybe[scan.starts + scan.lengths] = False  # the separators after the values (a newline in a value counts)
    return ~letter_first | scan.has(maybe)


_NINE = re.compile(r"\d{9}")
_WHOLE_ANY = re.compile("|".join(f"(?:{p.pattern})" for p in (*WHOLE.values(), _NINE, textscan.BARE_MOBILE)))


def _bare_mobiles(texts: list[str], candidates) -> np.ndarray:
    """Values that are a mobile number without its leading 0 ("612345678", as a spreadsheet keeps it), unless
    the column is a run of (nearly) consecutive numbers such as ids from 600000001 on."""
    bare = _where(textscan.BARE_MOBILE, texts, candidates)
    if bare.sum() >= 20 and bare.mean() >= FULL_SHARE:
        numbers = pd.to_numeric(pd.Series([texts[i] for i in np.flatnonzero(bare)]).str.strip()
                                .str.replace(r"\.0$", "", regex=True)).to_numpy()
        if np.ptp(numbers) / len(numbers) <= 1000:
            return np.zeros(len(texts), dtype=bool)
    return bare


def _many_streets(addresses: pd.Series) -> bool:
    """Addresses name many streets; "Prioriteit 1", "Prioriteit 2" or "soort 1" ... "soort 400" name one word."""
    streets = addresses.str.replace(r"\s[1-9][\s\S]*$", "", regex=True).str.lower().nunique()
    return streets >= 3 and streets >= 0.2 * len(addresses)


def _is_pc4(values: pd.Series) -> bool:
    text = values.dropna().astype(str).str.strip()
    return len(text) > 0 and bool(text.str.fullmatch(r"[1-9]\d{3}").all())


def column_kind(values: pd.Series, header: str = "", *, max_chars: int | None = None,
                counted: _Counted | None = None) -> str | None:
    """What personal data a column holds (Dutch), or None: from its header, then from its values.

    ``max_chars`` reads only the start of each value and a sample of :data:`DROPPED_SAMPLE` distinct
    values (for columns that are dropped anyway). ``counted``: the column's values counted already.
    """
    values = bytescols.as_text(values)  # a date column read as bytes (importers.bytescols) is checked as text
    what = _by_header(str(header)) if header else None
    if what == "postcode" and _is_pc4(values):
        what = None  # 4-digit postcodes name an area, not an address
    if what is not None or (header and _about_area(str(header)) and not _is_text(values)):
        return what
    if pd.api.types.is_datetime64_any_dtype(values):
        return None
    ints = _integers(values)
    if ints is not None:
        return _by_integers(ints)
    if pd.api.types.is_numeric_dtype(values):
        return None
    texts, counts, joined = _distinct(values, max_chars, None if max_chars is None else DROPPED_SAMPLE, counted)
    return _kind_of_texts(texts, counts, joined)


def _is_text(values: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(values) or values.dtype == object


def personal_columns(frame: pd.DataFrame, *, skip=(), full=(), known: dict | None = None) -> dict[str, str]:
    """Columns of ``frame`` that hold personal data, with what they hold (Dutch).

    ``skip`` lists columns never to flag (the coordinate and date columns chosen for the analysis);
    ``full`` the columns read in full (the others: the first :data:`DROPPED_VALUE_CHARS` characters
    of each value, since they are dropped whatever they hold). ``known``: column -> what a column not in ``full``
    holds, found already (:func:`role_verdicts`).
    """
    found: dict[str, str] = {}
    known = known or {}
    for col in frame.columns:
        if col in skip:
            continue
        if col in known and col not in full:
            what = known[col]
        else:
            what = column_kind(frame[col], str(col), max_chars=None if col in full else DROPPED_VALUE_CHARS)
        if what is not None:
            found[str(col)] = what
    return found


def category_problem(values: pd.Series, header: str = "") -> str | None:
    """Why a column cannot be a category (Dutch, for the report), or None when it can.

    A category holds no personal data (read in every distinct value), has at most
    :data:`MAX_CATEGORIES` distinct values of at most :data:`MAX_LABEL` characters, and repeats
    (with :data:`FREE_TEXT_DISTINCT` or more distinct values, fewer than half the rows share one).

    >>> category_problem(pd.Series(["Overlast jeugd", "Wildplassen"] * 3))
    >>> category_problem(pd.Series(["Overlast", "melder Jan de Vries belde"]))
    'bevat persoonsgegevens (naam van een persoon)'
    """
    what = column_kind(values, header)
    if what is not None:
        return f"bevat persoonsgegevens ({what})"
    return _not_a_category(values)


def _too_long(values: pd.Series, counted: _Counted | None = None) -> str | None:
    """Free text: a value longer than :data:`MAX_LABEL` characters (no category, id or number is).
    ``counted``: the column's distinct values (the longest value is the longest of them)."""
    if not _is_text(values):
        return None
    if counted is not None:
        longest = counted.longest()
    else:
        lengths = values.dropna().astype(str).str.len()
        longest = int(lengths.max()) if len(lengths) else 0
    if longest > MAX_LABEL:
        return f"bevat vrije tekst (waarden tot {longest:,} tekens)".replace(",", ".")
    return None


def _not_a_category(values: pd.Series, counted: _Counted | None = None) -> str | None:
    """Why a column without personal data is free text or an id rather than a category (or None).
    ``counted``: the column's distinct values, counted already."""
    if counted is None:
        filled = values.dropna()
        long = _too_long(filled)
        distinct, rows = (int(filled.nunique()), len(filled)) if not long else (0, 0)
    else:
        long = _too_long(values, counted)
        distinct, rows = len(counted.keys), counted.rows
    if long:
        return long
    if distinct > MAX_CATEGORIES:
        return f"heeft {distinct:,} verschillende waarden (een categorie heeft er hooguit {MAX_CATEGORIES})".replace(
            ",", ".")
    if distinct >= FREE_TEXT_DISTINCT and distinct > 0.5 * rows:
        return f"heeft {distinct} verschillende waarden in {rows} rijen: vrije tekst, geen categorie"
    return None


#: Roles whose column reaches an output or the project as it is (coordinates and dates are parsed
#: into numbers and times; their unreadable cells are rejected, see :func:`minimise_report`).
GUARDED_ROLES = ("category", "id", "registration")
ROLE_LABELS = {"category": "categorie", "id": "id", "registration": "registratienummer"}


def role_verdicts(raw: pd.DataFrame, cols: dict, *, others: bool = False) -> dict[str, tuple]:
    """Per guarded role in ``cols`` (role -> column): its column, the column's values counted (:class:`_Counted`,
    None when not of pandas' string dtype), why its shape does not fit the role (or None) and the personal data it
    holds (or None). With ``others``, under the key None also what each column without a role holds (read as a
    dropped column is, :func:`personal_columns`). Only reads ``raw``: a large file's are found in a thread while
    its dates are read (:func:`importers.incidents.read_incidents`)."""
    out: dict = {}
    if others:
        roles = set(cols.values())
        out[None] = {col: column_kind(raw[col], str(col), max_chars=DROPPED_VALUE_CHARS)
                     for col in raw.columns if col not in roles}
    for role in GUARDED_ROLES:
        col = cols.get(role)
        if col is None:
            continue
        # a category that is free text anyway is dropped: its values are read as far as a dropped column's
        values = _Counted(raw[col]) if isinstance(raw[col].dtype, pd.StringDtype) else None  # once for both
        shape = _not_a_category(raw[col], values) if role == "category" else _too_long(raw[col], values)
        what = column_kind(raw[col], col, max_chars=DROPPED_VALUE_CHARS if shape else None, counted=values)
        out[role] = (col, values, shape, what)
    return out


def check_roles(raw: pd.DataFrame, cols: dict, report, *, chosen: dict, keep=(), path=None,
                counted: dict | None = None, verdicts: dict | None = None) -> dict[str, str]:
    """Check every column that keeps a role or is kept, and return the personal-data columns.

    A role column with personal data loses its role (and is dropped with the others); a column the
    user chose (``chosen``: role -> column, ``keep``: columns to keep) with personal data is an
    :class:`~kernel.errors.ImportFileError`, since what was asked cannot be done safely. A category
    column that is free text (:func:`category_problem`) loses its role when it was detected, and is
    kept with a warning when the user chose it. Each decision is written into ``report``.
    ``cols`` (role -> column) is changed in place. ``counted`` (a dict, when given) receives the role columns'
    counted values (column -> :class:`_Counted`) for the caller's own checks. ``verdicts``: what
    :func:`role_verdicts` found for these roles, when the caller had it found already.
    """
    from kernel.errors import ImportFileError

    personal: dict[str, str] = {}
    verdicts = verdicts if verdicts is not None else role_verdicts(raw, cols)
    for role in GUARDED_ROLES:
        col = cols.get(role)
        if col is None:
            continue
        found = verdicts.get(role)
        if found is None or found[0] != col:  # a role given another column since
            found = role_verdicts(raw, {role: col})[role]
        _, values, shape, what = found
        if counted is not None and values is not None:
            counted[col] = values
        problem = f"bevat persoonsgegevens ({what})" if what is not None else shape
        if problem is None:
            continue
        if chosen.get(role) is not None and what is not None:
            raise ImportFileError(f"De gekozen kolom '{col}' kan geen {ROLE_LABELS[role]} zijn: {problem}.",
                                  path=path, column=col, hint=_choose_hint(role))
        if chosen.get(role) is not None:
            report.warn(f"De gekozen kolom '{col}' {problem}; toch als {ROLE_LABELS[role]} gebruikt.")
            continue
        del cols[role]
        if what is not None:
            personal[col] = what
        report.extra.setdefault("roles_refused", {})[role] = {"column": col, "reason": problem}
        hint = _choose_hint(role)
        instead = {"category": hint[0].upper() + hint[1:] + ".", "id": "Rijnummers gebruikt als id."}.get(role, "")
        report.warn(f"Kolom '{col}' is niet als {ROLE_LABELS[role]} gebruikt: hij {problem}. {instead}".rstrip())
    for col in keep:
        what = column_kind(raw[col], col)
        if what is not None:
            raise ImportFileError(f"De kolom '{col}' bevat persoonsgegevens ({what}) en wordt niet bewaard.",
                                  path=path, column=col, hint="kies alleen kolommen zonder persoonsgegevens")
    used = set(cols.values()) | set(personal) | set(keep)
    parsed = {cols[r] for r in cols if r not in GUARDED_ROLES}
    rest = raw[[c for c in raw.columns if c not in used or c in parsed]]
    personal.update(personal_columns(rest, skip=parsed, known=verdicts.get(None)))
    return personal


def _choose_hint(role: str) -> str:
    if role == "category":
        return "kies een andere kolom met --category-column KOLOM, of geen met --category-column geen"
    return f"kies een andere kolom als {ROLE_LABELS[role]}, of geen"


#: Longest rejected value the project keeps (a longer one is cut).
MAX_STORED_VALUE = 100


def stored_value(value, column: str | None, personal: set[str]):
    """A rejected (or duplicated) value as the project may keep it: None when it is a whole line
    (``column`` None), comes from a personal-data column or holds personal data itself; else the
    value, cut to :data:`MAX_STORED_VALUE` characters.

    >>> stored_value("abc", "x", set()), stored_value("06-12345678", "x", set()), stored_value("a;b", None, set())
    ('abc', None, None)
    """
    if value is None or column is None or column in personal or textscan.is_personal(value):
        return None
    if isinstance(value, str) and len(value) > MAX_STORED_VALUE:
        return value[:MAX_STORED_VALUE] + "…"
    return value


def minimise_report(report: dict) -> dict:
    """An ImportReport's dict (:meth:`ImportReport.to_dict`) as the project keeps it: rejected rows keep
    their row, column and reason, and their value only where :func:`stored_value` allows; so do
    the values of duplicated registrations. Everything else is as it was."""
    out = dict(report)
    personal = set(report.get("personal_data_columns") or [])
    if isinstance(report.get("rejections"), list):
        out["rejections"] = [dict(r, value=stored_value(r.get("value"), r.get("column"), personal))
                             if isinstance(r, dict) else r for r in report["rejections"]]
    if isinstance(report.get("duplicates"), list):
        out["duplicates"] = [dict(d, value=stored_value(d.get("value"), d.get("column"), personal))
                             if isinstance(d, dict) and "value" in d else d for d in report["duplicates"]]
    return out
