"""ArcGIS's emerging hot spot categories, decided from each location's series of bins, in Dutch.

The rules are ArcGIS Pro's published pattern definitions ("How Emerging Hot Spot Analysis
works"). For a location with *n* steps, *H* significant hot bins and *C* significant cold
bins, and a Mann-Kendall trend of its Gi* z-scores:

========================  ==============================================================================
new                       hot in the final step, never hot before
consecutive               an uninterrupted run of at least two hot bins up to the final step, never hot
                          before the run, less than 90% of the bins hot
intensifying              hot in at least 90% of the steps, the final one included; the z-scores rise
                          significantly
persistent                hot in at least 90% of the steps, the final one included; no significant trend
diminishing               hot in at least 90% of the steps, the final one included; the z-scores fall
                          significantly
sporadic                  hot in the final step, on and off before, less than 90% hot, never cold
oscillating               hot in the final step, cold in some earlier step, less than 90% hot
historical                not hot in the final step, but hot in at least 90% of the steps
no pattern                none of these
========================  ==============================================================================

and the same for cold spots (for them "intensifying" is a significant fall of the z-scores).
ArcGIS's text leaves three overlaps open; here they are decided so that every location gets
exactly one category:

1. The final step decides the side: a final hot bin gives a hot pattern (historical cold is
   then ruled out), a final cold bin a cold one; without either only historical or no pattern
   remain.
2. "At least 90%" (persistent, intensifying, diminishing) asks for the final step too; a
   location that was hot 90% of the time but not in the final step is historical (ArcGIS's
   definition of historical says exactly that).
3. A cold bin in the history makes a final hot spot oscillating, also when it would otherwise
   be new or consecutive (as in sfdep, which requires no significant bin of either sign
   before a new or consecutive hot spot).

>>> import numpy as np
>>> hot = np.array([[False] * 9 + [True], [True] * 10])
>>> cold = np.zeros_like(hot)
>>> classify(hot, cold, np.array([0.0, 40.0]), np.array([1.0, 0.001]), 0.05)[0].tolist()
['new_hot', 'intensifying_hot']
"""
from __future__ import annotations

import numpy as np

from kernel.nl import p_text

KINDS = ("new", "consecutive", "intensifying", "persistent", "diminishing", "sporadic", "oscillating", "historical")
#: Every category code, in legend order (hot, cold, none).
CATEGORIES = tuple(f"{k}_hot" for k in KINDS) + tuple(f"{k}_cold" for k in KINDS) + ("none",)

_DUTCH = {"new": "Nieuwe", "consecutive": "Aaneengesloten", "intensifying": "Toenemende", "persistent": "Aanhoudende",
          "diminishing": "Afnemende", "sporadic": "Sporadische", "oscillating": "Wisselende", "historical": "Voormalige"}
#: Dutch label of each category.
LABELS = {**{f"{k}_hot": f"{v} hot spot" for k, v in _DUTCH.items()},
          **{f"{k}_cold": f"{v} cold spot" for k, v in _DUTCH.items()}, "none": "Geen patroon"}
#: ArcGIS's English name of each category (for the method appendix and for analysts who know ArcGIS).
ARCGIS = {**{f"{k}_hot": f"{k.capitalize()} Hot Spot" for k in KINDS},
          **{f"{k}_cold": f"{k.capitalize()} Cold Spot" for k in KINDS}, "none": "No Pattern Detected"}
#: Map colours: reds for hot, blues for cold, darkest where the pattern is strongest; historical ones in muted
#: brown and grey-green, so that a former hot spot is not mistaken for an empty area.
COLOURS = dict(zip(CATEGORIES, (
    "#d7301f", "#ef6548", "#67000d", "#a50f15", "#fc8d59", "#fdbb84", "#f7a6c4", "#c99a6e",
    "#2171b5", "#4292c6", "#08306b", "#08519c", "#6baed6", "#9ecae1", "#b3a2d6", "#8fb3ad",
    "#f0f0f0")))


def final_run(flags: np.ndarray) -> np.ndarray:
    """Length of the run of True at the end of each row."""
    return np.cumprod(flags[:, ::-1], axis=1).sum(axis=1)


def classify(hot, cold, trend_s, trend_p, alpha: float) -> tuple[np.ndarray, dict]:
    """The category code of every location (row), and the counts the sentences use.

    Parameters
    ----------
    hot, cold : array_like of bool, (locations, steps)
        Significant hot and cold bins.
    trend_s, trend_p : array_like
        Mann-Kendall S and two-sided p of each location's z-scores.
    alpha : float
        Significance level of the trend.
    """
    hot = np.asarray(hot, dtype=bool)
    cold = np.asarray(cold, dtype=bool)
    n = hot.shape[1]
    h, c = hot.sum(axis=1), cold.sum(axis=1)
    run_h, run_c = final_run(hot), final_run(cold)
    sig = np.nan_to_num(np.asarray(trend_p, dtype=float), nan=1.0) <= alpha
    up = sig & (np.asarray(trend_s) > 0)
    down = sig & (np.asarray(trend_s) < 0)
    out = np.full(hot.shape[0], "none", dtype=object)
    for side, own, other, run, rising, falling in (("hot", h, c, run_h, up, down), ("cold", c, h, run_c, down, up)):
        final = (hot if side == "hot" else cold)[:, -1]
        mostly = own * 10 >= 9 * n  # at least 90% of the steps
        rules = (
            (final & mostly & rising, "intensifying"),
            (final & mostly & falling, "diminishing"),
            (final & mostly, "persistent"),
            (final & (other > 0), "oscillating"),
            (final & (own == 1), "new"),
            (final & (run == own), "consecutive"),
            (final, "sporadic"),
            (~hot[:, -1] & ~cold[:, -1] & mostly, "historical"),
        )
        todo = out == "none"
        for mask, kind in rules:
            hit = todo & mask
            out[hit] = f"{kind}_{side}"
            todo &= ~hit
    return out.astype(str), {"hot_steps": h, "cold_steps": c, "hot_run": run_h, "cold_run": run_c, "steps": n}


def sentence(category: str, name: str, *, steps: int, hot_steps: int, cold_steps: int, run: int, last: str,
             run_start: str, trend_p: float) -> str:
    """The Dutch sentence that explains one location's category (``last``, ``run_start``: month names)."""
    side = "cold spot" if category.endswith("_cold") else "hot spot"
    kind = category.rsplit("_", 1)[0]
    own = cold_steps if side == "cold spot" else hot_steps
    other = hot_steps if side == "cold spot" else cold_steps
    share = f"{own} van de {steps} maanden een {side}"
    if kind == "new":
        return f"{name} is in {last} voor het eerst een {side}; in de {steps - 1} maanden daarvoor nooit."
    if kind == "consecutive":
        return f"{name} is sinds {run_start} een {side} ({run} maanden aaneen, tot en met {last}) en was dat daarvoor nooit."
    if kind in ("intensifying", "diminishing"):
        stronger = (kind == "intensifying")
        change = ("neemt het verschil met elders significant toe" if stronger
                  else "neemt het verschil met elders significant af")
        return f"{name} was in {share}, ook in {last}, en {change} (trendtoets Mann-Kendall, {p_text(trend_p)})."
    if kind == "persistent":
        return f"{name} was in {share}, ook in {last}, zonder duidelijke toe- of afname."
    if kind == "sporadic":
        other_side = "hot spot" if side == "cold spot" else "cold spot"
        return f"{name} is in {last} een {side} en was dat eerder af en aan ({share}), nooit een {other_side}."
    if kind == "oscillating":
        other_side = "hot spot" if side == "cold spot" else "cold spot"
        return (f"{name} is in {last} een {side}, maar was in {other} eerdere maand(en) juist een {other_side} "
                f"({share}).")
    if kind == "historical":
        return f"{name} was in {share}, maar in {last} niet meer."
    if hot_steps == 0 and cold_steps == 0:
        return f"{name} was in geen enkele maand een hot of cold spot."
    return (f"{name} laat geen vast patroon zien: {hot_steps} maand(en) hot spot en {cold_steps} maand(en) cold spot "
            f"van de {steps}, en in {last} geen van beide.")
