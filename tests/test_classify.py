"""Classification: Fisher-Jenks against an exhaustive search, quantiles against numpy, labels and palettes."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
from matplotlib.colors import to_rgb

from kernel.errors import AnalysisError
from mapping.classify import assign_classes, classify, fisher_jenks, palette, quantile_breaks


def _ssd_total(sorted_values, cuts):
    bounds = [0, *cuts, len(sorted_values)]
    return sum(((g := sorted_values[a:b]) - g.mean()).dot(g - g.mean()) for a, b in zip(bounds, bounds[1:]))


def _brute_force(values, k):
    """The optimal breaks by trying every way to cut the sorted values into k groups."""
    v = np.sort(np.asarray(values, dtype=float))
    best = min(itertools.combinations(range(1, len(v)), k - 1), key=lambda cuts: _ssd_total(v, cuts))
    return _ssd_total(v, best)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("k", [2, 3, 4])
def test_fisher_jenks_is_optimal(seed, k):
    values = np.random.default_rng(seed).gamma(2.0, 5.0, size=11).round(2)
    breaks = fisher_jenks(values, k)
    v = np.sort(values)
    cuts = [int(np.searchsorted(v, b, side="right")) for b in breaks[:-1]]
    assert len(breaks) == k
    assert _ssd_total(v, cuts) == pytest.approx(_brute_force(values, k), rel=1e-12, abs=1e-9)


def test_fisher_jenks_by_hand():
    assert fisher_jenks([1, 2, 3, 10, 11, 12, 30], 3) == [3.0, 12.0, 30.0]
    assert fisher_jenks([5, 5, 5], 3) == [5.0]  # fewer distinct values than classes
    assert fisher_jenks([np.nan, 1, 2], 2) == [1.0, 2.0]


def test_fisher_jenks_sampled_keeps_the_maximum():
    values = np.random.default_rng(3).gamma(2, 3, size=20_000)
    breaks = fisher_jenks(values, 5, max_exact=500)
    assert len(breaks) == 5 and breaks[-1] == values.max()
    assert np.all(np.diff(breaks) > 0)


def test_quantiles_match_numpy():
    values = np.random.default_rng(1).poisson(10, 200).astype(float)
    expected = sorted(set(np.quantile(values, [0.2, 0.4, 0.6, 0.8, 1.0]).tolist()))
    assert quantile_breaks(values, 5) == expected


def test_assign_classes_upper_bounds_inclusive():
    assert assign_classes([0, 3, 3.5, 12, 99, np.nan], [3.0, 12.0, 30.0]).tolist() == [0, 0, 1, 1, 2, -1]


def test_classify_labels_and_colours():
    cl = classify([0, 1, 2, 5, 8, 13, 21, 34], scheme="fixed", breaks=[2, 8])
    assert cl.breaks == [2.0, 8.0, 34.0]
    assert cl.labels == ["0 - 2", "3 - 8", "9 - 34"]
    assert cl.classes.tolist() == [0, 0, 0, 1, 1, 2, 2, 2]
    assert len(cl.colours) == 3
    rates = classify([0.5, 1.25, 2.75, 3.5], scheme="quantiles", k=2)
    assert rates.labels == ["0,5 - 2,0", "2,0 - 3,5"]  # Dutch decimal comma


def test_palette_is_sequential_light_to_dark():
    cols = palette("YlOrRd", 5)
    lum = [0.2126 * r + 0.7152 * g + 0.0722 * b for r, g, b in map(to_rgb, cols)]
    assert len(set(cols)) == 5 and lum == sorted(lum, reverse=True)


def test_errors_are_dutch():
    with pytest.raises(AnalysisError, match="Onbekende klassenindeling 'gelijk'"):
        classify([1, 2], scheme="gelijk")
    with pytest.raises(AnalysisError, match="Vaste klassen vragen klassengrenzen"):
        classify([1, 2], scheme="fixed")
    with pytest.raises(AnalysisError, match="Onbekend kleurenpalet 'Jet'"):
        palette("Jet", 3)
    with pytest.raises(AnalysisError, match="tussen 1 en 9"):
        classify([1, 2], k=12)
