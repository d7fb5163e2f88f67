"""Property: whatever bytes a CSV holds, the incident importer returns a balanced report or raises our own error."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import importers
from kernel.errors import WijkbeeldError

HEADERS = ["x", "y", "X", "Y", "lat", "lon", "datum", "begindatum", "einddatum", "id", "categorie", "naam", "a"]
CELLS = st.one_of(
    st.sampled_from(["", "233000", "582000", "233000,5", "52.1", "5.3", "15-06-2016 23:31", "6/15/2016 11:31:00 PM",
                     "2016-06-15", "31-02-2016", "abc", '"', '""', "0", "-99999999", "NaN", "1e400", "\x00", "é"]),
    st.text(max_size=12))


@st.composite
def csv_bytes(draw):
    """Mostly table-shaped text (to reach deep into the importer), sometimes raw random bytes."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.binary(max_size=400))
    sep = draw(st.sampled_from([";", ",", "\t", "|"]))
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6))
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=len(header) + 1), max_size=8))
    text = sep.join(header) + "\n" + "\n".join(sep.join(r) for r in rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    return text.encode(encoding, errors="replace")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(data=csv_bytes())
def test_random_csv_bytes_give_a_report_or_our_error(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "random.csv"
        path.write_bytes(data)
        try:
            frame, report = importers.read_incidents(path)
        except WijkbeeldError as exc:
            assert exc.message and str(exc)
            return
        assert report.rows_read == report.rows_kept + report.rows_rejected == len(frame) + len(report.rejections)
        assert path.read_bytes() == data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(data=csv_bytes(), max_rows=st.integers(1, 5))
def test_random_csv_bytes_preview(data, max_rows):
    """The preview (first rows only) keeps the same promise, and never reads more rows than asked."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "random.csv"
        path.write_bytes(data)
        try:
            report = importers.inspect(path, kind="incidents", max_rows=max_rows)
        except WijkbeeldError as exc:
            assert exc.message and str(exc)
            return
        assert report.rows_read == report.rows_kept + report.rows_rejected <= max_rows
        assert report.sample["max_rows"] == max_rows
        assert path.read_bytes() == data
