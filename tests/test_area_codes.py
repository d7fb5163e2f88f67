"""Which column holds the area codes: never a constant or duplicated one without a word (issue 11)."""
from __future__ import annotations

import json

import geopandas as gpd
import pytest
from shapely.geometry import box

import importers
from files_helpers import read_checked, squares, write_geojson
from kernel.errors import ImportFileError


def _areas(n=6, **columns):
    return gpd.GeoDataFrame({k: (v if isinstance(v, list) else [v] * n) for k, v in columns.items()},
                            geometry=squares(n), crs="EPSG:28992")


def test_constant_code_column_is_passed_over_and_said(tmp_path):
    """The case found: a municipality's own division whose CODE holds one value; the real code sits elsewhere."""
    path = write_geojson(tmp_path / "eigen_indeling.geojson",
                         _areas(CODE="0014", buurtnr=[f"A{i:02d}" for i in range(6)], NAAM=list("abcdef")))
    imported = read_checked(path)
    areas, report = imported.data, imported.report
    assert report.column_mapping["code"] == "buurtnr" and areas["code"].is_unique
    assert areas["name"].tolist() == list("abcdef")
    assert any("'CODE' heeft in alle 6 rijen dezelfde waarde ('0014')" in a for a in report.assumptions)
    assert any("niet uit CODE" in w for w in report.warnings)


def test_constant_code_column_without_another_is_refused(tmp_path, cli):
    path = write_geojson(tmp_path / "eigen.geojson", _areas(CODE="0014", NAAM=list("abcdef")))
    with pytest.raises(ImportFileError, match=r"kolom 'CODE' heeft in alle 6 rijen dezelfde waarde.*--code"):
        importers.read_boundaries(path)
    code, out, err = cli("hotspots", "--areas", path, "--value", "NAAM")
    assert code == 2 and err.startswith("wijkbeeld: eigen.geojson") and "--code" in err and "Traceback" not in err


def test_code_and_name_columns_chosen_by_the_user(tmp_path, cli):
    path = write_geojson(tmp_path / "wards.geojson", _areas(CODE="X", ward=[f"W{i}" for i in range(6)],
                                                            label=list("uvwxyz")))
    areas, report = importers.read_boundaries(path, code="ward", name="label")
    assert areas["code"].tolist() == [f"W{i}" for i in range(6)] and areas["name"].tolist() == list("uvwxyz")
    assert report.column_mapping["code"] == "ward" and report.column_mapping["name"] == "label"
    code, out, err = cli("inspect", path, "--code", "ward", "--name", "label", "--json")
    assert code == 0, err
    assert json.loads(out)["column_mapping"]["code"] == "ward"
    with pytest.raises(ImportFileError, match="codekolom onderscheidt de gebieden niet"):
        importers.read_boundaries(path, code="CODE")
    with pytest.raises(ImportFileError, match="codekolom 'nee' bestaat niet"):
        importers.read_boundaries(path, code="nee")


@pytest.mark.parametrize("header, values, level", [
    ("PC4", [9711 + i for i in range(6)], "postcode"),
    ("postcode", [f"{9711 + i}" for i in range(6)], "postcode"),
    ("ward_code", [f"E0500{i}" for i in range(6)], "buurt"),
    ("statcode", [f"WK00140{i}" for i in range(6)], "wijk"),
    ("id", list(range(1, 7)), "buurt"),
])
def test_other_code_columns_are_found(tmp_path, header, values, level):
    imported = read_checked(write_geojson(tmp_path / "g.geojson", _areas(**{header: values})))
    assert imported.report.column_mapping["code"] == header
    assert imported.data["code"].tolist() == [str(v) for v in values]
    assert (imported.data["level"] == level).all()


def test_identical_duplicates_are_merged_and_rejected_with_their_row(tmp_path):
    frame = _areas(BU_CODE=["BU00010001", "BU00010002", "BU00010001", "BU00010003", "BU00010004", "BU00010005"])
    frame.loc[2, "geometry"] = frame.geometry[0]
    imported = read_checked(write_geojson(tmp_path / "dubbel.geojson", frame))
    report = imported.report
    assert len(imported.data) == 5 and imported.data["code"].is_unique
    assert [(r.row, r.value) for r in report.rejections] == [(3, "BU00010001")]
    assert "dezelfde grens als rij 1" in report.rejections[0].reason


def test_differing_duplicates_are_refused_for_an_analysis_and_warned_in_a_preview(tmp_path, cli):
    frame = _areas(BU_CODE=["BU00010001", "BU00010002", "BU00010001", "BU00010003", "BU00010004", "BU00010005"])
    path = write_geojson(tmp_path / "dubbel.geojson", frame)
    with pytest.raises(ImportFileError, match=r"'BU00010001' \(rijen 1, 3\).*één gebied per code"):
        importers.read_boundaries(path)
    report = importers.inspect(path)
    assert report.duplicates == [{"code": "BU00010001", "count": 2, "rows": [1, 3]}]
    assert any("analyse weigert" in w for w in report.warnings)
    code, _, err = cli("hotspots", "--areas", path, "--value", "BU_CODE")
    assert code == 2 and "meer dan eens" in err


def test_null_geometry_is_rejected_as_the_user_counts_features(tmp_path):
    frame = _areas(BU_CODE=[f"BU0001000{i}" for i in range(6)])
    frame.geometry.values[4] = None  # the fifth feature
    imported = read_checked(write_geojson(tmp_path / "leeg.geojson", frame))
    assert [(r.row, r.column, r.reason) for r in imported.report.rejections] == [(5, "geometry", "geen geometrie")]


def test_analyse_on_a_constant_code_no_longer_runs_on_one_code(tmp_path, cli):
    """91 areas with one code ran on without a word; now the file is refused before any analysis."""
    frame = gpd.GeoDataFrame({"CODE": ["GM0014"] * 40}, geometry=[box(i * 100, 0, (i + 1) * 100, 100)
                                                               for i in range(40)], crs="EPSG:28992")
    path = tmp_path / "indeling.gpkg"
    frame.to_file(path, driver="GPKG")
    code, _, err = cli("analyse", "--areas", path, "--counts", "x.csv", "--out", tmp_path / "uit")
    assert code == 2 and "dezelfde waarde" in err


def test_every_command_with_areas_takes_code_and_name_once():
    """``--code``/``--name`` come with the shared ``--areas`` (desktop.commands.inputs), one help text each."""
    import argparse

    from desktop.cli import build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    helps: dict[str, set] = {}
    with_areas = []
    for command, p in sub.choices.items():
        flags = {f: a.help for a in p._actions for f in a.option_strings}
        if "--areas" in flags:
            with_areas.append(command)
            assert {"--code", "--name"} <= set(flags), command
            for flag in ("--code", "--name"):
                helps.setdefault(flag, set()).add(flags[flag])
    assert {"analyse", "hotspots", "hottimes", "trends", "inzet", "rapport", "emerging", "nearrepeat",
            "stabiel"} <= set(with_areas)
    assert all(len(texts) == 1 for texts in helps.values()), helps


def test_code_and_name_reach_the_analysis(tmp_path, cli):
    path = write_geojson(tmp_path / "wards.geojson", _areas(CODE="X", ward=[f"W{i}" for i in range(6)],
                                                            label=list("uvwxyz"), score=[1, 2, 3, 9, 9, 9]))
    code, out, err = cli("hotspots", "--areas", path, "--code", "ward", "--name", "label", "--value", "score",
                         "--json")
    assert code == 0, err
    rows = json.loads(out)["areas"]
    assert [r["code"] for r in rows] == [f"W{i}" for i in range(6)] and [r["name"] for r in rows] == list("uvwxyz")
    code, _, err = cli("hotspots", "--areas", path, "--code", "CODE", "--value", "score")
    assert code == 2 and "codekolom onderscheidt de gebieden niet" in err
