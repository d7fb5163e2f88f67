"""Charts of the comparison with matplotlib (no Qt): the comparison group as a dot plot, the series over the
years, the Veiligheidsmonitor with its margins, and survey against registrations per wijk.

The same look as :mod:`mapping.charts` (title, period and source at the top, legend below): this gemeente
(or wijk) in red, the others in grey with their intervals, the group's rate as a line. Used by the report
(:mod:`mapping.report.comparison`); the window draws the same numbers with pyqtgraph.

>>> import pandas as pd
>>> m = pd.DataFrame({"code": ["A", "B", "C"], "name": ["Aa", "Bee", "Cee"], "rate": [5.0, 7.0, 6.0],
...                   "rate_low": [4.0, 6.0, 5.0], "rate_high": [6.0, 8.0, 7.0], "target": [False, True, False]})
>>> fig = dot_plot(m, group_rate=6.0, title="Fietsdiefstal", group_label="vergelijkbare gemeenten")
>>> "Bee" in figure_texts(fig)
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from kernel.nl import number
from mapping.charts import _caption, _figure, figure_png, figure_texts  # noqa: F401 - re-exported for the report

TARGET = "#c0392b"
OTHER = "#7f8c8d"
GROUP = "#2c3e50"
#: Up to this many members the dot plot names each of them; above it, it is a caterpillar plot by rank.
NAMED = 30


def dot_plot(members: pd.DataFrame, *, group_rate: float, title: str, group_label: str, period: str | None = None,
             source: str | None = None, unit: str = "per 1.000 inwoners", highlight: str = "deze gemeente"):
    """The group's members sorted by rate with their intervals; the target highlighted; the group's rate a line.

    ``members``: ``name``, ``rate``, ``rate_low``, ``rate_high`` and ``target`` (bool). Small groups are named
    one per line; a large group (the country) is a caterpillar plot (x: the place, 1 = highest), the target
    labelled.
    """
    m = members[np.isfinite(members["rate"])].sort_values("rate", ascending=True).reset_index(drop=True)
    named = len(m) <= NAMED
    height = max(2.6, 0.9 + 0.22 * len(m)) if named else 3.6
    fig = _figure((7.0, min(height, 9.0)))
    top = 1 - 0.55 / fig.get_figheight()
    bottom = 0.75 / fig.get_figheight()
    ax = fig.add_axes([0.30 if named else 0.09, bottom, 0.66 if named else 0.88, top - bottom - 0.08])
    colour = np.where(m["target"], TARGET, OTHER)
    if named:
        y = np.arange(len(m))
        ax.hlines(y, m["rate_low"], m["rate_high"], color=colour, linewidth=1.2)
        ax.scatter(m["rate"], y, color=colour, s=np.where(m["target"], 34, 16), zorder=3)
        ax.set_yticks(y)
        ax.set_yticklabels(m["name"], fontsize=7)
        for label, is_target in zip(ax.get_yticklabels(), m["target"]):
            if is_target:
                label.set_color(TARGET)
                label.set_fontweight("bold")
        ax.axvline(group_rate, color=GROUP, linestyle="--", linewidth=1.0)
        ax.set_xlabel(unit, fontsize=7.5)
        ax.set_xlim(left=0)
        ax.grid(axis="x", color="#e0e0e0", linewidth=0.6)
    else:
        desc = m.iloc[::-1].reset_index(drop=True)
        x = np.arange(1, len(desc) + 1)
        c = np.where(desc["target"], TARGET, OTHER)
        ax.vlines(x, desc["rate_low"], desc["rate_high"], color=c, linewidth=0.6)
        ax.scatter(x, desc["rate"], color=c, s=np.where(desc["target"], 30, 4), zorder=3)
        t = desc.index[desc["target"]]
        if len(t):
            i = int(t[0])
            ax.annotate(f"{desc.at[i, 'name']}: plaats {i + 1}", (x[i], desc.at[i, "rate"]), xytext=(12, 12),
                        textcoords="offset points", fontsize=7.5, color=TARGET, fontweight="bold",
                        arrowprops={"arrowstyle": "-", "color": TARGET, "linewidth": 0.8})
        ax.axhline(group_rate, color=GROUP, linestyle="--", linewidth=1.0)
        ax.set_xlabel("plaats (1 = hoogste)", fontsize=7.5)
        ax.set_ylabel(unit, fontsize=7.5)
        ax.set_ylim(bottom=0)
        ax.grid(axis="y", color="#e0e0e0", linewidth=0.6)
    ax.tick_params(labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    note = (f"Stippellijn: {group_label} samen ({number(group_rate, 1)}). Lijnen: 95%-interval van elk cijfer. "
            f"In rood: {highlight}.")
    _caption(fig, title, period, source, note)
    return fig


def series_chart(rows: pd.DataFrame, *, title: str, source: str | None = None, unit: str = "per 1.000 inwoners",
                 name: str = "Deze gemeente"):
    """The gemeente's rate over the years with its interval as a band, beside the rate of each group.

    ``rows``: one category's benchmark rows (``year``, ``group``, ``group_label``, ``rate``, ``rate_low``,
    ``rate_high``, ``group_rate``).
    """
    fig = _figure((7.0, 3.4))
    ax = fig.add_axes([0.08, 0.30, 0.90, 0.55])
    own = rows.drop_duplicates("year").sort_values("year")
    ax.fill_between(own["year"], own["rate_low"], own["rate_high"], color=TARGET, alpha=0.15, linewidth=0)
    ax.plot(own["year"], own["rate"], color=TARGET, marker="o", markersize=3, linewidth=1.8, label=name)
    styles = {"nederland": ("-", GROUP), "vergelijkbaar": ("--", "#2874a6"), "buren": (":", "#7d6608"),
              "regio": ("-.", "#6c3483"), "gemeente": ("--", GROUP)}
    for key, g in rows.groupby("group", sort=False):
        g = g.sort_values("year")
        ls, c = styles.get(key, ("--", OTHER))
        ax.plot(g["year"], g["group_rate"], linestyle=ls, color=c, linewidth=1.2, label=str(g["group_label"].iloc[0]))
    years = sorted(own["year"].unique())
    ax.set_xticks(years)
    ax.set_xticklabels([str(y) for y in years], fontsize=7)
    ax.tick_params(axis="y", labelsize=7)
    ax.set_ylabel(unit, fontsize=7.5)
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", color="#e0e0e0", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, fontsize=7, frameon=False)
    _caption(fig, title, f"{years[0]} t/m {years[-1]}", source, f"Band: 95%-interval van {name if name != 'Deze gemeente' else 'deze gemeente'}.")
    return fig


def rank_chart(rows: pd.DataFrame, *, title: str, source: str | None = None):
    """The gemeente's place in each group over the years, with the margin of that place (1 = highest at the top).

    ``rows``: one category's benchmark rows (``year``, ``group``, ``group_label``, ``rank``, ``rank_low``,
    ``rank_high``, ``n_group``). A place is only comparable within one group, so each group has its own line;
    the y axis is the place as a share of the group (place 1 of 7 and 1 of 342 both at the top).
    """
    fig = _figure((7.0, 3.4))
    ax = fig.add_axes([0.10, 0.30, 0.88, 0.55])
    colours = ("#2c3e50", "#2874a6", "#7d6608", "#6c3483", OTHER)
    groups = list(dict.fromkeys(rows["group"]))
    width = 0.8 / max(len(groups), 1)
    for i, key in enumerate(groups):
        g = rows[rows["group"] == key].sort_values("year")
        n = g["n_group"].astype(float).to_numpy()
        x = g["year"].to_numpy(float) + (i - (len(groups) - 1) / 2) * width
        c = colours[i % len(colours)]
        ax.vlines(x, _share(g["rank_low"], n), _share(g["rank_high"], n), color=c, linewidth=1.2)
        label = f"{g['group_label'].iloc[0]} (van {int(n.max())})"
        ax.plot(x, _share(g["rank"], n), color=c, marker="o", markersize=3.5, linewidth=1.0, label=label)
        last = g.iloc[-1]
        ax.annotate(f"{int(last['rank'])}", (x[-1], _share([last["rank"]], n[-1:])[0]), xytext=(4, 0),
                    textcoords="offset points", fontsize=6.5, color=c, va="center")
    years = sorted(rows["year"].unique())
    ax.set_xticks(years)
    ax.set_xticklabels([str(y) for y in years], fontsize=7)
    ax.set_ylim(103, -3)
    ax.set_yticks([0, 25, 50, 75, 100])
    ax.set_yticklabels(["hoogste", "", "midden", "", "laagste"], fontsize=7)
    ax.set_ylabel("plaats in de groep", fontsize=7.5)
    ax.grid(axis="y", color="#e0e0e0", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=7, frameon=False)
    _caption(fig, title, f"{years[0]} t/m {years[-1]}", source,
             "Punt: de plaats (getal: laatste jaar); lijn: de marge van die plaats (95%), uit de onzekerheid van "
             "alle cijfers van de groep.")
    return fig


def beside_chart(side: pd.DataFrame, *, title: str, source: str | None = None):
    """One indicator of the survey over the years (left, with its margin) beside the registered rate of the
    matching theme (right, with its interval): side by side, on their own scales, no line drawn between them.

    ``side``: the rows of one area and indicator (:attr:`hotspots.benchmark.survey.SurveyResult.side`).
    """
    fig = _figure((7.0, 3.0))
    d = side.sort_values("year")
    left = fig.add_axes([0.08, 0.22, 0.40, 0.58])
    right = fig.add_axes([0.58, 0.22, 0.40, 0.58])
    v, lo, hi = (d[c].astype(float).to_numpy() for c in ("value", "lower", "upper"))
    ok = np.isfinite(lo) & np.isfinite(hi)
    left.vlines(d["year"][ok], lo[ok], hi[ok], color=TARGET, linewidth=1.4)
    left.plot(d["year"], v, color=TARGET, marker="o", markersize=3.5, linewidth=1.0)
    unit = str(d["unit"].iloc[0]) if len(d) else ""
    left.set_title(_wrap(str(d["indicator"].iloc[0]) if len(d) else "", 48), fontsize=7.5)
    left.set_ylabel("%" if unit == "%" else unit, fontsize=7)
    reg = d.dropna(subset=["rate_year"]).drop_duplicates("rate_year")
    if len(reg):
        r, rl, rh = (reg[c].astype(float).to_numpy() for c in ("rate", "rate_low", "rate_high"))
        right.vlines(reg["rate_year"], rl, rh, color=GROUP, linewidth=1.4)
        right.plot(reg["rate_year"], r, color=GROUP, marker="s", markersize=3.5, linewidth=1.0)
        right.set_title(_wrap(f"geregistreerd: {reg['series_label'].iloc[0]} per 1.000 inwoners", 48), fontsize=7.5)
    else:
        right.text(0.5, 0.5, "geen geregistreerde tegenhanger", ha="center", va="center", fontsize=7,
                   transform=right.transAxes)
    for ax, years in ((left, d["year"]), (right, reg["rate_year"] if len(reg) else d["year"])):
        ys = sorted({int(y) for y in years})
        ax.set_xticks(ys)
        ax.set_xticklabels([str(y) for y in ys], fontsize=6.5)
        ax.tick_params(axis="y", labelsize=6.5)
        ax.set_ylim(bottom=0)
        ax.set_xlim(min(ys) - 0.6, max(ys) + 0.6)
        ax.grid(axis="y", color="#e0e0e0", linewidth=0.6)
        ax.spines[["top", "right"]].set_visible(False)
    _caption(fig, title, None, source, "Links: de Veiligheidsmonitor met de 95%-marge van de steekproef; rechts: "
             "de geregistreerde misdrijven met hun 95%-interval. Twee bronnen naast elkaar, geen verband berekend.")
    return fig


def survey_chart(table: pd.DataFrame, *, title: str, source: str | None = None):
    """Each indicator of the latest survey with its margin, the previous survey and similar gemeenten beside it.

    ``table``: :func:`hotspots.benchmark.survey.survey_summary` rows of one unit (percentages and scale
    scores do not share an axis: the report draws one chart per unit).
    """
    n = len(table)
    fig = _figure((7.0, max(2.4, 1.5 + 0.55 * n)))
    h = fig.get_figheight()
    top, bottom = 1 - 0.55 / h, 1.05 / h
    ax = fig.add_axes([0.36, bottom, 0.60, top - bottom - 0.06])
    y = np.arange(n)[::-1]
    for dy, cols, colour, label in ((0.22, ("value", "lower", "upper"), TARGET, "laatste meting"),
                                    (0.0, ("prev_value", "prev_lower", "prev_upper"), OTHER, "vorige meting"),
                                    (-0.22, ("group_value", "group_lower", "group_upper"), "#2874a6",
                                     "vergelijkbare gemeenten")):
        v, lo, hi = (table[c].astype(float).to_numpy() for c in cols)
        ok = np.isfinite(v)
        if not ok.any():  # no previous survey, or no similar gemeenten: no empty legend entry either
            continue
        ax.hlines(y[ok] + dy, lo[ok], hi[ok], color=colour, linewidth=1.4)
        ax.scatter(v[ok], y[ok] + dy, color=colour, s=18, zorder=3, label=label)
    ax.set_yticks(y)
    ax.set_yticklabels([_wrap(t, 42) for t in table["indicator"]], fontsize=7)
    ax.set_ylim(-0.6, n - 0.4)
    ax.tick_params(axis="x", labelsize=7)
    units = set(table["unit"].astype(str))
    ax.set_xlabel("procent van de inwoners" if units == {"%"} else "score", fontsize=7.5)
    ax.set_xlim(left=0)
    ax.grid(axis="x", color="#e0e0e0", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    fig.legend(*ax.get_legend_handles_labels(), loc="lower center", bbox_to_anchor=(0.5, 0.22 / h), ncol=3,
               fontsize=7, frameon=False)
    years = sorted({int(y) for y in table["year"]})
    prev = sorted({int(y) for y in table["prev_year"].dropna()})
    period = ", ".join(map(str, years)) + (f" (vorige meting {', '.join(map(str, prev))})" if prev else "")
    _caption(fig, title, period, source, "Lijnen: 95%-marge van de Veiligheidsmonitor.")
    return fig


def wijk_scatter(side: pd.DataFrame, *, title: str, sentence: str, source: str | None = None):
    """Per wijk: the registered rate (x, with its interval) against the survey figure (y, with its margin)."""
    fig = _figure((7.0, 4.4))
    ax = fig.add_axes([0.10, 0.24, 0.86, 0.62])
    d = side[np.isfinite(side["rate"].astype(float)) & np.isfinite(side["value"].astype(float))]
    xerr = np.vstack([d["rate"] - d["rate_low"], d["rate_high"] - d["rate"]]).astype(float)
    yerr = np.vstack([d["value"] - d["lower"], d["upper"] - d["value"]]).astype(float)
    yerr = np.where(np.isfinite(yerr), yerr, 0.0)
    ax.errorbar(d["rate"], d["value"], xerr=xerr, yerr=yerr, fmt="o", color=TARGET, ecolor="#d5a6a0",
                elinewidth=0.8, markersize=3.5)
    for r in d.itertuples():
        ax.annotate(str(r.name), (r.rate, r.value), xytext=(3, 3), textcoords="offset points", fontsize=6,
                    color="#333333")
    label = str(d["series_label"].iloc[0]) if len(d) else ""
    ax.set_xlabel(f"geregistreerd: {label} per 1.000 inwoners", fontsize=7.5)
    ax.set_ylabel(_wrap(str(d["indicator"].iloc[0]) if len(d) else "", 40), fontsize=7.5)
    ax.tick_params(labelsize=7)
    ax.set_xlim(left=0)
    ax.grid(color="#eeeeee", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    _caption(fig, title, str(int(d["year"].iloc[0])) if len(d) else None, source, _wrap(sentence, 150))
    return fig


def _share(rank, n) -> np.ndarray:
    """A place 1..n as 0..100 (0: the highest)."""
    return 100 * (np.asarray(rank, dtype=float) - 1) / np.maximum(np.asarray(n, dtype=float) - 1, 1)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(str(text), width)) or str(text)
