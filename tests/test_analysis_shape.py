"""One shape per analysis: declarations bound to ``run(inputs, params)``, results with one protocol,
the shared command-line inputs declared once, and a parser that loads no statistics."""
from __future__ import annotations

import argparse
import json
import subprocess
import sys

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from hotspots.inputs import Inputs
from hotspots.params import METHODS, Param, Result, all_methods
from kernel.errors import AnalysisError

HEAVY = ("pandas", "numpy", "scipy", "geopandas", "shapely")


def _town():
    """Four by four buurten with a cluster of incidents in one corner over 26 months."""
    areas = gpd.GeoDataFrame({"code": [f"BU0000{i:04d}" for i in range(16)], "name": [f"Buurt {i}" for i in range(16)]},
                             geometry=[box(150000 + 500 * (i % 4), 450000 + 500 * (i // 4),
                                           150500 + 500 * (i % 4), 450500 + 500 * (i // 4)) for i in range(16)],
                             crs="EPSG:28992")
    rows = []
    for m in range(26):
        for i in range(16):
            k = 6 if i in (0, 1, 4) else 1
            for j in range(k):
                t = pd.Timestamp("2016-01-04 20:00") + pd.Timedelta(days=30 * m + j, hours=j % 3)
                rows.append({"x": 150100 + 500 * (i % 4) + 10 * j, "y": 450100 + 500 * (i // 4), "start": t,
                             "end": t + pd.Timedelta(minutes=30), "category": "overlast"})
    inc = pd.DataFrame(rows)
    inc["area"] = pd.array([pd.NA] * len(inc), dtype="string")  # as the importers give it: not yet located
    return areas, inc


@pytest.fixture(scope="module")
def town():
    return _town()


def test_every_declaration_is_bound_and_every_result_follows_the_protocol(town):
    areas, inc = town
    inputs = Inputs(areas=areas, incidents=inc)
    params = {"compare": {"periods": ("2016-01:2016-12", "2017-01:2017-12")},
              "inzet": {"shifts": 2, "shift_hours": 2, "seasonal": False, "weeks_history": 52}}
    methods = all_methods()
    assert {"hotspots", "hottimes", "trends", "compare", "inzet"} <= set(methods)
    for name, method in methods.items():
        result = method.run(inputs, params.get(name))
        assert isinstance(result, Result), name
        assert result.params == {**result.params, **method.validate(params.get(name))} or name == "compare"
        d = json.loads(json.dumps(result.to_dict(), default=str))
        assert {"params", "notes", "warnings"} <= set(d), name
        assert isinstance(result.notes, list) and isinstance(result.warnings, list)


def test_hotspot_run_is_run_hotspots(town):
    from hotspots.where.hotspots import run_hotspots

    areas, inc = town
    via_shape = METHODS["hotspots"].run(Inputs(areas=areas, incidents=inc), {"method": "lisa", "permutations": 99})
    direct = run_hotspots(areas, incidents=inc, params={"method": "lisa", "permutations": 99})
    pd.testing.assert_frame_equal(via_shape.table(), direct.table())
    assert json.dumps(via_shape.to_dict()["areas"]) == json.dumps(direct.to_dict()["areas"])


def test_hot_spot_parameters_per_method_come_from_the_declaration():
    from hotspots.where.methods import HOTSPOTS, METHOD_PARAMS

    assert {p.name for p in HOTSPOTS.shown({"method": "kde"})} == {"method", "cell", "kernel", "bandwidth"}
    assert "transform" not in METHOD_PARAMS["lisa"]  # local Moran's I is always row-standardised
    assert {p.name for p in HOTSPOTS.shown({"method": "gistar"})} == {"method", *METHOD_PARAMS["gistar"]}
    assert HOTSPOTS.applies("distance", {"method": "optimised"}) and not HOTSPOTS.applies("distance")


def test_list_parameters_take_text_lists_and_flags():
    p = Param("exclude", (), "Uitgesloten gebieden", "Codes.")
    assert p.coerce("BU1, BU2;BU3") == ("BU1", "BU2", "BU3") and p.coerce(["BU1"]) == ("BU1",) and p.coerce("") == ()
    two = Param("periods", (), "Perioden", "Twee.", items=2)
    with pytest.raises(AnalysisError, match="Perioden: geef er precies 2, niet 1"):
        two.coerce(["2016-01:2016-12"])
    from hotspots.inzet.methods import INZET

    parser = argparse.ArgumentParser()
    INZET.add_arguments(parser)
    ns = parser.parse_args(["--exclude", "BU1", "BU2", "--only-areas", "BU3"])
    assert INZET.from_args(ns)["exclude"] == ("BU1", "BU2") and INZET.from_args(ns)["only"] == ("BU3",)


def test_shared_inputs_have_one_help_text_each():
    from desktop.cli import build_parser

    helps: dict[str, set] = {}
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for command, p in sub.choices.items():
        for action in p._actions:
            for flag in action.option_strings:
                if flag in ("--areas", "--incidents", "--counts", "--gemeente", "--json", "--from", "--to", "--level"):
                    helps.setdefault(flag, set()).add(action.help)
    assert set(helps) >= {"--areas", "--incidents", "--counts", "--gemeente", "--json", "--level"}
    assert all(len(texts) == 1 for texts in helps.values()), helps


def test_declarations_and_help_load_no_statistics():
    """The declarations (form, flags) import no pandas/scipy; ``wijkbeeld --help`` and each command's
    ``--help`` neither (python -X importtime would show them)."""
    code = ("import sys\nfrom hotspots.params import all_methods\nall_methods()\n"
            "import hotspots.inputs, desktop.commands.inputs\n"
            "from desktop.cli import build_parser\nbuild_parser()\n"
            f"print([m for m in sys.modules if m.split('.')[0] in {HEAVY!r}])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
    for argv in (["--help"], ["hotspots", "--help"], ["trends", "--help"], ["inzet", "--help"]):
        out = subprocess.run([sys.executable, "-X", "importtime", "-m", "desktop.cli", *argv],
                             capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        loaded = {line.split("|")[-1].strip() for line in out.stderr.splitlines() if "|" in line}
        assert not {m for m in loaded if m.split(".")[0] in HEAVY}, argv


def test_trends_period_flags_have_both_spellings(cli, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("id,x,y,start,category\n" + "".join(
        f"{i},233500,582000,2016-{1 + i % 12:02d}-03 10:00,overlast\n" for i in range(48)), encoding="utf-8")
    a = json.loads(cli("trends", "--incidents", path, "--from", "2016-03", "--to", "2016-05", "--json")[1])
    b = json.loads(cli("trends", "--incidents", path, "--start", "2016-03", "--end", "2016-05", "--json")[1])
    assert a == b and sorted({r["month"] for r in a["series"]}) == ["2016-03", "2016-04", "2016-05"]


def _same_run(a, b) -> None:
    """Two runs publish the same: every part's dict, the skipped parts with their reasons, notes, warnings."""
    assert json.dumps(a.to_dict(), default=str, sort_keys=True) == json.dumps(b.to_dict(), default=str, sort_keys=True)
    assert list(a.skipped.items()) == list(b.skipped.items())


@pytest.mark.parametrize("case", ["incidents", "one category", "three months", "police counts"])
def test_the_hot_spots_first_and_the_rest_later_is_one_whole_run(town, case):
    """The window shows the hot-spot map first and has the hot times and trends computed after it
    (run_analysis(parts=("hotspots",)), then run_later): completed, that run is the run with every part."""
    from hotspots.run import NOT_ASKED, run_analysis, run_later

    areas, inc = town
    inc = inc.assign(category=["overlast" if i % 3 else "diefstal" for i in range(len(inc))])
    params = {"hotspots": {"method": "gistar"}}
    if case == "one category":
        params["hotspots"]["category"] = "diefstal"
    if case == "three months":  # too little history for the trends: their warning, in both
        inc = inc[inc["start"] < pd.Timestamp("2016-04-01")]
    inputs = lambda: Inputs(areas=areas, incidents=inc)  # noqa: E731 - fresh each time, as the worker gets them
    if case == "police counts":  # no hour of the week: the hot times are skipped, in both
        counts = pd.DataFrame({"code": areas["code"].repeat(24).to_numpy(), "count": [1 + i % 7 for i in range(16 * 24)],
                               "period": list(pd.period_range("2016-01", periods=24, freq="M").astype(str)) * 16,
                               "category": "totaal"})
        inputs = lambda: Inputs(areas=areas, counts=counts)  # noqa: E731
    whole = run_analysis(inputs(), params)
    first = run_analysis(inputs(), params, parts=("hotspots",))
    assert first.pending() == ("hottimes", "trends") or first.skipped.get("hottimes") != NOT_ASKED
    assert first.hottimes is None and first.trends is None
    later = run_later(inputs(), first.params)
    assert later.hotspots is None and not later.pending()
    done = first.completed(later)
    _same_run(done, whole)
    assert not done.pending()
    if case == "three months":
        assert any("historie" in w for w in done.warnings) and done.warnings == whole.warnings
    if case == "incidents":
        assert done.trends is not None and done.hottimes is not None and not done.skipped


def test_the_workbook_says_which_parts_did_not_run_and_why(town, tmp_path):
    """A missing Hot times or Trends sheet is said in the Toelichting, with the reason (openpyxl reads it)."""
    from openpyxl import load_workbook

    from hotspots.run import run_analysis
    from mapping.meta import ReportMeta
    from mapping.outputs import write_outputs

    areas, inc = town

    def said(run, name) -> tuple[list, dict]:
        write_outputs(run, ReportMeta(title="Test"), paths={"xlsx": tmp_path / name})
        book = load_workbook(tmp_path / name)
        rows = {r[0]: r[1] for r in book["Toelichting"].iter_rows(min_row=2, values_only=True) if r[0]}
        return book.sheetnames, rows

    sheets, rows = said(run_analysis(Inputs(areas=areas, incidents=inc)), "heel.xlsx")
    assert {"Hot times", "Trends"} <= set(sheets) and "Niet berekend" not in rows
    sheets, rows = said(run_analysis(Inputs(areas=areas, incidents=inc), parts=("hotspots",)), "alleen.xlsx")
    assert not {"Hot times", "Trends"} & set(sheets)
    assert rows["Niet berekend"] == "Hot times: niet gevraagd; Trends: niet gevraagd."
