"""Getis-Ord Gi*: agreement with esda.G_Local(star=True) on columbus and on Groningen; FDR; classes."""
from __future__ import annotations

import numpy as np
import pytest
from esda.getisord import G_Local
from libpysal.weights import Queen

import hotspot_data
from hotspot_data import esda_notices, groningen_areas, groningen_incidents
from hotspots.where.assign import assign_points
from hotspots.where.getis_ord import CLASS_COLOURS, CLASS_LABELS, GiStar
from hotspots.significance import confidence_classes
from hotspots.where.weights import queen
from kernel.errors import AnalysisError

@pytest.fixture(scope="module")
def columbus():
    return hotspot_data.columbus()


def _esda(y, lw, transform, **kw):
    lw.transform = "B"  # binary input: esda then puts 1 on the diagonal before its transform
    return G_Local(y, lw, transform=transform, star=True, **kw)


@pytest.mark.parametrize("ours,theirs", [("binary", "B"), ("row", "R")])
def test_z_agrees_with_esda_on_columbus_crime(columbus, ours, theirs):
    y, lw, w = columbus
    e = _esda(y, lw, theirs, permutations=0)
    g = GiStar(y, w, transform=ours)
    np.testing.assert_allclose(g.z, e.Zs, rtol=0, atol=1e-9)
    np.testing.assert_allclose(g.G, e.Gs, rtol=1e-12, atol=0)
    np.testing.assert_allclose(g.EG, e.EGs, rtol=1e-12)
    np.testing.assert_allclose(g.VG, e.VGs, rtol=1e-12)
    np.testing.assert_allclose(g.p, 2 * e.p_norm, rtol=1e-12)


@pytest.mark.parametrize("ours,theirs", [("binary", "B"), ("row", "R")])
def test_z_agrees_with_esda_on_groningen_bicycle_theft_counts(groningen, ours, theirs):
    areas = groningen_areas(groningen)
    y = assign_points(groningen_incidents(groningen), areas).counts(areas["code"]).to_numpy(float)
    e = _esda(y, Queen.from_dataframe(areas, use_index=False), theirs, permutations=0)
    g = GiStar(y, queen(areas), transform=ours)
    np.testing.assert_allclose(g.z, e.Zs, rtol=0, atol=1e-9)


@esda_notices
@pytest.mark.parametrize("ours,theirs", [("binary", "B"), ("row", "R")])
def test_permutation_p_equals_esda_for_the_same_seed(columbus, ours, theirs):
    y, lw, w = columbus
    e = _esda(y, lw, theirs, permutations=299, seed=7)
    g = GiStar(y, w, transform=ours, permutations=299, seed=7, fdr=False)
    # esda keeps p_sim in float32; the counts behind it are identical
    np.testing.assert_allclose(g.p_sim, e.p_sim, rtol=1e-6)
    np.testing.assert_allclose(g.sim, e.rGs, rtol=1e-12)
    assert np.array_equal(GiStar(y, w, permutations=99, seed=3).p_sim, GiStar(y, w, permutations=99, seed=3).p_sim)


def test_hand_computed_line_of_three():
    # x = 1, 2, 6 on a path a-b-c; binary with self: W = (2, 3, 2), n = 3, mean 3, S^2 = 41/3 - 9
    from scipy import sparse

    w = sparse.csr_matrix(np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]]))
    # z_i = (sum_j w_ij x_j - mean W_i) / (S sqrt(W_i (n - W_i) / (n - 1))): a: (3 - 6) / (S * 1), c: (8 - 6) / S
    s = np.sqrt(41 / 3 - 9)
    g = GiStar(np.array([1.0, 2.0, 6.0]), w, fdr=False)
    np.testing.assert_allclose(g.z, [-3 / s, 0.0, 2 / s], rtol=1e-12)


def test_classes_at_90_95_99_and_fdr_is_stricter(columbus):
    assert confidence_classes([3.0, -2.0, 1.7, 1.0, -3.0], [0.002, 0.04, 0.09, 0.3, 0.001]).tolist() == \
        [3, -2, 1, 0, -3]
    y, _, w = columbus
    plain = GiStar(y, w, fdr=False)
    fdr = GiStar(y, w, fdr=True)
    assert (np.abs(fdr.classes) <= np.abs(plain.classes)).all()
    assert (np.abs(plain.classes) > np.abs(fdr.classes)).any()
    assert set(CLASS_LABELS) == set(CLASS_COLOURS) == set(range(-3, 4))
    assert fdr.labels[int(np.argmax(fdr.z))].startswith("Hot spot")
    assert any("Benjamini-Hochberg" in s for s in fdr.notes())


def test_bad_input_is_a_dutch_error(columbus):
    y, _, w = columbus
    with pytest.raises(AnalysisError, match="49 gebieden in de burenlijst"):
        GiStar(y[:10], w)
    with pytest.raises(AnalysisError, match="ontbrekende waarden"):
        GiStar(np.where(np.arange(49) == 3, np.nan, y), w)
    with pytest.raises(AnalysisError, match="Onbekende weging"):
        GiStar(y, w, transform="kernel")
    assert (GiStar(np.ones(49), w).z == 0).all()
