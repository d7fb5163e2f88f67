"""Privacy rules for every export: what may leave the laptop and in what form.

Three rules (DESIGN.md, "Offline and privacy"):

1. **A whitelist of columns.** Only columns named in :data:`ALLOWED_COLUMNS`
   are ever written; anything else (street, house number, postcode, names of
   people, free text) is dropped, whatever it is called, and the drop is listed.
2. **Points only on request.** Incident coordinates are written only when
   ``PrivacyRules(include_points=True)``, and then only ``x``, ``y``, date and
   category (:data:`POINT_COLUMNS`).
3. **Small counts suppressed.** With ``suppress_below=N`` every count below
   ``N`` (and above zero) is written as ``"<N"``, and the values from which it
   could be recomputed (rates) are left empty in the same row.

Every export states what was applied (:meth:`PrivacyLog.metadata`).

>>> rules = PrivacyRules(suppress_below=5)
>>> import pandas as pd
>>> out, log = apply_rules(pd.DataFrame({"code": ["A", "B"], "count": [3, 12], "rate": [1.5, 6.0],
...                                       "straat": ["Grote Markt", "Vismarkt"]}), rules)
>>> out.to_dict("list")
{'code': ['A', 'B'], 'count': ['<5', '12'], 'rate': [None, 6.0]}
>>> log.dropped_columns, log.suppressed_values
(['straat'], 1)
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kernel.errors import AnalysisError

DEFAULT_THRESHOLD = 5

#: Columns that may be written (area results, tables of hot times and trends, method notes).
ALLOWED_COLUMNS = frozenset({
    # areas and their results
    "code", "name", "level", "wijk_code", "gemeente_code", "gemeente_name", "population", "water", "year",
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
#: Columns holding counts (suppressed) and the columns that could reveal them (left empty).
COUNT_COLUMNS = ("count", "observed", "prev_year")
DERIVED_COLUMNS = ("rate", "rate_eb")


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

    def __post_init__(self):
        if self.suppress_below is not None and int(self.suppress_below) < 2:
            raise AnalysisError(f"De drempel voor kleine aantallen moet minstens 2 zijn, niet {self.suppress_below}.")

    @classmethod
    def suppressing(cls, threshold: int = DEFAULT_THRESHOLD, include_points: bool = False) -> "PrivacyRules":
        return cls(suppress_below=threshold, include_points=include_points)

    @property
    def marker(self) -> str | None:
        return None if self.suppress_below is None else f"<{int(self.suppress_below)}"

    def suppressed(self, count) -> bool:
        """True when this count must not be shown."""
        if self.suppress_below is None or count is None:
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
        if self.suppress_below is None:
            lines.append("Kleine aantallen zijn niet afgeschermd.")
        else:
            lines.append(f"Aantallen van 1 tot en met {int(self.suppress_below) - 1} staan als "
                         f"'{self.marker}'; de bijbehorende cijfers per inwoner zijn leeggelaten.")
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

    def merge(self, other: "PrivacyLog") -> "PrivacyLog":
        for c in other.dropped_columns:
            if c not in self.dropped_columns:
                self.dropped_columns.append(c)
        self.suppressed_values += other.suppressed_values
        for c in other.suppressed_codes:
            if c not in self.suppressed_codes:
                self.suppressed_codes.append(c)
        self.points_written += other.points_written
        return self

    def metadata(self) -> dict:
        """A plain dict for JSON, GeoPackage metadata and the XLSX sheet 'Toelichting'."""
        return {
            "drempel_kleine_aantallen": self.rules.suppress_below,
            "afgeschermde_waarden": int(self.suppressed_values),
            "afgeschermde_gebieden": list(self.suppressed_codes),
            "niet_geschreven_kolommen": list(self.dropped_columns),
            "punten_opgenomen": bool(self.rules.include_points and self.points_written > 0),
            "aantal_punten": int(self.points_written),
            "toelichting": self.rules.describe(),
        }


def apply_rules(frame: pd.DataFrame, rules: PrivacyRules, *, allowed=ALLOWED_COLUMNS,
                log: PrivacyLog | None = None) -> tuple[pd.DataFrame, PrivacyLog]:
    """A copy of ``frame`` with only allowed columns and small counts suppressed.

    Counts in :data:`COUNT_COLUMNS` become strings (``"12"`` or ``"<5"``) when
    suppression is on, so that a spreadsheet or GeoPackage shows exactly
    ``<5``; the rate columns of a suppressed row become empty.
    """
    log = log or PrivacyLog(rules)
    keep = [c for c in frame.columns if c in allowed]
    log.merge(PrivacyLog(rules, dropped_columns=[str(c) for c in frame.columns if c not in allowed]))
    out = frame[keep].copy()
    if rules.suppress_below is None:
        return out, log
    hit = np.zeros(len(out), dtype=bool)
    for col in COUNT_COLUMNS:
        if col not in out.columns:
            continue
        values = pd.to_numeric(out[col], errors="coerce")
        small = ((values > 0) & (values < rules.suppress_below)).to_numpy()
        log.suppressed_values += int(small.sum())
        hit |= small
        text = [None if pd.isna(v) else (rules.marker if s else _int_text(v))
                for v, s in zip(values, small)]
        out[col] = pd.Series(text, index=out.index, dtype=object)
    for col in DERIVED_COLUMNS:
        if col in out.columns:
            out[col] = out[col].astype(object).where(~hit, None)
    if "code" in out.columns:
        log.merge(PrivacyLog(rules, suppressed_codes=[str(c) for c in out.loc[hit, "code"]]))
    return out, log


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
