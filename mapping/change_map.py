"""The map of the change: period A against period B, each area coloured by what the test says (issue 18).

The classes come from :func:`hotspots.change.compare.compare_periods` (the conditional binomial test for
two Poisson counts, Benjamini-Hochberg FDR over the areas: what ``wijkbeeld trends --compare`` and the
window's A/B table show); nothing is tested here:

- **significante stijging**: ``significant`` and the rate in B above the rate in A (per month: the two
  periods may differ in length);
- **significante daling**: ``significant`` and the rate in B below that in A;
- **geen significante verandering**: the rest (also an area without incidents in either period).

The tooltip shows the code, the name, the counts in A and B, the change in % and p (FDR).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mapping.classify import MISSING_COLOUR
from mapping.layers import FIELD_CODE, FIELD_NAME, area_spec
from mapping.meta import ReportMeta
from mapping.simplify import DEFAULT_TOLERANCE_M, simplified, wgs84_rounded

#: The classes, in the legend's order, with their colours (the A/B table's rise and fall, stronger) and labels.
RISE, FALL, SAME = "stijging", "daling", "geen"
CLASSES = (RISE, FALL, SAME)
COLOURS = {RISE: "#d6604d", FALL: "#4393c3", SAME: "#e6e6e6"}
LABELS = {RISE: "Significante stijging", FALL: "Significante daling", SAME: "Geen significante verandering"}


def change_classes(table: pd.DataFrame) -> pd.Series:
    """The class of every row of a :func:`~hotspots.change.compare.compare_periods` table (index kept).

    >>> t = pd.DataFrame({"before": [10, 10, 0, 5], "after": [30, 2, 0, 6], "months_before": 12,
    ...                   "months_after": 12, "significant": [True, True, False, False]})
    >>> change_classes(t).tolist()
    ['stijging', 'daling', 'geen', 'geen']
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        rate_a = table["before"].to_numpy(float) / table["months_before"].to_numpy(float)
        rate_b = table["after"].to_numpy(float) / table["months_after"].to_numpy(float)
    significant = table["significant"].fillna(False).to_numpy(bool)
    out = np.where(significant & (rate_b > rate_a), RISE, np.where(significant & (rate_b < rate_a), FALL, SAME))
    return pd.Series(out, index=table.index, dtype=object)


def _percent(v) -> str | None:
    return None if v is None or not np.isfinite(v) else f"{'+' if v >= 0 else '-'}{abs(v):.0f}%"


def change_layer(shown, display, table: pd.DataFrame, *, alpha: float = 0.05, privacy=None, show: bool = True):
    """The layer of the change and its legend block, on ``shown`` (the areas in RD, simplified) and ``display``
    (the same in WGS84): ``(spec, legend)``. ``privacy`` (:class:`mapping.disclosure.PrivacyRules`): the counts
    in A and B below its threshold are written as ``"<N"`` and the change in % and p of such an area are left
    out (they would give the small count away); the class stays (a significant change needs more than a few).
    """
    from kernel.nl import number
    from mapping.webmap import area_names

    rows = table.assign(_class=change_classes(table)).set_index(table["code"].astype(str))
    rows = rows[~rows.index.duplicated()]
    props = []
    for code, name in zip(shown["code"].astype(str), shown["name"] if "name" in shown else shown["code"]):
        d = {"c": code, "n": None if name is None or name != name else str(name)}
        if code in rows.index:
            r = rows.loc[code]
            percent = (r["rate_ratio"] - 1.0) * 100.0 if "rate_ratio" in rows else np.nan
            a, b = int(r["before"]), int(r["after"])
            if privacy is not None:
                a, b = privacy.shown(a), privacy.shown(b)
            hidden = isinstance(a, str) or isinstance(b, str)
            d.update(k=CLASSES.index(r["_class"]), a=a, b=b, d=None if hidden else _percent(percent),
                     p=None if hidden or not np.isfinite(r["p_fdr"]) else float(r["p_fdr"]))
        props.append(d)
    fields = [FIELD_CODE, FIELD_NAME, {"key": "k", "label": "Verandering", "kind": "class"},
              {"key": "a", "label": "Periode A", "kind": "int"}, {"key": "b", "label": "Periode B", "kind": "int"},
              {"key": "d", "label": "Verschil"}, {"key": "p", "label": "p (na FDR)", "kind": "p"}]
    spec = area_spec("verandering", "Verandering A → B", display, props, [COLOURS[c] for c in CLASSES],
                     [LABELS[c] for c in CLASSES], fields, fill_opacity=0.8, show=show)
    spec["names"] = area_names(shown)
    counts = rows.loc[rows.index.isin(shown["code"].astype(str)), "_class"].value_counts()
    absent = sum("k" not in d for d in props)  # no row: nothing counted in A or B
    legend = {"title": "Verandering van A naar B", "layer": spec["id"],
              "note": f"Significant: p ≤ {number(alpha, 2)} na FDR-correctie (Benjamini-Hochberg) over de gebieden.",
              "items": [{"colour": COLOURS[c], "label": f"{LABELS[c]} ({int(counts.get(c, 0))})"} for c in CLASSES]
              + ([{"colour": MISSING_COLOUR, "label": f"Geen cijfers in A en B ({absent})"}] if absent else [])}
    return spec, legend


def change_map(areas, table: pd.DataFrame, *, period_a: str, period_b: str, boundaries=None,
               meta: ReportMeta | None = None, alpha: float = 0.05, tolerance_m: float = DEFAULT_TOLERANCE_M):
    """The offline web map of the change between ``period_a`` and ``period_b`` (texts such as "januari 2015
    t/m december 2015") for the ``areas`` (the level of ``table``: its ``code`` column), with the outlines
    of ``boundaries``. Areas without a row in ``table`` are drawn without a class. ``alpha``: the level the
    table's ``significant`` was tested at (said in the legend)."""
    from mapping.webmap import _boundary_layers, layered_map

    meta = ReportMeta.of(meta, default_title="Verandering tussen twee perioden")
    shown = simplified(areas, tolerance_m)
    display = wgs84_rounded(shown)
    spec, legend = change_layer(shown, display, table, alpha=alpha)
    layers, blocks = [spec], [legend]
    specs, items = _boundary_layers(shown, boundaries, tolerance_m)
    layers += specs
    blocks.append({"title": "Grenzen", "items": items})
    return layered_map(display, {"title": meta.title, "period": f"A: {period_a} · B: {period_b}",
                                 "source": meta.source,
                                 "method": "voorwaardelijke binomiale toets per gebied",
                                 "notes": [f"Periode A: {period_a}; periode B: {period_b}.", "Noorden is boven."],
                                 "layers": layers,
                                 "legend": blocks})


@dataclass
class Change:
    """A period comparison to draw on another map (the exported hot-spot map): the table of
    :func:`~hotspots.change.compare.compare_periods` at the map's level, the two periods in words, the
    significance level ``alpha`` it was tested at, and whether the layer is on when the page opens."""

    table: pd.DataFrame
    period_a: str
    period_b: str
    alpha: float = 0.05
    show: bool = True

    def note(self) -> str:
        return f"Verandering: periode A {self.period_a}, periode B {self.period_b} (voorwaardelijke binomiale toets)."
