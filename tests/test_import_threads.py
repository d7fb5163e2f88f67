"""A large file's columns are checked for personal data in a thread while its dates are read
(importers.incidents.read_incidents, importers.personal.role_verdicts): the frame and the report are the ones the
checks in turn give, for files where a role column is refused, kept with a warning, or an error, and a column
without a role holds a phone number."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import importers.incidents as incidents
from importers import read_incidents
from kernel.errors import ImportFileError


def _file(tmp_path, n=400, *, id_values=None, category=None, date_header="Begindatum"):
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({
        "Registratienummer": id_values if id_values is not None else [f"PL0100_{i}" for i in range(n)],
        "X": rng.integers(233000, 234000, n), "Y": rng.integers(582000, 583000, n),
        date_header: [f"{1 + i % 28}-{1 + i % 12}-2016 {i % 24}:{i % 60:02d}" for i in range(n)],
        "Categorie": category if category is not None else rng.choice(["Overlast", "Vernieling"], n),
        "Toelichting": rng.choice(["geen", "belde 06-12345678"], n),
    })
    path = tmp_path / "meldingen.csv"
    frame.to_csv(path, sep=";", index=False)
    return path


def _both(monkeypatch, path, **options):
    out = []
    for threshold in (10, 10**9):  # in a thread / in turn
        monkeypatch.setattr(incidents, "BACKGROUND_POINTS", threshold)
        try:
            frame, report = read_incidents(path, **options)
            out.append((frame, report.warnings, report.assumptions, report.personal_data_columns,
                        report.column_mapping, report.extra.get("roles_refused"), None))
        except ImportFileError as exc:
            out.append((None, None, None, None, None, None, str(exc)))
    return out


@pytest.mark.parametrize("case", ["plain", "e-mail ids", "free-text category", "chosen personal id",
                                  "dates found by content"])
def test_role_checks_in_a_thread_give_what_they_give_in_turn(tmp_path, monkeypatch, case):
    n = 400
    options = {}
    if case == "e-mail ids":
        path = _file(tmp_path, id_values=[f"jan{i}@voorbeeld.nl" for i in range(n)])
    elif case == "free-text category":
        path = _file(tmp_path, category=[f"melder {i} belde over de buren" for i in range(n)])
    elif case == "chosen personal id":
        path = _file(tmp_path, id_values=[f"jan{i}@voorbeeld.nl" for i in range(n)])
        options = {"id": "Registratienummer"}
    elif case == "dates found by content":  # no start column by its header: the others are scanned afterwards
        path = _file(tmp_path, date_header="Wanneer")
    else:
        path = _file(tmp_path)
    threaded, in_turn = _both(monkeypatch, path, **options)
    if in_turn[0] is None:
        assert threaded[-1] == in_turn[-1] and "persoonsgegevens" in in_turn[-1]
        return
    pd.testing.assert_frame_equal(threaded[0], in_turn[0])
    assert threaded[1:] == in_turn[1:]
    assert "Toelichting" in in_turn[3], "a column without a role, scanned in the thread too (a phone number)"
    if case == "dates found by content":
        assert in_turn[4]["start"] == "Wanneer"
    elif case != "plain":
        assert in_turn[5], "the role is refused in both"
