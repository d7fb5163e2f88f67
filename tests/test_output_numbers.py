"""The numbers a new user read in the report and the workbook of the demo (fietsendiefstal Groningen, 16 incidents
outside every buurt), read back from the real files: the PDF through pdftotext, the Word document through
python-docx, the workbook through openpyxl.

- the first page's signals count areas, each named once (was: area-months, names repeated);
- the headline gives the number the map, the tables and the workbook count, with those outside every area said
  right there; the workbook's Toelichting and samenvatting.json say the same;
- the headers of the Trends sheet are Mann-Kendall's, not Gi*'s, its statistics rounded (numbers kept numbers);
- a title in the Toelichting gets no full stop;
- the hot times' weighted counts are headed and explained as such, in the workbook and the report.
"""
from __future__ import annotations

import json
import re
import shutil

import openpyxl
import pandas as pd
import pytest

from desktop.cli import main
from kernel.nl import number
from mapping.protect import STAT_DIGITS
from resources import demo
from report_text import docx_text, pdf_pages

pytestmark = pytest.mark.slow
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) ontbreekt")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("uitvoer")
    inputs = ["--areas", str(demo.AREAS), "--incidents", str(demo.INCIDENTS)]
    for suffix in ("pdf", "docx"):
        assert main(["rapport", *inputs, "--out", str(folder / f"rapport.{suffix}")]) == 0
    assert main(["analyse", *inputs, "--out", str(folder / "open"), "--title", "g_project"]) == 0
    assert main(["analyse", *inputs, "--out", str(folder / "drempel"), "--suppress-below", "5"]) == 0
    few = folder / "weinig.csv"  # 400 incidents: week-hour cells under the threshold
    pd.read_csv(demo.INCIDENTS).head(400).to_csv(few, index=False)
    assert main(["analyse", "--areas", str(demo.AREAS), "--incidents", str(few), "--out", str(folder / "weinig"),
                 "--suppress-below", "5"]) == 0
    return folder


def _pdf(path) -> str:
    return " ".join(" ".join(pdf_pages(path)).split())


def _book(path) -> dict:
    book = openpyxl.load_workbook(path, read_only=True)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book}


def _column(rows, header) -> list:
    j = rows[0].index(header)
    return [r[j] for r in rows[1:]]


def _said(sheet) -> dict:
    return {r[0]: r[1] for r in sheet[1:] if r[0]}


def _flagged_areas(demo_frames) -> pd.Series:
    """Per area the months above the expected range (the trends of the whole series, as the report runs them)."""
    from hotspots.change.trends import run
    from hotspots.inputs import Inputs

    areas, incidents = demo_frames
    series = run(Inputs(areas=areas, incidents=incidents)).series
    return series[series["flag"] == "hoog"]["code"].astype(str).value_counts()


@needs_poppler
def test_the_signals_count_areas_each_named_once(outputs, demo_frames):
    flagged = _flagged_areas(demo_frames)
    names = dict(zip(demo_frames[0]["code"].astype(str), demo_frames[0]["name"].astype(str)))
    for text in (_pdf(outputs / "rapport.pdf"), docx_text(outputs / "rapport.docx")):
        text = " ".join(text.split())
        found = re.search(r"(\d+) gebieden met een maand boven het verwachte bereik in deze periode \((\d+) maanden "
                          r"in totaal\): (.*?)(?: en (\d+) andere?)?\.", text)
        assert found is not None, text[:2000]
        n, months, listed = int(found.group(1)), int(found.group(2)), found.group(3).split(", ")
        assert n == len(flagged) and months == int(flagged.sum()) and n < months  # areas, not area-months
        assert len(set(listed)) == len(listed) == min(5, n) and int(found.group(4) or 0) == n - len(listed)
        by_name = {names[c]: k for c, k in flagged.items()}
        assert set(listed) <= set(by_name)  # those with the most such months first
        assert min(by_name[a] for a in listed) >= max([k for a, k in by_name.items() if a not in listed], default=0)


@needs_poppler
def test_the_headline_is_the_counted_number_with_the_outside_ones(outputs):
    summary = json.loads((outputs / "open" / "samenvatting.json").read_text(encoding="utf-8"))
    counted, outside, read = int(summary["counted"]), int(summary["outside"]), int(summary["incidents"])
    assert outside > 0 and counted + outside == read
    book = _book(outputs / "open" / "resultaten.xlsx")
    assert sum(_column(book["Gebieden"], "Aantal")) == counted  # the table sums to the headline
    head = f"{number(counted, 0, thousands=True)} geregistreerde incidenten in deze periode ({outside} buiten de " \
           "buurten, niet meegeteld);"
    for text in (_pdf(outputs / "rapport.pdf"), " ".join(docx_text(outputs / "rapport.docx").split())):
        assert head in text
        assert number(read, 0, thousands=True) not in text  # no other total beside it (the comparison: the same)
    sentence = (f"{number(counted, 0, thousands=True)} van de {number(read, 0, thousands=True)} incidenten liggen in "
                f"de {summary['areas']} gebieden en tellen mee; {outside} liggen buiten elk gebied en tellen niet mee.")
    assert _said(book["Toelichting"])["Aantallen"] == sentence == summary["counted_text"]


def test_the_trend_sheet_has_its_own_headers_and_rounded_statistics(outputs):
    for folder in ("open", "drempel"):
        book = _book(outputs / folder / "resultaten.xlsx")
        trends = book["Trends"]
        head = trends[0]
        assert "Gi* z" not in head and {"z (Mann-Kendall)", "p (Mann-Kendall)", "Kendall's tau"} <= set(head)
        assert "Helling (verschil per jaar in het aantal per maand)" in head
        assert "Gi* z" in book["Gebieden"][0]  # the hot spots keep theirs
        for header, column in (("Kendall's tau", "tau"), ("Helling (verschil per jaar in het aantal per maand)",
                                                          "slope"), ("Spreiding (keer die bij toeval)", "dispersion"),
                               ("z (Mann-Kendall)", "z"), ("p (Mann-Kendall)", "p")):
            values = [v for v in _column(trends, header) if v is not None]
            assert values and all(isinstance(v, (int, float)) for v in values), header  # numbers stay numbers
            assert all(round(v, STAT_DIGITS[column]) == v for v in values), header
            assert any(v != round(v) for v in values), header
        if folder == "drempel":  # the protected series keep their word
            assert "afgeschermd" in _column(trends, "Richting")


def test_a_title_gets_no_full_stop(outputs):
    said = _said(_book(outputs / "open" / "resultaten.xlsx")["Toelichting"])
    assert said["Titel"] == "g_project"
    assert not said["Periode"].endswith(".") and not said["Methode"].endswith(".")
    assert said["Gemaakt"].endswith(".")  # a sentence keeps its full stop


@needs_poppler
def test_weighted_hot_time_counts_are_said_to_be_weighted(outputs):
    for folder in ("open", "drempel", "weinig"):
        book = _book(outputs / folder / "resultaten.xlsx")
        if book["Hot times"][0] != ["Tekst"]:  # 400 incidents: no hot block, a sentence
            assert "Waargenomen" not in book["Hot times"][0] and "Gewogen aantal" in book["Hot times"][0]
        assert "Gewogen aantal" in book["Week x uur"][0] and "Aantal" not in book["Week x uur"][0]
        assert "tijdvenster" in _said(book["Toelichting"])["Gewogen aantal"]
        cells = _column(book["Week x uur"], "Gewogen aantal")
        if folder == "weinig":  # the hidden cells keep their markers
            assert "<5" in cells or "x" in cells
            assert all(isinstance(v, (int, float)) or v in ("<5", "x") for v in cells)
    blocks = _book(outputs / "open" / "resultaten.xlsx")["Hot times"]
    first = dict(zip(blocks[0], blocks[1]))
    text = _pdf(outputs / "rapport.pdf")
    # the report's bullet gives the same block, rounded, and says why
    assert f"{first['Blok']} ({first['Omschrijving']}): {number(first['Gewogen aantal'], 0, thousands=True)} tegen" \
        in text
    assert "Gewogen aantallen, afgerond op hele getallen" in text
