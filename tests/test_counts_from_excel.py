"""A police or CBS table saved from Excel is read as counts (found by trying real-style files: an .xlsx of the label
export was refused as counts, "Dit is een bestand met incidenten ... Geef het op als incidenten", and given as
incidents every row was one incident: 3 instead of 91, 3,888 instead of 10,441 on Groningen's table)."""
from __future__ import annotations

import pandas as pd
import pytest

import importers
from files_helpers import demo_codes, police_counts, write_police_labels, write_police_typed
from resources import demo


@pytest.fixture(scope="module")
def areas():
    return importers.read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)[0]


def _as_xlsx(csv_path, xlsx_path):
    table = pd.read_csv(csv_path, sep=";", dtype=str, encoding="utf-8-sig")
    table.to_excel(xlsx_path, index=False)
    return xlsx_path


@pytest.mark.parametrize("layout", ["labels", "typed"])
def test_a_police_table_from_excel_counts_as_its_csv(tmp_path, areas, layout, cli):
    truth = police_counts(demo_codes()[:40], categories=("1.2.3",), with_gemeente=False)
    names = dict(zip(areas["code"], areas["name"]))
    csv = write_police_labels(tmp_path / "t.csv", truth, names) if layout == "labels" else \
        write_police_typed(tmp_path / "t.csv", truth)
    xlsx = _as_xlsx(csv, tmp_path / "tellingen.xlsx")
    from_csv, _ = importers.read_counts(csv, areas=areas)
    from_xlsx, report = importers.read_counts(xlsx, areas=areas)
    assert report.rows_read == report.rows_kept + report.rows_rejected == len(truth)
    assert from_xlsx["count"].astype(int).sum() == from_csv["count"].astype(int).sum() == truth["count"].sum()
    assert importers.read(xlsx).kind == "counts"  # asked for no kind (the wizard, inspect): counts too
    code, out, err = cli("hotspots", "--areas", demo.AREAS, "--counts", xlsx)
    assert code == 0, err
    assert f"Incidenten: {truth['count'].sum():,}".replace(",", ".") in out


def test_a_police_table_from_excel_given_as_incidents_is_refused_with_where_it_belongs(tmp_path, areas, cli):
    truth = police_counts(demo_codes()[:10], categories=("1.2.3",), with_gemeente=False)
    xlsx = _as_xlsx(write_police_typed(tmp_path / "t.csv", truth), tmp_path / "tellingen.xlsx")
    code, out, err = cli("hotspots", "--areas", demo.AREAS, "--incidents", xlsx)
    assert code == 2 and "Dit is een tabel met tellingen" in err and "(--counts)" in err


def test_an_own_incident_workbook_is_still_incidents(tmp_path):
    frame = pd.DataFrame({"Datum": ["01-03-2017 14:30", "02-03-2017 10:00"], "X": [233855, 233900],
                          "Y": [581945, 582000], "Soort misdrijf": ["Vernieling", "Inbraak"]})
    path = tmp_path / "meldingen.xlsx"
    frame.to_excel(path, index=False)
    imported = importers.read(path)
    assert imported.kind == "incidents" and len(imported.data) == 2
