"""The report's "Vergelijking met andere gemeenten" and "Wat inwoners zeggen" (mapping.report.comparison).

The numbers in the sections against a hand computation on a small reference set (a gemeente exactly at the
published national rate is "niet anders"; Garwood's interval; place and percentile; the survey's margins
and the z-test on them); then ``wijkbeeld rapport`` on the demo with the generated reference files, read
back from the PDF (pdftotext) and the Word file (python-docx).
"""
from __future__ import annotations

import csv
import shutil
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from importers.referenceset import SCHEMA
from kernel.nl import number
from mapping.report import SECTIONS
from mapping.report.comparison import build_andere_gemeenten, build_inwoners, report_comparison
from mapping.report.model import Document, Figure, Table
from resources import demo
from report_text import flat, pdf_pages
from resources.demo import referentie
from tests.benchmark_data import small_reference

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) ontbreekt")

YEARS = (2022, 2023)
POPS = {"GM0001": 40_000, "GM0002": 30_000, "GM0003": 25_000, "GM0004": 18_000, "GM0005": 22_000, "GM0006": 35_000}
RATES = {"GM0001": 48.5, "GM0002": 40.0, "GM0003": 60.0, "GM0004": 30.0, "GM0005": 50.0, "GM0006": 45.0}
NATIONAL_POP, NATIONAL_RATE = 17_000_000, 48.5
INDICATOR = "Voelt zich wel eens onveilig in de buurt (%)"
#: (code, year): (value, lower, upper) of the survey.
SURVEY = {("GM0001", 2021): (28.3, 25.8, 30.8), ("GM0001", 2023): (33.0, 30.5, 35.5),
          ("GM0002", 2023): (24.8, 22.1, 27.6), ("GM0003", 2023): (30.1, 27.0, 33.3),
          ("GM0004", 2023): (21.0, 17.2, 24.9), ("GM0005", 2023): (26.4, 23.5, 29.4),
          ("GM0006", 2023): (27.7, 25.2, 30.3)}


def _reference():
    counts = {c: {y: int(POPS[c] * RATES[c] / 1000) for y in YEARS} for c in POPS}  # GM0001: 1,940 = 48.5 per 1,000
    ref = small_reference(counts, POPS, national={y: int(NATIONAL_POP * NATIONAL_RATE / 1000) for y in YEARS})
    ref.population = pd.concat([ref.population, pd.DataFrame({"code": "NL01", "year": list(YEARS),
                                                              "population": float(NATIONAL_POP)})]).astype(SCHEMA["population"])
    ref.survey = pd.DataFrame([{"code": c, "name": f"Gemeente {c[-2:]}", "level": "gemeente", "year": y,
                                "indicator": INDICATOR, "theme": "Onveiligheidsgevoelens", "unit": "%", "value": v,
                                "lower": lo, "upper": hi, "provisional": False}
                               for (c, y), (v, lo, hi) in SURVEY.items()]).astype(SCHEMA["survey"])
    return ref


def _ctx(comparison):
    return SimpleNamespace(comparison=comparison, prot=None, meta=SimpleNamespace(source=None))


def _tables(blocks) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]


def _text(blocks) -> str:
    doc = Document("t")
    doc.extend(blocks)
    return doc.text()


def test_the_sections_follow_the_comparison_of_periods_in_the_registry():
    keys = [s.key for s in SECTIONS]
    assert keys.index("vergelijking") + 1 == keys.index("andere_gemeenten") == keys.index("inwoners") - 1
    assert [s.title for s in SECTIONS if s.key in ("andere_gemeenten", "inwoners")] == [
        "Vergelijking met andere gemeenten", "Wat inwoners zeggen"]
    assert build_andere_gemeenten(_ctx(None)) == [] and build_inwoners(_ctx(None)) == []


def test_a_gemeente_exactly_at_the_national_rate_by_hand():
    comp = report_comparison(_reference(), None, gemeente="GM0001", end_year=2023,
                             params={"spread": "poisson", "groups": ("nederland",)})
    blocks = build_andere_gemeenten(_ctx(comp))
    text = _text(blocks)
    c, n = 1940, 40_000
    low, high = stats.chi2.ppf(0.025, 2 * c) / 2 / (n / 1000), stats.chi2.ppf(0.975, 2 * c + 2) / 2 / (n / 1000)
    assert f"Gemeente 01: 48,5 per 1.000 inwoners (95%-interval {number(low, 1)}-{number(high, 1)}; 1.940 " \
           "geregistreerde misdrijven)." in text
    table = _tables(blocks)[0]
    (group, rate, verdict, place, higher), = [r for r in table.rows]
    assert (group, rate) == ("Nederland", "48,5") and verdict.startswith("niet anders (p = ")
    # the others at 40, 60, 30, 50, 45 per 1,000: two higher (place 3 of 6), three lower (60% of the five)
    assert place.startswith("3 van 6") and higher == "60%"
    assert "2023" in text and "2022 t/m 2023" in text


def test_what_residents_say_carries_the_survey_margins_through():
    comp = report_comparison(_reference(), None, gemeente="GM0001", end_year=2023, params={"min_group": 2})
    blocks = build_inwoners(_ctx(comp))
    table = _tables(blocks)[0]
    (indicator, latest, previous, change, group, versus), = table.rows
    assert indicator == INDICATOR
    assert latest == "2023: 33,0% (30,5-35,5%)" and previous == "2021: 28,3% (25,8-30,8%)"
    se = lambda lo, hi: (hi - lo) / (2 * stats.norm.ppf(0.975))  # noqa: E731 - the margin as a standard error
    z = (33.0 - 28.3) / np.hypot(se(30.5, 35.5), se(25.8, 30.8))
    assert change == f"hoger (p = {number(2 * stats.norm.sf(abs(z)), 3)})"
    members = comp.gemeente.groups["vergelijkbaar"].members if comp.gemeente is not None else []
    members = [m for m in members if m != "GM0001"]
    assert members  # the group as the benchmark chose it, by hand below
    w = np.array([POPS[m] for m in members], float)
    w /= w.sum()
    v = np.array([SURVEY[(m, 2023)][0] for m in members])
    s = np.array([se(*SURVEY[(m, 2023)][1:]) for m in members])
    gv, gs = float(w @ v), float(np.sqrt(w ** 2 @ s ** 2))
    z95 = stats.norm.ppf(0.975)
    assert group == (f"{number(gv, 1)}% ({number(gv - z95 * gs, 1)}-{number(gv + z95 * gs, 1)}%), "
                     f"{len(members)} gem.")
    p = 2 * stats.norm.sf(abs((33.0 - gv) / np.hypot(se(30.5, 35.5), gs)))
    assert versus.endswith(f"(p = {number(p, 3)})" if p >= 0.001 else "(p < 0,001)")
    figures = [b for b in blocks if isinstance(b, Figure)]
    assert figures and any("Lijnen: 95%-marge van de Veiligheidsmonitor." in t for t in figures[0].texts)


def test_the_report_stops_at_its_own_year():
    comp = report_comparison(_reference(), None, gemeente="GM0001", end_year=2022, params={"min_group": 2})
    assert set(comp.gemeente.table["year"]) == {2022}
    (row,) = _tables(build_inwoners(_ctx(comp)))[0].rows
    assert row[1] == "2021: 28,3% (25,8-30,8%)" and row[2] == "geen eerdere meting"  # not the survey of 2023


# -- wijkbeeld rapport with the generated reference files, read back from PDF and Word --------------------------------
def _vm_row(region: str, year: str, column: str) -> tuple[str, str, str]:
    with open(referentie.VM_GEMEENTEN, encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter=";") if r["Regio's"] == region and r["Perioden"] == year]
    by = {r["Marges"]: r[column] for r in rows}
    return by["Waarde"], by["Ondergrens 95%-betrouwbaarheidsinterval"], by["Bovengrens 95%-betrouwbaarheidsinterval"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    from desktop.cli import main

    folder = tmp_path_factory.mktemp("rapport-vergelijk")
    store = folder / "referentie"
    assert main(["vergelijk", "--politie", str(referentie.POLITIE), "--kerncijfers", str(referentie.GEMEENTEN),
                 "--kerncijfers", str(referentie.KERNCIJFERS), "--vm", str(referentie.VM_GEMEENTEN),
                 "--vm", str(referentie.VM_WIJKEN), "--areas", str(demo.AREAS), "--wijken", str(demo.AREAS),
                 "--referentie", str(store)]) == 0
    out = {}
    for suffix in ("pdf", "docx"):
        path = folder / f"rapport.{suffix}"
        assert main(["rapport", "--areas", str(demo.AREAS), "--incidents", str(demo.INCIDENTS), "--wijken",
                     str(demo.AREAS), "--from", "2017-01", "--to", "2017-09", "--referentie", str(store),
                     "--out", str(path)]) == 0
        out[suffix] = path
    return out


def _expected_lines(store) -> list[str]:
    """What the sections must say, from the files and the benchmark itself (not from the report)."""
    from hotspots.benchmark.gemeente import benchmark_gemeente, rate_text
    from importers import referenceset

    ref = referenceset.load(store)
    b = benchmark_gemeente(ref, "GM0014", categories=("1.2.3",), years=(2014, 2017))
    row = b.latest().iloc[0]
    value, lower, upper = _vm_row("Groningen (gemeente)", "2017",
                                  "Onveiligheidsgevoelens/Voelt zich wel eens onveilig in de buurt (%)")
    return ["Vergelijking met andere gemeenten", "Wat inwoners zeggen",
            f"Groningen: {rate_text(row['rate'])} per 1.000 inwoners (95%-interval {rate_text(row['rate_low'])}-"
            f"{rate_text(row['rate_high'])}", f"2017: {value}% ({lower}-{upper}%)",
            "De wijken tegen het gemiddelde van de gemeente", "rangcorrelatie",
            "gegenereerde cijfers in de vorm van CBS StatLine"]


@pytest.mark.slow
@needs_poppler
def test_the_pdf_holds_both_sections_with_the_numbers(reports):
    text = flat(pdf_pages(reports["pdf"], "reading"))
    for line in _expected_lines(reports["pdf"].parent / "referentie"):
        assert " ".join(line.split()) in text, line


@pytest.mark.slow
def test_the_word_file_holds_both_sections_with_the_numbers(reports):
    from docx import Document as Docx

    d = Docx(str(reports["docx"]))
    parts = [p.text for p in d.paragraphs] + [c.text for t in d.tables for row in t.rows for c in row.cells]
    text = flat(parts)  # the paragraphs, then every cell on its own
    for line in _expected_lines(reports["docx"].parent / "referentie"):
        assert " ".join(line.split()) in text, line
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert headings.index("Vergelijking van perioden") < headings.index("Vergelijking met andere gemeenten") \
        < headings.index("Wat inwoners zeggen")


def test_the_users_reference_folder_is_used_unless_told_otherwise(cli, tmp_path, own_data_dir):
    assert cli("vergelijk", "--politie", referentie.POLITIE, "--kerncijfers", referentie.KERNCIJFERS)[0] == 0
    assert (own_data_dir / "referentie" / "referentieset.sqlite").is_file()
    args = ("rapport", "--counts", demo.COUNTS, "--areas", demo.AREAS, "--from", "2016-01", "--to", "2016-12")
    code, out, err = cli(*args, "--out", tmp_path / "met.docx")
    assert code == 0, err
    code, out, err = cli(*args, "--referentie", "geen", "--out", tmp_path / "zonder.docx")
    assert code == 0, err
    from docx import Document as Docx

    def headings(name):
        return [p.text for p in Docx(str(tmp_path / name)).paragraphs if p.style.name.startswith("Heading")]

    assert "Vergelijking met andere gemeenten" in headings("met.docx")
    assert "Vergelijking met andere gemeenten" not in headings("zonder.docx")
    code, out, err = cli(*args, "--referentie", tmp_path / "nergens", "--out", tmp_path / "x.docx")
    assert code == 2 and "Er is nog geen referentieset" in err and "Traceback" not in err


@pytest.mark.slow
def test_a_wijk_whose_count_is_hidden_shows_no_rate(cli, tmp_path, own_data_dir):
    assert cli("vergelijk", "--politie", referentie.POLITIE, "--kerncijfers", referentie.KERNCIJFERS)[0] == 0
    path = tmp_path / "klein.docx"
    code, out, err = cli("rapport", "--areas", demo.AREAS, "--incidents", demo.INCIDENTS, "--wijken", demo.AREAS,
                         "--from", "2017-01", "--to", "2017-09", "--suppress-below", "40", "--out", path)
    assert code == 0, err
    from docx import Document as Docx

    table = next(t for t in Docx(str(path)).tables if t.rows[0].cells[0].text == "Wijk"
                 and t.rows[0].cells[3].text == "Tegen de gemeente")
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    hidden = [r for r in rows if r[1] in ("<40", "x")]
    assert hidden and all(r[2] == "-" and r[3] == "niet getoond (klein aantal)" for r in hidden)
    shown = [int(r[1].replace(".", "")) for r in rows if r not in hidden]
    assert all(n >= 40 or n == 0 for n in shown)  # a zero is no small count (mapping.disclosure)
