"""One gemeente against the country, similar gemeenten, its neighbours and a region: per category and year.

For every category (or theme: categories added up that do not hold one another), every year of the
reference set and every group (:mod:`hotspots.benchmark.groups`) the table of :func:`benchmark_gemeente`
holds the gemeente's rate per 1,000 with its interval, the group's rate, the test against the group
without the gemeente (:func:`hotspots.benchmark.stats.reference_test`; FDR over the categories of one
group and year), the verdict ("hoger", "lager", "niet anders", "niet te toetsen"), its rank among the group
with the margin of that rank, its percentile, and a Dutch sentence. The country's rate is the published
national figure (``NL01``) where the police table has it, else the sum of the gemeenten; the test is always
against the rest of the country. ``members`` holds every member's rate and interval, for the dot plot.

The dispersion :math:`\\phi` of a category is estimated once, from the year-to-year table of the gemeenten
of the gemeente's size class (:func:`hotspots.benchmark.stats.year_dispersion`), and used for every group:
it is the chance variation of a gemeente of this size. ``spread="poisson"`` takes :math:`\\phi = 1`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hotspots.benchmark import groups as G
from hotspots.benchmark.reference import population_table
from hotspots.benchmark.stats import percentile_of, rank_interval, rank_of, rate, rate_interval, reference_test, \
    year_dispersion
from hotspots.significance import benjamini_hochberg
from kernel import nl
from kernel.cbs import POLICE_LABELS  # the names of 47022NED's categories (importers name a typed table's with them)
from kernel.errors import AnalysisError
from kernel.nl import number
from kernel.progress import as_progress

NATIONAL = "NL01"
MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def p_text(p: float) -> str:
    """``p = 0,047``, ``p < 0,001``, or ``niet te toetsen`` where there is no p."""
    return nl.p_text(p, missing="niet te toetsen")


def rate_text(x: float) -> str:
    """A rate per 1,000 with one decimal, two below 1 (so 0,26 and 0,34 do not both read 0,3)."""
    if x is None or not np.isfinite(x):
        return "onbekend"
    return number(x, 2 if abs(x) < 1 else 1)


@dataclass
class Benchmark:
    """The comparison of one gemeente (module docstring). ``table``: one row per category x group x year."""

    code: str
    name: str
    table: pd.DataFrame
    members: pd.DataFrame
    groups: dict
    notes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    params: dict = field(default_factory=dict)

    def latest(self) -> pd.DataFrame:
        """The rows of the latest year of each category and group."""
        t = self.table
        if t.empty:
            return t
        last = t.groupby(["category", "group"])["year"].transform("max")
        return t[t["year"] == last]

    @property
    def sentences(self) -> list[str]:
        return self.latest()["sentence"].tolist()

    def to_dict(self) -> dict:
        return {"gemeente": {"code": self.code, "name": self.name},
                "groups": {k: {"label": g.label, "members": g.members, "notes": g.notes} for k, g in self.groups.items()},
                "table": self.table.to_dict(orient="records"), "members": self.members.to_dict(orient="records"),
                "sentences": self.sentences, "notes": self.notes, "warnings": self.warnings, "params": self.params}


@dataclass
class Series:
    """One category or theme: its label, the counts per code x year, and the months each year covers."""

    key: str
    label: str
    counts: pd.DataFrame  # index code, columns year
    months: dict          # year -> (first_month, last_month, provisional)


def _theme_series(ref, spec: str) -> Series:
    """A category (code or label) or a theme ``NAAM=cat,cat`` of the reference counts (never overlapping ones)."""
    from hotspots.categories import category_key
    from importers.police import contains

    cats = ref.categories()
    labels = {c: (lab if pd.notna(lab) else POLICE_LABELS.get(str(c))) for c, lab in zip(cats["category"],
                                                                              cats["category_label"])}
    by_key = {}
    for c, label in labels.items():
        by_key[category_key(c)] = c
        if label:
            by_key[category_key(label)] = c
            by_key[category_key(f"{c} {label}")] = c
    name, _, listed = spec.partition("=") if "=" in spec else (None, None, spec)
    wanted = [s.strip() for s in listed.replace(";", ",").split(",")] if name is not None else [spec.strip()]
    chosen, unknown = [], []
    for w in wanted:
        if w:
            (chosen if category_key(w) in by_key else unknown).append(by_key.get(category_key(w), w))
    if unknown:
        known = ", ".join(f"{c} {lab}" if lab else c for c, lab in labels.items())
        raise AnalysisError(f"Categorie(ën) niet in de referentieset: {', '.join(unknown)}. Wel aanwezig: {known}.")
    for a in chosen:
        for b in chosen:
            if contains(a, b):
                raise AnalysisError(f"'{spec}': categorie {a} bevat {b}; die worden nooit opgeteld.")
    part = ref.counts[ref.counts["category"].isin(chosen)]
    counts = part.pivot_table(index="code", columns="year", values="count", aggfunc="sum")
    if len(chosen) > 1:  # a theme: only where every category is known
        n = part.pivot_table(index="code", columns="year", values="count", aggfunc="count")
        counts = counts.where(n == len(chosen))
    months = {int(y): (int(g["first_month"].min()), int(g["last_month"].max()), bool(g["provisional"].any()))
              for y, g in part.groupby("year")}
    if name is not None:
        label = name.strip()
    else:
        c = chosen[0]
        label = f"{c} {labels[c]}" if labels.get(c) else c
    return Series(key=spec if name is None else name.strip(), label=label, counts=counts, months=months)


def year_label(year: int, months: tuple) -> str:
    """``2023``, or ``2024 (jan t/m sep)`` for a year the figures do not cover whole, ``*`` for provisional."""
    first, last, provisional = months
    text = str(year) if (first, last) == (1, 12) else f"{year} ({MONTHS[first - 1]} t/m {MONTHS[last - 1]})"
    return text + ("*" if provisional else "")


def _phi(series: Series, codes, spread: str) -> float:
    if spread == "poisson":
        return 1.0
    table = series.counts.reindex([c for c in codes if c in series.counts.index])
    phi, df = year_dispersion(table.to_numpy(dtype=float))
    return float(max(phi, 1.0)) if df > 0 else float("nan")


def _groups(ref, code: str, wanted, region: str | None, min_group: int) -> dict:
    out = {}
    for key in wanted:
        if key == "nederland":
            out[key] = G.national(ref.gemeenten, code)
        elif key == "vergelijkbaar":
            out[key] = G.similar(ref.gemeenten, code, min_group)
        elif key == "buren":
            out[key] = G.neighbours(ref.neighbours, code)
        elif key == "regio":
            spec = region or G.own_region(ref.gemeenten, code)
            if spec:
                out[key] = G.region(ref.gemeenten, code, spec)
        else:
            raise AnalysisError(f"Onbekende groep '{key}'; kies uit {', '.join(G.GROUPS)}.")
    return out


def find_gemeente(ref, gemeente: str) -> str:
    """The code of a gemeente in the reference set, given as code (GM0014, 0014, 14) or name."""
    from kernel.cbs import gemeente_code

    code = gemeente_code(gemeente)
    if code is None:
        hit = ref.gemeenten[ref.gemeenten["name"].astype(str).str.casefold() == str(gemeente).strip().casefold()]
        code = str(hit["code"].iloc[0]) if len(hit) else None
    if code is None or code not in set(ref.gemeenten["code"]):
        raise AnalysisError(f"Gemeente '{gemeente}' staat niet in de referentieset ({len(ref.gemeenten)} gemeenten "
                            f"van {ref.gemeenten['year'].max() if len(ref.gemeenten) else '?'}).")
    return code


def benchmark_gemeente(ref, gemeente: str, *, categories=(), groups=G.GROUPS, region: str | None = None,
                       years=None, alpha: float = 0.05, spread: str = "geschat", min_group: int = 5,
                       confidence: float = 0.95, seed: int = 0, progress=None, cancelled=None) -> Benchmark:
    """The comparison of ``gemeente`` (module docstring).

    ``categories``: codes, labels or themes ``NAAM=cat,cat`` (default: every category of the set);
    ``years``: (first, last) or None for all; ``region``: the region to compare with (see
    :func:`hotspots.benchmark.groups.region`; default the gemeente's own police unit where the kerncijfers
    name one).
    """
    prog = as_progress(progress, cancelled)
    if ref.counts.empty:
        raise AnalysisError("De referentieset heeft geen politiecijfers: lees ze in met --politie.")
    code = find_gemeente(ref, gemeente)
    gem = ref.gemeenten.set_index("code")
    name = str(gem.at[code, "name"])
    specs = list(categories) or list(ref.categories()["category"])
    wanted_groups = _groups(ref, code, groups, region, min_group)
    notes, warnings = [], []
    for g in wanted_groups.values():
        warnings += [n for n in g.notes if "verbreed" in n or "eiland" in n or "geen" in n.lower()]
        notes += [n for n in g.notes if n not in warnings]
    if "regio" in groups and "regio" not in wanted_groups:
        notes.append("Geen regio vergeleken: de kerncijfers noemen geen regio; geef er een met --region.")
    all_years = sorted(int(y) for y in ref.counts["year"].unique())
    if years:
        all_years = [y for y in all_years if int(years[0]) <= y <= int(years[1])]
    if not all_years:
        raise AnalysisError("Geen jaren met politiecijfers in de gevraagde periode.")
    pop = population_table(ref, all_years)
    for y, used in pop.attrs["filled"].items():
        notes.append(f"Inwoners van {used} gebruikt voor {y} (de kerncijfers hebben {y} niet).")
    size_members = [c for c in gem.index if G.size_class(gem.at[c, "population"]) == G.size_class(gem.at[code, "population"])]
    rows, members = [], []
    for i, spec in enumerate(specs):
        prog(i / max(len(specs), 1), f"Vergelijken: {spec}")
        series = _theme_series(ref, spec)
        phi = _phi(series, size_members, spread)
        if not np.isfinite(phi):
            warnings.append(f"{series.label}: één jaar of te weinig gemeenten om de toevallige schommeling te "
                            "schatten; alleen Poisson (dan valt een verschil eerder 'significant' uit).")
            phi = 1.0
        for year in all_years:
            if year not in series.counts.columns or year not in pop.columns:
                continue
            counts, people = series.counts[year], pop[year]
            c_t, n_t = counts.get(code, np.nan), people.get(code, np.nan)
            if not (np.isfinite(c_t) and np.isfinite(n_t) and n_t > 0):
                continue
            label = year_label(year, series.months.get(year, (1, 12, False)))
            for key, group in wanted_groups.items():
                m = [c for c in group.members if np.isfinite(counts.get(c, np.nan)) and people.get(c, 0) > 0]
                if key == "nederland" and NATIONAL in counts.index and np.isfinite(counts.get(NATIONAL, np.nan)) \
                        and np.isfinite(people.get(NATIONAL, np.nan)):
                    c_all, n_all = float(counts[NATIONAL]), float(people[NATIONAL])
                    shown = 1000 * c_all / n_all
                else:
                    c_all = float(counts.reindex(m).sum() + c_t)
                    n_all = float(people.reindex(m).sum() + n_t)
                    shown = 1000 * (c_all - c_t) / (n_all - n_t) if key != "nederland" and n_all > n_t else \
                        1000 * c_all / n_all
                rows.append({"category": series.key, "category_label": series.label, "year": int(year),
                             "period": label, "group": key, "group_label": group.label, "code": code,
                             **compare_one(c_t, n_t, c_all - c_t, n_all - n_t, shown, counts.reindex(m).to_numpy(float),
                                           people.reindex(m).to_numpy(float), phi, confidence, seed)})
                members.append(_members(series, year, key, code, m, counts, people, gem, phi, confidence))
    table = pd.DataFrame(rows)
    if table.empty:
        raise AnalysisError(f"Geen politiecijfers van {name} in de referentieset voor deze categorieën en jaren.")
    table = verdicts(table, alpha, ["group", "year"])
    table["sentence"] = [_sentence(name, r, wanted_groups[r.group]) for r in table.itertuples()]
    notes.append("Per 1.000 inwoners: geregistreerde misdrijven gedeeld door de inwoners op 1 januari. Interval: exact "
                 "(Garwood), breder waar de aantallen van jaar tot jaar meer schommelen dan Poisson. 'Hoger' of 'lager' "
                 "alleen als het verschil met de groep (zonder deze gemeente) meer is dan toeval: negatief-binomiale "
                 f"toets, FDR-correctie over de categorieën van één groep en jaar, alfa {number(alpha, 2)}.")
    params = {"gemeente": code, "categories": specs, "groups": list(wanted_groups), "region": region,
              "years": [all_years[0], all_years[-1]], "alpha": alpha, "spread": spread, "min_group": min_group,
              "confidence": confidence, "seed": seed}
    prog(1.0, "Klaar")
    return Benchmark(code=code, name=name, table=table, members=pd.concat(members, ignore_index=True),
                     groups=wanted_groups, notes=notes, warnings=list(dict.fromkeys(warnings)), params=params)


def compare_one(c_t, n_t, c_r, n_r, shown, mc, mn, phi, confidence, seed) -> dict:
    """The statistics of one area against its reference (the group without it) and its group's members.

    ``c_t``/``n_t``: the area's count and inhabitants; ``c_r``/``n_r``: the reference's; ``shown``: the
    group's rate as shown; ``mc``/``mn``: the other members' counts and inhabitants (for rank, margin and
    percentile). Shared by the gemeente and the wijk benchmark.
    """
    test = reference_test(c_t, n_t, c_r, n_r, phi=phi, confidence=confidence)
    r_t = float(rate(c_t, n_t))
    lo, hi = rate_interval(c_t, n_t, phi=phi, confidence=confidence)
    others = rate(mc, mn)
    n_members = int(len(mc))
    if n_members:
        r_lo, r_hi = rank_interval(np.append(mc, c_t), np.append(mn, n_t), target=n_members, phi=phi,
                                   confidence=confidence, seed=seed)
    else:
        r_lo = r_hi = 1
    return {"n_group": n_members + 1, "count": float(c_t), "population": float(n_t), "rate": r_t,
            "rate_low": float(lo), "rate_high": float(hi), "group_rate": float(shown), "ref_count": float(c_r),
            "ref_population": float(n_r), "expected": float(test.expected), "range_low": float(test.range_low),
            "range_high": float(test.range_high), "p": float(test.p), "phi": float(phi), "rank": rank_of(r_t, others),
            "rank_low": r_lo, "rank_high": r_hi, "percentile": percentile_of(r_t, others)}


def verdicts(table: pd.DataFrame, alpha: float, by) -> pd.DataFrame:
    """``p_fdr`` (Benjamini-Hochberg within each ``by`` group) and the ``verdict`` of every row."""
    table["p_fdr"] = table.groupby(by)["p"].transform(lambda p: benjamini_hochberg(p.to_numpy()))
    table["verdict"] = np.where(~np.isfinite(table["p_fdr"]), "niet te toetsen",
                                np.where(table["p_fdr"] <= alpha,
                                         np.where(table["count"] > table["expected"], "hoger", "lager"), "niet anders"))
    return table


def _members(series, year, key, code, m, counts, people, gem, phi, confidence) -> pd.DataFrame:
    codes = list(m) + [code]
    c = counts.reindex(codes).to_numpy(float)
    n = people.reindex(codes).to_numpy(float)
    lo, hi = rate_interval(c, n, phi=phi, confidence=confidence)
    return pd.DataFrame({"category": series.key, "year": int(year), "group": key, "code": codes,
                         "name": [str(gem.at[x, "name"]) if x in gem.index else x for x in codes],
                         "count": c, "population": n, "rate": rate(c, n), "rate_low": lo, "rate_high": hi,
                         "target": [x == code for x in codes]})


def _sentence(name: str, r, group) -> str:
    """``Groningen, 2023: 61,2 per 1.000 inwoners (95%: 60,3-62,1); vergelijkbare gemeenten 48,0: hoger ...``"""
    what = r.category_label
    head = (f"{name}, {r.period}, {what}: {rate_text(r.rate)} per 1.000 inwoners "
            f"({rate_text(r.rate_low)}-{rate_text(r.rate_high)})")
    who = group.name
    if r.group == "nederland":
        ref = f"landelijk {rate_text(r.group_rate)}"
        versus = "het landelijk gemiddelde"
    else:
        ref = f"{who} samen {rate_text(r.group_rate)}"
        versus = who
    if r.verdict == "niet te toetsen":
        verdict = "niet te toetsen"
    elif r.verdict == "niet anders":
        verdict = f"niet anders dan {versus} ({p_text(r.p_fdr)})"
    else:
        verdict = f"{r.verdict} dan {versus} ({p_text(r.p_fdr)})"
    text = f"{head}; {ref}: {verdict}."
    if r.n_group > 2:
        margin = f", marge {r.rank_low}-{r.rank_high}" if (r.rank_low, r.rank_high) != (r.rank, r.rank) else ""
        text += (f" Plaats {r.rank} van {r.n_group} (1 = hoogste{margin}); hoger dan "
                 f"{number(r.percentile, 0)}% van de andere gemeenten in deze groep.")
    return text
