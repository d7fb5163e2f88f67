"""The expected range of a monthly count: overdispersion and the uncertainty of the expectation.

A month is unusual when its count :math:`c_t` falls outside the central
``1 - a`` interval of its predictive distribution. Crime counts per area are
overdispersed (their variance exceeds their mean) and the expectation
:math:`\\hat E_t` (:func:`hotspots.change.trends.seasonal_expectation`) is itself
estimated from a few earlier months, so the plain Poisson interval is too
narrow and flags far more than the nominal ``a/2`` per side. Following the
outbreak-detection algorithm of Farrington et al. (1996, *JRSS A* 159(3),
547-563) and its negative-binomial threshold (Noufaily et al. 2013, *Statistics
in Medicine* 32(7), 1206-1222), the predictive variance is

.. math::

    \\operatorname{Var}(c_t - \\hat E_t) = \\phi\\,E_t + \\operatorname{Var}(\\hat E_t)
    = \\phi\\,\\hat E_t\\,(1 + g_t)

(``c_t`` and :math:`\\hat E_t` are independent: the expectation uses only earlier months).

Uncertainty of the expectation, :math:`g_t`
    :math:`\\hat E_t = \\bar c_S\\,\\bar c_R / \\bar c_H` (same calendar month *S*,
    recent twelve months *R*, whole history *H*, months with data only). By the
    delta method with :math:`\\operatorname{Var}(c_j) = \\phi\\mu_j` and the
    plug-in :math:`\\mu_j \\approx c_j`,
    :math:`\\operatorname{Var}(\\hat E_t) \\approx \\phi\\,\\hat E_t\\,g_t` with

    .. math::

        g_t = \\hat E_t \\sum_{j \\in H} c_j \\Big(\\frac{[j\\in S]}{n_S \\bar c_S}
        + \\frac{[j\\in R]}{n_R \\bar c_R} - \\frac{[j\\in H]}{n_H \\bar c_H}\\Big)^2 .

    For a flat series this is 1 with one year of history (the expectation is
    last year's month) and 0.39 with three.
Dispersion :math:`\\phi`
    A method-of-moments estimate over the months *M* of the area with
    :math:`\\hat E_t > 0` and a count: the squared forecast errors against their
    expected size under :math:`\\phi = 1`,

    .. math::

        \\hat\\phi = \\frac{\\sum_{t \\in M} (c_t - \\hat E_t)^2}{\\sum_{t \\in M} \\hat E_t (1 + g_t)} .

    This is the Pearson dispersion statistic of quasi-Poisson models (McCullagh &
    Nelder 1989, *Generalized Linear Models*, 2nd ed., section 4.5.2) with
    numerators and denominators pooled: the plain Pearson mean of ratios
    :math:`|M|^{-1}\\sum (c_t - \\hat E_t)^2/(\\hat E_t(1+g_t))` divides by the
    noisy :math:`\\hat E_t` and is biased upwards (median 5.8 for a true 5 and 2.5
    for a true 2 over 2,000 seeded series of five years of negative-binomial
    months; the pooled estimate 4.8 and 1.9). No degrees of freedom are
    subtracted: :math:`\\hat E_t` is a forecast from earlier months, not fitted to
    :math:`c_t`. The range of month *t* uses the estimate from the months
    *before* it, :math:`\\hat\\phi_{<t}` (sums over :math:`M \\cap \\{s < t\\}`), the
    baseline of Farrington et al. (1996) and Noufaily et al. (2013): an unusual
    month does not widen its own range, and a month's range and flag do not
    change when later months arrive. It is floored at 1 (never narrower than
    Poisson). A series with fewer than :data:`MIN_MONTHS` earlier months of its
    own borrows strength from the others: :math:`\\hat\\phi_{<t}` pooled over the
    earlier months of all series in the run (the municipality's other areas;
    with one series that is its own, so 1 until it has enough months). Without
    this, the first :data:`MIN_MONTHS` months of every series had
    :math:`\\phi = 1` and were the largest source of false flags. The area's reported :math:`\\hat\\phi`
    (``dispersion`` in the tests table) is the estimate over all of *M*, the value
    the next month's range would use; it is estimated only when *M* has more than
    :data:`MIN_MONTHS` months, that is, when at least one month's range used an
    estimate (else 1, like those ranges).
Range
    Negative binomial with mean :math:`\\hat E_t` and variance
    :math:`r_t \\hat E_t`, :math:`r_t = \\phi(1 + g_t)`: size
    :math:`n = \\hat E_t/(r_t - 1)`, :math:`p = 1/r_t` (``scipy.stats.nbinom``);
    Poisson when :math:`r_t = 1`. ``[ppf(a/2), ppf(1 - a/2)]``; ``p_high`` is
    :math:`P(X \\ge c)` under the same distribution, through the regularised
    incomplete beta function :math:`I_{1-p}(c, n)` (continuous in *c*, like
    :func:`hotspots.significance.poisson_upper`). With :math:`\\hat E_t = 0` the range is
    ``[0, 0]`` and ``p_high`` is NaN.

Measured (seeded simulations, tests/test_trends_range.py): five years of
months around 20, 400 series, nominal 2.5% per side. Poisson counts: the plain
Poisson range flags 6.4% "hoog" (the uncertainty of :math:`\\hat E_t` alone),
this range 2.4%. Negative binomial, size 5 (:math:`\\phi = 5`): 23% against
3.3% in the months with ten earlier months of their own for :math:`\\hat\\phi`
and 3.6% over all months (6.7% when the first ten took :math:`\\phi = 1`
instead of the pooled estimate).

Honest limits: the delta method and the plug-in :math:`\\mu_j \\approx c_j`
are approximations for small counts; :math:`\\hat\\phi` from two or three years
of months is itself uncertain and that uncertainty is not added, so short,
strongly overdispersed series still flag more than nominal (mean 8, size 2,
three years, seed 1: 6.4% "hoog" in the months with an estimate of their own,
7.4% over all months, against 24% with the Poisson range); a run of several unusual months
still raises :math:`\\hat\\phi` for the months after them. Where
:math:`\\hat E_t = 0` (no incident in that calendar month in the years before,
or none in the last twelve months) the uncertainty of the expectation is not
included: the range is ``[0, 0]``, which claims a certainty the data do not
give, so :func:`hotspots.change.trends.run_trends` flags no month there (those
were 20 of the 45 "hoog" flags on Groningen's buurten 2014-2016; of the 25 left,
14 fall in months with fewer than :data:`MIN_MONTHS` earlier months of their
own, with the pooled :math:`\\hat\\phi`, and 11 in the rest). A seasonal index
shrunk towards 1 would give those months an expectation above 0, but changes the
expectation itself.

>>> ratio = np.array([1.0, 2.0])
>>> lo, hi = count_range(np.array([20.0, 20.0]), ratio, 0.95)
>>> hi.tolist()  # Poisson(20) and a negative binomial with variance 40
[29.0, 34.0]
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special, stats

from hotspots.significance import poisson_upper

#: Fewest earlier months with an expectation for a month's dispersion estimate (else 1, the Poisson value).
MIN_MONTHS = 10


def expectation_variance(values, months: pd.PeriodIndex, expected, years_back: int = 3) -> np.ndarray:
    """:math:`g_t`, the relative variance of the expectation (module docstring); NaN where ``E`` is unknown or 0."""
    c = np.asarray(values, dtype=float)
    e = np.asarray(expected, dtype=float)
    k, t_n = c.shape
    cal = np.asarray(months.month)
    out = np.full((k, t_n), np.nan)
    for t in range(t_n):
        lo = max(0, t - 12 * years_back)
        ok = np.isfinite(e[:, t]) & (e[:, t] > 0)
        if t == lo or not ok.any():
            continue
        hist = c[ok, lo:t]
        fin = np.isfinite(hist)
        h = np.where(fin, hist, 0.0)
        in_s = fin & (cal[lo:t] == cal[t])
        in_r = fin & (np.arange(lo, t) >= t - 12)
        terms = np.zeros(hist.shape)
        for mask, sign in ((in_s, 1.0), (in_r, 1.0), (fin, -1.0)):
            total = (h * mask).sum(axis=1, keepdims=True)  # n * mean, > 0 wherever E > 0
            terms += sign * np.where(mask, 1.0 / total, 0.0)
        out[ok, t] = e[ok, t] * (h * terms ** 2).sum(axis=1)
    return out


def dispersion(values, expected, g) -> tuple[np.ndarray, np.ndarray]:
    """Dispersion per series (module docstring): (over all months, per month from the months before it); both >= 1.

    Per month: from the series' own earlier months when at least :data:`MIN_MONTHS`
    months with an expectation above zero and a count come before it; else pooled
    over the earlier months of all series (when they hold at least
    :data:`MIN_MONTHS`), else 1. Over all months: 1 unless more than
    :data:`MIN_MONTHS` months have one, that is, unless at least the last such
    month's range used an estimate; so the reported value is an estimate exactly
    when some range was widened by one.
    """
    c = np.asarray(values, dtype=float)
    e = np.asarray(expected, dtype=float)
    g = np.asarray(g, dtype=float)
    used = np.isfinite(c) & np.isfinite(e) & (e > 0) & np.isfinite(g)
    sq = np.where(used, (c - e) ** 2, 0.0)
    var1 = np.where(used, e * (1 + g), 0.0)  # the expected squared error when phi = 1
    n, sq_sum, var_sum = used.sum(axis=1), sq.sum(axis=1), var1.sum(axis=1)
    # sums over the months before t: the cumulative sums shifted one month
    n_before, sq_before, var_before = (np.cumsum(x, axis=1) - x for x in (used.astype(int), sq, var1))
    with np.errstate(invalid="ignore", divide="ignore"):
        whole = np.where(n > MIN_MONTHS, sq_sum / var_sum, 1.0)
        # a series with too few earlier months of its own borrows the estimate pooled over all the
        # series' earlier months (the other areas of the municipality); 1 while those are too few too
        pooled = np.where(n_before.sum(axis=0) >= MIN_MONTHS, sq_before.sum(axis=0) / var_before.sum(axis=0), 1.0)
        past = np.where(n_before >= MIN_MONTHS, sq_before / var_before, pooled[None, :])
    return np.maximum(whole, 1.0), np.maximum(past, 1.0)


def count_range(expected, ratio, confidence: float = 0.95, check=None) -> tuple[np.ndarray, np.ndarray]:
    """Central interval of a count with mean ``expected`` and variance ``ratio * expected`` (NaN stays NaN).

    ``check`` (a callable that raises to stop, :meth:`kernel.progress.Progress.check`) is called between
    pieces of :data:`RANGE_PIECE` cells: SciPy's quantiles take about 0.6 s per million cells, and the window's
    worker must stop soon when the user starts something else."""
    a = 1 - confidence
    e = np.asarray(expected, dtype=float)
    r = np.broadcast_to(np.asarray(ratio, dtype=float), e.shape)
    if check is not None and e.size > RANGE_PIECE:
        flat_e, flat_r = e.ravel(), r.ravel()
        pieces = []
        for i in range(0, e.size, RANGE_PIECE):
            check()
            pieces.append(count_range(flat_e[i:i + RANGE_PIECE], flat_r[i:i + RANGE_PIECE], confidence))
        return (np.concatenate([lo for lo, _ in pieces]).reshape(e.shape),
                np.concatenate([hi for _, hi in pieces]).reshape(e.shape))
    lower, upper = np.full(e.shape, np.nan), np.full(e.shape, np.nan)
    ok = np.isfinite(e) & np.isfinite(r)
    zero = ok & (e <= 0)
    lower[zero] = upper[zero] = 0.0
    pois = ok & (e > 0) & (r <= 1)
    lower[pois] = stats.poisson.ppf(a / 2, e[pois])
    upper[pois] = stats.poisson.ppf(1 - a / 2, e[pois])
    nb = ok & (e > 0) & (r > 1)
    size, p = e[nb] / (r[nb] - 1), 1 / r[nb]
    lower[nb] = stats.nbinom.ppf(a / 2, size, p)
    upper[nb] = stats.nbinom.ppf(1 - a / 2, size, p)
    return lower, upper


#: Cells per piece of :func:`count_range` between two checks for a stop (about 0.06 s each).
RANGE_PIECE = 100_000


def upper_tail(count, expected, ratio) -> np.ndarray:
    """:math:`P(X \\ge c)` for the distribution of :func:`count_range`; NaN where ``E <= 0`` or unknown."""
    c = np.asarray(count, dtype=float)
    e = np.asarray(expected, dtype=float)
    r = np.broadcast_to(np.asarray(ratio, dtype=float), e.shape)
    out = np.full(e.shape, np.nan)
    ok = np.isfinite(c) & np.isfinite(e) & (e > 0) & np.isfinite(r)
    pois = ok & (r <= 1)
    out[pois] = poisson_upper(c[pois], e[pois])
    nb = ok & (r > 1)
    size, q = e[nb] / (r[nb] - 1), 1 - 1 / r[nb]
    cn = c[nb]
    with np.errstate(invalid="ignore", divide="ignore"):
        out[nb] = np.where(cn <= 0, 1.0, special.betainc(np.maximum(cn, 1e-300), size, q))
    return out
