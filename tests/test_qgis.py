"""The GeoPackage and its style in a real QGIS (issue 13): Debian's python3-qgis (QGIS 3.22), headless.

``wijkbeeld analyse`` writes resultaten.gpkg; Debian's own python3 (the one python3-qgis belongs to)
opens it with QgsVectorLayer in a subprocess (tests/qgis/check_gpkg.py): the layer is valid, has one
feature per area and the exported fields, the default style from ``layer_styles`` is applied (a
categorized renderer on gi_class in the Gi* colours), and QgsMapRendererParallelJob renders it to a PNG.
Skipped only where QGIS is absent outside CI; ``.ci/run`` installs it.
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from mapping import styles
from mapping.outputs import run_analyse
from resources import demo

import importers

SYSTEM_PYTHON = "/usr/bin/python3"
HERE = Path(__file__).resolve().parent


def _has_qgis() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True).returncode == 0


pytestmark = [pytest.mark.slow, pytest.mark.skipif(not _has_qgis() and not os.environ.get("CI"),
                                                   reason="QGIS (python3-qgis) is niet geïnstalleerd")]


def test_resultaten_gpkg_opens_styled_in_qgis(tmp_path):
    areas, _ = importers.read_boundaries(demo.AREAS, layer=demo.AREAS_LAYER)
    incidents, _ = importers.read_incidents(demo.INCIDENTS)
    out = tmp_path / "uit"
    summary = run_analyse(areas, incidents=incidents, out_dir=out, suppress_below=5)
    png = tmp_path / "qgis.png"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    proc = subprocess.run([SYSTEM_PYTHON, str(HERE / "qgis" / "check_gpkg.py"), str(out / "resultaten.gpkg"),
                           str(png)], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    assert info["valid"] and info["crs"] == "EPSG:28992"
    assert info["features"] == summary["areas"]
    assert {"code", "name", "count", "rate", "z", "p_fdr", "gi_class", "gi_label"} <= set(info["fields"])
    assert info["renderer"] == "categorizedSymbol" and info["attribute"] == "gi_class"
    colours = {str(v): c for v, _, c in info["categories"]}
    assert colours == {str(c): styles.GI_COLOURS[c].lower() for c in styles.GI_ORDER}
    assert info["rendered"] and png.stat().st_size > 10_000
    if os.environ.get("WIJKBEELD_KEEP_QGIS_PNG"):
        import shutil

        shutil.copy(png, os.environ["WIJKBEELD_KEEP_QGIS_PNG"])
