"""What the window showed, as plain JSON in the project: shown at once when the project opens again.

Opening a project (or the demo) means importing pandas and geopandas, reading the layers, assigning the
incidents to areas and rerunning the analysis: for the demo some 2.5 s before anything was on screen.
A saved project therefore also carries what its window showed (:func:`take`): the table's cells, the
charts' numbers, the map page and the data panel's lines. Opening it shows that at once, with the
standard library and Qt alone (:func:`read`, :func:`chart_data`, :func:`map_file`), while the data is
read and the analysis rerun in the background as always. The controller then compares the rerun's
table with the snapshot's (:func:`same_table`): the map (and its zoom) and the charts stay when they
match, and are redrawn when they do not; the table always takes the rerun's rows.

A snapshot is never trusted beyond that first picture. It is written in the same atomic save as the
data and the settings it was computed from, it is ignored when another Wijkbeeld version or format
wrote it, and the rerun replaces it. And a project file is input too (anyone may have edited it): a
snapshot is used only when it fits :data:`SNAPSHOT` in every part (a table that was a string crashed
the app); one that does not is ignored, so the project opens with its data alone. Its map page may
hold any script: the map view keeps such a page from reading files (:mod:`desktop.map_view`).

No pandas or numpy is imported here: that is the point.
"""
from __future__ import annotations

import logging
from pathlib import Path

from importers.project import read_snapshot
from kernel.shape import (Boolean, Integer, ListOf, MapOf, Null, Number, OneOf, Record, Text, problems)

log = logging.getLogger(__name__)

#: Bump when the layout of a snapshot changes; an older one is then ignored.
FORMAT = 1

# -- the shape of a snapshot ----------------------------------------------------------------------------
#: Most areas (table rows) a snapshot may show: the whole country has some 14,500 buurten.
MAX_ROWS = 100_000
#: Longest map page (characters): a page of every buurt of the country is some tens of MB.
MAX_MAP_CHARS = 400_000_000
#: Most months the period lists may offer (a hundred years).
MAX_MONTHS = 1200
_MONTH = Text(7, r"\d{4}-(?:0[1-9]|1[0-2])")
_VALUE = OneOf((Number(), Null()))


def _series(n: int | None = None, max_len: int = MAX_MONTHS):
    return OneOf((Null(), ListOf(_VALUE, max_len=max_len, length=n)))


def _table_columns() -> int:
    from desktop.panels.table_columns import COLUMNS  # the window's table, declared without Qt

    return len(COLUMNS)


def _table_fits(table: dict) -> list[str]:
    """Every column as long as the others, as many columns as the table shows, one tip and colour per row."""
    n_cols = _table_columns()
    if len(table["text"]) != n_cols or len(table["key"]) != n_cols:
        return [f"de tabel heeft {n_cols} kolommen"]
    n = len(table["text"][0])
    if any(len(col) != n for col in table["text"] + table["key"]) or len(table["tips"]) != n \
            or len(table["colours"]) != n:
        return ["de kolommen van de tabel zijn niet even lang"]
    return []


def _monthly_fits(monthly: dict) -> list[str]:
    n = len(monthly["month"])
    return [] if all(len(monthly[k]) == n for k in ("count", "prev_year") if k in monthly) \
        else ["de maandreeksen zijn niet even lang"]


def _months_fit(snap: dict) -> list[str]:
    months = snap.get("months")
    if not months:
        return []
    first, last = (int(m[:4]) * 12 + int(m[5:7]) for m in months)
    return [] if 0 <= last - first < MAX_MONTHS else [f"de periode loopt niet vooruit of beslaat meer dan {MAX_MONTHS} "
                                                       "maanden"]


TABLE = Record({"text": ListOf(ListOf(Text(1000), max_len=MAX_ROWS), max_len=50),
                "key": ListOf(ListOf(OneOf((Number(), Text(1000), Null())), max_len=MAX_ROWS), max_len=50),
                "tips": ListOf(Text(1000), max_len=MAX_ROWS),
                "colours": ListOf(OneOf((Text(9, r"#[0-9a-fA-F]{6}(?:[0-9a-fA-F]{2})?"), Null())), max_len=MAX_ROWS),
                "by_z": Boolean(), "hidden": ListOf(Integer(0, 49), max_len=50),
                "extra": OneOf((Null(), Record({  # the side-by-side columns of several sources (desktop.choice)
                    "headers": ListOf(Text(1000), max_len=20),
                    "text": ListOf(ListOf(Text(1000), max_len=MAX_ROWS), max_len=20),
                    "key": ListOf(ListOf(OneOf((Number(), Text(1000), Null())), max_len=MAX_ROWS), max_len=20)})))},
               optional={"hidden", "extra"}, rule=_table_fits)
CHARTS = Record({"title": Text(500),
                 "monthly": OneOf((Null(), Record({"month": ListOf(_MONTH, max_len=MAX_MONTHS),
                                                   "count": ListOf(_VALUE, max_len=MAX_MONTHS),
                                                   "prev_year": ListOf(_VALUE, max_len=MAX_MONTHS)},
                                                  optional={"count", "prev_year"}, rule=_monthly_fits))),
                 "matrix": OneOf((Null(), ListOf(ListOf(_VALUE, length=24), length=7))),
                 "hours": _series(24), "weekdays": _series(7)})
#: What a usable snapshot holds (what :func:`take` and the controller write), checked before any of it is shown.
SNAPSHOT = Record({"format": Integer(FORMAT, FORMAT), "version": Text(100), "table": TABLE,
                   "charts": OneOf((Null(), CHARTS)), "map": OneOf((Null(), Text(MAX_MAP_CHARS))),
                   "layers": MapOf(Text(10_000), max_len=20), "months": OneOf((Null(), ListOf(_MONTH, length=2))),
                   "categories": ListOf(Text(1000), max_len=10_000),
                   "filters": Record({"start": OneOf((_MONTH, Null())), "end": OneOf((_MONTH, Null())),
                                      "category": OneOf((Text(1000), Null()))}, optional={"start", "end", "category"}),
                   "selected": ListOf(Text(100), max_len=MAX_ROWS), "title": Text(500), "source": Text(10_000),
                   "level": OneOf((Null(), Text(20, r"buurt|wijk|gemeente|cellen")))},
                  optional={"filters", "selected", "title", "source", "level"}, rule=_months_fit)


def version() -> str:
    """The Wijkbeeld version (a snapshot from another version is ignored)."""
    from desktop import __version__

    return __version__


def _plain_list(values) -> list | None:
    """Numbers as floats, NaN and missing values as None: from an array, or from the plain lists of a snapshot the
    window shows after opening a project (their None: a month without a year before it)."""
    if values is None:
        return None
    return [None if v is None or v != v else float(v)
            for v in (values.tolist() if hasattr(values, "tolist") else values)]


def charts_part(data) -> dict | None:
    """A :class:`desktop.tasks.ChartData` as plain JSON (months as ``"YYYY-MM"``, NaN as None)."""
    if data is None:
        return None
    monthly = None
    if data.monthly is not None:
        s = data.monthly
        monthly = {"month": [str(m)[:7] for m in s["month"]]}
        for col in ("count", "prev_year"):
            if col in s:
                monthly[col] = _plain_list(s[col].astype(float) if hasattr(s[col], "astype") else s[col])
    matrix = None if data.matrix is None else [_plain_list(row) for row in data.matrix]
    return {"title": data.title, "monthly": monthly, "matrix": matrix, "hours": _plain_list(data.hours),
            "weekdays": _plain_list(data.weekdays)}


def take(*, table: dict, charts, map_path, layers: dict, months, categories: list) -> dict:
    """The snapshot of a window: ``table`` from ``AreaTableModel.plain()``, ``charts`` a ChartData,
    ``map_path`` the map page shown, ``layers`` the data panel's lines, ``months`` and ``categories`` its
    choices."""
    return {"format": FORMAT, "version": version(), "table": table, "charts": charts_part(charts),
            "map": Path(map_path).read_text(encoding="utf-8") if map_path is not None else None,
            "layers": dict(layers), "months": list(months) if months else None, "categories": list(categories)}


def read(path) -> dict:
    """The usable snapshot of the project at ``path``; ``{}`` when it has none, one of another version, or one
    that does not fit :data:`SNAPSHOT` (then the project opens with its data alone)."""
    snap = read_snapshot(path)
    if snap.get("format") != FORMAT or snap.get("version") != version() or not snap.get("table"):
        return {}
    found = problems(snap, SNAPSHOT)
    if found:
        log.warning("Momentopname van %s genegeerd: %s", Path(path).name, found[0])
        return {}
    return snap


def chart_data(snap: dict):
    """The snapshot's charts as a :class:`desktop.tasks.ChartData` (plain lists; the charts draw those)."""
    from desktop.tasks import ChartData

    c = snap.get("charts")
    if not c:
        return None
    return ChartData(c["title"], monthly=c.get("monthly"), matrix=c.get("matrix"), hours=c.get("hours"),
                     weekdays=c.get("weekdays"))


def map_file(snap: dict) -> Path | None:
    """The snapshot's map page written to a temporary file (None when it had no map)."""
    if not snap.get("map"):
        return None
    from desktop.tasks import scratch_dir

    path = Path(scratch_dir("kaart-")) / "kaart.html"
    path.write_text(snap["map"], encoding="utf-8")
    return path


def same_table(snap: dict, plain: dict) -> bool:
    """Whether a rerun's table (``AreaTableModel.plain()``) shows what the snapshot showed."""
    old = snap.get("table") or {}
    return all(old.get(k) == plain.get(k) for k in ("text", "key", "colours"))
