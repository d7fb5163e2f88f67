"""Near repeats: after an incident, is the risk of another one nearby and soon higher than chance?

The Knox test over distance x time bands with Monte Carlo p-values (:mod:`hotspots.spacetime.knox`),
the Dutch sentence for the strongest band, and chains of near-repeat incidents as a map layer
(:mod:`hotspots.spacetime.chains`). ``run(inputs, params, progress=None, cancelled=None)`` takes
:class:`hotspots.inputs.Inputs` with ``incidents`` (and optionally ``areas``: then only the incidents inside them take part, and every
chain names its area) and the parameters of :data:`NEARREPEAT`; it returns a
:class:`NearRepeatResult`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from kernel.errors import AnalysisError
from kernel.progress import as_progress

from hotspots.inputs import Inputs
from hotspots.significance import benjamini_hochberg
from hotspots.spacetime.chains import Chains, near_repeat_chains
from hotspots.spacetime.inputs import choose_incidents, date_bounds, require
from hotspots.spacetime.knox import KnoxTable, close_pairs, knox, parse_edges
from hotspots.spacetime.methods import NEARREPEAT
from hotspots.where.assign import assign_points
from kernel.nl import number, p_text, plain



@dataclass
class NearRepeatResult:
    """The Knox table, its sentence, and the chains.

    ``table``: one row per distance x time band (``row``, ``column`` labels, ``distance_from``/``_to``,
    ``days_from``/``_to``, ``observed``, ``expected``, ``ratio``, ``p``, ``p_fdr``, ``significant``; the
    ``verder`` row and ``later`` column have ``p_fdr`` empty: they are context, not tests). ``chains``: a
    GeoDataFrame per chain (see :class:`hotspots.spacetime.chains.Chains`, with ``first``/``last`` dates and
    ``area``); ``chain_of``: the chain of every chosen incident (``None`` for none), aligned with ``incidents``.
    """

    knox: KnoxTable
    table: pd.DataFrame
    sentence: str
    sentences: list
    chains: gpd.GeoDataFrame
    chain_of: pd.Series
    params: dict
    notes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    incidents: int = 0
    method: str = "nearrepeat"

    def to_dict(self) -> dict:
        k = self.knox
        return {"method": self.method, "params": self.params, "incidents": self.incidents, "pairs": k.pairs,
                "sentence": self.sentence, "sentences": self.sentences,
                "rows": k.row_labels, "columns": k.column_labels,
                "observed": k.observed.tolist(), "expected": k.expected.tolist(), "ratio": k.ratio.tolist(),
                "p": k.p.tolist(), "table": self.table.to_dict(orient="records"),
                "chains": pd.DataFrame(self.chains.drop(columns="geometry")).to_dict(orient="records"),
                "notes": self.notes, "warnings": self.warnings}


def _table(k: KnoxTable, alpha: float) -> pd.DataFrame:
    n_rows, n_cols = k.observed.shape
    d_lo = np.r_[([0.0] if k.same_place else []), 0.0, k.distances[:-1], k.distances[-1]]
    d_hi = np.r_[([0.0] if k.same_place else []), k.distances, np.inf]
    t_lo = np.r_[0, np.floor(k.days[:-1]) + 1, np.floor(k.days[-1]) + 1]
    t_hi = np.r_[np.floor(k.days), np.inf]
    r, c = np.meshgrid(np.arange(n_rows), np.arange(n_cols), indexing="ij")
    inner = (r < n_rows - 1) & (c < n_cols - 1)
    p_fdr = np.full(k.p.shape, np.nan)
    p_fdr[inner] = benjamini_hochberg(k.p[inner])
    sig = inner & (p_fdr <= alpha) & (k.ratio > 1)
    return pd.DataFrame({
        "row": np.asarray(k.row_labels)[r.ravel()], "column": np.asarray(k.column_labels)[c.ravel()],
        "distance_from": d_lo[r.ravel()], "distance_to": d_hi[r.ravel()], "days_from": t_lo[c.ravel()],
        "days_to": t_hi[c.ravel()], "observed": k.observed.ravel(), "expected": k.expected.ravel(),
        "ratio": k.ratio.ravel(), "p": k.p.ravel(), "p_fdr": p_fdr.ravel(), "significant": sig.ravel()})


def strongest_sentence(table: pd.DataFrame, noun: str, alpha: float) -> str:
    """The Dutch sentence for the significant band with the highest Knox ratio."""
    sig = table[table["significant"]]
    if sig.empty:
        return (f"Geen bijna-herhaling aangetoond: in geen enkele afstands- en tijdband volgen {noun}en elkaar vaker "
                f"op dan bij toeval (p na FDR-correctie boven {number(alpha, 2)}).")
    best = sig.loc[sig["ratio"].idxmax()]
    if best["distance_to"] == 0:
        where = "Op dezelfde plek"
    elif best["distance_from"] == 0:
        where = f"Binnen {plain(best['distance_to'])} m"
    else:
        where = f"Op {plain(best['distance_from'])} tot {plain(best['distance_to'])} m afstand"
    when = (f"{plain(best['days_to'])} dagen" if best["days_from"] == 0
            else f"{plain(best['days_from'])} tot {plain(best['days_to'])} dagen")
    if best["days_from"] == 0 and where.startswith("Op"):
        when = f"binnen {when}"
    return (f"{where} en {when} na een {noun} is de kans op een volgende {number(best['ratio'], 1)} keer zo groot "
            f"als bij toeval ({plain(best['observed'], thousands=True)} paren, verwacht "
            f"{number(best['expected'], 0, thousands=True)}; {p_text(best['p_fdr'])}).")


def run(inputs: Inputs, params=None, progress=None, cancelled=None) -> NearRepeatResult:
    """The near-repeat analysis of the inputs' incidents; see the module docstring."""
    prm = NEARREPEAT.validate(params or {})
    p = as_progress(progress, cancelled)
    distances = parse_edges(prm["distances"], "afstandsbanden", "m")
    days = parse_edges(prm["days"], "tijdbanden", "dagen")
    incidents = require(inputs, "incidents", "Bijna-herhaling vraagt incidenten met coördinaten en een datum.")
    start, end = date_bounds(prm["start"], prm["end"])
    chosen, notes = choose_incidents(incidents, category=prm["category"], start=start, end=end, moment=prm["moment"])
    warnings: list[str] = []
    areas = inputs.areas
    area = pd.Series(pd.NA, index=chosen.index, dtype="string")
    if areas is not None and len(areas):
        r = assign_points(chosen, areas)
        inside = r.index >= 0
        if len(chosen) and not inside.any():
            raise AnalysisError(f"Geen van de {len(chosen)} incidenten ligt binnen de gebieden; kies de grenzen "
                                "van de gemeente van de incidenten, of laat --areas weg.")
        if (~inside).any():
            notes.append(f"{int((~inside).sum())} incident(en) buiten de gebieden doen niet mee.")
        chosen, area = chosen[inside], r.codes[inside]
    if len(chosen) < 30:
        raise AnalysisError(f"Er zijn maar {len(chosen)} incidenten; de Knox-toets vraagt er minstens 30.")
    day = chosen["moment"].to_numpy().astype("datetime64[D]").astype(np.int64)
    x, y = chosen["x"].to_numpy(float), chosen["y"].to_numpy(float)
    p(0.02, "Paren zoeken")
    k = knox(x, y, day, distances=distances, days=days, same_place=prm["same_place"],
             permutations=prm["permutations"], seed=prm["seed"], check=p.check,
             progress=lambda f: p(0.05 + 0.85 * f, "Permutaties"))
    table = _table(k, prm["alpha"])
    sentence = strongest_sentence(table, prm["noun"], prm["alpha"])
    p(0.92, "Reeksen")
    chain_d = prm["chain_distance"] or float(distances[0])
    chain_t = prm["chain_days"] or int(days[0])
    pairs = close_pairs(x, y, chain_d)
    chains = near_repeat_chains(x, y, day, distance=chain_d, days=chain_t, min_events=prm["chain_min"], pairs=pairs)
    frame = _chain_frame(chains, area, day)
    chain_of = pd.Series(np.where(chains.member >= 0, np.char.add("R", (chains.member + 1).astype(str)), None),
                         index=chosen.index, name="chain")
    sentences = [sentence, _range_sentence(table), _chain_sentence(frame, chains)]
    tested = table["p_fdr"].notna()
    if (table.loc[tested, "significant"]).mean() >= 0.75:
        notes.append("Bijna alle banden liggen boven toeval, tot de grootste afstand en tijd. Zo'n brede verhoging komt "
                     "vaak van een patroon dat langzaam verschuift (seizoenen, een plek die drukker werd) en niet alleen "
                     "van bijna-herhaling; kijk vooral naar hoe sterk de ratio daalt vanaf de eerste band.")
    notes += _method_notes(prm, k, chains)
    long = _long_windows(chosen, days[0])
    if long:
        notes.append(long)
    if prm["permutations"] + 1 < int(((table["p_fdr"].notna()).sum()) / prm["alpha"]):
        warnings.append(f"Met {prm['permutations']} permutaties is de kleinste p-waarde "
                        f"{plain(round(1 / (prm['permutations'] + 1), 4))}; na de FDR-correctie over "
                        f"{int(table['p_fdr'].notna().sum())} banden kan één losse band dan nooit significant zijn. "
                        "Kies 999 permutaties of meer.")
    p(1.0, "Klaar")
    return NearRepeatResult(k, table, sentence, [s for s in sentences if s], frame, chain_of, prm, notes,
                            warnings, len(chosen))


def _chain_frame(chains: Chains, area: pd.Series, day: np.ndarray) -> gpd.GeoDataFrame:
    f = chains.frame.copy()
    f["first"] = pd.to_datetime(f["first_day"], unit="D").dt.strftime("%Y-%m-%d")
    f["last"] = pd.to_datetime(f["last_day"], unit="D").dt.strftime("%Y-%m-%d")
    codes = area.to_numpy(dtype=object)
    f["area"] = [pd.Series(codes[chains.member == r]).mode(dropna=True).iloc[0]
                 if pd.Series(codes[chains.member == r]).notna().any() else None for r in range(len(f))]
    return f.drop(columns=["first_day", "last_day"])


def _range_sentence(table: pd.DataFrame) -> str:
    sig = table[table["significant"] & (table["distance_to"] > 0)]
    if sig.empty:
        return ""
    return (f"Verhoogd (na FDR-correctie): {len(sig)} van de {int(table['p_fdr'].notna().sum())} banden, tot "
            f"{plain(sig['distance_to'].max())} m en tot {plain(sig['days_to'].max())} dagen.")


def _chain_sentence(frame, chains: Chains) -> str:
    if frame.empty:
        return (f"Geen reeksen van {chains.min_events} of meer incidenten binnen {plain(chains.distance)} m en "
                f"{chains.days} dagen van elkaar.")
    top = frame.iloc[0]
    return (f"{len(frame)} reeks(en) van minstens {chains.min_events} incidenten die elkaar binnen "
            f"{plain(chains.distance)} m en {chains.days} dagen opvolgen; de grootste ({top['chain']}) telt "
            f"{top['events']} incidenten van {top['first']} tot {top['last']}.")


def _long_windows(chosen: pd.DataFrame, first_band: float) -> str:
    if "end" not in chosen.columns or "start" not in chosen.columns:
        return ""
    span = (pd.to_datetime(chosen["end"], errors="coerce") - pd.to_datetime(chosen["start"], errors="coerce"))
    long = int((span > pd.Timedelta(days=float(first_band))).sum())
    if not long:
        return ""
    return (f"{long} incident(en) ({long / len(chosen):.0%}) hebben een tijdvak langer dan de eerste tijdband "
            f"({plain(first_band)} dagen); hun dag is onzeker, wat bijna-herhaling eerder verdunt dan overdrijft.")


def _method_notes(prm: dict, k: KnoxTable, chains: Chains) -> list[str]:
    dag = "de begindatum" if prm["moment"] == "start" else "het midden van het tijdvak"
    return [f"Knox-toets (Knox 1964) zoals de Near Repeat Calculator (Ratcliffe 2009): paren incidenten per "
            f"afstands- en tijdband; dag van een incident: {dag}. {k.pairs:,} paren binnen "
            f"{plain(k.distances[-1])} m uit een ruimtelijke index (geen volledige afstandsmatrix).".replace(",", "."),
            f"Verwacht aantal: exact onder verwisselde dagen (aantal paren in de afstandsband x het aandeel van alle "
            f"paren dagen in de tijdband); Knox-ratio = waargenomen / verwacht. p-waarden uit {k.permutations} "
            f"permutaties van de dagen over de plekken (startgetal {k.seed}), eenzijdig, met FDR-correctie "
            "(Benjamini-Hochberg) over de banden.",
            f"Reeksen: incidenten binnen {plain(chains.distance)} m en {chains.days} dagen van elkaar, aaneengeregen; "
            f"getoond vanaf {chains.min_events} incidenten."]
