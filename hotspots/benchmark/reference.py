"""Building the reference set from the files the user downloaded, through the registered readers.

:func:`build_reference` reads the police figures of all gemeenten (``kind="counts"``: table 47022NED or its
successor, typed or with labels, per month, quarter or year), the CBS kerncijfers (``kind="kerncijfers"``:
the gemeente layer of the Wijk- en buurtkaart and/or a StatLine table) and Veiligheidsmonitor tables
(``kind="survey"``), and makes an :class:`importers.referenceset.ReferenceSet`: counts per gemeente, year and
category (:func:`counts_per_year`), inhabitants per year, the stedelijkheid and regions, and the pairs of
gemeenten sharing a border (queen contiguity on the gemeente layer, :func:`hotspots.where.weights.queen`).
An existing set is updated: the police figures replace the old ones, kerncijfers likewise, survey tables
are added (a newer figure for the same area, year and indicator replaces the old). Each file read is listed
in ``sources`` with its SHA-256 and dates.
"""
from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from importers.referenceset import SCHEMA, ReferenceSet
from kernel.errors import AnalysisError
from kernel.nl import listing
from kernel.progress import as_progress

#: Snapping distance (metres) for gemeenten sharing a border: borders of one CBS layer share their vertices.
BORDER_TOLERANCE = 1.0


def counts_per_year(counts: pd.DataFrame) -> pd.DataFrame:
    """Police counts of gemeenten and the country per year and category (``SCHEMA["counts"]`` columns).

    Monthly and quarterly figures are added up per year and the months they cover are kept
    (``first_month``, ``last_month``), so a year still running is known as such; where a table holds a
    year's own total beside its months, the total is used. Rows of other areas (wijken, buurten,
    provinces) are left out.

    >>> c = pd.DataFrame({"code": ["GM0014"] * 3 + ["WK001400"], "category": "1.2.3", "category_label": pd.NA,
    ...                   "period": [pd.Period("2023-01", "M"), pd.Period("2023-02", "M"), pd.Period("2022", "Y"),
    ...                              pd.Period("2023-01", "M")], "count": [5, 7, 100, 1], "provisional": False})
    >>> counts_per_year(c)[["code", "year", "count", "first_month", "last_month"]].values.tolist()
    [['GM0014', 2022, 100, 1, 12], ['GM0014', 2023, 12, 1, 2]]
    """
    code = counts["code"].astype("string").str.strip().str.upper()
    keep = code.str.match(r"^(GM\d{4}|NL\d{2})$").fillna(False).to_numpy(bool)
    c = counts[keep].assign(code=code[keep])
    if c.empty:
        return pd.DataFrame({k: pd.Series(dtype=t) for k, t in SCHEMA["counts"].items()})
    freq = c["period"].map(lambda p: p.freqstr[0])
    c = c.assign(year=c["period"].map(lambda p: p.year).astype(int), freq=freq,
                 first=c["period"].map(lambda p: p.start_time.month), last=c["period"].map(lambda p: p.end_time.month))
    label = c["category_label"] if "category_label" in c else pd.Series(pd.NA, index=c.index)
    c = c.assign(category_label=label, provisional=c["provisional"] if "provisional" in c else False)
    yearly = c["freq"] == "Y"
    has_total = c[yearly].set_index(["code", "year", "category"]).index
    finer = ~yearly & c.set_index(["code", "year", "category"]).index.isin(has_total)
    c = c[~finer]
    out = c.groupby(["code", "year", "category"], sort=True).agg(
        category_label=("category_label", "first"), count=("count", "sum"), first_month=("first", "min"),
        last_month=("last", "max"), provisional=("provisional", "any")).reset_index()
    return out[list(SCHEMA["counts"])].astype(SCHEMA["counts"])


def _source(kind: str, path: Path, report) -> dict:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return {"soort": kind, "bestand": path.name, "pad": str(path.resolve()), "sha256": h.hexdigest(),
            "bestandsdatum": datetime.fromtimestamp(path.stat().st_mtime).strftime("%d-%m-%Y"),
            "ingelezen": datetime.now().isoformat(timespec="seconds"), "lezer": report.reader,
            "rijen": report.rows_read, "bewaard": report.rows_kept, "afgewezen": report.rows_rejected,
            "aannames": list(report.assumptions), "waarschuwingen": list(report.warnings)}


def border_pairs(layer) -> pd.DataFrame:
    """Pairs of gemeenten sharing a border (both ways): queen contiguity without fallback for islands."""
    from hotspots.where.weights import queen

    w = queen(layer, BORDER_TOLERANCE, ids=layer["code"].astype(str).to_numpy(), fallback=False)
    m = w.sparse.tocoo()
    return pd.DataFrame({"code": w.ids[m.row], "neighbour": w.ids[m.col]}).astype("string") \
        .sort_values(["code", "neighbour"]).reset_index(drop=True)


def _merge_kerncijfers(frames: list) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Gemeenten (latest year of any file) and inhabitants per year from several kerncijfers frames."""
    notes = []
    allrows = pd.concat([f.drop(columns=[c for c in ("geometry",) if c in f]) for f in frames], ignore_index=True)
    allrows = allrows[allrows["code"].notna()]
    pop = allrows[allrows["population"].notna() & allrows["year"].notna()]
    # a StatLine table (several years) before a map layer's one year: the later file of the list wins
    pop = pop.drop_duplicates(["code", "year"], keep="last")[["code", "year", "population"]]
    gm = allrows[allrows["code"].str.startswith("GM")]
    latest = int(gm["year"].max()) if gm["year"].notna().any() else None
    current = gm[gm["year"] == latest] if latest is not None else gm
    gemeenten = current.drop_duplicates("code", keep="last")[["code", "name", "year"]].copy()
    regions = [c for c in allrows.columns if c not in ("code", "name", "year", "population", "stedelijkheid")]
    for col in ["stedelijkheid"] + regions:  # the latest known value per gemeente, from any file
        known = gm[gm[col].notna()].sort_values("year", na_position="first").drop_duplicates("code", keep="last")
        gemeenten[col] = gemeenten["code"].map(known.set_index("code")[col])
    latest_pop = pop.sort_values("year").drop_duplicates("code", keep="last").set_index("code")["population"]
    gemeenten["population"] = gemeenten["code"].map(latest_pop)
    gone = sorted(set(gm["code"]) - set(gemeenten["code"]))
    if gone:
        notes.append(f"{len(gone)} gemeentecodes komen alleen in eerdere jaren voor (herindelingen): "
                     f"{listing(gone, 6)}; de vergelijking gebruikt de {len(gemeenten)} gemeenten van {latest}.")
    gemeenten["stedelijkheid"] = gemeenten["stedelijkheid"].astype("Int64")
    gemeenten["year"] = gemeenten["year"].astype("Int64")
    return gemeenten.reset_index(drop=True), pop.astype({"year": "int64"}).reset_index(drop=True), notes


def _lookup_areas(gemeenten: pd.DataFrame, areas=None) -> pd.DataFrame:
    """Codes and names to join tables with names only: the gemeenten, the country, and the user's areas."""
    frames = [pd.DataFrame({"code": gemeenten["code"].astype(str), "name": gemeenten["name"].astype(str),
                            "gemeente_code": gemeenten["code"].astype(str), "gemeente_name": gemeenten["name"].astype(str)}),
              pd.DataFrame({"code": ["NL01"], "name": ["Nederland"], "gemeente_code": [pd.NA], "gemeente_name": [pd.NA]})]
    if areas is not None:
        cols = [c for c in ("code", "name", "gemeente_code", "gemeente_name") if c in areas]
        frames.append(pd.DataFrame(areas[cols]).astype("string"))
    return pd.concat(frames, ignore_index=True)


def build_reference(*, police=(), kerncijfers=(), survey=(), existing: ReferenceSet | None = None, areas=None,
                    progress=None, cancelled=None) -> tuple[ReferenceSet, list[str]]:
    """The reference set from these files (module docstring) and Dutch notes on what was done.

    ``areas`` (the project's wijken or buurten) lets a Veiligheidsmonitor table per wijk with names only
    be joined to codes.
    """
    import importers

    prog = as_progress(progress, cancelled)
    ref = existing if existing is not None else ReferenceSet()
    notes: list[str] = []
    sources = list(ref.sources)
    files = [("kerncijfers", Path(p)) for p in kerncijfers] + [("politie", Path(p)) for p in police] + \
        [("veiligheidsmonitor", Path(p)) for p in survey]
    if not files:
        raise AnalysisError("Geef de bestanden voor de referentieset: --politie, --kerncijfers en/of --vm.")
    gemeenten, population, neighbours = ref.gemeenten, ref.population, ref.neighbours
    if kerncijfers:
        frames, layers = [], []
        for i, path in enumerate(Path(p) for p in kerncijfers):
            prog(0.4 * i / len(kerncijfers), f"Kerncijfers lezen: {path.name}")
            got = importers.read(path, kind="kerncijfers")
            frames.append(got.data)
            if "geometry" in got.data:
                layers.append(got.data)
            sources = [s for s in sources if s.get("pad") != str(path.resolve())] + [_source("kerncijfers", path, got.report)]
            notes += [f"{path.name}: {w}" for w in got.report.warnings]
        gemeenten, population, more = _merge_kerncijfers(frames)
        notes += more
        if layers:
            prog(0.4, "Buurgemeenten zoeken")
            layer = layers[-1]
            neighbours = border_pairs(layer[layer["code"].str.startswith("GM")].reset_index(drop=True))
        elif ref.neighbours.empty:
            notes.append("Geen gemeentelaag met grenzen: de vergelijking met buurgemeenten kan niet.")
    if gemeenten.empty:
        raise AnalysisError("De referentieset heeft nog geen kerncijfers (inwoners per gemeente): geef ook "
                            "--kerncijfers (de gemeentelaag van de CBS Wijk- en buurtkaart of een tabel van StatLine).")
    lookup = _lookup_areas(gemeenten, areas)
    counts = ref.counts
    if police:
        parts = []
        for path in (Path(p) for p in police):
            prog(0.5, f"Politiecijfers lezen: {path.name}")
            got = importers.read(path, kind="counts", areas=lookup)
            parts.append(counts_per_year(got.data))
            sources = [s for s in sources if s.get("soort") != "politie"] + [_source("politie", path, got.report)]
            notes += [f"{path.name}: {w}" for w in got.report.warnings if "overlappen" not in w]
        counts = pd.concat(parts, ignore_index=True).drop_duplicates(["code", "year", "category"], keep="last")
    unknown = sorted(set(counts["code"]) - set(gemeenten["code"]) - {"NL01"})
    if unknown:
        notes.append(f"{len(unknown)} gemeentecodes in de politiecijfers staan niet in de kerncijfers (andere "
                     f"gemeentelijke indeling?): {listing(unknown, 6)}; ze tellen niet mee.")
    surveys = ref.survey
    for path in (Path(p) for p in survey):
        prog(0.8, f"Veiligheidsmonitor lezen: {path.name}")
        got = importers.read(path, kind="survey", areas=lookup)
        data = got.data[got.data["code"].notna()]
        surveys = pd.concat([surveys, data], ignore_index=True) if len(surveys) else data
        surveys = surveys.drop_duplicates(["code", "year", "indicator"], keep="last")
        sources = [s for s in sources if s.get("pad") != str(path.resolve())] + \
            [_source("veiligheidsmonitor", path, got.report)]
        notes += [f"{path.name}: {w}" for w in got.report.warnings]
    prog(1.0, "Referentieset klaar")
    made = datetime.now().isoformat(timespec="seconds")
    out = ReferenceSet(gemeenten=gemeenten, population=population.astype(SCHEMA["population"]),
                       counts=counts.reset_index(drop=True), neighbours=neighbours.astype(SCHEMA["neighbours"]),
                       survey=surveys.reset_index(drop=True).astype({k: v for k, v in SCHEMA["survey"].items()}),
                       sources=sources, made=made)
    return out, notes


def population_table(ref: ReferenceSet, years) -> pd.DataFrame:
    """Inhabitants per code (rows) and year (columns); a year without figures takes the nearest year's.

    Returns the table and, in ``table.attrs["filled"]``, the years filled that way (year -> year used).
    """
    pop = ref.population.pivot_table(index="code", columns="year", values="population", aggfunc="last")
    known = np.array(sorted(pop.columns), dtype=int)
    filled = {}
    out = pd.DataFrame(index=pop.index)
    for y in years:
        if y in pop.columns:
            col = pop[y]
            if col.isna().any() and len(known) > 1:  # a gemeente without that year's figure: its nearest year
                nearest = pop[known[np.argsort(np.abs(known - y))]].bfill(axis=1).iloc[:, 0]
                col = col.fillna(nearest)
            out[y] = col
        elif len(known):
            use = int(known[np.argmin(np.abs(known - y))])
            filled[int(y)] = use
            out[y] = pop[use]
    out.attrs["filled"] = filled
    return out
