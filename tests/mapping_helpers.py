"""Shared inputs for the mapping tests: HotspotResult-like objects built from the real Groningen buurten.

The hotspot engine's ``HotspotResult`` (INTERFACES.md) is an object with
``method``, ``areas`` (GeoDataFrame with code, name, count, rate, z, p_fdr,
gi_class, gi_label), ``params``, ``notes``, ``warnings``, ``outside`` and
``surface``. The map and export code only reads those attributes, so the tests
build such objects directly (with seeded values) and do not depend on the
statistics being right.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import geopandas as gpd
import numpy as np
import pytest

CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = "<script>alert(1)</script>"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
                  "--disable-features=MediaRouter,OptimizationHints,Translate", "--hide-scrollbars"]


def groningen_areas(groningen: Path) -> gpd.GeoDataFrame:
    """The 108 CBS buurten of Groningen 2017 as an Areas-like frame in RD New."""
    g = gpd.read_file(f"zip://{groningen / 'buurt2017.zip'}").to_crs(28992)
    pop = g["AANT_INW"].where(g["AANT_INW"] >= 0).astype(float)
    return gpd.GeoDataFrame({"code": g["BU_CODE"].str.strip(), "name": g["BU_NAAM"], "level": "buurt",
                             "wijk_code": g["WK_CODE"].str.strip(), "gemeente_code": g["GM_CODE"],
                             "population": pop}, geometry=g.geometry.make_valid(), crs=28992)


def groningen_wijken(groningen: Path) -> gpd.GeoDataFrame:
    g = gpd.read_file(f"zip://{groningen / 'wijk2017.zip'}").to_crs(28992)
    return gpd.GeoDataFrame({"code": g["WK_CODE"].str.strip(), "name": g["WK_NAAM"], "level": "wijk"},
                            geometry=g.geometry.make_valid(), crs=28992)


def fake_result(areas: gpd.GeoDataFrame, seed: int = 0, hostile: bool = False):
    """A HotspotResult-like object with seeded counts, z-scores and Gi* classes."""
    from mapping.styles import GI_LABELS

    a = areas.copy()
    rng = np.random.default_rng(seed)
    a["count"] = rng.poisson(40, len(a))
    a.loc[a.index[:3], "count"] = [0, 2, 4]  # small counts for suppression
    a["rate"] = a["count"] / a["population"] * 1000
    a["rate_eb"] = a["rate"]
    a["z"] = rng.normal(0, 2, len(a)).round(4)
    a["p"] = rng.uniform(0, 0.3, len(a)).round(5)
    a["p_fdr"] = np.minimum(1, a["p"] * 1.5).round(5)
    a["gi_class"] = np.clip(np.round(a["z"]), -3, 3).astype(int)
    a["gi_label"] = a["gi_class"].map(GI_LABELS)
    if hostile:
        a.loc[a.index[5], "name"] = HOSTILE
    return SimpleNamespace(method="gi_star", areas=a, params={"fdr": True, "weights": "queen"},
                           notes=["FDR-correctie (Benjamini-Hochberg) toegepast."], warnings=[], outside=7,
                           surface=None, weights_summary={"islands": []})


def chromium_or_skip() -> Path:
    if not CHROMIUM.exists():
        pytest.skip("chromium is niet geïnstalleerd")
    return CHROMIUM


def run_chromium(args: list[str], profile: Path, timeout: float = 90) -> subprocess.CompletedProcess:
    """Run headless chromium with networking features off and a fresh profile."""
    exe = chromium_or_skip()
    cmd = [str(exe), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
