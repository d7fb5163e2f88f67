"""Police counts are never summed over categories that overlap (issue 11).

A full 47022NED/47018NED export holds "0.0.0 Totaal misdrijven" beside its
sub-categories; adding them up doubled every count, without a word. The analyses
now use one category: the user's choice, else the total, else the largest, and
the output says which.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

import importers
from desktop.tasks import chart_data
from files_helpers import demo_codes, police_counts, read_checked, write_police_labels, write_police_typed
from hotspots.categories import choose_counts_category, counts_for_one_total
from hotspots.where.hotspots import run_hotspots
from kernel.errors import AnalysisError
from resources import demo


@pytest.fixture(scope="module")
def areas():
    return importers.read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)[0]


@pytest.fixture()
def typed(tmp_path):
    truth = police_counts(demo_codes())
    return write_police_typed(tmp_path / "47022NED.csv", truth), truth


def _buurt_total(truth, category):
    sel = truth[(truth["category"] == category) & truth["code"].str.startswith("BU")]
    return sel.groupby("code")["count"].sum()


def test_reader_names_the_total_and_warns(typed):
    path, _ = typed
    imported = read_checked(path)
    cats = imported.report.extra["categories"]
    assert cats["total"] == "0.0.0" and cats["overlapping"]
    assert [c["category"] for c in cats["categories"]] == ["0.0.0", "1.1.1", "1.2.3"]
    assert any("nooit opgeteld" in w for w in imported.report.warnings)


def test_hotspots_use_the_total_not_the_sum(typed, areas):
    path, truth = typed
    counts, _ = importers.read_counts(path, areas=areas)
    result = run_hotspots(areas, counts=counts)
    expected = _buurt_total(truth, "0.0.0").reindex(result.areas["code"]).fillna(0)
    assert result.areas["count"].tolist() == expected.tolist()
    assert result.params["category"] == "0.0.0"
    # the typed table has codes only: the category is named from 47022NED's list
    assert any("categorie '0.0.0 Totaal misdrijven'" in n and "nooit opgeteld" in n for n in result.notes)


def test_the_number_of_incidents_is_the_areas_own_not_their_totals_added(typed, areas):
    """A police table has the gemeente and its wijken beside the buurten: the headline ("Incidenten: ...") added
    them up (three times the buurten's sum on Groningen's table) although the map counted the buurten only. Now it
    is the counts of the areas (by hand from the table), and a buurt the layer lacks, or a row without a place, is
    outside every area; the gemeente and wijk totals are neither."""
    path, truth = typed
    counts, _ = importers.read_counts(path, areas=areas)
    result = run_hotspots(areas, counts=counts)
    expected = _buurt_total(truth, "0.0.0")
    assert result.incidents == result.areas["count"].sum() == expected.reindex(areas["code"]).fillna(0).sum()
    assert result.outside == int(expected[~expected.index.isin(areas["code"])].sum())
    first = counts[(counts["code"] == areas["code"].iloc[0]) & (counts["category"] == "0.0.0")].iloc[[0]]
    elsewhere = pd.concat([counts, first.assign(code="BU99990000", count=7), first.assign(code=None, count=3)])
    again = run_hotspots(areas, counts=elsewhere)
    assert again.incidents == result.incidents and again.outside == result.outside + 10


@pytest.mark.parametrize("wanted", ["1.2.3", " 1.2.3 "])
def test_a_chosen_category_by_code_or_label(typed, areas, wanted):
    path, truth = typed
    counts, _ = importers.read_counts(path, areas=areas)
    result = run_hotspots(areas, counts=counts, params={"category": wanted})
    expected = _buurt_total(truth, "1.2.3").reindex(result.areas["code"]).fillna(0)
    assert result.areas["count"].tolist() == expected.tolist() and result.params["category"] == "1.2.3"


def test_unknown_category_and_sum_of_overlapping_are_refused(typed, areas):
    counts, _ = importers.read_counts(typed[0], areas=areas)
    with pytest.raises(AnalysisError, match="Categorie .vuurwerk. komt niet voor.*0.0.0 Totaal misdrijven, 1.1.1"):
        run_hotspots(areas, counts=counts, params={"category": "vuurwerk"})
    with pytest.raises(AnalysisError, match="overlappen"):
        run_hotspots(areas, counts=counts, params={"category": "alle"})


def test_without_a_total_the_largest_and_an_explicit_sum(tmp_path, areas):
    truth = police_counts(demo_codes(), categories=("1.1.1", "1.2.3"), seed=3)
    counts, report = importers.read_counts(write_police_typed(tmp_path / "t.csv", truth), areas=areas)
    assert report.extra["categories"]["total"] is None and not report.extra["categories"]["overlapping"]
    largest = truth.groupby("category")["count"].sum().idxmax()
    choice = choose_counts_category(counts)
    assert choice.category == largest and "de grootste van 2" in choice.sentence
    both = run_hotspots(areas, counts=counts, params={"category": "alle"})
    expected = truth[truth["code"].str.startswith("BU")].groupby("code")["count"].sum()
    assert both.areas["count"].tolist() == expected.reindex(both.areas["code"]).fillna(0).tolist()


def test_label_export_with_total_is_not_summed(tmp_path, areas):
    codes = demo_codes()
    names = dict(zip(areas["code"], areas["name"]))
    unique = [c for c in codes if list(names.values()).count(names[c]) == 1]
    truth = police_counts(unique, with_gemeente=False)
    counts, report = importers.read_counts(write_police_labels(tmp_path / "labels.csv", truth, names), areas=areas)
    assert report.extra["categories"]["total"] == "0.0.0"
    result = run_hotspots(areas, counts=counts)
    got = result.areas.set_index("code")["count"]
    expected = _buurt_total(truth, "0.0.0")
    assert got.reindex(expected.index).tolist() == expected.tolist()
    assert any("'0.0.0 Totaal misdrijven'" in n for n in result.notes)
    bikes = run_hotspots(areas, counts=counts, params={"category": "diefstal van brom-, snor-, FIETSEN"})
    assert bikes.params["category"] == "1.2.3"


def test_analyse_says_which_category(typed, tmp_path, cli):
    path, truth = typed
    code, out, err = cli("analyse", "--areas", demo.AREAS, "--counts", path, "--out", tmp_path / "uit", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["category"] == "0.0.0"
    assert summary["counted"] == int(_buurt_total(truth, "0.0.0").sum())
    assert any("nooit opgeteld" in n for n in summary["notes"])
    code, out, err = cli("analyse", "--areas", demo.AREAS, "--counts", path, "--out", tmp_path / "uit2", "--json",
                         "--category", "1.1.1")
    assert code == 0, err
    assert json.loads(out)["counted"] == int(_buurt_total(truth, "1.1.1").sum())


def test_window_monthly_chart_is_one_total(typed, areas):
    """The window's monthly chart summed every code and category: gemeente + buurten, total + sub-categories."""
    path, truth = typed
    counts, _ = importers.read_counts(path, areas=areas)
    data = chart_data(None, "alles", counts=counts)
    gm = truth[(truth["category"] == "0.0.0") & truth["code"].str.startswith("GM")]
    assert data.monthly["count"].tolist() == gm.sort_values("month")["count"].astype(float).tolist()
    assert int(counts_for_one_total(counts)["count"].sum()) == int(gm["count"].sum())


def test_the_run_carries_the_chosen_category_to_the_trends(typed, areas):
    """hotspots/run.py: the trends of police counts are of the category the hot spots counted, not of each one."""
    from hotspots.inputs import Inputs
    from hotspots.run import run_analysis

    path, truth = typed
    counts, _ = importers.read_counts(path, areas=areas)
    run = run_analysis(Inputs(areas=areas, counts=counts))
    assert run.hotspots.params["category"] == "0.0.0" and run.params["trends"]["category"] == "0.0.0"
    assert set(run.trends.series["category"]) == {"0.0.0"}
    assert "hottimes" in run.skipped  # counts have no hour of the week
    chosen = run_analysis(Inputs(areas=areas, counts=counts), {"hotspots": {"category": "1.1.1"}})
    assert set(chosen.trends.series["category"]) == {"1.1.1"}
    assert any("Te weinig historie" in w for w in run.warnings)  # two months: no baseline, said


def test_an_incident_category_is_the_category_of_every_part(areas):
    """One category for hot spots, hot times and trends, and the incidents located once."""
    from hotspots.inputs import Inputs
    from hotspots.run import run_analysis

    inc = pd.read_csv(demo.INCIDENTS).head(3000)
    inc, _ = importers.read_incidents(_csv(inc.assign(category=["Fiets", "Brom"] * 1500)))
    run = run_analysis(Inputs(areas=areas, incidents=inc), {"hotspots": {"category": " fiets"}})
    bikes = int((inc["category"] == "Fiets").sum())
    assert run.hotspots.incidents == bikes and run.hottimes.total == pytest.approx(bikes, abs=1e-6)
    assert run.params["hottimes"]["category"] == run.params["trends"]["category"] == " fiets"
    assert set(run.trends.series["category"]) == {"Fiets"}
    assert len(run.inputs.incidents) == bikes and run.inputs.assigned is not None
    with pytest.raises(AnalysisError, match="Geen incidenten met categorie 'vuurwerk'"):
        run_analysis(Inputs(areas=areas, incidents=inc), {"hotspots": {"category": "vuurwerk"}})


def _csv(frame):
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / "meldingen.csv"
    frame.to_csv(path, index=False)
    return path


def test_every_output_says_which_category_and_warns(typed, tmp_path, cli):
    """The output pipeline (mapping/outputs.py): the GeoPackage's metadata and the workbook's Toelichting name the
    category and carry the warnings of every part (here the trends': too little history)."""
    import openpyxl
    import pyogrio

    path, _ = typed
    out = tmp_path / "uit"
    code, stdout, err = cli("analyse", "--areas", demo.AREAS, "--counts", path, "--out", out)
    assert code == 0, err
    assert "(categorie 0.0.0 Totaal misdrijven)" in stdout and "Let op: Te weinig historie" in stdout
    meta = dict(pyogrio.read_dataframe(out / "resultaten.gpkg", layer="wijkbeeld_metadata")[["key", "value"]]
                .itertuples(index=False))
    assert meta["categorie"] == "0.0.0 Totaal misdrijven" and "Te weinig historie" in meta["waarschuwingen"]
    sheet = openpyxl.load_workbook(out / "resultaten.xlsx", read_only=True)["Toelichting"]
    rows = [r[:2] for r in sheet.iter_rows(values_only=True)]
    assert ("Categorie", "0.0.0 Totaal misdrijven") in rows
    first = rows.index(next(r for r in rows if r[0] == "Let op"))
    assert any("Te weinig historie" in str(r[1]) for r in rows[first:] if r[0] in ("Let op", "", None))
    summary = json.loads((out / "samenvatting.json").read_text(encoding="utf-8"))
    assert summary["category"] == "0.0.0" and any("Te weinig historie" in w for w in summary["warnings"])


def test_the_report_counts_one_category_and_says_which(tmp_path, areas, cli):
    """wijkbeeld rapport on a full police export: one category (the total), never the sum, named in the report."""
    import shutil

    from report_text import flat, pdf_pages

    truth = police_counts(demo_codes(), months=tuple(f"2016-{m:02d}" for m in range(1, 13)))
    path = write_police_typed(tmp_path / "47022NED.csv", truth)
    code, out, err = cli("rapport", "--areas", demo.AREAS, "--counts", path, "--from", "2016-12", "--to", "2016-12",
                         "--out", tmp_path / "r.pdf", "--json")
    assert code == 0, err
    total = _buurt_total(truth[truth["month"] == "2016-12"], "0.0.0")
    assert json.loads(out)["incidents_in_period"] == int(total.reindex(areas["code"]).fillna(0).sum())
    if shutil.which("pdftotext"):
        text = flat(pdf_pages(tmp_path / "r.pdf"))
        assert "Categorie: 0.0.0" in text and "nooit opgeteld" in text


def test_rows_whose_name_joins_no_area_are_said_with_their_sum_not_dropped(tmp_path, areas):
    """A label export's name that joins no area (a police name the division spells otherwise) leaves its rows
    without a code: the hot spots said nothing and counted them nowhere. Now a warning gives the rows, their
    sum and the name, and the note on areas assumed 0 names those areas (the user can see the two belong
    together). The counted total is the hand sum of the joined rows."""
    codes = demo_codes()
    names = dict(zip(areas["code"], areas["name"]))
    unique = [c for c in codes if list(names.values()).count(names[c]) == 1]
    truth = police_counts(unique, categories=("1.2.3",), with_gemeente=False)
    lost = unique[0]
    spelled = {**names, lost: "Nergens Te Vinden"}
    counts, report = importers.read_counts(write_police_labels(tmp_path / "labels.csv", truth, spelled), areas=areas)
    assert [u["name"] for u in report.unmatched] == ["Nergens Te Vinden"]
    result = run_hotspots(areas, counts=counts)
    lost_sum = int(truth.loc[truth["code"] == lost, "count"].sum())
    assert result.areas["count"].sum() == truth["count"].sum() - lost_sum
    assert result.areas.set_index("code").loc[lost, "count"] == 0
    said = [w for w in result.warnings if "zonder gebied" in w]
    assert said == [f"2 rij(en) uit de tellingen zonder gebied (samen {lost_sum}) tellen niet mee; hun namen zijn "
                    "aan geen gebied gekoppeld: Nergens Te Vinden."]
    assumed = next(n for n in result.notes if "voor hen is 0 aangenomen" in n)
    assert names[lost] in assumed


def test_counts_of_which_no_row_is_an_area_are_refused_with_what_they_hold(shared_data):
    """Amsterdam's city totals (a 'Plaatsen' export) against its buurten: no row belongs to an area, and the
    analysis made a map of zeros with 0 hot spots under four warnings. Now one Dutch refusal says what the
    counts hold (rows, their sum, the name) and what to choose instead; codes of another level are named too."""
    from kernel.errors import AnalysisError

    folder = shared_data / "amsterdam_politie"
    areas, _ = importers.read_boundaries(folder / "INDELING_BUURT.csv")
    city, _ = importers.read_counts(folder / "Misdrijven__soort_misdrijf__plaats_03112025_180137.csv", areas=areas)
    one = city[city["category"] == city["category"].iloc[0]]
    with pytest.raises(AnalysisError) as refused:
        run_hotspots(areas, counts=city)
    total = int(one["count"].sum())
    assert str(refused.value) == (
        f"Geen enkele telling hoort bij een van de gebieden: {len(one)} rij(en) uit de tellingen zonder gebied "
        f"(samen {total:,}".replace(",", ".") + "); hun namen zijn aan geen gebied gekoppeld: Amsterdam. Kies "
        "tellingen op het niveau van de gebieden (buurt of wijk) of andere grenzen.")
    wijk_rows = pd.DataFrame({"code": ["WK0363AC", "WK0363AD"], "category": "1.2.3", "count": [5, 7],
                              "period": pd.Period("2024", "Y")})
    with pytest.raises(AnalysisError, match="codes die niet in de gebiedenlaag staan: WK0363AC, WK0363AD"):
        run_hotspots(areas, counts=wijk_rows)
