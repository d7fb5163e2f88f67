"""The declaration of hot times (light: no pandas, no scipy; see :mod:`hotspots.params`).

:data:`HOTTIMES` is run by :func:`hotspots.when.hottimes.run`.
"""
from __future__ import annotations

from hotspots.params import Method, Param, register

HOTTIMES = register(Method(
    "hottimes", "Hot times", "Welke uren van de week zijn heet: week-uurmatrix, toets en tijdblokken.",
    (
        Param("aoristic", True, "Aoristisch wegen",
              "Spreid elk incident over de uren tussen begin- en eindtijd (Ratcliffe 2002); "
              "uit: tel alleen het uur van de begintijd.", cli="--aoristic"),
        Param("alpha", 0.05, "Significantieniveau", "Een uur is heet bij p (na FDR) hoogstens deze waarde.",
              minimum=0.0001, maximum=0.5),
        Param("fdr", True, "FDR-correctie", "Benjamini-Hochberg-correctie over de 168 uren."),
        Param("statistic", "chi2", "Toets voor de hele matrix", "Chi-kwadraat (Pearson) of G-toets.",
              choices=("chi2", "g"), choice_labels=("Chi-kwadraat", "G-toets")),
        Param("simulations", 9999, "Simulaties", "Aantal Monte-Carlo-trekkingen bij kleine aantallen.",
              minimum=99, maximum=999999),
        Param("seed", 12345, "Startgetal", "Startgetal van de toevalsgenerator (herhaalbaar).", minimum=0),
        Param("category", None, "Categorie", "Alleen incidenten van deze categorie.", optional=True),
        Param("area", None, "Gebied", "Alleen incidenten in dit gebied (code).", optional=True, metavar="CODE"),
        Param("baseline", "uniform", "Verwachting", "Gelijk over de week (gelijk) of het patroon van alle "
              "categorieën in hetzelfde gebied (alle; met een categorie).", choices=("uniform", "all"),
              choice_labels=("Gelijk over de week", "Patroon van alle categorieën"),
              words=(("uniform", "gelijk"), ("all", "alle"))),
    ),
    outputs={"matrix": "week-uurmatrix", "hot_blocks": "hete tijdblokken", "signature": "tijdsignatuur"},
    reference="Ratcliffe (2002); Benjamini & Hochberg (1995)",
    runner="hotspots.when.hottimes:run", group="when"))
