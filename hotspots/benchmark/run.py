"""The run function of :data:`hotspots.benchmark.methods.VERGELIJK`: one comparison, shared by the command line,
the window and the report.

``run(inputs, params)`` compares the gemeente of ``inputs.selection.gemeente`` (or of the areas) with the
reference set ``inputs.reference`` (:func:`hotspots.benchmark.gemeente.benchmark_gemeente`), its wijken
with the gemeente's own average where the inputs hold the project's areas and counts or incidents
(:func:`hotspots.benchmark.wijken.benchmark_wijken`), and what its residents say where the reference set
holds Veiligheidsmonitor figures (:func:`hotspots.benchmark.survey.residents`). A part that cannot run is
skipped with its reason; the rest stands.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hotspots.benchmark.methods import GROUPS, VERGELIJK
from kernel.errors import AnalysisError
from kernel.nl import clause
from kernel.progress import as_progress


@dataclass
class Comparison:
    """The result of :func:`run`: the gemeente's benchmark, the wijken's, the residents' side and the set used."""

    gemeente: Any = None
    wijken: Any = None
    residents: Any = None
    reference: str = ""
    skipped: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Neither the gemeente nor its wijken could be compared."""
        return self.gemeente is None and self.wijken is None

    def why_empty(self) -> str:
        return "Niets te vergelijken (" + "; ".join(f"{k}: {v.rstrip('.')}" for k, v in self.skipped.items()) + ")."

    @property
    def sentences(self) -> list[str]:
        out = []
        for part in (self.gemeente, self.wijken, self.residents):
            if part is not None:
                out += part.sentences if part is not self.wijken else part.latest()["sentence"].tolist()
        return out

    def to_dict(self) -> dict:
        return {"reference": self.reference, "params": self.params, "notes": self.notes, "warnings": self.warnings,
                "skipped": self.skipped,
                **{k: (getattr(self, k).to_dict() if getattr(self, k) is not None else None)
                   for k in ("gemeente", "wijken", "residents")}}


def _gemeente_of(inputs) -> str | None:
    if inputs.selection.gemeente:
        return str(inputs.selection.gemeente)
    areas = inputs.areas
    if areas is not None and "gemeente_code" in areas and areas["gemeente_code"].nunique() == 1:
        return str(areas["gemeente_code"].dropna().iloc[0])
    return None


def _years(text):
    if not text:
        return None
    parts = str(text).replace("-", ":").split(":")
    try:
        first, last = int(parts[0]), int(parts[-1])
    except ValueError:
        raise AnalysisError(f"Jaren: '{text}' is geen periode; schrijf JJJJ:JJJJ (zoals 2019:2023).") from None
    return (min(first, last), max(first, last))


def _links(items) -> dict:
    out = {}
    for item in items:
        if "=" not in item:
            raise AnalysisError(f"Koppeling '{item}': schrijf INDICATOR=CATEGORIE.")
        k, _, v = item.partition("=")
        out[k.strip()] = v.strip()
    return out


def run(inputs, params: dict | None = None, progress=None, cancelled=None) -> Comparison:
    """Compare (module docstring). What cannot be compared is in ``skipped`` (and, when nothing can, a warning:
    :attr:`Comparison.empty`); a bad parameter or an unknown gemeente or region is an :class:`AnalysisError`."""
    from hotspots.benchmark import groups as G
    from hotspots.benchmark.gemeente import benchmark_gemeente, find_gemeente
    from hotspots.benchmark.survey import residents
    from hotspots.benchmark.wijken import benchmark_wijken

    params = VERGELIJK.validate(params)
    prog = as_progress(progress, cancelled)
    unknown = [g for g in params["groups"] if g not in GROUPS]
    if unknown:
        raise AnalysisError(f"Onbekende groep(en) {', '.join(unknown)}; kies uit {', '.join(GROUPS)}.")
    ref = inputs.reference
    gemeente = _gemeente_of(inputs)
    out = Comparison(params=params, reference=ref.describe() if ref is not None else "")
    links = _links(params["links"])
    if ref is None or ref.counts.empty:
        out.skipped["gemeente"] = "geen referentieset met politiecijfers van alle gemeenten"
    elif gemeente is None:
        out.skipped["gemeente"] = "geen gemeente gekozen (--gemeente)"
    else:
        out.gemeente = benchmark_gemeente(
            ref, gemeente, categories=params["categories"], groups=params["groups"], region=params["region"],
            years=_years(params["years"]), alpha=params["alpha"], spread=params["spread"],
            min_group=params["min_group"], confidence=params["confidence"], seed=params["seed"],
            progress=prog.slice(0.0, 0.6), cancelled=cancelled)
    if inputs.areas is not None and (inputs.counts is not None or inputs.incidents is not None):
        try:
            out.wijken = benchmark_wijken(inputs.areas, counts=inputs.counts, incidents=inputs.incidents,
                                          wijken=inputs.outlines, category=params["category"], gemeente=gemeente,
                                          alpha=params["alpha"], spread=params["spread"],
                                          confidence=params["confidence"], seed=params["seed"],
                                          progress=prog.slice(0.6, 0.85), cancelled=cancelled)
        except AnalysisError as exc:
            out.skipped["wijken"] = clause(exc.message)  # joined: "wijken: geen van de ..."
    else:
        out.skipped["wijken"] = "geen eigen gegevens met gebieden (--areas met --counts of --incidents)"
    if ref is not None and len(ref.survey) and gemeente is not None:
        code = find_gemeente(ref, gemeente)
        name = str(ref.gemeenten.set_index("code").at[code, "name"])
        similar = G.similar(ref.gemeenten, code, params["min_group"])
        weights = dict(zip(ref.gemeenten["code"], ref.gemeenten["population"]))
        out.residents = residents(ref.survey, code, name, bench=out.gemeente, group_codes=similar.members,
                                  weights=weights, wijk_bench=out.wijken, links=links, alpha=params["alpha"])
    else:
        out.skipped["inwoners"] = "geen Veiligheidsmonitor in de referentieset" if ref is not None else \
            "geen referentieset"
    if out.empty:
        out.warnings.append(out.why_empty())
    for part in (out.gemeente, out.wijken, out.residents):
        if part is not None:
            out.notes += part.notes
            out.warnings += part.warnings
    prog(1.0, "Klaar")
    return out
