"""Guard rails: the Dutch warnings of hotspots.guards."""
from __future__ import annotations

from hotspots import guards


def test_mostly_zeros_and_too_few():
    assert guards.mostly_zeros([0, 1, 2, 0]) == []
    assert "3 van de 4 cellen (75%)" in guards.mostly_zeros([0, 0, 0, 5], "cellen")[0]
    assert guards.too_few(30, 30) == []
    w = guards.too_few(12, 8)
    assert "maar 12 gebieden" in w[0] and "maar 8 incidenten" in w[1]
    assert len(guards.too_few(None, 8)) == 1


def test_hot_only_because_of_neighbours():
    w = guards.hot_by_neighbours(["A", "B", "C", "D"], ["Aa", "Bb", "Cc", "Dd"], [10, 1, 0, 3], [3, 2, 0, 0])
    assert len(w) == 1 and "1 gebied(en)" in w[0] and "Bb (B)" in w[0] and "Aa" not in w[0]


def test_year_mismatch():
    assert guards.year_mismatch([2017] * 3, [2017, 2017]) == []
    w = guards.year_mismatch([2017], [2013, 2016, 2017])
    assert "van 2017, de cijfers van 2013-2017" in w[0]
    assert guards.year_mismatch([], [2015]) == []
