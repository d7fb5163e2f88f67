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
import pytest

from conftest import SHARED_DATA

GRONINGEN = SHARED_DATA / "groningen"

# esda's conditional randomisation warns that its default alternative will change, and uses
# numpy's deprecated row_stack; both are esda's own notices, not about our inputs.
esda_notices = pytest.mark.filterwarnings(
    "ignore:The alternative hypothesis:DeprecationWarning",
    "ignore:`row_stack` alias is deprecated:DeprecationWarning")


def columbus():
    """libpysal's columbus example: CRIME, libpysal's Queen weights and ours (ids 0..n-1)."""
    import geopandas as gpd
    import libpysal
    from libpysal.weights import Queen

    from hotspots.weights import queen

    df = gpd.read_file(libpysal.examples.get_path("columbus.shp"))
    return df["CRIME"].to_numpy(float), Queen.from_dataframe(df, use_index=False), queen(df, ids=np.arange(len(df)))


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
