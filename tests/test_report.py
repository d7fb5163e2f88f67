"""The report for the driehoek (issue 13): ``wijkbeeld rapport`` on the demo as PDF and Word.

The first page's figures are compared with the core results computed here independently (the
incidents of the month located with geopandas' spatial join, the Gi* classes of run_hotspots);
the scheduled form (``--period last-month``) picks the last complete month of the data; every count
the report prints passes the threshold.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import importers
from desktop.cli import main
from hotspots.change.compare import two_poisson_test
from hotspots.where.hotspots import run_hotspots
from kernel.nl import number
from resources import demo
from report_text import docx_text, pdf_pages

pytestmark = pytest.mark.slow
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) ontbreekt")


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rapport")
    out = {}
    for suffix in ("pdf", "docx"):
        path = folder / f"rapport.{suffix}"
        code = main(["rapport", "--areas", str(demo.AREAS), "--incidents", str(demo.INCIDENTS),
                     "--period", "last-month", "--out", str(path), "--json"])
        assert code == 0
        out[suffix] = path
    return out


def _core(demo_frames):
    """The figures of August 2017 (the last complete month: the data end on 20-09-2017), by hand."""
    areas, incidents = demo_frames
    start = pd.to_datetime(incidents["start"])
    month = start.dt.to_period("M")
    pts = gpd.GeoDataFrame(incidents, geometry=gpd.points_from_xy(incidents["x"], incidents["y"]), crs=areas.crs)
    joined = gpd.sjoin(pts, areas[["code", "geometry"]], predicate="within", how="inner")
    jm = pd.to_datetime(joined["start"]).dt.to_period("M")
    this = int((jm == pd.Period("2017-08", "M")).sum())
    last_year = int((jm == pd.Period("2016-08", "M")).sum())
    previous = int((jm == pd.Period("2017-07", "M")).sum())
    hs = run_hotspots(areas, incidents=incidents[(month == pd.Period("2017-08", "M")).to_numpy()])
    n_hot = int((hs.areas["gi_class"] > 0).sum())
    return this, last_year, previous, n_hot


@needs_poppler
def test_first_page_of_the_pdf_equals_the_core_results(reports, demo_frames):
    this, last_year, previous, n_hot = _core(demo_frames)
    first = " ".join(pdf_pages(reports["pdf"])[0].split())
    assert "Periode: augustus 2017" in first
    assert f"{this} geregistreerde incidenten in deze periode" in first
    pct = number(100 * (this - last_year) / last_year, 0)
    assert f"{this} tegen {last_year} in dezelfde periode een jaar eerder ({pct}%)" in first
    p = two_poisson_test(last_year, this)
    assert ("p < 0,001" if p < 0.001 else f"p = {number(p, 3)}") in first
    assert f"{n_hot} hot spot(s)" in first
    assert f"{this} tegen {previous} in de periode ervoor" in first
    for title in ("Hoeveel", "Waar", "Wanneer", "Signalen", "Sinds de vorige"):
        assert title in first


def test_first_page_of_the_word_document_equals_the_core_results(reports, demo_frames):
    this, last_year, previous, n_hot = _core(demo_frames)
    text = docx_text(reports["docx"])
    assert f"{this} geregistreerde incidenten in deze periode; {this} tegen {last_year}" in text
    assert f"{n_hot} hot spot(s)" in text and f"{this} tegen {previous} in de periode ervoor" in text
    for heading in ("Waar: hot spots", "Wanneer: hot times", "Ontwikkeling", "Vergelijking van perioden",
                    "Bijlage: Methode en betrouwbaarheid", "Bronnen"):
        assert heading in text
    assert "CC BY 3.0 NL" in text  # the sources with their licences


@needs_poppler
def test_the_pdf_is_dutch_and_complete(reports):
    pages = pdf_pages(reports["pdf"])
    text = " ".join(" ".join(p.split()) for p in pages)
    assert len([p for p in pages if p.strip()]) >= 5
    for english in ("Traceback", "None", "nan", "Hot spots and", "count", "Period:"):
        assert english not in text, english
    for needle in ("Methode en betrouwbaarheid", "Privacy", "Bronnen", "Getis-Ord", "pagina 2"):
        assert needle in text


def test_monthly_command_picks_the_last_complete_month(tmp_path, capsys):
    """A cron job: the data end on 20-09-2017, so September is not complete and August is reported;
    data that end on the last day of a month report that month."""
    path = tmp_path / "maand.docx"
    code = main(["rapport", "--areas", str(demo.AREAS), "--counts", str(demo.COUNTS), "--period", "last-month",
                 "--out", str(path), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["path"] == str(path) and path.exists()
    assert out["period"] == ["2016-12", "2016-12"] and out["period_text"] == "december 2016"
    incidents = pd.read_csv(demo.INCIDENTS)
    cut = tmp_path / "tot_juli.csv"
    incidents[incidents["start"] < "2017-08-01"].to_csv(cut, index=False)
    code = main(["rapport", "--areas", str(demo.AREAS), "--incidents", str(cut), "--period", "last-quarter",
                 "--out", str(tmp_path / "kwartaal.pdf"), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["period"] == ["2017-04", "2017-06"]


def test_bad_report_requests_are_one_dutch_line(tmp_path, capsys):
    code = main(["rapport", "--areas", str(demo.AREAS), "--incidents", str(demo.INCIDENTS), "--out",
                 str(tmp_path / "rapport.txt")])
    err = capsys.readouterr().err
    assert code == 2 and ".pdf of .docx" in err and err.count("\n") == 1
    code = main(["rapport", "--areas", str(demo.AREAS), "--incidents", str(demo.INCIDENTS), "--from", "2030-01",
                 "--out", str(tmp_path / "r.pdf")])
    err = capsys.readouterr().err
    assert code == 2 and "begin ligt na het eind" in err and not (tmp_path / "r.pdf").exists()


SMALL = re.compile(r"(?<![\d,.])([1-4])(?![\d,.%:])")


def test_every_count_in_the_report_passes_the_threshold(demo_frames, tmp_path):
    """A small theme (400 incidents) with a threshold of 5: no count of 1-4 in any table cell or sentence
    of the report, and every hidden cell is '<5' or 'x'."""
    from mapping.report import build_report
    from mapping.report.model import Bullets, KeyFacts, Paragraph, Table
    from mapping.report.make import run_report

    areas, incidents = demo_frames
    sample = incidents.sample(400, random_state=3).reset_index(drop=True)
    captured = {}
    import mapping.report as report_pkg

    original = report_pkg.build_report

    def spy(ctx):
        captured["doc"] = original(ctx)
        return captured["doc"]

    report_pkg.build_report = spy
    try:
        run_report(areas, incidents=sample, out=tmp_path / "r.docx", suppress_below=5)
    finally:
        report_pkg.build_report = original
    doc = captured["doc"]
    count_headers = {"Aantal", "Deze periode", "Een jaar eerder", "Toen", "Nu"}
    seen_marker = False
    for block in doc.blocks:
        if isinstance(block, Table):
            for j, head in enumerate(block.header):
                if head in count_headers:
                    for row in block.rows:
                        cell = str(row[j])
                        seen_marker |= cell in ("<5", "x")
                        assert cell in ("<5", "x", "", "0", "onbekend", "–") or int(cell.replace(".", "")) >= 5, (head, row)
        texts = []
        if isinstance(block, (Paragraph,)):
            texts = [block.text]
        elif isinstance(block, Bullets):
            texts = [str(i) for i in block.items]
        elif isinstance(block, KeyFacts):
            texts = [s for _, s in block.items]
        for text in texts:
            for pattern in (r"(\d+) geregistreerde", r"(\d+) tegen", r"tegen (\d+)", r"bovengrens (\d+)",
                            r"\): (\d+)", r"hoger dan verwacht \((\d+)"):
                for m in re.findall(pattern, text):
                    assert int(m) == 0 or int(m) >= 5, text
    assert seen_marker
    assert isinstance(build_report, type(original))


@pytest.mark.parametrize("seed", range(6))
def test_planted_personal_data_never_reaches_the_report(demo_frames, tmp_path, seed):
    """Personal data in a random extra column and in the category of a random share of rows: not a word
    of it in the PDF's or the Word document's text (the privacy fuzz, extended to the report)."""
    from mapping.report.make import run_report

    areas, incidents = demo_frames
    rng = np.random.default_rng(seed)
    frame = incidents.sample(1500, random_state=seed).reset_index(drop=True)
    planted = ["Jan de Vries", "06-12345678", "jan.devries@example.nl", "Kerkstraat 12", "1234 AB", "123456782"]
    rows = rng.random(len(frame)) < rng.choice([0.001, 0.02, 0.5])
    rows[0] = True
    frame["melder"] = np.where(rows, rng.choice(planted, len(frame)), "")
    frame.loc[rows, "category"] = "melder " + rng.choice(planted, int(rows.sum()))
    for suffix in ("docx", "pdf"):
        path = tmp_path / f"r.{suffix}"
        run_report(areas, incidents=frame, out=path, suppress_below=5)
        text = docx_text(path) if suffix == "docx" else " ".join(
            pdf_pages(path)) if shutil.which("pdftotext") else path.read_bytes().decode("latin-1")
        for needle in planted + ["melder"]:
            assert needle not in text, (suffix, needle)


def test_a_file_name_with_personal_data_is_not_printed_among_the_sources(tmp_path, cli):
    """The report's sources named every input file as it is: 'meldingen_Jansen_Kerkstraat_12_0612345678.csv'
    went into the PDF (found by a privacy audit). Such a name is now left out, and said why; a plain name stays."""
    from resources import demo

    named = tmp_path / "meldingen_Jansen_Kerkstraat_12_0612345678.csv"
    named.write_bytes(Path(demo.INCIDENTS).read_bytes())
    out = tmp_path / "r.pdf"
    code, _, err = cli("rapport", "--areas", demo.AREAS, "--incidents", named, "--referentie", "geen",
                       "--ruimte-tijd", "geen", "--out", out)
    assert code == 0, err
    text = " ".join(" ".join(pdf_pages(out)).split())
    assert "Kerkstraat" not in text and "0612345678" not in text and "Jansen" not in text
    assert "naam niet getoond" in text and Path(demo.AREAS).name in text


@pytest.mark.parametrize("period", [("2013-01", "2013-12"), ("2013-07", "2014-06"), ("2013-03", "2013-03")])
def test_a_period_before_the_data_is_no_comparison(demo_frames, period):
    """The demo's incidents start in January 2013: the year before any period in 2013 (and a year that starts
    before 2014-01) is not in the data, in whole or in part. Its partial sum is never set against the period as
    if it were a count (that read '+50%, meer dan toeval'); the report says the data begin later."""
    from mapping.report.context import report_data

    areas, incidents = demo_frames
    located = incidents.assign(area="x")  # the totals need no areas; per wijk is checked below
    data = report_data(located, areas.assign(wijk_code="WK1"), period)
    year = data.comparisons[0]
    assert year.missing == "de gegevens beginnen pas in januari 2013" and np.isnan(year.before) and np.isnan(year.p)
    months = pd.to_datetime(incidents["start"]).dt.to_period("M")
    first, last = pd.Period(period[0], "M"), pd.Period(period[1], "M")
    assert year.after == int(((months >= first) & (months <= last)).sum())  # the period itself is counted
    assert data.per_wijk["last_year"].isna().all()
    previous = data.comparisons[1]
    n = (last - first).n + 1
    covered = first - n >= pd.Period("2013-01", "M")
    assert bool(previous.missing) == (not covered)
    if covered:  # a period the data hold: the count by hand and the test as before
        before = int(((months >= first - n) & (months <= last - n)).sum())
        assert previous.before == before and previous.p == pytest.approx(two_poisson_test(before, year.after))


def test_the_report_of_the_first_year_says_there_is_nothing_to_compare_with(tmp_path):
    path = tmp_path / "rapport.docx"
    code = main(["rapport", "--areas", str(demo.AREAS), "--incidents", str(demo.INCIDENTS), "--from", "2013-01",
                 "--to", "2013-12", "--out", str(path)])
    assert code == 0
    text = docx_text(path)
    assert "geen vergelijking met dezelfde periode een jaar eerder: de gegevens beginnen pas in januari 2013" in text
    assert "Geen vergelijking met de periode ervoor: de gegevens beginnen pas in januari 2013" in text
    assert "onbekend" not in text and "%): een toeval te boven" not in text.split("Vergelijking van perioden")[0]


def test_yearly_police_figures_are_whole_years_in_the_report(shared_data, tmp_path):
    """Amsterdam's 2024 police export holds one figure per buurt for the whole year. The report called it
    'januari 2024', drew it as January on the calendar and the monthly chart, and left the wijk names out. Now
    the period is the year, no month is drawn (a note says why), the year before is compared as a whole year
    (the hand sum of a 2023 figure, two Poisson counts), and the wijken carry the names of Amsterdam's file."""
    from mapping.report.context import report_data
    from mapping.report.make import run_report

    folder = shared_data / "amsterdam_politie"
    areas, _ = importers.read_boundaries(folder / "INDELING_BUURT.csv")
    counts, _ = importers.read_counts(folder / "2024_bikes.csv", areas=areas)
    earlier = counts.assign(period=pd.Period("2023", "Y"), count=counts["count"] // 2)
    both = pd.concat([earlier, counts], ignore_index=True)
    data = report_data(both, areas, ("2024-01", "2024-12"), kind="counts")
    year = data.comparisons[0]
    placed = counts["code"].notna()
    assert year.period == ("2023-01", "2023-12") and not year.missing
    assert (year.before, year.after) == (earlier["count"][placed].sum(), counts["count"][placed].sum())
    assert year.p == pytest.approx(two_poisson_test(year.before, year.after))
    assert len(data.monthly) == 0  # no month of its own
    made = run_report(areas, counts=counts, out=tmp_path / "rapport.docx")
    assert made["period"] == ["2024-01", "2024-12"] and made["period_text"] == "januari t/m december 2024"
    text = docx_text(tmp_path / "rapport.docx")
    assert "Geen maandreeks: de cijfers zijn per jaar of per kwartaal, niet per maand." in text
    assert "Kalender" not in text and "Grachtengordel-West" in text
