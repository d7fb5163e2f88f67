"""``wijkbeeld analyse``: samenvatting.json lists what reading each file gave (rows read, kept and rejected, the
rejected rows counted per reason), as the terminal and ``inspect`` say it; never a row's values."""
from __future__ import annotations

import json

from resources import demo


def _write(tmp_path, name, lines):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_rejected_rows_per_reason_in_the_summary(cli, tmp_path):
    path = _write(tmp_path, "meldingen.csv", [
        "Datum;X;Y;Soort;Melder", "01-03-2017 14:30;233855;581945;Vernieling;Jan de Vries",
        "02-03-2017 14:30;;581945;Vernieling;Piet Jansen", "03-03-2017 09:30;;582945;Vernieling;Kees Bakker",
        "04-03-2017 14:30;233855;581945;Overlast;Anna Smit", "geheim-7731;233855;581945;Vernieling;Els Visser",
        "05-03-2017 10:00;233900;582000;Vernieling;Tom Mulder"])
    out_dir = tmp_path / "uit"
    code, out, err = cli("analyse", "--areas", demo.AREAS, "--incidents", path, "--out", out_dir)
    assert code == 0, err
    text = (out_dir / "samenvatting.json").read_text(encoding="utf-8")
    summary = json.loads(text)
    incidents = next(r for r in summary["read"] if r["file"] == "meldingen.csv")
    assert incidents == {"file": "meldingen.csv", "kind": "incidents", "rows_read": 6, "rows_kept": 3,
                         "rows_rejected": 3, "rejected_by_reason": {"coördinaat ontbreekt": 2,
                                                                    "datum niet te lezen": 1}}
    assert incidents["rows_read"] == incidents["rows_kept"] + sum(incidents["rejected_by_reason"].values())
    areas = next(r for r in summary["read"] if r["kind"] == "boundaries")
    assert areas["rows_rejected"] == 0 and areas["rejected_by_reason"] == {}
    for value in ("geheim-7731", "Jansen", "Bakker", "Visser"):  # no row value, no name
        assert value not in text
    code, out, err = cli("analyse", "--areas", demo.AREAS, "--incidents", path, "--out", tmp_path / "uit2", "--json")
    assert code == 0 and json.loads(out)["read"] == summary["read"]  # one command: its own files only


def test_a_clean_file_says_nothing_rejected(cli, tmp_path):
    path = _write(tmp_path, "schoon.csv", ["Datum;X;Y", "01-03-2017 14:30;233855;581945",
                                           "02-03-2017 15:30;233900;582000"])
    code, out, err = cli("analyse", "--areas", demo.AREAS, "--incidents", path, "--out", tmp_path / "uit", "--json")
    assert code == 0, err
    read = {r["file"]: r for r in json.loads(out)["read"]}
    assert read["schoon.csv"]["rows_rejected"] == 0 and read["schoon.csv"]["rejected_by_reason"] == {}


def test_a_file_name_with_personal_data_is_left_out_of_the_summary(cli, tmp_path):
    """The summary leaves the laptop: a file named after a person is listed as the report's sources list it."""
    path = _write(tmp_path, "klacht Kerkstraat 12 0612345678.csv", ["Datum;X;Y", "01-03-2017 14:30;233855;581945",
                                                                     "02-03-2017 15:30;233900;582000"])
    code, out, err = cli("analyse", "--areas", demo.AREAS, "--incidents", path, "--out", tmp_path / "uit", "--json")
    assert code == 0, err
    text = (tmp_path / "uit" / "samenvatting.json").read_text(encoding="utf-8")
    assert "Kerkstraat" not in text and "0612345678" not in text
    assert [r["rows_read"] for r in json.loads(text)["read"] if r["kind"] == "incidents"] == [2]
