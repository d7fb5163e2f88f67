"""Charts at print quality with matplotlib (no Qt): the monthly series, the week-hour matrix, the calendar.

Used by the report and by the window's "Grafieken als PNG". Each chart carries its title, period and
source, its legend sits below the plot (never over the line), and every number it shows passes the
disclosure rules (a :class:`mapping.protect.Protection`): a month or a cell whose count is hidden is
drawn as a gap or a grey cell, named in the legend, never as its value.

>>> fig = monthly_chart(["2016-01", "2016-02"], [12, 3], [10, 9], title="Fietsdiefstal", period="2016",
...                     source="Politie", threshold=5)
>>> "Fietsdiefstal" in figure_texts(fig) and any("onder 5" in t for t in figure_texts(fig))
True
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from kernel.nl import DAY_ABBR, MONTH_NAMES

#: Figure sizes in inches (A4 portrait text width is about 16 cm).
WIDE = (7.0, 3.6)
DPI = 200
HIDDEN_COLOUR = "#bdbdbd"


def _figure(size=WIDE):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _caption(fig, title, period, source, note=None) -> None:
    fig.text(0.01, 0.985, title, fontsize=11, fontweight="bold", va="top", parse_math=False)
    sub = " · ".join(x for x in (f"Periode: {period}" if period else None, f"Bron: {source}" if source else None) if x)
    if sub:
        fig.text(0.01, 0.925, sub, fontsize=7.5, va="top", color="#444444", parse_math=False)
    if note:
        fig.text(0.01, 0.01, note, fontsize=6.5, va="bottom", color="#444444", parse_math=False, wrap=True)


def _hidden(values, threshold):
    v = np.array([np.nan if x is None or isinstance(x, str) else float(x) for x in values], dtype=float)
    hidden = np.array([isinstance(x, str) for x in values])
    if threshold:
        small = np.isfinite(v) & (v > 0) & (v < threshold)
        hidden |= small
        v[small] = np.nan
    return v, hidden


def _whole(values, threshold) -> bool:
    """True when a grid of raw counts (no marker yet) holds fewer incidents than the threshold: then no cell may
    be told apart, not even a 0 from a hidden cell (it would tell when the few incidents were)."""
    if not threshold or any(isinstance(x, str) for x in values):
        return False
    total = float(np.nansum([np.nan if x is None else float(x) for x in values]))
    return 0 < total < threshold


def _all_hidden(values, threshold):
    """:func:`_hidden`, every cell hidden when the grid is :func:`_whole`."""
    v, hidden = _hidden(values, threshold)
    if _whole(values, threshold):
        v[:] = np.nan
        hidden[:] = True
    return v, hidden


def _hidden_label(threshold, whole: bool) -> str:
    return f"minder dan {threshold} incidenten: niet getoond" if whole else f"onder {threshold}: niet getoond"


def monthly_chart(months, values, previous=None, *, title: str, period: str | None = None,
                  source: str | None = None, threshold: int | None = None, label: str = "Aantal per maand"):
    """The monthly series with last year's months as a dashed line; hidden months are gaps."""
    fig = _figure()
    ax = fig.add_axes([0.08, 0.30, 0.90, 0.55])
    x = np.arange(len(months))
    v, hidden = _all_hidden(values, threshold)
    whole = _whole(values, threshold)
    ax.plot(x, v, color="#c0392b", linewidth=1.8, marker="o", markersize=2.5, label="Deze periode")
    if previous is not None:
        pv, phidden = _all_hidden(previous, threshold)
        whole = whole or _whole(previous, threshold)
        hidden = hidden | phidden
        ax.plot(x, pv, color="#555555", linewidth=1.2, linestyle="--", label="Zelfde maand een jaar eerder")
    if hidden.any():
        ax.scatter(x[hidden], np.zeros(hidden.sum()), marker="s", color=HIDDEN_COLOUR, s=12, zorder=3,
                   label=_hidden_label(threshold, whole))
    step = max(1, len(months) // 12)
    ax.set_xticks(x[::step])
    ax.set_xticklabels([_month_label(m) for m in list(months)[::step]], fontsize=7, rotation=0)
    ax.tick_params(axis="y", labelsize=7)
    ax.set_ylabel(label, fontsize=7.5)
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", color="#e0e0e0", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=7, frameon=False)
    _caption(fig, title, period, source)
    return fig


def _month_label(m) -> str:
    text = str(m)
    try:
        year, month = text[:4], int(text[5:7])
    except ValueError:
        return text
    return f"{MONTH_NAMES[month - 1][:3]} {year[2:]}"


def week_hour_chart(cells, *, title: str, period: str | None = None, source: str | None = None,
                    threshold: int | None = None, blocks=()):
    """The week x hour matrix (7 x 24, Monday first) as a heat map; hidden cells grey, hot blocks outlined."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch, Rectangle

    fig = _figure((7.0, 3.4))
    ax = fig.add_axes([0.07, 0.26, 0.80, 0.60])
    flat = [c for row in cells for c in row]
    v, hidden = _all_hidden(flat, threshold)
    whole = _whole(flat, threshold)
    blocks = () if whole else blocks  # a block of a grid of fewer incidents than the threshold tells their hours
    m = v.reshape(7, 24)
    cmap = ListedColormap(["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"])
    im = ax.imshow(np.ma.masked_invalid(m), aspect="auto", cmap=cmap, interpolation="nearest")
    for d, h in zip(*np.nonzero(hidden.reshape(7, 24))):
        ax.add_patch(Rectangle((h - 0.5, d - 0.5), 1, 1, facecolor=HIDDEN_COLOUR, edgecolor="none"))
    for b in blocks:
        try:
            d = [n[:2] for n in ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag",
                                 "zondag")].index(str(b["day"])[:2])
            start, hours = int(str(b["start"])[:2]), int(b["hours"])
        except (KeyError, ValueError):
            continue
        ax.add_patch(Rectangle((start - 0.5, d - 0.5), min(hours, 24 - start), 1, fill=False, edgecolor="black",
                               linewidth=1.4))
    ax.set_yticks(range(7))
    ax.set_yticklabels(DAY_ABBR, fontsize=7)
    ax.set_xticks(range(0, 24, 2))
    ax.set_xticklabels([f"{h:02d}" for h in range(0, 24, 2)], fontsize=7)
    ax.set_xlabel("uur van de dag", fontsize=7.5)
    cax = fig.add_axes([0.89, 0.26, 0.02, 0.60])
    cb = fig.colorbar(im, cax=cax)
    cb.ax.tick_params(labelsize=6.5)
    cb.set_label("incidenten (aoristisch)", fontsize=7)
    handles = [Patch(facecolor="none", edgecolor="black", label="hot time (blok)")]
    if hidden.any():
        handles.append(Patch(facecolor=HIDDEN_COLOUR, label=_hidden_label(threshold, whole)))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=7, frameon=False)
    _caption(fig, title, period, source)
    return fig


def calendar_chart(table, *, title: str, period: str | None = None, source: str | None = None,
                   threshold: int | None = None):
    """Year x month totals (``table``: dict year -> 12 values, None for months without data)."""
    from matplotlib.patches import Patch

    years = sorted(table)
    fig = _figure((7.0, 0.9 + 0.32 * max(len(years), 2) + 0.9))
    ax = fig.add_axes([0.08, 0.30, 0.90, 0.50])
    grid = np.full((len(years), 12), np.nan)
    hidden = np.zeros((len(years), 12), dtype=bool)
    whole = _whole([v for y in years for v in table[y]], threshold)
    for i, y in enumerate(years):
        v, h = _hidden(table[y], threshold)
        grid[i], hidden[i] = (np.nan, True) if whole else (v, h)
    ax.imshow(np.ma.masked_invalid(grid), aspect="auto", cmap="YlOrRd", interpolation="nearest")
    for i, j in zip(*np.nonzero(hidden)):
        ax.add_patch(__import__("matplotlib.patches", fromlist=["Rectangle"]).Rectangle(
            (j - 0.5, i - 0.5), 1, 1, facecolor=HIDDEN_COLOUR, edgecolor="none"))
    for i, j in zip(*np.nonzero(np.isfinite(grid))):
        ax.text(j, i, f"{int(grid[i, j]):,}".replace(",", "."), ha="center", va="center", fontsize=6.5)
    ax.set_yticks(range(len(years)))
    ax.set_yticklabels([str(y) for y in years], fontsize=7)
    ax.set_xticks(range(12))
    ax.set_xticklabels([m[:3] for m in MONTH_NAMES], fontsize=7)
    handles = [Patch(facecolor=HIDDEN_COLOUR, label=_hidden_label(threshold, whole))] if hidden.any() else []
    if handles:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.15), fontsize=7, frameon=False)
    _caption(fig, title, period, source)
    return fig


def figure_png(fig, dpi: int = DPI) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": "Wijkbeeld"})
    return buf.getvalue()


def figure_texts(fig) -> list[str]:
    """Every text the figure draws (titles, ticks, legend, notes): what a reader can read on it."""
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def write_chart_png(fig, path, dpi: int = DPI) -> Path:
    """Write a chart as a PNG through :class:`mapping.files.Staging` (complete or absent)."""
    from mapping.files import Staging

    path = Path(path)
    with Staging() as stage:
        tmp = stage.temp(path)
        fig.savefig(tmp, format="png", dpi=dpi, metadata={"Software": "Wijkbeeld"})
    return path
