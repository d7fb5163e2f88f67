"""Rasters on the map: the KDE heat surface as an image and an offline basemap from an MBTiles file.

Both end up *inside* the page as data URLs, so the page asks for nothing.

The heat surface is a grid in RD New metres. Leaflet stretches an image over
latitude/longitude bounds in Web Mercator (EPSG:3857), and the RD grid is
turned a little against that, so the surface is resampled (nearest cell) onto
a Web Mercator grid first and only then coloured and written as a PNG.

MBTiles (https://github.com/mapbox/mbtiles-spec, version 1.3) is an SQLite file
with a ``tiles`` table (``zoom_level``, ``tile_column``, ``tile_row`` in the TMS
scheme, ``tile_data``) and a ``metadata`` table (``format``, ``attribution``,
``minzoom``, ``maxzoom``). Only raster tiles (png, jpg, webp) can be embedded.
"""
from __future__ import annotations

import base64
import html
import io
import sqlite3
from pathlib import Path
from urllib.parse import quote

import numpy as np
from pyproj import Transformer

from hotspots.where.kde import KERNEL_LABELS
from kernel.nl import number
from kernel.errors import ImportFileError

MIME = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}
MAX_TILES = 4000


def png_data_url(rgba: np.ndarray) -> str:
    """A PNG data URL of an RGBA array (rows from north to south), written by matplotlib."""
    from matplotlib.image import imsave

    buf = io.BytesIO()
    imsave(buf, rgba, format="png")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def surface_image(grid, x0: float, y0: float, cell: float, *, crs="EPSG:28992", cmap="YlOrRd",
                  max_pixels: int = 800, south_up: bool = True) -> tuple[str, list[list[float]]]:
    """Colour a density grid and place it for Leaflet: ``(data_url, [[south, west], [north, east]])``.

    ``grid[row, col]`` covers ``x0 + col*cell .. +cell`` and ``y0 + row*cell ..``
    (row 0 in the south when ``south_up``). Cells at or below zero are
    transparent; the opacity grows with the density.
    """
    from matplotlib import colormaps

    grid = np.asarray(grid, dtype=float)
    if not south_up:
        grid = grid[::-1]
    nrows, ncols = grid.shape
    to_merc = Transformer.from_crs(crs, "EPSG:3857", always_xy=True)
    to_src = Transformer.from_crs("EPSG:3857", crs, always_xy=True)
    to_wgs = Transformer.from_crs("EPSG:3857", "EPSG:4326", always_xy=True)
    xs = np.array([x0, x0 + ncols * cell, x0, x0 + ncols * cell])
    ys = np.array([y0, y0, y0 + nrows * cell, y0 + nrows * cell])
    mx, my = to_merc.transform(xs, ys)
    mx0, mx1, my0, my1 = mx.min(), mx.max(), my.min(), my.max()
    scale = max(mx1 - mx0, my1 - my0) / max_pixels
    w = max(1, int(np.ceil((mx1 - mx0) / scale)))
    h = max(1, int(np.ceil((my1 - my0) / scale)))
    cx = mx0 + (np.arange(w) + 0.5) * scale
    cy = my1 - (np.arange(h) + 0.5) * scale  # north to south
    gx, gy = np.meshgrid(cx, cy)
    sx, sy = to_src.transform(gx, gy)
    col = np.floor((sx - x0) / cell).astype(int)
    row = np.floor((sy - y0) / cell).astype(int)
    inside = (col >= 0) & (col < ncols) & (row >= 0) & (row < nrows)
    values = np.zeros((h, w))
    values[inside] = grid[row[inside], col[inside]]
    top = np.nanmax(values) if np.isfinite(values).any() else 0.0
    norm = np.clip(values / top, 0, 1) if top > 0 else np.zeros_like(values)
    rgba = colormaps[cmap](norm)
    rgba[..., 3] = np.where(norm > 0.02, 0.25 + 0.6 * norm, 0.0)
    (west, east), (south, north) = to_wgs.transform([mx0, mx0 + w * scale], [my1 - h * scale, my1])
    bounds = [[round(south, 6), round(west, 6)], [round(north, 6), round(east, 6)]]
    return png_data_url(rgba), bounds


def kde_layer(surface, *, crs="EPSG:28992", opacity: float = 0.8, show: bool = True):
    """The layer spec and legend block for a :class:`hotspots.where.kde.KdeResult`-like object."""
    south_up = getattr(surface, "origin", "lower") != "upper"
    url, bounds = surface_image(surface.grid, surface.x0, surface.y0, surface.cell, crs=crs, south_up=south_up)
    spec = {"id": "kde", "kind": "image", "name": "Dichtheid (KDE)", "url": url, "bounds": bounds,
            "opacity": opacity, "show": show}
    bw = getattr(surface, "bandwidth", None)
    kernel = getattr(surface, "kernel", None)
    note = "Kerndichtheid" + (f", {KERNEL_LABELS.get(kernel, kernel)}" if kernel else "") + (
        f", bandbreedte {number(bw, 0, thousands=True)} m" if bw else "") + "."
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cm = colormaps["YlOrRd"]
    legend = {"title": "Dichtheid incidenten", "note": note,
              "items": [{"colour": to_hex(cm(0.2)), "label": "laag"}, {"colour": to_hex(cm(0.6)), "label": "midden"},
                        {"colour": to_hex(cm(1.0)), "label": "hoog"}]}
    return spec, legend


def read_mbtiles(path, max_tiles: int = MAX_TILES) -> dict:
    """Read a raster MBTiles file into a tile layer spec (tiles as data URLs, TMS rows)."""
    path = Path(path)
    if not path.is_file():
        raise ImportFileError("Het kaartbestand (MBTiles) bestaat niet.", path=path)
    try:
        # the path quoted into the URI: a '#' or '?' in a folder name would otherwise end the path
        # (SQLite would open another, stray file)
        con = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ImportFileError(f"Het kaartbestand is geen MBTiles-bestand ({exc}).", path=path) from None
    try:
        meta = dict(con.execute("SELECT name, value FROM metadata").fetchall())
        fmt = str(meta.get("format", "png")).lower()
        if fmt not in MIME:
            raise ImportFileError(f"Het kaartbestand bevat tegels in formaat '{fmt}'; alleen rastertegels "
                                  "(png, jpg, webp) kunnen als ondergrond dienen.", path=path)
        n = con.execute("SELECT COUNT(*) FROM tiles").fetchone()[0]
        if n > max_tiles:
            raise ImportFileError(f"Het kaartbestand heeft {n} tegels; een kaart kan er hoogstens {max_tiles} "
                                  "bevatten. Maak een kleiner uitsnede of minder zoomniveaus.", path=path)
        tiles = {}
        for z, x, y, data in con.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles"):
            tiles[f"{z}/{x}/{y}"] = f"data:{MIME[fmt]};base64," + base64.b64encode(bytes(data)).decode("ascii")
    except sqlite3.DatabaseError as exc:
        raise ImportFileError(f"Het kaartbestand is geen geldig MBTiles-bestand ({exc}).", path=path) from None
    finally:
        con.close()
    zooms = sorted({int(k.split("/")[0]) for k in tiles})
    if not tiles:
        raise ImportFileError("Het kaartbestand bevat geen tegels.", path=path)
    # Leaflet's layer control shows a layer's name as HTML: the file's own name is escaped like every
    # other data-derived text
    name = html.escape(" ".join(str(meta.get("name") or path.stem).split())[:120], quote=True)
    return {"id": "basemap", "kind": "tiles", "name": f"Ondergrond ({name})",
            "tiles": tiles, "scheme": "tms", "min_zoom": zooms[0], "max_zoom": zooms[-1],
            "attribution_html": html.escape(str(meta.get("attribution", "") or "")), "show": True}
