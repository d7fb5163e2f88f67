"""Heat surface: FFT with linear binning against a direct kernel sum; bandwidth rule; layout."""
from __future__ import annotations

import numpy as np
import pytest

from hotspots.where.kde import default_bandwidth, kde_surface, kernel_values
from kernel.errors import AnalysisError


def _direct(k, x, y):
    cx, cy = k.centres()
    X, Y = np.meshgrid(cx, cy)
    d2 = (X[..., None] - x) ** 2 + (Y[..., None] - y) ** 2
    return kernel_values(d2, k.bandwidth, k.kernel).sum(-1) * 1e6


@pytest.mark.parametrize("kernel", ["quartic", "gaussian"])
def test_equals_direct_sum_for_points_on_cell_centres(kernel):
    rng = np.random.default_rng(0)
    x = (rng.integers(0, 60, 200) + 0.5) * 10
    y = (rng.integers(0, 50, 200) + 0.5) * 10
    k = kde_surface(x, y, cell=10, bandwidth=87.0, kernel=kernel, extent=(0, 0, 600, 500))
    direct = _direct(k, x, y)
    # on cell centres linear binning is exact; what is left is FFT round-off and the 6h Gaussian cut-off
    np.testing.assert_allclose(k.grid, direct, rtol=1e-6, atol=1e-9 * direct.max())


@pytest.mark.parametrize("kernel", ["quartic", "gaussian"])
def test_close_to_direct_sum_for_random_points(kernel):
    rng = np.random.default_rng(1)
    x, y = rng.uniform(0, 600, 400), rng.uniform(0, 500, 400)
    k = kde_surface(x, y, cell=5, bandwidth=120.0, kernel=kernel, extent=(0, 0, 600, 500))
    direct = _direct(k, x, y)
    m = direct > 1e-3 * direct.max()
    rel = np.abs(k.grid - direct)[m] / direct[m]
    assert np.median(rel) < 1e-3  # binning error is of order (cell / bandwidth)^2


def test_layout_rows_from_south_and_mass():
    k = kde_surface(np.array([50.0]), np.array([10.0]), cell=10, bandwidth=30, extent=(0, 0, 100, 100))
    r, c = np.unravel_index(np.argmax(k.grid), k.grid.shape)
    assert (r, c) in {(0, 4), (0, 5)}  # y = 10 lies in the southern rows
    assert k.extent == (0.0, 0.0, 100.0, 100.0)
    big = kde_surface(np.array([0.0, 5.0]), np.array([0.0, 3.0]), cell=5, bandwidth=50)
    assert big.grid.sum() * (5 / 1000) ** 2 == pytest.approx(2.0, rel=1e-3)


def test_default_bandwidth_is_silverman_as_arcgis():
    rng = np.random.default_rng(2)
    x, y = rng.normal(0, 100, 1000), rng.normal(0, 100, 1000)
    dx, dy = x - x.mean(), y - y.mean()
    sd = np.sqrt((dx ** 2).mean() + (dy ** 2).mean())
    dm = np.median(np.hypot(dx, dy))
    assert default_bandwidth(x, y) == pytest.approx(0.9 * min(sd, np.sqrt(1 / np.log(2)) * dm) * 1000 ** -0.2)
    k = kde_surface(x, y, cell=20)
    assert "Silverman" in k.notes[1] and k.bandwidth == pytest.approx(default_bandwidth(x, y))


def test_errors_in_dutch():
    with pytest.raises(AnalysisError, match="Onbekende kern 'epanechnikov'"):
        kde_surface([0, 1], [0, 1], kernel="epanechnikov")
    with pytest.raises(AnalysisError, match="dezelfde plek"):
        kde_surface([1, 1, 1], [2, 2, 2])
    with pytest.raises(AnalysisError, match="te groot"):
        kde_surface([0, 1e6], [0, 1e6], cell=1, bandwidth=10)


def test_incidents_just_outside_the_extent_count_near_its_edge():
    x, y = np.array([-25.0, 55.0]), np.array([55.0, 55.0])  # on cell centres: binning is exact
    k = kde_surface(x, y, cell=10, bandwidth=60, kernel="quartic", extent=(0, 0, 100, 100))
    np.testing.assert_allclose(k.grid, _direct(k, x, y), rtol=1e-6, atol=1e-9 * k.grid.max())
