"""``wijkbeeld hottimes`` and ``wijkbeeld trends`` on small files and on the demo data."""
from __future__ import annotations

import json

import numpy as np
import pytest


INCIDENTS_CSV = """id,x,y,start,end,category
1,233500,582000,2017-09-22 22:00,2017-09-22 22:30,overlast
2,233500,582000,2017-09-22 23:30,2017-09-23 00:30,overlast
3,233500,582000,2017-09-24 23:30,2017-09-25 00:30,vernieling
4,233500,582000,2017-09-19 13:00,2017-09-19 10:00,overlast
"""


@pytest.fixture()
def incidents_csv(tmp_path):
    path = tmp_path / "meldingen.csv"
    path.write_text(INCIDENTS_CSV, encoding="utf-8")
    return path


def test_hottimes_json_small_file(cli, incidents_csv):
    code, out, err = cli("hottimes", "--incidents", str(incidents_csv), "--simulations", "199", "--json")
    assert code == 0, err
    data = json.loads(out)
    m = np.array(data["matrix"])
    assert m.shape == (7, 24) and data["total"] == pytest.approx(4.0)
    assert m[4, 22] == pytest.approx(1.0)  # Friday 22:00-22:30
    assert m[4, 23] == pytest.approx(0.5) and m[5, 0] == pytest.approx(0.5)  # over midnight Fri -> Sat
    assert m[6, 23] == pytest.approx(0.5) and m[0, 0] == pytest.approx(0.5)  # over Sunday -> Monday
    # end before start (13:00 -> 10:00): the importer swaps and reports it, so 10:00-13:00 gets 1/3 an hour
    np.testing.assert_allclose(m[1, 10:13], [1 / 3] * 3, atol=1e-6)  # JSON rounds to 6 decimals
    assert m[1, 13] == 0
    assert data["test"]["method"] == "Monte Carlo" and 0 < data["test"]["p"] <= 1
    assert {"statistic", "p"} <= set(data["test"])
    assert isinstance(data["hot_blocks"], list) and "signature" in data["signature"]


def test_hottimes_start_only_and_category(cli, incidents_csv):
    code, out, err = cli("hottimes", "--incidents", str(incidents_csv), "--start-only",
                         "--category", "vernieling", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["total"] == 1 and data["matrix"][6][23] == 1
    assert data["params"]["aoristic"] is False


def test_hottimes_errors_are_one_dutch_line(cli, incidents_csv, tmp_path):
    code, out, err = cli("hottimes", "--incidents", str(incidents_csv), "--area", "BU00140000")
    assert code == 2 and err.strip() == "wijkbeeld: --area vraagt om gebiedsgrenzen: geef ook --areas BESTAND."
    code, _, err = cli("hottimes", "--incidents", str(incidents_csv), "--category", "inbraak")
    assert code == 2 and "Geen incidenten met categorie 'inbraak'" in err and "Traceback" not in err


def test_trends_json_small_counts_file(cli, tmp_path):
    rows = ["ID;SoortMisdrijf;WijkenEnBuurten;Perioden;GeregistreerdeMisdrijven_1"]
    i = 0
    for year in (2014, 2015, 2016):
        for month in range(1, 13):
            if (year, month) == (2015, 2):
                continue  # a month without a row: missing, not zero
            value = 45 if (year, month) == (2016, 7) else 20
            rows.append(f"{i};1.2.3 ;BU00140000;{year}MM{month:02d};{value}")
            i += 1
    path = tmp_path / "tellingen.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = cli("trends", "--counts", str(path), "--compare", "2015-01:2015-12",
                         "2016-01:2016-12", "--json")
    assert code == 0, err
    data = json.loads(out)
    series = {r["month"]: r for r in data["series"]}
    assert len(series) == 36
    assert series["2015-02"]["count"] is None and series["2016-02"]["prev_year"] is None
    assert series["2016-07"]["flag"] == "hoog" and series["2016-07"]["prev_year"] == 20
    assert data["tests"][0]["code"] == "BU00140000"
    cmp_row = data["comparison"]["table"][0]
    assert (cmp_row["before"], cmp_row["after"], cmp_row["months_before"]) == (220, 265, 11)


def test_demo_data_hottimes_and_trends(cli):
    from resources import demo
    code, out, err = cli("hottimes", "--incidents", str(demo.INCIDENTS), "--areas", str(demo.AREAS),
                         "--area", "BU00140001", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["total"] == pytest.approx(2273, abs=0.5)  # Binnenstad-Zuid, the busiest buurt
    assert "area_signatures" not in data
    code, out, err = cli("trends", "--incidents", str(demo.INCIDENTS), "--areas", str(demo.AREAS),
                         "--start", "2014-01", "--end", "2016-12", "--json")
    assert code == 0, err
    from_incidents = json.loads(out)
    code, out, err = cli("trends", "--counts", str(demo.COUNTS), "--level", "buurt", "--json")
    assert code == 0, err
    from_counts = json.loads(out)
    a = {(r["code"], r["month"]): r["count"] for r in from_counts["series"]}
    b = {(r["code"], r["month"]): r["count"] for r in from_incidents["series"]}
    assert a == b and len(a) == 108 * 36


def test_hottimes_baseline_all_categories(cli, incidents_csv):
    code, out, err = cli("hottimes", "--incidents", str(incidents_csv), "--category", "overlast",
                         "--baseline", "all", "--simulations", "99", "--json")
    assert code == 0, err
    data = json.loads(out)
    expected = np.array(data["expected"])
    assert expected.sum() == pytest.approx(data["total"]) and data["total"] == pytest.approx(3.0)
    # the expectation follows all four incidents (scaled to three): none on Wednesday, 3/4 at Friday 22h
    assert expected[2].sum() == 0 and expected[4, 22] == pytest.approx(0.75)


def test_trends_from_incidents_without_areas_is_one_series(cli, incidents_csv):
    code, out, err = cli("trends", "--incidents", str(incidents_csv), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert {r["code"] for r in data["series"]} == {"totaal"}
    by_category = {r["category"]: r["count"] for r in data["series"]}
    assert by_category == {"overlast": 3, "vernieling": 1}  # one month (September 2017), a series per category
    code, _, err = cli("trends", "--incidents", str(incidents_csv), "--start", "2017-13")
    assert code == 2 and "'2017-13' is geen maand" in err


def test_area_signatures_follow_a_loosely_typed_category(cli):
    """The per-area signatures use the same category matcher as the matrix (case and spaces ignored)."""
    from resources import demo
    code, out, err = cli("hottimes", "--incidents", str(demo.INCIDENTS), "--areas", str(demo.AREAS),
                         "--category", "  diefstal   FIETS ", "--simulations", "99", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["total"] == pytest.approx(15947, abs=0.5)
    assert data["area_signatures"] and data["area_signatures"][0]["name"]


def test_which_bad_file_is_named_first(cli, tmp_path):
    """Both commands load through one helper, each in its own order: hottimes reads the incidents first,
    trends the boundaries (which a label counts file needs)."""
    empty, bad = tmp_path / "leeg.csv", tmp_path / "kapot.gpkg"
    empty.write_bytes(b"")
    bad.write_text("a;b\n1;2\n", encoding="utf-8")
    code, out, err = cli("hottimes", "--incidents", str(empty), "--areas", str(bad))
    assert (code, out) == (2, "") and err.startswith("wijkbeeld: leeg.csv: Het bestand is leeg.")
    code, out, err = cli("trends", "--incidents", str(empty), "--areas", str(bad))
    assert (code, out) == (2, "") and err.startswith("wijkbeeld: kapot.gpkg: Geen kaartbestand")
