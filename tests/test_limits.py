"""What one file may cost: an xlsx decompression bomb is refused before it is unpacked, and a quote that
never closes is reported with its row instead of swallowing the rest of the file."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import importers
from importers import limits
from kernel.errors import ImportFileError


def _xlsx(path, rows=3):
    pd.DataFrame({"x": [233000 + i for i in range(rows)], "y": [582000] * rows,
                  "datum": ["2016-03-01 10:00"] * rows}).to_excel(path, index=False)
    return path


def _bomb(path, unpacked: int, template):
    """``template`` (a real xlsx) with its sheet padded by ``unpacked`` bytes of spaces (compresses ~230x)."""
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                z.writestr(info, data)
                continue
            head, tail = data.split(b"<sheetData>", 1)
            with z.open(info.filename, "w", force_zip64=True) as f:
                f.write(head + b"<sheetData>")
                chunk, left = b" " * (16 << 20), unpacked
                while left > 0:
                    f.write(chunk[:left])
                    left -= len(chunk)
                f.write(tail)
    return path


def test_an_xlsx_bomb_is_refused_before_it_is_read(tmp_path, monkeypatch):
    template = _xlsx(tmp_path / "echt.xlsx")
    monkeypatch.setattr(limits, "MAX_XLSX_UNPACKED", 20_000_000)
    bomb = _bomb(tmp_path / "bom.xlsx", 50_000_000, template)
    assert bomb.stat().st_size < 1_000_000
    read = []
    monkeypatch.setattr(pd, "read_excel", lambda *a, **k: read.append(a))  # never reached
    with pytest.raises(ImportFileError, match=r"uitgepakt 50 MB groot .* tot 20 MB uitgepakt") as err:
        importers.read_incidents(bomb)
    assert not read and "CSV" in str(err.value)
    monkeypatch.undo()
    frame, report = importers.read_incidents(template)  # an ordinary file is read as before
    assert len(frame) == 3


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak memory from /proc")
def test_a_real_size_bomb_costs_no_memory(tmp_path):
    """A 5 MB file that unpacks to 1.2 GB: `wijkbeeld inspect` refuses it with one Dutch line (exit 2), and the
    process never holds the unpacked sheet (its peak memory stays far below the unpacked size)."""
    bomb = _bomb(tmp_path / "bom.xlsx", 1_200_000_000, _xlsx(tmp_path / "echt.xlsx"))
    assert bomb.stat().st_size < 10_000_000
    # the child's own peak (VmHWM: ru_maxrss carries the parent's size over the fork)
    code = ("import re, sys\nfrom desktop.cli import main\ncode = main(['inspect', sys.argv[1]])\n"
            "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())\n"
            "print('PEAK', int(hwm.group(1)) // 1024, flush=True)\nsys.exit(code)")
    out = subprocess.run([sys.executable, "-c", code, str(bomb)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 2, out.stderr
    assert "tot 1,0 GB uitgepakt" in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    peak_mb = int(out.stdout.split("PEAK")[1])
    assert peak_mb < 500, peak_mb  # the unpacked sheet alone would be 1,200 MB


ROWS = "".join(f"{233000 + i};{582000 + i};2016-03-01 10:00;overlast\n" for i in range(20))


def test_a_quote_that_never_closes_is_an_error_with_its_row(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text("x;y;datum;categorie\n" + ROWS[:200] + '233000;582000;2016-03-01 10:00;"overlast\n' + ROWS,
                    encoding="utf-8")
    with pytest.raises(ImportFileError, match="aanhalingsteken") as err:
        importers.read_incidents(path)
    assert err.value.row == 7  # the sixth data row begins on line 7 and holds the quote


def test_a_multi_line_field_before_it_counts_as_rows(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('x;y;datum;categorie\n1;2;3;"a\nb\nc"\n' + ROWS + '233000;582000;2016-03-01 10:00;"overlast\n'
                    + ROWS, encoding="utf-8")
    with pytest.raises(ImportFileError) as err:
        importers.read_incidents(path)
    assert err.value.row == 23  # records, as a spreadsheet counts them: header 1, the multi-line row 2


def test_a_quote_closed_far_too_late_is_reported(tmp_path):
    path = tmp_path / "q.csv"
    swallowed = "".join(f"{233000 + i};{582000 + i};2016-03-01 10:00;x\n" for i in range(80))
    path.write_text("x;y;datum;categorie\n" + ROWS + '233000;582000;2016-03-01 10:00;"overlast\n' + swallowed
                    + 'einde"\n' + ROWS, encoding="utf-8")
    frame, report = importers.read_incidents(path)
    assert any(w.startswith("Rij 22, kolom 'categorie': één veld tussen aanhalingstekens beslaat 82 regels")
               for w in report.warnings), report.warnings


@pytest.mark.parametrize("quoted", [True, False])
def test_fields_spanning_lines_are_searched_only_in_a_file_with_quotes(tmp_path, monkeypatch, quoted):
    """Only a field between quotes can hold line breaks: a file without a double quote skips the search for them
    (0.2 s of a million rows), one with its quote far past the head that was sniffed is still searched."""
    from importers import tables
    from importers.detect import SNIFF_BYTES

    body = "".join(f"{233000 + i % 900};{582000 + i % 700};2016-03-01 10:00;vernieling\n" for i in range(9000))
    assert len(body) > SNIFF_BYTES
    middle = "".join(f"{233000 + i};{582000 + i};2016-03-01 10:00;x\n" for i in range(80))
    middle = ('233000;582000;2016-03-01 10:00;"overlast\n' + middle + 'einde"\n') if quoted else middle
    path = tmp_path / "groot.csv"
    path.write_text("x;y;datum;categorie\n" + body + middle + body, encoding="utf-8")
    searched = []
    real = tables.warn_swallowed_lines
    monkeypatch.setattr(tables, "warn_swallowed_lines", lambda *a: searched.append(1) or real(*a))
    frame, report = importers.read_incidents(path)
    assert searched == ([1] if quoted else [])
    swallowed = [w for w in report.warnings if "één veld tussen aanhalingstekens" in w]
    assert swallowed == (["Rij 9002, kolom 'categorie': één veld tussen aanhalingstekens beslaat 82 regels; "
                          "waarschijnlijk ontbreekt een afsluitend aanhalingsteken (die regels zijn geen eigen rijen)."]
                         if quoted else [])
    assert report.rows_read == (2 * 9000 + 1 if quoted else 2 * 9000 + 80)  # (the repeated rows are duplicates)
