"""Privacy rules for every export: what may leave the laptop and in what form.

Three rules (DESIGN.md, "Offline and privacy"):

1. **A whitelist of columns.** Only columns named in :data:`ALLOWED_COLUMNS`
   are ever written; anything else (street, house number, postcode, names of
   people, free text) is dropped, whatever it is called, and the drop is listed.
2. **Points only on request.** Incident coordinates are written only when
   ``PrivacyRules(include_points=True)``, and then only ``x``, ``y``, date and
   category (:data:`POINT_COLUMNS`).
3. **Small counts suppressed.** With ``suppress_below=N`` every count below
   ``N`` (and above zero) is written as ``"<N"`` (primary suppression), and the
   values from which it could be recomputed (rates, changes) are left empty in
   the same row.
4. **Nothing to work out.** Where a published total and the visible cells would
   give a suppressed cell away, a second method applies (``secondary``):
   ``"cel"`` (the default, complementary cell suppression as in CBS's
   tau-ARGUS practice) hides the next-smallest cell of more than ``N`` in the
   same total as ``"x"`` (:func:`secondary_suppression`); ``"afronden"`` rounds
   every published count and total to a multiple of 5 (CBS's rounding), so that no
   difference is exact.

Every export states what was applied (:meth:`PrivacyLog.metadata`); the one
place that decides what a run's outputs show is :mod:`mapping.protect`.

>>> rules = PrivacyRules(suppress_below=5)
>>> import pandas as pd
>>> out, log = apply_rules(pd.DataFrame({"code": ["A", "B"], "count": [3, 12], "rate": [1.5, 6.0],
...                                       "straat": ["Grote Markt", "Vismarkt"]}), rules)
>>> out.to_dict("list")
{'code': ['A', 'B'], 'count': ['<5', 12], 'rate': [None, 6.0]}
>>> log.dropped_columns, log.suppressed_values
(['straat'], 1)
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kernel.errors import AnalysisError
from kernel.nl import number

DEFAULT_THRESHOLD = 5

#: Columns that may be written (area results, tables of hot times and trends, method notes).
ALLOWED_COLUMNS = frozenset({
    # areas and their results
    "code", "name", "level", "wijk_code", "wijk_name", "gemeente_code", "gemeente_name", "population", "water", "year",
    "count", "rate", "rate_eb", "z", "p", "p_fdr", "gi_class", "gi_label", "gi_colour",
    "quadrant", "quadrant_label", "Is", "p_sim", "class", "class_label", "colour", "geometry",
    # hot times and trends
    "day", "weekday", "hour", "start", "end", "observed", "expected", "label", "dagdeel",
    "month", "period", "category", "prev_year", "lower", "upper", "flag", "tau", "slope", "direction", "dispersion",
    "share", "sentence", "hours", "phrase", "slot", "s", "var_s", "n",
    # general tables
    "key", "value", "item", "text", "onderdeel", "toelichting",
})
#: Columns written for incident points, only when asked.
POINT_COLUMNS = ("x", "y", "date", "category", "area")
#: Columns holding counts (suppressed) and the columns that could reveal them (left empty). Expected
#: values and their range count too: with one year of history a month's expectation *is* last year's count.
COUNT_COLUMNS = ("count", "observed", "prev_year", "expected", "lower", "upper", "before", "after")
DERIVED_COLUMNS = ("rate", "rate_eb", "change", "change_pct", "ratio")
#: The sign of a cell hidden by secondary suppression (CBS's sign for "geheim").
SECONDARY_MARKER = "x"
#: The methods against working out a suppressed cell from a total (see the module docstring).
SECONDARY_METHODS = ("cel", "afronden")
#: The base of the rounding method.
ROUND_BASE = 5
#: Status of a cell: shown, hidden because small (primary), hidden to protect another (secondary).
SHOWN, PRIMARY, SECONDARY = 0, 1, 2


@dataclass(frozen=True)
class PrivacyRules:
    """What an export may contain.

    Parameters
    ----------
    suppress_below : int or None
        Counts from 1 to ``suppress_below - 1`` are written as ``"<N"``
        (None: no suppression; :data:`DEFAULT_THRESHOLD` is 5).
    include_points : bool
        Write incident points (coordinates, date, category) at all.
    """

    suppress_below: int | None = None
    include_points: bool = False
    secondary: str = "cel"

    def __post_init__(self):
        if self.suppress_below is not None and int(self.suppress_below) < 2:
            raise AnalysisError(f"De drempel voor kleine aantallen moet minstens 2 zijn, niet {self.suppress_below}.")
        if self.secondary not in SECONDARY_METHODS:
            raise AnalysisError(f"Onbekende methode tegen terugrekenen '{self.secondary}'; kies "
                                f"{' of '.join(SECONDARY_METHODS)}.")

    @classmethod
    def suppressing(cls, threshold: int = DEFAULT_THRESHOLD, include_points: bool = False,
                    secondary: str = "cel") -> "PrivacyRules":
        return cls(suppress_below=threshold, include_points=include_points, secondary=secondary)

    @property
    def active(self) -> bool:
        """True when small counts are suppressed (a threshold is set)."""
        return self.suppress_below is not None

    @property
    def rounding(self) -> bool:
        """True when every published count is rounded (``secondary="afronden"`` with a threshold)."""
        return self.active and self.secondary == "afronden"

    def shown(self, value, status: int = SHOWN):
        """The published form of one count: the marker, ``"x"`` (secondary), the count rounded to
        :data:`ROUND_BASE` (``afronden``), or the count itself (an int when whole); None stays None.

        >>> r = PrivacyRules(5)
        >>> r.shown(3), r.shown(12), r.shown(0), r.shown(12, SECONDARY), r.shown(2.5)
        ('<5', 12, 0, 'x', '<5')
        >>> PrivacyRules(5, secondary="afronden").shown(13)
        15
        """
        if value is None or (isinstance(value, float) and not np.isfinite(value)):
            return None
        if isinstance(value, str):
            return value
        try:
            v = float(value)
        except (TypeError, ValueError):
            return value
        if not np.isfinite(v):
            return None
        if status == SECONDARY:
            return SECONDARY_MARKER
        if status == PRIMARY or self.suppressed(v):
            return self.marker
        if self.rounding:
            return int(ROUND_BASE * np.floor(v / ROUND_BASE + 0.5))
        return int(v) if v.is_integer() else v

    def text(self, value, digits: int = 0, status: int = SHOWN) -> str:
        """The published form of a count in a Dutch sentence (``"1.234"``, ``"<5"``, ``"x"``).

        >>> PrivacyRules(5).text(1234), PrivacyRules(5).text(4), PrivacyRules().text(25.46, 1)
        ('1.234', '<5', '25,5')
        """
        shown = self.shown(value, status)
        if shown is None:
            return "onbekend"
        if isinstance(shown, str):
            return shown
        return number(float(shown), 0 if isinstance(shown, int) else digits, thousands=True)

    @property
    def marker(self) -> str | None:
        return f"<{int(self.suppress_below)}" if self.active else None

    def suppressed(self, count) -> bool:
        """True when this count must not be shown."""
        if not self.active or count is None:
            return False
        try:
            c = float(count)
        except (TypeError, ValueError):
            return False
        return bool(np.isfinite(c) and 0 < c < self.suppress_below)

    def describe(self) -> list[str]:
        """Dutch sentences for legends, metadata and the summary."""
        lines = ["Alleen gebieds- en tabelgegevens; kolommen met persoonsgegevens (adres, postcode, namen) "
                 "worden nooit geschreven."]
        if not self.active:
            lines.append("Kleine aantallen zijn niet afgeschermd.")
        else:
            lines.append(f"Aantallen onder {int(self.suppress_below)} (ook verwachte aantallen en "
                         f"gedeelten van een incident) staan als '{self.marker}'; de cijfers die eruit "
                         "volgen (per inwoner, verschil) zijn leeggelaten.")
            if self.rounding:
                lines.append(f"Tegen terugrekenen uit totalen: alle andere aantallen en totalen zijn afgerond op "
                             f"{ROUND_BASE}-tallen (afronding zoals het CBS die toepast); totalen tellen daardoor "
                             "niet altijd precies op.")
            else:
                lines.append(f"Tegen terugrekenen uit totalen: waar een totaal en de zichtbare aantallen een "
                             f"afgeschermd aantal zouden verraden, is ook het kleinste aantal boven de drempel in "
                             f"hetzelfde totaal afgeschermd, als '{SECONDARY_MARKER}' (secundaire "
                             "celonderdrukking zoals het CBS die toepast).")
        lines.append("Incidentlocaties (punten) zijn opgenomen." if self.include_points
                     else "Incidentlocaties (punten) zijn niet opgenomen.")
        return lines


@dataclass
class PrivacyLog:
    """What the rules did to one or more tables."""

    rules: PrivacyRules
    dropped_columns: list[str] = field(default_factory=list)
    suppressed_values: int = 0
    suppressed_codes: list[str] = field(default_factory=list)
    points_written: int = 0
    secondary_values: int = 0
    secondary_codes: list[str] = field(default_factory=list)

    def merge(self, other: "PrivacyLog") -> "PrivacyLog":
        for c in other.dropped_columns:
            if c not in self.dropped_columns:
                self.dropped_columns.append(c)
        self.suppressed_values += other.suppressed_values
        self.secondary_values += other.secondary_values
        for mine, theirs in ((self.suppressed_codes, other.suppressed_codes),
                             (self.secondary_codes, other.secondary_codes)):
            seen = set(mine)
            mine.extend(c for c in theirs if c not in seen and not seen.add(c))
        self.points_written += other.points_written
        return self

    def metadata(self) -> dict:
        """A plain dict for JSON, GeoPackage metadata and the XLSX sheet 'Toelichting'."""
        return {
            "drempel_kleine_aantallen": self.rules.suppress_below,
            "afgeschermde_waarden": int(self.suppressed_values),
            "afgeschermde_gebieden": list(self.suppressed_codes),
            "methode_tegen_terugrekenen": ({"cel": "secundaire celonderdrukking",
                                            "afronden": f"afronden op {ROUND_BASE}-tallen"}[self.rules.secondary]
                                           if self.rules.active else None),
            "secundair_afgeschermde_waarden": int(self.secondary_values),
            "secundair_afgeschermde_gebieden": list(self.secondary_codes),
            "niet_geschreven_kolommen": list(self.dropped_columns),
            "punten_opgenomen": bool(self.rules.include_points and self.points_written > 0),
            "aantal_punten": int(self.points_written),
            "toelichting": self.rules.describe(),
        }


def apply_rules(frame: pd.DataFrame, rules: PrivacyRules, *, allowed=ALLOWED_COLUMNS,
                log: PrivacyLog | None = None, status=None) -> tuple[pd.DataFrame, PrivacyLog]:
    """A copy of ``frame`` with only allowed columns and small counts suppressed.

    Counts in :data:`COUNT_COLUMNS` keep their numbers (so a spreadsheet can sum them) and become
    the marker ``"<5"`` where small; ``status`` (per row, :data:`SECONDARY` for the cells that
    :func:`secondary_suppression` chose; from :mod:`mapping.protect`) hides a row's ``count`` as
    ``"x"``. A cell that the table gives as published already (``"<5"``, ``"x"``: the week-hour cells and
    hot blocks of :mod:`mapping.protect`) keeps its mark and is counted in the log as the others. The derived
    columns (:data:`DERIVED_COLUMNS`) of a hidden row become empty.

    >>> out, log = apply_rules(pd.DataFrame({"day": ["ma", "ma", "di"], "count": ["<5", "x", 12]}), PrivacyRules(5))
    >>> out["count"].tolist(), log.suppressed_values, log.secondary_values
    (['<5', 'x', 12], 1, 1)
    """
    log = log or PrivacyLog(rules)
    keep = [c for c in frame.columns if c in allowed]
    log.merge(PrivacyLog(rules, dropped_columns=[str(c) for c in frame.columns if c not in allowed]))
    out = frame[keep].copy()
    if not rules.active:
        return out, log
    second = np.zeros(len(out), dtype=bool) if status is None else (np.asarray(status) == SECONDARY)
    hit = np.zeros(len(out), dtype=bool)
    for col in COUNT_COLUMNS:
        if col not in out.columns:
            continue
        values = pd.to_numeric(out[col], errors="coerce")
        # a cell its table publishes already ('<5', 'x': the week x uur cells, the hot blocks of
        # mapping.protect) keeps its mark and is counted as every other hidden cell
        marked = out[col].astype(object).to_numpy()
        small = ((values > 0) & (values < rules.suppress_below)).to_numpy() | (marked == rules.marker)
        sec = (second & ~small if col == "count" else np.zeros(len(out), dtype=bool)) | (marked == SECONDARY_MARKER)
        log.suppressed_values += int(small.sum())
        log.secondary_values += int(sec.sum())
        hit |= small | sec
        shown = [m if m in (rules.marker, SECONDARY_MARKER) else rules.shown(v, SECONDARY if s2 else SHOWN)
                 for v, m, s2 in zip(values, marked, sec)]
        out[col] = pd.Series(shown, index=out.index, dtype=object)
    for col in DERIVED_COLUMNS:
        if col in out.columns:
            out[col] = out[col].astype(object).where(~hit, None)
    if "code" in out.columns:
        small_rows = hit & ~second
        log.merge(PrivacyLog(rules, suppressed_codes=[str(c) for c in out.loc[small_rows, "code"]],
                             secondary_codes=[str(c) for c in out.loc[second & hit, "code"]]))
    return out, log


def secondary_suppression(values, groups, rules: PrivacyRules):
    """Which cells to hide so that no small count can be worked out from the published totals.

    ``values``: the cells (counts, or aoristic fractions); ``groups``: index arrays of cells whose
    sum is published (a total, a row or column of a table, a wijk). Returns ``(status, hidden)``:
    per cell :data:`SHOWN`, :data:`PRIMARY` (``0 < v < N``) or :data:`SECONDARY`, and the set of
    groups whose total must not be published (no cell left to hide).

    ``groups[0]`` is the whole table and the other groups split it (the areas of each wijk; the
    hot blocks of the week): a two-level hierarchy.

    The rule (complementary suppression, as tau-ARGUS's single-table methods): every group that
    hides a primary cell also hides a secondary cell, and no group hides just one cell; the
    secondary cell is the smallest visible cell of at least ``N + 1`` in that group (never a zero,
    which would protect nothing), repeated until every group holds. A reader who knows that a
    hidden primary cell lies in ``[1, N-1]`` and a secondary one is at least ``N`` is then left with
    at least two values for each primary cell: for a group with primary cells ``p`` and
    secondary cells ``s`` the largest possible ``p_i`` is
    ``sum(p) + sum(s) - (|p| - 1) - N|s| >= 1 + sum(s - N) >= 2``, the smallest is 1.
    A subgroup without a cell to hide keeps its total unpublished; then the whole table's total
    would still pin its hidden cells once every other subgroup's total is known, so the total of a
    second subgroup that hides a secondary cell is left unpublished too (or, with none, a secondary
    cell is hidden in another subgroup together with that subgroup's total; with no cell at all, the
    whole table's total). ``tests/test_disclosure_audit.py`` checks every output and hundreds of
    random tables with a linear program.
    With ``secondary="afronden"`` only the primary cells are marked: the rounding protects the totals.

    >>> status, hidden = secondary_suppression([3, 12, 7, 40], [[0, 1, 2, 3]], PrivacyRules(5))
    >>> status.tolist(), hidden
    ([1, 0, 2, 0], set())
    """
    v = np.asarray(values, dtype=float)
    status = np.zeros(v.shape, dtype=np.int8)
    hidden: set = set()
    if not rules.active:
        return status, hidden
    n = float(rules.suppress_below)
    status[np.isfinite(v) & (v > 0) & (v < n)] = PRIMARY
    if rules.rounding or not status.any():
        return status, hidden
    groups = [np.asarray(g, dtype=np.int64) for g in groups]
    changed = True
    while changed:
        changed = False
        for gi, idx in enumerate(groups):
            if gi in hidden or not len(idx):
                continue
            st = status[idx]
            n_hidden = int((st > 0).sum())
            if n_hidden == 0 or (n_hidden >= 2 and (not (st == PRIMARY).any() or (st == SECONDARY).any())):
                continue
            cand = idx[(st == SHOWN) & (v[idx] >= n + 1)]
            if len(cand):
                status[cand[np.argmin(v[cand])]] = SECONDARY
                changed = True
            else:
                hidden.add(gi)
        if not changed:
            changed = _open_second_subgroup(v, n, groups, status, hidden)
    return status, hidden


def _open_second_subgroup(v, n, groups, status, hidden) -> bool:
    """The two-level repair of :func:`secondary_suppression`: a subgroup whose total is hidden and
    that hides no secondary cell needs a second open subgroup with one (True when it changed)."""
    if 0 in hidden or len(groups) < 2:
        return False
    weak = [gi for gi in hidden if gi and (status[groups[gi]] == PRIMARY).any()
            and not (status[groups[gi]] == SECONDARY).any()]
    if not weak:
        return False
    is_open = [gi for gi in hidden if gi and (status[groups[gi]] > 0).any()]
    if len(is_open) >= 2 and any((status[groups[gi]] == SECONDARY).any() for gi in is_open):
        return False
    closed = [gi for gi in range(1, len(groups)) if gi not in hidden and (status[groups[gi]] == SECONDARY).any()]
    if closed:
        hidden.add(min(closed, key=lambda gi: len(groups[gi])))
        return True
    best = None
    for gi in range(1, len(groups)):
        if gi in hidden:
            continue
        idx = groups[gi]
        cand = idx[(status[idx] == SHOWN) & (v[idx] >= n + 1)]
        if len(cand):
            c = cand[np.argmin(v[cand])]
            if best is None or v[c] < v[best[1]]:
                best = (gi, c)
    if best is not None:
        status[best[1]] = SECONDARY
        hidden.add(best[0])
        return True
    hidden.add(0)
    return True


def _int_text(v) -> str:
    v = float(v)
    return str(int(v)) if v.is_integer() else f"{v:g}"


def point_table(incidents: pd.DataFrame, rules: PrivacyRules, log: PrivacyLog | None = None):
    """Incident points as an exportable table, or None when points are not requested."""
    log = log or PrivacyLog(rules)
    if not rules.include_points or incidents is None:
        return None, log
    out = pd.DataFrame({"x": pd.to_numeric(incidents["x"], errors="coerce").round(1),
                        "y": pd.to_numeric(incidents["y"], errors="coerce").round(1)})
    if "start" in incidents:
        out["date"] = pd.to_datetime(incidents["start"], errors="coerce").dt.strftime("%Y-%m-%d")
    for col in ("category", "area"):
        if col in incidents:
            out[col] = incidents[col].astype("string")
    dropped = [str(c) for c in incidents.columns if c not in ("x", "y", "start", "category", "area")]
    log.merge(PrivacyLog(rules, dropped_columns=dropped, points_written=len(out)))
    return out, log
