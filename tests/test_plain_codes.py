"""The shortcut for columns of plain codes (importers.personal._all_plain_codes): a column it passes is one in which
the full privacy scan finds nothing, value by value and as a column."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importers import personal, textscan

CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
CODE = st.builds(lambda a, b: a + b, st.sampled_from(CAPITALS), st.text(CAPITALS + "0123456789_", max_size=14))
NUMBER = st.builds(lambda a, b: a + b, st.sampled_from("123456789"), st.text("0123456789", max_size=9))
WHOLE = [*personal.WHOLE.values(), personal._NINE, textscan.BARE_MOBILE]


def _full_scan(texts, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(personal, "_all_plain_codes", lambda scan: False)
        return personal._kind_of_texts(texts, [1] * len(texts))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(CODE, NUMBER), min_size=1, max_size=30, unique=True))
def test_plain_codes_hold_nothing(texts):
    if not personal._all_plain_codes(textscan.Joined(texts)):
        return
    assert not any(mask.any() for mask in textscan.hits(texts).values())
    for text in texts:
        assert not textscan.is_personal(text)
        assert not any(p.fullmatch(text) for p in WHOLE)


@pytest.mark.parametrize("texts", [["PL0100_1", "PL0100_2"], ["GEB01011980", "DHR", "FAMILIE"], ["1234", "98765432"],
                                   ["NL12AB", "X12345678", "ZZ_9"]])
def test_passed(texts, monkeypatch):
    assert personal._all_plain_codes(textscan.Joined(texts))
    assert _full_scan(texts, monkeypatch) is None
    assert personal._kind_of_texts(texts, [1] * len(texts)) is None


@pytest.mark.parametrize("texts", [["0612345678"], ["1234AB"], ["123456789"], ["X123456789"], ["ab"], ["A B"],
                                   ["A-1"], ["A\n1"], ["Ä1"], ["12A"], [""]])
def test_refused(texts):
    assert not personal._all_plain_codes(textscan.Joined(texts + ["PL1"]))
