"""StatLine and police-portal 'wide' exports: periods as columns, provisional marks, marks for no figure (issue 11)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import importers
from files_helpers import read_checked
from hotspots.where.hotspots import run_hotspots
from resources import demo


@pytest.fixture(scope="module")
def areas():
    return importers.read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)[0]


def _write(path, lines):
    path.write_text("\ufeff" + "\n".join(";".join(f'"{v}"' for v in line) for line in lines) + "\n",
                    encoding="utf-8")
    return path


def test_wide_label_export_with_provisional_and_missing_marks(tmp_path, areas):
    names = areas["name"].dropna()
    unique = names[~names.duplicated(keep=False)].tolist()[:12]
    marks = [".", "x", "-", ""]
    lines = [["Soort misdrijf", "Wijken en buurten", "2021", "2022*", "2023*"]]
    truth = {}
    for i, name in enumerate(unique):
        values = [str(3 * i), str(3 * i + 1), marks[i % 4] if i < 4 else str(3 * i + 2)]
        lines.append(["1.2.3 Diefstal van brom-, snor-, fietsen", name, *values])
        truth[name] = values
    imported = read_checked(_write(tmp_path / "statline.csv", lines), areas=areas)
    counts, report = imported.data, imported.report
    assert report.rows_read == 12 * 3 and report.rows_rejected == 4
    assert [(r.row, r.column, r.reason.split(" (")[0]) for r in report.rejections] == [
        (2, "2023*", "geen cijfer"), (3, "2023*", "geen cijfer"), (4, "2023*", "geen cijfer"), (5, "2023*", "geen cijfer")]
    assert "'.': onbekend of geheim" in report.rejections[0].reason
    assert sorted(counts["period"].astype(str).unique()) == ["2021", "2022", "2023"]
    assert counts.loc[counts["period"].astype(str) == "2021", "provisional"].eq(False).all()
    assert counts.loc[counts["period"].astype(str) != "2021", "provisional"].all()
    assert counts["code"].notna().all()  # joined to the areas by name
    assert report.extra["wide"]["provisional"] == int(counts["provisional"].sum())
    result = run_hotspots(areas, counts=counts[counts["period"].astype(str) == "2021"])
    got = result.areas.set_index("name")["count"]
    assert [got[n] for n in unique] == [float(truth[n][0]) for n in unique]


def test_wide_typed_export_with_codes_and_a_second_header_line(tmp_path, areas):
    codes = areas["code"].tolist()[:10]
    lines = [["WijkenEnBuurten", "SoortMisdrijf", "GeregistreerdeMisdrijven_1", "GeregistreerdeMisdrijven_1",
              "GeregistreerdeMisdrijven_1"],
             ["", "", "2022MM01", "2022MM02", "2022MM03*"]]
    for i, code in enumerate(codes):
        lines.append([code, "0.0.0 ", str(i), str(i + 1), "1.234" if i == 0 else str(i + 2)])
    imported = read_checked(_write(tmp_path / "politie_breed.csv", lines))
    counts = imported.data
    assert imported.report.rows_read == 30 and imported.report.rows_rejected == 0
    assert counts["code"].tolist()[:3] == [codes[0]] * 3
    assert counts["count"].tolist()[:3] == [0, 1, 1234]
    assert counts["period"].astype(str).tolist()[:3] == ["2022-01", "2022-02", "2022-03"]
    assert counts["provisional"].tolist()[:3] == [False, False, True]
    assert any("tweede kopregel" in a for a in imported.report.assumptions)


def test_a_cell_that_is_no_count_is_rejected_with_its_column(tmp_path):
    lines = [["Regio's", "2020", "2021"], ["Groningen", "12", "twaalf"], ["Haren", "-3", "1,5"]]
    report = read_checked(_write(tmp_path / "regio.csv", lines)).report
    assert [(r.row, r.column) for r in report.rejections] == [(2, "2021"), (3, "2020"), (3, "2021")]
    assert all(r.reason == "aantal is geen geheel getal van 0 of meer" for r in report.rejections)
    assert report.rows_kept == 1
