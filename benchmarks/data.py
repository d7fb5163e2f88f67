"""National-scale test data for the benchmarks, generated and cached under ``benchmarks/_data/``.

* **Buurten**: a Voronoi tessellation of ``n`` seed points over the RD New extent of the
  Netherlands (13-278 km east, 306-619 km north), with the seeds denser around ~60
  "cities" (so areas are small in towns and large in the countryside, as CBS buurten),
  densified with :func:`shapely.segmentize` to realistic vertex counts (about 150-250
  per polygon at national scale) and snapped to a 1 mm grid so that neighbours share
  their vertices exactly, as in the CBS Wijk- en buurtkaart.
* **Incidents**: ``n`` points, 75% in Gaussian clusters around the same cities (a
  Zipf-like share per city) and 25% spread evenly, all inside the extent.
* **Demo incidents** (:func:`demo_incidents`): ``n`` incidents with every column the
  importers give, uniform over some areas' bounding box (the GUI and project benchmarks).

Everything is seeded; the same call gives the same data. ``benchmarks/_data/`` is git-ignored.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "_data"
EXTENT = (13_000.0, 306_000.0, 278_000.0, 619_000.0)
N_CITIES = 60


def _cities(rng):
    xmin, ymin, xmax, ymax = EXTENT
    cx = rng.uniform(xmin + 10_000, xmax - 10_000, N_CITIES)
    cy = rng.uniform(ymin + 10_000, ymax - 10_000, N_CITIES)
    weight = 1.0 / np.arange(1, N_CITIES + 1) ** 0.9
    spread = 1_500 + 6_000 * weight / weight.max()
    return cx, cy, weight / weight.sum(), spread


def _clustered(rng, n, share_clustered, cities):
    cx, cy, weight, spread = cities
    xmin, ymin, xmax, ymax = EXTENT
    k = int(n * share_clustered)
    which = rng.choice(N_CITIES, size=k, p=weight)
    x = np.concatenate([rng.normal(cx[which], spread[which]), rng.uniform(xmin, xmax, n - k)])
    y = np.concatenate([rng.normal(cy[which], spread[which]), rng.uniform(ymin, ymax, n - k)])
    x = np.clip(x, xmin + 1, xmax - 1)
    y = np.clip(y, ymin + 1, ymax - 1)
    order = rng.permutation(n)
    return x[order], y[order]


def buurten(n: int = 14_500, max_segment: float | None = None, seed: int = 2017):
    """A GeoDataFrame of ``n`` buurt-like polygons (``code``, ``population``) in EPSG:28992, cached."""
    import geopandas as gpd
    import shapely

    DATA.mkdir(exist_ok=True)
    if max_segment is None:
        max_segment = 40.0 if n >= 5000 else 80.0
    path = DATA / f"buurten_{n}_{int(max_segment)}_{seed}.npy"
    rng = np.random.default_rng(seed)
    if path.exists():
        geoms = shapely.from_wkb(np.load(path, allow_pickle=True))
    else:
        x, y = _clustered(rng, n, 0.6, _cities(np.random.default_rng(seed + 1)))
        xmin, ymin, xmax, ymax = EXTENT
        frame = shapely.box(xmin, ymin, xmax, ymax)
        cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(np.column_stack([x, y])),
                                                           extend_to=frame))
        cells = shapely.intersection(cells, frame)
        cells = cells[shapely.area(cells) > 0]
        cells = shapely.set_precision(shapely.segmentize(cells, max_segment), 0.001)
        geoms = cells[shapely.get_type_id(cells) == 3]
        np.save(path, shapely.to_wkb(geoms), allow_pickle=True)
    pop = np.random.default_rng(seed + 2).integers(0, 8000, len(geoms)).astype(float)
    codes = [f"BU{i:08d}" for i in range(len(geoms))]
    return gpd.GeoDataFrame({"code": codes, "population": pop}, geometry=geoms, crs="EPSG:28992")


def incidents(n: int = 1_000_000, seed: int = 42):
    """A DataFrame of ``n`` incidents (``x``, ``y`` in RD metres), clustered around cities, cached."""
    import pandas as pd

    DATA.mkdir(exist_ok=True)
    path = DATA / f"incidents_{n}_{seed}.npy"
    if path.exists():
        xy = np.load(path)
    else:
        rng = np.random.default_rng(seed)
        x, y = _clustered(rng, n, 0.75, _cities(np.random.default_rng(2018)))
        xy = np.column_stack([x, y])
        np.save(path, xy)
    return pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1]})


def demo_incidents(areas, n: int, seed: int = 20261122, with_area: bool = False):
    """``n`` incidents in the importers' columns, uniform over the bounding box of ``areas``, seeded.

    Starts are random minutes of 2016, each window up to 10 hours; one category (``proef``),
    source ``synthetisch``. ``with_area``: an ``area`` column with a random code of ``areas``
    (as a loaded project has it).
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = areas.total_bounds
    start = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 366 * 24 * 60, n), unit="min")
    frame = pd.DataFrame({
        "id": pd.array([f"S{i}" for i in range(n)], dtype="string"),
        "x": rng.uniform(x0, x1, n), "y": rng.uniform(y0, y1, n),
        "start": start.astype("datetime64[ns]"),
        "end": (start + pd.to_timedelta(rng.integers(0, 600, n), unit="min")).astype("datetime64[ns]"),
        "category": pd.array(["proef"] * n, dtype="string"), "source": pd.array(["synthetisch"] * n, dtype="string")})
    if with_area:
        frame["area"] = pd.array(rng.choice(areas["code"].astype(str).to_numpy(), n), dtype="string")
    return frame


#: The categories of the national incident file (three, as the national benchmark of issue 19).
NATIONAL_CATEGORIES = ("Diefstal fiets", "Inbraak woning", "Overlast jeugd")


def national_files(n_areas: int = 14_500, n_incidents: int = 1_000_000, seed: int = 2019):
    """The national data as files a user has, cached: ``(areas.gpkg, incidents.csv)``.

    The areas are :func:`buurten` with the columns of the CBS Wijk- en buurtkaart (``BU_CODE``,
    ``BU_NAAM``, ``WK_CODE``, ``GM_CODE``, ``AANT_INW``; 100 buurten a wijk, 10,000 a gemeente), the incidents are
    :func:`incidents` with an ``id``, a start in 2014-2016 (minutes), an end up to 12 hours later and
    one of three categories, as CSV (``JJJJ-MM-DD UU:MM``).
    """
    import geopandas as gpd
    import pandas as pd

    DATA.mkdir(exist_ok=True)
    gpkg = DATA / f"national_{n_areas}.gpkg"
    csv = DATA / f"national_{n_incidents}_{seed}.csv"
    if not gpkg.exists():
        areas = buurten(n_areas)
        digits = areas["code"].str[2:]
        cbs = gpd.GeoDataFrame({"BU_CODE": areas["code"], "BU_NAAM": "Buurt " + digits, "WK_CODE": "WK" + digits.str[:6],
                                "GM_CODE": "GM" + digits.str[:4], "AANT_INW": areas["population"].astype(int)},
                               geometry=areas.geometry.values, crs=areas.crs)
        cbs.to_file(gpkg, layer="buurten", driver="GPKG")
    if not csv.exists():
        xy = incidents(n_incidents)
        rng = np.random.default_rng(seed)
        start = pd.Timestamp("2014-01-01") + pd.to_timedelta(rng.integers(0, 1096 * 24 * 60, n_incidents), unit="min")
        end = start + pd.to_timedelta(rng.integers(0, 12 * 60, n_incidents), unit="min")
        pd.DataFrame({"id": np.arange(1, n_incidents + 1), "x": xy["x"].round(1), "y": xy["y"].round(1),
                      "start": start.strftime("%Y-%m-%d %H:%M"), "end": end.strftime("%Y-%m-%d %H:%M"),
                      "category": np.asarray(NATIONAL_CATEGORIES)[rng.integers(0, 3, n_incidents)]}
                     ).to_csv(csv, index=False)
    return gpkg, csv


if __name__ == "__main__":  # python benchmarks/data.py: build the national data set once
    import time

    t0 = time.perf_counter()
    b = buurten()
    import shapely

    nv = shapely.get_num_coordinates(b.geometry.values)
    print(f"{len(b)} buurten, vertices per polygon: mean {nv.mean():.0f}, max {nv.max()}, "
          f"{time.perf_counter() - t0:.1f} s")
    for n in (1_000_000, 5_000_000):
        t0 = time.perf_counter()
        incidents(n)
        print(f"{n} incidents, {time.perf_counter() - t0:.1f} s")
