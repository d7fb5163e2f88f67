"""Real test data for the hot-spot tests: Groningen buurten 2017 and bicycle thefts.

Read through ``importers.read_boundaries`` / ``importers.read_incidents`` when the
importers provide them, else directly with geopandas/pandas (the CBS shapefile
is in EPSG:4326 and is projected to RD New here; CBS sentinels become NaN).
Cached per test session because the XLSX takes seconds to read.
"""
from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd

from conftest import SHARED_DATA

GRONINGEN = SHARED_DATA / "groningen"


@functools.lru_cache(maxsize=None)
def groningen_areas():
    import importers

    if hasattr(importers, "read_boundaries"):
        areas, _ = importers.read_boundaries(GRONINGEN / "buurt2017.zip")
        return areas
    import geopandas as gpd

    raw = gpd.read_file(f"zip://{GRONINGEN / 'buurt2017.zip'}").to_crs("EPSG:28992")
    pop = raw["AANT_INW"].astype(float).where(raw["AANT_INW"] >= 0)
    return gpd.GeoDataFrame({
        "code": raw["BU_CODE"].astype(str).str.strip(), "name": raw["BU_NAAM"].astype(str),
        "level": "buurt", "wijk_code": raw["WK_CODE"], "gemeente_code": raw["GM_CODE"],
        "gemeente_name": raw["GM_NAAM"], "population": pop, "water": raw["WATER"].eq("JA"),
        "year": pd.array([2017] * len(raw), dtype="Int64")}, geometry=raw.geometry.values, crs="EPSG:28992")


@functools.lru_cache(maxsize=None)
def groningen_incidents():
    import importers

    path = GRONINGEN / "Diefstal_fiets_Groningen_stad_vanaf_2013.xlsx"
    if hasattr(importers, "read_incidents"):
        inc, _ = importers.read_incidents(path)
        return inc
    raw = pd.read_excel(path)
    return pd.DataFrame({
        "id": raw["Incident Identificatie"].astype("string"),
        "x": raw["X"].astype(float), "y": raw["Y"].astype(float),
        "start": pd.to_datetime(raw["Begin-pleegdatum/tijd"], errors="coerce"),
        "end": pd.to_datetime(raw["Eind-pleegdatum/tijd"], errors="coerce"),
        "category": "Diefstal fiets", "source": "politie Groningen"})


def have_groningen() -> bool:
    return Path(GRONINGEN / "buurt2017.zip").exists()
