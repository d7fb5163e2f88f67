"""Local and global Moran's I: agreement with esda.Moran_Local / esda.Moran; quadrants; FDR."""
from __future__ import annotations

import numpy as np
import pytest
from esda.moran import Moran, Moran_Local
from libpysal.weights import Queen

import hotspot_data
from hotspot_data import esda_notices, groningen_areas, groningen_incidents
from hotspots.where.assign import assign_points
from hotspots.where.moran import LocalMoran, global_moran
from hotspots.where.weights import queen
from kernel.errors import AnalysisError

@pytest.fixture(scope="module")
def columbus():
    return hotspot_data.columbus()


@esda_notices
@pytest.mark.parametrize("ours,theirs", [("row", "r"), ("binary", "b")])
def test_local_moran_agrees_with_esda_including_p_sim(columbus, ours, theirs):
    y, lw, w = columbus
    e = Moran_Local(y, lw, transformation=theirs, permutations=499, seed=11)
    m = LocalMoran(y, w, transform=ours, permutations=499, seed=11, fdr=False)
    np.testing.assert_allclose(m.Is, e.Is, rtol=0, atol=1e-9)
    np.testing.assert_array_equal(m.q, e.q)
    # the same seed gives the same permutation table (esda's convention), hence the same p_sim
    np.testing.assert_allclose(m.p_sim, e.p_sim, rtol=1e-12)
    sig = e.p_sim <= 0.05
    expected = np.where(sig, np.array(["", "HH", "LH", "LL", "HL"])[e.q], "ns")
    assert m.quadrant == expected.tolist()


@esda_notices
def test_local_moran_on_groningen_counts(groningen):
    areas = groningen_areas(groningen)
    y = assign_points(groningen_incidents(groningen), areas).counts(areas["code"]).to_numpy(float)
    e = Moran_Local(y, Queen.from_dataframe(areas, use_index=False), permutations=199, seed=5)
    m = LocalMoran(y, queen(areas), permutations=199, seed=5)
    np.testing.assert_allclose(m.Is, e.Is, rtol=0, atol=1e-9)
    np.testing.assert_allclose(m.p_sim, e.p_sim, rtol=1e-12)
    # the city centre is a cluster of high counts (with 199 permutations the smallest p is 0.005,
    # which FDR over 108 buurten lifts above 0.05: the quadrant is HH but not FDR-significant)
    centre = areas["code"].isin(["BU00140000", "BU00140001"]).to_numpy()
    assert (m.q[centre] == 1).all() and (m.p_sim[centre] == 0.005).all()
    assert (m.p_fdr >= m.p_sim).all()
    m999 = LocalMoran(y, queen(areas), permutations=999, seed=5)
    assert [q for q, c in zip(m999.quadrant, centre) if c] == ["HH", "HH"]


@pytest.mark.parametrize("transform,theirs", [("row", "r"), ("binary", "b")])
def test_global_moran_agrees_with_esda(columbus, transform, theirs):
    y, lw, w = columbus
    e = Moran(y, lw, transformation=theirs, permutations=0)
    g = global_moran(y, w, transform)
    np.testing.assert_allclose([g.I, g.EI, g.z_norm, g.z_rand, g.p_norm, g.p_rand],
                               [e.I, e.EI, e.z_norm, e.z_rand, e.p_norm, e.p_rand], rtol=1e-10)


def test_seed_reproducible_and_errors(columbus):
    y, _, w = columbus
    a = LocalMoran(y, w, permutations=99, seed=1)
    b = LocalMoran(y, w, permutations=99, seed=1)
    assert np.array_equal(a.p_sim, b.p_sim) and a.quadrant == b.quadrant
    assert not np.array_equal(a.p_sim, LocalMoran(y, w, permutations=99, seed=2).p_sim)
    assert LocalMoran(np.ones(49), w, permutations=99).quadrant == ["ns"] * 49
    with pytest.raises(AnalysisError, match="ontbrekende waarden"):
        LocalMoran(np.full(49, np.nan), w)
