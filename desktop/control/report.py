"""Rapport maken: the report (PDF or Word) of the window's project, category, period and areas.

The report is what ``wijkbeeld rapport`` writes (:func:`mapping.report.make.run_report`, called by
:func:`desktop.tasks.make_report` in the worker process), on the choices the window shows: the project's
incidents (or its police counts), the data panel's period and category, the project's areas and wijken at the
window's level (Gemeente/Wijk/Buurt), a chart click's filter ("alleen dinsdag 20:00-21:00"), and the data panel's
sources, theme and division where they are not the project's first (the chosen incident sources as one series,
as Vergelijking and Ruimte en tijd take them; :func:`desktop.choice.chosen_series`),
and the project's privacy rule (the threshold and the method against recalculation that every export uses).
Progress and Afbreken go through the status bar like every other runner; the path written is said there.
"""
from __future__ import annotations

from desktop import choice as chosen_data
from desktop import overview, tasks
from desktop.control.base import FileWriter
from desktop.report_sources import sources_of
from desktop.strings import tr
from kernel.errors import AnalysisError


class ReportController(FileWriter):
    """Writes the report on its runner (always in the worker process: it runs the analyses and draws charts);
    ``written(str)``: the path."""

    said = "status.report_written"

    def __init__(self, chosen, session, parent=None):
        super().__init__(chosen, session, parent, title=tr("work.report"), process="always")

    def request(self, out, rules) -> dict:
        """The arguments of :func:`desktop.tasks.make_report` for the window's current choices; ``rules`` is the
        project's :class:`mapping.disclosure.PrivacyRules`. Incidents where the project has them (as the
        analysis), else its police counts (one category: the one chosen, the total by default); the Inzet tab's
        last plan, when one was made, as the report's BOA-inzet section."""
        p = self.session.project
        if p.areas is None or (p.incidents is None and p.counts is None):
            raise AnalysisError(tr("report.need_data"))
        f = self.chosen.filters
        category = f.get("category")
        words = overview.count_categories(p)[0].get(category, category)  # police counts: "1.2.3 Diefstal van ..."
        custom = chosen_data.custom_choice(p, self.chosen)
        choice = {}
        if custom is not None:  # other sources, a theme or another division: selected in the worker, as the views do
            choice = {"project": chosen_data.worker_project(p, custom), "choice": custom}
            if custom.theme:  # the theme selects the categories; the report is named after it
                category, words = None, custom.theme
        return {"areas": p.areas, "incidents": p.incidents, "counts": p.counts if p.incidents is None else None,
                "out": str(out), "category": category, "start": f.get("start"), "end": f.get("end"),
                "suppress_below": rules.suppress_below, "secondary": rules.secondary, "boundaries": p.outlines,
                "title": f"Veiligheidsbeeld {words}" if words else None, "sources": sources_of(p),
                "reference_folder": self.reference_folder(), "plan": self.session.plan,
                "level": self.chosen.level, "when": f.get("when"), **choice}

    def reference_folder(self) -> str:
        """The folder of the reference set the Vergelijking tab uses (decided here, not in the worker, which may
        have started under another data folder)."""
        comparison = getattr(self.parent(), "comparison", None)
        if comparison is not None:
            return comparison.reference_folder()
        from kernel.paths import reference_dir

        return str(reference_dir())

    def make(self, out, rules, summary: str = "") -> None:
        """Start writing the report to ``out`` (.pdf or .docx); the path follows in the status bar."""
        self.start_writing(tasks.make_report, summary=summary, **self.request(out, rules))
