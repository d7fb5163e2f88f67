"""Real test data for the hot-spot tests: Groningen buurten 2017 and bicycle thefts.

Read through ``importers.read_boundaries`` / ``importers.read_incidents`` from the folder
the ``groningen`` fixture gives; cached per test session because the XLSX takes seconds
to read. This is the one loader to call for the Groningen buurten and incidents.
``monthly_counts`` builds a small synthetic counts frame (trends, compare).
"""
from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

# esda's conditional randomisation warns that its default alternative will change, and uses
# numpy's deprecated row_stack; both are esda's own notices, not about our inputs.
esda_notices = pytest.mark.filterwarnings(
    "ignore:The alternative hypothesis:DeprecationWarning",
    "ignore:`row_stack` alias is deprecated:DeprecationWarning")


def monthly_counts(code, values, first, category="1.2.3"):
    """A counts frame (code, period, category, count) of one monthly series from ``first``; None is a missing month."""
    months = pd.period_range(first, periods=len(values), freq="M")
    frame = pd.DataFrame({"code": code, "period": months, "category": category, "count": values})
    return frame[pd.notna(frame["count"])].astype({"count": int})


def columbus():
    """libpysal's columbus example: CRIME, libpysal's Queen weights and ours (ids 0..n-1)."""
    import geopandas as gpd
    import libpysal
    from libpysal.weights import Queen

    from hotspots.where.weights import queen

    df = gpd.read_file(libpysal.examples.get_path("columbus.shp"))
    return df["CRIME"].to_numpy(float), Queen.from_dataframe(df, use_index=False), queen(df, ids=np.arange(len(df)))


@functools.lru_cache(maxsize=None)
def groningen_areas(groningen: Path):
    """The CBS 2017 buurten of Groningen through ``importers.read_boundaries``.

    ``groningen`` is the folder from the ``groningen`` fixture (tests/conftest.py), so a
    missing data folder skips locally and fails in CI instead of erroring here.
    """
    import importers

    areas, _ = importers.read_boundaries(groningen / "buurt2017.zip")
    return areas


@functools.lru_cache(maxsize=None)
def groningen_incidents(groningen: Path):
    """The 15,947 bicycle thefts (2013-2017) through ``importers.read_incidents``."""
    import importers

    inc, _ = importers.read_incidents(groningen / "Diefstal_fiets_Groningen_stad_vanaf_2013.xlsx")
    return inc
