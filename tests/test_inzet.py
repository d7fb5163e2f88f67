"""Inzetplanner: expected incidents, the exact and greedy choice of shifts, the plan and its sentences."""
from __future__ import annotations

import itertools
import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from hotspots.inzet import plan as inzet
from hotspots.inzet import expect as inzet_expect
from hotspots.inzet import optimise as inzet_opt
from hotspots.params import METHODS
from kernel.errors import AnalysisError


# -- helpers ------------------------------------------------------------------------------------------
def _areas(n=3, names=None):
    names = names or [f"Buurt {chr(65 + i)}" for i in range(n)]
    return gpd.GeoDataFrame({"code": [f"BU{i:08d}" for i in range(n)], "name": names},
                            geometry=[box(1000 * i, 0, 1000 * i + 1000, 1000) for i in range(n)],
                            crs="EPSG:28992")


def _incidents(rows):
    """rows: (area_index, timestamp, count) -> one point incident per count, in the middle of the area."""
    out = []
    for a, ts, k in rows:
        for _ in range(k):
            out.append({"x": 1000 * a + 500.0, "y": 500.0, "start": pd.Timestamp(ts), "end": pd.NaT,
                        "category": "Diefstal Fiets"})
    frame = pd.DataFrame(out)
    frame["id"] = [str(i) for i in range(len(frame))]
    return frame


def _brute_force(values, cand, n_shifts, max_per_area):
    best = -1.0
    for combo in itertools.combinations(range(len(cand)), n_shifts):
        per_area = np.bincount(cand.area[list(combo)])
        if per_area.max() > max_per_area:
            continue
        best = max(best, inzet_opt.plan_value(values, cand, combo))
    return best


# -- the choice --------------------------------------------------------------------------------------
def test_known_optimum_where_greedy_is_worse():
    """Values 1,3,3,1 in four hours and two shifts of two hours: the optimum takes both halves (8);
    greedy takes the middle (6) and then one of the 1's (7)."""
    v = np.zeros((1, 168))
    v[0, 10:14] = [1, 3, 3, 1]
    cand = inzet_opt.candidates(np.array([True]), hours=(10, 14), length=2)
    exact = inzet_opt.solve_milp(v, cand, 2, 2)
    greedy = inzet_opt.solve_greedy(v, cand, 2, 2)
    assert exact.optimal
    assert exact.objective == pytest.approx(8.0)
    assert sorted(cand.start[exact.selected].tolist()) == [10, 12]
    assert greedy.objective == pytest.approx(7.0)
    assert cand.start[greedy.selected[0]] == 11


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_milp_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    v = np.zeros((3, 168))
    v[:, 8:16] = rng.gamma(0.7, 1.0, size=(3, 8))  # Monday 08-16 only
    cand = inzet_opt.candidates(np.ones(3, bool), hours=(8, 16), length=3)
    keep = cand.day == 0
    cand = inzet_opt.Candidates(cand.area[keep], cand.day[keep], cand.start[keep], cand.length,
                                cand.cells[keep], cand.allowed_hours)
    exact = inzet_opt.solve_milp(v, cand, 3, 2)
    assert exact.optimal
    assert exact.objective == pytest.approx(_brute_force(v, cand, 3, 2), rel=1e-9)
    assert inzet_opt.solve_greedy(v, cand, 3, 2).objective <= exact.objective + 1e-9


def test_overlapping_shifts_are_not_double_counted():
    v = np.zeros((1, 168))
    v[0, 10:14] = [1, 3, 3, 1]
    cand = inzet_opt.candidates(np.array([True]), hours=(10, 14), length=2)
    j10, j11 = (int(np.flatnonzero(cand.start == s)[0]) for s in (10, 11))
    assert inzet_opt.plan_value(v, cand, [j10, j11]) == pytest.approx(1 + 3 + 3)


def test_candidates_respect_hours_step_and_nights():
    cand = inzet_opt.candidates(np.array([True, False]), hours=(7, 23), length=4, step=2)
    assert set(cand.area.tolist()) == {0}
    assert cand.start.min() == 7 and (cand.start + 4).max() <= 23
    assert set(((cand.start - 7) % 2).tolist()) == {0}
    night = inzet_opt.candidates(np.array([True]), hours=(7, 23), length=4, night_days=(4,), night_end=3)
    fri = night.start[night.day == 4]
    assert fri.max() == 23  # 23:00-03:00 on Friday night
    assert night.start[night.day == 3].max() == 19
    j = int(np.flatnonzero((night.day == 4) & (night.start == 23))[0])
    assert night.cells[j].tolist() == [4 * 24 + 23, 5 * 24, 5 * 24 + 1, 5 * 24 + 2]
    with pytest.raises(AnalysisError, match="past niet in de inzettijden"):
        inzet_opt.candidates(np.array([True]), hours=(7, 9), length=4)


def test_infeasible_spread_rule_is_a_dutch_error():
    v = np.ones((2, 168))
    cand = inzet_opt.candidates(np.array([True, True]), length=4)
    with pytest.raises(AnalysisError, match="5 diensten passen niet: 2 toegestane gebieden"):
        inzet_opt.solve_milp(v, cand, 5, 2)


# -- expected incidents --------------------------------------------------------------------------------
def test_dirichlet_concentration_recovers_simulated_k():
    rng = np.random.default_rng(42)
    p = rng.dirichlet(np.ones(24) * 3)
    k_true = 20.0
    counts = np.array([rng.multinomial(n, rng.dirichlet(k_true * p)) for n in rng.integers(50, 400, size=400)])
    k = inzet_expect.dirichlet_concentration(counts)
    assert k == pytest.approx(k_true, rel=0.25)
    # plain multinomial (no extra spread) -> large k or infinity
    plain = np.array([rng.multinomial(200, p) for _ in range(200)])
    assert inzet_expect.dirichlet_concentration(plain) > 500


def test_shrink_profiles_hand_computation():
    counts = np.array([[4.0, 0.0], [0.0, 4.0], [0.0, 0.0]])
    prof, k = inzet_expect.shrink_profiles(counts, k=4.0)
    # p = (0.5, 0.5); area 0: (4 + 2) / 8, (0 + 2) / 8
    np.testing.assert_allclose(prof, [[0.75, 0.25], [0.25, 0.75], [0.5, 0.5]])
    assert k == 4.0


def test_expected_totals_weights_and_no_season():
    areas = _areas(2)
    # Monday 2024-01-01 .. two weeks; area 0: 3 at Monday 10h, area 1: 1 at Tuesday 20h
    inc = _incidents([(0, "2024-01-01 10:00", 2), (0, "2024-01-08 10:30", 1), (1, "2024-01-02 20:00", 1)])
    inc["area"] = np.where(inc["x"] < 1000, "BU00000000", "BU00000001")
    inc.loc[inc.index[-1], "category"] = "Overlast"
    e = inzet_expect.expected_incidents(inc, areas["code"].tolist(), history=("2024-01-01", "2024-01-15"),
                                        weights={"Diefstal Fiets": 3.0, "Overlast": 1.0}, seasonal=False)
    assert e.weeks == pytest.approx(2.0)
    np.testing.assert_allclose(e.values.sum(axis=1), [3 * 3 / 2, 1 / 2])
    assert e.values[0, 10] == pytest.approx(4.5)  # one category per area: no smoothing possible
    assert "aoristisch" in e.notes[0]


def test_season_factor_from_month_index():
    # two years with twice as many incidents per day in July as in other months
    days = pd.date_range("2022-01-01", "2023-12-31", freq="D")
    starts = pd.Series(np.repeat(days, np.where(days.month == 7, 2, 1)))
    f, index = inzet_expect.seasonal_factor(starts, np.ones(len(starts)), (pd.Timestamp("2022-01-01"),
                                            pd.Timestamp("2024-01-01")),
                                            (pd.Timestamp("2024-07-01"), pd.Timestamp("2024-08-01")))
    overall = len(starts) / len(days)
    assert f == pytest.approx(2 / overall)
    assert index[1] == pytest.approx(1 / overall)


# -- the whole plan --------------------------------------------------------------------------------------
def _weeks_of(rows, weeks=8):
    return [(a, pd.Timestamp(ts) + pd.Timedelta(weeks=w), k) for w in range(weeks) for a, ts, k in rows]


def test_run_plan_constraints_sentences_and_uniform():
    areas = _areas(3, ["Centrum", "Noord", "Zuid"])
    rows = [(0, "2024-01-02 20:00", 3), (0, "2024-01-02 21:00", 3), (1, "2024-01-05 15:00", 2),
            (2, "2024-01-06 09:00", 1), (0, "2024-01-04 02:00", 5)]  # a night hour outside 07-23
    inc = _incidents(_weeks_of(rows))
    plan = inzet.run(areas, inc, {"shifts": 3, "shift_hours": 2, "max_per_area": 2, "seasonal": False,
                                  "smoothing": False, "exclude": "BU00000002"})
    s = plan.shifts
    assert len(s) == 3
    assert s["area"].value_counts().max() <= 2
    assert "BU00000002" not in set(s["area"])
    assert (s["start_hour"] >= 7).all() and (s["start_hour"] + s["hours"] <= 23).all()
    assert plan.solver["optimal"]
    # the two best blocks: Centrum Tuesday 20-22 (6/week), Noord Friday 15-17 (2/week); the third shift is empty
    top = s.sort_values("expected", ascending=False)
    assert top.iloc[0][["day", "start", "end", "area_name"]].tolist() == ["dinsdag", "20:00", "22:00", "Centrum"]
    per_week = 8 / ((plan.history[1] - plan.history[0]) / pd.Timedelta(weeks=1))  # 8 weeks of data
    assert top.iloc[0]["expected"] == pytest.approx(6.0 * per_week)
    assert top.iloc[1]["area_name"] == "Noord" and top.iloc[1]["expected"] == pytest.approx(2.0 * per_week)
    total = 6 + 2 + 1 + 5
    assert plan.expected_total == pytest.approx(total * per_week)
    assert plan.coverage == pytest.approx(8 / total)
    # the greedy choice finds the same two blocks here: 8 of 14 = 57,1%, nothing short (Dutch decimal comma)
    assert plan.greedy["coverage"] == pytest.approx(8 / total) and plan.greedy["gap"] == 0
    assert "Een snelle benadering (steeds de dienst die het meest toevoegt) dekt 57,1%, 0,0% minder dan dit plan." \
        in plan.notes
    assert any(n.startswith("Keuze: de beste combinatie van diensten, exact berekend (HiGHS)") and n.endswith(" s, bewezen optimaal.")
               for n in plan.notes)
    # uniform: 3 x 2 hours over 2 allowed areas x 112 allowed hours, times the allowed share (8 of 14)
    assert plan.coverage_uniform == pytest.approx(6 / (2 * 16 * 7) * 8 / total)
    for r in s.itertuples():
        assert r.reason.startswith(f"{r.day} {r.start}-{r.end} {r.area_name}: ")
    assert "100% van de fietsdiefstallen op dinsdag hier valt in de avond" in top.iloc[0]["reason"]
    assert "vrije dienst" in top.iloc[2]["reason"] and top.iloc[2]["expected"] == 0
    assert set(plan.codes) == {"BU00000000", "BU00000001"}  # the planned areas, for the map to highlight
    assert len(plan.area_codes) == 3 and plan.covered.shape == (3, 168)
    rooster = plan.rooster()
    assert list(rooster.index) == list(inzet.DAYS)
    assert rooster.loc["dinsdag", "Dienst 1"] == "20:00-22:00 Centrum"
    d = plan.to_dict()
    assert {"shifts", "coverage", "coverage_uniform", "greedy", "solver"} <= set(d)
    assert set(d["shifts"][0]) >= {"day", "start", "end", "area", "expected", "reason"}


def test_run_nights_and_gistar_sentence():
    areas = _areas(2, ["Centrum", "Noord"])
    inc = _incidents(_weeks_of([(0, "2024-01-06 00:30", 4), (1, "2024-01-03 12:00", 1)]))  # Saturday 00:30
    hot = pd.DataFrame({"code": areas["code"], "gi_class": [3, 0], "gi_label": ["Hot spot 99%", "Niet significant"]})
    plan = inzet.run(areas, inc, {"shifts": 1, "shift_hours": 4, "nights": "vr", "seasonal": False},
                     hotspot_result=hot)
    r = plan.shifts.iloc[0]
    assert (r["day"], r["start"], r["end"], r["area_name"]) == ("vrijdag", r["start"], r["end"], "Centrum")
    assert r["start_hour"] in (21, 22, 23) and r["start_hour"] + 4 <= 27
    assert r["reason"].endswith("een hotspot op de kaart (99% betrouwbaar).")


def test_run_evaluation_hit_rate_and_pai():
    areas = _areas(4)
    hist = _weeks_of([(0, "2024-01-02 20:00", 2), (1, "2024-01-03 10:00", 1)], weeks=8)
    future = _weeks_of([(0, "2024-03-05 20:30", 1), (2, "2024-03-06 10:00", 1), (3, "2024-03-06 10:00", 2)],
                       weeks=4)
    inc = _incidents(hist + future)
    plan = inzet.run(areas, inc, {"shifts": 1, "shift_hours": 2, "seasonal": False, "weeks_history": 8},
                     evaluate_from="2024-02-27", hotspot_result=None)
    ev = plan.evaluation
    assert plan.shifts.iloc[0]["area"] == "BU00000000"
    # 4 of the 16 future incidents fall in the planned shift; the planned area is 1/4 of the surface
    assert ev["hit_rate"] == pytest.approx(4 / 16)
    assert ev["pai"] == pytest.approx((4 / 16) / (1 / 4))
    assert plan.to_dict()["hit_rate"] == pytest.approx(0.25)


def test_method_is_registered_with_dutch_labels():
    m = METHODS["inzet"]
    assert m.param("shifts").label == "Diensten per week"
    assert m.param("weeks_history").flag == "--weeks-history"
    with pytest.raises(AnalysisError, match="Dienstlengte \\(uur\\): 13 is groter dan het maximum 12"):
        m.validate({"shift_hours": 13})


@pytest.mark.parametrize("text, message", [("7-", "niet te lezen"), ("25-03", "geen geldig venster")])
def test_bad_hours(text, message):
    with pytest.raises(AnalysisError, match=message):
        inzet.parse_hours(text)


def test_bad_inputs_are_dutch_errors():
    areas = _areas(2)
    inc = _incidents(_weeks_of([(0, "2024-01-02 20:00", 1)], weeks=2))
    with pytest.raises(AnalysisError, match="Nachtdiensten: 'vrijdagavond' is geen dag"):
        inzet.run(areas, inc, {"nights": "vrijdagavond", "shifts": 1})
    with pytest.raises(AnalysisError, match="Geen van de gekozen categorieën"):
        inzet.run(areas, inc, {"categories": "woninginbraak=3", "shifts": 1})
    with pytest.raises(AnalysisError, match="geen gebied over"):
        inzet.run(areas, inc, {"exclude": "BU00000000,BU00000001", "shifts": 1})
    with pytest.raises(AnalysisError, match="10 diensten passen niet: 2 toegestane gebieden met maximaal 3"):
        inzet.run(areas, inc, {"shifts": 10})
    assert inzet.parse_weights("woninginbraak=3, overlast=1,5") == {"woninginbraak": 3.0, "overlast": 1.5}
    assert math.isinf(inzet_expect.dirichlet_concentration(np.ones((3, 4))))


def test_category_weights_change_the_choice():
    areas = _areas(2, ["Centrum", "Noord"])
    inc = _incidents(_weeks_of([(0, "2024-01-02 20:00", 3), (1, "2024-01-03 10:00", 2)]))
    inc.loc[inc["x"] < 1000, "category"] = "overlast"
    inc.loc[inc["x"] > 1000, "category"] = "woninginbraak"
    plain = inzet.run(areas, inc, {"shifts": 1, "shift_hours": 2, "seasonal": False}, hotspot_result=pd.DataFrame())
    weighted = inzet.run(areas, inc, {"shifts": 1, "shift_hours": 2, "seasonal": False,
                                      "categories": "Woninginbraak=3, overlast=1, vuurwerk=2"},
                         hotspot_result=pd.DataFrame())
    assert weighted.warnings == ["Categorie(ën) niet in de gegevens: vuurwerk. Wel aanwezig: overlast, woninginbraak."]
    assert plain.shifts.iloc[0]["area_name"] == "Centrum"
    assert weighted.shifts.iloc[0]["area_name"] == "Noord"
    assert "gewogen incidenten" in weighted.shifts.iloc[0]["reason"]
    only = inzet.run(areas, inc, {"shifts": 1, "shift_hours": 2, "seasonal": False, "categories": "overlast"},
                     hotspot_result=pd.DataFrame())
    assert only.expected_total == pytest.approx(plain.expected_total * 3 / 5)


# -- one assignment per plan -------------------------------------------------------------------------
def _grid_case():
    """A 4 x 4 grid of buurten, a busy corner (Gi* finds it) and a few quiet incidents, eight weeks."""
    areas = gpd.GeoDataFrame({"code": [f"BU{i:08d}" for i in range(16)]},
                             geometry=[box(1000 * (i % 4), 1000 * (i // 4), 1000 * (i % 4) + 1000,
                                           1000 * (i // 4) + 1000) for i in range(16)], crs="EPSG:28992")
    rng = np.random.default_rng(7)
    rows = []
    for i in range(16):
        k = 12 if i in (0, 1, 4, 5) else int(rng.integers(0, 3))
        rows += [(i, f"2024-01-0{2 + i % 5} {8 + i % 12:02d}:00", k)]
    inc = _incidents(_weeks_of(rows))  # x in the middle of column `area_index`; move each to its row
    index = np.array([i for i, _, k in _weeks_of(rows) for _ in range(k)])
    inc["x"], inc["y"] = 1000.0 * (index % 4) + 500.0, 1000.0 * (index // 4) + 500.0
    return areas, inc


def test_incidents_are_assigned_to_areas_once(monkeypatch):
    """The plan assigns the history once and its Gi* map reuses it (run_hotspots(..., assigned=True))."""
    from hotspots.where import hotspots as analysis
    from hotspots.where import assign

    areas, inc = _grid_case()
    calls = []
    real = assign.assign_points

    def spy(incidents, *args, **kwargs):
        calls.append(len(incidents))
        return real(incidents, *args, **kwargs)

    monkeypatch.setattr(assign, "assign_points", spy)  # every step locates through assign.ensure_assigned
    plan = inzet.run(areas, inc, {"shifts": 2, "shift_hours": 2, "seasonal": False})
    assert calls == [len(inc)]
    assert "gi_class" in plan.areas and (plan.areas["gi_class"] > 0).any()
    # the Gi* map is the one that run_hotspots gets when it assigns the incidents itself
    own = analysis.run_hotspots(areas, incidents=inc)
    assert plan.areas["gi_class"].tolist() == own.areas["gi_class"].tolist()
    # incidents that already carry their area (as the desktop app gives them) are not located at all
    with_area = real(inc, areas).incidents
    calls.clear()
    again = inzet.run(areas, with_area, {"shifts": 2, "shift_hours": 2, "seasonal": False})
    assert calls == []
    assert again.shifts[["day", "start", "area"]].equals(plan.shifts[["day", "start", "area"]])


def test_run_hotspots_uses_the_area_column_when_told():
    from hotspots.where.hotspots import run_hotspots
    from hotspots.where.assign import assign_points

    areas, inc = _grid_case()
    inc.loc[inc.index[:3], ["x", "y"]] = 99999.0  # three far outside every buurt
    located = run_hotspots(areas, incidents=inc)
    done = assign_points(inc, areas).incidents
    reused = run_hotspots(areas, incidents=done, assigned=True)
    assert reused.outside == located.outside == 3
    np.testing.assert_allclose(reused.areas["count"], located.areas["count"])
    np.testing.assert_allclose(reused.areas["z"], located.areas["z"])
    # without the flag a filled column is not trusted: the points are located again
    done.loc[done.index[3:], "area"] = "BU00000000"
    assert run_hotspots(areas, incidents=done).areas["count"].tolist() == located.areas["count"].tolist()
    assert run_hotspots(areas, incidents=done, assigned=True).areas["count"].iloc[0] == len(inc) - 3


def test_area_codes_with_spaces_match_as_in_run_hotspots():
    """Codes are compared without surrounding spaces, in the plan as in its Gi* map (hotspots.where.assign.area_codes)."""
    from hotspots.where.assign import assign_points

    areas, inc = _grid_case()
    with_area = assign_points(inc, areas).incidents
    padded = areas.assign(code=" " + areas["code"] + " ")
    plain = inzet.run(areas, with_area, {"shifts": 2, "shift_hours": 2, "seasonal": False})
    spaced = inzet.run(padded, with_area, {"shifts": 2, "shift_hours": 2, "seasonal": False})
    assert spaced.area_codes == plain.area_codes and spaced.expected_total == pytest.approx(plain.expected_total)
    assert spaced.shifts[["day", "start", "area"]].equals(plain.shifts[["day", "start", "area"]])
    assert spaced.areas["gi_class"].tolist() == plain.areas["gi_class"].tolist()
    assert not any("Gi* niet berekend" in w for w in spaced.warnings)
    doubled = pd.concat([areas, areas.iloc[[0]]], ignore_index=True)
    with pytest.raises(AnalysisError, match=f"dubbele gebiedscodes: {areas['code'].iat[0]}\\."):
        inzet.run(doubled, with_area, {"shifts": 2, "shift_hours": 2, "seasonal": False})
