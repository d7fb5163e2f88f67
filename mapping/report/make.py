"""``wijkbeeld rapport`` without a screen: inputs -> one run of the report period -> the document.

:func:`run_report` selects the theme (a category) and the period (``--from/--to``, or the last complete
month or quarter of the data for a scheduled job), runs the hot spots and hot times on that period and
the trends on the history up to its end (one :func:`hotspots.run.run_analysis` and one trend run),
protects the run once (:func:`mapping.protect.protect_run`) and writes the PDF or Word document. The
window's "Rapport maken" calls the same function on the project's current selection.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from kernel.errors import AnalysisError
from kernel.nl import clause
from kernel.progress import as_progress

from mapping.report.context import COMPARE, last_complete, month_text, report_data, spans


def _theme(history, chosen) -> str | None:
    """The report's theme in words where no category was asked: the counts' chosen one, or the one category of
    the incidents (to find the matching category of the reference set)."""
    if chosen is not None:
        return None if chosen.category == "alle" else str(chosen.category)
    if "category" in history:
        values = history["category"].dropna().astype(str).unique()
        return str(values[0]) if len(values) == 1 else None
    return None


def _say_choice(notes: list, sentence: str) -> None:
    """Put the sentence of the counts' category choice (with its reason) in place of the hot spots' own."""
    mine = [i for i, n in enumerate(notes) if n.startswith("Tellingen: categorie") or n.startswith("Tellingen: alle")]
    if mine:
        notes[mine[0]] = sentence
    else:
        notes.insert(0, sentence)


def run_report(areas, incidents=None, counts=None, *, out, gemeente=None, category=None, start=None, end=None,
               period=None, compare_with: str = "previous-year", suppress_below=None, secondary: str = "cel",
               boundaries=None, title=None, source=None, sources=(), input_files=(), plan=None, reference=None,
               spacetime=("emerging", "nearrepeat", "stable"), level=None, subset=None, progress=None,
               cancelled=None) -> dict:
    """Write the report (see the module docstring); returns ``{"path", "period", "period_text", ...}``.

    ``reference``: a reference set (:class:`importers.referenceset.ReferenceSet`); with it the report
    compares the gemeente with others and says what residents say (:mod:`mapping.report.comparison`).
    ``spacetime``: which space-time sections to add where the data allow ("emerging", "nearrepeat", "stable"; empty: none;
    :mod:`mapping.report.spacetime`).
    ``level`` (buurt, wijk, gemeente) and ``subset`` ("alleen dinsdag 20:00-21:00") say what the caller chose: the
    areas at that level and the part of the incidents are already in the inputs; the title page and the captions
    say them.
    """
    from hotspots.categories import choose_counts_category, select_category
    from hotspots.inputs import Inputs, Selection
    from hotspots.params import all_methods
    from hotspots.run import run_analysis
    from kernel.cbs import gemeente_mask
    from kernel.schema import check_areas
    from mapping.disclosure import PrivacyRules
    from mapping.files import check_target, refuse_inputs
    from mapping.meta import ReportMeta
    from mapping.outputs import method_line, with_run
    from mapping.protect import protect_run
    from mapping.report import ReportContext, write_report
    from mapping.simplify import prefetching

    p = as_progress(progress, cancelled)
    out = check_target(out)
    refuse_inputs([out], input_files)
    if Path(out).suffix.lower() not in (".pdf", ".docx"):
        raise AnalysisError(f"Geef --out als .pdf of .docx, niet '{Path(out).name}'.")
    if compare_with not in COMPARE:
        raise AnalysisError(f"--compare-with is {' of '.join(COMPARE)}, niet '{compare_with}'.")
    if (incidents is None) == (counts is None):
        raise AnalysisError("Geef incidenten óf tellingen (één van beide).")
    privacy = PrivacyRules(suppress_below=suppress_below, secondary=secondary)
    areas = check_areas(areas)
    if gemeente:
        mask = gemeente_mask(areas, gemeente) if "gemeente_code" in areas else None
        if mask is None or not mask.any():
            raise AnalysisError(f"Geen gebieden van gemeente {gemeente} in de gebiedenlaag.")
        areas = areas[mask]
    if "water" in areas:
        areas = areas[~areas["water"].fillna(False).astype(bool)]
    areas = areas.reset_index(drop=True)
    with prefetching(areas):  # the print map's simplified boundaries, on the other core while the analyses run
        kind = "incidents" if incidents is not None else "counts"
        history = incidents if incidents is not None else counts
        chosen = None
        if kind == "counts":  # one category of police counts, never a sum over overlapping ones (the total by default)
            choice = choose_counts_category(history, category)
            history, chosen = choice.counts.reset_index(drop=True), choice
        elif category:
            col = "category" if "category" in history else None
            if col is None:
                raise AnalysisError("De gegevens hebben geen categorie; laat --category weg.")
            mask, match = select_category(history[col], category)
            if match.unknown:
                raise AnalysisError(match.message())
            history = history[mask].reset_index(drop=True)
        months, ends = spans(history, kind)  # a count's first and last month (a yearly figure: its whole year)
        if len(history) and not months.notna().any():  # no dates at all: no period, no month to name
            raise AnalysisError(f"Geen van de {len(history)} incidenten heeft een datum, dus er is geen periode om "
                                "over te rapporteren: het rapport gaat over maanden en vergelijkt met vorig jaar.",
                                hint="de hot spots zonder periode geven wijkbeeld analyse en wijkbeeld hotspots",
                                advice="hotspots_without_period")  # the window says its own menus (desktop.errors)
        if period:
            if kind == "incidents":
                first, last = last_complete(history["start"], period)
            else:
                stamps = ends.dropna().map(lambda m: m.end_time)
                first, last = last_complete(pd.Series(stamps), period)
        else:
            first = str(pd.Period(start, "M")) if start else str(months.min())
            last = str(pd.Period(end, "M")) if end else str(ends.max())
        if pd.Period(first, "M") > pd.Period(last, "M"):
            raise AnalysisError(f"De periode loopt van {first} tot {last}: het begin ligt na het eind.")
        in_period = ((months >= pd.Period(first, "M")) & (ends <= pd.Period(last, "M"))).to_numpy()
        if not in_period.any():
            raise AnalysisError(f"Geen incidenten of tellingen in {month_text(first, last)}; de gegevens beslaan "
                                f"{month_text(str(months.min()), str(ends.max()))}.")
        up_to_end = (ends <= pd.Period(last, "M")).to_numpy()
        label = category or None
        selection = Selection(label=label, category=category, period=(first, last), gemeente=gemeente)
        frame = history[in_period].reset_index(drop=True)
        inputs = Inputs(areas=areas, outlines=boundaries, selection=selection,
                        **({"incidents": frame} if kind == "incidents" else {"counts": frame}))
        p(0.0, "Analyse van de periode")
        alle = chosen is not None and chosen.category == "alle"
        run = run_analysis(inputs, {"hotspots": {"category": "alle"}} if alle else None, parts=("hotspots", "hottimes"),
                           progress=p.slice(0.0, 0.4))
        if chosen is not None and chosen.sentence:  # the choice was made on the whole history: its reason is the one
            _say_choice(run.hotspots.notes, chosen.sentence)
        p(0.4, "Trends over de hele reeks")
        past = history[up_to_end].reset_index(drop=True)
        hist_inputs = Inputs(areas=areas, **({"incidents": past} if kind == "incidents" else {"counts": past}))
        try:
            run.trends = all_methods()["trends"].run(hist_inputs, None, progress=p.slice(0.4, 0.6))
            run.skipped.pop("trends", None)
        except AnalysisError as exc:
            run.skipped["trends"] = f"niet uitgevoerd: {clause(exc.message)}"
        located = hist_inputs.located() if kind == "incidents" else past
        comparison = None
        if reference is not None:
            from mapping.report.comparison import report_comparison

            p(0.6, "Vergelijken met andere gemeenten")
            comparison = report_comparison(reference, areas, wijken=boundaries, gemeente=gemeente,
                                           theme=category or _theme(history, chosen),
                                           end_year=pd.Period(last, "M").year, progress=p.slice(0.6, 0.7),
                                           **({"incidents": past} if kind == "incidents" else {"counts": past}))
        spacetime_result = None
        if spacetime:
            from mapping.report.spacetime import report_spacetime

            p(0.7, "Ruimte en tijd")
            data_end = pd.to_datetime(history["start"], errors="coerce").max() if kind == "incidents" else None
            spacetime_result = report_spacetime(areas, last=last, data_end=data_end, include=tuple(spacetime),
                                                progress=p.slice(0.7, 0.85),
                                                **({"incidents": past} if kind == "incidents" else {"counts": past}))
            run.skipped.update(spacetime_result.skipped)
        prot = protect_run(run, privacy)
        meta = with_run(ReportMeta(title=title or (f"Veiligheidsbeeld {category}" if category else "Veiligheidsbeeld"),
                                   period=month_text(first, last) + (f", {subset}" if subset else ""),
                                   source=source, theme=label,
                                   method=method_line(run.hotspots), privacy=privacy), run, prot)
        data = report_data(located, areas, (first, last), kind=kind)
        ctx = ReportContext(run=run, prot=prot, meta=meta, data=data, plan=plan, sources=list(sources),
                            compare_with=compare_with, boundaries=boundaries, comparison=comparison,
                            spacetime=spacetime_result, level=level, subset=subset or "",
                            areas_name={"wijk": "wijken", "gemeente": "gemeenten"}.get(level, "buurten"))
        p(0.85, "Rapport schrijven")
        path = write_report(ctx, out, input_files=input_files)
        p(1.0, "Klaar")
        return {"path": str(path), "period": [first, last], "period_text": month_text(first, last),
                "incidents_in_period": prot.total("counted", float(run.hotspots.areas["count"].sum())),
                "hotspots": int((pd.to_numeric(prot.published_areas(run.hotspots.areas).get("gi_class"),
                                               errors="coerce") > 0).sum()) if "gi_class" in run.hotspots.areas else 0}

