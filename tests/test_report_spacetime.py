"""The report's space-time sections (issue 15): "Opkomende hot spots", "Bijna-herhaling" and "Stabiele hot spots".

The sections' figures are compared with the core run here on the same incidents
(:func:`hotspots.spacetime.emerging.run`, :func:`hotspots.spacetime.nearrepeat.run`,
:func:`hotspots.spacetime.stable.run`), read back from the PDF
(pdftotext) and the Word file (python-docx). ``--ruimte-tijd geen`` leaves them out; police counts get
emerging hot spots but no near repeats (no places or dates); a pair count under the threshold shows no ratio.
"""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

import importers
from desktop.cli import main
from hotspots.inputs import Inputs
from hotspots.spacetime import emerging, nearrepeat, stable
from kernel.nl import number
from mapping.report.spacetime import PERMUTATIONS
from report_text import docx_text, flat, pdf_pages
from resources import demo

pytestmark = pytest.mark.slow
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) ontbreekt")

#: The report of the last quarter of the demo: April to June 2017.
LAST = "2017-06"


@pytest.fixture(scope="module")
def frames():
    areas, _ = importers.read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)
    incidents, _ = importers.read_incidents(demo.INCIDENTS)
    return areas[~areas["water"].fillna(False).astype(bool)].reset_index(drop=True), incidents


@pytest.fixture(scope="module")
def core(frames):
    """The core's results on the incidents up to the report's last month, with the report's parameters."""
    areas, incidents = frames
    start = pd.to_datetime(incidents["start"])
    past = incidents[(start.dt.to_period("M") <= pd.Period(LAST, "M")).to_numpy()].reset_index(drop=True)
    em = emerging.run(Inputs(areas=areas, incidents=past), {"end": LAST})
    nr = nearrepeat.run(Inputs(areas=areas, incidents=past),
                        {"start": "2016-07-01", "end": LAST, "permutations": PERMUTATIONS})
    return em, nr


@pytest.fixture(scope="module")
def core_stable(frames):
    areas, incidents = frames
    return stable.run(Inputs(areas=areas, incidents=incidents), {"start": "2016-07-01", "end": LAST})


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rapport_rt")
    out = {}
    for suffix in ("pdf", "docx"):
        path = folder / f"rapport.{suffix}"
        assert main(["rapport", "--areas", str(demo.AREAS), "--incidents", str(demo.INCIDENTS), "--period",
                     "last-quarter", "--referentie", "geen", "--out", str(path)]) == 0
        out[suffix] = path
    return out


def _docx(path):
    from docx import Document

    return Document(str(path))


def _table_after(d, *header: str):
    for t in d.tables:
        head = [c.text for c in t.rows[0].cells]
        if tuple(head[:len(header)]) == header:
            return [[c.text for c in row.cells] for row in t.rows[1:]]
    raise AssertionError(f"geen tabel met {header}")


def _strongest(nr):
    sig = nr.table[nr.table["significant"]]
    return sig.loc[sig["ratio"].idxmax()]


def test_word_sections_equal_the_core(reports, core):
    em, nr = core
    d = _docx(reports["docx"])
    text = docx_text(reports["docx"])
    assert "Opkomende hot spots" in text and "Bijna-herhaling" in text
    # every location with a pattern: its code, name, Dutch category, ArcGIS's name and sentence, as the core has them
    rows = _table_after(d, "Code", "Naam", "Categorie")
    patterned = em.table()[em.table()["category"] != "none"]
    assert len(patterned) > 0
    assert sorted((r[0], r[2], r[3], r[4]) for r in rows if r[0] in set(patterned["code"])) == sorted(
        zip(patterned["code"], patterned["label"], patterned["arcgis"], patterned["sentence"]))
    assert em.sentences[0] in text
    assert "juni 2017" in text and "hangt af van de laatste maand" in text
    # the Knox table: every inner band's ratio as the core's, significant ones starred
    knox = _table_after(d, "Afstand", "0-7 d")
    inner = nr.table[nr.table["p_fdr"].notna()]
    assert len(knox) == inner["row"].nunique()
    for row in knox:
        part = inner[inner["row"] == row[0]]
        assert row[1:] == [number(r.ratio, 2) + ("*" if r.significant else "") for r in part.itertuples()]
    assert nr.sentence in text
    best = _strongest(nr)
    assert f"{best['observed']:,}".replace(",", ".") + " paren" in nr.sentence
    assert f"{PERMUTATIONS} permutaties" in text


@needs_poppler
def test_pdf_sections_equal_the_core(reports, core):
    em, nr = core
    text = flat(pdf_pages(reports["pdf"], "reading"))
    for heading in ("Opkomende hot spots", "Bijna-herhaling"):
        assert heading in text
    assert " ".join(nr.sentence.split()) in text
    assert " ".join(em.sentences[0].split()) in text
    for name in em.table().loc[em.table()["category"] != "none", "name"]:
        assert name.split("-")[0] in text
    assert f"{PERMUTATIONS} permutaties" in text
    assert "reeks loopt langs de plekken" in text  # chains are named as left out, never drawn
    assert text.index("Ontwikkeling") < text.index("Opkomende hot spots") < text.index("Bijna-herhaling") \
        < text.index("Vergelijking van perioden")


def test_stable_section_equals_the_core_per_area(reports, core_stable):
    d = _docx(reports["docx"])
    rows = _table_after(d, "Code", "Naam", "Schalen")
    areas = core_stable.areas
    n = len(core_stable.scales)
    hot = areas[areas["scales_hot"] > 0]
    assert sorted(rows) == sorted([str(r.code), str(r.name), f"{int(r.scales_hot)} van {n}", str(r.hot_at)]
                                  for r in hot.itertuples())
    text = docx_text(reports["docx"])
    assert core_stable.caption in text
    assert "staat niet in dit rapport" in text  # the 50 m places are point-level: never shown


def test_the_sections_can_be_left_out_and_counts_have_no_near_repeats(tmp_path):
    out = tmp_path / "zonder.docx"
    assert main(["rapport", "--areas", str(demo.AREAS), "--incidents", str(demo.INCIDENTS), "--period",
                 "last-month", "--referentie", "geen", "--ruimte-tijd", "geen", "--out", str(out)]) == 0
    text = docx_text(out)
    assert "Opkomende hot spots" not in text and "Bijna-herhaling" not in text and "Stabiele" not in text
    counts = tmp_path / "tellingen.docx"
    assert main(["rapport", "--areas", str(demo.AREAS), "--counts", str(demo.COUNTS), "--referentie", "geen",
                 "--out", str(counts)]) == 0
    text = docx_text(counts)
    assert "Opkomende hot spots" in text
    assert "Knox" not in text
    assert "Bijna-herhaling: vraagt incidenten met plaats en datum" in text  # under "Niet uitgevoerd"
    assert "Stabiele hot spots: vraagt incidenten met plaats" in text


def test_too_few_months_leave_emerging_out_with_the_reason(frames, tmp_path):
    from mapping.report.make import run_report

    areas, incidents = frames
    start = pd.to_datetime(incidents["start"])
    short = incidents[(start >= "2017-01-01") & (start < "2017-07-01")].reset_index(drop=True)
    out = tmp_path / "kort.docx"
    run_report(areas, incidents=short, out=out)
    text = docx_text(out)
    assert "Van de 108 buurten" not in text
    assert "Opkomende hot spots: opkomende hot spots vragen minstens 10 maanden" in text  # one sentence
    assert "Bijna-herhaling" in text  # six months of incidents: the Knox test runs


def test_a_hidden_pair_count_shows_no_ratio(frames, core, tmp_path):
    from mapping.report.make import run_report

    areas, incidents = frames
    _, nr = core
    out = tmp_path / "drempel.docx"
    threshold = int(nr.table.loc[nr.table["p_fdr"].notna(), "observed"].median())
    run_report(areas, incidents=incidents, period="last-quarter", out=out, suppress_below=threshold,
               spacetime=("nearrepeat",))
    d = _docx(out)
    knox = _table_after(d, "Afstand", "0-7 d")
    inner = nr.table[nr.table["p_fdr"].notna()]
    hidden = 0
    for row in knox:
        for cell, r in zip(row[1:], inner[inner["row"] == row[0]].itertuples()):
            if r.observed < threshold:
                assert cell == f"<{threshold}"
                hidden += 1
            else:
                assert cell.rstrip("*") == number(r.ratio, 2)
    assert hidden > 0
    assert "Opkomende hot spots" not in docx_text(out)


def test_a_large_study_area_gets_coarser_cells_said_in_the_report(monkeypatch):
    """Over a province or the country the default 250 m cells are a million cells per scale (minutes for a per-area
    table): the report doubles every cell size alike until the finest scale fits, runs the core with those scales,
    and says so under the table. Here the limit is lowered so that a 20 x 20 km area needs 1,000 m cells."""
    import geopandas as gpd
    import numpy as np
    from shapely.geometry import box

    from mapping.report import spacetime as rs

    monkeypatch.setattr(rs, "REPORT_MAX_CELLS", 500)
    areas = gpd.GeoDataFrame({"code": [f"BU{i:04d}" for i in range(16)], "name": [f"Buurt {i}" for i in range(16)]},
                             geometry=[box(x, y, x + 5000, y + 5000) for y in range(0, 20000, 5000)
                                       for x in range(0, 20000, 5000)], crs="EPSG:28992")
    rng = np.random.default_rng(3)
    n = 3000
    hot = rng.random(n) < 0.4  # a cluster in one corner, the rest spread
    incidents = pd.DataFrame({"x": np.where(hot, rng.uniform(0, 3000, n), rng.uniform(0, 20000, n)),
                              "y": np.where(hot, rng.uniform(0, 3000, n), rng.uniform(0, 20000, n)),
                              "start": pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 365 * 24, n), "h"),
                              "category": "proef"})
    scales, note = rs.stable_scales(areas)
    assert scales == "area,square:1000,hexagon:1000,hexagon:2000"
    assert "400 km²" in note and "1.000 en 2.000 m in plaats van 250 en 500 m" in note
    got = rs.report_spacetime(areas, incidents=incidents, last="2016-12", include=("stable",))
    direct = stable.run(Inputs(areas=areas, incidents=incidents),
                        {"start": "2016-01-01", "end": "2016-12", "scales": scales})
    assert [s["label"] for s in got.stable.scales] == [s["label"] for s in direct.scales]
    assert any("1000 m" in s["label"] for s in got.stable.scales)
    pd.testing.assert_frame_equal(pd.DataFrame(got.stable.areas.drop(columns="geometry")),
                                  pd.DataFrame(direct.areas.drop(columns="geometry")))
    assert got.stable_note == note


def test_long_space_time_tables_keep_the_strongest_rows_and_name_the_command():
    """A region's thousands of areas with a pattern are not a hundred pages of the report: the first
    REPORT_TABLE_ROWS (strongest first) and a caption that says how many and where they are all listed (the window,
    where most reports are made, and the command)."""
    from mapping.report.spacetime import REPORT_TABLE_ROWS, first_rows

    rows = [[str(i)] for i in range(REPORT_TABLE_ROWS + 250)]
    kept, caption = first_rows(rows, "Gebieden met een patroon.", "wijkbeeld emerging")
    assert kept == rows[:REPORT_TABLE_ROWS]
    assert caption == (f"Gebieden met een patroon. De eerste {REPORT_TABLE_ROWS} van de {REPORT_TABLE_ROWS + 250} "
                       "(sterkste eerst); de hele lijst staat in het venster onder Ruimte en tijd "
                       "(of: 'wijkbeeld emerging').")
    assert first_rows(rows[:REPORT_TABLE_ROWS], "X.", "y") == (rows[:REPORT_TABLE_ROWS], "X.")
