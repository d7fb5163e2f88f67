"""The wijken of a gemeente against the gemeente's own average, per year, with the benchmark's statistics.

The project's own figures are used: police counts per wijk (or per buurt, added up per wijk) of one
category (the total by default, never a sum of overlapping categories), or the incidents located in the
areas. Each wijk is tested against the rest of its gemeente (:func:`hotspots.benchmark.gemeente.compare_one`:
the same test, interval, rank with margin and percentile as for gemeenten); the gemeente's rate is shown as
the average. The dispersion comes from the wijken x years table of the gemeente itself; the p-values are
FDR-corrected over the wijken of a year. Inhabitants are those of the boundary file (one year for all
years, said in the notes); a wijk without inhabitants (an industrial estate, water) gets no rate.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from hotspots.benchmark.gemeente import POLICE_LABELS, Benchmark, compare_one, p_text, rate_text, verdicts, year_label
from hotspots.benchmark.groups import Group
from hotspots.benchmark.stats import rate, rate_interval, year_dispersion
from kernel.cbs import parents
from kernel.errors import AnalysisError
from kernel.nl import number
from kernel.progress import as_progress


def _wijk_of(codes: pd.Series, areas: pd.DataFrame) -> pd.Series:
    """The wijk code of area codes: themselves for wijken, the areas' ``wijk_code`` or the CBS hierarchy else."""
    codes = codes.astype("string").str.strip()
    direct = codes.where(codes.str.upper().str.startswith("WK"))
    lookup = {}
    if "wijk_code" in areas and areas["wijk_code"].notna().any():
        lookup = dict(zip(areas["code"].astype(str), areas["wijk_code"].astype("string")))
    mapped = codes.map(lambda c: lookup.get(str(c), pd.NA) if pd.notna(c) else pd.NA).astype("string")
    wk, _ = parents(codes)
    return direct.fillna(mapped).fillna(wk)


def wijk_frame(areas, wijken=None) -> pd.DataFrame:
    """The wijken of ``areas``: ``code``, ``name``, ``population``, ``water``, ``gemeente_code``, ``gemeente_name``.

    From ``wijken`` (or ``areas`` at wijk level) as they are; else the buurten added up per wijk, named from
    a ``wijknaam`` column where the boundary file has one (CBS 2019 and later), else by their code.
    """
    from importers.detect import normalise_header

    if wijken is None and "level" in areas and len(areas) and (areas["level"] == "wijk").all():
        wijken = areas
    cols = ["code", "name", "population", "water", "gemeente_code", "gemeente_name"]
    if wijken is not None:
        out = pd.DataFrame({c: wijken[c] if c in wijken else pd.NA for c in cols})
        out["code"] = out["code"].astype(str)
        return out.reset_index(drop=True)
    key = _wijk_of(areas["code"], areas)
    name_col = next((c for c in areas.columns if normalise_header(c) in ("wijknaam", "wknaam", "wijkname")), None)
    grouped = areas.assign(_w=key).groupby("_w", sort=True)
    out = pd.DataFrame({"code": list(grouped.groups)})
    out["name"] = grouped[name_col].first().to_numpy() if name_col else out["code"]
    out["population"] = grouped["population"].sum(min_count=1).to_numpy() if "population" in areas else np.nan
    out["water"] = grouped["water"].all().to_numpy() if "water" in areas else False
    for c in ("gemeente_code", "gemeente_name"):
        out[c] = grouped[c].first().to_numpy() if c in areas else pd.NA
    return out


def _counts_per_wijk(areas, counts, incidents, category, progress, cancelled):
    """Long (wijk, year, first_month, last_month, count) and the sentence on the category used."""
    if counts is not None:
        from hotspots.categories import choose_counts_category

        choice = choose_counts_category(counts, category)
        c = choice.counts
        level = c["code"].astype("string").str.upper().str[:2]
        c = c[level == "WK"] if (level == "WK").any() else c[level == "BU"]
        frame = pd.DataFrame({"wijk": _wijk_of(c["code"], areas).to_numpy(),
                              "month": c["period"].map(lambda p: pd.Period(p, "M") if p.freqstr[0] == "M"
                                                       else None).to_numpy(),
                              "year": c["period"].map(lambda p: p.year).to_numpy(), "count": c["count"].to_numpy()})
        what = choice.sentence
        label = choice.label or POLICE_LABELS.get(str(choice.category)) or choice.category
    else:
        from hotspots.categories import select_category
        from hotspots.where.assign import ensure_assigned

        inc = incidents
        kinds = inc["category"].dropna().unique() if "category" in inc else []
        label = category or (str(kinds[0]) if len(kinds) == 1 else None)  # one category: it is the theme
        if category:
            mask, match = select_category(inc["category"], category)
            if match.unknown:
                raise AnalysisError(match.message())
            inc = inc[mask]
        located = ensure_assigned(inc, areas, progress=progress, cancelled=cancelled).incidents
        start = pd.to_datetime(located["start"], errors="coerce")
        frame = pd.DataFrame({"wijk": _wijk_of(located["area"], areas).to_numpy(), "month": start.dt.to_period("M"),
                              "year": start.dt.year, "count": 1})
        what = f"Incidenten{' van ' + category if category else ''}, per wijk geteld op hun plaats."
    kept = frame["wijk"].notna() & frame["year"].notna()
    if not kept.any():  # nothing to count per wijk and year: say why, before the tables are built on nothing
        raise AnalysisError(_why_none(frame, "incidenten" if counts is None else "tellingen"))
    frame = frame[kept]
    months = frame.groupby("year")["month"].agg(["min", "max"]) if frame["month"].notna().any() else None
    return frame, what, label, months


def _why_none(frame, what: str) -> str:
    """Why no row of ``frame`` (wijk, year) counts: none in a wijk, or none with a date."""
    if frame.empty:
        return f"Geen {what} om per wijk te tellen."
    if not frame["wijk"].notna().any():
        return (f"Geen van de {len(frame)} {what} valt in een wijk van de gebieden (zonder coördinaten of "
                "gebiedscode, of buiten de gebieden): geen aantallen per wijk.")
    return f"Geen van de {len(frame)} {what} heeft een datum: de wijken worden per jaar vergeleken."


def benchmark_wijken(areas, *, counts=None, incidents=None, wijken=None, category: str | None = None,
                     gemeente: str | None = None, alpha: float = 0.05, spread: str = "geschat",
                     confidence: float = 0.95, seed: int = 0, progress=None, cancelled=None) -> Benchmark:
    """Every wijk against the rest of its gemeente, per year (module docstring).

    ``areas``: buurten or wijken with ``population``; ``wijken``: the wijken (names and inhabitants) where
    ``areas`` are buurten; ``counts`` or ``incidents``: the project's figures.
    """
    prog = as_progress(progress, cancelled)
    if (counts is None) == (incidents is None):
        raise AnalysisError("Geef tellingen of incidenten (één van beide) om de wijken te vergelijken.")
    if areas is None:
        raise AnalysisError("Voor de wijken zijn gebiedsgrenzen met inwoners nodig.")
    frame, what, label, months = _counts_per_wijk(areas, counts, incidents, category, prog.slice(0, 0.3), cancelled)
    notes = [what]
    wk = wijk_frame(areas, wijken)
    if wijken is None and not ("level" in areas and (areas["level"] == "wijk").all()):
        notes.append("Inwoners per wijk: de buurten opgeteld.")
    people = wk.set_index("code")["population"].astype(float)
    names = wk.set_index("code")["name"].astype(str).to_dict()
    water = set(wk.loc[wk["water"].fillna(False).astype(bool), "code"])
    table = frame.groupby(["wijk", "year"])["count"].sum().unstack("year")
    table = table.reindex(sorted((set(table.index) | set(people.index)) - water)).fillna(0.0)
    if incidents is None:  # police counts: a wijk without a row in a year is unknown, not 0
        known = frame.groupby(["wijk", "year"]).size().unstack("year").reindex(table.index)
        table = table.where(known.notna())
    no_people = [w for w in table.index if not (people.get(w, np.nan) > 0)]
    if no_people:
        notes.append(f"{len(no_people)} wijk(en) zonder inwoners (bijvoorbeeld {names.get(no_people[0], no_people[0])}): "
                     "geen cijfer per 1.000 inwoners.")
    rated = [w for w in table.index if w not in no_people]
    if len(rated) < 2:
        raise AnalysisError("Minder dan twee wijken met inwoners: er valt niets te vergelijken.")
    year = int(areas["year"].dropna().iloc[0]) if "year" in areas and areas["year"].notna().any() else None
    notes.append("Inwoners uit het grenzenbestand" + (f" ({year})" if year else "") + ", voor alle jaren.")
    phi = 1.0
    if spread != "poisson":
        est, df = year_dispersion(table.loc[rated].to_numpy(dtype=float))
        phi = max(est, 1.0) if df > 0 else 1.0
        if df == 0:
            notes.append("Eén jaar: de toevallige schommeling van jaar tot jaar is niet te schatten; alleen Poisson.")
    gm = gemeente or (str(areas["gemeente_code"].dropna().iloc[0]) if "gemeente_code" in areas and
                      areas["gemeente_code"].notna().any() else "")
    gm_name = str(areas["gemeente_name"].dropna().iloc[0]) if "gemeente_name" in areas and \
        areas["gemeente_name"].notna().any() else (gm or "de gemeente")
    rows, members = [], []
    years = [int(y) for y in table.columns]
    for i, y in enumerate(years):
        prog(0.3 + 0.7 * i / len(years), f"Wijken vergelijken: {y}")
        col = table[y].loc[rated]
        ok = col.notna()
        c, n = col[ok].to_numpy(float), people.reindex(col[ok].index).to_numpy(float)
        if len(c) < 2:
            continue
        total_c, total_n = c.sum(), n.sum()
        shown = 1000 * total_c / total_n
        label_y = year_label(y, (months.loc[y, "min"].month, months.loc[y, "max"].month, False)) \
            if months is not None and y in months.index else str(y)
        for j, w in enumerate(col[ok].index):
            others = np.arange(len(c)) != j
            rows.append({"category": str(label or ""), "category_label": str(label or "alle incidenten"),
                         "year": y, "period": label_y, "group": "gemeente", "group_label": gm_name, "code": w,
                         "name": names.get(w, w),
                         **compare_one(c[j], n[j], total_c - c[j], total_n - n[j], shown, c[others], n[others], phi,
                                       confidence, seed)})
        lo, hi = rate_interval(c, n, phi=phi, confidence=confidence)
        members.append(pd.DataFrame({"category": str(label or ""), "year": y, "group": "gemeente",
                                     "code": list(col[ok].index), "name": [names.get(w, w) for w in col[ok].index],
                                     "count": c, "population": n, "rate": rate(c, n), "rate_low": lo, "rate_high": hi,
                                     "target": False}))
    table_out = verdicts(pd.DataFrame(rows), alpha, ["year"])
    table_out["sentence"] = [_sentence(r) for r in table_out.itertuples()]
    notes.append("Elke wijk tegen de rest van de gemeente: negatief-binomiale toets met de schommeling van jaar tot jaar "
                 f"van de wijken (phi = {number(phi, 2)}), FDR-correctie over de wijken van een jaar.")
    group = Group("gemeente", gm_name, list(rated))
    prog(1.0, "Klaar")
    return Benchmark(code=gm, name=gm_name, table=table_out, members=pd.concat(members, ignore_index=True),
                     groups={"gemeente": group}, notes=notes,
                     params={"category": category, "alpha": alpha, "spread": spread, "confidence": confidence,
                             "seed": seed, "level": "wijk"})


def _sentence(r) -> str:
    head = f"{r.name}, {r.period}: {rate_text(r.rate)} per 1.000 inwoners ({rate_text(r.rate_low)}-{rate_text(r.rate_high)})"
    if r.verdict == "niet te toetsen":
        verdict = "niet te toetsen"
    elif r.verdict == "niet anders":
        verdict = f"niet anders dan het gemiddelde van de gemeente ({p_text(r.p_fdr)})"
    else:
        verdict = f"{r.verdict} dan het gemiddelde van de gemeente ({p_text(r.p_fdr)})"
    margin = f", marge {r.rank_low}-{r.rank_high}" if (r.rank_low, r.rank_high) != (r.rank, r.rank) else ""
    return (f"{head}; {r.group_label} {rate_text(r.group_rate)}: {verdict}. Plaats {r.rank} van {r.n_group} "
            f"wijken (1 = hoogste{margin}).")
