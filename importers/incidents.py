"""Own incident files (CSV, XLSX) into an Incidents frame.

Detection of columns, separator, encoding, decimal comma, CRS and date format
happens once on the header and a sample; parsing is then vectorised over the
whole column (dates with one explicit format at a time, never row by row).
Every row read is either kept or rejected with its row, column, value and
reason; the rejections are built from boolean masks. Rows outside the
Netherlands are rejected, not moved. Columns with personal data are dropped
(data minimisation) and named in the report. Exact duplicate rows are
rejected; rows sharing an id or a source registration number are reported,
not guessed at.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from importers import bytescols
from importers.columns import storable
from importers.datecolumns import date_parts, find_start_column, find_time_column, is_time_column, part_columns
from importers.dates import numeric_time_reading, parse_datetimes, time_of_day
from importers.coordinates import out_of_system, read_pair, unreadable
from importers.detect import detect_crs, map_columns
from kernel.errors import CRSError, ImportFileError
from importers.personal import check_roles, column_kind, personal_columns, role_verdicts
from importers.places import KIND_WORDS, find_place_column, place_values
from kernel.progress import as_progress
from importers.rejects import Rejects
from importers.report import ImportReport
from kernel.schema import INCIDENT_COLUMNS, RD_BOUNDS, RD_NEW, WGS84
from importers.tables import read_table

OVERRIDES = ("x", "y", "start", "end", "category", "id")
POINT_WKT = r"(?i)^\s*POINT\s*Z?\s*\(\s*([-+\d.eE]+)[\s,]+([-+\d.eE]+)"


def _point_column(raw: pd.DataFrame) -> str | None:
    """A text column whose values are WKT points (``POINT (233000 582000)``), as GIS exports write them."""
    for col in raw.columns:
        if pd.api.types.is_string_dtype(raw[col]) or raw[col].dtype == object:
            head = raw[col].dropna().head(50).astype(str)
            if len(head) and head.str.match(POINT_WKT).mean() >= 0.8:
                return col
    return None


@lru_cache(maxsize=8)
def _transformer(crs: str):
    """One always-xy Transformer to RD New per source CRS, made once (creating one costs ~0.1 s)."""
    from pyproj import CRS, Transformer
    from pyproj.exceptions import CRSError as ProjCRSError

    try:
        source = CRS.from_user_input(crs)
    except ProjCRSError:
        raise CRSError(f"Onbekend coördinatenstelsel '{crs}'.", hint="bijvoorbeeld EPSG:28992 of EPSG:4326") from None
    return Transformer.from_crs(source, RD_NEW, always_xy=True)


def _transform(x: np.ndarray, y: np.ndarray, crs: str) -> tuple[np.ndarray, np.ndarray]:
    tf = _transformer(str(crs))
    ok = np.isfinite(x) & np.isfinite(y)
    if ok.all():  # the usual case: no copies of the valid rows
        xo, yo = (np.asarray(v, dtype=float) for v in tf.transform(x, y))
    else:
        xo = np.full_like(x, np.nan)
        yo = np.full_like(y, np.nan)
        if ok.any():
            xo[ok], yo[ok] = tf.transform(x[ok], y[ok])
    xo[~np.isfinite(xo)] = np.nan
    yo[~np.isfinite(yo)] = np.nan
    return xo, yo


def _coordinates(raw: pd.DataFrame, cols: dict, crs: str | None, report: ImportReport, rej: Rejects, path):
    if "x" in cols and "y" in cols:
        xcol, ycol = cols["x"], cols["y"]
    elif "lon" in cols and "lat" in cols:
        xcol, ycol = cols["lon"], cols["lat"]
    else:
        xcol = ycol = _point_column(raw)
        if xcol is None:
            return _without_coordinates(raw, cols, report)
        cols["geometry"] = xcol
        report.assume(f"Coördinaten uit de WKT-kolom '{xcol}' (POINT).")
    report.column_mapping["x"], report.column_mapping["y"] = xcol, ycol
    if xcol == ycol:
        parts = raw[xcol].astype("string").str.extract(POINT_WKT)
        x, y, numbers = read_pair(parts[0], parts[1])
    else:
        x, y, numbers = read_pair(raw[xcol], raw[ycol])  # in the file's decimal convention (importers.coordinates)
    if numbers["assumption"]:
        report.assume(numbers["assumption"])
    finite = np.isfinite(x) & np.isfinite(y)
    # (0, 0) is a registration system's "no location" (it lies in no Dutch file's area, in no system): such rows
    # are rows without coordinates, not a sign of another coordinate system (60% of them made a whole file refused)
    zero = finite & (x == 0) & (y == 0)
    finite &= ~zero
    if not finite.any() and find_place_column(raw, set(cols.values())):  # empty x/y, but a place to join by
        return _without_coordinates(raw, cols, report)
    if not finite.any():
        _none_readable(raw, {"x": xcol, "y": ycol}, numbers, path)
    if crs is None:
        sample = np.flatnonzero(finite)[:: max(1, int(finite.sum()) // 5000)]
        crs = detect_crs(x[sample], y[sample], path)
        if crs == "EPSG:4326-swapped":
            x, y = y, x
            xcol, ycol = ycol, xcol
            numbers["problems"] = {"x": numbers["problems"]["y"], "y": numbers["problems"]["x"]}
            crs = WGS84
            report.assume(f"Kolommen '{ycol}' en '{xcol}' bevatten breedte en lengte in omgekeerde volgorde; "
                          "omgedraaid.")
        report.assume(f"Coördinatenstelsel {crs} afgeleid uit het bereik van de coördinaten.")
    else:
        report.assume(f"Coördinatenstelsel {crs} (opgegeven).")
    if not finite.any():
        raise ImportFileError("Geen enkele rij heeft bruikbare coördinaten.", path=path, column=xcol)
    report.extra["source_crs"] = crs
    # the reasons name the column of the value at fault, and are found before a transformation turns an
    # RD value in a WGS84 file into "no number"
    column, value = {"x": xcol, "y": ycol}, {"x": raw[xcol], "y": raw[ycol]}  # values only for rejected rows
    missing = {axis: v.isna().to_numpy() for axis, v in value.items()}
    # rows without coordinates that name a place are kept (joined to the areas by it)
    checked = ~_placed(raw, cols, missing["x"] | missing["y"] | zero, report)
    rej.add(missing["x"] & checked, xcol, value["x"], "coördinaat ontbreekt")
    rej.add(missing["y"] & checked, ycol, value["y"], "coördinaat ontbreekt")
    rej.add(zero & checked, xcol, value["x"], "coördinaten 0,0: geen locatie")
    for mask, axis, reason in unreadable(numbers) + out_of_system(x, y, crs):
        rej.add(mask & checked, column[axis], value[axis], reason)
    transformed = str(crs).upper() not in (RD_NEW, "EPSG:28992", "28992")

    def placed(x, y):  # the rejections that need the coordinates in RD New
        if transformed:
            rej.add(~(np.isfinite(x) & np.isfinite(y)) & checked, xcol, value["x"],
                    f"coördinaten niet om te rekenen van {crs}")
        rej.add(~((x >= RD_BOUNDS[0]) & (x <= RD_BOUNDS[2])) & checked, xcol, value["x"], "locatie buiten Nederland")
        rej.add(~((y >= RD_BOUNDS[1]) & (y <= RD_BOUNDS[3])) & checked, ycol, value["y"], "locatie buiten Nederland")
        return x, y

    report.crs = RD_NEW
    if not transformed:
        return placed(x, y)
    _transformer(str(crs))  # an unknown system is said here, not later from the thread
    report.assume(f"Coördinaten omgezet van {crs} naar RD New (EPSG:28992).")
    if len(x) < BACKGROUND_POINTS:
        return placed(*_transform(x, y, crs))
    return _Pending(_background().submit(_transform, x, y, crs), placed)


#: From this many rows on, PROJ transforms the coordinates and the role columns are checked for personal data in
#: threads while the dates are read (PROJ and numpy let go of the GIL; on a second core the million points of a
#: WGS84 file cost no extra wall time).
BACKGROUND_POINTS = 50_000
_POOL: list = []


def _background():
    if not _POOL:
        from concurrent.futures import ThreadPoolExecutor

        _POOL.append(ThreadPoolExecutor(max_workers=2, thread_name_prefix="wijkbeeld-import"))
    return _POOL[0]


class _Pending:
    """Coordinates being transformed in a thread; :meth:`result` waits for them and then rejects (``placed``)."""

    def __init__(self, future, placed):
        self.future, self.placed = future, placed

    def result(self) -> tuple[np.ndarray, np.ndarray]:
        return self.placed(*self.future.result())


class _Later:
    """Rejections made while coordinates are still being transformed, added after the coordinates' own (in the
    order they were made): each row keeps the reason it would have had with the coordinates done first."""

    def __init__(self, rej: Rejects):
        self.rej, self.calls = rej, []

    def add(self, *args) -> None:
        self.calls.append(args)

    def replay(self) -> None:
        for args in self.calls:
            self.rej.add(*args)


def _none_readable(raw: pd.DataFrame, column: dict, numbers: dict, path) -> None:
    """Refuse a file of which no coordinate could be read, with the first reason, where and an example
    ('233.456' beside '582123': a thousands dot or three decimals cannot be told apart)."""
    for mask, axis, reason in unreadable(numbers):
        if mask.any():
            i = int(np.flatnonzero(mask)[0])
            example = raw[column[axis]].iloc[i]
            raise ImportFileError(f"Geen enkele rij heeft bruikbare coördinaten: {reason} (bijvoorbeeld "
                                  f"'{example}').", path=path, row=int(raw.index[i]) + 2, column=column[axis],
                                  hint="schrijf RD-coördinaten in hele meters zonder punt (233456) of met een "
                                       "decimaal (233456,0)" if "dubbelzinnig" in reason else None)


def _place(raw: pd.DataFrame, cols: dict, report: ImportReport) -> str | None:
    """The column naming each incident's place (:mod:`importers.places`), kept as ``place``; None without one."""
    found = find_place_column(raw, set(cols.values()))
    if found is None:
        return None
    col, kind = found
    # the place reaches the project and the outputs: a code or name column with personal data is no place,
    # as it would be no category (importers.personal); a postcode-6 is kept as its four digits
    what = column_kind(raw[col], col) if kind != "postcode4" else None
    if what is not None:
        problem = f"bevat persoonsgegevens ({what})"
        report.extra.setdefault("roles_refused", {})["place"] = {"column": col, "reason": problem}
        report.warn(f"Kolom '{col}' is niet gebruikt om incidenten zonder coördinaten aan een gebied te koppelen: "
                    f"hij {problem}.")
        return None
    cols["place"] = col
    report.column_mapping["place"] = col
    report.extra["place"] = {"column": col, "kind": kind}
    return col


def _placed(raw: pd.DataFrame, cols: dict, missing: np.ndarray, report: ImportReport) -> np.ndarray:
    """Rows without coordinates that name a place (a code, name or postcode to join by): not rejected."""
    if not missing.any() or _place(raw, cols, report) is None:
        return np.zeros(len(raw), dtype=bool)
    placed = missing & raw[cols["place"]].notna().to_numpy()
    if placed.any():
        report.assume(f"{int(placed.sum())} rijen zonder coördinaten bewaard: ze worden op kolom "
                      f"'{cols['place']}' aan de gebieden gekoppeld.")
    return placed


def _without_coordinates(raw: pd.DataFrame, cols: dict, report: ImportReport):
    """A file without coordinates: hot times and trends need none; areas are joined by a place column if any."""
    nan = np.full(len(raw), np.nan)
    col = _place(raw, cols, report)
    if col is None:
        report.assume("Geen coördinaten en geen kolom met een gebied of postcode: hot times en trends kunnen, "
                      "een kaart niet (geef coördinaten op met --x en --y).")
    else:
        kind = KIND_WORDS[report.extra["place"]["kind"]]
        report.assume(f"Geen coördinaten: de incidenten worden op kolom '{col}' ({kind}) aan de gebieden "
                      "gekoppeld; hot times en trends kunnen zonder kaart.")
    report.extra["coordinates"] = False
    return nan, nan.copy()


def _dates(raw, col, role, dayfirst, report: ImportReport, rej: Rejects, path, required: bool, hint=None):
    parsed, info = parse_datetimes(raw[col], dayfirst=dayfirst, column=col, hint=hint)
    report.column_mapping[role] = col
    if info["assumption"]:
        report.assume(info["assumption"])
    if info["formats"]:
        report.extra.setdefault("date_formats", {})[col] = info["formats"]
    if info.get("timezone"):
        report.extra.setdefault("timezone", {})[col] = info["timezone"]
    given = ~bytescols.missing(raw[col])
    bad = given & parsed.isna().to_numpy()
    if given.any() and bad.sum() == given.sum():
        example = bytescols.as_text(raw[col][given].iloc[:1]).iloc[0]
        raise ImportFileError(f"Geen enkele datum in deze kolom is te lezen (bijvoorbeeld '{example}').",
                              path=path, column=col, hint="geef de volgorde op met --dayfirst of --monthfirst, "
                              "of kies een andere kolom met --start-column")
    if required:
        rej.add(~given, col, raw[col], "datum ontbreekt")
        rej.add(bad, col, raw[col], "datum niet te lezen")
    else:
        n_bad = int(bad.sum())
        if n_bad:
            report.warn(f"{n_bad} waarden in '{col}' zijn geen datum; behandeld als onbekend.")
    return parsed


def read_incidents(path, *, sep=None, encoding=None, x=None, y=None, crs=None, start=None, end=None,
                   category=None, id=None, dayfirst=None, sheet=None, source=None, max_rows=None, progress=None,
                   cancelled=None, sniff=None, keep=None, **options):
    """Read an own incident file (CSV or XLSX) into an Incidents frame and an :class:`ImportReport`.

    Parameters
    ----------
    path : str or Path
    sep, encoding, sheet : optional
        Override the detected separator and encoding, choose an Excel sheet.
    x, y, start, end, category, id : str, optional
        Source column for each role (overrides the header detection). ``category=""`` (or ``"geen"``):
        no category column at all.
    keep : list of str, optional
        Other columns to keep (checked for personal data like every role column; by default every
        column without a role is left out: data minimisation).
    crs : str, optional
        Coordinate system of ``x``/``y`` (else recognised from the ranges: RD New or WGS84).
    dayfirst : bool, optional
        Day/month order of typed dates (else decided from the data and reported).
    source : str, optional
        Value of the ``source`` column (default: the file name).
    max_rows : int, optional
        Read only the first rows (a preview for the import wizard); ``report.sample`` says so.
    sniff : importers.sniff.Sniff, optional
        The file's head when the caller read it already (:func:`importers.read` does, to choose the reader).
    """
    path = Path(path)
    prog = as_progress(progress, cancelled)
    report = ImportReport(path=str(path), kind="incidents", reader="incidents")
    prog(0.0, "Bestand lezen")
    no_category = category is False or (isinstance(category, str) and category.strip().lower() in ("", "geen"))
    raw, bad_lines = read_table(path, report, sep=sep, encoding=encoding, sheet=sheet, max_rows=max_rows,
                                dtype=_text_columns({"id": id, "category": None if no_category else category,
                                                     "start": start, "end": end}, keep),
                                sniff=sniff, thousands=_xy_columns({"x": x, "y": y}))
    prog(0.4, "Kolommen herkennen")
    _not_counts(raw, path)
    crs = crs or report.extra.get("file_crs")  # a map file of points says its coordinate system
    no_category = no_category and category not in raw.columns  # unless a column is really called so
    if no_category:
        category = None
    overrides = {"x": x, "y": y, "start": start, "end": end, "category": category, "id": id}
    cols = map_columns(raw.columns, overrides, path=path)
    if no_category:
        cols.pop("category", None)
        report.assume("Geen categoriekolom gebruikt (zo gekozen).")
    kept_columns = [map_columns(raw.columns, {"keep": k}, path=path)["keep"] for k in (keep or ())]
    n = len(raw)
    rows = raw.index.to_numpy() + 2
    rej = Rejects(rows)
    # a large file's columns are checked for personal data in a thread while its dates are read (the others too
    # when the dates have their columns: the columns without a role stay so)
    verdicts = _background().submit(role_verdicts, raw, dict(cols), others="start" in cols) \
        if n >= BACKGROUND_POINTS else None
    coordinates = _coordinates(raw, cols, crs, report, rej, path)
    pending = isinstance(coordinates, _Pending)  # transformed in a thread while the dates are read
    dates_rej = _Later(rej) if pending else rej
    prog(0.6, "Datums lezen")
    start_s = _start(raw, cols, dayfirst, report, dates_rej, path, given=start)
    if "end" in cols:
        hint = report.extra.get("date_formats", {}).get(cols.get("start"))  # the end is written as the start
        end_s = _dates(raw, cols["end"], "end", dayfirst, report, dates_rej, path, required=False, hint=hint)
        end_s = _with_time(end_s, raw, cols, "end_time", report)
        before = (end_s < start_s).to_numpy()
        if before.any():  # most likely start and end typed in the wrong columns: swap, and say so
            start_s, end_s = start_s.where(~before, end_s), end_s.where(~before, start_s)
            rows_swapped = ", ".join(str(r) for r in rows[before][:10]) + (" ..." if before.sum() > 10 else "")
            report.warn(f"{int(before.sum())} rijen hebben een einde vóór het begin; begin en einde verwisseld "
                        f"(rij {rows_swapped}).")
    else:
        end_s = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    xs, ys = coordinates.result() if pending else coordinates
    if pending:
        dates_rej.replay()
    _time_quality(start_s, end_s, ~rej.taken, report)
    prog(0.8, "Controleren")
    counted: dict = {}  # the role columns' distinct values, counted once (importers.personal)
    personal = check_roles(raw, cols, report, chosen=overrides, keep=kept_columns, path=path, counted=counted,
                           verdicts=verdicts.result() if verdicts is not None else None)
    _duplicates(raw, cols, rej, report, counted)
    if "place" in cols:  # stored as a code, a name or four digits (importers.places): a postcode-6 is personal
        personal.update(personal_columns(raw[[cols["place"]]]))
    if personal:
        report.personal_data_columns = list(personal)
        report.assume("Kolommen met persoonsgegevens niet overgenomen: "
                      + ", ".join(f"'{c}' ({what})" for c, what in personal.items()) + ".")
    for role in ("category", "id", "registration"):
        if role in cols:
            report.column_mapping[role] = cols[role]
    keep = ~rej.taken
    ids = _text(raw[cols["id"]]) if "id" in cols \
        else pd.Series((raw.index + 2).astype(str), index=raw.index, dtype="string")
    out = pd.DataFrame({
        "id": ids, "x": xs, "y": ys, "start": start_s, "end": end_s,
        "category": _text(raw[cols["category"]]) if "category" in cols
        else pd.Series(pd.NA, index=raw.index, dtype="string"),
        "source": pd.Series(source or path.name, index=raw.index, dtype="string"),
        "area": pd.Series(pd.NA, index=raw.index, dtype="string"),
    }, index=raw.index)
    if "place" in cols:
        out["place"] = place_values(raw[cols["place"]], report.extra["place"]["kind"])
    extra = [c for c in kept_columns if c not in INCIDENT_COLUMNS]  # only what the user chose to keep
    if extra:
        out = pd.concat([out, raw[extra]], axis=1)
    out = (out if keep.all() else out[keep]).reset_index(drop=True)
    for row, line in bad_lines:
        report.reject(row, None, line, "regel heeft meer velden dan de kopregel")
    rej.into(report)
    report.rejections.sort(key=lambda r: r.row)
    report.rows_read = n + len(bad_lines)
    report.rows_kept = len(out)
    if report.rows_kept == 0:
        report.warn("Geen enkele rij is bruikbaar.")
    prog(1.0, "Klaar")
    out = storable(out, report, ours=INCIDENT_COLUMNS + ["place"])
    if extra:  # the project keeps these, and no other (importers.project), by the names a GeoPackage holds
        report.extra["kept_columns"] = [c for c in out.columns if c not in INCIDENT_COLUMNS and c != "place"]
    return out, report.check()


def _not_counts(raw: pd.DataFrame, path) -> None:
    """Refuse a police or CBS table of counts given as incidents (a table saved from Excel is only seen for what it
    is once read): read as incidents, every row of counts was one incident (3 instead of 91)."""
    from importers import wrong_file
    from importers.police import looks_like_counts

    if looks_like_counts([str(c) for c in raw.columns]):
        raise wrong_file("counts", "incidents", path)


def _start(raw, cols: dict, dayfirst, report: ImportReport, rej: Rejects, path, given=None) -> pd.Series:
    """The start of each incident: a start column (named, or found by its content), with a separate time
    column where it holds dates only, or assembled from year/month/day/hour columns (:mod:`importers.datecolumns`)."""
    if "start" in cols and not given and is_time_column(raw[cols["start"]]):  # 'meldtijd' holding 22:30
        cols.setdefault("start_time", cols.pop("start"))
    taken = set(cols.values())
    parts = {} if "start" in cols else part_columns(raw.columns, taken - {cols.get("start_time")})
    if "start" not in cols and not parts:
        found = find_start_column(raw, taken, report)
        if found is not None:
            cols["start"] = found
    if "start" in cols:
        start = _dates(raw, cols["start"], "start", dayfirst, report, rej, path, required=True)
        if "start_time" not in cols and midnight_share(start) >= 0.9:
            time_col = find_time_column(raw, set(cols.values()))
            if time_col is not None:
                cols["start_time"] = time_col
        return _with_time(start, raw, cols, "start_time", report)
    if parts:
        if "hour" in parts and parts["hour"] == cols.get("start_time"):
            cols.pop("start_time")
        start, bad = date_parts(raw, parts, report)
        rej.add(bad, parts["year"], raw[parts["year"]], "geen geldige datum uit jaar, maand en dag")
        for part, col in parts.items():
            cols[part] = col
            report.column_mapping[part] = col
        return start
    report.warn("Geen kolom met een datum gevonden; tijdanalyses zijn niet mogelijk (geef hem op met --start-column).")
    return pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")


def midnight_share(start: pd.Series) -> float:
    """Share of the known starts at exactly 00:00 (1.0 for dates without times)."""
    s = start.dropna()
    return float((s == s.dt.normalize()).mean()) if len(s) else 0.0


def _time_quality(start: pd.Series, end: pd.Series, keep: np.ndarray, report: ImportReport) -> None:
    """Facts about the times that matter for hot-time analysis: rounded times, long windows, windows.

    Computed on the kept rows with integer arithmetic on the nanoseconds (no ``.dt`` accessors).
    """
    s = start.to_numpy(dtype="datetime64[ns]")[keep]
    e = end.to_numpy(dtype="datetime64[ns]")[keep]
    known = ~np.isnat(s)
    if not known.any():
        return
    minutes = s[known].view(np.int64) // 60_000_000_000  # floor: right before 1970 too
    on_hour = float((minutes % 60 == 0).mean())
    midnight = float((minutes % 1440 == 0).mean())
    both = known & ~np.isnat(e)
    window = e[both].view(np.int64) - s[both].view(np.int64)  # nanoseconds
    facts = {"start_on_full_hour": round(on_hour, 4), "start_at_midnight": round(midnight, 4),
             "with_end": int(len(window))}
    if len(window):
        facts["median_window_hours"] = round(float(np.median(window)) / 3.6e12, 2)
        facts["windows_over_7_days"] = int((window > 7 * 86_400 * 10**9).sum())
        facts["end_equals_start"] = int((window == 0).sum())
    report.extra["times"] = facts
    if on_hour >= 0.3:
        report.warn(f"{on_hour:.0%} van de begintijden valt op het hele uur: tijden zijn vaak afgerond.")
    if midnight >= 0.2:
        report.warn(f"{midnight:.0%} van de begintijden is 00:00: vaak is alleen de datum bekend.")
    if facts.get("windows_over_7_days"):
        report.warn(f"{facts['windows_over_7_days']} incidenten hebben een tijdvenster van meer dan 7 dagen.")


def _with_time(dates: pd.Series, raw: pd.DataFrame, cols: dict, role: str, report: ImportReport) -> pd.Series:
    """Add a separate time-of-day column to a date column (where the time is known)."""
    if role not in cols:
        return dates
    col = cols[role]
    values = bytescols.as_text(raw[col])  # a 'meldtijd' named as the start was read as bytes
    td = time_of_day(values)
    report.column_mapping[role] = col
    report.assume(f"Tijdstip uit de aparte kolom '{col}' bij de datum opgeteld.")
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        reading = numeric_time_reading(values)
        report.assume(f"Kolom '{col}': getallen gelezen als " + {
            "fraction": "deel van een dag (Excel: 0,5 is 12:00).", "hhmm": "uumm (1745 is 17:45, 15 is 00:15).",
            "hour": "het uur (9 is 09:00)."}[reading])
    n_bad = int((values.notna() & td.isna()).sum())
    if n_bad:
        report.warn(f"{n_bad} waarden in '{col}' zijn geen tijdstip; alleen de datum gebruikt.")
    return dates.dt.normalize() + td.fillna(pd.Timedelta(0))


def _text(series: pd.Series) -> pd.Series:
    """A text column as the string dtype (numbers from Excel become text; already-text columns are kept)."""
    if pd.api.types.is_string_dtype(series) and series.dtype != object:
        return series
    return series.astype("string")


def _text_columns(overrides: dict, keep=()):
    """For :func:`read_table`: the columns of a CSV header to read as text, not numbers (ids keep leading zeros, and
    so do the columns the user keeps: they reach the project as they stand in the file, '0999' not 999), and the
    start and end as bytes (:mod:`importers.bytescols`: no Python string per date)."""
    def wanted(header: list[str]) -> dict | None:
        try:
            cols = map_columns(header, overrides)
            kept = [map_columns(header, {"keep": k})["keep"] for k in keep or ()]
        except ImportFileError:
            return None
        return {cols[r]: bytescols.DTYPE for r in ("start", "end") if r in cols} \
            | {cols[r]: str for r in ("id", "registration", "category") if r in cols} | dict.fromkeys(kept, str) \
            or None
    return wanted


def _xy_columns(overrides: dict):
    """For :func:`read_table`: the coordinate columns of a CSV header (kept as text where written as '233.456')."""
    def wanted(header: list[str]) -> list[str]:
        try:
            cols = map_columns(header, overrides)
        except ImportFileError:
            return []
        return [cols[r] for r in ("x", "y", "lon", "lat") if r in cols]
    return wanted


def shared_values(values: pd.Series) -> np.ndarray:
    """Rows whose value occurs more than once (``duplicated(keep=False)``), by 64-bit hashes and a sort.

    A column of pandas' string dtype is counted in pandas' hash table (``factorize``: a million ids in about
    0.13 s). Any other column: hashing in one vectorised pass and sorting the hashes. A hash collision (odds
    about 1e-8 for a million distinct values) only marks a row as a candidate: callers compare candidates in
    full.

    >>> shared_values(pd.Series(["a", "b", "a", None, None])).tolist()
    [True, False, True, True, True]
    """
    if isinstance(values.dtype, pd.StringDtype):  # text: pandas' hash table, exact (no candidates to spare)
        codes, _ = pd.factorize(values, use_na_sentinel=False)
        return np.bincount(codes)[codes] > 1
    hashes = pd.util.hash_array(values.to_numpy(dtype=object), categorize=False)
    order = np.argsort(hashes, kind="stable")
    ordered = hashes[order]
    same = np.zeros(len(values), dtype=bool)
    if len(values) > 1:
        equal = ordered[1:] == ordered[:-1]
        same[order[1:][equal]] = True
        same[order[:-1][equal]] = True
    return same


def _duplicates(raw: pd.DataFrame, cols: dict, rej: Rejects, report: ImportReport, counted=None) -> None:
    """Exact duplicate rows are rejected; rows that share an id or registration number are reported.

    Identical rows share every value, so only rows that share the id (or, without an id,
    the coordinates and start) are compared in full. ``counted``: column -> its values counted already
    (:class:`importers.personal._Counted`).
    """
    id_counted = (counted or {}).get(cols.get("id"))
    if id_counted is not None and id_counted.codes is not None:
        id_dup = id_counted.shared()
    else:
        id_dup = shared_values(raw[cols["id"]]) if "id" in cols else None
    if id_dup is not None:
        candidates = id_dup
    else:
        keys = [c for c in (cols.get("x"), cols.get("y"), cols.get("lon"), cols.get("lat"), cols.get("start")) if c]
        candidates = raw.duplicated(subset=keys, keep=False).to_numpy() if keys else np.zeros(len(raw), bool)
    if candidates.any():
        again = raw[candidates].duplicated(keep="first").to_numpy()
        if again.any():
            mask = np.zeros(len(raw), dtype=bool)
            mask[np.flatnonzero(candidates)[again]] = True
            rej.add(mask, None, None, "dubbele rij (precies gelijk aan een eerdere rij)")
    for role in ("id", "registration"):
        if role not in cols:
            continue
        col = cols[role]
        if role == "id" and not id_dup.any():
            continue
        values = raw[col][~rej.taken]
        dup = (values.duplicated(keep=False) & values.notna()).to_numpy()
        if dup.any():
            groups = pd.Series(values.index[dup] + 2).groupby(values[dup].astype(str).to_numpy()).agg(list)
            for value, rows in groups.items():
                report.duplicates.append({"column": col, "value": str(value), "rows": [int(r) for r in rows]})
            report.warn(f"{len(groups)} waarden in '{col}' komen meer dan eens voor (niet verwijderd; "
                        "zie dubbele registraties).")
