"""``wijkbeeld vergelijk``: the reference set read once and kept, then the comparison, as a user runs it."""
from __future__ import annotations

import json

import geopandas as gpd
import pytest

from hotspots.params import all_methods
from resources import demo
from tests.benchmark_data import FILES


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("WIJKBEELD_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def wijken(tmp_path):
    path = tmp_path / "wijken.gpkg"
    gpd.read_file(demo.AREAS, layer=demo.WIJKEN_LAYER).to_file(path, layer="wijken")
    return path


def test_declared_like_the_other_analyses():
    m = all_methods()["vergelijk"]
    assert m.runner == "hotspots.benchmark.run:run" and m.group == "benchmark"
    assert m.validate()["groups"] == ("nederland", "vergelijkbaar", "buren", "regio")


def test_the_reference_set_is_read_once_then_used(cli, data_dir):
    code, out, err = cli("vergelijk", "--politie", FILES["politie"], "--kerncijfers", FILES["gemeenten"],
                         "--kerncijfers", FILES["kerncijfers"], "--vm", FILES["vm_gemeenten"])
    assert code == 0, err
    stored = data_dir / "referentie" / "referentieset.sqlite"
    assert stored.is_file() and "Referentieset opgeslagen in" in out and "342 gemeenten" in out
    code, out, err = cli("vergelijk", "--gemeente", "GM0014", "--categories", "1.2.3", "--years", "2022:2023", "--json")
    assert code == 0, err
    result = json.loads(out)
    g = result["gemeente"]
    assert g["gemeente"] == {"code": "GM0014", "name": "Groningen"}
    rows = [r for r in g["table"] if r["year"] == 2023 and r["group"] == "nederland"]
    assert len(rows) == 1 and rows[0]["n_group"] == 342 and rows[0]["verdict"] == "hoger"
    assert {r["group"] for r in g["table"]} == {"nederland", "vergelijkbaar", "buren", "regio"}
    assert result["residents"]["table"] and result["wijken"] is None
    assert "wijken" in result["skipped"]


def test_the_text_output_and_the_wijken_of_the_project(cli, data_dir, wijken):
    cli("vergelijk", "--politie", FILES["politie"], "--kerncijfers", FILES["kerncijfers"])
    code, out, err = cli("vergelijk", "--gemeente", "Groningen", "--categories", "1.2.3", "--groups", "nederland",
                         "--years", "2023:2023", "--vm", FILES["vm_wijken"], "--areas", demo.AREAS,
                         "--wijken", wijken, "--incidents", demo.INCIDENTS)
    assert code == 0, err
    assert "Groningen, 2023, 1.2.3 Diefstal van brom-, snor-, fietsen:" in out
    assert "hoger dan het landelijk gemiddelde" in out
    assert "Centrum, 2017 (jan t/m sep):" in out and "Plaats 1 van 15 wijken" in out
    assert "rangcorrelatie" in out and "15 wijken in 2015" in out
    assert "(Niet vergeleken: inwoners" not in out


def test_one_dutch_line_when_something_is_missing(cli, data_dir):
    code, out, err = cli("vergelijk", "--gemeente", "Groningen")
    assert code == 2 and "Niets te vergelijken" in err and "geen referentieset" in err and "Traceback" not in err
    code, out, err = cli("vergelijk")
    assert code == 2 and "--politie en --kerncijfers" in err
    code, out, err = cli("vergelijk", "--politie", FILES["politie"])
    assert code == 2 and "geef ook --kerncijfers" in err
    cli("vergelijk", "--politie", FILES["politie"], "--kerncijfers", FILES["kerncijfers"])
    code, out, err = cli("vergelijk", "--gemeente", "Atlantis")
    assert code == 2 and "Gemeente 'Atlantis' staat niet in de referentieset" in err
    code, out, err = cli("vergelijk", "--gemeente", "14", "--region", "Nergens")
    assert code == 2 and "Regio 'Nergens' onbekend. Bekend: " in err
    code, out, err = cli("vergelijk", "--gemeente", "14", "--kerncijfers", FILES["vm_gemeenten"])
    assert code == 2 and "Dit is een tabel van de Veiligheidsmonitor" in err
