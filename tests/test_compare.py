"""Period against period: the conditional binomial test by hand, sentences, missing months."""
from __future__ import annotations

import functools
from math import comb

import numpy as np
import pandas as pd
import pytest

from hotspot_data import monthly_counts
from hotspots.change.compare import compare_periods, sentence, two_poisson_test
from kernel.errors import AnalysisError


_counts = functools.partial(monthly_counts, first="2015-01")


def test_two_poisson_test_by_hand():
    # equal periods: b | n ~ Binomial(n, 1/2); two-sided p = 2 P(B >= 30) for n = 40 (symmetric)
    by_hand = 2 * sum(comb(40, k) for k in range(30, 41)) / 2 ** 40
    assert two_poisson_test(10, 30) == pytest.approx(by_hand, rel=1e-12)
    # unequal periods, one-sided tail check: t_b / (t_a + t_b) = 1/3, a = 0, b = 5 -> P(B = 5) = (1/3)^5 and the
    # two-sided p adds the other tail of equal or smaller probability (here none has lower probability than (1/3)^5)
    assert two_poisson_test(0, 5, 2, 1) == pytest.approx((1 / 3) ** 5, rel=1e-9)
    assert np.isnan(two_poisson_test(0, 0))


def test_compare_rise_decline_and_noise():
    counts = pd.concat([
        _counts("BU1", [10] * 12 + [20] * 12),
        _counts("BU2", [20] * 12 + [10] * 12),
        _counts("BU3", [5] * 12 + [5] * 11 + [6]),
        _counts("BU4", [0] * 24),
    ])
    r = compare_periods(counts=counts, before=("2015-01", "2015-12"), after=("2016-01", "2016-12"))
    t = r.table.set_index("code")
    assert t.loc["BU1", ["before", "after", "change"]].tolist() == [120, 240, 120]
    assert t.loc["BU1", "rate_ratio"] == pytest.approx(2.0)
    assert t.loc["BU1", "sentence"] == "BU1: van 120 naar 240 (+100%), een significante stijging (p < 0,001)."
    assert t.loc["BU2", "sentence"] == "BU2: van 240 naar 120 (-50%), een significante daling (p < 0,001)."
    assert t.loc["BU3", "sentence"].startswith("BU3: van 60 naar 61 (+2%); dit verschil kan toeval zijn (p = ")
    assert t.loc["BU4", "sentence"] == "BU4: geen incidenten in beide perioden."
    assert not t.loc["BU3", "significant"] and t.loc["BU1", "significant"]


def test_unequal_periods_and_missing_months():
    values = [6] * 12 + [np.nan] * 3 + [9] * 3  # 2016-01..03 missing
    r = compare_periods(counts=_counts("BU1", values), before=("2015-01", "2015-12"),
                        after=("2016-01", "2016-06"), names={"BU1": "Binnenstad-Oost"})
    row = r.table.iloc[0]
    assert (row["months_before"], row["months_after"], row["missing_months"]) == (12, 3, 3)
    assert row["p"] == pytest.approx(two_poisson_test(72, 27, 12, 3))
    assert row["sentence"].startswith("Binnenstad-Oost: van 6,0 naar 9,0 per maand (+50%)")
    assert row["sentence"].endswith("(3 maand(en) zonder gegevens niet meegeteld.)")


def test_compare_from_incidents_and_errors():
    inc = pd.DataFrame({"start": pd.to_datetime(["2015-03-01"] * 3 + ["2016-03-01"] * 9), "area": "BU1"})
    r = compare_periods(incidents=inc, before=("2015-01", "2015-12"), after=("2016-01", "2016-12"))
    assert r.table.loc[0, ["before", "after"]].tolist() == [3, 9]
    with pytest.raises(AnalysisError, match="'2016-13' is geen maand"):
        compare_periods(incidents=inc, before=("2015-01", "2015-12"), after=("2016-01", "2016-13"))
    with pytest.raises(AnalysisError, match="eindigt vóór ze begint"):
        compare_periods(incidents=inc, before=("2015-12", "2015-01"), after=("2016-01", "2016-12"))
    with pytest.raises(AnalysisError, match="één van beide"):
        compare_periods(before=("2015-01", "2015-12"), after=("2016-01", "2016-12"))
    assert sentence("X", 4, 4, 12, 12, 1.0) == "X: van 4 naar 4 (+0%), geen verandering."


def test_compare_reports_progress_and_can_be_cancelled():
    from kernel.progress import Cancelled

    counts = pd.DataFrame({"code": ["BU1"] * 24, "period": pd.period_range("2015-01", periods=24, freq="M"),
                           "count": [2] * 24})
    seen = []
    compare_periods(counts=counts, before=("2015-01", "2015-12"), after=("2016-01", "2016-12"),
                    progress=lambda f, text: seen.append(f))
    assert seen and seen[-1] == 1.0
    with pytest.raises(Cancelled):
        compare_periods(counts=counts, before=("2015-01", "2015-12"), after=("2016-01", "2016-12"),
                        cancelled=lambda: True)
