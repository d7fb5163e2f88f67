"""The statistics of a benchmark: a rate with its interval, a test against a reference, ranks and percentiles.

Rate per 1,000 and its interval
    :math:`r = 1000\\,c/N` for *c* registered incidents among *N* inhabitants. Its interval is the exact
    Poisson interval (Garwood 1936, *Biometrika* 28, 437-442) on the count,
    :math:`[\\Gamma^{-1}_{c}(a/2),\\ \\Gamma^{-1}_{c+1}(1 - a/2)]` (the quantiles of gamma distributions with
    shape *c* and *c + 1*, equal to :math:`\\chi^2_{2c}(a/2)/2` and :math:`\\chi^2_{2c+2}(1-a/2)/2`), times
    1000/N. Counts that vary more than Poisson from year to year (dispersion :math:`\\phi > 1`) get the
    same interval on the *effective* count :math:`c/\\phi`, scaled back by :math:`\\phi` (quasi-Poisson:
    variance :math:`\\phi c`); with :math:`\\phi = 1` it is Garwood's interval.
Test against a reference
    The reference (the country, a group of gemeenten, the rest of the gemeente) has :math:`c_R` incidents
    among :math:`N_R` inhabitants, *without* the area itself. Under "no different" the area's count has
    mean :math:`E = N\\,c_R/N_R` and, as the trends' expected range
    (:mod:`hotspots.change.expected_range`), variance :math:`\\phi\\,E\\,(1 + g)` with
    :math:`g = N/N_R` the relative variance of the estimated :math:`E` (delta method: the reference's
    own count is also a chance outcome). The count is compared with that negative binomial (mean *E*,
    variance ratio :math:`\\phi(1+g)`; ``scipy.stats.nbinom`` with size :math:`E/(\\phi(1+g) - 1)`),
    two-sided: :math:`p = \\min(1, 2\\min(P(X \\le c), P(X \\ge c)))`. An area exactly at the reference
    rate (:math:`c = E`) lies in the middle of that distribution: :math:`p = 1` where both tails are at least
    1/2 (Poisson at a whole *E*), just under 1 where the negative binomial is skewed; "niet anders". The central
    ``confidence`` interval of the same distribution, times 1000/N, is the range of rates that would
    be "niet anders" (the funnel of a funnel plot; Spiegelhalter 2005, *Statistics in Medicine* 24,
    1185-1202).
Dispersion from year to year
    :math:`\\phi` is the Pearson statistic of the two-way table areas x years under independence
    (:math:`E_{iy} = c_{i\\cdot}\\,c_{\\cdot y}/c_{\\cdot\\cdot}`: each area its own level, all areas the
    same course over the years), divided by its degrees of freedom :math:`(I-1)(T-1)`; McCullagh &
    Nelder (1989), section 4.5. It measures how much more than Poisson the areas' counts jump from year
    to year beyond the common course: the chance variation that a difference must exceed before it is
    called "hoger". Floored at 1; unknown with a single year (then Poisson, and the caller says so).
Rank and percentile
    Rank 1 is the highest rate; ties share the best rank (1 + the number of others with a higher rate).
    The percentile is the share of the *others* with a lower rate, ties counting half:
    :math:`100\\,(\\#\\{r_j < r\\} + \\tfrac12\\#\\{r_j = r\\})/n_{others}` ("hoger dan 80% van ...").
Uncertainty of a rank
    League tables overstate how sure a place is (Goldstein & Spiegelhalter 1996, *JRSS A* 159, 385-443;
    Marshall & Spiegelhalter 1998, *BMJ* 316, 1701). Every member's rate is drawn from its Jeffreys
    posterior :math:`\\mathrm{Gamma}(c/\\phi + 1/2,\\ \\text{scale } \\phi/N)` (seeded), the ranks of each
    draw are taken, and the central ``confidence`` interval of the area's rank over the draws is its
    margin ("plaats 3 van 12, marge 1 t/m 6").

>>> lo, hi = rate_interval(10, 1000)
>>> round(float(lo), 3), round(float(hi), 3)
(4.795, 18.39)
>>> t = reference_test(45, 1000, 45_000, 1_000_000)
>>> float(t.p), t.verdict(0.05)
(1.0, 'niet anders')
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from hotspots.change.expected_range import count_range, upper_tail

PER = 1000.0


def rate(count, population, per: float = PER) -> np.ndarray:
    """``per * count / population``; NaN where the population is unknown or not positive."""
    c = np.asarray(count, dtype=float)
    n = np.asarray(population, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(np.isfinite(n) & (n > 0), per * c / n, np.nan)


def rate_interval(count, population, phi=1.0, confidence: float = 0.95, per: float = PER):
    """The exact (Garwood) interval of a rate, quasi-Poisson scaled by ``phi`` (module docstring).

    Returns (lower, upper) per ``per`` inhabitants; NaN where the count or the population is unknown.
    """
    a = 1.0 - confidence
    c = np.asarray(count, dtype=float)
    phi = np.broadcast_to(np.maximum(np.asarray(phi, dtype=float), 1.0), c.shape)
    eff = c / phi
    ok = np.isfinite(c) & (c >= 0)
    with np.errstate(invalid="ignore"):
        lower = np.where(ok & (c > 0), phi * stats.gamma.ppf(a / 2, np.where(ok & (c > 0), eff, 1.0)), 0.0)
        upper = phi * stats.gamma.ppf(1 - a / 2, np.where(ok, eff, 0.0) + 1.0)
    lower, upper = np.where(ok, lower, np.nan), np.where(ok, upper, np.nan)
    return rate(lower, population, per), rate(upper, population, per)


def two_sided(count, expected, ratio) -> np.ndarray:
    """:math:`\\min(1, 2\\min(P(X \\le c), P(X \\ge c)))` under a count with mean ``expected`` and variance
    ``ratio * expected`` (Poisson for a ratio of 1, else negative binomial); NaN where ``expected <= 0``."""
    c = np.asarray(count, dtype=float)
    high = upper_tail(c, expected, ratio)
    low = 1.0 - upper_tail(c + 1.0, expected, ratio)
    return np.minimum(1.0, 2.0 * np.minimum(high, low))


@dataclass
class ReferenceTest:
    """The area against its reference (:func:`reference_test`); arrays, one value per comparison."""

    count: np.ndarray
    population: np.ndarray
    expected: np.ndarray
    ratio: np.ndarray
    p: np.ndarray
    range_low: np.ndarray   # rates per 1,000 that are still "niet anders" (the funnel)
    range_high: np.ndarray
    ref_rate: np.ndarray

    def verdict(self, alpha: float = 0.05, p=None):
        """``"hoger"``/``"lager"`` where ``p`` (default: this test's) is at most ``alpha``, else
        ``"niet anders"``; ``"niet te toetsen"`` where there is no expectation."""
        p = self.p if p is None else np.asarray(p, dtype=float)
        out = np.where(~np.isfinite(p), "niet te toetsen",
                       np.where(p <= alpha, np.where(self.count > self.expected, "hoger", "lager"), "niet anders"))
        return out.item() if out.ndim == 0 else out


def reference_test(count, population, ref_count, ref_population, phi=1.0, confidence: float = 0.95,
                   per: float = PER) -> ReferenceTest:
    """Test an area's count against a reference that does not include it (module docstring).

    ``phi`` is the dispersion (1: Poisson). Where the reference has no inhabitants or no incidents the
    expectation is 0 or unknown and ``p`` is NaN ("niet te toetsen").
    """
    c = np.asarray(count, dtype=float)
    n = np.asarray(population, dtype=float)
    cr = np.asarray(ref_count, dtype=float)
    nr = np.asarray(ref_population, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        ref_rate = np.where(nr > 0, cr / nr, np.nan)
        expected = n * ref_rate
        g = np.where(nr > 0, n / nr, np.nan)
    ratio = np.maximum(np.asarray(phi, dtype=float), 1.0) * (1.0 + g)
    p = two_sided(c, expected, ratio)
    lo, hi = count_range(expected, ratio, confidence)
    return ReferenceTest(count=c, population=n, expected=expected, ratio=ratio, p=p,
                         range_low=rate(lo, n, per), range_high=rate(hi, n, per), ref_rate=per * ref_rate)


def year_dispersion(table) -> tuple[float, int]:
    """:math:`\\phi` of an areas x years table of counts and its degrees of freedom (module docstring).

    Rows with a missing year and rows or years without any incident are left out. With fewer than two
    areas or two years the degrees of freedom are 0 and :math:`\\phi` is NaN (unknown).

    >>> phi, df = year_dispersion([[10, 20], [20, 10], [30, 60]])
    >>> round(phi, 4), df
    (5.5556, 2)
    """
    t = np.asarray(table, dtype=float)
    if t.ndim != 2:
        raise ValueError("year_dispersion expects a 2-D table")
    t = t[np.isfinite(t).all(axis=1)]
    t = t[t.sum(axis=1) > 0][:, t.sum(axis=0) > 0] if t.size else t
    rows, cols = t.shape if t.ndim == 2 else (0, 0)
    df = max(rows - 1, 0) * max(cols - 1, 0)
    if df == 0:
        return float("nan"), 0
    expected = np.outer(t.sum(axis=1), t.sum(axis=0)) / t.sum()
    return float(((t - expected) ** 2 / expected).sum() / df), int(df)


def rank_of(value, others) -> int:
    """1 + the number of ``others`` with a higher value (rank 1: the highest; ties share the best rank)."""
    o = np.asarray(others, dtype=float)
    return int(1 + (o[np.isfinite(o)] > value).sum())


def percentile_of(value, others) -> float:
    """The share (%) of ``others`` with a lower value, ties counting half; NaN without others."""
    o = np.asarray(others, dtype=float)
    o = o[np.isfinite(o)]
    if not o.size or not np.isfinite(value):
        return float("nan")
    return float(100.0 * ((o < value).sum() + 0.5 * (o == value).sum()) / o.size)


def rank_interval(counts, populations, target: int, phi=1.0, confidence: float = 0.95, draws: int = 2000,
                  seed: int = 0) -> tuple[int, int]:
    """The central ``confidence`` interval of member ``target``'s rank (1 = highest rate) over ``draws`` seeded
    draws of every member's rate from its Jeffreys posterior (module docstring)."""
    c = np.asarray(counts, dtype=float)
    n = np.asarray(populations, dtype=float)
    phi = float(max(phi, 1.0)) if np.isfinite(phi) else 1.0
    rng = np.random.default_rng(seed)
    shape = np.maximum(c, 0.0) / phi + 0.5
    rates = rng.gamma(shape[None, :], (phi / n)[None, :], size=(draws, c.size))
    ranks = 1 + (rates > rates[:, [target]]).sum(axis=1)
    a = 1.0 - confidence
    lo, hi = np.quantile(ranks, [a / 2, 1 - a / 2], method="inverted_cdf")
    return int(lo), int(hi)
