"""Print maps as PNG (or PDF) with matplotlib's Agg renderer: no Qt, no browser, no network.

The same reading aids as the web map: area classes in the ArcGIS-familiar Gi*
colours (or a choropleth), wijk outlines with names, the outline of the whole
area, a scale bar in metres, a north arrow, and a Dutch legend, title, period,
source and method. Drawn in RD New (EPSG:28992), whose grid north is close to
true north in the Netherlands; the north arrow says so.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from hotspots.levels import named_wijken
from kernel.schema import RD_NEW
from mapping import styles
from mapping.classify import MISSING_COLOUR, classify
from mapping.layers import area_properties, method_text, missing_label, published_values, uses_fdr
from mapping.disclosure import PrivacyRules
from mapping.meta import ReportMeta
from mapping.simplify import DEFAULT_TOLERANCE_M, dissolve, simplified, without_gaps

A4_LANDSCAPE = (11.69, 8.27)


def _nice_length(max_m: float) -> float:
    for step in (50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000, 100000):
        if step >= max_m:
            return float(step)
    return 100000.0


def _scale_bar(ax, bounds) -> None:
    xmin, ymin, xmax, ymax = bounds
    length = _nice_length((xmax - xmin) / 5)
    x0 = xmin + (xmax - xmin) * 0.03
    y0 = ymin - (ymax - ymin) * 0.07
    ax.set_ylim(ymin - (ymax - ymin) * 0.1, ymax + (ymax - ymin) * 0.02)
    h = (ymax - ymin) * 0.008
    ax.add_patch(_rect(x0, y0, length / 2, h, "black"))
    ax.add_patch(_rect(x0 + length / 2, y0, length / 2, h, "white"))
    label = f"{length / 1000:g} km".replace(".", ",") if length >= 1000 else f"{length:g} m"
    ax.text(x0, y0 + 2.2 * h, "0", fontsize=7, ha="center")
    ax.text(x0 + length, y0 + 2.2 * h, label, fontsize=7, ha="center")


def _rect(x, y, w, h, colour):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, facecolor=colour, edgecolor="black", linewidth=0.6)


def _north_arrow(ax) -> None:
    ax.annotate("N", xy=(0.96, 0.95), xytext=(0.96, 0.86), xycoords="axes fraction", ha="center", va="center",
                fontsize=11, fontweight="bold",
                arrowprops={"facecolor": "black", "width": 4, "headwidth": 11, "headlength": 10})


def _classes(areas, privacy, column, scheme, k, protection=None):
    """Colours per area and legend entries (a count or rate map from the published numbers only)."""
    if column is None and "gi_class" in areas:
        cls = pd.to_numeric(areas["gi_class"], errors="coerce")
        colours = [styles.GI_COLOURS.get(int(c), MISSING_COLOUR) if pd.notna(c) else MISSING_COLOUR for c in cls]
        return colours, styles.gi_legend(cls), "Getis-Ord Gi*"
    if column is None and "quadrant" in areas:
        q = areas["quadrant"].astype(str)
        colours = [styles.LISA_COLOURS.get(v, MISSING_COLOUR) for v in q]
        entries = [(styles.LISA_COLOURS[v], styles.LISA_LABELS[v]) for v in styles.LISA_ORDER]
        return colours, entries, "Lokale Moran's I"
    column = column or "count"
    props, hidden = area_properties(areas, privacy, protection)
    values = published_values(areas, column, props, hidden)
    cl = classify(values, scheme=scheme, k=k)
    colours = [cl.colours[c] if c >= 0 else MISSING_COLOUR for c in cl.classes]
    entries = list(zip(cl.colours, cl.labels))
    if np.isnan(values).any():
        entries.append((MISSING_COLOUR, missing_label(privacy, hidden)))
    return colours, entries, {"count": "Aantal", "rate": "Per 1.000 inwoners"}.get(column, column)


def polygon_collection(geoms, **style):
    """One matplotlib :class:`~matplotlib.collections.PathCollection` of (multi)polygons, built from their
    coordinates in a few array operations: each polygon one compound path, every ring a closed subpath (as
    geopandas draws them, without a patch object per polygon: a national map has 14,500)."""
    import shapely
    from matplotlib.collections import PathCollection
    from matplotlib.path import Path as MplPath

    geoms = np.asarray(geoms, dtype=object)
    parts, owner = shapely.get_parts(geoms, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    counts = shapely.get_num_coordinates(rings)
    xy = shapely.get_coordinates(rings)
    codes = np.full(len(xy), MplPath.LINETO, dtype=MplPath.code_type)
    ends = np.cumsum(counts)
    codes[ends - counts] = MplPath.MOVETO
    codes[ends - 1] = MplPath.CLOSEPOLY
    per_geom = np.bincount(owner[ring_part], weights=counts, minlength=len(geoms)).astype(np.intp)
    cut = np.cumsum(per_geom)[:-1]
    paths = [MplPath(v, c) for v, c in zip(np.split(xy, cut), np.split(codes, cut))]
    return PathCollection(paths, **style)


def print_tolerance(areas, figsize=A4_LANDSCAPE, dpi: int = 200) -> float:
    """Half a pixel of the map drawn at ``dpi`` (the map takes 70% of the page's width), in metres, between
    5 m and the web map's tolerance: no finer than the eye sees, and for a large region exactly the web
    map's, so that one simplification serves both (:func:`mapping.simplify.simplified`).

    >>> from shapely.geometry import box
    >>> import geopandas as gpd
    >>> print_tolerance(gpd.GeoSeries([box(0, 0, 20_000, 15_000)], crs="EPSG:28992"))
    6.1
    >>> print_tolerance(gpd.GeoSeries([box(0, 0, 280_000, 310_000)], crs="EPSG:28992"))
    20.0
    """
    x0, y0, x1, y1 = areas.to_crs(RD_NEW).total_bounds if areas.crs is not None and areas.crs.is_geographic \
        else areas.total_bounds
    half_pixel = max(x1 - x0, y1 - y0) / (0.70 * figsize[0] * dpi) / 2
    return round(float(min(max(half_pixel, 5.0), DEFAULT_TOLERANCE_M)), 1)


def draw_map(result, *, boundaries=None, meta: ReportMeta | PrivacyRules | None = None, method: str | None = None,
             column: str | None = None, scheme: str = "quantiles", k: int = 5, tolerance_m: float | None = None,
             figsize=A4_LANDSCAPE, dpi: int = 200, protection=None):
    """A matplotlib :class:`~matplotlib.figure.Figure` of the map (no pyplot, no global state).

    ``meta`` (:class:`~mapping.meta.ReportMeta`): title, period and source of the caption, and the
    privacy rules of the counts shown. ``tolerance_m``: the simplification of the boundaries; by default
    half a pixel of the drawn map (:func:`print_tolerance`).
    """
    meta = ReportMeta.of(meta)
    title, period, source, privacy = meta.title, meta.period, meta.source, meta.privacy
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    areas = result.areas if hasattr(result, "areas") else result
    if tolerance_m is None:
        tolerance_m = print_tolerance(areas, figsize, dpi)
    rd = simplified(areas, tolerance_m)
    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes([0.02, 0.08, 0.70, 0.80])
    colours, entries, legend_title = _classes(areas, privacy, column, scheme, k, protection)
    ax.add_collection(polygon_collection(rd.geometry.values, facecolors=colours, edgecolors=styles.OUTLINE_BUURT,
                                         linewidths=0.3))
    ax.autoscale_view()
    wijken = None
    if boundaries is not None:
        b = boundaries[boundaries["level"].astype(str) == "wijk"] if "level" in boundaries else boundaries
        wijken = simplified(b, tolerance_m) if len(b) else None
    if wijken is None and "wijk_code" in rd and rd["wijk_code"].notna().any():
        wijken = named_wijken(dissolve(rd, "wijk_code").rename(columns={"wijk_code": "code"}), rd)
    if wijken is not None:
        wijken.boundary.plot(ax=ax, color=styles.OUTLINE_WIJK, linewidth=1.0)
        if len(wijken) <= 60:
            text_col = "name" if "name" in wijken else "code"
            for text, pt in zip(wijken[text_col], wijken.geometry.representative_point()):
                ax.text(pt.x, pt.y, str(text), fontsize=6.5, ha="center", va="center", fontweight="bold",
                        parse_math=False,
                        color="#222222", bbox={"facecolor": "white", "alpha": 0.6, "edgecolor": "none", "pad": 0.8})
    without_gaps(dissolve(rd.assign(_all=1), "_all"), areas, tolerance_m).boundary.plot(ax=ax, color="black",
                                                                                     linewidth=1.6, linestyle="--")
    ax.set_axis_off()
    ax.set_aspect("equal")
    bounds = rd.total_bounds
    _scale_bar(ax, bounds)
    _north_arrow(ax)
    # parse_math=False: a '$' in a name or title is text, never mathtext
    fig.text(0.02, 0.95, title, fontsize=16, fontweight="bold", va="top", parse_math=False)
    if period:
        fig.text(0.02, 0.905, f"Periode: {period}", fontsize=10, va="top", parse_math=False)
    handles = [Patch(facecolor=c, edgecolor="#555555", label=lab) for c, lab in entries]
    handles += [Patch(facecolor="none", edgecolor=styles.OUTLINE_WIJK, linewidth=1.0, label="Wijkgrens"),
                Patch(facecolor="none", edgecolor="black", linewidth=1.6, linestyle="--", label="Grens van het gebied")]
    leg = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.74, 0.86), title=legend_title,
                     fontsize=8, title_fontsize=9, frameon=False)
    leg._legend_box.align = "left"
    lines = []
    if legend_title in ("Getis-Ord Gi*", "Lokale Moran's I"):
        lines.append("Significantie na FDR-correctie (Benjamini-Hochberg)." if uses_fdr(result, areas)
                     else "Zonder FDR-correctie.")
    lines.append("Methode: " + (method or method_text(result, areas)))
    if source:
        lines.append(f"Bron: {source}")
    if privacy.active:
        lines.append(f"Kleine aantallen afgeschermd ({privacy.marker}" + (
            "; aantallen afgerond op 5-tallen)." if privacy.rounding else ", x).") )
    lines.append("Noorden is boven (RD New, EPSG:28992).")
    fig.text(0.74, 0.08, "\n".join(lines), fontsize=7, va="bottom", wrap=True, parse_math=False)
    return fig


def write_png(result, path, dpi: int = 200, **kwargs) -> Path:
    """Write the print map as PNG (``.pdf`` in ``path`` gives a PDF) at ``dpi`` dots per inch."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig = draw_map(result, dpi=dpi, **kwargs)
    description = " ".join(ReportMeta.of(kwargs.get("meta")).privacy.describe())
    meta = ({"Software": "Wijkbeeld", "Description": description} if path.suffix.lower() == ".png"
            else {"Creator": "Wijkbeeld", "Subject": description})
    fig.savefig(path, dpi=dpi, metadata=meta)
    return path
