"""The expected range of a month: dispersion and interval by hand, the uncertainty of E, false flags simulated.

The old range was the plain Poisson interval around the seasonal expectation
(``spread="poisson"``); the default widens it for each area's dispersion and for
the uncertainty of the expectation (hotspots/change/expected_range.py).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from hotspots.change.expected_range import MIN_MONTHS, count_range, dispersion, expectation_variance, upper_tail
from hotspots.change.trends import run_trends, seasonal_expectation

# A tiny series: two years; with years_back=1 the expectation of each month of the second year is
# the same month of the first year, and g_t = 1 (the expectation rests on one month).
YEAR1 = [10, 12, 8, 15, 20, 9, 11, 14, 10, 13, 16, 12]
YEAR2 = [18, 6, 14, 9, 35, 3, 17, 8, 16, 7, 22, 19]


def _counts(values, n_series=1, first="2012-01", code="BU"):
    values = np.atleast_2d(values)
    k, t = values.shape
    months = pd.period_range(first, periods=t, freq="M")
    return pd.DataFrame({"code": np.repeat([f"{code}{i:04d}" for i in range(k)], t),
                         "period": pd.PeriodIndex(np.tile(months.to_numpy(), k), freq="M"),
                         "category": "1.2.3", "count": values.ravel().astype(int)})


def test_dispersion_and_range_by_hand():
    r = run_trends(counts=_counts(YEAR1 + YEAR2), params={"years_back": 1})
    s = r.series.set_index(r.series["month"].astype(str))
    # squared forecast errors: 8,-6,6,-6,15,-6,6,-6,6,-6,6,7 -> 662; expected size with phi = 1: 2 x 150
    sq = sum((b - a) ** 2 for a, b in zip(YEAR1, YEAR2))
    assert sq == 662
    phi = sq / (2 * sum(YEAR1))
    assert r.tests["dispersion"].iat[0] == pytest.approx(phi)  # 2.207, over all twelve months
    # November 2013 (22 against 16) is the first month with ten earlier months (January-October):
    # 64 + 8 x 36 + 225 = 577 over 2 x 122
    phi_nov = 577 / (2 * sum(YEAR1[:10]))
    nov = s.loc["2013-11"]
    assert nov["expected"] == 16 and nov["dispersion"] == pytest.approx(phi_nov)  # 2.365
    ratio = phi_nov * 2  # variance = phi x E x (1 + g), g = 1
    size, p = 16 / (ratio - 1), 1 / ratio
    assert (nov["lower"], nov["upper"]) == (stats.nbinom.ppf(0.025, size, p), stats.nbinom.ppf(0.975, size, p))
    assert nov["p_high"] == pytest.approx(stats.nbinom.sf(21, size, p)) and nov["flag"] == "normaal"
    # December adds November: (577 + 36) / (244 + 32)
    assert s.loc["2013-12", "dispersion"] == pytest.approx(613 / 276)
    # May 2013 (35 against 20) has only four earlier months: phi 1, only the uncertainty of E (variance 40)
    may = s.loc["2013-05"]
    assert may["expected"] == 20 and may["dispersion"] == 1 and may["upper"] == stats.nbinom.ppf(0.975, 20, 0.5)
    assert may["upper"] == 34 and may["flag"] == "hoog" and may["p_high"] == pytest.approx(stats.nbinom.sf(34, 20, 0.5))
    # the plain Poisson range (upper 29) flags it too
    plain = run_trends(counts=_counts(YEAR1 + YEAR2), params={"years_back": 1, "spread": "poisson"}).series
    row = plain[plain["month"].astype(str) == "2013-05"].iloc[0]
    assert (row["upper"], row["flag"]) == (stats.poisson.ppf(0.975, 20), "hoog")
    assert row["p_high"] == pytest.approx(stats.poisson.sf(34, 20)) and row["dispersion"] == 1
    assert r.sentences[0] == ("BU0000: de spreiding (variantie) van de maandcijfers is 2,2 keer die bij puur toeval "
                              "(Poisson); het verwachte bereik is daarom breder, geschat uit de maanden ervoor.")


def test_spread_sentence_says_why_phi_is_one_and_counts_series():
    same = run_trends(counts=_counts(YEAR1 + YEAR1), params={"years_back": 1})  # no error at all: phi 1
    assert same.sentences[0] == (
        "BU0000: de spreiding (variantie) van de maandcijfers is 1,0 keer die bij puur toeval (Poisson; 1 = niet meer "
        "dan toeval, of te weinig maanden om te schatten); het verwachte bereik is daarom niet verbreed.")
    # two categories of one area: rows are series, not areas
    two = pd.concat([_counts(YEAR1 + YEAR2), _counts(YEAR1 + YEAR1).assign(category="2.2.2")])
    r = run_trends(counts=two, params={"years_back": 1})
    assert r.sentences[0] == (
        "De spreiding (variantie) van de maandcijfers is per reeks 1,0 tot 2,2 keer die bij puur toeval (Poisson; "
        "mediaan 1,6; 1 = niet meer dan toeval, of te weinig maanden om te schatten). In 1 van de 2 reeksen is het "
        "verwachte bereik daarom breder, geschat uit de maanden ervoor.")


def test_a_months_range_does_not_change_when_later_months_arrive():
    """The dispersion of a month comes from the months before it (Farrington et al. 1996's baseline)."""
    cols = ["expected", "lower", "upper", "flag", "p_high", "dispersion"]
    short = run_trends(counts=_counts(YEAR1 + YEAR2), params={"years_back": 1}).series
    longer = run_trends(counts=_counts(YEAR1 + YEAR2 + [40, 2, 30, 1]), params={"years_back": 1}).series
    pd.testing.assert_frame_equal(longer[cols].iloc[:24], short[cols])
    assert longer["dispersion"].iat[27] > short["dispersion"].iat[23]  # the new unusual months widen later ones


def test_dispersion_is_floored_at_one_and_needs_enough_months():
    c = np.array([YEAR1 + YEAR1], dtype=float)  # the second year repeats the first: no error at all
    e = np.array([[np.nan] * 12 + YEAR1], dtype=float)
    whole, loo = dispersion(c, e, np.ones(c.shape))
    assert whole.tolist() == [1.0] and (loo == 1).all()
    # with exactly MIN_MONTHS (10) months no month has ten earlier ones: no estimate anywhere, also not reported
    e10 = np.array([[np.nan] * 14 + YEAR1[:10]], dtype=float)
    whole, past = dispersion(np.array([[np.nan] * 14 + YEAR2[:10]], dtype=float), e10, np.ones(e10.shape))
    assert MIN_MONTHS == 10 and whole.tolist() == [1.0] and (past == 1).all()
    # with eleven the last month uses the ten before it (577 / 244, test above) and the area reports all
    # eleven: (577 + 36) / (244 + 32)
    e11 = np.array([[np.nan] * 13 + YEAR1[:11]], dtype=float)
    whole, past = dispersion(np.array([[np.nan] * 13 + YEAR2[:11]], dtype=float), e11, np.ones(e11.shape))
    assert whole.tolist() == pytest.approx([613 / 276]) and past[0, -1] == pytest.approx(577 / 244)
    assert (past[0, :-1] == 1).all()


def test_expectation_variance_by_hand_and_by_simulation():
    months = pd.period_range("2012-01", periods=60, freq="M")
    flat = np.full((1, 60), 20.0)
    g = expectation_variance(flat, months, seasonal_expectation(flat, months, 3), 3)
    # one year of history: E is last year's month, g = 1; three years (S: 3, R: 12, H: 36 months):
    # (14/36)^2 + 2 (11/36)^2 + 11 (2/36)^2 + 22 (1/36)^2 = 504 / 1296 = 7/18
    assert g[0, 12] == pytest.approx(1.0) and g[0, 48] == pytest.approx(7 / 18)
    # the delta method against the spread of E over many Poisson(20) series
    rng = np.random.default_rng(11)
    sims = rng.poisson(20, (4000, 49)).astype(float)
    e = seasonal_expectation(sims, months[:49], 3)[:, 48]
    assert e.var() / 20 == pytest.approx(7 / 18, rel=0.1)


def test_count_range_and_upper_tail_agree_with_scipy():
    e = np.array([20.0, 20.0, 3.5, 0.0, np.nan])
    ratio = np.array([1.0, 3.0, 1.8, 2.0, 2.0])
    lo, hi = count_range(e, ratio, 0.9)
    assert lo.tolist()[:2] == [stats.poisson.ppf(0.05, 20), stats.nbinom.ppf(0.05, 10, 1 / 3)]
    assert hi[2] == stats.nbinom.ppf(0.95, 3.5 / 0.8, 1 / 1.8) and (lo[3], hi[3]) == (0, 0) and np.isnan(hi[4])
    tail = upper_tail(np.array([25.0, 25.0, 0.0, 4.0, 4.0]), e, ratio)
    assert tail[:3].tolist() == pytest.approx([stats.poisson.sf(24, 20), stats.nbinom.sf(24, 10, 1 / 3), 1.0])
    assert np.isnan(tail[3:]).all()


def _flag_rates(values, spread):
    """Share "hoog" and "laag" over all months and over those with a dispersion estimate; median phi."""
    r = run_trends(counts=_counts(values), params={"spread": spread})
    s = r.series
    has = s["flag"].notna()
    # p_high is the tail of the same distribution: "hoog" exactly when P(X >= c) <= 2.5% (and c >= min_count)
    clear = has & ((s["p_high"] - 0.025).abs() > 1e-9)
    hoog, laag = s["flag"] == "hoog", s["flag"] == "laag"
    assert (hoog[clear] == ((s["p_high"] <= 0.025) & (s["count"] >= 3))[clear]).all()
    # months with at least MIN_MONTHS earlier months with an expectation (all simulated counts are positive)
    earlier = (s["expected"] > 0).groupby(s["code"]).transform(lambda x: x.cumsum().shift(fill_value=0))
    late = has & (earlier >= MIN_MONTHS)
    return (hoog[has].mean(), laag[has].mean(), hoog[late].mean(), laag[late].mean(),
            r.tests["dispersion"].median())


@pytest.fixture(scope="module")
def seasonal_mean():
    return 20 * (1 + 0.3 * np.sin(2 * np.pi * np.arange(60) / 12))  # five years of months around 20


def test_a_national_range_stops_between_pieces_and_equals_one_made_whole(monkeypatch):
    """count_range over many cells asks ``check`` between pieces of RANGE_PIECE cells (the window's worker must
    stop soon when the user switches level while the trends of 43,500 series are computed: one stretch of 2 s
    without a check held the switch up), and the pieces give what the whole gives."""
    from hotspots.change import expected_range
    from kernel.errors import Cancelled

    monkeypatch.setattr(expected_range, "RANGE_PIECE", 1000)
    rng = np.random.default_rng(7)
    e = rng.gamma(2.0, 3.0, (40, 120))
    e[::7, ::5] = np.nan
    e[3, :10] = 0.0
    r = np.where(rng.random(e.shape) < 0.5, 1.0, 1 + 2 * rng.random(e.shape))
    asked = []
    lower, upper = count_range(e, r, 0.9, check=lambda: asked.append(1))
    whole = count_range(e, r, 0.9)
    np.testing.assert_array_equal(lower, whole[0])
    np.testing.assert_array_equal(upper, whole[1])
    assert len(asked) == 5

    def stop():
        if asked:
            raise Cancelled()
        asked.append(1)

    del asked[:]
    with pytest.raises(Cancelled):
        count_range(e, r, 0.9, check=stop)


def test_trends_of_incidents_stop_while_the_monthly_series_are_made():
    """The monthly series of a million incidents take 0.6 s: a stop asked meanwhile is seen before they are
    done (run_trends asks between their steps, not only between its own)."""
    from kernel.errors import Cancelled

    rng = np.random.default_rng(3)
    n = 2000
    incidents = pd.DataFrame({"area": rng.choice(["BU01", "BU02", "BU03"], n), "category": "fiets",
                              "start": pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 3 * 365, n),
                                                                                       unit="D")})
    areas = pd.DataFrame({"code": ["BU01", "BU02", "BU03"]})
    seen = []

    def cancelled() -> bool:
        seen.append(1)
        return len(seen) > 1  # after the run's own first check: the next one, inside the monthly series

    with pytest.raises(Cancelled) as stopped:
        run_trends(incidents=incidents, areas=areas, progress=lambda *a: None, cancelled=cancelled)
    assert any(entry.name == "monthly_from_incidents" for entry in stopped.traceback)


def test_false_flags_on_poisson_series(seasonal_mean):
    """400 series of Poisson months: no month is unusual, so every flag is a false one (nominal 2.5% a side)."""
    values = np.random.default_rng(1).poisson(seasonal_mean, (400, 60))
    old_high, old_low, *_ = _flag_rates(values, "poisson")
    high, low, late_high, late_low, phi = _flag_rates(values, "geschat")
    # the plain Poisson range was already too narrow: it ignores that E itself is estimated
    assert old_high == pytest.approx(0.064, abs=0.005) and old_low == pytest.approx(0.041, abs=0.005)
    assert 0.015 <= high <= 0.03 and 0.008 <= low <= 0.025  # 2.4% and 1.3%
    assert 0.015 <= late_high <= 0.03 and 0.008 <= late_low <= 0.025  # 2.0% and 1.3%
    assert phi == pytest.approx(1.0, abs=0.05)


def test_false_flags_on_overdispersed_series(seasonal_mean):
    """400 negative-binomial series, size 5 (variance mu + mu^2/5: five times the Poisson variance at mu = 20)."""
    values = np.random.default_rng(1).negative_binomial(5, 5 / (5 + seasonal_mean), (400, 60))
    old_high, old_low, *_ = _flag_rates(values, "poisson")
    high, low, late_high, late_low, phi = _flag_rates(values, "geschat")
    assert old_high == pytest.approx(0.23, abs=0.01) and old_low == pytest.approx(0.22, abs=0.01)
    # once ten earlier months give phi: close to nominal, a little above, since phi comes from few months
    assert 0.02 <= late_high <= 0.04 and 0.01 <= late_low <= 0.03  # 3.3% and 2.3%
    # before a series has ten earlier months of its own it borrows phi pooled over all series' earlier months
    # (6.7% and 5.1% over all months when those months took phi = 1)
    assert high == pytest.approx(0.036, abs=0.01) and low == pytest.approx(0.025, abs=0.01)
    assert phi == pytest.approx(5.0, abs=0.3)


def test_groningen_flags_before_and_after(groningen):
    """Bicycle thefts per buurt per month 2014-2016 (the 47022NED counts file, 108 buurten)."""
    import importers

    counts, _ = importers.read_counts(groningen / "groningen_47022NED_typed_2014_2016.csv")
    before = run_trends(counts=counts, params={"level": "buurt", "spread": "poisson"})
    after = run_trends(counts=counts, params={"level": "buurt"})
    flags = {name: r.series["flag"].value_counts().to_dict() for name, r in (("before", before), ("after", after))}
    # 119 and 45 before issue 11: the 20 months with thefts against an expectation of 0 (range [0, 0]) have no
    # baseline to be judged against and are no longer flagged
    assert (flags["before"]["hoog"], flags["before"]["laag"]) == (99, 63)
    assert (flags["after"]["hoog"], flags["after"]["laag"]) == (25, 14)
    assert (before.tests["dispersion"] == 1).all()
    phi = after.tests["dispersion"]
    assert phi.median() == 1.0 and (phi > 1).sum() == 31 and phi.max() == pytest.approx(4.32, abs=0.01)
    # most buurten have under one theft a month: in 531 of the 2592 months with a history the history holds no
    # theft at all (no baseline, expectation NaN), in 733 the expectation is 0; months with thefts there get no
    # flag (before issue 11 they were "hoog" whatever the spread, 20 of the 45 flags)
    high = after.series[after.series["flag"] == "hoog"]
    history = after.series["month"] >= pd.Period("2015-01", "M")
    assert after.series.loc[history, "expected"].isna().sum() == 531
    assert (after.series["expected"] == 0).sum() == 733 and (high["expected"] == 0).sum() == 0
    assert after.series.loc[(after.series["expected"] == 0) & (after.series["count"] > 0), "flag"].isna().all()
    # there p_high is NaN (no tail probability of an expectation of 0), with either spread
    for r in (before, after):
        zero = r.series["expected"] == 0
        flagged = r.series["flag"].notna()
        assert r.series.loc[zero, "p_high"].isna().all() and r.series.loc[~zero & flagged, "p_high"].notna().all()


def test_cli_spread_choice(capsys):
    """``wijkbeeld trends --spread poisson`` returns to the plain Poisson range; the default states the dispersion."""
    import json

    from desktop.cli import main
    from resources import demo

    runs = {}
    for extra in ((), ("--spread", "poisson")):
        assert main(["trends", "--counts", str(demo.COUNTS), "--level", "buurt", "--json", *extra]) == 0
        runs[extra[1] if extra else "geschat"] = json.loads(capsys.readouterr().out)
    hoog = {k: sum(r["flag"] == "hoog" for r in v["series"]) for k, v in runs.items()}
    assert hoog == {"geschat": 25, "poisson": 99}  # the demo file holds the same Groningen counts
    assert {t["dispersion"] for t in runs["poisson"]["tests"]} == {1.0}
    assert runs["geschat"]["sentences"][0] == (
        "De spreiding (variantie) van de maandcijfers is per gebied 1,0 tot 4,3 keer die bij puur toeval (Poisson; "
        "mediaan 1,0; 1 = niet meer dan toeval, of te weinig maanden om te schatten). In 31 van de 108 gebieden is "
        "het verwachte bereik daarom breder, geschat uit de maanden ervoor.")
    assert any("negeert de schommelingen" in n for n in runs["poisson"]["notes"])
    with pytest.raises(SystemExit, match="2"):  # argparse refuses an unknown choice itself
        main(["trends", "--counts", str(demo.COUNTS), "--spread", "normaal"])
    assert "--spread: ongeldige keuze: 'normaal'" in capsys.readouterr().err
