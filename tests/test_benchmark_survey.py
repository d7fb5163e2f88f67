"""What residents say beside the registered counts (hotspots.benchmark.survey): margins carried through."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from hotspots.benchmark.survey import (MIN_AREAS, association, difference, match_series, residents, standard_error,
                                       survey_summary, weighted_group)
from importers.survey import SURVEY_COLUMNS


def _survey(rows):
    frame = pd.DataFrame(rows, columns=["code", "year", "indicator", "value", "lower", "upper"])
    return frame.assign(name=frame["code"], level="gemeente", theme="", unit="%", provisional=False)[SURVEY_COLUMNS]


ONVEILIG = "Voelt zich wel eens onveilig in de buurt (%)"


def test_against_the_previous_survey_by_hand():
    s = _survey([("GM0001", 2021, ONVEILIG, 30.0, 27.0, 33.0), ("GM0001", 2023, ONVEILIG, 35.0, 32.2, 37.8)])
    row = survey_summary(s, "GM0001").iloc[0]
    s1, s2 = 6.0 / (2 * 1.959963985), 5.6 / (2 * 1.959963985)
    z = 5.0 / np.hypot(s1, s2)
    assert row["p_change"] == pytest.approx(2 * stats.norm.sf(z))
    assert row["change"] == "hoger" and (row["value"], row["lower"], row["upper"]) == (35.0, 32.2, 37.8)
    assert (row["prev_year"], row["prev_value"], row["prev_lower"], row["prev_upper"]) == (2021, 30.0, 27.0, 33.0)
    assert "Hoger dan in 2021 (30,0%" in row["sentence"] and "marge 32,2%-37,8%" in row["sentence"]


def test_a_figure_without_margin_is_never_called_different():
    s = _survey([("GM0001", 2021, ONVEILIG, 10.0, np.nan, np.nan), ("GM0001", 2023, ONVEILIG, 40.0, 38.0, 42.0)])
    row = survey_summary(s, "GM0001").iloc[0]
    assert row["change"] == "niet te toetsen" and np.isnan(row["p_change"])
    assert difference(1.0, np.nan, 2.0, 0.1) == (pytest.approx(np.nan, nan_ok=True), pytest.approx(np.nan, nan_ok=True))


def test_against_similar_gemeenten_weighted_by_inhabitants():
    s = _survey([("GM0001", 2023, ONVEILIG, 30.0, 28.0, 32.0), ("GM0002", 2023, ONVEILIG, 20.0, 17.0, 23.0),
                 ("GM0003", 2023, ONVEILIG, 26.0, 22.0, 30.0), ("GM0004", 2023, ONVEILIG, 99.0, 98.0, 100.0)])
    weights = {"GM0002": 30_000, "GM0003": 10_000, "GM0004": 1_000_000}
    row = survey_summary(s, "GM0001", group_codes=["GM0001", "GM0002", "GM0003"], weights=weights).iloc[0]
    gv = 0.75 * 20 + 0.25 * 26
    gs = np.sqrt(0.75 ** 2 * standard_error(17, 23) ** 2 + 0.25 ** 2 * standard_error(22, 30) ** 2)
    assert row["group_value"] == pytest.approx(gv) and row["n_group"] == 2  # GM0004 is not in the group
    assert row["group_upper"] - row["group_lower"] == pytest.approx(2 * 1.959963985 * gs)
    assert row["p_group"] == pytest.approx(2 * stats.norm.sf((30 - gv) / np.hypot(gs, standard_error(28, 32))))
    assert row["versus_group"] == "hoger"
    assert weighted_group([1.0, np.nan], [0.1, 0.1], [1, 1]) == (1.0, pytest.approx(0.1))


def test_spearman_with_fishers_margin_and_never_from_a_handful():
    x = [10.0, 12.0, 15.0, 11.0, 20.0, 18.0, 9.0, 14.0]
    counts = [30, 40, 55, 28, 90, 60, 25, 35]
    pop = [3000.0] * 8
    a = association(x, counts, pop)
    rho = stats.spearmanr(x, np.array(counts) / 3000).statistic
    half = 1.959963985 * np.sqrt(1.06 / 5)
    assert a["r"] == pytest.approx(rho)
    assert (a["low"], a["high"]) == pytest.approx((np.tanh(np.arctanh(rho) - half), np.tanh(np.arctanh(rho) + half)))
    assert a["verdict"] == "positief" and a["n"] == 8
    few = association(x[:MIN_AREAS - 1], counts[:MIN_AREAS - 1], pop[:MIN_AREAS - 1])
    assert few["verdict"] == "te weinig" and np.isnan(few["r"])
    noisy = association([10, 11, 9, 12, 10, 11], [30, 29, 33, 31, 30, 28], [3000] * 6)
    assert noisy["verdict"] == "geen" and noisy["low"] < 0 < noisy["high"]


def test_indicators_are_matched_to_what_they_speak_of():
    police = {"0.0.0": "Totaal misdrijven", "1.2.3": "Diefstal van brom-, snor-, fietsen", "2.1.1": "Drugs/drankoverlast"}
    assert match_series(ONVEILIG, police) == "0.0.0"
    assert match_series("Slachtoffer van fietsdiefstal (%)", police) == "1.2.3"
    assert match_series("Ervaart veel overlast in de buurt (%)", police) == "2.1.1"
    assert match_series("Rapportcijfer politie", police) is None
    own = {"Overlast jeugd": "Overlast jeugd", "Diefstal Fiets": "Diefstal Fiets"}
    assert match_series("Ervaart veel overlast in de buurt (%)", own) == "Overlast jeugd"
    assert match_series("Rapportcijfer politie", own, links={"rapportcijfer": "Diefstal Fiets"}) == "Diefstal Fiets"


def test_residents_side_by_side_carries_the_survey_margins_and_the_registered_interval():
    from hotspots.benchmark.gemeente import benchmark_gemeente
    from tests.benchmark_data import small_reference

    pops = {c: 20_000 for c in ("GM0001", "GM0002", "GM0003", "GM0004", "GM0005", "GM0006")}
    ref = small_reference({c: {2021: 900, 2023: 1000} for c in pops}, pops)
    bench = benchmark_gemeente(ref, "GM0001", groups=("nederland",))
    s = _survey([("GM0001", 2021, ONVEILIG, 30.0, 27.0, 33.0), ("GM0001", 2023, ONVEILIG, 31.0, 28.1, 33.9)])
    res = residents(s, "GM0001", "Gemeente 01", bench=bench)
    side = res.side.set_index("year")
    assert tuple(side.loc[2023, ["value", "lower", "upper"]]) == (31.0, 28.1, 33.9)
    b = bench.table.set_index("year")
    assert tuple(side.loc[2023, ["rate", "rate_low", "rate_high"]]) == tuple(b.loc[2023, ["rate", "rate_low", "rate_high"]])
    assert side.loc[2023, "series_label"] == "totaal misdrijven"
    assert res.table["change"].iloc[0] == "niet anders"
    assert "Niet anders dan in 2021" in res.sentences[0]
