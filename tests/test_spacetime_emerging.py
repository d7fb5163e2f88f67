"""Emerging hot spots: Gi* on space-time neighbours against esda, Mann-Kendall against pymannkendall,
one hand-built series per ArcGIS category, and the whole run on the demo's bicycle thefts."""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pymannkendall as mk  # the independent reference (a test dependency)
import pytest
from esda.getisord import G_Local
from hypothesis import given, settings, strategies as st
from libpysal.weights import W as LibW

import importers
from hotspots.inputs import Inputs
from hotspots.significance import mann_kendall, mann_kendall_rows
from hotspots.spacetime import emerging
from hotspots.spacetime.cube import cube_from_incidents, month_range
from hotspots.spacetime.gistar import spacetime_gistar, spacetime_weights
from hotspots.spacetime.inputs import choose_incidents
from hotspots.spacetime.patterns import CATEGORIES, COLOURS, LABELS, classify
from kernel.errors import AnalysisError
from resources import demo


@functools.lru_cache(maxsize=None)
def _demo():
    areas, _ = importers.read_boundaries(demo.AREAS)
    incidents, _ = importers.read_incidents(demo.INCIDENTS)
    return areas, incidents


@functools.lru_cache(maxsize=None)
def _demo_cube():
    areas, incidents = _demo()
    chosen, _ = choose_incidents(incidents)
    return cube_from_incidents(chosen, areas)


def _libpysal(m) -> LibW:
    return LibW({i: m.indices[m.indptr[i]:m.indptr[i + 1]].tolist() for i in range(m.shape[0])},
                silence_warnings=True)


# -- Gi* of every time step against esda's G_Local on the same space-time weights -----------------------------
# with k = 0 the space-time weights are one copy of the buurten per month: libpysal notes the 56 parts
@pytest.mark.filterwarnings("ignore:The weights matrix is not fully connected:UserWarning")
@pytest.mark.parametrize("k", [0, 1, 2])
def test_cube_window_equals_esda_on_the_space_time_weights(k):
    cube = _demo_cube()
    n_loc, steps = cube.values.shape
    gi = spacetime_gistar(cube.values, cube.weights, k=k, window="cube", fdr=False)
    e = G_Local(cube.values.T.ravel(), _libpysal(spacetime_weights(cube.weights, steps, k)), transform="B",
                star=True, permutations=0)
    z = e.Zs.reshape(steps, n_loc).T  # bin t * L + i
    for t in range(steps):  # each time step's Gi*
        np.testing.assert_allclose(gi.z[:, t], z[:, t], rtol=0, atol=1e-9)
    np.testing.assert_allclose(gi.p, 2 * e.p_norm.reshape(steps, n_loc).T, rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize("k", [0, 1, 3])
def test_steps_window_equals_esda_on_each_steps_own_window(k):
    cube = _demo_cube()
    n_loc, steps = cube.values.shape
    gi = spacetime_gistar(cube.values, cube.weights, k=k, window="steps", fdr=False)
    full = spacetime_weights(cube.weights, steps, k)
    for t in range(0, steps, 5):
        lo = max(0, t - k)
        sub = full[lo * n_loc:(t + 1) * n_loc, lo * n_loc:(t + 1) * n_loc]
        e = G_Local(cube.values[:, lo:t + 1].T.ravel(), _libpysal(sub), transform="B", star=True, permutations=0)
        np.testing.assert_allclose(gi.z[:, t], e.Zs[-n_loc:], rtol=0, atol=1e-9)


def test_space_time_weights_by_hand():
    from scipy import sparse

    w = sparse.csr_matrix(np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]]))  # a - b - c
    m = spacetime_weights(w, steps=3, k=1).toarray()
    # bin (b, t=1) = row 4: a, b, c in steps 0 and 1, except itself
    assert np.flatnonzero(m[4]).tolist() == [0, 1, 2, 3, 5]
    # bin (a, t=0) = row 0: only b in step 0 (nothing before the first step, nothing after)
    assert np.flatnonzero(m[0]).tolist() == [1]
    gi = spacetime_gistar(np.ones((3, 3)), w)
    assert (gi.z == 0).all() and (gi.classes == 0).all()  # a constant cube has no hot spots
    assert gi.W[:, 0].tolist() == [2, 3, 2] and gi.W[:, 2].tolist() == [4, 6, 4]


def test_fdr_runs_over_all_bins_and_is_stricter():
    cube = _demo_cube()
    plain = spacetime_gistar(cube.values, cube.weights, fdr=False)
    fdr = spacetime_gistar(cube.values, cube.weights, fdr=True)
    from hotspots.significance import benjamini_hochberg

    np.testing.assert_array_equal(fdr.p_fdr.ravel(), benjamini_hochberg(plain.p.ravel()))
    assert (np.abs(fdr.classes) <= np.abs(plain.classes)).all()
    assert (np.abs(fdr.classes) < np.abs(plain.classes)).any()


# -- Mann-Kendall against pymannkendall ---------------------------------------------------------------------
def test_mann_kendall_equals_pymannkendall_on_the_demo_z_series():
    cube = _demo_cube()
    z = spacetime_gistar(cube.values, cube.weights).z
    ours = mann_kendall_rows(z)
    for i in range(z.shape[0]):
        ref = mk.original_test(z[i])
        assert (ours["s"][i], ours["var_s"][i], ours["z"][i], ours["tau"][i], ours["slope"][i]) == \
            (ref.s, ref.var_s, ref.z, ref.Tau, ref.slope)
        # pymannkendall computes 2 (1 - cdf), we 2 sf: the same number up to the last bits
        assert ours["p"][i] == pytest.approx(ref.p, rel=1e-12, abs=1e-15)


def test_mann_kendall_with_ties_and_missing_values_equals_pymannkendall():
    x = np.array([1, 2, 2, 2, 3, np.nan, 3, 5, 1, 1, 4, 4, 6], dtype=float)
    ref = mk.original_test(x)
    ours = mann_kendall(x)
    assert (ours["s"], ours["var_s"], ours["z"], ours["tau"], ours["n"]) == (ref.s, ref.var_s, ref.z, ref.Tau, 12)
    assert ours["p"] == pytest.approx(ref.p, rel=1e-12)
    with pytest.raises(AnalysisError, match="ontbrekende waarden"):
        mann_kendall_rows(x[None, :])


# -- one hand-built series per ArcGIS category -----------------------------------------------------------------
N = 20
HOT, COLD, ZERO = 3.0, -3.0, 0.3


def _series(pattern: str, trend: float = 0.0) -> np.ndarray:
    """z-scores from a pattern of h (hot), c (cold) and . (not significant), with a small trend on top."""
    base = np.array([{"h": HOT, "c": COLD, ".": ZERO}[ch] for ch in pattern])
    return base + trend * np.arange(len(pattern))


def _category(z: np.ndarray) -> str:
    z = z[None, :]
    hot, cold = z > 1.645, z < -1.645  # significant at 90%, as ArcGIS
    r = mann_kendall_rows(z)
    return classify(hot, cold, r["s"], r["p"], 0.10)[0][0]


WIGGLE = np.tile([0.0, 0.05], N // 2)  # breaks ties, no trend
CASES = {
    "new_hot": _series("." * (N - 1) + "h"),
    "consecutive_hot": _series("." * (N - 4) + "hhhh"),
    "intensifying_hot": _series("h" * N, trend=0.2),
    "persistent_hot": _series("h" * N) + WIGGLE,
    "diminishing_hot": _series("h" * N, trend=-0.05),
    "sporadic_hot": _series("..h..h....h...h...h"[:N - 1] + "h"),
    "oscillating_hot": _series("...cc....h....c..." + ".h"),
    "historical_hot": _series("h" * (N - 1) + "."),
    "new_cold": _series("." * (N - 1) + "c"),
    "consecutive_cold": _series("." * (N - 3) + "ccc"),
    "intensifying_cold": _series("c" * N, trend=-0.2),
    "persistent_cold": _series("c" * N) + WIGGLE,
    "diminishing_cold": _series("c" * N, trend=0.05),
    "sporadic_cold": _series(".c...c..c.....c..." + ".c"),
    "oscillating_cold": _series("..hh......h......." + ".c"),
    "historical_cold": _series("." + "c" * (N - 2) + "."),
    "none": _series("....hh....hh......" + ".."),
}


def test_every_category_has_a_case_a_label_and_a_colour():
    assert set(CASES) == set(CATEGORIES) == set(LABELS) == set(COLOURS)
    assert all(len(z) == N for z in CASES.values())


@pytest.mark.parametrize("category", list(CASES))
def test_hand_built_series_lands_in_its_category(category):
    assert _category(CASES[category]) == category


def test_ninety_percent_is_counted_as_arcgis_does():
    # 18 of 20 hot (90%) with the last one hot: persistent; 17 of 20 (85%): consecutive or sporadic
    assert _category(_series("..h" + "h" * 17) + WIGGLE) == "persistent_hot"
    assert _category(_series(".h." + "h" * 17) + WIGGLE) == "persistent_hot"
    assert _category(_series("...h" + "h" * 16) + WIGGLE) == "consecutive_hot"
    assert _category(_series(".h.." + "h" * 16) + WIGGLE) == "sporadic_hot"
    # a trend that is not significant at the chosen level is persistent
    z = _series("h" * N, trend=0.01) + np.random.default_rng(1).normal(0, 0.3, N)
    r = mann_kendall_rows(z[None, :])
    assert r["p"][0] > 0.10 and _category(z) == "persistent_hot"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from("hc."), min_size=10, max_size=30))
def test_every_series_gets_exactly_the_category_its_definition_says(pattern):
    z = _series("".join(pattern))
    cat = _category(z)
    n, h, c = len(pattern), pattern.count("h"), pattern.count("c")
    last = pattern[-1]
    if cat == "none":
        assert last == "." and h * 10 < 9 * n and c * 10 < 9 * n
    elif cat == "historical_hot":
        assert last == "." and h * 10 >= 9 * n
    elif cat.endswith("_hot"):
        assert last == "h"
    elif cat.endswith("_cold"):
        assert last == "c" or cat == "historical_cold"
    if cat == "new_hot":
        assert h == 1 and c == 0
    if cat == "consecutive_hot":
        assert c == 0 and "".join(pattern).rstrip("h").count("h") == 0 and h >= 2 and h * 10 < 9 * n
    if cat == "oscillating_hot":
        assert c > 0 and h * 10 < 9 * n
    if cat == "sporadic_hot":
        assert c == 0 and h * 10 < 9 * n


# -- the whole run ---------------------------------------------------------------------------------------------
def test_a_planted_new_hot_spot_is_found():
    areas, incidents = _demo()
    rng = np.random.default_rng(5)
    inc = incidents[incidents["start"] < "2017-09-01"]
    # 120 extra thefts in August 2017 only, in the Florabuurt (never hot before; 60 would not be significant
    # against the whole cube, whose counts reach 81 a month in the Binnenstad)
    target = areas[areas["code"] == "BU00140403"].geometry.iloc[0]
    x0, y0 = target.representative_point().coords[0]
    extra = pd.DataFrame({"x": x0 + rng.normal(0, 20, 120), "y": y0 + rng.normal(0, 20, 120),
                          "start": pd.Timestamp("2017-08-10") + pd.to_timedelta(rng.integers(0, 20, 120), "D")})
    r = emerging.run(Inputs(areas=areas, incidents=pd.concat([inc, extra], ignore_index=True)))
    row = r.locations.set_index("code").loc["BU00140403"]
    assert row["category"] == "new_hot", row["sentence"]
    assert "augustus 2017 voor het eerst een hot spot" in row["sentence"]


def test_demo_bicycle_thefts_by_month():
    areas, incidents = _demo()
    r = emerging.run(Inputs(areas=areas, incidents=incidents))
    assert len(r.locations) == 108 and len(r.months) == 56  # September 2017 is partial and left out
    assert str(r.months[-1]) == "2017-08" and any("september 2017" in n for n in r.notes)
    by = r.locations.set_index("code")
    assert by.loc["BU00140000", "category"] == "persistent_hot"  # Binnenstad-Noord, hot every month
    assert by.loc["BU00140000", "hot_steps"] == 56
    assert sum(r.summary.values()) == 108
    d = r.to_dict()
    assert len(d["bins"]) == 108 * 56 and d["locations"][0]["sentence"]
    assert [x["category"] for x in d["legend"]] == list(CATEGORIES)
    assert r.sentences[0].startswith("Van de 108 buurten")


def test_counts_cells_and_refusals():
    areas, incidents = _demo()
    counts, _ = importers.read_counts(demo.COUNTS, areas=areas)
    r = emerging.run(Inputs(areas=areas, counts=counts))
    assert len(r.months) == 36 and r.bins["count"].sum() == counts.loc[counts["code"].str.startswith("BU"),
                                                                          "count"].sum()
    cells = emerging.run(Inputs(areas=areas, incidents=incidents), {"unit": "hexagon", "cell": 500})
    assert cells.unit == "hexagon" and cells.locations["code"].str.startswith("H").all()
    with pytest.raises(AnalysisError, match="minstens 10 maanden"):
        emerging.run(Inputs(areas=areas, incidents=incidents), {"start": "2016-01", "end": "2016-06"})
    with pytest.raises(AnalysisError, match="Cellen vragen incidenten"):
        emerging.run(Inputs(areas=areas, counts=counts), {"unit": "square"})
    with pytest.raises(AnalysisError, match="Geef incidenten of tellingen"):
        emerging.run(Inputs(areas=areas))
    with pytest.raises(AnalysisError, match="geen maand"):
        emerging.run(Inputs(areas=areas, incidents=incidents), {"start": "maart"})
    # a total beside its sub-category (issue 11): never summed; the total is the default and the notes say so
    two = pd.concat([counts, counts.assign(category="0.0.0", category_label="Totaal misdrijven")])
    total = emerging.run(Inputs(areas=areas, counts=two))
    assert total.bins["count"].sum() == r.bins["count"].sum()
    assert any("categorie '0.0.0 Totaal misdrijven'" in n and "nooit opgeteld" in n for n in total.notes)
    with pytest.raises(AnalysisError, match="overlappen"):
        emerging.run(Inputs(areas=areas, counts=two), {"category": "alle"})


def test_partial_months_at_both_ends_are_left_out_unless_chosen():
    t = pd.Series(pd.to_datetime(["2016-01-15", "2016-02-01", "2016-05-31"]))
    months, notes = month_range(t)
    assert [str(m) for m in months] == ["2016-02", "2016-03", "2016-04", "2016-05"] and len(notes) == 1
    months, notes = month_range(t, start="2016-01")
    assert str(months[0]) == "2016-01" and notes == []
