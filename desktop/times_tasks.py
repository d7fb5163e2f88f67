"""The worker's function for the Tijden view (Qt-free): hot times of the selection as
:func:`desktop.change_tasks.hot_times` gives them, plus

- the hot-time blocks and the temporal signature of each selected area and of each hot-spot group of the
  analysis shown (the areas of one Gi* class together), each by :func:`hotspots.when.hottimes.run_hottimes`
  on that area's or group's incidents, with what the signature means for deployment in plain Dutch;
- the calendar heat chart (:func:`hotspots.when.calendar.calendar_matrix`) of the selection's incidents
  over every year of the data, with its busiest days.

No statistic is computed here: the functions choose the incidents and name them.
"""
from __future__ import annotations

from desktop import change_tasks
from desktop.strings import tr
from desktop.tasks import filter_incidents
from kernel.progress import as_progress

#: At most this many selected areas get their own row (each is one run_hottimes).
MOST_AREAS = 8
#: The Gi* classes whose areas form a hot-spot group, strongest first.
HOT_CLASSES = (3, 2, 1)


def hot_groups(result_areas) -> list[tuple[str, list[str]]]:
    """``[(label, codes), ...]``: the areas of each hot Gi* class of an analysis result ("Hot spot 99%"),
    strongest first; none for a result without Gi* classes."""
    if result_areas is None or "gi_class" not in result_areas or "code" not in result_areas:
        return []
    from hotspots.where.getis_ord import CLASS_LABELS

    out = []
    for cls in HOT_CLASSES:
        codes = result_areas.loc[result_areas["gi_class"] == cls, "code"].astype(str).tolist()
        if codes:
            out.append((CLASS_LABELS[cls], codes))
    return out


def meaning(signature: dict) -> str:
    """What a temporal signature means for deployment, in a coordinator's words (after Ratcliffe 2004)."""
    sig = (signature or {}).get("signature", "unknown")
    key = sig if sig in ("acute", "focused", "diffused") else "unknown"
    share = signature.get("share") if signature else None
    return tr(f"times.meaning.{key}", block=(signature or {}).get("block", ""),
              share=f"{round(100 * share)}%" if share == share and share is not None else "")


def _row(kind: str, key: str, name: str, incidents, params: dict) -> dict:
    """One row of the per-area table: run_hottimes on ``incidents`` with ``params`` (its blocks, signature)."""
    from hotspots.when.hottimes import run_hottimes
    from kernel.errors import WijkbeeldError

    row = {"kind": kind, "key": key, "name": name, "total": 0.0, "blocks": [], "signature": {}, "note": ""}
    try:
        r = run_hottimes(incidents, params)
    except WijkbeeldError as exc:  # no incidents with a time there: said in the row
        row["note"] = str(exc)
        row["meaning"] = meaning({})
        return row
    row.update(total=float(r.total), blocks=r.hot_blocks, signature=r.signature, meaning=meaning(r.signature))
    return row


def hot_times(incidents, areas=None, *, codes=(), level: str = "buurt", title: str = "", period=(None, None),
              category=None, groups=(), outlines=None, progress=None, cancelled=None):
    """:func:`desktop.change_tasks.hot_times`, with ``rows`` (each selected area at ``level``, then each
    hot-spot group of ``groups``: ``[(label, buurt codes)]``), ``calendar`` and ``busiest``."""
    from hotspots.when.calendar import busiest_days, calendar_matrix

    p = as_progress(progress, cancelled)
    data = change_tasks.hot_times(incidents, areas, codes=codes, level=level, title=title, period=period,
                                  category=category, progress=p.slice(0.0, 0.4))
    inc = filter_incidents(incidents, period[0], period[1], category)
    rows = []
    if codes:
        names = change_tasks.area_names(areas, outlines, level)
        at_level = change_tasks.figures_at(inc, None, areas, level)["incidents"]
        for code in list(codes)[:MOST_AREAS]:
            rows.append(_row("area", str(code), names.name(code), at_level, {"area": str(code)}))
    p(0.6, "")
    for label, members in groups or ():
        mine = inc[inc["area"].astype("string").isin(members)] if "area" in inc else inc.iloc[0:0]
        if mine.empty:  # cells of a grid analysis are no areas of the incidents: no group row
            continue
        rows.append(_row("group", label, tr("times.group", label=label, n=len(members)), mine, {}))
    data.rows = rows
    p(0.8, "")
    # the calendar: every year of the data (seasons and yearly events line up), the selection and category
    every = filter_incidents(incidents, category=category)
    if codes:
        every = change_tasks.figures_at(every, None, areas, level)["incidents"]
        every = every[every["area"].astype("string").isin([str(c) for c in codes])]
    start = incidents["start"].dropna()  # the days the data cover: quiet days inside are 0, outside no data
    span = (start.min(), start.max()) if len(start) else None
    data.calendar = calendar_matrix(every["start"], span=span)
    data.busiest = busiest_days(data.calendar, 8)
    p(1.0, "")
    return data
