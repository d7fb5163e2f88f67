"""The window's exports go through the CLI's output pipeline: the same metadata in GPKG and XLSX."""
from __future__ import annotations

import pandas as pd
import pyogrio
import pytest

pytestmark = pytest.mark.qt


def _gpkg_meta(path) -> dict:
    frame = pyogrio.read_dataframe(path, layer="wijkbeeld_metadata")
    return dict(zip(frame["key"], frame["value"]))


def _xlsx_meta(path) -> dict:
    """The Toelichting in sentences (mapping.workbook): Onderdeel -> Toelichting; continuation rows dropped."""
    sheet = pd.read_excel(path, sheet_name="Toelichting", engine="openpyxl").dropna(subset=["Onderdeel"])
    return dict(zip(sheet["Onderdeel"], sheet["Toelichting"]))


def test_window_exports_carry_the_metadata_the_cli_writes(demo, tmp_path, cli):
    from desktop import exports
    from resources import demo as demo_data

    code, _, err = cli("analyse", "--areas", demo_data.AREAS, "--incidents", demo_data.INCIDENTS,
                       "--out", tmp_path / "cli", "--suppress-below", "5")
    assert code == 0, err
    c = demo.controller
    exports.export(c, "action.export_gpkg", tmp_path / "venster.gpkg")
    exports.export(c, "action.export_xlsx", tmp_path / "venster.xlsx")
    cli_gpkg, win_gpkg = _gpkg_meta(tmp_path / "cli" / "resultaten.gpkg"), _gpkg_meta(tmp_path / "venster.gpkg")
    cli_xlsx, win_xlsx = _xlsx_meta(tmp_path / "cli" / "resultaten.xlsx"), _xlsx_meta(tmp_path / "venster.xlsx")
    assert {"gemaakt_met", "gemaakt_op", "titel", "methode", "drempel_kleine_aantallen", "toelichting"} <= set(win_gpkg)
    assert set(cli_gpkg) - {"periode", "bron"} <= set(win_gpkg)  # the demo window filters no period
    assert win_gpkg["methode"] == cli_gpkg["methode"] == "Getis-Ord Gi* (queen, binair, FDR)"
    assert win_gpkg["drempel_kleine_aantallen"] == cli_gpkg["drempel_kleine_aantallen"] == "5"
    # the workbook says the same in sentences
    assert {"Gemaakt", "Titel", "Methode", "Privacy", "Afgeschermd"} <= set(win_xlsx)
    assert set(cli_xlsx) - {"Periode", "Bron"} <= set(win_xlsx)
    assert win_xlsx["Methode"] == cli_xlsx["Methode"] == "Getis-Ord Gi* (queen, binair, FDR)"  # a name: no dot
    assert win_gpkg["titel"] == c.state.project.name
    # the same workbook: the areas, and the hot times and trends of the window's run
    cli_sheets = pd.read_excel(tmp_path / "cli" / "resultaten.xlsx", sheet_name=None, engine="openpyxl")
    win_sheets = pd.read_excel(tmp_path / "venster.xlsx", sheet_name=None, engine="openpyxl")
    assert list(win_sheets) == list(cli_sheets)
