"""The command line says what to do in its own words: commands and options, never the window's boxes.

The report's refusal of incidents without dates names the commands that give hot spots without a period (as its
hint, beside the advice the window says in its own words: tests/desktop/test_errors_in_window_words.py), and the
Inzetplanner's refusal of a Terugblik without history named the window's period ("kies links een periode die
eerder begint") on the command line; it names the options now.
"""
from __future__ import annotations

from resources import demo
from test_limited_input_cli import _write
from test_small_selection_inzet import ROWS
from test_small_selection_privacy import data  # noqa: F401 (fixture)


def test_the_report_without_dates_names_the_commands_that_can(cli, tmp_path):
    undated = _write(tmp_path / "zonder_datum.csv", 120, dates=None)
    code, out, err = cli("rapport", "--areas", demo.AREAS, "--incidents", undated, "--out", tmp_path / "r.pdf",
                         "--referentie", "geen")
    assert code == 2 and err.count("\n") == 1, err
    assert err == ("wijkbeeld: Geen van de 120 incidenten heeft een datum, dus er is geen periode om over te "
                   "rapporteren: het rapport gaat over maanden en vergelijkt met vorig jaar. (de hot spots zonder "
                   "periode geven wijkbeeld analyse en wijkbeeld hotspots)\n")


def test_a_terugblik_without_history_names_the_options(cli, data, tmp_path):
    import pandas as pd

    incidents = tmp_path / "weinig.csv"
    pd.DataFrame({"start": [r[0] for r in ROWS], "x": [r[1] for r in ROWS], "y": [r[2] for r in ROWS],
                  "category": "Overlast"}).to_csv(incidents, index=False)
    code, out, err = cli("inzet", "--areas", data / "buurten.gpkg", "--incidents", incidents, "--shifts", "1",
                         "--shift-hours", "4", "--evaluate-from", "2017-07-01")
    assert code == 2 and err.count("\n") == 1, err
    assert "Er is geen historie om van te leren voor 01-07-2017" in err
    assert err.endswith("(kies een --evaluate-from na het begin van de gegevens, of een eerdere --history-from)\n")
    assert "links" not in err
