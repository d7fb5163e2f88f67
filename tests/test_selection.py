"""From a project and (sources, theme, period, level) to the inputs of analysis runs (hotspots.selection).

Sources that count different things are never added together silently: the numbers per area are
checked against a direct count of each source (groupby on the police rows, a spatial assignment of
the incidents), which is what the side-by-side table must show.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import importers
from files_helpers import POLICE_LABELS, demo_codes, police_counts, write_police_typed
from hotspots.selection import Choice, parse_theme, run_parts, select
from hotspots.where.assign import assign_points
from hotspots.where.methods import HOTSPOTS
from importers.projectmodel import Project, Theme
from kernel.errors import AnalysisError
from resources import demo

POLICE_BIKES = "1.2.3"


@pytest.fixture(scope="module")
def levels():
    buurt = importers.read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)[0]
    wijk = importers.read_boundaries(demo.AREAS, layer=demo.WIJKEN_LAYER)[0]
    return buurt, wijk


@pytest.fixture(scope="module")
def truth():
    """Police counts per buurt and gemeente for two months: total 0.0.0 = 1.1.1 + 1.2.3 (as published)."""
    return police_counts(demo_codes())


@pytest.fixture(scope="module")
def incidents():
    return importers.read_incidents(demo.INCIDENTS)[0]


@pytest.fixture()
def project(levels, truth, incidents, tmp_path_factory):
    """Own registrations (the demo's thefts), BOA reports (generated, two categories) and police counts."""
    buurt, wijk = levels
    counts, report = importers.read_counts(write_police_typed(tmp_path_factory.mktemp("p") / "47022NED.csv", truth),
                                           areas=buurt)
    counts["category_label"] = counts["category"].map(POLICE_LABELS).astype("string")  # as a label export has
    rng = np.random.default_rng(7)
    boa = incidents.sample(600, random_state=3).reset_index(drop=True)
    boa["category"] = pd.array(rng.choice(["Afval", "Fietsdiefstal"], len(boa)), dtype="string")
    boa["id"] = pd.array([f"B{i}" for i in range(len(boa))], dtype="string")
    pr = Project(name="Groningen")
    division = pr.add_division(buurt, {"path": "groningen_buurten_2017.gpkg"}, name="CBS 2017")
    division.areas["wijk"] = wijk
    pr.add_source("incidents", incidents, name="Eigen registraties")
    pr.add_source("incidents", boa, name="BOA-meldingen")
    pr.add_source("counts", counts, report.to_dict(), name="Politie")
    pr.set_theme(Theme("Fietsendiefstal", {"Politie": [POLICE_BIKES], "Eigen registraties": ["diefstal fiets"],
                                           "BOA-meldingen": ["fietsdiefstal"]}))
    return pr


def _police(truth, category, prefix="BU"):
    rows = truth[(truth["category"] == category) & truth["code"].str.startswith(prefix)]
    return rows.groupby("code")["count"].sum()


def test_police_counts_alone_give_their_total_never_the_sum(project, truth):
    sel = select(project, sources=("Politie",))
    inputs = sel.one()
    assert inputs.incidents is None and inputs.selection.category == "0.0.0"
    assert inputs.selection.label == "0.0.0 (Politie)"
    assert int(inputs.counts["count"].sum()) == int(truth.loc[truth["category"] == "0.0.0", "count"].sum())
    assert any("het totaal" in n and "nooit opgeteld" in n for n in sel.parts[0].notes)


def test_a_theme_across_three_sources_gives_three_labelled_parts(project, truth, incidents, levels):
    sel = select(project, theme="Fietsendiefstal")
    assert [p.label for p in sel.parts] == ["Fietsendiefstal (Eigen registraties)", "Fietsendiefstal (BOA-meldingen)",
                                            "Fietsendiefstal (Politie)"]
    with pytest.raises(AnalysisError, match="3 bronnen die verschillende dingen tellen.*--combine"):
        sel.one()
    side = run_parts(sel, HOTSPOTS.run)
    table = side.table().set_index("code")
    # each column is its own source, never a sum: against a direct count of each
    police = _police(truth, POLICE_BIKES).reindex(table.index).fillna(0)
    assert table["Fietsendiefstal (Politie): aantal"].tolist() == police.tolist()
    own = assign_points(incidents, levels[0]).counts(table.index.to_series())
    assert table["Fietsendiefstal (Eigen registraties): aantal"].tolist() == own.tolist()
    boa = project.source("BOA-meldingen").data
    bikes = assign_points(boa[boa["category"] == "Fietsdiefstal"], levels[0]).counts(table.index.to_series())
    assert table["Fietsendiefstal (BOA-meldingen): aantal"].tolist() == bikes.tolist()
    assert "Fietsendiefstal (Politie): klasse" in table.columns
    out = side.to_dict()
    assert [p["source"] for p in out["parts"]] == ["Eigen registraties", "BOA-meldingen", "Politie"]
    assert len(out["by_area"]) == 108 and out["parts"][2]["category"] == POLICE_BIKES


def test_an_inline_theme_finds_each_category_in_the_sources_that_have_it(project):
    theme = parse_theme("Fiets = 1.2.3 Diefstal van brom-, snor-, fietsen, fietsdiefstal", project.sources)
    assert theme.categories == {"Politie": ("1.2.3",), "BOA-meldingen": ("Fietsdiefstal",)}
    sel = select(project, theme="Fiets=diefstal van brom-, snor-, fietsen")  # the label, with its commas
    assert [p.inputs.selection.source for p in sel.parts] == ["Politie"]
    with pytest.raises(AnalysisError, match="Categorie 'vuurwerk' van thema 'X' komt in geen.*Wel aanwezig: 0.0.0"):
        parse_theme("X=1.2.3,vuurwerk", project.sources)
    with pytest.raises(AnalysisError, match="niet te lezen; schrijf NAAM=categorie1"):
        select(project, theme="Fiets=")


def test_a_theme_and_a_source_it_does_not_cover(project):
    project.set_theme(Theme("Afval", {"BOA-meldingen": ["afval"]}))
    with pytest.raises(AnalysisError, match="Thema 'Afval' heeft geen categorieën van bron Politie"):
        select(project, theme="Afval", sources=("Politie",))
    only = select(project, theme="afval").one()  # a project theme by name, case ignored
    assert set(only.incidents["category"]) == {"Afval"} and only.selection.theme == "Afval"
    with pytest.raises(AnalysisError, match="geen thema 'Drugs'"):
        select(project, theme="Drugs")
    with pytest.raises(AnalysisError, match="geen bron 'MORA'"):
        select(project, sources=("MORA",))


def test_police_categories_of_one_theme_are_added_only_where_none_holds_another(project, truth):
    project.set_theme(Theme("Diefstal", {"Politie": ["1.1.1", "1.2.3"]}))
    inputs = select(project, theme="Diefstal").one()
    assert set(inputs.counts["category"]) == {"Diefstal"}  # one category: no later step picks one of them
    expected = _police(truth, "1.1.1", "") + _police(truth, "1.2.3", "")
    got = inputs.counts.groupby("code")["count"].sum()
    assert got.reindex(expected.index).tolist() == expected.tolist()
    project.set_theme(Theme("Dubbel", {"Politie": ["0.0.0", "1.2.3"]}))
    with pytest.raises(AnalysisError, match="0.0.0 bevat 1.2.3: optellen zou incidenten dubbel tellen"):
        select(project, theme="Dubbel")


def test_combining_is_explicit_and_only_within_one_kind(project, incidents):
    sel = select(project, sources=("Eigen registraties", "BOA-meldingen"), combine=True)
    inputs = sel.one()
    assert len(inputs.incidents) == len(incidents) + 600
    assert inputs.selection.source == "Eigen registraties + BOA-meldingen"
    assert inputs.incidents["source"].value_counts().to_dict() == {"Eigen registraties": len(incidents),
                                                                   "BOA-meldingen": 600}
    assert any("op verzoek opgeteld" in n for n in sel.parts[0].notes)
    with pytest.raises(AnalysisError, match="Incidenten en tellingen tellen verschillende dingen"):
        select(project, sources=("Eigen registraties", "Politie"), combine=True)
    project.add_source("counts", project.source("Politie").data, name="Politie (kopie)")
    with pytest.raises(AnalysisError, match="beide een cijfer voor .* dubbel tellen"):
        select(project, sources=("Politie", "Politie (kopie)"), combine=True)


def test_the_period_keeps_its_months(project, incidents, truth):
    inputs = select(project, sources=("Eigen registraties",), period=("2016-01", "2016-06")).one()
    start = incidents["start"]
    assert len(inputs.incidents) == int(((start >= "2016-01-01") & (start < "2016-07-01")).sum())
    assert inputs.selection.period_text() == "2016-01 t/m 2016-06"
    counts = select(project, sources=("Politie",), period=("2016-02", "2016-02")).one().counts
    assert set(counts["period"].astype(str)) == {"2016-02"}
    with pytest.raises(AnalysisError, match="Maand '2016-13' is niet te lezen"):
        select(project, sources=("Politie",), period=("2016-13", None))
    with pytest.raises(AnalysisError, match="is leeg"):
        select(project, sources=("Politie",), period=("2016-05", "2016-01"))


def test_the_wijk_level_everywhere(project, truth, incidents, levels):
    project.sources[0].data = assign_points(incidents, levels[0]).incidents  # as the window holds them
    sel = select(project, theme="Fietsendiefstal", level="wijk")
    own, boa, police = (p.inputs for p in sel.parts)
    assert len(own.areas) == 15 and own.areas is levels[1] and own.outlines is None
    assert own.incidents["area"].dropna().str.startswith("WK").all()  # moved from their buurt to its wijk
    located = assign_points(incidents, levels[1]).incidents["area"]
    both = own.incidents["area"].notna() & located.notna()
    assert both.mean() > 0.99 and (own.incidents["area"][both] == located[both]).all()
    assert "area" not in boa.incidents or boa.incidents["area"].isna().all()  # never located: the run does it
    # the police table has no wijk rows here: its buurten are added up per wijk
    parent = levels[0].set_index("code")["wijk_code"]
    buurten = _police(truth, POLICE_BIKES)
    expected = buurten.groupby(parent.reindex(buurten.index).to_numpy()).sum()
    got = police.counts.groupby("code")["count"].sum()
    assert got.reindex(expected.index).tolist() == expected.tolist()
    assert any("opgeteld uit" in n for n in sel.parts[2].notes)


def test_the_gemeente_level_and_the_buurt_outlines(project, truth):
    gm = select(project, sources=("Politie",), level="gemeente").one()
    assert gm.areas["code"].tolist() == ["GM0014"] and set(gm.counts["code"]) == {"GM0014"}  # its own row
    assert int(gm.counts["count"].sum()) == int(_police(truth, "0.0.0", "GM").sum())
    buurt = select(project, sources=("Politie",), level="buurt").one()
    assert len(buurt.areas) == 108 and len(buurt.outlines) == 15
    with pytest.raises(AnalysisError, match="Onbekend gebiedsniveau 'straat'"):
        select(project, level="straat")


def test_another_division_locates_the_incidents_again(project, groningen, incidents):
    """The municipality's own 112 buurten beside CBS's: the incidents' CBS buurt codes are not theirs."""
    own, report = importers.read_boundaries(groningen / "buurtindeling.zip")
    project.add_division(own, report.to_dict(), name="Eigen buurten")
    located = project.copy()
    located.sources[0].data = assign_points(incidents, project.divisions[0].areas["buurt"]).incidents
    inputs = select(located, sources=("Eigen registraties",), division="eigen buurten").one()
    assert "area" not in inputs.incidents and len(inputs.areas) == 112
    result = HOTSPOTS.run(inputs)
    assert int(result.areas["count"].sum()) + result.outside == len(incidents)
    with pytest.raises(AnalysisError, match="geen gebiedsindeling 'Wijken 2020'"):
        select(project, division="Wijken 2020")


def test_one_gemeente_of_the_division(project):
    assert len(select(project, sources=("Politie",), gemeente="0014").one().areas) == 108
    with pytest.raises(AnalysisError, match="Gemeente 'Ermelo' komt niet voor"):
        select(project, gemeente="Ermelo")


def test_an_empty_project_says_so():
    with pytest.raises(AnalysisError, match="nog geen gebiedsgrenzen|nog geen incidenten"):
        select(Project(), Choice())


def test_a_theme_takes_every_row_whose_category_matches_whatever_its_case_or_spaces():
    """The rows of a theme's categories, against a hand count per row: the key of each distinct value decides
    (case and surrounding spaces do not matter; missing categories never match)."""
    from hotspots.categories import category_key

    cats = ["Fietsdiefstal", " fietsdiefstal ", "FIETSDIEFSTAL", "Overlast jeugd", None, "Vernieling", "overlast Jeugd"]
    data = pd.DataFrame({"category": pd.array(cats * 50, dtype="string"), "x": range(350)})
    project = Project()
    project.add_source("incidents", data, name="Meldingen")
    theme = Theme("Fiets en jeugd", {"Meldingen": ("fietsdiefstal", "Overlast Jeugd")})
    project.themes = [theme]
    part = select(project, theme="Fiets en jeugd").parts[0]
    wanted = {category_key("fietsdiefstal"), category_key("Overlast Jeugd")}
    by_hand = [i for i, v in enumerate(data["category"]) if v is not pd.NA and category_key(v) in wanted]
    assert part.inputs.incidents["x"].tolist() == by_hand and len(by_hand) == 5 * 50
