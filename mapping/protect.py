"""What the outputs of one run may show: the disclosure rules applied once, for every output alike.

:func:`protect_run` decides, for one :class:`hotspots.run.AnalysisRun` under
:class:`mapping.disclosure.PrivacyRules`, which counts are hidden and how, and
:class:`Protection` hands every writer (web map, print map, GeoPackage, workbook,
summary, report, charts) the same published form of every number:

- the areas' counts: primary cells (``0 < count < N``) as ``"<N"`` and the cells hidden
  to protect them (:func:`mapping.disclosure.secondary_suppression`) as ``"x"``; the
  groups whose totals are published are all areas together (the total counted) and the
  areas of each wijk (the report's wijk table); a table that shows some of the areas, in
  any order, gets every row's mark by its code (:meth:`Protection.area_counts`);
- a column beside the areas whose total is published elsewhere (the report's wijk table a
  year earlier, its total in the comparison of periods): the same two marks over that
  column (:meth:`Protection.protect_column`);
- the totals (counted, read, outside every area): published, hidden (``"x"``) where the
  cells cannot protect them, or rounded (``afronden``);
- the week-hour matrix of the hot times (aoristic fractions): the same rules, over the
  whole week, each day, each hour and each hot block;
- the Dutch sentences (trends, hot times, the report) through :meth:`Protection.text`;
- the statistics computed from the counts (Gi* z, p and class, local Moran's I, the EB rate):
  with a threshold they are computed again from the *published* table
  (:meth:`Protection.published_counts`: the shown counts, the midpoint ``N/2`` for a ``"<N"``
  cell and an equal share of what the published total leaves for an ``"x"`` cell), because a
  z-score computed from the true counts pins every hidden count: with all other counts shown,
  each candidate 1..N-1 gives other z-scores, to two decimals, in the demo's 400-incident sample
  for all 32 hidden buurten. The published statistics are thus a function of published numbers
  only; they are also rounded (z 2 decimals, p 3). The trend tests of an area whose count is
  hidden (S, its variance with ties, tau, slope, p) are left out, as its flagged months are;
- the p-value of a hidden cell of the week-hour matrix is left empty (it would give the cell).

Because every output of a run reads the same :class:`Protection`, no output shows a cell
that another hides (a report's table beside a workbook's sheet cannot be subtracted).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kernel.nl import number

from mapping.disclosure import PRIMARY, SECONDARY, SECONDARY_MARKER, SHOWN, PrivacyRules, secondary_suppression

#: Decimals of the statistics in published tables when small counts are suppressed (and in the workbook always,
#: :mod:`mapping.workbook`): of the areas and of the trend tests (Kendall's tau, Sen's slope, the spread).
STAT_DIGITS = {"z": 2, "p": 3, "p_fdr": 3, "p_sim": 3, "Is": 3, "rate": 1, "rate_eb": 1, "tau": 2, "slope": 2,
               "dispersion": 1, "var_s": 1}


@dataclass
class Protection:
    """The published form of a run's numbers (see the module docstring)."""

    rules: PrivacyRules
    #: Per row of ``run.hotspots.areas``: SHOWN, PRIMARY or SECONDARY. Read it through
    #: :meth:`status_of`, which finds the row of every area by its code (a table sorted or cut
    #: otherwise than the areas is never paired with it by position).
    area_status: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    #: The code of every row of :attr:`area_status` (None when the areas have no codes).
    area_codes: np.ndarray | None = None
    #: Per cell of the week-hour matrix (7 x 24), or None without hot times.
    week_status: np.ndarray | None = None
    #: Names of totals that may not be published ("counted", "incidents", "outside", "wijk:<code>", "week").
    hidden_totals: set = field(default_factory=set)
    #: The statistics computed from the published table (columns of the result's areas), or None.
    stats: pd.DataFrame | None = None
    #: The codes of the areas whose count is hidden.
    hidden_codes: frozenset = frozenset()
    #: Per column of a table beside the areas whose total is published elsewhere (the report's wijk
    #: table a year earlier): the status of each row by its code (:meth:`protect_column`).
    column_status: dict = field(default_factory=dict)
    #: True when the week-hour matrix holds fewer incidents than the threshold: every cell is hidden (a zero
    #: beside a ``"<5"`` would tell when the few incidents happened), and so are the hot blocks (:meth:`week_note`).
    week_hidden: bool = False

    @property
    def active(self) -> bool:
        return self.rules.active

    def count(self, value, status: int = SHOWN):
        """The published form of one count (:meth:`PrivacyRules.shown`)."""
        return self.rules.shown(value, status)

    def text(self, value, digits: int = 0, status: int = SHOWN) -> str:
        """A count in a Dutch sentence (``"1.234"``, ``"<5"``, ``"x"``)."""
        return self.rules.text(value, digits, status)

    def total(self, name: str, value):
        """A published total: ``"x"`` when it would give a hidden cell away, else as :meth:`count`."""
        if name in self.hidden_totals:
            return SECONDARY_MARKER
        return self.count(value)

    def total_text(self, name: str, value) -> str:
        shown = self.total(name, value)
        return shown if isinstance(shown, str) else self.text(shown)

    def stat(self, column: str, value):
        """A statistic (z, p, rate) as published: rounded when a threshold is set."""
        if value is None or not np.isfinite(value):
            return None
        digits = STAT_DIGITS.get(column) if self.active else None
        return round(float(value), digits) if digits is not None else float(value)

    def area_rows(self, areas) -> np.ndarray:
        """The row of the protected areas table (:attr:`area_status`) behind every row of ``areas``, found
        by its code: ``areas`` may be any subset of the protected areas, in any order (the hot spots
        sorted by z). Without codes only the protected table itself, whole and in its order, is accepted;
        an area that was not protected is an error, never shown as if it were safe."""
        n = len(areas)
        known = len(self.area_status)
        if self.area_codes is not None and "code" in areas:
            codes = areas["code"].astype(str).to_numpy()
            if n == known and np.array_equal(codes, self.area_codes):
                return np.arange(n)
            index: dict = {}
            for i, c in enumerate(self.area_codes):
                index.setdefault(c, []).append(i)
            unknown = [c for c in codes if c not in index]
            if unknown:
                raise ValueError(f"areas not protected by this Protection: {', '.join(map(str, unknown[:5]))}")
            twice = sorted({c for c in codes if len(index[c]) > 1})
            if twice:
                raise ValueError(f"area codes not unique in the protected table: {', '.join(twice[:5])}")
            return np.array([index[c][0] for c in codes], dtype=np.int64)
        if n == known:
            return np.arange(n)
        raise ValueError(f"{n} areas without codes cannot be paired with the {known} protected areas")

    def status_of(self, areas) -> np.ndarray:
        """SHOWN, PRIMARY or SECONDARY for every row of ``areas`` (:meth:`area_rows`); all SHOWN when no
        areas were protected (the rules alone then decide, :meth:`count`)."""
        if not len(self.area_status) and self.area_codes is None:
            return np.zeros(len(areas), dtype=np.int8)
        return self.area_status[self.area_rows(areas)]

    def area_counts(self, areas) -> list:
        """The published count of every area, in the order of ``areas`` (any subset of the protected
        areas in any order: each row's mark follows its code, :meth:`status_of`)."""
        if "count" not in areas:
            return [None] * len(areas)
        return [self.count(v, s) for v, s in zip(areas["count"].to_numpy(dtype=float), self.status_of(areas))]

    def protect_column(self, name: str, codes, values) -> None:
        """Decide the published form of a column whose total ``name`` is published elsewhere (the report's
        wijk table a year earlier beside the total of that period): its cells are one group of
        :func:`mapping.disclosure.secondary_suppression`, so a primary cell (``"<N"``) has a second cell
        hidden beside it (``"x"``) and none can be worked out from the total; where no cell can protect
        them, the total ``name`` is hidden (:meth:`total`). Deciding a column again replaces the decision
        before it; without a threshold every cell is shown."""
        v = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").to_numpy(dtype=float)
        status, hidden = secondary_suppression(v, [np.arange(len(v))], self.rules)
        self.hidden_totals.discard(name)
        self.column_status[name] = dict(zip((str(c) for c in codes), (int(s) for s in status)))
        if hidden:
            self.hidden_totals.add(name)

    def column_count(self, name: str, code, value):
        """The published form of the cell ``code`` of the column ``name`` (:meth:`protect_column`)."""
        return self.count(value, self.column_status.get(name, {}).get(str(code), SHOWN))

    def published_counts(self, counts) -> np.ndarray:
        """A count vector that only uses published numbers: the shown counts (rounded with
        ``afronden``), ``N/2`` for a primary cell, and for the secondary cells an equal share of what
        the published total leaves (at least ``N + 1``)."""
        c = np.asarray(counts, dtype=float)
        st = self.area_status if len(self.area_status) == len(c) else np.zeros(len(c), dtype=np.int8)
        n = float(self.rules.suppress_below or 0)
        out = np.array([float(v) if isinstance(v, (int, float)) and v is not None else np.nan
                        for v in (self.count(x) for x in c)])
        out[st == PRIMARY] = n / 2
        sec = st == SECONDARY
        if sec.any():
            share = n + 1
            if "counted" not in self.hidden_totals and not self.rules.rounding:
                left = np.nansum(c) - np.nansum(np.where(st == SHOWN, c, 0.0)) - (st == PRIMARY).sum() * n / 2
                share = max(share, left / sec.sum())
            out[sec] = share
        return np.where(np.isfinite(c), out, np.nan)

    def published_areas(self, areas):
        """``areas`` with the statistics of the published table (:attr:`stats`) in place of those of the
        true counts (unchanged without a threshold)."""
        if self.stats is None:
            return areas
        rows = self.area_rows(areas)  # by code: a subset or another order gets the statistics of its own rows
        out = areas.copy()
        for col in self.stats.columns:
            out[col] = self.stats[col].to_numpy()[rows]
        return out

    def visible_trends(self, trends):
        """``trends`` without the series and tests that are not published (:meth:`hidden_series`), the FDR
        correction and the direction computed again over the series that remain (the adjusted p-value of one
        series depends on the p-values of all others)."""
        from dataclasses import replace

        from hotspots.significance import benjamini_hochberg

        if not self.active:
            return trends
        keep_t, keep_s = ~self.hidden_series(trends.tests, trends), ~self.hidden_series(trends.series, trends)
        if keep_t.all() and keep_s.all():
            return trends
        tests = trends.tests[keep_t].copy()
        if len(tests):
            tests["p_fdr"] = benjamini_hochberg(tests["p"].to_numpy())
            sig = tests["p_fdr"] <= trends.params.get("alpha", 0.05)
            tests["direction"] = np.where(sig & (tests["s"] > 0), "stijgend",
                                          np.where(sig & (tests["s"] < 0), "dalend", "geen trend"))
        return replace(trends, tests=tests, series=trends.series[keep_s])

    def hidden_series(self, rows, trends) -> np.ndarray:
        """Per row of ``rows`` (the trends' tests or series, with ``code`` and ``category``): whether its series
        is not published: its area's count is hidden, or the series itself holds incidents but fewer than the
        threshold (a category of one incident in a large buurt: its S, variance and tau said that it exists
        and in which year; found by a privacy audit of the workbook's Trends sheet). The totals come from
        ``trends.totals``, whole also where the series are not (the window's light run)."""
        hidden = rows["code"].astype(str).isin(self.hidden_codes).to_numpy()
        totals = getattr(trends, "totals", None)
        if not self.active or totals is None or not len(rows) or "category" not in rows:
            return hidden
        by_key = pd.Series(totals["total"].to_numpy(dtype=float),
                           index=pd.MultiIndex.from_arrays([totals["code"].astype(str),
                                                            totals["category"].astype(str)]))
        keys = pd.MultiIndex.from_arrays([rows["code"].astype(str), rows["category"].astype(str)])
        n = by_key.reindex(keys).to_numpy(dtype=float)
        return hidden | (np.isfinite(n) & (n > 0) & (n < self.rules.suppress_below))

    def trend_tests(self, trends) -> pd.DataFrame:
        """The trend tests as published: those of :meth:`visible_trends` (rounded), and the series that are not
        published (:meth:`hidden_series`) without any statistic ("afgeschermd")."""
        tests = trends.tests
        if not self.active:
            return tests
        shown = self.round_stats(self.visible_trends(trends).tests)
        hidden = tests.loc[self.hidden_series(tests, trends), ["code", "category"]].assign(direction="afgeschermd")
        return pd.concat([shown, hidden], ignore_index=True) if len(hidden) else shown.reset_index(drop=True)

    def hidden_areas(self, areas=None) -> np.ndarray:
        """Mask of the areas whose count is not shown (primary or secondary): of the rows of ``areas``
        (:meth:`status_of`), or of the protected table in its own order."""
        return (self.area_status if areas is None else self.status_of(areas)) > 0

    def round_stats(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` with its statistics rounded as :meth:`stat` (a copy; unchanged without a threshold)."""
        if not self.active:
            return frame
        out = frame.copy()
        for col, digits in STAT_DIGITS.items():
            if col in out.columns and pd.api.types.is_numeric_dtype(out[col]):
                out[col] = out[col].round(digits)
        return out

    def week_cells(self, matrix) -> list:
        """The published form of every cell of a week-hour matrix (7 x 24, row-major)."""
        m = np.asarray(matrix, dtype=float)
        status = self.week_status if self.week_status is not None else np.zeros(m.shape, dtype=np.int8)
        return [[self.count(round(float(m[d, h]), 2), int(status[d, h])) for h in range(m.shape[1])]
                for d in range(m.shape[0])]

    def week_note(self) -> str | None:
        """The sentence that says why the week-hour matrix is hidden whole (:attr:`week_hidden`), else None."""
        if not self.week_hidden:
            return None
        return (f"De tabel week x uur is afgeschermd: de selectie heeft minder dan {self.rules.suppress_below} "
                "incidenten, en elke cel (ook een 0) zou laten zien op welke dagen en uren ze gebeurden.")

    def hot_blocks(self, hottimes) -> list[dict]:
        """The hot blocks with their observed and expected numbers as published (none when the week-hour
        matrix is hidden whole: a block names the hours of the few incidents)."""
        if self.week_hidden:
            return []
        out = []
        for b in hottimes.hot_blocks:
            row = dict(b)
            for key in ("observed", "expected"):
                if key in row:
                    row[key] = self.count(round(float(row[key]), 1))
            if "p_fdr" in row and row["p_fdr"] is not None:
                row["p_fdr"] = self.stat("p_fdr", row["p_fdr"])
            out.append(row)
        return out

    def trend_sentences(self, trends) -> list[str]:
        """The trend sentences with every count, expectation and bound as published, and none about an
        area whose count is hidden (:meth:`visible_trends`)."""
        from hotspots.change.trends import trend_sentences

        lines = trend_sentences(self.visible_trends(trends), count_text=lambda v, digits=0: self.text(v, digits))
        n_hidden = int(self.hidden_series(trends.tests, trends).sum()) if self.active else 0
        if n_hidden:
            lines.append(f"Over {n_hidden} reeks(en) van gebieden met een afgeschermd aantal of met minder dan "
                         f"{self.rules.suppress_below} incidenten staat hier niets (het zou het aantal verraden).")
        return lines


def area_groups(areas) -> tuple[list[np.ndarray], list[str]]:
    """The groups of areas whose totals are published: all areas ("counted") and the areas of each wijk."""
    n = len(areas)
    groups, names = [np.arange(n)], ["counted"]
    if "wijk_code" in areas and n:
        codes = areas["wijk_code"].astype("string").fillna("").to_numpy()
        for code in pd.unique(codes):
            if code:
                groups.append(np.flatnonzero(codes == code))
                names.append(f"wijk:{code}")
    return groups, names


def week_groups(hottimes) -> tuple[list[np.ndarray], list[str]]:
    """The groups of the week-hour matrix whose sums are published: the week, each day, each hour, each block."""
    idx = np.arange(7 * 24).reshape(7, 24)
    groups = [idx.ravel()] + [idx[d] for d in range(7)] + [idx[:, h] for h in range(24)]
    names = ["week"] + [f"dag:{d}" for d in range(7)] + [f"uur:{h}" for h in range(24)]
    for i, b in enumerate(getattr(hottimes, "hot_blocks", []) or []):
        cells = _block_cells(b)
        if cells is not None:
            groups.append(cells)
            names.append(f"blok:{i}")
    return groups, names


def _block_cells(block) -> np.ndarray | None:
    from kernel.nl import DAY_NAMES

    try:
        day = DAY_NAMES.index(block["day"])
        start = int(str(block["start"]).split(":")[0])
        hours = int(block["hours"])
    except (KeyError, ValueError, TypeError):
        return None
    slots = (day * 24 + start + np.arange(hours)) % (7 * 24)
    return slots.astype(np.int64)


def protect_areas(areas, rules: PrivacyRules) -> Protection:
    """The :class:`Protection` of an areas table alone (a writer called without a run); the same
    decision as :func:`protect_run` makes for these areas."""
    prot = Protection(rules)
    counts = pd.to_numeric(areas["count"], errors="coerce").to_numpy(dtype=float) if "count" in areas \
        else np.full(len(areas), np.nan)
    groups, names = area_groups(areas)
    prot.area_status, hidden = secondary_suppression(counts, groups, rules)
    prot.hidden_totals |= {names[i] for i in hidden}
    if "code" in areas:
        prot.area_codes = areas["code"].astype(str).to_numpy()
        prot.hidden_codes = frozenset(prot.area_codes[prot.area_status > 0])
    return prot


#: The columns of a hot-spot result that are statistics of the counts.
STAT_COLUMNS = ("z", "p", "p_fdr", "p_sim", "gi_class", "gi_label", "Is", "quadrant", "quadrant_label", "rate_eb")


def restat(result, prot: Protection) -> pd.DataFrame | None:
    """The statistics of ``result`` computed again from the published table (Gi* or local Moran's I
    per area, with the run's parameters; the EB rates from the same counts). None for the cell
    methods, whose cells are built from the points (their statistics stay as computed)."""
    from hotspots.where.hotspots import run_hotspots
    from hotspots.where.rates import compute_rates

    if result.method not in ("gistar", "lisa"):
        return None
    areas = result.areas
    published = prot.published_counts(pd.to_numeric(areas["count"], errors="coerce"))
    frame = areas.assign(_gepubliceerd=published)
    params = dict(result.params)
    params.pop("variable", None)
    # classes withheld on too few incidents stay withheld: the published counts stand for the same incidents
    again = run_hotspots(frame, value="_gepubliceerd", params=params, withheld=getattr(result, "withheld", False))
    out = pd.DataFrame(index=areas.index)
    for col in STAT_COLUMNS:
        if col in again.areas and col in areas:
            out[col] = again.areas[col].to_numpy()
    if "rate_eb" in areas and "population" in areas:
        out["rate_eb"] = compute_rates(published, areas["population"], areas.get("water")).rate_eb
        out.loc[prot.area_status > 0, "rate_eb"] = np.nan
    return out


def run_totals(run) -> dict:
    """The totals of ``run`` (an :class:`hotspots.run.AnalysisRun`) under the names :meth:`Protection.total` publishes
    them by: the incidents read (``"incidents"``; None for police counts), those the tables count in the areas
    (``"counted"``; None without a count per area) and those outside every area (``"outside"``), which the map and
    the tables leave out. The workbook's and summary's sentence (:func:`mapping.outputs.counted_text`), the report's
    headline and the totals a sentence may not show (:func:`mapping.outputs.hidden_counts`) take them from here."""
    areas, incidents = run.hotspots.areas, run.inputs.incidents
    return {"incidents": None if incidents is None else len(incidents),
            "counted": float(np.nansum(pd.to_numeric(areas["count"], errors="coerce"))) if "count" in areas else None,
            "outside": int(getattr(run.hotspots, "outside", 0) or 0)}


def protect_run(run, rules: PrivacyRules) -> Protection:
    """The :class:`Protection` of ``run`` (an :class:`hotspots.run.AnalysisRun`) under ``rules``."""
    prot = protect_areas(run.hotspots.areas, rules)
    if prot.active and prot.area_status.any():
        prot.stats = restat(run.hotspots, prot)
    outside = run_totals(run)["outside"]
    if rules.suppressed(outside) and not rules.rounding:
        # read = counted + outside: with a hidden outside, the number read is not published
        prot.hidden_totals.add("incidents")
    hot = getattr(run, "hottimes", None)
    if hot is not None:
        wgroups, wnames = week_groups(hot)
        matrix = np.asarray(hot.matrix, dtype=float)
        status, hidden = secondary_suppression(matrix.ravel(), wgroups, rules)
        prot.week_status = status.reshape(7, 24)
        prot.hidden_totals |= {wnames[i] for i in hidden}
        if rules.suppressed(float(np.nansum(matrix))):  # fewer incidents than the threshold: no cell told apart
            prot.week_hidden = True
            prot.week_status = np.full((7, 24), SECONDARY, dtype=np.int8)
            prot.hidden_totals |= set(wnames)
    return prot


def published_read(read, prot: Protection) -> list[dict]:
    """What reading each input file gave (``read``: rows read, kept and rejected per reason, as
    ``samenvatting.json`` lists it) as ``prot`` publishes counts. The rows of an incidents file are incidents:
    with a threshold its rows kept and its rejected rows per reason are counts (``"<5"``), with a cell hidden
    beside a small one (``"x"``, :func:`mapping.disclosure.secondary_suppression`: the rows read are the total of
    them all, the rows rejected the total of the reasons), and its rows kept and read are hidden where the
    summary hides the incidents read: they are that number (403 rows kept beside 400 counted gave away the 3
    outside every area that the hidden total protected). The rows of other files (areas, the rows of a police
    table) are not incidents and stay as read.

    >>> read = [{"kind": "incidents", "rows_read": 8, "rows_kept": 6, "rows_rejected": 2,
    ...          "rejected_by_reason": {"geen datum": 2}}]
    >>> row = published_read(read, Protection(PrivacyRules(5)))[0]
    >>> row["rows_read"], row["rows_kept"], row["rows_rejected"], row["rejected_by_reason"]
    (8, 'x', 'x', {'geen datum': '<5'})
    """
    out = []
    for entry in read:
        row = dict(entry)
        out.append(row)
        if not prot.active or row.get("kind") != "incidents":
            continue
        reasons = dict(row.get("rejected_by_reason") or {})
        cells = [float(row.get("rows_kept") or 0), *(float(v) for v in reasons.values())]
        groups = [np.arange(len(cells)), np.array([0])] + ([np.arange(1, len(cells))] if reasons else [])
        status, hidden = secondary_suppression(cells, groups, prot.rules)
        if "incidents" in prot.hidden_totals:  # the rows kept are the incidents read, and the rows read their sum
            status[0] = max(int(status[0]), SECONDARY)
            hidden.add(0)
        row["rows_kept"] = prot.count(cells[0], int(status[0]))
        row["rejected_by_reason"] = {k: prot.count(v, int(st)) for k, v, st in zip(reasons, cells[1:], status[1:])}
        row["rows_read"] = SECONDARY_MARKER if 0 in hidden else prot.count(row.get("rows_read"))
        row["rows_rejected"] = SECONDARY_MARKER if 2 in hidden else prot.count(row.get("rows_rejected"))
    return out


def describe_counts(prot: Protection, areas) -> dict:
    """How many areas are hidden and why (for the summary and the report's appendix)."""
    st = prot.area_status
    return {"primair": int((st == PRIMARY).sum()), "secundair": int((st == SECONDARY).sum()),
            "zichtbaar": int((st == SHOWN).sum()), "gebieden": int(len(areas))}


def number_text(value, digits: int = 1) -> str:
    """A statistic in Dutch (no suppression: not a count)."""
    return "" if value is None or not np.isfinite(value) else number(float(value), digits)
