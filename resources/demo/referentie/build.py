"""Generate the reference files of the comparison (issue 16) in the layouts CBS and the police publish them.

The figures are **generated**, not real: plausible rates per 1,000 inhabitants by stedelijkheid, a course
over the years and chance variation, so that the comparison with other gemeenten can be shown and tested
offline. Only the gemeenten themselves are real: the 342 gemeenten of 2024 with their names, inhabitants
and borders, dissolved from CBS's wijken 2024 (``../shared/data/nl``, derived from CBS, CC BY 4.0, via the
public repository AnneVersion/geoinzicht-app). Run from the repository root::

    python -m resources.demo.referentie.build [--source ../shared/data]

What it writes (deterministic: the same files on every run):

- ``gemeenten_2024.gpkg``: the gemeente layer in the lower-case attribute scheme of the CBS Wijk- en
  buurtkaart (``gemeentecode``, ``gemeentenaam``, ``aantal_inwoners``, ``stedelijkheid_adressen_per_km2``,
  ...). The stedelijkheid is not CBS's own: the gemeenten ranked by the inhabitant-weighted density of
  their wijken, cut into five classes in about CBS's proportions.
- ``kerncijfers_gemeenten_2014_2024.csv``: inhabitants per gemeente per year, the stedelijkheid and the
  police unit, as a StatLine export with labels (BOM, ``;``, quoted; ``Regio's``, ``Codering (code)``,
  ``Perioden``). The police unit is assigned by distance to a centre per unit: approximate.
- ``politie_misdrijven_gemeenten_2014_2023.csv``: registered crime per gemeente and year in the typed
  layout of police table 47022NED (``SoortMisdrijf`` with a trailing space, codes padded to 10,
  ``2014JJ00``), six categories with the total, and the country (``NL01``).
- ``veiligheidsmonitor_gemeenten_2017_2023.csv``: four Veiligheidsmonitor indicators per gemeente for the
  surveys of 2017, 2019, 2021 and 2023, with the 95% margins (``Marges``), as a StatLine label export
  (long: one line per region, period and margin); ``.`` where a small gemeente had too few respondents.
- ``veiligheidsmonitor_wijken_groningen_2015_2017.csv``: the same indicators per wijk of Groningen (2017
  wijken) for 2015 and 2017, wide (the periods as columns), the fietsdiefstal indicator following the
  demo's registered bicycle theft per wijk.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data"
SEED = 16
YEARS = tuple(range(2014, 2024))
POP_YEARS = tuple(range(2014, 2025))
SURVEYS = (2017, 2019, 2021, 2023)
#: Police categories (47022NED codes and labels) and their share of the total around 2014.
CATEGORIES = {"1.1.1": ("Diefstal/inbraak woning", 0.045, -0.07), "1.2.3": ("Diefstal van brom-, snor-, fietsen", 0.09, -0.02),
              "1.4.5": ("Mishandeling", 0.05, 0.0), "2.1.1": ("Drugs/drankoverlast", 0.006, 0.01),
              "2.2.1": ("Vernieling cq. zaakbeschadiging", 0.085, -0.03)}
TOTAL = ("0.0.0", "Totaal misdrijven")
#: Crime per 1,000 by stedelijkheid (1 = zeer sterk ... 5 = niet stedelijk) and the course over the years.
BASE = {1: 78.0, 2: 58.0, 3: 47.0, 4: 39.0, 5: 31.0}
COURSE = dict(zip(YEARS, (1.18, 1.12, 1.06, 0.98, 0.93, 0.95, 0.92, 0.88, 0.93, 0.95)))
#: Approximate centres (RD metres) of the ten regional police units; Amsterdam's unit is listed.
UNITS = {"Noord-Nederland": (210_000, 570_000), "Oost-Nederland": (215_000, 470_000),
         "Midden-Nederland": (145_000, 455_000), "Noord-Holland": (115_000, 520_000),
         "Den Haag": (85_000, 452_000), "Rotterdam": (90_000, 430_000), "Zeeland-West-Brabant": (70_000, 390_000),
         "Oost-Brabant": (160_000, 395_000), "Limburg": (190_000, 335_000)}
#: How many gemeenten of each stedelijkheid (about the CBS 2024 distribution); 342 in all.
STED_SHARE = {1: 25, 2: 55, 3: 70, 4: 105, 5: 87}
AMSTERDAM_UNIT = ("GM0363", "GM0362", "GM0358", "GM0384", "GM0437", "GM0451")
#: Names that StatLine writes with "(gemeente)" because a province has the same name.
ALSO_PROVINCE = ("Groningen", "Utrecht")
INDICATORS = (("Onveiligheidsgevoelens/Voelt zich wel eens onveilig in de buurt (%)", "pct"),
              ("Overlast/Ervaart veel overlast in de buurt (%)", "pct"),
              ("Slachtofferschap/Slachtoffer van criminaliteit totaal (%)", "pct"),
              ("Verloedering/Fysieke verloedering (schaalscore 0-10)", "score"))
WIJK_INDICATORS = (INDICATORS[0], INDICATORS[1], ("Slachtofferschap/Slachtoffer van fietsdiefstal (%)", "pct"),
                   INDICATORS[3])
MARGES = ("Waarde", "Ondergrens 95%-betrouwbaarheidsinterval", "Bovengrens 95%-betrouwbaarheidsinterval")


def _comma(x: float, digits: int = 1) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def _write(path: Path, header: list, rows: list, *, bom: bool = True, quote: bool = True) -> None:
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";", quoting=csv.QUOTE_ALL if quote else csv.QUOTE_MINIMAL, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)


def gemeenten(source: Path):
    """The 342 gemeenten of 2024 (RD New) with inhabitants and an estimated stedelijkheid."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    wijken = gpd.read_file(source / "nl" / "nl_wijken_2024_simplified_geoinzicht.geojson", engine="pyogrio")
    wijken = wijken[wijken["gemeentecode"] != "GM0998"].to_crs(28992)  # "Buitenland"
    wijken["geometry"] = shapely.make_valid(wijken.geometry.values)
    pop = wijken["aantal_inwoners"].fillna(0.0)
    dens = wijken["bevolkingsdichtheid"].fillna(0.0)
    wijken = wijken.assign(_w=pop * dens, _pop=pop)
    g = wijken.dissolve("gemeentecode", aggfunc={"gemeentenaam": "first", "_w": "sum", "_pop": "sum"}).reset_index()
    g["geometry"] = [shapely.union_all([p for p in shapely.get_parts(x) if p.geom_type in ("Polygon", "MultiPolygon")])
                     for x in g.geometry]
    g["geometry"] = shapely.coverage_simplify(g.geometry.values, 50.0)
    # inhabitant-weighted density, ranked into the five classes in about CBS's proportions for 2024
    dense = (g["_w"] / g["_pop"].where(g["_pop"] > 0)).fillna(0.0).rank(method="first", ascending=False)
    bounds = np.cumsum([0] + list(STED_SHARE.values()))
    sted = pd.cut(dense, bounds, labels=list(STED_SHARE)).astype(int)
    area_ha = (g.geometry.area / 10_000).round()
    out = gpd.GeoDataFrame({
        "gemeentecode": g["gemeentecode"], "gemeentenaam": g["gemeentenaam"], "water": "NEE",
        "stedelijkheid_adressen_per_km2": sted,
        "bevolkingsdichtheid_inwoners_per_km2": (g["_pop"] / (area_ha / 100)).round().astype(int),
        "aantal_inwoners": g["_pop"].astype(int), "oppervlakte_land_in_ha": area_ha.astype(int),
        "jaarstatcode": "2024" + g["gemeentecode"]}, geometry=g.geometry, crs=28992)
    return out.sort_values("gemeentecode").reset_index(drop=True)


def _units(g) -> list[str]:
    c = g.geometry.representative_point()
    names = list(UNITS)
    centres = np.array([UNITS[n] for n in names], dtype=float)
    d = np.hypot(c.x.to_numpy()[:, None] - centres[None, :, 0], c.y.to_numpy()[:, None] - centres[None, :, 1])
    unit = [names[i] for i in d.argmin(axis=1)]
    return ["Amsterdam" if code in AMSTERDAM_UNIT else u for code, u in zip(g["gemeentecode"], unit)]


def _statline_name(name: str) -> str:
    return f"{name} (gemeente)" if name in ALSO_PROVINCE else name


def population(g, rng) -> dict:
    """Inhabitants per gemeente and year: 2024 from CBS, earlier years back along a growth of its own."""
    growth = rng.normal(0.005, 0.004, len(g))
    out = {}
    for y in POP_YEARS:
        out[y] = np.round(g["aantal_inwoners"].to_numpy() * (1 + growth) ** (y - 2024) / 5) * 5
    return out


def crimes(g, pop: dict, rng) -> dict:
    """Registered crime per (code, year, category): Poisson around a gemeente's own level and the course."""
    n = len(g)
    sted = g["stedelijkheid_adressen_per_km2"].to_numpy()
    level = np.array([BASE[s] for s in sted]) * rng.lognormal(0.0, 0.22, n)
    level *= (np.maximum(g["aantal_inwoners"].to_numpy(), 1000) / 50_000) ** 0.05
    share = {k: s * rng.lognormal(0.0, 0.25, n) for k, (_, s, _) in CATEGORIES.items()}
    groningen = (g["gemeentecode"] == "GM0014").to_numpy()
    share["1.2.3"] = np.where(groningen, share["1.2.3"] * 2.5, share["1.2.3"])  # the demo's city of bicycles
    out = {}
    for y in YEARS:
        noise = rng.gamma(400.0, 1 / 400.0, n)  # a little more than Poisson from year to year
        lam = pop[y] / 1000.0 * level * COURSE[y] * noise
        subs = {}
        for k, (_, _, trend) in CATEGORIES.items():
            subs[k] = rng.poisson(lam * share[k] * (1 + trend) ** (y - 2014))
        other = rng.poisson(lam * max(0.0, 1 - sum(s for _, s, _ in CATEGORIES.values())))
        out[(y, TOTAL[0])] = other + sum(subs.values())
        for k, v in subs.items():
            out[(y, k)] = v
    return out


def write_police(path: Path, g, counts: dict) -> None:
    rows, i = [], 0
    codes = g["gemeentecode"].tolist()
    for code_k, label in [TOTAL] + [(k, v[0]) for k, v in CATEGORIES.items()]:
        for y in YEARS:
            values = counts[(y, code_k)]
            national = int(values.sum() * 1.012)  # crimes without a known gemeente count only nationally
            for code, v in [("NL01", national)] + list(zip(codes, values)):
                rows.append([i, f"{code_k} ", f"{code:<10}", f"{y}JJ00", int(v)])
                i += 1
    _write(path, ["ID", "SoortMisdrijf", "WijkenEnBuurten", "Perioden", "GeregistreerdeMisdrijven_1"], rows,
           bom=False, quote=False)


def write_kerncijfers(path: Path, g, pop: dict) -> None:
    rows = []
    units = _units(g)
    total = {y: int(sum(pop[y])) for y in POP_YEARS}
    for y in POP_YEARS:
        rows.append(["Nederland", "NL01", str(y), str(total[y]), "", ""])
        for code, name, p, s, unit in zip(g["gemeentecode"], g["gemeentenaam"], pop[y],
                                          g["stedelijkheid_adressen_per_km2"], units):
            rows.append([_statline_name(name), code, str(y), str(int(p)), str(int(s)), unit])
    _write(path, ["Regio's", "Codering (code)", "Perioden", "Bevolking op 1 januari (aantal)",
                  "Mate van stedelijkheid (code)", "Regionale eenheid politie"], rows)


def _margin(p: float, n: float, kind: str) -> float:
    if kind == "pct":
        return 1.96 * np.sqrt(1.3 * p * (100 - p) / n)
    return 1.96 * 1.4 * np.sqrt(1.3 / n)


def _survey_value(kind: str, base: float, rng) -> float:
    return float(np.clip(base + rng.normal(0, 1.0 if kind == "score" else 0.0), 0, 100))


def write_survey_gemeenten(path: Path, g, pop: dict, counts: dict, rng) -> None:
    names = [_statline_name(n) for n in g["gemeentenaam"]]
    sted = g["stedelijkheid_adressen_per_km2"].to_numpy()
    lines = []
    for y in SURVEYS:
        rate = counts[(y, TOTAL[0])] / pop[y] * 1000
        respondents = np.clip(pop[y] / 100, 250, 1800) * rng.uniform(0.8, 1.2, len(g))
        base = {0: 14 + 4.0 * (5 - sted) + 0.15 * (rate - 45), 1: 8 + 2.5 * (5 - sted) + 0.1 * (rate - 45),
                2: 13 + 1.8 * (5 - sted) + 0.08 * (rate - 45), 3: 2.2 + 0.35 * (5 - sted) + 0.01 * (rate - 45)}
        values = {}
        for j, (label, kind) in enumerate(INDICATORS):
            true = base[j] + rng.normal(0, 3.0 if kind == "pct" else 0.3, len(g))
            se = np.array([_margin(max(t, 1), n, kind) for t, n in zip(true, respondents)]) / 1.96
            values[j] = (np.clip(true + rng.normal(0, se), 0.5, 99), se * 1.96)
        secret = (pop[y] < 6000) & (respondents < 230)  # too few respondents: no figure (".")
        for m, marge in enumerate(MARGES):
            for i, name in enumerate(names):
                cells = []
                for j, (label, kind) in enumerate(INDICATORS):
                    v, half = values[j][0][i], values[j][1][i]
                    x = v if m == 0 else (max(v - half, 0) if m == 1 else v + half)
                    cells.append("." if secret[i] else _comma(x))
                lines.append([marge, name, str(y)] + cells)
    _write(path, ["Marges", "Regio's", "Perioden"] + [label for label, _ in INDICATORS], lines)


def write_survey_wijken(path: Path, rng) -> None:
    """Per wijk of Groningen, wide; the fietsdiefstal indicator follows the demo's registrations per wijk."""
    import geopandas as gpd
    import pandas as pd

    from resources import demo

    wijken = gpd.read_file(demo.AREAS, layer=demo.WIJKEN_LAYER, engine="pyogrio")
    inc = pd.read_csv(demo.INCIDENTS, usecols=["x", "y", "start"])
    pts = gpd.GeoDataFrame(inc, geometry=gpd.points_from_xy(inc["x"], inc["y"]), crs=28992)
    joined = gpd.sjoin(pts, wijken[["code", "geometry"]], predicate="within")
    joined["year"] = joined["start"].str[:4].astype(int)
    per = joined.groupby(["code", "year"]).size()
    rows = []
    for _, w in wijken.sort_values("code").iterrows():
        n_resp = float(np.clip(w["population"] / 40, 150, 600)) if pd.notna(w["population"]) else 150.0
        for j, (label, kind) in enumerate(WIJK_INDICATORS):
            cells = {m: [] for m in MARGES}
            for y in (2015, 2017):
                count = per.get((w["code"], y), 0)
                r = count / w["population"] * 1000 if w["population"] and w["population"] > 0 else np.nan
                if not np.isfinite(r) or w["population"] < 400:
                    for m in MARGES:
                        cells[m].append(".")
                    continue
                base = {0: 24 + rng.normal(0, 4), 1: 14 + rng.normal(0, 4), 2: 2.5 + 0.55 * np.sqrt(r) + rng.normal(0, 0.8),
                        3: 2.6 + rng.normal(0, 0.5)}[j]
                half = _margin(max(base, 1), n_resp, kind)
                v = float(np.clip(base, 0.5, 99))
                cells["Waarde"].append(_comma(v))
                cells[MARGES[1]].append(_comma(max(v - half, 0)))
                cells[MARGES[2]].append(_comma(v + half))
            for m in MARGES:
                rows.append([w["name"], label.split("/")[-1], m] + cells[m])
    _write(path, ["Wijken en buurten", "Onderwerp", "Marges", "2015", "2017"], rows)


def build(source: Path = DEFAULT_SOURCE, target: Path = HERE) -> dict[str, Path]:
    sys.path.insert(0, str(ROOT))
    rng = np.random.default_rng(SEED)
    g = gemeenten(source)
    layer = target / "gemeenten_2024.gpkg"
    if layer.exists():
        layer.unlink()
    g.to_file(layer, layer="gemeenten", driver="GPKG", engine="pyogrio")
    pop = population(g, rng)
    counts = crimes(g, pop, rng)
    paths = {"gemeenten": layer, "kerncijfers": target / "kerncijfers_gemeenten_2014_2024.csv",
             "politie": target / "politie_misdrijven_gemeenten_2014_2023.csv",
             "vm_gemeenten": target / "veiligheidsmonitor_gemeenten_2017_2023.csv",
             "vm_wijken": target / "veiligheidsmonitor_wijken_groningen_2015_2017.csv"}
    write_kerncijfers(paths["kerncijfers"], g, pop)
    write_police(paths["politie"], g, counts)
    write_survey_gemeenten(paths["vm_gemeenten"], g, pop, counts, rng)
    write_survey_wijken(paths["vm_wijken"], rng)
    return paths


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Maak de gegenereerde referentiebestanden opnieuw (test- en demodata).")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args(argv)
    for kind, path in build(args.source).items():
        print(f"{kind}: {path} ({path.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
