"""Inzetplanner for a chosen month: the history weighted to its season, last month's plan beside it (which
shifts changed and why), and the naive plans of the Terugblik on the same weeks, all by hand."""
from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from hotspots.inzet import changes as inzet_changes
from hotspots.inzet import evaluate as inzet_eval
from hotspots.inzet import expect as inzet_expect
from hotspots.inzet import optimise as inzet_opt
from hotspots.inzet import plan as inzet
from hotspots.inzet import text as inzet_text


def _areas(names=("Zomer", "Winter", "Stil")):
    return gpd.GeoDataFrame({"code": [f"BU{i:08d}" for i in range(len(names))], "name": list(names)},
                            geometry=[box(1000 * i, 0, 1000 * i + 1000, 1000) for i in range(len(names))],
                            crs="EPSG:28992")


def _incidents(rows):
    out = [{"x": 1000 * a + 500.0, "y": 500.0, "start": pd.Timestamp(ts), "end": pd.NaT, "category": "Overlast"}
           for a, ts, k in rows for _ in range(k)]
    frame = pd.DataFrame(out)
    frame["id"] = [str(i) for i in range(len(frame))]
    return frame


def _seasonal_history():
    """Two years: 'Zomer' busy on Saturday afternoons in June-August (3 a week), 'Winter' on Tuesday
    evenings in December-February (2 a week), 'Stil' once a month on a Monday morning."""
    rows = []
    for day in pd.date_range("2015-01-01", "2016-12-31", freq="D"):
        if day.month in (6, 7, 8) and day.weekday() == 5:
            rows.append((0, day + pd.Timedelta(hours=14), 3))
        if day.month in (12, 1, 2) and day.weekday() == 1:
            rows.append((1, day + pd.Timedelta(hours=20), 2))
        if day.day == 1 and day.weekday() == 0:
            rows.append((2, day + pd.Timedelta(hours=9), 1))
    return _incidents(rows)


PARAMS = {"shifts": 1, "shift_hours": 2, "hours": "07-23", "max_per_area": 1, "smoothing": False}


def test_month_kernel_by_hand():
    k = inzet_expect.month_kernel((pd.Timestamp("2017-01-01"), pd.Timestamp("2017-02-01")), bandwidth=1.0)
    assert k[1] == 1.0 and k[12] == pytest.approx(math.exp(-0.5)) and k[2] == pytest.approx(math.exp(-0.5))
    assert k[11] == pytest.approx(math.exp(-2.0)) and k[7] == pytest.approx(math.exp(-18.0))
    # a week across two months: the mean over its days (3 days of June, 4 of July)
    w = inzet_expect.month_kernel((pd.Timestamp("2017-06-28"), pd.Timestamp("2017-07-05")), bandwidth=1.0)
    assert w[6] == pytest.approx((3 + 4 * math.exp(-0.5)) / 7) and w[7] == pytest.approx((3 * math.exp(-0.5) + 4) / 7)
    # the default bandwidth: two months
    d = inzet_expect.month_kernel((pd.Timestamp("2017-01-01"), pd.Timestamp("2017-02-01")))
    assert inzet_expect.SEASON_BANDWIDTH == 2.0
    assert [d[m] for m in (1, 2, 3, 4, 7)] == pytest.approx([math.exp(-k * k / 8) for k in (0, 1, 2, 3, 6)])


def test_the_plan_follows_the_season_of_the_chosen_month():
    areas, inc = _areas(), _seasonal_history()
    summer = inzet.run(areas, inc, PARAMS, history_from="2015-01-01", target_from="2017-07-01",
                       target_to="2017-08-01", hotspot_result=pd.DataFrame())
    winter = inzet.run(areas, inc, PARAMS, history_from="2015-01-01", target_from="2017-01-01",
                       target_to="2017-02-01", hotspot_result=pd.DataFrame())
    assert summer.shifts.iloc[0][["area_name", "day", "start"]].tolist() == ["Zomer", "zaterdag", "14:00"]
    assert winter.shifts.iloc[0][["area_name", "day", "start"]].tolist() == ["Winter", "dinsdag", "20:00"]
    assert summer.target == (pd.Timestamp("2017-07-01"), pd.Timestamp("2017-08-01"))
    # the expectation is the kernel-weighted mean rate: sum_m K_m n_m / (sum_days K_month(day) / 7)
    k = inzet_expect.month_kernel(summer.target)
    # the history: the data's first day (a Tuesday) up to the day after its last
    assert summer.history == (pd.Timestamp("2015-01-06"), pd.Timestamp("2016-12-28"))
    days = pd.date_range("2015-01-06", "2016-12-27", freq="D")
    exposure = sum(k[m] for m in days.month) / 7
    sat = inc[(inc["category"] == "Overlast") & (pd.to_datetime(inc["start"]).dt.day_of_week == 5)]
    weighted = sum(k[m] for m in pd.to_datetime(sat["start"]).dt.month)
    t = 5 * 24 + 14  # Saturday 14:00
    assert summer.expected[0, t] == pytest.approx(weighted / exposure)
    assert any(n.startswith("Seizoen: de historie telt per maand mee") and "mei, juni, juli, augustus, september" in n
               for n in summer.notes)
    # without a chosen month the plan is the old one: every month alike (Zomer has more incidents in all)
    plain = inzet.run(areas, inc, PARAMS, history_from="2015-01-01", hotspot_result=pd.DataFrame())
    assert plain.shifts.iloc[0]["area_name"] == "Zomer"


def test_history_follows_the_window_period_and_never_reaches_the_plan():
    areas, inc = _areas(), _seasonal_history()
    plan = inzet.run(areas, inc, PARAMS, history_from="2015-06-01", history_to="2016-07-01",
                     target_from="2016-06-01", target_to="2016-07-01", hotspot_result=pd.DataFrame())
    assert plan.history == (pd.Timestamp("2015-06-01"), pd.Timestamp("2016-06-01"))
    with pytest.raises(inzet.AnalysisError, match="geen historie om van te leren"):
        inzet.run(areas, inc, PARAMS, history_from="2016-08-01", target_from="2016-06-01", target_to="2016-07-01")


def test_plan_periods_and_the_period_before():
    periods = inzet_changes.plan_periods(pd.Timestamp("2017-09-20 13:00"), months=3, weeks=2)
    assert [p[0] for p in periods] == ["oktober 2017", "november 2017", "december 2017",
                                       "week 39: 25-09-2017 t/m 01-10-2017", "week 40: 02-10-2017 t/m 08-10-2017"]
    assert periods[2][1:] == (pd.Timestamp("2017-12-01"), pd.Timestamp("2018-01-01"))
    assert inzet_changes.previous_period(periods[0][1:]) == (pd.Timestamp("2017-09-01"), pd.Timestamp("2017-10-01"))
    assert inzet_changes.previous_period(periods[4][1:]) == (pd.Timestamp("2017-09-25"), pd.Timestamp("2017-10-02"))
    assert inzet_changes.previous_period((pd.Timestamp("2017-03-01"), pd.Timestamp("2017-04-01"))) == \
        (pd.Timestamp("2017-02-01"), pd.Timestamp("2017-03-01"))


def test_this_plan_against_last_months_plan_by_hand():
    """December against November: the winter area comes in, the summer area goes; 'Stil' stays."""
    areas, inc = _areas(), _seasonal_history()
    params = {**PARAMS, "shifts": 2}
    plan = inzet_changes.run(areas, inc, params, target=(pd.Timestamp("2017-01-01"), pd.Timestamp("2017-02-01")),
                             history_from="2015-01-01", hotspot_result=pd.DataFrame())
    before = inzet.run(areas, inc, params, history_from="2015-01-01", target_from="2016-12-01",
                       target_to="2017-01-01", hotspot_result=pd.DataFrame())
    ch = plan.changes
    assert ch.previous == (pd.Timestamp("2016-12-01"), pd.Timestamp("2017-01-01"))
    now = {(r.area_name, r.day, r.start) for r in plan.shifts.itertuples()}
    then = {(r.area_name, r.day, r.start) for r in before.shifts.itertuples()}
    table = ch.table.set_index("status")
    assert ch.counts["blijft"] == len(now & then)
    assert ch.counts["nieuw"] + ch.counts["verschoven"] == len(now - then)
    assert ch.counts["vervalt"] + ch.counts["verschoven"] == len(then - now)
    # every row's numbers are the two plans' expectations of that block
    index = {c: i for i, c in enumerate(plan.area_codes)}
    for r in ch.table.itertuples():
        day, hours = r.shift.split(" ")
        start = int(hours[:2])
        d = list(inzet.DAYS).index(day)
        a = index[areas.loc[areas["name"] == r.area_name, "code"].iloc[0]]
        t = [(24 * d + start + j) % 168 for j in range(2)]
        if r.status != "verschoven":
            assert r.now == pytest.approx(plan.expected[a, t].sum())
            assert r.before == pytest.approx(before.expected[a, t].sum())
        assert inzet.nl.number(r.now, 2) in r.why
    assert ch.summary().startswith("Tegenover het plan voor december 2016: ")
    assert len(table) == len(ch.table)


def test_a_hand_made_change_table():
    """Two hand-made plans of one area: one shift kept, one moved, one new and one dropped."""
    from types import SimpleNamespace

    def plan(rows, expected):
        shifts = pd.DataFrame([{"area": "A", "area_name": "Centrum", "day": inzet.DAYS[d], "day_index": d,
                                "start": f"{s:02d}:00", "end": f"{s + 2:02d}:00", "start_hour": s, "hours": 2}
                               for d, s in rows])
        return SimpleNamespace(shifts=shifts, expected=expected, area_codes=["A"])

    now, before = np.zeros((1, 168)), np.zeros((1, 168))
    now[0, 10:12], before[0, 10:12] = 1.0, 1.0      # Monday 10-12: in both
    now[0, 24 + 16:24 + 18] = 2.0                   # Tuesday 16-18 now, 14-16 before: moved
    before[0, 24 + 14:24 + 16] = 1.5
    now[0, 48 + 20:48 + 22] = 3.0                   # Wednesday 20-22: new
    before[0, 72 + 8:72 + 10] = 0.5                 # Thursday 08-10: dropped
    ch = inzet_changes.compare(plan([(0, 10), (1, 16), (2, 20)], now), plan([(0, 10), (1, 14), (3, 8)], before),
                               (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01")))
    assert ch.counts == {"nieuw": 1, "verschoven": 1, "vervalt": 1, "blijft": 1}
    rows = {r.status: r for r in ch.table.itertuples()}
    assert rows["nieuw"].shift == "woensdag 20:00-22:00" and rows["nieuw"].why.startswith(
        "nu 6,00 verwacht per week in dit blok, in januari 2024 0,00")
    assert rows["verschoven"].why == "was 14:00-16:00; nu 4,00 verwacht per week in 16:00-18:00 tegen 0,00 in 14:00-16:00."
    assert rows["vervalt"].shift == "donderdag 08:00-10:00" and "in januari 2024 1,00" in rows["vervalt"].why
    assert rows["blijft"].why == "nog steeds een van de drukste blokken (2,00 verwacht per week, in januari 2024 2,00)."
    assert ch.summary() == ("Tegenover het plan voor januari 2024: 1 van de diensten blijven, 1 verschuiven, "
                            "1 zijn nieuw en 1 vervallen.")


# -- the naive plans of the Terugblik -------------------------------------------------------------------
def test_naive_plans_by_hand():
    """Three areas, a history and a look-back week: each naive plan's cells and share computed by hand."""
    codes = ["A", "B", "C"]
    cand = inzet_opt.candidates(np.ones(3, bool), hours=(8, 12), length=2)
    raw = np.zeros((3, 168))
    raw[0, 8:10] = [5, 5]      # A: Monday 08-10, the busiest area
    raw[1, 24 + 10:24 + 12] = [3, 3]  # B: Tuesday 10-12
    raw[2, 8:10] = [2, 2]      # C: Monday 08-10
    # the city's peak block is Monday 08-10 (14); the two busiest areas there are A and B
    chosen, blocks = inzet_eval.busiest_areas_plan(raw, cand, 2)
    assert blocks == [(0, 8)]
    assert sorted((int(cand.area[j]), int(cand.day[j]), int(cand.start[j])) for j in chosen) == [(0, 0, 8), (1, 0, 8)]
    # more shifts than areas: the next block, from the busiest area again
    chosen, blocks = inzet_eval.busiest_areas_plan(raw, cand, 4)
    assert blocks[0] == (0, 8) and len(blocks) == 2
    assert (int(cand.area[chosen[3]]), int(cand.day[chosen[3]]), int(cand.start[chosen[3]])) == (0, *blocks[1])


def test_baselines_on_the_same_weeks_by_hand():
    areas = _areas(("A", "B", "C"))
    hist = [(0, "2024-01-01 08:00", 5), (1, "2024-01-02 10:00", 3), (2, "2024-01-01 08:00", 2)]
    rows = [(a, pd.Timestamp(ts) + pd.Timedelta(weeks=w), k) for w in range(4) for a, ts, k in hist]
    # the look-back week: B moved to Monday 08:00 (4), A quiet (1), C on Wednesday 11:00 (3)
    rows += [(1, "2024-01-29 08:00", 4), (0, "2024-01-29 08:00", 1), (2, "2024-01-31 11:00", 3)]
    inc = _incidents(rows)
    plan = inzet.run(areas, inc, {"shifts": 2, "shift_hours": 2, "hours": "08-12", "max_per_area": 1,
                                  "seasonal": False, "smoothing": False},
                     history_from="2024-01-01", evaluate_from="2024-01-29", evaluate_to="2024-02-05",
                     hotspot_result=pd.DataFrame())
    base = {b["key"]: b for b in plan.evaluation["baselines"]}
    assert list(base) == ["ours", "hindsight", "raw_greedy", "busiest"]
    # hindsight: B Monday 08-10 (4) and C Wednesday 10-12 or 11-13 (3): 7 of 8
    assert base["hindsight"]["hit_rate"] == pytest.approx(7 / 8)
    # ours and the raw greedy plan (no smoothing, no season: the same numbers) take A Mon 08 and B Tue 10: 1 of 8
    assert base["ours"]["hit_rate"] == pytest.approx(1 / 8) == plan.evaluation["hit_rate"]
    assert base["raw_greedy"]["hit_rate"] == pytest.approx(1 / 8)
    # the two busiest areas (A, B) at the city's peak block (Monday 08-10): 1 + 4 of 8
    assert base["busiest"]["hit_rate"] == pytest.approx(5 / 8)
    assert base["busiest"]["of_hindsight"] == pytest.approx(5 / 7)
    rows = inzet_text.lookback_rows(plan)
    assert rows[0] == ("Dit plan", "12,5%", "14%") and rows[1][2] == "100%"
    assert rows[3] == (inzet_eval.BASELINES[2][1], "62,5%", "71%")


@pytest.mark.slow
def test_groningen_first_half_2017_beside_the_naive_plans(groningen):
    """The demo city, learnt from 2015-2016, looked back on the first half of 2017 (issue 18's comparison)."""
    from hotspot_data import groningen_areas, groningen_incidents

    plan = inzet.run(groningen_areas(groningen), groningen_incidents(groningen),
                     {"shifts": 10, "shift_hours": 4, "hours": "07-23"}, history_from="2015-01-01",
                     evaluate_from="2017-01-01", evaluate_to="2017-07-01")
    base = {b["key"]: b["hit_rate"] for b in plan.evaluation["baselines"]}
    assert base["ours"] == plan.evaluation["hit_rate"]
    assert base["hindsight"] > base["ours"] > base["raw_greedy"] > base["busiest"]
    assert base["ours"] == pytest.approx(0.0454, abs=5e-4)
    assert base["hindsight"] == pytest.approx(0.0654, abs=5e-4)
    assert base["raw_greedy"] == pytest.approx(0.0393, abs=5e-4)
    assert base["busiest"] == pytest.approx(0.0307, abs=5e-4)
