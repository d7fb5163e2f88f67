"""Guard rails: the Dutch warnings of hotspots.where.guards."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from hotspots.where import guards
from resources import demo


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


def test_permutation_floor_against_benjamini_hochberg():
    """The warning fires exactly when one area at the smallest pseudo p-value cannot pass BH."""
    from hotspots.where.guards import permutation_floor
    from hotspots.significance import benjamini_hochberg

    for perms, m in ((999, 108), (9999, 108), (999, 40), (99, 30), (999, 14500)):
        floor = 1 / (perms + 1)
        p = np.r_[floor, np.ones(m - 1)]  # one area at the floor, the rest nowhere near
        passes = benjamini_hochberg(p)[0] <= 0.05
        assert bool(permutation_floor(perms, m)) == (not passes), (perms, m)
    text = permutation_floor(999, 14500)[0]
    assert "kleinste p-waarde 0,001" in text and "14.500 gebieden" in text and "290 gebieden" in text
    assert "99.999" in text  # the advice stays within what the method allows
    assert permutation_floor(999, 108, fdr=False) == [] and permutation_floor(0, 108) == []


def test_lisa_on_groningen_warns_about_the_permutation_floor():
    from hotspots.where.hotspots import run_hotspots

    areas = gpd.read_file(demo.AREAS, layer=demo.AREAS_LAYER)
    incidents = pd.read_csv(demo.INCIDENTS, parse_dates=["start", "end"])
    r = run_hotspots(areas, incidents=incidents, params={"method": "lisa"})
    assert any("Met 999 permutaties" in w for w in r.warnings)
    r = run_hotspots(areas, incidents=incidents, params={"method": "lisa", "permutations": 9999})
    assert not any("permutaties" in w for w in r.warnings)


def test_hot_by_neighbours_with_names_missing_as_pandas_na():
    """Areas without a name (pd.NA in a pandas string column, the wijken of a file with buurten only) are named
    by their code."""
    import pandas as pd

    w = guards.hot_by_neighbours(["A", "B", "C", "D"], pd.array([pd.NA, "Bb", pd.NA, "Dd"], dtype="string"),
                                 [10, 1, 0, 3], [3, 2, 0, 0])
    assert len(w) == 1 and "Bb (B)" in w[0]
