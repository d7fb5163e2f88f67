"""Data exports: GeoPackage (re-imported by our importer and by pyogrio), QGIS style, CSV, XLSX, privacy rules."""
from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pyogrio
import pytest

import importers
from kernel.errors import AnalysisError
from mapping.meta import ReportMeta
from mapping import styles
from mapping.export import META_TABLE, write_csv, write_gpkg, write_xlsx
from mapping.disclosure import PrivacyLog, PrivacyRules, apply_rules, point_table
from mapping_helpers import fake_result, groningen_areas


@pytest.fixture(scope="module")
def result(groningen):
    res = fake_result(groningen_areas(groningen), hostile=True)
    res.areas["straat"] = "Grote Markt"  # a column that must never be written
    res.areas["postcode"] = "9711LV"
    return res


@pytest.fixture(scope="module")
def gpkg(result, tmp_path_factory):
    path = tmp_path_factory.mktemp("gpkg") / "resultaten.gpkg"
    files, log = write_gpkg(result, path, ReportMeta(title="Test"))
    return path, files, log


def test_gpkg_reimports_with_pyogrio(result, gpkg):
    path, files, _ = gpkg
    assert [f.name for f in files] == ["resultaten.gpkg", "resultaten.qml"]
    back = pyogrio.read_dataframe(path, layer="gebieden")
    a = result.areas
    assert back.crs.to_epsg() == 28992
    assert back["code"].tolist() == a["code"].tolist()
    assert back["name"].tolist() == a["name"].tolist()
    assert back["gi_class"].tolist() == a["gi_class"].tolist()
    assert back["gi_label"].tolist() == a["gi_label"].tolist()
    assert back["gi_colour"].tolist() == [styles.GI_COLOURS[c] for c in a["gi_class"]]
    np.testing.assert_allclose(back["z"], a["z"])
    np.testing.assert_allclose(back["p_fdr"], a["p_fdr"])
    assert back["count"].tolist() == a["count"].tolist()
    assert {"straat", "postcode"}.isdisjoint(back.columns)
    assert back.geometry.geom_equals_exact(a.geometry.reset_index(drop=True), tolerance=1e-6).all()


def test_gpkg_reimports_with_our_importer(result, gpkg):
    path, _, _ = gpkg
    back, report = importers.read_boundaries(path, layer="gebieden")
    a = result.areas
    assert sorted(back["code"]) == sorted(a["code"])
    cols = ["code", "name", "gi_class", "gi_label", "z", "p_fdr", "count", "population"]
    merged = back[cols].merge(a[cols], on="code", suffixes=("_back", ""))
    assert len(merged) == len(a)
    for col in ("name", "gi_label"):
        assert (merged[f"{col}_back"] == merged[col]).all()
    for col in ("gi_class", "count"):
        assert merged[f"{col}_back"].astype(int).tolist() == merged[col].astype(int).tolist()
    np.testing.assert_allclose(merged["z_back"], merged["z"])
    np.testing.assert_allclose(merged["p_fdr_back"], merged["p_fdr"])
    np.testing.assert_allclose(merged["population_back"], merged["population"])
    assert back.crs.to_epsg() == 28992


def test_gpkg_has_a_default_qgis_style(gpkg):
    path, files, _ = gpkg
    con = sqlite3.connect(path)
    try:
        contents = dict(con.execute("SELECT table_name, data_type FROM gpkg_contents").fetchall())
        rows = con.execute("SELECT f_table_name, f_geometry_column, useAsDefault, styleQML FROM layer_styles").fetchall()
        geom_col = con.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name='gebieden'").fetchone()[0]
    finally:
        con.close()
    assert contents == {"gebieden": "features", META_TABLE: "attributes", "layer_styles": "attributes"}
    (table, geom, default, qml), = rows
    assert (table, geom, default) == ("gebieden", geom_col, 1)
    assert qml == files[1].read_text(encoding="utf-8")
    root = ET.fromstring(qml)
    renderer = root.find("renderer-v2")
    assert renderer.get("type") == "categorizedSymbol" and renderer.get("attr") == "gi_class"
    cats = [(int(c.get("value")), c.get("label")) for c in renderer.iter("category")]
    assert cats == [(c, styles.GI_LABELS[c]) for c in styles.GI_ORDER]
    colours = [o.get("value") for o in root.iter("Option") if o.get("name") == "color"]
    expected = [",".join(str(int(styles.GI_COLOURS[c][i:i + 2], 16)) for i in (1, 3, 5)) + ",255"
                for c in styles.GI_ORDER]
    assert colours == expected


def test_gpkg_metadata_states_the_rules(gpkg):
    path, _, log = gpkg
    meta = dict(pyogrio.read_dataframe(path, layer=META_TABLE)[["key", "value"]].itertuples(index=False))
    assert meta["titel"] == "Test"
    assert meta["drempel_kleine_aantallen"] == "null" and meta["punten_opgenomen"] == "false"
    assert "straat" in meta["niet_geschreven_kolommen"] and "postcode" in meta["niet_geschreven_kolommen"]


def test_gpkg_with_suppression_and_points(result, tmp_path):
    incidents = pd.DataFrame({"x": [233500.0, 234000.0], "y": [582500.0, 583000.0],
                              "start": pd.to_datetime(["2016-01-02 10:00", "2016-01-03 11:00"]),
                              "category": ["fiets", "fiets"], "Straat": ["Vismarkt", "Oude Ebbingestraat"]})
    path = tmp_path / "r.gpkg"
    _, log = write_gpkg(result, path, PrivacyRules(5, include_points=True), incidents=incidents)
    back = pyogrio.read_dataframe(path, layer="gebieden")
    assert back["count"].tolist()[:3] == ["0", "<5", "<5"]
    assert back["rate"].isna().tolist()[:3] == [False, True, True]
    pts = pyogrio.read_dataframe(path, layer="incidenten")
    assert list(pts.columns) == ["x", "y", "date", "category", "geometry"]
    assert pts["date"].tolist() == ["2016-01-02", "2016-01-03"]
    assert log.metadata()["afgeschermde_waarden"] == 2 and log.metadata()["aantal_punten"] == 2
    assert "Straat" in log.dropped_columns
    # without the explicit request, no point layer
    path2 = tmp_path / "r2.gpkg"
    write_gpkg(result, path2, PrivacyRules(5), incidents=incidents)
    assert "incidenten" not in pyogrio.list_layers(path2)[:, 0]


def test_xlsx_tables_and_explanation(result, tmp_path):
    """A workbook for Dutch Excel: Dutch headers, numbers stored as numbers with a number format, the
    hidden cells as text with a note on their header, and a Toelichting in sentences (openpyxl reads it)."""
    from openpyxl import load_workbook

    path = tmp_path / "r.xlsx"
    extra = pd.DataFrame({"day": ["vrijdag"], "hour": [22], "count": [3], "label": ["=HYPERLINK(\"x\")"]})
    write_xlsx({"Gebieden": result, "Hot times": extra}, path, PrivacyRules(5))
    sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    assert list(sheets) == ["Gebieden", "Hot times", "Toelichting"]
    gebieden = sheets["Gebieden"]
    assert "geometry" not in gebieden and "straat" not in gebieden and "postcode" not in gebieden
    assert {"Aantal", "Per 1.000 inwoners", "Gi* z", "p (FDR)", "Klasse"} <= set(gebieden.columns)
    assert gebieden["Aantal"].astype(str).tolist()[:3] == ["0", "<5", "<5"]
    assert sheets["Hot times"]["Aantal"].tolist() == ["<5"]
    assert sheets["Hot times"]["Blok"].tolist() == ["'=HYPERLINK(\"x\")"]  # never a formula
    book = load_workbook(path)
    ws = book["Gebieden"]
    header = [c.value for c in ws[1]]
    for name in ("Aantal", "Per 1.000 inwoners", "Gi* z", "p (FDR)", "Inwoners"):
        col = header.index(name) + 1
        cells = [ws.cell(row=r, column=col) for r in range(2, ws.max_row + 1)]
        numbers = [c for c in cells if c.value is not None and c.value != "x"
                   and not (isinstance(c.value, str) and c.value.startswith("<"))]
        assert numbers and all(c.data_type == "n" for c in numbers), name   # SUM works
        assert all(c.number_format != "General" for c in numbers), name
    count_col = header.index("Aantal") + 1
    assert "afgeschermd" in ws.cell(row=1, column=count_col).comment.text
    assert ws.cell(row=3, column=count_col).value == "<5" and ws.cell(row=3, column=count_col).data_type == "s"
    note = dict(sheets["Toelichting"].fillna("").itertuples(index=False))
    assert note["Gemaakt"].startswith("Gemaakt met Wijkbeeld op ") and " om " in note["Gemaakt"]
    assert "Aantallen onder 5" in " ".join(sheets["Toelichting"]["Toelichting"])
    assert "straat" in note["Niet geschreven"]
    assert not any(str(v).startswith(("{", "[")) for v in sheets["Toelichting"]["Toelichting"])  # no JSON


def test_csv_and_its_note(result, tmp_path):
    files, log = write_csv(result, tmp_path / "gebieden.csv", PrivacyRules(5))
    table = pd.read_csv(files[0], sep=";", decimal=",", encoding="utf-8-sig", dtype={"count": str})
    assert files[0].read_bytes().count(b"\r\n") == len(table) + 1
    assert table["code"].tolist() == result.areas["code"].tolist()
    assert table["count"].tolist()[:3] == ["0", "<5", "<5"]
    assert "straat" not in table
    text = files[1].read_text(encoding="utf-8")
    assert "afgeschermde_waarden: 2" in text and "straat" in text


def test_privacy_rules():
    rules = PrivacyRules.suppressing()
    assert rules.suppress_below == 5 and rules.marker == "<5"
    assert [rules.suppressed(c) for c in (0, 1, 4, 5, None, np.nan)] == [False, True, True, False, False, False]
    with pytest.raises(AnalysisError, match="minstens 2"):
        PrivacyRules(suppress_below=1)
    frame = pd.DataFrame({"code": ["A"], "observed": [2.0], "naam_melder": ["J. Jansen"]})
    out, log = apply_rules(frame, rules)
    assert out.to_dict("list") == {"code": ["A"], "observed": ["<5"]}
    assert log.dropped_columns == ["naam_melder"]
    assert point_table(pd.DataFrame({"x": [1.0], "y": [2.0]}), PrivacyRules())[0] is None
    merged = PrivacyLog(rules).merge(log).merge(log)
    assert merged.suppressed_values == 2 and merged.dropped_columns == ["naam_melder"]
