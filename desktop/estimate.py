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

#: Neighbours per area or cell, as the methods' default weights give them (queen on buurten about 6, the
#: grid's distance band 8, the optimised mode's band some 35).
NEIGHBOURS = {"gistar": 6, "lisa": 6, "grid": 8, "optimised": 35, "kde": 0}
#: Cell size (m) when the form says automatic.
DEFAULT_CELL = {"grid": 250.0, "optimised": 100.0, "kde": 25.0}


@dataclass(frozen=True)
class Estimate:
    seconds: float
    method: str
    units: int          # areas or cells
    permutations: int

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
    """:func:`expected` for a project's areas (their land surface) and incidents."""
    land = areas
    if "water" in areas:
        land = areas[~areas["water"].fillna(False).astype(bool)]
    return expected(params, n_areas=len(areas), land_m2=float(land.geometry.area.sum()),
                    n_incidents=0 if incidents is None else len(incidents))


def near_repeat(*, n_incidents: int, pairs: int, permutations: int) -> Estimate:
    """The expected running time of the near-repeat (Knox) test: ``pairs`` of incidents within the largest
    distance band, each visited once per permutation."""
    seconds = n_incidents * PER_INCIDENT * 10 + pairs * (PER_PAIR + permutations * PER_PAIR_PERMUTATION)
    return Estimate(seconds, "nearrepeat", int(pairs), int(permutations))
