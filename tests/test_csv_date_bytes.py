"""A CSV's start and end columns are read as bytes, not one Python string per date (issues 11 and 19: the CSV import's
speed; importers/bytescols.py), and the import gives exactly what reading them as text gives: the same incidents,
the same rejected rows with their whole values and reasons, the same warnings and assumptions, for every way of
writing a date the importer reads (padded or not, a time zone, month names, weekdays, compact and Excel numbers,
times only), with pandas' words for a missing value, blank lines, values too long for the bytes and non-ASCII."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import importers
from importers import bytescols, incidents
from importers.report import ImportReport
from importers.tables import read_table

ROWS = 60


def _file(path, start, end=None, header=("Begindatum", "Einddatum"), ids=True, quotes=False):
    n = len(start)
    rng = np.random.default_rng(len(start))
    frame = pd.DataFrame({"Registratienummer": [f"R{i}" for i in range(n)],
                          "X": rng.uniform(232000, 235000, n).round(1), "Y": rng.uniform(580000, 583000, n).round(1),
                          header[0]: start, "Categorie": rng.choice(["Vernieling", "Overlast"], n)})
    if end is not None:
        frame[header[1]] = end
    if not ids:  # duplicates are then found on the coordinates and the start
        frame = frame.drop(columns="Registratienummer")
        frame.iloc[1::7] = frame.iloc[0::7].iloc[:len(frame.iloc[1::7])].to_numpy()
    frame.to_csv(path, index=False, sep=";", quoting=1 if quotes else 0)
    return path


def _as_before(original):
    """incidents._text_columns without the dates: pandas reads them as it did before (text, or numbers)."""
    def text_columns(overrides, keep=()):
        inner = original(overrides, keep)

        def wanted(header):
            chosen = inner(header) or {}
            return {k: v for k, v in chosen.items() if v != bytescols.DTYPE} or None
        return wanted
    return text_columns


def _both(path, monkeypatch, **kw):
    """read_incidents with the dates read as bytes, and as before (pandas' text or numbers): (frame, report) each."""
    out = []
    original = incidents._text_columns
    for before in (False, True):
        if before:
            monkeypatch.setattr(incidents, "_text_columns", _as_before(original))
        try:
            out.append(importers.read_incidents(path, **kw))
        except Exception as exc:  # noqa: BLE001 - both ways must refuse alike
            out.append(exc)
    monkeypatch.setattr(incidents, "_text_columns", original)
    return out


def _same(a, b):
    if isinstance(a, Exception) or isinstance(b, Exception):
        assert type(a) is type(b) and str(a) == str(b)
        return
    (fa, ra), (fb, rb) = a, b
    pd.testing.assert_frame_equal(fa, fb)
    assert [(r.row, r.column, r.value, r.reason) for r in ra.rejections] == \
        [(r.row, r.column, r.value, r.reason) for r in rb.rejections]
    assert ra.warnings == rb.warnings and ra.assumptions == rb.assumptions
    assert ra.rows_read == ra.rows_kept + ra.rows_rejected


def _spread(values, n=ROWS):
    return [values[i % len(values)] for i in range(n)]


WAYS = {
    "us": ["6/15/2016 11:31:00 PM", "12/1/2016 1:05:00 AM", "1/31/2016 12:00:00 PM"],
    "nl": ["15-06-2016 23:31", "01-12-2016 01:05", "31-01-2016 12:00"],
    "iso_zone": ["2026-08-08T07:26:07.228597+00:00", "2026-01-08T07:26:07Z", "2026-03-29T01:30:00+01:00"],
    "months": ["12 maart 2016 22:30", "1 mei 2016 10:00", "3 okt 2016 08:15"],
    "weekdays": ["za 29-07-2017", "zo 30-07-2017", "ma 31-07-2017"],
    "compact": ["20170729", "20170730", "20170801"],
    "excel": ["42735.5", "42736", "42737.25"],
    "excel_comma": ["42735,5", "42736", "42737,25"],  # text with a decimal point in the file: refused as before
    "numbers_and_text": ["42735", "42736", "20170729", "morgen"],
    "missing_words": ["6/15/2016 11:31:00 PM", "NA", "null", "", "#N/A", "12/1/2016 1:05:00 AM"],
    "bad": ["6/15/2016 11:31:00 PM", "13/45/2016 1:00:00 AM", "morgen", "12/1/2016 1:05:00 AM"],
    "long": ["6/15/2016 11:31:00 PM", "6/15/2016 11:31:00 PM en nog een hele lange toelichting erachter"],
    "non_ascii": ["15-06-2016 23:31", "15-06-2016 23:31 ü"],
    "spaces": [" 15-06-2016 23:31", "01-12-2016 01:05 ", "31-01-2016 12:00"],
}


@pytest.mark.parametrize("way", sorted(WAYS))
def test_every_way_of_writing_a_date_reads_as_it_did_as_text(tmp_path, monkeypatch, way):
    values = _spread(WAYS[way])
    path = _file(tmp_path / "m.csv", values, end=values[1:] + values[:1])
    _same(*_both(path, monkeypatch))


@pytest.mark.parametrize("ids, quotes", [(False, False), (True, True)])
def test_without_ids_duplicates_are_found_on_place_and_start_and_quotes_change_nothing(tmp_path, monkeypatch, ids,
                                                                                        quotes):
    values = _spread(WAYS["us"] + WAYS["missing_words"])
    path = _file(tmp_path / "m.csv", values, end=values[2:] + values[:2], ids=ids, quotes=quotes)
    a, b = _both(path, monkeypatch)
    _same(a, b)
    assert ids or any("dubbele rij" in r.reason for r in a[1].rejections)


def test_the_dates_are_read_as_bytes_and_long_values_rejected_whole(tmp_path):
    long = "6/15/2016 11:31:00 PM en nog een hele lange toelichting erachter"
    path = _file(tmp_path / "m.csv", _spread(["6/15/2016 11:31:00 PM", "12/1/2016 1:05:00 AM"]))
    raw, _ = read_table(path, ImportReport(path=str(path)), dtype=lambda names: {"Begindatum": bytescols.DTYPE})
    assert raw["Begindatum"].dtype.kind == "S"  # the fast way was taken
    path = _file(tmp_path / "lang.csv", _spread(["6/15/2016 11:31:00 PM"] * 19 + [long]))
    raw, _ = read_table(path, ImportReport(path=str(path)), dtype=lambda names: {"Begindatum": bytescols.DTYPE})
    assert raw["Begindatum"].dtype.kind != "S" and raw["Begindatum"].iloc[19] == long  # read again as text
    frame, report = importers.read_incidents(path)
    assert {r.value for r in report.rejections} == {long} and report.rows_kept == ROWS - ROWS // 20


def test_times_only_in_the_start_column_blank_lines_and_a_separate_time(tmp_path, monkeypatch):
    """A start column that holds times ('Meldtijd' named as the start) with a date column beside it; blank lines
    in the file; both read as they were."""
    n = ROWS
    path = tmp_path / "m.csv"
    lines = ["Registratienummer;X;Y;Datum;Tijdstip;Categorie"]
    for i in range(n):
        lines.append(f"R{i};{233000 + i};{582000 + i};{1 + i % 28:02d}-03-2016;{i % 24:02d}:{i % 60:02d};Overlast")
        if i % 17 == 0:
            lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _same(*_both(path, monkeypatch))
    _same(*_both(path, monkeypatch, start="Tijdstip"))


DATEISH = st.one_of(
    st.sampled_from(sum(WAYS.values(), [])),
    st.text(st.sampled_from("0123456789/-: APMTZ+.,"), max_size=40),
    st.text(max_size=12).filter(lambda s: "\n" not in s and "\r" not in s and ";" not in s and '"' not in s))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(DATEISH, min_size=3, max_size=30))
def test_any_column_of_date_like_text_reads_as_it_did_as_text(tmp_path_factory, monkeypatch, values):
    path = _file(tmp_path_factory.mktemp("fuzz") / "m.csv", values)
    _same(*_both(path, monkeypatch))


def test_a_date_column_the_user_keeps_reaches_the_project_as_text(tmp_path, monkeypatch):
    values = _spread(WAYS["us"] + ["NA"])
    path = _file(tmp_path / "m.csv", values)
    a, b = _both(path, monkeypatch, keep=["Begindatum"])
    _same(a, b)
    kept = a[0]["Begindatum"]
    assert kept.dtype.kind != "S" and kept.iloc[0] == "6/15/2016 11:31:00 PM"


def test_a_date_column_the_user_passes_over_is_not_read_as_bytes_and_any_bytes_column_is_scanned_as_text(tmp_path):
    """The columns read as bytes are those the import will parse as dates: with --start-column another column, the
    one the header would have named is read (and dropped, and checked for personal data) as text; and a column of
    bytes that reaches the privacy check is checked as the same values written as text are."""
    from importers.personal import column_kind

    n = ROWS
    frame = pd.DataFrame({"Registratienummer": [f"R{i}" for i in range(n)], "X": np.arange(n) + 233000.5,
                          "Y": np.arange(n) + 582000.5, "Begindatum": ["15-06-2016 23:31"] * n,
                          "Melddatum": ["16-06-2016 10:00"] * n, "Categorie": ["Overlast"] * n})
    path = tmp_path / "twee.csv"
    frame.to_csv(path, index=False, sep=";")
    raw, _ = read_table(path, ImportReport(path=str(path)),
                        dtype=incidents._text_columns({"id": None, "category": None, "start": "Melddatum"}))
    assert raw["Melddatum"].dtype.kind == "S" and raw["Begindatum"].dtype.kind != "S"
    out, report = importers.read_incidents(path, start="Melddatum")
    assert out["start"].iloc[0] == pd.Timestamp("2016-06-16 10:00") and report.rows_kept == n
    for values in (["jan@voorbeeld.nl", "piet@voorbeeld.nl"] * 10, ["06-12345678", "0612345679"] * 10):
        as_bytes = pd.Series(np.array([v.encode() for v in values], dtype=bytescols.DTYPE))
        assert column_kind(as_bytes, "kolom") == column_kind(pd.Series(values, dtype="string"), "kolom") is not None
