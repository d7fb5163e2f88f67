"""Wijken against their gemeente's own average (hotspots.benchmark.wijken): by hand and against geopandas."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from scipy import stats
from shapely.geometry import box

import importers
from hotspots.benchmark.wijken import benchmark_wijken
from hotspots.significance import benjamini_hochberg
from resources import demo


def _areas():
    """Four wijken of two buurten each, in a row; inhabitants per buurt."""
    rows = []
    for w in range(4):
        for b in range(2):
            rows.append({"code": f"BU0999{w:02d}0{b}", "name": f"Buurt {w}{b}", "level": "buurt",
                         "wijk_code": f"WK0999{w:02d}", "gemeente_code": "GM0999", "gemeente_name": "Proefdorp",
                         "population": [2000.0, 3000.0][b] * (w + 1), "water": False, "year": 2024,
                         "geometry": box(w * 1000 + b * 500, 0, w * 1000 + b * 500 + 500, 500)})
    return gpd.GeoDataFrame(rows, crs="EPSG:28992")


def _counts(level: str):
    per_wijk = {0: [50, 60], 1: [90, 100], 2: [160, 150], 3: [500, 520]}  # 2022, 2023
    rows = []
    for w, values in per_wijk.items():
        for year, v in zip((2022, 2023), values):
            for month in range(1, 13):
                n = v // 12 + (1 if month <= v % 12 else 0)
                if level == "wijk":
                    rows.append((f"WK0999{w:02d}", pd.Period(f"{year}-{month:02d}", "M"), n))
                else:  # split over the two buurten
                    rows.append((f"BU0999{w:02d}00", pd.Period(f"{year}-{month:02d}", "M"), n // 2))
                    rows.append((f"BU0999{w:02d}01", pd.Period(f"{year}-{month:02d}", "M"), n - n // 2))
    return pd.DataFrame(rows, columns=["code", "period", "count"]).assign(category="0.0.0", name=pd.NA)


def test_each_wijk_against_the_rest_of_its_gemeente_by_hand():
    b = benchmark_wijken(_areas(), counts=_counts("wijk"), spread="poisson")
    t = b.table.set_index(["code", "year"])
    row = t.loc[("WK099903", 2023)]  # 520 among 20,000; the rest 310 among 30,000
    assert (row["count"], row["population"], row["ref_count"], row["ref_population"]) == (520, 20_000, 310, 30_000)
    e = 20_000 * 310 / 30_000
    r = 1 + 20_000 / 30_000
    size, q = e / (r - 1), 1 / r
    assert row["p"] == pytest.approx(min(1, 2 * min(stats.nbinom.sf(519, size, q), stats.nbinom.cdf(520, size, q))))
    assert row["group_rate"] == pytest.approx(1000 * 830 / 50_000)  # the gemeente as a whole
    assert (row["rank"], row["n_group"]) == (1, 4) and row["verdict"] == "hoger"
    assert "hoger dan het gemiddelde van de gemeente" in row["sentence"]
    for _, g in b.table.groupby("year"):  # FDR over the wijken of one year
        np.testing.assert_allclose(g["p_fdr"], benjamini_hochberg(g["p"].to_numpy()))
    # buurt rows added up per wijk give the same table
    again = benchmark_wijken(_areas(), counts=_counts("buurt"), spread="poisson")
    pd.testing.assert_frame_equal(again.table.drop(columns="sentence"), b.table.drop(columns="sentence"))


def test_a_wijk_without_inhabitants_gets_no_rate():
    areas = _areas()
    areas.loc[areas["wijk_code"] == "WK099901", "population"] = np.nan
    b = benchmark_wijken(areas, counts=_counts("wijk"))
    assert "WK099901" not in set(b.table["code"])
    assert any("zonder inwoners" in n for n in b.notes)


def test_the_demo_incidents_per_wijk_equal_a_spatial_join():
    buurten = gpd.read_file(demo.AREAS, layer=demo.AREAS_LAYER)
    wijken = gpd.read_file(demo.AREAS, layer=demo.WIJKEN_LAYER)
    incidents, _ = importers.read_incidents(demo.INCIDENTS)
    b = benchmark_wijken(buurten, incidents=incidents, wijken=wijken)
    pts = gpd.GeoDataFrame(incidents, geometry=gpd.points_from_xy(incidents["x"], incidents["y"]), crs=28992)
    joined = gpd.sjoin(pts, wijken[["code", "geometry"]], predicate="within")
    per = joined.groupby(["code", joined["start"].dt.year]).size()
    t = b.table.set_index(["code", "year"])
    for (code, year), n in per.items():
        assert t.loc[(code, year), "count"] == n
    assert set(b.table["period"]) >= {"2016", "2017 (jan t/m sep)"}
    assert b.table["category_label"].iloc[0] == "Diefstal Fiets"
    assert (b.table.groupby("year")["n_group"].first() == 15).all()
