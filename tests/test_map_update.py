"""Another map of the same shapes as an update of the page shown (issue 18/19: the national buurt map at another
period or category without a new page of 14,500 polygons): the signature says when a page can be restyled,
the update carries everything but the shapes. The page side is tested in tests/desktop/test_map_restyle.py."""
from __future__ import annotations

import json

import pytest

from mapping.disclosure import PrivacyRules
from mapping.meta import ReportMeta
from mapping.outputs import write_outputs
from mapping.webmap import hotspot_map, save_html, update_file, write_update
from mapping_helpers import fake_result, groningen_areas, groningen_wijken


@pytest.fixture(scope="module")
def areas(groningen):
    return groningen_areas(groningen)


@pytest.fixture(scope="module")
def wijken(groningen):
    return groningen_wijken(groningen)


def _config(m) -> dict:
    from mapping.webmap import WijkbeeldLayers

    return next(c for c in m._children.values() if isinstance(c, WijkbeeldLayers)).config


def _update(m, tmp_path) -> tuple[str, dict]:
    path = tmp_path / "u.json"
    assert write_update(m, path)
    signature, _, text = path.read_text(encoding="utf-8").partition("\n")
    return signature, json.loads(text)


def test_maps_of_the_same_shapes_share_a_signature_whatever_their_figures(areas, wijken, tmp_path):
    one = hotspot_map(fake_result(areas, seed=1), boundaries=wijken, meta=ReportMeta(title="Januari"))
    two = hotspot_map(fake_result(areas.copy(), seed=2), boundaries=wijken.copy(),
                      meta=ReportMeta(title="Februari", period="2017-02"))
    assert _config(one)["signature"] == _config(two)["signature"]
    signature, update = _update(two, tmp_path)
    assert signature == _config(two)["signature"] == update["signature"]
    # the update is the page's configuration without shapes: the figures of every area, the boxes and legend
    full = _config(two)
    assert {k: v for k, v in update.items() if k != "layers"} == {k: v for k, v in full.items() if k != "layers"}
    assert [(s["id"], s["name"], s["show"]) for s in update["layers"]] == \
        [(s["id"], s["name"], s["show"]) for s in full["layers"]]
    gi = next(s for s in update["layers"] if s["id"] == "gi")
    drawn = json.loads(str(next(s for s in full["layers"] if s["id"] == "gi")["data"]))["features"]
    assert gi["properties"] == [f["properties"] for f in drawn]
    assert gi["colours"] and gi["fields"] and "data" not in gi
    assert "coordinates" not in json.dumps(update)  # no shape travels
    assert all(set(s) == {"id", "kind", "name", "show"} for s in update["layers"] if s["kind"] != "areas")


def test_another_shape_privacy_rule_or_outline_gives_another_signature(areas, wijken):
    base = _config(hotspot_map(fake_result(areas), boundaries=wijken))["signature"]
    moved = areas.copy()
    moved.loc[moved.index[0], "geometry"] = moved.geometry.iloc[0].buffer(50)
    fewer = areas.iloc[1:].copy()
    renamed = wijken.copy()
    renamed.loc[renamed.index[0], "name"] = "Andere naam"  # a wijk label on the outline layer
    others = [
        hotspot_map(fake_result(moved), boundaries=wijken),
        hotspot_map(fake_result(fewer), boundaries=wijken),
        hotspot_map(fake_result(areas), boundaries=renamed),
        hotspot_map(fake_result(areas), boundaries=None),
        hotspot_map(fake_result(areas), boundaries=wijken, meta=ReportMeta(privacy=PrivacyRules(5))),
    ]
    signatures = [_config(m)["signature"] for m in others]
    assert base not in signatures and len(set(signatures)) == len(signatures)


def test_area_names_are_part_of_the_shapes(areas, wijken):
    """The names drawn on the areas come with the page (not the update): another name, another signature."""
    renamed = areas.copy()
    renamed.loc[renamed.index[3], "name"] = "Nieuwe buurt"
    assert _config(hotspot_map(fake_result(renamed), boundaries=wijken))["signature"] != \
        _config(hotspot_map(fake_result(areas), boundaries=wijken))["signature"]


def test_the_update_is_written_for_the_window_never_with_an_export(areas, wijken, tmp_path):
    from desktop.tasks import load_demo, write_map
    from hotspots.inputs import Inputs
    from hotspots.run import run_analysis
    from mapping.outputs import meta_for

    save_html(hotspot_map(fake_result(areas), boundaries=wijken), tmp_path / "kaart.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kaart.html"]
    project = load_demo()
    run = run_analysis(Inputs(areas=project.areas, incidents=project.incidents), parts=("hotspots",))
    out = tmp_path / "export"
    write_outputs(run, meta_for(run), out_dir=out, kinds=("html", "png"))
    assert sorted(p.name for p in out.iterdir()) == ["kaart.html", "kaart.png"]
    page = write_map(run, meta_for(run), out_dir=tmp_path / "venster")  # the window's map
    assert sorted(p.name for p in page.parent.iterdir()) == ["kaart.html", "kaart.update.json"]
    signature = update_file(page).read_text(encoding="utf-8").split("\n", 1)[0]
    assert f'"signature":"{signature}"' in page.read_text(encoding="utf-8")


def test_a_map_without_a_signature_writes_no_update(tmp_path):
    from mapping.webmap import OfflineMap

    assert not write_update(OfflineMap(location=[53.2, 6.5]), tmp_path / "u.json")
    assert not (tmp_path / "u.json").exists()


def test_wijken_without_names_are_labelled_by_code_whatever_the_column_holds(areas, wijken):
    """Wijken dissolved from buurten carry a name column without names (the window's theme run did): they are
    labelled by their codes as wijken without the column are, so both maps are one page restyled."""
    unnamed = wijken.assign(name=None)
    plain = wijken.drop(columns=["name"])
    one, two = (_config(hotspot_map(fake_result(areas), boundaries=b)) for b in (unnamed, plain))
    labels = [[lab["text"] for lab in next(s for s in c["layers"] if s["id"] == "wijken")["labels"]]
              for c in (one, two)]
    assert labels[0] == labels[1] and sorted(labels[0]) == sorted(str(c) for c in wijken["code"])
    assert labels[0][0] == str(wijken.loc[wijken.to_crs(28992).area.idxmax(), "code"])  # the largest wijk first
    assert one["signature"] == two["signature"]
