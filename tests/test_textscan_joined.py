"""The privacy scan over all values at once (issue 11, import speed) finds exactly what a scan of each value
finds: every pattern searched over the joined values (:class:`importers.textscan.Joined`), every cheap gate
that rules a pattern out, the whole-value search of :mod:`importers.personal`, and ``hits`` as a whole against
a plain per-value reference, on values built to break it (newlines and carriage returns inside values, empty
values, separators of the join inside values, non-ASCII digits and letters, near-misses of every pattern)."""
from __future__ import annotations

import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from importers import personal, textscan
from importers.textscan import ADDRESS, BIRTH, BSN, EMAIL, NAME, PHONE, PLATE, POSTCODE, Joined

#: Characters every pattern looks at or must step over: word boundaries, the join's own separators, digits of
#: another script (``\d`` matches them), letters beyond ASCII with and without an upper case.
CHARS = "aAbBsSnNjJkKmMdDhrevwiIgGZzXo0123456789 \n\r\t\x00@.-+/:,()_'é߀ŸÀ٣\u00a0\u2003"
#: Pieces of every kind and their near-misses, glued together and to random characters.
PIECES = ["06-12345678", "0612345678", "+31 6 12345678", "0031 50 3671234", "050 367 1234", "(0)6 1234 5678",
          "01-03-2016 10:00", "612345678", "31612345678", "9711 AB", "9711AB", "1234 KM", "J. de Vries", "A.P.V.",
          "dhr. Jansen", "Dhr Bakker", "mevr El Amrani", "de heer P. Bakker", "Jan Jansen", "Fatima el Amrani",
          "Kerkstraat 12", "Grote Markt 1", "Willem Barentszstraat", "a@b.nl", "j.jansen@example.nl", "x@", "bsn ",
          "BSN: ", "sofinummer ", "111222333", "123456789", "1112223334", "٣٣٣٣٣٣٣٣٣", "PL0100_3606792",
          "Melding ", "12-ABC-3", "27-ntc-2", "XX-99-99", "9-XX-999", "1-JAN-16", "AB-12", "111.222.333",
          "111 222 333", "1.234.567", "111.222.333,5", "geb. 01-02-1980", "geboren op 1 februari 1980", "geb ",
          "Kerkstr. 12", "Kerkstr 1", "Marktpl.", "fam. Jansen", "familie ", "J de Vries", "U de ", "B van ",
          "door jan de vries", "door ", "Mohammed B.", "Jan B.V.", "9711 ab", "2016 en", "Zwerfvuil Kerkstraat",
          "Overlast jeugd", "\n", "\r\n", " ", ""]
TEXT = st.one_of(st.text(CHARS, max_size=30),
                 st.lists(st.one_of(st.sampled_from(PIECES), st.text(CHARS, max_size=4)), max_size=5).map("".join))
VALUES = st.lists(TEXT, min_size=1, max_size=25)
SEARCHED = {**{kind: textscan.PATTERNS[kind] for kind in textscan.PATTERNS}, "nine": textscan.NINE_DIGITS,
            "grouped": textscan.BSN_GROUPED, "bare_initial": textscan._BARE_INITIAL,
            "first_initial": textscan._FIRST_INITIAL, "cued": textscan._CUED, "cue": textscan.BSN_CUE,
            "hint": textscan._NAME_HINT, "hint_capital": textscan._NAME_HINTS[0],
            "hint_title": textscan._NAME_HINTS[1]}
WHOLE = {**personal.WHOLE, "any": personal._WHOLE_ANY, "bare_mobile": textscan.BARE_MOBILE, "nine": personal._NINE}


def _per_value(pattern: re.Pattern, texts: list[str]) -> list[bool]:
    return [pattern.search(t) is not None for t in texts]


@settings(max_examples=400, deadline=None)
@given(VALUES, st.randoms(use_true_random=False))
def test_a_search_over_the_joined_values_finds_what_each_values_search_finds(texts, rnd):
    scan = Joined(texts)
    among = np.array([rnd.random() < 0.6 for _ in texts])
    for name, pattern in SEARCHED.items():
        each = _per_value(pattern, texts)
        assert scan.where(pattern).tolist() == each, name
        assert scan.where(pattern, among).tolist() == [e and a for e, a in zip(each, among)], name


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_the_name_hint_in_two_searches_is_the_one_hint(texts):
    scan = Joined(texts)
    both = scan.where(textscan._NAME_HINTS[0]) | scan.where(textscan._NAME_HINTS[1])
    assert both.tolist() == _per_value(textscan._NAME_HINT, texts)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_the_gates_never_leave_out_a_value_the_pattern_finds_something_in(texts):
    gates = textscan._gates(Joined(texts))
    for kind in (PHONE, POSTCODE, ADDRESS, PLATE, BIRTH):
        found = np.array(_per_value(textscan.PATTERNS[kind], texts))
        assert not (found & ~gates[kind]).any(), kind
    assert not (np.array(_per_value(textscan.NINE_DIGITS, texts)) & ~gates["nine"]).any()
    assert not (np.array(_per_value(textscan.BSN_GROUPED, texts)) & ~gates["grouped"]).any()
    words = [" " in t or "@" in t or t.upper() != t for t in texts]
    assert gates["words"].tolist() == words


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_the_whole_value_search_over_the_joined_values_is_each_values_fullmatch(texts):
    scan = Joined(texts)
    for name, pattern in WHOLE.items():
        assert scan.fullmatched(pattern).tolist() == [pattern.fullmatch(t) is not None for t in texts], name
    expected = [len(t) <= 120 and ("@" in t or " " in t or len(t) <= 12 or t[:1] in "+0") for t in texts]
    assert personal._maybe_whole(scan).tolist() == expected
    could = personal._could_be_whole(scan)
    assert not any(personal._WHOLE_ANY.fullmatch(t) and not c for t, c in zip(texts, could)), texts


def _hits_per_value(texts: list[str]) -> dict[str, list[bool]]:
    """What :func:`textscan.hits` must give, value by value with the module's own patterns."""
    out = {kind: [textscan.PATTERNS[kind].search(t) is not None for t in texts]
           for kind in (EMAIL, PHONE, POSTCODE, ADDRESS, PLATE, BIRTH)}
    tokens = {i: textscan.bsn_in(t) for i, t in enumerate(texts)
              if textscan.NINE_DIGITS.search(t) or textscan.BSN_GROUPED.search(t)}
    total, good = sum(n for n, _ in tokens.values()), sum(p for _, p in tokens.values())
    mostly = total > 0 and good >= 0.5 * total
    out[BSN] = [i in tokens and tokens[i][1] > 0 and (mostly or textscan.BSN_CUE.search(t) is not None)
                for i, t in enumerate(texts)]
    out[NAME] = [(" " in t or "@" in t or t.upper() != t) and textscan._NAME_HINT.search(t) is not None
                 and textscan.has_name(t) for t in texts]
    return out


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_hits_over_all_values_at_once_equal_hits_value_by_value(texts):
    got = textscan.hits(texts)
    assert {kind: mask.tolist() for kind, mask in got.items()} == _hits_per_value(texts)


@settings(max_examples=400, deadline=None)
@given(st.lists(TEXT, max_size=12, unique=True), st.sampled_from([None, 1, 3, 100]))
def test_distinct_values_are_taken_as_they_are_only_when_stripping_and_cutting_change_nothing(keys, max_chars):
    if personal._as_they_are(keys, max_chars):
        assert [str(k).strip()[:max_chars] for k in keys] == keys


#: ASCII with every character ``str.strip`` strips (28-31 too), and the same with whitespace beyond ASCII.
ASCII_EDGES = st.text("aZ0_ -\t\x0b\x0c\r\x1c\x1d\x1e\x1f", min_size=1, max_size=6)
EDGES = st.one_of(ASCII_EDGES, st.text("aZ0 \x85\u00a0\u2003\u3000\n", min_size=1, max_size=6))


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.lists(ASCII_EDGES, max_size=10, unique=True), st.lists(EDGES, max_size=10, unique=True)))
def test_values_without_whitespace_at_their_edges_are_told_in_numpy_as_strip_tells_them(keys):
    """The test on the bytes at each value's edges (ASCII values without the separator) and the regex (the rest)
    both say what ``str.strip`` says, for every character it strips; only whitespace beside a line break inside a
    value may send the values the careful way (the regex cannot tell it from an edge)."""
    as_they_are = all(k.strip() == k for k in keys)
    if any("\n" in k for k in keys):
        assert not personal._as_they_are(keys, None) or as_they_are
    else:
        assert personal._as_they_are(keys, None) == as_they_are


def test_whole_values_after_a_letter_with_whitespace_beyond_ascii():
    texts = ["Kerkstraat\u00a012", "Kerkstraat\u200312a", "Kerkstraat\x1c12", "PL0100_1", "j@x.nl"]
    scan = Joined(texts)
    assert personal._could_be_whole(scan).tolist() == [True, True, True, False, True]
    assert scan.fullmatched(personal.WHOLE[ADDRESS]).tolist() == [True, True, True, False, False]


def test_joined_values_with_the_separator_inside_them():
    texts = ["bel\n06-12345678", "06-1234\n5678", "J.\nde Vries", "Kerkstraat\n12", "", "9711\nAB", "a\n@b.nl"]
    scan = Joined(texts)
    for name, pattern in SEARCHED.items():
        assert scan.where(pattern).tolist() == _per_value(pattern, texts), name
    assert scan.where(textscan.PATTERNS[PHONE]).tolist() == [True] + [False] * 6


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_the_name_hint_is_in_every_value_a_name_is_found_in(texts):
    """Names are looked for only where the hint is (:func:`textscan.hits`): every name pattern, the new ones too
    (a bare initial, a first name and an initial, a cue word and a name in lower case), holds it."""
    for t in texts:
        assert not textscan.has_name(t) or textscan._NAME_HINT.search(t), t
        assert not textscan.has_name(t) or " " in t or "@" in t or t.upper() != t, t


def test_the_new_patterns_over_joined_values_with_the_separator_inside_them():
    texts = ["12-ABC\n-3", "12-ABC-3", "111.222\n.333", "111 222 333", "geb.\n01-02-1980", "geb. 01-02-1980",
             "Kerkstr.\n12", "Kerkstr. 12", "J\nde Vries", "J de Vries", "door jan\nde vries", "9711\nab", "9711 ab"]
    scan = Joined(texts)
    for name, pattern in SEARCHED.items():
        assert scan.where(pattern).tolist() == _per_value(pattern, texts), name
    assert scan.where(textscan.PATTERNS[PLATE]).tolist() == [False, True] + [False] * 11
    assert scan.where(textscan.BSN_GROUPED).tolist() == [False] * 3 + [True] + [False] * 9
    assert textscan.hits(texts)[NAME].tolist() == [False] * 9 + [True] + [False] * 3
