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
wrote it, and the rerun replaces it.

No pandas or numpy is imported here: that is the point.
"""
from __future__ import annotations

from pathlib import Path

from importers.project import read_snapshot

#: Bump when the layout of a snapshot changes; an older one is then ignored.
FORMAT = 1


def version() -> str:
    """The Wijkbeeld version (a snapshot from another version is ignored)."""
    from desktop import __version__

    return __version__


def _plain_list(values) -> list | None:
    if values is None:
        return None
    return [None if v != v else float(v) for v in (values.tolist() if hasattr(values, "tolist") else values)]


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
    """The usable snapshot of the project at ``path``; ``{}`` when it has none, or one of another version."""
    snap = read_snapshot(path)
    if snap.get("format") != FORMAT or snap.get("version") != version() or not snap.get("table"):
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
