"""Where the date and time of an incident stand when no header says so.

Registrations name their date column in many ways (``created_at``, ``occur_date``,
``datum_melding``, ``Tijdstip melding``) or split it (a date column and a time
column; ``jaar``, ``maand``, ``dag`` and ``uur`` apart). When the header mapping of
:func:`importers.detect.map_columns` finds no start column:

* :func:`find_start_column` picks the column whose values parse as dates (on a
  sample of each column), preferring a header that speaks of a start, a report or a
  date over one that speaks of an end, a closing or a change; the choice and its
  share of readable values go into the report;
* :func:`find_time_column` finds a column of times of day (``22:30``) to add to a
  start that holds dates only;
* :func:`date_parts` builds the start from separate year, month, day and hour columns.

Every choice is an assumption in the report and can be overridden with ``--start``.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from importers.bytescols import as_text
from importers.dates import MONTHS, parse_datetimes
from importers.detect import normalise_header
from importers.report import ImportReport

#: Header words of a column that holds when something happened or was reported.
START_WORDS = ("begin", "start", "created", "aangemaakt", "melding", "meld", "occur", "pleeg", "incident", "datum",
               "date", "tijdstip", "time", "moment", "gebeurd", "registratie")
#: Header words of a column that holds something later (never the start).
LATER_WORDS = ("eind", "end", "closed", "gesloten", "afgehandeld", "afgesloten", "updated", "modified", "gewijzigd",
               "wijziging", "deadline", "gereed", "finished", "resolved", "last", "laatst", "tot")
#: Least share of a column's values that must read as dates.
MIN_SHARE = 0.8
SAMPLE = 300
TIME_TEXT = r"^\s*\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*$"

PARTS = {"year": ("jaar", "year", "pleegjaar", "meldjaar", "yr"),
         "month": ("maand", "month", "pleegmaand", "meldmaand", "mnd"),
         "day": ("dag", "day", "dagvandemaand", "pleegdag", "dayofmonth"),
         "hour": ("uur", "hour", "pleeguur", "tijdvak", "uurvandedag")}


def _sample(values: pd.Series) -> pd.Series:
    """Up to :data:`SAMPLE` filled values spread over the column (strided first: no pass over a million rows)."""
    spread = values.iloc[:: max(1, len(values) // (4 * SAMPLE))]
    filled = spread.dropna()
    return filled.iloc[:: max(1, len(filled) // SAMPLE)][:SAMPLE]


def _date_share(values: pd.Series, header: str) -> float:
    """Share of a sample of ``values`` that reads as dates (0 for numbers, unless the header says date)."""
    sample = _sample(values)
    if sample.empty:
        return 0.0
    if pd.api.types.is_datetime64_any_dtype(sample):
        return 1.0
    if pd.api.types.is_numeric_dtype(sample):
        norm = normalise_header(header)
        if not any(w in norm for w in ("datum", "date")):
            return 0.0  # a number is a date only where the header says so (Excel day numbers)
    elif sample.astype(str).str.len().median() < 6:  # '12', 'ja': not a date
        return 0.0
    if sample.dtype == object and sample.map(lambda v: isinstance(v, (dt.datetime, dt.date))).all():
        return 1.0
    parsed, _ = parse_datetimes(sample.reset_index(drop=True), column=str(header))
    return float(parsed.notna().mean())


def _preference(header: str) -> int:
    norm = normalise_header(header)
    if any(w in norm for w in LATER_WORDS):
        return -1
    return 1 if any(w in norm for w in START_WORDS) else 0


def find_start_column(raw: pd.DataFrame, taken, report: ImportReport) -> str | None:
    """The column whose values read as dates (module docstring), or None; the choice is said in ``report``."""
    scored = []
    for col in raw.columns:
        if col in taken:
            continue
        share = _date_share(raw[col], col)
        if share >= MIN_SHARE:
            scored.append((_preference(col) >= 0, _preference(col), share, col))
    if not scored:
        return None
    scored.sort(key=lambda t: (t[0], t[1], t[2]), reverse=True)
    ok, _, share, col = scored[0]
    if not ok:  # only columns of later moments (closed_at): not the start of an incident
        return None
    others = [c for *_, c in scored[1:]]
    report.assume(f"Begintijd uit kolom '{col}', gekozen op de inhoud ({share:.0%} van de waarden is een datum)"
                  + (f"; ook datums in {', '.join(repr(c) for c in others[:3])}" if others else "")
                  + ". Kies een andere met --start-column.")
    report.extra["start_by_content"] = {"column": col, "share": round(share, 3), "other_date_columns": others}
    return col


def is_time_column(values: pd.Series) -> bool:
    """Times of day (``22:30``, ``22.30.05``, ``datetime.time``) in at least :data:`MIN_SHARE` of a sample."""
    sample = as_text(_sample(values)).dropna()  # a column read as bytes: its sample as text
    if sample.empty:
        return False
    if sample.dtype == object and sample.map(lambda v: isinstance(v, dt.time)).mean() >= MIN_SHARE:
        return True
    return bool((pd.api.types.is_string_dtype(sample) or sample.dtype == object)
                and sample.astype(str).str.match(TIME_TEXT).mean() >= MIN_SHARE)


def find_time_column(raw: pd.DataFrame, taken) -> str | None:
    """The first column (not taken) of times of day (:func:`is_time_column`)."""
    return next((col for col in raw.columns if col not in taken and is_time_column(raw[col])), None)


def part_columns(columns, taken) -> dict[str, str]:
    """Year, month, day and hour columns by their headers (``jaar``, ``maand``, ``dag``, ``uur`` ...)."""
    norm = {normalise_header(c): c for c in columns if c not in taken}
    found = {}
    for part, names in PARTS.items():
        col = next((norm[n] for n in names if n in norm), None)
        if col is not None:
            found[part] = col
    return found if {"year", "month"} <= set(found) else {}


def date_parts(raw: pd.DataFrame, parts: dict[str, str], report: ImportReport) -> tuple[pd.Series, np.ndarray]:
    """The start from separate year, month (number or name), day and hour columns; and the rows that fail.

    Without a day the start is the first of the month (and said so); without an hour, the date only.
    """
    def number(col):
        return pd.to_numeric(raw[col], errors="coerce")

    year = number(parts["year"])
    month = number(parts["month"])
    names = raw[parts["month"]].astype("string").str.strip().str.lower().str.rstrip(".").map(MONTHS)
    month = month.fillna(pd.to_numeric(names, errors="coerce"))
    day = number(parts["day"]) if "day" in parts else pd.Series(1.0, index=raw.index)
    frame = pd.DataFrame({"year": year, "month": month, "day": day})
    ok = frame.notna().all(axis=1) & (frame % 1 == 0).all(axis=1)
    stamps = pd.to_datetime(frame.where(ok), errors="coerce")
    if "hour" in parts:
        hour = number(parts["hour"])
        good_hour = hour.between(0, 23) & (hour % 1 == 0)
        stamps = stamps + pd.to_timedelta(hour.where(good_hour, 0), unit="h")
    bad = stamps.isna().to_numpy()
    used = ", ".join(f"'{parts[p]}'" for p in ("year", "month", "day", "hour") if p in parts)
    report.assume(f"Begintijd samengesteld uit de kolommen {used}"
                  + ("" if "day" in parts else "; zonder dag: de eerste van de maand") + ".")
    return stamps.astype("datetime64[ns]"), bad
