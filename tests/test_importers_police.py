"""Police tables on the real data: typed and label layouts agree, names are joined or reported, never guessed."""
from __future__ import annotations

import math

import pandas as pd
import pytest

import importers
from hotspot_data import groningen_areas
from importers.police import parse_period


@pytest.fixture(scope="module")
def buurten(groningen):
    return groningen_areas(groningen)


@pytest.fixture(scope="module")
def typed(groningen):
    return importers.read_counts(groningen / "groningen_47022NED_typed_2014_2016.csv")


def test_typed_layout(typed, groningen):
    counts, report = typed
    assert report.reader == "police-typed"
    assert report.rows_read == 4464 == report.rows_kept and not report.rejections
    assert not counts["code"].str.contains(" ").any()  # padding gone
    assert set(counts["category"]) == {"1.2.3"}  # trailing space gone
    assert counts["code"].str[:2].value_counts().to_dict() == {"BU": 3888, "WK": 540, "GM": 36}
    assert counts["period"].dtype == pd.PeriodDtype("M")
    assert str(counts["period"].min()) == "2014-01" and str(counts["period"].max()) == "2016-12"
    assert counts["count"].dtype == "int64"
    # independent reading of the same file: the first row is GM0014, 2014-01, 278
    raw = pd.read_csv(groningen / "groningen_47022NED_typed_2014_2016.csv", sep=";", dtype=str)
    assert raw.loc[0, "WijkenEnBuurten"] == "GM0014    " and raw.loc[0, "GeregistreerdeMisdrijven_1"] == "278"
    first = counts[(counts["code"] == "GM0014") & (counts["period"] == pd.Period("2014-01", "M"))]
    assert first["count"].tolist() == [278]
    assert counts["count"].sum() == raw["GeregistreerdeMisdrijven_1"].astype(int).sum()


def test_label_layout_joined_by_name_agrees_with_typed(groningen, buurten, typed):
    labels, report = importers.read_counts(groningen / "groningen_47022NED_labels_2014_2016.csv",
                                           areas=buurten, gemeente="Groningen")
    assert report.reader == "police-labels" and report.encoding == "utf-8-sig"
    assert report.rows_read == 3888 == report.rows_kept
    assert report.unmatched == []  # all 108 CBS 2017 buurt names match exactly once
    assert labels["code"].notna().all()
    assert set(labels["category"]) == {"1.2.3"}
    assert labels["category_label"].iloc[0] == "Diefstal van brom-, snor-, fietsen"
    # the same figures as the typed file (an independent layout of the same table)
    t = typed[0]
    t = t[t["code"].str.startswith("BU")].set_index(["code", "period"])["count"].sort_index()
    lab = labels.set_index(["code", "period"])["count"].sort_index()
    pd.testing.assert_series_equal(lab, t, check_names=False)


def test_label_layout_against_own_division_reports_unmatched(groningen):
    """Groningen's own buurt names differ from CBS's: every name either joins once or is reported."""
    own, _ = importers.read_boundaries(groningen / "buurtindeling.zip")
    labels, report = importers.read_counts(groningen / "groningen_47022NED_labels_2014_2016.csv", areas=own)
    names = labels["name"].unique()
    unmatched = {u["name"] for u in report.unmatched}
    matched = set(labels.loc[labels["code"].notna(), "name"])
    assert matched | unmatched == set(names) and not matched & unmatched
    assert unmatched  # some names differ between the two divisions
    assert labels.loc[labels["name"].isin(unmatched), "code"].isna().all()  # never guessed
    assert report.rows_read == report.rows_kept + report.rows_rejected


def test_amsterdam_label_export_one_name_spelled_otherwise(shared_data):
    """The police write 'BurgemeesterTellegenbuurt-West', the division 'Burgemeester Tellegenbuurt-West': joined
    by their letters alone (the only area with them), and said so for the user to check."""
    folder = shared_data / "amsterdam_politie"
    areas, _ = importers.read_boundaries(folder / "INDELING_BUURT.csv")
    counts, report = importers.read_counts(folder / "2024_bikes.csv", areas=areas)
    assert report.rows_read == 517 == report.rows_kept
    assert not report.unmatched and counts["code"].notna().all()
    code = areas.loc[areas["name"] == "Burgemeester Tellegenbuurt-West", "code"].item()
    assert counts.loc[counts["name"] == "BurgemeesterTellegenbuurt-West", "code"].tolist() == [code]
    assert [w for w in report.warnings if "spaties en leestekens" in w] == [
        "1 namen gekoppeld zonder op spaties en leestekens te letten (controleer ze): "
        f"'BurgemeesterTellegenbuurt-West' = 'Burgemeester Tellegenbuurt-West' ({code})."]
    assert counts["code"].dropna().str.match(r"^BU0363[0-9A-Z]{4}$").all()
    assert (counts["period"] == pd.Period("2024", "Y")).all()
    raw = pd.read_csv(folder / "2024_bikes.csv", sep=";", encoding="utf-8-sig", dtype=str)
    assert counts["count"].sum() == raw.iloc[:, 3].str.strip().astype(int).sum()


def test_city_totals_without_areas(shared_data):
    path = shared_data / "amsterdam_politie" / "Misdrijven__soort_misdrijf__plaats_03112025_180137.csv"
    counts, report = importers.read_counts(path)
    assert report.rows_kept == 11 and counts.loc[0, "count"] == 12017 and counts.loc[0, "name"] == "Amsterdam"
    assert report.warnings  # names not joined: said so


def test_name_matching_two_areas_is_reported_not_guessed(tmp_path, shared_data):
    """Ermelo has 'Verspreide huizen bosgebied' in two wijken: the name is ambiguous."""
    areas, _ = importers.read_boundaries(shared_data / "ermelo" / "ermelo_GM0233_buurten_2021_pdok.gpkg")
    p = tmp_path / "ermelo_labels.csv"
    p.write_text('\ufeff"Soort misdrijf";"Perioden";"Wijken en buurten";"Geregistreerde misdrijven (aantal)"\n'
                 '"1.2.3 Diefstal van brom-, snor-, fietsen";"2021 mei";"Verspreide huizen bosgebied";"       2"\n'
                 '"1.2.3 Diefstal van brom-, snor-, fietsen";"2021 mei";"Ermelo-Oost";"      11"\n'
                 '"1.2.3 Diefstal van brom-, snor-, fietsen";"2021 mei";"Ermelo";"      40"\n',
                 encoding="utf-8")
    counts, report = importers.read_counts(p, areas=areas, gemeente="GM0233")
    amb = {u["name"]: u for u in report.unmatched}
    assert amb["Verspreide huizen bosgebied"]["codes"] == ["BU02330009", "BU02330109"]
    # 'Ermelo' is both a buurt and the gemeente: reported, not guessed
    assert amb["Ermelo"]["codes"] == ["BU02330000", "GM0233"]
    by_name = counts.set_index("name")["code"]
    assert pd.isna(by_name["Verspreide huizen bosgebied"]) and pd.isna(by_name["Ermelo"])
    assert by_name["Ermelo-Oost"] == "BU02330001"
    assert counts["period"].iloc[0] == pd.Period("2021-05", "M")


def test_rows_with_bad_values_are_rejected(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("ID;SoortMisdrijf;WijkenEnBuurten;Perioden;GeregistreerdeMisdrijven_1\n"
                 "0;1.2.3 ;GM0014    ;2014MM01;278\n"
                 "1;1.2.3 ;GM0014    ;2014XX01;5\n"
                 "2;1.2.3 ;GM0014    ;2014MM02;.\n"
                 "3;1.2.3 ;ZZ        ;2014MM03;4\n", encoding="utf-8")
    counts, report = importers.read_counts(p)
    assert report.rows_read == 4 and report.rows_kept == 1
    assert [(r.row, r.column, r.reason) for r in report.rejections] == [
        (3, "Perioden", "periode niet te lezen"), (4, "GeregistreerdeMisdrijven_1", "aantal ontbreekt"),
        (5, "WijkenEnBuurten", "onbekende gebiedscode")]


def test_rejected_values_are_reported_as_read_empty_cells_stay_nan(tmp_path):
    """Police reports a rejected value as read: an empty cell is NaN (not None, as incidents report it)."""
    p = tmp_path / "t.csv"
    p.write_text("SoortMisdrijf;WijkenEnBuurten;Perioden;GeregistreerdeMisdrijven_1\n"
                 "0.0.0 ;GM0014    ;2020MM01;12\n"
                 "0.0.0 ;GM0014    ;2020MM02;\n"
                 "0.0.0 ;XX    ;2020MM03;3\n"
                 "0.0.0 ;GM0014    ;;4\n"
                 "0.0.0 ;GM0014    ;2020MM05;.\n"
                 "0.0.0 ;GM0363    ;2020MM06;\n", encoding="utf-8")
    counts, report = importers.read_counts(p, gemeente="GM0014")
    assert report.rows_read == 5 and report.rows_kept == 1  # the GM0363 row is out of scope, not rejected
    got = [(r.row, r.column, r.value, r.reason) for r in report.rejections]
    assert [(row, col, reason) for row, col, _, reason in got] == [
        (3, "GeregistreerdeMisdrijven_1", "aantal ontbreekt"), (4, "WijkenEnBuurten", "onbekende gebiedscode"),
        (5, "Perioden", "periode niet te lezen"), (6, "GeregistreerdeMisdrijven_1", "aantal ontbreekt")]
    values = [v for _, _, v, _ in got]
    assert isinstance(values[0], float) and math.isnan(values[0])
    assert isinstance(values[2], float) and math.isnan(values[2])
    assert values[1] == "XX    " and values[3] == "."
    assert "rij 3, kolom 'GeregistreerdeMisdrijven_1': aantal ontbreekt (waarde: nan)" in report.summary()
    assert report.to_dict()["rejections"][0]["value"] is None  # the JSON form has no NaN


@pytest.mark.parametrize("text, expected", [
    ("2014MM01", pd.Period("2014-01", "M")), ("2016MM12", pd.Period("2016-12", "M")),
    ("2014KW02", pd.Period("2014Q2", "Q")), ("2014JJ00", pd.Period("2014", "Y")),
    ("2014 januari", pd.Period("2014-01", "M")), ("2015 december", pd.Period("2015-12", "M")),
    ("2024", pd.Period("2024", "Y")), ("2024*", pd.Period("2024", "Y")),
    ("2014 2e kwartaal", pd.Period("2014Q2", "Q")), ("2014MM13", None), ("januari", None)])
def test_parse_period(text, expected):
    assert parse_period(text) == expected


def test_a_name_joined_by_its_letters_only_where_they_point_to_one_area(tmp_path):
    """The second try of a name join (letters and digits alone) takes a name only where one area has them: 'De
    Hoek' and 'Dehoek' both read 'dehoek', so 'De-Hoek' is reported, not guessed; an exact name is never
    taken for a looser one."""
    import geopandas as gpd
    from shapely.geometry import box

    names = ["De Hoek", "Dehoek", "Oud-Zuid", "Oud Zuid", "Sint Jansbuurt"]
    areas = gpd.GeoDataFrame({"code": [f"BU0999000{i}" for i in range(5)], "name": names},
                             geometry=[box(i, 0, i + 1, 1) for i in range(5)], crs=28992)
    p = tmp_path / "labels.csv"
    rows = [("De-Hoek", 3), ("Oud Zuid", 4), ("St.Jansbuurt", 5), ("SintJansbuurt", 6)]
    p.write_text('\ufeff"Soort misdrijf";"Perioden";"Wijken en buurten";"Geregistreerde misdrijven (aantal)"\n'
                 + "".join(f'"1.2.3 Diefstal van brom-, snor-, fietsen";"2024";"{n}";"{c:>8}"\n' for n, c in rows),
                 encoding="utf-8")
    counts, report = importers.read_counts(p, areas=areas)
    code = counts.set_index("name")["code"]
    assert pd.isna(code["De-Hoek"]) and [u["name"] for u in report.unmatched] == ["De-Hoek", "St.Jansbuurt"]
    assert code["Oud Zuid"] == "BU09990003"  # the exact name, not 'Oud-Zuid' (the same letters)
    assert code["SintJansbuurt"] == "BU09990004"
    assert any("'SintJansbuurt' = 'Sint Jansbuurt' (BU09990004)" in w for w in report.warnings)
