"""A gemeente against the country and its groups: numbers by hand (hotspots.benchmark.gemeente, .groups)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from hotspots.benchmark import groups as G
from hotspots.benchmark.gemeente import benchmark_gemeente, year_label
from hotspots.significance import benjamini_hochberg
from kernel.errors import AnalysisError
from tests.benchmark_data import codes, small_reference

POPS = {"GM0001": 20_000, "GM0002": 30_000, "GM0003": 25_000, "GM0004": 18_000, "GM0005": 22_000, "GM0006": 35_000}
RATES = {"GM0001": 45.0, "GM0002": 40.0, "GM0003": 60.0, "GM0004": 30.0, "GM0005": 50.0, "GM0006": 45.0}


def _one_year():
    counts = {c: {2023: int(POPS[c] * RATES[c] / 1000)} for c in POPS}
    return small_reference(counts, POPS)


def test_one_gemeente_against_the_rest_by_hand():
    b = benchmark_gemeente(_one_year(), "GM0001", groups=("nederland",))
    row = b.table.iloc[0]
    # the rest of the "country": 1200 + 1500 + 540 + 1100 + 1575 = 5915 among 130,000
    assert (row["ref_count"], row["ref_population"]) == (5915.0, 130_000.0)
    e = 20_000 * 5915 / 130_000
    r = 1.0 * (1 + 20_000 / 130_000)  # one year: phi unknown, so Poisson (phi = 1), and the reference's own chance
    size, q = e / (r - 1), 1 / r
    p = min(1.0, 2 * min(stats.nbinom.sf(900 - 1, size, q), stats.nbinom.cdf(900, size, q)))
    assert row["expected"] == pytest.approx(e) and row["p"] == pytest.approx(p, rel=1e-9)
    assert row["rate"] == pytest.approx(45.0)
    assert (row["rate_low"], row["rate_high"]) == pytest.approx(
        (stats.chi2.ppf(0.025, 1800) / 2 / 20, stats.chi2.ppf(0.975, 1802) / 2 / 20))
    # without NL01 the national rate shown is the sum of all gemeenten, the gemeente included
    assert row["group_rate"] == pytest.approx(1000 * (5915 + 900) / 150_000)
    # others 40, 60, 30, 50, 45: two higher (rank 3), two lower and one equal (2.5 of 5 = 50%)
    assert (row["rank"], row["n_group"], row["percentile"]) == (3, 6, 50.0)
    assert row["verdict"] == "niet anders"
    assert "niet anders dan het landelijk gemiddelde" in row["sentence"]
    assert any("één jaar" in w for w in b.warnings)  # no dispersion from one year: said


def test_a_gemeente_exactly_at_the_national_rate_is_no_different_from_it():
    """NL01 is the published national figure: a gemeente at exactly that rate is "niet anders dan" it."""
    years = (2021, 2022, 2023)
    rng = np.random.default_rng(4)
    pops = {c: int(rng.integers(10_000, 90_000)) for c in codes(20)}
    counts = {c: {y: int(rng.poisson(pops[c] * 0.05)) for y in years} for c in pops}
    pops["GM0001"] = 40_000
    national_pop, national_rate = 17_000_000, 48.5  # per 1,000
    counts["GM0001"] = {y: int(40_000 * national_rate / 1000) for y in years}  # 1,940: exactly 48.5 per 1,000
    ref = small_reference(counts, pops, national={y: int(national_pop * national_rate / 1000) for y in years})
    ref.population = pd.concat([ref.population, pd.DataFrame({"code": "NL01", "year": list(years),
                                                              "population": float(national_pop)})]).astype(ref.population.dtypes)
    for spread in ("poisson", "geschat"):
        b = benchmark_gemeente(ref, "GM0001", groups=("nederland",), spread=spread)
        assert b.table["group_rate"].tolist() == pytest.approx([national_rate] * 3)
        assert b.table["rate"].tolist() == pytest.approx([national_rate] * 3)
        assert (b.table["verdict"] == "niet anders").all()
        assert b.table["p"].min() > 0.9
        assert all("niet anders dan het landelijk gemiddelde" in s for s in b.sentences)


def test_higher_than_similar_gemeenten_only_when_more_than_chance():
    """A small gemeente 20% above its group is 'niet anders' (chance); a large one 20% above is 'hoger'."""
    years = (2020, 2021, 2022, 2023)
    rng = np.random.default_rng(9)
    pops = {c: 30_000 for c in codes(12)}
    rates = {c: 40.0 for c in pops}
    counts = {c: {y: int(rng.poisson(pops[c] * rates[c] / 1000)) for y in years} for c in pops}
    tiny = dict(pops, GM0001=400)
    counts_tiny = dict(counts, GM0001={y: int(400 * 48 / 1000) for y in years})  # 19 against ~16 expected
    b = benchmark_gemeente(small_reference(counts_tiny, tiny), "GM0001", groups=("nederland",), spread="poisson")
    assert (b.table["verdict"] == "niet anders").all()
    counts_big = dict(counts, GM0001={y: int(30_000 * 48 / 1000) for y in years})  # 1,440 against ~1,200
    b = benchmark_gemeente(small_reference(counts_big, pops), "GM0001", groups=("nederland",))
    assert (b.table["verdict"] == "hoger").all()
    assert all("hoger dan het landelijk gemiddelde" in s for s in b.sentences)


def test_dispersion_is_that_of_the_size_class_and_fdr_runs_over_the_categories():
    years = (2019, 2020, 2021, 2022, 2023)
    rng = np.random.default_rng(2)
    pops = {c: (12_000 if i < 8 else 60_000) for i, c in enumerate(codes(14))}  # two size classes
    mean = {c: pops[c] * 0.04 for c in pops}
    counts = {c: {y: int(rng.negative_binomial(20, 20 / (20 + mean[c]))) for y in years} for c in pops}
    ref = small_reference(counts, pops)
    b = benchmark_gemeente(ref, "GM0002", groups=("nederland",))
    table = np.array([[counts[c][y] for y in years] for c in list(pops)[:8]], dtype=float)  # the 10k-20k class
    chi2, _, dof, _ = stats.chi2_contingency(table, correction=False)
    assert b.table["phi"].iloc[0] == pytest.approx(max(chi2 / dof, 1.0))
    # a second category: p_fdr is Benjamini-Hochberg over the two categories of one group and year
    extra = ref.counts.assign(category="1.2.3", category_label="Fietsdiefstal",
                              count=(ref.counts["count"] * 0.1).round().astype(int))
    ref.counts = pd.concat([ref.counts, extra], ignore_index=True)
    b = benchmark_gemeente(ref, "GM0002", groups=("nederland",))
    for _, g in b.table.groupby("year"):
        np.testing.assert_allclose(g["p_fdr"], benjamini_hochberg(g["p"].to_numpy()))


def test_similar_gemeenten_are_widened_when_too_few_and_say_so():
    pops = {"GM0001": 60_000, "GM0002": 55_000, "GM0003": 120_000, "GM0004": 110_000, "GM0005": 40_000,
            "GM0006": 30_000, "GM0007": 70_000, "GM0008": 8_000}
    sted = {c: 2 for c in pops} | {"GM0008": 5}
    ref = small_reference({c: {2023: 100} for c in pops}, pops, stedelijkheid=sted)
    g = G.similar(ref.gemeenten, "GM0001", min_group=2)  # 50,000-100,000 and sterk stedelijk: 55k and 70k
    assert sorted(g.members) == ["GM0002", "GM0007"] and not g.notes
    assert g.label == "vergelijkbare gemeenten (50.000 tot 100.000 inwoners, sterk stedelijk)"
    g = G.similar(ref.gemeenten, "GM0001", min_group=5)  # widened to 20,000-150,000
    assert sorted(g.members) == ["GM0002", "GM0003", "GM0004", "GM0005", "GM0006", "GM0007"]
    assert "verbreed tot 20.000 tot 150.000 inwoners" in g.notes[0]
    b = benchmark_gemeente(ref, "GM0001", groups=("vergelijkbaar",), min_group=5)
    assert any("verbreed" in w for w in b.warnings)
    assert G.size_class(4_999) == 0 and G.size_class(5_000) == 1 and G.size_class(250_000) == 7


def test_neighbours_and_a_named_region():
    pops = {c: 20_000 for c in codes(6)}
    regions = {"Regionale eenheid politie": {c: ("Noord" if c <= "GM0003" else "Zuid") for c in pops}}
    ref = small_reference({c: {2023: 800} for c in pops}, pops, regions=regions,
                          neighbours=[("GM0001", "GM0002"), ("GM0001", "GM0005"), ("GM0003", "GM0004")])
    assert G.neighbours(ref.neighbours, "GM0001").members == ["GM0002", "GM0005"]
    assert G.neighbours(ref.neighbours, "GM0006").notes  # an island says so
    assert G.region(ref.gemeenten, "GM0001", "noord").members == ["GM0002", "GM0003"]
    assert G.region(ref.gemeenten, "GM0001", "Basisteam Oost=GM0001, Gemeente 04,6").members == ["GM0004", "GM0006"]
    with pytest.raises(AnalysisError, match="Regio 'Midden' onbekend. Bekend: Noord, Zuid"):
        G.region(ref.gemeenten, "GM0001", "Midden")
    with pytest.raises(AnalysisError, match="onbekende gemeente"):
        G.region(ref.gemeenten, "GM0001", "X=GM0001,Nergenshuizen")
    b = benchmark_gemeente(ref, "GM0001")  # the region defaults to its own police unit
    assert set(b.table["group"]) == {"nederland", "vergelijkbaar", "buren", "regio"}
    assert b.table.loc[b.table["group"] == "regio", "group_label"].iloc[0] == "Noord"
    m = b.members[(b.members["group"] == "buren")]
    assert sorted(m["code"]) == ["GM0001", "GM0002", "GM0005"] and m["target"].sum() == 1


def test_a_theme_adds_categories_that_do_not_overlap_and_refuses_those_that_do():
    pops = {c: 20_000 for c in codes(5)}
    ref = small_reference({c: {2023: 100} for c in pops}, pops, category="1.1.1", label="Woninginbraak")
    more = ref.counts.assign(category="1.2.3", category_label="Fietsdiefstal", count=50)
    total = ref.counts.assign(category="0.0.0", category_label="Totaal misdrijven", count=900)
    ref.counts = pd.concat([ref.counts, more, total], ignore_index=True)
    b = benchmark_gemeente(ref, "GM0001", categories=("Diefstal=woninginbraak, 1.2.3",), groups=("nederland",))
    assert b.table["count"].iloc[0] == 150 and b.table["category_label"].iloc[0] == "Diefstal"
    with pytest.raises(AnalysisError, match="0.0.0 bevat 1.1.1"):
        benchmark_gemeente(ref, "GM0001", categories=("Alles=0.0.0,1.1.1",))
    with pytest.raises(AnalysisError, match="niet in de referentieset: fietsen.*1.2.3 Fietsdiefstal"):
        benchmark_gemeente(ref, "GM0001", categories=("fietsen",))
    with pytest.raises(AnalysisError, match="staat niet in de referentieset"):
        benchmark_gemeente(ref, "Atlantis")


def test_a_year_not_covered_whole_is_labelled():
    assert year_label(2024, (1, 9, True)) == "2024 (jan t/m sep)*"
    assert year_label(2023, (1, 12, False)) == "2023"
