"""The Groningen privacy test: no address of the source appears in any exported byte.

The police registrations of bicycle theft in Groningen carry the street
(``Pleegstraatnaam``), house number (``Pleeghuisnummer met toev.``) and postcode
(``Pleegpostcode``) of every theft. After ``wijkbeeld analyse`` (with incident
points requested, the most revealing setting) and after writing the *raw* table
straight into every export format, we search every byte of every file written
(XLSX members decompressed) for every street name and every six-character
postcode (with and without the space) of the source.

Bare house numbers are not searched: "12" occurs in any file; an address
("Vismarkt 12") cannot appear without its street name, which is searched.
Four-digit postcodes (some rows have only those) are public areas of thousands
of people and occur in coordinates, so only PC6 is searched. Street names that
are also part of a public area name (CBS buurt and wijk names, which the maps
must show) are left out of the search and counted, so the test cannot pass by
accident; there are few.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import importers
from mapping.outputs import run_analyse
from mapping.export import write_csv, write_gpkg, write_xlsx
from mapping.disclosure import PrivacyRules
from mapping.webmap import area_map, save_html
from mapping_helpers import groningen_areas, groningen_wijken

pytestmark = pytest.mark.slow
SOURCE = "Diefstal_fiets_Groningen_stad_vanaf_2013.xlsx"
PC6 = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")
PC6_IN_BYTES = re.compile(rb"(?<![0-9])([1-9][0-9]{3}) ?([A-Za-z]{2})(?![A-Za-z])")


@pytest.fixture(scope="module")
def raw(groningen):
    return pd.read_excel(groningen / SOURCE, engine="calamine")


@pytest.fixture(scope="module")
def needles(raw, groningen):
    public = " ".join(groningen_areas(groningen)["name"].astype(str)) + " " + \
        " ".join(groningen_wijken(groningen)["name"].astype(str)) + " Groningen"
    streets = sorted({s.strip() for s in raw["Pleegstraatnaam"].dropna().astype(str)})
    searched = [s for s in streets if len(s) >= 4 and s not in public]
    postcodes = {p.strip().replace(" ", "").upper() for p in raw["Pleegpostcode"].dropna().astype(str)}
    postcodes = {p for p in postcodes if PC6.fullmatch(p)}
    assert len(streets) > 1000 and len(postcodes) > 2500
    assert len(searched) > 0.97 * len(streets), "te veel straatnamen lijken op gebiedsnamen"
    return [n.encode("utf-8") for n in searched], postcodes


def _all_bytes(folder: Path) -> dict[str, bytes]:
    out = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        out[str(path.relative_to(folder))] = data
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    out[f"{path.name}!{name}"] = z.read(name)
    return out


def _leaks(folder: Path, needles) -> list[str]:
    streets, postcodes = needles
    found = []
    for name, data in _all_bytes(folder).items():
        for street in streets:
            if street in data:
                found.append(f"{name}: {street.decode()}")
        for m in PC6_IN_BYTES.finditer(data):
            pc = (m.group(1) + m.group(2)).decode("ascii", "replace").upper()
            if pc in postcodes:
                found.append(f"{name}: postcode {pc}")
    return found


def test_analyse_exports_carry_no_address(groningen, needles, tmp_path):
    incidents, report = importers.read_incidents(groningen / SOURCE)
    out = tmp_path / "uit"
    summary = run_analyse(groningen_areas(groningen), incidents=incidents, out_dir=out, suppress_below=5,
                          include_points=True, boundaries=groningen_wijken(groningen),
                          title="Fietsendiefstal Groningen", source="Politie Groningen")
    written = sorted(p.name for p in out.iterdir())
    assert written == ["kaart.html", "kaart.png", "resultaten.gpkg", "resultaten.qml", "resultaten.xlsx",
                       "samenvatting.json"]
    assert summary["privacy"]["punten_opgenomen"] is True and summary["privacy"]["aantal_punten"] > 15000
    assert _leaks(out, needles) == []


def test_raw_table_through_every_writer_carries_no_address(groningen, raw, needles, tmp_path):
    """Even when the caller hands over the source table itself, the whitelist keeps addresses out."""
    areas = groningen_areas(groningen)
    table = raw.rename(columns={"X": "x", "Y": "y", "Begin-pleegdatum/tijd": "start", "Incidentsoort": "category"})
    counts = areas.assign(count=1, rate=0.1)
    out = tmp_path / "ruw"
    rules = PrivacyRules(5, include_points=True)
    _, log = write_gpkg(counts, out / "r.gpkg", rules, incidents=table)
    write_xlsx({"Ruwe tabel": table, "Gebieden": counts}, out / "r.xlsx", rules)
    write_csv(table, out / "r.csv", rules)
    save_html(area_map(counts, incidents=table, show_points=True, meta=rules), out / "kaart.html")
    assert {"Pleegstraatnaam", "Pleegpostcode", "Pleeghuisnummer met toev."} <= set(log.dropped_columns)
    assert _leaks(out, needles) == []


def test_the_search_finds_a_leak(needles, tmp_path):
    """Control: a file that does hold an address is caught."""
    streets, postcodes = needles
    pc = sorted(postcodes)[0]
    (tmp_path / "lek.txt").write_bytes(b"..." + streets[0] + b" 12, " + f"{pc[:4]} {pc[4:]}".encode() + b"...")
    assert len(_leaks(tmp_path, needles)) == 2
