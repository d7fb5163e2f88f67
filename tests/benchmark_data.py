"""Small reference sets built by hand for the benchmark tests, and the generated files of resources/demo/referentie."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from importers.referenceset import SCHEMA, ReferenceSet

REFERENTIE = Path(__file__).resolve().parents[1] / "resources" / "demo" / "referentie"
FILES = {"gemeenten": REFERENTIE / "gemeenten_2024.gpkg",
         "kerncijfers": REFERENTIE / "kerncijfers_gemeenten_2014_2024.csv",
         "politie": REFERENTIE / "politie_misdrijven_gemeenten_2014_2023.csv",
         "vm_gemeenten": REFERENTIE / "veiligheidsmonitor_gemeenten_2017_2023.csv",
         "vm_wijken": REFERENTIE / "veiligheidsmonitor_wijken_groningen_2015_2017.csv"}


def small_reference(counts: dict, population: dict, *, stedelijkheid: dict | None = None, regions: dict | None = None,
                    neighbours=(), national: dict | None = None, category: str = "0.0.0",
                    label: str | None = "Totaal misdrijven") -> ReferenceSet:
    """A reference set of a few gemeenten: ``counts`` {code: {year: n}}, ``population`` {code: n or {year: n}}."""
    codes = list(counts)
    rows = []
    for code, per_year in counts.items():
        for year, n in per_year.items():
            rows.append({"code": code, "year": year, "category": category, "category_label": label, "count": n,
                         "first_month": 1, "last_month": 12, "provisional": False})
    for year, n in (national or {}).items():
        rows.append({"code": "NL01", "year": year, "category": category, "category_label": label, "count": n,
                     "first_month": 1, "last_month": 12, "provisional": False})
    years = sorted({y for per in counts.values() for y in per})
    pop_rows = []
    for code, p in population.items():
        for year in years:
            pop_rows.append({"code": code, "year": year, "population": float(p[year] if isinstance(p, dict) else p)})
    gem = pd.DataFrame({"code": codes, "name": [f"Gemeente {c[-2:]}" for c in codes], "year": max(years),
                        "population": [float(population[c][max(years)] if isinstance(population[c], dict)
                                             else population[c]) for c in codes],
                        "stedelijkheid": [(stedelijkheid or {}).get(c, 3) for c in codes]})
    gem = gem.astype({"code": "string", "name": "string", "year": "Int64", "stedelijkheid": "Int64"})
    for col, values in (regions or {}).items():
        gem[col] = pd.array([values.get(c) for c in codes], dtype="string")
    pairs = [(a, b) for a, b in neighbours] + [(b, a) for a, b in neighbours]
    return ReferenceSet(gemeenten=gem, population=pd.DataFrame(pop_rows).astype(SCHEMA["population"]),
                        counts=pd.DataFrame(rows).astype(SCHEMA["counts"]),
                        neighbours=pd.DataFrame(pairs, columns=["code", "neighbour"]).astype("string"),
                        made="2025-01-31T10:00:00")


def codes(n: int) -> list[str]:
    return [f"GM{i:04d}" for i in range(1, n + 1)]


def rng_counts(rng: np.random.Generator, pops: dict, years, rate_per_1000: dict) -> dict:
    return {c: {y: int(rng.poisson(pops[c] / 1000 * rate_per_1000[c])) for y in years} for c in pops}
