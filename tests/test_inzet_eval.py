"""Inzetplanner looking back: hit rate and PAI by hand, and the Groningen bicycle-theft plan."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hotspot_data import groningen_areas, groningen_incidents
from hotspots.inzet import plan as inzet
from hotspots.inzet import evaluate as inzet_eval
from hotspots.when.hottimes import week_hour_matrix


def test_pai_hand_computation():
    # Chainey et al. (2008): 40% of the incidents in 10% of the area -> PAI 4
    n = np.array([40.0, 30.0, 30.0])
    a = np.array([1.0, 4.5, 4.5])
    assert inzet_eval.pai(n, a, np.array([True, False, False])) == pytest.approx(4.0)
    assert inzet_eval.pai(n, a, np.array([True, True, True])) == pytest.approx(1.0)
    assert np.isnan(inzet_eval.pai(np.zeros(3), a, np.array([True, False, False])))


def test_hit_rate_counts_aoristic_weight_inside_the_plan():
    # one incident 10:30-12:30 on Monday 2024-01-01: a quarter in 10h, half in 11h, a quarter in 12h
    inc = pd.DataFrame({"start": pd.to_datetime(["2024-01-01 10:30", "2024-01-02 09:00"]),
                        "end": pd.to_datetime(["2024-01-01 12:30", None]), "area": ["A", "B"]})
    obs = inzet_eval.observed_cells(inc, ["A", "B"], (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-08")))
    np.testing.assert_allclose(obs[0, 10:13], [0.25, 0.5, 0.25])
    np.testing.assert_allclose(obs.sum(axis=0).reshape(7, 24),
                               week_hour_matrix(inc["start"], inc["end"]))  # agrees with the hot-times module
    covered = np.zeros((2, 168), bool)
    covered[0, 11:13] = True
    assert inzet_eval.hit_rate(obs, covered) == pytest.approx(0.75 / 2)
    ev = inzet_eval.evaluate(inc, ["A", "B"], np.array([1.0, 3.0]), covered,
                             (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-08")),
                             hot_areas=np.array([False, True]))
    assert ev["pai"] == pytest.approx((1 / 2) / (1 / 4))
    assert ev["pai_gistar"] == pytest.approx((1 / 2) / (3 / 4))
    assert ev["pai_space_time"] == pytest.approx((0.75 / 2) / (2 * 1.0 / (4.0 * 168)))


@pytest.mark.slow
def test_groningen_plan_2015_2016_evaluated_on_first_half_2017(groningen):
    areas, inc = groningen_areas(groningen), groningen_incidents(groningen)
    plan = inzet.run(areas, inc, {"shifts": 10, "shift_hours": 4, "hours": "07-23"},
                     history_from="2015-01-01", evaluate_from="2017-01-01", evaluate_to="2017-07-01")
    s = plan.shifts
    ev = plan.evaluation
    assert len(s) == 10 and plan.solver["optimal"]
    assert s["area"].value_counts().max() <= 3
    assert (s["start_hour"] >= 7).all() and (s["start_hour"] + 4 <= 23).all()
    assert s["reason"].str.contains("fietsdiefstallen").all()
    assert s["reason"].str.contains("een hotspot op de kaart (99% betrouwbaar)", regex=False).sum() >= 5  # the plan sits in the Gi* hot spots
    assert plan.coverage > 10 * plan.coverage_uniform
    assert plan.greedy["coverage"] <= plan.coverage + 1e-12
    # looking back: the plan beats an untargeted one out of sample, and its map beats chance
    assert ev["incidents"] > 1000
    assert ev["hit_rate"] > 5 * ev["hit_rate_uniform"]
    assert ev["pai"] > 5
    assert ev["pai_gistar"] > 5 and ev["gistar_hot_areas"] >= 3
