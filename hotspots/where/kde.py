"""Heat surface: kernel density of incidents on a grid in metres, by linear binning and FFT.

The density at a cell centre :math:`s` is the sum of a kernel over the incidents,

.. math:: \\hat f(s) = \\sum_i K_h(\\lVert s - x_i \\rVert),

in incidents per km² (a surface integrates to the number of incidents):

* quartic (biweight, ArcGIS's Kernel Density): :math:`K_h(d) = \\frac{3}{\\pi h^2}(1 - d^2/h^2)^2`
  for :math:`d < h`, else 0 (Silverman 1986, eq. 4.5);
* Gaussian: :math:`K_h(d) = \\frac{1}{2\\pi h^2} e^{-d^2 / 2h^2}`, cut off at :math:`6h`.

Computation (Wand 1994, *J. Comput. Graph. Stat.* 3:433-445): every incident's weight
is split over the four surrounding cell centres in proportion to its distance to them
(**linear binning**), and the binned counts are convolved with the kernel sampled on
the grid by :func:`scipy.signal.fftconvolve`. The cost is independent of the number of
incidents after binning; the error compared to the direct sum is of order
(cell/h)² and zero for incidents on cell centres.

Bandwidth rule (stated in ``notes``, overridable with ``bandwidth=``): ArcGIS's default
search radius, after Silverman's rule of thumb for two dimensions,
:math:`h = 0.9 \\min(SD, \\sqrt{1/\\ln 2}\\, D_m)\\, n^{-0.2}` with :math:`SD` the standard
distance of the incidents and :math:`D_m` the median distance to their mean centre.

``grid[r, c]`` is the cell whose centre is ``(x0 + (c + 0.5) * cell, y0 + (r + 0.5) * cell)``:
row 0 is the **southern** row (flip it for an image).

>>> import numpy as np
>>> k = kde_surface(np.array([0.0]), np.array([0.0]), cell=10, bandwidth=100, extent=(-200, -200, 200, 200))
>>> round(float(k.grid.sum() * (k.cell / 1000) ** 2), 3)  # integrates to one incident
1.0
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.signal import fftconvolve

from kernel.errors import AnalysisError
from kernel.progress import as_progress

from kernel.nl import plain

KERNELS = ("quartic", "gaussian")
#: Dutch names of the kernels, for sentences and legends.
KERNEL_LABELS = {"quartic": "kwartische (quartic) kern", "gaussian": "Gaussische kern"}
GAUSS_CUTOFF = 6.0
MAX_CELLS = 25_000_000


@dataclass
class KdeResult:
    """A density surface in incidents per km²; see the module docstring for the layout."""

    grid: np.ndarray
    x0: float
    y0: float
    cell: float
    bandwidth: float
    kernel: str
    n: int
    notes: list = field(default_factory=list)

    @property
    def extent(self) -> tuple[float, float, float, float]:
        ny, nx = self.grid.shape
        return (self.x0, self.y0, self.x0 + nx * self.cell, self.y0 + ny * self.cell)

    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        ny, nx = self.grid.shape
        return self.x0 + (np.arange(nx) + 0.5) * self.cell, self.y0 + (np.arange(ny) + 0.5) * self.cell


def default_bandwidth(x, y) -> float:
    """ArcGIS/Silverman default search radius in metres (see the module docstring)."""
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    n = len(x)
    if n < 2:
        raise AnalysisError("Voor een warmtekaart zijn minstens 2 incidenten nodig.")
    dx, dy = x - x.mean(), y - y.mean()
    d = np.hypot(dx, dy)
    sd = np.sqrt((dx ** 2).mean() + (dy ** 2).mean())
    dm = np.median(d)
    h = 0.9 * min(sd, np.sqrt(1 / np.log(2)) * dm) * n ** -0.2
    if not h > 0:
        h = sd * 0.9 * n ** -0.2
    if not h > 0:
        raise AnalysisError("Alle incidenten liggen op dezelfde plek; kies zelf een bandbreedte.")
    return float(h)


def kernel_values(d2, h: float, kernel: str) -> np.ndarray:
    """The kernel at squared distances ``d2`` (m²), per m²."""
    if kernel == "quartic":
        u = 1.0 - d2 / (h * h)
        return np.where(u > 0, 3.0 / (np.pi * h * h) * u * u, 0.0)
    if kernel == "gaussian":
        return np.exp(-0.5 * d2 / (h * h)) / (2 * np.pi * h * h)
    raise AnalysisError(f"Onbekende kern '{kernel}'; kies quartic of gaussian.")


def linear_binning(x, y, x0: float, y0: float, cell: float, shape: tuple[int, int], weights=None) -> np.ndarray:
    """Split each point's weight over the four nearest cell centres (bilinear weights)."""
    ny, nx = shape
    fx = (np.asarray(x, float) - x0) / cell - 0.5
    fy = (np.asarray(y, float) - y0) / cell - 0.5
    ix = np.floor(fx).astype(np.int64)
    iy = np.floor(fy).astype(np.int64)
    tx, ty = fx - ix, fy - iy
    w = np.ones(len(fx)) if weights is None else np.asarray(weights, float)
    out = np.zeros(ny * nx)
    for ox, oy, ww in ((0, 0, (1 - tx) * (1 - ty)), (1, 0, tx * (1 - ty)), (0, 1, (1 - tx) * ty), (1, 1, tx * ty)):
        cx, cy = ix + ox, iy + oy
        ok = (cx >= 0) & (cx < nx) & (cy >= 0) & (cy < ny)
        out += np.bincount(cy[ok] * nx + cx[ok], weights=(w * ww)[ok], minlength=ny * nx)
    return out.reshape(ny, nx)


def kde_surface(x, y, cell: float = 25.0, bandwidth: float | None = None, kernel: str = "quartic",
                extent: tuple[float, float, float, float] | None = None, weights=None,
                progress=None, cancelled=None) -> KdeResult:
    """Kernel density of points on a grid; see the module docstring.

    Parameters
    ----------
    x, y : array_like
        Incident coordinates in metres (RD New).
    cell : float
        Cell size in metres.
    bandwidth : float, optional
        Search radius (quartic) or standard deviation (Gaussian) in metres; default: the rule above.
    kernel : {"quartic", "gaussian"}
    extent : (xmin, ymin, xmax, ymax), optional
        Default: the incidents' bounding box widened by the kernel's reach.
    weights : array_like, optional
        A weight per incident (default 1).
    """
    p = as_progress(progress, cancelled)
    if kernel not in KERNELS:
        raise AnalysisError(f"Onbekende kern '{kernel}'; kies quartic of gaussian.")
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if weights is not None:
        weights = np.asarray(weights, float)[ok]
    if not cell > 0:
        raise AnalysisError("De celgrootte moet groter dan 0 meter zijn.")
    notes = []
    if bandwidth is None:
        bandwidth = default_bandwidth(x, y)
        notes.append(f"Bandbreedte {bandwidth:.0f} m volgens de vuistregel van Silverman (1986) zoals ArcGIS "
                     "die standaard gebruikt: 0,9 x min(standaardafstand, 1,2 x mediane afstand tot het "
                     "middelpunt) x n^-0,2.")
    else:
        notes.append(f"Bandbreedte {plain(bandwidth)} m, zelf gekozen.")
    if not bandwidth > 0:
        raise AnalysisError("De bandbreedte moet groter dan 0 meter zijn.")
    reach = bandwidth * (1.0 if kernel == "quartic" else GAUSS_CUTOFF)
    if extent is None:
        if len(x) == 0:
            raise AnalysisError("Geen incidenten met coördinaten voor de warmtekaart.")
        extent = (x.min() - reach, y.min() - reach, x.max() + reach, y.max() + reach)
    xmin, ymin, xmax, ymax = map(float, extent)
    nx = max(1, int(np.ceil((xmax - xmin) / cell)))
    ny = max(1, int(np.ceil((ymax - ymin) / cell)))
    if nx * ny > MAX_CELLS:
        raise AnalysisError(f"Het raster wordt te groot ({nx} x {ny} cellen); kies een grotere celgrootte.")
    r = int(np.ceil(reach / cell))
    # bin on a grid widened by the kernel's reach (+1 cell): incidents just outside the extent
    # still count near its edge, and those near the edge keep all of their weight
    pad = r + 1
    binned = linear_binning(x, y, xmin - pad * cell, ymin - pad * cell, cell, (ny + 2 * pad, nx + 2 * pad), weights)
    p(0.4, "Incidenten in het raster verdeeld")
    off = np.arange(-r, r + 1) * cell
    d2 = off[None, :] ** 2 + off[:, None] ** 2
    kern = kernel_values(d2, bandwidth, kernel) * 1e6  # per km²
    if kernel == "gaussian":
        kern[d2 > reach * reach] = 0.0
    grid = fftconvolve(binned, kern, mode="same") if binned.any() else np.zeros_like(binned)
    grid = np.ascontiguousarray(grid[pad:pad + ny, pad:pad + nx])
    np.maximum(grid, 0.0, out=grid)  # FFT round-off can give -1e-17
    p(1.0, "Warmtekaart berekend")
    notes.insert(0, f"Warmtekaart (kerndichtheid) met een {KERNEL_LABELS[kernel]} op cellen van {plain(cell)} m, in incidenten "
                    "per km²; berekend met lineair binnen en FFT-convolutie (Wand 1994).")
    return KdeResult(grid=grid, x0=xmin, y0=ymin, cell=float(cell), bandwidth=float(bandwidth), kernel=kernel,
                     n=int(len(x)), notes=notes)
