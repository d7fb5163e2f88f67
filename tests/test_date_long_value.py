"""One long value in a date column costs its own length, not its length times the rows.

A date column is turned into fixed-width bytes for numpy (:func:`importers.fastdates.capped_bytes`). Converted
whole, one 10 MB field made every row that wide: 51 rows took 510 MB and up to 6 s (CI), and 10,000 rows with one
remark of 100 KB would take 1 GB; a million rows with a pasted 10 KB text, 10 GB. Values longer than any date are
cut just past the longest date and rejected as before."""
from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

import importers
from importers.fastdates import capped_bytes


def _csv(path, n, column, value, header=("id", "x", "y", "datum", "categorie")):
    rows = [f"{i};{150100 + i % 997};{450500 + i % 991};{1 + i % 28:02d}-0{1 + i % 9}-2024 {i % 24:02d}:15;Overlast"
            for i in range(n)]
    last = ["99999", "150100", "450500", "01-01-2024 10:00", "Overlast"]
    last[header.index(column)] = value
    path.write_text("\n".join([";".join(header), *rows, ";".join(last)]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("header", [("id", "x", "y", "datum", "categorie"),  # named: read as bytes, then as text
                                    ("id", "x", "y", "wanneer_gemeld", "categorie")])  # found by its content
def test_a_long_value_in_a_date_column_is_rejected_without_widening_every_row(tmp_path, header):
    path = _csv(tmp_path / "m.csv", 10_000, header[3], "zie melding " + "a" * 100_000, header)
    tracemalloc.start()
    try:
        frame, report = importers.read_incidents(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 150e6, peak / 1e6  # widened: 10,001 rows x 100 KB = 1 GB
    assert report.rows_read == 10_001 and len(frame) == 10_000
    assert [r.row for r in report.rejections] == [10_002]  # the long one, numbered as the user counts (header 1)
    assert frame["start"].min() == np.datetime64("2024-01-01T00:15") and frame["start"].notna().all()


def test_capped_bytes_keeps_the_longest_width_and_cuts_what_no_date_can_be():
    text = capped_bytes(np.array(["1-2-2024", "12-12-2024 10:00", ""], dtype=object), 32)
    assert text.dtype == "S16" and text.tolist() == [b"1-2-2024", b"12-12-2024 10:00", b""]
    long = capped_bytes(np.array(["1-2-2024", "x" * 1000], dtype=object), 32)
    assert long.dtype == "S33" and long[1] == b"x" * 33  # longer than any date: the caller sees it is
    assert capped_bytes(np.array(["1-2-2024", "é"], dtype=object), 32) is None  # not ASCII: the text path
    raw = np.array([b"1-2-2024", b"3-4-2024"], dtype="S33")  # a CSV's bytes column as read: kept as it is
    assert capped_bytes(raw, 32) is raw and capped_bytes(raw, 16).dtype == "S17"
    assert capped_bytes(np.array([], dtype=object), 32).shape == (0,)
