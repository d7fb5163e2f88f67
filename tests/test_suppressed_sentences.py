"""The sentences of the exports under ``--suppress-below``: a note or warning never states a count of incidents
that the number fields of the same export hide.

``wijkbeeld analyse`` on generated data with three incidents outside every area and a category of three
incidents: with ``--suppress-below 5`` no file (samenvatting.json, resultaten.xlsx with its sheet Toelichting,
the GeoPackage's ``wijkbeeld_metadata``, kaart.html) says "3 vielen buiten" or "maar 3 incidenten"; without a
threshold the same sentences keep their exact numbers.
"""
from __future__ import annotations

import html
import json
import re
import sqlite3

import numpy as np
import openpyxl
import pandas as pd
import pytest

from mapping.disclosure import PrivacyRules
from mapping.meta import ReportMeta, published_sentence
from report_text import flat, json_strings, pdf_pages
from grid_data import corner_incidents, grid_buurten

SIDE = 6  # 6 x 6 buurten of 500 m
OUTSIDE = 3  # incidents far from every area
SMALL = "Overlast jeugd"  # a category of three incidents
#: A count of incidents in a sentence (written apart from mapping.meta, to check it rather than repeat it).
COUNT = re.compile(r"(?<![\w<.,])(\d+)(?: van de (\d+))? (?:incident|vielen buiten)")


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("zinnen")
    rng = np.random.default_rng(7)
    grid_buurten(folder, SIDE, rng)
    n = 400
    incidents = corner_incidents(rng, n, SIDE)
    incidents.loc[:OUTSIDE - 1, ["x", "y"]] = [100000.0, 400000.0]
    incidents.loc[10:12, "category"] = SMALL
    incidents.to_csv(folder / "meldingen.csv", index=False)
    return folder, n


def analyse(cli, data, out, *extra):
    folder, _ = data
    code, stdout, err = cli("analyse", "--areas", folder / "buurten.gpkg", "--incidents", folder / "meldingen.csv",
                            "--out", out, *extra)
    assert code == 0, err
    assert "interne fout" not in stdout + err
    return stdout


def texts(out) -> dict[str, list[str]]:
    """Every text of every output, per file."""
    summary = json.loads((out / "samenvatting.json").read_text(encoding="utf-8"))
    found = {"samenvatting.json": list(json_strings(summary))}
    book = openpyxl.load_workbook(out / "resultaten.xlsx", read_only=True)
    found["resultaten.xlsx"] = [v for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                                for v in row if isinstance(v, str)]
    found["Toelichting"] = [str(v) for row in book["Toelichting"].iter_rows(values_only=True) for v in row if v]
    book.close()
    with sqlite3.connect(out / "resultaten.gpkg") as con:
        found["wijkbeeld_metadata"] = [str(v) for (v,) in con.execute("SELECT value FROM wijkbeeld_metadata")]
    page = (out / "kaart.html").read_text(encoding="utf-8")
    unescaped = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), page)  # the page's JSON: \u003c5
    found["kaart.html"] = [html.unescape(unescaped)]
    return found


def small_counts(found: dict, totals=()) -> list[tuple[str, str]]:
    """(file, sentence) of every sentence stating a count of incidents from 1 to 4, or one of ``totals``."""
    bad = []
    for name, values in found.items():
        for text in values:
            for m in COUNT.finditer(text):
                numbers = [int(v) for v in m.groups() if v is not None]
                if any(0 < v < 5 or v in totals for v in numbers):
                    bad.append((name, text[max(0, m.start() - 60):m.end() + 60]))
    return bad


def test_outside_counts_are_protected_in_every_sentence(cli, data, tmp_path):
    _, n = data
    out = tmp_path / "uit"
    stdout = analyse(cli, data, out, "--suppress-below", "5")
    summary = json.loads((out / "samenvatting.json").read_text(encoding="utf-8"))
    assert summary["outside"] == "<5" and summary["incidents"] == "x"  # read = counted + outside
    found = texts(out)
    assert small_counts(found, totals={n}) == []
    assert any("<5 vielen buiten elk gebied" in s for s in summary["notes"])
    assert not any(f"{OUTSIDE} vielen buiten" in s for values in found.values() for s in values)
    assert "<5 buiten de gebieden" in stdout  # the terminal line prints the protected number (no crash)


def test_small_category_warnings_are_protected_in_every_output(cli, data, tmp_path):
    out = tmp_path / "uit"
    stdout = analyse(cli, data, out, "--suppress-below", "5", "--category", SMALL)
    summary = json.loads((out / "samenvatting.json").read_text(encoding="utf-8"))
    assert summary["incidents"] == "<5"
    found = texts(out)
    assert small_counts(found) == []
    for name in ("samenvatting.json", "Toelichting", "wijkbeeld_metadata"):
        joined = " ".join(found[name])
        assert "Er zijn maar <5 incidenten" in joined, name
        assert "maar 3 incidenten" not in joined and "3 van de 3 incidenten" not in joined, name
    assert "maar <5 incidenten" in stdout


def test_without_a_threshold_the_sentences_keep_their_numbers(cli, data, tmp_path):
    _, n = data
    analyse(cli, data, tmp_path / "alle")
    summary = json.loads((tmp_path / "alle" / "samenvatting.json").read_text(encoding="utf-8"))
    assert summary["outside"] == OUTSIDE and summary["incidents"] == n
    assert any(f"{n - OUTSIDE} van de {n} incidenten" in s and f"{OUTSIDE} vielen buiten" in s
               for s in summary["notes"])
    analyse(cli, data, tmp_path / "klein", "--category", SMALL)
    found = texts(tmp_path / "klein")
    for name in ("samenvatting.json", "Toelichting", "wijkbeeld_metadata"):
        assert "Er zijn maar 3 incidenten" in " ".join(found[name]), name


def test_rounding_and_hidden_totals_in_a_sentence():
    note = "400 van de 403 incidenten zijn toegewezen; 3 vielen buiten elk gebied en tellen niet mee."
    assert published_sentence(note, PrivacyRules()) == note
    assert published_sentence(note, PrivacyRules(5), hidden={403}) == (
        "400 van de x incidenten zijn toegewezen; <5 vielen buiten elk gebied en tellen niet mee.")
    assert published_sentence(note, PrivacyRules(5, secondary="afronden")) == (
        "400 van de 405 incidenten zijn toegewezen; <5 vielen buiten elk gebied en tellen niet mee.")
    # thresholds, years, decimals and other things counted stay as they are
    kept = ("Met 3 permutaties; met minstens 2 incidenten; 3 gebied(en) zijn 'hot'; sinds 2016 incidenten; "
            "1,0 tot 5,3 keer; 2 maand(en).")
    assert published_sentence(kept, PrivacyRules(5)) == kept
    # a share would give the count back
    assert published_sentence("Maar 2 van de 1.500 incidenten (0%) ligt binnen.", PrivacyRules(5)) == (
        "Maar <5 van de 1.500 incidenten liggen binnen.")
    meta = ReportMeta(privacy=PrivacyRules(5), warnings=("Er zijn maar 3 incidenten.",))
    assert meta.rows()["waarschuwingen"] == "Er zijn maar <5 incidenten."


def test_the_report_says_its_notes_and_warnings_as_its_tables(cli, data, tmp_path):
    """The report's appendix printed the run's notes and warnings as written ("3 vielen buiten elk gebied",
    "Er zijn maar 3 incidenten") where its tables say <5: now as the tables (the PDF's text, pdftotext)."""
    folder, n = data
    for extra in ((), ("--category", SMALL)):
        out = tmp_path / f"rapport{len(extra)}.pdf"
        code, _, err = cli("rapport", "--areas", folder / "buurten.gpkg", "--incidents", folder / "meldingen.csv",
                           "--suppress-below", "5", "--referentie", "geen", "--ruimte-tijd", "geen", "--out", out,
                           *extra)
        assert code == 0, err
        text = flat(pdf_pages(out, "raw"))
        text = re.sub(r"minstens \d+ incidenten", "", text)  # a rule's threshold, no count of these data
        assert small_counts({"rapport": [text]}, totals={n}) == [], extra
        assert ("<5 vielen buiten" if not extra else "<5 van de <5 incidenten") in text


def test_a_series_of_fewer_incidents_than_the_threshold_has_no_statistics(cli, data, tmp_path):
    """A category of 3 incidents in areas whose totals are shown: its trend tests (S, variance, tau) said that an
    incident exists and in which year (found by a privacy audit of the Trends sheet). Under --suppress-below 5
    every series of 1-4 incidents is 'afgeschermd', without a statistic, as the series of a hidden area."""
    out = tmp_path / "uit"
    analyse(cli, data, out, "--suppress-below", "5")
    trends = pd.read_excel(out / "resultaten.xlsx", sheet_name="Trends", engine="openpyxl")
    # by hand: the grid's buurt of every incident of the small category (500 m squares from 233000, 582000)
    folder, _ = data
    incidents = pd.read_csv(folder / "meldingen.csv")
    small = incidents[incidents["category"] == SMALL]
    codes = [f"BU0014{int((x - 233000) // 500):02d}{int((y - 582000) // 500):02d}" for x, y in zip(small.x, small.y)]
    few = {c for c, n in pd.Series(codes).value_counts().items() if 0 < n < 5}
    assert few
    rows = trends[(trends["Categorie"] == SMALL) & trends["Buurtcode"].isin(few)]
    assert len(rows) == len(few) and (rows["Richting"] == "afgeschermd").all()
    stats = ["S (Mann-Kendall)", "Variantie van S", "p (Mann-Kendall)", "Kendall's tau",
             "Helling (verschil per jaar in het aantal per maand)", "p (FDR)"]
    assert rows[stats].isna().all().all()
    others = trends[trends["Categorie"] != SMALL]
    assert (others["Richting"] != "afgeschermd").any()  # the other series keep their tests
