"""The week-hour matrix: hand-computed aoristic cases, the repairs, and agreement with a plain loop."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hotspots.when.aoristic import DAY_NAMES, week_hour, week_hour_loop, week_hour_matrix


def _t(*values):
    return pd.Series(pd.to_datetime(list(values)))


def test_sunday_2330_to_monday_0030_splits_half_half():
    # 2017-09-24 is a Sunday, 2017-09-25 a Monday
    m = week_hour_matrix(_t("2017-09-24 23:30"), _t("2017-09-25 00:30"))
    assert m.shape == (7, 24)
    assert m[6, 23] == pytest.approx(0.5, abs=1e-12)
    assert m[0, 0] == pytest.approx(0.5, abs=1e-12)
    assert m.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.count_nonzero(m > 1e-12) == 2


def test_two_week_window_gives_one_168th_everywhere():
    m = week_hour_matrix(_t("2017-09-01 13:17"), _t("2017-09-15 13:17"))
    np.testing.assert_allclose(m, np.full((7, 24), 1 / 168), rtol=0, atol=1e-15)


def test_exactly_one_week_is_even_too():
    m = week_hour_matrix(_t("2017-09-20 10:10"), _t("2017-09-27 10:10"))
    np.testing.assert_allclose(m, 1 / 168, atol=1e-15)


def test_window_in_proportion_to_minutes():
    # Tuesday 10:30-13:00 = 150 minutes: 30 in 10h, 60 in 11h, 60 in 12h
    m = week_hour_matrix(_t("2017-09-19 10:30"), _t("2017-09-19 13:00"))
    np.testing.assert_allclose(m[1, 10:13], [0.2, 0.4, 0.4], atol=1e-12)
    assert m.sum() == pytest.approx(1.0, abs=1e-12)


def test_window_over_sunday_night_wraps_to_monday():
    m = week_hour_matrix(_t("2017-09-24 22:00"), _t("2017-09-25 02:00"))
    np.testing.assert_allclose([m[6, 22], m[6, 23], m[0, 0], m[0, 1]], 0.25, atol=1e-12)


def test_same_hour_and_point_and_missing_end_give_weight_one():
    start = _t("2017-09-22 22:05", "2017-09-22 22:59", "2017-09-22 22:40")
    end = _t("2017-09-22 22:55", "2017-09-22 22:59", None)
    wh = week_hour(start, end)
    assert wh.matrix[4, 22] == pytest.approx(3.0)
    assert wh.matrix.sum() == pytest.approx(3.0)
    assert wh.missing_end == 1
    assert DAY_NAMES[4] == "vrijdag"


def test_end_before_start_is_counted_and_swapped():
    ordered = week_hour(_t("2017-09-19 10:30"), _t("2017-09-19 13:00"))
    reversed_ = week_hour(_t("2017-09-19 13:00"), _t("2017-09-19 10:30"))
    assert reversed_.swapped == 1 and ordered.swapped == 0
    np.testing.assert_allclose(reversed_.matrix, ordered.matrix, atol=1e-15)


def test_missing_start_is_left_out_and_counted():
    wh = week_hour(_t("2017-09-19 10:30", None), _t("2017-09-19 11:30", "2017-09-19 11:30"))
    assert wh.n == 1 and wh.missing_start == 1
    assert wh.matrix.sum() == pytest.approx(1.0)


def test_start_only_matches_pandas_crosstab():
    rng = np.random.default_rng(1)
    start = pd.Series(pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 3 * 365 * 1440, 5000),
                                                                   unit="min"))
    m = week_hour_matrix(start, None, aoristic=False)
    ref = pd.crosstab(start.dt.day_of_week, start.dt.hour).reindex(index=range(7), columns=range(24),
                                                                 fill_value=0)
    np.testing.assert_array_equal(m, ref.to_numpy())


def _random_windows(n, seed):
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2014-01-01") + pd.to_timedelta(rng.integers(0, 4 * 365 * 1440, n), unit="min")
    kind = rng.integers(0, 5, n)
    length = np.select([kind == 0, kind == 1, kind == 2, kind == 3],
                       [0, rng.integers(1, 60, n), rng.integers(1, 3 * 1440, n),
                        rng.integers(3 * 1440, 9 * 1440, n)], rng.integers(-600, 20 * 1440, n))
    end = start + pd.to_timedelta(length, unit="min")
    return pd.Series(start), pd.Series(end)


def test_sum_equals_number_of_incidents_and_matches_the_loop():
    start, end = _random_windows(4000, seed=7)
    wh = week_hour(start, end)
    assert wh.n == 4000 and wh.swapped > 0 and wh.long_windows > 0
    assert wh.matrix.sum() == pytest.approx(4000, rel=1e-12)
    np.testing.assert_allclose(wh.matrix, week_hour_loop(start, end), rtol=1e-10, atol=1e-10)


def test_numpy_datetime_and_timezone_aware_input_use_wall_clock():
    s = np.array(["2017-09-24T23:30"], dtype="datetime64[us]")
    e = np.array(["2017-09-25T00:30"], dtype="datetime64[us]")
    a = week_hour_matrix(s, e)
    tz = week_hour_matrix(pd.Series(pd.to_datetime(s)).dt.tz_localize("Europe/Amsterdam"),
                          pd.Series(pd.to_datetime(e)).dt.tz_localize("Europe/Amsterdam"))
    np.testing.assert_allclose(a, tz)
    assert a[6, 23] == pytest.approx(0.5)


def test_groningen_all_registrations(groningen):
    """All 15,947 registrations: both matrices add up to the count; the aoristic one moves weight to the night."""
    df = pd.read_excel(groningen / "Diefstal_fiets_Groningen_stad_vanaf_2013.xlsx",
                       usecols=["Begin-pleegdatum/tijd", "Eind-pleegdatum/tijd"], engine="calamine")
    start, end = df["Begin-pleegdatum/tijd"], df["Eind-pleegdatum/tijd"]
    ao = week_hour(start, end)
    so = week_hour(start, end, aoristic=False)
    assert ao.n == so.n == 15947
    assert ao.matrix.sum() == pytest.approx(15947, rel=1e-12)
    assert so.matrix.sum() == 15947
    # the README: 54% of the start times fall on the full hour
    assert (start.dt.minute == 0).mean() == pytest.approx(0.54, abs=0.005)
    night_ao, night_so = ao.matrix[:, :6].sum(), so.matrix[:, :6].sum()
    assert night_so == 1318 and night_ao == pytest.approx(3292.3, abs=0.1)
    np.testing.assert_allclose(ao.matrix, week_hour_loop(start, end), atol=1e-9)


def test_property_sum_and_loop_agree():
    """Any windows (points, swapped, over the week end, longer than a week): sum == n, equal to the loop."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    minute = st.integers(0, 3 * 365 * 1440)
    length = st.one_of(st.just(0), st.integers(-3000, 3000), st.integers(9000, 30000))

    @settings(max_examples=60, deadline=None, derandomize=True)
    @given(st.lists(st.tuples(minute, length), min_size=1, max_size=40))
    def check(pairs):
        s = np.datetime64("2015-01-01T00:00", "m") + np.array([p[0] for p in pairs]).astype("timedelta64[m]")
        e = s + np.array([p[1] for p in pairs]).astype("timedelta64[m]")
        m = week_hour_matrix(s, e)
        assert m.sum() == pytest.approx(len(pairs), rel=1e-12)
        assert (m >= 0).all()
        np.testing.assert_allclose(m, week_hour_loop(s, e), atol=1e-10)

    check()
