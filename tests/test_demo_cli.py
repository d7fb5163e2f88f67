"""``wijkbeeld demo`` without a screen: the README's first command does the main job on the demo data."""
from __future__ import annotations

import json

from desktop.cli import main


def test_demo_without_screen_writes_the_analysis(tmp_path, capsys, monkeypatch):
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out), "--json"]) == 0
    captured = capsys.readouterr()
    assert "Geen beeldscherm gevonden" in captured.err
    summary = json.loads(captured.out)
    assert summary["areas"] == 108 and summary["outside"] == 16
    assert {h["code"] for h in summary["hotspots"]} >= {"BU00140000", "BU00140001"}  # Binnenstad-Noord/-Zuid
    for name in ("kaart.html", "kaart.png", "resultaten.gpkg", "resultaten.xlsx", "samenvatting.json"):
        assert (out / name).stat().st_size > 0, name
