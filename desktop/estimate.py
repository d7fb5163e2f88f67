"""How long an analysis will take on the current data, said before it starts (no Qt).

A rough model per method, calibrated on the project's 2-core test machine with the demo data
(Groningen, 108 buurten, 15,947 incidents): the conditional permutations cost about 3 ns per
area (or cell) x neighbour x permutation, the optimised mode's search about 0.12 ms per cell, the
rest is small. Only the order of magnitude matters: the window asks before a run of more than
:data:`ASK_S` and refuses one of more than :data:`REFUSE_S`
(:class:`desktop.control.analysis.AnalysisController`).

The near-repeat (Knox) test costs one pass over the pairs of incidents within its largest distance per
permutation (about 12 ns a pair), and some 3 us a pair once (finding and sorting them, the chains); the
pairs are counted on a sample before it starts (:func:`hotspots.spacetime.knox.estimated_pairs`). The
demo's 15,947 incidents make 11.9 million pairs within 500 m (the sample said 11.3 million): 999
permutations took 155 s (estimated 169 s), 99 took 57 s (estimated 47 s), on the loaded machine.

>>> e = expected({"method": "optimised", "permutations": 99999}, n_areas=108, land_m2=101.5e6, n_incidents=15947)
>>> e.units, e.text(), e.reason()
(10150, 'ongeveer 2 minuten', '10.150 cellen × 99.999 permutaties')
>>> expected({"method": "gistar"}, n_areas=108, land_m2=101.5e6, n_incidents=15947).seconds < 1
True
>>> e = near_repeat(n_incidents=50000, pairs=25_000_000, permutations=999)
>>> e.text(), e.reason()
('ongeveer 6 minuten', '25.000.000 paren incidenten binnen de grootste afstand × 999 permutaties')

Emerging and stable hot spots draw no permutations: Gi* per month and per scale is analytic (its normal
p-value), the trend a Mann-Kendall test per place. Their cost is the size of what they count: for emerging
hot spots the cube of places (areas, or cells over the land) x months, about 1.7 us a bin, and per place
(weights, category and sentence, its polygon on the map) 110 us an area, 33 us a square and 50 us a hexagon;
for stable hot spots the incidents assigned on its scales (6.1 us an incident over the four default scales),
the cells of its cell scales (12 us a cell) and the places it lays the scales over (2 us a place). Fitted by
least relative squares on 25 measured runs (benchmarks/bench_spacetime_estimate.py) of the demo (108 buurten,
15,947 incidents, 56 months: 0.06 s by area, 0.3 s in cells) and generated regions of 20-80 km with 1,000-8,000
areas and 100,000-800,000 incidents over 3-10 years (up to 11-15 s for 100,000 cells x 35 months). Each
estimate is within a factor 1.5 of its run except two first runs under heavy load (estimate 0.56 and 0.59
of a run that took 1.5-2x its repeats); the same run varied by up to 1.6x on the shared 2-core machine.

>>> e = emerging(places=57_600, months=59, unit="square")
>>> e.text(), e.reason()
('ongeveer 8 seconden', '57.600 cellen × 59 maanden')
>>> e = stable(n_incidents=500_000, cells=141_000, places=360_000)
>>> e.text(), e.reason()
('ongeveer 5 seconden', '500.000 incidenten op 4 schalen (141.000 cellen)')
"""
from __future__ import annotations

from dataclasses import dataclass

from desktop.strings import number

#: Ask before a run expected to take longer than this (seconds).
ASK_S = 10.0
#: Refuse a run expected to take longer than this (seconds): two hours.
REFUSE_S = 7200.0

PER_PERMUTATION_UNIT = 3.2e-9   # seconds per area (or cell) x neighbour x permutation
PER_PERMUTATION = 2e-5          # seconds per permutation (drawing, bookkeeping)
PER_SEARCH_CELL = 1.2e-4        # the optimised mode's search for cell size and distance band, per cell
PER_INCIDENT = 1e-6             # assigning an incident to its area or cell
PER_UNIT = 2e-5                 # weights and statistics per area or cell
PER_PAIR = 3e-6                 # the Knox test: finding and sorting a pair within the largest distance, the chains
PER_PAIR_PERMUTATION = 1.2e-8   # the Knox test: one pair in one permutation
EMERGING_BASE = 0.033           # emerging hot spots: fixed (the map page, the tables)
PER_BIN = 1.74e-6               # emerging: one place x month (Gi* with its space-time neighbours, Mann-Kendall)
#: Emerging: per place (weights, category and sentence, its polygon on the map), by unit.
PER_PLACE = {"area": 1.1e-4, "square": 3.3e-5, "hexagon": 5.0e-5}
STABLE_BASE = 0.023             # stable hot spots: fixed
PER_SCALE_INCIDENT = 6.1e-6     # stable: an incident, assigned on the default four scales
PER_SCALE_CELL = 1.18e-5        # stable: a cell of a cell scale (grid, weights, Gi*, the places' lookup)
PER_STABLE_PLACE = 2.0e-6       # stable: a place the scales are laid over (located in the land, per scale)
#: Land per cell (m2) for a cell of ``size`` m: squares size^2, hexagons (flat-to-flat width) sqrt(3)/2 size^2.
HEXAGON_AREA = 0.8660254037844386

#: Neighbours per area or cell, as the methods' default weights give them (queen on buurten about 6, the
#: grid's distance band 8, the optimised mode's band some 35).
NEIGHBOURS = {"gistar": 6, "lisa": 6, "grid": 8, "optimised": 35, "kde": 0}
#: Cell size (m) when the form says automatic.
DEFAULT_CELL = {"grid": 250.0, "optimised": 100.0, "kde": 25.0}


@dataclass(frozen=True)
class Estimate:
    seconds: float
    method: str
    units: int          # areas or cells (emerging: places; stable: the cells of its cell scales)
    permutations: int
    steps: int = 0      # emerging: months; stable: scales
    incidents: int = 0
    unit: str = ""      # emerging: "area", "square" or "hexagon"

    def text(self) -> str:
        """The expected time in Dutch words ("ongeveer 4 minuten")."""
        s = self.seconds
        if s < 90:
            n = max(1, round(s))
            return f"ongeveer {n} seconde" if n == 1 else f"ongeveer {n} seconden"
        if s < 5400:
            return f"ongeveer {number(round(s / 60), 0)} minuten"
        return f"ongeveer {number(s / 3600, 1)} uur"

    def reason(self) -> str:
        """What makes it long, in Dutch."""
        if self.method == "nearrepeat":
            return (f"{number(self.units, 0)} paren incidenten binnen de grootste afstand × "
                    f"{number(self.permutations, 0)} permutaties")
        if self.method == "emerging":
            what = "gebieden" if self.unit == "area" else "cellen"
            return f"{number(self.units, 0)} {what} × {number(self.steps, 0)} maanden"
        if self.method == "stable":
            return (f"{number(self.incidents, 0)} incidenten op {number(self.steps, 0)} schalen "
                    f"({number(self.units, 0)} cellen)")
        what = "gebieden" if self.method in ("gistar", "lisa") else "cellen"
        perms = f" × {number(self.permutations, 0)} permutaties" if self.permutations else ""
        return f"{number(self.units, 0)} {what}{perms}"


def expected(params: dict | None, *, n_areas: int, land_m2: float, n_incidents: int) -> Estimate:
    """The expected running time of ``run_hotspots`` with ``params`` on data of this size."""
    p = dict(params or {})
    method = p.get("method") or "gistar"
    if method in ("grid", "optimised", "kde"):
        cell = float(p.get("cell") or 0) or DEFAULT_CELL[method]
        units = int(max(1.0, land_m2 / (cell * cell)))
    else:
        units = int(n_areas)
    perms = int(p.get("permutations") or 0)
    if not perms and method == "lisa":
        perms = 999  # its automatic number
    if method == "kde":
        perms = 0
    k = NEIGHBOURS.get(method, 6)
    seconds = n_incidents * PER_INCIDENT + units * PER_UNIT + perms * (units * k * PER_PERMUTATION_UNIT
                                                                       + PER_PERMUTATION)
    if method == "optimised":
        seconds += units * PER_SEARCH_CELL
    return Estimate(seconds, method, units, perms)


def for_project(params: dict | None, areas, incidents) -> Estimate:
    """:func:`expected` for a project's areas (their land surface) and incidents (a frame, or how many)."""
    n = incidents if isinstance(incidents, int) else 0 if incidents is None else len(incidents)
    return expected(params, n_areas=len(areas), land_m2=land_m2(areas), n_incidents=n)


_land: list = [None, 0, 0.0]  # (a weak reference to the areas, their rows, their land surface)


def land_m2(areas) -> float:
    """The land surface of ``areas`` (m2; without the areas marked ``water``), kept for the last areas asked
    about: each rerun of a project asks again (14,500 polygons' areas are a GIL hold on the GUI thread)."""
    import weakref

    ref, rows, value = _land
    if ref is not None and ref() is areas and rows == len(areas):
        return value
    area = areas.geometry.area.to_numpy()  # (not a copy of the land's rows: their geometry taken is a GIL hold too)
    if "water" in areas:
        area = area[~areas["water"].fillna(False).astype(bool).to_numpy()]
    value = float(area.sum())
    try:
        _land[:] = [weakref.ref(areas), len(areas), value]
    except TypeError:  # not weakly referable: not kept
        pass
    return value


def near_repeat(*, n_incidents: int, pairs: int, permutations: int) -> Estimate:
    """The expected running time of the near-repeat (Knox) test: ``pairs`` of incidents within the largest
    distance band, each visited once per permutation."""
    seconds = n_incidents * PER_INCIDENT * 10 + pairs * (PER_PAIR + permutations * PER_PAIR_PERMUTATION)
    return Estimate(seconds, "nearrepeat", int(pairs), int(permutations))


def cells_over(land_m2: float, unit: str, size: float) -> int:
    """How many cells of ``unit`` ("square", "hexagon") and ``size`` m cover ``land_m2`` (the cells the runs
    lay over the land; their edges add some percent)."""
    return int(max(1.0, land_m2 / (size * size * (HEXAGON_AREA if unit == "hexagon" else 1.0))))


def emerging(*, places: int, months: int, unit: str = "area") -> Estimate:
    """The expected running time of emerging hot spots (:func:`hotspots.spacetime.emerging.run` and its map) on
    ``places`` areas or cells (``unit``) x ``months`` (see the module docstring)."""
    seconds = EMERGING_BASE + places * months * PER_BIN + places * PER_PLACE.get(unit, PER_PLACE["area"])
    return Estimate(seconds, "emerging", int(places), 0, steps=int(months), unit=unit)


def stable(*, n_incidents: int, cells: int, places: int, scales: int = 4) -> Estimate:
    """The expected running time of stable hot spots (:func:`hotspots.spacetime.stable.run` and its map): the
    incidents assigned on ``scales`` scales, the ``cells`` of its cell scales and the ``places`` (grid points over
    the areas' extent) it compares the scales on (see the module docstring)."""
    seconds = STABLE_BASE + (n_incidents * PER_SCALE_INCIDENT + places * PER_STABLE_PLACE) * scales / 4 \
        + cells * PER_SCALE_CELL
    return Estimate(seconds, "stable", int(cells), 0, steps=int(scales), incidents=int(n_incidents))
