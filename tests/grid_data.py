"""Generated inputs for the output and privacy tests: a square grid of buurten (RD New, in Groningen) and
incidents gathered towards one corner of it (so that there are hot spots), every one strictly inside an area."""
from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

X0, Y0, SIZE = 233000.0, 582000.0, 500.0


def grid_buurten(folder, side: int, rng=None, *, prefix: str = "BU0014") -> gpd.GeoDataFrame:
    """``side`` x ``side`` square buurten of :data:`SIZE` metres from (:data:`X0`, :data:`Y0`), codes
    ``{prefix}IIJJ``, written to ``folder/buurten.gpkg`` (layer ``buurten``); with ``rng``, inhabitants per
    buurt drawn from it (500-3,000)."""
    cells = [(i, j) for i in range(side) for j in range(side)]
    data = {"code": [f"{prefix}{i:02d}{j:02d}" for i, j in cells], "name": [f"Buurt {i}-{j}" for i, j in cells]}
    if rng is not None:
        data["population"] = rng.integers(500, 3000, len(cells))
    areas = gpd.GeoDataFrame(data, geometry=[box(X0 + i * SIZE, Y0 + j * SIZE, X0 + (i + 1) * SIZE,
                                                 Y0 + (j + 1) * SIZE) for i, j in cells], crs=28992)
    areas.to_file(folder / "buurten.gpkg", layer="buurten", driver="GPKG")
    return areas


def corner_incidents(rng, n: int, side: int, category: str = "Diefstal fiets") -> pd.DataFrame:
    """``n`` incidents of an hour each in 2016-2017, more towards the grid's first corner (hot spots), every one
    strictly inside an area of :func:`grid_buurten`; ids ``M00000`` on."""
    x = X0 + SIZE * side * rng.beta(1.2, 2.5, n).clip(0.01, 0.99)
    y = Y0 + SIZE * side * rng.beta(1.2, 2.5, n).clip(0.01, 0.99)
    start = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 730 * 24, n), unit="h")
    return pd.DataFrame({"id": [f"M{i:05d}" for i in range(n)], "x": x.round(), "y": y.round(),
                         "start": start.strftime("%Y-%m-%d %H:%M"),
                         "end": (start + pd.Timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"), "category": category})


