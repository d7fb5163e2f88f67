"""Counts and rates per area: per 1,000 inhabitants and empirical Bayes smoothed.

Raw rate
    :math:`r_i = 1000\\, c_i / P_i` for count :math:`c_i` and population :math:`P_i`.
    Areas without a usable population (missing, zero) or marked as water get no
    rate (NaN) and are listed in ``notes``: never a division by zero.

Global empirical Bayes (Marshall 1991, *Applied Statistics* 40:283-294; as GeoDa's
"Empirical Bayes" rate map and esda's ``Empirical_Bayes``)
    With :math:`b = \\sum c_i / \\sum P_i` (the overall rate), :math:`\\bar P` the mean
    population and :math:`s^2 = \\sum P_i (r_i - b)^2 / \\sum P_i` (rates as fractions),
    the prior variance is :math:`a = s^2 - b/\\bar P`, and

    .. math:: \\hat r_i = w_i r_i + (1 - w_i)\\, b, \\qquad w_i = \\frac{a}{a + b / P_i}.

    Small populations (unreliable rates) are pulled towards the overall rate, large
    ones keep theirs. When :math:`a < 0` (less variation than chance alone would give)
    it is set to 0 as GeoDa does, so every area gets the overall rate; esda leaves
    it negative.

>>> r = compute_rates([2, 30, 0], [100, 3000, 0])
>>> r.rate.round(2).tolist()
[20.0, 10.0, nan]
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kernel import nl

PER = 1000.0


@dataclass
class Rates:
    """Rates per ``per`` inhabitants; ``valid`` marks areas with a usable population."""

    count: np.ndarray
    population: np.ndarray
    rate: np.ndarray
    rate_eb: np.ndarray
    valid: np.ndarray
    prior_rate: float
    prior_variance: float
    notes: list = field(default_factory=list)
    per: float = PER


def empirical_bayes(count, population) -> tuple[np.ndarray, float, float]:
    """Global EB smoothed rates (fractions) for areas with population > 0; see the module docstring.

    Returns the smoothed rates, the overall rate ``b`` and the prior variance ``a`` (clamped at 0).
    """
    c = np.asarray(count, dtype=float)
    p = np.asarray(population, dtype=float)
    b = c.sum() / p.sum()
    r = c / p
    s2 = (p * (r - b) ** 2).sum() / p.sum()
    a = max(s2 - b / p.mean(), 0.0)
    w = a / (a + b / p) if a > 0 else np.zeros_like(p)
    return w * r + (1 - w) * b, float(b), float(a)


def compute_rates(count, population, water=None, codes=None, per: float = PER) -> Rates:
    """Rates and EB rates per ``per`` inhabitants; water and unknown/zero populations get NaN."""
    c = np.asarray(count, dtype=float)
    pop = pd.to_numeric(pd.Series(np.asarray(population, dtype=object)), errors="coerce").to_numpy(float)
    water = np.zeros(len(c), bool) if water is None else np.asarray(pd.Series(water).fillna(False), dtype=bool)
    valid = np.isfinite(pop) & (pop > 0) & ~water
    rate = np.full(len(c), np.nan)
    eb = np.full(len(c), np.nan)
    notes: list[str] = []
    b = a = float("nan")
    if valid.any():
        rate[valid] = per * c[valid] / pop[valid]
        if c[valid].sum() > 0:
            smooth, b, a = empirical_bayes(c[valid], pop[valid])
            eb[valid] = per * smooth
            b *= per
            notes.append("Empirical-Bayes-gladde cijfers (Marshall 1991, zoals GeoDa): gebieden met weinig "
                         "inwoners worden naar het gemiddelde van "
                         f"{nl.number(b, 2)} per {nl.plain(per, thousands=True)} inwoners getrokken.")
            if a == 0:
                notes.append("De cijfers variëren niet meer dan toeval zou geven; na gladmaken krijgt elk "
                             "gebied het gemiddelde cijfer.")
    codes = np.asarray(codes) if codes is not None else np.arange(len(c))
    for what, mask in (("water of buitengebied", water),
                       ("zonder bekend aantal inwoners", ~water & ~np.isfinite(pop)),
                       ("zonder inwoners", ~water & np.isfinite(pop) & (pop <= 0))):
        if mask.any():
            names = nl.listing(codes[mask], 8)
            notes.append(f"{int(mask.sum())} gebied(en) {what} krijgen geen cijfer per "
                         f"{nl.plain(per, thousands=True)} inwoners: {names}.")
    return Rates(count=c, population=pop, rate=rate, rate_eb=eb, valid=valid, prior_rate=b,
                 prior_variance=a, notes=notes, per=per)
