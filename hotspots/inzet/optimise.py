"""Choosing BOA shifts: candidate shifts, an exact integer program and a greedy choice.

A *candidate shift* is (area ``a``, day ``d``, start hour ``s``) of ``L``
hours; it covers the week-hours ``(24 d + s + j) mod 168`` for ``j < L`` of
area ``a``. With ``v_{a,t}`` the expected weighted incidents per week in
area ``a`` at week-hour ``t`` the problem is a maximum-coverage problem:

.. math::

    \\max \\sum_{(a,t)} v_{a,t}\\, y_{a,t} \\quad \\text{s.t.} \\quad
    \\sum_j x_j = S, \\quad \\sum_{j \\in a} x_j \\le N_{max}, \\quad
    y_{a,t} \\le \\sum_{j \\ni (a,t)} x_j, \\quad x_j \\in \\{0,1\\},\\; 0 \\le y_{a,t} \\le 1

``y`` are cover variables: an hour of an area counts once, however many
chosen shifts overlap it (no double counting). Solved with
``scipy.optimize.milp`` (HiGHS branch and bound, Huangfu & Hall 2018);
``mip_rel_gap=0`` asks for a proven optimum. The greedy choice adds, one at a
time, the shift with the largest *marginal* gain; for maximum coverage it is
within a factor ``1 - 1/e`` of the optimum (Nemhauser, Wolsey & Fisher 1978)
and can be strictly worse, which the result reports.

>>> import numpy as np
>>> v = np.zeros((1, 168)); v[0, 10:14] = [1, 3, 3, 1]
>>> c = candidates(np.array([True]), hours=(10, 14), length=2)
>>> solve_greedy(v, c, 2, 2).objective, solve_milp(v, c, 2, 2).objective
(7.0, 8.0)
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from kernel.errors import AnalysisError

from hotspots.when.aoristic import HOURS_PER_WEEK


@dataclass
class Candidates:
    """Candidate shifts as parallel arrays; ``cells`` (J, L) holds flat indices ``a * 168 + t``."""

    area: np.ndarray
    day: np.ndarray
    start: np.ndarray
    length: int
    cells: np.ndarray
    allowed_hours: np.ndarray  # bool (168,): the week-hours in which BOA's may work

    def __len__(self) -> int:
        return len(self.area)


def allowed_week_hours(hours: tuple[int, int], night_days=(), night_end: int = 0) -> np.ndarray:
    """Bool (168,): the week-hours inside the working window of some day.

    ``hours = (begin, end)``: a window from ``begin`` to ``end`` o'clock
    (``end <= begin`` wraps past midnight, ``(0, 24)`` is all day). On the days in
    ``night_days`` (0 = Monday) the window runs on until ``night_end`` o'clock
    the next morning.
    """
    out = np.zeros(HOURS_PER_WEEK, dtype=bool)
    for d in range(7):
        b, e = _window(hours, d in set(night_days), night_end)
        for h in range(b, e):
            out[(24 * d + h) % HOURS_PER_WEEK] = True
    return out


def _window(hours, night: bool, night_end: int) -> tuple[int, int]:
    b, e = int(hours[0]), int(hours[1])
    if e <= b:
        e += 24
    if night:
        e = max(e, 24 + int(night_end))
    return b, e


def candidates(area_allowed: np.ndarray, *, hours: tuple[int, int] = (7, 23), length: int = 4,
               step: int = 1, night_days=(), night_end: int = 0) -> Candidates:
    """All shifts of ``length`` hours that fit in the working window of their day.

    Starts are ``begin, begin + step, ...`` (``step=1``: every full hour).
    ``area_allowed``: bool per area (False for excluded areas).
    """
    length, step = int(length), int(step)
    rows = []
    for d in range(7):
        b, e = _window(hours, d in set(night_days), night_end)
        for s in range(b, e - length + 1, step):
            rows.append((d, s))
    if not rows:
        raise AnalysisError(f"Een dienst van {length} uur past niet in de inzettijden "
                            f"{hours[0]:02d}-{hours[1]:02d}.")
    ds = np.array(rows, dtype=np.int64)
    areas = np.flatnonzero(np.asarray(area_allowed, dtype=bool))
    if len(areas) == 0:
        raise AnalysisError("Er blijft geen gebied over om in te zetten (alle gebieden uitgesloten).")
    a = np.repeat(areas, len(ds))
    day = np.tile(ds[:, 0], len(areas))
    start = np.tile(ds[:, 1], len(areas))
    t = (24 * day[:, None] + start[:, None] + np.arange(length)[None, :]) % HOURS_PER_WEEK
    cells = a[:, None] * HOURS_PER_WEEK + t
    return Candidates(area=a, day=day, start=start, length=length, cells=cells,
                      allowed_hours=allowed_week_hours(hours, night_days, night_end))


@dataclass
class Choice:
    """Chosen shifts (indices into the candidates) and how they were found."""

    selected: np.ndarray
    objective: float
    method: str
    optimal: bool
    seconds: float
    status: str = ""
    mip_gap: float | None = None
    bound: float | None = None


def _check(values: np.ndarray, cand: Candidates, n_shifts: int, max_per_area: int) -> np.ndarray:
    v = np.asarray(values, dtype=float).reshape(-1)
    n_areas = len(np.unique(cand.area))
    if n_shifts < 1:
        raise AnalysisError("Het aantal diensten per week moet minstens 1 zijn.")
    if n_areas * max_per_area < n_shifts:
        raise AnalysisError(
            f"{n_shifts} diensten passen niet: {n_areas} toegestane gebieden met maximaal {max_per_area} "
            "dienst(en) per gebied per week.", hint="verhoog het maximum per gebied of sta meer gebieden toe")
    return v


def plan_value(values: np.ndarray, cand: Candidates, selected) -> float:
    """Expected weighted incidents covered by the chosen shifts, each area-hour counted once."""
    v = np.asarray(values, dtype=float).reshape(-1)
    cells = np.unique(cand.cells[np.asarray(selected, dtype=np.int64)].reshape(-1))
    return float(v[cells].sum())


def solve_greedy(values: np.ndarray, cand: Candidates, n_shifts: int, max_per_area: int) -> Choice:
    """Add the shift with the largest marginal gain, ``n_shifts`` times (ties: the earliest candidate)."""
    t0 = time.perf_counter()
    v = _check(values, cand, n_shifts, max_per_area).copy()
    used = np.zeros(int(cand.area.max()) + 1, dtype=np.int64)
    taken = np.zeros(len(cand), dtype=bool)
    chosen = []
    total = 0.0
    for _ in range(n_shifts):
        gain = v[cand.cells].sum(axis=1)
        gain[taken | (used[cand.area] >= max_per_area)] = -np.inf
        j = int(np.argmax(gain))
        chosen.append(j)
        taken[j] = True
        used[cand.area[j]] += 1
        total += float(gain[j])
        v[cand.cells[j]] = 0.0
    return Choice(np.array(chosen, dtype=np.int64), total, "greedy", False, time.perf_counter() - t0,
                  "klaar")


def solve_milp(values: np.ndarray, cand: Candidates, n_shifts: int, max_per_area: int,
               time_limit: float = 60.0) -> Choice:
    """The exact choice by integer programming (HiGHS via ``scipy.optimize.milp``).

    ``optimal`` is True when HiGHS proved optimality (``mip_rel_gap = 0``);
    at the time limit the best plan found so far is returned with
    ``optimal=False`` and the remaining gap.
    """
    t0 = time.perf_counter()
    v = _check(values, cand, n_shifts, max_per_area)
    n_x = len(cand)
    flat = cand.cells.reshape(-1)
    # cover variables only for cells with value that some candidate covers
    cover_cells = np.unique(flat[v[flat] > 0])
    n_y = len(cover_cells)
    col_of_cell = -np.ones(v.size, dtype=np.int64)
    col_of_cell[cover_cells] = np.arange(n_y)
    c = np.concatenate([np.zeros(n_x), -v[cover_cells]])
    # y_c - sum_{j covers c} x_j <= 0
    jj = np.repeat(np.arange(n_x), cand.length)
    keep = col_of_cell[flat] >= 0
    rows_y = col_of_cell[flat][keep]
    a_cover = sparse.hstack([
        sparse.csr_matrix((-np.ones(keep.sum()), (rows_y, jj[keep])), shape=(n_y, n_x)),
        sparse.identity(n_y, format="csr")]).tocsr()
    areas, area_row = np.unique(cand.area, return_inverse=True)
    a_area = sparse.hstack([sparse.csr_matrix((np.ones(n_x), (area_row, np.arange(n_x))),
                                              shape=(len(areas), n_x)),
                            sparse.csr_matrix((len(areas), n_y))]).tocsr()
    a_total = sparse.hstack([sparse.csr_matrix(np.ones((1, n_x))), sparse.csr_matrix((1, n_y))]).tocsr()
    constraints = [
        LinearConstraint(a_total, n_shifts, n_shifts),
        LinearConstraint(a_area, -np.inf, max_per_area),
        LinearConstraint(a_cover, -np.inf, 0.0),
    ]
    integrality = np.concatenate([np.ones(n_x), np.zeros(n_y)])
    res = milp(c, constraints=constraints, integrality=integrality, bounds=Bounds(0.0, 1.0),
               options={"time_limit": float(time_limit), "mip_rel_gap": 0.0, "presolve": True})
    seconds = time.perf_counter() - t0
    if res.x is None:
        raise AnalysisError(f"De optimalisatie vond geen plan ({res.message}).",
                            hint="verhoog de maximale rekentijd of versoepel de regels")
    selected = np.flatnonzero(res.x[:n_x] > 0.5)
    objective = plan_value(values, cand, selected)
    bound = getattr(res, "mip_dual_bound", None)
    return Choice(selected.astype(np.int64), objective, "milp", res.status == 0, seconds, str(res.message),
                  mip_gap=getattr(res, "mip_gap", None), bound=None if bound is None else -float(bound))


def proof(optimal: bool, status: str = "") -> str:
    """Dutch: whether the plan is proven optimal, and if not why the exact solve stopped.

    ``status`` is the solver's message (``scipy.optimize.milp``: status 1 is
    "Time limit reached." or "Iteration limit reached.", status 4 anything else).

    >>> proof(False, "Time limit reached. (HiGHS Status 13: model_status is Time limit reached)")
    'niet bewezen optimaal: de maximale rekentijd was om'
    """
    if optimal:
        return "bewezen optimaal"
    if status.startswith("Time limit"):
        return "niet bewezen optimaal: de maximale rekentijd was om"
    if status.startswith("Iteration limit"):
        return "niet bewezen optimaal: het maximale aantal rekenstappen was bereikt"
    return "niet bewezen optimaal: de optimalisatie stopte voortijdig"
